// nbtsort.go: building an index bottom-up from sorted entries (PG:
// access/nbtree/nbtsort.c, nbtdedup.c's _bt_dedup_save_htid and friends).
//
// The heap is read once; entries are sorted by key (per column ASC/DESC and
// NULLS FIRST/LAST) and then heap TID, and laid out left to right, level by
// level, exactly as _bt_load does: a leaf page is finished once its free
// space drops below the fillfactor target (10% of the page by default, 30%
// for internal pages); its last item moves to a new page and a truncated
// copy becomes its high key, and the page's low key goes up to the parent
// level as its downlink. With deduplication, runs of equal keys are merged
// into posting lists of at most 812 bytes first. Block numbers are handed
// out in the same order as PostgreSQL's, so the files match page for page.
//
// Pages are written through the buffer pool as they are finished (not
// necessarily in block order: the file is extended with empty pages up to a
// page's block first), each WAL-logged as a full-page image; the metapage
// comes last.
//
// Concurrency: the index is new and invisible to others while it is built.
package nbtree

import (
	"cmp"
	"context"
	"math"
	"slices"

	"github.com/loomdb/loomdb/internal/access/heap"
	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/storage"
	"github.com/loomdb/loomdb/internal/txn"
	"github.com/loomdb/loomdb/internal/types"
)

// spoolItem is one entry waiting to be sorted (BTSpool's tuples).
type spoolItem struct {
	// abbr orders as the first key does wherever two items' differ (see
	// abbrevKey); equal abbreviations leave it to vals.
	abbr  uint64
	vals  []types.Datum
	tid   table.TID
	alive bool
}

// intSpoolItem is a spool entry of an index of at most two integer key
// columns (int2, int4, int8, oid, date, timestamp), the common case: its
// keys are kept in an order-preserving form, so that entries sort without
// boxed values or memory of their own to reach into.
type intSpoolItem struct {
	// key holds each value with its sign bit flipped, complemented for a
	// DESC column; rank is 1 for a value and 0 or 2 for a NULL sorting
	// first or last.
	key   [2]uint64
	rank  [2]uint8
	alive bool
	tid   table.TID
}

// intKeyed reports whether the index's entries can be spooled as
// intSpoolItems.
func (d *tupDesc) intKeyed() bool {
	if d.nkeys > 2 {
		return false
	}
	for i := range d.atts {
		switch d.atts[i].kind {
		case kindInt2, kindInt4, kindUint4, kindInt8:
		default:
			return false
		}
	}
	return true
}

// intSpoolEntry returns the intSpoolItem of vals, which are int64 or nil,
// and false if one is neither.
func (d *tupDesc) intSpoolEntry(vals []types.Datum, tid table.TID, alive bool) (intSpoolItem, bool) {
	it := intSpoolItem{alive: alive, tid: tid}
	for i, v := range vals {
		a := &d.atts[i]
		if v == nil {
			if a.nullsFirst {
				it.rank[i] = 0
			} else {
				it.rank[i] = 2
			}
			continue
		}
		if _, ok := v.(int64); !ok {
			return it, false
		}
		it.rank[i] = 1
		it.key[i] = abbrevKey(a, v) // exact for an integer
	}
	return it, true
}

// cmpIntSpool orders int spool items by key, then heap TID, as cmpSpool
// orders the items they stand for.
func cmpIntSpool(x, y *intSpoolItem) int {
	for i := range x.key {
		if c := cmp.Compare(x.rank[i], y.rank[i]); c != 0 {
			return c
		}
		if c := cmp.Compare(x.key[i], y.key[i]); c != 0 {
			return c
		}
	}
	return cmpTID(x.tid, y.tid)
}

// sortedSpool is the sorted entries, as load and checkSpoolUnique read
// them in order.
type sortedSpool interface {
	len() int
	// entry writes entry k's key values into vals and returns its heap
	// TID and whether its tuple is alive.
	entry(k int, vals []types.Datum) (table.TID, bool)
}

type boxedSpool []spoolItem

func (s boxedSpool) len() int { return len(s) }

func (s boxedSpool) entry(k int, vals []types.Datum) (table.TID, bool) {
	copy(vals, s[k].vals)
	return s[k].tid, s[k].alive
}

