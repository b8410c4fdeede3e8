// Package nbtree is the btree index access method: Lehman and Yao's
// high-concurrency B+tree as PostgreSQL 15 builds it, with the same on-disk
// layout, so that an index over the same rows has the same number of pages
// (PG: access/nbtree/*, include/access/nbtree.h).
//
// Layout. Block 0 is the metapage (BTMetaPageData: root, level, fast root).
// Every other page is a slotted page (storage.Page) whose 16-byte special
// space is BTPageOpaqueData: left and right sibling, level, flags. Items are
// IndexTuples: an 8-byte header (a heap TID and t_info with the size and
// flag bits), a 4-byte null bitmap when some key is NULL, then the key
// attributes aligned as in a heap tuple, the whole MAXALIGNed. Every page but
// the rightmost of its level starts with a high key, an upper bound for the
// keys on the page. Internal pages hold pivot tuples whose t_tid holds the
// downlink; their first item is "minus infinity" with no key data. Pivot
// tuples are suffix-truncated: only as many key attributes as needed to
// separate the two sides of a split are kept, and a heap TID is appended only
// when all keys are equal (heap TID is the final key attribute, so all
// entries are unique). Leaf pages of indexes whose key types allow it hold
// posting-list tuples: one key with a sorted array of heap TIDs
// (deduplication, on by default, not used by unique indexes' builds).
//
// Files follow PostgreSQL's: nbtree.go (the descriptor and the small entry
// points), nbtsort.go (bottom-up build), nbtinsert.go (insertion, page
// splits, uniqueness checks), nbtsplitloc.go (choosing split points),
// nbtdedup.go (deduplication), nbtsearch.go (descents and scans),
// nbtpage.go (pages, buffers, the metapage), nbtutils.go (tuples, keys,
// comparisons), nbtxlog.go (WAL records and redo), nbtcheck.go (an
// amcheck-like invariant check).
//
// Concurrency: every function is safe for concurrent use. Pages are read
// under shared and changed under exclusive buffer content locks, one page at
// a time while descending (a concurrent split is detected by comparing with
// the page's high key and followed through the right link), with locks taken
// bottom-up and left to right when a split updates parents and siblings.
// Blocking waits (for a conflicting inserter, for a parallel scan's turn)
// watch the caller's context. An Index must not be copied after first use.
package nbtree

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/storage"
	"github.com/loomdb/loomdb/internal/txn"
	"github.com/loomdb/loomdb/internal/types"
)

// MaxKeys is the most key columns an index may have (INDEX_MAX_KEYS).
const MaxKeys = 32

// KeyColumn describes one key column of an index.
type KeyColumn struct {
	// Name is the column name, used in error details.
	Name string
	// Attno is the 1-based heap attribute number the key is taken from
	// (pg_index.indkey); Build reads it.
	Attno int
	// Type is the key's type.
	Type types.T
	// Desc sorts the column in descending order.
	Desc bool
	// NullsFirst puts NULLs before non-NULL values (in index order).
	NullsFirst bool
}

// Index describes a btree index: the parts of pg_class, pg_index and
// pg_attribute the access method needs. The exported fields must not change
// after first use; the unexported state caches the tuple descriptor and the
// root location.
type Index struct {
	Oid           types.Oid
	Name          string
	DbOid         types.Oid
	RelFileNumber types.Oid
	// Keys are the key columns in index order.
	Keys []KeyColumn
	// Unique makes inserts reject a key that a live row already has.
	Unique bool
	// FillFactor is the leaf fillfactor in percent (10..100; 0 means 90).
	FillFactor int
	// NoDeduplicate turns deduplication off (deduplicate_items = off).
	NoDeduplicate bool
	// Predicate, when set, makes the index partial (pg_index.indpred):
	// Build indexes only the heap rows (all attributes) for which it
	// returns true. Inserters check it themselves before calling Insert,
	// as ExecInsertIndexTuples does.
	Predicate func(row []types.Datum) (bool, error)

	once sync.Once
	desc *tupDesc
	derr error
	root atomic.Pointer[rootInfo]
}

// rootInfo is the cached part of the metapage (rd_amcache).
type rootInfo struct {
	root, level uint32
}

// Locator returns the index's storage locator.
func (idx *Index) Locator() storage.RelFileLocator {
	return storage.RelFileLocator{DbOid: idx.DbOid, RelNumber: idx.RelFileNumber}
}

// tupDesc returns the index's tuple descriptor, building it on first use.
func (idx *Index) tupDesc() (*tupDesc, error) {
	idx.once.Do(func() { idx.desc, idx.derr = newTupDesc(idx) })
	return idx.desc, idx.derr
}

// leafFillFactor returns the leaf fillfactor in percent (BTGetFillFactor).
func (idx *Index) leafFillFactor() int {
	if idx.FillFactor < 10 || idx.FillFactor > 100 {
		return defaultLeafFillFactor
	}
	return idx.FillFactor
}

