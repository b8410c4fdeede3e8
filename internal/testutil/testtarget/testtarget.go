// testtarget.go holds the one place where the SQL test suites (test/sql,
// test/difftest) learn which server to test: an env DSN, the loomdb hook, or
// a private PostgreSQL.

// Package testtarget picks the server that loomdb's SQL-level tests run
// against.
//
// Selection, in order:
//
//  1. LOOMDB_TEST_DSN set: that server. Its kind (for skipif/onlyif) is
//     LOOMDB_TEST_TARGET, default "loomdb".
//  2. LOOMDB_TEST_TARGET=postgresql: the test binary's private PostgreSQL 15
//     (pgtest.Shared), which lets the suites be checked against the oracle.
//  3. StartLoomdb set: the loomdb server it starts.
//  4. Otherwise the test is skipped: "loomdb server not wired yet".
//
// WIRING LOOMDB IN: set StartLoomdb from an init function, either in a new
// file of this package (e.g. testtarget/loomdb.go, which then imports the
// server package) or in a _test.go file of each suite that should use it:
//
//	func init() {
//		testtarget.StartLoomdb = func(t testing.TB) string {
//			srv := server.StartForTest(t) // stops itself in t.Cleanup
//			return srv.DSN("postgres")
//		}
//	}
//
// The DSN must name a database the tests may create and drop tables in. The
// suites call StartLoomdb once per top-level test; a hook that wants one
// server per test binary can start it once (sync.Once) and stop it from
// TestMain.
package testtarget

import (
	"os"
	"sync"
	"testing"

	"github.com/loomdb/loomdb/internal/testutil/pgtest"
)

// Names of the targets, as skipif/onlyif and the config tables spell them.
const (
	Loomdb     = "loomdb"
	PostgreSQL = "postgresql"
)

// StartLoomdb starts (or returns) a loomdb server for t and returns a DSN
// for it. It is nil until the loomdb server exists; see the package comment.
var StartLoomdb func(t testing.TB) (dsn string)

// Target is a server to run SQL tests against.
type Target struct {
	// Name is Loomdb or PostgreSQL.
	Name string
	// DSN is a postgres:// URL or key=value connection string.
	DSN string
}

// Name returns the configured target name: LOOMDB_TEST_TARGET, default
// "loomdb".
func Name() string {
	if n := os.Getenv("LOOMDB_TEST_TARGET"); n != "" {
		return n
	}
	return Loomdb
}

// Get returns the server under test, following the order in the package
// comment; it skips t when there is none. db is the database used when the
// target is the private PostgreSQL (it is created on first use).
func Get(t testing.TB, db string) Target {
	t.Helper()
	name := Name()
	if name != Loomdb && name != PostgreSQL {
		t.Fatalf("LOOMDB_TEST_TARGET=%q: want %q or %q", name, Loomdb, PostgreSQL)
	}
	if dsn := os.Getenv("LOOMDB_TEST_DSN"); dsn != "" {
		return Target{Name: name, DSN: dsn}
	}
	if name == PostgreSQL {
		return Target{Name: PostgreSQL, DSN: PostgresDB(t, db)}
	}
	if StartLoomdb != nil {
		return Target{Name: Loomdb, DSN: StartLoomdb(t)}
	}
	t.Skip("loomdb server not wired yet (set LOOMDB_TEST_DSN, wire testtarget.StartLoomdb, or run with LOOMDB_TEST_TARGET=postgresql)")
	return Target{}
}

var (
	createdMu sync.Mutex
	created   = map[string]bool{}
)

// PostgresDB returns a DSN for database db on the test binary's shared
// private PostgreSQL, creating the database on first use. It skips t (fails
// it under CI=true) when PostgreSQL is not installed.
func PostgresDB(t testing.TB, db string) string {
	t.Helper()
	srv := pgtest.Shared(t)
	createdMu.Lock()
	defer createdMu.Unlock()
	if db == "" || db == "postgres" {
		return srv.DSN("postgres")
	}
	if !created[srv.DSN(db)] {
		if err := srv.CreateDatabase(t.Context(), db); err != nil {
			t.Fatalf("create database %s: %v", db, err)
		}
		created[srv.DSN(db)] = true
	}
	return srv.DSN(db)
}