// intSpool is the sorted entries of an intKeyed index; d decodes them.
type intSpool struct {
	d     *tupDesc
	items []intSpoolItem
}

func (s intSpool) len() int { return len(s.items) }

func (s intSpool) entry(k int, vals []types.Datum) (table.TID, bool) {
	it := &s.items[k]
	for i := range vals {
		if it.rank[i] != 1 {
			vals[i] = nil
			continue
		}
		u := it.key[i]
		if s.d.atts[i].desc {
			u = ^u
		}
		vals[i] = int64(u ^ 1<<63)
	}
	return it.tid, it.alive
}

// abbrevKey returns the abbreviation of first key value v (nil for NULL)
// of attribute a: integers with the sign bit flipped, in index order; NULL
// first or last; 0 for every other value, which leaves their order to the
// full comparison (a NULL sorting first ties with them too).
func abbrevKey(a *attInfo, v types.Datum) uint64 {
	x, ok := v.(int64)
	switch {
	case v == nil && a.nullsFirst:
		return 0
	case v == nil:
		return math.MaxUint64
	case !ok:
		return 0
	case a.desc:
		return ^(uint64(x) ^ 1<<63)
	}
	return uint64(x) ^ 1<<63
}

// cmpValues orders two key values of attribute a in index order.
func cmpValues(a *attInfo, x, y types.Datum) int {
	switch {
	case x == nil && y == nil:
		return 0
	case x == nil:
		if a.nullsFirst {
			return -1
		}
		return 1
	case y == nil:
		if a.nullsFirst {
			return 1
		}
		return -1
	}
	c := types.Compare(a.typ, x, y)
	if a.desc {
		return -c
	}
	return c
}

// cmpSpool orders spool items by key, then heap TID.
func (d *tupDesc) cmpSpool(x, y *spoolItem) int {
	if c := cmp.Compare(x.abbr, y.abbr); c != 0 {
		return c
	}
	for i := range d.atts {
		if c := cmpValues(&d.atts[i], x.vals[i], y.vals[i]); c != 0 {
			return c
		}
	}
	return cmpTID(x.tid, y.tid)
}

// build implements Build.
func (r *rel) build(ctx context.Context, tx *txn.Txn, heapRel *table.Relation) (BuildStats, error) {
	var stats BuildStats
	mbuf, err := r.getMetaBuf(storage.BufferLockShare)
	if err != nil {
		return stats, err
	}
	root := readMeta(r.bm.Page(mbuf)).root
	r.relBuf(mbuf, storage.BufferLockShare)
	n, err := r.st.NBlocks(r.loc)
	if err != nil {
		return stats, err
	}
	if root != pNone || n != 1 {
		return stats, pgerror.Internal("index \"%s\" already contains data", r.idx.Name)
	}
	d := r.d
	var spool []spoolItem
	// Integer keys go into ints (until a value that is not one turns
	// up: then they move to spool).
	var ints []intSpoolItem
	useInts := d.intKeyed()
	var scratch []types.Datum
	// Only the key columns are decoded, unless a predicate reads the row.
	var cols []int
	if r.idx.Predicate == nil {
		for i := range d.atts {
			if a := d.atts[i].attno; a >= 1 && a <= len(heapRel.Desc.Attrs) && !slices.Contains(cols, a-1) {
				cols = append(cols, a-1)
			}
		}
		slices.Sort(cols)
	}
	err = heap.IndexBuildScan(ctx, r.st, tx, heapRel, cols, func(tid table.TID, row []types.Datum, alive bool) error {
		stats.HeapTuples++
		if pred := r.idx.Predicate; pred != nil {
			ok, err := pred(row)
			if err != nil || !ok {
				return err
			}
		}
		var vals []types.Datum
		if useInts {
			// The values go into the item: one scratch row serves all.
			if scratch == nil {
				scratch = make([]types.Datum, d.nkeys)
			}
			vals = scratch
			clear(vals)
		} else {
			vals = make([]types.Datum, d.nkeys)
		}
		for i := range d.atts {
			a := &d.atts[i]
			if a.attno < 1 || a.attno > len(row) {
				return pgerror.Internal("index \"%s\" column %d refers to attribute %d of a relation with %d", r.idx.Name, i+1, a.attno, len(row))
			}
			if v := row[a.attno-1]; v != nil {
				if err := checkDatum(a, v); err != nil {
					return err
				}
				vals[i] = v
			}
		}
		if useInts {
			if it, ok := d.intSpoolEntry(vals, tid, alive); ok {
				ints = append(ints, it)
				return nil
			}
			useInts = false
			for k := range ints {
				v := make([]types.Datum, d.nkeys)
				t, alive := intSpool{d, ints}.entry(k, v)
				spool = append(spool, spoolItem{abbr: abbrevKey(&d.atts[0], v[0]), vals: v, tid: t, alive: alive})
			}
			ints = nil
			vals = slices.Clone(vals)
		}
		spool = append(spool, spoolItem{abbr: abbrevKey(&d.atts[0], vals[0]), vals: vals, tid: tid, alive: alive})
		return nil
	})
	if err != nil {
		return stats, err
	}
	if err := ctx.Err(); err != nil {
		return stats, pgerror.Convert(err)
	}
	var sorted sortedSpool
	if useInts {
		slices.SortFunc(ints, func(x, y intSpoolItem) int { return cmpIntSpool(&x, &y) })
		sorted = intSpool{d, ints}
	} else {
		slices.SortFunc(spool, func(x, y spoolItem) int { return d.cmpSpool(&x, &y) })
		sorted = boxedSpool(spool)
	}
	if r.idx.Unique {
		if err := d.checkSpoolUnique(r.idx, sorted); err != nil {
			return stats, err
		}
	}
	w := &buildState{r: r, tx: tx, pagesAlloced: btreeMetapage + 1}
	r.strategy = r.bm.NewStrategy(storage.BulkWrite)
	defer func() { r.strategy = nil }()
	if err := w.load(ctx, sorted); err != nil {
		return stats, err
	}
	stats.IndexTuples = int64(sorted.len())
	stats.Pages, err = r.st.NBlocks(r.loc)
	return stats, err
}

