package analyze

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/loomdb/loomdb/internal/funcs"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

// rangeFunction analyzes a function call in FROM (PG:
// transformRangeFunction): a set-returning function gives its rows, any
// other function one row. ROWS FROM (f(...), g(...)) puts the functions'
// columns side by side, and unnest with several arguments is read as
// ROWS FROM of one unnest per argument. A function of one column names it
// after the alias, or the function when there is none (under ROWS FROM
// with several functions, always after the function); one returning rows
// of several columns names them as it does (json_each: key, value). WITH
// ORDINALITY adds a bigint column "ordinality" numbering the rows from 1.
func (a *analyzer) rangeFunction(q *nodes.Query, rf *pg_query.RangeFunction) (nodes.JoinNode, []namedExpr, error) {
	var calls []*pg_query.FuncCall
	for _, fn := range rf.Functions {
		items := fn.GetList().GetItems()
		if len(items) > 1 && len(items[1].GetList().GetItems()) > 0 || len(rf.Coldeflist) > 0 {
			return nil, nil, pgerror.Unsupported("column definition lists are not supported yet")
		}
		if len(items) == 0 || items[0].GetFuncCall() == nil {
			return nil, nil, pgerror.Unsupported("this expression in FROM is not supported yet")
		}
		calls = append(calls, items[0].GetFuncCall())
	}
	if !rf.IsRowsfrom && len(calls) == 1 {
		calls = expandMultiUnnest(calls[0])
	}
	sc := &scope{q: q, kind: exprFromFunction}
	var fes []*nodes.FuncExpr
	var colNames []string
	var colTypes []types.T
	for _, fc := range calls {
		e, err := a.funcCall(fc, sc)
		if err != nil {
			return nil, nil, err
		}
		fe, ok := e.(*nodes.FuncExpr)
		if !ok {
			return nil, nil, pgerror.Unsupported("function %s in FROM is not supported yet", strVal(fc.Funcname[len(fc.Funcname)-1])).WithPosition(a.pos(fc.Location))
		}
		fes = append(fes, fe)
		if f := funcs.FuncByOid(fe.FuncOid); f != nil && f.SRF != nil && len(f.SRF.Columns) > 0 {
			for _, c := range f.SRF.Columns {
				colNames = append(colNames, c.Name)
				colTypes = append(colTypes, types.T{Oid: c.Type, Typmod: -1})
			}
			continue
		}
		if fe.ResultType.Oid == types.RecordOid {
			return nil, nil, pgerror.Unsupported("function %s returning record in FROM is not supported yet", fe.Name).WithPosition(a.pos(fc.Location))
		}
		name := fe.Name
		if len(calls) == 1 && rf.Alias != nil {
			name = rf.Alias.Aliasname
		}
		colNames = append(colNames, name)
		colTypes = append(colTypes, fe.ResultType)
	}
	call := fes[0]
	if len(fes) > 1 {
		call = &nodes.FuncExpr{FuncOid: nodes.RowsFromOid, Name: "ROWS FROM", ResultType: types.T{Oid: types.RecordOid, Typmod: -1}, Location: -1}
		for _, fe := range fes {
			call.Args = append(call.Args, fe)
		}
	}
	// A call referring to earlier FROM items is LATERAL, written so or
	// not: it runs once per row of the items it refers to.
	rte := &nodes.RangeTblEntry{Kind: nodes.RTEFunction, Func: call, Ordinality: rf.Ordinality, RelName: fes[0].Name, Alias: fes[0].Name,
		Lateral: rf.Lateral || funcHasLevelVars(call)}
	if rf.Alias != nil {
		rte.Alias = rf.Alias.Aliasname
	}
	rte.ColNames = colNames
	rte.ColTypes = colTypes
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

// expandMultiUnnest reads unnest(a, b, ...) as one unnest call per
// argument, as PostgreSQL does for unnest in FROM outside ROWS FROM; any
// other call is returned alone.
func expandMultiUnnest(fc *pg_query.FuncCall) []*pg_query.FuncCall {
	if len(fc.Funcname) != 1 || strVal(fc.Funcname[0]) != "unnest" || len(fc.Args) < 2 ||
		len(fc.AggOrder) > 0 || fc.AggFilter != nil || fc.Over != nil || fc.AggStar || fc.AggDistinct || fc.FuncVariadic {
		return []*pg_query.FuncCall{fc}
	}
	out := make([]*pg_query.FuncCall, len(fc.Args))
	for i, arg := range fc.Args {
		out[i] = &pg_query.FuncCall{Funcname: fc.Funcname, Args: []*pg_query.Node{arg}, Funcformat: fc.Funcformat, Location: fc.Location}
	}
	return out
}
