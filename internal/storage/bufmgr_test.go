package storage

import (
	"context"
	"encoding/binary"
	"fmt"
	"math/rand"
	"sync"
	"testing"
)

// fillBlocks writes n blocks to loc, each holding one item: its block number.
func fillBlocks(t *testing.T, s *Storage, loc RelFileLocator, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		addItem(t, s, 0, loc, BlockNumber(i), binary.LittleEndian.AppendUint32(nil, uint32(i)))
	}
}

func TestBufferPoolConcurrentReadersWithEviction(t *testing.T) {
	s := openTest(t, t.TempDir(), Options{SharedBuffers: 16})
	defer s.Close()
	loc := RelFileLocator{DbOid: 5, RelNumber: s.NewOid()}
	if err := s.CreateRelationFile(nil, loc); err != nil {
		t.Fatal(err)
	}
	const nblocks = 64
	fillBlocks(t, s, loc, nblocks) // more blocks than buffers: dirty pages get evicted
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(seed int64) {
			defer wg.Done()
			rng := rand.New(rand.NewSource(seed))
			var usage BufferUsage
			for i := 0; i < 2000; i++ {
				blk := BlockNumber(rng.Intn(nblocks))
				buf, err := s.bm.ReadBuffer(loc, blk, nil, &usage)
				if err != nil {
					errs <- err
					return
				}
				s.bm.LockBuffer(buf, BufferLockShare)
				item, err := s.bm.Page(buf).GetItem(1)
				if err == nil && binary.LittleEndian.Uint32(item) != blk {
					err = fmt.Errorf("block %d holds item %d", blk, binary.LittleEndian.Uint32(item))
				}
				s.bm.UnlockReleaseBuffer(buf, BufferLockShare)
				if err != nil {
					errs <- err
					return
				}
			}
			if usage.SharedHit+usage.SharedRead != 2000 {
				errs <- fmt.Errorf("usage counted %d accesses", usage.SharedHit+usage.SharedRead)
			}
		}(int64(g))
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if n := s.bm.PinnedBuffers(); n != 0 {
		t.Fatalf("%d buffers left pinned", n)
	}
	if st := s.bm.Stats(); st.Reads == 0 || st.Writes == 0 {
		t.Fatalf("expected reads and evictions, got %+v", st)
	}
}

func TestBulkReadRingSparesHotBuffers(t *testing.T) {
	s := openTest(t, t.TempDir(), Options{SharedBuffers: 128})
	defer s.Close()
	loc := RelFileLocator{DbOid: 5, RelNumber: s.NewOid()}
	if err := s.CreateRelationFile(nil, loc); err != nil {
		t.Fatal(err)
	}
	fillBlocks(t, s, loc, 512)
	if err := s.Checkpoint(context.Background()); err != nil {
		t.Fatal(err)
	}
	hot := BlockNumber(3)
	for i := 0; i < 5; i++ {
		buf, err := s.bm.ReadBuffer(loc, hot, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		s.bm.ReleaseBuffer(buf)
	}
	strat := s.bm.NewStrategy(BulkRead)
	var usage BufferUsage
	for blk := BlockNumber(0); blk < 512; blk++ {
		buf, err := s.bm.ReadBuffer(loc, blk, strat, &usage)
		if err != nil {
			t.Fatal(err)
		}
		s.bm.ReleaseBuffer(buf)
	}
	var after BufferUsage
	buf, err := s.bm.ReadBuffer(loc, hot, nil, &after)
	if err != nil {
		t.Fatal(err)
	}
	s.bm.ReleaseBuffer(buf)
	if after.SharedHit != 1 {
		t.Fatal("hot block was evicted by a ring-buffered scan")
	}
	if usage.SharedRead < 400 {
		t.Fatalf("scan read only %d blocks", usage.SharedRead)
	}
}

func TestConcurrentWritersCheckpointsAndCrash(t *testing.T) {
	dir := t.TempDir()
	s := openTest(t, dir, Options{SharedBuffers: 32})
	const writers, perWriter = 4, 300
	locs := make([]RelFileLocator, writers)
	for i := range locs {
		locs[i] = RelFileLocator{DbOid: 5, RelNumber: s.NewOid()}
		if err := s.CreateRelationFile(nil, locs[i]); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	ckptDone := make(chan error, 1)
	go func() {
		var err error
		for {
			select {
			case <-stop:
				ckptDone <- err
				return
			default:
			}
			if e := s.Checkpoint(context.Background()); e != nil && err == nil {
				err = e
			}
		}
	}()
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < perWriter; i++ {
				// 20 items per block.
				addItemNoT(s, locs[w], BlockNumber(i/20), []byte(fmt.Sprintf("w%d-%04d", w, i)))
			}
		}(w)
	}
	wg.Wait()
	close(stop)
	if err := <-ckptDone; err != nil {
		t.Fatal(err)
	}
	if err := s.XLogFlush(s.InsertLSN()); err != nil {
		t.Fatal(err)
	}
	s.SimulateCrash()
	s = openTest(t, dir, Options{SharedBuffers: 32})
	defer s.Close()
	for w, loc := range locs {
		count := 0
		for blk := BlockNumber(0); blk < perWriter/20; blk++ {
			for j, it := range readItems(t, s, loc, blk) {
				if want := fmt.Sprintf("w%d-%04d", w, int(blk)*20+j); string(it) != want {
					t.Fatalf("got %q, want %q", it, want)
				}
				count++
			}
		}
		if count != perWriter {
			t.Fatalf("writer %d: %d items recovered, want %d", w, count, perWriter)
		}
	}
}

// addItemNoT is addItem for goroutines other than the test's; it panics on error.
func addItemNoT(s *Storage, loc RelFileLocator, blk BlockNumber, item []byte) {
	n, err := s.NBlocks(loc)
	if err != nil {
		panic(err)
	}
	var buf Buffer
	flags := uint8(RegbufStandard)
	if blk == n {
		buf, _, err = s.ExtendBuffer(loc, nil, nil)
		if err != nil {
			panic(err)
		}
		PageInit(s.bm.Page(buf), 0)
		flags |= RegbufWillInit
	} else {
		if buf, err = s.bm.ReadBuffer(loc, blk, nil, nil); err != nil {
			panic(err)
		}
		s.bm.LockBuffer(buf, BufferLockExclusive)
	}
	off := PageAddItem(s.bm.Page(buf), item, InvalidOffsetNumber, false)
	r := NewXLogRecord(testRmgr, 0, 0)
	r.RegisterBuffer(0, buf, flags)
	r.RegisterBufData(0, append(binary.LittleEndian.AppendUint16(nil, off), item...))
	if _, err := s.XLogInsert(r); err != nil {
		panic(err)
	}
	s.bm.UnlockReleaseBuffer(buf, BufferLockExclusive)
}
