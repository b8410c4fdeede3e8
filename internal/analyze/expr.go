// expr.go transforms raw expressions into typed nodes.Expr trees (PG:
// parse_expr.c).

package analyze

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/catalog"
	"github.com/loomdb/loomdb/internal/funcs"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

// exprKind says where an expression appears, which decides whether
// aggregates are allowed (PG: ParseExprKind).
type exprKind uint8

const (
	exprSelect exprKind = iota
	exprWhere
	exprOrderBy
	exprLimit
	exprValues
	exprOffset
	exprJoinOn
	exprGroupBy
	exprHaving
	exprFromFunction
	exprWindowFrame
	exprUpdateSource
	exprReturning
	exprColumnDefault
	exprExecuteParam
	exprCheck
	exprFilter
	exprTransform
)

// kindName names the clause of sc for messages.
func (sc *scope) kindName() string {
	if sc == nil {
		return "this context"
	}
	if n := sc.kind.String(); n != "" {
		return n
	}
	return "this context"
}

func (k exprKind) String() string {
	switch k {
	case exprWhere:
		return "WHERE"
	case exprLimit:
		return "LIMIT"
	case exprOffset:
		return "OFFSET"
	case exprValues:
		return "VALUES"
	case exprJoinOn:
		return "JOIN conditions"
	case exprGroupBy:
		return "GROUP BY"
	case exprFromFunction:
		return "functions in FROM"
	case exprWindowFrame:
		return "window frame"
	case exprUpdateSource:
		return "UPDATE"
	case exprReturning:
		return "RETURNING"
	case exprColumnDefault:
		return "DEFAULT expressions"
	case exprExecuteParam:
		return "EXECUTE parameters"
	case exprCheck:
		return "check constraints"
	case exprFilter:
		return "FILTER"
	case exprTransform:
		return "transform expressions"
	}
	return ""
}

// scope is the set of range-table entries visible to column references.
type scope struct {
	q     *nodes.Query
	kind  exprKind
	inAgg bool
	// inWindow marks a window function's arguments, where another window
	// function may not appear.
	inWindow bool
	noVars   bool // VALUES / LIMIT: column references are not allowed
	// srfSeen marks the arguments of a function in FROM, which may not
	// return sets.
	srfSeen bool
}

func (a *analyzer) expr(n *pg_query.Node, sc *scope) (nodes.Expr, error) {
	switch {
	case n.GetAConst() != nil:
		return a.constExpr(n.GetAConst())
	case n.GetColumnRef() != nil:
		e, err := a.columnRef(n.GetColumnRef(), sc)
		a.noteColumnRef(n.GetColumnRef(), e, sc)
		return e, err
	case n.GetParamRef() != nil:
		p := n.GetParamRef()
		id := int(p.Number)
		if id < 1 || id > 65535 || a.env.NoParams {
			return nil, pgerror.Newf(pgerror.UndefinedParameter, "there is no parameter $%d", id).WithPosition(a.pos(p.Location))
		}
		for len(a.params) < id {
			a.params = append(a.params, types.TUnknown)
		}
		t := a.params[id-1]
		if t.Oid == types.InvalidOid {
			t = types.TUnknown
		}
		return &nodes.Param{ID: id, Type: t}, nil
	case n.GetAExpr() != nil:
		return a.aExpr(n.GetAExpr(), sc)
	case n.GetBoolExpr() != nil:
		b := n.GetBoolExpr()
		out := &nodes.BoolExpr{}
		switch b.Boolop {
		case pg_query.BoolExprType_AND_EXPR:
			out.Op = nodes.AndExpr
		case pg_query.BoolExprType_OR_EXPR:
			out.Op = nodes.OrExpr
		default:
			out.Op = nodes.NotExpr
		}
		for _, arg := range b.Args {
			e, err := a.expr(arg, sc)
			if err != nil {
				return nil, err
			}
			if e, err = a.coerceBool(e, opName(out.Op), int(b.Location)); err != nil {
				return nil, err
			}
			out.Args = append(out.Args, e)
		}
		return out, nil
	case n.GetTypeCast() != nil:
		tc := n.GetTypeCast()
		t, err := a.typeName(tc.TypeName)
		if err != nil {
			return nil, err
		}
		var arg nodes.Expr
		if ae := tc.Arg.GetAArrayExpr(); ae != nil && types.ArrayElemType(t).Oid != types.InvalidOid {
			// ARRAY[...]::t[] builds the array of t's elements directly,
			// which also gives an empty ARRAY[] its type.
			arg, err = a.arrayExpr(ae, sc, t)
		} else {
			arg, err = a.expr(tc.Arg, sc)
		}
		if err != nil {
			return nil, err
		}
		loc := int(tc.Location)
		if c, ok := arg.(*nodes.Const); ok && c.Type.Oid == types.UnknownOid {
			loc = c.Location
		}
		return a.coerce(arg, t, CoerceExplicit, loc)
	case n.GetNullTest() != nil:
		nt := n.GetNullTest()
		arg, err := a.expr(nt.Arg, sc)
		if err != nil {
			return nil, err
		}
		if arg.ExprType().Oid == types.UnknownOid {
			if arg, err = a.coerce(arg, types.TText, CoerceImplicit, -1); err != nil {
				return nil, err
			}
		}
		if row, ok := arg.(*nodes.RowExpr); ok {
			return a.rowNullTest(row, nt.Nulltesttype == pg_query.NullTestType_IS_NOT_NULL), nil
		}
		return &nodes.NullTest{Arg: arg, IsNot: nt.Nulltesttype == pg_query.NullTestType_IS_NOT_NULL}, nil
	case n.GetBooleanTest() != nil:
		bt := n.GetBooleanTest()
		arg, err := a.expr(bt.Arg, sc)
		if err != nil {
			return nil, err
		}
		if arg, err = a.coerceBool(arg, "IS TRUE", int(bt.Location)); err != nil {
			return nil, err
		}
		return &nodes.BooleanTest{Arg: arg, Test: nodes.BoolTestType(bt.Booltesttype - 1)}, nil
	case n.GetFuncCall() != nil:
		return a.funcCall(n.GetFuncCall(), sc)
	case n.GetGroupingFunc() != nil:
		return a.groupingFunc(n.GetGroupingFunc(), sc)
	case n.GetCollateClause() != nil:
		return a.collateClause(n.GetCollateClause(), sc)
	case n.GetCaseExpr() != nil:
		return a.caseExpr(n.GetCaseExpr(), sc)
	case n.GetCoalesceExpr() != nil:
		c := n.GetCoalesceExpr()
		args, t, err := a.commonArgs(c.Args, sc, "COALESCE")
		if err != nil {
			return nil, err
		}
		return &nodes.CoalesceExpr{Type: t, Args: args}, nil
	case n.GetMinMaxExpr() != nil:
		m := n.GetMinMaxExpr()
		name := "GREATEST"
		if m.Op == pg_query.MinMaxOp_IS_LEAST {
			name = "LEAST"
		}
		args, t, err := a.commonArgs(m.Args, sc, name)
		if err != nil {
			return nil, err
		}
		return &nodes.MinMaxExpr{Type: t, Greatest: name == "GREATEST", Args: args}, nil
	case n.GetSqlvalueFunction() != nil:
		return a.sqlValueFunction(n.GetSqlvalueFunction())
	case n.GetAArrayExpr() != nil:
		return a.arrayExpr(n.GetAArrayExpr(), sc, types.T{})
	case n.GetRowExpr() != nil:
		return a.rowExpr(n.GetRowExpr(), sc)
	case n.GetAIndirection() != nil:
		return a.indirection(n.GetAIndirection(), sc)
	case n.GetSubLink() != nil:
		return a.subLink(n.GetSubLink(), sc)
	}
	return nil, pgerror.Unsupported("expression type %s is not supported yet", stmtName(n))
}

func opName(op nodes.BoolOp) string {
	switch op {
	case nodes.AndExpr:
		return "AND"
	case nodes.OrExpr:
		return "OR"
	}
	return "NOT"
}

func (a *analyzer) coerceBool(e nodes.Expr, construct string, loc int) (nodes.Expr, error) {
	t := e.ExprType()
	if t.Oid == types.BoolOid {
		return e, nil
	}
	if t.Oid == types.UnknownOid {
		return a.coerce(e, types.TBool, CoerceImplicit, loc)
	}
	return nil, pgerror.Newf(pgerror.DatatypeMismatch, "argument of %s must be type boolean, not type %s", construct, typeName(t)).WithPosition(a.pos(int32(loc)))
}

