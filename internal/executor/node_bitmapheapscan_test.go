// Tests of Parallel Bitmap Heap Scan over a fake index and heap: with two
// workers under a Gather each row comes back exactly once, the bitmap is
// built once and every page read by one participant; a failed, panicking
// or cancelled build never leaves the other participants waiting.
package executor

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/loomdb/loomdb/internal/access/nbtree"
	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/catalog"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/parallel"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/plannodes"
	"github.com/loomdb/loomdb/internal/storage"
	"github.com/loomdb/loomdb/internal/types"
	"github.com/loomdb/loomdb/internal/vector"
)

// bitmapTestAccess is a table of one int8 column whose row at TID (b, o)
// holds b*1000+o, with an index that returns tids. When gate is set, the
// index scan signals started and then waits for gate: a nil error goes
// on, another fails the scan; panicScan makes it panic instead.
type bitmapTestAccess struct {
	rel       *catalog.Relation
	tids      []table.TID
	started   chan struct{}
	gate      chan error
	panicScan bool
	mu        sync.Mutex
	scans     int
}

func newBitmapTestAccess(pages, perPage int) *bitmapTestAccess {
	a := &bitmapTestAccess{rel: &catalog.Relation{Oid: 1, Name: "t", Columns: []catalog.Column{{Name: "v", AttNum: 1, Type: types.TInt8}}, ParallelWorkers: -1}}
	// The index returns the TIDs out of physical order.
	for o := perPage; o >= 1; o-- {
		for b := pages - 1; b >= 0; b-- {
			a.tids = append(a.tids, table.TID{Block: uint32(b), Offset: uint16(o)})
		}
	}
	return a
}

func (a *bitmapTestAccess) Relation(types.Oid) (*catalog.Relation, error) { return a.rel, nil }
func (a *bitmapTestAccess) BeginScan(*catalog.Relation, []int) (TableScan, error) {
	return nil, pgerror.Internal("no sequential scans here")
}
func (a *bitmapTestAccess) NewInserter(*catalog.Relation) (TableInserter, error) {
	return nil, pgerror.Internal("no inserts here")
}
func (a *bitmapTestAccess) BeginIndexScan(*catalog.Relation, types.Oid, []nbtree.ScanKey, nbtree.ScanOptions) (IndexScanDesc, error) {
	a.mu.Lock()
	a.scans++
	a.mu.Unlock()
	return &fakeIndexScan{a: a}, nil
}
func (a *bitmapTestAccess) FetchRow(_ *catalog.Relation, tid table.TID) ([]types.Datum, bool, error) {
	return []types.Datum{int64(tid.Block)*1000 + int64(tid.Offset)}, true, nil
}

func (a *bitmapTestAccess) indexScans() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.scans
}

type fakeIndexScan struct {
	a    *bitmapTestAccess
	done bool
}

func (s *fakeIndexScan) Next(ctx context.Context, _ *vector.Batch) (bool, error) {
	if s.done {
		return false, nil
	}
	s.done = true
	if s.a.started != nil {
		close(s.a.started)
	}
	if s.a.gate != nil {
		select {
		case err := <-s.a.gate:
			if err != nil {
				return false, err
			}
		case <-ctx.Done():
			return false, ctx.Err()
		}
	}
	if s.a.panicScan {
		panic("index scan exploded")
	}
	return true, nil
}
func (s *fakeIndexScan) TIDs() []table.TID          { return s.a.tids }
func (s *fakeIndexScan) Usage() storage.BufferUsage { return storage.BufferUsage{} }
func (s *fakeIndexScan) End()                       {}
func (s *fakeIndexScan) Rescan([]nbtree.ScanKey) error {
	s.done = false
	return nil
}

// parallelBitmapPlan is Gather -> Parallel Bitmap Heap Scan -> Bitmap
// Index Scan over the test table.
func parallelBitmapPlan() (*plannodes.Gather, *plannodes.BitmapHeapScan) {
	bis := &plannodes.BitmapIndexScan{ScanRelID: 1, RelOid: 1, IndexOid: 2, IndexName: "t_v"}
	bis.PlanNodeID = 2
	bhs := &plannodes.BitmapHeapScan{ScanRelID: 1, RelOid: 1, RelName: "t", Alias: "t"}
	bhs.PlanNodeID = 1
	bhs.ParallelAware = true
	bhs.Lefttree = bis
	bhs.TargetList = []*nodes.TargetEntry{{Expr: &nodes.Var{VarNo: 1, AttNo: 1, Type: types.TInt8, Location: -1}, ResNo: 1}}
	g := &plannodes.Gather{NumWorkers: 2}
	g.PlanNodeID = 0
	g.Lefttree = bhs
	g.TargetList = passThrough(bhs)
	return g, bhs
}

