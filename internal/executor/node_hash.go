// node_hash.go implements Hash: it reads its whole input into an in-memory
// hash table keyed by HashKeys, for the Hash Join above it, which is its
// only caller (PG: nodeHash.c). Like PostgreSQL's, the node returns no rows
// through Exec: the join calls Exec once to build the table (so that
// EXPLAIN ANALYZE times the build) and then probes the table directly.
//
// The table is sized as PostgreSQL sizes it (ExecChooseHashTableSize):
// nbuckets is the next power of two of the planned rows (NTUP_PER_BUCKET 1,
// at least 1024) and nbatch the power of two that lets each batch fit in
// hash_mem (work_mem × hash_mem_multiplier). It is PostgreSQL's hybrid hash
// join: rows of batch 0 stay in memory, rows of later batches go to
// temporary files (spillfile.go), and when the rows in memory outgrow
// hash_mem, nbatch doubles and the rows that now belong to later batches
// move to their files (ExecHashIncreaseNumBatches), until a doubling frees
// nothing, after which the batch is allowed to exceed the limit. While there
// is one batch, nbuckets doubles to keep one row per bucket. Rows whose keys
// contain a NULL can never match: they are dropped, or kept unlinked when
// the join must return unmatched inner rows (Right and Full joins).
//
// The memory figure EXPLAIN ANALYZE prints follows PostgreSQL's accounting:
// per row 16 bytes of hash-join tuple header plus the MinimalTuple the row
// would be, plus 8 bytes per bucket.
//
// In a parallel plan each participant builds its own private table (a
// parallel-oblivious Hash under a Hash Join in a worker), unless the node
// is a Parallel Hash, whose participants build one table together
// (node_hashjoin_parallel.go).

package executor

import (
	"context"
	"fmt"
	"math"
	"math/bits"

	"github.com/loomdb/loomdb/internal/expr"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/plannodes"
	"github.com/loomdb/loomdb/internal/types"
	"github.com/loomdb/loomdb/internal/vector"
)

const (
	// hjTupleOverhead is MAXALIGN(sizeof(HashJoinTupleData)).
	hjTupleOverhead = 16
	// minimalTupleHeader is MAXALIGN(SizeofMinimalTupleHeader).
	minimalTupleHeader = 16
	// maxAllocSize is PostgreSQL's MaxAllocSize.
	maxAllocSize = 0x3fffffff
)

// HashState is the run-time state of a Hash.
type HashState struct {
	plan    *plannodes.Hash
	es      *EState
	child   PlanState
	keys    []*expr.ExprState
	ectx    *expr.Context
	inTypes []types.T
	// outCol maps the node's output columns to its input's columns.
	outCol []int
	// keepNulls is set by the join when NULL-keyed rows must be kept.
	keepNulls bool
	// outerTypes are the probing side's column types (for its spill file);
	// forJoin is set once a Hash Join has claimed the node.
	outerTypes []types.T
	forJoin    bool
	table      *hashTable
	built      bool
	rows       []int
	hashes     []uint64
	nulls      []bool
	// Tuples counts the rows inserted by the last build (EXPLAIN ANALYZE rows).
	Tuples float64
	// stats keeps the figures of tables already destroyed (rescans, End).
	stats HashStats
	// In a Parallel Hash Join: the shared state and this participant's
	// member (nil when it attached after the inner side was hashed), and
	// whether table is the shared one, which the node must not close.
	phj      *phjShared
	member   *phjMember
	borrowed bool
}

// HashStats are a Hash node's EXPLAIN ANALYZE figures (PG:
// HashInstrumentation): bucket and batch counts, final and as first sized,
// and the peak memory of the table in bytes.
type HashStats struct {
	NBuckets, NBucketsOriginal int
	NBatch, NBatchOriginal     int
	SpacePeak                  int64
}

// accum takes the larger of each figure (PG: ExecHashAccumInstrumentation).
func (h *HashStats) accum(t *hashTable) {
	h.NBuckets = max(h.NBuckets, t.nbuckets)
	h.NBucketsOriginal = max(h.NBucketsOriginal, t.nbucketsOriginal)
	h.NBatch = max(h.NBatch, t.nbatch)
	h.NBatchOriginal = max(h.NBatchOriginal, t.nbatchOriginal)
	h.SpacePeak = max(h.SpacePeak, t.spacePeak)
}

