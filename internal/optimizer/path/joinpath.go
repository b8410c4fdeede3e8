// joinpath.go generates the paths that join two relations (PG: joinpath.c
// add_paths_to_joinrel): nested loops over the cheapest inputs (with and
// without a materialized inner) and hash joins on equality clauses.

package path

import (
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/optimizer/cost"
	"github.com/loomdb/loomdb/internal/optimizer/pathnodes"
	"github.com/loomdb/loomdb/internal/optimizer/util"
)

// AddJoinPaths adds to jr the ways of joining outer to inner under clauses.
func AddJoinPaths(root *pathnodes.PlannerInfo, jr, outer, inner *pathnodes.RelOptInfo, jt pathnodes.JoinType, clauses, filter []nodes.Expr, target []*nodes.TargetEntry) {
	if outer.CheapestTotal == nil || inner.CheapestTotal == nil {
		return
	}
	c := &root.Costs
	op, ip := outer.CheapestTotal, inner.CheapestTotal
	// Nested loops: only inner, left and semi/anti joins run the inner side per outer row.
	if jt != pathnodes.JoinFull && jt != pathnodes.JoinRight {
		np := newNestJoin(jr, jt, op, ip, clauses, filter, target)
		cost.CostNestloop(c, np, append(append([]nodes.Expr(nil), clauses...), filter...), jr.Rows, target)
		disableIf(!c.EnableNestloop, &np.Base)
		pathnodes.AddPath(root, jr, &pathnodes.NestPath{JoinBase: *np})
		// An inner index scan driven by the join clauses, once per outer row.
		if inner.Rel != nil && len(inner.IndexList) > 0 {
			for _, pp := range ParameterizedIndexPaths(root, inner, outer.Relids, clauses, op.PathBase().Rows, ip.PathBase().Target) {
				rest := util.NonIndexConditions(clauses, pp.IndexClauses)
				pn := newNestJoin(jr, jt, op, pp, rest, filter, target)
				cost.CostNestloop(c, pn, append(append([]nodes.Expr(nil), rest...), filter...), jr.Rows, target)
				disableIf(!c.EnableNestloop, &pn.Base)
				pathnodes.AddPath(root, jr, &pathnodes.NestPath{JoinBase: *pn})
			}
		}
		if c.EnableMaterial {
			if _, already := ip.(*pathnodes.MaterialPath); !already {
				mp := &pathnodes.MaterialPath{Subpath: ip}
				mp.Parent, mp.Width, mp.ParallelSafe, mp.Target = inner, ip.PathBase().Width, ip.PathBase().ParallelSafe, ip.PathBase().Target
				b := ip.PathBase()
				cost.CostMaterial(c, &mp.Base, b.StartupCost, b.TotalCost, b.Rows, b.Width)
				np2 := newNestJoin(jr, jt, op, mp, clauses, filter, target)
				cost.CostNestloop(c, np2, append(append([]nodes.Expr(nil), clauses...), filter...), jr.Rows, target)
				disableIf(!c.EnableNestloop, &np2.Base)
				pathnodes.AddPath(root, jr, &pathnodes.NestPath{JoinBase: *np2})
			}
		}
	}
	// Hash joins need at least one "outer = inner" clause.
	var hashClauses, others []nodes.Expr
	for _, cl := range clauses {
		if h := hashClause(cl, outer.Relids, inner.Relids); h != nil {
			hashClauses = append(hashClauses, h)
		} else {
			others = append(others, cl)
		}
	}
	if len(hashClauses) > 0 && jt != pathnodes.JoinSemi && jt != pathnodes.JoinAnti {
		addMergePath(root, jr, jt, op, ip, clauses, filter, hashClauses, others, target)
	}
	if len(hashClauses) > 0 {
		hp := &pathnodes.HashPath{JoinBase: *newJoin(jr, jt, op, ip, clauses, filter, target), HashClauses: hashClauses}
		ib := ip.PathBase()
		nbuckets, nbatch := cost.ChooseHashTableSize(c, ib.Rows, ib.Width, true)
		bucketSize := 1.0
		for _, h := range hashClauses {
			inArg := h.(*nodes.OpExpr).Args[1]
			bucketSize = min(bucketSize, cost.HashBucketSize(root, inArg, float64(nbuckets*nbatch)))
		}
		tuples := cost.ClampRowEst(cost.ClauselistSelectivity(root, hashClauses) * op.PathBase().Rows * ib.Rows)
		cost.CostHashjoin(c, hp, hashClauses, append(append([]nodes.Expr(nil), others...), filter...), jr.Rows, bucketSize, tuples, target)
		disableIf(!c.EnableHashjoin, &hp.Base)
		pathnodes.AddPath(root, jr, hp)
	}
}

// newNestJoin is newJoin for a nested loop, which keeps its outer side's
// order (PG: build_join_pathkeys).
func newNestJoin(jr *pathnodes.RelOptInfo, jt pathnodes.JoinType, outer, inner pathnodes.Path, clauses, filter []nodes.Expr, target []*nodes.TargetEntry) *pathnodes.JoinBase {
	jb := newJoin(jr, jt, outer, inner, clauses, filter, target)
	jb.Pathkeys = outer.PathBase().Pathkeys
	return jb
}

