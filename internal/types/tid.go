// This file holds the tid type: a tuple's physical address (block, line
// pointer offset), the type of the ctid system column (PG: utils/adt/tid.c).
// In memory a tid is an int64 packing the block above the 16-bit offset,
// so tids order as PostgreSQL orders them.

package types

import (
	"encoding/binary"
	"strconv"
	"strings"

	"github.com/loomdb/loomdb/internal/pgerror"
)

// TidOid is the OID of type tid.
const TidOid Oid = 27

// TTid is the tid type.
var TTid = T{TidOid, -1}

// PackTid returns the in-memory value of the tid (block, offset).
func PackTid(block uint32, offset uint16) int64 { return int64(block)<<16 | int64(offset) }

// UnpackTid returns the block and offset of a packed tid.
func UnpackTid(v int64) (uint32, uint16) { return uint32(v >> 16), uint16(v) }

// AppendTid appends a tid's text form, e.g. (0,1).
func AppendTid(buf []byte, v int64) []byte {
	blk, off := UnpackTid(v)
	buf = append(buf, '(')
	buf = strconv.AppendUint(buf, uint64(blk), 10)
	buf = append(buf, ',')
	buf = strconv.AppendUint(buf, uint64(off), 10)
	return append(buf, ')')
}

// InTid parses a tid's text form "(block,offset)" as tidin does.
func InTid(s string) (Datum, error) {
	bad := func() (Datum, error) {
		return nil, pgerror.Newf(pgerror.InvalidTextRepresentation, "invalid input syntax for type tid: \"%s\"", s)
	}
	t := strings.TrimSpace(s)
	if len(t) < 5 || t[0] != '(' || t[len(t)-1] != ')' {
		return bad()
	}
	b, o, ok := strings.Cut(t[1:len(t)-1], ",")
	if !ok {
		return bad()
	}
	blk, err1 := strconv.ParseUint(strings.TrimSpace(b), 10, 32)
	off, err2 := strconv.ParseUint(strings.TrimSpace(o), 10, 16)
	if err1 != nil || err2 != nil {
		return bad()
	}
	return PackTid(uint32(blk), uint16(off)), nil
}

// appendSendTid appends a tid's binary form: the block as 4 bytes, the
// offset as 2, big-endian.
func appendSendTid(buf []byte, v int64) []byte {
	blk, off := UnpackTid(v)
	buf = binary.BigEndian.AppendUint32(buf, blk)
	return binary.BigEndian.AppendUint16(buf, off)
}

// recvTid decodes a tid's binary form.
func recvTid(b []byte) (Datum, error) {
	if err := fixedLen(b, 6); err != nil {
		return nil, err
	}
	return PackTid(binary.BigEndian.Uint32(b), binary.BigEndian.Uint16(b[4:])), nil
}
