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
)

// JoinItem is an input of the join search: a base relation or a relation
// built beforehand (an outer join), with its relids and paths.
type JoinItem = *pathnodes.RelOptInfo

// JoinSearch finds the cheapest way to inner-join items under quals, which
// are applied at the lowest join that contains every relation they
// mention. It returns the relation covering all items.
func JoinSearch(root *pathnodes.PlannerInfo, items []JoinItem, quals []nodes.Expr, target func(*pathnodes.RelOptInfo) []*nodes.TargetEntry) *pathnodes.RelOptInfo {
	if len(items) == 1 {
		return items[0]
	}
	levels := make([]map[string]*pathnodes.RelOptInfo, len(items)+1)
	levels[1] = map[string]*pathnodes.RelOptInfo{}
	for _, it := range items {
		levels[1][key(it.Relids)] = it
	}
	for lvl := 2; lvl <= len(items); lvl++ {
		levels[lvl] = map[string]*pathnodes.RelOptInfo{}
		for k := 1; k <= lvl/2; k++ {
			for _, a := range sortedRels(levels[k]) {
				for _, b := range sortedRels(levels[lvl-k]) {
					if k == lvl-k && key(a.Relids) >= key(b.Relids) {
						continue
					}
					if overlaps(a.Relids, b.Relids) {
						continue
					}
					clauses := joinClauses(quals, a.Relids, b.Relids)
					if len(clauses) == 0 && hasJoinPartner(quals, a, items) && hasJoinPartner(quals, b, items) {
						// Defer clauseless joins while clause-connected ones exist.
						continue
					}
					makeJoinRel(root, levels[lvl], a, b, clauses, quals, target)
				}
			}
		}
		if len(levels[lvl]) == 0 {
			// Everything left is disconnected: allow cartesian products.
			for k := 1; k <= lvl/2; k++ {
				for _, a := range sortedRels(levels[k]) {
					for _, b := range sortedRels(levels[lvl-k]) {
						if !overlaps(a.Relids, b.Relids) {
							makeJoinRel(root, levels[lvl], a, b, nil, quals, target)
						}
					}
				}
			}
		}
	}
	for _, r := range levels[len(items)] {
		return r
	}
	return nil
}

func sortedRels(m map[string]*pathnodes.RelOptInfo) []*pathnodes.RelOptInfo {
	out := make([]*pathnodes.RelOptInfo, 0, len(m))
	for _, r := range m {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return key(out[i].Relids) < key(out[j].Relids) })
	return out
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

// hasJoinPartner reports whether some join clause links rel to a relation outside it.
func hasJoinPartner(quals []nodes.Expr, rel *pathnodes.RelOptInfo, items []JoinItem) bool {
	for _, q := range quals {
		r := ClauseRelids(q)
		if overlaps(r, rel.Relids) && !subset(r, rel.Relids) {
			return true
		}
	}
	return false
}

// makeJoinRel creates (or extends) the join relation of a and b and adds
// its paths in both join orders (PG: make_join_rel + populate_joinrel_with_paths).
func makeJoinRel(root *pathnodes.PlannerInfo, level map[string]*pathnodes.RelOptInfo, a, b *pathnodes.RelOptInfo, clauses, allQuals []nodes.Expr, target func(*pathnodes.RelOptInfo) []*nodes.TargetEntry) {
	relids := union(a.Relids, b.Relids)
	k := key(relids)
	jr := level[k]
	if jr == nil {
		jr = &pathnodes.RelOptInfo{Relids: relids}
		jr.Rows = cost.ClampRowEst(a.Rows * b.Rows * cost.ClauselistSelectivity(root, clauses))
		level[k] = jr
	}
	tl := target(jr)
	jr.Width = tlistWidth(root, tl)
	AddJoinPaths(root, jr, a, b, pathnodes.JoinInner, clauses, nil, tl)
	AddJoinPaths(root, jr, b, a, pathnodes.JoinInner, clauses, nil, tl)
	pathnodes.SetCheapest(jr)
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
			return rel.AttrWidths[v.AttNo-1]
		}
	}
	return cost.TypeAvgWidth(e.ExprType())
}
