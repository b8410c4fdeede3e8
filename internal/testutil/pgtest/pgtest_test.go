// pgtest_test.go checks that a private server starts, answers on its DSN,
// runs psql scripts with relative \copy paths, and is removed by Stop.

package pgtest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(WithShared(m)) }

func query(t *testing.T, dsn, sql string) string {
	t.Helper()
	ctx := context.Background()
	conn, err := pgconn.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	res, err := conn.Exec(ctx, sql).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	var rows []string
	for _, r := range res {
		for _, row := range r.Rows {
			var vals []string
			for _, v := range row {
				vals = append(vals, string(v))
			}
			rows = append(rows, strings.Join(vals, ","))
		}
	}
	return strings.Join(rows, ";")
}

func TestServer(t *testing.T) {
	srv := Shared(t)
	if got := query(t, srv.DSN("postgres"), "SELECT current_setting('server_version_num')::int / 10000"); got != "15" {
		t.Errorf("server major version = %s, want 15", got)
	}
	if got := query(t, srv.DSN("postgres"), "SHOW fsync"); got != "off" {
		t.Errorf("fsync = %s, want off", got)
	}
	if got := query(t, srv.DSN("postgres"), "SELECT current_user, current_setting('lc_collate'), current_setting('server_encoding')"); got != "postgres,C,UTF8" {
		t.Errorf("user, collation, encoding = %s", got)
	}
	if Shared(t) != srv {
		t.Error("Shared returned a different server on the second call")
	}

	ctx := context.Background()
	if err := srv.CreateDatabase(ctx, "pgtest_db"); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "data"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "data", "rows.data"), []byte("1\tone\n2\ttwo\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	script := "CREATE TABLE t (a int, b text);\n\\copy t FROM 'data/rows.data'\n"
	if err := os.WriteFile(filepath.Join(dir, "setup.sql"), []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := Psql(ctx, srv.DSN("pgtest_db"), filepath.Join(dir, "setup.sql")); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if got := query(t, srv.DSN("pgtest_db"), "SELECT a, b FROM t ORDER BY a"); got != "1,one;2,two" {
		t.Errorf("loaded rows = %q", got)
	}
	if err := os.WriteFile(filepath.Join(dir, "bad.sql"), []byte("SELECT 1;\nSELEC 2;\nSELECT 3;\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := Psql(ctx, srv.DSN("pgtest_db"), filepath.Join(dir, "bad.sql")); err == nil || !strings.Contains(out, "syntax error") {
		t.Errorf("Psql on a bad script: err = %v, output %q; want a syntax error", err, out)
	}
}

func TestStartStop(t *testing.T) {
	Require(t)
	srv, err := StartServer()
	if err != nil {
		t.Fatal(err)
	}
	if got := query(t, srv.DSN("postgres"), "SELECT 1"); got != "1" {
		t.Errorf("SELECT 1 = %q", got)
	}
	if err := srv.Stop(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(srv.Dir); !os.IsNotExist(err) {
		t.Errorf("Stop left %s behind (stat: %v)", srv.Dir, err)
	}
	if err := srv.Stop(); err != nil {
		t.Errorf("second Stop: %v", err)
	}
	ctx := context.Background()
	if conn, err := pgconn.Connect(ctx, srv.DSN("postgres")); err == nil {
		conn.Close(ctx)
		t.Error("server still accepts connections after Stop")
	}
}
