// Package analyze turns raw parse trees into analyzed statements: names
// resolved against the catalog, types assigned, operators and functions
// chosen, constants coerced, aggregates collected (PG: parser/analyze.c and
// parse_*.c). Its output, a nodes.Query or a utility statement, is what the
// optimizer and the session consume.
package analyze

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/loomdb/loomdb/internal/catalog"
	"github.com/loomdb/loomdb/internal/funcs"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/parser"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

// Catalog is what the analyzer needs to resolve names.
type Catalog interface {
	// LookupRelation finds a table by optional schema and name, honouring
	// search_path; it returns a 42P01 error when there is none.
	LookupRelation(schema, name string) (*catalog.Relation, error)
}

// Env is the context a statement is analyzed in.
type Env struct {
	Catalog Catalog
	// ParamTypes are the types of $1..$n given by the client (InvalidOid or
	// missing entries are inferred).
	ParamTypes []types.Oid
	// NoParams rejects $n references, as a simple Query message does.
	NoParams bool
	// TimeZone is the session's TimeZone, which literals of type
	// timestamptz without a zone are read in (nil: UTC).
	TimeZone *time.Location
	// PreparedParams returns the parameter types of a prepared statement
	// (SQL EXECUTE), false when there is none by that name.
	PreparedParams func(name string) ([]types.Oid, bool)
	// expanding lists the views whose definitions are being expanded,
	// outermost first (see viewQuery).
	expanding []types.Oid
	// stars, while CREATE VIEW analyzes its query, holds what each * of
	// a select list stands for (see noteStar).
	stars map[*pg_query.ColumnRef][]*pg_query.Node
	// renaming, while a view's definition is rewritten for a rename,
	// collects the references to the renamed relation or column.
	renaming *viewRename
}

// Analyze converts one raw statement.
func Analyze(raw parser.RawStmt, env *Env) (nodes.Stmt, []types.Oid, error) {
	a := &analyzer{env: env, sql: raw.Full, offset: raw.Offset}
	for _, t := range env.ParamTypes {
		a.params = append(a.params, types.T{Oid: t, Typmod: -1})
	}
	st, err := a.stmt(raw.Node)
	if err != nil {
		return nil, nil, err
	}
	ptypes := make([]types.Oid, len(a.params))
	for i, p := range a.params {
		if p.Oid == types.InvalidOid || p.Oid == types.UnknownOid {
			p.Oid = types.TextOid
		}
		ptypes[i] = p.Oid
	}
	if q, ok := st.(*nodes.Query); ok {
		q.NumParams = len(ptypes)
		q.ParamTypes = make([]types.T, len(ptypes))
		for i, p := range ptypes {
			q.ParamTypes[i] = types.T{Oid: p, Typmod: -1}
		}
	}
	return st, ptypes, nil
}

type analyzer struct {
	env    *Env
	sql    string
	offset int
	params []types.T
	// keepUnknowns leaves a select list's untyped literals unknown for the
	// caller to resolve (INSERT ... SELECT).
	keepUnknowns bool
	// ctes are the WITH queries in scope, innermost last.
	ctes []*cteDef
	// nested marks the analyzer of a query inside the statement's
	// top-level query, where WITH may not hold data-modifying statements
	// (PG: a ParseState with a parentParseState).
	nested bool
	// windows are the window function calls of the query level being
	// analyzed whose OVER clauses are still to be resolved.
	windows []pendingWindow
	// from holds the current query's top-level FROM items.
	from []fromItem
	// parent is the enclosing query's analyzer for a subquery in an
	// expression, whose columns the subquery may reference.
	parent *analyzer
	// parentQuery is the enclosing query itself, and parentScope the
	// clause of it the subquery is in.
	parentQuery *nodes.Query
	parentScope *scope
	// depth is the query level's depth in the statement: 0 at the top,
	// one more in each subquery (set-operation arms are their query's
	// level).
	depth int
	// joinNames are the aliases of joins in FROM (PG: a join RTE with an
	// alias, or a USING clause's alias), and hiddenRels the range-table
	// entries an aliased join hides from the rest of the query.
	joinNames  []joinName
	hiddenRels map[int]bool
	// groupingFuncs are the GROUPING() calls of each query level, whose
	// arguments are resolved once its GROUP BY is known.
	groupingFuncs map[*nodes.Query][]*nodes.GroupingFunc
	// fromStart is where the FROM clause being analyzed begins in from:
	// the entries before it (an UPDATE's or DELETE's target) are not
	// visible to its LATERAL references. joinLefts are the left sides of
	// the joins whose right side is being analyzed.
	fromStart int
	joinLefts []lateralItem
	// fromSubquery marks the analyzer of a subquery in FROM, whose parent
	// is the query owning that FROM clause; lateral says it was written
	// LATERAL and may refer to the FROM items before it.
	fromSubquery, lateral bool
	// wholeRows are the query level's whole-row references.
	wholeRows []wholeRowUse
}

