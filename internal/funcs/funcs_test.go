// Tests for built-in operators and aggregates: integer and float arithmetic
// with PostgreSQL's overflow, underflow and division errors; LIKE/ILIKE
// (escapes, multibyte text, % and _ edge cases, the escape-at-end rule) and
// like_escape; C-locale lower/upper; and the aggregates count, sum, avg, min,
// max and bool_and/bool_or, whose states combined the parallel way (Partial
// then Finalize) must give the same result as one state. Expected values and
// messages come from PostgreSQL 15.
package funcs

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

func errString(err error) string {
	if err == nil {
		return ""
	}
	pe, ok := pgerror.As(err)
	if !ok {
		return fmt.Sprintf("non-pg error %T: %v", err, err)
	}
	return pe.Code + " " + pe.Message
}

func TestIntArith(t *testing.T) {
	const (
		i2, i4, i8 = types.Int2Oid, types.Int4Oid, types.Int8Oid
		small      = "22003 smallint out of range"
		integer    = "22003 integer out of range"
		bigint     = "22003 bigint out of range"
		div0       = "22012 division by zero"
	)
	cases := []struct {
		op   byte
		t    types.Oid
		a, b int64
		want int64
		err  string
	}{
		{'+', i2, 32767, 1, 0, small},
		{'+', i2, 32766, 1, 32767, ""},
		{'-', i2, -32768, 1, 0, small},
		{'*', i2, -32768, -1, 0, small},
		{'*', i2, 181, 181, 32761, ""},
		{'*', i2, 182, 181, 0, small},
		{'/', i2, -32768, -1, 0, small},
		{'/', i2, 1, 0, 0, div0},
		{'%', i2, -32768, -1, 0, ""},
		{'%', i2, 7, -3, 1, ""},
		{'%', i2, -7, 3, -1, ""},
		{'%', i2, 1, 0, 0, div0},
		{'+', i4, math.MaxInt32, 1, 0, integer},
		{'-', i4, math.MinInt32, 1, 0, integer},
		{'-', i4, 0, math.MinInt32, 0, integer}, // unary minus of INT_MIN
		{'*', i4, 65536, 32768, 0, integer},
		{'*', i4, -65536, 32768, math.MinInt32, ""},
		{'/', i4, math.MinInt32, -1, 0, integer},
		{'/', i4, -7, 2, -3, ""}, // truncates toward zero
		{'/', i4, 7, -2, -3, ""},
		{'/', i4, 5, 0, 0, div0},
		{'%', i4, 5, -1, 0, ""},
		{'%', i4, 1, 0, 0, div0},
		{'+', i8, math.MaxInt64, 1, 0, bigint},
		{'+', i8, math.MinInt64, -1, 0, bigint},
		{'-', i8, math.MinInt64, 1, 0, bigint},
		{'-', i8, math.MaxInt64, -1, 0, bigint},
		{'-', i8, 0, math.MinInt64, 0, bigint},
		{'*', i8, 4611686018427387904, 2, 0, bigint},
		{'*', i8, -4611686018427387904, 2, math.MinInt64, ""},
		{'*', i8, math.MinInt64, -1, 0, bigint},
		{'*', i8, -1, math.MinInt64, 0, bigint},
		{'*', i8, 3037000500, 3037000500, 0, bigint},
		{'*', i8, 0, math.MinInt64, 0, ""},
		{'/', i8, math.MinInt64, -1, 0, bigint},
		{'/', i8, math.MinInt64, 1, math.MinInt64, ""},
		{'%', i8, math.MinInt64, -1, 0, ""},
		{'%', i8, 1, 0, 0, div0},
		{'/', i8, 0, 0, 0, div0},
	}
	for _, c := range cases {
		got, err := IntArith(c.op, c.t, c.a, c.b)
		if e := errString(err); e != c.err || (err == nil && got != c.want) {
			t.Errorf("%s: %d %c %d = %d, %q; want %d, %q", types.FormatTypeBe(c.t), c.a, c.op, c.b, got, e, c.want, c.err)
		}
	}
}

