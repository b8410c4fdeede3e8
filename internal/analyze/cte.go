// cte.go analyzes WITH clauses (PG: parser/parse_cte.c). A non-recursive
// common table expression is analyzed where it is defined, for its errors
// and its columns; each reference becomes a subquery in FROM (the first
// takes that analysis, later ones analyze the query afresh, since planning
// changes a query in place): PostgreSQL 12+ inlines such a CTE too when it is referenced once,
// and referencing the same side-effect-free query twice gives the same
// rows. A CTE whose query calls volatile functions must be evaluated once
// when referenced twice or marked MATERIALIZED, which loomdb refuses with
// 0A000 rather than answer differently.
//
// A WITH RECURSIVE query that refers to itself cannot be expanded: it is
// analyzed once into a nodes.CommonTableExpr, listed in the CTEList of the
// query level that declares it, and every reference becomes an RTECTE
// range-table entry scanning its one result. As in PostgreSQL, the items of
// WITH RECURSIVE see each other whatever their order: they are analyzed in
// an order without forward references (mutual recursion is refused), and
// each recursive item must have the form "non-recursive term UNION [ALL]
// recursive term" with exactly one reference to itself, in the recursive
// term, outside subqueries in expressions, outer joins' nullable sides,
// INTERSECT and EXCEPT. These checks run on the raw parse tree before
// analysis, with PostgreSQL's messages (SQLSTATE 42P19). The non-recursive
// term fixes the column types; the recursive term reads them, and the
// union's types must come out the same (42804).

package analyze

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/optimizer/prep"
	"github.com/loomdb/loomdb/internal/optimizer/util"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

// cteDef is one WITH query in scope.
type cteDef struct {
	name string
	cte  *pg_query.CommonTableExpr
	// scope is the list of CTEs visible inside this one's query: those of
	// enclosing levels and earlier siblings (for WITH RECURSIVE, all
	// siblings).
	scope    []*cteDef
	colNames []string
	volatile bool
	refs     int
	// query is the analysis made at the definition, handed to the first
	// reference; later references analyze the query again.
	query *nodes.Query

	// recursive marks a WITH RECURSIVE item that refers to itself; node is
	// its analysis, shared by every reference. inRecursiveTerm is set while
	// its recursive term is analyzed, where a reference reads the work
	// table instead.
	recursive       bool
	node            *nodes.CommonTableExpr
	inRecursiveTerm bool
	// modifying marks a data-modifying statement (INSERT, UPDATE or
	// DELETE); node is its analysis, and every reference scans its one
	// result.
	modifying bool

	// owner is the analyzer of the query level declaring the WITH query as
	// it was then, before its FROM clause: the query's references to
	// columns of enclosing queries resolve through it (PG: the CTE's
	// parse state is the WITH clause's); depth is that level's depth.
	owner *analyzer
	depth int
}

// child returns an analyzer for a nested query of the same statement text,
// seeing the same CTEs.
func (a *analyzer) child() *analyzer {
	return &analyzer{env: a.env, sql: a.sql, offset: a.offset, params: a.params, ctes: a.ctes, nested: true}
}

