// Package prep preprocesses a query before path generation: constant
// folding and qual flattening (PG: optimizer/prep/, and eval_const_expressions
// from util/clauses.c).
package prep

import (
	"github.com/loomdb/loomdb/internal/funcs"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/types"
)

// EvalConstExpressions folds operators, functions and casts whose arguments
// are all constants, and simplifies AND/OR with constant arms. Errors raised
// while folding (division by zero, overflow) are returned, as PG raises them
// at plan time.
func EvalConstExpressions(e nodes.Expr) (nodes.Expr, error) {
	var ferr error
	out := nodes.Mutate(e, func(n nodes.Expr) (nodes.Expr, bool) {
		if ferr != nil {
			return n, true
		}
		switch x := n.(type) {
		case *nodes.OpExpr:
			args, allConst, err := foldArgs(x.Args)
			if err != nil {
				ferr = err
				return n, true
			}
			c := *x
			c.Args = args
			f := funcs.FuncByOid(x.FuncOid)
			if f != nil && f.Strict && hasNullConst(args) {
				return &nodes.Const{Type: x.ResultType, Location: -1}, true
			}
			if allConst && f != nil && f.Volatile == funcs.Immutable && f.Impl != nil {
				v, err := callFunc(x.FuncOid, args)
				if err != nil {
					ferr = err
					return n, true
				}
				return &nodes.Const{Type: x.ResultType, Value: v, Location: -1}, true
			}
			return &c, true
		case *nodes.FuncExpr:
			args, allConst, err := foldArgs(x.Args)
			if err != nil {
				ferr = err
				return n, true
			}
			c := *x
			c.Args = args
			f := funcs.FuncByOid(x.FuncOid)
			if allConst && f != nil && f.Volatile == funcs.Immutable && f.Impl != nil {
				v, err := callFunc(x.FuncOid, args)
				if err != nil {
					ferr = err
					return n, true
				}
				return &nodes.Const{Type: x.ResultType, Value: v, Location: -1}, true
			}
			return &c, true
		case *nodes.CoerceExpr:
			arg, err := EvalConstExpressions(x.Arg)
			if err != nil {
				ferr = err
				return n, true
			}
			if k, ok := arg.(*nodes.Const); ok && !types.CastReadsZone(k.Type.Oid, x.Type.Oid) {
				if k.Value == nil {
					return &nodes.Const{Type: x.Type, Location: k.Location}, true
				}
				v, err := types.Cast(k.Value, k.Type, x.Type, !x.Assignment)
				if err != nil {
					ferr = err
					return n, true
				}
				return &nodes.Const{Type: x.Type, Value: v, Location: k.Location}, true
			}
			c := *x
			c.Arg = arg
			return &c, true
		case *nodes.BoolExpr:
			args, _, err := foldArgs(x.Args)
			if err != nil {
				ferr = err
				return n, true
			}
			return simplifyBool(x.Op, args), true
		case *nodes.CaseExpr:
			r, err := simplifyCase(x)
			if err != nil {
				ferr = err
				return n, true
			}
			return r, true
		case *nodes.CoalesceExpr:
			// NULL constants drop out; a non-NULL constant ends the list,
			// or is the result when nothing precedes it.
			args, _, err := foldArgs(x.Args)
			if err != nil {
				ferr = err
				return n, true
			}
			var kept []nodes.Expr
			for _, a := range args {
				if k, ok := a.(*nodes.Const); ok {
					if k.Value == nil {
						continue
					}
					if len(kept) == 0 {
						return k, true
					}
					kept = append(kept, k)
					break
				}
				kept = append(kept, a)
			}
			if len(kept) == 0 {
				return &nodes.Const{Type: x.Type, Location: -1}, true
			}
			return &nodes.CoalesceExpr{Type: x.Type, Args: kept}, true
		}
		return nil, false
	})
	return out, ferr
}

