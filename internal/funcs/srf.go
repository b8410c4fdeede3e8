package funcs

import (
	"math"

	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

// SetIter produces the rows of one call of a set-returning function.
type SetIter interface {
	// Next returns the next value; ok is false after the last.
	Next() (d types.Datum, ok bool, err error)
}

// IntSetIter is a SetIter over integers that can also fill a slice
// directly, sparing a boxed Datum per row.
type IntSetIter interface {
	SetIter
	// NextInts fills dst from the front and returns how many it filled;
	// 0 at the end.
	NextInts(dst []int64) int
}

// SetFunc describes a set-returning function: Start begins a call for
// non-NULL arguments (a NULL argument gives no rows, as the functions are
// strict), and Rows estimates the rows a call with constant arguments
// returns, false when it cannot tell (PG: prorows and the planner support
// function's SupportRequestRows).
type SetFunc struct {
	Start func(args []types.Datum) (SetIter, error)
	Rows  func(args []types.Datum) (float64, bool)
	// Columns are the output columns of a function returning rows of
	// several columns (PG: OUT parameters); their iterators return each
	// row as a []types.Datum. Empty for a function of one column.
	Columns []SetColumn
	// ProRows is the rows a call is estimated to return when Rows cannot
	// tell (PG: prorows); 0 means 1000.
	ProRows float64
	// NonStrict marks a function Start is called with NULL arguments too
	// (string_to_table); for the others a NULL argument gives no rows.
	NonStrict bool
	// StartEnv replaces Start for functions that read the session
	// (pg_show_all_settings).
	StartEnv func(env *Env, args []types.Datum) (SetIter, error)
}

// Begin starts a call with the session environment env (nil:
// DefaultEnv).
func (f *SetFunc) Begin(env *Env, args []types.Datum) (SetIter, error) {
	if f.StartEnv != nil {
		if env == nil {
			env = &DefaultEnv
		}
		return f.StartEnv(env, args)
	}
	return f.Start(args)
}

// SetColumn is an output column of a set-returning function.
type SetColumn struct {
	Name string
	Type types.Oid
}

func errStepZero() error {
	return pgerror.New(pgerror.InvalidParameterValue, "step size cannot equal zero")
}

// intSeries is generate_series over int4 or int8: it stops after the last
// value not past finish, or when the next value would overflow the type.
type intSeries struct {
	cur, finish, step int64
	lo, hi            int64
	done              bool
}

func (s *intSeries) Next() (types.Datum, bool, error) {
	var one [1]int64
	if s.NextInts(one[:]) == 0 {
		return nil, false, nil
	}
	return one[0], true, nil
}

func (s *intSeries) NextInts(dst []int64) int {
	n := 0
	for n < len(dst) && !s.done {
		if (s.step > 0 && s.cur > s.finish) || (s.step < 0 && s.cur < s.finish) {
			s.done = true
			break
		}
		dst[n] = s.cur
		n++
		next := s.cur + s.step
		// Overflow of the type (or of int64 itself) ends the series.
		if next < s.lo || next > s.hi || (s.step > 0) != (next > s.cur) {
			s.done = true
		}
		s.cur = next
	}
	return n
}

// intSeriesRows estimates floor((finish - start + step) / step), PG's
// estimate for constant integer arguments.
func intSeriesRows(args []types.Datum) (float64, bool) {
	for _, a := range args {
		if a == nil {
			return 0, false
		}
	}
	start, finish, step := float64(args[0].(int64)), float64(args[1].(int64)), 1.0
	if len(args) > 2 {
		step = float64(args[2].(int64))
	}
	if step == 0 {
		return 0, false
	}
	return math.Floor((finish - start + step) / step), true
}

func startIntSeries(lo, hi int64) func(args []types.Datum) (SetIter, error) {
	return func(args []types.Datum) (SetIter, error) {
		s := &intSeries{cur: args[0].(int64), finish: args[1].(int64), step: 1, lo: lo, hi: hi}
		if len(args) > 2 {
			s.step = args[2].(int64)
		}
		if s.step == 0 {
			return nil, errStepZero()
		}
		return s, nil
	}
}

// numericSeries is generate_series over numeric; each value is the
// previous plus step, so the scale grows to the step's.
type numericSeries struct {
	cur, finish, step types.Numeric
	sign              int
}

func (s *numericSeries) Next() (types.Datum, bool, error) {
	c := types.NumericCmp(s.cur, s.finish)
	if (s.sign > 0 && c > 0) || (s.sign < 0 && c < 0) {
		return nil, false, nil
	}
	v := s.cur
	next, err := types.NumericAdd(s.cur, s.step)
	if err != nil {
		return nil, false, err
	}
	s.cur = next
	return v, true, nil
}

func startNumericSeries(args []types.Datum) (SetIter, error) {
	s := &numericSeries{cur: args[0].(types.Numeric), finish: args[1].(types.Numeric), step: types.NumericFromInt64(1)}
	if len(args) > 2 {
		s.step = args[2].(types.Numeric)
	}
	for _, c := range []struct {
		what string
		n    types.Numeric
	}{{"start value", s.cur}, {"stop value", s.finish}, {"step size", s.step}} {
		if c.n.IsNaN() {
			return nil, pgerror.Newf(pgerror.InvalidParameterValue, "%s cannot be NaN", c.what)
		}
		if c.n.IsInf(0) {
			return nil, pgerror.Newf(pgerror.InvalidParameterValue, "%s cannot be infinity", c.what)
		}
	}
	s.sign = types.NumericCmp(s.step, types.NumericFromInt64(0))
	if s.sign == 0 {
		return nil, errStepZero()
	}
	return s, nil
}

// timestampSeries is generate_series over timestamps, adding the interval
// step to the previous value each time.
type timestampSeries struct {
	cur, finish int64
	step        types.Interval
	sign        int
	done        bool
}

func (s *timestampSeries) Next() (types.Datum, bool, error) {
	if s.done || (s.sign > 0 && s.cur > s.finish) || (s.sign < 0 && s.cur < s.finish) {
		return nil, false, nil
	}
	v := s.cur
	next, err := types.TimestampPlusInterval(s.cur, s.step)
	if err != nil {
		return nil, false, err
	}
	s.cur = next
	return v, true, nil
}

func startTimestampSeries(args []types.Datum) (SetIter, error) {
	s := &timestampSeries{cur: args[0].(int64), finish: args[1].(int64), step: args[2].(types.Interval)}
	s.sign = types.IntervalCmp(s.step, types.Interval{})
	if s.sign == 0 {
		return nil, errStepZero()
	}
	if s.sign < 0 {
		s.sign = -1
	} else {
		s.sign = 1
	}
	return s, nil
}

func init() {
	i4, i8, num, ts, iv := types.Int4Oid, types.Int8Oid, types.NumericOid, types.TimestampOid, types.IntervalOid
	int4Series := &SetFunc{Start: startIntSeries(math.MinInt32, math.MaxInt32), Rows: intSeriesRows}
	int8Series := &SetFunc{Start: startIntSeries(math.MinInt64, math.MaxInt64), Rows: intSeriesRows}
	numSeries := &SetFunc{Start: startNumericSeries}
	tsSeries := &SetFunc{Start: startTimestampSeries}
	for _, f := range []*Func{
		{Name: "generate_series", Args: []types.Oid{i4, i4}, Result: i4, SRF: int4Series},
		{Name: "generate_series", Args: []types.Oid{i4, i4, i4}, Result: i4, SRF: int4Series},
		{Name: "generate_series", Args: []types.Oid{i8, i8}, Result: i8, SRF: int8Series},
		{Name: "generate_series", Args: []types.Oid{i8, i8, i8}, Result: i8, SRF: int8Series},
		{Name: "generate_series", Args: []types.Oid{num, num}, Result: num, SRF: numSeries},
		{Name: "generate_series", Args: []types.Oid{num, num, num}, Result: num, SRF: numSeries},
		{Name: "generate_series", Args: []types.Oid{ts, ts, iv}, Result: ts, SRF: tsSeries},
	} {
		f.Strict = true
		register(f)
	}
}
