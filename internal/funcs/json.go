// json.go registers the json and jsonb operators and functions: field and
// element access (->, ->>, #>, #>>), containment and existence (@>, <@, ?,
// ?|, ?&), concatenation and deletion (||, -, #-), jsonb_set, jsonb_insert,
// typeof, array length, strip_nulls, and the casts from jsonb to numbers
// and bool (PG: utils/adt/jsonfuncs.c, jsonb_op.c, jsonb.c). A jsonb Datum
// is its canonical text; each function parses what it reads.

package funcs

import (
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

// jsonbArg parses a jsonb argument.
func jsonbArg(d types.Datum) (*types.JSONValue, error) {
	return types.ParseJsonb(d.(string))
}

// jsonbResult renders a jsonb result; nil is SQL NULL.
func jsonbResult(v *types.JSONValue) (types.Datum, error) {
	if v == nil {
		return nil, nil
	}
	return types.JsonbText(v), nil
}

// textArrayArg reads a text[] argument as strings with their NULL flags.
func textArrayArg(d types.Datum) ([]string, []bool, error) {
	a := d.(types.Array)
	if a.Ndim() > 1 {
		return nil, nil, pgerror.New(pgerror.ArraySubscriptError, "wrong number of array subscripts")
	}
	out := make([]string, len(a.Elems))
	nulls := make([]bool, len(a.Elems))
	for i, e := range a.Elems {
		if e == nil {
			nulls[i] = true
			continue
		}
		out[i] = e.(string)
	}
	return out, nulls, nil
}

func init() {
	j, jb, text, i4 := types.JsonOid, types.JsonbOid, types.TextOid, types.Int4Oid
	textArr := types.TextArrayOid

	// Field and element access.
	registerOp("->", jb, text, jb, "jsonb_object_field", func(a []types.Datum) (types.Datum, error) {
		v, err := jsonbArg(a[0])
		if err != nil {
			return nil, err
		}
		return jsonbResult(types.JsonbObjectField(v, a[1].(string)))
	})
	registerOp("->", jb, i4, jb, "jsonb_array_element", func(a []types.Datum) (types.Datum, error) {
		v, err := jsonbArg(a[0])
		if err != nil {
			return nil, err
		}
		return jsonbResult(types.JsonbArrayElement(v, a[1].(int64)))
	})
	jsonbText := func(v *types.JSONValue) (types.Datum, error) {
		if v == nil {
			return nil, nil
		}
		if s, ok := types.JsonbValueText(v); ok {
			return s, nil
		}
		return nil, nil
	}
	registerOp("->>", jb, text, text, "jsonb_object_field_text", func(a []types.Datum) (types.Datum, error) {
		v, err := jsonbArg(a[0])
		if err != nil {
			return nil, err
		}
		return jsonbText(types.JsonbObjectField(v, a[1].(string)))
	})
	registerOp("->>", jb, i4, text, "jsonb_array_element_text", func(a []types.Datum) (types.Datum, error) {
		v, err := jsonbArg(a[0])
		if err != nil {
			return nil, err
		}
		return jsonbText(types.JsonbArrayElement(v, a[1].(int64)))
	})
	registerOp("#>", jb, textArr, jb, "jsonb_extract_path_op", func(a []types.Datum) (types.Datum, error) {
		v, err := jsonbArg(a[0])
		if err != nil {
			return nil, err
		}
		path, nulls, err := textArrayArg(a[1])
		if err != nil {
			return nil, err
		}
		return jsonbResult(types.JsonbExtractPath(v, path, nulls))
	})
	registerOp("#>>", jb, textArr, text, "jsonb_extract_path_text_op", func(a []types.Datum) (types.Datum, error) {
		v, err := jsonbArg(a[0])
		if err != nil {
			return nil, err
		}
		path, nulls, err := textArrayArg(a[1])
		if err != nil {
			return nil, err
		}
		return jsonbText(types.JsonbExtractPath(v, path, nulls))
	})
	jsonField := func(v *types.JSONValue, err error) (types.Datum, error) {
		if err != nil || v == nil {
			return nil, err
		}
		return v.Src, nil
	}
	jsonText := func(v *types.JSONValue, err error) (types.Datum, error) {
		if err != nil || v == nil {
			return nil, err
		}
		if s, ok := types.JSONValueText(v); ok {
			return s, nil
		}
		return nil, nil
	}
	registerOp("->", j, text, j, "json_object_field", func(a []types.Datum) (types.Datum, error) {
		return jsonField(types.JSONObjectField(a[0].(string), a[1].(string)))
	})
	registerOp("->", j, i4, j, "json_array_element", func(a []types.Datum) (types.Datum, error) {
		return jsonField(types.JSONArrayElement(a[0].(string), a[1].(int64)))
	})
	registerOp("->>", j, text, text, "json_object_field_text", func(a []types.Datum) (types.Datum, error) {
		return jsonText(types.JSONObjectField(a[0].(string), a[1].(string)))
	})
	registerOp("->>", j, i4, text, "json_array_element_text", func(a []types.Datum) (types.Datum, error) {
		return jsonText(types.JSONArrayElement(a[0].(string), a[1].(int64)))
	})
	registerOp("#>", j, textArr, j, "json_extract_path_op", func(a []types.Datum) (types.Datum, error) {
		path, nulls, err := textArrayArg(a[1])
		if err != nil {
			return nil, err
		}
		return jsonField(types.JSONExtractPath(a[0].(string), path, nulls))
	})
	registerOp("#>>", j, textArr, text, "json_extract_path_text_op", func(a []types.Datum) (types.Datum, error) {
		path, nulls, err := textArrayArg(a[1])
		if err != nil {
			return nil, err
		}
		return jsonText(types.JSONExtractPath(a[0].(string), path, nulls))
	})

	// Containment and existence.
	contains := func(x, y types.Datum) (types.Datum, error) {
		a, err := jsonbArg(x)
		if err != nil {
			return nil, err
		}
		b, err := jsonbArg(y)
		if err != nil {
			return nil, err
		}
		return types.JsonbContains(a, b), nil
	}
	registerOp("@>", jb, jb, types.BoolOid, "jsonb_contains", func(a []types.Datum) (types.Datum, error) { return contains(a[0], a[1]) })
	registerOp("<@", jb, jb, types.BoolOid, "jsonb_contained", func(a []types.Datum) (types.Datum, error) { return contains(a[1], a[0]) })
	registerOp("?", jb, text, types.BoolOid, "jsonb_exists", func(a []types.Datum) (types.Datum, error) {
		v, err := jsonbArg(a[0])
		if err != nil {
			return nil, err
		}
		return types.JsonbExists(v, a[1].(string)), nil
	})
	for _, op := range []struct {
		name, proc string
		all        bool
	}{{"?|", "jsonb_exists_any", false}, {"?&", "jsonb_exists_all", true}} {
		op := op
		registerOp(op.name, jb, textArr, types.BoolOid, op.proc, func(a []types.Datum) (types.Datum, error) {
			v, err := jsonbArg(a[0])
			if err != nil {
				return nil, err
			}
			keys, nulls, err := textArrayArg(a[1])
			if err != nil {
				return nil, err
			}
			if op.all {
				return types.JsonbExistsAll(v, keys, nulls), nil
			}
			return types.JsonbExistsAny(v, keys, nulls), nil
		})
	}

	// Concatenation and deletion.
	registerOp("||", jb, jb, jb, "jsonb_concat", func(a []types.Datum) (types.Datum, error) {
		x, err := jsonbArg(a[0])
		if err != nil {
			return nil, err
		}
		y, err := jsonbArg(a[1])
		if err != nil {
			return nil, err
		}
		return jsonbResult(types.JsonbConcat(x, y))
	})
	registerOp("-", jb, text, jb, "jsonb_delete", func(a []types.Datum) (types.Datum, error) {
		v, err := jsonbArg(a[0])
		if err != nil {
			return nil, err
		}
		r, err := types.JsonbDelete(v, a[1].(string))
		if err != nil {
			return nil, err
		}
		return jsonbResult(r)
	})
	registerOp("-", jb, i4, jb, "jsonb_delete_index", func(a []types.Datum) (types.Datum, error) {
		v, err := jsonbArg(a[0])
		if err != nil {
			return nil, err
		}
		r, err := types.JsonbDeleteIndex(v, a[1].(int64))
		if err != nil {
			return nil, err
		}
		return jsonbResult(r)
	})
	registerOp("#-", jb, textArr, jb, "jsonb_delete_path", func(a []types.Datum) (types.Datum, error) {
		v, err := jsonbArg(a[0])
		if err != nil {
			return nil, err
		}
		path, nulls, err := textArrayArg(a[1])
		if err != nil {
			return nil, err
		}
		r, err := types.JsonbDeletePath(v, path, nulls)
		if err != nil {
			return nil, err
		}
		return jsonbResult(r)
	})
	setOrInsert := func(a []types.Datum, insert bool) (types.Datum, error) {
		v, err := jsonbArg(a[0])
		if err != nil {
			return nil, err
		}
		path, nulls, err := textArrayArg(a[1])
		if err != nil {
			return nil, err
		}
		nv, err := jsonbArg(a[2])
		if err != nil {
			return nil, err
		}
		flag := !insert // create_missing defaults to true, insert_after to false
		if len(a) > 3 {
			flag = a[3].(bool)
		}
		var r *types.JSONValue
		if insert {
			r, err = types.JsonbInsert(v, path, nulls, nv, flag)
		} else {
			r, err = types.JsonbSet(v, path, nulls, nv, flag)
		}
		if err != nil {
			return nil, err
		}
		return jsonbResult(r)
	}
	for _, name := range []string{"jsonb_set", "jsonb_insert"} {
		insert := name == "jsonb_insert"
		fn(name, []types.Oid{jb, textArr, jb}, jb, func(a []types.Datum) (types.Datum, error) { return setOrInsert(a, insert) })
		fn(name, []types.Oid{jb, textArr, jb, types.BoolOid}, jb, func(a []types.Datum) (types.Datum, error) { return setOrInsert(a, insert) })
	}

	// Inspection.
	fn("jsonb_typeof", []types.Oid{jb}, text, func(a []types.Datum) (types.Datum, error) {
		v, err := jsonbArg(a[0])
		if err != nil {
			return nil, err
		}
		return types.JsonbTypeof(v), nil
	})
	fn("json_typeof", []types.Oid{j}, text, func(a []types.Datum) (types.Datum, error) {
		return types.JSONTypeof(a[0].(string))
	})
	fn("jsonb_array_length", []types.Oid{jb}, i4, func(a []types.Datum) (types.Datum, error) {
		v, err := jsonbArg(a[0])
		if err != nil {
			return nil, err
		}
		n, err := types.JsonbArrayLength(v)
		return int64(n), err
	})
	fn("json_array_length", []types.Oid{j}, i4, func(a []types.Datum) (types.Datum, error) {
		n, err := types.JSONArrayLength(a[0].(string))
		return int64(n), err
	})
	fn("jsonb_strip_nulls", []types.Oid{jb}, jb, func(a []types.Datum) (types.Datum, error) {
		v, err := jsonbArg(a[0])
		if err != nil {
			return nil, err
		}
		return jsonbResult(types.JsonbStripNulls(v))
	})
	fn("json_strip_nulls", []types.Oid{j}, j, func(a []types.Datum) (types.Datum, error) {
		return types.JSONStripNulls(a[0].(string))
	})
}
