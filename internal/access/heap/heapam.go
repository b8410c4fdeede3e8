// heapam.go: heap relation creation and dropping, single-row insert, delete
// and fetch by tid (PG: access/heap/heapam.c, catalog/storage.c).
//
// Every change is made under the page's exclusive buffer lock and WAL-logged
// before the lock is released.
//
// Concurrency: safe for concurrent use by many transactions; one Txn must
// not be used by two goroutines at once.
package heap

import (
	"context"
	"encoding/binary"

	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/storage"
	"github.com/loomdb/loomdb/internal/txn"
	"github.com/loomdb/loomdb/internal/types"
)

// ParallelBlockTableScan is the shared state of a parallel heap scan.
type ParallelBlockTableScan = table.ParallelBlockTableScan

// Create creates the relation's file, WAL-logged; it is removed again if tx aborts.
func Create(st *storage.Storage, rel *table.Relation, tx *txn.Txn) error {
	return st.CreateRelationFile(tx, rel.Locator())
}

// Drop schedules the relation's file for removal when tx commits.
func Drop(st *storage.Storage, rel *table.Relation, tx *txn.Txn) {
	st.DropRelationFile(tx, rel.Locator())
}

// NumBlocks returns the relation's size in blocks.
func NumBlocks(st *storage.Storage, rel *table.Relation) (uint32, error) {
	return st.NBlocks(rel.Locator())
}

// NewParallelScanState returns the shared state for a parallel scan of rel,
// sized to the relation's current length.
func NewParallelScanState(st *storage.Storage, rel *table.Relation) (*ParallelBlockTableScan, error) {
	n, err := NumBlocks(st, rel)
	if err != nil {
		return nil, err
	}
	return table.NewParallelBlockTableScan(n), nil
}

// prepareTuple forms row as a new tuple of tx's current command.
func prepareTuple(infos []attInfo, tx *txn.Txn, row []types.Datum) ([]byte, txn.XID, error) {
	tup, err := formTuple(infos, row)
	if err != nil {
		return nil, 0, err
	}
	if n := storage.MaxAlignOf(len(tup)); n > storage.MaxHeapTupleSize {
		return nil, 0, tooBig(n)
	}
	cid, err := tx.UseCID()
	if err != nil {
		return nil, 0, err
	}
	xid := tx.CurrentXID()
	h := tupleHeader(tup)
	h.setXmin(xid)
	h.setCid(cid)
	h.setInfomask(h.infomask() | HeapXmaxInvalid)
	return tup, xid, nil
}

// Insert inserts row into rel for tx and returns its tid (heap_insert).
func Insert(ctx context.Context, st *storage.Storage, tx *txn.Txn, rel *table.Relation, row []types.Datum) (table.TID, error) {
	if err := ctx.Err(); err != nil {
		return table.InvalidTID, pgerror.Convert(err)
	}
	infos, err := attInfos(rel.Desc)
	if err != nil {
		return table.InvalidTID, err
	}
	tup, xid, err := prepareTuple(infos, tx, row)
	if err != nil {
		return table.InvalidTID, err
	}
	loc := rel.Locator()
	trunc := st.TruncationLock(loc)
	trunc.RLock()
	defer trunc.RUnlock()
	bm := st.Buffers()
	buf, _, err := getBufferForTuple(st, rel, len(tup), nil, nil)
	if err != nil {
		return table.InvalidTID, err
	}
	defer bm.UnlockReleaseBuffer(buf, storage.BufferLockExclusive)
	page := bm.Page(buf)
	blk := bm.BlockNumber(buf)
	off := storage.PageAddItem(page, tup, storage.InvalidOffsetNumber, true)
	if off == storage.InvalidOffsetNumber {
		return table.InvalidTID, pgerror.Internal("failed to add tuple to page %d of relation %s", blk, rel.Name)
	}
	tid := table.TID{Block: blk, Offset: off}
	item, err := page.GetItem(off)
	if err != nil {
		return table.InvalidTID, err
	}
	tupleHeader(item).setCtid(tid)

	info := uint8(xlogHeapInsert)
	flags := uint8(storage.RegbufStandard)
	if off == storage.FirstOffsetNumber && page.MaxOffsetNumber() == storage.FirstOffsetNumber {
		info |= xlogHeapInitPage
		flags |= storage.RegbufWillInit
	}
	rec := storage.NewXLogRecord(storage.RmgrHeap, info, xid)
	rec.RegisterData(binary.LittleEndian.AppendUint16(nil, off))
	rec.RegisterBuffer(0, buf, flags)
	data := appendTupleRedoHeader(make([]byte, 0, 5+len(tup)), tup)
	rec.RegisterBufData(0, append(data, tup[storage.SizeofHeapTupleHeader:]...))
	if _, err := st.XLogInsert(rec); err != nil {
		return table.InvalidTID, err
	}
	return tid, nil
}

