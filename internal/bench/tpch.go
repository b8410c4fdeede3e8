// Package bench runs loomdb's side-by-side benchmarks against PostgreSQL 15:
// `loomdb bench tpch` generates TPC-H data, loads it into a fresh loomdb
// server and (with --pg) a private PostgreSQL 15 on the same machine, runs
// the 22 queries under each worker setting on both, checks that loomdb's
// answers are PostgreSQL's, and reports the times side by side.
//
// Both servers run as their own processes with their default memory
// settings (128MB of shared buffers each) and durable commits, so the load
// and query figures compare server against server. Each query is run once
// to warm the caches, and its answer compared, then Runs more times; the
// figure is the median.
package bench

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/loomdb/loomdb/internal/pgserver"
	"github.com/loomdb/loomdb/internal/tpch"
)

// TPCHOptions configures RunTPCH.
type TPCHOptions struct {
	SF      float64 // scale factor: 1 is 6 million line items
	Workers []int   // max_parallel_workers_per_gather settings to measure
	PG      bool    // also load and run PostgreSQL 15, and check answers
	Runs    int     // timed runs per query and setting, after one warm-up
	Queries []string
	// Dir holds the generated data and the loomdb data directory; empty
	// means a temporary directory. Keep leaves it in place afterwards.
	Dir  string
	Keep bool
	// Loomdb is the loomdb executable to start as the server.
	Loomdb string
	// Out receives the report; Log receives progress.
	Out, Log io.Writer
}

// System names one of the two servers in a TPCHReport.
const (
	Loomdb     = "loomdb"
	PostgreSQL = "postgresql"
)

// TPCHReport is everything RunTPCH measured; --json writes it as is.
type TPCHReport struct {
	SF        float64                  `json:"sf"`
	Workers   []int                    `json:"workers"`
	Runs      int                      `json:"runs"`
	CPUs      int                      `json:"cpus"`
	Generate  Seconds                  `json:"generate_s"`
	DataBytes int64                    `json:"generated_bytes"`
	Systems   map[string]*SystemResult `json:"systems"`
	Queries   []QueryResult            `json:"queries"`
	// Mismatches lists the queries whose answers differ from PostgreSQL's.
	Mismatches []string `json:"mismatches"`
}

// Seconds is a duration that encodes as seconds in JSON.
type Seconds float64

func secs(d time.Duration) Seconds { return Seconds(d.Seconds()) }

// SystemResult is one server's load figures and resource use.
type SystemResult struct {
	// Copy is each table's COPY time.
	Copy map[string]Seconds `json:"copy_s"`
	// CopyAll is the sum of Copy; Index is CREATE INDEX for the keys;
	// Analyze is VACUUM ANALYZE after the load.
	CopyAll   Seconds `json:"copy_all_s"`
	Index     Seconds `json:"index_s"`
	Analyze   Seconds `json:"vacuum_analyze_s"`
	DataBytes int64   `json:"data_bytes"`
	// PeakRSS is the largest resident set of the server process (loomdb:
	// the whole server, parallel workers included; PostgreSQL: the
	// session's backend, without its parallel worker processes), in bytes.
	PeakRSS int64 `json:"peak_rss_bytes"`
	// GeoMeanMs is the geometric mean of the query medians, per setting.
	GeoMeanMs map[string]float64 `json:"geomean_ms"`
}

// QueryResult is one query's medians per system and setting.
type QueryResult struct {
	Name string `json:"name"`
	// Ms maps system, then "w=N", to the median time in milliseconds.
	Ms map[string]map[string]float64 `json:"ms"`
	// Match reports, per setting, whether loomdb's answer was PostgreSQL's.
	Match map[string]bool `json:"match,omitempty"`
	Rows  int             `json:"rows"`
	Err   string          `json:"error,omitempty"`
}

func settingKey(w int) string { return "w=" + strconv.Itoa(w) }

