// freelist.go: choosing buffers to recycle (PG: storage/buffer/freelist.c).
//
// The clock sweep walks the pool with a shared atomic hand, decrementing
// usage counts of unpinned buffers until it finds one at zero. A
// BufferAccessStrategy confines a large sequential scan, a bulk load or a
// vacuum to a small ring of buffers so that it does not wipe out the cache.
//
// Concurrency: the clock hand is atomic and each buffer header is examined
// under its own mutex, so any number of goroutines may sweep at once. A
// BufferAccessStrategy belongs to one goroutine (one scan participant).
package storage

import (
	"github.com/loomdb/loomdb/internal/pgerror"
)

// StrategyKind selects a buffer ring size.
type StrategyKind uint8

const (
	// BulkRead is for large sequential scans: a 256 kB ring.
	BulkRead StrategyKind = iota + 1
	// BulkWrite is for COPY and multi-row inserts: a 16 MB ring.
	BulkWrite
	// Vacuum is for VACUUM: a 256 kB ring.
	Vacuum
)

// BufferAccessStrategy is a private ring of buffers (PG's BufferAccessStrategy).
type BufferAccessStrategy struct {
	kind StrategyKind
	ring []int32 // buffer ids, -1 for empty slots
	cur  int
}

// NewStrategy returns a ring strategy of the given kind, sized as PostgreSQL
// sizes it but never above one eighth of the pool.
func (bm *BufferManager) NewStrategy(kind StrategyKind) *BufferAccessStrategy {
	var bytes int
	switch kind {
	case BulkWrite:
		bytes = 16 << 20
	default:
		bytes = 256 << 10
	}
	n := bytes / BlockSize
	if limit := bm.nbuffers / 8; n > limit {
		n = limit
	}
	if n < 1 {
		n = 1
	}
	s := &BufferAccessStrategy{kind: kind, ring: make([]int32, n)}
	for i := range s.ring {
		s.ring[i] = -1
	}
	return s
}

// fromRing returns the ring's next buffer pinned, when it can be reused.
func (bm *BufferManager) fromRing(s *BufferAccessStrategy) *bufferDesc {
	s.cur++
	if s.cur >= len(s.ring) {
		s.cur = 0
	}
	id := s.ring[s.cur]
	if id < 0 {
		return nil
	}
	d := &bm.descs[id]
	d.hdr.Lock()
	// A bulk read does not write out dirty pages; it leaves them to the sweep.
	if d.refcount == 0 && d.usage <= 1 && !(s.kind == BulkRead && d.flags&bufDirty != 0) {
		d.refcount = 1
		d.hdr.Unlock()
		return d
	}
	d.hdr.Unlock()
	return nil
}

// getVictim returns an unpinned buffer, now pinned once by the caller and
// written out if it was dirty. The caller still has to retag it.
func (bm *BufferManager) getVictim(s *BufferAccessStrategy, usage *BufferUsage) (*bufferDesc, error) {
	for {
		d := (*bufferDesc)(nil)
		if s != nil {
			d = bm.fromRing(s)
		}
		if d == nil {
			var err error
			if d, err = bm.clockSweep(); err != nil {
				return nil, err
			}
			if s != nil {
				s.ring[s.cur] = d.id
			}
		}
		d.hdr.Lock()
		dirty := d.flags&bufDirty != 0
		d.hdr.Unlock()
		if !dirty {
			return d, nil
		}
		// Write it out under a shared content lock; if someone holds the
		// lock exclusively, choose another victim rather than wait.
		if !d.content.TryRLock() {
			bm.unpin(d)
			continue
		}
		err := bm.flushBuffer(d, usage)
		d.content.RUnlock()
		if err != nil {
			bm.unpin(d)
			return nil, err
		}
		return d, nil
	}
}

// clockSweep runs the clock until it finds an unpinned buffer with usage
// count zero and pins it.
func (bm *BufferManager) clockSweep() (*bufferDesc, error) {
	n := uint64(bm.nbuffers)
	tries := bm.nbuffers
	for {
		id := (bm.hand.Add(1) - 1) % n
		d := &bm.descs[id]
		d.hdr.Lock()
		if d.refcount == 0 {
			if d.usage > 0 {
				d.usage--
				tries = bm.nbuffers
			} else {
				d.refcount = 1
				d.hdr.Unlock()
				return d, nil
			}
		} else {
			tries--
		}
		d.hdr.Unlock()
		if tries <= 0 {
			return nil, pgerror.New(pgerror.InternalError, "no unpinned buffers available")
		}
	}
}
