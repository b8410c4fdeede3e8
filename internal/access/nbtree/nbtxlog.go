// nbtxlog.go: the btree's WAL records and their redo (PG: access/nbtree/nbtxlog.c,
// include/access/nbtxlog.h). Info values are PostgreSQL's where the record
// has a counterpart; the payloads are loomdb's own.
//
//	INSERT_LEAF   block 0 (leaf): offnum u16, the new tuple.
//	INSERT_UPPER  block 0 (internal page): offnum u16, the new pivot;
//	              block 1: the child whose split this completes (its
//	              INCOMPLETE_SPLIT flag is cleared).
//	INSERT_POST   block 0 (leaf): offnum u16, postingoff u16, the new tuple
//	              as it was before the posting list split swapped TIDs.
//	SPLIT_L       block 0: the left half and block 1: the new right page,
//	              both as full-page images; block 2: the old right sibling,
//	              whose left link now points at block 1; block 3: the child
//	              whose split this completes (internal page splits).
//	DEDUP         block 0: the deduplicated leaf as a full-page image.
//	VACUUM        block 0: the leaf after removing entries, a full-page image.
//	NEWROOT       block 0: the new root as a full-page image; block 1: the
//	              old root, whose INCOMPLETE_SPLIT flag is cleared; block 2:
//	              the metapage as a full-page image.
//	NEWPAGE       block 0: a page written by a build, as a full-page image.
//
// Full-page images are restored by storage before redo runs; the redo
// functions only replay the small changes.
//
// Concurrency: redo runs in the single recovery goroutine.
package nbtree

import (
	"encoding/binary"

	"github.com/loomdb/loomdb/internal/storage"
)

// Record info values.
const (
	xlogBtreeInsertLeaf  = 0x00
	xlogBtreeInsertUpper = 0x10
	xlogBtreeSplitL      = 0x30
	xlogBtreeDedup       = 0x50
	xlogBtreeInsertPost  = 0x60
	xlogBtreeVacuum      = 0x70
	xlogBtreeNewRoot     = 0xA0
	xlogBtreeNewPage     = 0xF0
)

func init() {
	storage.RegisterRmgr(storage.RmgrBtree, storage.Rmgr{Name: "Btree", Redo: btreeRedo})
}

func badRecord(rec *storage.XLogRecord, what string) error {
	return corrupt("invalid btree WAL record at %s: %s", rec.LSN, what)
}

func btreeRedo(rc *storage.RedoContext) error {
	rec := rc.Rec
	switch rec.Info & 0xF0 {
	case xlogBtreeInsertLeaf:
		return redoInsert(rc, false)
	case xlogBtreeInsertUpper:
		if err := redoInsert(rc, false); err != nil {
			return err
		}
		clearIncompleteSplit(rc, 1)
		return nil
	case xlogBtreeInsertPost:
		return redoInsert(rc, true)
	case xlogBtreeSplitL:
		if page, needs := rc.Page(2); needs {
			if b := rec.Block(1); b != nil {
				setBtPrev(page, b.Block)
			}
		}
		clearIncompleteSplit(rc, 3)
		return nil
	case xlogBtreeNewRoot:
		clearIncompleteSplit(rc, 1)
		return nil
	case xlogBtreeDedup, xlogBtreeVacuum, xlogBtreeNewPage:
		return nil // full-page images only
	}
	return badRecord(rec, "unknown btree record type")
}

// clearIncompleteSplit clears BTP_INCOMPLETE_SPLIT on block reference id
// (_bt_clear_incomplete_split).
func clearIncompleteSplit(rc *storage.RedoContext, id uint8) {
	if page, needs := rc.Page(id); needs {
		setBtFlags(page, btFlags(page)&^btpIncompleteSplit)
	}
}

func redoInsert(rc *storage.RedoContext, posting bool) error {
	rec := rc.Rec
	page, needs := rc.Page(0)
	if !needs {
		return nil
	}
	blk := rec.Block(0)
	if blk == nil || len(blk.Data) < 2 {
		return badRecord(rec, "truncated insert record")
	}
	d := blk.Data
	off := binary.LittleEndian.Uint16(d)
	d = d[2:]
	postingoff := 0
	if posting {
		if len(d) < 2 {
			return badRecord(rec, "truncated insert record")
		}
		postingoff = int(binary.LittleEndian.Uint16(d))
		d = d[2:]
	}
	if len(d) < sizeofIndexTupleData || itup(d).size() != len(d) {
		return badRecord(rec, "bad tuple in insert record")
	}
	item := itup(append([]byte(nil), d...))
	if posting {
		if off <= storage.FirstOffsetNumber {
			return badRecord(rec, "bad posting split offset")
		}
		oposting, err := getItem(page, off-1, MaxKeys)
		if err != nil {
			return err
		}
		nposting, err := swapPosting(item, oposting, postingoff)
		if err != nil {
			return err
		}
		copy(oposting, nposting)
	}
	if !pageAddItemAt(page, item, off) {
		return badRecord(rec, "failed to add item to index page")
	}
	return nil
}

// logInsert WAL-logs the insertion of item at off on buf (and, for
// internal pages, the completion of child's split). origItem and
// postingoff describe a posting list split done in passing.
func (r *rel) logInsert(buf storage.Buffer, leaf bool, off storage.OffsetNumber, item, origItem itup, postingoff int, child storage.Buffer) error {
	info := uint8(xlogBtreeInsertLeaf)
	if !leaf {
		info = xlogBtreeInsertUpper
	} else if postingoff != 0 {
		info = xlogBtreeInsertPost
	}
	rec := storage.NewXLogRecord(storage.RmgrBtree, info, 0)
	rec.RegisterBuffer(0, buf, storage.RegbufStandard)
	data := binary.LittleEndian.AppendUint16(nil, off)
	if postingoff != 0 {
		data = binary.LittleEndian.AppendUint16(data, uint16(postingoff))
		data = append(data, origItem...)
	} else {
		data = append(data, item...)
	}
	rec.RegisterBufData(0, data)
	if !leaf {
		rec.RegisterBuffer(1, child, storage.RegbufStandard)
	}
	_, err := r.st.XLogInsert(rec)
	return err
}

// logFullPage WAL-logs buf's whole page under the given record type.
func (r *rel) logFullPage(info uint8, buf storage.Buffer) error {
	rec := storage.NewXLogRecord(storage.RmgrBtree, info, 0)
	rec.RegisterBuffer(0, buf, storage.RegbufForceImage|storage.RegbufStandard)
	_, err := r.st.XLogInsert(rec)
	return err
}
