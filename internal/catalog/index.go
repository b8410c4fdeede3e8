// index.go stores and reads index definitions: a pg_class row (relkind
// 'i'), pg_attribute rows for the key columns and a pg_index row (PG:
// catalog/index.c index_create, relcache's RelationGetIndexList).

package catalog

import (
	"context"
	"strings"

	"github.com/loomdb/loomdb/internal/access/heap"
	"github.com/loomdb/loomdb/internal/access/nbtree"
	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/txn"
	"github.com/loomdb/loomdb/internal/types"
)

// pg_index columns read back.
const (
	indIndexrelid = 0
	indIndrelid   = 1
	indIsunique   = 4
	indIsprimary  = 6
	indKey        = 15
	indOption     = 18
	indPred       = 20
)

// indoption bits (PG: INDOPTION_DESC, INDOPTION_NULLS_FIRST).
const (
	indoptionDesc       = 1
	indoptionNullsFirst = 2
)

// CreateIndex records a new index of rel and returns its descriptor; the
// caller creates and builds the index file. It returns nil without error
// when IF NOT EXISTS found the name taken.
func (c *Catalog) CreateIndex(ctx context.Context, tx *txn.Txn, snap *txn.Snapshot, rel *Relation, st *nodes.IndexStmt) (*IndexInfo, error) {
	name := st.Name
	taken := func(n string) (bool, error) {
		found := false
		err := c.scanCatalog(ctx, snap, PgClassOid, func(row []types.Datum, _ table.TID) bool {
			if row[classRelname].(string) == n && types.Oid(row[classRelnamespace].(int64)) == rel.Namespace {
				found = true
				return false
			}
			return true
		})
		return found, err
	}
	if name == "" {
		// table_col1_col2_idx, then numbered (PG: ChooseIndexName).
		var parts []string
		for _, col := range st.Columns {
			parts = append(parts, col.Name)
		}
		var err error
		if name, err = c.ChooseRelationName(snap, rel.Namespace, rel.Name, strings.Join(parts, "_"), "idx", nil); err != nil {
			return nil, err
		}
	} else if t, err := taken(name); err != nil {
		return nil, err
	} else if t {
		if st.IfNotExists {
			return nil, nil
		}
		return nil, pgerror.Newf(pgerror.DuplicateTable, "relation \"%s\" already exists", name)
	}
	oid := c.st.NewOid()
	info := &IndexInfo{Oid: oid, Name: name, RelFileNumber: oid, Unique: st.Unique, Primary: st.Primary, Predicate: st.PredicateSQL, Tuples: -1}
	row := []types.Datum{int64(oid), name, int64(rel.Namespace), int64(0), int64(0), int64(ownerOf(ctx)), int64(BtreeAM), int64(oid),
		int64(0), int64(0), float64(-1), int64(0), int64(0), false, false, int64('p'),
		int64('i'), int64(len(st.Columns)), int64(0), false, false, false, false, false,
		true, int64('n'), false, int64(0), "0", "0", nil, nil, nil}
	if _, err := heapInsert(ctx, c, tx, PgClassOid, row); err != nil {
		return nil, err
	}
	var keys, opts []int64
	for i, col := range st.Columns {
		t := rel.Columns[col.AttNum-1].Type
		if err := c.insertAttributeRow(ctx, tx, oid, i+1, col.Name, t, false, false, 0); err != nil {
			return nil, err
		}
		info.Keys = append(info.Keys, IndexKey{AttNum: col.AttNum, Desc: col.Desc, NullsFirst: col.NullsFirst})
		keys = append(keys, int64(col.AttNum))
		opt := int64(0)
		if col.Desc {
			opt |= indoptionDesc
		}
		if col.NullsFirst {
			opt |= indoptionNullsFirst
		}
		opts = append(opts, opt)
	}
	var pred types.Datum
	if st.PredicateSQL != "" {
		pred = st.PredicateSQL
	}
	n := int64(len(st.Columns))
	irow := []types.Datum{int64(oid), int64(rel.Oid), n, n, st.Unique, false, st.Primary, false,
		true, false, true, false, true, true, false, types.Int2Vector(keys),
		nil, nil, types.Int2Vector(opts), nil, pred}
	if _, err := heapInsert(ctx, c, tx, PgIndexOid, irow); err != nil {
		return nil, err
	}
	if st.Constraint {
		kind := int64('u')
		if st.Primary {
			kind = 'p'
		}
		cols := make([]int, len(info.Keys))
		for i, k := range info.Keys {
			cols[i] = k.AttNum
		}
		crow := []types.Datum{int64(c.st.NewOid()), name, int64(rel.Namespace), kind,
			false, false, true, int64(rel.Oid),
			int64(0), int64(oid), int64(0), int64(0),
			int64(' '), int64(' '), int64(' '), true,
			int64(0), true, attnumArray(cols), nil,
			nil, nil, nil, nil,
			nil, nil}
		if _, err := heapInsert(ctx, c, tx, PgConstraintOid, crow); err != nil {
			return nil, err
		}
	}
	return info, c.setRelHasIndex(ctx, tx, snap, rel.Oid)
}

