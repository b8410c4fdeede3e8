package nbtree

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/loomdb/loomdb/internal/access/heap"
	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/storage"
	"github.com/loomdb/loomdb/internal/txn"
	"github.com/loomdb/loomdb/internal/types"
	"github.com/loomdb/loomdb/internal/vector"
)

// The crash test runs inserts in a child process (this test binary,
// re-executed with crashChildEnv set), kills it with SIGKILL at a random
// moment, reopens the data directory and checks that every acknowledged
// row is found through both indexes and that the trees are sound.

const (
	crashChildEnv = "LOOMDB_NBTREE_CRASH_CHILD"
	crashDirEnv   = "LOOMDB_NBTREE_CRASH_DIR"
	crashBaseEnv  = "LOOMDB_NBTREE_CRASH_BASE"
)

// crashRels are the relations of the crash workload: heap (n, j, k text,
// u int8), a non-unique index on k (many duplicates, wide keys) and a
// unique index on u = n*100+j.
func crashRels() (*table.Relation, *Index, *Index) {
	hrel := &table.Relation{Oid: 91000, Name: "crash", DbOid: 5, RelFileNumber: 91000, Desc: &table.TupleDesc{Attrs: []table.Attr{
		{Name: "n", Type: types.TInt4}, {Name: "j", Type: types.TInt4}, {Name: "k", Type: types.TText}, {Name: "u", Type: types.TInt8},
	}}}
	ik := &Index{Oid: 91001, Name: "crash_k", DbOid: 5, RelFileNumber: 91001, Keys: []KeyColumn{{Name: "k", Attno: 3, Type: types.TText}}}
	iu := &Index{Oid: 91002, Name: "crash_u", DbOid: 5, RelFileNumber: 91002, Unique: true, Keys: []KeyColumn{{Name: "u", Attno: 4, Type: types.TInt8}}}
	return hrel, ik, iu
}

func crashRowsPerTxn(n int) int { return 1 + n%9 }

func crashRow(n, j int) []types.Datum {
	h := uint32(n*7919+j*104729) * 2654435761
	return []types.Datum{int64(n), int64(j), fmt.Sprintf("k%05d-%s", h%3000, strings.Repeat("x", int(h%40))), int64(n*100 + j)}
}

func crashChild(mode string) int {
	dir := os.Getenv(crashDirEnv)
	base, _ := strconv.Atoi(os.Getenv(crashBaseEnv))
	st, err := storage.Open(dir, storage.Options{SharedBuffers: 32, CheckpointTimeout: 30 * time.Millisecond})
	if err != nil {
		fmt.Println("error", err)
		return 1
	}
	out := bufio.NewWriter(os.Stdout)
	say := func(format string, args ...any) {
		fmt.Fprintf(out, format+"\n", args...)
		out.Flush()
	}
	fail := func(err error) int {
		say("error %v", err)
		return 1
	}
	ctx := context.Background()
	hrel, ik, iu := crashRels()
	if !st.RelationExists(hrel.Locator()) {
		tx := st.Txns().Begin(txn.ReadCommitted)
		if err := heap.Create(st, hrel, tx); err != nil {
			return fail(err)
		}
		if err := Create(st, ik, tx); err != nil {
			return fail(err)
		}
		if err := Create(st, iu, tx); err != nil {
			return fail(err)
		}
		if err := tx.Commit(); err != nil {
			return fail(err)
		}
	}
	say("ready")
	for n := base; ; n++ {
		tx := st.Txns().Begin(txn.ReadCommitted)
		for j := 0; j < crashRowsPerTxn(n); j++ {
			row := crashRow(n, j)
			tid, err := heap.Insert(ctx, st, tx, hrel, row)
			if err != nil {
				return fail(err)
			}
			if err := Insert(ctx, st, tx, ik, hrel, []types.Datum{row[2]}, tid); err != nil {
				return fail(err)
			}
			if err := Insert(ctx, st, tx, iu, hrel, []types.Datum{row[3]}, tid); err != nil {
				return fail(err)
			}
		}
		if n%7 == 3 {
			tx.Abort()
			say("abort %d", n)
			continue
		}
		say("try %d", n)
		if err := tx.Commit(); err != nil {
			return fail(err)
		}
		say("ack %d", n)
	}
}

// runCrashChild starts the workload and SIGKILLs it once it has
// acknowledged killAfter commits (plus a random delay).
func runCrashChild(t *testing.T, dir string, base, killAfter int, delay time.Duration) (acked map[int]bool, inflight int) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), crashChildEnv+"=inserts", crashDirEnv+"="+dir, crashBaseEnv+"="+strconv.Itoa(base))
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	acked, inflight = map[int]bool{}, -1
	deadline := time.AfterFunc(30*time.Second, func() { cmd.Process.Kill() })
	defer deadline.Stop()
	sc := bufio.NewScanner(stdout)
	killed := false
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		switch f[0] {
		case "try":
			inflight, _ = strconv.Atoi(f[1])
		case "ack":
			n, _ := strconv.Atoi(f[1])
			acked[n] = true
			inflight = -1
		case "error":
			t.Errorf("child: %s", sc.Text())
		}
		if !killed && len(acked) >= killAfter {
			time.Sleep(delay)
			cmd.Process.Kill() // SIGKILL
			killed = true
		}
	}
	cmd.Wait()
	if !killed {
		t.Fatal("child exited before it was killed")
	}
	return acked, inflight
}

