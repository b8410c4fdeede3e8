// This file holds conversions between Numeric and PostgreSQL's base-10000
// digit form: the on-disk varlena payload (short and long headers, special
// values) and the digits used by the binary wire format (PG: numeric.c
// make_result, NumericShort/NumericLong, numeric_send/numeric_recv).

package types

import (
	"encoding/binary"
	"math/big"
	"math/bits"
	"strconv"

	"github.com/loomdb/loomdb/internal/pgerror"
)

// Header bits of PostgreSQL's numeric storage format.
const (
	numericSignMask          = 0xC000
	numericPos               = 0x0000
	numericNeg               = 0x4000
	numericShort             = 0x8000
	numericSpecial           = 0xC000
	numericNaNBits           = 0xC000
	numericPInfBits          = 0xD000
	numericNInfBits          = 0xF000
	numericDscaleMask        = 0x3FFF
	numericShortSignMask     = 0x2000
	numericShortDscaleMask   = 0x1F80
	numericShortDscaleShift  = 7
	numericShortDscaleMax    = numericShortDscaleMask >> numericShortDscaleShift
	numericShortWeightSign   = 0x0040
	numericShortWeightMask   = 0x003F
	numericShortWeightMax    = numericShortWeightMask
	numericShortWeightMin    = -(numericShortWeightMask + 1)
	numericNBase             = 10000
	numericExtSignMask       = 0xF000
	numericMaxExternalDigits = NumericMaxPrecision + NumericMaxResultScale
)

// numericDigits returns finite canonical n as PostgreSQL's base-10000
// digits with leading and trailing zero digits removed, the weight of the
// first digit, and the sign. Zero gives no digits and weight 0.
func (n Numeric) numericDigits(dst []int16) (digits []int16, weight int, neg bool) {
	digits = dst[:0]
	scale := int(n.Scale)
	s4 := (scale + 3) / 4 * 4
	if n.Big == nil {
		u := absU64(n.Coef)
		neg = n.Coef < 0
		if u == 0 {
			return digits, 0, false
		}
		hi, lo := bits.Mul64(u, pow10tab[s4-scale])
		// Extract base-10000 digits, least significant first.
		var rev [12]int16
		k := 0
		for hi != 0 || lo != 0 {
			var r uint64
			qhi := hi / numericNBase
			r = hi % numericNBase
			qlo, r2 := bits.Div64(r, lo, numericNBase)
			rev[k] = int16(r2)
			k++
			hi, lo = qhi, qlo
		}
		// rev[0] has weight -s4/4.
		low := 0
		for low < k && rev[low] == 0 {
			low++
		}
		for i := k - 1; i >= low; i-- {
			digits = append(digits, rev[i])
		}
		weight = k - 1 - s4/4
		return digits, weight, neg
	}
	c := n.bigCoef()
	neg = c.Sign() < 0
	if c.Sign() == 0 {
		return digits, 0, false
	}
	c.Abs(c)
	if s4 > scale {
		c.Mul(c, bigPow10(int64(s4-scale)))
	}
	txt := c.Append(nil, 10)
	// Pad on the left to a multiple of 4 digits.
	pad := (4 - len(txt)%4) % 4
	ngroups := (len(txt) + pad) / 4
	weight = ngroups - 1 - s4/4
	pos := -pad
	for g := 0; g < ngroups; g++ {
		var d int16
		for j := 0; j < 4; j++ {
			d *= 10
			if p := pos + j; p >= 0 {
				d += int16(txt[p] - '0')
			}
		}
		digits = append(digits, d)
		pos += 4
	}
	end := len(digits)
	for end > 0 && digits[end-1] == 0 {
		end--
	}
	return digits[:end], weight, neg
}

// numericFromDigits builds a numeric from base-10000 digits (each 0..9999),
// the weight of the first, the sign and the display scale. Digits beyond the
// display scale are truncated away, as numeric_recv does.
func numericFromDigits(digits []int16, weight int, neg bool, dscale int) (Numeric, error) {
	// Strip leading zero digits.
	for len(digits) > 0 && digits[0] == 0 {
		digits = digits[1:]
		weight--
	}
	for len(digits) > 0 && digits[len(digits)-1] == 0 {
		digits = digits[:len(digits)-1]
	}
	if len(digits) == 0 {
		return Numeric{Scale: int32(dscale)}, nil
	}
	if weight > NumericWeightMax || dscale > NumericDscaleMax {
		return Numeric{}, errNumericOverflow()
	}
	// value = C × 10^e, C the digits read as one integer.
	e := 4 * (weight - len(digits) + 1)
	shift := e + dscale // coefficient = C × 10^shift
	if len(digits) <= 4 {
		var c uint64
		for _, d := range digits {
			c = c*numericNBase + uint64(d)
		}
		switch {
		case shift >= 0 && shift <= 19:
			hi, lo := bits.Mul64(c, pow10tab[shift])
			if hi == 0 && lo <= 1<<63-1 {
				v := int64(lo)
				if neg {
					v = -v
				}
				return Numeric{Coef: v, Scale: int32(dscale)}, nil
			}
		case shift < 0 && shift >= -19:
			v := int64(c / pow10tab[-shift])
			if neg {
				v = -v
			}
			return Numeric{Coef: v, Scale: int32(dscale)}, nil
		case shift < -19:
			return Numeric{Scale: int32(dscale)}, nil
		}
	}
	buf := make([]byte, 0, 4*len(digits))
	for _, d := range digits {
		var tmp [4]byte
		t := strconv.AppendUint(tmp[:0], uint64(d), 10)
		for k := len(t); k < 4; k++ {
			buf = append(buf, '0')
		}
		buf = append(buf, t...)
	}
	c, _ := new(big.Int).SetString(string(buf), 10)
	if shift > 0 {
		c.Mul(c, bigPow10(int64(shift)))
	} else if shift < 0 {
		c.Quo(c, bigPow10(int64(-shift)))
	}
	if neg {
		c.Neg(c)
	}
	return makeNumericChecked(c, int32(dscale))
}

