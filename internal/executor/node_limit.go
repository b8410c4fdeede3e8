// node_limit.go implements Limit: it skips OFFSET rows and stops after
// LIMIT rows, without reading more input than it needs. With WITH TIES it
// goes on returning the rows equal to the last one on the ORDER BY keys,
// which its sorted input delivers next.

package executor

import (
	"context"

	"github.com/loomdb/loomdb/internal/expr"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/plannodes"
	"github.com/loomdb/loomdb/internal/vector"
)

// LimitState is the run-time state of a Limit.
type LimitState struct {
	plan     *plannodes.Limit
	es       *EState
	child    PlanState
	started  bool
	offset   int64
	count    int64 // -1: no limit
	skipped  int64
	returned int64
	selBuf   []int
	// shutDown is set once the window is complete and workers below stopped.
	shutDown bool
	// last holds, for WITH TIES, the last row of the window, whose ties
	// follow; tiesDone says a row differing from it came.
	last     *rowStore
	tiesDone bool
	// pending is the batch the window ended in, pendingRows its physical
	// rows after the window, which may tie; tiesSel selects the tying rows
	// of a batch.
	pending     *vector.Batch
	pendingRows []int
	tiesSel     []int
	rowsBuf     []int
}

func initLimit(p *plannodes.Limit, es *EState) (*LimitState, error) {
	child, err := ExecInitNode(p.Lefttree, es)
	if err != nil {
		return nil, err
	}
	return &LimitState{plan: p, es: es, child: child}, nil
}

func (s *LimitState) childStates() []PlanState { return []PlanState{s.child} }

// Plan returns the node's plan.
func (s *LimitState) Plan() plannodes.Plan { return s.plan }

func (s *LimitState) evalBounds(ctx context.Context) error {
	offset, null, err := s.evalBound(ctx, s.plan.LimitOffset)
	if err != nil {
		return err
	}
	if !null && offset < 0 {
		return pgerror.New(pgerror.InvalidRowCountInResultOffset, "OFFSET must not be negative")
	}
	s.offset = max(offset, 0)
	count, null, err := s.evalBound(ctx, s.plan.LimitCount)
	if err != nil {
		return err
	}
	if !null && count < 0 {
		return pgerror.New(pgerror.InvalidRowCountInLimitClause, "LIMIT must not be negative")
	}
	s.count = -1
	if !null {
		s.count = count
	}
	return nil
}

// evalBound computes a LIMIT or OFFSET expression; absent counts as NULL.
func (s *LimitState) evalBound(ctx context.Context, e nodes.Expr) (int64, bool, error) {
	if e == nil {
		return 0, true, nil
	}
	x, err := expr.Compile(e, noColumns)
	if err != nil {
		return 0, false, err
	}
	ectx := s.es.exprContext()
	ectx.Ctx = ctx
	v, err := x.Eval(ectx, &vector.Batch{N: 1}, nil)
	if err != nil {
		return 0, false, err
	}
	d := v.Get(0)
	if d == nil {
		return 0, true, nil
	}
	return d.(int64), false, nil
}

// Exec returns the next batch within the window.
func (s *LimitState) Exec(ctx context.Context) (*vector.Batch, error) {
	if !s.started {
		s.started = true
		if err := s.evalBounds(ctx); err != nil {
			return nil, err
		}
		if b, ok := unwrap(s.child).(interface{ SetBound(int64) }); ok {
			// Unbounded (0) when there is no count: a rescan may follow
			// one that had a bound. A bounded sort keeps exactly the rows
			// asked for, not their ties.
			bound := int64(0)
			if s.count >= 0 && !s.plan.WithTies {
				bound = s.count + s.offset
			}
			b.SetBound(bound)
		}
	}
	for {
		if s.plan.WithTies && s.count >= 0 && s.returned >= s.count && !s.tiesDone {
			b, err := s.ties(ctx)
			if err != nil || b != nil {
				return b, err
			}
		}
		if s.count >= 0 && s.returned >= s.count {
			if !s.shutDown {
				// Nothing more will be read: stop any parallel workers
				// below now rather than at End (PG: ExecShutdownNode).
				s.shutDown = true
				shutdownNode(s.child)
			}
			return nil, nil
		}
		b, err := s.child.Exec(ctx)
		if err != nil || b == nil {
			return nil, err
		}
		n := int64(b.Len())
		start := int64(0)
		if s.skipped < s.offset {
			skip := min(s.offset-s.skipped, n)
			s.skipped += skip
			start = skip
		}
		end := n
		if s.count >= 0 && s.returned+(end-start) > s.count {
			end = start + (s.count - s.returned)
			// The child produced a whole batch; rows past the limit were
			// never needed and PG's one-row-at-a-time child would not
			// have produced them, so EXPLAIN ANALYZE does not count them.
			if is, ok := s.child.(*InstrumentedState); ok {
				is.Instr.Rows -= float64(n - end)
			}
		}
		if end <= start {
			continue
		}
		if s.plan.WithTies && s.count >= 0 && s.returned+(end-start) >= s.count {
			// The window ends in this batch: keep its last row and the
			// rows after it, which may tie (physical rows, before the
			// selection changes).
			s.remember(b, b.Row(int(end-1)))
			s.pendingRows = s.pendingRows[:0]
			for i := end; i < n; i++ {
				s.pendingRows = append(s.pendingRows, b.Row(int(i)))
			}
			s.pending = b
		}
		if start > 0 || end < n {
			sel := s.selBuf[:0]
			for i := start; i < end; i++ {
				sel = append(sel, b.Row(int(i)))
			}
			s.selBuf = sel
			b.Sel = sel
		}
		s.returned += end - start
		return b, nil
	}
}

// remember keeps row r of b as the window's last row.
func (s *LimitState) remember(b *vector.Batch, r int) {
	if s.last == nil {
		s.last = newRowStore(plannodes.OutputTypes(s.plan.Lefttree))
	}
	s.last.reset()
	s.last.appendRow(b.Cols, r)
}

// ties returns the next rows tying with the window's last row, or nil
// once one does not.
func (s *LimitState) ties(ctx context.Context) (*vector.Batch, error) {
	if s.last == nil || s.returned == 0 {
		s.tiesDone = true
		return nil, nil
	}
	for {
		b, rows := s.pending, s.pendingRows
		s.pending = nil
		if b == nil {
			var err error
			if b, err = s.child.Exec(ctx); err != nil || b == nil {
				s.tiesDone = true
				return nil, err
			}
			rows = liveRows(b, &s.rowsBuf)
		}
		sel := s.tiesSel[:0]
		for _, r := range rows {
			for _, c := range s.plan.TiesColIdx {
				if !notDistinct(b.Cols[c-1], r, s.last.cols[c-1], 0) {
					s.tiesDone = true
					break
				}
			}
			if s.tiesDone {
				break
			}
			sel = append(sel, r)
		}
		s.tiesSel = sel
		if len(sel) > 0 {
			b.Sel = sel
			return b, nil
		}
		if s.tiesDone {
			return nil, nil
		}
	}
}

// ReScan restarts the window and the input.
func (s *LimitState) ReScan(ctx context.Context) error {
	s.started, s.skipped, s.returned, s.shutDown = false, 0, 0, false
	s.tiesDone, s.pending = false, nil
	return s.child.ReScan(ctx)
}

// End ends the input.
func (s *LimitState) End() error { return s.child.End() }
