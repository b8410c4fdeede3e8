// node_nestloop.go implements Nested Loop (PG: nodeNestloop.c) for Inner,
// Left, Semi and Anti joins: every outer row is paired with every inner
// row, and the shared joiner (execjoin.go) applies JoinQual, the join type
// and Qual.
//
// PostgreSQL rescans the inner input for each outer row. Because loomdb's
// nested loop passes no parameters to its inner side, the inner rows are
// the same on every rescan, so the node rescans the inner input once per
// outer batch instead: it reads all inner rows into memory and pairs each
// outer row of the batch with them in turn, which keeps the outer order
// (plans rely on a nested loop preserving it). If the inner rows outgrow
// work_mem, the node falls back to PostgreSQL's way, rescanning and
// streaming the inner input once per outer row. EXPLAIN ANALYZE therefore
// shows the inner side with one loop per outer batch, not per outer row.
// With nestParams (a parameterized inner index scan, or an inner side
// whose LATERAL references read executor Params) the node always runs per
// outer row, setting the parameters from the row before each rescan.
//
// For Semi and Anti joins and unique inner sides, an outer row stops at its
// first match; when no join qual can reject a pair, a parameterized inner
// side is told that one row will be read (a tuple bound of 1), so an index
// scan there fetches no heap rows the join would skip. In a parallel plan
// each participant joins its share of the outer rows with its own copy of
// the inner side.

package executor

import (
	"context"

	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/plannodes"
	"github.com/loomdb/loomdb/internal/types"
	"github.com/loomdb/loomdb/internal/vector"
)

// NestLoopState is the run-time state of a NestLoop.
type NestLoopState struct {
	plan      *plannodes.NestLoop
	es        *EState
	outer     PlanState
	inner     PlanState
	j         *joiner
	stopEarly bool
	capBytes  int64
	// The current outer batch and position.
	ob        *vector.Batch
	opos      int
	outerDone bool
	// Buffered mode: the inner rows of this outer batch.
	store    *rowStore
	ipos     int
	innerRan bool // the inner input has been read since its last rescan
	// Streaming mode (inner too big to buffer).
	streaming bool
	ib        *vector.Batch
	ibpos     int
	ibdone    bool
	flushed   bool
}

func initNestLoop(p *plannodes.NestLoop, es *EState) (*NestLoopState, error) {
	switch p.JoinType {
	case plannodes.JoinInner, plannodes.JoinLeft, plannodes.JoinSemi, plannodes.JoinAnti:
	default:
		return nil, pgerror.Internal("Nested Loop does not support %s joins", p.JoinType)
	}
	s := &NestLoopState{plan: p, es: es, capBytes: es.workMemBytes()}
	var err error
	if s.outer, err = ExecInitNode(p.Lefttree, es); err != nil {
		return nil, err
	}
	if s.inner, err = ExecInitNode(p.Righttree, es); err != nil {
		s.outer.End()
		return nil, err
	}
	innerTypes := plannodes.OutputTypes(p.Righttree)
	if s.j, err = newJoiner(&p.Join, es, plannodes.OutputTypes(p.Lefttree), innerTypes); err != nil {
		s.End()
		return nil, err
	}
	s.store = newRowStore(innerTypes)
	if len(p.NestParams) > 0 {
		// The inner side depends on the outer row: rescan it per row.
		s.streaming = true
		if es.OuterParams == nil {
			es.OuterParams = map[[2]int]types.Datum{}
		}
	}
	s.stopEarly = p.JoinType == plannodes.JoinSemi || p.JoinType == plannodes.JoinAnti || p.InnerUnique
	if s.stopEarly && s.streaming && len(s.j.joinQual) == 0 {
		// The first inner row of each rescan decides its outer row, so
		// only one is ever read (PG: ExecSetTupleBound's contract).
		setBound(s.inner, 1)
	}
	return s, nil
}

func (s *NestLoopState) childStates() []PlanState { return []PlanState{s.outer, s.inner} }

// Plan returns the node's plan.
func (s *NestLoopState) Plan() plannodes.Plan { return s.plan }

// JoinFiltered returns the number of rows removed by the join filter.
func (s *NestLoopState) JoinFiltered() float64 { return s.j.joinFiltered }

// Filtered returns the number of rows removed by the filter.
func (s *NestLoopState) Filtered() float64 { return s.j.filtered }

