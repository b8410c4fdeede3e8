// ctas.go analyzes CREATE TABLE AS and SELECT INTO (PG: commands/createas.c,
// parse_analyze's transformCreateTableAsStmt): the query decides the new
// table's columns, and an INSERT ... SELECT of the same query fills it once
// the table exists.

package analyze

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"

	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

func (a *analyzer) createTableAsStmt(s *pg_query.CreateTableAsStmt) (nodes.Stmt, error) {
	if s.Objtype != pg_query.ObjectType_OBJECT_TABLE {
		return nil, pgerror.Unsupported("CREATE MATERIALIZED VIEW is not supported yet")
	}
	if s.Query.GetSelectStmt() == nil {
		return nil, pgerror.Unsupported("CREATE TABLE AS EXECUTE is not supported yet")
	}
	return a.createAs(s.Into, s.Query, s.IfNotExists)
}

// selectInto converts SELECT ... INTO t into CREATE TABLE t AS SELECT.
func (a *analyzer) selectInto(s *pg_query.SelectStmt) (nodes.Stmt, error) {
	q := proto.Clone(s).(*pg_query.SelectStmt)
	q.IntoClause = nil
	return a.createAs(s.IntoClause, &pg_query.Node{Node: &pg_query.Node_SelectStmt{SelectStmt: q}}, false)
}

func (a *analyzer) createAs(into *pg_query.IntoClause, query *pg_query.Node, ifNotExists bool) (nodes.Stmt, error) {
	rel := into.Rel
	switch {
	case rel.Relpersistence == "t":
		return nil, pgerror.Unsupported("temporary tables are not supported yet")
	case len(into.Options) > 0 || into.TableSpaceName != "" || into.AccessMethod != "":
		return nil, pgerror.Unsupported("storage options of CREATE TABLE AS are not supported yet")
	}
	st, err := a.stmt(query)
	if err != nil {
		return nil, err
	}
	q, ok := st.(*nodes.Query)
	if !ok || q.CommandType != nodes.CmdSelect {
		return nil, pgerror.Unsupported("CREATE TABLE AS of this statement is not supported yet")
	}
	var names []string
	for _, n := range into.ColNames {
		names = append(names, strVal(n))
	}
	ct := &nodes.CreateTableStmt{Schema: rel.Schemaname, Name: rel.Relname, IfNotExists: ifNotExists}
	seen := map[string]bool{}
	i := 0
	for _, te := range q.TargetList {
		if te.ResJunk {
			continue
		}
		name := te.Name
		if i < len(names) {
			name = names[i]
		}
		i++
		if seen[name] {
			return nil, pgerror.Newf(pgerror.DuplicateColumn, "column \"%s\" specified more than once", name)
		}
		seen[name] = true
		t := te.Expr.ExprType()
		if t.Oid == types.UnknownOid {
			t = types.TText
		}
		if err := checkColumnType(name, t); err != nil {
			return nil, err
		}
		ct.Columns = append(ct.Columns, nodes.ColumnDef{Name: name, Type: t})
	}
	if len(names) > i {
		return nil, pgerror.New(pgerror.SyntaxError, "too many column names were specified")
	}
	out := &nodes.CreateTableAsStmt{Create: ct, WithNoData: into.SkipData}
	if !into.SkipData {
		var cols []*pg_query.Node
		for _, c := range ct.Columns {
			cols = append(cols, &pg_query.Node{Node: &pg_query.Node_ResTarget{ResTarget: &pg_query.ResTarget{Name: c.Name, Location: -1}}})
		}
		ins := &pg_query.InsertStmt{Relation: rel, Cols: cols, SelectStmt: query, Override: pg_query.OverridingKind_OVERRIDING_NOT_SET}
		sql, err := pg_query.Deparse(&pg_query.ParseResult{Version: parseTreeVersion(), Stmts: []*pg_query.RawStmt{{Stmt: &pg_query.Node{Node: &pg_query.Node_InsertStmt{InsertStmt: ins}}}}})
		if err != nil {
			return nil, pgerror.Internal("cannot build the INSERT of CREATE TABLE AS: %v", err)
		}
		out.InsertSQL = sql
	}
	return out, nil
}
