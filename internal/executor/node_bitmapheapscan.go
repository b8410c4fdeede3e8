// node_bitmapheapscan.go implements Bitmap Heap Scan: it gets the TID
// bitmap from its child once per scan, then fetches those rows page by
// page in physical order, keeping the ones the snapshot sees and the quals
// accept. The bitmap is exact, so the index conditions need no recheck.
//
// In parallel (Parallel Bitmap Heap Scan, PG: nodeBitmapHeapscan.c with a
// ParallelBitmapHeapState) the participants below a Gather share one
// bitmap: the leader creates the shared state in InitializeShared and each
// worker attaches to it. The first participant to need the bitmap is
// elected to build it by running the bitmap index scans below (so they run
// once, in that participant alone); the others wait for it, watching their
// context. Then every participant takes the bitmap's pages one at a time
// from a shared iterator, so each page is read by exactly one participant.
// If the build fails, the waiters return its error instead of waiting
// forever. A parallel-aware scan run without a Gather having set it up
// (the leader running alone) builds and reads the whole bitmap itself.

package executor

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/catalog"
	"github.com/loomdb/loomdb/internal/expr"
	"github.com/loomdb/loomdb/internal/parallel"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/plannodes"
	"github.com/loomdb/loomdb/internal/storage"
	"github.com/loomdb/loomdb/internal/types"
	"github.com/loomdb/loomdb/internal/vector"
)

// BitmapHeapScanState is the run-time state of a BitmapHeapScan.
type BitmapHeapScanState struct {
	plan  *plannodes.BitmapHeapScan
	es    *EState
	ia    IndexAccess
	rel   *catalog.Relation
	child PlanState
	// fetcher reads the rows of the bitmap's TIDs; usage holds the heap
	// accesses of fetchers ended.
	fetcher rowFetcher
	usage   storage.BufferUsage
	// par is the shared state of a parallel scan; nil when the scan is
	// not parallel aware or runs without a Gather's setup.
	par *bitmapHeapShared
	// iter hands out the bitmap's pages: this participant's own over a
	// private bitmap, or par's shared one.
	iter *bitmapPageIterator
	// page holds the TIDs of the page being read; pos is the next one.
	page  []table.TID
	pos   int
	batch *vector.Batch
	quals []*expr.ExprState
	proj  *projection
	ectx  *expr.Context
	sel   []int
	// Filtered counts rows removed by the qual; ExactPages the heap pages
	// this participant visited (EXPLAIN ANALYZE "Heap Blocks", the
	// leader's figure as PostgreSQL 15 shows it).
	Filtered   float64
	ExactPages int64
}

var (
	_ ParallelAware       = (*BitmapHeapScanState)(nil)
	_ BufferUsageReporter = (*BitmapHeapScanState)(nil)
)

// bitmapPageIterator returns a bitmap's pages in physical order (PG:
// TBMIterator and, shared by the participants, TBMSharedIterator).
type bitmapPageIterator struct {
	tids []table.TID
	// starts[i] is where page i's TIDs begin in tids; the last entry is
	// len(tids).
	starts []int
	// next is the number of pages handed out.
	next atomic.Int64
}

func newBitmapPageIterator(bm *TIDBitmap) *bitmapPageIterator {
	it := &bitmapPageIterator{tids: bm.tids}
	for i, t := range bm.tids {
		if i == 0 || t.Block != bm.tids[i-1].Block {
			it.starts = append(it.starts, i)
		}
	}
	it.starts = append(it.starts, len(bm.tids))
	return it
}

// nextPage claims the next page and returns its TIDs; nil when every page
// has been handed out. It is safe for concurrent use (PG:
// tbm_shared_iterate).
func (it *bitmapPageIterator) nextPage() []table.TID {
	i := int(it.next.Add(1) - 1)
	if i >= len(it.starts)-1 {
		return nil
	}
	return it.tids[it.starts[i]:it.starts[i+1]]
}

// Build states of a parallel bitmap heap scan's shared bitmap (PG:
// SharedBitmapState).
const (
	bmInitial = iota
	bmInProgress
	bmFinished
	bmFailed
)

