// nbtpage.go: btree pages, the metapage and buffer access (PG:
// access/nbtree/nbtpage.c, storage/page/bufpage.c's index-page routines).
//
// Every tree page is validated when it is locked: a page that is all zero,
// has the wrong special size, or whose line pointers leave the page is
// reported as data corruption (XX001) rather than trusted.
//
// Concurrency: a rel is one operation's view of an index; the buffers it
// returns are pinned and locked in the mode asked for.
package nbtree

import (
	"encoding/binary"
	"math"

	"github.com/loomdb/loomdb/internal/storage"
	"github.com/loomdb/loomdb/internal/txn"
)

// ---------------------------------------------------------------------------
// BTPageOpaqueData, in the last 16 bytes of a page.

func opq(p storage.Page) []byte { return p[storage.BlockSize-sizeofOpaque:] }

func btPrev(p storage.Page) uint32        { return binary.LittleEndian.Uint32(opq(p)[0:]) }
func btNext(p storage.Page) uint32        { return binary.LittleEndian.Uint32(opq(p)[4:]) }
func btLevel(p storage.Page) uint32       { return binary.LittleEndian.Uint32(opq(p)[8:]) }
func btFlags(p storage.Page) uint16       { return binary.LittleEndian.Uint16(opq(p)[12:]) }
func btCycle(p storage.Page) uint16       { return binary.LittleEndian.Uint16(opq(p)[14:]) }
func setBtPrev(p storage.Page, v uint32)  { binary.LittleEndian.PutUint32(opq(p)[0:], v) }
func setBtNext(p storage.Page, v uint32)  { binary.LittleEndian.PutUint32(opq(p)[4:], v) }
func setBtLevel(p storage.Page, v uint32) { binary.LittleEndian.PutUint32(opq(p)[8:], v) }
func setBtFlags(p storage.Page, v uint16) { binary.LittleEndian.PutUint16(opq(p)[12:], v) }

func isLeaf(p storage.Page) bool      { return btFlags(p)&btpLeaf != 0 }
func isRoot(p storage.Page) bool      { return btFlags(p)&btpRoot != 0 }
func isRightmost(p storage.Page) bool { return btNext(p) == pNone }
func isLeftmost(p storage.Page) bool  { return btPrev(p) == pNone }
func incompleteSplit(p storage.Page) bool {
	return btFlags(p)&btpIncompleteSplit != 0
}

// ignore reports P_IGNORE: a deleted or half-dead page (loomdb never makes
// one, but it skips them as PostgreSQL does).
func ignore(p storage.Page) bool { return btFlags(p)&(btpDeleted|btpHalfDead) != 0 }

// firstDataKey returns P_FIRSTDATAKEY: 1 on the rightmost page of a level,
// which has no high key, else 2.
func firstDataKey(p storage.Page) storage.OffsetNumber {
	if isRightmost(p) {
		return pHikey
	}
	return pFirstKey
}

// pageInit formats an empty btree page (_bt_pageinit).
func pageInit(p storage.Page) { storage.PageInit(p, sizeofOpaque) }

// newBtPage formats p as an empty page of the given level (_bt_blnewpage
// without the reserved high key slot).
func newBtPage(p storage.Page, level uint32) {
	pageInit(p)
	setBtLevel(p, level)
	if level == 0 {
		setBtFlags(p, btpLeaf)
	}
}

// ---------------------------------------------------------------------------
// Page header fields that storage keeps unexported.

func setLower(p storage.Page, v int) { binary.LittleEndian.PutUint16(p[12:], uint16(v)) }
func setUpper(p storage.Page, v int) { binary.LittleEndian.PutUint16(p[14:], uint16(v)) }

// checkBtPage validates a tree page's header and special space.
func checkBtPage(p storage.Page, name string, blk uint32) error {
	if p.IsNew() {
		return corrupt("index \"%s\" contains unexpected zero page at block %d", name, blk)
	}
	lower, upper, special := int(p.Lower()), int(p.Upper()), int(p.Special())
	if special != storage.BlockSize-sizeofOpaque || lower < storage.SizeOfPageHeaderData || lower > upper || upper > special {
		return corrupt("index \"%s\" contains corrupted page at block %d", name, blk)
	}
	if btFlags(p)&btpMeta != 0 && blk != btreeMetapage {
		return corrupt("index \"%s\" contains corrupted page at block %d", name, blk)
	}
	if isLeaf(p) != (btLevel(p) == 0) {
		return corrupt("index \"%s\" contains corrupted page at block %d: leaf flag and level %d disagree", name, blk, btLevel(p))
	}
	return nil
}

