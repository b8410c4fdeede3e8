// costjoin.go holds the join, materialize and grouping cost functions of
// costsize.c: cost_material, cost_rescan, the nested-loop and hash join
// costs (initial_cost_* and final_cost_*), cost_agg for sorted and hashed
// strategies, and cost_group.

package cost

import (
	"math"

	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/optimizer/pathnodes"
)

// CostMaterial sets the cost of materializing a subpath (PG: cost_material).
func CostMaterial(p *pathnodes.CostParams, path *pathnodes.Base, inputStartup, inputTotal, tuples float64, width int) {
	startup := inputStartup
	run := inputTotal - inputStartup
	nbytes := RelationByteSize(tuples, width)
	run += 2 * p.CPUOperatorCost * tuples
	if nbytes > float64(p.WorkMemKB)*1024 {
		run += p.SeqPageCost * math.Ceil(nbytes/BlockSize)
	}
	path.Rows = tuples
	path.StartupCost = startup
	path.TotalCost = startup + run
}

// CostRescan returns the startup and total cost of scanning path again,
// as a nested loop's inner side does (PG: cost_rescan).
func CostRescan(p *pathnodes.CostParams, path pathnodes.Path) (float64, float64) {
	b := path.PathBase()
	switch path.(type) {
	case *pathnodes.MaterialPath:
		nbytes := RelationByteSize(b.Rows, b.Width)
		run := p.CPUOperatorCost * b.Rows
		if nbytes > float64(p.WorkMemKB)*1024 {
			run += p.SeqPageCost * math.Ceil(nbytes/BlockSize)
		}
		return 0, run
	case *pathnodes.MemoizePath:
		x := path.(*pathnodes.MemoizePath)
		return x.RescanStartup, x.RescanTotal
	case *pathnodes.CteScanPath, *pathnodes.WorkTableScanPath:
		// The rows are in a tuplestore already; a rescan reads them again
		// at cpu_tuple_cost each, from disk when they spilled.
		nbytes := RelationByteSize(b.Rows, b.Width)
		run := p.CPUTupleCost * b.Rows
		if nbytes > float64(p.WorkMemKB)*1024 {
			run += p.SeqPageCost * math.Ceil(nbytes/BlockSize)
		}
		return 0, run
	case *pathnodes.SortPath:
		// A sorted result is kept in memory and replayed.
		nbytes := RelationByteSize(b.Rows, b.Width)
		run := p.CPUOperatorCost * b.Rows
		if nbytes > float64(p.WorkMemKB)*1024 {
			run += p.SeqPageCost * math.Ceil(nbytes/BlockSize)
		}
		return 0, run
	}
	return b.StartupCost, b.TotalCost
}

// Memoize cache entry overheads beyond the rows' own size: an entry with
// its key, and a link per cached row (PG:
// ExecEstimateCacheEntryOverheadBytes over MemoizeEntry, MemoizeKey and
// MemoizeTuple).
const (
	memoizeEntryOverhead = 24 + 24
	memoizeTupleOverhead = 16
)

// CostMemoize sets the costs of a Memoize path over its subpath (PG:
// create_memoize_path and cost_memoize_rescan). keyWidth is the cache
// key's width; ndistinct the expected number of distinct keys among
// path.Calls calls, usedDefault whether that was a guess without
// statistics, in which case every call is taken to be distinct.
func CostMemoize(p *pathnodes.CostParams, path *pathnodes.MemoizePath, keyWidth int, ndistinct float64, usedDefault bool) {
	sub := path.Subpath.PathBase()
	// The first scan caches its rows.
	path.StartupCost = sub.StartupCost + p.CPUTupleCost
	path.TotalCost = sub.TotalCost + p.CPUTupleCost
	path.Rows = sub.Rows

	tuples, calls := sub.Rows, path.Calls
	entryBytes := RelationByteSize(tuples, sub.Width) + memoizeEntryOverhead + memoizeTupleOverhead*tuples + float64(keyWidth)
	cacheEntries := math.Floor(p.HashMemBytes() / entryBytes)
	if usedDefault {
		ndistinct = calls
	}
	path.EstEntries = math.Min(math.Min(ndistinct, cacheEntries), math.MaxUint32)
	evictRatio := 1.0 - math.Min(cacheEntries, ndistinct)/ndistinct
	hitRatio := ((calls - ndistinct) / calls) * (cacheEntries / math.Max(ndistinct, cacheEntries))

	total := sub.TotalCost*(1.0-hitRatio) + p.CPUOperatorCost
	total += p.CPUTupleCost * evictRatio
	total += p.CPUOperatorCost / 10.0 * evictRatio * tuples
	total += p.CPUTupleCost + p.CPUOperatorCost*tuples
	startup := sub.StartupCost*(1.0-hitRatio) + p.CPUTupleCost
	path.RescanStartup, path.RescanTotal = startup, total
}

