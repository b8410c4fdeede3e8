// This file holds numeric arithmetic and comparison with PostgreSQL's result
// display scales and special-value rules: an int64 fast path with overflow
// detection and a math/big fallback (PG: numeric_add, numeric_mul,
// numeric_div with select_div_scale, numeric_mod, cmp_numerics).

package types

import (
	"math/big"
	"math/bits"
)

// NumericAdd returns a + b with display scale max(a.Scale, b.Scale).
func NumericAdd(a, b Numeric) (Numeric, error) {
	if a.isFast() && b.isFast() {
		ac, bc, s, ok := alignFast(a, b)
		if ok {
			if r, ok := add64(ac, bc); ok {
				return Numeric{Coef: r, Scale: s}, nil
			}
		}
	}
	return numericAddSlow(a, b, false)
}

// NumericSub returns a - b with display scale max(a.Scale, b.Scale).
func NumericSub(a, b Numeric) (Numeric, error) {
	if a.isFast() && b.isFast() {
		ac, bc, s, ok := alignFast(a, b)
		if ok {
			if r, ok := sub64(ac, bc); ok {
				return Numeric{Coef: r, Scale: s}, nil
			}
		}
	}
	return numericAddSlow(a, b, true)
}

// alignFast brings two fast numerics to their common (larger) scale.
func alignFast(a, b Numeric) (int64, int64, int32, bool) {
	switch {
	case a.Scale == b.Scale:
		return a.Coef, b.Coef, a.Scale, true
	case a.Scale < b.Scale:
		ac, ok := mulPow10(a.Coef, b.Scale-a.Scale)
		return ac, b.Coef, b.Scale, ok
	default:
		bc, ok := mulPow10(b.Coef, a.Scale-b.Scale)
		return a.Coef, bc, a.Scale, ok
	}
}

// alignBig returns the coefficients of finite canonical a and b at their
// common scale.
func alignBig(a, b Numeric) (*big.Int, *big.Int, int32) {
	ac, bc := a.bigCoef(), b.bigCoef()
	s := a.Scale
	switch {
	case a.Scale < b.Scale:
		ac.Mul(ac, bigPow10(int64(b.Scale-a.Scale)))
		s = b.Scale
	case a.Scale > b.Scale:
		bc.Mul(bc, bigPow10(int64(a.Scale-b.Scale)))
	}
	return ac, bc, s
}

func numericAddSlow(a, b Numeric, sub bool) (Numeric, error) {
	a, b = a.canon(), b.canon()
	if a.Form != NumericFinite || b.Form != NumericFinite {
		return addSpecial(a, b, sub), nil
	}
	ac, bc, s := alignBig(a, b)
	if sub {
		ac.Sub(ac, bc)
	} else {
		ac.Add(ac, bc)
	}
	return makeNumericChecked(ac, s)
}

// addSpecial handles a ± b when either is NaN or infinite.
func addSpecial(a, b Numeric, sub bool) Numeric {
	if a.Form == NumericNaN || b.Form == NumericNaN {
		return NumericNaNValue
	}
	bs := b.Form
	if sub {
		switch bs {
		case NumericPosInf:
			bs = NumericNegInf
		case NumericNegInf:
			bs = NumericPosInf
		}
	}
	switch {
	case a.Form == NumericFinite:
		return Numeric{Form: bs}
	case bs == NumericFinite || bs == a.Form:
		return Numeric{Form: a.Form}
	}
	return NumericNaNValue // Inf + -Inf
}

// NumericMul returns a × b with display scale a.Scale + b.Scale (rounded to
// 16383 digits when that is exceeded, as PostgreSQL does).
func NumericMul(a, b Numeric) (Numeric, error) {
	if a.isFast() && b.isFast() {
		if s := a.Scale + b.Scale; s <= NumericDscaleMax {
			if r, ok := mul64(a.Coef, b.Coef); ok {
				return Numeric{Coef: r, Scale: s}, nil
			}
		}
	}
	a, b = a.canon(), b.canon()
	if a.Form != NumericFinite || b.Form != NumericFinite {
		return mulSpecial(a, b), nil
	}
	ac, bc := a.bigCoef(), b.bigCoef()
	ac.Mul(ac, bc)
	s := int64(a.Scale) + int64(b.Scale)
	if s > NumericDscaleMax {
		ac = bigDivRound(ac, bigPow10(s-NumericDscaleMax))
		s = NumericDscaleMax
	}
	return makeNumericChecked(ac, int32(s))
}

