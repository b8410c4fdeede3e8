// tableam.go: the table access method interface and the shared state of a
// block-based parallel scan (PG: include/access/tableam.h, access/table/tableam.c).
//
// A ParallelBlockTableScan is created once by the leader and shared by every
// participant of a parallel scan; each participant keeps its own
// ParallelBlockTableScanWorker. Blocks are handed out in chunks, as
// PostgreSQL 14 does: the chunk size is the next power of two of
// nblocks/2048 (at most 8192), claimed with one 64-bit atomic add, and each
// participant halves its chunk size as the scan nears its end so that the
// last 64 chunks' worth of blocks are shared out ever more finely, down to
// single blocks.
//
// Concurrency: ParallelBlockTableScan is safe for concurrent use; a
// ParallelBlockTableScanWorker and a Scan belong to one goroutine.
package table

import (
	"context"
	"math/bits"
	"sync/atomic"

	"github.com/loomdb/loomdb/internal/storage"
	"github.com/loomdb/loomdb/internal/txn"
	"github.com/loomdb/loomdb/internal/types"
	"github.com/loomdb/loomdb/internal/vector"
)

// Prefilter is a conjunction of single-column tests a table scan may apply
// to each row before decoding it, skipping the rows that fail; it is part
// of the scan's qual, so the qual still runs on the rows that pass.
type Prefilter []PrefilterCond

// PrefilterCond tests attribute Col (0-based) of a row; a NULL fails.
// The test matching the column's storage is set: Int for fixed-size
// integer kinds (int2, int4, int8, oid, date, timestamp), Num for numeric,
// Str for text, varchar and bpchar (the stored bytes, blanks included,
// valid only during the call).
type PrefilterCond struct {
	Col int
	Int func(int64) bool
	Num func(types.Numeric) bool
	Str func(string) bool
}

// Scan is a table scan that returns batches of visible rows.
type Scan interface {
	// Next resets b and fills it with up to vector.BatchSize visible rows,
	// holding the scan's columns in order; it returns false once the scan
	// is exhausted and b is empty.
	Next(ctx context.Context, b *vector.Batch) (bool, error)
	// TIDs returns the tuple ids of the rows of the last batch.
	TIDs() []TID
	// Rescan restarts the scan from the beginning.
	Rescan()
	// End releases the scan's resources; it is idempotent.
	End()
	// Usage returns the buffer accesses of the scan so far.
	Usage() storage.BufferUsage
}

// AM is a table access method (TableAmRoutine).
type AM interface {
	// Name returns the access method's name (pg_am.amname).
	Name() string
	// Create creates the relation's storage in transaction tx.
	Create(st *storage.Storage, rel *Relation, tx *txn.Txn) error
	// Drop removes the relation's storage when tx commits.
	Drop(st *storage.Storage, rel *Relation, tx *txn.Txn)
	// BeginScan starts a scan returning columns cols (0-based attribute
	// numbers) of the rows visible to snap.
	BeginScan(st *storage.Storage, rel *Relation, snap *txn.Snapshot, cols []int) Scan
	// BeginParallelScan starts one participant's share of a parallel scan.
	BeginParallelScan(st *storage.Storage, rel *Relation, snap *txn.Snapshot, cols []int, pscan *ParallelBlockTableScan) Scan
	// BeginSampleScan starts a scan of the blocks and tuples sampler
	// picks (PG: table_beginscan_sampling).
	BeginSampleScan(st *storage.Storage, rel *Relation, snap *txn.Snapshot, cols []int, sampler Sampler) Scan
	// Insert inserts one row for tx and returns its tid.
	Insert(ctx context.Context, st *storage.Storage, tx *txn.Txn, rel *Relation, row []types.Datum) (TID, error)
	// Delete deletes the tuple tid for tx.
	Delete(ctx context.Context, st *storage.Storage, tx *txn.Txn, rel *Relation, tid TID) (TMResult, error)
	// NumBlocks returns the relation's size in blocks.
	NumBlocks(st *storage.Storage, rel *Relation) (uint32, error)
	// Vacuum removes dead tuples and returns relpages and reltuples.
	Vacuum(ctx context.Context, st *storage.Storage, rel *Relation) (uint32, float64, error)
}

