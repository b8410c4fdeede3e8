// nbtinsert.go: inserting entries, uniqueness checks, page splits and
// new roots (PG: access/nbtree/nbtinsert.c).
//
// An insert descends to its leaf with an exclusive lock on it (the heap TID
// is part of the key, so there is exactly one right place). A unique index
// first looks at every entry with an equal key, fetching its heap tuple with
// a dirty snapshot: a live one is a violation, one whose inserter or deleter
// is still running is waited for (without holding any lock) before the
// descent starts over. When the page has no room, it is deduplicated first
// if possible, else split: the split point comes from nbtsplitloc.go, the
// left half stays in place, the right half goes to a new page, and the left
// page is flagged INCOMPLETE_SPLIT until the new right page's downlink is in
// the parent. The split and the parent insertion are separate WAL records; a
// crash between them leaves a flagged page that the next insertion passing
// by completes (_bt_finish_split), and searches are correct meanwhile
// because they follow right links.
//
// Concurrency: locks are taken bottom-up (a child before its parent) and
// left to right (a page before its right sibling); the metapage comes last.
// Readers hold one page lock at a time, so no cycle of waits can form.
package nbtree

import (
	"context"

	"github.com/loomdb/loomdb/internal/access/heap"
	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/storage"
	"github.com/loomdb/loomdb/internal/txn"
	"github.com/loomdb/loomdb/internal/types"
)

const excl = storage.BufferLockExclusive

// testHookBeforeParentInsert, when set by a test, runs between a page split
// and the insertion of its downlink; an error abandons the insertion there,
// as a crash at that moment would.
var testHookBeforeParentInsert func() error

// insertState is BTInsertStateData: the new tuple and where it goes.
type insertState struct {
	itup        itup
	itemsz      int
	key         *insKey
	buf         storage.Buffer
	boundsValid bool
	low         storage.OffsetNumber
	stricthigh  storage.OffsetNumber
	postingoff  int
	// probe makes checkUnique report the first live equal entry's heap
	// TID in conflict instead of failing, for FindConflict.
	probe    bool
	conflict table.TID
}

// doInsert implements Insert (_bt_doinsert).
func (r *rel) doInsert(ctx context.Context, tx *txn.Txn, heapRel *table.Relation, values []types.Datum, tid table.TID) error {
	if !tid.IsValid() {
		return pgerror.Internal("invalid heap tid %s for index \"%s\"", tid, r.idx.Name)
	}
	t, err := r.d.formTuple(values, tid)
	if err != nil {
		return err
	}
	if err := r.checkItemSize(t, true); err != nil {
		return err
	}
	key := r.d.mkScanKey(values)
	checkingUnique := r.idx.Unique && !key.anyNullKey
	if checkingUnique && (tx == nil || heapRel == nil) {
		return pgerror.Internal("unique index \"%s\" needs a transaction and its table to check insertions", r.idx.Name)
	}
	tidCopy := tid
	if !checkingUnique {
		key.scantid = &tidCopy
	}
	st := &insertState{itup: t, itemsz: storage.MaxAlignOf(t.size()), key: key}
	for {
		key.scantid = nil
		if !checkingUnique {
			key.scantid = &tidCopy
		}
		stack, buf, err := r.search(key, excl)
		if err != nil {
			return err
		}
		st.buf, st.boundsValid, st.postingoff = buf, false, 0
		uniqueDup := false
		if checkingUnique {
			xwait, dup, err := r.checkUnique(st, heapRel, tx, values)
			if err != nil {
				r.relBuf(st.buf, excl)
				return err
			}
			if xwait != txn.InvalidXID {
				r.relBuf(st.buf, excl)
				if err := tx.Manager().WaitForXID(ctx, tx, xwait); err != nil {
					return err
				}
				continue
			}
			uniqueDup = dup
			key.scantid = &tidCopy
		}
		off, err := r.findInsertLoc(st, checkingUnique, uniqueDup, stack)
		if err != nil {
			return err
		}
		return r.insertOnPage(st.buf, storage.InvalidBuffer, stack, st.itup, st.itemsz, off, st.postingoff, false)
	}
}

