package nbtree

import (
	"context"
	"fmt"
	"math/rand"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/storage"
	"github.com/loomdb/loomdb/internal/txn"
	"github.com/loomdb/loomdb/internal/types"
)

// parallelCollect runs a parallel scan with n participants and returns
// what each returned.
func parallelCollect(t *testing.T, st *storage.Storage, idx *Index, sks []ScanKey, dir Direction, n int) [][]table.TID {
	t.Helper()
	ps := NewParallelScan()
	out := make([][]table.TID, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for w := 0; w < n; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			s, err := BeginScan(st, idx, sks, ScanOptions{Direction: dir, Parallel: ps})
			if err != nil {
				errs[w] = err
				return
			}
			defer s.End()
			for {
				ok, err := s.Next(bg, nil)
				if err != nil {
					errs[w] = err
					return
				}
				if !ok {
					return
				}
				out[w] = append(out[w], s.TIDs()...)
			}
		}(w)
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// wideKey makes a text key of about 100 bytes, so that trees get deep.
func wideKey(k int) string { return fmt.Sprintf("%08d-%092d", k, k) }

func TestParallelScanReturnsEveryEntryOnce(t *testing.T) {
	st := openStorage(t, t.TempDir(), 1024)
	defer st.Close()
	rng := rand.New(rand.NewSource(3))
	hrel := newHeap(st, "par", []string{"a", "b"}, []types.T{types.TInt4, types.TText})
	createHeap(t, st, hrel)
	iA := newIndex(st, hrel, "par_a", false, 1)
	iB := newIndex(st, hrel, "par_b", false, 2)
	const n = 12000
	rows := make([][]types.Datum, n)
	for i := range rows {
		rows[i] = []types.Datum{int64(rng.Intn(500)), wideKey(rng.Intn(4000))}
	}
	tids := insertRows(t, st, hrel, nil, n, func(i int) []types.Datum { return rows[i-1] })
	buildIndex(t, st, iA, hrel)
	buildIndex(t, st, iB, hrel)
	for _, idx := range []*Index{iA, iB} {
		oracle := oracleFor(idx, rows, tids)
		keysets := [][]ScanKey{
			nil,
			{{Attno: 1, Strategy: Greater, Arg: oracle[n/3].vals[0]}},
			{{Attno: 1, Strategy: LessEqual, Arg: oracle[n/2].vals[0]}},
			{{Attno: 1, Strategy: Equal, Arg: oracle[n/4].vals[0]}},
			{{Attno: 1, Strategy: GreaterEqual, Arg: oracle[n/5].vals[0]}, {Attno: 1, Strategy: Less, Arg: oracle[4*n/5].vals[0]}},
			{{Attno: 1, Strategy: Less, Arg: oracle[0].vals[0]}},
		}
		for _, sks := range keysets {
			want := map[table.TID]bool{}
			for _, e := range oracle {
				if matches(idx.Keys, sks, e.vals) {
					want[e.tid] = true
				}
			}
			for _, dir := range []Direction{Forward, Backward} {
				for _, workers := range []int{1, 3, 6} {
					parts := parallelCollect(t, st, idx, sks, dir, workers)
					got := map[table.TID]bool{}
					for _, p := range parts {
						for _, tid := range p {
							if got[tid] {
								t.Fatalf("%s %s dir %d, %d workers: %s returned twice", idx.Name, describeKeys(sks), dir, workers, tid)
							}
							got[tid] = true
						}
					}
					if len(got) != len(want) {
						t.Fatalf("%s %s dir %d, %d workers: %d entries, want %d", idx.Name, describeKeys(sks), dir, workers, len(got), len(want))
					}
					for tid := range want {
						if !got[tid] {
							t.Fatalf("%s: %s missing", idx.Name, tid)
						}
					}
				}
			}
		}
	}
}

// TestParallelScanSharesWork has slow participants, so that each gets
// pages while the others are busy.
func TestParallelScanSharesWork(t *testing.T) {
	st := openStorage(t, t.TempDir(), 256)
	defer st.Close()
	hrel := newHeap(st, "sw", []string{"a"}, []types.T{types.TInt4})
	createHeap(t, st, hrel)
	idx := newIndex(st, hrel, "sw_a", false, 1)
	insertRows(t, st, hrel, nil, 30000, func(i int) []types.Datum { return []types.Datum{int64(i)} })
	buildIndex(t, st, idx, hrel)
	ps := NewParallelScan()
	const workers = 4
	counts := make([]int, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			s, err := BeginScan(st, idx, nil, ScanOptions{Parallel: ps})
			if err != nil {
				t.Error(err)
				return
			}
			for {
				ok, err := s.Next(bg, nil)
				if err != nil {
					t.Error(err)
					return
				}
				if !ok {
					return
				}
				counts[w] += len(s.TIDs())
				time.Sleep(2 * time.Millisecond)
			}
		}(w)
	}
	wg.Wait()
	total, busy := 0, 0
	for _, c := range counts {
		total += c
		if c > 0 {
			busy++
		}
	}
	if total != 30000 || busy < 2 {
		t.Fatalf("participants returned %v", counts)
	}
}

