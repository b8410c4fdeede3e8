package expr

import (
	"testing"

	"github.com/loomdb/loomdb/internal/funcs"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/types"
	"github.com/loomdb/loomdb/internal/vector"
)

// Benchmarks of compiled expressions over full batches of lineitem-shaped
// columns: TPC-H Q6's qual and Q1's charge expression.

var (
	benchNum     = types.T{Oid: types.NumericOid, Typmod: types.NumericTypmod(15, 2)}
	benchQty     = &nodes.Var{VarNo: 1, AttNo: 1, Type: benchNum, Name: "l_quantity"}
	benchPrice   = &nodes.Var{VarNo: 1, AttNo: 2, Type: benchNum, Name: "l_extendedprice"}
	benchDisc    = &nodes.Var{VarNo: 1, AttNo: 3, Type: benchNum, Name: "l_discount"}
	benchTax     = &nodes.Var{VarNo: 1, AttNo: 4, Type: benchNum, Name: "l_tax"}
	benchShip    = &nodes.Var{VarNo: 1, AttNo: 5, Type: types.TDate, Name: "l_shipdate"}
	benchTypes   = []types.T{benchNum, benchNum, benchNum, benchNum, types.TDate}
	benchNumeric = func(coef int64, scale int32) *nodes.Const {
		return &nodes.Const{Type: types.T{Oid: types.NumericOid, Typmod: -1}, Value: types.Numeric{Coef: coef, Scale: scale}, Location: -1}
	}
)

func benchOp(b *testing.B, name string, l, r nodes.Expr) *nodes.OpExpr {
	o := funcs.FindOperator(name, l.ExprType().Oid, r.ExprType().Oid)
	if o == nil {
		b.Fatalf("no operator %s", name)
	}
	return &nodes.OpExpr{OpOid: o.Oid, OpName: name, FuncOid: o.Func.Oid, Args: []nodes.Expr{l, r},
		ResultType: types.T{Oid: o.Result, Typmod: -1}, Location: -1}
}

func benchBatch() *vector.Batch {
	bt := vector.NewBatch(benchTypes, vector.BatchSize)
	for i := 0; i < vector.BatchSize; i++ {
		bt.AppendRow([]types.Datum{types.Numeric{Coef: int64(i%50+1) * 100, Scale: 2}, types.Numeric{Coef: int64(90000 + i*3701), Scale: 2},
			types.Numeric{Coef: int64(i % 11), Scale: 2}, types.Numeric{Coef: int64(i % 9), Scale: 2}, int64(8000 + i%2500)})
	}
	return bt
}

func runExpr(b *testing.B, e nodes.Expr) {
	x, err := Compile(e, func(v *nodes.Var) (int, error) { return v.AttNo - 1, nil })
	if err != nil {
		b.Fatal(err)
	}
	bt := benchBatch()
	ctx := &Context{}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := x.Eval(ctx, bt, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*vector.BatchSize)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkQual evaluates TPC-H Q6's WHERE clause.
func BenchmarkQual(b *testing.B) {
	ts := &nodes.Const{Type: types.T{Oid: types.TimestampOid, Typmod: -1}, Value: int64(8766) * types.USecsPerDay, Location: -1}
	d := &nodes.Const{Type: types.TDate, Value: int64(8401), Location: -1}
	runExpr(b, &nodes.BoolExpr{Op: nodes.AndExpr, Args: []nodes.Expr{
		benchOp(b, ">=", benchShip, d), benchOp(b, "<", benchShip, ts),
		benchOp(b, ">=", benchDisc, benchNumeric(5, 2)), benchOp(b, "<=", benchDisc, benchNumeric(7, 2)),
		benchOp(b, "<", benchQty, benchNumeric(24, 0)),
	}})
}

// BenchmarkProject evaluates TPC-H Q1's sum_charge argument,
// l_extendedprice * (1 - l_discount) * (1 + l_tax).
func BenchmarkProject(b *testing.B) {
	one := benchNumeric(1, 0)
	runExpr(b, benchOp(b, "*", benchOp(b, "*", benchPrice, benchOp(b, "-", one, benchDisc)), benchOp(b, "+", one, benchTax)))
}
