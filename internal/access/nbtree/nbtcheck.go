// nbtcheck.go: verifying an index's structure (PG: contrib/amcheck's
// bt_index_parent_check, which loomdb keeps next to the access method) and
// removing the entries of dead heap tuples (nbtree.c's btbulkdelete).
//
// Check reads every level left to right and verifies: page headers, tuple
// headers and posting lists; strict key order (heap TID included) within
// and across pages; every item at most its page's high key and the high key
// below the next page's first item; sibling links that agree in both
// directions; every downlink pointing one level down, in the same order as
// the child level's pages, with each child's left sibling's high key equal
// to the downlink's separator key; and every page of the file reachable,
// except pages that were never initialized. A page whose split was cut off
// by a crash (INCOMPLETE_SPLIT) may have a right sibling without a
// downlink.
//
// Concurrency: Check locks one page at a time and copies it, so it may run
// beside other sessions, but its verdict is only meaningful while nobody
// writes to the index. BulkDelete runs beside inserts and scans.
package nbtree

import (
	"context"
	"fmt"

	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/storage"
)

// CheckResult summarizes a checked index.
type CheckResult struct {
	// Levels is the number of levels, leaves included (0 when empty).
	Levels int
	// Pages counts the tree pages (the metapage excluded); LeafPages the
	// leaves among them.
	Pages, LeafPages int
	// Tuples counts leaf tuples, Entries the heap TIDs in them (a posting
	// list tuple holds several).
	Tuples, Entries int64
	// IncompleteSplits counts pages whose right sibling lacks a downlink.
	IncompleteSplits int
}

// checkPage is one page read by Check.
type checkPage struct {
	blk   uint32
	page  storage.Page
	items []itup // data items (the high key excluded)
	hikey itup
}

// Check verifies the index's invariants and returns a summary; the first
// violation found is returned as an XX001 error naming the block.
func Check(ctx context.Context, st *storage.Storage, idx *Index) (*CheckResult, error) {
	d, err := idx.tupDesc()
	if err != nil {
		return nil, err
	}
	r := newRel(st, idx, d, nil)
	res := &CheckResult{}
	mbuf, err := r.getMetaBuf(storage.BufferLockShare)
	if err != nil {
		return nil, err
	}
	m := readMeta(r.bm.Page(mbuf))
	r.relBuf(mbuf, storage.BufferLockShare)
	nblocks, err := st.NBlocks(r.loc)
	if err != nil {
		return nil, err
	}
	seen := make([]bool, nblocks)
	seen[btreeMetapage] = true
	if m.root != pNone {
		if m.root >= nblocks {
			return nil, corrupt("index \"%s\": metapage root %d beyond the end (%d blocks)", idx.Name, m.root, nblocks)
		}
		if err := r.checkLevels(ctx, m.root, m.level, seen, res); err != nil {
			return nil, err
		}
	}
	for blk := uint32(1); blk < nblocks; blk++ {
		if seen[blk] {
			continue
		}
		p, err := r.readCopy(blk)
		if err != nil {
			return nil, err
		}
		if !p.IsNew() {
			return nil, corrupt("index \"%s\": block %d is not reachable from the root", idx.Name, blk)
		}
	}
	return res, nil
}

// readCopy returns a copy of block blk, read under a share lock.
func (r *rel) readCopy(blk uint32) (storage.Page, error) {
	buf, err := r.bm.ReadBuffer(r.loc, blk, nil, r.usage)
	if err != nil {
		return nil, err
	}
	r.bm.LockBuffer(buf, storage.BufferLockShare)
	p := make(storage.Page, storage.BlockSize)
	copy(p, r.bm.Page(buf))
	r.bm.UnlockReleaseBuffer(buf, storage.BufferLockShare)
	return p, nil
}

