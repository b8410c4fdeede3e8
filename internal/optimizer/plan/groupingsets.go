// groupingsets.go plans GROUP BY GROUPING SETS, ROLLUP and CUBE (PG:
// planner.c preprocess_grouping_sets, extract_rollup_sets,
// reorder_grouping_sets, consider_groupingsets_paths and
// pathnode.c create_groupingsets_path).
//
// The grouping sets are split into as few rollups as possible, chains of
// sets each contained in the next, because one pass over input sorted on
// a rollup's longest set computes all of its sets. The first rollup reads
// the input in its order; each further sorted rollup sorts the input
// again. Sets may instead be hashed, each in a table of its own filled in
// the same pass over the input (HashAggregate, or MixedAggregate beside a
// sorted rollup); an empty set is never hashed. As in PostgreSQL, grouping
// sets are never split into Partial and Finalize steps.

package plan

import (
	"math"
	"slices"

	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/optimizer/cost"
	"github.com/loomdb/loomdb/internal/optimizer/pathnodes"
	"github.com/loomdb/loomdb/internal/optimizer/util"
	"github.com/loomdb/loomdb/internal/plannodes"
)

// groupingSetsData is what preprocessing the grouping sets finds (PG:
// grouping_sets_data).
type groupingSetsData struct {
	rollups     []*pathnodes.Rollup
	anyHashable bool
	// numGroups is the estimated number of groups over all sets.
	numGroups float64
}

// preprocessGroupingSets splits q's grouping sets into rollups, each
// ordered so that its sets are prefixes of its grouping keys (PG:
// preprocess_grouping_sets). With a single rollup its keys follow ORDER
// BY as far as they can, so that the output may need no sort.
func preprocessGroupingSets(q *nodes.Query, tlist []*nodes.TargetEntry) *groupingSetsData {
	gd := &groupingSetsData{}
	chains := extractRollupSets(q.GroupingSets)
	for _, chain := range chains {
		var sortRefs []int
		if len(chains) == 1 {
			for _, sc := range q.SortClause {
				sortRefs = append(sortRefs, sc.TLESortGroupRef)
			}
		}
		sets := reorderGroupingSets(chain, sortRefs)
		r := &pathnodes.Rollup{GroupRefs: sets[0], Sets: sets}
		r.GroupKeys = refExprs(tlist, r.GroupRefs)
		if len(r.GroupRefs) > 0 {
			r.Hashable = true
			gd.anyHashable = true
		}
		gd.rollups = append(gd.rollups, r)
	}
	return gd
}

// refExprs returns the expressions of the target entries with the given
// SortGroupRefs, in order.
func refExprs(tlist []*nodes.TargetEntry, refs []int) []nodes.Expr {
	out := make([]nodes.Expr, 0, len(refs))
	for _, r := range refs {
		for _, te := range tlist {
			if te.SortGroupRef == r {
				out = append(out, te.Expr)
				break
			}
		}
	}
	return out
}

// estimateRollupGroups estimates each set's groups over inputRows rows
// and sums them (PG: get_number_of_groups with grouping sets).
func (gd *groupingSetsData) estimateGroups(root *pathnodes.PlannerInfo, tlist []*nodes.TargetEntry, inputRows float64) {
	gd.numGroups = 0
	for _, r := range gd.rollups {
		r.SetGroups = r.SetGroups[:0]
		r.NumGroups = 0
		for _, s := range r.Sets {
			n := 1.0
			if len(s) > 0 {
				n = cost.EstimateNumGroups(root, refExprs(tlist, s), inputRows)
			}
			r.SetGroups = append(r.SetGroups, n)
			r.NumGroups += n
		}
		gd.numGroups += r.NumGroups
	}
}