// checkSpoolUnique reports two live entries with equal keys and no NULLs
// (the enforceUnique check of tuplesort's comparetup_index_btree).
func (d *tupDesc) checkSpoolUnique(idx *Index, spool sortedSpool) error {
	prev, cur := make([]types.Datum, d.nkeys), make([]types.Datum, d.nkeys)
	havePrev := false
	for k := range spool.len() {
		if _, alive := spool.entry(k, cur); !alive {
			continue
		}
		hasNull := false
		for _, v := range cur {
			if v == nil {
				hasNull = true
			}
		}
		if hasNull {
			continue
		}
		if havePrev {
			equal := true
			for j := range d.atts {
				if cmpValues(&d.atts[j], prev[j], cur[j]) != 0 {
					equal = false
					break
				}
			}
			if equal {
				return pgerror.Newf(pgerror.UniqueViolation, "could not create unique index \"%s\"", idx.Name).
					WithDetail("Key %s is duplicated.", d.describeKey(cur))
			}
		}
		prev, cur, havePrev = cur, prev, true
	}
	return nil
}

// buildState is BTWriteState: the pages allocated so far and the tree
// levels being filled.
type buildState struct {
	r            *rel
	tx           *txn.Txn
	pagesAlloced uint32
}

// pageState is BTPageState: the page being filled on one level.
type pageState struct {
	page      storage.Page
	blk       uint32
	lowkey    itup
	lastOff   storage.OffsetNumber
	lastExtra int
	level     uint32
	full      int
	next      *pageState
}

// newBuildPage returns an empty in-memory page of a level with its high
// key slot reserved (_bt_blnewpage).
func newBuildPage(level uint32) storage.Page {
	p := make(storage.Page, storage.BlockSize)
	newBtPage(p, level)
	setLower(p, int(p.Lower())+storage.ItemIDSize)
	return p
}

// newPageState starts a level (_bt_pagestate).
func (w *buildState) newPageState(level uint32) *pageState {
	s := &pageState{page: newBuildPage(level), blk: w.pagesAlloced, lastOff: pHikey, level: level}
	w.pagesAlloced++
	if level > 0 {
		s.full = storage.BlockSize * (100 - nonLeafFillFactor) / 100
	} else {
		s.full = storage.BlockSize * (100 - w.r.idx.leafFillFactor()) / 100
	}
	return s
}

