// Tests for compiled, vectorized expressions built from hand-made nodes.Expr
// trees: SQL's three-valued AND/OR/NOT, CASE, COALESCE, NULLIF, GREATEST and
// LEAST with NULLs, the short-circuit guarantees that keep a later arm from
// raising an error for rows an earlier arm decided (x = 0 guards for 10 / x),
// IN / NOT IN lists with NULLs, IS [NOT] NULL / TRUE / UNKNOWN, casts,
// parameters, and that results are produced (and errors raised) only at the
// selected rows. Expected results follow PostgreSQL 15.
package expr

import (
	"fmt"
	"strings"
	"testing"

	"github.com/loomdb/loomdb/internal/funcs"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
	"github.com/loomdb/loomdb/internal/vector"
)

// Column layout of the test batches.
var (
	colX = &nodes.Var{VarNo: 1, AttNo: 1, Type: types.TInt4, Name: "x"} // int4
	colY = &nodes.Var{VarNo: 1, AttNo: 2, Type: types.TInt4, Name: "y"} // int4
	colA = &nodes.Var{VarNo: 1, AttNo: 3, Type: types.TBool, Name: "a"} // bool
	colB = &nodes.Var{VarNo: 1, AttNo: 4, Type: types.TBool, Name: "b"} // bool
	colS = &nodes.Var{VarNo: 1, AttNo: 5, Type: types.TText, Name: "s"} // text
	colF = &nodes.Var{VarNo: 1, AttNo: 6, Type: types.TFloat8, Name: "f"}
)

var batchTypes = []types.T{types.TInt4, types.TInt4, types.TBool, types.TBool, types.TText, types.TFloat8}

func byAttNo(v *nodes.Var) (int, error) { return v.AttNo - 1, nil }

// row is one input row: x, y, a, b, s, f (nil for NULL).
type row [6]types.Datum

func makeBatch(rows ...row) *vector.Batch {
	b := vector.NewBatch(batchTypes, len(rows))
	for _, r := range rows {
		b.AppendRow(r[:])
	}
	return b
}

func i4(v int64) *nodes.Const { return &nodes.Const{Type: types.TInt4, Value: v, Location: -1} }
func txt(s string) *nodes.Const {
	return &nodes.Const{Type: types.TText, Value: s, Location: -1}
}
func boolc(v bool) *nodes.Const { return &nodes.Const{Type: types.TBool, Value: v, Location: -1} }
func null(t types.T) *nodes.Const {
	return &nodes.Const{Type: t, Location: -1}
}

func op(t *testing.T, name string, l, r nodes.Expr) *nodes.OpExpr {
	t.Helper()
	o := funcs.FindOperator(name, l.ExprType().Oid, r.ExprType().Oid)
	if o == nil {
		t.Fatalf("no operator %s", name)
	}
	return &nodes.OpExpr{OpOid: o.Oid, OpName: name, FuncOid: o.Func.Oid, Args: []nodes.Expr{l, r},
		ResultType: types.T{Oid: o.Result, Typmod: -1}, Location: -1}
}

func and(args ...nodes.Expr) *nodes.BoolExpr { return &nodes.BoolExpr{Op: nodes.AndExpr, Args: args} }
func or(args ...nodes.Expr) *nodes.BoolExpr  { return &nodes.BoolExpr{Op: nodes.OrExpr, Args: args} }
func not(arg nodes.Expr) *nodes.BoolExpr {
	return &nodes.BoolExpr{Op: nodes.NotExpr, Args: []nodes.Expr{arg}}
}

func in(t *testing.T, left nodes.Expr, useOr bool, opName string, list ...nodes.Expr) *nodes.ScalarArrayOpExpr {
	t.Helper()
	o := funcs.FindOperator(opName, left.ExprType().Oid, list[0].ExprType().Oid)
	if o == nil {
		t.Fatalf("no operator %s", opName)
	}
	return &nodes.ScalarArrayOpExpr{OpOid: o.Oid, OpName: opName, FuncOid: o.Func.Oid, UseOr: useOr, Left: left, List: list}
}