// pos converts a parse-tree location (byte offset in the full string) to a
// PG error position (1-based character index).
func (a *analyzer) pos(loc int32) int {
	if loc < 0 {
		return 0
	}
	if int(loc) <= len(a.sql) {
		return utf8.RuneCountInString(a.sql[:loc]) + 1
	}
	return int(loc) + 1
}

func (a *analyzer) stmt(n *pg_query.Node) (nodes.Stmt, error) {
	switch {
	case n.GetSelectStmt() != nil:
		return a.selectStmt(n.GetSelectStmt())
	case n.GetInsertStmt() != nil:
		return a.insertStmt(n.GetInsertStmt())
	case n.GetUpdateStmt() != nil:
		return a.updateStmt(n.GetUpdateStmt())
	case n.GetDeleteStmt() != nil:
		return a.deleteStmt(n.GetDeleteStmt())
	case n.GetCreateStmt() != nil:
		return a.createStmt(n.GetCreateStmt())
	case n.GetCreateTableAsStmt() != nil:
		return a.createTableAsStmt(n.GetCreateTableAsStmt())
	case n.GetTruncateStmt() != nil:
		// CASCADE has nothing to follow: there are no foreign keys.
		t := n.GetTruncateStmt()
		out := &nodes.TruncateStmt{RestartIdentity: t.RestartSeqs, Cascade: t.Behavior == pg_query.DropBehavior_DROP_CASCADE}
		for _, r := range t.Relations {
			rv := r.GetRangeVar()
			out.Names = append(out.Names, [2]string{rv.Schemaname, rv.Relname})
		}
		return out, nil
	case n.GetPrepareStmt() != nil:
		return a.prepareStmt(n.GetPrepareStmt())
	case n.GetExecuteStmt() != nil:
		return a.executeStmt(n.GetExecuteStmt())
	case n.GetDeallocateStmt() != nil:
		d := n.GetDeallocateStmt()
		return &nodes.DeallocateStmt{Name: d.Name, All: d.Isall}, nil
	case n.GetDropStmt() != nil:
		return a.dropStmt(n.GetDropStmt())
	case n.GetTransactionStmt() != nil:
		return a.transactionStmt(n.GetTransactionStmt())
	case n.GetVariableSetStmt() != nil:
		return a.setStmt(n.GetVariableSetStmt())
	case n.GetVariableShowStmt() != nil:
		return &nodes.VariableShowStmt{Name: strings.ToLower(n.GetVariableShowStmt().Name)}, nil
	case n.GetExplainStmt() != nil:
		return a.explainStmt(n.GetExplainStmt())
	case n.GetCopyStmt() != nil:
		return a.copyStmt(n.GetCopyStmt())
	case n.GetVacuumStmt() != nil:
		return a.vacuumStmt(n.GetVacuumStmt())
	case n.GetIndexStmt() != nil:
		return a.indexStmt(n.GetIndexStmt())
	case n.GetCheckPointStmt() != nil:
		return &nodes.CheckPointStmt{}, nil
	case n.GetViewStmt() != nil:
		return a.viewStmt(n.GetViewStmt())
	case n.GetAlterTableStmt() != nil:
		return a.alterTableStmt(n.GetAlterTableStmt())
	case n.GetRenameStmt() != nil:
		return a.renameStmt(n.GetRenameStmt())
	case n.GetCreateSeqStmt() != nil:
		return a.createSeqStmt(n.GetCreateSeqStmt())
	case n.GetCreateRoleStmt() != nil:
		return a.createRoleStmt(n.GetCreateRoleStmt())
	case n.GetAlterRoleStmt() != nil:
		return a.alterRoleStmt(n.GetAlterRoleStmt())
	case n.GetDropRoleStmt() != nil:
		return a.dropRoleStmt(n.GetDropRoleStmt())
	case n.GetGrantStmt() != nil:
		return a.grantStmt(n.GetGrantStmt())
	case n.GetAlterSeqStmt() != nil:
		return a.alterSeqStmt(n.GetAlterSeqStmt())
	}
	return nil, pgerror.Unsupported("statement type %s is not supported", stmtName(n))
}

func stmtName(n *pg_query.Node) string {
	s := fmt.Sprintf("%T", n.Node)
	s = strings.TrimPrefix(s, "*pg_query.Node_")
	return s
}

func strVal(n *pg_query.Node) string {
	if s := n.GetString_(); s != nil {
		return s.Sval
	}
	return ""
}

