package commands

import (
	"context"
	"testing"

	"github.com/loomdb/loomdb/internal/catalog"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/storage"
	"github.com/loomdb/loomdb/internal/txn"
	"github.com/loomdb/loomdb/internal/types"
)

func openSeqStorage(t *testing.T, dir string, bootstrap bool) (*storage.Storage, *catalog.Catalog) {
	t.Helper()
	st, err := storage.Open(dir, storage.Options{SharedBuffers: 64, CheckpointTimeout: -1, NoFsync: true})
	if err != nil {
		t.Fatal(err)
	}
	c := catalog.Open(st, catalog.PostgresDatabase)
	if bootstrap {
		if err := c.Bootstrap(context.Background(), []string{"postgres"}); err != nil {
			t.Fatal(err)
		}
	}
	return st, c
}

func createSeq(t *testing.T, st *storage.Storage, c *catalog.Catalog, o nodes.SeqOptions) types.Oid {
	t.Helper()
	p := &catalog.SequenceParams{}
	var state SeqState
	if _, err := InitSeqParams(&o, false, true, p, &state); err != nil {
		t.Fatal(err)
	}
	tx := st.Txns().Begin(txn.ReadCommitted)
	oid, err := c.CreateSequence(context.Background(), tx, catalog.PublicNamespace, "s", p, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	return oid
}

// nextVals calls nextval n times in one committed transaction and returns
// the last value.
func nextVals(t *testing.T, st *storage.Storage, seqs *SeqTable, oid types.Oid, n int) int64 {
	t.Helper()
	tx := st.Txns().Begin(txn.ReadCommitted)
	seqs.NewStatement()
	var v int64
	for i := 0; i < n; i++ {
		var err error
		if v, err = seqs.NextVal(tx, oid); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestNextValSequenceAndLimits(t *testing.T) {
	st, c := openSeqStorage(t, t.TempDir(), true)
	defer st.Close()
	start, inc, maxv := int64(10), int64(5), int64(30)
	oid := createSeq(t, st, c, nodes.SeqOptions{Start: &start, Increment: &inc, Max: &maxv})
	seqs := NewSeqTable(st, c)
	tx := st.Txns().Begin(txn.ReadCommitted)
	defer tx.Abort()
	if _, err := seqs.CurrVal(tx, oid); pgerror.CodeOf(err) != pgerror.ObjectNotInPrerequisiteState {
		t.Fatalf("currval before nextval: %v", err)
	}
	for _, want := range []int64{10, 15, 20, 25, 30} {
		got, err := seqs.NextVal(tx, oid)
		if err != nil || got != want {
			t.Fatalf("nextval = %d, %v; want %d", got, err, want)
		}
	}
	if _, err := seqs.NextVal(tx, oid); pgerror.CodeOf(err) != pgerror.SequenceGeneratorLimitExceeded {
		t.Fatalf("nextval past MAXVALUE: %v", err)
	}
	if v, err := seqs.CurrVal(tx, oid); err != nil || v != 30 {
		t.Fatalf("currval = %d, %v", v, err)
	}
	if _, err := seqs.SetVal(tx, oid, 31, true); pgerror.CodeOf(err) != pgerror.NumericValueOutOfRange {
		t.Fatalf("setval out of bounds: %v", err)
	}
	if _, err := seqs.SetVal(tx, oid, 12, false); err != nil {
		t.Fatal(err)
	}
	if v, err := seqs.NextVal(tx, oid); err != nil || v != 12 {
		t.Fatalf("nextval after setval(12, false) = %d, %v", v, err)
	}
}

// TestSequenceSurvivesCrash checks that after a crash nextval never hands
// out a value it handed out before, including values fetched without WAL
// after a checkpoint.
func TestSequenceSurvivesCrash(t *testing.T) {
	dir := t.TempDir()
	st, c := openSeqStorage(t, dir, true)
	oid := createSeq(t, st, c, nodes.SeqOptions{})
	seqs := NewSeqTable(st, c)
	last := nextVals(t, st, seqs, oid, 3)
	if err := st.Checkpoint(context.Background()); err != nil {
		t.Fatal(err)
	}
	// The first fetch after the checkpoint must log again, or recovery
	// would start from the checkpoint's page and repeat these values.
	last = nextVals(t, st, seqs, oid, 2)
	for round := 0; round < 3; round++ {
		st.SimulateCrash()
		st, c = openSeqStorage(t, dir, false)
		seqs = NewSeqTable(st, c)
		v := nextVals(t, st, seqs, oid, 1)
		if v <= last {
			t.Fatalf("round %d: nextval after crash = %d, not past %d", round, v, last)
		}
		last = nextVals(t, st, seqs, oid, 40)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
}