func heapInsert(ctx context.Context, c *Catalog, tx *txn.Txn, cat types.Oid, row []types.Datum) (table.TID, error) {
	return heap.Insert(ctx, c.st, tx, c.sys[cat], row)
}

// setRelHasIndex sets pg_class.relhasindex of a table.
func (c *Catalog) setRelHasIndex(ctx context.Context, tx *txn.Txn, snap *txn.Snapshot, oid types.Oid) error {
	return c.updateClassRow(ctx, tx, snap, oid, func(row []types.Datum) bool {
		if row[classRelhasindex] == true {
			return false
		}
		row[classRelhasindex] = true
		return true
	})
}

// loadIndexes reads the indexes of a table.
func (c *Catalog) loadIndexes(ctx context.Context, snap *txn.Snapshot, rel *Relation) error {
	var infos []*IndexInfo
	err := c.scanCatalogKey(ctx, snap, PgIndexOid, indIndrelid, rel.Oid, func(row []types.Datum, _ table.TID) bool {
		info := &IndexInfo{Oid: types.Oid(row[indIndexrelid].(int64)), Unique: row[indIsunique].(bool), Primary: row[indIsprimary].(bool)}
		if p, ok := row[indPred].(string); ok {
			info.Predicate = p
		}
		keys, _ := row[indKey].(types.Array)
		opts, _ := row[indOption].(types.Array)
		for i, k := range keys.Elems {
			key := IndexKey{AttNum: int(k.(int64))}
			if i < len(opts.Elems) {
				o := opts.Elems[i].(int64)
				key.Desc, key.NullsFirst = o&indoptionDesc != 0, o&indoptionNullsFirst != 0
			}
			info.Keys = append(info.Keys, key)
		}
		infos = append(infos, info)
		return true
	})
	if err != nil || len(infos) == 0 {
		return err
	}
	byOid := map[types.Oid]*IndexInfo{}
	for _, in := range infos {
		byOid[in.Oid] = in
	}
	err = c.scanCatalog(ctx, snap, PgClassOid, func(row []types.Datum, _ table.TID) bool {
		if in := byOid[types.Oid(row[classOid].(int64))]; in != nil {
			in.Name = row[classRelname].(string)
			in.RelFileNumber = types.Oid(row[classRelfilenode].(int64))
			in.Pages = int32(row[classRelpages].(int64))
			in.Tuples = row[classReltuples].(float64)
		}
		return true
	})
	rel.Indexes = infos
	return err
}

// dropIndexes removes a table's indexes.
func (c *Catalog) dropIndexes(ctx context.Context, tx *txn.Txn, snap *txn.Snapshot, rel *Relation) error {
	for _, in := range rel.Indexes {
		if err := c.dropIndex(ctx, tx, snap, rel, in); err != nil {
			return err
		}
	}
	return nil
}

// BtreeIndex returns the access method's descriptor of one of rel's indexes.
func (c *Catalog) BtreeIndex(rel *Relation, in *IndexInfo) *nbtree.Index {
	idx := &nbtree.Index{Oid: in.Oid, Name: in.Name, DbOid: c.db, RelFileNumber: in.RelFileNumber, Unique: in.Unique}
	for _, k := range in.Keys {
		col := rel.Columns[k.AttNum-1]
		idx.Keys = append(idx.Keys, nbtree.KeyColumn{Name: col.Name, Attno: k.AttNum, Type: col.Type, Desc: k.Desc, NullsFirst: k.NullsFirst})
	}
	return idx
}
