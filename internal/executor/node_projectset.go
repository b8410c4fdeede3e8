// node_projectset.go implements ProjectSet: it evaluates a target list
// holding set-returning functions (generate_series, unnest, ...) for each
// input row and returns one row per value the functions return. Several
// functions run in lockstep, as PostgreSQL 10 and later run them: the
// row count of an input row is that of its longest function, and a
// function that has finished gives NULL (PG: nodeProjectSet.c). An input
// row whose functions all return no rows gives no output. The functions
// are strict: a NULL argument gives no rows.
//
// The set-returning calls are found in the target list when the node
// starts: each becomes a column appended to the input's, which the rest
// of its expression reads, so `unnest(a) + 1` works as PostgreSQL's two
// levels of projection do. A ProjectSet runs in the participant that
// reads its input; it is not parallel-aware.

package executor

import (
	"context"

	"github.com/loomdb/loomdb/internal/expr"
	"github.com/loomdb/loomdb/internal/funcs"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/plannodes"
	"github.com/loomdb/loomdb/internal/types"
	"github.com/loomdb/loomdb/internal/vector"
)

// ProjectSetState is the run-time state of a ProjectSet.
type ProjectSetState struct {
	plan  *plannodes.ProjectSet
	ectx  *expr.Context
	child PlanState
	// srfs are the target list's set-returning calls, in order; their
	// values are columns nIn.. of comb.
	srfs []projectSetCall
	nIn  int
	used []bool
	proj *projection
	comb *vector.Batch

	// in is the input batch being expanded, next its next live row, and
	// active says the calls of row next-1 have values left.
	in     *vector.Batch
	next   int
	active bool
	one    []int
	vals   []types.Datum
	argBuf []types.Datum
}

// projectSetCall is one set-returning call and its current iteration.
type projectSetCall struct {
	fn *funcs.SetFunc
	// colTypes are the columns of a function returning rows of several
	// columns, whose rows become records.
	colTypes []types.T
	args     []*expr.ExprState
	iter     funcs.SetIter
	done     bool
}

var _ PlanState = (*ProjectSetState)(nil)

func initProjectSet(p *plannodes.ProjectSet, es *EState) (*ProjectSetState, error) {
	child, err := ExecInitNode(p.Lefttree, es)
	if err != nil {
		return nil, err
	}
	s := &ProjectSetState{plan: p, ectx: es.exprContext(), child: child, one: make([]int, 1)}
	inTypes := plannodes.OutputTypes(p.Lefttree)
	s.nIn = len(inTypes)
	ts := append([]types.T(nil), inTypes...)
	var findErr error
	tl := make([]*nodes.TargetEntry, len(p.TargetList))
	for i, te := range p.TargetList {
		c := *te
		c.Expr = nodes.Mutate(te.Expr, func(n nodes.Expr) (nodes.Expr, bool) {
			fe, ok := n.(*nodes.FuncExpr)
			if !ok {
				return nil, false
			}
			f := funcs.FuncByOid(fe.FuncOid)
			if f == nil || f.SRF == nil {
				return nil, false
			}
			call := projectSetCall{fn: f.SRF}
			for _, c := range f.SRF.Columns {
				call.colTypes = append(call.colTypes, types.T{Oid: c.Type, Typmod: -1})
			}
			for _, a := range fe.Args {
				x, err := expr.Compile(a, outerColumns)
				if err != nil {
					findErr = err
					return n, true
				}
				call.args = append(call.args, x)
			}
			s.srfs = append(s.srfs, call)
			ts = append(ts, fe.ResultType)
			return &nodes.Var{VarNo: nodes.OuterVar, AttNo: len(ts), Type: fe.ResultType, Name: fe.Name, Location: -1}, true
		})
		tl[i] = &c
	}
	if findErr != nil {
		return nil, findErr
	}
	if len(s.srfs) == 0 {
		return nil, pgerror.Internal("ProjectSet without set-returning functions")
	}
	if s.proj, err = newProjection(tl, outerColumns); err != nil {
		return nil, err
	}
	// Only the input columns the target list reads are copied: an input
	// may leave the others unset.
	s.used = make([]bool, s.nIn)
	for _, te := range tl {
		nodes.Walk(te.Expr, func(n nodes.Expr) bool {
			if v, ok := n.(*nodes.Var); ok && v.VarNo == nodes.OuterVar && v.AttNo >= 1 && v.AttNo <= s.nIn {
				s.used[v.AttNo-1] = true
			}
			return true
		})
	}
	s.comb = vector.NewBatch(ts, vector.BatchSize)
	s.vals = make([]types.Datum, len(s.srfs))
	return s, nil
}

