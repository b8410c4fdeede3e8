package executor

import (
	"math"
	"math/rand"
	"testing"

	"github.com/loomdb/loomdb/internal/types"
	"github.com/loomdb/loomdb/internal/vector"
)

// TestAbbreviatedKeysAgree checks that wherever two abbreviated sort keys
// differ they order as the full comparison does, for every abbreviated
// class, ascending and descending, NULLS FIRST and LAST, including the
// values whose abbreviations collide or need care: NaN and both zeros,
// numerics of different scales, bpchar trailing spaces, strings sharing
// an 8-byte prefix, and the extremes of int8.
func TestAbbreviatedKeysAgree(t *testing.T) {
	num := func(c int64, s int32) types.Datum { return types.Numeric{Coef: c, Scale: s} }
	cases := []struct {
		typ  types.T
		vals []types.Datum
	}{
		{types.TInt8, []types.Datum{int64(math.MinInt64), int64(-1), int64(0), int64(1), int64(math.MaxInt64), nil}},
		{types.TFloat8, []types.Datum{math.Inf(-1), -1.5, math.Copysign(0, -1), 0.0, 2.25, math.Inf(1), math.NaN(), nil}},
		{types.T{Oid: types.NumericOid, Typmod: -1}, []types.Datum{num(-150, 2), num(-15, 1), num(0, 3), num(10, 1), num(1, 0), num(100, 2), num(101, 2), types.NumericNaNValue, types.NumericPosInfValue, types.NumericNegInfValue, nil}},
		{types.TText, []types.Datum{"", "a", "ab", "abcdefgh", "abcdefghi", "abcdefgi", "b", "\xff", nil}},
		{types.T{Oid: types.BpcharOid, Typmod: 14}, []types.Datum{"a", "a ", "a  ", "ab", "abcdefgh  ", "abcdefghx", " ", "", nil}},
		{types.TBool, []types.Datum{false, true, nil}},
	}
	rng := rand.New(rand.NewSource(1))
	for _, c := range cases {
		v := vector.New(c.typ, 0)
		for i := 0; i < 200; i++ {
			v.Append(c.vals[rng.Intn(len(c.vals))])
		}
		for _, desc := range []bool{false, true} {
			for _, nullsFirst := range []bool{false, true} {
				abbr, ok := abbreviate(v, v.Len(), desc, nullsFirst, nil)
				if !ok {
					t.Fatalf("%v: no abbreviation", c.typ)
				}
				cols := []*vector.Vector{v}
				for a := 0; a < v.Len(); a++ {
					for b := 0; b < v.Len(); b++ {
						if abbr[a] == abbr[b] {
							continue
						}
						want := compareSortKeys([]int{1}, []bool{desc}, []bool{nullsFirst}, cols, a, cols, b)
						got := -1
						if abbr[a] > abbr[b] {
							got = 1
						}
						if want != got {
							t.Fatalf("%v desc=%v nullsFirst=%v: %v vs %v: abbreviations order %d, comparison %d",
								c.typ, desc, nullsFirst, v.Get(a), v.Get(b), got, want)
						}
					}
				}
			}
		}
	}
}
