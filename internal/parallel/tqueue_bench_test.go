package parallel

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/loomdb/loomdb/internal/types"
	"github.com/loomdb/loomdb/internal/vector"
)

// BenchmarkTupleQueue measures Gather's queues: workers each send batches
// of 1024 rows (an int8 and a numeric column) and the leader receives
// them all, waking on the shared latch as Gather does.
func BenchmarkTupleQueue(b *testing.B) {
	for _, workers := range []int{1, 2, 4} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			src := vector.NewBatch([]types.T{types.TInt8, {Oid: types.NumericOid, Typmod: -1}}, vector.BatchSize)
			for i := 0; i < vector.BatchSize; i++ {
				src.AppendRow([]types.Datum{int64(i), types.Numeric{Coef: int64(i), Scale: 2}})
			}
			ctx := context.Background()
			per := b.N/workers + 1
			latch := NewLatch()
			qs := make([]*TupleQueue, workers)
			for w := range qs {
				qs[w] = NewTupleQueue(4, latch)
			}
			b.ResetTimer()
			var wg sync.WaitGroup
			for _, q := range qs {
				wg.Add(1)
				go func(q *TupleQueue) {
					defer wg.Done()
					defer q.Close()
					for i := 0; i < per; i++ {
						if err := q.Send(ctx, src); err != nil {
							return
						}
					}
				}(q)
			}
			rows, open := 0, workers
			done := make([]bool, workers)
			for open > 0 {
				got := false
				for w, q := range qs {
					if done[w] {
						continue
					}
					bt, closed := q.TryReceive()
					switch {
					case closed:
						done[w] = true
						open--
					case bt != nil:
						rows += bt.Len()
						q.Release(bt)
						got = true
					}
				}
				if !got && open > 0 {
					if err := latch.Wait(ctx); err != nil {
						b.Fatal(err)
					}
				}
			}
			wg.Wait()
			if rows != per*workers*vector.BatchSize {
				b.Fatalf("received %d rows", rows)
			}
			b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
