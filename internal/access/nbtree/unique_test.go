package nbtree

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/loomdb/loomdb/internal/access/heap"
	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/storage"
	"github.com/loomdb/loomdb/internal/txn"
	"github.com/loomdb/loomdb/internal/types"
)

// insertOne inserts a row into the heap and the index for tx.
func insertOne(ctx context.Context, st *storage.Storage, tx *txn.Txn, hrel *table.Relation, idx *Index, row []types.Datum) (table.TID, error) {
	tid, err := heap.Insert(ctx, st, tx, hrel, row)
	if err != nil {
		return tid, err
	}
	vals := make([]types.Datum, len(idx.Keys))
	for j, k := range idx.Keys {
		vals[j] = row[k.Attno-1]
	}
	return tid, Insert(ctx, st, tx, idx, hrel, vals, tid)
}

func wantUniqueViolation(t *testing.T, err error, index, detail string) {
	t.Helper()
	pe, ok := pgerror.As(err)
	if !ok || pe.Code != pgerror.UniqueViolation {
		t.Fatalf("got %v, want a unique violation", err)
	}
	if want := fmt.Sprintf("duplicate key value violates unique constraint \"%s\"", index); pe.Message != want {
		t.Fatalf("message %q, want %q", pe.Message, want)
	}
	if pe.Detail != detail {
		t.Fatalf("detail %q, want %q", pe.Detail, detail)
	}
}

