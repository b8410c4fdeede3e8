// Package expr compiles nodes.Expr trees into evaluators that work a batch
// at a time (PG: executor/execExpr.c and execExprInterp.c, vectorized).
//
// A compiled ExprState belongs to one participant: each worker compiles its
// own copy from the shared plan, so evaluators may keep scratch buffers.
// Evaluation takes a selection of physical rows and writes results at the
// same positions of the output vector; rows outside the selection are left
// undefined. Conditional constructs (AND, OR, CASE, COALESCE) evaluate their
// later arms only for rows that need them, so they raise errors exactly
// where PostgreSQL would.
package expr

import (
	"context"

	"github.com/loomdb/loomdb/internal/funcs"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
	"github.com/loomdb/loomdb/internal/vector"
)

// Context carries the per-execution inputs of expressions.
type Context struct {
	// Ctx is the statement's context; functions that wait watch it.
	Ctx context.Context
	// Params are the values of $1..$n.
	Params []types.Datum
	// AggValues holds, for an Agg node's target list, each aggregate's result
	// for the rows being projected (indexed by position in the Agg's list).
	AggValues []*vector.Vector
	// SubPlans gives executor Params their values and runs SubPlans.
	SubPlans SubPlanRunner
	// Env is the session's side of functions (TimeZone, now()); nil
	// reads as UTC.
	Env *funcs.Env
}

// env returns the session environment of functions, never nil.
func (c *Context) env() *funcs.Env {
	if c == nil || c.Env == nil {
		return &funcs.DefaultEnv
	}
	return c.Env
}

// SubPlanRunner is the executor's side of executor Params and SubPlans.
type SubPlanRunner interface {
	// ExecParam returns executor Param id's value, running the InitPlan
	// that sets it if it has not run.
	ExecParam(ctx context.Context, id int) (types.Datum, error)
	// SetExecParam sets executor Param id.
	SetExecParam(id int, d types.Datum)
	// RunSubPlan runs SubPlan id from its start, calling each with every
	// output row (valid only during the call) until each returns false.
	RunSubPlan(ctx context.Context, id int, each func(row []types.Datum) (bool, error)) error
}

// goContext is the context SubPlans run under.
func (c *Context) goContext() context.Context {
	if c.Ctx != nil {
		return c.Ctx
	}
	return context.Background()
}

// ColumnMap resolves a Var to the position of its column in the input batch.
type ColumnMap func(v *nodes.Var) (int, error)

// ExprState is a compiled expression.
type ExprState struct {
	typ  types.T
	eval func(ctx *Context, b *vector.Batch, sel []int) (*vector.Vector, error)
}

// Type returns the type of the values the expression produces.
func (x *ExprState) Type() types.T { return x.typ }

// Eval computes the expression for the rows in sel (nil: all rows of b).
func (x *ExprState) Eval(ctx *Context, b *vector.Batch, sel []int) (*vector.Vector, error) {
	if sel == nil {
		sel = b.Sel
	}
	return x.eval(ctx, b, sel)
}

// allRows returns sel, or 0..n-1 when sel is nil.
func allRows(sel []int, n int, buf *[]int) []int {
	if sel != nil {
		return sel
	}
	if cap(*buf) < n {
		*buf = make([]int, n)
	}
	s := (*buf)[:n]
	for i := range s {
		s[i] = i
	}
	return s
}

// outVec returns a vector of type t sized for n physical rows, reusing buf.
func outVec(buf **vector.Vector, t types.T, n int) *vector.Vector {
	v := *buf
	if v == nil {
		v = vector.New(t, n)
		*buf = v
	}
	v.Type = t
	if cap(v.Nulls) < n {
		v.Nulls = make([]bool, n)
	}
	v.Nulls = v.Nulls[:n]
	switch v.Class {
	case types.ClassInt:
		if cap(v.Ints) < n {
			v.Ints = make([]int64, n)
		}
		v.Ints = v.Ints[:n]
	case types.ClassBool:
		if cap(v.Bools) < n {
			v.Bools = make([]bool, n)
		}
		v.Bools = v.Bools[:n]
	case types.ClassFloat:
		if cap(v.Floats) < n {
			v.Floats = make([]float64, n)
		}
		v.Floats = v.Floats[:n]
	case types.ClassNumeric:
		if cap(v.Nums) < n {
			v.Nums = make([]types.Numeric, n)
		}
		v.Nums = v.Nums[:n]
	case types.ClassInternal, types.ClassInterval, types.ClassArray, types.ClassRecord:
		if cap(v.Anys) < n {
			v.Anys = make([]any, n)
		}
		v.Anys = v.Anys[:n]
	default:
		if cap(v.Strs) < n {
			v.Strs = make([]string, n)
		}
		v.Strs = v.Strs[:n]
	}
	return v
}

