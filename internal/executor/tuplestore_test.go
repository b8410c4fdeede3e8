package executor

import (
	"fmt"
	"testing"

	"github.com/loomdb/loomdb/internal/types"
	"github.com/loomdb/loomdb/internal/vector"
)

// TestTupleStoreSpill fills a store far past its limit while two readers
// read it at different paces, one of them rewound midway: every reader
// sees every row once, in order, whether it was in memory, in a written
// block or still buffered when read, and the rows do move to the file.
func TestTupleStoreSpill(t *testing.T) {
	ts := []types.T{types.TInt8, types.TText}
	s := newTupleStore(ts, 16<<10)
	defer s.close()
	fast, slow := s.reader(), s.reader()
	var gotFast, gotSlow []int64
	read := func(r *tupleReader, got *[]int64, max int) {
		for n := 0; n < max; n++ {
			b, err := r.next()
			if err != nil {
				t.Fatal(err)
			}
			if b == nil {
				return
			}
			for i := 0; i < b.Len(); i++ {
				row := b.Row(i)
				if want := fmt.Sprintf("row %d", b.Cols[0].Ints[row]); b.Cols[1].Strs[row] != want {
					t.Fatalf("row %d reads %q", b.Cols[0].Ints[row], b.Cols[1].Strs[row])
				}
				*got = append(*got, b.Cols[0].Ints[row])
			}
		}
	}
	const total = 20000
	in := vector.NewBatch(ts, vector.BatchSize)
	for next := 0; next < total; {
		in.Reset()
		for in.N < 300 && next < total {
			in.AppendRow([]types.Datum{int64(next), fmt.Sprintf("row %d", next)})
			next++
		}
		if err := s.appendBatch(in); err != nil {
			t.Fatal(err)
		}
		read(fast, &gotFast, 100)
		read(slow, &gotSlow, 1)
		if next == total/2 {
			slow.rewind()
			gotSlow = gotSlow[:0]
		}
	}
	read(fast, &gotFast, 1<<30)
	read(slow, &gotSlow, 1<<30)
	if s.file == nil || len(s.file.part(0).blocks) == 0 {
		t.Fatalf("%d rows past a 16kB limit stayed in memory", s.rows())
	}
	for name, got := range map[string][]int64{"fast": gotFast, "slow": gotSlow} {
		if len(got) != total {
			t.Fatalf("%s reader read %d rows, want %d", name, len(got), total)
		}
		for i, v := range got {
			if v != int64(i) {
				t.Fatalf("%s reader: row %d is %d", name, i, v)
			}
		}
	}
	// A reader made after the spill starts at the file's first block.
	var again []int64
	read(s.reader(), &again, 1<<30)
	if len(again) != total || again[total-1] != total-1 {
		t.Fatalf("new reader read %d rows", len(again))
	}
}
