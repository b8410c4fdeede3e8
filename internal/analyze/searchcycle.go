// searchcycle.go rewrites the SEARCH and CYCLE clauses of a WITH RECURSIVE
// query into columns the query computes itself (PG: rewriteSearchCycle.c,
// with parse_cte.c's checks of the clauses). The rewrite works on the raw
// parse tree, before the query is analyzed. For
//
//	WITH RECURSIVE q(c1, c2) AS (nonrec UNION [ALL] SELECT trosl FROM q ...)
//	SEARCH DEPTH FIRST BY c1 SET seq
//	CYCLE c2 SET mark TO v DEFAULT d USING path
//
// the query becomes
//
//	WITH RECURSIVE q(c1, c2, seq, mark, path) AS (
//	    SELECT c1, c2, ARRAY[ROW(c1)], d, ARRAY[ROW(c2)]
//	      FROM (nonrec) "*TLOCRN*"(c1, c2)
//	  UNION [ALL]
//	    SELECT c1, c2, seq || ARRAY[ROW(c1)],
//	           CASE WHEN ROW(c2) = ANY (path) THEN v ELSE d END,
//	           path || ARRAY[ROW(c2)]
//	      FROM (SELECT trosl, q.seq, q.mark, q.path FROM q ...)
//	           "*TROCRN*"(c1, c2, seq, mark, path)
//	     WHERE mark <> v)
//
// SEARCH BREADTH FIRST computes ROW(0::bigint, c1) first and then
// ROW(depth + 1, c1), the depth read from the previous row's column (a
// FieldSelect PostgreSQL builds directly; here the field is named
// "*DEPTH*", as PostgreSQL names it).

package analyze

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"

	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

// searchDepthName names the depth column of SEARCH BREADTH FIRST's rows.
const searchDepthName = "*DEPTH*"

// searchDepthField returns the FieldSelect of (record)."*DEPTH*", which only
// the rewrite of SEARCH BREADTH FIRST writes, or nil.
func searchDepthField(base nodes.Expr, ind []*pg_query.Node) nodes.Expr {
	if len(ind) != 1 || base.ExprType().Oid != types.RecordOid {
		return nil
	}
	if s := ind[0].GetString_(); s == nil || s.Sval != searchDepthName {
		return nil
	}
	return &nodes.FieldSelect{Arg: base, FieldNum: 1, Type: types.TInt8}
}

// Raw parse-tree builders.

func rawColumn(names ...string) *pg_query.Node {
	var fields []*pg_query.Node
	for _, n := range names {
		fields = append(fields, pg_query.MakeStrNode(n))
	}
	return &pg_query.Node{Node: &pg_query.Node_ColumnRef{ColumnRef: &pg_query.ColumnRef{Fields: fields, Location: -1}}}
}

func rawRow(cols []string) *pg_query.Node {
	r := &pg_query.RowExpr{RowFormat: pg_query.CoercionForm_COERCE_EXPLICIT_CALL, Location: -1}
	for _, c := range cols {
		r.Args = append(r.Args, rawColumn(c))
	}
	return &pg_query.Node{Node: &pg_query.Node_RowExpr{RowExpr: r}}
}

func rawArray(elems ...*pg_query.Node) *pg_query.Node {
	return &pg_query.Node{Node: &pg_query.Node_AArrayExpr{AArrayExpr: &pg_query.A_ArrayExpr{Elements: elems, Location: -1}}}
}

func rawOp(name string, l, r *pg_query.Node) *pg_query.Node {
	return pg_query.MakeAExprNode(pg_query.A_Expr_Kind_AEXPR_OP, []*pg_query.Node{pg_query.MakeStrNode(name)}, l, r, -1)
}

func rawTarget(name string, val *pg_query.Node) *pg_query.Node {
	return &pg_query.Node{Node: &pg_query.Node_ResTarget{ResTarget: &pg_query.ResTarget{Name: name, Val: val, Location: -1}}}
}

// rawSubselectFrom is SELECT targets FROM (sub) alias(cols) [WHERE where].
func rawSubselectFrom(targets []*pg_query.Node, sub *pg_query.Node, alias string, cols []string, where *pg_query.Node) *pg_query.Node {
	al := &pg_query.Alias{Aliasname: alias}
	for _, c := range cols {
		al.Colnames = append(al.Colnames, pg_query.MakeStrNode(c))
	}
	from := &pg_query.Node{Node: &pg_query.Node_RangeSubselect{RangeSubselect: &pg_query.RangeSubselect{Subquery: sub, Alias: al}}}
	s := &pg_query.SelectStmt{TargetList: targets, FromClause: []*pg_query.Node{from}, WhereClause: where,
		Op: pg_query.SetOperation_SETOP_NONE, LimitOption: pg_query.LimitOption_LIMIT_OPTION_DEFAULT}
	return &pg_query.Node{Node: &pg_query.Node_SelectStmt{SelectStmt: s}}
}

