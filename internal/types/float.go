// This file holds float4/float8 text input and output as PostgreSQL prints
// and parses them, and the overflow-checked float arithmetic of the float
// operators (PG: utils/adt/float.c, common/d2s.c, common/f2s.c).

package types

import (
	"math"
	"math/bits"
	"strconv"

	"github.com/loomdb/loomdb/internal/pgerror"
)

// DBL_DIG and FLT_DIG, the digits %g output uses for extra_float_digits <= 0.
const (
	dblDig = 15
	fltDig = 6
)

// OutFloat8 returns float8out's text with the default extra_float_digits
// (1): the shortest text that reads back as the same value, fixed-point for
// decimal exponents -4..14 and exponential otherwise (1e+15, 1.5e-07).
func OutFloat8(f float64) string { return OutFloat(f, false, 1) }

// OutFloat4 returns float4out's text with the default extra_float_digits:
// shortest round-trip, fixed-point for decimal exponents -4..5.
func OutFloat4(f float64) string { return OutFloat(f, true, 1) }

// OutFloat formats f as float4out (isFloat4) or float8out do under the given
// extra_float_digits: above zero the shortest exact output, otherwise C's
// "%.*g" with DBL_DIG (FLT_DIG) + extraFloatDigits significant digits.
func OutFloat(f float64, isFloat4 bool, extraFloatDigits int) string {
	var buf [32]byte
	return string(AppendFloat(buf[:0], f, isFloat4, extraFloatDigits))
}

// AppendFloat appends OutFloat's text to buf.
func AppendFloat(buf []byte, f float64, isFloat4 bool, extraFloatDigits int) []byte {
	switch {
	case math.IsNaN(f):
		return append(buf, "NaN"...)
	case math.IsInf(f, 1):
		return append(buf, "Infinity"...)
	case math.IsInf(f, -1):
		return append(buf, "-Infinity"...)
	}
	bitSize := 64
	if isFloat4 {
		bitSize = 32
	}
	if extraFloatDigits > 0 {
		if f == 0 {
			if math.Signbit(f) {
				return append(buf, "-0"...)
			}
			return append(buf, '0')
		}
		// Shortest digits; choose the layout by the decimal exponent as
		// PostgreSQL's ryu-based output does.
		var tmp [32]byte
		es := strconv.AppendFloat(tmp[:0], f, 'e', -1, bitSize)
		es = ryuAdjust(tmp[:0], es, f, isFloat4)
		maxFixed := 15
		if isFloat4 {
			maxFixed = 6
		}
		return appendShortest(buf, es, maxFixed)
	}
	ndig := dblDig + extraFloatDigits
	if isFloat4 {
		ndig = fltDig + extraFloatDigits
	}
	if ndig < 1 {
		ndig = 1
	}
	return strconv.AppendFloat(buf, f, 'g', ndig, 64)
}

// ryuAdjust makes Go's shortest output es of f agree with PostgreSQL's Ryu
// output. Both pick the shortest decimal that reads back as f, closest to f;
// but Go accepts a decimal lying exactly halfway to the neighbouring float
// when f's mantissa is even, and PostgreSQL never does. In that case the
// shortest decimal strictly inside the rounding interval is returned
// (written into tmp), otherwise es itself.
func ryuAdjust(tmp, es []byte, f float64, isFloat4 bool) []byte {
	var mant uint64
	var exp, bitSize, maxDigits int
	pow2 := false // the mantissa is a power of two: the gap below is halved
	if isFloat4 {
		b := math.Float32bits(float32(f))
		mant, exp = uint64(b&(1<<23-1)), int(b>>23&0xff)
		pow2 = mant == 0 && exp > 1
		if exp != 0 {
			mant |= 1 << 23
		} else {
			exp = 1
		}
		exp -= 127 + 23
		bitSize, maxDigits = 32, 9
	} else {
		b := math.Float64bits(f)
		mant, exp = b&(1<<52-1), int(b>>52&0x7ff)
		pow2 = mant == 0 && exp > 1
		if exp != 0 {
			mant |= 1 << 52
		} else {
			exp = 1
		}
		exp -= 1023 + 52
		bitSize, maxDigits = 64, 17
	}
	if mant&1 != 0 {
		return es // odd mantissas never accept a boundary
	}
	d, p, n, ok := decimalParts(es)
	if !ok || !isHalfway(d, p, mant, exp, pow2) {
		return es
	}
	for k := n + 1; k <= maxDigits; k++ {
		c := strconv.AppendFloat(tmp[:0], f, 'e', k-1, bitSize)
		c = trimMantissaZeros(c)
		d2, p2, _, ok := decimalParts(c)
		if !ok {
			break
		}
		back, err := strconv.ParseFloat(string(c), bitSize)
		if err == nil && back == f && !isHalfway(d2, p2, mant, exp, pow2) {
			return c
		}
	}
	return es
}

