// Package e2e tests loomdb end to end through its wire protocol with real
// clients: pgx (extended protocol, binary format), lib/pq, psql, raw
// protocol garbage, the regression table tenk1, and kill -9 crash recovery
// of the loomdb binary.
package e2e

import (
	"os"
	"path/filepath"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(removingBinary{m})
}

// removingBinary runs the tests, then removes the loomdb binary they built.
type removingBinary struct{ m *testing.M }

func (r removingBinary) Run() int {
	code := r.m.Run()
	if binPath != "" {
		os.RemoveAll(filepath.Dir(binPath))
	}
	return code
}
