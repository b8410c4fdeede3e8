// access.go binds the analyzer, planner and executor to storage for one
// statement: catalog lookups and table scans see the statement's snapshot,
// and inserts belong to its transaction.

package session

import (
	"context"
	"sync"

	"github.com/loomdb/loomdb/internal/access/heap"
	"github.com/loomdb/loomdb/internal/access/nbtree"
	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/catalog"
	"github.com/loomdb/loomdb/internal/executor"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/storage"
	"github.com/loomdb/loomdb/internal/txn"
	"github.com/loomdb/loomdb/internal/types"
	"github.com/loomdb/loomdb/internal/vector"
)

// catalogView implements analyze.Catalog for one transaction.
type catalogView struct {
	s    *Session
	tx   *txn.Txn
	snap *txn.Snapshot
}

func (v *catalogView) LookupRelation(schema, name string) (*catalog.Relation, error) {
	return v.s.eng.cat.LookupRelation(v.tx, v.snap, schema, name, v.s.searchPath())
}

// RelationByOid finds a relation by OID, for the foreign keys of a
// modified table.
func (v *catalogView) RelationByOid(oid types.Oid) (*catalog.Relation, error) {
	return v.s.eng.cat.RelationByOid(v.tx, v.snap, oid)
}

// tableAccess implements executor.TableAccess over the heap. The leader
// and the parallel workers of a statement share it: its caches are
// guarded by mu, and everything else it reaches is safe for concurrent use.
type tableAccess struct {
	s       *Session
	tx      *txn.Txn
	snap    *txn.Snapshot
	mu      sync.Mutex
	cache   map[types.Oid]*catalog.Relation
	indexes map[types.Oid]*nbtree.Index
}

var (
	_ executor.ConflictUpdater     = (*heapUpdater)(nil)
	_ executor.IndexAccess         = (*tableAccess)(nil)
	_ executor.ParallelTableAccess = (*tableAccess)(nil)
	_ executor.SampleTableAccess   = (*tableAccess)(nil)
	_ executor.UpdateAccess        = (*tableAccess)(nil)
)

func (s *Session) tableAccess(tx *txn.Txn, snap *txn.Snapshot) *tableAccess {
	return &tableAccess{s: s, tx: tx, snap: snap, cache: map[types.Oid]*catalog.Relation{}}
}

func (a *tableAccess) Relation(oid types.Oid) (*catalog.Relation, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if r, ok := a.cache[oid]; ok {
		return r, nil
	}
	r, err := a.s.eng.cat.RelationByOid(a.tx, a.snap, oid)
	if err != nil {
		return nil, err
	}
	a.cache[oid] = r
	return r, nil
}

// Statistics loads a table's column statistics, for the planner.
func (a *tableAccess) Statistics(rel *catalog.Relation) (map[int]*catalog.ColumnStats, error) {
	return a.s.eng.cat.LoadStatistics(a.snap, rel.Oid)
}

// NumBlocks reports a table's current size, for the planner.
func (a *tableAccess) NumBlocks(rel *catalog.Relation) (uint32, error) {
	return heap.NumBlocks(a.s.eng.st, rel.Table())
}

// VisibilityKnown reports whether rel's visibility map holds what VACUUM
// found, for the planner: not after a crash emptied it.
func (a *tableAccess) VisibilityKnown(rel *catalog.Relation) bool {
	return a.s.eng.st.VisibilityMapKnown(rel.Table().Locator())
}

// IndexSize reports an index's size in blocks and its btree height, for
// the planner.
func (a *tableAccess) IndexSize(rel *catalog.Relation, in *catalog.IndexInfo) (uint32, int, error) {
	idx, err := a.btree(rel, in.Oid)
	if err != nil {
		return 0, 0, err
	}
	pages, err := nbtree.NumPages(a.s.eng.st, idx)
	if err != nil {
		return 0, 0, err
	}
	if pages == 0 {
		return 0, 0, nil
	}
	height, err := nbtree.TreeHeight(a.s.eng.st, idx)
	return pages, height, err
}

// btree returns the access method's descriptor of one of rel's indexes,
// made once per statement (it caches the tuple layout and root).
func (a *tableAccess) btree(rel *catalog.Relation, index types.Oid) (*nbtree.Index, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if idx := a.indexes[index]; idx != nil {
		return idx, nil
	}
	for _, in := range rel.Indexes {
		if in.Oid == index {
			if a.indexes == nil {
				a.indexes = map[types.Oid]*nbtree.Index{}
			}
			idx := a.s.eng.cat.BtreeIndex(rel, in)
			a.indexes[index] = idx
			return idx, nil
		}
	}
	return nil, pgerror.Newf(pgerror.UndefinedObject, "index with OID %d does not exist", index)
}

