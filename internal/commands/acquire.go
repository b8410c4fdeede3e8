// acquire.go: the random sample of rows ANALYZE computes statistics from
// (PG: commands/analyze.c's acquire_sample_rows, access/heap/
// heapam_handler.c's heapam_scan_analyze_next_block/next_tuple,
// heapam_visibility.c's HeapTupleSatisfiesVacuum).
//
// Two stages run together: Algorithm S picks up to targrows blocks, and
// every tuple of those blocks that counts as live is offered to a
// reservoir of targrows rows (Vitter's Algorithm Z). Live and dead tuples
// are counted as PostgreSQL counts them, and the totals are extrapolated
// from the sampled blocks to the whole table.
//
// Each sampled block is pinned while it is examined: its tuples are
// classified under a shared content lock, and the rows that enter the
// reservoir are then read with heap.Fetch. The pin keeps VACUUM from
// pruning the page in between.
//
// Concurrency: runs concurrently with inserts, deletes and scans of the
// table.

package commands

import (
	"context"
	"encoding/binary"
	"math"
	"slices"

	"github.com/loomdb/loomdb/internal/access/heap"
	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/storage"
	"github.com/loomdb/loomdb/internal/txn"
	"github.com/loomdb/loomdb/internal/types"
)

// SampleOptions tunes AcquireSampleRows.
type SampleOptions struct {
	// Txn is the analyzing transaction, if any. Rows it inserted are
	// sampled and counted live, rows it deleted counted dead, as
	// PostgreSQL does for the analyzing transaction's own changes.
	Txn *txn.Txn
	// OldestXmin is the cutoff below which a committed delete makes a
	// tuple dead rather than recently dead; zero means the transaction
	// manager's current OldestXmin (GetOldestNonRemovableTransactionId).
	OldestXmin txn.XID
	// Rand supplies the seeds of the block and row samplers; nil means a
	// randomly seeded generator, as PostgreSQL's global one.
	Rand *PRNG
}

// tupleStatus is HTSV_Result.
type tupleStatus uint8

const (
	tupleDead tupleStatus = iota
	tupleLive
	tupleRecentlyDead
	tupleInsertInProgress
	tupleDeleteInProgress
)

// Heap tuple header fields (HeapTupleHeaderData).
const (
	offXmin     = 0
	offXmax     = 4
	offInfomask = 20
)

// classifier decides what a tuple is to ANALYZE (HeapTupleSatisfiesVacuum
// plus TransactionIdIsCurrentTransactionId).
type classifier struct {
	m          *txn.Manager
	tx         *txn.Txn
	oldestXmin txn.XID
}

func (c *classifier) isCurrent(xid txn.XID) bool {
	return c.tx != nil && c.tx.IsCurrentXID(xid)
}

func xmaxIsLockedOnly(im uint16) bool {
	return im&heap.HeapXmaxLockOnly != 0 ||
		im&(heap.HeapXmaxIsMulti|heap.HeapXmaxExclLock|heap.HeapXmaxKeyShr) == heap.HeapXmaxExclLock
}

// satisfiesVacuum classifies the stored tuple tup.
func (c *classifier) satisfiesVacuum(tup []byte) tupleStatus {
	xmin := txn.XID(binary.LittleEndian.Uint32(tup[offXmin:]))
	xmax := txn.XID(binary.LittleEndian.Uint32(tup[offXmax:]))
	im := binary.LittleEndian.Uint16(tup[offInfomask:])
	xmaxInvalid := im&heap.HeapXmaxInvalid != 0 || xmax == txn.InvalidXID

	if im&heap.HeapXminCommitted == 0 {
		switch {
		case im&heap.HeapXminInvalid != 0:
			return tupleDead
		case c.isCurrent(xmin):
			if xmaxInvalid || xmaxIsLockedOnly(im) {
				return tupleInsertInProgress
			}
			if c.isCurrent(xmax) {
				return tupleDeleteInProgress // inserted and deleted by us
			}
			return tupleInsertInProgress // the deleting subtransaction aborted
		case c.m.IsInProgress(xmin):
			return tupleInsertInProgress
		case c.m.Status(xmin) != txn.StatusCommitted:
			return tupleDead // aborted or crashed
		}
	}
	// The inserter committed.
	if xmaxInvalid || xmaxIsLockedOnly(im) {
		return tupleLive
	}
	if im&heap.HeapXmaxCommitted == 0 {
		switch {
		case c.m.IsInProgress(xmax):
			return tupleDeleteInProgress
		case c.m.Status(xmax) != txn.StatusCommitted:
			return tupleLive // the deleter aborted or crashed
		}
	}
	if xmax >= c.oldestXmin {
		return tupleRecentlyDead
	}
	return tupleDead
}

// sampleRow is a row in the reservoir with its position.
type sampleRow struct {
	tid table.TID
	row []types.Datum
}