func (a *analyzer) constExpr(c *pg_query.A_Const) (nodes.Expr, error) {
	loc := int(c.Location)
	if c.Isnull {
		return &nodes.Const{Type: types.TUnknown, Location: loc}, nil
	}
	switch v := c.Val.(type) {
	case *pg_query.A_Const_Ival:
		return &nodes.Const{Type: types.TInt4, Value: int64(v.Ival.Ival), Location: loc}, nil
	case *pg_query.A_Const_Fval:
		s := v.Fval.Fval
		if !strings.ContainsAny(s, ".eE") {
			if i, err := strconv.ParseInt(s, 10, 64); err == nil {
				return &nodes.Const{Type: types.TInt8, Value: i, Location: loc}, nil
			}
		}
		d, err := types.In(types.TNumeric, s)
		if err != nil {
			return nil, withPos(err, a.pos(c.Location))
		}
		return &nodes.Const{Type: types.TNumeric, Value: d, Location: loc}, nil
	case *pg_query.A_Const_Boolval:
		return &nodes.Const{Type: types.TBool, Value: v.Boolval.Boolval, Location: loc}, nil
	case *pg_query.A_Const_Sval:
		return &nodes.Const{Type: types.TUnknown, Value: v.Sval.Sval, Location: loc}, nil
	case *pg_query.A_Const_Bsval:
		// B'1010' and X'1F' reach here as "b1010" and "x1F".
		d, err := types.ParseBitString(v.Bsval.Bsval)
		if err != nil {
			return nil, withPos(err, a.pos(c.Location))
		}
		return &nodes.Const{Type: types.T{Oid: types.BitOid, Typmod: -1}, Value: d, Location: loc}, nil
	}
	return nil, pgerror.Internal("unexpected constant")
}

func (a *analyzer) columnRef(c *pg_query.ColumnRef, sc *scope) (nodes.Expr, error) {
	var names []string
	for _, f := range c.Fields {
		if f.GetAStar() != nil {
			return nil, pgerror.New(pgerror.SyntaxError, "row expansion via \"*\" is not supported here").WithPosition(a.pos(c.Location))
		}
		names = append(names, strVal(f))
	}
	var relName, col string
	switch len(names) {
	case 1:
		col = names[0]
	case 2:
		relName, col = names[0], names[1]
	case 3:
		relName, col = names[1], names[2]
	default:
		if sc != nil && !sc.noVars && sc.q != nil {
			return nil, pgerror.Newf(pgerror.SyntaxError, "improper qualified name (too many dotted names): %s", strings.Join(names, ".")).WithPosition(a.pos(c.Location))
		}
	}
	if sc == nil || sc.noVars || sc.q == nil {
		if sc != nil && (sc.kind == exprValues || sc.kind == exprLimit || sc.kind == exprOffset) && col != "" {
			// VALUES, LIMIT and OFFSET may not read the query's own
			// columns, but may those of the queries around it and, in
			// FROM, the FROM items before it.
			if e, err := a.resolveEnclosing(relName, col, c.Location); e != nil || err != nil {
				return e, err
			}
		}
		if sc != nil && sc.kind == exprColumnDefault {
			return nil, pgerror.New(pgerror.InvalidColumnReference, "cannot use column reference in DEFAULT expression").WithPosition(a.pos(c.Location))
		}
		if sc != nil && sc.noVars && sc.kind != exprValues {
			return nil, pgerror.Newf(pgerror.InvalidColumnReference, "argument of %s must not contain variables", sc.kind).WithPosition(a.pos(c.Location))
		}
		return nil, pgerror.Newf(pgerror.UndefinedColumn, "column \"%s\" does not exist", strings.Join(names, ".")).WithPosition(a.pos(c.Location))
	}
	if sc.kind == exprFromFunction {
		// A function in FROM sees the FROM items before it.
		if e, err := a.lateralRef(sc.q, relName, col, c.Location, 0, true); e != nil || err != nil {
			return e, err
		}
		return a.enclosingRef(relName, col, c.Location)
	}
	if relName == "" {
		// Unqualified: search the columns each top-level FROM item exposes.
		var found nodes.Expr
		for _, it := range a.from {
			for _, nc := range it.cols {
				if nc.name != col {
					continue
				}
				if found != nil {
					return nil, pgerror.Newf(pgerror.AmbiguousColumn, "column reference \"%s\" is ambiguous", col).WithPosition(a.pos(c.Location))
				}
				found = nc.expr
			}
		}
		if found == nil && col == "ctid" {
			v, err := a.unqualifiedCtid(sc.q, c.Location)
			if v != nil || err != nil {
				return v, err
			}
		}
		if found == nil {
			e, err := a.enclosingRef("", col, c.Location)
			if err != nil && len(names) == 1 {
				if rti := a.findWholeRowRTE(col, sc); rti > 0 {
					// A FROM item's name as a value: its row as a record.
					return a.wholeRowRef(sc.q, rti, c.Location), nil
				}
			}
			return e, err
		}
		if v, ok := found.(*nodes.Var); ok {
			cv := *v
			cv.Location = int(c.Location)
			return &cv, nil
		}
		return found, nil
	}
	if e, ok, err := a.joinColumn(relName, col, c.Location); ok || err != nil {
		return e, err
	}
	for i, rte := range sc.q.RangeTable {
		if !rteHasName(rte) || rte.Alias != relName {
			continue
		}
		if a.hiddenRels[i+1] {
			return nil, pgerror.Newf(pgerror.UndefinedTable, "invalid reference to FROM-clause entry for table \"%s\"", relName).
				WithHint("There is an entry for table \"%s\", but it cannot be referenced from this part of the query.", relName).WithPosition(a.pos(c.Location))
		}
		for j, cn := range rte.ColNames {
			if cn == col {
				return &nodes.Var{VarNo: i + 1, AttNo: j + 1, Type: rte.ColTypes[j], Name: col, RelName: rte.Alias, Location: int(c.Location)}, nil
			}
		}
		if col == "ctid" && rte.Kind == nodes.RTERelation {
			return ctidVar(rte, i+1, c.Location), nil
		}
		return nil, pgerror.Newf(pgerror.UndefinedColumn, "column %s.%s does not exist", relName, col).WithPosition(a.pos(c.Location))
	}
	return a.enclosingRef(relName, col, c.Location)
}

// resolveEnclosing resolves a column reference to the queries around a's,
// innermost first: a subquery in FROM sees the FROM items before it (when
// LATERAL; naming one is an error otherwise, unless a query further out
// has the column), a subquery in an expression the FROM items of its
// query. It returns nil and no error when no enclosing query has the
// column.
func (a *analyzer) resolveEnclosing(relName, col string, loc int32) (nodes.Expr, error) {
	levels := 1
	// hidden is the error for a FROM item before a subquery without
	// LATERAL: it stands only if no query further out has the column.
	var hidden error
	for c := a; c.parent != nil && c.parentQuery != nil; c = c.parent {
		if c.fromSubquery {
			e, err := c.parent.lateralRef(c.parentQuery, relName, col, loc, levels, c.lateral)
			if err != nil && !c.lateral {
				if hidden == nil {
					hidden = err
				}
			} else if e != nil || err != nil {
				return e, err
			}
		} else if v := c.outerReference(relName, col, levels); v != nil {
			v.Location = int(loc)
			return v, nil
		}
		levels++
	}
	return nil, hidden
}

// enclosingRef resolves a column reference that the query's own FROM items
// do not supply: to the FROM items before a subquery in FROM, or to the
// query enclosing a subquery in an expression. It returns the error
// PostgreSQL gives when there is none.
func (a *analyzer) enclosingRef(relName, col string, loc int32) (nodes.Expr, error) {
	if e, err := a.resolveEnclosing(relName, col, loc); e != nil || err != nil {
		return e, err
	}
	if relName == "" {
		return nil, pgerror.Newf(pgerror.UndefinedColumn, "column \"%s\" does not exist", col).WithPosition(a.pos(loc))
	}
	return nil, pgerror.Newf(pgerror.UndefinedTable, "missing FROM-clause entry for table \"%s\"", relName).WithPosition(a.pos(loc))
}

// ctidVar returns the ctid system column of table rte, range-table entry rti.
func ctidVar(rte *nodes.RangeTblEntry, rti int, loc int32) *nodes.Var {
	return &nodes.Var{VarNo: rti, AttNo: table.SelfItemPointerAttributeNumber, Type: types.TTid, Name: "ctid", RelName: rte.Alias, Location: int(loc)}
}

