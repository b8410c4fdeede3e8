package executor_test

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/loomdb/loomdb/internal/executor"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/plannodes"
	"github.com/loomdb/loomdb/internal/types"
)

var aggInTypes = []types.T{types.TInt8, types.TText, types.TInt4}

// genAggRows returns n rows (g1 int8, g2 text, v int4) with NULLs.
func genAggRows(rng *rand.Rand, n, domain int) [][]types.Datum {
	rows := make([][]types.Datum, n)
	for i := range rows {
		var g1, g2, v types.Datum
		if rng.Intn(10) > 0 {
			g1 = int64(rng.Intn(domain))
		}
		if rng.Intn(10) > 0 {
			g2 = textVals[rng.Intn(len(textVals))]
		}
		if rng.Intn(5) > 0 {
			v = int64(rng.Intn(1000) - 500)
		}
		rows[i] = []types.Datum{g1, g2, v}
	}
	return rows
}

// aggPlan groups on the first ngroup columns, computing count(*),
// count(v), sum(v), min(v), max(v), max(v)-min(v), with HAVING count(*) > 1
// when having is set.
func aggPlan(strategy plannodes.AggStrategy, ngroup int, having bool, input plannodes.Plan) *plannodes.Agg {
	a := &plannodes.Agg{Strategy: strategy}
	a.Lefttree = input
	v := vr(nodes.OuterVar, 3, types.TInt4)
	cnt := aggref("count", nil)
	mn, mx := aggref("min", v), aggref("max", v)
	a.Aggs = []*nodes.Aggref{cnt, aggref("count", v), aggref("sum", v), mn, mx}
	var tl []*nodes.TargetEntry
	for c := 1; c <= ngroup; c++ {
		a.GrpColIdx = append(a.GrpColIdx, c)
		tl = append(tl, &nodes.TargetEntry{Expr: vr(nodes.OuterVar, c, aggInTypes[c-1])})
	}
	for _, ag := range a.Aggs {
		tl = append(tl, &nodes.TargetEntry{Expr: ag})
	}
	tl = append(tl, &nodes.TargetEntry{Expr: opExpr("-", mx, mn)})
	for i, te := range tl {
		te.ResNo = i + 1
	}
	a.TargetList = tl
	if having {
		a.Qual = []nodes.Expr{opExpr(">", cnt, cnst(types.TInt8, int64(1)))}
	}
	a.NumGroups = 10
	return a
}

func oracleAgg(rows [][]types.Datum, ngroup int, having, plain bool) [][]types.Datum {
	type acc struct {
		key         []types.Datum
		cnt, cntv   int64
		sum, mn, mx types.Datum
	}
	groups := map[string]*acc{}
	var order []string
	for _, r := range rows {
		k := rowString(r[:ngroup])
		g := groups[k]
		if g == nil {
			g = &acc{key: r[:ngroup]}
			groups[k] = g
			order = append(order, k)
		}
		g.cnt++
		if r[2] == nil {
			continue
		}
		x := r[2].(int64)
		g.cntv++
		if g.sum == nil {
			g.sum, g.mn, g.mx = x, x, x
			continue
		}
		g.sum = g.sum.(int64) + x
		g.mn = min(g.mn.(int64), x)
		g.mx = max(g.mx.(int64), x)
	}
	if plain && len(rows) == 0 {
		groups[""] = &acc{}
		order = append(order, "")
	}
	var out [][]types.Datum
	for _, k := range order {
		g := groups[k]
		if having && g.cnt <= 1 {
			continue
		}
		var diff types.Datum
		if g.mx != nil {
			diff = g.mx.(int64) - g.mn.(int64)
		}
		row := append(append([]types.Datum{}, g.key...), g.cnt, g.cntv, g.sum, g.mn, g.mx, diff)
		out = append(out, row)
	}
	return out
}

