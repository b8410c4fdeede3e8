// compute.go: per-column statistics from a sample of rows (PG:
// commands/analyze.c's std_typanalyze, compute_scalar_stats,
// compute_distinct_stats and analyze_mcv_list).
//
// The arithmetic follows PostgreSQL step by step, including where its
// intermediate results live in float4 fields (VacAttrStats.stanullfrac and
// stadistinct are float4, so later steps see rounded values), so that the
// same sample gives the same pg_statistic row.

package commands

import (
	"math"
	"slices"

	"github.com/loomdb/loomdb/internal/catalog"
	"github.com/loomdb/loomdb/internal/types"
)

// DefaultStatisticsTarget is default_statistics_target's default.
const DefaultStatisticsTarget = 100

// widthThreshold is WIDTH_THRESHOLD: varlena values wider than this
// (detoasted, header included) are left out of the MCV, distinct-value and
// histogram computations.
const widthThreshold = 1024

// shortVarlenaMax is VARATT_SHORT_MAX: a varlena whose data and 1-byte
// header fit in this many bytes is stored with a 1-byte header.
const shortVarlenaMax = 0x7F

// MinRows returns the number of sample rows a column with statistics
// target statTarget asks for (std_typanalyze's minrows: 300 × target).
func MinRows(statTarget int) int {
	if statTarget < 0 {
		statTarget = DefaultStatisticsTarget
	}
	return 300 * statTarget
}

// float4 rounds as assigning to a float4 field does.
func float4(f float64) float64 { return catalog.RoundFloat4(f) }

// widthInfo says how ANALYZE measures a type's values.
type widthInfo struct {
	typlen     int
	isVarlena  bool // typlen == -1
	isVarwidth bool // typlen < 0
}

func widthInfoOf(t types.T) widthInfo {
	typlen := -1
	if in := types.InfoOf(t.Oid); in != nil {
		typlen = int(in.Len)
	}
	return widthInfo{typlen: typlen, isVarlena: typlen == -1, isVarwidth: typlen < 0}
}

// varlenaSizes returns VARSIZE_ANY of d as stored in a heap tuple (a 1-byte
// header for short values, 4 bytes otherwise; loomdb does not compress or
// move values out of line) and toast_raw_datum_size (data plus a 4-byte
// header).
func varlenaSizes(d types.Datum) (stored, raw int) {
	var n int
	switch v := d.(type) {
	case string:
		n = len(v)
	case types.Numeric:
		n = types.NumericDiskSize(v)
	case []byte:
		n = len(v)
	}
	if n+1 <= shortVarlenaMax {
		return n + 1, n + types.VarHdrSz
	}
	return n + types.VarHdrSz, n + types.VarHdrSz
}

// cstringLen is strlen + 1 of a cstring-like value.
func cstringLen(d types.Datum) int {
	if s, ok := d.(string); ok {
		return len(s) + 1
	}
	return len(types.Out(types.TText, d)) + 1
}

// newStats returns an empty result for a column of type t.
func newStats(t types.T) *catalog.ColumnStats {
	eq, lt, coll := catalog.StatisticsOperators(t)
	return &catalog.ColumnStats{Type: t, EqOp: eq, LtOp: lt, Collation: coll}
}

// ComputeColumnStats computes the statistics of one column from its
// sampled values (nil for NULL), in sample order, i.e. physical order. t
// is the column type, totalRows the estimated number of live rows in the
// table and statTarget the column's statistics target (negative for the
// default). It returns nil when there is nothing to record: no sample rows,
// or a target of 0. Every loomdb type has a btree ordering, so this is
// compute_scalar_stats; types without one use ComputeDistinctStats.
func ComputeColumnStats(values []types.Datum, t types.T, totalRows float64, statTarget int) *catalog.ColumnStats {
	if _, lt, _ := catalog.StatisticsOperators(t); lt == 0 {
		return ComputeDistinctStats(values, t, totalRows, statTarget)
	}
	return computeScalarStats(values, t, totalRows, statTarget)
}

// computeNullOnly fills the statistics of a column whose sample held only
// NULLs: the column is assumed to be entirely NULL.
func computeNullOnly(st *catalog.ColumnStats, wi widthInfo) *catalog.ColumnStats {
	st.NullFrac = 1.0
	if wi.isVarwidth {
		st.Width = 0 // unknown
	} else {
		st.Width = int32(wi.typlen)
	}
	st.Distinct = 0 // unknown
	return st
}