// extractRollupSets partitions the grouping sets (shortest first) into
// the fewest chains in which each set contains the one before it: a
// maximum matching between each set and a smaller subset of it links the
// chains (PG: extract_rollup_sets). Repeated sets share a chain; empty
// sets open the first chain. Each chain lists its sets shortest first.
func extractRollupSets(sets [][]int) [][][]int {
	empty := 0
	for empty < len(sets) && len(sets[empty]) == 0 {
		empty++
	}
	var distinct [][]int  // one per distinct non-empty set
	var members [][][]int // the sets equal to each
	var adjacency [][]int // for each set, the earlier (shorter) subsets
	runStart := 0         // the first set of the current length
	for _, s := range sets[empty:] {
		if len(distinct) > 0 && len(s) > len(distinct[len(distinct)-1]) {
			runStart = len(distinct)
		}
		dup := -1
		for k := runStart; k < len(distinct); k++ {
			if sameMembers(distinct[k], s) {
				dup = k
				break
			}
		}
		if dup >= 0 {
			members[dup] = append(members[dup], s)
			continue
		}
		var adj []int
		for k := 0; k < runStart; k++ {
			if isSubset(distinct[k], s) {
				adj = append(adj, k)
			}
		}
		distinct = append(distinct, s)
		members = append(members, [][]int{s})
		adjacency = append(adjacency, adj)
	}
	match := bipartiteMatch(len(distinct), adjacency)
	chainOf := make([]int, len(distinct))
	var chains [][][]int
	for i := range distinct {
		if m := match[i]; m >= 0 {
			chainOf[i] = chainOf[m]
		} else {
			chainOf[i] = len(chains)
			chains = append(chains, nil)
		}
		chains[chainOf[i]] = append(chains[chainOf[i]], members[i]...)
	}
	if empty > 0 {
		if len(chains) == 0 {
			chains = append(chains, nil)
		}
		chains[0] = append(slices.Repeat([][]int{{}}, empty), chains[0]...)
	}
	return chains
}

// bipartiteMatch returns, for each of n sets, the smaller set it is
// matched to in a maximum matching over adjacency (-1: none); each
// smaller set is matched at most once. Augmenting paths are searched in
// set order (Kuhn's algorithm).
func bipartiteMatch(n int, adjacency [][]int) []int {
	matchU := make([]int, n) // larger set → smaller set
	matchV := make([]int, n) // smaller set → larger set
	for i := range matchU {
		matchU[i], matchV[i] = -1, -1
	}
	var seen []bool
	var augment func(u int) bool
	augment = func(u int) bool {
		for _, v := range adjacency[u] {
			if seen[v] {
				continue
			}
			seen[v] = true
			if matchV[v] < 0 || augment(matchV[v]) {
				matchU[u], matchV[v] = v, u
				return true
			}
		}
		return false
	}
	for u := 0; u < n; u++ {
		seen = make([]bool, n)
		augment(u)
	}
	return matchU
}

func sameMembers(a, b []int) bool {
	return len(a) == len(b) && isSubset(a, b)
}

func isSubset(a, b []int) bool {
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}

// reorderGroupingSets orders a chain's sets (shortest first) so that each
// is a prefix of the next, following sortRefs (ORDER BY) while they
// agree, and returns them longest first (PG: reorder_grouping_sets).
func reorderGroupingSets(chain [][]int, sortRefs []int) [][]int {
	var previous []int
	out := make([][]int, 0, len(chain))
	for _, s := range chain {
		var fresh []int
		for _, r := range s {
			if !slices.Contains(previous, r) {
				fresh = append(fresh, r)
			}
		}
		for len(sortRefs) > len(previous) && len(fresh) > 0 {
			ref := sortRefs[len(previous)]
			i := slices.Index(fresh, ref)
			if i < 0 {
				sortRefs = nil
				break
			}
			previous = append(previous, ref)
			fresh = slices.Delete(fresh, i, i+1)
		}
		previous = append(previous, fresh...)
		out = append(out, slices.Clone(previous))
	}
	slices.Reverse(out)
	return out
}

