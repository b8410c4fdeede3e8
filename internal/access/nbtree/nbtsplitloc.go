// nbtsplitloc.go: choosing where to split a full page (PG:
// access/nbtree/nbtsplitloc.c), so that page counts after inserts come out
// as PostgreSQL's.
//
// Every legal split point (a point between two items of the page with the
// new item in place) is recorded with the free space it leaves on each
// side. They are sorted by how far they are from the ideal balance: 50:50,
// or fillfactor:rest for the rightmost page of a level (ascending inserts
// then leave pages fillfactor% full) and for leaf pages where the new item
// continues an ascending run of a composite key. Among the few best
// balanced candidates the one whose new high key needs the fewest key
// attributes wins (suffix truncation), unless the page is full of
// duplicates: then the split goes next to the duplicates ("many
// duplicates"), or, for a page of a single value, leaves the left page 96%
// full ("single value").
//
// Concurrency: works on a locked page.
package nbtree

import (
	"math"
	"sort"

	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/storage"
)

type splitStrategy uint8

const (
	splitDefault splitStrategy = iota
	splitManyDuplicates
	splitSingleValue
)

// splitPoint is one candidate split (SplitPoint).
type splitPoint struct {
	curdelta      int16
	leftfree      int16
	rightfree     int16
	firstrightoff storage.OffsetNumber
	newitemonleft bool
}

// findSplitData is FindSplitData.
type findSplitData struct {
	r                 *rel
	page              storage.Page
	newitem           itup
	newitemsz         int
	isLeaf            bool
	isRightmost       bool
	newitemoff        storage.OffsetNumber
	leftspace         int
	rightspace        int
	olddataitemstotal int
	minfirstrightsz   int
	splits            []splitPoint
	interval          int
	err               error
}

func (s *findSplitData) item(off storage.OffsetNumber) itup {
	t, err := getItem(s.page, off, s.r.d.nkeys)
	if err != nil && s.err == nil {
		s.err = err
	}
	return t
}

// findSplitLoc returns the first item of the original page that goes to
// the right page and whether the new item goes left (_bt_findsplitloc).
// newitemsz is the new item's MAXALIGNed size.
func (r *rel) findSplitLoc(page storage.Page, newitemoff storage.OffsetNumber, newitemsz int, newitem itup) (storage.OffsetNumber, bool, error) {
	maxoff := page.MaxOffsetNumber()
	leftspace := storage.BlockSize - storage.SizeOfPageHeaderData - sizeofOpaque
	rightspace := leftspace
	if !isRightmost(page) {
		id := page.ItemID(pHikey)
		rightspace -= storage.MaxAlignOf(int(id.Len)) + storage.ItemIDSize
	}
	s := &findSplitData{
		r:                 r,
		page:              page,
		newitem:           newitem,
		newitemsz:         newitemsz + storage.ItemIDSize,
		isLeaf:            isLeaf(page),
		isRightmost:       isRightmost(page),
		newitemoff:        newitemoff,
		leftspace:         leftspace,
		rightspace:        rightspace,
		olddataitemstotal: rightspace - page.ExactFreeSpace(),
		minfirstrightsz:   math.MaxInt,
		splits:            make([]splitPoint, 0, maxoff),
	}
	leaffillfactor := r.idx.leafFillFactor()
	olddataitemstoleft := 0
	for off := firstDataKey(page); off <= maxoff; off++ {
		itemsz := storage.MaxAlignOf(int(page.ItemID(off).Len)) + storage.ItemIDSize
		switch {
		case off < newitemoff:
			s.recSplitLoc(off, false, olddataitemstoleft, itemsz)
		case off > newitemoff:
			s.recSplitLoc(off, true, olddataitemstoleft, itemsz)
		default:
			s.recSplitLoc(off, false, olddataitemstoleft, itemsz)
			s.recSplitLoc(off, true, olddataitemstoleft, itemsz)
		}
		olddataitemstoleft += itemsz
	}
	if newitemoff > maxoff {
		s.recSplitLoc(newitemoff, false, s.olddataitemstotal, 0)
	}
	if s.err != nil {
		return 0, false, s.err
	}
	if len(s.splits) == 0 {
		return 0, false, corrupt("could not find a feasible split point for index \"%s\"", r.idx.Name)
	}
	var usemult bool
	var fillfactormult float64
	switch {
	case !s.isLeaf:
		usemult = s.isRightmost
		fillfactormult = nonLeafFillFactor / 100.0
	case s.isRightmost:
		usemult = true
		fillfactormult = float64(leaffillfactor) / 100.0
	default:
		after, um, err := s.afterNewItemOff(maxoff, leaffillfactor)
		if err != nil {
			return 0, false, err
		}
		switch {
		case !after:
			usemult, fillfactormult = false, 0.50
		case um:
			usemult, fillfactormult = true, float64(leaffillfactor)/100.0
		default:
			for _, sp := range s.splits {
				if sp.newitemonleft && newitemoff == sp.firstrightoff {
					return newitemoff, true, nil
				}
			}
			usemult, fillfactormult = false, 0.50
		}
	}
	leftpage := s.splits[0]
	rightpage := s.splits[len(s.splits)-1]
	s.deltaSortSplits(fillfactormult, usemult)
	s.interval = s.defaultInterval()
	perfectpenalty, strategy := s.strategy(&leftpage, &rightpage)
	if s.err != nil {
		return 0, false, s.err
	}
	switch strategy {
	case splitManyDuplicates:
		s.interval = len(s.splits)
	case splitSingleValue:
		s.deltaSortSplits(singleValFillFactor/100.0, true)
		s.interval = 1
	}
	off, onleft := s.bestSplitLoc(perfectpenalty, strategy)
	return off, onleft, s.err
}

