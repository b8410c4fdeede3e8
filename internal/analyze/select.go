// select.go analyzes SELECT and INSERT (PG: analyze.c transformSelectStmt,
// transformInsertStmt; parse_clause.c; parse_target.c).

package analyze

import (
	"strconv"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/loomdb/loomdb/internal/catalog"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

func (a *analyzer) selectStmt(s *pg_query.SelectStmt) (nodes.Stmt, error) {
	if s.WithClause == nil {
		return a.selectBody(s)
	}
	restore, ctes, err := a.withClause(s.WithClause)
	if err != nil {
		return nil, err
	}
	defer restore()
	st, err := a.selectBody(s)
	if err != nil {
		return nil, err
	}
	attachCTEs(st, ctes)
	return st, nil
}

// selectBody analyzes a SELECT whose WITH clause is in scope.
func (a *analyzer) selectBody(s *pg_query.SelectStmt) (nodes.Stmt, error) {
	switch {
	case s.Op != pg_query.SetOperation_SETOP_NONE && s.Op != pg_query.SetOperation_SET_OPERATION_UNDEFINED:
		return a.setOpStmt(s)
	case len(s.ValuesLists) > 0:
		return a.valuesQuery(s)
	case len(s.LockingClause) > 0:
		return nil, pgerror.Unsupported("SELECT FOR UPDATE/SHARE is not supported yet")
	case s.IntoClause != nil:
		return a.selectInto(s)
	}
	q := &nodes.Query{CommandType: nodes.CmdSelect, JoinTree: &nodes.FromExpr{}}
	if err := a.fromClause(q, s.FromClause); err != nil {
		return nil, err
	}
	sc := &scope{q: q, kind: exprSelect}
	for _, rt := range s.TargetList {
		r := rt.GetResTarget()
		if cr := r.Val.GetColumnRef(); cr != nil && cr.Fields[len(cr.Fields)-1].GetAStar() != nil {
			if err := a.expandStar(q, cr); err != nil {
				return nil, err
			}
			continue
		}
		e, err := a.expr(r.Val, sc)
		if err != nil {
			return nil, err
		}
		if q.HasTargetSRFs {
			if err := a.selectSRFCheck(e); err != nil {
				return nil, err
			}
		}
		if e.ExprType().Oid == types.UnknownOid && !a.keepUnknowns {
			if e, err = a.coerce(e, types.TText, CoerceImplicit, -1); err != nil {
				return nil, err
			}
		}
		name := r.Name
		if name == "" {
			name = figureColname(r.Val)
		}
		te := &nodes.TargetEntry{Expr: e, ResNo: len(q.TargetList) + 1, Name: name}
		if v, ok := e.(*nodes.Var); ok && v.LevelsUp == 0 && v.VarNo > 0 {
			te.OrigTable = q.RangeTable[v.VarNo-1].RelOid
			te.OrigCol = v.AttNo
		}
		q.TargetList = append(q.TargetList, te)
	}
	if s.WhereClause != nil {
		w, err := a.expr(s.WhereClause, &scope{q: q, kind: exprWhere})
		if err != nil {
			return nil, err
		}
		if w, err = a.coerceBool(w, "WHERE", int(exprLocation(s.WhereClause))); err != nil {
			return nil, err
		}
		q.JoinTree.Quals = w
	}
	if err := a.groupClause(q, s.GroupClause, s.GroupDistinct); err != nil {
		return nil, err
	}
	if err := groupBySRFCheck(q); err != nil {
		return nil, err
	}
	if s.HavingClause != nil {
		h, err := a.expr(s.HavingClause, &scope{q: q, kind: exprHaving})
		if err != nil {
			return nil, err
		}
		if h, err = a.coerceBool(h, "HAVING", int(exprLocation(s.HavingClause))); err != nil {
			return nil, err
		}
		q.HavingQual = h
	}
	if err := a.sortClause(q, s.SortClause); err != nil {
		return nil, err
	}
	if len(s.DistinctClause) > 0 && s.DistinctClause[0] != nil && s.DistinctClause[0].Node != nil {
		if err := a.distinctOnClause(q, s.DistinctClause); err != nil {
			return nil, err
		}
	} else if len(s.DistinctClause) > 0 {
		if err := a.distinctClause(q); err != nil {
			return nil, err
		}
	}
	if len(a.windows) > 0 || len(s.WindowClause) > 0 {
		if err := a.windowClauses(q, s.WindowClause); err != nil {
			return nil, err
		}
	}
	if err := a.limitClause(q, s); err != nil {
		return nil, err
	}
	if q.HasAggs || len(q.GroupClause) > 0 || len(q.GroupingSets) > 0 || q.HavingQual != nil {
		if err := a.resolveGroupingFuncs(q); err != nil {
			return nil, err
		}
		if err := a.checkUngrouped(q); err != nil {
			return nil, err
		}
	}
	if q.HasAggs && len(q.Aggs) > 0 && hasSelfReference(q) {
		// Per the SQL standard, the recursive term works row by row on
		// the previous iteration's rows (PG: parseCheckAggregates).
		return nil, pgerror.New(pgerror.InvalidRecursion, "aggregate functions are not allowed in a recursive query's recursive term").WithPosition(a.pos(int32(exprLoc(q.Aggs[0]))))
	}
	if err := a.checkWholeRows(q); err != nil {
		return nil, err
	}
	return q, nil
}

// hasSelfReference reports whether q's own range table holds a recursive
// WITH query's reference to itself.
func hasSelfReference(q *nodes.Query) bool {
	for _, rte := range q.RangeTable {
		if rte.Kind == nodes.RTECTE && rte.SelfReference {
			return true
		}
	}
	return false
}

// limitClause analyzes a query's LIMIT and OFFSET.
func (a *analyzer) limitClause(q *nodes.Query, s *pg_query.SelectStmt) error {
	var err error
	if s.LimitCount != nil {
		if q.LimitCount, err = a.limitExpr(s.LimitCount, "LIMIT"); err != nil {
			return err
		}
	}
	if s.LimitOffset != nil {
		if q.LimitOffset, err = a.limitExpr(s.LimitOffset, "OFFSET"); err != nil {
			return err
		}
	}
	if s.LimitOption == pg_query.LimitOption_LIMIT_OPTION_WITH_TIES {
		if len(s.SortClause) == 0 {
			return pgerror.New(pgerror.SyntaxError, "WITH TIES cannot be specified without ORDER BY clause")
		}
		if c, ok := q.LimitCount.(*nodes.Const); ok && c.Value == nil {
			return pgerror.New(pgerror.InvalidRowCountInLimitClause, "row count cannot be null in FETCH FIRST ... WITH TIES clause")
		}
		q.LimitWithTies = true
	}
	return nil
}

// valuesQuery analyzes VALUES as a query: a Values Scan of the rows, each
// column converted to the common type of its values (PG:
// transformValuesClause), with ORDER BY and LIMIT on top.
func (a *analyzer) valuesQuery(s *pg_query.SelectStmt) (nodes.Stmt, error) {
	var rows [][]nodes.Expr
	var locs [][]int
	width := len(s.ValuesLists[0].GetList().Items)
	for _, vl := range s.ValuesLists {
		items := vl.GetList().Items
		if len(items) != width {
			loc := int32(-1)
			if len(items) > 0 {
				loc = exprLocation(items[0])
			}
			return nil, pgerror.New(pgerror.SyntaxError, "VALUES lists must all be the same length").WithPosition(a.pos(loc))
		}
		var row []nodes.Expr
		var rl []int
		for _, it := range items {
			if d := it.GetSetToDefault(); d != nil {
				return nil, pgerror.New(pgerror.SyntaxError, "DEFAULT is not allowed in this context").WithPosition(a.pos(d.Location))
			}
			e, err := a.expr(it, &scope{kind: exprValues, noVars: true})
			if err != nil {
				return nil, err
			}
			row = append(row, e)
			rl = append(rl, int(exprLocation(it)))
		}
		rows = append(rows, row)
		locs = append(locs, rl)
	}
	rte := &nodes.RangeTblEntry{Kind: nodes.RTEValues, Alias: "*VALUES*", RelName: "*VALUES*"}
	for j := 0; j < width; j++ {
		ts := make([]types.T, len(rows))
		for i := range rows {
			ts[i] = rows[i][j].ExprType()
		}
		t, err := commonType(ts, "VALUES")
		if err != nil {
			return nil, withPos(err, a.pos(int32(locs[0][j])))
		}
		if t.Oid == types.UnknownOid || t.Oid == types.InvalidOid {
			t = types.TText
		}
		for i := range rows {
			if rows[i][j], err = a.coerce(rows[i][j], t, CoerceImplicit, locs[i][j]); err != nil {
				return nil, err
			}
		}
		rte.ColNames = append(rte.ColNames, "column"+strconv.Itoa(j+1))
		rte.ColTypes = append(rte.ColTypes, t)
	}
	rte.Values = rows
	q := &nodes.Query{CommandType: nodes.CmdSelect, JoinTree: &nodes.FromExpr{}, RangeTable: []*nodes.RangeTblEntry{rte}}
	ref := &nodes.RangeTblRef{RTIndex: 1}
	q.JoinTree.FromList = []nodes.JoinNode{ref}
	a.from = append(a.from, fromItem{node: ref, cols: rteColumns(q, 1)})
	for j, name := range rte.ColNames {
		q.TargetList = append(q.TargetList, &nodes.TargetEntry{
			Expr:  &nodes.Var{VarNo: 1, AttNo: j + 1, Type: rte.ColTypes[j], Name: name, RelName: rte.Alias, Location: -1},
			ResNo: j + 1, Name: name,
		})
	}
	if err := a.sortClause(q, s.SortClause); err != nil {
		return nil, err
	}
	if err := a.limitClause(q, s); err != nil {
		return nil, err
	}
	return q, nil
}

func (a *analyzer) addRelation(q *nodes.Query, rv *pg_query.RangeVar) (*nodes.RangeTblRef, error) {
	if rv.Catalogname != "" {
		return nil, pgerror.Unsupported("cross-database references are not implemented: %s.%s.%s", rv.Catalogname, rv.Schemaname, rv.Relname).WithPosition(a.pos(rv.Location))
	}
	var rte *nodes.RangeTblEntry
	var rel *catalog.Relation
	var err error
	if def := a.lookupCTE(rv.Relname); def != nil && rv.Schemaname == "" {
		if rte, err = a.cteRTE(def, rv); err != nil {
			return nil, err
		}
	} else if rel, err = a.env.Catalog.LookupRelation(rv.Schemaname, rv.Relname); err != nil {
		return nil, withPos(err, a.pos(rv.Location))
	} else if a.noteRangeVar(rv, rel); rel.Kind == 'v' {
		if rte, err = a.viewRTE(rel); err != nil {
			return nil, err
		}
	} else {
		rte = &nodes.RangeTblEntry{Kind: nodes.RTERelation, RelOid: rel.Oid, RelName: rel.Name, Alias: rel.Name, Schema: rel.NamespaceName}
		for _, c := range rel.Columns {
			name := c.Name
			if c.Dropped {
				name = ""
			}
			rte.ColNames = append(rte.ColNames, name)
			rte.ColTypes = append(rte.ColTypes, c.Type)
		}
	}
	if rv.Alias != nil {
		rte.Alias = rv.Alias.Aliasname
	}
	if rv.Alias != nil {
		for i, cn := range rv.Alias.Colnames {
			if i < len(rte.ColNames) {
				rte.ColNames[i] = strVal(cn)
			}
		}
	}
	q.RangeTable = append(q.RangeTable, rte)
	return &nodes.RangeTblRef{RTIndex: len(q.RangeTable)}, nil
}

func (a *analyzer) expandStar(q *nodes.Query, cr *pg_query.ColumnRef) error {
	before := len(q.TargetList)
	defer a.noteStar(q, cr, before)
	add := func(cols []namedExpr) {
		for _, c := range cols {
			te := &nodes.TargetEntry{Expr: c.expr, ResNo: len(q.TargetList) + 1, Name: c.name}
			if v, ok := c.expr.(*nodes.Var); ok && v.LevelsUp == 0 {
				te.OrigTable, te.OrigCol = q.RangeTable[v.VarNo-1].RelOid, v.AttNo
			}
			q.TargetList = append(q.TargetList, te)
		}
	}
	if len(cr.Fields) >= 2 {
		relName := strVal(cr.Fields[len(cr.Fields)-2])
		for i := len(a.joinNames) - 1; i >= 0; i-- {
			if a.joinNames[i].name == relName {
				add(a.joinNames[i].cols)
				return nil
			}
		}
		for i, rte := range q.RangeTable {
			if rteHasName(rte) && rte.Alias == relName {
				if a.hiddenRels[i+1] {
					return pgerror.Newf(pgerror.UndefinedTable, "invalid reference to FROM-clause entry for table \"%s\"", relName).
						WithHint("There is an entry for table \"%s\", but it cannot be referenced from this part of the query.", relName).WithPosition(a.pos(cr.Location))
				}
				add(rteColumns(q, i+1))
				return nil
			}
		}
		if a.fromSubquery && a.parent != nil && a.parentQuery != nil {
			cols, err := a.parent.lateralStar(a.parentQuery, relName, cr.Location, a.lateral)
			if err != nil {
				return err
			}
			if cols != nil {
				add(cols)
				return nil
			}
		}
		return pgerror.Newf(pgerror.UndefinedTable, "missing FROM-clause entry for table \"%s\"", relName).WithPosition(a.pos(cr.Location))
	}
	if len(a.from) == 0 {
		return pgerror.New(pgerror.SyntaxError, "SELECT * with no tables specified is not valid").WithPosition(a.pos(cr.Location))
	}
	for _, it := range a.from {
		add(it.cols)
	}
	return nil
}

// figureColname names an output column as PG's FigureColname does.
func figureColname(n *pg_query.Node) string {
	name, _ := figureColnameInternal(n)
	if name == "" {
		return "?column?"
	}
	return name
}

func figureColnameInternal(n *pg_query.Node) (string, int) {
	switch {
	case n.GetColumnRef() != nil:
		f := n.GetColumnRef().Fields
		if s := strVal(f[len(f)-1]); s != "" {
			return s, 2
		}
	case n.GetFuncCall() != nil:
		fn := n.GetFuncCall().Funcname
		return strVal(fn[len(fn)-1]), 2
	case n.GetGroupingFunc() != nil:
		return "grouping", 2
	case n.GetSqlvalueFunction() != nil:
		// PG: FigureColnameInternal names SQLValueFunctions after their
		// keyword.
		switch op := n.GetSqlvalueFunction().Op; op {
		case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP_N:
			return "current_timestamp", 2
		case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIME_N:
			return "current_time", 2
		case pg_query.SQLValueFunctionOp_SVFOP_LOCALTIMESTAMP_N:
			return "localtimestamp", 2
		case pg_query.SQLValueFunctionOp_SVFOP_LOCALTIME_N:
			return "localtime", 2
		default:
			return strings.ToLower(strings.TrimPrefix(op.String(), "SVFOP_")), 2
		}
	case n.GetTypeCast() != nil:
		name, strength := figureColnameInternal(n.GetTypeCast().Arg)
		if strength <= 1 {
			tn := n.GetTypeCast().TypeName.Names
			return strVal(tn[len(tn)-1]), 1
		}
		return name, strength
	case n.GetCaseExpr() != nil:
		name, strength := figureColnameInternal(n.GetCaseExpr().Defresult)
		if strength <= 1 {
			return "case", 1
		}
		return name, strength
	case n.GetCoalesceExpr() != nil:
		return "coalesce", 2
	case n.GetAArrayExpr() != nil:
		return "array", 2
	case n.GetRowExpr() != nil:
		return "row", 2
	case n.GetAIndirection() != nil:
		// A trailing field selection names the column; subscripts do not.
		ind := n.GetAIndirection().Indirection
		if len(ind) > 0 {
			if f := ind[len(ind)-1].GetString_(); f != nil {
				return f.Sval, 2
			}
		}
		return figureColnameInternal(n.GetAIndirection().Arg)
	case n.GetMinMaxExpr() != nil:
		if n.GetMinMaxExpr().Op == pg_query.MinMaxOp_IS_GREATEST {
			return "greatest", 2
		}
		return "least", 2
	case n.GetAExpr() != nil:
		if n.GetAExpr().Kind == pg_query.A_Expr_Kind_AEXPR_NULLIF {
			return "nullif", 2
		}
	case n.GetSubLink() != nil:
		sl := n.GetSubLink()
		switch sl.SubLinkType {
		case pg_query.SubLinkType_EXISTS_SUBLINK:
			return "exists", 2
		case pg_query.SubLinkType_ARRAY_SUBLINK:
			return "array", 2
		case pg_query.SubLinkType_EXPR_SUBLINK:
			// The subquery's single column's name: a set operation's is
			// its leftmost arm's.
			sel := sl.Subselect.GetSelectStmt()
			for sel != nil && sel.Larg != nil && len(sel.TargetList) == 0 {
				sel = sel.Larg
			}
			if sel != nil && len(sel.ValuesLists) > 0 {
				return "column1", 2
			}
			if sel != nil && len(sel.TargetList) > 0 {
				if rt := sel.TargetList[0].GetResTarget(); rt != nil {
					if rt.Name != "" {
						return rt.Name, 2
					}
					return figureColname(rt.Val), 2
				}
			}
		}
	case n.GetBoolExpr() != nil, n.GetNullTest() != nil:
	}
	return "", 0
}

func (a *analyzer) sortClause(q *nodes.Query, items []*pg_query.Node) error {
	for _, it := range items {
		sb := it.GetSortBy()
		te, err := a.findTargetForSort(q, sb.Node)
		if err != nil {
			return err
		}
		if err := a.textIfUnknown(te); err != nil {
			return err
		}
		// json and jsonpath have no btree operator class.
		if err := a.checkSortable(te.Expr.ExprType(), exprLocation(sb.Node)); err != nil {
			return err
		}
		if te.SortGroupRef == 0 {
			te.SortGroupRef = maxSortRef(q) + 1
		}
		desc, err := a.sortDirection(sb)
		if err != nil {
			return err
		}
		nullsFirst := desc
		switch sb.SortbyNulls {
		case pg_query.SortByNulls_SORTBY_NULLS_FIRST:
			nullsFirst = true
		case pg_query.SortByNulls_SORTBY_NULLS_LAST:
			nullsFirst = false
		}
		if inSortList(q.SortClause, te.SortGroupRef) {
			// A later key on the same column adds nothing (PG:
			// addTargetToSortList, whose targetIsInSortList matches the
			// ordering operator or its commutator: either direction).
			continue
		}
		q.SortClause = append(q.SortClause, &nodes.SortGroupClause{TLESortGroupRef: te.SortGroupRef, Descending: desc, NullsFirst: nullsFirst})
	}
	return nil
}

// sortDirection reports whether an ORDER BY item sorts descending: DESC,
// or USING the ">" operator ("<" sorts ascending; PostgreSQL accepts only
// the "<" and ">" members of a btree operator family).
func (a *analyzer) sortDirection(sb *pg_query.SortBy) (bool, error) {
	if sb.SortbyDir != pg_query.SortByDir_SORTBY_USING {
		return sb.SortbyDir == pg_query.SortByDir_SORTBY_DESC, nil
	}
	op := ""
	if len(sb.UseOp) > 0 {
		op = strVal(sb.UseOp[len(sb.UseOp)-1])
	}
	switch op {
	case "<":
		return false, nil
	case ">":
		return true, nil
	}
	return false, pgerror.Newf(pgerror.WrongObjectType, "operator %s is not a valid ordering operator", op).
		WithHint("Ordering operators must be \"<\" or \">\" members of btree operator families.").WithPosition(a.pos(sb.Location))
}

// inSortList reports whether the sort list already sorts on the target
// entry with SortGroupRef ref.
func inSortList(list []*nodes.SortGroupClause, ref int) bool {
	for _, sc := range list {
		if sc.TLESortGroupRef == ref {
			return true
		}
	}
	return false
}

func maxSortRef(q *nodes.Query) int {
	m := 0
	for _, te := range q.TargetList {
		if te.SortGroupRef > m {
			m = te.SortGroupRef
		}
	}
	return m
}

func (a *analyzer) findTargetForSort(q *nodes.Query, n *pg_query.Node) (*nodes.TargetEntry, error) {
	if cr := n.GetColumnRef(); cr != nil && len(cr.Fields) == 1 && cr.Fields[0].GetAStar() == nil {
		name := strVal(cr.Fields[0])
		var match *nodes.TargetEntry
		for _, te := range q.TargetList {
			if !te.ResJunk && te.Name == name {
				if match != nil && !exprEqual(match.Expr, te.Expr) {
					return nil, pgerror.Newf(pgerror.AmbiguousColumn, "ORDER BY \"%s\" is ambiguous", name).WithPosition(a.pos(cr.Location))
				}
				if match == nil {
					match = te
				}
			}
		}
		if match != nil {
			return match, nil
		}
	}
	if c := n.GetAConst(); c != nil && c.GetIval() != nil {
		pos := int(c.GetIval().Ival)
		visible := 0
		for _, te := range q.TargetList {
			if te.ResJunk {
				continue
			}
			visible++
			if visible == pos {
				return te, nil
			}
		}
		return nil, pgerror.Newf(pgerror.InvalidColumnReference, "ORDER BY position %d is not in select list", pos).WithPosition(a.pos(c.Location))
	}
	e, err := a.expr(n, &scope{q: q, kind: exprOrderBy})
	if err != nil {
		return nil, err
	}
	if e.ExprType().Oid == types.UnknownOid {
		if e, err = a.coerce(e, types.TText, CoerceImplicit, -1); err != nil {
			return nil, err
		}
	}
	for _, te := range q.TargetList {
		if exprEqual(te.Expr, e) {
			return te, nil
		}
	}
	te := &nodes.TargetEntry{Expr: e, ResNo: len(q.TargetList) + 1, Name: "?column?", ResJunk: true}
	q.TargetList = append(q.TargetList, te)
	return te, nil
}

// exprEqual compares two expressions ignoring parse locations.
func exprEqual(x, y nodes.Expr) bool { return nodes.Equal(x, y) }

func (a *analyzer) limitExpr(n *pg_query.Node, what string) (nodes.Expr, error) {
	kind := exprLimit
	if what == "OFFSET" {
		kind = exprOffset
	}
	e, err := a.expr(n, &scope{kind: kind, noVars: true})
	if err != nil {
		return nil, err
	}
	if c, ok := e.(*nodes.Const); ok && c.Value == nil && c.Type.Oid == types.UnknownOid {
		return &nodes.Const{Type: types.TInt8, Location: c.Location}, nil
	}
	return a.coerce(e, types.TInt8, CoerceAssignment, -1)
}

// checkUngrouped rejects column references outside aggregates that are
// not grouping expressions, in the target list and HAVING (PG:
// check_ungrouped_columns).
func (a *analyzer) checkUngrouped(q *nodes.Query) error {
	var groupExprs []nodes.Expr
	for _, g := range q.GroupClause {
		for _, te := range q.TargetList {
			if te.SortGroupRef == g.TLESortGroupRef {
				groupExprs = append(groupExprs, te.Expr)
			}
		}
	}
	var bad *nodes.Var
	// badDirect marks bad as found in an ordered-set aggregate's direct
	// arguments, which are computed per group like the target list.
	badDirect := false
	var walk func(e nodes.Expr, direct bool)
	walk = func(e nodes.Expr, direct bool) {
		nodes.Walk(e, func(n nodes.Expr) bool {
			if bad != nil {
				return false
			}
			for _, g := range groupExprs {
				if exprEqual(g, n) {
					return false
				}
			}
			switch v := n.(type) {
			case *nodes.GroupingFunc:
				return false
			case *nodes.Aggref:
				for _, d := range v.DirectArgs {
					walk(d, true)
				}
				return false
			case *nodes.Var:
				// A parent query's column is a constant here.
				if v.LevelsUp == 0 {
					bad, badDirect = v, direct
				}
				return false
			}
			return true
		})
	}
	for _, te := range q.TargetList {
		walk(te.Expr, false)
	}
	if q.HavingQual != nil {
		walk(q.HavingQual, false)
	}
	if bad != nil {
		err := pgerror.Newf(pgerror.GroupingError, "column \"%s.%s\" must appear in the GROUP BY clause or be used in an aggregate function", bad.RelName, bad.Name).WithPosition(a.pos(int32(bad.Location)))
		if badDirect {
			err = err.WithDetail("Direct arguments of an ordered-set aggregate must use only grouped columns.")
		}
		return err
	}
	return nil
}

func (a *analyzer) insertStmt(s *pg_query.InsertStmt) (nodes.Stmt, error) {
	if s.WithClause != nil {
		restore, ctes, err := a.withClause(s.WithClause)
		if err != nil {
			return nil, err
		}
		defer restore()
		st, err := a.insertBody(s)
		if err != nil {
			return nil, err
		}
		attachCTEs(st, ctes)
		return st, nil
	}
	return a.insertBody(s)
}

// insertBody analyzes an INSERT whose WITH clause is in scope.
func (a *analyzer) insertBody(s *pg_query.InsertStmt) (nodes.Stmt, error) {
	rel, err := a.env.Catalog.LookupRelation(s.Relation.Schemaname, s.Relation.Relname)
	if err != nil {
		return nil, withPos(err, a.pos(s.Relation.Location))
	}
	if rel.Kind == 'v' {
		return a.insertIntoView(s, rel)
	}
	if rel.Kind == 'S' {
		return nil, pgerror.Newf(pgerror.WrongObjectType, "cannot change sequence \"%s\"", rel.Name)
	}
	return a.insertInto(s, rel)
}

// insertInto analyzes an INSERT into rel, a table or a view's stand-in
// (see viewTargetRelation).
func (a *analyzer) insertInto(s *pg_query.InsertStmt, rel *catalog.Relation) (nodes.Stmt, error) {
	q := &nodes.Query{CommandType: nodes.CmdInsert, JoinTree: &nodes.FromExpr{}}
	alias := rel.Name
	if s.Relation.Alias != nil {
		alias = s.Relation.Alias.Aliasname
	}
	target := &nodes.RangeTblEntry{Kind: nodes.RTERelation, RelOid: rel.Oid, RelName: rel.Name, Alias: alias, Schema: rel.NamespaceName}
	for _, c := range rel.Columns {
		target.ColNames = append(target.ColNames, liveColumnName(c))
		target.ColTypes = append(target.ColTypes, c.Type)
	}
	q.RangeTable = append(q.RangeTable, target)
	q.ResultRelation = 1
	if err := a.insertReturning(q, s.ReturningList); err != nil {
		return nil, err
	}
	var err2 error
	if q.Checks, err2 = a.tableChecks(rel); err2 != nil {
		return nil, err2
	}
	riCmd := nodes.CmdInsert
	if s.OnConflictClause != nil {
		if q.OnConflict, err2 = a.onConflict(q, rel, s.OnConflictClause); err2 != nil {
			return nil, err2
		}
		if q.OnConflict.DoUpdate {
			// Rows may be updated too.
			riCmd = nodes.CmdUpdate
		}
	}
	if q.RIKeys, err2 = a.riKeys(rel, riCmd); err2 != nil {
		return nil, err2
	}

	// Target columns, in the order the source provides them.
	var cols []int
	if len(s.Cols) == 0 {
		for i, c := range rel.Columns {
			if !c.Dropped {
				cols = append(cols, i)
			}
		}
	} else {
		seen := map[int]bool{}
		for _, cn := range s.Cols {
			rt := cn.GetResTarget()
			if len(rt.Indirection) > 0 {
				return nil, pgerror.Unsupported("INSERT into array elements or fields is not supported")
			}
			i := rel.ColumnByName(rt.Name)
			if i < 0 {
				return nil, pgerror.Newf(pgerror.UndefinedColumn, "column \"%s\" of relation \"%s\" does not exist", rt.Name, rel.Name).WithPosition(a.pos(rt.Location))
			}
			if seen[i] {
				return nil, pgerror.Newf(pgerror.DuplicateColumn, "column \"%s\" specified more than once", rt.Name).WithPosition(a.pos(rt.Location))
			}
			seen[i] = true
			cols = append(cols, i)
		}
	}
	q.InsertColumns = make([]int, len(rel.Columns))
	for i := range q.InsertColumns {
		q.InsertColumns[i] = -1
	}

	var rows [][]nodes.Expr
	var locs []int
	sel := s.SelectStmt.GetSelectStmt()
	if sel == nil {
		// DEFAULT VALUES
		rows = [][]nodes.Expr{{}}
		cols = nil
	} else if len(sel.ValuesLists) > 0 {
		if n := len(sel.ValuesLists[0].GetList().Items); len(s.Cols) == 0 && n < len(cols) {
			// Without a column list the values fill the leading columns;
			// the rest get their defaults.
			cols = cols[:n]
		}
		for vi, vl := range sel.ValuesLists {
			items := vl.GetList().Items
			if vi > 0 && len(items) != len(sel.ValuesLists[0].GetList().Items) {
				loc := int32(-1)
				if len(items) > 0 {
					loc = exprLocation(items[0])
				}
				return nil, pgerror.New(pgerror.SyntaxError, "VALUES lists must all be the same length").WithPosition(a.pos(loc))
			}
			if len(items) > len(cols) {
				return nil, pgerror.New(pgerror.SyntaxError, "INSERT has more expressions than target columns").WithPosition(a.pos(exprLocation(items[len(cols)])))
			}
			if len(items) < len(cols) && len(s.Cols) > 0 {
				return nil, pgerror.New(pgerror.SyntaxError, "INSERT has more target columns than expressions").WithPosition(a.pos(s.Cols[len(items)].GetResTarget().Location))
			}
			var row []nodes.Expr
			locs = locs[:0]
			for j, it := range items {
				if it.GetSetToDefault() == nil && j < len(cols) {
					if err := identityCheck(rel.Columns[cols[j]], s.Override); err != nil {
						return nil, err
					}
				}
				if it.GetSetToDefault() != nil || (j < len(cols) && rel.Columns[cols[j]].Identity != 0 && s.Override == pg_query.OverridingKind_OVERRIDING_USER_VALUE) {
					row = append(row, nil)
					locs = append(locs, -1)
					continue
				}
				e, err := a.expr(it, &scope{kind: exprValues, noVars: true})
				if err != nil {
					return nil, err
				}
				row = append(row, e)
				locs = append(locs, int(exprLocation(it)))
			}
			for j, e := range row {
				if e == nil {
					continue
				}
				ce, err := a.coerceToColumn(e, rel.Columns[cols[j]], locs[j])
				if err != nil {
					return nil, err
				}
				row[j] = ce
			}
			rows = append(rows, row)
		}
	} else {
		return a.insertSelect(q, rel, s, sel, cols)
	}
	// DEFAULT items take their column's default, and so do the columns
	// the statement leaves out that have one. Each default is analyzed
	// once; the rows share its (immutable) expression.
	defaults := map[int]nodes.Expr{}
	columnDefault := func(ci int) (nodes.Expr, error) {
		if d, ok := defaults[ci]; ok {
			return d, nil
		}
		d, err := a.columnDefault(rel, ci)
		defaults[ci] = d
		return d, err
	}
	var err error
	for _, row := range rows {
		for j, e := range row {
			if e == nil && hasDefault(rel, cols[j]) {
				if row[j], err = columnDefault(cols[j]); err != nil {
					return nil, err
				}
			}
		}
	}
	named := make([]bool, len(rel.Columns))
	for _, ci := range cols {
		named[ci] = true
	}
	for ci := range rel.Columns {
		if named[ci] || !hasDefault(rel, ci) {
			continue
		}
		d, err := columnDefault(ci)
		if err != nil {
			return nil, err
		}
		cols = append(cols, ci)
		for i := range rows {
			rows[i] = append(rows[i], d)
		}
	}
	vals := &nodes.RangeTblEntry{Kind: nodes.RTEValues, Values: rows, Alias: "*VALUES*"}
	for j := range cols {
		vals.ColNames = append(vals.ColNames, "column"+strconv.Itoa(j+1))
		vals.ColTypes = append(vals.ColTypes, rel.Columns[cols[j]].Type)
	}
	q.RangeTable = append(q.RangeTable, vals)
	q.JoinTree.FromList = []nodes.JoinNode{&nodes.RangeTblRef{RTIndex: 2}}
	for j, ci := range cols {
		q.InsertColumns[ci] = j
		q.TargetList = append(q.TargetList, &nodes.TargetEntry{
			Expr:  &nodes.Var{VarNo: 2, AttNo: j + 1, Type: rel.Columns[ci].Type, Name: vals.ColNames[j], RelName: "*VALUES*", Location: -1},
			ResNo: j + 1, Name: rel.Columns[ci].Name,
		})
	}
	return q, nil
}

// insertSelect completes an INSERT ... SELECT: the user's query becomes
// the subquery "*SELECT*" of a source query that coerces its columns to
// the target columns' types (PG: transformInsertStmt).
func (a *analyzer) insertSelect(q *nodes.Query, rel *catalog.Relation, s *pg_query.InsertStmt, sel *pg_query.SelectStmt, cols []int) (nodes.Stmt, error) {
	// A plain SELECT's untyped literals take the target columns' types, as
	// if written in VALUES; a set operation's arms resolve them to text.
	sub := a.child()
	sub.keepUnknowns = sel.Op == pg_query.SetOperation_SETOP_NONE || sel.Op == pg_query.SetOperation_SET_OPERATION_UNDEFINED
	st, err := sub.selectStmt(sel)
	a.params = sub.params
	if err != nil {
		return nil, err
	}
	sq := st.(*nodes.Query)
	var visible []*nodes.TargetEntry
	var locs []int32
	first := sel // errors point into the leftmost arm's select list
	for first.Larg != nil {
		first = first.Larg
	}
	for i, te := range sq.TargetList {
		if te.ResJunk {
			continue
		}
		visible = append(visible, te)
		loc := int32(-1)
		if i < len(first.TargetList) {
			if rt := first.TargetList[i].GetResTarget(); rt != nil {
				loc = exprLocation(rt.Val)
			}
		}
		locs = append(locs, loc)
	}
	n := len(visible)
	switch {
	case n > len(cols):
		return nil, pgerror.New(pgerror.SyntaxError, "INSERT has more expressions than target columns").WithPosition(a.pos(locs[len(cols)]))
	case n < len(cols) && len(s.Cols) > 0:
		return nil, pgerror.New(pgerror.SyntaxError, "INSERT has more target columns than expressions").WithPosition(a.pos(s.Cols[n].GetResTarget().Location))
	case n < len(cols):
		cols = cols[:n]
	}
	rte := &nodes.RangeTblEntry{Kind: nodes.RTESubquery, Alias: "*SELECT*", RelName: "*SELECT*", Subquery: sq}
	for j, te := range visible {
		if te.Expr.ExprType().Oid == types.UnknownOid {
			col := rel.Columns[cols[j]]
			if te.Expr, err = a.coerce(te.Expr, col.Type, CoerceAssignment, int(locs[j])); err != nil {
				return nil, err
			}
		}
		rte.ColNames = append(rte.ColNames, te.Name)
		rte.ColTypes = append(rte.ColTypes, te.Expr.ExprType())
	}
	// The source query lists every table column in order; those the
	// statement does not name get NULL (PG: rewriteTargetListIU).
	src := &nodes.Query{CommandType: nodes.CmdSelect, RangeTable: []*nodes.RangeTblEntry{rte},
		JoinTree: &nodes.FromExpr{FromList: []nodes.JoinNode{&nodes.RangeTblRef{RTIndex: 1}}}}
	for ci, col := range rel.Columns {
		d, err := a.columnDefault(rel, ci)
		if err != nil {
			return nil, err
		}
		src.TargetList = append(src.TargetList, &nodes.TargetEntry{Expr: d, ResNo: ci + 1, Name: col.Name})
		q.InsertColumns[ci] = ci
	}
	for j, ci := range cols {
		if err := identityCheck(rel.Columns[ci], s.Override); err != nil {
			return nil, err
		}
		if rel.Columns[ci].Identity != 0 && s.Override == pg_query.OverridingKind_OVERRIDING_USER_VALUE {
			continue
		}
		v := &nodes.Var{VarNo: 1, AttNo: j + 1, Type: rte.ColTypes[j], Name: rte.ColNames[j], RelName: rte.Alias, Location: -1}
		e, err := a.coerceToColumn(v, rel.Columns[ci], int(locs[j]))
		if err != nil {
			return nil, err
		}
		src.TargetList[ci].Expr = e
	}
	q.Source = src
	return q, nil
}

// identityCheck refuses a value written for a GENERATED ALWAYS identity
// column unless the INSERT says OVERRIDING SYSTEM VALUE (PG:
// rewriteTargetListIU).
func identityCheck(col catalog.Column, override pg_query.OverridingKind) error {
	if col.Identity != 'a' || override == pg_query.OverridingKind_OVERRIDING_SYSTEM_VALUE || override == pg_query.OverridingKind_OVERRIDING_USER_VALUE {
		return nil
	}
	return pgerror.Newf(pgerror.GeneratedAlways, "cannot insert a non-DEFAULT value into column \"%s\"", col.Name).
		WithDetail("Column \"%s\" is an identity column defined as GENERATED ALWAYS.", col.Name).
		WithHint("Use OVERRIDING SYSTEM VALUE to override.")
}

// coerceToColumn converts an INSERT's value for column col (PG:
// transformAssignedExpr), with PostgreSQL's error when no assignment cast
// exists.
func (a *analyzer) coerceToColumn(e nodes.Expr, col catalog.Column, loc int) (nodes.Expr, error) {
	ce, err := a.coerce(e, col.Type, CoerceAssignment, loc)
	if err != nil {
		if pe, ok := pgerror.As(err); ok && (pe.Code == pgerror.DatatypeMismatch || pe.Code == pgerror.CannotCoerce) {
			return nil, pgerror.Newf(pgerror.DatatypeMismatch, "column \"%s\" is of type %s but expression is of type %s", col.Name, types.FormatType(col.Type), typeName(e.ExprType())).
				WithHint("You will need to rewrite or cast the expression.").WithPosition(a.pos(int32(loc)))
		}
		return nil, err
	}
	return ce, nil
}

func exprLocation(n *pg_query.Node) int32 {
	switch {
	case n.GetAConst() != nil:
		return n.GetAConst().Location
	case n.GetColumnRef() != nil:
		return n.GetColumnRef().Location
	case n.GetTypeCast() != nil:
		return n.GetTypeCast().Location
	case n.GetAExpr() != nil:
		// PG reports the leftmost of the operator and its left argument.
		loc := n.GetAExpr().Location
		if l := n.GetAExpr().Lexpr; l != nil {
			if ll := exprLocation(l); ll >= 0 && (loc < 0 || ll < loc) {
				loc = ll
			}
		}
		return loc
	case n.GetFuncCall() != nil:
		return n.GetFuncCall().Location
	case n.GetParamRef() != nil:
		return n.GetParamRef().Location
	case n.GetSubLink() != nil:
		return n.GetSubLink().Location
	case n.GetRowExpr() != nil:
		return n.GetRowExpr().Location
	}
	return -1
}
