// sampling.go: the random number generator and the block and row samplers
// ANALYZE uses (PG: common/pg_prng.c, utils/misc/sampling.c).
//
// PRNG is PostgreSQL's pg_prng (xoroshiro128** seeded through splitmix64),
// so that a given seed selects the same blocks and rows as PostgreSQL would.
// PostgreSQL seeds ANALYZE from its per-backend global generator, so runs
// differ; only tables small enough to be read whole (at most targrows rows
// in at most targrows blocks) give reproducible statistics, in PostgreSQL
// and here.
//
// Concurrency: a PRNG, BlockSampler or ReservoirState belongs to one
// goroutine.

package commands

import (
	"math"
	"math/bits"
	"math/rand/v2"
)

// PRNG is pg_prng_state: xoroshiro128**.
type PRNG struct {
	s0, s1 uint64
}

// NewPRNG returns a generator seeded as pg_prng_seed(seed) seeds one.
func NewPRNG(seed uint64) *PRNG {
	p := &PRNG{}
	p.Seed(seed)
	return p
}

// NewRandomPRNG returns a generator with a random seed, as PostgreSQL's
// per-backend global generator is.
func NewRandomPRNG() *PRNG { return NewPRNG(rand.Uint64()) }

func splitmix64(state *uint64) uint64 {
	*state += 0x9E3779B97F4A7C15
	v := *state
	v = (v ^ (v >> 30)) * 0xBF58476D1CE4E5B9
	v = (v ^ (v >> 27)) * 0x94D049BB133111EB
	return v ^ (v >> 31)
}

// Seed reseeds the generator (pg_prng_seed).
func (p *PRNG) Seed(seed uint64) {
	p.s0 = splitmix64(&seed)
	p.s1 = splitmix64(&seed)
	if p.s0 == 0 && p.s1 == 0 {
		p.s0 = 0x5851F42D4C957F2D
		p.s1 = 0x14057B7EF767814F
	}
}

func (p *PRNG) next() uint64 {
	s0 := p.s0
	sx := p.s1 ^ s0
	val := bits.RotateLeft64(s0*5, 7) * 9
	p.s0 = bits.RotateLeft64(s0, 24) ^ sx ^ (sx << 16)
	p.s1 = bits.RotateLeft64(sx, 37)
	return val
}

// Uint32 returns a random uint32 (pg_prng_uint32).
func (p *PRNG) Uint32() uint32 { return uint32(p.next() >> 32) }

// Float64 returns a random double in [0, 1) (pg_prng_double).
func (p *PRNG) Float64() float64 { return math.Ldexp(float64(p.next()>>(64-52)), -52) }

// fract returns a random double in (0, 1) (sampler_random_fract).
func (p *PRNG) fract() float64 {
	for {
		if r := p.Float64(); r != 0 {
			return r
		}
	}
}

// BlockSampler selects a random sample of n of a relation's N blocks in
// increasing order with Knuth's Algorithm S (BlockSamplerData). When the
// relation has no more than n blocks, every block is selected.
type BlockSampler struct {
	N    uint32 // blocks in the relation
	n    int    // desired sample size
	t    uint32 // blocks scanned so far
	m    int    // blocks selected so far
	rand *PRNG
}

// NewBlockSampler prepares to sample samplesize of nblocks blocks, seeding
// its generator with randseed (BlockSampler_Init).
func NewBlockSampler(nblocks uint32, samplesize int, randseed uint32) *BlockSampler {
	return &BlockSampler{N: nblocks, n: samplesize, rand: NewPRNG(uint64(randseed))}
}

// HasMore reports whether more blocks are to be selected.
func (bs *BlockSampler) HasMore() bool { return bs.t < bs.N && bs.m < bs.n }

// Selected returns the number of blocks selected so far (bs.m).
func (bs *BlockSampler) Selected() int { return bs.m }

// Next returns the next selected block; HasMore must be true.
func (bs *BlockSampler) Next() uint32 {
	K := bs.N - bs.t    // remaining blocks
	k := bs.n - bs.m    // blocks still to sample
	if uint32(k) >= K { // need all the rest
		bs.m++
		bs.t++
		return bs.t - 1
	}
	// Skip each block with probability 1 - k/K, reusing one random number
	// per selected block as sampling.c does.
	V := bs.rand.fract()
	p := 1.0 - float64(k)/float64(K)
	for V < p {
		bs.t++
		K--
		p *= 1.0 - float64(k)/float64(K)
	}
	bs.m++
	bs.t++
	return bs.t - 1
}

// ReservoirState is the state of Vitter's reservoir sampling, Algorithm Z
// (ReservoirStateData).
type ReservoirState struct {
	W    float64
	rand *PRNG
}

// NewReservoir prepares to sample n rows, seeding its generator with
// randseed (reservoir_init_selection_state).
func NewReservoir(n int, randseed uint32) *ReservoirState {
	rs := &ReservoirState{rand: NewPRNG(uint64(randseed))}
	rs.W = math.Exp(-math.Log(rs.rand.fract()) / float64(n))
	return rs
}

// Fract returns a random double in (0, 1) from the reservoir's generator.
func (rs *ReservoirState) Fract() float64 { return rs.rand.fract() }

// NextS returns how many records to skip before the next one is taken
// into a reservoir of n, t records having been read already (t >= n)
// (reservoir_get_next_S).
func (rs *ReservoirState) NextS(t float64, n int) float64 {
	nf := float64(n)
	var S float64
	if t <= 22.0*nf {
		// Algorithm X until t is large enough.
		V := rs.rand.fract()
		S = 0
		t++
		quot := (t - nf) / t
		for quot > V {
			S++
			t++
			quot *= (t - nf) / t
		}
		return S
	}
	// Algorithm Z.
	W := rs.W
	term := t - nf + 1
	for {
		U := rs.rand.fract()
		X := t * (W - 1.0)
		S = math.Floor(X)
		tmp := (t + 1) / term
		lhs := math.Exp(math.Log(((U*tmp*tmp)*(term+S))/(t+X)) / nf)
		rhs := (((t + X) / (term + S)) * term) / t
		if lhs <= rhs {
			W = rhs / lhs
			break
		}
		y := (((U * (t + 1)) / term) * (t + S + 1)) / (t + X)
		var denom, numerLim float64
		if nf < S {
			denom = t
			numerLim = term + S
		} else {
			denom = t - nf + S
			numerLim = t + 1
		}
		for numer := t + S; numer >= numerLim; numer-- {
			y *= numer / denom
			denom--
		}
		W = math.Exp(-math.Log(rs.rand.fract()) / nf)
		if math.Exp(math.Log(y)/nf) <= (t+X)/t {
			break
		}
	}
	rs.W = W
	return S
}
