// node_hashjoin_parallel.go implements Parallel Hash Join: a Hash Join and
// its Parallel Hash, both parallel-aware, whose participants share one hash
// table instead of building one each (PG: the parallel parts of
// nodeHashjoin.c and nodeHash.c).
//
// The participants move through the phases of a build barrier
// (parallel.Barrier; PG: PHJ_BUILD_*): in HashInner each one hashes its
// share of the partial inner plan into rows of its own; in Allocate the
// last to arrive sizes the table; in Insert each copies its rows into the
// table and links them into the buckets with compare-and-swap; HashOuter is
// only for a partitioned join; in Run they probe, each with its share of the
// outer plan. A participant that attaches late joins the phase in progress,
// with nothing to contribute to the phases it missed. As in PostgreSQL, a
// participant never waits at the barrier once it may have returned rows.
//
// The table first gets the hash_mem of all planned participants together
// (work_mem × hash_mem_multiplier × (workers+1)). When the inner side turns
// out, or was estimated, to need more, the join is partitioned: each
// participant writes its inner rows, and in HashOuter its outer rows, to
// batch files of its own (spillfile.go), and in Run the participants claim
// batches one at a time from a shared counter, each loading a claimed
// batch's inner rows from every participant's files into a private table
// of one participant's hash_mem and probing it with the batch's outer rows.
// So memory stays within hash_mem × participants however large the input.
//
// Skew: when one batch's inner rows exceed hash_mem (a key that alone is
// larger than a batch, which no amount of repartitioning can split), its
// inner rows are loaded in fragments that fit, and the batch's outer rows
// are probed once per fragment; outer rows' matches are remembered across
// passes (joiner.hits), so Left, Full, Semi and Anti joins return each outer
// row once, and each fragment's unmatched inner rows are returned after its
// pass for Right and Full joins. PostgreSQL instead lets such a batch exceed
// its memory budget without limit.
//
// Right and Full joins (PostgreSQL 16's): each participant records the
// inner rows it matched; the last participant to finish probing a shared
// table combines the records and returns the unmatched inner rows. A
// partitioned batch has a single participant, which does so itself.

package executor

import (
	"context"
	"math"
	"sync"
	"sync/atomic"

	"github.com/loomdb/loomdb/internal/parallel"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
	"github.com/loomdb/loomdb/internal/vector"
)

// Phases of a Parallel Hash Join's build barrier.
const (
	phjHashInner = iota
	phjAllocate
	phjInsert
	phjHashOuter
	phjRun
)

// phjShared is the state the participants of a Parallel Hash Join share.
type phjShared struct {
	build *parallel.Barrier
	// hashMem is one participant's hash_mem; spaceAllowed the combined
	// budget of a single shared table.
	hashMem      int64
	spaceAllowed int64
	planRows     float64
	width        int
	// nbucketsOriginal and nbatchOriginal are the planned sizes.
	nbucketsOriginal, nbatchOriginal int

	// spaceUsed counts the bytes the participants hold while hashing the
	// inner side into one table; crossing spaceAllowed partitions the join.
	spaceUsed   atomic.Int64
	partitioned atomic.Bool
	nbatch      atomic.Int64
	nextBatch   atomic.Int64

	mu      sync.Mutex
	members []*phjMember
	table   *hashTable
	// users counts the attached participants that have not ended; the last
	// one closes the batch files.
	users int
	// Right and Full joins over one table: participants still probing,
	// their matched flags, and whether the unmatched scan has begun.
	probing int
	flags   [][]bool
	scanned bool
}

// phjMember is one participant's contribution: the inner rows it hashed,
// held in an unlinked table until copied into the shared one, and its
// batch files.
type phjMember struct {
	held  *hashTable
	base  int
	inner *spillFile
	outer *spillFile
}

