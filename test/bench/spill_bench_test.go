// spill_bench_test.go measures queries whose working data is far larger
// than work_mem: a GROUP BY over 50 million distinct keys (a hash
// aggregate that spills to temporary files) and an ORDER BY of 100 million
// rows (an external merge sort), with work_mem = 64MB, on loomdb and on
// PostgreSQL 15. Run it with
//
//	go test ./test/bench -run '^$' -bench BenchmarkSpill -benchtime 1x -timeout 60m
//
// (-spill.scale 0.1 runs a tenth of the sizes). Each loomdb run gets a
// server process of its own, so its peak resident memory (VmHWM) is that
// query's; for PostgreSQL it is the peak of the backend that ran the query.
// Both are printed beside the time and reported as the peak-RSS-MB metric.

package bench

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/loomdb/loomdb/internal/testutil/testtarget"
	"github.com/loomdb/loomdb/test/difftest"
)

var spillScale = flag.Float64("spill.scale", 1, "fraction of BenchmarkSpill's 50M groups and 100M sorted rows")

// spillQueries returns the measured statements at the given scale.
func spillQueries(scale float64) []struct{ name, sql string } {
	groups := int64(50_000_000 * scale)
	rows := int64(100_000_000 * scale)
	// 100000007 is prime, so the sort keys of 1..rows are distinct and
	// scattered.
	return []struct{ name, sql string }{
		{fmt.Sprintf("GroupBy%dM", groups/1_000_000), fmt.Sprintf(
			"SELECT count(*), sum(c), max(c) FROM (SELECT g %% %d AS k, count(*) AS c FROM generate_series(1::bigint, %d) g GROUP BY g %% %d) s",
			groups, 2*groups, groups)},
		{fmt.Sprintf("OrderBy%dM", rows/1_000_000), fmt.Sprintf(
			"SELECT g FROM generate_series(1::bigint, %d) g ORDER BY (g * 7919) %% 100000007 OFFSET %d",
			rows, rows-1)},
	}
}

func BenchmarkSpill(b *testing.B) {
	ctx := context.Background()
	saved := difftest.StatementTimeout
	difftest.StatementTimeout = time.Hour
	defer func() { difftest.StatementTimeout = saved }()
	pgDSN := testtarget.PostgresDB(b, "bench_spill")
	for _, q := range spillQueries(*spillScale) {
		pg := runWithPeak(b, func() (*pgconn.PgConn, int) {
			conn, err := pgconn.Connect(ctx, pgDSN)
			if err != nil {
				b.Fatal(err)
			}
			res, err := conn.Exec(ctx, "SELECT pg_backend_pid()").ReadAll()
			if err != nil {
				b.Fatal(err)
			}
			pid, _ := strconv.Atoi(string(res[0].Rows[0][0]))
			return conn, pid
		}, q.sql)
		srv := startLoomdbProcess(b)
		ldb := runWithPeak(b, func() (*pgconn.PgConn, int) {
			conn, err := pgconn.Connect(ctx, fmt.Sprintf("postgres://root@127.0.0.1:%d/postgres?sslmode=disable", srv.port))
			if err != nil {
				b.Fatal(err)
			}
			return conn, srv.cmd.Process.Pid
		}, q.sql)
		srv.stop()
		if d := difftest.Diff(q.sql, pg.result, ldb.result, "postgresql", "loomdb"); d != "" {
			b.Fatalf("results differ:\n%s", d)
		}
		for _, r := range []struct {
			name string
			run  spillRun
		}{{"loomdb", ldb}, {"postgresql", pg}} {
			b.Run(q.name+"/"+r.name, func(b *testing.B) {
				b.ReportMetric(float64(r.run.elapsed.Nanoseconds()), "ns/op")
				b.ReportMetric(float64(r.run.peakKB)/1024, "peak-RSS-MB")
			})
		}
		fmt.Printf("%s (work_mem 64MB): loomdb %v, peak RSS %d MB; PostgreSQL 15 %v, backend peak RSS %d MB\n",
			q.name, ldb.elapsed.Round(time.Millisecond), ldb.peakKB/1024, pg.elapsed.Round(time.Millisecond), pg.peakKB/1024)
	}
}

// spillRun is one measured statement: its result, time and the server
// process's peak resident memory in kB.
type spillRun struct {
	result  []difftest.Result
	elapsed time.Duration
	peakKB  int64
}

// runWithPeak connects (connect returns the connection and the pid of the
// process that will run the statement), runs sql with work_mem = 64MB and
// reads that process's VmHWM.
func runWithPeak(b *testing.B, connect func() (*pgconn.PgConn, int), sql string) spillRun {
	ctx := context.Background()
	conn, pid := connect()
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "SET work_mem = '64MB'; SET max_parallel_workers_per_gather = 0").ReadAll(); err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	res := difftest.Exec(ctx, conn, sql)
	elapsed := time.Since(start)
	for _, r := range res {
		if r.Err != nil {
			b.Fatalf("%s: %v", sql, r.Err)
		}
	}
	return spillRun{result: res, elapsed: elapsed, peakKB: peakRSSKB(b, pid)}
}

// peakRSSKB returns process pid's peak resident set size (VmHWM) in kB.
func peakRSSKB(b *testing.B, pid int) int64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		b.Fatalf("reading peak memory: %v", err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, err := strconv.ParseInt(f[1], 10, 64)
			if err != nil {
				b.Fatal(err)
			}
			return kb
		}
	}
	b.Fatalf("no VmHWM in /proc/%d/status", pid)
	return 0
}

var (
	spillBinOnce sync.Once
	spillBin     string
	spillBinErr  error
)

// loomdbProcess is a loomdb server running as a process of its own.
type loomdbProcess struct {
	cmd  *exec.Cmd
	port int
	dir  string
}

// startLoomdbProcess builds loomdb once and starts it on a fresh data
// directory.
func startLoomdbProcess(b *testing.B) *loomdbProcess {
	b.Helper()
	spillBinOnce.Do(func() {
		dir, err := os.MkdirTemp("", "loomdb-bench-bin-")
		if err != nil {
			spillBinErr = err
			return
		}
		spillBin = filepath.Join(dir, "loomdb")
		if out, err := exec.Command("go", "build", "-o", spillBin, "github.com/loomdb/loomdb/cmd/loomdb").CombinedOutput(); err != nil {
			spillBinErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if spillBinErr != nil {
		b.Fatal(spillBinErr)
	}
	dir := b.TempDir()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	cmd := exec.Command(spillBin, "serve", "-D", dir, "-p", strconv.Itoa(port))
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	p := &loomdbProcess{cmd: cmd, port: port, dir: dir}
	listening := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if strings.Contains(sc.Text(), "listening on") {
				select {
				case listening <- true:
				default:
				}
			}
		}
		listening <- false
	}()
	select {
	case ok := <-listening:
		if !ok {
			b.Fatal("loomdb exited before listening")
		}
	case <-time.After(60 * time.Second):
		p.stop()
		b.Fatal("loomdb did not start")
	}
	return p
}

// stop ends the server.
func (p *loomdbProcess) stop() {
	p.cmd.Process.Kill()
	p.cmd.Wait()
}