// haasStokes is the Duj1 estimator of the number of distinct values:
// n*d / (n - f1 + f1*n/N), clamped to [d, N] and rounded.
func haasStokes(f1, d int, samplerows, nullCnt int, totalRows, nullfrac float64) float64 {
	n := float64(samplerows - nullCnt)
	N := totalRows * (1.0 - nullfrac)
	var stadistinct float64
	if N > 0 {
		stadistinct = (n * float64(d)) / ((n - float64(f1)) + float64(f1)*n/N)
	}
	if stadistinct < float64(d) {
		stadistinct = float64(d)
	}
	if stadistinct > N {
		stadistinct = N
	}
	return math.Floor(stadistinct + 0.5)
}

type scalarItem struct {
	value types.Datum
	tupno int
}

type mcvItem struct {
	count int // number of duplicates
	first int // values[] index of the first occurrence
}

func computeScalarStats(values []types.Datum, t types.T, totalRows float64, statTarget int) *catalog.ColumnStats {
	if statTarget < 0 {
		statTarget = DefaultStatisticsTarget
	}
	samplerows := len(values)
	if statTarget == 0 || samplerows == 0 {
		return nil
	}
	wi := widthInfoOf(t)
	st := newStats(t)
	numMcv, numBins := statTarget, statTarget
	nullCnt, nonnullCnt, toowideCnt := 0, 0, 0
	totalWidth := 0.0
	items := make([]scalarItem, 0, samplerows)
	for _, d := range values {
		if d == nil {
			nullCnt++
			continue
		}
		nonnullCnt++
		if wi.isVarlena {
			stored, raw := varlenaSizes(d)
			totalWidth += float64(stored)
			if raw > widthThreshold {
				toowideCnt++
				continue
			}
		} else if wi.isVarwidth {
			totalWidth += float64(cstringLen(d))
		}
		items = append(items, scalarItem{value: d, tupno: len(items)})
	}
	width := func() int32 {
		if wi.isVarwidth {
			return int32(totalWidth / float64(nonnullCnt))
		}
		return int32(wi.typlen)
	}
	switch {
	case len(items) == 0 && nonnullCnt > 0:
		// Some non-NULL values, all too wide: assume a unique column.
		st.NullFrac = float4(float64(nullCnt) / float64(samplerows))
		st.Width = width()
		st.Distinct = float4(-1.0 * (1.0 - st.NullFrac))
		return st
	case len(items) == 0:
		return computeNullOnly(st, wi)
	}

	valuesCnt := len(items)
	slices.SortFunc(items, func(a, b scalarItem) int {
		if c := types.Compare(t, a.value, b.value); c != 0 {
			return c
		}
		return a.tupno - b.tupno
	})

	// Scan the values in order: count duplicates, keep the most common in
	// track[] (most common first, ties in value order), and accumulate the
	// ordering correlation.
	track := make([]mcvItem, numMcv)
	trackCnt := 0
	corrXYSum := 0.0
	ndistinct, nmultiple, dupsCnt := 0, 0, 0
	for i := 0; i < valuesCnt; i++ {
		corrXYSum += float64(i) * float64(items[i].tupno)
		dupsCnt++
		if i+1 < valuesCnt && types.Compare(t, items[i].value, items[i+1].value) == 0 {
			continue
		}
		// End of a group of duplicates.
		ndistinct++
		if dupsCnt > 1 {
			nmultiple++
			if trackCnt < numMcv || dupsCnt > track[trackCnt-1].count {
				if trackCnt < numMcv {
					trackCnt++
				}
				j := trackCnt - 1
				for ; j > 0; j-- {
					if dupsCnt <= track[j-1].count {
						break
					}
					track[j] = track[j-1]
				}
				track[j] = mcvItem{count: dupsCnt, first: i + 1 - dupsCnt}
			}
		}
		dupsCnt = 0
	}

	st.NullFrac = float4(float64(nullCnt) / float64(samplerows))
	st.Width = width()
	switch {
	case nmultiple == 0:
		// No repeated values: assume a unique column.
		st.Distinct = float4(-1.0 * (1.0 - st.NullFrac))
	case toowideCnt == 0 && nmultiple == ndistinct:
		// Every value appeared more than once: assume these are all.
		st.Distinct = float4(float64(ndistinct))
	default:
		f1 := ndistinct - nmultiple + toowideCnt
		d := f1 + nmultiple
		st.Distinct = float4(haasStokes(f1, d, samplerows, nullCnt, totalRows, st.NullFrac))
	}
	// A distinct count above 10% of the rows scales with the table.
	if st.Distinct > 0.1*totalRows {
		st.Distinct = float4(-(st.Distinct / totalRows))
	}

	// How many values are worth storing as most common values: all of
	// them when the list is complete, else only those significantly more
	// common than the rest.
	if trackCnt == ndistinct && toowideCnt == 0 && st.Distinct > 0 && trackCnt <= numMcv {
		numMcv = trackCnt
	} else {
		if numMcv > trackCnt {
			numMcv = trackCnt
		}
		if numMcv > 0 {
			counts := make([]int, numMcv)
			for i := range counts {
				counts[i] = track[i].count
			}
			numMcv = analyzeMcvList(counts, st.Distinct, st.NullFrac, samplerows, totalRows)
		}
	}
	if numMcv > 0 {
		st.MCV = make([]types.Datum, numMcv)
		st.MCVFreqs = make([]float64, numMcv)
		for i := 0; i < numMcv; i++ {
			st.MCV[i] = items[track[i].first].value
			st.MCVFreqs[i] = float4(float64(track[i].count) / float64(samplerows))
		}
	}

	// A histogram when at least two distinct values are not in the MCV
	// list, over the values left after taking the MCVs out.
	numHist := ndistinct - numMcv
	if numHist > numBins {
		numHist = numBins + 1
	}
	if numHist >= 2 {
		mcvs := slices.Clone(track[:numMcv])
		slices.SortFunc(mcvs, func(a, b mcvItem) int { return a.first - b.first })
		rest := items
		if numMcv > 0 {
			rest = make([]scalarItem, 0, valuesCnt)
			src, j := 0, 0
			for src < valuesCnt {
				var ncopy int
				if j < numMcv {
					first := mcvs[j].first
					if src >= first {
						src = first + mcvs[j].count
						j++
						continue
					}
					ncopy = first - src
				} else {
					ncopy = valuesCnt - src
				}
				rest = append(rest, items[src:src+ncopy]...)
				src += ncopy
			}
		}
		nvals := len(rest)
		// The i'th bound is rest[i*(nvals-1)/(numHist-1)], computed with
		// separate integral and fractional steps as PostgreSQL does.
		delta := (nvals - 1) / (numHist - 1)
		deltafrac := (nvals - 1) % (numHist - 1)
		pos, posfrac := 0, 0
		st.Histogram = make([]types.Datum, numHist)
		for i := 0; i < numHist; i++ {
			st.Histogram[i] = rest[pos].value
			pos += delta
			posfrac += deltafrac
			if posfrac >= numHist-1 {
				pos++
				posfrac -= numHist - 1
			}
		}
	}

	// The correlation of physical position (tupno) and sorted position.
	if valuesCnt > 1 {
		n := float64(valuesCnt)
		corrXSum := (n - 1) * n / 2.0
		corrX2Sum := (n - 1) * n * (2*n - 1) / 6.0
		st.Correlation = float4((n*corrXYSum - corrXSum*corrXSum) / (n*corrX2Sum - corrXSum*corrXSum))
		st.HasCorrelation = true
	}
	return st
}