// rewriteSearchCycle replaces def's query by one computing its SEARCH and
// CYCLE columns, after PostgreSQL's checks of the clauses.
func (a *analyzer) rewriteSearchCycle(def *cteDef) error {
	c := def.cte
	sel := c.Ctequery.GetSelectStmt()
	loc := c.Location
	if sc := c.SearchClause; sc != nil {
		loc = sc.Location
	} else if cc := c.CycleClause; cc != nil {
		loc = cc.Location
	}
	isSimple := func(s *pg_query.SelectStmt) bool {
		return s != nil && (s.Op == pg_query.SetOperation_SETOP_NONE || s.Op == pg_query.SetOperation_SET_OPERATION_UNDEFINED)
	}
	if !isSimple(sel.Larg) {
		return pgerror.New(pgerror.FeatureNotSupported, "with a SEARCH or CYCLE clause, the left side of the UNION must be a SELECT")
	}
	if !isSimple(sel.Rarg) || len(sel.Rarg.ValuesLists) > 0 {
		return pgerror.New(pgerror.FeatureNotSupported, "with a SEARCH or CYCLE clause, the right side of the UNION must be a SELECT")
	}
	// The column names: the aliases, then the non-recursive term's own.
	probe := a.child()
	probe.ctes = def.scope
	probe.keepUnknowns = true
	st, err := probe.selectStmt(sel.Larg)
	a.params = probe.params
	if err != nil {
		return err
	}
	var names []string
	for _, te := range visibleColumns(st.(*nodes.Query)) {
		names = append(names, te.Name)
	}
	if len(c.Aliascolnames) > len(names) {
		return pgerror.Newf(pgerror.InvalidColumnReference, "WITH query \"%s\" has %d columns available but %d columns specified", c.Ctename, len(names), len(c.Aliascolnames)).WithPosition(a.pos(c.Location))
	}
	for i, cn := range c.Aliascolnames {
		names[i] = strVal(cn)
	}
	has := func(n string) bool {
		for _, x := range names {
			if x == n {
				return true
			}
		}
		return false
	}
	columnList := func(list []*pg_query.Node, what string) ([]string, error) {
		var out []string
		seen := map[string]bool{}
		for _, n := range list {
			col := strVal(n)
			if !has(col) {
				return nil, pgerror.Newf(pgerror.SyntaxError, "%s column \"%s\" not in WITH query column list", what, col).WithPosition(a.pos(loc))
			}
			if seen[col] {
				return nil, pgerror.Newf(pgerror.DuplicateColumn, "%s column \"%s\" specified more than once", what, col).WithPosition(a.pos(loc))
			}
			seen[col] = true
			out = append(out, col)
		}
		return out, nil
	}
	var extra []string
	var searchCols, cycleCols []string
	sc, cc := c.SearchClause, c.CycleClause
	// PostgreSQL adds the clauses' columns to the query's before it
	// analyzes the recursive term, where a reference to a name used twice
	// is ambiguous.
	for _, x := range []string{sc.GetSearchSeqColumn(), cc.GetCycleMarkColumn(), cc.GetCyclePathColumn()} {
		if x == "" || !has(x) {
			continue
		}
		if l := columnReference(sel.Rarg, x); l >= 0 {
			return pgerror.Newf(pgerror.AmbiguousColumn, "column reference \"%s\" is ambiguous", x).WithPosition(a.pos(l))
		}
	}
	if sc != nil {
		if searchCols, err = columnList(sc.SearchColList, "search"); err != nil {
			return err
		}
		if has(sc.SearchSeqColumn) {
			return pgerror.Newf(pgerror.SyntaxError, "search sequence column name \"%s\" already used in WITH query column list", sc.SearchSeqColumn).WithPosition(a.pos(sc.Location))
		}
		extra = append(extra, sc.SearchSeqColumn)
	}
	if cc != nil {
		if cycleCols, err = columnList(cc.CycleColList, "cycle"); err != nil {
			return err
		}
		switch {
		case has(cc.CycleMarkColumn):
			return pgerror.Newf(pgerror.SyntaxError, "cycle mark column name \"%s\" already used in WITH query column list", cc.CycleMarkColumn).WithPosition(a.pos(cc.Location))
		case has(cc.CyclePathColumn):
			return pgerror.Newf(pgerror.SyntaxError, "cycle path column name \"%s\" already used in WITH query column list", cc.CyclePathColumn).WithPosition(a.pos(cc.Location))
		case cc.CycleMarkColumn == cc.CyclePathColumn:
			return pgerror.New(pgerror.SyntaxError, "cycle mark column name and cycle path column name are the same").WithPosition(a.pos(cc.Location))
		}
		if sc != nil {
			switch sc.SearchSeqColumn {
			case cc.CycleMarkColumn:
				return pgerror.New(pgerror.SyntaxError, "search sequence column name and cycle mark column name are the same").WithPosition(a.pos(sc.Location))
			case cc.CyclePathColumn:
				return pgerror.New(pgerror.SyntaxError, "search sequence column name and cycle path column name are the same").WithPosition(a.pos(sc.Location))
			}
		}
		if err := a.checkCycleMark(cc); err != nil {
			return err
		}
		extra = append(extra, cc.CycleMarkColumn, cc.CyclePathColumn)
	}
	all := append(append([]string(nil), names...), extra...)

	// The recursive term, with the previous row's added columns.
	rarg := proto.Clone(sel.Rarg).(*pg_query.SelectStmt)
	self := selfReferenceName(rarg.FromClause, c.Ctename)
	if self == "" {
		return pgerror.Internal("recursive reference to \"%s\" not found", c.Ctename)
	}
	for _, col := range extra {
		rarg.TargetList = append(rarg.TargetList, rawTarget(col, rawColumn(self, col)))
	}

	var ltargets, rtargets []*pg_query.Node
	for _, n := range names {
		ltargets = append(ltargets, rawTarget(n, rawColumn(n)))
		rtargets = append(rtargets, rawTarget(n, rawColumn(n)))
	}
	var where *pg_query.Node
	if sc != nil {
		seq := sc.SearchSeqColumn
		if sc.SearchBreadthFirst {
			zero := &pg_query.Node{Node: &pg_query.Node_TypeCast{TypeCast: &pg_query.TypeCast{
				Arg:      pg_query.MakeAConstIntNode(0, -1),
				TypeName: &pg_query.TypeName{Names: []*pg_query.Node{pg_query.MakeStrNode("pg_catalog"), pg_query.MakeStrNode("int8")}, Typemod: -1, Location: -1},
				Location: -1}}}
			first := rawRow(searchCols)
			first.GetRowExpr().Args = append([]*pg_query.Node{zero}, first.GetRowExpr().Args...)
			ltargets = append(ltargets, rawTarget(seq, first))
			depth := &pg_query.Node{Node: &pg_query.Node_AIndirection{AIndirection: &pg_query.A_Indirection{
				Arg: rawColumn(seq), Indirection: []*pg_query.Node{pg_query.MakeStrNode(searchDepthName)}}}}
			next := rawRow(searchCols)
			next.GetRowExpr().Args = append([]*pg_query.Node{rawOp("+", depth, pg_query.MakeAConstIntNode(1, -1))}, next.GetRowExpr().Args...)
			rtargets = append(rtargets, rawTarget(seq, next))
		} else {
			ltargets = append(ltargets, rawTarget(seq, rawArray(rawRow(searchCols))))
			rtargets = append(rtargets, rawTarget(seq, rawOp("||", rawColumn(seq), rawArray(rawRow(searchCols)))))
		}
	}
	if cc != nil {
		mark, path := cc.CycleMarkColumn, cc.CyclePathColumn
		ltargets = append(ltargets, rawTarget(mark, proto.Clone(cc.CycleMarkDefault).(*pg_query.Node)))
		ltargets = append(ltargets, rawTarget(path, rawArray(rawRow(cycleCols))))
		seen := pg_query.MakeAExprNode(pg_query.A_Expr_Kind_AEXPR_OP_ANY, []*pg_query.Node{pg_query.MakeStrNode("=")}, rawRow(cycleCols), rawColumn(path), -1)
		markExpr := &pg_query.Node{Node: &pg_query.Node_CaseExpr{CaseExpr: &pg_query.CaseExpr{
			Args: []*pg_query.Node{{Node: &pg_query.Node_CaseWhen{CaseWhen: &pg_query.CaseWhen{
				Expr: seen, Result: proto.Clone(cc.CycleMarkValue).(*pg_query.Node), Location: -1}}}},
			Defresult: proto.Clone(cc.CycleMarkDefault).(*pg_query.Node), Location: -1}}}
		rtargets = append(rtargets, rawTarget(mark, markExpr))
		rtargets = append(rtargets, rawTarget(path, rawOp("||", rawColumn(path), rawArray(rawRow(cycleCols)))))
		where = rawOp("<>", rawColumn(mark), proto.Clone(cc.CycleMarkValue).(*pg_query.Node))
		if b := cc.CycleMarkValue.GetAConst().GetBoolval(); b != nil {
			// mark <> true is NOT mark, mark <> false is mark, as
			// PostgreSQL's constant folding has it.
			where = rawColumn(mark)
			if b.Boolval {
				where = &pg_query.Node{Node: &pg_query.Node_BoolExpr{BoolExpr: &pg_query.BoolExpr{Boolop: pg_query.BoolExprType_NOT_EXPR, Args: []*pg_query.Node{where}, Location: -1}}}
			}
		}
	}
	lsub := &pg_query.Node{Node: &pg_query.Node_SelectStmt{SelectStmt: sel.Larg}}
	rsub := &pg_query.Node{Node: &pg_query.Node_SelectStmt{SelectStmt: rarg}}
	nsel := &pg_query.SelectStmt{Op: sel.Op, All: sel.All, WithClause: sel.WithClause, LimitOption: sel.LimitOption,
		Larg: rawSubselectFrom(ltargets, lsub, "*TLOCRN*", names, nil).GetSelectStmt(),
		Rarg: rawSubselectFrom(rtargets, rsub, "*TROCRN*", all, where).GetSelectStmt()}
	nc := &pg_query.CommonTableExpr{Ctename: c.Ctename, Ctematerialized: c.Ctematerialized, Location: c.Location,
		Ctequery: &pg_query.Node{Node: &pg_query.Node_SelectStmt{SelectStmt: nsel}}}
	for _, n := range all {
		nc.Aliascolnames = append(nc.Aliascolnames, pg_query.MakeStrNode(n))
	}
	def.cte = nc
	return nil
}

