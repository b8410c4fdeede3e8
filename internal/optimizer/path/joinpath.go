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
// Joins that stop at the first match of an outer row (semi, anti and
// inner-unique joins) are costed with the semi-join factors.

package path

import (
	"math"

	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/optimizer/cost"
	"github.com/loomdb/loomdb/internal/optimizer/pathnodes"
	"github.com/loomdb/loomdb/internal/optimizer/util"
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
	innerIndexed []*pathnodes.IndexPath
	scanSel      map[scanSelKey]cost.MergeScanSel
}

// AddJoinPaths adds to jr the ways of joining outer to inner under clauses
// (the join's own clauses); filter are clauses applied after NULL
// extension of an outer join.
func AddJoinPaths(root *pathnodes.PlannerInfo, jr, outer, inner *pathnodes.RelOptInfo, jt pathnodes.JoinType, clauses, filter []nodes.Expr, target []*nodes.TargetEntry) {
	if outer.CheapestTotal == nil || inner.CheapestTotal == nil {
		return
	}
	j := &joinContext{root: root, jr: jr, outer: outer, inner: inner, jt: jt, clauses: clauses, filter: filter, target: target, mergeAllowed: true}
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
	if nestOK && inner.Rel != nil && len(inner.IndexList) > 0 {
		j.innerIndexed = ParameterizedIndexPaths(root, inner, outer.Relids, clauses, outer.Rows, inner.CheapestTotal.PathBase().Target)
	}
	if j.mergeAllowed && len(j.mergeClauses) > 0 {
		j.sortInnerAndOuter()
	}
	j.matchUnsortedOuter(nestOK)
	if len(j.mergeClauses) > 0 {
		j.hashInnerAndOuter()
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
	jb.ParallelSafe = outer.PathBase().ParallelSafe && inner.PathBase().ParallelSafe
	return jb
}

// tryNestloop adds a nested loop of outer and inner (PG: try_nestloop_path).
func (j *joinContext) tryNestloop(outer, inner pathnodes.Path, pathkeys []pathnodes.PathKey) {
	restrict := j.clauses
	indexed := false
	if ip, ok := inner.(*pathnodes.IndexPath); ok && len(ip.RequiredOuter) > 0 {
		restrict = util.NonIndexConditions(j.clauses, ip.IndexClauses)
		indexed = len(restrict) == 0 && len(j.filter) == 0
	}
	np := j.newJoin(outer, inner, restrict, pathkeys)
	cost.CostNestloop(&j.root.Costs, np, append(append([]nodes.Expr(nil), restrict...), j.filter...), j.jr.Rows, j.target, &j.extra, indexed)
	disableIf(!j.root.Costs.EnableNestloop, &np.Base)
	pathnodes.AddPath(j.root, j.jr, &pathnodes.NestPath{JoinBase: *np})
}

// tryMergejoin adds a merge join of outer and inner on mergeClauses
// ("outer = inner", in merge-key order), sorting an input explicitly when
// it lacks the order (PG: try_mergejoin_path).
func (j *joinContext) tryMergejoin(outer, inner pathnodes.Path, pathkeys []pathnodes.PathKey, mergeClauses []nodes.Expr, outerKeys, innerKeys []pathnodes.PathKey) {
	if len(mergeClauses) == 0 {
		return
	}
	if j.jt == pathnodes.JoinFull && len(mergeClauses) != len(j.mergeClauses) {
		return
	}
	mp := &pathnodes.MergePath{JoinBase: *j.newJoin(outer, inner, j.clauses, pathkeys), MergeClauses: mergeClauses, OuterKeys: outerKeys, InnerKeys: innerKeys}
	mp.SortOuter = !pathnodes.PathkeysContained(outerKeys, outer.PathBase().Pathkeys)
	mp.SortInner = !pathnodes.PathkeysContained(innerKeys, inner.PathBase().Pathkeys)
	others := j.otherQuals(mergeClauses)
	sel := j.mergeScanSel(mergeClauses[0].(*nodes.OpExpr), outerKeys[0])
	tuples := cost.ClampRowEst(cost.ClauselistSelectivity(j.root, mergeClauses) * outer.PathBase().Rows * inner.PathBase().Rows)
	cost.CostMergejoin(&j.root.Costs, mp, others, j.jr.Rows, tuples, j.target, &j.extra, sel, j.outer.Uniquified)
	disableIf(!j.root.Costs.EnableMergejoin, &mp.Base)
	pathnodes.AddPath(j.root, j.jr, mp)
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

// tryHashjoin adds a hash join of outer and inner (PG: try_hashjoin_path).
func (j *joinContext) tryHashjoin(outer, inner pathnodes.Path) {
	c := &j.root.Costs
	hp := &pathnodes.HashPath{JoinBase: *j.newJoin(outer, inner, j.clauses, nil), HashClauses: j.mergeClauses}
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
	cost.CostHashjoin(c, hp, j.mergeClauses, others, j.jr.Rows, bucketSize, tuples, j.target, &j.extra)
	disableIf(!c.EnableHashjoin, &hp.Base)
	pathnodes.AddPath(j.root, j.jr, hp)
}

// sortInnerAndOuter adds merge joins of the two cheapest paths, sorted on
// the merge keys with each key in turn leading (PG: sort_inner_and_outer).
func (j *joinContext) sortInnerAndOuter() {
	op, ip := j.outer.CheapestTotal, j.inner.CheapestTotal
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
		j.tryMergejoin(op, ip, j.outputPathkeys(outerKeys), clauses, outerKeys, innerKeys)
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
			j.tryNestloop(op, innerCheapest, pathkeys)
			for _, ip := range j.innerIndexed {
				j.tryNestloop(op, ip, pathkeys)
			}
			if matpath != nil {
				j.tryNestloop(op, matpath, pathkeys)
			}
		}
		if !j.mergeAllowed || len(j.mergeClauses) == 0 || j.outer.Uniquified {
			continue
		}
		j.mergejoinWithOuterOrder(op, innerCheapest, pathkeys)
	}
}

