// Package predtest proves that one set of conditions implies another (PG:
// optimizer/util/predtest.c predicate_implied_by), which is what lets a
// partial index serve a query: the query's WHERE clauses must imply the
// index's predicate, and query clauses the predicate implies need not be
// checked again on the index's rows.
//
// The proof handles AND/OR structure and, between simple clauses, equal
// clauses, "var op constant" comparisons of one column with the btree
// operators (x < 10 implies x <= 20), and IS NOT NULL implied by a strict
// comparison. A clause it cannot reason about proves nothing, which is
// always safe: the index is then simply not used.

package predtest

import (
	"github.com/loomdb/loomdb/internal/funcs"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/types"
)

// ImpliedBy reports whether the conjunction of clauses implies
// every condition of pred (both implicit-AND lists), for rows where the
// clauses are true (PG: predicate_implied_by with weak = false).
func ImpliedBy(pred, clauses []nodes.Expr) bool {
	if len(pred) == 0 {
		return true
	}
	if len(clauses) == 0 {
		return false
	}
	c := andOf(clauses)
	for _, p := range pred {
		if !implies(c, p) {
			return false
		}
	}
	return true
}

func andOf(list []nodes.Expr) nodes.Expr {
	if len(list) == 1 {
		return list[0]
	}
	return &nodes.BoolExpr{Op: nodes.AndExpr, Args: list}
}

func boolArgs(e nodes.Expr, op nodes.BoolOp) ([]nodes.Expr, bool) {
	if b, ok := e.(*nodes.BoolExpr); ok && b.Op == op {
		return b.Args, true
	}
	return nil, false
}

// implies reports whether clause c being true makes p true.
func implies(c, p nodes.Expr) bool {
	if nodes.Equal(c, p) {
		return true
	}
	if pargs, ok := boolArgs(p, nodes.AndExpr); ok {
		for _, pa := range pargs {
			if !implies(c, pa) {
				return false
			}
		}
		return true
	}
	if cargs, ok := boolArgs(c, nodes.AndExpr); ok {
		for _, ca := range cargs {
			if implies(ca, p) {
				return true
			}
		}
		// An AND clause may imply an OR predicate only as a whole.
		if pargs, ok := boolArgs(p, nodes.OrExpr); ok {
			for _, pa := range pargs {
				if implies(c, pa) {
					return true
				}
			}
		}
		return false
	}
	if cargs, ok := boolArgs(c, nodes.OrExpr); ok {
		for _, ca := range cargs {
			if !implies(ca, p) {
				return false
			}
		}
		return true
	}
	if pargs, ok := boolArgs(p, nodes.OrExpr); ok {
		for _, pa := range pargs {
			if implies(c, pa) {
				return true
			}
		}
		return false
	}
	return simpleImplies(c, p)
}

// comparison is "expr op constant" with the constant on the right.
type comparison struct {
	expr  nodes.Expr
	op    string
	value types.Datum
	typ   types.T
}

var commuted = map[string]string{"<": ">", "<=": ">=", "=": "=", ">=": "<=", ">": "<", "<>": "<>"}

func asComparison(e nodes.Expr) (comparison, bool) {
	op, ok := e.(*nodes.OpExpr)
	if !ok || len(op.Args) != 2 {
		return comparison{}, false
	}
	name, known := commuted[op.OpName]
	if !known {
		return comparison{}, false
	}
	if k, ok := op.Args[1].(*nodes.Const); ok && k.Value != nil {
		return comparison{op.Args[0], op.OpName, k.Value, k.Type}, true
	}
	if k, ok := op.Args[0].(*nodes.Const); ok && k.Value != nil {
		return comparison{op.Args[1], name, k.Value, k.Type}, true
	}
	return comparison{}, false
}

// simpleImplies proves p from c when both are simple clauses (PG:
// predicate_implied_by_simple_clause and operator_predicate_proof).
func simpleImplies(c, p nodes.Expr) bool {
	if nt, ok := p.(*nodes.NullTest); ok && nt.IsNot {
		// A strict operator is not true when its argument is NULL.
		if op, ok := c.(*nodes.OpExpr); ok {
			if f := funcs.FuncByOid(op.FuncOid); f != nil && f.Strict {
				for _, a := range op.Args {
					if nodes.Equal(a, nt.Arg) {
						return true
					}
				}
			}
		}
		return false
	}
	cc, ok1 := asComparison(c)
	pc, ok2 := asComparison(p)
	if !ok1 || !ok2 || !nodes.Equal(cc.expr, pc.expr) || cc.typ.Oid != pc.typ.Oid || cc.expr.ExprType().Oid != cc.typ.Oid {
		return false
	}
	if !orderable(cc.value, pc.value) {
		return false
	}
	// d compares the clause's constant with the predicate's.
	d := types.Compare(cc.typ, cc.value, pc.value)
	switch cc.op {
	case "<":
		switch pc.op {
		case "<", "<=", "<>":
			return d <= 0
		}
	case "<=":
		switch pc.op {
		case "<", "<>":
			return d < 0
		case "<=":
			return d <= 0
		}
	case "=":
		switch pc.op {
		case "<":
			return d < 0
		case "<=":
			return d <= 0
		case "=":
			return d == 0
		case ">=":
			return d >= 0
		case ">":
			return d > 0
		case "<>":
			return d != 0
		}
	case ">=":
		switch pc.op {
		case ">", "<>":
			return d > 0
		case ">=":
			return d >= 0
		}
	case ">":
		switch pc.op {
		case ">", ">=", "<>":
			return d >= 0
		}
	case "<>":
		return pc.op == "<>" && d == 0
	}
	return false
}

// orderable reports whether types.Compare orders a and b: values of one of
// the representations it knows, both the same.
func orderable(a, b types.Datum) bool {
	switch a.(type) {
	case int64:
		_, ok := b.(int64)
		return ok
	case float64:
		_, ok := b.(float64)
		return ok
	case string:
		_, ok := b.(string)
		return ok
	case types.Numeric:
		_, ok := b.(types.Numeric)
		return ok
	}
	return false
}