// withClause brings a WITH clause's queries into scope for the rest of the
// statement level and returns the function that takes them out again, and
// the recursive and data-modifying queries the level must list in its
// CTEList.
func (a *analyzer) withClause(w *pg_query.WithClause) (func(), []*nodes.CommonTableExpr, error) {
	saved := a.ctes
	restore := func() { a.ctes = saved }
	fail := func(err error) (func(), []*nodes.CommonTableExpr, error) {
		restore()
		return nil, nil, err
	}
	var items []*pg_query.CommonTableExpr
	seen := map[string]bool{}
	for _, n := range w.Ctes {
		c := n.GetCommonTableExpr()
		if seen[c.Ctename] {
			return fail(pgerror.Newf(pgerror.DuplicateAlias, "WITH query name \"%s\" specified more than once", c.Ctename).WithPosition(a.pos(c.Location)))
		}
		seen[c.Ctename] = true
		items = append(items, c)
	}
	defs := make([]*cteDef, len(items))
	for i, c := range items {
		defs[i] = &cteDef{name: c.Ctename, cte: c}
	}
	if w.Recursive {
		// Every item sees every other (PG: transformWithClause): analyze
		// them in an order without forward references.
		var err error
		if defs, err = a.recursiveOrder(defs); err != nil {
			return fail(err)
		}
		all := append(saved[:len(saved):len(saved)], defs...)
		for _, d := range defs {
			d.scope = all
		}
		a.ctes = all
	}
	var recursive []*nodes.CommonTableExpr
	for _, def := range defs {
		c := def.cte
		if len(c.Aliascolnames) > 0 && len(c.Ctecoltypes) > 0 {
			return fail(pgerror.Unsupported("this WITH query is not supported yet").WithPosition(a.pos(c.Location)))
		}
		sel := c.Ctequery.GetSelectStmt()
		if sel == nil {
			if err := a.modifyingCTE(def); err != nil {
				return fail(err)
			}
			if !w.Recursive {
				a.ctes = append(a.ctes[:len(a.ctes):len(a.ctes)], def)
			}
			recursive = append(recursive, def.node)
			continue
		}
		if def.recursive {
			if err := a.recursiveCTE(def); err != nil {
				return fail(err)
			}
			recursive = append(recursive, def.node)
			continue
		}
		if c.SearchClause != nil || c.CycleClause != nil {
			return fail(pgerror.New(pgerror.SyntaxError, "WITH query is not recursive").WithPosition(a.pos(c.Location)))
		}
		if !w.Recursive {
			def.scope = a.ctes
		}
		view := *a
		view.from, view.joinLefts = nil, nil
		def.owner, def.depth = &view, a.depth
		sub := def.bodyAnalyzer(a)
		st, err := sub.selectStmt(sel)
		a.params = sub.params
		if err != nil {
			return fail(err)
		}
		sq := st.(*nodes.Query)
		for _, te := range sq.TargetList {
			if !te.ResJunk {
				def.colNames = append(def.colNames, te.Name)
			}
		}
		if err := a.columnAliases(def); err != nil {
			return fail(err)
		}
		def.volatile = queryCallsVolatile(sq)
		def.query = sq
		if !w.Recursive {
			a.ctes = append(a.ctes[:len(a.ctes):len(a.ctes)], def)
		}
	}
	return restore, recursive, nil
}

// columnAliases applies a WITH query's column aliases to the names its
// query gave (PG: analyzeCTETargetList).
func (a *analyzer) columnAliases(def *cteDef) error {
	c := def.cte
	if len(c.Aliascolnames) > len(def.colNames) {
		return pgerror.Newf(pgerror.InvalidColumnReference, "WITH query \"%s\" has %d columns available but %d columns specified", c.Ctename, len(def.colNames), len(c.Aliascolnames)).WithPosition(a.pos(c.Location))
	}
	for i, cn := range c.Aliascolnames {
		def.colNames[i] = strVal(cn)
	}
	return nil
}

// attachCTEs lists a level's recursive WITH queries in the Query the
// planner plans for it: a SELECT itself, the source query of INSERT ...
// SELECT, UPDATE and DELETE.
func attachCTEs(st nodes.Stmt, ctes []*nodes.CommonTableExpr) {
	q, ok := st.(*nodes.Query)
	if !ok || len(ctes) == 0 {
		return
	}
	if q.Source != nil {
		q = q.Source
	}
	q.CTEList = append(q.CTEList, ctes...)
}

// lookupCTE finds the innermost WITH query named name.
func (a *analyzer) lookupCTE(name string) *cteDef {
	for i := len(a.ctes) - 1; i >= 0; i-- {
		if a.ctes[i].name == name {
			return a.ctes[i]
		}
	}
	return nil
}

