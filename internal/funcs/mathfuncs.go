// mathfuncs.go registers the math functions that scalar.go lacks (PG:
// utils/adt/float.c, numeric.c, int.c, int8.c, common/pg_prng.c): the
// float8 transcendental and trigonometric functions, the numeric exp, ln,
// log and sqrt with PostgreSQL's result scales, gcd/lcm, factorial,
// width_bucket, div, the numeric ceil/floor/sign and scale functions, and
// random/setseed.
//
// PostgreSQL gets the float8 functions from the C library. glibc's exp, log,
// sin, cos, tan, asin, acos, atan and atan2 are correctly rounded in all but
// very rare cases, so those are computed here in extended precision and
// rounded once; the hyperbolic functions and log10 follow the classic fdlibm
// formulas glibc uses on top of those. cbrt uses Go's math.Cbrt, which can
// differ from glibc's (less accurate) cbrt in the last digit.

package funcs

import (
	"crypto/rand"
	"encoding/binary"
	"math"
	"math/big"
	"math/bits"
	"strconv"
	"strings"
	"sync"

	"github.com/cockroachdb/apd/v3"

	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

// invalidArgumentForWidthBucket is SQLSTATE 2201G.
const invalidArgumentForWidthBucket = "2201G"

// radiansPerDegree is PG's RADIANS_PER_DEGREE.
const radiansPerDegree = 0.0174532925199432957692

// rpd is radiansPerDegree as a float64 variable, so products with it round
// as in C.
var rpd float64 = radiansPerDegree

func errInputOutOfRange() error {
	return pgerror.New(pgerror.NumericValueOutOfRange, "input is out of range")
}

func errFloatOverflow() error  { return outOfRange("value out of range: overflow") }
func errFloatUnderflow() error { return outOfRange("value out of range: underflow") }

func errLogZero() error {
	return pgerror.New(pgerror.InvalidArgumentForLog, "cannot take logarithm of zero")
}

func errLogNegative() error {
	return pgerror.New(pgerror.InvalidArgumentForLog, "cannot take logarithm of a negative number")
}

func errSqrtNegative() error {
	return pgerror.New(pgerror.InvalidArgumentForPowerFunction, "cannot take square root of a negative number")
}

func errNumericOverflow() error {
	return pgerror.New(pgerror.NumericValueOutOfRange, "value overflows numeric format")
}

// ---------------------------------------------------------------------------
// Extended-precision evaluation (big.Float) for correctly rounded results.

const hpBits = 160 // working precision of the correctly rounded functions

var (
	hpOnce      sync.Once
	hpPi, hpLn2 *big.Float
)

const hpConstBits = 1600 // enough to reduce any float64 argument modulo pi/2

func hpConsts() {
	hpOnce.Do(func() {
		p := uint(hpConstBits + 64)
		// pi = 16 atan(1/5) - 4 atan(1/239); ln 2 = 2 atanh(1/3).
		a := hpInvSeries(5, p, true)
		b := hpInvSeries(239, p, true)
		a.Mul(a, big.NewFloat(16))
		b.Mul(b, big.NewFloat(4))
		hpPi = new(big.Float).SetPrec(hpConstBits).Sub(a, b)
		l := hpInvSeries(3, p, false)
		hpLn2 = new(big.Float).SetPrec(hpConstBits).Mul(l, big.NewFloat(2))
	})
}

// hpInvSeries returns atan(1/n) (alt) or atanh(1/n) to p bits.
func hpInvSeries(n int64, p uint, alt bool) *big.Float {
	sum := new(big.Float).SetPrec(p)
	pow := new(big.Float).SetPrec(p).Quo(big.NewFloat(1), new(big.Float).SetInt64(n)) // 1/n^(2k+1)
	n2 := new(big.Float).SetPrec(p).SetInt64(n * n)
	t := new(big.Float).SetPrec(p)
	for k := int64(0); ; k++ {
		t.Quo(pow, new(big.Float).SetInt64(2*k+1))
		if alt && k%2 == 1 {
			sum.Sub(sum, t)
		} else {
			sum.Add(sum, t)
		}
		if pow.MantExp(nil) < -int(p)-8 {
			return sum
		}
		pow.Quo(pow, n2)
	}
}

func hpNew(prec uint) *big.Float { return new(big.Float).SetPrec(prec) }

var (
	ln2Mu  sync.Mutex
	ln2Big *big.Float // ln 2 at the highest precision asked for so far
)

// hpLn2At returns ln 2 rounded to prec bits.
func hpLn2At(prec uint) *big.Float {
	hpConsts()
	if prec <= hpConstBits {
		return hpConst(hpLn2, prec)
	}
	ln2Mu.Lock()
	defer ln2Mu.Unlock()
	if ln2Big == nil || ln2Big.Prec() < prec {
		l := hpInvSeries(3, prec+64, false)
		ln2Big = l.Mul(l, big.NewFloat(2))
	}
	return hpConst(ln2Big, prec)
}

// hpConst returns c rounded to prec bits.
func hpConst(c *big.Float, prec uint) *big.Float { return hpNew(prec).Set(c) }

// hpExp returns e^x for a moderate x (|x| < 2^20).
func hpExp(x *big.Float, prec uint) *big.Float {
	// Reduce to r = x - k ln 2, then to r / 2^h; sum the Taylor series and
	// square h times.
	h := 12
	if sq := int(math.Sqrt(float64(prec))); sq > h {
		h = sq
	}
	wp := prec + 40 + uint(h)
	ln2 := hpLn2At(wp + 32)
	q, _ := hpNew(64).Quo(x, ln2).Float64()
	k := math.Round(q)
	r := hpNew(wp+32).Mul(ln2, big.NewFloat(k))
	r.Sub(hpNew(wp+32).Set(x), r)
	r.SetPrec(wp)
	r.SetMantExp(r, -h)
	sum := hpNew(wp).SetInt64(1)
	term := hpNew(wp).SetInt64(1)
	for i := int64(1); ; i++ {
		term.Mul(term, r)
		term.Quo(term, big.NewFloat(float64(i)))
		if term.Sign() == 0 || term.MantExp(nil) < -int(wp)-4 {
			break
		}
		sum.Add(sum, term)
	}
	for i := 0; i < h; i++ {
		sum.Mul(sum, sum)
	}
	return sum.SetMantExp(sum, int(k))
}

// hpLog returns ln x for x > 0.
func hpLog(x *big.Float, prec uint) *big.Float {
	wp := prec + 40
	m := hpNew(wp)
	e := x.MantExp(m) // x = m × 2^e, 0.5 <= m < 1
	if m.Cmp(big.NewFloat(math.Sqrt2/2)) < 0 {
		m.SetMantExp(m, 1)
		e--
	}
	// At high precision take square roots first: ln m = 2^s ln m^(1/2^s).
	s := 0
	if prec > 400 {
		s = int(math.Sqrt(float64(prec)) / 4)
		wp += uint(s)
		m.SetPrec(wp)
		for i := 0; i < s; i++ {
			m.Sqrt(m)
		}
	}
	one := big.NewFloat(1)
	num := hpNew(wp).Sub(m, one)
	den := hpNew(wp).Add(m, one)
	z := hpNew(wp).Quo(num, den)
	sum := hpNew(wp).Set(z)
	if z.Sign() != 0 {
		z2 := hpNew(wp).Mul(z, z)
		pow := hpNew(wp).Set(z)
		t := hpNew(wp)
		limit := z.MantExp(nil) - int(wp) - 4
		for k := int64(3); ; k += 2 {
			pow.Mul(pow, z2)
			t.Quo(pow, big.NewFloat(float64(k)))
			if t.Sign() == 0 || t.MantExp(nil) < limit {
				break
			}
			sum.Add(sum, t)
		}
		sum.SetMantExp(sum, 1+s)
	}
	if e != 0 {
		l := hpNew(wp+32).Mul(hpLn2At(wp+32), big.NewFloat(float64(e)))
		sum.Add(l, sum)
	}
	return sum
}

// hpSinCos returns sin x and cos x for finite x.
func hpSinCos(x float64, prec uint) (sin, cos *big.Float) {
	hpConsts()
	_, ex := math.Frexp(x)
	if ex < 0 {
		ex = 0
	}
	wp := prec + 96 + uint(ex)
	r := hpNew(wp).SetFloat64(x)
	quadrant := 0
	if math.Abs(x) > math.Pi/4 {
		halfPi := hpConst(hpPi, wp+8)
		halfPi.SetMantExp(halfPi, -1)
		qf := hpNew(wp).Quo(r, halfPi)
		if qf.Sign() >= 0 {
			qf.Add(qf, big.NewFloat(0.5))
		} else {
			qf.Sub(qf, big.NewFloat(0.5))
		}
		q, _ := qf.Int(nil)
		quadrant = int(new(big.Int).Mod(q, big.NewInt(4)).Int64())
		qp := hpNew(wp + 8).SetInt(q)
		qp.Mul(qp, halfPi)
		r.Sub(r, qp)
	}
	tp := prec + 40
	r.SetPrec(tp)
	r2 := hpNew(tp).Mul(r, r)
	// sin r = r - r^3/3! + ...; cos r = 1 - r^2/2! + ...
	s := hpNew(tp).Set(r)
	c := hpNew(tp).SetInt64(1)
	term := hpNew(tp).SetInt64(1)
	for i := int64(1); ; i++ {
		term.Mul(term, r2)
		term.Quo(term, big.NewFloat(float64((2*i-1)*(2*i))))
		if term.Sign() == 0 || term.MantExp(nil) < -int(tp)-8 {
			break
		}
		ts := hpNew(tp).Mul(term, r)
		ts.Quo(ts, big.NewFloat(float64(2*i+1)))
		if i%2 == 1 {
			c.Sub(c, term)
			s.Sub(s, ts)
		} else {
			c.Add(c, term)
			s.Add(s, ts)
		}
	}
	switch quadrant {
	case 1:
		s, c = c, s.Neg(s)
	case 2:
		s, c = s.Neg(s), c.Neg(c)
	case 3:
		s, c = c.Neg(c), s
	}
	return s, c
}

// hpAtan returns atan x.
func hpAtan(x *big.Float, prec uint) *big.Float {
	hpConsts()
	wp := prec + 40
	a := hpNew(wp).Abs(x)
	one := big.NewFloat(1)
	inv := a.Cmp(one) > 0
	if inv {
		a.Quo(one, a)
	}
	// atan a = 2 atan(a / (1 + sqrt(1 + a^2))), applied three times.
	const halvings = 3
	for i := 0; i < halvings; i++ {
		t := hpNew(wp).Mul(a, a)
		t.Add(t, one)
		t.Sqrt(t)
		t.Add(t, one)
		a.Quo(a, t)
	}
	sum := hpNew(wp).Set(a)
	if a.Sign() != 0 {
		a2 := hpNew(wp).Mul(a, a)
		pow := hpNew(wp).Set(a)
		t := hpNew(wp)
		limit := a.MantExp(nil) - int(wp) - 4
		for k := int64(1); ; k++ {
			pow.Mul(pow, a2)
			t.Quo(pow, big.NewFloat(float64(2*k+1)))
			if t.Sign() == 0 || t.MantExp(nil) < limit {
				break
			}
			if k%2 == 1 {
				sum.Sub(sum, t)
			} else {
				sum.Add(sum, t)
			}
		}
	}
	sum.SetMantExp(sum, halvings)
	if inv {
		halfPi := hpConst(hpPi, wp)
		halfPi.SetMantExp(halfPi, -1)
		sum.Sub(halfPi, sum)
	}
	if x.Sign() < 0 {
		sum.Neg(sum)
	}
	return sum
}

func hpFloat64(f *big.Float) float64 {
	v, _ := f.Float64()
	return v
}

// crExp is e^x correctly rounded (NaN and infinities pass through).
func crExp(x float64) float64 {
	switch {
	case math.IsNaN(x) || math.IsInf(x, 1):
		return x
	case x > 710:
		return math.Inf(1)
	case x < -746:
		return 0
	case x == 0:
		return 1
	}
	return hpFloat64(hpExp(big.NewFloat(x), hpBits))
}

// crLog is ln x correctly rounded, for x > 0 or x = +Inf or NaN.
func crLog(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 1) {
		return x
	}
	if x == 1 {
		return 0
	}
	return hpFloat64(hpLog(big.NewFloat(x), hpBits))
}

