// setop.go analyzes UNION, INTERSECT and EXCEPT [ALL] (PG: analyze.c
// transformSetOperationStmt and transformSetOperationTree): each leaf
// SELECT is analyzed as its own query, an arm with its own ORDER BY,
// LIMIT, OFFSET or WITH being a leaf too; every set operation resolves its
// column types from its two inputs' types, bottom-up; ORDER BY and LIMIT
// of the statement apply to the combined result.

package analyze

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"

	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

// setOpColumn is an output column of a node of a set-operation tree while
// the tree is analyzed: a leaf's target entry, or the type a set
// operation resolved and the location of the input that decided it.
type setOpColumn struct {
	te  *nodes.TargetEntry
	typ types.T
	loc int
}

func (a *analyzer) setOpStmt(s *pg_query.SelectStmt) (nodes.Stmt, error) {
	if err := setOpLocking(s); err != nil {
		return nil, err
	}
	leftmost := s
	for isSetOp(leftmost) {
		leftmost = leftmost.Larg
	}
	if leftmost.IntoClause != nil {
		// SELECT ... INTO names its table in the first SELECT.
		c := proto.Clone(s).(*pg_query.SelectStmt)
		l := c
		for isSetOp(l) {
			l = l.Larg
		}
		l.IntoClause = nil
		return a.createAs(leftmost.IntoClause, &pg_query.Node{Node: &pg_query.Node_SelectStmt{SelectStmt: c}}, false)
	}
	node, cols, err := a.setOpNode(s, true)
	if err != nil {
		return nil, err
	}
	tree := node.(*nodes.SetOperation)
	first := leftmostLeaf(tree)
	var visible []*nodes.TargetEntry
	for _, te := range first.TargetList {
		if !te.ResJunk {
			visible = append(visible, te)
		}
	}
	q := &nodes.Query{CommandType: nodes.CmdSelect, JoinTree: &nodes.FromExpr{}, SetOperations: tree}
	var named []namedExpr
	for c, col := range cols {
		name := visible[c].Name
		v := &nodes.Var{VarNo: nodes.SetOpVar, AttNo: c + 1, Type: col.typ, Name: name, Location: -1}
		q.TargetList = append(q.TargetList, &nodes.TargetEntry{Expr: v, ResNo: c + 1, Name: name})
		named = append(named, namedExpr{name, v})
	}
	a.from = []fromItem{{cols: named}}
	if err := a.sortClause(q, s.SortClause); err != nil {
		return nil, err
	}
	if len(q.TargetList) > len(named) {
		// ORDER BY added a column: an expression, not a result column.
		err := pgerror.New(pgerror.FeatureNotSupported, "invalid UNION/INTERSECT/EXCEPT ORDER BY clause").
			WithDetail("Only result column names can be used, not expressions or functions.").
			WithHint("Add the expression/function to every SELECT, or move the UNION into a FROM clause.")
		for _, sb := range s.SortClause {
			if n := sb.GetSortBy(); n != nil && n.Node.GetColumnRef() == nil && n.Node.GetAConst() == nil {
				err = err.WithPosition(a.pos(exprLocation(n.Node)))
				break
			}
		}
		return nil, err
	}
	if s.LimitCount != nil {
		if q.LimitCount, err = a.limitExpr(s.LimitCount, "LIMIT"); err != nil {
			return nil, err
		}
	}
	if s.LimitOffset != nil {
		if q.LimitOffset, err = a.limitExpr(s.LimitOffset, "OFFSET"); err != nil {
			return nil, err
		}
	}
	return q, nil
}

// isSetOp reports whether s combines two queries.
func isSetOp(s *pg_query.SelectStmt) bool {
	return s.Op != pg_query.SetOperation_SETOP_NONE && s.Op != pg_query.SetOperation_SET_OPERATION_UNDEFINED
}

// setOpLocking refuses FOR UPDATE and friends on a set operation or any
// of its arms.
func setOpLocking(s *pg_query.SelectStmt) error {
	if len(s.LockingClause) == 0 {
		return nil
	}
	strength := "FOR UPDATE"
	if lc := s.LockingClause[0].GetLockingClause(); lc != nil {
		switch lc.Strength {
		case pg_query.LockClauseStrength_LCS_FORKEYSHARE:
			strength = "FOR KEY SHARE"
		case pg_query.LockClauseStrength_LCS_FORSHARE:
			strength = "FOR SHARE"
		case pg_query.LockClauseStrength_LCS_FORNOKEYUPDATE:
			strength = "FOR NO KEY UPDATE"
		}
	}
	return pgerror.Newf(pgerror.FeatureNotSupported, "%s is not allowed with UNION/INTERSECT/EXCEPT", strength)
}

// leftmostLeaf returns the first leaf query of a set-operation tree, whose
// column names the result takes.
func leftmostLeaf(op *nodes.SetOperation) *nodes.Query {
	n := op.Larg
	for {
		switch x := n.(type) {
		case *nodes.SetOperation:
			n = x.Larg
		case *nodes.Query:
			return x
		}
	}
}

