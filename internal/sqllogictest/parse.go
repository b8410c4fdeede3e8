// parse.go holds the .test file format: the package documentation, the
// File and Record types, and the parser.

// Package sqllogictest runs sqllogictest-style result tests against any
// server that speaks the PostgreSQL wire protocol, given a DSN.
//
// # File format
//
// A .test file is a sequence of records separated by blank lines. Lines
// starting with '#' outside a record are comments. A header line
//
//	# config: serial parallel forced
//
// before the first record names the configs the file runs under (default:
// all of DefaultConfigs). A config is a list of SET statements run on the
// connection before the file (see ConfigStatements); every config must give
// the same results.
//
// Records:
//
//	statement ok
//	<SQL, one or more lines, up to a blank line>
//
// runs SQL and expects success.
//
//	statement error [SQLSTATE] [regexp]
//	<SQL>
//
// expects an error. If the first word is a five-character SQLSTATE
// (e.g. 42P01) the error's code must equal it; the rest of the line, if any,
// is a regular expression that must match the error message. With neither,
// any error passes.
//
//	query <types> [nosort|rowsort|valuesort]
//	<SQL>
//	----
//	<expected rows, one per line, up to a blank line>
//
// runs SQL and compares its rows. <types> has one letter per result column:
// I integer, R float or numeric, T text (and everything else), B bool. The
// letters are documentary, but their number must match the column count.
// Each row is written as its column values in text format separated by a
// single space; NULL is written NULL, the empty string (empty), and a
// newline inside a value \n. Trailing whitespace of a row line is not
// significant. Sort modes: nosort (default) compares rows in the order the
// server returns them, so the SQL must have an ORDER BY that orders them
// totally; rowsort sorts the row lines of both sides (bytewise) before
// comparing; valuesort sorts all values individually and writes one value
// per line.
//
// Conditions go on the lines right before a record (or halt) and may repeat:
//
//	skipif <target>   the record does not run against target
//	onlyif <target>   the record runs only against target
//
// Targets are "loomdb" and "postgresql". A line "halt" ends the file (with a
// condition: for that target only).
//
// In the extended protocol each record must hold exactly one SQL statement;
// the simple protocol also accepts several separated by semicolons (a query
// compares the last result).
//
// # Rewriting
//
// With Options.Rewrite the runner writes the file back with each query's
// types and expected rows replaced by what the server returned, a failing
// "statement ok" turned into "statement error <SQLSTATE>", a succeeding
// "statement error" into "statement ok", and a query that fails into
// "statement error <SQLSTATE>". Comments, conditions and SQL are kept.
// Records skipped for the target are left as they are.
package sqllogictest

import (
	"fmt"
	"os"
	"regexp"
	"strings"
)

// Target names, as skipif/onlyif and ConfigStatements spell them.
const (
	TargetLoomdb     = "loomdb"
	TargetPostgreSQL = "postgresql"
)

// RecordKind says what a Record is.
type RecordKind int

// Record kinds.
const (
	StatementOK RecordKind = iota
	StatementError
	Query
	Halt
)

// SortMode is how a query's rows are ordered before comparing.
type SortMode string

// Sort modes.
const (
	NoSort    SortMode = "nosort"
	RowSort   SortMode = "rowsort"
	ValueSort SortMode = "valuesort"
)

// Record is one statement, query or halt of a File.
type Record struct {
	Kind RecordKind
	// Line is the 1-based line of the statement/query/halt line.
	Line int
	// SkipIf and OnlyIf are the targets named by the record's conditions.
	SkipIf, OnlyIf []string
	// SQL is the record's SQL text (lines joined with "\n").
	SQL string
	// ErrCode and ErrPattern are a StatementError's expected SQLSTATE and
	// message regexp ("" and nil when absent); ErrText is the rest of the
	// header line as written.
	ErrCode    string
	ErrPattern *regexp.Regexp
	ErrText    string
	// Types, Sort and Expected describe a Query: its type letters, sort mode
	// and expected lines as written in the file.
	Types    string
	Sort     SortMode
	Expected []string

	// Line indexes (0-based) into File.Lines: hdr is the header line, sql
	// the first SQL line, sep the "----" line (-1 if none) and end the first
	// line after the record.
	hdr, sql, sep, end int
}

// File is a parsed .test file.
type File struct {
	Path string
	// Configs are the configs from the "# config:" header, or nil.
	Configs []string
	Records []*Record
	// Lines are the file's lines, kept for rewriting.
	Lines []string
}

// ParseFile reads and parses the .test file at path.
func ParseFile(path string) (*File, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, string(b))
}

var sqlstateRE = regexp.MustCompile(`^[0-9A-Z]{5}$`)

