// heapam_index.go: what index access methods need from the heap (PG:
// access/heap/heapam_handler.c's heapam_index_build_range_scan and
// heapam_index_fetch_tuple, heapam_visibility.c's HeapTupleSatisfiesDirty).
//
// IndexBuildScan feeds an index build every tuple that some snapshot may
// still see; FetchDirty tells a unique index whether the tuple an index
// entry points at is live or about to be, and which transaction to wait
// for when that is not yet decided.
//
// Concurrency: both are safe to run concurrently with inserts, deletes,
// scans and VACUUM of the relation.
package heap

import (
	"context"

	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/storage"
	"github.com/loomdb/loomdb/internal/txn"
	"github.com/loomdb/loomdb/internal/types"
)

// IndexBuildScan calls fn, in physical order, with the tid and all
// attributes of every tuple of rel that an index built by tx must hold
// (heapam_index_build_range_scan with SnapshotAny). Tuples dead to every
// snapshot are skipped. alive is false for tuples that are deleted but may
// still be seen by an older snapshot (recently dead, or deleted by tx
// itself); a unique index does not count those as duplicates. A tuple
// being inserted or deleted by another transaction that is still running is
// waited for, watching ctx, and then looked at again. fn runs while the
// page is share-locked and must not touch buffers. Only the attributes in
// cols (0-based, ascending; nil for all) are decoded into row, the others
// are nil; row is reused from call to call.
func IndexBuildScan(ctx context.Context, st *storage.Storage, tx *txn.Txn, rel *table.Relation, cols []int,
	fn func(tid table.TID, row []types.Datum, alive bool) error) error {
	infos, err := attInfos(rel.Desc)
	if err != nil {
		return err
	}
	if cols == nil {
		cols = make([]int, len(infos))
		for i := range cols {
			cols[i] = i
		}
	}
	def, err := newDeformer(infos, cols)
	if err != nil {
		return err
	}
	row := make([]types.Datum, len(infos))
	m := st.Txns()
	loc := rel.Locator()
	bm := st.Buffers()
	nblocks, err := st.NBlocks(loc)
	if err != nil {
		return err
	}
	var strategy *storage.BufferAccessStrategy
	if nblocks > uint32(bm.NBuffers()/4) {
		strategy = bm.NewStrategy(storage.BulkRead)
	}
	own := func(x txn.XID) bool { return tx != nil && tx.IsCurrentXID(x) }
	oldestXmin := m.OldestXmin()
	for blk := uint32(0); blk < nblocks; blk++ {
		if err := ctx.Err(); err != nil {
			return pgerror.Convert(err)
		}
		buf, err := bm.ReadBuffer(loc, blk, strategy, nil)
		if err != nil {
			if storage.IsBeyondEOF(err) {
				break // truncated by VACUUM meanwhile: the rest was empty
			}
			return err
		}
		off := storage.FirstOffsetNumber
		for {
			// wait is the transaction to wait for before resuming at off.
			wait := txn.InvalidXID
			bm.LockBuffer(buf, storage.BufferLockShare)
			page := bm.Page(buf)
			maxoff := storage.OffsetNumber(0)
			if !page.IsNew() {
				maxoff = page.MaxOffsetNumber()
			}
			for ; off <= maxoff; off++ {
				id := page.ItemID(off)
				if !id.IsNormal() {
					continue
				}
				item, err := page.Item(id)
				if err == nil {
					err = checkTupleHeader(item)
				}
				if err != nil {
					bm.UnlockReleaseBuffer(buf, storage.BufferLockShare)
					return err
				}
				h := tupleHeader(item)
				alive := true
				switch buildStatus(h, m, oldestXmin) {
				case vacDead:
					continue
				case vacRecentlyDead:
					alive = false
				case vacInsertInProgress:
					if !own(h.xmin()) {
						wait = h.xmin()
					}
				case vacDeleteInProgress:
					switch {
					case own(h.xmax()):
						alive = false
					case own(h.xmin()):
						// Inserted by tx and deleted by another running
						// transaction: index it as live.
					default:
						wait = h.xmax()
					}
				}
				if wait != txn.InvalidXID {
					break
				}
				if err := def.deformInto(item, row); err != nil {
					bm.UnlockReleaseBuffer(buf, storage.BufferLockShare)
					return err
				}
				if err := fn(table.TID{Block: blk, Offset: off}, row, alive); err != nil {
					bm.UnlockReleaseBuffer(buf, storage.BufferLockShare)
					return err
				}
			}
			bm.UnlockBuffer(buf, storage.BufferLockShare)
			if wait == txn.InvalidXID {
				break
			}
			if err := m.WaitForXID(ctx, tx, wait); err != nil {
				bm.ReleaseBuffer(buf)
				return err
			}
		}
		bm.ReleaseBuffer(buf)
	}
	return nil
}

