// bufmgr.go: the shared buffer pool (PG: storage/buffer/bufmgr.c, buf_table.c).
//
// A fixed array of page-sized buffers caches relation blocks. A buffer is
// found through a partitioned mapping table keyed by BufferTag; a caller pins
// it (ReadBuffer), takes its content lock shared or exclusive while looking at
// or changing the page, and unpins it (ReleaseBuffer). Unpinned buffers are
// recycled by the clock sweep in freelist.go; a dirty victim is written out
// after the WAL is flushed up to the page's LSN (WAL before data).
//
// Concurrency: safe for any number of goroutines. Lock order: mapping
// partition locks (in index order) before a buffer header mutex; a buffer's
// content lock is never taken while holding a header mutex or partition lock.
// Page bytes are read only under the content lock (shared or exclusive) and
// written only under the exclusive content lock.
package storage

import (
	"errors"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/loomdb/loomdb/internal/pgerror"
)

// Buffer identifies a buffer of the pool; 0 is InvalidBuffer.
type Buffer int32

// InvalidBuffer is the zero Buffer.
const InvalidBuffer Buffer = 0

// BufferTag names the block a buffer holds.
type BufferTag struct {
	Loc   RelFileLocator
	Block BlockNumber
}

// ReadBufferMode selects how ReadBufferExtended fills a buffer.
type ReadBufferMode uint8

const (
	// RBMNormal reads the block from disk.
	RBMNormal ReadBufferMode = iota
	// RBMZeroAndLock returns a zero-filled page, already locked exclusively,
	// without reading it (new blocks, full-page images in redo).
	RBMZeroAndLock
)

// BufferLockMode is a content lock mode.
type BufferLockMode uint8

const (
	// BufferLockShare allows concurrent readers.
	BufferLockShare BufferLockMode = iota + 1
	// BufferLockExclusive allows one writer.
	BufferLockExclusive
)

// BufferUsage counts buffer accesses for EXPLAIN (BUFFERS). One goroutine
// owns a BufferUsage; merge copies with Add.
type BufferUsage struct {
	SharedHit     int64
	SharedRead    int64
	SharedDirtied int64
	SharedWritten int64
}

// Add adds o's counts to u.
func (u *BufferUsage) Add(o BufferUsage) {
	u.SharedHit += o.SharedHit
	u.SharedRead += o.SharedRead
	u.SharedDirtied += o.SharedDirtied
	u.SharedWritten += o.SharedWritten
}

// BufferStats are pool-wide counters since Open.
type BufferStats struct {
	Hits, Reads, Writes, Dirtied int64
}

const (
	bufTagValid     = 1 << 0
	bufValid        = 1 << 1
	bufDirty        = 1 << 2
	bufIOInProgress = 1 << 3

	maxUsageCount = 5
	numPartitions = 128
)

type bufferDesc struct {
	id       int32
	hdr      sync.Mutex // guards tag, flags, refcount, usage, ioDone
	tag      BufferTag
	flags    uint8
	usage    uint8
	refcount int32
	ioDone   chan struct{} // closed when the I/O in progress finishes
	content  sync.RWMutex
	page     Page
}

type bufPartition struct {
	mu sync.RWMutex
	m  bufTable
	_  [64]byte // keep partitions on separate cache lines
}

// BufferManager is the shared buffer pool of one Storage.
type BufferManager struct {
	sm       *smgr
	flushWAL func(LSN) error // WAL-before-data; nil while WAL is not needed
	descs    []bufferDesc
	parts    [numPartitions]bufPartition
	hand     atomic.Uint64
	nbuffers int
	// vm is the all-visible bit of every heap page; marking a page dirty
	// clears it.
	vm *visibilityMap

	hits, reads, writes, dirtied atomic.Int64
}

func newBufferManager(sm *smgr, nbuffers int) *BufferManager {
	bm := &BufferManager{sm: sm, nbuffers: nbuffers, vm: newVisibilityMap()}
	arena := make([]byte, nbuffers*BlockSize)
	bm.descs = make([]bufferDesc, nbuffers)
	for i := range bm.descs {
		bm.descs[i].id = int32(i)
		bm.descs[i].page = Page(arena[i*BlockSize : (i+1)*BlockSize : (i+1)*BlockSize])
	}
	for i := range bm.parts {
		bm.parts[i].m = newBufTable(nbuffers/numPartitions + 1)
	}
	return bm
}

