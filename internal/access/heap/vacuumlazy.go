// vacuumlazy.go: VACUUM of a heap relation (PG: access/heap/vacuumlazy.c,
// pruneheap.c).
//
// Each page is pruned under a cleanup lock (exclusive lock, no other pin):
// tuples dead to every snapshot (per Manager.OldestXmin) lose their storage
// and the page is compacted. Without indexes their line pointers become
// unused at once; with an index cleanup callback they first become dead,
// the callback removes their index entries, and a second pass makes them
// unused. Free space is recorded in the free space map, empty pages at the
// end are truncated away when no insert is in progress, and the page count
// and live tuple count are returned for pg_class.relpages/reltuples.
//
// Concurrency: runs concurrently with scans and inserts; pages it cannot
// get a cleanup lock on are counted but not pruned.
package heap

import (
	"context"
	"encoding/binary"

	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/storage"
	"github.com/loomdb/loomdb/internal/txn"
)

// VacuumOptions tunes VacuumWithOptions.
type VacuumOptions struct {
	// IndexCleanup, when set, is given the tids of removed tuples before
	// their line pointers are reused, so that index entries can go first.
	IndexCleanup func(ctx context.Context, dead []table.TID) error
}

// VacuumResult is what VACUUM found, for pg_class.
type VacuumResult struct {
	// Pages and Tuples are relpages and reltuples.
	Pages  uint32
	Tuples float64
	// AllVisible is relallvisible: pages whose every tuple is visible to
	// all transactions, running or future.
	AllVisible uint32
}

// Vacuum removes dead tuples from rel and returns its size in pages and its
// number of live tuples.
func Vacuum(ctx context.Context, st *storage.Storage, rel *table.Relation) (relpages uint32, reltuples float64, err error) {
	r, err := VacuumWithOptions(ctx, st, rel, VacuumOptions{})
	return r.Pages, r.Tuples, err
}

// VacuumWithOptions is Vacuum with options.
func VacuumWithOptions(ctx context.Context, st *storage.Storage, rel *table.Relation, opts VacuumOptions) (VacuumResult, error) {
	var res VacuumResult
	relpages, reltuples, allVisible, err := vacuumRel(ctx, st, rel, opts)
	if err != nil {
		return res, err
	}
	res.Pages, res.Tuples, res.AllVisible = relpages, reltuples, min(allVisible, relpages)
	return res, nil
}

func vacuumRel(ctx context.Context, st *storage.Storage, rel *table.Relation, opts VacuumOptions) (relpages uint32, reltuples float64, allVisible uint32, err error) {
	m := st.Txns()
	oldestXmin := m.OldestXmin()
	loc := rel.Locator()
	bm := st.Buffers()
	strategy := bm.NewStrategy(storage.Vacuum)
	nblocks, err := st.NBlocks(loc)
	if err != nil {
		return 0, 0, 0, err
	}
	var live float64
	nonEmptyEnd := uint32(0) // one past the last page that is not empty
	deadByBlock := map[uint32][]storage.OffsetNumber{}
	for blk := uint32(0); blk < nblocks; blk++ {
		if err := ctx.Err(); err != nil {
			return 0, 0, 0, pgerror.Convert(err)
		}
		buf, err := bm.ReadBuffer(loc, blk, strategy, nil)
		if err != nil {
			if storage.IsBeyondEOF(err) {
				nblocks = blk
				break
			}
			return 0, 0, 0, err
		}
		n, empty, allVis, dead, err := vacuumPage(st, buf, m, oldestXmin, opts.IndexCleanup != nil)
		bm.ReleaseBuffer(buf)
		if err != nil {
			return 0, 0, 0, err
		}
		live += n
		if allVis {
			allVisible++
		}
		if !empty {
			nonEmptyEnd = blk + 1
		}
		if len(dead) > 0 {
			deadByBlock[blk] = dead
		}
	}
	if len(deadByBlock) > 0 {
		n, err := vacuumIndexesAndHeap(ctx, st, rel, deadByBlock, opts, oldestXmin)
		if err != nil {
			return 0, 0, 0, err
		}
		allVisible += n
	}
	relpages = nblocks
	if nonEmptyEnd < nblocks {
		if n, ok, err := truncateEmptyTail(st, loc, nonEmptyEnd); err != nil {
			return 0, 0, 0, err
		} else if ok {
			relpages = n
		}
	}
	return relpages, live, allVisible, nil
}

