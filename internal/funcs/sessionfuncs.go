// sessionfuncs.go: nextval, currval, setval, lastval, pg_get_serial_sequence,
// regclass(text), current_setting and set_config (PG: commands/sequence.c,
// utils/adt/regproc.c, utils/misc/guc.c).
//
// They reach the session through Env.Sequences. The sequence functions are
// volatile and parallel unsafe, as in PostgreSQL: a sequence's session
// state (currval) lives in the leader. regclass(text) and
// pg_get_serial_sequence read the catalogs through the session, which
// only the leader has, so they are parallel restricted here (PostgreSQL
// marks them safe).

package funcs

import (
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

func sequencesOf(env *Env) (Sequences, error) {
	if env.Sequences == nil {
		return nil, pgerror.Unsupported("sequence functions are only available in a session")
	}
	return env.Sequences, nil
}

func init() {
	rc, i8 := types.RegclassOid, types.Int8Oid
	seqFn := func(name string, args []types.Oid, impl func(q Sequences, a []types.Datum) (types.Datum, error)) {
		register(&Func{Name: name, Args: args, Result: i8, Strict: true, Volatile: Volatile, Parallel: ParallelUnsafe,
			ImplEnv: func(env *Env, a []types.Datum) (types.Datum, error) {
				q, err := sequencesOf(env)
				if err != nil {
					return nil, err
				}
				return impl(q, a)
			}})
	}
	seqFn("nextval", []types.Oid{rc}, func(q Sequences, a []types.Datum) (types.Datum, error) {
		return q.NextVal(types.Oid(a[0].(int64)))
	})
	seqFn("currval", []types.Oid{rc}, func(q Sequences, a []types.Datum) (types.Datum, error) {
		return q.CurrVal(types.Oid(a[0].(int64)))
	})
	seqFn("setval", []types.Oid{rc, i8}, func(q Sequences, a []types.Datum) (types.Datum, error) {
		return q.SetVal(types.Oid(a[0].(int64)), a[1].(int64), true)
	})
	seqFn("setval", []types.Oid{rc, i8, types.BoolOid}, func(q Sequences, a []types.Datum) (types.Datum, error) {
		return q.SetVal(types.Oid(a[0].(int64)), a[1].(int64), a[2].(bool))
	})
	seqFn("lastval", nil, func(q Sequences, a []types.Datum) (types.Datum, error) {
		return q.LastVal()
	})
	register(&Func{Name: "regclass", Args: []types.Oid{types.TextOid}, Result: rc, Strict: true, Volatile: Stable, Parallel: ParallelRestricted,
		ImplEnv: func(env *Env, a []types.Datum) (types.Datum, error) {
			q, err := sequencesOf(env)
			if err != nil {
				return nil, err
			}
			oid, err := q.RegclassIn(a[0].(string))
			if err != nil {
				return nil, err
			}
			return int64(oid), nil
		}})
	register(&Func{Name: "pg_get_serial_sequence", Args: []types.Oid{types.TextOid, types.TextOid}, Result: types.TextOid, Strict: true, Volatile: Stable, Parallel: ParallelRestricted,
		ImplEnv: func(env *Env, a []types.Datum) (types.Datum, error) {
			q, err := sequencesOf(env)
			if err != nil {
				return nil, err
			}
			name, ok, err := q.SerialSequence(a[0].(string), a[1].(string))
			if err != nil || !ok {
				return nil, err
			}
			return name, nil
		}})
}

func init() {
	settingsOf := func(env *Env) (Settings, error) {
		if env.Settings == nil {
			return nil, pgerror.Unsupported("configuration functions are only available in a session")
		}
		return env.Settings, nil
	}
	t := types.TextOid
	// current_setting reads session state that only the leader has.
	register(&Func{Name: "current_setting", Args: []types.Oid{t}, Result: t, Strict: true, Volatile: Stable, Parallel: ParallelRestricted,
		ImplEnv: func(env *Env, a []types.Datum) (types.Datum, error) {
			q, err := settingsOf(env)
			if err != nil {
				return nil, err
			}
			return q.Get(a[0].(string))
		}})
	register(&Func{Name: "current_setting", Args: []types.Oid{t, types.BoolOid}, Result: t, Strict: true, Volatile: Stable, Parallel: ParallelRestricted,
		ImplEnv: func(env *Env, a []types.Datum) (types.Datum, error) {
			q, err := settingsOf(env)
			if err != nil {
				return nil, err
			}
			v, err := q.Get(a[0].(string))
			if err != nil && a[1].(bool) && pgerror.CodeOf(err) == pgerror.UndefinedObject {
				return nil, nil
			}
			return v, err
		}})
	// pg_show_all_settings is pg_settings' rows (PG: show_all_settings).
	text := func(s *string) types.Datum {
		if s == nil {
			return nil
		}
		return *s
	}
	register(&Func{Name: "pg_show_all_settings", Result: types.RecordOid, Volatile: Stable, Parallel: ParallelRestricted,
		SRF: &SetFunc{ProRows: 1000, Columns: []SetColumn{
			{Name: "name", Type: t}, {Name: "setting", Type: t}, {Name: "unit", Type: t}, {Name: "category", Type: t},
			{Name: "short_desc", Type: t}, {Name: "extra_desc", Type: t}, {Name: "context", Type: t}, {Name: "vartype", Type: t},
			{Name: "source", Type: t}, {Name: "min_val", Type: t}, {Name: "max_val", Type: t}, {Name: "enumvals", Type: types.TextArrayOid},
			{Name: "boot_val", Type: t}, {Name: "reset_val", Type: t}, {Name: "sourcefile", Type: t}, {Name: "sourceline", Type: types.Int4Oid},
			{Name: "pending_restart", Type: types.BoolOid}},
			StartEnv: func(env *Env, _ []types.Datum) (SetIter, error) {
				q, err := settingsOf(env)
				if err != nil {
					return nil, err
				}
				var rows []types.Datum
				for _, r := range q.Rows() {
					var enums types.Datum
					if r.EnumVals != nil {
						elems := make([]types.Datum, len(r.EnumVals))
						for i, e := range r.EnumVals {
							elems[i] = e
						}
						arr, err := types.NewArray(types.TText, []int32{int32(len(elems))}, []int32{1}, elems)
						if err != nil {
							return nil, err
						}
						enums = arr
					}
					rows = append(rows, []types.Datum{r.Name, r.Setting, text(r.Unit), r.Category, r.ShortDesc, nil, r.Context, r.VarType,
						r.Source, text(r.MinVal), text(r.MaxVal), enums, r.BootVal, r.ResetVal, nil, nil, false})
				}
				return &datumIter{elems: rows}, nil
			}}})
	register(&Func{Name: "set_config", Args: []types.Oid{t, t, types.BoolOid}, Result: t, Volatile: Volatile, Parallel: ParallelUnsafe,
		ImplEnv: func(env *Env, a []types.Datum) (types.Datum, error) {
			q, err := settingsOf(env)
			if err != nil {
				return nil, err
			}
			if a[0] == nil {
				return nil, pgerror.New(pgerror.InvalidParameterValue, "SET requires parameter name")
			}
			value, local := "", false
			if a[1] != nil {
				value = a[1].(string)
			}
			if a[2] != nil {
				local = a[2].(bool)
			}
			return q.Set(a[0].(string), value, local)
		}})
}
