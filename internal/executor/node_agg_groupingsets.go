// node_agg_groupingsets.go is the part of Aggregate that computes grouping
// sets (PG: nodeAgg.c's phases): GROUP BY GROUPING SETS, ROLLUP and CUBE.
// The plan divides the sets into rollups (plannodes.AggRollup).
//
// The pass over the node's input feeds every hashed rollup's table and
// the first sorted rollup, whose input arrives sorted on its columns. A
// sorted rollup keeps one open group per set, the sets being prefixes of
// its columns: when a row differs from the open groups in the k-th
// column, every set of more than k columns finishes its group and starts
// a new one with the row, longest set first; the row then advances every
// set's group. Sets without columns (GROUP BY ()) return their one group
// even for empty input. After the input, the hash tables return their
// groups, then each later sorted rollup sorts a copy of the input kept
// in a tuplestore (spilling past work_mem) and runs as the first did.
//
// A group's representative row is its first input row with the grouping
// columns its set lacks set to NULL, so the target list sees NULL for
// them; GROUPING() calls read the bits the set fixes for them.
//
// Hash tables of grouping sets do not spill: the planner hashes sets only
// when their estimated tables fit in hash_mem together.
//
// Like any Agg with grouping sets in PostgreSQL, this one is never split
// into Partial and Finalize steps, so it runs in one participant.

package executor

import (
	"context"
	"slices"

	"github.com/loomdb/loomdb/internal/funcs"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/plannodes"
	"github.com/loomdb/loomdb/internal/vector"
)

// gsetLevel is one grouping set of a sorted rollup with its open group.
type gsetLevel struct {
	ncols  int // the set's length: a prefix of the rollup's columns
	set    int // the set's number across the node, for nulls and GROUPING()
	rep    *rowStore
	states []funcs.AggState
	open   bool
}

// gsetHash is a hashed rollup's table.
type gsetHash struct {
	set       int
	cols      []int
	numGroups float64
	ht        *aggHashTable
}

// groupingSets is an AggState's grouping sets state.
type groupingSets struct {
	// nulls[set] are the input columns NULL in the set's groups;
	// grouping[set][k] is GroupingFuncs[k]'s value for the set.
	nulls    [][]int
	grouping [][]int64
	hashes   []*gsetHash
	// sorted are the sorted rollups' indexes in plan.Rollups; phase is
	// the one running (len(sorted) once all are done).
	sorted []int
	phase  int
	levels []*gsetLevel
	cols   []int // the running sorted rollup's columns (0-based)
	// input is the running sorted rollup's input: the node's child for
	// the first, a Sort over store for later ones.
	input   PlanState
	store   *tupleStore
	sort    *SortState
	in      *vector.Batch
	inPos   int
	inDone  bool
	anyRows bool
	// stage: 0 reading the input, 1 returning hash tables, 2 later
	// sorted rollups, 3 done.
	stage   int
	hashIdx int
	hashPos int
}

