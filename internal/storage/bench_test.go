package storage

import (
	"math/rand"
	"testing"
)

// BenchmarkReadBufferHit pins and unpins random blocks that are all in the
// pool, as index scans on a nested loop's inner side mostly do: the
// mapping lookup, the pin and the unpin.
func BenchmarkReadBufferHit(b *testing.B) {
	s := openTest(b, b.TempDir(), Options{SharedBuffers: 4096})
	defer s.Close()
	var locs []RelFileLocator
	const nrels, nblocks = 4, 800
	for range nrels {
		loc := RelFileLocator{DbOid: 5, RelNumber: s.NewOid()}
		if err := s.CreateRelationFile(nil, loc); err != nil {
			b.Fatal(err)
		}
		for range nblocks {
			buf, _, err := s.ExtendBuffer(loc, nil, nil)
			if err != nil {
				b.Fatal(err)
			}
			PageInit(s.bm.Page(buf), 0)
			s.bm.MarkBufferDirty(buf)
			s.bm.UnlockReleaseBuffer(buf, BufferLockExclusive)
		}
		locs = append(locs, loc)
	}
	rng := rand.New(rand.NewSource(1))
	reqs := make([]BufferTag, 1<<16)
	for i := range reqs {
		reqs[i] = BufferTag{Loc: locs[rng.Intn(nrels)], Block: BlockNumber(rng.Intn(nblocks))}
	}
	b.ResetTimer()
	for i := range b.N {
		t := reqs[i&(len(reqs)-1)]
		buf, err := s.bm.ReadBuffer(t.Loc, t.Block, nil, nil)
		if err != nil {
			b.Fatal(err)
		}
		s.bm.ReleaseBuffer(buf)
	}
}
