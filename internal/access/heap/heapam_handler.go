// heapam_handler.go: the heap as a table.AM (PG: access/heap/heapam_handler.c).
//
// Concurrency: AM is stateless; see the functions it forwards to.
package heap

import (
	"context"

	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/storage"
	"github.com/loomdb/loomdb/internal/txn"
	"github.com/loomdb/loomdb/internal/types"
)

// AM is the heap table access method.
var AM table.AM = heapAM{}

type heapAM struct{}

// Name returns "heap".
func (heapAM) Name() string { return "heap" }

// Create calls Create.
func (heapAM) Create(st *storage.Storage, rel *table.Relation, tx *txn.Txn) error {
	return Create(st, rel, tx)
}

// Drop calls Drop.
func (heapAM) Drop(st *storage.Storage, rel *table.Relation, tx *txn.Txn) { Drop(st, rel, tx) }

// BeginScan calls BeginScan.
func (heapAM) BeginScan(st *storage.Storage, rel *table.Relation, snap *txn.Snapshot, cols []int) table.Scan {
	return BeginScan(st, rel, snap, cols)
}

// BeginParallelScan calls BeginParallelScan.
func (heapAM) BeginParallelScan(st *storage.Storage, rel *table.Relation, snap *txn.Snapshot, cols []int, pscan *table.ParallelBlockTableScan) table.Scan {
	return BeginParallelScan(st, rel, snap, cols, pscan)
}

// Insert calls Insert.
// BeginSampleScan starts a scan of the blocks and tuples sampler picks.
func (heapAM) BeginSampleScan(st *storage.Storage, rel *table.Relation, snap *txn.Snapshot, cols []int, sampler table.Sampler) table.Scan {
	return BeginSampleScan(st, rel, snap, cols, sampler)
}

func (heapAM) Insert(ctx context.Context, st *storage.Storage, tx *txn.Txn, rel *table.Relation, row []types.Datum) (table.TID, error) {
	return Insert(ctx, st, tx, rel, row)
}

// Delete calls Delete.
func (heapAM) Delete(ctx context.Context, st *storage.Storage, tx *txn.Txn, rel *table.Relation, tid table.TID) (table.TMResult, error) {
	return Delete(ctx, st, tx, rel, tid)
}

// NumBlocks calls NumBlocks.
func (heapAM) NumBlocks(st *storage.Storage, rel *table.Relation) (uint32, error) {
	return NumBlocks(st, rel)
}

// Vacuum calls Vacuum.
func (heapAM) Vacuum(ctx context.Context, st *storage.Storage, rel *table.Relation) (uint32, float64, error) {
	return Vacuum(ctx, st, rel)
}
