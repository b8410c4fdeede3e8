package loomdb_test

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"go.uber.org/goleak"

	"github.com/loomdb/loomdb"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// parallelSettings make the planner choose a parallel plan for a small
// table.
const parallelSettings = "parallel_setup_cost=0&parallel_tuple_cost=0&min_parallel_table_scan_size=0&max_parallel_workers_per_gather=2"

const parallelQuery = "SELECT count(*), sum(v) FROM t WHERE v % 7 = 3"

// workersLaunched returns the "Workers Launched" figure of an EXPLAIN
// ANALYZE output, -1 when it has none.
func workersLaunched(plan string) int {
	m := regexp.MustCompile(`Workers Launched: (\d+)`).FindStringSubmatch(plan)
	if m == nil {
		return -1
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// TestDatabaseSQLParallelQuery uses the "loomdb" database/sql driver on a
// temporary database: $n parameters, a transaction rolled back and one
// committed, a parallel query whose plan launched workers, and a cancelled
// context.
func TestDatabaseSQLParallelQuery(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	db, err := sql.Open("loomdb", ":memory:?"+parallelSettings)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "CREATE TABLE t (id int, v int)"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, "INSERT INTO t SELECT i, i * 3 FROM generate_series(1, $1::int) i", 50000); err != nil {
		t.Fatal(err)
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM t WHERE id > $1", 10); err != nil {
		t.Fatal(err)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	var count, sum int64
	if err := db.QueryRowContext(ctx, parallelQuery).Scan(&count, &sum); err != nil {
		t.Fatal(err)
	}
	// v = 3i with 3i % 7 = 3, i.e. i % 7 = 1: i = 1, 8, ..., 49996, whose
	// sum is 178560714.
	if count != 7143 || sum != 535682142 {
		t.Fatalf("count, sum = %d, %d", count, sum)
	}
	var plan strings.Builder
	rows, err := db.QueryContext(ctx, "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) "+parallelQuery)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			t.Fatal(err)
		}
		plan.WriteString(line + "\n")
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if n := workersLaunched(plan.String()); n < 1 {
		t.Fatalf("the query ran without parallel workers:\n%s", plan.String())
	}
	// A statement whose context ends is cancelled.
	short, cancelShort := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancelShort()
	if _, err := db.ExecContext(short, "SELECT pg_sleep(30)"); err == nil {
		t.Fatal("pg_sleep(30) finished despite its context's deadline")
	}
}

// TestPgxpoolParallelQuery runs a parallel query through pgxpool over the
// in-process pipe, from several goroutines at once, on a database that a
// second handle shares.
func TestPgxpoolParallelQuery(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	dir := t.TempDir()
	db, err := loomdb.Open(dir, loomdb.Options{NoFsync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	cfg, err := db.PoolConfig("")
	if err != nil {
		t.Fatal(err)
	}
	for _, kv := range strings.Split(parallelSettings, "&") {
		k, v, _ := strings.Cut(kv, "=")
		cfg.ConnConfig.RuntimeParams[k] = v
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	if _, err := pool.Exec(ctx, "CREATE TABLE t (id int, v int)"); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, "INSERT INTO t SELECT i, i * 3 FROM generate_series(1, 50000) i"); err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			var count, sum int64
			err := pool.QueryRow(ctx, parallelQuery).Scan(&count, &sum)
			if err == nil && (count != 7143 || sum != 535682142) {
				err = errorf("count, sum = %d, %d", count, sum)
			}
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	var plan strings.Builder
	rows, err := pool.Query(ctx, "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) "+parallelQuery)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			t.Fatal(err)
		}
		plan.WriteString(line + "\n")
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if n := workersLaunched(plan.String()); n < 1 {
		t.Fatalf("the query ran without parallel workers:\n%s", plan.String())
	}
	// A second handle on the directory shares the open database.
	db2, err := loomdb.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := db2.Connect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var n int64
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM t").Scan(&n); err != nil || n != 50000 {
		t.Fatalf("count = %d, %v", n, err)
	}
	conn.Close(ctx)
	db2.Close()
}

type testError string

func (e testError) Error() string { return string(e) }

func errorf(format string, args ...any) error {
	return testError(fmt.Sprintf(format, args...))
}
