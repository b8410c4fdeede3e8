package nbtree

import (
	"context"
	"testing"

	"github.com/loomdb/loomdb/internal/access/heap"
	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/txn"
	"github.com/loomdb/loomdb/internal/types"
)

// TestVacuumRemovesIndexEntries deletes rows, vacuums the heap with the
// index cleanup callback calling BulkDelete, and checks that the index no
// longer returns the removed TIDs (which VACUUM makes reusable) and still
// returns the rest, posting lists included.
func TestVacuumRemovesIndexEntries(t *testing.T) {
	st := openStorage(t, t.TempDir(), 256)
	defer st.Close()
	hrel := newHeap(st, "v", []string{"a", "b"}, []types.T{types.TInt4, types.TInt8})
	createHeap(t, st, hrel)
	ia := newIndex(st, hrel, "v_a", false, 1) // posting lists
	ib := newIndex(st, hrel, "v_b", true, 2)
	const n = 8000
	tids := insertRows(t, st, hrel, nil, n, func(i int) []types.Datum { return []types.Datum{int64(i % 40), int64(i)} })
	buildIndex(t, st, ia, hrel)
	buildIndex(t, st, ib, hrel)
	tx := st.Txns().Begin(txn.ReadCommitted)
	deleted := map[table.TID]bool{}
	for i, tid := range tids {
		if i%3 == 0 || i >= 7000 {
			if _, err := heap.Delete(bg, st, tx, hrel, tid); err != nil {
				t.Fatal(err)
			}
			deleted[tid] = true
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	var removed int64
	vres, err := heap.VacuumWithOptions(bg, st, hrel, heap.VacuumOptions{
		IndexCleanup: func(ctx context.Context, dead []table.TID) error {
			set := map[table.TID]bool{}
			for _, tid := range dead {
				set[tid] = true
			}
			for _, idx := range []*Index{ia, ib} {
				stats, err := BulkDelete(ctx, st, idx, func(tid table.TID) bool { return set[tid] })
				if err != nil {
					return err
				}
				removed += stats.Removed
			}
			return nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if tuples := vres.Tuples; int(tuples) != n-len(deleted) || removed != int64(2*len(deleted)) {
		t.Fatalf("vacuum kept %v tuples, removed %d index entries; deleted %d", tuples, removed, len(deleted))
	}
	for _, idx := range []*Index{ia, ib} {
		res := mustCheck(t, st, idx)
		if res.Entries != int64(n-len(deleted)) {
			t.Fatalf("%s: %d entries left, want %d", idx.Name, res.Entries, n-len(deleted))
		}
		for _, e := range runScan(t, st, idx, nil, Forward) {
			if deleted[e.tid] {
				t.Fatalf("%s still returns removed %s", idx.Name, e.tid)
			}
		}
	}
	// The freed TIDs are reused by new rows, which the indexes take.
	insertRows(t, st, hrel, []*Index{ia, ib}, 500, func(i int) []types.Datum { return []types.Datum{int64(i % 7), int64(n + i)} })
	for _, idx := range []*Index{ia, ib} {
		if res := mustCheck(t, st, idx); res.Entries != int64(n-len(deleted)+500) {
			t.Fatalf("%s: %d entries after reinserting", idx.Name, res.Entries)
		}
	}
}

// TestDropRemovesFileAtCommit drops an index: the file stays while the
// dropping transaction runs or if it aborts, and goes when it commits.
func TestDropRemovesFileAtCommit(t *testing.T) {
	st := openStorage(t, t.TempDir(), 64)
	defer st.Close()
	hrel := newHeap(st, "d", []string{"a"}, []types.T{types.TInt4})
	createHeap(t, st, hrel)
	insertRows(t, st, hrel, nil, 100, func(i int) []types.Datum { return []types.Datum{int64(i)} })
	idx := newIndex(st, hrel, "d_a", false, 1)
	buildIndex(t, st, idx, hrel)
	tx := st.Txns().Begin(txn.ReadCommitted)
	Drop(st, idx, tx)
	tx.Abort()
	if !st.RelationExists(idx.Locator()) {
		t.Fatal("aborted drop removed the file")
	}
	tx = st.Txns().Begin(txn.ReadCommitted)
	Drop(st, idx, tx)
	if !st.RelationExists(idx.Locator()) {
		t.Fatal("file removed before commit")
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if st.RelationExists(idx.Locator()) {
		t.Fatal("file still there after the drop committed")
	}
}