// JoinCostExtra is what the join cost functions need to know of a join
// beyond its input paths (PG: JoinPathExtraData).
type JoinCostExtra struct {
	// InnerUnique says each outer row matches at most one inner row, so
	// the join may stop scanning the inner side at the first match.
	InnerUnique bool
	// Semi are the semi-join factors of semi, anti and inner-unique joins.
	Semi SemiAntiJoinFactors
}

// SemiAntiJoinFactors estimate how much of the inner side a join that
// stops at the first match reads (PG: SemiAntiJoinFactors):
// OuterMatchFrac is the fraction of outer rows with a match, MatchCount the
// average number of matches of such a row.
type SemiAntiJoinFactors struct {
	OuterMatchFrac float64
	MatchCount     float64
}

// stopsAtFirstMatch reports whether the executor stops scanning for inner
// rows after the first match of an outer row.
func stopsAtFirstMatch(jt pathnodes.JoinType, extra *JoinCostExtra) bool {
	return jt == pathnodes.JoinSemi || jt == pathnodes.JoinAnti || (extra != nil && extra.InnerUnique)
}

// CostNestloop sets the cost of a nested-loop join (PG: initial_cost_nestloop
// and final_cost_nestloop). restrict are the clauses evaluated at the join;
// rows is the join relation's size. indexedJoinQuals says the inner side is
// an index scan driven by every join clause, so that an outer row without
// a match costs only a failed index probe (PG: has_indexed_join_quals).
func CostNestloop(p *pathnodes.CostParams, path *pathnodes.JoinBase, restrict []nodes.Expr, rows float64, target []*nodes.TargetEntry, extra *JoinCostExtra, indexedJoinQuals bool) {
	outer, inner := path.Outer.PathBase(), path.Inner.PathBase()
	outerRows := math.Max(outer.Rows, 1)
	innerRows := math.Max(inner.Rows, 1)
	rescanStart, rescanTotal := CostRescan(p, path.Inner)
	startup := outer.StartupCost + inner.StartupCost
	run := outer.TotalCost - outer.StartupCost
	if outerRows > 1 {
		run += (outerRows - 1) * rescanStart
	}
	innerRun := inner.TotalCost - inner.StartupCost
	innerRescanRun := rescanTotal - rescanStart
	var ntuples float64
	if stopsAtFirstMatch(path.JoinType, extra) {
		// A matched outer row reads about 2/(matches+1) of the inner rows.
		matched := math.RoundToEven(outerRows * extra.Semi.OuterMatchFrac)
		unmatched := outerRows - matched
		scanFrac := 2.0 / (extra.Semi.MatchCount + 1.0)
		ntuples = matched * innerRows * scanFrac
		if indexedJoinQuals {
			run += innerRun * scanFrac
			if matched > 1 {
				run += (matched - 1) * innerRescanRun * scanFrac
			}
			// An unmatched row costs an empty index probe.
			run += unmatched * innerRescanRun / innerRows
		} else {
			// An unmatched row reads the whole inner side; charge one
			// full first scan.
			ntuples += unmatched * innerRows
			run += innerRun
			if unmatched >= 1 {
				unmatched--
			} else {
				matched--
			}
			if matched > 0 {
				run += matched * innerRescanRun * scanFrac
			}
			if unmatched > 0 {
				run += unmatched * innerRescanRun
			}
		}
	} else {
		run += innerRun
		if outerRows > 1 {
			run += (outerRows - 1) * innerRescanRun
		}
		ntuples = outerRows * innerRows
	}
	qc := QualListCost(p, restrict)
	startup += qc.Startup
	run += (p.CPUTupleCost + qc.PerTuple) * ntuples
	tc := TargetCost(p, target)
	startup += tc.Startup
	run += tc.PerTuple * rows
	path.Rows = rows
	path.StartupCost = startup
	path.TotalCost = startup + run
}

