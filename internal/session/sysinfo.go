// sysinfo.go gives the system information functions (funcs.CatalogInfo)
// their session side: catalog lookups through the transaction's catalog
// snapshot and the session's search_path, and definitions rebuilt as SQL
// the way PostgreSQL's ruleutils.c prints them (pg_get_indexdef,
// pg_get_constraintdef, pg_get_expr).

package session

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/loomdb/loomdb/internal/analyze"
	"github.com/loomdb/loomdb/internal/catalog"
	"github.com/loomdb/loomdb/internal/explain"
	"github.com/loomdb/loomdb/internal/funcs"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/parser"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/txn"
	"github.com/loomdb/loomdb/internal/types"
)

// sessionCatalog is the session's funcs.CatalogInfo.
type sessionCatalog struct{ s *Session }

var _ funcs.CatalogInfo = sessionCatalog{}

func (q sessionCatalog) snap() (*txn.Txn, *txn.Snapshot) {
	tx := q.s.startTxn()
	return tx, tx.CatalogSnapshot()
}

func (q sessionCatalog) RelationIsVisible(rel types.Oid) (bool, bool, error) {
	_, snap := q.snap()
	return q.s.eng.cat.RelationIsVisible(snap, rel, q.s.searchPath())
}

func (q sessionCatalog) TypeIsVisible(typ types.Oid) (bool, bool, error) {
	_, snap := q.snap()
	return q.s.eng.cat.TypeIsVisible(snap, typ, q.s.searchPath())
}

func (q sessionCatalog) FunctionIsVisible(fn types.Oid) (bool, bool, error) {
	_, snap := q.snap()
	return q.s.eng.cat.FunctionIsVisible(snap, fn, q.s.searchPath())
}

func (q sessionCatalog) RelationKind(oid types.Oid) (byte, string, bool, error) {
	rel, ok, err := q.relation(oid)
	if err != nil || !ok {
		return 0, "", false, err
	}
	return rel.Kind, rel.NamespaceName, true, nil
}

func (q sessionCatalog) RoleName(role types.Oid) (string, bool, error) {
	_, snap := q.snap()
	return q.s.eng.cat.RoleName(snap, role)
}

func (q sessionCatalog) CatalogOid(name string) (types.Oid, bool, error) {
	_, snap := q.snap()
	return q.s.eng.cat.SystemCatalogOid(snap, name)
}

func (q sessionCatalog) Description(obj, classOid types.Oid, subID int32, shared bool) (string, bool, error) {
	_, snap := q.snap()
	return q.s.eng.cat.Description(snap, obj, classOid, subID, shared)
}

func (q sessionCatalog) RelationUpdatability(oid types.Oid) (int, []bool, bool, error) {
	rel, ok, err := q.relation(oid)
	if err != nil || !ok {
		return 0, nil, false, err
	}
	tx, _ := q.snap()
	events, cols, err := analyze.RelationUpdatability(q.s.analyzeEnv(tx), rel)
	return events, cols, err == nil, err
}

func (q sessionCatalog) SessionUser() string     { return q.s.User }
func (q sessionCatalog) CurrentDatabase() string { return q.s.Database }
func (q sessionCatalog) BackendPID() int64       { return int64(q.s.pid) }

func (q sessionCatalog) SearchPath(includeImplicit bool) ([]string, error) {
	_, snap := q.snap()
	path := q.s.searchPath()
	_, names, err := q.s.eng.cat.EffectiveSearchPath(snap, path)
	if err != nil || includeImplicit {
		return names, err
	}
	var out []string
	for i, n := range names {
		if i == 0 && n == "pg_catalog" && !slices.Contains(path, n) {
			continue
		}
		out = append(out, n)
	}
	return out, nil
}

// relation returns relation oid, false when there is none.
func (q sessionCatalog) relation(oid types.Oid) (*catalog.Relation, bool, error) {
	tx, snap := q.snap()
	rel, err := q.s.eng.cat.RelationByOid(tx, snap, oid)
	if err != nil {
		if pgerror.CodeOf(err) == pgerror.UndefinedTable {
			return nil, false, nil
		}
		return nil, false, err
	}
	return rel, rel != nil, nil
}