// BeginIndexScan starts a scan of one of rel's indexes.
func (a *tableAccess) BeginIndexScan(rel *catalog.Relation, index types.Oid, keys []nbtree.ScanKey, opts nbtree.ScanOptions) (executor.IndexScanDesc, error) {
	idx, err := a.btree(rel, index)
	if err != nil {
		return nil, err
	}
	return nbtree.BeginScan(a.s.eng.st, idx, keys, opts)
}

// IndexRange reads the smallest and largest non-null value of an index's
// first column among the rows the statement sees (PG:
// get_actual_variable_range), for the planner.
func (a *tableAccess) IndexRange(rel *catalog.Relation, in *catalog.IndexInfo) (types.Datum, types.Datum, bool, error) {
	var ends [2]types.Datum
	for i, backward := range []bool{false, true} {
		opts := nbtree.ScanOptions{WantKeys: true}
		if backward {
			opts.Direction = nbtree.Backward
		}
		scan, err := a.BeginIndexScan(rel, in.Oid, []nbtree.ScanKey{{Attno: 1, SearchNotNull: true}}, opts)
		if err != nil {
			return nil, nil, false, err
		}
		b := vector.NewBatch(a.indexKeyTypes(rel, in), vector.BatchSize)
		found := false
		for !found {
			ok, err := scan.Next(context.Background(), b)
			if err != nil || !ok {
				scan.End()
				return nil, nil, false, err
			}
			for j, tid := range scan.TIDs() {
				if _, visible, err := a.FetchRow(rel, tid); err != nil {
					scan.End()
					return nil, nil, false, err
				} else if visible {
					ends[i], found = b.Cols[0].Get(j), true
					break
				}
			}
		}
		scan.End()
	}
	if in.Keys[0].Desc {
		ends[0], ends[1] = ends[1], ends[0]
	}
	return ends[0], ends[1], true, nil
}

func (a *tableAccess) indexKeyTypes(rel *catalog.Relation, in *catalog.IndexInfo) []types.T {
	ts := make([]types.T, len(in.Keys))
	for i, k := range in.Keys {
		ts[i] = rel.Columns[k.AttNum-1].Type
	}
	return ts
}

// FetchRow returns the row at tid if the statement's snapshot sees it.
func (a *tableAccess) FetchRow(rel *catalog.Relation, tid table.TID) ([]types.Datum, bool, error) {
	return heap.Fetch(a.s.eng.st, rel.Table(), a.snap, tid)
}

type heapScan struct{ scan *heap.Scan }

func (h heapScan) Next(ctx context.Context, b *vector.Batch) (bool, error) {
	return h.scan.Next(ctx, b)
}
func (h heapScan) End() { h.scan.End() }

// SetPrefilter makes the scan skip rows failing pf before decoding them.
func (h heapScan) SetPrefilter(pf table.Prefilter) bool { return h.scan.SetPrefilter(pf) }

// Prefiltered returns how many rows the prefilter skipped.
func (h heapScan) Prefiltered() int64 { return h.scan.Prefiltered() }

// Usage reports the scan's buffer accesses, for EXPLAIN (BUFFERS).
func (h heapScan) Usage() storage.BufferUsage { return h.scan.Usage() }

func (a *tableAccess) BeginScan(rel *catalog.Relation, cols []int) (executor.TableScan, error) {
	return heapScan{heap.BeginScan(a.s.eng.st, rel.Table(), a.snap, cols)}, nil
}

// BeginSampleScan starts a scan of the blocks and tuples of rel that
// sampler picks.
func (a *tableAccess) BeginSampleScan(rel *catalog.Relation, cols []int, sampler table.Sampler) (executor.TableScan, error) {
	return heapScan{heap.BeginSampleScan(a.s.eng.st, rel.Table(), a.snap, cols, sampler)}, nil
}

// NewParallelScan returns the shared block allocator of a parallel scan of
// rel, sized to the table as it is now.
func (a *tableAccess) NewParallelScan(rel *catalog.Relation) (any, error) {
	return heap.NewParallelScanState(a.s.eng.st, rel.Table())
}

// BeginParallelScan starts one participant's part of a parallel scan.
func (a *tableAccess) BeginParallelScan(rel *catalog.Relation, cols []int, shared any) (executor.TableScan, error) {
	pscan, ok := shared.(*heap.ParallelBlockTableScan)
	if !ok {
		return nil, pgerror.Internal("unexpected parallel scan state %T", shared)
	}
	return heapScan{heap.BeginParallelScan(a.s.eng.st, rel.Table(), a.snap, cols, pscan)}, nil
}

