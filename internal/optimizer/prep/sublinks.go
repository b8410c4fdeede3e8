// sublinks.go turns EXISTS, NOT EXISTS and IN subqueries at the top level
// of WHERE into semi and anti joins (PG: prepjointree.c pull_up_sublinks,
// subselect.c convert_EXISTS_sublink_to_join and
// convert_ANY_sublink_to_join). The subquery's tables join the parent's
// range table; its WHERE clause, with correlated references now plain
// references to the parent's tables, becomes the join condition.

package prep

import (
	"github.com/loomdb/loomdb/internal/nodes"
)

// PullUpSublinks converts q's top-level WHERE sublinks, in place. Those it
// cannot convert stay for the planner to run as SubPlans.
func PullUpSublinks(q *nodes.Query) error {
	if q.JoinTree == nil || q.JoinTree.Quals == nil {
		return nil
	}
	var keep []nodes.Expr
	for _, qual := range MakeAndList(q.JoinTree.Quals) {
		sl, anti := asSublink(qual)
		if sl != nil && anySubqueryConvertible(sl) {
			q.SemiJoins = append(q.SemiJoins, anySubqueryJoin(q, sl))
			continue
		}
		if sl == nil || !convertible(sl) {
			keep = append(keep, qual)
			continue
		}
		sj, err := convertSublink(q, sl, anti)
		if err != nil {
			return err
		}
		q.SemiJoins = append(q.SemiJoins, sj)
	}
	q.JoinTree.Quals = andList(keep)
	return nil
}

// asSublink recognizes EXISTS/IN and NOT EXISTS.
func asSublink(e nodes.Expr) (*nodes.SubLink, bool) {
	if sl, ok := e.(*nodes.SubLink); ok && (sl.Kind == nodes.ExistsSubLink || sl.Kind == nodes.AnySubLink) {
		return sl, false
	}
	if b, ok := e.(*nodes.BoolExpr); ok && b.Op == nodes.NotExpr {
		if sl, ok := b.Args[0].(*nodes.SubLink); ok && sl.Kind == nodes.ExistsSubLink {
			return sl, true
		}
	}
	return nil, false
}

// convertible reports whether a sublink can become a semi or anti join: a
// plain subquery; for IN, also uncorrelated at any depth, as PG requires
// (convert_ANY_sublink_to_join); for EXISTS, without WITH queries (PG:
// convert_EXISTS_sublink_to_join). Sublinks inside the subquery stay
// sublinks of the lifted join condition.
func convertible(sl *nodes.SubLink) bool {
	sub := sl.Subquery
	if !isSimpleSubquery(sub) || (sl.Kind == nodes.ExistsSubLink && len(sub.CTEList) > 0) {
		return false
	}
	if sl.Kind == nodes.ExistsSubLink && (fromCorrelated(sub) || !whereCorrelated(sub)) {
		// Only the WHERE clause may refer to the query above: a FROM
		// item that does would make the join LATERAL. And it must, or
		// there is nothing to join on: an uncorrelated EXISTS is better
		// run once, as an InitPlan (PG: the contain_vars_of_level tests
		// of convert_EXISTS_sublink_to_join).
		return false
	}
	return sl.Kind != nodes.AnySubLink || !correlated(sub, 0)
}

// anySubqueryConvertible reports whether sl is an IN over an
// uncorrelated subquery that cannot be flattened (it groups, aggregates,
// limits or is a set operation): it becomes a semi join with the subquery
// as a relation of its own (PG: convert_ANY_sublink_to_join, which does
// this for every uncorrelated IN).
func anySubqueryConvertible(sl *nodes.SubLink) bool {
	return sl.Kind == nodes.AnySubLink && sl.Subquery.CommandType == nodes.CmdSelect && !isSimpleSubquery(sl.Subquery) &&
		!correlated(sl.Subquery, 0) && !containsVolatile(sl.TestExpr)
}

