// This file holds hand-written tests: numeric fast and big forms agreeing,
// aggregate overflow, binary and disk robustness, receive errors, dates
// around "now", string typmods, casts and type names. Expected values were
// checked against PostgreSQL 15.

package types

import (
	"encoding/binary"
	"math"
	"math/big"
	"math/rand"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cockroachdb/apd/v3"

	"github.com/loomdb/loomdb/internal/pgerror"
)

// bigForm returns n forced into the apd form, with the given extra trailing
// zeros in its coefficient (exercising Big.Exponent != -Scale).
func bigForm(n Numeric, extra int32) Numeric {
	if n.Form != NumericFinite {
		return n
	}
	c := n.bigCoef()
	c.Mul(c, bigPow10(int64(extra)))
	d := &apd.Decimal{Exponent: -n.Scale - extra}
	if c.Sign() < 0 {
		d.Negative = true
		c.Neg(c)
	}
	d.Coeff.SetMathBigInt(c)
	return Numeric{Scale: n.Scale, Big: d}
}

var numericSamples = []string{
	"0", "0.00", "1", "-1", "1.5", "-1.50", "7", "0.001", "12345.6789", "-0.000000001",
	"9223372036854775807", "-9223372036854775808", "922337203685477580.7", "1e18",
	"99999999999999999999.999", "123456789012345678901234567890.5", "3", "0.3333",
	"NaN", "Infinity", "-Infinity",
}

func TestNumericFastMatchesBig(t *testing.T) {
	type op struct {
		name string
		f    func(a, b Numeric) (Numeric, error)
	}
	ops := []op{
		{"+", NumericAdd}, {"-", NumericSub}, {"*", NumericMul}, {"/", NumericDiv},
		{"%", NumericMod}, {"div", NumericDivTrunc},
	}
	for _, as := range numericSamples {
		for _, bs := range numericSamples {
			a, b := mustNumeric(t, as), mustNumeric(t, bs)
			for _, o := range ops {
				r1, e1 := o.f(a, b)
				r2, e2 := o.f(bigForm(a, 3), bigForm(b, 0))
				if errText(e1) != errText(e2) {
					t.Errorf("%s %s %s: errors %q vs %q", as, o.name, bs, errText(e1), errText(e2))
					continue
				}
				if e1 == nil && r1.String() != r2.String() {
					t.Errorf("%s %s %s: fast %s, big %s", as, o.name, bs, r1, r2)
				}
			}
			if c1, c2 := NumericCmp(a, b), NumericCmp(bigForm(a, 2), bigForm(b, 5)); c1 != c2 {
				t.Errorf("cmp %s %s: %d vs %d", as, bs, c1, c2)
			}
			if NumericCmp(a, b) == 0 && HashNumeric(a) != HashNumeric(bigForm(b, 1)) {
				t.Errorf("hash %s %s differ", as, bs)
			}
		}
		a := mustNumeric(t, as)
		if a.String() != bigForm(a, 4).String() {
			t.Errorf("String %s: %s vs %s", as, a, bigForm(a, 4))
		}
		if AppendNumericDiskString(a) != AppendNumericDiskString(bigForm(a, 4)) {
			t.Errorf("disk %s differs between forms", as)
		}
		s1, _ := Send(TNumeric, a)
		s2, _ := Send(TNumeric, bigForm(a, 1))
		if string(s1) != string(s2) {
			t.Errorf("send %s differs between forms", as)
		}
		if v1, ok1 := a.Int64Round(); ok1 {
			if v2, ok2 := bigForm(a, 3).Int64Round(); !ok2 || v1 != v2 {
				t.Errorf("Int64Round %s: %d vs %d", as, v1, v2)
			}
		}
		if f1, f2 := a.Float64(), bigForm(a, 2).Float64(); f1 != f2 && !(math.IsNaN(f1) && math.IsNaN(f2)) {
			t.Errorf("Float64 %s: %v vs %v", as, f1, f2)
		}
	}
}

func AppendNumericDiskString(n Numeric) string { return string(AppendNumericDisk(nil, n)) }

func TestNumericHashScale(t *testing.T) {
	eq := [][]string{
		{"1.5", "1.50", "1.500000000000000000000000000000"},
		{"0", "0.000", "-0", "-0.00"},
		{"100", "100.00", "1e2"},
		{"123456789012345678901234567890", "123456789012345678901234567890.000"},
		{"NaN", "nan"},
	}
	for _, g := range eq {
		h := HashNumeric(mustNumeric(t, g[0]))
		for _, s := range g[1:] {
			n := mustNumeric(t, s)
			if HashNumeric(n) != h {
				t.Errorf("hash(%s) != hash(%s)", s, g[0])
			}
			if Hash(TNumeric, n) != Hash(TNumeric, mustNumeric(t, g[0])) {
				t.Errorf("Hash(%s) != Hash(%s)", s, g[0])
			}
		}
	}
	if HashNumeric(mustNumeric(t, "1")) == HashNumeric(mustNumeric(t, "10")) {
		t.Error("1 and 10 hash the same")
	}
	if HashFloat64(0) != HashFloat64(math.Copysign(0, -1)) || HashFloat64(math.NaN()) != HashFloat64(-math.NaN()) {
		t.Error("float hash: -0/0 or NaNs differ")
	}
	if Hash(TBpchar, "ab  ") != Hash(TBpchar, "ab") {
		t.Error("bpchar hash sees trailing spaces")
	}
	if Hash(TInt4, int64(7)) != Hash(TInt8, int64(7)) {
		t.Error("int4 and int8 hash differently")
	}
}

