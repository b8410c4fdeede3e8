package heap

import (
	"bufio"
	"context"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/storage"
	"github.com/loomdb/loomdb/internal/txn"
	"github.com/loomdb/loomdb/internal/types"
	"github.com/loomdb/loomdb/internal/vector"
)

// The crash tests run a workload in a child process (this test binary,
// re-executed with crashChildEnv set), kill it with SIGKILL at a random
// moment, reopen the data directory and check that every acknowledged
// commit survived and nothing uncommitted is visible.

const (
	crashChildEnv = "LOOMDB_HEAP_CRASH_CHILD"
	crashDirEnv   = "LOOMDB_HEAP_CRASH_DIR"
	crashBaseEnv  = "LOOMDB_HEAP_CRASH_BASE"
)

// crashRel is the relation the crash workloads use: (txn int4, seq int4, payload text).
func crashRel() *table.Relation {
	return &table.Relation{Oid: 90000, Name: "crash", DbOid: 5, RelFileNumber: 90000, Desc: &table.TupleDesc{Attrs: []table.Attr{
		{Name: "txn", Type: types.TInt4}, {Name: "seq", Type: types.TInt4}, {Name: "payload", Type: types.TText},
	}}}
}

// rowsPerTxn is how many rows workload transaction n inserts.
func rowsPerTxn(n int) int { return 1 + n%7 }

func payload(n, j int) string { return strings.Repeat(string(rune('a'+(n+j)%26)), 20+(n*j)%300) }

// crashChild runs a workload until killed and returns the exit code.
func crashChild(mode string) int {
	dir := os.Getenv(crashDirEnv)
	base, _ := strconv.Atoi(os.Getenv(crashBaseEnv))
	st, err := storage.Open(dir, storage.Options{SharedBuffers: 24, CheckpointTimeout: 40 * time.Millisecond})
	if err != nil {
		fmt.Println("error", err)
		return 1
	}
	rel := crashRel()
	ctx := context.Background()
	out := bufio.NewWriter(os.Stdout)
	say := func(format string, args ...any) {
		fmt.Fprintf(out, format+"\n", args...)
		out.Flush()
	}
	if !st.RelationExists(rel.Locator()) {
		tx := st.Txns().Begin(txn.ReadCommitted)
		if err := Create(st, rel, tx); err != nil {
			say("error %v", err)
			return 1
		}
		if err := tx.Commit(); err != nil {
			say("error %v", err)
			return 1
		}
	}
	fail := func(err error) int {
		say("error %v", err)
		return 1
	}
	switch mode {
	case "commits":
		rng := rand.New(rand.NewSource(int64(base)))
		var committed []int
		for n := base; ; n++ {
			tx := st.Txns().Begin(txn.ReadCommitted)
			k := rowsPerTxn(n)
			if n%2 == 0 {
				for j := 0; j < k; j++ {
					if _, err := Insert(ctx, st, tx, rel, []types.Datum{int64(n), int64(j), payload(n, j)}); err != nil {
						return fail(err)
					}
				}
			} else {
				bi := NewBulkInsert(st, tx, rel)
				for j := 0; j < k; j++ {
					if err := bi.Insert([]types.Datum{int64(n), int64(j), payload(n, j)}); err != nil {
						return fail(err)
					}
				}
				if err := bi.Finish(); err != nil {
					return fail(err)
				}
			}
			// Now and then also delete the rows of an earlier committed transaction.
			victim := -1
			if len(committed) > 0 && n%5 == 0 {
				i := rng.Intn(len(committed))
				victim = committed[i]
				committed = append(committed[:i], committed[i+1:]...)
				tx.CommandCounterIncrement()
				s := BeginScan(st, rel, tx.StatementSnapshot(), []int{0})
				rows, tids := collect(ctx, s)
				s.End()
				for i, r := range rows {
					if r == int64(victim) {
						if res, err := Delete(ctx, st, tx, rel, tids[i]); err != nil || res != table.TMOk {
							return fail(fmt.Errorf("delete %v: %v %v", tids[i], res, err))
						}
					}
				}
			}
			if n%9 == 4 {
				tx.Abort()
				say("abort %d", n)
				if victim >= 0 {
					committed = append(committed, victim)
				}
				continue
			}
			say("try %d %d", n, victim)
			if err := tx.Commit(); err != nil {
				return fail(err)
			}
			say("ack %d %d", n, victim)
			committed = append(committed, n)
		}
	case "bulk":
		for n := base; n < base+5; n++ {
			tx := st.Txns().Begin(txn.ReadCommitted)
			if _, err := Insert(ctx, st, tx, rel, []types.Datum{int64(n), int64(0), "small"}); err != nil {
				return fail(err)
			}
			if err := tx.Commit(); err != nil {
				return fail(err)
			}
			say("ack %d -1", n)
		}
		tx := st.Txns().Begin(txn.ReadCommitted)
		bi := NewBulkInsert(st, tx, rel)
		for j := 0; ; j++ {
			if err := bi.Insert([]types.Datum{int64(-1), int64(j), payload(j, j)}); err != nil {
				return fail(err)
			}
			if j%2000 == 1999 {
				say("progress %d", j+1)
			}
		}
	}
	return 2
}

