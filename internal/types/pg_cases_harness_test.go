// This file runs the PostgreSQL-oracle table tests of pg_cases_test.go:
// input/output, float output, casts, arithmetic, aggregates, binary send and
// receive, the numeric disk format and comparison.

package types

import (
	"encoding/hex"
	"strconv"
	"testing"

	"github.com/loomdb/loomdb/internal/pgerror"
)

type inOutCase struct {
	typ                    T
	in                     string
	out, err, detail, hint string
}

type floatOutCase struct {
	in       string
	isFloat4 bool
	extra    int
	out      string
}

type castCase struct {
	from                   T
	in                     string
	to                     T
	out, err, detail, hint string
}

type numericArithCase struct {
	a, op, b string
	out, err string
}

type intArithCase struct {
	typ      T
	a, op, b string
	out, err string
}

type floatArithCase struct {
	isFloat4 bool
	a, op, b string
	out, err string
}

type aggCase struct {
	fn       string
	typ      T
	vals     []string
	out, err string
}

type sendCase struct {
	typ T
	in  string
	hex string
}

type diskCase struct {
	in  string
	hex string
}

type cmpCase struct {
	typ  T
	a, b string
	want int
}

// errText renders err as "SQLSTATE: message" like psql's verbose output.
func errText(err error) string {
	if err == nil {
		return ""
	}
	pe, ok := pgerror.As(err)
	if !ok {
		return "?????: " + err.Error()
	}
	return pe.Code + ": " + pe.Message
}

func errDetail(err error) (string, string) {
	if pe, ok := pgerror.As(err); ok {
		return pe.Detail, pe.Hint
	}
	return "", ""
}

func checkResult(t *testing.T, what string, got string, err error, out, wantErr, detail, hint string) {
	t.Helper()
	if wantErr != "" {
		if errText(err) != wantErr {
			t.Errorf("%s: error %q, want %q (got value %q)", what, errText(err), wantErr, got)
			return
		}
		d, h := errDetail(err)
		if d != detail || h != hint {
			t.Errorf("%s: detail/hint %q/%q, want %q/%q", what, d, h, detail, hint)
		}
		return
	}
	if err != nil {
		t.Errorf("%s: unexpected error %q, want %q", what, errText(err), out)
		return
	}
	if got != out {
		t.Errorf("%s: got %q, want %q", what, got, out)
	}
}

func TestInOutPG(t *testing.T) {
	for _, c := range inOutCases {
		d, err := In(c.typ, c.in)
		got := ""
		if err == nil {
			got = Out(c.typ, d)
		}
		checkResult(t, FormatType(c.typ)+" "+strconv.Quote(c.in), got, err, c.out, c.err, c.detail, c.hint)
		if err == nil {
			// Output must read back as an equal value.
			d2, err2 := In(c.typ, got)
			if err2 != nil {
				t.Errorf("%s %q: output %q does not read back: %v", FormatType(c.typ), c.in, got, err2)
			} else if Compare(c.typ, d, d2) != 0 {
				t.Errorf("%s %q: output %q reads back as a different value", FormatType(c.typ), c.in, got)
			}
		}
	}
}

func TestFloatOutPG(t *testing.T) {
	for _, c := range floatOutCases {
		var f float64
		var err error
		if c.isFloat4 {
			f, err = InFloat4(c.in)
		} else {
			f, err = InFloat8(c.in)
		}
		if err != nil {
			t.Errorf("%q: %v", c.in, err)
			continue
		}
		if got := OutFloat(f, c.isFloat4, c.extra); got != c.out {
			t.Errorf("OutFloat(%q, float4=%v, extra=%d) = %q, want %q", c.in, c.isFloat4, c.extra, got, c.out)
		}
	}
}

