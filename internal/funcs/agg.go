// agg.go defines the aggregates count, sum, avg, min and max (PG: pg_aggregate,
// utils/adt/numeric.c, int8.c, float.c). Each has a combine step so the
// planner may split it into Partial and Finalize Aggregate.

package funcs

import (
	"math"
	"strconv"

	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
	"github.com/loomdb/loomdb/internal/vector"
)

// AggState is one group's running state of one aggregate. It is owned by a
// single goroutine; Combine merges a state produced by another participant.
type AggState interface {
	// Advance adds one non-NULL input (count(*) passes nil for every row).
	Advance(d types.Datum) error
	// Combine merges other, a state of the same aggregate, into the receiver.
	Combine(other AggState) error
	// Final returns the aggregate's result.
	Final() (types.Datum, error)
}

// VectorAdvancer is an AggState that can add a row's value straight from
// a column vector, without boxing it into a Datum: the aggregates of
// analytical queries (count, sum, avg over numbers) add millions of rows.
type VectorAdvancer interface {
	// AdvanceVector adds row r of v, which is not NULL.
	AdvanceVector(v *vector.Vector, r int) error
}

var (
	_ VectorAdvancer = (*countState)(nil)
	_ VectorAdvancer = (*intSumState)(nil)
	_ VectorAdvancer = (*numSumState)(nil)
	_ VectorAdvancer = (*floatState)(nil)
)

// Aggregate describes an aggregate function (a pg_aggregate row).
type Aggregate struct {
	Name    string
	ArgType types.Oid // InvalidOid for count(*)
	Result  types.Oid
	// New returns an empty state. resultType carries the result typmod.
	New func() AggState
	// TransType is PostgreSQL's transition type (aggtranstype); FinalFn
	// and SerialFn say whether PostgreSQL has a final function and a
	// serialize/deserialize pair for it. The planner costs and sizes the
	// split aggregation steps with them.
	TransType types.Oid
	FinalFn   bool
	SerialFn  bool
	// NoCombine marks an aggregate without a combine step, which keeps a
	// query from using partial aggregation.
	NoCombine bool
	// KeepNulls marks an aggregate whose transition function is not
	// strict, so NULL inputs reach its state (array_agg).
	KeepNulls bool
	// TransSpace is pg_aggregate's aggtransspace, the size the planner
	// assumes an internal transition state takes (0: unspecified); TransFn
	// names the transition function, which aggregates with equal
	// arguments and the same TransFn share (PG: find_compatible_trans).
	TransSpace int
	TransFn    string
	// Kind is pg_aggregate's aggkind: 0 or AggKindNormal for ordinary
	// aggregates, AggKindOrderedSet or AggKindHypothetical for those
	// called with WITHIN GROUP, which take NumDirectArgs direct arguments
	// (for hypothetical-set ones, as many as they aggregate) and compute
	// their result with OrderedFinal instead of a state from New.
	Kind          byte
	NumDirectArgs int
	OrderedFinal  OrderedFinal
}

// IsOrderedSet reports whether the aggregate is an ordered-set or
// hypothetical-set aggregate.
func (a *Aggregate) IsOrderedSet() bool {
	return a.Kind == AggKindOrderedSet || a.Kind == AggKindHypothetical
}

// PartialType is the type PostgreSQL gives a Partial Aggregate's output
// column for the aggregate: its transition type, or bytea when that is
// internal and serialized (PG: mark_partial_aggref).
func (a *Aggregate) PartialType() types.Oid {
	if a.TransType == types.InternalOid && a.SerialFn {
		return types.ByteaOid
	}
	return a.TransType
}

// Builtin transition array types (int8[] and float8[]).
const (
	int8ArrayOid   types.Oid = 1016
	float8ArrayOid types.Oid = 1022
)

func registerAgg(name string, arg, result types.Oid, newState func() AggState) {
	var args []types.Oid
	if arg != types.InvalidOid {
		args = []types.Oid{arg}
	}
	a := &Aggregate{Name: name, ArgType: arg, Result: result, New: newState}
	a.TransType, a.FinalFn, a.SerialFn = transInfo(name, arg)
	a.TransFn = name + "_" + strconv.Itoa(int(arg))
	if a.TransType == types.InternalOid {
		// sum and avg of int8 and numeric share one accumulator.
		a.TransFn = "avg_accum_" + strconv.Itoa(int(arg))
		a.TransSpace = 128
		if arg == types.Int8Oid {
			a.TransSpace = 48
		}
	}
	register(&Func{Name: name, Args: args, Result: result, Strict: false, Agg: a})
}