func TestUniqueViolations(t *testing.T) {
	st := openStorage(t, t.TempDir(), 128)
	defer st.Close()
	hrel := newHeap(st, "u", []string{"a", "b"}, []types.T{types.TInt4, types.TText})
	createHeap(t, st, hrel)
	idx := newIndex(st, hrel, "u_a", true, 1)
	createEmptyIndex(t, st, idx)
	idx2 := newIndex(st, hrel, "u_a_b", true, 1, 2)
	createEmptyIndex(t, st, idx2)
	m := st.Txns()

	tx := m.Begin(txn.ReadCommitted)
	if _, err := insertOne(bg, st, tx, hrel, idx, []types.Datum{int64(1), "x"}); err != nil {
		t.Fatal(err)
	}
	// The same transaction may not insert the key twice.
	_, err := insertOne(bg, st, tx, hrel, idx, []types.Datum{int64(1), "y"})
	wantUniqueViolation(t, err, "u_a", "Key (a)=(1) already exists.")
	tx.Abort()

	tx = m.Begin(txn.ReadCommitted)
	tid1, err := insertOne(bg, st, tx, hrel, idx, []types.Datum{int64(1), "x"})
	if err != nil {
		t.Fatalf("reinserting a key whose inserter aborted: %v", err)
	}
	for i := 0; i < 3; i++ {
		if _, err := insertOne(bg, st, tx, hrel, idx, []types.Datum{nil, "n"}); err != nil {
			t.Fatalf("NULL keys are distinct: %v", err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	tx = m.Begin(txn.ReadCommitted)
	_, err = insertOne(bg, st, tx, hrel, idx, []types.Datum{int64(1), "z"})
	wantUniqueViolation(t, err, "u_a", "Key (a)=(1) already exists.")
	tx.Abort()

	// Multi-column: the whole key must match.
	tx = m.Begin(txn.ReadCommitted)
	if _, err := insertOne(bg, st, tx, hrel, idx2, []types.Datum{int64(7), "p"}); err != nil {
		t.Fatal(err)
	}
	if _, err := insertOne(bg, st, tx, hrel, idx2, []types.Datum{int64(7), "q"}); err != nil {
		t.Fatal(err)
	}
	_, err = insertOne(bg, st, tx, hrel, idx2, []types.Datum{int64(7), "p"})
	wantUniqueViolation(t, err, "u_a_b", "Key (a, b)=(7, p) already exists.")
	if _, err := insertOne(bg, st, tx, hrel, idx2, []types.Datum{int64(7), nil}); err != nil {
		t.Fatal(err)
	}
	tx.Abort()

	// Once the row is deleted and that commits, the key is free again.
	tx = m.Begin(txn.ReadCommitted)
	if res, err := heap.Delete(bg, st, tx, hrel, tid1); err != nil || res != table.TMOk {
		t.Fatalf("delete: %v %v", res, err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	tx = m.Begin(txn.ReadCommitted)
	if _, err := insertOne(bg, st, tx, hrel, idx, []types.Datum{int64(1), "again"}); err != nil {
		t.Fatalf("reinserting a deleted key: %v", err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	mustCheck(t, st, idx)
	mustCheck(t, st, idx2)
}

func TestUniqueBuildRejectsDuplicates(t *testing.T) {
	st := openStorage(t, t.TempDir(), 128)
	defer st.Close()
	hrel := newHeap(st, "ub", []string{"a"}, []types.T{types.TInt4})
	createHeap(t, st, hrel)
	tids := insertRows(t, st, hrel, nil, 100, func(i int) []types.Datum { return []types.Datum{int64(i % 60)} })
	idx := newIndex(st, hrel, "ub_a", true, 1)
	tx := st.Txns().Begin(txn.ReadCommitted)
	if err := Create(st, idx, tx); err != nil {
		t.Fatal(err)
	}
	_, err := Build(bg, st, tx, idx, hrel)
	pe, ok := pgerror.As(err)
	if !ok || pe.Code != pgerror.UniqueViolation || pe.Message != `could not create unique index "ub_a"` || pe.Detail != "Key (a)=(1) is duplicated." {
		t.Fatalf("build: %v (detail %q)", err, pe.Detail)
	}
	tx.Abort()
	if st.RelationExists(idx.Locator()) {
		t.Fatal("the index file of an aborted build is still there")
	}
	// Delete the duplicates while an older snapshot can still see them:
	// the recently dead rows are indexed but do not count as duplicates.
	old := st.Txns().Begin(txn.RepeatableRead)
	old.StatementSnapshot()
	tx = st.Txns().Begin(txn.ReadCommitted)
	for i := 60; i < 100; i++ {
		if _, err := heap.Delete(bg, st, tx, hrel, tids[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	idx = newIndex(st, hrel, "ub_a", true, 1)
	stats := buildIndex(t, st, idx, hrel)
	if stats.HeapTuples != 100 || stats.IndexTuples != 100 {
		t.Fatalf("build stats %+v", stats)
	}
	old.Commit()
	mustCheck(t, st, idx)
	// Without the old snapshot the dead rows are left out.
	idx3 := newIndex(st, hrel, "ub_a3", true, 1)
	if stats := buildIndex(t, st, idx3, hrel); stats.IndexTuples != 60 {
		t.Fatalf("build stats %+v", stats)
	}
}

// TestUniqueConcurrentInserters has two transactions insert the same key:
// the second waits for the first and fails if it commits, succeeds if it
// aborts, and gives up when its context ends.
func TestUniqueConcurrentInserters(t *testing.T) {
	st := openStorage(t, t.TempDir(), 128)
	defer st.Close()
	hrel := newHeap(st, "uc", []string{"a"}, []types.T{types.TInt4})
	createHeap(t, st, hrel)
	idx := newIndex(st, hrel, "uc_a", true, 1)
	createEmptyIndex(t, st, idx)
	m := st.Txns()
	for _, outcome := range []string{"commit", "abort", "cancel"} {
		key := map[string]int64{"commit": 10, "abort": 20, "cancel": 30}[outcome]
		t1 := m.Begin(txn.ReadCommitted)
		if _, err := insertOne(bg, st, t1, hrel, idx, []types.Datum{key}); err != nil {
			t.Fatal(err)
		}
		t2 := m.Begin(txn.ReadCommitted)
		ctx, cancel := context.WithCancel(bg)
		done := make(chan error, 1)
		go func() {
			_, err := insertOne(ctx, st, t2, hrel, idx, []types.Datum{key})
			done <- err
		}()
		select {
		case err := <-done:
			t.Fatalf("%s: second inserter did not wait: %v", outcome, err)
		case <-time.After(50 * time.Millisecond):
		}
		switch outcome {
		case "commit":
			if err := t1.Commit(); err != nil {
				t.Fatal(err)
			}
			wantUniqueViolation(t, <-done, "uc_a", fmt.Sprintf("Key (a)=(%d) already exists.", key))
			t2.Abort()
		case "abort":
			t1.Abort()
			if err := <-done; err != nil {
				t.Fatalf("after the first inserter aborted: %v", err)
			}
			if err := t2.Commit(); err != nil {
				t.Fatal(err)
			}
		case "cancel":
			cancel()
			err := <-done
			if pgerror.CodeOf(err) != pgerror.QueryCanceled {
				t.Fatalf("cancelled wait: %v", err)
			}
			t2.Abort()
			if err := t1.Commit(); err != nil {
				t.Fatal(err)
			}
		}
		cancel()
	}
	mustCheck(t, st, idx)
}

// TestUniqueManyConcurrentInserters races goroutines inserting overlapping
// keys in their own transactions: every key ends up exactly once, and every
// loser saw a unique violation.
func TestUniqueManyConcurrentInserters(t *testing.T) {
	st := openStorage(t, t.TempDir(), 256)
	defer st.Close()
	hrel := newHeap(st, "um", []string{"a", "w"}, []types.T{types.TInt4, types.TInt4})
	createHeap(t, st, hrel)
	idx := newIndex(st, hrel, "um_a", true, 1)
	createEmptyIndex(t, st, idx)
	const workers, keys = 4, 600
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins := map[int64]int{}
	errs := make(chan error, workers)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for k := 0; k < keys; k++ {
				key := int64((k*7 + w*13) % keys)
				tx := st.Txns().Begin(txn.ReadCommitted)
				_, err := insertOne(bg, st, tx, hrel, idx, []types.Datum{key, int64(w)})
				if err != nil {
					tx.Abort()
					var pe *pgerror.Error
					if errors.As(err, &pe) && (pe.Code == pgerror.UniqueViolation || pe.Code == pgerror.DeadlockDetected) {
						continue
					}
					errs <- err
					return
				}
				if err := tx.Commit(); err != nil {
					errs <- err
					return
				}
				mu.Lock()
				wins[key]++
				mu.Unlock()
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if len(wins) != keys {
		t.Fatalf("%d keys inserted, want %d", len(wins), keys)
	}
	for k, n := range wins {
		if n != 1 {
			t.Fatalf("key %d inserted %d times", k, n)
		}
	}
	res := mustCheck(t, st, idx)
	if res.Entries < keys {
		t.Fatalf("%d entries", res.Entries)
	}
	// Exactly one live row per key.
	snap := st.Txns().Begin(txn.ReadCommitted).StatementSnapshot()
	for k := int64(0); k < keys; k++ {
		n := 0
		for _, e := range runScan(t, st, idx, []ScanKey{{Attno: 1, Strategy: Equal, Arg: k}}, Forward) {
			if _, ok, err := heap.Fetch(st, hrel, snap, e.tid); err != nil {
				t.Fatal(err)
			} else if ok {
				n++
			}
		}
		if n != 1 {
			t.Fatalf("key %d has %d visible rows", k, n)
		}
	}
}

// TestUniqueManyDeadDuplicates fills a unique index with many entries for one key whose rows aborted, so that the uniqueness check
// walks several pages, deduplication of a unique index kicks in, and the
// insertion point moves right by heap TID.
func TestUniqueManyDeadDuplicates(t *testing.T) {
	st := openStorage(t, t.TempDir(), 256)
	defer st.Close()
	hrel := newHeap(st, "ud", []string{"a", "pad"}, []types.T{types.TInt4, types.TText})
	createHeap(t, st, hrel)
	idx := newIndex(st, hrel, "ud_a", true, 1)
	createEmptyIndex(t, st, idx)
	m := st.Txns()
	const n = 1800
	for i := 0; i < n; i++ {
		tx := m.Begin(txn.ReadCommitted)
		key := int64(5)
		if i%10 == 0 {
			key = int64(i) // some other keys around it
		}
		if _, err := insertOne(bg, st, tx, hrel, idx, []types.Datum{key, "p"}); err != nil {
			t.Fatalf("insert %d: %v", i, err)
		}
		tx.Abort()
	}
	res := mustCheck(t, st, idx)
	if res.Entries != n || res.LeafPages < 2 {
		t.Fatalf("dead duplicates: %+v", res)
	}
	tx := m.Begin(txn.ReadCommitted)
	if _, err := insertOne(bg, st, tx, hrel, idx, []types.Datum{int64(5), "live"}); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	tx = m.Begin(txn.ReadCommitted)
	_, err := insertOne(bg, st, tx, hrel, idx, []types.Datum{int64(5), "dup"})
	wantUniqueViolation(t, err, "ud_a", "Key (a)=(5) already exists.")
	tx.Abort()
	res = mustCheck(t, st, idx)
	if res.Entries != n+1 { // the violating row never got its entry
		t.Fatalf("%+v", res)
	}
	t.Logf("%d entries in %d leaf tuples on %d leaves", res.Entries, res.Tuples, res.LeafPages)
	if got := runScan(t, st, idx, []ScanKey{{Attno: 1, Strategy: Equal, Arg: int64(5)}}, Backward); len(got) != n*9/10+1 {
		t.Fatalf("%d entries for key 5", len(got))
	}
}
