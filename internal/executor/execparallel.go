// execparallel.go starts and stops the parallel workers of a Gather or
// Gather Merge (PG: executor/execParallel.c, access/transam/parallel.c).
//
// A worker is a goroutine that builds its own PlanState tree from the
// node's immutable subplan, attaches its parallel-aware nodes to the shared
// state the leader registered under their plan node ids, and sends every
// batch its plan returns through its TupleQueue. It runs with the leader's
// snapshot and settings (the statement's TableAccess and parameters). A
// worker never outlives its Gather: shutdown cancels the workers' context
// and waits for every one of them, and the Gather shuts down before it
// returns an error, on End, on ReScan, and when a Limit above it has what
// it needs. An error in a worker reaches the client with "parallel worker"
// in its context; a panic becomes an internal error there.
//
// With EXPLAIN ANALYZE each worker instruments its own tree; when it ends,
// its figures are filed under the plan node ids so that EXPLAIN can show
// totals and "Worker N:" lines.

package executor

import (
	"context"
	"log"
	"runtime/debug"
	"sort"
	"sync"

	"github.com/loomdb/loomdb/internal/parallel"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/plannodes"
	"github.com/loomdb/loomdb/internal/types"
)

// tupleQueueDepth is how many batches a worker may have sent ahead of its
// leader (PG: PARALLEL_TUPLE_QUEUE_SIZE, 64kB of tuples).
const tupleQueueDepth = 4

// ParallelAware is a node that coordinates with the other participants of
// a parallel plan through shared state (PG: the ExecXxxInitializeDSM and
// ExecXxxInitializeWorker callbacks).
type ParallelAware interface {
	// InitializeShared creates the node's shared state in reg, in the
	// leader, before any worker starts; it also rewinds the leader's own
	// part, so it serves a rescan too.
	InitializeShared(reg *parallel.Registry) error
	// AttachWorker makes a worker's node use the shared state in reg.
	AttachWorker(reg *parallel.Registry) error
}

// WorkerInstrumentation is one worker's EXPLAIN ANALYZE figures for a node.
type WorkerInstrumentation struct {
	// Number is the worker's number under its Gather, from 0.
	Number int
	Instr  Instrumentation
	// State is the worker's ended PlanState, for node-specific figures
	// (Sort Method, HashAgg memory).
	State PlanState
}

// workerStats collects the figures of every worker of a statement.
type workerStats struct {
	mu     sync.Mutex
	byNode map[int][]*WorkerInstrumentation
}

// WorkerInstrumentation returns the figures workers reported for plan node
// id, by worker number; nil when no worker ran it.
func (es *EState) WorkerInstrumentation(id int) []*WorkerInstrumentation {
	if es == nil || es.workerStats == nil {
		return nil
	}
	ws := es.workerStats
	ws.mu.Lock()
	defer ws.mu.Unlock()
	return ws.byNode[id]
}

// record files a worker's figures for its instrumented tree, adding to what
// the same worker reported for a node on an earlier launch.
func (ws *workerStats) record(number int, ps PlanState) {
	ws.mu.Lock()
	defer ws.mu.Unlock()
	var walk func(ps PlanState)
	walk = func(ps PlanState) {
		is, ok := ps.(*InstrumentedState)
		if !ok {
			return
		}
		id := is.Plan().PlanHeader().PlanNodeID
		var w *WorkerInstrumentation
		for _, x := range ws.byNode[id] {
			if x.Number == number {
				w = x
			}
		}
		if w == nil {
			w = &WorkerInstrumentation{Number: number}
			ws.byNode[id] = append(ws.byNode[id], w)
			sort.Slice(ws.byNode[id], func(i, j int) bool { return ws.byNode[id][i].Number < ws.byNode[id][j].Number })
		}
		w.Instr.Add(is.Instr)
		w.State = is.PlanState
		for _, c := range is.Children() {
			walk(c)
		}
	}
	walk(ps)
}

