package commands

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/loomdb/loomdb/internal/access/heap"
	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/txn"
	"github.com/loomdb/loomdb/internal/types"
)

// TestPRNGMatchesPostgres checks pg_prng against PostgreSQL 15's
// random() after setseed(), which seeds with pg_prng_seed((2^52-1) × seed)
// (pg_prng_fseed).
func TestPRNGMatchesPostgres(t *testing.T) {
	for _, c := range []struct {
		seed float64
		want []string
	}{
		{0.5, []string{"0.9851677175347999", "0.825301858027981", "0.12974610012450416"}},
		{-0.25, []string{"0.5553213340039351"}},
	} {
		p := NewPRNG(uint64(int64(float64(1<<52-1) * c.seed)))
		for i, w := range c.want {
			if got := strconv.FormatFloat(p.Float64(), 'g', -1, 64); got != w {
				t.Errorf("setseed(%v) random() #%d = %s, want %s", c.seed, i+1, got, w)
			}
		}
	}
}

func TestBlockSampler(t *testing.T) {
	// Fewer blocks than the sample size: every block, in order.
	bs := NewBlockSampler(10, 20, 42)
	var got []uint32
	for bs.HasMore() {
		got = append(got, bs.Next())
	}
	if want := []uint32{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}; !slices.Equal(got, want) || bs.Selected() != 10 {
		t.Errorf("all blocks: got %v (%d selected)", got, bs.Selected())
	}
	// A real sample: n distinct increasing blocks, the same for the same seed.
	sample := func(seed uint32) []uint32 {
		bs := NewBlockSampler(1000, 100, seed)
		var out []uint32
		for bs.HasMore() {
			out = append(out, bs.Next())
		}
		return out
	}
	a, b, c := sample(7), sample(7), sample(8)
	if len(a) != 100 || !slices.IsSorted(a) || slices.Compact(slices.Clone(a))[99] != a[99] || a[99] >= 1000 {
		t.Errorf("sample of 100 of 1000 blocks: %v", a)
	}
	if !slices.Equal(a, b) || slices.Equal(a, c) {
		t.Errorf("seeding: same seed gave %v and %v; other seed %v", a, b, c)
	}
}

// TestAcquireSampleRowsSampling samples a table larger than the sample in
// blocks and rows: Algorithm S picks targrows blocks and the reservoir
// (Algorithm X, then Z) keeps targrows rows, returned in physical order.
func TestAcquireSampleRowsSampling(t *testing.T) {
	st := openStorage(t)
	rel := newRelation(t, st, "wide", []table.Attr{{Name: "id", Type: types.TInt4}, {Name: "pad", Type: types.TText}})
	const n = 3000
	rows := make([][]types.Datum, n)
	for i := range rows {
		rows[i] = []types.Datum{int64(i), strings.Repeat("p", 780)}
	}
	loadRows(t, st, rel, rows)
	nblocks, err := heap.NumBlocks(st, rel)
	if err != nil {
		t.Fatal(err)
	}
	for _, targrows := range []int{10, 100} {
		ids := func(seed uint64) []int64 {
			sample, total, dead, err := AcquireSampleRows(bg, st, rel, targrows, SampleOptions{Rand: NewPRNG(seed)})
			if err != nil {
				t.Fatal(err)
			}
			if len(sample) != targrows || dead != 0 {
				t.Fatalf("targrows %d: %d rows, %v dead", targrows, len(sample), dead)
			}
			// Every block holds the same number of rows but the last, so
			// the estimate is close to exact.
			if math.Abs(total-n) > n/100 || nblocks < 300 {
				t.Errorf("targrows %d: estimated %v rows of %d", targrows, total, n)
			}
			var out []int64
			for _, r := range sample {
				out = append(out, r[0].(int64))
				if r[1].(string) != strings.Repeat("p", 780) {
					t.Fatalf("bad row %v", r)
				}
			}
			if !slices.IsSorted(out) || len(slices.Compact(slices.Clone(out))) != len(out) {
				t.Errorf("targrows %d: sample not in physical order or repeated: %v", targrows, out)
			}
			return out
		}
		a, b, c := ids(1), ids(1), ids(2)
		if !slices.Equal(a, b) || slices.Equal(a, c) {
			t.Errorf("targrows %d: seeding not reproducible: %v %v %v", targrows, a, b, c)
		}
	}
}