func crSin(x float64) float64 {
	if x == 0 || math.IsNaN(x) {
		return x
	}
	s, _ := hpSinCos(x, hpBits)
	return hpFloat64(s)
}

func crCos(x float64) float64 {
	if math.IsNaN(x) {
		return x
	}
	_, c := hpSinCos(x, hpBits)
	return hpFloat64(c)
}

func crTan(x float64) float64 {
	if x == 0 || math.IsNaN(x) {
		return x
	}
	s, c := hpSinCos(x, hpBits)
	return hpFloat64(s.Quo(s, c))
}

func crAtan(x float64) float64 {
	switch {
	case x == 0 || math.IsNaN(x):
		return x
	case math.IsInf(x, 0):
		return math.Copysign(math.Pi/2, x)
	}
	return hpFloat64(hpAtan(big.NewFloat(x), hpBits))
}

// crAsin is asin x for |x| <= 1.
func crAsin(x float64) float64 {
	if x == 0 || math.IsNaN(x) {
		return x
	}
	if math.Abs(x) == 1 {
		return math.Copysign(math.Pi/2, x)
	}
	wp := uint(hpBits + 64)
	bx := hpNew(wp).SetFloat64(x)
	t := hpNew(wp).Mul(bx, bx)
	t.Sub(big.NewFloat(1), t)
	t.Sqrt(t)
	t.Quo(bx, t)
	return hpFloat64(hpAtan(t, hpBits))
}

// crAcos is acos x for |x| <= 1: 2 atan(sqrt((1-x)/(1+x))).
func crAcos(x float64) float64 {
	switch {
	case math.IsNaN(x):
		return x
	case x == 1:
		return 0
	case x == -1:
		return math.Pi
	}
	wp := uint(hpBits + 64)
	bx := hpNew(wp).SetFloat64(x)
	n := hpNew(wp).Sub(big.NewFloat(1), bx)
	d := hpNew(wp).Add(big.NewFloat(1), bx)
	n.Quo(n, d)
	n.Sqrt(n)
	r := hpAtan(n, hpBits)
	return hpFloat64(r.SetMantExp(r, 1))
}

func crAtan2(y, x float64) float64 {
	if math.IsNaN(x) || math.IsNaN(y) || math.IsInf(x, 0) || math.IsInf(y, 0) || x == 0 || y == 0 {
		return math.Atan2(y, x)
	}
	wp := uint(hpBits + 64)
	q := hpNew(wp).Quo(big.NewFloat(math.Abs(y)), big.NewFloat(math.Abs(x)))
	r := hpAtan(q, hpBits+32)
	if x < 0 {
		hpConsts()
		r.Sub(hpConst(hpPi, hpBits+64), r)
	}
	if y < 0 {
		r.Neg(r)
	}
	return hpFloat64(r)
}

// ---------------------------------------------------------------------------
// fdlibm-style functions built on the above, as glibc computes them.

func highWord(x float64) uint32 { return uint32(math.Float64bits(x) >> 32) }
func lowWord(x float64) uint32  { return uint32(math.Float64bits(x)) }

const ln2Hi = 6.93147180559945286227e-01 // the double nearest ln 2

