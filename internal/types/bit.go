// This file holds the bit string types bit(n) and bit varying(n): input
// in binary (B'1010', '1010') or hexadecimal (X'1F', 'x1f'), output, the
// length rules of each type's typmod, conversions to and from integers,
// and the binary format (PG: utils/adt/varbit.c). A value is kept as a Go
// string of '0' and '1' characters, one per bit, whose byte order is the
// order of bit_cmp.

package types

import (
	"encoding/binary"
	"strings"
	"unicode/utf8"

	"github.com/loomdb/loomdb/internal/pgerror"
)

// Bit string type OIDs.
const (
	BitOid         Oid = 1560
	BitArrayOid    Oid = 1561
	VarbitOid      Oid = 1562
	VarbitArrayOid Oid = 1563
)

// BitMaxLen is the longest bit string (PG: VARBITMAXLEN).
const BitMaxLen = 0x7FFFFFFF - 4 - 4 - 7

// ErrBitLengthMismatch is the error for a bit(n) value of another length.
func ErrBitLengthMismatch(got int, n int32) error {
	return pgerror.Newf("22026", "bit string length %d does not match type bit(%d)", got, n)
}

func errVarbitTooLong(n int32) error {
	return pgerror.Newf(pgerror.StringDataRightTruncation, "bit string too long for type bit varying(%d)", n)
}

// ParseBitString reads bit string input: binary digits, or with a leading
// b or B binary and x or X hexadecimal digits (PG: bit_in's parsing).
func ParseBitString(s string) (string, error) {
	hex := false
	switch {
	case len(s) > 0 && (s[0] == 'b' || s[0] == 'B'):
		s = s[1:]
	case len(s) > 0 && (s[0] == 'x' || s[0] == 'X'):
		s, hex = s[1:], true
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		c := s[i : i+size]
		i += size
		if !hex {
			if r != '0' && r != '1' {
				return "", pgerror.Newf(pgerror.InvalidTextRepresentation, "\"%s\" is not a valid binary digit", c)
			}
			b.WriteByte(byte(r))
			continue
		}
		var v int
		switch {
		case r >= '0' && r <= '9':
			v = int(r - '0')
		case r >= 'a' && r <= 'f':
			v = int(r-'a') + 10
		case r >= 'A' && r <= 'F':
			v = int(r-'A') + 10
		default:
			return "", pgerror.Newf(pgerror.InvalidTextRepresentation, "\"%s\" is not a valid hexadecimal digit", c)
		}
		for k := 3; k >= 0; k-- {
			b.WriteByte('0' + byte(v>>k&1))
		}
	}
	if b.Len() > BitMaxLen {
		return "", pgerror.Newf(pgerror.ProgramLimitExceeded, "bit string length exceeds the maximum allowed (%d)", BitMaxLen)
	}
	return b.String(), nil
}

// InBit is the input function of bit and bit varying: a bit(n) value must
// have n bits, a bit varying(n) one at most n.
func InBit(s string, t T) (Datum, error) {
	v, err := ParseBitString(s)
	if err != nil {
		return nil, err
	}
	if t.Typmod > 0 {
		if t.Oid == BitOid && int32(len(v)) != t.Typmod {
			return nil, ErrBitLengthMismatch(len(v), t.Typmod)
		}
		if t.Oid == VarbitOid && int32(len(v)) > t.Typmod {
			return nil, errVarbitTooLong(t.Typmod)
		}
	}
	return v, nil
}

// ApplyBitTypmod coerces bit string s to t's length (PG: bit() and
// varbit()): explicitly, bit(n) pads with zeros or truncates and bit
// varying(n) truncates; otherwise a length bit(n) does not have, or one
// longer than bit varying(n) allows, is an error.
func ApplyBitTypmod(s string, t T, explicit bool) (string, error) {
	if t.Typmod <= 0 {
		return s, nil
	}
	n := int(t.Typmod)
	switch t.Oid {
	case BitOid:
		if len(s) == n {
			return s, nil
		}
		if !explicit {
			return "", ErrBitLengthMismatch(len(s), t.Typmod)
		}
		if len(s) > n {
			return s[:n], nil
		}
		return s + strings.Repeat("0", n-len(s)), nil
	case VarbitOid:
		if len(s) <= n {
			return s, nil
		}
		if !explicit {
			return "", errVarbitTooLong(t.Typmod)
		}
		return s[:n], nil
	}
	return s, nil
}

// BitFromInt is the bit(n) of an integer: its n low-order bits in two's
// complement, sign-filled above the integer's width (PG: bitfromint4 and
// bitfromint8). n <= 0 means bit(1).
func BitFromInt(v int64, n int32) string {
	if n <= 0 {
		n = 1
	}
	b := make([]byte, n)
	for i := range b {
		pos := int(n) - 1 - i
		bit := v < 0
		if pos < 64 {
			bit = (v>>uint(pos))&1 == 1
		}
		b[i] = '0'
		if bit {
			b[i] = '1'
		}
	}
	return string(b)
}

// BitToInt reads a bit string as an integer of width bits (PG: bittoint4
// and bittoint8): too many bits are out of range.
func BitToInt(s string, bits int) (int64, error) {
	if len(s) > bits {
		if bits == 32 {
			return 0, pgerror.New(pgerror.NumericValueOutOfRange, "integer out of range")
		}
		return 0, pgerror.New(pgerror.NumericValueOutOfRange, "bigint out of range")
	}
	var u uint64
	for i := 0; i < len(s); i++ {
		u = u<<1 | uint64(s[i]-'0')
	}
	if bits == 32 {
		return int64(int32(uint32(u))), nil
	}
	return int64(u), nil
}

// appendBitSend appends bit_send's format: the length in bits, then the
// bits packed eight to a byte, the last one zero-padded.
func appendBitSend(buf []byte, s string) []byte {
	buf = binary.BigEndian.AppendUint32(buf, uint32(len(s)))
	var cur byte
	for i := 0; i < len(s); i++ {
		if s[i] == '1' {
			cur |= 0x80 >> (i % 8)
		}
		if i%8 == 7 {
			buf = append(buf, cur)
			cur = 0
		}
	}
	if len(s)%8 != 0 {
		buf = append(buf, cur)
	}
	return buf
}

// recvBit reads bit_recv's format, checking t's length rule; padding bits
// of the last byte are ignored.
func recvBit(t T, b []byte) (Datum, error) {
	if len(b) < 4 {
		return nil, pgerror.New(pgerror.InvalidBinaryRepresentation, "insufficient data left in message")
	}
	n := int64(int32(binary.BigEndian.Uint32(b)))
	if n < 0 || n > BitMaxLen {
		return nil, pgerror.New(pgerror.InvalidBinaryRepresentation, "invalid length in external bit string")
	}
	if t.Typmod > 0 {
		if t.Oid == BitOid && n != int64(t.Typmod) {
			return nil, ErrBitLengthMismatch(int(n), t.Typmod)
		}
		if t.Oid == VarbitOid && n > int64(t.Typmod) {
			return nil, errVarbitTooLong(t.Typmod)
		}
	}
	data := b[4:]
	if int64(len(data)) != (n+7)/8 {
		return nil, pgerror.New(pgerror.InvalidBinaryRepresentation, "incorrect binary data format")
	}
	out := make([]byte, n)
	for i := range out {
		out[i] = '0' + (data[i/8]>>(7-i%8))&1
	}
	return string(out), nil
}