// Delete marks tuple tid deleted by tx (heap_delete). It returns TMOk when
// the tuple was deleted, TMSelfModified when tx already deleted it (the
// caller skips the row), and under read committed TMDeleted when another
// transaction deleted it and committed meanwhile (the row is gone). Under
// repeatable read that case is a serialization failure (40001). When
// another transaction is deleting the tuple, Delete waits for it to end,
// watching ctx.
func Delete(ctx context.Context, st *storage.Storage, tx *txn.Txn, rel *table.Relation, tid table.TID) (table.TMResult, error) {
	if err := ctx.Err(); err != nil {
		return table.TMInvisible, pgerror.Convert(err)
	}
	cid, err := tx.UseCID()
	if err != nil {
		return table.TMInvisible, err
	}
	xid := tx.CurrentXID()
	bm := st.Buffers()
	buf, err := bm.ReadBuffer(rel.Locator(), tid.Block, nil, nil)
	if err != nil {
		return table.TMInvisible, err
	}
	defer bm.ReleaseBuffer(buf)
	for {
		bm.LockBuffer(buf, storage.BufferLockExclusive)
		page := bm.Page(buf)
		item, err := normalItem(page, tid)
		if err != nil {
			bm.UnlockBuffer(buf, storage.BufferLockExclusive)
			return table.TMInvisible, err
		}
		h := tupleHeader(item)
		us := satisfiesUpdate(h, tx, cid)
		switch us.result {
		case updInvisible:
			bm.UnlockBuffer(buf, storage.BufferLockExclusive)
			return table.TMInvisible, pgerror.Internal("attempted to delete invisible tuple")
		case updSelfModified:
			bm.UnlockBuffer(buf, storage.BufferLockExclusive)
			return table.TMSelfModified, nil
		case updBeingModified:
			bm.UnlockBuffer(buf, storage.BufferLockExclusive)
			if err := tx.Manager().WaitForXID(ctx, tx, us.xmax); err != nil {
				return table.TMBeingModified, err
			}
			continue
		case updDeleted:
			bm.UnlockBuffer(buf, storage.BufferLockExclusive)
			if tx.Isolation().UsesXactSnapshot() {
				return table.TMDeleted, pgerror.New(pgerror.SerializationFailure, "could not serialize access due to concurrent delete")
			}
			return table.TMDeleted, nil
		}
		infomask := h.infomask() &^ (HeapXmaxCommitted | HeapXmaxInvalid | HeapXmaxIsMulti | HeapXmaxLockOnly | HeapXmaxExclLock | HeapXmaxKeyShr | HeapComboCID)
		if tx.IsCurrentXID(h.xmin()) {
			// Deleting our own row: keep its cmin next to the cmax.
			h.setCid(tx.ComboCID(h.cmin(tx), cid))
			infomask |= HeapComboCID
		} else {
			h.setCid(cid)
		}
		infomask2 := h.infomask2() | HeapKeysUpdated
		h.setInfomask(infomask)
		h.setInfomask2(infomask2)
		h.setXmax(xid)
		h.setCtid(tid)
		setPrunable(page, xid)

		rec := storage.NewXLogRecord(storage.RmgrHeap, xlogHeapDelete, xid)
		main := binary.LittleEndian.AppendUint16(nil, tid.Offset)
		main = binary.LittleEndian.AppendUint32(main, uint32(xid))
		main = binary.LittleEndian.AppendUint16(main, infomask)
		main = binary.LittleEndian.AppendUint16(main, infomask2)
		rec.RegisterData(main)
		rec.RegisterBuffer(0, buf, storage.RegbufStandard)
		_, err = st.XLogInsert(rec)
		bm.UnlockBuffer(buf, storage.BufferLockExclusive)
		if err != nil {
			return table.TMInvisible, err
		}
		return table.TMOk, nil
	}
}

