package nbtree

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/loomdb/loomdb/internal/access/heap"
	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/storage"
	"github.com/loomdb/loomdb/internal/txn"
	"github.com/loomdb/loomdb/internal/types"
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
	st, err := storage.Open(dir, storage.Options{SharedBuffers: buffers, CheckpointTimeout: -1, NoFsync: true})
	if err != nil {
		t.Fatalf("storage.Open: %v", err)
	}
	return st
}

// newHeap describes a heap relation with the given columns in database 5.
func newHeap(st *storage.Storage, name string, cols []string, ts []types.T) *table.Relation {
	desc := &table.TupleDesc{}
	for i, t := range ts {
		desc.Attrs = append(desc.Attrs, table.Attr{Name: cols[i], Type: t})
	}
	return &table.Relation{Oid: st.NewOid(), Name: name, DbOid: 5, RelFileNumber: st.NewOid(), Desc: desc}
}

// createHeap creates rel's file in a committed transaction.
func createHeap(t testing.TB, st *storage.Storage, rel *table.Relation) {
	t.Helper()
	tx := st.Txns().Begin(txn.ReadCommitted)
	if err := heap.Create(st, rel, tx); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// newIndex describes an index on heap columns (1-based attnos).
func newIndex(st *storage.Storage, hrel *table.Relation, name string, unique bool, attnos ...int) *Index {
	idx := &Index{Oid: st.NewOid(), Name: name, DbOid: hrel.DbOid, RelFileNumber: st.NewOid(), Unique: unique}
	for _, a := range attnos {
		at := hrel.Desc.Attrs[a-1]
		idx.Keys = append(idx.Keys, KeyColumn{Name: at.Name, Attno: a, Type: at.Type})
	}
	return idx
}

// buildIndex creates and builds idx in a committed transaction.
func buildIndex(t testing.TB, st *storage.Storage, idx *Index, hrel *table.Relation) BuildStats {
	t.Helper()
	tx := st.Txns().Begin(txn.ReadCommitted)
	if err := Create(st, idx, tx); err != nil {
		t.Fatal(err)
	}
	stats, err := Build(bg, st, tx, idx, hrel)
	if err != nil {
		t.Fatalf("build %s: %v", idx.Name, err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	return stats
}

// createEmptyIndex creates idx with no entries in a committed transaction.
func createEmptyIndex(t testing.TB, st *storage.Storage, idx *Index) {
	t.Helper()
	tx := st.Txns().Begin(txn.ReadCommitted)
	if err := Create(st, idx, tx); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// mustCheck runs Check and fails the test on a violation.
func mustCheck(t testing.TB, st *storage.Storage, idx *Index) *CheckResult {
	t.Helper()
	res, err := Check(bg, st, idx)
	if err != nil {
		t.Fatalf("check %s: %v", idx.Name, err)
	}
	return res
}

// findRegressData finds shared/pgregress/data/<file> above the test's
// directory; the test is skipped when it is missing, unless CI=true.
func findRegressData(t testing.TB, file string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		for _, cand := range []string{
			filepath.Join(dir, "shared", "pgregress", "data", file),
			filepath.Join(dir, "pgregress", "data", file),
		} {
			if _, err := os.Stat(cand); err == nil {
				return cand
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("pgregress data file %s not found", file)
	}
	t.Skipf("pgregress data file %s not found", file)
	return ""
}

// wisconsinCols are the 16 columns of tenk1 and onek.
var wisconsinCols = []string{"unique1", "unique2", "two", "four", "ten", "twenty", "hundred", "thousand",
	"twothousand", "fivethous", "tenthous", "odd", "even", "stringu1", "stringu2", "string4"}

func wisconsinTypes() []types.T {
	ts := make([]types.T, 16)
	for i := range ts {
		ts[i] = types.TInt4
	}
	ts[13], ts[14], ts[15] = types.TName, types.TName, types.TName
	return ts
}

// loadWisconsin loads a tenk.data-style file into a new heap relation,
// as COPY does (one bulk insert).
func loadWisconsin(t testing.TB, st *storage.Storage, name, path string) *table.Relation {
	t.Helper()
	rel := newHeap(st, name, wisconsinCols, wisconsinTypes())
	createHeap(t, st, rel)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tx := st.Txns().Begin(txn.ReadCommitted)
	bi := heap.NewBulkInsert(st, tx, rel)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Split(sc.Text(), "\t")
		if len(fields) != 16 {
			t.Fatalf("%s: line with %d fields", path, len(fields))
		}
		row := make([]types.Datum, 16)
		for i := 0; i < 13; i++ {
			v, err := strconv.ParseInt(fields[i], 10, 32)
			if err != nil {
				t.Fatal(err)
			}
			row[i] = v
		}
		row[13], row[14], row[15] = fields[13], fields[14], fields[15]
		if err := bi.Insert(row); err != nil {
			t.Fatal(err)
		}
	}
	if err := bi.Finish(); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	return rel
}
