// costindex.go costs index and bitmap scans (PG: costsize.c cost_index,
// index_pages_fetched, cost_bitmap_heap_scan, compute_bitmap_pages,
// cost_bitmap_and_node/or_node, cost_bitmap_tree_node; and the btree access
// method's estimator from selfuncs.c, genericcostestimate and
// btcostestimate).

package cost

import (
	"math"

	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/optimizer/pathnodes"
	"github.com/loomdb/loomdb/internal/optimizer/predtest"
)

// IndexPagesFetched estimates the pages fetched when tuplesFetched tuples
// are read in random order from a table of pages pages, with the cache
// shared by all the query's tables and indexPages of index (PG:
// index_pages_fetched, the Mackert-Lohman formula).
func IndexPagesFetched(root *pathnodes.PlannerInfo, tuplesFetched, pages, indexPages float64) float64 {
	T := 1.0
	if pages > 1 {
		T = pages
	}
	totalPages := math.Max(root.TotalTablePages+indexPages, 1)
	b := root.Costs.EffectiveCacheSize * T / totalPages
	if b <= 1 {
		b = 1
	} else {
		b = math.Ceil(b)
	}
	var fetched float64
	if T <= b {
		fetched = (2 * T * tuplesFetched) / (2*T + tuplesFetched)
		if fetched >= T {
			fetched = T
		} else {
			fetched = math.Ceil(fetched)
		}
		return fetched
	}
	lim := (2 * T * b) / (2*T - b)
	if tuplesFetched <= lim {
		fetched = (2 * T * tuplesFetched) / (2*T + tuplesFetched)
	} else {
		fetched = b + (tuplesFetched-lim)*(T-b)/T
	}
	return math.Ceil(fetched)
}

// indexCosts is what the access method's estimator returns (PG:
// GenericCosts).
type indexCosts struct {
	startup, total     float64
	selectivity        float64
	correlation        float64
	numIndexPages      float64
	numIndexTuples     float64
	numScalarArrayScan float64
}

// indexQuals returns the normalized index conditions of a path.
func indexQuals(path *pathnodes.IndexPath) []nodes.Expr {
	out := make([]nodes.Expr, len(path.IndexClauses))
	for i, ic := range path.IndexClauses {
		out[i] = ic.IndexQual
	}
	return out
}

// otherOperandsEvalCost is the cost of evaluating the comparison values of
// index quals once per scan (PG: index_other_operands_eval_cost).
func otherOperandsEvalCost(p *pathnodes.CostParams, quals []nodes.Expr) float64 {
	total := 0.0
	for _, q := range quals {
		var other nodes.Expr
		switch x := q.(type) {
		case *nodes.OpExpr:
			if len(x.Args) == 2 {
				other = x.Args[1]
			}
		case *nodes.ScalarArrayOpExpr:
			for _, e := range x.List {
				c := EvalCost(p, e)
				total += c.Startup + c.PerTuple
			}
		}
		if other != nil {
			c := EvalCost(p, other)
			total += c.Startup + c.PerTuple
		}
	}
	return total
}

// addPredicateToIndexQuals adds to an index's conditions the conditions of
// its predicate they do not imply, so that the selectivity counts only
// rows the partial index holds (PG: add_predicate_to_index_quals).
func addPredicateToIndexQuals(index *pathnodes.IndexOptInfo, quals []nodes.Expr) []nodes.Expr {
	if len(index.IndPred) == 0 {
		return quals
	}
	out := append([]nodes.Expr(nil), quals...)
	for _, p := range index.IndPred {
		if !predtest.ImpliedBy([]nodes.Expr{p}, quals) {
			out = append(out, p)
		}
	}
	return out
}

// genericCostEstimate is the estimate shared by the index access methods
// (PG: genericcostestimate). costs.numIndexTuples may be preset.
func genericCostEstimate(root *pathnodes.PlannerInfo, path *pathnodes.IndexPath, loopCount float64, costs *indexCosts) {
	p := &root.Costs
	index := path.Index
	quals := indexQuals(path)
	numSAScans := 1.0
	for _, q := range quals {
		if sa, ok := q.(*nodes.ScalarArrayOpExpr); ok && len(sa.List) > 1 {
			numSAScans *= float64(len(sa.List))
		}
	}
	selectivity := ClauselistSelectivityRel(root, addPredicateToIndexQuals(index, quals), index.Rel.Relid)
	numIndexTuples := costs.numIndexTuples
	if numIndexTuples <= 0 {
		numIndexTuples = selectivity * index.Rel.Tuples
		if numSAScans > 1 {
			numIndexTuples /= numSAScans
		}
	}
	if numIndexTuples > index.Tuples {
		numIndexTuples = index.Tuples
	}
	if numIndexTuples < 1 {
		numIndexTuples = 1
	}
	numIndexPages := 1.0
	if index.Pages > 1 && index.Tuples > 1 {
		numIndexPages = math.Ceil(numIndexTuples * index.Pages / index.Tuples)
	}
	var total float64
	if loopCount > 1 || numSAScans > 1 {
		fetched := numIndexPages * numSAScans
		fetched = IndexPagesFetched(root, fetched*loopCount, index.Pages, index.Pages)
		total = (fetched * p.RandomPageCost) / loopCount
	} else {
		total = numIndexPages * p.RandomPageCost
	}
	qualArgCost := otherOperandsEvalCost(p, quals)
	qualOpCost := p.CPUOperatorCost * float64(len(quals))
	costs.startup = qualArgCost
	total += qualArgCost
	total += numIndexTuples * numSAScans * (p.CPUIndexTupleCost + qualOpCost)
	costs.total = total
	costs.selectivity = selectivity
	costs.correlation = 0
	costs.numIndexPages = numIndexPages
	costs.numIndexTuples = numIndexTuples
	costs.numScalarArrayScan = numSAScans
}

