package nbtree

import (
	"fmt"
	"math/rand"
	"sort"
	"testing"

	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/storage"
	"github.com/loomdb/loomdb/internal/types"
	"github.com/loomdb/loomdb/internal/vector"
)

// entry is an oracle index entry.
type entry struct {
	vals []types.Datum
	tid  table.TID
}

func (e entry) String() string { return fmt.Sprintf("%v@%s", e.vals, e.tid) }

// oracleCmp orders key values as the index's columns say, written
// independently of the package's comparators.
func oracleCmp(keys []KeyColumn, x, y []types.Datum) int {
	for i, k := range keys {
		a, b := x[i], y[i]
		var c int
		switch {
		case a == nil && b == nil:
			c = 0
		case a == nil:
			c = 1
			if k.NullsFirst {
				c = -1
			}
		case b == nil:
			c = -1
			if k.NullsFirst {
				c = 1
			}
		default:
			c = types.Compare(k.Type, a, b)
			if k.Desc {
				c = -c
			}
		}
		if c != 0 {
			return c
		}
	}
	return 0
}

func sortOracle(keys []KeyColumn, es []entry) {
	sort.Slice(es, func(i, j int) bool {
		if c := oracleCmp(keys, es[i].vals, es[j].vals); c != 0 {
			return c < 0
		}
		return es[i].tid.Less(es[j].tid)
	})
}

// matches evaluates scan keys on an entry.
func matches(keys []KeyColumn, sks []ScanKey, vals []types.Datum) bool {
	for _, sk := range sks {
		v := vals[sk.Attno-1]
		switch {
		case sk.SearchNull:
			if v != nil {
				return false
			}
			continue
		case sk.SearchNotNull:
			if v == nil {
				return false
			}
			continue
		}
		if v == nil || sk.Arg == nil {
			return false
		}
		c := types.Compare(keys[sk.Attno-1].Type, v, sk.Arg)
		ok := false
		switch sk.Strategy {
		case Less:
			ok = c < 0
		case LessEqual:
			ok = c <= 0
		case Equal:
			ok = c == 0
		case GreaterEqual:
			ok = c >= 0
		case Greater:
			ok = c > 0
		}
		if !ok {
			return false
		}
	}
	return true
}

