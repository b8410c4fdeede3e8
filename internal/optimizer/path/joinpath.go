// joinpath.go generates the paths that join two relations (PG: joinpath.c
// add_paths_to_joinrel). As in PostgreSQL it tries, for one ordering of
// the two inputs:
//   - merge joins over both cheapest inputs sorted explicitly, once per
//     choice of leading merge key (sort_inner_and_outer);
//   - for every path of the outer relation, nested loops with the inner
//     relation's cheapest path, its materialization and its index scans
//     driven by the join clauses, and merge joins that use the outer path's
//     own order with the inner side sorted or read in a presorted order
//     (match_unsorted_outer);
//   - hash joins of the cheapest inputs (hash_inner_and_outer).
//
// When the join relation may be parallel (ConsiderParallel) and the outer
// relation has partial paths, each step also builds partial join paths for
// the join relation's partial_pathlist: the outer side is a partial path,
// which the participants divide between them, and the inner side a
// complete, parallel-safe path that every participant runs in full (a
// nested loop's inner scan, a merge join's sorted inner, a
// parallel-oblivious hash join's private Hash) or, for Parallel Hash, a
// partial path whose rows all participants load into one shared table.
// As in PostgreSQL 16, right and full joins are partial only with
// Parallel Hash, the one strategy where a single table sees every match.
//
// Joins that stop at the first match of an outer row (semi, anti and
// inner-unique joins) are costed with the semi-join factors.

package path

import (
	"math"
	"slices"

	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/optimizer/cost"
	"github.com/loomdb/loomdb/internal/optimizer/pathnodes"
	"github.com/loomdb/loomdb/internal/optimizer/util"
	"github.com/loomdb/loomdb/internal/plannodes"
)

// joinContext is one call of AddJoinPaths (PG: the arguments of
// add_paths_to_joinrel with JoinPathExtraData).
type joinContext struct {
	root         *pathnodes.PlannerInfo
	jr           *pathnodes.RelOptInfo
	outer, inner *pathnodes.RelOptInfo
	jt           pathnodes.JoinType
	clauses      []nodes.Expr
	filter       []nodes.Expr
	target       []*nodes.TargetEntry
	extra        cost.JoinCostExtra
	mergeClauses []nodes.Expr // "outer = inner" equalities usable to merge or hash
	mergeAllowed bool
	innerIndexed []pathnodes.Path
	scanSel      map[scanSelKey]cost.MergeScanSel
	// innerLateral says the inner relation reads the outer relation's
	// current row (LATERAL references): only nested loops can join them.
	innerLateral bool
}

// AddJoinPaths adds to jr the ways of joining outer to inner under clauses
// (the join's own clauses); filter are clauses applied after NULL
// extension of an outer join.
func AddJoinPaths(root *pathnodes.PlannerInfo, jr, outer, inner *pathnodes.RelOptInfo, jt pathnodes.JoinType, clauses, filter []nodes.Expr, target []*nodes.TargetEntry) {
	if outer.CheapestTotal == nil || inner.CheapestTotal == nil {
		return
	}
	if overlaps(inner.Relids, outer.LateralRelids) {
		// The outer side would read the inner side's rows.
		return
	}
	j := &joinContext{root: root, jr: jr, outer: outer, inner: inner, jt: jt, clauses: clauses, filter: filter, target: target, mergeAllowed: true}
	j.innerLateral = overlaps(outer.Relids, inner.LateralRelids)
	for _, cl := range clauses {
		if h := hashClause(cl, outer.Relids, inner.Relids); h != nil {
			j.mergeClauses = append(j.mergeClauses, h)
		} else if jt == pathnodes.JoinFull {
			// A full merge join can evaluate only merge clauses.
			j.mergeAllowed = false
		}
	}
	switch {
	case jt == pathnodes.JoinSemi || jt == pathnodes.JoinAnti:
		// These stop at the first match anyway.
	case inner.Uniquified:
		j.extra.InnerUnique = true
	default:
		j.extra.InnerUnique = innerIsUnique(inner, j.mergeClauses)
	}
	if jt == pathnodes.JoinSemi || jt == pathnodes.JoinAnti || j.extra.InnerUnique {
		j.extra.Semi = semiAntiJoinFactors(root, outer, inner, clauses)
	}
	nestOK := jt == pathnodes.JoinInner || jt == pathnodes.JoinLeft || jt == pathnodes.JoinSemi || jt == pathnodes.JoinAnti
	if j.innerLateral {
		if nestOK {
			j.lateralNestloops()
		}
		return
	}
	if nestOK && inner.Rel != nil && len(inner.IndexList) > 0 {
		j.innerIndexed = ParameterizedIndexPaths(root, inner, outer.Relids, clauses, getLoopCount(root, inner, outer.Relids, clauses), inner.CheapestTotal.PathBase().Target)
	}
	if j.mergeAllowed && len(j.mergeClauses) > 0 {
		j.sortInnerAndOuter()
	}
	j.matchUnsortedOuter(nestOK)
	if len(j.mergeClauses) > 0 {
		j.hashInnerAndOuter()
	}
}

