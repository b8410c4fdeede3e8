// node_memoize.go implements Memoize (PG: nodeMemoize.c): on a nested
// loop's inner side, above a parameterized scan, it keeps the scan's rows
// for each value of the cache key (the outer row's columns the scan is
// run with), so that an outer row repeating an earlier key is answered
// from the cache instead of by running the scan again.
//
// A rescan computes the key from the current outer row. A complete entry
// for it is a hit: its rows are replayed. Otherwise (a miss) the input is
// rescanned and its rows are returned while being added to the entry; the
// entry is complete once the input ends, or at its first row when the
// join is inner-unique (SingleRow: the nested loop reads no more). An
// entry left incomplete, because the nested loop moved on early, is
// refilled at its next lookup. The cache holds at most hash_mem
// (work_mem × hash_mem_multiplier); the least recently used entries are
// evicted to make room, and an entry that alone outgrows the limit is
// dropped (an overflow) and its rows are passed through uncached.
//
// Keys compare as the join's equality does (1.5 = 1.50), or in BinaryMode
// by their exact values (-0 and 0 differ), for join operators that can
// tell apart values equality takes as equal. In a parallel plan each
// participant has a cache of its own.

package executor

import (
	"container/list"
	"context"
	"math"

	"github.com/loomdb/loomdb/internal/expr"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/plannodes"
	"github.com/loomdb/loomdb/internal/types"
	"github.com/loomdb/loomdb/internal/vector"
)

// Memory accounted per cache entry and per cached row beyond the rows'
// values, as the planner estimates them (cost.CostMemoize).
const (
	memoEntryOverhead = 48
	memoRowOverhead   = 16
)

// MemoizeStats are a Memoize node's EXPLAIN ANALYZE figures in one
// participant (PG: MemoizeInstrumentation).
type MemoizeStats struct {
	Hits, Misses, Evictions, Overflows int64
	// MemPeak is the most memory the cache held, in bytes.
	MemPeak int64
}

// memoEntry is the cache entry of one key.
type memoEntry struct {
	key      []types.Datum
	keyBytes int64
	hash     uint64
	rows     *rowStore
	complete bool
	// lru is the entry's element in the recency list.
	lru *list.Element
}

// bytes is the memory the entry is charged.
func (e *memoEntry) bytes() int64 {
	n := memoEntryOverhead + e.keyBytes
	if e.rows != nil {
		n += e.rows.bytes + int64(e.rows.n)*memoRowOverhead
	}
	return n
}

// Modes of a MemoizeState between rescans.
const (
	memoLookup = iota // the next Exec looks the key up
	memoHit           // replaying a complete entry
	memoFill          // reading the input into an entry
	memoBypass        // reading the input, the entry dropped
	memoEnd           // the scan is over
)

// MemoizeState is the run-time state of a Memoize.
type MemoizeState struct {
	plan  *plannodes.Memoize
	es    *EState
	child PlanState
	types []types.T
	keys  []*expr.ExprState
	ectx  *expr.Context
	// table finds the entries by key hash; lru orders them from least to
	// most recently used.
	table   map[uint64][]*memoEntry
	lru     *list.List
	memUsed int64
	limit   int64
	mode    int
	entry   *memoEntry
	pos     int
	out     *vector.Batch
	stats   MemoizeStats
	// deps are the executor Params the input reads from outside it,
	// which are not part of the key, and depGens their set counts when
	// the cache was last valid: the cache is emptied once one changes (PG:
	// ExecReScanMemoize purging on a changed parameter).
	deps    []int
	depGens []uint64
}

func initMemoize(p *plannodes.Memoize, es *EState) (*MemoizeState, error) {
	child, err := ExecInitNode(p.Lefttree, es)
	if err != nil {
		return nil, err
	}
	ts := plannodes.OutputTypes(p.Lefttree)
	s := &MemoizeState{plan: p, es: es, child: child, types: ts, ectx: es.exprContext(),
		table: map[uint64][]*memoEntry{}, lru: list.New(), limit: es.hashMemBytes(),
		out: vector.NewBatch(ts, vector.BatchSize)}
	noColumns := func(*nodes.Var) (int, error) {
		return 0, pgerror.Internal("memoize cache key reads a column of its own input")
	}
	for _, e := range p.ParamExprs {
		k, err := expr.CompileOuter(e, noColumns, es.outerParams(0))
		if err != nil {
			return nil, err
		}
		s.keys = append(s.keys, k)
	}
	// Params in the key (LATERAL references) select entries instead.
	keyParams := map[int]bool{}
	for _, e := range p.ParamExprs {
		nodes.Walk(e, func(n nodes.Expr) bool {
			if prm, ok := n.(*nodes.Param); ok && prm.Kind == nodes.ParamExec {
				keyParams[prm.ID] = true
			}
			return true
		})
	}
	for _, d := range plannodes.ExternalParams(p.Lefttree, es.Subplans) {
		if !keyParams[d] {
			s.deps = append(s.deps, d)
		}
	}
	for _, d := range s.deps {
		if d >= len(es.execParams) {
			return nil, pgerror.Internal("memoize input reads undefined parameter $%d", d)
		}
	}
	s.depGens = es.paramGens(s.deps, nil)
	return s, nil
}