// unqualifiedCtid resolves an unqualified ctid to the system column of the
// one table in FROM; it returns nil when FROM has no table.
func (a *analyzer) unqualifiedCtid(q *nodes.Query, loc int32) (nodes.Expr, error) {
	var found *nodes.Var
	var visit func(n nodes.JoinNode) error
	visit = func(n nodes.JoinNode) error {
		switch x := n.(type) {
		case *nodes.RangeTblRef:
			if rte := q.RangeTable[x.RTIndex-1]; rte.Kind == nodes.RTERelation {
				if found != nil {
					return pgerror.New(pgerror.AmbiguousColumn, "column reference \"ctid\" is ambiguous").WithPosition(a.pos(loc))
				}
				found = ctidVar(rte, x.RTIndex, loc)
			}
		case *nodes.JoinExpr:
			if err := visit(x.Larg); err != nil {
				return err
			}
			return visit(x.Rarg)
		}
		return nil
	}
	for _, it := range a.from {
		if err := visit(it.node); err != nil {
			return nil, err
		}
	}
	if found == nil {
		return nil, nil
	}
	return found, nil
}

// outerReference resolves a column of the enclosing query, for a
// correlated subquery; it returns nil when there is none.
func (a *analyzer) outerReference(relName, col string, levels int) *nodes.Var {
	if a.parent == nil || a.parentQuery == nil {
		return nil
	}
	p := a.parent
	if relName == "" {
		var found *nodes.Var
		for _, it := range p.from {
			for _, nc := range it.cols {
				if v, ok := nc.expr.(*nodes.Var); ok && nc.name == col {
					if found != nil {
						return nil
					}
					found = v
				}
			}
		}
		if found == nil {
			return nil
		}
		c := *found
		c.LevelsUp = levels
		return &c
	}
	for i, rte := range a.parentQuery.RangeTable {
		if rte.Alias != relName {
			continue
		}
		for j, cn := range rte.ColNames {
			if cn == col {
				return &nodes.Var{VarNo: i + 1, AttNo: j + 1, Type: rte.ColTypes[j], Name: col, RelName: rte.Alias, Location: -1, LevelsUp: levels}
			}
		}
	}
	return nil
}

// subLink analyzes EXISTS (subquery), expr op ANY/ALL (subquery), IN and
// scalar subqueries.
func (a *analyzer) subLink(sl *pg_query.SubLink, sc *scope) (nodes.Expr, error) {
	valueContext := sc != nil && sc.noVars && (sc.kind == exprValues || sc.kind == exprLimit || sc.kind == exprOffset)
	if !valueContext && (sc == nil || sc.q == nil || sc.noVars || sc.kind == exprGroupBy) {
		return nil, pgerror.Unsupported("subqueries are not supported in %s yet", sc.kindName()).WithPosition(a.pos(sl.Location))
	}
	sel := sl.Subselect.GetSelectStmt()
	sub := a.child()
	if !valueContext {
		// VALUES, LIMIT and OFFSET have no columns for the subquery to
		// refer to.
		sub.parent, sub.parentQuery, sub.parentScope = a, sc.q, sc
	}
	sub.depth = a.depth + 1
	st, err := sub.selectStmt(sel)
	a.params = sub.params
	if err != nil {
		return nil, err
	}
	sq := st.(*nodes.Query)
	out := &nodes.SubLink{Subquery: sq, Location: int(sl.Location)}
	var visible []*nodes.TargetEntry
	for _, te := range sq.TargetList {
		if !te.ResJunk {
			visible = append(visible, te)
		}
	}
	switch sl.SubLinkType {
	case pg_query.SubLinkType_EXISTS_SUBLINK:
		out.Kind = nodes.ExistsSubLink
	case pg_query.SubLinkType_EXPR_SUBLINK:
		out.Kind = nodes.ExprSubLink
		if len(visible) != 1 {
			return nil, pgerror.New(pgerror.SyntaxError, "subquery must return only one column").WithPosition(a.pos(sl.Location))
		}
		out.Type = visible[0].Expr.ExprType()
	case pg_query.SubLinkType_ARRAY_SUBLINK:
		out.Kind = nodes.ArraySubLink
		if len(visible) != 1 {
			return nil, pgerror.New(pgerror.SyntaxError, "subquery must return only one column").WithPosition(a.pos(sl.Location))
		}
		elem := visible[0].Expr.ExprType()
		if elem.Oid == types.UnknownOid {
			elem = types.TText
		}
		at, ok := types.ArrayTypeOf(types.T{Oid: elem.Oid, Typmod: -1})
		if !ok {
			return nil, pgerror.Newf(pgerror.UndefinedObject, "could not find array type for data type %s", types.FormatType(elem)).WithPosition(a.pos(sl.Location))
		}
		out.Type = at
	case pg_query.SubLinkType_ANY_SUBLINK, pg_query.SubLinkType_ALL_SUBLINK:
		out.Kind = nodes.AnySubLink
		if sl.SubLinkType == pg_query.SubLinkType_ALL_SUBLINK {
			out.Kind = nodes.AllSubLink
		}
		opName := "="
		if len(sl.OperName) > 0 {
			opName = strVal(sl.OperName[len(sl.OperName)-1])
		}
		var lefts []*pg_query.Node
		if r := sl.Testexpr.GetRowExpr(); r != nil {
			lefts = r.Args
		} else {
			lefts = []*pg_query.Node{sl.Testexpr}
		}
		if len(visible) > len(lefts) {
			return nil, pgerror.New(pgerror.SyntaxError, "subquery has too many columns").WithPosition(a.pos(sl.Location))
		}
		if len(visible) < len(lefts) {
			return nil, pgerror.New(pgerror.SyntaxError, "subquery has too few columns").WithPosition(a.pos(sl.Location))
		}
		if len(lefts) > 1 {
			// A row compares column by column (PG: make_row_comparison_op):
			// all equal for =, any different for <>.
			var combine nodes.BoolOp
			switch opName {
			case "=":
				combine = nodes.AndExpr
			case "<>":
				combine = nodes.OrExpr
			default:
				return nil, pgerror.Unsupported("row comparisons with subqueries other than = and <> are not supported yet").WithPosition(a.pos(sl.Location))
			}
			b := &nodes.BoolExpr{Op: combine}
			for i, l := range lefts {
				left, err := a.expr(l, sc)
				if err != nil {
					return nil, err
				}
				col := &nodes.Param{Kind: nodes.ParamSublink, ID: i + 1, Type: visible[i].Expr.ExprType()}
				op, err := a.makeOp(opName, left, col, int(sl.Location))
				if err != nil {
					return nil, err
				}
				if t := op.ExprType(); t.Oid != types.BoolOid {
					return nil, pgerror.Newf(pgerror.DatatypeMismatch, "operator %s must return type boolean, not type %s", opName, types.FormatTypeBe(t.Oid)).WithPosition(a.pos(sl.Location))
				}
				b.Args = append(b.Args, op)
			}
			out.TestExpr = b
			return out, nil
		}
		left, err := a.expr(sl.Testexpr, sc)
		if err != nil {
			return nil, err
		}
		// The subquery's column enters the comparison as a placeholder
		// (PG: PARAM_SUBLINK) that the planner replaces.
		col := &nodes.Param{Kind: nodes.ParamSublink, ID: 1, Type: visible[0].Expr.ExprType()}
		if out.TestExpr, err = a.makeOp(opName, left, col, int(sl.Location)); err != nil {
			return nil, err
		}
		if t := out.TestExpr.ExprType(); t.Oid != types.BoolOid {
			return nil, pgerror.Newf(pgerror.DatatypeMismatch, "operator %s must return type boolean, not type %s", opName, types.FormatTypeBe(t.Oid)).WithPosition(a.pos(sl.Location))
		}
	default:
		return nil, pgerror.Unsupported("this kind of subquery is not supported yet").WithPosition(a.pos(sl.Location))
	}
	return out, nil
}