// Exec returns the next batch of joined rows.
func (s *NestLoopState) Exec(ctx context.Context) (*vector.Batch, error) {
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
		if s.j.comb.N == 0 && s.outerDone {
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

// rescanInner restarts the inner input unless it is fresh.
func (s *NestLoopState) rescanInner(ctx context.Context) error {
	if !s.innerRan {
		s.innerRan = true
		return nil
	}
	return s.inner.ReScan(ctx)
}

// loadInner reads the inner rows for the current outer batch; it switches
// to streaming mode if they exceed work_mem.
func (s *NestLoopState) loadInner(ctx context.Context) error {
	s.store.reset()
	if err := s.rescanInner(ctx); err != nil {
		return err
	}
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		b, err := s.inner.Exec(ctx)
		if err != nil {
			return err
		}
		if b == nil {
			break
		}
		s.store.appendBatch(b)
		if s.store.bytes > s.capBytes {
			s.streaming = true
			s.store.release()
			return nil
		}
	}
	return nil
}

// fill adds rows to the joiner until its batch is full or the outer input
// ends.
func (s *NestLoopState) fill(ctx context.Context) error {
	j := s.j
	for !j.full() {
		if s.ob == nil || s.opos >= s.ob.Len() {
			if s.outerDone {
				return nil
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			b, err := s.outer.Exec(ctx)
			if err != nil {
				return err
			}
			if b == nil {
				s.outerDone, s.ob = true, nil
				return nil
			}
			if b.Len() == 0 {
				continue
			}
			s.ob, s.opos = b, 0
			if !s.streaming {
				if err := s.loadInner(ctx); err != nil {
					return err
				}
			}
			continue
		}
		var err error
		if s.streaming {
			err = s.pairStreaming(ctx)
		} else {
			s.pairBuffered()
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// pairBuffered pairs outer rows with the buffered inner rows.
func (s *NestLoopState) pairBuffered() {
	j := s.j
	for s.opos < s.ob.Len() && !j.full() {
		or := s.ob.Row(s.opos)
		if j.open < 0 {
			j.beginOuter()
			s.ipos = 0
		}
		for s.ipos < s.store.n && !j.full() {
			if s.stopEarly && j.outerMatched() {
				s.ipos = s.store.n
				break
			}
			to := min(s.store.n, s.ipos+j.room())
			if s.stopEarly && len(j.joinQual) == 0 {
				// The first pair decides.
				to = s.ipos + 1
			}
			j.addPairs(s.ob.Cols, or, s.store.cols, s.ipos, to, -1)
			s.ipos = to
		}
		if s.ipos < s.store.n || j.full() {
			return
		}
		j.endOuter(s.ob.Cols, or)
		s.opos++
	}
}

// pairStreaming pairs the current outer row with the inner rows read by a
// rescan of the inner input.
func (s *NestLoopState) pairStreaming(ctx context.Context) error {
	j := s.j
	or := s.ob.Row(s.opos)
	if j.open < 0 {
		j.beginOuter()
		for _, np := range s.plan.NestParams {
			if np.Exec {
				s.es.SetExecParam(np.ParamID, s.ob.Cols[np.OuterCol].Get(or))
				continue
			}
			s.es.OuterParams[[2]int{np.VarNo, np.AttNo}] = s.ob.Cols[np.OuterCol].Get(or)
		}
		if err := s.rescanInner(ctx); err != nil {
			return err
		}
		s.ib, s.ibpos, s.ibdone = nil, 0, false
	}
	for !j.full() {
		if s.stopEarly && j.outerMatched() {
			s.ibdone = true
		}
		if !s.ibdone && (s.ib == nil || s.ibpos >= s.ib.Len()) {
			if err := ctx.Err(); err != nil {
				return err
			}
			b, err := s.inner.Exec(ctx)
			if err != nil {
				return err
			}
			s.ib, s.ibpos = b, 0
			if b == nil {
				s.ibdone = true
			}
			continue
		}
		if s.ibdone {
			j.endOuter(s.ob.Cols, or)
			s.opos++
			return nil
		}
		j.addPair(s.ob.Cols, or, s.ib.Cols, s.ib.Row(s.ibpos), -1)
		s.ibpos++
	}
	return nil
}

// ReScan restarts the join.
func (s *NestLoopState) ReScan(ctx context.Context) error {
	s.j.clear()
	// A parameterized inner side is always read per outer row; otherwise
	// buffering is tried again.
	s.flushed, s.outerDone, s.streaming = false, false, len(s.plan.NestParams) > 0
	s.ob, s.opos, s.ib = nil, 0, nil
	s.store.reset()
	return s.outer.ReScan(ctx)
}

// End ends both inputs.
func (s *NestLoopState) End() error {
	var first error
	if s.outer != nil {
		first = s.outer.End()
	}
	if s.inner != nil {
		if err := s.inner.End(); err != nil && first == nil {
			first = err
		}
	}
	if s.store != nil {
		s.store.release()
	}
	return first
}