// Merge takes the larger of each figure of h and o.
func (h *HashStats) Merge(o HashStats) {
	h.NBuckets = max(h.NBuckets, o.NBuckets)
	h.NBucketsOriginal = max(h.NBucketsOriginal, o.NBucketsOriginal)
	h.NBatch = max(h.NBatch, o.NBatch)
	h.NBatchOriginal = max(h.NBatchOriginal, o.NBatchOriginal)
	h.SpacePeak = max(h.SpacePeak, o.SpacePeak)
}

// HashStats returns the node's figures over every table it built, also
// after End; ok is false when no table was built.
func (s *HashState) HashStats() (st HashStats, ok bool) {
	st = s.stats
	if s.table != nil {
		st.accum(s.table)
	}
	return st, st.NBatch > 0
}

func initHash(p *plannodes.Hash, es *EState) (*HashState, error) {
	child, err := ExecInitNode(p.Lefttree, es)
	if err != nil {
		return nil, err
	}
	s := &HashState{plan: p, es: es, child: child, ectx: es.exprContext(), inTypes: plannodes.OutputTypes(p.Lefttree)}
	for _, k := range p.HashKeys {
		x, err := expr.Compile(k, outerColumns)
		if err != nil {
			return nil, err
		}
		s.keys = append(s.keys, x)
	}
	if len(p.TargetList) == 0 {
		for i := range s.inTypes {
			s.outCol = append(s.outCol, i)
		}
	}
	for _, te := range p.TargetList {
		v, ok := te.Expr.(*nodes.Var)
		if !ok || v.VarNo != nodes.OuterVar || v.AttNo < 1 || v.AttNo > len(s.inTypes) {
			return nil, pgerror.Internal("Hash node target list must reference its input's columns")
		}
		s.outCol = append(s.outCol, v.AttNo-1)
	}
	return s, nil
}

func (s *HashState) childStates() []PlanState { return []PlanState{s.child} }

// Plan returns the node's plan.
func (s *HashState) Plan() plannodes.Plan { return s.plan }

// outputTypes returns the types of the node's output columns.
func (s *HashState) outputTypes() []types.T {
	ts := make([]types.T, len(s.outCol))
	for i, c := range s.outCol {
		ts[i] = s.inTypes[c]
	}
	return ts
}

// Exec builds the hash table from the whole input and returns no rows. Only
// Hash Join calls it.
func (s *HashState) Exec(ctx context.Context) (*vector.Batch, error) {
	if !s.forJoin {
		return nil, pgerror.Internal("Hash node does not support ExecProcNode call convention")
	}
	if s.phj != nil {
		s.Tuples = 0
		if s.member == nil {
			return nil, nil
		}
		return nil, s.hashInnerParallel(ctx, s.phj, s.member)
	}
	if s.built {
		return nil, nil
	}
	s.ectx.Ctx = ctx
	s.destroy()
	planRows, width := s.plan.Lefttree.PlanHeader().PlanRows, s.plan.Lefttree.PlanHeader().PlanWidth
	if s.plan.ParallelAware {
		planRows = s.plan.RowsTotal
	}
	memBytes := s.es.hashMemBytes()
	nbuckets, nbatch := chooseHashTableSize(planRows, width, memBytes)
	t := newHashTable(s.inTypes, s.keyTypes(), s.outerTypes, nbuckets, nbatch, memBytes)
	s.table = t
	s.Tuples = 0
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		b, err := s.child.Exec(ctx)
		if err != nil {
			return nil, err
		}
		if b == nil {
			break
		}
		keyVecs, rows, err := s.evalKeys(b)
		if err != nil {
			return nil, err
		}
		if cap(s.nulls) < len(rows) {
			s.nulls = make([]bool, len(rows), vector.BatchSize)
			s.hashes = make([]uint64, len(rows), vector.BatchSize)
		}
		hashes, nulls := s.hashes[:len(rows)], s.nulls[:len(rows)]
		joinKeyHashes(keyVecs, rows, hashes, nulls)
		for k, r := range rows {
			if nulls[k] && !s.keepNulls {
				continue
			}
			if !nulls[k] {
				s.Tuples++
			}
			if err := t.insert(b.Cols, r, keyVecs, hashes[k], nulls[k]); err != nil {
				return nil, err
			}
		}
	}
	t.finishBatch(true)
	s.built = true
	return nil, nil
}

func (s *HashState) keyTypes() []types.T {
	ts := make([]types.T, len(s.keys))
	for i, k := range s.keys {
		ts[i] = k.Type()
	}
	return ts
}

