package executor_test

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/loomdb/loomdb/internal/executor"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/plannodes"
	"github.com/loomdb/loomdb/internal/types"
)

// memoizeOver returns a Memoize keyed by column 1 of relation 2 (the
// outer row, read from EState.OuterParams) over a Values Scan of rows.
func memoizeOver(keyType types.T, ts []types.T, rows [][]types.Datum, binary, singleRow bool) *plannodes.Memoize {
	child := valuesPlan(ts, rows)
	m := &plannodes.Memoize{ParamExprs: []nodes.Expr{vr(2, 1, keyType)}, BinaryMode: binary, SingleRow: singleRow}
	m.Lefttree = child
	m.TargetList = varsOf(nodes.OuterVar, ts)
	return m
}

// memoizeRun rescans ms for each key in turn, reading at most limit
// batches each time (0: all), and returns the rows of each run.
func memoizeRun(t *testing.T, es *executor.EState, ps executor.PlanState, keys []types.Datum, limit int) [][][]types.Datum {
	t.Helper()
	ctx := context.Background()
	var runs [][][]types.Datum
	for _, k := range keys {
		es.OuterParams = map[[2]int]types.Datum{{2, 1}: k}
		if err := ps.ReScan(ctx); err != nil {
			t.Fatal(err)
		}
		var rows [][]types.Datum
		for n := 0; limit == 0 || n < limit; n++ {
			b, err := ps.Exec(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if b == nil {
				break
			}
			checkBatch(t, b)
			for i := 0; i < b.Len(); i++ {
				rows = append(rows, b.Datums(i))
			}
		}
		runs = append(runs, rows)
	}
	return runs
}

func memoizeState(t *testing.T, p plannodes.Plan, es *executor.EState) *executor.MemoizeState {
	t.Helper()
	ps, err := executor.ExecInitNode(p, es)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := ps.End(); err != nil {
			t.Error(err)
		}
	})
	return ps.(*executor.MemoizeState)
}

func TestMemoizeHitsAndMisses(t *testing.T) {
	ts := []types.T{types.TInt4}
	rows := [][]types.Datum{{int64(1)}, {int64(2)}, {int64(3)}}
	es := newES(4096)
	ms := memoizeState(t, memoizeOver(types.TInt4, ts, rows, false, false), es)
	keys := []types.Datum{int64(1), int64(2), int64(1), nil, nil, int64(2)}
	for _, r := range memoizeRun(t, es, ms, keys, 0) {
		sameOrder(t, "run", r, rows)
	}
	st := ms.Stats()
	// 1, 2 and NULL miss once each; NULL keys equal each other.
	if st.Misses != 3 || st.Hits != 3 || st.Evictions != 0 || st.Overflows != 0 {
		t.Fatalf("stats %+v, want 3 misses and 3 hits", st)
	}
}

// TestMemoizeBinaryMode checks that binary mode tells -0 from 0, which
// equality (logical mode) takes as one key.
func TestMemoizeBinaryMode(t *testing.T) {
	ts := []types.T{types.TInt4}
	rows := [][]types.Datum{{int64(7)}}
	keys := []types.Datum{0.0, math.Copysign(0, -1), 0.0, math.NaN(), math.NaN()}
	for _, c := range []struct {
		binary       bool
		misses, hits int64
	}{{false, 2, 3}, {true, 3, 2}} {
		es := newES(4096)
		ms := memoizeState(t, memoizeOver(types.TFloat8, ts, rows, c.binary, false), es)
		for _, r := range memoizeRun(t, es, ms, keys, 0) {
			sameOrder(t, "run", r, rows)
		}
		if st := ms.Stats(); st.Misses != c.misses || st.Hits != c.hits {
			t.Errorf("binary %v: stats %+v, want %d misses and %d hits", c.binary, st, c.misses, c.hits)
		}
	}
}

