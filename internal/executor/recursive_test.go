package executor_test

import (
	"context"
	"errors"
	"testing"

	"github.com/loomdb/loomdb/internal/executor"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/plannodes"
	"github.com/loomdb/loomdb/internal/types"
)

// recursivePlan builds a Recursive Union whose non-recursive term returns
// start and whose recursive term reads the work table (range-table entry
// 2) through a WorkTable Scan computing step over column 1, filtered by
// cond when not nil.
func recursivePlan(start [][]types.Datum, step, cond nodes.Expr, distinct bool) *plannodes.RecursiveUnion {
	ts := []types.T{types.TInt8}
	wt := &plannodes.WorkTableScan{ScanRelID: 2, CTEName: "t", Alias: "t", WTParam: 0, ColTypes: ts}
	wt.TargetList = []*nodes.TargetEntry{{Expr: step, ResNo: 1}}
	if cond != nil {
		wt.Qual = []nodes.Expr{cond}
	}
	ru := &plannodes.RecursiveUnion{WTParam: 0}
	ru.Lefttree, ru.Righttree = valuesPlan(ts, start), wt
	ru.TargetList = varsOf(nodes.OuterVar, ts)
	if distinct {
		ru.DupColIdx = []int{1}
	}
	plannodes.SetExtParams(ru)
	return ru
}

func ints(rows [][]types.Datum) []types.Datum {
	var out []types.Datum
	for _, r := range rows {
		out = append(out, r[0])
	}
	return out
}

// TestRecursiveUnionSeries counts by recursion with work tables of 5000
// rows and work_mem 64kB, so that the work and intermediate tables spill:
// the rows come out iteration by iteration, each iteration in order.
func TestRecursiveUnionSeries(t *testing.T) {
	var start [][]types.Datum
	for i := int64(1); i <= 5000; i++ {
		start = append(start, []types.Datum{i})
	}
	n := vr(2, 1, types.TInt8)
	p := recursivePlan(start, opExpr("+", n, cnst(types.TInt8, int64(5000))), opExpr("<=", n, cnst(types.TInt8, int64(45000))), false)
	got := ints(drain(t, p, newES(64)))
	if len(got) != 50000 {
		t.Fatalf("got %d rows, want 50000", len(got))
	}
	for i, v := range got {
		if v != int64(i+1) {
			t.Fatalf("row %d is %v", i, v)
		}
	}
}

// TestRecursiveUnionDistinct recurses with UNION over a term that only
// repeats its input: duplicates, NULLs among them, are dropped, so the
// recursion ends after one iteration adds nothing.
func TestRecursiveUnionDistinct(t *testing.T) {
	start := [][]types.Datum{{int64(1)}, {int64(2)}, {nil}, {int64(2)}, {int64(1)}, {nil}, {int64(3)}}
	p := recursivePlan(start, vr(2, 1, types.TInt8), nil, true)
	ps, err := executor.ExecInitNode(p, newES(1024))
	if err != nil {
		t.Fatal(err)
	}
	defer ps.End()
	got := ints(drainState(t, ps))
	want := []types.Datum{int64(1), int64(2), nil, int64(3)}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
	if it := ps.(*executor.RecursiveUnionState).Iterations; it != 0 {
		t.Errorf("%d iterations completed, want 0", it)
	}
	// A rescan forgets the rows seen and returns them again.
	if err := ps.ReScan(context.Background()); err != nil {
		t.Fatal(err)
	}
	if again := drainState(t, ps); len(again) != len(want) {
		t.Fatalf("after rescan got %d rows, want %d", len(again), len(want))
	}
}

// TestRecursiveUnionEndless runs a recursion that never ends: a Limit
// above it stops it, and so does cancelling the query's context.
func TestRecursiveUnionEndless(t *testing.T) {
	p := recursivePlan([][]types.Datum{{int64(7)}}, vr(2, 1, types.TInt8), nil, false)
	lim := &plannodes.Limit{LimitCount: cnst(types.TInt8, int64(5000))}
	lim.Lefttree = p
	lim.TargetList = varsOf(nodes.OuterVar, []types.T{types.TInt8})
	if got := drain(t, lim, newES(64)); len(got) != 5000 {
		t.Fatalf("LIMIT 5000 returned %d rows", len(got))
	}

	ps, err := executor.ExecInitNode(p, newES(64))
	if err != nil {
		t.Fatal(err)
	}
	defer ps.End()
	ctx, cancel := context.WithCancel(context.Background())
	rows := 0
	for {
		b, err := ps.Exec(ctx)
		if err != nil {
			var pe *pgerror.Error
			if !errors.As(err, &pe) || pe.Code != pgerror.QueryCanceled {
				t.Fatalf("got %v, want a query_canceled error", err)
			}
			break
		}
		if b == nil {
			t.Fatal("an endless recursion ended")
		}
		if rows += b.Len(); rows > 100000 {
			cancel()
		}
	}
	cancel()
}