// FindConflict returns the heap TID of a live row of heapRel, as a dirty
// snapshot sees it on behalf of tx, whose key in the unique index idx
// equals values (nil for NULL: a key with a NULL conflicts with nothing);
// a row whose inserter or deleter is still running is waited for first
// (PG: check_exclusion_or_unique_constraint for INSERT ... ON CONFLICT).
func FindConflict(ctx context.Context, st *storage.Storage, tx *txn.Txn, idx *Index, heapRel *table.Relation, values []types.Datum) (table.TID, bool, error) {
	d, err := idx.tupDesc()
	if err != nil {
		return table.TID{}, false, err
	}
	r := newRel(st, idx, d, nil)
	key := r.d.mkScanKey(values)
	if key.anyNullKey {
		return table.TID{}, false, nil
	}
	for {
		if err := ctx.Err(); err != nil {
			return table.TID{}, false, pgerror.Convert(err)
		}
		_, buf, err := r.search(key, storage.BufferLockShare)
		if err != nil || buf == storage.InvalidBuffer {
			// An index without a root has no entries.
			return table.TID{}, false, err
		}
		ist := &insertState{key: key, buf: buf, probe: true}
		xwait, found, err := r.checkUnique(ist, heapRel, tx, values)
		r.relBuf(ist.buf, storage.BufferLockShare)
		if err != nil {
			return table.TID{}, false, err
		}
		if xwait != txn.InvalidXID {
			if err := tx.Manager().WaitForXID(ctx, tx, xwait); err != nil {
				return table.TID{}, false, err
			}
			continue
		}
		if found && ist.conflict.IsValid() {
			return ist.conflict, true, nil
		}
		return table.TID{}, false, nil
	}
}

// checkUnique looks for live entries equal to the new key
// (_bt_check_unique). It returns the transaction to wait for, if any, and
// whether equal entries exist at all. st.buf stays locked; pages to its
// right are share-locked one at a time while it looks at them.
func (r *rel) checkUnique(st *insertState, heapRel *table.Relation, tx *txn.Txn, values []types.Datum) (txn.XID, bool, error) {
	page := r.bm.Page(st.buf)
	maxoff := page.MaxOffsetNumber()
	offset, err := r.binsrchInsert(st)
	if err != nil {
		return 0, false, err
	}
	var nbuf storage.Buffer
	defer func() {
		if nbuf != storage.InvalidBuffer {
			r.relBuf(nbuf, storage.BufferLockShare)
		}
	}()
	found := false
	inposting := false
	curposti := 0
	var curitup itup
	g := stepGuard{r: r}
	for {
		if offset <= maxoff {
			if nbuf == storage.InvalidBuffer && offset == st.stricthigh {
				break // cached bounds: no (more) duplicates on this page
			}
			if !inposting {
				c, err := r.d.compare(st.key, page, offset)
				if err != nil {
					return 0, false, err
				}
				if c != 0 {
					break
				}
				if curitup, err = getItem(page, offset, r.d.nkeys); err != nil {
					return 0, false, err
				}
			}
			var htid table.TID
			switch {
			case !curitup.isPosting():
				htid = curitup.tid()
			case !inposting:
				inposting, curposti = true, 0
				htid = curitup.postingN(0)
			default:
				htid = curitup.postingN(curposti)
			}
			found = true
			res, err := heap.FetchDirty(r.st, heapRel, htid, tx)
			if err != nil {
				return 0, false, err
			}
			if res.Visible {
				if res.Xmin != txn.InvalidXID {
					return res.Xmin, true, nil
				}
				if res.Xmax != txn.InvalidXID {
					return res.Xmax, true, nil
				}
				if st.probe {
					st.conflict = htid
					return 0, true, nil
				}
				return 0, true, pgerror.Newf(pgerror.UniqueViolation, "duplicate key value violates unique constraint \"%s\"", r.idx.Name).
					WithDetail("Key %s already exists.", r.d.describeKey(values))
			}
		}
		switch {
		case inposting && curposti < curitup.nPosting()-1:
			curposti++
			continue
		case offset < maxoff:
			curposti, inposting = 0, false
			offset++
			continue
		}
		// End of page: if the key equals the high key, equal entries may
		// continue on the right sibling.
		if isRightmost(page) {
			break
		}
		c, err := r.d.compare(st.key, page, pHikey)
		if err != nil {
			return 0, false, err
		}
		if c != 0 {
			break
		}
		for {
			if err := g.step(); err != nil {
				return 0, false, err
			}
			next := btNext(page)
			if nbuf != storage.InvalidBuffer {
				r.relBuf(nbuf, storage.BufferLockShare)
				nbuf = storage.InvalidBuffer
			}
			if nbuf, err = r.getBuf(next, storage.BufferLockShare); err != nil {
				nbuf = storage.InvalidBuffer
				return 0, false, err
			}
			page = r.bm.Page(nbuf)
			if !ignore(page) {
				break
			}
			if isRightmost(page) {
				return 0, false, r.errFellOff()
			}
		}
		curposti, inposting = 0, false
		maxoff = page.MaxOffsetNumber()
		offset = firstDataKey(page)
	}
	return 0, found, nil
}

