// run.go holds the runner: it executes a File's records on one connection
// (simple or extended protocol, text results), compares results, reports
// failures and rewrites expected outputs.

package sqllogictest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// Protocol is the wire-protocol flow used to send each record's SQL.
type Protocol int

// Protocols.
const (
	// Simple sends a Query message.
	Simple Protocol = iota
	// Extended sends Parse/Bind/Describe/Execute/Sync with the unnamed
	// statement and text result format.
	Extended
)

// String returns "simple" or "extended".
func (p Protocol) String() string {
	if p == Extended {
		return "extended"
	}
	return "simple"
}

// Options says how to run a file.
type Options struct {
	// Target is TargetLoomdb or TargetPostgreSQL; it selects skipif/onlyif
	// records and the ConfigStatements row.
	Target string
	// Config is the config name (a key of ConfigStatements[Target]).
	Config string
	// Protocol is Simple or Extended.
	Protocol Protocol
	// Rewrite writes the file back with the server's results (see the
	// package comment). Failures are still returned for errors that cannot
	// be rewritten (connection failures, config statements failing).
	Rewrite bool
	// StatementTimeout bounds each record; 0 means one minute.
	StatementTimeout time.Duration
}

// Failure is one mismatch between a record and the server's answer.
type Failure struct {
	File string
	Line int
	SQL  string
	// Msg says what went wrong; Expected and Actual are the two sides'
	// lines, when the failure is about rows.
	Msg              string
	Expected, Actual []string
}

// String formats f for a test log: file:line, the SQL, expected vs actual.
func (f Failure) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s:%d: %s", f.File, f.Line, f.Msg)
	if f.SQL != "" {
		fmt.Fprintf(&b, "\nSQL:\n    %s", strings.ReplaceAll(f.SQL, "\n", "\n    "))
	}
	if f.Expected != nil || f.Actual != nil {
		b.WriteString("\nexpected:")
		for _, l := range f.Expected {
			b.WriteString("\n    " + l)
		}
		b.WriteString("\nactual:")
		for _, l := range f.Actual {
			b.WriteString("\n    " + l)
		}
		if d := firstDiff(f.Expected, f.Actual); d >= 0 {
			fmt.Fprintf(&b, "\nfirst difference at row %d", d+1)
		}
	}
	return b.String()
}

func firstDiff(a, b []string) int {
	for i := 0; i < len(a) || i < len(b); i++ {
		if i >= len(a) || i >= len(b) || a[i] != b[i] {
			return i
		}
	}
	return -1
}

// result is what a server answered to one record.
type result struct {
	cols []pgconn.FieldDescription
	rows [][][]byte
	err  *pgconn.PgError
}

// RunFile runs the file at path against dsn and reports each failure with
// t.Error. It fails t (and stops) if the file cannot be parsed.
func RunFile(t testing.TB, dsn, path string, opts Options) {
	t.Helper()
	f, err := ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	fails, err := Run(t.Context(), dsn, f, opts)
	for _, fl := range fails {
		t.Error(fl.String())
	}
	if err != nil {
		t.Error(err)
	}
}

