// node_sort.go implements Sort: it reads its whole input, sorts it by the
// plan's keys (NULLs placed as NULLS FIRST/LAST say) and returns it in
// batches. Equal keys keep their input order. With a bound (a Limit above)
// it keeps only the best rows in a heap once the input exceeds twice the
// bound, as PG's top-N heapsort does.
//
// Input larger than work_mem is sorted externally (PG: tuplesort.c's
// "external merge"): each work_mem's worth of rows is sorted and written to
// a temporary file as a run, and the runs are then merged in one pass, the
// earlier run first among equal keys so that the sort stays stable. Memory
// is counted as PostgreSQL counts it (a 24-byte SortTuple plus the stored
// tuple per row), so the switch happens near where PostgreSQL's does.
//
// In a parallel plan each participant sorts its own share of the rows with
// its own work_mem and temporary file; Gather Merge combines the results.

package executor

import (
	"cmp"
	"context"
	"math"
	"slices"

	"github.com/loomdb/loomdb/internal/plannodes"
	"github.com/loomdb/loomdb/internal/types"
	"github.com/loomdb/loomdb/internal/vector"
)

// SortState is the run-time state of a Sort.
type SortState struct {
	plan   *plannodes.Sort
	es     *EState
	child  PlanState
	rows   *vector.Batch // all input rows, compacted
	order  []int
	abbr   []uint64 // scratch: the abbreviated first keys of rows
	next   int
	sorted bool
	out    *vector.Batch
	// spaceUsedKB is reported as "Sort Method: quicksort  Memory: NkB".
	spaceUsedKB int64
	// bound, when positive, is how many leading rows the parent needs
	// (PG: ExecSetTupleBound); boundUsed records a top-N sort.
	bound     int64
	boundUsed bool
	// cutAt is the bound the stored rows were cut to, 0 when they are all
	// there: a rescan whose parent needs more rows sorts again (PG:
	// ExecReScanSort comparing bound with bound_Done).
	cutAt int64

	// External sort: runs holds one sorted run per partition; merge reads
	// them back.
	runs     *spillFile
	nRuns    int
	memBytes int64
	merge    *sortMerge
	// diskKB is the temporary file's size, for "Sort Method: external
	// merge  Disk: NkB".
	diskKB int64
}

// SetBound tells the sort that only the first n rows will be read. As in
// PG's tuplesort, a bound too large to double is ignored.
func (s *SortState) SetBound(n int64) {
	if n > math.MaxInt32/2 {
		n = 0
	}
	s.bound = n
}

func initSort(p *plannodes.Sort, es *EState) (*SortState, error) {
	child, err := ExecInitNode(p.Lefttree, es)
	if err != nil {
		return nil, err
	}
	ts := plannodes.OutputTypes(p)
	return &SortState{plan: p, es: es, child: child, out: vector.NewBatch(ts, vector.BatchSize)}, nil
}

func (s *SortState) childStates() []PlanState { return []PlanState{s.child} }

// Plan returns the node's plan.
func (s *SortState) Plan() plannodes.Plan { return s.plan }

