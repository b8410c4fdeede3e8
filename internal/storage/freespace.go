// freespace.go: per-relation shared state kept in memory: the extension and
// truncation locks, the insertion target block and a free space map (PG:
// storage/freespace/freespace.c, storage/lmgr's relation extension lock,
// smgr_targblock).
//
// loomdb's free space map is not persisted: VACUUM records the free space of
// the pages it cleans, and inserts look there before extending the relation.
// After a restart the map is empty until the next VACUUM, so inserts go to
// the last page, then extend, as on a fresh table.
//
// Concurrency: safe for concurrent use.
package storage

import (
	"sync"
	"sync/atomic"
)

type relState struct {
	extend   sync.Mutex   // held while adding a block
	truncate sync.RWMutex // shared by inserters, exclusive for VACUUM truncation
	target   atomic.Uint32
	fsmMu    sync.Mutex
	fsm      fsmTree
}

// fsmCatStep is the free space granularity: a page's category is its free
// bytes divided by 32, as in PostgreSQL's FSM.
const fsmCatStep = BlockSize / 256

// fsmTree is a max tree over per-block free space categories.
type fsmTree struct {
	n    int     // leaves, a power of two
	tree []uint8 // tree[1] is the root; leaves at [n, 2n)
}

func (t *fsmTree) set(blk BlockNumber, cat uint8) {
	if int(blk) >= t.n {
		if cat == 0 {
			return
		}
		n := max(t.n, 64)
		for n <= int(blk) {
			n *= 2
		}
		old, oldN := t.tree, t.n
		t.n, t.tree = n, make([]uint8, 2*n)
		for i := 0; i < oldN; i++ {
			t.tree[n+i] = old[oldN+i]
		}
		for i := n - 1; i >= 1; i-- {
			t.tree[i] = max(t.tree[2*i], t.tree[2*i+1])
		}
	}
	i := t.n + int(blk)
	t.tree[i] = cat
	for i /= 2; i >= 1; i /= 2 {
		t.tree[i] = max(t.tree[2*i], t.tree[2*i+1])
	}
}

// search returns the lowest block with category at least cat.
func (t *fsmTree) search(cat uint8) (BlockNumber, bool) {
	if t.n == 0 || t.tree[1] < cat || cat == 0 && t.tree[1] == 0 {
		return InvalidBlockNumber, false
	}
	i := 1
	for i < t.n {
		if t.tree[2*i] >= cat {
			i = 2 * i
		} else {
			i = 2*i + 1
		}
	}
	return BlockNumber(i - t.n), true
}

func (t *fsmTree) truncate(from BlockNumber) {
	for b := int(from); b < t.n; b++ {
		if t.tree[t.n+b] != 0 {
			t.set(BlockNumber(b), 0)
		}
	}
}

func (s *Storage) relState(loc RelFileLocator) *relState {
	s.relMu.Lock()
	defer s.relMu.Unlock()
	rs := s.rels[loc]
	if rs == nil {
		rs = &relState{}
		rs.target.Store(InvalidBlockNumber)
		s.rels[loc] = rs
	}
	return rs
}

func (s *Storage) forgetRelState(loc RelFileLocator) {
	s.relMu.Lock()
	delete(s.rels, loc)
	s.relMu.Unlock()
}

// TruncationLock returns the lock that inserters hold shared while they pick
// and fill a page of loc, and that VACUUM holds exclusively while it cuts
// empty pages off the end.
func (s *Storage) TruncationLock(loc RelFileLocator) *sync.RWMutex {
	return &s.relState(loc).truncate
}

// TargetBlock returns the block inserts into loc tried last
// (RelationGetTargetBlock), or InvalidBlockNumber.
func (s *Storage) TargetBlock(loc RelFileLocator) BlockNumber {
	return s.relState(loc).target.Load()
}

// SetTargetBlock remembers the block inserts into loc should try first.
func (s *Storage) SetTargetBlock(loc RelFileLocator, blk BlockNumber) {
	s.relState(loc).target.Store(blk)
}

// RecordFreeSpace notes that block blk of loc has avail bytes free
// (RecordPageWithFreeSpace).
func (s *Storage) RecordFreeSpace(loc RelFileLocator, blk BlockNumber, avail int) {
	rs := s.relState(loc)
	cat := min(max(avail, 0)/fsmCatStep, 255)
	rs.fsmMu.Lock()
	rs.fsm.set(blk, uint8(cat))
	rs.fsmMu.Unlock()
}

// PageWithFreeSpace returns the lowest block of loc believed to have at
// least need bytes free (GetPageWithFreeSpace), or InvalidBlockNumber.
func (s *Storage) PageWithFreeSpace(loc RelFileLocator, need int) BlockNumber {
	rs := s.relState(loc)
	cat := (need + fsmCatStep - 1) / fsmCatStep
	if cat > 255 {
		return InvalidBlockNumber
	}
	if cat == 0 {
		cat = 1
	}
	rs.fsmMu.Lock()
	defer rs.fsmMu.Unlock()
	blk, _ := rs.fsm.search(uint8(cat))
	return blk
}

// ForgetFreeSpace forgets blocks at or past from (a truncated relation).
func (s *Storage) ForgetFreeSpace(loc RelFileLocator, from BlockNumber) {
	rs := s.relState(loc)
	rs.fsmMu.Lock()
	rs.fsm.truncate(from)
	rs.fsmMu.Unlock()
	if t := rs.target.Load(); t != InvalidBlockNumber && t >= from {
		rs.target.Store(InvalidBlockNumber)
	}
}
