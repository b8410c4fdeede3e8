// array.go registers the array functions and operators (PG: anyarray
// functions of utils/adt/arrayfuncs.c and array_userfuncs.c): length,
// bounds and dimensions, concatenation (||, array_cat, array_append,
// array_prepend), search (array_position(s)), array_remove, array_replace,
// trim_array, containment and overlap (@>, <@, &&), array_to_string and
// string_to_array. PostgreSQL declares them once over anyarray; here each
// is registered for every array type, which resolves the same calls.

package funcs

import (
	"strings"

	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

// arrayElemInfos are the types that have an array type, by OID: the
// element types the array functions are registered for.
func arrayElemInfos() []*types.Info {
	var out []*types.Info
	for _, in := range types.AllInfos() {
		if in.ArrayOid != 0 && in.Class != types.ClassArray && types.InfoOf(in.ArrayOid) != nil {
			out = append(out, in)
		}
	}
	return out
}

// arrayOrEmpty is an array argument, the empty array of elem for NULL, as
// the concatenation functions treat a NULL input.
func arrayOrEmpty(d types.Datum, elem types.T) types.Array {
	if d == nil {
		return types.EmptyArray(elem)
	}
	return d.(types.Array)
}

func init() {
	i4, text := types.Int4Oid, types.TextOid
	for _, in := range arrayElemInfos() {
		elem := types.T{Oid: in.Oid, Typmod: -1}
		at := types.T{Oid: in.ArrayOid, Typmod: -1}
		arr := at.Oid
		eq := func(x, y types.Datum) bool { return types.Compare(elem, x, y) == 0 }
		intOK := func(n int32, ok bool) (types.Datum, error) {
			if !ok {
				return nil, nil
			}
			return int64(n), nil
		}

		fn("array_length", []types.Oid{arr, i4}, i4, func(a []types.Datum) (types.Datum, error) {
			return intOK(types.ArrayLength(a[0].(types.Array), a[1].(int64)))
		})
		fn("array_lower", []types.Oid{arr, i4}, i4, func(a []types.Datum) (types.Datum, error) {
			return intOK(types.ArrayLower(a[0].(types.Array), a[1].(int64)))
		})
		fn("array_upper", []types.Oid{arr, i4}, i4, func(a []types.Datum) (types.Datum, error) {
			return intOK(types.ArrayUpper(a[0].(types.Array), a[1].(int64)))
		})
		fn("array_ndims", []types.Oid{arr}, i4, func(a []types.Datum) (types.Datum, error) {
			return intOK(types.ArrayNdims(a[0].(types.Array)))
		})
		fn("array_dims", []types.Oid{arr}, text, func(a []types.Datum) (types.Datum, error) {
			if s, ok := types.ArrayDims(a[0].(types.Array)); ok {
				return s, nil
			}
			return nil, nil
		})
		fn("cardinality", []types.Oid{arr}, i4, func(a []types.Datum) (types.Datum, error) {
			return int64(types.Cardinality(a[0].(types.Array))), nil
		})

		cat := func(a []types.Datum) (types.Datum, error) {
			switch {
			case a[0] == nil && a[1] == nil:
				return nil, nil
			case a[0] == nil:
				return a[1], nil
			case a[1] == nil:
				return a[0], nil
			}
			return types.ArrayCat(a[0].(types.Array), a[1].(types.Array))
		}
		appendFn := func(a []types.Datum) (types.Datum, error) {
			return types.ArrayAppend(arrayOrEmpty(a[0], elem), a[1])
		}
		prependFn := func(a []types.Datum) (types.Datum, error) {
			return types.ArrayPrepend(a[0], arrayOrEmpty(a[1], elem))
		}
		// The operators' functions are array_cat, array_append and
		// array_prepend, callable by name too; none is strict.
		for _, op := range []*Operator{
			registerOp("||", arr, arr, arr, "array_cat", cat),
			registerOp("||", arr, elem.Oid, arr, "array_append", appendFn),
			registerOp("||", elem.Oid, arr, arr, "array_prepend", prependFn),
		} {
			op.Func.Strict = false
		}

		register(&Func{Name: "array_position", Args: []types.Oid{arr, elem.Oid}, Result: i4, Impl: func(a []types.Datum) (types.Datum, error) {
			if a[0] == nil {
				return nil, nil
			}
			return types.ArrayPosition(a[0].(types.Array), a[1], eq)
		}})
		register(&Func{Name: "array_position", Args: []types.Oid{arr, elem.Oid, i4}, Result: i4, Impl: func(a []types.Datum) (types.Datum, error) {
			if a[0] == nil {
				return nil, nil
			}
			return types.ArrayPositionFrom(a[0].(types.Array), a[1], a[2], eq)
		}})
		register(&Func{Name: "array_positions", Args: []types.Oid{arr, elem.Oid}, Result: types.Int4ArrayOid, Impl: func(a []types.Datum) (types.Datum, error) {
			if a[0] == nil {
				return nil, nil
			}
			return types.ArrayPositions(a[0].(types.Array), a[1], eq)
		}})
		register(&Func{Name: "array_remove", Args: []types.Oid{arr, elem.Oid}, Result: arr, Impl: func(a []types.Datum) (types.Datum, error) {
			if a[0] == nil {
				return nil, nil
			}
			return types.ArrayRemove(a[0].(types.Array), a[1], eq)
		}})
		register(&Func{Name: "array_replace", Args: []types.Oid{arr, elem.Oid, elem.Oid}, Result: arr, Impl: func(a []types.Datum) (types.Datum, error) {
			if a[0] == nil {
				return nil, nil
			}
			return types.ArrayReplace(a[0].(types.Array), a[1], a[2], eq), nil
		}})
		fn("trim_array", []types.Oid{arr, i4}, arr, func(a []types.Datum) (types.Datum, error) {
			return types.TrimArray(a[0].(types.Array), a[1].(int64))
		})
		registerOp("@>", arr, arr, types.BoolOid, "arraycontains", func(a []types.Datum) (types.Datum, error) {
			return types.ArrayContains(a[0].(types.Array), a[1].(types.Array), eq), nil
		})
		registerOp("<@", arr, arr, types.BoolOid, "arraycontained", func(a []types.Datum) (types.Datum, error) {
			return types.ArrayContains(a[1].(types.Array), a[0].(types.Array), eq), nil
		})
		registerOp("&&", arr, arr, types.BoolOid, "arrayoverlap", func(a []types.Datum) (types.Datum, error) {
			return types.ArrayOverlap(a[0].(types.Array), a[1].(types.Array), eq), nil
		})

		toString := func(a []types.Datum) (types.Datum, error) {
			if a[0] == nil || a[1] == nil {
				return nil, nil
			}
			arr, delim := a[0].(types.Array), a[1].(string)
			var null *string
			if len(a) > 2 && a[2] != nil {
				s := a[2].(string)
				null = &s
			}
			var sb strings.Builder
			first := true
			for _, e := range arr.Elems {
				if e == nil && null == nil {
					continue
				}
				if !first {
					sb.WriteString(delim)
				}
				first = false
				if e == nil {
					sb.WriteString(*null)
					continue
				}
				sb.WriteString(types.Out(elem, e))
			}
			return sb.String(), nil
		}
		fn("array_to_string", []types.Oid{arr, text}, text, toString)
		register(&Func{Name: "array_to_string", Args: []types.Oid{arr, text, text}, Result: text, Impl: toString})
	}

	// string_to_array splits as string_to_table does (PG: split_text).
	split := func(a []types.Datum) (types.Datum, error) {
		if a[0] == nil {
			return nil, nil
		}
		return types.ArrayFromElems(types.TText, splitText(optStr(a, 0), optStr(a, 1), optStr(a, 2))), nil
	}
	register(&Func{Name: "string_to_array", Args: []types.Oid{types.TextOid, types.TextOid}, Result: types.TextArrayOid, Impl: split})
	register(&Func{Name: "string_to_array", Args: []types.Oid{types.TextOid, types.TextOid, types.TextOid}, Result: types.TextArrayOid, Impl: split})
}

// arrayAggState collects array_agg's inputs, NULLs included.
type arrayAggState struct {
	elem  types.T
	elems []types.Datum
	any   bool
}

func (s *arrayAggState) Advance(d types.Datum) error {
	s.elems = append(s.elems, d)
	s.any = true
	return nil
}

func (s *arrayAggState) Combine(other AggState) error {
	o := other.(*arrayAggState)
	s.elems = append(s.elems, o.elems...)
	s.any = s.any || o.any
	return nil
}

// Final returns the array of the inputs in arrival order, NULL for none.
func (s *arrayAggState) Final() (types.Datum, error) {
	if !s.any {
		return nil, nil
	}
	return types.ArrayFromElems(s.elem, s.elems), nil
}

func init() {
	// array_agg of a scalar: PostgreSQL 15 has no combine step for it.
	for _, in := range arrayElemInfos() {
		elem := types.T{Oid: in.Oid, Typmod: -1}
		a := &Aggregate{Name: "array_agg", ArgType: in.Oid, Result: in.ArrayOid, New: func() AggState { return &arrayAggState{elem: elem} },
			TransType: types.InternalOid, FinalFn: true, NoCombine: true, KeepNulls: true, TransFn: "array_agg_transfn_" + in.Name}
		register(&Func{Name: "array_agg", Args: []types.Oid{in.Oid}, Result: in.ArrayOid, Agg: a})

		arr := in.ArrayOid
		fill := func(a []types.Datum) (types.Datum, error) {
			if len(a) > 2 {
				return types.ArrayFillLbounds(elem, a[0], a[1], a[2])
			}
			return types.ArrayFill(elem, a[0], a[1])
		}
		register(&Func{Name: "array_fill", Args: []types.Oid{elem.Oid, types.Int4ArrayOid}, Result: arr, Impl: fill})
		register(&Func{Name: "array_fill", Args: []types.Oid{elem.Oid, types.Int4ArrayOid, types.Int4ArrayOid}, Result: arr, Impl: fill})
	}
}

// datumIter yields a list of values in order, NULLs included: an array's
// elements, a string's fields.
type datumIter struct {
	elems []types.Datum
	pos   int
}

func (it *datumIter) Next() (types.Datum, bool, error) {
	if it.pos >= len(it.elems) {
		return nil, false, nil
	}
	it.pos++
	return it.elems[it.pos-1], true, nil
}

func init() {
	// unnest(anyarray); the planner counts a constant array's elements
	// (PG: array_unnest_support).
	unnest := &SetFunc{
		Start: func(a []types.Datum) (SetIter, error) { return &datumIter{elems: a[0].(types.Array).Elems}, nil },
		Rows: func(a []types.Datum) (float64, bool) {
			if arr, ok := a[0].(types.Array); ok {
				return float64(len(arr.Elems)), true
			}
			return 0, false
		},
	}
	// information_schema._pg_expandarray(anyarray): each element with its
	// position from 1, whatever the array's lower bound (pgjdbc reads
	// pg_index.indkey with it).
	expand := func(elem types.Oid) *SetFunc {
		return &SetFunc{ProRows: 100, Columns: []SetColumn{{Name: "x", Type: elem}, {Name: "n", Type: types.Int4Oid}},
			Start: func(a []types.Datum) (SetIter, error) {
				arr := a[0].(types.Array)
				if arr.Ndim() > 1 {
					return nil, pgerror.New(pgerror.FeatureNotSupported, "_pg_expandarray of a multidimensional array is not supported")
				}
				rows := make([]types.Datum, len(arr.Elems))
				for i, e := range arr.Elems {
					rows[i] = []types.Datum{e, int64(i + 1)}
				}
				return &datumIter{elems: rows}, nil
			}}
	}
	for _, in := range arrayElemInfos() {
		register(&Func{Name: "_pg_expandarray", Schema: "information_schema", Args: []types.Oid{in.ArrayOid}, Result: types.RecordOid, Strict: true, Volatile: Immutable, SRF: expand(in.Oid)})
	}
	for _, in := range arrayElemInfos() {
		register(&Func{Name: "unnest", Args: []types.Oid{in.ArrayOid}, Result: in.Oid, Strict: true, SRF: unnest})
	}
}