// show formats the result rows as PG prints them, NULL as "NULL".
func show(v *vector.Vector, rows []int) string {
	parts := make([]string, len(rows))
	for i, r := range rows {
		d := v.Get(r)
		if d == nil {
			parts[i] = "NULL"
		} else {
			parts[i] = types.Out(v.Type, d)
		}
	}
	return strings.Join(parts, ",")
}

// evalAt compiles e and evaluates it over b at sel (nil: all rows), returning
// the results at the evaluated rows or the error text.
func evalAt(t *testing.T, e nodes.Expr, b *vector.Batch, sel []int) string {
	t.Helper()
	x, err := Compile(e, byAttNo)
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	v, err := x.Eval(&Context{}, b, sel)
	if err != nil {
		pe, ok := pgerror.As(err)
		if !ok {
			return "error: " + err.Error()
		}
		return "ERROR " + pe.Code + " " + pe.Message
	}
	rows := sel
	if rows == nil {
		rows = b.Sel
	}
	if rows == nil {
		for i := 0; i < b.N; i++ {
			rows = append(rows, i)
		}
	}
	if x.Type() != v.Type && v.Type.Oid != x.Type().Oid {
		t.Errorf("result vector type %v, ExprState type %v", v.Type, x.Type())
	}
	return show(v, rows)
}

// threeValued is a batch with every combination of a and b.
func threeValued() *vector.Batch {
	var rows []row
	for _, a := range []types.Datum{true, false, nil} {
		for _, b := range []types.Datum{true, false, nil} {
			rows = append(rows, row{nil, nil, a, b, nil, nil})
		}
	}
	return makeBatch(rows...)
}

func TestThreeValuedLogic(t *testing.T) {
	// Rows: (a,b) = TT TF TN FT FF FN NT NF NN.
	b := threeValued()
	cases := []struct {
		name string
		e    nodes.Expr
		want string
	}{
		{"a AND b", and(colA, colB), "t,f,NULL,f,f,f,NULL,f,NULL"},
		{"a OR b", or(colA, colB), "t,t,t,t,f,NULL,t,NULL,NULL"},
		{"NOT a", not(colA), "f,f,f,t,t,t,NULL,NULL,NULL"},
		{"NOT (a AND b)", not(and(colA, colB)), "f,t,NULL,t,t,t,NULL,t,NULL"},
		{"a AND b AND NULL", and(colA, colB, null(types.TBool)), "NULL,f,NULL,f,f,f,NULL,f,NULL"},
		{"a OR b OR NULL", or(colA, colB, null(types.TBool)), "t,t,t,t,NULL,NULL,t,NULL,NULL"},
		{"a AND TRUE", and(colA, boolc(true)), "t,t,t,f,f,f,NULL,NULL,NULL"},
		{"a OR FALSE", or(colA, boolc(false)), "t,t,t,f,f,f,NULL,NULL,NULL"},
		{"(a OR b) AND NOT b", and(or(colA, colB), not(colB)), "f,t,NULL,f,f,NULL,f,NULL,NULL"},
		{"a IS NULL", &nodes.NullTest{Arg: colA}, "f,f,f,f,f,f,t,t,t"},
		{"b IS NOT NULL", &nodes.NullTest{Arg: colB, IsNot: true}, "t,t,f,t,t,f,t,t,f"},
		{"a IS TRUE", &nodes.BooleanTest{Arg: colA, Test: nodes.IsTrue}, "t,t,t,f,f,f,f,f,f"},
		{"a IS NOT TRUE", &nodes.BooleanTest{Arg: colA, Test: nodes.IsNotTrue}, "f,f,f,t,t,t,t,t,t"},
		{"a IS FALSE", &nodes.BooleanTest{Arg: colA, Test: nodes.IsFalse}, "f,f,f,t,t,t,f,f,f"},
		{"a IS NOT FALSE", &nodes.BooleanTest{Arg: colA, Test: nodes.IsNotFalse}, "t,t,t,f,f,f,t,t,t"},
		{"(a AND b) IS UNKNOWN", &nodes.BooleanTest{Arg: and(colA, colB), Test: nodes.IsUnknown}, "f,f,t,f,f,f,t,f,t"},
		{"(a OR b) IS NOT UNKNOWN", &nodes.BooleanTest{Arg: or(colA, colB), Test: nodes.IsNotUnknown}, "t,t,t,t,t,f,t,f,f"},
	}
	for _, c := range cases {
		if got := evalAt(t, c.e, b, nil); got != c.want {
			t.Errorf("%s = %s, want %s", c.name, got, c.want)
		}
	}
}