// SetJoinConsiderParallel decides whether jr, joining outer and inner under
// clauses to compute target, may have parallel paths (PG: build_join_rel):
// both inputs may, and the join's clauses and target are parallel-safe.
func SetJoinConsiderParallel(root *pathnodes.PlannerInfo, jr, outer, inner *pathnodes.RelOptInfo, clauses []nodes.Expr, target []*nodes.TargetEntry) {
	safe := root.InitPlanParams()
	jr.ConsiderParallel = outer.ConsiderParallel && inner.ConsiderParallel &&
		util.IsParallelSafeParams(safe, clauses...) && util.TargetParallelSafeParams(safe, target)
}

// FinishJoinRel gathers jr's partial paths (PG: generate_useful_gather_paths
// in standard_join_search, and apply_scanjoin_target_to_paths for the
// topmost join, whose target is already final here) and picks its cheapest
// paths.
func FinishJoinRel(root *pathnodes.PlannerInfo, jr *pathnodes.RelOptInfo, target []*nodes.TargetEntry) {
	if jr.ConsiderParallel {
		GenerateUsefulGatherPaths(root, jr, target, false)
	}
	pathnodes.SetCheapest(jr)
}

// partialOuter reports whether partial join paths may be built from the
// outer relation's partial paths: the join relation may be parallel and
// the outer side is not a unique-ified semi-join input (PG: the tests
// before consider_parallel_nestloop and the partial paths of
// sort_inner_and_outer and hash_inner_and_outer; JOIN_UNIQUE_OUTER is
// excluded).
func (j *joinContext) partialOuter() bool {
	return j.jr.ConsiderParallel && !j.outer.Uniquified && len(j.outer.PartialPathlist) > 0 && len(j.jr.LateralRelids) == 0
}

// lateralNestloops adds the nested loops of a join whose inner side reads
// the outer side's current row: each outer path with the inner
// relation's cheapest path, which the loop rescans with the row's values,
// and, where the join may be parallel, each partial outer path with a
// parallel-safe inner path (PG: match_unsorted_outer and
// consider_parallel_nestloop with a parameterized inner path).
func (j *joinContext) lateralNestloops() {
	ip := j.inner.CheapestTotal
	for _, op := range j.outer.Pathlist {
		pathkeys := j.outputPathkeys(op.PathBase().Pathkeys)
		j.tryNestloop(op, ip, pathkeys, false)
		if mp := j.memoizePath(op, ip); mp != nil {
			j.tryNestloop(op, mp, pathkeys, false)
		}
	}
	if !j.partialOuter() || !ip.PathBase().ParallelSafe {
		return
	}
	for _, op := range j.outer.PartialPathlist {
		pathkeys := j.outputPathkeys(op.PathBase().Pathkeys)
		j.tryNestloop(op, ip, pathkeys, true)
		if mp := j.memoizePath(op, ip); mp != nil {
			j.tryNestloop(op, mp, pathkeys, true)
		}
	}
}

// scanContainsVolatile reports whether the scan of a relation with
// LATERAL references calls a volatile function: the function in FROM, a
// VALUES list or anything in a subquery's plan and the SubPlans it runs.
// A cache would skip calls.
func scanContainsVolatile(root *pathnodes.PlannerInfo, p pathnodes.Path) bool {
	switch x := p.(type) {
	case *pathnodes.FunctionScanPath:
		return util.ContainsVolatile(x.Call)
	case *pathnodes.ValuesScanPath:
		for _, row := range x.Values {
			if slices.ContainsFunc(row, util.ContainsVolatile) {
				return true
			}
		}
		return false
	case *pathnodes.SubqueryScanPath:
		return planContainsVolatile(x.Subplan, root.Glob.Subplans, map[int]bool{})
	}
	return true
}

// planContainsVolatile reports whether a plan tree, or a SubPlan it runs,
// calls a volatile function.
func planContainsVolatile(p plannodes.Plan, subplans []plannodes.Plan, seen map[int]bool) bool {
	found := false
	sub := func(sp *nodes.SubPlan) {
		if !found && sp.PlanID >= 1 && sp.PlanID <= len(subplans) && !seen[sp.PlanID] {
			seen[sp.PlanID] = true
			found = planContainsVolatile(subplans[sp.PlanID-1], subplans, seen)
		}
	}
	plannodes.WalkExprs(p, func(e nodes.Expr) {
		found = found || util.ContainsVolatile(e)
		nodes.Walk(e, func(n nodes.Expr) bool {
			if sp, ok := n.(*nodes.SubPlan); ok {
				sub(sp)
			}
			return !found
		})
	})
	for _, ip := range p.PlanHeader().InitPlan {
		sub(ip)
	}
	for _, c := range plannodes.Children(p) {
		found = found || planContainsVolatile(c, subplans, seen)
	}
	return found
}

