// joinrels.go is the dynamic-programming join search (PG: allpaths.c
// standard_join_search, joinrels.c join_search_one_level and
// make_join_rel): level by level it joins relations connected by join
// clauses (or, failing that, any pair), keeping each join relation's
// cheapest paths.

package path

import (
	"sort"

	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/optimizer/cost"
	"github.com/loomdb/loomdb/internal/optimizer/pathnodes"
	"github.com/loomdb/loomdb/internal/optimizer/util"
)

// JoinItem is an input of the join search: a base relation or a relation
// built beforehand (an outer join), with its relids and paths.
type JoinItem = *pathnodes.RelOptInfo

// JoinSearch finds the cheapest way to inner-join items under quals, which
// are applied at the lowest join that contains every relation they
// mention, and under the equalities of classes (one clause per class at
// each join with members on both sides), and to semi- or anti-join the
// right-hand sides of specials wherever their left-hand relations are
// present. It returns the relation covering all items and specials, or
// nil when the join order restrictions leave no way to build it. Relations are combined in
// PostgreSQL's order (join_search_one_level), which decides between plans
// of equal cost: each level first joins the previous level's relations,
// in the order they were made, with single relations, then tries bushy
// combinations.
func JoinSearch(root *pathnodes.PlannerInfo, items []JoinItem, quals []nodes.Expr, classes []*pathnodes.EquivalenceClass, specials []*pathnodes.SpecialJoinInfo, target func(*pathnodes.RelOptInfo) []*nodes.TargetEntry) *pathnodes.RelOptInfo {
	if len(specials) > 0 {
		items = items[:len(items):len(items)]
		for _, sj := range specials {
			items = append(items, sj.RHS)
		}
	}
	if len(items) == 1 {
		return items[0]
	}
	s := &joinSearch{root: root, quals: quals, classes: classes, specials: specials, target: target, byKey: map[string]*pathnodes.RelOptInfo{}}
	for _, it := range items {
		s.relids = union(s.relids, it.Relids)
	}
	s.levels = make([][]*pathnodes.RelOptInfo, len(items)+1)
	s.levels[1] = items
	for lvl := 2; lvl <= len(items); lvl++ {
		for i, old := range s.levels[lvl-1] {
			if !s.hasJoinPartner(old) && !s.hasLateralRestriction(old) {
				s.clauselessJoins(lvl, old, s.levels[1])
				continue
			}
			others := s.levels[1]
			if lvl == 2 {
				others = s.levels[1][i+1:]
			}
			s.clauseJoins(lvl, old, others)
		}
		for k := 2; k <= lvl-k; k++ {
			for i, old := range s.levels[k] {
				if !s.hasJoinPartner(old) && !s.hasLateralRestriction(old) {
					continue
				}
				others := s.levels[lvl-k]
				if k == lvl-k {
					others = s.levels[k][i+1:]
				}
				s.clauseJoins(lvl, old, others)
			}
		}
		if len(s.levels[lvl]) == 0 {
			// Everything left is disconnected: allow cartesian products.
			for _, old := range s.levels[lvl-1] {
				s.clauselessJoins(lvl, old, s.levels[1])
			}
		}
		for _, jr := range s.levels[lvl] {
			FinishJoinRel(root, jr, s.target(jr))
		}
	}
	if top := s.levels[len(items)]; len(top) > 0 {
		return top[0]
	}
	return nil
}

// joinSearch is the state of one join search: the join relations of each
// level in the order they were made.
type joinSearch struct {
	root  *pathnodes.PlannerInfo
	quals []nodes.Expr
	// classes are the equivalence classes of the join clauses that are
	// not in quals.
	classes []*pathnodes.EquivalenceClass
	// specials are the semi and anti joins whose right-hand sides are
	// items of the search.
	specials []*pathnodes.SpecialJoinInfo
	target   func(*pathnodes.RelOptInfo) []*nodes.TargetEntry
	levels   [][]*pathnodes.RelOptInfo
	byKey    map[string]*pathnodes.RelOptInfo
	// relids are the relations of all items.
	relids []int
}

// clauseJoins joins old with each of others it shares a join clause with
// (PG: make_rels_by_clause_joins).
func (s *joinSearch) clauseJoins(lvl int, old *pathnodes.RelOptInfo, others []*pathnodes.RelOptInfo) {
	for _, other := range others {
		if overlaps(old.Relids, other.Relids) {
			continue
		}
		if clauses := s.joinClauses(old.Relids, other.Relids); len(clauses) > 0 || lateralLink(old, other) || s.specialPair(old, other) {
			s.makeJoinRel(lvl, old, other, clauses)
		}
	}
}

// clauselessJoins joins old with every relation of others it does not
// overlap (PG: make_rels_by_clauseless_joins).
func (s *joinSearch) clauselessJoins(lvl int, old *pathnodes.RelOptInfo, others []*pathnodes.RelOptInfo) {
	for _, other := range others {
		if !overlaps(old.Relids, other.Relids) {
			s.makeJoinRel(lvl, old, other, s.joinClauses(old.Relids, other.Relids))
		}
	}
}