func (a *analyzer) transactionStmt(s *pg_query.TransactionStmt) (nodes.Stmt, error) {
	t := &nodes.TransactionStmt{}
	switch s.Kind {
	case pg_query.TransactionStmtKind_TRANS_STMT_BEGIN, pg_query.TransactionStmtKind_TRANS_STMT_START:
		t.Kind = nodes.TransBegin
		t.Start = s.Kind == pg_query.TransactionStmtKind_TRANS_STMT_START
	case pg_query.TransactionStmtKind_TRANS_STMT_COMMIT:
		t.Kind = nodes.TransCommit
	case pg_query.TransactionStmtKind_TRANS_STMT_ROLLBACK:
		t.Kind = nodes.TransRollback
	case pg_query.TransactionStmtKind_TRANS_STMT_SAVEPOINT:
		t.Kind, t.Savepoint = nodes.TransSavepoint, s.SavepointName
	case pg_query.TransactionStmtKind_TRANS_STMT_RELEASE:
		t.Kind, t.Savepoint = nodes.TransRelease, s.SavepointName
	case pg_query.TransactionStmtKind_TRANS_STMT_ROLLBACK_TO:
		t.Kind, t.Savepoint = nodes.TransRollbackTo, s.SavepointName
	default:
		return nil, pgerror.Unsupported("%s is not supported", strings.TrimPrefix(s.Kind.String(), "TRANS_STMT_"))
	}
	for _, o := range s.Options {
		d := o.GetDefElem()
		if d == nil {
			continue
		}
		switch d.Defname {
		case "transaction_isolation":
			if c := d.Arg.GetAConst(); c != nil {
				t.Isolation = c.GetSval().GetSval()
			}
		case "transaction_read_only":
			if c := d.Arg.GetAConst(); c != nil {
				v := c.GetIval().GetIval() != 0
				t.ReadOnly = &v
			}
		}
	}
	return t, nil
}

func (a *analyzer) setStmt(s *pg_query.VariableSetStmt) (nodes.Stmt, error) {
	v := &nodes.VariableSetStmt{Name: strings.ToLower(s.Name), Local: s.IsLocal}
	switch s.Kind {
	case pg_query.VariableSetKind_VAR_SET_VALUE:
		var parts []string
		for _, arg := range s.Args {
			c := arg.GetAConst()
			if c == nil {
				if tc := arg.GetTypeCast(); tc != nil && tc.Arg.GetAConst() != nil {
					c = tc.Arg.GetAConst()
				} else {
					return nil, pgerror.New(pgerror.SyntaxError, "SET value must be a constant")
				}
			}
			parts = append(parts, constText(c))
		}
		v.Value = strings.Join(parts, ", ")
	case pg_query.VariableSetKind_VAR_SET_DEFAULT, pg_query.VariableSetKind_VAR_RESET:
		v.Reset = true
		v.Default = s.Kind == pg_query.VariableSetKind_VAR_SET_DEFAULT
	case pg_query.VariableSetKind_VAR_RESET_ALL:
		v.ResetAll = true
	case pg_query.VariableSetKind_VAR_SET_MULTI:
		// SET TRANSACTION ... / SET SESSION CHARACTERISTICS.
		if s.Name == "TRANSACTION" || s.Name == "SESSION CHARACTERISTICS" {
			for _, arg := range s.Args {
				d := arg.GetDefElem()
				if d != nil && d.Defname == "transaction_isolation" {
					name := "transaction_isolation"
					if s.Name != "TRANSACTION" {
						name = "default_transaction_isolation"
					}
					return &nodes.VariableSetStmt{Name: name, Value: d.Arg.GetAConst().GetSval().GetSval()}, nil
				}
				if d != nil && d.Defname == "transaction_read_only" {
					name := "transaction_read_only"
					if s.Name != "TRANSACTION" {
						name = "default_transaction_read_only"
					}
					val := "off"
					if d.Arg.GetAConst().GetIval().GetIval() != 0 {
						val = "on"
					}
					return &nodes.VariableSetStmt{Name: name, Value: val}, nil
				}
			}
		}
		return nil, pgerror.Unsupported("SET %s is not supported", s.Name)
	default:
		return nil, pgerror.Unsupported("SET form is not supported")
	}
	switch v.Name {
	case "timezone", "time zone":
		v.Name = "timezone"
	case "names":
		v.Name = "client_encoding"
	case "session authorization", "role":
		return nil, pgerror.Unsupported("SET %s is not supported", strings.ToUpper(v.Name))
	}
	return v, nil
}