// anySubqueryJoin makes sl's subquery a new range-table entry of q,
// "ANY_subquery" as PostgreSQL names it, and returns the semi join of q
// with it on sl's comparison.
func anySubqueryJoin(q *nodes.Query, sl *nodes.SubLink) *nodes.SemiJoin {
	sub := sl.Subquery
	rte := &nodes.RangeTblEntry{Kind: nodes.RTESubquery, Alias: "ANY_subquery", RelName: "ANY_subquery", Subquery: sub}
	var visible []*nodes.Var
	for _, te := range sub.TargetList {
		if te.ResJunk {
			continue
		}
		rte.ColNames = append(rte.ColNames, te.Name)
		rte.ColTypes = append(rte.ColTypes, te.Expr.ExprType())
		visible = append(visible, &nodes.Var{VarNo: len(q.RangeTable) + 1, AttNo: len(rte.ColNames), Type: te.Expr.ExprType(),
			Name: te.Name, RelName: rte.Alias, Location: -1})
	}
	q.RangeTable = append(q.RangeTable, rte)
	quals := nodes.Mutate(sl.TestExpr, func(n nodes.Expr) (nodes.Expr, bool) {
		if p, ok := n.(*nodes.Param); ok && p.Kind == nodes.ParamSublink {
			return visible[p.ID-1], true
		}
		return nil, false
	})
	return &nodes.SemiJoin{FromList: []nodes.JoinNode{&nodes.RangeTblRef{RTIndex: len(q.RangeTable)}}, Quals: quals}
}

// whereCorrelated reports whether q's WHERE clause refers to the query
// directly above q, itself or through a subquery of its own.
func whereCorrelated(q *nodes.Query) bool {
	return q.JoinTree != nil && q.JoinTree.Quals != nil && nodes.Contains(q.JoinTree.Quals, func(n nodes.Expr) bool {
		switch x := n.(type) {
		case *nodes.Var:
			return x.LevelsUp == 1
		case *nodes.SubLink:
			return correlated(x.Subquery, 1)
		}
		return false
	})
}

// fromCorrelated reports whether q's FROM items (subqueries, functions,
// VALUES lists, join conditions) refer to the query above q.
func fromCorrelated(q *nodes.Query) bool {
	refers := func(e nodes.Expr) bool {
		return e != nil && (nodes.Contains(e, func(n nodes.Expr) bool {
			v, ok := n.(*nodes.Var)
			return ok && v.LevelsUp > 0
		}) || nodes.Contains(e, func(n nodes.Expr) bool {
			sl, ok := n.(*nodes.SubLink)
			return ok && correlated(sl.Subquery, 1)
		}))
	}
	for _, rte := range q.RangeTable {
		if rte.Subquery != nil && correlated(rte.Subquery, 1) {
			return true
		}
	}
	found := false
	MapRangeTableExprs(q, func(e nodes.Expr) nodes.Expr {
		found = found || refers(e)
		return e
	})
	var join func(n nodes.JoinNode)
	join = func(n nodes.JoinNode) {
		if je, ok := n.(*nodes.JoinExpr); ok {
			found = found || refers(je.Quals)
			join(je.Larg)
			join(je.Rarg)
		}
	}
	for _, n := range q.JoinTree.FromList {
		join(n)
	}
	return found
}

// correlated reports whether q, or a query nested in its sublinks or FROM
// subqueries, refers to the query above q; q is depth levels below the
// query it is tested against.
func correlated(q *nodes.Query, depth int) bool {
	found := false
	forEachNestedExpr(q, depth, func(e nodes.Expr, d int) {
		found = found || nodes.Contains(e, func(n nodes.Expr) bool {
			v, ok := n.(*nodes.Var)
			return ok && v.LevelsUp > d
		})
	})
	return found
}

// SetOpLeaves returns the leaf queries of a set operation tree, left to
// right. A leaf's references to enclosing queries count their levels as
// the set operation's query's would: the leaves are part of its level.
func SetOpLeaves(op *nodes.SetOperation) []*nodes.Query {
	if op == nil {
		return nil
	}
	var out []*nodes.Query
	for _, arm := range []any{op.Larg, op.Rarg} {
		switch x := arm.(type) {
		case *nodes.Query:
			out = append(out, x)
		case *nodes.SetOperation:
			out = append(out, SetOpLeaves(x)...)
		}
	}
	return out
}

