// Package e2e tests loomdb end to end through its wire protocol with real
// clients: pgx (extended protocol, binary format), lib/pq, psql, raw
// protocol garbage, the regression table tenk1, and kill -9 crash recovery
// of the loomdb binary.
package e2e

import (
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