func fdSinh(x float64) float64 {
	ix := highWord(x) & 0x7fffffff
	if ix >= 0x7ff00000 {
		return x + x
	}
	h := 0.5
	if x < 0 {
		h = -0.5
	}
	ax := math.Abs(x)
	if ix < 0x40360000 { // |x| < 22
		if ix < 0x3e300000 { // |x| < 2^-28
			return x
		}
		t := math.Expm1(ax)
		if ix < 0x3ff00000 {
			return h * (2.0*t - t*t/(t+1.0))
		}
		return h * (t + t/(t+1.0))
	}
	if ix < 0x40862e42 { // |x| < log(maxdouble)
		return h * crExp(ax)
	}
	if ix < 0x408633ce || (ix == 0x408633ce && lowWord(x) <= 0x8fb9f87d) {
		w := crExp(0.5 * ax)
		t := h * w
		return t * w
	}
	return math.Copysign(math.Inf(1), x)
}

func fdCosh(x float64) float64 {
	ix := highWord(x) & 0x7fffffff
	if ix >= 0x7ff00000 {
		return x * x
	}
	ax := math.Abs(x)
	if ix < 0x40360000 { // |x| < 22
		if ix < 0x3fd62e43 { // |x| < ln2/2
			if ix < 0x3c800000 {
				return 1
			}
			t := math.Expm1(ax)
			w := 1.0 + t
			return 1.0 + (t*t)/(w+w)
		}
		t := crExp(ax)
		return 0.5*t + 0.5/t
	}
	if ix < 0x40862e42 {
		return 0.5 * crExp(ax)
	}
	if ix < 0x408633ce || (ix == 0x408633ce && lowWord(x) <= 0x8fb9f87d) {
		w := crExp(0.5 * ax)
		t := 0.5 * w
		return t * w
	}
	return math.Inf(1)
}

func fdTanh(x float64) float64 {
	ix := highWord(x) & 0x7fffffff
	if ix >= 0x7ff00000 {
		if math.IsNaN(x) {
			return x
		}
		return math.Copysign(1, x)
	}
	var z float64
	if ix < 0x40360000 { // |x| < 22
		if x == 0 {
			return x
		}
		if ix < 0x3c800000 {
			return x * (1 + x)
		}
		if ix >= 0x3ff00000 {
			t := math.Expm1(2 * math.Abs(x))
			z = 1 - 2/(t+2)
		} else {
			t := math.Expm1(-2 * math.Abs(x))
			z = -t / (t + 2)
		}
	} else {
		z = 1
	}
	return math.Copysign(z, x)
}

func fdAsinh(x float64) float64 {
	ix := highWord(x) & 0x7fffffff
	if ix < 0x3e300000 { // |x| < 2^-28
		return x
	}
	ax := math.Abs(x)
	var w float64
	switch {
	case ix > 0x41b00000: // |x| > 2^28
		if ix >= 0x7ff00000 {
			return x + x
		}
		w = crLog(ax) + ln2Hi
	case ix > 0x40000000: // |x| > 2
		w = crLog(2.0*ax + 1.0/(math.Sqrt(ax*ax+1.0)+ax))
	default:
		t := ax * ax
		w = math.Log1p(ax + t/(1.0+math.Sqrt(1.0+t)))
	}
	return math.Copysign(w, x)
}

// fdAcosh is acosh x for x >= 1.
func fdAcosh(x float64) float64 {
	hx := highWord(x)
	switch {
	case hx >= 0x41b00000: // x > 2^28
		if hx >= 0x7ff00000 {
			return x + x
		}
		return crLog(x) + ln2Hi
	case x == 1:
		return 0
	case hx > 0x40000000: // x > 2
		t := x * x
		return crLog(2.0*x - 1.0/(x+math.Sqrt(t-1.0)))
	}
	t := x - 1.0
	return math.Log1p(t + math.Sqrt(2.0*t+t*t))
}

// fdAtanh is atanh x for |x| < 1.
func fdAtanh(x float64) float64 {
	xa := math.Abs(x)
	var t float64
	switch {
	case math.IsNaN(x):
		return x
	case xa < 0.5:
		if xa < 0x1p-28 {
			return x
		}
		t = xa + xa
		t = 0.5 * math.Log1p(t+t*xa/(1.0-xa))
	default:
		t = 0.5 * math.Log1p((xa+xa)/(1.0-xa))
	}
	return math.Copysign(t, x)
}

// fdLog10 is log10 x for x > 0 (or +Inf, NaN): fdlibm's split into
// exponent and mantissa over a correctly rounded ln.
func fdLog10(x float64) float64 {
	const (
		ivln10   = 4.34294481903251816668e-01
		log102hi = 3.01029995663611771306e-01
		log102lo = 3.69423907715893078616e-13
	)
	if math.IsNaN(x) || math.IsInf(x, 1) {
		return x
	}
	k := 0
	if highWord(x) < 0x00100000 { // subnormal
		k -= 54
		x *= 0x1p54
	}
	b := math.Float64bits(x)
	hx := uint32(b >> 32)
	k += int(hx>>20) - 1023
	i := uint32(0)
	if k < 0 {
		i = 1
	}
	hx = (hx & 0x000fffff) | ((0x3ff - i) << 20)
	y := float64(k + int(i))
	x = math.Float64frombits(uint64(hx)<<32 | b&0xffffffff)
	z := y*log102lo + ivln10*crLog(x)
	return z + y*log102hi
}

// ---------------------------------------------------------------------------
// Degree-based trigonometry (PG: float.c), exact at the usual angles.

var (
	degOnce                                                    sync.Once
	sin30, oneMinusCos60, asin05, acos05, atan10, tan45, cot45 float64
)

func degConsts() {
	degOnce.Do(func() {
		// As in PG, 30 and 60 are multiplied in float8 arithmetic (a Go
		// constant expression would be exact).
		thirty, sixty := 30.0, 60.0
		sin30 = crSin(thirty * rpd)
		oneMinusCos60 = 1.0 - crCos(sixty*rpd)
		asin05 = crAsin(0.5)
		acos05 = crAcos(0.5)
		atan10 = crAtan(1.0)
		tan45 = sindQ1(45) / cosdQ1(45)
		cot45 = cosdQ1(45) / sindQ1(45)
	})
}

func sind0to30(x float64) float64 { return (crSin(x*rpd) / sin30) / 2.0 }

func cosd0to60(x float64) float64 {
	return 1.0 - ((1.0-crCos(x*rpd))/oneMinusCos60)/2.0
}

func sindQ1(x float64) float64 {
	if x <= 30.0 {
		return sind0to30(x)
	}
	return cosd0to60(90.0 - x)
}

func cosdQ1(x float64) float64 {
	if x <= 60.0 {
		return cosd0to60(x)
	}
	return sind0to30(90.0 - x)
}

func asindQ1(x float64) float64 {
	if x <= 0.5 {
		return (crAsin(x) / asin05) * 30.0
	}
	return 90.0 - (crAcos(x)/acos05)*60.0
}

func acosdQ1(x float64) float64 {
	if x <= 0.5 {
		return 90.0 - (crAsin(x)/asin05)*30.0
	}
	return (crAcos(x) / acos05) * 60.0
}

// degreeReduce folds x (degrees, finite) into [0, 90], returning the sign
// to apply; negFlips says whether a negative angle flips the sign, and
// q2Flips whether the second quadrant does.
func degreeReduce(x float64, negFlips, q2Flips bool) (float64, float64) {
	sign := 1.0
	x = math.Mod(x, 360.0)
	if x < 0 {
		x = -x
		if negFlips {
			sign = -sign
		}
	}
	if x > 180 {
		x = 360 - x
		if negFlips {
			sign = -sign
		}
	}
	if x > 90 {
		x = 180 - x
		if q2Flips {
			sign = -sign
		}
	}
	return x, sign
}

// ---------------------------------------------------------------------------
// Numeric helpers.

// numForm classifies n, resolving a special value kept in Big.
func numForm(n types.Numeric) types.NumericForm {
	if n.Form != types.NumericFinite {
		return n.Form
	}
	if n.Big != nil && n.Big.Form != apd.Finite {
		switch {
		case n.Big.Form == apd.Infinite && n.Big.Negative:
			return types.NumericNegInf
		case n.Big.Form == apd.Infinite:
			return types.NumericPosInf
		}
		return types.NumericNaN
	}
	return types.NumericFinite
}