// initGroupingSets prepares s to compute p.Rollups.
func (s *AggState) initGroupingSets(p *plannodes.Agg) error {
	g := &groupingSets{}
	all := map[int]int{} // grouping column → its SortGroupRef
	for _, r := range p.Rollups {
		if len(r.GrpColIdx) != len(r.GrpRefs) {
			return pgerror.Internal("rollup has %d columns and %d references", len(r.GrpColIdx), len(r.GrpRefs))
		}
		for i, c := range r.GrpColIdx {
			if c < 1 || c > len(s.inTypes) {
				return pgerror.Internal("grouping column %d out of range", c)
			}
			all[c-1] = r.GrpRefs[i]
		}
	}
	allCols := make([]int, 0, len(all))
	for c := range all {
		allCols = append(allCols, c)
	}
	slices.Sort(allCols)
	set := 0
	for ri, r := range p.Rollups {
		if r.Hashed && len(r.SetLens) != 1 {
			return pgerror.Internal("hashed rollup with %d sets", len(r.SetLens))
		}
		for _, n := range r.SetLens {
			if n > len(r.GrpColIdx) {
				return pgerror.Internal("grouping set longer than its rollup")
			}
			var nulls []int
			for _, c := range allCols {
				if !slices.Contains(r.GrpColIdx[:n], c+1) {
					nulls = append(nulls, c)
				}
			}
			g.nulls = append(g.nulls, nulls)
			refs := r.GrpRefs[:n]
			var vals []int64
			for _, gf := range p.GroupingFuncs {
				var v int64
				for _, ref := range gf.Refs {
					v <<= 1
					if !slices.Contains(refs, ref) {
						v |= 1
					}
				}
				vals = append(vals, v)
			}
			g.grouping = append(g.grouping, vals)
			if r.Hashed {
				cols := make([]int, n)
				for i, c := range r.GrpColIdx {
					cols[i] = c - 1
				}
				g.hashes = append(g.hashes, &gsetHash{set: set, cols: cols, numGroups: r.NumGroups})
			}
			set++
		}
		if !r.Hashed {
			g.sorted = append(g.sorted, ri)
		}
	}
	s.gsets = g
	return nil
}

// startSortedPhase makes sorted rollup number i (of g.sorted) the running one,
// reading input.
func (s *AggState) startSortedPhase(i int, input PlanState) {
	g := s.gsets
	g.phase = i
	g.levels = g.levels[:0]
	g.in, g.inPos, g.inDone, g.anyRows = nil, 0, false, false
	g.input = input
	if i >= len(g.sorted) {
		return
	}
	r := s.plan.Rollups[g.sorted[i]]
	g.cols = g.cols[:0]
	for _, c := range r.GrpColIdx {
		g.cols = append(g.cols, c-1)
	}
	set := 0
	for _, pr := range s.plan.Rollups[:g.sorted[i]] {
		set += len(pr.SetLens)
	}
	for k, n := range r.SetLens {
		g.levels = append(g.levels, &gsetLevel{ncols: n, set: set + k, rep: newRowStore(s.inTypes)})
	}
}

// execGroupingSets returns the next groups of the grouping sets.
func (s *AggState) execGroupingSets(ctx context.Context) (*vector.Batch, error) {
	g := s.gsets
	for {
		switch g.stage {
		case 0:
			if !s.filled {
				s.filled = true
				for _, h := range g.hashes {
					h.ht = newAggHashTable(s.inTypes, h.cols, len(s.aggs), h.numGroups)
				}
				if len(g.hashes) > 0 {
					s.batchesUsed = 1
				}
				if len(g.sorted) > 1 {
					g.store = newTupleStore(s.inTypes, s.es.workMemBytes())
				}
				s.startSortedPhase(0, s.child)
			}
			out, err := s.sortedPhase(ctx, true)
			if err != nil || out != nil {
				return out, err
			}
			g.stage = 1
		case 1:
			out, err := s.hashOutput(ctx)
			if err != nil || out != nil {
				return out, err
			}
			g.stage = 2
			s.laterSortedPhase(1)
		case 2:
			if g.phase >= len(g.sorted) {
				g.stage = 3
				continue
			}
			out, err := s.sortedPhase(ctx, false)
			if err != nil || out != nil {
				return out, err
			}
			s.laterSortedPhase(g.phase + 1)
		default:
			s.closeGroupingSets()
			return nil, nil
		}
	}
}

// laterSortedPhase starts sorted rollup number i (of g.sorted, past the
// first) over the stored input, sorted on its columns.
func (s *AggState) laterSortedPhase(i int) {
	g := s.gsets
	if i >= len(g.sorted) || g.store == nil {
		g.phase = len(g.sorted)
		return
	}
	r := s.plan.Rollups[g.sorted[i]]
	sp := &plannodes.Sort{}
	for c, t := range s.inTypes {
		sp.TargetList = append(sp.TargetList, &nodes.TargetEntry{Expr: &nodes.Var{VarNo: nodes.OuterVar, AttNo: c + 1, Type: t}, ResNo: c + 1})
	}
	for _, c := range r.GrpColIdx {
		sp.SortColIdx = append(sp.SortColIdx, c)
		sp.Descending = append(sp.Descending, false)
		sp.NullsFirst = append(sp.NullsFirst, false)
	}
	if g.sort != nil {
		g.sort.End()
	}
	g.sort = &SortState{plan: sp, es: s.es, child: &storeScan{r: g.store.reader()}, out: vector.NewBatch(s.inTypes, vector.BatchSize)}
	s.startSortedPhase(i, g.sort)
}