// cteRTE analyzes a reference to WITH query def: a subquery in FROM, or
// for a recursive query a scan of its result (of its work table, inside
// its recursive term).
func (a *analyzer) cteRTE(def *cteDef, rv *pg_query.RangeVar) (*nodes.RangeTblEntry, error) {
	if def.modifying {
		return a.modifyingCTERTE(def, rv.Location)
	}
	if def.recursive {
		if def.node == nil {
			return nil, pgerror.Internal("recursive WITH query \"%s\" referenced before its analysis", def.name)
		}
		rte := &nodes.RangeTblEntry{Kind: nodes.RTECTE, Alias: def.name, RelName: def.name, CTE: def.node, SelfReference: def.inRecursiveTerm}
		rte.ColNames = append([]string(nil), def.colNames...)
		rte.ColTypes = append([]types.T(nil), def.node.ColTypes...)
		if !def.inRecursiveTerm {
			def.node.RefCount++
		}
		return rte, nil
	}
	def.refs++
	if def.volatile && (def.refs > 1 || def.cte.Ctematerialized == pg_query.CTEMaterialize_CTEMaterializeAlways) {
		return nil, pgerror.Unsupported("WITH query \"%s\" calls volatile functions and would have to be evaluated once; this is not supported yet", def.name).WithPosition(a.pos(rv.Location))
	}
	sq := def.query
	def.query = nil
	if sq == nil {
		sub := def.bodyAnalyzer(a)
		st, err := sub.selectStmt(def.cte.Ctequery.GetSelectStmt())
		a.params = sub.params
		if err != nil {
			return nil, err
		}
		sq = st.(*nodes.Query)
	}
	if k := a.depth - def.depth; k > 0 {
		// Referenced k levels below its WITH clause: references to the
		// queries around that clause reach k levels further (PG:
		// inline_cte's IncrementVarSublevelsUp).
		raiseOuterLevels(sq, k)
	}
	rte := &nodes.RangeTblEntry{Kind: nodes.RTESubquery, Alias: def.name, RelName: def.name, Subquery: sq}
	for _, te := range sq.TargetList {
		if te.ResJunk {
			continue
		}
		rte.ColTypes = append(rte.ColTypes, te.Expr.ExprType())
	}
	rte.ColNames = append([]string(nil), def.colNames...)
	return rte, nil
}

