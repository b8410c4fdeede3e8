// Package cost estimates the cost of paths with PostgreSQL's formulas and
// settings (PG: optimizer/path/costsize.c, clausesel.c, utils/adt/selfuncs.c).
// Costs are in the planner's abstract units (seq_page_cost = 1); equal
// inputs give exactly PostgreSQL's numbers.
package cost

import (
	"math"

	"github.com/loomdb/loomdb/internal/funcs"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/optimizer/pathnodes"
	"github.com/loomdb/loomdb/internal/plannodes"
	"github.com/loomdb/loomdb/internal/types"
)

// Physical constants the formulas use.
const (
	BlockSize             = 8192
	SizeOfPageHeaderData  = 24
	SizeofHeapTupleHeader = 23
	ItemIDSize            = 4
	MaxAlign              = 8
)

// QualCost is the startup and per-tuple cost of evaluating expressions.
type QualCost struct {
	Startup  float64
	PerTuple float64
}

// ClampRowEst rounds a row estimate and keeps it at least 1 (PG: clamp_row_est).
func ClampRowEst(rows float64) float64 {
	const maximumRowCount = 1e100
	switch {
	case rows > maximumRowCount || math.IsNaN(rows):
		return maximumRowCount
	case rows <= 1:
		return 1
	}
	return math.RoundToEven(rows)
}

// MaxAlignInt rounds n up to a multiple of MaxAlign.
func MaxAlignInt(n int) int { return (n + MaxAlign - 1) &^ (MaxAlign - 1) }

// EvalCost returns the cost of evaluating e once per tuple (PG: cost_qual_eval_node).
func EvalCost(p *pathnodes.CostParams, e nodes.Expr) QualCost {
	var c QualCost
	nodes.Walk(e, func(n nodes.Expr) bool {
		switch x := n.(type) {
		case *nodes.OpExpr, *nodes.FuncExpr, *nodes.NullIfExpr:
			c.PerTuple += p.CPUOperatorCost
		case *nodes.ScalarArrayOpExpr:
			c.PerTuple += p.CPUOperatorCost * float64(x.ElementCount()) * 0.5
		case *nodes.CoerceExpr:
			if !binaryCoercible(x.Arg.ExprType().Oid, x.Type.Oid) || x.Type.Typmod >= 0 {
				c.PerTuple += p.CPUOperatorCost
			}
		case *nodes.MinMaxExpr:
			c.PerTuple += p.CPUOperatorCost * float64(len(x.Args))
		case *nodes.Aggref:
			return false
		case *nodes.GroupingFunc:
			// Costed as one operator, its arguments not at all.
			c.PerTuple += p.CPUOperatorCost
			return false
		case *nodes.SubPlan:
			// Its arguments are part of the per-call cost already.
			c.Startup += x.StartupCost
			c.PerTuple += x.PerCallCost
			return false
		}
		return true
	})
	return c
}

func binaryCoercible(from, to types.Oid) bool {
	if from == to {
		return true
	}
	switch {
	case from == types.VarcharOid && to == types.TextOid, from == types.TextOid && to == types.VarcharOid:
		return true
	}
	return false
}

// QualListCost sums EvalCost over a list.
func QualListCost(p *pathnodes.CostParams, es []nodes.Expr) QualCost {
	var c QualCost
	for _, e := range es {
		x := EvalCost(p, e)
		c.Startup += x.Startup
		c.PerTuple += x.PerTuple
	}
	return c
}

// TargetCost returns the cost of computing a target list per row.
func TargetCost(p *pathnodes.CostParams, tl []*nodes.TargetEntry) QualCost {
	var c QualCost
	for _, te := range tl {
		x := EvalCost(p, te.Expr)
		c.Startup += x.Startup
		c.PerTuple += x.PerTuple
	}
	return c
}

// CostSamplescan sets the costs of a sample scan path (PG:
// cost_samplescan). rel's pages and tuples are already those the sampling
// method reads and returns; its pages cost random reads when the method
// picks the blocks itself, sequential ones when it reads them all.
// Computing the TABLESAMPLE arguments is not charged.
func CostSamplescan(p *pathnodes.CostParams, path *pathnodes.Base, rel *pathnodes.RelOptInfo, target []*nodes.TargetEntry, randomBlocks bool) {
	path.Rows = rel.Rows
	pageCost := p.SeqPageCost
	if randomBlocks {
		pageCost = p.RandomPageCost
	}
	runCost := pageCost * rel.Pages
	qual := QualListCost(p, rel.BaseRestrictInfo)
	startup := qual.Startup
	runCost += (p.CPUTupleCost + qual.PerTuple) * rel.Tuples
	tc := TargetCost(p, target)
	startup += tc.Startup
	runCost += tc.PerTuple * path.Rows
	path.StartupCost = startup
	path.TotalCost = startup + runCost
}