// divRows has x = 0 in some rows, so 10 / x must never be evaluated there.
func divRows() *vector.Batch {
	return makeBatch(
		row{int64(0), int64(1), nil, nil, "a", 0.0},
		row{int64(5), nil, nil, nil, "b", 2.0},
		row{nil, int64(3), nil, nil, nil, nil},
		row{int64(2), int64(0), nil, nil, "c", 4.0},
		row{int64(-10), nil, nil, nil, "d", -1.0},
	)
}

func TestShortCircuit(t *testing.T) {
	b := divRows()
	div := func() nodes.Expr { return op(t, "/", i4(10), colX) }
	xIs0 := func() nodes.Expr { return op(t, "=", colX, i4(0)) }
	cases := []struct {
		name string
		e    nodes.Expr
		want string
	}{
		{"CASE WHEN x = 0 THEN 0 ELSE 10 / x END",
			&nodes.CaseExpr{Type: types.TInt4, Whens: []nodes.CaseWhen{{Cond: xIs0(), Result: i4(0)}}, Default: div()},
			"0,2,NULL,5,-1"},
		{"CASE WHEN x <> 0 THEN 10 / x END",
			&nodes.CaseExpr{Type: types.TInt4, Whens: []nodes.CaseWhen{{Cond: op(t, "<>", colX, i4(0)), Result: div()}}},
			"NULL,2,NULL,5,-1"},
		{"CASE WHEN x = 0 THEN -1 WHEN 10 / x > 2 THEN 1 ELSE 0 END",
			&nodes.CaseExpr{Type: types.TInt4, Whens: []nodes.CaseWhen{
				{Cond: xIs0(), Result: i4(-1)},
				{Cond: op(t, ">", div(), i4(2)), Result: i4(1)},
			}, Default: i4(0)},
			"-1,0,0,1,0"},
		{"x <> 0 AND 10 / x > 1", and(op(t, "<>", colX, i4(0)), op(t, ">", div(), i4(1))), "f,t,NULL,t,f"},
		{"x = 0 OR 10 / x > 1", or(xIs0(), op(t, ">", div(), i4(1))), "t,t,NULL,t,f"},
		{"NOT (x = 0 OR 10 / x > 1)", not(or(xIs0(), op(t, ">", div(), i4(1)))), "f,f,NULL,f,t"},
		// COALESCE stops at the first non-NULL argument.
		{"COALESCE(y, 10 / x)", &nodes.CoalesceExpr{Type: types.TInt4, Args: []nodes.Expr{colY, div()}}, "1,2,3,0,-1"},
		// Nested: the inner CASE sees only the rows the outer AND left.
		{"x IS NOT NULL AND CASE WHEN x = 0 THEN false ELSE 10 / x < 3 END",
			and(&nodes.NullTest{Arg: colX, IsNot: true}, &nodes.CaseExpr{Type: types.TBool,
				Whens: []nodes.CaseWhen{{Cond: xIs0(), Result: boolc(false)}}, Default: op(t, "<", div(), i4(3))}),
			"f,t,f,f,t"},
		// Without a guard the error is raised, as in PostgreSQL.
		{"10 / x", div(), "ERROR 22012 division by zero"},
		{"x = 0 AND 10 / x > 1", and(xIs0(), op(t, ">", div(), i4(1))), "ERROR 22012 division by zero"},
		{"float: f <> 0 AND 1 / f > 0", and(op(t, "<>", colF, &nodes.Const{Type: types.TFloat8, Value: 0.0}),
			op(t, ">", op(t, "/", &nodes.Const{Type: types.TFloat8, Value: 1.0}, colF), &nodes.Const{Type: types.TFloat8, Value: 0.0})),
			"f,t,NULL,t,f"},
	}
	for _, c := range cases {
		if got := evalAt(t, c.e, b, nil); got != c.want {
			t.Errorf("%s = %s, want %s", c.name, got, c.want)
		}
	}
}