// newPHJShared creates the shared state for a join planned with
// plannedWorkers workers.
func (s *HashJoinState) newPHJShared(plannedWorkers int) *phjShared {
	h := s.hash
	hashMem := s.es.hashMemBytes()
	participants := int64(plannedWorkers + 1)
	sh := &phjShared{build: parallel.NewBarrier(), hashMem: hashMem, spaceAllowed: hashMem * participants,
		planRows: h.plan.RowsTotal, width: h.plan.Lefttree.PlanHeader().PlanWidth}
	sh.nbucketsOriginal, sh.nbatchOriginal = chooseHashTableSize(sh.planRows, sh.width, sh.spaceAllowed)
	if sh.nbatchOriginal > 1 {
		// Even the combined budget is too small: batches sized for one
		// participant, as they are loaded separately.
		sh.nbucketsOriginal, sh.nbatchOriginal = chooseHashTableSize(sh.planRows, sh.width, hashMem)
		sh.nbatch.Store(int64(sh.nbatchOriginal))
		sh.partitioned.Store(true)
	}
	return sh
}

// InitializeShared creates the join's shared state (the leader, before
// workers start).
func (s *HashJoinState) InitializeShared(reg *parallel.Registry) error {
	if !s.plan.ParallelAware {
		return nil
	}
	s.par = s.newPHJShared(reg.PlannedWorkers)
	reg.Put(s.plan.PlanNodeID, s.par)
	return nil
}

// AttachWorker makes a worker's join use the shared state.
func (s *HashJoinState) AttachWorker(reg *parallel.Registry) error {
	if !s.plan.ParallelAware {
		return nil
	}
	v, ok := reg.Get(s.plan.PlanNodeID)
	if !ok {
		return pgerror.Internal("no shared state for parallel hash join node %d", s.plan.PlanNodeID)
	}
	s.par = v.(*phjShared)
	return nil
}

var _ ParallelAware = (*HashJoinState)(nil)

// startParallel runs the build as one participant and prepares the probe;
// it reports whether this participant has nothing to return.
func (s *HashJoinState) startParallel(ctx context.Context) (bool, error) {
	sh := s.par
	phase := sh.build.Attach()
	s.attached = true
	sh.mu.Lock()
	sh.users++
	s.user = true
	sh.mu.Unlock()
	elected := false
	var err error
	if phase == phjHashInner {
		s.me = s.newMember(sh)
	}
	// Every participant runs the Hash node, as PostgreSQL counts its
	// loops; only those attached in HashInner have rows to hash.
	s.hash.phj, s.hash.member = sh, s.me
	if _, err := s.hashPS.Exec(ctx); err != nil {
		return false, err
	}
	if is, ok := s.hashPS.(*InstrumentedState); ok {
		is.Instr.Rows += s.hash.Tuples
	}
	if phase == phjHashInner {
		if elected, err = s.arrive(ctx); err != nil {
			return false, err
		}
		phase = phjAllocate
	}
	if phase == phjAllocate {
		if elected {
			s.allocate()
		}
		if _, err = s.arrive(ctx); err != nil {
			return false, err
		}
		phase = phjInsert
	}
	if phase == phjInsert {
		if s.me != nil {
			if err := s.insertMember(); err != nil {
				return false, err
			}
		}
		if _, err = s.arrive(ctx); err != nil {
			return false, err
		}
		phase = phjHashOuter
	}
	if phase == phjHashOuter {
		if sh.partitioned.Load() {
			if err := s.partitionOuter(ctx); err != nil {
				return false, err
			}
		}
		if _, err = s.arrive(ctx); err != nil {
			return false, err
		}
	}
	// Run: no more waiting.
	s.detach()
	if sh.partitioned.Load() {
		s.phase = hjNextBatch
		return false, nil
	}
	sh.mu.Lock()
	t := sh.table
	// Once every other participant has finished probing (and perhaps
	// ended, freeing the table), the outer side is exhausted.
	done := sh.scanned || t == nil
	if !done {
		sh.probing++
	}
	sh.mu.Unlock()
	if done {
		return true, nil
	}
	s.hash.stats.accum(t)
	s.hash.table, s.hash.borrowed = t, true
	var flags []bool
	if fillsInner(s.plan.JoinType) {
		flags = make([]bool, t.rows.n)
	}
	s.useTable(flags)
	s.phase = hjProbe
	return false, nil
}

// arrive waits at the build barrier; on error the participant has left it.
func (s *HashJoinState) arrive(ctx context.Context) (bool, error) {
	elected, err := s.par.build.ArriveAndWait(ctx)
	if err != nil {
		s.attached = false
	}
	return elected, err
}

