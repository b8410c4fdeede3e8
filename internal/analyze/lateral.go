// lateral.go resolves the column references that items of a FROM clause
// make to the items before them (PG: parse_relation.c with
// p_lateral_active and the lateral_only namespace items). A function in
// FROM, and a subquery or VALUES list written LATERAL, may name the earlier
// items of the FROM list and the left sides of the joins they are the
// right side of, unless that join is a RIGHT or FULL join. A subquery
// without LATERAL may not; naming such an item is the error PostgreSQL
// reports.

package analyze

import (
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
)

// lateralDenial says why a reference to a FROM item from a later item is
// an error, if it is.
type lateralDenial uint8

const (
	lateralAllowed lateralDenial = iota
	// lateralBadJoin marks the left side of a RIGHT or FULL join.
	lateralBadJoin
	// lateralTarget marks an UPDATE's or DELETE's target table.
	lateralTarget
)

// lateralItem is a FROM item that a later item of the same FROM clause
// may refer to.
type lateralItem struct {
	fromItem
	denied lateralDenial
}

// lateralItems returns the FROM items the item being analyzed may refer
// to: the FROM list's earlier items, then the left sides of the joins it
// is inside of, innermost last.
func (a *analyzer) lateralItems() []lateralItem {
	out := make([]lateralItem, 0, len(a.from)+len(a.joinLefts))
	for i, it := range a.from {
		d := lateralAllowed
		if i < a.fromStart {
			d = lateralTarget
		}
		out = append(out, lateralItem{fromItem: it, denied: d})
	}
	return append(out, a.joinLefts...)
}

// itemRTE returns the range-table index of the entry of item it named
// relName, or 0.
func itemRTE(q *nodes.Query, it fromItem, relName string) int {
	for _, rti := range nodes.RelidsOf(it.node) {
		if rte := q.RangeTable[rti-1]; rteHasName(rte) && rte.Alias == relName {
			return rti
		}
	}
	return 0
}

// lateralRef resolves the column reference relName.col (relName empty when
// unqualified) against a's lateral items, for a query levelsUp levels
// below a's (0: a function in FROM of a's own query; 1: a subquery in its
// FROM). allowed is false for a subquery without LATERAL, where a match is
// an error. It returns nil and no error when nothing matches.
func (a *analyzer) lateralRef(q *nodes.Query, relName, col string, loc int32, levelsUp int, allowed bool) (nodes.Expr, error) {
	items := a.lateralItems()
	if relName == "" {
		var found nodes.Expr
		var from lateralItem
		for _, it := range items {
			for _, nc := range it.cols {
				if nc.name != col {
					continue
				}
				if found != nil {
					return nil, pgerror.Newf(pgerror.AmbiguousColumn, "column reference \"%s\" is ambiguous", col).WithPosition(a.pos(loc))
				}
				found, from = nc.expr, it
			}
		}
		if found == nil {
			return nil, nil
		}
		if !allowed {
			err := pgerror.Newf(pgerror.UndefinedColumn, "column \"%s\" does not exist", col).WithPosition(a.pos(loc))
			if v, ok := found.(*nodes.Var); ok && v.RelName != "" {
				err = err.WithHint("There is a column named \"%s\" in table \"%s\", but it cannot be referenced from this part of the query.", col, v.RelName)
			}
			return nil, err
		}
		if v, ok := found.(*nodes.Var); ok {
			if err := a.checkLateralDenial(from.denied, v.RelName, loc); err != nil {
				return nil, err
			}
			c := *v
			c.Location = int(loc)
			c.LevelsUp = levelsUp
			return &c, nil
		}
		if err := a.checkLateralDenial(from.denied, "", loc); err != nil {
			return nil, err
		}
		return raiseLevels(found, levelsUp), nil
	}
	for _, it := range items {
		rti := itemRTE(q, it.fromItem, relName)
		if rti == 0 {
			continue
		}
		if !allowed {
			return nil, pgerror.Newf(pgerror.UndefinedTable, "invalid reference to FROM-clause entry for table \"%s\"", relName).WithPosition(a.pos(loc)).
				WithHint("There is an entry for table \"%s\", but it cannot be referenced from this part of the query.", relName)
		}
		if err := a.checkLateralDenial(it.denied, relName, loc); err != nil {
			return nil, err
		}
		rte := q.RangeTable[rti-1]
		for j, cn := range rte.ColNames {
			if cn == col {
				return &nodes.Var{VarNo: rti, AttNo: j + 1, Type: rte.ColTypes[j], Name: col, RelName: rte.Alias, Location: int(loc), LevelsUp: levelsUp}, nil
			}
		}
		if col == "ctid" && rte.Kind == nodes.RTERelation {
			v := ctidVar(rte, rti, loc)
			v.LevelsUp = levelsUp
			return v, nil
		}
		return nil, pgerror.Newf(pgerror.UndefinedColumn, "column %s.%s does not exist", relName, col).WithPosition(a.pos(loc))
	}
	return nil, nil
}