// simplifyCase folds a CASE as eval_const_expressions does: an arm whose
// condition folds to false or NULL is dropped without folding its result,
// and one whose condition folds to true ends the CASE, its result taking
// the place of ELSE; the arms after it, never reached, are not folded, so
// that an error they would raise (1/0) is not raised. A CASE left with no
// arms is its ELSE.
func simplifyCase(x *nodes.CaseExpr) (nodes.Expr, error) {
	out := &nodes.CaseExpr{Type: x.Type}
	var def nodes.Expr
	decided := false
	for _, w := range x.Whens {
		cond, err := EvalConstExpressions(w.Cond)
		if err != nil {
			return nil, err
		}
		if k, ok := cond.(*nodes.Const); ok {
			if k.Value == nil || k.Value == false {
				continue
			}
			if def, err = EvalConstExpressions(w.Result); err != nil {
				return nil, err
			}
			decided = true
			break
		}
		res, err := EvalConstExpressions(w.Result)
		if err != nil {
			return nil, err
		}
		out.Whens = append(out.Whens, nodes.CaseWhen{Cond: cond, Result: res})
	}
	if !decided && x.Default != nil {
		var err error
		if def, err = EvalConstExpressions(x.Default); err != nil {
			return nil, err
		}
	}
	if len(out.Whens) == 0 {
		if def == nil {
			return &nodes.Const{Type: x.Type, Location: -1}, nil
		}
		return def, nil
	}
	out.Default = def
	return out, nil
}

func foldArgs(args []nodes.Expr) ([]nodes.Expr, bool, error) {
	out := make([]nodes.Expr, len(args))
	all := true
	for i, a := range args {
		f, err := EvalConstExpressions(a)
		if err != nil {
			return nil, false, err
		}
		out[i] = f
		if _, ok := f.(*nodes.Const); !ok {
			all = false
		}
	}
	return out, all, nil
}

func callFunc(oid types.Oid, args []nodes.Expr) (types.Datum, error) {
	f := funcs.FuncByOid(oid)
	vals := make([]types.Datum, len(args))
	for i, a := range args {
		vals[i] = a.(*nodes.Const).Value
		if vals[i] == nil && f.Strict {
			return nil, nil
		}
	}
	return f.Impl(vals)
}

func simplifyBool(op nodes.BoolOp, args []nodes.Expr) nodes.Expr {
	if op == nodes.NotExpr {
		return NegateClause(args[0])
	}
	isAnd := op == nodes.AndExpr
	var keep []nodes.Expr
	sawNull := false
	for _, a := range args {
		if k, ok := a.(*nodes.Const); ok {
			if k.Value == nil {
				sawNull = true
				continue
			}
			b := k.Value.(bool)
			if b != isAnd {
				// FALSE in AND or TRUE in OR decides the result.
				return &nodes.Const{Type: types.TBool, Value: b, Location: -1}
			}
			continue
		}
		if inner, ok := a.(*nodes.BoolExpr); ok && inner.Op == op {
			keep = append(keep, inner.Args...)
			continue
		}
		keep = append(keep, a)
	}
	if sawNull {
		keep = append(keep, &nodes.Const{Type: types.TBool, Location: -1})
	}
	switch len(keep) {
	case 0:
		return &nodes.Const{Type: types.TBool, Value: isAnd, Location: -1}
	case 1:
		return keep[0]
	}
	return &nodes.BoolExpr{Op: op, Args: keep}
}

// MakeAndList splits a qual into its top-level AND arms (PG: make_ands_implicit).
func MakeAndList(e nodes.Expr) []nodes.Expr {
	if e == nil {
		return nil
	}
	if b, ok := e.(*nodes.BoolExpr); ok && b.Op == nodes.AndExpr {
		var out []nodes.Expr
		for _, a := range b.Args {
			out = append(out, MakeAndList(a)...)
		}
		return out
	}
	if k, ok := e.(*nodes.Const); ok && k.Value == true {
		return nil
	}
	return []nodes.Expr{e}
}

