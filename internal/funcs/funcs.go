// Package funcs is loomdb's library of built-in functions, operators and
// aggregates (PG: utils/adt, utils/fmgr and the pg_proc, pg_operator and
// pg_aggregate catalogs). Each entry carries what pg_proc says about it,
// including proparallel, which the planner's parallel-safety walk reads.
//
// Implementations are pure functions of their arguments and safe to call from
// any goroutine; aggregate states belong to one goroutine until combined.
package funcs

import (
	"context"
	"github.com/loomdb/loomdb/internal/guc"
	"sort"
	"strings"
	"time"

	"github.com/loomdb/loomdb/internal/types"
)

// Parallel safety labels (pg_proc.proparallel).
const (
	ParallelSafe       = 's'
	ParallelRestricted = 'r'
	ParallelUnsafe     = 'u'
)

// Volatility labels (pg_proc.provolatile).
const (
	Immutable = 'i'
	Stable    = 's'
	Volatile  = 'v'
)

// Impl computes a function's result from its arguments. Strict functions are
// never called with a NULL argument.
type Impl func(args []types.Datum) (types.Datum, error)

// Env is the session's side of the functions whose results depend on it.
type Env struct {
	// TimeZone is the TimeZone setting (nil: UTC).
	TimeZone *time.Location
	// XactStart and StmtStart are when the transaction and the statement
	// began (now() and statement_timestamp()).
	XactStart, StmtStart time.Time
	// Sequences is the session's sequence state and catalog access for
	// nextval and its kin (nil outside a session: they fail).
	Sequences Sequences
	// Settings is the session's run-time settings (nil outside a session).
	Settings Settings
	// Catalog answers the system information functions (nil outside a
	// session).
	Catalog CatalogInfo
}

// Settings is what current_setting, set_config and pg_show_all_settings
// need of the session.
type Settings interface {
	// Rows describes every setting as pg_settings shows it.
	Rows() []guc.Row
	// Get returns a setting as SHOW prints it.
	Get(name string) (string, error)
	// Set changes a setting, for the transaction when local, and returns
	// its new value.
	Set(name, value string, local bool) (string, error)
}

// Sequences is what the sequence functions, regclass input from text and
// pg_get_serial_sequence need of the session. Its methods are called only
// in the leader: the functions using them are parallel unsafe or
// restricted.
type Sequences interface {
	NextVal(seq types.Oid) (int64, error)
	CurrVal(seq types.Oid) (int64, error)
	SetVal(seq types.Oid, next int64, isCalled bool) (int64, error)
	LastVal() (int64, error)
	// RegclassIn resolves a possibly qualified relation name.
	RegclassIn(name string) (types.Oid, error)
	// SerialSequence returns the qualified name of the sequence owned
	// by a column, false when it owns none.
	SerialSequence(table, column string) (string, bool, error)
}

// DefaultEnv is the environment of expressions evaluated outside a
// session statement: UTC, with no transaction.
var DefaultEnv = Env{TimeZone: time.UTC}

// Zone returns the TimeZone, UTC when unset.
func (e *Env) Zone() *time.Location {
	if e.TimeZone == nil {
		return time.UTC
	}
	return e.TimeZone
}

// HasImpl reports whether f can be called.
func (f *Func) HasImpl() bool {
	return f.Impl != nil || f.ImplCtx != nil || f.ImplEnv != nil || f.ImplTyped != nil
}

// Call runs f's implementation, whichever of Impl, ImplCtx, ImplEnv and
// ImplTyped it has (env nil: DefaultEnv); argTypes are the arguments'
// types, which only ImplTyped reads.
func (f *Func) Call(ctx context.Context, env *Env, argTypes []types.T, args []types.Datum) (types.Datum, error) {
	if env == nil {
		env = &DefaultEnv
	}
	switch {
	case f.ImplCtx != nil:
		return f.ImplCtx(ctx, args)
	case f.ImplEnv != nil:
		return f.ImplEnv(env, args)
	case f.ImplTyped != nil:
		return f.ImplTyped(env, argTypes, args)
	}
	return f.Impl(args)
}