// Hash table sizing constants (PG: nodeHash.c, hashjoin.h).
const (
	hjTupleOverhead    = 16 // MAXALIGN(sizeof(HashJoinTupleData))
	minimalTupleHeader = 16 // MAXALIGN(SizeofMinimalTupleHeader)
	pointerSize        = 8
	skewHashMemPercent = 2
	skewBucketOverhead = 16 + 8 // sizeof(HashSkewBucket) + sizeof(HashSkewBucket*)
)

// ChooseHashTableSize returns the bucket and batch counts a hash join's
// table gets for ntuples rows of the given width (PG:
// ExecChooseHashTableSize with skew optimization). With tryCombined (a
// Parallel Hash) the table may first use the hash_mem of all workers+1
// participants together; if even that needs batches, each batch is sized
// for one participant's hash_mem, since batches are then loaded separately.
func ChooseHashTableSize(p *pathnodes.CostParams, ntuples float64, width int, useSkew, tryCombined bool, workers int) (nbuckets, nbatch int) {
	if ntuples <= 0 {
		ntuples = 1000
	}
	tupsize := float64(hjTupleOverhead + minimalTupleHeader + MaxAlignInt(width))
	innerRelBytes := ntuples * tupsize
	hashTableBytes := p.HashMemBytes()
	if tryCombined {
		hashTableBytes *= float64(workers + 1)
	}
	if useSkew {
		skewTableBytes := hashTableBytes * skewHashMemPercent / 100
		numSkewMCVs := math.Floor(skewTableBytes / (tupsize + 8*skewBucketOverhead/8))
		if numSkewMCVs > 0 {
			hashTableBytes -= skewTableBytes
		}
	}
	maxPointers := math.Floor(hashTableBytes / pointerSize)
	maxPointers = math.Min(maxPointers, float64(math.MaxInt32/pointerSize))
	mppow2 := float64(nextPow2(int64(maxPointers)))
	if maxPointers != mppow2 {
		maxPointers = mppow2 / 2
	}
	dbuckets := math.Ceil(ntuples)
	dbuckets = math.Min(dbuckets, maxPointers)
	nbuckets = int(math.Max(dbuckets, 1024))
	nbuckets = int(nextPow2(int64(nbuckets)))
	bucketBytes := float64(pointerSize * nbuckets)
	nbatch = 1
	if innerRelBytes+bucketBytes > hashTableBytes {
		if tryCombined {
			return ChooseHashTableSize(p, ntuples, width, useSkew, false, workers)
		}
		bucketSize := tupsize + pointerSize
		sbuckets := math.Floor(hashTableBytes / bucketSize)
		sbuckets = math.Min(sbuckets, maxPointers)
		nbuckets = int(sbuckets)
		nbuckets = int(prevPow2(int64(nbuckets)))
		bucketBytes = float64(nbuckets) * pointerSize
		dbatch := math.Ceil(innerRelBytes / (hashTableBytes - bucketBytes))
		dbatch = math.Min(dbatch, maxPointers)
		minbatch := int(dbatch)
		nbatch = 2
		for nbatch < minbatch {
			nbatch <<= 1
		}
	}
	return nbuckets, nbatch
}

func nextPow2(n int64) int64 {
	if n <= 1 {
		return 1
	}
	p := int64(1)
	for p < n {
		p <<= 1
	}
	return p
}

