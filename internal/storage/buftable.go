// buftable.go: the buffer mapping table (PG: storage/buffer/buf_table.c),
// from a block's tag to the buffer holding it. Each partition of the pool
// has one, guarded by the partition's lock.
//
// It is an open-addressing table with linear probing, at most half full:
// every ReadBuffer looks a tag up here, and a probe that usually stays in
// one cache line, keyed by a multiplicative hash of the tag, costs less
// than a general map's. Deleting shifts the entries after the hole back
// (no tombstones), so lookups never slow down with churn.
package storage

// bufSlot is one entry; id < 0 marks an empty slot.
type bufSlot struct {
	tag BufferTag
	id  int32
}

// bufTable maps tags to buffer ids.
type bufTable struct {
	slots []bufSlot // a power of two long
	n     int
	shift uint // 64 - log2(len(slots))
}

// newBufTable returns a table sized for about capacity entries.
func newBufTable(capacity int) bufTable {
	size := 16
	for size < 2*capacity {
		size *= 2
	}
	var t bufTable
	t.alloc(size)
	return t
}

func (t *bufTable) alloc(size int) {
	t.slots = make([]bufSlot, size)
	for i := range t.slots {
		t.slots[i].id = -1
	}
	t.shift = 64
	for s := size; s > 1; s >>= 1 {
		t.shift--
	}
}

// home returns the slot a tag hashes to.
func (t *bufTable) home(tag BufferTag) int {
	k := (uint64(tag.Loc.RelNumber)<<32 | uint64(tag.Block)) ^ uint64(tag.Loc.DbOid)*0xC2B2AE3D27D4EB4F
	return int((k * 0x9E3779B97F4A7C15) >> t.shift)
}

// lookup returns the buffer holding tag.
func (t *bufTable) lookup(tag BufferTag) (int32, bool) {
	mask := len(t.slots) - 1
	for i := t.home(tag); ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.id < 0 {
			return 0, false
		}
		if s.tag == tag {
			return s.id, true
		}
	}
}

// insert adds tag, which is not in the table, held by buffer id.
func (t *bufTable) insert(tag BufferTag, id int32) {
	if 2*(t.n+1) > len(t.slots) {
		old := t.slots
		t.alloc(2 * len(old))
		t.n = 0
		for _, s := range old {
			if s.id >= 0 {
				t.insert(s.tag, s.id)
			}
		}
	}
	mask := len(t.slots) - 1
	i := t.home(tag)
	for t.slots[i].id >= 0 {
		i = (i + 1) & mask
	}
	t.slots[i] = bufSlot{tag: tag, id: id}
	t.n++
}

// delete removes tag if it is held by buffer id, and reports whether it was.
func (t *bufTable) delete(tag BufferTag, id int32) bool {
	mask := len(t.slots) - 1
	i := t.home(tag)
	for {
		s := &t.slots[i]
		if s.id < 0 {
			return false
		}
		if s.tag == tag {
			if s.id != id {
				return false
			}
			break
		}
		i = (i + 1) & mask
	}
	// Move back every later entry of the run that may not stay behind the
	// hole: one whose home is not cyclically within (hole, its slot].
	for j := (i + 1) & mask; t.slots[j].id >= 0; j = (j + 1) & mask {
		h := t.home(t.slots[j].tag)
		if i <= j {
			if i < h && h <= j {
				continue
			}
		} else if i < h || h <= j {
			continue
		}
		t.slots[i] = t.slots[j]
		i = j
	}
	t.slots[i] = bufSlot{id: -1}
	t.n--
	return true
}

// clear empties the table.
func (t *bufTable) clear() {
	for i := range t.slots {
		t.slots[i] = bufSlot{id: -1}
	}
	t.n = 0
}