// CostSeqscan sets the costs of a sequential scan path (PG: cost_seqscan).
// Parallel scans divide the CPU part by the parallel divisor.
func CostSeqscan(p *pathnodes.CostParams, path *pathnodes.Base, rel *pathnodes.RelOptInfo, target []*nodes.TargetEntry) {
	path.Rows = rel.Rows
	if !p.EnableSeqscan {
		path.StartupCost = DisableCost
	}
	diskRunCost := p.SeqPageCost * rel.Pages
	qual := QualListCost(p, rel.BaseRestrictInfo)
	startup := qual.Startup
	cpuPerTuple := p.CPUTupleCost + qual.PerTuple
	cpuRunCost := cpuPerTuple * rel.Tuples
	tc := TargetCost(p, target)
	startup += tc.Startup
	cpuRunCost += tc.PerTuple * path.Rows
	if path.ParallelWorkers > 0 {
		div := ParallelDivisor(p, path.ParallelWorkers)
		cpuRunCost /= div
		path.Rows = ClampRowEst(path.Rows / div)
	}
	path.StartupCost += startup
	path.TotalCost = path.StartupCost + cpuRunCost + diskRunCost
}

// DisableCost is added to paths of disabled node types (PG: disable_cost).
const DisableCost = 1.0e10

// ParallelDivisor estimates how many participants' worth of rows each one
// handles: the workers plus the leader's shrinking share (PG: get_parallel_divisor).
func ParallelDivisor(p *pathnodes.CostParams, workers int) float64 {
	div := float64(workers)
	if p.ParallelLeaderParticipation {
		leader := 1.0 - 0.3*float64(workers)
		if leader > 0 {
			div += leader
		}
	}
	return div
}

// CostResult sets the cost of a Result without input (PG: create_group_result_path).
func CostResult(p *pathnodes.CostParams, path *pathnodes.Base, target []*nodes.TargetEntry, quals []nodes.Expr) {
	tc := TargetCost(p, target)
	qc := QualListCost(p, quals)
	path.Rows = 1
	path.StartupCost = tc.Startup + qc.Startup
	path.TotalCost = tc.Startup + qc.Startup + p.CPUTupleCost + tc.PerTuple + qc.PerTuple
}

// CostValuesscan sets the cost of scanning a VALUES list of nrows rows
// under its filter quals; path.Rows is the rows that pass (PG:
// cost_valuesscan).
func CostValuesscan(p *pathnodes.CostParams, path *pathnodes.Base, nrows int, quals []nodes.Expr, target []*nodes.TargetEntry) {
	qc := QualListCost(p, quals)
	cpuPerTuple := p.CPUOperatorCost + p.CPUTupleCost + qc.PerTuple
	tc := TargetCost(p, target)
	path.StartupCost = qc.Startup + tc.Startup
	path.TotalCost = path.StartupCost + cpuPerTuple*float64(nrows) + tc.PerTuple*path.Rows
}

// CostCtescan sets the cost of a CTE Scan or a WorkTable Scan reading
// tuples rows under quals; path.Rows is the rows that pass (PG:
// cost_ctescan). Each row costs cpu_tuple_cost twice: once for the
// tuplestore it is read from, once for the scan itself.
func CostCtescan(p *pathnodes.CostParams, path *pathnodes.Base, quals []nodes.Expr, target []*nodes.TargetEntry, tuples float64) {
	qc := QualListCost(p, quals)
	tc := TargetCost(p, target)
	cpuPerTuple := p.CPUTupleCost + p.CPUTupleCost + qc.PerTuple
	path.StartupCost = qc.Startup + tc.Startup
	path.TotalCost = path.StartupCost + cpuPerTuple*tuples + tc.PerTuple*path.Rows
}

// CostRecursiveUnion sets the cost, rows and width of a Recursive Union
// over a non-recursive term nr and a recursive term r (PG:
// cost_recursive_union): about ten iterations of the recursive term are
// assumed, and every row costs cpu_tuple_cost for the tuplestores it
// passes through.
func CostRecursiveUnion(p *pathnodes.CostParams, path, nr, r *pathnodes.Base) {
	rows := nr.Rows + 10*r.Rows
	path.StartupCost = nr.StartupCost
	path.TotalCost = nr.TotalCost + 10*r.TotalCost + p.CPUTupleCost*rows
	path.Rows = rows
	path.Width = max(nr.Width, r.Width)
}