// NBuffers returns the number of buffers in the pool (shared_buffers).
func (bm *BufferManager) NBuffers() int { return bm.nbuffers }

// Stats returns pool-wide counters.
func (bm *BufferManager) Stats() BufferStats {
	return BufferStats{Hits: bm.hits.Load(), Reads: bm.reads.Load(), Writes: bm.writes.Load(), Dirtied: bm.dirtied.Load()}
}

func (t BufferTag) partition() int {
	h := uint32(t.Loc.RelNumber)*0x9E3779B1 ^ uint32(t.Loc.DbOid)*0x85EBCA77 ^ t.Block*0xC2B2AE3D
	h ^= h >> 15
	return int(h % numPartitions)
}

func (bm *BufferManager) desc(b Buffer) *bufferDesc { return &bm.descs[b-1] }

// Page returns the page held by pinned buffer b.
func (bm *BufferManager) Page(b Buffer) Page { return bm.desc(b).page }

// Tag returns the block held by pinned buffer b.
func (bm *BufferManager) Tag(b Buffer) BufferTag {
	d := bm.desc(b)
	d.hdr.Lock()
	t := d.tag
	d.hdr.Unlock()
	return t
}

// BlockNumber returns the block number held by pinned buffer b.
func (bm *BufferManager) BlockNumber(b Buffer) BlockNumber { return bm.Tag(b).Block }

// ReadBuffer pins the buffer holding block blk of loc, reading it if needed.
// strategy may be nil; usage, when non-nil, receives hit/read counts.
func (bm *BufferManager) ReadBuffer(loc RelFileLocator, blk BlockNumber, strategy *BufferAccessStrategy, usage *BufferUsage) (Buffer, error) {
	return bm.ReadBufferExtended(loc, blk, RBMNormal, strategy, usage)
}

// ReadBufferExtended is ReadBuffer with a mode.
func (bm *BufferManager) ReadBufferExtended(loc RelFileLocator, blk BlockNumber, mode ReadBufferMode, strategy *BufferAccessStrategy, usage *BufferUsage) (Buffer, error) {
	d, found, err := bm.claimBuffer(BufferTag{Loc: loc, Block: blk}, strategy, usage)
	if err != nil {
		return InvalidBuffer, err
	}
	if found {
		return bm.finishHit(d, mode, usage)
	}
	if err := bm.doIO(d, mode, usage); err != nil {
		bm.unpin(d)
		return InvalidBuffer, err
	}
	return Buffer(d.id + 1), nil
}

// claimBuffer returns tag's buffer pinned. found reports that tag was
// already in the pool (its page may still be being read: see finishHit);
// otherwise the buffer is a victim retagged for tag with its I/O in
// progress, which the caller must do (doIO) or end.
func (bm *BufferManager) claimBuffer(tag BufferTag, strategy *BufferAccessStrategy, usage *BufferUsage) (*bufferDesc, bool, error) {
	part := &bm.parts[tag.partition()]
	for {
		part.mu.RLock()
		if id, ok := part.m.lookup(tag); ok {
			d := &bm.descs[id]
			bm.pinLocked(d, strategy)
			part.mu.RUnlock()
			return d, true, nil
		}
		part.mu.RUnlock()

		d, err := bm.getVictim(strategy, usage)
		if err != nil {
			return nil, false, err
		}
		d.hdr.Lock()
		oldTag, hadTag := d.tag, d.flags&bufTagValid != 0
		d.hdr.Unlock()
		var oldPart *bufPartition
		if hadTag {
			oldPart = &bm.parts[oldTag.partition()]
		}
		lockParts(part, oldPart)
		if id, ok := part.m.lookup(tag); ok {
			// Someone else loaded the block meanwhile.
			e := &bm.descs[id]
			bm.pinLocked(e, strategy)
			unlockParts(part, oldPart)
			bm.unpin(d)
			return e, true, nil
		}
		d.hdr.Lock()
		if d.refcount != 1 || d.flags&bufDirty != 0 || d.tag != oldTag || (d.flags&bufTagValid != 0) != hadTag || d.flags&bufIOInProgress != 0 {
			// Pinned or dirtied by someone else since we chose it.
			d.hdr.Unlock()
			unlockParts(part, oldPart)
			bm.unpin(d)
			continue
		}
		if hadTag {
			oldPart.m.delete(oldTag, d.id)
		}
		d.tag = tag
		d.flags = bufTagValid | bufIOInProgress
		d.usage = 1
		d.ioDone = make(chan struct{})
		d.hdr.Unlock()
		part.m.insert(tag, d.id)
		unlockParts(part, oldPart)
		return d, false, nil
	}
}

