// Package types holds loomdb's data types: their OIDs and catalog properties,
// the in-memory value representation (Datum), text and binary input/output
// exactly as PostgreSQL prints and parses values, comparison, hashing and the
// fixed-point Numeric (PG: utils/adt).
package types

import (
	"cmp"
	"slices"
)

// Oid is a PostgreSQL object identifier.
type Oid uint32

// Type OIDs, as in PostgreSQL's pg_type.dat.
const (
	InvalidOid      Oid = 0
	BoolOid         Oid = 16
	ByteaOid        Oid = 17
	CharOid         Oid = 18
	NameOid         Oid = 19
	Int8Oid         Oid = 20
	Int2Oid         Oid = 21
	Int2VectorOid   Oid = 22
	Int4Oid         Oid = 23
	RegprocOid      Oid = 24
	TextOid         Oid = 25
	OidOid          Oid = 26
	OidVectorOid    Oid = 30
	Float4Oid       Oid = 700
	Float8Oid       Oid = 701
	UnknownOid      Oid = 705
	BpcharOid       Oid = 1042
	VarcharOid      Oid = 1043
	DateOid         Oid = 1082
	TimestampOid    Oid = 1114
	IntervalOid     Oid = 1186
	NumericOid      Oid = 1700
	RegclassOid     Oid = 2205
	RegtypeOid      Oid = 2206
	RegnamespaceOid Oid = 4089
	AnyOid          Oid = 2276
	AnyElementOid   Oid = 2283
	VoidOid         Oid = 2278
	RecordOid       Oid = 2249
	InternalOid     Oid = 2281
	TextArrayOid    Oid = 1009
	Int2ArrayOid    Oid = 1005
	Int4ArrayOid    Oid = 1007
	OidArrayOid     Oid = 1028
	NameArrayOid    Oid = 1003
	CharArrayOid    Oid = 1002
)

// T is a type together with its type modifier (atttypmod): -1 when none, for
// varchar(n) and char(n) n+4 (VARHDRSZ), for numeric(p,s) ((p<<16)|s)+4.
type T struct {
	Oid    Oid
	Typmod int32
}

// Common unmodified types.
var (
	TBool      = T{BoolOid, -1}
	TInt2      = T{Int2Oid, -1}
	TInt4      = T{Int4Oid, -1}
	TInt8      = T{Int8Oid, -1}
	TFloat4    = T{Float4Oid, -1}
	TFloat8    = T{Float8Oid, -1}
	TNumeric   = T{NumericOid, -1}
	TText      = T{TextOid, -1}
	TVarchar   = T{VarcharOid, -1}
	TBpchar    = T{BpcharOid, -1}
	TName      = T{NameOid, -1}
	TDate      = T{DateOid, -1}
	TTimestamp = T{TimestampOid, -1}
	TInterval  = T{IntervalOid, -1}
	TOid       = T{OidOid, -1}
	TUnknown   = T{UnknownOid, -1}
	TChar      = T{CharOid, -1}
	TRegclass  = T{RegclassOid, -1}
)

// NameDataLen is NAMEDATALEN: a name holds at most NameDataLen-1 bytes.
const NameDataLen = 64

// VarHdrSz is VARHDRSZ, the size of a 4-byte varlena header.
const VarHdrSz = 4

// Class is the physical family of a type's in-memory values: which Go type a
// Datum holds and which slice of a vector.Vector carries the values.
type Class uint8

const (
	// ClassInt values are int64 (int2, int4, int8, oid, reg*, date as days
	// since 2000-01-01, timestamp as microseconds since then, "char").
	ClassInt Class = iota
	// ClassBool values are bool.
	ClassBool
	// ClassFloat values are float64 (float4 values are kept rounded to float32).
	ClassFloat
	// ClassNumeric values are Numeric.
	ClassNumeric
	// ClassString values are string (text, varchar, bpchar, name, bytea, unknown).
	ClassString
	// ClassInternal values are opaque Go values that never leave the
	// executor: the transition states a Partial Aggregate hands to its
	// Finalize Aggregate (type internal).
	ClassInternal
	// ClassInterval values are Interval, carried in a vector's Anys.
	ClassInterval
	// ClassArray values are Array, carried in a vector's Anys.
	ClassArray
	// ClassRecord values are Record, carried in a vector's Anys.
	ClassRecord
)

