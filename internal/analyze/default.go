// default.go analyzes column defaults: their check and storage as SQL text
// at CREATE TABLE, and their expressions where INSERT and UPDATE use them
// (PG: cookDefault, build_column_default).

package analyze

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/loomdb/loomdb/internal/catalog"
	"github.com/loomdb/loomdb/internal/funcs"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

// defaultExpr analyzes a DEFAULT expression for a column of type t named
// col, converted to the column's type.
func (a *analyzer) defaultExpr(raw *pg_query.Node, col string, t types.T) (nodes.Expr, error) {
	e, err := a.expr(raw, &scope{kind: exprColumnDefault, noVars: true})
	if err != nil {
		return nil, err
	}
	ce, err := a.coerce(e, t, CoerceAssignment, int(exprLocation(raw)))
	if err != nil {
		if pe, ok := pgerror.As(err); ok && (pe.Code == pgerror.DatatypeMismatch || pe.Code == pgerror.CannotCoerce) {
			return nil, pgerror.Newf(pgerror.DatatypeMismatch, "column \"%s\" is of type %s but default expression is of type %s", col, types.FormatType(t), typeName(e.ExprType())).
				WithHint("You will need to rewrite or cast the expression.")
		}
		return nil, err
	}
	return ce, nil
}

// defaultText checks a column's DEFAULT expression and returns the SQL text
// that is stored for it.
func (a *analyzer) defaultText(raw *pg_query.Node, col string, t types.T) (string, error) {
	if _, err := a.defaultExpr(raw, col, t); err != nil {
		return "", err
	}
	return deparseExpr(raw)
}

// deparseExpr returns the SQL text of a raw expression, as stored for
// defaults and constraints.
func deparseExpr(raw *pg_query.Node) (string, error) {
	sel := &pg_query.SelectStmt{TargetList: []*pg_query.Node{{Node: &pg_query.Node_ResTarget{ResTarget: &pg_query.ResTarget{Val: raw}}}}}
	sql, err := pg_query.Deparse(&pg_query.ParseResult{Version: parseTreeVersion(), Stmts: []*pg_query.RawStmt{{Stmt: &pg_query.Node{Node: &pg_query.Node_SelectStmt{SelectStmt: sel}}}}})
	if err != nil {
		return "", pgerror.Internal("deparsing an expression: %v", err)
	}
	return strings.TrimPrefix(sql, "SELECT "), nil
}

// parseStoredExpr parses an expression stored as SQL text by deparseExpr;
// what names it for the error should the text be damaged.
func parseStoredExpr(text, what string) (*pg_query.Node, error) {
	res, err := pg_query.Parse("SELECT " + text)
	if err != nil || len(res.Stmts) != 1 || res.Stmts[0].Stmt.GetSelectStmt() == nil {
		return nil, pgerror.Internal("invalid stored %s: %q", what, text)
	}
	return res.Stmts[0].Stmt.GetSelectStmt().TargetList[0].GetResTarget().Val, nil
}

// ColumnDefault analyzes the DEFAULT expression of column ci of rel,
// converted to the column's type, as INSERT uses it.
func ColumnDefault(env *Env, rel *catalog.Relation, ci int) (nodes.Expr, error) {
	return (&analyzer{env: env}).columnDefault(rel, ci)
}

// columnDefault returns the value column ci of rel takes by default: its
// DEFAULT expression, or NULL.
func (a *analyzer) columnDefault(rel *catalog.Relation, ci int) (nodes.Expr, error) {
	col := rel.Columns[ci]
	if !hasDefault(rel, ci) {
		return &nodes.Const{Type: col.Type, Location: -1}, nil
	}
	if col.Identity != 0 {
		// PG: build_column_default's NextValueExpr.
		f := funcs.FuncsByName("nextval")[0]
		next := &nodes.FuncExpr{FuncOid: f.Oid, Name: f.Name, ResultType: types.TInt8, Location: -1,
			Args: []nodes.Expr{&nodes.Const{Type: types.TRegclass, Value: int64(col.IdentitySequence), Location: -1}}}
		return a.coerce(next, col.Type, CoerceAssignment, -1)
	}
	raw, err := parseStoredExpr(col.Default, "default for column "+col.Name)
	if err != nil {
		return nil, err
	}
	d := a.child()
	d.sql, d.offset = "SELECT "+col.Default, 0
	e, err := d.defaultExpr(raw, col.Name, col.Type)
	a.params = d.params
	return e, err
}

// hasDefault reports whether column ci of rel has a DEFAULT expression.
func hasDefault(rel *catalog.Relation, ci int) bool {
	c := &rel.Columns[ci]
	return (c.Default != "" || c.Identity != 0) && !c.Dropped
}
