// Package parallel holds the machinery parallel query shares between the
// leader and its workers (PG: access/transam/parallel.c, executor/tqueue.c,
// storage/ipc/shm_mq.c): the cluster-wide pool of worker slots, the
// registry through which parallel-aware plan nodes find their shared state,
// and the bounded queues that carry batches from each worker to its leader.
//
// Workers are goroutines. A Gather reserves slots from the Pool when it
// first runs and gets what is free; every blocking operation here watches
// a context, so cancelling a query stops every worker promptly.
package parallel

import "sync"

// Pool limits how many parallel workers run at once in the whole server:
// at most max_worker_processes (fixed at server start) and, per request,
// max_parallel_workers (PG: the background worker slots and
// BackgroundWorkerData's parallel_register_count/parallel_terminate_count).
type Pool struct {
	mu     sync.Mutex
	size   int
	active int
}

// NewPool returns a pool of maxWorkerProcesses worker slots.
func NewPool(maxWorkerProcesses int) *Pool { return &Pool{size: max(maxWorkerProcesses, 0)} }

// Reserve takes up to want slots, leaving at least the slots
// max_worker_processes allows free and never letting more than
// maxParallelWorkers parallel workers be active; it returns how many it
// took, possibly none. Each taken slot must be given back with Release.
func (p *Pool) Reserve(want, maxParallelWorkers int) int {
	if p == nil || want <= 0 {
		return 0
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	n := min(want, p.size-p.active, maxParallelWorkers-p.active)
	if n <= 0 {
		return 0
	}
	p.active += n
	return n
}

// Release gives back n slots taken with Reserve.
func (p *Pool) Release(n int) {
	if p == nil || n <= 0 {
		return
	}
	p.mu.Lock()
	p.active -= n
	if p.active < 0 {
		p.active = 0
	}
	p.mu.Unlock()
}

// Active returns the number of slots in use.
func (p *Pool) Active() int {
	if p == nil {
		return 0
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.active
}

// Registry maps plan node ids to the shared state of parallel-aware nodes
// for one launch of a Gather (PG: the shm_toc of a parallel DSM segment,
// keyed by plan_node_id). The leader fills it before starting workers;
// workers only read it.
type Registry struct {
	mu sync.RWMutex
	m  map[int]any
	// PlannedWorkers is the number of workers the Gather planned, which
	// sizes shared state such as a Parallel Hash's memory budget (PG:
	// pcxt->nworkers).
	PlannedWorkers int
}

// NewRegistry returns an empty registry for a Gather planning
// plannedWorkers workers.
func NewRegistry(plannedWorkers int) *Registry {
	return &Registry{m: map[int]any{}, PlannedWorkers: plannedWorkers}
}

// Put records the shared state of plan node id.
func (r *Registry) Put(id int, v any) {
	r.mu.Lock()
	r.m[id] = v
	r.mu.Unlock()
}

// Get returns the shared state of plan node id.
func (r *Registry) Get(id int) (any, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	v, ok := r.m[id]
	return v, ok
}
