// difftest.go holds the differential harness: it runs the same statements on
// PostgreSQL and on loomdb and reports every difference in result columns,
// rows, command tags and errors.

// Package difftest compares loomdb with PostgreSQL 15 statement by statement.
//
// Compare opens one connection to each server and runs each statement on
// both, in order, in the same session (so SET, BEGIN and friends carry
// over). For every statement it compares, using the simple query protocol
// and text results:
//
//   - the error, if any: SQLSTATE and message;
//   - the result columns: names and type OIDs;
//   - the rows: in order if the statement has a top-level ORDER BY (which
//     must then order the rows totally), otherwise as multisets;
//   - the command tag (SELECT 10, INSERT 0 3, ...).
//
// A statement with several ';'-separated commands compares each result.
// Values are compared as the exact text each server sends, so float and
// numeric formatting must match too.
package difftest

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// StatementTimeout bounds each statement on each side.
var StatementTimeout = time.Minute

// maxRowsShown caps how many differing rows a report lists.
const maxRowsShown = 10

// Options adjusts a comparison.
type Options struct {
	// PGSetup and LoomSetup are run on the respective connection before the
	// statements (e.g. the SETs of a parallel config, which may be spelled
	// differently on each side). Their results are not compared; an error
	// fails the test.
	PGSetup, LoomSetup []string
	// PGName and LoomName label the two sides in reports; by default
	// "postgresql" and "loomdb".
	PGName, LoomName string
}

// Column is a result column as RowDescription describes it.
type Column struct {
	Name    string
	TypeOID uint32
}

// Result is what one server answered to one command.
type Result struct {
	Columns []Column
	// Rows hold the text-format values; nil is NULL.
	Rows [][]*string
	Tag  string
	// Err is the error the server reported, if any.
	Err *pgconn.PgError
}

// Compare runs stmts on pgDSN and loomDSN and reports each difference with
// t.Errorf. It fails t if either server cannot be reached.
func Compare(t testing.TB, pgDSN, loomDSN string, stmts []string) {
	t.Helper()
	CompareWith(t, pgDSN, loomDSN, stmts, Options{})
}

// CompareWith is Compare with Options.
func CompareWith(t testing.TB, pgDSN, loomDSN string, stmts []string, opts Options) {
	t.Helper()
	if opts.PGName == "" {
		opts.PGName = "postgresql"
	}
	if opts.LoomName == "" {
		opts.LoomName = "loomdb"
	}
	ctx := context.Background()
	pg := connect(t, opts.PGName, pgDSN, opts.PGSetup)
	defer pg.Close(ctx)
	loom := connect(t, opts.LoomName, loomDSN, opts.LoomSetup)
	defer loom.Close(ctx)
	for i, sql := range stmts {
		want := Exec(ctx, pg, sql)
		got := Exec(ctx, loom, sql)
		if d := Diff(sql, want, got, opts.PGName, opts.LoomName); d != "" {
			t.Errorf("statement %d: %s\n%s", i+1, sql, d)
		}
		if pg.IsClosed() || loom.IsClosed() {
			t.Fatalf("statement %d: connection lost (%s closed: %v, %s closed: %v); stopping", i+1, opts.PGName, pg.IsClosed(), opts.LoomName, loom.IsClosed())
		}
	}
}

func connect(t testing.TB, name, dsn string, setup []string) *pgconn.PgConn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), StatementTimeout)
	defer cancel()
	conn, err := pgconn.Connect(ctx, dsn)
	if err != nil {
		t.Fatalf("difftest: connect to %s: %v", name, err)
	}
	for _, s := range setup {
		for _, r := range Exec(ctx, conn, s) {
			if r.Err != nil {
				conn.Close(context.Background())
				t.Fatalf("difftest: setup on %s: %s: %s: %s", name, s, r.Err.Code, r.Err.Message)
			}
		}
	}
	return conn
}

