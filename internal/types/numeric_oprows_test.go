package types

import (
	"math"
	"math/rand"
	"testing"
)

// TestNumericOpRowsMatchesScalarOps checks the vector loop against
// NumericAdd, NumericSub and NumericMul: mixed scales, results past 64
// bits, values held in Big, NaN and infinities, NULLs, and a row list that
// skips rows.
func TestNumericOpRowsMatchesScalarOps(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	big, err := ParseNumeric("123456789012345678901234567890.5")
	if err != nil {
		t.Fatal(err)
	}
	pick := func() Numeric {
		switch rng.Intn(12) {
		case 0:
			return NumericNaNValue
		case 1:
			return NumericPosInfValue
		case 2:
			return NumericNegInfValue
		case 3:
			return big
		case 4:
			return Numeric{Coef: math.MaxInt64 - rng.Int63n(3), Scale: int32(rng.Intn(3))}
		case 5:
			return Numeric{Coef: math.MinInt64 + rng.Int63n(3), Scale: 0}
		}
		return Numeric{Coef: rng.Int63n(2_000_000) - 1_000_000, Scale: int32(rng.Intn(5))}
	}
	const n = 4000
	l, r, out := make([]Numeric, n), make([]Numeric, n), make([]Numeric, n)
	lNull, rNull, outNull := make([]bool, n), make([]bool, n), make([]bool, n)
	var rows []int
	for i := range n {
		l[i], r[i] = pick(), pick()
		lNull[i], rNull[i] = rng.Intn(10) == 0, rng.Intn(10) == 0
		if i%7 != 3 {
			rows = append(rows, i)
		}
	}
	scalar := map[NumericOp]func(a, b Numeric) (Numeric, error){NumericOpAdd: NumericAdd, NumericOpSub: NumericSub, NumericOpMul: NumericMul}
	for op, f := range scalar {
		for i := range out {
			out[i], outNull[i] = Numeric{Coef: 77}, false
		}
		if err := NumericOpRows(op, out, outNull, l, lNull, r, rNull, rows); err != nil {
			t.Fatalf("op %d: %v", op, err)
		}
		for _, i := range rows {
			if lNull[i] || rNull[i] {
				if !outNull[i] {
					t.Fatalf("op %d row %d: NULL operand, non-NULL result", op, i)
				}
				continue
			}
			want, err := f(l[i], r[i])
			if err != nil {
				t.Fatalf("op %d row %d: %v", op, i, err)
			}
			if outNull[i] || out[i].String() != want.String() || NumericCmp(out[i], want) != 0 {
				t.Fatalf("op %d row %d: %s op %s = %s, want %s", op, i, l[i], r[i], out[i], want)
			}
		}
		for i := 3; i < n; i += 7 {
			if out[i].Coef != 77 || outNull[i] {
				t.Fatalf("op %d: row %d, not in the row list, was written", op, i)
			}
		}
	}
}