// numCoef returns finite n as coefficient × 10^-scale, scale its display
// scale (at least 0).
func numCoef(n types.Numeric) (*big.Int, int32) {
	scale := n.Scale
	if scale < 0 {
		scale = 0
	}
	var c *big.Int
	var exp int64
	if n.Big == nil {
		c = big.NewInt(n.Coef)
		exp = -int64(n.Scale)
	} else {
		c = n.Big.Coeff.MathBigInt()
		if n.Big.Negative {
			c.Neg(c)
		}
		exp = int64(n.Big.Exponent)
	}
	shift := exp + int64(scale)
	switch {
	case shift > 0:
		c.Mul(c, pow10Big(shift))
	case shift < 0:
		c = divRoundHalfAway(c, pow10Big(-shift))
	}
	return c, scale
}

func pow10Big(n int64) *big.Int { return new(big.Int).Exp(big.NewInt(10), big.NewInt(n), nil) }

// divRoundHalfAway returns a/b (b > 0) rounded half away from zero.
func divRoundHalfAway(a, b *big.Int) *big.Int {
	q, r := new(big.Int).QuoRem(a, b, new(big.Int))
	r.Abs(r).Lsh(r, 1)
	if r.Cmp(b) >= 0 {
		if a.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return q
}

// makeNum builds coefficient × 10^-scale with PostgreSQL's storage limits.
func makeNum(c *big.Int, scale int32) (types.Numeric, error) {
	if scale > types.NumericDscaleMax {
		return types.Numeric{}, errNumericOverflow()
	}
	if c.Sign() != 0 {
		digits := int64(len(new(big.Int).Abs(c).String()))
		if digits-int64(scale) > int64(types.NumericWeightMax+1)*4 {
			return types.Numeric{}, errNumericOverflow()
		}
	}
	if c.IsInt64() {
		return types.Numeric{Coef: c.Int64(), Scale: scale}, nil
	}
	d := &apd.Decimal{Exponent: -scale}
	if c.Sign() < 0 {
		d.Negative = true
	}
	d.Coeff.SetMathBigInt(new(big.Int).Abs(c))
	return types.Numeric{Scale: scale, Big: d}, nil
}

func numZero(scale int32) types.Numeric { return types.Numeric{Scale: scale} }

// nbaseDigits describes a nonzero |c| × 10^-scale as PostgreSQL stores it in
// base-10000 digits: the weight of the first digit, that digit, the next
// one, and whether any nonzero digit follows the first.
func nbaseDigits(c *big.Int, scale int32) (weight, d0, d1 int, more bool) {
	s := new(big.Int).Abs(c).String()
	e0 := len(s) - 1 - int(scale) // decimal exponent of the first digit
	g0 := floorDiv4(e0)
	weight = g0
	for i := 0; i < len(s); i++ {
		e := e0 - i
		dig := int(s[i] - '0')
		switch {
		case e >= 4*g0:
			d0 += dig * pow10Int(e-4*g0)
		case e >= 4*(g0-1):
			d1 += dig * pow10Int(e-4*(g0-1))
			if dig != 0 {
				more = true
			}
		default:
			if dig != 0 {
				more = true
			}
		}
	}
	return
}

func floorDiv4(e int) int {
	if e >= 0 {
		return e / 4
	}
	return -((-e + 3) / 4)
}

func pow10Int(n int) int {
	p := 1
	for ; n > 0; n-- {
		p *= 10
	}
	return p
}

// estimateLnDweight is PG's estimate_ln_dweight: roughly the decimal
// weight of ln(x), which picks the result scale of ln and log.
func estimateLnDweight(n types.Numeric) int {
	c, scale := numCoef(n)
	if c.Sign() <= 0 {
		return 0
	}
	one := pow10Big(int64(scale))
	c10 := new(big.Int).Mul(c, big.NewInt(10))
	if c10.Cmp(new(big.Int).Mul(one, big.NewInt(9))) >= 0 && c10.Cmp(new(big.Int).Mul(one, big.NewInt(11))) <= 0 {
		// 0.9 <= x <= 1.1: ln x is about x - 1.
		x := new(big.Int).Sub(c, one)
		if x.Sign() == 0 {
			return 0
		}
		w, d0, _, _ := nbaseDigits(x, scale)
		return w*4 + int(math.Log10(float64(d0)))
	}
	w, d0, d1, more := nbaseDigits(c, scale)
	digits := d0
	dweight := w * 4
	if more {
		digits = digits*10000 + d1
		dweight -= 4
	}
	lnv := math.Log(float64(digits)) + float64(dweight)*2.302585092994046
	return int(math.Log10(math.Abs(lnv)))
}

func clampScale(rscale int, dscales ...int32) int32 {
	for _, d := range dscales {
		if int(d) > rscale {
			rscale = int(d)
		}
	}
	if rscale < types.NumericMinDisplayScale {
		rscale = types.NumericMinDisplayScale
	}
	if rscale > types.NumericMaxDisplayScale {
		rscale = types.NumericMaxDisplayScale
	}
	return int32(rscale)
}

// digitsToBits is the binary precision that holds d decimal digits, plus
// a margin.
func digitsToBits(d int) uint {
	if d < 1 {
		d = 1
	}
	return uint(float64(d)*math.Log2(10)) + 64
}

// numToFloat converts finite n to a binary float of prec bits.
func numToFloat(n types.Numeric, prec uint) *big.Float {
	c, scale := numCoef(n)
	f := hpNew(prec).SetInt(c)
	if scale > 0 {
		f.Quo(f, hpNew(prec).SetInt(pow10Big(int64(scale))))
	}
	return f
}

// floatToNum rounds f half away from zero to scale decimal digits. f
// carries more correct digits than that, and the extra digits printed
// below the rounding position settle ties.
func floatToNum(f *big.Float, scale int32) (types.Numeric, error) {
	const extra = 24
	s := f.Text('f', int(scale)+extra)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	s = strings.Replace(s, ".", "", 1)
	c, ok := new(big.Int).SetString(s, 10)
	if !ok {
		return types.Numeric{}, pgerror.Internal("bad float text %q", s)
	}
	if neg {
		c.Neg(c)
	}
	return makeNum(divRoundHalfAway(c, pow10Big(extra)), scale)
}

// NumericLn is ln(numeric) (PG: numeric_ln).
func NumericLn(x types.Numeric) (types.Numeric, error) {
	switch numForm(x) {
	case types.NumericNaN:
		return types.NumericNaNValue, nil
	case types.NumericPosInf:
		return types.NumericPosInfValue, nil
	case types.NumericNegInf:
		return types.Numeric{}, errLogNegative()
	}
	switch x.Sign() {
	case 0:
		return types.Numeric{}, errLogZero()
	case -1:
		return types.Numeric{}, errLogNegative()
	}
	rscale := clampScale(types.NumericMinSigDigits-estimateLnDweight(x), x.Scale)
	// ln x has at most 6 digits before the point; it is needed to rscale
	// digits after it.
	prec := digitsToBits(int(rscale) + 6 + 30)
	return floatToNum(hpLog(numToFloat(x, prec+64), prec), rscale)
}

// NumericLog is log(base, x) (PG: numeric_log, log_var).
func NumericLog(base, x types.Numeric) (types.Numeric, error) {
	fb, fx := numForm(base), numForm(x)
	if fb != types.NumericFinite || fx != types.NumericFinite {
		if fb == types.NumericNaN || fx == types.NumericNaN {
			return types.NumericNaNValue, nil
		}
		sign := func(f types.NumericForm, n types.Numeric) int {
			switch f {
			case types.NumericPosInf:
				return 1
			case types.NumericNegInf:
				return -1
			}
			return n.Sign()
		}
		sb, sx := sign(fb, base), sign(fx, x)
		if sb < 0 || sx < 0 {
			return types.Numeric{}, errLogNegative()
		}
		if sb == 0 || sx == 0 {
			return types.Numeric{}, errLogZero()
		}
		if fb == types.NumericPosInf {
			if fx == types.NumericPosInf {
				return types.NumericNaNValue, nil
			}
			return numZero(0), nil
		}
		return types.NumericPosInfValue, nil
	}
	for _, v := range []types.Numeric{base, x} {
		switch v.Sign() {
		case 0:
			return types.Numeric{}, errLogZero()
		case -1:
			return types.Numeric{}, errLogNegative()
		}
	}
	bw, xw := estimateLnDweight(base), estimateLnDweight(x)
	rw := xw - bw
	rscale := clampScale(types.NumericMinSigDigits-rw, base.Scale, x.Scale)
	if c, s := numCoef(base); c.Cmp(pow10Big(int64(s))) == 0 {
		return types.Numeric{}, divByZero() // ln 1 = 0
	}
	abs := func(v int) int { return max(v, -v) }
	prec := digitsToBits(int(rscale) + abs(rw) + abs(bw) + abs(xw) + 40)
	lb := hpLog(numToFloat(base, prec+64), prec)
	lx := hpLog(numToFloat(x, prec+64), prec)
	return floatToNum(lx.Quo(lx, lb), rscale)
}

// NumericExp is exp(numeric) (PG: numeric_exp).
func NumericExp(x types.Numeric) (types.Numeric, error) {
	switch numForm(x) {
	case types.NumericNaN:
		return types.NumericNaNValue, nil
	case types.NumericPosInf:
		return types.NumericPosInfValue, nil
	case types.NumericNegInf:
		return numZero(0), nil
	}
	val := x.Float64()
	dw := val * 0.434294481903252 // about the decimal weight of the result
	w := math.Min(math.Max(dw, -types.NumericMaxResultScale), types.NumericMaxResultScale)
	rscale := clampScale(types.NumericMinSigDigits-int(w), x.Scale)
	if math.Abs(val) >= types.NumericMaxResultScale*3 {
		if val > 0 {
			return types.Numeric{}, errNumericOverflow()
		}
		return numZero(rscale), nil
	}
	if x.Sign() == 0 {
		return types.NumericRound(types.NumericFromInt64(1), rscale)
	}
	prec := digitsToBits(max(int(rscale)+int(math.Ceil(dw)), 0) + 30)
	return floatToNum(hpExp(numToFloat(x, prec+64), prec), rscale)
}

// NumericSqrt is sqrt(numeric) (PG: numeric_sqrt), rounded exactly.
func NumericSqrt(x types.Numeric) (types.Numeric, error) {
	switch numForm(x) {
	case types.NumericNaN:
		return types.NumericNaNValue, nil
	case types.NumericPosInf:
		return types.NumericPosInfValue, nil
	case types.NumericNegInf:
		return types.Numeric{}, errSqrtNegative()
	}
	if x.Sign() < 0 {
		return types.Numeric{}, errSqrtNegative()
	}
	c, scale := numCoef(x)
	weight := 0
	if c.Sign() != 0 {
		weight, _, _, _ = nbaseDigits(c, scale)
	}
	sweight := (weight+1)*4/2 - 1 // C division truncates toward zero
	rscale := clampScale(types.NumericMinSigDigits-sweight, scale)
	return makeNum(sqrtRound(c, scale, rscale), rscale)
}

// sqrtRound returns the coefficient at scale rscale of the square root of
// c × 10^-scale (c >= 0), rounded half up exactly: with e = 2 rscale -
// scale it is r = floor(sqrt(c × 10^e)), plus one when 4 c 10^e >= (2r+1)^2.
func sqrtRound(c *big.Int, scale, rscale int32) *big.Int {
	lhs := new(big.Int).Lsh(c, 2)
	var r *big.Int
	rhsScale := big.NewInt(1)
	if e := int64(2*rscale) - int64(scale); e >= 0 {
		n := new(big.Int).Mul(c, pow10Big(e))
		r = new(big.Int).Sqrt(n)
		lhs.Mul(lhs, pow10Big(e))
	} else {
		rhsScale = pow10Big(-e)
		r = new(big.Int).Sqrt(new(big.Int).Quo(c, rhsScale))
	}
	t := new(big.Int).Lsh(r, 1)
	t.Add(t, big.NewInt(1))
	t.Mul(t, t)
	t.Mul(t, rhsScale)
	if lhs.Cmp(t) >= 0 {
		r.Add(r, big.NewInt(1))
	}
	return r
}

// numFloorCeil is floor (ceil false) or ceil of finite n, with scale 0.
func numFloorCeil(n types.Numeric, ceil bool) (types.Numeric, error) {
	if numForm(n) != types.NumericFinite {
		return n, nil
	}
	c, scale := numCoef(n)
	p := pow10Big(int64(scale))
	q, r := new(big.Int).QuoRem(c, p, new(big.Int))
	if r.Sign() != 0 {
		if ceil && c.Sign() > 0 {
			q.Add(q, big.NewInt(1))
		} else if !ceil && c.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		}
	}
	return makeNum(q, 0)
}