func TestCastPG(t *testing.T) {
	run := func(cases []castCase, explicit bool) {
		for _, c := range cases {
			d, err := In(c.from, c.in)
			if err != nil {
				t.Errorf("input %s %q: %v", FormatType(c.from), c.in, err)
				continue
			}
			r, err := Cast(d, c.from, c.to, explicit)
			got := ""
			if err == nil {
				got = Out(c.to, r)
			}
			what := FormatType(c.from) + " " + strconv.Quote(c.in) + " -> " + FormatType(c.to)
			if !explicit {
				what += " (assignment)"
			}
			checkResult(t, what, got, err, c.out, c.err, c.detail, c.hint)
		}
	}
	run(castCases, true)
	run(assignCases, false)
}

func mustNumeric(t *testing.T, s string) Numeric {
	t.Helper()
	n, err := ParseNumeric(s)
	if err != nil {
		t.Fatalf("ParseNumeric(%q): %v", s, err)
	}
	return n
}

func TestNumericArithPG(t *testing.T) {
	for _, c := range numericArithCases {
		a := mustNumeric(t, c.a)
		var r Numeric
		var err error
		got := ""
		switch c.op {
		case "+":
			r, err = NumericAdd(a, mustNumeric(t, c.b))
		case "-":
			r, err = NumericSub(a, mustNumeric(t, c.b))
		case "*":
			r, err = NumericMul(a, mustNumeric(t, c.b))
		case "/":
			r, err = NumericDiv(a, mustNumeric(t, c.b))
		case "%":
			r, err = NumericMod(a, mustNumeric(t, c.b))
		case "cmp":
			got = strconv.Itoa(NumericCmp(a, mustNumeric(t, c.b)))
		case "round", "trunc":
			s, _ := strconv.Atoi(c.b)
			if c.op == "round" {
				r, err = NumericRound(a, int32(s))
			} else {
				r, err = NumericTrunc(a, int32(s))
			}
		}
		if got == "" && err == nil {
			got = r.String()
		}
		checkResult(t, c.a+" "+c.op+" "+c.b, got, err, c.out, c.err, "", "")
	}
}

func TestIntArithPG(t *testing.T) {
	for _, c := range intArithCases {
		a, err := InInt(c.typ.Oid, c.a)
		if err != nil {
			t.Fatal(err)
		}
		var b int64
		if c.b != "" {
			if b, err = InInt(c.typ.Oid, c.b); err != nil {
				t.Fatal(err)
			}
		}
		var r int64
		switch c.op {
		case "+":
			r, err = IntAdd(a, b, c.typ.Oid)
		case "-":
			r, err = IntSub(a, b, c.typ.Oid)
		case "*":
			r, err = IntMul(a, b, c.typ.Oid)
		case "/":
			r, err = IntDiv(a, b, c.typ.Oid)
		case "%":
			r, err = IntMod(a, b, c.typ.Oid)
		case "u-":
			r, err = IntNeg(a, c.typ.Oid)
		case "u@":
			r, err = IntAbs(a, c.typ.Oid)
		}
		got := ""
		if err == nil {
			got = strconv.FormatInt(r, 10)
		}
		checkResult(t, FormatType(c.typ)+" "+c.a+" "+c.op+" "+c.b, got, err, c.out, c.err, "", "")
	}
}

func TestFloatArithPG(t *testing.T) {
	for _, c := range floatArithCases {
		in := InFloat8
		if c.isFloat4 {
			in = InFloat4
		}
		a, err := in(c.a)
		if err != nil {
			t.Fatal(err)
		}
		b, err := in(c.b)
		if err != nil {
			t.Fatal(err)
		}
		var r float64
		switch c.op {
		case "+":
			r, err = FloatAdd(a, b, c.isFloat4)
		case "-":
			r, err = FloatSub(a, b, c.isFloat4)
		case "*":
			r, err = FloatMul(a, b, c.isFloat4)
		case "/":
			r, err = FloatDiv(a, b, c.isFloat4)
		}
		got := ""
		if err == nil {
			got = OutFloat(r, c.isFloat4, 1)
		}
		checkResult(t, c.a+" "+c.op+" "+c.b, got, err, c.out, c.err, "", "")
	}
}