// TestNumericStructLiteral checks values built by other packages as
// Numeric{Coef, Scale}.
func TestNumericStructLiteral(t *testing.T) {
	n := Numeric{Coef: 150, Scale: 2}
	if n.String() != "1.50" || Out(TNumeric, n) != "1.50" {
		t.Fatalf("got %s", n)
	}
	if NumericCmp(n, mustNumeric(t, "1.5")) != 0 {
		t.Fatal("1.50 != 1.5")
	}
	r, err := ApplyNumericTypmod(Numeric{Coef: 12345, Scale: 3}, NumericTypmod(5, 2))
	if err != nil || r.String() != "12.35" {
		t.Fatalf("typmod: %v %v", r, err)
	}
	// A negative scale is folded into the coefficient.
	if s := (Numeric{Coef: 15, Scale: -2}).String(); s != "1500" {
		t.Fatalf("negative scale: %s", s)
	}
	// apd NaN/Inf in Big count as specials.
	if s := (Numeric{Big: &apd.Decimal{Form: apd.Infinite, Negative: true}}).String(); s != "-Infinity" {
		t.Fatalf("apd inf: %s", s)
	}
}

func TestNumericMulScaleCap(t *testing.T) {
	a, b := mustNumeric(t, "1.5e-10000"), mustNumeric(t, "1.5e-6383")
	r, err := NumericMul(a, b)
	if err != nil {
		t.Fatal(err)
	}
	s := r.String()
	if r.Scale != NumericDscaleMax || len(s) != 16385 || !strings.HasSuffix(s, "02") {
		t.Fatalf("scale %d len %d suffix %q", r.Scale, len(s), s[len(s)-3:])
	}
	r, err = NumericMul(mustNumeric(t, "1e-10000"), mustNumeric(t, "1e-10000"))
	if err != nil || r.Sign() != 0 || len(r.String()) != 16385 {
		t.Fatalf("tiny product: %v", err)
	}
	// Results beyond 131072 digits before the point overflow.
	big1 := mustNumeric(t, "1e131071")
	if _, err := NumericMul(big1, mustNumeric(t, "10")); errText(err) != "22003: value overflows numeric format" {
		t.Errorf("mul overflow: %v", err)
	}
	if _, err := NumericAdd(mustNumeric(t, "9e131071"), big1); errText(err) != "22003: value overflows numeric format" {
		t.Errorf("add overflow: %v", err)
	}
	if _, err := NumericDiv(big1, mustNumeric(t, "0.1")); errText(err) != "22003: value overflows numeric format" {
		t.Errorf("div overflow: %v", err)
	}
	r, err = NumericDiv(mustNumeric(t, "1e-1000"), mustNumeric(t, "3"))
	if err != nil || len(r.String()) != 1002 {
		t.Errorf("1e-1000/3: %v len %d", err, len(r.String()))
	}
}

func TestNumericSpecialOps(t *testing.T) {
	cases := []struct {
		a, op, b, want string
	}{
		{"7.5", "div", "2", "3"}, {"-7.5", "div", "2", "-3"}, {"Infinity", "div", "2", "Infinity"},
		{"1", "div", "Infinity", "0"}, {"1", "div", "0", "22012: division by zero"},
		{"Infinity", "%", "2", "NaN"}, {"2", "%", "Infinity", "2"}, {"-2", "%", "-Infinity", "-2"},
		{"Infinity", "%", "0", "22012: division by zero"}, {"NaN", "/", "0", "NaN"},
		{"0", "/", "0", "22012: division by zero"}, {"Infinity", "*", "0", "NaN"},
		{"-Infinity", "-", "-Infinity", "NaN"}, {"-Infinity", "+", "Infinity", "NaN"},
		{"Infinity", "/", "-Infinity", "NaN"}, {"Infinity", "/", "-2", "-Infinity"},
	}
	for _, c := range cases {
		a, b := mustNumeric(t, c.a), mustNumeric(t, c.b)
		var r Numeric
		var err error
		switch c.op {
		case "div":
			r, err = NumericDivTrunc(a, b)
		case "%":
			r, err = NumericMod(a, b)
		case "/":
			r, err = NumericDiv(a, b)
		case "*":
			r, err = NumericMul(a, b)
		case "-":
			r, err = NumericSub(a, b)
		case "+":
			r, err = NumericAdd(a, b)
		}
		got := r.String()
		if err != nil {
			got = errText(err)
		}
		if got != c.want {
			t.Errorf("%s %s %s = %s, want %s", c.a, c.op, c.b, got, c.want)
		}
	}
	if s := NumericNeg(mustNumeric(t, "NaN")).String(); s != "NaN" {
		t.Error(s)
	}
	if s := NumericAbs(mustNumeric(t, "-Infinity")).String(); s != "Infinity" {
		t.Error(s)
	}
	if s := NumericNeg(mustNumeric(t, "0.00")).String(); s != "0.00" {
		t.Error(s)
	}
	if s := NumericNeg(mustNumeric(t, "-9223372036854775808")).String(); s != "9223372036854775808" {
		t.Error(s)
	}
}