// IOCombineLimit is how many consecutive blocks ReadBuffers reads with
// one system call (PostgreSQL 17's io_combine_limit default, 128 kB).
const IOCombineLimit = 16

// ReadBuffers pins the buffers of the n consecutive blocks of loc from
// blk and appends them to out in block order, reading the blocks not in
// the pool with as few vectored reads as it can (PostgreSQL 17's
// StartReadBuffers/WaitReadBuffers, done at once). On error it pins
// nothing.
func (bm *BufferManager) ReadBuffers(loc RelFileLocator, blk BlockNumber, n int, strategy *BufferAccessStrategy, usage *BufferUsage, out []Buffer) ([]Buffer, error) {
	base := len(out)
	var run []*bufferDesc
	var firstErr error
	flush := func() {
		if len(run) > 0 {
			if err := bm.readRun(loc, run, usage); err != nil && firstErr == nil {
				firstErr = err
			}
			run = run[:0]
		}
	}
	for i := 0; i < n && firstErr == nil; i++ {
		b := blk + BlockNumber(i)
		if len(run) > 0 && (b%RelSegSize == 0 || len(run) == IOCombineLimit) {
			flush()
			if firstErr != nil {
				break
			}
		}
		d, found, err := bm.claimBuffer(BufferTag{Loc: loc, Block: b}, strategy, usage)
		if err != nil {
			firstErr = err
			break
		}
		if !found {
			if run == nil {
				run = make([]*bufferDesc, 0, min(n, IOCombineLimit))
			}
			run = append(run, d)
			out = append(out, Buffer(d.id+1))
			continue
		}
		// A found block ends the run of consecutive blocks to read, and
		// our reads end before we wait for anyone else's: two readers
		// each waiting for the other's blocks would wait forever.
		flush()
		if _, err := bm.finishHit(d, RBMNormal, usage); err != nil {
			firstErr = err
			break
		}
		out = append(out, Buffer(d.id+1))
	}
	flush()
	if firstErr != nil {
		for _, b := range out[base:] {
			bm.ReleaseBuffer(b)
		}
		return out[:base], firstErr
	}
	return out, nil
}

// readRun reads the claimed buffers of consecutive blocks, the first
// run[0]'s, with one vectored read, and ends their I/O. A block the read
// did not bring whole, or brought but failing verification, is read again
// on its own, so that its error is the one ReadBuffer reports.
func (bm *BufferManager) readRun(loc RelFileLocator, run []*bufferDesc, usage *BufferUsage) error {
	pages := make([][]byte, len(run))
	for i, d := range run {
		pages[i] = d.page
	}
	nread, err := bm.sm.ReadBlocks(loc, run[0].tag.Block, pages)
	if err != nil {
		nread = 0
	}
	var firstErr error
	for i, d := range run {
		if i < nread && VerifyPage(d.page) {
			bm.countRead(usage)
			bm.endIO(d, true)
			continue
		}
		if err := bm.doIO(d, RBMNormal, usage); err != nil && firstErr == nil {
			firstErr = err
		}
	}
	return firstErr
}

func lockParts(a, b *bufPartition) {
	if b == nil || a == b {
		a.mu.Lock()
		return
	}
	// Partitions are elements of one array: lock the lower address first.
	if partitionIndexLess(a, b) {
		a.mu.Lock()
		b.mu.Lock()
	} else {
		b.mu.Lock()
		a.mu.Lock()
	}
}

func partitionIndexLess(a, b *bufPartition) bool {
	return uintptr(unsafe.Pointer(a)) < uintptr(unsafe.Pointer(b))
}

func unlockParts(a, b *bufPartition) {
	a.mu.Unlock()
	if b != nil && b != a {
		b.mu.Unlock()
	}
}

// pinLocked pins d; the caller holds d's mapping partition lock, which keeps
// d from being recycled.
func (bm *BufferManager) pinLocked(d *bufferDesc, strategy *BufferAccessStrategy) {
	d.hdr.Lock()
	d.refcount++
	if strategy == nil {
		if d.usage < maxUsageCount {
			d.usage++
		}
	} else if d.usage == 0 {
		d.usage = 1
	}
	d.hdr.Unlock()
}