// set stores d at row i of v.
func set(v *vector.Vector, i int, d types.Datum) {
	if d == nil {
		v.Nulls[i] = true
		return
	}
	v.Nulls[i] = false
	switch v.Class {
	case types.ClassInt:
		v.Ints[i] = d.(int64)
	case types.ClassBool:
		v.Bools[i] = d.(bool)
	case types.ClassFloat:
		v.Floats[i] = d.(float64)
	case types.ClassNumeric:
		v.Nums[i] = d.(types.Numeric)
	case types.ClassInternal, types.ClassInterval, types.ClassArray, types.ClassRecord:
		v.Anys[i] = d
	default:
		v.Strs[i] = d.(string)
	}
}

// outerValue evaluates to get's value on every row, read afresh on each
// evaluation, as the outer row changes between them.
func outerValue(t types.T, get func() (types.Datum, error)) *ExprState {
	var buf *vector.Vector
	var rows []int
	return &ExprState{typ: t, eval: func(_ *Context, b *vector.Batch, sel []int) (*vector.Vector, error) {
		d, err := get()
		if err != nil {
			return nil, err
		}
		n := max(b.N, 1)
		v := outVec(&buf, t, n)
		for _, i := range allRows(sel, n, &rows) {
			set(v, i, d)
		}
		return v, nil
	}}
}

// Compile builds an evaluator for e. cols maps Vars to input columns.
func Compile(e nodes.Expr, cols ColumnMap) (*ExprState, error) {
	c := &compiler{cols: cols}
	return c.compile(e)
}

// OuterMap resolves a Var that is not an input column but a column of an
// outer relation's current row, as a parameterized scan on a nested
// loop's inner side reads it: get returns its value at evaluation time.
// ok is false for a Var it does not resolve.
type OuterMap func(v *nodes.Var) (get func() (types.Datum, error), ok bool)

// CompileOuter is Compile for an expression that may also read the
// outer row's columns resolved by outer.
func CompileOuter(e nodes.Expr, cols ColumnMap, outer OuterMap) (*ExprState, error) {
	c := &compiler{cols: cols, outer: outer}
	return c.compile(e)
}

type compiler struct {
	cols  ColumnMap
	outer OuterMap
	// aggIndex maps Aggref and GroupingFunc nodes to positions in
	// Context.AggValues.
	aggIndex map[nodes.Expr]int
}

// CompileWithAggs compiles an Agg node's output expression, in which each
// Aggref (and GROUPING() call) reads its value from
// Context.AggValues[aggIndex[a]].
func CompileWithAggs(e nodes.Expr, cols ColumnMap, aggIndex map[nodes.Expr]int) (*ExprState, error) {
	c := &compiler{cols: cols, aggIndex: aggIndex}
	return c.compile(e)
}