func constText(c *pg_query.A_Const) string {
	switch v := c.Val.(type) {
	case *pg_query.A_Const_Ival:
		return fmt.Sprint(v.Ival.Ival)
	case *pg_query.A_Const_Fval:
		return v.Fval.Fval
	case *pg_query.A_Const_Sval:
		return v.Sval.Sval
	case *pg_query.A_Const_Boolval:
		if v.Boolval.Boolval {
			return "on"
		}
		return "off"
	}
	return ""
}

func (a *analyzer) createStmt(s *pg_query.CreateStmt) (nodes.Stmt, error) {
	if s.Partspec != nil || s.Partbound != nil || len(s.InhRelations) > 0 || s.OfTypename != nil {
		return nil, pgerror.Unsupported("partitioned and inherited tables are not supported yet")
	}
	if s.Relation.Relpersistence == "t" {
		return nil, pgerror.Unsupported("temporary tables are not supported yet")
	}
	ct := &nodes.CreateTableStmt{Schema: s.Relation.Schemaname, Name: s.Relation.Relname, IfNotExists: s.IfNotExists}
	seen := map[string]bool{}
	// keys are the PRIMARY KEY and UNIQUE constraints, by column names.
	type key struct {
		primary bool
		name    string
		cols    []string
		loc     int32
	}
	var keys []key
	var checks []*pg_query.Constraint
	addKey := func(c *pg_query.Constraint, cols []string) error {
		if c.Indexname != "" || c.Indexspace != "" || len(c.Including) > 0 || len(c.Options) > 0 || c.NullsNotDistinct {
			return pgerror.Unsupported("this form of %s constraint is not supported yet", map[bool]string{true: "PRIMARY KEY", false: "UNIQUE"}[c.Contype == pg_query.ConstrType_CONSTR_PRIMARY])
		}
		k := key{primary: c.Contype == pg_query.ConstrType_CONSTR_PRIMARY, name: c.Conname, cols: cols, loc: c.Location}
		if k.primary {
			for _, o := range keys {
				if o.primary {
					return pgerror.Newf(pgerror.InvalidTableDefinition, "multiple primary keys for table \"%s\" are not allowed", s.Relation.Relname).WithPosition(a.pos(c.Location))
				}
			}
		}
		keys = append(keys, k)
		return nil
	}
	for _, elt := range s.TableElts {
		cd := elt.GetColumnDef()
		if cd == nil {
			if c := elt.GetConstraint(); c != nil {
				if c.Contype == pg_query.ConstrType_CONSTR_CHECK {
					checks = append(checks, c)
					continue
				}
				if c.Contype == pg_query.ConstrType_CONSTR_FOREIGN {
					fk, err := a.foreignKeyDef(c, "")
					if err != nil {
						return nil, err
					}
					ct.ForeignKeys = append(ct.ForeignKeys, fk)
					continue
				}
				if c.Contype != pg_query.ConstrType_CONSTR_PRIMARY && c.Contype != pg_query.ConstrType_CONSTR_UNIQUE {
					return nil, pgerror.Unsupported("table constraint %s is not supported yet", strings.TrimPrefix(c.Contype.String(), "CONSTR_"))
				}
				var cols []string
				for _, k := range c.Keys {
					cols = append(cols, strVal(k))
				}
				if err := addKey(c, cols); err != nil {
					return nil, err
				}
				continue
			}
			return nil, pgerror.Unsupported("LIKE clauses are not supported yet")
		}
		if seen[cd.Colname] {
			return nil, pgerror.Newf(pgerror.DuplicateColumn, "column \"%s\" specified more than once", cd.Colname)
		}
		seen[cd.Colname] = true
		t, serial := serialType(cd.TypeName)
		var err error
		if !serial {
			if t, err = a.typeName(cd.TypeName); err != nil {
				return nil, err
			}
		}
		if err := checkColumnType(cd.Colname, t); err != nil {
			return nil, err
		}
		col := nodes.ColumnDef{Name: cd.Colname, Type: t, NotNull: cd.IsNotNull || serial}
		if cd.CollClause != nil {
			if col.Collation, err = columnCollation(cd.CollClause, t, a); err != nil {
				return nil, err
			}
		}
		if serial {
			col.Sequence = &nodes.CreateSeqStmt{Options: nodes.SeqOptions{Type: &t}}
		}
		for _, cn := range cd.Constraints {
			c := cn.GetConstraint()
			switch c.Contype {
			case pg_query.ConstrType_CONSTR_NOTNULL:
				col.NotNull = true
			case pg_query.ConstrType_CONSTR_NULL:
			case pg_query.ConstrType_CONSTR_PRIMARY, pg_query.ConstrType_CONSTR_UNIQUE:
				if err := addKey(c, []string{cd.Colname}); err != nil {
					return nil, err
				}
			case pg_query.ConstrType_CONSTR_DEFAULT:
				if col.Default != "" || serial {
					return nil, pgerror.Newf(pgerror.SyntaxError, "multiple default values specified for column \"%s\" of table \"%s\"", cd.Colname, s.Relation.Relname).WithPosition(a.pos(c.Location))
				}
				if col.Identity != 0 {
					return nil, pgerror.Newf(pgerror.SyntaxError, "both default and identity specified for column \"%s\" of table \"%s\"", cd.Colname, s.Relation.Relname).WithPosition(a.pos(c.Location))
				}
				if col.Default, err = a.defaultText(c.RawExpr, cd.Colname, t); err != nil {
					return nil, err
				}
			case pg_query.ConstrType_CONSTR_CHECK:
				checks = append(checks, c)
			case pg_query.ConstrType_CONSTR_FOREIGN:
				fk, err := a.foreignKeyDef(c, cd.Colname)
				if err != nil {
					return nil, err
				}
				ct.ForeignKeys = append(ct.ForeignKeys, fk)
			case pg_query.ConstrType_CONSTR_IDENTITY:
				if col.Identity != 0 {
					return nil, pgerror.Newf(pgerror.SyntaxError, "multiple identity specifications for column \"%s\" of table \"%s\"", cd.Colname, s.Relation.Relname).WithPosition(a.pos(c.Location))
				}
				if col.Default != "" || serial {
					return nil, pgerror.Newf(pgerror.SyntaxError, "both default and identity specified for column \"%s\" of table \"%s\"", cd.Colname, s.Relation.Relname).WithPosition(a.pos(c.Location))
				}
				if t.Oid != types.Int2Oid && t.Oid != types.Int4Oid && t.Oid != types.Int8Oid {
					return nil, pgerror.Newf(pgerror.InvalidParameterValue, "identity column type must be smallint, integer, or bigint")
				}
				opts, err := a.seqOptions(c.Options, true)
				if err != nil {
					return nil, err
				}
				if opts.Type != nil {
					return nil, pgerror.New(pgerror.SyntaxError, "AS type is not allowed for identity column sequences")
				}
				opts.Type = &t
				col.Identity = c.GeneratedWhen[0]
				col.NotNull = true
				col.Sequence = &nodes.CreateSeqStmt{Options: opts}
				if len(opts.Name) > 0 {
					col.Sequence.Name = opts.Name[len(opts.Name)-1]
					if len(opts.Name) > 1 {
						col.Sequence.Schema = opts.Name[len(opts.Name)-2]
					}
				}
			default:
				return nil, pgerror.Unsupported("column constraint %s is not supported yet", strings.TrimPrefix(c.Contype.String(), "CONSTR_"))
			}
		}
		ct.Columns = append(ct.Columns, col)
	}
	if len(ct.Columns) > 1600 {
		return nil, pgerror.New(pgerror.TooManyColumns, "tables can have at most 1600 columns")
	}
	if len(checks) > 0 {
		rel := &catalog.Relation{Name: ct.Name}
		for i, col := range ct.Columns {
			rel.Columns = append(rel.Columns, catalog.Column{Name: col.Name, AttNum: i + 1, Type: col.Type})
		}
		for _, c := range checks {
			def, err := a.checkDef(c, rel)
			if err != nil {
				return nil, err
			}
			ct.Checks = append(ct.Checks, def)
		}
	}
	for _, k := range keys {
		ix := &nodes.IndexStmt{Name: k.name, RelName: ct.Name, Unique: true, Primary: k.primary, Constraint: true}
		for _, cn := range k.cols {
			i := slices.IndexFunc(ct.Columns, func(c nodes.ColumnDef) bool { return c.Name == cn })
			if i < 0 {
				return nil, pgerror.Newf(pgerror.UndefinedColumn, "column \"%s\" named in key does not exist", cn).WithPosition(a.pos(k.loc))
			}
			if k.primary {
				ct.Columns[i].NotNull = true
			}
			ix.Columns = append(ix.Columns, nodes.IndexColumn{AttNum: i + 1, Name: cn})
		}
		if ix.Name == "" {
			// PG: ChooseRelationName with ChooseIndexColumnNames.
			if k.primary {
				ix.Name = ct.Name + "_pkey"
			} else {
				ix.Name = ct.Name + "_" + strings.Join(k.cols, "_") + "_key"
			}
		}
		ct.Indexes = append(ct.Indexes, ix)
	}
	return ct, nil
}