// groupingSetsPaths returns the candidate paths computing q's grouping
// sets (PG: add_paths_to_grouping_rel with grouping sets): sorted rollups
// over each input already in the first rollup's order and over the
// cheapest input sorted, and, when the sets may be hashed, hashed and
// mixed strategies.
func groupingSetsPaths(root *pathnodes.PlannerInfo, input []pathnodes.Path, cheapest pathnodes.Path, q *nodes.Query, tlist []*nodes.TargetEntry, having []nodes.Expr, gd *groupingSetsData) []pathnodes.Path {
	gd.estimateGroups(root, tlist, cheapest.PathBase().Rows)
	hasOrderedAgg := false
	for _, a := range q.Aggs {
		hasOrderedAgg = hasOrderedAgg || a.Distinct || len(a.AggOrder) > 0
	}
	canHash := len(q.GroupClause) > 0 && !hasOrderedAgg && gd.anyHashable
	gs := &groupingSetsPlanner{root: root, q: q, tlist: tlist, having: having, gd: gd, ac: util.GetAggClauseCosts(&root.Costs, q.Aggs)}
	gs.havingSel = cost.ClauselistSelectivity(root, having)
	var out []pathnodes.Path
	keys := keysFor(gd.rollups[0].GroupKeys)
	for _, p := range input {
		sorted := pathnodes.PathkeysContained(keys, p.PathBase().Pathkeys)
		if p != cheapest && !sorted {
			continue
		}
		in := p
		if !sorted {
			in = util.CreateSortPath(root, p, keys, -1)
		}
		out = append(out, gs.consider(in, true, canHash)...)
	}
	if canHash {
		out = append(out, gs.consider(cheapest, false, true)...)
	}
	return keepUseful(root, out)
}

// groupingSetsPlanner holds what every grouping sets path of a query
// shares.
type groupingSetsPlanner struct {
	root      *pathnodes.PlannerInfo
	q         *nodes.Query
	tlist     []*nodes.TargetEntry
	having    []nodes.Expr
	havingSel float64
	gd        *groupingSetsData
	ac        cost.AggCosts
}

// tableSize estimates the memory of hash tables holding numGroups groups
// of path's rows (PG: estimate_hashagg_tablesize).
func (gs *groupingSetsPlanner) tableSize(path pathnodes.Path, numGroups float64) float64 {
	return plannodes.HashAggEntrySize(gs.ac.NumTrans, path.PathBase().Width, gs.ac.TransitionSpace) * numGroups
}

// hashedRollup is a rollup hashing set i of r alone.
func (gs *groupingSetsPlanner) hashedRollup(r *pathnodes.Rollup, i int) *pathnodes.Rollup {
	s := r.Sets[i]
	return &pathnodes.Rollup{GroupRefs: s, GroupKeys: refExprs(gs.tlist, s), Sets: [][]int{s}, SetGroups: []float64{r.SetGroups[i]}, NumGroups: r.SetGroups[i], Hashable: true, Hashed: true}
}