// evalKeys computes the hash keys over b's live rows.
func (s *HashState) evalKeys(b *vector.Batch) ([]*vector.Vector, []int, error) {
	rows := liveRows(b, &s.rows)
	keyVecs := make([]*vector.Vector, len(s.keys))
	for i, k := range s.keys {
		v, err := k.Eval(s.ectx, b, rows)
		if err != nil {
			return nil, nil, err
		}
		keyVecs[i] = v
	}
	return keyVecs, rows, nil
}

// loadBatch replaces the table's rows with those of batch curbatch, read
// back from its temporary file (PG: ExecHashJoinNewBatch).
func (s *HashState) loadBatch(ctx context.Context, batch int) error {
	t := s.table
	t.resetForBatch(batch)
	rd := t.innerSpill.reader(batch, nil)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		b, err := rd.next()
		if err != nil {
			return err
		}
		if b == nil {
			break
		}
		keyVecs, rows, err := s.evalKeys(b)
		if err != nil {
			return err
		}
		for k, r := range rows {
			if err := t.insert(b.Cols, r, keyVecs, rd.hashes[k], false); err != nil {
				return err
			}
		}
	}
	t.innerSpill.drop(batch)
	t.finishBatch(false)
	return nil
}

// HashInfo returns the EXPLAIN ANALYZE line of the Hash node, such as
// "Buckets: 1024  Batches: 1  Memory Usage: 9kB".
func (s *HashState) HashInfo() string {
	t := s.table
	if t == nil {
		return ""
	}
	kb := (t.spacePeak + 1023) / 1024
	if t.nbatch != t.nbatchOriginal || t.nbuckets != t.nbucketsOriginal {
		return fmt.Sprintf("Buckets: %d (originally %d)  Batches: %d (originally %d)  Memory Usage: %dkB",
			t.nbuckets, t.nbucketsOriginal, t.nbatch, t.nbatchOriginal, kb)
	}
	return fmt.Sprintf("Buckets: %d  Batches: %d  Memory Usage: %dkB", t.nbuckets, t.nbatch, kb)
}

// ReScan discards the table and restarts the input; the next Exec
// rebuilds it.
func (s *HashState) ReScan(ctx context.Context) error {
	s.built = false
	s.destroy()
	return s.child.ReScan(ctx)
}

func (s *HashState) destroy() {
	if s.borrowed {
		s.stats.accum(s.table)
		s.table, s.borrowed = nil, false
		return
	}
	if s.table != nil {
		s.stats.accum(s.table)
		s.table.close()
		s.table = nil
	}
}

// End releases the table and its temporary files and ends the input.
func (s *HashState) End() error {
	s.destroy()
	s.built = false
	return s.child.End()
}

// hashTable is the table of one hash join (PG: HashJoinTableData).
type hashTable struct {
	rows    *rowStore // the current batch's rows (all input columns)
	keys    *rowStore // their key values
	hashes  []uint64
	nullKey []bool // key has a NULL: kept only for Right/Full joins, never linked
	next    []int32
	buckets []int32
	matched []bool

	nbuckets, nbucketsOriginal, nbucketsOptimal int
	nbatch, nbatchOriginal, curbatch            int
	maxPointers                                 int
	spaceUsed, spacePeak, spaceAllowed          int64
	growEnabled                                 bool
	// nbatchOutstart is nbatch when the probe of batch 0 began.
	nbatchOutstart int
	// totalTuples counts the rows inserted over all batches.
	totalTuples float64
	innerSpill  *spillFile
	outerSpill  *spillFile
}

func newHashTable(inTypes, keyTypes, outerTypes []types.T, nbuckets, nbatch int, memBytes int64) *hashTable {
	t := &hashTable{
		rows:             newRowStore(inTypes),
		keys:             newRowStore(keyTypes),
		nbuckets:         nbuckets,
		nbucketsOriginal: nbuckets,
		nbucketsOptimal:  nbuckets,
		nbatch:           nbatch,
		nbatchOriginal:   nbatch,
		spaceAllowed:     memBytes,
		growEnabled:      true,
		innerSpill:       newSpillFile(inTypes),
		outerSpill:       newSpillFile(outerTypes),
	}
	t.maxPointers = maxPointers(memBytes)
	return t
}

