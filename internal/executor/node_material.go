// node_material.go implements Materialize (PG: nodeMaterial.c): it returns
// its input's rows while keeping a copy of them, so that a rescan replays
// the copy instead of running the input again. Rows are read from the input
// only as they are asked for; a rescan before the input was exhausted
// replays what was stored and then goes on reading the input.
//
// The copy is kept in memory whatever its size (PostgreSQL's tuplestore
// spills to a temporary file past work_mem). In a parallel plan each
// participant materializes its own input.

package executor

import (
	"context"

	"github.com/loomdb/loomdb/internal/plannodes"
	"github.com/loomdb/loomdb/internal/vector"
)

// MaterialState is the run-time state of a Material.
type MaterialState struct {
	plan      *plannodes.Material
	es        *EState
	child     PlanState
	store     *rowStore
	childDone bool
	pos       int // next stored row to return
	out       *vector.Batch
}

func initMaterial(p *plannodes.Material, es *EState) (*MaterialState, error) {
	child, err := ExecInitNode(p.Lefttree, es)
	if err != nil {
		return nil, err
	}
	ts := plannodes.OutputTypes(p.Lefttree)
	return &MaterialState{plan: p, es: es, child: child, store: newRowStore(ts), out: vector.NewBatch(ts, vector.BatchSize)}, nil
}

func (s *MaterialState) childStates() []PlanState { return []PlanState{s.child} }

// Plan returns the node's plan.
func (s *MaterialState) Plan() plannodes.Plan { return s.plan }

// Exec returns the next batch: stored rows first, then new input rows
// (which it stores).
func (s *MaterialState) Exec(ctx context.Context) (*vector.Batch, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if s.pos < s.store.n {
		end := min(s.pos+vector.BatchSize, s.store.n)
		s.store.copyRows(s.out, s.pos, end)
		s.pos = end
		return s.out, nil
	}
	for !s.childDone {
		b, err := s.child.Exec(ctx)
		if err != nil {
			return nil, err
		}
		if b == nil {
			s.childDone = true
			break
		}
		if b.Len() == 0 {
			continue
		}
		s.store.appendBatch(b)
		s.pos = s.store.n
		return b, nil
	}
	return nil, nil
}

// ReScan replays the stored rows from the start, or reads the input again
// when its result depends on executor parameters.
func (s *MaterialState) ReScan(ctx context.Context) error {
	s.pos = 0
	if s.plan.Lefttree.PlanHeader().ExtParam {
		s.store.release()
		s.store = newRowStore(plannodes.OutputTypes(s.plan.Lefttree))
		s.childDone = false
		return s.child.ReScan(ctx)
	}
	return nil
}

// End releases the stored rows and ends the input.
func (s *MaterialState) End() error {
	s.store.release()
	s.pos = 0
	return s.child.End()
}