// makeJoinRel creates (or extends) the join relation of a and b and adds
// its paths in both join orders (PG: make_join_rel +
// populate_joinrel_with_paths).
func (s *joinSearch) makeJoinRel(lvl int, a, b *pathnodes.RelOptInfo, clauses []nodes.Expr) {
	if !s.lateralJoinLegal(a, b) {
		return
	}
	sj, legal := s.joinIsLegal(a, b)
	if !legal {
		return
	}
	if sj != nil {
		// The special join's clauses are all its join has; b is its
		// right-hand side.
		if a == sj.RHS {
			a, b = b, a
		}
		clauses = sj.Clauses
	}
	root := s.root
	relids := union(a.Relids, b.Relids)
	k := key(relids)
	jr := s.byKey[k]
	created := jr == nil
	if created {
		jr = &pathnodes.RelOptInfo{Relids: relids}
		jr.LateralRelids = JoinLateralRelids(a, b)
		switch {
		case sj == nil:
			jr.Rows = cost.ClampRowEst(a.Rows * b.Rows * cost.ClauselistSelectivity(root, clauses))
		case sj.JoinType == pathnodes.JoinAnti:
			jr.Rows = cost.ClampRowEst(a.Rows * (1 - sj.Selectivity))
		default:
			jr.Rows = cost.ClampRowEst(a.Rows * sj.Selectivity)
		}
		s.byKey[k] = jr
		s.levels[lvl] = append(s.levels[lvl], jr)
	}
	tl := s.target(jr)
	if created {
		SetJoinConsiderParallel(root, jr, a, b, clauses, tl)
	}
	jr.Width = tlistWidth(root, tl)
	if sj != nil {
		AddSpecialJoinPaths(root, jr, a, sj, tl)
	} else {
		AddJoinPaths(root, jr, a, b, pathnodes.JoinInner, clauses, nil, tl)
		AddJoinPaths(root, jr, b, a, pathnodes.JoinInner, clauses, nil, tl)
	}
	pathnodes.SetCheapest(jr)
}

// AddSpecialJoinPaths adds to jr the paths of the special join sj of lhs
// with sj.RHS: the semi or anti join itself and, when the right-hand side
// can be made unique, inner joins with it in either order (PG:
// JOIN_UNIQUE_OUTER and JOIN_UNIQUE_INNER).
func AddSpecialJoinPaths(root *pathnodes.PlannerInfo, jr, lhs *pathnodes.RelOptInfo, sj *pathnodes.SpecialJoinInfo, tl []*nodes.TargetEntry) {
	AddJoinPaths(root, jr, lhs, sj.RHS, sj.JoinType, sj.Clauses, nil, tl)
	if u := sj.Unique; u != nil {
		AddJoinPaths(root, jr, u, lhs, pathnodes.JoinInner, sj.Clauses, nil, tl)
		AddJoinPaths(root, jr, lhs, u, pathnodes.JoinInner, sj.Clauses, nil, tl)
	}
}

// joinIsLegal reports whether a and b may be joined as far as the special
// joins go, and which special join their join is, if any (PG:
// join_is_legal): a relation that is exactly a special join's right-hand
// side joins only a relation containing its whole left-hand side; once
// joined, the pair is an ordinary relation.
func (s *joinSearch) joinIsLegal(a, b *pathnodes.RelOptInfo) (*pathnodes.SpecialJoinInfo, bool) {
	var match *pathnodes.SpecialJoinInfo
	for _, sj := range s.specials {
		lhs := a
		switch {
		case sameRelids(a.Relids, sj.RHS.Relids):
			lhs = b
		case sameRelids(b.Relids, sj.RHS.Relids):
		default:
			continue
		}
		if !subset(sj.MinLefthand, lhs.Relids) || match != nil {
			return nil, false
		}
		match = sj
	}
	return match, true
}

// specialPair reports whether a and b are a special join's right-hand side
// and a relation containing its left-hand side.
func (s *joinSearch) specialPair(a, b *pathnodes.RelOptInfo) bool {
	sj, legal := s.joinIsLegal(a, b)
	return legal && sj != nil
}

// hasJoinPartner reports whether some join clause or equivalence class
// links rel to a relation outside it, or rel is a special join's
// right-hand side or contains its left-hand side but not yet the right.
func (s *joinSearch) hasJoinPartner(rel *pathnodes.RelOptInfo) bool {
	for _, q := range s.quals {
		r := ClauseRelids(q)
		if overlaps(r, rel.Relids) && !subset(r, rel.Relids) {
			return true
		}
	}
	for _, ec := range s.classes {
		if overlaps(ec.Relids, rel.Relids) && !subset(ec.Relids, rel.Relids) {
			return true
		}
	}
	for _, sj := range s.specials {
		if sameRelids(rel.Relids, sj.RHS.Relids) || subset(sj.MinLefthand, rel.Relids) && !overlaps(rel.Relids, sj.RHS.Relids) {
			return true
		}
	}
	return false
}

