package heap

import (
	"slices"
	"testing"

	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/storage"
	"github.com/loomdb/loomdb/internal/txn"
	"github.com/loomdb/loomdb/internal/types"
)

func ids(rows [][]types.Datum) []int64 {
	var out []int64
	for _, r := range rows {
		out = append(out, r[0].(int64))
	}
	slices.Sort(out)
	return out
}

// TestSubtransactions checks what rolling back to a savepoint undoes
// (inserts and deletes made since), what other transactions see before and
// after the commit, and that recovery after a crash keeps the released
// subtransactions' rows and drops the rolled-back ones.
func TestSubtransactions(t *testing.T) {
	dir := t.TempDir()
	st := openStorage(t, dir, 64)
	rel := newRel(st, "sub", types.TInt4)
	createRel(t, st, rel)
	insert := func(tx *txn.Txn, v int64) table.TID {
		t.Helper()
		tid, err := Insert(bg, st, tx, rel, []types.Datum{v})
		if err != nil {
			t.Fatal(err)
		}
		tx.CommandCounterIncrement()
		return tid
	}
	tx := st.Txns().Begin(txn.ReadCommitted)
	insert(tx, 1)
	keep := insert(tx, 2)
	tx.Savepoint("a")
	insert(tx, 3)
	if _, err := Delete(bg, st, tx, rel, keep); err != nil {
		t.Fatal(err)
	}
	tx.CommandCounterIncrement()
	tx.Savepoint("b")
	insert(tx, 4)
	if got := ids(mustScan(t, st, rel, tx)); !slices.Equal(got, []int64{1, 3, 4}) {
		t.Fatalf("inside savepoints: %v", got)
	}
	if !tx.RollbackToSavepoint("a") {
		t.Fatal("savepoint a not found")
	}
	if got := ids(mustScan(t, st, rel, tx)); !slices.Equal(got, []int64{1, 2}) {
		t.Fatalf("after ROLLBACK TO a: %v", got)
	}
	if tx.HasSavepoint("b") || !tx.HasSavepoint("a") {
		t.Fatal("ROLLBACK TO a must keep a and drop b")
	}
	insert(tx, 5)
	tx.Savepoint("c")
	insert(tx, 6)
	if !tx.ReleaseSavepoint("a") {
		t.Fatal("savepoint a not found for RELEASE")
	}
	other := st.Txns().Begin(txn.ReadCommitted)
	if got := ids(mustScan(t, st, rel, other)); len(got) != 0 {
		t.Fatalf("another transaction sees uncommitted rows %v", got)
	}
	other.Abort()
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	want := []int64{1, 2, 5, 6}
	check := func(when string) {
		t.Helper()
		r := st.Txns().Begin(txn.ReadCommitted)
		defer r.Abort()
		if got := ids(mustScan(t, st, rel, r)); !slices.Equal(got, want) {
			t.Fatalf("%s: %v, want %v", when, got, want)
		}
	}
	check("after commit")
	st.SimulateCrash()
	st = openStorage(t, dir, 64)
	defer st.Close()
	check("after crash recovery")
}

func mustScan(t *testing.T, st *storage.Storage, rel *table.Relation, tx *txn.Txn) [][]types.Datum {
	t.Helper()
	rows, _ := scanAll(t, st, rel, tx.StatementSnapshot())
	return rows
}