// runScan returns every entry a scan produces, keys included.
func runScan(t testing.TB, st *storage.Storage, idx *Index, sks []ScanKey, dir Direction) []entry {
	t.Helper()
	s, err := BeginScan(st, idx, sks, ScanOptions{Direction: dir, WantKeys: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.End()
	return scanEntries(t, s, idx, sks)
}

// scanEntries reads the rest of scan s, begun or restarted with sks.
func scanEntries(t testing.TB, s *Scan, idx *Index, sks []ScanKey) []entry {
	t.Helper()
	ts := make([]types.T, len(idx.Keys))
	for i, k := range idx.Keys {
		ts[i] = k.Type
	}
	b := vector.NewBatch(ts, vector.BatchSize)
	var out []entry
	for {
		ok, err := s.Next(bg, b)
		if err != nil {
			t.Fatalf("scan %s %v: %v", idx.Name, sks, err)
		}
		if !ok {
			break
		}
		tids := s.TIDs()
		if b.Len() != len(tids) {
			t.Fatalf("batch of %d keys for %d tids", b.Len(), len(tids))
		}
		for i, tid := range tids {
			out = append(out, entry{vals: b.Datums(i), tid: tid})
		}
	}
	return out
}

// checkScan compares a scan with the oracle: forward scans return entries
// in exact (key, TID) order; backward scans return keys in reverse order
// (PostgreSQL returns a posting list's TIDs in ascending order even then),
// so TIDs are compared per key.
func checkScan(t testing.TB, st *storage.Storage, idx *Index, oracle []entry, sks []ScanKey, dir Direction) int {
	t.Helper()
	return checkEntries(t, idx, oracle, sks, dir, runScan(t, st, idx, sks, dir))
}

// checkEntries compares the entries got of a scan with sks in direction
// dir with the oracle, as checkScan does.
func checkEntries(t testing.TB, idx *Index, oracle []entry, sks []ScanKey, dir Direction, got []entry) int {
	t.Helper()
	var want []entry
	for _, e := range oracle {
		if matches(idx.Keys, sks, e.vals) {
			want = append(want, e)
		}
	}
	if len(got) != len(want) {
		t.Fatalf("%s %v dir %d: %d entries, want %d", idx.Name, describeKeys(sks), dir, len(got), len(want))
	}
	if dir == Forward {
		for i := range got {
			if oracleCmp(idx.Keys, got[i].vals, want[i].vals) != 0 || got[i].tid != want[i].tid {
				t.Fatalf("%s %v forward: entry %d is %v, want %v", idx.Name, describeKeys(sks), i, got[i], want[i])
			}
		}
		return len(got)
	}
	for i := range got {
		w := want[len(want)-1-i]
		if oracleCmp(idx.Keys, got[i].vals, w.vals) != 0 {
			t.Fatalf("%s %v backward: entry %d has key %v, want %v", idx.Name, describeKeys(sks), i, got[i].vals, w.vals)
		}
	}
	// Same (key, tid) multiset: sort both.
	sortOracle(idx.Keys, got)
	for i := range got {
		if got[i].tid != want[i].tid {
			t.Fatalf("%s %v backward: entries differ at %d: %v vs %v", idx.Name, describeKeys(sks), i, got[i], want[i])
		}
	}
	return len(got)
}

func describeKeys(sks []ScanKey) string {
	s := ""
	for _, k := range sks {
		switch {
		case k.SearchNull:
			s += fmt.Sprintf("[%d IS NULL]", k.Attno)
		case k.SearchNotNull:
			s += fmt.Sprintf("[%d IS NOT NULL]", k.Attno)
		default:
			s += fmt.Sprintf("[%d %s %v]", k.Attno, []string{"", "<", "<=", "=", ">=", ">"}[k.Strategy], k.Arg)
		}
	}
	return s
}

// scanRows is the test table: a int4 (NULLs, duplicates), b text (NULLs,
// few values), c int8 (unique), d float8 (duplicates, -0 and 0), e numeric.
var scanCols = []string{"a", "b", "c", "d", "e"}
var scanTypes = []types.T{types.TInt4, types.TText, types.TInt8, types.TFloat8, types.TNumeric}

func scanRow(rng *rand.Rand, i int) []types.Datum {
	var a, b, d, e types.Datum
	if rng.Intn(10) != 0 {
		a = int64(rng.Intn(300) - 50)
	}
	if rng.Intn(8) != 0 {
		b = fmt.Sprintf("s%03d", rng.Intn(40))
		if rng.Intn(20) == 0 {
			b = fmt.Sprintf("long-%0200d", rng.Intn(5))
		}
	}
	if rng.Intn(12) != 0 {
		d = float64(rng.Intn(30)) / 4
		if d == 0.0 && rng.Intn(2) == 0 {
			d = negZero()
		}
	}
	if rng.Intn(9) != 0 {
		n, _ := types.ParseNumeric(fmt.Sprintf("%d.%d", rng.Intn(50), rng.Intn(3)))
		e = n
	}
	return []types.Datum{a, b, int64(i), d, e}
}

func negZero() float64 {
	z := 0.0
	return -z
}

// scanIndexes are the indexes the scan tests use.
func scanIndexes(st *storage.Storage, hrel *table.Relation) []*Index {
	i1 := newIndex(st, hrel, "scan_a", false, 1)
	i2 := newIndex(st, hrel, "scan_a_desc_b", false, 1, 2)
	i2.Keys[0].Desc, i2.Keys[0].NullsFirst = true, true
	i3 := newIndex(st, hrel, "scan_b_nf_a_desc", false, 2, 1)
	i3.Keys[0].NullsFirst = true
	i3.Keys[1].Desc = true
	i4 := newIndex(st, hrel, "scan_d_e", false, 4, 5)
	i4.Keys[0].Desc = true
	i5 := newIndex(st, hrel, "scan_c", true, 3)
	// Two integer keys, DESC and NULLS FIRST: a build sorts these without
	// boxing them (intSpoolItem).
	i6 := newIndex(st, hrel, "scan_a_nf_desc_c", false, 1, 3)
	i6.Keys[0].Desc, i6.Keys[0].NullsFirst = true, true
	i6.Keys[1].Desc = true
	return []*Index{i1, i2, i3, i4, i5, i6}
}

func oracleFor(idx *Index, rows [][]types.Datum, tids []table.TID) []entry {
	var es []entry
	for i, r := range rows {
		vals := make([]types.Datum, len(idx.Keys))
		for j, k := range idx.Keys {
			vals[j] = r[k.Attno-1]
		}
		es = append(es, entry{vals: vals, tid: tids[i]})
	}
	sortOracle(idx.Keys, es)
	return es
}

// randomKeys draws scan keys whose arguments come from the data.
func randomKeys(rng *rand.Rand, idx *Index, oracle []entry) []ScanKey {
	n := rng.Intn(4)
	var sks []ScanKey
	for i := 0; i < n; i++ {
		attno := 1 + rng.Intn(len(idx.Keys))
		switch rng.Intn(14) {
		case 0:
			sks = append(sks, ScanKey{Attno: attno, SearchNull: true})
			continue
		case 1:
			sks = append(sks, ScanKey{Attno: attno, SearchNotNull: true})
			continue
		case 2:
			sks = append(sks, ScanKey{Attno: attno, Strategy: Strategy(1 + rng.Intn(5))}) // NULL argument
			continue
		}
		var arg types.Datum
		for tries := 0; arg == nil && tries < 20; tries++ {
			arg = oracle[rng.Intn(len(oracle))].vals[attno-1]
		}
		if arg == nil {
			continue
		}
		if v, ok := arg.(int64); ok && rng.Intn(3) == 0 {
			arg = v + int64(rng.Intn(3)) - 1 // maybe a value not present
		}
		strat := Strategy(1 + rng.Intn(5))
		if rng.Intn(3) == 0 {
			strat = Equal
		}
		sks = append(sks, ScanKey{Attno: attno, Strategy: strat, Arg: arg})
	}
	return sks
}

func TestScansAgainstOracle(t *testing.T) {
	for _, mode := range []string{"build", "insert"} {
		t.Run(mode, func(t *testing.T) {
			seed := int64(42)
			if mode == "insert" {
				seed = 7
			}
			rng := rand.New(rand.NewSource(seed))
			st := openStorage(t, t.TempDir(), 512)
			defer st.Close()
			hrel := newHeap(st, "scan", scanCols, scanTypes)
			createHeap(t, st, hrel)
			idxs := scanIndexes(st, hrel)
			const nrows = 6000
			var rows [][]types.Datum
			for i := 0; i < nrows; i++ {
				rows = append(rows, scanRow(rng, i))
			}
			var tids []table.TID
			if mode == "build" {
				tids = insertRows(t, st, hrel, nil, nrows, func(i int) []types.Datum { return rows[i-1] })
				for _, idx := range idxs {
					buildIndex(t, st, idx, hrel)
				}
			} else {
				for _, idx := range idxs {
					createEmptyIndex(t, st, idx)
				}
				tids = insertRows(t, st, hrel, idxs, nrows, func(i int) []types.Datum { return rows[i-1] })
			}
			for _, idx := range idxs {
				res := mustCheck(t, st, idx)
				if res.Entries != nrows {
					t.Fatalf("%s: %d entries", idx.Name, res.Entries)
				}
				t.Logf("%s: %d levels, %d pages, %d leaf tuples for %d entries", idx.Name, res.Levels, res.Pages, res.Tuples, res.Entries)
				oracle := oracleFor(idx, rows, tids)
				total := 0
				// Every single-key operator on every column, both directions.
				for attno := 1; attno <= len(idx.Keys); attno++ {
					for _, dir := range []Direction{Forward, Backward} {
						total += checkScan(t, st, idx, oracle, []ScanKey{{Attno: attno, SearchNull: true}}, dir)
						total += checkScan(t, st, idx, oracle, []ScanKey{{Attno: attno, SearchNotNull: true}}, dir)
						for s := Less; s <= Greater; s++ {
							for k := 0; k < 2; k++ {
								arg := oracle[rng.Intn(len(oracle))].vals[attno-1]
								if arg == nil {
									continue
								}
								total += checkScan(t, st, idx, oracle, []ScanKey{{Attno: attno, Strategy: s, Arg: arg}}, dir)
							}
						}
					}
				}
				checkScan(t, st, idx, oracle, nil, Forward)
				checkScan(t, st, idx, oracle, nil, Backward)
				for i := 0; i < 100; i++ {
					sks := randomKeys(rng, idx, oracle)
					dir := Forward
					if i%2 == 1 {
						dir = Backward
					}
					total += checkScan(t, st, idx, oracle, sks, dir)
				}
				if total == 0 {
					t.Fatalf("%s: no scan returned anything", idx.Name)
				}
			}
		})
	}
}

// TestRescanAgainstOracle restarts one scan per direction with many key
// sets, as a nested loop's inner index scan does, including whole-index
// scans that together read far more leaf pages than the index has.
func TestRescanAgainstOracle(t *testing.T) {
	rng := rand.New(rand.NewSource(11))
	st := openStorage(t, t.TempDir(), 512)
	defer st.Close()
	hrel := newHeap(st, "rescan", scanCols, scanTypes)
	createHeap(t, st, hrel)
	idxs := scanIndexes(st, hrel)
	const nrows = 6000
	var rows [][]types.Datum
	for i := 0; i < nrows; i++ {
		rows = append(rows, scanRow(rng, i))
	}
	tids := insertRows(t, st, hrel, nil, nrows, func(i int) []types.Datum { return rows[i-1] })
	for _, idx := range idxs {
		buildIndex(t, st, idx, hrel)
		oracle := oracleFor(idx, rows, tids)
		for _, dir := range []Direction{Forward, Backward} {
			s, err := BeginScan(st, idx, nil, ScanOptions{Direction: dir, WantKeys: true})
			if err != nil {
				t.Fatal(err)
			}
			total := 0
			for i := 0; i < 120; i++ {
				var sks []ScanKey
				if i%20 != 0 {
					sks = randomKeys(rng, idx, oracle)
				}
				if err := s.Rescan(sks); err != nil {
					t.Fatal(err)
				}
				total += checkEntries(t, idx, oracle, sks, dir, scanEntries(t, s, idx, sks))
			}
			s.End()
			if total < 6*nrows {
				t.Fatalf("%s: rescans returned %d entries in all", idx.Name, total)
			}
		}
	}
}

// TestScanEmptyIndexAndBadKeys covers scans of an empty index, keys that
// cannot match, and type mismatches.
func TestScanEmptyIndexAndBadKeys(t *testing.T) {
	st := openStorage(t, t.TempDir(), 64)
	defer st.Close()
	hrel := newHeap(st, "e", []string{"a"}, []types.T{types.TInt4})
	createHeap(t, st, hrel)
	idx := newIndex(st, hrel, "e_a", false, 1)
	createEmptyIndex(t, st, idx)
	if got := runScan(t, st, idx, nil, Forward); len(got) != 0 {
		t.Fatalf("empty index returned %v", got)
	}
	if got := runScan(t, st, idx, []ScanKey{{Attno: 1, Strategy: Equal, Arg: int64(3)}}, Backward); len(got) != 0 {
		t.Fatalf("empty index returned %v", got)
	}
	if n, _ := NumPages(st, idx); n != 1 {
		t.Fatalf("empty index has %d pages", n)
	}
	insertRows(t, st, hrel, []*Index{idx}, 10, func(i int) []types.Datum { return []types.Datum{int64(i)} })
	if got := runScan(t, st, idx, []ScanKey{{Attno: 1, Strategy: Equal, Arg: int64(3)}, {Attno: 1, Strategy: Equal, Arg: int64(4)}}, Forward); len(got) != 0 {
		t.Fatalf("contradictory keys returned %v", got)
	}
	if _, err := BeginScan(st, idx, []ScanKey{{Attno: 1, Strategy: Equal, Arg: "x"}}, ScanOptions{}); err == nil {
		t.Fatal("a text argument for an int4 column was accepted")
	}
	if _, err := BeginScan(st, idx, []ScanKey{{Attno: 2, Strategy: Equal, Arg: int64(1)}}, ScanOptions{}); err == nil {
		t.Fatal("a key on a missing column was accepted")
	}
	if h, _ := TreeHeight(st, idx); h != 0 {
		t.Fatalf("height %d", h)
	}
}