// Add accumulates o's figures into in (PG: InstrAggNode).
func (in *Instrumentation) Add(o *Instrumentation) {
	in.Loops += o.Loops
	in.Startup += o.Startup
	in.Total += o.Total
	in.Rows += o.Rows
	in.NFiltered1 += o.NFiltered1
	in.NFiltered2 += o.NFiltered2
	in.Buffers.Add(o.Buffers)
}

// workerEState returns the executor state of a worker: the leader's
// statement-wide state (tables, snapshot, parameters, settings) with its
// own per-participant parts.
func (es *EState) workerEState(reg *parallel.Registry) *EState {
	return &EState{
		Tables:      es.Tables,
		Params:      es.Params,
		Instrument:  es.Instrument,
		WorkMemKB:   es.WorkMemKB,
		Env:         es.Env,
		Subplans:    es.Subplans,
		execParams:  make([]execParam, len(es.execParams)),
		isWorker:    true,
		shared:      reg,
		workerStats: es.workerStats,
	}
}

// parallelExec is the workers one launch of a Gather or Gather Merge
// started (PG: ParallelExecutorInfo).
type parallelExec struct {
	pool   *parallel.Pool
	cancel context.CancelFunc
	wg     sync.WaitGroup
	latch  parallel.Latch
	queues []*parallel.TupleQueue
	// errs[i] is worker i's error, written before it closes its queue.
	errs     []error
	released bool
	// bound, when positive, is how many rows the consumer needs from each
	// participant (PG: tuples_needed), passed to a Sort at the top of the
	// subplan.
	bound int64
}

// setBound tells the top node of a participant's subplan how many rows
// will be read (PG: ExecSetTupleBound).
func setBound(ps PlanState, n int64) {
	if b, ok := unwrap(ps).(interface{ SetBound(int64) }); ok {
		// 0 (no bound) too: a relaunch may follow one that had a bound.
		b.SetBound(max(n, 0))
	}
}

// walkStates calls fn on ps and every node below it in the same
// participant's tree, instrumentation wrappers removed.
func walkStates(ps PlanState, fn func(PlanState) error) error {
	n := unwrap(ps)
	if err := fn(n); err != nil {
		return err
	}
	if _, isGather := n.(gatherNode); isGather {
		return nil
	}
	if c, ok := n.(interface{ childStates() []PlanState }); ok {
		for _, ch := range c.childStates() {
			if ch == nil {
				continue
			}
			if err := walkStates(ch, fn); err != nil {
				return err
			}
		}
	}
	return nil
}

// gatherNode is a Gather or Gather Merge.
type gatherNode interface{ Shutdown() }

// initializeShared sets up the shared state of the parallel-aware nodes of
// the leader's subtree below a Gather.
func initializeShared(child PlanState, reg *parallel.Registry) error {
	return walkStates(child, func(ps PlanState) error {
		if pa, ok := ps.(ParallelAware); ok {
			return pa.InitializeShared(reg)
		}
		return nil
	})
}

// shutdownNode stops the workers of every Gather at or below ps (PG:
// ExecShutdownNode), keeping their figures.
func shutdownNode(ps PlanState) {
	_ = walkStates(ps, func(n PlanState) error {
		if g, ok := n.(gatherNode); ok {
			g.Shutdown()
		}
		return nil
	})
}

// startParallel sets up the shared state of the parallel-aware nodes of
// the leader's subplan child, passes the consumer's row bound down, and
// launches up to want workers on sub (PG: ExecInitParallelPlan and
// LaunchParallelWorkers); it returns nil when no worker was launched.
// initParam are the InitPlan results sub reads: the leader computes them
// first and the workers receive their values (PG: ExecSetParamPlanMulti
// and SerializeParamExecParams).
func startParallel(ctx context.Context, es *EState, child PlanState, sub plannodes.Plan, want int, bound int64, initParam []int) (*parallelExec, error) {
	params := make([]passedParam, len(initParam))
	for i, id := range initParam {
		v, err := es.ExecParam(ctx, id)
		if err != nil {
			return nil, err
		}
		params[i] = passedParam{id: id, value: v}
	}
	reg := parallel.NewRegistry(want)
	if err := initializeShared(child, reg); err != nil {
		return nil, err
	}
	setBound(child, bound)
	return launchWorkers(ctx, es, sub, want, reg, bound, params), nil
}

