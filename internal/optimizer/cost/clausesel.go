// clausesel.go estimates the fraction of rows a WHERE clause keeps (PG:
// clausesel.c and the restriction estimators of selfuncs.c). Without
// statistics it uses PostgreSQL's default selectivities.

package cost

import (
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/optimizer/pathnodes"
	"github.com/loomdb/loomdb/internal/types"
)

// Default selectivities (PG: utils/selfuncs.h).
const (
	DefaultEqSel        = 0.005
	DefaultIneqSel      = 0.3333333333333333
	DefaultRangeIneqSel = 0.005
	DefaultMatchSel     = 0.005
	DefaultUnkSel       = 0.005
	DefaultNotUnkSel    = 1.0 - DefaultUnkSel
	DefaultNumDistinct  = 200
)

// ClauselistSelectivity estimates the selectivity of an implicitly ANDed
// list of clauses, pairing "x < a AND x > b" into a range as PG does.
func ClauselistSelectivity(rel *pathnodes.RelOptInfo, clauses []nodes.Expr) float64 {
	s := 1.0
	type rangePair struct {
		lo, hi       float64
		hasLo, hasHi bool
	}
	ranges := map[string]*rangePair{}
	var order []string
	for _, c := range clauses {
		if op, ok := c.(*nodes.OpExpr); ok && len(op.Args) == 2 {
			if key, isLess, ok := rangeClause(op); ok {
				sel := ClauseSelectivity(rel, c)
				rp := ranges[key]
				if rp == nil {
					rp = &rangePair{}
					ranges[key] = rp
					order = append(order, key)
				}
				if isLess {
					if !rp.hasHi || sel < rp.hi {
						rp.hi = sel
					}
					rp.hasHi = true
				} else {
					if !rp.hasLo || sel < rp.lo {
						rp.lo = sel
					}
					rp.hasLo = true
				}
				continue
			}
		}
		s *= ClauseSelectivity(rel, c)
	}
	for _, k := range order {
		rp := ranges[k]
		switch {
		case rp.hasLo && rp.hasHi:
			if rp.lo == DefaultIneqSel && rp.hi == DefaultIneqSel {
				s *= DefaultRangeIneqSel
			} else {
				s2 := rp.hi + rp.lo - 1.0
				if s2 <= 0 {
					s2 = 1.0e-10
				}
				s *= s2
			}
		case rp.hasLo:
			s *= rp.lo
		default:
			s *= rp.hi
		}
	}
	return s
}

// rangeClause recognizes "var op const" with an inequality operator.
func rangeClause(op *nodes.OpExpr) (key string, isLess, ok bool) {
	v, c, flipped := varAndConst(op.Args[0], op.Args[1])
	if v == nil || c == nil {
		return "", false, false
	}
	name := op.OpName
	if flipped {
		name = commute(name)
	}
	switch name {
	case "<", "<=":
		isLess = true
	case ">", ">=":
	default:
		return "", false, false
	}
	return v.RelName + "." + v.Name, isLess, true
}

func commute(op string) string {
	switch op {
	case "<":
		return ">"
	case "<=":
		return ">="
	case ">":
		return "<"
	case ">=":
		return "<="
	}
	return op
}

func varAndConst(l, r nodes.Expr) (*nodes.Var, nodes.Expr, bool) {
	lv := stripCoerce(l)
	rv := stripCoerce(r)
	if v, ok := lv.(*nodes.Var); ok && isPseudoConst(rv) {
		return v, rv, false
	}
	if v, ok := rv.(*nodes.Var); ok && isPseudoConst(lv) {
		return v, lv, true
	}
	return nil, nil, false
}

func stripCoerce(e nodes.Expr) nodes.Expr {
	for {
		c, ok := e.(*nodes.CoerceExpr)
		if !ok {
			return e
		}
		e = c.Arg
	}
}

func isPseudoConst(e nodes.Expr) bool {
	switch e.(type) {
	case *nodes.Const, *nodes.Param:
		return true
	}
	return false
}

// ClauseSelectivity estimates one clause's selectivity (PG: clause_selectivity).
func ClauseSelectivity(rel *pathnodes.RelOptInfo, c nodes.Expr) float64 {
	switch x := c.(type) {
	case *nodes.Const:
		if b, ok := x.Value.(bool); ok && b {
			return 1.0
		}
		return 0.0
	case *nodes.BoolExpr:
		switch x.Op {
		case nodes.AndExpr:
			return ClauselistSelectivity(rel, x.Args)
		case nodes.OrExpr:
			s := 0.0
			for _, a := range x.Args {
				s2 := ClauseSelectivity(rel, a)
				s = s + s2 - s*s2
			}
			return s
		default:
			return 1.0 - ClauseSelectivity(rel, x.Args[0])
		}
	case *nodes.OpExpr:
		return opSelectivity(rel, x)
	case *nodes.ScalarArrayOpExpr:
		s, disjoint := 0.0, 0.0
		if !x.UseOr {
			s = 1.0
		}
		for range x.List {
			s2 := eqSelectivity(rel, x.Left)
			if x.OpName == "<>" {
				s2 = 1.0 - s2
			}
			if x.UseOr {
				s = s + s2 - s*s2
				disjoint += s2
			} else {
				s *= s2
			}
		}
		if x.UseOr && x.OpName == "=" && disjoint >= 0 && disjoint <= 1 {
			return disjoint
		}
		return s
	case *nodes.NullTest:
		if x.IsNot {
			return DefaultNotUnkSel
		}
		return DefaultUnkSel
	case *nodes.BooleanTest:
		switch x.Test {
		case nodes.IsUnknown:
			return DefaultUnkSel
		case nodes.IsNotUnknown:
			return DefaultNotUnkSel
		}
		return 0.5
	case *nodes.Var:
		if x.Type.Oid == types.BoolOid {
			return 0.5
		}
	}
	return 0.5
}

func opSelectivity(rel *pathnodes.RelOptInfo, op *nodes.OpExpr) float64 {
	if len(op.Args) != 2 {
		return 0.5
	}
	v, c, _ := varAndConst(op.Args[0], op.Args[1])
	switch op.OpName {
	case "=":
		if c != nil {
			if k, ok := c.(*nodes.Const); ok && k.Value == nil {
				return 0
			}
		}
		if v == nil {
			return DefaultEqSel
		}
		return eqSelectivity(rel, v)
	case "<>":
		if v == nil {
			return 1.0 - DefaultEqSel
		}
		return 1.0 - eqSelectivity(rel, v)
	case "<", "<=", ">", ">=":
		return DefaultIneqSel
	case "~~", "~~*":
		return DefaultMatchSel
	case "!~~", "!~~*":
		return 1.0 - DefaultMatchSel
	}
	return 0.5
}

// eqSelectivity is var = const without statistics: 1 / the default number
// of distinct values (PG: var_eq_const with get_variable_numdistinct).
func eqSelectivity(rel *pathnodes.RelOptInfo, e nodes.Expr) float64 {
	if v, ok := stripCoerce(e).(*nodes.Var); ok && v.Type.Oid == types.BoolOid {
		return 0.5
	}
	nd := float64(DefaultNumDistinct)
	if rel != nil && rel.Tuples > 0 && rel.Tuples < DefaultNumDistinct {
		nd = ClampRowEst(rel.Tuples)
	}
	return 1.0 / nd
}
