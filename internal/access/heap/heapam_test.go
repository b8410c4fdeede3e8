package heap

import (
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/storage"
	"github.com/loomdb/loomdb/internal/txn"
	"github.com/loomdb/loomdb/internal/types"
	"github.com/loomdb/loomdb/internal/vector"
)

// tenk1Rel describes PostgreSQL's regression table tenk1: 13 int4 columns
// then 3 name columns.
func tenk1Rel(st *storage.Storage) *table.Relation {
	ts := make([]types.T, 0, 16)
	for i := 0; i < 13; i++ {
		ts = append(ts, types.TInt4)
	}
	ts = append(ts, types.TName, types.TName, types.TName)
	return newRel(st, "tenk1", ts...)
}

func tenk1Row(i int) []types.Datum {
	row := make([]types.Datum, 16)
	for c := 0; c < 13; c++ {
		row[c] = int64((i*7 + c) % 10000)
	}
	row[13] = fmt.Sprintf("AAAA%06dxx", i)
	row[14] = fmt.Sprintf("BBBB%06dxx", i)
	row[15] = "OOOOxx"
	return row
}

func TestTenk1PageCountBulk(t *testing.T) {
	st := openStorage(t, t.TempDir(), 256)
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
	n, err := NumBlocks(st, rel)
	if err != nil {
		t.Fatal(err)
	}
	if n != 345 {
		t.Fatalf("tenk1 occupies %d pages, PostgreSQL 15 uses 345", n)
	}
	rows, tids := scanAll(t, st, rel, st.Txns().Begin(txn.ReadCommitted).StatementSnapshot())
	if len(rows) != 10000 {
		t.Fatalf("scan returned %d rows", len(rows))
	}
	if tids[0].String() != "(0,1)" || tids[29].String() != "(1,1)" || tids[9999].String() != "(344,24)" {
		t.Fatalf("tids %v %v %v", tids[0], tids[29], tids[9999])
	}
	for _, i := range []int{0, 1234, 9999} {
		for c, v := range tenk1Row(i) {
			if rows[i][c] != v {
				t.Fatalf("row %d col %d = %v, want %v", i, c, rows[i][c], v)
			}
		}
	}
	if st.Buffers().PinnedBuffers() != 0 {
		t.Fatal("buffers left pinned")
	}
}

