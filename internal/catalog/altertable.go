// altertable.go changes a table's catalog rows for ALTER TABLE: columns
// added, dropped, renamed, their defaults and NOT NULL, the table's name
// and its storage parameters (PG: commands/tablecmds.c).

package catalog

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/loomdb/loomdb/internal/access/heap"
	"github.com/loomdb/loomdb/internal/access/nbtree"
	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/txn"
	"github.com/loomdb/loomdb/internal/types"
)

// updateAttribute replaces column attnum's pg_attribute row of rel with a
// modified copy.
func (c *Catalog) updateAttribute(ctx context.Context, tx *txn.Txn, snap *txn.Snapshot, rel types.Oid, attnum int, change func(row []types.Datum)) error {
	found, err := c.updateRow(ctx, tx, snap, PgAttributeOid,
		func(row []types.Datum) bool {
			return types.Oid(row[attAttrelid].(int64)) == rel && int(row[attAttnum].(int64)) == attnum
		},
		func(row []types.Datum) bool { change(row); return true })
	if err == nil && !found {
		err = pgerror.Internal("cache lookup failed for attribute %d of relation %d", attnum, rel)
	}
	return err
}

// AddColumn appends column col to table rel.
func (c *Catalog) AddColumn(ctx context.Context, tx *txn.Txn, snap *txn.Snapshot, rel *Relation, col nodes.ColumnDef) error {
	if types.InfoOf(col.Type.Oid) == nil {
		return pgerror.Unsupported("type %s is not supported for table columns", types.FormatType(col.Type))
	}
	attnum := len(rel.Columns) + 1
	if attnum > 1600 {
		return pgerror.New(pgerror.TooManyColumns, "tables can have at most 1600 columns")
	}
	if err := c.insertAttributeRowCollation(ctx, tx, rel.Oid, attnum, col.Name, col.Type, col.NotNull, col.Default != "", 0, col.Collation); err != nil {
		return err
	}
	if col.Default != "" {
		if _, err := heapInsert(ctx, c, tx, PgAttrdefOid, []types.Datum{int64(c.st.NewOid()), int64(rel.Oid), int64(attnum), col.Default}); err != nil {
			return err
		}
	}
	return c.updateClassRow(ctx, tx, snap, rel.Oid, func(row []types.Datum) bool {
		row[classRelnatts] = int64(attnum)
		return true
	})
}

// DropColumn marks column attnum of rel dropped, as PostgreSQL does: the
// attribute stays, renamed and invisible, because stored rows still hold
// its values. Indexes on the column go with it.
func (c *Catalog) DropColumn(ctx context.Context, tx *txn.Txn, snap *txn.Snapshot, rel *Relation, attnum int) error {
	if err := c.SetColumnDefault(ctx, tx, snap, rel, attnum, ""); err != nil {
		return err
	}
	tx.CommandCounterIncrement()
	snap = snap.WithCurCID(tx.CurCID())
	if err := c.updateAttribute(ctx, tx, snap, rel.Oid, attnum, func(row []types.Datum) {
		row[attAttname] = fmt.Sprintf("........pg.dropped.%d........", attnum)
		row[attAttnotnull] = false
		row[attAtthasdef] = false
		row[attAttisdropped] = true
	}); err != nil {
		return err
	}
	for _, in := range rel.Indexes {
		for _, k := range in.Keys {
			if k.AttNum == attnum {
				if err := c.dropIndex(ctx, tx, snap, rel, in); err != nil {
					return err
				}
				break
			}
		}
	}
	owned, err := c.OwnedSequences(snap, rel.Oid)
	if err != nil {
		return err
	}
	for _, o := range owned {
		if o.AttNum != attnum {
			continue
		}
		seq, err := c.RelationByOid(tx, snap, o.Seq)
		if err != nil {
			return err
		}
		if err := c.DropTable(ctx, tx, snap, seq); err != nil {
			return err
		}
	}
	return nil
}

