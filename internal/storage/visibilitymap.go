// visibilitymap.go keeps the all-visible bit of every heap page (PG:
// access/heap/visibilitymap.c): a set bit says every tuple on the page is
// visible to every transaction, now and later, so an index-only scan may
// return an entry pointing there without visiting the page. VACUUM sets
// bits; marking a page dirty (every change to its tuples does, under the
// page's exclusive lock) clears its bit before the change can be seen.
//
// The map lives in memory only: after a restart every bit is clear until
// the next VACUUM, which costs index-only scans their shortcut but never
// their correctness. Bits are tested without locks (atomic words), so any
// number of scans may test them while writers clear them.

package storage

import (
	"sync"
	"sync/atomic"
)

// visibilityMap holds the bits of every relation.
type visibilityMap struct {
	mu   sync.RWMutex
	rels map[RelFileLocator]*vmBits
}

// vmBits are one relation's bits, 64 pages to a word; words only grow.
// Growing copies the words under grow's write lock, so that no clear
// (under its read lock) falls between the copy and the switch.
type vmBits struct {
	words atomic.Pointer[[]atomic.Uint64]
	grow  sync.RWMutex
}

func newVisibilityMap() *visibilityMap {
	return &visibilityMap{rels: map[RelFileLocator]*vmBits{}}
}

func (vm *visibilityMap) bits(loc RelFileLocator, create bool) *vmBits {
	vm.mu.RLock()
	b := vm.rels[loc]
	vm.mu.RUnlock()
	if b != nil || !create {
		return b
	}
	vm.mu.Lock()
	defer vm.mu.Unlock()
	if b = vm.rels[loc]; b == nil {
		b = &vmBits{}
		vm.rels[loc] = b
	}
	return b
}

// test reports whether block blk of loc is all-visible.
func (vm *visibilityMap) test(loc RelFileLocator, blk BlockNumber) bool {
	b := vm.bits(loc, false)
	if b == nil {
		return false
	}
	w := b.words.Load()
	if w == nil || int(blk/64) >= len(*w) {
		return false
	}
	return (*w)[blk/64].Load()&(1<<(blk%64)) != 0
}

// set marks block blk of loc all-visible.
func (vm *visibilityMap) set(loc RelFileLocator, blk BlockNumber) {
	b := vm.bits(loc, true)
	i := int(blk / 64)
	b.grow.RLock()
	if w := b.words.Load(); w != nil && i < len(*w) {
		(*w)[i].Or(1 << (blk % 64))
		b.grow.RUnlock()
		return
	}
	b.grow.RUnlock()
	b.grow.Lock()
	defer b.grow.Unlock()
	w := b.words.Load()
	if w == nil || i >= len(*w) {
		n := make([]atomic.Uint64, max(2*(i+1), 64))
		if w != nil {
			for j := range *w {
				n[j].Store((*w)[j].Load())
			}
		}
		b.words.Store(&n)
		w = &n
	}
	(*w)[i].Or(1 << (blk % 64))
}

// clear marks block blk of loc not all-visible.
func (vm *visibilityMap) clear(loc RelFileLocator, blk BlockNumber) {
	b := vm.bits(loc, false)
	if b == nil {
		return
	}
	b.grow.RLock()
	defer b.grow.RUnlock()
	if w := b.words.Load(); w != nil && int(blk/64) < len(*w) {
		(*w)[blk/64].And(^uint64(1 << (blk % 64)))
	}
}

// truncate clears the bits of blocks from on (a truncated relation), or
// forgets the relation when from is 0 (a dropped one).
func (vm *visibilityMap) truncate(loc RelFileLocator, from BlockNumber) {
	if from == 0 {
		vm.mu.Lock()
		delete(vm.rels, loc)
		vm.mu.Unlock()
		return
	}
	b := vm.bits(loc, false)
	if b == nil {
		return
	}
	b.grow.Lock()
	defer b.grow.Unlock()
	w := b.words.Load()
	if w == nil {
		return
	}
	for blk := int(from); blk < len(*w)*64; blk++ {
		(*w)[blk/64].And(^uint64(1 << (blk % 64)))
	}
}

// VisibilityMapSet marks block blk of loc all-visible: VACUUM found every
// tuple on it visible to every transaction. The caller holds the page's
// exclusive lock.
func (s *Storage) VisibilityMapSet(loc RelFileLocator, blk BlockNumber) { s.bm.vm.set(loc, blk) }

// VisibilityMapTest reports whether block blk of loc is all-visible, so
// that an index-only scan need not visit it.
func (s *Storage) VisibilityMapTest(loc RelFileLocator, blk BlockNumber) bool {
	return s.bm.vm.test(loc, blk)
}