// recSplitLoc records a split point if it is legal (_bt_recsplitloc).
func (s *findSplitData) recSplitLoc(firstrightoff storage.OffsetNumber, newitemonleft bool, olddataitemstoleft, firstrightofforigpagetuplesz int) {
	newitemisfirstright := firstrightoff == s.newitemoff && !newitemonleft
	var firstrightsz, postingsz int
	if newitemisfirstright {
		firstrightsz = s.newitemsz
	} else {
		firstrightsz = firstrightofforigpagetuplesz
		if s.isLeaf && firstrightsz > 64 {
			if t := s.item(firstrightoff); t != nil && t.isPosting() {
				postingsz = t.size() - t.postingOffset()
			}
		}
	}
	leftfree := int16(s.leftspace - olddataitemstoleft)
	rightfree := int16(s.rightspace - (s.olddataitemstotal - olddataitemstoleft))
	if s.isLeaf {
		leftfree -= int16(firstrightsz + maxAlignedTID - postingsz)
	} else {
		leftfree -= int16(firstrightsz)
	}
	if newitemonleft {
		leftfree -= int16(s.newitemsz)
	} else {
		rightfree -= int16(s.newitemsz)
	}
	if !s.isLeaf {
		rightfree += int16(firstrightsz) - int16(sizeofIndexTupleData+storage.ItemIDSize)
	}
	if leftfree >= 0 && rightfree >= 0 {
		s.minfirstrightsz = min(s.minfirstrightsz, firstrightsz)
		s.splits = append(s.splits, splitPoint{leftfree: leftfree, rightfree: rightfree, firstrightoff: firstrightoff, newitemonleft: newitemonleft})
	}
}

// deltaSortSplits sorts the split points by their distance from the
// wanted balance (_bt_deltasortsplits). The sort is stable, as glibc's
// merge-sort based qsort is.
func (s *findSplitData) deltaSortSplits(fillfactormult float64, usemult bool) {
	for i := range s.splits {
		sp := &s.splits[i]
		var delta int16
		if usemult {
			delta = int16(fillfactormult*float64(sp.leftfree) - (1.0-fillfactormult)*float64(sp.rightfree))
		} else {
			delta = sp.leftfree - sp.rightfree
		}
		if delta < 0 {
			delta = -delta
		}
		sp.curdelta = delta
	}
	sort.SliceStable(s.splits, func(i, j int) bool { return s.splits[i].curdelta < s.splits[j].curdelta })
}

// afterNewItemOff decides whether to split just after the new item, which
// continues a run of ascending inserts into a composite index
// (_bt_afternewitemoff); usemult asks for the leaf fillfactor instead.
func (s *findSplitData) afterNewItemOff(maxoff storage.OffsetNumber, leaffillfactor int) (bool, bool, error) {
	nkeys := s.r.d.nkeys
	if nkeys == 1 || s.newitemoff == pFirstKey {
		return false, false, nil
	}
	if s.newitemsz != s.minfirstrightsz || s.newitemsz*(int(maxoff)-1) != s.olddataitemstotal {
		return false, false, nil
	}
	if s.newitemsz > storage.MaxAlignOf(sizeofIndexTupleData+8*2)+storage.ItemIDSize {
		return false, false, nil
	}
	if s.newitemoff > maxoff {
		t, err := getItem(s.page, maxoff, nkeys)
		if err != nil {
			return false, false, err
		}
		keep, err := s.r.d.keepNattsFast(t, s.newitem)
		if err != nil {
			return false, false, err
		}
		if keep > 1 && keep <= nkeys {
			return true, true, nil
		}
		return false, false, nil
	}
	t, err := getItem(s.page, s.newitemoff-1, nkeys)
	if err != nil {
		return false, false, err
	}
	if t.isPosting() || !adjacentHTID(t.tid(), s.newitem.tid()) {
		return false, false, nil
	}
	keep, err := s.r.d.keepNattsFast(t, s.newitem)
	if err != nil {
		return false, false, err
	}
	if keep > 1 && keep <= nkeys {
		interp := float64(s.newitemoff) / (float64(maxoff) + 1)
		return true, interp > float64(leaffillfactor)/100.0, nil
	}
	return false, false, nil
}

// adjacentHTID reports whether high was probably inserted into the heap
// right after low (_bt_adjacenthtid).
func adjacentHTID(low, high table.TID) bool {
	return low.Block == high.Block || low.Block+1 == high.Block && high.Offset == storage.FirstOffsetNumber
}

