// orderedset.go defines the ordered-set aggregates percentile_cont,
// percentile_disc and mode, and the hypothetical-set aggregates rank,
// dense_rank, percent_rank and cume_dist, called with WITHIN GROUP (ORDER
// BY ...) (PG: utils/adt/orderedsetaggs.c, pg_aggregate rows of aggkind 'o'
// and 'h').
//
// The executor gathers a group's aggregated arguments, sorts them by the
// WITHIN GROUP keys as it sorts the input of an aggregate with ORDER BY, and
// hands them, with the direct arguments computed once for the group, to the
// aggregate's OrderedFinal. None of them has a combine step, so the planner
// never splits them into Partial and Finalize Aggregate.

package funcs

import (
	"math"

	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

// Aggregate kinds (pg_aggregate.aggkind).
const (
	AggKindNormal       = 'n'
	AggKindOrderedSet   = 'o'
	AggKindHypothetical = 'h'
)

// SortedInput is one group's input to an ordered-set aggregate's final
// step: the rows of its aggregated arguments in WITHIN GROUP order (rows
// whose single aggregated argument is NULL left out, except for
// hypothetical-set aggregates, which keep every row) and that order.
type SortedInput struct {
	Rows [][]types.Datum
	// Types are the aggregated arguments' types.
	Types []types.T
	// Compare orders two rows (or a row and the hypothetical row) as the
	// WITHIN GROUP clause does, NULLs placed as it says.
	Compare func(a, b []types.Datum) int
}

// OrderedFinal computes an ordered-set aggregate's result from a group's
// sorted input and its direct arguments. A group without rows still has
// its direct arguments checked, as in PostgreSQL.
type OrderedFinal func(in *SortedInput, direct []types.Datum) (types.Datum, error)

// registerOrderedSet registers an ordered-set aggregate of kind 'o' or 'h'
// taking direct arguments direct and aggregated arguments aggregated.
func registerOrderedSet(name string, kind byte, direct, aggregated []types.Oid, result types.Oid, variadic bool, final OrderedFinal) {
	transFn := "ordered_set_transition"
	if kind == AggKindHypothetical {
		transFn = "ordered_set_transition_multi"
	}
	a := &Aggregate{Name: name, Result: result, Kind: kind, NumDirectArgs: len(direct), OrderedFinal: final,
		TransType: types.InternalOid, FinalFn: true, NoCombine: true, KeepNulls: kind == AggKindHypothetical, TransFn: transFn,
		New: func() AggState { return noOrderedState{name} }}
	if len(aggregated) == 1 {
		a.ArgType = aggregated[0]
	}
	args := append(append([]types.Oid(nil), direct...), aggregated...)
	register(&Func{Name: name, Args: args, Result: result, Variadic: variadic, Agg: a})
}

// noOrderedState is the state New returns for an ordered-set aggregate,
// whose rows the executor gathers itself; it is never advanced.
type noOrderedState struct{ name string }

func (s noOrderedState) Advance(types.Datum) error { return s.err() }
func (s noOrderedState) Combine(AggState) error    { return s.err() }
func (s noOrderedState) Final() (types.Datum, error) {
	return nil, s.err()
}
func (s noOrderedState) err() error {
	return pgerror.Internal("ordered-set aggregate %s called in non-aggregate context", s.name)
}

func init() {
	f8, iv := types.Float8Oid, types.IntervalOid
	f8a := float8ArrayOid
	ivArr := types.InfoOf(iv).ArrayOid
	registerOrderedSet("percentile_cont", AggKindOrderedSet, []types.Oid{f8}, []types.Oid{f8}, f8, false, percentileCont(float8Lerp))
	registerOrderedSet("percentile_cont", AggKindOrderedSet, []types.Oid{f8}, []types.Oid{iv}, iv, false, percentileCont(intervalLerp))
	registerOrderedSet("percentile_cont", AggKindOrderedSet, []types.Oid{f8a}, []types.Oid{f8}, f8a, false,
		percentileContMulti(types.T{Oid: f8, Typmod: -1}, float8Lerp))
	registerOrderedSet("percentile_cont", AggKindOrderedSet, []types.Oid{f8a}, []types.Oid{iv}, ivArr, false,
		percentileContMulti(types.T{Oid: iv, Typmod: -1}, intervalLerp))
	// percentile_disc and mode take any sortable type (anyelement); the
	// analyzer resolves the result type from the aggregated argument's.
	registerOrderedSet("percentile_disc", AggKindOrderedSet, []types.Oid{f8}, []types.Oid{types.AnyElementOid}, types.AnyElementOid, false, percentileDisc)
	registerOrderedSet("percentile_disc", AggKindOrderedSet, []types.Oid{f8a}, []types.Oid{types.AnyElementOid}, AnyArrayOid, false, percentileDiscMulti)
	registerOrderedSet("mode", AggKindOrderedSet, nil, []types.Oid{types.AnyElementOid}, types.AnyElementOid, false, modeFinal)
	// The hypothetical-set aggregates take VARIADIC "any" direct and
	// aggregated arguments, as many of each.
	anyVar := []types.Oid{types.AnyOid}
	registerOrderedSet("rank", AggKindHypothetical, nil, anyVar, types.Int8Oid, true, func(in *SortedInput, direct []types.Datum) (types.Datum, error) {
		rank, _ := hypotheticalRank(in, direct, false)
		return rank, nil
	})
	registerOrderedSet("percent_rank", AggKindHypothetical, nil, anyVar, f8, true, func(in *SortedInput, direct []types.Datum) (types.Datum, error) {
		rank, n := hypotheticalRank(in, direct, false)
		if n == 0 {
			return 0.0, nil
		}
		return float64(rank-1) / float64(n), nil
	})
	registerOrderedSet("cume_dist", AggKindHypothetical, nil, anyVar, f8, true, func(in *SortedInput, direct []types.Datum) (types.Datum, error) {
		rank, n := hypotheticalRank(in, direct, true)
		return float64(rank) / float64(n+1), nil
	})
	registerOrderedSet("dense_rank", AggKindHypothetical, nil, anyVar, types.Int8Oid, true, hypotheticalDenseRank)
}

// AnyArrayOid is the pseudo-type anyarray, the result of
// percentile_disc(float8[]): an array of the aggregated argument's type.
const AnyArrayOid types.Oid = 2277

// checkPercentile rejects a fraction outside [0, 1] or NaN.
func checkPercentile(p float64) error {
	if p < 0 || p > 1 || math.IsNaN(p) {
		return pgerror.Newf(pgerror.NumericValueOutOfRange, "percentile value %s is not between 0 and 1", formatG(p))
	}
	return nil
}

// lerpFunc interpolates between two adjacent values of a continuous
// percentile, frac of the way from lo to hi.
type lerpFunc func(lo, hi types.Datum, frac float64) (types.Datum, error)

func float8Lerp(lo, hi types.Datum, frac float64) (types.Datum, error) {
	l, h := lo.(float64), hi.(float64)
	return l + frac*(h-l), nil
}

// intervalLerp computes lo + (hi - lo) * frac with interval arithmetic.
func intervalLerp(lo, hi types.Datum, frac float64) (types.Datum, error) {
	l, h := lo.(types.Interval), hi.(types.Interval)
	neg, err := types.IntervalNeg(l)
	if err != nil {
		return nil, err
	}
	diff, err := types.IntervalAdd(h, neg)
	if err != nil {
		return nil, err
	}
	scaled, err := types.IntervalMul(diff, frac)
	if err != nil {
		return nil, err
	}
	return types.IntervalAdd(scaled, l)
}

// percentileCont returns percentile_cont(float8)'s final step: the value
// at fraction p of the sorted input, interpolated between the two nearest
// rows.
func percentileCont(lerp lerpFunc) OrderedFinal {
	return func(in *SortedInput, direct []types.Datum) (types.Datum, error) {
		if direct[0] == nil {
			return nil, nil
		}
		p := direct[0].(float64)
		if err := checkPercentile(p); err != nil {
			return nil, err
		}
		if len(in.Rows) == 0 {
			return nil, nil
		}
		pos := p * float64(len(in.Rows)-1)
		first, second := int(math.Floor(pos)), int(math.Ceil(pos))
		lo := in.Rows[first][0]
		if first == second {
			return lo, nil
		}
		return lerp(lo, in.Rows[second][0], pos-float64(first))
	}
}

// percentileDisc is percentile_disc(float8)'s final step: the first value
// whose position in the sorted input is at least fraction p of it.
func percentileDisc(in *SortedInput, direct []types.Datum) (types.Datum, error) {
	if direct[0] == nil {
		return nil, nil
	}
	p := direct[0].(float64)
	if err := checkPercentile(p); err != nil {
		return nil, err
	}
	if len(in.Rows) == 0 {
		return nil, nil
	}
	return in.Rows[discRow(p, len(in.Rows))][0], nil
}

// discRow returns the 0-based row percentile_disc picks for fraction p of
// n rows: the smallest k with k/n >= p, counting from 1.
func discRow(p float64, n int) int {
	k := int64(math.Ceil(p * float64(n)))
	return int(max(k, 1)) - 1
}

// percentiles reads the fractions of a percentile array, checking each
// that is not NULL.
func percentiles(arr types.Array) error {
	for _, e := range arr.Elems {
		if e != nil {
			if err := checkPercentile(e.(float64)); err != nil {
				return err
			}
		}
	}
	return nil
}

// percentileArray returns the result array of the multi-percentile
// functions: the fractions' shape, with value(i) for each fraction that is
// not NULL and NULL for the others.
func percentileArray(arr types.Array, elem types.T, value func(p float64) (types.Datum, error)) (types.Datum, error) {
	out := types.Array{Elem: elem, Dims: arr.Dims, Lbounds: arr.Lbounds, Elems: make([]types.Datum, len(arr.Elems))}
	for i, e := range arr.Elems {
		if e == nil {
			continue
		}
		v, err := value(e.(float64))
		if err != nil {
			return nil, err
		}
		out.Elems[i] = v
	}
	return out, nil
}

// percentileContMulti returns percentile_cont(float8[])'s final step for
// aggregated values of type elem.
func percentileContMulti(elem types.T, lerp lerpFunc) OrderedFinal {
	return func(in *SortedInput, direct []types.Datum) (types.Datum, error) {
		if len(in.Rows) == 0 || direct[0] == nil {
			return nil, nil
		}
		arr := direct[0].(types.Array)
		if len(arr.Elems) == 0 {
			return types.EmptyArray(elem), nil
		}
		if err := percentiles(arr); err != nil {
			return nil, err
		}
		n := len(in.Rows)
		return percentileArray(arr, elem, func(p float64) (types.Datum, error) {
			pos := p * float64(n-1)
			first, second := int(math.Floor(pos)), int(math.Ceil(pos))
			lo := in.Rows[first][0]
			if first == second {
				return lo, nil
			}
			return lerp(lo, in.Rows[second][0], pos-math.Floor(pos))
		})
	}
}

// percentileDiscMulti is percentile_disc(float8[])'s final step; its result
// is an array of the aggregated argument's type.
func percentileDiscMulti(in *SortedInput, direct []types.Datum) (types.Datum, error) {
	if len(in.Rows) == 0 || direct[0] == nil {
		return nil, nil
	}
	arr := direct[0].(types.Array)
	elem := types.T{Oid: in.Types[0].Oid, Typmod: -1}
	if len(arr.Elems) == 0 {
		return types.EmptyArray(elem), nil
	}
	if err := percentiles(arr); err != nil {
		return nil, err
	}
	return percentileArray(arr, elem, func(p float64) (types.Datum, error) {
		return in.Rows[discRow(p, len(in.Rows))][0], nil
	})
}

// modeFinal is mode()'s final step: the most frequent value, the first in
// sort order among equally frequent ones.
func modeFinal(in *SortedInput, _ []types.Datum) (types.Datum, error) {
	if len(in.Rows) == 0 {
		return nil, nil
	}
	var mode types.Datum
	best := 0
	for i := 0; i < len(in.Rows); {
		j := i + 1
		for j < len(in.Rows) && in.Compare(in.Rows[i], in.Rows[j]) == 0 {
			j++
		}
		if j-i > best {
			mode, best = in.Rows[i][0], j-i
		}
		i = j
	}
	return mode, nil
}

// hypotheticalRank returns the 1-based position the hypothetical row
// (the direct arguments) would take among the group's rows: ahead of its
// peers, or behind them when last is set; and the number of rows.
func hypotheticalRank(in *SortedInput, direct []types.Datum, last bool) (int64, int64) {
	rank := int64(1)
	for _, row := range in.Rows {
		c := in.Compare(row, direct)
		if c < 0 || (last && c == 0) {
			rank++
		}
	}
	return rank, int64(len(in.Rows))
}

// hypotheticalDenseRank is dense_rank's final step: one more than the
// number of distinct rows ahead of the hypothetical row.
func hypotheticalDenseRank(in *SortedInput, direct []types.Datum) (types.Datum, error) {
	rank := int64(1)
	var prev []types.Datum
	for _, row := range in.Rows {
		if in.Compare(row, direct) >= 0 {
			break
		}
		if prev == nil || in.Compare(prev, row) != 0 {
			rank++
		}
		prev = row
	}
	return rank, nil
}