func (a *analyzer) dropStmt(s *pg_query.DropStmt) (nodes.Stmt, error) {
	d := &nodes.DropTableStmt{MissingOk: s.MissingOk, Cascade: s.Behavior == pg_query.DropBehavior_DROP_CASCADE}
	switch s.RemoveType {
	case pg_query.ObjectType_OBJECT_TABLE:
		d.Kind = 'r'
	case pg_query.ObjectType_OBJECT_VIEW:
		d.Kind = 'v'
	case pg_query.ObjectType_OBJECT_SEQUENCE:
		d.Kind = 'S'
	default:
		return nil, pgerror.Unsupported("DROP %s is not supported", strings.TrimPrefix(s.RemoveType.String(), "OBJECT_"))
	}
	for _, o := range s.Objects {
		l := o.GetList()
		var names []string
		for _, it := range l.Items {
			names = append(names, strVal(it))
		}
		switch len(names) {
		case 1:
			d.Names = append(d.Names, [2]string{"", names[0]})
		case 2:
			d.Names = append(d.Names, [2]string{names[0], names[1]})
		default:
			return nil, pgerror.Unsupported("cross-database references are not implemented: %s", strings.Join(names, "."))
		}
	}
	return d, nil
}

func defBool(d *pg_query.DefElem) (bool, error) {
	if d.Arg == nil {
		return true, nil
	}
	s := ""
	if c := d.Arg.GetAConst(); c != nil {
		s = constText(c)
	} else {
		s = strVal(d.Arg)
	}
	switch strings.ToLower(s) {
	case "true", "on", "1", "yes":
		return true, nil
	case "false", "off", "0", "no":
		return false, nil
	}
	return false, pgerror.Newf(pgerror.SyntaxError, "%s requires a Boolean value", d.Defname)
}