func TestConditionalExpressions(t *testing.T) {
	b := divRows() // x: 0,5,NULL,2,-10   y: 1,NULL,3,0,NULL
	cases := []struct {
		name string
		e    nodes.Expr
		want string
	}{
		{"COALESCE(x, y, 99)", &nodes.CoalesceExpr{Type: types.TInt4, Args: []nodes.Expr{colX, colY, i4(99)}}, "0,5,3,2,-10"},
		{"COALESCE(y, NULL)", &nodes.CoalesceExpr{Type: types.TInt4, Args: []nodes.Expr{colY, null(types.TInt4)}}, "1,NULL,3,0,NULL"},
		{"NULLIF(x, 2)", nullIf(t, colX, i4(2)), "0,5,NULL,NULL,-10"},
		{"NULLIF(x, y)", nullIf(t, colX, colY), "0,5,NULL,2,-10"},
		{"NULLIF(2, x)", nullIf(t, i4(2), colX), "2,2,2,NULL,2"},
		{"GREATEST(x, y)", &nodes.MinMaxExpr{Type: types.TInt4, Greatest: true, Args: []nodes.Expr{colX, colY}}, "1,5,3,2,-10"},
		{"LEAST(x, y)", &nodes.MinMaxExpr{Type: types.TInt4, Args: []nodes.Expr{colX, colY}}, "0,5,3,0,-10"},
		{"GREATEST(x, NULL)", &nodes.MinMaxExpr{Type: types.TInt4, Greatest: true, Args: []nodes.Expr{colX, null(types.TInt4)}}, "0,5,NULL,2,-10"},
		{"LEAST(s, 'b')", &nodes.MinMaxExpr{Type: types.TText, Args: []nodes.Expr{colS, txt("b")}}, "a,b,b,b,b"},
		{"GREATEST(s, 'b')", &nodes.MinMaxExpr{Type: types.TText, Greatest: true, Args: []nodes.Expr{colS, txt("b")}}, "b,b,b,c,d"},
		{"CASE x WHEN 5 THEN 'five' WHEN 2 THEN 'two' END",
			&nodes.CaseExpr{Type: types.TText, Whens: []nodes.CaseWhen{
				{Cond: op(t, "=", colX, i4(5)), Result: txt("five")},
				{Cond: op(t, "=", colX, i4(2)), Result: txt("two")},
			}}, "NULL,five,NULL,two,NULL"},
		{"CASE WHEN NULL THEN 1 ELSE 2 END",
			&nodes.CaseExpr{Type: types.TInt4, Whens: []nodes.CaseWhen{{Cond: null(types.TBool), Result: i4(1)}}, Default: i4(2)}, "2,2,2,2,2"},
		{"CASE WHEN y > 0 THEN x ELSE y END",
			&nodes.CaseExpr{Type: types.TInt4, Whens: []nodes.CaseWhen{{Cond: op(t, ">", colY, i4(0)), Result: colX}}, Default: colY}, "0,NULL,NULL,0,NULL"},
		{"s || 'x'", op(t, "||", colS, txt("x")), "ax,bx,NULL,cx,dx"},
		{"s LIKE 'b%' OR s IS NULL", or(op(t, "~~", colS, txt("b%")), &nodes.NullTest{Arg: colS}), "f,t,t,f,f"},
		{"x + y", op(t, "+", colX, colY), "1,NULL,NULL,2,NULL"},
		{"x::int8 * 1000000000", op(t, "*", &nodes.CoerceExpr{Arg: colX, Type: types.TInt8},
			&nodes.Const{Type: types.TInt8, Value: int64(1000000000)}), "0,5000000000,NULL,2000000000,-10000000000"},
		{"x * 1000000000 (int4 overflow)", op(t, "*", colX, i4(1000000000)), "ERROR 22003 integer out of range"},
		{"s::int4", &nodes.CoerceExpr{Arg: colS, Type: types.TInt4, Explicit: true}, `ERROR 22P02 invalid input syntax for type integer: "a"`},
	}
	for _, c := range cases {
		if got := evalAt(t, c.e, b, nil); got != c.want {
			t.Errorf("%s = %s, want %s", c.name, got, c.want)
		}
	}
}

func nullIf(t *testing.T, a, b nodes.Expr) *nodes.NullIfExpr {
	t.Helper()
	o := funcs.FindOperator("=", a.ExprType().Oid, b.ExprType().Oid)
	return &nodes.NullIfExpr{Type: a.ExprType(), FuncOid: o.Func.Oid, Args: []nodes.Expr{a, b}}
}

