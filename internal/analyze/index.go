// index.go analyzes CREATE INDEX (PG: parse_utilcmd.c transformIndexStmt).

package analyze

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
)

func (a *analyzer) indexStmt(s *pg_query.IndexStmt) (nodes.Stmt, error) {
	switch {
	case s.AccessMethod != "" && s.AccessMethod != "btree":
		return nil, pgerror.Unsupported("access method \"%s\" is not supported yet", s.AccessMethod)
	case len(s.IndexIncludingParams) > 0:
		return nil, pgerror.Unsupported("INCLUDE columns are not supported yet")
	case s.NullsNotDistinct:
		return nil, pgerror.Unsupported("NULLS NOT DISTINCT is not supported yet")
	case s.TableSpace != "":
		return nil, pgerror.Unsupported("tablespaces are not supported")
	}
	rel, err := a.env.Catalog.LookupRelation(s.Relation.Schemaname, s.Relation.Relname)
	if err != nil {
		return nil, withPos(err, a.pos(s.Relation.Location))
	}
	if rel.Kind == 'v' {
		return nil, pgerror.Newf(pgerror.WrongObjectType, "cannot create index on relation \"%s\"", rel.Name).
			WithDetail("This operation is not supported for views.")
	}
	st := &nodes.IndexStmt{Name: s.Idxname, RelOid: rel.Oid, RelName: rel.Name, Unique: s.Unique || s.Primary, IfNotExists: s.IfNotExists}
	for _, p := range s.IndexParams {
		e := p.GetIndexElem()
		if e.Expr != nil {
			return nil, pgerror.Unsupported("indexes on expressions are not supported yet")
		}
		if len(e.Opclass) > 0 || len(e.Collation) > 0 {
			return nil, pgerror.Unsupported("operator classes and collations in indexes are not supported yet")
		}
		i := rel.ColumnByName(e.Name)
		if i < 0 {
			return nil, pgerror.Newf(pgerror.UndefinedColumn, "column \"%s\" does not exist", e.Name)
		}
		c := nodes.IndexColumn{AttNum: i + 1, Name: e.Name, Desc: e.Ordering == pg_query.SortByDir_SORTBY_DESC}
		c.NullsFirst = c.Desc
		switch e.NullsOrdering {
		case pg_query.SortByNulls_SORTBY_NULLS_FIRST:
			c.NullsFirst = true
		case pg_query.SortByNulls_SORTBY_NULLS_LAST:
			c.NullsFirst = false
		}
		st.Columns = append(st.Columns, c)
	}
	if len(st.Columns) > 32 {
		return nil, pgerror.New(pgerror.TooManyColumns, "cannot use more than 32 columns in an index")
	}
	if s.WhereClause != nil {
		q := &nodes.Query{CommandType: nodes.CmdSelect, JoinTree: &nodes.FromExpr{}}
		rte := &nodes.RangeTblEntry{Kind: nodes.RTERelation, RelOid: rel.Oid, RelName: rel.Name, Alias: rel.Name, Schema: rel.NamespaceName}
		for _, c := range rel.Columns {
			rte.ColNames = append(rte.ColNames, c.Name)
			rte.ColTypes = append(rte.ColTypes, c.Type)
		}
		q.RangeTable = []*nodes.RangeTblEntry{rte}
		a.from = []fromItem{{node: &nodes.RangeTblRef{RTIndex: 1}, cols: rteColumns(q, 1)}}
		pred, err := a.expr(s.WhereClause, &scope{q: q, kind: exprWhere})
		if err != nil {
			return nil, err
		}
		if pred, err = a.coerceBool(pred, "WHERE", int(exprLocation(s.WhereClause))); err != nil {
			return nil, err
		}
		st.Predicate = pred
		st.PredicateSQL = predicateText(a.sql[a.offset:])
		if st.PredicateSQL == "" {
			return nil, pgerror.Internal("could not find the index predicate text")
		}
	}
	return st, nil
}

// predicateText returns the text after the WHERE keyword of a CREATE INDEX
// statement; index predicates cannot contain subqueries, so the first
// WHERE token is the clause's.
func predicateText(sql string) string {
	res, err := pg_query.Scan(sql)
	if err != nil {
		return ""
	}
	for i, tok := range res.Tokens {
		if tok.Token != pg_query.Token_WHERE {
			continue
		}
		end := len(sql)
		for _, t := range res.Tokens[i+1:] {
			if t.Token == pg_query.Token_ASCII_59 { // ';'
				end = int(t.Start)
				break
			}
		}
		return strings.TrimSpace(sql[tok.End:end])
	}
	return ""
}
