// node_mergejoin.go implements Merge Join (PG: nodeMergejoin.c): both
// inputs arrive sorted on the merge keys (per MergeDescending and
// MergeNullsFirst), and the node walks them in step. When the current outer
// and inner keys are equal it copies the run of inner rows with that key
// (the "inner group") into memory and pairs every outer row with the same
// key with each row of the group; this plays the part of PostgreSQL's
// mark/restore on the inner side, so the inner input never has to support
// it. Rows with a NULL merge key never match: they are returned
// NULL-extended where the join type asks and otherwise skipped (when NULLs
// sort last and the join need not return unmatched rows of that side, the
// first NULL ends that side, as in PG). Candidate pairs go through the
// shared joiner (execjoin.go), so Inner, Left, Right, Full, Semi and Anti
// joins, JoinQual and Qual behave as in the other join nodes.
//
// Key order and equality use types.Compare on the keys' type; both sides of
// a merge clause must have the same type. The inner group is held in
// memory whatever its size (PG would re-read it through the inner's
// mark/restore).
//
// Output follows the outer input's order. In a parallel plan each
// participant runs its own Merge Join over its share of the outer side.

package executor

import (
	"context"

	"github.com/loomdb/loomdb/internal/expr"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/plannodes"
	"github.com/loomdb/loomdb/internal/types"
	"github.com/loomdb/loomdb/internal/vector"
)

// mjInput is one input of a merge join with its current row.
type mjInput struct {
	ps   PlanState
	keyX []*expr.ExprState
	ectx *expr.Context
	b    *vector.Batch
	keys []*vector.Vector
	pos  int
	done bool
	// nullEnds: a NULL in the first key ends this input.
	nullEnds bool
}

// ensure makes a current row available unless the input is done.
func (in *mjInput) ensure(ctx context.Context) error {
	for !in.done && (in.b == nil || in.pos >= in.b.Len()) {
		if err := ctx.Err(); err != nil {
			return err
		}
		b, err := in.ps.Exec(ctx)
		if err != nil {
			return err
		}
		if b == nil {
			in.done, in.b = true, nil
			return nil
		}
		in.b, in.pos = b, 0
		in.keys = in.keys[:0]
		for _, x := range in.keyX {
			v, err := x.Eval(in.ectx, b, b.Sel)
			if err != nil {
				return err
			}
			in.keys = append(in.keys, v)
		}
	}
	return nil
}

func (in *mjInput) row() int { return in.b.Row(in.pos) }

// nullKey reports whether the current row has a NULL merge key, and
// whether that NULL is in the first key.
func (in *mjInput) nullKey() (bool, bool) {
	r := in.row()
	for k, v := range in.keys {
		if v.Nulls[r] {
			return true, k == 0
		}
	}
	return false, false
}

func (in *mjInput) reset() {
	in.b, in.pos, in.done = nil, 0, false
}

// MergeJoinState is the run-time state of a MergeJoin.
type MergeJoinState struct {
	plan      *plannodes.MergeJoin
	es        *EState
	outer     mjInput
	inner     mjInput
	j         *joiner
	desc      []bool
	fillOuter bool
	fillInner bool
	stopEarly bool
	// The inner group: rows with equal keys, their key values, and the
	// offset of their matched flags in the joiner's iflags.
	group    *rowStore
	groupKey *rowStore
	gbase    int
	gactive  bool
	gpos     int // next group row to pair with the open outer row
	gending  bool
	gendPos  int
	flushed  bool
	finished bool
}

func initMergeJoin(p *plannodes.MergeJoin, es *EState) (*MergeJoinState, error) {
	s := &MergeJoinState{plan: p, es: es}
	outerPS, err := ExecInitNode(p.Lefttree, es)
	if err != nil {
		return nil, err
	}
	s.outer.ps = outerPS
	innerPS, err := ExecInitNode(p.Righttree, es)
	if err != nil {
		outerPS.End()
		return nil, err
	}
	s.inner.ps = innerPS
	fail := func(err error) (*MergeJoinState, error) {
		s.End()
		return nil, err
	}
	outerTypes, innerTypes := plannodes.OutputTypes(p.Lefttree), plannodes.OutputTypes(p.Righttree)
	s.outer.ectx, s.inner.ectx = es.exprContext(), es.exprContext()
	var keyTypes []types.T
	for i, c := range p.MergeClauses {
		ox, ix, err := mergeClauseSides(c)
		if err != nil {
			return fail(err)
		}
		o, err := expr.Compile(ox, sideColumns(nodes.OuterVar, len(outerTypes)))
		if err != nil {
			return fail(err)
		}
		in, err := expr.Compile(ix, sideColumns(nodes.InnerVar, len(innerTypes)))
		if err != nil {
			return fail(err)
		}
		s.outer.keyX = append(s.outer.keyX, o)
		s.inner.keyX = append(s.inner.keyX, in)
		keyTypes = append(keyTypes, in.Type())
		desc := i < len(p.MergeDescending) && p.MergeDescending[i]
		s.desc = append(s.desc, desc)
	}
	if s.j, err = newJoiner(&p.Join, es, outerTypes, innerTypes); err != nil {
		return fail(err)
	}
	jt := p.JoinType
	s.fillOuter, s.fillInner = fillsOuter(jt), fillsInner(jt)
	s.stopEarly = jt == plannodes.JoinSemi || jt == plannodes.JoinAnti || p.InnerUnique
	nullsLast := len(p.MergeNullsFirst) == 0 || !p.MergeNullsFirst[0]
	s.outer.nullEnds = nullsLast && !s.fillOuter
	s.inner.nullEnds = nullsLast && !s.fillInner
	s.group = newRowStore(innerTypes)
	s.groupKey = newRowStore(keyTypes)
	return s, nil
}

