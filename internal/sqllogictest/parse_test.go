// parse_test.go checks the .test parser on valid and invalid input; it needs
// no server.

package sqllogictest

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	f, err := ParseFile("testdata/features.test")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(f.ConfigNames(), " "); got != "serial parallel forced" {
		t.Errorf("configs = %q", got)
	}
	r := f.Records[2]
	if r.Kind != Query || r.Types != "ITR" || r.Sort != NoSort || r.Line != 11 || len(r.Expected) != 4 || r.Expected[1] != "2 (empty) NULL" {
		t.Errorf("record 2 = %+v", r)
	}
	var errRec *Record
	for _, r := range f.Records {
		if r.Kind == StatementError && r.ErrCode == "42703" {
			errRec = r
		}
	}
	if errRec == nil || errRec.ErrPattern == nil || errRec.ErrPattern.String() != `column "nope" does not exist` {
		t.Errorf("statement error 42703 record = %+v", errRec)
	}
	var skip, only int
	for _, r := range f.Records {
		if !r.Runs(TargetPostgreSQL) {
			skip++
		}
		if !r.Runs(TargetLoomdb) {
			only++
		}
	}
	if skip != 3 || only != 1 {
		t.Errorf("records skipped for postgresql = %d (want 3), for loomdb = %d (want 1)", skip, only)
	}

	g, err := Parse("x.test", "query I\nSELECT 1\n")
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Records) != 1 || g.Records[0].Expected != nil || g.ConfigNames()[0] != "serial" {
		t.Errorf("query without ----: %+v", g.Records[0])
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"statement maybe\nSELECT 1\n", "x.test:1: unknown record"},
		{"query I\n\n", "x.test:1: record without SQL"},
		{"query X\nSELECT 1\n", "bad column types"},
		{"query I sorted\nSELECT 1\n", "unknown sort mode"},
		{"skipif mysql\nstatement ok\nSELECT 1\n", "unknown target"},
		{"skipif loomdb\n\nstatement ok\nSELECT 1\n", "x.test:2: condition not followed"},
		{"# config: serial turbo\n", "unknown config \"turbo\""},
		{"statement error 22012 (\nSELECT 1\n", "bad error regexp"},
	} {
		_, err := Parse("x.test", tc.text)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Parse(%q) = %v, want error containing %q", tc.text, err, tc.want)
		}
	}
}
