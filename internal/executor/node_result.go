// node_result.go implements Result: with no input it computes its target
// list once, provided the constant qual ("One-Time Filter") holds.

package executor

import (
	"context"

	"github.com/loomdb/loomdb/internal/expr"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/plannodes"
	"github.com/loomdb/loomdb/internal/vector"
)

// ResultState is the run-time state of a Result.
type ResultState struct {
	plan  *plannodes.Result
	es    *EState
	proj  *projection
	quals []*expr.ExprState
	done  bool
	empty bool
	ectx  *expr.Context
}

func noColumns(v *nodes.Var) (int, error) {
	return 0, pgerror.Internal("variable %s in a node without input", v.Name)
}

func initResult(p *plannodes.Result, es *EState) (*ResultState, error) {
	if p.Lefttree != nil {
		return nil, pgerror.Internal("Result with an input plan is not supported")
	}
	s := &ResultState{plan: p, es: es, ectx: es.exprContext()}
	for _, q := range p.ResConstantQual {
		if k, ok := q.(*nodes.Const); ok && (k.Value == nil || k.Value == false) {
			// A provably empty relation: the target list (which may name
			// columns of the table that was never scanned) is never computed.
			s.empty = true
			return s, nil
		}
	}
	var err error
	if s.proj, err = newProjection(p.TargetList, noColumns); err != nil {
		return nil, err
	}
	for _, q := range p.ResConstantQual {
		x, err := expr.Compile(q, noColumns)
		if err != nil {
			return nil, err
		}
		s.quals = append(s.quals, x)
	}
	return s, nil
}

// Plan returns the node's plan.
func (s *ResultState) Plan() plannodes.Plan { return s.plan }

// Exec returns the single row, once.
func (s *ResultState) Exec(ctx context.Context) (*vector.Batch, error) {
	s.ectx.Ctx = ctx
	if s.done || s.empty {
		return nil, nil
	}
	s.done = true
	one := &vector.Batch{N: 1}
	var buf []int
	if _, err := qualFilter(s.ectx, s.quals, one, &buf); err != nil {
		return nil, err
	}
	if one.Len() == 0 {
		return nil, nil
	}
	return s.proj.project(s.ectx, one)
}

// ReScan allows the row to be returned again.
func (s *ResultState) ReScan(context.Context) error { s.done = false; return nil }

// End does nothing; Result holds no resources.
func (s *ResultState) End() error { return nil }
