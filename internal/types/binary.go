// This file holds Send and Recv, the binary wire formats of every supported
// type (PG: each type's typsend and typreceive, e.g. numeric_send).

package types

import (
	"encoding/binary"
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/loomdb/loomdb/internal/pgerror"
)

// Send returns the binary wire form of d, a non-NULL Datum of type t.
func Send(t T, d Datum) ([]byte, error) {
	return AppendSend(nil, t, d)
}

// AppendSend appends Send's bytes to buf.
func AppendSend(buf []byte, t T, d Datum) ([]byte, error) {
	bad := func() ([]byte, error) {
		return nil, pgerror.Internal("cannot send %T as type %s", d, FormatTypeBe(t.Oid))
	}
	if t.Oid == BitOid || t.Oid == VarbitOid {
		v, ok := d.(string)
		if !ok {
			return bad()
		}
		return appendBitSend(buf, v), nil
	}
	switch t.Oid {
	case BoolOid:
		b, ok := d.(bool)
		if !ok {
			return bad()
		}
		if b {
			return append(buf, 1), nil
		}
		return append(buf, 0), nil
	case CharOid:
		v, ok := d.(int64)
		if !ok {
			return bad()
		}
		return append(buf, byte(v)), nil
	case Int2Oid:
		v, ok := d.(int64)
		if !ok {
			return bad()
		}
		return binary.BigEndian.AppendUint16(buf, uint16(v)), nil
	case Int4Oid, OidOid, RegclassOid, RegtypeOid, RegprocOid, RegnamespaceOid, DateOid:
		v, ok := d.(int64)
		if !ok {
			return bad()
		}
		return binary.BigEndian.AppendUint32(buf, uint32(v)), nil
	case Int8Oid, TimestampOid, TimestamptzOid, TimeOid:
		v, ok := d.(int64)
		if !ok {
			return bad()
		}
		return binary.BigEndian.AppendUint64(buf, uint64(v)), nil
	case TidOid:
		v, ok := d.(int64)
		if !ok {
			return bad()
		}
		return appendSendTid(buf, v), nil
	case Float4Oid:
		f, ok := d.(float64)
		if !ok {
			return bad()
		}
		if math.IsNaN(f) {
			return binary.BigEndian.AppendUint32(buf, 0x7fc00000), nil
		}
		return binary.BigEndian.AppendUint32(buf, math.Float32bits(float32(f))), nil
	case Float8Oid:
		f, ok := d.(float64)
		if !ok {
			return bad()
		}
		if math.IsNaN(f) {
			return binary.BigEndian.AppendUint64(buf, 0x7ff8000000000000), nil
		}
		return binary.BigEndian.AppendUint64(buf, math.Float64bits(f)), nil
	case NumericOid:
		n, ok := d.(Numeric)
		if !ok {
			return bad()
		}
		return appendNumericSend(buf, n), nil
	case IntervalOid:
		v, ok := d.(Interval)
		if !ok {
			return bad()
		}
		buf = binary.BigEndian.AppendUint64(buf, uint64(v.Time))
		buf = binary.BigEndian.AppendUint32(buf, uint32(v.Day))
		return binary.BigEndian.AppendUint32(buf, uint32(v.Month)), nil
	}
	switch v := d.(type) {
	case string:
		if t.Oid == JsonbOid || t.Oid == JsonpathOid {
			buf = append(buf, 1) // jsonb's and jsonpath's binary format version
		}
		return append(buf, v...), nil
	case []byte:
		return append(buf, v...), nil
	case Record:
		return appendRecordSend(buf, v)
	case Array:
		var ferr error
		out := AppendArraySend(buf, v, v.Elem.Oid, func(b []byte, e Datum) []byte {
			r, err := AppendSend(b, v.Elem, e)
			if err != nil && ferr == nil {
				ferr = err
			}
			return r
		})
		return out, ferr
	}
	return bad()
}

// appendNumericSend writes numeric_send's format: int16 ndigits, int16
// weight, uint16 sign, uint16 dscale, then the base-10000 digits.
func appendNumericSend(buf []byte, n Numeric) []byte {
	n = n.canon()
	var sign uint16
	switch n.Form {
	case NumericNaN:
		sign = numericNaNBits
	case NumericPosInf:
		sign = numericPInfBits
	case NumericNegInf:
		sign = numericNInfBits
	}
	if sign != 0 {
		// PostgreSQL reads the display scale of a special value out of its
		// header bits, which gives 32 for the infinities and 0 for NaN.
		buf = binary.BigEndian.AppendUint16(buf, 0)
		buf = binary.BigEndian.AppendUint16(buf, 0)
		buf = binary.BigEndian.AppendUint16(buf, sign)
		return binary.BigEndian.AppendUint16(buf, (sign&numericShortDscaleMask)>>numericShortDscaleShift)
	}
	var dbuf [12]int16
	digits, weight, neg := n.numericDigits(dbuf[:])
	if neg && len(digits) > 0 {
		sign = numericNeg
	}
	buf = binary.BigEndian.AppendUint16(buf, uint16(len(digits)))
	buf = binary.BigEndian.AppendUint16(buf, uint16(int16(weight)))
	buf = binary.BigEndian.AppendUint16(buf, sign)
	buf = binary.BigEndian.AppendUint16(buf, uint16(n.Scale))
	for _, d := range digits {
		buf = binary.BigEndian.AppendUint16(buf, uint16(d))
	}
	return buf
}