// Exec runs sql (simple protocol) and returns one Result per command. A
// command that fails ends the list with a Result carrying the error.
func Exec(ctx context.Context, conn *pgconn.PgConn, sql string) []Result {
	ctx, cancel := context.WithTimeout(ctx, StatementTimeout)
	defer cancel()
	var out []Result
	mrr := conn.Exec(ctx, sql)
	for mrr.NextResult() {
		rr := mrr.ResultReader()
		var res Result
		for rr.NextRow() {
			vals := rr.Values()
			row := make([]*string, len(vals))
			for i, v := range vals {
				if v != nil {
					s := string(v)
					row[i] = &s
				}
			}
			res.Rows = append(res.Rows, row)
		}
		for _, fd := range rr.FieldDescriptions() {
			res.Columns = append(res.Columns, Column{Name: fd.Name, TypeOID: fd.DataTypeOID})
		}
		tag, err := rr.Close()
		res.Tag = tag.String()
		res.Err = asPgError(err)
		out = append(out, res)
	}
	if err := mrr.Close(); err != nil {
		pe := asPgError(err)
		if len(out) == 0 || out[len(out)-1].Err == nil {
			out = append(out, Result{Err: pe})
		}
	}
	return out
}

func asPgError(err error) *pgconn.PgError {
	if err == nil {
		return nil
	}
	if pe, ok := err.(*pgconn.PgError); ok {
		return pe
	}
	return &pgconn.PgError{Message: err.Error()}
}

// Diff describes how got (from the side named gotName) differs from want
// (wantName) for sql, or returns "" if they agree.
func Diff(sql string, want, got []Result, wantName, gotName string) string {
	var b strings.Builder
	if len(want) != len(got) {
		fmt.Fprintf(&b, "  %s returned %d results, %s %d\n", wantName, len(want), gotName, len(got))
	}
	ordered := HasOrderBy(sql)
	for i := 0; i < len(want) && i < len(got); i++ {
		prefix := "  "
		if len(want) > 1 || len(got) > 1 {
			prefix = fmt.Sprintf("  result %d: ", i+1)
		}
		diffResult(&b, prefix, want[i], got[i], ordered, wantName, gotName)
	}
	return strings.TrimRight(b.String(), "\n")
}

func diffResult(b *strings.Builder, prefix string, want, got Result, ordered bool, wantName, gotName string) {
	if want.Err != nil || got.Err != nil {
		switch {
		case want.Err == nil:
			fmt.Fprintf(b, "%s%s succeeded (%s), %s failed: %s\n", prefix, wantName, want.Tag, gotName, errText(got.Err))
		case got.Err == nil:
			fmt.Fprintf(b, "%s%s failed: %s; %s succeeded (%s)\n", prefix, wantName, errText(want.Err), gotName, got.Tag)
		case want.Err.Code != got.Err.Code || want.Err.Message != got.Err.Message:
			fmt.Fprintf(b, "%serrors differ:\n%s    %s: %s\n%s    %s: %s\n", prefix, prefix, wantName, errText(want.Err), prefix, gotName, errText(got.Err))
		}
		return
	}
	if !equalColumns(want.Columns, got.Columns) {
		fmt.Fprintf(b, "%scolumns differ:\n%s    %s: %s\n%s    %s: %s\n", prefix, prefix, wantName, columnsText(want.Columns), prefix, gotName, columnsText(got.Columns))
	}
	if want.Tag != got.Tag {
		fmt.Fprintf(b, "%scommand tags differ: %s %q, %s %q\n", prefix, wantName, want.Tag, gotName, got.Tag)
	}
	w, g := rowStrings(want.Rows), rowStrings(got.Rows)
	if ordered {
		for i := 0; i < len(w) || i < len(g); i++ {
			if i >= len(w) || i >= len(g) || w[i] != g[i] {
				fmt.Fprintf(b, "%srows differ (ordered; %s %d rows, %s %d) first at row %d:\n", prefix, wantName, len(w), gotName, len(g), i+1)
				fmt.Fprintf(b, "%s    %s: %s\n%s    %s: %s\n", prefix, wantName, at(w, i), prefix, gotName, at(g, i))
				break
			}
		}
		return
	}
	onlyW, onlyG := multisetDiff(w, g)
	if len(onlyW)+len(onlyG) > 0 {
		fmt.Fprintf(b, "%srows differ (unordered; %s %d rows, %s %d)\n", prefix, wantName, len(w), gotName, len(g))
		listRows(b, prefix, "only in "+wantName, onlyW)
		listRows(b, prefix, "only in "+gotName, onlyG)
	}
}