// Sampler chooses what a sample scan reads (PG: the NextSampleBlock and
// NextSampleTuple callbacks of a TsmRoutine). Block and tuple numbers are
// the heap's own, so a method that hashes them picks the rows PostgreSQL
// picks from the same table layout. A Sampler belongs to one scan.
type Sampler interface {
	// NextBlock returns the next block to read of a relation of nblocks
	// blocks, false when there is none.
	NextBlock(nblocks uint32) (uint32, bool)
	// NextTuple returns the next line pointer to read on block, whose
	// highest line pointer is maxOffset, false when the block is done.
	// Line pointers that hold no visible tuple are skipped by the scan.
	NextTuple(block uint32, maxOffset storage.OffsetNumber) (storage.OffsetNumber, bool)
}

// Parallel block scan tuning, as in PostgreSQL.
const (
	ParallelSeqScanNChunks        = 2048
	ParallelSeqScanRampdownChunks = 64
	ParallelSeqScanMaxChunkSize   = 8192
)

// ParallelBlockTableScan is the shared state of a block-based parallel scan
// (ParallelBlockTableScanDescData).
type ParallelBlockTableScan struct {
	nblocks    uint32
	startBlock uint32
	nallocated atomic.Uint64
}

// NewParallelBlockTableScan returns shared scan state for a relation of
// nblocks blocks (the size is fixed when the scan starts).
func NewParallelBlockTableScan(nblocks uint32) *ParallelBlockTableScan {
	return &ParallelBlockTableScan{nblocks: nblocks}
}

// NBlocks returns the number of blocks the scan covers.
func (p *ParallelBlockTableScan) NBlocks() uint32 { return p.nblocks }

// Reinitialize makes the scan start over (for a rescan); no participant may
// be scanning meanwhile.
func (p *ParallelBlockTableScan) Reinitialize() { p.nallocated.Store(0) }

// ParallelBlockTableScanWorker is one participant's allocation state
// (ParallelBlockTableScanWorkerData).
type ParallelBlockTableScanWorker struct {
	p              *ParallelBlockTableScan
	chunkSize      uint32
	chunkRemaining uint32
	nallocated     uint64
}

// NewWorker returns a participant's allocation state.
func (p *ParallelBlockTableScan) NewWorker() *ParallelBlockTableScanWorker {
	w := &ParallelBlockTableScanWorker{p: p}
	w.Reset()
	return w
}

// Reset prepares the worker state for a rescan.
func (w *ParallelBlockTableScanWorker) Reset() {
	size := w.p.nblocks / ParallelSeqScanNChunks
	if size < 1 {
		size = 1
	}
	size = nextPow2(size)
	if size > ParallelSeqScanMaxChunkSize {
		size = ParallelSeqScanMaxChunkSize
	}
	w.chunkSize = size
	w.chunkRemaining = 0
	w.nallocated = 0
}

func nextPow2(n uint32) uint32 {
	if n <= 1 {
		return 1
	}
	return 1 << bits.Len32(n-1)
}

// ChunkSize returns the participant's current chunk size.
func (w *ParallelBlockTableScanWorker) ChunkSize() uint32 { return w.chunkSize }

// Ahead returns how many of the blocks following the one NextPage last
// returned are this participant's next, in block order: the rest of its
// chunk, within the table.
func (w *ParallelBlockTableScanWorker) Ahead() int {
	p := w.p
	if w.nallocated >= uint64(p.nblocks) {
		return 0
	}
	n := min(uint64(w.chunkRemaining), uint64(p.nblocks)-1-w.nallocated)
	blk := (w.nallocated + uint64(p.startBlock)) % uint64(p.nblocks)
	// Past the table's last block the allocation wraps to block 0.
	return int(min(n, uint64(p.nblocks)-1-blk))
}

// NextPage returns the next block this participant should scan, or false
// when every block has been handed out (table_block_parallelscan_nextpage).
func (w *ParallelBlockTableScanWorker) NextPage() (uint32, bool) {
	p := w.p
	var nalloc uint64
	if w.chunkRemaining > 0 {
		w.chunkRemaining--
		w.nallocated++
		nalloc = w.nallocated
	} else {
		// Near the end, halve the chunk so that participants finish together.
		if w.chunkSize > 1 && int64(p.nallocated.Load()) > int64(p.nblocks)-int64(w.chunkSize)*ParallelSeqScanRampdownChunks {
			w.chunkSize >>= 1
		}
		nalloc = p.nallocated.Add(uint64(w.chunkSize)) - uint64(w.chunkSize)
		w.nallocated = nalloc
		w.chunkRemaining = w.chunkSize - 1
	}
	if nalloc >= uint64(p.nblocks) {
		return 0, false
	}
	return uint32((nalloc + uint64(p.startBlock)) % uint64(p.nblocks)), true
}
