// node_sort.go implements Sort: it reads its whole input, sorts it by the
// plan's keys (NULLs placed as NULLS FIRST/LAST say) and returns it in
// batches. The sort is stable, so equal keys keep their input order.

package executor

import (
	"context"
	"fmt"
	"sort"

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

// SetBound tells the sort that only the first n rows will be read.
func (s *SortState) SetBound(n int64) { s.bound = n }

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
	needed := map[int]bool{}
	for _, k := range s.plan.SortColIdx {
		needed[k-1] = true
	}
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
			for c, v := range s.rows.Cols {
				if b.Cols[c] == nil {
					v.Append(nil)
					continue
				}
				v.AppendFrom(b.Cols[c], r)
			}
			s.rows.N++
		}
	}
	s.order = make([]int, s.rows.N)
	for i := range s.order {
		s.order[i] = i
	}
	keys := s.plan.SortColIdx
	var sortErr error
	sort.SliceStable(s.order, func(a, b int) bool {
		ra, rb := s.order[a], s.order[b]
		for k, col := range keys {
			v := s.rows.Cols[col-1]
			na, nb := v.Nulls[ra], v.Nulls[rb]
			if na || nb {
				if na && nb {
					continue
				}
				// A NULL sorts first exactly when NULLS FIRST.
				return na == s.plan.NullsFirst[k]
			}
			c := types.Compare(v.Type, v.Get(ra), v.Get(rb))
			if c == 0 {
				continue
			}
			if s.plan.Descending[k] {
				return c > 0
			}
			return c < 0
		}
		return false
	})
	kept := int64(len(s.order))
	if s.bound > 0 && int64(len(s.order)) > 2*s.bound {
		// PG's tuplesort switches to a bounded heap past twice the bound.
		s.boundUsed = true
	}
	if s.bound > 0 && int64(len(s.order)) > s.bound {
		s.order = s.order[:s.bound]
		if s.boundUsed {
			kept = s.bound
		}
	}
	s.spaceUsedKB = kept * int64((s.plan.PlanWidth+7)&^7+24+16) / 1024
	s.sorted = true
	return sortErr
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
	for s.next < len(s.order) && s.out.N < vector.BatchSize {
		r := s.order[s.next]
		for c, v := range s.out.Cols {
			v.AppendFrom(s.rows.Cols[c], r)
		}
		s.out.N++
		s.next++
	}
	return s.out, nil
}

// SortMethod returns the EXPLAIN ANALYZE "Sort Method" line.
func (s *SortState) SortMethod() string {
	method, kb, spaceType := s.SortStats()
	return fmt.Sprintf("Sort Method: %s  %s: %dkB", method, spaceType, kb)
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
	return nil
}

// End ends the input.
func (s *SortState) End() error {
	s.rows = nil
	return s.child.End()
}