func parallelES(tables TableAccess) *EState {
	return &EState{Tables: tables, WorkMemKB: 4096, Workers: parallel.NewPool(8), MaxParallelWorkers: 8,
		ParallelLeaderParticipation: true, UseParallelMode: true}
}

func wantBitmapRows(a *bitmapTestAccess) []string {
	var out []string
	for _, t := range a.tids {
		out = append(out, fmt.Sprint(int64(t.Block)*1000+int64(t.Offset)))
	}
	sort.Strings(out)
	return out
}

// TestParallelBitmapHeapScan runs the scan with two workers several
// times: every row comes back exactly once, the index is scanned once per
// run, and the participants' pages add up to the bitmap's.
func TestParallelBitmapHeapScan(t *testing.T) {
	const pages = 300
	a := newBitmapTestAccess(pages, 40)
	want := wantBitmapRows(a)
	for run := 0; run < 10; run++ {
		g, bhs := parallelBitmapPlan()
		es := parallelES(a)
		es.Instrument = true
		before := a.indexScans()
		ps, err := ExecInitNode(g, es)
		if err != nil {
			t.Fatal(err)
		}
		got, err := drain(t, ps)
		if err != nil {
			t.Fatal(err)
		}
		gs := ps.(*InstrumentedState).PlanState.(*GatherState)
		if err := ps.End(); err != nil {
			t.Fatal(err)
		}
		sort.Strings(got)
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Fatalf("run %d: %d rows, want each of %d exactly once", run, len(got), len(want))
		}
		if n := a.indexScans() - before; n != 1 {
			t.Fatalf("run %d: the index was scanned %d times", run, n)
		}
		if gs.Launched != 2 {
			t.Fatalf("run %d: %d workers launched", run, gs.Launched)
		}
		leader := gs.child.(*InstrumentedState)
		pagesRead := leader.PlanState.(*BitmapHeapScanState).ExactPages
		rows := leader.Instr.Rows
		for _, w := range es.WorkerInstrumentation(bhs.PlanNodeID) {
			pagesRead += w.State.(*BitmapHeapScanState).ExactPages
			rows += w.Instr.Rows
		}
		if pagesRead != pages || int(rows) != len(want) {
			t.Fatalf("run %d: participants read %d pages and %v rows, want %d and %d", run, pagesRead, rows, pages, len(want))
		}
		loops := leader.Children()[0].(*InstrumentedState).Instr.Loops
		for _, w := range es.WorkerInstrumentation(bhs.Lefttree.PlanHeader().PlanNodeID) {
			loops += w.Instr.Loops
		}
		if loops != 1 {
			t.Fatalf("run %d: the Bitmap Index Scan ran %d times", run, loops)
		}
	}
}

// TestParallelBitmapHeapScanAlone runs a parallel-aware scan with no
// Gather having set up shared state: it reads the whole bitmap itself.
func TestParallelBitmapHeapScanAlone(t *testing.T) {
	a := newBitmapTestAccess(7, 3)
	_, bhs := parallelBitmapPlan()
	got, err := run(t, bhs, &EState{Tables: a, WorkMemKB: 4096})
	if err != nil {
		t.Fatal(err)
	}
	// In physical order.
	sorted := append([]string(nil), got...)
	sort.Slice(sorted, func(i, j int) bool {
		return len(sorted[i]) < len(sorted[j]) || (len(sorted[i]) == len(sorted[j]) && sorted[i] < sorted[j])
	})
	if strings.Join(got, ",") != strings.Join(sorted, ",") || len(got) != 21 {
		t.Fatalf("rows %v", got)
	}
}

// participants sets up a leader's and a worker's scan state over one
// launch's shared state, as a Gather does.
func participants(t *testing.T, a *bitmapTestAccess) (leader, worker *BitmapHeapScanState) {
	t.Helper()
	_, bhs := parallelBitmapPlan()
	es := parallelES(a)
	reg := parallel.NewRegistry(1)
	lps, err := ExecInitNode(bhs, es)
	if err != nil {
		t.Fatal(err)
	}
	leader = lps.(*BitmapHeapScanState)
	if err := leader.InitializeShared(reg); err != nil {
		t.Fatal(err)
	}
	wps, err := ExecInitNode(bhs, es.workerEState(reg))
	if err != nil {
		t.Fatal(err)
	}
	worker = wps.(*BitmapHeapScanState)
	if err := worker.AttachWorker(reg); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = leader.End(); _ = worker.End() })
	return leader, worker
}