// Func is a built-in function (a pg_proc row).
type Func struct {
	Oid  types.Oid
	Name string
	// Schema is the schema the function lives in when it is not
	// pg_catalog: "information_schema" for that schema's helpers, which
	// only a call qualified with it finds.
	Schema   string
	Args     []types.Oid
	Result   types.Oid
	Strict   bool
	Volatile byte
	Parallel byte
	// Variadic marks functions that accept any number of trailing Args[len-1].
	Variadic bool
	// ArgNames are the parameters' names, which calls in named notation
	// (name => value) use; nil when they have none (PG: proargnames).
	ArgNames []string
	// Defaults are the values of the last len(Defaults) parameters when a
	// call leaves them out (PG: proargdefaults).
	Defaults []types.Datum
	Impl     Impl
	// ImplCtx replaces Impl for functions that wait and must watch the
	// statement's context (pg_sleep).
	ImplCtx func(ctx context.Context, args []types.Datum) (types.Datum, error)
	// ImplEnv replaces Impl for functions that read the session: its
	// TimeZone, the transaction's start (now()).
	ImplEnv func(env *Env, args []types.Datum) (types.Datum, error)
	// ImplTyped replaces Impl for functions of "any" arguments that need
	// their arguments' types (to_jsonb, jsonb_build_object).
	ImplTyped func(env *Env, argTypes []types.T, args []types.Datum) (types.Datum, error)
	// Agg is set for aggregate functions.
	Agg *Aggregate
	// SRF is set for set-returning functions, which return rows in FROM
	// instead of a value.
	SRF *SetFunc
}

// Operator is a built-in operator (a pg_operator row).
type Operator struct {
	Oid    types.Oid
	Name   string
	Left   types.Oid // InvalidOid for prefix operators
	Right  types.Oid
	Result types.Oid
	Func   *Func
}

var (
	funcsByOid  = map[types.Oid]*Func{}
	funcsByName = map[string][]*Func{}
	opsByName   = map[string][]*Operator{}
	opsByOid    = map[types.Oid]*Operator{}
	nextOid     = types.Oid(6000)
)

func allocOid() types.Oid {
	nextOid++
	return nextOid
}

// register adds f to the library, giving it an OID when it has none.
func register(f *Func) *Func {
	if f.Oid == 0 {
		f.Oid = allocOid()
	}
	if f.Volatile == 0 {
		f.Volatile = Immutable
	}
	if f.Parallel == 0 {
		f.Parallel = ParallelSafe
	}
	funcsByOid[f.Oid] = f
	funcsByName[f.Name] = append(funcsByName[f.Name], f)
	return f
}

func registerOp(name string, left, right, result types.Oid, procName string, impl Impl) *Operator {
	args := []types.Oid{left, right}
	if left == types.InvalidOid {
		args = []types.Oid{right}
	}
	return addOperator(name, left, right, result, register(&Func{Name: procName, Args: args, Result: result, Strict: true, Impl: impl}))
}

// addOperator makes the registered function f the operator name(left, right).
func addOperator(name string, left, right, result types.Oid, f *Func) *Operator {
	op := &Operator{Oid: allocOid(), Name: name, Left: left, Right: right, Result: result, Func: f}
	opsByName[name] = append(opsByName[name], op)
	opsByOid[op.Oid] = op
	return op
}

// FuncByOid returns the function with the given OID, or nil.
func FuncByOid(oid types.Oid) *Func { return funcsByOid[oid] }

// FuncsByName returns the functions with the given (lower-case) name.
func FuncsByName(name string) []*Func { return funcsByName[name] }

// OperatorsByName returns the operators spelled name.
func OperatorsByName(name string) []*Operator { return opsByName[name] }

// OperatorByOid returns the operator with the given OID, or nil.
func OperatorByOid(oid types.Oid) *Operator { return opsByOid[oid] }

// AllFuncs returns every built-in function ordered by OID, for pg_proc.
func AllFuncs() []*Func {
	out := make([]*Func, 0, len(funcsByOid))
	for _, f := range funcsByOid {
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Oid < out[j].Oid })
	return out
}

// AllOperators returns every built-in operator ordered by OID.
func AllOperators() []*Operator {
	out := make([]*Operator, 0, len(opsByOid))
	for _, o := range opsByOid {
		out = append(out, o)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Oid < out[j].Oid })
	return out
}

// typeAbbrev gives the short type names PG uses in function names (int4pl, float8lt…).
func typeAbbrev(oid types.Oid) string {
	if in := types.InfoOf(oid); in != nil {
		return in.Name
	}
	return strings.ToLower("t")
}

// FindOperator returns the binary operator name(left, right), or nil.
func FindOperator(name string, left, right types.Oid) *Operator {
	for _, op := range opsByName[name] {
		if op.Left == left && op.Right == right {
			return op
		}
	}
	return nil
}
