// Tests for expression preprocessing: constant folding (including errors
// raised at plan time, as PostgreSQL raises them), simplification of AND/OR
// with constant arms and NULLs, flattening of nested AND/OR, NOT push-down
// through operators with negators, AND/OR (De Morgan), IN lists, null and
// boolean tests (negate_clause), and MakeAndList. The expected shapes are
// what PostgreSQL 15's eval_const_expressions produces (EXPLAIN filters on
// tenk1).
package prep

import (
	"fmt"
	"strings"
	"testing"

	"github.com/loomdb/loomdb/internal/funcs"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

var (
	u1 = &nodes.Var{VarNo: 1, AttNo: 1, Type: types.TInt4, Name: "unique1", Location: -1}
	u2 = &nodes.Var{VarNo: 1, AttNo: 2, Type: types.TInt4, Name: "unique2", Location: -1}
	s1 = &nodes.Var{VarNo: 1, AttNo: 3, Type: types.TText, Name: "s", Location: -1}
	bv = &nodes.Var{VarNo: 1, AttNo: 4, Type: types.TBool, Name: "b", Location: -1}
)

func i4(v int64) *nodes.Const { return &nodes.Const{Type: types.TInt4, Value: v, Location: -1} }
func bc(v bool) *nodes.Const  { return &nodes.Const{Type: types.TBool, Value: v, Location: -1} }
func nullOf(t types.T) *nodes.Const {
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

func prefix(t *testing.T, name string, arg nodes.Expr) *nodes.OpExpr {
	t.Helper()
	o := funcs.FindOperator(name, types.InvalidOid, arg.ExprType().Oid)
	return &nodes.OpExpr{OpOid: o.Oid, OpName: name, FuncOid: o.Func.Oid, Args: []nodes.Expr{arg},
		ResultType: types.T{Oid: o.Result, Typmod: -1}, Location: -1}
}

func fn(t *testing.T, name string, args ...nodes.Expr) *nodes.FuncExpr {
	t.Helper()
	for _, f := range funcs.FuncsByName(name) {
		if len(f.Args) != len(args) {
			continue
		}
		ok := true
		for i, a := range args {
			ok = ok && f.Args[i] == a.ExprType().Oid
		}
		if ok {
			return &nodes.FuncExpr{FuncOid: f.Oid, Name: name, Args: args, ResultType: types.T{Oid: f.Result, Typmod: -1}, Location: -1}
		}
	}
	t.Fatalf("no function %s", name)
	return nil
}

func and(a ...nodes.Expr) nodes.Expr { return &nodes.BoolExpr{Op: nodes.AndExpr, Args: a} }
func or(a ...nodes.Expr) nodes.Expr  { return &nodes.BoolExpr{Op: nodes.OrExpr, Args: a} }
func not(a nodes.Expr) nodes.Expr    { return &nodes.BoolExpr{Op: nodes.NotExpr, Args: []nodes.Expr{a}} }

func in(t *testing.T, left nodes.Expr, vals ...int64) *nodes.ScalarArrayOpExpr {
	o := funcs.FindOperator("=", types.Int4Oid, types.Int4Oid)
	var list []nodes.Expr
	for _, v := range vals {
		list = append(list, i4(v))
	}
	return &nodes.ScalarArrayOpExpr{OpOid: o.Oid, OpName: "=", FuncOid: o.Func.Oid, UseOr: true, Left: left, List: list}
}

// deparse prints an expression roughly as EXPLAIN does.
func deparse(e nodes.Expr) string {
	switch x := e.(type) {
	case *nodes.Var:
		return x.Name
	case *nodes.Const:
		if x.Value == nil {
			return "NULL::" + types.FormatType(x.Type)
		}
		return types.Out(x.Type, x.Value)
	case *nodes.OpExpr:
		if len(x.Args) == 1 {
			return fmt.Sprintf("(%s %s)", x.OpName, deparse(x.Args[0]))
		}
		return fmt.Sprintf("(%s %s %s)", deparse(x.Args[0]), x.OpName, deparse(x.Args[1]))
	case *nodes.FuncExpr:
		var args []string
		for _, a := range x.Args {
			args = append(args, deparse(a))
		}
		return x.Name + "(" + strings.Join(args, ", ") + ")"
	case *nodes.CoalesceExpr:
		var args []string
		for _, a := range x.Args {
			args = append(args, deparse(a))
		}
		return "COALESCE(" + strings.Join(args, ", ") + ")"
	case *nodes.BoolExpr:
		if x.Op == nodes.NotExpr {
			return "(NOT " + deparse(x.Args[0]) + ")"
		}
		sep := " AND "
		if x.Op == nodes.OrExpr {
			sep = " OR "
		}
		var args []string
		for _, a := range x.Args {
			args = append(args, deparse(a))
		}
		return "(" + strings.Join(args, sep) + ")"
	case *nodes.NullTest:
		if x.IsNot {
			return "(" + deparse(x.Arg) + " IS NOT NULL)"
		}
		return "(" + deparse(x.Arg) + " IS NULL)"
	case *nodes.BooleanTest:
		names := map[nodes.BoolTestType]string{nodes.IsTrue: "IS TRUE", nodes.IsNotTrue: "IS NOT TRUE", nodes.IsFalse: "IS FALSE",
			nodes.IsNotFalse: "IS NOT FALSE", nodes.IsUnknown: "IS UNKNOWN", nodes.IsNotUnknown: "IS NOT UNKNOWN"}
		return "(" + deparse(x.Arg) + " " + names[x.Test] + ")"
	case *nodes.ScalarArrayOpExpr:
		var vals []string
		for _, v := range x.List {
			vals = append(vals, deparse(v))
		}
		q := "ANY"
		if !x.UseOr {
			q = "ALL"
		}
		return fmt.Sprintf("(%s %s %s ('{%s}'))", deparse(x.Left), x.OpName, q, strings.Join(vals, ","))
	case *nodes.CoerceExpr:
		return deparse(x.Arg) + "::" + types.FormatType(x.Type)
	case *nodes.CaseExpr:
		var b strings.Builder
		b.WriteString("CASE")
		for _, w := range x.Whens {
			fmt.Fprintf(&b, " WHEN %s THEN %s", deparse(w.Cond), deparse(w.Result))
		}
		if x.Default != nil {
			fmt.Fprintf(&b, " ELSE %s", deparse(x.Default))
		}
		return b.String() + " END"
	}
	return fmt.Sprintf("%T", e)
}

func TestEvalConstExpressions(t *testing.T) {
	cases := []struct {
		name string
		in   nodes.Expr
		want string
	}{
		{"unique1 = 1 + 2 * 3", op(t, "=", u1, op(t, "+", i4(1), op(t, "*", i4(2), i4(3)))), "(unique1 = 7)"},
		{"abs(-5) = unique1", op(t, "=", fn(t, "abs", prefix(t, "-", i4(5))), u1), "(5 = unique1)"},
		{"'5'::int4 + 1", op(t, "+", &nodes.CoerceExpr{Arg: &nodes.Const{Type: types.TText, Value: "5"}, Type: types.TInt4, Explicit: true}, i4(1)), "6"},
		{"NULL::int4 + 1", op(t, "+", nullOf(types.TInt4), i4(1)), "NULL::integer"},
		{"NULL::text::int4", &nodes.CoerceExpr{Arg: nullOf(types.TText), Type: types.TInt4, Explicit: true}, "NULL::integer"},
		{"'ab' || 'c' = s", op(t, "=", op(t, "||", &nodes.Const{Type: types.TText, Value: "ab"}, &nodes.Const{Type: types.TText, Value: "c"}), s1), "(abc = s)"},
		{"unique1 + unique2 is left alone", op(t, "+", u1, u2), "(unique1 + unique2)"},
		{"folding inside CASE", &nodes.CaseExpr{Type: types.TInt4, Whens: []nodes.CaseWhen{{Cond: op(t, ">", u1, op(t, "-", i4(1), i4(1))), Result: op(t, "+", i4(1), i4(1))}}},
			"CASE WHEN (unique1 > 0) THEN 2 END"},
		// AND/OR with constant arms.
		{"true and unique1 > 1", and(bc(true), op(t, ">", u1, i4(1))), "(unique1 > 1)"},
		{"false or unique1 > 1", or(bc(false), op(t, ">", u1, i4(1))), "(unique1 > 1)"},
		{"unique1 > 1 and false", and(op(t, ">", u1, i4(1)), bc(false)), "f"},
		{"unique1 > 1 or true", or(op(t, ">", u1, i4(1)), bc(true)), "t"},
		{"null and unique1 > 1", and(nullOf(types.TBool), op(t, ">", u1, i4(1))), "((unique1 > 1) AND NULL::boolean)"},
		{"null or unique1 > 1", or(nullOf(types.TBool), op(t, ">", u1, i4(1))), "((unique1 > 1) OR NULL::boolean)"},
		{"null and false", and(nullOf(types.TBool), bc(false)), "f"},
		{"null or true", or(nullOf(types.TBool), bc(true)), "t"},
		{"null and true", and(nullOf(types.TBool), bc(true)), "NULL::boolean"},
		{"true and true", and(bc(true), bc(true)), "t"},
		{"1 = 1 and b", and(op(t, "=", i4(1), i4(1)), bv), "b"},
		{"1 = 2 or 2 > 1", or(op(t, "=", i4(1), i4(2)), op(t, ">", i4(2), i4(1))), "t"},
		// Flattening.
		{"a and (b and c)", and(op(t, ">", u1, i4(1)), and(op(t, ">", u2, i4(2)), op(t, "<", u2, i4(5)))),
			"((unique1 > 1) AND (unique2 > 2) AND (unique2 < 5))"},
		{"(a or b) or c", or(or(op(t, ">", u1, i4(1)), op(t, ">", u2, i4(2))), op(t, "<", u2, i4(5))),
			"((unique1 > 1) OR (unique2 > 2) OR (unique2 < 5))"},
		{"a and (true and (b and c))", and(op(t, ">", u1, i4(1)), and(bc(true), and(op(t, ">", u2, i4(2)), bv))),
			"((unique1 > 1) AND (unique2 > 2) AND b)"},
		// NOT push-down.
		{"not (unique1 < 5)", not(op(t, "<", u1, i4(5))), "(unique1 >= 5)"},
		{"not (unique1 >= 5)", not(op(t, ">=", u1, i4(5))), "(unique1 < 5)"},
		{"not (unique1 = 5)", not(op(t, "=", u1, i4(5))), "(unique1 <> 5)"},
		{"not not (unique1 > 1)", not(not(op(t, ">", u1, i4(1)))), "(unique1 > 1)"},
		{"not (unique1 is null)", not(&nodes.NullTest{Arg: u1}), "(unique1 IS NOT NULL)"},
		{"not (unique1 in (1,2))", not(in(t, u1, 1, 2)), "(unique1 <> ALL ('{1,2}'))"},
		{"not (a and b)", not(and(op(t, "<", u1, i4(5)), op(t, ">", u2, i4(3)))), "((unique1 >= 5) OR (unique2 <= 3))"},
		{"not (a or b)", not(or(op(t, "<", u1, i4(5)), op(t, ">", u2, i4(3)))), "((unique1 >= 5) AND (unique2 <= 3))"},
		{"not (s like 'a%')", not(op(t, "~~", s1, &nodes.Const{Type: types.TText, Value: "a%"})), "(s !~~ a%)"},
		{"not ((unique1 > 1) is true)", not(&nodes.BooleanTest{Arg: op(t, ">", u1, i4(1)), Test: nodes.IsTrue}), "((unique1 > 1) IS NOT TRUE)"},
		{"not (b is unknown)", not(&nodes.BooleanTest{Arg: bv, Test: nodes.IsUnknown}), "(b IS NOT UNKNOWN)"},
		{"not b", not(bv), "(NOT b)"},
		{"not true", not(bc(true)), "f"},
		{"not null", not(nullOf(types.TBool)), "NULL::boolean"},
		{"not (unique1 > 1 and null)", not(and(op(t, ">", u1, i4(1)), nullOf(types.TBool))), "((unique1 <= 1) OR NULL::boolean)"},
		{"not (1 > 2)", not(op(t, ">", i4(1), i4(2))), "t"},
		// COALESCE drops NULLs and stops at the first non-NULL constant.
		{"coalesce(null, unique1)", &nodes.CoalesceExpr{Type: types.TInt4, Args: []nodes.Expr{nullOf(types.TInt4), u1}}, "COALESCE(unique1)"},
		{"coalesce(unique1, 3, unique2)", &nodes.CoalesceExpr{Type: types.TInt4, Args: []nodes.Expr{u1, i4(3), u2}}, "COALESCE(unique1, 3)"},
		{"coalesce(null, 1 + 1, unique1)", &nodes.CoalesceExpr{Type: types.TInt4, Args: []nodes.Expr{nullOf(types.TInt4), op(t, "+", i4(1), i4(1)), u1}}, "2"},
		{"coalesce(null, null)", &nodes.CoalesceExpr{Type: types.TInt4, Args: []nodes.Expr{nullOf(types.TInt4), nullOf(types.TInt4)}}, "NULL::integer"},
	}
	for _, c := range cases {
		got, err := EvalConstExpressions(c.in)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if s := deparse(got); s != c.want {
			t.Errorf("%s: %s, want %s", c.name, s, c.want)
		}
	}
}

func TestEvalConstDoesNotModifyInput(t *testing.T) {
	in := and(op(t, ">", u1, op(t, "+", i4(1), i4(1))), not(op(t, "<", u2, i4(5))))
	before := deparse(in)
	if _, err := EvalConstExpressions(in); err != nil {
		t.Fatal(err)
	}
	if after := deparse(in); after != before {
		t.Errorf("input changed from %s to %s", before, after)
	}
}

func TestEvalConstErrors(t *testing.T) {
	// PostgreSQL raises these while planning, whether or not a row exists.
	cases := []struct {
		name string
		in   nodes.Expr
		code string
		msg  string
	}{
		{"unique1 = 2147483647 + 1", op(t, "=", u1, op(t, "+", i4(2147483647), i4(1))), "22003", "integer out of range"},
		{"unique1 = 10 / 0", op(t, "=", u1, op(t, "/", i4(10), i4(0))), "22012", "division by zero"},
		{"unique1 > 1 and 1 / 0 = 1", and(op(t, ">", u1, i4(1)), op(t, "=", op(t, "/", i4(1), i4(0)), i4(1))), "22012", "division by zero"},
		{"CASE WHEN unique1 = 0 THEN 1 / 0 END", &nodes.CaseExpr{Type: types.TInt4, Whens: []nodes.CaseWhen{{Cond: op(t, "=", u1, i4(0)), Result: op(t, "/", i4(1), i4(0))}}}, "22012", "division by zero"},
		{"'abc'::int4", &nodes.CoerceExpr{Arg: &nodes.Const{Type: types.TText, Value: "abc"}, Type: types.TInt4, Explicit: true}, "22P02", `invalid input syntax for type integer: "abc"`},
		{"3000000000::int8::int4", &nodes.CoerceExpr{Arg: &nodes.Const{Type: types.TInt8, Value: int64(3000000000)}, Type: types.TInt4, Explicit: true}, "22003", "integer out of range"},
	}
	for _, c := range cases {
		_, err := EvalConstExpressions(c.in)
		pe, ok := pgerror.As(err)
		if !ok || pe.Code != c.code || pe.Message != c.msg {
			t.Errorf("%s: %v, want %s %s", c.name, err, c.code, c.msg)
		}
	}
}

func TestStrictNullInput(t *testing.T) {
	got, err := EvalConstExpressions(op(t, ">", u1, nullOf(types.TInt4)))
	if err != nil {
		t.Fatal(err)
	}
	if s := deparse(got); s != "NULL::boolean" {
		t.Errorf("unique1 > NULL::int4 = %s, want NULL::boolean", s)
	}
}

func TestNegateClause(t *testing.T) {
	cases := []struct {
		in   nodes.Expr
		want string
	}{
		{op(t, "<", u1, i4(5)), "(unique1 >= 5)"},
		{op(t, "<=", u1, i4(5)), "(unique1 > 5)"},
		{op(t, ">", u1, i4(5)), "(unique1 <= 5)"},
		{op(t, "<>", u1, i4(5)), "(unique1 = 5)"},
		{op(t, "!~~", s1, &nodes.Const{Type: types.TText, Value: "x"}), "(s ~~ x)"},
		{op(t, "+", u1, i4(5)), "(NOT (unique1 + 5))"}, // no negator: keep NOT (not a boolean, but the rule)
		{fn(t, "abs", u1), "(NOT abs(unique1))"},
		{&nodes.NullTest{Arg: u1, IsNot: true}, "(unique1 IS NULL)"},
		{&nodes.BooleanTest{Arg: bv, Test: nodes.IsNotFalse}, "(b IS FALSE)"},
		{&nodes.BooleanTest{Arg: bv, Test: nodes.IsNotUnknown}, "(b IS UNKNOWN)"},
		{bc(false), "t"},
		{nullOf(types.TBool), "NULL::boolean"},
		{and(bv, op(t, "=", u1, i4(1))), "((NOT b) OR (unique1 <> 1))"},
		{not(bv), "b"},
	}
	for _, c := range cases {
		if got := deparse(NegateClause(c.in)); got != c.want {
			t.Errorf("NegateClause(%s) = %s, want %s", deparse(c.in), got, c.want)
		}
	}
	// The negated operator is a real one: its function gives the opposite
	// answer.
	neg := NegateClause(op(t, "<", u1, i4(5))).(*nodes.OpExpr)
	f := funcs.FuncByOid(neg.FuncOid)
	for _, v := range []int64{4, 5, 6} {
		d, err := f.Impl([]types.Datum{v, int64(5)})
		if err != nil || d.(bool) != (v >= 5) {
			t.Errorf("negator function at %d: %v %v", v, d, err)
		}
	}
}

func TestMakeAndList(t *testing.T) {
	a, b, c := op(t, ">", u1, i4(1)), op(t, "<", u2, i4(5)), bv
	cases := []struct {
		in   nodes.Expr
		want []string
	}{
		{nil, nil},
		{bc(true), nil},
		{a, []string{"(unique1 > 1)"}},
		{and(a, and(b, c)), []string{"(unique1 > 1)", "(unique2 < 5)", "b"}},
		{or(a, b), []string{"((unique1 > 1) OR (unique2 < 5))"}},
		{bc(false), []string{"f"}},
	}
	for _, cs := range cases {
		var got []string
		for _, e := range MakeAndList(cs.in) {
			got = append(got, deparse(e))
		}
		if strings.Join(got, " ; ") != strings.Join(cs.want, " ; ") {
			t.Errorf("MakeAndList = %v, want %v", got, cs.want)
		}
	}
}

// TestCanonicalizeQual checks the OR factoring PostgreSQL 15 does before
// planning, with the shapes its EXPLAIN shows on tenk1.
func TestCanonicalizeQual(t *testing.T) {
	a, b, c, d := op(t, "=", u1, u2), op(t, "<", u2, i4(5)), op(t, ">", u1, i4(9)), bv
	cases := []struct {
		in   nodes.Expr
		want string
	}{
		// Q19's shape: the join clause is in every arm.
		{or(and(a, b), and(a, c), and(d, a)), "((unique1 = unique2) AND ((unique2 < 5) OR (unique1 > 9) OR b))"},
		// An arm that is only common clauses makes the rest of the OR moot.
		{or(a, and(a, b)), "(unique1 = unique2)"},
		{or(and(a, b), and(b, a)), "((unique1 = unique2) AND (unique2 < 5))"},
		// The shortest arm (the first of the shortest) orders the shared
		// clauses.
		{or(and(a, b, c), and(b, a)), "((unique2 < 5) AND (unique1 = unique2))"},
		{or(and(a, b, c), and(b, a, d)), "((unique1 = unique2) AND (unique2 < 5) AND ((unique1 > 9) OR b))"},
		// Nothing shared: unchanged, nested ORs flattened.
		{or(and(a, b), or(c, d)), "(((unique1 = unique2) AND (unique2 < 5)) OR (unique1 > 9) OR b)"},
		// Inside an AND, and an AND of the result flattened.
		{and(d, or(and(a, b), and(a, c))), "(b AND (unique1 = unique2) AND ((unique2 < 5) OR (unique1 > 9)))"},
		// NOT is left alone.
		{not(or(and(a, b), and(a, c))), "(NOT (((unique1 = unique2) AND (unique2 < 5)) OR ((unique1 = unique2) AND (unique1 > 9))))"},
	}
	for _, cs := range cases {
		if got := deparse(CanonicalizeQual(cs.in)); got != cs.want {
			t.Errorf("CanonicalizeQual(%s)\n got %s\nwant %s", deparse(cs.in), got, cs.want)
		}
	}
}
