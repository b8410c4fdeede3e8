// node_group.go implements Group (PG: nodeGroup.c): over input sorted on
// the grouping columns it returns the first row of each run of rows whose
// grouping columns are equal (NULLs counting as equal), filtered by Qual
// (a HAVING clause without aggregates) and projected through the target
// list, whose Vars reference the input (OUTER_VAR). It streams: a group may
// span input batches, and the node returns a selection over each input
// batch without copying rows.
//
// In a parallel plan a Group runs above a Gather Merge, or per participant
// below one when the groups are combined again above.

package executor

import (
	"context"

	"github.com/loomdb/loomdb/internal/expr"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/plannodes"
	"github.com/loomdb/loomdb/internal/types"
	"github.com/loomdb/loomdb/internal/vector"
)

// groupTracker finds the rows that start a new group of adjacent rows
// with equal key columns; Group and Unique share it.
type groupTracker struct {
	cols []int // 0-based key columns
	last *rowStore
	have bool
	sel  []int
}

func newGroupTracker(colIdx []int, inTypes []types.T) (*groupTracker, error) {
	g := &groupTracker{}
	var ts []types.T
	for _, c := range colIdx {
		if c < 1 || c > len(inTypes) {
			return nil, pgerror.Internal("grouping column %d out of range", c)
		}
		g.cols = append(g.cols, c-1)
		ts = append(ts, inTypes[c-1])
	}
	g.last = newRowStore(ts)
	return g, nil
}

// firsts returns the live rows of b that start a new group.
func (g *groupTracker) firsts(b *vector.Batch) []int {
	sel := g.sel[:0]
	key := make([]*vector.Vector, len(g.cols))
	for k, c := range g.cols {
		key[k] = b.Cols[c]
	}
	prev := -1 // the previous live row of b, once there is one
	for i := 0; i < b.Len(); i++ {
		r := b.Row(i)
		same := true
		switch {
		case prev >= 0:
			for _, v := range key {
				if v != nil && !notDistinct(v, r, v, prev) {
					same = false
					break
				}
			}
		case g.have:
			for k, v := range key {
				if v != nil && !notDistinct(v, r, g.last.cols[k], 0) {
					same = false
					break
				}
			}
		default:
			same = false
		}
		if !same {
			sel = append(sel, r)
		}
		prev = r
	}
	if prev >= 0 {
		g.last.reset()
		g.last.appendRow(key, prev)
		g.have = true
	}
	g.sel = sel
	return sel
}

func (g *groupTracker) reset() {
	g.have = false
	g.last.reset()
}

// GroupState is the run-time state of a Group.
type GroupState struct {
	plan   *plannodes.Group
	es     *EState
	child  PlanState
	groups *groupTracker
	quals  []*expr.ExprState
	proj   *projection
	ectx   *expr.Context
	view   vector.Batch
	selBuf []int
	// Filtered counts groups removed by the qual.
	Filtered float64
}

func initGroup(p *plannodes.Group, es *EState) (*GroupState, error) {
	child, err := ExecInitNode(p.Lefttree, es)
	if err != nil {
		return nil, err
	}
	s := &GroupState{plan: p, es: es, child: child, ectx: es.exprContext()}
	fail := func(err error) (*GroupState, error) {
		child.End()
		return nil, err
	}
	if s.groups, err = newGroupTracker(p.GrpColIdx, plannodes.OutputTypes(p.Lefttree)); err != nil {
		return fail(err)
	}
	for _, q := range p.Qual {
		x, err := expr.Compile(q, outerColumns)
		if err != nil {
			return fail(err)
		}
		s.quals = append(s.quals, x)
	}
	if s.proj, err = newProjection(p.TargetList, outerColumns); err != nil {
		return fail(err)
	}
	return s, nil
}

func (s *GroupState) childStates() []PlanState { return []PlanState{s.child} }

// Plan returns the node's plan.
func (s *GroupState) Plan() plannodes.Plan { return s.plan }

// Exec returns the first rows of the next groups.
func (s *GroupState) Exec(ctx context.Context) (*vector.Batch, error) {
	s.ectx.Ctx = ctx
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		b, err := s.child.Exec(ctx)
		if err != nil || b == nil {
			return nil, err
		}
		sel := s.groups.firsts(b)
		if len(sel) == 0 {
			continue
		}
		s.view = vector.Batch{Cols: b.Cols, N: b.N, Sel: sel}
		removed, err := qualFilter(s.ectx, s.quals, &s.view, &s.selBuf)
		if err != nil {
			return nil, err
		}
		s.Filtered += float64(removed)
		if s.view.Len() == 0 {
			continue
		}
		return s.proj.project(s.ectx, &s.view)
	}
}

// ReScan restarts grouping and the input.
func (s *GroupState) ReScan(ctx context.Context) error {
	s.groups.reset()
	return s.child.ReScan(ctx)
}

// End ends the input.
func (s *GroupState) End() error { return s.child.End() }
