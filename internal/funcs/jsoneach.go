// jsoneach.go registers json_each, json_each_text, jsonb_each and
// jsonb_each_text: the members of a JSON object as rows of key and value
// (PG: utils/adt/jsonfuncs.c each_worker and each_worker_jsonb).

package funcs

import "github.com/loomdb/loomdb/internal/types"

func init() {
	each := func(name string, isJsonb, asText bool) {
		valType := types.JsonOid
		switch {
		case asText:
			valType = types.TextOid
		case isJsonb:
			valType = types.JsonbOid
		}
		arg := types.JsonOid
		if isJsonb {
			arg = types.JsonbOid
		}
		srf := &SetFunc{
			ProRows: 100,
			Columns: []SetColumn{{Name: "key", Type: types.TextOid}, {Name: "value", Type: valType}},
			Start: func(a []types.Datum) (SetIter, error) {
				var pairs []types.JSONPair
				if isJsonb {
					v, err := types.ParseJsonb(a[0].(string))
					if err != nil {
						return nil, err
					}
					if pairs, err = types.JsonbEachPairs(v, name); err != nil {
						return nil, err
					}
				} else {
					var err error
					if pairs, err = types.JSONEachPairs(a[0].(string)); err != nil {
						return nil, err
					}
				}
				rows := make([]types.Datum, len(pairs))
				for i, p := range pairs {
					var val types.Datum
					switch {
					case asText && isJsonb:
						if s, ok := types.JsonbValueText(p.Value); ok {
							val = s
						}
					case asText:
						if s, ok := types.JSONValueText(p.Value); ok {
							val = s
						}
					case isJsonb:
						val = types.JsonbText(p.Value)
					default:
						val = p.Value.Src
					}
					rows[i] = []types.Datum{p.Key, val}
				}
				return &datumIter{elems: rows}, nil
			},
		}
		register(&Func{Name: name, Args: []types.Oid{arg}, Result: types.RecordOid, Strict: true, SRF: srf})
	}
	each("json_each", false, false)
	each("json_each_text", false, true)
	each("jsonb_each", true, false)
	each("jsonb_each_text", true, true)
}
