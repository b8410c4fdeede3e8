// prepjointree.go flattens simple subqueries in FROM into the parent query
// (PG: prepjointree.c pull_up_subqueries): their tables join the parent's
// range table and FROM list, their WHERE clauses join the parent's, and
// references to their output columns are replaced by the expressions
// behind them.

package prep

import (
	"github.com/loomdb/loomdb/internal/funcs"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/types"
)

// PullUpSubqueries flattens the simple subqueries among q's top-level FROM
// items, in place. q's own sublinks must already be pulled up (as in PG,
// PullUpSublinks runs first); a flattened subquery's are pulled up here and
// its semi joins become q's.
func PullUpSubqueries(q *nodes.Query) error {
	if q.JoinTree == nil {
		return nil
	}
	var out []nodes.JoinNode
	var extraQuals []nodes.Expr
	// Correlated sublinks left in q refer to its range table as it is.
	frozen := correlatedSublinks(q)
	for _, item := range q.JoinTree.FromList {
		ref, ok := item.(*nodes.RangeTblRef)
		if !ok {
			out = append(out, item)
			continue
		}
		rte := q.RangeTable[ref.RTIndex-1]
		if rte.Kind != nodes.RTESubquery || !isSimpleFromSubquery(rte.Subquery) || frozen || QueryHasSublinks(rte.Subquery) ||
			lateralOuterJoinRefs(rte.Subquery) ||
			// Without FROM items left, the semi joins would have nothing
			// to join to.
			len(rte.Subquery.JoinTree.FromList) == 0 && len(q.SemiJoins) > 0 {
			out = append(out, item)
			continue
		}
		sub := rte.Subquery
		if err := PullUpSublinks(sub); err != nil {
			return err
		}
		if err := PullUpSubqueries(sub); err != nil {
			return err
		}
		offset := len(q.RangeTable)
		// A LATERAL subquery's references to q's tables become plain
		// references of q's level.
		renumber := liftInto(sub, offset)
		q.RangeTable = append(q.RangeTable, sub.RangeTable...)
		q.CTEList = append(q.CTEList, sub.CTEList...)
		var outputs []nodes.Expr
		for _, te := range sub.TargetList {
			if !te.ResJunk {
				outputs = append(outputs, renumber(te.Expr))
			}
		}
		rti := ref.RTIndex
		replace := func(e nodes.Expr) nodes.Expr {
			return nodes.Mutate(e, func(n nodes.Expr) (nodes.Expr, bool) {
				if v, ok := n.(*nodes.Var); ok && v.VarNo == rti && v.LevelsUp == 0 && v.AttNo-1 < len(outputs) {
					return outputs[v.AttNo-1], true
				}
				return nil, false
			})
		}
		for _, te := range q.TargetList {
			te.Expr = replace(te.Expr)
		}
		q.JoinTree.Quals = replace(q.JoinTree.Quals)
		q.HavingQual = replace(q.HavingQual)
		for i, a := range q.Aggs {
			q.Aggs[i] = replace(a).(*nodes.Aggref)
		}
		for _, n := range q.JoinTree.FromList {
			replaceInJoin(n, replace)
		}
		for _, sj := range q.SemiJoins {
			sj.Quals = replace(sj.Quals)
		}
		// Functions, VALUES lists and LATERAL subqueries later in FROM
		// may refer to the subquery's columns too.
		for _, other := range q.RangeTable[:offset] {
			if other == rte {
				continue
			}
			if other.Func != nil || other.Values != nil {
				MapRangeTableExprs(&nodes.Query{RangeTable: []*nodes.RangeTblEntry{other}}, replace)
			}
			if other.Subquery != nil {
				replaceNestedVars(other.Subquery, 1, rti, outputs)
			}
		}
		for _, sj := range sub.SemiJoins {
			c := &nodes.SemiJoin{Anti: sj.Anti, Quals: renumber(sj.Quals)}
			for _, n := range sj.FromList {
				c.FromList = append(c.FromList, renumberJoin(n, offset, renumber))
			}
			q.SemiJoins = append(q.SemiJoins, c)
		}
		for _, n := range sub.JoinTree.FromList {
			out = append(out, renumberJoin(n, offset, renumber))
		}
		if sub.JoinTree.Quals != nil {
			extraQuals = append(extraQuals, renumber(sub.JoinTree.Quals))
		}
	}
	q.JoinTree.FromList = out
	if len(extraQuals) > 0 {
		// The subqueries' own quals come first, as PG's flattening orders them.
		all := extraQuals
		if q.JoinTree.Quals != nil {
			all = append(extraQuals, q.JoinTree.Quals)
		}
		if len(all) == 1 {
			q.JoinTree.Quals = all[0]
		} else {
			q.JoinTree.Quals = &nodes.BoolExpr{Op: nodes.AndExpr, Args: all}
		}
	}
	return nil
}

// lateralOuterJoinRefs reports whether an outer join inside sq has a join
// condition referring to the query above sq: flattening sq would move
// that condition below its outer join's level (PG: the test of
// jointree_contains_lateral_outer_refs in is_simple_subquery).
func lateralOuterJoinRefs(sq *nodes.Query) bool {
	found := false
	for _, n := range sq.JoinTree.FromList {
		nodes.WalkJoinTree(n, func(je *nodes.JoinExpr) {
			if je.JoinType == nodes.JoinInner || je.Quals == nil || found {
				return
			}
			found = nodes.Contains(je.Quals, func(x nodes.Expr) bool {
				v, ok := x.(*nodes.Var)
				return ok && v.LevelsUp > 0
			})
			shallow := &nodes.Query{JoinTree: &nodes.FromExpr{Quals: je.Quals}}
			found = found || correlated(shallow, 0)
		})
	}
	return found
}

