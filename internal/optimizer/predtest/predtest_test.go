package predtest

import (
	"testing"

	"github.com/loomdb/loomdb/internal/funcs"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/types"
)

var x = &nodes.Var{VarNo: 1, AttNo: 1, Type: types.TInt4, Name: "x"}
var y = &nodes.Var{VarNo: 1, AttNo: 2, Type: types.TInt4, Name: "y"}

func cmp(v *nodes.Var, op string, c int64) nodes.Expr {
	e := &nodes.OpExpr{OpName: op, Args: []nodes.Expr{v, &nodes.Const{Type: types.TInt4, Value: c}}}
	for _, o := range funcs.OperatorsByName(op) {
		if o.Left == types.Int4Oid && o.Right == types.Int4Oid {
			e.FuncOid = o.Func.Oid
		}
	}
	return e
}

func or(args ...nodes.Expr) nodes.Expr  { return &nodes.BoolExpr{Op: nodes.OrExpr, Args: args} }
func and(args ...nodes.Expr) nodes.Expr { return &nodes.BoolExpr{Op: nodes.AndExpr, Args: args} }

func TestImpliedBy(t *testing.T) {
	cases := []struct {
		name    string
		clauses []nodes.Expr
		pred    []nodes.Expr
		want    bool
	}{
		{"equal clause", []nodes.Expr{cmp(x, "<", 20)}, []nodes.Expr{cmp(x, "<", 20)}, true},
		{"tighter bound", []nodes.Expr{cmp(x, "<", 10)}, []nodes.Expr{cmp(x, "<=", 20)}, true},
		{"looser bound", []nodes.Expr{cmp(x, "<", 30)}, []nodes.Expr{cmp(x, "<", 20)}, false},
		{"le vs lt same constant", []nodes.Expr{cmp(x, "<=", 20)}, []nodes.Expr{cmp(x, "<", 20)}, false},
		{"equality in range", []nodes.Expr{cmp(x, "=", 5)}, []nodes.Expr{cmp(x, ">=", 5), cmp(x, "<", 6)}, true},
		{"equality not different", []nodes.Expr{cmp(x, "=", 5)}, []nodes.Expr{cmp(x, "<>", 5)}, false},
		{"one arm of an OR predicate", []nodes.Expr{cmp(x, "<", 20)}, []nodes.Expr{or(cmp(x, "<", 20), cmp(x, ">", 980))}, true},
		{"OR clause, every arm", []nodes.Expr{or(cmp(x, "<", 5), cmp(x, ">", 990))}, []nodes.Expr{or(cmp(x, "<", 20), cmp(x, ">", 980))}, true},
		{"OR clause, one arm outside", []nodes.Expr{or(cmp(x, "<", 5), cmp(x, ">", 500))}, []nodes.Expr{or(cmp(x, "<", 20), cmp(x, ">", 980))}, false},
		{"other column", []nodes.Expr{cmp(y, "<", 10)}, []nodes.Expr{cmp(x, "<", 20)}, false},
		{"AND clause with one useful conjunct", []nodes.Expr{and(cmp(y, "=", 1), cmp(x, ">", 100))}, []nodes.Expr{cmp(x, ">=", 50)}, true},
		{"strict clause implies IS NOT NULL", []nodes.Expr{cmp(x, "<", 10)}, []nodes.Expr{&nodes.NullTest{Arg: x, IsNot: true}}, true},
		{"no clauses", nil, []nodes.Expr{cmp(x, "<", 20)}, false},
		{"no predicate", []nodes.Expr{cmp(x, "<", 20)}, nil, true},
	}
	for _, c := range cases {
		if got := ImpliedBy(c.pred, c.clauses); got != c.want {
			t.Errorf("%s: ImpliedBy = %v, want %v", c.name, got, c.want)
		}
	}
}