func (a *analyzer) explainStmt(s *pg_query.ExplainStmt) (nodes.Stmt, error) {
	e := &nodes.ExplainStmt{Costs: true, Format: "text"}
	var timingSet, wal bool
	for _, o := range s.Options {
		d := o.GetDefElem()
		var err error
		switch d.Defname {
		case "analyze":
			e.Analyze, err = defBool(d)
		case "verbose":
			e.Verbose, err = defBool(d)
		case "costs":
			e.Costs, err = defBool(d)
		case "buffers":
			e.Buffers, err = defBool(d)
		case "wal":
			wal, err = defBool(d)
		case "settings":
			e.Settings, err = defBool(d)
		case "timing":
			e.Timing, err = defBool(d)
			timingSet = true
		case "summary":
			e.Summary, err = defBool(d)
			e.SummarySet = true
		case "format":
			// The value is case-sensitive, as in PG: FORMAT JSON is folded
			// by the grammar, FORMAT 'JSON' is not.
			f := strVal(d.Arg)
			switch f {
			case "text", "xml", "json", "yaml":
			default:
				return nil, pgerror.Newf(pgerror.InvalidParameterValue, "unrecognized value for EXPLAIN option \"%s\": \"%s\"", d.Defname, f).WithPosition(a.pos(d.Location))
			}
			e.Format = f
		default:
			return nil, pgerror.Newf(pgerror.SyntaxError, "unrecognized EXPLAIN option \"%s\"", d.Defname).WithPosition(a.pos(d.Location))
		}
		if err != nil {
			return nil, err
		}
	}
	if wal && !e.Analyze {
		return nil, pgerror.Newf(pgerror.InvalidParameterValue, "EXPLAIN option WAL requires ANALYZE")
	}
	if !timingSet {
		e.Timing = e.Analyze
	}
	if e.Timing && !e.Analyze {
		return nil, pgerror.Newf(pgerror.InvalidParameterValue, "EXPLAIN option TIMING requires ANALYZE")
	}
	if !e.SummarySet {
		e.Summary = e.Analyze
	}
	st, err := a.stmt(s.Query)
	if err != nil {
		return nil, err
	}
	q, ok := st.(*nodes.Query)
	if !ok {
		return nil, pgerror.Unsupported("EXPLAIN of this statement is not supported")
	}
	e.Query = q
	return e, nil
}