// getItem returns the tuple at off, validated.
func getItem(p storage.Page, off storage.OffsetNumber, nkeys int) (itup, error) {
	if off < storage.FirstOffsetNumber || off > p.MaxOffsetNumber() {
		return nil, corrupt("invalid offset number %d in index page with %d items", off, p.MaxOffsetNumber())
	}
	id := p.ItemID(off)
	b, err := p.Item(id)
	if err != nil {
		return nil, err
	}
	t := itup(b)
	if err := checkTuple(t, nkeys); err != nil {
		return nil, err
	}
	return t, nil
}

// pageAddItemAt puts item at offset off, moving the line pointers at and
// after off up by one (PageAddItem without PAI_OVERWRITE). It returns false
// when the item does not fit.
func pageAddItemAt(p storage.Page, item []byte, off storage.OffsetNumber) bool {
	lower, upper := int(p.Lower()), int(p.Upper())
	limit := p.MaxOffsetNumber() + 1
	if off < storage.FirstOffsetNumber || off > limit {
		return false
	}
	size := len(item)
	aligned := storage.MaxAlignOf(size)
	newLower := lower + storage.ItemIDSize
	newUpper := upper - aligned
	if newLower > newUpper {
		return false
	}
	if off < limit {
		pos := storage.SizeOfPageHeaderData + int(off-1)*storage.ItemIDSize
		copy(p[pos+storage.ItemIDSize:newLower], p[pos:lower])
	}
	copy(p[newUpper:], item)
	clear(p[newUpper+size : newUpper+aligned])
	setLower(p, newLower)
	setUpper(p, newUpper)
	p.SetItemID(off, storage.ItemID{Off: uint16(newUpper), Flags: storage.LPNormal, Len: uint16(size)})
	return true
}

// pageOverwrite replaces the item at off with item, which may have a
// different size (PageIndexTupleOverwrite).
func pageOverwrite(p storage.Page, off storage.OffsetNumber, item []byte) error {
	lower, upper := int(p.Lower()), int(p.Upper())
	n := p.MaxOffsetNumber()
	if off < storage.FirstOffsetNumber || off > n {
		return corrupt("invalid index offnum: %d", off)
	}
	id := p.ItemID(off)
	offset := int(id.Off)
	oldsize := storage.MaxAlignOf(int(id.Len))
	if offset < upper || offset+oldsize > int(p.Special()) || offset != storage.MaxAlignOf(offset) {
		return corrupt("corrupted line pointer: offset = %d, size = %d", offset, id.Len)
	}
	newsize := storage.MaxAlignOf(len(item))
	if newsize > oldsize+(upper-lower) {
		return corrupt("index item does not fit on page when overwritten")
	}
	diff := oldsize - newsize
	if diff != 0 {
		copy(p[upper+diff:offset+diff], p[upper:offset])
		upper += diff
		setUpper(p, upper)
		for i := storage.FirstOffsetNumber; i <= n; i++ {
			ii := p.ItemID(i)
			if ii.HasStorage() && int(ii.Off) <= offset {
				ii.Off = uint16(int(ii.Off) + diff)
				p.SetItemID(i, ii)
			}
		}
		clear(p[lower:upper])
	}
	p.SetItemID(off, storage.ItemID{Off: uint16(offset + diff), Flags: id.Flags, Len: uint16(len(item))})
	copy(p[offset+diff:], item)
	clear(p[offset+diff+len(item) : offset+diff+newsize])
	return nil
}

// pageDeleteItems removes the items at the given ascending offsets and
// compacts the page (PageIndexMultiDelete).
func pageDeleteItems(p storage.Page, offs []storage.OffsetNumber) {
	tmp := make(storage.Page, storage.BlockSize)
	pageInit(tmp)
	copy(opq(tmp), opq(p))
	tmp.SetLSN(p.LSN())
	n := p.MaxOffsetNumber()
	j := 0
	out := storage.FirstOffsetNumber
	for off := storage.FirstOffsetNumber; off <= n; off++ {
		if j < len(offs) && offs[j] == off {
			j++
			continue
		}
		b, _ := p.Item(p.ItemID(off))
		pageAddItemAt(tmp, b, out)
		out++
	}
	copy(p, tmp)
}

