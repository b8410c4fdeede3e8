package heap

import (
	"testing"

	"github.com/loomdb/loomdb/internal/txn"
	"github.com/loomdb/loomdb/internal/types"
	"github.com/loomdb/loomdb/internal/vector"
)

func BenchmarkBulkInsertTenk1(b *testing.B) {
	st := openStorage(b, b.TempDir(), 1024)
	defer st.Close()
	rel := tenk1Rel(st)
	createRel(b, st, rel)
	rows := make([][]types.Datum, 10000)
	for i := range rows {
		rows[i] = tenk1Row(i)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		tx := st.Txns().Begin(txn.ReadCommitted)
		bi := NewBulkInsert(st, tx, rel)
		for _, r := range rows {
			if err := bi.Insert(r); err != nil {
				b.Fatal(err)
			}
		}
		if err := bi.Finish(); err != nil {
			b.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*10000)/b.Elapsed().Seconds(), "rows/s")
}

func BenchmarkSeqScanTenk1(b *testing.B) {
	st := openStorage(b, b.TempDir(), 1024)
	defer st.Close()
	rel := tenk1Rel(st)
	createRel(b, st, rel)
	tx := st.Txns().Begin(txn.ReadCommitted)
	bi := NewBulkInsert(st, tx, rel)
	for i := 0; i < 10000; i++ {
		bi.Insert(tenk1Row(i))
	}
	bi.Finish()
	tx.Commit()
	snap := st.Txns().Begin(txn.ReadCommitted).StatementSnapshot()
	batch := vector.NewBatch([]types.T{types.TInt4, types.TInt4, types.TName}, vector.BatchSize)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s := BeginScan(st, rel, snap, []int{0, 12, 13})
		n := 0
		for {
			ok, err := s.Next(bg, batch)
			if err != nil {
				b.Fatal(err)
			}
			if !ok {
				break
			}
			n += batch.Len()
		}
		s.End()
		if n != 10000 {
			b.Fatal(n)
		}
	}
	b.ReportMetric(float64(b.N*10000)/b.Elapsed().Seconds(), "rows/s")
}
