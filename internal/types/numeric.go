// This file holds the Numeric value type: its representation, construction,
// text parsing and printing, rounding, and conversions to and from Go
// integers and floats (PG: utils/adt/numeric.c, numeric_in/numeric_out).

package types

import (
	"math"
	"math/big"
	"math/bits"
	"strconv"

	"github.com/cockroachdb/apd/v3"

	"github.com/loomdb/loomdb/internal/pgerror"
)

// Numeric is a PostgreSQL numeric value. Finite values whose coefficient fits
// in an int64 use the fast form Coef × 10^-Scale; others keep an apd.Decimal in
// Big. Scale is always the display scale (PG's dscale), so 1.50 and 1.5 differ
// in Scale but compare equal. Special values (NaN, ±Infinity) set Form.
//
// When Big is set it holds the whole value and Coef is ignored; values built
// by this package keep Big.Exponent == -Scale and use Big only when the
// coefficient does not fit in an int64.
type Numeric struct {
	Coef  int64
	Scale int32
	Big   *apd.Decimal
	Form  NumericForm
}

// NumericForm tells finite numerics from PostgreSQL's special values.
type NumericForm uint8

const (
	NumericFinite NumericForm = iota
	NumericNaN
	NumericPosInf
	NumericNegInf
)

// Limits of PostgreSQL's numeric type (PG: numeric.h, numeric.c).
const (
	// NumericMaxPrecision is NUMERIC_MAX_PRECISION, the largest precision in a typmod.
	NumericMaxPrecision = 1000
	// NumericMinScale and NumericMaxScale bound the scale in a typmod.
	NumericMinScale = -1000
	NumericMaxScale = 1000
	// NumericMaxDisplayScale is NUMERIC_MAX_DISPLAY_SCALE, the largest scale
	// division and the transcendental functions choose on their own.
	NumericMaxDisplayScale = NumericMaxPrecision
	// NumericMinDisplayScale is NUMERIC_MIN_DISPLAY_SCALE.
	NumericMinDisplayScale = 0
	// NumericMaxResultScale is NUMERIC_MAX_RESULT_SCALE.
	NumericMaxResultScale = NumericMaxPrecision * 2
	// NumericMinSigDigits is NUMERIC_MIN_SIG_DIGITS: division keeps at least
	// this many significant digits.
	NumericMinSigDigits = 16
	// NumericDscaleMax is NUMERIC_DSCALE_MAX, the largest storable display scale.
	NumericDscaleMax = 0x3FFF
	// NumericWeightMax is NUMERIC_WEIGHT_MAX: the weight of the first
	// base-10000 digit of a storable value is at most this.
	NumericWeightMax = math.MaxInt16
	// numericMaxIntDigits is the number of decimal digits before the point
	// that a storable value may have.
	numericMaxIntDigits = (NumericWeightMax + 1) * 4
)

// Special numerics.
var (
	NumericNaNValue    = Numeric{Form: NumericNaN}
	NumericPosInfValue = Numeric{Form: NumericPosInf}
	NumericNegInfValue = Numeric{Form: NumericNegInf}
)

// pow10tab holds 10^0 … 10^19 as uint64.
var pow10tab = [20]uint64{
	1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000,
	10000000000, 100000000000, 1000000000000, 10000000000000, 100000000000000,
	1000000000000000, 10000000000000000, 100000000000000000, 1000000000000000000,
	10000000000000000000,
}

var bigPow10Cache [64]*big.Int

func init() {
	for i := range bigPow10Cache {
		bigPow10Cache[i] = new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(i)), nil)
	}
}

// bigPow10 returns 10^n (n >= 0); the result must not be modified.
func bigPow10(n int64) *big.Int {
	if n < int64(len(bigPow10Cache)) {
		return bigPow10Cache[n]
	}
	return new(big.Int).Exp(big.NewInt(10), big.NewInt(n), nil)
}

// errNumericOverflow is PG's make_result overflow report.
func errNumericOverflow() error {
	return pgerror.New(pgerror.NumericValueOutOfRange, "value overflows numeric format")
}

// errNumericDivZero is the numeric division-by-zero report.
func errDivisionByZero() error {
	return pgerror.New(pgerror.DivisionByZero, "division by zero")
}

// NumericFromInt64 returns v as a numeric with scale 0.
func NumericFromInt64(v int64) Numeric { return Numeric{Coef: v} }