// minScale is PG's get_min_scale: the fewest decimals that show n exactly.
func minScale(n types.Numeric) int32 {
	c, scale := numCoef(n)
	if c.Sign() == 0 {
		return 0
	}
	ten := big.NewInt(10)
	r := new(big.Int)
	q := new(big.Int).Abs(c)
	for scale > 0 {
		q2, _ := new(big.Int).QuoRem(q, ten, r)
		if r.Sign() != 0 {
			break
		}
		q = q2
		scale--
	}
	return scale
}

func numGcd(a, b types.Numeric) (*big.Int, *big.Int, *big.Int, int32) {
	ac, as := numCoef(a)
	bc, bs := numCoef(b)
	s := max(as, bs)
	ac.Mul(ac, pow10Big(int64(s-as)))
	bc.Mul(bc, pow10Big(int64(s-bs)))
	g := new(big.Int).GCD(nil, nil, new(big.Int).Abs(ac), new(big.Int).Abs(bc))
	return g, ac, bc, s
}

// widthBucketNumeric is PG's width_bucket_numeric.
func widthBucketNumeric(op, b1, b2 types.Numeric, count int64) (types.Datum, error) {
	if count <= 0 {
		return nil, pgerror.New(invalidArgumentForWidthBucket, "count must be greater than zero")
	}
	fo, f1, f2 := numForm(op), numForm(b1), numForm(b2)
	if fo == types.NumericNaN || f1 == types.NumericNaN || f2 == types.NumericNaN {
		return nil, pgerror.New(invalidArgumentForWidthBucket, "operand, lower bound, and upper bound cannot be NaN")
	}
	if f1 != types.NumericFinite || f2 != types.NumericFinite {
		return nil, pgerror.New(invalidArgumentForWidthBucket, "lower and upper bounds must be finite")
	}
	var result types.Numeric
	cnt := types.NumericFromInt64(count)
	bucket := func(lo, hi, x types.Numeric) (types.Numeric, error) {
		num, err := types.NumericSub(x, lo)
		if err != nil {
			return num, err
		}
		den, err := types.NumericSub(hi, lo)
		if err != nil {
			return den, err
		}
		if num, err = types.NumericMul(num, cnt); err != nil {
			return num, err
		}
		q, err := types.NumericDiv(num, den)
		if err != nil {
			return q, err
		}
		if q, err = types.NumericAdd(q, types.NumericFromInt64(1)); err != nil {
			return q, err
		}
		return numFloorCeil(q, false)
	}
	var err error
	switch types.NumericCmp(b1, b2) {
	case 0:
		return nil, pgerror.New(invalidArgumentForWidthBucket, "lower bound cannot equal upper bound")
	case -1:
		switch {
		case types.NumericCmp(op, b1) < 0:
			result = numZero(0)
		case types.NumericCmp(op, b2) >= 0:
			result = types.NumericFromInt64(count + 1)
		default:
			result, err = bucket(b1, b2, op)
		}
	default:
		switch {
		case types.NumericCmp(op, b1) > 0:
			result = numZero(0)
		case types.NumericCmp(op, b2) <= 0:
			result = types.NumericFromInt64(count + 1)
		default:
			// Reversed bounds: (b1 - op) * count / (b1 - b2).
			result, err = bucket(types.NumericNeg(b1), types.NumericNeg(b2), types.NumericNeg(op))
		}
	}
	if err != nil {
		return nil, err
	}
	v, ok := result.Int64Round()
	if !ok || v > math.MaxInt32 || v < math.MinInt32 {
		return nil, outOfRange("integer out of range")
	}
	return v, nil
}

