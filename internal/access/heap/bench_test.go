package heap

import (
	"fmt"
	"testing"

	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/storage"
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

// lineitemRel has TPC-H lineitem's column types.
func lineitemRel(st *storage.Storage) *table.Relation {
	num := types.T{Oid: types.NumericOid, Typmod: types.NumericTypmod(15, 2)}
	ch := func(n int) types.T { return types.T{Oid: types.BpcharOid, Typmod: int32(n + 4)} }
	return newRel(st, "lineitem", types.TInt4, types.TInt4, types.TInt4, types.TInt4, num, num, num, num,
		ch(1), ch(1), types.TDate, types.TDate, types.TDate, ch(25), ch(10), types.T{Oid: types.VarcharOid, Typmod: 44 + 4})
}

func lineitemRow(i int) []types.Datum {
	cents := func(v int64) types.Numeric { return types.Numeric{Coef: v, Scale: 2} }
	return []types.Datum{int64(i / 4), int64(i % 20000), int64(i % 1000), int64(i%7 + 1),
		cents(int64(i%50+1) * 100), cents(int64(90000 + i*37%10000000)), cents(int64(i % 11)), cents(int64(i % 9)),
		[]string{"A", "N", "R"}[i%3], []string{"F", "O"}[i%2], int64(8000 + i%2500), int64(8030 + i%2500), int64(8040 + i%2500),
		"DELIVER IN PERSON        ", "TRUCK     ", fmt.Sprintf("furiously regular deposits %d", i)}
}

// BenchmarkDeform scans lineitem-shaped rows from the buffer pool into
// batches: the columns TPC-H Q1 reads (quantity to shipdate: four
// numerics, two char(1), a date) and every column.
func BenchmarkDeform(b *testing.B) {
	const rows = 100000
	st := openStorage(b, b.TempDir(), 4096)
	defer st.Close()
	rel := lineitemRel(st)
	createRel(b, st, rel)
	tx := st.Txns().Begin(txn.ReadCommitted)
	bi := NewBulkInsert(st, tx, rel)
	for i := 0; i < rows; i++ {
		if err := bi.Insert(lineitemRow(i)); err != nil {
			b.Fatal(err)
		}
	}
	if err := bi.Finish(); err != nil {
		b.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	snap := st.Txns().Begin(txn.ReadCommitted).StatementSnapshot()
	all := make([]int, 16)
	for i := range all {
		all[i] = i
	}
	for _, c := range []struct {
		name string
		cols []int
	}{{"lineitem/cols=Q1", []int{4, 5, 6, 7, 8, 9, 10}}, {"lineitem/cols=all", all}} {
		b.Run(c.name, func(b *testing.B) {
			ts := make([]types.T, len(c.cols))
			for i, col := range c.cols {
				ts[i] = rel.Desc.Attrs[col].Type
			}
			batch := vector.NewBatch(ts, vector.BatchSize)
			for i := 0; i < b.N; i++ {
				s := BeginScan(st, rel, snap, c.cols)
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
				if n != rows {
					b.Fatal(n)
				}
			}
			b.ReportMetric(float64(b.N*rows)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
