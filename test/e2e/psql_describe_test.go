package e2e

import (
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/loomdb/loomdb/internal/pgserver"
	"github.com/loomdb/loomdb/internal/testutil/loomtest"
	"github.com/loomdb/loomdb/internal/testutil/pgtest"
)

// psqlDescribeObjects are created beside the regression tables: columns
// with defaults, every kind of constraint, a serial column, partial and
// descending indexes and a view.
const psqlDescribeObjects = `
CREATE TABLE dept (id int PRIMARY KEY, name text NOT NULL UNIQUE);
CREATE TABLE emp (
    id serial PRIMARY KEY,
    name varchar(40) NOT NULL DEFAULT 'nobody',
    salary numeric(10,2) CHECK (salary > 0),
    dept int REFERENCES dept (id) ON DELETE CASCADE,
    hired date DEFAULT current_date,
    "Mixed Case" text COLLATE "C",
    CONSTRAINT pay_band CHECK (salary < 1000000 AND salary IS NOT NULL)
);
CREATE INDEX emp_name_desc ON emp (name DESC NULLS LAST, id);
CREATE UNIQUE INDEX emp_rich ON emp (salary) WHERE salary > 1000;
CREATE VIEW emp_names AS SELECT id, name FROM emp;
`

// psqlDescribeCommands are the psql meta-commands whose output must equal
// PostgreSQL 15's for the same objects.
var psqlDescribeCommands = []string{`\dt`, `\d tenk1`, `\d+ tenk1`, `\di`, `\l`, `\dn`, `\du`, `\df`,
	`\d`, `\d emp`, `\d+ emp`, `\d dept`, `\dv`, `\ds`}

// TestPsqlDescribe loads the regression tables into loomdb and into a
// fresh PostgreSQL 15 cluster, both with the bootstrap superuser
// "postgres", and compares what psql's describe commands print for them:
// the catalog queries psql sends must work on loomdb and answer as
// PostgreSQL does.
func TestPsqlDescribe(t *testing.T) {
	pg := pgtest.Start(t)
	pgtest.RequireRegress(t)
	inst, err := loomtest.StartWith(loomtest.Options{DataDir: t.TempDir(), Superuser: "postgres"})
	if err != nil {
		t.Fatal(err)
	}
	defer inst.Stop()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	for _, dsn := range []string{pg.DSN("postgres"), inst.DSN("postgres")} {
		if err := pgtest.LoadRegress(ctx, dsn); err != nil {
			t.Fatal(err)
		}
		if out, err := psqlRun(ctx, dsn, psqlDescribeObjects); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
	}
	for _, cmd := range psqlDescribeCommands {
		want := psqlOutput(ctx, t, pg.DSN("postgres"), cmd)
		got := psqlOutput(ctx, t, inst.DSN("postgres"), cmd)
		if got != want {
			t.Errorf("psql %s differs from PostgreSQL 15's\n--- loomdb\n%s--- PostgreSQL\n%s", cmd, got, want)
		}
	}
}

// psqlOutput runs one psql command against dsn and returns what it prints.
func psqlOutput(ctx context.Context, t *testing.T, dsn, cmd string) string {
	t.Helper()
	out, err := psqlRun(ctx, dsn, cmd)
	if err != nil {
		t.Errorf("psql %s: %v\n%s", cmd, err, out)
	}
	return out
}

// psqlRun runs psql -q -c cmd against dsn, stopping at the first error.
func psqlRun(ctx context.Context, dsn, cmd string) (string, error) {
	return psqlRunArgs(ctx, dsn, cmd, "-q")
}

// psqlRunArgs runs psql with extra arguments and -c cmd against dsn.
func psqlRunArgs(ctx context.Context, dsn, cmd string, extra ...string) (string, error) {
	bin, err := pgtest.BinDir()
	if err != nil {
		return "", err
	}
	args := append([]string{"-X", "-v", "ON_ERROR_STOP=1", "-d", dsn, "-c", cmd}, extra...)
	c := exec.CommandContext(ctx, filepath.Join(bin, "psql"), args...)
	c.Env = append(pgserver.CleanEnv(), "LC_ALL=C", "PGTZ=UTC", "COLUMNS=200")
	out, err := c.CombinedOutput()
	return strings.ReplaceAll(string(out), "\r\n", "\n"), err
}