// consider returns the grouping sets paths over path (PG:
// consider_groupingsets_paths). Over unsorted input every set is hashed
// (the empty ones aside), if the tables fit in hash_mem; over input
// sorted for the first rollup, the rollups are computed sorted, and also
// with as many later rollups hashed as fit in hash_mem (a knapsack
// problem, every rollup worth one sort saved).
func (gs *groupingSetsPlanner) consider(path pathnodes.Path, isSorted, canHash bool) []pathnodes.Path {
	rollups := gs.gd.rollups
	hashMem := gs.root.Costs.HashMemBytes()
	if !isSorted {
		var unhashed *pathnodes.Rollup
		exclude := 0.0
		rest := rollups
		if len(rollups) > 0 && pathnodes.PathkeysContained(keysFor(rollups[0].GroupKeys), path.PathBase().Pathkeys) {
			unhashed = rollups[0]
			exclude = unhashed.NumGroups
			rest = rollups[1:]
		}
		if gs.tableSize(path, gs.gd.numGroups-exclude) > hashMem && len(rollups) > 0 {
			return nil
		}
		var hashed []*pathnodes.Rollup
		var empty *pathnodes.Rollup
		for _, r := range rest {
			if !r.Hashable {
				return nil
			}
			for i, s := range r.Sets {
				if len(s) == 0 {
					if empty == nil {
						empty = &pathnodes.Rollup{}
					}
					empty.Sets = append(empty.Sets, nil)
					empty.SetGroups = append(empty.SetGroups, 1)
					empty.NumGroups++
					continue
				}
				hashed = append(hashed, gs.hashedRollup(r, i))
			}
		}
		if len(hashed) == 0 {
			return nil
		}
		strategy := pathnodes.AggHashed
		if unhashed != nil {
			hashed = append(hashed, unhashed)
			strategy = pathnodes.AggMixed
		} else if empty != nil {
			hashed = append(hashed, empty)
			strategy = pathnodes.AggMixed
		}
		return []pathnodes.Path{gs.path(path, strategy, hashed)}
	}
	if len(rollups) == 0 {
		return nil
	}
	var out []pathnodes.Path
	if canHash && gs.gd.anyHashable {
		var mixed []*pathnodes.Rollup
		var hashSets []*pathnodes.Rollup
		if len(rollups) > 1 {
			// Which later rollups to hash: the most that fit in hash_mem,
			// their sizes scaled to at most 20 units per rollup.
			scale := math.Max(hashMem/(20*float64(len(rollups))), 1)
			capacity := int(math.Floor(hashMem / scale))
			var weights []int
			for _, r := range rollups[1:] {
				if r.Hashable {
					sz := gs.tableSize(path, r.NumGroups)
					weights = append(weights, int(math.Min(math.Floor(sz/scale), float64(capacity)+1)))
				}
			}
			var chosen []bool
			if len(weights) > 0 {
				chosen = discreteKnapsack(capacity, weights)
			}
			if slices.Contains(chosen, true) {
				mixed = []*pathnodes.Rollup{rollups[0]}
				i := 0
				for _, r := range rollups[1:] {
					if !r.Hashable {
						mixed = append(mixed, r)
						continue
					}
					if chosen[i] {
						for j := range r.Sets {
							hashSets = append(hashSets, gs.hashedRollup(r, j))
						}
					} else {
						mixed = append(mixed, r)
					}
					i++
				}
			}
		}
		if mixed == nil && len(hashSets) > 0 {
			mixed = slices.Clone(rollups)
		}
		for _, h := range hashSets {
			mixed = append([]*pathnodes.Rollup{h}, mixed...)
		}
		if mixed != nil {
			out = append(out, gs.path(path, pathnodes.AggMixed, mixed))
		}
	}
	return append(out, gs.path(path, pathnodes.AggSorted, rollups))
}

// discreteKnapsack returns which items (all of value 1) to take to take
// the most within capacity (PG: DiscreteKnapsack): the classic dynamic
// program over capacities, later items preferred among equal choices.
func discreteKnapsack(capacity int, weights []int) []bool {
	values := make([]int, capacity+1)
	sets := make([][]bool, capacity+1)
	for j := range sets {
		sets[j] = make([]bool, len(weights))
	}
	for i, w := range weights {
		for j := capacity; j >= w; j-- {
			if values[j] <= values[j-w]+1 {
				if j != j-w {
					copy(sets[j], sets[j-w])
				}
				sets[j][i] = true
				values[j] = values[j-w] + 1
			}
		}
	}
	return sets[capacity]
}