// OuterLevelVars returns the references of q, and of the queries nested in
// it, to the query one level above q, as that query's own Vars
// (LevelsUp 0), each occurrence in PostgreSQL's walking order (target
// list, join tree, HAVING, OFFSET, LIMIT, then the range table): for a
// LATERAL subquery in FROM, the columns of the FROM items before it that
// it reads (PG: pull_vars_of_level).
func OuterLevelVars(q *nodes.Query) []*nodes.Var {
	var out []*nodes.Var
	var query func(q *nodes.Query, depth int)
	var expr func(e nodes.Expr, depth int)
	expr = func(e nodes.Expr, depth int) {
		nodes.Walk(e, func(n nodes.Expr) bool {
			switch x := n.(type) {
			case *nodes.Var:
				if x.LevelsUp == depth+1 {
					c := *x
					c.LevelsUp = 0
					out = append(out, &c)
				}
			case *nodes.SubLink:
				expr(x.TestExpr, depth)
				query(x.Subquery, depth+1)
				return false
			}
			return true
		})
	}
	var join func(n nodes.JoinNode, depth int)
	join = func(n nodes.JoinNode, depth int) {
		if je, ok := n.(*nodes.JoinExpr); ok {
			join(je.Larg, depth)
			join(je.Rarg, depth)
			expr(je.Quals, depth)
		}
	}
	query = func(q *nodes.Query, depth int) {
		for _, te := range q.TargetList {
			expr(te.Expr, depth)
		}
		if q.JoinTree != nil {
			for _, n := range q.JoinTree.FromList {
				join(n, depth)
			}
			expr(q.JoinTree.Quals, depth)
		}
		for _, sj := range q.SemiJoins {
			expr(sj.Quals, depth)
		}
		expr(q.HavingQual, depth)
		expr(q.LimitOffset, depth)
		expr(q.LimitCount, depth)
		for _, rte := range q.RangeTable {
			switch {
			case rte.Subquery != nil:
				query(rte.Subquery, depth+1)
			case rte.Func != nil:
				expr(rte.Func, depth)
			}
			for _, row := range rte.Values {
				for _, e := range row {
					expr(e, depth)
				}
			}
		}
		for _, leaf := range SetOpLeaves(q.SetOperations) {
			query(leaf, depth)
		}
	}
	query(q, 0)
	return out
}

// forEachNestedExpr calls fn on each expression of q's own level (at depth)
// and of the queries nested in its sublinks and FROM subqueries, with each
// one's depth.
func forEachNestedExpr(q *nodes.Query, depth int, fn func(nodes.Expr, int)) {
	for _, rte := range q.RangeTable {
		if rte.Subquery != nil {
			forEachNestedExpr(rte.Subquery, depth+1, fn)
		}
	}
	for _, arm := range SetOpLeaves(q.SetOperations) {
		forEachNestedExpr(arm, depth, fn)
	}
	forEachLevelExpr(q, func(e nodes.Expr) {
		fn(e, depth)
		nodes.Walk(e, func(n nodes.Expr) bool {
			if sl, ok := n.(*nodes.SubLink); ok {
				forEachNestedExpr(sl.Subquery, depth+1, fn)
			}
			return true
		})
	})
}

// shiftNestedVars adjusts, in the queries nested in e's sublinks, the Vars
// that refer to a subquery being pulled up into its parent: references to
// the subquery's level (LevelsUp == depth inside) move to the parent's
// range table at offset, and references above it come one level closer.
func shiftNestedVars(e nodes.Expr, depth, offset int) {
	nodes.Walk(e, func(n nodes.Expr) bool {
		if sl, ok := n.(*nodes.SubLink); ok {
			shiftQueryVars(sl.Subquery, depth+1, offset)
		}
		return true
	})
}