func (c *compiler) compile(e nodes.Expr) (*ExprState, error) {
	switch x := e.(type) {
	case *nodes.Var:
		if c.outer != nil {
			if get, ok := c.outer(x); ok {
				return outerValue(x.Type, get), nil
			}
		}
		idx, err := c.cols(x)
		if err != nil {
			return nil, err
		}
		return &ExprState{typ: x.Type, eval: func(_ *Context, b *vector.Batch, _ []int) (*vector.Vector, error) {
			return b.Cols[idx], nil
		}}, nil
	case *nodes.Const:
		return c.constant(x.Type, x.Value), nil
	case *nodes.Param:
		var buf *vector.Vector
		var rows []int
		id := x.ID
		t := x.Type
		kind := x.Kind
		if kind == nodes.ParamSublink {
			return nil, pgerror.Internal("sublink placeholder left in an executable expression")
		}
		return &ExprState{typ: t, eval: func(ctx *Context, b *vector.Batch, sel []int) (*vector.Vector, error) {
			var d types.Datum
			switch {
			case kind == nodes.ParamExec:
				if ctx == nil || ctx.SubPlans == nil {
					return nil, pgerror.Internal("executor parameter $%d read outside the executor", id)
				}
				var err error
				if d, err = ctx.SubPlans.ExecParam(ctx.goContext(), id); err != nil {
					return nil, err
				}
			case ctx != nil && id-1 < len(ctx.Params):
				d = ctx.Params[id-1]
			}
			// Refill on every call: the parameters may differ from one
			// execution to the next. A batch without rows (N = 0) stands
			// for one row, as for constants.
			n := max(b.N, 1)
			v := outVec(&buf, t, n)
			for _, i := range allRows(sel, n, &rows) {
				set(v, i, d)
			}
			return v, nil
		}}, nil
	case *nodes.Aggref:
		idx, ok := c.aggIndex[x]
		if !ok {
			return nil, pgerror.Internal("aggregate reference outside an Agg node")
		}
		return &ExprState{typ: x.ResultType, eval: func(ctx *Context, _ *vector.Batch, _ []int) (*vector.Vector, error) {
			return ctx.AggValues[idx], nil
		}}, nil
	case *nodes.GroupingFunc:
		idx, ok := c.aggIndex[x]
		if !ok {
			return nil, pgerror.Internal("GROUPING outside an Agg node")
		}
		return &ExprState{typ: types.TInt4, eval: func(ctx *Context, _ *vector.Batch, _ []int) (*vector.Vector, error) {
			return ctx.AggValues[idx], nil
		}}, nil
	case *nodes.OpExpr:
		return c.funcCall(x.FuncOid, x.Args, x.ResultType)
	case *nodes.FuncExpr:
		return c.funcCall(x.FuncOid, x.Args, x.ResultType)
	case *nodes.CoerceExpr:
		return c.coerce(x)
	case *nodes.BoolExpr:
		return c.boolExpr(x)
	case *nodes.NullTest:
		return c.nullTest(x)
	case *nodes.BooleanTest:
		return c.booleanTest(x)
	case *nodes.CaseExpr:
		return c.caseExpr(x)
	case *nodes.CoalesceExpr:
		return c.coalesce(x)
	case *nodes.ArrayExpr:
		return c.arrayExpr(x)
	case *nodes.RowExpr:
		return c.rowExpr(x)
	case *nodes.FieldSelect:
		return c.fieldSelect(x)
	case *nodes.SubscriptingRef:
		return c.subscript(x)
	case *nodes.NullIfExpr:
		return c.nullIf(x)
	case *nodes.MinMaxExpr:
		return c.minMax(x)
	case *nodes.ScalarArrayOpExpr:
		return c.scalarArrayOp(x)
	case *nodes.SubPlan:
		return c.subPlan(x)
	case *nodes.WholeRowExpr:
		return c.wholeRow(x)
	}
	return nil, pgerror.Internal("expr: unsupported node %T", e)
}

func broadcast(buf **vector.Vector, t types.T, d types.Datum, n int) *vector.Vector {
	v := *buf
	if v != nil && v.Len() >= n {
		return v
	}
	v = vector.New(t, n)
	for i := 0; i < n; i++ {
		v.Append(d)
	}
	*buf = v
	return v
}

func (c *compiler) constant(t types.T, d types.Datum) *ExprState {
	var buf *vector.Vector
	return &ExprState{typ: t, eval: func(_ *Context, b *vector.Batch, _ []int) (*vector.Vector, error) {
		n := b.N
		if n == 0 {
			n = 1
		}
		return broadcast(&buf, t, d, n), nil
	}}
}