func TestNumericSumOverflow(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for trial := 0; trial < 50; trial++ {
		var s NumericSum
		ref := new(big.Rat)
		parts := []*NumericSum{{}, {}, {}}
		for i := 0; i < 200; i++ {
			var n Numeric
			switch rng.Intn(5) {
			case 0:
				n = Numeric{Coef: math.MaxInt64 - rng.Int63n(1000), Scale: int32(rng.Intn(3))}
			case 1:
				n = Numeric{Coef: math.MinInt64 + rng.Int63n(1000), Scale: int32(rng.Intn(25))}
			case 2:
				n = Numeric{Coef: rng.Int63n(1000000) - 500000, Scale: int32(rng.Intn(6))}
			case 3:
				n = mustNumeric(t, "123456789012345678901234567890.12")
			default:
				n = Numeric{Coef: rng.Int63(), Scale: 30}
			}
			s.Add(n)
			parts[i%3].Add(n)
			r, _ := new(big.Rat).SetString(n.String())
			ref.Add(ref, r)
		}
		parts[0].Combine(parts[1])
		parts[0].Combine(parts[2])
		for _, got := range []Numeric{s.Result(), parts[0].Result()} {
			r, _ := new(big.Rat).SetString(got.String())
			if r.Cmp(ref) != 0 {
				t.Fatalf("trial %d: sum %s, want %s", trial, got, ref.FloatString(40))
			}
		}
		if s.Result().String() != parts[0].Result().String() {
			t.Fatalf("combined %s, serial %s", parts[0].Result(), s.Result())
		}
	}
	// int8 sums past int128 never happen, but past int64 they do.
	var s NumericSum
	for i := 0; i < 4; i++ {
		s.AddInt64(math.MaxInt64)
	}
	if got := s.Result().String(); got != "36893488147419103228" {
		t.Fatalf("got %s", got)
	}
	avg, err := NumericAvg(s.Result(), s.Count())
	if err != nil || avg.String() != "9223372036854775807" {
		t.Fatalf("avg %s %v", avg, err)
	}
	var empty NumericSum
	if empty.Count() != 0 || empty.Result().String() != "0" {
		t.Fatal("empty sum")
	}
}

func TestMulInt128(t *testing.T) {
	cases := []struct {
		hi int64
		lo uint64
		m  uint64
	}{
		{0, 5, 10}, {-1, math.MaxUint64, 10}, {0, math.MaxUint64, math.MaxUint64},
		{math.MaxInt64 / 10, 0, 10}, {math.MinInt64 / 2, 0, 2}, {math.MinInt64 / 2, 0, 3},
		{-1, 1 << 63, 1 << 63},
	}
	for _, c := range cases {
		x := int128ToBig(c.hi, c.lo)
		want := new(big.Int).Mul(x, new(big.Int).SetUint64(c.m))
		hi, lo, ok := mulInt128(c.hi, c.lo, c.m)
		fits := want.BitLen() < 128 || want.Cmp(new(big.Int).Neg(new(big.Int).Lsh(big.NewInt(1), 127))) == 0
		if ok != fits {
			t.Errorf("%v × %d: ok %v, want %v", x, c.m, ok, fits)
			continue
		}
		if ok && int128ToBig(hi, lo).Cmp(want) != 0 {
			t.Errorf("%v × %d = %v, want %v", x, c.m, int128ToBig(hi, lo), want)
		}
	}
}