// NumericFromFloat64 converts a float8 to numeric as PostgreSQL's
// float8_numeric does: NaN and infinities map to the special values and finite
// values go through "%.15g" text, so 0.1 becomes 0.1, not its binary expansion.
func NumericFromFloat64(f float64) Numeric {
	return numericFromFloat(f, 15)
}

// NumericFromFloat32 converts a float4 (held in a float64) to numeric as
// float4_numeric does, through "%.6g" text.
func NumericFromFloat32(f float64) Numeric {
	return numericFromFloat(f, 6)
}

func numericFromFloat(f float64, digits int) Numeric {
	switch {
	case math.IsNaN(f):
		return NumericNaNValue
	case math.IsInf(f, 1):
		return NumericPosInfValue
	case math.IsInf(f, -1):
		return NumericNegInfValue
	}
	var buf [40]byte
	s := strconv.AppendFloat(buf[:0], f, 'g', digits, 64)
	n, err := parseNumericBytes(s)
	if err != nil {
		return NumericNaNValue // unreachable: %g output always parses
	}
	return n
}

// IsNaN reports whether n is NaN.
func (n Numeric) IsNaN() bool { return n.Form == NumericNaN }

// IsInf reports whether n is +Infinity (sign > 0), -Infinity (sign < 0) or
// either (sign == 0).
func (n Numeric) IsInf(sign int) bool {
	switch n.Form {
	case NumericPosInf:
		return sign >= 0
	case NumericNegInf:
		return sign <= 0
	}
	return false
}

// IsSpecial reports whether n is NaN or an infinity.
func (n Numeric) IsSpecial() bool { return n.Form != NumericFinite }

// Sign returns -1, 0 or 1 for a finite value or an infinity, and 0 for NaN.
func (n Numeric) Sign() int {
	switch n.Form {
	case NumericNaN:
		return 0
	case NumericPosInf:
		return 1
	case NumericNegInf:
		return -1
	}
	if n.Big != nil {
		if n.Big.Form != apd.Finite {
			return n.canonSpecialSign()
		}
		if n.Big.Coeff.Sign() == 0 {
			return 0
		}
		if n.Big.Negative {
			return -1
		}
		return 1
	}
	switch {
	case n.Coef > 0:
		return 1
	case n.Coef < 0:
		return -1
	}
	return 0
}

func (n Numeric) canonSpecialSign() int {
	switch n.Big.Form {
	case apd.Infinite:
		if n.Big.Negative {
			return -1
		}
		return 1
	}
	return 0
}

// isFast reports whether n is finite and in the int64 form with a valid scale.
func (n Numeric) isFast() bool {
	return n.Form == NumericFinite && n.Big == nil && n.Scale >= 0
}

// canon returns n with its special form resolved (a Big holding an apd NaN or
// infinity turns into Form) and a negative Scale folded into the coefficient.
func (n Numeric) canon() Numeric {
	if n.Form != NumericFinite {
		return Numeric{Form: n.Form}
	}
	if n.Big != nil && n.Big.Form != apd.Finite {
		switch {
		case n.Big.Form == apd.Infinite && n.Big.Negative:
			return NumericNegInfValue
		case n.Big.Form == apd.Infinite:
			return NumericPosInfValue
		}
		return NumericNaNValue
	}
	if n.Scale < 0 {
		c := n.bigCoef()
		return makeNumeric(c, 0)
	}
	return n
}

// bigCoef returns the signed coefficient of finite n at scale max(n.Scale, 0),
// as a new big.Int. Digits of Big beyond the scale are rounded half away from
// zero.
func (n Numeric) bigCoef() *big.Int {
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
	scale := int64(n.Scale)
	if scale < 0 {
		scale = 0
	}
	// value = c × 10^exp; want coefficient at 10^-scale.
	shift := exp + scale
	switch {
	case shift > 0:
		c.Mul(c, bigPow10(shift))
	case shift < 0:
		c = bigDivRound(c, bigPow10(-shift))
	}
	return c
}

// bigDivRound returns a/b rounded half away from zero (b != 0).
func bigDivRound(a, b *big.Int) *big.Int {
	q, r := new(big.Int).QuoRem(a, b, new(big.Int))
	if r.Sign() != 0 {
		r.Abs(r)
		r.Lsh(r, 1)
		if r.CmpAbs(b) >= 0 {
			if (a.Sign() < 0) != (b.Sign() < 0) {
				q.Sub(q, big.NewInt(1))
			} else {
				q.Add(q, big.NewInt(1))
			}
		}
	}
	return q
}