// funcCall evaluates a strict or non-strict built-in, with fast loops for
// integer and float comparisons and arithmetic.
func (c *compiler) funcCall(oid types.Oid, argExprs []nodes.Expr, rt types.T) (*ExprState, error) {
	f := funcs.FuncByOid(oid)
	if f == nil || !f.HasImpl() {
		return nil, pgerror.Internal("function %d has no implementation", oid)
	}
	args := make([]*ExprState, len(argExprs))
	argTypes := make([]types.T, len(argExprs))
	for i, a := range argExprs {
		var err error
		if args[i], err = c.compile(a); err != nil {
			return nil, err
		}
		argTypes[i] = a.ExprType()
	}
	if fast := fastBinary(f, args, rt); fast != nil {
		return fast, nil
	}
	var out *vector.Vector
	var rowsBuf []int
	vals := make([]types.Datum, len(args))
	argVecs := make([]*vector.Vector, len(args))
	return &ExprState{typ: rt, eval: func(ctx *Context, b *vector.Batch, sel []int) (*vector.Vector, error) {
		callCtx := context.Background()
		if ctx != nil && ctx.Ctx != nil {
			callCtx = ctx.Ctx
		}
		for i, a := range args {
			v, err := a.Eval(ctx, b, sel)
			if err != nil {
				return nil, err
			}
			argVecs[i] = v
		}
		o := outVec(&out, rt, max(b.N, 1))
		for _, r := range allRows(sel, max(b.N, 1), &rowsBuf) {
			isNull := false
			for i, v := range argVecs {
				vals[i] = v.Get(r)
				if vals[i] == nil {
					isNull = true
				}
			}
			if isNull && f.Strict {
				o.Nulls[r] = true
				continue
			}
			d, err := f.Call(callCtx, ctx.env(), argTypes, vals)
			if err != nil {
				return nil, err
			}
			set(o, r, d)
		}
		return o, nil
	}}, nil
}

func (c *compiler) coerce(x *nodes.CoerceExpr) (*ExprState, error) {
	arg, err := c.compile(x.Arg)
	if err != nil {
		return nil, err
	}
	from, to := x.Arg.ExprType(), x.Type
	explicit := !x.Assignment
	var out *vector.Vector
	var rowsBuf []int
	return &ExprState{typ: to, eval: func(ctx *Context, b *vector.Batch, sel []int) (*vector.Vector, error) {
		v, err := arg.Eval(ctx, b, sel)
		if err != nil {
			return nil, err
		}
		o := outVec(&out, to, max(b.N, 1))
		for _, r := range allRows(sel, max(b.N, 1), &rowsBuf) {
			d := v.Get(r)
			if d == nil {
				o.Nulls[r] = true
				continue
			}
			cd, err := types.CastZone(d, from, to, explicit, ctx.env().Zone())
			if err != nil {
				return nil, err
			}
			set(o, r, cd)
		}
		return o, nil
	}}, nil
}

// arrayExpr builds ARRAY[...] for each row: a one-dimensional array of the
// element values, or with Multidims one array of the sub-arrays.
func (c *compiler) arrayExpr(x *nodes.ArrayExpr) (*ExprState, error) {
	elems, err := c.compileAll(x.Elements)
	if err != nil {
		return nil, err
	}
	var out *vector.Vector
	var rowsBuf []int
	vecs := make([]*vector.Vector, len(elems))
	elemType, multi := x.ElemType, x.Multidims
	return &ExprState{typ: x.Type, eval: func(ctx *Context, b *vector.Batch, sel []int) (*vector.Vector, error) {
		for i, e := range elems {
			v, err := e.Eval(ctx, b, sel)
			if err != nil {
				return nil, err
			}
			vecs[i] = v
		}
		n := max(b.N, 1)
		o := outVec(&out, x.Type, n)
		for _, r := range allRows(sel, n, &rowsBuf) {
			vals := make([]types.Datum, len(vecs))
			for i, v := range vecs {
				vals[i] = v.Get(r)
			}
			if !multi {
				set(o, r, types.ArrayFromElems(elemType, vals))
				continue
			}
			a, err := types.ArrayFromSubArrays(elemType, vals)
			if err != nil {
				return nil, err
			}
			set(o, r, a)
		}
		return o, nil
	}}, nil
}

