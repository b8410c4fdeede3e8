// typename.go resolves type names as written in SQL (PG: parse_type.c).

package analyze

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

var typeAliases = map[string]types.Oid{
	"bool": types.BoolOid, "boolean": types.BoolOid,
	"int2": types.Int2Oid, "smallint": types.Int2Oid,
	"int4": types.Int4Oid, "int": types.Int4Oid, "integer": types.Int4Oid,
	"int8": types.Int8Oid, "bigint": types.Int8Oid,
	"float4": types.Float4Oid, "real": types.Float4Oid,
	"float8": types.Float8Oid, "double precision": types.Float8Oid,
	"numeric": types.NumericOid, "decimal": types.NumericOid,
	"text": types.TextOid, "varchar": types.VarcharOid, "bpchar": types.BpcharOid,
	"name": types.NameOid, "date": types.DateOid, "oid": types.OidOid,
	"char": types.CharOid, "bytea": types.ByteaOid, "regclass": types.RegclassOid,
	"regtype": types.RegtypeOid, "regproc": types.RegprocOid, "regnamespace": types.RegnamespaceOid, "int2vector": types.Int2VectorOid, "unknown": types.UnknownOid,
	"timestamp": types.TimestampOid, "interval": types.IntervalOid,
	"timestamptz": types.TimestamptzOid, "uuid": types.UUIDOid, "time": types.TimeOid,
	"json": types.JsonOid, "jsonb": types.JsonbOid, "jsonpath": types.JsonpathOid, "record": types.RecordOid,
	"bit": types.BitOid, "varbit": types.VarbitOid,
}

// notYet are type names PostgreSQL has that loomdb refuses with 0A000.
var notYet = map[string]bool{
	"timetz": true,
	"inet":   true, "cidr": true, "macaddr": true, "money": true, "xml": true,
	"point": true, "box": true, "tsvector": true, "tsquery": true,
}

func (a *analyzer) typeName(tn *pg_query.TypeName) (types.T, error) {
	if len(tn.ArrayBounds) > 0 {
		// int[], int[3][4]: the bounds are documentation only.
		elem, err := a.scalarTypeName(tn)
		if err != nil {
			return types.T{}, err
		}
		t, ok := types.ArrayTypeOf(elem)
		if !ok {
			return types.T{}, pgerror.Newf(pgerror.UndefinedObject, "could not find array type for data type %s", types.FormatType(elem)).WithPosition(a.pos(tn.Location))
		}
		return t, nil
	}
	return a.scalarTypeName(tn)
}