// ---------------------------------------------------------------------------
// The metapage (BTMetaPageData, after the page header).

type metaData struct {
	magic, version      uint32
	root, level         uint32
	fastRoot, fastLevel uint32
	allEqualImage       bool
}

const metaOff = storage.SizeOfPageHeaderData

// initMetaPage formats the metapage (_bt_initmetapage).
func initMetaPage(p storage.Page, root, level uint32, allEqualImage bool) {
	pageInit(p)
	m := p[metaOff:]
	binary.LittleEndian.PutUint32(m[0:], btreeMagic)
	binary.LittleEndian.PutUint32(m[4:], btreeVersion)
	binary.LittleEndian.PutUint32(m[8:], root)
	binary.LittleEndian.PutUint32(m[12:], level)
	binary.LittleEndian.PutUint32(m[16:], root)
	binary.LittleEndian.PutUint32(m[20:], level)
	binary.LittleEndian.PutUint32(m[24:], 0)                    // btm_last_cleanup_num_delpages
	binary.LittleEndian.PutUint64(m[32:], math.Float64bits(-1)) // btm_last_cleanup_num_heap_tuples
	if allEqualImage {
		m[40] = 1
	}
	setBtFlags(p, btpMeta)
	setLower(p, metaOff+48)
}

// setMetaRoot updates the root and fast root of a metapage.
func setMetaRoot(p storage.Page, root, level uint32) {
	m := p[metaOff:]
	binary.LittleEndian.PutUint32(m[8:], root)
	binary.LittleEndian.PutUint32(m[12:], level)
	binary.LittleEndian.PutUint32(m[16:], root)
	binary.LittleEndian.PutUint32(m[20:], level)
}

func readMeta(p storage.Page) metaData {
	m := p[metaOff:]
	return metaData{
		magic:         binary.LittleEndian.Uint32(m[0:]),
		version:       binary.LittleEndian.Uint32(m[4:]),
		root:          binary.LittleEndian.Uint32(m[8:]),
		level:         binary.LittleEndian.Uint32(m[12:]),
		fastRoot:      binary.LittleEndian.Uint32(m[16:]),
		fastLevel:     binary.LittleEndian.Uint32(m[20:]),
		allEqualImage: m[40] != 0,
	}
}

// checkMeta validates the metapage (_bt_getmeta).
func checkMeta(p storage.Page, name string) error {
	if p.IsNew() || int(p.Special()) != storage.BlockSize-sizeofOpaque || btFlags(p)&btpMeta == 0 {
		return corrupt("index \"%s\" is not a btree", name)
	}
	m := readMeta(p)
	if m.magic != btreeMagic {
		return corrupt("index \"%s\" is not a btree", name)
	}
	if m.version < 2 || m.version > btreeVersion {
		return corrupt("version mismatch in index \"%s\": file version %d, current version %d, minimal supported version %d", name, m.version, btreeVersion, 2)
	}
	return nil
}

// ---------------------------------------------------------------------------
// Buffer access.

// rel is one operation's handle on an index.
type rel struct {
	st    *storage.Storage
	bm    *storage.BufferManager
	idx   *Index
	d     *tupDesc
	loc   storage.RelFileLocator
	usage *storage.BufferUsage
	// strategy, when set, is the buffer ring of a build.
	strategy *storage.BufferAccessStrategy
	// held lists the tree pages this operation has locked, so that a
	// corrupt link leading back to one of them is reported instead of
	// waiting for ourselves.
	held []uint32
}

func newRel(st *storage.Storage, idx *Index, d *tupDesc, usage *storage.BufferUsage) *rel {
	return &rel{st: st, bm: st.Buffers(), idx: idx, d: d, loc: idx.Locator(), usage: usage}
}