// btCostEstimate is the btree access method's estimator (PG:
// btcostestimate): only the quals on leading columns bound the part of the
// index read, a unique index probed on every column returns one tuple, and
// the tree descent and the first column's correlation are accounted for.
func btCostEstimate(root *pathnodes.PlannerInfo, path *pathnodes.IndexPath, loopCount float64) indexCosts {
	p := &root.Costs
	index := path.Index
	var boundQuals []nodes.Expr
	indexcol := 0
	eqQualHere, foundSAOP, foundIsNull := false, false, false
	numSAScans := 1.0
	for _, ic := range path.IndexClauses {
		if indexcol != ic.IndexCol {
			if !eqQualHere {
				break
			}
			eqQualHere = false
			indexcol++
			if indexcol != ic.IndexCol {
				break
			}
		}
		switch x := ic.IndexQual.(type) {
		case *nodes.ScalarArrayOpExpr:
			foundSAOP = true
			if x.UseOr && x.OpName == "=" {
				eqQualHere = true
			}
			if n := float64(len(x.List)); n > 1 {
				numSAScans *= n
			}
		case *nodes.NullTest:
			if !x.IsNot {
				foundIsNull = true
				eqQualHere = true
			}
		case *nodes.OpExpr:
			if x.OpName == "=" {
				eqQualHere = true
			}
		}
		boundQuals = append(boundQuals, ic.IndexQual)
	}
	var costs indexCosts
	if index.Unique && indexcol == len(index.IndexKeys)-1 && eqQualHere && !foundSAOP && !foundIsNull {
		costs.numIndexTuples = 1
	} else {
		sel := ClauselistSelectivityRel(root, addPredicateToIndexQuals(index, boundQuals), index.Rel.Relid)
		costs.numIndexTuples = math.RoundToEven(sel * index.Rel.Tuples / numSAScans)
	}
	genericCostEstimate(root, path, loopCount, &costs)
	if index.Tuples > 1 {
		descent := math.Ceil(math.Log(index.Tuples)/math.Log(2)) * p.CPUOperatorCost
		costs.startup += descent
		costs.total += costs.numScalarArrayScan * descent
	}
	descent := float64(index.TreeHeight+1) * 50 * p.CPUOperatorCost
	costs.startup += descent
	costs.total += costs.numScalarArrayScan * descent
	if s := index.Rel.ColStats[index.IndexKeys[0]]; s != nil && s.HasCorrelation {
		c := s.Correlation
		if index.ReverseSort[0] {
			c = -c
		}
		if len(index.IndexKeys) > 1 {
			c *= 0.75
		}
		costs.correlation = c
	}
	return costs
}