// vacuumPage prunes one page. It returns the live tuples, whether the page
// is empty afterwards, whether every tuple left on it is visible to all
// (and no dead line pointer waits for the index pass), in which case its
// visibility map bit is set, and (with deferUnused) the offsets left dead
// for the index pass.
func vacuumPage(st *storage.Storage, buf storage.Buffer, m *txn.Manager, oldestXmin txn.XID, deferUnused bool) (float64, bool, bool, []storage.OffsetNumber, error) {
	bm := st.Buffers()
	page := bm.Page(buf)
	blk := bm.BlockNumber(buf)
	loc := bm.Tag(buf).Loc
	if !bm.ConditionalLockBufferForCleanup(buf) {
		// Someone holds a pin: count, but leave the page alone.
		bm.LockBuffer(buf, storage.BufferLockShare)
		defer bm.UnlockBuffer(buf, storage.BufferLockShare)
		live, empty, err := countPage(page, m, oldestXmin)
		return live, empty, false, nil, err
	}
	defer bm.UnlockBuffer(buf, storage.BufferLockExclusive)
	if page.IsNew() {
		st.RecordFreeSpace(loc, blk, storage.BlockSize-storage.SizeOfPageHeaderData)
		return 0, true, false, nil, nil
	}
	var live float64
	allVisible := true
	var dead, unused []storage.OffsetNumber
	maxoff := page.MaxOffsetNumber()
	for off := storage.FirstOffsetNumber; off <= maxoff; off++ {
		id := page.ItemID(off)
		switch id.Flags {
		case storage.LPUnused:
			continue
		case storage.LPDead:
			if !deferUnused {
				unused = append(unused, off)
			}
			continue
		case storage.LPRedirect:
			continue
		}
		item, err := page.Item(id)
		if err != nil {
			return 0, false, false, nil, err
		}
		if err := checkTupleHeader(item); err != nil {
			return 0, false, false, nil, err
		}
		switch satisfiesVacuum(tupleHeader(item), m, oldestXmin) {
		case vacDead:
			if deferUnused {
				dead = append(dead, off)
			} else {
				unused = append(unused, off)
			}
		case vacLive:
			live++
			// Visible to all: the inserter committed before every running
			// transaction began, and no one deleted it.
			allVisible = allVisible && tupleHeader(item).xmin() < oldestXmin
		case vacInsertInProgress, vacDeleteInProgress:
			live++
			allVisible = false
		default:
			allVisible = false
		}
	}
	if len(dead) > 0 || len(unused) > 0 {
		if err := applyPrune(page, dead, unused, !deferUnused); err != nil {
			return 0, false, false, nil, err
		}
		main := binary.LittleEndian.AppendUint16(nil, uint16(len(dead)))
		main = binary.LittleEndian.AppendUint16(main, uint16(len(unused)))
		for _, o := range dead {
			main = binary.LittleEndian.AppendUint16(main, o)
		}
		for _, o := range unused {
			main = binary.LittleEndian.AppendUint16(main, o)
		}
		truncate := byte(0)
		if !deferUnused {
			truncate = 1
		}
		main = append(main, truncate)
		page.SetPruneXID(0)
		rec := storage.NewXLogRecord(storage.RmgrHeap2, xlogHeap2Prune, txn.InvalidXID)
		rec.RegisterData(main)
		rec.RegisterBuffer(0, buf, storage.RegbufStandard)
		if _, err := st.XLogInsert(rec); err != nil {
			return 0, false, false, nil, err
		}
	}
	st.RecordFreeSpace(loc, blk, page.HeapFreeSpace())
	if deferUnused {
		// Existing dead line pointers also wait for the index pass.
		for off := storage.FirstOffsetNumber; off <= page.MaxOffsetNumber(); off++ {
			if page.ItemID(off).Flags == storage.LPDead && !containsOff(dead, off) {
				dead = append(dead, off)
			}
		}
	}
	// Dead line pointers still have index entries: an index-only scan
	// must visit the page until the index pass removes them.
	allVisible = allVisible && len(dead) == 0
	if allVisible {
		st.VisibilityMapSet(loc, blk)
	}
	return live, storage.PageIsEmpty(page), allVisible, dead, nil
}

func containsOff(offs []storage.OffsetNumber, off storage.OffsetNumber) bool {
	for _, o := range offs {
		if o == off {
			return true
		}
	}
	return false
}

// countPage counts a page's live tuples without changing it.
func countPage(page storage.Page, m *txn.Manager, oldestXmin txn.XID) (float64, bool, error) {
	if page.IsNew() {
		return 0, true, nil
	}
	var live float64
	maxoff := page.MaxOffsetNumber()
	for off := storage.FirstOffsetNumber; off <= maxoff; off++ {
		id := page.ItemID(off)
		if !id.IsNormal() {
			continue
		}
		item, err := page.Item(id)
		if err != nil {
			return 0, false, err
		}
		if err := checkTupleHeader(item); err != nil {
			return 0, false, err
		}
		switch satisfiesVacuum(tupleHeader(item), m, oldestXmin) {
		case vacLive, vacInsertInProgress, vacDeleteInProgress:
			live++
		}
	}
	return live, storage.PageIsEmpty(page), nil
}

