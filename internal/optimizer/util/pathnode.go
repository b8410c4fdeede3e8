// pathnode.go builds paths, each costed as it is created.

package util

import (
	"math"
	"slices"

	"github.com/loomdb/loomdb/internal/access/tablesample"
	"github.com/loomdb/loomdb/internal/funcs"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/optimizer/cost"
	"github.com/loomdb/loomdb/internal/optimizer/pathnodes"
	"github.com/loomdb/loomdb/internal/types"
)

// CreateSeqscanPath returns a sequential scan of rel computing target (PG: create_seqscan_path).
func CreateSeqscanPath(root *pathnodes.PlannerInfo, rel *pathnodes.RelOptInfo, target []*nodes.TargetEntry, parallelWorkers int) *pathnodes.SeqScanPath {
	p := &pathnodes.SeqScanPath{}
	p.Parent = rel
	p.ParallelAware = parallelWorkers > 0
	p.ParallelSafe = rel.ConsiderParallel
	p.ParallelWorkers = parallelWorkers
	p.Width = rel.Width
	p.Target = target
	if target != nil {
		p.Width = TargetWidth(rel, target)
	}
	cost.CostSeqscan(&root.Costs, &p.Base, rel, target)
	return p
}

// CreateSamplescanPath returns a scan of the sample ts takes of rel,
// computing target (PG: create_samplescan_path). It is never parallel
// aware, though it may run inside a worker.
func CreateSamplescanPath(root *pathnodes.PlannerInfo, rel *pathnodes.RelOptInfo, ts *nodes.TableSampleClause, target []*nodes.TargetEntry) *pathnodes.SampleScanPath {
	p := &pathnodes.SampleScanPath{}
	p.Parent = rel
	p.ParallelSafe = rel.ConsiderParallel
	p.Width = rel.Width
	p.Target = target
	if target != nil {
		p.Width = TargetWidth(rel, target)
	}
	m := tablesample.Lookup(ts.Method)
	cost.CostSamplescan(&root.Costs, &p.Base, rel, target, m != nil && m.RandomBlocks)
	return p
}

// CreateResultPath returns a Result computing target once.
func CreateResultPath(root *pathnodes.PlannerInfo, target []*nodes.TargetEntry, quals []nodes.Expr) *pathnodes.ResultPath {
	p := &pathnodes.ResultPath{Quals: quals}
	p.ParallelSafe = true
	p.Target = target
	p.Width = TargetWidth(nil, target)
	cost.CostResult(&root.Costs, &p.Base, target, quals)
	return p
}

// CreateValuesscanPath returns a scan of a VALUES list.
func CreateValuesscanPath(root *pathnodes.PlannerInfo, rel *pathnodes.RelOptInfo, nrows int, target []*nodes.TargetEntry) *pathnodes.ValuesScanPath {
	p := &pathnodes.ValuesScanPath{}
	p.Parent = rel
	p.Target = target
	p.Width = TargetWidth(nil, target)
	p.Rows = float64(nrows)
	cost.CostValuesscan(&root.Costs, &p.Base, nrows, nil, target)
	return p
}

// CreateSortPath sorts subpath by keys (PG: create_sort_path).
func CreateSortPath(root *pathnodes.PlannerInfo, subpath pathnodes.Path, keys []pathnodes.PathKey, limitTuples float64) *pathnodes.SortPath {
	sb := subpath.PathBase()
	p := &pathnodes.SortPath{Subpath: subpath}
	p.Parent = sb.Parent
	p.ParallelSafe = sb.ParallelSafe
	p.ParallelWorkers = sb.ParallelWorkers
	p.Pathkeys = keys
	p.Width = sb.Width
	p.Target = sb.Target
	cost.CostSort(&root.Costs, &p.Base, sb.StartupCost, sb.TotalCost, sb.Rows, sb.Width, limitTuples)
	return p
}

// GetAggClauseCosts sums the transition and final function costs of aggs
// (PG: get_agg_clause_costs with AGGSPLIT_SIMPLE).
func GetAggClauseCosts(p *pathnodes.CostParams, aggs []*nodes.Aggref) cost.AggCosts {
	return GetAggClauseCostsSplit(p, aggs, nodes.AggSplitSimple)
}