// TestAcquireSampleRowsVisibility checks which tuples count as live and
// dead, as acquire_sample_rows counts them.
func TestAcquireSampleRowsVisibility(t *testing.T) {
	st := openStorage(t)
	rel := newRelation(t, st, "vis", []table.Attr{{Name: "id", Type: types.TInt4}})
	m := st.Txns()
	insert := func(tx *txn.Txn, ids ...int64) []table.TID {
		var tids []table.TID
		for _, id := range ids {
			tid, err := heap.Insert(bg, st, tx, rel, []types.Datum{id})
			if err != nil {
				t.Fatal(err)
			}
			tids = append(tids, tid)
		}
		return tids
	}
	del := func(tx *txn.Txn, tids ...table.TID) {
		for _, tid := range tids {
			if res, err := heap.Delete(bg, st, tx, rel, tid); err != nil || res != table.TMOk {
				t.Fatalf("delete %v: %v %v", tid, res, err)
			}
		}
	}
	base := m.Begin(txn.ReadCommitted)
	var ids []int64
	for i := int64(0); i < 20; i++ {
		ids = append(ids, i)
	}
	tids := insert(base, ids...)
	if err := base.Commit(); err != nil {
		t.Fatal(err)
	}
	deleter := m.Begin(txn.ReadCommitted) // committed delete: dead
	del(deleter, tids[0], tids[1])
	if err := deleter.Commit(); err != nil {
		t.Fatal(err)
	}
	aborted := m.Begin(txn.ReadCommitted) // aborted insert: dead
	insert(aborted, 100, 101)
	aborted.Abort()
	inserting := m.Begin(txn.ReadCommitted) // another's insert in progress: not counted
	insert(inserting, 200, 201, 202)
	deleting := m.Begin(txn.ReadCommitted) // another's delete in progress: live
	del(deleting, tids[2], tids[3], tids[4], tids[5])
	own := m.Begin(txn.ReadCommitted) // our inserts: live; our delete: dead
	insert(own, 300, 301, 302, 303, 304)
	del(own, tids[6])
	defer inserting.Abort()
	defer deleting.Abort()
	defer own.Abort()

	rows, live, dead, err := AcquireSampleRows(bg, st, rel, 1000, SampleOptions{Txn: own, Rand: NewPRNG(3)})
	if err != nil {
		t.Fatal(err)
	}
	if live != 22 || dead != 5 {
		t.Errorf("live %v dead %v, want 22 and 5", live, dead)
	}
	var got []int64
	for _, r := range rows {
		got = append(got, r[0].(int64))
	}
	want := []int64{2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 300, 301, 302, 303, 304}
	if !slices.Equal(got, want) {
		t.Errorf("sample %v, want %v", got, want)
	}
	// Without the analyzing transaction, its changes are another's.
	_, live, dead, err = AcquireSampleRows(bg, st, rel, 1000, SampleOptions{Rand: NewPRNG(3)})
	if err != nil {
		t.Fatal(err)
	}
	if live != 18 || dead != 4 {
		t.Errorf("as an outsider: live %v dead %v, want 18 and 4", live, dead)
	}
}

// TestAnalyzeOptions checks column selection and targets.
func TestAnalyzeOptions(t *testing.T) {
	st := openStorage(t)
	rel := newRelation(t, st, "opt", []table.Attr{{Name: "a", Type: types.TInt4}, {Name: "gone", Type: types.TInt4, Dropped: true}, {Name: "c", Type: types.TText}})
	var rows [][]types.Datum
	for i := int64(0); i < 1000; i++ {
		rows = append(rows, []types.Datum{i % 50, nil, strconv.FormatInt(i%7, 10)})
	}
	loadRows(t, st, rel, rows)
	res, err := Analyze(bg, st, rel, Options{ColumnTargets: map[int]int{3: 0}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Stats) != 1 || res.Stats[1] == nil || res.Stats[1].Distinct != 50 {
		t.Errorf("stats %v", res.Stats)
	}
	res, err = Analyze(bg, st, rel, Options{StatisticsTarget: 10, Columns: []int{3}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Stats) != 1 || len(res.Stats[3].MCV) != 7 || res.SampleRows != 1000 {
		t.Errorf("stats %v", res.Stats)
	}
	// A target of 10 keeps at most 10 MCVs and 11 histogram bounds.
	res, err = Analyze(bg, st, rel, Options{StatisticsTarget: 10, Columns: []int{1}})
	if err != nil {
		t.Fatal(err)
	}
	if s := res.Stats[1]; len(s.MCV) > 10 || len(s.Histogram) > 11 {
		t.Errorf("target 10: %d MCVs, %d bounds", len(s.MCV), len(s.Histogram))
	}
	for _, cols := range [][]int{{2}, {1, 1}, {9}} {
		if _, err := Analyze(bg, st, rel, Options{Columns: cols}); err == nil {
			t.Errorf("columns %v accepted", cols)
		}
	}
	// An empty table: no statistics, zero tuples.
	empty := newRelation(t, st, "empty", []table.Attr{{Name: "a", Type: types.TInt4}})
	res, err = Analyze(bg, st, empty, Options{})
	if err != nil || res.RelTuples != 0 || res.RelPages != 0 || len(res.Stats) != 0 {
		t.Errorf("empty table: %+v %v", res, err)
	}
}

// TestAnalyzeMcvList checks analyze_mcv_list's cut-off on samples that do
// not cover the table (the tables compared with PostgreSQL are read whole,
// where every MCV is kept).
func TestAnalyzeMcvList(t *testing.T) {
	counts := []int{300, 200, 20, 12, 11, 9, 8}
	for _, c := range []struct {
		counts             []int
		distinct, nullfrac float64
		samplerows         int
		totalrows          float64
		want               int
	}{
		{counts, 5000, 0, 30000, 1e6, 3},
		{counts, -0.5, 0.1, 30000, 1e6, 7},
		{[]int{3, 3, 3}, 100, 0, 300, 300, 3},
		{[]int{9, 8, 7}, 2000, 0, 3000, 50000, 2},
	} {
		if got := analyzeMcvList(c.counts, c.distinct, c.nullfrac, c.samplerows, c.totalrows); got != c.want {
			t.Errorf("%v (distinct %v, nullfrac %v, %d of %v rows): kept %d, want %d", c.counts, c.distinct, c.nullfrac, c.samplerows, c.totalrows, got, c.want)
		}
	}
	// Duj1 with a partial sample: 100 rows seen, 60 distinct, 40 of them once.
	if got := haasStokes(40, 60, 100, 0, 10000, 0); got != math.Floor(100*60/(60+40*100/10000.0)+0.5) {
		t.Errorf("haasStokes = %v", got)
	}
}