// decimalParts reads "-d.ddde±x" as digits D, power p (value D×10^p) and
// the digit count.
func decimalParts(es []byte) (d uint64, p int, n int, ok bool) {
	i := 0
	if i < len(es) && es[i] == '-' {
		i++
	}
	for ; i < len(es) && es[i] != 'e'; i++ {
		if es[i] == '.' {
			continue
		}
		if n >= 19 {
			return 0, 0, 0, false
		}
		d = d*10 + uint64(es[i]-'0')
		n++
	}
	if i+2 > len(es) {
		return 0, 0, 0, false
	}
	e := 0
	for _, c := range es[i+2:] {
		e = e*10 + int(c-'0')
	}
	if es[i+1] == '-' {
		e = -e
	}
	return d, e - (n - 1), n, true
}

// trimMantissaZeros removes trailing zeros (and a bare point) from the
// mantissa of an 'e' formatted number.
func trimMantissaZeros(es []byte) []byte {
	k := 0
	for k < len(es) && es[k] != 'e' {
		k++
	}
	j := k
	for j > 0 && es[j-1] == '0' {
		j--
	}
	if j > 0 && es[j-1] == '.' {
		j--
	}
	if j == k {
		return es
	}
	return append(es[:j], es[k:]...)
}

// isHalfway reports whether D×10^p equals a midpoint between the float
// mant×2^exp and one of its neighbours: (2·mant±1)×2^(exp-1), or, below a
// power of two (pow2), (4·mant-1)×2^(exp-2).
func isHalfway(d uint64, p int, mant uint64, exp int, pow2 bool) bool {
	if d == 0 {
		return false
	}
	// Write D×10^p as odd×2^t.
	t := p
	if p < 0 {
		for k := 0; k < -p; k++ {
			if d%5 != 0 {
				return false
			}
			d /= 5
		}
	} else {
		for k := 0; k < p; k++ {
			hi, lo := bits.Mul64(d, 5)
			if hi != 0 {
				return false
			}
			d = lo
		}
	}
	tz := bits.TrailingZeros64(d)
	odd := d >> uint(tz)
	t += tz
	switch {
	case odd == 2*mant+1 && t == exp-1:
		return true
	case !pow2 && odd == 2*mant-1 && t == exp-1:
		return true
	case pow2 && odd == 4*mant-1 && t == exp-2:
		return true
	}
	return false
}

// appendShortest lays out Go's shortest 'e' output es (like -1.2345e+06)
// as PostgreSQL does: fixed-point when the exponent is in [-4, maxFixed),
// exponential otherwise.
func appendShortest(buf, es []byte, maxFixed int) []byte {
	k := len(es) - 1
	for es[k] != 'e' {
		k--
	}
	e := 0
	for _, c := range es[k+2:] {
		e = e*10 + int(c-'0')
	}
	if es[k+1] == '-' {
		e = -e
	}
	if e < -4 || e >= maxFixed {
		return append(buf, es...)
	}
	mant := es[:k]
	if mant[0] == '-' {
		buf = append(buf, '-')
		mant = mant[1:]
	}
	// Digits without the decimal point.
	var dbuf [24]byte
	digs := append(dbuf[:0], mant[0])
	if len(mant) > 2 {
		digs = append(digs, mant[2:]...)
	}
	if e < 0 {
		buf = append(buf, '0', '.')
		for i := -1; i > e; i-- {
			buf = append(buf, '0')
		}
		return append(buf, digs...)
	}
	if len(digs) <= e+1 {
		buf = append(buf, digs...)
		for i := len(digs); i <= e; i++ {
			buf = append(buf, '0')
		}
		return buf
	}
	buf = append(buf, digs[:e+1]...)
	buf = append(buf, '.')
	return append(buf, digs[e+1:]...)
}

