// bulkinsert.go: multi-row inserts for COPY and INSERT ... VALUES (many)
// (PG: access/heap/heapam.c's heap_multi_insert, commands/copyfrom.c's
// CopyMultiInsertBuffer).
//
// Rows are formed as they arrive and buffered (up to 1000 rows or 64 kB);
// a flush fills each page with as many buffered tuples as fit and writes one
// multi-insert WAL record per page. The current page stays pinned between
// flushes, and pages are read through a 16 MB bulk-write buffer ring.
//
// Concurrency: a BulkInsert belongs to one goroutine; other transactions may
// insert into the same relation concurrently.
package heap

import (
	"encoding/binary"

	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/storage"
	"github.com/loomdb/loomdb/internal/txn"
	"github.com/loomdb/loomdb/internal/types"
)

const (
	bulkMaxRows  = 1000
	bulkMaxBytes = 64 << 10
)

// BulkInsert inserts many rows of one command efficiently.
type BulkInsert struct {
	st    *storage.Storage
	tx    *txn.Txn
	rel   *table.Relation
	infos []attInfo
	err   error
	bs    bulkState

	pending [][]byte
	bytes   int
	xid     txn.XID
	count   int64

	// OnFlush, when set, is called after each flush with the tids of the
	// rows written, in the order they were given to Insert (for index
	// maintenance).
	OnFlush func(tids []table.TID) error
}

// NewBulkInsert starts a bulk insert into rel for tx.
func NewBulkInsert(st *storage.Storage, tx *txn.Txn, rel *table.Relation) *BulkInsert {
	b := &BulkInsert{st: st, tx: tx, rel: rel}
	b.infos, b.err = attInfos(rel.Desc)
	b.bs.strategy = st.Buffers().NewStrategy(storage.BulkWrite)
	return b
}

// Insert adds a row; it may flush buffered rows to the relation.
func (b *BulkInsert) Insert(row []types.Datum) error {
	if b.err != nil {
		return b.err
	}
	tup, xid, err := prepareTuple(b.infos, b.tx, row)
	if err != nil {
		return err
	}
	b.xid = xid
	b.pending = append(b.pending, tup)
	b.bytes += len(tup)
	if len(b.pending) >= bulkMaxRows || b.bytes >= bulkMaxBytes {
		return b.flush()
	}
	return nil
}

// Count returns the number of rows inserted so far, flushed or not.
func (b *BulkInsert) Count() int64 { return b.count + int64(len(b.pending)) }

// Finish writes the buffered rows and releases the current page.
func (b *BulkInsert) Finish() error {
	err := b.err
	if err == nil {
		err = b.flush()
	}
	b.bs.release(b.st.Buffers())
	return err
}

// Discard drops the buffered rows and releases the current page (the
// transaction is being aborted).
func (b *BulkInsert) Discard() {
	b.pending = nil
	b.bs.release(b.st.Buffers())
}

// flush writes the buffered tuples (heap_multi_insert).
func (b *BulkInsert) flush() error {
	if len(b.pending) == 0 {
		return nil
	}
	loc := b.rel.Locator()
	trunc := b.st.TruncationLock(loc)
	trunc.RLock()
	tids, err := b.multiInsert()
	trunc.RUnlock()
	b.count += int64(len(tids))
	b.pending = b.pending[:0]
	b.bytes = 0
	if err != nil {
		b.err = err
		return err
	}
	if b.OnFlush != nil {
		if err := b.OnFlush(tids); err != nil {
			b.err = err
			return err
		}
	}
	return nil
}

func (b *BulkInsert) multiInsert() ([]table.TID, error) {
	bm := b.st.Buffers()
	save := b.rel.SaveFreeSpace()
	tids := make([]table.TID, 0, len(b.pending))
	for done := 0; done < len(b.pending); {
		buf, _, err := getBufferForTuple(b.st, b.rel, len(b.pending[done]), &b.bs, nil)
		if err != nil {
			return tids, err
		}
		page := bm.Page(buf)
		blk := bm.BlockNumber(buf)
		data := make([]byte, 0, 8192)
		n := 0
		firstOff := storage.InvalidOffsetNumber
		for done+n < len(b.pending) {
			tup := b.pending[done+n]
			if n > 0 && page.HeapFreeSpace() < storage.MaxAlignOf(len(tup))+save {
				break
			}
			off := storage.PageAddItem(page, tup, storage.InvalidOffsetNumber, true)
			if off == storage.InvalidOffsetNumber {
				if n == 0 {
					bm.UnlockReleaseBuffer(buf, storage.BufferLockExclusive)
					return tids, pgerror.Internal("failed to add tuple to page %d of relation %s", blk, b.rel.Name)
				}
				break
			}
			if n == 0 {
				firstOff = off
			}
			tid := table.TID{Block: blk, Offset: off}
			item, _ := page.GetItem(off)
			tupleHeader(item).setCtid(tid)
			tids = append(tids, tid)
			data = binary.LittleEndian.AppendUint16(data, off)
			data = binary.LittleEndian.AppendUint16(data, uint16(len(tup)-storage.SizeofHeapTupleHeader))
			data = appendTupleRedoHeader(data, tup)
			data = append(data, tup[storage.SizeofHeapTupleHeader:]...)
			n++
		}
		flags := uint8(storage.RegbufStandard)
		var recFlags byte
		if firstOff == storage.FirstOffsetNumber && int(page.MaxOffsetNumber()) == n {
			flags |= storage.RegbufWillInit
			recFlags |= 1
		}
		rec := storage.NewXLogRecord(storage.RmgrHeap2, xlogHeap2MultiInsert, b.xid)
		rec.RegisterData(binary.LittleEndian.AppendUint16([]byte{recFlags}, uint16(n)))
		rec.RegisterBuffer(0, buf, flags)
		rec.RegisterBufData(0, data)
		_, err = b.st.XLogInsert(rec)
		bm.UnlockReleaseBuffer(buf, storage.BufferLockExclusive)
		if err != nil {
			return tids, err
		}
		done += n
	}
	return tids, nil
}
