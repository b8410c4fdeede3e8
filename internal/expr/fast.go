// fast.go holds tight loops for the most common operators over int64 and
// float64 vectors; everything else goes through the generic row loop.

package expr

import (
	"strings"

	"github.com/loomdb/loomdb/internal/funcs"
	"github.com/loomdb/loomdb/internal/types"
	"github.com/loomdb/loomdb/internal/vector"
)

func fastBinary(f *funcs.Func, args []*ExprState, rt types.T) *ExprState {
	if len(args) != 2 || !f.Strict {
		return nil
	}
	lc, rc := types.ClassOf(args[0].typ.Oid), types.ClassOf(args[1].typ.Oid)
	if lc != rc || (lc != types.ClassInt && lc != types.ClassFloat) {
		return nil
	}
	// Integer comparisons compare the same way for every ClassInt type.
	suffix := ""
	for _, s := range []string{"eq", "ne", "lt", "le", "gt", "ge"} {
		if strings.HasSuffix(f.Name, s) && rt.Oid == types.BoolOid {
			suffix = s
		}
	}
	var out *vector.Vector
	var rowsBuf []int
	a0, a1 := args[0], args[1]
	if suffix != "" {
		cmp := cmpFunc(suffix)
		return &ExprState{typ: rt, eval: func(ctx *Context, b *vector.Batch, sel []int) (*vector.Vector, error) {
			l, err := a0.Eval(ctx, b, sel)
			if err != nil {
				return nil, err
			}
			r, err := a1.Eval(ctx, b, sel)
			if err != nil {
				return nil, err
			}
			n := max(b.N, 1)
			o := outVec(&out, rt, n)
			rows := allRows(sel, n, &rowsBuf)
			if lc == types.ClassInt {
				for _, i := range rows {
					o.Nulls[i] = l.Nulls[i] || r.Nulls[i]
					o.Bools[i] = cmp(compareInt(l.Ints[i], r.Ints[i]))
				}
			} else {
				for _, i := range rows {
					o.Nulls[i] = l.Nulls[i] || r.Nulls[i]
					o.Bools[i] = cmp(types.FloatCmp(l.Floats[i], r.Floats[i]))
				}
			}
			return o, nil
		}}
	}
	var op byte
	switch {
	case strings.HasSuffix(f.Name, "pl"):
		op = '+'
	case strings.HasSuffix(f.Name, "mi"):
		op = '-'
	case strings.HasSuffix(f.Name, "mul"):
		op = '*'
	case strings.HasSuffix(f.Name, "div"):
		op = '/'
	case strings.HasSuffix(f.Name, "mod"):
		op = '%'
	default:
		return nil
	}
	if f.Args[0] != f.Args[1] || f.Result != f.Args[0] {
		return nil
	}
	t := f.Result
	return &ExprState{typ: rt, eval: func(ctx *Context, b *vector.Batch, sel []int) (*vector.Vector, error) {
		l, err := a0.Eval(ctx, b, sel)
		if err != nil {
			return nil, err
		}
		r, err := a1.Eval(ctx, b, sel)
		if err != nil {
			return nil, err
		}
		n := max(b.N, 1)
		o := outVec(&out, rt, n)
		for _, i := range allRows(sel, n, &rowsBuf) {
			if l.Nulls[i] || r.Nulls[i] {
				o.Nulls[i] = true
				continue
			}
			o.Nulls[i] = false
			if lc == types.ClassInt {
				v, err := funcs.IntArith(op, t, l.Ints[i], r.Ints[i])
				if err != nil {
					return nil, err
				}
				o.Ints[i] = v
			} else {
				v, err := funcs.FloatArith(op, t, l.Floats[i], r.Floats[i])
				if err != nil {
					return nil, err
				}
				o.Floats[i] = v
			}
		}
		return o, nil
	}}
}

func compareInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func cmpFunc(s string) func(int) bool {
	switch s {
	case "eq":
		return func(c int) bool { return c == 0 }
	case "ne":
		return func(c int) bool { return c != 0 }
	case "lt":
		return func(c int) bool { return c < 0 }
	case "le":
		return func(c int) bool { return c <= 0 }
	case "gt":
		return func(c int) bool { return c > 0 }
	}
	return func(c int) bool { return c >= 0 }
}