// widthBucketFloat is PG's width_bucket_float8.
func widthBucketFloat(op, b1, b2 float64, count int64) (types.Datum, error) {
	if count <= 0 {
		return nil, pgerror.New(invalidArgumentForWidthBucket, "count must be greater than zero")
	}
	if math.IsNaN(op) || math.IsNaN(b1) || math.IsNaN(b2) {
		return nil, pgerror.New(invalidArgumentForWidthBucket, "operand, lower bound, and upper bound cannot be NaN")
	}
	if math.IsInf(b1, 0) || math.IsInf(b2, 0) {
		return nil, pgerror.New(invalidArgumentForWidthBucket, "lower and upper bounds must be finite")
	}
	over := func() (types.Datum, error) {
		if count == math.MaxInt32 {
			return nil, outOfRange("integer out of range")
		}
		return count + 1, nil
	}
	switch {
	case b1 < b2:
		if op < b1 {
			return int64(0), nil
		}
		if op >= b2 {
			return over()
		}
		return int64(int32(float64(count)*(op-b1)/(b2-b1) + 1)), nil
	case b1 > b2:
		if op > b1 {
			return int64(0), nil
		}
		if op <= b2 {
			return over()
		}
		return int64(int32(float64(count)*(b1-op)/(b1-b2) + 1)), nil
	}
	return nil, pgerror.New(invalidArgumentForWidthBucket, "lower bound cannot equal upper bound")
}

// intGcd is PG's int4gcd_internal/int8gcd_internal for the range [lo, ...].
func intGcd(a, b, lo int64, msg string) (int64, error) {
	na, nb := a, b
	if na > 0 {
		na = -na
	}
	if nb > 0 {
		nb = -nb
	}
	if na > nb { // put the greater absolute value in a
		a, b = b, a
	}
	if a == lo {
		if b == 0 || b == lo {
			return 0, outOfRange(msg)
		}
		if b == -1 {
			return 1, nil
		}
	}
	for b != 0 {
		a, b = b, a%b
	}
	if a < 0 {
		a = -a
	}
	return a, nil
}

func intLcm(a, b int64, t types.Oid) (int64, error) {
	lo, _, msg := intRange(t)
	if a == 0 || b == 0 {
		return 0, nil
	}
	g, err := intGcd(a, b, lo, msg)
	if err != nil {
		return 0, err
	}
	r, err := IntArith('*', t, a/g, b)
	if err != nil {
		return 0, err
	}
	if r == lo {
		return 0, outOfRange(msg)
	}
	if r < 0 {
		r = -r
	}
	return r, nil
}

// ---------------------------------------------------------------------------
// random() and setseed(): xoroshiro128** seeded as PG's pg_prng does, so a
// session that calls setseed(x) gets PostgreSQL's sequence. The state is
// shared by all sessions (the functions have no session state to use).

type prng struct {
	mu     sync.Mutex
	s0, s1 uint64
	seeded bool
}

var drandom prng

func splitmix64(state *uint64) uint64 {
	*state += 0x9E3779B97f4A7C15
	v := *state
	v = (v ^ (v >> 30)) * 0xBF58476D1CE4E5B9
	v = (v ^ (v >> 27)) * 0x94D049BB133111EB
	return v ^ (v >> 31)
}

func (p *prng) seed(s uint64) {
	p.s0 = splitmix64(&s)
	p.s1 = splitmix64(&s)
	if p.s0 == 0 && p.s1 == 0 {
		p.s0, p.s1 = 0x5851F42D4C957F2D, 0x14057B7EF767814F
	}
	p.seeded = true
}

func (p *prng) next() uint64 {
	s0 := p.s0
	sx := p.s1 ^ s0
	v := bits.RotateLeft64(s0*5, 7) * 9
	p.s0 = bits.RotateLeft64(s0, 24) ^ sx ^ (sx << 16)
	p.s1 = bits.RotateLeft64(sx, 37)
	return v
}

func (p *prng) double() float64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.seeded {
		var b [8]byte
		_, _ = rand.Read(b[:])
		p.seed(binary.LittleEndian.Uint64(b[:]))
	}
	return math.Ldexp(float64(p.next()>>(64-52)), -52)
}

func (p *prng) fseed(f float64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	// As PG: the seed scaled by 2^52-1 and truncated to int64.
	p.seed(uint64(int64(float64(uint64(1)<<52-1) * f)))
}

// formatG prints f as PostgreSQL's snprintf does for %g.
func formatG(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	return strconv.FormatFloat(f, 'g', 6, 64)
}

// ---------------------------------------------------------------------------

func f8(a []types.Datum, i int) float64 { return a[i].(float64) }