// loadCheckPage reads and validates one tree page.
func (r *rel) loadCheckPage(blk uint32) (*checkPage, error) {
	p, err := r.readCopy(blk)
	if err != nil {
		return nil, err
	}
	if err := checkBtPage(p, r.idx.Name, blk); err != nil {
		return nil, err
	}
	if ignore(p) || btFlags(p)&btpMeta != 0 {
		return nil, corrupt("index \"%s\": block %d is deleted, half-dead or a metapage", r.idx.Name, blk)
	}
	cp := &checkPage{blk: blk, page: p}
	n := p.MaxOffsetNumber()
	for off := storage.FirstOffsetNumber; off <= n; off++ {
		if !p.ItemID(off).IsNormal() {
			return nil, corrupt("index \"%s\": block %d item %d has line pointer flags %d", r.idx.Name, blk, off, p.ItemID(off).Flags)
		}
		t, err := getItem(p, off, r.d.nkeys)
		if err != nil {
			return nil, fmt.Errorf("block %d item %d: %w", blk, off, err)
		}
		var l locs
		if err := r.d.locate(t, min(t.natts(r.d.nkeys), r.d.nkeys), &l); err != nil {
			return nil, fmt.Errorf("block %d item %d: %w", blk, off, err)
		}
		if off == pHikey && !isRightmost(p) {
			if !t.isPivot() || t.natts(r.d.nkeys) == 0 {
				return nil, corrupt("index \"%s\": high key of block %d is not a pivot tuple with keys", r.idx.Name, blk)
			}
			cp.hikey = t
			continue
		}
		cp.items = append(cp.items, t)
	}
	return cp, nil
}

// cmpKeys compares the key attributes of two tuples in index order;
// attributes a truncated pivot lacks are minus infinity.
func (d *tupDesc) cmpKeys(a, b itup) (int, error) {
	na, nb := a.natts(d.nkeys), b.natts(d.nkeys)
	var la, lb locs
	if err := d.locate(a, na, &la); err != nil {
		return 0, err
	}
	if err := d.locate(b, nb, &lb); err != nil {
		return 0, err
	}
	for i := 0; i < min(na, nb); i++ {
		at := &d.atts[i]
		x, y := la[i], lb[i]
		var c int
		switch {
		case x.off < 0 && y.off < 0:
		case x.off < 0:
			c = 1
			if at.nullsFirst {
				c = -1
			}
		case y.off < 0:
			c = -1
			if at.nullsFirst {
				c = 1
			}
		default:
			var err error
			if c, err = cmpRawRaw(at, a[x.off:x.off+x.len], b[y.off:y.off+y.len]); err != nil {
				return 0, err
			}
			if at.desc {
				c = -c
			}
		}
		if c != 0 {
			return c, nil
		}
	}
	return cmpInt(int64(na), int64(nb)), nil
}

// ordered reports whether a sorts before b (strict) or not after it: all
// of a's heap TIDs before b's, a missing heap TID being minus infinity.
func (d *tupDesc) ordered(a, b itup, strict bool) (bool, error) {
	c, err := d.cmpKeys(a, b)
	if err != nil || c != 0 {
		return c < 0, err
	}
	_, aok := a.heapTID()
	bmin, bok := b.heapTID()
	switch {
	case !aok && !bok:
		return !strict, nil
	case !aok:
		return true, nil
	case !bok:
		return false, nil
	}
	c = cmpTID(a.maxHeapTID(), bmin)
	return c < 0 || !strict && c == 0, nil
}

// sameSeparator reports whether two pivots hold the same key (attributes
// and heap TID), ignoring their downlinks.
func (d *tupDesc) sameSeparator(a, b itup) (bool, error) {
	if a.natts(d.nkeys) != b.natts(d.nkeys) || a.pivotHasHeapTID() != b.pivotHasHeapTID() {
		return false, nil
	}
	c, err := d.cmpKeys(a, b)
	if err != nil || c != 0 {
		return false, err
	}
	at, _ := a.heapTID()
	bt, _ := b.heapTID()
	return at == bt, nil
}

// downlinkInfo is a downlink with the separator below which its child's
// keys start (nil: minus infinity).
type downlinkInfo struct {
	child  uint32
	lowkey itup
	parent uint32
}

