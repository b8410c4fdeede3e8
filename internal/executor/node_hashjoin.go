// node_hashjoin.go implements Hash Join (PG: nodeHashjoin.c): it has its
// inner Hash node build a hash table of the inner rows, then probes it with
// each outer row's OuterHashKeys. Rows whose hash and key values are equal
// (types.Equal; NULL keys never match) are candidate pairs, which the shared
// joiner (execjoin.go) filters with JoinQual and turns into output for
// Inner, Left, Right, Full, Semi and Anti joins. For Semi and Anti joins and
// unique inner sides, probing an outer row stops at its first match.
//
// With more than one batch (the inner side exceeds hash_mem, see
// node_hash.go) it is PostgreSQL's hybrid hash join: outer rows of later
// batches are written to temporary files while batch 0 is probed; then each
// later batch's inner rows are loaded back into the table and its outer rows
// read back and probed. Unmatched inner rows of Right and Full joins are
// returned after each batch's probe.
//
// Like PostgreSQL it fetches the first outer batch before building when the
// outer side is cheap to start (or must be returned anyway), and stops
// without building if the outer side is empty; it stops without reading the
// outer side when the inner side is empty and no outer rows need returning.
// A rescan reuses a single-batch table.
//
// Output keeps the outer side's order within a batch; in a parallel plan
// each participant runs its own Hash Join with a private table, unless it
// is a Parallel Hash Join (node_hashjoin_parallel.go).

package executor

import (
	"context"

	"github.com/loomdb/loomdb/internal/expr"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/plannodes"
	"github.com/loomdb/loomdb/internal/types"
	"github.com/loomdb/loomdb/internal/vector"
)

// Phases of a hash join.
const (
	hjStart = iota
	hjProbe
	hjFillInner
	hjNextBatch
	hjFinalPass
	hjDone
)

// HashJoinState is the run-time state of a HashJoin.
type HashJoinState struct {
	plan       *plannodes.HashJoin
	es         *EState
	outer      PlanState
	hashPS     PlanState // the Hash child as built (possibly instrumented)
	hash       *HashState
	j          *joiner
	outerKeys  []*expr.ExprState
	outerTypes []types.T
	ectx       *expr.Context
	phase      int
	stopEarly  bool
	// The outer batch being probed, with its keys and hashes.
	ob    *vector.Batch
	orows []int
	okeys []*vector.Vector
	ohash []uint64
	// heads are the outer rows' bucket heads, headHash the hashes of those
	// first rows (findHeads); headsValid says they are for this batch.
	heads      []int32
	headHash   []uint64
	headsValid bool
	onull      []bool
	opos       int
	chain      int32
	rowsBuf    []int
	reader     *spillReader
	// innerView holds the table's columns in Hash output order.
	innerView []*vector.Vector
	fillPos   int
	flushed   bool // the last Exec returned a batch built in j
	// Parallel Hash Join (node_hashjoin_parallel.go): the shared state,
	// this participant's member, whether it is attached to the build
	// barrier and counted among the users, the partitioned batch it works
	// on and the reader of that batch's outer rows.
	par      *phjShared
	me       *phjMember
	attached bool
	user     bool
	batch    *phjBatch
	mreader  *multiSpillReader
	probed   bool
}

func initHashJoin(p *plannodes.HashJoin, es *EState) (*HashJoinState, error) {
	if _, ok := p.Righttree.(*plannodes.Hash); !ok {
		return nil, pgerror.Internal("Hash Join's inner plan must be a Hash node, not %T", p.Righttree)
	}
	s := &HashJoinState{plan: p, es: es, ectx: es.exprContext(), chain: -1}
	var err error
	if s.outer, err = ExecInitNode(p.Lefttree, es); err != nil {
		return nil, err
	}
	if s.hashPS, err = ExecInitNode(p.Righttree, es); err != nil {
		s.outer.End()
		return nil, err
	}
	s.hash = unwrap(s.hashPS).(*HashState)
	s.outerTypes = plannodes.OutputTypes(p.Lefttree)
	s.hash.forJoin = true
	s.hash.outerTypes = s.outerTypes
	s.hash.keepNulls = fillsInner(p.JoinType)
	if len(p.OuterHashKeys) != len(s.hash.keys) {
		s.End()
		return nil, pgerror.Internal("Hash Join has %d outer keys but its Hash has %d", len(p.OuterHashKeys), len(s.hash.keys))
	}
	for _, k := range p.OuterHashKeys {
		x, err := expr.Compile(k, outerColumns)
		if err != nil {
			s.End()
			return nil, err
		}
		s.outerKeys = append(s.outerKeys, x)
	}
	innerTypes := s.hash.outputTypes()
	if s.j, err = newJoiner(&p.Join, es, s.outerTypes, innerTypes); err != nil {
		s.End()
		return nil, err
	}
	s.stopEarly = p.JoinType == plannodes.JoinSemi || p.JoinType == plannodes.JoinAnti || p.InnerUnique
	return s, nil
}