func newJoin(jr *pathnodes.RelOptInfo, jt pathnodes.JoinType, outer, inner pathnodes.Path, clauses, filter []nodes.Expr, target []*nodes.TargetEntry) *pathnodes.JoinBase {
	jb := &pathnodes.JoinBase{JoinType: jt, Outer: outer, Inner: inner, JoinRestrict: clauses, Filter: filter}
	jb.Target = target
	jb.Parent = jr
	jb.Width = jr.Width
	jb.ParallelSafe = outer.PathBase().ParallelSafe && inner.PathBase().ParallelSafe
	return jb
}

func disableIf(disabled bool, b *pathnodes.Base) {
	if disabled {
		b.StartupCost += cost.DisableCost
		b.TotalCost += cost.DisableCost
	}
}

// hashClause returns cl as "outer expr = inner expr" when it is an
// equality whose sides come from the two inputs, or nil.
func hashClause(cl nodes.Expr, outer, inner []int) nodes.Expr {
	op, ok := cl.(*nodes.OpExpr)
	if !ok || op.OpName != "=" || len(op.Args) != 2 {
		return nil
	}
	if op.Args[0].ExprType().Oid != op.Args[1].ExprType().Oid {
		return nil
	}
	l, r := ClauseRelids(op.Args[0]), ClauseRelids(op.Args[1])
	if len(l) == 0 || len(r) == 0 {
		return nil
	}
	switch {
	case subset(l, outer) && subset(r, inner):
		return op
	case subset(l, inner) && subset(r, outer):
		c := *op
		c.Args = []nodes.Expr{op.Args[1], op.Args[0]}
		return &c
	}
	return nil
}

// AddOuterJoinPaths adds the paths of an outer join: outer is the
// preserved side of a LEFT join (both sides are for FULL). Nested loops and
// "Left" hash joins keep outer as the outer input; "Right" hash joins hash
// the preserved side instead. filter are clauses applied after NULL
// extension.
func AddOuterJoinPaths(root *pathnodes.PlannerInfo, jr, outer, inner *pathnodes.RelOptInfo, jt pathnodes.JoinType, clauses, filter []nodes.Expr, target []*nodes.TargetEntry) {
	if jt == pathnodes.JoinFull {
		AddJoinPaths(root, jr, outer, inner, pathnodes.JoinFull, clauses, filter, target)
		AddJoinPaths(root, jr, inner, outer, pathnodes.JoinFull, clauses, filter, target)
	} else {
		AddJoinPaths(root, jr, outer, inner, pathnodes.JoinLeft, clauses, filter, target)
		AddJoinPaths(root, jr, inner, outer, pathnodes.JoinRight, clauses, filter, target)
	}
	pathnodes.SetCheapest(jr)
}

// addMergePath adds a merge join over explicitly sorted inputs, with the
// merge clauses (the same equalities a hash join would use) as sort keys
// (PG: sort_inner_and_outer).
func addMergePath(root *pathnodes.PlannerInfo, jr *pathnodes.RelOptInfo, jt pathnodes.JoinType, op, ip pathnodes.Path, clauses, filter, mergeClauses, others []nodes.Expr, target []*nodes.TargetEntry) {
	c := &root.Costs
	if jt == pathnodes.JoinRight {
		// A right merge join is the left join with inputs swapped; skip the duplicate.
		return
	}
	mp := &pathnodes.MergePath{JoinBase: *newJoin(jr, jt, op, ip, clauses, filter, target), MergeClauses: mergeClauses}
	for _, m := range mergeClauses {
		args := m.(*nodes.OpExpr).Args
		mp.OuterKeys = append(mp.OuterKeys, pathnodes.PathKey{Expr: args[0]})
		mp.InnerKeys = append(mp.InnerKeys, pathnodes.PathKey{Expr: args[1]})
	}
	mp.SortOuter = !keysPrefix(mp.OuterKeys, op.PathBase().Pathkeys)
	mp.SortInner = !keysPrefix(mp.InnerKeys, ip.PathBase().Pathkeys)
	if jt != pathnodes.JoinFull {
		mp.Pathkeys = mp.OuterKeys
	}
	tuples := cost.ClampRowEst(cost.ClauselistSelectivity(root, mergeClauses) * op.PathBase().Rows * ip.PathBase().Rows)
	cost.CostMergejoin(c, mp, append(append([]nodes.Expr(nil), others...), filter...), jr.Rows, tuples, target)
	disableIf(!c.EnableMergejoin, &mp.Base)
	pathnodes.AddPath(root, jr, mp)
}

func keysPrefix(want, have []pathnodes.PathKey) bool {
	if len(want) > len(have) {
		return false
	}
	for i, k := range want {
		h := have[i]
		if h.Descending != k.Descending || h.NullsFirst != k.NullsFirst || !nodes.Equal(h.Expr, k.Expr) {
			return false
		}
	}
	return true
}
