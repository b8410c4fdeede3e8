// modifycte.go analyzes data-modifying statements in WITH (PG: parse_cte.c
// for INSERT, UPDATE and DELETE items, addRangeTableEntryForCTE's check of
// their RETURNING lists). Such a statement is analyzed where it is
// defined, like a recursive WITH query, into a nodes.CommonTableExpr that
// the query level lists in its CTEList: the planner plans it once, the
// executor runs it once to completion whether or not anything reads its
// rows, and every reference scans its RETURNING rows.
//
// As in PostgreSQL, only the statement's top-level WITH may hold such
// statements, and only one with RETURNING may be referenced.

package analyze

import (
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

// modifyingCTE analyzes the data-modifying statement of WITH item def.
func (a *analyzer) modifyingCTE(def *cteDef) error {
	c := def.cte
	if a.nested {
		return pgerror.New(pgerror.FeatureNotSupported, "WITH clause containing a data-modifying statement must be at the top level").WithPosition(a.pos(c.Location))
	}
	if def.scope == nil {
		def.scope = a.ctes
	}
	sub := a.child()
	sub.ctes = def.scope
	var st nodes.Stmt
	var err error
	switch n := c.Ctequery; {
	case n.GetInsertStmt() != nil:
		st, err = sub.insertStmt(n.GetInsertStmt())
	case n.GetUpdateStmt() != nil:
		st, err = sub.updateStmt(n.GetUpdateStmt())
	case n.GetDeleteStmt() != nil:
		st, err = sub.deleteStmt(n.GetDeleteStmt())
	default:
		err = pgerror.Unsupported("statement type %s in WITH is not supported", stmtName(n)).WithPosition(a.pos(c.Location))
	}
	a.params = sub.params
	if err != nil {
		return err
	}
	q, ok := st.(*nodes.Query)
	if !ok {
		return pgerror.Internal("WITH query \"%s\" is not a query", def.name)
	}
	node := &nodes.CommonTableExpr{Name: def.name, Query: q}
	for _, te := range q.Returning {
		if te.ResJunk {
			continue
		}
		def.colNames = append(def.colNames, te.Name)
		t := te.Expr.ExprType()
		if t.Oid == types.UnknownOid {
			t = types.TText
		}
		node.ColTypes = append(node.ColTypes, t)
	}
	if err := a.columnAliases(def); err != nil {
		return err
	}
	def.node, def.modifying = node, true
	return nil
}

// modifyingCTERTE makes a reference to data-modifying WITH item def a scan
// of its RETURNING rows.
func (a *analyzer) modifyingCTERTE(def *cteDef, loc int32) (*nodes.RangeTblEntry, error) {
	if len(def.node.Query.Returning) == 0 {
		return nil, pgerror.Newf(pgerror.FeatureNotSupported, "WITH query \"%s\" does not have a RETURNING clause", def.name).WithPosition(a.pos(loc))
	}
	rte := &nodes.RangeTblEntry{Kind: nodes.RTECTE, Alias: def.name, RelName: def.name, CTE: def.node}
	rte.ColNames = append([]string(nil), def.colNames...)
	rte.ColTypes = append([]types.T(nil), def.node.ColTypes...)
	def.node.RefCount++
	return rte, nil
}
