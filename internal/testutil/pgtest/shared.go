// shared.go holds the per-test-binary shared server: Shared starts it on
// first use and WithShared stops it after the binary's tests have run.

package pgtest

import (
	"fmt"
	"os"
	"sync"
	"testing"
)

var shared struct {
	mu  sync.Mutex
	srv *Server
	err error
}

// Shared returns the test binary's shared server, starting it on the first
// call. It skips t (fails it under CI=true) when PostgreSQL is not
// available, and fails t if the server could not be started. The server is
// stopped by the TestMain wrapper WithShared (or StopShared); databases and
// tables that tests create in it stay until then.
func Shared(t testing.TB) *Server {
	t.Helper()
	Require(t)
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if shared.srv == nil && shared.err == nil {
		shared.srv, shared.err = StartServer()
	}
	if shared.err != nil {
		t.Fatalf("pgtest: starting the shared server: %v", shared.err)
	}
	return shared.srv
}

// StopShared stops the shared server if Shared started one.
func StopShared() error {
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if shared.srv == nil {
		return nil
	}
	err := shared.srv.Stop()
	shared.srv = nil
	return err
}

// TestingM is the part of *testing.M that WithShared wraps; it matches
// goleak.TestingM.
type TestingM interface {
	Run() int
}

type withShared struct{ m TestingM }

// WithShared wraps m so that running it also stops the shared server after
// the tests, before goleak looks for leaked goroutines:
//
//	func TestMain(m *testing.M) { goleak.VerifyTestMain(pgtest.WithShared(m)) }
func WithShared(m TestingM) TestingM { return withShared{m} }

// Run runs the tests, then stops the shared server.
func (w withShared) Run() int {
	code := w.m.Run()
	if err := StopShared(); err != nil {
		fmt.Fprintf(os.Stderr, "pgtest: stopping the shared server: %v\n", err)
		if code == 0 {
			code = 1
		}
	}
	return code
}
