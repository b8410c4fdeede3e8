// jsonbuild.go registers the functions that turn SQL values into json and
// jsonb: to_json, to_jsonb, json(b)_build_object, json(b)_build_array, the
// aggregates json_agg, jsonb_agg, json_object_agg and jsonb_object_agg, and
// the one-column set-returning functions jsonb_array_elements(_text),
// jsonb_object_keys and their json twins (PG: utils/adt/json.c, jsonb.c,
// jsonfuncs.c). A value's JSON form depends on its SQL type, so the
// builders read their arguments' types.

package funcs

import (
	"strings"

	"github.com/loomdb/loomdb/internal/types"
)

// jsonArgOf is a SQL value as the JSON builders see it.
func jsonArgOf(env *Env, t types.T, d types.Datum) types.JSONArg {
	if d == nil {
		return types.JSONArg{Null: true}
	}
	if r, ok := d.(types.Record); ok {
		return types.JSONArg{Cat: types.JSONTypeComposite, Text: rowToJSON(env, r, false)}
	}
	switch t.Oid {
	case types.Int2Oid, types.Int4Oid, types.Int8Oid, types.Float4Oid, types.Float8Oid, types.NumericOid:
		return types.JSONArg{Cat: types.JSONTypeNumeric, Text: types.Out(t, d)}
	case types.BoolOid:
		return types.JSONArg{Cat: types.JSONTypeBool, Text: types.Out(t, d)}
	case types.JsonOid, types.JsonbOid:
		return types.JSONArg{Cat: types.JSONTypeJSON, Text: d.(string)}
	case types.DateOid:
		return types.JSONArg{Text: string(types.AppendJSONDate(nil, d.(int64)))}
	case types.TimestampOid:
		return types.JSONArg{Text: string(types.AppendJSONTimestamp(nil, d.(int64)))}
	case types.TimestamptzOid:
		// ISO 8601 with a T and the offset as +hh:mm.
		off := types.ZoneOffset(d.(int64), env.Zone())
		s := string(types.AppendJSONTimestamp(nil, d.(int64)+int64(off)*types.USecsPerSec))
		if !types.IsInfTimestamp(d.(int64)) {
			z := string(types.AppendZoneOffset(nil, off))
			if len(z) == 3 {
				z += ":00"
			}
			s += z
		}
		return types.JSONArg{Text: s}
	}
	if a, ok := d.(types.Array); ok {
		return types.JSONArg{Cat: types.JSONTypeArray, Text: arrayToJSON(env, a)}
	}
	return types.JSONArg{Text: types.OutZone(t, d, env.Zone())}
}

// arrayToJSON renders an array as array_to_json does: nested JSON arrays
// following the dimensions, no spaces.
func arrayToJSON(env *Env, a types.Array) string {
	if len(a.Dims) == 0 {
		return "[]"
	}
	var sb strings.Builder
	pos := 0
	var dim func(d int)
	dim = func(d int) {
		sb.WriteByte('[')
		for i := int32(0); i < a.Dims[d]; i++ {
			if i > 0 {
				sb.WriteByte(',')
			}
			if d == len(a.Dims)-1 {
				sb.WriteString(types.ToJSON(jsonArgOf(env, a.Elem, a.Elems[pos])))
				pos++
				continue
			}
			dim(d + 1)
		}
		sb.WriteByte(']')
	}
	dim(0)
	return sb.String()
}

func jsonArgs(env *Env, ts []types.T, ds []types.Datum) []types.JSONArg {
	out := make([]types.JSONArg, len(ds))
	for i, d := range ds {
		out[i] = jsonArgOf(env, ts[i], d)
	}
	return out
}

func jsonbDatum(v *types.JSONValue, err error) (types.Datum, error) {
	if err != nil || v == nil {
		return nil, err
	}
	return types.JsonbText(v), nil
}