func TestTenk1PageCountSingleRowInserts(t *testing.T) {
	st := openStorage(t, t.TempDir(), 256)
	defer st.Close()
	rel := tenk1Rel(st)
	createRel(t, st, rel)
	tx := st.Txns().Begin(txn.ReadCommitted)
	for i := 0; i < 10000; i++ {
		if _, err := Insert(bg, st, tx, rel, tenk1Row(i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if n, _ := NumBlocks(st, rel); n != 345 {
		t.Fatalf("tenk1 occupies %d pages, want 345", n)
	}
}

func TestRowTooBig(t *testing.T) {
	st := openStorage(t, t.TempDir(), 64)
	defer st.Close()
	rel := newRel(st, "wide", types.TInt4, types.TText)
	createRel(t, st, rel)
	tx := st.Txns().Begin(txn.ReadCommitted)
	defer tx.Abort()
	_, err := Insert(bg, st, tx, rel, []types.Datum{int64(1), strings.Repeat("x", 9000)})
	pe, ok := pgerror.As(err)
	if !ok || pe.Code != pgerror.ProgramLimitExceeded || pe.Message != "row is too big: size 9032, maximum size 8160" {
		t.Fatalf("got %v", err)
	}
	// The largest row that fits goes in.
	if _, err := Insert(bg, st, tx, rel, []types.Datum{int64(1), strings.Repeat("x", 8160-24-4-4)}); err != nil {
		t.Fatal(err)
	}
}

func TestFetchAndTIDs(t *testing.T) {
	st := openStorage(t, t.TempDir(), 64)
	defer st.Close()
	rel := newRel(st, "f", types.TInt4, types.TText)
	createRel(t, st, rel)
	tx := st.Txns().Begin(txn.ReadCommitted)
	tid, err := Insert(bg, st, tx, rel, []types.Datum{int64(42), "answer"})
	if err != nil {
		t.Fatal(err)
	}
	if tid.String() != "(0,1)" {
		t.Fatalf("tid %v", tid)
	}
	tx.CommandCounterIncrement()
	row, ok, err := Fetch(st, rel, tx.StatementSnapshot(), tid)
	if err != nil || !ok || row[0] != int64(42) || row[1] != "answer" {
		t.Fatalf("fetch: %v %v %v", row, ok, err)
	}
	other := st.Txns().Begin(txn.ReadCommitted)
	if _, ok, _ := Fetch(st, rel, other.StatementSnapshot(), tid); ok {
		t.Fatal("uncommitted row visible to another transaction")
	}
	if _, ok, _ := Fetch(st, rel, nil, table.TID{Block: 7, Offset: 1}); ok {
		t.Fatal("fetched a row past the end")
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	xmin, xmax, err := TupleXids(st, rel, tid)
	if err != nil || xmin != tx.XID() || xmax != 0 {
		t.Fatalf("xids %d %d %v", xmin, xmax, err)
	}
}

func TestScanDeformsOnlyRequestedColumns(t *testing.T) {
	st := openStorage(t, t.TempDir(), 64)
	defer st.Close()
	rel := newRel(st, "cols", types.TInt4, types.TText, types.TFloat8, types.TInt8)
	createRel(t, st, rel)
	tx := st.Txns().Begin(txn.ReadCommitted)
	bi := NewBulkInsert(st, tx, rel)
	for i := 0; i < 3000; i++ {
		var txt types.Datum = fmt.Sprint("row", i)
		if i%3 == 0 {
			txt = nil
		}
		if err := bi.Insert([]types.Datum{int64(i), txt, float64(i) / 2, int64(-i)}); err != nil {
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
	s := BeginScan(st, rel, snap, []int{3, 1})
	defer s.End()
	b := vector.NewBatch([]types.T{types.TInt8, types.TText}, vector.BatchSize)
	seen, batches := 0, 0
	for {
		ok, err := s.Next(bg, b)
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			break
		}
		batches++
		if b.Len() > vector.BatchSize || len(s.TIDs()) != b.Len() {
			t.Fatalf("batch of %d rows, %d tids", b.Len(), len(s.TIDs()))
		}
		for i := 0; i < b.Len(); i++ {
			n := seen + i
			if b.Cols[0].Ints[i] != int64(-n) {
				t.Fatalf("row %d: col 3 = %d", n, b.Cols[0].Ints[i])
			}
			if (n%3 == 0) != b.Cols[1].Nulls[i] || !b.Cols[1].Nulls[i] && b.Cols[1].Strs[i] != fmt.Sprint("row", n) {
				t.Fatalf("row %d: col 1 = %q null=%v", n, b.Cols[1].Strs[i], b.Cols[1].Nulls[i])
			}
		}
		seen += b.Len()
	}
	if seen != 3000 || batches != 3 {
		t.Fatalf("%d rows in %d batches", seen, batches)
	}
	if u := s.Usage(); u.SharedHit+u.SharedRead == 0 {
		t.Fatal("no buffer usage counted")
	}
}

func TestCorruptPageIsReportedNotPanicked(t *testing.T) {
	dir := t.TempDir()
	st := openStorage(t, dir, 64)
	rel := newRel(st, "c", types.TInt4)
	createRel(t, st, rel)
	tx := st.Txns().Begin(txn.ReadCommitted)
	Insert(bg, st, tx, rel, []types.Datum{int64(1)})
	tx.Commit()
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, rel.Locator().String())
	b, _ := os.ReadFile(path)
	binary.LittleEndian.PutUint16(b[12:], 9000) // pd_lower past the page
	os.WriteFile(path, b, 0o600)
	st = openStorage(t, dir, 64)
	defer st.Close()
	s := BeginScan(st, rel, st.Txns().Begin(txn.ReadCommitted).StatementSnapshot(), []int{0})
	defer s.End()
	_, err := s.Next(bg, vector.NewBatch([]types.T{types.TInt4}, vector.BatchSize))
	pe, _ := pgerror.As(err)
	if pe == nil || pe.Code != pgerror.DataCorrupted || !strings.Contains(pe.Message, "invalid page in block 0") {
		t.Fatalf("got %v", err)
	}
}

// TestConcurrentInsertsKeepEveryRow races inserters, each in its own
// transactions, on one relation that keeps growing: every row must be found
// at the TID its insert returned. A block being added while another
// inserter reads the last block must not have that inserter's row zeroed.
func TestConcurrentInsertsKeepEveryRow(t *testing.T) {
	st := openStorage(t, t.TempDir(), 256)
	defer st.Close()
	rel := newRel(st, "race", types.TInt4, types.TText)
	createRel(t, st, rel)
	const workers, rows = 4, 400
	type placed struct {
		tid table.TID
		id  int64
	}
	results := make([][]placed, workers)
	errs := make(chan error, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < rows; i++ {
				id := int64(w*rows + i)
				tx := st.Txns().Begin(txn.ReadCommitted)
				tid, err := Insert(bg, st, tx, rel, []types.Datum{id, strings.Repeat("r", 60)})
				if err != nil {
					tx.Abort()
					errs <- err
					return
				}
				if err := tx.Commit(); err != nil {
					errs <- err
					return
				}
				results[w] = append(results[w], placed{tid, id})
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	snap := st.Txns().Begin(txn.ReadCommitted).StatementSnapshot()
	for _, rs := range results {
		for _, p := range rs {
			row, ok, err := Fetch(st, rel, snap, p.tid)
			if err != nil || !ok || row[0] != p.id {
				t.Fatalf("row %d inserted at %v: fetched %v, %v, %v", p.id, p.tid, row, ok, err)
			}
		}
	}
}
