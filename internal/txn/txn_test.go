package txn

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/loomdb/loomdb/internal/pgerror"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// fakeLog records what the Manager asks of the log.
type fakeLog struct {
	mu      sync.Mutex
	commits []XID
	aborts  []XID
	nextXid []XID
	dropped []PendingDelete
}

func (l *fakeLog) LogCommit(xid XID, subxids []XID, drops []PendingDelete) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.commits = append(l.commits, xid)
	return nil
}

func (l *fakeLog) LogAbort(xid XID, subxids []XID, drops []PendingDelete) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.aborts = append(l.aborts, xid)
	return nil
}

func (l *fakeLog) LogNextXID(next XID) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.nextXid = append(l.nextXid, next)
	return nil
}

func (l *fakeLog) DropFiles(drops []PendingDelete) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.dropped = append(l.dropped, drops...)
}

func newManager(t *testing.T) (*Manager, *fakeLog) {
	l := &fakeLog{}
	m, err := NewManager(t.TempDir(), l, true)
	if err != nil {
		t.Fatal(err)
	}
	return m, l
}

func TestSnapshotContents(t *testing.T) {
	m, _ := newManager(t)
	a := m.Begin(ReadCommitted)
	b := m.Begin(ReadCommitted)
	c := m.Begin(ReadCommitted)
	xa, xb, xc := a.AssignXID(), b.AssignXID(), c.AssignXID()
	if xa != FirstNormalXID || xb != xa+1 || xc != xb+1 {
		t.Fatalf("xids %d %d %d", xa, xb, xc)
	}
	if err := b.Commit(); err != nil {
		t.Fatal(err)
	}
	s := c.StatementSnapshot()
	if s.Xmin != xa || s.Xmax != xc+1 || len(s.Xip) != 1 || s.Xip[0] != xa {
		t.Fatalf("snapshot %+v", s)
	}
	if !s.XidInProgress(xa) || s.XidInProgress(xb) || !s.XidInProgress(xc+5) {
		t.Fatal("XidInProgress")
	}
	if !s.IsCurrentXID(xc) || s.IsCurrentXID(xa) {
		t.Fatal("IsCurrentXID")
	}
	if m.Status(xb) != StatusCommitted || m.Status(xa) != StatusInProgress {
		t.Fatal("status")
	}
	a.Abort()
	if m.Status(xa) != StatusAborted {
		t.Fatal("aborted status")
	}
	c.Commit()
}

func TestRepeatableReadKeepsSnapshot(t *testing.T) {
	m, _ := newManager(t)
	rr := m.Begin(RepeatableRead)
	rc := m.Begin(ReadCommitted)
	s1, r1 := rr.StatementSnapshot(), rc.StatementSnapshot()
	w := m.Begin(ReadCommitted)
	x := w.AssignXID()
	w.Commit()
	s2, r2 := rr.StatementSnapshot(), rc.StatementSnapshot()
	if !s2.XidInProgress(x) || s2.Xmax != s1.Xmax {
		t.Fatal("repeatable read snapshot changed")
	}
	if r2.XidInProgress(x) || !r1.XidInProgress(x) {
		t.Fatal("read committed did not take a new snapshot")
	}
	rr.Commit()
	rc.Commit()
}

func TestCommandCounterIncrement(t *testing.T) {
	m, _ := newManager(t)
	tx := m.Begin(RepeatableRead)
	tx.CommandCounterIncrement()
	if tx.CurCID() != 0 {
		t.Fatal("unused command id was consumed")
	}
	if cid, err := tx.UseCID(); err != nil || cid != 0 {
		t.Fatal(cid, err)
	}
	tx.CommandCounterIncrement()
	if tx.CurCID() != 1 {
		t.Fatalf("cid %d after used command", tx.CurCID())
	}
	if s := tx.StatementSnapshot(); s.CurCID != 1 {
		t.Fatalf("statement snapshot curcid %d", s.CurCID)
	}
	tx.Commit()
}

func TestComboCIDs(t *testing.T) {
	m, _ := newManager(t)
	tx := m.Begin(ReadCommitted)
	c1 := tx.ComboCID(0, 3)
	c2 := tx.ComboCID(1, 3)
	if c1 == c2 || tx.ComboCID(0, 3) != c1 {
		t.Fatal("combo ids not unique per pair")
	}
	if cmin, cmax, ok := tx.ComboCIDLookup(c2); !ok || cmin != 1 || cmax != 3 {
		t.Fatal("lookup")
	}
	if _, _, ok := tx.ComboCIDLookup(99); ok {
		t.Fatal("unknown combo id found")
	}
	tx.Abort()
}

func TestOldestXmin(t *testing.T) {
	m, _ := newManager(t)
	reader := m.Begin(RepeatableRead)
	w1 := m.Begin(ReadCommitted)
	x1 := w1.AssignXID()
	reader.StatementSnapshot() // sees x1 running
	w1.Commit()
	w2 := m.Begin(ReadCommitted)
	w2.AssignXID()
	w2.Commit()
	if got := m.OldestXmin(); got != x1 {
		t.Fatalf("OldestXmin %d, want %d (the reader's snapshot xmin)", got, x1)
	}
	reader.Commit()
	if got := m.OldestXmin(); got != m.NextXID() {
		t.Fatalf("OldestXmin %d with nothing running, want next xid %d", got, m.NextXID())
	}
}