// makeNumeric builds a finite numeric from a coefficient and a scale >= 0,
// choosing the int64 form when the coefficient fits. It does not check the
// storage limits.
func makeNumeric(c *big.Int, scale int32) Numeric {
	if c.IsInt64() {
		return Numeric{Coef: c.Int64(), Scale: scale}
	}
	d := &apd.Decimal{Exponent: -scale}
	if c.Sign() < 0 {
		d.Negative = true
		d.Coeff.SetMathBigInt(new(big.Int).Neg(c))
	} else {
		d.Coeff.SetMathBigInt(c)
	}
	return Numeric{Scale: scale, Big: d}
}

// makeNumericChecked is makeNumeric plus PG's make_result limits: at most
// 131072 digits before the decimal point and a display scale of at most 16383.
func makeNumericChecked(c *big.Int, scale int32) (Numeric, error) {
	if scale > NumericDscaleMax || scale < 0 {
		return Numeric{}, errNumericOverflow()
	}
	if c.Sign() != 0 && bigIntDigits(c)-int64(scale) > numericMaxIntDigits {
		return Numeric{}, errNumericOverflow()
	}
	return makeNumeric(c, scale), nil
}

// bigIntDigits returns the number of decimal digits of |c| (1 for zero).
func bigIntDigits(c *big.Int) int64 {
	bl := c.BitLen()
	if bl < 64 {
		return int64(uintDigits(new(big.Int).Abs(c).Uint64()))
	}
	// log10(2) ≈ 0.30103; the estimate is off by at most one.
	est := int64(float64(bl-1)*0.30102999566398120) + 1
	p := bigPow10(est)
	if new(big.Int).Abs(c).Cmp(p) >= 0 {
		return est + 1
	}
	return est
}

// uintDigits returns the number of decimal digits of u (1 for zero).
func uintDigits(u uint64) int {
	n := 1
	for n < 20 && u >= pow10tab[n] {
		n++
	}
	return n
}

// magnitude returns floor(log10|n|)+1 for finite canonical nonzero n (the
// number of digits before the decimal point, negative for values below 0.1),
// and false for zero.
func (n Numeric) magnitude() (int64, bool) {
	if n.Big == nil {
		u := absU64(n.Coef)
		if u == 0 {
			return 0, false
		}
		return int64(uintDigits(u)) - int64(n.Scale), true
	}
	c := n.bigCoef()
	if c.Sign() == 0 {
		return 0, false
	}
	return bigIntDigits(c) - int64(n.Scale), true
}

func absU64(v int64) uint64 {
	if v < 0 {
		return uint64(-v) // also right for MinInt64
	}
	return uint64(v)
}

// mulPow10 returns c × 10^d, or false when it overflows int64.
func mulPow10(c int64, d int32) (int64, bool) {
	if d == 0 || c == 0 {
		return c, true
	}
	if d < 0 || d > 18 {
		return 0, false
	}
	return mul64(c, int64(pow10tab[d]))
}

// add64 returns a+b, or false on overflow.
func add64(a, b int64) (int64, bool) {
	s := a + b
	if (a^s)&(b^s) < 0 {
		return 0, false
	}
	return s, true
}

// sub64 returns a-b, or false on overflow.
func sub64(a, b int64) (int64, bool) {
	s := a - b
	if (a^b)&(a^s) < 0 {
		return 0, false
	}
	return s, true
}

// mul64 returns a×b, or false on overflow.
func mul64(a, b int64) (int64, bool) {
	hi, lo := bits.Mul64(absU64(a), absU64(b))
	neg := (a < 0) != (b < 0)
	if hi != 0 {
		return 0, false
	}
	if neg {
		if lo > 1<<63 {
			return 0, false
		}
		return -int64(lo), true
	}
	if lo > math.MaxInt64 {
		return 0, false
	}
	return int64(lo), true
}