func TestNumericConversions(t *testing.T) {
	for _, c := range []struct {
		f    float64
		want string
	}{
		{0.1, "0.1"}, {1e20, "100000000000000000000"}, {1.5e-7, "0.00000015"},
		{math.NaN(), "NaN"}, {math.Inf(-1), "-Infinity"}, {123456789012345678, "123456789012346000"},
		{math.Copysign(0, -1), "0"}, {1e-300, "0." + strings.Repeat("0", 299) + "1"},
	} {
		if got := NumericFromFloat64(c.f).String(); got != c.want {
			t.Errorf("NumericFromFloat64(%v) = %s, want %s", c.f, got, c.want)
		}
	}
	if got := NumericFromFloat32(float64(float32(123456789.123))).String(); got != "123457000" {
		t.Errorf("float4: %s", got)
	}
	for _, c := range []struct {
		s    string
		want float64
	}{
		{"0.1", 0.1}, {"1e22", 1e22}, {"123456789012345678901234567890", 1.2345678901234568e29},
		{"-2.5", -2.5}, {"9007199254740993", 9007199254740992},
	} {
		if got := mustNumeric(t, c.s).Float64(); got != c.want {
			t.Errorf("Float64(%s) = %v, want %v", c.s, got, c.want)
		}
	}
	for _, c := range []struct {
		s    string
		want int64
		ok   bool
	}{
		{"2.5", 3, true}, {"-2.5", -3, true}, {"2.4999", 2, true}, {"9223372036854775807.4", math.MaxInt64, true},
		{"9223372036854775807.5", 0, false}, {"-9223372036854775808.4", math.MinInt64, true},
		{"-9223372036854775808.5", 0, false}, {"0.5", 1, true}, {"NaN", 0, false}, {"1e-30", 0, true},
		{"0.00000000000000000005", 0, true}, {"0.5000000000000000000", 1, true},
	} {
		got, ok := mustNumeric(t, c.s).Int64Round()
		if got != c.want || ok != c.ok {
			t.Errorf("Int64Round(%s) = %d, %v; want %d, %v", c.s, got, ok, c.want, c.ok)
		}
	}
	if NumericFromInt64(-42).String() != "-42" {
		t.Error("NumericFromInt64")
	}
}

func TestNumericTypmod(t *testing.T) {
	tm := NumericTypmod(10, 2)
	if tm != 655366 {
		t.Fatalf("typmod %d", tm)
	}
	if p, s, ok := NumericTypmodParts(NumericTypmod(2, -3)); !ok || p != 2 || s != -3 {
		t.Fatalf("parts %d %d %v", p, s, ok)
	}
	if _, _, ok := NumericTypmodParts(-1); ok {
		t.Fatal("-1 is not a typmod")
	}
	n := mustNumeric(t, "1.005")
	if r, _ := ApplyNumericTypmod(n, -1); r.String() != "1.005" {
		t.Fatal("typmod -1 changed the value")
	}
	_, err := ApplyNumericTypmod(mustNumeric(t, "1000"), NumericTypmod(5, 2))
	pe, _ := pgerror.As(err)
	if pe == nil || pe.Code != pgerror.NumericValueOutOfRange || pe.Message != "numeric field overflow" ||
		pe.Detail != "A field with precision 5, scale 2 must round to an absolute value less than 10^3." {
		t.Fatalf("error %+v", pe)
	}
}

func TestStringTypmod(t *testing.T) {
	vc3 := T{VarcharOid, 3 + VarHdrSz}
	bc3 := T{BpcharOid, 3 + VarHdrSz}
	cases := []struct {
		typ      T
		in       string
		explicit bool
		want     string
	}{
		{vc3, "abcd", true, "abc"}, {vc3, "abcd", false, "22001: value too long for type character varying(3)"},
		{vc3, "abc  ", false, "abc"}, {vc3, "ab", false, "ab"}, {vc3, "éééé", true, "ééé"},
		{vc3, "ééé ", false, "ééé"}, {vc3, "éé", false, "éé"},
		{bc3, "a", false, "a  "}, {bc3, "abcd", true, "abc"}, {bc3, "abcd", false, "22001: value too long for type character(3)"},
		{bc3, "abc   ", false, "abc"}, {bc3, "é", true, "é  "}, {bc3, "", false, "   "},
		{TBpchar, "ab  ", false, "ab  "}, {TText, "abcd", false, "abcd"},
	}
	for _, c := range cases {
		got, err := ApplyStringTypmod(c.typ, c.in, c.explicit)
		if err != nil {
			got = errText(err)
		}
		if got != c.want {
			t.Errorf("ApplyStringTypmod(%s, %q, %v) = %q, want %q", FormatType(c.typ), c.in, c.explicit, got, c.want)
		}
	}
	if StringTypmodLen(-1) != -1 || StringTypmodLen(7) != 3 {
		t.Error("StringTypmodLen")
	}
	if BpcharTrim("a b  ") != "a b" {
		t.Error("BpcharTrim")
	}
}