func (a *analyzer) aExpr(x *pg_query.A_Expr, sc *scope) (nodes.Expr, error) {
	name := ""
	if len(x.Name) > 0 {
		name = strVal(x.Name[len(x.Name)-1])
	}
	loc := int(x.Location)
	switch x.Kind {
	case pg_query.A_Expr_Kind_AEXPR_OP_ANY, pg_query.A_Expr_Kind_AEXPR_OP_ALL:
		return a.scalarArrayOp(x, name, sc)
	case pg_query.A_Expr_Kind_AEXPR_SIMILAR:
		// The grammar already wrapped the pattern in similar_to_escape():
		// x SIMILAR TO p is x ~ similar_to_escape(p).
		l, err := a.expr(x.Lexpr, sc)
		if err != nil {
			return nil, err
		}
		r, err := a.expr(x.Rexpr, sc)
		if err != nil {
			return nil, err
		}
		return a.makeOp(name, l, r, loc)
	case pg_query.A_Expr_Kind_AEXPR_OP:
		if lr, rr := x.Lexpr.GetRowExpr(), x.Rexpr.GetRowExpr(); lr != nil && rr != nil {
			return a.rowCompare(name, lr, rr, sc, loc)
		}
		var l nodes.Expr
		var err error
		if x.Lexpr != nil {
			if l, err = a.expr(x.Lexpr, sc); err != nil {
				return nil, err
			}
		}
		r, err := a.expr(x.Rexpr, sc)
		if err != nil {
			return nil, err
		}
		if l == nil {
			if c, ok := r.(*nodes.Const); ok && name == "-" && c.Value != nil {
				// Fold negative numeric literals as PG's grammar does.
				switch v := c.Value.(type) {
				case int64:
					if c.Type.Oid == types.Int8Oid && v == -(-1<<31) {
						return &nodes.Const{Type: types.TInt4, Value: -v, Location: loc}, nil
					}
				}
			}
		}
		return a.makeOp(name, l, r, loc)
	case pg_query.A_Expr_Kind_AEXPR_LIKE, pg_query.A_Expr_Kind_AEXPR_ILIKE:
		l, err := a.expr(x.Lexpr, sc)
		if err != nil {
			return nil, err
		}
		r, err := a.expr(x.Rexpr, sc)
		if err != nil {
			return nil, err
		}
		return a.makeOp(name, l, r, loc)
	case pg_query.A_Expr_Kind_AEXPR_DISTINCT, pg_query.A_Expr_Kind_AEXPR_NOT_DISTINCT:
		l, err := a.expr(x.Lexpr, sc)
		if err != nil {
			return nil, err
		}
		r, err := a.expr(x.Rexpr, sc)
		if err != nil {
			return nil, err
		}
		eq, err := a.makeOp("=", l, r, loc)
		if err != nil {
			return nil, err
		}
		o := eq.(*nodes.OpExpr)
		// a IS DISTINCT FROM b  ==  CASE over null flags; expressed with nodes.
		ln := &nodes.NullTest{Arg: o.Args[0]}
		rn := &nodes.NullTest{Arg: o.Args[1]}
		bothNull := &nodes.BoolExpr{Op: nodes.AndExpr, Args: []nodes.Expr{ln, rn}}
		oneNull := &nodes.BoolExpr{Op: nodes.OrExpr, Args: []nodes.Expr{ln, rn}}
		notDistinct := &nodes.CaseExpr{Type: types.TBool, Whens: []nodes.CaseWhen{
			{Cond: bothNull, Result: &nodes.Const{Type: types.TBool, Value: true, Location: -1}},
			{Cond: oneNull, Result: &nodes.Const{Type: types.TBool, Value: false, Location: -1}},
		}, Default: o}
		if x.Kind == pg_query.A_Expr_Kind_AEXPR_NOT_DISTINCT {
			return notDistinct, nil
		}
		return &nodes.BoolExpr{Op: nodes.NotExpr, Args: []nodes.Expr{notDistinct}}, nil
	case pg_query.A_Expr_Kind_AEXPR_NULLIF:
		l, err := a.expr(x.Lexpr, sc)
		if err != nil {
			return nil, err
		}
		r, err := a.expr(x.Rexpr, sc)
		if err != nil {
			return nil, err
		}
		eq, err := a.makeOp("=", l, r, loc)
		if err != nil {
			return nil, err
		}
		o := eq.(*nodes.OpExpr)
		return &nodes.NullIfExpr{Type: o.Args[0].ExprType(), FuncOid: o.FuncOid, Args: o.Args}, nil
	case pg_query.A_Expr_Kind_AEXPR_IN:
		l, err := a.expr(x.Lexpr, sc)
		if err != nil {
			return nil, err
		}
		list := x.Rexpr.GetList()
		if list == nil {
			return nil, pgerror.Unsupported("IN (subquery) is not supported yet").WithPosition(a.pos(x.Location))
		}
		var items []nodes.Expr
		all := []types.T{l.ExprType()}
		for _, it := range list.Items {
			e, err := a.expr(it, sc)
			if err != nil {
				return nil, err
			}
			items = append(items, e)
			all = append(all, e.ExprType())
		}
		ct, err := commonType(all, "IN")
		if err != nil {
			return nil, withPos(err, a.pos(x.Location))
		}
		if l, err = a.coerce(l, ct, CoerceImplicit, loc); err != nil {
			return nil, err
		}
		opNameIn := "="
		if name == "<>" {
			opNameIn = "<>"
		}
		var first *nodes.OpExpr
		for i := range items {
			if items[i], err = a.coerce(items[i], ct, CoerceImplicit, loc); err != nil {
				return nil, err
			}
		}
		op, err := a.makeOp(opNameIn, l, items[0], loc)
		if err != nil {
			return nil, err
		}
		first = op.(*nodes.OpExpr)
		return &nodes.ScalarArrayOpExpr{OpOid: first.OpOid, OpName: opNameIn, FuncOid: first.FuncOid, UseOr: opNameIn == "=", Left: first.Args[0], List: items}, nil
	case pg_query.A_Expr_Kind_AEXPR_BETWEEN, pg_query.A_Expr_Kind_AEXPR_NOT_BETWEEN,
		pg_query.A_Expr_Kind_AEXPR_BETWEEN_SYM, pg_query.A_Expr_Kind_AEXPR_NOT_BETWEEN_SYM:
		l, err := a.expr(x.Lexpr, sc)
		if err != nil {
			return nil, err
		}
		bounds := x.Rexpr.GetList().Items
		lo, err := a.expr(bounds[0], sc)
		if err != nil {
			return nil, err
		}
		hi, err := a.expr(bounds[1], sc)
		if err != nil {
			return nil, err
		}
		not := x.Kind == pg_query.A_Expr_Kind_AEXPR_NOT_BETWEEN || x.Kind == pg_query.A_Expr_Kind_AEXPR_NOT_BETWEEN_SYM
		sym := x.Kind == pg_query.A_Expr_Kind_AEXPR_BETWEEN_SYM || x.Kind == pg_query.A_Expr_Kind_AEXPR_NOT_BETWEEN_SYM
		build := func(lo, hi nodes.Expr) (nodes.Expr, error) {
			if !not {
				ge, err := a.makeOp(">=", l, lo, loc)
				if err != nil {
					return nil, err
				}
				le, err := a.makeOp("<=", l, hi, loc)
				if err != nil {
					return nil, err
				}
				return &nodes.BoolExpr{Op: nodes.AndExpr, Args: []nodes.Expr{ge, le}}, nil
			}
			lt, err := a.makeOp("<", l, lo, loc)
			if err != nil {
				return nil, err
			}
			gt, err := a.makeOp(">", l, hi, loc)
			if err != nil {
				return nil, err
			}
			return &nodes.BoolExpr{Op: nodes.OrExpr, Args: []nodes.Expr{lt, gt}}, nil
		}
		e1, err := build(lo, hi)
		if err != nil || !sym {
			return e1, err
		}
		e2, err := build(hi, lo)
		if err != nil {
			return nil, err
		}
		op := nodes.OrExpr
		if not {
			op = nodes.AndExpr
		}
		return &nodes.BoolExpr{Op: op, Args: []nodes.Expr{e1, e2}}, nil
	}
	return nil, pgerror.Unsupported("operator form %s is not supported yet", strings.TrimPrefix(x.Kind.String(), "AEXPR_")).WithPosition(a.pos(x.Location))
}

func (a *analyzer) commonArgs(raw []*pg_query.Node, sc *scope, ctx string) ([]nodes.Expr, types.T, error) {
	var args []nodes.Expr
	var ts []types.T
	for _, r := range raw {
		e, err := a.expr(r, sc)
		if err != nil {
			return nil, types.T{}, err
		}
		args = append(args, e)
		ts = append(ts, e.ExprType())
	}
	t, err := commonType(ts, ctx)
	if err != nil {
		return nil, types.T{}, err
	}
	for i := range args {
		if args[i], err = a.coerce(args[i], t, CoerceImplicit, -1); err != nil {
			return nil, types.T{}, err
		}
	}
	return args, t, nil
}

