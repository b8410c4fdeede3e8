// This file holds Cast, the value conversions of every cast PostgreSQL
// allows among the supported types (pg_cast entries plus the automatic I/O
// conversions to and from string types), and CastContextOf, which tells the
// analyzer in which contexts each cast may be applied (PG: pg_cast.dat,
// parse_coerce.c find_coercion_pathway).

package types

import (
	"math"
	"strconv"
	"time"

	"github.com/loomdb/loomdb/internal/pgerror"
)

// CoercionContext is pg_cast.castcontext: where a cast may be applied
// without being written.
type CoercionContext byte

const (
	// CoercionImplicit casts apply anywhere ('i').
	CoercionImplicit CoercionContext = 'i'
	// CoercionAssignment casts apply in assignments and explicitly ('a').
	CoercionAssignment CoercionContext = 'a'
	// CoercionExplicit casts apply only when written ('e').
	CoercionExplicit CoercionContext = 'e'
)

type castKind uint8

const (
	castNone   castKind = iota
	castFunc            // a conversion function
	castBinary          // same representation (possibly a 32-bit wrap for oid)
	castIO              // output then input
)

type castEntry struct {
	ctx  CoercionContext
	kind castKind
}

type castKey struct{ from, to Oid }

// oidLike are the types whose values are 32-bit object identifiers.
var oidLike = []Oid{OidOid, RegclassOid, RegtypeOid, RegprocOid, RegnamespaceOid}

// castTable holds PostgreSQL 15's pg_cast rows among the supported types.
var castTable = func() map[castKey]castEntry {
	m := map[castKey]castEntry{}
	add := func(from, to Oid, ctx CoercionContext, k castKind) {
		m[castKey{from, to}] = castEntry{ctx, k}
	}
	i, a, e := CoercionImplicit, CoercionAssignment, CoercionExplicit
	// Integers.
	add(Int2Oid, Int4Oid, i, castFunc)
	add(Int2Oid, Int8Oid, i, castFunc)
	add(Int4Oid, Int8Oid, i, castFunc)
	add(Int4Oid, Int2Oid, a, castFunc)
	add(Int8Oid, Int2Oid, a, castFunc)
	add(Int8Oid, Int4Oid, a, castFunc)
	for _, src := range []Oid{Int2Oid, Int4Oid, Int8Oid} {
		add(src, Float4Oid, i, castFunc)
		add(src, Float8Oid, i, castFunc)
		add(src, NumericOid, i, castFunc)
		for _, o := range oidLike {
			add(src, o, i, castFunc)
		}
	}
	add(Int4Oid, BoolOid, e, castFunc)
	add(Int4Oid, CharOid, e, castFunc)
	// Object identifiers.
	for _, o := range oidLike {
		add(o, Int8Oid, a, castFunc)
		add(o, Int4Oid, a, castFunc)
		if o != OidOid {
			add(o, OidOid, i, castBinary)
			add(OidOid, o, i, castBinary)
		}
	}
	// Floats and numeric.
	for _, src := range []Oid{Float4Oid, Float8Oid, NumericOid} {
		add(src, Int2Oid, a, castFunc)
		add(src, Int4Oid, a, castFunc)
		add(src, Int8Oid, a, castFunc)
	}
	add(Float4Oid, Float8Oid, i, castFunc)
	add(Float4Oid, NumericOid, a, castFunc)
	add(Float8Oid, Float4Oid, a, castFunc)
	add(Float8Oid, NumericOid, a, castFunc)
	add(NumericOid, Float4Oid, i, castFunc)
	add(NumericOid, Float8Oid, i, castFunc)
	// Dates and times.
	add(DateOid, TimestampOid, i, castFunc)
	add(TimestampOid, DateOid, a, castFunc)
	add(DateOid, TimestamptzOid, i, castFunc)
	add(TimestampOid, TimestamptzOid, i, castFunc)
	add(TimestamptzOid, TimestampOid, a, castFunc)
	add(TimestamptzOid, DateOid, a, castFunc)
	add(TimestampOid, TimeOid, a, castFunc)
	add(TimestamptzOid, TimeOid, a, castFunc)
	add(TimeOid, IntervalOid, i, castFunc)
	add(IntervalOid, TimeOid, a, castFunc)
	// Bit strings.
	add(BitOid, VarbitOid, i, castBinary)
	add(VarbitOid, BitOid, i, castBinary)
	add(Int4Oid, BitOid, e, castFunc)
	add(Int8Oid, BitOid, e, castFunc)
	add(BitOid, Int4Oid, e, castFunc)
	add(BitOid, Int8Oid, e, castFunc)
	add(JsonOid, JsonbOid, a, castIO)
	add(JsonbOid, JsonOid, a, castIO)
	// bool and "char".
	add(BoolOid, Int4Oid, e, castFunc)
	add(BoolOid, TextOid, a, castFunc)
	add(BoolOid, BpcharOid, a, castFunc)
	add(BoolOid, VarcharOid, a, castFunc)
	add(CharOid, Int4Oid, e, castFunc)
	add(CharOid, TextOid, i, castFunc)
	add(CharOid, BpcharOid, a, castFunc)
	add(CharOid, VarcharOid, a, castFunc)
	// Strings.
	add(NameOid, TextOid, i, castFunc)
	add(NameOid, BpcharOid, a, castFunc)
	add(NameOid, VarcharOid, a, castFunc)
	for _, src := range []Oid{TextOid, BpcharOid, VarcharOid} {
		add(src, CharOid, a, castFunc)
		add(src, NameOid, i, castFunc)
		for _, dst := range []Oid{TextOid, BpcharOid, VarcharOid} {
			if src != dst {
				add(src, dst, i, castFunc)
			}
		}
	}
	return m
}()

