// Package shell is loomdb's interactive SQL shell (loomdb sql): it reads
// statements and psql-style backslash commands, runs them over a pgx
// connection — to a server or to an embedded database — and prints the
// results as psql does, so that loomdb is usable without psql installed.
package shell

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// Shell runs input against one connection.
type Shell struct {
	Conn *pgx.Conn
	Out  io.Writer
	// Err receives errors, notices and the progress of \copy.
	Err io.Writer
	// Progress shows a progress bar during a large \copy FROM.
	Progress bool
	timing   bool
	// quit is set by \q.
	quit bool
}

// Done reports whether \q was given.
func (s *Shell) Done() bool { return s.quit }

// Complete reports whether buf holds at least one whole statement: a
// semicolon outside quotes, comments and dollar quotes, or a backslash
// command at the start of a line.
func Complete(buf string) bool {
	t := strings.TrimSpace(buf)
	if strings.HasPrefix(t, `\`) {
		return true
	}
	stmts, rest := splitStatements(buf)
	return len(stmts) > 0 && strings.TrimSpace(rest) == ""
}

// splitStatements splits text at semicolons that end statements; rest is
// what follows the last one.
func splitStatements(text string) (stmts []string, rest string) {
	start := 0
	for i := 0; i < len(text); i++ {
		switch c := text[i]; {
		case c == '\'' || c == '"':
			j := i + 1
			for j < len(text) {
				if text[j] == c {
					if j+1 < len(text) && text[j+1] == c {
						j += 2
						continue
					}
					break
				}
				j++
			}
			i = j
		case c == '-' && i+1 < len(text) && text[i+1] == '-':
			for i < len(text) && text[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < len(text) && text[i+1] == '*':
			end := strings.Index(text[i+2:], "*/")
			if end < 0 {
				return stmts, text[start:]
			}
			i += end + 3
		case c == '$':
			j := i + 1
			for j < len(text) && (text[j] == '_' || text[j] >= 'a' && text[j] <= 'z' || text[j] >= 'A' && text[j] <= 'Z' || text[j] >= '0' && text[j] <= '9') {
				j++
			}
			if j < len(text) && text[j] == '$' && (j == i+1 || !(text[i+1] >= '0' && text[i+1] <= '9')) {
				tag := text[i : j+1]
				end := strings.Index(text[j+1:], tag)
				if end < 0 {
					return stmts, text[start:]
				}
				i = j + end + len(tag)
			}
		case c == ';':
			stmts = append(stmts, text[start:i+1])
			start = i + 1
		}
	}
	return stmts, text[start:]
}

// Exec runs text: SQL statements (those before the last semicolon) and
// backslash commands, each on its own line. It returns the first error
// that ends the input (a failed statement does not: psql goes on).
func (s *Shell) Exec(ctx context.Context, text string) error {
	var sql strings.Builder
	flush := func() error {
		stmts, rest := splitStatements(sql.String())
		for _, st := range stmts {
			if strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(st), ";")) == "" {
				continue
			}
			if err := s.Query(ctx, st); err != nil {
				return err
			}
		}
		sql.Reset()
		sql.WriteString(rest)
		return nil
	}
	for _, line := range strings.SplitAfter(text, "\n") {
		if t := strings.TrimSpace(line); strings.HasPrefix(t, `\`) && strings.TrimSpace(sql.String()) == "" {
			if err := s.Meta(ctx, t); err != nil {
				return err
			}
			if s.quit {
				return nil
			}
			continue
		}
		sql.WriteString(line)
		if err := flush(); err != nil {
			return err
		}
	}
	if rest := strings.TrimSpace(sql.String()); rest != "" {
		return s.Query(ctx, rest)
	}
	return nil
}

// Query runs one statement with the simple protocol and prints each of
// its results; a server error is printed, not returned.
func (s *Shell) Query(ctx context.Context, sql string) error {
	start := time.Now()
	mrr := s.Conn.PgConn().Exec(ctx, sql)
	for mrr.NextResult() {
		rr := mrr.ResultReader()
		fields := rr.FieldDescriptions()
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
		tag, err := rr.Close()
		if err == nil {
			s.printResult(fields, rows, tag)
		}
	}
	err := mrr.Close()
	elapsed := time.Since(start)
	if err != nil && !s.report(err) {
		return err
	}
	if s.timing {
		fmt.Fprintf(s.Out, "Time: %.3f ms\n", float64(elapsed.Microseconds())/1000)
	}
	return nil
}

// report prints a server error as psql does and reports whether it was
// one (a lost connection is not).
func (s *Shell) report(err error) bool {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		if s.Conn.IsClosed() {
			return false
		}
		fmt.Fprintf(s.Err, "error: %v\n", err)
		return true
	}
	fmt.Fprintf(s.Err, "%s:  %s\n", pe.Severity, pe.Message)
	if pe.Detail != "" {
		fmt.Fprintf(s.Err, "DETAIL:  %s\n", pe.Detail)
	}
	if pe.Hint != "" {
		fmt.Fprintf(s.Err, "HINT:  %s\n", pe.Hint)
	}
	return pe.Severity != "FATAL"
}

func (s *Shell) printResult(fields []pgconn.FieldDescription, rows [][][]byte, tag pgconn.CommandTag) {
	if len(fields) == 0 {
		if t := tag.String(); t != "" {
			fmt.Fprintln(s.Out, t)
		}
		return
	}
	t := &table{}
	for _, f := range fields {
		t.headers = append(t.headers, f.Name)
		t.numeric = append(t.numeric, numericTypes[f.DataTypeOID])
	}
	for _, row := range rows {
		cells := make([]*string, len(row))
		for i, v := range row {
			if v != nil {
				str := string(v)
				cells[i] = &str
			}
		}
		t.rows = append(t.rows, cells)
	}
	t.print(s.Out)
}