// SetColumnDefault replaces the default of column attnum of rel with the
// SQL text def ("" drops it).
func (c *Catalog) SetColumnDefault(ctx context.Context, tx *txn.Txn, snap *txn.Snapshot, rel *Relation, attnum int, def string) error {
	if err := c.deleteWhere(ctx, tx, snap, PgAttrdefOid, func(row []types.Datum) bool {
		return types.Oid(row[attrdefAdrelid].(int64)) == rel.Oid && int(row[attrdefAdnum].(int64)) == attnum
	}); err != nil {
		return err
	}
	if def != "" {
		if _, err := heapInsert(ctx, c, tx, PgAttrdefOid, []types.Datum{int64(c.st.NewOid()), int64(rel.Oid), int64(attnum), def}); err != nil {
			return err
		}
	}
	return c.updateAttribute(ctx, tx, snap, rel.Oid, attnum, func(row []types.Datum) { row[attAtthasdef] = def != "" })
}

// SetColumnNotNull sets or clears attnotnull of column attnum of rel.
func (c *Catalog) SetColumnNotNull(ctx context.Context, tx *txn.Txn, snap *txn.Snapshot, rel *Relation, attnum int, notNull bool) error {
	return c.updateAttribute(ctx, tx, snap, rel.Oid, attnum, func(row []types.Datum) { row[attAttnotnull] = notNull })
}

// RenameColumn renames column attnum of rel.
func (c *Catalog) RenameColumn(ctx context.Context, tx *txn.Txn, snap *txn.Snapshot, rel *Relation, attnum int, name string) error {
	return c.updateAttribute(ctx, tx, snap, rel.Oid, attnum, func(row []types.Datum) { row[attAttname] = truncateName(name) })
}

// RenameRelation renames rel within its schema.
func (c *Catalog) RenameRelation(ctx context.Context, tx *txn.Txn, snap *txn.Snapshot, rel *Relation, name string) error {
	name = truncateName(name)
	exists := false
	if err := c.scanCatalog(ctx, snap, PgClassOid, func(row []types.Datum, _ table.TID) bool {
		if row[classRelname].(string) == name && types.Oid(row[classRelnamespace].(int64)) == rel.Namespace {
			exists = true
			return false
		}
		return true
	}); err != nil {
		return err
	}
	if exists {
		return pgerror.Newf(pgerror.DuplicateTable, "relation \"%s\" already exists", name)
	}
	return c.updateClassRow(ctx, tx, snap, rel.Oid, func(row []types.Datum) bool {
		row[classRelname] = name
		return true
	})
}

// SetRelOptions stores rel's storage parameters (reloptions) as a text[]
// of "name=value" items, nil when there are none.
func (c *Catalog) SetRelOptions(ctx context.Context, tx *txn.Txn, snap *txn.Snapshot, rel *Relation, opts [][2]string) error {
	return c.updateClassRow(ctx, tx, snap, rel.Oid, func(row []types.Datum) bool {
		row[classReloptions] = formatRelOptions(opts)
		return true
	})
}

// parseRelOptions reads a reloptions value back.
func parseRelOptions(v types.Datum) [][2]string {
	a, ok := v.(types.Array)
	if !ok {
		return nil
	}
	var out [][2]string
	for _, e := range a.Elems {
		s, _ := e.(string)
		if k, val, ok := strings.Cut(s, "="); ok {
			out = append(out, [2]string{k, val})
		}
	}
	return out
}

// applyRelOptions sets the fields of rel that its storage parameters
// control.
func applyRelOptions(rel *Relation, opts [][2]string) {
	rel.Options = opts
	for _, o := range opts {
		if o[0] == "parallel_workers" {
			if n, err := strconv.Atoi(o[1]); err == nil {
				rel.ParallelWorkers = n
			}
		}
	}
}

// dropIndex removes one index of rel.
func (c *Catalog) dropIndex(ctx context.Context, tx *txn.Txn, snap *txn.Snapshot, rel *Relation, in *IndexInfo) error {
	oid := in.Oid
	if err := c.deleteWhere(ctx, tx, snap, PgClassOid, func(row []types.Datum) bool { return types.Oid(row[classOid].(int64)) == oid }); err != nil {
		return err
	}
	if err := c.deleteWhere(ctx, tx, snap, PgAttributeOid, func(row []types.Datum) bool { return types.Oid(row[attAttrelid].(int64)) == oid }); err != nil {
		return err
	}
	if err := c.deleteWhere(ctx, tx, snap, PgIndexOid, func(row []types.Datum) bool { return types.Oid(row[indIndexrelid].(int64)) == oid }); err != nil {
		return err
	}
	// The PRIMARY KEY or UNIQUE constraint the index kept goes with it.
	if err := c.deleteWhere(ctx, tx, snap, PgConstraintOid, func(row []types.Datum) bool {
		t := row[conType].(int64)
		return (t == 'p' || t == 'u') && types.Oid(row[conIndid].(int64)) == oid
	}); err != nil {
		return err
	}
	nbtree.Drop(c.st, c.BtreeIndex(rel, in), tx)
	return nil
}

