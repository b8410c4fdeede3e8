package nbtree

import (
	"math/rand"
	"testing"

	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/txn"
	"github.com/loomdb/loomdb/internal/types"
)

// BenchmarkInsertRandom inserts random int8 keys with synthetic heap TIDs
// into a non-unique index.
func BenchmarkInsertRandom(b *testing.B) {
	st := openStorage(b, b.TempDir(), 4096)
	defer st.Close()
	hrel := newHeap(st, "bi", []string{"a"}, []types.T{types.TInt8})
	idx := newIndex(st, hrel, "bi_a", false, 1)
	createEmptyIndex(b, st, idx)
	tx := st.Txns().Begin(txn.ReadCommitted)
	rng := rand.New(rand.NewSource(1))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		tid := table.TID{Block: uint32(i / 200), Offset: uint16(1 + i%200)}
		if err := Insert(bg, st, tx, idx, hrel, []types.Datum{rng.Int63n(1 << 40)}, tid); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	tx.Commit()
}

// BenchmarkPointLookup scans for one key of a 100k-entry index.
func BenchmarkPointLookup(b *testing.B) {
	st := openStorage(b, b.TempDir(), 4096)
	defer st.Close()
	hrel := newHeap(st, "bl", []string{"a"}, []types.T{types.TInt8})
	idx := newIndex(st, hrel, "bl_a", false, 1)
	createEmptyIndex(b, st, idx)
	tx := st.Txns().Begin(txn.ReadCommitted)
	const n = 100000
	for i := 0; i < n; i++ {
		tid := table.TID{Block: uint32(i / 200), Offset: uint16(1 + i%200)}
		if err := Insert(bg, st, tx, idx, hrel, []types.Datum{int64(i*7919) % n}, tid); err != nil {
			b.Fatal(err)
		}
	}
	tx.Commit()
	rng := rand.New(rand.NewSource(2))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s, err := BeginScan(st, idx, []ScanKey{{Attno: 1, Strategy: Equal, Arg: rng.Int63n(n)}}, ScanOptions{})
		if err != nil {
			b.Fatal(err)
		}
		ok, err := s.Next(bg, nil)
		if err != nil || !ok || len(s.TIDs()) != 1 {
			b.Fatalf("lookup: %v %v %d", ok, err, len(s.TIDs()))
		}
		s.End()
	}
}

// BenchmarkFullScan reads all entries of a 100k-entry index.
func BenchmarkFullScan(b *testing.B) {
	st := openStorage(b, b.TempDir(), 4096)
	defer st.Close()
	hrel := newHeap(st, "bf", []string{"a"}, []types.T{types.TInt8})
	createHeap(b, st, hrel)
	const n = 100000
	insertRows(b, st, hrel, nil, n, func(i int) []types.Datum { return []types.Datum{int64(i*7919) % n} })
	idx := newIndex(st, hrel, "bf_a", false, 1)
	buildIndex(b, st, idx, hrel)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s, err := BeginScan(st, idx, nil, ScanOptions{})
		if err != nil {
			b.Fatal(err)
		}
		got := 0
		for {
			ok, err := s.Next(bg, nil)
			if err != nil {
				b.Fatal(err)
			}
			if !ok {
				break
			}
			got += len(s.TIDs())
		}
		if got != n {
			b.Fatalf("%d entries", got)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "entries/s")
}
