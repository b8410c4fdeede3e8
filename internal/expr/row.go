// row.go evaluates row values: ROW(...) builds a record of its arguments'
// values for each row, and FieldSelect reads one column of a record (PG:
// ExecEvalRow, ExecEvalFieldSelect).

package expr

import (
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/types"
	"github.com/loomdb/loomdb/internal/vector"
)

// rowExpr builds ROW(args) for each row; the row is never NULL, its
// columns may be.
func (c *compiler) rowExpr(x *nodes.RowExpr) (*ExprState, error) {
	args, err := c.compileAll(x.Args)
	if err != nil {
		return nil, err
	}
	ts := make([]types.T, len(x.Args))
	for i, a := range x.Args {
		ts[i] = a.ExprType()
	}
	var out *vector.Vector
	var rowsBuf []int
	vecs := make([]*vector.Vector, len(args))
	return &ExprState{typ: types.TRecord, eval: func(ctx *Context, b *vector.Batch, sel []int) (*vector.Vector, error) {
		for i, a := range args {
			v, err := a.Eval(ctx, b, sel)
			if err != nil {
				return nil, err
			}
			vecs[i] = v
		}
		n := max(b.N, 1)
		o := outVec(&out, types.TRecord, n)
		for _, r := range allRows(sel, n, &rowsBuf) {
			vals := make([]types.Datum, len(vecs))
			for i, v := range vecs {
				vals[i] = v.Get(r)
			}
			set(o, r, types.Record{Types: ts, Values: vals})
		}
		return o, nil
	}}, nil
}

// fieldSelect reads column x.FieldNum of each row's record; a NULL record
// or column gives NULL.
func (c *compiler) fieldSelect(x *nodes.FieldSelect) (*ExprState, error) {
	arg, err := c.compile(x.Arg)
	if err != nil {
		return nil, err
	}
	var out *vector.Vector
	var rowsBuf []int
	return &ExprState{typ: x.Type, eval: func(ctx *Context, b *vector.Batch, sel []int) (*vector.Vector, error) {
		v, err := arg.Eval(ctx, b, sel)
		if err != nil {
			return nil, err
		}
		n := max(b.N, 1)
		o := outVec(&out, x.Type, n)
		for _, r := range allRows(sel, n, &rowsBuf) {
			var d types.Datum
			if rec, ok := v.Get(r).(types.Record); ok && x.FieldNum >= 1 && x.FieldNum <= len(rec.Values) {
				d = rec.Values[x.FieldNum-1]
			}
			set(o, r, d)
		}
		return o, nil
	}}, nil
}