func (s *HashJoinState) childStates() []PlanState { return []PlanState{s.outer, s.hashPS} }

// Plan returns the node's plan.
func (s *HashJoinState) Plan() plannodes.Plan { return s.plan }

// JoinFiltered returns the number of rows removed by the join filter
// (EXPLAIN ANALYZE "Rows Removed by Join Filter").
func (s *HashJoinState) JoinFiltered() float64 { return s.j.joinFiltered }

// Filtered returns the number of rows removed by the filter (EXPLAIN
// ANALYZE "Rows Removed by Filter").
func (s *HashJoinState) Filtered() float64 { return s.j.filtered }

// Exec returns the next batch of joined rows.
func (s *HashJoinState) Exec(ctx context.Context) (*vector.Batch, error) {
	s.ectx.Ctx = ctx
	s.j.ectx.Ctx = ctx
	for {
		if s.flushed {
			s.flushed = false
			s.j.reset()
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := s.fill(ctx); err != nil {
			return nil, err
		}
		if s.j.comb.N == 0 && s.phase == hjDone {
			return nil, nil
		}
		out, err := s.j.flush()
		if err != nil {
			return nil, err
		}
		s.flushed = true
		if out != nil {
			return out, nil
		}
	}
}

// fill adds rows to the joiner until its batch is full, the current batch
// must be flushed before the table changes, or the join is done.
func (s *HashJoinState) fill(ctx context.Context) error {
	j := s.j
	jt := s.plan.JoinType
	for !j.full() {
		switch s.phase {
		case hjStart:
			if s.par != nil {
				done, err := s.startParallel(ctx)
				if err != nil {
					return err
				}
				if done {
					s.phase = hjDone
				}
				continue
			}
			done, err := s.start(ctx)
			if err != nil {
				return err
			}
			if done {
				s.phase = hjDone
				return nil
			}
			s.phase = hjProbe
		case hjProbe:
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
					switch {
					case s.par != nil && !s.par.partitioned.Load():
						s.phase = hjNextBatch
					case fillsInner(jt):
						s.phase, s.fillPos = hjFillInner, 0
					default:
						s.phase = hjNextBatch
					}
					continue
				}
			}
			if err := s.probe(); err != nil {
				return err
			}
		case hjFillInner:
			t := s.hash.table
			for s.fillPos < t.rows.n && !j.full() {
				if !j.iflags[s.fillPos] {
					j.addInner(s.innerView, s.fillPos, int32(s.fillPos))
				}
				s.fillPos++
			}
			if s.fillPos >= t.rows.n {
				s.phase = hjNextBatch
			}
		case hjNextBatch:
			if j.comb.N > 0 {
				// Pending rows refer to this batch's matched flags.
				return nil
			}
			if s.par != nil {
				if err := s.parallelNextBatch(ctx); err != nil {
					return err
				}
				continue
			}
			if err := s.nextBatch(ctx); err != nil {
				return err
			}
		case hjFinalPass:
			if err := s.finalPass(ctx); err != nil {
				return err
			}
		case hjDone:
			return nil
		}
	}
	return nil
}

// start builds the hash table, first fetching an outer batch when PG would
// (to skip the build for an empty outer side); it reports whether the join
// has no rows to return.
func (s *HashJoinState) start(ctx context.Context) (bool, error) {
	jt := s.plan.JoinType
	if s.hash.built {
		// A rescan reusing a single-batch table.
		t := s.hash.table
		if t.totalTuples == 0 && t.rows.n == 0 && !fillsOuter(jt) {
			return true, nil
		}
		s.resetTable()
		return false, nil
	}
	if !fillsInner(jt) && (fillsOuter(jt) || s.plan.Lefttree.PlanHeader().StartupCost < s.plan.Righttree.PlanHeader().TotalCost) {
		ok, err := s.nextOuter(ctx)
		if err != nil {
			return false, err
		}
		if !ok {
			return true, nil
		}
	}
	if _, err := s.hashPS.Exec(ctx); err != nil {
		return false, err
	}
	if is, ok := s.hashPS.(*InstrumentedState); ok {
		is.Instr.Rows += s.hash.Tuples
	}
	t := s.hash.table
	if t.totalTuples == 0 && t.rows.n == 0 && !fillsOuter(jt) {
		return true, nil
	}
	t.nbatchOutstart = t.nbatch
	s.resetTable()
	return false, nil
}