// AppendNumericDisk appends the varlena payload (without the varlena length
// header) of n exactly as PostgreSQL 15 stores a numeric on x86: a 2-byte
// short header when the display scale is at most 63 and the weight within
// -64..63, a 4-byte long header otherwise, 2-byte header only for NaN and
// the infinities, followed by the base-10000 digits, all little-endian.
func AppendNumericDisk(buf []byte, n Numeric) []byte {
	n = n.canon()
	switch n.Form {
	case NumericNaN:
		return binary.LittleEndian.AppendUint16(buf, numericNaNBits)
	case NumericPosInf:
		return binary.LittleEndian.AppendUint16(buf, numericPInfBits)
	case NumericNegInf:
		return binary.LittleEndian.AppendUint16(buf, numericNInfBits)
	}
	var dbuf [12]int16
	digits, weight, neg := n.numericDigits(dbuf[:])
	if len(digits) == 0 {
		neg = false
	}
	dscale := int(n.Scale)
	if dscale <= numericShortDscaleMax && weight <= numericShortWeightMax && weight >= numericShortWeightMin {
		h := uint16(numericShort) | uint16(dscale<<numericShortDscaleShift) | uint16(weight&numericShortWeightMask)
		if neg {
			h |= numericShortSignMask
		}
		if weight < 0 {
			h |= numericShortWeightSign
		}
		buf = binary.LittleEndian.AppendUint16(buf, h)
	} else {
		sd := uint16(dscale & numericDscaleMask)
		if neg {
			sd |= numericNeg
		}
		buf = binary.LittleEndian.AppendUint16(buf, sd)
		buf = binary.LittleEndian.AppendUint16(buf, uint16(int16(weight)))
	}
	for _, d := range digits {
		buf = binary.LittleEndian.AppendUint16(buf, uint16(d))
	}
	return buf
}

// NumericDiskSize returns len(AppendNumericDisk(nil, n)) without building it.
func NumericDiskSize(n Numeric) int {
	n = n.canon()
	if n.Form != NumericFinite {
		return 2
	}
	var dbuf [12]int16
	digits, weight, _ := n.numericDigits(dbuf[:])
	if n.Scale <= numericShortDscaleMax && weight <= numericShortWeightMax && weight >= numericShortWeightMin {
		return 2 + 2*len(digits)
	}
	return 4 + 2*len(digits)
}

func errCorruptNumeric() error {
	return pgerror.New(pgerror.DataCorrupted, "invalid numeric storage format")
}

// NumericFromDisk decodes a payload written by AppendNumericDisk (or by
// PostgreSQL on a little-endian machine).
func NumericFromDisk(b []byte) (Numeric, error) {
	if len(b) < 2 {
		return Numeric{}, errCorruptNumeric()
	}
	h := binary.LittleEndian.Uint16(b)
	if h&numericSignMask == numericSpecial {
		if len(b) != 2 {
			return Numeric{}, errCorruptNumeric()
		}
		switch h & numericExtSignMask {
		case numericNaNBits:
			return NumericNaNValue, nil
		case numericPInfBits:
			return NumericPosInfValue, nil
		case numericNInfBits:
			return NumericNegInfValue, nil
		}
		return Numeric{}, errCorruptNumeric()
	}
	var weight, dscale int
	var neg bool
	var body []byte
	if h&numericSignMask == numericShort {
		neg = h&numericShortSignMask != 0
		dscale = int(h&numericShortDscaleMask) >> numericShortDscaleShift
		weight = int(h & numericShortWeightMask)
		if h&numericShortWeightSign != 0 {
			weight -= numericShortWeightMask + 1
		}
		body = b[2:]
	} else {
		if len(b) < 4 {
			return Numeric{}, errCorruptNumeric()
		}
		neg = h&numericSignMask == numericNeg
		dscale = int(h & numericDscaleMask)
		weight = int(int16(binary.LittleEndian.Uint16(b[2:])))
		body = b[4:]
	}
	if len(body)%2 != 0 {
		return Numeric{}, errCorruptNumeric()
	}
	if len(body) <= 8 {
		// Up to four base-10000 digits: the coefficient fits in a
		// uint64 before scaling, so build it directly.
		var c uint64
		for i := 0; i < len(body); i += 2 {
			d := uint64(binary.LittleEndian.Uint16(body[i:]))
			if d >= numericNBase {
				return Numeric{}, errCorruptNumeric()
			}
			c = c*numericNBase + d
		}
		shift := 4*(weight-len(body)/2+1) + dscale
		var v uint64
		ok := true
		switch {
		case c == 0:
		case shift >= 0 && shift <= 19:
			hi, lo := bits.Mul64(c, pow10tab[shift])
			v, ok = lo, hi == 0 && lo <= 1<<63-1
		case shift < 0 && shift >= -19:
			v = c / pow10tab[-shift]
		default:
			ok = false
		}
		if ok && dscale <= NumericDscaleMax {
			x := int64(v)
			if neg {
				x = -x
			}
			return Numeric{Coef: x, Scale: int32(dscale)}, nil
		}
	}
	var dbuf [12]int16
	digits := dbuf[:0]
	for i := 0; i < len(body); i += 2 {
		d := int16(binary.LittleEndian.Uint16(body[i:]))
		if d < 0 || d >= numericNBase {
			return Numeric{}, errCorruptNumeric()
		}
		digits = append(digits, d)
	}
	return numericFromDigits(digits, weight, neg, dscale)
}
