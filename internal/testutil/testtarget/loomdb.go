package testtarget

import (
	"testing"

	"github.com/loomdb/loomdb/internal/testutil/loomtest"
)

func init() {
	StartLoomdb = func(t testing.TB) string {
		return loomtest.Start(t).DSN("postgres")
	}
}