// binsrchInsert finds the new tuple's offset on the leaf st.buf, reusing
// and saving search bounds, and notes a posting list whose TID range the
// new TID falls in (_bt_binsrch_insert).
func (r *rel) binsrchInsert(st *insertState) (storage.OffsetNumber, error) {
	page := r.bm.Page(st.buf)
	k := st.key
	var low, high storage.OffsetNumber
	if !st.boundsValid {
		low, high = firstDataKey(page), page.MaxOffsetNumber()
	} else {
		low, high = st.low, st.stricthigh
	}
	if high < low {
		st.boundsValid = false
		st.low, st.stricthigh = 0, 0
		return low, nil
	}
	if !st.boundsValid {
		high++
	}
	stricthigh := high
	for high > low {
		mid := low + (high-low)/2
		c, err := r.d.compare(k, page, mid)
		if err != nil {
			return 0, err
		}
		if c >= 1 {
			low = mid + 1
		} else {
			high = mid
			if c != 0 {
				stricthigh = high
			}
		}
		if c == 0 && k.scantid != nil {
			if st.postingoff != 0 {
				return 0, corrupt("table tid from new index tuple %s cannot find insert offset between offsets %d and %d of block %d in index \"%s\"",
					*k.scantid, low, stricthigh, r.bm.BlockNumber(st.buf), r.idx.Name)
			}
			po, err := r.binsrchPosting(k, page, mid)
			if err != nil {
				return 0, err
			}
			st.postingoff = po
		}
	}
	st.low, st.stricthigh, st.boundsValid = low, stricthigh, true
	return low, nil
}

// binsrchPosting returns the position of scantid within the posting list
// at off, or 0 when off holds no posting list (_bt_binsrch_posting).
func (r *rel) binsrchPosting(k *insKey, page storage.Page, off storage.OffsetNumber) (int, error) {
	t, err := getItem(page, off, r.d.nkeys)
	if err != nil {
		return 0, err
	}
	if !t.isPosting() {
		return 0, nil
	}
	low, high := 0, t.nPosting()
	for high > low {
		mid := low + (high-low)/2
		c := cmpTID(*k.scantid, t.postingN(mid))
		switch {
		case c > 0:
			low = mid + 1
		case c < 0:
			high = mid
		default:
			return 0, corrupt("index \"%s\" already contains heap tid %s", r.idx.Name, *k.scantid)
		}
	}
	return low, nil
}

