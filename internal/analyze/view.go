// view.go analyzes CREATE VIEW and expands views where queries use them
// (PG: commands/view.c, rewrite/rewriteHandler.c). A view is stored as the
// SQL text of its SELECT and analyzed again at each use, becoming a
// subquery in FROM named after the view.

package analyze

import (
	"sync"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/loomdb/loomdb/internal/catalog"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/parser"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

func (a *analyzer) viewStmt(s *pg_query.ViewStmt) (nodes.Stmt, error) {
	switch {
	case s.Replace:
		return nil, pgerror.Unsupported("CREATE OR REPLACE VIEW is not supported yet")
	case len(s.Options) > 0:
		return nil, pgerror.Unsupported("view options are not supported yet")
	case s.WithCheckOption != pg_query.ViewCheckOption_NO_CHECK_OPTION:
		return nil, pgerror.Unsupported("WITH CHECK OPTION is not supported yet")
	case s.View.Relpersistence == "t":
		return nil, pgerror.Unsupported("temporary views are not supported yet")
	}
	sel := s.Query.GetSelectStmt()
	if sel == nil {
		return nil, pgerror.Unsupported("this view query is not supported yet")
	}
	sub := &analyzer{env: a.env, sql: a.sql, offset: a.offset, params: a.params}
	st, err := sub.selectStmt(sel)
	if err != nil {
		return nil, err
	}
	if len(sub.params) > 0 {
		return nil, pgerror.New(pgerror.UndefinedParameter, "there is no parameter $1")
	}
	def, err := pg_query.Deparse(&pg_query.ParseResult{Version: parseTreeVersion(), Stmts: []*pg_query.RawStmt{{Stmt: s.Query}}})
	if err != nil {
		return nil, pgerror.Internal("deparsing the view query: %v", err)
	}
	cv := &nodes.CreateViewStmt{Schema: s.View.Schemaname, Name: s.View.Relname, Definition: def}
	q := st.(*nodes.Query)
	if nodes.HasModifyingCTE(q) {
		return nil, pgerror.New(pgerror.FeatureNotSupported, "views must not contain data-modifying statements in WITH")
	}
	for _, te := range q.TargetList {
		if te.ResJunk {
			continue
		}
		t := te.Expr.ExprType()
		if t.Oid == types.UnknownOid {
			t = types.TText // PG 10 and later resolve unknown view columns as text
		}
		cv.Columns = append(cv.Columns, nodes.ColumnDef{Name: te.Name, Type: t})
	}
	if len(s.Aliases) > len(cv.Columns) {
		return nil, pgerror.New(pgerror.SyntaxError, "CREATE VIEW specifies more column names than columns")
	}
	for i, al := range s.Aliases {
		cv.Columns[i].Name = strVal(al)
	}
	seen := map[string]bool{}
	for _, c := range cv.Columns {
		if seen[c.Name] {
			return nil, pgerror.Newf(pgerror.DuplicateColumn, "column \"%s\" specified more than once", c.Name)
		}
		seen[c.Name] = true
	}
	return cv, nil
}

// viewRTE analyzes a view's definition into a subquery range-table entry
// with the view's column names.
func (a *analyzer) viewRTE(rel *catalog.Relation) (*nodes.RangeTblEntry, error) {
	raws, err := parser.Parse(rel.ViewDef)
	if err != nil || len(raws) != 1 || raws[0].Node.GetSelectStmt() == nil {
		return nil, pgerror.Internal("view \"%s\" has an unreadable definition", rel.Name)
	}
	sub := &analyzer{env: a.env, sql: raws[0].Full, offset: raws[0].Offset}
	st, err := sub.selectStmt(raws[0].Node.GetSelectStmt())
	if err != nil {
		return nil, err
	}
	sq := st.(*nodes.Query)
	rte := &nodes.RangeTblEntry{Kind: nodes.RTESubquery, Alias: rel.Name, RelName: rel.Name, Subquery: sq}
	i := 0
	for _, te := range sq.TargetList {
		if te.ResJunk {
			continue
		}
		if i >= len(rel.Columns) {
			return nil, pgerror.Newf(pgerror.FeatureNotSupported, "view \"%s\" no longer matches its definition", rel.Name)
		}
		rte.ColNames = append(rte.ColNames, rel.Columns[i].Name)
		rte.ColTypes = append(rte.ColTypes, te.Expr.ExprType())
		i++
	}
	return rte, nil
}

// parseTreeVersion is the parse-tree version pg_query's deparser expects,
// read once from a parse.
var parseTreeVersion = sync.OnceValue(func() int32 {
	r, err := pg_query.Parse("SELECT 1")
	if err != nil {
		return 0
	}
	return r.Version
})
