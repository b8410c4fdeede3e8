// node_unique.go implements Unique (PG: nodeUnique.c): over input sorted
// on UniqColIdx it returns the first of each run of adjacent rows whose
// columns UniqColIdx are equal (NULLs counting as equal), passing the
// input's columns through. It streams, returning a selection over each
// input batch without copying rows.
//
// In a parallel plan Unique runs above a Gather Merge, or per participant
// below one with another Unique above.

package executor

import (
	"context"

	"github.com/loomdb/loomdb/internal/plannodes"
	"github.com/loomdb/loomdb/internal/vector"
)

// UniqueState is the run-time state of a Unique.
type UniqueState struct {
	plan   *plannodes.Unique
	es     *EState
	child  PlanState
	groups *groupTracker
	view   vector.Batch
}

func initUnique(p *plannodes.Unique, es *EState) (*UniqueState, error) {
	child, err := ExecInitNode(p.Lefttree, es)
	if err != nil {
		return nil, err
	}
	s := &UniqueState{plan: p, es: es, child: child}
	if s.groups, err = newGroupTracker(p.UniqColIdx, plannodes.OutputTypes(p.Lefttree)); err != nil {
		child.End()
		return nil, err
	}
	return s, nil
}

func (s *UniqueState) childStates() []PlanState { return []PlanState{s.child} }

// Plan returns the node's plan.
func (s *UniqueState) Plan() plannodes.Plan { return s.plan }

// Exec returns the next batch of distinct rows.
func (s *UniqueState) Exec(ctx context.Context) (*vector.Batch, error) {
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		b, err := s.child.Exec(ctx)
		if err != nil || b == nil {
			return nil, err
		}
		sel := s.groups.firsts(b)
		if len(sel) == 0 {
			continue
		}
		s.view = vector.Batch{Cols: b.Cols, N: b.N, Sel: sel}
		return &s.view, nil
	}
}

// ReScan restarts the input.
func (s *UniqueState) ReScan(ctx context.Context) error {
	s.groups.reset()
	return s.child.ReScan(ctx)
}

// End ends the input.
func (s *UniqueState) End() error { return s.child.End() }