// execAsync runs one Exec of s in a goroutine, a panic turned into an
// error.
func execAsync(ctx context.Context, s PlanState) <-chan error {
	c := make(chan error, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				c <- fmt.Errorf("panic: %v", r)
			}
		}()
		_, err := s.Exec(ctx)
		c <- err
	}()
	return c
}

func waitErr(t *testing.T, what string, c <-chan error) error {
	t.Helper()
	select {
	case err := <-c:
		return err
	case <-time.After(5 * time.Second):
		t.Fatalf("%s hangs", what)
		return nil
	}
}

// TestParallelBitmapHeapScanBuildError fails the build in the elected
// worker while the leader waits: the leader gets the worker's error, with
// the "parallel worker" context PostgreSQL reports it under.
func TestParallelBitmapHeapScanBuildError(t *testing.T) {
	a := newBitmapTestAccess(5, 5)
	a.started, a.gate = make(chan struct{}), make(chan error, 1)
	leader, worker := participants(t, a)
	ctx := context.Background()
	wc := execAsync(ctx, worker)
	<-a.started
	lc := execAsync(ctx, leader)
	select {
	case err := <-lc:
		t.Fatalf("the leader did not wait for the build: %v", err)
	case <-time.After(20 * time.Millisecond):
	}
	a.gate <- pgerror.New(pgerror.DivisionByZero, "division by zero")
	werr := waitErr(t, "the elected worker", wc)
	lerr := waitErr(t, "the waiting leader", lc)
	if errText(werr) != "22012 division by zero" {
		t.Fatalf("worker error %v", werr)
	}
	pe, ok := pgerror.As(lerr)
	if !ok || pe.Code != "22012" || pe.Context != "parallel worker" {
		t.Fatalf("leader error %#v", lerr)
	}
	if a.indexScans() != 1 {
		t.Fatalf("%d index scans", a.indexScans())
	}
}

// TestParallelBitmapHeapScanBuildPanic panics in the elected leader's
// build while a worker waits: the worker gets an error instead of waiting
// forever.
func TestParallelBitmapHeapScanBuildPanic(t *testing.T) {
	a := newBitmapTestAccess(5, 5)
	a.started, a.gate = make(chan struct{}), make(chan error)
	leader, worker := participants(t, a)
	ctx := context.Background()
	a.panicScan = true
	lc := execAsync(ctx, leader)
	<-a.started
	wc := execAsync(ctx, worker)
	time.Sleep(10 * time.Millisecond)
	a.gate <- nil
	if err := waitErr(t, "the elected leader", lc); err == nil || !strings.Contains(err.Error(), "index scan exploded") {
		t.Fatalf("leader error %v", err)
	}
	if err := waitErr(t, "the waiting worker", wc); err == nil || !strings.Contains(err.Error(), "did not complete") {
		t.Fatalf("worker error %v", err)
	}
}

// TestParallelBitmapHeapScanCancel cancels a participant waiting for the
// build: it returns at once; the builder, cancelled too, returns as well.
func TestParallelBitmapHeapScanCancel(t *testing.T) {
	a := newBitmapTestAccess(5, 5)
	a.started, a.gate = make(chan struct{}), make(chan error)
	leader, worker := participants(t, a)
	lctx, lcancel := context.WithCancel(context.Background())
	defer lcancel()
	wctx, wcancel := context.WithCancel(context.Background())
	defer wcancel()
	lc := execAsync(lctx, leader)
	<-a.started
	wc := execAsync(wctx, worker)
	wcancel()
	if err := waitErr(t, "the cancelled waiter", wc); pgCode(err) != pgerror.QueryCanceled {
		t.Fatalf("waiter error %v", err)
	}
	lcancel()
	if err := waitErr(t, "the cancelled builder", lc); err == nil {
		t.Fatal("the builder got no error")
	}
	// A waiter arriving after the failed build is not left waiting.
	if err := waitErr(t, "a late waiter", execAsync(context.Background(), worker)); !errors.Is(err, context.Canceled) {
		t.Fatalf("late waiter error %v", err)
	}
}

func pgCode(err error) string {
	if pe, ok := pgerror.As(err); ok {
		return pe.Code
	}
	return ""
}
