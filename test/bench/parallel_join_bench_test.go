// parallel_join_bench_test.go measures Parallel Hash Join: a count and sum
// over the join of table big (3M rows) with table small (1M rows) on
// loomdb and on PostgreSQL 15, side by side, in three configurations:
// serial (no Gather), a parallel-oblivious Hash Join (each participant
// builds its own copy of the hash table) and a Parallel Hash Join (the
// participants build one shared table). Run it with
//
//	go test ./test/bench -run '^$' -bench BenchmarkParallelHashJoin -benchtime 5x
//
// LOOMDB_BENCH_BIG and LOOMDB_BENCH_SMALL override the row counts for quick
// runs (the planner still needs tables past min_parallel_table_scan_size,
// 8MB, to go parallel: about 300000 and 250000 rows). Besides ns/op per
// configuration it prints, per server, the median of five timed runs of each
// configuration, the speedups of Parallel Hash, the peak memory of the hash
// table (EXPLAIN ANALYZE's Memory Usage) and, for loomdb, the peak growth of
// the Go heap while the Parallel Hash runs.

package bench

import (
	"context"
	"fmt"
	"io"
	"os"
	"regexp"
	"runtime"
	"runtime/metrics"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/loomdb/loomdb/internal/testutil/loomtest"
	"github.com/loomdb/loomdb/internal/testutil/testtarget"
	"github.com/loomdb/loomdb/test/difftest"
)

const (
	joinBigRows   = 3_000_000
	joinSmallRows = 1_000_000
	joinQuery     = "SELECT count(*), sum(small.v) FROM big JOIN small ON big.k = small.id"
)

// joinConfig is one measured configuration.
type joinConfig struct {
	name     string
	settings []string
	// check returns why plan (EXPLAIN (COSTS OFF) text) is not the
	// intended one, or "".
	check func(plan []string) string
}

var joinConfigs = []joinConfig{
	{"serial", []string{"SET max_parallel_workers_per_gather = 0", "SET enable_parallel_hash = on"}, checkSerialJoin},
	{"oblivious", []string{"SET max_parallel_workers_per_gather = 2", "SET enable_parallel_hash = off"}, checkObliviousJoin},
	{"parallel hash", []string{"SET max_parallel_workers_per_gather = 2", "SET enable_parallel_hash = on"}, checkParallelHashJoin},
}

var (
	hashNodeLine         = regexp.MustCompile(`^\s*(->\s+)?Hash(\s+\(|$)`)
	parallelHashNodeLine = regexp.MustCompile(`^\s*(->\s+)?Parallel Hash(\s+\(|$)`)
	memoryUsage          = regexp.MustCompile(`Memory Usage: (\d+)kB`)
)

// planIndex returns the index of the first line of plan that contains
// s, or -1.
func planIndex(plan []string, s string) int {
	for i, l := range plan {
		if strings.Contains(l, s) {
			return i
		}
	}
	return -1
}

// planMatch returns the index of the first line of plan that re matches,
// or -1.
func planMatch(plan []string, re *regexp.Regexp) int {
	for i, l := range plan {
		if re.MatchString(l) {
			return i
		}
	}
	return -1
}

func checkSerialJoin(plan []string) string {
	switch {
	case planIndex(plan, "Gather") >= 0:
		return "a Gather in the serial plan"
	case planIndex(plan, "Parallel") >= 0:
		return "a parallel node in the serial plan"
	case planIndex(plan, "Hash Join") < 0 || planMatch(plan, hashNodeLine) < 0:
		return "no Hash Join with a Hash"
	}
	return ""
}

func checkObliviousJoin(plan []string) string {
	gather := planIndex(plan, "Gather")
	switch {
	case gather < 0:
		return "no Gather"
	case planIndex(plan, "Parallel Hash") >= 0:
		return "a Parallel Hash with enable_parallel_hash off"
	case planIndex(plan, "Hash Join") < gather:
		return "no Hash Join under the Gather"
	case planMatch(plan, hashNodeLine) < gather:
		return "no plain Hash under the Gather"
	}
	return ""
}

