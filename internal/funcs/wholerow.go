// wholerow.go holds what the JSON functions make of a record value (a
// whole-row reference or ROW(...)): to_json, to_jsonb and row_to_json
// render it as an object of its columns (PG: composite_to_json in
// utils/adt/json.c, composite_to_jsonb in jsonb.c).

package funcs

import (
	"strconv"
	"strings"

	"github.com/loomdb/loomdb/internal/types"
)

// rowToJSON renders r as composite_to_json does: {"a":1,"b":"x"}, or with
// a line feed after each comma when lineFeeds.
func rowToJSON(env *Env, r types.Record, lineFeeds bool) string {
	sep := ","
	if lineFeeds {
		sep = ",\n "
	}
	var sb strings.Builder
	sb.WriteByte('{')
	for i := range r.Values {
		if i > 0 {
			sb.WriteString(sep)
		}
		name := "f" + strconv.Itoa(i+1)
		if i < len(r.Names) {
			name = r.Names[i]
		}
		sb.WriteString(types.EscapeJSON(name))
		sb.WriteByte(':')
		sb.WriteString(types.ToJSON(jsonArgOf(env, r.Types[i], r.Values[i])))
	}
	sb.WriteByte('}')
	return sb.String()
}

func init() {
	rec := types.RecordOid
	typed := func(args []types.Oid, impl func(env *Env, ts []types.T, a []types.Datum) (types.Datum, error)) {
		register(&Func{Name: "row_to_json", Args: args, Result: types.JsonOid, Strict: true, Volatile: Stable, ImplTyped: impl})
	}
	typed([]types.Oid{rec}, func(env *Env, _ []types.T, a []types.Datum) (types.Datum, error) {
		return rowToJSON(env, a[0].(types.Record), false), nil
	})
	typed([]types.Oid{rec, types.BoolOid}, func(env *Env, _ []types.T, a []types.Datum) (types.Datum, error) {
		return rowToJSON(env, a[0].(types.Record), a[1].(bool)), nil
	})
}
