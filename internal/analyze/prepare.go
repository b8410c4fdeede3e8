// prepare.go analyzes SQL PREPARE and EXECUTE (PG: commands/prepare.c).
// PREPARE keeps the statement as SQL text for the session to prepare as
// the protocol's Parse does; EXECUTE's arguments are coerced to the
// prepared statement's parameter types here.

package analyze

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

func (a *analyzer) prepareStmt(s *pg_query.PrepareStmt) (nodes.Stmt, error) {
	out := &nodes.PrepareStmt{Name: s.Name}
	for _, tn := range s.Argtypes {
		t, err := a.typeName(tn.GetTypeName())
		if err != nil {
			return nil, err
		}
		out.ParamTypes = append(out.ParamTypes, t.Oid)
	}
	sql, err := pg_query.Deparse(&pg_query.ParseResult{Version: parseTreeVersion(), Stmts: []*pg_query.RawStmt{{Stmt: s.Query}}})
	if err != nil {
		return nil, pgerror.Internal("cannot keep the statement of PREPARE: %v", err)
	}
	out.SQL = sql
	return out, nil
}

func (a *analyzer) executeStmt(s *pg_query.ExecuteStmt) (nodes.Stmt, error) {
	var ptypes []types.Oid
	ok := false
	if a.env.PreparedParams != nil {
		ptypes, ok = a.env.PreparedParams(s.Name)
	}
	if !ok {
		return nil, pgerror.Newf(pgerror.InvalidSQLStatementName, "prepared statement \"%s\" does not exist", s.Name)
	}
	if len(s.Params) != len(ptypes) {
		return nil, pgerror.Newf(pgerror.SyntaxError, "wrong number of parameters for prepared statement \"%s\"", s.Name).
			WithDetail("Expected %d parameters but got %d.", len(ptypes), len(s.Params))
	}
	out := &nodes.ExecuteStmt{Name: s.Name}
	sc := &scope{q: &nodes.Query{CommandType: nodes.CmdSelect, JoinTree: &nodes.FromExpr{}}, kind: exprExecuteParam}
	for i, p := range s.Params {
		e, err := a.expr(p, sc)
		if err != nil {
			return nil, err
		}
		want := types.T{Oid: ptypes[i], Typmod: -1}
		c, err := a.coerce(e, want, CoerceAssignment, int(exprLocation(p)))
		if err != nil {
			if pgerror.CodeOf(err) == pgerror.CannotCoerce || pgerror.CodeOf(err) == pgerror.DatatypeMismatch {
				return nil, pgerror.Newf(pgerror.DatatypeMismatch, "parameter $%d of type %s cannot be coerced to the expected type %s", i+1, typeName(e.ExprType()), typeName(want)).
					WithHint("You will need to rewrite or cast the expression.").WithPosition(a.pos(exprLocation(p)))
			}
			return nil, err
		}
		out.Params = append(out.Params, c)
	}
	return out, nil
}