// passedParam is an executor Param's value the leader passes to workers.
type passedParam struct {
	id    int
	value types.Datum
}

// launched returns the number of workers px runs (0 for nil).
func (px *parallelExec) launched() int {
	if px == nil {
		return 0
	}
	return len(px.queues)
}

// launchWorkers reserves up to want workers and starts them running sub;
// it returns nil when none could be had. The leader's shared state must
// already be in reg.
func launchWorkers(ctx context.Context, es *EState, sub plannodes.Plan, want int, reg *parallel.Registry, bound int64, params []passedParam) *parallelExec {
	if want <= 0 || !es.UseParallelMode || es.isWorker {
		return nil
	}
	n := es.Workers.Reserve(want, es.MaxParallelWorkers)
	if n == 0 {
		return nil
	}
	if es.workerStats == nil {
		es.workerStats = &workerStats{byNode: map[int][]*WorkerInstrumentation{}}
	}
	wctx, cancel := context.WithCancel(ctx)
	px := &parallelExec{pool: es.Workers, cancel: cancel, latch: parallel.NewLatch(), errs: make([]error, n), bound: bound}
	for i := 0; i < n; i++ {
		q := parallel.NewTupleQueue(tupleQueueDepth, px.latch)
		px.queues = append(px.queues, q)
		px.wg.Add(1)
		wes := es.workerEState(reg)
		for _, p := range params {
			wes.SetExecParam(p.id, p.value)
		}
		untrack := func() {}
		if es.TrackWorker != nil {
			untrack = es.TrackWorker()
		}
		go px.runWorker(wctx, i, sub, wes, q, untrack)
	}
	return px
}

// runWorker is a worker's life: build the plan, attach to the shared
// state, send every batch, end the plan and report its figures.
func (px *parallelExec) runWorker(ctx context.Context, number int, sub plannodes.Plan, wes *EState, q *parallel.TupleQueue, untrack func()) {
	defer px.wg.Done()
	defer untrack()
	defer q.Close()
	defer func() {
		if r := recover(); r != nil {
			log.Printf("LOG:  parallel worker panicked: %v\n%s", r, debug.Stack())
			px.errs[number] = pgerror.Internal("internal error: %v", r)
		}
	}()
	ps, err := ExecInitNode(sub, wes)
	if err != nil {
		px.errs[number] = err
		return
	}
	defer func() {
		if err := ps.End(); err != nil && px.errs[number] == nil {
			px.errs[number] = err
		}
		if wes.Instrument {
			wes.workerStats.record(number, ps)
		}
	}()
	setBound(ps, px.bound)
	err = walkStates(ps, func(n PlanState) error {
		if pa, ok := n.(ParallelAware); ok {
			return pa.AttachWorker(wes.shared)
		}
		return nil
	})
	if err != nil {
		px.errs[number] = err
		return
	}
	for {
		b, err := ps.Exec(ctx)
		if err != nil {
			if ctx.Err() == nil {
				px.errs[number] = err
			}
			return
		}
		if b == nil {
			return
		}
		if err := q.Send(ctx, b); err != nil {
			return
		}
	}
}

// workerError returns worker i's error as the client should see it.
func (px *parallelExec) workerError(i int) error {
	err := px.errs[i]
	if err == nil {
		return nil
	}
	pe := *pgerror.Convert(err)
	return pe.WithContext("parallel worker")
}

// shutdown stops every worker and waits for them, then gives their slots
// back; it is idempotent.
func (px *parallelExec) shutdown() {
	if px == nil || px.released {
		return
	}
	px.cancel()
	px.wg.Wait()
	px.pool.Release(len(px.queues))
	px.released = true
}