func TestAggPG(t *testing.T) {
	for _, c := range aggCases {
		// Sum in two halves and combine, as a parallel aggregate does.
		var s1, s2 NumericSum
		var isum int64
		for i, v := range c.vals {
			s := &s1
			if i%2 == 1 {
				s = &s2
			}
			if c.typ.Oid == NumericOid {
				s.Add(mustNumeric(t, v))
			} else {
				iv, err := InInt(c.typ.Oid, v)
				if err != nil {
					t.Fatal(err)
				}
				s.AddInt64(iv)
				isum += iv
			}
		}
		s1.Combine(&s2)
		if s1.Count() != int64(len(c.vals)) {
			t.Errorf("%v: count %d", c.vals, s1.Count())
		}
		var r Numeric
		var err error
		if c.fn == "avg" {
			r, err = NumericAvg(s1.Result(), s1.Count())
		} else {
			r = s1.Result()
		}
		got := ""
		if err == nil {
			got = r.String()
		}
		checkResult(t, c.fn+" "+FormatType(c.typ)+" "+fmtVals(c.vals), got, err, c.out, c.err, "", "")
	}
}

func fmtVals(v []string) string {
	s := ""
	for i, x := range v {
		if i > 0 {
			s += ","
		}
		s += x
	}
	return s
}

func TestSendRecvPG(t *testing.T) {
	for _, c := range sendCases {
		d, err := In(c.typ, c.in)
		if err != nil {
			t.Fatalf("In(%s, %q): %v", FormatType(c.typ), c.in, err)
		}
		b, err := Send(c.typ, d)
		if err != nil {
			t.Errorf("Send(%s, %q): %v", FormatType(c.typ), c.in, err)
			continue
		}
		if got := hex.EncodeToString(b); got != c.hex {
			t.Errorf("Send(%s, %q) = %s, want %s", FormatType(c.typ), c.in, got, c.hex)
		}
		want, _ := hex.DecodeString(c.hex)
		r, err := Recv(c.typ, want)
		if err != nil {
			t.Errorf("Recv(%s, %s): %v", FormatType(c.typ), c.hex, err)
			continue
		}
		if Out(c.typ, r) != Out(c.typ, d) {
			t.Errorf("Recv(%s, %s) = %q, want %q", FormatType(c.typ), c.hex, Out(c.typ, r), Out(c.typ, d))
		}
	}
}

func TestNumericDiskPG(t *testing.T) {
	for _, c := range diskCases {
		n := mustNumeric(t, c.in)
		b := AppendNumericDisk(nil, n)
		if got := hex.EncodeToString(b); got != c.hex {
			t.Errorf("AppendNumericDisk(%s) = %s, want %s", c.in, got, c.hex)
		}
		if NumericDiskSize(n) != len(c.hex)/2 {
			t.Errorf("NumericDiskSize(%s) = %d, want %d", c.in, NumericDiskSize(n), len(c.hex)/2)
		}
		want, _ := hex.DecodeString(c.hex)
		r, err := NumericFromDisk(want)
		if err != nil {
			t.Errorf("NumericFromDisk(%s): %v", c.hex, err)
			continue
		}
		if r.String() != n.String() {
			t.Errorf("NumericFromDisk(%s) = %s, want %s", c.hex, r, n)
		}
	}
}

func TestComparePG(t *testing.T) {
	for _, c := range cmpCases {
		a, err := In(c.typ, c.a)
		if err != nil {
			t.Fatal(err)
		}
		b, err := In(c.typ, c.b)
		if err != nil {
			t.Fatal(err)
		}
		if got := Compare(c.typ, a, b); got != c.want {
			t.Errorf("Compare(%s, %q, %q) = %d, want %d", FormatType(c.typ), c.a, c.b, got, c.want)
		}
		if got := Compare(c.typ, b, a); got != -c.want {
			t.Errorf("Compare(%s, %q, %q) = %d, want %d", FormatType(c.typ), c.b, c.a, got, -c.want)
		}
		if c.want == 0 && Hash(c.typ, a) != Hash(c.typ, b) {
			t.Errorf("Hash(%s): %q and %q are equal but hash differently", FormatType(c.typ), c.a, c.b)
		}
	}
}
