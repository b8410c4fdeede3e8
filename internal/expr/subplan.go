// subplan.go evaluates SubPlan expressions row by row (PG:
// executor/nodeSubplan.c ExecSubPlan, ExecScanSubPlan, ExecHashSubPlan):
// for each row the outer values the subplan reads are set, then the
// subplan runs. An uncorrelated ANY with a hashable equality instead
// reads the subplan once into a hash table, which every row probes.

package expr

import (
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
	"github.com/loomdb/loomdb/internal/vector"
)

func (c *compiler) subPlan(x *nodes.SubPlan) (*ExprState, error) {
	args, err := c.compileAll(x.Args)
	if err != nil {
		return nil, err
	}
	var test, left *ExprState
	if x.UseHashTable {
		op, ok := x.TestExpr.(*nodes.OpExpr)
		if !ok || len(op.Args) != 2 {
			return nil, pgerror.Internal("hashed SubPlan without an equality")
		}
		if left, err = c.compile(op.Args[0]); err != nil {
			return nil, err
		}
	} else if x.TestExpr != nil {
		if test, err = c.compile(x.TestExpr); err != nil {
			return nil, err
		}
	}
	sp := &subPlanState{plan: x, test: test, left: left}
	var buf *vector.Vector
	var rows []int
	argVals := make([]*vector.Vector, len(args))
	return &ExprState{typ: x.Type, eval: func(ctx *Context, b *vector.Batch, sel []int) (*vector.Vector, error) {
		if ctx == nil || ctx.SubPlans == nil {
			return nil, pgerror.Internal("%s evaluated outside the executor", x.Name)
		}
		n := max(b.N, 1)
		out := outVec(&buf, x.Type, n)
		for j, a := range args {
			v, err := a.Eval(ctx, b, sel)
			if err != nil {
				return nil, err
			}
			argVals[j] = v
		}
		var lhs *vector.Vector
		if left != nil {
			var err error
			if lhs, err = left.Eval(ctx, b, sel); err != nil {
				return nil, err
			}
		}
		for _, i := range allRows(sel, n, &rows) {
			var d types.Datum
			var err error
			if x.UseHashTable {
				d, err = sp.probe(ctx, lhs.Get(i))
			} else {
				for j, p := range x.ParParam {
					ctx.SubPlans.SetExecParam(p, argVals[j].Get(i))
				}
				d, err = sp.scan(ctx, b, i)
			}
			if err != nil {
				return nil, err
			}
			set(out, i, d)
		}
		return out, nil
	}}, nil
}

// subPlanState is one compiled SubPlan's run-time state.
type subPlanState struct {
	plan       *nodes.SubPlan
	test, left *ExprState
	// The hash table of a hashed SubPlan, built on first use.
	built   bool
	table   map[uint64][]types.Datum
	hasRows bool
	hasNull bool
	one     []int
}

// scan runs the subplan for row i of b and combines its rows by the
// sublink's kind (PG: ExecScanSubPlan).
func (s *subPlanState) scan(ctx *Context, b *vector.Batch, i int) (types.Datum, error) {
	x := s.plan
	var result types.Datum
	switch x.Kind {
	case nodes.ExistsSubLink:
		result = false
	case nodes.AnySubLink:
		result = false
	case nodes.AllSubLink:
		result = true
	}
	found, sawNull := false, false
	var elems []types.Datum
	if cap(s.one) < 1 {
		s.one = make([]int, 1)
	}
	s.one = s.one[:1]
	s.one[0] = i
	err := ctx.SubPlans.RunSubPlan(ctx.goContext(), x.PlanID, func(row []types.Datum) (bool, error) {
		switch x.Kind {
		case nodes.ExistsSubLink:
			result = true
			return false, nil
		case nodes.ArraySubLink:
			elems = append(elems, row[0])
			return true, nil
		case nodes.ExprSubLink:
			if found {
				return false, pgerror.New(pgerror.CardinalityViolation, "more than one row returned by a subquery used as an expression")
			}
			found = true
			result = row[x.Column]
			return true, nil
		}
		for k, id := range x.ParamIDs {
			ctx.SubPlans.SetExecParam(id, row[k])
		}
		v, err := s.test.Eval(ctx, b, s.one)
		if err != nil {
			return false, err
		}
		r := v.Get(i)
		if r == nil {
			sawNull = true
			return true, nil
		}
		// ANY stops at the first true, ALL at the first false.
		if r.(bool) == (x.Kind == nodes.AnySubLink) {
			result = r
			sawNull = false
			return false, nil
		}
		return true, nil
	})
	if err != nil {
		return nil, err
	}
	if x.Kind == nodes.ArraySubLink {
		return types.ArrayFromElems(types.ArrayElemType(x.Type), elems), nil
	}
	if sawNull {
		return nil, nil
	}
	return result, nil
}

// probe answers a hashed ANY for one left-hand value (PG: ExecHashSubPlan).
func (s *subPlanState) probe(ctx *Context, lhs types.Datum) (types.Datum, error) {
	if !s.built {
		if err := s.build(ctx); err != nil {
			return nil, err
		}
	}
	x := s.plan
	if !s.hasRows && !s.hasNull {
		return false, nil
	}
	if lhs == nil {
		if x.UnknownEqFalse {
			return false, nil
		}
		return nil, nil
	}
	t := s.left.Type()
	for _, d := range s.table[types.Hash(t, lhs)] {
		if types.Compare(t, lhs, d) == 0 {
			return true, nil
		}
	}
	if s.hasNull && !x.UnknownEqFalse {
		return nil, nil
	}
	return false, nil
}

func (s *subPlanState) build(ctx *Context) error {
	t := s.left.Type()
	s.table = map[uint64][]types.Datum{}
	err := ctx.SubPlans.RunSubPlan(ctx.goContext(), s.plan.PlanID, func(row []types.Datum) (bool, error) {
		d := row[0]
		if d == nil {
			s.hasNull = true
			return true, nil
		}
		h := types.Hash(t, d)
		for _, e := range s.table[h] {
			if types.Compare(t, d, e) == 0 {
				return true, nil
			}
		}
		s.hasRows = true
		s.table[h] = append(s.table[h], d)
		return true, nil
	})
	if err != nil {
		return err
	}
	s.built = true
	return nil
}