// isStringCategory reports whether a type is in pg_type's string category
// (the targets of automatic assignment casts via I/O).
func isStringCategory(oid Oid) bool {
	switch oid {
	case TextOid, VarcharOid, BpcharOid, NameOid:
		return true
	}
	return false
}

// CastContextOf returns the context in which a value of type from may be
// converted to type to, as find_coercion_pathway decides, and false when no
// cast exists. The same type casts implicitly (a length coercion at most);
// unknown-type literals convert implicitly to anything.
func CastContextOf(from, to Oid) (CoercionContext, bool) {
	if from == to || from == UnknownOid {
		return CoercionImplicit, true
	}
	if e, ok := castTable[castKey{from, to}]; ok {
		return e.ctx, true
	}
	if fe, te := ArrayElemType(T{from, -1}).Oid, ArrayElemType(T{to, -1}).Oid; fe != InvalidOid && te != InvalidOid {
		// An array converts as its elements do (PG: array_coerce).
		return CastContextOf(fe, te)
	}
	if isStringCategory(to) && InfoOf(from) != nil {
		return CoercionAssignment, true
	}
	if isStringCategory(from) && InfoOf(to) != nil {
		return CoercionExplicit, true
	}
	return 0, false
}

// ErrCannotCast returns the 42846 error for a cast PostgreSQL does not have.
func ErrCannotCast(from, to Oid) error {
	return pgerror.Newf(pgerror.CannotCoerce, "cannot cast type %s to %s", FormatTypeBe(from), FormatTypeBe(to))
}

// Cast converts d (non-NULL, of type from) to type to, then applies
// to.Typmod: numeric precision and scale, or varchar/char length with
// explicit-cast truncation when explicit is true and assignment rules
// otherwise. Whether the cast is allowed in the caller's context is the
// analyzer's business (CastContextOf); Cast only refuses pairs that have no
// cast at all. Zone-dependent casts (timestamptz) use UTC; see CastZone.
func Cast(d Datum, from, to T, explicit bool) (Datum, error) {
	return CastZone(d, from, to, explicit, time.UTC)
}