// indexMap returns, for every entry of idx, its key by heap TID.
func indexMap(t *testing.T, st *storage.Storage, idx *Index) map[table.TID]types.Datum {
	t.Helper()
	out := map[table.TID]types.Datum{}
	for _, e := range runScan(t, st, idx, nil, Forward) {
		if _, dup := out[e.tid]; dup {
			t.Fatalf("%s: heap tid %s indexed twice", idx.Name, e.tid)
		}
		out[e.tid] = e.vals[0]
	}
	return out
}

func TestCrashRecoveryKeepsCommittedEntries(t *testing.T) {
	dir := t.TempDir()
	seed := time.Now().UnixNano()
	rng := rand.New(rand.NewSource(seed))
	t.Logf("seed %d", seed)
	everAcked := map[int]bool{}
	incomplete := 0
	for iter := 0; iter < 5; iter++ {
		acked, inflight := runCrashChild(t, dir, iter*100000, 20+rng.Intn(150), time.Duration(rng.Intn(20))*time.Millisecond)
		for n := range acked {
			everAcked[n] = true
		}
		st := openStorage(t, dir, 256)
		hrel, ik, iu := crashRels()
		for _, idx := range []*Index{ik, iu} {
			res := mustCheck(t, st, idx)
			incomplete += res.IncompleteSplits
		}
		// Every visible row is in both indexes under its key.
		snap := st.Txns().Begin(txn.ReadCommitted).StatementSnapshot()
		s := heap.BeginScan(st, hrel, snap, []int{0, 1, 2, 3})
		b := vector.NewBatch(hrel.Desc.Types(), vector.BatchSize)
		km, um := indexMap(t, st, ik), indexMap(t, st, iu)
		visible := map[int]int{}
		for {
			ok, err := s.Next(bg, b)
			if err != nil {
				t.Fatal(err)
			}
			if !ok {
				break
			}
			for i, tid := range s.TIDs() {
				row := b.Datums(i)
				n, j := int(row[0].(int64)), int(row[1].(int64))
				want := crashRow(n, j)
				if km[tid] != want[2] || um[tid] != want[3] {
					t.Fatalf("iteration %d: row (%d,%d) at %s indexed as %v / %v", iter, n, j, tid, km[tid], um[tid])
				}
				visible[n]++
			}
		}
		s.End()
		if inflight >= 0 && visible[inflight] == crashRowsPerTxn(inflight) {
			everAcked[inflight] = true
		}
		for n := range everAcked {
			if visible[n] != crashRowsPerTxn(n) {
				t.Fatalf("iteration %d: acknowledged transaction %d has %d visible rows, want %d", iter, n, visible[n], crashRowsPerTxn(n))
			}
			// And the unique index finds each of its rows by key.
			for j := 0; j < crashRowsPerTxn(n); j++ {
				found := 0
				for _, e := range runScan(t, st, iu, []ScanKey{{Attno: 1, Strategy: Equal, Arg: int64(n*100 + j)}}, Forward) {
					if _, ok, _ := heap.Fetch(st, hrel, snap, e.tid); ok {
						found++
					}
				}
				if found != 1 {
					t.Fatalf("iteration %d: unique key %d found %d times", iter, n*100+j, found)
				}
			}
		}
		for n, c := range visible {
			if c != crashRowsPerTxn(n) || !everAcked[n] && n != inflight {
				t.Fatalf("iteration %d: transaction %d has %d visible rows", iter, n, c)
			}
		}
		// The recovered trees take more inserts (finishing any split a
		// crash interrupted) and stay sound.
		tx := st.Txns().Begin(txn.ReadCommitted)
		for j := 0; j < 200; j++ {
			row := crashRow(-1-iter, j)
			row[3] = int64(-1 - iter*1000 - j)
			tid, err := heap.Insert(bg, st, tx, hrel, row)
			if err != nil {
				t.Fatal(err)
			}
			if err := Insert(bg, st, tx, ik, hrel, []types.Datum{row[2]}, tid); err != nil {
				t.Fatal(err)
			}
			if err := Insert(bg, st, tx, iu, hrel, []types.Datum{row[3]}, tid); err != nil {
				t.Fatal(err)
			}
		}
		tx.Abort()
		for _, idx := range []*Index{ik, iu} {
			mustCheck(t, st, idx)
		}
		t.Logf("iteration %d: %d transactions acknowledged so far, %d rows visible", iter, len(everAcked), len(km))
		if err := st.Close(); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("incomplete splits seen after crashes: %d", incomplete)
}

// TestIncompleteSplitIsFinished stops insertions between a page split and
// the insertion of its downlink, as a crash at that moment would, crashes,
// recovers, and lets later inserts finish the splits.
func TestIncompleteSplitIsFinished(t *testing.T) {
	dir := t.TempDir()
	st := openStorage(t, dir, 128)
	hrel := newHeap(st, "is", []string{"a"}, []types.T{types.TText})
	createHeap(t, st, hrel)
	idx := newIndex(st, hrel, "is_a", false, 1)
	createEmptyIndex(t, st, idx)
	errStop := errors.New("stopped between split and parent insertion")
	stops := 0
	rows := 0
	defer func() { testHookBeforeParentInsert = nil }()
	tx := st.Txns().Begin(txn.ReadCommitted)
	insert := func(k int) error {
		row := []types.Datum{wideKey(k)}
		tid, err := heap.Insert(bg, st, tx, hrel, row)
		if err != nil {
			return err
		}
		return Insert(bg, st, tx, idx, hrel, row, tid)
	}
	// Stop the first root split, then one leaf split in a deeper tree.
	testHookBeforeParentInsert = func() error { stops++; return errStop }
	for k := 0; stops == 0; k++ {
		if err := insert(k * 7 % 1000); err != nil && !errors.Is(err, errStop) {
			t.Fatal(err)
		}
		rows++
	}
	res := mustCheck(t, st, idx)
	if res.IncompleteSplits != 1 {
		t.Fatalf("%d incomplete splits after a stopped root split", res.IncompleteSplits)
	}
	testHookBeforeParentInsert = nil
	for k := 0; k < 3000; k++ {
		if err := insert(1000 + k*7919%5000); err != nil {
			t.Fatal(err)
		}
		rows++
	}
	if res := mustCheck(t, st, idx); res.IncompleteSplits != 0 || res.Levels < 2 {
		t.Fatalf("after more inserts: %+v", res)
	}
	testHookBeforeParentInsert = func() error { stops++; return errStop }
	for stops == 1 {
		if err := insert(rand.Intn(100000)); err != nil && !errors.Is(err, errStop) {
			t.Fatal(err)
		}
		rows++
	}
	testHookBeforeParentInsert = nil
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	// Make the WAL durable, lose every dirty page, and recover.
	if err := st.XLogFlush(st.InsertLSN()); err != nil {
		t.Fatal(err)
	}
	st.SimulateCrash()
	st = openStorage(t, dir, 128)
	defer st.Close()
	idx = &Index{Oid: idx.Oid, Name: idx.Name, DbOid: idx.DbOid, RelFileNumber: idx.RelFileNumber, Keys: idx.Keys}
	res = mustCheck(t, st, idx)
	if res.IncompleteSplits != 1 || res.Entries != int64(rows) {
		t.Fatalf("after recovery: %+v, want 1 incomplete split and %d entries", res, rows)
	}
	tx = st.Txns().Begin(txn.ReadCommitted)
	for k := 0; k < 2000; k++ {
		if err := insert(rand.Intn(100000)); err != nil {
			t.Fatal(err)
		}
		rows++
	}
	tx.Commit()
	res = mustCheck(t, st, idx)
	if res.IncompleteSplits != 0 || res.Entries != int64(rows) {
		t.Fatalf("finishing the split: %+v, want %d entries", res, rows)
	}
	if got := runScan(t, st, idx, nil, Backward); len(got) != rows {
		t.Fatalf("backward scan returned %d of %d", len(got), rows)
	}
}

// TestBuiltIndexSurvivesCrash builds an index, commits, and crashes before
// any of its pages reached the disk: recovery rebuilds it from the WAL.
func TestBuiltIndexSurvivesCrash(t *testing.T) {
	dir := t.TempDir()
	st := openStorage(t, dir, 256)
	hrel := newHeap(st, "bc", []string{"a", "b"}, []types.T{types.TInt4, types.TText})
	createHeap(t, st, hrel)
	rows := insertRows(t, st, hrel, nil, 5000, func(i int) []types.Datum { return []types.Datum{int64(i % 97), wideKey(i)} })
	if err := st.Checkpoint(bg); err != nil {
		t.Fatal(err)
	}
	ia := newIndex(st, hrel, "bc_a", false, 1)
	ib := newIndex(st, hrel, "bc_b", true, 2)
	buildIndex(t, st, ia, hrel)
	buildIndex(t, st, ib, hrel)
	pa, _ := NumPages(st, ia)
	pb, _ := NumPages(st, ib)
	st.SimulateCrash()
	st = openStorage(t, dir, 256)
	defer st.Close()
	for _, idx := range []*Index{ia, ib} {
		idx = &Index{Oid: idx.Oid, Name: idx.Name, DbOid: idx.DbOid, RelFileNumber: idx.RelFileNumber, Keys: idx.Keys, Unique: idx.Unique}
		res := mustCheck(t, st, idx)
		if res.Entries != int64(len(rows)) {
			t.Fatalf("%s: %d entries after recovery", idx.Name, res.Entries)
		}
		n, _ := NumPages(st, idx)
		if n != map[string]uint32{"bc_a": pa, "bc_b": pb}[idx.Name] {
			t.Fatalf("%s: %d pages after recovery", idx.Name, n)
		}
	}
}