// mergeClauseSides splits an "outer = inner" clause into its sides,
// accepting either operand order.
func mergeClauseSides(c nodes.Expr) (nodes.Expr, nodes.Expr, error) {
	var args []nodes.Expr
	switch x := c.(type) {
	case *nodes.OpExpr:
		args = x.Args
	case *nodes.FuncExpr:
		args = x.Args
	}
	if len(args) != 2 {
		return nil, nil, pgerror.Internal("merge clause is not a binary operator: %T", c)
	}
	if varSide(args[0]) == nodes.InnerVar && varSide(args[1]) != nodes.InnerVar {
		return args[1], args[0], nil
	}
	return args[0], args[1], nil
}

// varSide returns the VarNo of the Vars in e (0 if none, or mixed).
func varSide(e nodes.Expr) int {
	side := 0
	mixed := false
	nodes.Walk(e, func(n nodes.Expr) bool {
		if v, ok := n.(*nodes.Var); ok {
			if side != 0 && side != v.VarNo {
				mixed = true
			}
			side = v.VarNo
		}
		return true
	})
	if mixed {
		return 0
	}
	return side
}

func (s *MergeJoinState) childStates() []PlanState { return []PlanState{s.outer.ps, s.inner.ps} }

// Plan returns the node's plan.
func (s *MergeJoinState) Plan() plannodes.Plan { return s.plan }

// JoinFiltered returns the number of rows removed by the join filter.
func (s *MergeJoinState) JoinFiltered() float64 { return s.j.joinFiltered }

// Filtered returns the number of rows removed by the filter.
func (s *MergeJoinState) Filtered() float64 { return s.j.filtered }