// resetTable points the joiner at the current batch's rows and flags.
func (s *HashJoinState) resetTable() {
	t := s.hash.table
	for i := range t.matched {
		t.matched[i] = false
	}
	s.useTable(t.matched)
}

// useTable points the joiner at the hash table's rows, with flags (all
// false) as the inner rows' matched flags.
func (s *HashJoinState) useTable(flags []bool) {
	t := s.hash.table
	s.j.iflags = flags
	s.innerView = make([]*vector.Vector, len(s.hash.outCol))
	for i, c := range s.hash.outCol {
		s.innerView[i] = t.rows.cols[c]
	}
}

// nextOuter makes the next outer batch current (from the outer input for
// batch 0, else from the batch's temporary file); false at the end.
func (s *HashJoinState) nextOuter(ctx context.Context) (bool, error) {
	if s.par != nil && s.batch != nil {
		b, err := s.mreader.next()
		if err != nil || b == nil {
			return false, err
		}
		s.ob = b
		s.orows = liveRows(b, &s.rowsBuf)
		s.opos = 0
		return true, s.outerHashes(s.mreader.hashes)
	}
	t := s.hash.table
	if t == nil || t.curbatch == 0 {
		for {
			b, err := s.outer.Exec(ctx)
			if err != nil || b == nil {
				return false, err
			}
			if b.Len() == 0 {
				continue
			}
			s.ob = b
			s.orows = liveRows(b, &s.rowsBuf)
			s.opos = 0
			if err := s.outerHashes(nil); err != nil {
				return false, err
			}
			return true, nil
		}
	}
	b, err := s.reader.next()
	if err != nil || b == nil {
		return false, err
	}
	s.ob = b
	s.orows = liveRows(b, &s.rowsBuf)
	s.opos = 0
	if err := s.outerHashes(s.reader.hashes); err != nil {
		return false, err
	}
	return true, nil
}

// outerHashes evaluates the outer keys of the current outer batch and,
// unless they were read back with it (spilled), their hashes.
func (s *HashJoinState) outerHashes(spilled []uint64) error {
	n := len(s.orows)
	if cap(s.ohash) < n {
		s.ohash = make([]uint64, n, max(n, vector.BatchSize))
		s.onull = make([]bool, n, max(n, vector.BatchSize))
	}
	s.ohash, s.onull = s.ohash[:n], s.onull[:n]
	s.headsValid = false
	s.okeys = s.okeys[:0]
	for _, k := range s.outerKeys {
		v, err := k.Eval(s.ectx, s.ob, s.orows)
		if err != nil {
			return err
		}
		s.okeys = append(s.okeys, v)
	}
	if spilled != nil {
		copy(s.ohash, spilled)
		for i, r := range s.orows {
			s.onull[i] = keysNull(s.okeys, r)
		}
		return nil
	}
	joinKeyHashes(s.okeys, s.orows, s.ohash, s.onull)
	return nil
}

// findHeads looks up the bucket of every outer row of the batch that
// belongs to the table's batch, and reads the hash of each bucket's first
// row: independent loads the processor overlaps, where the probe's chain
// walk would wait for one cache miss after another.
func (s *HashJoinState) findHeads(t *hashTable) {
	n := len(s.orows)
	if cap(s.heads) < n {
		s.heads = make([]int32, n, max(n, vector.BatchSize))
		s.headHash = make([]uint64, n, max(n, vector.BatchSize))
	}
	s.heads, s.headHash = s.heads[:n], s.headHash[:n]
	for i := s.opos; i < n; i++ {
		s.heads[i] = -1
		if h := s.ohash[i]; !s.onull[i] && t.batchOf(h) == t.curbatch {
			s.heads[i] = t.bucket(h)
		}
	}
	for i := s.opos; i < n; i++ {
		if c := s.heads[i]; c >= 0 {
			s.headHash[i] = t.hashes[c]
		}
	}
	s.headsValid = true
}

