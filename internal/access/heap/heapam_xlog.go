// heapam_xlog.go: the heap's WAL records and their redo (PG: access/heap/heapam.c's
// heap_xlog_*, include/access/heapam_xlog.h).
//
// Records (block reference 0 is always the heap page):
//
//	Heap  INSERT        main: offnum u16; block data: infomask2 u16, infomask u16,
//	                    hoff u8, the tuple after its 23-byte header.
//	                    Info bit INIT_PAGE: the page is initialised first.
//	Heap  DELETE        main: offnum u16, xmax u32, infomask u16, infomask2 u16.
//	Heap2 MULTI_INSERT  main: flags u8 (1 = init page), ntuples u16; block data per
//	                    tuple: offnum u16, datalen u16, infomask2 u16, infomask u16,
//	                    hoff u8, data.
//	Heap2 PRUNE         main: ndead u16, nunused u16, offsets..., truncate u8.
//	Heap2 VACUUM        main: nunused u16, offsets...
//
// Inserted tuples are rebuilt with xmin taken from the record's xid.
//
// Concurrency: redo runs in the single recovery goroutine.
package heap

import (
	"encoding/binary"

	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/storage"
	"github.com/loomdb/loomdb/internal/txn"
)

// Record info values, as in PostgreSQL.
const (
	xlogHeapInsert   = 0x00
	xlogHeapDelete   = 0x10
	xlogHeapInitPage = 0x80
	xlogHeapOpMask   = 0x70

	xlogHeap2Prune       = 0x10
	xlogHeap2Vacuum      = 0x20
	xlogHeap2MultiInsert = 0x50
)

func init() {
	storage.RegisterRmgr(storage.RmgrHeap, storage.Rmgr{Name: "Heap", Redo: heapRedo})
	storage.RegisterRmgr(storage.RmgrHeap2, storage.Rmgr{Name: "Heap2", Redo: heap2Redo})
}

func badRecord(rec *storage.XLogRecord, what string) error {
	return pgerror.Newf(pgerror.DataCorrupted, "invalid heap WAL record at %s: %s", rec.LSN, what)
}

// appendTupleRedoHeader appends the part of a tuple header a record carries
// (xl_heap_header: infomask2, infomask, hoff).
func appendTupleRedoHeader(b []byte, tup []byte) []byte {
	h := tupleHeader(tup)
	b = binary.LittleEndian.AppendUint16(b, h.infomask2())
	b = binary.LittleEndian.AppendUint16(b, h.infomask())
	return append(b, byte(h.hoff()))
}

// rebuildTuple makes a stored tuple from a record's header fields and data.
func rebuildTuple(xid txn.XID, tid table.TID, infomask2, infomask uint16, hoff byte, data []byte) []byte {
	tup := make([]byte, storage.SizeofHeapTupleHeader+len(data))
	h := tupleHeader(tup)
	h.setXmin(xid)
	h.setCid(txn.FirstCommandID)
	h.setCtid(tid)
	h.setInfomask2(infomask2)
	h.setInfomask(infomask)
	tup[offHoff] = hoff
	copy(tup[storage.SizeofHeapTupleHeader:], data)
	return tup
}

func heapRedo(rc *storage.RedoContext) error {
	rec := rc.Rec
	switch rec.Info & xlogHeapOpMask {
	case xlogHeapInsert:
		return redoInsert(rc)
	case xlogHeapDelete:
		return redoDelete(rc)
	}
	return badRecord(rec, "unknown heap record type")
}

func heap2Redo(rc *storage.RedoContext) error {
	rec := rc.Rec
	switch rec.Info & xlogHeapOpMask {
	case xlogHeap2MultiInsert:
		return redoMultiInsert(rc)
	case xlogHeap2Prune:
		return redoPrune(rc)
	case xlogHeap2Vacuum:
		return redoVacuum(rc)
	}
	return badRecord(rec, "unknown heap2 record type")
}

func redoInsert(rc *storage.RedoContext) error {
	rec := rc.Rec
	page, needs := rc.Page(0)
	if !needs {
		return nil
	}
	blk := rec.Block(0)
	if len(rec.Main) < 2 || blk == nil || len(blk.Data) < 5 {
		return badRecord(rec, "truncated insert record")
	}
	off := binary.LittleEndian.Uint16(rec.Main)
	if rec.Info&xlogHeapInitPage != 0 {
		storage.PageInit(page, 0)
	}
	d := blk.Data
	tup := rebuildTuple(rec.Xid, table.TID{Block: blk.Block, Offset: off},
		binary.LittleEndian.Uint16(d), binary.LittleEndian.Uint16(d[2:]), d[4], d[5:])
	if storage.PageAddItem(page, tup, off, true) != off {
		return badRecord(rec, "failed to add tuple")
	}
	return nil
}