func init() {
	j, jb := types.JsonOid, types.JsonbOid
	any1, anyVar := []types.Oid{types.AnyOid}, []types.Oid{types.AnyOid}
	typed := func(name string, args []types.Oid, result types.Oid, variadic, strict bool, impl func(env *Env, ts []types.T, a []types.Datum) (types.Datum, error)) {
		register(&Func{Name: name, Args: args, Result: result, Variadic: variadic, Strict: strict, Volatile: Stable, ImplTyped: impl})
	}
	typed("to_json", any1, j, false, true, func(env *Env, ts []types.T, a []types.Datum) (types.Datum, error) {
		return types.ToJSON(jsonArgOf(env, ts[0], a[0])), nil
	})
	typed("to_jsonb", any1, jb, false, true, func(env *Env, ts []types.T, a []types.Datum) (types.Datum, error) {
		return jsonbDatum(types.ToJsonb(jsonArgOf(env, ts[0], a[0])))
	})
	typed("json_build_object", anyVar, j, true, false, func(env *Env, ts []types.T, a []types.Datum) (types.Datum, error) {
		return types.JSONBuildObject(jsonArgs(env, ts, a))
	})
	typed("jsonb_build_object", anyVar, jb, true, false, func(env *Env, ts []types.T, a []types.Datum) (types.Datum, error) {
		return jsonbDatum(types.JsonbBuildObject(jsonArgs(env, ts, a)))
	})
	typed("json_build_array", anyVar, j, true, false, func(env *Env, ts []types.T, a []types.Datum) (types.Datum, error) {
		return types.JSONBuildArray(jsonArgs(env, ts, a)), nil
	})
	typed("jsonb_build_array", anyVar, jb, true, false, func(env *Env, ts []types.T, a []types.Datum) (types.Datum, error) {
		return jsonbDatum(types.JsonbBuildArray(jsonArgs(env, ts, a)))
	})
	// The builders without arguments are functions of their own, as a
	// VARIADIC parameter takes at least one argument.
	typed("json_build_object", nil, j, false, false, func(env *Env, ts []types.T, a []types.Datum) (types.Datum, error) {
		return types.JSONBuildObject(nil)
	})
	typed("jsonb_build_object", nil, jb, false, false, func(env *Env, ts []types.T, a []types.Datum) (types.Datum, error) {
		return jsonbDatum(types.JsonbBuildObject(nil))
	})
	typed("json_build_array", nil, j, false, false, func(env *Env, ts []types.T, a []types.Datum) (types.Datum, error) {
		return types.JSONBuildArray(nil), nil
	})
	typed("jsonb_build_array", nil, jb, false, false, func(env *Env, ts []types.T, a []types.Datum) (types.Datum, error) {
		return jsonbDatum(types.JsonbBuildArray(nil))
	})

	// The aggregates, registered for each argument type since a state
	// converts its inputs by type. None has a combine step in PG 15.
	for _, in := range types.AllInfos() {
		if in.Class == types.ClassInternal || in.Oid == types.UnknownOid {
			continue
		}
		t := types.T{Oid: in.Oid, Typmod: -1}
		agg := func(name string, result types.Oid, newState func() AggState) {
			a := &Aggregate{Name: name, ArgType: t.Oid, Result: result, New: newState, TransType: types.InternalOid, FinalFn: true,
				NoCombine: true, KeepNulls: true, TransFn: name + "_transfn_" + in.Name}
			register(&Func{Name: name, Args: []types.Oid{t.Oid}, Result: result, Volatile: Stable, Agg: a})
		}
		agg("json_agg", j, func() AggState { return &jsonAggState{t: t} })
		agg("jsonb_agg", jb, func() AggState { return &jsonbAggState{t: t} })
		objAgg := func(name string, result types.Oid, newState func() AggState) {
			a := &Aggregate{Name: name, ArgType: types.TextOid, Result: result, New: newState, TransType: types.InternalOid, FinalFn: true,
				NoCombine: true, KeepNulls: true, TransFn: name + "_transfn_" + in.Name}
			register(&Func{Name: name, Args: []types.Oid{types.TextOid, t.Oid}, Result: result, Volatile: Stable, Agg: a})
		}
		objAgg("json_object_agg", j, func() AggState { return &jsonObjectAggState{t: t} })
		objAgg("jsonb_object_agg", jb, func() AggState { return &jsonbObjectAggState{t: t} })
	}

	// One-column set-returning functions over json and jsonb.
	elems := func(asText, isJsonb bool) *SetFunc {
		return &SetFunc{Start: func(a []types.Datum) (SetIter, error) {
			var vals []*types.JSONValue
			if isJsonb {
				v, err := types.ParseJsonb(a[0].(string))
				if err != nil {
					return nil, err
				}
				if vals, err = types.JsonbArrayElements(v); err != nil {
					return nil, err
				}
			} else {
				var err error
				if vals, err = types.JSONArrayElements(a[0].(string), asText); err != nil {
					return nil, err
				}
			}
			out := make([]types.Datum, len(vals))
			for i, v := range vals {
				switch {
				case asText:
					if s, ok := types.JsonbValueText(v); ok && isJsonb {
						out[i] = s
					} else if s, ok := types.JSONValueText(v); ok && !isJsonb {
						out[i] = s
					}
				case isJsonb:
					out[i] = types.JsonbText(v)
				default:
					out[i] = v.Src
				}
			}
			return &datumIter{elems: out}, nil
		}}
	}
	keys := func(isJsonb bool) *SetFunc {
		return &SetFunc{Start: func(a []types.Datum) (SetIter, error) {
			var ks []string
			var err error
			if isJsonb {
				v, perr := types.ParseJsonb(a[0].(string))
				if perr != nil {
					return nil, perr
				}
				ks, err = types.JsonbObjectKeys(v)
			} else {
				ks, err = types.JSONObjectKeys(a[0].(string))
			}
			if err != nil {
				return nil, err
			}
			out := make([]types.Datum, len(ks))
			for i, k := range ks {
				out[i] = k
			}
			return &datumIter{elems: out}, nil
		}}
	}
	for _, f := range []*Func{
		{Name: "jsonb_array_elements", Args: []types.Oid{jb}, Result: jb, SRF: elems(false, true)},
		{Name: "jsonb_array_elements_text", Args: []types.Oid{jb}, Result: types.TextOid, SRF: elems(true, true)},
		{Name: "json_array_elements", Args: []types.Oid{j}, Result: j, SRF: elems(false, false)},
		{Name: "json_array_elements_text", Args: []types.Oid{j}, Result: types.TextOid, SRF: elems(true, false)},
		{Name: "jsonb_object_keys", Args: []types.Oid{jb}, Result: types.TextOid, SRF: keys(true)},
		{Name: "json_object_keys", Args: []types.Oid{j}, Result: types.TextOid, SRF: keys(false)},
	} {
		f.Strict = true
		register(f)
	}
}