// detach leaves the build barrier if attached.
func (s *HashJoinState) detach() {
	if s.attached {
		s.attached = false
		s.par.build.Detach()
	}
}

// endParallel leaves the shared state when the node ends; the last user
// closes every participant's batch files.
func (s *HashJoinState) endParallel() {
	if s.par == nil {
		return
	}
	s.detach()
	sh := s.par
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if !s.user {
		return
	}
	s.user = false
	sh.users--
	if sh.users == 0 {
		for _, m := range sh.members {
			m.close()
		}
		sh.members = nil
		sh.table = nil
	}
}

func (s *HashJoinState) newMember(sh *phjShared) *phjMember {
	h := s.hash
	m := &phjMember{held: newHeldRows(h.inTypes, h.keyTypes()),
		inner: newSpillFile(h.inTypes), outer: newSpillFile(s.outerTypes)}
	sh.mu.Lock()
	sh.members = append(sh.members, m)
	sh.mu.Unlock()
	return m
}

func (m *phjMember) close() {
	m.inner.close()
	m.outer.close()
	m.held = nil
}

// newHeldRows returns an empty table that only holds rows.
func newHeldRows(inTypes, keyTypes []types.T) *hashTable {
	return &hashTable{rows: newRowStore(inTypes), keys: newRowStore(keyTypes)}
}

// hashInnerParallel is HashInner for one participant: its share of the
// inner rows goes to its member, or to its batch files once the join is
// partitioned.
func (s *HashState) hashInnerParallel(ctx context.Context, sh *phjShared, m *phjMember) error {
	s.ectx.Ctx = ctx
	s.Tuples = 0
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		b, err := s.child.Exec(ctx)
		if err != nil {
			return err
		}
		if b == nil {
			return nil
		}
		keyVecs, rows, err := s.evalKeys(b)
		if err != nil {
			return err
		}
		if cap(s.nulls) < len(rows) {
			s.nulls = make([]bool, len(rows), vector.BatchSize)
			s.hashes = make([]uint64, len(rows), vector.BatchSize)
		}
		hashes, nulls := s.hashes[:len(rows)], s.nulls[:len(rows)]
		joinKeyHashes(keyVecs, rows, hashes, nulls)
		partitioned := sh.partitioned.Load()
		if partitioned && m.held.rows.n > 0 {
			if err := m.spill(sh); err != nil {
				return err
			}
		}
		before := m.held.spaceUsed
		for k, r := range rows {
			if nulls[k] && !s.keepNulls {
				continue
			}
			if !nulls[k] {
				s.Tuples++
			}
			if partitioned {
				if err := m.inner.write(sh.batchOf(hashes[k], nulls[k]), hashes[k], b.Cols, r); err != nil {
					return err
				}
				continue
			}
			m.held.store(b.Cols, r, keyVecs, hashes[k], nulls[k])
		}
		if !partitioned {
			used := sh.spaceUsed.Add(m.held.spaceUsed - before)
			if used > sh.spaceAllowed {
				sh.partition(used)
			}
		}
	}
}

// partition switches the join to batches sized for one participant's
// hash_mem, used being the bytes hashed so far (PG: the move to
// PHJ_GROWTH_NEED_MORE_BATCHES, here decided once).
func (sh *phjShared) partition(used int64) {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if sh.partitioned.Load() {
		return
	}
	tupsize := float64(hjTupleOverhead + minimalTupleHeader + maxAlign(sh.width))
	// Expect at least twice what has arrived, or the plan's estimate.
	est := math.Max(2*float64(used), sh.planRows*tupsize)
	nbatch := nextPow2(max(2, int64(math.Ceil(est/float64(sh.hashMem)))))
	sh.nbatch.Store(nbatch)
	sh.partitioned.Store(true)
}

// batchOf returns a partitioned join's batch for a row's hash; rows with
// a NULL key (kept only for Right and Full joins) go to batch 0.
func (sh *phjShared) batchOf(h uint64, null bool) int {
	if null {
		return 0
	}
	return int((h >> 32) & uint64(sh.nbatch.Load()-1))
}