// collect drains a one-column int scan.
func collect(ctx context.Context, s *Scan) ([]int64, []table.TID) {
	b := vector.NewBatch([]types.T{types.TInt4}, vector.BatchSize)
	var vals []int64
	var tids []table.TID
	for {
		ok, err := s.Next(ctx, b)
		if err != nil || !ok {
			return vals, tids
		}
		vals = append(vals, b.Cols[0].Ints[:b.N]...)
		tids = append(tids, s.TIDs()...)
	}
}

type childResult struct {
	acked   map[int]bool
	aborted map[int]bool
	deleted map[int]bool // victims of acknowledged deletes
	lines   int
	// inflight is the transaction that was committing when the child was
	// killed (-1 if none) and the transaction whose rows it deletes.
	inflight, inflightVictim int
}

// runChild starts the workload, kills it with SIGKILL once kill says so,
// and returns what it acknowledged.
func runChild(t *testing.T, dir, mode string, base int, kill func(line string, n int) bool) childResult {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+mode, crashDirEnv+"="+dir, crashBaseEnv+"="+strconv.Itoa(base))
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	res := childResult{acked: map[int]bool{}, aborted: map[int]bool{}, deleted: map[int]bool{}, inflight: -1}
	sc := bufio.NewScanner(stdout)
	killed := false
	deadline := time.AfterFunc(20*time.Second, func() { cmd.Process.Kill() })
	defer deadline.Stop()
	for sc.Scan() {
		line := sc.Text()
		res.lines++
		f := strings.Fields(line)
		switch f[0] {
		case "try":
			res.inflight, _ = strconv.Atoi(f[1])
			res.inflightVictim, _ = strconv.Atoi(f[2])
		case "ack":
			res.inflight = -1
			n, _ := strconv.Atoi(f[1])
			v, _ := strconv.Atoi(f[2])
			res.acked[n] = true
			if v >= 0 {
				res.deleted[v] = true
			}
		case "abort":
			n, _ := strconv.Atoi(f[1])
			res.aborted[n] = true
		case "error":
			t.Errorf("child: %s", line)
		}
		if !killed && kill(line, res.lines) {
			cmd.Process.Kill() // SIGKILL
			killed = true
		}
	}
	cmd.Wait()
	if !killed {
		t.Fatalf("child exited before it was killed")
	}
	return res
}