func prevPow2(n int64) int64 {
	p := nextPow2(n)
	if p > n {
		p >>= 1
	}
	return p
}

// PageSize estimates the pages tuples of a width occupy in a batch file (PG: page_size).
func PageSize(tuples float64, width int) float64 {
	return math.Ceil(RelationByteSize(tuples, width) / BlockSize)
}

// CostHashjoin sets the cost of a hash join (PG: initial_cost_hashjoin and
// final_cost_hashjoin). bucketSize returns the fraction of the inner rows
// in the bucket a probe visits for the given number of buckets
// (estimate_hash_bucket_stats); hashjoinTuples is approx_tuple_count over
// the hash clauses.
func CostHashjoin(p *pathnodes.CostParams, path *pathnodes.HashPath, hashClauses, otherQuals []nodes.Expr, rows float64, bucketSize func(virtualBuckets float64) float64, hashjoinTuples float64, target []*nodes.TargetEntry, extra *JoinCostExtra) {
	outer, inner := path.Outer.PathBase(), path.Inner.PathBase()
	outerRows, innerRows := outer.Rows, inner.Rows
	nclauses := float64(len(hashClauses))
	startup := outer.StartupCost
	run := outer.TotalCost - outer.StartupCost
	startup += inner.TotalCost
	startup += (p.CPUOperatorCost*nclauses + p.CPUTupleCost) * innerRows
	run += p.CPUOperatorCost * nclauses * outerRows
	// A Parallel Hash's inner rows are one participant's share; the shared
	// table holds them all.
	innerRowsTotal := innerRows
	if path.ParallelAware {
		innerRowsTotal *= ParallelDivisor(p, inner.ParallelWorkers)
	}
	nbuckets, nbatch := ChooseHashTableSize(p, innerRowsTotal, inner.Width, true, path.ParallelAware, outer.ParallelWorkers)
	path.NumBatches = nbatch
	path.InnerRowsTotal = innerRowsTotal
	if nbatch > 1 {
		innerPages := PageSize(innerRows, inner.Width)
		outerPages := PageSize(outerRows, outer.Width)
		startup += p.SeqPageCost * innerPages
		run += p.SeqPageCost * (innerPages + 2*outerPages)
	}
	virtualBuckets := float64(nbuckets) * float64(nbatch)
	innerBucketSize := bucketSize(virtualBuckets)
	hashQual := QualListCost(p, hashClauses)
	qpQual := QualListCost(p, otherQuals)
	startup += hashQual.Startup
	if stopsAtFirstMatch(path.JoinType, extra) {
		// A matched outer row stops early in its bucket; an unmatched one
		// sees an average bucket and rarely evaluates the hash quals.
		matched := math.RoundToEven(outerRows * extra.Semi.OuterMatchFrac)
		scanFrac := 2.0 / (extra.Semi.MatchCount + 1.0)
		run += hashQual.PerTuple * matched * ClampRowEst(innerRows*innerBucketSize*scanFrac) * 0.5
		run += hashQual.PerTuple * (outerRows - matched) * ClampRowEst(innerRows/virtualBuckets) * 0.05
		if path.JoinType == pathnodes.JoinAnti {
			hashjoinTuples = outerRows - matched
		} else {
			hashjoinTuples = matched
		}
	} else {
		run += hashQual.PerTuple * outerRows * ClampRowEst(innerRows*innerBucketSize) * 0.5
	}
	startup += qpQual.Startup
	run += (p.CPUTupleCost + qpQual.PerTuple) * hashjoinTuples
	tc := TargetCost(p, target)
	startup += tc.Startup
	run += tc.PerTuple * rows
	path.Rows = rows
	path.StartupCost = startup
	path.TotalCost = startup + run
}

