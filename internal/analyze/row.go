// row.go analyzes row constructors, ROW(a, b) or (a, b) (PG:
// transformRowExpr), comparisons between two of them (PG:
// make_row_comparison_op) and IS [NOT] NULL over one. A row constructor is
// a value of the anonymous type record; two written side by side compare
// column by column: = when every pair is equal, <> when some pair differs,
// and <, <=, >, >= by the first pair that is not equal, NULL as soon as a
// pair compared is NULL.

package analyze

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

// rowExpr analyzes ROW(args); untyped literals among them stay unknown,
// as in PostgreSQL, which prints them but cannot compare them.
func (a *analyzer) rowExpr(x *pg_query.RowExpr, sc *scope) (nodes.Expr, error) {
	out := &nodes.RowExpr{Location: int(x.Location)}
	for _, arg := range x.Args {
		if cr := arg.GetColumnRef(); cr != nil && len(cr.Fields) > 0 && cr.Fields[len(cr.Fields)-1].GetAStar() != nil {
			return nil, pgerror.Unsupported("row constructors with * are not supported yet").WithPosition(a.pos(cr.Location))
		}
		e, err := a.expr(arg, sc)
		if err != nil {
			return nil, err
		}
		out.Args = append(out.Args, e)
	}
	return out, nil
}

// rowCompare analyzes l op r for two row constructors (PG:
// make_row_comparison_op).
func (a *analyzer) rowCompare(name string, l, r *pg_query.RowExpr, sc *scope, loc int) (nodes.Expr, error) {
	if len(l.Args) != len(r.Args) {
		return nil, pgerror.New(pgerror.SyntaxError, "unequal number of entries in row expressions").WithPosition(a.pos(int32(loc)))
	}
	if len(l.Args) == 0 {
		return nil, pgerror.New(pgerror.FeatureNotSupported, "cannot compare rows of zero length").WithPosition(a.pos(int32(loc)))
	}
	switch name {
	case "=", "<>", "<", "<=", ">", ">=":
	default:
		return nil, pgerror.Newf(pgerror.FeatureNotSupported, "operator %s is not supported for row expressions", name).WithPosition(a.pos(int32(loc)))
	}
	pairs := make([][2]nodes.Expr, len(l.Args))
	for i := range l.Args {
		le, err := a.expr(l.Args[i], sc)
		if err != nil {
			return nil, err
		}
		re, err := a.expr(r.Args[i], sc)
		if err != nil {
			return nil, err
		}
		pairs[i] = [2]nodes.Expr{le, re}
	}
	op := func(name string, i int) (nodes.Expr, error) {
		return a.makeOp(name, pairs[i][0], pairs[i][1], loc)
	}
	if len(pairs) == 1 {
		return op(name, 0)
	}
	switch name {
	case "=", "<>":
		b := &nodes.BoolExpr{Op: nodes.AndExpr}
		if name == "<>" {
			b.Op = nodes.OrExpr
		}
		for i := range pairs {
			e, err := op(name, i)
			if err != nil {
				return nil, err
			}
			b.Args = append(b.Args, e)
		}
		return b, nil
	}
	// l1 < r1 OR (l1 = r1 AND (l2 < r2 OR ...)); the last pair uses the
	// operator itself, so that <= and >= hold for equal rows.
	strict := name[:1]
	var build func(i int) (nodes.Expr, error)
	build = func(i int) (nodes.Expr, error) {
		if i == len(pairs)-1 {
			return op(name, i)
		}
		lt, err := op(strict, i)
		if err != nil {
			return nil, err
		}
		eq, err := op("=", i)
		if err != nil {
			return nil, err
		}
		rest, err := build(i + 1)
		if err != nil {
			return nil, err
		}
		return &nodes.BoolExpr{Op: nodes.OrExpr, Args: []nodes.Expr{lt, &nodes.BoolExpr{Op: nodes.AndExpr, Args: []nodes.Expr{eq, rest}}}}, nil
	}
	return build(0)
}

// rowNullTest analyzes ROW(...) IS [NOT] NULL: true when every column is
// NULL (IS NULL) or none is (IS NOT NULL).
func (a *analyzer) rowNullTest(row *nodes.RowExpr, isNot bool) nodes.Expr {
	if len(row.Args) == 0 {
		return &nodes.Const{Type: types.TBool, Value: !isNot, Location: -1}
	}
	b := &nodes.BoolExpr{Op: nodes.AndExpr}
	for _, arg := range row.Args {
		b.Args = append(b.Args, &nodes.NullTest{Arg: arg, IsNot: isNot})
	}
	if len(b.Args) == 1 {
		return b.Args[0]
	}
	return b
}

// checkColumnType refuses a table column of a pseudo-type such as record
// (PG: CheckAttributeType).
func checkColumnType(name string, t types.T) error {
	base := t
	if e := types.ArrayElemType(t); e.Oid != types.InvalidOid {
		base = e
	}
	if in := types.InfoOf(base.Oid); in != nil && in.Category == 'P' {
		return pgerror.Newf(pgerror.InvalidTableDefinition, "column \"%s\" has pseudo-type %s", name, types.FormatType(t))
	}
	return nil
}