// RunTPCH runs the benchmark and prints its report to opts.Out. It returns
// the report, and an error if any query failed or any answer differed.
func RunTPCH(ctx context.Context, opts TPCHOptions) (*TPCHReport, error) {
	if opts.Runs < 1 {
		opts.Runs = 1
	}
	dir := opts.Dir
	if dir == "" {
		d, err := os.MkdirTemp("", "loomdb-bench-")
		if err != nil {
			return nil, err
		}
		dir = d
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	if !opts.Keep {
		defer os.RemoveAll(dir)
	}
	rep := &TPCHReport{SF: opts.SF, Workers: opts.Workers, Runs: opts.Runs, CPUs: runtime.NumCPU(), Systems: map[string]*SystemResult{}}
	fmt.Fprintf(opts.Log, "TPC-H at scale factor %g in %s\n", opts.SF, dir)

	files, size, elapsed, err := generate(ctx, filepath.Join(dir, "data"), opts.SF, opts.Log)
	if err != nil {
		return nil, err
	}
	rep.Generate, rep.DataBytes = secs(elapsed), size

	loom, err := startLoomdb(ctx, opts.Loomdb, filepath.Join(dir, "loomdb"))
	if err != nil {
		return nil, err
	}
	defer loom.stop()
	servers := []*server{loom}
	if opts.PG {
		pg, err := startPostgres(ctx)
		if err != nil {
			return nil, err
		}
		defer pg.stop()
		servers = append(servers, pg)
	}
	defer func() {
		for _, s := range servers {
			if s.conn != nil {
				s.conn.Close(context.Background())
			}
		}
	}()
	for _, s := range servers {
		rd, err := s.load(ctx, files, opts.Log)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", s.name, err)
		}
		rep.Systems[s.name] = rd
	}
	if err := runQueries(ctx, rep, servers, opts); err != nil {
		return nil, err
	}
	for _, s := range servers {
		rd := rep.Systems[s.name]
		rd.PeakRSS = s.peakRSS()
		rd.GeoMeanMs = map[string]float64{}
		for _, w := range opts.Workers {
			rd.GeoMeanMs[settingKey(w)] = geoMean(rep.Queries, s.name, settingKey(w))
		}
	}
	printReport(opts.Out, rep, opts)
	var errs []error
	for _, q := range rep.Queries {
		if q.Err != "" {
			errs = append(errs, fmt.Errorf("%s: %s", q.Name, q.Err))
		}
	}
	if len(rep.Mismatches) > 0 {
		errs = append(errs, fmt.Errorf("answers differ from PostgreSQL's: %s", strings.Join(rep.Mismatches, ", ")))
	}
	return rep, errors.Join(errs...)
}

// generate writes every table's rows to dir/<table>.tbl, generating the
// chunks of each table on all CPUs and writing them in order. It returns
// the files by table and their total size.
func generate(ctx context.Context, dir string, sf float64, log io.Writer) (map[string]string, int64, time.Duration, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, 0, 0, err
	}
	total := 0
	for _, t := range tpch.Tables {
		total += tpch.Chunks(t, sf)
	}
	bar := startProgress(log, "generating", "chunks", int64(total))
	files := map[string]string{}
	var size int64
	for _, t := range tpch.Tables {
		path := filepath.Join(dir, t+".tbl")
		n, err := generateTable(ctx, path, t, sf, bar)
		if err != nil {
			bar.finish()
			return nil, 0, 0, err
		}
		files[t] = path
		size += n
	}
	return files, size, bar.finish(), nil
}

func generateTable(ctx context.Context, path, table string, sf float64, bar *progress) (int64, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<20)
	chunks := tpch.Chunks(table, sf)
	// Chunks are generated a window at a time, one goroutine each, and
	// written in order, so the file is the same as a serial run's.
	window := 2 * runtime.GOMAXPROCS(0)
	bufs := make([][]byte, window)
	var size int64
	for lo := 0; lo < chunks; lo += window {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		hi := min(lo+window, chunks)
		var wg sync.WaitGroup
		for c := lo; c < hi; c++ {
			wg.Add(1)
			go func(c int) {
				defer wg.Done()
				bufs[c-lo] = tpch.AppendChunk(bufs[c-lo][:0], table, sf, c)
				bar.add(1)
			}(c)
		}
		wg.Wait()
		for c := lo; c < hi; c++ {
			if _, err := w.Write(bufs[c-lo]); err != nil {
				return 0, err
			}
			size += int64(len(bufs[c-lo]))
		}
	}
	if err := w.Flush(); err != nil {
		return 0, err
	}
	// The files are on disk before either load starts, so that neither
	// server's COPY competes with their write-back.
	if err := f.Sync(); err != nil {
		return 0, err
	}
	return size, f.Close()
}