// errShortMessage is the report for binary data shorter than its type
// needs (pq_getmsg*).
func errShortMessage() error {
	return pgerror.New(pgerror.ProtocolViolation, "insufficient data left in message")
}

// errBinaryFormat is the report for binary data longer than its type takes;
// the wire layer adds " in bind parameter N" as PostgreSQL does.
func errBinaryFormat() error {
	return pgerror.New(pgerror.InvalidBinaryRepresentation, "incorrect binary data format")
}

// fixedLen checks a fixed-size binary value.
func fixedLen(b []byte, n int) error {
	switch {
	case len(b) < n:
		return errShortMessage()
	case len(b) > n:
		return errBinaryFormat()
	}
	return nil
}

// Recv decodes the binary wire form of a value of type t, applying
// t.Typmod (varchar/char length, numeric precision) as the receive
// functions do. Malformed input gives an error, never a panic.
func Recv(t T, b []byte) (Datum, error) {
	switch t.Oid {
	case BoolOid:
		if err := fixedLen(b, 1); err != nil {
			return nil, err
		}
		return b[0] != 0, nil
	case CharOid:
		if err := fixedLen(b, 1); err != nil {
			return nil, err
		}
		return int64(b[0]), nil
	case Int2Oid:
		if err := fixedLen(b, 2); err != nil {
			return nil, err
		}
		return int64(int16(binary.BigEndian.Uint16(b))), nil
	case Int4Oid:
		if err := fixedLen(b, 4); err != nil {
			return nil, err
		}
		return int64(int32(binary.BigEndian.Uint32(b))), nil
	case OidOid, RegclassOid, RegtypeOid, RegprocOid, RegnamespaceOid:
		if err := fixedLen(b, 4); err != nil {
			return nil, err
		}
		return int64(binary.BigEndian.Uint32(b)), nil
	case Int8Oid:
		if err := fixedLen(b, 8); err != nil {
			return nil, err
		}
		return int64(binary.BigEndian.Uint64(b)), nil
	case TidOid:
		return recvTid(b)
	case Float4Oid:
		if err := fixedLen(b, 4); err != nil {
			return nil, err
		}
		return float64(math.Float32frombits(binary.BigEndian.Uint32(b))), nil
	case Float8Oid:
		if err := fixedLen(b, 8); err != nil {
			return nil, err
		}
		return math.Float64frombits(binary.BigEndian.Uint64(b)), nil
	case DateOid:
		if err := fixedLen(b, 4); err != nil {
			return nil, err
		}
		d := int64(int32(binary.BigEndian.Uint32(b)))
		if d != DateNoBegin && d != DateNoEnd && !IsValidDate(d) {
			return nil, pgerror.New(pgerror.DatetimeFieldOverflow, "date out of range")
		}
		return d, nil
	case TimestampOid, TimestamptzOid:
		if err := fixedLen(b, 8); err != nil {
			return nil, err
		}
		v := int64(binary.BigEndian.Uint64(b))
		if !IsInfTimestamp(v) && !IsValidTimestamp(v) {
			return nil, errTimestampRange()
		}
		return v, nil
	case IntervalOid:
		if err := fixedLen(b, 16); err != nil {
			return nil, err
		}
		return Interval{Time: int64(binary.BigEndian.Uint64(b)), Day: int32(binary.BigEndian.Uint32(b[8:])), Month: int32(binary.BigEndian.Uint32(b[12:]))}, nil
	case NumericOid:
		return recvNumeric(b, t.Typmod)
	case ByteaOid:
		return string(b), nil
	case UUIDOid:
		return recvUUID(b)
	case BitOid, VarbitOid:
		return recvBit(t, b)
	case TimeOid:
		return recvTime(b)
	case JsonOid:
		if err := verifyUTF8(b); err != nil {
			return nil, err
		}
		return InJSON(string(b))
	case JsonbOid:
		if len(b) == 0 || b[0] != 1 {
			return nil, pgerror.New(pgerror.InvalidBinaryRepresentation, "unsupported jsonb version number")
		}
		if err := verifyUTF8(b[1:]); err != nil {
			return nil, err
		}
		return InJsonb(string(b[1:]))
	case JsonpathOid:
		if len(b) == 0 || b[0] != 1 {
			return nil, pgerror.New(pgerror.InvalidBinaryRepresentation, "unsupported jsonpath version number")
		}
		if err := verifyUTF8(b[1:]); err != nil {
			return nil, err
		}
		return InJsonpath(string(b[1:]))
	case NameOid:
		if err := verifyUTF8(b); err != nil {
			return nil, err
		}
		if len(b) >= NameDataLen {
			return nil, pgerror.New(pgerror.NameTooLong, "identifier too long").
				WithDetail("Identifier must be less than %d characters.", NameDataLen)
		}
		return string(b), nil
	case VarcharOid, BpcharOid:
		if err := verifyUTF8(b); err != nil {
			return nil, err
		}
		return ApplyStringTypmod(t, string(b), false)
	case TextOid, UnknownOid:
		if err := verifyUTF8(b); err != nil {
			return nil, err
		}
		return string(b), nil
	}
	if t.Oid == RecordOid {
		return recordRecv(b)
	}
	if ClassOf(t.Oid) == ClassArray {
		elem := ArrayElemType(t)
		return ArrayRecv(b, elem, func(x []byte) (Datum, error) { return Recv(elem, x) })
	}
	if ClassOf(t.Oid) == ClassString {
		if err := verifyUTF8(b); err != nil {
			return nil, err
		}
		return string(b), nil
	}
	return nil, pgerror.Newf(pgerror.FeatureNotSupported, "no binary input function available for type %s", FormatTypeBe(t.Oid))
}