func TestCrashRecoveryKeepsEveryAcknowledgedCommit(t *testing.T) {
	dir := t.TempDir()
	seed := time.Now().UnixNano()
	rng := rand.New(rand.NewSource(seed))
	t.Logf("seed %d", seed)
	everAcked := map[int]bool{}
	everDeleted := map[int]bool{}
	everAborted := map[int]bool{}
	for iter := 0; iter < 6; iter++ {
		killAfter := 5 + rng.Intn(60)
		delay := time.Duration(rng.Intn(15)) * time.Millisecond
		res := runChild(t, dir, "commits", iter*100000, func(line string, n int) bool {
			if n >= killAfter {
				time.Sleep(delay) // let the child get somewhere in its next transaction
				return true
			}
			return false
		})
		for n := range res.acked {
			everAcked[n] = true
		}
		for n := range res.deleted {
			everDeleted[n] = true
		}
		for n := range res.aborted {
			everAborted[n] = true
		}

		st := openStorage(t, dir, 64)
		rel := crashRel()
		snap := st.Txns().Begin(txn.ReadCommitted).StatementSnapshot()
		rows, _ := scanAll(t, st, rel, snap)
		count := map[int]int{}
		for _, r := range rows {
			n, j := int(r[0].(int64)), int(r[1].(int64))
			if r[2].(string) != payload(n, j) {
				t.Fatalf("iteration %d: row (%d,%d) has a wrong payload", iter, n, j)
			}
			count[n]++
		}
		if n := res.inflight; n >= 0 {
			// Its commit may or may not have become durable before the kill,
			// but it is all or nothing: its rows and its delete together.
			switch count[n] {
			case rowsPerTxn(n):
				everAcked[n] = true
				if res.inflightVictim >= 0 {
					everDeleted[res.inflightVictim] = true
				}
			case 0:
				everAborted[n] = true
			default:
				t.Fatalf("iteration %d: in-flight transaction %d is partly visible", iter, n)
			}
		}
		for n := range everAcked {
			want := rowsPerTxn(n)
			if everDeleted[n] {
				want = 0
			}
			if count[n] != want {
				t.Fatalf("iteration %d: acknowledged transaction %d has %d rows, want %d", iter, n, count[n], want)
			}
		}
		for n, c := range count {
			if everAborted[n] {
				t.Fatalf("iteration %d: aborted transaction %d is visible", iter, n)
			}
			if c != rowsPerTxn(n) {
				t.Fatalf("iteration %d: transaction %d is partly visible (%d of %d rows)", iter, n, c, rowsPerTxn(n))
			}
		}
		t.Logf("iteration %d: killed after %d lines; %d transactions acknowledged so far, %d rows visible", iter, res.lines, len(everAcked), len(rows))
		// Vacuum after recovery must not disturb the survivors.
		if iter%2 == 1 {
			if _, tuples, err := Vacuum(bg, st, rel); err != nil || int(tuples) != len(rows) {
				t.Fatalf("vacuum after recovery: %v tuples, %v", tuples, err)
			}
		}
		if err := st.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestCrashMidBulkInsertLosesOnlyTheBulk(t *testing.T) {
	dir := t.TempDir()
	progress := 0
	res := runChild(t, dir, "bulk", 0, func(line string, n int) bool {
		if strings.HasPrefix(line, "progress") {
			progress++
		}
		return progress >= 3
	})
	if len(res.acked) != 5 {
		t.Fatalf("%d small transactions acknowledged", len(res.acked))
	}
	st := openStorage(t, dir, 64)
	defer st.Close()
	rel := crashRel()
	rows, _ := scanAll(t, st, rel, st.Txns().Begin(txn.ReadCommitted).StatementSnapshot())
	if len(rows) != 5 {
		t.Fatalf("%d rows visible after crash, want the 5 committed ones", len(rows))
	}
	for _, r := range rows {
		if r[0].(int64) < 0 {
			t.Fatal("a row of the uncommitted bulk insert is visible")
		}
	}
	raw, _ := scanAll(t, st, rel, nil)
	if len(raw) < 2000 {
		t.Fatalf("only %d tuples on disk; the bulk insert should have reached the pages", len(raw))
	}
	pages, tuples, err := Vacuum(bg, st, rel)
	if err != nil || tuples != 5 || pages != 1 {
		t.Fatalf("vacuum: relpages %d reltuples %v %v", pages, tuples, err)
	}
}

func TestTornHeapPageRepairedByFullPageImage(t *testing.T) {
	dir := t.TempDir()
	st := openStorage(t, dir, 64)
	rel := newRel(st, "torn", types.TInt4, types.TText)
	createRel(t, st, rel)
	tx := st.Txns().Begin(txn.ReadCommitted)
	for i := 0; i < 40; i++ {
		ins2(t, st, tx, rel, i, "before the checkpoint")
	}
	tx.Commit()
	if err := st.Checkpoint(bg); err != nil {
		t.Fatal(err)
	}
	// The first change after the checkpoint logs the whole page.
	tx = st.Txns().Begin(txn.ReadCommitted)
	ins2(t, st, tx, rel, 40, "after the checkpoint")
	tx.Commit()
	if err := st.Buffers().FlushAll(); err != nil {
		t.Fatal(err)
	}
	st.SimulateCrash()
	// Tear block 0: its last 4 kB become garbage, as if the write stopped halfway.
	f, err := os.OpenFile(filepath.Join(dir, rel.Locator().String()), os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	garbage := make([]byte, 4096)
	rand.New(rand.NewSource(1)).Read(garbage)
	if _, err := f.WriteAt(garbage, 4096); err != nil {
		t.Fatal(err)
	}
	f.Close()

	st = openStorage(t, dir, 64)
	defer st.Close()
	rows, _ := scanAll(t, st, rel, st.Txns().Begin(txn.ReadCommitted).StatementSnapshot())
	if len(rows) != 41 {
		t.Fatalf("%d rows after torn page recovery", len(rows))
	}
	for i, r := range rows {
		want := "before the checkpoint"
		if i == 40 {
			want = "after the checkpoint"
		}
		if r[0] != int64(i) || r[1] != want {
			t.Fatalf("row %d = %v", i, r)
		}
	}
}