// CastZone is Cast with the session's TimeZone, which casts between
// timestamptz and the types without a zone (timestamp, date, text) read
// wall-clock times in.
func CastZone(d Datum, from, to T, explicit bool, loc *time.Location) (Datum, error) {
	if d == nil {
		return nil, nil
	}
	var r Datum
	var err error
	switch {
	case from.Oid == to.Oid:
		r = d
	case from.Oid == UnknownOid && to.Oid == IntervalOid:
		// The qualifier decides what a bare number means: interval '90' day.
		r, err = In(to, datumString(d))
	case from.Oid == UnknownOid:
		r, err = InZone(T{to.Oid, -1}, datumString(d), loc)
	case to.Oid == BitOid && (from.Oid == Int4Oid || from.Oid == Int8Oid):
		// The typmod picks how many low-order bits (PG: bitfromint4).
		return BitFromInt(d.(int64), to.Typmod), nil
	case from.Oid == BitOid && (to.Oid == Int4Oid || to.Oid == Int8Oid):
		bits := 32
		if to.Oid == Int8Oid {
			bits = 64
		}
		return BitToInt(d.(string), bits)
	case ClassOf(from.Oid) == ClassArray && ClassOf(to.Oid) == ClassArray:
		r, err = castArray(d.(Array), ArrayElemType(to), explicit, loc)
	default:
		e, ok := castTable[castKey{from.Oid, to.Oid}]
		switch {
		case ok && e.kind == castBinary:
			r = d
		case ok && e.kind == castIO:
			r, err = InZone(T{to.Oid, -1}, OutZone(from, d, loc), loc)
		case ok:
			r, err = castValue(d, from.Oid, to.Oid, loc)
		case isStringCategory(to.Oid) && InfoOf(from.Oid) != nil:
			// Output then input, e.g. date or numeric to text.
			r, err = In(T{to.Oid, -1}, OutZone(from, d, loc))
		case isStringCategory(from.Oid) && InfoOf(to.Oid) != nil:
			r, err = InZone(T{to.Oid, -1}, datumString(d), loc)
		default:
			return nil, ErrCannotCast(from.Oid, to.Oid)
		}
	}
	if err != nil {
		return nil, err
	}
	return applyTypmod(r, to, explicit)
}

// applyTypmod applies the length coercion of to.Typmod to a value already of
// type to.Oid.
func applyTypmod(d Datum, to T, explicit bool) (Datum, error) {
	switch to.Oid {
	case TimeOid:
		if v, ok := d.(int64); ok && to.Typmod >= 0 {
			return ApplyTimeTypmod(v, to.Typmod), nil
		}
		return d, nil
	case TimestampOid, TimestamptzOid:
		if v, ok := d.(int64); ok && to.Typmod >= 0 {
			return ApplyTimestampTypmod(v, to.Typmod)
		}
		return d, nil
	case IntervalOid:
		if v, ok := d.(Interval); ok && to.Typmod >= 0 {
			return ApplyIntervalTypmod(v, to.Typmod), nil
		}
		return d, nil
	case BitOid, VarbitOid:
		if s, ok := d.(string); ok {
			return ApplyBitTypmod(s, to, explicit)
		}
		return d, nil
	}
	if a, ok := d.(Array); ok && to.Typmod >= 0 {
		// The typmod of an array type applies to its elements.
		elem := ArrayElemType(to)
		out := a
		out.Elem = elem
		out.Elems = make([]Datum, len(a.Elems))
		for i, e := range a.Elems {
			if e == nil {
				continue
			}
			v, err := applyTypmod(e, elem, explicit)
			if err != nil {
				return nil, err
			}
			out.Elems[i] = v
		}
		return out, nil
	}
	if to.Typmod < VarHdrSz {
		return d, nil
	}
	switch to.Oid {
	case NumericOid:
		if n, ok := d.(Numeric); ok {
			return ApplyNumericTypmod(n, to.Typmod)
		}
	case VarcharOid, BpcharOid:
		if s, ok := d.(string); ok {
			return ApplyStringTypmod(to, s, explicit)
		}
	}
	return d, nil
}