func (r *rel) checkLevels(ctx context.Context, root, rootLevel uint32, seen []bool, res *CheckResult) error {
	d := r.d
	name := r.idx.Name
	expected := []downlinkInfo{{child: root}}
	for level := int64(rootLevel); level >= 0; level-- {
		res.Levels++
		var next []downlinkInfo
		blk := expected[0].child
		ei := 0
		var prev *checkPage
		for blk != pNone {
			if err := ctx.Err(); err != nil {
				return pgerror.Convert(err)
			}
			if int(blk) >= len(seen) {
				return corrupt("index \"%s\": link to block %d beyond the end", name, blk)
			}
			if seen[blk] {
				return corrupt("index \"%s\": block %d reached twice", name, blk)
			}
			seen[blk] = true
			cp, err := r.loadCheckPage(blk)
			if err != nil {
				return err
			}
			p := cp.page
			res.Pages++
			if int64(btLevel(p)) != level {
				return corrupt("index \"%s\": block %d has level %d, expected %d", name, blk, btLevel(p), level)
			}
			wantPrev := uint32(pNone)
			if prev != nil {
				wantPrev = prev.blk
			}
			if btPrev(p) != wantPrev {
				return corrupt("index \"%s\": block %d has left link %d, expected %d", name, blk, btPrev(p), wantPrev)
			}
			if level == int64(rootLevel) && prev == nil && !isRoot(p) && !incompleteSplit(p) {
				return corrupt("index \"%s\": root block %d lacks the root flag", name, blk)
			}
			// Does a downlink lead here, or is this the right half of an
			// incomplete split?
			if ei < len(expected) && expected[ei].child == blk {
				dl := expected[ei]
				ei++
				if dl.lowkey == nil {
					if prev != nil {
						return corrupt("index \"%s\": block %d is reached through a minus infinity downlink but has a left sibling", name, blk)
					}
				} else {
					if prev == nil || prev.hikey == nil {
						return corrupt("index \"%s\": block %d has a separator but no left sibling with a high key", name, blk)
					}
					same, err := d.sameSeparator(prev.hikey, dl.lowkey)
					if err != nil {
						return err
					}
					if !same {
						return corrupt("index \"%s\": downlink separator for block %d in block %d differs from the high key of its left sibling %d", name, blk, dl.parent, prev.blk)
					}
				}
			} else {
				if prev == nil || !incompleteSplit(prev.page) {
					return corrupt("index \"%s\": block %d at level %d has no downlink in its parent", name, blk, level)
				}
			}
			if incompleteSplit(p) {
				res.IncompleteSplits++
				if isRightmost(p) {
					return corrupt("index \"%s\": rightmost block %d is flagged as incompletely split", name, blk)
				}
			}
			if err := r.checkPageItems(cp, level == 0, res); err != nil {
				return err
			}
			if prev != nil {
				if err := r.checkBoundary(prev, cp, level == 0); err != nil {
					return err
				}
			}
			if level > 0 {
				for i, t := range cp.items {
					dl := downlinkInfo{child: t.downlink(), parent: blk}
					switch {
					case i > 0:
						dl.lowkey = t
					case t.natts(d.nkeys) != 0:
						return corrupt("index \"%s\": first data item of internal block %d is not minus infinity", name, blk)
					case prev != nil:
						// The first child's keys start at the high key of
						// this page's left sibling.
						dl.lowkey = prev.hikey
					}
					next = append(next, dl)
				}
			}
			prev = cp
			blk = btNext(p)
		}
		if ei != len(expected) {
			return corrupt("index \"%s\": downlink to block %d does not lead to a page of level %d in sibling order", name, expected[ei].child, level)
		}
		if level > 0 {
			if len(next) == 0 {
				return corrupt("index \"%s\": internal level %d has no downlinks", name, level)
			}
			expected = next
		}
	}
	return nil
}

// checkPageItems checks one page's items in isolation.
func (r *rel) checkPageItems(cp *checkPage, leaf bool, res *CheckResult) error {
	d := r.d
	name := r.idx.Name
	if leaf {
		res.LeafPages++
	}
	if !leaf && len(cp.items) == 0 {
		return corrupt("index \"%s\": internal block %d has no downlinks", name, cp.blk)
	}
	for i, t := range cp.items {
		if leaf {
			if t.isPivot() {
				return corrupt("index \"%s\": pivot tuple in leaf block %d", name, cp.blk)
			}
			res.Tuples++
			if t.isPosting() {
				res.Entries += int64(t.nPosting())
				for j := 1; j < t.nPosting(); j++ {
					if cmpTID(t.postingN(j-1), t.postingN(j)) >= 0 {
						return corrupt("index \"%s\": posting list in block %d is not in TID order", name, cp.blk)
					}
				}
			} else {
				res.Entries++
			}
			if tid, _ := t.heapTID(); !tid.IsValid() {
				return corrupt("index \"%s\": invalid heap TID in block %d", name, cp.blk)
			}
		} else if !t.isPivot() {
			return corrupt("index \"%s\": non-pivot tuple in internal block %d", name, cp.blk)
		}
		if i > 0 && (leaf || i > 1) {
			ok, err := d.ordered(cp.items[i-1], t, true)
			if err != nil {
				return err
			}
			if !ok {
				return corrupt("index \"%s\": items %d and %d of block %d are out of order", name, i, i+1, cp.blk)
			}
		}
		if cp.hikey != nil && (leaf || i > 0) {
			ok, err := d.ordered(t, cp.hikey, false)
			if err != nil {
				return err
			}
			if !ok {
				return corrupt("index \"%s\": item %d of block %d is above the page's high key", name, i+1, cp.blk)
			}
		}
	}
	return nil
}