// recursiveCTE analyzes a self-referencing WITH RECURSIVE item (PG:
// analyzeCTE with transformSetOperationStmt's recursive handling): the
// non-recursive term first, whose output columns become the query's, then
// the recursive term, which reads them through its self-reference, then
// the UNION of the two, whose column types must be the non-recursive
// term's.
func (a *analyzer) recursiveCTE(def *cteDef) error {
	if def.cte.SearchClause != nil || def.cte.CycleClause != nil {
		if err := a.rewriteSearchCycle(def); err != nil {
			return err
		}
	}
	c := def.cte
	sel := c.Ctequery.GetSelectStmt()
	sub := a.child()
	sub.ctes = def.scope
	var inner []*nodes.CommonTableExpr
	if sel.WithClause != nil {
		// A WITH enclosing the UNION is visible to both terms.
		restore, ctes, err := sub.withClause(sel.WithClause)
		if err != nil {
			a.params = sub.params
			return err
		}
		defer restore()
		inner = ctes
	}
	term := func(s *pg_query.SelectStmt) (*nodes.Query, error) {
		// Untyped literals take the UNION's type, as in any set operation.
		ta := sub.child()
		ta.keepUnknowns = true
		st, err := ta.selectStmt(s)
		sub.params = ta.params
		a.params = ta.params
		if err != nil {
			return nil, err
		}
		return st.(*nodes.Query), nil
	}
	nr, err := term(sel.Larg)
	if err != nil {
		return err
	}
	nrCols := visibleColumns(nr)
	node := &nodes.CommonTableExpr{Name: def.name}
	for _, te := range nrCols {
		def.colNames = append(def.colNames, te.Name)
		t := te.Expr.ExprType()
		if t.Oid == types.UnknownOid {
			// SELECT 'a' UNION SELECT 'b' is text (PG: analyzeCTETargetList).
			t = types.TText
		}
		node.ColTypes = append(node.ColTypes, t)
	}
	if err := a.columnAliases(def); err != nil {
		return err
	}
	def.node = node
	def.inRecursiveTerm = true
	r, err := term(sel.Rarg)
	def.inRecursiveTerm = false
	if err != nil {
		return err
	}
	rCols := visibleColumns(r)
	if len(rCols) != len(nrCols) {
		loc := -1
		if len(rCols) > 0 {
			loc = exprLoc(rCols[0].Expr)
		}
		return pgerror.New(pgerror.SyntaxError, "each UNION query must have the same number of columns").WithPosition(a.pos(int32(loc)))
	}
	q := &nodes.Query{CommandType: nodes.CmdSelect, JoinTree: &nodes.FromExpr{}, CTEList: inner}
	op := &nodes.SetOperation{Op: nodes.SetOpUnion, All: sel.All, Larg: nr, Rarg: r}
	for i := range nrCols {
		nt, rt := nrCols[i].Expr.ExprType(), rCols[i].Expr.ExprType()
		t, err := commonType([]types.T{nt, rt}, "UNION")
		if err != nil {
			return withPos(err, a.pos(int32(exprLoc(rCols[i].Expr))))
		}
		if ct := node.ColTypes[i]; t.Oid != ct.Oid || t.Typmod != ct.Typmod {
			return pgerror.Newf(pgerror.DatatypeMismatch, "recursive query \"%s\" column %d has type %s in non-recursive term but type %s overall",
				def.name, i+1, types.FormatType(ct), types.FormatType(t)).
				WithHint("Cast the output of the non-recursive term to the correct type.").
				WithPosition(a.pos(int32(exprLoc(nrCols[i].Expr))))
		}
		for _, te := range []*nodes.TargetEntry{nrCols[i], rCols[i]} {
			if te.Expr, err = a.coerce(te.Expr, t, CoerceImplicit, exprLoc(te.Expr)); err != nil {
				return err
			}
		}
		op.ColTypes = append(op.ColTypes, t)
		v := &nodes.Var{VarNo: nodes.SetOpVar, AttNo: i + 1, Type: t, Name: nrCols[i].Name, Location: -1}
		q.TargetList = append(q.TargetList, &nodes.TargetEntry{Expr: v, ResNo: i + 1, Name: nrCols[i].Name})
	}
	if !sel.All {
		for i, t := range op.ColTypes {
			if t.Oid == types.JsonOid || t.Oid == types.JsonpathOid {
				return pgerror.Newf(pgerror.UndefinedFunction, "could not identify an equality operator for type %s", types.FormatType(t)).
					WithPosition(a.pos(int32(exprLoc(nrCols[i].Expr))))
			}
		}
	}
	q.SetOperations = op
	node.Query = q
	return nil
}

// visibleColumns returns q's non-junk target entries.
func visibleColumns(q *nodes.Query) []*nodes.TargetEntry {
	var out []*nodes.TargetEntry
	for _, te := range q.TargetList {
		if !te.ResJunk {
			out = append(out, te)
		}
	}
	return out
}

// exprLoc returns the leftmost parse location of an analyzed expression,
// the position PostgreSQL's errors point at (PG: exprLocation), or -1.
func exprLoc(e nodes.Expr) int {
	own := -1
	switch x := e.(type) {
	case *nodes.Var:
		own = x.Location
	case *nodes.Const:
		own = x.Location
	case *nodes.OpExpr:
		own = x.Location
	case *nodes.FuncExpr:
		own = x.Location
	case *nodes.CoerceExpr:
		own = x.Location
	case *nodes.Aggref:
		own = x.Location
	case *nodes.WindowFunc:
		own = x.Location
	case *nodes.SubLink:
		own = x.Location
	}
	if kids := nodes.Children(e); len(kids) > 0 {
		if l := exprLoc(kids[0]); l >= 0 && (own < 0 || l < own) {
			own = l
		}
	}
	return own
}

// recursionContext is where a raw-tree walk is, for the places a recursive
// reference may not appear (PG: RecursionContext).
type recursionContext uint8