// RewriteTable gives rel a new relation file holding the rows fill
// inserts, with column attnum's type changed to newTypes[attnum] (PG:
// ATRewriteTable, then finish_heap_swap): pg_attribute takes the new
// types, pg_class the new file, and the old file goes when tx commits.
// The statistics of the changed columns go too. The indexes still point
// at the old file: the caller rebuilds them (NewIndexFile).
func (c *Catalog) RewriteTable(ctx context.Context, tx *txn.Txn, snap *txn.Snapshot, rel *Relation, newTypes map[int]types.T,
	fill func(insert func(row []types.Datum) error) error) error {
	old := rel.Table()
	nr := *rel
	nr.Columns = append([]Column(nil), rel.Columns...)
	for attnum, t := range newTypes {
		nr.Columns[attnum-1].Type = t
	}
	nr.RelFileNumber = c.st.NewOid()
	fresh := c.tableRelation(&nr)
	if err := heap.Create(c.st, fresh, tx); err != nil {
		return err
	}
	bi := heap.NewBulkInsert(c.st, tx, fresh)
	if err := fill(bi.Insert); err != nil {
		bi.Discard()
		return err
	}
	if err := bi.Finish(); err != nil {
		return err
	}
	for attnum, t := range newTypes {
		setType := func(row []types.Datum) {
			in := types.InfoOf(t.Oid)
			collation := attCollation(in)
			row[attAtttypid], row[attAtttypmod], row[attAttlen] = int64(t.Oid), int64(t.Typmod), int64(in.Len)
			row[attAttbyval], row[attAttalign], row[attAttstorage], row[attAttcollation] = in.ByVal, int64(in.Align), int64(in.Storage), collation
		}
		if err := c.updateAttribute(ctx, tx, snap, rel.Oid, attnum, setType); err != nil {
			return err
		}
		for _, in := range rel.Indexes {
			for i, k := range in.Keys {
				if k.AttNum == attnum {
					if err := c.updateAttribute(ctx, tx, snap, in.Oid, i+1, setType); err != nil {
						return err
					}
				}
			}
		}
		if c.statisticRel() != nil {
			if err := c.deleteWhere(ctx, tx, snap, PgStatisticOid, func(row []types.Datum) bool {
				return types.Oid(row[staStarelid].(int64)) == rel.Oid && int(row[staStaattnum].(int64)) == attnum
			}); err != nil {
				return err
			}
		}
	}
	// The new file's statistics come with it: a file never vacuumed or
	// analyzed (PG: swap_relation_files swaps them in).
	if err := c.updateClassRow(ctx, tx, snap, rel.Oid, func(row []types.Datum) bool {
		row[classRelfilenode] = int64(nr.RelFileNumber)
		row[classRelpages], row[classReltuples], row[classRelallvisible] = int64(0), float64(-1), int64(0)
		return true
	}); err != nil {
		return err
	}
	heap.Drop(c.st, old, tx)
	return nil
}

// NewIndexFile gives index in of rel a new, empty relation file and
// returns its descriptor, for the caller to create and build; the old
// file goes when tx commits (PG: reindex_index's new relfilenode).
func (c *Catalog) NewIndexFile(ctx context.Context, tx *txn.Txn, snap *txn.Snapshot, rel *Relation, in *IndexInfo) (*nbtree.Index, error) {
	old := c.BtreeIndex(rel, in)
	ni := *in
	ni.RelFileNumber = c.st.NewOid()
	if err := c.updateClassRow(ctx, tx, snap, in.Oid, func(row []types.Datum) bool {
		row[classRelfilenode] = int64(ni.RelFileNumber)
		return true
	}); err != nil {
		return nil, err
	}
	nbtree.Drop(c.st, old, tx)
	return c.BtreeIndex(rel, &ni), nil
}