// bitmapHeapShared is the shared state of one launch of a Parallel Bitmap
// Heap Scan (PG: ParallelBitmapHeapState).
type bitmapHeapShared struct {
	mu    sync.Mutex
	state int
	// built is closed when the build finishes or fails.
	built chan struct{}
	// iter is the shared page iterator (once finished); err the build's
	// error and byWorker whether a worker was building (once failed).
	iter     *bitmapPageIterator
	err      error
	byWorker bool
}

func newBitmapHeapShared() *bitmapHeapShared {
	return &bitmapHeapShared{built: make(chan struct{})}
}

// shouldBuild reports whether the caller is elected to build the bitmap:
// the first participant to ask is; the others wait until it is done and
// get its error if it failed (PG: BitmapShouldInitializeSharedState).
func (sh *bitmapHeapShared) shouldBuild(ctx context.Context, isWorker bool) (bool, error) {
	sh.mu.Lock()
	if sh.state == bmInitial {
		sh.state = bmInProgress
		sh.byWorker = isWorker
		sh.mu.Unlock()
		return true, nil
	}
	sh.mu.Unlock()
	select {
	case <-sh.built:
	case <-ctx.Done():
		return false, pgerror.Convert(ctx.Err())
	}
	if sh.state == bmFailed {
		if !isWorker && sh.byWorker {
			// The leader reports a worker's error as PostgreSQL does.
			pe := *pgerror.Convert(sh.err)
			return false, pe.WithContext("parallel worker")
		}
		return false, sh.err
	}
	return false, nil
}

// finish records the outcome of the elected participant's build and wakes
// the waiters (PG: BitmapDoneInitializingSharedState).
func (sh *bitmapHeapShared) finish(it *bitmapPageIterator, err error) {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if sh.state != bmInProgress {
		return
	}
	if err != nil {
		sh.state, sh.err = bmFailed, err
	} else {
		sh.state, sh.iter = bmFinished, it
	}
	close(sh.built)
}

func initBitmapHeapScan(p *plannodes.BitmapHeapScan, es *EState) (*BitmapHeapScanState, error) {
	s := &BitmapHeapScanState{plan: p, es: es, ectx: es.exprContext()}
	var err error
	if s.ia, err = indexAccess(es); err != nil {
		return nil, err
	}
	if s.rel, err = es.Tables.Relation(p.RelOid); err != nil {
		return nil, err
	}
	ts := make([]types.T, len(s.rel.Columns), len(s.rel.Columns)+1)
	for i, c := range s.rel.Columns {
		ts[i] = c.Type
	}
	used := map[int]bool{}
	cols := usedColumns(tableColumns(p.ScanRelID, len(ts)), used)
	s.batch = vector.NewBatch(append(ts, types.TTid), vector.BatchSize)
	if s.quals, err = compileScanQuals(es, p.ScanRelID, p.Qual, cols); err != nil {
		return nil, err
	}
	if s.proj, err = newProjection(p.TargetList, cols); err != nil {
		return nil, err
	}
	s.fetcher = rowFetcher{ia: s.ia, rel: s.rel, cols: fetchColumns(len(ts), used)}
	if s.child, err = ExecInitNode(p.Lefttree, es); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *BitmapHeapScanState) childStates() []PlanState { return []PlanState{s.child} }

// Plan returns the node's plan.
func (s *BitmapHeapScanState) Plan() plannodes.Plan { return s.plan }

// InitializeShared creates the shared bitmap state of a launch and
// rewinds the leader's part of the scan.
func (s *BitmapHeapScanState) InitializeShared(reg *parallel.Registry) error {
	if !s.plan.ParallelAware {
		return nil
	}
	s.par = newBitmapHeapShared()
	reg.Put(s.plan.PlanNodeID, s.par)
	s.rewind()
	return nil
}