// InFloat8 parses float8 text input as float8in does: surrounding
// whitespace, decimal or hexadecimal (0x…p…) numbers, NaN, [+-]Infinity and
// [+-]inf in any case; out-of-range values are a 22003 error.
func InFloat8(s string) (float64, error) {
	return inFloat(s, false)
}

// InFloat4 parses float4 text input as float4in does; the result is rounded
// to float32 precision.
func InFloat4(s string) (float64, error) {
	return inFloat(s, true)
}

func inFloat(orig string, isFloat4 bool) (float64, error) {
	typ := "double precision"
	if isFloat4 {
		typ = "real"
	}
	bad := func() error {
		return pgerror.Newf(pgerror.InvalidTextRepresentation,
			"invalid input syntax for type %s: \"%s\"", typ, orig)
	}
	s := orig
	i := 0
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	s = s[i:]
	if s == "" {
		return 0, bad()
	}
	num, rest, val, special, ok := scanFloat(s)
	if !ok {
		return 0, bad()
	}
	numText := s[:len(s)-len(rest)]
	for len(rest) > 0 && isSpace(rest[0]) {
		rest = rest[1:]
	}
	if rest != "" {
		return 0, bad()
	}
	if special {
		return val, nil
	}
	bitSize := 64
	if isFloat4 {
		bitSize = 32
	}
	f, err := strconv.ParseFloat(num.text, bitSize)
	if err != nil && !isRangeErr(err) {
		return 0, bad()
	}
	if math.IsInf(f, 0) || (f == 0 && num.nonzero) {
		return 0, pgerror.Newf(pgerror.NumericValueOutOfRange,
			"\"%s\" is out of range for type %s", numText, typ)
	}
	return f, nil
}

func isRangeErr(err error) bool {
	if ne, ok := err.(*strconv.NumError); ok {
		return ne.Err == strconv.ErrRange
	}
	return false
}

type floatText struct {
	text    string // cleaned text for strconv.ParseFloat
	nonzero bool   // the mantissa has a nonzero digit
}

// scanFloat recognizes the longest prefix of s that C's strtod accepts and
// returns it prepared for strconv, the unparsed rest, and for NaN/Inf the
// value itself.
func scanFloat(s string) (num floatText, rest string, val float64, special bool, ok bool) {
	i := 0
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	t := s[i:]
	switch {
	case hasPrefixFold([]byte(t), "infinity"):
		return num, t[8:], math.Inf(sign(neg)), true, true
	case hasPrefixFold([]byte(t), "inf"):
		return num, t[3:], math.Inf(sign(neg)), true, true
	case hasPrefixFold([]byte(t), "nan"):
		r := t[3:]
		// glibc also takes nan(n-char-sequence).
		if len(r) > 0 && r[0] == '(' {
			j := 1
			for j < len(r) && (isAlnum(r[j]) || r[j] == '_') {
				j++
			}
			if j < len(r) && r[j] == ')' {
				r = r[j+1:]
			}
		}
		return num, r, math.NaN(), true, true
	}
	if len(t) >= 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X') {
		if n, r, okh := scanHexFloat(t[2:], neg); okh {
			return n, r, 0, false, true
		}
		// "0x" without hex digits: strtod reads just the 0.
		return floatText{text: "0"}, t[1:], 0, false, true
	}
	j := 0
	digits := 0
	nonzero := false
	for j < len(t) && isDigit(t[j]) {
		nonzero = nonzero || t[j] != '0'
		j++
		digits++
	}
	if j < len(t) && t[j] == '.' {
		j++
		for j < len(t) && isDigit(t[j]) {
			nonzero = nonzero || t[j] != '0'
			j++
			digits++
		}
	}
	if digits == 0 {
		return num, s, 0, false, false
	}
	if j < len(t) && (t[j] == 'e' || t[j] == 'E') {
		k := j + 1
		if k < len(t) && (t[k] == '+' || t[k] == '-') {
			k++
		}
		if k < len(t) && isDigit(t[k]) {
			for k < len(t) && isDigit(t[k]) {
				k++
			}
			j = k
		}
	}
	text := t[:j]
	if neg {
		text = "-" + text
	}
	return floatText{text: text, nonzero: nonzero}, t[j:], 0, false, true
}

