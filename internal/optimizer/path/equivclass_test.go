package path

import (
	"testing"

	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/types"
)

func col(rel, att int, t types.T) *nodes.Var {
	return &nodes.Var{VarNo: rel, AttNo: att, Type: t}
}

func eq(l, r nodes.Expr) *nodes.OpExpr {
	return &nodes.OpExpr{OpName: "=", Args: []nodes.Expr{l, r}, ResultType: types.TBool}
}

func TestBuildEquivalenceClasses(t *testing.T) {
	i4, i8 := types.TInt4, types.TInt8
	a1, b1, c1, d1 := col(1, 1, i4), col(2, 1, i4), col(3, 1, i4), col(4, 1, i4)
	other := eq(col(1, 2, i4), col(2, 3, i8)) // two types: an ordinary clause
	q1, q2, q3 := eq(a1, b1), eq(c1, d1), eq(b1, c1)

	classes, rest := BuildEquivalenceClasses([]nodes.Expr{q1, other, q2, q3})
	if len(rest) != 1 || rest[0] != other {
		t.Fatalf("rest = %v, want only the cross-type clause", rest)
	}
	if len(classes) != 1 {
		t.Fatalf("%d classes, want the merged one", len(classes))
	}
	ec := classes[0]
	var order []int
	for _, m := range ec.Members {
		order = append(order, m.VarNo)
	}
	if want := []int{1, 2, 3, 4}; !equalInts(order, want) {
		t.Fatalf("members %v, want %v (the right member's class joins the left's)", order, want)
	}
	if want := []int{1, 2, 3, 4}; !equalInts(ec.Relids, want) {
		t.Fatalf("relids %v, want %v", ec.Relids, want)
	}

	// A join of {1} and {3}: nobody wrote 1 = 3, so the class makes it,
	// and makes the same clause again for the next join that needs it.
	c := classJoinClause(ec, []int{1}, []int{3})
	op, ok := c.(*nodes.OpExpr)
	if !ok || op.Args[0] != nodes.Expr(a1) || op.Args[1] != nodes.Expr(c1) {
		t.Fatalf("derived clause %v, want a1 = c1", c)
	}
	if again := classJoinClause(ec, []int{1, 2}, []int{3, 4}); again != c {
		t.Fatalf("join of {1,2} and {3,4} uses %v, want the derived a1 = c1", again)
	}
	// A pair a source equates uses that source.
	if got := classJoinClause(ec, []int{2}, []int{3}); got != nodes.Expr(q3) {
		t.Fatalf("join of {2} and {3} uses %v, want the source b1 = c1", got)
	}
	if got := classJoinClause(ec, []int{1, 2}, []int{5}); got != nil {
		t.Fatalf("a join without members on one side got %v", got)
	}

	// Two members of one relation: the class is given up, its clauses
	// stay ordinary, in their order.
	a2 := col(1, 3, i4)
	q4, q5 := eq(a1, b1), eq(b1, a2)
	classes, rest = BuildEquivalenceClasses([]nodes.Expr{q4, other, q5})
	if len(classes) != 0 || len(rest) != 3 || rest[0] != nodes.Expr(q4) || rest[1] != nodes.Expr(other) || rest[2] != nodes.Expr(q5) {
		t.Fatalf("classes %d, rest %v: want no class and every clause in order", len(classes), rest)
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