// findInsertLoc settles on the page and offset for the new tuple, moving
// right in a unique index if the heap TID requires it, and deduplicating a
// full page to avoid a split (_bt_findinsertloc). On error st.buf has been
// released.
func (r *rel) findInsertLoc(st *insertState, checkingUnique, uniqueDup bool, stack *stackEntry) (storage.OffsetNumber, error) {
	page := r.bm.Page(st.buf)
	if checkingUnique {
		if st.boundsValid && st.low < st.stricthigh {
			uniqueDup = true
		}
		for {
			if st.boundsValid && st.low <= st.stricthigh && st.stricthigh <= page.MaxOffsetNumber() {
				break
			}
			if isRightmost(page) {
				break
			}
			c, err := r.d.compare(st.key, page, pHikey)
			if err != nil {
				r.relBuf(st.buf, excl)
				return 0, err
			}
			if c <= 0 {
				break
			}
			if err := r.stepRight(st, stack); err != nil {
				return 0, err
			}
			page = r.bm.Page(st.buf)
			uniqueDup = true
		}
	}
	if page.FreeSpace() < st.itemsz {
		if err := r.deleteOrDedup(st, checkingUnique, uniqueDup); err != nil {
			r.relBuf(st.buf, excl)
			return 0, err
		}
	}
	off, err := r.binsrchInsert(st)
	if err != nil {
		r.relBuf(st.buf, excl)
		return 0, err
	}
	return off, nil
}

// stepRight moves the insertion to the right sibling, locking it before
// releasing the current page and finishing its split if it is incomplete
// (_bt_stepright). On error st.buf has been released.
func (r *rel) stepRight(st *insertState, stack *stackEntry) error {
	page := r.bm.Page(st.buf)
	next := btNext(page)
	g := stepGuard{r: r}
	for {
		rbuf, err := r.getBuf(next, excl)
		if err != nil {
			r.relBuf(st.buf, excl)
			return err
		}
		rpage := r.bm.Page(rbuf)
		if incompleteSplit(rpage) {
			if err := r.finishSplit(rbuf, stack); err != nil {
				r.relBuf(st.buf, excl)
				return err
			}
			continue
		}
		if !ignore(rpage) {
			r.relBuf(st.buf, excl)
			st.buf = rbuf
			st.boundsValid = false
			return nil
		}
		if isRightmost(rpage) {
			r.relBuf(rbuf, excl)
			r.relBuf(st.buf, excl)
			return r.errFellOff()
		}
		next = btNext(rpage)
		r.relBuf(rbuf, excl)
		if err := g.step(); err != nil {
			r.relBuf(st.buf, excl)
			return err
		}
	}
}

// deleteOrDedup tries to make room on a full leaf without splitting it
// (_bt_delete_or_dedup_one_page). loomdb has no LP_DEAD hints or bottom-up
// deletion, so this is the deduplication pass alone.
func (r *rel) deleteOrDedup(st *insertState, checkingUnique, uniqueDup bool) error {
	if checkingUnique && !uniqueDup {
		return nil
	}
	st.boundsValid = false
	if !r.d.deduplicate(r.idx) {
		return nil
	}
	return r.dedupPass(st.buf, st.itup, st.itemsz, uniqueDup)
}