// Info is what pg_type says about a type's storage, plus its name and class.
type Info struct {
	Oid       Oid
	Name      string // pg_type.typname
	Len       int16  // typlen: >0 fixed, -1 varlena, -2 cstring
	ByVal     bool   // typbyval
	Align     byte   // typalign: 'c', 's', 'i', 'd'
	Storage   byte   // typstorage: 'p', 'x', 'm', 'e'
	Category  byte   // typcategory
	Class     Class
	ArrayOid  Oid // typarray
	Elem      Oid // typelem, for arrays
	Input     string
	Output    string
	Receive   string
	Send      string
	Preferred bool // typispreferred
}

var infos = map[Oid]*Info{
	BoolOid:        {Oid: BoolOid, Name: "bool", Len: 1, ByVal: true, Align: 'c', Storage: 'p', Category: 'B', Class: ClassBool, ArrayOid: 1000, Input: "boolin", Output: "boolout", Receive: "boolrecv", Send: "boolsend", Preferred: true},
	ByteaOid:       {Oid: ByteaOid, Name: "bytea", Len: -1, Align: 'i', Storage: 'x', Category: 'U', Class: ClassString, ArrayOid: 1001, Input: "byteain", Output: "byteaout", Receive: "bytearecv", Send: "byteasend"},
	CharOid:        {Oid: CharOid, Name: "char", Len: 1, ByVal: true, Align: 'c', Storage: 'p', Category: 'Z', Class: ClassInt, ArrayOid: CharArrayOid, Input: "charin", Output: "charout", Receive: "charrecv", Send: "charsend"},
	NameOid:        {Oid: NameOid, Name: "name", Len: NameDataLen, Align: 'c', Storage: 'p', Category: 'S', Class: ClassString, ArrayOid: NameArrayOid, Elem: CharOid, Input: "namein", Output: "nameout", Receive: "namerecv", Send: "namesend"},
	Int8Oid:        {Oid: Int8Oid, Name: "int8", Len: 8, ByVal: true, Align: 'd', Storage: 'p', Category: 'N', Class: ClassInt, ArrayOid: 1016, Input: "int8in", Output: "int8out", Receive: "int8recv", Send: "int8send"},
	Int2Oid:        {Oid: Int2Oid, Name: "int2", Len: 2, ByVal: true, Align: 's', Storage: 'p', Category: 'N', Class: ClassInt, ArrayOid: Int2ArrayOid, Input: "int2in", Output: "int2out", Receive: "int2recv", Send: "int2send"},
	Int4Oid:        {Oid: Int4Oid, Name: "int4", Len: 4, ByVal: true, Align: 'i', Storage: 'p', Category: 'N', Class: ClassInt, ArrayOid: Int4ArrayOid, Input: "int4in", Output: "int4out", Receive: "int4recv", Send: "int4send"},
	RegprocOid:     {Oid: RegprocOid, Name: "regproc", Len: 4, ByVal: true, Align: 'i', Storage: 'p', Category: 'N', Class: ClassInt, ArrayOid: 1008, Input: "regprocin", Output: "regprocout", Receive: "regprocrecv", Send: "regprocsend"},
	TextOid:        {Oid: TextOid, Name: "text", Len: -1, Align: 'i', Storage: 'x', Category: 'S', Class: ClassString, ArrayOid: TextArrayOid, Input: "textin", Output: "textout", Receive: "textrecv", Send: "textsend", Preferred: true},
	OidOid:         {Oid: OidOid, Name: "oid", Len: 4, ByVal: true, Align: 'i', Storage: 'p', Category: 'N', Class: ClassInt, ArrayOid: OidArrayOid, Input: "oidin", Output: "oidout", Receive: "oidrecv", Send: "oidsend"},
	Float4Oid:      {Oid: Float4Oid, Name: "float4", Len: 4, ByVal: true, Align: 'i', Storage: 'p', Category: 'N', Class: ClassFloat, ArrayOid: 1021, Input: "float4in", Output: "float4out", Receive: "float4recv", Send: "float4send"},
	Float8Oid:      {Oid: Float8Oid, Name: "float8", Len: 8, ByVal: true, Align: 'd', Storage: 'p', Category: 'N', Class: ClassFloat, ArrayOid: 1022, Input: "float8in", Output: "float8out", Receive: "float8recv", Send: "float8send", Preferred: true},
	UnknownOid:     {Oid: UnknownOid, Name: "unknown", Len: -2, Align: 'c', Storage: 'p', Category: 'X', Class: ClassString, Input: "unknownin", Output: "unknownout", Receive: "unknownrecv", Send: "unknownsend"},
	BpcharOid:      {Oid: BpcharOid, Name: "bpchar", Len: -1, Align: 'i', Storage: 'x', Category: 'S', Class: ClassString, ArrayOid: 1014, Input: "bpcharin", Output: "bpcharout", Receive: "bpcharrecv", Send: "bpcharsend"},
	VarcharOid:     {Oid: VarcharOid, Name: "varchar", Len: -1, Align: 'i', Storage: 'x', Category: 'S', Class: ClassString, ArrayOid: 1015, Input: "varcharin", Output: "varcharout", Receive: "varcharrecv", Send: "varcharsend"},
	DateOid:        {Oid: DateOid, Name: "date", Len: 4, ByVal: true, Align: 'i', Storage: 'p', Category: 'D', Class: ClassInt, ArrayOid: 1182, Input: "date_in", Output: "date_out", Receive: "date_recv", Send: "date_send"},
	TimeOid:        {Oid: TimeOid, Name: "time", Len: 8, ByVal: true, Align: 'd', Storage: 'p', Category: 'D', Class: ClassInt, ArrayOid: 1183, Input: "time_in", Output: "time_out", Receive: "time_recv", Send: "time_send"},
	TimestamptzOid: {Oid: TimestamptzOid, Name: "timestamptz", Len: 8, ByVal: true, Align: 'd', Storage: 'p', Category: 'D', Class: ClassInt, ArrayOid: 1185, Input: "timestamptz_in", Output: "timestamptz_out", Receive: "timestamptz_recv", Send: "timestamptz_send", Preferred: true},
	TimestampOid:   {Oid: TimestampOid, Name: "timestamp", Len: 8, ByVal: true, Align: 'd', Storage: 'p', Category: 'D', Class: ClassInt, ArrayOid: 1115, Input: "timestamp_in", Output: "timestamp_out", Receive: "timestamp_recv", Send: "timestamp_send"},
	IntervalOid:    {Oid: IntervalOid, Name: "interval", Len: 16, Align: 'd', Storage: 'p', Category: 'T', Class: ClassInterval, ArrayOid: 1187, Input: "interval_in", Output: "interval_out", Receive: "interval_recv", Send: "interval_send", Preferred: true},
	NumericOid:     {Oid: NumericOid, Name: "numeric", Len: -1, Align: 'i', Storage: 'm', Category: 'N', Class: ClassNumeric, ArrayOid: 1231, Input: "numeric_in", Output: "numeric_out", Receive: "numeric_recv", Send: "numeric_send"},
	RegclassOid:    {Oid: RegclassOid, Name: "regclass", Len: 4, ByVal: true, Align: 'i', Storage: 'p', Category: 'N', Class: ClassInt, ArrayOid: 2210, Input: "regclassin", Output: "regclassout", Receive: "regclassrecv", Send: "regclasssend"},
	RegtypeOid:     {Oid: RegtypeOid, Name: "regtype", Len: 4, ByVal: true, Align: 'i', Storage: 'p', Category: 'N', Class: ClassInt, ArrayOid: 2211, Input: "regtypein", Output: "regtypeout", Receive: "regtyperecv", Send: "regtypesend"},
	InternalOid:    {Oid: InternalOid, Name: "internal", Len: 8, ByVal: true, Align: 'd', Storage: 'p', Category: 'P', Class: ClassInternal, Input: "internal_in", Output: "internal_out"},
	JsonOid:        {Oid: JsonOid, Name: "json", Len: -1, Align: 'i', Storage: 'x', Category: 'U', Class: ClassString, ArrayOid: JsonArrayOid, Input: "json_in", Output: "json_out", Receive: "json_recv", Send: "json_send"},
	JsonbOid:       {Oid: JsonbOid, Name: "jsonb", Len: -1, Align: 'i', Storage: 'x', Category: 'U', Class: ClassString, ArrayOid: JsonbArrayOid, Input: "jsonb_in", Output: "jsonb_out", Receive: "jsonb_recv", Send: "jsonb_send"},
	JsonpathOid:    {Oid: JsonpathOid, Name: "jsonpath", Len: -1, Align: 'i', Storage: 'x', Category: 'U', Class: ClassString, ArrayOid: JsonpathArrayOid, Input: "jsonpath_in", Output: "jsonpath_out", Receive: "jsonpath_recv", Send: "jsonpath_send"},
	UUIDOid:        {Oid: UUIDOid, Name: "uuid", Len: 16, Align: 'c', Storage: 'p', Category: 'U', Class: ClassString, ArrayOid: 2951, Input: "uuid_in", Output: "uuid_out", Receive: "uuid_recv", Send: "uuid_send"},
	BitOid:         {Oid: BitOid, Name: "bit", Len: -1, Align: 'i', Storage: 'x', Category: 'V', Class: ClassString, ArrayOid: BitArrayOid, Input: "bit_in", Output: "bit_out", Receive: "bit_recv", Send: "bit_send"},
	VarbitOid:      {Oid: VarbitOid, Name: "varbit", Len: -1, Align: 'i', Storage: 'x', Category: 'V', Class: ClassString, ArrayOid: VarbitArrayOid, Input: "varbit_in", Output: "varbit_out", Receive: "varbit_recv", Send: "varbit_send", Preferred: true},
	TidOid:         {Oid: TidOid, Name: "tid", Len: 6, Align: 's', Storage: 'p', Category: 'U', Class: ClassInt, ArrayOid: 1010, Input: "tidin", Output: "tidout", Receive: "tidrecv", Send: "tidsend"},
	RecordOid:      {Oid: RecordOid, Name: "record", Len: -1, Align: 'd', Storage: 'x', Category: 'P', Class: ClassRecord, ArrayOid: RecordArrayOid, Input: "record_in", Output: "record_out", Receive: "record_recv", Send: "record_send"},
	// int2vector is an array of int2 subscripted from 0 that reads and
	// prints as its elements separated by spaces (pg_index.indkey).
	Int2VectorOid:   {Oid: Int2VectorOid, Name: "int2vector", Len: -1, Align: 'i', Storage: 'p', Category: 'A', Class: ClassArray, Elem: Int2Oid, ArrayOid: 1006, Input: "int2vectorin", Output: "int2vectorout", Receive: "int2vectorrecv", Send: "int2vectorsend"},
	RegnamespaceOid: {Oid: RegnamespaceOid, Name: "regnamespace", Len: 4, ByVal: true, Align: 'i', Storage: 'p', Category: 'N', Class: ClassInt, ArrayOid: 4090, Input: "regnamespacein", Output: "regnamespaceout", Receive: "regnamespacerecv", Send: "regnamespacesend"},
}