func datumString(d Datum) string {
	switch v := d.(type) {
	case string:
		return v
	case []byte:
		return string(v)
	}
	return Out(TText, d)
}

// castValue runs the conversion function of a pg_cast entry.
func castValue(d Datum, from, to Oid, loc *time.Location) (Datum, error) {
	switch v := d.(type) {
	case int64:
		return castFromInt(v, from, to, loc)
	case float64:
		return castFromFloat(v, from, to)
	case Numeric:
		return castFromNumeric(v, to)
	case bool:
		switch to {
		case Int4Oid:
			if v {
				return int64(1), nil
			}
			return int64(0), nil
		case TextOid, VarcharOid, BpcharOid:
			return strconv.FormatBool(v), nil
		}
	case string:
		return castFromString(v, from, to)
	case Interval:
		if to == TimeOid {
			// The time part, wrapped into one day (PG: interval_time).
			t := v.Time % USecsPerDay
			if t < 0 {
				t += USecsPerDay
			}
			return t, nil
		}
	}
	return nil, pgerror.Internal("cast from %s to %s got a %T", FormatTypeBe(from), FormatTypeBe(to), d)
}

func castFromInt(v int64, from, to Oid, loc *time.Location) (Datum, error) {
	switch {
	case from == TimeOid && to == IntervalOid:
		return Interval{Time: v}, nil
	case from == DateOid && to == TimestampOid:
		return DateToTimestamp(v)
	case from == TimestampOid && to == DateOid:
		return TimestampToDate(v)
	case from == DateOid && to == TimestamptzOid:
		t, err := DateToTimestamp(v)
		if err != nil {
			return nil, err
		}
		return LocalToTimestamptz(t, loc)
	case from == TimestampOid && to == TimestamptzOid:
		return LocalToTimestamptz(v, loc)
	case from == TimestamptzOid && to == TimestampOid:
		return TimestamptzToLocal(v, loc)
	case from == TimestampOid && to == TimeOid:
		if IsInfTimestamp(v) {
			return nil, nil
		}
		_, usecs := SplitTimestamp(v)
		return usecs, nil
	case from == TimestamptzOid && to == TimeOid:
		if IsInfTimestamp(v) {
			return nil, nil
		}
		t, err := TimestamptzToLocal(v, loc)
		if err != nil {
			return nil, err
		}
		_, usecs := SplitTimestamp(t)
		return usecs, nil
	case from == TimestamptzOid && to == DateOid:
		t, err := TimestamptzToLocal(v, loc)
		if err != nil {
			return nil, err
		}
		return TimestampToDate(t)
	}
	if from == CharOid {
		switch to {
		case Int4Oid:
			return int64(int8(byte(v))), nil
		case TextOid, VarcharOid:
			return OutChar(v), nil
		case BpcharOid:
			// char_bpchar copies the byte as it is, even 0 or a byte that
			// is not valid UTF-8 on its own.
			return string([]byte{byte(v)}), nil
		}
		return nil, ErrCannotCast(from, to)
	}
	if from == OidOid || from == RegclassOid || from == RegtypeOid || from == RegprocOid || from == RegnamespaceOid {
		switch to {
		case Int8Oid:
			return int64(uint32(v)), nil
		case Int4Oid:
			return int64(int32(uint32(v))), nil
		}
		return v, nil
	}
	switch to {
	case Int2Oid, Int4Oid, Int8Oid:
		return CheckIntRange(v, to)
	case Float4Oid:
		return float64(float32(v)), nil
	case Float8Oid:
		return float64(v), nil
	case NumericOid:
		return NumericFromInt64(v), nil
	case BoolOid:
		return v != 0, nil
	case CharOid:
		if v < math.MinInt8 || v > math.MaxInt8 {
			return nil, pgerror.New(pgerror.NumericValueOutOfRange, `"char" out of range`)
		}
		return int64(byte(int8(v))), nil
	case OidOid, RegclassOid, RegtypeOid, RegprocOid, RegnamespaceOid:
		if from == Int8Oid {
			if v < 0 || v > math.MaxUint32 {
				return nil, pgerror.New(pgerror.NumericValueOutOfRange, "OID out of range")
			}
			return v, nil
		}
		return int64(uint32(int32(v))), nil
	}
	return nil, ErrCannotCast(from, to)
}