// sortAddTup adds an item at off; the first data item of an internal page
// keeps only its downlink (_bt_sortaddtup).
func sortAddTup(p storage.Page, item itup, off storage.OffsetNumber, newFirstDataItem bool) error {
	if newFirstDataItem {
		t := make(itup, sizeofIndexTupleData)
		copy(t, item[:sizeofIndexTupleData])
		t.setInfo(sizeofIndexTupleData)
		t.setNAtts(0, false)
		item = t
	}
	if !pageAddItemAt(p, item, off) {
		return pgerror.Internal("failed to add item to the index page")
	}
	return nil
}

// checkItemSize rejects tuples too large for a btree page
// (_bt_check_third_page).
func (r *rel) checkItemSize(t itup, leaf bool) error {
	sz := storage.MaxAlignOf(t.size())
	if sz <= maxItemSize || !leaf && sz <= maxItemSizeNoHeapTid {
		return nil
	}
	e := pgerror.Newf(pgerror.ProgramLimitExceeded, "index row size %d exceeds btree version %d maximum %d for index \"%s\"",
		sz, btreeVersion, maxItemSize, r.idx.Name)
	if leaf && !t.isPivot() {
		tid, _ := t.heapTID()
		e = e.WithDetail("Index row references tuple %s in relation.", tid)
	}
	return e.WithHint("Values larger than 1/3 of a buffer page cannot be indexed.\nConsider a function index of an MD5 hash of the value, or use full text indexing.")
}

// add appends a tuple to the level's current page, finishing the page
// first when it is full (_bt_buildadd). truncExtra is the size of the
// tuple's posting list, which suffix truncation will cut off.
func (w *buildState) add(s *pageState, t itup, truncExtra int) error {
	npage, nblk := s.page, s.blk
	lastOff, lastExtra := s.lastOff, s.lastExtra
	s.lastExtra = truncExtra
	pgspc := npage.FreeSpace()
	itupsz := storage.MaxAlignOf(t.size())
	leaf := s.level == 0
	if err := w.r.checkItemSize(t, leaf); err != nil {
		return err
	}
	room := 0
	if leaf {
		room = maxAlignedTID
	}
	if pgspc < itupsz+room || (pgspc+lastExtra < s.full && lastOff > pFirstKey) {
		opage, oblk := npage, nblk
		npage = newBuildPage(s.level)
		nblk = w.pagesAlloced
		w.pagesAlloced++
		// Move the last item to the new page; it becomes the old page's
		// high key (truncated on the leaf level).
		ii := opage.ItemID(lastOff)
		oitup, err := getItem(opage, lastOff, w.r.d.nkeys)
		if err != nil {
			return err
		}
		if err := sortAddTup(npage, oitup, pFirstKey, !leaf); err != nil {
			return err
		}
		opage.SetItemID(pHikey, ii)
		opage.SetItemID(lastOff, storage.ItemID{})
		setLower(opage, int(opage.Lower())-storage.ItemIDSize)
		if leaf {
			lastleft, err := getItem(opage, lastOff-1, w.r.d.nkeys)
			if err != nil {
				return err
			}
			trunc, err := w.r.d.truncate(lastleft, oitup)
			if err != nil {
				return err
			}
			if err := pageOverwrite(opage, pHikey, trunc); err != nil {
				return err
			}
			if oitup, err = getItem(opage, pHikey, w.r.d.nkeys); err != nil {
				return err
			}
		}
		if s.next == nil {
			s.next = w.newPageState(s.level + 1)
		}
		s.lowkey.setDownlink(oblk)
		if err := w.add(s.next, s.lowkey, 0); err != nil {
			return err
		}
		s.lowkey = copyTuple(oitup)
		setBtNext(opage, nblk)
		setBtPrev(npage, oblk)
		setBtNext(npage, pNone)
		if err := w.r.writeNewPage(oblk, opage, w.tx); err != nil {
			return err
		}
		lastOff = pFirstKey
	}
	if lastOff == pHikey {
		// The first item of the level: its low key is minus infinity.
		s.lowkey = minusInfinity(0)
	}
	lastOff++
	if err := sortAddTup(npage, t[:itupsz], lastOff, !leaf && lastOff == pFirstKey); err != nil {
		return err
	}
	s.page, s.blk, s.lastOff = npage, nblk, lastOff
	return nil
}