// init adds the array type of every base type that names one (typarray):
// a varlena of category 'A' whose values are Array.
func init() {
	var arrays []*Info
	for _, in := range infos {
		if in.ArrayOid == 0 || infos[in.ArrayOid] != nil {
			continue
		}
		align := byte('i')
		if in.Align == 'd' {
			align = 'd'
		}
		arrays = append(arrays, &Info{Oid: in.ArrayOid, Name: "_" + in.Name, Len: -1, Align: align, Storage: 'x', Category: 'A',
			Class: ClassArray, Elem: in.Oid, Input: "array_in", Output: "array_out", Receive: "array_recv", Send: "array_send"})
	}
	for _, a := range arrays {
		infos[a.Oid] = a
	}
	for oid, in := range infos {
		if oid < denseOids {
			infoByOid[oid] = in
		}
	}
}

// denseOids bounds the OIDs whose Info is found by indexing infoByOid
// rather than the map: every built-in type's. InfoOf and ClassOf run per
// value in some inner loops.
const denseOids = 8192

var infoByOid [denseOids]*Info

// ArrayElemType returns the element type of array type t, carrying t's
// typmod (varchar(5)[] has elements of varchar(5)).
func ArrayElemType(t T) T {
	if in := infos[t.Oid]; in != nil && in.Class == ClassArray {
		return T{in.Elem, t.Typmod}
	}
	return T{InvalidOid, -1}
}

