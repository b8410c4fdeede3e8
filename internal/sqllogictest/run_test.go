// run_test.go runs the runner against the private PostgreSQL 15: the
// feature file must pass under every config and protocol, wrong
// expectations must be reported, and rewriting must fix them.

package sqllogictest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/loomdb/loomdb/internal/testutil/pgtest"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(pgtest.WithShared(m)) }

func TestRunFeatures(t *testing.T) {
	srv := pgtest.Shared(t)
	for _, file := range []string{"testdata/features.test", "testdata/multi.test"} {
		f, err := ParseFile(file)
		if err != nil {
			t.Fatal(err)
		}
		protocols := []Protocol{Simple, Extended}
		if strings.HasSuffix(file, "multi.test") {
			protocols = protocols[:1]
		}
		for _, cfg := range f.ConfigNames() {
			for _, p := range protocols {
				t.Run(filepath.Base(file)+"/"+cfg+"/"+p.String(), func(t *testing.T) {
					RunFile(t, srv.DSN("postgres"), file, Options{Target: TargetPostgreSQL, Config: cfg, Protocol: p})
				})
			}
		}
	}
}

func TestRunReportsFailures(t *testing.T) {
	srv := pgtest.Shared(t)
	f, err := ParseFile("testdata/wrong.test")
	if err != nil {
		t.Fatal(err)
	}
	fails, err := Run(t.Context(), srv.DSN("postgres"), f, Options{Target: TargetPostgreSQL, Config: "serial", Protocol: Extended})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"testdata/wrong.test:10: query declares 1 columns (I), server returned 2 (IT)",
		"testdata/wrong.test:16: query result mismatch",
		"testdata/wrong.test:22: expected success, got error 42P01: relation \"slt_wrong_missing\" does not exist",
		"testdata/wrong.test:25: expected error 42P01, got success",
		"testdata/wrong.test:28: expected error 22003, got 22012: division by zero",
		"testdata/wrong.test:31: query failed: 42703: column \"nope\" does not exist",
	}
	if len(fails) != len(want) {
		for _, fl := range fails {
			t.Log(fl.String())
		}
		t.Fatalf("got %d failures, want %d", len(fails), len(want))
	}
	for i, fl := range fails {
		if got := strings.SplitN(fl.String(), "\n", 2)[0]; got != want[i] {
			t.Errorf("failure %d = %q, want %q", i, got, want[i])
		}
	}
	full := fails[1].String()
	for _, s := range []string{"SQL:\n    SELECT a, b FROM slt_wrong ORDER BY a", "expected:\n    1 x\n    3 NULL", "actual:\n    1 x\n    2 NULL", "first difference at row 2"} {
		if !strings.Contains(full, s) {
			t.Errorf("failure report lacks %q:\n%s", s, full)
		}
	}
}

func TestRewrite(t *testing.T) {
	srv := pgtest.Shared(t)
	src, err := os.ReadFile("testdata/wrong.test")
	if err != nil {
		t.Fatal(err)
	}
	golden, err := os.ReadFile("testdata/wrong.golden")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "wrong.test")
	if err := os.WriteFile(path, src, 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	opts := Options{Target: TargetPostgreSQL, Config: "serial", Rewrite: true}
	if fails, err := Run(t.Context(), srv.DSN("postgres"), f, opts); err != nil || len(fails) != 0 {
		t.Fatalf("rewrite run: %v %v", fails, err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(golden) {
		t.Errorf("rewritten file:\n%s\nwant:\n%s", got, golden)
	}
	// The rewritten file passes, and rewriting it again changes nothing.
	opts.Rewrite = false
	RunFile(t, srv.DSN("postgres"), path, opts)
	st1, _ := os.Stat(path)
	opts.Rewrite = true
	RunFile(t, srv.DSN("postgres"), path, opts)
	st2, _ := os.Stat(path)
	if !st1.ModTime().Equal(st2.ModTime()) {
		t.Error("rewriting an up-to-date file wrote it")
	}
}

// TestConfigsTakeEffect checks that each config's statements change the
// session as intended on PostgreSQL: the GUCs are set, and forced plans a
// parallel aggregate even for an empty table.
func TestConfigsTakeEffect(t *testing.T) {
	srv := pgtest.Shared(t)
	const ddl = "statement ok\nCREATE TABLE IF NOT EXISTS slt_cfg (a int4)\n\n"
	for cfg, want := range map[string]string{
		"serial":   "0 off",
		"parallel": "2 off",
		"forced":   "2 regress",
	} {
		text := ddl + "query T\nSELECT current_setting('max_parallel_workers_per_gather') || ' ' || current_setting('force_parallel_mode')\n----\n" + want + "\n"
		if cfg == "forced" {
			text += "\nquery T\nEXPLAIN (COSTS OFF) SELECT count(*) FROM slt_cfg\n----\nFinalize Aggregate\n  ->  Gather\n        Workers Planned: 2\n        ->  Partial Aggregate\n              ->  Parallel Seq Scan on slt_cfg\n"
		}
		f, err := Parse(cfg+".test", text)
		if err != nil {
			t.Fatal(err)
		}
		fails, err := Run(t.Context(), srv.DSN("postgres"), f, Options{Target: TargetPostgreSQL, Config: cfg})
		if err != nil {
			t.Fatal(err)
		}
		for _, fl := range fails {
			t.Errorf("config %s: %s", cfg, fl)
		}
	}
}