// transInfo returns pg_aggregate's transition type of an aggregate and
// whether it has a final function and serialization functions.
func transInfo(name string, arg types.Oid) (trans types.Oid, final, serial bool) {
	switch name {
	case "count":
		return types.Int8Oid, false, false
	case "sum":
		switch arg {
		case types.Int2Oid, types.Int4Oid:
			return types.Int8Oid, false, false
		case types.Int8Oid, types.NumericOid:
			return types.InternalOid, true, true
		}
		return arg, false, false
	case "avg":
		switch arg {
		case types.IntervalOid:
			return types.InfoOf(types.IntervalOid).ArrayOid, true, false
		case types.Int2Oid, types.Int4Oid:
			return int8ArrayOid, true, false
		case types.Int8Oid, types.NumericOid:
			return types.InternalOid, true, true
		}
		return float8ArrayOid, true, false
	case "bool_and", "bool_or", "every":
		return types.BoolOid, false, false
	}
	return arg, false, false
}

type countState struct{ n int64 }

func (s *countState) Advance(types.Datum) error   { s.n++; return nil }
func (s *countState) Combine(o AggState) error    { s.n += o.(*countState).n; return nil }
func (s *countState) Final() (types.Datum, error) { return s.n, nil }

func (s *countState) AdvanceVector(*vector.Vector, int) error { s.n++; return nil }

// intSumState sums int2/int4 into an int8 result (PG: int4_sum).
type intSumState struct {
	sum int64
	any bool
}

func (s *intSumState) Advance(d types.Datum) error {
	v, err := IntArith('+', types.Int8Oid, s.sum, d.(int64))
	s.sum, s.any = v, true
	return err
}
func (s *intSumState) AdvanceVector(v *vector.Vector, r int) error {
	x, err := IntArith('+', types.Int8Oid, s.sum, v.Ints[r])
	s.sum, s.any = x, true
	return err
}
func (s *intSumState) Combine(o AggState) error {
	x := o.(*intSumState)
	if !x.any {
		return nil
	}
	v, err := IntArith('+', types.Int8Oid, s.sum, x.sum)
	s.sum, s.any = v, true
	return err
}
func (s *intSumState) Final() (types.Datum, error) {
	if !s.any {
		return nil, nil
	}
	return s.sum, nil
}

// numSumState sums or averages integers and numerics exactly (PG: int8_avg_accum, numeric_avg_accum).
type numSumState struct {
	sum   types.NumericSum
	count int64
	avg   bool
	// intAvgScale marks avg over integers, which PG computes in numeric.
}

func (s *numSumState) Advance(d types.Datum) error {
	switch v := d.(type) {
	case int64:
		s.sum.AddInt64(v)
	case types.Numeric:
		s.sum.Add(v)
	}
	s.count++
	return nil
}
func (s *numSumState) AdvanceVector(v *vector.Vector, r int) error {
	if v.Class == types.ClassNumeric {
		s.sum.Add(v.Nums[r])
	} else {
		s.sum.AddInt64(v.Ints[r])
	}
	s.count++
	return nil
}
func (s *numSumState) Combine(o AggState) error {
	x := o.(*numSumState)
	s.sum.Combine(&x.sum)
	s.count += x.count
	return nil
}
func (s *numSumState) Final() (types.Datum, error) {
	if s.count == 0 {
		return nil, nil
	}
	if s.avg {
		return types.NumericAvg(s.sum.Result(), s.count)
	}
	return s.sum.Result(), nil
}

// floatState implements sum and avg over float4/float8. sum adds with
// float4pl/float8pl, so finite inputs that overflow raise an error; avg keeps
// PG's Youngs-Cramer transition values N, Sx, Sxx (PG: float8_accum and
// float8_combine), which also report overflow of Sxx.
type floatState struct {
	n, sx, sxx float64
	avg        bool
	f4         bool
}

func (s *floatState) Advance(d types.Datum) error { return s.add(d.(float64)) }

