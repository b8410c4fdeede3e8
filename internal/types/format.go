// This file holds FormatType and FormatTypeBe, the SQL spellings of types
// used by psql's \d, pg_typeof and error messages (PG: utils/adt/format_type.c).

package types

import "strconv"

// sqlTypeNames maps OIDs to the SQL-standard names format_type prints.
var sqlTypeNames = map[Oid]string{
	BoolOid:         "boolean",
	ByteaOid:        "bytea",
	CharOid:         `"char"`,
	NameOid:         "name",
	Int8Oid:         "bigint",
	Int2Oid:         "smallint",
	Int2VectorOid:   "int2vector",
	Int4Oid:         "integer",
	RegprocOid:      "regproc",
	TextOid:         "text",
	OidOid:          "oid",
	OidVectorOid:    "oidvector",
	Float4Oid:       "real",
	Float8Oid:       "double precision",
	UnknownOid:      "unknown",
	BpcharOid:       "character",
	VarcharOid:      "character varying",
	DateOid:         "date",
	TimestampOid:    "timestamp without time zone",
	TimestamptzOid:  "timestamp with time zone",
	TimeOid:         "time without time zone",
	IntervalOid:     "interval",
	NumericOid:      "numeric",
	RegclassOid:     "regclass",
	RegtypeOid:      "regtype",
	RegnamespaceOid: "regnamespace",
	TidOid:          "tid",
	UUIDOid:         "uuid",
	BitOid:          "bit",
	VarbitOid:       "bit varying",
	JsonOid:         "json",
	JsonbOid:        "jsonb",
	JsonpathOid:     "jsonpath",
	AnyOid:          `"any"`,
	AnyElementOid:   "anyelement",
	VoidOid:         "void",
	RecordOid:       "record",
	InternalOid:     "internal",
}

// arrayElem maps array type OIDs to their element types.
var arrayElem = func() map[Oid]Oid {
	m := map[Oid]Oid{}
	for oid, in := range infos {
		if in.ArrayOid != 0 {
			m[in.ArrayOid] = oid
		}
	}
	return m
}()

// ArrayElemOid returns the element type of a known array type, or
// InvalidOid.
func ArrayElemOid(arr Oid) Oid { return arrayElem[arr] }

// FormatType returns the SQL spelling of t as format_type(oid, typmod):
// integer, character varying(10), numeric(10,2), text[], and bpchar for
// character without a length. Unknown OIDs print as ???.
func FormatType(t T) string {
	if elem, ok := arrayElem[t.Oid]; ok {
		return formatType(elem, t.Typmod, true) + "[]"
	}
	return formatType(t.Oid, t.Typmod, true)
}

// FormatTypeBe returns the SQL spelling of a type without its modifier, as
// error messages print it (format_type_be): character, not bpchar.
func FormatTypeBe(oid Oid) string {
	if elem, ok := arrayElem[oid]; ok {
		return formatType(elem, -1, false) + "[]"
	}
	return formatType(oid, -1, false)
}

func formatType(oid Oid, typmod int32, typmodGiven bool) string {
	if oid == InvalidOid {
		return "-"
	}
	name, ok := sqlTypeNames[oid]
	if !ok {
		return "???"
	}
	switch oid {
	case BpcharOid:
		if typmod >= VarHdrSz {
			return name + "(" + strconv.Itoa(int(typmod-VarHdrSz)) + ")"
		}
		if typmodGiven {
			return "bpchar"
		}
	case VarcharOid:
		if typmod >= VarHdrSz {
			return name + "(" + strconv.Itoa(int(typmod-VarHdrSz)) + ")"
		}
	case IntervalOid:
		if typmod >= 0 {
			return name + intervalTypmodText(typmod)
		}
	case TimeOid:
		if typmod >= 0 {
			return "time(" + strconv.Itoa(int(typmod)) + ") without time zone"
		}
	case TimestampOid, TimestamptzOid:
		if typmod >= 0 {
			n := "timestamp(" + strconv.Itoa(int(typmod)) + ")"
			if oid == TimestampOid {
				return n + " without time zone"
			}
			return n + " with time zone"
		}
	case BitOid, VarbitOid:
		if typmod > 0 {
			return name + "(" + strconv.Itoa(int(typmod)) + ")"
		}
		if oid == BitOid && typmodGiven {
			// Plain bit means bit(1).
			return `"bit"`
		}
	case NumericOid:
		if p, s, ok := NumericTypmodParts(typmod); ok {
			return name + "(" + strconv.Itoa(p) + "," + strconv.Itoa(s) + ")"
		}
	}
	return name
}
