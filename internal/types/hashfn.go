// hashfn.go holds PostgreSQL's own 32-bit hash function (PG:
// common/hashfn.c hash_bytes, Bob Jenkins' lookup3 as PostgreSQL adapted
// it) and the float8 hash built on it. loomdb's hash tables use faster
// hashes of their own; these exist where PostgreSQL's exact values decide a
// visible result, such as the rows TABLESAMPLE picks.

package types

import (
	"encoding/binary"
	"math"
	"math/bits"
)

// HashBytes returns PostgreSQL's hash_bytes (hash_any) of k, as computed
// on a little-endian machine.
func HashBytes(k []byte) uint32 {
	n := uint32(len(k))
	a := 0x9e3779b9 + n + 3923095
	b, c := a, a
	for len(k) >= 12 {
		a += binary.LittleEndian.Uint32(k)
		b += binary.LittleEndian.Uint32(k[4:])
		c += binary.LittleEndian.Uint32(k[8:])
		a, b, c = hashMix(a, b, c)
		k = k[12:]
	}
	// The last 0 to 11 bytes; the lowest byte of c stays for the length.
	switch len(k) {
	case 11:
		c += uint32(k[10]) << 24
		fallthrough
	case 10:
		c += uint32(k[9]) << 16
		fallthrough
	case 9:
		c += uint32(k[8]) << 8
		fallthrough
	case 8:
		b += uint32(k[7]) << 24
		fallthrough
	case 7:
		b += uint32(k[6]) << 16
		fallthrough
	case 6:
		b += uint32(k[5]) << 8
		fallthrough
	case 5:
		b += uint32(k[4])
		fallthrough
	case 4:
		a += uint32(k[3]) << 24
		fallthrough
	case 3:
		a += uint32(k[2]) << 16
		fallthrough
	case 2:
		a += uint32(k[1]) << 8
		fallthrough
	case 1:
		a += uint32(k[0])
	}
	_, _, c = hashFinal(a, b, c)
	return c
}

// HashUint32s returns HashBytes of the words' bytes in memory order, the
// hash PostgreSQL computes over an array of uint32.
func HashUint32s(words ...uint32) uint32 {
	var buf [16]byte
	k := buf[:0]
	if len(words) > 4 {
		k = make([]byte, 0, 4*len(words))
	}
	for _, w := range words {
		k = binary.LittleEndian.AppendUint32(k, w)
	}
	return HashBytes(k)
}

// HashFloat8PG returns PostgreSQL's hashfloat8: zero (either sign) hashes
// to 0 and every NaN as the standard NaN.
func HashFloat8PG(f float64) uint32 {
	if f == 0 {
		return 0
	}
	if math.IsNaN(f) {
		f = math.Float64frombits(0x7ff8000000000000)
	}
	var k [8]byte
	binary.LittleEndian.PutUint64(k[:], math.Float64bits(f))
	return HashBytes(k[:])
}

// hashMix mixes three 32-bit values reversibly (lookup3's mix).
func hashMix(a, b, c uint32) (uint32, uint32, uint32) {
	a -= c
	a ^= bits.RotateLeft32(c, 4)
	c += b
	b -= a
	b ^= bits.RotateLeft32(a, 6)
	a += c
	c -= b
	c ^= bits.RotateLeft32(b, 8)
	b += a
	a -= c
	a ^= bits.RotateLeft32(c, 16)
	c += b
	b -= a
	b ^= bits.RotateLeft32(a, 19)
	a += c
	c -= b
	c ^= bits.RotateLeft32(b, 4)
	b += a
	return a, b, c
}

// hashFinal is lookup3's final mixing of a, b and c into c.
func hashFinal(a, b, c uint32) (uint32, uint32, uint32) {
	c ^= b
	c -= bits.RotateLeft32(b, 14)
	a ^= c
	a -= bits.RotateLeft32(c, 11)
	b ^= a
	b -= bits.RotateLeft32(a, 25)
	c ^= b
	c -= bits.RotateLeft32(b, 16)
	a ^= c
	a -= bits.RotateLeft32(c, 4)
	b ^= a
	b -= bits.RotateLeft32(a, 14)
	c ^= b
	c -= bits.RotateLeft32(b, 24)
	return a, b, c
}
