// constraints.go tests a new row against its table's NOT NULL and CHECK
// constraints, for ModifyTable and for COPY FROM (PG: execMain.c's
// ExecConstraints and ExecRelCheck).

package executor

import (
	"context"
	"strings"

	"github.com/loomdb/loomdb/internal/catalog"
	"github.com/loomdb/loomdb/internal/expr"
	"github.com/loomdb/loomdb/internal/funcs"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
	"github.com/loomdb/loomdb/internal/vector"
)

// ConstraintChecker tests rows of one table. It is not safe for
// concurrent use.
type ConstraintChecker struct {
	rel     *catalog.Relation
	notNull []int // the NOT NULL columns
	clauses []nodes.CheckClause
	checks  []*expr.ExprState
	// row is a one-row batch holding the row the checks read.
	row *vector.Batch
	sel []int
}

// NewConstraintChecker compiles rel's CHECK clauses (analyzed over the
// table as range-table entry 1, sorted by name).
func NewConstraintChecker(rel *catalog.Relation, clauses []nodes.CheckClause) (*ConstraintChecker, error) {
	c := &ConstraintChecker{rel: rel, clauses: clauses}
	for i := range rel.Columns {
		if rel.Columns[i].NotNull {
			c.notNull = append(c.notNull, i)
		}
	}
	if len(clauses) == 0 {
		return c, nil
	}
	ts := make([]types.T, len(rel.Columns))
	for i, col := range rel.Columns {
		ts[i] = col.Type
	}
	c.row, c.sel = vector.NewBatch(ts, 1), []int{0}
	for _, ck := range clauses {
		x, err := expr.Compile(ck.Expr, scanColumns(1, len(ts), "CHECK constraint"))
		if err != nil {
			return nil, err
		}
		c.checks = append(c.checks, x)
	}
	return c, nil
}

// NewExprContext returns the context CHECK conditions evaluate in outside
// a plan (COPY FROM).
func NewExprContext(ctx context.Context, env *funcs.Env) *expr.Context {
	return &expr.Context{Ctx: ctx, Env: env}
}

// Check fails with PostgreSQL's error when row leaves a NOT NULL column
// NULL or makes a CHECK condition false (NULL passes, as in SQL).
func (c *ConstraintChecker) Check(ectx *expr.Context, row []types.Datum) error {
	for _, i := range c.notNull {
		if col := &c.rel.Columns[i]; row[i] == nil {
			return pgerror.Newf(pgerror.NotNullViolation, "null value in column \"%s\" of relation \"%s\" violates not-null constraint", col.Name, c.rel.Name).
				WithDetail("Failing row contains (%s).", failingRow(c.rel, row))
		}
	}
	if len(c.checks) == 0 {
		return nil
	}
	b := c.row
	b.Reset()
	for i, d := range row {
		b.Cols[i].Append(d)
	}
	b.N = 1
	for i, x := range c.checks {
		v, err := x.Eval(ectx, b, c.sel)
		if err != nil {
			return err
		}
		if !v.Nulls[0] && !v.Bools[0] {
			return pgerror.Newf(pgerror.CheckViolation, "new row for relation \"%s\" violates check constraint \"%s\"", c.rel.Name, c.clauses[i].Name).
				WithDetail("Failing row contains (%s).", failingRow(c.rel, row))
		}
	}
	return nil
}

// failingRow prints a row for an error's detail, as PostgreSQL's
// ExecBuildSlotValueDescription does: the live columns, NULL as null.
func failingRow(rel *catalog.Relation, row []types.Datum) string {
	var parts []string
	for i, d := range row {
		switch {
		case rel.Columns[i].Dropped:
		case d == nil:
			parts = append(parts, "null")
		default:
			parts = append(parts, types.Out(rel.Columns[i].Type, d))
		}
	}
	return strings.Join(parts, ", ")
}
