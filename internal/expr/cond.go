// cond.go evaluates the conditional and boolean constructs with SQL's
// three-valued logic, narrowing the row selection arm by arm.

package expr

import (
	"github.com/loomdb/loomdb/internal/funcs"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
	"github.com/loomdb/loomdb/internal/vector"
)

func (c *compiler) compileAll(es []nodes.Expr) ([]*ExprState, error) {
	out := make([]*ExprState, len(es))
	for i, e := range es {
		var err error
		if out[i], err = c.compile(e); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (c *compiler) boolExpr(x *nodes.BoolExpr) (*ExprState, error) {
	args, err := c.compileAll(x.Args)
	if err != nil {
		return nil, err
	}
	var out *vector.Vector
	var rowsBuf []int
	op := x.Op
	return &ExprState{typ: types.TBool, eval: func(ctx *Context, b *vector.Batch, sel []int) (*vector.Vector, error) {
		n := max(b.N, 1)
		rows := allRows(sel, n, &rowsBuf)
		o := outVec(&out, types.TBool, n)
		if op == nodes.NotExpr {
			v, err := args[0].Eval(ctx, b, rows)
			if err != nil {
				return nil, err
			}
			for _, r := range rows {
				o.Nulls[r] = v.Nulls[r]
				o.Bools[r] = !v.Bools[r]
			}
			return o, nil
		}
		isAnd := op == nodes.AndExpr
		// Start with the identity (TRUE for AND, FALSE for OR); rows whose
		// outcome is decided drop out of the selection for later arms.
		for _, r := range rows {
			o.Nulls[r] = false
			o.Bools[r] = isAnd
		}
		pending := append([]int(nil), rows...)
		for _, a := range args {
			if len(pending) == 0 {
				break
			}
			v, err := a.Eval(ctx, b, pending)
			if err != nil {
				return nil, err
			}
			next := pending[:0]
			for _, r := range pending {
				switch {
				case v.Nulls[r]:
					o.Nulls[r] = true
					next = append(next, r)
				case v.Bools[r] != isAnd:
					o.Nulls[r] = false
					o.Bools[r] = !isAnd
				default:
					next = append(next, r)
				}
			}
			pending = next
		}
		return o, nil
	}}, nil
}

func (c *compiler) nullTest(x *nodes.NullTest) (*ExprState, error) {
	arg, err := c.compile(x.Arg)
	if err != nil {
		return nil, err
	}
	var out *vector.Vector
	var rowsBuf []int
	isNot := x.IsNot
	return &ExprState{typ: types.TBool, eval: func(ctx *Context, b *vector.Batch, sel []int) (*vector.Vector, error) {
		v, err := arg.Eval(ctx, b, sel)
		if err != nil {
			return nil, err
		}
		n := max(b.N, 1)
		o := outVec(&out, types.TBool, n)
		for _, r := range allRows(sel, n, &rowsBuf) {
			o.Nulls[r] = false
			o.Bools[r] = v.Nulls[r] != isNot
		}
		return o, nil
	}}, nil
}

func (c *compiler) booleanTest(x *nodes.BooleanTest) (*ExprState, error) {
	arg, err := c.compile(x.Arg)
	if err != nil {
		return nil, err
	}
	var out *vector.Vector
	var rowsBuf []int
	test := x.Test
	return &ExprState{typ: types.TBool, eval: func(ctx *Context, b *vector.Batch, sel []int) (*vector.Vector, error) {
		v, err := arg.Eval(ctx, b, sel)
		if err != nil {
			return nil, err
		}
		n := max(b.N, 1)
		o := outVec(&out, types.TBool, n)
		for _, r := range allRows(sel, n, &rowsBuf) {
			null, val := v.Nulls[r], v.Bools[r]
			var res bool
			switch test {
			case nodes.IsTrue:
				res = !null && val
			case nodes.IsNotTrue:
				res = null || !val
			case nodes.IsFalse:
				res = !null && !val
			case nodes.IsNotFalse:
				res = null || val
			case nodes.IsUnknown:
				res = null
			case nodes.IsNotUnknown:
				res = !null
			}
			o.Nulls[r] = false
			o.Bools[r] = res
		}
		return o, nil
	}}, nil
}

func (c *compiler) caseExpr(x *nodes.CaseExpr) (*ExprState, error) {
	conds := make([]*ExprState, len(x.Whens))
	results := make([]*ExprState, len(x.Whens))
	for i, w := range x.Whens {
		var err error
		if conds[i], err = c.compile(w.Cond); err != nil {
			return nil, err
		}
		if results[i], err = c.compile(w.Result); err != nil {
			return nil, err
		}
	}
	var def *ExprState
	if x.Default != nil {
		var err error
		if def, err = c.compile(x.Default); err != nil {
			return nil, err
		}
	}
	t := x.Type
	var out *vector.Vector
	var rowsBuf []int
	return &ExprState{typ: t, eval: func(ctx *Context, b *vector.Batch, sel []int) (*vector.Vector, error) {
		n := max(b.N, 1)
		o := outVec(&out, t, n)
		pending := append([]int(nil), allRows(sel, n, &rowsBuf)...)
		for i := range conds {
			if len(pending) == 0 {
				break
			}
			cv, err := conds[i].Eval(ctx, b, pending)
			if err != nil {
				return nil, err
			}
			var hit, miss []int
			for _, r := range pending {
				if !cv.Nulls[r] && cv.Bools[r] {
					hit = append(hit, r)
				} else {
					miss = append(miss, r)
				}
			}
			if len(hit) > 0 {
				rv, err := results[i].Eval(ctx, b, hit)
				if err != nil {
					return nil, err
				}
				for _, r := range hit {
					o.SetFrom(r, rv, r)
				}
			}
			pending = miss
		}
		if len(pending) > 0 {
			if def == nil {
				for _, r := range pending {
					o.Nulls[r] = true
				}
			} else {
				dv, err := def.Eval(ctx, b, pending)
				if err != nil {
					return nil, err
				}
				for _, r := range pending {
					o.SetFrom(r, dv, r)
				}
			}
		}
		return o, nil
	}}, nil
}

func (c *compiler) coalesce(x *nodes.CoalesceExpr) (*ExprState, error) {
	args, err := c.compileAll(x.Args)
	if err != nil {
		return nil, err
	}
	t := x.Type
	var out *vector.Vector
	var rowsBuf []int
	return &ExprState{typ: t, eval: func(ctx *Context, b *vector.Batch, sel []int) (*vector.Vector, error) {
		n := max(b.N, 1)
		o := outVec(&out, t, n)
		pending := append([]int(nil), allRows(sel, n, &rowsBuf)...)
		for _, r := range pending {
			o.Nulls[r] = true
		}
		for _, a := range args {
			if len(pending) == 0 {
				break
			}
			v, err := a.Eval(ctx, b, pending)
			if err != nil {
				return nil, err
			}
			next := pending[:0]
			for _, r := range pending {
				if v.Nulls[r] {
					next = append(next, r)
				} else {
					o.SetFrom(r, v, r)
				}
			}
			pending = next
		}
		return o, nil
	}}, nil
}

func (c *compiler) nullIf(x *nodes.NullIfExpr) (*ExprState, error) {
	args, err := c.compileAll(x.Args)
	if err != nil {
		return nil, err
	}
	f := funcs.FuncByOid(x.FuncOid)
	if f == nil {
		return nil, pgerror.Internal("NULLIF: no equality function")
	}
	t := x.Type
	var out *vector.Vector
	var rowsBuf []int
	return &ExprState{typ: t, eval: func(ctx *Context, b *vector.Batch, sel []int) (*vector.Vector, error) {
		l, err := args[0].Eval(ctx, b, sel)
		if err != nil {
			return nil, err
		}
		r2, err := args[1].Eval(ctx, b, sel)
		if err != nil {
			return nil, err
		}
		n := max(b.N, 1)
		o := outVec(&out, t, n)
		for _, r := range allRows(sel, n, &rowsBuf) {
			a, bb := l.Get(r), r2.Get(r)
			if a != nil && bb != nil {
				eq, err := f.Call(ctx.goContext(), ctx.env(), nil, []types.Datum{a, bb})
				if err != nil {
					return nil, err
				}
				if eq == true {
					o.Nulls[r] = true
					continue
				}
			}
			set(o, r, a)
		}
		return o, nil
	}}, nil
}

func (c *compiler) minMax(x *nodes.MinMaxExpr) (*ExprState, error) {
	args, err := c.compileAll(x.Args)
	if err != nil {
		return nil, err
	}
	t := x.Type
	greatest := x.Greatest
	var out *vector.Vector
	var rowsBuf []int
	vecs := make([]*vector.Vector, len(args))
	return &ExprState{typ: t, eval: func(ctx *Context, b *vector.Batch, sel []int) (*vector.Vector, error) {
		for i, a := range args {
			v, err := a.Eval(ctx, b, sel)
			if err != nil {
				return nil, err
			}
			vecs[i] = v
		}
		n := max(b.N, 1)
		o := outVec(&out, t, n)
		for _, r := range allRows(sel, n, &rowsBuf) {
			var best types.Datum
			for _, v := range vecs {
				d := v.Get(r)
				if d == nil {
					continue
				}
				if best == nil {
					best = d
					continue
				}
				cmp := types.Compare(t, d, best)
				if (greatest && cmp > 0) || (!greatest && cmp < 0) {
					best = d
				}
			}
			set(o, r, best)
		}
		return o, nil
	}}, nil
}

func (c *compiler) scalarArrayOp(x *nodes.ScalarArrayOpExpr) (*ExprState, error) {
	left, err := c.compile(x.Left)
	if err != nil {
		return nil, err
	}
	f := funcs.FuncByOid(x.FuncOid)
	if list, ok := constList(x); ok {
		if fast := fastAnyConst(f, x.UseOr, left, list); fast != nil {
			return fast, nil
		}
	}
	if x.Array != nil {
		return c.scalarArrayOpArray(x)
	}
	items, err := c.compileAll(x.List)
	if err != nil {
		return nil, err
	}
	useOr := x.UseOr
	var out *vector.Vector
	var rowsBuf []int
	vecs := make([]*vector.Vector, len(items))
	return &ExprState{typ: types.TBool, eval: func(ctx *Context, b *vector.Batch, sel []int) (*vector.Vector, error) {
		lv, err := left.Eval(ctx, b, sel)
		if err != nil {
			return nil, err
		}
		for i, it := range items {
			if vecs[i], err = it.Eval(ctx, b, sel); err != nil {
				return nil, err
			}
		}
		n := max(b.N, 1)
		o := outVec(&out, types.TBool, n)
		args := make([]types.Datum, 2)
		for _, r := range allRows(sel, n, &rowsBuf) {
			l := lv.Get(r)
			if l == nil {
				o.Nulls[r] = true
				continue
			}
			result, isNull, err := anyAll(ctx, f, useOr, l, len(vecs), func(i int) types.Datum { return vecs[i].Get(r) }, args)
			if err != nil {
				return nil, err
			}
			o.Nulls[r], o.Bools[r] = isNull, result
		}
		return o, nil
	}}, nil
}

// scalarArrayOpArray evaluates "left op ANY/ALL (array)" for an array
// computed per row: an empty array gives false for ANY and true for ALL
// even when left is NULL; otherwise NULL elements make an undecided result
// NULL (PG: ExecEvalScalarArrayOp).
func (c *compiler) scalarArrayOpArray(x *nodes.ScalarArrayOpExpr) (*ExprState, error) {
	left, err := c.compile(x.Left)
	if err != nil {
		return nil, err
	}
	arr, err := c.compile(x.Array)
	if err != nil {
		return nil, err
	}
	f := funcs.FuncByOid(x.FuncOid)
	useOr := x.UseOr
	var out *vector.Vector
	var rowsBuf []int
	return &ExprState{typ: types.TBool, eval: func(ctx *Context, b *vector.Batch, sel []int) (*vector.Vector, error) {
		lv, err := left.Eval(ctx, b, sel)
		if err != nil {
			return nil, err
		}
		av, err := arr.Eval(ctx, b, sel)
		if err != nil {
			return nil, err
		}
		n := max(b.N, 1)
		o := outVec(&out, types.TBool, n)
		args := make([]types.Datum, 2)
		for _, r := range allRows(sel, n, &rowsBuf) {
			ad := av.Get(r)
			if ad == nil {
				o.Nulls[r] = true
				continue
			}
			elems := ad.(types.Array).Elems
			if len(elems) == 0 {
				o.Nulls[r], o.Bools[r] = false, !useOr
				continue
			}
			l := lv.Get(r)
			if l == nil && f.Strict {
				o.Nulls[r] = true
				continue
			}
			result, isNull, err := anyAll(ctx, f, useOr, l, len(elems), func(i int) types.Datum { return elems[i] }, args)
			if err != nil {
				return nil, err
			}
			o.Nulls[r], o.Bools[r] = isNull, result
		}
		return o, nil
	}}, nil
}

// anyAll compares l with n elements by f, ANY (useOr) stopping at the
// first true and ALL at the first false; a NULL element leaves an
// undecided result NULL. args is scratch space for the two arguments.
func anyAll(ctx *Context, f *funcs.Func, useOr bool, l types.Datum, n int, elem func(int) types.Datum, args []types.Datum) (result, isNull bool, err error) {
	sawNull := false
	for i := range n {
		d := elem(i)
		if d == nil {
			sawNull = true
			continue
		}
		args[0], args[1] = l, d
		res, err := f.Call(ctx.goContext(), ctx.env(), nil, args)
		if err != nil {
			return false, false, err
		}
		if res.(bool) == useOr {
			return useOr, false, nil
		}
	}
	return !useOr, sawNull, nil
}