// subscript fetches an element or a slice of each row's array; a NULL
// array or subscript, or one out of range, gives NULL.
func (c *compiler) subscript(x *nodes.SubscriptingRef) (*ExprState, error) {
	base, err := c.compile(x.Container)
	if err != nil {
		return nil, err
	}
	compileOpt := func(es []nodes.Expr) ([]*ExprState, error) {
		out := make([]*ExprState, len(es))
		for i, e := range es {
			if e == nil {
				continue
			}
			if out[i], err = c.compile(e); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	upper, err := compileOpt(x.Upper)
	if err != nil {
		return nil, err
	}
	lower, err := compileOpt(x.Lower)
	if err != nil {
		return nil, err
	}
	var out *vector.Vector
	var rowsBuf []int
	upVecs, loVecs := make([]*vector.Vector, len(upper)), make([]*vector.Vector, len(lower))
	evalAll := func(ctx *Context, b *vector.Batch, sel []int, es []*ExprState, vs []*vector.Vector) error {
		for i, e := range es {
			if e == nil {
				continue
			}
			v, err := e.Eval(ctx, b, sel)
			if err != nil {
				return err
			}
			vs[i] = v
		}
		return nil
	}
	bound := func(es []*ExprState, vs []*vector.Vector, r int) []types.Datum {
		out := make([]types.Datum, len(es))
		for i, e := range es {
			if e == nil {
				out[i] = types.OmittedBound
				continue
			}
			out[i] = vs[i].Get(r)
		}
		return out
	}
	isSlice := x.IsSlice
	if x.AssignExpr != nil {
		return c.subscriptAssign(x, base, upper, lower, upVecs, loVecs, evalAll, bound)
	}
	return &ExprState{typ: x.Type, eval: func(ctx *Context, b *vector.Batch, sel []int) (*vector.Vector, error) {
		bv, err := base.Eval(ctx, b, sel)
		if err != nil {
			return nil, err
		}
		if err := evalAll(ctx, b, sel, upper, upVecs); err != nil {
			return nil, err
		}
		if err := evalAll(ctx, b, sel, lower, loVecs); err != nil {
			return nil, err
		}
		n := max(b.N, 1)
		o := outVec(&out, x.Type, n)
		for _, r := range allRows(sel, n, &rowsBuf) {
			d := bv.Get(r)
			if d == nil {
				o.Nulls[r] = true
				continue
			}
			arr := d.(types.Array)
			if !isSlice {
				set(o, r, types.ArrayFetch(arr, bound(upper, upVecs, r)))
				continue
			}
			s, ok := types.ArrayFetchSlice(arr, bound(lower, loVecs, r), bound(upper, upVecs, r))
			if !ok {
				o.Nulls[r] = true
				continue
			}
			set(o, r, s)
		}
		return o, nil
	}}, nil
}

// subscriptAssign compiles an assignment to an array element or slice:
// the container with the part replaced (PG: ExecEvalSubscriptingRefAssign).
// A NULL slice value leaves the array as it is.
func (c *compiler) subscriptAssign(x *nodes.SubscriptingRef, base *ExprState, upper, lower []*ExprState, upVecs, loVecs []*vector.Vector,
	evalAll func(*Context, *vector.Batch, []int, []*ExprState, []*vector.Vector) error, bound func([]*ExprState, []*vector.Vector, int) []types.Datum) (*ExprState, error) {
	val, err := c.compile(x.AssignExpr)
	if err != nil {
		return nil, err
	}
	elem := types.ArrayElemType(x.Type)
	var out *vector.Vector
	var rowsBuf []int
	return &ExprState{typ: x.Type, eval: func(ctx *Context, b *vector.Batch, sel []int) (*vector.Vector, error) {
		bv, err := base.Eval(ctx, b, sel)
		if err != nil {
			return nil, err
		}
		if err := evalAll(ctx, b, sel, upper, upVecs); err != nil {
			return nil, err
		}
		if err := evalAll(ctx, b, sel, lower, loVecs); err != nil {
			return nil, err
		}
		vv, err := val.Eval(ctx, b, sel)
		if err != nil {
			return nil, err
		}
		n := max(b.N, 1)
		o := outVec(&out, x.Type, n)
		for _, r := range allRows(sel, n, &rowsBuf) {
			var arr *types.Array
			if d := bv.Get(r); d != nil {
				a := d.(types.Array)
				arr = &a
			}
			v := vv.Get(r)
			var res types.Array
			switch {
			case !x.IsSlice:
				res, err = types.ArraySetElement(arr, elem, bound(upper, upVecs, r), v)
			case v == nil:
				if arr == nil {
					o.Nulls[r] = true
					continue
				}
				res = *arr
			default:
				res, err = types.ArraySetSlice(arr, elem, bound(lower, loVecs, r), bound(upper, upVecs, r), v.(types.Array))
			}
			if err != nil {
				return nil, err
			}
			set(o, r, res)
		}
		return o, nil
	}}, nil
}
