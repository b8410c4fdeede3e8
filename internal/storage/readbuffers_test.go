package storage

import (
	"encoding/binary"
	"fmt"
	"math/rand"
	"sync"
	"testing"
)

// checkBlocks verifies that bufs hold blocks blk.. of fillBlocks' relation
// in order, then unpins them.
func checkBlocks(s *Storage, blk BlockNumber, bufs []Buffer) error {
	var err error
	for i, buf := range bufs {
		s.bm.LockBuffer(buf, BufferLockShare)
		item, e := s.bm.Page(buf).GetItem(1)
		if e == nil && binary.LittleEndian.Uint32(item) != uint32(blk)+uint32(i) {
			e = fmt.Errorf("buffer %d holds block %d, want %d", i, binary.LittleEndian.Uint32(item), int(blk)+i)
		}
		s.bm.UnlockReleaseBuffer(buf, BufferLockShare)
		if e != nil && err == nil {
			err = e
		}
	}
	return err
}

// TestReadBuffersMixesHitsAndVectoredReads reads runs of blocks some of
// which are already in the pool, past the combine limit, through a ring.
func TestReadBuffersMixesHitsAndVectoredReads(t *testing.T) {
	s := openTest(t, t.TempDir(), Options{SharedBuffers: 256})
	defer s.Close()
	loc := RelFileLocator{DbOid: 5, RelNumber: s.NewOid()}
	if err := s.CreateRelationFile(nil, loc); err != nil {
		t.Fatal(err)
	}
	const nblocks = 100
	fillBlocks(t, s, loc, nblocks)
	if err := s.bm.FlushAll(); err != nil {
		t.Fatal(err)
	}
	s.bm.DropRelationBuffers(loc, 0)
	// Blocks 3, 4 and 20 are resident before the runs are read.
	for _, blk := range []BlockNumber{3, 4, 20} {
		buf, err := s.bm.ReadBuffer(loc, blk, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		s.bm.ReleaseBuffer(buf)
	}
	var usage BufferUsage
	strat := s.bm.NewStrategy(BulkRead)
	for blk := BlockNumber(0); blk < nblocks; blk += 40 {
		n := min(40, nblocks-int(blk))
		bufs, err := s.bm.ReadBuffers(loc, blk, n, strat, &usage, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(bufs) != n {
			t.Fatalf("%d buffers for %d blocks", len(bufs), n)
		}
		if err := checkBlocks(s, blk, bufs); err != nil {
			t.Fatal(err)
		}
	}
	if usage.SharedHit != 3 || usage.SharedRead != nblocks-3 {
		t.Fatalf("usage %+v, want 3 hits and %d reads", usage, nblocks-3)
	}
	// Past the end of the relation: an error, and nothing left pinned.
	if _, err := s.bm.ReadBuffers(loc, nblocks-2, 5, strat, nil, nil); !IsBeyondEOF(err) {
		t.Fatalf("read past the end: %v", err)
	}
	if n := s.bm.PinnedBuffers(); n != 0 {
		t.Fatalf("%d buffers left pinned", n)
	}
}

// TestReadBuffersConcurrentOverlap has readers read overlapping runs of
// blocks in a small pool while others read single blocks: every buffer
// holds its block, and no reader waits for another forever.
func TestReadBuffersConcurrentOverlap(t *testing.T) {
	s := openTest(t, t.TempDir(), Options{SharedBuffers: 96})
	defer s.Close()
	loc := RelFileLocator{DbOid: 5, RelNumber: s.NewOid()}
	if err := s.CreateRelationFile(nil, loc); err != nil {
		t.Fatal(err)
	}
	const nblocks = 200
	fillBlocks(t, s, loc, nblocks)
	var wg sync.WaitGroup
	errs := make(chan error, 6)
	for g := range 6 {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			rng := rand.New(rand.NewSource(int64(g)))
			strat := s.bm.NewStrategy(BulkRead)
			for range 300 {
				blk := BlockNumber(rng.Intn(nblocks))
				n := 1
				if g%3 != 0 {
					n = 1 + rng.Intn(min(IOCombineLimit, nblocks-int(blk)))
				}
				bufs, err := s.bm.ReadBuffers(loc, blk, n, strat, nil, nil)
				if err == nil {
					err = checkBlocks(s, blk, bufs)
				}
				if err != nil {
					errs <- err
					return
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if n := s.bm.PinnedBuffers(); n != 0 {
		t.Fatalf("%d buffers left pinned", n)
	}
}
