// groupingsets.go analyzes GROUP BY, including GROUPING SETS, ROLLUP and
// CUBE, and the GROUPING() function (PG: parse_clause.c
// transformGroupClause, parse_agg.c transformGroupingFunc and
// expand_grouping_sets).

package analyze

import (
	"slices"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
)

// maxGroupingSets bounds how many grouping sets GROUP BY may expand to,
// as PostgreSQL does, against pathological CUBEs.
const maxGroupingSets = 4096

// groupClause analyzes GROUP BY items: output-column names, ordinals or
// expressions, as ORDER BY does, but preferring input columns for bare
// names. Every distinct grouping expression becomes a GroupClause item;
// with GROUPING SETS, ROLLUP or CUBE the items' sets are expanded into
// q.GroupingSets. distinct is GROUP BY DISTINCT, which drops repeated sets.
func (a *analyzer) groupClause(q *nodes.Query, items []*pg_query.Node, distinct bool) error {
	product := [][]int{{}}
	hasSets := false
	for _, it := range items {
		var sets [][]int
		if gs := it.GetGroupingSet(); gs != nil {
			hasSets = true
			var err error
			if sets, err = a.expandGroupingSet(q, gs); err != nil {
				return err
			}
		} else {
			ref, err := a.groupRef(q, it)
			if err != nil {
				return err
			}
			sets = [][]int{{ref}}
		}
		if len(product)*len(sets) > maxGroupingSets {
			return pgerror.Newf(pgerror.StatementTooComplex, "too many grouping sets present (maximum %d)", maxGroupingSets).WithPosition(a.pos(exprLocation(it)))
		}
		var next [][]int
		for _, p := range product {
			for _, s := range sets {
				next = append(next, append(slices.Clip(p), s...))
			}
		}
		product = next
	}
	if !hasSets {
		return nil
	}
	for i, s := range product {
		// A set groups by each expression once.
		var u []int
		for _, r := range s {
			if !slices.Contains(u, r) {
				u = append(u, r)
			}
		}
		product[i] = u
	}
	if distinct {
		for _, s := range product {
			slices.Sort(s)
		}
		var kept [][]int
		for _, s := range product {
			if !slices.ContainsFunc(kept, func(k []int) bool { return slices.Equal(k, s) }) {
				kept = append(kept, s)
			}
		}
		product = kept
	}
	slices.SortStableFunc(product, func(x, y []int) int { return len(x) - len(y) })
	if len(product) == 1 && len(q.GroupClause) > 0 {
		// One non-empty set is a plain GROUP BY.
		return nil
	}
	q.GroupingSets = product
	return nil
}

// expandGroupingSet returns the grouping sets a GROUPING SETS, ROLLUP or
// CUBE item stands for, each as SortGroupRefs.
func (a *analyzer) expandGroupingSet(q *nodes.Query, gs *pg_query.GroupingSet) ([][]int, error) {
	// units are the item's elements: an expression, or a parenthesized
	// list of them, which ROLLUP and CUBE treat as one.
	units := func() ([][]int, error) {
		var out [][]int
		for _, n := range gs.Content {
			var elems []*pg_query.Node
			if r := n.GetRowExpr(); r != nil && r.RowFormat == pg_query.CoercionForm_COERCE_IMPLICIT_CAST {
				elems = r.Args
			} else {
				elems = []*pg_query.Node{n}
			}
			var unit []int
			for _, e := range elems {
				ref, err := a.groupRef(q, e)
				if err != nil {
					return nil, err
				}
				unit = append(unit, ref)
			}
			out = append(out, unit)
		}
		return out, nil
	}
	switch gs.Kind {
	case pg_query.GroupingSetKind_GROUPING_SET_EMPTY:
		return [][]int{{}}, nil
	case pg_query.GroupingSetKind_GROUPING_SET_ROLLUP:
		us, err := units()
		if err != nil {
			return nil, err
		}
		var out [][]int
		for n := len(us); n >= 0; n-- {
			var s []int
			for _, u := range us[:n] {
				s = append(s, u...)
			}
			out = append(out, s)
		}
		return out, nil
	case pg_query.GroupingSetKind_GROUPING_SET_CUBE:
		us, err := units()
		if err != nil {
			return nil, err
		}
		if len(us) > 12 {
			return nil, pgerror.Newf(pgerror.StatementTooComplex, "CUBE is limited to 12 elements").WithPosition(a.pos(gs.Location))
		}
		var out [][]int
		for mask := (1 << len(us)) - 1; mask >= 0; mask-- {
			var s []int
			for i, u := range us {
				if mask&(1<<(len(us)-1-i)) != 0 {
					s = append(s, u...)
				}
			}
			out = append(out, s)
		}
		return out, nil
	case pg_query.GroupingSetKind_GROUPING_SET_SETS:
		var out [][]int
		for _, n := range gs.Content {
			switch {
			case n.GetGroupingSet() != nil:
				sets, err := a.expandGroupingSet(q, n.GetGroupingSet())
				if err != nil {
					return nil, err
				}
				out = append(out, sets...)
			case n.GetRowExpr() != nil && n.GetRowExpr().RowFormat == pg_query.CoercionForm_COERCE_IMPLICIT_CAST:
				var s []int
				for _, e := range n.GetRowExpr().Args {
					ref, err := a.groupRef(q, e)
					if err != nil {
						return nil, err
					}
					s = append(s, ref)
				}
				out = append(out, s)
			default:
				ref, err := a.groupRef(q, n)
				if err != nil {
					return nil, err
				}
				out = append(out, []int{ref})
			}
			if len(out) > maxGroupingSets {
				return nil, pgerror.Newf(pgerror.StatementTooComplex, "too many grouping sets present (maximum %d)", maxGroupingSets).WithPosition(a.pos(gs.Location))
			}
		}
		return out, nil
	}
	return nil, pgerror.Internal("unrecognized grouping set kind %d", gs.Kind)
}

