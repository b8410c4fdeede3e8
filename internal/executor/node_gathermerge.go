// node_gathermerge.go implements Gather Merge (PG: nodeGatherMerge.c): like
// Gather it starts workers on its subplan, whose output is sorted on the
// node's keys in every participant, but it returns the rows in that order
// by merging the participants' streams. It needs the first batch of every
// participant before it can return anything; after that it waits only for
// the participant whose rows come next. The leader is one of the streams
// (parallel_leader_participation, or when no worker was launched).
//
// Contract: output batches are the node's own and stay valid until the
// next Exec; Shutdown, End and ReScan stop and wait for all workers.

package executor

import (
	"context"

	"github.com/loomdb/loomdb/internal/parallel"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/plannodes"
	"github.com/loomdb/loomdb/internal/vector"
)

// GatherMergeState is the run-time state of a Gather Merge.
type GatherMergeState struct {
	plan  *plannodes.GatherMerge
	es    *EState
	child PlanState
	out   *vector.Batch

	initialized bool
	px          *parallelExec
	// inputs are the participants' streams: the leader's (queue nil) and
	// each worker's; heap orders the unfinished ones by their next row.
	inputs []*gmInput
	heap   []int
	// bound is the number of rows the consumer needs (0: all).
	bound int64
	// Launched counts the workers launched, over all rescans.
	Launched int
}

// gmInput is one participant's sorted stream.
type gmInput struct {
	queue  *parallel.TupleQueue // nil for the leader
	worker int
	b      *vector.Batch
	pos    int
}

var _ gatherNode = (*GatherMergeState)(nil)

func initGatherMerge(p *plannodes.GatherMerge, es *EState) (*GatherMergeState, error) {
	child, err := ExecInitNode(p.Lefttree, es)
	if err != nil {
		return nil, err
	}
	return &GatherMergeState{plan: p, es: es, child: child, out: vector.NewBatch(plannodes.OutputTypes(p), vector.BatchSize)}, nil
}

func (s *GatherMergeState) childStates() []PlanState { return []PlanState{s.child} }

// SetBound tells the node that only the first n rows will be read; each
// participant then needs at most n rows of its own.
func (s *GatherMergeState) SetBound(n int64) { s.bound = n }

// Plan returns the node's plan.
func (s *GatherMergeState) Plan() plannodes.Plan { return s.plan }

// start launches the workers and reads every participant's first batch.
func (s *GatherMergeState) start(ctx context.Context) error {
	s.initialized = true
	var err error
	if s.px, err = startParallel(ctx, s.es, s.child, s.plan.Lefttree, s.plan.NumWorkers, s.bound, s.plan.InitParam); err != nil {
		return err
	}
	nworkers := s.px.launched()
	s.Launched += nworkers
	s.inputs, s.heap = s.inputs[:0], s.heap[:0]
	if nworkers == 0 || s.es.ParallelLeaderParticipation {
		s.inputs = append(s.inputs, &gmInput{worker: -1})
	}
	for i := 0; i < nworkers; i++ {
		s.inputs = append(s.inputs, &gmInput{queue: s.px.queues[i], worker: i})
	}
	for i := range s.inputs {
		ok, err := s.fetch(ctx, i)
		if err != nil {
			return err
		}
		if ok {
			s.heap = append(s.heap, i)
		}
	}
	for i := len(s.heap)/2 - 1; i >= 0; i-- {
		s.siftDown(i)
	}
	return nil
}

// fetch reads input i's next batch, waiting for it; false at its end.
func (s *GatherMergeState) fetch(ctx context.Context, i int) (bool, error) {
	in := s.inputs[i]
	for {
		var b *vector.Batch
		var err error
		if in.queue == nil {
			b, err = s.child.Exec(ctx)
		} else {
			in.queue.Release(in.b)
			in.b = nil
			b, err = in.queue.Receive(ctx)
			if err == nil && b == nil {
				if werr := s.px.workerError(in.worker); werr != nil {
					return false, werr
				}
			}
		}
		if err != nil {
			return false, pgerror.Convert(err)
		}
		in.b, in.pos = b, 0
		if b == nil {
			return false, nil
		}
		if b.Len() > 0 {
			return true, nil
		}
	}
}

// less orders inputs i and j by their next rows.
func (s *GatherMergeState) less(i, j int) bool {
	a, b := s.inputs[i], s.inputs[j]
	c := compareSortKeys(s.plan.SortColIdx, s.plan.Descending, s.plan.NullsFirst, a.b.Cols, a.b.Row(a.pos), b.b.Cols, b.b.Row(b.pos))
	if c != 0 {
		return c < 0
	}
	return i < j
}

func (s *GatherMergeState) siftDown(k int) {
	h := s.heap
	for {
		l := 2*k + 1
		if l >= len(h) {
			return
		}
		m := l
		if r := l + 1; r < len(h) && s.less(h[r], h[l]) {
			m = r
		}
		if !s.less(h[m], h[k]) {
			return
		}
		h[k], h[m] = h[m], h[k]
		k = m
	}
}

// Exec returns the next batch of merged rows.
func (s *GatherMergeState) Exec(ctx context.Context) (*vector.Batch, error) {
	if !s.initialized {
		if err := s.start(ctx); err != nil {
			s.Shutdown()
			return nil, err
		}
	}
	s.out.Reset()
	for s.out.N < vector.BatchSize && len(s.heap) > 0 {
		i := s.heap[0]
		in := s.inputs[i]
		r := in.b.Row(in.pos)
		for c, v := range s.out.Cols {
			appendValue(v, in.b.Cols[c], r)
		}
		s.out.N++
		in.pos++
		if in.pos >= in.b.Len() {
			ok, err := s.fetch(ctx, i)
			if err != nil {
				s.Shutdown()
				return nil, err
			}
			if !ok {
				last := len(s.heap) - 1
				s.heap[0] = s.heap[last]
				s.heap = s.heap[:last]
			}
		}
		if len(s.heap) > 0 {
			s.siftDown(0)
		}
	}
	if s.out.N == 0 {
		s.Shutdown()
		return nil, nil
	}
	return s.out, nil
}

// Shutdown stops and waits for the workers, keeping their figures.
func (s *GatherMergeState) Shutdown() {
	if s.px != nil {
		s.px.shutdown()
		s.px = nil
	}
	for _, in := range s.inputs {
		if in.queue != nil {
			in.b = nil
		}
	}
	s.heap = s.heap[:0]
}

// ReScan stops the workers; the next Exec starts over with a new launch.
func (s *GatherMergeState) ReScan(ctx context.Context) error {
	s.Shutdown()
	s.initialized = false
	return s.child.ReScan(ctx)
}

// End stops the workers and ends the leader's subplan.
func (s *GatherMergeState) End() error {
	s.Shutdown()
	return s.child.End()
}