// CostAggGrouped sets the cost of a sorted or hashed Agg (PG: cost_agg),
// with HAVING quals and the output target list.
func CostAggGrouped(p *pathnodes.CostParams, path *pathnodes.Base, hashed bool, ac AggCosts, numGroupCols int, numGroups, inputStartup, inputTotal, inputTuples float64, inputWidth int, having []nodes.Expr, target []*nodes.TargetEntry, havingSel float64) {
	var startup, total float64
	if hashed {
		startup = inputTotal + ac.TransCost.Startup + ac.TransCost.PerTuple*inputTuples + p.CPUOperatorCost*float64(numGroupCols)*inputTuples
		total = startup + ac.FinalCost.Startup + ac.FinalCost.PerTuple*numGroups + p.CPUTupleCost*numGroups
		ss, st := HashAggSpillCost(p, ac, numGroups, inputTuples, inputWidth)
		startup += ss
		total += st
	} else {
		startup = inputStartup
		total = inputTotal + ac.TransCost.Startup + ac.TransCost.PerTuple*inputTuples + p.CPUOperatorCost*float64(numGroupCols)*inputTuples
		total += ac.FinalCost.Startup + ac.FinalCost.PerTuple*numGroups + p.CPUTupleCost*numGroups
	}
	outputTuples := numGroups
	if len(having) > 0 {
		qc := QualListCost(p, having)
		startup += qc.Startup
		total += qc.Startup + qc.PerTuple*numGroups
		outputTuples = ClampRowEst(numGroups * havingSel)
	}
	tc := TargetCost(p, target)
	path.Rows = outputTuples
	path.StartupCost = startup + tc.Startup
	path.TotalCost = total + tc.Startup + tc.PerTuple*outputTuples
}

// CostGroup sets the cost of a Group or Unique node over sorted input:
// sorted grouping without aggregates, with its HAVING clauses (which keep
// havingSel of the groups) and target list (PG: cost_group, as
// create_group_path calls it, and the Unique costing of
// create_upper_unique_path, without either).
func CostGroup(p *pathnodes.CostParams, path *pathnodes.Base, numGroupCols int, numGroups, inputStartup, inputTotal, inputTuples float64, having []nodes.Expr, target []*nodes.TargetEntry, havingSel float64) {
	startup := inputStartup
	total := inputTotal + p.CPUOperatorCost*inputTuples*float64(numGroupCols)
	outputTuples := numGroups
	if len(having) > 0 {
		qc := QualListCost(p, having)
		startup += qc.Startup
		total += qc.Startup + qc.PerTuple*numGroups
		outputTuples = ClampRowEst(numGroups * havingSel)
	}
	tc := TargetCost(p, target)
	path.Rows = outputTuples
	path.StartupCost = startup + tc.Startup
	path.TotalCost = total + tc.Startup + tc.PerTuple*outputTuples
}

// MergeScanSel are the fractions of a merge join's inputs read before the
// first match and by the time the join ends (PG: the cached results of
// mergejoinscansel, oriented to the join's outer and inner sides).
type MergeScanSel struct {
	OuterStart, OuterEnd, InnerStart, InnerEnd float64
}

// FullMergeScan is the MergeScanSel of a join that reads both inputs whole.
var FullMergeScan = MergeScanSel{OuterEnd: 1, InnerEnd: 1}