func (a *analyzer) scalarTypeName(tn *pg_query.TypeName) (types.T, error) {
	var names []string
	for _, n := range tn.Names {
		names = append(names, strVal(n))
	}
	name := names[len(names)-1]
	if len(names) == 2 && names[0] != "pg_catalog" {
		return types.T{}, pgerror.Newf(pgerror.UndefinedObject, "type \"%s\" does not exist", strings.Join(names, ".")).WithPosition(a.pos(tn.Location))
	}
	var mods []int64
	for _, m := range tn.Typmods {
		c := m.GetAConst()
		if c == nil || c.GetIval() == nil {
			return types.T{}, pgerror.New(pgerror.SyntaxError, "type modifiers must be simple constants or identifiers").WithPosition(a.pos(tn.Location))
		}
		mods = append(mods, int64(c.GetIval().Ival))
	}
	oid, ok := typeAliases[name]
	if !ok && notYet[name] {
		return types.T{}, pgerror.Unsupported("type %s is not supported yet", name).WithPosition(a.pos(tn.Location))
	}
	if !ok {
		if name == "float" || (names[0] == "pg_catalog" && name == "float") {
			oid = types.Float8Oid
		} else {
			return types.T{}, pgerror.Newf(pgerror.UndefinedObject, "type \"%s\" does not exist", name).WithPosition(a.pos(tn.Location))
		}
	}
	t := types.T{Oid: oid, Typmod: -1}
	switch oid {
	case types.NumericOid:
		switch len(mods) {
		case 0:
		case 1, 2:
			p, s := mods[0], int64(0)
			if len(mods) == 2 {
				s = mods[1]
			}
			if p < 1 || p > 1000 {
				return types.T{}, pgerror.Newf(pgerror.InvalidParameterValue, "NUMERIC precision %d must be between 1 and 1000", p).WithPosition(a.pos(tn.Location))
			}
			if s < -1000 || s > 1000 {
				return types.T{}, pgerror.Newf(pgerror.InvalidParameterValue, "NUMERIC scale %d must be between -1000 and 1000", s).WithPosition(a.pos(tn.Location))
			}
			t.Typmod = int32(((p << 16) | (s & 0x7ff)) + types.VarHdrSz)
		default:
			return types.T{}, pgerror.New(pgerror.InvalidParameterValue, "invalid NUMERIC type modifier").WithPosition(a.pos(tn.Location))
		}
	case types.BitOid, types.VarbitOid:
		// PG: anybit_typmodin; the grammar gives plain BIT a length of 1.
		if len(mods) > 1 {
			return types.T{}, pgerror.New(pgerror.InvalidParameterValue, "invalid type modifier").WithPosition(a.pos(tn.Location))
		}
		if len(mods) == 1 {
			if mods[0] < 1 {
				return types.T{}, pgerror.Newf(pgerror.InvalidParameterValue, "length for type %s must be at least 1", name).WithPosition(a.pos(tn.Location))
			}
			if mods[0] > types.BitMaxLen {
				return types.T{}, pgerror.Newf(pgerror.InvalidParameterValue, "length for type %s cannot exceed %d", name, types.BitMaxLen).WithPosition(a.pos(tn.Location))
			}
			t.Typmod = int32(mods[0])
		}
	case types.VarcharOid, types.BpcharOid:
		if len(mods) > 1 {
			return types.T{}, pgerror.Newf(pgerror.InvalidParameterValue, "invalid type modifier").WithPosition(a.pos(tn.Location))
		}
		if len(mods) == 1 {
			if mods[0] < 1 {
				return types.T{}, pgerror.Newf(pgerror.InvalidParameterValue, "length for type %s must be at least 1", name).WithPosition(a.pos(tn.Location))
			}
			if mods[0] > 10485760 {
				return types.T{}, pgerror.Newf(pgerror.InvalidParameterValue, "length for type %s cannot exceed 10485760", name).WithPosition(a.pos(tn.Location))
			}
			t.Typmod = int32(mods[0] + types.VarHdrSz)
		} else if oid == types.BpcharOid && names[0] == "pg_catalog" {
			// CHARACTER without a length means CHARACTER(1).
			t.Typmod = 1 + types.VarHdrSz
		}
	case types.Float8Oid:
		if name == "float" || (name == "float8" && len(mods) > 0) {
			if len(mods) == 1 {
				if mods[0] < 1 {
					return types.T{}, pgerror.New(pgerror.InvalidParameterValue, "precision for type float must be at least 1 bit").WithPosition(a.pos(tn.Location))
				}
				if mods[0] > 53 {
					return types.T{}, pgerror.New(pgerror.InvalidParameterValue, "precision for type float must be less than 54 bits").WithPosition(a.pos(tn.Location))
				}
				if mods[0] <= 24 {
					t.Oid = types.Float4Oid
				}
			}
		}
	case types.TimeOid:
		if len(mods) > 1 {
			return types.T{}, pgerror.New(pgerror.InvalidParameterValue, "invalid type modifier").WithPosition(a.pos(tn.Location))
		}
		if len(mods) == 1 {
			if mods[0] < 0 {
				return types.T{}, pgerror.Newf(pgerror.InvalidParameterValue, "TIME(%d) precision must not be negative", mods[0]).WithPosition(a.pos(tn.Location))
			}
			t.Typmod = int32(min(mods[0], 6))
		}
	case types.TimestampOid, types.TimestamptzOid:
		if len(mods) > 1 {
			return types.T{}, pgerror.New(pgerror.InvalidParameterValue, "invalid type modifier").WithPosition(a.pos(tn.Location))
		}
		if len(mods) == 1 {
			if mods[0] < 0 {
				withTZ := ""
				if oid == types.TimestamptzOid {
					withTZ = " WITH TIME ZONE"
				}
				return types.T{}, pgerror.Newf(pgerror.InvalidParameterValue, "TIMESTAMP(%d)%s precision must not be negative", mods[0], withTZ).WithPosition(a.pos(tn.Location))
			}
			t.Typmod = int32(min(mods[0], 6))
		}
	case types.IntervalOid:
		// The grammar passes the field range as a mask, then the
		// precision (PG: intervaltypmodin).
		switch len(mods) {
		case 0:
		case 1:
			t.Typmod = types.IntervalTypmod(int(mods[0]), types.IntervalFullPrecision)
		case 2:
			if mods[1] < 0 {
				return types.T{}, pgerror.Newf(pgerror.InvalidParameterValue, "INTERVAL(%d) precision must not be negative", mods[1]).WithPosition(a.pos(tn.Location))
			}
			t.Typmod = types.IntervalTypmod(int(mods[0]), int(min(mods[1], 6)))
		default:
			return types.T{}, pgerror.New(pgerror.InvalidParameterValue, "invalid INTERVAL type modifier").WithPosition(a.pos(tn.Location))
		}
		if t.Typmod >= 0 && int(t.Typmod>>16) == types.IntervalFullRange && int(t.Typmod&0xFFFF) == types.IntervalFullPrecision {
			t.Typmod = -1
		}
	default:
		if len(mods) > 0 {
			return types.T{}, pgerror.Newf(pgerror.SyntaxError, "type modifier is not allowed for type \"%s\"", name).WithPosition(a.pos(tn.Location))
		}
	}
	return t, nil
}