// Run runs f's records on a new connection to dsn and returns the
// mismatches. The error is for failures that stop the file: connecting,
// a config statement failing, the connection breaking, or writing the
// rewritten file.
func Run(ctx context.Context, dsn string, f *File, opts Options) ([]Failure, error) {
	cfgs, ok := ConfigStatements[opts.Target]
	if !ok {
		return nil, fmt.Errorf("unknown target %q", opts.Target)
	}
	setup, ok := cfgs[opts.Config]
	if !ok {
		return nil, fmt.Errorf("unknown config %q for target %s", opts.Config, opts.Target)
	}
	if opts.StatementTimeout == 0 {
		opts.StatementTimeout = time.Minute
	}
	cctx, cancel := context.WithTimeout(ctx, opts.StatementTimeout)
	conn, err := pgconn.Connect(cctx, dsn)
	cancel()
	if err != nil {
		return nil, fmt.Errorf("%s: connect: %w", f.Path, err)
	}
	defer conn.Close(context.Background())
	r := &runner{conn: conn, opts: opts}
	for _, s := range setup {
		res := r.exec(ctx, s)
		if res.err != nil {
			return nil, fmt.Errorf("%s: config %s: %s: %s", f.Path, opts.Config, s, errString(res.err))
		}
	}
	var fails []Failure
	rewritten := make(map[*Record][]string)
	for _, rec := range f.Records {
		if !rec.Runs(opts.Target) {
			continue
		}
		if rec.Kind == Halt {
			break
		}
		res := r.exec(ctx, rec.SQL)
		if conn.IsClosed() {
			fails = append(fails, Failure{File: f.Path, Line: rec.Line, SQL: rec.SQL, Msg: "connection lost: " + errString(res.err)})
			return fails, fmt.Errorf("%s:%d: connection lost; rest of file not run", f.Path, rec.Line)
		}
		fl, newLines := check(rec, res, opts.Rewrite)
		if fl != nil {
			fl.File, fl.Line, fl.SQL = f.Path, rec.Line, rec.SQL
			fails = append(fails, *fl)
		}
		if newLines != nil && !equalLines(newLines, f.Lines[rec.hdr:rec.end]) {
			rewritten[rec] = newLines
		}
	}
	if opts.Rewrite {
		if err := writeBack(f, rewritten); err != nil {
			return fails, err
		}
	}
	return fails, nil
}

// runner holds the connection a file runs on.
type runner struct {
	conn *pgconn.PgConn
	opts Options
}

// exec runs sql and returns the last result (or the first error).
func (r *runner) exec(ctx context.Context, sql string) result {
	ctx, cancel := context.WithTimeout(ctx, r.opts.StatementTimeout)
	defer cancel()
	var res result
	var err error
	if r.opts.Protocol == Extended {
		res.cols, res.rows, err = readResult(r.conn.ExecParams(ctx, sql, nil, nil, nil, nil))
	} else {
		mrr := r.conn.Exec(ctx, sql)
		for mrr.NextResult() {
			cols, rows, e := readResult(mrr.ResultReader())
			if e != nil && err == nil {
				err = e
			}
			res.cols, res.rows = cols, rows
		}
		if e := mrr.Close(); e != nil && err == nil {
			err = e
		}
	}
	if err != nil {
		var pgErr *pgconn.PgError
		if !errors.As(err, &pgErr) {
			pgErr = &pgconn.PgError{Code: "", Message: err.Error()}
		}
		res.err = pgErr
	}
	return res
}

// readResult reads all of rr: a copy of its columns and rows, and its error.
func readResult(rr *pgconn.ResultReader) ([]pgconn.FieldDescription, [][][]byte, error) {
	var rows [][][]byte
	for rr.NextRow() {
		vals := rr.Values()
		row := make([][]byte, len(vals))
		for i, v := range vals {
			if v != nil {
				row[i] = append([]byte{}, v...)
			}
		}
		rows = append(rows, row)
	}
	cols := append([]pgconn.FieldDescription(nil), rr.FieldDescriptions()...)
	_, err := rr.Close()
	return cols, rows, err
}

func errString(e *pgconn.PgError) string {
	if e == nil {
		return "no error"
	}
	if e.Code == "" {
		return e.Message
	}
	return e.Code + ": " + e.Message
}