// normalItem returns the tuple at tid on page, which must be a normal line pointer.
func normalItem(page storage.Page, tid table.TID) ([]byte, error) {
	if tid.Offset < storage.FirstOffsetNumber || tid.Offset > page.MaxOffsetNumber() {
		return nil, pgerror.Internal("tuple %s does not exist", tid)
	}
	id := page.ItemID(tid.Offset)
	if !id.IsNormal() {
		return nil, pgerror.Internal("tuple %s is not a normal tuple", tid)
	}
	item, err := page.Item(id)
	if err != nil {
		return nil, err
	}
	if err := checkTupleHeader(item); err != nil {
		return nil, err
	}
	return item, nil
}

// Fetch returns the row at tid if snap sees it (heap_fetch). A nil snap
// sees every tuple.
func Fetch(st *storage.Storage, rel *table.Relation, snap *txn.Snapshot, tid table.TID) ([]types.Datum, bool, error) {
	infos, err := attInfos(rel.Desc)
	if err != nil {
		return nil, false, err
	}
	bm := st.Buffers()
	buf, err := bm.ReadBuffer(rel.Locator(), tid.Block, nil, nil)
	if err != nil {
		if storage.IsBeyondEOF(err) {
			return nil, false, nil
		}
		return nil, false, err
	}
	defer bm.ReleaseBuffer(buf)
	bm.LockBuffer(buf, storage.BufferLockShare)
	defer bm.UnlockBuffer(buf, storage.BufferLockShare)
	item, err := visibleItem(bm.Page(buf), tid, snap)
	if item == nil || err != nil {
		return nil, false, err
	}
	row, err := deformAll(infos, item)
	if err != nil {
		return nil, false, err
	}
	return row, true, nil
}

// visibleItem returns the tuple at tid on page if there is one and snap
// (nil: any snapshot) sees it, else nil.
func visibleItem(page storage.Page, tid table.TID, snap *txn.Snapshot) ([]byte, error) {
	if page.IsNew() || tid.Offset < storage.FirstOffsetNumber || tid.Offset > page.MaxOffsetNumber() || !page.ItemID(tid.Offset).IsNormal() {
		return nil, nil
	}
	item, err := normalItem(page, tid)
	if err != nil || snap != nil && !satisfiesMVCC(tupleHeader(item), snap) {
		return nil, err
	}
	return item, nil
}

// TupleXids returns the inserting and deleting xids of the tuple at tid (for
// tests and the xmin and xmax system columns).
func TupleXids(st *storage.Storage, rel *table.Relation, tid table.TID) (txn.XID, txn.XID, error) {
	bm := st.Buffers()
	buf, err := bm.ReadBuffer(rel.Locator(), tid.Block, nil, nil)
	if err != nil {
		return 0, 0, err
	}
	defer bm.ReleaseBuffer(buf)
	bm.LockBuffer(buf, storage.BufferLockShare)
	defer bm.UnlockBuffer(buf, storage.BufferLockShare)
	item, err := normalItem(bm.Page(buf), tid)
	if err != nil {
		return 0, 0, err
	}
	h := tupleHeader(item)
	return h.xmin(), h.xmax(), nil
}