// getBuf pins and locks block blk and validates it as a tree page (_bt_getbuf).
func (r *rel) getBuf(blk uint32, mode storage.BufferLockMode) (storage.Buffer, error) {
	if blk == btreeMetapage {
		return storage.InvalidBuffer, corrupt("index \"%s\" links to its metapage as a tree page", r.idx.Name)
	}
	for _, h := range r.held {
		if h == blk {
			return storage.InvalidBuffer, corrupt("index \"%s\": circular links lead back to block %d", r.idx.Name, blk)
		}
	}
	buf, err := r.bm.ReadBuffer(r.loc, blk, nil, r.usage)
	if err != nil {
		if storage.IsBeyondEOF(err) {
			return storage.InvalidBuffer, corrupt("index \"%s\" links to block %d beyond its end", r.idx.Name, blk)
		}
		return storage.InvalidBuffer, err
	}
	r.bm.LockBuffer(buf, mode)
	if err := checkBtPage(r.bm.Page(buf), r.idx.Name, blk); err != nil {
		r.bm.UnlockReleaseBuffer(buf, mode)
		return storage.InvalidBuffer, err
	}
	r.held = append(r.held, blk)
	return buf, nil
}

// relBuf unlocks and unpins buf (_bt_relbuf).
func (r *rel) relBuf(buf storage.Buffer, mode storage.BufferLockMode) {
	blk := r.bm.BlockNumber(buf)
	for i := len(r.held) - 1; i >= 0; i-- {
		if r.held[i] == blk {
			r.held = append(r.held[:i], r.held[i+1:]...)
			break
		}
	}
	r.bm.UnlockReleaseBuffer(buf, mode)
}

// relAndGetBuf releases buf and locks blk (_bt_relandgetbuf).
func (r *rel) relAndGetBuf(buf storage.Buffer, oldMode storage.BufferLockMode, blk uint32, mode storage.BufferLockMode) (storage.Buffer, error) {
	if buf != storage.InvalidBuffer {
		r.relBuf(buf, oldMode)
	}
	return r.getBuf(blk, mode)
}

// getMetaBuf pins and locks the metapage.
func (r *rel) getMetaBuf(mode storage.BufferLockMode) (storage.Buffer, error) {
	buf, err := r.bm.ReadBuffer(r.loc, btreeMetapage, nil, r.usage)
	if err != nil {
		if storage.IsBeyondEOF(err) {
			return storage.InvalidBuffer, corrupt("index \"%s\" has no metapage", r.idx.Name)
		}
		return storage.InvalidBuffer, err
	}
	r.bm.LockBuffer(buf, mode)
	if err := checkMeta(r.bm.Page(buf), r.idx.Name); err != nil {
		r.bm.UnlockReleaseBuffer(buf, mode)
		return storage.InvalidBuffer, err
	}
	return buf, nil
}

// newPage adds a page to the index and returns it locked exclusively and
// formatted as an empty page (_bt_getbuf with P_NEW). loomdb never deletes
// pages, so there are none to recycle.
func (r *rel) newPage() (storage.Buffer, uint32, error) {
	buf, blk, err := r.st.ExtendBuffer(r.loc, nil, r.usage)
	if err != nil {
		return storage.InvalidBuffer, 0, err
	}
	pageInit(r.bm.Page(buf))
	r.held = append(r.held, blk)
	return buf, blk, nil
}

// writeNewPage writes a page image built in memory as block blk, extending
// the file with empty pages up to it, and WAL-logs it whole (log_newpage).
func (r *rel) writeNewPage(blk uint32, page storage.Page, tx *txn.Txn) error {
	for {
		n, err := r.st.NBlocks(r.loc)
		if err != nil {
			return err
		}
		if n > blk {
			break
		}
		buf, _, err := r.st.ExtendBuffer(r.loc, r.strategy, r.usage)
		if err != nil {
			return err
		}
		r.bm.UnlockReleaseBuffer(buf, storage.BufferLockExclusive)
	}
	buf, err := r.bm.ReadBuffer(r.loc, blk, r.strategy, r.usage)
	if err != nil {
		return err
	}
	defer r.bm.ReleaseBuffer(buf)
	r.bm.LockBuffer(buf, storage.BufferLockExclusive)
	defer r.bm.UnlockBuffer(buf, storage.BufferLockExclusive)
	copy(r.bm.Page(buf), page)
	xid := txn.InvalidXID
	if tx != nil {
		xid = tx.XID()
	}
	rec := storage.NewXLogRecord(storage.RmgrBtree, xlogBtreeNewPage, xid)
	rec.RegisterBuffer(0, buf, storage.RegbufForceImage|storage.RegbufStandard)
	_, err = r.st.XLogInsert(rec)
	return err
}