// ParseNumeric parses numeric text input as numeric_in does (without a
// typmod): optional surrounding whitespace, a sign, digits with an optional
// decimal point and exponent, or NaN, Infinity, inf with optional sign.
func ParseNumeric(s string) (Numeric, error) {
	n, err := parseNumericBytes([]byte(s))
	if err != nil {
		if _, ok := err.(*numSyntaxError); ok {
			return Numeric{}, pgerror.Newf(pgerror.InvalidTextRepresentation,
				"invalid input syntax for type %s: \"%s\"", "numeric", s)
		}
		return Numeric{}, err
	}
	return n, nil
}

type numSyntaxError struct{}

func (*numSyntaxError) Error() string { return "invalid numeric syntax" }

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// hasPrefixFold reports whether s begins with the ASCII prefix p, ignoring case.
func hasPrefixFold(s []byte, p string) bool {
	if len(s) < len(p) {
		return false
	}
	for i := 0; i < len(p); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		d := p[i]
		if 'A' <= d && d <= 'Z' {
			d += 'a' - 'A'
		}
		if c != d {
			return false
		}
	}
	return true
}

func parseNumericBytes(s []byte) (Numeric, error) {
	i := 0
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	rest := s[i:]
	var res Numeric
	special := true
	switch {
	case hasPrefixFold(rest, "NaN"):
		res, i = NumericNaNValue, i+3
	case hasPrefixFold(rest, "Infinity"):
		res, i = NumericPosInfValue, i+8
	case hasPrefixFold(rest, "+Infinity"):
		res, i = NumericPosInfValue, i+9
	case hasPrefixFold(rest, "-Infinity"):
		res, i = NumericNegInfValue, i+9
	case hasPrefixFold(rest, "inf"):
		res, i = NumericPosInfValue, i+3
	case hasPrefixFold(rest, "+inf"):
		res, i = NumericPosInfValue, i+4
	case hasPrefixFold(rest, "-inf"):
		res, i = NumericNegInfValue, i+4
	default:
		special = false
	}
	if !special {
		var err error
		res, i, err = parseNumericDigits(s, i)
		if err != nil {
			return Numeric{}, err
		}
	}
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	if i != len(s) {
		return Numeric{}, &numSyntaxError{}
	}
	return res, nil
}

// parseNumericDigits parses [sign] digits [. digits] [e [sign] digits]
// starting at s[i] and returns the value and the index after it.
func parseNumericDigits(s []byte, i int) (Numeric, int, error) {
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	// Collect significant digits without leading zeros.
	start := i
	haveDP := false
	if i < len(s) && s[i] == '.' {
		haveDP = true
		i++
	}
	if i >= len(s) || !isDigit(s[i]) {
		return Numeric{}, i, &numSyntaxError{}
	}
	i = start
	var digBuf [40]byte
	digs := digBuf[:0]
	haveDP = false
	frac := int64(0) // digits after the decimal point
	for i < len(s) {
		c := s[i]
		if isDigit(c) {
			if len(digs) > 0 || c != '0' {
				digs = append(digs, c)
			}
			if haveDP {
				frac++
			}
			i++
		} else if c == '.' {
			if haveDP {
				return Numeric{}, i, &numSyntaxError{}
			}
			haveDP = true
			i++
		} else {
			break
		}
	}
	exp := int64(0)
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		// Like strtol: optional whitespace and sign, then at least one digit.
		j := i + 1
		for j < len(s) && isSpace(s[j]) {
			j++
		}
		eneg := false
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			eneg = s[j] == '-'
			j++
		}
		if j >= len(s) || !isDigit(s[j]) {
			return Numeric{}, i, &numSyntaxError{}
		}
		for j < len(s) && isDigit(s[j]) {
			if exp < 1<<40 {
				exp = exp*10 + int64(s[j]-'0')
			}
			j++
		}
		if eneg {
			exp = -exp
		}
		i = j
	}
	scale := frac - exp // value = digits × 10^-scale
	dscale := scale
	if dscale < 0 {
		dscale = 0
	}
	if dscale > NumericDscaleMax {
		return Numeric{}, i, errNumericOverflow()
	}
	if len(digs) == 0 {
		return Numeric{Scale: int32(dscale)}, i, nil
	}
	if int64(len(digs))-scale > numericMaxIntDigits {
		return Numeric{}, i, errNumericOverflow()
	}
	// Coefficient at dscale: digits × 10^(dscale-scale); dscale >= scale.
	shift := dscale - scale
	if len(digs)+int(shift) <= 18 {
		var c int64
		for _, d := range digs {
			c = c*10 + int64(d-'0')
		}
		c *= int64(pow10tab[shift])
		if neg {
			c = -c
		}
		return Numeric{Coef: c, Scale: int32(dscale)}, i, nil
	}
	c, _ := new(big.Int).SetString(string(digs), 10)
	if shift > 0 {
		c.Mul(c, bigPow10(shift))
	}
	if neg {
		c.Neg(c)
	}
	return makeNumeric(c, int32(dscale)), i, nil
}

