// node_sort.go implements Sort: it reads its whole input, sorts it by the
// plan's keys (NULLs placed as NULLS FIRST/LAST say) and returns it in
// batches. Equal keys keep their input order. With a bound (a Limit above)
// it keeps only the best rows in a heap once the input exceeds twice the
// bound, as PG's top-N heapsort does.

package executor

import (
	"cmp"
	"context"
	"math"
	"slices"

	"github.com/loomdb/loomdb/internal/plannodes"
	"github.com/loomdb/loomdb/internal/vector"
)

// SortState is the run-time state of a Sort.
type SortState struct {
	plan   *plannodes.Sort
	es     *EState
	child  PlanState
	rows   *vector.Batch // all input rows, compacted
	order  []int
	next   int
	sorted bool
	out    *vector.Batch
	// spaceUsedKB is reported as "Sort Method: quicksort  Memory: NkB".
	spaceUsedKB int64
	// bound, when positive, is how many leading rows the parent needs
	// (PG: ExecSetTupleBound); boundUsed records a top-N sort.
	bound     int64
	boundUsed bool
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
	ts := plannodes.OutputTypes(s.plan)
	s.rows = vector.NewBatch(ts, vector.BatchSize)
	// seq is each stored row's input position: ties on the keys keep input
	// order, so the result does not depend on the algorithm used.
	var seq []int64
	var read int64
	heap := false
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
			}
			s.rows.N++
			seq = append(seq, read)
			if s.bound > 0 && int64(s.rows.N) > 2*s.bound {
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
	if heap {
		slices.SortFunc(s.order, func(a, b int) int { return s.compareSlots(seq, a, b) })
	} else {
		s.sortAll(seq)
		if s.bound > 0 && int64(len(s.order)) > s.bound {
			s.order = s.order[:s.bound]
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

// sortAll sets s.order to every stored row, sorted.
func (s *SortState) sortAll(seq []int64) {
	s.order = make([]int, s.rows.N)
	for i := range s.order {
		s.order[i] = i
	}
	slices.SortFunc(s.order, func(a, b int) int { return s.compareSlots(seq, a, b) })
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
	if !s.sorted {
		if err := s.load(ctx); err != nil {
			return nil, err
		}
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
		s.sorted, s.rows, s.order = false, nil, nil
		return s.child.ReScan(ctx)
	}
	return nil
}

// End ends the input.
func (s *SortState) End() error {
	s.rows = nil
	return s.child.End()
}