func at(rows []string, i int) string {
	if i < len(rows) {
		return rows[i]
	}
	return "(no row)"
}

func listRows(b *strings.Builder, prefix, label string, rows []string) {
	if len(rows) == 0 {
		return
	}
	fmt.Fprintf(b, "%s  %s (%d):\n", prefix, label, len(rows))
	for i, r := range rows {
		if i == maxRowsShown {
			fmt.Fprintf(b, "%s      ... %d more\n", prefix, len(rows)-i)
			break
		}
		fmt.Fprintf(b, "%s      %s\n", prefix, r)
	}
}

func errText(e *pgconn.PgError) string {
	if e.Code == "" {
		return e.Message
	}
	return e.Code + " " + e.Message
}

func equalColumns(a, b []Column) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func columnsText(cols []Column) string {
	parts := make([]string, len(cols))
	for i, c := range cols {
		parts[i] = fmt.Sprintf("%s(oid %d)", c.Name, c.TypeOID)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// rowStrings renders rows as "(v1, v2, ...)" with strings quoted and NULL
// bare, so that distinct rows render distinctly.
func rowStrings(rows [][]*string) []string {
	out := make([]string, len(rows))
	for i, row := range rows {
		parts := make([]string, len(row))
		for j, v := range row {
			if v == nil {
				parts[j] = "NULL"
			} else {
				parts[j] = fmt.Sprintf("%q", *v)
			}
		}
		out[i] = "(" + strings.Join(parts, ", ") + ")"
	}
	return out
}

// multisetDiff returns the rows of a not matched in b and of b not matched
// in a, each sorted.
func multisetDiff(a, b []string) (onlyA, onlyB []string) {
	count := make(map[string]int, len(a))
	for _, r := range a {
		count[r]++
	}
	for _, r := range b {
		if count[r] > 0 {
			count[r]--
		} else {
			onlyB = append(onlyB, r)
		}
	}
	for r, n := range count {
		for ; n > 0; n-- {
			onlyA = append(onlyA, r)
		}
	}
	sort.Strings(onlyA)
	sort.Strings(onlyB)
	return onlyA, onlyB
}

// HasOrderBy reports whether sql has an ORDER BY outside parentheses,
// string literals, quoted identifiers and comments (for a multi-command
// string: in any command).
func HasOrderBy(sql string) bool {
	depth := 0
	var prev string // previous word at depth 0, lower case
	for i := 0; i < len(sql); {
		c := sql[i]
		switch {
		case c == '\'' || c == '"':
			j := i + 1
			for j < len(sql) {
				if sql[j] == c {
					if j+1 < len(sql) && sql[j+1] == c {
						j += 2
						continue
					}
					break
				}
				j++
			}
			i = j + 1
			prev = ""
		case c == '-' && i+1 < len(sql) && sql[i+1] == '-':
			for i < len(sql) && sql[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < len(sql) && sql[i+1] == '*':
			end := strings.Index(sql[i+2:], "*/")
			if end < 0 {
				return false
			}
			i += end + 4
		case c == '(':
			depth++
			i++
		case c == ')':
			depth--
			i++
		case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			j := i
			for j < len(sql) && (sql[j] == '_' || sql[j] == '$' || sql[j] >= 'a' && sql[j] <= 'z' || sql[j] >= 'A' && sql[j] <= 'Z' || sql[j] >= '0' && sql[j] <= '9') {
				j++
			}
			w := strings.ToLower(sql[i:j])
			if depth == 0 {
				if prev == "order" && w == "by" {
					return true
				}
				prev = w
			}
			i = j
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		default:
			if depth == 0 {
				prev = ""
			}
			i++
		}
	}
	return false
}