type jsonAggState struct {
	t   types.T
	agg types.JSONAgg
}

func (s *jsonAggState) Advance(d types.Datum) error {
	s.agg.Add(jsonArgOf(&DefaultEnv, s.t, d))
	return nil
}
func (s *jsonAggState) Combine(AggState) error { return errNoCombine("json_agg") }
func (s *jsonAggState) Final() (types.Datum, error) {
	if r, ok := s.agg.Result(); ok {
		return r, nil
	}
	return nil, nil
}

type jsonbAggState struct {
	t   types.T
	agg types.JsonbAgg
}

func (s *jsonbAggState) Advance(d types.Datum) error {
	return s.agg.Add(jsonArgOf(&DefaultEnv, s.t, d))
}
func (s *jsonbAggState) Combine(AggState) error { return errNoCombine("jsonb_agg") }
func (s *jsonbAggState) Final() (types.Datum, error) {
	if r, ok := s.agg.Result(); ok {
		return types.JsonbText(r), nil
	}
	return nil, nil
}

type jsonObjectAggState struct {
	t   types.T
	agg types.JSONObjectAgg
}

func (s *jsonObjectAggState) Advance(d types.Datum) error {
	row := d.([]types.Datum)
	return s.agg.Add(jsonArgOf(&DefaultEnv, types.TText, row[0]), jsonArgOf(&DefaultEnv, s.t, row[1]))
}
func (s *jsonObjectAggState) Combine(AggState) error { return errNoCombine("json_object_agg") }
func (s *jsonObjectAggState) Final() (types.Datum, error) {
	if r, ok := s.agg.Result(); ok {
		return r, nil
	}
	return nil, nil
}

type jsonbObjectAggState struct {
	t   types.T
	agg types.JsonbObjectAgg
}

func (s *jsonbObjectAggState) Advance(d types.Datum) error {
	row := d.([]types.Datum)
	return s.agg.Add(jsonArgOf(&DefaultEnv, types.TText, row[0]), jsonArgOf(&DefaultEnv, s.t, row[1]))
}
func (s *jsonbObjectAggState) Combine(AggState) error { return errNoCombine("jsonb_object_agg") }
func (s *jsonbObjectAggState) Final() (types.Datum, error) {
	if r, ok := s.agg.Result(); ok {
		return types.JsonbText(r), nil
	}
	return nil, nil
}