func mulSpecial(a, b Numeric) Numeric {
	if a.Form == NumericNaN || b.Form == NumericNaN {
		return NumericNaNValue
	}
	sa, sb := a.Sign(), b.Sign()
	if sa == 0 || sb == 0 {
		return NumericNaNValue // Inf × 0
	}
	if sa*sb > 0 {
		return NumericPosInfValue
	}
	return NumericNegInfValue
}

// numericWeight returns PostgreSQL's base-10000 weight of the first nonzero
// digit of finite canonical n and that digit (0, 0 for zero), which
// select_div_scale uses.
func numericWeight(n Numeric) (weight int64, first int64) {
	var digs []byte
	if n.Big == nil {
		if n.Coef == 0 {
			return 0, 0
		}
		var buf [24]byte
		digs = appendUintDigits(buf[:0], absU64(n.Coef))
	} else {
		c := n.bigCoef()
		if c.Sign() == 0 {
			return 0, 0
		}
		c.Abs(c)
		digs = c.Append(nil, 10)
	}
	// Decimal exponent of the leading digit.
	e := int64(len(digs)) - 1 - int64(n.Scale)
	w := floorDiv(e, 4)
	k := e - 4*w + 1 // leading decimal digits in the first base-10000 digit
	for i := int64(0); i < k; i++ {
		first *= 10
		if i < int64(len(digs)) {
			first += int64(digs[i] - '0')
		}
	}
	return w, first
}

