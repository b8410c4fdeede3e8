// strfuncs_variadic.go registers the string functions taking VARIADIC
// "any": format, concat and concat_ws, which print each argument with its
// type's output function (PG: text_format, text_concat and
// text_concat_ws in utils/adt/varlena.c).

package funcs

import (
	"strings"

	"github.com/loomdb/loomdb/internal/types"
)

// anyText is the text of a value of type t as its output function prints
// it, nil for NULL.
func anyText(env *Env, t types.T, d types.Datum) *string {
	if d == nil {
		return nil
	}
	s := types.OutZone(t, d, env.Zone())
	return &s
}

func init() {
	t := types.TextOid
	register(&Func{Name: "format", Args: []types.Oid{t, types.AnyOid}, Variadic: true, Result: t, Volatile: Stable,
		ImplTyped: func(env *Env, ts []types.T, a []types.Datum) (types.Datum, error) {
			if a[0] == nil {
				return nil, nil
			}
			args := make([]*string, len(a)-1)
			for i := range args {
				args[i] = anyText(env, ts[i+1], a[i+1])
			}
			r, err := formatText(a[0].(string), args)
			if err != nil {
				return nil, err
			}
			return r, nil
		}})
	register(&Func{Name: "concat", Args: []types.Oid{types.AnyOid}, Variadic: true, Result: t, Volatile: Stable,
		ImplTyped: func(env *Env, ts []types.T, a []types.Datum) (types.Datum, error) {
			var b strings.Builder
			for i, d := range a {
				if s := anyText(env, ts[i], d); s != nil {
					b.WriteString(*s)
				}
			}
			return b.String(), nil
		}})
	register(&Func{Name: "concat_ws", Args: []types.Oid{t, types.AnyOid}, Variadic: true, Result: t, Volatile: Stable,
		ImplTyped: func(env *Env, ts []types.T, a []types.Datum) (types.Datum, error) {
			if a[0] == nil {
				return nil, nil
			}
			sep := a[0].(string)
			var b strings.Builder
			first := true
			for i := 1; i < len(a); i++ {
				s := anyText(env, ts[i], a[i])
				if s == nil {
					continue
				}
				if !first {
					b.WriteString(sep)
				}
				first = false
				b.WriteString(*s)
			}
			return b.String(), nil
		}})
}