// CostMergejoin sets the cost of a merge join with optional explicit sorts
// of its inputs (PG: initial_cost_mergejoin and final_cost_mergejoin).
// otherQuals are the join's clauses besides the merge clauses;
// mergejoinTuples is approx_tuple_count over the merge clauses; sel says
// how much of each input is read; outerUnique says the outer input was
// made unique on the merge keys.
func CostMergejoin(p *pathnodes.CostParams, path *pathnodes.MergePath, otherQuals []nodes.Expr, rows, mergejoinTuples float64, target []*nodes.TargetEntry, extra *JoinCostExtra, sel MergeScanSel, outerUnique bool) {
	outer, inner := path.Outer.PathBase(), path.Inner.PathBase()
	outerPathRows := math.Max(outer.Rows, 1)
	innerPathRows := math.Max(inner.Rows, 1)
	switch path.JoinType {
	case pathnodes.JoinFull:
		sel = FullMergeScan
	case pathnodes.JoinLeft, pathnodes.JoinAnti:
		sel.OuterStart, sel.OuterEnd = 0, 1
	case pathnodes.JoinRight:
		sel.InnerStart, sel.InnerEnd = 0, 1
	}
	outerSkip := math.RoundToEven(outerPathRows * sel.OuterStart)
	innerSkip := math.RoundToEven(innerPathRows * sel.InnerStart)
	outerRows := ClampRowEst(outerPathRows * sel.OuterEnd)
	innerRows := ClampRowEst(innerPathRows * sel.InnerEnd)
	outerStartSel, innerStartSel := outerSkip/outerPathRows, innerSkip/innerPathRows
	outerEndSel, innerEndSel := outerRows/outerPathRows, innerRows/innerPathRows
	var startup, run, innerRun float64
	if path.SortOuter {
		var s pathnodes.Base
		CostSort(p, &s, outer.StartupCost, outer.TotalCost, outerPathRows, outer.Width, -1)
		startup += s.StartupCost + (s.TotalCost-s.StartupCost)*outerStartSel
		run += (s.TotalCost - s.StartupCost) * (outerEndSel - outerStartSel)
	} else {
		startup += outer.StartupCost + (outer.TotalCost-outer.StartupCost)*outerStartSel
		run += (outer.TotalCost - outer.StartupCost) * (outerEndSel - outerStartSel)
	}
	if path.SortInner {
		var s pathnodes.Base
		CostSort(p, &s, inner.StartupCost, inner.TotalCost, innerPathRows, inner.Width, -1)
		startup += s.StartupCost + (s.TotalCost-s.StartupCost)*innerStartSel
		innerRun = (s.TotalCost - s.StartupCost) * (innerEndSel - innerStartSel)
	} else {
		startup += inner.StartupCost + (inner.TotalCost-inner.StartupCost)*innerStartSel
		innerRun = (inner.TotalCost - inner.StartupCost) * (innerEndSel - innerStartSel)
	}
	mergeQual := QualListCost(p, path.MergeClauses)
	qpQual := QualListCost(p, otherQuals)
	// A join that stops at the first match, with every clause a merge
	// clause, never goes back in the inner input.
	path.SkipMarkRestore = stopsAtFirstMatch(path.JoinType, extra) && len(otherQuals) == 0
	rescanned := 0.0
	if !outerUnique && !path.SkipMarkRestore {
		rescanned = math.Max(mergejoinTuples-innerPathRows, 0)
	}
	rescanRatio := 1.0 + rescanned/innerRows
	bareInner := innerRun * rescanRatio
	matInner := innerRun + p.CPUOperatorCost*innerRows*rescanRatio
	path.MaterializeInner = false
	switch {
	case path.SkipMarkRestore:
	case p.EnableMaterial && matInner < bareInner:
		path.MaterializeInner = true
	case !path.SortInner && !supportsMarkRestore(path.Inner):
		path.MaterializeInner = true
	case p.EnableMaterial && path.SortInner && RelationByteSize(innerPathRows, inner.Width) > float64(p.WorkMemKB)*1024:
		path.MaterializeInner = true
	}
	if path.MaterializeInner {
		run += matInner
	} else {
		run += bareInner
	}
	startup += mergeQual.Startup
	startup += mergeQual.PerTuple * (outerSkip + innerSkip*rescanRatio)
	run += mergeQual.PerTuple * ((outerRows - outerSkip) + (innerRows-innerSkip)*rescanRatio)
	startup += qpQual.Startup
	run += (p.CPUTupleCost + qpQual.PerTuple) * mergejoinTuples
	tc := TargetCost(p, target)
	startup += tc.Startup
	run += tc.PerTuple * rows
	path.Rows = rows
	path.StartupCost = startup
	path.TotalCost = startup + run
}

// supportsMarkRestore reports whether a merge join's inner input can go
// back to a marked row by itself (PG: ExecSupportsMarkRestore): sorts,
// index scans and materializations can; joins cannot.
func supportsMarkRestore(p pathnodes.Path) bool {
	switch p.(type) {
	case *pathnodes.SortPath, *pathnodes.MaterialPath, *pathnodes.IndexPath:
		return true
	}
	return false
}
