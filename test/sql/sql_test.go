// sql_test.go runs every test/sql/**/*.test sqllogictest file under each of
// its configs (serial, parallel, forced) and both wire protocols against the
// server under test, and checks the corpus against PostgreSQL 15 itself.

// Package sql holds loomdb's SQL result tests: sqllogictest files (format:
// internal/sqllogictest) whose expected outputs are what PostgreSQL 15
// prints.
//
// Which server is tested is decided by internal/testutil/testtarget:
//
//	go test ./test/sql                                   # loomdb (skips until wired)
//	LOOMDB_TEST_TARGET=postgresql go test ./test/sql     # private PostgreSQL 15
//	LOOMDB_TEST_DSN=postgres://... go test ./test/sql    # a running server
//	LOOMDB_TEST_TARGET=postgresql go test ./test/sql -rewrite   # regenerate outputs
//	go test ./test/sql -run 'TestSQL/basic/where.test/serial'   # one file, one config
//
// HOOKING LOOMDB IN: set testtarget.StartLoomdb (see that package's
// comment), e.g. from an init function in a new file of this directory:
//
//	func init() { testtarget.StartLoomdb = func(t testing.TB) string { ... return dsn } }
//
// LOOMDB_TEST_PROTOCOLS (default "simple,extended") picks the protocols.
//
// TestCorpusMatchesPostgres always runs the files once (first config,
// simple protocol) against the private PostgreSQL 15, so a corpus edited by
// hand into something PostgreSQL does not print fails even before loomdb is
// wired. New files: write the SQL with empty expected sections, then run
// with LOOMDB_TEST_TARGET=postgresql and -rewrite, and review the diff.
package sql

import (
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/loomdb/loomdb/internal/sqllogictest"
	"github.com/loomdb/loomdb/internal/testutil/pgtest"
	"github.com/loomdb/loomdb/internal/testutil/testtarget"
	"go.uber.org/goleak"
)

var rewrite = flag.Bool("rewrite", false, "rewrite the expected outputs of the .test files with the target server's results")

func TestMain(m *testing.M) { goleak.VerifyTestMain(pgtest.WithShared(m)) }

// protocols returns the protocols named by LOOMDB_TEST_PROTOCOLS.
func protocols(t *testing.T) []sqllogictest.Protocol {
	spec := os.Getenv("LOOMDB_TEST_PROTOCOLS")
	if spec == "" {
		spec = "simple,extended"
	}
	var ps []sqllogictest.Protocol
	for _, name := range strings.Split(spec, ",") {
		switch strings.TrimSpace(name) {
		case "simple":
			ps = append(ps, sqllogictest.Simple)
		case "extended":
			ps = append(ps, sqllogictest.Extended)
		default:
			t.Fatalf("LOOMDB_TEST_PROTOCOLS: unknown protocol %q (simple, extended)", name)
		}
	}
	return ps
}

// testFiles returns the .test files under the current directory, sorted.
func testFiles(t *testing.T) []string {
	var files []string
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".test") {
			files = append(files, filepath.ToSlash(path))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no .test files found")
	}
	return files
}

// TestSQL runs every .test file under every config and protocol against
// the target. With -rewrite the first run of each file rewrites it and the
// rest check the result.
func TestSQL(t *testing.T) {
	tgt := testtarget.Get(t, "loomdb_sql")
	runCorpus(t, tgt, protocols(t), false, *rewrite)
}

// TestCorpusMatchesPostgres checks the corpus against the oracle even when
// the target is loomdb: every file, in its first config, over the simple
// protocol, against the private PostgreSQL 15. (With
// LOOMDB_TEST_TARGET=postgresql, TestSQL already does all of it.)
func TestCorpusMatchesPostgres(t *testing.T) {
	if testtarget.Name() == testtarget.PostgreSQL && os.Getenv("LOOMDB_TEST_DSN") == "" {
		t.Skip("covered by TestSQL with LOOMDB_TEST_TARGET=postgresql")
	}
	if *rewrite {
		t.Skip("-rewrite rewrites from the target in TestSQL only")
	}
	tgt := testtarget.Target{Name: testtarget.PostgreSQL, DSN: testtarget.PostgresDB(t, "loomdb_sql_oracle")}
	runCorpus(t, tgt, []sqllogictest.Protocol{sqllogictest.Simple}, true, false)
}

// runCorpus runs the .test files against tgt under each protocol and each
// of a file's configs (only the first if firstConfigOnly).
func runCorpus(t *testing.T, tgt testtarget.Target, ps []sqllogictest.Protocol, firstConfigOnly, rewrite bool) {
	for _, path := range testFiles(t) {
		t.Run(path, func(t *testing.T) {
			f, err := sqllogictest.ParseFile(path)
			if err != nil {
				t.Fatal(err)
			}
			cfgs := f.ConfigNames()
			if firstConfigOnly {
				cfgs = cfgs[:1]
			}
			first := true
			for _, cfg := range cfgs {
				for _, p := range ps {
					opts := sqllogictest.Options{Target: tgt.Name, Config: cfg, Protocol: p, Rewrite: rewrite && first}
					first = false
					t.Run(cfg+"/"+p.String(), func(t *testing.T) {
						sqllogictest.RunFile(t, tgt.DSN, path, opts)
					})
				}
			}
		})
	}
}