// bestSplitLoc picks the split point with the lowest penalty within the
// split interval (_bt_bestsplitloc).
func (s *findSplitData) bestSplitLoc(perfectpenalty int, strategy splitStrategy) (storage.OffsetNumber, bool) {
	highsplit := min(s.interval, len(s.splits))
	bestpenalty := math.MaxInt
	lowsplit := 0
	for i := 0; i < highsplit; i++ {
		penalty := s.penalty(&s.splits[i])
		if penalty < bestpenalty {
			bestpenalty = penalty
			lowsplit = i
		}
		if penalty <= perfectpenalty {
			break
		}
	}
	final := &s.splits[lowsplit]
	if strategy == splitManyDuplicates && !s.isRightmost && !final.newitemonleft &&
		final.firstrightoff >= s.newitemoff && final.firstrightoff < s.newitemoff+9 {
		final = &s.splits[0]
	}
	return final.firstrightoff, final.newitemonleft
}

// defaultInterval returns how many of the best balanced splits the
// default strategy considers (_bt_defaultinterval).
func (s *findSplitData) defaultInterval() int {
	var tolerance int16
	if s.isLeaf {
		tolerance = int16(float64(s.olddataitemstotal) * 0.050)
	} else {
		tolerance = int16(float64(s.olddataitemstotal) * 0.075)
	}
	opt := &s.splits[0]
	lowleftfree := opt.leftfree - tolerance
	lowrightfree := opt.rightfree - tolerance
	highleftfree := opt.leftfree + tolerance
	highrightfree := opt.rightfree + tolerance
	for i := 1; i < len(s.splits); i++ {
		sp := &s.splits[i]
		if sp.leftfree < lowleftfree || sp.rightfree < lowrightfree || sp.leftfree > highleftfree || sp.rightfree > highrightfree {
			return i
		}
	}
	return len(s.splits)
}

// strategy decides between the default, many-duplicates and single-value
// strategies and returns the perfect penalty (_bt_strategy).
func (s *findSplitData) strategy(leftpage, rightpage *splitPoint) (int, splitStrategy) {
	nkeys := s.r.d.nkeys
	if !s.isLeaf {
		return s.minfirstrightsz, splitDefault
	}
	li, ri := s.intervalEdges()
	perfect := s.keepFast(s.lastLeft(li), s.firstRight(ri))
	if perfect <= nkeys {
		return perfect, splitDefault
	}
	perfect = s.keepFast(s.lastLeft(leftpage), s.firstRight(rightpage))
	if perfect <= nkeys {
		return nkeys, splitManyDuplicates
	}
	if s.isRightmost {
		return perfect, splitSingleValue
	}
	hk := s.item(pHikey)
	if hk == nil {
		return perfect, splitDefault
	}
	perfect = s.keepFast(hk, s.newitem)
	if perfect <= nkeys {
		return perfect, splitSingleValue
	}
	return perfect, splitDefault
}

func (s *findSplitData) keepFast(a, b itup) int {
	if a == nil || b == nil {
		return 1
	}
	n, err := s.r.d.keepNattsFast(a, b)
	if err != nil && s.err == nil {
		s.err = err
	}
	return n
}

// intervalEdges returns the leftmost and rightmost splits of the current
// interval (_bt_interval_edges).
func (s *findSplitData) intervalEdges() (left, right *splitPoint) {
	highsplit := min(s.interval, len(s.splits))
	opt := &s.splits[0]
	for i := highsplit - 1; i >= 0; i-- {
		d := &s.splits[i]
		switch {
		case d.firstrightoff < opt.firstrightoff:
			if left == nil {
				left = d
			}
		case d.firstrightoff > opt.firstrightoff:
			if right == nil {
				right = d
			}
		case !d.newitemonleft && opt.newitemonleft:
			if left == nil {
				left = d
			}
		case d.newitemonleft && !opt.newitemonleft:
			if right == nil {
				right = d
			}
		default:
			if left == nil {
				left = d
			}
			if right == nil {
				right = d
			}
		}
		if left != nil && right != nil {
			return left, right
		}
	}
	if left == nil {
		left = opt
	}
	if right == nil {
		right = opt
	}
	return left, right
}

// penalty is the number of key attributes the split's new high key needs
// (leaf pages) or its firstright tuple's size (internal pages)
// (_bt_split_penalty).
func (s *findSplitData) penalty(sp *splitPoint) int {
	if !s.isLeaf {
		if !sp.newitemonleft && sp.firstrightoff == s.newitemoff {
			return s.newitemsz
		}
		return storage.MaxAlignOf(int(s.page.ItemID(sp.firstrightoff).Len)) + storage.ItemIDSize
	}
	return s.keepFast(s.lastLeft(sp), s.firstRight(sp))
}

func (s *findSplitData) lastLeft(sp *splitPoint) itup {
	if sp.newitemonleft && sp.firstrightoff == s.newitemoff {
		return s.newitem
	}
	return s.item(sp.firstrightoff - 1)
}

func (s *findSplitData) firstRight(sp *splitPoint) itup {
	if !sp.newitemonleft && sp.firstrightoff == s.newitemoff {
		return s.newitem
	}
	return s.item(sp.firstrightoff)
}