func TestFormatType(t *testing.T) {
	cases := []struct {
		t    T
		want string
	}{
		{TBool, "boolean"}, {T{ByteaOid, -1}, "bytea"}, {TChar, `"char"`}, {TName, "name"},
		{TInt8, "bigint"}, {TInt2, "smallint"}, {T{Int2VectorOid, -1}, "int2vector"},
		{TInt4, "integer"}, {T{RegprocOid, -1}, "regproc"}, {TText, "text"}, {TOid, "oid"},
		{T{OidVectorOid, -1}, "oidvector"}, {TFloat4, "real"}, {TFloat8, "double precision"},
		{TUnknown, "unknown"}, {TBpchar, "bpchar"}, {T{BpcharOid, 7}, "character(3)"},
		{TVarchar, "character varying"}, {T{VarcharOid, 14}, "character varying(10)"},
		{TDate, "date"}, {TNumeric, "numeric"}, {T{NumericOid, 655366}, "numeric(10,2)"},
		{T{NumericOid, 65540}, "numeric(1,0)"}, {T{NumericOid, NumericTypmod(2, -3)}, "numeric(2,-3)"},
		{T{NumericOid, NumericTypmod(5, 7)}, "numeric(5,7)"},
		{TRegclass, "regclass"}, {T{RegtypeOid, -1}, "regtype"}, {T{RegnamespaceOid, -1}, "regnamespace"},
		{T{AnyOid, -1}, `"any"`}, {T{AnyElementOid, -1}, "anyelement"}, {T{VoidOid, -1}, "void"},
		{T{RecordOid, -1}, "record"}, {T{TextArrayOid, -1}, "text[]"}, {T{Int2ArrayOid, -1}, "smallint[]"},
		{T{Int4ArrayOid, -1}, "integer[]"}, {T{OidArrayOid, -1}, "oid[]"}, {T{NameArrayOid, -1}, "name[]"},
		{T{CharArrayOid, -1}, `"char"[]`}, {T{1014, 7}, "character(3)[]"}, {T{1015, 14}, "character varying(10)[]"},
		{T{1231, 655366}, "numeric(10,2)[]"}, {T{1000, -1}, "boolean[]"}, {T{1016, -1}, "bigint[]"},
		{T{1021, -1}, "real[]"}, {T{1022, -1}, "double precision[]"}, {T{1182, -1}, "date[]"},
		{T{1001, -1}, "bytea[]"}, {T{99999, -1}, "???"}, {T{0, -1}, "-"},
	}
	for _, c := range cases {
		if got := FormatType(c.t); got != c.want {
			t.Errorf("FormatType(%v) = %q, want %q", c.t, got, c.want)
		}
	}
	if FormatTypeBe(BpcharOid) != "character" || FormatTypeBe(VarcharOid) != "character varying" {
		t.Error("FormatTypeBe")
	}
}

func TestCastContext(t *testing.T) {
	cases := []struct {
		from, to Oid
		ctx      CoercionContext
		ok       bool
	}{
		{Int4Oid, Int8Oid, CoercionImplicit, true}, {Int8Oid, Int4Oid, CoercionAssignment, true},
		{Int4Oid, BoolOid, CoercionExplicit, true}, {BoolOid, Int4Oid, CoercionExplicit, true},
		{Float8Oid, NumericOid, CoercionAssignment, true}, {NumericOid, Float8Oid, CoercionImplicit, true},
		{DateOid, TextOid, CoercionAssignment, true}, {TextOid, DateOid, CoercionExplicit, true},
		{BoolOid, TextOid, CoercionAssignment, true}, {TextOid, VarcharOid, CoercionImplicit, true},
		{BpcharOid, TextOid, CoercionImplicit, true}, {TextOid, CharOid, CoercionAssignment, true},
		{CharOid, TextOid, CoercionImplicit, true}, {Int4Oid, OidOid, CoercionImplicit, true},
		{OidOid, Int4Oid, CoercionAssignment, true}, {UnknownOid, DateOid, CoercionImplicit, true},
		{DateOid, Int4Oid, 0, false}, {BoolOid, NumericOid, 0, false}, {CharOid, Int8Oid, 0, false},
		{Int4Oid, Int4Oid, CoercionImplicit, true}, {ByteaOid, TextOid, CoercionAssignment, true},
		{NumericOid, BoolOid, 0, false},
	}
	for _, c := range cases {
		ctx, ok := CastContextOf(c.from, c.to)
		if ok != c.ok || ctx != c.ctx {
			t.Errorf("CastContextOf(%s, %s) = %c %v, want %c %v", FormatTypeBe(c.from), FormatTypeBe(c.to), ctx, ok, c.ctx, c.ok)
		}
	}
}

func TestCastSpecial(t *testing.T) {
	// "char" to character copies the raw byte (PostgreSQL does the same).
	for _, c := range []struct {
		in   int64
		want string
	}{{0xff, "\xff"}, {0, "\x00"}, {'x', "x"}} {
		r, err := Cast(c.in, TChar, TBpchar, true)
		if err != nil || r.(string) != c.want {
			t.Errorf("char %d -> bpchar = %q, %v", c.in, r, err)
		}
	}
	if r, err := Cast(nil, TInt4, TText, true); r != nil || err != nil {
		t.Error("NULL cast")
	}
	r, err := Cast("12", TUnknown, TInt4, false)
	if err != nil || r.(int64) != 12 {
		t.Errorf("unknown -> int4: %v %v", r, err)
	}
	_, err = Cast(int64(1), TDate, TInt4, true)
	if errText(err) != "42846: cannot cast type date to integer" {
		t.Errorf("date -> int4: %v", err)
	}
}

