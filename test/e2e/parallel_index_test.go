package e2e

import (
	"context"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/loomdb/loomdb/internal/testutil/loomtest"
)

// TestParallelIndexScan runs Parallel Index Scan and Parallel Index Only
// Scan with two workers: the participants take the btree's leaf pages in
// turn, so every matching row comes back exactly once, each participant's
// rows in index order, and a Gather Merge above returns the whole range
// in order, as the serial scan does. A Gather over the scan rescanned on a
// nested loop's inner side starts its shared scan over each time.
func TestParallelIndexScan(t *testing.T) {
	inst := loomtest.Start(t)
	ctx := context.Background()
	conn, err := pgconn.Connect(ctx, inst.DSN("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	const n = 200000
	loadParallelTable(t, conn, "pit", n)
	for _, s := range []string{"CREATE INDEX pit_id ON pit (id)", "CREATE INDEX pit_x_id ON pit (x, id)", "ANALYZE pit"} {
		execRows(t, conn, s)
	}
	setParallel(t, conn)
	// A dearer row makes splitting the scan worth a Gather Merge.
	for _, s := range []string{"SET min_parallel_index_scan_size = 0", "SET enable_seqscan = off", "SET enable_bitmapscan = off", "SET cpu_tuple_cost = 0.5"} {
		execRows(t, conn, s)
	}

	cases := []struct {
		name, query, plan string
		// want lists the expected ids in the query's order.
		want []int
	}{
		{
			name:  "index scan in order",
			query: "SELECT id FROM pit WHERE id >= 1000 AND id < 150000 AND g <> 3 ORDER BY id",
			plan: `Gather Merge
  Workers Planned: 2
  ->  Parallel Index Scan using pit_id on pit
        Index Cond: ((id >= 1000) AND (id < 150000))
        Filter: (g <> 3)`,
			want: idsWhere(0, n, func(id int) bool { return id >= 1000 && id < 150000 && id%10 != 3 }),
		},
		{
			name:  "index only scan backward",
			query: "SELECT id FROM pit WHERE x < 40 ORDER BY x DESC, id DESC",
			plan: `Gather Merge
  Workers Planned: 2
  ->  Parallel Index Only Scan Backward using pit_x_id on pit
        Index Cond: (x < 40)`,
			want: byXDescIDDesc(idsWhere(0, n, func(id int) bool { return id%1000 < 40 })),
		},
	}
	for _, c := range cases {
		plan := strings.Join(column(execRows(t, conn, "EXPLAIN (COSTS OFF) "+c.query)), "\n")
		if plan != c.plan {
			t.Fatalf("%s: plan:\n%s\nwant:\n%s", c.name, plan, c.plan)
		}
		for i := 0; i < 3; i++ {
			got := atois(t, column(execRows(t, conn, c.query)))
			if !equalInts(got, c.want) {
				t.Fatalf("%s, run %d: %d rows, want %d (first difference at %d)", c.name, i, len(got), len(c.want), firstDiff(got, c.want))
			}
		}
	}

	// Every participant reads its share, and the shares add up.
	const counted = "SELECT count(*) FROM pit WHERE id < 120000"
	lines := column(execRows(t, conn, "EXPLAIN (ANALYZE, VERBOSE, COSTS OFF, TIMING OFF) "+counted))
	analyzed := strings.Join(lines, "\n")
	if !strings.Contains(analyzed, "Workers Launched: 2") || !strings.Contains(analyzed, "Parallel Index Only Scan using pit_id on public.pit (actual rows=") {
		t.Fatalf("no parallel index only scan with two workers:\n%s", analyzed)
	}
	total := 0
	scanLine := regexp.MustCompile(`Parallel Index Only Scan using pit_id on public\.pit \(actual rows=(\d+) loops=(\d+)\)`)
	m := scanLine.FindStringSubmatch(analyzed)
	if m == nil {
		t.Fatalf("no scan line:\n%s", analyzed)
	}
	// The node's rows are per loop, averaged over the participants.
	total = mustAtoi(t, m[1]) * mustAtoi(t, m[2])
	workers := 0
	for _, l := range lines[slices(lines, "Parallel Index Only Scan"):] {
		if workerLine.MatchString(l) {
			workers++
		}
	}
	if workers != 2 {
		t.Fatalf("%d worker lines under the scan, want 2:\n%s", workers, analyzed)
	}
	if d := total - 120000; d < -3 || d > 3 {
		t.Fatalf("participants read %d rows in all, want 120000:\n%s", total, analyzed)
	}

	// A Gather rescanned on a nested loop's inner side restarts the shared
	// scan: each outer row's count is complete.
	execRows(t, conn, "SET enable_material = off")
	const rescanned = `SELECT v.x, ss.count FROM (SELECT count(*) FROM pit WHERE id < 50000) ss RIGHT JOIN (VALUES (1), (2), (3)) v(x) ON true ORDER BY v.x`
	if plan := strings.Join(column(execRows(t, conn, "EXPLAIN (COSTS OFF) "+rescanned)), "\n"); !strings.Contains(plan, "Nested Loop") || !strings.Contains(plan, "Parallel Index Only Scan using pit_id") {
		t.Fatalf("rescan: no rescanned Gather over a parallel index scan:\n%s", plan)
	}
	got := execRows(t, conn, rescanned)
	if len(got) != 3 {
		t.Fatalf("rescan: %d rows", len(got))
	}
	for _, r := range got {
		if c := mustAtoi(t, r[1]); c != 50000 {
			t.Fatalf("rescan: x=%s counted %d, want 50000", r[0], c)
		}
	}
	execRows(t, conn, "RESET enable_material")

	// The same rows serially, and with no worker to be had.
	execRows(t, conn, "SET max_parallel_workers = 0")
	if got := atois(t, column(execRows(t, conn, cases[0].query))); !equalInts(got, cases[0].want) {
		t.Fatalf("no workers launched: %d rows, want %d", len(got), len(cases[0].want))
	}
	execRows(t, conn, "SET max_parallel_workers_per_gather = 0")
	if got := atois(t, column(execRows(t, conn, cases[1].query))); !equalInts(got, cases[1].want) {
		t.Fatalf("serial: %d rows, want %d", len(got), len(cases[1].want))
	}
	if a := inst.Engine.ActiveParallelWorkers(); a != 0 {
		t.Fatalf("%d parallel workers still active", a)
	}
}

// slices returns the index of the first line containing s (0 if none).
func slices(lines []string, s string) int {
	for i, l := range lines {
		if strings.Contains(l, s) {
			return i
		}
	}
	return 0
}

func idsWhere(from, to int, keep func(int) bool) []int {
	var out []int
	for id := from; id < to; id++ {
		if keep(id) {
			out = append(out, id)
		}
	}
	return out
}

// byXDescIDDesc orders ids as ORDER BY x DESC, id DESC does (x = id % 1000).
func byXDescIDDesc(ids []int) []int {
	out := append([]int(nil), ids...)
	sort.Slice(out, func(i, j int) bool {
		if xi, xj := out[i]%1000, out[j]%1000; xi != xj {
			return xi > xj
		}
		return out[i] > out[j]
	})
	return out
}

func atois(t testing.TB, ss []string) []int {
	t.Helper()
	out := make([]int, len(ss))
	for i, s := range ss {
		v, err := strconv.Atoi(s)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = v
	}
	return out
}

func equalInts(a, b []int) bool {
	return firstDiff(a, b) < 0
}

// firstDiff returns the first index where a and b differ, or -1.
func firstDiff(a, b []int) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	if len(a) != len(b) {
		return min(len(a), len(b))
	}
	return -1
}
