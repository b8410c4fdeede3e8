package e2e

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/loomdb/loomdb/internal/shell"
	"github.com/loomdb/loomdb/internal/testutil/loomtest"
	"github.com/loomdb/loomdb/internal/testutil/pgtest"
)

// TestShellPrintsAsPsql runs statements and describe commands through
// loomdb's shell and through psql against the same loomdb instance: the
// shell must print what psql prints.
func TestShellPrintsAsPsql(t *testing.T) {
	pgtest.Require(t)
	inst := loomtest.Start(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, inst.DSN("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	setup := `CREATE TABLE sh_dept (id int PRIMARY KEY, name text NOT NULL UNIQUE);
CREATE TABLE sh_emp (id int GENERATED ALWAYS AS IDENTITY, name varchar(40) NOT NULL DEFAULT 'nobody', salary numeric(10,2) CHECK (salary > 0), dept int REFERENCES sh_dept (id));
CREATE INDEX sh_emp_name ON sh_emp (name DESC);
CREATE VIEW sh_v AS SELECT id, name FROM sh_dept;
INSERT INTO sh_dept VALUES (1, 'one'), (2, E'two\nlines'), (3, 'three');`
	if _, err := conn.Exec(ctx, setup); err != nil {
		t.Fatal(err)
	}
	for _, cmd := range []string{
		`\dt`, `\dv`, `\di`, `\d`, `\dn`, `\du`, `\l`, `\d sh_emp`, `\d sh_dept`,
		`SELECT * FROM sh_dept ORDER BY id;`,
		`SELECT count(*) AS n, sum(id) AS total, 'x' AS label FROM sh_dept;`,
		`SELECT 1 WHERE false;`,
		`INSERT INTO sh_dept SELECT max(id) + 1, 'next' || max(id) FROM sh_dept;`,
	} {
		var out, errOut bytes.Buffer
		sh := &shell.Shell{Conn: conn, Out: &out, Err: &errOut}
		if err := sh.Exec(ctx, cmd); err != nil {
			t.Fatalf("%s: %v", cmd, err)
		}
		want, err := psqlRunArgs(ctx, inst.DSN("postgres"), cmd)
		if err != nil {
			t.Fatalf("psql %s: %v\n%s", cmd, err, want)
		}
		if got := out.String() + errOut.String(); got != want {
			t.Errorf("%s: the shell printed\n%s\npsql printed\n%s", cmd, got, want)
		}
	}
}

// TestShellCopy loads a CSV file with \copy FROM and writes the table back
// with \copy TO.
func TestShellCopy(t *testing.T) {
	inst := loomtest.Start(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, inst.DSN("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	dir := t.TempDir()
	in := filepath.Join(dir, "in.csv")
	if err := os.WriteFile(in, []byte("1,\"a, b\"\n2,\n3,c\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out.txt")
	var stdout, stderr bytes.Buffer
	sh := &shell.Shell{Conn: conn, Out: &stdout, Err: &stderr}
	script := "CREATE TABLE sh_copy (id int, v text);\n" +
		`\copy sh_copy (id, v) FROM '` + in + `' WITH (FORMAT csv)` + "\n" +
		`\copy sh_copy TO '` + out + `'` + "\n"
	if err := sh.Exec(ctx, script); err != nil {
		t.Fatal(err)
	}
	if want := "CREATE TABLE\nCOPY 3\nCOPY 3\n"; stdout.String() != want || stderr.Len() != 0 {
		t.Fatalf("the shell printed %q (errors %q), want %q", stdout.String(), stderr.String(), want)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if want := "1\ta, b\n2\t\\N\n3\tc\n"; string(got) != want {
		t.Fatalf("\\copy TO wrote %q, want %q", got, want)
	}
}