func checkParallelHashJoin(plan []string) string {
	gather := planIndex(plan, "Gather")
	switch {
	case gather < 0:
		return "no Gather"
	case planIndex(plan, "Parallel Hash Join") < gather:
		return "no Parallel Hash Join under the Gather"
	case planMatch(plan, parallelHashNodeLine) < gather:
		return "no Parallel Hash under the Gather"
	}
	return ""
}

// hashMemoryKB returns the largest Memory Usage figure in the detail
// lines (the leader's and any "Worker N:" lines) of the first (Parallel)
// Hash node of an EXPLAIN ANALYZE plan, or -1 when there is none.
func hashMemoryKB(plan []string) int {
	node := planMatch(plan, hashNodeLine)
	if p := planMatch(plan, parallelHashNodeLine); node < 0 || p >= 0 && p < node {
		node = p
	}
	if node < 0 {
		return -1
	}
	peak := -1
	for _, l := range plan[node+1:] {
		if strings.Contains(l, "->") {
			break
		}
		if m := memoryUsage.FindStringSubmatch(l); m != nil {
			kb, _ := strconv.Atoi(m[1])
			peak = max(peak, kb)
		}
	}
	return peak
}

func BenchmarkParallelHashJoin(b *testing.B) {
	ctx := context.Background()
	nBig, nSmall := envRows(b, "LOOMDB_BENCH_BIG", joinBigRows), envRows(b, "LOOMDB_BENCH_SMALL", joinSmallRows)
	servers := []struct {
		name string
		conn *pgconn.PgConn
	}{
		{"loomdb", loadJoinTables(b, loomtest.Start(b).DSN("postgres"), nBig, nSmall)},
		{"postgresql", loadJoinTables(b, testtarget.PostgresDB(b, "bench_parallel_join"), nBig, nSmall)},
	}
	// The reference answer: PostgreSQL's serial plan.
	execAll(b, servers[1].conn, joinConfigs[0].settings)
	want := difftest.Exec(ctx, servers[1].conn, joinQuery)
	for _, s := range servers {
		var median [3]time.Duration
		hashKB := -1
		var heap uint64
		for ci, c := range joinConfigs {
			execAll(b, s.conn, c.settings)
			plan := explainText(b, s.conn, "EXPLAIN (COSTS OFF) "+joinQuery)
			if why := c.check(plan); why != "" {
				b.Fatalf("%s, %s: %s:\n%s", s.name, c.name, why, strings.Join(plan, "\n"))
			}
			if d := difftest.Diff(joinQuery, want, difftest.Exec(ctx, s.conn, joinQuery), "postgresql (serial)", s.name+" ("+c.name+")"); d != "" {
				b.Fatalf("results differ:\n%s", d)
			}
			if c.name == "parallel hash" {
				analyzed := explainText(b, s.conn, "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) "+joinQuery)
				if hashKB = hashMemoryKB(analyzed); hashKB < 0 {
					b.Fatalf("%s: no Memory Usage under the Parallel Hash:\n%s", s.name, strings.Join(analyzed, "\n"))
				}
				if s.name == "loomdb" {
					stop := sampleHeap()
					median[ci] = joinMedian(b, s.conn, 5)
					heap = stop()
				} else {
					median[ci] = joinMedian(b, s.conn, 5)
				}
			} else {
				median[ci] = joinMedian(b, s.conn, 5)
			}
			b.Run(s.name+"/"+strings.ReplaceAll(c.name, " ", "_"), func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					if _, err := s.conn.Exec(ctx, joinQuery).ReadAll(); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
		line := fmt.Sprintf("%s: serial %v, oblivious %v, parallel hash %v; parallel hash vs oblivious %.2fx, vs serial %.2fx; peak memory: hash table %s (EXPLAIN ANALYZE)",
			s.name, median[0].Round(time.Millisecond), median[1].Round(time.Millisecond), median[2].Round(time.Millisecond),
			float64(median[1])/float64(median[2]), float64(median[0])/float64(median[2]), megabytes(float64(hashKB)*1024))
		if s.name == "loomdb" {
			line += ", heap " + megabytes(float64(heap))
		}
		fmt.Println(line)
	}
}

// envRows returns the row count in environment variable name, or def.
func envRows(b *testing.B, name string, def int) int {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		b.Fatalf("%s=%q: want a positive row count", name, v)
	}
	return n
}

func megabytes(bytes float64) string {
	mb := bytes / (1 << 20)
	if mb < 10 {
		return fmt.Sprintf("%.1fMB", mb)
	}
	return fmt.Sprintf("%.0fMB", mb)
}

func execAll(b *testing.B, conn *pgconn.PgConn, stmts []string) {
	b.Helper()
	for _, s := range stmts {
		if _, err := conn.Exec(context.Background(), s).ReadAll(); err != nil {
			b.Fatalf("%s: %v", s, err)
		}
	}
}

// explainText returns the lines of an EXPLAIN.
func explainText(b *testing.B, conn *pgconn.PgConn, sql string) []string {
	b.Helper()
	res, err := conn.Exec(context.Background(), sql).ReadAll()
	if err != nil {
		b.Fatalf("%s: %v", sql, err)
	}
	var lines []string
	for _, r := range res {
		for _, row := range r.Rows {
			lines = append(lines, string(row[0]))
		}
	}
	return lines
}

// joinMedian returns the median time of n runs of joinQuery, after one
// warm-up run.
func joinMedian(b *testing.B, conn *pgconn.PgConn, n int) time.Duration {
	ctx := context.Background()
	var ds []time.Duration
	for i := 0; i <= n; i++ {
		start := time.Now()
		if _, err := conn.Exec(ctx, joinQuery).ReadAll(); err != nil {
			b.Fatal(err)
		}
		if i > 0 {
			ds = append(ds, time.Since(start))
		}
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	return ds[len(ds)/2]
}

// sampleHeap samples the bytes of live and not yet swept heap objects
// every 5ms until the returned function is called; that function stops
// the sampler, waits for it and returns the peak less the figure before
// (after a GC), or 0.
func sampleHeap() (stop func() uint64) {
	const name = "/memory/classes/heap/objects:bytes"
	read := func(s []metrics.Sample) uint64 {
		metrics.Read(s)
		return s[0].Value.Uint64()
	}
	runtime.GC()
	base := read([]metrics.Sample{{Name: name}})
	var (
		peak = base
		done = make(chan struct{})
		wg   sync.WaitGroup
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		s := []metrics.Sample{{Name: name}}
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				peak = max(peak, read(s))
			}
		}
	}()
	return func() uint64 {
		close(done)
		wg.Wait()
		if peak < base {
			return 0
		}
		return peak - base
	}
}