// slideLeft removes the reserved high key slot from the rightmost page of
// a level (_bt_slideleft).
func slideLeft(p storage.Page) {
	n := p.MaxOffsetNumber()
	for off := pFirstKey; off <= n; off++ {
		p.SetItemID(off-1, p.ItemID(off))
	}
	setLower(p, int(p.Lower())-storage.ItemIDSize)
}

// finish links the last page of every level to its parent, marks the top
// page the root and writes the metapage (_bt_uppershutdown).
func (w *buildState) finish(s *pageState) error {
	root, rootLevel := uint32(pNone), uint32(0)
	for ; s != nil; s = s.next {
		if s.next == nil {
			setBtFlags(s.page, btFlags(s.page)|btpRoot)
			root, rootLevel = s.blk, s.level
		} else {
			s.lowkey.setDownlink(s.blk)
			if err := w.add(s.next, s.lowkey, 0); err != nil {
				return err
			}
		}
		slideLeft(s.page)
		if err := w.r.writeNewPage(s.blk, s.page, w.tx); err != nil {
			return err
		}
	}
	meta := make(storage.Page, storage.BlockSize)
	initMetaPage(meta, root, rootLevel, w.r.d.allEqualImage)
	if err := w.r.writeNewPage(btreeMetapage, meta, w.tx); err != nil {
		return err
	}
	w.r.idx.root.Store(nil)
	return nil
}

// buildDedup is the pending posting list of a deduplicating build
// (BTDedupState as _bt_load uses it).
type buildDedup struct {
	base           itup
	baseTupSize    int
	htids          []table.TID
	nitems         int
	maxPostingSize int
}

func (b *buildDedup) start(base itup) {
	b.base = base
	b.htids = append(b.htids[:0], postingTIDs(base)...)
	if base.isPosting() {
		b.baseTupSize = base.postingOffset()
	} else {
		b.baseTupSize = base.size()
	}
	b.nitems = 1
}

// save adds t's heap TIDs to the pending posting list unless the result
// would exceed maxPostingSize (_bt_dedup_save_htid).
func (b *buildDedup) save(t itup) bool {
	n := 1
	if t.isPosting() {
		n = t.nPosting()
	}
	if storage.MaxAlignOf(b.baseTupSize+(len(b.htids)+n)*sizeofItemPointer) > b.maxPostingSize {
		return false
	}
	b.htids = append(b.htids, postingTIDs(t)...)
	b.nitems++
	return true
}

// load writes the sorted entries out as a tree (_bt_load).
func (w *buildState) load(ctx context.Context, spool sortedSpool) error {
	d := w.r.d
	dedup := d.deduplicate(w.r.idx) && !w.r.idx.Unique
	var s *pageState
	var pend buildDedup
	// Posting lists are kept to a tenth of a page, less a line pointer.
	pend.maxPostingSize = (storage.BlockSize*10/100)&^(storage.MaxAlign-1) - storage.ItemIDSize
	finishPending := func() error {
		if pend.nitems == 1 {
			return w.add(s, pend.base, 0)
		}
		p := formPosting(pend.base, pend.htids)
		return w.add(s, p, p.size()-p.postingOffset())
	}
	vals := make([]types.Datum, d.nkeys)
	for i := range spool.len() {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return pgerror.Convert(err)
			}
		}
		tid, _ := spool.entry(i, vals)
		t, err := d.formTuple(vals, tid)
		if err != nil {
			return err
		}
		if s == nil {
			s = w.newPageState(0)
			if dedup {
				pend.start(t)
				continue
			}
		}
		if !dedup {
			if err := w.add(s, t, 0); err != nil {
				return err
			}
			continue
		}
		keep, err := d.keepNattsFast(pend.base, t)
		if err != nil {
			return err
		}
		if keep > d.nkeys && pend.save(t) {
			continue
		}
		if err := finishPending(); err != nil {
			return err
		}
		pend.start(t)
	}
	if s != nil && dedup {
		if err := finishPending(); err != nil {
			return err
		}
	}
	return w.finish(s)
}
