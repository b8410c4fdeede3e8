// clausesel.go estimates the fraction of rows a WHERE clause keeps (PG:
// clausesel.c and the restriction estimators of selfuncs.c). Without
// statistics it uses PostgreSQL's default selectivities.

package cost

import (
	"math"
	"slices"

	"github.com/loomdb/loomdb/internal/funcs"

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
func ClauselistSelectivity(root *pathnodes.PlannerInfo, clauses []nodes.Expr) float64 {
	return clauselistSel(root, clauses, 0)
}

// ClauselistSelectivityRel is ClauselistSelectivity as seen by a scan of
// relation varRelid (PG: clause_selectivity with varRelid): a clause
// comparing its columns with other relations' is a restriction whose other
// side is a value known only at run time, as it is for a parameterized
// scan.
func ClauselistSelectivityRel(root *pathnodes.PlannerInfo, clauses []nodes.Expr, varRelid int) float64 {
	return clauselistSel(root, clauses, varRelid)
}

func clauselistSel(root *pathnodes.PlannerInfo, clauses []nodes.Expr, varRelid int) float64 {
	s := 1.0
	type rangePair struct {
		lo, hi       float64
		hasLo, hasHi bool
		v            nodes.Expr
	}
	ranges := map[string]*rangePair{}
	var order []string
	for _, c := range clauses {
		if op, ok := c.(*nodes.OpExpr); ok && len(op.Args) == 2 {
			if key, isLess, ok := rangeClause(op); ok {
				sel := clauseSel(root, c, varRelid)
				rp := ranges[key]
				if rp == nil {
					rv, _, _ := varAndConst(op.Args[0], op.Args[1])
					rp = &rangePair{v: rv}
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
		s *= clauseSel(root, c, varRelid)
	}
	for _, k := range order {
		rp := ranges[k]
		switch {
		case rp.hasLo && rp.hasHi:
			if rp.lo == DefaultIneqSel || rp.hi == DefaultIneqSel {
				s *= DefaultRangeIneqSel
			} else {
				s2 := rp.hi + rp.lo - 1.0
				// Adjust for the double exclusion of NULLs.
				s2 += NullTestSel(VarStatsOf(root, rp.v), true)
				if s2 <= 0 {
					if s2 < -0.01 {
						s2 = DefaultRangeIneqSel
					} else {
						s2 = 1.0e-10
					}
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
		name = CommuteOp(name)
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

// CommuteOp returns the comparison operator with its operands swapped.
func CommuteOp(op string) string {
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

// varAndOtherRels recognizes, for a scan of relation varRelid, "var op
// expression" where the expression reads other relations only (PG:
// get_restriction_variable with varRelid): the expression is a value
// known when the scan runs, not a constant.
func varAndOtherRels(l, r nodes.Expr, varRelid int) (*nodes.Var, nodes.Expr, bool) {
	isVar := func(e nodes.Expr) (*nodes.Var, bool) {
		v, ok := stripCoerce(e).(*nodes.Var)
		return v, ok && v.VarNo == varRelid && v.LevelsUp == 0
	}
	other := func(e nodes.Expr) bool {
		clean := true
		nodes.Walk(e, func(n nodes.Expr) bool {
			if v, ok := n.(*nodes.Var); ok && v.VarNo == varRelid && v.LevelsUp == 0 {
				clean = false
			}
			return clean
		})
		return clean
	}
	if v, ok := isVar(l); ok && other(r) {
		return v, stripCoerce(r), false
	}
	if v, ok := isVar(r); ok && other(l) {
		return v, stripCoerce(l), true
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
func ClauseSelectivity(root *pathnodes.PlannerInfo, c nodes.Expr) float64 {
	return clauseSel(root, c, 0)
}

func clauseSel(root *pathnodes.PlannerInfo, c nodes.Expr, varRelid int) float64 {
	if b, ok := c.(*nodes.BoolExpr); ok && root != nil {
		if s, ok := root.SelecOverride[b]; ok {
			return s
		}
	}
	switch x := c.(type) {
	case *nodes.Const:
		if b, ok := x.Value.(bool); ok && b {
			return 1.0
		}
		return 0.0
	case *nodes.BoolExpr:
		switch x.Op {
		case nodes.AndExpr:
			return clauselistSel(root, x.Args, varRelid)
		case nodes.OrExpr:
			s := 0.0
			for _, a := range x.Args {
				s2 := clauseSel(root, a, varRelid)
				s = s + s2 - s*s2
			}
			return s
		default:
			return 1.0 - clauseSel(root, x.Args[0], varRelid)
		}
	case *nodes.OpExpr:
		return opSelectivity(root, x, varRelid)
	case *nodes.ScalarArrayOpExpr:
		s, disjoint := 0.0, 0.0
		if !x.UseOr {
			s = 1.0
		}
		for range x.ElementCount() {
			s2 := eqSelectivity(root, x.Left)
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
		if !x.UseOr && x.OpName == "<>" {
			// PG treats "<> ALL" as disjoint exclusions: 1 - sum of the equality selectivities.
			d := 1.0
			for range x.List {
				d -= eqSelectivity(root, x.Left)
			}
			if d >= 0 && d <= 1 {
				return d
			}
		}
		return s
	case *nodes.NullTest:
		return NullTestSel(VarStatsOf(root, x.Arg), !x.IsNot)
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
			return BoolVarSel(VarStatsOf(root, x))
		}
	}
	return 0.5
}

func opSelectivity(root *pathnodes.PlannerInfo, op *nodes.OpExpr, varRelid int) float64 {
	if len(op.Args) != 2 {
		return 0.5
	}
	v, c, flipped := varAndConst(op.Args[0], op.Args[1])
	if v == nil && varRelid != 0 {
		v, c, flipped = varAndOtherRels(op.Args[0], op.Args[1], varRelid)
	}
	varSide := op.Args[0]
	if flipped {
		varSide = op.Args[1]
	}
	switch op.OpName {
	case "=", "<>":
		negate := op.OpName == "<>"
		if v == nil {
			if l, r, ok := joinVars(op); ok {
				s := eqJoinSelNoStats(root, l, r)
				if negate {
					return 1.0 - s
				}
				return s
			}
			if negate {
				return 1.0 - DefaultEqSel
			}
			return DefaultEqSel
		}
		vs := VarStatsOf(root, stripCoerce(varSide))
		if k, ok := c.(*nodes.Const); ok {
			return VarEqConst(vs, k.Value, negate)
		}
		return VarEqNonConst(vs, negate)
	case "<", "<=", ">", ">=":
		if v == nil {
			return DefaultIneqSel
		}
		vs := VarStatsOf(root, stripCoerce(varSide))
		if k, ok := c.(*nodes.Const); ok {
			return ScalarIneqSelectivity(vs, op.OpName, k.Value, k.Type, true, !flipped)
		}
		return ScalarIneqSelectivity(vs, op.OpName, nil, c.ExprType(), false, !flipped)
	case "~~", "~~*", "!~~", "!~~*":
		k, ok := c.(*nodes.Const)
		if v == nil || !ok || flipped {
			if op.OpName[0] == '!' {
				return 1.0 - DefaultMatchSel
			}
			return DefaultMatchSel
		}
		ci := op.OpName == "~~*" || op.OpName == "!~~*"
		negate := op.OpName[0] == '!'
		vs := VarStatsOf(root, stripCoerce(varSide))
		f := funcs.FindOperator(op.OpName, op.Args[0].ExprType().Oid, op.Args[1].ExprType().Oid)
		match := func(d types.Datum) bool {
			if f == nil || d == nil || k.Value == nil {
				return false
			}
			r, err := f.Func.Impl([]types.Datum{d, k.Value})
			return err == nil && r == !negate
		}
		return PatternSel(vs, k.Value, ci, negate, match)
	}
	return 0.5
}

// eqSelectivity is var = const without statistics: 1 / the number of
// distinct values (PG: var_eq_const with get_variable_numdistinct).
func eqSelectivity(root *pathnodes.PlannerInfo, e nodes.Expr) float64 {
	return VarEqNonConst(VarStatsOf(root, e), false)
}

// joinVars recognizes "expr = expr" where both sides reference variables.
func joinVars(op *nodes.OpExpr) (nodes.Expr, nodes.Expr, bool) {
	if len(op.Args) != 2 || !hasVars(op.Args[0]) || !hasVars(op.Args[1]) {
		return nil, nil, false
	}
	return op.Args[0], op.Args[1], true
}

func hasVars(e nodes.Expr) bool {
	found := false
	nodes.Walk(e, func(n nodes.Expr) bool {
		if _, ok := n.(*nodes.Var); ok {
			found = true
		}
		return !found
	})
	return found
}

// VarStatsOf describes e for the selectivity estimators: a column's
// statistics and its relation's size, or just its type for an expression.
func VarStatsOf(root *pathnodes.PlannerInfo, e nodes.Expr) *VarStats {
	vs := &VarStats{Type: e.ExprType()}
	v, rel := RelOf(root, e)
	if v == nil || rel == nil {
		return vs
	}
	if _, isVar := e.(*nodes.Var); !isVar {
		// A coerced column: PG's examine_variable only looks through binary-compatible relabeling.
		if c, ok := e.(*nodes.CoerceExpr); !ok || !binaryCoercible(c.Arg.ExprType().Oid, c.Type.Oid) {
			return vs
		}
	}
	vs.Type = v.Type
	vs.Tuples, vs.Rows = rel.Tuples, rel.Rows
	vs.AttNum = v.AttNo
	vs.Stats = rel.ColStats[v.AttNo]
	if _, isVar := e.(*nodes.Var); isVar && root.Parse != nil && v.VarNo <= len(root.Parse.RangeTable) {
		vs.IsUnique = subqueryColumnUnique(root.Parse.RangeTable[v.VarNo-1], v.AttNo)
	}
	if _, isVar := e.(*nodes.Var); isVar {
		for _, index := range rel.IndexList {
			// PG: has_unique_index, a unique index on this column alone
			// (a partial one only when the query implies its predicate).
			partial := index.Catalog != nil && index.Catalog.Predicate != ""
			if index.Unique && len(index.IndexKeys) == 1 && index.IndexKeys[0] == v.AttNo && (!partial || index.PredOK) {
				vs.IsUnique = true
			}
		}
	}
	for _, index := range rel.IndexList {
		if index.IndexKeys[0] == v.AttNo && index.ActualRange != nil && v.Type.Oid == index.Rel.Rel.Columns[v.AttNo-1].Type.Oid {
			vs.ActualRange = index.ActualRange
			break
		}
	}
	return vs
}

// subqueryColumnUnique reports whether column attno of a subquery in FROM
// is unique because the subquery groups by or selects DISTINCT that
// column alone (PG: examine_simple_variable's isunique for subqueries).
func subqueryColumnUnique(rte *nodes.RangeTblEntry, attno int) bool {
	return rte.Kind == nodes.RTESubquery && rte.Subquery != nil && SubqueryDistinct(rte.Subquery, []int{attno})
}

// SubqueryDistinct reports whether subquery sq returns no two rows alike
// in its output columns cols (1-based, junk columns not counted): it
// groups by, or selects DISTINCT (ON), only columns among them (PG:
// query_is_distinct_for's DISTINCT and GROUP BY cases).
func SubqueryDistinct(sq *nodes.Query, cols []int) bool {
	if sq.SetOperations != nil || len(sq.GroupingSets) > 0 {
		return false
	}
	refCol := map[int]int{} // SortGroupRef -> output column
	n := 0
	for _, te := range sq.TargetList {
		if te.ResJunk {
			continue
		}
		n++
		if te.SortGroupRef != 0 {
			refCol[te.SortGroupRef] = n
		}
	}
	list := sq.DistinctClause
	if len(list) == 0 {
		list = sq.GroupClause
	}
	for _, g := range list {
		if c, ok := refCol[g.TLESortGroupRef]; !ok || !slices.Contains(cols, c) {
			return false
		}
	}
	return len(list) > 0
}

// RelOf returns the base relation a Var (through coercions) belongs to.
func RelOf(root *pathnodes.PlannerInfo, e nodes.Expr) (*nodes.Var, *pathnodes.RelOptInfo) {
	v, ok := stripCoerce(e).(*nodes.Var)
	if !ok || root == nil || v.VarNo <= 0 || v.VarNo >= len(root.SimpleRelArray) {
		return v, nil
	}
	return v, root.SimpleRelArray[v.VarNo]
}

// NumDistinct estimates the number of distinct values of e without
// statistics (PG: get_variable_numdistinct); isDefault reports a pure guess.
func NumDistinct(root *pathnodes.PlannerInfo, e nodes.Expr) (float64, bool) {
	return GetVariableNumDistinct(VarStatsOf(root, e))
}

// eqJoinSelNoStats is the selectivity of "l = r" joining two relations without
// statistics (PG: eqjoinsel_inner's no-MCV branch).
func eqJoinSelNoStats(root *pathnodes.PlannerInfo, l, r nodes.Expr) float64 {
	return EqJoinSelWithStats(VarStatsOf(root, l), VarStatsOf(root, r), false, 0)
}

// HashBucketSize estimates the fraction of the inner relation in one hash
// bucket for key e (PG: estimate_hash_bucket_stats without MCVs).
func HashBucketSize(root *pathnodes.PlannerInfo, e nodes.Expr, nbuckets float64) float64 {
	vs := VarStatsOf(root, e)
	mcvFreq := 0.0
	if vs.Stats != nil && len(vs.Stats.MCVFreqs) > 0 {
		mcvFreq = vs.Stats.MCVFreqs[0]
	}
	nd, isDefault := GetVariableNumDistinct(vs)
	if isDefault {
		return math.Max(0.1, mcvFreq)
	}
	nullFrac := 0.0
	if vs.Stats != nil {
		nullFrac = vs.Stats.NullFrac
	}
	avgFreq := (1.0 - nullFrac) / nd
	if vs.Tuples > 0 {
		nd = ClampRowEst(nd * vs.Rows / vs.Tuples)
	}
	est := 1.0 / nd
	if nd > nbuckets {
		est = 1.0 / nbuckets
	}
	if avgFreq > 0 && mcvFreq > avgFreq {
		est *= mcvFreq / avgFreq
	}
	return math.Min(math.Max(est, 1.0e-6), 1.0)
}

// EstimateNumGroups estimates how many groups GROUP BY exprs forms over
// inputRows rows (PG: estimate_num_groups without statistics).
func EstimateNumGroups(root *pathnodes.PlannerInfo, exprs []nodes.Expr, inputRows float64) float64 {
	n, _ := EstimateNumGroupsInfo(root, exprs, inputRows)
	return n
}

// EstimateNumGroupsInfo is EstimateNumGroups that also reports whether a
// column's number of distinct values was a default guess, for want of
// statistics (PG: estinfo's SELFLAG_USED_DEFAULT).
func EstimateNumGroupsInfo(root *pathnodes.PlannerInfo, exprs []nodes.Expr, inputRows float64) (groups float64, usedDefault bool) {
	if inputRows < 2 {
		return inputRows, false
	}
	type varInfo struct {
		rel *pathnodes.RelOptInfo
		nd  float64
	}
	var infos []varInfo
	var seen []*nodes.Var
	add := func(v *nodes.Var) {
		for _, s := range seen {
			if s.VarNo == v.VarNo && s.AttNo == v.AttNo {
				return
			}
		}
		seen = append(seen, v)
		nd, isDefault := NumDistinct(root, v)
		usedDefault = usedDefault || isDefault
		_, rel := RelOf(root, v)
		infos = append(infos, varInfo{rel, nd})
	}
	for _, e := range exprs {
		if v, ok := stripCoerce(e).(*nodes.Var); ok {
			add(v)
			continue
		}
		nodes.Walk(e, func(n nodes.Expr) bool {
			if v, ok := n.(*nodes.Var); ok {
				add(v)
			}
			return true
		})
	}
	if len(infos) == 0 {
		return 1, false
	}
	numDistinct := 1.0
	done := map[*pathnodes.RelOptInfo]bool{}
	for _, vi := range infos {
		if vi.rel == nil {
			numDistinct *= vi.nd
			continue
		}
		if done[vi.rel] {
			continue
		}
		done[vi.rel] = true
		relDistinct, relMax, count := 1.0, 0.0, 0
		for _, w := range infos {
			if w.rel == vi.rel {
				relDistinct *= w.nd
				relMax = math.Max(relMax, w.nd)
				count++
			}
		}
		rel := vi.rel
		if rel.Tuples > 0 {
			clamp := rel.Tuples
			if count > 1 {
				clamp *= 0.1
				if clamp < relMax {
					clamp = math.Min(relMax, rel.Tuples)
				}
			}
			relDistinct = math.Min(relDistinct, clamp)
			if relDistinct > 0 && rel.Rows < rel.Tuples {
				relDistinct *= 1 - math.Pow((rel.Tuples-rel.Rows)/rel.Tuples, rel.Tuples/relDistinct)
			}
			relDistinct = ClampRowEst(relDistinct)
			numDistinct *= relDistinct
		}
	}
	numDistinct = math.Ceil(numDistinct)
	return math.Max(math.Min(numDistinct, inputRows), 1), usedDefault
}

// SemiJoinSelectivity is the fraction of outer rows that have a match in
// the inner relation (innerRelids, innerRows rows) under a semi join's
// clauses (PG: clauselist_selectivity with JOIN_SEMI, eqjoinsel_semi for
// equalities).
func SemiJoinSelectivity(root *pathnodes.PlannerInfo, clauses []nodes.Expr, innerRelids []int, innerRows float64) float64 {
	s := 1.0
	for _, c := range clauses {
		if op, ok := c.(*nodes.OpExpr); ok && op.OpName == "=" && len(op.Args) == 2 {
			l, r := op.Args[0], op.Args[1]
			if hasVars(l) && hasVars(r) {
				if relidsWithin(l, innerRelids) {
					l, r = r, l
				}
				s *= EqJoinSelWithStats(VarStatsOf(root, l), VarStatsOf(root, r), true, innerRows)
				continue
			}
		}
		s *= ClauseSelectivity(root, c)
	}
	return s
}

// relidsWithin reports whether every Var of e belongs to one of relids.
func relidsWithin(e nodes.Expr, relids []int) bool {
	ok := true
	nodes.Walk(e, func(n nodes.Expr) bool {
		if v, isVar := n.(*nodes.Var); isVar && v.VarNo > 0 && !slices.Contains(relids, v.VarNo) {
			ok = false
		}
		return ok
	})
	return ok
}
