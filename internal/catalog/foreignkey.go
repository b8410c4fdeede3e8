// foreignkey.go keeps FOREIGN KEY constraints in pg_constraint (PG:
// tablecmds.c ATAddForeignKeyConstraint, pg_constraint.c). A table that
// references or is referenced by a foreign key has relhastriggers set, as
// PostgreSQL's RI triggers set it, and only such tables look their
// foreign keys up.

package catalog

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/txn"
	"github.com/loomdb/loomdb/internal/types"
)

const (
	classRelhastriggers = 20
	conIndid            = 9
	conFrelid           = 11
	conFupdtype         = 12
	conFdeltype         = 13
	conFmatchtype       = 14
	conFkey             = 19
)

// ForeignKey is a FOREIGN KEY constraint: Rel's columns Cols reference
// RefRel's columns RefCols, which a unique index (Index) covers.
type ForeignKey struct {
	Oid     types.Oid
	Name    string
	Rel     types.Oid
	RefRel  types.Oid
	Cols    []int // attnums, 1-based
	RefCols []int
	Index   types.Oid
	// Match, UpdAction and DelAction are confmatchtype, confupdtype and
	// confdeltype ('s'/'f'; 'a', 'r', 'c', 'n', 'd').
	Match, UpdAction, DelAction byte
}

// AddForeignKey records fk, whose name is chosen already, and marks both
// tables as having foreign keys.
func (c *Catalog) AddForeignKey(ctx context.Context, tx *txn.Txn, snap *txn.Snapshot, ns types.Oid, fk ForeignKey) error {
	row := []types.Datum{int64(c.st.NewOid()), fk.Name, int64(ns), int64('f'),
		false, false, true, int64(fk.Rel),
		int64(0), int64(fk.Index), int64(0), int64(fk.RefRel),
		int64(fk.UpdAction), int64(fk.DelAction), int64(fk.Match), true,
		int64(0), true, attnumArray(fk.Cols), attnumArray(fk.RefCols),
		nil, nil, nil, nil,
		nil, nil}
	if _, err := heapInsert(ctx, c, tx, PgConstraintOid, row); err != nil {
		return err
	}
	rels := []types.Oid{fk.Rel}
	if fk.RefRel != fk.Rel {
		// A table's row is updated once per command: a second update
		// would see the version the first replaced.
		rels = append(rels, fk.RefRel)
	}
	for _, oid := range rels {
		if err := c.updateClassRow(ctx, tx, snap, oid, func(row []types.Datum) bool {
			if row[classRelhastriggers].(bool) {
				return false
			}
			row[classRelhastriggers] = true
			return true
		}); err != nil {
			return err
		}
	}
	return nil
}

func attnumArray(cols []int) string {
	parts := make([]string, len(cols))
	for i, c := range cols {
		parts[i] = strconv.Itoa(c)
	}
	return "{" + strings.Join(parts, ",") + "}"
}

func parseAttnums(d types.Datum) []int {
	s, ok := d.(string)
	if !ok || len(s) < 2 {
		return nil
	}
	var out []int
	for _, f := range strings.Split(s[1:len(s)-1], ",") {
		if n, err := strconv.Atoi(f); err == nil {
			out = append(out, n)
		}
	}
	return out
}

// loadForeignKeys reads the foreign keys rel references (ForeignKeys) and
// those referencing it (ReferencedBy), each sorted by name.
func (c *Catalog) loadForeignKeys(snap *txn.Snapshot, rel *Relation) error {
	err := c.scanCatalog(context.Background(), snap, PgConstraintOid, func(row []types.Datum, _ table.TID) bool {
		if row[conType].(int64) != 'f' {
			return true
		}
		fk := ForeignKey{Oid: types.Oid(row[0].(int64)), Name: row[conName].(string), Rel: types.Oid(row[conRelid].(int64)),
			RefRel: types.Oid(row[conFrelid].(int64)), Index: types.Oid(row[conIndid].(int64)),
			Cols: parseAttnums(row[conKey]), RefCols: parseAttnums(row[conFkey]),
			UpdAction: byte(row[conFupdtype].(int64)), DelAction: byte(row[conFdeltype].(int64)), Match: byte(row[conFmatchtype].(int64))}
		if fk.Rel == rel.Oid {
			rel.ForeignKeys = append(rel.ForeignKeys, fk)
		}
		if fk.RefRel == rel.Oid {
			rel.ReferencedBy = append(rel.ReferencedBy, fk)
		}
		return true
	})
	byName := func(a, b ForeignKey) int { return strings.Compare(a.Name, b.Name) }
	slices.SortFunc(rel.ForeignKeys, byName)
	slices.SortFunc(rel.ReferencedBy, byName)
	return err
}

// DropForeignKeys removes the foreign keys of table rel and those
// referencing it.
func (c *Catalog) DropForeignKeys(ctx context.Context, tx *txn.Txn, snap *txn.Snapshot, rel *Relation) error {
	return c.deleteWhere(ctx, tx, snap, PgConstraintOid, func(row []types.Datum) bool {
		return row[conType].(int64) == 'f' && (types.Oid(row[conRelid].(int64)) == rel.Oid || types.Oid(row[conFrelid].(int64)) == rel.Oid)
	})
}

// DropForeignKey removes the foreign key with OID oid.
func (c *Catalog) DropForeignKey(ctx context.Context, tx *txn.Txn, snap *txn.Snapshot, oid types.Oid) error {
	return c.deleteWhere(ctx, tx, snap, PgConstraintOid, func(row []types.Datum) bool {
		return types.Oid(row[0].(int64)) == oid
	})
}

// HasConstraint reports whether rel has a constraint (CHECK, FOREIGN KEY,
// or the index of a PRIMARY KEY or UNIQUE constraint) named name.
func (rel *Relation) HasConstraint(name string) bool {
	for _, ck := range rel.Checks {
		if ck.Name == name {
			return true
		}
	}
	for _, fk := range rel.ForeignKeys {
		if fk.Name == name {
			return true
		}
	}
	for _, ix := range rel.Indexes {
		if ix.Name == name && (ix.Primary || ix.Unique) {
			return true
		}
	}
	return false
}
