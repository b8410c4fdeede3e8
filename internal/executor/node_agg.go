// node_agg.go implements Aggregate (plain, ungrouped): it advances one
// transition state per aggregate over all input rows and returns a single
// row computed from the final values. Split plans (Partial/Finalize) reuse
// the same states: a partial state is combined rather than re-advanced.

package executor

import (
	"context"

	"github.com/loomdb/loomdb/internal/expr"
	"github.com/loomdb/loomdb/internal/funcs"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/plannodes"
	"github.com/loomdb/loomdb/internal/vector"
)

// AggState is the run-time state of an Agg.
type AggState struct {
	plan   *plannodes.Agg
	es     *EState
	child  PlanState
	args   [][]*expr.ExprState
	aggs   []*funcs.Aggregate
	states []funcs.AggState
	proj   *projection
	values []*vector.Vector
	done   bool
}

func initAgg(p *plannodes.Agg, es *EState) (*AggState, error) {
	if p.Strategy != plannodes.AggPlain || p.Split != nodes.AggSplitSimple {
		return nil, pgerror.Unsupported("grouped and split aggregation are not supported yet")
	}
	child, err := ExecInitNode(p.Lefttree, es)
	if err != nil {
		return nil, err
	}
	s := &AggState{plan: p, es: es, child: child}
	index := map[*nodes.Aggref]int{}
	for i, a := range p.Aggs {
		f := funcs.FuncByOid(a.AggFnOid)
		if f == nil || f.Agg == nil {
			return nil, pgerror.Internal("aggregate %s not found", a.Name)
		}
		s.aggs = append(s.aggs, f.Agg)
		var args []*expr.ExprState
		for _, arg := range a.Args {
			x, err := expr.Compile(arg, outerColumns)
			if err != nil {
				return nil, err
			}
			args = append(args, x)
		}
		s.args = append(s.args, args)
		index[a] = i
		v := vector.New(a.ResultType, 1)
		s.values = append(s.values, v)
	}
	s.proj = &projection{out: &vector.Batch{Cols: make([]*vector.Vector, len(p.TargetList))}}
	for _, te := range p.TargetList {
		x, err := expr.CompileWithAggs(te.Expr, outerColumns, index)
		if err != nil {
			return nil, err
		}
		s.proj.exprs = append(s.proj.exprs, x)
	}
	return s, nil
}

func (s *AggState) childStates() []PlanState { return []PlanState{s.child} }

// Plan returns the node's plan.
func (s *AggState) Plan() plannodes.Plan { return s.plan }

// Exec consumes the input and returns the single result row.
func (s *AggState) Exec(ctx context.Context) (*vector.Batch, error) {
	if s.done {
		return nil, nil
	}
	s.done = true
	s.states = make([]funcs.AggState, len(s.aggs))
	for i, a := range s.aggs {
		s.states[i] = a.New()
	}
	ectx := s.es.exprContext()
	ectx.Ctx = ctx
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		b, err := s.child.Exec(ctx)
		if err != nil {
			return nil, err
		}
		if b == nil {
			break
		}
		for i, st := range s.states {
			if len(s.args[i]) == 0 {
				for r := 0; r < b.Len(); r++ {
					if err := st.Advance(nil); err != nil {
						return nil, err
					}
				}
				continue
			}
			v, err := s.args[i][0].Eval(ectx, b, b.Sel)
			if err != nil {
				return nil, err
			}
			for r := 0; r < b.Len(); r++ {
				row := b.Row(r)
				if v.Nulls[row] {
					continue
				}
				if err := st.Advance(v.Get(row)); err != nil {
					return nil, err
				}
			}
		}
	}
	for i, st := range s.states {
		d, err := st.Final()
		if err != nil {
			return nil, err
		}
		s.values[i].Reset()
		s.values[i].Append(d)
	}
	ectx.AggValues = s.values
	one := &vector.Batch{N: 1}
	return s.proj.project(ectx, one)
}

// ReScan restarts aggregation.
func (s *AggState) ReScan(ctx context.Context) error {
	s.done = false
	return s.child.ReScan(ctx)
}

// End ends the input.
func (s *AggState) End() error { return s.child.End() }