const (
	recursionOK recursionContext = iota
	recursionNonRecursiveTerm
	recursionSublink
	recursionOuterJoin
	recursionIntersect
	recursionExcept
)

// recursionErrors are the messages of the contexts, each with one %s for
// the query's name.
var recursionErrors = [...]string{
	recursionNonRecursiveTerm: "recursive reference to query \"%s\" must not appear within its non-recursive term",
	recursionSublink:          "recursive reference to query \"%s\" must not appear within a subquery",
	recursionOuterJoin:        "recursive reference to query \"%s\" must not appear within an outer join",
	recursionIntersect:        "recursive reference to query \"%s\" must not appear within INTERSECT",
	recursionExcept:           "recursive reference to query \"%s\" must not appear within EXCEPT",
}

// cteWalk is the state of a walk over the raw queries of a WITH RECURSIVE
// list (PG: CteState).
type cteWalk struct {
	a     *analyzer
	items []*cteDef
	cur   int
	// dependsOn[i] are the items item i refers to, itself excluded.
	dependsOn []map[int]bool
	// innerWiths are the names of WITH queries nested inside the walked
	// query, which hide the list's items of the same name.
	innerWiths [][]string
	// selfRefs counts the recursive references found; context is where
	// the walk is.
	selfRefs int
	context  recursionContext
	err      error
}

// hidden reports whether a nested WITH declares name.
func (w *cteWalk) hidden(name string) bool {
	for _, l := range w.innerWiths {
		for _, n := range l {
			if n == name {
				return true
			}
		}
	}
	return false
}

// rawChildren calls visit on each message field of m, in the order the
// fields are declared, which is PostgreSQL's raw_expression_tree_walker
// order.
func rawChildren(m proto.Message, visit func(proto.Message)) {
	rm := m.ProtoReflect()
	if !rm.IsValid() {
		return
	}
	fields := rm.Descriptor().Fields()
	for i := 0; i < fields.Len(); i++ {
		fd := fields.Get(i)
		if fd.Kind() != protoreflect.MessageKind || !rm.Has(fd) {
			continue
		}
		v := rm.Get(fd)
		if fd.IsList() {
			l := v.List()
			for j := 0; j < l.Len(); j++ {
				visit(l.Get(j).Message().Interface())
			}
			continue
		}
		visit(v.Message().Interface())
	}
}

// withNames returns the names a WITH clause declares.
func withNames(w *pg_query.WithClause) []string {
	var out []string
	for _, n := range w.Ctes {
		out = append(out, n.GetCommonTableExpr().Ctename)
	}
	return out
}

// dependencies records the items the raw tree m refers to, and marks the
// current item recursive when it refers to itself (PG:
// makeDependencyGraphWalker).
func (w *cteWalk) dependencies(m proto.Message) {
	switch n := m.(type) {
	case *pg_query.RangeVar:
		if n.Schemaname != "" || w.hidden(n.Relname) {
			return
		}
		for i, it := range w.items {
			if it.name == n.Relname {
				if i == w.cur {
					it.recursive = true
				} else {
					w.dependsOn[w.cur][i] = true
				}
				break
			}
		}
		return
	case *pg_query.SelectStmt:
		if n.WithClause != nil {
			w.withScope(n.WithClause, func(c *pg_query.CommonTableExpr) { w.dependencies(c.Ctequery) })
			rawChildren(n, w.dependencies)
			w.innerWiths = w.innerWiths[1:]
			return
		}
	case *pg_query.WithClause:
		// Entered only under a SelectStmt's control, above.
		return
	}
	rawChildren(m, w.dependencies)
}

// withScope walks a nested WITH clause's queries with visit, making its
// names hide the list's items: all of them at once for WITH RECURSIVE,
// each after its own query otherwise. The caller pops the scope.
func (w *cteWalk) withScope(wc *pg_query.WithClause, visit func(*pg_query.CommonTableExpr)) {
	if wc.Recursive {
		w.innerWiths = append([][]string{withNames(wc)}, w.innerWiths...)
		for _, n := range wc.Ctes {
			visit(n.GetCommonTableExpr())
		}
		return
	}
	w.innerWiths = append([][]string{nil}, w.innerWiths...)
	for _, n := range wc.Ctes {
		c := n.GetCommonTableExpr()
		visit(c)
		w.innerWiths[0] = append(w.innerWiths[0], c.Ctename)
	}
}