func (s *MemoizeState) childStates() []PlanState { return []PlanState{s.child} }

// Plan returns the node's plan.
func (s *MemoizeState) Plan() plannodes.Plan { return s.plan }

// Stats returns the node's cache figures.
func (s *MemoizeState) Stats() MemoizeStats {
	st := s.stats
	st.MemPeak = max(st.MemPeak, s.memUsed)
	return st
}

// Exec returns the next batch of the input's rows for the current key.
func (s *MemoizeState) Exec(ctx context.Context) (*vector.Batch, error) {
	if err := ctx.Err(); err != nil {
		return nil, pgerror.Convert(err)
	}
	s.ectx.Ctx = ctx
	if s.mode == memoLookup {
		if err := s.lookup(ctx); err != nil {
			return nil, err
		}
	}
	switch s.mode {
	case memoHit:
		if s.pos >= s.entry.rows.n {
			s.mode = memoEnd
			return nil, nil
		}
		end := min(s.pos+vector.BatchSize, s.entry.rows.n)
		s.entry.rows.copyRows(s.out, s.pos, end)
		s.pos = end
		return s.out, nil
	case memoFill, memoBypass:
		b, err := s.child.Exec(ctx)
		if err != nil {
			return nil, err
		}
		if b == nil {
			if s.mode == memoFill {
				s.entry.complete = true
			}
			s.mode = memoEnd
			return nil, nil
		}
		if s.mode == memoFill {
			s.cacheRows(b)
		}
		return b, nil
	}
	return nil, nil
}

// lookup finds the current key's entry: a complete one is replayed;
// otherwise the input is rescanned into a new or emptied entry.
func (s *MemoizeState) lookup(ctx context.Context) error {
	if s.es.paramsChanged(s.deps, s.depGens) {
		s.purge()
		s.depGens = s.es.paramGens(s.deps, s.depGens)
	}
	one := &vector.Batch{N: 1}
	key := make([]types.Datum, len(s.keys))
	var h uint64
	for i, k := range s.keys {
		v, err := k.Eval(s.ectx, one, nil)
		if err != nil {
			return err
		}
		key[i] = v.Get(0)
		kh := uint64(nullKeyHash)
		if key[i] != nil {
			kh = types.Hash(k.Type(), key[i])
		}
		h = combineHash(h, kh)
	}
	var e *memoEntry
	for _, c := range s.table[h] {
		if s.sameKey(c.key, key) {
			e = c
			break
		}
	}
	if e != nil && e.complete {
		s.stats.Hits++
		s.lru.MoveToBack(e.lru)
		s.entry, s.pos, s.mode = e, 0, memoHit
		return nil
	}
	s.stats.Misses++
	if e != nil {
		// Left incomplete by an earlier scan: fill it again.
		s.memUsed -= e.bytes()
		e.rows.release()
		e.rows = newRowStore(s.types)
		s.memUsed += e.bytes()
		s.lru.MoveToBack(e.lru)
	} else {
		e = &memoEntry{key: key, hash: h, rows: newRowStore(s.types)}
		for _, d := range key {
			e.keyBytes += datumBytes(d)
		}
		e.lru = s.lru.PushBack(e)
		s.table[h] = append(s.table[h], e)
		s.memUsed += e.bytes()
	}
	s.entry, s.mode = e, memoFill
	if !s.makeRoom(e, 0) {
		s.drop(e)
		s.stats.Overflows++
		s.mode = memoBypass
	}
	return s.child.ReScan(ctx)
}