func (a *analyzer) caseExpr(c *pg_query.CaseExpr, sc *scope) (nodes.Expr, error) {
	var arg nodes.Expr
	var err error
	if c.Arg != nil {
		if arg, err = a.expr(c.Arg, sc); err != nil {
			return nil, err
		}
	}
	out := &nodes.CaseExpr{}
	var results []nodes.Expr
	var ts []types.T
	for _, w := range c.Args {
		cw := w.GetCaseWhen()
		cond, err := a.expr(cw.Expr, sc)
		if err != nil {
			return nil, err
		}
		if arg != nil {
			if cond, err = a.makeOp("=", arg, cond, int(cw.Location)); err != nil {
				return nil, err
			}
		} else if cond, err = a.coerceBool(cond, "CASE/WHEN", int(cw.Location)); err != nil {
			return nil, err
		}
		res, err := a.expr(cw.Result, sc)
		if err != nil {
			return nil, err
		}
		out.Whens = append(out.Whens, nodes.CaseWhen{Cond: cond})
		results = append(results, res)
		ts = append(ts, res.ExprType())
	}
	var def nodes.Expr
	if c.Defresult != nil {
		if def, err = a.expr(c.Defresult, sc); err != nil {
			return nil, err
		}
		ts = append(ts, def.ExprType())
	}
	t, err := commonType(ts, "CASE")
	if err != nil {
		return nil, withPos(err, a.pos(c.Location))
	}
	for i := range results {
		if out.Whens[i].Result, err = a.coerce(results[i], t, CoerceImplicit, -1); err != nil {
			return nil, err
		}
	}
	if def != nil {
		if out.Default, err = a.coerce(def, t, CoerceImplicit, -1); err != nil {
			return nil, err
		}
	}
	out.Type = t
	return out, nil
}

func (a *analyzer) funcCall(fc *pg_query.FuncCall, sc *scope) (nodes.Expr, error) {
	var names []string
	for _, n := range fc.Funcname {
		names = append(names, strVal(n))
	}
	name := names[len(names)-1]
	if len(names) == 2 && names[0] != "pg_catalog" {
		if names[0] != "information_schema" {
			return nil, pgerror.Newf(pgerror.InvalidSchemaName, "schema \"%s\" does not exist", names[0]).WithPosition(a.pos(fc.Location))
		}
		found := false
		for _, f := range funcs.FuncsByName(name) {
			found = found || f.Schema == "information_schema"
		}
		if !found {
			return nil, pgerror.Newf(pgerror.UndefinedFunction, "function %s.%s does not exist", names[0], name).WithPosition(a.pos(fc.Location))
		}
	}
	if fc.AggWithinGroup {
		return a.withinGroupCall(name, fc, sc)
	}
	if fc.Over != nil {
		if len(fc.AggOrder) > 0 {
			return nil, pgerror.Unsupported("aggregate ORDER BY is not implemented for window functions").WithPosition(a.pos(fc.Location))
		}
		return a.windowCall(name, fc, sc)
	}
	if !isAggregateName(name) {
		if len(fc.AggOrder) > 0 {
			return nil, pgerror.Newf(pgerror.WrongObjectType, "ORDER BY specified, but %s is not an aggregate function", name).WithPosition(a.pos(fc.Location))
		}
		if fc.AggFilter != nil {
			return nil, pgerror.Newf(pgerror.WrongObjectType, "FILTER specified, but %s is not an aggregate function", name).WithPosition(a.pos(fc.Location))
		}
	}
	if isAggregateName(name) {
		return a.aggCall(name, fc, sc)
	}
	if fc.AggStar || fc.AggDistinct {
		return nil, pgerror.Newf(pgerror.WrongObjectType, "%s specified, but %s is not an aggregate function", map[bool]string{true: "*", false: "DISTINCT"}[fc.AggStar], name).WithPosition(a.pos(fc.Location))
	}
	if fc.FuncVariadic {
		return nil, pgerror.Unsupported("VARIADIC arguments are not supported yet").WithPosition(a.pos(fc.Location))
	}
	var args []nodes.Expr
	var ts []types.T
	// top is the call a function in FROM consists of; its arguments, and
	// every other expression, may not return sets.
	top := sc != nil && sc.kind == exprFromFunction && !sc.srfSeen
	argScope := sc
	if top {
		inner := *sc
		inner.srfSeen = true
		argScope = &inner
	}
	if err := a.checkArgNames(fc.Args); err != nil {
		return nil, err
	}
	argNames := make([]string, len(fc.Args))
	named := false
	for i, r := range fc.Args {
		var e nodes.Expr
		var err error
		r, argNames[i], _ = callArg(r)
		named = named || argNames[i] != ""
		ok := false
		if wholeRowFuncs[name] {
			e, ok, err = a.wholeRowArg(r, argScope)
		}
		if !ok {
			e, err = a.expr(r, argScope)
		}
		if err != nil {
			return nil, err
		}
		args = append(args, e)
		ts = append(ts, e.ExprType())
	}
	if name == "pg_typeof" && len(args) == 1 {
		// The argument's type is known now; PG folds pg_typeof the same way.
		return &nodes.Const{Type: types.T{Oid: types.RegtypeOid, Typmod: -1}, Value: int64(ts[0].Oid), Location: int(fc.Location)}, nil
	}
	var f *funcs.Func
	var err error
	if named {
		placed, ok := []nodes.Expr(nil), false
		if f, placed, ok = a.findFuncNamed(name, args, argNames); !ok {
			return nil, errNoFuncNamed(a, name, ts, argNames, fc.Location)
		}
		args = placed
	} else if f, err = a.findFunc(name, ts); err != nil {
		// Parameters left out may have defaults.
		if df, placed, ok := a.findFuncNamed(name, args, argNames); ok {
			f, args, err = df, placed, nil
		}
	}
	if err == nil && f.Agg != nil {
		// An ordered-set aggregate called without WITHIN GROUP; a
		// hypothetical-set one needs at least one argument to match.
		if err := a.requireWithinGroup(name, ts, fc.Location); err != nil {
			return nil, err
		}
		f = nil
	}
	if f == nil {
		if _, ok := windowFuncResult(name, ts); ok && isWindowFuncName(name) {
			return nil, pgerror.Newf(pgerror.WrongObjectType, "window function %s requires an OVER clause", name).WithPosition(a.pos(fc.Location))
		}
		return nil, errNoFunc(a, name, ts, fc.Location)
	}
	if f.SRF != nil && !top {
		hint := "You might be able to move the set-returning function into a LATERAL FROM item."
		switch {
		case sc != nil && sc.kind == exprFromFunction:
			return nil, pgerror.New(pgerror.FeatureNotSupported, "set-returning functions must appear at top level of FROM").WithPosition(a.pos(fc.Location))
		case sc != nil && sc.inAgg:
			return nil, pgerror.New(pgerror.FeatureNotSupported, "aggregate function calls cannot contain set-returning function calls").WithHint("%s", hint).WithPosition(a.pos(fc.Location))
		case sc != nil && sc.inWindow:
			return nil, pgerror.New(pgerror.FeatureNotSupported, "window function calls cannot contain set-returning function calls").WithHint("%s", hint).WithPosition(a.pos(fc.Location))
		case sc != nil && (sc.kind == exprSelect || sc.kind == exprOrderBy) && sc.q != nil:
			// Computed by a ProjectSet; selectSRFCheck looks at where in
			// the expression the call is.
			sc.q.HasTargetSRFs = true
		default:
			return nil, pgerror.Newf(pgerror.FeatureNotSupported, "set-returning functions are not allowed in %s", sc.kindName()).WithPosition(a.pos(fc.Location))
		}
	}
	for i := range args {
		want := f.Args[min(i, len(f.Args)-1)]
		if want == types.AnyOid {
			if args[i].ExprType().Oid == types.UnknownOid {
				if args[i], err = a.coerce(args[i], types.TText, CoerceImplicit, -1); err != nil {
					return nil, err
				}
			}
			continue
		}
		if args[i], err = a.coerce(args[i], types.T{Oid: want, Typmod: -1}, CoerceImplicit, int(fc.Location)); err != nil {
			return nil, err
		}
	}
	result := types.T{Oid: f.Result, Typmod: -1}
	if f.SRF != nil && len(f.SRF.Columns) > 0 && !top {
		// Rows of several columns are records in the select list.
		result = types.T{Oid: types.RecordOid, Typmod: -1}
	}
	return &nodes.FuncExpr{FuncOid: f.Oid, Name: name, Args: args, ResultType: result, Location: int(fc.Location)}, nil
}

func errNoFunc(a *analyzer, name string, ts []types.T, loc int32) error {
	var parts []string
	for _, t := range ts {
		parts = append(parts, typeName(t))
	}
	return pgerror.Newf(pgerror.UndefinedFunction, "function %s(%s) does not exist", name, strings.Join(parts, ", ")).
		WithHint("No function matches the given name and argument types. You might need to add explicit type casts.").WithPosition(a.pos(loc))
}

