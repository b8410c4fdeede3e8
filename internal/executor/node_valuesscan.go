// node_valuesscan.go implements Values Scan: it evaluates the rows of a
// VALUES list a batch at a time and computes its target list over them.

package executor

import (
	"context"

	"github.com/loomdb/loomdb/internal/expr"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/plannodes"
	"github.com/loomdb/loomdb/internal/vector"
)

// ValuesScanState is the run-time state of a ValuesScan.
type ValuesScanState struct {
	plan *plannodes.ValuesScan
	es   *EState
	rows [][]*expr.ExprState
	next int
	raw  *vector.Batch
	proj *projection
	ectx *expr.Context
	// quals filter the rows of a VALUES list in FROM.
	quals  []*expr.ExprState
	selBuf []int
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
	s.raw = vector.NewBatch(p.ColTypes, vector.BatchSize)
	cols := func(v *nodes.Var) (int, error) {
		if v.VarNo != p.ScanRelID || v.AttNo < 1 || v.AttNo > len(p.ColTypes) {
			return 0, pgerror.Internal("invalid VALUES column reference %s", v.Name)
		}
		return v.AttNo - 1, nil
	}
	var err error
	if s.quals, err = compileQuals(p.Qual, cols); err != nil {
		return nil, err
	}
	if s.proj, err = newProjection(p.TargetList, cols); err != nil {
		return nil, err
	}
	return s, nil
}

// Plan returns the node's plan.
func (s *ValuesScanState) Plan() plannodes.Plan { return s.plan }

// Exec returns the next batch of VALUES rows.
func (s *ValuesScanState) Exec(ctx context.Context) (*vector.Batch, error) {
	s.ectx.Ctx = ctx
	for s.next < len(s.rows) {
		b, err := s.fill()
		if err != nil {
			return nil, err
		}
		if _, err := qualFilter(s.ectx, s.quals, b, &s.selBuf); err != nil {
			return nil, err
		}
		if b.Len() > 0 {
			return s.proj.project(s.ectx, b)
		}
	}
	return nil, nil
}

// fill evaluates the next batch of rows.
func (s *ValuesScanState) fill() (*vector.Batch, error) {
	s.raw.Reset()
	one := &vector.Batch{N: 1}
	for s.next < len(s.rows) && s.raw.N < vector.BatchSize {
		for i, x := range s.rows[s.next] {
			v, err := x.Eval(s.ectx, one, nil)
			if err != nil {
				return nil, err
			}
			s.raw.Cols[i].Append(v.Get(0))
		}
		s.raw.N++
		s.next++
	}
	return s.raw, nil
}

// ReScan restarts from the first row.
func (s *ValuesScanState) ReScan(context.Context) error { s.next = 0; return nil }

// End does nothing.
func (s *ValuesScanState) End() error { return nil }