// lateralStar returns the columns of relName.* for a subquery in a's FROM
// clause, when relName is one of its lateral items, as references one
// level up; nil when there is none.
func (a *analyzer) lateralStar(q *nodes.Query, relName string, loc int32, allowed bool) ([]namedExpr, error) {
	for _, it := range a.lateralItems() {
		rti := itemRTE(q, it.fromItem, relName)
		if rti == 0 {
			continue
		}
		if !allowed {
			return nil, pgerror.Newf(pgerror.UndefinedTable, "invalid reference to FROM-clause entry for table \"%s\"", relName).WithPosition(a.pos(loc)).
				WithHint("There is an entry for table \"%s\", but it cannot be referenced from this part of the query.", relName)
		}
		if err := a.checkLateralDenial(it.denied, relName, loc); err != nil {
			return nil, err
		}
		cols := rteColumns(q, rti)
		for i, c := range cols {
			cols[i].expr = raiseLevels(c.expr, 1)
		}
		return cols, nil
	}
	return nil, nil
}

// checkLateralDenial returns the error for a reference to an item that
// the referring item may not see (PG: check_lateral_ref_ok).
func (a *analyzer) checkLateralDenial(d lateralDenial, relName string, loc int32) error {
	var err *pgerror.Error
	switch d {
	case lateralAllowed:
		return nil
	case lateralBadJoin:
		err = pgerror.Newf(pgerror.InvalidColumnReference, "invalid reference to FROM-clause entry for table \"%s\"", relName).
			WithDetail("The combining JOIN type must be INNER or LEFT for a LATERAL reference.")
	default:
		err = pgerror.Newf(pgerror.InvalidColumnReference, "invalid reference to FROM-clause entry for table \"%s\"", relName).
			WithHint("There is an entry for table \"%s\", but it cannot be referenced from this part of the query.", relName)
	}
	return err.WithPosition(a.pos(loc))
}

// raiseLevels returns e with its Vars moved levelsUp query levels further
// out.
func raiseLevels(e nodes.Expr, levelsUp int) nodes.Expr {
	if levelsUp == 0 {
		return e
	}
	return nodes.Mutate(e, func(n nodes.Expr) (nodes.Expr, bool) {
		if v, ok := n.(*nodes.Var); ok {
			c := *v
			c.LevelsUp += levelsUp
			return &c, true
		}
		return nil, false
	})
}

// funcHasLevelVars reports whether e refers to columns of its own query
// level, directly or from the sublinks inside it.
func funcHasLevelVars(e nodes.Expr) bool {
	return nodes.Contains(e, func(n nodes.Expr) bool {
		v, ok := n.(*nodes.Var)
		return ok && v.LevelsUp == 0
	}) || sublinksReferTo(e, 1)
}

// sublinksReferTo reports whether a subquery in e's sublinks refers to the
// query depth levels above it.
func sublinksReferTo(e nodes.Expr, depth int) bool {
	found := false
	nodes.Walk(e, func(n nodes.Expr) bool {
		if sl, ok := n.(*nodes.SubLink); ok && queryRefersTo(sl.Subquery, depth) {
			found = true
		}
		return !found
	})
	return found
}

// queryRefersTo reports whether q (or a query nested in it) has a Var
// depth levels above q.
func queryRefersTo(q *nodes.Query, depth int) bool {
	found := false
	check := func(e nodes.Expr) {
		if found || e == nil {
			return
		}
		nodes.Walk(e, func(n nodes.Expr) bool {
			if v, ok := n.(*nodes.Var); ok && v.LevelsUp == depth {
				found = true
			}
			return !found
		})
		found = found || sublinksReferTo(e, depth+1)
	}
	for _, te := range q.TargetList {
		check(te.Expr)
	}
	if q.JoinTree != nil {
		check(q.JoinTree.Quals)
		for _, n := range q.JoinTree.FromList {
			nodes.WalkJoinTree(n, func(je *nodes.JoinExpr) { check(je.Quals) })
		}
	}
	check(q.HavingQual)
	check(q.LimitCount)
	check(q.LimitOffset)
	for _, rte := range q.RangeTable {
		if rte.Func != nil {
			check(rte.Func)
		}
		for _, row := range rte.Values {
			for _, e := range row {
				check(e)
			}
		}
		if rte.Subquery != nil && !found {
			found = queryRefersTo(rte.Subquery, depth+1)
		}
	}
	return found
}