// String returns n as numeric_out prints it: NaN, Infinity, -Infinity, or
// the value with exactly Scale digits after the decimal point.
func (n Numeric) String() string {
	var buf [32]byte
	return string(n.Append(buf[:0]))
}

// Append appends numeric_out's text for n to buf.
func (n Numeric) Append(buf []byte) []byte {
	n = n.canon()
	switch n.Form {
	case NumericNaN:
		return append(buf, "NaN"...)
	case NumericPosInf:
		return append(buf, "Infinity"...)
	case NumericNegInf:
		return append(buf, "-Infinity"...)
	}
	var digBuf [24]byte
	var digs []byte
	neg := false
	if n.Big == nil {
		neg = n.Coef < 0
		digs = strconv.AppendUint(digBuf[:0], absU64(n.Coef), 10)
	} else {
		c := n.bigCoef()
		neg = c.Sign() < 0
		digs = c.Append(nil, 10)
		if neg {
			digs = digs[1:]
		}
	}
	if neg && !(len(digs) == 1 && digs[0] == '0') {
		buf = append(buf, '-')
	}
	scale := int(n.Scale)
	if scale == 0 {
		return append(buf, digs...)
	}
	if len(digs) <= scale {
		buf = append(buf, '0', '.')
		for k := len(digs); k < scale; k++ {
			buf = append(buf, '0')
		}
		return append(buf, digs...)
	}
	ip := len(digs) - scale
	buf = append(buf, digs[:ip]...)
	buf = append(buf, '.')
	return append(buf, digs[ip:]...)
}

// Float64 returns n as the nearest float64, as numeric_float8 does (NaN and
// infinities map to their float counterparts; values beyond the float64 range
// give ±Inf, values too small give ±0).
func (n Numeric) Float64() float64 {
	n = n.canon()
	switch n.Form {
	case NumericNaN:
		return math.NaN()
	case NumericPosInf:
		return math.Inf(1)
	case NumericNegInf:
		return math.Inf(-1)
	}
	if n.Big == nil && n.Scale <= 22 && absU64(n.Coef) < 1<<53 {
		// Both operands are exact, so one IEEE division rounds correctly.
		return float64(n.Coef) / float64pow10[n.Scale]
	}
	f, _ := strconv.ParseFloat(n.String(), 64)
	return f
}

var float64pow10 = [23]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// Int64Round returns n rounded half away from zero to an integer, and false
// when n is NaN, infinite or outside the int64 range.
func (n Numeric) Int64Round() (int64, bool) {
	n = n.canon()
	if n.Form != NumericFinite {
		return 0, false
	}
	if n.Big == nil {
		if n.Scale == 0 {
			return n.Coef, true
		}
		if n.Scale > 19 {
			return 0, true // |Coef| < 10^19 so |value| < 1e-1 here
		}
		p := pow10tab[n.Scale]
		u := absU64(n.Coef)
		q, r := u/p, u%p
		if r >= p-r { // r*2 >= p without overflow
			q++
		}
		if n.Coef < 0 {
			if q > 1<<63 {
				return 0, false
			}
			return -int64(q), true
		}
		if q > math.MaxInt64 {
			return 0, false
		}
		return int64(q), true
	}
	c := n.bigCoef()
	if n.Scale > 0 {
		c = bigDivRound(c, bigPow10(int64(n.Scale)))
	}
	if !c.IsInt64() {
		return 0, false
	}
	return c.Int64(), true
}

// NumericRound rounds n half away from zero to scale digits after the
// decimal point (scale may be negative: round(1234.5, -2) = 1200), giving a
// result with display scale max(scale, 0) as PostgreSQL's round(numeric, int).
func NumericRound(n Numeric, scale int32) (Numeric, error) {
	return numericRoundTrunc(n, scale, true)
}