// sortedPhase reads the running sorted rollup's input and returns its
// finished groups; first marks the pass over the node's own input, which
// also feeds the hash tables and the store. nil when the phase is done.
func (s *AggState) sortedPhase(ctx context.Context, first bool) (*vector.Batch, error) {
	g := s.gsets
	for {
		s.resetOutput()
		for s.out.N+len(g.levels) <= vector.BatchSize || s.out.N == 0 {
			if g.in == nil || g.inPos >= g.in.Len() {
				if g.inDone {
					break
				}
				if err := ctx.Err(); err != nil {
					return nil, err
				}
				b, err := g.input.Exec(ctx)
				if err != nil {
					return nil, err
				}
				if b == nil {
					g.in, g.inDone = nil, true
					if err := s.finishLevels(0, true); err != nil {
						return nil, err
					}
					break
				}
				if err := s.evalArgs(b); err != nil {
					return nil, err
				}
				if first {
					if err := s.feedHashes(b); err != nil {
						return nil, err
					}
					if g.store != nil {
						if err := g.store.appendBatch(b); err != nil {
							return nil, err
						}
					}
				}
				g.in, g.inPos = b, 0
				if len(g.levels) == 0 {
					g.inPos = b.Len()
				}
				continue
			}
			b := g.in
			r := b.Row(g.inPos)
			if err := s.levelRow(b, r); err != nil {
				return nil, err
			}
			g.inPos++
		}
		if s.out.N == 0 {
			if g.inDone {
				return nil, nil
			}
			continue
		}
		out, err := s.emit()
		if err != nil || out != nil {
			return out, err
		}
	}
}

// levelRow adds row r of b to the running sorted rollup's groups.
func (s *AggState) levelRow(b *vector.Batch, r int) error {
	g := s.gsets
	if !g.anyRows {
		g.anyRows = true
		for _, l := range g.levels {
			s.openLevel(l, b, r)
		}
	} else {
		// The first rollup column in which r differs from the open groups.
		top := g.levels[0].rep
		d := len(g.cols)
		for j, c := range g.cols {
			if !notDistinct(b.Cols[c], r, top.cols[c], 0) {
				d = j
				break
			}
		}
		for _, l := range g.levels {
			if l.ncols > d {
				if err := s.finishLevel(l); err != nil {
					return err
				}
				s.openLevel(l, b, r)
			}
		}
	}
	for _, l := range g.levels {
		if err := s.advance(l.states, r); err != nil {
			return err
		}
	}
	return nil
}

func (s *AggState) openLevel(l *gsetLevel, b *vector.Batch, r int) {
	l.rep.reset()
	l.rep.appendRow(b.Cols, r)
	l.states = s.newStates(l.states[:0])
	l.open = true
}

