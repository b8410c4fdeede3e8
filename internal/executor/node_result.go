// node_result.go implements Result: with no input it computes its target
// list once, provided the constant qual ("One-Time Filter") holds; with an
// input plan it projects each of the input's rows (PG: a Result above a
// node that cannot project, such as a SetOp whose output a UNION reads).

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
	// child is the input plan's state, nil for a Result without input;
	// checked says the one-time filter has been evaluated since the
	// last (re)start.
	child   PlanState
	checked bool
}

func noColumns(v *nodes.Var) (int, error) {
	return 0, pgerror.Internal("variable %s in a node without input", v.Name)
}

func initResult(p *plannodes.Result, es *EState) (*ResultState, error) {
	s := &ResultState{plan: p, es: es, ectx: es.exprContext()}
	cols := noColumns
	if p.Lefttree != nil {
		child, err := ExecInitNode(p.Lefttree, es)
		if err != nil {
			return nil, err
		}
		s.child, cols = child, outerColumns
	}
	for _, q := range p.ResConstantQual {
		if k, ok := q.(*nodes.Const); ok && (k.Value == nil || k.Value == false) {
			// A provably empty relation: the target list (which may name
			// columns of the table that was never scanned) is never computed.
			s.empty = true
			return s, nil
		}
	}
	var err error
	if s.proj, err = newProjection(p.TargetList, cols); err != nil {
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

// Exec returns the single row, once, or the next projected batch of the
// input.
func (s *ResultState) Exec(ctx context.Context) (*vector.Batch, error) {
	s.ectx.Ctx = ctx
	if s.done || s.empty {
		return nil, nil
	}
	if s.child != nil {
		return s.execInput(ctx)
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

// execInput projects the input's next batch, once the one-time filter
// has let the input be read at all.
func (s *ResultState) execInput(ctx context.Context) (*vector.Batch, error) {
	if !s.checked {
		s.checked = true
		one := &vector.Batch{N: 1}
		var buf []int
		if _, err := qualFilter(s.ectx, s.quals, one, &buf); err != nil {
			return nil, err
		}
		if one.Len() == 0 {
			s.done = true
			return nil, nil
		}
	}
	for {
		b, err := s.child.Exec(ctx)
		if err != nil || b == nil {
			return nil, err
		}
		if b.Len() == 0 {
			continue
		}
		return s.proj.project(s.ectx, b)
	}
}

func (s *ResultState) childStates() []PlanState {
	if s.child == nil {
		return nil
	}
	return []PlanState{s.child}
}

// ReScan allows the row, or the input's rows, to be returned again.
func (s *ResultState) ReScan(ctx context.Context) error {
	s.done, s.checked = false, false
	if s.child != nil {
		return s.child.ReScan(ctx)
	}
	return nil
}

// End ends the input, if any.
func (s *ResultState) End() error {
	if s.child != nil {
		return s.child.End()
	}
	return nil
}
