// node_setop.go implements SetOp (PG: nodeSetOp.c): INTERSECT and EXCEPT
// [ALL] over the appended rows of both arms, each row carrying a flag
// column (0 for the left arm, 1 for the right). It reads its whole input,
// counting each group's rows from either arm (NULLs equal to each other),
// then returns each group's first row as many times as the command calls
// for: INTERSECT once if both arms have it, INTERSECT ALL the smaller
// count, EXCEPT once if only the left arm has it, EXCEPT ALL the
// difference. Groups come out in the order they first appeared, which for
// the sorted strategy is the input's order.
//
// SetOp is not parallel aware; it runs above a Gather when its input is
// parallel.

package executor

import (
	"context"

	"github.com/loomdb/loomdb/internal/plannodes"
	"github.com/loomdb/loomdb/internal/vector"
)

// SetOpState is the run-time state of a SetOp.
type SetOpState struct {
	plan  *plannodes.SetOp
	es    *EState
	child PlanState
	// groups holds each group's first row; counts its rows per arm.
	groups *rowStore
	counts [][2]int64
	index  map[uint64][]int
	filled bool
	// next is the group being returned, left its remaining copies.
	next, left int
	out        *vector.Batch
	rows       []int
	hashes     []uint64
}

func initSetOp(p *plannodes.SetOp, es *EState) (*SetOpState, error) {
	child, err := ExecInitNode(p.Lefttree, es)
	if err != nil {
		return nil, err
	}
	ts := plannodes.OutputTypes(p.Lefttree)
	s := &SetOpState{plan: p, es: es, child: child, groups: newRowStore(ts), index: map[uint64][]int{}, out: vector.NewBatch(ts, vector.BatchSize)}
	return s, nil
}

func (s *SetOpState) childStates() []PlanState { return []PlanState{s.child} }

// Plan returns the node's plan.
func (s *SetOpState) Plan() plannodes.Plan { return s.plan }

// Exec returns the next batch of result rows.
func (s *SetOpState) Exec(ctx context.Context) (*vector.Batch, error) {
	if !s.filled {
		if err := s.fill(ctx); err != nil {
			return nil, err
		}
		s.filled = true
		s.next, s.left = -1, 0
	}
	s.out.Reset()
	for s.out.N < vector.BatchSize {
		if s.left == 0 {
			s.next++
			if s.next >= s.groups.n {
				break
			}
			s.left = s.copies(s.counts[s.next])
			continue
		}
		for c, v := range s.out.Cols {
			v.AppendFrom(s.groups.cols[c], s.next)
		}
		s.out.N++
		s.left--
	}
	if s.out.N == 0 {
		return nil, nil
	}
	return s.out, nil
}

// copies is how many times a group with the given per-arm counts appears
// in the result.
func (s *SetOpState) copies(n [2]int64) int {
	l, r := n[0], n[1]
	switch s.plan.Cmd {
	case plannodes.SetOpIntersect:
		if l > 0 && r > 0 {
			return 1
		}
	case plannodes.SetOpIntersectAll:
		return int(min(l, r))
	case plannodes.SetOpExcept:
		if l > 0 && r == 0 {
			return 1
		}
	case plannodes.SetOpExceptAll:
		return int(max(l-r, 0))
	}
	return 0
}

// fill reads the whole input into groups.
func (s *SetOpState) fill(ctx context.Context) error {
	keyCols := s.plan.NumCols
	flagCol := s.plan.FlagColIdx - 1
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
		rows := liveRows(b, &s.rows)
		if cap(s.hashes) < len(rows) {
			s.hashes = make([]uint64, len(rows))
		}
		hashes := s.hashes[:len(rows)]
		groupKeyHashes(b.Cols[:keyCols], rows, hashes)
		flags := b.Cols[flagCol]
		for k, r := range rows {
			g := -1
			for _, cand := range s.index[hashes[k]] {
				same := true
				for c := 0; c < keyCols && same; c++ {
					same = notDistinct(s.groups.cols[c], cand, b.Cols[c], r)
				}
				if same {
					g = cand
					break
				}
			}
			if g < 0 {
				g = s.groups.n
				s.groups.appendRow(b.Cols, r)
				s.counts = append(s.counts, [2]int64{})
				s.index[hashes[k]] = append(s.index[hashes[k]], g)
			}
			arm := 0
			if !flags.Nulls[r] && flags.Ints[r] != 0 {
				arm = 1
			}
			s.counts[g][arm]++
		}
	}
}

// ReScan forgets the groups and restarts the input.
func (s *SetOpState) ReScan(ctx context.Context) error {
	s.groups.reset()
	s.counts = s.counts[:0]
	s.index = map[uint64][]int{}
	s.filled = false
	return s.child.ReScan(ctx)
}

// End ends the input.
func (s *SetOpState) End() error {
	s.groups.release()
	return s.child.End()
}
