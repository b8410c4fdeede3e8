// This file holds Compare and Hash, the btree comparison and hash support
// of every supported type, kept consistent with each other (PG: btint4cmp,
// btfloat8cmp, bpcharcmp, hashint8, hash_numeric, ...).

package types

import (
	"encoding/binary"
	"math"
	"math/bits"
	"strings"
)

// Compare returns -1, 0 or 1 as a sorts before, equal to or after b, two
// non-NULL Datums of type t. Text sorts by bytes (the "C" collation);
// character(n) ignores trailing spaces; floats put NaN above everything
// and treat -0 as 0; numerics compare by value.
func Compare(t T, a, b Datum) int {
	switch x := a.(type) {
	case int64:
		if y, ok := b.(int64); ok {
			return cmpInt64(x, y)
		}
	case float64:
		if y, ok := b.(float64); ok {
			return FloatCmp(x, y)
		}
	case string:
		if y, ok := b.(string); ok {
			switch t.Oid {
			case BpcharOid:
				return strings.Compare(BpcharTrim(x), BpcharTrim(y))
			case JsonbOid:
				return CompareJsonb(x, y)
			}
			return strings.Compare(x, y)
		}
	case Numeric:
		if y, ok := b.(Numeric); ok {
			return NumericCmp(x, y)
		}
	case Interval:
		if y, ok := b.(Interval); ok {
			return IntervalCmp(x, y)
		}
	case Array:
		if y, ok := b.(Array); ok {
			return CompareArrays(x, y, func(p, q Datum) int { return Compare(x.Elem, p, q) })
		}
	case Record:
		if y, ok := b.(Record); ok {
			return CompareRecords(x, y)
		}
	case bool:
		if y, ok := b.(bool); ok {
			switch {
			case x == y:
				return 0
			case !x:
				return -1
			}
			return 1
		}
	}
	return 0
}

// Equal reports whether Compare(t, a, b) == 0.
func Equal(t T, a, b Datum) bool { return Compare(t, a, b) == 0 }

// Hash returns a hash of d, a non-NULL Datum of type t, such that values
// that Compare equal hash equal: 1.5 and 1.50, 0 and -0, all NaNs, and
// character(n) values differing only in trailing spaces. Integer types share
// one hash so that int4 and int8 values can be matched by hashing.
func Hash(t T, d Datum) uint64 {
	switch v := d.(type) {
	case int64:
		return HashInt64(v)
	case float64:
		return HashFloat64(v)
	case string:
		switch t.Oid {
		case BpcharOid:
			v = BpcharTrim(v)
		case JsonbOid:
			return HashJsonb(v)
		}
		return HashString(v)
	case Numeric:
		return HashNumeric(v)
	case Interval:
		return HashInterval(v)
	case Array:
		return HashArray(v, func(e Datum) uint64 { return Hash(v.Elem, e) })
	case Record:
		return HashRecord(v)
	case bool:
		if v {
			return HashInt64(1)
		}
		return HashInt64(0)
	}
	return 0
}

const (
	hashPrime1 = 0x9E3779B97F4A7C15
	hashPrime2 = 0xBF58476D1CE4E5B9
	hashPrime3 = 0x94D049BB133111EB
)

// mix64 is the splitmix64 finalizer.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= hashPrime2
	x ^= x >> 27
	x *= hashPrime3
	x ^= x >> 31
	return x
}

// HashInt64 hashes an integer value.
func HashInt64(v int64) uint64 { return mix64(uint64(v) + hashPrime1) }

// HashFloat64 hashes a float so that -0 and 0, and all NaNs, collide.
func HashFloat64(f float64) uint64 {
	switch {
	case f == 0:
		f = 0
	case math.IsNaN(f):
		return mix64(0x7FF8000000000001)
	}
	return mix64(math.Float64bits(f) ^ 0x5555555555555555)
}

// HashString hashes bytes (a deterministic 64-bit hash, the same in every
// process).
func HashString(s string) uint64 {
	h := uint64(len(s))*hashPrime1 ^ 0x243F6A8885A308D3
	for len(s) >= 8 {
		w := le64(s)
		h = bits.RotateLeft64((h^w)*hashPrime2, 29)
		s = s[8:]
	}
	if len(s) > 0 {
		var tail [8]byte
		copy(tail[:], s)
		w := binary.LittleEndian.Uint64(tail[:])
		h = bits.RotateLeft64((h^w)*hashPrime3, 31)
	}
	return mix64(h)
}

// le64 reads the first 8 bytes of s as a little-endian word.
func le64(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// HashNumeric hashes a numeric by its value: trailing zeros and the display
// scale do not matter.
func HashNumeric(n Numeric) uint64 {
	if !n.isFast() {
		n = n.canon()
		switch n.Form {
		case NumericNaN:
			return mix64(0x4E614E)
		case NumericPosInf:
			return mix64(0x2B496E66)
		case NumericNegInf:
			return mix64(0x2D496E66)
		}
	}
	c, exp, bc, small := n.normalized()
	if small {
		return mix64(HashInt64(c) ^ uint64(exp)*hashPrime3)
	}
	h := HashString(string(bc.Bytes()))
	if bc.Sign() < 0 {
		h = ^h
	}
	return mix64(h ^ uint64(exp)*hashPrime3)
}