// insertOnPage inserts t at off on buf, splitting the page when it is
// full, then releases buf (_bt_insertonpg). For internal pages cbuf is the
// child whose split this insertion completes; it is released too. A
// non-zero postingoff means t's heap TID falls inside the posting list at
// off: the two swap TIDs (_bt_swap_posting) and t goes right after it.
func (r *rel) insertOnPage(buf, cbuf storage.Buffer, stack *stackEntry, t itup, itemsz int, off storage.OffsetNumber, postingoff int, isOnly bool) error {
	page := r.bm.Page(buf)
	leaf := isLeaf(page)
	root := isRoot(page)
	release := func() {
		if cbuf != storage.InvalidBuffer {
			r.relBuf(cbuf, excl)
		}
		r.relBuf(buf, excl)
	}
	var origItem, nposting, oposting itup
	if postingoff != 0 {
		var err error
		if oposting, err = getItem(page, off, r.d.nkeys); err != nil {
			release()
			return err
		}
		origItem = t
		t = copyTuple(t)
		if nposting, err = swapPosting(t, oposting, postingoff); err != nil {
			release()
			return err
		}
		off++
	}
	if page.FreeSpace() < itemsz {
		rbuf, err := r.split(buf, cbuf, off, itemsz, t, origItem, nposting, postingoff)
		if err != nil {
			r.relBuf(buf, excl)
			return err
		}
		return r.insertParent(buf, rbuf, stack, root, isOnly)
	}
	if postingoff != 0 {
		copy(oposting, nposting)
	}
	if !pageAddItemAt(page, t[:itemsz], off) {
		release()
		return pgerror.Internal("failed to add new item to block %d in index \"%s\"", r.bm.BlockNumber(buf), r.idx.Name)
	}
	if !leaf {
		cpage := r.bm.Page(cbuf)
		setBtFlags(cpage, btFlags(cpage)&^btpIncompleteSplit)
	}
	err := r.logInsert(buf, leaf, off, t[:itemsz], origItem, postingoff, cbuf)
	release()
	return err
}