// vacuumIndexesAndHeap runs the index cleanup callback, then frees the dead
// line pointers (lazy_vacuum_heap_rel).
func vacuumIndexesAndHeap(ctx context.Context, st *storage.Storage, rel *table.Relation, deadByBlock map[uint32][]storage.OffsetNumber, opts VacuumOptions, oldestXmin txn.XID) (allVisible uint32, err error) {
	var tids []table.TID
	for blk, offs := range deadByBlock {
		for _, o := range offs {
			tids = append(tids, table.TID{Block: blk, Offset: o})
		}
	}
	if err := opts.IndexCleanup(ctx, tids); err != nil {
		return 0, err
	}
	bm := st.Buffers()
	loc := rel.Locator()
	for blk, offs := range deadByBlock {
		buf, err := bm.ReadBuffer(loc, blk, nil, nil)
		if err != nil {
			return 0, err
		}
		bm.LockBuffer(buf, storage.BufferLockExclusive)
		page := bm.Page(buf)
		err = applyVacuum(page, offs)
		if err == nil {
			main := binary.LittleEndian.AppendUint16(nil, uint16(len(offs)))
			for _, o := range offs {
				main = binary.LittleEndian.AppendUint16(main, o)
			}
			rec := storage.NewXLogRecord(storage.RmgrHeap2, xlogHeap2Vacuum, txn.InvalidXID)
			rec.RegisterData(main)
			rec.RegisterBuffer(0, buf, storage.RegbufStandard)
			_, err = st.XLogInsert(rec)
			st.RecordFreeSpace(loc, blk, page.HeapFreeSpace())
		}
		if err == nil {
			// With its dead line pointers gone the page may now be
			// all-visible (PG: lazy_vacuum_heap_page).
			var all bool
			if all, err = pageAllVisible(page, st.Txns(), oldestXmin); err == nil && all {
				st.VisibilityMapSet(loc, blk)
				allVisible++
			}
		}
		bm.UnlockReleaseBuffer(buf, storage.BufferLockExclusive)
		if err != nil {
			return 0, err
		}
	}
	return allVisible, nil
}

// pageAllVisible reports whether every tuple on page is visible to every
// transaction and no dead line pointer is left (PG:
// heap_page_is_all_visible).
func pageAllVisible(page storage.Page, m *txn.Manager, oldestXmin txn.XID) (bool, error) {
	if page.IsNew() {
		return false, nil
	}
	maxoff := page.MaxOffsetNumber()
	for off := storage.FirstOffsetNumber; off <= maxoff; off++ {
		id := page.ItemID(off)
		switch id.Flags {
		case storage.LPUnused, storage.LPRedirect:
			continue
		case storage.LPDead:
			return false, nil
		}
		item, err := page.Item(id)
		if err != nil {
			return false, err
		}
		if err := checkTupleHeader(item); err != nil {
			return false, err
		}
		h := tupleHeader(item)
		if satisfiesVacuum(h, m, oldestXmin) != vacLive || h.xmin() >= oldestXmin {
			return false, nil
		}
	}
	return true, nil
}

// truncateEmptyTail cuts empty pages off the end of the relation, down to
// keep pages, when no insert is in progress (lazy_truncate_heap). It returns
// the new size and whether it truncated.
func truncateEmptyTail(st *storage.Storage, loc storage.RelFileLocator, keep uint32) (uint32, bool, error) {
	lock := st.TruncationLock(loc)
	if !lock.TryLock() {
		return 0, false, nil
	}
	defer lock.Unlock()
	bm := st.Buffers()
	nblocks, err := st.NBlocks(loc)
	if err != nil {
		return 0, false, err
	}
	// Recheck from the end: pages may have been filled since the scan.
	newEnd := nblocks
	for newEnd > keep {
		blk := newEnd - 1
		buf, err := bm.ReadBuffer(loc, blk, nil, nil)
		if err != nil {
			return 0, false, err
		}
		ok := bm.ConditionalLockBufferForCleanup(buf)
		empty := false
		if ok {
			empty = storage.PageIsEmpty(bm.Page(buf))
			bm.UnlockBuffer(buf, storage.BufferLockExclusive)
		}
		bm.ReleaseBuffer(buf)
		if !ok || !empty {
			break
		}
		newEnd = blk
	}
	if newEnd == nblocks {
		return nblocks, false, nil
	}
	if err := st.TruncateRelation(loc, newEnd); err != nil {
		return 0, false, err
	}
	return newEnd, true, nil
}