// FunctionRows estimates the rows a function in FROM returns: a
// set-returning function's own estimate for constant arguments (PG: its
// planner support function), else 1000 (PG: prorows); one row for any
// other function.
func FunctionRows(call *nodes.FuncExpr) float64 {
	if nodes.IsRowsFrom(call) {
		// ROWS FROM returns as many rows as its longest function.
		rows := 0.0
		for _, c := range call.Args {
			r := 1.0
			if fe, ok := c.(*nodes.FuncExpr); ok {
				r = FunctionRows(fe)
			}
			rows = max(rows, r)
		}
		return rows
	}
	f := funcs.FuncByOid(call.FuncOid)
	if f == nil || f.SRF == nil {
		return 1
	}
	if f.SRF.Rows != nil {
		args := make([]types.Datum, len(call.Args))
		constant := true
		for i, a := range call.Args {
			c, ok := a.(*nodes.Const)
			if !ok {
				constant = false
				break
			}
			args[i] = c.Value
		}
		if constant {
			if rows, ok := f.SRF.Rows(args); ok {
				return ClampRowEst(rows)
			}
		}
	}
	if f.SRF.ProRows > 0 {
		return f.SRF.ProRows
	}
	return 1000
}

// CostFunctionscan sets the cost of a Function Scan (PG:
// cost_functionscan): the function runs to completion before the first
// row, so its cost is all startup, then each of its tuples rows is
// filtered and each output row projected.
func CostFunctionscan(p *pathnodes.CostParams, path *pathnodes.Base, call *nodes.FuncExpr, quals []nodes.Expr, target []*nodes.TargetEntry, tuples float64) {
	var fc QualCost
	for _, c := range nodes.RowsFromCalls(call) {
		ec := EvalCost(p, c)
		fc.Startup += ec.Startup
		fc.PerTuple += ec.PerTuple
	}
	qc := QualListCost(p, quals)
	tc := TargetCost(p, target)
	startup := fc.Startup + fc.PerTuple + qc.Startup + tc.Startup
	run := (p.CPUTupleCost+qc.PerTuple)*tuples + tc.PerTuple*path.Rows
	path.StartupCost = startup
	path.TotalCost = startup + run
}

// RelationByteSize estimates the memory tuples of the given width occupy (PG: relation_byte_size).
func RelationByteSize(tuples float64, width int) float64 {
	return tuples * float64(MaxAlignInt(width)+MaxAlignInt(SizeofHeapTupleHeader))
}

// CostSort sets the cost of sorting (PG: cost_sort / cost_tuplesort).
// limitTuples > 0 bounds the output (top-N heapsort).
func CostSort(p *pathnodes.CostParams, path *pathnodes.Base, inputStartup, inputTotal, tuples float64, width int, limitTuples float64) {
	startup := inputTotal
	if !p.EnableSort {
		startup += DisableCost
	}
	path.Rows = tuples
	if tuples < 2 {
		tuples = 2
	}
	comparisonCost := 2.0 * p.CPUOperatorCost
	inputBytes := RelationByteSize(tuples, width)
	outputTuples, outputBytes := tuples, inputBytes
	bounded := limitTuples > 0 && limitTuples < tuples
	if bounded {
		outputTuples = limitTuples
		outputBytes = RelationByteSize(outputTuples, width)
	}
	sortMemBytes := float64(p.WorkMemKB) * 1024
	switch {
	case outputBytes > sortMemBytes:
		npages := math.Ceil(inputBytes / BlockSize)
		nruns := inputBytes / sortMemBytes
		mergeOrder := tuplesortMergeOrder(sortMemBytes)
		logRuns := 1.0
		if nruns > float64(mergeOrder) {
			logRuns = math.Ceil(math.Log(nruns) / math.Log(float64(mergeOrder)))
		}
		npageaccesses := 2.0 * npages * logRuns
		startup += comparisonCost * tuples * math.Log2(tuples)
		startup += npageaccesses * (p.SeqPageCost*0.75 + p.RandomPageCost*0.25)
	case tuples > 2*outputTuples || inputBytes > sortMemBytes:
		startup += comparisonCost * tuples * math.Log2(2.0*outputTuples)
	default:
		startup += comparisonCost * tuples * math.Log2(tuples)
	}
	path.StartupCost = startup
	path.TotalCost = startup + p.CPUOperatorCost*tuples
}

