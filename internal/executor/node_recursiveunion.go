// node_recursiveunion.go implements Recursive Union (PG:
// nodeRecursiveunion.c), the plan of a recursive WITH query. It returns
// the rows of its non-recursive term (the outer child), keeping a copy in
// the work table; then it runs the recursive term (the inner child), whose
// WorkTable Scan reads the work table, keeping the rows it returns in an
// intermediate table. When the recursive term is exhausted, the
// intermediate table becomes the work table and the recursive term is
// rescanned; the query ends when an iteration adds no row. Rows are
// returned as they are produced, so a consumer that stops early (a LIMIT)
// stops the recursion too, even one that would never end by itself.
//
// For UNION without ALL, a row equal to one returned before (NULLs equal
// to each other) is dropped before it reaches either table, which is what
// ends a recursion over a cyclic graph. The rows seen are kept in memory,
// as PostgreSQL's hash table is; the work and intermediate tables are
// tupleStores, which spill to temporary files past work_mem. Every
// iteration checks the context, so cancelling the query stops a recursion
// that does not end.
//
// A Recursive Union and the WorkTable Scans it feeds run in one
// participant: the planner never puts them below a Gather. Parallel plans
// may appear inside either term, below the WorkTable Scan's level.

package executor

import (
	"context"

	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/plannodes"
	"github.com/loomdb/loomdb/internal/vector"
)

// RecursiveUnionState is the run-time state of a RecursiveUnion.
type RecursiveUnionState struct {
	plan        *plannodes.RecursiveUnion
	es          *EState
	left, right PlanState
	ncols       int
	// recursing is set once the non-recursive term is exhausted.
	recursing bool
	// working is the previous iteration's rows, which the WorkTable Scan
	// reads; intermediate collects the current iteration's.
	working, intermediate *tupleStore
	// seen holds the rows returned, for UNION, found through index by
	// their hash.
	seen   *rowStore
	index  map[uint64][]int
	hashes []uint64
	rows   []int
	keep   []int
	out    vector.Batch
	// Iterations counts the runs of the recursive term, for tests.
	Iterations int
}

func initRecursiveUnion(p *plannodes.RecursiveUnion, es *EState) (*RecursiveUnionState, error) {
	if es.isWorker {
		// The planner keeps recursive queries above every Gather.
		return nil, pgerror.Internal("Recursive Union in a parallel worker")
	}
	ts := plannodes.OutputTypes(p)
	s := &RecursiveUnionState{plan: p, es: es, ncols: len(ts)}
	s.working = newTupleStore(ts, es.workMemBytes())
	s.intermediate = newTupleStore(ts, es.workMemBytes())
	if len(p.DupColIdx) > 0 {
		s.seen = newRowStore(ts)
		s.index = map[uint64][]int{}
	}
	// The WorkTable Scan in the recursive term finds this node through
	// its parameter, so register before building the terms.
	if es.worktables == nil {
		es.worktables = map[int]*RecursiveUnionState{}
	}
	es.worktables[p.WTParam] = s
	var err error
	if s.left, err = ExecInitNode(p.Lefttree, es); err != nil {
		return nil, err
	}
	if s.right, err = ExecInitNode(p.Righttree, es); err != nil {
		s.left.End()
		return nil, err
	}
	return s, nil
}

func (s *RecursiveUnionState) childStates() []PlanState { return []PlanState{s.left, s.right} }

// Plan returns the node's plan.
func (s *RecursiveUnionState) Plan() plannodes.Plan { return s.plan }

// Exec returns the next batch of the query's rows: the non-recursive
// term's, then those of each iteration of the recursive term.
func (s *RecursiveUnionState) Exec(ctx context.Context) (*vector.Batch, error) {
	for !s.recursing {
		if err := ctx.Err(); err != nil {
			return nil, pgerror.Convert(err)
		}
		b, err := s.left.Exec(ctx)
		if err != nil {
			return nil, err
		}
		if b == nil {
			s.recursing = true
			break
		}
		if s.dropSeen(b); b.Len() == 0 {
			continue
		}
		if err := s.working.appendBatch(b); err != nil {
			return nil, err
		}
		return s.output(b), nil
	}
	for {
		if err := ctx.Err(); err != nil {
			return nil, pgerror.Convert(err)
		}
		b, err := s.right.Exec(ctx)
		if err != nil {
			return nil, err
		}
		if b == nil {
			if s.intermediate.rows() == 0 {
				return nil, nil
			}
			// The iteration's rows become the next one's work table.
			s.working.close()
			s.working, s.intermediate = s.intermediate, s.working
			s.Iterations++
			if err := s.right.ReScan(ctx); err != nil {
				return nil, err
			}
			continue
		}
		if s.dropSeen(b); b.Len() == 0 {
			continue
		}
		if err := s.intermediate.appendBatch(b); err != nil {
			return nil, err
		}
		return s.output(b), nil
	}
}

// output returns b's first ncols columns, which are the query's (a term
// may carry junk columns after them).
func (s *RecursiveUnionState) output(b *vector.Batch) *vector.Batch {
	if len(b.Cols) == s.ncols {
		return b
	}
	s.out.Cols, s.out.N, s.out.Sel = b.Cols[:s.ncols], b.N, b.Sel
	return &s.out
}

// dropSeen narrows b's selection, for UNION, to the rows not returned
// before, and remembers them.
func (s *RecursiveUnionState) dropSeen(b *vector.Batch) {
	if s.seen == nil {
		return
	}
	rows := liveRows(b, &s.rows)
	if cap(s.hashes) < len(rows) {
		s.hashes = make([]uint64, len(rows))
	}
	hashes := s.hashes[:len(rows)]
	keys := b.Cols[:s.ncols]
	groupKeyHashes(keys, rows, hashes)
	keep := s.keep[:0]
	if keep == nil {
		// A nil selection would keep every row.
		keep = make([]int, 0, len(rows))
	}
	for k, r := range rows {
		found := false
		for _, cand := range s.index[hashes[k]] {
			same := true
			for c := 0; c < s.ncols && same; c++ {
				same = notDistinct(s.seen.cols[c], cand, keys[c], r)
			}
			if same {
				found = true
				break
			}
		}
		if found {
			continue
		}
		s.index[hashes[k]] = append(s.index[hashes[k]], s.seen.n)
		s.seen.appendRow(keys, r)
		keep = append(keep, r)
	}
	s.keep = keep
	b.Sel = keep
}

// ReScan starts the query over: both tables and the rows seen are
// forgotten and the non-recursive term runs again.
func (s *RecursiveUnionState) ReScan(ctx context.Context) error {
	s.recursing, s.Iterations = false, 0
	s.working.close()
	s.intermediate.close()
	if s.seen != nil {
		s.seen.reset()
		s.index = map[uint64][]int{}
	}
	if err := s.left.ReScan(ctx); err != nil {
		return err
	}
	return s.right.ReScan(ctx)
}

// End releases the tables and ends both terms.
func (s *RecursiveUnionState) End() error {
	s.working.close()
	s.intermediate.close()
	if s.seen != nil {
		s.seen.release()
	}
	if s.es.worktables[s.plan.WTParam] == s {
		delete(s.es.worktables, s.plan.WTParam)
	}
	err := s.left.End()
	if e := s.right.End(); err == nil {
		err = e
	}
	return err
}
