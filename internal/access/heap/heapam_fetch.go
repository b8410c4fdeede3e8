// heapam_fetch.go: fetching the tuples an index scan points at (PG:
// heapam_handler.c's heapam_index_fetch_begin/_tuple/_end).
//
// A Fetcher serves one scan of one relation. It keeps the page of the last
// fetched tuple pinned, so that an index scan walking TIDs in physical
// order, as a scan of a table's primary key often does, looks each page up
// in the buffer pool once rather than once per tuple; and it decodes only
// the columns the scan reads, straight into the scan's batch.
//
// Concurrency: a Fetcher belongs to one goroutine. It share-locks the page
// only while it reads a tuple; the pin it keeps between calls holds off
// VACUUM's cleanup of that page, as PostgreSQL's does, until End.

package heap

import (
	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/storage"
	"github.com/loomdb/loomdb/internal/txn"
	"github.com/loomdb/loomdb/internal/vector"
)

// Fetcher fetches tuples of a relation by TID under a snapshot.
type Fetcher struct {
	// vm are the relation's visibility map bits as of the first fetch
	// (bits VACUUM sets later are not seen, which only costs fetches).
	vm   *storage.VisibilityBits
	bm   *storage.BufferManager
	loc  storage.RelFileLocator
	snap *txn.Snapshot
	def  *deformer
	buf  storage.Buffer
	blk  storage.BlockNumber
	err  error
	// usage counts the heap pages looked up (EXPLAIN's BUFFERS: PG counts
	// an index scan's heap accesses with its index accesses).
	usage storage.BufferUsage
}

// BeginFetch starts fetching tuples of rel visible to snap (nil: every
// tuple), decoding cols (0-based attribute numbers, table.CtidCol for the
// TID, NullCol for a NULL) onto the batches Fetch appends to.
func BeginFetch(st *storage.Storage, rel *table.Relation, snap *txn.Snapshot, cols []int) *Fetcher {
	f := &Fetcher{vm: st.VisibilityMapOf(rel.Locator()), bm: st.Buffers(), loc: rel.Locator(), snap: snap, buf: storage.InvalidBuffer}
	infos, err := attInfos(rel.Desc)
	if err == nil {
		f.def, err = newDeformer(infos, append([]int(nil), cols...))
	}
	f.err = err
	return f
}

// pin makes blk's page the pinned one.
func (f *Fetcher) pin(blk storage.BlockNumber) (bool, error) {
	if f.buf != storage.InvalidBuffer && f.blk == blk {
		return true, nil
	}
	f.release()
	buf, err := f.bm.ReadBuffer(f.loc, blk, nil, &f.usage)
	if err != nil {
		if storage.IsBeyondEOF(err) {
			return false, nil
		}
		return false, err
	}
	f.buf, f.blk = buf, blk
	return true, nil
}

// Usage returns the heap buffer accesses of the fetches so far.
func (f *Fetcher) Usage() storage.BufferUsage { return f.usage }

func (f *Fetcher) release() {
	if f.buf != storage.InvalidBuffer {
		f.bm.ReleaseBuffer(f.buf)
		f.buf = storage.InvalidBuffer
	}
}

// Fetch appends the tuple at tid to b if the snapshot sees it, and
// reports whether it did.
func (f *Fetcher) Fetch(tid table.TID, b *vector.Batch) (bool, error) {
	return f.fetch(tid, b)
}

// Visible reports whether the snapshot sees the tuple at tid.
func (f *Fetcher) Visible(tid table.TID) (bool, error) {
	return f.fetch(tid, nil)
}

// AllVisible reports whether every tuple on block blk is visible to every
// transaction (its visibility map bit), so that an index-only scan may
// skip the page.
func (f *Fetcher) AllVisible(blk uint32) bool {
	return f.vm.Test(storage.BlockNumber(blk))
}

func (f *Fetcher) fetch(tid table.TID, b *vector.Batch) (bool, error) {
	if f.err != nil {
		return false, f.err
	}
	ok, err := f.pin(tid.Block)
	if !ok || err != nil {
		return false, err
	}
	f.bm.LockBuffer(f.buf, storage.BufferLockShare)
	defer f.bm.UnlockBuffer(f.buf, storage.BufferLockShare)
	item, err := visibleItem(f.bm.Page(f.buf), tid, f.snap)
	if item == nil || err != nil {
		return false, err
	}
	if b != nil {
		if err := f.def.appendTo(item, tid, b); err != nil {
			return false, err
		}
		b.N++
	}
	return true, nil
}

// Reset releases the pinned page; the Fetcher stays usable (a rescan).
func (f *Fetcher) Reset() { f.release() }

// End releases the pinned page.
func (f *Fetcher) End() { f.release() }