// partialObliviousOK reports whether this join type can run with a
// private copy of the inner side per participant: not when unmatched
// inner rows must be returned, which no single participant can know.
func (j *joinContext) partialObliviousOK() bool {
	return j.jt != pathnodes.JoinRight && j.jt != pathnodes.JoinFull
}

// cheapestSafeInner returns the cheapest total inner path a partial join
// may use: the inner relation's cheapest if parallel-safe, else its
// cheapest parallel-safe path, or nil (PG:
// get_cheapest_parallel_safe_total_inner). A unique-ified inner side has
// only its one path.
func (j *joinContext) cheapestSafeInner() pathnodes.Path {
	if ip := j.inner.CheapestTotal; ip.PathBase().ParallelSafe {
		return ip
	}
	if j.inner.Uniquified {
		return nil
	}
	var best pathnodes.Path
	for _, p := range j.inner.Pathlist {
		if p.PathBase().ParallelSafe && (best == nil || p.PathBase().TotalCost < best.PathBase().TotalCost) {
			best = p
		}
	}
	return best
}

// rowsFor returns the row estimate of a join path over outer: the join
// relation's, or for a partial path one participant's share of it (PG:
// the partial-path scaling in final_cost_nestloop and its siblings).
func (j *joinContext) rowsFor(outer pathnodes.Path, partial bool) float64 {
	if !partial {
		return j.jr.Rows
	}
	return cost.ClampRowEst(j.jr.Rows / cost.ParallelDivisor(&j.root.Costs, outer.PathBase().ParallelWorkers))
}

// add adds a finished join path to the pathlist, or a partial one to the
// partial_pathlist.
func (j *joinContext) add(p pathnodes.Path, partial bool) {
	if partial {
		pathnodes.AddPartialPath(j.jr, p)
	} else {
		pathnodes.AddPath(j.root, j.jr, p)
	}
}