func TestFloatArith(t *testing.T) {
	const (
		f4, f8    = types.Float4Oid, types.Float8Oid
		overflow  = "22003 value out of range: overflow"
		underflow = "22003 value out of range: underflow"
		div0      = "22012 division by zero"
	)
	inf, nan := math.Inf(1), math.NaN()
	f32 := func(x float64) float64 { return float64(float32(x)) }
	cases := []struct {
		op   byte
		t    types.Oid
		a, b float64
		want float64
		err  string
	}{
		{'*', f8, 1e308, 10, 0, overflow},
		{'+', f8, 1e308, 1e308, 0, overflow},
		{'-', f8, -1e308, 1e308, 0, overflow},
		{'*', f8, 1e-308, 1e-308, 0, underflow},
		{'/', f8, 1e-308, 1e308, 0, underflow},
		{'/', f8, 1, 0, 0, div0},
		{'/', f8, 0, 0, 0, div0},
		{'/', f8, -1, 0, 0, div0},
		{'/', f8, nan, 0, nan, ""}, // NaN / 0 is NaN
		{'/', f8, 1, inf, 0, ""},   // no underflow for division by infinity
		{'*', f8, 5, 0, 0, ""},     // no underflow for a zero factor
		{'*', f8, 0, 5, 0, ""},
		{'+', f8, 1e-308, -1e-308, 0, ""}, // no underflow check for + and -
		{'+', f8, inf, 1, inf, ""},        // infinite input: no overflow error
		{'-', f8, inf, inf, nan, ""},
		{'*', f8, inf, 2, inf, ""},
		{'+', f8, 0.1, 0.2, 0.30000000000000004, ""},
		{'+', f4, 3e38, 3e38, 0, overflow},
		{'*', f4, 1e-30, 1e-30, 0, underflow},
		{'*', f4, f32(1e20), f32(1e20), 0, overflow},
		{'/', f4, 1, 0, 0, div0},
		{'/', f4, nan, 0, nan, ""},
		{'+', f4, f32(0.1), f32(0.2), f32(f32(0.1) + f32(0.2)), ""},
		{'/', f4, 1, 3, f32(1.0 / 3), ""},
	}
	for _, c := range cases {
		got, err := FloatArith(c.op, c.t, c.a, c.b)
		e := errString(err)
		same := got == c.want || (math.IsNaN(got) && math.IsNaN(c.want))
		if e != c.err || (err == nil && !same) {
			t.Errorf("%s: %g %c %g = %g, %q; want %g, %q", types.FormatTypeBe(c.t), c.a, c.op, c.b, got, e, c.want, c.err)
		}
	}
}

// callOp runs a registered binary operator on Datums.
func callOp(t *testing.T, name string, left, right types.Oid, a, b types.Datum) (types.Datum, error) {
	t.Helper()
	op := FindOperator(name, left, right)
	if op == nil {
		t.Fatalf("no operator %s(%d, %d)", name, left, right)
	}
	return op.Func.Impl([]types.Datum{a, b})
}