func TestDateYMD(t *testing.T) {
	if Date2J(2000, 1, 1) != PostgresEpochJDate || Date2J(1970, 1, 1) != UnixEpochJDate {
		t.Fatal("epochs")
	}
	if Date2J(-4713, 11, 24) != 0 {
		t.Fatalf("JD 0 = %d", Date2J(-4713, 11, 24))
	}
	for d := int64(-2451545); d < 2147483494-2451545; d += 9973 {
		y, m, dd := DateToYMD(d)
		if DateFromYMD(y, m, dd) != d {
			t.Fatalf("round trip %d: %d-%d-%d", d, y, m, dd)
		}
	}
	// Agree with Go's proleptic Gregorian calendar.
	for d := int64(-800000); d < 800000; d += 997 {
		y, m, dd := DateToYMD(d)
		g := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(d))
		if int64(g.Year()) != y || int64(g.Month()) != m || int64(g.Day()) != dd {
			t.Fatalf("day %d: %d-%d-%d, Go says %v", d, y, m, dd, g)
		}
	}
	if OutDate(DateNoBegin) != "-infinity" || OutDate(DateNoEnd) != "infinity" {
		t.Fatal("infinities")
	}
	if OutDate(DateFromYMD(0, 1, 1)) != "0001-01-01 BC" || OutDate(DateFromYMD(12345, 6, 7)) != "12345-06-07" {
		t.Fatal("BC or long years")
	}
}

func TestDateNow(t *testing.T) {
	old := Now
	defer func() { Now = old }()
	Now = func() time.Time { return time.Date(2024, 2, 29, 23, 30, 0, 0, time.UTC) }
	for in, want := range map[string]string{
		"today": "2024-02-29", "tomorrow": "2024-03-01", "yesterday": "2024-02-28", "now": "2024-02-29",
		" TODAY ": "2024-02-29", "today 04:05": "2024-02-29", "today +05": "2024-02-29",
		"2021-01-02 today": "22007: invalid input syntax for type date: \"2021-01-02 today\"",
	} {
		d, err := InDate(in)
		got := OutDate(d)
		if err != nil {
			got = errText(err)
		}
		if got != want {
			t.Errorf("InDate(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestRecvErrors(t *testing.T) {
	num := func(ndigits, weight, sign, dscale uint16, digits ...uint16) []byte {
		b := binary.BigEndian.AppendUint16(nil, ndigits)
		b = binary.BigEndian.AppendUint16(b, weight)
		b = binary.BigEndian.AppendUint16(b, sign)
		b = binary.BigEndian.AppendUint16(b, dscale)
		for _, d := range digits {
			b = binary.BigEndian.AppendUint16(b, d)
		}
		return b
	}
	cases := []struct {
		t    T
		b    []byte
		want string
	}{
		{TInt4, []byte{0, 0, 1}, "08P01: insufficient data left in message"},
		{TInt4, []byte{0, 0, 0, 1, 2}, "22P03: incorrect binary data format"},
		{TBool, nil, "08P01: insufficient data left in message"},
		{TBool, []byte{7}, "t"},
		{TNumeric, num(1, 0, 0x1234, 0, 1), "22P03: invalid sign in external \"numeric\" value"},
		{TNumeric, num(1, 0, 0, 0x4000, 1), "22P03: invalid scale in external \"numeric\" value"},
		{TNumeric, num(1, 0, 0, 0, 10000), "22P03: invalid digit in external \"numeric\" value"},
		{TNumeric, num(1, 0, 0, 0, 0xffff), "22P03: invalid digit in external \"numeric\" value"},
		{TNumeric, num(3001, 0, 0, 0), "22P03: invalid length in external \"numeric\" value"},
		{TNumeric, num(2, 0, 0, 0, 1), "08P01: insufficient data left in message"},
		{TNumeric, []byte{0, 0, 0}, "08P01: insufficient data left in message"},
		{TNumeric, num(1, 0, 0, 0, 1, 2), "22P03: incorrect binary data format"},
		// Digits beyond the display scale are truncated: 1.2345 with dscale 2.
		{TNumeric, num(2, 0, 0, 2, 1, 2345), "1.23"},
		{TNumeric, num(2, 0, 0x4000, 6, 1, 2345), "-1.234500"},
		{TNumeric, num(1, 0xffff, 0, 1, 9999), "0.9"},
		{TNumeric, num(1, 32767, 0, 0, 1), "1" + strings.Repeat("0", 131068)},
		{T{NumericOid, NumericTypmod(3, 1)}, num(1, 1, 0, 0, 1), "22003: numeric field overflow"},
		{TNumeric, num(0, 0, 0xC000, 0), "NaN"},
		{TNumeric, num(0, 0, 0xF000, 32), "-Infinity"},
		{TDate, []byte{0x7f, 0xff, 0xff, 0xfe}, "22008: date out of range"},
		{TDate, []byte{0x7f, 0xff, 0xff, 0xff}, "infinity"},
		{TText, []byte("a\xffb"), "22021: invalid byte sequence for encoding \"UTF8\": 0xff"},
		{TText, []byte("a\xc3"), "22021: invalid byte sequence for encoding \"UTF8\": 0xc3"},
		{TText, []byte("a\xe2\x82x"), "22021: invalid byte sequence for encoding \"UTF8\": 0xe2 0x82 0x78"},
		{TText, []byte("a\x00"), "22021: invalid byte sequence for encoding \"UTF8\": 0x00"},
		{TName, []byte(strings.Repeat("a", 64)), "42622: identifier too long"},
		{TName, []byte(strings.Repeat("a", 63)), strings.Repeat("a", 63)},
		{T{VarcharOid, 3 + VarHdrSz}, []byte("abcd"), "22001: value too long for type character varying(3)"},
		{T{BpcharOid, 3 + VarHdrSz}, []byte("a"), "a  "},
		{T{ByteaOid, -1}, []byte{0, 0xff}, `\x00ff`},
		{TChar, []byte{0xff}, `\377`},
		{TFloat4, []byte{0x3f, 0xc0, 0, 0}, "1.5"},
	}
	for _, c := range cases {
		d, err := Recv(c.t, c.b)
		got := ""
		if err != nil {
			got = errText(err)
		} else {
			got = Out(c.t, d)
		}
		if got != c.want {
			if len(got) > 80 {
				got = got[:80] + "..."
			}
			t.Errorf("Recv(%s, %x) = %q, want %q", FormatType(c.t), c.b, got, c.want)
		}
	}
}

// TestNoPanics feeds random bytes and strings to every decoder.
func TestNoPanics(t *testing.T) {
	rng := rand.New(rand.NewSource(42))
	types := []T{TBool, TInt2, TInt4, TInt8, TOid, TFloat4, TFloat8, TNumeric, TText, TVarchar,
		T{VarcharOid, 5}, TBpchar, T{BpcharOid, 6}, TName, TChar, TDate, T{ByteaOid, -1},
		T{NumericOid, NumericTypmod(5, 2)}, TRegclass, TUnknown}
	alphabet := []byte("0123456789+-.eE xX:/\\TtJjBbCcAaDdNnIiFf_()\t\xc3\xa9\xff,")
	for i := 0; i < 20000; i++ {
		n := rng.Intn(24)
		b := make([]byte, n)
		for j := range b {
			if rng.Intn(3) == 0 {
				b[j] = byte(rng.Intn(256))
			} else {
				b[j] = alphabet[rng.Intn(len(alphabet))]
			}
		}
		typ := types[rng.Intn(len(types))]
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Fatalf("panic on %s %q: %v", FormatType(typ), b, r)
				}
			}()
			if d, err := In(typ, string(b)); err == nil {
				Out(typ, d)
				Send(typ, d)
				Hash(typ, d)
				if typ.Oid == NumericOid {
					AppendNumericDisk(nil, d.(Numeric))
				}
			}
			if d, err := Recv(typ, b); err == nil {
				Out(typ, d)
			}
			NumericFromDisk(b)
			for _, to := range []T{TText, TInt4, TNumeric, TFloat8, TDate, TChar, TName, T{BpcharOid, 6}} {
				if d, err := In(typ, string(b)); err == nil {
					Cast(d, typ, to, rng.Intn(2) == 0)
				}
			}
		}()
	}
	// Random numeric payloads round-trip through the disk format.
	for i := 0; i < 2000; i++ {
		var sb strings.Builder
		if rng.Intn(2) == 0 {
			sb.WriteByte('-')
		}
		for j := rng.Intn(30) + 1; j > 0; j-- {
			sb.WriteByte(byte('0' + rng.Intn(10)))
		}
		if rng.Intn(2) == 0 {
			sb.WriteByte('.')
			for j := rng.Intn(30); j > 0; j-- {
				sb.WriteByte(byte('0' + rng.Intn(10)))
			}
		}
		if rng.Intn(3) == 0 {
			sb.WriteString("e")
			sb.WriteString(string(rune('0' + rng.Intn(10))))
			if rng.Intn(2) == 0 {
				sb.WriteString("0")
			}
		}
		n := mustNumeric(t, sb.String())
		r, err := NumericFromDisk(AppendNumericDisk(nil, n))
		if err != nil || r.String() != n.String() {
			t.Fatalf("disk round trip %s: %v %v", n, r, err)
		}
		b, _ := Send(TNumeric, n)
		d, err := Recv(TNumeric, b)
		if err != nil || d.(Numeric).String() != n.String() {
			t.Fatalf("wire round trip %s: %v %v", n, d, err)
		}
	}
}