// innerIsUnique reports whether inner has at most one row for any values
// of the outer sides of mergeClauses: a base table with a unique index
// whose every column is equated with the outer side or a constant (PG:
// innerrel_is_unique, relation_has_unique_index_for).
func innerIsUnique(inner *pathnodes.RelOptInfo, mergeClauses []nodes.Expr) bool {
	if inner.Rel == nil || len(inner.Relids) != 1 {
		return false
	}
	var keys []nodes.Expr
	for _, mc := range mergeClauses {
		keys = append(keys, mc.(*nodes.OpExpr).Args[1])
	}
	for _, rc := range inner.BaseRestrictInfo {
		op, ok := rc.(*nodes.OpExpr)
		if !ok || op.OpName != "=" || len(op.Args) != 2 {
			continue
		}
		for i := 0; i < 2; i++ {
			if _, isVar := op.Args[i].(*nodes.Var); isVar && len(ClauseRelids(op.Args[1-i])) == 0 && !util.ContainsVolatile(op.Args[1-i]) {
				keys = append(keys, op.Args[i])
			}
		}
	}
	if len(keys) == 0 {
		return false
	}
	for _, index := range inner.IndexList {
		if !index.Unique {
			continue
		}
		all := true
		for _, attno := range index.IndexKeys {
			found := false
			for _, k := range keys {
				if v, ok := k.(*nodes.Var); ok && v.VarNo == inner.Relid && v.AttNo == attno {
					found = true
					break
				}
			}
			if !found {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}

// semiAntiJoinFactors estimates the fraction of outer rows with a match
// and the average number of matches of such a row (PG:
// compute_semi_anti_join_factors).
func semiAntiJoinFactors(root *pathnodes.PlannerInfo, outer, inner *pathnodes.RelOptInfo, clauses []nodes.Expr) cost.SemiAntiJoinFactors {
	jselec := cost.SemiJoinSelectivity(root, clauses, inner.Relids, inner.Rows)
	nselec := cost.ClauselistSelectivity(root, clauses)
	avgmatch := 1.0
	if jselec > 0 {
		avgmatch = math.Max(1.0, nselec*inner.Rows/jselec)
	}
	return cost.SemiAntiJoinFactors{OuterMatchFrac: jselec, MatchCount: avgmatch}
}

// outputPathkeys is the order a join path keeps from its outer input (PG:
// build_join_pathkeys): none for right and full joins, whose NULL-extended
// rows break it.
func (j *joinContext) outputPathkeys(outerKeys []pathnodes.PathKey) []pathnodes.PathKey {
	if j.jt == pathnodes.JoinRight || j.jt == pathnodes.JoinFull {
		return nil
	}
	n := max(usefulForOrdering(j.root, outerKeys), j.usefulForMerging(outerKeys))
	if n == 0 {
		return nil
	}
	return outerKeys[:n]
}

// usefulForMerging counts the leading keys that a join clause linking the
// join relation to another relation could merge on (PG:
// pathkeys_useful_for_merging).
func (j *joinContext) usefulForMerging(keys []pathnodes.PathKey) int {
	n := 0
	for _, k := range keys {
		if k.Descending || k.NullsFirst {
			break
		}
		found := false
		for _, q := range j.root.JoinQuals {
			op, ok := q.(*nodes.OpExpr)
			if !ok || op.OpName != "=" || len(op.Args) != 2 || subset(ClauseRelids(q), j.jr.Relids) {
				continue
			}
			if nodes.Equal(op.Args[0], k.Expr) || nodes.Equal(op.Args[1], k.Expr) {
				found = true
				break
			}
		}
		if !found {
			break
		}
		n++
	}
	return n
}

func (j *joinContext) newJoin(outer, inner pathnodes.Path, restrict []nodes.Expr, pathkeys []pathnodes.PathKey) *pathnodes.JoinBase {
	jb := &pathnodes.JoinBase{JoinType: j.jt, Outer: outer, Inner: inner, JoinRestrict: restrict, Filter: j.filter, InnerUnique: j.extra.InnerUnique}
	jb.Target = j.target
	jb.Parent = j.jr
	jb.Width = j.jr.Width
	jb.Pathkeys = pathkeys
	jb.ParallelSafe = j.jr.ConsiderParallel && outer.PathBase().ParallelSafe && inner.PathBase().ParallelSafe
	if len(j.jr.LateralRelids) > 0 {
		// The join reads the current row of relations outside it.
		jb.Param = &pathnodes.ParamInfo{RequiredOuter: j.jr.LateralRelids, Rows: j.jr.Rows}
	}
	return jb
}

// newPartialJoin is newJoin for a partial path: it runs in as many
// participants as its outer side (PG: "a foolish way to estimate
// parallel_workers, but for now...").
func (j *joinContext) newPartialJoin(outer, inner pathnodes.Path, restrict []nodes.Expr, pathkeys []pathnodes.PathKey, partial bool) *pathnodes.JoinBase {
	jb := j.newJoin(outer, inner, restrict, pathkeys)
	if partial {
		jb.ParallelWorkers = outer.PathBase().ParallelWorkers
	}
	return jb
}

// tryNestloop adds a nested loop of outer and inner, partial when outer
// is (PG: try_nestloop_path, try_partial_nestloop_path).
func (j *joinContext) tryNestloop(outer, inner pathnodes.Path, pathkeys []pathnodes.PathKey, partial bool) {
	restrict := j.clauses
	indexed := false
	if param := inner.PathBase().Param; param != nil {
		// The inner scan checks the join clauses movable to it.
		restrict = util.ClausesExcept(j.clauses, param.Clauses)
		indexed = len(restrict) == 0 && len(j.filter) == 0 && hasIndexedJoinQuals(inner, param)
	}
	np := j.newPartialJoin(outer, inner, restrict, pathkeys, partial)
	cost.CostNestloop(&j.root.Costs, np, append(append([]nodes.Expr(nil), restrict...), j.filter...), j.rowsFor(outer, partial), j.target, &j.extra, indexed)
	disableIf(!j.root.Costs.EnableNestloop, &np.Base)
	j.add(&pathnodes.NestPath{JoinBase: *np}, partial)
}

// tryMergejoin adds a merge join of outer and inner on mergeClauses
// ("outer = inner", in merge-key order), sorting an input explicitly when
// it lacks the order (PG: try_mergejoin_path).
func (j *joinContext) tryMergejoin(outer, inner pathnodes.Path, pathkeys []pathnodes.PathKey, mergeClauses []nodes.Expr, outerKeys, innerKeys []pathnodes.PathKey, partial bool) {
	if len(mergeClauses) == 0 {
		return
	}
	if j.jt == pathnodes.JoinFull && len(mergeClauses) != len(j.mergeClauses) {
		return
	}
	mp := &pathnodes.MergePath{JoinBase: *j.newPartialJoin(outer, inner, j.clauses, pathkeys, partial), MergeClauses: mergeClauses, OuterKeys: outerKeys, InnerKeys: innerKeys}
	mp.SortOuter = !pathnodes.PathkeysContained(outerKeys, outer.PathBase().Pathkeys)
	mp.SortInner = !pathnodes.PathkeysContained(innerKeys, inner.PathBase().Pathkeys)
	others := j.otherQuals(mergeClauses)
	sel := j.mergeScanSel(mergeClauses[0].(*nodes.OpExpr), outerKeys[0])
	tuples := cost.ClampRowEst(cost.ClauselistSelectivity(j.root, mergeClauses) * outer.PathBase().Rows * inner.PathBase().Rows)
	cost.CostMergejoin(&j.root.Costs, mp, others, j.rowsFor(outer, partial), tuples, j.target, &j.extra, sel, j.outer.Uniquified)
	disableIf(!j.root.Costs.EnableMergejoin, &mp.Base)
	j.add(mp, partial)
}

// otherQuals are the clauses a merge or hash join on used evaluates
// besides them: the rest of its clauses, then the outer-join filter.
func (j *joinContext) otherQuals(used []nodes.Expr) []nodes.Expr {
	var out []nodes.Expr
	for _, c := range j.clauses {
		if !util.EqualityIn(c, used) {
			out = append(out, c)
		}
	}
	return append(out, j.filter...)
}

// mergeScanSel is mergejoinscansel for a merge join whose first clause is
// first, sorted as key says; results are kept for the other paths of the
// same join (PG: cached_scansel).
func (j *joinContext) mergeScanSel(first *nodes.OpExpr, key pathnodes.PathKey) cost.MergeScanSel {
	k := scanSelKey{first, key.Descending, key.NullsFirst}
	if sel, ok := j.scanSel[k]; ok {
		return sel
	}
	ls, le, rs, re := cost.MergeJoinScanSel(cost.VarStatsOf(j.root, first.Args[0]), cost.VarStatsOf(j.root, first.Args[1]), key.Descending, key.NullsFirst)
	sel := cost.MergeScanSel{OuterStart: ls, OuterEnd: le, InnerStart: rs, InnerEnd: re}
	if j.scanSel == nil {
		j.scanSel = map[scanSelKey]cost.MergeScanSel{}
	}
	j.scanSel[k] = sel
	return sel
}

type scanSelKey struct {
	clause                 *nodes.OpExpr
	descending, nullsFirst bool
}

// tryHashjoin adds a hash join of outer and inner, partial when outer is
// (PG: try_hashjoin_path, try_partial_hashjoin_path). With parallelHash
// the inner side is partial too and the participants build one shared
// table (Parallel Hash Join).
func (j *joinContext) tryHashjoin(outer, inner pathnodes.Path, partial, parallelHash bool) {
	c := &j.root.Costs
	hp := &pathnodes.HashPath{JoinBase: *j.newPartialJoin(outer, inner, j.clauses, nil, partial), HashClauses: j.mergeClauses}
	hp.ParallelAware = parallelHash
	others := j.otherQuals(j.mergeClauses)
	ib := inner.PathBase()
	bucketSize := func(virtualBuckets float64) float64 {
		if j.inner.Uniquified {
			// A unique-ified input has one row per key.
			return 1.0 / virtualBuckets
		}
		size := 1.0
		for _, h := range j.mergeClauses {
			size = min(size, cost.HashBucketSize(j.root, h.(*nodes.OpExpr).Args[1], virtualBuckets))
		}
		return size
	}
	tuples := cost.ClampRowEst(cost.ClauselistSelectivity(j.root, j.mergeClauses) * outer.PathBase().Rows * ib.Rows)
	cost.CostHashjoin(c, hp, j.mergeClauses, others, j.rowsFor(outer, partial), bucketSize, tuples, j.target, &j.extra)
	disableIf(!c.EnableHashjoin, &hp.Base)
	j.add(hp, partial)
}

// sortInnerAndOuter adds merge joins of the two cheapest paths, sorted on
// the merge keys with each key in turn leading (PG: sort_inner_and_outer).
func (j *joinContext) sortInnerAndOuter() {
	op, ip := j.outer.CheapestTotal, j.inner.CheapestTotal
	var partialOuter, safeInner pathnodes.Path
	if j.partialOuter() && j.partialObliviousOK() {
		partialOuter, safeInner = j.outer.PartialPathlist[0], j.cheapestSafeInner()
	}
	all := j.mergeKeyOrder()
	for i := range all {
		order := make([]int, 0, len(all))
		order = append(order, all[i])
		for k, x := range all {
			if k != i {
				order = append(order, x)
			}
		}
		var clauses []nodes.Expr
		var outerKeys, innerKeys []pathnodes.PathKey
		for _, x := range order {
			mc := j.mergeClauses[x].(*nodes.OpExpr)
			clauses = append(clauses, mc)
			outerKeys = append(outerKeys, pathnodes.PathKey{Expr: mc.Args[0]})
			innerKeys = append(innerKeys, pathnodes.PathKey{Expr: mc.Args[1]})
		}
		j.tryMergejoin(op, ip, j.outputPathkeys(outerKeys), clauses, outerKeys, innerKeys, false)
		if partialOuter != nil && safeInner != nil {
			j.tryMergejoin(partialOuter, safeInner, j.outputPathkeys(outerKeys), clauses, outerKeys, innerKeys, true)
		}
	}
}

// mergeKeyOrder orders the merge clauses for sort_inner_and_outer: those
// matching the query's wanted ordering first, in its order (PG:
// select_outer_pathkeys_for_merge).
func (j *joinContext) mergeKeyOrder() []int {
	var order []int
	used := make([]bool, len(j.mergeClauses))
	for _, qk := range j.root.QueryPathkeys {
		found := -1
		for i, mc := range j.mergeClauses {
			if !used[i] && !qk.Descending && !qk.NullsFirst && nodes.Equal(mc.(*nodes.OpExpr).Args[0], qk.Expr) {
				found = i
				break
			}
		}
		if found < 0 {
			break
		}
		used[found] = true
		order = append(order, found)
	}
	for i := range j.mergeClauses {
		if !used[i] {
			order = append(order, i)
		}
	}
	return order
}

// matchUnsortedOuter adds, for every path of the outer relation, nested
// loops and merge joins that keep its order (PG: match_unsorted_outer).
func (j *joinContext) matchUnsortedOuter(nestOK bool) {
	c := &j.root.Costs
	innerCheapest := j.inner.CheapestTotal
	var matpath pathnodes.Path
	if nestOK && c.EnableMaterial && !materializesOutput(innerCheapest) && !j.inner.Uniquified {
		b := innerCheapest.PathBase()
		mp := &pathnodes.MaterialPath{Subpath: innerCheapest}
		mp.Parent, mp.Width, mp.ParallelSafe, mp.Target = j.inner, b.Width, b.ParallelSafe, b.Target
		cost.CostMaterial(c, &mp.Base, b.StartupCost, b.TotalCost, b.Rows, b.Width)
		matpath = mp
	}
	for _, op := range j.outer.Pathlist {
		pathkeys := j.outputPathkeys(op.PathBase().Pathkeys)
		if nestOK {
			j.tryNestloop(op, innerCheapest, pathkeys, false)
			for _, ip := range j.innerIndexed {
				j.tryNestloop(op, ip, pathkeys, false)
				if mp := j.memoizePath(op, ip); mp != nil {
					j.tryNestloop(op, mp, pathkeys, false)
				}
			}
			if matpath != nil {
				j.tryNestloop(op, matpath, pathkeys, false)
			}
		}
		if !j.mergeAllowed || len(j.mergeClauses) == 0 || j.outer.Uniquified {
			continue
		}
		j.mergejoinWithOuterOrder(op, innerCheapest, pathkeys, false)
	}
	if !j.partialOuter() || !j.partialObliviousOK() {
		return
	}
	if nestOK {
		j.partialNestloops()
	}
	safeInner := j.cheapestSafeInner()
	if safeInner == nil || !j.mergeAllowed || len(j.mergeClauses) == 0 {
		return
	}
	// PG: consider_parallel_mergejoin.
	for _, op := range j.outer.PartialPathlist {
		j.mergejoinWithOuterOrder(op, safeInner, j.outputPathkeys(op.PathBase().Pathkeys), true)
	}
}

// partialNestloops adds nested loops of each partial outer path with each
// parallel-safe inner path among the inner relation's cheapest and its
// parameterized index scans (PG: consider_parallel_nestloop). A
// unique-ified inner side offers only its one path.
func (j *joinContext) partialNestloops() {
	inners := append([]pathnodes.Path{j.inner.CheapestTotal}, j.innerIndexed...)
	for _, op := range j.outer.PartialPathlist {
		pathkeys := j.outputPathkeys(op.PathBase().Pathkeys)
		for _, ip := range inners {
			if !ip.PathBase().ParallelSafe {
				continue
			}
			j.tryNestloop(op, ip, pathkeys, true)
			if mp := j.memoizePath(op, ip); mp != nil {
				j.tryNestloop(op, mp, pathkeys, true)
			}
		}
	}
}

// memoizePath returns a Memoize over the parameterized inner path for a
// nested loop with outer, or nil where one cannot or need not be used
// (PG: get_memoize_path): memoize is enabled, the outer side is expected
// to rescan the inner more than once, the inner path takes parameters
// from join clauses whose outer sides can be hashed, and a semi or anti
// join (which stops reading the inner side early) is inner-unique with
// every join clause parameterized, as is any inner-unique join.
func (j *joinContext) memoizePath(outer, inner pathnodes.Path) pathnodes.Path {
	c := &j.root.Costs
	param := inner.PathBase().Param
	var clauses []nodes.Expr
	if param != nil {
		clauses = param.Clauses
	}
	lateral := j.inner.LateralVars
	if !j.innerLateral {
		lateral = nil
	}
	if !c.EnableMemoize || j.outer.Rows < 2 || len(clauses)+len(lateral) == 0 {
		return nil
	}
	if !j.extra.InnerUnique && (j.jt == pathnodes.JoinSemi || j.jt == pathnodes.JoinAnti) {
		return nil
	}
	if j.extra.InnerUnique && len(clauses) < len(j.clauses)+len(j.filter) {
		// Only some of the join's clauses make the inner side unique; a
		// cache entry could not be completed at the first row.
		return nil
	}
	// A cache hit would skip volatile functions' calls.
	if util.TargetContainsVolatile(inner.PathBase().Target) || slices.ContainsFunc(j.inner.BaseRestrictInfo, util.ContainsVolatile) {
		return nil
	}
	if len(lateral) > 0 && scanContainsVolatile(j.root, inner) {
		return nil
	}
	var keys []nodes.Expr
	binary := false
	keyWidth := 0
	for _, cl := range clauses {
		op, ok := cl.(*nodes.OpExpr)
		if !ok || len(op.Args) != 2 {
			return nil
		}
		l, r := ClauseRelids(op.Args[0]), ClauseRelids(op.Args[1])
		var key nodes.Expr
		switch {
		case len(l) > 0 && subset(l, j.outer.Relids) && subset(r, j.inner.Relids):
			key = op.Args[0]
		case len(r) > 0 && subset(r, j.outer.Relids) && subset(l, j.inner.Relids):
			key = op.Args[1]
		default:
			return nil
		}
		if hashClause(cl, j.outer.Relids, j.inner.Relids) == nil {
			// The join operator may tell apart values that hash equality
			// takes as equal (-0 and 0): compare keys by their bytes.
			binary = true
		}
		keys = append(keys, key)
		keyWidth += exprWidth(j.root, key)
	}
	// The outer columns LATERAL references read are keys too, compared by
	// their bytes: how the scan uses them is not known (PG:
	// paraminfo_get_equal_hashops).
	for _, v := range lateral {
		keys = append(keys, v)
		keyWidth += exprWidth(j.root, v)
		binary = true
	}
	sub := inner.PathBase()
	mp := &pathnodes.MemoizePath{Subpath: inner, ParamExprs: keys, NumLateral: len(lateral), SingleRow: j.extra.InnerUnique, BinaryMode: binary, Calls: outer.PathBase().Rows}
	mp.Parent, mp.Param, mp.Target, mp.Width, mp.Pathkeys = sub.Parent, sub.Param, sub.Target, sub.Width, sub.Pathkeys
	mp.ParallelSafe = j.inner.ConsiderParallel && sub.ParallelSafe
	mp.ParallelWorkers = sub.ParallelWorkers
	ndistinct, usedDefault := cost.EstimateNumGroupsInfo(j.root, keys, mp.Calls)
	cost.CostMemoize(c, mp, keyWidth, ndistinct, usedDefault)
	return mp
}

// hasIndexedJoinQuals reports whether a parameterized inner scan checks
// every join clause it enforces as an index condition, so that the scan
// returns only matching rows (PG: has_indexed_join_quals): an index scan,
// or a bitmap heap scan over a single index.
func hasIndexedJoinQuals(inner pathnodes.Path, param *pathnodes.ParamInfo) bool {
	var ip *pathnodes.IndexPath
	switch x := inner.(type) {
	case *pathnodes.IndexPath:
		ip = x
	case *pathnodes.BitmapHeapPath:
		ip, _ = x.BitmapQual.(*pathnodes.IndexPath)
	}
	if ip == nil || len(param.Clauses) == 0 {
		return false
	}
	for _, c := range param.Clauses {
		if !slices.ContainsFunc(ip.IndexClauses, func(ic pathnodes.IndexClause) bool { return ic.Rinfo == c }) {
			return false
		}
	}
	return true
}

// materializesOutput reports whether a path keeps its result for rescans
// already (PG: ExecMaterializesOutput).
func materializesOutput(p pathnodes.Path) bool {
	switch p.(type) {
	case *pathnodes.MaterialPath, *pathnodes.SortPath, *pathnodes.CteScanPath, *pathnodes.WorkTableScanPath:
		return true
	}
	return false
}

// mergejoinWithOuterOrder adds merge joins that use the order outer
// already has: the merge clauses are those matching its leading keys, and
// the inner side is sorted explicitly or read through a presorted path,
// possibly on fewer keys (PG: generate_mergejoin_paths).
func (j *joinContext) mergejoinWithOuterOrder(outer, innerCheapest pathnodes.Path, pathkeys []pathnodes.PathKey, partial bool) {
	var clauses []nodes.Expr
	var outerKeys, innerKeys []pathnodes.PathKey
	for _, k := range outer.PathBase().Pathkeys {
		matched := false
		for _, mc := range j.mergeClauses {
			op := mc.(*nodes.OpExpr)
			if nodes.Equal(op.Args[0], k.Expr) {
				clauses = append(clauses, mc)
				outerKeys = append(outerKeys, k)
				innerKeys = append(innerKeys, pathnodes.PathKey{Expr: op.Args[1], Descending: k.Descending, NullsFirst: k.NullsFirst})
				matched = true
			}
		}
		if !matched {
			break
		}
	}
	if len(clauses) == 0 {
		return
	}
	useAll := j.jt == pathnodes.JoinRight || j.jt == pathnodes.JoinFull
	if useAll && len(clauses) != len(j.mergeClauses) {
		return
	}
	j.tryMergejoin(outer, innerCheapest, pathkeys, clauses, outerKeys, innerKeys, partial)
	if j.inner.Uniquified {
		return
	}
	var cheapestTotal, cheapestStartup pathnodes.Path
	for n := len(innerKeys); n > 0; n-- {
		trial := innerKeys[:n]
		if ip := cheapestPathForPathkeys(j.inner.Pathlist, trial, false, partial); ip != nil &&
			(cheapestTotal == nil || comparePathCosts(ip, cheapestTotal, false) < 0) {
			j.tryMergejoin(outer, ip, pathkeys, clauses[:n], outerKeys[:n], trial, partial)
			cheapestTotal = ip
		}
		if ip := cheapestPathForPathkeys(j.inner.Pathlist, trial, true, partial); ip != nil &&
			(cheapestStartup == nil || comparePathCosts(ip, cheapestStartup, true) < 0) {
			if ip != cheapestTotal {
				j.tryMergejoin(outer, ip, pathkeys, clauses[:n], outerKeys[:n], trial, partial)
			}
			cheapestStartup = ip
		}
		if useAll {
			break
		}
	}
}

// cheapestPathForPathkeys returns the cheapest path (by startup or total
// cost) whose order satisfies keys, parallel-safe if requireSafe, or nil
// (PG: get_cheapest_path_for_pathkeys).
func cheapestPathForPathkeys(paths []pathnodes.Path, keys []pathnodes.PathKey, startup, requireSafe bool) pathnodes.Path {
	var best pathnodes.Path
	for _, p := range paths {
		if best != nil && comparePathCosts(best, p, startup) <= 0 {
			continue
		}
		if requireSafe && !p.PathBase().ParallelSafe {
			continue
		}
		if pathnodes.PathkeysContained(keys, p.PathBase().Pathkeys) {
			best = p
		}
	}
	return best
}

// comparePathCosts orders two paths by total cost then startup cost, or
// the other way round (PG: compare_path_costs).
func comparePathCosts(a, b pathnodes.Path, startup bool) int {
	ab, bb := a.PathBase(), b.PathBase()
	first := func(x *pathnodes.Base) float64 { return x.TotalCost }
	second := func(x *pathnodes.Base) float64 { return x.StartupCost }
	if startup {
		first, second = second, first
	}
	switch {
	case first(ab) < first(bb):
		return -1
	case first(ab) > first(bb):
		return 1
	case second(ab) < second(bb):
		return -1
	case second(ab) > second(bb):
		return 1
	}
	return 0
}

// hashInnerAndOuter adds hash joins: the outer relation's cheapest-startup
// path and its cheapest-total path, each with the inner relation's
// cheapest-total path (PG: hash_inner_and_outer).
func (j *joinContext) hashInnerAndOuter() {
	ip := j.inner.CheapestTotal
	startup := j.outer.CheapestStartup
	if startup != nil {
		j.tryHashjoin(startup, ip, false, false)
	}
	if total := j.outer.CheapestTotal; total != startup {
		j.tryHashjoin(total, ip, false, false)
	}
	if !j.partialOuter() {
		return
	}
	partialOuter := j.outer.PartialPathlist[0]
	if len(j.inner.PartialPathlist) > 0 && !j.inner.Uniquified && j.root.Costs.EnableParallelHash {
		j.tryHashjoin(partialOuter, j.inner.PartialPathlist[0], true, true)
	}
	if j.partialObliviousOK() {
		if safeInner := j.cheapestSafeInner(); safeInner != nil {
			j.tryHashjoin(partialOuter, safeInner, true, false)
		}
	}
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
// "Left" joins keep outer as the outer input; "Right" joins run with the
// preserved side as the inner input. filter are clauses applied after
// NULL extension.
func AddOuterJoinPaths(root *pathnodes.PlannerInfo, jr, outer, inner *pathnodes.RelOptInfo, jt pathnodes.JoinType, clauses, filter []nodes.Expr, target []*nodes.TargetEntry) {
	if jt == pathnodes.JoinFull {
		AddJoinPaths(root, jr, outer, inner, pathnodes.JoinFull, clauses, filter, target)
		AddJoinPaths(root, jr, inner, outer, pathnodes.JoinFull, clauses, filter, target)
	} else {
		AddJoinPaths(root, jr, outer, inner, pathnodes.JoinLeft, clauses, filter, target)
		AddJoinPaths(root, jr, inner, outer, pathnodes.JoinRight, clauses, filter, target)
	}
	FinishJoinRel(root, jr, target)
}

// getLoopCount estimates how often a scan of inner parameterized by the
// relations outerRelids runs (PG: get_loop_count): as often as the
// smallest of the base relations whose columns the join clauses pass
// in has rows, however the join above reduces them.
func getLoopCount(root *pathnodes.PlannerInfo, inner *pathnodes.RelOptInfo, outerRelids []int, clauses []nodes.Expr) float64 {
	result := 0.0
	for _, c := range clauses {
		for _, r := range ClauseRelids(c) {
			if r == inner.Relid || !subset([]int{r}, outerRelids) || r >= len(root.SimpleRelArray) {
				continue
			}
			if rel := root.SimpleRelArray[r]; rel != nil && rel.Rows > 0 && (result == 0 || rel.Rows < result) {
				result = rel.Rows
			}
		}
	}
	if result == 0 {
		return 1
	}
	return result
}
