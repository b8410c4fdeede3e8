// This file holds the numeric aggregate accumulator: an int128 sum on the
// fast path with a math/big fallback, used for sum(numeric), sum(int8),
// avg(numeric) and avg(int*) (PG: NumericSumAccum, Int128AggState,
// numeric_avg, int8_avg).

package types

import (
	"math"
	"math/big"
	"math/bits"
)

// NumericSum accumulates numeric values exactly. The zero value is an empty
// sum. Finite values are summed in a 128-bit two's complement coefficient
// (hi, lo) at the largest scale seen; when that would overflow the state moves
// to a big.Int. NaN and infinities are counted as PostgreSQL does, so that the
// result is NaN when any input was NaN or when both infinities occurred.
// Partial sums from parallel workers merge with Combine.
type NumericSum struct {
	hi    int64
	lo    uint64
	big   *big.Int // coefficient at scale once the int128 overflowed
	scale int32
	count int64 // number of values added, special values included
	nan   int64
	pinf  int64
	ninf  int64
}

// Count returns the number of values added (NaN and infinities included).
func (s *NumericSum) Count() int64 { return s.count }

// Add adds n to the sum.
func (s *NumericSum) Add(n Numeric) {
	s.count++
	if !n.isFast() {
		n = n.canon()
		switch n.Form {
		case NumericNaN:
			s.nan++
			return
		case NumericPosInf:
			s.pinf++
			return
		case NumericNegInf:
			s.ninf++
			return
		}
		if n.Big != nil {
			s.addBig(n.bigCoef(), n.Scale)
			return
		}
	}
	s.addScaled(n.Coef, n.Scale)
}

// AddInt64 adds an integer (scale 0), as sum(int8) and avg(int8) do.
func (s *NumericSum) AddInt64(v int64) {
	s.count++
	s.addScaled(v, 0)
}

// addScaled adds c × 10^-scale.
func (s *NumericSum) addScaled(c int64, scale int32) {
	if s.big != nil {
		s.addBig(big.NewInt(c), scale)
		return
	}
	if scale > s.scale {
		if !s.rescale(scale) {
			s.addBig(big.NewInt(c), scale)
			return
		}
	}
	hi, lo := int64(0), uint64(c)
	if c < 0 {
		hi = -1
	}
	if scale < s.scale {
		d := s.scale - scale
		if d > 19 {
			s.addBig(big.NewInt(c), scale)
			return
		}
		var ok bool
		hi, lo, ok = mulInt128(hi, lo, pow10tab[d])
		if !ok {
			s.addBig(big.NewInt(c), scale)
			return
		}
	}
	rhi, rlo, ok := addInt128(s.hi, s.lo, hi, lo)
	if !ok {
		s.toBig()
		s.addBig(big.NewInt(c), scale)
		return
	}
	s.hi, s.lo = rhi, rlo
}

// rescale raises the int128 accumulator to a larger scale.
func (s *NumericSum) rescale(scale int32) bool {
	d := scale - s.scale
	if s.hi == 0 && s.lo == 0 {
		s.scale = scale
		return true
	}
	if d > 19 {
		return false
	}
	hi, lo, ok := mulInt128(s.hi, s.lo, pow10tab[d])
	if !ok {
		return false
	}
	s.hi, s.lo, s.scale = hi, lo, scale
	return true
}

// toBig moves the int128 state into s.big.
func (s *NumericSum) toBig() {
	if s.big == nil {
		s.big = int128ToBig(s.hi, s.lo)
	}
}

// addBig adds c × 10^-scale on the big path.
func (s *NumericSum) addBig(c *big.Int, scale int32) {
	s.toBig()
	switch {
	case scale > s.scale:
		s.big.Mul(s.big, bigPow10(int64(scale-s.scale)))
		s.scale = scale
	case scale < s.scale:
		c = new(big.Int).Mul(c, bigPow10(int64(s.scale-scale)))
	}
	s.big.Add(s.big, c)
}

