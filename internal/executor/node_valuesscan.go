// node_valuesscan.go implements Values Scan: it evaluates the rows of a
// VALUES list, a batch at a time.

package executor

import (
	"context"

	"github.com/loomdb/loomdb/internal/expr"
	"github.com/loomdb/loomdb/internal/plannodes"
	"github.com/loomdb/loomdb/internal/vector"
)

// ValuesScanState is the run-time state of a ValuesScan.
type ValuesScanState struct {
	plan *plannodes.ValuesScan
	es   *EState
	rows [][]*expr.ExprState
	next int
	out  *vector.Batch
	ectx *expr.Context
}

func initValuesScan(p *plannodes.ValuesScan, es *EState) (*ValuesScanState, error) {
	s := &ValuesScanState{plan: p, es: es, ectx: es.exprContext()}
	for _, r := range p.Values {
		var row []*expr.ExprState
		for _, e := range r {
			x, err := expr.Compile(e, noColumns)
			if err != nil {
				return nil, err
			}
			row = append(row, x)
		}
		s.rows = append(s.rows, row)
	}
	s.out = vector.NewBatch(plannodes.OutputTypes(p), vector.BatchSize)
	return s, nil
}

// Plan returns the node's plan.
func (s *ValuesScanState) Plan() plannodes.Plan { return s.plan }

// Exec returns the next batch of VALUES rows.
func (s *ValuesScanState) Exec(ctx context.Context) (*vector.Batch, error) {
	if s.next >= len(s.rows) {
		return nil, nil
	}
	s.out.Reset()
	one := &vector.Batch{N: 1}
	for s.next < len(s.rows) && s.out.N < vector.BatchSize {
		for i, x := range s.rows[s.next] {
			v, err := x.Eval(s.ectx, one, nil)
			if err != nil {
				return nil, err
			}
			s.out.Cols[i].Append(v.Get(0))
		}
		s.out.N++
		s.next++
	}
	return s.out, nil
}

// ReScan restarts from the first row.
func (s *ValuesScanState) ReScan(context.Context) error { s.next = 0; return nil }

// End does nothing.
func (s *ValuesScanState) End() error { return nil }
