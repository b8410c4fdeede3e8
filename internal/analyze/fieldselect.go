// fieldselect.go analyzes (expr).name, a column of a composite value: the
// row a set-returning function of several columns returns, such a row
// carried up through a subquery's output, or ROW(...) (PG:
// ParseFuncOrColumn's field selection, ParseComplexProjection).

package analyze

import (
	"fmt"

	"github.com/loomdb/loomdb/internal/funcs"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

// fieldSelect resolves (base).name.
func (a *analyzer) fieldSelect(base nodes.Expr, name string, loc int32, sc *scope) (nodes.Expr, error) {
	var q *nodes.Query
	if sc != nil {
		q = sc.q
	}
	names, typs, ok := recordColumns(base, q)
	if !ok {
		t := base.ExprType()
		if types.ClassOf(t.Oid) != types.ClassRecord {
			return nil, pgerror.Newf(pgerror.WrongObjectType, "column notation .%s applied to type %s, which is not a composite type", name, types.FormatTypeBe(t.Oid)).WithPosition(a.pos(loc))
		}
		return nil, pgerror.Unsupported("selecting a field of this record value is not supported yet").WithPosition(a.pos(loc))
	}
	for i, n := range names {
		if n == name {
			return &nodes.FieldSelect{Arg: base, FieldNum: i + 1, Type: typs[i]}, nil
		}
	}
	return nil, pgerror.Newf(pgerror.UndefinedColumn, "could not identify column \"%s\" in record data type", name).WithPosition(a.pos(loc))
}

// recordColumns returns the names and types of the columns of a composite
// value: a call of a set-returning function of several columns, ROW(...),
// or a Var of the current query level reading such a value from a
// subquery in FROM.
func recordColumns(e nodes.Expr, q *nodes.Query) ([]string, []types.T, bool) {
	switch x := e.(type) {
	case *nodes.FuncExpr:
		f := funcs.FuncByOid(x.FuncOid)
		if f == nil || f.SRF == nil || len(f.SRF.Columns) == 0 {
			return nil, nil, false
		}
		var names []string
		var typs []types.T
		for _, c := range f.SRF.Columns {
			names = append(names, c.Name)
			typs = append(typs, types.T{Oid: c.Type, Typmod: -1})
		}
		return names, typs, true
	case *nodes.RowExpr:
		var names []string
		var typs []types.T
		for i, arg := range x.Args {
			names = append(names, fmt.Sprintf("f%d", i+1))
			typs = append(typs, arg.ExprType())
		}
		return names, typs, true
	case *nodes.Var:
		if q == nil || x.LevelsUp != 0 || x.VarNo < 1 || x.VarNo > len(q.RangeTable) || x.AttNo < 1 {
			return nil, nil, false
		}
		sub := q.RangeTable[x.VarNo-1].Subquery
		if sub == nil {
			return nil, nil, false
		}
		col := 0
		for _, te := range sub.TargetList {
			if te.ResJunk {
				continue
			}
			col++
			if col == x.AttNo {
				return recordColumns(te.Expr, sub)
			}
		}
	}
	return nil, nil, false
}