// setOpNode analyzes one node of a set-operation tree and returns it (a
// *nodes.Query leaf or a *nodes.SetOperation) with its output columns. An
// arm with its own ORDER BY, LIMIT, OFFSET or WITH is a leaf, a query of
// its own, even when it is a set operation itself; top marks the
// statement's own node, whose such clauses apply to its result instead.
func (a *analyzer) setOpNode(s *pg_query.SelectStmt, top bool) (any, []setOpColumn, error) {
	if !top && s.IntoClause != nil {
		return nil, nil, pgerror.New(pgerror.SyntaxError, "INTO is only allowed on first SELECT of UNION/INTERSECT/EXCEPT").
			WithPosition(a.pos(s.IntoClause.Rel.Location))
	}
	if err := setOpLocking(s); err != nil {
		return nil, nil, err
	}
	if !isSetOp(s) || !top && (len(s.SortClause) > 0 || s.LimitCount != nil || s.LimitOffset != nil || s.WithClause != nil) {
		return a.setOpLeaf(s)
	}
	kind := map[pg_query.SetOperation]nodes.SetOpKind{pg_query.SetOperation_SETOP_UNION: nodes.SetOpUnion,
		pg_query.SetOperation_SETOP_INTERSECT: nodes.SetOpIntersect, pg_query.SetOperation_SETOP_EXCEPT: nodes.SetOpExcept}[s.Op]
	op := &nodes.SetOperation{Op: kind, All: s.All}
	context := kind.String()
	var lcols, rcols []setOpColumn
	var err error
	if op.Larg, lcols, err = a.setOpNode(s.Larg, false); err != nil {
		return nil, nil, err
	}
	if op.Rarg, rcols, err = a.setOpNode(s.Rarg, false); err != nil {
		return nil, nil, err
	}
	if len(lcols) != len(rcols) {
		loc := -1
		if len(rcols) > 0 {
			loc = rcols[0].loc
		}
		return nil, nil, pgerror.Newf(pgerror.SyntaxError, "each %s query must have the same number of columns", context).WithPosition(a.pos(int32(loc)))
	}
	cols := make([]setOpColumn, len(lcols))
	for c := range lcols {
		pair := []setOpColumn{lcols[c], rcols[c]}
		o, which, err := selectCommonType([]types.T{pair[0].typ, pair[1].typ}, context)
		if err != nil {
			return nil, nil, withPos(err, a.pos(int32(pair[which].loc)))
		}
		t := types.T{Oid: o, Typmod: -1}
		if pair[0].typ == pair[1].typ {
			t.Typmod = pair[0].typ.Typmod
		}
		for _, in := range pair {
			if in.typ.Oid != types.UnknownOid {
				// The planner converts known types where it reads the
				// input; only check here that it can.
				if !implicitCast(in.typ.Oid, o) {
					return nil, nil, pgerror.Newf(pgerror.CannotCoerce, "%s could not convert type %s to %s", context, typeName(in.typ), typeName(t)).
						WithPosition(a.pos(int32(in.loc)))
				}
				continue
			}
			// An untyped literal or parameter of a leaf takes the type
			// now, which checks its value and fixes a parameter's type.
			if in.te == nil {
				continue
			}
			switch in.te.Expr.(type) {
			case *nodes.Const, *nodes.Param:
				if in.te.Expr, err = a.coerce(in.te.Expr, types.T{Oid: o, Typmod: -1}, CoerceImplicit, in.loc); err != nil {
					return nil, nil, err
				}
			}
		}
		best := pair[which]
		if !(op.Op == nodes.SetOpUnion && op.All) {
			if err := a.checkSetOpEquality(t, best.loc); err != nil {
				return nil, nil, err
			}
		}
		op.ColTypes = append(op.ColTypes, t)
		cols[c] = setOpColumn{typ: t, loc: best.loc}
	}
	return op, cols, nil
}

// setOpLeaf analyzes a leaf of a set-operation tree as a query of its own.
// A plain SELECT leaves its untyped literals unknown, for the set
// operation above to resolve with the other input's type.
func (a *analyzer) setOpLeaf(s *pg_query.SelectStmt) (any, []setOpColumn, error) {
	sub := a.child()
	sub.keepUnknowns = !isSetOp(s) && len(s.ValuesLists) == 0
	// The arm sees the columns of the query around the set operation, if
	// any, only to refuse them clearly below.
	sub.parent, sub.parentQuery, sub.parentScope, sub.depth = a.parent, a.parentQuery, a.parentScope, a.depth
	sub.fromSubquery, sub.lateral = a.fromSubquery, a.lateral
	st, err := sub.selectStmt(s)
	a.params = sub.params
	if err != nil {
		return nil, nil, err
	}
	q, ok := st.(*nodes.Query)
	if !ok || q.CommandType != nodes.CmdSelect {
		return nil, nil, pgerror.Unsupported("this form of UNION/INTERSECT/EXCEPT arm is not supported yet")
	}
	var cols []setOpColumn
	for _, te := range q.TargetList {
		if !te.ResJunk {
			cols = append(cols, setOpColumn{te: te, typ: te.Expr.ExprType(), loc: exprLoc(te.Expr)})
		}
	}
	return q, cols, nil
}

// checkSetOpEquality refuses a column type that duplicate elimination
// cannot compare (PG: get_sort_group_operators).
func (a *analyzer) checkSetOpEquality(t types.T, loc int) error {
	if t.Oid == types.JsonOid || t.Oid == types.JsonpathOid {
		return pgerror.Newf(pgerror.UndefinedFunction, "could not identify an equality operator for type %s", types.FormatType(t)).
			WithPosition(a.pos(int32(loc)))
	}
	return nil
}