// ArrayTypeOf returns the array type whose elements are of type elem,
// false when there is none.
func ArrayTypeOf(elem T) (T, bool) {
	if in := infos[elem.Oid]; in != nil && in.ArrayOid != 0 && in.Class != ClassArray {
		return T{in.ArrayOid, elem.Typmod}, true
	}
	return T{}, false
}

// InfoOf returns the catalog properties of the type with the given OID, or nil
// when loomdb does not know the type.
func InfoOf(oid Oid) *Info {
	if oid < denseOids {
		return infoByOid[oid]
	}
	return infos[oid]
}

// AllInfos returns every known base type, for bootstrapping pg_type.
func AllInfos() []*Info {
	out := make([]*Info, 0, len(infos))
	for _, in := range infos {
		out = append(out, in)
	}
	// By OID, so that what is registered per type gets the same OIDs on
	// every start.
	slices.SortFunc(out, func(a, b *Info) int { return cmp.Compare(a.Oid, b.Oid) })
	return out
}

// ClassOf returns the value class of the type with the given OID (ClassString
// for unknown OIDs, whose values travel as text).
func ClassOf(oid Oid) Class {
	if in := InfoOf(oid); in != nil {
		return in.Class
	}
	return ClassString
}

// Datum is one SQL value in memory: nil for NULL, otherwise bool, int64,
// float64, string or Numeric according to the type's Class.
type Datum = any