func TestInLists(t *testing.T) {
	// x: 1, 2, 3, NULL
	b := makeBatch(row{int64(1)}, row{int64(2)}, row{int64(3)}, row{nil})
	cases := []struct {
		name string
		e    nodes.Expr
		want string
	}{
		{"x IN (1, 2)", in(t, colX, true, "=", i4(1), i4(2)), "t,t,f,NULL"},
		{"x IN (1, NULL)", in(t, colX, true, "=", i4(1), null(types.TInt4)), "t,NULL,NULL,NULL"},
		{"x NOT IN (1, 2)", in(t, colX, false, "<>", i4(1), i4(2)), "f,f,t,NULL"},
		{"x NOT IN (1, NULL)", in(t, colX, false, "<>", i4(1), null(types.TInt4)), "f,NULL,NULL,NULL"},
		{"x IN (NULL)", in(t, colX, true, "=", null(types.TInt4)), "NULL,NULL,NULL,NULL"},
		{"x > ANY (1, 2)", in(t, colX, true, ">", i4(1), i4(2)), "f,t,t,NULL"},
		{"x > ALL (1, 2)", in(t, colX, false, ">", i4(1), i4(2)), "f,f,t,NULL"},
		{"x IN (y)", in(t, colX, true, "=", colY), "NULL,NULL,NULL,NULL"},
		{"NOT (x IN (1, NULL))", not(in(t, colX, true, "=", i4(1), null(types.TInt4))), "f,NULL,NULL,NULL"},
		{"x IN (1, 2) IS NOT TRUE", &nodes.BooleanTest{Arg: in(t, colX, true, "=", i4(1), i4(2)), Test: nodes.IsNotTrue}, "f,f,t,t"},
	}
	for _, c := range cases {
		if got := evalAt(t, c.e, b, nil); got != c.want {
			t.Errorf("%s = %s, want %s", c.name, got, c.want)
		}
	}
}

// TestSelectedRowsOnly evaluates over a selection that skips the rows where
// 10 / x would fail: no error, and results at the selected rows.
func TestSelectedRowsOnly(t *testing.T) {
	b := divRows() // x: 0,5,NULL,2,-10
	sel := []int{1, 3, 4}
	exprs := []struct {
		name string
		e    nodes.Expr
		want string
	}{
		{"10 / x", op(t, "/", i4(10), colX), "2,5,-1"},
		{"10 / x > 1 AND y IS NULL", and(op(t, ">", op(t, "/", i4(10), colX), i4(1)), &nodes.NullTest{Arg: colY}), "t,f,f"},
		{"CASE WHEN x > 2 THEN 10 / x END", &nodes.CaseExpr{Type: types.TInt4,
			Whens: []nodes.CaseWhen{{Cond: op(t, ">", colX, i4(2)), Result: op(t, "/", i4(10), colX)}}}, "2,NULL,NULL"},
		{"x::int8 / 2", op(t, "/", &nodes.CoerceExpr{Arg: colX, Type: types.TInt8}, &nodes.Const{Type: types.TInt8, Value: int64(2)}), "2,1,-5"},
		{"s || s", op(t, "||", colS, colS), "bb,cc,dd"},
		{"x IN (5, -10)", in(t, colX, true, "=", i4(5), i4(-10)), "t,f,t"},
	}
	for _, c := range exprs {
		if got := evalAt(t, c.e, b, sel); got != c.want {
			t.Errorf("%s at rows %v = %s, want %s", c.name, sel, got, c.want)
		}
		// The same through the batch's own selection vector.
		b.Sel = sel
		if got := evalAt(t, c.e, b, nil); got != c.want {
			t.Errorf("%s with batch Sel %v = %s, want %s", c.name, sel, got, c.want)
		}
		b.Sel = nil
	}
	// An empty selection evaluates nothing and raises nothing.
	x, err := Compile(op(t, "/", i4(10), colX), byAttNo)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := x.Eval(&Context{}, b, []int{}); err != nil {
		t.Errorf("empty selection: %v", err)
	}
}

