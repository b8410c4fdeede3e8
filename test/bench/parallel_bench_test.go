// parallel_bench_test.go measures parallel query speedup: a count and sum
// with a filter over a table of parallelRows rows, run with 0 and with 2
// workers on loomdb and on PostgreSQL 15, side by side. Run it with
//
//	go test ./test/bench -run '^$' -bench BenchmarkParallelAggregate -benchtime 5x
//
// Besides ns/op per configuration it prints the speedup of 2 workers over
// none for both servers (the median of five timed runs each).

package bench

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/loomdb/loomdb/internal/testutil/loomtest"
	"github.com/loomdb/loomdb/internal/testutil/testtarget"
	"github.com/loomdb/loomdb/test/difftest"
)

// parallelRows is the size of table par.
const parallelRows = 10_000_000

const parallelQuery = "SELECT count(*), sum(x) FROM par WHERE x % 7 <> 3"

func BenchmarkParallelAggregate(b *testing.B) {
	ctx := context.Background()
	servers := []struct {
		name string
		conn *pgconn.PgConn
	}{
		{"loomdb", loadPar(b, loomtest.Start(b).DSN("postgres"))},
		{"postgresql", loadPar(b, testtarget.PostgresDB(b, "bench_parallel"))},
	}
	if d := difftest.Diff(parallelQuery, difftest.Exec(ctx, servers[1].conn, parallelQuery), difftest.Exec(ctx, servers[0].conn, parallelQuery), "postgresql", "loomdb"); d != "" {
		b.Fatalf("results differ:\n%s", d)
	}
	for _, s := range servers {
		var median [3]time.Duration
		for _, workers := range []int{0, 2} {
			setWorkers(b, s.conn, workers)
			median[workers] = medianRun(b, s.conn, 5)
			b.Run(fmt.Sprintf("%s/workers=%d", s.name, workers), func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					if _, err := s.conn.Exec(ctx, parallelQuery).ReadAll(); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
		fmt.Printf("%s: 0 workers %v, 2 workers %v, speedup %.2fx\n", s.name, median[0], median[2], float64(median[0])/float64(median[2]))
	}
}

func setWorkers(b *testing.B, conn *pgconn.PgConn, n int) {
	if _, err := conn.Exec(context.Background(), fmt.Sprintf("SET max_parallel_workers_per_gather = %d", n)).ReadAll(); err != nil {
		b.Fatal(err)
	}
}

// medianRun returns the median time of n runs of parallelQuery, after one
// warm-up run.
func medianRun(b *testing.B, conn *pgconn.PgConn, n int) time.Duration {
	ctx := context.Background()
	var ds []time.Duration
	for i := 0; i <= n; i++ {
		start := time.Now()
		if _, err := conn.Exec(ctx, parallelQuery).ReadAll(); err != nil {
			b.Fatal(err)
		}
		if i > 0 {
			ds = append(ds, time.Since(start))
		}
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	return ds[len(ds)/2]
}

// loadPar creates and fills table par(id int4, x int4) on the server at dsn.
func loadPar(b *testing.B, dsn string) *pgconn.PgConn {
	ctx := context.Background()
	conn, err := pgconn.Connect(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { conn.Close(context.Background()) })
	if _, err := conn.Exec(ctx, "DROP TABLE IF EXISTS par; CREATE TABLE par (id int4, x int4)").ReadAll(); err != nil {
		b.Fatal(err)
	}
	pr, pw := io.Pipe()
	go func() {
		var sb strings.Builder
		for i := 0; i < parallelRows; i++ {
			fmt.Fprintf(&sb, "%d\t%d\n", i, (uint32(i)*2654435761)%100000)
			if sb.Len() > 1<<16 {
				if _, err := io.WriteString(pw, sb.String()); err != nil {
					return
				}
				sb.Reset()
			}
		}
		_, err := io.WriteString(pw, sb.String())
		pw.CloseWithError(err)
	}()
	_, err = conn.CopyFrom(ctx, pr, "COPY par FROM STDIN")
	pr.Close()
	if err != nil {
		b.Fatal(err)
	}
	if _, err := conn.Exec(ctx, "VACUUM ANALYZE par").ReadAll(); err != nil {
		b.Fatal(err)
	}
	return conn
}