// server is one of the two servers under measurement.
type server struct {
	name    string
	dsn     string
	dataDir string // its data directory: base/ holds tables and indexes
	pid     func() int
	stop    func()
	conn    *pgconn.PgConn
}

// startLoomdb starts `loomdb serve` on a free port over a new data
// directory and waits until it listens.
func startLoomdb(ctx context.Context, bin, dataDir string) (*server, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "serve", "-D", dataDir, "-p", strconv.Itoa(port))
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	var logBuf bytes.Buffer
	var logMu sync.Mutex
	listening := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			logMu.Lock()
			logBuf.WriteString(sc.Text() + "\n")
			logMu.Unlock()
			if strings.Contains(sc.Text(), "listening on") {
				select {
				case listening <- true:
				default:
				}
			}
		}
		listening <- false
	}()
	stop := func() {
		cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(60 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	}
	select {
	case ok := <-listening:
		if !ok {
			stop()
			logMu.Lock()
			defer logMu.Unlock()
			return nil, fmt.Errorf("loomdb exited before listening:\n%s", logBuf.String())
		}
	case <-time.After(60 * time.Second):
		stop()
		return nil, errors.New("loomdb did not start listening within 60s")
	case <-ctx.Done():
		stop()
		return nil, ctx.Err()
	}
	return &server{
		name:    Loomdb,
		dsn:     fmt.Sprintf("postgres://loomdb@127.0.0.1:%d/postgres?sslmode=disable", port),
		dataDir: dataDir,
		pid:     func() int { return cmd.Process.Pid },
		stop:    stop,
	}, nil
}