// finishLevels finishes the open groups of the sets longer than d; at
// the end of the input (atEnd) the sets without columns return their
// group even when no row came.
func (s *AggState) finishLevels(d int, atEnd bool) error {
	g := s.gsets
	for _, l := range g.levels {
		switch {
		case l.open && l.ncols >= d:
			if err := s.finishLevel(l); err != nil {
				return err
			}
		case atEnd && !g.anyRows && l.ncols == 0:
			l.states = s.newStates(l.states[:0])
			if err := s.appendGroup(nil, 0, l.set, l.states); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *AggState) finishLevel(l *gsetLevel) error {
	l.open = false
	return s.appendGroup(l.rep.cols, 0, l.set, l.states)
}

// appendGroup adds a group of grouping set set to the output: its
// representative, row r of rep (nil: no row, all NULL), with the
// columns the set does not group by NULL, its aggregates' results and
// its GROUPING() values.
func (s *AggState) appendGroup(rep []*vector.Vector, r int, set int, states []funcs.AggState) error {
	g := s.gsets
	nulls := g.nulls[set]
	for c, v := range s.out.Cols {
		if rep == nil || slices.Contains(nulls, c) {
			v.Append(nil)
		} else {
			v.AppendFrom(rep[c], r)
		}
	}
	s.out.N++
	if err := s.appendFinals(states, s.out, s.out.N-1); err != nil {
		return err
	}
	for k, val := range g.grouping[set] {
		s.values[len(s.aggs)+k].Append(val)
	}
	return nil
}

// feedHashes adds b's rows to every hashed set's groups.
func (s *AggState) feedHashes(b *vector.Batch) error {
	g := s.gsets
	if len(g.hashes) == 0 {
		return nil
	}
	rows := liveRows(b, &s.rowsBuf)
	if cap(s.hashBuf) < len(rows) {
		s.hashBuf = make([]uint64, len(rows), max(len(rows), vector.BatchSize))
	}
	hashes := s.hashBuf[:len(rows)]
	na := len(s.aggs)
	for _, h := range g.hashes {
		ht := h.ht
		keys := ht.keyCols(b)
		groupKeyHashes(keys, rows, hashes)
		for k, r := range rows {
			gi, isNew := ht.lookup(keys, b, r, hashes[k])
			if isNew {
				ht.states = s.newStates(ht.states)
			}
			if err := s.advance(ht.states[gi*na:(gi+1)*na], r); err != nil {
				return err
			}
		}
	}
	var kb int64
	for _, h := range g.hashes {
		kb += h.ht.memoryKB()
	}
	s.hashMemPeakKB = max(s.hashMemPeakKB, kb)
	return nil
}

// hashOutput returns the hashed sets' groups, a table after another.
func (s *AggState) hashOutput(ctx context.Context) (*vector.Batch, error) {
	g := s.gsets
	na := len(s.aggs)
	for g.hashIdx < len(g.hashes) {
		h := g.hashes[g.hashIdx]
		ht := h.ht
		for g.hashPos < ht.reps.n {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			s.resetOutput()
			end := min(g.hashPos+vector.BatchSize, ht.reps.n)
			for gi := g.hashPos; gi < end; gi++ {
				if err := s.appendGroup(ht.reps.cols, gi, h.set, ht.states[gi*na:(gi+1)*na]); err != nil {
					return nil, err
				}
			}
			g.hashPos = end
			out, err := s.emit()
			if err != nil || out != nil {
				return out, err
			}
		}
		h.ht = nil
		g.hashIdx++
		g.hashPos = 0
	}
	return nil, nil
}

// closeGroupingSets releases the store, the sort and the hash tables.
func (s *AggState) closeGroupingSets() {
	g := s.gsets
	if g == nil {
		return
	}
	if g.sort != nil {
		g.sort.End()
		g.sort = nil
	}
	if g.store != nil {
		g.store.close()
		g.store = nil
	}
	for _, h := range g.hashes {
		h.ht = nil
	}
}

// resetGroupingSets returns the grouping sets state to its start, for a
// rescan.
func (s *AggState) resetGroupingSets() {
	g := s.gsets
	s.closeGroupingSets()
	g.stage, g.hashIdx, g.hashPos, g.phase = 0, 0, 0, 0
	g.input = nil
	g.levels = g.levels[:0]
}

// storeScan returns the rows of a tuplestore, as the input of the Sort of
// a later sorted rollup.
type storeScan struct {
	r *tupleReader
}

func (t *storeScan) Plan() plannodes.Plan { return nil }

func (t *storeScan) Exec(context.Context) (*vector.Batch, error) { return t.r.next() }

func (t *storeScan) ReScan(context.Context) error {
	t.r.rewind()
	return nil
}

func (t *storeScan) End() error { return nil }
