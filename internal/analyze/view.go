// view.go analyzes CREATE [OR REPLACE] VIEW and expands views where
// queries use them (PG: commands/view.c, rewrite/rewriteHandler.c). A view
// is stored as the SQL text of its SELECT and analyzed again at each use,
// becoming a subquery in FROM named after the view.

package analyze

import (
	"slices"
	"strings"
	"sync"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/loomdb/loomdb/internal/catalog"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/parser"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

func (a *analyzer) viewStmt(s *pg_query.ViewStmt) (nodes.Stmt, error) {
	if s.View.Relpersistence == "t" {
		return nil, pgerror.Unsupported("temporary views are not supported yet")
	}
	sel := s.Query.GetSelectStmt()
	if sel == nil {
		return nil, pgerror.Unsupported("this view query is not supported yet")
	}
	sub := &analyzer{env: a.env, sql: a.sql, offset: a.offset, params: a.params}
	a.env.stars = map[*pg_query.ColumnRef][]*pg_query.Node{}
	st, err := sub.selectStmt(sel)
	stars := a.env.stars
	a.env.stars = nil
	if err != nil {
		return nil, err
	}
	if len(sub.params) > 0 {
		return nil, pgerror.New(pgerror.UndefinedParameter, "there is no parameter $1")
	}
	// The view keeps the columns * stood for when it was made, as PG's
	// stored query does: the text names them.
	expandStars(s.Query, stars)
	def, err := pg_query.Deparse(&pg_query.ParseResult{Version: parseTreeVersion(), Stmts: []*pg_query.RawStmt{{Stmt: s.Query}}})
	if err != nil {
		return nil, pgerror.Internal("deparsing the view query: %v", err)
	}
	cv := &nodes.CreateViewStmt{Schema: s.View.Schemaname, Name: s.View.Relname, Definition: def, Replace: s.Replace}
	q := st.(*nodes.Query)
	if nodes.HasModifyingCTE(q) {
		return nil, pgerror.New(pgerror.FeatureNotSupported, "views must not contain data-modifying statements in WITH")
	}
	for _, te := range q.TargetList {
		if te.ResJunk {
			continue
		}
		t := te.Expr.ExprType()
		if t.Oid == types.UnknownOid {
			t = types.TText // PG 10 and later resolve unknown view columns as text
		}
		cv.Columns = append(cv.Columns, nodes.ColumnDef{Name: te.Name, Type: t})
	}
	if len(s.Aliases) > len(cv.Columns) {
		return nil, pgerror.New(pgerror.SyntaxError, "CREATE VIEW specifies more column names than columns")
	}
	for i, al := range s.Aliases {
		cv.Columns[i].Name = strVal(al)
	}
	// WITH CHECK OPTION is the check_option option; it needs a view that
	// is automatically updatable, which PG checks before the options.
	if cv.Options, err = viewOptions(s); err != nil {
		return nil, err
	}
	if slices.ContainsFunc(cv.Options, func(o [2]string) bool { return o[0] == "check_option" }) {
		detail, err := a.viewNotUpdatable(q, sel.WithClause != nil, true)
		if err != nil {
			return nil, err
		}
		if detail != "" {
			return nil, pgerror.New(pgerror.FeatureNotSupported, "WITH CHECK OPTION is supported only on automatically updatable views").WithHint("%s", detail)
		}
	}
	if err := checkViewOptions(cv.Options); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, c := range cv.Columns {
		if seen[c.Name] {
			return nil, pgerror.Newf(pgerror.DuplicateColumn, "column \"%s\" specified more than once", c.Name)
		}
		seen[c.Name] = true
	}
	cv.Refs = queryRefs(q)
	return cv, nil
}

// viewOptions returns a CREATE VIEW's options as written, WITH [LOCAL |
// CASCADED] CHECK OPTION last as check_option (PG: DefineView).
func viewOptions(s *pg_query.ViewStmt) ([][2]string, error) {
	var out [][2]string
	for _, n := range s.Options {
		d := n.GetDefElem()
		if d == nil {
			continue
		}
		if d.Defnamespace != "" {
			if d.Defnamespace == "toast" {
				continue // views have no TOAST table; PG ignores these
			}
			return nil, pgerror.Newf(pgerror.InvalidParameterValue, "unrecognized parameter namespace \"%s\"", d.Defnamespace)
		}
		out = append(out, [2]string{d.Defname, defElemText(d)})
	}
	switch s.WithCheckOption {
	case pg_query.ViewCheckOption_LOCAL_CHECK_OPTION:
		out = append(out, [2]string{"check_option", "local"})
	case pg_query.ViewCheckOption_CASCADED_CHECK_OPTION:
		out = append(out, [2]string{"check_option", "cascaded"})
	}
	return out, nil
}

// defElemText is an option's value as PG's defGetString reads it: "true"
// when the option has none.
func defElemText(d *pg_query.DefElem) string {
	switch {
	case d.Arg == nil:
		return "true"
	case d.Arg.GetAConst() != nil:
		return constText(d.Arg.GetAConst())
	case d.Arg.GetInteger() != nil:
		return constText(&pg_query.A_Const{Val: &pg_query.A_Const_Ival{Ival: d.Arg.GetInteger()}})
	case d.Arg.GetFloat() != nil:
		return d.Arg.GetFloat().Fval
	case d.Arg.GetBoolean() != nil:
		if d.Arg.GetBoolean().Boolval {
			return "true"
		}
		return "false"
	case d.Arg.GetTypeName() != nil:
		// A bare word: PG reads the type name it parses as.
		var parts []string
		for _, n := range d.Arg.GetTypeName().Names {
			parts = append(parts, strVal(n))
		}
		return strings.Join(parts, ".")
	}
	return strVal(d.Arg)
}

// checkViewOptions checks a view's options as PostgreSQL's view_reloptions
// does: check_option is local or cascaded (in any case),
// security_barrier and security_invoker are booleans, each at most once.
func checkViewOptions(opts [][2]string) error {
	seen := map[string]bool{}
	for _, o := range opts {
		name, v := o[0], o[1]
		switch name {
		case "check_option":
			if l := strings.ToLower(v); l != "local" && l != "cascaded" {
				return pgerror.Newf(pgerror.InvalidParameterValue, "invalid value for enum option \"%s\": %s", name, v).
					WithDetail("Valid values are \"local\" and \"cascaded\".")
			}
		case "security_barrier", "security_invoker":
			if _, ok := parseBoolOption(v); !ok {
				return pgerror.Newf(pgerror.InvalidParameterValue, "invalid value for boolean option \"%s\": %s", name, v)
			}
		default:
			return pgerror.Newf(pgerror.InvalidParameterValue, "unrecognized parameter \"%s\"", name)
		}
		if seen[name] {
			return pgerror.Newf(pgerror.InvalidParameterValue, "parameter \"%s\" specified more than once", name)
		}
		seen[name] = true
	}
	return nil
}

// parseBoolOption reads a boolean option value as PG's parse_bool does.
func parseBoolOption(v string) (bool, bool) {
	l := strings.ToLower(strings.TrimSpace(v))
	switch {
	case l == "":
	case strings.HasPrefix("true", l), strings.HasPrefix("yes", l), l == "on", l == "1":
		return true, true
	case strings.HasPrefix("false", l), strings.HasPrefix("no", l), len(l) >= 2 && strings.HasPrefix("off", l), l == "0":
		return false, true
	}
	return false, false
}

// noteStar records, while CREATE VIEW analyzes its query, the column
// references that the * cr of q's select list, expanded into the target
// entries from before on, stands for: each qualified by the name its
// relation goes by, or by the *'s own qualifier. When they cannot be
// written so that they name the same columns unambiguously (a column of
// a join with an alias, a merged column of a FULL JOIN, a name a relation
// has twice), nil is recorded and the * stays.
func (a *analyzer) noteStar(q *nodes.Query, cr *pg_query.ColumnRef, before int) {
	if a.env.stars == nil || before > len(q.TargetList) {
		return
	}
	tes := q.TargetList[before:]
	var names []string
	for _, te := range tes {
		names = append(names, te.Name)
	}
	var out []*pg_query.Node
	for _, te := range tes {
		var fields []*pg_query.Node
		if len(cr.Fields) >= 2 {
			if countName(names, te.Name) != 1 {
				a.env.stars[cr] = nil
				return
			}
			fields = append(fields, cr.Fields[:len(cr.Fields)-1]...)
		} else if qual, ok := a.starQualifier(q, te); ok {
			if qual != "" {
				fields = append(fields, pg_query.MakeStrNode(qual))
			}
		} else {
			a.env.stars[cr] = nil
			return
		}
		fields = append(fields, pg_query.MakeStrNode(te.Name))
		out = append(out, &pg_query.Node{Node: &pg_query.Node_ColumnRef{ColumnRef: &pg_query.ColumnRef{Fields: fields, Location: cr.Location}}})
	}
	a.env.stars[cr] = out
}

// starQualifier returns how a column an unqualified * of q expanded to
// is named unambiguously: qualified by its relation's name, unqualified
// when no other FROM item has a column of its name, or qualified by the
// alias of the join it belongs to; false when none of these will do.
func (a *analyzer) starQualifier(q *nodes.Query, te *nodes.TargetEntry) (string, bool) {
	if v, ok := te.Expr.(*nodes.Var); ok && v.LevelsUp == 0 && v.VarNo >= 1 && v.VarNo <= len(q.RangeTable) && !a.hiddenRels[v.VarNo] {
		rte := q.RangeTable[v.VarNo-1]
		if rteHasName(rte) && rte.Alias != "" && v.AttNo >= 1 && v.AttNo <= len(rte.ColNames) && rte.ColNames[v.AttNo-1] == te.Name &&
			countName(rte.ColNames, te.Name) == 1 {
			return rte.Alias, true
		}
	}
	n := 0
	for _, it := range a.from {
		for _, c := range it.cols {
			if c.name == te.Name {
				n++
			}
		}
	}
	if n == 1 {
		return "", true
	}
	for _, jn := range a.joinNames {
		k := -1
		for i, c := range jn.cols {
			if c.name == te.Name {
				if k >= 0 {
					k = -2
					break
				}
				k = i
			}
		}
		if k >= 0 && nodes.Equal(jn.cols[k].expr, te.Expr) {
			return jn.name, true
		}
	}
	return "", false
}

func countName(names []string, name string) int {
	n := 0
	for _, s := range names {
		if s == name {
			n++
		}
	}
	return n
}

// expandStars replaces, in the select lists of the parse tree n, each *
// that stars holds column references for by those references.
func expandStars(n *pg_query.Node, stars map[*pg_query.ColumnRef][]*pg_query.Node) {
	if len(stars) == 0 {
		return
	}
	walkParseTree(n, func(m protoreflect.Message) {
		sel, ok := m.Interface().(*pg_query.SelectStmt)
		if !ok {
			return
		}
		var tl []*pg_query.Node
		for _, it := range sel.TargetList {
			rt := it.GetResTarget()
			if rt != nil && rt.Name == "" && rt.Val.GetColumnRef() != nil && len(stars[rt.Val.GetColumnRef()]) > 0 {
				for _, ref := range stars[rt.Val.GetColumnRef()] {
					tl = append(tl, &pg_query.Node{Node: &pg_query.Node_ResTarget{ResTarget: &pg_query.ResTarget{Val: ref, Location: rt.Location}}})
				}
				continue
			}
			tl = append(tl, it)
		}
		sel.TargetList = tl
	})
}

// viewRTE analyzes a view's definition into a subquery range-table entry
// with the view's column names.
func (a *analyzer) viewRTE(rel *catalog.Relation) (*nodes.RangeTblEntry, error) {
	sq, _, err := a.viewQuery(rel)
	if err != nil {
		return nil, err
	}
	rte := &nodes.RangeTblEntry{Kind: nodes.RTESubquery, Alias: rel.Name, RelName: rel.Name, Subquery: sq, ViewOid: rel.Oid}
	i := 0
	for _, te := range sq.TargetList {
		if te.ResJunk {
			continue
		}
		if i >= len(rel.Columns) {
			return nil, pgerror.Newf(pgerror.FeatureNotSupported, "view \"%s\" no longer matches its definition", rel.Name)
		}
		rte.ColNames = append(rte.ColNames, rel.Columns[i].Name)
		rte.ColTypes = append(rte.ColTypes, te.Expr.ExprType())
		i++
	}
	return rte, nil
}

// viewQuery analyzes a view's definition; it also returns the parsed
// SELECT. A view met again while its own definition is being expanded
// fails as PostgreSQL's rewriter does (PG: fireRIRrules).
func (a *analyzer) viewQuery(rel *catalog.Relation) (*nodes.Query, *pg_query.SelectStmt, error) {
	if slices.Contains(a.env.expanding, rel.Oid) {
		return nil, nil, pgerror.Newf(pgerror.InvalidObjectDefinition, "infinite recursion detected in rules for relation \"%s\"", rel.Name)
	}
	raws, err := parser.Parse(rel.ViewDef)
	if err != nil || len(raws) != 1 || raws[0].Node.GetSelectStmt() == nil {
		return nil, nil, pgerror.Internal("view \"%s\" has an unreadable definition", rel.Name)
	}
	a.env.expanding = append(a.env.expanding, rel.Oid)
	defer func() { a.env.expanding = a.env.expanding[:len(a.env.expanding)-1] }()
	sel := raws[0].Node.GetSelectStmt()
	sub := &analyzer{env: a.env, sql: raws[0].Full, offset: raws[0].Offset}
	st, err := sub.selectStmt(sel)
	if err != nil {
		return nil, nil, err
	}
	return st.(*nodes.Query), sel, nil
}

// queryRefs returns the relations and columns an analyzed view
// definition reads, as PostgreSQL records them for the view's rule: each
// relation in a range table, each column a Var reads (whole-row Vars add
// nothing), a view used in FROM counting as a relation (PG:
// find_expr_references_walker).
func queryRefs(q *nodes.Query) []nodes.ViewRef {
	var out []nodes.ViewRef
	var query func(q *nodes.Query, outer []*nodes.Query)
	expr := func(e nodes.Expr, stack []*nodes.Query) {
		nodes.Walk(e, func(n nodes.Expr) bool {
			switch x := n.(type) {
			case *nodes.Var:
				if x.LevelsUp >= len(stack) || x.VarNo < 1 || x.AttNo == 0 {
					return true
				}
				lq := stack[len(stack)-1-x.LevelsUp]
				if x.VarNo > len(lq.RangeTable) {
					return true
				}
				switch rte := lq.RangeTable[x.VarNo-1]; {
				case rte.Kind == nodes.RTERelation:
					out = append(out, nodes.ViewRef{Rel: rte.RelOid, AttNum: x.AttNo})
				case rte.ViewOid != 0:
					out = append(out, nodes.ViewRef{Rel: rte.ViewOid, AttNum: x.AttNo})
				}
			case *nodes.SubLink:
				query(x.Subquery, stack)
			}
			return true
		})
	}
	query = func(q *nodes.Query, outer []*nodes.Query) {
		stack := append(slices.Clip(outer), q)
		for _, rte := range q.RangeTable {
			switch {
			case rte.Kind == nodes.RTERelation:
				out = append(out, nodes.ViewRef{Rel: rte.RelOid})
			case rte.ViewOid != 0:
				out = append(out, nodes.ViewRef{Rel: rte.ViewOid})
			case rte.Subquery != nil:
				query(rte.Subquery, stack)
			}
		}
		for _, cte := range q.CTEList {
			query(cte.Query, stack)
		}
		for _, leaf := range setOpLeaves(q.SetOperations) {
			query(leaf, outer)
		}
		forEachQueryExpr(q, func(e nodes.Expr) { expr(e, stack) })
	}
	query(q, nil)
	return out
}

// setOpLeaves returns the leaf queries of a set operation, left to right.
func setOpLeaves(op *nodes.SetOperation) []*nodes.Query {
	if op == nil {
		return nil
	}
	var out []*nodes.Query
	for _, arm := range []any{op.Larg, op.Rarg} {
		switch x := arm.(type) {
		case *nodes.Query:
			out = append(out, x)
		case *nodes.SetOperation:
			out = append(out, setOpLeaves(x)...)
		}
	}
	return out
}

// parseTreeVersion is the parse-tree version pg_query's deparser expects,
// read once from a parse.
var parseTreeVersion = sync.OnceValue(func() int32 {
	r, err := pg_query.Parse("SELECT 1")
	if err != nil {
		return 0
	}
	return r.Version
})