// IndexDef is pg_get_indexdef (PG: pg_get_indexdef_worker): the key
// columns with their ordering options, and a partial index's predicate.
func (q sessionCatalog) IndexDef(index types.Oid, column int, pretty bool) (string, bool, error) {
	_, snap := q.snap()
	tableOid, ok, err := q.s.eng.cat.IndexTable(snap, index)
	if err != nil || !ok {
		return "", false, err
	}
	rel, ok, err := q.relation(tableOid)
	if err != nil || !ok {
		return "", false, err
	}
	var info *catalog.IndexInfo
	for _, in := range rel.Indexes {
		if in.Oid == index {
			info = in
		}
	}
	if info == nil {
		return "", false, nil
	}
	if column > 0 {
		if column > len(info.Keys) {
			return "", true, nil
		}
		return funcs.QuoteIdentifier(rel.Columns[info.Keys[column-1].AttNum-1].Name), true, nil
	}
	var b strings.Builder
	b.WriteString("CREATE ")
	if info.Unique {
		b.WriteString("UNIQUE ")
	}
	// Pretty mode qualifies the table only where search_path would not
	// find it (PG: PRETTYFLAG_SCHEMA).
	table := funcs.QuoteIdentifier(rel.NamespaceName) + "." + funcs.QuoteIdentifier(rel.Name)
	if pretty {
		if table, err = q.relationName(rel); err != nil {
			return "", false, err
		}
	}
	fmt.Fprintf(&b, "INDEX %s ON %s USING btree (", funcs.QuoteIdentifier(info.Name), table)
	for i, k := range info.Keys {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(funcs.QuoteIdentifier(rel.Columns[k.AttNum-1].Name))
		switch {
		case k.Desc:
			b.WriteString(" DESC")
			if !k.NullsFirst {
				b.WriteString(" NULLS LAST")
			}
		case k.NullsFirst:
			b.WriteString(" NULLS FIRST")
		}
	}
	b.WriteString(")")
	if info.Predicate != "" {
		pred, err := q.relationExpr(rel, info.Predicate, pretty)
		if err != nil {
			return "", false, err
		}
		b.WriteString(" WHERE " + pred)
	}
	return b.String(), true, nil
}

// relationExpr deparses an expression stored as SQL text over rel's
// columns.
func (q sessionCatalog) relationExpr(rel *catalog.Relation, text string, pretty bool) (string, error) {
	tx, _ := q.snap()
	e, err := q.s.analyzePredicate(tx, rel, text)
	if err != nil {
		return "", err
	}
	return q.deparse(e, pretty), nil
}

// deparse prints an analyzed stored expression, constants of the reg
// types by name.
func (q sessionCatalog) deparse(e nodes.Expr, pretty bool) string {
	return explain.DeparseExpr(e, pretty, func(typ types.Oid, oid int64) string {
		s, err := q.RegOut(typ, types.Oid(uint32(oid)))
		if err != nil {
			return strconv.FormatInt(oid, 10)
		}
		return s
	})
}

// Expr is pg_get_expr over a stored expression: a column default, a CHECK
// condition or an index predicate, kept as SQL text. A column's default is
// printed converted to the column's type, as PostgreSQL stores it.
func (q sessionCatalog) Expr(stored string, relOid types.Oid, pretty bool) (string, error) {
	tx, _ := q.snap()
	if relOid != 0 {
		rel, ok, err := q.relation(relOid)
		if err != nil {
			return "", err
		}
		if ok {
			for ci, col := range rel.Columns {
				if col.Default == stored && !col.Dropped {
					e, err := analyze.ColumnDefault(q.s.analyzeEnv(tx), rel, ci)
					if err != nil {
						return "", err
					}
					return q.deparse(e, pretty), nil
				}
			}
			return q.relationExpr(rel, stored, pretty)
		}
	}
	e, err := q.singleExpr(tx, "SELECT "+stored)
	if err != nil {
		return "", pgerror.New(pgerror.InvalidParameterValue, "input is not a valid expression")
	}
	return q.deparse(e, pretty), nil
}

// singleExpr analyzes sql, which must be a SELECT of one expression and
// nothing else, and returns the expression.
func (q sessionCatalog) singleExpr(tx *txn.Txn, sql string) (nodes.Expr, error) {
	stmts, err := parser.Parse(sql)
	if err != nil {
		return nil, err
	}
	if len(stmts) != 1 {
		return nil, pgerror.New(pgerror.SyntaxError, "not a single expression")
	}
	sel := stmts[0].Node.GetSelectStmt()
	if sel == nil || len(sel.TargetList) != 1 || len(sel.FromClause) != 0 || sel.WhereClause != nil || sel.IntoClause != nil ||
		sel.GroupClause != nil || sel.HavingClause != nil || sel.SortClause != nil || sel.LimitCount != nil || sel.LimitOffset != nil ||
		sel.Op != 0 && sel.Op != 1 || sel.DistinctClause != nil || sel.WithClause != nil || sel.ValuesLists != nil {
		return nil, pgerror.New(pgerror.SyntaxError, "not a single expression")
	}
	st, _, err := analyze.Analyze(stmts[0], q.s.analyzeEnv(tx))
	if err != nil {
		return nil, err
	}
	qry, ok := st.(*nodes.Query)
	if !ok || len(qry.TargetList) != 1 {
		return nil, pgerror.New(pgerror.SyntaxError, "not a single expression")
	}
	return qry.TargetList[0].Expr, nil
}