// Combine adds the state of another partial sum into s.
func (s *NumericSum) Combine(o *NumericSum) {
	s.count += o.count
	s.nan += o.nan
	s.pinf += o.pinf
	s.ninf += o.ninf
	if o.big != nil {
		s.addBig(o.big, o.scale)
		return
	}
	if s.big != nil {
		s.addBig(int128ToBig(o.hi, o.lo), o.scale)
		return
	}
	// Both int128: align scales.
	ohi, olo := o.hi, o.lo
	if o.scale > s.scale && !s.rescale(o.scale) {
		s.addBig(int128ToBig(ohi, olo), o.scale)
		return
	}
	if o.scale < s.scale {
		d := s.scale - o.scale
		ok := d <= 19
		if ok {
			ohi, olo, ok = mulInt128(ohi, olo, pow10tab[d])
		}
		if !ok {
			s.addBig(int128ToBig(o.hi, o.lo), o.scale)
			return
		}
	}
	hi, lo, ok := addInt128(s.hi, s.lo, ohi, olo)
	if !ok {
		s.addBig(int128ToBig(ohi, olo), s.scale)
		return
	}
	s.hi, s.lo = hi, lo
}

// Result returns the sum: NaN when a NaN was added or both infinities were,
// an infinity when only that infinity was, otherwise the exact finite sum
// with the largest display scale among the inputs. An empty sum gives 0;
// callers return NULL for it as SQL requires.
func (s *NumericSum) Result() Numeric {
	switch {
	case s.nan > 0 || (s.pinf > 0 && s.ninf > 0):
		return NumericNaNValue
	case s.pinf > 0:
		return NumericPosInfValue
	case s.ninf > 0:
		return NumericNegInfValue
	}
	if s.big != nil {
		return makeNumeric(new(big.Int).Set(s.big), s.scale)
	}
	if (s.hi == 0 && s.lo <= math.MaxInt64) || (s.hi == -1 && s.lo >= 1<<63) {
		return Numeric{Coef: int64(s.lo), Scale: s.scale}
	}
	return makeNumeric(int128ToBig(s.hi, s.lo), s.scale)
}

// NumericAvg returns sum / count with PostgreSQL's division scale, which is
// what avg(numeric), avg(int2), avg(int4) and avg(int8) return. count must be
// positive (the SQL result for no rows is NULL).
func NumericAvg(sum Numeric, count int64) (Numeric, error) {
	return NumericDiv(sum, NumericFromInt64(count))
}

// addInt128 adds two signed 128-bit values, reporting overflow.
func addInt128(ahi int64, alo uint64, bhi int64, blo uint64) (int64, uint64, bool) {
	lo, carry := bits.Add64(alo, blo, 0)
	hi := ahi + bhi + int64(carry)
	// Signed overflow: operands of equal sign, result of the other sign.
	if (ahi >= 0) == (bhi >= 0) && (hi >= 0) != (ahi >= 0) {
		return 0, 0, false
	}
	return hi, lo, true
}

// mulInt128 multiplies a signed 128-bit value by m, reporting overflow.
func mulInt128(hi int64, lo uint64, m uint64) (int64, uint64, bool) {
	neg := hi < 0
	uhi, ulo := uint64(hi), lo
	if neg {
		uhi, ulo = negU128(uhi, ulo)
	}
	c1, r0 := bits.Mul64(ulo, m)
	c2, r1 := bits.Mul64(uhi, m)
	r1, carry := bits.Add64(r1, c1, 0)
	if c2 != 0 || carry != 0 || r1 > math.MaxInt64 {
		// Allow exactly -2^127.
		if !(neg && c2 == 0 && carry == 0 && r1 == 1<<63 && r0 == 0) {
			return 0, 0, false
		}
	}
	if neg {
		r1, r0 = negU128(r1, r0)
	}
	return int64(r1), r0, true
}

func negU128(hi, lo uint64) (uint64, uint64) {
	lo = ^lo + 1
	hi = ^hi
	if lo == 0 {
		hi++
	}
	return hi, lo
}

func int128ToBig(hi int64, lo uint64) *big.Int {
	neg := hi < 0
	uhi, ulo := uint64(hi), lo
	if neg {
		uhi, ulo = negU128(uhi, ulo)
	}
	b := new(big.Int).SetUint64(uhi)
	b.Lsh(b, 64)
	b.Or(b, new(big.Int).SetUint64(ulo))
	if neg {
		b.Neg(b)
	}
	return b
}