// TestReuseAcrossBatches evaluates one compiled expression over batches of
// different sizes and contents, as a scan does batch after batch.
func TestReuseAcrossBatches(t *testing.T) {
	e := &nodes.CaseExpr{Type: types.TInt4, Whens: []nodes.CaseWhen{{Cond: op(t, "=", colX, i4(0)), Result: i4(0)}},
		Default: op(t, "+", op(t, "/", i4(100), colX), i4(1))}
	x, err := Compile(e, byAttNo)
	if err != nil {
		t.Fatal(err)
	}
	for n := 1; n <= 2100; n += 523 {
		var rows []row
		want := make([]string, n)
		for i := 0; i < n; i++ {
			v := int64(i%7 - 3)
			rows = append(rows, row{v})
			if v == 0 {
				want[i] = "0"
			} else {
				want[i] = fmt.Sprint(100/v + 1)
			}
		}
		b := makeBatch(rows...)
		v, err := x.Eval(&Context{}, b, nil)
		if err != nil {
			t.Fatal(err)
		}
		all := make([]int, n)
		for i := range all {
			all[i] = i
		}
		if got := show(v, all); got != strings.Join(want, ",") {
			t.Errorf("batch of %d rows: wrong results", n)
		}
	}
}

func TestParams(t *testing.T) {
	e := op(t, "+", colX, &nodes.Param{ID: 1, Type: types.TInt4})
	x, err := Compile(e, byAttNo)
	if err != nil {
		t.Fatal(err)
	}
	b := makeBatch(row{int64(1)}, row{int64(2)}, row{nil})
	for _, p := range []int64{10, 20} {
		v, err := x.Eval(&Context{Params: []types.Datum{p}}, b, nil)
		if err != nil {
			t.Fatal(err)
		}
		want := fmt.Sprintf("%d,%d,NULL", 1+p, 2+p)
		if got := show(v, []int{0, 1, 2}); got != want {
			t.Errorf("x + $1 with $1 = %d: %s, want %s", p, got, want)
		}
	}
	v, err := x.Eval(&Context{Params: []types.Datum{nil}}, b, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := show(v, []int{0, 1, 2}); got != "NULL,NULL,NULL" {
		t.Errorf("x + NULL = %s", got)
	}
	// A parameter in a node without input (Result: a batch of one row and
	// no columns) yields one value.
	p, err := Compile(&nodes.Param{ID: 1, Type: types.TText}, byAttNo)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{1, 0} {
		v, err := p.Eval(&Context{Params: []types.Datum{"hello"}}, &vector.Batch{N: n}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := show(v, []int{0}); got != "hello" {
			t.Errorf("$1 over a batch of N=%d = %s", n, got)
		}
	}
}

func TestConstantWithoutInput(t *testing.T) {
	// SELECT 1 + 2, 'a' || 'b': a batch with no columns and N = 1.
	for _, c := range []struct {
		e    nodes.Expr
		want string
	}{
		{op(t, "+", i4(1), i4(2)), "3"},
		{op(t, "||", txt("a"), txt("b")), "ab"},
		{and(boolc(true), null(types.TBool)), "NULL"},
		{&nodes.CoalesceExpr{Type: types.TInt4, Args: []nodes.Expr{null(types.TInt4), i4(7)}}, "7"},
	} {
		x, err := Compile(c.e, byAttNo)
		if err != nil {
			t.Fatal(err)
		}
		v, err := x.Eval(&Context{}, &vector.Batch{N: 1}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := show(v, []int{0}); got != c.want {
			t.Errorf("got %s, want %s", got, c.want)
		}
	}
}

func TestCompileErrors(t *testing.T) {
	if _, err := Compile(&nodes.Aggref{Name: "count", ResultType: types.TInt8}, byAttNo); err == nil {
		t.Error("Aggref outside an Agg node compiled")
	}
	noCols := func(v *nodes.Var) (int, error) { return 0, pgerror.Internal("no columns") }
	if _, err := Compile(op(t, "+", colX, i4(1)), noCols); err == nil {
		t.Error("Var without a column compiled")
	}
	if _, err := Compile(&nodes.FuncExpr{FuncOid: 999999, ResultType: types.TInt4}, byAttNo); err == nil {
		t.Error("unknown function compiled")
	}
}