// loadJoinTables creates and fills big(id int4, k int4, pad int4) with
// nBig rows and small(id int4, v int4) with nSmall rows (id 0..nSmall-1,
// each k one of them, spread by a multiplicative hash) on the server at
// dsn, and vacuums and analyzes both.
func loadJoinTables(b *testing.B, dsn string, nBig, nSmall int) *pgconn.PgConn {
	ctx := context.Background()
	conn, err := pgconn.Connect(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { conn.Close(context.Background()) })
	if _, err := conn.Exec(ctx, "DROP TABLE IF EXISTS big, small; CREATE TABLE big (id int4, k int4, pad int4); CREATE TABLE small (id int4, v int4)").ReadAll(); err != nil {
		b.Fatal(err)
	}
	copyRows(b, conn, "small", nSmall, func(w io.Writer, i int) {
		fmt.Fprintf(w, "%d\t%d\n", i, i*7919%10007)
	})
	copyRows(b, conn, "big", nBig, func(w io.Writer, i int) {
		fmt.Fprintf(w, "%d\t%d\t%d\n", i, uint32(i)*2654435761%uint32(nSmall), i%1000)
	})
	for _, t := range []string{"big", "small"} {
		if _, err := conn.Exec(ctx, "VACUUM ANALYZE "+t).ReadAll(); err != nil {
			b.Fatal(err)
		}
	}
	return conn
}

// copyRows streams n rows, written by row, into table with COPY.
func copyRows(b *testing.B, conn *pgconn.PgConn, table string, n int, row func(w io.Writer, i int)) {
	pr, pw := io.Pipe()
	go func() {
		var sb strings.Builder
		for i := 0; i < n; i++ {
			row(&sb, i)
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
	_, err := conn.CopyFrom(context.Background(), pr, "COPY "+table+" FROM STDIN")
	pr.Close()
	if err != nil {
		b.Fatal(err)
	}
}
