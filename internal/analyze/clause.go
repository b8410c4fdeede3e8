// clause.go analyzes FROM (tables and joins), GROUP BY, HAVING and
// DISTINCT (PG: parse_clause.c, parse_agg.c).

package analyze

import (
	"slices"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

// namedExpr is a column a FROM item exposes: its name and the expression
// (a Var, or COALESCE of two for a FULL JOIN USING column).
type namedExpr struct {
	name string
	expr nodes.Expr
}

// fromItem is a top-level FROM item and the columns it exposes to
// unqualified references.
type fromItem struct {
	node nodes.JoinNode
	cols []namedExpr
}

func (a *analyzer) fromClause(q *nodes.Query, items []*pg_query.Node) error {
	saved := a.fromStart
	a.fromStart = len(a.from)
	defer func() { a.fromStart = saved }()
	for _, it := range items {
		n, cols, err := a.fromItem(q, it)
		if err != nil {
			return err
		}
		q.JoinTree.FromList = append(q.JoinTree.FromList, n)
		a.from = append(a.from, fromItem{node: n, cols: cols})
	}
	return a.checkDuplicateAliases(q)
}

func (a *analyzer) checkDuplicateAliases(q *nodes.Query) error {
	seen := map[string]bool{}
	for _, rte := range q.RangeTable {
		if !rteHasName(rte) {
			continue
		}
		if seen[rte.Alias] {
			return pgerror.Newf(pgerror.DuplicateAlias, "table name \"%s\" specified more than once", rte.Alias)
		}
		seen[rte.Alias] = true
	}
	return nil
}

// fromItem transforms one FROM item, returning its join-tree node and the
// columns it exposes.
func (a *analyzer) fromItem(q *nodes.Query, n *pg_query.Node) (nodes.JoinNode, []namedExpr, error) {
	switch {
	case n.GetRangeVar() != nil:
		ref, err := a.addRelation(q, n.GetRangeVar())
		if err != nil {
			return nil, nil, err
		}
		return ref, rteColumns(q, ref.RTIndex), nil
	case n.GetJoinExpr() != nil:
		return a.joinExpr(q, n.GetJoinExpr())
	case n.GetRangeSubselect() != nil:
		return a.rangeSubselect(q, n.GetRangeSubselect())
	case n.GetRangeFunction() != nil:
		return a.rangeFunction(q, n.GetRangeFunction())
	case n.GetRangeTableSample() != nil:
		return a.rangeTableSample(q, n.GetRangeTableSample())
	}
	return nil, nil, pgerror.Unsupported("FROM item %s is not supported yet", stmtName(n))
}

// rteHasName reports whether rte can be referred to by its alias: a
// table, a subquery, a function or a recursive WITH query in FROM.
func rteHasName(rte *nodes.RangeTblEntry) bool {
	return rte.Kind == nodes.RTERelation || rte.Kind == nodes.RTESubquery || rte.Kind == nodes.RTEFunction || rte.Kind == nodes.RTECTE
}

func rteColumns(q *nodes.Query, rti int) []namedExpr {
	rte := q.RangeTable[rti-1]
	var out []namedExpr
	for j, cn := range rte.ColNames {
		if cn == "" {
			continue
		}
		out = append(out, namedExpr{cn, &nodes.Var{VarNo: rti, AttNo: j + 1, Type: rte.ColTypes[j], Name: cn, RelName: rte.Alias, Location: -1}})
	}
	return out
}

// joinName is a name a join in FROM is known by and the columns it
// exposes under that name.
type joinName struct {
	name string
	cols []namedExpr
}

// joinExpr analyzes a JOIN. An alias names the join's columns (renamed by
// a column list) and hides the tables inside it from the rest of the
// query; a USING clause's alias names just the merged columns (PG:
// transformFromClauseItem's join RTE and join_using_alias).
func (a *analyzer) joinExpr(q *nodes.Query, j *pg_query.JoinExpr) (nodes.JoinNode, []namedExpr, error) {
	je, cols, err := a.joinBody(q, j)
	if err != nil {
		return nil, nil, err
	}
	if ua := j.JoinUsingAlias; ua != nil {
		n := len(j.UsingClause)
		a.joinNames = append(a.joinNames, joinName{name: ua.Aliasname, cols: cols[:n:n]})
	}
	if al := j.Alias; al != nil {
		if len(al.Colnames) > len(cols) {
			return nil, nil, pgerror.Newf(pgerror.InvalidColumnReference, "join expression \"%s\" has %d columns available but %d columns specified", al.Aliasname, len(cols), len(al.Colnames))
		}
		renamed := slices.Clone(cols)
		for i, c := range al.Colnames {
			renamed[i].name = strVal(c)
		}
		cols = renamed
		a.joinNames = append(a.joinNames, joinName{name: al.Aliasname, cols: cols})
		if a.hiddenRels == nil {
			a.hiddenRels = map[int]bool{}
		}
		var hide func(n nodes.JoinNode)
		hide = func(n nodes.JoinNode) {
			switch x := n.(type) {
			case *nodes.RangeTblRef:
				a.hiddenRels[x.RTIndex] = true
			case *nodes.JoinExpr:
				hide(x.Larg)
				hide(x.Rarg)
			}
		}
		hide(je)
	}
	return je, cols, nil
}

// joinColumn resolves name.col against the joins named name; ok is false
// when no join has that name.
func (a *analyzer) joinColumn(relName, col string, loc int32) (nodes.Expr, bool, error) {
	for i := len(a.joinNames) - 1; i >= 0; i-- {
		jn := a.joinNames[i]
		if jn.name != relName {
			continue
		}
		for _, c := range jn.cols {
			if c.name == col {
				if v, isVar := c.expr.(*nodes.Var); isVar {
					cv := *v
					cv.Location = int(loc)
					return &cv, true, nil
				}
				return c.expr, true, nil
			}
		}
		return nil, true, pgerror.Newf(pgerror.UndefinedColumn, "column %s.%s does not exist", relName, col).WithPosition(a.pos(loc))
	}
	return nil, false, nil
}

// joinBody analyzes a JOIN without its aliases.
func (a *analyzer) joinBody(q *nodes.Query, j *pg_query.JoinExpr) (*nodes.JoinExpr, []namedExpr, error) {
	l, lcols, err := a.fromItem(q, j.Larg)
	if err != nil {
		return nil, nil, err
	}
	// The right side may refer to the left side laterally, which is an
	// error for RIGHT and FULL joins (PG: transformFromClauseItem).
	left := lateralItem{fromItem: fromItem{node: l, cols: lcols}}
	if j.Jointype != pg_query.JoinType_JOIN_INNER && j.Jointype != pg_query.JoinType_JOIN_LEFT {
		left.denied = lateralBadJoin
	}
	a.joinLefts = append(a.joinLefts, left)
	r, rcols, err := a.fromItem(q, j.Rarg)
	a.joinLefts = a.joinLefts[:len(a.joinLefts)-1]
	if err != nil {
		return nil, nil, err
	}
	je := &nodes.JoinExpr{Larg: l, Rarg: r}
	switch j.Jointype {
	case pg_query.JoinType_JOIN_INNER:
		je.JoinType = nodes.JoinInner
	case pg_query.JoinType_JOIN_LEFT:
		je.JoinType = nodes.JoinLeft
	case pg_query.JoinType_JOIN_RIGHT:
		je.JoinType = nodes.JoinRight
	case pg_query.JoinType_JOIN_FULL:
		je.JoinType = nodes.JoinFull
	default:
		return nil, nil, pgerror.Unsupported("join type %s is not supported", j.Jointype.String())
	}
	var using []string
	if j.IsNatural {
		for _, lc := range lcols {
			for _, rc := range rcols {
				if lc.name == rc.name {
					using = append(using, lc.name)
				}
			}
		}
	}
	for _, u := range j.UsingClause {
		using = append(using, strVal(u))
	}
	var cols []namedExpr
	inUsing := map[string]bool{}
	var quals []nodes.Expr
	for _, name := range using {
		if inUsing[name] {
			return nil, nil, pgerror.Newf(pgerror.DuplicateColumn, "column name \"%s\" appears more than once in USING clause", name)
		}
		inUsing[name] = true
		le, err := findUsingColumn(lcols, name, "left")
		if err != nil {
			return nil, nil, err
		}
		re, err := findUsingColumn(rcols, name, "right")
		if err != nil {
			return nil, nil, err
		}
		eq, err := a.makeOp("=", le, re, -1)
		if err != nil {
			return nil, nil, err
		}
		quals = append(quals, eq)
		op := eq.(*nodes.OpExpr)
		var merged nodes.Expr
		switch je.JoinType {
		case nodes.JoinRight:
			merged = op.Args[1]
		case nodes.JoinFull:
			merged = &nodes.CoalesceExpr{Type: op.Args[0].ExprType(), Args: op.Args}
		default:
			merged = op.Args[0]
		}
		cols = append(cols, namedExpr{name, merged})
	}
	for _, c := range lcols {
		if !inUsing[c.name] {
			cols = append(cols, c)
		}
	}
	for _, c := range rcols {
		if !inUsing[c.name] {
			cols = append(cols, c)
		}
	}
	if j.Quals != nil {
		// ON sees the columns of both sides (and, as in PG, earlier FROM items are not visible).
		saved := a.from
		a.from = []fromItem{{node: l, cols: lcols}, {node: r, cols: rcols}}
		on, err := a.expr(j.Quals, &scope{q: q, kind: exprJoinOn})
		a.from = saved
		if err != nil {
			return nil, nil, err
		}
		if on, err = a.coerceBool(on, "JOIN/ON", -1); err != nil {
			return nil, nil, err
		}
		quals = append(quals, on)
	}
	switch len(quals) {
	case 0:
	case 1:
		je.Quals = quals[0]
	default:
		je.Quals = &nodes.BoolExpr{Op: nodes.AndExpr, Args: quals}
	}
	return je, cols, nil
}

func findUsingColumn(cols []namedExpr, name, side string) (nodes.Expr, error) {
	var found nodes.Expr
	for _, c := range cols {
		if c.name == name {
			if found != nil {
				return nil, pgerror.Newf(pgerror.AmbiguousColumn, "common column name \"%s\" appears more than once in %s table", name, side)
			}
			found = c.expr
		}
	}
	if found == nil {
		return nil, pgerror.Newf(pgerror.UndefinedColumn, "column \"%s\" specified in USING clause does not exist in %s table", name, side)
	}
	return found, nil
}

// checkGroupTarget rejects a GROUP BY item that is an output column
// computed by an aggregate or window function (PG:
// checkTargetlistEntrySQL92).
func (a *analyzer) checkGroupTarget(te *nodes.TargetEntry) error {
	var err error
	nodes.Walk(te.Expr, func(n nodes.Expr) bool {
		switch x := n.(type) {
		case *nodes.Aggref:
			err = pgerror.New(pgerror.GroupingError, "aggregate functions are not allowed in GROUP BY").WithPosition(a.pos(int32(x.Location)))
		case *nodes.WindowFunc:
			err = pgerror.New(pgerror.WindowingError, "window functions are not allowed in GROUP BY").WithPosition(a.pos(int32(x.Location)))
		}
		return err == nil
	})
	return err
}

// findTargetForGroup resolves a GROUP BY item. In GROUP BY a bare name
// refers to an input column first (SQL99), unlike ORDER BY.
func (a *analyzer) findTargetForGroup(q *nodes.Query, n *pg_query.Node) (*nodes.TargetEntry, error) {
	if c := n.GetAConst(); c != nil && c.GetIval() != nil {
		te, err := a.findTargetForSort(q, n)
		if pe, ok := pgerror.As(err); ok && pe.Code == pgerror.InvalidColumnReference {
			return nil, pgerror.Newf(pgerror.InvalidColumnReference, "GROUP BY position %d is not in select list", c.GetIval().Ival).WithPosition(pe.Position)
		}
		return te, err
	}
	if cr := n.GetColumnRef(); cr != nil && len(cr.Fields) == 1 {
		if _, err := a.columnRef(cr, &scope{q: q, kind: exprGroupBy}); err != nil {
			// Not an input column: try an output column name.
			return a.findTargetForSort(q, n)
		}
	}
	e, err := a.expr(n, &scope{q: q, kind: exprGroupBy})
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

// textIfUnknown resolves an untyped literal that becomes a sort or
// grouping key to text, as keys need a type to be compared (PG:
// addTargetToSortList); only a select list whose literals are left for
// the caller to resolve has such keys.
func (a *analyzer) textIfUnknown(te *nodes.TargetEntry) error {
	if te.Expr.ExprType().Oid != types.UnknownOid {
		return nil
	}
	e, err := a.coerce(te.Expr, types.TText, CoerceImplicit, -1)
	if err != nil {
		return err
	}
	te.Expr = e
	return nil
}

// distinctClause makes every visible output column a DISTINCT key.
func (a *analyzer) distinctClause(q *nodes.Query) error {
	for _, te := range q.TargetList {
		if te.ResJunk {
			continue
		}
		if err := a.textIfUnknown(te); err != nil {
			return err
		}
		if err := a.checkJsonpathEquality(te.Expr.ExprType(), int32(exprLoc(te.Expr))); err != nil {
			return err
		}
		if te.SortGroupRef == 0 {
			te.SortGroupRef = maxSortRef(q) + 1
		}
		q.DistinctClause = append(q.DistinctClause, &nodes.SortGroupClause{TLESortGroupRef: te.SortGroupRef})
	}
	for _, sc := range q.SortClause {
		found := false
		for _, dc := range q.DistinctClause {
			if dc.TLESortGroupRef == sc.TLESortGroupRef {
				found = true
			}
		}
		if !found {
			return pgerror.New(pgerror.InvalidColumnReference, "for SELECT DISTINCT, ORDER BY expressions must appear in select list")
		}
	}
	return nil
}

// rangeSubselect analyzes a subquery in FROM as its own query.
func (a *analyzer) rangeSubselect(q *nodes.Query, rs *pg_query.RangeSubselect) (nodes.JoinNode, []namedExpr, error) {
	if rs.Alias == nil {
		return nil, nil, pgerror.New(pgerror.SyntaxError, "subquery in FROM must have an alias").
			WithHint("For example, FROM (SELECT ...) [AS] foo.")
	}
	sel := rs.Subquery.GetSelectStmt()
	if sel == nil {
		return nil, nil, pgerror.Unsupported("this subquery in FROM is not supported yet")
	}
	sub := a.child()
	sub.parent, sub.parentQuery, sub.depth = a, q, a.depth+1
	sub.fromSubquery, sub.lateral = true, rs.Lateral
	st, err := sub.selectStmt(sel)
	a.params = sub.params
	if err != nil {
		return nil, nil, err
	}
	sq := st.(*nodes.Query)
	rte := &nodes.RangeTblEntry{Kind: nodes.RTESubquery, Alias: rs.Alias.Aliasname, RelName: rs.Alias.Aliasname, Subquery: sq, Lateral: rs.Lateral}
	for _, te := range sq.TargetList {
		if te.ResJunk {
			continue
		}
		rte.ColNames = append(rte.ColNames, te.Name)
		rte.ColTypes = append(rte.ColTypes, te.Expr.ExprType())
	}
	for i, cn := range rs.Alias.Colnames {
		if i < len(rte.ColNames) {
			rte.ColNames[i] = strVal(cn)
		}
	}
	q.RangeTable = append(q.RangeTable, rte)
	ref := &nodes.RangeTblRef{RTIndex: len(q.RangeTable)}
	return ref, rteColumns(q, ref.RTIndex), nil
}

// distinctOnClause analyzes DISTINCT ON (exprs): ORDER BY must begin with
// the expressions (in any order); those it does not name follow, ascending
// (PG: transformDistinctOnClause).
func (a *analyzer) distinctOnClause(q *nodes.Query, items []*pg_query.Node) error {
	var refs []int
	locs := map[int]int32{}
	for _, it := range items {
		te, err := a.findTargetForSort(q, it)
		if err != nil {
			return err
		}
		if err := a.textIfUnknown(te); err != nil {
			return err
		}
		if err := a.checkJsonpathEquality(te.Expr.ExprType(), exprLocation(it)); err != nil {
			return err
		}
		if te.SortGroupRef == 0 {
			te.SortGroupRef = maxSortRef(q) + 1
		}
		if !slices.Contains(refs, te.SortGroupRef) {
			refs = append(refs, te.SortGroupRef)
			locs[te.SortGroupRef] = exprLocation(it)
		}
	}
	used := map[int]bool{}
	for _, sc := range q.SortClause {
		if len(used) == len(refs) {
			break
		}
		if !slices.Contains(refs, sc.TLESortGroupRef) {
			loc := int32(-1)
			for _, r := range refs {
				if !used[r] {
					loc = locs[r]
					break
				}
			}
			return pgerror.New(pgerror.InvalidColumnReference, "SELECT DISTINCT ON expressions must match initial ORDER BY expressions").WithPosition(a.pos(loc))
		}
		if !used[sc.TLESortGroupRef] {
			used[sc.TLESortGroupRef] = true
			c := *sc
			q.DistinctClause = append(q.DistinctClause, &c)
		}
	}
	for _, r := range refs {
		if !used[r] {
			q.DistinctClause = append(q.DistinctClause, &nodes.SortGroupClause{TLESortGroupRef: r})
		}
	}
	q.HasDistinctOn = true
	return nil
}