// probe pairs outer rows of the current batch with their matches.
func (s *HashJoinState) probe() error {
	j := s.j
	t := s.hash.table
	track := fillsInner(s.plan.JoinType)
	ikeys := t.keys.cols
	if !s.headsValid {
		s.findHeads(t)
	}
	for s.opos < len(s.orows) {
		if j.full() {
			return nil
		}
		r := s.orows[s.opos]
		h := s.ohash[s.opos]
		if j.open < 0 {
			if j.hits != nil {
				// A fragment pass: a semi join's row already returned
				// is done, and unmatched rows wait for the final pass.
				ord := s.mreader.ord + int64(s.opos)
				if s.onull[s.opos] || (s.plan.JoinType == plannodes.JoinSemi && j.hits[ord]) {
					s.opos++
					continue
				}
				j.curOrd = ord
			}
			if s.onull[s.opos] {
				j.addOuterUnmatched(s.ob.Cols, r)
				s.opos++
				continue
			}
			if b := t.batchOf(h); b != t.curbatch {
				if err := t.outerSpill.write(b, h, s.ob.Cols, r); err != nil {
					return err
				}
				s.opos++
				continue
			}
			j.beginOuter()
			s.chain = s.heads[s.opos]
			if s.chain >= 0 && s.headHash[s.opos] != h {
				// The bucket's first row has another hash.
				s.chain = t.next[s.chain]
			}
		}
		for s.chain >= 0 {
			if j.full() {
				return nil
			}
			if s.stopEarly && j.outerMatched() {
				s.chain = -1
				break
			}
			c := s.chain
			s.chain = t.next[c]
			if t.hashes[c] != h || !s.keysEqual(r, ikeys, int(c)) {
				continue
			}
			iref := int32(-1)
			if track {
				iref = c
			}
			j.addPair(s.ob.Cols, r, s.innerView, int(c), iref)
		}
		if j.full() {
			return nil
		}
		if j.hits != nil && fillsOuter(s.plan.JoinType) {
			j.abandonOuter()
		} else {
			j.endOuter(s.ob.Cols, r)
		}
		s.opos++
	}
	return nil
}

// keysEqual reports whether outer row r's keys equal table row c's.
func (s *HashJoinState) keysEqual(r int, ikeys []*vector.Vector, c int) bool {
	for k, ov := range s.okeys {
		if !valuesEqual(ov, r, ikeys[k], c) {
			return false
		}
	}
	return true
}

// nextBatch advances to the next batch that can produce rows, loading its
// inner rows and opening its outer rows (PG: ExecHashJoinNewBatch).
func (s *HashJoinState) nextBatch(ctx context.Context) error {
	t := s.hash.table
	jt := s.plan.JoinType
	for {
		if t.curbatch >= 0 {
			t.outerSpill.drop(t.curbatch)
		}
		next := t.curbatch + 1
		if next >= t.nbatch {
			s.phase = hjDone
			return nil
		}
		t.curbatch = next
		hasOuter, hasInner := t.outerSpill.rows(next) > 0, t.innerSpill.rows(next) > 0
		// PG's four rules: a batch must be processed when its rows must be
		// returned unmatched, when both sides have rows, or when rows
		// written before nbatch grew may belong to later batches now.
		if (hasOuter && fillsOuter(jt)) || (hasInner && fillsInner(jt)) || (hasOuter && hasInner) ||
			(hasInner && t.nbatch != t.nbatchOriginal) || (hasOuter && t.nbatch != t.nbatchOutstart) {
			break
		}
		t.innerSpill.drop(next)
	}
	if err := s.hash.loadBatch(ctx, t.curbatch); err != nil {
		return err
	}
	s.resetTable()
	s.reader = t.outerSpill.reader(t.curbatch, s.reader)
	s.ob, s.orows, s.opos = nil, nil, 0
	s.phase = hjProbe
	return nil
}

// HashNode returns the Hash node's state (for its EXPLAIN ANALYZE line).
func (s *HashJoinState) HashNode() *HashState { return s.hash }

// Batches returns the hash table's current number of batches.
func (s *HashJoinState) Batches() int {
	if s.hash.table == nil {
		return 0
	}
	return s.hash.table.nbatch
}

// ReScan restarts the join, keeping a single-batch hash table. A Parallel
// Hash Join leaves its shared state, which the Gather above sets up again.
func (s *HashJoinState) ReScan(ctx context.Context) error {
	if s.par != nil {
		s.endParallel()
		s.par, s.me, s.batch, s.mreader, s.probed = nil, nil, nil, nil, false
		s.hash.phj, s.hash.member = nil, nil
		s.hash.destroy()
	}
	s.j.clear()
	s.j.hits = nil
	s.flushed = false
	s.ob, s.orows, s.opos, s.chain = nil, nil, 0, -1
	s.phase = hjStart
	// A complete single-batch table is kept; anything else (several
	// batches, or a build cut short) is rebuilt from a rescanned input.
	if t := s.hash.table; t != nil && (!(s.hash.built && t.nbatch == 1 && t.curbatch == 0) || s.hash.plan.PlanHeader().ExtParam) {
		if err := s.hashPS.ReScan(ctx); err != nil {
			return err
		}
	}
	return s.outer.ReScan(ctx)
}

// End ends both inputs and removes temporary files.
func (s *HashJoinState) End() error {
	var first error
	if s.outer != nil {
		first = s.outer.End()
	}
	if s.hashPS != nil {
		if err := s.hashPS.End(); err != nil && first == nil {
			first = err
		}
	}
	s.endParallel()
	return first
}
