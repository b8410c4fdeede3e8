// bitops.go registers the integer bitwise operators & | # ~ << >> and the
// prefix square and cube root operators |/ and ||/ (PG: int.c, int8.c,
// float.c).

package funcs

import (
	"math"

	"github.com/loomdb/loomdb/internal/types"
)

// shiftCount is a shift count as the x86 shift instructions PostgreSQL's C
// shifts compile to see it: modulo the operand's width.
func shiftCount(n int64, bits uint) uint { return uint(n) & (bits - 1) }

// narrow truncates v to the width of t, as C's conversion does.
func narrow(t types.Oid, v int64) int64 {
	switch t {
	case types.Int2Oid:
		return int64(int16(v))
	case types.Int4Oid:
		return int64(int32(v))
	}
	return v
}

func init() {
	for _, t := range []types.Oid{types.Int2Oid, types.Int4Oid, types.Int8Oid} {
		t := t
		name := typeAbbrev(t)
		bin := func(op, suffix string, f func(a, b int64) int64) {
			registerOp(op, t, t, t, name+suffix, func(a []types.Datum) (types.Datum, error) {
				return f(a[0].(int64), a[1].(int64)), nil
			})
		}
		bin("&", "and", func(a, b int64) int64 { return a & b })
		bin("|", "or", func(a, b int64) int64 { return a | b })
		bin("#", "xor", func(a, b int64) int64 { return a ^ b })
		registerOp("~", types.InvalidOid, t, t, name+"not", func(a []types.Datum) (types.Datum, error) {
			return ^a[0].(int64), nil
		})
		// int2 and int4 shift as C int (32 bits), int8 as 64 bits.
		bits := uint(32)
		if t == types.Int8Oid {
			bits = 64
		}
		registerOp("<<", t, types.Int4Oid, t, name+"shl", func(a []types.Datum) (types.Datum, error) {
			v, n := a[0].(int64), shiftCount(a[1].(int64), bits)
			if bits == 32 {
				return narrow(t, int64(int32(v)<<n)), nil
			}
			return v << n, nil
		})
		registerOp(">>", t, types.Int4Oid, t, name+"shr", func(a []types.Datum) (types.Datum, error) {
			v, n := a[0].(int64), shiftCount(a[1].(int64), bits)
			if bits == 32 {
				return narrow(t, int64(int32(v)>>n)), nil
			}
			return v >> n, nil
		})
	}
	registerOp("|/", types.InvalidOid, types.Float8Oid, types.Float8Oid, "dsqrt", func(a []types.Datum) (types.Datum, error) {
		v := a[0].(float64)
		if v < 0 {
			return nil, errSqrtNegative()
		}
		return math.Sqrt(v), nil
	})
	registerOp("||/", types.InvalidOid, types.Float8Oid, types.Float8Oid, "dcbrt", func(a []types.Datum) (types.Datum, error) {
		return math.Cbrt(a[0].(float64)), nil
	})
}