// aggAllowed fails unless sc is a clause that may hold aggregates.
func (a *analyzer) aggAllowed(sc *scope, loc int32) error {
	if sc == nil || sc.kind != exprSelect && sc.kind != exprOrderBy && sc.kind != exprHaving {
		kind := "WHERE"
		if sc != nil {
			kind = sc.kind.String()
		}
		return pgerror.Newf(pgerror.GroupingError, "aggregate functions are not allowed in %s", kind).WithPosition(a.pos(loc))
	}
	return nil
}

func (a *analyzer) aggCall(name string, fc *pg_query.FuncCall, sc *scope) (nodes.Expr, error) {
	if sc == nil || sc.noVars || sc.q == nil {
		if err := a.aggAllowed(sc, fc.Location); err != nil {
			return nil, err
		}
	}
	if sc.inAgg {
		return nil, pgerror.New(pgerror.GroupingError, "aggregate function calls cannot be nested").WithPosition(a.pos(fc.Location))
	}
	agg := &nodes.Aggref{Name: name, Star: fc.AggStar, Distinct: fc.AggDistinct, Location: int(fc.Location)}
	if fc.AggStar {
		if name != "count" {
			return nil, pgerror.Newf(pgerror.WrongObjectType, "%s(*) specified, but %s is not a parameterless aggregate", name, name).WithPosition(a.pos(fc.Location))
		}
		for _, f := range funcs.FuncsByName("count") {
			if len(f.Args) == 0 {
				agg.AggFnOid = f.Oid
			}
		}
		agg.ResultType = types.TInt8
	} else {
		inner := *sc
		inner.inAgg = true
		var args []nodes.Expr
		var ts []types.T
		for _, r := range fc.Args {
			e, err := a.expr(r, &inner)
			if err != nil {
				return nil, err
			}
			args = append(args, e)
			ts = append(ts, e.ExprType())
		}
		if fc.AggDistinct {
			for i, t := range ts {
				if err := a.checkJsonpathEquality(t, exprLocation(fc.Args[i])); err != nil {
					return nil, err
				}
			}
		}
		written := slices.Clone(args)
		sig, err := a.aggSignature(name, fc, args, ts)
		if err != nil {
			return nil, err
		}
		agg.AggFnOid, agg.Args, agg.ResultType, agg.ArgType = sig.AggFnOid, sig.Args, sig.ResultType, sig.ArgType
		if err := a.aggOrder(agg, written, fc, &inner); err != nil {
			return nil, err
		}
	}
	if err := a.aggFilter(agg, fc, sc); err != nil {
		return nil, err
	}
	level, err := a.checkAggLevel(agg)
	if err != nil {
		return nil, err
	}
	if level > 0 {
		return a.outerAggregate(agg, level, fc.Location)
	}
	if err := a.aggAllowed(sc, fc.Location); err != nil {
		return nil, err
	}
	sc.q.HasAggs = true
	agg.AggNo = len(sc.q.Aggs)
	sc.q.Aggs = append(sc.q.Aggs, agg)
	return agg, nil
}

// outerAggregate makes agg, whose arguments read only columns of the
// query level levels up, an aggregate of that query (PG:
// check_agglevels_and_constraints): it must be allowed in the clause of
// that query the subquery is in, and it is computed there, per group of
// that query.
func (a *analyzer) outerAggregate(agg *nodes.Aggref, level int, loc int32) (nodes.Expr, error) {
	owner, sc := a, (*scope)(nil)
	for range level {
		if owner == nil {
			break
		}
		sc, owner = owner.parentScope, owner.parent
	}
	if owner == nil || sc == nil || sc.q == nil || nodes.Contains(agg, func(n nodes.Expr) bool { _, ok := n.(*nodes.SubLink); return ok }) {
		return nil, pgerror.Unsupported("aggregates of an outer query's columns are not supported here").WithPosition(a.pos(loc))
	}
	if err := owner.aggAllowed(sc, loc); err != nil {
		return nil, err
	}
	if sc.inAgg {
		return nil, pgerror.New(pgerror.GroupingError, "aggregate function calls cannot be nested").WithPosition(a.pos(loc))
	}
	there := nodes.Mutate(agg, func(n nodes.Expr) (nodes.Expr, bool) {
		if v, ok := n.(*nodes.Var); ok {
			c := *v
			c.LevelsUp -= level
			return &c, true
		}
		return nil, false
	}).(*nodes.Aggref)
	sc.q.HasAggs = true
	there.AggNo = len(sc.q.Aggs)
	sc.q.Aggs = append(sc.q.Aggs, there)
	agg.LevelsUp, agg.AggNo = level, there.AggNo
	return agg, nil
}

// aggFilter analyzes an aggregate call's FILTER (WHERE ...) clause into
// agg.AggFilter.
func (a *analyzer) aggFilter(agg *nodes.Aggref, fc *pg_query.FuncCall, sc *scope) error {
	if fc.AggFilter == nil {
		return nil
	}
	// Aggregates and window functions are not allowed in FILTER (PG:
	// EXPR_KIND_FILTER); anything else is.
	inner := *sc
	inner.kind = exprFilter
	f, err := a.expr(fc.AggFilter, &inner)
	if err != nil {
		return err
	}
	if t := f.ExprType().Oid; t == types.UnknownOid {
		f, err = a.coerce(f, types.TBool, CoerceImplicit, int(exprLocation(fc.AggFilter)))
	} else if t != types.BoolOid {
		err = pgerror.Newf(pgerror.DatatypeMismatch, "argument of FILTER must be type boolean, not type %s", types.FormatTypeBe(t)).WithPosition(a.pos(exprLocation(fc.AggFilter)))
	}
	if err != nil {
		return err
	}
	agg.AggFilter = f
	return nil
}

// checkAggLevel returns the level of the query agg belongs to: 0 for this
// one, more when its arguments read only an enclosing query's columns (PG:
// check_agglevels_and_constraints). In a subquery in FROM that is an
// error.
func (a *analyzer) checkAggLevel(agg *nodes.Aggref) (int, error) {
	level := -1
	nodes.Walk(agg, func(n nodes.Expr) bool {
		if v, ok := n.(*nodes.Var); ok && (level < 0 || v.LevelsUp < level) {
			level = v.LevelsUp
		}
		return true
	})
	switch {
	case level <= 0:
		return 0, nil
	case level == 1 && a.fromSubquery:
		return 0, pgerror.New(pgerror.GroupingError, "aggregate functions are not allowed in FROM clause of their own query level").WithPosition(a.pos(int32(agg.Location)))
	}
	return level, nil
}

// aggOrder analyzes an aggregate's ORDER BY (PG: transformAggregateCall);
// args are the arguments as written, before conversion to the aggregate's
// argument types.
func (a *analyzer) aggOrder(agg *nodes.Aggref, args []nodes.Expr, fc *pg_query.FuncCall, sc *scope) error {
	for _, n := range fc.AggOrder {
		sb := n.GetSortBy()
		e, err := a.expr(sb.Node, sc)
		if err != nil {
			return err
		}
		if e.ExprType().Oid == types.UnknownOid {
			if e, err = a.coerce(e, types.TText, CoerceImplicit, -1); err != nil {
				return err
			}
		}
		if err := a.checkSortable(e.ExprType(), exprLocation(sb.Node)); err != nil {
			return err
		}
		k, err := a.sortKey(e, sb)
		if err != nil {
			return err
		}
		if agg.Distinct && !slices.ContainsFunc(args, func(x nodes.Expr) bool { return nodes.Equal(x, e) }) {
			return pgerror.New(pgerror.InvalidColumnReference, "in an aggregate with DISTINCT, ORDER BY expressions must appear in argument list").WithPosition(a.pos(exprLocation(sb.Node)))
		}
		agg.AggOrder = append(agg.AggOrder, k)
	}
	return nil
}

// isAggregateName reports whether name is the name of an aggregate called
// without WITHIN GROUP.
func isAggregateName(name string) bool {
	for _, f := range funcs.FuncsByName(name) {
		if f.Agg != nil && !f.Agg.IsOrderedSet() {
			return true
		}
	}
	return false
}