func (s *SortState) load(ctx context.Context) error {
	s.cutAt = 0
	ts := plannodes.OutputTypes(s.plan)
	s.rows = vector.NewBatch(ts, vector.BatchSize)
	// seq is each stored row's input position: ties on the keys keep input
	// order, so the result does not depend on the algorithm used.
	var seq []int64
	var read int64
	heap := false
	canSpill := spillable(ts)
	limit := s.es.workMemBytes()
	s.memBytes = 0
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		b, err := s.child.Exec(ctx)
		if err != nil {
			return err
		}
		if b == nil {
			break
		}
		if !heap && s.bound == 0 {
			// Without a bound the whole batch goes in at once, column by
			// column; work_mem is checked after it.
			n := b.Len()
			for c, v := range s.rows.Cols {
				from := v.Len()
				v.AppendRows(b.Cols[c], b.Sel, n)
				if canSpill {
					s.memBytes += valuesBytes(v, from)
				}
			}
			s.rows.N += n
			for range n {
				read++
				seq = append(seq, read)
			}
			if canSpill {
				s.memBytes += int64(n) * sortTupleOverhead
				if s.memBytes > limit {
					if err := s.dumpRun(seq); err != nil {
						return err
					}
					seq = seq[:0]
				}
			}
			continue
		}
		for i := 0; i < b.Len(); i++ {
			r := b.Row(i)
			read++
			if heap {
				// s.order is a max-heap of the bound best rows seen so far,
				// the worst at its root. A new row ties-loses (it came
				// last), so it replaces the root only when strictly better.
				top := s.order[0]
				if s.compareRows(b.Cols, r, s.rows.Cols, top) >= 0 {
					continue
				}
				for c, v := range s.rows.Cols {
					v.SetFrom(top, b.Cols[c], r)
				}
				seq[top] = read
				s.siftDown(seq)
				continue
			}
			for c, v := range s.rows.Cols {
				appendValue(v, b.Cols[c], r)
				if canSpill {
					s.memBytes += valueBytes(v, s.rows.N)
				}
			}
			s.rows.N++
			seq = append(seq, read)
			if canSpill && !heap {
				s.memBytes += sortTupleOverhead
				if s.memBytes > limit {
					if err := s.dumpRun(seq); err != nil {
						return err
					}
					seq = seq[:0]
					continue
				}
			}
			if s.bound > 0 && s.nRuns == 0 && int64(s.rows.N) > 2*s.bound {
				// PG's tuplesort switches to a bounded heap past twice
				// the bound: keep the best bound rows, worst first.
				s.sortAll(seq)
				s.order = s.order[:s.bound]
				slices.Reverse(s.order)
				heap = true
			}
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if s.nRuns > 0 {
		// The rows still in memory become the last run, then all runs are
		// merged.
		if s.rows.N > 0 {
			if err := s.dumpRun(seq); err != nil {
				return err
			}
		}
		s.rows, s.order = nil, nil
		s.diskKB = (s.runs.size + 1023) / 1024
		s.merge = newSortMerge(s)
		s.sorted = true
		return nil
	}
	if heap {
		slices.SortFunc(s.order, func(a, b int) int { return s.compareSlots(seq, a, b) })
		s.cutAt = s.bound
	} else {
		s.sortAll(seq)
		if s.bound > 0 && int64(len(s.order)) > s.bound {
			s.order = s.order[:s.bound]
			s.cutAt = s.bound
		}
	}
	s.boundUsed = heap
	kept := int64(s.rows.N)
	if heap {
		kept = s.bound
	}
	s.spaceUsedKB = kept * int64((s.plan.PlanWidth+7)&^7+24+16) / 1024
	s.sorted = true
	return nil
}

// sortAll sets s.order to every stored row, sorted. Rows are compared
// first by an abbreviated first key, one uint64 per row that orders as the
// key does where it differs, and by the full comparison only where the
// abbreviations tie (PG: abbreviated keys in tuplesort).
func (s *SortState) sortAll(seq []int64) {
	s.order = make([]int, s.rows.N)
	for i := range s.order {
		s.order[i] = i
	}
	col := s.plan.SortColIdx[0] - 1
	abbr, ok := abbreviate(s.rows.Cols[col], s.rows.N, s.plan.Descending[0], s.plan.NullsFirst[0], s.abbr[:0])
	if !ok {
		slices.SortFunc(s.order, func(a, b int) int { return s.compareSlots(seq, a, b) })
		return
	}
	s.abbr = abbr
	slices.SortFunc(s.order, func(a, b int) int {
		if c := cmp.Compare(abbr[a], abbr[b]); c != 0 {
			return c
		}
		return s.compareSlots(seq, a, b)
	})
}

// abbreviate returns, for the first n values of the sort key column v, a
// uint64 each whose order agrees with the key's (descending and NULLS
// FIRST/LAST applied) wherever two of them differ; equal abbreviations
// say nothing. ok is false for types without an abbreviation.
func abbreviate(v *vector.Vector, n int, desc, nullsFirst bool, dst []uint64) ([]uint64, bool) {
	var key func(i int) uint64
	switch v.Class {
	case types.ClassInt:
		key = func(i int) uint64 { return uint64(v.Ints[i]) ^ 1<<63 }
	case types.ClassBool:
		key = func(i int) uint64 {
			if v.Bools[i] {
				return 1
			}
			return 0
		}
	case types.ClassFloat:
		key = func(i int) uint64 { return floatKey(v.Floats[i]) }
	case types.ClassNumeric:
		key = func(i int) uint64 { return floatKey(v.Nums[i].Float64()) }
	case types.ClassString:
		switch v.Type.Oid {
		case types.JsonbOid:
			return nil, false
		case types.BpcharOid:
			key = func(i int) uint64 { return stringKey(types.BpcharTrim(v.Strs[i])) }
		default:
			key = func(i int) uint64 { return stringKey(v.Strs[i]) }
		}
	default:
		return nil, false
	}
	for i := range n {
		switch {
		case v.Nulls[i] && nullsFirst:
			dst = append(dst, 0)
		case v.Nulls[i]:
			dst = append(dst, math.MaxUint64)
		case desc:
			dst = append(dst, ^key(i))
		default:
			dst = append(dst, key(i))
		}
	}
	return dst, true
}

// floatKey maps a float8 onto a uint64 in the same order, NaN greatest
// and both zeros equal, as float8 comparison has them.
func floatKey(f float64) uint64 {
	switch {
	case f != f:
		return math.MaxUint64
	case f == 0:
		f = 0
	}
	b := math.Float64bits(f)
	if b&(1<<63) != 0 {
		return ^b
	}
	return b | 1<<63
}

// stringKey is a string's first eight bytes, big-endian: byte order, as
// the C collation compares.
func stringKey(s string) uint64 {
	var k uint64
	for i := 0; i < 8; i++ {
		k <<= 8
		if i < len(s) {
			k |= uint64(s[i])
		}
	}
	return k
}

// compareSlots orders stored rows a and b by the keys, then input order.
func (s *SortState) compareSlots(seq []int64, a, b int) int {
	if c := s.compareRows(s.rows.Cols, a, s.rows.Cols, b); c != 0 {
		return c
	}
	return cmp.Compare(seq[a], seq[b])
}

// compareRows orders row ra of columns ca against row rb of columns cb by
// the sort keys alone.
func (s *SortState) compareRows(ca []*vector.Vector, ra int, cb []*vector.Vector, rb int) int {
	return compareSortKeys(s.plan.SortColIdx, s.plan.Descending, s.plan.NullsFirst, ca, ra, cb, rb)
}

// compareSortKeys orders row ra of columns ca against row rb of columns cb
// on the 1-based key columns cols, each ascending or descending with NULLs
// first or last.
func compareSortKeys(cols []int, desc, nullsFirst []bool, ca []*vector.Vector, ra int, cb []*vector.Vector, rb int) int {
	for k, col := range cols {
		va, vb := ca[col-1], cb[col-1]
		na, nb := va.Nulls[ra], vb.Nulls[rb]
		if na || nb {
			if na && nb {
				continue
			}
			// A NULL sorts first exactly when NULLS FIRST.
			if na == nullsFirst[k] {
				return -1
			}
			return 1
		}
		c := vector.CompareAt(va.Type, va, ra, vb, rb)
		if c == 0 {
			continue
		}
		if desc[k] {
			return -c
		}
		return c
	}
	return 0
}

// siftDown restores the max-heap s.order after its root was replaced.
func (s *SortState) siftDown(seq []int64) {
	h := s.order
	i := 0
	for {
		l := 2*i + 1
		if l >= len(h) {
			return
		}
		big := l
		if r := l + 1; r < len(h) && s.compareSlots(seq, h[r], h[l]) > 0 {
			big = r
		}
		if s.compareSlots(seq, h[big], h[i]) <= 0 {
			return
		}
		h[i], h[big] = h[big], h[i]
		i = big
	}
}

// Exec returns the next batch of sorted rows.
func (s *SortState) Exec(ctx context.Context) (*vector.Batch, error) {
	if s.sorted && s.merge == nil && s.cutAt > 0 && s.next == 0 && (s.bound == 0 || s.bound > s.cutAt) {
		// Rescanned for more rows than were kept: read the input again.
		s.sorted, s.rows, s.order, s.cutAt = false, nil, nil, 0
		if err := s.child.ReScan(ctx); err != nil {
			return nil, err
		}
	}
	if !s.sorted {
		if err := s.load(ctx); err != nil {
			return nil, err
		}
	}
	if s.merge != nil {
		return s.merge.next(ctx)
	}
	if s.next >= len(s.order) {
		return nil, nil
	}
	s.out.Reset()
	rows := s.order[s.next:min(s.next+vector.BatchSize, len(s.order))]
	for c, v := range s.out.Cols {
		for _, r := range rows {
			v.AppendFrom(s.rows.Cols[c], r)
		}
	}
	s.out.N = len(rows)
	s.next += len(rows)
	return s.out, nil
}

// SortStats returns the figures of the "Sort Method" line: the method, the
// space used in kB and where ("Memory" or "Disk").
func (s *SortState) SortStats() (method string, spaceKB int64, spaceType string) {
	if s.nRuns > 0 {
		return "external merge", s.diskKB, "Disk"
	}
	method = "quicksort"
	if s.boundUsed {
		method = "top-N heapsort"
	}
	return method, max(s.spaceUsedKB, 25), "Memory"
}

// ReScan rewinds the sorted output (the input is not read again).
func (s *SortState) ReScan(ctx context.Context) error {
	s.next = 0
	if s.plan.Lefttree.PlanHeader().ExtParam {
		// The input changes with executor parameters: sort it again.
		s.sorted, s.rows, s.order, s.cutAt = false, nil, nil, 0
		s.releaseRuns()
		return s.child.ReScan(ctx)
	}
	if s.merge != nil {
		s.merge = newSortMerge(s)
	}
	return nil
}

// End ends the input.
func (s *SortState) End() error {
	s.rows = nil
	s.releaseRuns()
	return s.child.End()
}

// sortTupleOverhead is what PostgreSQL's tuplesort counts per row besides
// the values: a 24-byte SortTuple and the stored tuple's header and
// allocation chunk.
const sortTupleOverhead = 24 + 16 + 16

// dumpRun sorts the rows in memory, writes them to the temporary file as
// the next run and empties memory for the next one.
func (s *SortState) dumpRun(seq []int64) error {
	if s.runs == nil {
		s.runs = newSpillFile(plannodes.OutputTypes(s.plan))
	}
	s.sortAll(seq)
	for _, r := range s.order {
		if err := s.runs.write(s.nRuns, 0, s.rows.Cols, r); err != nil {
			return err
		}
	}
	if err := s.runs.flush(s.nRuns); err != nil {
		return err
	}
	s.nRuns++
	s.rows.Reset()
	s.order = s.order[:0]
	s.memBytes = 0
	return nil
}

// releaseRuns closes the temporary file of an external sort.
func (s *SortState) releaseRuns() {
	if s.runs != nil {
		s.runs.close()
		s.runs = nil
	}
	s.nRuns, s.merge = 0, nil
}

// sortMerge merges the sorted runs of an external sort: a heap of run
// cursors, the smallest current row at its root, ties going to the
// earlier run.
type sortMerge struct {
	s       *SortState
	cursors []*runCursor
	heap    []int // indexes into cursors
	started bool
	emitted int64
}

// runCursor is the current row of one run.
type runCursor struct {
	rd  *spillReader
	b   *vector.Batch
	pos int
}

func newSortMerge(s *SortState) *sortMerge {
	m := &sortMerge{s: s}
	for i := 0; i < s.nRuns; i++ {
		m.cursors = append(m.cursors, &runCursor{rd: s.runs.reader(i, nil)})
	}
	return m
}

// advance moves cursor c to its next row; false when its run is done.
func (c *runCursor) advance() (bool, error) {
	c.pos++
	if c.b != nil && c.pos < c.b.N {
		return true, nil
	}
	b, err := c.rd.next()
	if err != nil || b == nil {
		c.b = nil
		return false, err
	}
	c.b, c.pos = b, 0
	return true, nil
}

func (m *sortMerge) less(i, j int) bool {
	a, b := m.cursors[i], m.cursors[j]
	if c := m.s.compareRows(a.b.Cols, a.pos, b.b.Cols, b.pos); c != 0 {
		return c < 0
	}
	return i < j
}

func (m *sortMerge) siftDown(i int) {
	h := m.heap
	for {
		l := 2*i + 1
		if l >= len(h) {
			return
		}
		small := l
		if r := l + 1; r < len(h) && m.less(h[r], h[l]) {
			small = r
		}
		if !m.less(h[small], h[i]) {
			return
		}
		h[i], h[small] = h[small], h[i]
		i = small
	}
}

// next returns the next batch of merged rows.
func (m *sortMerge) next(ctx context.Context) (*vector.Batch, error) {
	if !m.started {
		m.started = true
		for i, c := range m.cursors {
			c.pos = -1
			ok, err := c.advance()
			if err != nil {
				return nil, err
			}
			if ok {
				m.heap = append(m.heap, i)
			}
		}
		for i := len(m.heap)/2 - 1; i >= 0; i-- {
			m.siftDown(i)
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := m.s.out
	out.Reset()
	bound := m.s.bound
	for out.N < vector.BatchSize && len(m.heap) > 0 {
		if bound > 0 && m.emitted >= bound {
			m.heap = m.heap[:0]
			break
		}
		c := m.cursors[m.heap[0]]
		for col, v := range out.Cols {
			v.AppendFrom(c.b.Cols[col], c.pos)
		}
		out.N++
		m.emitted++
		ok, err := c.advance()
		if err != nil {
			return nil, err
		}
		if !ok {
			last := len(m.heap) - 1
			m.heap[0] = m.heap[last]
			m.heap = m.heap[:last]
		}
		if len(m.heap) > 0 {
			m.siftDown(0)
		}
	}
	if out.N == 0 {
		return nil, nil
	}
	return out, nil
}
