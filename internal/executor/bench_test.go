package executor_test

import (
	"context"
	"testing"

	"github.com/loomdb/loomdb/internal/executor"
	"github.com/loomdb/loomdb/internal/funcs"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/plannodes"
	"github.com/loomdb/loomdb/internal/types"
)

// Micro-benchmarks of the executor's hot nodes over generated rows (k
// unique int8, g one of 4 groups, v numeric, w int8 spread by a
// multiplicative hash), each reported in rows/s of input.
// BenchmarkSource is the cost of producing the input alone.

var benchRowTypes = []types.T{types.TInt8, types.TInt8, {Oid: types.NumericOid, Typmod: -1}, types.TInt8}

// benchSource returns a plan producing n rows k, g, v, w from
// generate_series(1, n): k, k % 4, k::numeric, k * 2654435761 % 100000.
func benchSource(n int) plannodes.Plan {
	var gs *nodes.FuncExpr
	for _, f := range funcs.FuncsByName("generate_series") {
		if len(f.Args) == 2 && f.Args[0] == types.Int8Oid && f.Args[1] == types.Int8Oid {
			gs = &nodes.FuncExpr{FuncOid: f.Oid, Name: f.Name, Args: []nodes.Expr{cnst(types.TInt8, int64(1)), cnst(types.TInt8, int64(n))},
				ResultType: types.TInt8, Location: -1}
		}
	}
	fs := &plannodes.FunctionScan{ScanRelID: 1, Call: gs, ColTypes: []types.T{types.TInt8}}
	fs.PlanRows, fs.PlanWidth = float64(n), 32
	k := vr(1, 1, types.TInt8)
	for i, e := range []nodes.Expr{k, opExpr("%", k, cnst(types.TInt8, int64(4))),
		&nodes.CoerceExpr{Arg: k, Type: benchRowTypes[2], Location: -1},
		opExpr("%", opExpr("*", k, cnst(types.TInt8, int64(2654435761))), cnst(types.TInt8, int64(100000)))} {
		fs.TargetList = append(fs.TargetList, &nodes.TargetEntry{Expr: e, ResNo: i + 1})
	}
	return fs
}

// runBench runs p to the end b.N times and reports input rows per second.
func runBench(b *testing.B, p plannodes.Plan, inputRows int) {
	es := newES(64 * 1024)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ps, err := executor.ExecInitNode(p, es)
		if err != nil {
			b.Fatal(err)
		}
		for {
			bt, err := ps.Exec(context.Background())
			if err != nil {
				b.Fatal(err)
			}
			if bt == nil {
				break
			}
		}
		if err := ps.End(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*inputRows)/b.Elapsed().Seconds(), "rows/s")
}

const benchN = 100000

func BenchmarkSource(b *testing.B) {
	runBench(b, benchSource(benchN), benchN)
}

// BenchmarkHashAgg groups into 4 groups computing count(*), sum(v),
// avg(v) and sum(w), as TPC-H Q1 does.
func BenchmarkHashAgg(b *testing.B) {
	a := &plannodes.Agg{Strategy: plannodes.AggHashed, GrpColIdx: []int{2}, NumGroups: 4}
	a.Lefttree = benchSource(benchN)
	v, w := vr(nodes.OuterVar, 3, benchRowTypes[2]), vr(nodes.OuterVar, 4, types.TInt8)
	a.Aggs = []*nodes.Aggref{aggref("count", nil), aggref("sum", v), aggref("avg", v), aggref("sum", w)}
	a.TargetList = []*nodes.TargetEntry{{Expr: vr(nodes.OuterVar, 2, types.TInt8), ResNo: 1}}
	for i, ag := range a.Aggs {
		a.TargetList = append(a.TargetList, &nodes.TargetEntry{Expr: ag, ResNo: i + 2})
	}
	runBench(b, a, benchN)
}

// BenchmarkHashJoin builds a hash table on benchN rows and probes it
// with 2*benchN rows, half of which match.
func BenchmarkHashJoin(b *testing.B) {
	inner := benchSource(benchN)
	outer := benchSource(2 * benchN)
	h := &plannodes.Hash{HashKeys: []nodes.Expr{vr(nodes.OuterVar, 1, types.TInt8)}}
	h.Lefttree = inner
	h.TargetList = varsOf(nodes.OuterVar, benchRowTypes)
	h.PlanRows = benchN
	j := plannodes.Join{JoinType: plannodes.JoinInner}
	j.Lefttree, j.Righttree = outer, h
	j.TargetList = []*nodes.TargetEntry{{Expr: vr(nodes.OuterVar, 1, types.TInt8), ResNo: 1}, {Expr: vr(nodes.InnerVar, 3, benchRowTypes[2]), ResNo: 2}}
	hj := &plannodes.HashJoin{Join: j,
		HashClauses:   []nodes.Expr{opExpr("=", vr(nodes.OuterVar, 1, types.TInt8), vr(nodes.InnerVar, 1, types.TInt8))},
		OuterHashKeys: []nodes.Expr{vr(nodes.OuterVar, 1, types.TInt8)}}
	runBench(b, hj, 3*benchN)
}

// BenchmarkSort sorts benchN rows on (w, k), in memory.
func BenchmarkSort(b *testing.B) {
	runBench(b, sortPlan(benchSource(benchN), benchRowTypes, []int{4, 1}, []bool{false, false}, []bool{false, false}), benchN)
}