func (a *analyzer) copyStmt(s *pg_query.CopyStmt) (nodes.Stmt, error) {
	if s.Filename != "" || s.IsProgram {
		if s.IsFrom {
			return nil, pgerror.New(pgerror.InsufficientPrivilege, "COPY FROM a file is not supported; use COPY FROM STDIN (psql's \\copy)")
		}
		return nil, pgerror.New(pgerror.InsufficientPrivilege, "COPY TO a file is not supported; use COPY TO STDOUT (psql's \\copy)")
	}
	if s.WhereClause != nil {
		return nil, pgerror.Unsupported("COPY FROM ... WHERE is not supported yet")
	}
	c := &nodes.CopyStmt{From: s.IsFrom, Format: "text", Delimiter: "\t", Null: `\N`, Quote: `"`}
	if s.Query != nil {
		if err := a.copyQuery(c, s.Query); err != nil {
			return nil, err
		}
		return c, a.copyOptions(c, s)
	}
	rel, err := a.env.Catalog.LookupRelation(s.Relation.Schemaname, s.Relation.Relname)
	if err != nil {
		return nil, err // PG reports no position here
	}
	switch {
	case rel.Kind == 'v' && s.IsFrom:
		return nil, pgerror.Newf(pgerror.WrongObjectType, "cannot copy to view \"%s\"", rel.Name).
			WithHint("To enable copying to a view, provide an INSTEAD OF INSERT trigger.")
	case rel.Kind == 'v':
		return nil, pgerror.Newf(pgerror.WrongObjectType, "cannot copy from view \"%s\"", rel.Name).
			WithHint("Try the COPY (SELECT ...) TO variant.")
	case rel.Kind == 'S' && s.IsFrom:
		return nil, pgerror.Newf(pgerror.WrongObjectType, "cannot copy to sequence \"%s\"", rel.Name)
	case rel.Kind == 'S':
		return nil, pgerror.Newf(pgerror.WrongObjectType, "cannot copy from sequence \"%s\"", rel.Name)
	}
	c.RelOid, c.RelName = rel.Oid, rel.Name
	if len(s.Attlist) == 0 {
		for i := range rel.Columns {
			if !rel.Columns[i].Dropped {
				c.Columns = append(c.Columns, i)
			}
		}
	} else {
		for _, n := range s.Attlist {
			name := strVal(n)
			i := rel.ColumnByName(name)
			if i < 0 {
				return nil, pgerror.Newf(pgerror.UndefinedColumn, "column \"%s\" of relation \"%s\" does not exist", name, rel.Name)
			}
			c.Columns = append(c.Columns, i)
		}
	}
	if !c.From {
		var cols []string
		for _, i := range c.Columns {
			cols = append(cols, funcs.QuoteIdentifier(rel.Columns[i].Name))
			c.Names = append(c.Names, rel.Columns[i].Name)
		}
		c.Query = "SELECT " + strings.Join(cols, ", ") + " FROM " + funcs.QuoteIdentifier(rel.NamespaceName) + "." + funcs.QuoteIdentifier(rel.Name)
	}
	return c, a.copyOptions(c, s)
}

// copyQuery analyzes the query of COPY (query) TO, for its column names
// and errors, and keeps its text.
func (a *analyzer) copyQuery(c *nodes.CopyStmt, n *pg_query.Node) error {
	if n.GetSelectStmt() == nil {
		return pgerror.Unsupported("COPY (%s) TO is not supported yet", stmtName(n))
	}
	// The query is a statement of its own: its WITH may modify tables.
	sub := a.child()
	sub.nested = false
	st, err := sub.selectStmt(n.GetSelectStmt())
	if err != nil {
		return err
	}
	for _, te := range st.(*nodes.Query).TargetList {
		if !te.ResJunk {
			c.Names = append(c.Names, te.Name)
		}
	}
	sql, err := pg_query.Deparse(&pg_query.ParseResult{Version: parseTreeVersion(), Stmts: []*pg_query.RawStmt{{Stmt: n}}})
	if err != nil {
		return pgerror.Internal("deparsing a COPY query: %v", err)
	}
	c.Query = sql
	return nil
}

// copyOptions reads COPY's WITH options into c.
func (a *analyzer) copyOptions(c *nodes.CopyStmt, s *pg_query.CopyStmt) error {
	delimSet, nullSet, quoteSet, escSet := false, false, false, false
	var forceQuote []string
	forceSet := false
	for _, o := range s.Options {
		d := o.GetDefElem()
		val := ""
		if d.Arg != nil {
			if ac := d.Arg.GetAConst(); ac != nil {
				val = constText(ac)
			} else {
				val = strVal(d.Arg)
			}
		}
		switch d.Defname {
		case "format":
			val = strings.ToLower(val)
			if val != "text" && val != "csv" {
				if val == "binary" {
					return pgerror.Unsupported("COPY BINARY is not supported yet")
				}
				return pgerror.Newf(pgerror.InvalidParameterValue, "COPY format \"%s\" not recognized", val)
			}
			c.Format = val
		case "delimiter":
			c.Delimiter, delimSet = val, true
		case "null":
			c.Null, nullSet = val, true
		case "header":
			b, err := defBool(d)
			if err != nil {
				return err
			}
			c.Header = b
		case "quote":
			c.Quote, quoteSet = val, true
		case "escape":
			c.Escape, escSet = val, true
		case "force_quote":
			forceSet = true
			if d.Arg.GetAStar() != nil {
				c.ForceQuoteAll = true
			}
			forceQuote = listNames(d.Arg)
		case "encoding", "freeze":
		default:
			return pgerror.Newf(pgerror.SyntaxError, "option \"%s\" not recognized", d.Defname)
		}
	}
	if c.Format == "csv" {
		if !delimSet {
			c.Delimiter = ","
		}
		if !nullSet {
			c.Null = ""
		}
		if !escSet {
			c.Escape = c.Quote
		}
	}
	if forceSet {
		switch {
		case c.Format != "csv":
			return pgerror.New(pgerror.FeatureNotSupported, "COPY force quote available only in CSV mode")
		case c.From:
			return pgerror.New(pgerror.FeatureNotSupported, "COPY force quote only available using COPY TO")
		}
		for _, name := range forceQuote {
			i := slices.Index(c.Names, name)
			if i < 0 {
				return pgerror.Newf(pgerror.UndefinedColumn, "column \"%s\" does not exist", name)
			}
			c.ForceQuote = append(c.ForceQuote, i)
		}
	}
	return checkCopyOptions(c, quoteSet, escSet)
}