func shiftQueryVars(q *nodes.Query, depth, offset int) {
	for _, rte := range q.RangeTable {
		if rte.Subquery != nil {
			shiftQueryVars(rte.Subquery, depth+1, offset)
		}
	}
	for _, arm := range SetOpLeaves(q.SetOperations) {
		shiftQueryVars(arm, depth, offset)
	}
	mapLevelExprs(q, func(e nodes.Expr) nodes.Expr {
		out := nodes.Mutate(e, func(n nodes.Expr) (nodes.Expr, bool) {
			v, ok := n.(*nodes.Var)
			if !ok || v.LevelsUp < depth {
				return nil, false
			}
			c := *v
			if v.LevelsUp == depth {
				if v.VarNo > 0 {
					c.VarNo += offset
				}
			} else {
				c.LevelsUp--
			}
			return &c, true
		})
		shiftNestedVars(out, depth, offset)
		return out
	})
}

// QueryHasSublinks reports whether q's own expressions, its range-table
// entries' included, contain sublinks.
func QueryHasSublinks(q *nodes.Query) bool {
	found := false
	forEachLevelExpr(q, func(e nodes.Expr) {
		found = found || nodes.Contains(e, func(n nodes.Expr) bool {
			_, ok := n.(*nodes.SubLink)
			return ok
		})
	})
	return found
}

// ForEachQueryExpr calls fn on each expression of q's own level.
func ForEachQueryExpr(q *nodes.Query, fn func(nodes.Expr)) {
	MapQueryExprs(q, func(e nodes.Expr) nodes.Expr {
		fn(e)
		return e
	})
}

// MapQueryExprs replaces each expression of q's own level (target list,
// join conditions, WHERE, semi-join conditions, HAVING, LIMIT and OFFSET)
// by fn's result.
func MapQueryExprs(q *nodes.Query, fn func(nodes.Expr) nodes.Expr) {
	for _, te := range q.TargetList {
		te.Expr = fn(te.Expr)
	}
	if q.JoinTree != nil {
		for _, n := range q.JoinTree.FromList {
			replaceInJoin(n, fn)
		}
		q.JoinTree.Quals = fn(q.JoinTree.Quals)
	}
	for _, sj := range q.SemiJoins {
		sj.Quals = fn(sj.Quals)
	}
	q.HavingQual = fn(q.HavingQual)
	q.LimitCount = fn(q.LimitCount)
	q.LimitOffset = fn(q.LimitOffset)
}

// MapRangeTableExprs replaces the expressions of q's range-table entries
// (the arguments of functions in FROM and the cells of VALUES lists) by
// fn's results. They belong to q's level: their Vars name q's tables, or
// with LevelsUp those of the queries around q.
func MapRangeTableExprs(q *nodes.Query, fn func(nodes.Expr) nodes.Expr) {
	for _, rte := range q.RangeTable {
		if rte.Func != nil {
			c := *rte.Func
			c.Args = make([]nodes.Expr, len(rte.Func.Args))
			for i, a := range rte.Func.Args {
				c.Args[i] = fn(a)
			}
			rte.Func = &c
		}
		for _, row := range rte.Values {
			for i, e := range row {
				row[i] = fn(e)
			}
		}
	}
}

// mapLevelExprs is MapQueryExprs followed by MapRangeTableExprs: every
// expression of q's level.
func mapLevelExprs(q *nodes.Query, fn func(nodes.Expr) nodes.Expr) {
	MapQueryExprs(q, fn)
	MapRangeTableExprs(q, fn)
}

// forEachLevelExpr calls fn on every expression of q's level.
func forEachLevelExpr(q *nodes.Query, fn func(nodes.Expr)) {
	mapLevelExprs(q, func(e nodes.Expr) nodes.Expr {
		fn(e)
		return e
	})
}