// materializesOutput reports whether a path keeps its result for rescans
// already (PG: ExecMaterializesOutput).
func materializesOutput(p pathnodes.Path) bool {
	switch p.(type) {
	case *pathnodes.MaterialPath, *pathnodes.SortPath:
		return true
	}
	return false
}

// mergejoinWithOuterOrder adds merge joins that use the order outer
// already has: the merge clauses are those matching its leading keys, and
// the inner side is sorted explicitly or read through a presorted path,
// possibly on fewer keys (PG: generate_mergejoin_paths).
func (j *joinContext) mergejoinWithOuterOrder(outer, innerCheapest pathnodes.Path, pathkeys []pathnodes.PathKey) {
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
	j.tryMergejoin(outer, innerCheapest, pathkeys, clauses, outerKeys, innerKeys)
	if j.inner.Uniquified {
		return
	}
	var cheapestTotal, cheapestStartup pathnodes.Path
	for n := len(innerKeys); n > 0; n-- {
		trial := innerKeys[:n]
		if ip := cheapestPathForPathkeys(j.inner.Pathlist, trial, false); ip != nil &&
			(cheapestTotal == nil || comparePathCosts(ip, cheapestTotal, false) < 0) {
			j.tryMergejoin(outer, ip, pathkeys, clauses[:n], outerKeys[:n], trial)
			cheapestTotal = ip
		}
		if ip := cheapestPathForPathkeys(j.inner.Pathlist, trial, true); ip != nil &&
			(cheapestStartup == nil || comparePathCosts(ip, cheapestStartup, true) < 0) {
			if ip != cheapestTotal {
				j.tryMergejoin(outer, ip, pathkeys, clauses[:n], outerKeys[:n], trial)
			}
			cheapestStartup = ip
		}
		if useAll {
			break
		}
	}
}

// cheapestPathForPathkeys returns the cheapest path (by startup or total
// cost) whose order satisfies keys, or nil (PG:
// get_cheapest_path_for_pathkeys).
func cheapestPathForPathkeys(paths []pathnodes.Path, keys []pathnodes.PathKey, startup bool) pathnodes.Path {
	var best pathnodes.Path
	for _, p := range paths {
		if best != nil && comparePathCosts(best, p, startup) <= 0 {
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
		j.tryHashjoin(startup, ip)
	}
	if total := j.outer.CheapestTotal; total != startup {
		j.tryHashjoin(total, ip)
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
	pathnodes.SetCheapest(jr)
}
