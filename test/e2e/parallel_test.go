package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/loomdb/loomdb/internal/testutil/loomtest"
)

// loadParallelTable creates table name(id int4, g int4, x int4) with n
// rows (id 0..n-1, g = id % 10, x = id % 1000) through COPY, then vacuums
// and analyzes it.
func loadParallelTable(t testing.TB, conn *pgconn.PgConn, name string, n int) {
	t.Helper()
	ctx := context.Background()
	if _, err := conn.Exec(ctx, fmt.Sprintf("CREATE TABLE %s (id int4, g int4, x int4)", name)).ReadAll(); err != nil {
		t.Fatal(err)
	}
	pr, pw := io.Pipe()
	go func() {
		var sb strings.Builder
		for i := 0; i < n; i++ {
			fmt.Fprintf(&sb, "%d\t%d\t%d\n", i, i%10, i%1000)
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
	_, err := conn.CopyFrom(ctx, pr, "COPY "+name+" FROM STDIN")
	pr.Close()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, "VACUUM ANALYZE "+name).ReadAll(); err != nil {
		t.Fatal(err)
	}
}

func execRows(t testing.TB, conn *pgconn.PgConn, sql string) [][]string {
	t.Helper()
	res, err := conn.Exec(context.Background(), sql).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	var out [][]string
	for _, r := range res {
		for _, row := range r.Rows {
			var cols []string
			for _, c := range row {
				cols = append(cols, string(c))
			}
			out = append(out, cols)
		}
	}
	return out
}

var workerLine = regexp.MustCompile(`^\s*Worker (\d+):  actual rows=(\d+) loops=(\d+)$`)

// TestParallelExplainAnalyze runs EXPLAIN (ANALYZE, VERBOSE) of a parallel
// aggregate over a million rows: two workers launch, each reports its
// rows, and together with the leader's they make the node's total; with
// max_parallel_workers = 0 no worker launches and the answer is the same.
func TestParallelExplainAnalyze(t *testing.T) {
	inst := loomtest.Start(t)
	ctx := context.Background()
	conn, err := pgconn.Connect(ctx, inst.DSN("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	const n = 1_000_000
	loadParallelTable(t, conn, "pt", n)
	const query = "SELECT count(*), sum(x) FROM pt WHERE g < 3"
	want := [][]string{{"300000", strconv.Itoa(3 * 100 * (0 + 999) * 1000 / 2 / 10)}}
	// sum of x over ids with id%10 < 3: x = id%1000, each residue r of
	// 1000 with r%10 < 3 appears 1000 times.
	sum := 0
	for r := 0; r < 1000; r++ {
		if r%10 < 3 {
			sum += r * (n / 1000)
		}
	}
	want[0][1] = strconv.Itoa(sum)
	if got := execRows(t, conn, query); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("%s = %v, want %v", query, got, want)
	}

	lines := execRows(t, conn, "EXPLAIN (ANALYZE, VERBOSE, COSTS OFF, TIMING OFF) "+query)
	var text []string
	for _, l := range lines {
		text = append(text, l[0])
	}
	plan := strings.Join(text, "\n")
	t.Logf("\n%s", plan)
	if !strings.Contains(plan, "Workers Launched: 2") {
		t.Fatalf("no two workers launched:\n%s", plan)
	}
	// The Parallel Seq Scan's rows are the per-loop average over the
	// leader and the workers; its Worker lines follow it.
	scan := -1
	for i, l := range text {
		if strings.Contains(l, "Parallel Seq Scan on public.pt") {
			scan = i
		}
	}
	if scan < 0 {
		t.Fatalf("no Parallel Seq Scan:\n%s", plan)
	}
	m := regexp.MustCompile(`actual rows=(\d+) loops=(\d+)`).FindStringSubmatch(text[scan])
	avg, _ := strconv.Atoi(m[1])
	loops, _ := strconv.Atoi(m[2])
	if loops != 3 {
		t.Fatalf("scan loops = %d, want 3 (leader and two workers)", loops)
	}
	workers, workerRows := 0, 0
	for _, l := range text[scan+1:] {
		if wm := workerLine.FindStringSubmatch(l); wm != nil {
			r, _ := strconv.Atoi(wm[2])
			workerRows += r
			workers++
		}
	}
	if workers != 2 {
		t.Fatalf("%d Worker lines under the scan, want 2:\n%s", workers, plan)
	}
	total := 300000
	if d := avg*loops - total; d < -loops || d > loops {
		t.Fatalf("scan rows %d x %d loops is not the total %d", avg, loops, total)
	}
	if leader := total - workerRows; leader < 0 {
		t.Fatalf("workers report %d rows, more than the total %d", workerRows, total)
	}

	// JSON gives the exact split: the leader's rows are the total less the workers'.
	js := execRows(t, conn, "EXPLAIN (ANALYZE, VERBOSE, COSTS OFF, TIMING OFF, FORMAT JSON) "+query)
	var doc []struct{ Plan map[string]any }
	if err := json.Unmarshal([]byte(js[0][0]), &doc); err != nil {
		t.Fatal(err)
	}
	var find func(n map[string]any) map[string]any
	find = func(n map[string]any) map[string]any {
		if n["Node Type"] == "Seq Scan" && n["Parallel Aware"] == true {
			return n
		}
		kids, _ := n["Plans"].([]any)
		for _, k := range kids {
			if f := find(k.(map[string]any)); f != nil {
				return f
			}
		}
		return nil
	}
	node := find(doc[0].Plan)
	if node == nil {
		t.Fatalf("no parallel scan in JSON plan")
	}
	ws, _ := node["Workers"].([]any)
	if len(ws) != 2 {
		t.Fatalf("JSON Workers = %v, want 2 entries", node["Workers"])
	}
	for _, w := range ws {
		wm := w.(map[string]any)
		if _, ok := wm["Worker Number"]; !ok {
			t.Fatalf("worker entry without Worker Number: %v", wm)
		}
	}

	// No worker may run: the leader does all the work.
	if _, err := conn.Exec(ctx, "SET max_parallel_workers = 0").ReadAll(); err != nil {
		t.Fatal(err)
	}
	lines = execRows(t, conn, "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) "+query)
	text = text[:0]
	for _, l := range lines {
		text = append(text, l[0])
	}
	plan = strings.Join(text, "\n")
	if !strings.Contains(plan, "Workers Planned: 2") || !strings.Contains(plan, "Workers Launched: 0") {
		t.Fatalf("with max_parallel_workers = 0:\n%s", plan)
	}
	if !strings.Contains(plan, "Parallel Seq Scan on pt (actual rows=300000 loops=1)") {
		t.Fatalf("the leader did not scan everything alone:\n%s", plan)
	}
	if got := execRows(t, conn, query); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("with max_parallel_workers = 0, %s = %v, want %v", query, got, want)
	}
	if a := inst.Engine.ActiveParallelWorkers(); a != 0 {
		t.Fatalf("%d parallel workers still active", a)
	}
}

// TestParallelWorkerError checks that an error raised in a worker reaches
// the client with "parallel worker" in its context, and the session goes on.
func TestParallelWorkerError(t *testing.T) {
	inst := loomtest.Start(t)
	ctx := context.Background()
	conn, err := pgconn.Connect(ctx, inst.DSN("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	loadParallelTable(t, conn, "pe", 20000)
	// A single-copy Gather leaves the whole plan to its worker.
	_, err = conn.Exec(ctx, "SET debug_parallel_query = on; SELECT count(*) FROM pe WHERE x / (id - 12345) > 1").ReadAll()
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "22012" || pe.Message != "division by zero" || pe.Where != "parallel worker" {
		t.Fatalf("worker error = %#v", err)
	}
	if got := execRows(t, conn, "SELECT count(*) FROM pe WHERE g = 1"); got[0][0] != "2000" {
		t.Fatalf("after a worker error: %v", got)
	}
	if a := inst.Engine.ActiveParallelWorkers(); a != 0 {
		t.Fatalf("%d parallel workers still active", a)
	}
}

// TestParallelCancel cancels a long parallel query: it stops, every
// worker with it, within 100 ms of the cancel request being handled.
func TestParallelCancel(t *testing.T) {
	inst := loomtest.Start(t)
	ctx := context.Background()
	conn, err := pgconn.Connect(ctx, inst.DSN("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	loadParallelTable(t, conn, "pc", 200000)
	setParallel(t, conn)
	// Every participant sleeps a little per row: the query would take
	// many seconds.
	slow := "SELECT count(*) FROM pc WHERE pg_sleep(0.0002) IS NOT NULL"
	errc := make(chan error, 1)
	go func() {
		_, err := conn.Exec(ctx, slow).ReadAll()
		errc <- err
	}()
	time.Sleep(300 * time.Millisecond)
	cancelled := time.Now()
	if err := conn.CancelRequest(ctx); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-errc:
		if pgCode(err) != "57014" {
			t.Skipf("the query finished before the cancel (%v)", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("cancel did not stop the query")
	}
	elapsed := time.Since(cancelled)
	deadline := time.Now().Add(time.Second)
	for inst.Engine.ActiveParallelWorkers() != 0 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if a := inst.Engine.ActiveParallelWorkers(); a != 0 {
		t.Fatalf("%d parallel workers still active after the cancel", a)
	}
	t.Logf("cancel took %v", elapsed)
	if elapsed > 500*time.Millisecond {
		t.Errorf("the query took %v to stop after the cancel", elapsed)
	}
}

func setParallel(t testing.TB, conn *pgconn.PgConn) {
	t.Helper()
	for _, s := range []string{"SET parallel_setup_cost = 0", "SET parallel_tuple_cost = 0", "SET min_parallel_table_scan_size = 0", "SET max_parallel_workers_per_gather = 2"} {
		if _, err := conn.Exec(context.Background(), s).ReadAll(); err != nil {
			t.Fatal(err)
		}
	}
}

// TestParallelStress runs 1000 parallel queries over several connections
// at once, with random cancels, statement timeouts, worker errors and
// LIMITs; every answer that completes must be right, every failure must be
// the expected one, and no worker (or goroutine: TestMain checks) may
// outlive its query.
func TestParallelStress(t *testing.T) {
	inst := loomtest.Start(t)
	ctx := context.Background()
	setup, err := pgconn.Connect(ctx, inst.DSN("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	loadParallelTable(t, setup, "ps", 30000)
	setup.Close(ctx)
	const conns, total = 6, 1000
	var wg sync.WaitGroup
	var mu sync.Mutex
	counts := map[string]int{}
	queries := make(chan int, total)
	for i := 0; i < total; i++ {
		queries <- i
	}
	close(queries)
	for c := 0; c < conns; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			rng := rand.New(rand.NewSource(int64(c)))
			conn, err := pgconn.Connect(ctx, inst.DSN("postgres"))
			if err != nil {
				t.Error(err)
				return
			}
			defer conn.Close(ctx)
			setParallel(t, conn)
			for i := range queries {
				kind, err := stressQuery(ctx, conn, rng, i)
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				counts[kind]++
				mu.Unlock()
			}
		}(c)
	}
	wg.Wait()
	t.Logf("outcomes: %v", counts)
	deadline := time.Now().Add(2 * time.Second)
	for inst.Engine.ActiveParallelWorkers() != 0 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if a := inst.Engine.ActiveParallelWorkers(); a != 0 {
		t.Fatalf("%d parallel workers still active", a)
	}
}

// stressQuery runs one random query and checks its outcome.
func stressQuery(ctx context.Context, conn *pgconn.PgConn, rng *rand.Rand, i int) (string, error) {
	switch rng.Intn(5) {
	case 0: // a full aggregate
		res, err := conn.Exec(ctx, "SELECT count(*), sum(x) FROM ps WHERE g = 4").ReadAll()
		if err != nil {
			return "", fmt.Errorf("aggregate: %v", err)
		}
		if got := string(res[0].Rows[0][0]) + " " + string(res[0].Rows[0][1]); got != "3000 1497000" {
			return "", fmt.Errorf("aggregate = %s", got)
		}
		return "aggregate", nil
	case 1: // a LIMIT that stops the workers early
		n := 1 + rng.Intn(50)
		res, err := conn.Exec(ctx, fmt.Sprintf("SELECT id FROM ps WHERE x > 10 LIMIT %d", n)).ReadAll()
		if err != nil {
			return "", fmt.Errorf("limit: %v", err)
		}
		if len(res[0].Rows) != n {
			return "", fmt.Errorf("limit %d returned %d rows", n, len(res[0].Rows))
		}
		return "limit", nil
	case 2: // an error in some participant
		_, err := conn.Exec(ctx, fmt.Sprintf("SELECT sum(x / (id - %d)) FROM ps", rng.Intn(30000))).ReadAll()
		if pgCode(err) != "22012" {
			return "", fmt.Errorf("worker error: %v", err)
		}
		return "error", nil
	case 3: // a cancel request at a random moment
		delay := time.Duration(rng.Intn(20)) * time.Millisecond
		sent := make(chan error, 1)
		go func() {
			time.Sleep(delay)
			sent <- conn.CancelRequest(ctx)
		}()
		res, err := conn.Exec(ctx, "SELECT g, count(*) FROM ps GROUP BY g ORDER BY g").ReadAll()
		// The next query starts only once the cancel was handled, so that
		// a late cancel does not hit it.
		if cerr := <-sent; cerr != nil {
			return "", cerr
		}
		switch {
		case err == nil:
			if len(res[0].Rows) != 10 {
				return "", fmt.Errorf("grouped rows = %d", len(res[0].Rows))
			}
			return "finished", nil
		case pgCode(err) == "57014":
			return "cancelled", nil
		}
		return "", fmt.Errorf("cancelled query: %v", err)
	default: // a statement timeout
		res, err := conn.Exec(ctx, "SET statement_timeout = '5ms'; SELECT DISTINCT x FROM ps ORDER BY x; RESET statement_timeout").ReadAll()
		if err == nil {
			if len(res) < 2 || len(res[1].Rows) != 1000 {
				return "", fmt.Errorf("distinct returned %d results", len(res))
			}
			return "finished", nil
		}
		if pgCode(err) != "57014" {
			return "", fmt.Errorf("timed-out query: %v", err)
		}
		if _, err := conn.Exec(ctx, "RESET statement_timeout").ReadAll(); err != nil {
			return "", err
		}
		return "timeout", nil
	}
}