// Plan returns the node's plan.
func (s *ProjectSetState) Plan() plannodes.Plan { return s.plan }

// Exec returns the next batch of expanded rows.
func (s *ProjectSetState) Exec(ctx context.Context) (*vector.Batch, error) {
	s.ectx.Ctx = ctx
	s.comb.Reset()
	for s.comb.N < vector.BatchSize {
		if !s.active {
			ok, err := s.startRow(ctx)
			if err != nil {
				return nil, err
			}
			if !ok {
				break
			}
			continue
		}
		produced := false
		for j := range s.srfs {
			c := &s.srfs[j]
			s.vals[j] = nil
			if c.done {
				continue
			}
			d, ok, err := c.iter.Next()
			if err != nil {
				return nil, err
			}
			if !ok {
				c.done = true
				continue
			}
			if len(c.colTypes) > 0 {
				if row, ok := d.([]types.Datum); ok {
					d = types.Record{Types: c.colTypes, Values: append([]types.Datum(nil), row...)}
				}
			}
			s.vals[j], produced = d, true
		}
		if !produced {
			s.active = false
			continue
		}
		r := s.in.Row(s.next - 1)
		for k := range s.nIn {
			if s.used[k] {
				s.comb.Cols[k].AppendFrom(s.in.Cols[k], r)
			} else {
				s.comb.Cols[k].Append(nil)
			}
		}
		for j, d := range s.vals {
			s.comb.Cols[s.nIn+j].Append(d)
		}
		s.comb.N++
	}
	if s.comb.N == 0 {
		return nil, nil
	}
	return s.proj.project(s.ectx, s.comb)
}

// startRow begins the calls for the input's next row; false at the end
// of the input.
func (s *ProjectSetState) startRow(ctx context.Context) (bool, error) {
	for s.in == nil || s.next >= s.in.Len() {
		if err := ctx.Err(); err != nil {
			return false, err
		}
		b, err := s.child.Exec(ctx)
		if err != nil || b == nil {
			s.in = nil
			return false, err
		}
		s.in, s.next = b, 0
	}
	r := s.in.Row(s.next)
	s.next++
	s.one[0] = r
	for j := range s.srfs {
		c := &s.srfs[j]
		c.iter, c.done = nil, false
		s.argBuf = s.argBuf[:0]
		for _, x := range c.args {
			v, err := x.Eval(s.ectx, s.in, s.one)
			if err != nil {
				return false, err
			}
			d := v.Get(r)
			if d == nil && !c.fn.NonStrict {
				c.done = true
				break
			}
			s.argBuf = append(s.argBuf, d)
		}
		if c.done {
			continue
		}
		it, err := c.fn.Begin(s.ectx.Env, append([]types.Datum(nil), s.argBuf...))
		if err != nil {
			return false, err
		}
		c.iter = it
	}
	s.active = true
	return true, nil
}

func (s *ProjectSetState) childStates() []PlanState { return []PlanState{s.child} }

// ReScan restarts the input.
func (s *ProjectSetState) ReScan(ctx context.Context) error {
	s.in, s.next, s.active = nil, 0, false
	return s.child.ReScan(ctx)
}

// End ends the input.
func (s *ProjectSetState) End() error { return s.child.End() }