// cacheRows adds b's rows to the entry being filled, first evicting other
// entries to make room for them; when the entry cannot fit even alone, it
// is dropped and the rest of the input is passed through.
func (s *MemoizeState) cacheRows(b *vector.Batch) {
	e := s.entry
	if !s.makeRoom(e, batchBytes(b)) {
		s.drop(e)
		s.stats.Overflows++
		s.mode = memoBypass
		return
	}
	before := e.bytes()
	e.rows.appendBatch(b)
	s.memUsed += e.bytes() - before
	if s.plan.SingleRow && e.rows.n > 0 {
		// An inner-unique join reads one row per outer row.
		e.complete = true
		s.mode = memoEnd
	}
}

// batchBytes is the memory b's live rows take once cached.
func batchBytes(b *vector.Batch) int64 {
	var n int64
	for i := 0; i < b.Len(); i++ {
		r := b.Row(i)
		for _, v := range b.Cols {
			n += valueBytes(v, r)
		}
		n += 8 + memoRowOverhead
	}
	return n
}

// makeRoom evicts the least recently used entries other than keep until
// need more bytes fit within the limit; it reports false when they cannot
// even with keep alone in the cache.
func (s *MemoizeState) makeRoom(keep *memoEntry, need int64) bool {
	for s.memUsed+need > s.limit {
		front := s.lru.Front()
		if front == nil {
			return false
		}
		victim := front.Value.(*memoEntry)
		if victim == keep {
			if s.lru.Len() == 1 {
				return false
			}
			s.lru.MoveToBack(front)
			continue
		}
		s.drop(victim)
		s.stats.Evictions++
	}
	s.stats.MemPeak = max(s.stats.MemPeak, s.memUsed+need)
	return true
}

// drop removes an entry from the cache.
func (s *MemoizeState) drop(e *memoEntry) {
	s.memUsed -= e.bytes()
	bucket := s.table[e.hash]
	for i, c := range bucket {
		if c == e {
			bucket = append(bucket[:i], bucket[i+1:]...)
			break
		}
	}
	if len(bucket) == 0 {
		delete(s.table, e.hash)
	} else {
		s.table[e.hash] = bucket
	}
	s.lru.Remove(e.lru)
	e.rows.release()
	e.rows = nil
}

// sameKey compares two keys: NULLs equal each other; other values by
// equality, or in BinaryMode by their exact representation.
func (s *MemoizeState) sameKey(a, b []types.Datum) bool {
	for i := range a {
		x, y := a[i], b[i]
		if x == nil || y == nil {
			if x != nil || y != nil {
				return false
			}
			continue
		}
		if s.plan.BinaryMode {
			if !identicalDatums(x, y) {
				return false
			}
		} else if types.Compare(s.keys[i].Type(), x, y) != 0 {
			return false
		}
	}
	return true
}

// identicalDatums reports whether two non-NULL values of one type have
// the same representation (PG: datum_image_eq).
func identicalDatums(a, b types.Datum) bool {
	switch x := a.(type) {
	case float64:
		y, ok := b.(float64)
		return ok && math.Float64bits(x) == math.Float64bits(y)
	case types.Numeric:
		y, ok := b.(types.Numeric)
		if !ok || x.Form != y.Form || x.Coef != y.Coef || x.Scale != y.Scale || (x.Big == nil) != (y.Big == nil) {
			return false
		}
		return x.Big == nil || x.Big.Text('f') == y.Big.Text('f')
	}
	return a == b
}

// datumBytes estimates the memory a key value occupies.
func datumBytes(d types.Datum) int64 {
	if s, ok := d.(string); ok {
		return 16 + int64(len(s))
	}
	return 8
}

// ReScan starts the scan for a new outer row: the next Exec looks its key
// up. The input is rescanned only on a miss.
func (s *MemoizeState) ReScan(ctx context.Context) error {
	s.mode, s.entry, s.pos = memoLookup, nil, 0
	return nil
}

// End releases the cache and ends the input.
func (s *MemoizeState) End() error {
	s.purge()
	return s.child.End()
}

// purge empties the cache.
func (s *MemoizeState) purge() {
	s.stats.MemPeak = max(s.stats.MemPeak, s.memUsed)
	for e := s.lru.Front(); e != nil; e = e.Next() {
		if me := e.Value.(*memoEntry); me.rows != nil {
			me.rows.release()
		}
	}
	s.table, s.lru, s.memUsed = map[uint64][]*memoEntry{}, list.New(), 0
	s.entry = nil
}