// liftInto prepares sub to be merged into its parent query, whose range
// table its own will follow from offset on. It adjusts sub's range-table
// expressions and the subqueries in its FROM in place, and returns the
// function that adjusts sub's other expressions: references to sub's own
// tables move by offset, references to the parent come one level closer,
// and the queries nested in sublinks follow.
func liftInto(sub *nodes.Query, offset int) func(nodes.Expr) nodes.Expr {
	lift := func(e nodes.Expr) nodes.Expr {
		out := nodes.Mutate(e, func(n nodes.Expr) (nodes.Expr, bool) {
			v, ok := n.(*nodes.Var)
			if !ok {
				return nil, false
			}
			c := *v
			if v.LevelsUp > 0 {
				c.LevelsUp--
			} else if v.VarNo > 0 {
				c.VarNo += offset
			}
			return &c, true
		})
		shiftNestedVars(out, 0, offset)
		return out
	}
	MapRangeTableExprs(sub, lift)
	for _, rte := range sub.RangeTable {
		if rte.Subquery != nil {
			shiftQueryVars(rte.Subquery, 1, offset)
		}
	}
	return lift
}

// mergeSemiSublinks turns the EXISTS and IN sublinks at the top level of
// sub's WHERE into inner joins of sub. sub is itself becoming a semi or
// anti join, which asks only whether some row of it exists, and a row for
// which such a sublink holds exists exactly when a row of sub joined with
// the sublink's tables does: TPC-H Q20's part filter then joins partsupp
// inside the semi join instead of running as a SubPlan per row. (PG gets
// there by pulling up the sublinks of the subquery it pulls up, and then
// joining the inner semi join's relations unique-ified.)
func mergeSemiSublinks(sub *nodes.Query) error {
	if sub.JoinTree == nil || sub.JoinTree.Quals == nil || len(sub.SemiJoins) > 0 {
		return nil
	}
	var keep []nodes.Expr
	merged := false
	for _, qual := range MakeAndList(sub.JoinTree.Quals) {
		sl, anti := asSublink(qual)
		// A sublink reading the queries around sub stays one: merged,
		// its references would move into sub's FROM list.
		if sl == nil || anti || !convertible(sl) || correlated(sl.Subquery, 1) {
			keep = append(keep, qual)
			continue
		}
		sj, err := convertSublink(sub, sl, false)
		if err != nil {
			return err
		}
		sub.JoinTree.FromList = append(sub.JoinTree.FromList, sj.FromList...)
		if sj.Quals != nil {
			keep = append(keep, sj.Quals)
		}
		merged = true
	}
	if !merged {
		return nil
	}
	sub.JoinTree.Quals = andList(keep)
	return nil
}

func convertSublink(q *nodes.Query, sl *nodes.SubLink, anti bool) (*nodes.SemiJoin, error) {
	sub := sl.Subquery
	if err := mergeSemiSublinks(sub); err != nil {
		return nil, err
	}
	if err := PullUpSubqueries(sub); err != nil {
		return nil, err
	}
	offset := len(q.RangeTable)
	lift := liftInto(sub, offset)
	q.RangeTable = append(q.RangeTable, sub.RangeTable...)
	// The subquery's recursive WITH queries read nothing around them.
	q.CTEList = append(q.CTEList, sub.CTEList...)
	sj := &nodes.SemiJoin{Anti: anti}
	for _, n := range sub.JoinTree.FromList {
		sj.FromList = append(sj.FromList, renumberJoin(n, offset, lift))
	}
	var quals []nodes.Expr
	if sub.JoinTree.Quals != nil {
		quals = append(quals, lift(sub.JoinTree.Quals))
	}
	if sl.Kind == nodes.AnySubLink {
		// The comparison's left side is the parent's; the placeholder for
		// the subquery's column becomes that column.
		var visible []nodes.Expr
		for _, te := range sub.TargetList {
			if !te.ResJunk {
				visible = append(visible, te.Expr)
			}
		}
		quals = append(quals, nodes.Mutate(sl.TestExpr, func(n nodes.Expr) (nodes.Expr, bool) {
			if p, ok := n.(*nodes.Param); ok && p.Kind == nodes.ParamSublink {
				return lift(visible[p.ID-1]), true
			}
			return nil, false
		}))
	}
	sj.Quals = andList(quals)
	return sj, nil
}
