// wholerow.go evaluates whole-row references into record values.

package expr

import (
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/types"
	"github.com/loomdb/loomdb/internal/vector"
)

// wholeRow builds one record per row from the columns of x, with their
// names.
func (c *compiler) wholeRow(x *nodes.WholeRowExpr) (*ExprState, error) {
	args := make([]*ExprState, len(x.Args))
	colTypes := make([]types.T, len(x.Args))
	for i, a := range x.Args {
		var err error
		if args[i], err = c.compile(a); err != nil {
			return nil, err
		}
		colTypes[i] = a.ExprType()
	}
	names := x.Names
	var out *vector.Vector
	var rowsBuf []int
	vecs := make([]*vector.Vector, len(args))
	return &ExprState{typ: x.ExprType(), eval: func(ctx *Context, b *vector.Batch, sel []int) (*vector.Vector, error) {
		for i, a := range args {
			v, err := a.Eval(ctx, b, sel)
			if err != nil {
				return nil, err
			}
			vecs[i] = v
		}
		o := outVec(&out, types.TRecord, max(b.N, 1))
		for _, r := range allRows(sel, max(b.N, 1), &rowsBuf) {
			row := types.Record{Names: names, Types: colTypes, Values: make([]types.Datum, len(vecs))}
			for i, v := range vecs {
				row.Values[i] = v.Get(r)
			}
			set(o, r, row)
		}
		return o, nil
	}}, nil
}
