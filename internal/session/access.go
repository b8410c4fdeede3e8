// access.go binds the analyzer, planner and executor to storage for one
// statement: catalog lookups and table scans see the statement's snapshot,
// and inserts belong to its transaction.

package session

import (
	"context"

	"github.com/loomdb/loomdb/internal/access/heap"
	"github.com/loomdb/loomdb/internal/catalog"
	"github.com/loomdb/loomdb/internal/executor"
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

// tableAccess implements executor.TableAccess over the heap.
type tableAccess struct {
	s     *Session
	tx    *txn.Txn
	snap  *txn.Snapshot
	cache map[types.Oid]*catalog.Relation
}

func (s *Session) tableAccess(tx *txn.Txn, snap *txn.Snapshot) *tableAccess {
	return &tableAccess{s: s, tx: tx, snap: snap, cache: map[types.Oid]*catalog.Relation{}}
}

func (a *tableAccess) Relation(oid types.Oid) (*catalog.Relation, error) {
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

type heapScan struct{ scan *heap.Scan }

func (h heapScan) Next(ctx context.Context, b *vector.Batch) (bool, error) {
	return h.scan.Next(ctx, b)
}
func (h heapScan) End() { h.scan.End() }

// Usage reports the scan's buffer accesses, for EXPLAIN (BUFFERS).
func (h heapScan) Usage() storage.BufferUsage { return h.scan.Usage() }

func (a *tableAccess) BeginScan(rel *catalog.Relation, cols []int) (executor.TableScan, error) {
	return heapScan{heap.BeginScan(a.s.eng.st, rel.Table(), a.snap, cols)}, nil
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
	ins := heapInserter{bi: bi}
	if len(rel.Indexes) > 0 {
		indexes, err := a.s.openIndexes(a.tx, rel)
		if err != nil {
			return nil, err
		}
		ins.im = &indexMaintainer{s: a.s, tx: a.tx, rel: rel, indexes: indexes, ctx: context.Background()}
		bi.OnFlush = ins.im.flushed
	}
	return ins, nil
}