// TestMemoizeEvictsAndOverflows fills a cache of 128kB (work_mem 64kB):
// entries of about 50kB evict the least recently used; an entry of about
// 200kB cannot be cached at all and is passed through.
func TestMemoizeEvictsAndOverflows(t *testing.T) {
	ts := []types.T{types.TInt4, types.TText}
	mk := func(n int) [][]types.Datum {
		var rows [][]types.Datum
		for i := 0; i < n; i++ {
			rows = append(rows, []types.Datum{int64(i), strings.Repeat("x", 1000)})
		}
		return rows
	}
	small := mk(50)
	es := newES(64)
	ms := memoizeState(t, memoizeOver(types.TInt4, ts, small, false, false), es)
	keys := []types.Datum{int64(1), int64(2), int64(3), int64(1), int64(3), int64(3)}
	for _, r := range memoizeRun(t, es, ms, keys, 0) {
		sameOrder(t, "run", r, small)
	}
	// Two entries fit: 3 evicts 1, so 1 misses again and evicts 2; 3
	// then hits twice.
	st := ms.Stats()
	if st.Misses != 4 || st.Hits != 2 || st.Evictions != 2 || st.Overflows != 0 {
		t.Fatalf("stats %+v, want 4 misses, 2 hits, 2 evictions", st)
	}
	if st.MemPeak > 128*1024 {
		t.Fatalf("peak memory %d exceeds the 128kB limit", st.MemPeak)
	}

	big := mk(200)
	es = newES(64)
	ms = memoizeState(t, memoizeOver(types.TInt4, ts, big, false, false), es)
	for _, r := range memoizeRun(t, es, ms, []types.Datum{int64(1), int64(1)}, 0) {
		sameOrder(t, "run", r, big)
	}
	if st := ms.Stats(); st.Misses != 2 || st.Hits != 0 || st.Overflows != 2 || st.MemPeak > 128*1024 {
		t.Fatalf("stats %+v, want 2 misses and 2 overflows within 128kB", st)
	}
}

// TestMemoizeIncompleteEntry stops reading after the first batch: the
// entry is incomplete, so the same key misses again and gets every row.
func TestMemoizeIncompleteEntry(t *testing.T) {
	ts := []types.T{types.TInt4}
	var rows [][]types.Datum
	for i := 0; i < 3000; i++ {
		rows = append(rows, []types.Datum{int64(i)})
	}
	es := newES(4096)
	ms := memoizeState(t, memoizeOver(types.TInt4, ts, rows, false, false), es)
	first := memoizeRun(t, es, ms, []types.Datum{int64(5)}, 1)
	if len(first[0]) == 0 || len(first[0]) >= len(rows) {
		t.Fatalf("the first batch has %d rows", len(first[0]))
	}
	runs := memoizeRun(t, es, ms, []types.Datum{int64(5), int64(5)}, 0)
	for _, r := range runs {
		sameOrder(t, "run", r, rows)
	}
	if st := ms.Stats(); st.Misses != 2 || st.Hits != 1 {
		t.Fatalf("stats %+v, want 2 misses and 1 hit", st)
	}
}

// TestMemoizeSingleRow completes an entry at its first row, as an
// inner-unique join reads no more.
func TestMemoizeSingleRow(t *testing.T) {
	ts := []types.T{types.TInt4}
	rows := [][]types.Datum{{int64(42)}}
	es := newES(4096)
	ms := memoizeState(t, memoizeOver(types.TInt4, ts, rows, false, true), es)
	first := memoizeRun(t, es, ms, []types.Datum{int64(1)}, 1)
	sameOrder(t, "first", first[0], rows)
	for _, r := range memoizeRun(t, es, ms, []types.Datum{int64(1), int64(1)}, 0) {
		sameOrder(t, "run", r, rows)
	}
	if st := ms.Stats(); st.Misses != 1 || st.Hits != 2 {
		t.Fatalf("stats %+v, want 1 miss and 2 hits", st)
	}
}
