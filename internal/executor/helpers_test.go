package executor_test

import (
	"context"
	"fmt"
	"math/rand"
	"sort"
	"strings"
	"testing"

	"go.uber.org/goleak"

	"github.com/loomdb/loomdb/internal/catalog"
	"github.com/loomdb/loomdb/internal/executor"
	"github.com/loomdb/loomdb/internal/funcs"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/plannodes"
	"github.com/loomdb/loomdb/internal/types"
	"github.com/loomdb/loomdb/internal/vector"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// noTables is a TableAccess the hand-built plans never call.
type noTables struct{}

func (noTables) Relation(types.Oid) (*catalog.Relation, error) { panic("Relation called") }
func (noTables) BeginScan(*catalog.Relation, []int) (executor.TableScan, error) {
	panic("BeginScan called")
}
func (noTables) NewInserter(*catalog.Relation) (executor.TableInserter, error) {
	panic("NewInserter called")
}

func newES(workMemKB int64) *executor.EState {
	return &executor.EState{Tables: noTables{}, WorkMemKB: workMemKB}
}

// valuesPlan returns a Values Scan producing rows.
func valuesPlan(ts []types.T, rows [][]types.Datum) *plannodes.ValuesScan {
	vs := &plannodes.ValuesScan{ScanRelID: 1, ColTypes: ts}
	vs.PlanRows = float64(len(rows))
	vs.PlanWidth = 8 * len(ts)
	for _, r := range rows {
		var es []nodes.Expr
		for c, d := range r {
			es = append(es, &nodes.Const{Type: ts[c], Value: d, Location: -1})
		}
		vs.Values = append(vs.Values, es)
	}
	for k, t := range ts {
		vs.TargetList = append(vs.TargetList, &nodes.TargetEntry{Expr: &nodes.Var{VarNo: 1, AttNo: k + 1, Type: t, Location: -1}, ResNo: k + 1})
	}
	return vs
}

func varsOf(varno int, ts []types.T) []*nodes.TargetEntry {
	var tl []*nodes.TargetEntry
	for k, t := range ts {
		tl = append(tl, &nodes.TargetEntry{Expr: &nodes.Var{VarNo: varno, AttNo: k + 1, Type: t, Location: -1}, ResNo: len(tl) + 1})
	}
	return tl
}

func vr(varno, attno int, t types.T) *nodes.Var {
	return &nodes.Var{VarNo: varno, AttNo: attno, Type: t, Location: -1}
}

func cnst(t types.T, d types.Datum) *nodes.Const {
	return &nodes.Const{Type: t, Value: d, Location: -1}
}

// sortPlan sorts child on 1-based columns.
func sortPlan(child plannodes.Plan, ts []types.T, cols []int, desc, nullsFirst []bool) *plannodes.Sort {
	s := &plannodes.Sort{SortColIdx: cols, Descending: desc, NullsFirst: nullsFirst}
	s.Lefttree = child
	s.TargetList = varsOf(nodes.OuterVar, ts)
	s.PlanRows = child.PlanHeader().PlanRows
	s.PlanWidth = child.PlanHeader().PlanWidth
	return s
}

func opExpr(name string, l, r nodes.Expr) *nodes.OpExpr {
	lt, rt := l.ExprType().Oid, r.ExprType().Oid
	for _, o := range funcs.OperatorsByName(name) {
		if o.Left == lt && o.Right == rt {
			return &nodes.OpExpr{OpOid: o.Oid, OpName: name, FuncOid: o.Func.Oid, Args: []nodes.Expr{l, r},
				ResultType: types.T{Oid: o.Result, Typmod: -1}, Location: -1}
		}
	}
	panic(fmt.Sprintf("no operator %s(%d,%d)", name, lt, rt))
}

func aggref(name string, arg nodes.Expr) *nodes.Aggref {
	a := &nodes.Aggref{Name: name, Location: -1}
	for _, f := range funcs.FuncsByName(name) {
		if f.Agg == nil {
			continue
		}
		if arg == nil && len(f.Args) == 0 {
			a.AggFnOid, a.Star = f.Oid, true
		} else if arg != nil && len(f.Args) == 1 && (f.Args[0] == arg.ExprType().Oid || f.Args[0] == types.AnyOid) {
			a.AggFnOid = f.Oid
			a.Args = []nodes.Expr{arg}
			a.ArgType = arg.ExprType()
		} else {
			continue
		}
		a.ResultType = types.T{Oid: f.Result, Typmod: -1}
		return a
	}
	panic("no aggregate " + name)
}

// drain runs p to the end, checking the batch contract.
func drain(t testing.TB, p plannodes.Plan, es *executor.EState) [][]types.Datum {
	t.Helper()
	ps, err := executor.ExecInitNode(p, es)
	if err != nil {
		t.Fatalf("init: %v", err)
	}
	defer func() {
		if err := ps.End(); err != nil {
			t.Errorf("End: %v", err)
		}
		if err := ps.End(); err != nil {
			t.Errorf("second End: %v", err)
		}
	}()
	return drainState(t, ps)
}

func drainState(t testing.TB, ps executor.PlanState) [][]types.Datum {
	t.Helper()
	var out [][]types.Datum
	for {
		b, err := ps.Exec(context.Background())
		if err != nil {
			t.Fatalf("exec: %v", err)
		}
		if b == nil {
			return out
		}
		checkBatch(t, b)
		for i := 0; i < b.Len(); i++ {
			out = append(out, b.Datums(i))
		}
	}
}

func checkBatch(t testing.TB, b *vector.Batch) {
	t.Helper()
	if b.Len() == 0 || b.Len() > vector.BatchSize {
		t.Fatalf("batch with %d rows", b.Len())
	}
	for c, v := range b.Cols {
		if v == nil {
			continue
		}
		for i := 0; i < b.Len(); i++ {
			if r := b.Row(i); r >= v.Len() {
				t.Fatalf("column %d has %d rows, selection refers to row %d", c, v.Len(), r)
			}
		}
	}
}

func rowString(r []types.Datum) string {
	var sb strings.Builder
	for i, d := range r {
		if i > 0 {
			sb.WriteByte('|')
		}
		if d == nil {
			sb.WriteString("NULL")
		} else {
			fmt.Fprintf(&sb, "%T:%v", d, d)
		}
	}
	return sb.String()
}

// sameRows compares two row multisets.
func sameRows(t testing.TB, what string, got, want [][]types.Datum) {
	t.Helper()
	g := make([]string, len(got))
	for i, r := range got {
		g[i] = rowString(r)
	}
	w := make([]string, len(want))
	for i, r := range want {
		w[i] = rowString(r)
	}
	sort.Strings(g)
	sort.Strings(w)
	if len(g) != len(w) {
		t.Fatalf("%s: got %d rows, want %d\n%s", what, len(g), len(w), diffRows(g, w))
	}
	for i := range g {
		if g[i] != w[i] {
			t.Fatalf("%s: rows differ\n%s", what, diffRows(g, w))
		}
	}
}

func diffRows(g, w []string) string {
	gm, wm := map[string]int{}, map[string]int{}
	for _, s := range g {
		gm[s]++
	}
	for _, s := range w {
		wm[s]++
	}
	var sb strings.Builder
	n := 0
	for s, c := range gm {
		if wm[s] != c && n < 10 {
			fmt.Fprintf(&sb, "  got %d× want %d× %s\n", c, wm[s], s)
			n++
		}
	}
	for s, c := range wm {
		if gm[s] == 0 && n < 20 {
			fmt.Fprintf(&sb, "  missing %d× %s\n", c, s)
			n++
		}
	}
	return sb.String()
}

// sameOrder compares two row sequences exactly.
func sameOrder(t testing.TB, what string, got, want [][]types.Datum) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: got %d rows, want %d", what, len(got), len(want))
	}
	for i := range got {
		if rowString(got[i]) != rowString(want[i]) {
			t.Fatalf("%s: row %d is %s, want %s", what, i, rowString(got[i]), rowString(want[i]))
		}
	}
}

var textVals = []string{"a", "b", "c", "", "dd"}

// genRows returns n rows (id int8, k1 int8, k2 text, x int8): ids from
// idBase up, keys from small domains with NULLs.
func genRows(rng *rand.Rand, n, domain int, nullFrac float64, idBase int64) [][]types.Datum {
	rows := make([][]types.Datum, n)
	for i := range rows {
		var k1, k2, x types.Datum
		if rng.Float64() >= nullFrac {
			k1 = int64(rng.Intn(domain))
		}
		if rng.Float64() >= nullFrac {
			k2 = textVals[rng.Intn(3)]
		}
		if rng.Float64() >= nullFrac {
			x = int64(rng.Intn(10))
		}
		rows[i] = []types.Datum{idBase + int64(i), k1, k2, x}
	}
	return rows
}

var rowTypes = []types.T{types.TInt8, types.TInt8, types.TText, types.TInt8}