// groupRef resolves one grouping expression, adds it to GroupClause if it
// is new there, and returns its SortGroupRef.
func (a *analyzer) groupRef(q *nodes.Query, n *pg_query.Node) (int, error) {
	te, err := a.findTargetForGroup(q, n)
	if err != nil {
		return 0, err
	}
	if err := a.checkGroupTarget(te); err != nil {
		return 0, err
	}
	if err := a.textIfUnknown(te); err != nil {
		return 0, err
	}
	if err := a.checkJsonpathEquality(te.Expr.ExprType(), exprLocation(n)); err != nil {
		return 0, err
	}
	if te.SortGroupRef == 0 {
		te.SortGroupRef = maxSortRef(q) + 1
	}
	for _, g := range q.GroupClause {
		if g.TLESortGroupRef == te.SortGroupRef {
			return te.SortGroupRef, nil
		}
	}
	q.GroupClause = append(q.GroupClause, &nodes.SortGroupClause{TLESortGroupRef: te.SortGroupRef})
	return te.SortGroupRef, nil
}

// groupingFunc analyzes GROUPING(args). Its arguments are checked against
// the query's grouping expressions once GROUP BY is known
// (resolveGroupingFuncs).
func (a *analyzer) groupingFunc(gf *pg_query.GroupingFunc, sc *scope) (nodes.Expr, error) {
	if sc == nil || sc.kind != exprSelect && sc.kind != exprOrderBy && sc.kind != exprHaving {
		kind := "WHERE"
		if sc != nil {
			kind = sc.kind.String()
		}
		return nil, pgerror.Newf(pgerror.GroupingError, "grouping operations are not allowed in %s", kind).WithPosition(a.pos(gf.Location))
	}
	if len(gf.Args) >= 32 {
		return nil, pgerror.New(pgerror.TooManyArguments, "GROUPING must have fewer than 32 arguments").WithPosition(a.pos(gf.Location))
	}
	g := &nodes.GroupingFunc{Location: int(gf.Location)}
	for _, n := range gf.Args {
		e, err := a.expr(n, sc)
		if err != nil {
			return nil, err
		}
		g.Args = append(g.Args, e)
	}
	sc.q.HasAggs = true
	if a.groupingFuncs == nil {
		a.groupingFuncs = map[*nodes.Query][]*nodes.GroupingFunc{}
	}
	a.groupingFuncs[sc.q] = append(a.groupingFuncs[sc.q], g)
	return g, nil
}

// resolveGroupingFuncs gives each GROUPING() call of q the SortGroupRefs
// of its arguments, which must be q's grouping expressions.
func (a *analyzer) resolveGroupingFuncs(q *nodes.Query) error {
	for _, g := range a.groupingFuncs[q] {
		g.Refs = g.Refs[:0]
	args:
		for _, arg := range g.Args {
			for _, gc := range q.GroupClause {
				for _, te := range q.TargetList {
					if te.SortGroupRef == gc.TLESortGroupRef && exprEqual(te.Expr, arg) {
						g.Refs = append(g.Refs, gc.TLESortGroupRef)
						continue args
					}
				}
			}
			return pgerror.New(pgerror.GroupingError, "arguments to GROUPING must be grouping expressions of the associated query level").WithPosition(a.pos(int32(exprLoc(arg))))
		}
	}
	return nil
}
