// modify.go analyzes UPDATE and DELETE, and the RETURNING lists of every
// data-modifying statement (PG: transformUpdateStmt, transformDeleteStmt,
// transformReturningList).
//
// An UPDATE or DELETE becomes a query with a Source: a SELECT over the
// target table (range-table entry 1) joined to the FROM (USING) items and
// filtered by WHERE, whose target list carries what the ModifyTable needs:
// for UPDATE the new values of the assigned columns in table order, then
// the target row's ctid, then the values RETURNING reads from the other
// FROM items. The ModifyTable fetches the rest of the row by its ctid.

package analyze

import (
	"slices"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/loomdb/loomdb/internal/catalog"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

// modifyTarget opens the target table of an UPDATE or DELETE and starts
// its source query with the table as range-table entry 1.
func (a *analyzer) modifyTarget(rv *pg_query.RangeVar, verb string) (*nodes.Query, *nodes.Query, *catalog.Relation, error) {
	rel, err := a.env.Catalog.LookupRelation(rv.Schemaname, rv.Relname)
	if err != nil {
		return nil, nil, nil, withPos(err, a.pos(rv.Location))
	}
	if rel.Kind == 'v' {
		cmd := nodes.CmdUpdate
		if verb == "DELETE" {
			cmd = nodes.CmdDelete
		}
		rel = a.viewTargetRelation(rel, cmd)
	}
	if rel.Kind == 'S' {
		return nil, nil, nil, pgerror.Newf(pgerror.WrongObjectType, "cannot change sequence \"%s\"", rel.Name)
	}
	alias := rel.Name
	if rv.Alias != nil {
		alias = rv.Alias.Aliasname
	}
	target := &nodes.RangeTblEntry{Kind: nodes.RTERelation, RelOid: rel.Oid, RelName: rel.Name, Alias: alias, Schema: rel.NamespaceName}
	for _, c := range rel.Columns {
		target.ColNames = append(target.ColNames, liveColumnName(c))
		target.ColTypes = append(target.ColTypes, c.Type)
	}
	src := &nodes.Query{CommandType: nodes.CmdSelect, JoinTree: &nodes.FromExpr{}, RangeTable: []*nodes.RangeTblEntry{target}}
	ref := &nodes.RangeTblRef{RTIndex: 1}
	src.JoinTree.FromList = []nodes.JoinNode{ref}
	a.from = append(a.from, fromItem{node: ref, cols: rteColumns(src, 1)})
	cp := *target
	q := &nodes.Query{RangeTable: []*nodes.RangeTblEntry{&cp}, ResultRelation: 1, Source: src, JoinTree: &nodes.FromExpr{}}
	return q, src, rel, nil
}

// modifySourceWhere analyzes the FROM (USING) items and WHERE clause of an
// UPDATE or DELETE into its source query.
func (a *analyzer) modifySourceWhere(src *nodes.Query, from []*pg_query.Node, where *pg_query.Node) error {
	if err := a.fromClause(src, from); err != nil {
		return err
	}
	if where == nil {
		return nil
	}
	if where.GetCurrentOfExpr() != nil {
		return pgerror.Unsupported("WHERE CURRENT OF is not supported")
	}
	w, err := a.expr(where, &scope{q: src, kind: exprWhere})
	if err != nil {
		return err
	}
	if src.JoinTree.Quals, err = a.coerceBool(w, "WHERE", int(exprLocation(where))); err != nil {
		return err
	}
	return nil
}

// updateStmt analyzes UPDATE ... SET ... [FROM ...] [WHERE ...] [RETURNING ...].
func (a *analyzer) updateStmt(s *pg_query.UpdateStmt) (nodes.Stmt, error) {
	if s.WithClause != nil {
		restore, ctes, err := a.withClause(s.WithClause)
		if err != nil {
			return nil, err
		}
		defer restore()
		st, err := a.updateBody(s)
		if err != nil {
			return nil, err
		}
		attachCTEs(st, ctes)
		return st, nil
	}
	return a.updateBody(s)
}

// updateBody analyzes an UPDATE whose WITH clause is in scope.
func (a *analyzer) updateBody(s *pg_query.UpdateStmt) (nodes.Stmt, error) {
	q, src, rel, err := a.modifyTarget(s.Relation, "UPDATE")
	if err != nil {
		return nil, err
	}
	q.CommandType = nodes.CmdUpdate
	if q.Checks, err = a.tableChecks(rel); err != nil {
		return nil, err
	}
	if q.RIKeys, err = a.riKeys(rel, nodes.CmdUpdate); err != nil {
		return nil, err
	}
	if err := a.modifySourceWhere(src, s.FromClause, s.WhereClause); err != nil {
		return nil, err
	}
	// The new values, in table order; unassigned columns keep the old.
	values := make([]nodes.Expr, len(rel.Columns))
	sc := &scope{q: src, kind: exprUpdateSource}
	// multiGroup numbers the SET (a, b, ...) = ... assignments.
	multiGroup := 0
	for _, n := range s.TargetList {
		rt := n.GetResTarget()
		ci := rel.ColumnByName(rt.Name)
		if ci < 0 {
			return nil, pgerror.Newf(pgerror.UndefinedColumn, "column \"%s\" of relation \"%s\" does not exist", rt.Name, rel.Name).WithPosition(a.pos(rt.Location))
		}
		if values[ci] != nil && len(rt.Indirection) == 0 {
			return nil, pgerror.Newf(pgerror.SyntaxError, "multiple assignments to same column \"%s\"", rt.Name)
		}
		val := rt.Val
		var e nodes.Expr
		if m := val.GetMultiAssignRef(); m != nil {
			if m.Colno == 1 {
				multiGroup++
			}
			switch row, sl := m.Source.GetRowExpr(), m.Source.GetSubLink(); {
			case row != nil:
				if int(m.Ncolumns) != len(row.Args) {
					return nil, pgerror.New(pgerror.SyntaxError, "number of columns does not match number of values").WithPosition(a.pos(row.Location))
				}
				val = row.Args[m.Colno-1]
			case sl != nil && sl.SubLinkType == pg_query.SubLinkType_EXPR_SUBLINK:
				if e, err = a.multiAssignSubLink(sl, m, multiGroup, sc); err != nil {
					return nil, err
				}
			default:
				return nil, pgerror.New(pgerror.FeatureNotSupported, "source for a multiple-column UPDATE item must be a sub-SELECT or ROW() expression").WithPosition(a.pos(int32(exprLocation(m.Source))))
			}
		}
		switch {
		case e == nil && val.GetSetToDefault() != nil:
			e, err = a.columnDefault(rel, ci)
		case rel.Columns[ci].Identity == 'a':
			return nil, pgerror.Newf(pgerror.GeneratedAlways, "column \"%s\" can only be updated to DEFAULT", rt.Name).
				WithDetail("Column \"%s\" is an identity column defined as GENERATED ALWAYS.", rt.Name)
		case e == nil:
			e, err = a.expr(val, sc)
		}
		if err != nil {
			return nil, err
		}
		if len(rt.Indirection) > 0 {
			// SET a[i] = x: the column becomes its current value (or the
			// earlier assignments' result) with the element replaced.
			if e, err = a.arrayAssignment(rel, ci, values[ci], rt, e, sc); err != nil {
				return nil, err
			}
		} else if e, err = a.coerceToColumn(e, rel.Columns[ci], int(exprLocation(val))); err != nil {
			return nil, err
		}
		values[ci] = e
	}
	q.InsertColumns = make([]int, len(rel.Columns))
	for ci, col := range rel.Columns {
		q.InsertColumns[ci] = -1
		if e := values[ci]; e != nil {
			q.InsertColumns[ci] = len(src.TargetList)
			src.TargetList = append(src.TargetList, &nodes.TargetEntry{Expr: e, ResNo: len(src.TargetList) + 1, Name: col.Name})
		}
	}
	a.addCtid(q, src)
	if err := a.returningList(q, src, s.ReturningList); err != nil {
		return nil, err
	}
	return a.finishModify(q, rel)
}

// multiAssignSubLink analyzes one column of SET (a, b, ...) = (SELECT
// ...): a scalar sublink reading column m.Colno of the subquery's row (PG:
// transformMultiAssignRef). Every column analyzes the subquery anew, so a
// correlated one is planned for each; an uncorrelated one runs once, as one
// InitPlan for the assignment.
func (a *analyzer) multiAssignSubLink(sl *pg_query.SubLink, m *pg_query.MultiAssignRef, group int, sc *scope) (nodes.Expr, error) {
	sub := a.child()
	sub.parent, sub.parentQuery, sub.parentScope, sub.depth = a, sc.q, sc, a.depth+1
	st, err := sub.selectStmt(sl.Subselect.GetSelectStmt())
	a.params = sub.params
	if err != nil {
		return nil, err
	}
	sq := st.(*nodes.Query)
	var visible []*nodes.TargetEntry
	for _, te := range sq.TargetList {
		if !te.ResJunk {
			visible = append(visible, te)
		}
	}
	if len(visible) != int(m.Ncolumns) {
		return nil, pgerror.New(pgerror.SyntaxError, "number of columns does not match number of values").WithPosition(a.pos(sl.Location))
	}
	if m.Ncolumns > 1 && queryCallsVolatile(sq) && queryReadsOuter(sq, 1, func(*nodes.Var) bool { return true }) {
		// Each column's SubPlan runs the subquery again: volatile
		// functions would give the columns values of different rows.
		return nil, pgerror.Unsupported("a correlated sub-SELECT calling volatile functions in SET (...) = (SELECT ...) is not supported").WithPosition(a.pos(sl.Location))
	}
	col := visible[m.Colno-1].Expr.ExprType()
	return &nodes.SubLink{Kind: nodes.ExprSubLink, Subquery: sq, Type: col, MultiExpr: group, MultiExprCol: int(m.Colno - 1), Location: int(sl.Location)}, nil
}

// deleteStmt analyzes DELETE FROM ... [USING ...] [WHERE ...] [RETURNING ...].
func (a *analyzer) deleteStmt(s *pg_query.DeleteStmt) (nodes.Stmt, error) {
	if s.WithClause != nil {
		restore, ctes, err := a.withClause(s.WithClause)
		if err != nil {
			return nil, err
		}
		defer restore()
		st, err := a.deleteBody(s)
		if err != nil {
			return nil, err
		}
		attachCTEs(st, ctes)
		return st, nil
	}
	return a.deleteBody(s)
}

// deleteBody analyzes a DELETE whose WITH clause is in scope.
func (a *analyzer) deleteBody(s *pg_query.DeleteStmt) (nodes.Stmt, error) {
	q, src, rel, err := a.modifyTarget(s.Relation, "DELETE")
	if err != nil {
		return nil, err
	}
	q.CommandType = nodes.CmdDelete
	if q.RIKeys, err = a.riKeys(rel, nodes.CmdDelete); err != nil {
		return nil, err
	}
	if err := a.modifySourceWhere(src, s.UsingClause, s.WhereClause); err != nil {
		return nil, err
	}
	a.addCtid(q, src)
	if err := a.returningList(q, src, s.ReturningList); err != nil {
		return nil, err
	}
	return a.finishModify(q, rel)
}

// addCtid adds the target row's ctid to the source's output, as a junk
// column the ModifyTable finds the row by.
func (a *analyzer) addCtid(q, src *nodes.Query) {
	v := ctidVar(src.RangeTable[0], 1, -1)
	q.CtidColumn = len(src.TargetList)
	src.TargetList = append(src.TargetList, &nodes.TargetEntry{Expr: v, ResNo: len(src.TargetList) + 1, Name: "ctid", ResJunk: true})
}

// returningList analyzes a RETURNING list. Its column references see the
// target table (range-table entry 1 of src) and, for UPDATE and DELETE,
// the FROM items: the values it reads from those are added to src's
// output as junk columns and read back as OuterVar Vars, while Vars of
// entry 1 stand for the stored row (DELETE: the deleted one).
func (a *analyzer) returningList(q, src *nodes.Query, list []*pg_query.Node) error {
	if len(list) == 0 {
		return nil
	}
	sc := &scope{q: src, kind: exprReturning}
	var out []*nodes.TargetEntry
	for _, n := range list {
		rt := n.GetResTarget()
		if cr := rt.Val.GetColumnRef(); cr != nil && cr.Fields[len(cr.Fields)-1].GetAStar() != nil {
			before := len(src.TargetList)
			if err := a.expandStar(src, cr); err != nil {
				return err
			}
			out = append(out, src.TargetList[before:]...)
			src.TargetList = src.TargetList[:before]
			continue
		}
		e, err := a.expr(rt.Val, sc)
		if err != nil {
			return err
		}
		if e.ExprType().Oid == types.UnknownOid {
			if e, err = a.coerce(e, types.TText, CoerceImplicit, -1); err != nil {
				return err
			}
		}
		name := rt.Name
		if name == "" {
			name = figureColname(rt.Val)
		}
		out = append(out, &nodes.TargetEntry{Expr: e, Name: name})
	}
	for i, te := range out {
		if returningSubqueryReadsOthers(te.Expr) {
			return pgerror.Unsupported("subqueries in RETURNING that read columns of FROM items other than the target table are not supported yet")
		}
		var err error
		te.Expr = nodes.Mutate(te.Expr, func(e nodes.Expr) (nodes.Expr, bool) {
			v, ok := e.(*nodes.Var)
			if !ok || v.LevelsUp != 0 {
				return nil, false
			}
			if v.AttNo < 1 {
				err = pgerror.Unsupported("system columns in RETURNING are not supported")
			}
			if v.VarNo == 1 {
				return v, true
			}
			// A column of another FROM item: read from the source.
			col := slices.IndexFunc(src.TargetList, func(ste *nodes.TargetEntry) bool { return ste.ResJunk && nodes.Equal(ste.Expr, v) })
			if col < 0 {
				col = len(src.TargetList)
				src.TargetList = append(src.TargetList, &nodes.TargetEntry{Expr: v, ResNo: col + 1, Name: v.Name, ResJunk: true})
			}
			return &nodes.Var{VarNo: nodes.OuterVar, AttNo: col + 1, Type: v.Type, Name: v.Name, RelName: v.RelName, Location: v.Location}, true
		})
		if err != nil {
			return err
		}
		te.ResNo = i + 1
		te.ResJunk = false
	}
	q.Returning = out
	return nil
}

// insertReturning analyzes an INSERT's RETURNING list, which sees only the
// target table (entry 1 of q's range table).
func (a *analyzer) insertReturning(q *nodes.Query, list []*pg_query.Node) error {
	if len(list) == 0 {
		return nil
	}
	r := a.child()
	rq := &nodes.Query{CommandType: nodes.CmdSelect, JoinTree: &nodes.FromExpr{}, RangeTable: q.RangeTable[:1]}
	r.from = []fromItem{{node: &nodes.RangeTblRef{RTIndex: 1}, cols: rteColumns(rq, 1)}}
	err := r.returningList(q, rq, list)
	a.params = r.params
	return err
}

// returningSubqueryReadsOthers reports whether a subquery in a RETURNING
// expression refers to a column of the statement's other FROM items,
// which the ModifyTable does not have at hand.
func returningSubqueryReadsOthers(e nodes.Expr) bool {
	found := false
	nodes.Walk(e, func(n nodes.Expr) bool {
		sl, ok := n.(*nodes.SubLink)
		if !ok || found {
			return !found
		}
		found = queryReadsOuter(sl.Subquery, 1, func(v *nodes.Var) bool { return v.VarNo != 1 })
		return !found
	})
	return found
}

// queryReadsOuter reports whether q, levels below the query in question,
// has a Var of that query that bad accepts.
func queryReadsOuter(q *nodes.Query, levels int, bad func(*nodes.Var) bool) bool {
	found := false
	var visit func(e nodes.Expr)
	visit = func(e nodes.Expr) {
		nodes.Walk(e, func(n nodes.Expr) bool {
			switch x := n.(type) {
			case *nodes.Var:
				if x.LevelsUp == levels && bad(x) {
					found = true
				}
			case *nodes.SubLink:
				found = found || queryReadsOuter(x.Subquery, levels+1, bad)
			}
			return !found
		})
	}
	for _, te := range q.TargetList {
		visit(te.Expr)
	}
	if q.JoinTree != nil {
		visit(q.JoinTree.Quals)
		var join func(n nodes.JoinNode)
		join = func(n nodes.JoinNode) {
			if je, ok := n.(*nodes.JoinExpr); ok {
				visit(je.Quals)
				join(je.Larg)
				join(je.Rarg)
			}
		}
		for _, n := range q.JoinTree.FromList {
			join(n)
		}
	}
	visit(q.HavingQual)
	for _, rte := range q.RangeTable {
		if rte.Subquery != nil {
			found = found || queryReadsOuter(rte.Subquery, levels+1, bad)
		}
	}
	return found
}

// arrayAssignment returns the new value of array column ci of an UPDATE's
// target for SET col[...] = e: prev (the column's value after earlier
// assignments in the same SET, nil for its current value) with the
// element or slice replaced (PG: transformAssignmentIndirection).
func (a *analyzer) arrayAssignment(rel *catalog.Relation, ci int, prev nodes.Expr, rt *pg_query.ResTarget, e nodes.Expr, sc *scope) (nodes.Expr, error) {
	for _, ind := range rt.Indirection {
		if ind.GetAIndices() == nil {
			return nil, pgerror.Unsupported("UPDATE of fields is not supported").WithPosition(a.pos(rt.Location))
		}
	}
	col := rel.Columns[ci]
	if prev == nil {
		prev = &nodes.Var{VarNo: 1, AttNo: ci + 1, Type: col.Type, Name: col.Name, RelName: sc.q.RangeTable[0].Alias, Location: -1}
	}
	ref, err := a.subscriptRef(prev, rt.Indirection, rt.Location, sc)
	if err != nil {
		return nil, err
	}
	target := ref.Type // the element, or the array for a slice
	if e, err = a.coerce(e, target, CoerceAssignment, int(exprLocation(rt.Val))); err != nil {
		return nil, err
	}
	ref.AssignExpr = e
	ref.Type = col.Type
	return ref, nil
}