// split splits the full page buf, putting newitem where it belongs
// (_bt_split). It returns the new right page, locked; buf stays locked and
// now holds the left half. cbuf (internal pages) is released. On error buf
// is still locked and unchanged, and cbuf has been released.
func (r *rel) split(buf, cbuf storage.Buffer, newitemoff storage.OffsetNumber, newitemsz int, newitem, orignewitem, nposting itup, postingoff int) (storage.Buffer, error) {
	d := r.d
	relChild := func() {
		if cbuf != storage.InvalidBuffer {
			r.relBuf(cbuf, excl)
		}
	}
	origpage := r.bm.Page(buf)
	leaf := isLeaf(origpage)
	rightmost := isRightmost(origpage)
	maxoff := origpage.MaxOffsetNumber()
	origblk := r.bm.BlockNumber(buf)
	firstrightoff, newitemonleft, err := r.findSplitLoc(origpage, newitemoff, newitemsz, newitem)
	if err != nil {
		relChild()
		return storage.InvalidBuffer, err
	}
	leftpage := make(storage.Page, storage.BlockSize)
	pageInit(leftpage)
	setBtFlags(leftpage, btFlags(origpage)&^(btpRoot|btpSplitEnd|btpHasGarbage)|btpIncompleteSplit)
	setBtPrev(leftpage, btPrev(origpage))
	setBtLevel(leftpage, btLevel(origpage))
	leftpage.SetLSN(origpage.LSN())

	var origpagepostingoff storage.OffsetNumber
	if postingoff != 0 {
		origpagepostingoff = newitemoff - 1
	}
	item := func(off storage.OffsetNumber) (itup, error) {
		if off == origpagepostingoff {
			return nposting, nil
		}
		return getItem(origpage, off, d.nkeys)
	}
	var firstright itup
	if !newitemonleft && newitemoff == firstrightoff {
		firstright = newitem
	} else if firstright, err = item(firstrightoff); err != nil {
		relChild()
		return storage.InvalidBuffer, err
	}
	lefthighkey := firstright
	if leaf {
		var lastleft itup
		if newitemonleft && newitemoff == firstrightoff {
			lastleft = newitem
		} else if lastleft, err = item(firstrightoff - 1); err != nil {
			relChild()
			return storage.InvalidBuffer, err
		}
		if lefthighkey, err = d.truncate(lastleft, firstright); err != nil {
			relChild()
			return storage.InvalidBuffer, err
		}
	}
	fail := func(err error) (storage.Buffer, error) {
		relChild()
		return storage.InvalidBuffer, err
	}
	add := func(p storage.Page, t itup, off storage.OffsetNumber, newFirst bool) error {
		if err := sortAddTup(p, t[:t.size()], off, newFirst); err != nil {
			return pgerror.Internal("failed to add item while splitting block %d of index \"%s\"", origblk, r.idx.Name)
		}
		return nil
	}
	afterleft := pHikey
	if err := add(leftpage, lefthighkey, afterleft, false); err != nil {
		return fail(err)
	}
	afterleft++

	rbuf, rblk, err := r.newPage()
	if err != nil {
		return fail(err)
	}
	rightpage := r.bm.Page(rbuf)
	abandon := func(err error) (storage.Buffer, error) {
		clear(rightpage)
		r.relBuf(rbuf, excl)
		return fail(err)
	}
	setBtNext(leftpage, rblk)
	setBtFlags(rightpage, btFlags(origpage)&^(btpRoot|btpSplitEnd|btpHasGarbage))
	setBtPrev(rightpage, origblk)
	setBtNext(rightpage, btNext(origpage))
	setBtLevel(rightpage, btLevel(origpage))
	afterright := pHikey
	if !rightmost {
		hk, err := getItem(origpage, pHikey, d.nkeys)
		if err != nil {
			return abandon(err)
		}
		if err := add(rightpage, hk, afterright, false); err != nil {
			return abandon(err)
		}
		afterright++
	}
	var minusinfoff storage.OffsetNumber
	if !leaf {
		minusinfoff = afterright
	}
	i := firstDataKey(origpage)
	for ; i <= maxoff; i++ {
		dataitem, err := item(i)
		if err != nil {
			return abandon(err)
		}
		if i != origpagepostingoff && i == newitemoff {
			if newitemonleft {
				if err := add(leftpage, newitem, afterleft, false); err != nil {
					return abandon(err)
				}
				afterleft++
			} else {
				if err := add(rightpage, newitem, afterright, afterright == minusinfoff); err != nil {
					return abandon(err)
				}
				afterright++
			}
		}
		if i < firstrightoff {
			if err := add(leftpage, dataitem, afterleft, false); err != nil {
				return abandon(err)
			}
			afterleft++
		} else {
			if err := add(rightpage, dataitem, afterright, afterright == minusinfoff); err != nil {
				return abandon(err)
			}
			afterright++
		}
	}
	if i <= newitemoff {
		// The new item goes at the end of the right page.
		if err := add(rightpage, newitem, afterright, afterright == minusinfoff); err != nil {
			return abandon(err)
		}
	}
	var sbuf storage.Buffer
	if !rightmost {
		if sbuf, err = r.getBuf(btNext(origpage), excl); err != nil {
			return abandon(err)
		}
		if sp := r.bm.Page(sbuf); btPrev(sp) != origblk {
			r.relBuf(sbuf, excl)
			return abandon(corrupt("right sibling's left-link doesn't match: block %d links to %d instead of expected %d in index \"%s\"",
				btNext(origpage), btPrev(sp), origblk, r.idx.Name))
		}
	}
	// From here on nothing fails before the WAL record.
	copy(origpage, leftpage)
	if sbuf != storage.InvalidBuffer {
		setBtPrev(r.bm.Page(sbuf), rblk)
	}
	if !leaf {
		cpage := r.bm.Page(cbuf)
		setBtFlags(cpage, btFlags(cpage)&^btpIncompleteSplit)
	}
	rec := storage.NewXLogRecord(storage.RmgrBtree, xlogBtreeSplitL, 0)
	rec.RegisterBuffer(0, buf, storage.RegbufForceImage|storage.RegbufStandard)
	rec.RegisterBuffer(1, rbuf, storage.RegbufForceImage|storage.RegbufStandard)
	if sbuf != storage.InvalidBuffer {
		rec.RegisterBuffer(2, sbuf, storage.RegbufStandard)
	}
	if !leaf {
		rec.RegisterBuffer(3, cbuf, storage.RegbufStandard)
	}
	_, err = r.st.XLogInsert(rec)
	if sbuf != storage.InvalidBuffer {
		r.relBuf(sbuf, excl)
	}
	relChild()
	if err != nil {
		r.relBuf(rbuf, excl)
		return storage.InvalidBuffer, err
	}
	return rbuf, nil
}

