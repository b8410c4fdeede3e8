// grouping.go plans what comes after the join tree: grouping and
// aggregation, HAVING, DISTINCT, ORDER BY and LIMIT (PG: planner.c
// grouping_planner, create_grouping_paths, create_distinct_paths,
// create_ordered_paths).

package plan

import (
	"math"

	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/optimizer/cost"
	"github.com/loomdb/loomdb/internal/optimizer/pathnodes"
	"github.com/loomdb/loomdb/internal/optimizer/prep"
	"github.com/loomdb/loomdb/internal/optimizer/util"
)

// groupExprs returns the expressions of the target entries named by clauses.
func groupExprs(tlist []*nodes.TargetEntry, clauses []*nodes.SortGroupClause) []nodes.Expr {
	var out []nodes.Expr
	for _, c := range clauses {
		for _, te := range tlist {
			if te.SortGroupRef == c.TLESortGroupRef {
				out = append(out, te.Expr)
			}
		}
	}
	return out
}

// groupInputTarget is what the input of an Agg must compute: the grouping
// expressions, then every other Var the output and HAVING use, aggregate
// arguments included (PG: make_group_input_target).
func groupInputTarget(groups []nodes.Expr, exprs []nodes.Expr) []*nodes.TargetEntry {
	var tl []*nodes.TargetEntry
	add := func(e nodes.Expr, name string) {
		for _, te := range tl {
			if nodes.Equal(te.Expr, e) {
				return
			}
		}
		tl = append(tl, &nodes.TargetEntry{Expr: e, ResNo: len(tl) + 1, Name: name})
	}
	for _, g := range groups {
		add(g, "?column?")
	}
	for _, e := range exprs {
		nodes.Walk(e, func(n nodes.Expr) bool {
			for _, g := range groups {
				if nodes.Equal(g, n) {
					return false
				}
			}
			if v, ok := n.(*nodes.Var); ok {
				c := *v
				c.Location = -1
				add(&c, v.Name)
			}
			return true
		})
	}
	return tl
}

func allVars(es []nodes.Expr) bool {
	for _, e := range es {
		if _, ok := e.(*nodes.Var); !ok {
			return false
		}
	}
	return true
}

func keysFor(exprs []nodes.Expr) []pathnodes.PathKey {
	keys := make([]pathnodes.PathKey, len(exprs))
	for i, e := range exprs {
		keys[i] = pathnodes.PathKey{Expr: e}
	}
	return keys
}

// pathkeysContained reports whether have begins with want.
func pathkeysContained(want, have []pathnodes.PathKey) bool {
	if len(want) > len(have) {
		return false
	}
	for i, k := range want {
		h := have[i]
		if k.Descending != h.Descending || k.NullsFirst != h.NullsFirst || !nodes.Equal(k.Expr, h.Expr) {
			return false
		}
	}
	return true
}