// spill moves the member's rows to its batch files.
func (m *phjMember) spill(sh *phjShared) error {
	held := m.held
	for i := 0; i < held.rows.n; i++ {
		if err := m.inner.write(sh.batchOf(held.hashes[i], held.nullKey[i]), held.hashes[i], held.rows.cols, i); err != nil {
			return err
		}
	}
	m.held = newHeldRows(rowTypes(held.rows), rowTypes(held.keys))
	return nil
}

// allocate is Allocate, run by one participant: for a single table it
// sizes the buckets and the table's columns for every member's rows.
func (s *HashJoinState) allocate() {
	sh := s.par
	if sh.partitioned.Load() {
		return
	}
	sh.mu.Lock()
	defer sh.mu.Unlock()
	n, linked := 0, 0
	var space int64
	for _, m := range sh.members {
		m.base = n
		n += m.held.rows.n
		space += m.held.spaceUsed
		for _, null := range m.held.nullKey {
			if !null {
				linked++
			}
		}
	}
	h := s.hash
	t := &hashTable{nbatch: 1, nbatchOriginal: sh.nbatchOriginal, nbucketsOriginal: sh.nbucketsOriginal, spaceAllowed: sh.spaceAllowed}
	t.rows = &rowStore{n: n}
	for _, ty := range h.inTypes {
		t.rows.cols = append(t.rows.cols, vector.NewLen(ty, n))
	}
	t.keys = &rowStore{n: n}
	for _, ty := range h.keyTypes() {
		t.keys.cols = append(t.keys.cols, vector.NewLen(ty, n))
	}
	t.hashes = make([]uint64, n)
	t.nullKey = make([]bool, n)
	t.next = make([]int32, n)
	t.nbuckets = int(min(nextPow2(int64(max(linked, 1024))), int64(maxPointers(sh.spaceAllowed))))
	t.nbucketsOptimal = t.nbuckets
	t.buckets = make([]int32, t.nbuckets)
	for i := range t.buckets {
		t.buckets[i] = -1
	}
	t.totalTuples = float64(linked)
	t.spaceUsed = space + int64(t.nbuckets)*8
	t.spacePeak = t.spaceUsed
	sh.table = t
}

// insertMember is Insert for one participant: its rows are copied into
// the shared table at its base and pushed onto their buckets (PG:
// ExecParallelHashPushTuple), or, for a partitioned join, written to its
// batch files.
func (s *HashJoinState) insertMember() error {
	sh, m := s.par, s.me
	if sh.partitioned.Load() {
		if m.held.rows.n > 0 {
			return m.spill(sh)
		}
		return nil
	}
	t := sh.table
	held := m.held
	for c, v := range held.rows.cols {
		t.rows.cols[c].CopyAt(m.base, v)
	}
	for c, v := range held.keys.cols {
		t.keys.cols[c].CopyAt(m.base, v)
	}
	copy(t.hashes[m.base:], held.hashes)
	copy(t.nullKey[m.base:], held.nullKey)
	mask := uint64(t.nbuckets - 1)
	for i, h := range held.hashes {
		g := int32(m.base + i)
		if held.nullKey[i] {
			t.next[g] = -1
			continue
		}
		b := &t.buckets[h&mask]
		for {
			old := atomic.LoadInt32(b)
			t.next[g] = old
			if atomic.CompareAndSwapInt32(b, old, g) {
				break
			}
		}
	}
	m.held = nil
	return nil
}

// partitionOuter is HashOuter for one participant: its share of the outer
// rows goes to its batch files.
func (s *HashJoinState) partitionOuter(ctx context.Context) error {
	sh := s.par
	m := s.me
	if m == nil {
		m = s.newMember(sh)
		s.me = m
	}
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		b, err := s.outer.Exec(ctx)
		if err != nil {
			return err
		}
		if b == nil {
			return nil
		}
		s.ob = b
		s.orows = liveRows(b, &s.rowsBuf)
		if err := s.outerHashes(nil); err != nil {
			return err
		}
		for k, r := range s.orows {
			if s.onull[k] && !fillsOuter(s.plan.JoinType) {
				continue
			}
			if err := m.outer.write(sh.batchOf(s.ohash[k], s.onull[k]), s.ohash[k], b.Cols, r); err != nil {
				return err
			}
		}
	}
}