// startPostgres starts a private PostgreSQL 15 with durable commits, as
// loomdb's, and otherwise its defaults.
func startPostgres(ctx context.Context) (*server, error) {
	if r := pgserver.UnavailableReason(); r != "" {
		return nil, fmt.Errorf("--pg: PostgreSQL 15 is not available: %s", r)
	}
	pg, err := pgserver.StartServer("fsync=on", "full_page_writes=on")
	if err != nil {
		return nil, err
	}
	if err := pg.CreateDatabase(ctx, "tpch"); err != nil {
		pg.Stop()
		return nil, err
	}
	s := &server{
		name:    PostgreSQL,
		dsn:     pg.DSN("tpch"),
		dataDir: filepath.Join(pg.Dir, "data"),
		stop:    func() { pg.Stop() },
	}
	return s, nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// tpchIndexes are the keys loaded after the data, as the TPC-H difference
// tests load them.
var tpchIndexes = []string{
	"CREATE UNIQUE INDEX region_pkey ON region (r_regionkey)",
	"CREATE UNIQUE INDEX nation_pkey ON nation (n_nationkey)",
	"CREATE UNIQUE INDEX part_pkey ON part (p_partkey)",
	"CREATE UNIQUE INDEX supplier_pkey ON supplier (s_suppkey)",
	"CREATE UNIQUE INDEX partsupp_pkey ON partsupp (ps_partkey, ps_suppkey)",
	"CREATE UNIQUE INDEX customer_pkey ON customer (c_custkey)",
	"CREATE UNIQUE INDEX orders_pkey ON orders (o_orderkey)",
	"CREATE UNIQUE INDEX lineitem_pkey ON lineitem (l_orderkey, l_linenumber)",
	"CREATE INDEX lineitem_part_supp ON lineitem (l_partkey, l_suppkey)",
}

// load creates the tables, copies the files in, builds the indexes and
// runs VACUUM ANALYZE, timing each step; it leaves s.conn open for the
// queries.
func (s *server) load(ctx context.Context, files map[string]string, log io.Writer) (*SystemResult, error) {
	conn, err := pgconn.Connect(ctx, s.dsn)
	if err != nil {
		return nil, err
	}
	s.conn = conn
	if s.pid == nil {
		res, err := conn.Exec(ctx, "SELECT pg_backend_pid()").ReadAll()
		if err != nil {
			return nil, err
		}
		pid, _ := strconv.Atoi(string(res[0].Rows[0][0]))
		s.pid = func() int { return pid }
	}
	if _, err := conn.Exec(ctx, tpch.Schema).ReadAll(); err != nil {
		return nil, fmt.Errorf("creating the tables: %w", err)
	}
	rd := &SystemResult{Copy: map[string]Seconds{}}
	var total int64
	for _, t := range tpch.Tables {
		fi, err := os.Stat(files[t])
		if err != nil {
			return nil, err
		}
		total += fi.Size()
	}
	bar := startProgress(log, s.name+": COPY", "MB", total)
	for _, t := range tpch.Tables {
		f, err := os.Open(files[t])
		if err != nil {
			bar.finish()
			return nil, err
		}
		start := time.Now()
		_, err = conn.CopyFrom(ctx, countingReader{r: f, p: bar}, fmt.Sprintf("COPY %s FROM STDIN (DELIMITER '%c')", t, tpch.Delimiter))
		f.Close()
		if err != nil {
			bar.finish()
			return nil, fmt.Errorf("COPY %s: %w", t, err)
		}
		rd.Copy[t] = secs(time.Since(start))
		rd.CopyAll += rd.Copy[t]
	}
	bar.finish()
	start := time.Now()
	for _, ix := range tpchIndexes {
		if _, err := conn.Exec(ctx, ix).ReadAll(); err != nil {
			return nil, fmt.Errorf("%s: %w", ix, err)
		}
	}
	rd.Index = secs(time.Since(start))
	start = time.Now()
	if _, err := conn.Exec(ctx, "VACUUM ANALYZE").ReadAll(); err != nil {
		return nil, fmt.Errorf("VACUUM ANALYZE: %w", err)
	}
	rd.Analyze = secs(time.Since(start))
	if _, err := conn.Exec(ctx, "CHECKPOINT").ReadAll(); err != nil {
		return nil, fmt.Errorf("CHECKPOINT: %w", err)
	}
	rd.DataBytes = dirSize(filepath.Join(s.dataDir, "base"))
	fmt.Fprintf(log, "%s: indexes %.1fs, VACUUM ANALYZE %.1fs, %s on disk\n", s.name, float64(rd.Index), float64(rd.Analyze), formatBytes(rd.DataBytes))
	return rd, nil
}

// dirSize is the total size of the regular files under dir.
func dirSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}

// peakRSS reads the server process's VmHWM, in bytes (0 if unreadable).
func (s *server) peakRSS() int64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.pid()))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb * 1024
		}
	}
	return 0
}

// answer is a query's result as text rows, or its error.
type answer struct {
	rows []string
	err  error
}

// execTimed runs sql and returns its answer and the wall time from sending
// it to the last row received.
func execTimed(ctx context.Context, conn *pgconn.PgConn, sql string) (answer, time.Duration) {
	start := time.Now()
	res, err := conn.Exec(ctx, sql).ReadAll()
	elapsed := time.Since(start)
	if err != nil {
		return answer{err: err}, elapsed
	}
	var a answer
	for _, r := range res {
		if r.Err != nil {
			return answer{err: r.Err}, elapsed
		}
		for _, row := range r.Rows {
			fields := make([]string, len(row))
			for i, f := range row {
				if f == nil {
					fields[i] = "NULL"
				} else {
					fields[i] = string(f)
				}
			}
			a.rows = append(a.rows, strings.Join(fields, "|"))
		}
	}
	return a, elapsed
}

func exec1(ctx context.Context, conn *pgconn.PgConn, sql string) error {
	_, err := conn.Exec(ctx, sql).ReadAll()
	return err
}

