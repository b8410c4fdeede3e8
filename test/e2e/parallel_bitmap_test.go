package e2e

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/loomdb/loomdb/internal/testutil/loomtest"
)

var heapBlocksLine = regexp.MustCompile(`Heap Blocks: exact=(\d+)`)

// TestParallelBitmapHeapScan runs a Parallel Bitmap Heap Scan with two
// workers: one participant builds the shared bitmap (the Bitmap Index
// Scan runs once), every participant reads its share of the pages, and
// each matching row comes back exactly once, as the serial scan returns
// them.
func TestParallelBitmapHeapScan(t *testing.T) {
	inst := loomtest.Start(t)
	ctx := context.Background()
	conn, err := pgconn.Connect(ctx, inst.DSN("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	const n = 200000
	loadParallelTable(t, conn, "pbt", n)
	if _, err := conn.Exec(ctx, "CREATE INDEX pbt_x ON pbt (x)").ReadAll(); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, "ANALYZE pbt").ReadAll(); err != nil {
		t.Fatal(err)
	}
	setParallel(t, conn)
	for _, s := range []string{"SET enable_seqscan = off", "SET enable_indexscan = off", "SET enable_indexonlyscan = off"} {
		execRows(t, conn, s)
	}
	// x = id % 1000: ids with x < 250 are a quarter of the table, spread
	// over every page.
	const query = "SELECT id FROM pbt WHERE x < 250"
	want := map[int]bool{}
	for id := 0; id < n; id++ {
		if id%1000 < 250 {
			want[id] = true
		}
	}

	plan := strings.Join(column(execRows(t, conn, "EXPLAIN (COSTS OFF) "+query)), "\n")
	const wantPlan = `Gather
  Workers Planned: 2
  ->  Parallel Bitmap Heap Scan on pbt
        Recheck Cond: (x < 250)
        ->  Bitmap Index Scan on pbt_x
              Index Cond: (x < 250)`
	if plan != wantPlan {
		t.Fatalf("plan:\n%s\nwant:\n%s", plan, wantPlan)
	}

	check := func(what string) {
		t.Helper()
		seen := map[int]int{}
		for _, r := range execRows(t, conn, query) {
			id, err := strconv.Atoi(r[0])
			if err != nil {
				t.Fatal(err)
			}
			seen[id]++
		}
		for id, c := range seen {
			if c != 1 || !want[id] {
				t.Fatalf("%s: id %d returned %d times (matching: %v)", what, id, c, want[id])
			}
		}
		if len(seen) != len(want) {
			t.Fatalf("%s: %d distinct rows, want %d", what, len(seen), len(want))
		}
	}
	for i := 0; i < 5; i++ {
		check("parallel run " + strconv.Itoa(i))
	}

	lines := column(execRows(t, conn, "EXPLAIN (ANALYZE, VERBOSE, COSTS OFF, TIMING OFF) "+query))
	analyzed := strings.Join(lines, "\n")
	t.Logf("\n%s", analyzed)
	if !strings.Contains(analyzed, "Workers Launched: 2") {
		t.Fatalf("no two workers launched:\n%s", analyzed)
	}
	if !strings.Contains(analyzed, "Parallel Bitmap Heap Scan on public.pbt (actual rows=") {
		t.Fatalf("no parallel bitmap heap scan:\n%s", analyzed)
	}
	// The bitmap is built once, by one participant.
	if !regexp.MustCompile(`Bitmap Index Scan on pbt_x \(actual rows=50000 loops=1\)`).MatchString(analyzed) {
		t.Fatalf("the Bitmap Index Scan did not run exactly once:\n%s", analyzed)
	}
	// Heap Blocks is the leader's share (PostgreSQL 15 shows no worker
	// figures), never more than the table's pages.
	if m := heapBlocksLine.FindStringSubmatch(analyzed); m != nil {
		pages := execRows(t, conn, "SELECT relpages FROM pg_class WHERE relname = 'pbt'")[0][0]
		if got, _ := strconv.Atoi(m[1]); got > mustAtoi(t, pages) {
			t.Fatalf("leader read %d heap blocks of %s", got, pages)
		}
	}

	// The same rows serially, and with no worker to be had.
	execRows(t, conn, "SET max_parallel_workers = 0")
	check("no workers launched")
	execRows(t, conn, "SET max_parallel_workers_per_gather = 0")
	check("serial")
	if a := inst.Engine.ActiveParallelWorkers(); a != 0 {
		t.Fatalf("%d parallel workers still active", a)
	}
}

func column(rows [][]string) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r[0])
	}
	return out
}

func mustAtoi(t testing.TB, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