// GetAggClauseCostsSplit sums the costs of one step of aggs (PG:
// get_agg_clause_costs). Every built-in aggregate support function costs
// one operator call. A whole or partial step pays the transition function
// and the arguments per input row; a partial step pays no final function
// but the serialize function of an internal state; a finalizing step pays
// the combine (and deserialize) function per input row and the final
// function per group.
func GetAggClauseCostsSplit(p *pathnodes.CostParams, aggs []*nodes.Aggref, split nodes.AggSplit) cost.AggCosts {
	var ac cost.AggCosts
	var seen []*nodes.Aggref
	var trans []*nodes.Aggref
	for _, a := range aggs {
		dup := false
		for _, s := range seen {
			if nodes.Equal(s, a) {
				dup = true
			}
		}
		if dup {
			// Identical aggregates share one transition state (PG: find_compatible_agg).
			continue
		}
		seen = append(seen, a)
		info := aggInfo(a)
		shared := false
		for _, t := range trans {
			if ti := aggInfo(t); ti != nil && info != nil && ti.TransFn == info.TransFn && a.Distinct == t.Distinct && equalExprs(t.Args, a.Args) {
				shared = true
			}
		}
		if !shared {
			trans = append(trans, a)
			ac.NumTrans++
			ac.TransitionSpace += transitionSpace(info)
		}
		ac.TransCost.PerTuple += p.CPUOperatorCost
		if split == nodes.AggSplitFinalDeserial {
			if info != nil && info.SerialFn {
				ac.TransCost.PerTuple += p.CPUOperatorCost
			}
		} else {
			for _, arg := range a.Args {
				c := cost.EvalCost(p, arg)
				ac.TransCost.Startup += c.Startup
				ac.TransCost.PerTuple += c.PerTuple
			}
		}
		if split == nodes.AggSplitInitialSerial {
			if info != nil && info.SerialFn {
				ac.FinalCost.PerTuple += p.CPUOperatorCost
			}
		} else if info != nil && info.FinalFn {
			ac.FinalCost.PerTuple += p.CPUOperatorCost
		}
		// An ordered-set aggregate's direct arguments are computed once
		// per group, like its final function.
		for _, d := range a.DirectArgs {
			c := cost.EvalCost(p, d)
			ac.FinalCost.Startup += c.Startup
			ac.FinalCost.PerTuple += c.PerTuple
		}
	}
	return ac
}

// equalExprs reports whether two argument lists are equal item by item.
func equalExprs(a, b []nodes.Expr) bool {
	return slices.EqualFunc(a, b, nodes.Equal)
}

// transitionSpace is the memory the planner assumes one group's
// transition state takes beyond its pass-by-value Datum: the declared
// space of an internal state (ALLOCSET_DEFAULT_INITSIZE when none), or the
// type's average width for other pass-by-reference types (PG:
// get_agg_clause_costs).
func transitionSpace(a *funcs.Aggregate) int {
	if a == nil {
		return 0
	}
	if a.TransType == types.InternalOid {
		if a.TransSpace > 0 {
			return a.TransSpace
		}
		return 8192
	}
	if in := types.InfoOf(a.TransType); in != nil && in.ByVal {
		return 0
	}
	return cost.MaxAlignInt(cost.TypeAvgWidth(types.T{Oid: a.TransType, Typmod: -1}))
}

func aggInfo(a *nodes.Aggref) *funcs.Aggregate {
	f := funcs.FuncByOid(a.AggFnOid)
	if f == nil {
		return nil
	}
	return f.Agg
}

// CreateLimitPath applies LIMIT/OFFSET with their estimates (PG: create_limit_path).
func CreateLimitPath(root *pathnodes.PlannerInfo, subpath pathnodes.Path, offset, count nodes.Expr, offsetEst, countEst float64) *pathnodes.LimitPath {
	sb := subpath.PathBase()
	p := &pathnodes.LimitPath{Subpath: subpath, LimitOffset: offset, LimitCount: count}
	p.Parent = sb.Parent
	p.ParallelSafe = sb.ParallelSafe
	p.Rows, p.StartupCost, p.TotalCost = sb.Rows, sb.StartupCost, sb.TotalCost
	p.Pathkeys = sb.Pathkeys
	p.Width = sb.Width
	p.Target = sb.Target
	cost.AdjustLimitRowsCosts(&p.Base, offsetEst, countEst)
	return p
}