// Exec returns the next batch of joined rows.
func (s *MergeJoinState) Exec(ctx context.Context) (*vector.Batch, error) {
	s.j.ectx.Ctx = ctx
	s.outer.ectx.Ctx = ctx
	s.inner.ectx.Ctx = ctx
	for {
		if s.flushed {
			s.flushed = false
			s.resetJoiner()
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := s.fill(ctx); err != nil {
			return nil, err
		}
		if s.j.comb.N == 0 && s.finished {
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

// resetJoiner empties the joiner, keeping the open group's flags.
func (s *MergeJoinState) resetJoiner() {
	j := s.j
	if s.gactive || s.gending {
		n := copy(j.iflags, j.iflags[s.gbase:s.gbase+s.group.n])
		j.iflags = j.iflags[:n]
		s.gbase = 0
	} else {
		j.iflags = j.iflags[:0]
	}
	j.reset()
}

// cmpOuterInner compares the current outer row's keys with the current
// inner row's keys (neither NULL), in the merge order.
func (s *MergeJoinState) cmpOuterInner() int {
	or, ir := s.outer.row(), s.inner.row()
	for k, ov := range s.outer.keys {
		c := vector.CompareAt(ov.Type, ov, or, s.inner.keys[k], ir)
		if c != 0 {
			if s.desc[k] {
				return -c
			}
			return c
		}
	}
	return 0
}

// outerMatchesGroup reports whether the current outer row's keys equal the
// group's.
func (s *MergeJoinState) outerMatchesGroup() bool {
	or := s.outer.row()
	for k, ov := range s.outer.keys {
		if vector.CompareAt(ov.Type, ov, or, s.groupKey.cols[k], 0) != 0 {
			return false
		}
	}
	return true
}

// innerMatchesGroup reports whether the current inner row's keys equal the
// group's.
func (s *MergeJoinState) innerMatchesGroup() bool {
	ir := s.inner.row()
	for k, iv := range s.inner.keys {
		if iv.Nulls[ir] || vector.CompareAt(iv.Type, iv, ir, s.groupKey.cols[k], 0) != 0 {
			return false
		}
	}
	return true
}

// skipNullOuter handles a current outer row with a NULL key; it reports
// whether it did.
func (s *MergeJoinState) skipNullOuter() bool {
	null, first := s.outer.nullKey()
	if !null {
		return false
	}
	if first && s.outer.nullEnds {
		s.outer.done, s.outer.b = true, nil
		return true
	}
	s.j.addOuterUnmatched(s.outer.b.Cols, s.outer.row())
	s.outer.pos++
	return true
}

// skipNullInner handles a current inner row with a NULL key; it reports
// whether it did.
func (s *MergeJoinState) skipNullInner() bool {
	null, first := s.inner.nullKey()
	if !null {
		return false
	}
	if first && s.inner.nullEnds {
		s.inner.done, s.inner.b = true, nil
		return true
	}
	if s.fillInner {
		s.j.addInner(s.inner.b.Cols, s.inner.row(), -1)
	}
	s.inner.pos++
	return true
}

// fill adds rows to the joiner until its batch is full or the join ends.
func (s *MergeJoinState) fill(ctx context.Context) error {
	j := s.j
	for !j.full() && !s.finished {
		if s.gending {
			// Return the group's unmatched rows (Right and Full joins).
			for s.gendPos < s.group.n && !j.full() {
				j.addInner(s.group.cols, s.gendPos, int32(s.gbase+s.gendPos))
				s.gendPos++
			}
			if s.gendPos >= s.group.n {
				s.gending = false
			}
			continue
		}
		if s.gactive {
			if j.open < 0 {
				if err := s.outer.ensure(ctx); err != nil {
					return err
				}
				if s.outer.done {
					s.endGroup()
					continue
				}
				if s.skipNullOuter() {
					continue
				}
				if !s.outerMatchesGroup() {
					s.endGroup()
					continue
				}
				j.beginOuter()
				s.gpos = 0
			}
			ob, or := s.outer.b.Cols, s.outer.row()
			for s.gpos < s.group.n && !j.full() {
				if s.stopEarly && j.outerMatched() {
					s.gpos = s.group.n
					break
				}
				to := min(s.group.n, s.gpos+j.room())
				if s.stopEarly && len(j.joinQual) == 0 {
					// The first pair decides.
					to = s.gpos + 1
				}
				j.addPairs(ob, or, s.group.cols, s.gpos, to, int32(s.gbase+s.gpos))
				s.gpos = to
			}
			if s.gpos < s.group.n || j.full() {
				continue
			}
			j.endOuter(ob, or)
			s.outer.pos++
			continue
		}
		if err := s.outer.ensure(ctx); err != nil {
			return err
		}
		if err := s.inner.ensure(ctx); err != nil {
			return err
		}
		switch {
		case s.outer.done && s.inner.done:
			s.finished = true
		case s.outer.done:
			if !s.fillInner {
				s.finished = true
				continue
			}
			if !s.skipNullInner() {
				j.addInner(s.inner.b.Cols, s.inner.row(), -1)
				s.inner.pos++
			}
		case s.inner.done:
			if !s.fillOuter {
				s.finished = true
				continue
			}
			if !s.skipNullOuter() {
				j.addOuterUnmatched(s.outer.b.Cols, s.outer.row())
				s.outer.pos++
			}
		default:
			if s.skipNullOuter() || s.skipNullInner() {
				continue
			}
			c := s.cmpOuterInner()
			switch {
			case c < 0:
				j.addOuterUnmatched(s.outer.b.Cols, s.outer.row())
				s.outer.pos++
			case c > 0:
				if s.fillInner {
					j.addInner(s.inner.b.Cols, s.inner.row(), -1)
				}
				s.inner.pos++
			default:
				if err := s.loadGroup(ctx); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// loadGroup copies the run of inner rows whose keys equal the current
// inner row's into the group.
func (s *MergeJoinState) loadGroup(ctx context.Context) error {
	s.group.reset()
	s.groupKey.reset()
	s.groupKey.appendRow(s.inner.keys, s.inner.row())
	for {
		s.group.appendRow(s.inner.b.Cols, s.inner.row())
		s.inner.pos++
		if err := s.inner.ensure(ctx); err != nil {
			return err
		}
		if s.inner.done || !s.innerMatchesGroup() {
			break
		}
	}
	j := s.j
	s.gbase = len(j.iflags)
	for i := 0; i < s.group.n; i++ {
		j.iflags = append(j.iflags, false)
	}
	s.gactive = true
	return nil
}

// endGroup finishes the group: its unmatched rows follow for Right and
// Full joins.
func (s *MergeJoinState) endGroup() {
	s.gactive = false
	if s.fillInner {
		s.gending, s.gendPos = true, 0
	}
}

// ReScan restarts both inputs.
func (s *MergeJoinState) ReScan(ctx context.Context) error {
	s.j.iflags = s.j.iflags[:0]
	s.j.clear()
	s.flushed, s.finished = false, false
	s.gactive, s.gending = false, false
	s.group.reset()
	s.outer.reset()
	s.inner.reset()
	if err := s.outer.ps.ReScan(ctx); err != nil {
		return err
	}
	return s.inner.ps.ReScan(ctx)
}

// End ends both inputs.
func (s *MergeJoinState) End() error {
	var first error
	if s.outer.ps != nil {
		first = s.outer.ps.End()
	}
	if s.inner.ps != nil {
		if err := s.inner.ps.End(); err != nil && first == nil {
			first = err
		}
	}
	if s.group != nil {
		s.group.release()
	}
	return first
}