// check compares res with rec. It returns a failure (nil when they agree)
// and, when rewrite is set and the record must change, the record's new
// header, SQL and result lines.
func check(rec *Record, res result, rewrite bool) (*Failure, []string) {
	sqlLines := strings.Split(rec.SQL, "\n")
	asStatementError := func() []string {
		return append([]string{"statement error " + res.err.Code}, sqlLines...)
	}
	switch rec.Kind {
	case StatementOK:
		if res.err == nil {
			return nil, nil
		}
		if rewrite {
			return nil, asStatementError()
		}
		return &Failure{Msg: "expected success, got error " + errString(res.err)}, nil
	case StatementError:
		if res.err == nil {
			if rewrite {
				return nil, append([]string{"statement ok"}, sqlLines...)
			}
			return &Failure{Msg: fmt.Sprintf("expected error %s, got success", rec.ErrText)}, nil
		}
		if (rec.ErrCode == "" || rec.ErrCode == res.err.Code) && (rec.ErrPattern == nil || rec.ErrPattern.MatchString(res.err.Message)) {
			return nil, nil
		}
		if rewrite {
			return nil, asStatementError()
		}
		return &Failure{Msg: fmt.Sprintf("expected error %s, got %s", rec.ErrText, errString(res.err))}, nil
	}

	// Query.
	if res.err != nil {
		if rewrite {
			return nil, asStatementError()
		}
		return &Failure{Msg: "query failed: " + errString(res.err)}, nil
	}
	actual := render(res.rows, rec.Sort)
	types := typeLetters(res.cols)
	if rewrite {
		hdr := "query " + types
		if rec.Sort != NoSort {
			hdr += " " + string(rec.Sort)
		}
		out := append([]string{hdr}, sqlLines...)
		out = append(out, "----")
		return nil, append(out, actual...)
	}
	if len(rec.Types) != len(res.cols) {
		return &Failure{Msg: fmt.Sprintf("query declares %d columns (%s), server returned %d (%s)", len(rec.Types), rec.Types, len(res.cols), types)}, nil
	}
	expected := make([]string, len(rec.Expected))
	for i, l := range rec.Expected {
		expected[i] = strings.TrimRight(l, " \t\r")
	}
	if rec.Sort != NoSort {
		sort.Strings(expected)
	}
	if !equalLines(expected, actual) {
		return &Failure{Msg: "query result mismatch", Expected: expected, Actual: actual}, nil
	}
	return nil, nil
}

func equalLines(a, b []string) bool {
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

// FormatValue renders one text-format value as it appears in a .test file.
func FormatValue(v []byte) string {
	switch {
	case v == nil:
		return "NULL"
	case len(v) == 0:
		return "(empty)"
	}
	return strings.ReplaceAll(string(v), "\n", `\n`)
}

// render turns rows into result lines, sorted according to mode.
func render(rows [][][]byte, mode SortMode) []string {
	lines := []string{}
	if mode == ValueSort {
		for _, row := range rows {
			for _, v := range row {
				lines = append(lines, strings.TrimRight(FormatValue(v), " \t\r"))
			}
		}
		sort.Strings(lines)
		return lines
	}
	for _, row := range rows {
		vals := make([]string, len(row))
		for i, v := range row {
			vals[i] = FormatValue(v)
		}
		lines = append(lines, strings.TrimRight(strings.Join(vals, " "), " \t\r"))
	}
	if mode == RowSort {
		sort.Strings(lines)
	}
	return lines
}

// Type OIDs that typeLetters distinguishes (PG: catalog/pg_type.dat).
const (
	oidBool    = 16
	oidInt8    = 20
	oidInt2    = 21
	oidInt4    = 23
	oidOID     = 26
	oidFloat4  = 700
	oidFloat8  = 701
	oidNumeric = 1700
)

// typeLetters returns the type letters for a result's columns.
func typeLetters(cols []pgconn.FieldDescription) string {
	b := make([]byte, len(cols))
	for i, c := range cols {
		switch c.DataTypeOID {
		case oidInt2, oidInt4, oidInt8, oidOID:
			b[i] = 'I'
		case oidFloat4, oidFloat8, oidNumeric:
			b[i] = 'R'
		case oidBool:
			b[i] = 'B'
		default:
			b[i] = 'T'
		}
	}
	return string(b)
}

// writeBack writes f to its path with the rewritten records replaced.
func writeBack(f *File, rewritten map[*Record][]string) error {
	if len(rewritten) == 0 {
		return nil
	}
	var out []string
	cur := 0
	for _, rec := range f.Records {
		nl, ok := rewritten[rec]
		if !ok {
			continue
		}
		out = append(out, f.Lines[cur:rec.hdr]...)
		out = append(out, nl...)
		cur = rec.end
	}
	out = append(out, f.Lines[cur:]...)
	text := strings.Join(out, "\n") + "\n"
	st, err := os.Stat(f.Path)
	if err != nil {
		return err
	}
	if err := os.WriteFile(f.Path, []byte(text), st.Mode().Perm()); err != nil {
		return err
	}
	// Keep f consistent with the file for configs that run after this one.
	nf, err := Parse(f.Path, text)
	if err != nil {
		return fmt.Errorf("rewritten file does not parse: %w", err)
	}
	*f = *nf
	return nil
}