// ComputeDistinctStats is compute_distinct_stats, for types with an
// equality operator but no ordering: null fraction, width, MCVs and the
// number of distinct values, found by tracking up to 2×target values.
func ComputeDistinctStats(values []types.Datum, t types.T, totalRows float64, statTarget int) *catalog.ColumnStats {
	if statTarget < 0 {
		statTarget = DefaultStatisticsTarget
	}
	samplerows := len(values)
	if statTarget == 0 || samplerows == 0 {
		return nil
	}
	wi := widthInfoOf(t)
	st := newStats(t)
	numMcv := statTarget
	trackMax := 2 * numMcv
	if trackMax < 10 {
		trackMax = 10
	}
	type trackItem struct {
		value types.Datum
		count int
	}
	track := make([]trackItem, trackMax)
	trackCnt := 0
	nullCnt, nonnullCnt, toowideCnt := 0, 0, 0
	totalWidth := 0.0
	for _, d := range values {
		if d == nil {
			nullCnt++
			continue
		}
		nonnullCnt++
		if wi.isVarlena {
			stored, raw := varlenaSizes(d)
			totalWidth += float64(stored)
			if raw > widthThreshold {
				toowideCnt++
				continue
			}
		} else if wi.isVarwidth {
			totalWidth += float64(cstringLen(d))
		}
		match := false
		firstcount1 := trackCnt
		j := 0
		for ; j < trackCnt; j++ {
			if types.Equal(t, d, track[j].value) {
				match = true
				break
			}
			if j < firstcount1 && track[j].count == 1 {
				firstcount1 = j
			}
		}
		if match {
			track[j].count++
			for j > 0 && track[j].count > track[j-1].count {
				track[j], track[j-1] = track[j-1], track[j]
				j--
			}
		} else {
			if trackCnt < trackMax {
				trackCnt++
			}
			for j = trackCnt - 1; j > firstcount1; j-- {
				track[j] = track[j-1]
			}
			if firstcount1 < trackCnt {
				track[firstcount1] = trackItem{value: d, count: 1}
			}
		}
	}
	if nonnullCnt == 0 {
		return computeNullOnly(st, wi)
	}
	st.NullFrac = float4(float64(nullCnt) / float64(samplerows))
	if wi.isVarwidth {
		st.Width = int32(totalWidth / float64(nonnullCnt))
	} else {
		st.Width = int32(wi.typlen)
	}
	nmultiple, summultiple := 0, 0
	for ; nmultiple < trackCnt; nmultiple++ {
		if track[nmultiple].count == 1 {
			break
		}
		summultiple += track[nmultiple].count
	}
	switch {
	case nmultiple == 0:
		st.Distinct = float4(-1.0 * (1.0 - st.NullFrac))
	case trackCnt < trackMax && toowideCnt == 0 && nmultiple == trackCnt:
		st.Distinct = float4(float64(trackCnt))
	default:
		f1 := nonnullCnt - summultiple
		d := f1 + nmultiple
		st.Distinct = float4(haasStokes(f1, d, samplerows, nullCnt, totalRows, st.NullFrac))
	}
	if st.Distinct > 0.1*totalRows {
		st.Distinct = float4(-(st.Distinct / totalRows))
	}
	if trackCnt < trackMax && toowideCnt == 0 && st.Distinct > 0 && trackCnt <= numMcv {
		numMcv = trackCnt
	} else {
		if numMcv > trackCnt {
			numMcv = trackCnt
		}
		if numMcv > 0 {
			counts := make([]int, numMcv)
			for i := range counts {
				counts[i] = track[i].count
			}
			numMcv = analyzeMcvList(counts, st.Distinct, st.NullFrac, samplerows, totalRows)
		}
	}
	if numMcv > 0 {
		st.MCV = make([]types.Datum, numMcv)
		st.MCVFreqs = make([]float64, numMcv)
		for i := 0; i < numMcv; i++ {
			st.MCV[i] = track[i].value
			st.MCVFreqs[i] = float4(float64(track[i].count) / float64(samplerows))
		}
	}
	return st
}