// aggSignature resolves aggregate name for arguments args of types ts:
// its function, the arguments coerced to its declared types, its result
// and argument types.
func (a *analyzer) aggSignature(name string, fc *pg_query.FuncCall, args []nodes.Expr, ts []types.T) (*nodes.Aggref, error) {
	agg := &nodes.Aggref{Args: args}
	if fc.AggStar {
		if name != "count" {
			return nil, pgerror.Newf(pgerror.WrongObjectType, "%s(*) specified, but %s is not a parameterless aggregate", name, name).WithPosition(a.pos(fc.Location))
		}
		for _, f := range funcs.FuncsByName("count") {
			if len(f.Args) == 0 {
				agg.AggFnOid = f.Oid
			}
		}
		agg.ResultType = types.TInt8
		return agg, nil
	}
	f, err := a.findFunc(name, ts)
	if err == nil && f.Agg != nil && f.Agg.IsOrderedSet() {
		if err := a.requireWithinGroup(name, ts, fc.Location); err != nil {
			return nil, err
		}
	}
	if err != nil || f.Agg == nil || f.Agg.IsOrderedSet() {
		return nil, errNoFunc(a, name, ts, fc.Location)
	}
	for i := range agg.Args {
		want := f.Args[i]
		if want == types.AnyOid {
			if agg.Args[i].ExprType().Oid == types.UnknownOid {
				if agg.Args[i], err = a.coerce(agg.Args[i], types.TText, CoerceImplicit, -1); err != nil {
					return nil, err
				}
			}
			continue
		}
		if agg.Args[i], err = a.coerce(agg.Args[i], types.T{Oid: want, Typmod: -1}, CoerceImplicit, -1); err != nil {
			return nil, err
		}
	}
	agg.AggFnOid = f.Oid
	agg.ResultType = types.T{Oid: f.Result, Typmod: -1}
	if len(agg.Args) == 1 {
		agg.ArgType = agg.Args[0].ExprType()
	}
	return agg, nil
}

// sqlValueFunction converts CURRENT_TIMESTAMP, CURRENT_DATE and
// LOCALTIMESTAMP, with their precisions, into now() and a cast of it, which
// compute what PostgreSQL's SQLValueFunction does.
func (a *analyzer) sqlValueFunction(f *pg_query.SQLValueFunction) (nodes.Expr, error) {
	// The session's identity: functions of the same names, printed as the
	// keywords they were written as.
	if name, sql, ok := sessionValueFunction(f.Op); ok {
		fn := funcs.FuncsByName(name)[0]
		return &nodes.FuncExpr{FuncOid: fn.Oid, Name: fn.Name, ResultType: types.T{Oid: fn.Result, Typmod: -1}, Location: int(f.Location), SQLValue: sql}, nil
	}
	var now *funcs.Func
	for _, c := range funcs.FuncsByName("now") {
		if len(c.Args) == 0 {
			now = c
		}
	}
	call := &nodes.FuncExpr{FuncOid: now.Oid, Name: now.Name, ResultType: types.TTimestamptz, Location: int(f.Location)}
	var target types.T
	var sql string
	switch f.Op {
	case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP:
		call.SQLValue = "CURRENT_TIMESTAMP"
		return call, nil
	case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP_N:
		target, sql = types.T{Oid: types.TimestamptzOid, Typmod: f.Typmod}, fmt.Sprintf("CURRENT_TIMESTAMP(%d)", f.Typmod)
	case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_DATE:
		target, sql = types.TDate, "CURRENT_DATE"
	case pg_query.SQLValueFunctionOp_SVFOP_LOCALTIMESTAMP:
		target, sql = types.TTimestamp, "LOCALTIMESTAMP"
	case pg_query.SQLValueFunctionOp_SVFOP_LOCALTIMESTAMP_N:
		target, sql = types.T{Oid: types.TimestampOid, Typmod: f.Typmod}, fmt.Sprintf("LOCALTIMESTAMP(%d)", f.Typmod)
	default:
		return nil, pgerror.Unsupported("%s is not supported yet", strings.TrimPrefix(f.Op.String(), "SVFOP_")).WithPosition(a.pos(f.Location))
	}
	return &nodes.CoerceExpr{Arg: call, Type: target, Explicit: true, SQLValue: sql}, nil
}

// sessionValueFunction maps the SQL keywords naming the session's user,
// database and schema to the functions computing them.
func sessionValueFunction(op pg_query.SQLValueFunctionOp) (fn, sql string, ok bool) {
	switch op {
	case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_USER:
		return "current_user", "CURRENT_USER", true
	case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_ROLE:
		return "current_role", "CURRENT_ROLE", true
	case pg_query.SQLValueFunctionOp_SVFOP_SESSION_USER:
		return "session_user", "SESSION_USER", true
	case pg_query.SQLValueFunctionOp_SVFOP_USER:
		return "user", "USER", true
	case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_CATALOG:
		return "current_catalog", "CURRENT_CATALOG", true
	case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_SCHEMA:
		return "current_schema", "CURRENT_SCHEMA", true
	}
	return "", "", false
}

// arrayExpr analyzes ARRAY[...]; target, when set, is the array type a cast
// around it asks for, whose element type the elements are coerced to.
func (a *analyzer) arrayExpr(x *pg_query.A_ArrayExpr, sc *scope, target types.T) (nodes.Expr, error) {
	var elems []nodes.Expr
	var ts []types.T
	nested := len(x.Elements) > 0
	for _, el := range x.Elements {
		var e nodes.Expr
		var err error
		if sub := el.GetAArrayExpr(); sub != nil {
			e, err = a.arrayExpr(sub, sc, target)
		} else {
			nested = false
			e, err = a.expr(el, sc)
		}
		if err != nil {
			return nil, err
		}
		elems = append(elems, e)
		ts = append(ts, e.ExprType())
	}
	targetElem := types.ArrayElemType(target)
	if len(elems) == 0 {
		if targetElem.Oid == types.InvalidOid {
			return nil, pgerror.New(pgerror.IndeterminateDatatype, "cannot determine type of empty array").
				WithHint("Explicitly cast to the desired type, for example ARRAY[]::integer[].").WithPosition(a.pos(x.Location))
		}
		return &nodes.ArrayExpr{Type: types.T{Oid: target.Oid, Typmod: -1}, ElemType: types.T{Oid: targetElem.Oid, Typmod: -1}}, nil
	}
	// Elements that are arrays make a multidimensional array.
	multi := nested
	if !multi {
		allArrays := true
		for _, t := range ts {
			if types.ArrayElemType(t).Oid == types.InvalidOid {
				allArrays = false
			}
		}
		multi = allArrays
	}
	var ct types.T
	if multi && targetElem.Oid != types.InvalidOid {
		ct = types.T{Oid: target.Oid, Typmod: -1}
	} else if !multi && targetElem.Oid != types.InvalidOid {
		ct = types.T{Oid: targetElem.Oid, Typmod: -1}
	} else {
		var err error
		if ct, err = commonType(ts, "ARRAY"); err != nil {
			return nil, withPos(err, a.pos(x.Location))
		}
		if ct.Oid == types.UnknownOid {
			ct = types.TText
		}
	}
	for i := range elems {
		var err error
		cc := CoerceImplicit
		if targetElem.Oid != types.InvalidOid {
			cc = CoerceExplicit
		}
		if elems[i], err = a.coerce(elems[i], ct, cc, -1); err != nil {
			return nil, err
		}
	}
	if multi {
		elem := types.ArrayElemType(ct)
		return &nodes.ArrayExpr{Type: types.T{Oid: ct.Oid, Typmod: -1}, ElemType: types.T{Oid: elem.Oid, Typmod: -1}, Elements: elems, Multidims: true}, nil
	}
	at, ok := types.ArrayTypeOf(types.T{Oid: ct.Oid, Typmod: -1})
	if !ok {
		return nil, pgerror.Newf(pgerror.UndefinedObject, "could not find array type for data type %s", types.FormatType(ct)).WithPosition(a.pos(x.Location))
	}
	return &nodes.ArrayExpr{Type: at, ElemType: types.T{Oid: ct.Oid, Typmod: -1}, Elements: elems}, nil
}

