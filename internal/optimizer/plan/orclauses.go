// orclauses.go derives restriction clauses of single relations from join
// clauses that are ORs (PG: optimizer/util/orclauses.c). In
//
//	WHERE (p_partkey = l_partkey AND p_brand = 'Brand#12' AND l_quantity < 11)
//	   OR (p_partkey = l_partkey AND p_brand = 'Brand#23' AND l_quantity > 9)
//
// every arm restricts part, so part's rows must satisfy
// (p_brand = 'Brand#12') OR (p_brand = 'Brand#23'), and lineitem's
// (l_quantity < 11) OR (l_quantity > 9): both filter their scans before the
// join, which still checks the whole OR. The join clause's selectivity is
// divided by the new restrictions' so that the join's row estimate stays
// what it was.

package plan

import (
	"slices"

	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/optimizer/cost"
	"github.com/loomdb/loomdb/internal/optimizer/path"
	"github.com/loomdb/loomdb/internal/optimizer/util"
)

// orRestrictionFor returns the OR, over q's arms, of each arm's clauses
// that read only relation rti, or nil when q is not such an OR or some arm
// has no such clause (then the arm says nothing about rti's rows).
func orRestrictionFor(q nodes.Expr, rti int) nodes.Expr {
	or, ok := q.(*nodes.BoolExpr)
	if !ok || or.Op != nodes.OrExpr || util.ContainsVolatile(q) || containsSubPlan(q) {
		return nil
	}
	arms := make([]nodes.Expr, 0, len(or.Args))
	for _, arm := range or.Args {
		conj := []nodes.Expr{arm}
		if a, ok := arm.(*nodes.BoolExpr); ok && a.Op == nodes.AndExpr {
			conj = a.Args
		}
		var mine []nodes.Expr
		for _, c := range conj {
			if r := path.ClauseRelids(c); len(r) == 1 && r[0] == rti {
				mine = append(mine, c)
			}
		}
		switch len(mine) {
		case 0:
			return nil
		case 1:
			arms = append(arms, mine[0])
		default:
			arms = append(arms, &nodes.BoolExpr{Op: nodes.AndExpr, Args: mine})
		}
	}
	return &nodes.BoolExpr{Op: nodes.OrExpr, Args: arms}
}

func containsSubPlan(e nodes.Expr) bool {
	return nodes.Contains(e, func(x nodes.Expr) bool {
		switch x.(type) {
		case *nodes.SubPlan, *nodes.SubLink:
			return true
		}
		return false
	})
}

// extractRestrictionOrClauses returns, for base relation rti, the
// restrictions implied by the OR join clauses among joinQuals that are
// worth checking early (those keeping at most 90% of the rows), and
// lowers those join clauses' selectivities to match (PG:
// extract_restriction_or_clauses, consider_new_or_clause).
func (fp *fromPlanner) extractRestrictionOrClauses(rti int, joinQuals []nodes.Expr) []nodes.Expr {
	var out []nodes.Expr
	for _, q := range joinQuals {
		r := path.ClauseRelids(q)
		if !slices.Contains(r, rti) {
			continue
		}
		or := orRestrictionFor(q, rti)
		if or == nil {
			continue
		}
		sel := cost.ClauseSelectivity(fp.root, or)
		if sel > 0.9 {
			continue
		}
		orig := cost.ClauseSelectivity(fp.root, q)
		if fp.root.SelecOverride == nil {
			fp.root.SelecOverride = map[*nodes.BoolExpr]float64{}
		}
		fp.root.SelecOverride[q.(*nodes.BoolExpr)] = min(orig/max(sel, 1e-10), 1)
		out = append(out, or)
	}
	return out
}
