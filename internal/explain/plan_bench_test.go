package explain_test

import (
	"testing"

	"github.com/loomdb/loomdb/internal/analyze"
	"github.com/loomdb/loomdb/internal/guc"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/optimizer/plan"
	"github.com/loomdb/loomdb/internal/parser"
)

// BenchmarkPlanFiveWayJoin measures parsing, analysis and planning of a
// five-way join over the in-memory tenk1 (no catalog I/O), the planner's
// share of a statement's latency. The target is under 5 ms per plan.
func BenchmarkPlanFiveWayJoin(b *testing.B) {
	const sql = `SELECT a.unique1, e.ten FROM tenk1 a
		JOIN tenk1 b ON a.unique1 = b.unique2
		JOIN tenk1 c ON b.unique1 = c.hundred
		JOIN tenk1 d ON c.unique2 = d.thousand
		JOIN tenk1 e ON d.unique1 = e.tenthous
		WHERE a.ten < 3 AND e.two = 1`
	cat := newTestCatalog()
	cfg := plannerConfig(cat, guc.NewSettings())
	for i := 0; i < b.N; i++ {
		stmts, err := parser.Parse(sql)
		if err != nil {
			b.Fatal(err)
		}
		st, _, err := analyze.Analyze(stmts[0], &analyze.Env{Catalog: cat})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := plan.Planner(st.(*nodes.Query), cfg); err != nil {
			b.Fatal(err)
		}
	}
}