// recursiveOrder finds which items of a WITH RECURSIVE list refer to
// themselves and returns the items in an order where none refers to a
// later one (PG: makeDependencyGraph and TopologicalSort), then checks the
// recursive ones (PG: checkWellFormedRecursion).
func (a *analyzer) recursiveOrder(items []*cteDef) ([]*cteDef, error) {
	w := &cteWalk{a: a, items: items, dependsOn: make([]map[int]bool, len(items))}
	for i, it := range items {
		w.cur, w.innerWiths = i, nil
		w.dependsOn[i] = map[int]bool{}
		w.dependencies(it.cte.Ctequery)
	}
	ids := make([]int, len(items))
	for i := range ids {
		ids[i] = i
	}
	for i := range ids {
		j := i
		for j < len(ids) && len(w.dependsOn[ids[j]]) > 0 {
			j++
		}
		if j == len(ids) {
			return nil, pgerror.New(pgerror.FeatureNotSupported, "mutual recursion between WITH items is not implemented").WithPosition(a.pos(items[ids[i]].cte.Location))
		}
		ids[i], ids[j] = ids[j], ids[i]
		for _, k := range ids[i+1:] {
			delete(w.dependsOn[k], ids[i])
		}
	}
	sorted := make([]*cteDef, len(items))
	for i, id := range ids {
		sorted[i] = items[id]
	}
	for _, id := range ids {
		if items[id].recursive {
			w.cur = id
			if err := w.checkRecursion(items[id]); err != nil {
				return nil, err
			}
		}
	}
	return sorted, nil
}

// checkRecursion checks a recursive item's form and where it refers to
// itself (PG: checkWellFormedRecursion).
func (w *cteWalk) checkRecursion(it *cteDef) error {
	a, c := w.a, it.cte
	stmt := c.Ctequery.GetSelectStmt()
	if stmt == nil {
		return pgerror.Newf(pgerror.InvalidRecursion, "recursive query \"%s\" must not contain data-modifying statements", c.Ctename).WithPosition(a.pos(c.Location))
	}
	if stmt.Op != pg_query.SetOperation_SETOP_UNION {
		return pgerror.Newf(pgerror.InvalidRecursion, "recursive query \"%s\" does not have the form non-recursive-term UNION [ALL] recursive-term", c.Ctename).WithPosition(a.pos(c.Location))
	}
	walk := func(m proto.Message, ctx recursionContext) error {
		w.innerWiths, w.selfRefs, w.context = nil, 0, ctx
		w.recursion(m)
		return w.err
	}
	if stmt.WithClause != nil {
		// A self-reference in a WITH enclosing the UNION is not in either term.
		for _, n := range stmt.WithClause.Ctes {
			if err := walk(n, recursionSublink); err != nil {
				return err
			}
		}
	}
	if len(stmt.SortClause) > 0 {
		return pgerror.New(pgerror.FeatureNotSupported, "ORDER BY in a recursive query is not implemented").WithPosition(a.pos(exprLocation(stmt.SortClause[0].GetSortBy().Node)))
	}
	if stmt.LimitOffset != nil {
		return pgerror.New(pgerror.FeatureNotSupported, "OFFSET in a recursive query is not implemented").WithPosition(a.pos(exprLocation(stmt.LimitOffset)))
	}
	if stmt.LimitCount != nil {
		return pgerror.New(pgerror.FeatureNotSupported, "LIMIT in a recursive query is not implemented").WithPosition(a.pos(exprLocation(stmt.LimitCount)))
	}
	if len(stmt.LockingClause) > 0 {
		return pgerror.New(pgerror.FeatureNotSupported, "FOR UPDATE/SHARE in a recursive query is not implemented")
	}
	if err := walk(stmt.Larg, recursionNonRecursiveTerm); err != nil {
		return err
	}
	if err := walk(stmt.Rarg, recursionOK); err != nil {
		return err
	}
	if w.selfRefs != 1 {
		return pgerror.Internal("missing recursive reference")
	}
	return nil
}