func TestReadOnlyCommitWritesNothing(t *testing.T) {
	m, l := newManager(t)
	tx := m.Begin(ReadCommitted)
	tx.StatementSnapshot()
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if len(l.commits) != 0 {
		t.Fatal("read-only commit logged")
	}
	if err := tx.Commit(); pgerror.CodeOf(err) != pgerror.InvalidTransactionState {
		t.Fatalf("second commit: %v", err)
	}
}

func TestPendingDeletes(t *testing.T) {
	m, l := newManager(t)
	tx := m.Begin(ReadCommitted)
	tx.AddPendingDelete(PendingDelete{DbOid: 1, RelNumber: 100, AtCommit: false})
	tx.AddPendingDelete(PendingDelete{DbOid: 1, RelNumber: 200, AtCommit: true})
	if tx.XID() == InvalidXID {
		t.Fatal("a drop at commit must assign an xid")
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if len(l.dropped) != 1 || l.dropped[0].RelNumber != 200 {
		t.Fatalf("dropped %v", l.dropped)
	}
	l.dropped = nil
	tx = m.Begin(ReadCommitted)
	tx.AddPendingDelete(PendingDelete{DbOid: 1, RelNumber: 300, AtCommit: false})
	tx.Abort()
	if len(l.dropped) != 1 || l.dropped[0].RelNumber != 300 {
		t.Fatalf("dropped at abort %v", l.dropped)
	}
	ended := false
	tx = m.Begin(ReadCommitted)
	tx.OnEnd(func(committed bool) { ended = !committed })
	tx.Abort()
	if !ended {
		t.Fatal("OnEnd not run")
	}
}

func TestWaitForXIDAndDeadlock(t *testing.T) {
	m, _ := newManager(t)
	a, b := m.Begin(ReadCommitted), m.Begin(ReadCommitted)
	xa, xb := a.AssignXID(), b.AssignXID()
	done := make(chan error, 1)
	go func() { done <- m.WaitForXID(context.Background(), a, xb) }()
	time.Sleep(20 * time.Millisecond)
	// b waiting for a closes the cycle.
	err := m.WaitForXID(context.Background(), b, xa)
	if pgerror.CodeOf(err) != pgerror.DeadlockDetected {
		t.Fatalf("got %v", err)
	}
	b.Abort()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	// Waiting for a finished transaction returns at once; cancellation is honoured.
	if err := m.WaitForXID(context.Background(), a, xb); err != nil {
		t.Fatal(err)
	}
	c := m.Begin(ReadCommitted)
	c.AssignXID()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := m.WaitForXID(ctx, a, c.XID()); pgerror.CodeOf(err) != pgerror.QueryCanceled {
		t.Fatalf("cancelled wait: %v", err)
	}
	c.Abort()
	a.Abort()
}

func TestCLOGPersistAndAbortUnfinished(t *testing.T) {
	dir := t.TempDir()
	l := &fakeLog{}
	m, _ := NewManager(dir, l, true)
	var xs []XID
	for i := 0; i < 70000; i++ { // spans two in-memory pages
		tx := m.Begin(ReadCommitted)
		xs = append(xs, tx.AssignXID())
		if i%3 == 0 {
			tx.Abort()
		} else {
			tx.Commit()
		}
	}
	running := m.Begin(ReadCommitted)
	rx := running.AssignXID()
	if err := m.CheckPointCLOG(); err != nil {
		t.Fatal(err)
	}
	m2, err := NewManager(dir, l, true)
	if err != nil {
		t.Fatal(err)
	}
	m2.SetNextXID(rx + 1)
	m2.AbortUnfinished()
	for i, x := range xs {
		want := StatusCommitted
		if i%3 == 0 {
			want = StatusAborted
		}
		if m2.Status(x) != want {
			t.Fatalf("xid %d: %v, want %v", x, m2.Status(x), want)
		}
	}
	if m2.Status(rx) != StatusAborted {
		t.Fatal("unfinished transaction not aborted")
	}
	if len(l.nextXid) == 0 {
		t.Fatal("xid advances were not logged")
	}
	running.Abort()
}

func TestConcurrentCommitsAndSnapshots(t *testing.T) {
	m, _ := newManager(t)
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 500; i++ {
				tx := m.Begin(ReadCommitted)
				x := tx.AssignXID()
				s := tx.StatementSnapshot()
				if s.XidInProgress(x) {
					panic("own xid in snapshot")
				}
				if i%2 == 0 {
					tx.Commit()
				} else {
					tx.Abort()
				}
				_ = m.OldestXmin()
			}
		}()
	}
	wg.Wait()
	if m.OldestXmin() != m.NextXID() {
		t.Fatal("transactions left running")
	}
}