func init() {
	f8f8 := []types.Oid{types.Float8Oid, types.Float8Oid}
	num2 := []types.Oid{types.NumericOid, types.NumericOid}
	float1 := func(name string, impl func(x float64) (types.Datum, error)) {
		fn(name, tFloat8, types.Float8Oid, func(a []types.Datum) (types.Datum, error) { return impl(f8(a, 0)) })
	}

	// Logarithms and exponentials.
	float1("exp", func(x float64) (types.Datum, error) {
		r := crExp(x)
		switch {
		case math.IsNaN(x) || math.IsInf(x, 0):
			return r, nil
		case math.IsInf(r, 0):
			return nil, errFloatOverflow()
		case r == 0:
			return nil, errFloatUnderflow()
		}
		return r, nil
	})
	logf := func(f func(float64) float64) func(x float64) (types.Datum, error) {
		return func(x float64) (types.Datum, error) {
			switch {
			case x == 0:
				return nil, errLogZero()
			case x < 0:
				return nil, errLogNegative()
			}
			return f(x), nil
		}
	}
	float1("ln", logf(crLog))
	float1("log", logf(fdLog10))
	float1("log10", logf(fdLog10))
	float1("cbrt", func(x float64) (types.Datum, error) { return math.Cbrt(x), nil })

	numeric1 := func(name string, impl func(types.Numeric) (types.Numeric, error)) {
		fn(name, tNumeric, types.NumericOid, func(a []types.Datum) (types.Datum, error) {
			r, err := impl(a[0].(types.Numeric))
			if err != nil {
				return nil, err
			}
			return r, nil
		})
	}
	numeric1("exp", NumericExp)
	numeric1("ln", NumericLn)
	numeric1("sqrt", NumericSqrt)
	log10n := func(x types.Numeric) (types.Numeric, error) { return NumericLog(types.NumericFromInt64(10), x) }
	numeric1("log", log10n)
	numeric1("log10", log10n)
	fn("log", num2, types.NumericOid, func(a []types.Datum) (types.Datum, error) {
		r, err := NumericLog(a[0].(types.Numeric), a[1].(types.Numeric))
		if err != nil {
			return nil, err
		}
		return r, nil
	})

	// Trigonometry (radians).
	checked := func(f func(float64) float64) func(x float64) (types.Datum, error) {
		return func(x float64) (types.Datum, error) {
			switch {
			case math.IsNaN(x):
				return x, nil
			case math.IsInf(x, 0):
				return nil, errInputOutOfRange()
			}
			return f(x), nil
		}
	}
	float1("sin", checked(crSin))
	float1("cos", checked(crCos))
	float1("tan", checked(crTan))
	float1("cot", checked(func(x float64) float64 { return 1.0 / crTan(x) }))
	unit := func(f func(float64) float64) func(x float64) (types.Datum, error) {
		return func(x float64) (types.Datum, error) {
			switch {
			case math.IsNaN(x):
				return x, nil
			case x < -1 || x > 1:
				return nil, errInputOutOfRange()
			}
			return f(x), nil
		}
	}
	float1("asin", unit(crAsin))
	float1("acos", unit(crAcos))
	float1("atan", func(x float64) (types.Datum, error) { return crAtan(x), nil })
	fn("atan2", f8f8, types.Float8Oid, func(a []types.Datum) (types.Datum, error) {
		return crAtan2(f8(a, 0), f8(a, 1)), nil
	})

	// Trigonometry (degrees).
	degree := func(negFlips, q2Flips bool, f func(x, sign float64) float64) func(x float64) (types.Datum, error) {
		return func(x float64) (types.Datum, error) {
			switch {
			case math.IsNaN(x):
				return x, nil
			case math.IsInf(x, 0):
				return nil, errInputOutOfRange()
			}
			degConsts()
			x, sign := degreeReduce(x, negFlips, q2Flips)
			return f(x, sign), nil
		}
	}
	float1("sind", degree(true, false, func(x, sign float64) float64 { return sign * sindQ1(x) }))
	float1("cosd", degree(false, true, func(x, sign float64) float64 { return sign * cosdQ1(x) }))
	float1("tand", degree(true, true, func(x, sign float64) float64 {
		r := sign * ((sindQ1(x) / cosdQ1(x)) / tan45)
		if r == 0 {
			r = 0 // no negative zero
		}
		return r
	}))
	float1("cotd", degree(true, true, func(x, sign float64) float64 {
		r := sign * ((cosdQ1(x) / sindQ1(x)) / cot45)
		if r == 0 {
			r = 0
		}
		return r
	}))
	float1("asind", unit(func(x float64) float64 {
		degConsts()
		if x >= 0 {
			return asindQ1(x)
		}
		return -asindQ1(-x)
	}))
	float1("acosd", unit(func(x float64) float64 {
		degConsts()
		if x >= 0 {
			return acosdQ1(x)
		}
		return 90.0 + asindQ1(-x)
	}))
	float1("atand", func(x float64) (types.Datum, error) {
		if math.IsNaN(x) {
			return x, nil
		}
		degConsts()
		return (crAtan(x) / atan10) * 45.0, nil
	})
	fn("atan2d", f8f8, types.Float8Oid, func(a []types.Datum) (types.Datum, error) {
		y, x := f8(a, 0), f8(a, 1)
		if math.IsNaN(x) || math.IsNaN(y) {
			return math.NaN(), nil
		}
		degConsts()
		return (crAtan2(y, x) / atan10) * 45.0, nil
	})
	float1("degrees", func(x float64) (types.Datum, error) {
		return FloatArith('/', types.Float8Oid, x, rpd)
	})
	float1("radians", func(x float64) (types.Datum, error) {
		return FloatArith('*', types.Float8Oid, x, rpd)
	})
	fn("pi", nil, types.Float8Oid, func([]types.Datum) (types.Datum, error) { return math.Pi, nil })

	// Hyperbolic functions.
	float1("sinh", func(x float64) (types.Datum, error) { return fdSinh(x), nil })
	float1("cosh", func(x float64) (types.Datum, error) { return fdCosh(x), nil })
	float1("tanh", func(x float64) (types.Datum, error) { return fdTanh(x), nil })
	float1("asinh", func(x float64) (types.Datum, error) { return fdAsinh(x), nil })
	float1("acosh", func(x float64) (types.Datum, error) {
		if x < 1 {
			return nil, errInputOutOfRange()
		}
		return fdAcosh(x), nil
	})
	float1("atanh", func(x float64) (types.Datum, error) {
		switch {
		case x < -1 || x > 1:
			return nil, errInputOutOfRange()
		case x == -1:
			return math.Inf(-1), nil
		case x == 1:
			return math.Inf(1), nil
		}
		return fdAtanh(x), nil
	})

	// Sign, rounding, scale.
	float1("sign", func(x float64) (types.Datum, error) {
		switch {
		case x > 0:
			return 1.0, nil
		case x < 0:
			return -1.0, nil
		}
		return 0.0, nil
	})
	numeric1("sign", func(n types.Numeric) (types.Numeric, error) {
		if numForm(n) == types.NumericNaN {
			return types.NumericNaNValue, nil
		}
		switch {
		case numForm(n) == types.NumericPosInf:
			return types.NumericFromInt64(1), nil
		case numForm(n) == types.NumericNegInf:
			return types.NumericFromInt64(-1), nil
		}
		return types.NumericFromInt64(int64(n.Sign())), nil
	})
	numeric1("ceil", func(n types.Numeric) (types.Numeric, error) { return numFloorCeil(n, true) })
	numeric1("ceiling", func(n types.Numeric) (types.Numeric, error) { return numFloorCeil(n, true) })
	numeric1("floor", func(n types.Numeric) (types.Numeric, error) { return numFloorCeil(n, false) })
	fn("scale", tNumeric, types.Int4Oid, func(a []types.Datum) (types.Datum, error) {
		n := a[0].(types.Numeric)
		if numForm(n) != types.NumericFinite {
			return nil, nil
		}
		_, s := numCoef(n)
		return int64(s), nil
	})
	fn("min_scale", tNumeric, types.Int4Oid, func(a []types.Datum) (types.Datum, error) {
		n := a[0].(types.Numeric)
		if numForm(n) != types.NumericFinite {
			return nil, nil
		}
		return int64(minScale(n)), nil
	})
	numeric1("trim_scale", func(n types.Numeric) (types.Numeric, error) {
		if numForm(n) != types.NumericFinite {
			return n, nil
		}
		return types.NumericTrunc(n, minScale(n))
	})
	fn("div", num2, types.NumericOid, func(a []types.Datum) (types.Datum, error) {
		r, err := types.NumericDivTrunc(a[0].(types.Numeric), a[1].(types.Numeric))
		if err != nil {
			return nil, err
		}
		return r, nil
	})

	// factorial, gcd, lcm.
	fn("factorial", []types.Oid{types.Int8Oid}, types.NumericOid, func(a []types.Datum) (types.Datum, error) {
		n := a[0].(int64)
		switch {
		case n < 0:
			return nil, outOfRange("factorial of a negative number is undefined")
		case n <= 1:
			return types.NumericFromInt64(1), nil
		case n > 32177:
			return nil, errNumericOverflow()
		}
		r := big.NewInt(1)
		return makeNum(r.MulRange(1, n), 0)
	})
	for _, t := range []types.Oid{types.Int4Oid, types.Int8Oid} {
		t := t
		lo, _, msg := intRange(t)
		fn("gcd", []types.Oid{t, t}, t, func(a []types.Datum) (types.Datum, error) {
			return intGcd(a[0].(int64), a[1].(int64), lo, msg)
		})
		fn("lcm", []types.Oid{t, t}, t, func(a []types.Datum) (types.Datum, error) {
			return intLcm(a[0].(int64), a[1].(int64), t)
		})
	}
	fn("gcd", num2, types.NumericOid, func(a []types.Datum) (types.Datum, error) {
		x, y := a[0].(types.Numeric), a[1].(types.Numeric)
		if numForm(x) != types.NumericFinite || numForm(y) != types.NumericFinite {
			return types.NumericNaNValue, nil
		}
		g, _, _, s := numGcd(x, y)
		return makeNum(g, s)
	})
	fn("lcm", num2, types.NumericOid, func(a []types.Datum) (types.Datum, error) {
		x, y := a[0].(types.Numeric), a[1].(types.Numeric)
		if numForm(x) != types.NumericFinite || numForm(y) != types.NumericFinite {
			return types.NumericNaNValue, nil
		}
		g, xc, yc, s := numGcd(x, y)
		if xc.Sign() == 0 || yc.Sign() == 0 {
			return numZero(s), nil
		}
		r := new(big.Int).Quo(xc, g)
		r.Mul(r, yc).Abs(r)
		return makeNum(r, s)
	})

	// width_bucket.
	fn("width_bucket", []types.Oid{types.Float8Oid, types.Float8Oid, types.Float8Oid, types.Int4Oid}, types.Int4Oid,
		func(a []types.Datum) (types.Datum, error) {
			return widthBucketFloat(f8(a, 0), f8(a, 1), f8(a, 2), a[3].(int64))
		})
	fn("width_bucket", []types.Oid{types.NumericOid, types.NumericOid, types.NumericOid, types.Int4Oid}, types.Int4Oid,
		func(a []types.Datum) (types.Datum, error) {
			return widthBucketNumeric(a[0].(types.Numeric), a[1].(types.Numeric), a[2].(types.Numeric), a[3].(int64))
		})

	registerVarianceAggs()

	// random() and setseed() are volatile and parallel restricted, as in PG.
	register(&Func{Name: "random", Result: types.Float8Oid, Strict: true, Volatile: Volatile, Parallel: ParallelRestricted,
		Impl: func([]types.Datum) (types.Datum, error) { return drandom.double(), nil }})
	register(&Func{Name: "setseed", Args: tFloat8, Result: types.VoidOid, Strict: true, Volatile: Volatile, Parallel: ParallelRestricted,
		Impl: func(a []types.Datum) (types.Datum, error) {
			s := f8(a, 0)
			if s < -1 || s > 1 || math.IsNaN(s) {
				return nil, pgerror.Newf(pgerror.InvalidParameterValue, "setseed parameter %s is out of allowed range [-1,1]", formatG(s))
			}
			drandom.fseed(s)
			return "", nil
		}})
}

