// setop.go analyzes UNION, INTERSECT and EXCEPT [ALL] (PG: analyze.c
// transformSetOperationStmt):
// each arm is analyzed as its own query, columns are matched up and coerced
// to common types, and ORDER BY/LIMIT apply to the combined result.

package analyze

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

func (a *analyzer) setOpStmt(s *pg_query.SelectStmt) (nodes.Stmt, error) {
	if len(s.LockingClause) > 0 || s.IntoClause != nil {
		return nil, pgerror.Unsupported("this form of UNION is not supported yet")
	}
	tree, leaves, err := a.setOpTree(s)
	if err != nil {
		return nil, err
	}
	first := leaves[0]
	var visible [][]*nodes.TargetEntry
	for _, l := range leaves {
		var v []*nodes.TargetEntry
		for _, te := range l.TargetList {
			if !te.ResJunk {
				v = append(v, te)
			}
		}
		visible = append(visible, v)
	}
	ncols := len(visible[0])
	for _, v := range visible[1:] {
		if len(v) != ncols {
			return nil, pgerror.Newf(pgerror.SyntaxError, "each %s query must have the same number of columns", tree.Op)
		}
	}
	colTypes := make([]types.T, ncols)
	for c := 0; c < ncols; c++ {
		var ts []types.T
		for _, v := range visible {
			ts = append(ts, v[c].Expr.ExprType())
		}
		t, err := commonType(ts, tree.Op.String())
		if err != nil {
			return nil, err
		}
		colTypes[c] = t
		for _, v := range visible {
			if v[c].Expr, err = a.coerce(v[c].Expr, t, CoerceImplicit, -1); err != nil {
				return nil, err
			}
		}
	}
	tree.ColTypes = colTypes
	q := &nodes.Query{CommandType: nodes.CmdSelect, JoinTree: &nodes.FromExpr{}, SetOperations: tree}
	var cols []namedExpr
	for c, te := range visible[0] {
		v := &nodes.Var{VarNo: nodes.SetOpVar, AttNo: c + 1, Type: colTypes[c], Name: te.Name, Location: -1}
		q.TargetList = append(q.TargetList, &nodes.TargetEntry{Expr: v, ResNo: c + 1, Name: te.Name})
		cols = append(cols, namedExpr{te.Name, v})
	}
	_ = first
	a.from = []fromItem{{cols: cols}}
	if err := a.sortClause(q, s.SortClause); err != nil {
		return nil, err
	}
	if len(q.TargetList) > len(cols) {
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

// setOpTree analyzes the arms of a set operation, returning the tree and
// its leaf queries in order.
func (a *analyzer) setOpTree(s *pg_query.SelectStmt) (*nodes.SetOperation, []*nodes.Query, error) {
	op := map[pg_query.SetOperation]nodes.SetOpKind{pg_query.SetOperation_SETOP_UNION: nodes.SetOpUnion,
		pg_query.SetOperation_SETOP_INTERSECT: nodes.SetOpIntersect, pg_query.SetOperation_SETOP_EXCEPT: nodes.SetOpExcept}[s.Op]
	arm := func(n *pg_query.SelectStmt) (any, []*nodes.Query, error) {
		if n.Op == pg_query.SetOperation_SETOP_UNION || n.Op == pg_query.SetOperation_SETOP_INTERSECT || n.Op == pg_query.SetOperation_SETOP_EXCEPT {
			if len(n.SortClause) > 0 || n.LimitCount != nil || n.LimitOffset != nil {
				return nil, nil, pgerror.Unsupported("ORDER BY or LIMIT inside a set operation arm is not supported yet")
			}
			t, leaves, err := a.setOpTree(n)
			return t, leaves, err
		}
		// An arm sees what the set operation's query sees around it: its
		// references to enclosing queries or to earlier FROM items are as
		// many levels up as the set operation's would be.
		sub := a.child()
		sub.parent, sub.parentQuery = a.parent, a.parentQuery
		sub.fromSubquery, sub.lateral = a.fromSubquery, a.lateral
		st, err := sub.selectStmt(n)
		a.params = sub.params
		if err != nil {
			return nil, nil, err
		}
		q := st.(*nodes.Query)
		if len(q.SortClause) > 0 || q.LimitCount != nil || q.LimitOffset != nil {
			return nil, nil, pgerror.Unsupported("ORDER BY or LIMIT inside a set operation arm is not supported yet")
		}
		return q, []*nodes.Query{q}, nil
	}
	l, ll, err := arm(s.Larg)
	if err != nil {
		return nil, nil, err
	}
	r, rl, err := arm(s.Rarg)
	if err != nil {
		return nil, nil, err
	}
	return &nodes.SetOperation{Op: op, All: s.All, Larg: l, Rarg: r}, append(ll, rl...), nil
}