func redoMultiInsert(rc *storage.RedoContext) error {
	rec := rc.Rec
	page, needs := rc.Page(0)
	if !needs {
		return nil
	}
	blk := rec.Block(0)
	if len(rec.Main) < 3 || blk == nil {
		return badRecord(rec, "truncated multi-insert record")
	}
	if rec.Main[0]&1 != 0 {
		storage.PageInit(page, 0)
	}
	n := int(binary.LittleEndian.Uint16(rec.Main[1:]))
	d := blk.Data
	for i := 0; i < n; i++ {
		if len(d) < 9 {
			return badRecord(rec, "truncated multi-insert tuple")
		}
		off := binary.LittleEndian.Uint16(d)
		dlen := int(binary.LittleEndian.Uint16(d[2:]))
		if len(d) < 9+dlen {
			return badRecord(rec, "truncated multi-insert tuple")
		}
		tup := rebuildTuple(rec.Xid, table.TID{Block: blk.Block, Offset: off},
			binary.LittleEndian.Uint16(d[4:]), binary.LittleEndian.Uint16(d[6:]), d[8], d[9:9+dlen])
		if storage.PageAddItem(page, tup, off, true) != off {
			return badRecord(rec, "failed to add tuple")
		}
		d = d[9+dlen:]
	}
	return nil
}

func redoDelete(rc *storage.RedoContext) error {
	rec := rc.Rec
	page, needs := rc.Page(0)
	if !needs {
		return nil
	}
	if len(rec.Main) < 10 {
		return badRecord(rec, "truncated delete record")
	}
	off := binary.LittleEndian.Uint16(rec.Main)
	xmax := txn.XID(binary.LittleEndian.Uint32(rec.Main[2:]))
	item, err := page.GetItem(off)
	if err != nil || len(item) < storage.SizeofHeapTupleHeader {
		return badRecord(rec, "deleted tuple not found")
	}
	h := tupleHeader(item)
	h.setXmax(xmax)
	h.setCid(txn.FirstCommandID)
	h.setInfomask(binary.LittleEndian.Uint16(rec.Main[6:]))
	h.setInfomask2(binary.LittleEndian.Uint16(rec.Main[8:]))
	h.setCtid(table.TID{Block: rec.Block(0).Block, Offset: off})
	setPrunable(page, xmax)
	return nil
}

// setPrunable notes that the page may have prunable tuples (PageSetPrunable).
func setPrunable(page storage.Page, xid txn.XID) {
	if p := txn.XID(page.PruneXID()); p == txn.InvalidXID || xid < p {
		page.SetPruneXID(uint32(xid))
	}
}

func decodeOffsets(b []byte, n int) ([]storage.OffsetNumber, []byte, bool) {
	if len(b) < 2*n {
		return nil, nil, false
	}
	out := make([]storage.OffsetNumber, n)
	for i := range out {
		out[i] = binary.LittleEndian.Uint16(b[2*i:])
	}
	return out, b[2*n:], true
}

func redoPrune(rc *storage.RedoContext) error {
	rec := rc.Rec
	page, needs := rc.Page(0)
	if !needs {
		return nil
	}
	if len(rec.Main) < 4 {
		return badRecord(rec, "truncated prune record")
	}
	ndead := int(binary.LittleEndian.Uint16(rec.Main))
	nunused := int(binary.LittleEndian.Uint16(rec.Main[2:]))
	dead, rest, ok1 := decodeOffsets(rec.Main[4:], ndead)
	unused, rest, ok2 := decodeOffsets(rest, nunused)
	if !ok1 || !ok2 || len(rest) < 1 {
		return badRecord(rec, "truncated prune record")
	}
	return applyPrune(page, dead, unused, rest[0] != 0)
}

func redoVacuum(rc *storage.RedoContext) error {
	rec := rc.Rec
	page, needs := rc.Page(0)
	if !needs {
		return nil
	}
	if len(rec.Main) < 2 {
		return badRecord(rec, "truncated vacuum record")
	}
	unused, _, ok := decodeOffsets(rec.Main[2:], int(binary.LittleEndian.Uint16(rec.Main)))
	if !ok {
		return badRecord(rec, "truncated vacuum record")
	}
	return applyVacuum(page, unused)
}

// applyPrune marks line pointers dead or unused and compacts the page
// (heap_page_prune_execute).
func applyPrune(page storage.Page, dead, unused []storage.OffsetNumber, truncate bool) error {
	maxoff := page.MaxOffsetNumber()
	for _, off := range dead {
		if off < 1 || off > maxoff {
			return corrupt("prune: offset %d out of range", off)
		}
		page.SetItemID(off, storage.ItemID{Flags: storage.LPDead})
	}
	for _, off := range unused {
		if off < 1 || off > maxoff {
			return corrupt("prune: offset %d out of range", off)
		}
		page.SetItemID(off, storage.ItemID{})
	}
	if err := storage.PageRepairFragmentation(page); err != nil {
		return err
	}
	if truncate {
		storage.PageTruncateLinePointerArray(page)
	}
	return nil
}

// applyVacuum turns dead line pointers unused (lazy_vacuum_heap_page).
func applyVacuum(page storage.Page, unused []storage.OffsetNumber) error {
	maxoff := page.MaxOffsetNumber()
	for _, off := range unused {
		if off < 1 || off > maxoff {
			return corrupt("vacuum: offset %d out of range", off)
		}
		page.SetItemID(off, storage.ItemID{})
	}
	storage.PageTruncateLinePointerArray(page)
	if !storage.PageIsEmpty(page) {
		page.SetFlags(page.Flags() | storage.PDHasFreeLines)
	}
	return nil
}