// NumericTrunc truncates n toward zero to scale digits after the decimal
// point, as trunc(numeric, int).
func NumericTrunc(n Numeric, scale int32) (Numeric, error) {
	return numericRoundTrunc(n, scale, false)
}

func numericRoundTrunc(n Numeric, scale int32, round bool) (Numeric, error) {
	n = n.canon()
	if n.Form != NumericFinite {
		return n, nil
	}
	// PG limits the scale to what the value could use.
	if scale > NumericMaxResultScale {
		scale = NumericMaxResultScale
	}
	if scale < -NumericMaxResultScale {
		scale = -NumericMaxResultScale
	}
	dscale := scale
	if dscale < 0 {
		dscale = 0
	}
	if n.Big == nil && scale >= 0 && scale >= n.Scale {
		// Only widens the display scale.
		if c, ok := mulPow10(n.Coef, scale-n.Scale); ok {
			return Numeric{Coef: c, Scale: scale}, nil
		}
	}
	if n.Big == nil && scale >= 0 && scale < n.Scale {
		d := n.Scale - scale
		if d <= 18 {
			p := pow10tab[d]
			u := absU64(n.Coef)
			q, r := u/p, u%p
			if round && r >= p-r {
				q++
			}
			c := int64(q) // q <= |Coef|/10+1 fits
			if n.Coef < 0 {
				c = -c
			}
			return Numeric{Coef: c, Scale: scale}, nil
		}
	}
	c := n.bigCoef()
	// value = c × 10^-n.Scale; result coefficient at 10^-scale.
	shift := int64(n.Scale) - int64(scale)
	if shift > 0 {
		p := bigPow10(shift)
		if round {
			c = bigDivRound(c, p)
		} else {
			c.Quo(c, p)
		}
		// Now at 10^-scale; bring to dscale.
		if dscale > scale {
			c.Mul(c, bigPow10(int64(dscale-scale)))
		}
	} else if shift < 0 {
		c.Mul(c, bigPow10(-shift))
	}
	return makeNumericChecked(c, dscale)
}

// NumericTypmod returns the typmod of numeric(prec, scale).
func NumericTypmod(prec, scale int) int32 {
	return int32((prec<<16)|(scale&0x7ff)) + VarHdrSz
}

// NumericTypmodParts returns the precision and scale in a numeric typmod,
// and false when typmod is not a valid numeric typmod (-1 included).
func NumericTypmodParts(typmod int32) (prec, scale int, ok bool) {
	if typmod < VarHdrSz {
		return 0, 0, false
	}
	t := typmod - VarHdrSz
	prec = int((t >> 16) & 0xffff)
	scale = int(((t & 0x7ff) ^ 1024) - 1024)
	return prec, scale, true
}

// ApplyNumericTypmod rounds n to the scale of typmod (half away from zero)
// and checks that it fits the precision, as PostgreSQL's apply_typmod and
// apply_typmod_special do. A typmod of -1 leaves n unchanged.
func ApplyNumericTypmod(n Numeric, typmod int32) (Numeric, error) {
	prec, scale, ok := NumericTypmodParts(typmod)
	if !ok {
		return n, nil
	}
	n = n.canon()
	switch n.Form {
	case NumericNaN:
		return n, nil
	case NumericPosInf, NumericNegInf:
		return Numeric{}, pgerror.New(pgerror.NumericValueOutOfRange, "numeric field overflow").
			WithDetail("A field with precision %d, scale %d cannot hold an infinite value.", prec, scale)
	}
	maxDigits := prec - scale
	var r Numeric
	if n.Big == nil && scale >= 0 && n.Scale == int32(scale) {
		r = n
	} else {
		var err error
		r, err = numericRoundTrunc(n, int32(scale), true)
		if err != nil {
			return Numeric{}, err
		}
	}
	if m, nz := r.magnitude(); nz && m > int64(maxDigits) {
		det := "A field with precision %d, scale %d must round to an absolute value less than %s%d."
		if maxDigits != 0 {
			return Numeric{}, pgerror.New(pgerror.NumericValueOutOfRange, "numeric field overflow").
				WithDetail(det, prec, scale, "10^", maxDigits)
		}
		return Numeric{}, pgerror.New(pgerror.NumericValueOutOfRange, "numeric field overflow").
			WithDetail(det, prec, scale, "", 1)
	}
	return r, nil
}
