// modifycte.go runs data-modifying statements in WITH to completion (PG:
// ExecPostprocessPlan over es_auxmodifytables). Such a statement's plan is
// a ModifyTable SubPlan that CTE Scans read as far as they need; once the
// main plan is done, ExecutorFinish runs every one that has not finished,
// so that each changes all its rows whatever the rest of the query read.
// As in PostgreSQL, the statements are finished in the reverse order of
// their definitions.

package executor

import (
	"context"

	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/plannodes"
	"github.com/loomdb/loomdb/internal/types"
)

// ExecutorFinish runs the statement's data-modifying WITH queries to
// completion; the caller calls it after the main plan returned its last
// row and before ending it (PG: ExecutorFinish).
func (es *EState) ExecutorFinish(ctx context.Context) error {
	for id := len(es.Subplans); id >= 1; id-- {
		mt, ok := es.Subplans[id-1].(*plannodes.ModifyTable)
		if !ok || mt.CanSetTag {
			continue
		}
		ts := make([]types.T, 0, len(mt.TargetList))
		for _, te := range mt.TargetList {
			ts = append(ts, te.Expr.ExprType())
		}
		c, err := es.cteResult(id, ts)
		if err != nil {
			return err
		}
		for !c.done {
			if err := ctx.Err(); err != nil {
				return pgerror.Convert(err)
			}
			// No scan reads further: the rows need not be kept.
			b, err := c.producer.Exec(ctx)
			if err != nil {
				return err
			}
			c.done = b == nil
		}
	}
	return nil
}
