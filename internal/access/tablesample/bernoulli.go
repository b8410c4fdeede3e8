// bernoulli.go is the BERNOULLI method (PG: tsm_bernoulli_handler): every
// block is read, and each tuple is taken with the given probability,
// decided by hashing its block number, line pointer number and the seed.

package tablesample

import (
	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/storage"
	"github.com/loomdb/loomdb/internal/types"
)

// bernoulliSampleSize: every page is read, the sample fraction of the
// rows returned.
func bernoulliSampleSize(relPages, relTuples float64, params []types.Datum) (float64, float64) {
	return relPages, clampRowEst(relTuples * float64(sampleFraction(params)))
}

func beginBernoulli(params []types.Datum, seed uint32) (table.Sampler, error) {
	pct, err := samplePercent(params)
	if err != nil {
		return nil, err
	}
	return &bernoulliSampler{cutoff: cutoff(pct), seed: seed}, nil
}

// bernoulliSampler reads the blocks in order and takes each tuple whose
// hash falls below the cutoff.
type bernoulliSampler struct {
	cutoff    uint64
	seed      uint32
	nextBlock uint32
	// last is the line pointer returned last on the current block, 0
	// before the first.
	last storage.OffsetNumber
}

func (s *bernoulliSampler) NextBlock(nblocks uint32) (uint32, bool) {
	if s.nextBlock >= nblocks {
		return 0, false
	}
	s.nextBlock++
	s.last = 0
	return s.nextBlock - 1, true
}

func (s *bernoulliSampler) NextTuple(block uint32, maxOffset storage.OffsetNumber) (storage.OffsetNumber, bool) {
	for off := s.last + 1; off <= maxOffset; off++ {
		if uint64(types.HashUint32s(block, uint32(off), s.seed)) < s.cutoff {
			s.last = off
			return off, true
		}
	}
	s.last = maxOffset
	return 0, false
}
