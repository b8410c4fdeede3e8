package explain_test

import (
	"context"
	"encoding/json"
	"fmt"
	"github.com/loomdb/loomdb/internal/testutil/pgtest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cockroachdb/datadriven"
	"github.com/jackc/pgx/v5"

	"github.com/loomdb/loomdb/internal/testutil/loomtest"
)

// pgregressDir finds shared/pgregress (tenk.data) beside or above the
// repository, as the end-to-end tests do.
func pgregressDir(t *testing.T) string {
	t.Helper()
	return pgtest.RequireRegress(t)
}

// numberValue matches a line of pretty-printed JSON or YAML whose value is
// a number; numberElement an XML element holding a number.
var (
	numberValue   = regexp.MustCompile(`(?m)^(\s*(?:- )?(?:"[^"]*"|[A-Za-z][^:]*): )-?[0-9]+(?:\.[0-9]+)?(,?)$`)
	numberElement = regexp.MustCompile(`(?m)^(\s*<[A-Za-z-]+>)-?[0-9]+(?:\.[0-9]+)?(</[A-Za-z-]+>)$`)
)

// maskNumbers replaces the numeric values of EXPLAIN's XML, JSON or YAML
// output with N, leaving keys, their order and string values to compare.
func maskNumbers(s string) string {
	return numberElement.ReplaceAllString(numberValue.ReplaceAllString(s, "${1}N${2}"), "${1}N${2}")
}

// TestExplainAnalyzeMatchesPostgres runs EXPLAIN ANALYZE (BUFFERS, FORMAT
// JSON or YAML) through a loomdb server holding tenk1 and t and compares it
// with PostgreSQL's output for the same data: every key, their order and
// every string must agree; numbers are masked (times vary, and memory and
// buffer figures are the executor's estimates).
func TestExplainAnalyzeMatchesPostgres(t *testing.T) {
	dir := pgregressDir(t)
	inst := loomtest.Start(t)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, inst.DSN("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	for _, q := range []string{tenk1DDL, "CREATE TABLE t (a int, b text, c numeric(10,2), d varchar(20))"} {
		if _, err := conn.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	f, err := os.Open(filepath.Join(dir, "data", "tenk.data"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := conn.PgConn().CopyFrom(ctx, f, "COPY tenk1 FROM STDIN"); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, "VACUUM tenk1"); err != nil {
		t.Fatal(err)
	}

	datadriven.RunTest(t, "testdata/analyze", func(t *testing.T, d *datadriven.TestData) string {
		if d.Cmd != "explain-analyze" {
			t.Fatalf("unknown command %s", d.Cmd)
		}
		opts := []string{"ANALYZE"}
		if !d.HasArg("nobuffers") {
			opts = append(opts, "BUFFERS")
		}
		format := "JSON"
		for _, a := range d.CmdArgs {
			switch a.Key {
			case "verbose":
				opts = append(opts, "VERBOSE")
			case "costs", "timing", "summary":
				opts = append(opts, strings.ToUpper(a.Key)+" "+a.Vals[0])
			case "format":
				format = strings.ToUpper(a.Vals[0])
			}
		}
		opts = append(opts, "FORMAT "+format)
		tx, err := conn.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback(ctx)
		rows, err := tx.Query(ctx, "EXPLAIN ("+strings.Join(opts, ", ")+") "+d.Input, pgx.QueryExecModeSimpleProtocol)
		if err != nil {
			return "ERROR: " + err.Error()
		}
		var lines []string
		for rows.Next() {
			var l string
			if err := rows.Scan(&l); err != nil {
				t.Fatal(err)
			}
			lines = append(lines, l)
		}
		if err := rows.Err(); err != nil {
			return "ERROR: " + err.Error()
		}
		if format == "TEXT" {
			// Text is compared exactly, line by line.
			return strings.Join(lines, "\n") + "\n"
		}
		if len(lines) != 1 {
			t.Fatalf("EXPLAIN returned %d rows, want one document", len(lines))
		}
		got := lines[0]
		if format == "JSON" {
			var doc []map[string]any
			if err := json.Unmarshal([]byte(got), &doc); err != nil || len(doc) != 1 || doc[0]["Plan"] == nil {
				t.Fatalf("output is not EXPLAIN's JSON (%v):\n%s", err, got)
			}
		}
		if want := strings.TrimSuffix(d.Expected, "\n"); maskNumbers(got) != maskNumbers(want) {
			t.Errorf("%s: keys or strings differ from PostgreSQL's (numbers masked)\n%s\nloomdb's output:\n%s", d.Pos, lineDiff(maskNumbers(want), maskNumbers(got)), got)
		}
		// The file keeps PostgreSQL's output, also under -rewrite.
		return d.Expected
	})
}

// lineDiff lists the first lines where want and got differ.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var sb strings.Builder
	shown := 0
	for i := 0; i < max(len(w), len(g)) && shown < 20; i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			fmt.Fprintf(&sb, "line %d:\n  PostgreSQL: %s\n  loomdb:     %s\n", i+1, a, b)
			shown++
		}
	}
	return sb.String()
}

const tenk1DDL = `CREATE TABLE tenk1 (
    unique1 int4, unique2 int4, two int4, four int4, ten int4, twenty int4,
    hundred int4, thousand int4, twothousand int4, fivethous int4, tenthous int4,
    odd int4, even int4, stringu1 name, stringu2 name, string4 name)`
