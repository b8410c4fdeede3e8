// pgtest.go ties pgserver's private PostgreSQL 15 clusters to tests: Start
// gives a test its own server, Require skips (or, under CI, fails) a test
// when PostgreSQL is not installed.

// Package pgtest starts private PostgreSQL 15 servers for tests.
//
// The servers are pgserver's (see that package for how they are set up);
// this package adds what tests need around them: skipping when PostgreSQL
// is missing, except under CI=true, where a missing oracle fails the test
// instead, and one shared server per test binary.
//
// Typical use, one server per test binary:
//
//	func TestMain(m *testing.M) { goleak.VerifyTestMain(pgtest.WithShared(m)) }
//
//	func TestX(t *testing.T) {
//		srv := pgtest.Shared(t) // started on first use, stopped after m.Run
//		conn, err := pgconn.Connect(ctx, srv.DSN("postgres"))
//		...
//	}
package pgtest

import (
	"os"
	"strings"
	"testing"

	"github.com/loomdb/loomdb/internal/pgserver"
)

// Server is a running private PostgreSQL cluster.
type Server = pgserver.Server

// DefaultBinDir is where Debian and Ubuntu install the PostgreSQL 15 binaries.
const DefaultBinDir = pgserver.DefaultBinDir

// Superuser is the bootstrap superuser of every cluster.
const Superuser = pgserver.Superuser

// BinDir returns the directory that holds initdb, postgres and psql, or an
// error saying why none was found.
func BinDir() (string, error) { return pgserver.BinDir() }

// Available reports whether a PostgreSQL server can be started here.
func Available() bool { return pgserver.Available() }

// UnavailableReason returns why Available is false, or "" when it is true.
func UnavailableReason() string { return pgserver.UnavailableReason() }

// StartServer creates and starts a private server with the test settings
// (fsync off). The caller must call Stop.
func StartServer() (*Server, error) { return pgserver.StartServer() }

// Start starts a private server for t and stops it when t's cleanup runs.
// It skips t (fails it under CI=true) when PostgreSQL is not available.
func Start(t testing.TB) *Server {
	t.Helper()
	Require(t)
	s, err := StartServer()
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Stop(); err != nil {
			t.Errorf("pgtest: %v", err)
		}
	})
	return s
}

// InCI reports whether the tests run under CI (env CI=true), where a missing
// oracle is a failure, not a skip.
func InCI() bool {
	v := strings.ToLower(os.Getenv("CI"))
	return v == "true" || v == "1"
}

// Require skips t when PostgreSQL is not available, or fails it when running
// under CI=true.
func Require(t testing.TB) {
	t.Helper()
	if r := UnavailableReason(); r != "" {
		skipOrFail(t, "PostgreSQL 15 oracle unavailable: "+r)
	}
}

func skipOrFail(t testing.TB, msg string) {
	t.Helper()
	if InCI() {
		t.Fatal(msg + " (CI=true: the oracle must not be skipped)")
	}
	t.Skip(msg)
}