func TestShortestLayout(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	adjusted := 0
	defer func() { t.Logf("%d halfway cases", adjusted) }()
	for i := 0; i < 100000; i++ {
		f := math.Float64frombits(rng.Uint64())
		if math.IsNaN(f) || math.IsInf(f, 0) || f == 0 {
			continue
		}
		if rng.Intn(2) == 0 {
			f = (rng.Float64() - 0.5) * math.Pow(10, float64(rng.Intn(24)-8))
		}
		for _, f4 := range []bool{false, true} {
			v, bitSize, maxFixed := f, 64, 15
			if f4 {
				v, bitSize, maxFixed = float64(float32(f)), 32, 6
				if v == 0 || math.IsInf(v, 0) {
					continue
				}
			}
			got := OutFloat(v, f4, 1)
			es := strconv.FormatFloat(v, 'e', -1, bitSize)
			if adj := ryuAdjust(nil, []byte(es), v, f4); string(adj) == es {
				// Not a halfway case: Go's shortest digits, PG's layout.
				e := decimalExp(v, bitSize)
				want := es
				if e >= -4 && e < maxFixed {
					want = strconv.FormatFloat(v, 'f', -1, bitSize)
				}
				if got != want {
					t.Fatalf("OutFloat(%v, %v) = %s, want %s", v, f4, got, want)
				}
			} else {
				adjusted++
			}
			back, err := strconv.ParseFloat(got, bitSize)
			if err != nil || back != v {
				t.Fatalf("%s does not read back as %v", got, v)
			}
		}
	}
}