// ConstraintDef is pg_get_constraintdef (PG: pg_get_constraintdef_worker).
func (q sessionCatalog) ConstraintDef(oid types.Oid, pretty bool) (string, bool, error) {
	_, snap := q.snap()
	con, ok, err := q.s.eng.cat.Constraint(snap, oid)
	if err != nil || !ok {
		return "", false, err
	}
	rel, ok, err := q.relation(con.Rel)
	if err != nil || !ok {
		return "", false, err
	}
	var b strings.Builder
	switch con.Type {
	case 'p', 'u':
		if con.Type == 'p' {
			b.WriteString("PRIMARY KEY (")
		} else {
			b.WriteString("UNIQUE (")
		}
		b.WriteString(columnList(rel, con.Keys))
		b.WriteString(")")
	case 'f':
		ref, ok, err := q.relation(con.RefRel)
		if err != nil || !ok {
			return "", false, err
		}
		name, err := q.relationName(ref)
		if err != nil {
			return "", false, err
		}
		fmt.Fprintf(&b, "FOREIGN KEY (%s) REFERENCES %s(%s)", columnList(rel, con.Keys), name, columnList(ref, con.RefKeys))
		switch con.Match {
		case 'f':
			b.WriteString(" MATCH FULL")
		case 'p':
			b.WriteString(" MATCH PARTIAL")
		}
		for _, act := range []struct {
			what string
			code byte
		}{{"UPDATE", con.UpdAction}, {"DELETE", con.DelAction}} {
			if s := fkActionName(act.code); s != "" {
				fmt.Fprintf(&b, " ON %s %s", act.what, s)
			}
		}
	case 'c':
		e, err := q.relationExpr(rel, con.Expr, pretty)
		if err != nil {
			return "", false, err
		}
		fmt.Fprintf(&b, "CHECK (%s)", e)
	default:
		return "", false, pgerror.Unsupported("constraint type %q", con.Type)
	}
	if con.Deferrable {
		b.WriteString(" DEFERRABLE")
	}
	if con.Deferred {
		b.WriteString(" INITIALLY DEFERRED")
	}
	if !con.Validated {
		b.WriteString(" NOT VALID")
	}
	return b.String(), true, nil
}

// relationName is a relation's name as generate_relation_name prints it:
// qualified only when search_path does not find it.
func (q sessionCatalog) relationName(rel *catalog.Relation) (string, error) {
	visible, _, err := q.RelationIsVisible(rel.Oid)
	if err != nil {
		return "", err
	}
	name := funcs.QuoteIdentifier(rel.Name)
	if !visible {
		name = funcs.QuoteIdentifier(rel.NamespaceName) + "." + name
	}
	return name, nil
}

func columnList(rel *catalog.Relation, attnums []int) string {
	names := make([]string, 0, len(attnums))
	for _, a := range attnums {
		if a >= 1 && a <= len(rel.Columns) {
			names = append(names, funcs.QuoteIdentifier(rel.Columns[a-1].Name))
		}
	}
	return strings.Join(names, ", ")
}

// fkActionName is the SQL of a foreign key action other than the default
// NO ACTION.
func fkActionName(code byte) string {
	switch code {
	case 'r':
		return "RESTRICT"
	case 'c':
		return "CASCADE"
	case 'n':
		return "SET NULL"
	case 'd':
		return "SET DEFAULT"
	}
	return ""
}

func (q sessionCatalog) FunctionResult(fn types.Oid) (string, bool, error) {
	_, snap := q.snap()
	_, result, retset, ok, err := q.s.eng.cat.FunctionSignature(snap, fn)
	if err != nil || !ok {
		return "", false, err
	}
	s := types.FormatTypeBe(result)
	if retset {
		s = "SETOF " + s
	}
	return s, true, nil
}

func (q sessionCatalog) FunctionArguments(fn types.Oid) (string, bool, error) {
	_, snap := q.snap()
	args, _, _, ok, err := q.s.eng.cat.FunctionSignature(snap, fn)
	if err != nil || !ok {
		return "", false, err
	}
	names := make([]string, len(args))
	for i, a := range args {
		names[i] = types.FormatTypeBe(a)
	}
	return strings.Join(names, ", "), true, nil
}

