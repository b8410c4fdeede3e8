// nbtdedup.go: deduplication of leaf pages and posting list splits (PG:
// access/nbtree/nbtdedup.c).
//
// When a new entry does not fit on a leaf, runs of entries with equal keys
// are first merged into posting list tuples (one key, many heap TIDs, at
// most a sixth of a page each). A page holding a single value gets the
// "single value" treatment: a few entries at its end are left alone, so
// that the split which must come anyway leaves the left page 96% full.
// An entry whose heap TID falls inside an existing posting list's range
// swaps TIDs with it (_bt_swap_posting) so that the posting list keeps its
// size and the new entry goes right after it.
//
// Concurrency: works on an exclusively locked leaf.
package nbtree

import (
	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/storage"
)

// dedupState is BTDedupStateData.
type dedupState struct {
	deduplicate    bool
	nmaxitems      int
	maxPostingSize int
	base           itup
	baseTupSize    int
	htids          []table.TID
	nitems         int
	nintervals     int
}

func (s *dedupState) startPending(base itup) {
	s.base = base
	s.htids = append(s.htids[:0], postingTIDs(base)...)
	if base.isPosting() {
		s.baseTupSize = base.postingOffset()
	} else {
		s.baseTupSize = base.size()
	}
	s.nitems = 1
}

// saveHTID merges t's TIDs into the pending posting list unless it would
// grow beyond maxPostingSize (_bt_dedup_save_htid).
func (s *dedupState) saveHTID(t itup) bool {
	n := 1
	if t.isPosting() {
		n = t.nPosting()
	}
	if storage.MaxAlignOf(s.baseTupSize+(len(s.htids)+n)*sizeofItemPointer) > s.maxPostingSize {
		if len(s.htids) > 50 {
			s.nmaxitems++
		}
		return false
	}
	s.htids = append(s.htids, postingTIDs(t)...)
	s.nitems++
	return true
}

// finishPending adds the pending posting list (or its lone base tuple) to
// newpage (_bt_dedup_finish_pending).
func (s *dedupState) finishPending(newpage storage.Page) error {
	t := s.base
	if s.nitems > 1 {
		t = formPosting(s.base, s.htids)
		s.nintervals++
	}
	if !pageAddItemAt(newpage, t[:t.size()], newpage.MaxOffsetNumber()+1) {
		return pgerror.Internal("deduplication failed to add tuple to page")
	}
	s.nitems = 0
	s.htids = s.htids[:0]
	return nil
}

// dedupPass merges duplicates on the full leaf buf (_bt_dedup_pass).
// newitemsz is the MAXALIGNed size of the entry waiting to go in.
func (r *rel) dedupPass(buf storage.Buffer, newitem itup, newitemsz int, bottomUp bool) error {
	page := r.bm.Page(buf)
	d := r.d
	newitemsz += storage.ItemIDSize
	s := &dedupState{deduplicate: true, maxPostingSize: min(maxItemSize/2, indexSizeMask)}
	minoff, maxoff := firstDataKey(page), page.MaxOffsetNumber()
	if minoff > maxoff {
		return nil
	}
	singleVal := false
	if !bottomUp {
		var err error
		if singleVal, err = r.doSingleVal(page, minoff, newitem); err != nil {
			return err
		}
	}
	newpage := make(storage.Page, storage.BlockSize)
	pageInit(newpage)
	copy(opq(newpage), opq(page))
	newpage.SetLSN(page.LSN())
	if !isRightmost(page) {
		hk, err := getItem(page, pHikey, d.nkeys)
		if err != nil {
			return err
		}
		if !pageAddItemAt(newpage, hk, pHikey) {
			return pgerror.Internal("deduplication failed to add highkey")
		}
	}
	for off := minoff; off <= maxoff; off++ {
		t, err := getItem(page, off, d.nkeys)
		if err != nil {
			return err
		}
		if off == minoff {
			s.startPending(t)
			continue
		}
		if s.deduplicate {
			keep, err := d.keepNattsFast(s.base, t)
			if err != nil {
				return err
			}
			if keep > d.nkeys && s.saveHTID(t) {
				continue
			}
		}
		if err := s.finishPending(newpage); err != nil {
			return err
		}
		if singleVal {
			switch s.nmaxitems {
			case 5:
				applySingleValFillFactor(s, newitemsz)
			case 6:
				s.deduplicate = false
				singleVal = false
			}
		}
		s.startPending(t)
	}
	if err := s.finishPending(newpage); err != nil {
		return err
	}
	if s.nintervals == 0 {
		return nil
	}
	setBtFlags(newpage, btFlags(newpage)&^btpHasGarbage)
	copy(page, newpage)
	return r.logFullPage(xlogBtreeDedup, buf)
}

// doSingleVal reports whether every entry on the page has the new item's
// key (_bt_do_singleval).
func (r *rel) doSingleVal(page storage.Page, minoff storage.OffsetNumber, newitem itup) (bool, error) {
	for _, off := range []storage.OffsetNumber{minoff, page.MaxOffsetNumber()} {
		t, err := getItem(page, off, r.d.nkeys)
		if err != nil {
			return false, err
		}
		keep, err := r.d.keepNattsFast(newitem, t)
		if err != nil {
			return false, err
		}
		if keep <= r.d.nkeys {
			return false, nil
		}
	}
	return true, nil
}

// applySingleValFillFactor lowers the posting list size limit so that the sixth
// and last large posting list leaves the page 96% full
// (_bt_singleval_fillfactor).
func applySingleValFillFactor(s *dedupState, newitemsz int) {
	leftfree := storage.BlockSize - storage.SizeOfPageHeaderData - sizeofOpaque
	leftfree -= newitemsz + maxAlignedTID
	reduction := int(float64(leftfree) * ((100 - singleValFillFactor) / 100.0))
	if s.maxPostingSize > reduction {
		s.maxPostingSize -= reduction
	} else {
		s.maxPostingSize = 0
	}
}

// swapPosting inserts newitem's TID into the posting list oposting at
// position postingoff, pushing out the list's highest TID, which newitem
// takes instead (_bt_swap_posting). It returns the new posting list;
// newitem is changed in place.
func swapPosting(newitem, oposting itup, postingoff int) (itup, error) {
	n := oposting.nPosting()
	if !oposting.isPosting() || postingoff <= 0 || postingoff >= n {
		return nil, corrupt("posting list tuple with %d items cannot be split at offset %d", n, postingoff)
	}
	nposting := copyTuple(oposting)
	base := nposting.postingOffset()
	pos := base + postingoff*sizeofItemPointer
	copy(nposting[pos+sizeofItemPointer:base+n*sizeofItemPointer], nposting[pos:base+(n-1)*sizeofItemPointer])
	putTID(nposting[pos:], newitem.tid())
	newitem.setTID(oposting.maxHeapTID())
	return nposting, nil
}