// insertParent inserts the downlink for the new right page rbuf into the
// parent of buf, or makes a new root when buf was the root
// (_bt_insert_parent). Both buffers are released.
func (r *rel) insertParent(buf, rbuf storage.Buffer, stack *stackEntry, isRoot, isOnly bool) error {
	if testHookBeforeParentInsert != nil {
		if err := testHookBeforeParentInsert(); err != nil {
			r.relBuf(rbuf, excl)
			r.relBuf(buf, excl)
			return err
		}
	}
	if isRoot {
		rootbuf, err := r.newRoot(buf, rbuf)
		if err == nil {
			r.relBuf(rootbuf, excl)
		}
		r.relBuf(rbuf, excl)
		r.relBuf(buf, excl)
		return err
	}
	bknum := r.bm.BlockNumber(buf)
	rbknum := r.bm.BlockNumber(rbuf)
	page := r.bm.Page(buf)
	if stack == nil {
		// The root split after our descent: find the leftmost page of the
		// level above and search from there.
		pbuf, err := r.getEndpoint(btLevel(page)+1, false)
		if err == nil && pbuf == storage.InvalidBuffer {
			err = corrupt("index \"%s\": no parent level above block %d", r.idx.Name, bknum)
		}
		if err != nil {
			r.relBuf(rbuf, excl)
			r.relBuf(buf, excl)
			return err
		}
		stack = &stackEntry{blk: r.bm.BlockNumber(pbuf)}
		r.relBuf(pbuf, storage.BufferLockShare)
	}
	hk, err := getItem(page, pHikey, r.d.nkeys)
	if err != nil {
		r.relBuf(rbuf, excl)
		r.relBuf(buf, excl)
		return err
	}
	newItem := copyTuple(hk)
	newItem.setDownlink(rbknum)
	pbuf, err := r.getStackBuf(stack, bknum)
	r.relBuf(rbuf, excl)
	if err == nil && pbuf == storage.InvalidBuffer {
		err = corrupt("failed to re-find parent key in index \"%s\" for split pages %d/%d", r.idx.Name, bknum, rbknum)
	}
	if err != nil {
		r.relBuf(buf, excl)
		return err
	}
	return r.insertOnPage(pbuf, buf, stack.parent, newItem, storage.MaxAlignOf(newItem.size()), stack.off+1, 0, isOnly)
}

// getStackBuf locks exclusively the parent page holding the downlink to
// child, following right links if it moved, and finishing an incomplete
// split of the parent first (_bt_getstackbuf). It updates stack to where
// the downlink is now; InvalidBuffer means it was not found.
func (r *rel) getStackBuf(stack *stackEntry, child uint32) (storage.Buffer, error) {
	blk := stack.blk
	start := stack.off
	g := stepGuard{r: r}
	for {
		buf, err := r.getBuf(blk, excl)
		if err != nil {
			return storage.InvalidBuffer, err
		}
		page := r.bm.Page(buf)
		if incompleteSplit(page) {
			if err := r.finishSplit(buf, stack.parent); err != nil {
				return storage.InvalidBuffer, err
			}
			continue
		}
		if !ignore(page) {
			minoff, maxoff := firstDataKey(page), page.MaxOffsetNumber()
			if start < minoff {
				start = minoff
			}
			if start > maxoff {
				start = maxoff + 1
			}
			for off := start; off <= maxoff; off++ {
				t, err := getItem(page, off, r.d.nkeys)
				if err != nil {
					r.relBuf(buf, excl)
					return storage.InvalidBuffer, err
				}
				if t.downlink() == child {
					stack.blk, stack.off = blk, off
					return buf, nil
				}
			}
			for off := start - 1; off >= minoff && off > 0; off-- {
				t, err := getItem(page, off, r.d.nkeys)
				if err != nil {
					r.relBuf(buf, excl)
					return storage.InvalidBuffer, err
				}
				if t.downlink() == child {
					stack.blk, stack.off = blk, off
					return buf, nil
				}
			}
		}
		if isRightmost(page) {
			r.relBuf(buf, excl)
			return storage.InvalidBuffer, nil
		}
		blk = btNext(page)
		start = 0
		r.relBuf(buf, excl)
		if err := g.step(); err != nil {
			return storage.InvalidBuffer, err
		}
	}
}