func (s *floatState) AdvanceVector(v *vector.Vector, r int) error { return s.add(v.Floats[r]) }

func (s *floatState) add(x float64) error {
	if !s.avg {
		t := types.Float8Oid
		if s.f4 {
			t = types.Float4Oid
		}
		if s.n > 0 {
			v, err := FloatArith('+', t, s.sx, x)
			if err != nil {
				return err
			}
			x = v
		}
		s.sx = x
		s.n++
		return nil
	}
	prevN, prevSx := s.n, s.sx
	s.n++
	s.sx += x
	if prevN > 0 {
		tmp := x*s.n - s.sx
		s.sxx += tmp * tmp / (s.n * prevN)
		if math.IsInf(s.sx, 0) || math.IsInf(s.sxx, 0) {
			if !math.IsInf(prevSx, 0) && !math.IsInf(x, 0) {
				return outOfRange("value out of range: overflow")
			}
			s.sxx = math.NaN()
		}
	} else if math.IsNaN(x) || math.IsInf(x, 0) {
		s.sxx = math.NaN()
	}
	return nil
}

func (s *floatState) Combine(o AggState) error {
	x := o.(*floatState)
	switch {
	case x.n == 0:
		return nil
	case s.n == 0:
		*s = *x
		return nil
	}
	if !s.avg {
		t := types.Float8Oid
		if s.f4 {
			t = types.Float4Oid
		}
		v, err := FloatArith('+', t, s.sx, x.sx)
		if err != nil {
			return err
		}
		s.sx = v
		s.n += x.n
		return nil
	}
	n := s.n + x.n
	sx, err := FloatArith('+', types.Float8Oid, s.sx, x.sx)
	if err != nil {
		return err
	}
	tmp := s.sx/s.n - x.sx/x.n
	sxx := s.sxx + x.sxx + s.n*x.n*tmp*tmp/n
	if math.IsInf(sxx, 0) && !math.IsInf(s.sxx, 0) && !math.IsInf(x.sxx, 0) {
		return outOfRange("value out of range: overflow")
	}
	s.n, s.sx, s.sxx = n, sx, sxx
	return nil
}

func (s *floatState) Final() (types.Datum, error) {
	if s.n == 0 {
		return nil, nil
	}
	if s.avg {
		return s.sx / s.n, nil
	}
	return s.sx, nil
}

// minMaxState keeps the least or greatest input.
type minMaxState struct {
	t   types.T
	max bool
	v   types.Datum
}

func (s *minMaxState) Advance(d types.Datum) error {
	if s.v == nil {
		s.v = d
		return nil
	}
	c := types.Compare(s.t, d, s.v)
	if (s.max && c > 0) || (!s.max && c < 0) {
		s.v = d
	}
	return nil
}
func (s *minMaxState) Combine(o AggState) error {
	x := o.(*minMaxState)
	if x.v != nil {
		return s.Advance(x.v)
	}
	return nil
}
func (s *minMaxState) Final() (types.Datum, error) { return s.v, nil }