// tuplesortMergeOrder mirrors tuplesort_merge_order: how many runs one merge pass reads.
func tuplesortMergeOrder(allowedMem float64) int {
	const mergeBufferSize = BlockSize * 32
	const tapeBufferOverhead = BlockSize
	order := int(allowedMem / (2*tapeBufferOverhead + mergeBufferSize))
	if order < 6 {
		order = 6
	}
	if order > 500 {
		order = 500
	}
	return order
}

// AggCosts are the summed transition and final costs of a query's aggregates.
type AggCosts struct {
	TransCost QualCost
	FinalCost QualCost
	// NumTrans counts the distinct transition states; TransitionSpace is
	// the memory the pass-by-reference ones take per group (PG:
	// AggClauseCosts.transitionSpace). They size a hash aggregate's groups.
	NumTrans        int
	TransitionSpace int
}

// HashAggSpillCost returns what a hash aggregate adds to its startup and
// total costs for spilling when its estimated groups do not fit in
// hash_mem: each level of partitioning writes and reads the input once,
// at a penalty over sorting's I/O, and pays CPU to spill and reload each
// row (PG: cost_agg).
func HashAggSpillCost(p *pathnodes.CostParams, ac AggCosts, numGroups, inputTuples float64, inputWidth int) (startup, total float64) {
	entrySize := plannodes.HashAggEntrySize(ac.NumTrans, inputWidth, ac.TransitionSpace)
	memLimit, ngroupsLimit, numPartitions := plannodes.HashAggSetLimits(entrySize, numGroups, 0, p.HashMemBytes())
	memLimit = math.Floor(memLimit)
	nbatches := max(numGroups*entrySize/memLimit, numGroups/float64(ngroupsLimit))
	nbatches = max(math.Ceil(nbatches), 1)
	numPartitions = max(numPartitions, 2)
	depth := math.Ceil(math.Log(nbatches) / math.Log(float64(numPartitions)))
	pages := RelationByteSize(inputTuples, inputWidth) / BlockSize
	pagesWritten := pages * depth * 2
	pagesRead := pages * depth * 2
	spill := depth * inputTuples * 2 * p.CPUTupleCost
	startup = pagesWritten*p.RandomPageCost + spill
	total = pagesWritten*p.RandomPageCost + pagesRead*p.SeqPageCost + spill
	return startup, total
}

// CostAggPlain sets the cost of a plain (ungrouped) Agg (PG: cost_agg, AGG_PLAIN).
func CostAggPlain(p *pathnodes.CostParams, path *pathnodes.Base, ac AggCosts, inputTotal, inputTuples float64, target []*nodes.TargetEntry) {
	startup := inputTotal + ac.TransCost.Startup + ac.TransCost.PerTuple*inputTuples + ac.FinalCost.Startup + ac.FinalCost.PerTuple
	total := startup + p.CPUTupleCost
	tc := TargetCost(p, target)
	path.Rows = 1
	path.StartupCost = startup + tc.Startup
	path.TotalCost = total + tc.Startup + tc.PerTuple
}

// AdjustLimitRowsCosts applies LIMIT/OFFSET estimates to a path's rows and
// costs (PG: adjust_limit_rows_costs). Estimates of -1 mean "not constant";
// 0 means "no limit/offset".
func AdjustLimitRowsCosts(path *pathnodes.Base, offsetEst, countEst float64) {
	inputRows := path.Rows
	inputStartup, inputTotal := path.StartupCost, path.TotalCost
	if offsetEst != 0 {
		offsetRows := offsetEst
		if offsetEst < 0 {
			offsetRows = ClampRowEst(inputRows * 0.10)
		}
		if offsetRows > path.Rows {
			offsetRows = path.Rows
		}
		if inputRows > 0 {
			path.StartupCost += (inputTotal - inputStartup) * offsetRows / inputRows
		}
		path.Rows -= offsetRows
		if path.Rows < 1 {
			path.Rows = 1
		}
	}
	if countEst != 0 {
		countRows := countEst
		if countEst < 0 {
			countRows = ClampRowEst(inputRows * 0.10)
		}
		if countRows > path.Rows {
			countRows = path.Rows
		}
		if inputRows > 0 {
			path.TotalCost = path.StartupCost + (inputTotal-inputStartup)*countRows/inputRows
		}
		path.Rows = countRows
		if path.Rows < 1 {
			path.Rows = 1
		}
	}
}