// checkBoundary checks that a page's high key sorts before its right
// sibling's first key.
func (r *rel) checkBoundary(left, right *checkPage, leaf bool) error {
	if left.hikey == nil {
		return corrupt("index \"%s\": block %d has a right sibling but no high key", r.idx.Name, left.blk)
	}
	first := 0
	if !leaf {
		first = 1 // skip minus infinity
	}
	if len(right.items) <= first {
		return nil
	}
	ok, err := r.d.ordered(left.hikey, right.items[first], true)
	if err != nil {
		return err
	}
	if !ok {
		return corrupt("index \"%s\": high key of block %d is not below the first key of its right sibling %d", r.idx.Name, left.blk, right.blk)
	}
	return nil
}

// BulkDeleteStats reports what BulkDelete did.
type BulkDeleteStats struct {
	// Removed is the number of heap TIDs removed, Remaining those left.
	Removed, Remaining int64
	// Pages is the index's size in pages.
	Pages uint32
}

// BulkDelete removes every entry whose heap TID dead reports, before VACUUM
// reuses those TIDs (btbulkdelete). Leaf pages are visited in physical
// order; pages are never deleted, so a page split while the pass runs only
// moves entries to new pages at the end of the file, which the pass
// reaches too.
func BulkDelete(ctx context.Context, st *storage.Storage, idx *Index, dead func(table.TID) bool) (BulkDeleteStats, error) {
	var stats BulkDeleteStats
	d, err := idx.tupDesc()
	if err != nil {
		return stats, err
	}
	r := newRel(st, idx, d, nil)
	strategy := r.bm.NewStrategy(storage.Vacuum)
	for blk := uint32(1); ; blk++ {
		n, err := st.NBlocks(r.loc)
		if err != nil {
			return stats, err
		}
		if blk >= n {
			stats.Pages = n
			return stats, nil
		}
		if err := ctx.Err(); err != nil {
			return stats, pgerror.Convert(err)
		}
		buf, err := r.bm.ReadBuffer(r.loc, blk, strategy, nil)
		if err != nil {
			return stats, err
		}
		r.bm.LockBuffer(buf, excl)
		page := r.bm.Page(buf)
		if page.IsNew() {
			r.relBuf(buf, excl)
			continue
		}
		if err := checkBtPage(page, idx.Name, blk); err != nil {
			r.relBuf(buf, excl)
			return stats, err
		}
		if !isLeaf(page) || ignore(page) {
			r.relBuf(buf, excl)
			continue
		}
		err = r.vacuumPage(buf, dead, &stats)
		r.relBuf(buf, excl)
		if err != nil {
			return stats, err
		}
	}
}

// vacuumPage removes dead entries from one locked leaf (btvacuumpage).
func (r *rel) vacuumPage(buf storage.Buffer, dead func(table.TID) bool, stats *BulkDeleteStats) error {
	page := r.bm.Page(buf)
	newpage := make(storage.Page, storage.BlockSize)
	pageInit(newpage)
	copy(opq(newpage), opq(page))
	newpage.SetLSN(page.LSN())
	changed := false
	n := page.MaxOffsetNumber()
	for off := storage.FirstOffsetNumber; off <= n; off++ {
		t, err := getItem(page, off, r.d.nkeys)
		if err != nil {
			return err
		}
		if off == pHikey && !isRightmost(page) {
			pageAddItemAt(newpage, t, newpage.MaxOffsetNumber()+1)
			continue
		}
		tids := postingTIDs(t)
		keep := tids[:0:0]
		for _, tid := range tids {
			if dead(tid) {
				stats.Removed++
			} else {
				keep = append(keep, tid)
			}
		}
		stats.Remaining += int64(len(keep))
		switch {
		case len(keep) == len(tids):
			pageAddItemAt(newpage, t, newpage.MaxOffsetNumber()+1)
		case len(keep) == 0:
			changed = true
		default:
			changed = true
			nt := formPosting(t, keep)
			pageAddItemAt(newpage, nt, newpage.MaxOffsetNumber()+1)
		}
	}
	if !changed {
		return nil
	}
	copy(page, newpage)
	return r.logFullPage(xlogBtreeVacuum, buf)
}
