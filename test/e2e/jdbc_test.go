package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/loomdb/loomdb/internal/testutil/loomtest"
	"github.com/loomdb/loomdb/internal/testutil/pgtest"
)

// jdbcJar is pgjdbc as Debian's libpostgresql-jdbc-java installs it.
const jdbcJar = "/usr/share/java/postgresql.jar"

// jdbcObjects are the objects testdata/JdbcCheck.java reads.
const jdbcObjects = `
CREATE TABLE jt (a int, b text NOT NULL DEFAULT 'x', c numeric(10,2), PRIMARY KEY (b, a));
CREATE INDEX jt_b ON jt (b);
CREATE TABLE jt_log (id serial PRIMARY KEY, at timestamp, note varchar(20));
CREATE VIEW jt_v AS SELECT a, c FROM jt;
INSERT INTO jt VALUES (0, 'zero', 0.5), (1, 'one', 1.25), (2, 'two', NULL), (3, 'three', 3.00);
`

// TestJDBC runs testdata/JdbcCheck.java with pgjdbc against loomdb and
// against PostgreSQL 15 holding the same objects: connecting, a prepared
// query before and after pgjdbc switches to a server-side statement,
// ResultSetMetaData, and DatabaseMetaData's tables, columns, primary keys
// and schemas must print the same.
func TestJDBC(t *testing.T) {
	java, err := exec.LookPath("java")
	if err != nil {
		requireOrSkip(t, "java is not installed (Debian: default-jre-headless)")
	}
	if _, err := os.Stat(jdbcJar); err != nil {
		requireOrSkip(t, "pgjdbc is not installed (Debian: libpostgresql-jdbc-java)")
	}
	pg := pgtest.Start(t)
	inst, err := loomtest.StartWith(loomtest.Options{DataDir: t.TempDir(), Superuser: "postgres"})
	if err != nil {
		t.Fatal(err)
	}
	defer inst.Stop()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	src, err := filepath.Abs("testdata/JdbcCheck.java")
	if err != nil {
		t.Fatal(err)
	}
	run := func(host string, port int, dsn string) string {
		if out, err := psqlRun(ctx, dsn, jdbcObjects); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		url := fmt.Sprintf("jdbc:postgresql://%s:%d/postgres?user=postgres", host, port)
		cmd := exec.CommandContext(ctx, java, "-cp", jdbcJar, src, url)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("java JdbcCheck %s: %v\n%s", url, err, out)
		}
		return string(out)
	}
	want := run(pg.Host, pg.Port, pg.DSN("postgres"))
	got := run("127.0.0.1", inst.Port, inst.DSN("postgres"))
	if got != want {
		t.Errorf("pgjdbc against loomdb differs from PostgreSQL 15\n--- loomdb\n%s--- PostgreSQL\n%s", got, want)
	}
}

// requireOrSkip skips t, or fails it under CI, where every client the
// suite tests must be installed.
func requireOrSkip(t *testing.T, why string) {
	t.Helper()
	if pgtest.InCI() {
		t.Fatal(why)
	}
	t.Skip(why)
}