// batchOf returns the batch a hash value belongs to; buckets use the low
// bits, batches the high ones, so the two stay independent as both grow.
func (t *hashTable) batchOf(h uint64) int {
	return int((h >> 32) & uint64(t.nbatch-1))
}

// insert adds row r of cols with its keys and hash to the table or to its
// batch's file (PG: ExecHashTableInsert).
func (t *hashTable) insert(cols []*vector.Vector, r int, keys []*vector.Vector, h uint64, nullKey bool) error {
	if !nullKey {
		t.totalTuples++
		if b := t.batchOf(h); b != t.curbatch {
			return t.innerSpill.write(b, h, cols, r)
		}
	}
	t.store(cols, r, keys, h, nullKey)
	if t.nbatch == 1 && t.totalTuples > float64(t.nbucketsOptimal) && t.nbucketsOptimal*2 <= t.maxPointers {
		t.nbucketsOptimal *= 2
	}
	if t.spaceUsed+int64(t.nbucketsOptimal)*8 > t.spaceAllowed {
		return t.increaseNumBatches()
	}
	return nil
}

// store appends row r of cols, with its keys and hash, to the table's rows,
// counting the space PostgreSQL would charge for it.
func (t *hashTable) store(cols []*vector.Vector, r int, keys []*vector.Vector, h uint64, nullKey bool) {
	t.rows.appendRow(cols, r)
	t.keys.appendRow(keys, r)
	t.hashes = append(t.hashes, h)
	t.nullKey = append(t.nullKey, nullKey)
	t.spaceUsed += tupleSpace(cols, r, len(t.rows.cols))
	t.spacePeak = max(t.spacePeak, t.spaceUsed)
}

// keysNull reports whether any key of row r is NULL.
func keysNull(keys []*vector.Vector, r int) bool {
	for _, v := range keys {
		if v.Nulls[r] {
			return true
		}
	}
	return false
}

// increaseNumBatches doubles nbatch and moves the rows that now belong to
// later batches to their files (PG: ExecHashIncreaseNumBatches).
func (t *hashTable) increaseNumBatches() error {
	if !t.growEnabled || t.nbatch > math.MaxInt32/4 {
		return nil
	}
	t.nbatch *= 2
	t.nbuckets = t.nbucketsOptimal
	n := t.rows.n
	keepRows := newRowStore(rowTypes(t.rows))
	keepKeys := newRowStore(rowTypes(t.keys))
	var hashes []uint64
	var nullKey []bool
	freed := 0
	t.spaceUsed = 0
	for i := 0; i < n; i++ {
		h := t.hashes[i]
		if !t.nullKey[i] {
			if b := t.batchOf(h); b != t.curbatch {
				if err := t.innerSpill.write(b, h, t.rows.cols, i); err != nil {
					return err
				}
				freed++
				continue
			}
		}
		keepRows.appendRow(t.rows.cols, i)
		keepKeys.appendRow(t.keys.cols, i)
		hashes = append(hashes, h)
		nullKey = append(nullKey, t.nullKey[i])
		t.spaceUsed += tupleSpace(t.rows.cols, i, len(t.rows.cols))
	}
	t.rows, t.keys, t.hashes, t.nullKey = keepRows, keepKeys, hashes, nullKey
	if freed == 0 || freed == n {
		// Splitting did not help (all rows share their hash bits):
		// let this batch exceed the limit.
		t.growEnabled = false
	}
	return nil
}

func rowTypes(s *rowStore) []types.T {
	ts := make([]types.T, len(s.cols))
	for i, v := range s.cols {
		ts[i] = v.Type
	}
	return ts
}

// finishBatch links the current batch's rows into buckets.
func (t *hashTable) finishBatch(first bool) {
	t.nbuckets = t.nbucketsOptimal
	if cap(t.buckets) >= t.nbuckets {
		t.buckets = t.buckets[:t.nbuckets]
	} else {
		t.buckets = make([]int32, t.nbuckets)
	}
	for i := range t.buckets {
		t.buckets[i] = -1
	}
	n := t.rows.n
	t.next = make([]int32, n)
	t.matched = make([]bool, n)
	mask := uint64(t.nbuckets - 1)
	for i := 0; i < n; i++ {
		if t.nullKey[i] {
			t.next[i] = -1
			continue
		}
		b := t.hashes[i] & mask
		t.next[i] = t.buckets[b]
		t.buckets[b] = int32(i)
	}
	if first {
		// PG counts the bucket array once, after the first build.
		t.spaceUsed += int64(t.nbuckets) * 8
		t.spacePeak = max(t.spacePeak, t.spaceUsed)
	}
}

