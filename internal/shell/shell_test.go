package shell

import (
	"strings"
	"testing"
)

func TestSplitStatements(t *testing.T) {
	for _, c := range []struct {
		in    string
		stmts []string
		rest  string
	}{
		{"select 1; select 2;", []string{"select 1;", " select 2;"}, ""},
		{"select ';'; select 2", []string{"select ';';"}, " select 2"},
		{`select "a;b" from t;`, []string{`select "a;b" from t;`}, ""},
		{"select 'it''s;'; x", []string{"select 'it''s;';"}, " x"},
		{"select 1 -- a; comment\n; y", []string{"select 1 -- a; comment\n;"}, " y"},
		{"select /* ; */ 1;", []string{"select /* ; */ 1;"}, ""},
		{"select /* ; open", nil, "select /* ; open"},
		{"select $$a;b$$; select $q$;$q$;", []string{"select $$a;b$$;", " select $q$;$q$;"}, ""},
		{"select $1; select 2;", []string{"select $1;", " select 2;"}, ""},
		{"select $$open;", nil, "select $$open;"},
	} {
		stmts, rest := splitStatements(c.in)
		if strings.Join(stmts, "|") != strings.Join(c.stmts, "|") || rest != c.rest {
			t.Errorf("splitStatements(%q) = %q, %q; want %q, %q", c.in, stmts, rest, c.stmts, c.rest)
		}
	}
	for in, want := range map[string]bool{"select 1": false, "select 1;": true, `\dt`: true, "select 1; select": false, "select ';'": false} {
		if got := Complete(in); got != want {
			t.Errorf("Complete(%q) = %v", in, got)
		}
	}
}

func TestAlignedFormat(t *testing.T) {
	s := func(v string) *string { return &v }
	var b strings.Builder
	(&table{title: "T", headers: []string{"n", "text"}, numeric: []bool{true, false},
		rows: [][]*string{{s("1"), s("a\nbc")}, {s("100"), nil}}}).print(&b)
	want := "     T\n  n  | text \n-----+------\n   1 | a   +\n     | bc\n 100 | \n(2 rows)\n\n"
	if b.String() != want {
		t.Errorf("got\n%q\nwant\n%q", b.String(), want)
	}
}
