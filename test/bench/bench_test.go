// bench_test.go measures loomdb against PostgreSQL 15 side by side in one
// run: the same data is loaded into an in-process loomdb and the test
// binary's private PostgreSQL, and every query is a pair of sub-benchmarks,
// <query>/loomdb and <query>/postgresql, over one pgx connection each with
// the same settings. Run it with
//
//	go test ./test/bench -run '^$' -bench . -benchtime 20x
//
// The data are the regression tables (shared/pgregress/setup.sql) and a
// table "big" of benchRows rows streamed in with COPY. Both servers run the
// queries serially (max_parallel_workers_per_gather = 0) so that the
// comparison is executor against executor.

package bench

import (
	"context"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
	"go.uber.org/goleak"

	"github.com/loomdb/loomdb/internal/sqllogictest"
	"github.com/loomdb/loomdb/internal/testutil/loomtest"
	"github.com/loomdb/loomdb/internal/testutil/pgtest"
	"github.com/loomdb/loomdb/internal/testutil/testtarget"
	"github.com/loomdb/loomdb/test/difftest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(pgtest.WithShared(m)) }

// benchRows is the size of table big.
const benchRows = 1_000_000

// benchQueries are the measured statements, by sub-benchmark name.
var benchQueries = []struct{ name, sql string }{
	{"CountStar", "SELECT count(*) FROM big"},
	{"FilterCount", "SELECT count(*) FROM big WHERE g = 7 AND v > 1000"},
	{"HashAggregate", "SELECT g, sum(v), avg(v), count(*) FROM big GROUP BY g"},
	{"SumNumeric", "SELECT sum(n) FROM big"},
	{"TopN", "SELECT id, v FROM big ORDER BY v DESC, id LIMIT 10"},
	{"SortAll", "SELECT s FROM big WHERE g < 10 ORDER BY s"},
	{"HashJoin", "SELECT count(*) FROM tenk1 a JOIN tenk1 b ON a.unique1 = b.unique2 WHERE a.ten < 5"},
	{"Distinct", "SELECT DISTINCT g, v % 10 FROM big"},
}

func BenchmarkQueries(b *testing.B) {
	pgtest.RequireRegress(b)
	ctx := context.Background()
	loom := connectLoaded(b, loomtest.Start(b).DSN("postgres"), sqllogictest.TargetLoomdb)
	pg := connectLoaded(b, testtarget.PostgresDB(b, "bench"), sqllogictest.TargetPostgreSQL)
	// A fast wrong answer is no answer: both servers must agree first.
	for _, q := range benchQueries {
		if d := difftest.Diff(q.sql, difftest.Exec(ctx, pg, q.sql), difftest.Exec(ctx, loom, q.sql), "postgresql", "loomdb"); d != "" {
			b.Fatalf("%s: results differ:\n%s", q.name, d)
		}
	}
	for _, q := range benchQueries {
		for _, s := range []struct {
			name string
			conn *pgconn.PgConn
		}{{"loomdb", loom}, {"postgresql", pg}} {
			b.Run(q.name+"/"+s.name, func(b *testing.B) {
				var rows int
				for i := 0; i < b.N; i++ {
					res, err := s.conn.Exec(ctx, q.sql).ReadAll()
					if err != nil {
						b.Fatalf("%s: %v", q.sql, err)
					}
					rows = len(res[0].Rows)
				}
				b.ReportMetric(float64(rows), "rows")
			})
		}
	}
}

// connectLoaded loads the regression data and table big into the server at
// dsn and returns a connection to it under the target's serial settings,
// closed at b's cleanup.
func connectLoaded(b *testing.B, dsn, target string) *pgconn.PgConn {
	ctx := context.Background()
	if err := pgtest.LoadRegress(ctx, dsn); err != nil {
		b.Fatal(err)
	}
	conn, err := pgconn.Connect(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { conn.Close(context.Background()) })
	if err := loadBig(ctx, conn); err != nil {
		b.Fatal(err)
	}
	for _, s := range sqllogictest.ConfigStatements[target]["serial"] {
		if _, err := conn.Exec(ctx, s).ReadAll(); err != nil {
			b.Fatal(err)
		}
	}
	return conn
}

// loadBig creates and fills table big, then vacuums and analyzes it.
func loadBig(ctx context.Context, conn *pgconn.PgConn) error {
	if _, err := conn.Exec(ctx, "DROP TABLE IF EXISTS big; CREATE TABLE big (id int4, g int4, v int8, n numeric, s text)").ReadAll(); err != nil {
		return err
	}
	pr, pw := io.Pipe()
	go func() {
		var sb strings.Builder
		for i := 0; i < benchRows; i++ {
			// A multiplicative hash spreads v and s without a PRNG, so
			// both servers get identical rows.
			h := uint32(i) * 2654435761
			fmt.Fprintf(&sb, "%d\t%d\t%d\t%d.%02d\trow-%08x\n", i, i%100, h%100000, h%1000, i%100, h)
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
	_, err := conn.CopyFrom(ctx, pr, "COPY big FROM STDIN")
	pr.Close()
	if err != nil {
		return err
	}
	_, err = conn.Exec(ctx, "VACUUM ANALYZE big").ReadAll()
	return err
}
