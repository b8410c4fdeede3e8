package heap

import (
	"context"
	"os"
	"testing"

	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/storage"
	"github.com/loomdb/loomdb/internal/txn"
	"github.com/loomdb/loomdb/internal/types"
	"github.com/loomdb/loomdb/internal/vector"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	if mode := os.Getenv(crashChildEnv); mode != "" {
		os.Exit(crashChild(mode))
	}
	goleak.VerifyTestMain(m)
}

var bg = context.Background()

func openStorage(t testing.TB, dir string, buffers int) *storage.Storage {
	t.Helper()
	st, err := storage.Open(dir, storage.Options{SharedBuffers: buffers, CheckpointTimeout: -1})
	if err != nil {
		t.Fatalf("storage.Open: %v", err)
	}
	return st
}

// newRel describes a relation with the given column types in database 5.
func newRel(st *storage.Storage, name string, ts ...types.T) *table.Relation {
	desc := &table.TupleDesc{}
	for i, t := range ts {
		desc.Attrs = append(desc.Attrs, table.Attr{Name: string(rune('a' + i)), Type: t})
	}
	return &table.Relation{Oid: st.NewOid(), Name: name, DbOid: 5, RelFileNumber: st.NewOid(), Desc: desc}
}

// createRel creates rel's file in a committed transaction.
func createRel(t testing.TB, st *storage.Storage, rel *table.Relation) {
	t.Helper()
	tx := st.Txns().Begin(txn.ReadCommitted)
	if err := Create(st, rel, tx); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// scanAll returns the rows (all columns) visible to snap, and their tids.
func scanAll(t testing.TB, st *storage.Storage, rel *table.Relation, snap *txn.Snapshot) ([][]types.Datum, []table.TID) {
	t.Helper()
	cols := make([]int, len(rel.Desc.Attrs))
	for i := range cols {
		cols[i] = i
	}
	s := BeginScan(st, rel, snap, cols)
	defer s.End()
	b := vector.NewBatch(rel.Desc.Types(), vector.BatchSize)
	var rows [][]types.Datum
	var tids []table.TID
	for {
		ok, err := s.Next(bg, b)
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			break
		}
		for i := 0; i < b.Len(); i++ {
			rows = append(rows, b.Datums(i))
		}
		tids = append(tids, s.TIDs()...)
	}
	return rows, tids
}

// countVisible returns the number of rows snap sees.
func countVisible(t testing.TB, st *storage.Storage, rel *table.Relation, snap *txn.Snapshot) int {
	rows, _ := scanAll(t, st, rel, snap)
	return len(rows)
}