// runQueries measures every query under every setting on every server.
func runQueries(ctx context.Context, rep *TPCHReport, servers []*server, opts TPCHOptions) error {
	queries := tpch.Queries(opts.SF)
	if len(opts.Queries) > 0 {
		queries = slices.DeleteFunc(queries, func(q tpch.Query) bool {
			return !slices.ContainsFunc(opts.Queries, func(n string) bool { return strings.EqualFold(n, q.Name) })
		})
	}
	rep.Queries = make([]QueryResult, len(queries))
	for i, q := range queries {
		rep.Queries[i] = QueryResult{Name: q.Name, Ms: map[string]map[string]float64{}, Match: map[string]bool{}}
		for _, s := range servers {
			rep.Queries[i].Ms[s.name] = map[string]float64{}
		}
	}
	steps := int64(len(queries) * len(opts.Workers) * len(servers))
	bar := startProgress(opts.Log, "running queries", "", steps)
	defer bar.finish()
	for _, w := range opts.Workers {
		key := settingKey(w)
		for _, s := range servers {
			if err := exec1(ctx, s.conn, fmt.Sprintf("SET max_parallel_workers_per_gather = %d", w)); err != nil {
				return fmt.Errorf("%s: %w", s.name, err)
			}
		}
		for i, q := range queries {
			qr := &rep.Queries[i]
			answers := map[string]answer{}
			for _, s := range servers {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				if q.Setup != "" {
					if err := exec1(ctx, s.conn, q.Setup); err != nil {
						return fmt.Errorf("%s: %s setup: %w", s.name, q.Name, err)
					}
				}
				a, _ := execTimed(ctx, s.conn, q.SQL) // warm-up
				answers[s.name] = a
				if a.err != nil {
					if qr.Err == "" {
						qr.Err = fmt.Sprintf("%s (%s): %v", s.name, key, a.err)
					}
				} else {
					qr.Rows = len(a.rows)
					times := make([]time.Duration, 0, opts.Runs)
					for r := 0; r < opts.Runs; r++ {
						_, d := execTimed(ctx, s.conn, q.SQL)
						times = append(times, d)
					}
					qr.Ms[s.name][key] = float64(median(times).Microseconds()) / 1000
				}
				if q.Teardown != "" {
					if err := exec1(ctx, s.conn, q.Teardown); err != nil {
						return fmt.Errorf("%s: %s teardown: %w", s.name, q.Name, err)
					}
				}
				bar.add(1)
			}
			if pg, ok := answers[PostgreSQL]; ok && pg.err == nil && answers[Loomdb].err == nil {
				same := slices.Equal(pg.rows, answers[Loomdb].rows)
				qr.Match[key] = same
				if !same {
					rep.Mismatches = append(rep.Mismatches, q.Name+" ("+key+")")
				}
			}
		}
	}
	return nil
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// geoMean is the geometric mean of the system's medians under the setting
// over the queries that ran (0 if none did).
func geoMean(qs []QueryResult, system, key string) float64 {
	sum, n := 0.0, 0
	for _, q := range qs {
		if ms, ok := q.Ms[system][key]; ok && ms > 0 {
			sum += math.Log(ms)
			n++
		}
	}
	if n == 0 {
		return 0
	}
	return math.Exp(sum / float64(n))
}

func formatBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.2f GB", float64(n)/(1<<30))
	default:
		return fmt.Sprintf("%.0f MB", float64(n)/(1<<20))
	}
}