// singleProbeDone follows the end of a participant's probe of a shared
// table: for Right and Full joins the last participant to finish returns
// the unmatched inner rows, using every participant's matched flags.
func (s *HashJoinState) singleProbeDone() {
	sh := s.par
	if !fillsInner(s.plan.JoinType) {
		sh.mu.Lock()
		sh.probing--
		sh.mu.Unlock()
		s.phase = hjDone
		return
	}
	sh.mu.Lock()
	sh.flags = append(sh.flags, s.j.iflags)
	sh.probing--
	last := sh.probing == 0 && !sh.scanned
	if last {
		sh.scanned = true
	}
	all := sh.flags
	sh.mu.Unlock()
	if !last {
		s.phase = hjDone
		return
	}
	merged := make([]bool, s.hash.table.rows.n)
	for _, f := range all {
		for i, m := range f {
			if m {
				merged[i] = true
			}
		}
	}
	s.j.iflags = merged
	s.phase, s.fillPos = hjFillInner, 0
}

// phjBatch is the partitioned batch a participant is working on.
type phjBatch struct {
	n int
	// inner reads the batch's inner rows from every member's file; more
	// says rows remain for another fragment.
	inner *multiSpillReader
	more  bool
	// fragments counts the loads so far; hits records outer matches
	// across fragments (set once a second fragment is needed).
	fragments int
	hits      []bool
	outerRows int64
	// finalPass is set while returning the unmatched outer rows.
	finalPass bool
}

// parallelNextBatch moves a partitioned join on: the current batch's next
// fragment, its final pass, or the next unclaimed batch (PG:
// ExecParallelHashJoinNewBatch).
func (s *HashJoinState) parallelNextBatch(ctx context.Context) error {
	sh := s.par
	if !sh.partitioned.Load() {
		if s.probed {
			s.phase = hjDone
			return nil
		}
		s.probed = true
		s.singleProbeDone()
		return nil
	}
	jt := s.plan.JoinType
	if cb := s.batch; cb != nil {
		if cb.more {
			return s.loadFragment(ctx)
		}
		if cb.hits != nil && fillsOuter(jt) && !cb.finalPass {
			cb.finalPass = true
			s.j.hits = nil
			s.mreader = newMultiSpillReader(sh.members, cb.n, false)
			s.ob, s.orows, s.opos = nil, nil, 0
			s.phase = hjFinalPass
			return nil
		}
		s.finishBatch()
	}
	nbatch := sh.nbatch.Load()
	for {
		b := sh.nextBatch.Add(1) - 1
		if b >= nbatch {
			s.phase = hjDone
			return nil
		}
		n := int(b)
		var innerRows, outerRows int64
		for _, m := range sh.members {
			innerRows += m.inner.rows(n)
			outerRows += m.outer.rows(n)
		}
		if (outerRows == 0 && !fillsInner(jt)) || (innerRows == 0 && !fillsOuter(jt)) {
			s.dropBatch(n)
			continue
		}
		s.batch = &phjBatch{n: n, inner: newMultiSpillReader(sh.members, n, true), outerRows: outerRows}
		return s.loadFragment(ctx)
	}
}

