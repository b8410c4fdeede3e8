// wholerow.go resolves whole-row references: a FROM item's name used as a
// value, a record of its columns (PG: a Var with varattno 0 from
// transformWholeRowRef), as in SELECT t FROM t or to_json(t).

package analyze

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
)

// wholeRowFuncs are the functions whose arguments may be whole rows.
var wholeRowFuncs = map[string]bool{"to_json": true, "to_jsonb": true, "row_to_json": true}

// wholeRowUse is a whole-row reference of the query level being analyzed.
type wholeRowUse struct {
	rti int
	loc int32
}

// findWholeRowRTE returns the range-table index of the FROM item of sc's
// query named relName, or 0.
func (a *analyzer) findWholeRowRTE(relName string, sc *scope) int {
	if sc == nil || sc.q == nil || sc.noVars || sc.kind == exprFromFunction {
		return 0
	}
	for i, rte := range sc.q.RangeTable {
		if rteHasName(rte) && rte.Alias == relName && !a.hiddenRels[i+1] {
			return i + 1
		}
	}
	return 0
}

// wholeRowRef builds the whole-row reference to range-table entry rti.
func (a *analyzer) wholeRowRef(q *nodes.Query, rti int, loc int32) *nodes.WholeRowExpr {
	w := &nodes.WholeRowExpr{RelName: q.RangeTable[rti-1].Alias, Location: int(loc)}
	for _, c := range rteColumns(q, rti) {
		w.Args = append(w.Args, c.expr)
		w.Names = append(w.Names, c.name)
	}
	a.wholeRows = append(a.wholeRows, wholeRowUse{rti: rti, loc: loc})
	return w
}

// wholeRowArg analyzes an argument of a function taking whole rows: a
// column of that name when there is one, else the FROM item's whole row;
// name.* is always the whole row. ok is false for other arguments.
func (a *analyzer) wholeRowArg(n *pg_query.Node, sc *scope) (e nodes.Expr, ok bool, err error) {
	cr := n.GetColumnRef()
	if cr == nil {
		return nil, false, nil
	}
	switch {
	case len(cr.Fields) == 1 && cr.Fields[0].GetAStar() == nil:
		e, err := a.columnRef(cr, sc)
		if err == nil {
			return e, true, nil
		}
		if rti := a.findWholeRowRTE(strVal(cr.Fields[0]), sc); rti > 0 {
			return a.wholeRowRef(sc.q, rti, cr.Location), true, nil
		}
		return nil, true, err
	case len(cr.Fields) == 2 && cr.Fields[1].GetAStar() != nil:
		name := strVal(cr.Fields[0])
		if rti := a.findWholeRowRTE(name, sc); rti > 0 {
			return a.wholeRowRef(sc.q, rti, cr.Location), true, nil
		}
		return nil, true, pgerror.Newf(pgerror.UndefinedTable, "missing FROM-clause entry for table \"%s\"", name).WithPosition(a.pos(cr.Location))
	}
	return nil, false, nil
}

// checkWholeRows refuses whole-row references to FROM items on the
// nullable side of an outer join, whose NULL-extended rows a record of
// the columns cannot tell from rows of NULL columns.
func (a *analyzer) checkWholeRows(q *nodes.Query) error {
	if len(a.wholeRows) == 0 {
		return nil
	}
	nullable := map[int]bool{}
	var visit func(n nodes.JoinNode, below bool)
	visit = func(n nodes.JoinNode, below bool) {
		switch x := n.(type) {
		case *nodes.RangeTblRef:
			if below {
				nullable[x.RTIndex] = true
			}
		case *nodes.JoinExpr:
			visit(x.Larg, below || x.JoinType == nodes.JoinRight || x.JoinType == nodes.JoinFull)
			visit(x.Rarg, below || x.JoinType == nodes.JoinLeft || x.JoinType == nodes.JoinFull)
		}
	}
	for _, n := range q.JoinTree.FromList {
		visit(n, false)
	}
	for _, w := range a.wholeRows {
		if nullable[w.rti] {
			return pgerror.Unsupported("whole-row references to the nullable side of an outer join are not supported").WithPosition(a.pos(w.loc))
		}
	}
	return nil
}
