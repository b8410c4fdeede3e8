// node_subqueryscan.go implements Subquery Scan: it runs a subquery's plan
// and filters and projects its rows, where Vars of the scanned range-table
// entry name the subquery's output columns. In parallel plans the subquery
// runs inside each participant like any other child.

package executor

import (
	"context"

	"github.com/loomdb/loomdb/internal/expr"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/plannodes"
	"github.com/loomdb/loomdb/internal/vector"
)

// SubqueryScanState is the run-time state of a SubqueryScan.
type SubqueryScanState struct {
	plan   *plannodes.SubqueryScan
	es     *EState
	child  PlanState
	quals  []*expr.ExprState
	proj   *projection
	selBuf []int
	ectx   *expr.Context
	// Filtered counts rows removed by the qual.
	Filtered float64
}

func initSubqueryScan(p *plannodes.SubqueryScan, es *EState) (*SubqueryScanState, error) {
	child, err := ExecInitNode(p.Subplan, es)
	if err != nil {
		return nil, err
	}
	s := &SubqueryScanState{plan: p, es: es, child: child, ectx: es.exprContext()}
	cols := func(v *nodes.Var) (int, error) {
		if v.VarNo != p.ScanRelID {
			return 0, pgerror.Internal("subquery scan: unexpected variable %s", v.Name)
		}
		return v.AttNo - 1, nil
	}
	if s.quals, err = compileQuals(p.Qual, cols); err != nil {
		return nil, err
	}
	if s.proj, err = newProjection(p.TargetList, cols); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *SubqueryScanState) childStates() []PlanState { return []PlanState{s.child} }

// Plan returns the node's plan.
func (s *SubqueryScanState) Plan() plannodes.Plan { return s.plan }

// Exec returns the next batch of qualifying subquery rows.
func (s *SubqueryScanState) Exec(ctx context.Context) (*vector.Batch, error) {
	s.ectx.Ctx = ctx
	for {
		b, err := s.child.Exec(ctx)
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

// ReScan restarts the subquery.
func (s *SubqueryScanState) ReScan(ctx context.Context) error { return s.child.ReScan(ctx) }

// End ends the subquery.
func (s *SubqueryScanState) End() error { return s.child.End() }