// analyzeMcvList returns how many of the most common values, whose sample
// counts are mcvCounts (most common first), are significantly more common
// than the values not in the list and so worth keeping (analyze_mcv_list).
func analyzeMcvList(mcvCounts []int, stadistinct, stanullfrac float64, samplerows int, totalrows float64) int {
	numMcv := len(mcvCounts)
	// With the whole table sampled, keep the whole list.
	if float64(samplerows) == totalrows || totalrows <= 1.0 {
		return numMcv
	}
	ndistinctTable := stadistinct
	if ndistinctTable < 0 {
		ndistinctTable = -ndistinctTable * totalrows
	}
	// Drop the least common values while they are not significantly more
	// common than the average non-MCV value would be without them.
	sumcount := 0.0
	for i := 0; i < numMcv-1; i++ {
		sumcount += float64(mcvCounts[i])
	}
	for numMcv > 0 {
		selec := 1.0 - sumcount/float64(samplerows) - stanullfrac
		if selec < 0.0 {
			selec = 0.0
		}
		if selec > 1.0 {
			selec = 1.0
		}
		otherdistinct := ndistinctTable - float64(numMcv-1)
		if otherdistinct > 1 {
			selec /= otherdistinct
		}
		// The lower end of a continuity-corrected Wald interval of the
		// hypergeometric distribution of the value's sample count.
		N := totalrows
		n := float64(samplerows)
		K := N * float64(mcvCounts[numMcv-1]) / n
		variance := n * K * (N - K) * (N - n) / (N * N * (N - 1))
		stddev := math.Sqrt(variance)
		if float64(mcvCounts[numMcv-1]) > selec*float64(samplerows)+2*stddev+0.5 {
			break
		}
		numMcv--
		if numMcv == 0 {
			break
		}
		sumcount -= float64(mcvCounts[numMcv-1])
	}
	return numMcv
}