func appendUintDigits(buf []byte, u uint64) []byte {
	var tmp [20]byte
	i := len(tmp)
	for {
		i--
		tmp[i] = byte('0' + u%10)
		u /= 10
		if u == 0 {
			break
		}
	}
	return append(buf, tmp[i:]...)
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// NumericDivScale returns the display scale PostgreSQL's select_div_scale
// picks for a / b: at least 16 significant digits, at least either input's
// scale, at most 1000.
func NumericDivScale(a, b Numeric) int32 {
	w1, f1 := numericWeight(a)
	w2, f2 := numericWeight(b)
	qweight := w1 - w2
	if f1 <= f2 {
		qweight--
	}
	rscale := int64(NumericMinSigDigits) - qweight*4
	if int64(a.Scale) > rscale {
		rscale = int64(a.Scale)
	}
	if int64(b.Scale) > rscale {
		rscale = int64(b.Scale)
	}
	if rscale < NumericMinDisplayScale {
		rscale = NumericMinDisplayScale
	}
	if rscale > NumericMaxDisplayScale {
		rscale = NumericMaxDisplayScale
	}
	return int32(rscale)
}

// NumericDiv returns a / b rounded half away from zero to the scale that
// NumericDivScale selects, with PostgreSQL's rules for NaN and infinities and
// a 22012 "division by zero" error.
func NumericDiv(a, b Numeric) (Numeric, error) {
	a, b = a.canon(), b.canon()
	if a.Form != NumericFinite || b.Form != NumericFinite {
		return divSpecial(a, b)
	}
	if b.Sign() == 0 {
		return Numeric{}, errDivisionByZero()
	}
	rscale := NumericDivScale(a, b)
	return numericDivRound(a, b, rscale)
}

// NumericDivScaled returns a / b rounded half away from zero to rscale
// digits; a and b must be finite and b nonzero.
func NumericDivScaled(a, b Numeric, rscale int32) (Numeric, error) {
	a, b = a.canon(), b.canon()
	if a.Form != NumericFinite || b.Form != NumericFinite {
		return divSpecial(a, b)
	}
	if b.Sign() == 0 {
		return Numeric{}, errDivisionByZero()
	}
	return numericDivRound(a, b, rscale)
}

func divSpecial(a, b Numeric) (Numeric, error) {
	if a.Form == NumericNaN || b.Form == NumericNaN {
		return NumericNaNValue, nil
	}
	if a.Form != NumericFinite {
		if b.Form != NumericFinite {
			return NumericNaNValue, nil // Inf / Inf
		}
		switch b.Sign() {
		case 0:
			return Numeric{}, errDivisionByZero()
		case 1:
			return Numeric{Form: a.Form}, nil
		}
		if a.Form == NumericPosInf {
			return NumericNegInfValue, nil
		}
		return NumericPosInfValue, nil
	}
	// finite / Inf
	return Numeric{}, nil
}

// numericDivRound computes a/b rounded to rscale for finite a, b != 0.
func numericDivRound(a, b Numeric, rscale int32) (Numeric, error) {
	// q = a.c × 10^(rscale + b.s - a.s) / b.c
	k := int64(rscale) + int64(b.Scale) - int64(a.Scale)
	if a.Big == nil && b.Big == nil && k >= 0 && k <= 19 {
		if q, ok := divRoundFast(a.Coef, b.Coef, pow10tab[k]); ok {
			return Numeric{Coef: q, Scale: rscale}, nil
		}
	}
	num, den := a.bigCoef(), b.bigCoef()
	if k > 0 {
		num.Mul(num, bigPow10(k))
	} else if k < 0 {
		den.Mul(den, bigPow10(-k))
	}
	return makeNumericChecked(bigDivRound(num, den), rscale)
}

// divRoundFast returns round(a × m / b) half away from zero using 128-bit
// intermediates, or false when the quotient does not fit.
func divRoundFast(a, b int64, m uint64) (int64, bool) {
	ua, ub := absU64(a), absU64(b)
	hi, lo := bits.Mul64(ua, m)
	if hi >= ub {
		return 0, false
	}
	q, r := bits.Div64(hi, lo, ub)
	if r >= ub-r {
		q++
		if q == 0 {
			return 0, false
		}
	}
	if (a < 0) != (b < 0) {
		if q > 1<<63 {
			return 0, false
		}
		return -int64(q), true
	}
	if q > 1<<63-1 {
		return 0, false
	}
	return int64(q), true
}

// NumericDivTrunc returns the integral part of a / b, as div(numeric, numeric).
func NumericDivTrunc(a, b Numeric) (Numeric, error) {
	a, b = a.canon(), b.canon()
	if a.Form != NumericFinite || b.Form != NumericFinite {
		r, err := divSpecial(a, b)
		if err != nil || r.Form == NumericFinite {
			return r, err
		}
		// PG: div(Inf, x) is ±Inf, like division.
		return r, nil
	}
	if b.Sign() == 0 {
		return Numeric{}, errDivisionByZero()
	}
	ac, bc, _ := alignBig(a, b)
	return makeNumericChecked(ac.Quo(ac, bc), 0)
}

// NumericMod returns a % b: the remainder of truncating division, with the
// sign of a and display scale max(a.Scale, b.Scale).
func NumericMod(a, b Numeric) (Numeric, error) {
	if a.isFast() && b.isFast() {
		ac, bc, s, ok := alignFast(a, b)
		if ok {
			if bc == 0 {
				return Numeric{}, errDivisionByZero()
			}
			if bc == -1 {
				return Numeric{Scale: s}, nil
			}
			return Numeric{Coef: ac % bc, Scale: s}, nil
		}
	}
	a, b = a.canon(), b.canon()
	if a.Form != NumericFinite || b.Form != NumericFinite {
		if a.Form == NumericNaN || b.Form == NumericNaN {
			return NumericNaNValue, nil
		}
		if a.Form != NumericFinite {
			if b.Form == NumericFinite && b.Sign() == 0 {
				return Numeric{}, errDivisionByZero()
			}
			return NumericNaNValue, nil
		}
		return a, nil // finite % Inf
	}
	ac, bc, s := alignBig(a, b)
	if bc.Sign() == 0 {
		return Numeric{}, errDivisionByZero()
	}
	ac.Rem(ac, bc)
	return makeNumericChecked(ac, s)
}

// NumericNeg returns -n (zero stays zero, NaN stays NaN).
func NumericNeg(n Numeric) Numeric {
	if n.isFast() && n.Coef != -1<<63 {
		return Numeric{Coef: -n.Coef, Scale: n.Scale}
	}
	n = n.canon()
	switch n.Form {
	case NumericPosInf:
		return NumericNegInfValue
	case NumericNegInf:
		return NumericPosInfValue
	case NumericNaN:
		return n
	}
	c := n.bigCoef()
	return makeNumeric(c.Neg(c), n.Scale)
}

// NumericAbs returns |n|.
func NumericAbs(n Numeric) Numeric {
	if n.Sign() < 0 {
		return NumericNeg(n)
	}
	return n.canon()
}

// NumericCmp compares a and b: -1, 0 or 1. NaN equals NaN and sorts above
// everything else, +Infinity above every finite value, -Infinity below.
// Values equal in value but not in scale (1.5, 1.50) compare equal.
func NumericCmp(a, b Numeric) int {
	if a.isFast() && b.isFast() {
		if a.Scale == b.Scale {
			return cmpInt64(a.Coef, b.Coef)
		}
		if ac, bc, _, ok := alignFast(a, b); ok {
			return cmpInt64(ac, bc)
		}
	}
	a, b = a.canon(), b.canon()
	ra, rb := formRank(a.Form), formRank(b.Form)
	if ra != rb || a.Form != NumericFinite {
		return cmpInt64(int64(ra), int64(rb))
	}
	sa, sb := a.Sign(), b.Sign()
	if sa != sb {
		return cmpInt64(int64(sa), int64(sb))
	}
	ac, bc, _ := alignBig(a, b)
	return ac.Cmp(bc)
}

func formRank(f NumericForm) int {
	switch f {
	case NumericNegInf:
		return 0
	case NumericFinite:
		return 1
	case NumericPosInf:
		return 2
	}
	return 3
}

func cmpInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// normalized returns n's value as (coefficient, exponent) with trailing
// decimal zeros removed, so that equal values give equal pairs. small is
// false when the coefficient does not fit in an int64; big then holds it.
func (n Numeric) normalized() (c int64, exp int64, bc *big.Int, small bool) {
	if n.isFast() {
		c, exp = n.Coef, -int64(n.Scale)
		if c == 0 {
			return 0, 0, nil, true
		}
		for c%10000 == 0 {
			c /= 10000
			exp += 4
		}
		for c%10 == 0 {
			c /= 10
			exp++
		}
		return c, exp, nil, true
	}
	n = n.canon()
	b := n.bigCoef()
	exp = -int64(n.Scale)
	if b.Sign() == 0 {
		return 0, 0, nil, true
	}
	ten := big.NewInt(10)
	q, r := new(big.Int), new(big.Int)
	for {
		q.QuoRem(b, ten, r)
		if r.Sign() != 0 {
			break
		}
		b, q = q, b
		exp++
	}
	if b.IsInt64() {
		return b.Int64(), exp, nil, true
	}
	return 0, exp, b, false
}

// NumericOp is one of the numeric operators NumericOpRows applies.
type NumericOp uint8

// The operators of NumericOpRows.
const (
	NumericOpAdd NumericOp = iota
	NumericOpSub
	NumericOpMul
)

// NumericOpRows sets out[i] to l[i] op r[i] for each row i of rows, and
// outNull[i] to whether either operand is NULL. It gives what NumericAdd,
// NumericSub and NumericMul give, computing the common case (both
// coefficients in 64 bits, the result too) in line: a vectorized
// expression spends most of its time there.
func NumericOpRows(op NumericOp, out []Numeric, outNull []bool, l []Numeric, lNull []bool, r []Numeric, rNull []bool, rows []int) error {
	for _, i := range rows {
		if lNull[i] || rNull[i] {
			outNull[i] = true
			continue
		}
		outNull[i] = false
		a, b := &l[i], &r[i]
		if a.Form == NumericFinite && b.Form == NumericFinite && a.Big == nil && b.Big == nil && a.Scale >= 0 && b.Scale >= 0 {
			if op == NumericOpMul {
				if s := a.Scale + b.Scale; s <= NumericDscaleMax {
					if c, ok := mul64(a.Coef, b.Coef); ok {
						out[i] = Numeric{Coef: c, Scale: s}
						continue
					}
				}
			} else if ac, bc, s, ok := alignFast(*a, *b); ok {
				var c int64
				if op == NumericOpAdd {
					c, ok = add64(ac, bc)
				} else {
					c, ok = sub64(ac, bc)
				}
				if ok {
					out[i] = Numeric{Coef: c, Scale: s}
					continue
				}
			}
		}
		var err error
		switch op {
		case NumericOpAdd:
			out[i], err = NumericAdd(*a, *b)
		case NumericOpSub:
			out[i], err = NumericSub(*a, *b)
		default:
			out[i], err = NumericMul(*a, *b)
		}
		if err != nil {
			return err
		}
	}
	return nil
}
