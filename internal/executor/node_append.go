// node_append.go implements Append (PG: nodeAppend.c): it returns all rows
// of its first child, then of the second, and so on (UNION ALL, inheritance
// and partitions), passing the children's batches through unchanged.
// Children are ended as a whole at End, not as each is exhausted, so a
// rescan can restart them.
//
// In a parallel plan a parallel-oblivious Append runs in each participant;
// Parallel Append, whose participants share a next-subplan counter, is a
// separate mode to come.

package executor

import (
	"context"

	"github.com/loomdb/loomdb/internal/plannodes"
	"github.com/loomdb/loomdb/internal/vector"
)

// AppendState is the run-time state of an Append.
type AppendState struct {
	plan     *plannodes.Append
	es       *EState
	children []PlanState
	cur      int
	started  []bool
}

func initAppend(p *plannodes.Append, es *EState) (*AppendState, error) {
	s := &AppendState{plan: p, es: es}
	for _, c := range p.Appendplans {
		ps, err := ExecInitNode(c, es)
		if err != nil {
			s.End()
			return nil, err
		}
		s.children = append(s.children, ps)
	}
	s.started = make([]bool, len(s.children))
	return s, nil
}

func (s *AppendState) childStates() []PlanState { return s.children }

// Plan returns the node's plan.
func (s *AppendState) Plan() plannodes.Plan { return s.plan }

// Exec returns the next batch of the current child.
func (s *AppendState) Exec(ctx context.Context) (*vector.Batch, error) {
	for s.cur < len(s.children) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		s.started[s.cur] = true
		b, err := s.children[s.cur].Exec(ctx)
		if err != nil {
			return nil, err
		}
		if b != nil {
			if b.Len() == 0 {
				continue
			}
			return b, nil
		}
		s.cur++
	}
	return nil, nil
}

// ReScan restarts from the first child, rescanning the children that ran.
func (s *AppendState) ReScan(ctx context.Context) error {
	s.cur = 0
	for i, c := range s.children {
		if s.started[i] {
			s.started[i] = false
			if err := c.ReScan(ctx); err != nil {
				return err
			}
		}
	}
	return nil
}

// End ends every child.
func (s *AppendState) End() error {
	var first error
	for _, c := range s.children {
		if err := c.End(); err != nil && first == nil {
			first = err
		}
	}
	return first
}