// DirtyResult is HeapTupleSatisfiesDirty's verdict on one tuple.
type DirtyResult struct {
	// Visible: the tuple exists and is live, or will be if the
	// transactions below commit (or abort, for Xmax).
	Visible bool
	// Xmin is the inserting transaction while it is still running.
	Xmin txn.XID
	// Xmax is the deleting transaction while it is still running.
	Xmax txn.XID
}

// FetchDirty looks at the tuple tid of rel with a dirty snapshot on behalf
// of tx (HeapTupleSatisfiesDirty): it is visible when inserted by a
// committed transaction, by tx, or by one still running, and not deleted by
// a committed transaction or by tx. A tuple that does not exist (any more)
// is not visible.
func FetchDirty(st *storage.Storage, rel *table.Relation, tid table.TID, tx *txn.Txn) (DirtyResult, error) {
	bm := st.Buffers()
	buf, err := bm.ReadBuffer(rel.Locator(), tid.Block, nil, nil)
	if err != nil {
		if storage.IsBeyondEOF(err) {
			return DirtyResult{}, nil
		}
		return DirtyResult{}, err
	}
	defer bm.ReleaseBuffer(buf)
	bm.LockBuffer(buf, storage.BufferLockShare)
	defer bm.UnlockBuffer(buf, storage.BufferLockShare)
	page := bm.Page(buf)
	if page.IsNew() || tid.Offset < storage.FirstOffsetNumber || tid.Offset > page.MaxOffsetNumber() || !page.ItemID(tid.Offset).IsNormal() {
		return DirtyResult{}, nil
	}
	item, err := normalItem(page, tid)
	if err != nil {
		return DirtyResult{}, err
	}
	return satisfiesDirty(tupleHeader(item), tx), nil
}

// satisfiesDirty implements HeapTupleSatisfiesDirty.
func satisfiesDirty(h tupleHeader, tx *txn.Txn) DirtyResult {
	m := tx.Manager()
	isOwn := tx.IsCurrentXID
	xmin := h.xmin()
	// A transaction leaves the running set and gets its final status in
	// one step, so "not running" must be asked before the status.
	switch {
	case isOwn(xmin):
		if h.xmaxInvalid() || h.xmaxIsLockedOnly() {
			return DirtyResult{Visible: true}
		}
		return DirtyResult{Visible: !isOwn(h.xmax())}
	case m.IsInProgress(xmin):
		return DirtyResult{Visible: true, Xmin: xmin}
	case xminStatus(h, m) != txn.StatusCommitted:
		return DirtyResult{} // aborted or crashed
	}
	if h.xmaxInvalid() || h.xmaxIsLockedOnly() {
		return DirtyResult{Visible: true}
	}
	xmax := h.xmax()
	if isOwn(xmax) {
		return DirtyResult{}
	}
	if m.IsInProgress(xmax) {
		return DirtyResult{Visible: true, Xmax: xmax}
	}
	return DirtyResult{Visible: m.Status(xmax) != txn.StatusCommitted}
}

// buildStatus classifies a tuple for an index build like satisfiesVacuum,
// but asks whether a transaction is running before looking at its final
// status, so that one committing meanwhile is never taken for crashed.
func buildStatus(h tupleHeader, m *txn.Manager, oldestXmin txn.XID) vacuumStatus {
	if m.IsInProgress(h.xmin()) {
		if h.xmaxInvalid() || h.xmaxIsLockedOnly() {
			return vacInsertInProgress
		}
		return vacDeleteInProgress
	}
	if xminStatus(h, m) != txn.StatusCommitted {
		return vacDead // aborted or crashed
	}
	if h.xmaxInvalid() || h.xmaxIsLockedOnly() {
		return vacLive
	}
	xmax := h.xmax()
	if m.IsInProgress(xmax) {
		return vacDeleteInProgress
	}
	if m.Status(xmax) == txn.StatusCommitted {
		if xmax >= oldestXmin {
			return vacRecentlyDead
		}
		return vacDead
	}
	return vacLive // deleter aborted or crashed
}