func castFromFloat(v float64, from, to Oid) (Datum, error) {
	switch to {
	case Int2Oid, Int4Oid, Int8Oid:
		return FloatToInt(v, to)
	case Float8Oid:
		return v, nil
	case Float4Oid:
		r := float32(v)
		if math.IsInf(float64(r), 0) && !math.IsInf(v, 0) {
			return nil, errFloatOverflow()
		}
		if r == 0 && v != 0 {
			return nil, errFloatUnderflow()
		}
		return float64(r), nil
	case NumericOid:
		if from == Float4Oid {
			return NumericFromFloat32(v), nil
		}
		return NumericFromFloat64(v), nil
	}
	return nil, ErrCannotCast(from, to)
}

func castFromNumeric(n Numeric, to Oid) (Datum, error) {
	switch to {
	case Int2Oid, Int4Oid, Int8Oid:
		return NumericToInt(n, to)
	case Float8Oid:
		return NumericToFloat(n, false)
	case Float4Oid:
		return NumericToFloat(n, true)
	}
	return nil, ErrCannotCast(NumericOid, to)
}

// NumericToFloat converts a numeric to float8 (or float4) as numeric_float8
// and numeric_float4 do, through the value's text: out-of-range values,
// including nonzero values that would become 0, are 22003 errors.
func NumericToFloat(n Numeric, isFloat4 bool) (float64, error) {
	n = n.canon()
	if n.Form != NumericFinite {
		return n.Float64(), nil
	}
	var f float64
	if isFloat4 {
		f, _ = strconv.ParseFloat(n.String(), 32)
	} else {
		f = n.Float64()
	}
	if math.IsInf(f, 0) || (f == 0 && n.Sign() != 0) {
		typ := "double precision"
		if isFloat4 {
			typ = "real"
		}
		return 0, pgerror.Newf(pgerror.NumericValueOutOfRange, "\"%s\" is out of range for type %s", n.String(), typ)
	}
	return f, nil
}

func castFromString(s string, from, to Oid) (Datum, error) {
	switch to {
	case CharOid:
		if len(s) == 4 && s[0] == '\\' && isOctal(s[1]) && isOctal(s[2]) && isOctal(s[3]) {
			return InChar(s), nil
		}
		if s == "" {
			return int64(0), nil
		}
		return int64(s[0]), nil
	case NameOid:
		s = InName(s)
		if from == BpcharOid {
			s = BpcharTrim(s)
		}
		return s, nil
	case TextOid, VarcharOid:
		if from == BpcharOid {
			return BpcharTrim(s), nil
		}
		return s, nil
	case BpcharOid:
		return s, nil
	}
	return nil, ErrCannotCast(from, to)
}

// castArray converts each element of an array to the element type elem.
func castArray(a Array, elem T, explicit bool, loc *time.Location) (Datum, error) {
	out := Array{Elem: elem, Dims: a.Dims, Lbounds: a.Lbounds, Elems: make([]Datum, len(a.Elems)), NullBitmap: a.NullBitmap}
	for i, e := range a.Elems {
		v, err := CastZone(e, a.Elem, elem, explicit, loc)
		if err != nil {
			return nil, err
		}
		out.Elems[i] = v
	}
	return out, nil
}
