package e2e

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/loomdb/loomdb/internal/testutil/loomtest"
)

func pgCode(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

// TestCancelRequest cancels a running statement with a CancelRequest on a
// second connection: the statement fails with query_canceled and the
// session goes on.
func TestCancelRequest(t *testing.T) {
	inst := loomtest.Start(t)
	ctx := context.Background()
	conn2, err := pgconn.Connect(ctx, inst.DSN("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn2.Close(ctx)
	done := make(chan error, 1)
	go func() {
		_, err := conn2.Exec(ctx, "select pg_sleep(30)").ReadAll()
		done <- err
	}()
	// A cancel that arrives before the statement starts is dropped, as in
	// PG, so it is repeated until the statement ends.
	deadline := time.After(10 * time.Second)
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
wait:
	for {
		select {
		case err := <-done:
			if pgCode(err) != "57014" {
				t.Fatalf("cancelled statement error = %v", err)
			}
			break wait
		case <-tick.C:
			if err := conn2.CancelRequest(ctx); err != nil {
				t.Fatal(err)
			}
		case <-deadline:
			t.Fatal("CancelRequest did not stop the statement")
		}
	}
	if _, err := conn2.Exec(ctx, "select 1").ReadAll(); err != nil {
		t.Fatalf("connection unusable after cancel: %v", err)
	}
}

// TestStatementTimeout checks statement_timeout's error and SQLSTATE.
func TestStatementTimeout(t *testing.T) {
	inst := loomtest.Start(t)
	ctx := context.Background()
	conn, err := pgconn.Connect(ctx, inst.DSN("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, "set statement_timeout = '100ms'; select pg_sleep(5)").ReadAll()
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "57014" || pe.Message != "canceling statement due to statement timeout" {
		t.Fatalf("statement timeout error = %v", err)
	}
}

// TestIsolation checks READ COMMITTED and REPEATABLE READ visibility
// between two sessions.
func TestIsolation(t *testing.T) {
	inst := loomtest.Start(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	a, err := pgx.Connect(ctx, inst.DSN("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close(ctx)
	b, err := pgx.Connect(ctx, inst.DSN("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close(ctx)
	count := func(c *pgx.Conn) int {
		t.Helper()
		var n int
		if err := c.QueryRow(ctx, "select count(*) from iso").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	exec := func(c *pgx.Conn, sql string) {
		t.Helper()
		if _, err := c.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	exec(a, "create table iso (x int)")
	exec(a, "insert into iso values (1)")

	// An uncommitted insert is invisible to others and visible to itself.
	exec(a, "begin")
	exec(a, "insert into iso values (2)")
	if n := count(a); n != 2 {
		t.Fatalf("own insert: %d rows", n)
	}
	if n := count(b); n != 1 {
		t.Fatalf("uncommitted insert visible: %d rows", n)
	}

	// READ COMMITTED sees the commit in its next statement.
	exec(b, "begin")
	if n := count(b); n != 1 {
		t.Fatalf("read committed before commit: %d", n)
	}
	exec(a, "commit")
	if n := count(b); n != 2 {
		t.Fatalf("read committed after commit: %d", n)
	}
	exec(b, "commit")

	// REPEATABLE READ keeps its first snapshot.
	exec(b, "begin isolation level repeatable read")
	if n := count(b); n != 2 {
		t.Fatalf("repeatable read first read: %d", n)
	}
	exec(a, "insert into iso values (3)")
	if n := count(b); n != 2 {
		t.Fatalf("repeatable read saw a later commit: %d", n)
	}
	var iso string
	if err := b.QueryRow(ctx, "show transaction_isolation").Scan(&iso); err != nil || iso != "repeatable read" {
		t.Fatalf("transaction_isolation = %q, %v", iso, err)
	}
	exec(b, "commit")
	if n := count(b); n != 3 {
		t.Fatalf("after repeatable read commit: %d", n)
	}

	// ROLLBACK discards, and an error aborts the block until ROLLBACK.
	exec(a, "begin")
	exec(a, "insert into iso values (4)")
	if _, err := a.Exec(ctx, "select 1/0"); pgCode(err) != "22012" {
		t.Fatalf("division error = %v", err)
	}
	if _, err := a.Exec(ctx, "select 1"); pgCode(err) != "25P02" {
		t.Fatalf("in failed block = %v", err)
	}
	exec(a, "rollback")
	if n := count(a); n != 3 {
		t.Fatalf("after rollback: %d", n)
	}
}

// TestCopyFormats loads text and CSV data with COPY FROM STDIN and checks
// PG's errors for bad rows, after which the session keeps working.
func TestCopyFormats(t *testing.T) {
	inst := loomtest.Start(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgconn.Connect(ctx, inst.DSN("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "create table cp (a int, b text, c numeric, d date)").ReadAll(); err != nil {
		t.Fatal(err)
	}
	text := "1\tone\t1.5\t2024-01-02\n2\t\\N\t\\N\t\\N\n3\ttab\\there\t-0.25\t1999-12-31\n\\.\n"
	tag, err := conn.CopyFrom(ctx, strings.NewReader(text), "COPY cp FROM STDIN")
	if err != nil || tag.String() != "COPY 3" {
		t.Fatalf("text COPY: %v %v", tag, err)
	}
	csv := "a,b,c,d\n4,\"quoted, with comma\",2,2020-02-29\n5,,,\n6,\"\"\"q\"\"\",3.125,2000-01-01\n"
	tag, err = conn.CopyFrom(ctx, strings.NewReader(csv), "COPY cp FROM STDIN (FORMAT csv, HEADER true)")
	if err != nil || tag.String() != "COPY 3" {
		t.Fatalf("csv COPY: %v %v", tag, err)
	}
	res, err := conn.Exec(ctx, "select a, b, c, d from cp order by a").ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range res[0].Rows {
		var parts []string
		for _, v := range r {
			if v == nil {
				parts = append(parts, "NULL")
			} else {
				parts = append(parts, string(v))
			}
		}
		got = append(got, strings.Join(parts, "|"))
	}
	want := []string{"1|one|1.5|2024-01-02", "2|NULL|NULL|NULL", "3|tab\there|-0.25|1999-12-31",
		"4|quoted, with comma|2|2020-02-29", "5|NULL|NULL|NULL", "6|\"q\"|3.125|2000-01-01"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, c := range []struct{ data, code, msg, where string }{
		{"7\tx\t1\t2020-01-01\nbad\tx\t1\t2020-01-01\n", "22P02", `invalid input syntax for type integer: "bad"`, `COPY cp, line 2, column a: "bad"`},
		{"8\tx\n", "22P04", `missing data for column "c"`, "COPY cp, line 1"},
		{"9\tx\t1\t2020-01-01\textra\n", "22P04", "extra data after last expected column", "COPY cp, line 1"},
	} {
		_, err := conn.CopyFrom(ctx, strings.NewReader(c.data), "COPY cp FROM STDIN")
		var pe *pgconn.PgError
		if !errors.As(err, &pe) || pe.Code != c.code || pe.Message != c.msg || pe.Where != c.where {
			t.Errorf("COPY %q: got %v (where %q)", c.data, err, whereOf(err))
		}
	}
	res, err = conn.Exec(ctx, "select count(*) from cp").ReadAll()
	if err != nil || string(res[0].Rows[0][0]) != "6" {
		t.Fatalf("failed COPYs left rows behind or broke the session: %v %v", res, err)
	}
}

func whereOf(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Where
	}
	return ""
}

// TestSecondServerRefused starts two servers on one data directory: the
// second must refuse with the lock file message and exit non-zero.
func TestSecondServerRefused(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the loomdb binary")
	}
	dataDir := t.TempDir()
	first := startServer(t, dataDir, freePort(t))
	defer first.stop(t)
	cmd := exec.Command(loomdbBinary(t), "serve", "-D", dataDir, "-p", strconv.Itoa(freePort(t)))
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("second server started:\n%s", out)
	}
	if !strings.Contains(string(out), `lock file "postmaster.pid" already exists`) {
		t.Fatalf("second server said:\n%s", out)
	}
}

// TestImmediateShutdown stops servers right after starting them, before
// they may have begun accepting: Stop must never hang.
func TestImmediateShutdown(t *testing.T) {
	for i := 0; i < 10; i++ {
		done := make(chan struct{})
		go func() {
			defer close(done)
			inst, err := loomtest.StartWith(loomtest.Options{DataDir: t.TempDir()})
			if err != nil {
				t.Error(err)
				return
			}
			inst.Stop()
		}()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			t.Fatal("Stop hung")
		}
	}
}

// TestCopyTo writes a table and a query with COPY TO STDOUT in text and
// CSV format; the expected output is PostgreSQL 15's for the same data.
func TestCopyTo(t *testing.T) {
	inst := loomtest.Start(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgconn.Connect(ctx, inst.DSN("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	setup := `create table cpo (a int, b text, c numeric, d float8);
insert into cpo values (1, 'x\y', 1.50, 0.1), (2, E'tab\there, "q"', NULL, 1e20), (3, '', -2, NULL), (4, '\.', 0, 3.25)`
	if _, err := conn.Exec(ctx, setup).ReadAll(); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ sql, want string }{
		{"COPY cpo TO STDOUT", "1\tx\\\\y\t1.50\t0.1\n2\ttab\\there, \"q\"\t\\N\t1e+20\n3\t\t-2\t\\N\n4\t\\\\.\t0\t3.25\n"},
		{"COPY cpo TO STDOUT WITH (FORMAT csv, HEADER true, DELIMITER ';')", "a;b;c;d\n1;x\\y;1.50;0.1\n2;\"tab\there, \"\"q\"\"\";;1e+20\n3;\"\";-2;\n4;\\.;0;3.25\n"},
		{"COPY cpo (d, b, a) TO STDOUT WITH (FORMAT csv, NULL 'NULL', FORCE_QUOTE (b))", "0.1,\"x\\y\",1\n1e+20,\"tab\there, \"\"q\"\"\",2\nNULL,\"\",3\n3.25,\"\\.\",4\n"},
		{"COPY cpo (b) TO STDOUT WITH (FORMAT csv)", "x\\y\n\"tab\there, \"\"q\"\"\"\n\"\"\n\"\\.\"\n"},
		{"COPY (SELECT a, b || '!' AS bang FROM cpo ORDER BY a DESC) TO STDOUT WITH (HEADER)", "a\tbang\n4\t\\\\.!\n3\t!\n2\ttab\\there, \"q\"!\n1\tx\\\\y!\n"},
		{"COPY (SELECT 1 AS x) TO STDOUT WITH (FORMAT csv, FORCE_QUOTE *)", "\"1\"\n"},
	} {
		var buf strings.Builder
		tag, err := conn.CopyTo(ctx, &buf, c.sql)
		if err != nil {
			t.Fatalf("%s: %v", c.sql, err)
		}
		if buf.String() != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.sql, buf.String(), c.want)
		}
		if n := strings.Count(c.want, "\n"); !strings.HasPrefix(tag.String(), "COPY ") || (!strings.Contains(c.sql, "HEADER") && tag.String() != fmt.Sprintf("COPY %d", n)) {
			t.Errorf("%s: tag %q", c.sql, tag)
		}
	}
	var buf strings.Builder
	if _, err := conn.CopyTo(ctx, &buf, "COPY cpo TO STDOUT WITH (FORCE_QUOTE (a))"); err == nil || !strings.Contains(err.Error(), "0A000") {
		t.Errorf("FORCE_QUOTE in text mode: %v", err)
	}
	if _, err := conn.Exec(ctx, "select count(*) from cpo").ReadAll(); err != nil {
		t.Fatalf("session after a failed COPY: %v", err)
	}
}

// TestCopyFromChecksConstraints checks that COPY FROM tests CHECK
// constraints as INSERT does, failing the whole COPY.
func TestCopyFromChecksConstraints(t *testing.T) {
	inst := loomtest.Start(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgconn.Connect(ctx, inst.DSN("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "create table cpc (a int check (a > 0), b text not null)").ReadAll(); err != nil {
		t.Fatal(err)
	}
	_, err = conn.CopyFrom(ctx, strings.NewReader("1\tx\n0\ty\n"), "COPY cpc FROM STDIN")
	if err == nil || !strings.Contains(err.Error(), "23514") || !strings.Contains(err.Error(), `violates check constraint "cpc_a_check"`) {
		t.Fatalf("COPY of a row breaking a CHECK: %v", err)
	}
	res, err := conn.Exec(ctx, "select count(*) from cpc").ReadAll()
	if err != nil || string(res[0].Rows[0][0]) != "0" {
		t.Fatalf("rows after the failed COPY: %v %v", res, err)
	}
	if _, err := conn.CopyFrom(ctx, strings.NewReader("1\tx\n2\ty\n"), "COPY cpc FROM STDIN"); err != nil {
		t.Fatal(err)
	}
}