// CreateSetProjectionPath returns a ProjectSet computing target, which
// holds set-returning functions, over subpath (PG:
// create_set_projection_path): each input row gives as many rows as its
// longest function returns, estimated as the most of the functions'
// estimates.
func CreateSetProjectionPath(root *pathnodes.PlannerInfo, subpath pathnodes.Path, target []*nodes.TargetEntry) *pathnodes.ProjectSetPath {
	sb := subpath.PathBase()
	p := &pathnodes.ProjectSetPath{Subpath: subpath}
	p.Parent, p.ParallelSafe, p.Pathkeys = sb.Parent, sb.ParallelSafe, sb.Pathkeys
	p.Target = target
	p.Width = TargetWidth(nil, target)
	perRow := 1.0
	for _, te := range target {
		nodes.Walk(te.Expr, func(n nodes.Expr) bool {
			if IsSetReturning(n) {
				perRow = max(perRow, cost.FunctionRows(n.(*nodes.FuncExpr)))
			}
			return true
		})
	}
	p.Rows = cost.ClampRowEst(sb.Rows * perRow)
	tc := cost.TargetCost(&root.Costs, target)
	p.StartupCost = sb.StartupCost + tc.Startup
	p.TotalCost = sb.TotalCost + tc.Startup + tc.PerTuple*sb.Rows + (p.Rows-sb.Rows)*root.Costs.CPUTupleCost/2
	return p
}

// IsSetReturning reports whether e is a call of a set-returning function.
func IsSetReturning(e nodes.Expr) bool {
	fe, ok := e.(*nodes.FuncExpr)
	if !ok {
		return false
	}
	f := funcs.FuncByOid(fe.FuncOid)
	return f != nil && f.SRF != nil
}

// CreateUniquePath returns a Unique over sorted, keeping the first row of
// each run of rows equal on its first numKeys sort keys (PG:
// create_upper_unique_path).
func CreateUniquePath(root *pathnodes.PlannerInfo, sorted pathnodes.Path, numKeys int, numGroups float64, keys []pathnodes.PathKey, target []*nodes.TargetEntry) *pathnodes.UniquePath {
	sb := sorted.PathBase()
	up := &pathnodes.UniquePath{Subpath: sorted, NumKeys: numKeys}
	up.Parent, up.ParallelSafe, up.Width, up.Pathkeys, up.Target = sb.Parent, sb.ParallelSafe, sb.Width, keys, target
	cost.CostGroup(&root.Costs, &up.Base, numKeys, numGroups, sb.StartupCost, sb.TotalCost, sb.Rows, nil, nil, 1)
	return up
}

// CreateModifyTablePath wraps subpath in an INSERT (PG:
// create_modifytable_path): with RETURNING it returns as many rows as the
// subpath, as wide (PG's historical estimate), else none.
func CreateModifyTablePath(subpath pathnodes.Path, returning bool) *pathnodes.ModifyTablePath {
	sb := subpath.PathBase()
	p := &pathnodes.ModifyTablePath{Subpath: subpath}
	p.StartupCost, p.TotalCost = sb.StartupCost, sb.TotalCost
	p.Rows = 0
	p.Width = 0
	if returning {
		p.Rows, p.Width = sb.Rows, sb.Width
	}
	return p
}

// CreateIndexPath returns a scan of index's table through index with the
// given conditions, delivering keys order (PG: create_index_path).
func CreateIndexPath(root *pathnodes.PlannerInfo, index *pathnodes.IndexOptInfo, clauses []pathnodes.IndexClause, keys []pathnodes.PathKey, dir pathnodes.ScanDirection, indexOnly bool, target []*nodes.TargetEntry, loopCount float64) *pathnodes.IndexPath {
	return newIndexPath(root, index, clauses, keys, dir, indexOnly, target, loopCount, index.Rel.Rows, nil, false)
}

// CreatePartialIndexPath returns a Parallel Index Scan (or Index Only
// Scan) path: each participant reads the leaf pages it takes in turn, so
// each returns its rows in keys order (PG: create_index_path with
// partial_path). It returns nil when the scan is not worth any workers.
func CreatePartialIndexPath(root *pathnodes.PlannerInfo, index *pathnodes.IndexOptInfo, clauses []pathnodes.IndexClause, keys []pathnodes.PathKey, dir pathnodes.ScanDirection, indexOnly bool, target []*nodes.TargetEntry) *pathnodes.IndexPath {
	p := newIndexPath(root, index, clauses, keys, dir, indexOnly, target, 1, index.Rel.Rows, nil, true)
	if p.ParallelWorkers <= 0 {
		return nil
	}
	return p
}

// CreateParameterizedIndexPath returns an index scan run once per row of
// the relations param.RequiredOuter, its conditions including join clauses
// with them; the join clauses of param it does not use as conditions it
// checks as a filter (PG: create_index_path with a ParamPathInfo).
func CreateParameterizedIndexPath(root *pathnodes.PlannerInfo, index *pathnodes.IndexOptInfo, clauses []pathnodes.IndexClause, param *pathnodes.ParamInfo, indexOnly bool, target []*nodes.TargetEntry) *pathnodes.IndexPath {
	return newIndexPath(root, index, clauses, nil, pathnodes.ForwardScan, indexOnly, target, param.LoopCount, param.Rows, param, false)
}