// TestParallelScanCancel makes sure that participants waiting for their
// turn give up when their context ends and leak nothing.
func TestParallelScanCancel(t *testing.T) {
	st := openStorage(t, t.TempDir(), 128)
	defer st.Close()
	hrel := newHeap(st, "pc", []string{"a"}, []types.T{types.TInt4})
	createHeap(t, st, hrel)
	idx := newIndex(st, hrel, "pc_a", false, 1)
	insertRows(t, st, hrel, nil, 3000, func(i int) []types.Datum { return []types.Datum{int64(i)} })
	buildIndex(t, st, idx, hrel)
	ps := NewParallelScan()
	// A participant that seized the scan and never releases it.
	if _, ok, err := ps.seize(bg); !ok || err != nil {
		t.Fatal(ok, err)
	}
	ctx, cancel := context.WithCancel(bg)
	done := make(chan error, 1)
	go func() {
		s, err := BeginScan(st, idx, nil, ScanOptions{Parallel: ps})
		if err != nil {
			done <- err
			return
		}
		_, err = s.Next(ctx, nil)
		done <- err
	}()
	cancel()
	if err := <-done; err == nil {
		t.Fatal("a cancelled participant returned no error")
	}
}

// TestScansDuringConcurrentInserts scans, serially and in parallel, in
// both directions, while other goroutines insert and split pages: every
// entry that existed before a scan started is returned exactly once, and
// no entry twice.
func TestScansDuringConcurrentInserts(t *testing.T) {
	st := openStorage(t, t.TempDir(), 512)
	defer st.Close()
	hrel := newHeap(st, "cs", []string{"a"}, []types.T{types.TText})
	createHeap(t, st, hrel)
	idx := newIndex(st, hrel, "cs_a", false, 1)
	createEmptyIndex(t, st, idx)
	pre := insertRows(t, st, hrel, []*Index{idx}, 3000, func(i int) []types.Datum { return []types.Datum{wideKey(i * 10)} })
	preSet := map[table.TID]bool{}
	for _, tid := range pre {
		preSet[tid] = true
	}
	ctx, cancel := context.WithCancel(bg)
	var wg sync.WaitGroup
	var inserted atomic.Int64
	var insertErr atomic.Value
	for w := 0; w < 2; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			rng := rand.New(rand.NewSource(int64(w)))
			for ctx.Err() == nil {
				tx := st.Txns().Begin(txn.ReadCommitted)
				for j := 0; j < 20; j++ {
					k := rng.Intn(30000)
					if _, err := insertOne(bg, st, tx, hrel, idx, []types.Datum{wideKey(k)}); err != nil {
						insertErr.Store(err)
						tx.Abort()
						return
					}
					inserted.Add(1)
				}
				if err := tx.Commit(); err != nil {
					insertErr.Store(err)
					return
				}
			}
		}(w)
	}
	check := func(tids []table.TID, what string) {
		seen := map[table.TID]bool{}
		for _, tid := range tids {
			if seen[tid] {
				t.Errorf("%s: %s twice", what, tid)
				return
			}
			seen[tid] = true
		}
		for tid := range preSet {
			if !seen[tid] {
				t.Errorf("%s: pre-existing %s missing", what, tid)
				return
			}
		}
	}
	for round := 0; round < 6 && !t.Failed(); round++ {
		for _, dir := range []Direction{Forward, Backward} {
			var all []table.TID
			for _, e := range runScan(t, st, idx, nil, dir) {
				all = append(all, e.tid)
			}
			check(all, fmt.Sprintf("serial scan dir %d", dir))
			all = all[:0]
			for _, p := range parallelCollect(t, st, idx, nil, dir, 3) {
				all = append(all, p...)
			}
			check(all, fmt.Sprintf("parallel scan dir %d", dir))
		}
	}
	cancel()
	wg.Wait()
	if err, _ := insertErr.Load().(error); err != nil {
		t.Fatal(err)
	}
	res := mustCheck(t, st, idx)
	if res.Entries != int64(len(pre))+inserted.Load() {
		t.Fatalf("%d entries, want %d", res.Entries, int64(len(pre))+inserted.Load())
	}
	t.Logf("%d concurrent inserts; %d levels, %d pages", inserted.Load(), res.Levels, res.Pages)
}