// replaceNestedVars replaces, in q nested depth levels below the query
// being flattened, the references to that query's entry rti by the
// expressions outputs (in the query's terms) moved depth levels out.
func replaceNestedVars(q *nodes.Query, depth, rti int, outputs []nodes.Expr) {
	for _, rte := range q.RangeTable {
		if rte.Subquery != nil {
			replaceNestedVars(rte.Subquery, depth+1, rti, outputs)
		}
	}
	for _, arm := range SetOpLeaves(q.SetOperations) {
		replaceNestedVars(arm, depth, rti, outputs)
	}
	mapLevelExprs(q, func(e nodes.Expr) nodes.Expr {
		nodes.Walk(e, func(n nodes.Expr) bool {
			if sl, ok := n.(*nodes.SubLink); ok {
				replaceNestedVars(sl.Subquery, depth+1, rti, outputs)
			}
			return true
		})
		return nodes.Mutate(e, func(n nodes.Expr) (nodes.Expr, bool) {
			v, ok := n.(*nodes.Var)
			if !ok || v.LevelsUp != depth || v.VarNo != rti || v.AttNo-1 >= len(outputs) {
				return nil, false
			}
			return nodes.Mutate(outputs[v.AttNo-1], func(m nodes.Expr) (nodes.Expr, bool) {
				if w, ok := m.(*nodes.Var); ok {
					c := *w
					c.LevelsUp += depth
					return &c, true
				}
				return nil, false
			}), true
		})
	})
}

// correlatedSublinks reports whether q's expressions hold sublinks whose
// subqueries refer to q's columns.
func correlatedSublinks(q *nodes.Query) bool {
	found := false
	ForEachQueryExpr(q, func(e nodes.Expr) {
		found = found || nodes.Contains(e, func(n nodes.Expr) bool {
			sl, ok := n.(*nodes.SubLink)
			return ok && correlated(sl.Subquery, 0)
		})
	})
	return found
}

// isSimpleSubquery reports whether a subquery can be flattened: a plain
// SELECT ... FROM ... WHERE without grouping, aggregation, DISTINCT,
// ordering, limits, window functions or set operations (PG:
// is_simple_subquery).
//
// PostgreSQL does not flatten a subquery with WITH queries of its own; it
// plans it apart, pushing the parent's conditions down into it. loomdb
// pushes no conditions into subqueries, so it flattens the subquery and
// moves its recursive WITH queries, which read nothing of the queries
// around them, up to the parent: the plan PostgreSQL gets by pushing down.
func isSimpleSubquery(sq *nodes.Query) bool {
	return isPlainSelect(sq) && len(sq.JoinTree.FromList) > 0
}

// isPlainSelect reports whether sq is a SELECT without grouping,
// aggregation, DISTINCT, ordering, limits, window functions, set
// operations or set-returning functions in its select list.
func isPlainSelect(sq *nodes.Query) bool {
	return sq.CommandType == nodes.CmdSelect && sq.SetOperations == nil && !sq.HasAggs && len(sq.WindowClause) == 0 && !sq.HasTargetSRFs &&
		len(sq.GroupClause) == 0 && len(sq.GroupingSets) == 0 && sq.HavingQual == nil && len(sq.DistinctClause) == 0 &&
		len(sq.SortClause) == 0 && sq.LimitCount == nil && sq.LimitOffset == nil
}

// isSimpleFromSubquery reports whether a subquery in FROM can be
// flattened into its parent (PG: is_simple_subquery): a plain SELECT,
// possibly without FROM, whose output columns call no volatile function
// (each reference to them would call it again).
func isSimpleFromSubquery(sq *nodes.Query) bool {
	if !isPlainSelect(sq) {
		return false
	}
	for _, te := range sq.TargetList {
		if containsVolatile(te.Expr) {
			return false
		}
	}
	return true
}

// containsVolatile reports whether e calls a volatile function.
func containsVolatile(e nodes.Expr) bool {
	return nodes.Contains(e, func(n nodes.Expr) bool {
		var oid types.Oid
		switch x := n.(type) {
		case *nodes.FuncExpr:
			oid = x.FuncOid
		case *nodes.OpExpr:
			oid = x.FuncOid
		default:
			return false
		}
		f := funcs.FuncByOid(oid)
		return f != nil && f.Volatile == funcs.Volatile
	})
}

func replaceInJoin(n nodes.JoinNode, replace func(nodes.Expr) nodes.Expr) {
	if je, ok := n.(*nodes.JoinExpr); ok {
		replaceInJoin(je.Larg, replace)
		replaceInJoin(je.Rarg, replace)
		je.Quals = replace(je.Quals)
	}
}

func renumberJoin(n nodes.JoinNode, offset int, renumber func(nodes.Expr) nodes.Expr) nodes.JoinNode {
	switch x := n.(type) {
	case *nodes.RangeTblRef:
		return &nodes.RangeTblRef{RTIndex: x.RTIndex + offset}
	case *nodes.JoinExpr:
		c := *x
		c.Larg = renumberJoin(x.Larg, offset, renumber)
		c.Rarg = renumberJoin(x.Rarg, offset, renumber)
		c.Quals = renumber(x.Quals)
		return &c
	}
	return n
}
