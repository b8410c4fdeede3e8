package heap

import (
	"testing"

	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/storage"
	"github.com/loomdb/loomdb/internal/txn"
	"github.com/loomdb/loomdb/internal/types"
	"github.com/loomdb/loomdb/internal/vector"
)

// pickSampler is a table.Sampler that reads the blocks and offsets of a
// fixed list, in order.
type pickSampler struct {
	tids []table.TID
	pos  int
}

func (p *pickSampler) NextBlock(nblocks uint32) (uint32, bool) {
	for p.pos < len(p.tids) && p.tids[p.pos].Block >= nblocks {
		p.pos++
	}
	if p.pos >= len(p.tids) {
		return 0, false
	}
	return p.tids[p.pos].Block, true
}

func (p *pickSampler) NextTuple(block uint32, maxOffset storage.OffsetNumber) (storage.OffsetNumber, bool) {
	if p.pos >= len(p.tids) || p.tids[p.pos].Block != block || p.tids[p.pos].Offset > maxOffset {
		return 0, false
	}
	p.pos++
	return p.tids[p.pos-1].Offset, true
}

// TestSampleScanReadsPickedTuples checks that a sample scan returns the
// visible tuples its sampler picks, skipping deleted ones and offsets past
// a page's last line pointer, across batch boundaries.
func TestSampleScanReadsPickedTuples(t *testing.T) {
	st := openStorage(t, t.TempDir(), 64)
	defer st.Close()
	rel := newRel(st, "s", types.TInt4, types.TText)
	createRel(t, st, rel)
	tx := st.Txns().Begin(txn.ReadCommitted)
	var all []table.TID
	for i := 0; i < 5000; i++ {
		tid, err := Insert(bg, st, tx, rel, []types.Datum{int64(i), "row"})
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, tid)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	del := st.Txns().Begin(txn.ReadCommitted)
	if _, err := Delete(bg, st, del, rel, all[2]); err != nil {
		t.Fatal(err)
	}
	if err := del.Commit(); err != nil {
		t.Fatal(err)
	}
	// Every other tuple, the deleted one among them.
	var picked []table.TID
	want := map[int64]bool{}
	for i := 0; i < len(all); i += 2 {
		picked = append(picked, all[i])
		if i != 2 {
			want[int64(i)] = true
		}
	}
	reader := st.Txns().Begin(txn.ReadCommitted)
	defer reader.Commit()
	s := BeginSampleScan(st, rel, reader.StatementSnapshot(), []int{0}, &pickSampler{tids: picked})
	defer s.End()
	b := vector.NewBatch([]types.T{types.TInt4}, vector.BatchSize)
	got := 0
	for {
		ok, err := s.Next(bg, b)
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			break
		}
		for i := 0; i < b.Len(); i++ {
			v := b.Cols[0].Get(b.Row(i)).(int64)
			if !want[v] {
				t.Fatalf("unexpected row %d", v)
			}
			got++
		}
	}
	if got != len(want) {
		t.Fatalf("%d rows, want %d", got, len(want))
	}
}