// printReport prints the query table and the load figures.
func printReport(w io.Writer, rep *TPCHReport, opts TPCHOptions) {
	_, pg := rep.Systems[PostgreSQL]
	fmt.Fprintf(w, "\nTPC-H SF %g on %d CPUs: milliseconds, median of %d runs after a warm-up\n", rep.SF, rep.CPUs, rep.Runs)
	var head []string
	head = append(head, fmt.Sprintf("%-8s", "query"))
	for _, wk := range opts.Workers {
		head = append(head, fmt.Sprintf("%12s", fmt.Sprintf("loomdb w=%d", wk)))
		if pg {
			head = append(head, fmt.Sprintf("%10s", fmt.Sprintf("PG w=%d", wk)), fmt.Sprintf("%7s", "ratio"))
		}
	}
	fmt.Fprintln(w, strings.Join(head, " "))
	cell := func(ms float64, ok bool) string {
		if !ok {
			return "-"
		}
		return strconv.FormatFloat(ms, 'f', 1, 64)
	}
	row := func(name string, get func(system, key string) (float64, bool), note string) {
		cols := []string{fmt.Sprintf("%-8s", name)}
		for _, wk := range opts.Workers {
			key := settingKey(wk)
			l, lok := get(Loomdb, key)
			cols = append(cols, fmt.Sprintf("%12s", cell(l, lok)))
			if pg {
				p, pok := get(PostgreSQL, key)
				ratio := "-"
				if lok && pok && p > 0 {
					ratio = fmt.Sprintf("%.2f", l/p)
				}
				cols = append(cols, fmt.Sprintf("%10s", cell(p, pok)), fmt.Sprintf("%7s", ratio))
			}
		}
		fmt.Fprintln(w, strings.Join(cols, " ")+note)
	}
	for _, q := range rep.Queries {
		note := ""
		var bad []string
		for _, wk := range opts.Workers {
			if m, ok := q.Match[settingKey(wk)]; ok && !m {
				bad = append(bad, settingKey(wk))
			}
		}
		if len(bad) > 0 {
			note = "  ANSWER DIFFERS at " + strings.Join(bad, ", ")
		}
		if q.Err != "" {
			note += "  ERROR " + q.Err
		}
		row(q.Name, func(system, key string) (float64, bool) {
			ms, ok := q.Ms[system][key]
			return ms, ok
		}, note)
	}
	row("geomean", func(system, key string) (float64, bool) {
		rd, ok := rep.Systems[system]
		if !ok || rd.GeoMeanMs[key] == 0 {
			return 0, false
		}
		return rd.GeoMeanMs[key], true
	}, "")
	if pg {
		if len(rep.Mismatches) == 0 {
			fmt.Fprintln(w, "answers: every query's answer equals PostgreSQL 15's under every setting")
		} else {
			fmt.Fprintf(w, "answers: DIFFER from PostgreSQL 15's for %s\n", strings.Join(rep.Mismatches, ", "))
		}
	}

	systems := []string{Loomdb}
	if pg {
		systems = append(systems, PostgreSQL)
	}
	fmt.Fprintf(w, "\ngenerated %s of data in %.1fs\n", formatBytes(rep.DataBytes), float64(rep.Generate))
	fmt.Fprintf(w, "%-26s", "load")
	for _, s := range systems {
		fmt.Fprintf(w, "%14s", s)
	}
	fmt.Fprintln(w)
	line := func(label string, get func(*SystemResult) string) {
		fmt.Fprintf(w, "%-26s", label)
		for _, s := range systems {
			fmt.Fprintf(w, "%14s", get(rep.Systems[s]))
		}
		fmt.Fprintln(w)
	}
	line("COPY lineitem", func(rd *SystemResult) string { return fmt.Sprintf("%.2fs", float64(rd.Copy["lineitem"])) })
	line("COPY all tables", func(rd *SystemResult) string { return fmt.Sprintf("%.2fs", float64(rd.CopyAll)) })
	line("CREATE INDEX (9)", func(rd *SystemResult) string { return fmt.Sprintf("%.2fs", float64(rd.Index)) })
	line("VACUUM ANALYZE", func(rd *SystemResult) string { return fmt.Sprintf("%.2fs", float64(rd.Analyze)) })
	line("data size (base/)", func(rd *SystemResult) string { return formatBytes(rd.DataBytes) })
	line("peak RSS", func(rd *SystemResult) string { return formatBytes(rd.PeakRSS) })
	if pg {
		fmt.Fprintln(w, "(peak RSS: loomdb's whole server, workers included; PostgreSQL's session backend, its worker processes not counted)")
	}
}