// groupingPaths returns the candidate paths after grouping/aggregation.
func groupingPaths(root *pathnodes.PlannerInfo, input []pathnodes.Path, cheapest pathnodes.Path, q *nodes.Query, tlist []*nodes.TargetEntry, having []nodes.Expr) []pathnodes.Path {
	c := &root.Costs
	groups := groupExprs(tlist, q.GroupClause)
	ac := util.GetAggClauseCosts(c, q.Aggs)
	cb := cheapest.PathBase()
	if len(groups) == 0 {
		ap := util.CreateAggPath(root, cheapest, tlist, q.Aggs, nodes.AggSplitSimple)
		ap.Having = having
		if len(having) > 0 {
			cost.CostAggGrouped(c, &ap.Base, false, ac, 0, 1, cb.StartupCost, cb.TotalCost, cb.Rows, having, tlist, cost.ClauselistSelectivity(root, having))
			// A plain Agg starts only after reading all input.
			ap.StartupCost = ap.TotalCost - c.CPUTupleCost
		}
		return []pathnodes.Path{ap}
	}
	numGroups := cost.EstimateNumGroups(root, groups, cb.Rows)
	havingSel := cost.ClauselistSelectivity(root, having)
	var out []pathnodes.Path
	// Sorted grouping over each input already in group order, and over the
	// cheapest input with an explicit sort.
	keys := keysFor(groups)
	sortedInputs := []pathnodes.Path{}
	for _, p := range input {
		if pathkeysContained(keys, p.PathBase().Pathkeys) {
			sortedInputs = append(sortedInputs, p)
		}
	}
	if len(sortedInputs) == 0 || sortedInputs[0] != cheapest {
		sortedInputs = append(sortedInputs, util.CreateSortPath(root, cheapest, keys, -1))
	}
	for _, in := range sortedInputs {
		ib := in.PathBase()
		ap := &pathnodes.AggPath{Subpath: in, Strategy: pathnodes.AggSorted, GroupKeys: groups, NumGroups: numGroups, Having: having, Target: tlist, Aggs: q.Aggs}
		ap.Parent, ap.ParallelSafe = ib.Parent, ib.ParallelSafe
		ap.Width = util.TargetWidth(nil, tlist)
		ap.Pathkeys = keys
		cost.CostAggGrouped(c, &ap.Base, false, ac, len(groups), numGroups, ib.StartupCost, ib.TotalCost, ib.Rows, having, tlist, havingSel)
		out = append(out, ap)
	}
	// Aggregates with DISTINCT cannot be hashed (PG: can_hash needs no ordered aggregates).
	hasDistinctAgg := false
	for _, a := range q.Aggs {
		hasDistinctAgg = hasDistinctAgg || a.Distinct
	}
	if (c.EnableHashagg && !hasDistinctAgg) || len(out) == 0 {
		ap := &pathnodes.AggPath{Subpath: cheapest, Strategy: pathnodes.AggHashed, GroupKeys: groups, NumGroups: numGroups, Having: having, Target: tlist, Aggs: q.Aggs}
		ap.Parent, ap.ParallelSafe = cb.Parent, cb.ParallelSafe
		ap.Width = util.TargetWidth(nil, tlist)
		cost.CostAggGrouped(c, &ap.Base, true, ac, len(groups), numGroups, cb.StartupCost, cb.TotalCost, cb.Rows, having, tlist, havingSel)
		if !c.EnableHashagg {
			ap.StartupCost += cost.DisableCost
			ap.TotalCost += cost.DisableCost
		}
		out = append(out, ap)
	}
	return keepUseful(root, out)
}

// distinctPaths adds SELECT DISTINCT: Unique over sorted input, or a
// HashAggregate without aggregates.
func distinctPaths(root *pathnodes.PlannerInfo, input []pathnodes.Path, q *nodes.Query, tlist []*nodes.TargetEntry) []pathnodes.Path {
	c := &root.Costs
	exprs := groupExprs(tlist, q.DistinctClause)
	cheapest := cheapestTotal(input)
	cb := cheapest.PathBase()
	numDistinct := cost.EstimateNumGroups(root, exprs, cb.Rows)
	keys := keysFor(exprs)
	var out []pathnodes.Path
	// Every path already sorted on the DISTINCT keys gets a Unique; so does
	// the cheapest path sorted explicitly, on the ORDER BY keys when those
	// begin with the DISTINCT keys (PG: create_final_distinct_paths).
	for _, p := range input {
		if pathkeysContained(keys, p.PathBase().Pathkeys) {
			out = append(out, util.CreateUniquePath(root, p, len(exprs), numDistinct, p.PathBase().Pathkeys, p.PathBase().Target))
		}
	}
	needed := keys
	if sk := sortPathKeys(q, tlist); pathkeysContained(keys, sk) {
		needed = sk
	}
	if !pathkeysContained(needed, cb.Pathkeys) {
		sorted := util.CreateSortPath(root, cheapest, needed, -1)
		out = append(out, util.CreateUniquePath(root, sorted, len(exprs), numDistinct, needed, sorted.PathBase().Target))
	}
	if c.EnableHashagg {
		ap := &pathnodes.AggPath{Subpath: cheapest, Strategy: pathnodes.AggHashed, GroupKeys: exprs, NumGroups: numDistinct, Target: tlist}
		ap.Parent, ap.ParallelSafe, ap.Width = cb.Parent, cb.ParallelSafe, cb.Width
		cost.CostAggGrouped(c, &ap.Base, true, cost.AggCosts{}, len(exprs), numDistinct, cb.StartupCost, cb.TotalCost, cb.Rows, nil, nil, 1)
		out = append(out, ap)
	}
	return keepUseful(root, out)
}

