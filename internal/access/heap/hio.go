// hio.go: finding a page with room for a new tuple (PG: access/heap/hio.c).
//
// An insert tries, in order: the page the bulk insert state holds pinned,
// the relation's last target block, a page the free space map knows, the
// last page of the relation, and finally a new page. A page counts as
// having room when its free space, less the fillfactor reserve, fits the
// MAXALIGNed tuple.
//
// Concurrency: the caller holds the relation's truncation lock shared; the
// returned buffer is pinned and locked exclusively.
package heap

import (
	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/storage"
)

// bulkState keeps the current page of a bulk insert pinned (BulkInsertState).
type bulkState struct {
	strategy *storage.BufferAccessStrategy
	current  storage.Buffer
}

// keep makes buf the bulk insert's current page, holding a pin of its own.
func (b *bulkState) keep(bm *storage.BufferManager, buf storage.Buffer) {
	if b == nil || b.current == buf {
		return
	}
	b.release(bm)
	bm.IncrBufferRefCount(buf)
	b.current = buf
}

func (b *bulkState) release(bm *storage.BufferManager) {
	if b != nil && b.current != storage.InvalidBuffer {
		bm.ReleaseBuffer(b.current)
		b.current = storage.InvalidBuffer
	}
}

// tooBig is the error for tuples larger than a page can hold.
func tooBig(size int) error {
	return pgerror.Newf(pgerror.ProgramLimitExceeded, "row is too big: size %d, maximum size %d", size, storage.MaxHeapTupleSize)
}

// getBufferForTuple returns a buffer, locked exclusively, with room for a
// tuple of length n (RelationGetBufferForTuple). isNew reports that the page
// was initialised here, so it holds nothing else yet.
func getBufferForTuple(st *storage.Storage, rel *table.Relation, n int, bs *bulkState, usage *storage.BufferUsage) (buf storage.Buffer, isNew bool, err error) {
	need := storage.MaxAlignOf(n)
	if need > storage.MaxHeapTupleSize {
		return storage.InvalidBuffer, false, tooBig(need)
	}
	save := rel.SaveFreeSpace()
	loc := rel.Locator()
	bm := st.Buffers()
	var strategy *storage.BufferAccessStrategy
	if bs != nil {
		strategy = bs.strategy
	}
	target := storage.InvalidBlockNumber
	if bs != nil && bs.current != storage.InvalidBuffer {
		target = bm.BlockNumber(bs.current)
	}
	if target == storage.InvalidBlockNumber {
		target = st.TargetBlock(loc)
	}
	if target == storage.InvalidBlockNumber {
		target = st.PageWithFreeSpace(loc, need+save)
	}
	if target == storage.InvalidBlockNumber {
		nblocks, err := st.NBlocks(loc)
		if err != nil {
			return storage.InvalidBuffer, false, err
		}
		if nblocks > 0 {
			target = nblocks - 1
		}
	}
	tried := map[storage.BlockNumber]bool{}
	for target != storage.InvalidBlockNumber && !tried[target] {
		tried[target] = true
		if bs != nil && bs.current != storage.InvalidBuffer && bm.BlockNumber(bs.current) == target {
			buf = bs.current
			bm.IncrBufferRefCount(buf) // the caller's pin; bs keeps its own
		} else {
			bs.release(bm)
			buf, err = bm.ReadBuffer(loc, target, strategy, usage)
			if err != nil {
				if storage.IsBeyondEOF(err) {
					// Truncated by VACUUM since we chose it.
					st.RecordFreeSpace(loc, target, 0)
					target = st.PageWithFreeSpace(loc, need+save)
					continue
				}
				return storage.InvalidBuffer, false, err
			}
		}
		bm.LockBuffer(buf, storage.BufferLockExclusive)
		page := bm.Page(buf)
		fresh := false
		if page.IsNew() {
			storage.PageInit(page, 0)
			fresh = true
		}
		free := page.HeapFreeSpace()
		if need+save <= free {
			st.SetTargetBlock(loc, target)
			bs.keep(bm, buf)
			return buf, fresh, nil
		}
		bm.UnlockReleaseBuffer(buf, storage.BufferLockExclusive)
		bs.release(bm)
		st.RecordFreeSpace(loc, target, free)
		target = st.PageWithFreeSpace(loc, need+save)
	}
	// No page has room: add one.
	bs.release(bm)
	buf, blk, err := st.ExtendBuffer(loc, strategy, usage)
	if err != nil {
		return storage.InvalidBuffer, false, err
	}
	storage.PageInit(bm.Page(buf), 0)
	st.SetTargetBlock(loc, blk)
	bs.keep(bm, buf)
	return buf, true, nil
}