type heapInserter struct {
	bi *heap.BulkInsert
	im *indexMaintainer
}

func (h heapInserter) Insert(ctx context.Context, row []types.Datum) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if h.im != nil {
		h.im.ctx = ctx
		h.im.pending = append(h.im.pending, append([]types.Datum(nil), row...))
	}
	return h.bi.Insert(row)
}

func (h heapInserter) Finish(ctx context.Context) error {
	if h.im != nil {
		h.im.ctx = ctx
	}
	return h.bi.Finish()
}

func (a *tableAccess) NewInserter(rel *catalog.Relation) (executor.TableInserter, error) {
	a.s.startTxn()
	bi := heap.NewBulkInsert(a.s.eng.st, a.tx, rel.Table())
	im, err := a.indexMaintainer(rel)
	if err != nil {
		return nil, err
	}
	if im != nil {
		bi.OnFlush = im.flushed
	}
	return heapInserter{bi: bi, im: im}, nil
}

// indexMaintainer returns what keeps rel's indexes in step with the rows
// the statement stores; nil when rel has no indexes.
func (a *tableAccess) indexMaintainer(rel *catalog.Relation) (*indexMaintainer, error) {
	if len(rel.Indexes) == 0 {
		return nil, nil
	}
	indexes, err := a.s.openIndexes(a.tx, rel)
	if err != nil {
		return nil, err
	}
	return &indexMaintainer{s: a.s, tx: a.tx, rel: rel, indexes: indexes, ctx: context.Background()}, nil
}

// heapUpdater implements executor.TableUpdater: each change goes to the
// heap and the indexes at once, so that unique checks see the rows in the
// order the statement changes them, as in PostgreSQL.
type heapUpdater struct {
	a   *tableAccess
	rel *catalog.Relation
	im  *indexMaintainer
}

func (u *heapUpdater) Fetch(tid table.TID) ([]types.Datum, error) {
	row, visible, err := heap.Fetch(u.a.s.eng.st, u.rel.Table(), u.a.snap, tid)
	if err == nil && !visible {
		err = pgerror.Internal("row %s to modify is not visible", tid)
	}
	return row, err
}

func (u *heapUpdater) Delete(ctx context.Context, tid table.TID) (table.TMResult, error) {
	return heap.Delete(ctx, u.a.s.eng.st, u.a.tx, u.rel.Table(), tid)
}

func (u *heapUpdater) Insert(ctx context.Context, row []types.Datum) error {
	_, err := u.InsertTID(ctx, row)
	return err
}

// InsertTID stores a row and its index entries and returns where.
func (u *heapUpdater) InsertTID(ctx context.Context, row []types.Datum) (table.TID, error) {
	tid, err := heap.Insert(ctx, u.a.s.eng.st, u.a.tx, u.rel.Table(), row)
	if err != nil || u.im == nil {
		return tid, err
	}
	u.im.ctx = ctx
	return tid, u.im.insertEntries(row, tid)
}

// FindConflict looks row's key up in the unique index indexOid.
func (u *heapUpdater) FindConflict(ctx context.Context, indexOid types.Oid, row []types.Datum) (table.TID, bool, error) {
	if u.im == nil {
		return table.TID{}, false, nil
	}
	for i, in := range u.rel.Indexes {
		if in.Oid != indexOid {
			continue
		}
		idx := u.im.indexes[i]
		if idx.Predicate != nil {
			ok, err := idx.Predicate(row)
			if err != nil || !ok {
				return table.TID{}, false, err
			}
		}
		key := make([]types.Datum, len(idx.Keys))
		for k, kc := range idx.Keys {
			key[k] = row[kc.Attno-1]
		}
		return nbtree.FindConflict(ctx, u.a.s.eng.st, u.a.tx, idx, u.rel.Table(), key)
	}
	return table.TID{}, false, pgerror.Internal("arbiter index %d not found", indexOid)
}

// NewUpdater returns the row-at-a-time writer UPDATE and DELETE use.
func (a *tableAccess) NewUpdater(rel *catalog.Relation) (executor.TableUpdater, error) {
	a.s.startTxn()
	im, err := a.indexMaintainer(rel)
	if err != nil {
		return nil, err
	}
	return &heapUpdater{a: a, rel: rel, im: im}, nil
}

// BeginFetch starts fetching rows of rel by TID under the statement's
// snapshot (executor.FetchAccess).
func (a *tableAccess) BeginFetch(rel *catalog.Relation, cols []int) (executor.TupleFetcher, error) {
	return heap.BeginFetch(a.s.eng.st, rel.Table(), a.snap, cols), nil
}
