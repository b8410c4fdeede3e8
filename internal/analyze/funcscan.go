package analyze

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

// rangeFunction analyzes a function call in FROM (PG:
// transformRangeFunction): a set-returning function gives its rows, any
// other function one row. The column is named after the alias, or the
// function when there is none; WITH ORDINALITY adds a bigint column
// "ordinality" numbering the rows from 1.
func (a *analyzer) rangeFunction(q *nodes.Query, rf *pg_query.RangeFunction) (nodes.JoinNode, []namedExpr, error) {
	if rf.IsRowsfrom || len(rf.Functions) != 1 {
		return nil, nil, pgerror.Unsupported("ROWS FROM is not supported yet")
	}
	items := rf.Functions[0].GetList().GetItems()
	if len(items) > 1 && len(items[1].GetList().GetItems()) > 0 || len(rf.Coldeflist) > 0 {
		return nil, nil, pgerror.Unsupported("column definition lists are not supported yet")
	}
	if len(items) == 0 || items[0].GetFuncCall() == nil {
		return nil, nil, pgerror.Unsupported("this expression in FROM is not supported yet")
	}
	fc := items[0].GetFuncCall()
	sc := &scope{q: q, kind: exprFromFunction}
	e, err := a.funcCall(fc, sc)
	if err != nil {
		return nil, nil, err
	}
	fe, ok := e.(*nodes.FuncExpr)
	if !ok {
		return nil, nil, pgerror.Unsupported("function %s in FROM is not supported yet", strVal(fc.Funcname[len(fc.Funcname)-1])).WithPosition(a.pos(fc.Location))
	}
	// A call referring to earlier FROM items is LATERAL, written so or
	// not: it runs once per row of the items it refers to.
	rte := &nodes.RangeTblEntry{Kind: nodes.RTEFunction, Func: fe, Ordinality: rf.Ordinality, RelName: fe.Name, Alias: fe.Name,
		Lateral: rf.Lateral || funcHasLevelVars(fe)}
	colName := fe.Name
	if rf.Alias != nil {
		rte.Alias = rf.Alias.Aliasname
		colName = rf.Alias.Aliasname
	}
	rte.ColNames = []string{colName}
	rte.ColTypes = []types.T{fe.ResultType}
	if rf.Ordinality {
		rte.ColNames = append(rte.ColNames, "ordinality")
		rte.ColTypes = append(rte.ColTypes, types.TInt8)
	}
	if rf.Alias != nil {
		if len(rf.Alias.Colnames) > len(rte.ColNames) {
			return nil, nil, pgerror.Newf(pgerror.InvalidColumnReference, "table \"%s\" has %d columns available but %d columns specified",
				rte.Alias, len(rte.ColNames), len(rf.Alias.Colnames))
		}
		for i, cn := range rf.Alias.Colnames {
			rte.ColNames[i] = strVal(cn)
		}
	}
	q.RangeTable = append(q.RangeTable, rte)
	ref := &nodes.RangeTblRef{RTIndex: len(q.RangeTable)}
	return ref, rteColumns(q, ref.RTIndex), nil
}
