// catalogfuncs.go: the system information functions that clients' catalog
// queries call — visibility (pg_table_is_visible), names (pg_get_userbyid,
// pg_encoding_to_char), definitions rebuilt as SQL (pg_get_indexdef,
// pg_get_constraintdef, pg_get_expr, pg_get_function_arguments), comments
// (obj_description, col_description) and current_schemas (PG:
// utils/adt/ruleutils.c, catalog/namespace.c, utils/adt/acl.c).
//
// They reach the catalogs through Env.Catalog, which only the leader has,
// so they are parallel restricted here (PostgreSQL marks most of them
// safe).

package funcs

import (
	"fmt"

	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

// CatalogInfo is what the system information functions need of the
// session: lookups through its catalog snapshot and search_path. A false
// result means the object does not exist, which the functions answer with
// NULL, as PostgreSQL does.
type CatalogInfo interface {
	Activity
	// RelationIsVisible reports whether relation rel is the one its
	// unqualified name finds through search_path.
	RelationIsVisible(rel types.Oid) (visible, found bool, err error)
	// TypeIsVisible and FunctionIsVisible are the same for a type and a
	// function.
	TypeIsVisible(typ types.Oid) (visible, found bool, err error)
	FunctionIsVisible(fn types.Oid) (visible, found bool, err error)
	// RelationKind returns a relation's relkind and schema name.
	RelationKind(rel types.Oid) (kind byte, schema string, found bool, err error)
	// RoleName returns a role's name.
	RoleName(role types.Oid) (string, bool, error)
	// IndexDef is pg_get_indexdef: the CREATE INDEX command of index, or
	// with column > 0 that key column's definition alone.
	IndexDef(index types.Oid, column int, pretty bool) (string, bool, error)
	// ConstraintDef is pg_get_constraintdef: a constraint's definition as
	// ALTER TABLE ... ADD CONSTRAINT would take it.
	ConstraintDef(con types.Oid, pretty bool) (string, bool, error)
	// Expr is pg_get_expr: a stored expression over relation rel (0 for
	// none) printed as SQL.
	Expr(stored string, rel types.Oid, pretty bool) (string, error)
	// Description is the comment on an object (pg_description), or for
	// shared objects (pg_shdescription) with shared set.
	Description(obj, classOid types.Oid, subID int32, shared bool) (string, bool, error)
	// CatalogOid returns the OID of the system catalog called name.
	CatalogOid(name string) (types.Oid, bool, error)
	// FunctionResult and FunctionArguments are pg_get_function_result
	// and pg_get_function_arguments.
	FunctionResult(fn types.Oid) (string, bool, error)
	FunctionArguments(fn types.Oid) (string, bool, error)
	// RegIn resolves a name to the OID a value of reg type typ
	// (regclass, regtype, regproc, regnamespace) stands for; a number is
	// taken as the OID itself.
	RegIn(typ types.Oid, name string) (types.Oid, error)
	// RegOut names the object a value of reg type typ stands for, as its
	// output function prints it: qualified when search_path does not find
	// it, the number when there is no such object, "-" for 0.
	RegOut(typ types.Oid, oid types.Oid) (string, error)
	// RelationUpdatability is pg_relation_is_updatable's bitmask of the
	// UPDATE (4), INSERT (8) and DELETE (16) a relation takes, and by
	// column whether INSERT and UPDATE may assign it.
	RelationUpdatability(rel types.Oid) (events int, cols []bool, found bool, err error)
	// SessionUser, CurrentDatabase and BackendPID describe the session.
	SessionUser() string
	CurrentDatabase() string
	BackendPID() int64
	// SearchPath returns the schemas of search_path that exist, with the
	// implicitly searched pg_catalog first unless includeImplicit is false.
	SearchPath(includeImplicit bool) ([]string, error)
}

func catalogOf(env *Env) (CatalogInfo, error) {
	if env.Catalog == nil {
		return nil, pgerror.Unsupported("system information functions are only available in a session")
	}
	return env.Catalog, nil
}

// encodingNames are PostgreSQL's server and client encodings by number
// (PG: pg_enc2name_tbl).
var encodingNames = []string{
	"SQL_ASCII", "EUC_JP", "EUC_CN", "EUC_KR", "EUC_TW", "EUC_JIS_2004", "UTF8", "MULE_INTERNAL",
	"LATIN1", "LATIN2", "LATIN3", "LATIN4", "LATIN5", "LATIN6", "LATIN7", "LATIN8", "LATIN9", "LATIN10",
	"WIN1256", "WIN1258", "WIN866", "WIN874", "KOI8R", "WIN1251", "WIN1252", "ISO_8859_5", "ISO_8859_6",
	"ISO_8859_7", "ISO_8859_8", "WIN1250", "WIN1253", "WIN1254", "WIN1255", "WIN1257", "KOI8U",
	"SJIS", "BIG5", "GBK", "UHC", "GB18030", "JOHAB", "SHIFT_JIS_2004",
}

func init() {
	oid, text, b := types.OidOid, types.TextOid, types.BoolOid
	// catalogFn registers a strict, stable, leader-only function over the
	// session's catalog; a false ok from impl is a NULL result.
	catalogFn := func(name string, args []types.Oid, result types.Oid, impl func(c CatalogInfo, a []types.Datum) (types.Datum, bool, error)) {
		register(&Func{Name: name, Args: args, Result: result, Strict: true, Volatile: Stable, Parallel: ParallelRestricted,
			ImplEnv: func(env *Env, a []types.Datum) (types.Datum, error) {
				c, err := catalogOf(env)
				if err != nil {
					return nil, err
				}
				d, ok, err := impl(c, a)
				if err != nil || !ok {
					return nil, err
				}
				return d, nil
			}})
	}
	oidArg := func(d types.Datum) types.Oid { return types.Oid(uint32(d.(int64))) }
	visible := func(f func(c CatalogInfo, o types.Oid) (bool, bool, error)) func(c CatalogInfo, a []types.Datum) (types.Datum, bool, error) {
		return func(c CatalogInfo, a []types.Datum) (types.Datum, bool, error) {
			v, found, err := f(c, oidArg(a[0]))
			return v, found, err
		}
	}
	catalogFn("pg_table_is_visible", []types.Oid{oid}, b, visible(CatalogInfo.RelationIsVisible))
	catalogFn("pg_type_is_visible", []types.Oid{oid}, b, visible(CatalogInfo.TypeIsVisible))
	catalogFn("pg_function_is_visible", []types.Oid{oid}, b, visible(CatalogInfo.FunctionIsVisible))
	catalogFn("pg_get_userbyid", []types.Oid{oid}, types.NameOid, func(c CatalogInfo, a []types.Datum) (types.Datum, bool, error) {
		name, ok, err := c.RoleName(oidArg(a[0]))
		if err == nil && !ok {
			name, ok = fmt.Sprintf("unknown (OID=%d)", oidArg(a[0])), true
		}
		return name, ok, err
	})
	indexDef := func(c CatalogInfo, a []types.Datum) (types.Datum, bool, error) {
		col, pretty := 0, false
		if len(a) == 3 {
			col, pretty = int(a[1].(int64)), a[2].(bool)
		}
		return stringResult(c.IndexDef(oidArg(a[0]), col, pretty))
	}
	catalogFn("pg_get_indexdef", []types.Oid{oid}, text, indexDef)
	catalogFn("pg_get_indexdef", []types.Oid{oid, types.Int4Oid, b}, text, indexDef)
	constraintDef := func(c CatalogInfo, a []types.Datum) (types.Datum, bool, error) {
		pretty := len(a) == 2 && a[1].(bool)
		return stringResult(c.ConstraintDef(oidArg(a[0]), pretty))
	}
	catalogFn("pg_get_constraintdef", []types.Oid{oid}, text, constraintDef)
	catalogFn("pg_get_constraintdef", []types.Oid{oid, b}, text, constraintDef)
	getExpr := func(c CatalogInfo, a []types.Datum) (types.Datum, bool, error) {
		pretty := len(a) == 3 && a[2].(bool)
		s, err := c.Expr(a[0].(string), oidArg(a[1]), pretty)
		return s, err == nil, err
	}
	catalogFn("pg_get_expr", []types.Oid{text, oid}, text, getExpr)
	catalogFn("pg_get_expr", []types.Oid{text, oid, b}, text, getExpr)
	description := func(c CatalogInfo, obj types.Oid, catalog string, sub int32, shared bool) (types.Datum, bool, error) {
		cat, ok, err := c.CatalogOid(catalog)
		if err != nil || !ok {
			return nil, false, err
		}
		return stringResult(c.Description(obj, cat, sub, shared))
	}
	catalogFn("obj_description", []types.Oid{oid, types.NameOid}, text, func(c CatalogInfo, a []types.Datum) (types.Datum, bool, error) {
		return description(c, oidArg(a[0]), a[1].(string), 0, false)
	})
	catalogFn("shobj_description", []types.Oid{oid, types.NameOid}, text, func(c CatalogInfo, a []types.Datum) (types.Datum, bool, error) {
		return description(c, oidArg(a[0]), a[1].(string), 0, true)
	})
	catalogFn("col_description", []types.Oid{oid, types.Int4Oid}, text, func(c CatalogInfo, a []types.Datum) (types.Datum, bool, error) {
		return description(c, oidArg(a[0]), "pg_class", int32(a[1].(int64)), false)
	})
	catalogFn("pg_get_function_result", []types.Oid{oid}, text, func(c CatalogInfo, a []types.Datum) (types.Datum, bool, error) {
		return stringResult(c.FunctionResult(oidArg(a[0])))
	})
	catalogFn("pg_get_function_arguments", []types.Oid{oid}, text, func(c CatalogInfo, a []types.Datum) (types.Datum, bool, error) {
		return stringResult(c.FunctionArguments(oidArg(a[0])))
	})
	catalogFn("pg_get_function_identity_arguments", []types.Oid{oid}, text, func(c CatalogInfo, a []types.Datum) (types.Datum, bool, error) {
		return stringResult(c.FunctionArguments(oidArg(a[0])))
	})
	// No triggers exist (CREATE TRIGGER is not supported).
	for _, args := range [][]types.Oid{{oid}, {oid, b}} {
		catalogFn("pg_get_triggerdef", args, text, func(CatalogInfo, []types.Datum) (types.Datum, bool, error) {
			return nil, false, nil
		})
	}
	// No statistics objects exist (CREATE STATISTICS is not supported).
	catalogFn("pg_get_statisticsobjdef_columns", []types.Oid{oid}, text, func(CatalogInfo, []types.Datum) (types.Datum, bool, error) {
		return nil, false, nil
	})
	// A relation is publishable when it is a table, made by a user,
	// outside the system schemas (PG: is_publishable_class).
	catalogFn("pg_relation_is_publishable", []types.Oid{types.RegclassOid}, b, func(c CatalogInfo, a []types.Datum) (types.Datum, bool, error) {
		rel := oidArg(a[0])
		kind, schema, found, err := c.RelationKind(rel)
		if err != nil || !found {
			return nil, false, err
		}
		return (kind == 'r' || kind == 'p') && schema != "pg_catalog" && schema != "information_schema" && rel >= firstNormalOid, true, nil
	})
	catalogFn("pg_relation_is_updatable", []types.Oid{types.RegclassOid, b}, types.Int4Oid, func(c CatalogInfo, a []types.Datum) (types.Datum, bool, error) {
		events, _, found, err := c.RelationUpdatability(oidArg(a[0]))
		if err != nil || !found {
			return int64(0), err == nil, err
		}
		return int64(events), true, nil
	})
	catalogFn("pg_column_is_updatable", []types.Oid{types.RegclassOid, types.Int2Oid, b}, b, func(c CatalogInfo, a []types.Datum) (types.Datum, bool, error) {
		_, cols, found, err := c.RelationUpdatability(oidArg(a[0]))
		col := int(a[1].(int64))
		if err != nil || !found || col < 1 || col > len(cols) {
			return false, err == nil, err
		}
		return cols[col-1], true, nil
	})
	// The session's identity. current_role and user are current_user;
	// without SET ROLE, current_user is session_user.
	sessionFn := func(name string, result types.Oid, impl func(c CatalogInfo) (types.Datum, error)) {
		register(&Func{Name: name, Result: result, Volatile: Stable, Parallel: ParallelRestricted,
			ImplEnv: func(env *Env, _ []types.Datum) (types.Datum, error) {
				c, err := catalogOf(env)
				if err != nil {
					return nil, err
				}
				return impl(c)
			}})
	}
	for _, name := range []string{"current_user", "session_user", "current_role", "user"} {
		sessionFn(name, types.NameOid, func(c CatalogInfo) (types.Datum, error) { return c.SessionUser(), nil })
	}
	for _, name := range []string{"current_database", "current_catalog"} {
		sessionFn(name, types.NameOid, func(c CatalogInfo) (types.Datum, error) { return c.CurrentDatabase(), nil })
	}
	sessionFn("pg_backend_pid", types.Int4Oid, func(c CatalogInfo) (types.Datum, error) { return c.BackendPID(), nil })
	// current_schema is the first schema of search_path that exists,
	// NULL when none does.
	sessionFn("current_schema", types.NameOid, func(c CatalogInfo) (types.Datum, error) {
		path, err := c.SearchPath(false)
		if err != nil || len(path) == 0 {
			return nil, err
		}
		return path[0], nil
	})
	// Without partitioning, no relation has partition ancestors.
	register(&Func{Name: "pg_partition_ancestors", Args: []types.Oid{types.RegclassOid}, Result: types.RegclassOid, Strict: true,
		Volatile: Stable, SRF: &SetFunc{Start: func([]types.Datum) (SetIter, error) { return emptySet{}, nil }, ProRows: 10}})
	register(&Func{Name: "current_schemas", Args: []types.Oid{b}, Result: types.NameArrayOid, Strict: true, Volatile: Stable, Parallel: ParallelRestricted,
		ImplEnv: func(env *Env, a []types.Datum) (types.Datum, error) {
			c, err := catalogOf(env)
			if err != nil {
				return nil, err
			}
			path, err := c.SearchPath(a[0].(bool))
			if err != nil {
				return nil, err
			}
			elems := make([]types.Datum, len(path))
			for i, s := range path {
				elems[i] = s
			}
			return types.NewArray(types.TName, []int32{int32(len(elems))}, []int32{1}, elems)
		}})
	// The reg types' input and output functions, which casts between them
	// and the string types call.
	for _, reg := range []types.Oid{types.RegclassOid, types.RegtypeOid, types.RegprocOid, types.RegnamespaceOid} {
		info := types.InfoOf(reg)
		catalogFn(info.Input, []types.Oid{text}, reg, func(c CatalogInfo, a []types.Datum) (types.Datum, bool, error) {
			oid, err := c.RegIn(reg, a[0].(string))
			return int64(oid), err == nil, err
		})
		catalogFn(info.Output, []types.Oid{reg}, text, func(c CatalogInfo, a []types.Datum) (types.Datum, bool, error) {
			s, err := c.RegOut(reg, oidArg(a[0]))
			return s, err == nil, err
		})
	}
	register(&Func{Name: "pg_encoding_to_char", Args: []types.Oid{types.Int4Oid}, Result: types.NameOid, Strict: true, Volatile: Stable,
		Impl: func(a []types.Datum) (types.Datum, error) {
			n := a[0].(int64)
			if n < 0 || n >= int64(len(encodingNames)) {
				return "", nil
			}
			return encodingNames[n], nil
		}})
	register(&Func{Name: "pg_char_to_encoding", Args: []types.Oid{types.NameOid}, Result: types.Int4Oid, Strict: true, Volatile: Stable,
		Impl: func(a []types.Datum) (types.Datum, error) {
			for i, name := range encodingNames {
				if encodingNameEqual(name, a[0].(string)) {
					return int64(i), nil
				}
			}
			return int64(-1), nil
		}})
}

// firstNormalOid is the first OID given to user objects (PG:
// FirstNormalObjectId).
const firstNormalOid = 16384

// stringResult is a string lookup's result as a catalogFn returns it.
func stringResult(s string, ok bool, err error) (types.Datum, bool, error) {
	return s, ok, err
}

// encodingNameEqual compares encoding names as pg_char_to_encoding does:
// case-insensitively, ignoring '-' and '_'.
func encodingNameEqual(a, b string) bool {
	norm := func(s string) string {
		out := make([]byte, 0, len(s))
		for i := 0; i < len(s); i++ {
			c := s[i]
			if c == '-' || c == '_' {
				continue
			}
			if c >= 'a' && c <= 'z' {
				c -= 'a' - 'A'
			}
			out = append(out, c)
		}
		return string(out)
	}
	return norm(a) == norm(b)
}

// emptySet is the SetIter of a call that returns no rows.
type emptySet struct{}

func (emptySet) Next() (types.Datum, bool, error) { return nil, false, nil }