func init() {
	register(&Func{Name: "count", Result: types.Int8Oid, Agg: &Aggregate{Name: "count", Result: types.Int8Oid, TransType: types.Int8Oid, TransFn: "count_star", New: func() AggState { return &countState{} }}})
	registerAgg("count", types.AnyOid, types.Int8Oid, func() AggState { return &countState{} })
	for _, t := range []types.Oid{types.Int2Oid, types.Int4Oid} {
		registerAgg("sum", t, types.Int8Oid, func() AggState { return &intSumState{} })
		registerAgg("avg", t, types.NumericOid, func() AggState { return &numSumState{avg: true} })
	}
	registerAgg("sum", types.Int8Oid, types.NumericOid, func() AggState { return &numSumState{} })
	registerAgg("sum", types.IntervalOid, types.IntervalOid, func() AggState { return &intervalSumState{} })
	registerAgg("avg", types.IntervalOid, types.IntervalOid, func() AggState { return &intervalSumState{avg: true} })
	registerAgg("avg", types.Int8Oid, types.NumericOid, func() AggState { return &numSumState{avg: true} })
	registerAgg("sum", types.NumericOid, types.NumericOid, func() AggState { return &numSumState{} })
	registerAgg("avg", types.NumericOid, types.NumericOid, func() AggState { return &numSumState{avg: true} })
	registerAgg("sum", types.Float4Oid, types.Float4Oid, func() AggState { return &floatState{f4: true} })
	registerAgg("sum", types.Float8Oid, types.Float8Oid, func() AggState { return &floatState{} })
	registerAgg("avg", types.Float4Oid, types.Float8Oid, func() AggState { return &floatState{avg: true} })
	registerAgg("avg", types.Float8Oid, types.Float8Oid, func() AggState { return &floatState{avg: true} })
	for _, t := range ComparableTypes {
		t := t
		if t == types.BoolOid || t == types.ByteaOid || t == types.NameOid || t == types.CharOid {
			continue
		}
		tt := types.T{Oid: t, Typmod: -1}
		registerAgg("min", t, t, func() AggState { return &minMaxState{t: tt} })
		registerAgg("max", t, t, func() AggState { return &minMaxState{t: tt, max: true} })
	}
	registerAgg("bool_and", types.BoolOid, types.BoolOid, func() AggState { return &boolState{and: true} })
	registerAgg("bool_or", types.BoolOid, types.BoolOid, func() AggState { return &boolState{} })
	registerAgg("every", types.BoolOid, types.BoolOid, func() AggState { return &boolState{and: true} })
	// string_agg has no combine step in PostgreSQL 15.
	for _, t := range []types.Oid{types.TextOid, types.ByteaOid} {
		a := &Aggregate{Name: "string_agg", ArgType: t, Result: t, New: func() AggState { return &stringAggState{} },
			TransType: types.InternalOid, FinalFn: true, NoCombine: true, TransFn: "string_agg_transfn_" + strconv.Itoa(int(t))}
		register(&Func{Name: "string_agg", Args: []types.Oid{t, t}, Result: t, Agg: a})
	}
}

// stringAggState concatenates string_agg's non-NULL values, each but the
// first preceded by the delimiter given with it (none when NULL).
type stringAggState struct {
	b   []byte
	any bool
}

func (s *stringAggState) Advance(d types.Datum) error {
	args := d.([]types.Datum)
	if args[0] == nil {
		return nil
	}
	if s.any && args[1] != nil {
		s.b = append(s.b, args[1].(string)...)
	}
	s.b = append(s.b, args[0].(string)...)
	s.any = true
	return nil
}

func (s *stringAggState) Combine(AggState) error {
	return errNoCombine("string_agg")
}

func (s *stringAggState) Final() (types.Datum, error) {
	if !s.any {
		return nil, nil
	}
	return string(s.b), nil
}

type boolState struct {
	and, any, v bool
}

func (s *boolState) Advance(d types.Datum) error {
	b := d.(bool)
	if !s.any {
		s.v, s.any = b, true
	} else if s.and {
		s.v = s.v && b
	} else {
		s.v = s.v || b
	}
	return nil
}
func (s *boolState) Combine(o AggState) error {
	x := o.(*boolState)
	if x.any {
		return s.Advance(x.v)
	}
	return nil
}
func (s *boolState) Final() (types.Datum, error) {
	if !s.any {
		return nil, nil
	}
	return s.v, nil
}

// intervalSumState sums intervals, and counts them for avg (PG:
// interval_accum, interval_avg).
type intervalSumState struct {
	sum types.Interval
	n   int64
	avg bool
}

func (s *intervalSumState) Advance(d types.Datum) error {
	v, err := types.IntervalAdd(s.sum, d.(types.Interval))
	s.sum = v
	s.n++
	return err
}

func (s *intervalSumState) Combine(o AggState) error {
	x := o.(*intervalSumState)
	v, err := types.IntervalAdd(s.sum, x.sum)
	s.sum = v
	s.n += x.n
	return err
}

func (s *intervalSumState) Final() (types.Datum, error) {
	if s.n == 0 {
		return nil, nil
	}
	if !s.avg {
		return s.sum, nil
	}
	return types.IntervalDiv(s.sum, float64(s.n))
}

// errNoCombine is the error of combining an aggregate that PostgreSQL 15
// gives no combine step; the planner never splits such aggregates.
func errNoCombine(name string) error {
	return pgerror.Internal("%s cannot be combined", name)
}
