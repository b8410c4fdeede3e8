// grouping.go plans what comes after the join tree: grouping and
// aggregation, HAVING, DISTINCT, ORDER BY and LIMIT (PG: planner.c
// grouping_planner, create_grouping_paths, create_distinct_paths,
// create_ordered_paths).

package plan

import (
	"math"

	"github.com/loomdb/loomdb/internal/funcs"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/optimizer/cost"
	"github.com/loomdb/loomdb/internal/optimizer/path"
	"github.com/loomdb/loomdb/internal/optimizer/pathnodes"
	"github.com/loomdb/loomdb/internal/optimizer/prep"
	"github.com/loomdb/loomdb/internal/optimizer/util"
	"github.com/loomdb/loomdb/internal/types"
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

// groupingPaths returns the candidate paths after grouping/aggregation
// (PG: create_ordinary_grouping_paths). partial are the input relation's
// partial paths, when it may be read in parallel: they add Finalize
// aggregation over a Gather or Gather Merge of Partial aggregation.
func groupingPaths(root *pathnodes.PlannerInfo, input []pathnodes.Path, cheapest pathnodes.Path, partial []pathnodes.Path, q *nodes.Query, tlist []*nodes.TargetEntry, having []nodes.Expr) []pathnodes.Path {
	c := &root.Costs
	groups := groupExprs(tlist, q.GroupClause)
	ac := util.GetAggClauseCosts(c, q.Aggs)
	cb := cheapest.PathBase()
	var gathered *pathnodes.RelOptInfo
	if safe := root.InitPlanParams(); len(partial) > 0 && canPartialAgg(q) && util.TargetParallelSafeParams(safe, tlist) && util.IsParallelSafeParams(safe, having...) {
		gathered = partialGroupingRel(root, partial, q, tlist, having, groups)
	}
	if len(groups) == 0 {
		ap := newAggPath(root, cheapest, nodes.AggSplitSimple, pathnodes.AggPlain, nil, 1, having, cost.ClauselistSelectivity(root, having), tlist, q.Aggs, ac)
		out := []pathnodes.Path{ap}
		if gathered != nil {
			out = append(out, finalizePaths(root, gathered, q, tlist, having, nil, 1)...)
		}
		return keepUseful(root, out)
	}
	numGroups := cost.EstimateNumGroups(root, groups, cb.Rows)
	havingSel := cost.ClauselistSelectivity(root, having)
	var out []pathnodes.Path
	// Sorted grouping over each input already in group order, and over the
	// cheapest input with an explicit sort.
	keys := keysFor(groups)
	sortedInputs := []pathnodes.Path{}
	for _, p := range input {
		if pathnodes.PathkeysContained(keys, p.PathBase().Pathkeys) {
			sortedInputs = append(sortedInputs, p)
		}
	}
	if len(sortedInputs) == 0 || sortedInputs[0] != cheapest {
		sortedInputs = append(sortedInputs, util.CreateSortPath(root, cheapest, keys, -1))
	}
	for _, in := range sortedInputs {
		out = append(out, newAggPath(root, in, nodes.AggSplitSimple, pathnodes.AggSorted, groups, numGroups, having, havingSel, tlist, q.Aggs, ac))
	}
	// Aggregates with DISTINCT or ORDER BY cannot be hashed (PG: can_hash
	// needs no ordered aggregates).
	hasDistinctAgg := false
	for _, a := range q.Aggs {
		hasDistinctAgg = hasDistinctAgg || a.Distinct || len(a.AggOrder) > 0
	}
	if (c.EnableHashagg && !hasDistinctAgg) || len(out) == 0 {
		out = append(out, newAggPath(root, cheapest, nodes.AggSplitSimple, pathnodes.AggHashed, groups, numGroups, having, havingSel, tlist, q.Aggs, ac))
	}
	if gathered != nil {
		out = append(out, finalizePaths(root, gathered, q, tlist, having, groups, numGroups)...)
	}
	return keepUseful(root, out)
}

// newAggPath returns the aggregation step split of aggs over in, grouped
// by groups with strategy, costed with ac (PG: create_agg_path and
// cost_agg); having selects havingSel of the groups. A hashed step costs
// disable_cost more when enable_hashagg is off, except a partial one.
func newAggPath(root *pathnodes.PlannerInfo, in pathnodes.Path, split nodes.AggSplit, strategy pathnodes.AggStrategy, groups []nodes.Expr, numGroups float64,
	having []nodes.Expr, havingSel float64, target []*nodes.TargetEntry, aggs []*nodes.Aggref, ac cost.AggCosts) *pathnodes.AggPath {
	c := &root.Costs
	ib := in.PathBase()
	ap := &pathnodes.AggPath{Subpath: in, Split: split, Strategy: strategy, GroupKeys: groups, NumGroups: numGroups, Having: having, Target: target, Aggs: aggs}
	ap.Parent, ap.ParallelSafe, ap.ParallelWorkers = ib.Parent, ib.ParallelSafe, ib.ParallelWorkers
	ap.Width = util.TargetWidth(nil, target)
	switch strategy {
	case pathnodes.AggPlain:
		if len(having) == 0 {
			cost.CostAggPlain(c, &ap.Base, ac, ib.TotalCost, ib.Rows, target)
		} else {
			cost.CostAggGrouped(c, &ap.Base, false, ac, 0, 1, ib.StartupCost, ib.TotalCost, ib.Rows, ib.Width, having, target, havingSel)
			// A plain Agg starts only after reading all input.
			ap.StartupCost = ap.TotalCost - c.CPUTupleCost
		}
	case pathnodes.AggSorted:
		ap.Pathkeys = keysFor(groups)
		if len(aggs) == 0 {
			// Grouping without aggregates is a Group node (PG:
			// create_group_path), at every step.
			cost.CostGroup(c, &ap.Base, len(groups), numGroups, ib.StartupCost, ib.TotalCost, ib.Rows, having, target, havingSel)
			break
		}
		cost.CostAggGrouped(c, &ap.Base, false, ac, len(groups), numGroups, ib.StartupCost, ib.TotalCost, ib.Rows, ib.Width, having, target, havingSel)
	default:
		cost.CostAggGrouped(c, &ap.Base, true, ac, len(groups), numGroups, ib.StartupCost, ib.TotalCost, ib.Rows, ib.Width, having, target, havingSel)
		if !c.EnableHashagg {
			ap.StartupCost += cost.DisableCost
			ap.TotalCost += cost.DisableCost
		}
	}
	return ap
}

// canPartialAgg reports whether the query's aggregation may be split into
// Partial and Finalize steps (PG: can_partial_agg): every aggregate has a
// combine step and none is DISTINCT.
func canPartialAgg(q *nodes.Query) bool {
	if !q.HasAggs && len(q.GroupClause) == 0 || len(q.GroupingSets) > 0 {
		// PostgreSQL does not split grouping sets either.
		return false
	}
	for _, a := range q.Aggs {
		if a.Distinct || len(a.AggOrder) > 0 {
			return false
		}
		f := funcs.FuncByOid(a.AggFnOid)
		if f == nil || f.Agg == nil || f.Agg.NoCombine {
			return false
		}
	}
	return true
}

// partialGroupingTarget is what a Partial Aggregate outputs: the grouping
// expressions, then the Vars and aggregates the final target list and
// HAVING use outside them (PG: make_partial_grouping_target).
func partialGroupingTarget(q *nodes.Query, tlist []*nodes.TargetEntry, having []nodes.Expr) []*nodes.TargetEntry {
	// Never nil: an Agg path with a nil target computes the final one.
	out := []*nodes.TargetEntry{}
	add := func(e nodes.Expr, name string) {
		for _, te := range out {
			if nodes.Equal(te.Expr, e) {
				return
			}
		}
		out = append(out, &nodes.TargetEntry{Expr: e, ResNo: len(out) + 1, Name: name})
	}
	isGroup := func(te *nodes.TargetEntry) bool {
		if te.SortGroupRef == 0 {
			return false
		}
		for _, gc := range q.GroupClause {
			if gc.TLESortGroupRef == te.SortGroupRef {
				return true
			}
		}
		return false
	}
	var rest []nodes.Expr
	for _, te := range tlist {
		if isGroup(te) {
			add(te.Expr, te.Name)
		} else {
			rest = append(rest, te.Expr)
		}
	}
	rest = append(rest, having...)
	for _, e := range rest {
		nodes.Walk(e, func(n nodes.Expr) bool {
			switch x := n.(type) {
			case *nodes.Aggref:
				add(x, x.Name)
				return false
			case *nodes.Var:
				add(x, x.Name)
			}
			return true
		})
	}
	return out
}

// partialGroupingRel builds the partially grouped relation: Partial
// Aggregate paths over the input's partial paths, sorted (each presorted
// path and the cheapest sorted explicitly) and hashed, then Gather and
// Gather Merge paths over them (PG: create_partial_grouping_paths and
// gather_grouping_paths). Its pathlist holds the gathered paths.
func partialGroupingRel(root *pathnodes.PlannerInfo, partial []pathnodes.Path, q *nodes.Query, tlist []*nodes.TargetEntry, having []nodes.Expr, groups []nodes.Expr) *pathnodes.RelOptInfo {
	c := &root.Costs
	target := partialGroupingTarget(q, tlist, having)
	pgr := &pathnodes.RelOptInfo{ConsiderParallel: true}
	acPartial := util.GetAggClauseCostsSplit(c, q.Aggs, nodes.AggSplitInitialSerial)
	cheapest := partial[0]
	numGroups := 1.0
	if len(groups) > 0 {
		numGroups = cost.EstimateNumGroups(root, groups, cheapest.PathBase().Rows)
	}
	keys := keysFor(groups)
	width := partialTargetWidth(target)
	partialAgg := func(in pathnodes.Path, strategy pathnodes.AggStrategy) *pathnodes.AggPath {
		ap := newAggPath(root, in, nodes.AggSplitInitialSerial, strategy, groups, numGroups, nil, 1, target, q.Aggs, acPartial)
		ap.Parent, ap.ParallelSafe, ap.Width = pgr, true, width
		return ap
	}
	for _, p := range partial {
		sorted := pathnodes.PathkeysContained(keys, p.PathBase().Pathkeys)
		if p != cheapest && !sorted {
			continue
		}
		in := p
		if !sorted {
			in = util.CreateSortPath(root, p, keys, -1)
		}
		strategy := pathnodes.AggSorted
		if len(groups) == 0 {
			strategy = pathnodes.AggPlain
		}
		pathnodes.AddPartialPath(pgr, partialAgg(in, strategy))
	}
	if len(groups) > 0 {
		pathnodes.AddPartialPath(pgr, partialAgg(cheapest, pathnodes.AggHashed))
	}
	path.GenerateUsefulGatherPaths(root, pgr, target, true)
	cpp := pgr.PartialPathlist[0]
	if cb := cpp.PathBase(); !pathnodes.PathkeysContained(keys, cb.Pathkeys) {
		s := util.CreateSortPath(root, cpp, keys, -1)
		pathnodes.AddPath(root, pgr, util.CreateGatherMergePath(root, pgr, s, keys, cb.Rows*float64(cb.ParallelWorkers)))
	}
	pathnodes.SetCheapest(pgr)
	return pgr
}

// partialTargetWidth is the width of a partial grouping target: a
// partial aggregate's column is as wide as its transition value.
func partialTargetWidth(target []*nodes.TargetEntry) int {
	w := 0
	for _, te := range target {
		if a, ok := te.Expr.(*nodes.Aggref); ok {
			if f := funcs.FuncByOid(a.AggFnOid); f != nil && f.Agg != nil && f.Agg.PartialType() != 0 {
				w += cost.TypeAvgWidth(types.T{Oid: f.Agg.PartialType(), Typmod: -1})
				continue
			}
		}
		w += util.ExprWidth(nil, te.Expr)
	}
	return w
}

// finalizePaths returns the Finalize Aggregate paths over the gathered
// partial aggregation (PG: add_paths_to_grouping_rel with a partially
// grouped relation): sorted over each gathered path in group order (and
// the cheapest sorted explicitly), hashed over the cheapest.
func finalizePaths(root *pathnodes.PlannerInfo, pgr *pathnodes.RelOptInfo, q *nodes.Query, tlist []*nodes.TargetEntry, having []nodes.Expr, groups []nodes.Expr, numGroups float64) []pathnodes.Path {
	c := &root.Costs
	acFinal := util.GetAggClauseCostsSplit(c, q.Aggs, nodes.AggSplitFinalDeserial)
	havingSel := cost.ClauselistSelectivity(root, having)
	keys := keysFor(groups)
	final := func(in pathnodes.Path, strategy pathnodes.AggStrategy) *pathnodes.AggPath {
		return newAggPath(root, in, nodes.AggSplitFinalDeserial, strategy, groups, numGroups, having, havingSel, tlist, q.Aggs, acFinal)
	}
	var out []pathnodes.Path
	for _, p := range pgr.Pathlist {
		in := p
		if !pathnodes.PathkeysContained(keys, p.PathBase().Pathkeys) {
			if p != pgr.CheapestTotal {
				continue
			}
			in = util.CreateSortPath(root, p, keys, -1)
		}
		strategy := pathnodes.AggSorted
		if len(groups) == 0 {
			strategy = pathnodes.AggPlain
		}
		out = append(out, final(in, strategy))
	}
	if len(groups) > 0 {
		out = append(out, final(pgr.CheapestTotal, pathnodes.AggHashed))
	}
	return out
}

// distinctPaths adds SELECT DISTINCT: Unique over sorted input, or a
// HashAggregate without aggregates (PG: create_distinct_paths). With the
// input's partial paths, DISTINCT also runs in two steps: each participant
// removes the duplicates it sees (a Unique over its presorted rows, or a
// HashAggregate), then the gathered rows are made distinct again
// (PostgreSQL 15's create_partial_distinct_paths).
func distinctPaths(root *pathnodes.PlannerInfo, input []pathnodes.Path, partial []pathnodes.Path, q *nodes.Query, tlist []*nodes.TargetEntry) []pathnodes.Path {
	out := finalDistinctPaths(root, input, q, tlist)
	if len(partial) > 0 && !q.HasDistinctOn {
		if pdr := partialDistinctRel(root, partial, q, tlist); pdr != nil {
			out = append(out, finalDistinctPaths(root, pdr.Pathlist, q, tlist)...)
		}
	}
	return keepUseful(root, out)
}

// partialDistinctRel builds the per-participant DISTINCT paths over the
// partial input and gathers them; nil when there are none.
func partialDistinctRel(root *pathnodes.PlannerInfo, partial []pathnodes.Path, q *nodes.Query, tlist []*nodes.TargetEntry) *pathnodes.RelOptInfo {
	exprs := groupExprs(tlist, q.DistinctClause)
	keys := keysFor(exprs)
	cheapest := partial[0]
	cb := cheapest.PathBase()
	numDistinct := cost.EstimateNumGroups(root, exprs, cb.Rows)
	pdr := &pathnodes.RelOptInfo{ConsiderParallel: true}
	for _, p := range partial {
		pb := p.PathBase()
		if pathnodes.PathkeysContained(keys, pb.Pathkeys) {
			up := util.CreateUniquePath(root, p, len(exprs), numDistinct, pb.Pathkeys, pb.Target)
			up.Parent, up.ParallelSafe, up.ParallelWorkers = pdr, true, pb.ParallelWorkers
			pathnodes.AddPartialPath(pdr, up)
		}
	}
	if root.Costs.EnableHashagg {
		ap := hashedDistinctPath(root, cheapest, exprs, numDistinct, cb.Target)
		ap.Parent, ap.ParallelSafe = pdr, true
		pathnodes.AddPartialPath(pdr, ap)
	}
	if len(pdr.PartialPathlist) == 0 {
		return nil
	}
	path.GenerateGatherPaths(root, pdr, true)
	pathnodes.SetCheapest(pdr)
	return pdr
}

// finalDistinctPaths makes input distinct (PG: create_final_distinct_paths).
func finalDistinctPaths(root *pathnodes.PlannerInfo, input []pathnodes.Path, q *nodes.Query, tlist []*nodes.TargetEntry) []pathnodes.Path {
	c := &root.Costs
	exprs := groupExprs(tlist, q.DistinctClause)
	cheapest := cheapestTotal(input)
	cb := cheapest.PathBase()
	numDistinct := cost.EstimateNumGroups(root, exprs, cb.Rows)
	keys := keysFor(exprs)
	if q.HasDistinctOn {
		// DISTINCT ON keeps each group's first row in ORDER BY order, so
		// only sorted input serves, with the keys' own directions.
		keys = clausePathKeys(q.DistinctClause, tlist)
	}
	var out []pathnodes.Path
	// Every path already sorted on the DISTINCT keys gets a Unique; so does
	// the cheapest path sorted explicitly, on the ORDER BY keys when those
	// begin with the DISTINCT keys (PG: create_final_distinct_paths). For
	// DISTINCT ON the first row of each group must be the ORDER BY's
	// first, so a path serves only sorted on all the ORDER BY keys.
	needed := keys
	if sk := sortPathKeys(q, tlist); pathnodes.PathkeysContained(keys, sk) {
		needed = sk
	}
	presorted := keys
	if q.HasDistinctOn {
		presorted = needed
	}
	for _, p := range input {
		if pathnodes.PathkeysContained(presorted, p.PathBase().Pathkeys) {
			out = append(out, util.CreateUniquePath(root, p, len(exprs), numDistinct, p.PathBase().Pathkeys, p.PathBase().Target))
		}
	}
	if !pathnodes.PathkeysContained(needed, cb.Pathkeys) {
		sorted := util.CreateSortPath(root, cheapest, needed, -1)
		out = append(out, util.CreateUniquePath(root, sorted, len(exprs), numDistinct, needed, sorted.PathBase().Target))
	}
	if c.EnableHashagg && !q.HasDistinctOn {
		out = append(out, hashedDistinctPath(root, cheapest, exprs, numDistinct, tlist))
	}
	return out
}

// hashedDistinctPath returns a HashAggregate without aggregates making
// in's rows distinct on exprs (PG: create_agg_path with AGG_HASHED and no
// aggregate costs); it outputs target.
func hashedDistinctPath(root *pathnodes.PlannerInfo, in pathnodes.Path, exprs []nodes.Expr, numDistinct float64, target []*nodes.TargetEntry) *pathnodes.AggPath {
	ib := in.PathBase()
	ap := &pathnodes.AggPath{Subpath: in, Strategy: pathnodes.AggHashed, GroupKeys: exprs, NumGroups: numDistinct, Target: target}
	ap.Parent, ap.ParallelSafe, ap.ParallelWorkers, ap.Width = ib.Parent, ib.ParallelSafe, ib.ParallelWorkers, ib.Width
	cost.CostAggGrouped(&root.Costs, &ap.Base, true, cost.AggCosts{}, len(exprs), numDistinct, ib.StartupCost, ib.TotalCost, ib.Rows, ib.Width, nil, nil, 1)
	return ap
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
func orderedPath(root *pathnodes.PlannerInfo, candidates []pathnodes.Path, partial []pathnodes.Path, q *nodes.Query, tlist []*nodes.TargetEntry) (pathnodes.Path, error) {
	offsetEst, countEst := limitEstimates(q)
	keys := sortPathKeys(q, tlist)
	limitTuples := -1.0
	if countEst > 0 && offsetEst >= 0 {
		limitTuples = countEst + offsetEst
	}
	if len(keys) > 0 && len(partial) > 0 && !root.PresortedOnly {
		// Each participant sorts its share; a Gather Merge merges them
		// (PG: create_ordered_paths' partial path).
		cpp := partial[0]
		if cb := cpp.PathBase(); !pathnodes.PathkeysContained(keys, cb.Pathkeys) {
			s := util.CreateSortPath(root, cpp, keys, limitTuples)
			candidates = append(candidates, util.CreateGatherMergePath(root, cb.Parent, s, keys, cb.Rows*float64(cb.ParallelWorkers)))
		}
	}
	var finals []pathnodes.Path
	for _, p := range candidates {
		if len(keys) > 0 && !pathnodes.PathkeysContained(keys, p.PathBase().Pathkeys) {
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
	if len(keys) > 0 {
		// The sorted paths make up the ordered relation, kept by
		// add_path's rules: a Gather Merge only fuzzily cheaper than a
		// parallel-safe serial path loses to it.
		finals = keepUseful(root, finals)
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
		lp := util.CreateLimitPath(root, best, lo, lc, offsetEst, countEst)
		if q.LimitWithTies {
			for _, k := range keys {
				lp.TiesKeys = append(lp.TiesKeys, k.Expr)
			}
		}
		best = lp
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