// ---------------------------------------------------------------------------
// Finding the root.

// getRoot returns the root page share-locked (_bt_getroot; writers relock
// the leaf they end on). When the index is empty it returns InvalidBuffer
// for readers (mode share) and creates a leaf root for writers.
func (r *rel) getRoot(mode storage.BufferLockMode) (storage.Buffer, error) {
	if ri := r.idx.root.Load(); ri != nil {
		buf, err := r.getBuf(ri.root, storage.BufferLockShare)
		if err != nil {
			return storage.InvalidBuffer, err
		}
		p := r.bm.Page(buf)
		if !ignore(p) && btLevel(p) == ri.level && isLeftmost(p) && isRightmost(p) {
			return buf, nil
		}
		r.relBuf(buf, storage.BufferLockShare)
		r.idx.root.Store(nil)
	}
	mbuf, err := r.getMetaBuf(storage.BufferLockShare)
	if err != nil {
		return storage.InvalidBuffer, err
	}
	m := readMeta(r.bm.Page(mbuf))
	if m.root == pNone {
		r.relBuf(mbuf, storage.BufferLockShare)
		if mode == storage.BufferLockShare {
			return storage.InvalidBuffer, nil
		}
		if err := r.createRoot(); err != nil {
			return storage.InvalidBuffer, err
		}
		return r.getRoot(mode)
	}
	r.relBuf(mbuf, storage.BufferLockShare)
	blk := m.fastRoot
	var buf storage.Buffer
	for {
		buf, err = r.relAndGetBuf(buf, storage.BufferLockShare, blk, storage.BufferLockShare)
		if err != nil {
			return storage.InvalidBuffer, err
		}
		p := r.bm.Page(buf)
		if !ignore(p) {
			break
		}
		if isRightmost(p) {
			r.relBuf(buf, storage.BufferLockShare)
			return storage.InvalidBuffer, corrupt("no live root page found in index \"%s\"", r.idx.Name)
		}
		blk = btNext(p)
	}
	p := r.bm.Page(buf)
	if btLevel(p) != m.fastLevel {
		r.relBuf(buf, storage.BufferLockShare)
		return storage.InvalidBuffer, corrupt("root page %d of index \"%s\" has level %d, expected %d", blk, r.idx.Name, btLevel(p), m.fastLevel)
	}
	if isLeftmost(p) && isRightmost(p) {
		r.idx.root.Store(&rootInfo{root: blk, level: m.fastLevel})
	}
	return buf, nil
}

// createRoot makes the first root of an empty index: a leaf that is also
// the root (the P_NONE case of _bt_getroot).
func (r *rel) createRoot() error {
	mbuf, err := r.getMetaBuf(storage.BufferLockExclusive)
	if err != nil {
		return err
	}
	defer r.relBuf(mbuf, storage.BufferLockExclusive)
	meta := r.bm.Page(mbuf)
	if readMeta(meta).root != pNone {
		return nil // someone else made it meanwhile
	}
	buf, blk, err := r.newPage()
	if err != nil {
		return err
	}
	defer r.relBuf(buf, storage.BufferLockExclusive)
	p := r.bm.Page(buf)
	setBtFlags(p, btpLeaf|btpRoot)
	setMetaRoot(meta, blk, 0)
	rec := storage.NewXLogRecord(storage.RmgrBtree, xlogBtreeNewRoot, txn.InvalidXID)
	rec.RegisterBuffer(0, buf, storage.RegbufForceImage|storage.RegbufStandard)
	rec.RegisterBuffer(2, mbuf, storage.RegbufForceImage|storage.RegbufStandard)
	_, err = r.st.XLogInsert(rec)
	return err
}

// errFellOff is the error for a right link that ends too early.
func (r *rel) errFellOff() error {
	return corrupt("fell off the end of index \"%s\"", r.idx.Name)
}