// CostIndex sets the costs of an index scan path (PG: cost_index). qpquals
// are the restriction clauses the index does not check; loopCount is how
// often the scan will be repeated (rescans of a parameterized inner side).
// With partial it first sizes the workers of a Parallel Index Scan,
// leaving ParallelWorkers zero when the scan is not worth any.
func CostIndex(root *pathnodes.PlannerInfo, path *pathnodes.IndexPath, qpquals []nodes.Expr, target []*nodes.TargetEntry, loopCount float64, partial bool) {
	p := &root.Costs
	baserel := path.Index.Rel
	var startup, run float64
	if (path.IndexOnly && !p.EnableIndexonlyscan) || (!path.IndexOnly && !p.EnableIndexscan) {
		startup += DisableCost
	}
	ic := btCostEstimate(root, path, loopCount)
	path.IndexTotalCost = ic.total
	path.IndexSelectivity = ic.selectivity
	startup += ic.startup
	run += ic.total - ic.startup
	tuplesFetched := ClampRowEst(ic.selectivity * baserel.Tuples)
	var maxIO, minIO, randHeapPages float64
	if loopCount > 1 {
		fetched := IndexPagesFetched(root, tuplesFetched*loopCount, baserel.Pages, path.Index.Pages)
		if path.IndexOnly {
			fetched = math.Ceil(fetched * (1 - baserel.AllVisFrac))
		}
		randHeapPages = fetched
		maxIO = (fetched * p.RandomPageCost) / loopCount
		fetched = math.Ceil(ic.selectivity * baserel.Pages)
		fetched = IndexPagesFetched(root, fetched*loopCount, baserel.Pages, path.Index.Pages)
		if path.IndexOnly {
			fetched = math.Ceil(fetched * (1 - baserel.AllVisFrac))
		}
		minIO = (fetched * p.RandomPageCost) / loopCount
	} else {
		fetched := IndexPagesFetched(root, tuplesFetched, baserel.Pages, path.Index.Pages)
		if path.IndexOnly {
			fetched = math.Ceil(fetched * (1 - baserel.AllVisFrac))
		}
		randHeapPages = fetched
		maxIO = fetched * p.RandomPageCost
		fetched = math.Ceil(ic.selectivity * baserel.Pages)
		if path.IndexOnly {
			fetched = math.Ceil(fetched * (1 - baserel.AllVisFrac))
		}
		if fetched > 0 {
			minIO = p.RandomPageCost
			if fetched > 1 {
				minIO += (fetched - 1) * p.SeqPageCost
			}
		}
	}
	if partial {
		// Workers follow the index pages read and the heap pages fetched
		// out of order (a parallel scan's participants take leaf pages
		// in turn); an index-only scan's few heap fetches must not rule
		// parallelism out.
		if path.IndexOnly {
			randHeapPages = -1
		}
		path.ParallelWorkers = ComputeParallelWorker(root, baserel, randHeapPages, ic.numIndexPages, p.MaxParallelWorkersPerGather)
		if path.ParallelWorkers <= 0 {
			return
		}
		path.ParallelAware = true
	}
	csquared := ic.correlation * ic.correlation
	run += maxIO + csquared*(minIO-maxIO)
	qc := QualListCost(p, qpquals)
	startup += qc.Startup
	cpuPerTuple := p.CPUTupleCost + qc.PerTuple
	cpuRun := cpuPerTuple * tuplesFetched
	tc := TargetCost(p, target)
	startup += tc.Startup
	cpuRun += tc.PerTuple * path.Rows
	if path.ParallelWorkers > 0 {
		// The CPU work is divided among the participants; the I/O is not.
		divisor := ParallelDivisor(p, path.ParallelWorkers)
		path.Rows = ClampRowEst(path.Rows / divisor)
		cpuRun /= divisor
	}
	run += cpuRun
	path.StartupCost = startup
	path.TotalCost = startup + run
}

// BitmapTreeNodeCost returns the cost and selectivity of a bitmap scan's
// index part (PG: cost_bitmap_tree_node).
func BitmapTreeNodeCost(p *pathnodes.CostParams, path pathnodes.Path) (cost, selec float64) {
	switch x := path.(type) {
	case *pathnodes.IndexPath:
		// A small charge per TID for building the bitmap, so that a bitmap
		// scan never looks as cheap as a plain index scan for one tuple.
		return x.IndexTotalCost + 0.1*p.CPUOperatorCost*x.Rows, x.IndexSelectivity
	case *pathnodes.BitmapAndPath:
		return x.TotalCost, x.BitmapSelectivity
	case *pathnodes.BitmapOrPath:
		return x.TotalCost, x.BitmapSelectivity
	}
	return 0, 1
}

// CostBitmapAndNode costs a BitmapAnd (PG: cost_bitmap_and_node).
func CostBitmapAndNode(p *pathnodes.CostParams, path *pathnodes.BitmapAndPath) {
	total, selec := 0.0, 1.0
	for i, sub := range path.Bitmapquals {
		c, s := BitmapTreeNodeCost(p, sub)
		selec *= s
		total += c
		if i > 0 {
			total += 100 * p.CPUOperatorCost
		}
	}
	path.BitmapSelectivity = selec
	path.Rows = 0
	path.StartupCost, path.TotalCost = total, total
}

// CostBitmapOrNode costs a BitmapOr (PG: cost_bitmap_or_node).
func CostBitmapOrNode(p *pathnodes.CostParams, path *pathnodes.BitmapOrPath) {
	total, selec := 0.0, 0.0
	for i, sub := range path.Bitmapquals {
		c, s := BitmapTreeNodeCost(p, sub)
		selec += s
		total += c
		if _, isIndex := sub.(*pathnodes.IndexPath); i > 0 && !isIndex {
			total += 100 * p.CPUOperatorCost
		}
	}
	path.BitmapSelectivity = math.Min(selec, 1)
	path.Rows = 0
	path.StartupCost, path.TotalCost = total, total
}