// checkCopyOptions rejects the option combinations PG's
// ProcessCopyOptions rejects, with its messages, in its order.
func checkCopyOptions(c *nodes.CopyStmt, quoteSet, escSet bool) error {
	csv := c.Format == "csv"
	switch {
	case len(c.Delimiter) != 1:
		return pgerror.New(pgerror.FeatureNotSupported, "COPY delimiter must be a single one-byte character")
	case c.Delimiter == "\n" || c.Delimiter == "\r":
		return pgerror.New(pgerror.InvalidParameterValue, "COPY delimiter cannot be newline or carriage return")
	case strings.ContainsAny(c.Null, "\r\n"):
		return pgerror.New(pgerror.InvalidParameterValue, "COPY null representation cannot use newline or carriage return")
	case !csv && strings.Contains("\\.abcdefghijklmnopqrstuvwxyz0123456789", c.Delimiter):
		return pgerror.Newf(pgerror.InvalidParameterValue, "COPY delimiter cannot be \"%s\"", c.Delimiter)
	case !csv && quoteSet:
		return pgerror.New(pgerror.FeatureNotSupported, "COPY quote available only in CSV mode")
	case csv && len(c.Quote) != 1:
		return pgerror.New(pgerror.FeatureNotSupported, "COPY quote must be a single one-byte character")
	case csv && c.Delimiter[0] == c.Quote[0]:
		return pgerror.New(pgerror.InvalidParameterValue, "COPY delimiter and quote must be different")
	case !csv && escSet:
		return pgerror.New(pgerror.FeatureNotSupported, "COPY escape available only in CSV mode")
	case csv && len(c.Escape) != 1:
		return pgerror.New(pgerror.FeatureNotSupported, "COPY escape must be a single one-byte character")
	case strings.Contains(c.Null, c.Delimiter):
		return pgerror.New(pgerror.FeatureNotSupported, "COPY delimiter must not appear in the NULL specification")
	case csv && strings.Contains(c.Null, c.Quote):
		return pgerror.New(pgerror.FeatureNotSupported, "CSV quote character must not appear in the NULL specification")
	}
	return nil
}

func (a *analyzer) vacuumStmt(s *pg_query.VacuumStmt) (nodes.Stmt, error) {
	v := &nodes.VacuumStmt{Vacuum: s.IsVacuumcmd, Analyze: !s.IsVacuumcmd}
	for _, o := range s.Options {
		d := o.GetDefElem()
		b, err := defBool(d)
		if err != nil {
			return nil, err
		}
		switch d.Defname {
		case "analyze":
			v.Analyze = v.Analyze || b
		case "verbose":
			v.Verbose = b
		case "full", "freeze", "skip_locked", "index_cleanup", "truncate", "process_toast", "disable_page_skipping":
		default:
			return nil, pgerror.Newf(pgerror.SyntaxError, "unrecognized VACUUM option \"%s\"", d.Defname)
		}
	}
	for _, r := range s.Rels {
		vr := r.GetVacuumRelation()
		rel, err := a.env.Catalog.LookupRelation(vr.Relation.Schemaname, vr.Relation.Relname)
		if err != nil {
			return nil, err
		}
		if rel.Kind == 'v' {
			return nil, pgerror.Unsupported("VACUUM or ANALYZE of view \"%s\" is not supported", rel.Name)
		}
		v.RelOids = append(v.RelOids, rel.Oid)
	}
	return v, nil
}

func withPos(err error, pos int) error {
	if pe, ok := pgerror.As(err); ok && pe.Position == 0 {
		c := *pe
		c.Position = pos
		return &c
	}
	return err
}