func TestArithOperatorsRegistered(t *testing.T) {
	cases := []struct {
		name   string
		typ    types.Oid
		a, b   types.Datum
		result string
	}{
		{"+", types.Int2Oid, int64(32767), int64(1), "22003 smallint out of range"},
		{"/", types.Int4Oid, int64(1), int64(0), "22012 division by zero"},
		{"%", types.Int8Oid, int64(1), int64(0), "22012 division by zero"},
		{"*", types.Int8Oid, int64(math.MaxInt64), int64(2), "22003 bigint out of range"},
		{"/", types.Float8Oid, 1.0, 0.0, "22012 division by zero"},
		{"*", types.Float4Oid, 3e38, 10.0, "22003 value out of range: overflow"},
		{"-", types.Int4Oid, int64(5), int64(7), "-2"},
		{"/", types.Float8Oid, 1.0, 4.0, "0.25"},
	}
	for _, c := range cases {
		d, err := callOp(t, c.name, c.typ, c.typ, c.a, c.b)
		got := errString(err)
		if err == nil {
			got = types.Out(types.T{Oid: c.typ, Typmod: -1}, d)
		}
		if got != c.result {
			t.Errorf("%v %s %v (%s) = %q, want %q", c.a, c.name, c.b, types.FormatTypeBe(c.typ), got, c.result)
		}
	}
	// Unary minus and abs of the most negative value.
	for _, c := range []struct {
		op   string
		typ  types.Oid
		v    int64
		want string
	}{
		{"-", types.Int4Oid, math.MinInt32, "22003 integer out of range"},
		{"-", types.Int2Oid, math.MinInt16, "22003 smallint out of range"},
		{"@", types.Int2Oid, math.MinInt16, "22003 smallint out of range"},
		{"@", types.Int8Oid, math.MinInt64, "22003 bigint out of range"},
		{"-", types.Int8Oid, 5, "-5"},
	} {
		op := FindOperator(c.op, types.InvalidOid, c.typ)
		if op == nil {
			t.Fatalf("no prefix operator %s %d", c.op, c.typ)
		}
		d, err := op.Func.Impl([]types.Datum{c.v})
		got := errString(err)
		if err == nil {
			got = types.Out(types.T{Oid: c.typ, Typmod: -1}, d)
		}
		if got != c.want {
			t.Errorf("%s(%d) = %q, want %q", c.op, c.v, got, c.want)
		}
	}
}

const likeEscErr = "22025 LIKE pattern must not end with escape character"

