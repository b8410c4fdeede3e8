// checkoption.go tests the rows an INSERT or UPDATE stores through a view
// against the CHECK OPTIONs of the views it writes through (PG:
// execMain.c's ExecWithCheckOptions for WCO_VIEW_CHECK).

package executor

import (
	"github.com/loomdb/loomdb/internal/catalog"
	"github.com/loomdb/loomdb/internal/expr"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
	"github.com/loomdb/loomdb/internal/vector"
)

// checkOptions tests new rows of one table against view CHECK OPTIONs.
type checkOptions struct {
	rel   *catalog.Relation
	wcos  []nodes.WithCheckOption
	quals []*expr.ExprState // nil for an option without a condition
	row   *vector.Batch
	sel   []int
}

// newCheckOptions compiles the options' conditions (over the table as
// range-table entry 1); nil when there are none.
func newCheckOptions(rel *catalog.Relation, wcos []nodes.WithCheckOption) (*checkOptions, error) {
	if len(wcos) == 0 {
		return nil, nil
	}
	c := &checkOptions{rel: rel, wcos: wcos, row: vector.NewBatch(rel.Types(), 1), sel: []int{0}}
	for _, w := range wcos {
		var x *expr.ExprState
		if w.Qual != nil {
			var err error
			if x, err = expr.Compile(w.Qual, scanColumns(1, len(rel.Columns), "WITH CHECK OPTION")); err != nil {
				return nil, err
			}
		}
		c.quals = append(c.quals, x)
	}
	return c, nil
}

// check fails with PostgreSQL's error when row does not make a condition
// true: unlike a CHECK constraint's, NULL fails.
func (c *checkOptions) check(ectx *expr.Context, row []types.Datum) error {
	if c == nil {
		return nil
	}
	b := c.row
	b.Reset()
	for i, d := range row {
		b.Cols[i].Append(d)
	}
	b.N = 1
	for i, x := range c.quals {
		if x == nil {
			continue
		}
		v, err := x.Eval(ectx, b, c.sel)
		if err != nil {
			return err
		}
		if v.Nulls[0] || !v.Bools[0] {
			return pgerror.Newf(pgerror.WithCheckOptionViolation, "new row violates check option for view \"%s\"", c.wcos[i].ViewName).
				WithDetail("Failing row contains (%s).", failingRow(c.rel, row))
		}
	}
	return nil
}