// verifyUTF8 checks text received from a client as pg_verify_mbstr does
// for the UTF8 encoding (NUL bytes are not allowed in text).
func verifyUTF8(b []byte) error {
	for i := 0; i < len(b); {
		c := b[i]
		if c != 0 && c < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if c != 0 && !(r == utf8.RuneError && size <= 1) {
			i += size
			continue
		}
		// Report as many bytes as the lead byte announces.
		want := 1
		switch {
		case c&0xE0 == 0xC0:
			want = 2
		case c&0xF0 == 0xE0:
			want = 3
		case c&0xF8 == 0xF0:
			want = 4
		}
		if want > len(b)-i {
			want = len(b) - i
		}
		var sb strings.Builder
		for j := 0; j < want; j++ {
			if j > 0 {
				sb.WriteByte(' ')
			}
			fmt.Fprintf(&sb, "0x%02x", b[i+j])
		}
		return pgerror.Newf(pgerror.CharacterNotInRepertoire,
			"invalid byte sequence for encoding \"UTF8\": %s", sb.String())
	}
	return nil
}

// recvNumeric decodes numeric_recv's format, truncating digits beyond the
// display scale and applying typmod.
func recvNumeric(b []byte, typmod int32) (Datum, error) {
	if len(b) < 8 {
		return nil, errShortMessage()
	}
	ndigits := int(binary.BigEndian.Uint16(b[0:]))
	weight := int(int16(binary.BigEndian.Uint16(b[2:])))
	sign := binary.BigEndian.Uint16(b[4:])
	dscale := int(binary.BigEndian.Uint16(b[6:]))
	if ndigits > numericMaxExternalDigits {
		return nil, pgerror.New(pgerror.InvalidBinaryRepresentation, "invalid length in external \"numeric\" value")
	}
	if sign != numericPos && sign != numericNeg && sign != numericNaNBits &&
		sign != numericPInfBits && sign != numericNInfBits {
		return nil, pgerror.New(pgerror.InvalidBinaryRepresentation, "invalid sign in external \"numeric\" value")
	}
	if dscale&numericDscaleMask != dscale {
		return nil, pgerror.New(pgerror.InvalidBinaryRepresentation, "invalid scale in external \"numeric\" value")
	}
	if len(b) < 8+2*ndigits {
		return nil, errShortMessage()
	}
	if len(b) > 8+2*ndigits {
		return nil, errBinaryFormat()
	}
	digits := make([]int16, ndigits)
	for i := range digits {
		d := int16(binary.BigEndian.Uint16(b[8+2*i:]))
		if d < 0 || d >= numericNBase {
			return nil, pgerror.New(pgerror.InvalidBinaryRepresentation, "invalid digit in external \"numeric\" value")
		}
		digits[i] = d
	}
	var n Numeric
	switch sign {
	case numericNaNBits:
		n = NumericNaNValue
	case numericPInfBits:
		n = NumericPosInfValue
	case numericNInfBits:
		n = NumericNegInfValue
	default:
		var err error
		n, err = numericFromDigits(digits, weight, sign == numericNeg, dscale)
		if err != nil {
			return nil, err
		}
	}
	if typmod >= VarHdrSz {
		return ApplyNumericTypmod(n, typmod)
	}
	return n, nil
}
