package e2e

import (
	"context"
	"github.com/loomdb/loomdb/internal/testutil/pgtest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/loomdb/loomdb/internal/testutil/loomtest"
)

// pgregressDir finds shared/pgregress beside or above the repository.
func pgregressDir(t *testing.T) string {
	t.Helper()
	return pgtest.RequireRegress(t)
}

const tenk1DDL = `CREATE TABLE tenk1 (
    unique1     int4,
    unique2     int4,
    two         int4,
    four        int4,
    ten         int4,
    twenty      int4,
    hundred     int4,
    thousand    int4,
    twothousand int4,
    fivethous   int4,
    tenthous    int4,
    odd         int4,
    even        int4,
    stringu1    name,
    stringu2    name,
    string4     name
)`

// TestTenk1PagesAndExplain loads tenk1 with psql's \copy, vacuums it and
// checks relpages, reltuples and the EXPLAIN line against PostgreSQL 15's.
func TestTenk1PagesAndExplain(t *testing.T) {
	dir := pgregressDir(t)
	inst := loomtest.Start(t)
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, inst.DSN("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, tenk1DDL); err != nil {
		t.Fatal(err)
	}
	if psql, err := exec.LookPath("psql"); err == nil {
		cmd := exec.CommandContext(ctx, psql, "-X", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", strconv.Itoa(inst.Port), "-U", "postgres", "-d", "postgres", "-c", `\copy tenk1 FROM 'data/tenk.data'`)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("psql \\copy: %v\n%s", err, out)
		}
		if strings.TrimSpace(string(out)) != "COPY 10000" {
			t.Fatalf("psql said %q", out)
		}
	} else {
		f, err := os.Open(filepath.Join(dir, "data", "tenk.data"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		tag, err := conn.PgConn().CopyFrom(ctx, f, "COPY tenk1 FROM STDIN")
		if err != nil || tag.RowsAffected() != 10000 {
			t.Fatalf("COPY: %v %v", tag, err)
		}
	}
	if _, err := conn.Exec(ctx, "VACUUM tenk1"); err != nil {
		t.Fatal(err)
	}
	var pages int32
	var tuples float32
	if err := conn.QueryRow(ctx, "select relpages, reltuples from pg_class where relname='tenk1'").Scan(&pages, &tuples); err != nil {
		t.Fatal(err)
	}
	if pages != 345 || tuples != 10000 {
		t.Fatalf("relpages, reltuples = %d, %v; PostgreSQL 15 has 345, 10000", pages, tuples)
	}
	var line string
	if err := conn.QueryRow(ctx, "EXPLAIN select * from tenk1").Scan(&line); err != nil {
		t.Fatal(err)
	}
	if want := "Seq Scan on tenk1  (cost=0.00..445.00 rows=10000 width=244)"; line != want {
		t.Fatalf("EXPLAIN = %q, want %q", line, want)
	}
	var n, sum int64
	if err := conn.QueryRow(ctx, "select count(*), sum(unique1) from tenk1 where two = 1").Scan(&n, &sum); err != nil || n != 5000 || sum != 25000000 {
		t.Fatalf("count, sum = %d, %d, %v", n, sum, err)
	}
}