// keepUseful applies add_path's dominance rules to a candidate list.
func keepUseful(root *pathnodes.PlannerInfo, paths []pathnodes.Path) []pathnodes.Path {
	rel := &pathnodes.RelOptInfo{}
	for _, p := range paths {
		pathnodes.AddPath(root, rel, p)
	}
	return rel.Pathlist
}

func cheapestTotal(paths []pathnodes.Path) pathnodes.Path {
	var best pathnodes.Path
	for _, p := range paths {
		if best == nil || p.PathBase().TotalCost < best.PathBase().TotalCost {
			best = p
		}
	}
	return best
}

// orderedPath picks the final path: each candidate sorted as ORDER BY
// requires (if not already), limited, then the cheapest for the fraction
// of rows LIMIT will fetch (PG: create_ordered_paths and
// get_cheapest_fractional_path).
func orderedPath(root *pathnodes.PlannerInfo, candidates []pathnodes.Path, q *nodes.Query, tlist []*nodes.TargetEntry) (pathnodes.Path, error) {
	offsetEst, countEst := limitEstimates(q)
	keys := sortPathKeys(q, tlist)
	limitTuples := -1.0
	if countEst > 0 && offsetEst >= 0 {
		limitTuples = countEst + offsetEst
	}
	var finals []pathnodes.Path
	for _, p := range candidates {
		if len(keys) > 0 && !pathkeysContained(keys, p.PathBase().Pathkeys) {
			if root.PresortedOnly {
				continue
			}
			p = util.CreateSortPath(root, p, keys, limitTuples)
		}
		finals = append(finals, p)
	}
	if len(finals) == 0 {
		return nil, errNoPresortedPath
	}
	best := finals[0]
	// A fraction of 0 means all rows: compare total costs.
	fraction := 0.0
	if limitTuples > 0 {
		fraction = limitTuples
	} else if root.TupleFraction > 0 {
		fraction = root.TupleFraction
	}
	for _, p := range finals[1:] {
		if fractionalCost(p, fraction) < fractionalCost(best, fraction) {
			best = p
		}
	}
	if q.LimitCount != nil || q.LimitOffset != nil {
		lc, lo := q.LimitCount, q.LimitOffset
		var err error
		if lc != nil {
			if lc, err = prep.EvalConstExpressions(lc); err != nil {
				return nil, err
			}
		}
		if lo != nil {
			if lo, err = prep.EvalConstExpressions(lo); err != nil {
				return nil, err
			}
		}
		best = util.CreateLimitPath(root, best, lo, lc, offsetEst, countEst)
	}
	return best, nil
}

// fractionalCost is the cost of fetching the first fraction of a path's
// rows (a fraction ≥ 1 is a row count).
func fractionalCost(p pathnodes.Path, fraction float64) float64 {
	b := p.PathBase()
	if fraction <= 0 {
		return b.TotalCost
	}
	if fraction >= 1 {
		if b.Rows <= 0 {
			return b.TotalCost
		}
		fraction = math.Min(1, fraction/b.Rows)
	}
	return b.StartupCost + fraction*(b.TotalCost-b.StartupCost)
}
