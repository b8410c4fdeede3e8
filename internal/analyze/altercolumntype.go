// altercolumntype.go analyzes ALTER TABLE ... ALTER COLUMN ... TYPE (PG:
// tablecmds.c ATPrepAlterColumnType): each changed column's transform
// expression (USING, or the column itself) coerced to the new type by
// assignment, gathered with the other columns into one query that reads
// the rows the table is rewritten with.

package analyze

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/loomdb/loomdb/internal/catalog"
	"github.com/loomdb/loomdb/internal/funcs"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

// alterColumnType analyzes one ALTER COLUMN ... TYPE of rel into cmd and
// adds its transform to out's rewrite query, built on first use.
func (a *analyzer) alterColumnType(out *nodes.AlterTableStmt, rel *catalog.Relation, c *pg_query.AlterTableCmd, cmd *nodes.AlterTableCmd) error {
	ci := rel.ColumnByName(c.Name)
	if ci < 0 {
		return pgerror.Newf(pgerror.UndefinedColumn, "column \"%s\" of relation \"%s\" does not exist", c.Name, rel.Name)
	}
	col := rel.Columns[ci]
	cd := c.Def.GetColumnDef()
	t, err := a.typeName(cd.TypeName)
	if err != nil {
		return err
	}
	if types.InfoOf(t.Oid) == nil {
		return pgerror.Unsupported("type %s is not supported for table columns", types.FormatType(t))
	}
	if cd.CollClause != nil {
		return pgerror.Unsupported("ALTER COLUMN ... TYPE with COLLATE is not supported yet")
	}
	if col.Identity != 0 {
		return pgerror.Unsupported("changing the type of identity column \"%s\" is not supported yet", col.Name)
	}
	cmd.Kind, cmd.NewType = nodes.AlterColumnType, t
	q := out.Rewrite
	if q == nil {
		q = rewriteQuery(rel)
		out.Rewrite = q
		for _, te := range q.TargetList {
			out.RewriteCols = append(out.RewriteCols, te.Expr.(*nodes.Var).AttNo)
		}
	}
	var te *nodes.TargetEntry
	for _, e := range q.TargetList {
		if e.Name == col.Name {
			te = e
		}
	}
	if _, ok := te.Expr.(*nodes.Var); !ok {
		// An earlier subcommand changed this column's values (PG: the
		// newvals entry of ATPrepAlterColumnType; a no-op one adds none).
		return pgerror.Newf(pgerror.FeatureNotSupported, "cannot alter type of column \"%s\" twice", col.Name)
	}
	transform := te.Expr
	if cd.RawDefault != nil {
		ta := &analyzer{env: a.env, sql: a.sql, offset: a.offset, params: a.params}
		ref := q.JoinTree.FromList[0]
		ta.from = []fromItem{{node: ref, cols: rteColumns(q, 1)}}
		if transform, err = ta.expr(cd.RawDefault, &scope{q: q, kind: exprTransform}); err != nil {
			return err
		}
		var sub *nodes.SubLink
		nodes.Walk(transform, func(x nodes.Expr) bool {
			if s, ok := x.(*nodes.SubLink); ok && sub == nil {
				sub = s
			}
			return sub == nil
		})
		if sub != nil {
			return pgerror.New(pgerror.FeatureNotSupported, "cannot use subquery in transform expression").WithPosition(a.pos(int32(sub.Location)))
		}
	}
	coerced, err := a.coerce(transform, t, CoerceAssignment, -1)
	if err != nil {
		if pe, ok := pgerror.As(err); ok && (pe.Code == pgerror.DatatypeMismatch || pe.Code == pgerror.CannotCoerce) {
			if cd.RawDefault != nil {
				return pgerror.Newf(pgerror.DatatypeMismatch, "result of USING clause for column \"%s\" cannot be cast automatically to type %s", col.Name, types.FormatType(types.T{Oid: t.Oid, Typmod: -1})).
					WithHint("You might need to add an explicit cast.")
			}
			return pgerror.Newf(pgerror.DatatypeMismatch, "column \"%s\" cannot be cast automatically to type %s", col.Name, types.FormatType(types.T{Oid: t.Oid, Typmod: -1})).
				WithHint("You might need to specify \"USING %s::%s\".", funcs.QuoteIdentifier(col.Name), types.FormatType(t))
		}
		return err
	}
	te.Expr = coerced
	if hasDefault(rel, ci) {
		// The default must still give a value of the new type.
		nr := *rel
		nr.Columns = append([]catalog.Column(nil), rel.Columns...)
		nr.Columns[ci].Type = t
		if _, err := a.columnDefault(&nr, ci); err != nil {
			if pe, ok := pgerror.As(err); ok && (pe.Code == pgerror.DatatypeMismatch || pe.Code == pgerror.CannotCoerce) {
				return pgerror.Newf(pgerror.DatatypeMismatch, "default for column \"%s\" cannot be cast automatically to type %s", col.Name, types.FormatType(types.T{Oid: t.Oid, Typmod: -1}))
			}
			return err
		}
	}
	return nil
}

// rewriteQuery returns SELECT <live columns> FROM ONLY rel, as Vars of
// range-table entry 1.
func rewriteQuery(rel *catalog.Relation) *nodes.Query {
	rte := &nodes.RangeTblEntry{Kind: nodes.RTERelation, RelOid: rel.Oid, RelName: rel.Name, Alias: rel.Name, Schema: rel.NamespaceName}
	for _, c := range rel.Columns {
		name := c.Name
		if c.Dropped {
			name = ""
		}
		rte.ColNames = append(rte.ColNames, name)
		rte.ColTypes = append(rte.ColTypes, c.Type)
	}
	ref := &nodes.RangeTblRef{RTIndex: 1}
	q := &nodes.Query{CommandType: nodes.CmdSelect, RangeTable: []*nodes.RangeTblEntry{rte}, JoinTree: &nodes.FromExpr{FromList: []nodes.JoinNode{ref}}}
	for _, c := range rel.Columns {
		if c.Dropped {
			continue
		}
		v := &nodes.Var{VarNo: 1, AttNo: c.AttNum, Type: c.Type, Name: c.Name, RelName: rel.Name, Location: -1}
		q.TargetList = append(q.TargetList, &nodes.TargetEntry{Expr: v, ResNo: len(q.TargetList) + 1, Name: c.Name})
	}
	return q
}

// liveColumnName is column c's name in a range-table entry: "" for a
// dropped column, which no reference or * may reach.
func liveColumnName(c catalog.Column) string {
	if c.Dropped {
		return ""
	}
	return c.Name
}
