package table

import (
	"sync"
	"sync/atomic"
	"testing"

	"go.uber.org/goleak"
)

func TestChunkSize(t *testing.T) {
	for _, c := range []struct{ nblocks, chunk uint32 }{
		{0, 1}, {1, 1}, {4095, 1}, {4096, 2}, {100000, 64}, {1 << 30, 8192},
	} {
		if got := NewParallelBlockTableScan(c.nblocks).NewWorker().ChunkSize(); got != c.chunk {
			t.Errorf("nblocks %d: chunk %d, want %d", c.nblocks, got, c.chunk)
		}
	}
}

func TestParallelBlocksEachExactlyOnce(t *testing.T) {
	for _, nblocks := range []uint32{0, 1, 7, 345, 4096, 100000, 300001} {
		for _, workers := range []int{1, 3, 8} {
			p := NewParallelBlockTableScan(nblocks)
			seen := make([]atomic.Int32, nblocks)
			var wg sync.WaitGroup
			for w := 0; w < workers; w++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					pw := p.NewWorker()
					for {
						blk, ok := pw.NextPage()
						if !ok {
							return
						}
						seen[blk].Add(1)
					}
				}()
			}
			wg.Wait()
			for b := range seen {
				if n := seen[b].Load(); n != 1 {
					t.Fatalf("nblocks %d, %d workers: block %d handed out %d times", nblocks, workers, b, n)
				}
			}
		}
	}
}

func TestRampDownToSingleBlocks(t *testing.T) {
	// One participant: chunks of 64 until the last 64 chunks' worth of
	// blocks, then halving down to 1.
	const nblocks = 100000
	p := NewParallelBlockTableScan(nblocks)
	w := p.NewWorker()
	var sizes []uint32
	last := uint32(0)
	for {
		if w.chunkRemaining == 0 {
			sizes = append(sizes, 0) // placeholder, replaced below
		}
		blk, ok := w.NextPage()
		if !ok {
			break
		}
		if w.chunkRemaining == w.chunkSize-1 {
			sizes[len(sizes)-1] = w.chunkSize
		}
		if blk != last {
			t.Fatalf("single participant got block %d, want %d", blk, last)
		}
		last++
	}
	if last != nblocks {
		t.Fatalf("scanned %d blocks", last)
	}
	if sizes[0] != 64 {
		t.Fatalf("first chunk %d", sizes[0])
	}
	final := sizes[len(sizes)-2]
	if final != 1 {
		t.Fatalf("final chunk size %d, want 1", final)
	}
	// Chunk sizes never grow.
	for i := 1; i < len(sizes)-1; i++ {
		if sizes[i] > sizes[i-1] {
			t.Fatalf("chunk size grew from %d to %d", sizes[i-1], sizes[i])
		}
	}
}

func TestReinitialize(t *testing.T) {
	p := NewParallelBlockTableScan(10)
	w := p.NewWorker()
	n := 0
	for _, ok := w.NextPage(); ok; _, ok = w.NextPage() {
		n++
	}
	p.Reinitialize()
	w.Reset()
	m := 0
	for _, ok := w.NextPage(); ok; _, ok = w.NextPage() {
		m++
	}
	if n != 10 || m != 10 {
		t.Fatalf("%d then %d blocks", n, m)
	}
}

func TestTIDString(t *testing.T) {
	if s := (TID{Block: 3, Offset: 17}).String(); s != "(3,17)" {
		t.Fatal(s)
	}
	if InvalidTID.IsValid() || !(TID{0, 1}).IsValid() {
		t.Fatal("IsValid")
	}
}

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// TestAheadPredictsNextPages checks that the blocks Ahead promises after
// each NextPage are the ones NextPage then returns to that participant,
// through chunks, their ramp-down and the end of the table, with
// participants interleaving.
func TestAheadPredictsNextPages(t *testing.T) {
	for _, nblocks := range []uint32{1, 7, 5000, 100000} {
		p := NewParallelBlockTableScan(nblocks)
		ws := []*ParallelBlockTableScanWorker{p.NewWorker(), p.NewWorker(), p.NewWorker()}
		promised := make([][]uint32, len(ws))
		done := make([]bool, len(ws))
		seen, ahead := 0, 0
		for step := 0; !done[0] || !done[1] || !done[2]; step++ {
			i := step % len(ws)
			if done[i] {
				continue
			}
			blk, ok := ws[i].NextPage()
			if !ok {
				if len(promised[i]) > 0 {
					t.Fatalf("%d blocks: participant %d ended with blocks %v promised", nblocks, i, promised[i])
				}
				done[i] = true
				continue
			}
			seen++
			if len(promised[i]) > 0 {
				if promised[i][0] != blk {
					t.Fatalf("%d blocks: participant %d got block %d, promised %d", nblocks, i, blk, promised[i][0])
				}
				promised[i] = promised[i][1:]
				continue
			}
			for k := 1; k <= ws[i].Ahead(); k++ {
				promised[i] = append(promised[i], blk+uint32(k))
				ahead++
			}
		}
		if seen != int(nblocks) {
			t.Fatalf("%d blocks: %d handed out", nblocks, seen)
		}
		if nblocks >= 5000 && ahead < int(nblocks)/3 {
			t.Fatalf("%d blocks: only %d promised ahead", nblocks, ahead)
		}
	}
}