// resetForBatch empties the table for batch b.
func (t *hashTable) resetForBatch(b int) {
	t.curbatch = b
	t.rows.release()
	t.keys.release()
	t.hashes = t.hashes[:0]
	t.nullKey = t.nullKey[:0]
	t.next = nil
	t.matched = nil
	t.spaceUsed = 0
}

// bucket returns the first row of the chain for hash h, or -1.
func (t *hashTable) bucket(h uint64) int32 {
	return t.buckets[h&uint64(t.nbuckets-1)]
}

func (t *hashTable) close() {
	t.innerSpill.close()
	t.outerSpill.close()
	t.rows, t.keys = nil, nil
}

// tupleSpace returns what PostgreSQL's hash table charges for row r of
// cols: the hash-join tuple header and the MinimalTuple.
func tupleSpace(cols []*vector.Vector, r, ncols int) int64 {
	off := 0
	hasNull := false
	for c := 0; c < ncols; c++ {
		var v *vector.Vector
		if c < len(cols) {
			v = cols[c]
		}
		if v == nil || v.Nulls[r] {
			hasNull = true
			continue
		}
		length, align := 8, 8
		if in := types.InfoOf(v.Type.Oid); in != nil {
			align = alignBytes(in.Align)
			if in.Len > 0 {
				length = int(in.Len)
			} else {
				var size int
				switch v.Class {
				case types.ClassNumeric:
					size = types.NumericDiskSize(v.Nums[r])
				case types.ClassString:
					size = len(v.Strs[r])
				}
				if size+1 <= 127 {
					// Short varlena: 1-byte header, no alignment.
					length, align = size+1, 1
				} else {
					length = size + 4
				}
			}
		}
		off = (off+align-1)&^(align-1) + length
	}
	hoff := 23
	if hasNull {
		hoff += (ncols + 7) / 8
	}
	hoff = maxAlign(hoff)
	// A MinimalTuple omits the first 8 bytes of the heap tuple header.
	return int64(hjTupleOverhead + hoff + off - 8)
}

func alignBytes(a byte) int {
	switch a {
	case 'c':
		return 1
	case 's':
		return 2
	case 'i':
		return 4
	}
	return 8
}

func maxAlign(n int) int { return (n + 7) &^ 7 }

// maxPointers returns how many bucket pointers hash_mem allows, a power of
// two (PG: max_pointers in ExecChooseHashTableSize).
func maxPointers(memBytes int64) int {
	mp := memBytes / 8
	mp = min(mp, maxAllocSize/8)
	mp = prevPow2(mp)
	return int(min(mp, math.MaxInt32/2+1))
}

func prevPow2(n int64) int64 {
	if n <= 1 {
		return 1
	}
	return 1 << (63 - bits.LeadingZeros64(uint64(n)))
}

func nextPow2(n int64) int64 {
	if n <= 1 {
		return 1
	}
	return 1 << (64 - bits.LeadingZeros64(uint64(n-1)))
}

// chooseHashTableSize returns the initial number of buckets and batches for
// ntuples rows of the given width (PG: ExecChooseHashTableSize, without the
// skew table and Parallel Hash).
func chooseHashTableSize(ntuples float64, width int, memBytes int64) (nbuckets, nbatch int) {
	if ntuples <= 0 {
		ntuples = 1000
	}
	tupsize := int64(hjTupleOverhead + minimalTupleHeader + maxAlign(width))
	innerRelBytes := ntuples * float64(tupsize)
	hashTableBytes := memBytes
	mp := int64(maxPointers(memBytes))
	dbuckets := math.Min(math.Ceil(ntuples), float64(mp))
	nb := max(int64(dbuckets), 1024)
	nb = nextPow2(nb)
	nbatch = 1
	if innerRelBytes+float64(nb*8) > float64(hashTableBytes) {
		bucketSize := tupsize + 8
		lbuckets := nextPow2(hashTableBytes / bucketSize)
		lbuckets = min(lbuckets, mp)
		nb = nextPow2(lbuckets)
		bucketBytes := nb * 8
		dbatch := math.Ceil(innerRelBytes / float64(hashTableBytes-bucketBytes))
		dbatch = math.Min(dbatch, float64(mp))
		nbatch = int(nextPow2(max(2, int64(dbatch))))
	}
	return int(nb), nbatch
}