func TestLike(t *testing.T) {
	// text, pattern, LIKE, ILIKE: PostgreSQL 15 with a C-locale UTF8 database.
	cases := []struct{ s, p, like, ilike string }{
		{"abc", "abc", "t", "t"},
		{"abc", "ab", "f", "f"},
		{"abc", "abcd", "f", "f"},
		{"abc", "a%", "t", "t"},
		{"abc", "%c", "t", "t"},
		{"abc", "%b%", "t", "t"},
		{"abc", "a_c", "t", "t"},
		{"abc", "a__c", "f", "f"},
		{"abc", "___", "t", "t"},
		{"abc", "____", "f", "f"},
		{"abc", "%", "t", "t"},
		{"", "%", "t", "t"},
		{"", "_", "f", "f"},
		{"", "", "t", "t"},
		{"abc", "", "f", "f"},
		{"abc", "%%%", "t", "t"},
		{"abc", "a%%%c", "t", "t"},
		{"héllo", "h_llo", "t", "t"},
		{"héllo", "h__llo", "f", "f"},
		{"héllo", "%é%", "t", "t"},
		{"héllo", "%e%", "f", "f"},
		{"日本語", "日_語", "t", "t"},
		{"日本語", "___", "t", "t"},
		{"日本語", "%語", "t", "t"},
		{"a%b", `a\%b`, "t", "t"},
		{"axb", `a\%b`, "f", "f"},
		{"a_b", `a\_b`, "t", "t"},
		{"axb", `a\_b`, "f", "f"},
		{`a\b`, `a\\b`, "t", "t"},
		{"abc", `a\bc`, "t", "t"},
		{"abc", `x\`, "f", "f"},
		{"abc", `abc\`, "f", "f"}, // text ends first: no error
		{"abc", `%\`, likeEscErr, likeEscErr},
		{"", `%\`, "f", "f"},
		{"ab", `a\`, likeEscErr, likeEscErr},
		{"a", `%\`, likeEscErr, likeEscErr},
		{"abc", "%_", "t", "t"},
		{"abc", "_%_%_", "t", "t"},
		{"ab", "_%_%_", "f", "f"},
		{"abcabc", "%abc", "t", "t"},
		{"abcab", "%abc", "f", "f"},
		{"aXbXc", "a%b%c", "t", "t"},
		{"mississippi", "%iss%ipp%", "t", "t"},
		{"mississippi", "%iss%ipx%", "f", "f"},
		{"ABC", "abc", "f", "t"},
		{"abc", "A%C", "f", "t"},
		// ILIKE folds ASCII only under the C locale.
		{"ÉCOLE", "école", "f", "f"},
		{"École", "école", "f", "f"},
		{"ÉCOLE", "École", "f", "t"},
	}
	for _, c := range cases {
		for _, ci := range []bool{false, true} {
			m, err := Like(c.s, c.p, ci)
			got := errString(err)
			if err == nil {
				got = map[bool]string{true: "t", false: "f"}[m]
			}
			want := c.like
			if ci {
				want = c.ilike
			}
			if got != want {
				t.Errorf("Like(%q, %q, ci=%v) = %s, want %s", c.s, c.p, ci, got, want)
			}
		}
	}
}

func TestLikeOperators(t *testing.T) {
	// The registered operators, including negation; a bpchar's trailing
	// blanks take part, as in PostgreSQL's bpcharlike.
	cases := []struct {
		op    string
		left  types.Oid
		s, p  string
		want  string
		isErr bool
	}{
		{"~~", types.TextOid, "abc", "a%", "t", false},
		{"!~~", types.TextOid, "abc", "a%", "f", false},
		{"~~*", types.TextOid, "ABC", "a%", "t", false},
		{"!~~*", types.TextOid, "ABC", "x%", "t", false},
		{"~~", types.BpcharOid, "ab   ", "ab", "f", false},
		{"~~", types.BpcharOid, "ab   ", "ab   ", "t", false},
		{"~~*", types.BpcharOid, "ab   ", "AB%", "t", false},
		{"~~", types.TextOid, "ab   ", "ab", "f", false},
		{"!~~", types.TextOid, "ab", `a\`, likeEscErr, true},
	}
	for _, c := range cases {
		d, err := callOp(t, c.op, c.left, types.TextOid, c.s, c.p)
		got := errString(err)
		if err == nil {
			got = types.Out(types.TBool, d)
		}
		if got != c.want {
			t.Errorf("%q %s %q = %s, want %s", c.s, c.op, c.p, got, c.want)
		}
	}
}

// TestLikeNoBacktrackingBlowup checks the LIKE_ABORT rule: once the text
// runs out under a %, no later start is tried, so patterns with many %s
// stay linear-ish instead of exponential.
func TestLikeNoBacktrackingBlowup(t *testing.T) {
	text := strings.Repeat("a", 200)
	pat := strings.Repeat("%a", 30) + "%b"
	done := make(chan bool, 1)
	go func() {
		m, err := Like(text, pat, false)
		done <- m || err != nil
	}()
	select {
	case bad := <-done:
		if bad {
			t.Error("pattern matched or failed")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("LIKE backtracked exponentially")
	}
}

func TestLikeEscape(t *testing.T) {
	cases := []struct{ pat, esc, want, err string }{
		{`a\b`, "", `a\\b`, ""},
		{`a\b`, "#", `a\\b`, ""},
		{`#%a\`, "#", `\%a\\`, ""},
		{"##", "#", `\#`, ""},
		{`#\`, "#", `\\`, ""},
		{"ab#", "#", `ab\`, ""}, // a trailing escape is not an error here
		{"a%b", `\`, "a%b", ""},
		{"a_é_b", "é", `a_\_b`, ""},
		{"x", "", "x", ""},
		{"x", "ab", "", "22025 invalid escape string"},
	}
	for _, c := range cases {
		got, err := LikeEscape(c.pat, c.esc)
		if e := errString(err); e != c.err || got != c.want {
			t.Errorf("like_escape(%q, %q) = %q, %q; want %q, %q", c.pat, c.esc, got, e, c.want, c.err)
		}
		if err != nil {
			if pe, _ := pgerror.As(err); pe.Hint != "Escape string must be empty or one character." {
				t.Errorf("hint = %q", pe.Hint)
			}
		}
	}
	// LIKE ... ESCAPE end to end: like_escape then Like.
	for _, c := range []struct{ s, p, esc, want string }{
		{"a%b", "a#%b", "#", "t"},
		{"axb", "a#%b", "#", "f"},
		{`a\b`, `a\b`, "", "t"},
		{"a#b", "a##b", "#", "t"},
		{"ab", "ab#", "#", "f"},
		{"abc", "ab#", "#", likeEscErr},
	} {
		p, err := LikeEscape(c.p, c.esc)
		got := errString(err)
		if err == nil {
			var m bool
			m, err = Like(c.s, p, false)
			got = errString(err)
			if err == nil {
				got = map[bool]string{true: "t", false: "f"}[m]
			}
		}
		if got != c.want {
			t.Errorf("%q LIKE %q ESCAPE %q = %s, want %s", c.s, c.p, c.esc, got, c.want)
		}
	}
}

func TestLowerUpperCLocale(t *testing.T) {
	call := func(name, arg string) string {
		for _, f := range FuncsByName(name) {
			if len(f.Args) == 1 && f.Args[0] == types.TextOid {
				d, err := f.Impl([]types.Datum{arg})
				if err != nil {
					t.Fatal(err)
				}
				return d.(string)
			}
		}
		t.Fatalf("no %s(text)", name)
		return ""
	}
	// PostgreSQL 15, C collation: select lower('ÉCOLE'), upper('école').
	if got := call("lower", "ÉCOLE"); got != "École" {
		t.Errorf("lower('ÉCOLE') = %q, want %q", got, "École")
	}
	if got := call("upper", "école"); got != "éCOLE" {
		t.Errorf("upper('école') = %q, want %q", got, "éCOLE")
	}
	if got := call("lower", "MiXeD 123"); got != "mixed 123" {
		t.Errorf("lower = %q", got)
	}
}

// aggFor returns the aggregate name(arg); InvalidOid selects count(*).
func aggFor(t *testing.T, name string, arg types.Oid) *Aggregate {
	t.Helper()
	for _, f := range FuncsByName(name) {
		if f.Agg == nil {
			continue
		}
		if (arg == types.InvalidOid && len(f.Args) == 0) || (len(f.Args) == 1 && f.Args[0] == arg) {
			return f.Agg
		}
	}
	t.Fatalf("no aggregate %s(%d)", name, arg)
	return nil
}

// runAgg feeds the non-NULL inputs to one state, as the serial Agg does.
func runAgg(a *Aggregate, in []types.Datum) (types.Datum, error) {
	s := a.New()
	for _, d := range in {
		if d == nil && a.ArgType != types.InvalidOid {
			continue // strict transition: NULLs are skipped
		}
		if err := s.Advance(d); err != nil {
			return nil, err
		}
	}
	return s.Final()
}

// runAggParallel splits the inputs round-robin over k partial states (the
// workers) and combines them into a fresh state (the leader's Finalize).
func runAggParallel(a *Aggregate, in []types.Datum, k int) (types.Datum, error) {
	parts := make([]AggState, k)
	for i := range parts {
		parts[i] = a.New()
	}
	for i, d := range in {
		if d == nil && a.ArgType != types.InvalidOid {
			continue
		}
		if err := parts[i%k].Advance(d); err != nil {
			return nil, err
		}
	}
	final := a.New()
	for _, p := range parts {
		if err := final.Combine(p); err != nil {
			return nil, err
		}
	}
	return final.Final()
}

func ints(vs ...int64) []types.Datum {
	out := make([]types.Datum, len(vs))
	for i, v := range vs {
		out[i] = v
	}
	return out
}

func nums(t *testing.T, vs ...string) []types.Datum {
	out := make([]types.Datum, len(vs))
	for i, v := range vs {
		n, err := types.ParseNumeric(v)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = n
	}
	return out
}

func floats(vs ...float64) []types.Datum {
	out := make([]types.Datum, len(vs))
	for i, v := range vs {
		out[i] = v
	}
	return out
}

func TestAggregates(t *testing.T) {
	f32 := func(x float64) float64 { return float64(float32(x)) }
	cases := []struct {
		name string
		arg  types.Oid
		in   []types.Datum
		want string // PostgreSQL 15's output, "NULL", or "ERR code message"
	}{
		{"count", types.InvalidOid, []types.Datum{nil, nil, nil}, "3"},
		{"count", types.InvalidOid, nil, "0"},
		{"count", types.AnyOid, []types.Datum{int64(1), nil, int64(3)}, "2"},
		{"count", types.AnyOid, nil, "0"},
		{"sum", types.Int4Oid, ints(2147483647, 2147483647), "4294967294"},
		{"sum", types.Int4Oid, nil, "NULL"},
		{"sum", types.Int4Oid, []types.Datum{nil, nil}, "NULL"},
		{"sum", types.Int2Oid, ints(32767, 32767, -1), "65533"},
		{"sum", types.Int8Oid, ints(math.MaxInt64, math.MaxInt64, 1), "18446744073709551615"},
		{"sum", types.Int8Oid, ints(-5, 2), "-3"},
		{"sum", types.Int8Oid, nil, "NULL"},
		{"sum", types.NumericOid, nums(t, "1.5", "2.25", "-0.75"), "3.00"},
		{"sum", types.NumericOid, nums(t, "NaN", "1"), "NaN"},
		{"sum", types.Float8Oid, floats(0.1, 0.2), "0.30000000000000004"},
		{"sum", types.Float8Oid, floats(1e308, 1e308), "ERR 22003 value out of range: overflow"},
		{"sum", types.Float8Oid, floats(math.Inf(1), 1), "Infinity"},
		{"sum", types.Float8Oid, floats(math.Inf(1), math.Inf(-1)), "NaN"},
		{"sum", types.Float4Oid, floats(f32(0.1), f32(0.2)), "0.3"},
		{"sum", types.Float4Oid, floats(f32(3e38), f32(3e38)), "ERR 22003 value out of range: overflow"},
		{"avg", types.Int4Oid, ints(1, 2), "1.5000000000000000"},
		{"avg", types.Int4Oid, ints(1, 2, 3), "2.0000000000000000"},
		{"avg", types.Int4Oid, ints(1, 2, 4), "2.3333333333333333"},
		{"avg", types.Int4Oid, ints(1, 1, 1, 1, 1, 1, 1, 2), "1.1250000000000000"},
		{"avg", types.Int2Oid, ints(1, 2, 4), "2.3333333333333333"},
		{"avg", types.Int4Oid, nil, "NULL"},
		{"avg", types.Int8Oid, ints(math.MaxInt64, math.MaxInt64), "9223372036854775807"},
		{"avg", types.Int8Oid, ints(-5, 2), "-1.5000000000000000"},
		{"avg", types.Int8Oid, ints(10, 20, 30), "20.0000000000000000"},
		{"avg", types.NumericOid, nums(t, "1.5", "2.25"), "1.8750000000000000"},
		{"avg", types.NumericOid, nums(t, "1.0", "2.00"), "1.5000000000000000"},
		{"avg", types.NumericOid, nums(t, "1.123456789012345678901", "2"), "1.561728394506172839451"},
		{"avg", types.NumericOid, nums(t, "100000000000000000000000.5", "1"), "50000000000000000000000.8"},
		{"avg", types.NumericOid, nums(t, "0.000001", "0.000002"), "0.000001500000000000000000"},
		{"avg", types.NumericOid, nums(t, "NaN", "1"), "NaN"},
		{"avg", types.Float8Oid, floats(1e308, 1e308), "ERR 22003 value out of range: overflow"},
		{"avg", types.Float8Oid, floats(1e200, -1e200), "ERR 22003 value out of range: overflow"},
		{"avg", types.Float8Oid, floats(math.Inf(1), math.Inf(-1)), "NaN"},
		{"avg", types.Float8Oid, floats(1, 2, 4), "2.3333333333333335"},
		{"avg", types.Float4Oid, floats(1, 2), "1.5"},
		{"avg", types.Float4Oid, floats(f32(3e38), f32(3e38)), "3.0000000054977558e+38"},
		{"min", types.TextOid, []types.Datum{"b", "a", nil, "c"}, "a"},
		{"max", types.TextOid, []types.Datum{"b", "a", nil, "c"}, "c"},
		{"min", types.Int4Oid, ints(5, -3, 7), "-3"},
		{"max", types.Int8Oid, ints(5, -3, 7), "7"},
		{"min", types.Int4Oid, nil, "NULL"},
		{"max", types.Float8Oid, floats(1, math.NaN(), 2), "NaN"}, // NaN sorts above everything
		{"min", types.Float8Oid, floats(1, math.NaN(), math.Inf(-1)), "-Infinity"},
		{"max", types.NumericOid, nums(t, "1.50", "1.5", "-2"), "1.50"},
		{"bool_and", types.BoolOid, []types.Datum{true, nil, false}, "f"},
		{"bool_and", types.BoolOid, []types.Datum{true, true}, "t"},
		{"bool_or", types.BoolOid, []types.Datum{false, nil, true}, "t"},
		{"bool_or", types.BoolOid, []types.Datum{nil}, "NULL"},
		{"every", types.BoolOid, []types.Datum{true, false}, "f"},
	}
	for _, c := range cases {
		a := aggFor(t, c.name, c.arg)
		rt := types.T{Oid: a.Result, Typmod: -1}
		show := func(d types.Datum, err error) string {
			switch {
			case err != nil:
				return "ERR " + errString(err)
			case d == nil:
				return "NULL"
			}
			return types.Out(rt, d)
		}
		label := fmt.Sprintf("%s(%s) over %v", c.name, types.FormatTypeBe(c.arg), c.in)
		if got := show(runAgg(a, c.in)); got != c.want {
			t.Errorf("%s = %s, want %s", label, got, c.want)
		}
		// Partial + Finalize must agree with the serial result (the float
		// sums use inputs whose order does not change the result).
		for _, k := range []int{1, 2, 3, 5} {
			if got := show(runAggParallel(a, c.in, k)); got != c.want {
				t.Errorf("%s with %d partial states = %s, want %s", label, k, got, c.want)
			}
		}
	}
}

func TestAggregateResultTypes(t *testing.T) {
	// PostgreSQL 15: pg_typeof(sum(int4)) = bigint, sum(int2) = bigint,
	// sum(int8) = numeric, avg(int4) = numeric, sum(float4) = real,
	// avg(float4) = double precision.
	cases := []struct {
		name     string
		arg, res types.Oid
	}{
		{"sum", types.Int2Oid, types.Int8Oid},
		{"sum", types.Int4Oid, types.Int8Oid},
		{"sum", types.Int8Oid, types.NumericOid},
		{"sum", types.NumericOid, types.NumericOid},
		{"sum", types.Float4Oid, types.Float4Oid},
		{"sum", types.Float8Oid, types.Float8Oid},
		{"avg", types.Int2Oid, types.NumericOid},
		{"avg", types.Int4Oid, types.NumericOid},
		{"avg", types.Int8Oid, types.NumericOid},
		{"avg", types.Float4Oid, types.Float8Oid},
		{"avg", types.Float8Oid, types.Float8Oid},
		{"count", types.InvalidOid, types.Int8Oid},
		{"min", types.DateOid, types.DateOid},
	}
	for _, c := range cases {
		if a := aggFor(t, c.name, c.arg); a.Result != c.res {
			t.Errorf("%s(%s) returns %s, want %s", c.name, types.FormatTypeBe(c.arg), types.FormatTypeBe(a.Result), types.FormatTypeBe(c.res))
		}
	}
}

// TestAggregateCombineLarge runs sums over many rows split across workers
// and checks the exact totals.
func TestAggregateCombineLarge(t *testing.T) {
	var in []types.Datum
	var want int64
	for i := int64(0); i < 10000; i++ {
		v := i*1000003 - 5000000000
		in = append(in, v)
		want += v
	}
	a := aggFor(t, "sum", types.Int8Oid)
	for _, k := range []int{1, 4, 7} {
		d, err := runAggParallel(a, in, k)
		if err != nil {
			t.Fatal(err)
		}
		if got := types.Out(types.TNumeric, d); got != fmt.Sprint(want) {
			t.Errorf("sum over %d states = %s, want %d", k, got, want)
		}
	}
	cnt := aggFor(t, "count", types.InvalidOid)
	d, err := runAggParallel(cnt, make([]types.Datum, 12345), 4)
	if err != nil || d.(int64) != 12345 {
		t.Errorf("count(*) = %v, %v", d, err)
	}
}
