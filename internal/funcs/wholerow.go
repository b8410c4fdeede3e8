// wholerow.go holds the record value a whole-row reference yields and
// what the JSON functions make of it: to_json, to_jsonb and row_to_json
// render it as an object of its columns (PG: composite_to_json in
// utils/adt/json.c, composite_to_jsonb in jsonb.c).

package funcs

import (
	"strings"

	"github.com/loomdb/loomdb/internal/types"
)

// Row is a record value: one datum per column, with the columns' names and
// types.
type Row struct {
	Names  []string
	Types  []types.T
	Values []types.Datum
}

// rowToJSON renders r as composite_to_json does: {"a":1,"b":"x"}, or with
// a line feed after each comma when lineFeeds.
func rowToJSON(env *Env, r *Row, lineFeeds bool) string {
	sep := ","
	if lineFeeds {
		sep = ",\n "
	}
	var sb strings.Builder
	sb.WriteByte('{')
	for i, name := range r.Names {
		if i > 0 {
			sb.WriteString(sep)
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
		return rowToJSON(env, a[0].(*Row), false), nil
	})
	typed([]types.Oid{rec, types.BoolOid}, func(env *Env, _ []types.T, a []types.Datum) (types.Datum, error) {
		return rowToJSON(env, a[0].(*Row), a[1].(bool)), nil
	})
}