// BaserelParamInfo returns the parameterization of scans of rel run once
// per row of the relations outerRelids, loopCount times: the clauses of
// joinClauses that compare rel with those relations only, and the rows a
// scan checking them with rel's restrictions returns, the values from the
// outer row being unknown until then (PG: get_baserel_parampathinfo and
// get_parameterized_baserel_size). It is nil when no clause qualifies.
func BaserelParamInfo(root *pathnodes.PlannerInfo, rel *pathnodes.RelOptInfo, outerRelids []int, joinClauses []nodes.Expr, loopCount float64) *pathnodes.ParamInfo {
	var clauses []nodes.Expr
	for _, c := range joinClauses {
		if ContainsVolatile(c) {
			continue
		}
		refsRel, others := false, true
		nodes.Walk(c, func(n nodes.Expr) bool {
			switch x := n.(type) {
			case *nodes.Var:
				if x.LevelsUp != 0 {
					break
				}
				if x.VarNo == rel.Relid {
					refsRel = true
				} else if !slices.Contains(outerRelids, x.VarNo) {
					others = false
				}
			case *nodes.SubLink, *nodes.SubPlan, *nodes.Aggref:
				others = false
			}
			return others
		})
		if refsRel && others {
			clauses = append(clauses, c)
		}
	}
	if len(clauses) == 0 {
		return nil
	}
	all := append(append([]nodes.Expr(nil), clauses...), rel.BaseRestrictInfo...)
	rows := cost.ClampRowEst(rel.Tuples * cost.ClauselistSelectivityRel(root, all, rel.Relid))
	rows = math.Min(rows, rel.Rows)
	return &pathnodes.ParamInfo{RequiredOuter: outerRelids, Clauses: clauses, Rows: rows, LoopCount: loopCount}
}

func newIndexPath(root *pathnodes.PlannerInfo, index *pathnodes.IndexOptInfo, clauses []pathnodes.IndexClause, keys []pathnodes.PathKey, dir pathnodes.ScanDirection, indexOnly bool, target []*nodes.TargetEntry, loopCount, rows float64, param *pathnodes.ParamInfo, partial bool) *pathnodes.IndexPath {
	rel := index.Rel
	p := &pathnodes.IndexPath{Index: index, IndexClauses: clauses, IndexOnly: indexOnly, Direction: dir, LoopCount: loopCount}
	p.Parent = rel
	p.Param = param
	p.ParallelSafe = rel.ConsiderParallel
	p.Pathkeys = keys
	p.Rows = rows
	p.Width = rel.Width
	p.Target = target
	if target != nil {
		p.Width = TargetWidth(rel, target)
	}
	cost.CostIndex(root, p, NonIndexConditions(pathnodes.WithParamClauses(index.IndRestrictInfo, param), clauses), target, loopCount, partial)
	return p
}

// NonIndexConditions returns the clauses of restrict that the index
// conditions do not already check (PG: extract_nonindex_conditions).
func NonIndexConditions(restrict []nodes.Expr, clauses []pathnodes.IndexClause) []nodes.Expr {
	used := make([]nodes.Expr, len(clauses))
	for i, ic := range clauses {
		used[i] = ic.Rinfo
	}
	return ClausesExcept(restrict, used)
}

// ClausesExcept returns the clauses of list that are not in remove (the
// same clause objects, as PG compares RestrictInfos).
func ClausesExcept(list, remove []nodes.Expr) []nodes.Expr {
	var out []nodes.Expr
	for _, c := range list {
		if !slices.Contains(remove, c) {
			out = append(out, c)
		}
	}
	return out
}

// CreateBitmapHeapPath returns a bitmap heap scan of rel driven by
// bitmapqual (PG: create_bitmap_heap_path).
func CreateBitmapHeapPath(root *pathnodes.PlannerInfo, rel *pathnodes.RelOptInfo, bitmapqual pathnodes.Path, target []*nodes.TargetEntry, loopCount float64) *pathnodes.BitmapHeapPath {
	return createBitmapHeapPath(root, rel, bitmapqual, nil, target, loopCount, 0)
}

