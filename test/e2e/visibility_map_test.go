package e2e

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/loomdb/loomdb/internal/testutil/loomtest"
)

var heapFetchesLine = regexp.MustCompile(`Heap Fetches: (\d+)`)

// TestVisibilityMapSnapshots checks index-only scans against the
// visibility map under concurrent change: a repeatable-read transaction
// keeps counting the rows its snapshot saw while another session deletes
// and inserts on all-visible pages, and a VACUUM run meanwhile does not
// mark pages all-visible that hold rows the old snapshot must still see
// differently.
func TestVisibilityMapSnapshots(t *testing.T) {
	inst := loomtest.Start(t)
	ctx := context.Background()
	a, err := pgconn.Connect(ctx, inst.DSN("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close(ctx)
	b, err := pgconn.Connect(ctx, inst.DSN("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close(ctx)

	for _, s := range []string{
		"CREATE TABLE vms (k int4, pad text)",
		"INSERT INTO vms SELECT i, repeat('p', 50) FROM generate_series(1, 30000) i",
		"CREATE INDEX vms_k ON vms (k)",
		"VACUUM ANALYZE vms",
	} {
		execRows(t, b, s)
	}
	for _, c := range []*pgconn.PgConn{a, b} {
		for _, s := range []string{"SET enable_seqscan = off", "SET enable_bitmapscan = off", "SET max_parallel_workers_per_gather = 0"} {
			execRows(t, c, s)
		}
	}
	const count = "SELECT count(*) FROM vms WHERE k <= 20000"
	fetches := func(c *pgconn.PgConn) int {
		t.Helper()
		rows := column(execRows(t, c, "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) "+count))
		for _, l := range rows {
			if m := heapFetchesLine.FindStringSubmatch(l); m != nil {
				return mustAtoi(t, m[1])
			}
		}
		t.Fatalf("no index-only scan:\n%v", rows)
		return 0
	}
	countOf := func(c *pgconn.PgConn) int {
		t.Helper()
		return mustAtoi(t, execRows(t, c, count)[0][0])
	}
	if f := fetches(b); f != 0 {
		t.Fatalf("after VACUUM: %d heap fetches, want 0", f)
	}

	execRows(t, a, "BEGIN ISOLATION LEVEL REPEATABLE READ")
	if n := countOf(a); n != 20000 {
		t.Fatalf("snapshot count %d, want 20000", n)
	}
	execRows(t, b, "DELETE FROM vms WHERE k % 3 = 0 AND k <= 9000")
	execRows(t, b, "INSERT INTO vms SELECT i, 'new' FROM generate_series(1, 500) i")
	if n := countOf(b); n != 20000-3000+500 {
		t.Fatalf("after the changes: %d, want %d", n, 20000-3000+500)
	}
	if f := fetches(b); f == 0 {
		t.Fatal("changed pages are still marked all-visible: no heap fetches")
	}
	// The old snapshot still counts what it saw, also after a VACUUM that
	// cannot remove the deleted rows nor mark their pages.
	execRows(t, b, "VACUUM vms")
	for i := 0; i < 2; i++ {
		if n := countOf(a); n != 20000 {
			t.Fatalf("snapshot count after concurrent changes %d, want 20000", n)
		}
	}
	execRows(t, a, "COMMIT")
	if n := countOf(a); n != 17500 {
		t.Fatalf("new snapshot count %d, want 17500", n)
	}
	execRows(t, b, "VACUUM vms")
	if f := fetches(b); f != 0 {
		t.Fatalf("after the last VACUUM: %d heap fetches, want 0", f)
	}
	if n := countOf(b); n != 17500 {
		t.Fatalf("count after VACUUM %d, want 17500", n)
	}
}

// TestVisibilityMapRestart: the visibility map outlives a clean shutdown,
// so index-only scans still skip the heap; after kill -9 it starts empty,
// the planner stops trusting relallvisible until the next VACUUM, and
// every answer stays right.
func TestVisibilityMapRestart(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	port := freePort(t)
	srv := startServer(t, dir, port)
	conn := connect(t, ctx, srv.dsn())
	for _, s := range []string{
		"CREATE TABLE vmr (k int4, pad text)",
		"INSERT INTO vmr SELECT i, repeat('p', 80) FROM generate_series(1, 50000) i",
		"CREATE INDEX vmr_k ON vmr (k)",
		"VACUUM ANALYZE vmr",
	} {
		if _, err := conn.Exec(ctx, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	const query = "SELECT count(*) FROM vmr WHERE k <= 5000"
	explain := func(opts string) string {
		t.Helper()
		rows, err := conn.Query(ctx, "EXPLAIN "+opts+" "+query)
		if err != nil {
			t.Fatal(err)
		}
		var lines []string
		for rows.Next() {
			var l string
			if err := rows.Scan(&l); err != nil {
				t.Fatal(err)
			}
			lines = append(lines, l)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		return strings.Join(lines, "\n")
	}
	// plan is the chosen plan with its estimates.
	plan := func() string { return explain("") }
	count := func() int {
		t.Helper()
		var n int
		if err := conn.QueryRow(ctx, query).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if _, err := conn.Exec(ctx, "SET max_parallel_workers_per_gather = 0"); err != nil {
		t.Fatal(err)
	}
	before := plan()
	if a := explain("(ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF)"); !strings.Contains(a, "Index Only Scan") || !strings.Contains(a, "Heap Fetches: 0") {
		t.Fatalf("after VACUUM, want an index-only scan without heap fetches:\n%s", a)
	}

	conn.Close(ctx)
	srv.stop(t)
	srv = startServer(t, dir, port)
	conn = connect(t, ctx, srv.dsn())
	if _, err := conn.Exec(ctx, "SET max_parallel_workers_per_gather = 0"); err != nil {
		t.Fatal(err)
	}
	if p := plan(); p != before {
		t.Fatalf("after a clean restart the plan changed:\n%s\nwas:\n%s", p, before)
	}

	conn.Close(ctx)
	srv.kill9()
	srv = startServer(t, dir, port)
	conn = connect(t, ctx, srv.dsn())
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "SET max_parallel_workers_per_gather = 0"); err != nil {
		t.Fatal(err)
	}
	if p := plan(); p == before {
		t.Fatalf("after a crash the planner still expects no heap fetches:\n%s", p)
	}
	if n := count(); n != 5000 {
		t.Fatalf("count after the crash: %d, want 5000", n)
	}
	if _, err := conn.Exec(ctx, "VACUUM vmr"); err != nil {
		t.Fatal(err)
	}
	if p := plan(); p != before {
		t.Fatalf("after VACUUM the plan is not the first one again:\n%s\nwas:\n%s", p, before)
	}
	srv.stop(t)
}