// checkCycleMark checks that the CYCLE clause's mark value and default
// have a common type (PG: select_common_type over them, "CYCLE").
func (a *analyzer) checkCycleMark(cc *pg_query.CTECycleClause) error {
	sub := a.child()
	var ts []types.T
	for _, n := range []*pg_query.Node{cc.CycleMarkValue, cc.CycleMarkDefault} {
		e, err := sub.expr(n, &scope{kind: exprValues, noVars: true})
		if err != nil {
			return err
		}
		ts = append(ts, e.ExprType())
	}
	_, err := commonType(ts, "CYCLE")
	return withPos(err, a.pos(exprLocation(cc.CycleMarkDefault)))
}

// selfReferenceName returns the name the recursive term's FROM list refers
// to query name by: its alias, or the name itself.
func selfReferenceName(from []*pg_query.Node, name string) string {
	for _, n := range from {
		switch {
		case n.GetRangeVar() != nil:
			rv := n.GetRangeVar()
			if rv.Schemaname == "" && rv.Relname == name {
				if rv.Alias != nil {
					return rv.Alias.Aliasname
				}
				return name
			}
		case n.GetJoinExpr() != nil:
			j := n.GetJoinExpr()
			if s := selfReferenceName([]*pg_query.Node{j.Larg, j.Rarg}, name); s != "" {
				return s
			}
		}
	}
	return ""
}

// columnReference returns the location of the first reference to column
// name in the raw query s, searching its FROM clause, then its select
// list, then the rest, or -1.
func columnReference(s *pg_query.SelectStmt, name string) int32 {
	found := int32(-1)
	var walk func(m proto.Message)
	walk = func(m proto.Message) {
		if found >= 0 {
			return
		}
		if cr, ok := m.(*pg_query.ColumnRef); ok {
			if f := cr.Fields; len(f) > 0 && strVal(f[len(f)-1]) == name {
				found = cr.Location
			}
			return
		}
		rawChildren(m, walk)
	}
	for _, n := range s.FromClause {
		walk(n)
	}
	for _, n := range s.TargetList {
		walk(n)
	}
	walk(s)
	return found
}
