// cte.go analyzes WITH clauses (PG: parser/parse_cte.c). A non-recursive
// common table expression is analyzed where it is defined, for its errors
// and its columns; each reference becomes a subquery in FROM (the first
// takes that analysis, later ones analyze the query afresh, since planning
// changes a query in place): PostgreSQL 12+ inlines such a CTE too when it is referenced once,
// and referencing the same side-effect-free query twice gives the same
// rows. A CTE whose query calls volatile functions must be evaluated once
// when referenced twice or marked MATERIALIZED, which loomdb refuses with
// 0A000 rather than answer differently.

package analyze

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/optimizer/util"
	"github.com/loomdb/loomdb/internal/pgerror"
)

// cteDef is one WITH query in scope.
type cteDef struct {
	name string
	cte  *pg_query.CommonTableExpr
	// scope is the list of CTEs visible inside this one's query: those of
	// enclosing levels and earlier siblings.
	scope    []*cteDef
	colNames []string
	volatile bool
	refs     int
	// query is the analysis made at the definition, handed to the first
	// reference; later references analyze the query again.
	query *nodes.Query
}

// child returns an analyzer for a nested query of the same statement text,
// seeing the same CTEs.
func (a *analyzer) child() *analyzer {
	return &analyzer{env: a.env, sql: a.sql, offset: a.offset, params: a.params, ctes: a.ctes}
}

// withClause brings a WITH clause's queries into scope for the rest of the
// statement level and returns the function that takes them out again.
func (a *analyzer) withClause(w *pg_query.WithClause) (func(), error) {
	saved := a.ctes
	restore := func() { a.ctes = saved }
	seen := map[string]bool{}
	for _, n := range w.Ctes {
		c := n.GetCommonTableExpr()
		if seen[c.Ctename] {
			restore()
			return nil, pgerror.Newf(pgerror.DuplicateAlias, "WITH query name \"%s\" specified more than once", c.Ctename).WithPosition(a.pos(c.Location))
		}
		seen[c.Ctename] = true
		sel := c.Ctequery.GetSelectStmt()
		if sel == nil {
			restore()
			return nil, pgerror.Unsupported("data-modifying statements in WITH are not supported yet").WithPosition(a.pos(c.Location))
		}
		if len(c.Aliascolnames) > 0 && len(c.Ctecoltypes) > 0 {
			restore()
			return nil, pgerror.Unsupported("this WITH query is not supported yet").WithPosition(a.pos(c.Location))
		}
		if w.Recursive && selfReferencing(c.Ctequery, c.Ctename) {
			restore()
			return nil, pgerror.Unsupported("WITH RECURSIVE is not supported yet").WithPosition(a.pos(c.Location))
		}
		def := &cteDef{name: c.Ctename, cte: c, scope: a.ctes}
		sub := a.child()
		sub.ctes = def.scope
		st, err := sub.selectStmt(sel)
		a.params = sub.params
		if err != nil {
			restore()
			return nil, err
		}
		sq := st.(*nodes.Query)
		for _, te := range sq.TargetList {
			if !te.ResJunk {
				def.colNames = append(def.colNames, te.Name)
			}
		}
		if len(c.Aliascolnames) > len(def.colNames) {
			restore()
			return nil, pgerror.Newf(pgerror.InvalidColumnReference, "WITH query \"%s\" has %d columns available but %d columns specified", c.Ctename, len(def.colNames), len(c.Aliascolnames)).WithPosition(a.pos(c.Location))
		}
		for i, cn := range c.Aliascolnames {
			def.colNames[i] = strVal(cn)
		}
		def.volatile = queryCallsVolatile(sq)
		def.query = sq
		a.ctes = append(a.ctes[:len(a.ctes):len(a.ctes)], def)
	}
	return restore, nil
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

// cteRTE analyzes a reference to WITH query def as a subquery in FROM.
func (a *analyzer) cteRTE(def *cteDef, rv *pg_query.RangeVar) (*nodes.RangeTblEntry, error) {
	def.refs++
	if def.volatile && (def.refs > 1 || def.cte.Ctematerialized == pg_query.CTEMaterialize_CTEMaterializeAlways) {
		return nil, pgerror.Unsupported("WITH query \"%s\" calls volatile functions and would have to be evaluated once; this is not supported yet", def.name).WithPosition(a.pos(rv.Location))
	}
	sq := def.query
	def.query = nil
	if sq == nil {
		sub := a.child()
		sub.ctes = def.scope
		st, err := sub.selectStmt(def.cte.Ctequery.GetSelectStmt())
		a.params = sub.params
		if err != nil {
			return nil, err
		}
		sq = st.(*nodes.Query)
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

// selfReferencing reports whether a WITH query's text refers to its own
// name in a FROM clause anywhere inside it.
func selfReferencing(n *pg_query.Node, name string) bool {
	found := false
	var walk func(n *pg_query.Node)
	walk = func(n *pg_query.Node) {
		if n == nil || found {
			return
		}
		switch {
		case n.GetRangeVar() != nil:
			rv := n.GetRangeVar()
			if rv.Schemaname == "" && rv.Relname == name {
				found = true
			}
		case n.GetSelectStmt() != nil:
			s := n.GetSelectStmt()
			for _, f := range s.FromClause {
				walk(f)
			}
			for _, t := range s.TargetList {
				walk(t)
			}
			walk(s.WhereClause)
			walk(s.HavingClause)
			if s.Larg != nil {
				walk(&pg_query.Node{Node: &pg_query.Node_SelectStmt{SelectStmt: s.Larg}})
			}
			if s.Rarg != nil {
				walk(&pg_query.Node{Node: &pg_query.Node_SelectStmt{SelectStmt: s.Rarg}})
			}
			if s.WithClause != nil {
				for _, c := range s.WithClause.Ctes {
					walk(c.GetCommonTableExpr().Ctequery)
				}
			}
		case n.GetJoinExpr() != nil:
			walk(n.GetJoinExpr().Larg)
			walk(n.GetJoinExpr().Rarg)
			walk(n.GetJoinExpr().Quals)
		case n.GetRangeSubselect() != nil:
			walk(n.GetRangeSubselect().Subquery)
		case n.GetSubLink() != nil:
			walk(n.GetSubLink().Subselect)
			walk(n.GetSubLink().Testexpr)
		case n.GetResTarget() != nil:
			walk(n.GetResTarget().Val)
		case n.GetAExpr() != nil:
			walk(n.GetAExpr().Lexpr)
			walk(n.GetAExpr().Rexpr)
		case n.GetBoolExpr() != nil:
			for _, x := range n.GetBoolExpr().Args {
				walk(x)
			}
		}
	}
	walk(n)
	return found
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