// TypeAvgWidth estimates the average width of values of type t (PG: get_typavgwidth).
func TypeAvgWidth(t types.T) int {
	in := types.InfoOf(t.Oid)
	if in != nil && in.Len > 0 {
		return int(in.Len)
	}
	if t.Typmod > 0 {
		maxWidth := typeMaximumSize(t)
		if maxWidth > 0 {
			if t.Oid == types.BpcharOid {
				return maxWidth
			}
			if maxWidth <= 32 {
				return maxWidth
			}
			if maxWidth < 1000 {
				return 32 + (maxWidth-32)/2
			}
			return 32 + (1000-32)/2
		}
	}
	return 32
}

// typeMaximumSize mirrors type_maximum_size for the varlena types with typmods.
func typeMaximumSize(t types.T) int {
	switch t.Oid {
	case types.VarcharOid, types.BpcharOid:
		// Characters times the UTF-8 maximum character length, plus the header.
		return int(t.Typmod-types.VarHdrSz)*4 + types.VarHdrSz
	case types.NumericOid:
		prec := int((t.Typmod - types.VarHdrSz) >> 16 & 0xffff)
		digits := (prec + 2*(4-1)) / 4
		return 8 + digits*2
	}
	return -1
}

// CostGather sets the cost of a Gather over a partial path of subStartup
// and subTotal emitting rows in all (PG: cost_gather): parallel_setup_cost
// once, parallel_tuple_cost per row passed to the leader.
func CostGather(p *pathnodes.CostParams, path *pathnodes.Base, subStartup, subTotal, rows float64) {
	path.Rows = rows
	startup := subStartup + p.ParallelSetupCost
	run := subTotal - subStartup + p.ParallelTupleCost*rows
	path.StartupCost = startup
	path.TotalCost = startup + run
}

// CostGatherMerge sets the cost of a Gather Merge over workers workers
// whose sorted input costs inputStartup..inputTotal, emitting rows in all
// (PG: cost_gather_merge): a heap of workers+1 streams, two comparisons per
// level per row, and parallel_tuple_cost per row with 5% extra for waiting
// on every worker.
func CostGatherMerge(p *pathnodes.CostParams, path *pathnodes.Base, workers int, inputStartup, inputTotal, rows float64) {
	path.Rows = rows
	var startup, run float64
	if !p.EnableGathermerge {
		startup += DisableCost
	}
	n := float64(workers) + 1
	logN := math.Log2(n)
	comparison := 2.0 * p.CPUOperatorCost
	startup += comparison * n * logN
	run += rows * comparison * logN
	run += p.CPUOperatorCost * rows
	startup += p.ParallelSetupCost
	run += p.ParallelTupleCost * rows * 1.05
	path.StartupCost = startup + inputStartup
	path.TotalCost = startup + run + inputTotal
}

// ComputeParallelWorker returns how many workers a parallel scan of
// heapPages table pages and indexPages index pages (each -1 when not
// scanned) should have (PG: compute_parallel_worker): the table's
// parallel_workers storage parameter if set, else one more worker each
// time the size triples past min_parallel_table_scan_size (or
// min_parallel_index_scan_size), at most maxWorkers.
func ComputeParallelWorker(root *pathnodes.PlannerInfo, rel *pathnodes.RelOptInfo, heapPages, indexPages float64, maxWorkers int) int {
	c := &root.Costs
	workers := 0
	if rel.Rel != nil && rel.Rel.ParallelWorkers != -1 {
		workers = rel.Rel.ParallelWorkers
	} else {
		if (heapPages >= 0 && heapPages < float64(c.MinParallelTableScanSize)) ||
			(indexPages >= 0 && indexPages < float64(c.MinParallelIndexScanSize)) {
			return 0
		}
		grow := func(pages float64, minSize int64) int {
			n := 1
			threshold := max(minSize, 1)
			for pages >= float64(threshold*3) {
				n++
				threshold *= 3
				if threshold > (1<<31-1)/3 {
					break
				}
			}
			return n
		}
		if heapPages >= 0 {
			workers = grow(heapPages, c.MinParallelTableScanSize)
		}
		if indexPages >= 0 {
			w := grow(indexPages, c.MinParallelIndexScanSize)
			if workers > 0 {
				workers = min(workers, w)
			} else {
				workers = w
			}
		}
	}
	return min(workers, maxWorkers)
}
