// visibilitymap.go keeps the all-visible bit of every heap page (PG:
// access/heap/visibilitymap.c): a set bit says every tuple on the page is
// visible to every transaction, now and later, so an index-only scan may
// return an entry pointing there without visiting the page. VACUUM sets
// bits; marking a page dirty (every change to its tuples does, under the
// page's exclusive lock) clears its bit before the change can be seen.
//
// The map lives in memory. A clean shutdown saves it next to pg_control,
// stamped with the shutdown checkpoint, and the next start loads it only
// if that checkpoint is where the server stopped cleanly; after a crash
// every bit is clear until the next VACUUM, which costs index-only scans
// their shortcut but never their correctness. Bits are tested without
// locks (atomic words), so any number of scans may test them while writers
// clear them.

package storage

import (
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"

	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

// visibilityMap holds the bits of every relation.
type visibilityMap struct {
	mu   sync.RWMutex
	rels map[RelFileLocator]*VisibilityBits
	// empty is set while rels is, so that marking pages dirty before any
	// VACUUM (a bulk load) takes no lock.
	empty atomic.Bool
}

// setRels replaces the relations' bits; the caller holds mu.
func (vm *visibilityMap) setRels(rels map[RelFileLocator]*VisibilityBits) {
	vm.rels = rels
	vm.empty.Store(len(rels) == 0)
}

// VisibilityBits are one relation's bits, 64 pages to a word; words only
// grow. Growing copies the words under grow's write lock, so that no clear
// (under its read lock) falls between the copy and the switch.
type VisibilityBits struct {
	words atomic.Pointer[[]atomic.Uint64]
	grow  sync.RWMutex
}

func newVisibilityMap() *visibilityMap {
	vm := &visibilityMap{}
	vm.setRels(map[RelFileLocator]*VisibilityBits{})
	return vm
}

func (vm *visibilityMap) bits(loc RelFileLocator, create bool) *VisibilityBits {
	if !create && vm.empty.Load() {
		return nil
	}
	vm.mu.RLock()
	b := vm.rels[loc]
	vm.mu.RUnlock()
	if b != nil || !create {
		return b
	}
	vm.mu.Lock()
	defer vm.mu.Unlock()
	if b = vm.rels[loc]; b == nil {
		b = &VisibilityBits{}
		vm.rels[loc] = b
		vm.empty.Store(false)
	}
	return b
}

// Test reports whether block blk is all-visible; a nil b has no bits set.
func (b *VisibilityBits) Test(blk BlockNumber) bool {
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
		vm.empty.Store(len(vm.rels) == 0)
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

// VisibilityMapKnown reports whether the map holds bits VACUUM set for
// loc since the server started (or the clean shutdown before that): a
// relation without them may have lost them in a crash.
func (s *Storage) VisibilityMapKnown(loc RelFileLocator) bool {
	return s.bm.vm.bits(loc, false) != nil
}

// VisibilityMapOf returns loc's bits for a scan to test without looking
// the relation up each time; nil (no bit set) when VACUUM has marked none
// of its pages since the start.
func (s *Storage) VisibilityMapOf(loc RelFileLocator) *VisibilityBits {
	return s.bm.vm.bits(loc, false)
}

// vmMagic starts the saved map.
const vmMagic = "LMVM"

func vmPath(dataDir string) string { return filepath.Join(dataDir, "global", "pg_visibility") }

// save writes the map, stamped with checkpoint ckpt, to path.
func (vm *visibilityMap) save(path string, ckpt LSN, noFsync bool) error {
	vm.mu.RLock()
	b := append([]byte(vmMagic), make([]byte, 12)...)
	binary.LittleEndian.PutUint64(b[4:], uint64(ckpt))
	binary.LittleEndian.PutUint32(b[12:], uint32(len(vm.rels)))
	for loc, bits := range vm.rels {
		bits.grow.RLock()
		var words []atomic.Uint64
		if w := bits.words.Load(); w != nil {
			words = *w
		}
		b = binary.LittleEndian.AppendUint32(b, uint32(loc.DbOid))
		b = binary.LittleEndian.AppendUint32(b, uint32(loc.RelNumber))
		b = binary.LittleEndian.AppendUint32(b, uint32(len(words)))
		for i := range words {
			b = binary.LittleEndian.AppendUint64(b, words[i].Load())
		}
		bits.grow.RUnlock()
	}
	vm.mu.RUnlock()
	b = binary.LittleEndian.AppendUint32(b, crc32.Checksum(b, crcTable))
	return writeFileDurably(path, b, noFsync)
}

// load reads the map saved at path if it is stamped with checkpoint ckpt
// and intact, reporting whether it did; the file is removed either way,
// so that it can never describe a later state.
func (vm *visibilityMap) load(path string, ckpt LSN) (bool, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, pgerror.Newf(pgerror.IOError, "could not read file \"%s\": %v", path, err)
	}
	if err := os.Remove(path); err != nil {
		return false, pgerror.Newf(pgerror.IOError, "could not remove file \"%s\": %v", path, err)
	}
	if len(b) < 20 || string(b[:4]) != vmMagic || LSN(binary.LittleEndian.Uint64(b[4:])) != ckpt ||
		crc32.Checksum(b[:len(b)-4], crcTable) != binary.LittleEndian.Uint32(b[len(b)-4:]) {
		return false, nil
	}
	rels := map[RelFileLocator]*VisibilityBits{}
	n := binary.LittleEndian.Uint32(b[12:])
	p := b[16 : len(b)-4]
	for range n {
		if len(p) < 12 {
			return false, nil
		}
		loc := RelFileLocator{DbOid: types.Oid(binary.LittleEndian.Uint32(p)), RelNumber: types.Oid(binary.LittleEndian.Uint32(p[4:]))}
		nw := int(binary.LittleEndian.Uint32(p[8:]))
		p = p[12:]
		if len(p) < 8*nw {
			return false, nil
		}
		words := make([]atomic.Uint64, nw)
		for i := range words {
			words[i].Store(binary.LittleEndian.Uint64(p[8*i:]))
		}
		p = p[8*nw:]
		bits := &VisibilityBits{}
		bits.words.Store(&words)
		rels[loc] = bits
	}
	if len(p) != 0 {
		return false, nil
	}
	vm.mu.Lock()
	vm.setRels(rels)
	vm.mu.Unlock()
	return true, nil
}