// scalarArrayOp analyzes "left op ANY (array)" and "left op ALL (array)".
// The operator is chosen for the left type and the array's element type;
// an ARRAY[...] or constant array becomes a list of its elements, as an IN
// list does, so the planner can use it for index scans.
func (a *analyzer) scalarArrayOp(x *pg_query.A_Expr, name string, sc *scope) (nodes.Expr, error) {
	loc := int(x.Location)
	l, err := a.expr(x.Lexpr, sc)
	if err != nil {
		return nil, err
	}
	r, err := a.expr(x.Rexpr, sc)
	if err != nil {
		return nil, err
	}
	rt := r.ExprType()
	if rt.Oid == types.UnknownOid {
		// 'x' = ANY ('{...}'): the literal is an array of the left type.
		lt := l.ExprType()
		if lt.Oid == types.UnknownOid {
			lt = types.TText
		}
		at, ok := types.ArrayTypeOf(types.T{Oid: lt.Oid, Typmod: -1})
		if !ok {
			return nil, pgerror.Newf(pgerror.UndefinedObject, "could not find array type for data type %s", types.FormatType(lt))
		}
		if r, err = a.coerce(r, at, CoerceImplicit, loc); err != nil {
			return nil, err
		}
		rt = r.ExprType()
	}
	elem := types.ArrayElemType(rt)
	if elem.Oid == types.InvalidOid {
		return nil, pgerror.New(pgerror.WrongObjectType, "op ANY/ALL (array) requires array on right side").WithPosition(a.pos(int32(loc)))
	}
	probe := &nodes.Const{Type: types.T{Oid: elem.Oid, Typmod: -1}, Value: nil, Location: -1}
	op, err := a.makeOp(name, l, probe, loc)
	if err != nil {
		return nil, err
	}
	o := op.(*nodes.OpExpr)
	if o.ResultType.Oid != types.BoolOid {
		return nil, pgerror.New(pgerror.WrongObjectType, "op ANY/ALL (array) requires operator to yield boolean").WithPosition(a.pos(int32(loc)))
	}
	opElem := types.T{Oid: o.Args[1].ExprType().Oid, Typmod: -1}
	out := &nodes.ScalarArrayOpExpr{OpOid: o.OpOid, OpName: name, FuncOid: o.FuncOid, UseOr: x.Kind == pg_query.A_Expr_Kind_AEXPR_OP_ANY, Left: o.Args[0]}
	switch arr := r.(type) {
	case *nodes.ArrayExpr:
		if !arr.Multidims {
			for _, e := range arr.Elements {
				ce, err := a.coerce(e, opElem, CoerceImplicit, loc)
				if err != nil {
					return nil, err
				}
				out.List = append(out.List, ce)
			}
			if len(out.List) > 0 {
				return out, nil
			}
		}
	case *nodes.Const:
		if av, ok := arr.Value.(types.Array); ok && len(av.Elems) > 0 && opElem.Oid == elem.Oid {
			for _, e := range av.Elems {
				out.List = append(out.List, &nodes.Const{Type: opElem, Value: e, Location: -1})
			}
			return out, nil
		}
	}
	if opElem.Oid != elem.Oid {
		at, ok := types.ArrayTypeOf(opElem)
		if !ok {
			return nil, pgerror.Newf(pgerror.UndefinedObject, "could not find array type for data type %s", types.FormatType(opElem))
		}
		if r, err = a.coerce(r, at, CoerceImplicit, loc); err != nil {
			return nil, err
		}
	}
	out.Array = r
	return out, nil
}

// indirection analyzes subscripts: a[i], a[i][j], a[lo:hi] with either
// bound omitted. In a slice, a subscript written without a colon is the
// upper bound of a slice from 1, as PostgreSQL reads it.
func (a *analyzer) indirection(x *pg_query.A_Indirection, sc *scope) (nodes.Expr, error) {
	base, err := a.expr(x.Arg, sc)
	if err != nil {
		return nil, err
	}
	if fs := searchDepthField(base, x.Indirection); fs != nil {
		return fs, nil
	}
	// Field selections and runs of subscripts apply in turn.
	ind := x.Indirection
	for len(ind) > 0 {
		if f := ind[0].GetString_(); f != nil {
			if base, err = a.fieldSelect(base, f.Sval, exprLocation(x.Arg), sc); err != nil {
				return nil, err
			}
			ind = ind[1:]
			continue
		}
		n := 1
		for n < len(ind) && ind[n].GetString_() == nil {
			n++
		}
		if base, err = a.subscriptRef(base, ind[:n], exprLocation(x.Arg), sc); err != nil {
			return nil, err
		}
		ind = ind[n:]
	}
	return base, nil
}

// subscriptRef analyzes the subscripts of base: an element, or a slice
// when any subscript has a colon.
func (a *analyzer) subscriptRef(base nodes.Expr, indirection []*pg_query.Node, baseLoc int32, sc *scope) (*nodes.SubscriptingRef, error) {
	isSlice := false
	for _, ind := range indirection {
		ai := ind.GetAIndices()
		if ai == nil {
			return nil, pgerror.Unsupported("field selection is not supported yet")
		}
		if ai.IsSlice {
			isSlice = true
		}
	}
	t := base.ExprType()
	elem := types.ArrayElemType(t)
	if elem.Oid == types.InvalidOid {
		return nil, pgerror.Newf(pgerror.DatatypeMismatch, "cannot subscript type %s because it does not support subscripting", types.FormatTypeBe(t.Oid)).WithPosition(a.pos(baseLoc))
	}
	if len(indirection) > types.MaxArrayDims {
		return nil, pgerror.Newf(pgerror.ProgramLimitExceeded, "number of array dimensions (%d) exceeds the maximum allowed (%d)", len(indirection), types.MaxArrayDims)
	}
	sub := func(n *pg_query.Node) (nodes.Expr, error) {
		if n == nil {
			return nil, nil
		}
		e, err := a.expr(n, sc)
		if err != nil {
			return nil, err
		}
		if c, ok := castContext(e.ExprType().Oid, types.Int4Oid); !ok || c == CoerceExplicit {
			return nil, pgerror.New(pgerror.DatatypeMismatch, "array subscript must have type integer").WithPosition(a.pos(exprLocation(n)))
		}
		return a.coerce(e, types.TInt4, CoerceAssignment, -1)
	}
	out := &nodes.SubscriptingRef{Container: base, IsSlice: isSlice, Type: elem}
	if isSlice {
		out.Type = t
	}
	for _, ind := range indirection {
		ai := ind.GetAIndices()
		up, err := sub(ai.Uidx)
		if err != nil {
			return nil, err
		}
		out.Upper = append(out.Upper, up)
		if !isSlice {
			continue
		}
		var lo nodes.Expr
		switch {
		case ai.IsSlice:
			if lo, err = sub(ai.Lidx); err != nil {
				return nil, err
			}
		default:
			lo = &nodes.Const{Type: types.TInt4, Value: int64(1), Location: -1}
		}
		out.Lower = append(out.Lower, lo)
	}
	return out, nil
}

// collateClause analyzes expr COLLATE name. The database's collation is
// C, which loomdb's text comparisons follow, so "C", "POSIX" and
// "default" leave the expression as it is; other collations do not exist
// (PG: transformCollateClause, with an initdb --locale=C cluster).
func (a *analyzer) collateClause(c *pg_query.CollateClause, sc *scope) (nodes.Expr, error) {
	e, err := a.expr(c.Arg, sc)
	if err != nil {
		return nil, err
	}
	if e.ExprType().Oid == types.UnknownOid {
		if e, err = a.coerce(e, types.TText, CoerceImplicit, -1); err != nil {
			return nil, err
		}
	}
	switch e.ExprType().Oid {
	case types.TextOid, types.VarcharOid, types.BpcharOid, types.NameOid:
	default:
		if at := types.ArrayElemType(e.ExprType()).Oid; at != types.TextOid && at != types.VarcharOid && at != types.BpcharOid {
			return nil, pgerror.Newf(pgerror.DatatypeMismatch, "collations are not supported by type %s", types.FormatType(e.ExprType())).WithPosition(a.pos(c.Location))
		}
	}
	if _, err := collationOid(c.Collname, c.Location, a); err != nil {
		return nil, err
	}
	return e, nil
}

// collationOid returns the pg_collation OID of a collation name: one of
// those that compare as the database's C collation does.
func collationOid(names []*pg_query.Node, loc int32, a *analyzer) (types.Oid, error) {
	name := ""
	if len(names) > 0 {
		name = strVal(names[len(names)-1])
	}
	switch name {
	case "default":
		return catalog.DefaultCollation, nil
	case "C":
		return catalog.CCollation, nil
	case "POSIX":
		return catalog.POSIXCollation, nil
	case "ucs_basic":
		return catalog.UCSBasicCollation, nil
	}
	return 0, pgerror.Newf(pgerror.UndefinedObject, "collation \"%s\" for encoding \"UTF8\" does not exist", name).WithPosition(a.pos(loc))
}

// columnCollation is a column's COLLATE clause, which only a string type
// takes (PG: GetColumnDefCollation).
func columnCollation(c *pg_query.CollateClause, t types.T, a *analyzer) (types.Oid, error) {
	if types.InfoOf(t.Oid).Category != 'S' {
		return 0, pgerror.Newf(pgerror.DatatypeMismatch, "collations are not supported by type %s", types.FormatType(t)).WithPosition(a.pos(c.Location))
	}
	return collationOid(c.Collname, c.Location, a)
}