// recursion walks the raw tree m for references to the current item,
// failing on one in a forbidden context or on a second one (PG:
// checkWellFormedRecursionWalker).
func (w *cteWalk) recursion(m proto.Message) {
	if w.err != nil {
		return
	}
	saved := w.context
	name := w.items[w.cur].name
	switch n := m.(type) {
	case *pg_query.RangeVar:
		if n.Schemaname != "" || w.hidden(n.Relname) || n.Relname != name {
			return
		}
		if w.context != recursionOK {
			w.err = pgerror.Newf(pgerror.InvalidRecursion, recursionErrors[w.context], name).WithPosition(w.a.pos(n.Location))
			return
		}
		if w.selfRefs++; w.selfRefs > 1 {
			w.err = pgerror.Newf(pgerror.InvalidRecursion, "recursive reference to query \"%s\" must not appear more than once", name).WithPosition(w.a.pos(n.Location))
		}
		return
	case *pg_query.SelectStmt:
		if n.WithClause != nil {
			w.withScope(n.WithClause, func(c *pg_query.CommonTableExpr) { w.recursion(c.Ctequery) })
			w.selectStmt(n)
			w.innerWiths = w.innerWiths[1:]
			return
		}
		w.selectStmt(n)
		return
	case *pg_query.WithClause:
		return
	case *pg_query.JoinExpr:
		outer := func() {
			if saved == recursionOK {
				w.context = recursionOuterJoin
			}
		}
		switch n.Jointype {
		case pg_query.JoinType_JOIN_LEFT:
			w.recursion(n.Larg)
			outer()
			w.recursion(n.Rarg)
		case pg_query.JoinType_JOIN_FULL:
			outer()
			w.recursion(n.Larg)
			w.recursion(n.Rarg)
		case pg_query.JoinType_JOIN_RIGHT:
			outer()
			w.recursion(n.Larg)
			w.context = saved
			w.recursion(n.Rarg)
		default:
			w.recursion(n.Larg)
			w.recursion(n.Rarg)
		}
		w.context = saved
		w.recursion(n.Quals)
		return
	case *pg_query.SubLink:
		// The subquery is independent of the context around it.
		w.context = recursionSublink
		w.recursion(n.Subselect)
		w.context = saved
		w.recursion(n.Testexpr)
		return
	}
	rawChildren(m, w.recursion)
}

// selectStmt walks a SELECT without its WITH clause: INTERSECT ALL puts
// its inputs, EXCEPT its right input (and with ALL its left) in a
// forbidden context (PG: checkWellFormedSelectStmt).
func (w *cteWalk) selectStmt(n *pg_query.SelectStmt) {
	saved := w.context
	if saved != recursionOK {
		rawChildren(n, w.recursion)
		return
	}
	var larg, rarg recursionContext
	switch n.Op {
	case pg_query.SetOperation_SETOP_INTERSECT:
		if n.All {
			larg, rarg = recursionIntersect, recursionIntersect
		}
	case pg_query.SetOperation_SETOP_EXCEPT:
		if n.All {
			larg = recursionExcept
		}
		rarg = recursionExcept
	default:
		rawChildren(n, w.recursion)
		return
	}
	if n.Larg != nil {
		w.context = larg
		w.recursion(n.Larg)
	}
	if n.Rarg != nil {
		w.context = rarg
		w.recursion(n.Rarg)
	}
	w.context = saved
	for _, s := range n.SortClause {
		w.recursion(s)
	}
	if n.LimitOffset != nil {
		w.recursion(n.LimitOffset)
	}
	if n.LimitCount != nil {
		w.recursion(n.LimitCount)
	}
	for _, l := range n.LockingClause {
		w.recursion(l)
	}
}

