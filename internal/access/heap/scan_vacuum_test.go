package heap

import (
	"context"
	"sync"
	"testing"

	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/storage"
	"github.com/loomdb/loomdb/internal/txn"
	"github.com/loomdb/loomdb/internal/types"
	"github.com/loomdb/loomdb/internal/vector"
)

func TestParallelScanSeesEveryBlockOnce(t *testing.T) {
	st := openStorage(t, t.TempDir(), 128) // smaller than the table: rings and eviction
	defer st.Close()
	rel := tenk1Rel(st)
	createRel(t, st, rel)
	tx := st.Txns().Begin(txn.ReadCommitted)
	bi := NewBulkInsert(st, tx, rel)
	for i := 0; i < 10000; i++ {
		if err := bi.Insert(tenk1Row(i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := bi.Finish(); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	snap := st.Txns().Begin(txn.ReadCommitted).StatementSnapshot()
	pscan, err := NewParallelScanState(st, rel)
	if err != nil {
		t.Fatal(err)
	}
	for round := 0; round < 2; round++ {
		if round == 1 {
			pscan.Reinitialize()
		}
		const workers = 4
		blockOwner := make([]int, pscan.NBlocks())
		for i := range blockOwner {
			blockOwner[i] = -1
		}
		var mu sync.Mutex
		seen := map[int64]int{}
		rowsPer := make([]int, workers)
		var wg sync.WaitGroup
		errs := make(chan error, workers)
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				s := BeginParallelScan(st, rel, snap, []int{0}, pscan)
				defer s.End()
				b := vector.NewBatch([]types.T{types.TInt4}, vector.BatchSize)
				for {
					ok, err := s.Next(context.Background(), b)
					if err != nil {
						errs <- err
						return
					}
					if !ok {
						return
					}
					mu.Lock()
					for i, tid := range s.TIDs() {
						if o := blockOwner[tid.Block]; o != -1 && o != w {
							errs <- errBlockShared(tid)
						}
						blockOwner[tid.Block] = w
						seen[b.Cols[0].Ints[i]]++
					}
					rowsPer[w] += b.Len()
					mu.Unlock()
				}
			}(w)
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		total := 0
		for _, n := range rowsPer {
			total += n
		}
		if total != 10000 {
			t.Fatalf("round %d: %d rows, want 10000 (per worker %v)", round, total, rowsPer)
		}
		// tenk1Row puts i*7 % 10000 in column 0: a permutation of 0..9999.
		if len(seen) != 10000 {
			t.Fatalf("round %d: %d distinct values", round, len(seen))
		}
		for b, o := range blockOwner {
			if o == -1 {
				t.Fatalf("round %d: block %d not scanned", round, b)
			}
		}
	}
	if st.Buffers().PinnedBuffers() != 0 {
		t.Fatal("buffers left pinned")
	}
}

type blockSharedError struct{ tid table.TID }

func (e blockSharedError) Error() string {
	return "block of " + e.tid.String() + " scanned by two workers"
}

func errBlockShared(tid table.TID) error { return blockSharedError{tid} }

func TestVacuumRemovesDeadTuplesAndTruncates(t *testing.T) {
	st := openStorage(t, t.TempDir(), 256)
	defer st.Close()
	rel := tenk1Rel(st)
	createRel(t, st, rel)
	tx := st.Txns().Begin(txn.ReadCommitted)
	bi := NewBulkInsert(st, tx, rel)
	for i := 0; i < 10000; i++ {
		bi.Insert(tenk1Row(i))
	}
	if err := bi.Finish(); err != nil {
		t.Fatal(err)
	}
	tx.Commit()
	// An aborted insert leaves dead tuples too.
	ab := st.Txns().Begin(txn.ReadCommitted)
	for i := 0; i < 100; i++ {
		Insert(bg, st, ab, rel, tenk1Row(i))
	}
	ab.Abort()

	pages, tuples, err := Vacuum(bg, st, rel)
	if err != nil {
		t.Fatal(err)
	}
	// The aborted rows' pages at the end are empty now and cut off.
	if pages != 345 || tuples != 10000 {
		t.Fatalf("after abort: relpages %d reltuples %v", pages, tuples)
	}

	// Delete every row of the second half.
	del := st.Txns().Begin(txn.ReadCommitted)
	_, tids := scanAll(t, st, rel, del.StatementSnapshot())
	for _, tid := range tids[5000:] {
		if res, err := Delete(bg, st, del, rel, tid); err != nil || res != table.TMOk {
			t.Fatal(res, err)
		}
	}
	// While an old snapshot can still see them, the rows are kept.
	old := st.Txns().Begin(txn.RepeatableRead)
	oldSnap := old.StatementSnapshot()
	if err := del.Commit(); err != nil {
		t.Fatal(err)
	}
	if _, tuples, _ := Vacuum(bg, st, rel); tuples != 5000 {
		t.Fatalf("reltuples %v with an old snapshot", tuples)
	}
	if n := countVisible(t, st, rel, oldSnap); n != 10000 {
		t.Fatalf("old snapshot sees %d rows after vacuum", n)
	}
	old.Commit()
	pages, tuples, err = Vacuum(bg, st, rel)
	if err != nil {
		t.Fatal(err)
	}
	// Rows 0..4999 fill 172 full pages and 12 rows of a 173rd.
	if pages != 173 || tuples != 5000 {
		t.Fatalf("relpages %d reltuples %v, want 173 and 5000", pages, tuples)
	}
	if n, _ := NumBlocks(st, rel); n != 173 {
		t.Fatalf("file has %d blocks", n)
	}
	if n := countVisible(t, st, rel, st.Txns().Begin(txn.ReadCommitted).StatementSnapshot()); n != 5000 {
		t.Fatalf("%d rows visible", n)
	}
}

func TestVacuumFreedSpaceIsReused(t *testing.T) {
	st := openStorage(t, t.TempDir(), 64)
	defer st.Close()
	rel := newRel(st, "reuse", types.TInt4, types.TText)
	createRel(t, st, rel)
	pad := string(make([]byte, 500))
	tx := st.Txns().Begin(txn.ReadCommitted)
	var tids []table.TID
	for i := 0; i < 100; i++ {
		tids = append(tids, ins2(t, st, tx, rel, i, pad))
	}
	tx.Commit()
	before, _ := NumBlocks(st, rel)
	del := st.Txns().Begin(txn.ReadCommitted)
	for _, tid := range tids[:50] {
		Delete(bg, st, del, rel, tid)
	}
	del.Commit()
	if _, _, err := Vacuum(bg, st, rel); err != nil {
		t.Fatal(err)
	}
	tx = st.Txns().Begin(txn.ReadCommitted)
	for i := 0; i < 50; i++ {
		ins2(t, st, tx, rel, 1000+i, pad)
	}
	tx.Commit()
	if after, _ := NumBlocks(st, rel); after != before {
		t.Fatalf("relation grew from %d to %d pages although vacuum freed space", before, after)
	}
	if n := countVisible(t, st, rel, st.Txns().Begin(txn.ReadCommitted).StatementSnapshot()); n != 100 {
		t.Fatalf("%d rows", n)
	}
}

func ins2(t *testing.T, st *storage.Storage, tx *txn.Txn, rel *table.Relation, i int, s string) table.TID {
	t.Helper()
	tid, err := Insert(bg, st, tx, rel, []types.Datum{int64(i), s})
	if err != nil {
		t.Fatal(err)
	}
	return tid
}

func TestVacuumWithIndexCleanupTwoPhases(t *testing.T) {
	st := openStorage(t, t.TempDir(), 64)
	defer st.Close()
	rel := newRel(st, "idx", types.TInt4)
	createRel(t, st, rel)
	tx := st.Txns().Begin(txn.ReadCommitted)
	var tids []table.TID
	for i := 0; i < 10; i++ {
		tids = append(tids, ins(t, st, tx, rel, i))
	}
	tx.Commit()
	del := st.Txns().Begin(txn.ReadCommitted)
	for _, tid := range tids[2:5] {
		Delete(bg, st, del, rel, tid)
	}
	del.Commit()
	var got []table.TID
	vres, err := VacuumWithOptions(bg, st, rel, VacuumOptions{IndexCleanup: func(_ context.Context, dead []table.TID) error {
		got = append(got, dead...)
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	if tuples := vres.Tuples; tuples != 7 || len(got) != 3 {
		t.Fatalf("reltuples %v, dead tids %v", tuples, got)
	}
	// The freed line pointers are reused by the next insert.
	tx = st.Txns().Begin(txn.ReadCommitted)
	if tid := ins(t, st, tx, rel, 99); tid.Offset < 3 || tid.Offset > 5 {
		t.Fatalf("new row at %v, expected a reused line pointer", tid)
	}
	tx.Commit()
}

// TestVacuumCountsAllVisiblePages checks relallvisible: a page counts once
// every tuple on it is committed before all running transactions and not
// deleted; a page with an uncommitted insert does not.
func TestVacuumCountsAllVisiblePages(t *testing.T) {
	st := openStorage(t, t.TempDir(), 64)
	defer st.Close()
	rel := newRel(st, "allvis", types.TInt4)
	createRel(t, st, rel)
	tx := st.Txns().Begin(txn.ReadCommitted)
	var last table.TID
	for i := 0; i < 1000; i++ {
		last = ins(t, st, tx, rel, i)
	}
	tx.Commit()
	res, err := VacuumWithOptions(bg, st, rel, VacuumOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Pages < 2 || res.AllVisible != res.Pages {
		t.Fatalf("pages %d, all-visible %d: want every page all-visible", res.Pages, res.AllVisible)
	}
	// An insert still in progress on the last page keeps it from counting.
	open := st.Txns().Begin(txn.ReadCommitted)
	if tid := ins(t, st, open, rel, 5000); tid.Block != last.Block {
		t.Skipf("insert went to block %d, not the last page %d", tid.Block, last.Block)
	}
	res, err = VacuumWithOptions(bg, st, rel, VacuumOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.AllVisible != res.Pages-1 {
		t.Fatalf("pages %d, all-visible %d: want all but the last", res.Pages, res.AllVisible)
	}
	open.Commit()
}