func (bm *BufferManager) unpin(d *bufferDesc) {
	d.hdr.Lock()
	d.refcount--
	if d.refcount < 0 {
		d.refcount = 0
	}
	d.hdr.Unlock()
}

// finishHit waits until a pinned, found buffer is valid, taking over the read
// when an earlier one failed.
func (bm *BufferManager) finishHit(d *bufferDesc, mode ReadBufferMode, usage *BufferUsage) (Buffer, error) {
	for {
		d.hdr.Lock()
		if d.flags&bufValid != 0 {
			d.hdr.Unlock()
			bm.hits.Add(1)
			if usage != nil {
				usage.SharedHit++
			}
			if mode == RBMZeroAndLock {
				d.content.Lock()
				clear(d.page)
			}
			return Buffer(d.id + 1), nil
		}
		if ch := d.ioDone; ch != nil {
			d.hdr.Unlock()
			<-ch
			continue
		}
		d.flags |= bufIOInProgress
		d.ioDone = make(chan struct{})
		d.hdr.Unlock()
		if err := bm.doIO(d, mode, usage); err != nil {
			bm.unpin(d)
			return InvalidBuffer, err
		}
		return Buffer(d.id + 1), nil
	}
}

// doIO fills d, whose I/O-in-progress flag the caller set, and ends the I/O.
// In RBMZeroAndLock mode d is returned locked exclusively.
func (bm *BufferManager) doIO(d *bufferDesc, mode ReadBufferMode, usage *BufferUsage) error {
	var err error
	if mode == RBMZeroAndLock {
		d.content.Lock()
		clear(d.page)
	} else {
		d.hdr.Lock()
		tag := d.tag
		d.hdr.Unlock()
		err = bm.sm.Read(tag.Loc, tag.Block, d.page)
		if err == nil && !VerifyPage(d.page) {
			err = pgerror.Newf(pgerror.DataCorrupted, "invalid page in block %d of relation %s", tag.Block, tag.Loc)
		}
		if err == nil {
			bm.countRead(usage)
		}
	}
	bm.endIO(d, err == nil)
	return err
}

// countRead counts a block read from disk.
func (bm *BufferManager) countRead(usage *BufferUsage) {
	bm.reads.Add(1)
	if usage != nil {
		usage.SharedRead++
	}
}

// endIO ends d's I/O in progress, marking the page valid when it was
// filled, and wakes those waiting for it.
func (bm *BufferManager) endIO(d *bufferDesc, valid bool) {
	d.hdr.Lock()
	if valid {
		d.flags |= bufValid
	}
	d.flags &^= bufIOInProgress
	close(d.ioDone)
	d.ioDone = nil
	d.hdr.Unlock()
}

// ReleaseBuffer unpins b.
func (bm *BufferManager) ReleaseBuffer(b Buffer) {
	if b == InvalidBuffer {
		return
	}
	bm.unpin(bm.desc(b))
}

// IncrBufferRefCount adds a pin to the already pinned buffer b.
func (bm *BufferManager) IncrBufferRefCount(b Buffer) {
	d := bm.desc(b)
	d.hdr.Lock()
	d.refcount++
	d.hdr.Unlock()
}

// LockBuffer takes b's content lock in the given mode.
func (bm *BufferManager) LockBuffer(b Buffer, mode BufferLockMode) {
	d := bm.desc(b)
	if mode == BufferLockExclusive {
		d.content.Lock()
	} else {
		d.content.RLock()
	}
}

// UnlockBuffer releases b's content lock held in the given mode.
func (bm *BufferManager) UnlockBuffer(b Buffer, mode BufferLockMode) {
	d := bm.desc(b)
	if mode == BufferLockExclusive {
		d.content.Unlock()
	} else {
		d.content.RUnlock()
	}
}

// UnlockReleaseBuffer unlocks and unpins b.
func (bm *BufferManager) UnlockReleaseBuffer(b Buffer, mode BufferLockMode) {
	bm.UnlockBuffer(b, mode)
	bm.ReleaseBuffer(b)
}

// ConditionalLockBufferForCleanup takes b's exclusive lock if it can do so
// at once and the caller's pin is the only one, so tuples may be moved. It
// reports whether it did.
func (bm *BufferManager) ConditionalLockBufferForCleanup(b Buffer) bool {
	d := bm.desc(b)
	if !d.content.TryLock() {
		return false
	}
	d.hdr.Lock()
	ok := d.refcount == 1
	d.hdr.Unlock()
	if !ok {
		d.content.Unlock()
	}
	return ok
}

