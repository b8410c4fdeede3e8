// node_gather.go implements Gather (PG: nodeGather.c): the top of a
// parallel plan part. On its first Exec it registers the shared state of
// the parallel-aware nodes below it, asks the worker pool for the planned
// number of workers (getting what is free, possibly none), and starts them.
// It then returns every batch any participant produces, in no particular
// order: it reads the workers' queues round-robin without waiting, and
// when none has a batch ready it runs the subplan itself for one batch
// (parallel_leader_participation, or whenever no worker was launched);
// with nothing to do it sleeps until a worker sends or finishes. A Single
// Copy Gather leaves the subplan to its one worker when it got one.
//
// Contract: the batch returned stays valid until the next Exec; the node
// is not parallel-safe itself (Gathers never nest); Shutdown, End and
// ReScan stop and wait for all workers.

package executor

import (
	"context"

	"github.com/loomdb/loomdb/internal/parallel"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/plannodes"
	"github.com/loomdb/loomdb/internal/vector"
)

// GatherState is the run-time state of a Gather.
type GatherState struct {
	plan  *plannodes.Gather
	es    *EState
	child PlanState

	initialized bool
	px          *parallelExec
	// readers are the queues of workers still sending; next is where the
	// round-robin read resumes.
	readers []int
	next    int
	// local says the leader runs the subplan; localDone that it finished.
	local, localDone bool
	// last is the worker batch returned by the previous Exec and its
	// queue, handed back at the next call.
	last      *vector.Batch
	lastQueue *parallel.TupleQueue
	// bound is the number of rows the consumer needs (0: all).
	bound int64
	// Launched is the number of workers launched ("Workers Launched"),
	// summed over the launches of all rescans.
	Launched int
}

var _ gatherNode = (*GatherState)(nil)

func initGather(p *plannodes.Gather, es *EState) (*GatherState, error) {
	child, err := ExecInitNode(p.Lefttree, es)
	if err != nil {
		return nil, err
	}
	return &GatherState{plan: p, es: es, child: child}, nil
}

func (s *GatherState) childStates() []PlanState { return []PlanState{s.child} }

// SetBound tells the node that only the first n rows will be read; each
// participant then needs at most n rows of its own.
func (s *GatherState) SetBound(n int64) { s.bound = n }

// Plan returns the node's plan.
func (s *GatherState) Plan() plannodes.Plan { return s.plan }

// start sets up the shared state and launches the workers.
func (s *GatherState) start(ctx context.Context) error {
	s.initialized = true
	var err error
	if s.px, err = startParallel(ctx, s.es, s.child, s.plan.Lefttree, s.plan.NumWorkers, s.bound, s.plan.InitParam); err != nil {
		return err
	}
	s.Launched += s.px.launched()
	s.readers = s.readers[:0]
	for i := 0; i < s.px.launched(); i++ {
		s.readers = append(s.readers, i)
	}
	s.next = 0
	s.local = len(s.readers) == 0 || (!s.plan.SingleCopy && s.es.ParallelLeaderParticipation)
	s.localDone = false
	return nil
}

// Exec returns the next batch from any participant.
func (s *GatherState) Exec(ctx context.Context) (*vector.Batch, error) {
	if !s.initialized {
		if err := s.start(ctx); err != nil {
			return nil, err
		}
	}
	if s.lastQueue != nil {
		s.lastQueue.Release(s.last)
		s.last, s.lastQueue = nil, nil
	}
	for {
		if len(s.readers) > 0 {
			b, err := s.readWorkers()
			if err != nil {
				s.Shutdown()
				return nil, err
			}
			if b != nil {
				return b, nil
			}
		}
		if s.local && !s.localDone {
			b, err := s.child.Exec(ctx)
			if err != nil {
				s.Shutdown()
				return nil, err
			}
			if b != nil {
				return b, nil
			}
			s.localDone = true
			continue
		}
		if len(s.readers) == 0 {
			s.Shutdown()
			return nil, nil
		}
		if err := s.px.latch.Wait(ctx); err != nil {
			s.Shutdown()
			return nil, pgerror.Convert(err)
		}
	}
}

// readWorkers returns a batch from the first worker queue, round-robin,
// that has one ready; nil when none has. A worker that finished is
// dropped, and its error, if any, returned.
func (s *GatherState) readWorkers() (*vector.Batch, error) {
	for tries := len(s.readers); tries > 0 && len(s.readers) > 0; tries-- {
		if s.next >= len(s.readers) {
			s.next = 0
		}
		w := s.readers[s.next]
		q := s.px.queues[w]
		b, done := q.TryReceive()
		if b != nil {
			s.next++
			s.last, s.lastQueue = b, q
			return b, nil
		}
		if done {
			if err := s.px.workerError(w); err != nil {
				return nil, err
			}
			s.readers = append(s.readers[:s.next], s.readers[s.next+1:]...)
			continue
		}
		s.next++
	}
	return nil, nil
}

// Shutdown stops and waits for the workers, keeping their figures (PG:
// ExecShutdownGather).
func (s *GatherState) Shutdown() {
	if s.px != nil {
		s.px.shutdown()
		s.px = nil
	}
	s.readers = s.readers[:0]
	s.last, s.lastQueue = nil, nil
}

// ReScan stops the workers; the next Exec starts the subplan over with a
// new launch.
func (s *GatherState) ReScan(ctx context.Context) error {
	s.Shutdown()
	s.initialized = false
	return s.child.ReScan(ctx)
}

// End stops the workers and ends the leader's subplan.
func (s *GatherState) End() error {
	s.Shutdown()
	return s.child.End()
}