// queryCallsVolatile reports whether q, or any query inside it, calls a
// volatile function.
func queryCallsVolatile(q *nodes.Query) bool {
	found := false
	var visitExpr func(e nodes.Expr)
	var visitQuery func(q *nodes.Query)
	visitExpr = func(e nodes.Expr) {
		if found || e == nil {
			return
		}
		if util.ContainsVolatile(e) {
			found = true
			return
		}
		// Subqueries in expressions are queries of their own.
		nodes.Walk(e, func(n nodes.Expr) bool {
			if sl, ok := n.(*nodes.SubLink); ok {
				visitQuery(sl.Subquery)
			}
			return !found
		})
	}
	visitQuery = func(q *nodes.Query) {
		if q == nil || found {
			return
		}
		for _, te := range q.TargetList {
			visitExpr(te.Expr)
		}
		visitExpr(q.HavingQual)
		if q.JoinTree != nil {
			visitExpr(q.JoinTree.Quals)
			for _, n := range q.JoinTree.FromList {
				nodes.WalkJoinTree(n, func(je *nodes.JoinExpr) { visitExpr(je.Quals) })
			}
		}
		for _, sj := range q.SemiJoins {
			visitExpr(sj.Quals)
		}
		for _, rte := range q.RangeTable {
			visitQuery(rte.Subquery)
			for _, row := range rte.Values {
				for _, e := range row {
					visitExpr(e)
				}
			}
			if rte.Func != nil {
				visitExpr(rte.Func)
			}
		}
	}
	visitQuery(q)
	return found
}

// bodyAnalyzer returns the analyzer of a non-recursive WITH query: a
// subquery of the level declaring it, seeing the columns of the queries
// around that level but not the level's own FROM items.
func (def *cteDef) bodyAnalyzer(a *analyzer) *analyzer {
	sub := a.child()
	sub.ctes = def.scope
	if def.owner != nil {
		sub.parent, sub.parentQuery, sub.depth = def.owner, &nodes.Query{JoinTree: &nodes.FromExpr{}}, def.depth+1
	}
	return sub
}

// raiseOuterLevels moves q's references to queries outside it (columns
// and aggregates) k levels further out.
func raiseOuterLevels(q *nodes.Query, k int) {
	var query func(q *nodes.Query, depth int)
	raise := func(depth int) func(nodes.Expr) nodes.Expr {
		var fn func(n nodes.Expr) (nodes.Expr, bool)
		fn = func(n nodes.Expr) (nodes.Expr, bool) {
			switch x := n.(type) {
			case *nodes.Var:
				if x.LevelsUp > depth {
					c := *x
					c.LevelsUp += k
					return &c, true
				}
			case *nodes.Aggref:
				if x.LevelsUp > depth {
					c := *x
					c.LevelsUp += k
					m := nodes.Mutate(&c, func(m nodes.Expr) (nodes.Expr, bool) {
						if m == nodes.Expr(&c) {
							return nil, false
						}
						return fn(m)
					})
					return m, true
				}
			case *nodes.SubLink:
				query(x.Subquery, depth+1)
				c := *x
				c.TestExpr = nodes.Mutate(x.TestExpr, fn)
				return &c, true
			}
			return nil, false
		}
		return func(e nodes.Expr) nodes.Expr { return nodes.Mutate(e, fn) }
	}
	query = func(q *nodes.Query, depth int) {
		for _, l := range append([]*nodes.Query{q}, prep.SetOpLeaves(q.SetOperations)...) {
			prep.MapQueryExprs(l, raise(depth))
			prep.MapRangeTableExprs(l, raise(depth))
			for _, rte := range l.RangeTable {
				if rte.Subquery != nil {
					query(rte.Subquery, depth+1)
				}
			}
			for _, c := range l.CTEList {
				if c.Query != nil {
					query(c.Query, depth+1)
				}
			}
			for i, agg := range l.Aggs {
				l.Aggs[i] = raise(depth)(agg).(*nodes.Aggref)
			}
		}
	}
	query(q, 0)
}
