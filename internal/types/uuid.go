// This file holds the uuid type (PG: utils/adt/uuid.c). In memory a uuid is
// a string of its 16 bytes, so byte order is uuid order and the string
// comparison and hash serve it unchanged.

package types

import (
	"crypto/rand"
	"encoding/hex"

	"github.com/loomdb/loomdb/internal/pgerror"
)

// UUIDOid is the OID of type uuid.
const UUIDOid Oid = 2950

// TUUID is the uuid type.
var TUUID = T{UUIDOid, -1}

const uuidLen = 16

// InUUID parses uuid input as uuid_in does: 32 hex digits, optionally in
// braces, with a hyphen allowed after any group of four digits.
func InUUID(s string) (Datum, error) {
	bad := func() (Datum, error) {
		return nil, pgerror.Newf(pgerror.InvalidTextRepresentation, "invalid input syntax for type uuid: \"%s\"", s)
	}
	src := s
	braces := len(src) > 0 && src[0] == '{'
	if braces {
		src = src[1:]
	}
	var out [uuidLen]byte
	for i := range uuidLen {
		if len(src) < 2 {
			return bad()
		}
		hi, ok1 := hexVal(src[0])
		lo, ok2 := hexVal(src[1])
		if !ok1 || !ok2 {
			return bad()
		}
		out[i] = hi<<4 | lo
		src = src[2:]
		if len(src) > 0 && src[0] == '-' && i%2 == 1 && i < uuidLen-1 {
			src = src[1:]
		}
	}
	if braces {
		if len(src) == 0 || src[0] != '}' {
			return bad()
		}
		src = src[1:]
	}
	if src != "" {
		return bad()
	}
	return string(out[:]), nil
}

// AppendUUID appends uuid_out's text: lower-case 8-4-4-4-12 hex digits.
func AppendUUID(buf []byte, u string) []byte {
	var tmp [36]byte
	j := 0
	for i := range uuidLen {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			tmp[j] = '-'
			j++
		}
		hex.Encode(tmp[j:j+2], []byte{u[i]})
		j += 2
	}
	return append(buf, tmp[:]...)
}

// recvUUID decodes uuid's binary form, its 16 bytes.
func recvUUID(b []byte) (Datum, error) {
	if err := fixedLen(b, uuidLen); err != nil {
		return nil, err
	}
	return string(b), nil
}

// GenRandomUUID returns a version 4 (random) uuid, as gen_random_uuid().
func GenRandomUUID() (string, error) {
	var u [uuidLen]byte
	if _, err := rand.Read(u[:]); err != nil {
		return "", pgerror.Newf(pgerror.InternalError, "could not generate random values: %v", err)
	}
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	return string(u[:]), nil
}