// AcquireSampleRows returns a random sample of up to targrows live rows of
// rel, in physical order, each holding every attribute (attnum n at index
// n-1, dropped attributes nil), together with the estimated numbers of
// live and dead rows in the whole table (acquire_sample_rows).
func AcquireSampleRows(ctx context.Context, st *storage.Storage, rel *table.Relation, targrows int, opts SampleOptions) (rows [][]types.Datum, totalRows, totalDeadRows float64, err error) {
	if targrows <= 0 {
		return nil, 0, 0, pgerror.Internal("ANALYZE sample size must be positive")
	}
	loc := rel.Locator()
	totalblocks, err := st.NBlocks(loc)
	if err != nil {
		return nil, 0, 0, err
	}
	cl := &classifier{m: st.Txns(), tx: opts.Txn, oldestXmin: opts.OldestXmin}
	if cl.oldestXmin == txn.InvalidXID {
		cl.oldestXmin = cl.m.OldestXmin()
	}
	rnd := opts.Rand
	if rnd == nil {
		rnd = NewRandomPRNG()
	}
	bs := NewBlockSampler(totalblocks, targrows, rnd.Uint32())
	rs := NewReservoir(targrows, rnd.Uint32())

	bm := st.Buffers()
	strategy := bm.NewStrategy(storage.Vacuum)
	sample := make([]sampleRow, 0, min(targrows, 1024))
	var liverows, deadrows, samplerows float64
	rowstoskip := -1.0
	var offs []storage.OffsetNumber
	for bs.HasMore() {
		blk := bs.Next()
		if err := ctx.Err(); err != nil {
			return nil, 0, 0, pgerror.Convert(err)
		}
		buf, err := bm.ReadBuffer(loc, blk, strategy, nil)
		if err != nil {
			if storage.IsBeyondEOF(err) {
				continue // truncated by VACUUM since we measured the table
			}
			return nil, 0, 0, err
		}
		offs, err = classifyPage(bm, buf, cl, offs[:0], &liverows, &deadrows)
		if err != nil {
			bm.ReleaseBuffer(buf)
			return nil, 0, 0, err
		}
		for _, off := range offs {
			tid := table.TID{Block: blk, Offset: off}
			// The first targrows rows fill the reservoir; later ones
			// replace a random member after skipping rowstoskip rows.
			slot := -1
			if len(sample) < targrows {
				slot = len(sample)
			} else {
				if rowstoskip < 0 {
					rowstoskip = rs.NextS(samplerows, targrows)
				}
				if rowstoskip <= 0 {
					slot = int(float64(targrows) * rs.Fract())
				}
				rowstoskip--
			}
			samplerows++
			if slot < 0 {
				continue
			}
			row, ok, err := heap.Fetch(st, rel, nil, tid)
			if err != nil {
				bm.ReleaseBuffer(buf)
				return nil, 0, 0, err
			}
			if !ok {
				continue
			}
			if slot == len(sample) {
				sample = append(sample, sampleRow{tid: tid, row: row})
			} else {
				sample[slot] = sampleRow{tid: tid, row: row}
			}
		}
		bm.ReleaseBuffer(buf)
	}
	if len(sample) == targrows {
		slices.SortFunc(sample, func(a, b sampleRow) int {
			switch {
			case a.tid.Less(b.tid):
				return -1
			case b.tid.Less(a.tid):
				return 1
			}
			return 0
		})
	}
	if m := bs.Selected(); m > 0 {
		totalRows = math.Floor(liverows/float64(m)*float64(totalblocks) + 0.5)
		totalDeadRows = math.Floor(deadrows/float64(m)*float64(totalblocks) + 0.5)
	}
	rows = make([][]types.Datum, len(sample))
	for i := range sample {
		rows[i] = sample[i].row
	}
	return rows, totalRows, totalDeadRows, nil
}

// classifyPage counts the live and dead tuples of the pinned page buf and
// appends to offs the offsets of the tuples to offer to the sample
// (heapam_scan_analyze_next_tuple).
func classifyPage(bm *storage.BufferManager, buf storage.Buffer, cl *classifier, offs []storage.OffsetNumber, liverows, deadrows *float64) ([]storage.OffsetNumber, error) {
	bm.LockBuffer(buf, storage.BufferLockShare)
	defer bm.UnlockBuffer(buf, storage.BufferLockShare)
	page := bm.Page(buf)
	if page.IsNew() {
		return offs, nil
	}
	maxoff := page.MaxOffsetNumber()
	for off := storage.FirstOffsetNumber; off <= maxoff; off++ {
		id := page.ItemID(off)
		if !id.IsNormal() {
			// Dead line pointers count as dead rows: VACUUM must run to
			// get rid of them.
			if id.Flags == storage.LPDead {
				*deadrows++
			}
			continue
		}
		item, err := page.Item(id)
		if err != nil {
			return nil, err
		}
		if len(item) < storage.SizeofHeapTupleHeader {
			return nil, pgerror.Newf(pgerror.DataCorrupted, "tuple length %d is shorter than its header", len(item))
		}
		sampleIt := false
		switch cl.satisfiesVacuum(item) {
		case tupleLive:
			sampleIt = true
			*liverows++
		case tupleDead, tupleRecentlyDead:
			*deadrows++
		case tupleInsertInProgress:
			// Another transaction's inserts are not counted: it will
			// report them when it ends. Our own are sampled and counted.
			if cl.isCurrent(txn.XID(binary.LittleEndian.Uint32(item[offXmin:]))) {
				sampleIt = true
				*liverows++
			}
		case tupleDeleteInProgress:
			// Rows being deleted count as live unless we delete them.
			if cl.isCurrent(txn.XID(binary.LittleEndian.Uint32(item[offXmax:]))) {
				*deadrows++
			} else {
				sampleIt = true
				*liverows++
			}
		}
		if sampleIt {
			offs = append(offs, off)
		}
	}
	return offs, nil
}
