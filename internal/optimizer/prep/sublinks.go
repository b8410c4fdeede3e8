// sublinks.go turns EXISTS, NOT EXISTS and IN subqueries at the top level
// of WHERE into semi and anti joins (PG: prepjointree.c pull_up_sublinks,
// subselect.c convert_EXISTS_sublink_to_join and
// convert_ANY_sublink_to_join). The subquery's tables join the parent's
// range table; its WHERE clause, with correlated references now plain
// references to the parent's tables, becomes the join condition.

package prep

import (
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
)

// PullUpSublinks converts q's top-level WHERE sublinks, in place. Sublinks
// it cannot convert are reported as not supported.
func PullUpSublinks(q *nodes.Query) error {
	if q.JoinTree == nil || q.JoinTree.Quals == nil {
		return checkNoSublinks(q)
	}
	var keep []nodes.Expr
	for _, qual := range MakeAndList(q.JoinTree.Quals) {
		sl, anti := asSublink(qual)
		if sl == nil {
			keep = append(keep, qual)
			continue
		}
		sj, err := convertSublink(q, sl, anti)
		if err != nil {
			return err
		}
		q.SemiJoins = append(q.SemiJoins, sj)
	}
	switch len(keep) {
	case 0:
		q.JoinTree.Quals = nil
	case 1:
		q.JoinTree.Quals = keep[0]
	default:
		q.JoinTree.Quals = &nodes.BoolExpr{Op: nodes.AndExpr, Args: keep}
	}
	return checkNoSublinks(q)
}

// asSublink recognizes EXISTS/IN and NOT EXISTS.
func asSublink(e nodes.Expr) (*nodes.SubLink, bool) {
	if sl, ok := e.(*nodes.SubLink); ok {
		return sl, false
	}
	if b, ok := e.(*nodes.BoolExpr); ok && b.Op == nodes.NotExpr {
		if sl, ok := b.Args[0].(*nodes.SubLink); ok && sl.Kind == nodes.ExistsSubLink {
			return sl, true
		}
	}
	return nil, false
}

func convertSublink(q *nodes.Query, sl *nodes.SubLink, anti bool) (*nodes.SemiJoin, error) {
	sub := sl.Subquery
	if !isSimpleSubquery(sub) {
		return nil, pgerror.Unsupported("subqueries with grouping, aggregates, DISTINCT, ORDER BY or LIMIT in WHERE are not supported yet")
	}
	if err := PullUpSublinks(sub); err != nil {
		return nil, err
	}
	if err := PullUpSubqueries(sub); err != nil {
		return nil, err
	}
	if len(sub.SemiJoins) > 0 {
		return nil, pgerror.Unsupported("nested EXISTS/IN subqueries are not supported yet")
	}
	offset := len(q.RangeTable)
	lift := func(e nodes.Expr) nodes.Expr {
		return nodes.Mutate(e, func(n nodes.Expr) (nodes.Expr, bool) {
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
	}
	q.RangeTable = append(q.RangeTable, sub.RangeTable...)
	sj := &nodes.SemiJoin{Anti: anti}
	for _, n := range sub.JoinTree.FromList {
		sj.FromList = append(sj.FromList, renumberJoin(n, offset, lift))
	}
	var quals []nodes.Expr
	if sub.JoinTree.Quals != nil {
		quals = append(quals, lift(sub.JoinTree.Quals))
	}
	if sl.Kind == nodes.AnySubLink {
		// The comparison's left side is the parent's; the right the subquery's.
		op := sl.TestExpr.(*nodes.OpExpr)
		c := *op
		c.Args = []nodes.Expr{op.Args[0], lift(op.Args[1])}
		quals = append(quals, &c)
	}
	switch len(quals) {
	case 0:
	case 1:
		sj.Quals = quals[0]
	default:
		sj.Quals = &nodes.BoolExpr{Op: nodes.AndExpr, Args: quals}
	}
	return sj, nil
}

// checkNoSublinks rejects sublinks left anywhere in the query.
func checkNoSublinks(q *nodes.Query) error {
	found := false
	visit := func(e nodes.Expr) {
		nodes.Walk(e, func(n nodes.Expr) bool {
			if _, ok := n.(*nodes.SubLink); ok {
				found = true
			}
			return !found
		})
	}
	for _, te := range q.TargetList {
		visit(te.Expr)
	}
	if q.JoinTree != nil {
		visit(q.JoinTree.Quals)
	}
	visit(q.HavingQual)
	if found {
		return pgerror.Unsupported("subqueries are supported only as EXISTS, NOT EXISTS or IN conditions of WHERE so far")
	}
	return nil
}