// CreateParameterizedBitmapHeapPath returns a bitmap heap scan of rel run
// once per row of the relations param.RequiredOuter, its bitmap built
// from index conditions that include join clauses with them (PG:
// create_bitmap_heap_path with required_outer).
func CreateParameterizedBitmapHeapPath(root *pathnodes.PlannerInfo, rel *pathnodes.RelOptInfo, bitmapqual pathnodes.Path, param *pathnodes.ParamInfo, target []*nodes.TargetEntry) *pathnodes.BitmapHeapPath {
	return createBitmapHeapPath(root, rel, bitmapqual, param, target, param.LoopCount, 0)
}

// CreatePartialBitmapHeapPath returns a Parallel Bitmap Heap Scan of rel
// driven by bitmapqual, for parallelWorkers workers: a partial path, each
// participant reading its share of the bitmap's pages (PG:
// create_bitmap_heap_path with parallel_degree > 0).
func CreatePartialBitmapHeapPath(root *pathnodes.PlannerInfo, rel *pathnodes.RelOptInfo, bitmapqual pathnodes.Path, target []*nodes.TargetEntry, parallelWorkers int) *pathnodes.BitmapHeapPath {
	return createBitmapHeapPath(root, rel, bitmapqual, nil, target, 1, parallelWorkers)
}

func createBitmapHeapPath(root *pathnodes.PlannerInfo, rel *pathnodes.RelOptInfo, bitmapqual pathnodes.Path, param *pathnodes.ParamInfo, target []*nodes.TargetEntry, loopCount float64, parallelWorkers int) *pathnodes.BitmapHeapPath {
	p := &pathnodes.BitmapHeapPath{BitmapQual: bitmapqual}
	p.Parent = rel
	p.Param = param
	p.ParallelAware = parallelWorkers > 0
	p.ParallelSafe = rel.ConsiderParallel
	p.ParallelWorkers = parallelWorkers
	p.Rows = rel.Rows
	if param != nil {
		p.Rows = param.Rows
	}
	p.Width = rel.Width
	p.Target = target
	if target != nil {
		p.Width = TargetWidth(rel, target)
	}
	cost.CostBitmapHeapScan(root, p, pathnodes.WithParamClauses(rel.BaseRestrictInfo, param), target, loopCount)
	return p
}

// CreateBitmapAndPath returns the intersection of bitmap paths (PG:
// create_bitmap_and_path).
func CreateBitmapAndPath(root *pathnodes.PlannerInfo, rel *pathnodes.RelOptInfo, quals []pathnodes.Path) *pathnodes.BitmapAndPath {
	p := &pathnodes.BitmapAndPath{Bitmapquals: quals}
	p.Parent = rel
	p.ParallelSafe = rel.ConsiderParallel
	cost.CostBitmapAndNode(&root.Costs, p)
	return p
}

// CreateBitmapOrPath returns the union of bitmap paths (PG:
// create_bitmap_or_path).
func CreateBitmapOrPath(root *pathnodes.PlannerInfo, rel *pathnodes.RelOptInfo, quals []pathnodes.Path) *pathnodes.BitmapOrPath {
	p := &pathnodes.BitmapOrPath{Bitmapquals: quals}
	p.Parent = rel
	p.ParallelSafe = rel.ConsiderParallel
	cost.CostBitmapOrNode(&root.Costs, p)
	return p
}

// CreateGatherPath returns a Gather collecting the rows of the partial
// path sub, rows in all (PG: create_gather_path).
func CreateGatherPath(root *pathnodes.PlannerInfo, rel *pathnodes.RelOptInfo, sub pathnodes.Path, rows float64) *pathnodes.GatherPath {
	sb := sub.PathBase()
	p := &pathnodes.GatherPath{Subpath: sub, NumWorkers: sb.ParallelWorkers}
	p.Parent = rel
	p.Width = sb.Width
	p.Target = sb.Target
	cost.CostGather(&root.Costs, &p.Base, sb.StartupCost, sb.TotalCost, rows)
	return p
}

// CreateGatherMergePath returns a Gather Merge of the partial path sub,
// which is sorted on keys, rows in all (PG: create_gather_merge_path).
func CreateGatherMergePath(root *pathnodes.PlannerInfo, rel *pathnodes.RelOptInfo, sub pathnodes.Path, keys []pathnodes.PathKey, rows float64) *pathnodes.GatherMergePath {
	sb := sub.PathBase()
	p := &pathnodes.GatherMergePath{Subpath: sub, NumWorkers: sb.ParallelWorkers}
	p.Parent = rel
	p.Pathkeys = keys
	p.Width = sb.Width
	p.Target = sb.Target
	cost.CostGatherMerge(&root.Costs, &p.Base, p.NumWorkers, sb.StartupCost, sb.TotalCost, rows)
	return p
}