func TestAggRandom(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	for _, strategy := range []plannodes.AggStrategy{plannodes.AggSorted, plannodes.AggHashed} {
		for _, ngroup := range []int{1, 2} {
			for _, having := range []bool{false, true} {
				for _, n := range []int{0, 1, 17, 1500, 5000} {
					for _, domain := range []int{3, 3000} {
						name := fmt.Sprintf("%d/g%d/h%v/n%d/d%d", strategy, ngroup, having, n, domain)
						t.Run(name, func(t *testing.T) {
							rows := genAggRows(rng, n, domain)
							var input plannodes.Plan = valuesPlan(aggInTypes, rows)
							if strategy == plannodes.AggSorted {
								cols := []int{1, 2}[:ngroup]
								desc := []bool{rng.Intn(2) == 0, rng.Intn(2) == 0}[:ngroup]
								nf := []bool{rng.Intn(2) == 0, rng.Intn(2) == 0}[:ngroup]
								input = sortPlan(input, aggInTypes, cols, desc, nf)
							}
							p := aggPlan(strategy, ngroup, having, input)
							es := newES(0)
							es.Instrument = true
							ps, err := executor.ExecInitNode(p, es)
							if err != nil {
								t.Fatal(err)
							}
							got := drainState(t, ps)
							want := oracleAgg(rows, ngroup, having, false)
							sameRows(t, name, got, want)
							if strategy == plannodes.AggHashed {
								info := ps.(*executor.InstrumentedState).PlanState.(*executor.AggState).HashAggInfo()
								if !strings.HasPrefix(info, "Batches: 1  Memory Usage: ") {
									t.Errorf("HashAggInfo = %q", info)
								}
							}
							if strategy == plannodes.AggSorted {
								checkGroupsAdjacent(t, got, ngroup)
							}
							if err := ps.End(); err != nil {
								t.Fatal(err)
							}
						})
					}
				}
			}
		}
	}
}

// checkGroupsAdjacent checks that no group key appears twice.
func checkGroupsAdjacent(t *testing.T, rows [][]types.Datum, ngroup int) {
	t.Helper()
	seen := map[string]bool{}
	for _, r := range rows {
		k := rowString(r[:ngroup])
		if seen[k] {
			t.Fatalf("group %s returned twice", k)
		}
		seen[k] = true
	}
}

func TestAggPlain(t *testing.T) {
	rng := rand.New(rand.NewSource(4))
	for _, n := range []int{0, 1, 3000} {
		for _, having := range []bool{false, true} {
			rows := genAggRows(rng, n, 5)
			p := aggPlan(plannodes.AggPlain, 0, having, valuesPlan(aggInTypes, rows))
			got := drain(t, p, newES(0))
			sameRows(t, fmt.Sprintf("plain n=%d having=%v", n, having), got, oracleAgg(rows, 0, having, true))
		}
	}
}

func TestHashAggMemoryLine(t *testing.T) {
	rows := make([][]types.Datum, 100)
	for i := range rows {
		rows[i] = []types.Datum{int64(i % 10), "x", int64(i)}
	}
	p := aggPlan(plannodes.AggHashed, 1, false, valuesPlan(aggInTypes, rows))
	ps, err := executor.ExecInitNode(p, newES(0))
	if err != nil {
		t.Fatal(err)
	}
	defer ps.End()
	if got := len(drainState(t, ps)); got != 10 {
		t.Fatalf("%d groups", got)
	}
	// PostgreSQL 15 prints 24kB for ten small groups.
	if info := ps.(*executor.AggState).HashAggInfo(); info != "Batches: 1  Memory Usage: 24kB" {
		t.Errorf("HashAggInfo = %q", info)
	}

	// select g1, count(*), count(v), sum(v), min(v), max(v) from b group
	// by g1, b holding 20000 rows with g1 = g % 1000: PG prints 321kB.
	rows = rows[:0]
	for g := int64(1); g <= 20000; g++ {
		rows = append(rows, []types.Datum{g % 1000, "x", g})
	}
	p = aggPlan(plannodes.AggHashed, 1, false, valuesPlan(aggInTypes, rows))
	p.NumGroups = 1000
	ps2, err := executor.ExecInitNode(p, newES(0))
	if err != nil {
		t.Fatal(err)
	}
	defer ps2.End()
	drainState(t, ps2)
	var kb int
	info := ps2.(*executor.AggState).HashAggInfo()
	if _, err := fmt.Sscanf(info, "Batches: 1  Memory Usage: %dkB", &kb); err != nil || kb < 290 || kb > 350 {
		t.Errorf("HashAggInfo = %q, PG prints 321kB", info)
	}
}