// deduplicate reports whether new posting lists may be formed: the storage
// option allows it and every key type has an "equalimage" opclass
// (BTGetDeduplicateItems && allequalimage).
func (d *tupDesc) deduplicate(idx *Index) bool { return !idx.NoDeduplicate && d.allEqualImage }

// Create creates the index's file with an empty metapage, WAL-logged; the
// file is removed again if tx aborts. Build then fills it, or inserts start
// from the empty index.
func Create(st *storage.Storage, idx *Index, tx *txn.Txn) error {
	d, err := idx.tupDesc()
	if err != nil {
		return err
	}
	if tx != nil {
		// The commit must write (and flush) a commit record, so that the
		// index's WAL is durable once tx commits.
		tx.AssignXID()
	}
	if err := st.CreateRelationFile(tx, idx.Locator()); err != nil {
		return err
	}
	r := newRel(st, idx, d, nil)
	meta := make(storage.Page, storage.BlockSize)
	initMetaPage(meta, pNone, 0, d.allEqualImage)
	return r.writeNewPage(0, meta, tx)
}

// Drop schedules the index's file for removal when tx commits.
func Drop(st *storage.Storage, idx *Index, tx *txn.Txn) {
	st.DropRelationFile(tx, idx.Locator())
}

// NumPages returns the index's size in pages (relpages).
func NumPages(st *storage.Storage, idx *Index) (uint32, error) {
	return st.NBlocks(idx.Locator())
}

// Meta is the metapage's description of the tree.
type Meta struct {
	// Root is the root page's block number, 0 when the index is empty.
	Root uint32
	// Level is the root's level: 0 when the root is a leaf.
	Level uint32
	// FastRoot and FastLevel name the lowest page with more than one
	// child, where searches may start (equal to Root and Level in loomdb,
	// which never deletes pages).
	FastRoot  uint32
	FastLevel uint32
	// AllEqualImage reports whether deduplication is safe for the key types.
	AllEqualImage bool
}

// ReadMeta returns the metapage contents.
func ReadMeta(st *storage.Storage, idx *Index) (Meta, error) {
	d, err := idx.tupDesc()
	if err != nil {
		return Meta{}, err
	}
	r := newRel(st, idx, d, nil)
	buf, err := r.getMetaBuf(storage.BufferLockShare)
	if err != nil {
		return Meta{}, err
	}
	defer r.relBuf(buf, storage.BufferLockShare)
	m := readMeta(r.bm.Page(buf))
	return Meta{Root: m.root, Level: m.level, FastRoot: m.fastRoot, FastLevel: m.fastLevel, AllEqualImage: m.allEqualImage}, nil
}

// TreeHeight returns the number of levels above the leaves, counted from
// the fast root (_bt_getrootheight), as btcostestimate uses it: 0 for an
// empty index or one whose root is a leaf.
func TreeHeight(st *storage.Storage, idx *Index) (int, error) {
	m, err := ReadMeta(st, idx)
	if err != nil {
		return 0, err
	}
	if m.FastRoot == pNone {
		return 0, nil
	}
	return int(m.FastLevel), nil
}

// Insert adds the entry (values, tid) for tx, splitting pages as needed
// (btinsert, _bt_doinsert). values holds one Datum per key column, nil for
// NULL. In a unique index a key without NULLs is first checked against the
// live rows of heapRel with equal keys: a committed one fails with 23505, one
// inserted or deleted by a transaction still running is waited for (watching
// ctx) and then checked again.
func Insert(ctx context.Context, st *storage.Storage, tx *txn.Txn, idx *Index, heapRel *table.Relation, values []types.Datum, tid table.TID) error {
	if err := ctx.Err(); err != nil {
		return pgerror.Convert(err)
	}
	d, err := idx.tupDesc()
	if err != nil {
		return err
	}
	r := newRel(st, idx, d, nil)
	return r.doInsert(ctx, tx, heapRel, values, tid)
}

// BuildStats reports what Build did.
type BuildStats struct {
	// HeapTuples is the number of heap tuples looked at and indexed.
	HeapTuples int64
	// IndexTuples is the number of heap tids in the index.
	IndexTuples int64
	// Pages is the index's size in pages after the build.
	Pages uint32
}

// Build fills the index, which Create made in tx and which must still be
// empty, from the rows of heapRel (btbuild): every tuple some snapshot may
// still see is read, the entries are sorted and the tree is written bottom-up
// with leaves fillfactor% full and internal pages 70% full, as
// PostgreSQL's sorted build does, then WAL-logged page by page so that a
// crash after tx commits keeps the index.
func Build(ctx context.Context, st *storage.Storage, tx *txn.Txn, idx *Index, heapRel *table.Relation) (BuildStats, error) {
	d, err := idx.tupDesc()
	if err != nil {
		return BuildStats{}, err
	}
	r := newRel(st, idx, d, nil)
	return r.build(ctx, tx, heapRel)
}
