// system.go is the SYSTEM method (PG: tsm_system_handler): each block is
// taken with the given probability, decided by hashing its block number
// with the seed, and every tuple of a taken block is returned.

package tablesample

import (
	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/storage"
	"github.com/loomdb/loomdb/internal/types"
)

// systemSampleSize: the sample fraction of the pages is read, and of the
// rows returned. PostgreSQL multiplies the page count (an integer) in
// float4 and the row count in float8.
func systemSampleSize(relPages, relTuples float64, params []types.Datum) (float64, float64) {
	f := sampleFraction(params)
	return clampRowEst(float64(float32(relPages) * f)), clampRowEst(relTuples * float64(f))
}

func beginSystem(params []types.Datum, seed uint32) (table.Sampler, error) {
	pct, err := samplePercent(params)
	if err != nil {
		return nil, err
	}
	return &systemSampler{cutoff: cutoff(pct), seed: seed}, nil
}

// systemSampler takes the blocks whose hash falls below the cutoff, and
// every line pointer of them.
type systemSampler struct {
	cutoff    uint64
	seed      uint32
	nextBlock uint32
	last      storage.OffsetNumber
}

func (s *systemSampler) NextBlock(nblocks uint32) (uint32, bool) {
	for ; s.nextBlock < nblocks; s.nextBlock++ {
		if uint64(types.HashUint32s(s.nextBlock, s.seed)) < s.cutoff {
			s.nextBlock++
			s.last = 0
			return s.nextBlock - 1, true
		}
	}
	return 0, false
}

func (s *systemSampler) NextTuple(block uint32, maxOffset storage.OffsetNumber) (storage.OffsetNumber, bool) {
	if s.last >= maxOffset {
		return 0, false
	}
	s.last++
	return s.last, true
}
