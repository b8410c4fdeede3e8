package e2e

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/loomdb/loomdb/internal/testutil/loomtest"
)

var memoizeLine = regexp.MustCompile(`Hits: (\d+)  Misses: (\d+)  Evictions: (\d+)  Overflows: (\d+)  Memory Usage: (\d+)kB`)

// TestMemoize joins 200,000 rows to a 1,000-row lookup table through a
// nested loop whose inner index scan sits under a Memoize, serially and
// with two workers (each with a cache of its own). With the default
// work_mem every key is fetched once per participant; with work_mem 64kB
// the 1,000 entries of about 250 bytes do not fit in hash_mem (128kB),
// so entries are evicted and fetched again, within the limit. The answer
// is the same each time.
func TestMemoize(t *testing.T) {
	inst := loomtest.Start(t)
	ctx := context.Background()
	conn, err := pgconn.Connect(ctx, inst.DSN("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	const n = 200000
	loadParallelTable(t, conn, "mzp", n) // x = id % 1000
	execRows(t, conn, "CREATE TABLE mzl (k int4, v text)")
	var sb strings.Builder
	for k := 0; k < 1000; k++ {
		fmt.Fprintf(&sb, "%d\t%s\n", k, strings.Repeat(string(rune('a'+k%26)), 200))
	}
	if _, err := conn.CopyFrom(ctx, strings.NewReader(sb.String()), "COPY mzl FROM STDIN"); err != nil {
		t.Fatal(err)
	}
	execRows(t, conn, "CREATE INDEX mzl_k ON mzl (k)")
	execRows(t, conn, "ANALYZE mzp")
	execRows(t, conn, "ANALYZE mzl")
	execRows(t, conn, "SET enable_hashjoin = off")
	execRows(t, conn, "SET enable_mergejoin = off")
	const query = "SELECT count(*), sum(l.k), sum(length(l.v)) FROM mzp p JOIN mzl l ON l.k = p.x"
	// Each x in 0..999 occurs n/1000 times.
	want := fmt.Sprintf("%d %d %d", n, (n/1000)*(999*1000/2), n*200)

	for _, c := range []struct {
		name     string
		settings []string
		evicts   bool
	}{
		{"serial", nil, false},
		{"serial, work_mem 64kB", []string{"SET work_mem = '64kB'"}, true},
		{"parallel", []string{"RESET work_mem", "SET parallel_setup_cost = 0", "SET parallel_tuple_cost = 0", "SET min_parallel_table_scan_size = 0", "SET max_parallel_workers_per_gather = 2"}, false},
		{"parallel, work_mem 64kB", []string{"SET work_mem = '64kB'"}, true},
	} {
		for _, s := range c.settings {
			execRows(t, conn, s)
		}
		if got := strings.Join(execRows(t, conn, query)[0], " "); got != want {
			t.Fatalf("%s: got %s, want %s", c.name, got, want)
		}
		plan := strings.Join(column(execRows(t, conn, "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) "+query)), "\n")
		if !strings.Contains(plan, "Memoize") || !strings.Contains(plan, "Cache Key: p.x") {
			t.Fatalf("%s: no Memoize in the plan:\n%s", c.name, plan)
		}
		lines := memoizeLine.FindAllStringSubmatch(plan, -1)
		if len(lines) == 0 {
			t.Fatalf("%s: no cache figures:\n%s", c.name, plan)
		}
		var lookups, evictions int
		for _, m := range lines {
			hits, misses, ev, kb := mustAtoi(t, m[1]), mustAtoi(t, m[2]), mustAtoi(t, m[3]), mustAtoi(t, m[5])
			lookups += hits + misses
			evictions += ev
			if kb > 128 && c.evicts {
				t.Errorf("%s: cache of %dkB exceeds hash_mem (128kB):\n%s", c.name, kb, plan)
			}
			if !c.evicts && misses > 1000 {
				t.Errorf("%s: %d misses for 1000 keys:\n%s", c.name, misses, plan)
			}
		}
		if lookups != n {
			t.Errorf("%s: %d cache lookups, want one per outer row (%d):\n%s", c.name, lookups, n, plan)
		}
		if (evictions > 0) != c.evicts {
			t.Errorf("%s: %d evictions:\n%s", c.name, evictions, plan)
		}
	}
}
