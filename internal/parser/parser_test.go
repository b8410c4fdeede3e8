// Tests for the parser wrapper: splitting a query string into statements
// with their own text and offsets, and syntax errors with PostgreSQL 15's
// message, SQLSTATE and cursor position (1-based, in characters, over the
// whole query string).
package parser

import (
	"testing"

	"github.com/loomdb/loomdb/internal/pgerror"
)

func TestSplitStatements(t *testing.T) {
	cases := []struct {
		sql  string
		want []string
		offs []int
	}{
		{"select 1", []string{"select 1"}, []int{0}},
		{"select 1;", []string{"select 1"}, []int{0}},
		{"select 1; select 2", []string{"select 1", "select 2"}, []int{0, 9}},
		{"select 1;select 2;", []string{"select 1", "select 2"}, []int{0, 9}},
		{"  select 1 ;\n\n  select 'a;b' ; ", []string{"select 1", "select 'a;b'"}, []int{0, 12}},
		{"select 1; -- comment\nselect 2", []string{"select 1", "-- comment\nselect 2"}, []int{0, 9}},
		{"select $$;$$; select E'\\';'", []string{"select $$;$$", "select E'\\';'"}, []int{0, 13}},
		{"begin; insert into t values (1); commit", []string{"begin", "insert into t values (1)", "commit"}, []int{0, 6, 32}},
		{"", nil, nil},
		{"-- only a comment", nil, nil},
		{"select 'é'; select 2", []string{"select 'é'", "select 2"}, []int{0, 12}},
	}
	for _, c := range cases {
		stmts, err := Parse(c.sql)
		if err != nil {
			t.Errorf("Parse(%q): %v", c.sql, err)
			continue
		}
		if len(stmts) != len(c.want) {
			t.Errorf("Parse(%q): %d statements, want %d", c.sql, len(stmts), len(c.want))
			continue
		}
		for i, s := range stmts {
			if s.SQL != c.want[i] || s.Offset != c.offs[i] {
				t.Errorf("Parse(%q)[%d] = %q at %d, want %q at %d", c.sql, i, s.SQL, s.Offset, c.want[i], c.offs[i])
			}
			if s.Node == nil {
				t.Errorf("Parse(%q)[%d]: nil node", c.sql, i)
			}
		}
	}
}

func TestStatementKinds(t *testing.T) {
	stmts, err := Parse("select 1; insert into t values (1); create table t (x int); set work_mem = '1MB'")
	if err != nil {
		t.Fatal(err)
	}
	if stmts[0].Node.GetSelectStmt() == nil || stmts[1].Node.GetInsertStmt() == nil ||
		stmts[2].Node.GetCreateStmt() == nil || stmts[3].Node.GetVariableSetStmt() == nil {
		t.Errorf("unexpected node kinds: %v", stmts)
	}
}

func TestSyntaxErrors(t *testing.T) {
	// Messages, SQLSTATEs and positions from PostgreSQL 15.
	cases := []struct {
		sql  string
		code string
		msg  string
		pos  int
	}{
		{"selec 1", "42601", `syntax error at or near "selec"`, 1},
		{"select 1 +", "42601", "syntax error at end of input", 11},
		{"select (1", "42601", "syntax error at end of input", 10},
		{"select 'abc", "42601", `unterminated quoted string at or near "'abc"`, 8},
		{`select "abc`, "42601", `unterminated quoted identifier at or near ""abc"`, 8},
		{"select 1; selec 2", "42601", `syntax error at or near "selec"`, 11},
		{"select * from t where", "42601", "syntax error at end of input", 22},
		{"select 1 from", "42601", "syntax error at end of input", 14},
		{"create table (x int)", "42601", `syntax error at or near "("`, 14},
		{"insert into t values (1,", "42601", "syntax error at end of input", 25},
		{"select $$abc", "42601", `unterminated dollar-quoted string at or near "$$abc"`, 8},
		{"select 1e", "42601", `trailing junk after numeric literal at or near "1e"`, 8},
		{`select ""`, "42601", `zero-length delimited identifier at or near """"`, 8},
		{"select 1 as", "42601", "syntax error at end of input", 12},
		{"select 'ab' 'cd'", "42601", `syntax error at or near "'cd'"`, 13},
		{"select\n  1,\n  2 3", "42601", `syntax error at or near "3"`, 17},
		{"/* unterminated comment", "42601", `unterminated /* comment at or near "/* unterminated comment"`, 1},
		// Positions count characters, not bytes.
		{"select 'é', from t", "42601", `syntax error at or near "from"`, 13},
		{"select 'éé' 'x' frm t", "42601", `syntax error at or near "'x'"`, 13},
	}
	for _, c := range cases {
		_, err := Parse(c.sql)
		if err == nil {
			t.Errorf("Parse(%q): no error", c.sql)
			continue
		}
		pe, ok := pgerror.As(err)
		if !ok {
			t.Errorf("Parse(%q): %T %v", c.sql, err, err)
			continue
		}
		if pe.Code != c.code || pe.Message != c.msg || pe.Position != c.pos {
			t.Errorf("Parse(%q) = %s %q at %d, want %s %q at %d", c.sql, pe.Code, pe.Message, pe.Position, c.code, c.msg, c.pos)
		}
	}
}

func TestValidOddities(t *testing.T) {
	// Statements PostgreSQL accepts that a naive splitter or lexer might not.
	for _, sql := range []string{
		"select 99999999999999999999999",
		"select 'ab'\n'cd'", // adjacent literals separated by a newline concatenate
		"select $tag$ ; $$ $tag$",
		"select /* nested /* comment */ ; */ 1",
		"SELECT U&'d\\0061t\\+000061'",
	} {
		stmts, err := Parse(sql)
		if err != nil || len(stmts) != 1 {
			t.Errorf("Parse(%q) = %d statements, %v", sql, len(stmts), err)
		}
	}
}