// MarkBufferDirty marks b changed; the caller holds its exclusive lock.
// The page is no longer all-visible: whatever changed may be a tuple some
// transaction must not see.
func (bm *BufferManager) MarkBufferDirty(b Buffer) {
	d := bm.desc(b)
	d.hdr.Lock()
	tag := d.tag
	if d.flags&bufDirty == 0 {
		d.flags |= bufDirty
		bm.dirtied.Add(1)
	}
	d.hdr.Unlock()
	bm.vm.clear(tag.Loc, tag.Block)
}

// flushBuffer writes d if dirty. The caller pins d and holds its content lock
// (either mode), so the page cannot change meanwhile.
func (bm *BufferManager) flushBuffer(d *bufferDesc, usage *BufferUsage) error {
	d.hdr.Lock()
	if d.flags&(bufDirty|bufTagValid|bufValid) != bufDirty|bufTagValid|bufValid {
		d.flags &^= bufDirty
		d.hdr.Unlock()
		return nil
	}
	tag := d.tag
	d.flags &^= bufDirty
	d.hdr.Unlock()
	redirty := func() {
		d.hdr.Lock()
		if d.tag == tag && d.flags&bufTagValid != 0 {
			d.flags |= bufDirty
		}
		d.hdr.Unlock()
	}
	if bm.flushWAL != nil {
		if err := bm.flushWAL(d.page.LSN()); err != nil {
			redirty()
			return err
		}
	}
	if err := bm.sm.Write(tag.Loc, tag.Block, d.page); err != nil {
		if errors.Is(err, errRelationMissing) {
			return nil // the relation was dropped; its pages no longer matter
		}
		redirty()
		return err
	}
	bm.writes.Add(1)
	if usage != nil {
		usage.SharedWritten++
	}
	return nil
}

// FlushAll writes every dirty buffer (the buffer part of a checkpoint).
func (bm *BufferManager) FlushAll() error {
	var firstErr error
	for i := range bm.descs {
		d := &bm.descs[i]
		d.hdr.Lock()
		if d.flags&(bufDirty|bufValid|bufTagValid) != bufDirty|bufValid|bufTagValid {
			d.hdr.Unlock()
			continue
		}
		d.refcount++
		d.hdr.Unlock()
		d.content.RLock()
		err := bm.flushBuffer(d, nil)
		d.content.RUnlock()
		bm.unpin(d)
		if err != nil && firstErr == nil {
			firstErr = err
		}
	}
	return firstErr
}

// DropRelationBuffers forgets, without writing, every buffer of loc at or
// past block from (a dropped or truncated relation).
func (bm *BufferManager) DropRelationBuffers(loc RelFileLocator, from BlockNumber) {
	bm.vm.truncate(loc, from)
	for i := range bm.descs {
		d := &bm.descs[i]
		d.hdr.Lock()
		tag, match := d.tag, d.flags&bufTagValid != 0 && d.tag.Loc == loc && d.tag.Block >= from
		d.hdr.Unlock()
		if !match {
			continue
		}
		part := &bm.parts[tag.partition()]
		part.mu.Lock()
		d.hdr.Lock()
		if d.flags&bufTagValid != 0 && d.tag == tag {
			part.m.delete(tag, d.id)
			d.flags &^= bufTagValid | bufValid | bufDirty
			d.usage = 0
		}
		d.hdr.Unlock()
		part.mu.Unlock()
	}
}

// dropAll forgets every buffer without writing (a simulated crash).
func (bm *BufferManager) dropAll() {
	for i := range bm.parts {
		p := &bm.parts[i]
		p.mu.Lock()
		p.m.clear()
		p.mu.Unlock()
	}
	for i := range bm.descs {
		d := &bm.descs[i]
		d.hdr.Lock()
		d.flags &^= bufTagValid | bufValid | bufDirty
		d.hdr.Unlock()
	}
	// The map is memory only: it does not survive either.
	bm.vm.mu.Lock()
	bm.vm.setRels(map[RelFileLocator]*VisibilityBits{})
	bm.vm.mu.Unlock()
}

// PinnedBuffers returns the number of buffers pinned now (for leak checks in tests).
func (bm *BufferManager) PinnedBuffers() int {
	n := 0
	for i := range bm.descs {
		d := &bm.descs[i]
		d.hdr.Lock()
		if d.refcount > 0 {
			n++
		}
		d.hdr.Unlock()
	}
	return n
}
