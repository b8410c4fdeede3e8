// node_worktablescan.go implements WorkTable Scan (PG:
// nodeWorktablescan.c): inside the recursive term of a recursive WITH
// query, it returns the rows of the Recursive Union's work table, those
// the previous iteration produced, filtered by its quals and projected
// through its target list. The Recursive Union above it swaps in a new
// work table between iterations and rescans the recursive term, which
// starts the scan over on the new table.
//
// The work table belongs to the Recursive Union of the same participant,
// found through the plan's WTParam; the planner never places a WorkTable
// Scan below a Gather.

package executor

import (
	"context"

	"github.com/loomdb/loomdb/internal/expr"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/plannodes"
	"github.com/loomdb/loomdb/internal/vector"
)

// WorkTableScanState is the run-time state of a WorkTableScan.
type WorkTableScanState struct {
	plan   *plannodes.WorkTableScan
	es     *EState
	ru     *RecursiveUnionState
	rd     *tupleReader
	quals  []*expr.ExprState
	proj   *projection
	ectx   *expr.Context
	selBuf []int
	// Filtered counts rows removed by the quals.
	Filtered float64
}

func initWorkTableScan(p *plannodes.WorkTableScan, es *EState) (*WorkTableScanState, error) {
	s := &WorkTableScanState{plan: p, es: es, ectx: es.exprContext()}
	cols := scanColumns(p.ScanRelID, len(p.ColTypes), "WorkTable Scan")
	var err error
	if s.quals, err = compileQuals(p.Qual, cols); err != nil {
		return nil, err
	}
	if s.proj, err = newProjection(p.TargetList, cols); err != nil {
		return nil, err
	}
	return s, nil
}

// scanColumns maps the Vars of a scan of relation scanRelID with ncols
// columns to their positions.
func scanColumns(scanRelID, ncols int, node string) expr.ColumnMap {
	return func(v *nodes.Var) (int, error) {
		if v.VarNo != scanRelID || v.AttNo < 1 || v.AttNo > ncols {
			return 0, pgerror.Internal("%s: unexpected variable %s", node, v.Name)
		}
		return v.AttNo - 1, nil
	}
}

// Plan returns the node's plan.
func (s *WorkTableScanState) Plan() plannodes.Plan { return s.plan }

// Exec returns the next batch of qualifying work-table rows.
func (s *WorkTableScanState) Exec(ctx context.Context) (*vector.Batch, error) {
	if s.ru == nil {
		if s.ru = s.es.worktables[s.plan.WTParam]; s.ru == nil {
			return nil, pgerror.Internal("WorkTable Scan outside its Recursive Union")
		}
	}
	switch {
	case s.rd == nil:
		s.rd = s.ru.working.reader()
	case s.rd.s != s.ru.working:
		// The stores swapped roles: read the new work table.
		s.rd.retarget(s.ru.working)
	}
	s.ectx.Ctx = ctx
	for {
		if err := ctx.Err(); err != nil {
			return nil, pgerror.Convert(err)
		}
		b, err := s.rd.next()
		if err != nil || b == nil {
			return nil, err
		}
		removed, err := qualFilter(s.ectx, s.quals, b, &s.selBuf)
		if err != nil {
			return nil, err
		}
		s.Filtered += float64(removed)
		if b.Len() == 0 {
			continue
		}
		return s.proj.project(s.ectx, b)
	}
}

// ReScan starts over on the current work table.
func (s *WorkTableScanState) ReScan(context.Context) error {
	if s.rd != nil {
		// The work table may have been refilled since.
		s.rd.retarget(s.rd.s)
	}
	return nil
}

// End forgets the work table, which the Recursive Union releases.
func (s *WorkTableScanState) End() error {
	s.rd = nil
	return nil
}
