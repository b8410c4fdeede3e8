package e2e

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/loomdb/loomdb/internal/testutil/loomtest"
)

// slowParallelQuery runs in parallel workers for a second or more: every
// participant sleeps 2 ms per row of its share of 2000.
const slowParallelQuery = "SELECT count(*) FROM act_small WHERE pg_sleep(0.002) IS NOT NULL"

// TestActivityCancelTerminate watches a parallel query in pg_stat_activity
// (the leader, and its workers with leader_pid), cancels it with
// pg_cancel_backend, ends the session with pg_terminate_backend, and
// checks that a role that is not a superuser may do neither to a
// superuser's session.
func TestActivityCancelTerminate(t *testing.T) {
	inst := loomtest.Start(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	connect := func(user string) *pgx.Conn {
		t.Helper()
		cfg, err := pgx.ParseConfig(inst.DSN("postgres"))
		if err != nil {
			t.Fatal(err)
		}
		cfg.User = user
		conn, err := pgx.ConnectConfig(ctx, cfg)
		if err != nil {
			t.Fatal(err)
		}
		return conn
	}
	admin := connect("postgres")
	defer admin.Close(ctx)
	for _, sql := range []string{
		"CREATE TABLE act_small AS SELECT i FROM generate_series(1, 2000) i",
		"ANALYZE act_small",
		"CREATE ROLE act_watcher LOGIN",
	} {
		if _, err := admin.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	watcher := connect("act_watcher")
	defer watcher.Close(ctx)

	// run starts the slow query on a new connection and returns its pid
	// and where its error will arrive.
	run := func() (*pgx.Conn, uint32, chan error) {
		conn := connect("postgres")
		for _, s := range []string{"SET parallel_setup_cost = 0", "SET parallel_tuple_cost = 0", "SET min_parallel_table_scan_size = 0"} {
			if _, err := conn.Exec(ctx, s); err != nil {
				t.Fatal(err)
			}
		}
		done := make(chan error, 1)
		pid := conn.PgConn().PID()
		go func() {
			_, err := conn.Exec(ctx, slowParallelQuery)
			done <- err
		}()
		return conn, pid, done
	}
	// waitForWorkers polls pg_stat_activity until the leader pid shows
	// active with at least one parallel worker.
	waitForWorkers := func(pid uint32) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for time.Now().Before(deadline) {
			var state, backendType, query string
			var workers int
			err := admin.QueryRow(ctx, `SELECT l.state, l.backend_type, l.query,
				(SELECT count(*) FROM pg_stat_activity w WHERE w.leader_pid = l.pid AND w.backend_type = 'parallel worker' AND w.query = l.query)
				FROM pg_stat_activity l WHERE l.pid = $1`, int32(pid)).Scan(&state, &backendType, &query, &workers)
			if err != nil && !errors.Is(err, pgx.ErrNoRows) {
				t.Fatal(err)
			}
			if err == nil && state == "active" && query == slowParallelQuery && workers > 0 {
				if backendType != "client backend" {
					t.Fatalf("the leader's backend_type is %q", backendType)
				}
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
		t.Fatalf("pg_stat_activity never showed pid %d running %q with parallel workers", pid, slowParallelQuery)
	}
	wantError := func(err error, severity, code, message string) {
		t.Helper()
		var pe *pgconn.PgError
		if !errors.As(err, &pe) || pe.Severity != severity || pe.Code != code || pe.Message != message {
			t.Fatalf("got %v; want %s %s %s", err, severity, code, message)
		}
	}

	conn, pid, done := run()
	waitForWorkers(pid)
	var ok bool
	err := watcher.QueryRow(ctx, "SELECT pg_cancel_backend($1)", int32(pid)).Scan(&ok)
	wantError(err, "ERROR", "42501", "must be a superuser to cancel superuser query")
	err = watcher.QueryRow(ctx, "SELECT pg_terminate_backend($1)", int32(pid)).Scan(&ok)
	wantError(err, "ERROR", "42501", "must be a superuser to terminate superuser process")
	if err := admin.QueryRow(ctx, "SELECT pg_cancel_backend($1)", int32(pid)).Scan(&ok); err != nil || !ok {
		t.Fatalf("pg_cancel_backend = %v, %v", ok, err)
	}
	wantError(<-done, "ERROR", "57014", "canceling statement due to user request")
	// The session goes on after a cancel.
	var n int
	if err := conn.QueryRow(ctx, "SELECT 1").Scan(&n); err != nil {
		t.Fatalf("after the cancel: %v", err)
	}
	conn.Close(ctx)

	conn, pid, done = run()
	defer conn.Close(ctx)
	waitForWorkers(pid)
	if err := admin.QueryRow(ctx, "SELECT pg_terminate_backend($1)", int32(pid)).Scan(&ok); err != nil || !ok {
		t.Fatalf("pg_terminate_backend = %v, %v", ok, err)
	}
	wantError(<-done, "FATAL", "57P01", "terminating connection due to administrator command")
	deadline := time.Now().Add(10 * time.Second)
	for {
		var left int
		if err := admin.QueryRow(ctx, "SELECT count(*) FROM pg_stat_activity WHERE pid = $1 OR leader_pid = $1", int32(pid)).Scan(&left); err != nil {
			t.Fatal(err)
		}
		if left == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("pid %d or its workers still in pg_stat_activity after termination", pid)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := admin.QueryRow(ctx, "SELECT pg_cancel_backend(999999)").Scan(&ok); err != nil || ok {
		t.Fatalf("pg_cancel_backend of no session = %v, %v", ok, err)
	}
}