// ---------------------------------------------------------------------------
// var_pop, var_samp, variance, stddev_pop, stddev_samp, stddev.

// varKind selects the final function of a variance aggregate.
type varKind struct{ variance, sample bool }

// varNumState accumulates integers or numerics exactly (PG: int8_accum,
// numeric_accum, int4_accum): count, sum and sum of squares, the sums as
// coefficients at scale (the largest input scale) and 2 × scale.
type varNumState struct {
	kind            varKind
	n               int64
	sum, sum2       *big.Int
	scale           int32
	nan, pinf, ninf int64
}

func (s *varNumState) rescale(scale int32) {
	if scale <= s.scale {
		return
	}
	d := int64(scale - s.scale)
	s.sum.Mul(s.sum, pow10Big(d))
	s.sum2.Mul(s.sum2, pow10Big(2*d))
	s.scale = scale
}

func (s *varNumState) init() {
	if s.sum == nil {
		s.sum, s.sum2 = new(big.Int), new(big.Int)
	}
}

func (s *varNumState) Advance(d types.Datum) error {
	s.init()
	s.n++
	var c *big.Int
	var scale int32
	switch v := d.(type) {
	case int64:
		c = big.NewInt(v)
	case types.Numeric:
		switch numForm(v) {
		case types.NumericNaN:
			s.nan++
			return nil
		case types.NumericPosInf:
			s.pinf++
			return nil
		case types.NumericNegInf:
			s.ninf++
			return nil
		}
		c, scale = numCoef(v)
	}
	s.rescale(scale)
	if s.scale != scale {
		c.Mul(c, pow10Big(int64(s.scale-scale)))
	}
	s.sum.Add(s.sum, c)
	s.sum2.Add(s.sum2, c.Mul(c, c))
	return nil
}

func (s *varNumState) Combine(o AggState) error {
	x := o.(*varNumState)
	if x.n == 0 {
		return nil
	}
	s.init()
	s.rescale(x.scale)
	d := int64(s.scale - x.scale)
	s.sum.Add(s.sum, new(big.Int).Mul(x.sum, pow10Big(d)))
	s.sum2.Add(s.sum2, new(big.Int).Mul(x.sum2, pow10Big(2*d)))
	s.n += x.n
	s.nan += x.nan
	s.pinf += x.pinf
	s.ninf += x.ninf
	return nil
}

// Final is PG's numeric_stddev_internal.
func (s *varNumState) Final() (types.Datum, error) {
	if s.n == 0 || (s.kind.sample && s.n <= 1) {
		return nil, nil
	}
	if s.nan > 0 || s.pinf > 0 || s.ninf > 0 {
		return types.NumericNaNValue, nil
	}
	// N × sumX2 - sumX^2 at scale 2 × scale, exactly.
	num := new(big.Int).Mul(big.NewInt(s.n), s.sum2)
	num.Sub(num, new(big.Int).Mul(s.sum, s.sum))
	if num.Sign() <= 0 {
		return types.NumericFromInt64(0), nil
	}
	den := big.NewInt(s.n)
	if s.kind.sample {
		den.Mul(den, big.NewInt(s.n-1))
	} else {
		den.Mul(den, big.NewInt(s.n))
	}
	numN, err := makeNum(num, 2*s.scale)
	if err != nil {
		return nil, err
	}
	denN, err := makeNum(den, 0)
	if err != nil {
		return nil, err
	}
	q, err := types.NumericDiv(numN, denN)
	if err != nil {
		return nil, err
	}
	if s.kind.variance {
		return q, nil
	}
	c, scale := numCoef(q)
	return makeNum(sqrtRound(c, scale, scale), scale)
}

// varFloatState is PG's float8_accum state (N, Sx, Sxx, Youngs-Cramer),
// which avg's state already keeps; only the final function differs.
type varFloatState struct {
	floatState
	kind varKind
}

func (s *varFloatState) Combine(o AggState) error {
	return s.floatState.Combine(&o.(*varFloatState).floatState)
}

func (s *varFloatState) Final() (types.Datum, error) {
	d := s.n
	if s.kind.sample {
		if s.n <= 1 {
			return nil, nil
		}
		d = s.n - 1
	} else if s.n == 0 {
		return nil, nil
	}
	v := s.sxx / d
	if !s.kind.variance {
		v = math.Sqrt(v)
	}
	return v, nil
}

func registerVarianceAggs() {
	kinds := map[string]varKind{
		"var_pop": {true, false}, "var_samp": {true, true}, "variance": {true, true},
		"stddev_pop": {false, false}, "stddev_samp": {false, true}, "stddev": {false, true},
	}
	for _, name := range []string{"var_pop", "var_samp", "variance", "stddev_pop", "stddev_samp", "stddev"} {
		k := kinds[name]
		for _, arg := range []types.Oid{types.Int2Oid, types.Int4Oid, types.Int8Oid, types.Float4Oid, types.Float8Oid, types.NumericOid} {
			a := &Aggregate{Name: name, ArgType: arg}
			switch arg {
			case types.Float4Oid, types.Float8Oid:
				a.Result = types.Float8Oid
				a.New = func() AggState { return &varFloatState{floatState: floatState{avg: true}, kind: k} }
				a.TransType, a.FinalFn = float8ArrayOid, true
				a.TransFn = map[types.Oid]string{types.Float4Oid: "float4_accum", types.Float8Oid: "float8_accum"}[arg]
			default:
				a.Result = types.NumericOid
				a.New = func() AggState { return &varNumState{kind: k} }
				a.TransType, a.FinalFn, a.SerialFn = types.InternalOid, true, true
				a.TransSpace = 128
				a.TransFn = map[types.Oid]string{types.Int2Oid: "int2_accum", types.Int4Oid: "int4_accum", types.Int8Oid: "int8_accum", types.NumericOid: "numeric_accum"}[arg]
				if arg == types.Int2Oid || arg == types.Int4Oid {
					a.TransSpace = 48
				}
			}
			register(&Func{Name: name, Args: []types.Oid{arg}, Result: a.Result, Agg: a})
		}
	}
}
