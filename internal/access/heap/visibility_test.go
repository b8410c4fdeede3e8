package heap

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/storage"
	"github.com/loomdb/loomdb/internal/txn"
	"github.com/loomdb/loomdb/internal/types"
)

func mvccSetup(t *testing.T) (*storage.Storage, *table.Relation) {
	st := openStorage(t, t.TempDir(), 64)
	t.Cleanup(func() { st.Close() })
	rel := newRel(st, "mvcc", types.TInt4)
	createRel(t, st, rel)
	return st, rel
}

func ins(t *testing.T, st *storage.Storage, tx *txn.Txn, rel *table.Relation, v int) table.TID {
	t.Helper()
	tid, err := Insert(bg, st, tx, rel, []types.Datum{int64(v)})
	if err != nil {
		t.Fatal(err)
	}
	return tid
}

func committedRow(t *testing.T, st *storage.Storage, rel *table.Relation, v int) table.TID {
	t.Helper()
	tx := st.Txns().Begin(txn.ReadCommitted)
	tid := ins(t, st, tx, rel, v)
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	return tid
}

func TestOwnInsertVisibleFromNextCommand(t *testing.T) {
	st, rel := mvccSetup(t)
	tx := st.Txns().Begin(txn.ReadCommitted)
	snap := tx.StatementSnapshot()
	ins(t, st, tx, rel, 1)
	// The inserting command does not see its own row (Halloween protection).
	if n := countVisible(t, st, rel, snap); n != 0 {
		t.Fatalf("same command sees %d rows", n)
	}
	tx.CommandCounterIncrement()
	if n := countVisible(t, st, rel, tx.StatementSnapshot()); n != 1 {
		t.Fatalf("next command sees %d rows", n)
	}
	// Nobody else sees it before commit.
	other := st.Txns().Begin(txn.ReadCommitted)
	if n := countVisible(t, st, rel, other.StatementSnapshot()); n != 0 {
		t.Fatalf("other transaction sees %d uncommitted rows", n)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if n := countVisible(t, st, rel, other.StatementSnapshot()); n != 1 {
		t.Fatalf("read committed sees %d rows after commit", n)
	}
}

func TestOwnDeleteOfOwnInsertUsesComboCID(t *testing.T) {
	st, rel := mvccSetup(t)
	tx := st.Txns().Begin(txn.RepeatableRead)
	tid := ins(t, st, tx, rel, 1)
	tx.CommandCounterIncrement() // command 1
	delSnap := tx.StatementSnapshot()
	if res, err := Delete(bg, st, tx, rel, tid); err != nil || res != table.TMOk {
		t.Fatalf("delete: %v %v", res, err)
	}
	// The deleting command still sees the row; the next one does not.
	if n := countVisible(t, st, rel, delSnap); n != 1 {
		t.Fatalf("deleting command sees %d rows", n)
	}
	// Deleting again in the same command: self-modified.
	if res, err := Delete(bg, st, tx, rel, tid); err != nil || res != table.TMSelfModified {
		t.Fatalf("second delete: %v %v", res, err)
	}
	tx.CommandCounterIncrement()
	if n := countVisible(t, st, rel, tx.StatementSnapshot()); n != 0 {
		t.Fatalf("after delete, %d rows visible", n)
	}
	// A snapshot of command 0 sees neither insert nor delete.
	if n := countVisible(t, st, rel, delSnap.WithCurCID(0)); n != 0 {
		t.Fatalf("command 0 sees %d rows", n)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

func TestAbortedInsertInvisible(t *testing.T) {
	st, rel := mvccSetup(t)
	tx := st.Txns().Begin(txn.ReadCommitted)
	ins(t, st, tx, rel, 1)
	tx.Abort()
	committedRow(t, st, rel, 2)
	rows, _ := scanAll(t, st, rel, st.Txns().Begin(txn.ReadCommitted).StatementSnapshot())
	if len(rows) != 1 || rows[0][0] != int64(2) {
		t.Fatalf("rows %v", rows)
	}
	// SnapshotAny sees both physical tuples.
	if all, _ := scanAll(t, st, rel, nil); len(all) != 2 {
		t.Fatalf("raw scan %d tuples", len(all))
	}
}

func TestRepeatableReadVersusReadCommitted(t *testing.T) {
	st, rel := mvccSetup(t)
	tid := committedRow(t, st, rel, 1)
	rr := st.Txns().Begin(txn.RepeatableRead)
	rc := st.Txns().Begin(txn.ReadCommitted)
	rr.StatementSnapshot()
	rc.StatementSnapshot()

	w := st.Txns().Begin(txn.ReadCommitted)
	ins(t, st, w, rel, 2)
	if res, err := Delete(bg, st, w, rel, tid); err != nil || res != table.TMOk {
		t.Fatal(res, err)
	}
	// In progress: both still see the old state.
	for _, tx := range []*txn.Txn{rr, rc} {
		if rows, _ := scanAll(t, st, rel, tx.StatementSnapshot()); len(rows) != 1 || rows[0][0] != int64(1) {
			t.Fatalf("%v before commit: %v", tx.Isolation(), rows)
		}
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	if rows, _ := scanAll(t, st, rel, rr.StatementSnapshot()); len(rows) != 1 || rows[0][0] != int64(1) {
		t.Fatalf("repeatable read after commit: %v", rows)
	}
	if rows, _ := scanAll(t, st, rel, rc.StatementSnapshot()); len(rows) != 1 || rows[0][0] != int64(2) {
		t.Fatalf("read committed after commit: %v", rows)
	}
	rr.Commit()
	rc.Commit()
}

func TestDeleteWaitsThenSkipsUnderReadCommitted(t *testing.T) {
	st, rel := mvccSetup(t)
	tid := committedRow(t, st, rel, 1)
	t1 := st.Txns().Begin(txn.ReadCommitted)
	if res, err := Delete(bg, st, t1, rel, tid); err != nil || res != table.TMOk {
		t.Fatal(res, err)
	}
	t2 := st.Txns().Begin(txn.ReadCommitted)
	done := make(chan struct{})
	var res table.TMResult
	var err error
	go func() {
		res, err = Delete(bg, st, t2, rel, tid)
		close(done)
	}()
	select {
	case <-done:
		t.Fatal("second delete did not wait")
	case <-time.After(50 * time.Millisecond):
	}
	if err := t1.Commit(); err != nil {
		t.Fatal(err)
	}
	<-done
	if err != nil || res != table.TMDeleted {
		t.Fatalf("got %v %v, want TMDeleted", res, err)
	}
	t2.Commit()
}

func TestDeleteProceedsAfterOtherAborts(t *testing.T) {
	st, rel := mvccSetup(t)
	tid := committedRow(t, st, rel, 1)
	t1 := st.Txns().Begin(txn.ReadCommitted)
	Delete(bg, st, t1, rel, tid)
	t2 := st.Txns().Begin(txn.RepeatableRead)
	t2.StatementSnapshot()
	done := make(chan error, 1)
	go func() {
		res, err := Delete(bg, st, t2, rel, tid)
		if err == nil && res != table.TMOk {
			err = pgerror.Internal("result %v", res)
		}
		done <- err
	}()
	time.Sleep(20 * time.Millisecond)
	t1.Abort()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if err := t2.Commit(); err != nil {
		t.Fatal(err)
	}
	if n := countVisible(t, st, rel, st.Txns().Begin(txn.ReadCommitted).StatementSnapshot()); n != 0 {
		t.Fatalf("%d rows after delete", n)
	}
}

func TestRepeatableReadSerializationFailure(t *testing.T) {
	st, rel := mvccSetup(t)
	tid := committedRow(t, st, rel, 1)
	rr := st.Txns().Begin(txn.RepeatableRead)
	rr.StatementSnapshot()
	t1 := st.Txns().Begin(txn.ReadCommitted)
	Delete(bg, st, t1, rel, tid)
	if err := t1.Commit(); err != nil {
		t.Fatal(err)
	}
	_, err := Delete(bg, st, rr, rel, tid)
	pe, ok := pgerror.As(err)
	if !ok || pe.Code != pgerror.SerializationFailure || pe.Message != "could not serialize access due to concurrent delete" {
		t.Fatalf("got %v", err)
	}
	rr.Abort()
}

func TestDeleteWaitWatchesContext(t *testing.T) {
	st, rel := mvccSetup(t)
	tid := committedRow(t, st, rel, 1)
	t1 := st.Txns().Begin(txn.ReadCommitted)
	Delete(bg, st, t1, rel, tid)
	t2 := st.Txns().Begin(txn.ReadCommitted)
	ctx, cancel := context.WithTimeout(bg, 30*time.Millisecond)
	defer cancel()
	_, err := Delete(ctx, st, t2, rel, tid)
	if pgerror.CodeOf(err) != pgerror.QueryCanceled {
		t.Fatalf("got %v", err)
	}
	t2.Abort()
	t1.Abort()
}

func TestDeadlockDetected(t *testing.T) {
	st, rel := mvccSetup(t)
	a := committedRow(t, st, rel, 1)
	b := committedRow(t, st, rel, 2)
	t1 := st.Txns().Begin(txn.ReadCommitted)
	t2 := st.Txns().Begin(txn.ReadCommitted)
	Delete(bg, st, t1, rel, a)
	Delete(bg, st, t2, rel, b)
	var wg sync.WaitGroup
	errs := make([]error, 2)
	wg.Add(2)
	go func() { defer wg.Done(); _, errs[0] = Delete(bg, st, t1, rel, b) }()
	time.Sleep(20 * time.Millisecond)
	go func() {
		defer wg.Done()
		_, errs[1] = Delete(bg, st, t2, rel, a)
		if errs[1] != nil {
			t2.Abort() // the victim rolls back, releasing t1
		}
	}()
	wg.Wait()
	if pgerror.CodeOf(errs[1]) != pgerror.DeadlockDetected || errs[0] != nil {
		t.Fatalf("errors %v / %v", errs[0], errs[1])
	}
	if err := t1.Commit(); err != nil {
		t.Fatal(err)
	}
}