// path returns the grouping sets path computing rollups over in with
// strategy, costed as the first rollup reading the input, the other
// hashed ones and the first sorted one aggregating the same rows, and
// each later sorted one sorting them again (PG: create_groupingsets_path).
func (gs *groupingSetsPlanner) path(in pathnodes.Path, strategy pathnodes.AggStrategy, rollups []*pathnodes.Rollup) *pathnodes.AggPath {
	c := &gs.root.Costs
	ib := in.PathBase()
	if strategy == pathnodes.AggSorted && len(rollups) == 1 && len(rollups[0].GroupRefs) == 0 {
		// Only empty sets: one group of every row per set.
		strategy = pathnodes.AggPlain
	}
	ap := &pathnodes.AggPath{Subpath: in, Split: nodes.AggSplitSimple, Strategy: strategy, Having: gs.having, Target: gs.tlist, Aggs: gs.q.Aggs, Rollups: rollups}
	ap.Parent, ap.ParallelSafe, ap.ParallelWorkers = ib.Parent, ib.ParallelSafe, ib.ParallelWorkers
	ap.Width = util.TargetWidth(nil, gs.tlist)
	ap.GroupKeys = groupExprs(gs.tlist, gs.q.GroupClause)
	if strategy == pathnodes.AggSorted && len(rollups) == 1 {
		ap.Pathkeys = keysFor(rollups[0].GroupKeys)
	}
	aggCost := func(b *pathnodes.Base, strategy pathnodes.AggStrategy, r *pathnodes.Rollup, startup, total float64) {
		numGroupCols := len(r.Sets[0])
		switch strategy {
		case pathnodes.AggPlain:
			ac := gs.ac
			b.StartupCost = total + ac.TransCost.Startup + ac.TransCost.PerTuple*ib.Rows + ac.FinalCost.Startup + ac.FinalCost.PerTuple
			b.TotalCost = b.StartupCost + c.CPUTupleCost
			b.Rows = 1
			if len(gs.having) > 0 {
				qc := cost.QualListCost(c, gs.having)
				b.StartupCost += qc.Startup
				b.TotalCost += qc.Startup + qc.PerTuple
				b.Rows = cost.ClampRowEst(gs.havingSel)
			}
		case pathnodes.AggHashed:
			cost.CostAggGrouped(c, b, true, gs.ac, numGroupCols, r.NumGroups, startup, total, ib.Rows, ib.Width, gs.having, nil, gs.havingSel)
			if !c.EnableHashagg {
				b.StartupCost += cost.DisableCost
				b.TotalCost += cost.DisableCost
			}
		default:
			cost.CostAggGrouped(c, b, false, gs.ac, numGroupCols, r.NumGroups, startup, total, ib.Rows, ib.Width, gs.having, nil, gs.havingSel)
			if strategy == pathnodes.AggMixed && !c.EnableHashagg {
				b.StartupCost += cost.DisableCost
				b.TotalCost += cost.DisableCost
			}
		}
	}
	firstSort := true
	for i, r := range rollups {
		if i == 0 {
			aggCost(&ap.Base, strategy, r, ib.StartupCost, ib.TotalCost)
			firstSort = r.Hashed
			continue
		}
		var b pathnodes.Base
		switch {
		case r.Hashed:
			aggCost(&b, pathnodes.AggHashed, r, 0, 0)
		case firstSort:
			aggCost(&b, pathnodes.AggSorted, r, 0, 0)
			firstSort = false
		default:
			var sb pathnodes.Base
			cost.CostSort(c, &sb, 0, 0, ib.Rows, ib.Width, -1)
			aggCost(&b, pathnodes.AggSorted, r, sb.StartupCost, sb.TotalCost)
		}
		ap.TotalCost += b.TotalCost
		ap.Rows += b.Rows
	}
	tc := cost.TargetCost(c, gs.tlist)
	ap.StartupCost += tc.Startup
	ap.TotalCost += tc.Startup + tc.PerTuple*ap.Rows
	ap.NumGroups = gs.gd.numGroups
	return ap
}