// TestFloatHalfway checks values whose shortest decimal lies exactly
// halfway to a neighbouring float, which PostgreSQL's Ryu rejects (outputs
// taken from PostgreSQL 15).
func TestFloatHalfway(t *testing.T) {
	cases := []struct {
		in       string
		isFloat4 bool
		want     string
	}{
		{"3.7872972538030397e+18", false, "3.7872972538030397e+18"},
		{"1.3483393938847359e+19", false, "1.3483393938847359e+19"},
		{"1.2338203155402221e+17", false, "1.2338203155402221e+17"},
		{"3.0551260634988083e+17", false, "3.0551260634988083e+17"},
		{"4.2108529775828384e+16", false, "4.2108529775828384e+16"},
		{"7.6511228423853594e+17", false, "7.651122842385359e+17"},
		{"8.2928821510998405e+18", false, "8.292882151099841e+18"},
		{"9.4115483652787208e+19", false, "9.411548365278721e+19"},
		{"8.1552795683056794e+17", false, "8.155279568305679e+17"},
		{"2.4093835204879358e+20", false, "2.4093835204879358e+20"},
		{"-493448946720042346", false, "-4.9344894672004237e+17"},
		{"206261662810791812.52", false, "2.062616628107918e+17"},
		{"-52215268055997553", false, "-5.221526805599755e+16"},
		{"9.9791296e+07", true, "9.9791296e+07"},
		{"99791300", true, "9.9791296e+07"},
	}
	for _, c := range cases {
		v, err := InFloat8(c.in)
		if c.isFloat4 {
			v, err = InFloat4(c.in)
		}
		if err != nil {
			t.Fatal(err)
		}
		if got := OutFloat(v, c.isFloat4, 1); got != c.want {
			t.Errorf("OutFloat(%s) = %s, want %s", c.in, got, c.want)
		}
	}
}

func decimalExp(f float64, bitSize int) int {
	s := strconv.FormatFloat(f, 'e', -1, bitSize)
	e, _ := strconv.Atoi(s[strings.IndexByte(s, 'e')+1:])
	return e
}

func TestRegOut(t *testing.T) {
	for _, typ := range []T{TRegclass, {RegtypeOid, -1}, {RegprocOid, -1}, {RegnamespaceOid, -1}} {
		if Out(typ, int64(0)) != "-" || Out(typ, int64(99999)) != "99999" {
			t.Errorf("%s output", FormatType(typ))
		}
		if d, err := In(typ, "-"); err != nil || d.(int64) != 0 {
			t.Errorf("%s input of -", FormatType(typ))
		}
	}
	if Out(TOid, int64(0)) != "0" {
		t.Error("oid 0")
	}
}

func TestFloatHelpers(t *testing.T) {
	if FloatCmp(math.NaN(), math.Inf(1)) != 1 || FloatCmp(math.NaN(), math.NaN()) != 0 ||
		FloatCmp(math.Copysign(0, -1), 0) != 0 {
		t.Error("FloatCmp")
	}
	if RoundFloat4(0.1) != float64(float32(0.1)) {
		t.Error("RoundFloat4")
	}
	for _, c := range []struct {
		f    float64
		typ  Oid
		want string
	}{
		{2.5, Int4Oid, "2"}, {3.5, Int4Oid, "4"}, {-2.5, Int4Oid, "-2"}, {math.NaN(), Int4Oid, "22003: integer out of range"},
		{2147483647.5, Int4Oid, "22003: integer out of range"}, {-2147483648.4, Int4Oid, "-2147483648"},
		{9223372036854775807, Int8Oid, "22003: bigint out of range"}, {-9223372036854775808, Int8Oid, "-9223372036854775808"},
		{32767.5, Int2Oid, "22003: smallint out of range"},
	} {
		v, err := FloatToInt(c.f, c.typ)
		got := OutInt(v)
		if err != nil {
			got = errText(err)
		}
		if got != c.want {
			t.Errorf("FloatToInt(%v, %d) = %s, want %s", c.f, c.typ, got, c.want)
		}
	}
	if _, err := CheckIntRange(40000, Int2Oid); errText(err) != "22003: smallint out of range" {
		t.Error(err)
	}
	if OutOid(-1) != "4294967295" || OutChar(0) != "" || OutChar(0xc3) != `\303` {
		t.Error("OutOid/OutChar")
	}
	if OutByteaEscape("a\\\x00\xff") != `a\\\000\377` {
		t.Error(OutByteaEscape("a\\\x00\xff"))
	}
}