func sameRelids(a, b []int) bool {
	return len(a) == len(b) && subset(a, b)
}

func key(relids []int) string {
	b := make([]byte, 0, len(relids)*3)
	for _, r := range relids {
		b = append(b, byte(r>>8), byte(r), ',')
	}
	return string(b)
}

func overlaps(a, b []int) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return true
			}
		}
	}
	return false
}

func union(a, b []int) []int {
	out := append(append([]int(nil), a...), b...)
	sort.Ints(out)
	return out
}

// ClauseRelids returns the range-table indexes a clause references.
func ClauseRelids(e nodes.Expr) []int {
	seen := map[int]bool{}
	nodes.Walk(e, func(n nodes.Expr) bool {
		if v, ok := n.(*nodes.Var); ok && v.VarNo > 0 {
			seen[v.VarNo] = true
		}
		return true
	})
	out := make([]int, 0, len(seen))
	for r := range seen {
		out = append(out, r)
	}
	sort.Ints(out)
	return out
}

func subset(a, of []int) bool {
	for _, x := range a {
		found := false
		for _, y := range of {
			if x == y {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// joinClauses returns the clauses a join of a and b applies: one per
// equivalence class with members on both sides, then the quals that
// become evaluable (PG: build_joinrel_restrictlist).
func (s *joinSearch) joinClauses(a, b []int) []nodes.Expr {
	var out []nodes.Expr
	for _, ec := range s.classes {
		if c := classJoinClause(ec, a, b); c != nil {
			out = append(out, c)
		}
	}
	return append(out, joinClauses(s.quals, a, b)...)
}

// joinClauses returns the quals that become evaluable when a and b join.
func joinClauses(quals []nodes.Expr, a, b []int) []nodes.Expr {
	both := union(a, b)
	var out []nodes.Expr
	for _, q := range quals {
		r := ClauseRelids(q)
		if subset(r, both) && !subset(r, a) && !subset(r, b) {
			out = append(out, q)
		}
	}
	return out
}

// hasLateralRestriction reports whether rel takes part in LATERAL
// references within the search, reading other items' rows or having its
// rows read: its join partners include those relations, clauses or not
// (PG: the lateral test of has_join_restriction).
func (s *joinSearch) hasLateralRestriction(rel *pathnodes.RelOptInfo) bool {
	return overlaps(rel.LateralRelids, s.relids) || overlaps(rel.LateralReferencers, s.relids)
}

// lateralLink reports whether one of a and b names the other in its own
// LATERAL references (PG: the lateral test of have_join_order_restriction).
func lateralLink(a, b *pathnodes.RelOptInfo) bool {
	return overlaps(a.Relids, b.DirectLateralRelids) || overlaps(b.Relids, a.DirectLateralRelids)
}

// lateralJoinLegal reports whether a and b may be joined as far as LATERAL
// references go (PG: the lateral tests of join_is_legal): they do not
// read each other's rows, and the join needs no other item of the search,
// which would have to be joined above it and yet supply its rows; rows of
// relations outside the search come from a nested loop around it.
func (s *joinSearch) lateralJoinLegal(a, b *pathnodes.RelOptInfo) bool {
	if len(a.LateralRelids) == 0 && len(b.LateralRelids) == 0 {
		return true
	}
	if overlaps(a.Relids, b.LateralRelids) && overlaps(b.Relids, a.LateralRelids) {
		return false
	}
	return !overlaps(JoinLateralRelids(a, b), s.relids)
}

// JoinLateralRelids returns the relations outside a join of relations a
// and b that its LATERAL references still need (PG:
// min_join_parameterization).
func JoinLateralRelids(a, b *pathnodes.RelOptInfo) []int {
	relids := union(a.Relids, b.Relids)
	var out []int
	for _, r := range append(append([]int(nil), a.LateralRelids...), b.LateralRelids...) {
		if !subset([]int{r}, relids) && !subset([]int{r}, out) {
			out = append(out, r)
		}
	}
	sort.Ints(out)
	return out
}

// TargetWidth estimates the width of a join relation's output row.
func TargetWidth(root *pathnodes.PlannerInfo, tl []*nodes.TargetEntry) int {
	return tlistWidth(root, tl)
}

func tlistWidth(root *pathnodes.PlannerInfo, tl []*nodes.TargetEntry) int {
	w := 0
	for _, te := range tl {
		w += exprWidth(root, te.Expr)
	}
	return w
}

func exprWidth(root *pathnodes.PlannerInfo, e nodes.Expr) int {
	if v, rel := cost.RelOf(root, e); v != nil && rel != nil && v.AttNo-1 < len(rel.AttrWidths) {
		if _, isVar := e.(*nodes.Var); isVar {
			return util.AttrWidth(rel, v.AttNo)
		}
	}
	return cost.TypeAvgWidth(e.ExprType())
}