// scanHexFloat scans the part after "0x" of a C hexadecimal float.
func scanHexFloat(t string, neg bool) (floatText, string, bool) {
	j := 0
	digits := 0
	nonzero := false
	for j < len(t) && isHex(t[j]) {
		nonzero = nonzero || t[j] != '0'
		j++
		digits++
	}
	if j < len(t) && t[j] == '.' {
		j++
		for j < len(t) && isHex(t[j]) {
			nonzero = nonzero || t[j] != '0'
			j++
			digits++
		}
	}
	if digits == 0 {
		return floatText{}, "", false
	}
	mant := t[:j]
	exp := "p0"
	if j < len(t) && (t[j] == 'p' || t[j] == 'P') {
		k := j + 1
		if k < len(t) && (t[k] == '+' || t[k] == '-') {
			k++
		}
		if k < len(t) && isDigit(t[k]) {
			for k < len(t) && isDigit(t[k]) {
				k++
			}
			exp = "p" + t[j+1:k]
			j = k
		}
	}
	text := "0x" + mant + exp
	if neg {
		text = "-" + text
	}
	return floatText{text: text, nonzero: nonzero}, t[j:], true
}

func sign(neg bool) int {
	if neg {
		return -1
	}
	return 1
}

func isHex(c byte) bool {
	return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

func isAlnum(c byte) bool {
	return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

// errFloatOverflow is float_overflow_error's report.
func errFloatOverflow() error {
	return pgerror.New(pgerror.NumericValueOutOfRange, "value out of range: overflow")
}

// errFloatUnderflow is float_underflow_error's report.
func errFloatUnderflow() error {
	return pgerror.New(pgerror.NumericValueOutOfRange, "value out of range: underflow")
}

// RoundFloat4 rounds f to float32 precision, the form float4 values take in
// a Datum.
func RoundFloat4(f float64) float64 { return float64(float32(f)) }

// FloatAdd returns a + b as float8pl (or float4pl when isFloat4) does,
// failing with "value out of range: overflow" when finite inputs give an
// infinite result.
func FloatAdd(a, b float64, isFloat4 bool) (float64, error) {
	r := a + b
	if isFloat4 {
		r = float64(float32(a) + float32(b))
	}
	if math.IsInf(r, 0) && !math.IsInf(a, 0) && !math.IsInf(b, 0) {
		return 0, errFloatOverflow()
	}
	return r, nil
}

// FloatSub returns a - b as float8mi / float4mi.
func FloatSub(a, b float64, isFloat4 bool) (float64, error) {
	r := a - b
	if isFloat4 {
		r = float64(float32(a) - float32(b))
	}
	if math.IsInf(r, 0) && !math.IsInf(a, 0) && !math.IsInf(b, 0) {
		return 0, errFloatOverflow()
	}
	return r, nil
}

// FloatMul returns a × b as float8mul / float4mul, with overflow and
// underflow (a zero product of nonzero inputs) errors.
func FloatMul(a, b float64, isFloat4 bool) (float64, error) {
	r := a * b
	if isFloat4 {
		r = float64(float32(a) * float32(b))
	}
	if math.IsInf(r, 0) && !math.IsInf(a, 0) && !math.IsInf(b, 0) {
		return 0, errFloatOverflow()
	}
	if r == 0 && a != 0 && b != 0 {
		return 0, errFloatUnderflow()
	}
	return r, nil
}

// FloatDiv returns a / b as float8div / float4div: division by zero (unless
// a is NaN) is a 22012 error, and overflow and underflow are checked.
func FloatDiv(a, b float64, isFloat4 bool) (float64, error) {
	if b == 0 && !math.IsNaN(a) {
		return 0, errDivisionByZero()
	}
	r := a / b
	if isFloat4 {
		r = float64(float32(a) / float32(b))
	}
	if math.IsInf(r, 0) && !math.IsInf(a, 0) {
		return 0, errFloatOverflow()
	}
	if r == 0 && a != 0 && !math.IsInf(b, 0) {
		return 0, errFloatUnderflow()
	}
	return r, nil
}

// FloatCmp compares floats as float8cmp: NaN equals NaN and is greater than
// everything else; -0 equals 0.
func FloatCmp(a, b float64) int {
	an, bn := math.IsNaN(a), math.IsNaN(b)
	switch {
	case an && bn:
		return 0
	case an:
		return 1
	case bn:
		return -1
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