// AttachWorker makes a worker's scan use the shared bitmap state.
func (s *BitmapHeapScanState) AttachWorker(reg *parallel.Registry) error {
	if !s.plan.ParallelAware {
		return nil
	}
	v, ok := reg.Get(s.plan.PlanNodeID)
	if !ok {
		return pgerror.Internal("no shared state for parallel bitmap heap scan node %d", s.plan.PlanNodeID)
	}
	sh, ok := v.(*bitmapHeapShared)
	if !ok {
		return pgerror.Internal("unexpected shared state %T for parallel bitmap heap scan node %d", v, s.plan.PlanNodeID)
	}
	s.par = sh
	s.rewind()
	return nil
}

// rewind forgets the participant's position; the next Exec gets the
// bitmap again.
func (s *BitmapHeapScanState) rewind() {
	s.iter, s.page, s.pos = nil, nil, 0
}

// startIterate gets the page iterator: over a bitmap of its own, or, in
// parallel, over the shared bitmap, which this participant builds if it
// is elected and otherwise waits for.
func (s *BitmapHeapScanState) startIterate(ctx context.Context) error {
	sh := s.par
	if sh == nil {
		bm, err := multiExec(ctx, s.child)
		if err != nil {
			return err
		}
		s.iter = newBitmapPageIterator(bm)
		return nil
	}
	elected, err := sh.shouldBuild(ctx, s.es.isWorker)
	if err != nil {
		return err
	}
	if elected {
		if err := s.buildShared(ctx, sh); err != nil {
			return err
		}
	}
	s.iter = sh.iter
	return nil
}

// buildShared runs the bitmap index scans and publishes the bitmap; a
// failure, a panic included, is published too, so that no participant
// waits for a bitmap that will never come.
func (s *BitmapHeapScanState) buildShared(ctx context.Context, sh *bitmapHeapShared) (err error) {
	done := false
	defer func() {
		if !done {
			sh.finish(nil, pgerror.Internal("parallel bitmap heap scan build did not complete"))
		}
	}()
	bm, err := multiExec(ctx, s.child)
	done = true
	if err != nil {
		sh.finish(nil, err)
		return err
	}
	sh.finish(newBitmapPageIterator(bm), nil)
	return nil
}

// Exec returns the next batch of qualifying rows.
func (s *BitmapHeapScanState) Exec(ctx context.Context) (*vector.Batch, error) {
	s.ectx.Ctx = ctx
	if s.iter == nil {
		if err := s.startIterate(ctx); err != nil {
			return nil, err
		}
	}
	for {
		if err := ctx.Err(); err != nil {
			return nil, pgerror.Convert(err)
		}
		s.batch.Reset()
		for s.batch.N < vector.BatchSize {
			if s.pos >= len(s.page) {
				if s.page = s.iter.nextPage(); s.page == nil {
					break
				}
				s.pos = 0
				s.ExactPages++
			}
			tid := s.page[s.pos]
			_, err := s.fetcher.fetch(tid, s.batch)
			s.pos++
			if err != nil {
				return nil, err
			}
		}
		if s.batch.N == 0 && s.page == nil {
			return nil, nil
		}
		removed, err := qualFilter(s.ectx, s.quals, s.batch, &s.sel)
		if err != nil {
			return nil, err
		}
		s.Filtered += float64(removed)
		if s.batch.Len() == 0 {
			continue
		}
		return s.proj.project(s.ectx, s.batch)
	}
}

// ReScan forgets the bitmap; the next Exec builds it again. A parallel
// scan gets new shared state from the Gather above when it relaunches.
func (s *BitmapHeapScanState) ReScan(ctx context.Context) error {
	s.fetcher.reset()
	s.rewind()
	return s.child.ReScan(ctx)
}

// BufferUsage returns the heap buffer accesses so far.
func (s *BitmapHeapScanState) BufferUsage() storage.BufferUsage {
	u := s.usage
	u.Add(s.fetcher.usage())
	return u
}

// End releases the fetched page and ends the child.
func (s *BitmapHeapScanState) End() error {
	s.fetcher.end(&s.usage)
	if s.child != nil {
		return s.child.End()
	}
	return nil
}