// negatorName is the operator that yields the opposite result of each
// comparison operator, for every type here (PG: pg_operator.oprnegate).
var negatorName = map[string]string{"=": "<>", "<>": "=", "<": ">=", ">=": "<", ">": "<=", "<=": ">", "~~": "!~~", "!~~": "~~", "~~*": "!~~*", "!~~*": "~~*"}

// NegateClause returns the simplest expression equal to NOT e, pushing the
// NOT down through operators with negators, AND/OR (De Morgan), null tests
// and boolean tests (PG: negate_clause).
func NegateClause(e nodes.Expr) nodes.Expr {
	switch x := e.(type) {
	case *nodes.Const:
		if x.Value == nil {
			return x
		}
		if b, ok := x.Value.(bool); ok {
			return &nodes.Const{Type: types.TBool, Value: !b, Location: -1}
		}
	case *nodes.OpExpr:
		if neg, ok := negatorName[x.OpName]; ok && len(x.Args) == 2 {
			if op := funcs.FindOperator(neg, x.Args[0].ExprType().Oid, x.Args[1].ExprType().Oid); op != nil {
				return &nodes.OpExpr{OpOid: op.Oid, OpName: neg, FuncOid: op.Func.Oid, Args: x.Args, ResultType: x.ResultType, Location: x.Location}
			}
		}
	case *nodes.ScalarArrayOpExpr:
		if neg, ok := negatorName[x.OpName]; ok {
			if op := funcs.FindOperator(neg, x.Left.ExprType().Oid, x.List[0].ExprType().Oid); op != nil {
				return &nodes.ScalarArrayOpExpr{OpOid: op.Oid, OpName: neg, FuncOid: op.Func.Oid, UseOr: !x.UseOr, Left: x.Left, List: x.List, Array: x.Array}
			}
		}
	case *nodes.BoolExpr:
		switch x.Op {
		case nodes.NotExpr:
			return x.Args[0]
		case nodes.AndExpr, nodes.OrExpr:
			args := make([]nodes.Expr, len(x.Args))
			for i, a := range x.Args {
				args[i] = NegateClause(a)
			}
			op := nodes.OrExpr
			if x.Op == nodes.OrExpr {
				op = nodes.AndExpr
			}
			return &nodes.BoolExpr{Op: op, Args: args}
		}
	case *nodes.NullTest:
		return &nodes.NullTest{Arg: x.Arg, IsNot: !x.IsNot}
	case *nodes.BooleanTest:
		flip := map[nodes.BoolTestType]nodes.BoolTestType{nodes.IsTrue: nodes.IsNotTrue, nodes.IsNotTrue: nodes.IsTrue, nodes.IsFalse: nodes.IsNotFalse, nodes.IsNotFalse: nodes.IsFalse, nodes.IsUnknown: nodes.IsNotUnknown, nodes.IsNotUnknown: nodes.IsUnknown}
		return &nodes.BooleanTest{Arg: x.Arg, Test: flip[x.Test]}
	}
	return &nodes.BoolExpr{Op: nodes.NotExpr, Args: []nodes.Expr{e}}
}

func hasNullConst(args []nodes.Expr) bool {
	for _, a := range args {
		if k, ok := a.(*nodes.Const); ok && k.Value == nil {
			return true
		}
	}
	return false
}

// PreprocessQual folds constants in a WHERE, HAVING or ON condition,
// factors its ORs and splits it into its AND arms (PG: preprocess_expression
// for EXPRKIND_QUAL).
func PreprocessQual(e nodes.Expr) ([]nodes.Expr, error) {
	w, err := EvalConstExpressions(e)
	if err != nil {
		return nil, err
	}
	return MakeAndList(CanonicalizeQual(w)), nil
}