// newRoot makes a new root above the two halves of the old root
// (_bt_newroot) and returns it locked.
func (r *rel) newRoot(lbuf, rbuf storage.Buffer) (storage.Buffer, error) {
	lbkno, rbkno := r.bm.BlockNumber(lbuf), r.bm.BlockNumber(rbuf)
	lpage := r.bm.Page(lbuf)
	hk, err := getItem(lpage, pHikey, r.d.nkeys)
	if err != nil {
		return storage.InvalidBuffer, err
	}
	rootbuf, rootblk, err := r.newPage()
	if err != nil {
		return storage.InvalidBuffer, err
	}
	mbuf, err := r.getMetaBuf(excl)
	if err != nil {
		clear(r.bm.Page(rootbuf))
		r.relBuf(rootbuf, excl)
		return storage.InvalidBuffer, err
	}
	defer r.relBuf(mbuf, excl)
	root := r.bm.Page(rootbuf)
	level := btLevel(lpage) + 1
	setBtFlags(root, btpRoot)
	setBtLevel(root, level)
	rightItem := copyTuple(hk)
	rightItem.setDownlink(rbkno)
	if !pageAddItemAt(root, minusInfinity(lbkno), pHikey) || !pageAddItemAt(root, rightItem, pFirstKey) {
		clear(root)
		r.relBuf(rootbuf, excl)
		return storage.InvalidBuffer, pgerror.Internal("failed to add items to new root page of index \"%s\"", r.idx.Name)
	}
	setBtFlags(lpage, btFlags(lpage)&^btpIncompleteSplit)
	setMetaRoot(r.bm.Page(mbuf), rootblk, level)
	rec := storage.NewXLogRecord(storage.RmgrBtree, xlogBtreeNewRoot, 0)
	rec.RegisterBuffer(0, rootbuf, storage.RegbufForceImage|storage.RegbufStandard)
	rec.RegisterBuffer(1, lbuf, storage.RegbufStandard)
	rec.RegisterBuffer(2, mbuf, storage.RegbufForceImage|storage.RegbufStandard)
	if _, err := r.st.XLogInsert(rec); err != nil {
		r.relBuf(rootbuf, excl)
		return storage.InvalidBuffer, err
	}
	r.idx.root.Store(nil)
	return rootbuf, nil
}

// finishSplit inserts the missing downlink of lbuf's right sibling after a
// crash interrupted a split (_bt_finish_split). lbuf is exclusively locked
// and is released.
func (r *rel) finishSplit(lbuf storage.Buffer, stack *stackEntry) error {
	lpage := r.bm.Page(lbuf)
	rbuf, err := r.getBuf(btNext(lpage), excl)
	if err != nil {
		r.relBuf(lbuf, excl)
		return err
	}
	wasRoot := false
	if stack == nil {
		mbuf, err := r.getMetaBuf(excl)
		if err != nil {
			r.relBuf(rbuf, excl)
			r.relBuf(lbuf, excl)
			return err
		}
		wasRoot = readMeta(r.bm.Page(mbuf)).root == r.bm.BlockNumber(lbuf)
		r.relBuf(mbuf, excl)
	}
	wasOnly := isLeftmost(lpage) && isRightmost(r.bm.Page(rbuf))
	return r.insertParent(lbuf, rbuf, stack, wasRoot, wasOnly)
}
