// altercolumntype.go runs ALTER TABLE ... ALTER COLUMN ... TYPE (PG:
// tablecmds.c ATRewriteTables): the table is rewritten into a new relation
// file from the analyzed rewrite query, which holds every changed column's
// transform; then the indexes are rebuilt over the new file and the CHECK
// constraints reading a changed column are checked again. The old files
// go when the transaction commits, and stay if it aborts.

package session

import (
	"context"
	"slices"

	"github.com/loomdb/loomdb/internal/access/nbtree"
	"github.com/loomdb/loomdb/internal/catalog"
	"github.com/loomdb/loomdb/internal/executor"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/optimizer/plan"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

// alterColumnTypes runs the ALTER COLUMN ... TYPE subcommands of st, which
// are all its subcommands, on rel.
func (s *Session) alterColumnTypes(ctx context.Context, rel *catalog.Relation, st *nodes.AlterTableStmt) error {
	tx := s.startTxn()
	newTypes := map[int]types.T{}
	for _, cmd := range st.Cmds {
		if cmd.Kind != nodes.AlterColumnType {
			return pgerror.Unsupported("ALTER COLUMN ... TYPE together with other ALTER TABLE subcommands is not supported yet")
		}
		ci := rel.ColumnByName(cmd.Column)
		if ci < 0 {
			return pgerror.Newf(pgerror.UndefinedColumn, "column \"%s\" of relation \"%s\" does not exist", cmd.Column, rel.Name)
		}
		attnum := ci + 1
		for _, fk := range rel.ForeignKeys {
			if slices.Contains(fk.Cols, attnum) {
				return pgerror.Unsupported("changing the type of column \"%s\", which foreign key constraint \"%s\" holds, is not supported yet", cmd.Column, fk.Name)
			}
		}
		for _, fk := range rel.ReferencedBy {
			if slices.Contains(fk.RefCols, attnum) {
				return pgerror.Unsupported("changing the type of column \"%s\", which foreign key constraint \"%s\" references, is not supported yet", cmd.Column, fk.Name)
			}
		}
		views, err := s.eng.cat.ViewsReading(tx.StatementSnapshot(), rel.Oid, attnum)
		if err != nil {
			return err
		}
		if len(views) > 0 {
			v, err := s.eng.cat.RelationByOid(tx, tx.StatementSnapshot(), views[0].View)
			if err != nil {
				return err
			}
			return pgerror.New(pgerror.FeatureNotSupported, "cannot alter type of a column used by a view or rule").
				WithDetail("rule _RETURN on view %s depends on column \"%s\"", v.Name, cmd.Column)
		}
		newTypes[attnum] = cmd.NewType
	}
	if st.Rewrite == nil || len(st.Rewrite.RangeTable) != 1 || st.Rewrite.RangeTable[0].RelOid != rel.Oid {
		return pgerror.Internal("ALTER COLUMN ... TYPE of \"%s\" has no rewrite of that table", rel.Name)
	}

	snap := tx.StatementSnapshot()
	access := s.tableAccess(tx, snap)
	planned, err := plan.Planner(st.Rewrite, s.plannerConfig(access))
	if err != nil {
		return err
	}
	fill := func(insert func(row []types.Datum) error) error {
		es := s.newEState(access, nil, false)
		ps, err := executor.ExecutorStart(planned, es)
		if err != nil {
			return err
		}
		defer func() {
			ps.End()
			es.EndSubplans()
		}()
		ectx, done := s.statementContext(ctx)
		defer done()
		row := make([]types.Datum, len(rel.Columns))
		for {
			b, err := ps.Exec(ectx)
			if err != nil {
				return pgerror.Convert(err)
			}
			if b == nil {
				return nil
			}
			for i := range b.Len() {
				r := b.Row(i)
				clear(row)
				for j, attnum := range st.RewriteCols {
					d := b.Cols[j].Get(r)
					col := &rel.Columns[attnum-1]
					if d == nil && col.NotNull {
						return pgerror.Newf(pgerror.NotNullViolation, "column \"%s\" of relation \"%s\" contains null values", col.Name, rel.Name)
					}
					row[attnum-1] = d
				}
				if err := insert(row); err != nil {
					return err
				}
			}
		}
	}
	if err := s.eng.cat.RewriteTable(ctx, tx, snap, rel, newTypes, fill); err != nil {
		return err
	}
	tx.CommandCounterIncrement()

	// The indexes are built anew over the new file.
	snap = tx.StatementSnapshot().WithCurCID(tx.CurCID())
	if rel, err = s.eng.cat.RelationByOid(tx, snap, rel.Oid); err != nil {
		return err
	}
	for _, in := range rel.Indexes {
		idx, err := s.eng.cat.NewIndexFile(ctx, tx, snap, rel, in)
		if err != nil {
			return err
		}
		if in.Predicate != "" {
			pred, err := s.analyzePredicate(tx, rel, in.Predicate)
			if err != nil {
				return err
			}
			if idx.Predicate, err = predicateFunc(pred, rel); err != nil {
				return err
			}
		}
		if err := nbtree.Create(s.eng.st, idx, tx); err != nil {
			return err
		}
		if _, err := nbtree.Build(ctx, s.eng.st, tx, idx, rel.Table()); err != nil {
			return err
		}
	}
	tx.CommandCounterIncrement()

	// The CHECK constraints reading a changed column are checked again,
	// as PG's re-added constraints are.
	qualified := quoteIdent(rel.NamespaceName) + "." + quoteIdent(rel.Name)
	for _, ck := range rel.Checks {
		if !slices.ContainsFunc(ck.AttNums, func(attnum int) bool { _, ok := newTypes[attnum]; return ok }) {
			continue
		}
		violated, err := s.checkViolated(ctx, qualified, ck.Expr)
		if err != nil {
			return err
		}
		if violated {
			return pgerror.Newf(pgerror.CheckViolation, "check constraint \"%s\" of relation \"%s\" is violated by some row", ck.Name, rel.Name)
		}
	}
	return nil
}