// CanonicalizeQual pulls the clauses every arm of an OR shares out of it:
// (A AND B) OR (A AND C) becomes A AND (B OR C), and (A) OR (A AND B)
// becomes A. Both hold in SQL's three-valued logic. The shared clause can
// then be a join clause or an index condition where the OR could be
// neither, which is what makes TPC-H Q19 a hash join (PG: canonicalize_qual,
// find_duplicate_ors).
func CanonicalizeQual(e nodes.Expr) nodes.Expr {
	b, ok := e.(*nodes.BoolExpr)
	if !ok || b.Op == nodes.NotExpr {
		return e
	}
	args := make([]nodes.Expr, len(b.Args))
	for i, a := range b.Args {
		args[i] = CanonicalizeQual(a)
	}
	if b.Op == nodes.AndExpr {
		return makeBool(nodes.AndExpr, flattenBool(nodes.AndExpr, args))
	}
	return processDuplicateOrs(flattenBool(nodes.OrExpr, args))
}

// flattenBool lifts the arms of nested ANDs (or ORs) into one list (PG:
// pull_ands, pull_ors).
func flattenBool(op nodes.BoolOp, args []nodes.Expr) []nodes.Expr {
	var out []nodes.Expr
	for _, a := range args {
		if b, ok := a.(*nodes.BoolExpr); ok && b.Op == op {
			out = append(out, flattenBool(op, b.Args)...)
			continue
		}
		out = append(out, a)
	}
	return out
}

// andList is the AND of list: nil when it is empty, its only clause alone.
func andList(list []nodes.Expr) nodes.Expr {
	if len(list) == 0 {
		return nil
	}
	return makeBool(nodes.AndExpr, list)
}

func makeBool(op nodes.BoolOp, args []nodes.Expr) nodes.Expr {
	if len(args) == 1 {
		return args[0]
	}
	return &nodes.BoolExpr{Op: op, Args: args}
}

// conjuncts returns the AND arms of an OR arm (the arm itself if it is not
// an AND).
func conjuncts(e nodes.Expr) []nodes.Expr {
	if b, ok := e.(*nodes.BoolExpr); ok && b.Op == nodes.AndExpr {
		return b.Args
	}
	return []nodes.Expr{e}
}

func containsExpr(list []nodes.Expr, e nodes.Expr) bool {
	for _, x := range list {
		if nodes.Equal(x, e) {
			return true
		}
	}
	return false
}

// processDuplicateOrs factors the clauses common to every arm out of the
// OR of orlist.
func processDuplicateOrs(orlist []nodes.Expr) nodes.Expr {
	if len(orlist) == 1 {
		return orlist[0]
	}
	// The shortest arm bounds the candidates.
	reference := conjuncts(orlist[0])
	for _, arm := range orlist[1:] {
		if c := conjuncts(arm); len(c) < len(reference) {
			reference = c
		}
	}
	var winners []nodes.Expr
	for _, c := range reference {
		if containsExpr(winners, c) {
			continue
		}
		common := true
		for _, arm := range orlist {
			if !containsExpr(conjuncts(arm), c) {
				common = false
				break
			}
		}
		if common {
			winners = append(winners, c)
		}
	}
	if len(winners) == 0 {
		return makeBool(nodes.OrExpr, orlist)
	}
	var rest []nodes.Expr
	for _, arm := range orlist {
		var left []nodes.Expr
		for _, c := range conjuncts(arm) {
			if !containsExpr(winners, c) {
				left = append(left, c)
			}
		}
		if len(left) == 0 {
			// This arm is just the common clauses: the OR is true
			// whenever they are.
			rest = nil
			break
		}
		rest = append(rest, makeBool(nodes.AndExpr, left))
	}
	if len(rest) > 0 {
		winners = append(winners, makeBool(nodes.OrExpr, flattenBool(nodes.OrExpr, rest)))
	}
	return makeBool(nodes.AndExpr, flattenBool(nodes.AndExpr, winners))
}
