// This file holds In and Out, the text input and output functions of every
// supported type, dispatched on the type OID (PG: each type's typinput and
// typoutput).

package types

import (
	"fmt"
	"strconv"
	"time"

	"github.com/loomdb/loomdb/internal/pgerror"
)

// In converts text input to a Datum of type t as the type's input function
// does, applying t.Typmod (numeric precision and scale, varchar/char
// length, with assignment semantics). The string is never NULL here.
// Zone-dependent input (timestamptz) is read in UTC; see InZone.
func In(t T, s string) (Datum, error) { return InZone(t, s, time.UTC) }

// InZone is In with the session's TimeZone, which timestamptz input
// without an explicit zone is read in.
func InZone(t T, s string, loc *time.Location) (Datum, error) {
	switch t.Oid {
	case BoolOid:
		return InBool(s)
	case Int2Oid, Int4Oid, Int8Oid:
		return InInt(t.Oid, s)
	case OidOid:
		return InOid(s)
	case RegclassOid, RegtypeOid, RegprocOid, RegnamespaceOid:
		// The reg* types also accept object names, which needs the
		// catalog; here only "-" (InvalidOid) and numeric OIDs are read.
		if s == "-" {
			return int64(0), nil
		}
		return InOid(s)
	case Float4Oid:
		return InFloat4(s)
	case Float8Oid:
		return InFloat8(s)
	case NumericOid:
		n, err := ParseNumeric(s)
		if err != nil {
			return nil, err
		}
		if t.Typmod >= VarHdrSz {
			return ApplyNumericTypmod(n, t.Typmod)
		}
		return n, nil
	case TextOid, UnknownOid:
		return s, nil
	case VarcharOid, BpcharOid:
		return ApplyStringTypmod(t, s, false)
	case NameOid:
		return InName(s), nil
	case CharOid:
		return InChar(s), nil
	case DateOid:
		return InDate(s)
	case TimestampOid:
		return InTimestamp(s)
	case TimestamptzOid:
		return InTimestamptz(s, loc)
	case TimeOid:
		return InTime(s)
	case IntervalOid:
		return InInterval(s, t.Typmod)
	case ByteaOid:
		return InBytea(s)
	case TidOid:
		return InTid(s)
	case UUIDOid:
		return InUUID(s)
	case BitOid, VarbitOid:
		return InBit(s, t)
	case JsonOid:
		return InJSON(s)
	case JsonbOid:
		return InJsonb(s)
	case JsonpathOid:
		return InJsonpath(s)
	case RecordOid:
		return nil, pgerror.New(pgerror.FeatureNotSupported, "input of anonymous composite types is not implemented")
	}
	switch ClassOf(t.Oid) {
	case ClassString:
		return s, nil
	case ClassArray:
		if t.Oid == Int2VectorOid {
			return Int2VectorIn(s)
		}
		elem := ArrayElemType(t)
		return ArrayIn(s, elem, func(x string) (Datum, error) { return InZone(elem, x, loc) })
	}
	return nil, pgerror.Newf(pgerror.FeatureNotSupported, "input of type %s is not supported", FormatTypeBe(t.Oid))
}

// Out returns the text output of d, a non-NULL Datum of type t, exactly as
// PostgreSQL 15 prints it with DateStyle ISO, extra_float_digits 1 and
// bytea_output hex.
func Out(t T, d Datum) string {
	return string(AppendOut(nil, t, d))
}

// AppendOut appends Out's text to buf.
func AppendOut(buf []byte, t T, d Datum) []byte { return AppendOutZone(buf, t, d, time.UTC) }

// OutZone is Out with the session's TimeZone, which timestamptz values are
// printed in.
func OutZone(t T, d Datum, loc *time.Location) string {
	return string(AppendOutZone(nil, t, d, loc))
}

// AppendOutZone appends OutZone's text to buf.
func AppendOutZone(buf []byte, t T, d Datum, loc *time.Location) []byte {
	switch t.Oid {
	case BoolOid:
		if b, ok := d.(bool); ok {
			if b {
				return append(buf, 't')
			}
			return append(buf, 'f')
		}
	case Int2Oid, Int4Oid, Int8Oid:
		if v, ok := d.(int64); ok {
			return strconv.AppendInt(buf, v, 10)
		}
	case OidOid:
		if v, ok := d.(int64); ok {
			return strconv.AppendUint(buf, uint64(uint32(v)), 10)
		}
	case RegclassOid, RegtypeOid, RegprocOid, RegnamespaceOid:
		// PostgreSQL prints the object's name; without the catalog the
		// OID is printed, as PostgreSQL does for an OID it cannot find.
		// Built-in types are known here, so regtype prints their names.
		if v, ok := d.(int64); ok && t.Oid == RegtypeOid && InfoOf(Oid(v)) != nil {
			return append(buf, FormatTypeBe(Oid(v))...)
		}
		if v, ok := d.(int64); ok {
			if uint32(v) == 0 {
				return append(buf, '-')
			}
			return strconv.AppendUint(buf, uint64(uint32(v)), 10)
		}
	case Float4Oid, Float8Oid:
		if f, ok := d.(float64); ok {
			return AppendFloat(buf, f, t.Oid == Float4Oid, 1)
		}
	case NumericOid:
		if n, ok := d.(Numeric); ok {
			return n.Append(buf)
		}
	case CharOid:
		if v, ok := d.(int64); ok {
			return append(buf, OutChar(v)...)
		}
	case DateOid:
		if v, ok := d.(int64); ok {
			return AppendDate(buf, v)
		}
	case TimestampOid:
		if v, ok := d.(int64); ok {
			return AppendTimestamp(buf, v)
		}
	case TimestamptzOid:
		if v, ok := d.(int64); ok {
			return AppendTimestamptz(buf, v, loc)
		}
	case TimeOid:
		if v, ok := d.(int64); ok {
			return AppendTime(buf, v)
		}
	case IntervalOid:
		if v, ok := d.(Interval); ok {
			return AppendInterval(buf, v)
		}
	case ByteaOid:
		if s, ok := d.(string); ok {
			return append(buf, OutBytea(s)...)
		}
	case TidOid:
		if v, ok := d.(int64); ok {
			return AppendTid(buf, v)
		}
	case UUIDOid:
		if v, ok := d.(string); ok && len(v) == uuidLen {
			return AppendUUID(buf, v)
		}
	}
	switch v := d.(type) {
	case Array:
		if t.Oid == Int2VectorOid {
			for i, e := range v.Elems {
				if i > 0 {
					buf = append(buf, ' ')
				}
				buf = AppendOutZone(buf, TInt2, e, loc)
			}
			return buf
		}
		return AppendArrayOut(buf, v, func(b []byte, e Datum) []byte { return AppendOutZone(b, v.Elem, e, loc) })
	case Record:
		return AppendRecordOut(buf, v, func(b []byte, t T, e Datum) []byte { return AppendOutZone(b, t, e, loc) })
	case string:
		return append(buf, v...)
	case bool:
		return append(buf, OutBool(v)...)
	case int64:
		return strconv.AppendInt(buf, v, 10)
	case float64:
		return AppendFloat(buf, v, false, 1)
	case Numeric:
		return v.Append(buf)
	case []byte:
		return append(buf, v...)
	case nil:
		return buf
	}
	return fmt.Append(buf, d)
}