// RegIn is the input function of the reg types (PG: regclassin,
// regtypein, regprocin, regnamespacein).
func (q sessionCatalog) RegIn(typ types.Oid, name string) (types.Oid, error) {
	if n, err := strconv.ParseUint(strings.TrimSpace(name), 10, 32); err == nil {
		return types.Oid(n), nil
	}
	tx, snap := q.snap()
	cat := q.s.eng.cat
	switch typ {
	case types.RegclassOid:
		return sessionSequences(q).RegclassIn(name)
	case types.RegnamespaceOid:
		parts, err := analyze.QualifiedName(name)
		if err != nil {
			return 0, err
		}
		if len(parts) != 1 {
			return 0, pgerror.New(pgerror.InvalidName, "invalid name syntax")
		}
		oid, ok, err := cat.NamespaceOid(snap, parts[0])
		if err == nil && !ok {
			err = pgerror.Newf(pgerror.InvalidSchemaName, "schema \"%s\" does not exist", parts[0])
		}
		return oid, err
	case types.RegprocOid:
		parts, err := analyze.QualifiedName(name)
		if err != nil {
			return 0, err
		}
		var schemas []string
		fn := parts[len(parts)-1]
		switch len(parts) {
		case 1:
			_, schemas, err = cat.EffectiveSearchPath(snap, q.s.searchPath())
			if err != nil {
				return 0, err
			}
		case 2:
			schemas = parts[:1]
		default:
			return 0, pgerror.New(pgerror.InvalidName, "invalid name syntax")
		}
		var found []types.Oid
		for _, s := range schemas {
			ns, ok, err := cat.NamespaceOid(snap, s)
			if err != nil {
				return 0, err
			}
			if !ok {
				continue
			}
			oids, err := cat.ObjectsNamed(snap, catalog.PgProcOid, fn, ns)
			if err != nil {
				return 0, err
			}
			found = append(found, oids...)
		}
		switch len(found) {
		case 0:
			return 0, pgerror.Newf(pgerror.UndefinedFunction, "function \"%s\" does not exist", name)
		case 1:
			return found[0], nil
		}
		return 0, pgerror.Newf(pgerror.AmbiguousFunction, "more than one function named \"%s\"", name)
	case types.RegtypeOid:
		// The name must be a type name alone: NULL::name is a single
		// expression only then, and a cast of NULL is a constant.
		e, err := q.singleExpr(tx, "SELECT NULL::"+name)
		if err != nil {
			if pe, ok := pgerror.As(err); ok && pe.Code == pgerror.UndefinedObject {
				return 0, pe
			}
			return 0, pgerror.Newf(pgerror.SyntaxError, "invalid type name \"%s\"", name)
		}
		if k, ok := e.(*nodes.Const); !ok || k.Value != nil {
			return 0, pgerror.Newf(pgerror.SyntaxError, "invalid type name \"%s\"", name)
		}
		return e.ExprType().Oid, nil
	}
	return 0, pgerror.Internal("type %d is not a reg type", typ)
}

// RegOut is the output function of the reg types (PG: regclassout,
// regtypeout, regprocout, regnamespaceout).
func (q sessionCatalog) RegOut(typ types.Oid, oid types.Oid) (string, error) {
	if oid == 0 {
		return "-", nil
	}
	_, snap := q.snap()
	cat := q.s.eng.cat
	number := strconv.FormatUint(uint64(oid), 10)
	if typ == types.RegnamespaceOid {
		name, err := cat.NamespaceName(snap, oid)
		if pgerror.CodeOf(err) == pgerror.InvalidSchemaName {
			return number, nil
		}
		if err != nil {
			return "", err
		}
		return funcs.QuoteIdentifier(name), nil
	}
	if typ == types.RegtypeOid && types.InfoOf(oid) != nil {
		return types.FormatTypeBe(oid), nil
	}
	catOid := map[types.Oid]types.Oid{types.RegclassOid: catalog.PgClassOid, types.RegtypeOid: catalog.PgTypeOid, types.RegprocOid: catalog.PgProcOid}[typ]
	name, ns, ok, err := cat.ObjectName(snap, catOid, oid)
	if err != nil || !ok {
		return number, err
	}
	var visible bool
	switch typ {
	case types.RegclassOid:
		visible, _, err = cat.RelationIsVisible(snap, oid, q.s.searchPath())
	case types.RegtypeOid:
		visible, _, err = cat.TypeIsVisible(snap, oid, q.s.searchPath())
	default:
		visible, _, err = cat.FunctionIsVisible(snap, oid, q.s.searchPath())
	}
	if err != nil {
		return "", err
	}
	if visible {
		return funcs.QuoteIdentifier(name), nil
	}
	nsName, err := cat.NamespaceName(snap, ns)
	if err != nil {
		return "", err
	}
	return funcs.QuoteIdentifier(nsName) + "." + funcs.QuoteIdentifier(name), nil
}