// tbmMaxEntries is how many pages a TID bitmap tracks exactly in work_mem
// (PG: tbm_calculate_entries, with 48-byte page entries and two pointers
// of hash overhead each).
func tbmMaxEntries(workMemKB int64) float64 {
	n := float64(workMemKB*1024) / (48 + 8 + 8)
	return math.Max(math.Min(n, math.MaxInt32-1), 16)
}

// ComputeBitmapPages estimates the heap pages a bitmap scan fetches and the
// tuples it returns (PG: compute_bitmap_pages).
func ComputeBitmapPages(root *pathnodes.PlannerInfo, baserel *pathnodes.RelOptInfo, bitmapqual pathnodes.Path, loopCount float64) (pagesFetched, indexTotalCost, tuplesFetched float64) {
	indexTotalCost, selec := BitmapTreeNodeCost(&root.Costs, bitmapqual)
	tuplesFetched = ClampRowEst(selec * baserel.Tuples)
	T := 1.0
	if baserel.Pages > 1 {
		T = baserel.Pages
	}
	if loopCount > 1 {
		pagesFetched = IndexPagesFetched(root, tuplesFetched*loopCount, baserel.Pages, bitmapIndexPages(bitmapqual))
		pagesFetched /= loopCount
	} else {
		pagesFetched = (2 * T * tuplesFetched) / (2*T + tuplesFetched)
	}
	if pagesFetched >= T {
		pagesFetched = T
	} else {
		pagesFetched = math.Ceil(pagesFetched)
	}
	heapPages := math.Min(pagesFetched, baserel.Pages)
	if maxEntries := tbmMaxEntries(root.Costs.WorkMemKB); maxEntries < heapPages {
		lossy := math.Max(0, heapPages-maxEntries/2)
		exact := heapPages - lossy
		if lossy > 0 {
			tuplesFetched = ClampRowEst(selec*(exact/heapPages)*baserel.Tuples + (lossy/heapPages)*baserel.Tuples)
		}
	}
	return pagesFetched, indexTotalCost, tuplesFetched
}

// bitmapIndexPages sums the sizes of the indexes a bitmap qual reads (PG:
// get_indexpath_pages).
func bitmapIndexPages(p pathnodes.Path) float64 {
	switch x := p.(type) {
	case *pathnodes.IndexPath:
		return x.Index.Pages
	case *pathnodes.BitmapAndPath:
		s := 0.0
		for _, q := range x.Bitmapquals {
			s += bitmapIndexPages(q)
		}
		return s
	case *pathnodes.BitmapOrPath:
		s := 0.0
		for _, q := range x.Bitmapquals {
			s += bitmapIndexPages(q)
		}
		return s
	}
	return 0
}

// CostBitmapHeapScan sets the costs of a bitmap heap scan (PG:
// cost_bitmap_heap_scan). quals are all the relation's restriction
// clauses: each fetched tuple is checked against them. A parallel scan
// (path.ParallelWorkers > 0) divides the CPU cost of checking the tuples,
// and its row estimate, by the parallel divisor.
func CostBitmapHeapScan(root *pathnodes.PlannerInfo, path *pathnodes.BitmapHeapPath, quals []nodes.Expr, target []*nodes.TargetEntry, loopCount float64) {
	p := &root.Costs
	baserel := path.Parent
	var startup, run float64
	if !p.EnableBitmapscan {
		startup += DisableCost
	}
	pagesFetched, indexTotalCost, tuplesFetched := ComputeBitmapPages(root, baserel, path.BitmapQual, loopCount)
	startup += indexTotalCost
	T := 1.0
	if baserel.Pages > 1 {
		T = baserel.Pages
	}
	costPerPage := p.RandomPageCost
	if pagesFetched >= 2 {
		costPerPage = p.RandomPageCost - (p.RandomPageCost-p.SeqPageCost)*math.Sqrt(pagesFetched/T)
	}
	run += pagesFetched * costPerPage
	qc := QualListCost(p, quals)
	startup += qc.Startup
	cpuRun := (p.CPUTupleCost + qc.PerTuple) * tuplesFetched
	if path.ParallelWorkers > 0 {
		// Each participant checks its share of the tuples; the heap
		// pages are charged in full, as PostgreSQL does.
		div := ParallelDivisor(p, path.ParallelWorkers)
		cpuRun /= div
		path.Rows = ClampRowEst(path.Rows / div)
	}
	run += cpuRun
	// The target list is computed per output row, not per tuple scanned.
	tc := TargetCost(p, target)
	startup += tc.Startup
	run += tc.PerTuple * path.Rows
	path.StartupCost = startup
	path.TotalCost = startup + run
}