// Parse parses the text of a .test file; path is used in error messages.
func Parse(path, text string) (*File, error) {
	text = strings.TrimSuffix(text, "\n")
	f := &File{Path: path, Lines: strings.Split(text, "\n")}
	if text == "" {
		f.Lines = nil
	}
	errf := func(i int, format string, args ...any) error {
		return fmt.Errorf("%s:%d: %s", path, i+1, fmt.Sprintf(format, args...))
	}
	var skipIf, onlyIf []string
	lines := f.Lines
	for i := 0; i < len(lines); {
		line := strings.TrimRight(lines[i], " \t\r")
		fields := strings.Fields(line)
		switch {
		case len(fields) == 0:
			if len(skipIf)+len(onlyIf) > 0 {
				return nil, errf(i, "condition not followed by a record")
			}
			i++
			continue
		case strings.HasPrefix(line, "#"):
			if cfg, ok := strings.CutPrefix(strings.TrimSpace(strings.TrimPrefix(line, "#")), "config:"); ok && len(f.Records) == 0 {
				f.Configs = strings.Fields(cfg)
				for _, c := range f.Configs {
					if !knownConfig(c) {
						return nil, errf(i, "unknown config %q (known: %s)", c, strings.Join(DefaultConfigs, " "))
					}
				}
			}
			i++
			continue
		}
		switch fields[0] {
		case "skipif", "onlyif":
			if len(fields) != 2 {
				return nil, errf(i, "want %q <target>", fields[0])
			}
			if fields[1] != TargetLoomdb && fields[1] != TargetPostgreSQL {
				return nil, errf(i, "unknown target %q (want %s or %s)", fields[1], TargetLoomdb, TargetPostgreSQL)
			}
			if fields[0] == "skipif" {
				skipIf = append(skipIf, fields[1])
			} else {
				onlyIf = append(onlyIf, fields[1])
			}
			i++
			continue
		case "halt":
			f.Records = append(f.Records, &Record{Kind: Halt, Line: i + 1, SkipIf: skipIf, OnlyIf: onlyIf, hdr: i, sql: i + 1, sep: -1, end: i + 1})
			skipIf, onlyIf = nil, nil
			i++
			continue
		}
		r := &Record{Line: i + 1, SkipIf: skipIf, OnlyIf: onlyIf, hdr: i, sql: i + 1, sep: -1}
		skipIf, onlyIf = nil, nil
		switch {
		case fields[0] == "statement" && len(fields) == 2 && fields[1] == "ok":
			r.Kind = StatementOK
		case fields[0] == "statement" && len(fields) >= 2 && fields[1] == "error":
			r.Kind = StatementError
			rest := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(strings.TrimPrefix(line, "statement")), "error"))
			r.ErrText = rest
			if len(fields) >= 3 && sqlstateRE.MatchString(fields[2]) {
				r.ErrCode = fields[2]
				rest = strings.TrimSpace(strings.TrimPrefix(rest, fields[2]))
			}
			if rest != "" {
				re, err := regexp.Compile(rest)
				if err != nil {
					return nil, errf(i, "bad error regexp: %v", err)
				}
				r.ErrPattern = re
			}
		case fields[0] == "query" && (len(fields) == 2 || len(fields) == 3):
			r.Kind = Query
			r.Types = fields[1]
			if strings.Trim(r.Types, "IRTB") != "" {
				return nil, errf(i, "bad column types %q (letters I, R, T, B)", r.Types)
			}
			r.Sort = NoSort
			if len(fields) == 3 {
				r.Sort = SortMode(fields[2])
				if r.Sort != NoSort && r.Sort != RowSort && r.Sort != ValueSort {
					return nil, errf(i, "unknown sort mode %q", fields[2])
				}
			}
		default:
			return nil, errf(i, "unknown record %q", line)
		}
		i++
		var sqlLines []string
		for ; i < len(lines) && strings.TrimSpace(lines[i]) != ""; i++ {
			if r.Kind == Query && strings.TrimRight(lines[i], " \t\r") == "----" {
				r.sep = i
				break
			}
			sqlLines = append(sqlLines, strings.TrimRight(lines[i], "\r"))
		}
		if len(sqlLines) == 0 {
			return nil, errf(r.hdr, "record without SQL")
		}
		r.SQL = strings.Join(sqlLines, "\n")
		if r.sep >= 0 {
			for i++; i < len(lines) && strings.TrimSpace(lines[i]) != ""; i++ {
				r.Expected = append(r.Expected, lines[i])
			}
		} else if r.Kind == Query {
			r.Expected = nil // a query without ---- expects no rows
		}
		r.end = i
		f.Records = append(f.Records, r)
	}
	if len(skipIf)+len(onlyIf) > 0 {
		return nil, errf(len(lines)-1, "condition not followed by a record")
	}
	return f, nil
}

// Runs reports whether r runs against target.
func (r *Record) Runs(target string) bool {
	for _, s := range r.SkipIf {
		if s == target {
			return false
		}
	}
	for _, s := range r.OnlyIf {
		if s != target {
			return false
		}
	}
	return true
}