// loadFragment loads the current batch's next inner rows, as many as fit
// in hash_mem, into a private table and starts a pass over the batch's
// outer rows.
func (s *HashJoinState) loadFragment(ctx context.Context) error {
	sh, cb := s.par, s.batch
	h := s.hash
	h.destroy()
	// Batches keep the planned bucket count unless a batch holds more
	// rows (PG sizes every batch's table alike).
	nb := int(min(nextPow2(int64(max(cb.inner.total, sh.nbucketsOriginal))), int64(maxPointers(sh.hashMem))))
	t := newHashTable(h.inTypes, h.keyTypes(), nil, nb, 1, sh.hashMem)
	t.growEnabled = false
	h.table = t
	h.stats.NBatch = max(h.stats.NBatch, int(sh.nbatch.Load()))
	h.stats.NBatchOriginal = max(h.stats.NBatchOriginal, sh.nbatchOriginal)
	h.stats.NBucketsOriginal = max(h.stats.NBucketsOriginal, sh.nbucketsOriginal)
	cb.more = false
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		if cb.fragments > 0 || t.rows.n > 0 {
			if t.spaceUsed+int64(nb)*8 > sh.hashMem {
				cb.more = true
				break
			}
		}
		b, err := cb.inner.next()
		if err != nil {
			return err
		}
		if b == nil {
			break
		}
		keyVecs, rows, err := h.evalKeys(b)
		if err != nil {
			return err
		}
		for k, r := range rows {
			t.store(b.Cols, r, keyVecs, cb.inner.hashes[k], keysNull(keyVecs, r))
		}
	}
	// The table has one batch of its own: the probe never spills.
	t.finishBatch(true)
	cb.fragments++
	if cb.more && cb.hits == nil {
		// A second fragment follows: outer outcomes must be remembered.
		cb.hits = make([]bool, cb.outerRows)
	}
	s.j.hits = cb.hits
	var flags []bool
	if fillsInner(s.plan.JoinType) {
		flags = t.matched
	}
	s.useTable(flags)
	s.mreader = newMultiSpillReader(sh.members, cb.n, false)
	s.ob, s.orows, s.opos = nil, nil, 0
	s.phase = hjProbe
	return nil
}

// finalPass returns the unmatched outer rows of a batch probed in several
// fragments, whose outcomes its hits recorded.
func (s *HashJoinState) finalPass(ctx context.Context) error {
	j := s.j
	hits := s.batch.hits
	for !j.full() {
		if s.ob == nil || s.opos >= len(s.orows) {
			if err := ctx.Err(); err != nil {
				return err
			}
			ok, err := s.nextOuter(ctx)
			if err != nil {
				return err
			}
			if !ok {
				s.ob = nil
				s.phase = hjNextBatch
				return nil
			}
		}
		for ; s.opos < len(s.orows) && !j.full(); s.opos++ {
			if !hits[s.mreader.ord+int64(s.opos)] {
				j.addOuterUnmatched(s.ob.Cols, s.orows[s.opos])
			}
		}
	}
	return nil
}

// finishBatch drops the finished batch's files and keeps its figures.
func (s *HashJoinState) finishBatch() {
	cb := s.batch
	s.batch = nil
	s.j.hits = nil
	s.dropBatch(cb.n)
	s.hash.destroy()
}

// dropBatch frees batch n's partitions of every member's files; only the
// participant that claimed the batch touches them.
func (s *HashJoinState) dropBatch(n int) {
	for _, m := range s.par.members {
		if n < len(m.inner.parts) {
			m.inner.drop(n)
		}
		if n < len(m.outer.parts) {
			m.outer.drop(n)
		}
	}
}

// multiSpillReader reads one batch's rows from every member's file in
// turn.
type multiSpillReader struct {
	files []*spillFile
	n     int
	i     int
	rd    *spillReader
	// hashes are the hashes of the last batch's rows; ord the ordinal of
	// its first row within the batch; total the batch's row count.
	hashes []uint64
	ord    int64
	next0  int64
	total  int
}

func newMultiSpillReader(members []*phjMember, n int, inner bool) *multiSpillReader {
	r := &multiSpillReader{n: n}
	for _, m := range members {
		f := m.outer
		if inner {
			f = m.inner
		}
		if f.rows(n) > 0 {
			r.files = append(r.files, f)
			r.total += int(f.rows(n))
		}
	}
	return r
}

// next returns the next batch of rows, nil at the end.
func (r *multiSpillReader) next() (*vector.Batch, error) {
	for r.i < len(r.files) {
		if r.rd == nil || r.rd.s != r.files[r.i] {
			r.rd = r.files[r.i].reader(r.n, r.rd)
		}
		b, err := r.rd.next()
		if err != nil {
			return nil, err
		}
		if b != nil && b.Len() > 0 {
			r.hashes = r.rd.hashes
			r.ord = r.next0
			r.next0 += int64(b.Len())
			return b, nil
		}
		r.i++
	}
	return nil, nil
}
