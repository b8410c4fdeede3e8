// subselect.go plans the sublinks that were not turned into joins (PG:
// optimizer/plan/subselect.c). Each is planned as its own query level and
// becomes a SubPlan expression, run when the expression is evaluated; an
// uncorrelated scalar or EXISTS subquery becomes an InitPlan instead, run
// at most once, whose result the expression reads as an executor Param.
// References to the outer query become executor Params too: a SubPlan call
// sets them from its Args, evaluated in the calling node.

package plan

import (
	"fmt"
	"strings"

	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/optimizer/cost"
	"github.com/loomdb/loomdb/internal/optimizer/pathnodes"
	"github.com/loomdb/loomdb/internal/optimizer/prep"
	"github.com/loomdb/loomdb/internal/plannodes"
	"github.com/loomdb/loomdb/internal/types"
)

// processSublinks replaces the sublinks of q's expressions by SubPlans and
// InitPlan Params, in PostgreSQL's order: target list, then join tree
// conditions (children before parents), then HAVING (PG:
// SS_process_sublinks called from preprocess_expression). Every expression
// but the target list is a condition.
func processSublinks(root *pathnodes.PlannerInfo, q *nodes.Query, cfg *Config) error {
	sp := &sublinkPlanner{root: root, cfg: cfg}
	for _, rte := range q.RangeTable {
		if rte.Kind != nodes.RTEValues {
			continue
		}
		for _, row := range rte.Values {
			for i, e := range row {
				out, err := sp.process(e, false)
				if err != nil {
					return err
				}
				row[i] = out
			}
		}
	}
	for _, te := range q.TargetList {
		e, err := sp.process(te.Expr, false)
		if err != nil {
			return err
		}
		te.Expr = e
	}
	for _, te := range q.Returning {
		// An INSERT ... VALUES planned as one level.
		e, err := sp.process(te.Expr, false)
		if err != nil {
			return err
		}
		te.Expr = e
	}
	for i := range q.WithCheckOptions {
		// An INSERT ... VALUES through a view with a CHECK OPTION.
		e, err := sp.process(q.WithCheckOptions[i].Qual, true)
		if err != nil {
			return err
		}
		q.WithCheckOptions[i].Qual = e
	}
	prep.MapQueryExprs(q, func(e nodes.Expr) nodes.Expr {
		if sp.err != nil {
			return e
		}
		out, err := sp.process(e, true)
		if err != nil {
			sp.err = err
		}
		return out
	})
	// The arguments of functions in FROM and the cells of VALUES lists
	// are values, not conditions.
	prep.MapRangeTableExprs(q, func(e nodes.Expr) nodes.Expr {
		if sp.err != nil {
			return e
		}
		out, err := sp.process(e, false)
		if err != nil {
			sp.err = err
		}
		return out
	})
	return sp.err
}

type sublinkPlanner struct {
	root *pathnodes.PlannerInfo
	cfg  *Config
	err  error
	// multiExpr holds, per uncorrelated multiple-column assignment, the
	// Params its InitPlan sets.
	multiExpr map[int][]*nodes.Param
}

// process replaces the sublinks of e; isTopQual says e is an implicitly
// ANDed condition, where a NULL result counts as false.
func (sp *sublinkPlanner) process(e nodes.Expr, isTopQual bool) (nodes.Expr, error) {
	if e == nil || !hasSublink(e) {
		return e, nil
	}
	// Constant folding comes first, as in PG's preprocess_expression: a
	// sublink it removes is never planned.
	e, err := prep.EvalConstExpressions(e)
	if err != nil || !hasSublink(e) {
		return e, err
	}
	var walk func(e nodes.Expr, top bool) nodes.Expr
	walk = func(e nodes.Expr, top bool) nodes.Expr {
		return nodes.Mutate(e, func(n nodes.Expr) (nodes.Expr, bool) {
			if sp.err != nil {
				return n, true
			}
			switch x := n.(type) {
			case *nodes.SubLink:
				c := *x
				if x.TestExpr != nil {
					// The comparison's left side may hold sublinks of its own.
					c.TestExpr = walk(x.TestExpr, false)
				}
				r, err := sp.makeSubplan(&c, top)
				if err != nil {
					sp.err = err
					return n, true
				}
				return r, true
			case *nodes.BoolExpr:
				if x.Op == nodes.AndExpr && top {
					c := *x
					c.Args = make([]nodes.Expr, len(x.Args))
					for i, a := range x.Args {
						c.Args[i] = walk(a, true)
					}
					return &c, true
				}
			}
			if top {
				// Below anything but AND, a condition is no longer top level.
				return walkChildren(n, func(c nodes.Expr) nodes.Expr { return walk(c, false) }), true
			}
			return nil, false
		})
	}
	out := walk(e, isTopQual)
	return out, sp.err
}

// walkChildren rebuilds n with fn applied to each direct child.
func walkChildren(n nodes.Expr, fn func(nodes.Expr) nodes.Expr) nodes.Expr {
	first := true
	return nodes.Mutate(n, func(c nodes.Expr) (nodes.Expr, bool) {
		if first {
			first = false
			return nil, false
		}
		return fn(c), true
	})
}

func hasSublink(e nodes.Expr) bool {
	return nodes.Contains(e, func(n nodes.Expr) bool {
		_, ok := n.(*nodes.SubLink)
		return ok
	})
}

// makeSubplan plans sl's subquery and returns the expression standing for
// the sublink: a SubPlan, or for an InitPlan the Param it sets (PG:
// make_subplan and build_subplan).
func (sp *sublinkPlanner) makeSubplan(sl *nodes.SubLink, isTopQual bool) (nodes.Expr, error) {
	root := sp.root
	glob := root.Glob
	if prms, ok := sp.multiExpr[sl.MultiExpr]; ok && sl.MultiExpr != 0 {
		// Another column of an assignment whose InitPlan is planned.
		return prms[sl.MultiExprCol], nil
	}
	sub := sl.Subquery
	parParams, args := replaceCorrelationVars(glob, sub)

	// EXISTS needs one row; ANY and ALL can often stop early, so PG plans
	// them for half the rows.
	fraction := 0.0
	switch sl.Kind {
	case nodes.ExistsSubLink:
		fraction = 1.0
	case nodes.AnySubLink, nodes.AllSubLink:
		fraction = 0.5
	}
	plan, err := planChild(root, sub, sp.cfg, fraction)
	if err != nil {
		return nil, err
	}
	splan := &nodes.SubPlan{Kind: sl.Kind, Type: sl.ExprType()}
	h := plan.PlanHeader()

	if sl.MultiExpr != 0 && len(parParams) == 0 {
		// One InitPlan sets a Param for each column of the assignment
		// (PG: an uncorrelated MULTIEXPR_SUBLINK).
		var prms []*nodes.Param
		for _, te := range visibleColumns(sub) {
			prm := glob.NewExecParam(te.Expr.ExprType())
			prms = append(prms, prm)
			splan.SetParam = append(splan.SetParam, prm.ID)
		}
		glob.Subplans = append(glob.Subplans, plan)
		splan.PlanID = len(glob.Subplans)
		splan.Name = initPlanName(splan.PlanID, splan.SetParam...)
		costSubplan(&root.Costs, splan, plan)
		root.InitPlans = append(root.InitPlans, splan)
		if sp.multiExpr == nil {
			sp.multiExpr = map[int][]*nodes.Param{}
		}
		sp.multiExpr[sl.MultiExpr] = prms
		return prms[sl.MultiExprCol], nil
	}
	splan.Column = sl.MultiExprCol
	if (sl.Kind == nodes.ExistsSubLink || sl.Kind == nodes.ExprSubLink || sl.Kind == nodes.ArraySubLink) && len(parParams) == 0 {
		// An InitPlan: it runs once and sets a Param the expression reads.
		prm := glob.NewExecParam(splan.Type)
		splan.SetParam = []int{prm.ID}
		glob.Subplans = append(glob.Subplans, plan)
		splan.PlanID = len(glob.Subplans)
		splan.Name = initPlanName(splan.PlanID, prm.ID)
		costSubplan(&root.Costs, splan, plan)
		root.InitPlans = append(root.InitPlans, splan)
		return prm, nil
	}

	splan.ParParam, splan.Args = parParams, args
	if sl.Kind == nodes.AnySubLink || sl.Kind == nodes.AllSubLink {
		visible := visibleColumns(sub)
		var ids []int
		splan.TestExpr = nodes.Mutate(sl.TestExpr, func(n nodes.Expr) (nodes.Expr, bool) {
			p, ok := n.(*nodes.Param)
			if !ok || p.Kind != nodes.ParamSublink {
				return nil, false
			}
			prm := glob.NewExecParam(visible[p.ID-1].Expr.ExprType())
			ids = append(ids, prm.ID)
			return prm, true
		})
		splan.ParamIDs = ids
	}
	uncorrelated := len(parParams) == 0 && !readsExecParams(plan, glob)
	switch {
	case sl.Kind == nodes.AnySubLink && uncorrelated && subplanIsHashable(&root.Costs, plan) && testexprIsHashable(splan.TestExpr, splan.ParamIDs):
		splan.UseHashTable = true
		splan.UnknownEqFalse = isTopQual
	case uncorrelated && root.Costs.EnableMaterial && !materializesOutput(plan):
		// Reading the subquery's result again on every call is cheaper
		// from a Material node (PG: materialize_finished_plan).
		m := &plannodes.Material{}
		m.Lefttree = plan
		m.TargetList = passThrough(built{plan: plan})
		m.PlanRows, m.PlanWidth = h.PlanRows, h.PlanWidth
		var b pathnodes.Base
		cost.CostMaterial(&root.Costs, &b, h.StartupCost, h.TotalCost, h.PlanRows, h.PlanWidth)
		m.StartupCost, m.TotalCost = b.StartupCost, b.TotalCost
		m.InitPlan, h.InitPlan = h.InitPlan, nil
		m.ParallelSafe = h.ParallelSafe
		m.PlanNodeID = glob.LastPlanNodeID
		glob.LastPlanNodeID++
		plan = m
	}
	splan.ParallelSafe = uncorrelated && plan.PlanHeader().ParallelSafe
	glob.Subplans = append(glob.Subplans, plan)
	splan.PlanID = len(glob.Subplans)
	splan.Name = fmt.Sprintf("SubPlan %d", splan.PlanID)
	costSubplan(&root.Costs, splan, plan)
	return splan, nil
}

// initPlanName is an InitPlan's name as EXPLAIN shows it.
func initPlanName(planID int, params ...int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "InitPlan %d (returns ", planID)
	for i, p := range params {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "$%d", p)
	}
	b.WriteByte(')')
	return b.String()
}

// visibleColumns returns q's non-junk target entries.
func visibleColumns(q *nodes.Query) []*nodes.TargetEntry {
	var out []*nodes.TargetEntry
	for _, te := range q.TargetList {
		if !te.ResJunk {
			out = append(out, te)
		}
	}
	return out
}

// replaceCorrelationVars replaces sub's references to the query one level
// up by executor Params, one per distinct column, and returns them with the
// outer columns that set them (PG: replace_outer_var and the plan_params
// build_subplan turns into parParam and args). References from queries
// nested in sub to that same query (two or more levels up from them) are
// replaced too: the Params are set before sub runs, for all of it.
func replaceCorrelationVars(glob *pathnodes.PlannerGlobal, sub *nodes.Query) ([]int, []nodes.Expr) {
	var params []int
	var args []nodes.Expr
	paramFor := func(x *nodes.Var) *nodes.Param {
		outer := *x
		outer.LevelsUp = 0
		for i, a := range args {
			if v, ok := a.(*nodes.Var); ok && v.VarNo == outer.VarNo && v.AttNo == outer.AttNo {
				return &nodes.Param{Kind: nodes.ParamExec, ID: params[i], Type: x.Type}
			}
		}
		prm := glob.NewExecParam(x.Type)
		params = append(params, prm.ID)
		args = append(args, &outer)
		return prm
	}
	// aggParamFor stands for an aggregate of the query one level up
	// (levels above x's own): the call passes its value, computed per
	// group there (PG: replace_outer_agg).
	aggParamFor := func(x *nodes.Aggref, levels int) *nodes.Param {
		outer := nodes.Mutate(x, func(n nodes.Expr) (nodes.Expr, bool) {
			if v, ok := n.(*nodes.Var); ok {
				c := *v
				c.LevelsUp -= levels
				return &c, true
			}
			return nil, false
		}).(*nodes.Aggref)
		if outer == x {
			c := *x
			outer = &c
		}
		outer.LevelsUp = 0
		for i, a := range args {
			if ag, ok := a.(*nodes.Aggref); ok && ag.AggNo == outer.AggNo {
				return &nodes.Param{Kind: nodes.ParamExec, ID: params[i], Type: x.ResultType}
			}
		}
		prm := glob.NewExecParam(x.ResultType)
		params = append(params, prm.ID)
		args = append(args, outer)
		return prm
	}
	var query func(q *nodes.Query, depth int)
	replace := func(depth int) func(nodes.Expr) nodes.Expr {
		var fn func(n nodes.Expr) (nodes.Expr, bool)
		fn = func(n nodes.Expr) (nodes.Expr, bool) {
			switch x := n.(type) {
			case *nodes.Var:
				if x.LevelsUp != depth+1 {
					return nil, false
				}
				return paramFor(x), true
			case *nodes.Aggref:
				if x.LevelsUp != depth+1 {
					return nil, false
				}
				return aggParamFor(x, depth+1), true
			case *nodes.SubLink:
				// The comparison's left side belongs to this level; the
				// subquery is one level further down.
				query(x.Subquery, depth+1)
				c := *x
				c.TestExpr = nodes.Mutate(x.TestExpr, fn)
				return &c, true
			}
			return nil, false
		}
		return func(e nodes.Expr) nodes.Expr { return nodes.Mutate(e, fn) }
	}
	query = func(q *nodes.Query, depth int) {
		// The leaves of a set operation are part of q's level.
		for _, l := range append([]*nodes.Query{q}, prep.SetOpLeaves(q.SetOperations)...) {
			prep.MapQueryExprs(l, replace(depth))
			prep.MapRangeTableExprs(l, replace(depth))
			for _, rte := range l.RangeTable {
				if rte.Subquery != nil {
					query(rte.Subquery, depth+1)
				}
			}
		}
	}
	query(sub, 0)
	return params, args
}

// readsExecParams reports whether p reads executor Params other than
// InitPlan results: a subquery nested in a correlated one may depend on
// the outer row even without references of its own, and must then be
// neither hashed nor materialized once.
func readsExecParams(p plannodes.Plan, glob *pathnodes.PlannerGlobal) bool {
	set := map[int]bool{}
	for _, s := range glob.Subplans {
		for _, ip := range s.PlanHeader().InitPlan {
			for _, id := range ip.SetParam {
				set[id] = true
			}
		}
	}
	found := false
	var visitPlan func(p plannodes.Plan)
	visitExpr := func(e nodes.Expr) {
		nodes.Walk(e, func(n nodes.Expr) bool {
			switch x := n.(type) {
			case *nodes.Param:
				if x.Kind == nodes.ParamExec && !set[x.ID] {
					found = true
				}
			case *nodes.SubPlan:
				if x.PlanID-1 < len(glob.Subplans) {
					visitPlan(glob.Subplans[x.PlanID-1])
				}
			}
			return !found
		})
	}
	visitPlan = func(p plannodes.Plan) {
		if p == nil || found {
			return
		}
		for _, ip := range p.PlanHeader().InitPlan {
			for _, id := range ip.SetParam {
				set[id] = true
			}
		}
		plannodes.WalkExprs(p, visitExpr)
		for _, c := range plannodes.Children(p) {
			visitPlan(c)
		}
	}
	visitPlan(p)
	return found
}

// materializesOutput reports whether a plan node keeps its whole output,
// so that rescanning it is cheap (PG: ExecMaterializesOutput).
func materializesOutput(p plannodes.Plan) bool {
	switch p.(type) {
	case *plannodes.Material, *plannodes.Sort:
		return true
	}
	return false
}

// subplanIsHashable reports whether the subquery's output fits in hash_mem
// (PG: subplan_is_hashable).
func subplanIsHashable(c *pathnodes.CostParams, p plannodes.Plan) bool {
	h := p.PlanHeader()
	return cost.RelationByteSize(h.PlanRows, h.PlanWidth) <= c.HashMemBytes()
}

// testexprIsHashable reports whether an ANY comparison can be answered by
// probing a hash table of the subquery's rows: a hashable equality whose
// left side does not read the subquery's columns and whose right side is
// the column itself (PG: testexpr_is_hashable).
func testexprIsHashable(e nodes.Expr, ids []int) bool {
	op, ok := e.(*nodes.OpExpr)
	if !ok || op.OpName != "=" || len(op.Args) != 2 || len(ids) != 1 {
		return false
	}
	p, ok := op.Args[1].(*nodes.Param)
	if !ok || p.Kind != nodes.ParamExec || p.ID != ids[0] {
		return false
	}
	lt, rt := op.Args[0].ExprType(), p.Type
	if types.ClassOf(lt.Oid) != types.ClassOf(rt.Oid) {
		return false
	}
	return !nodes.Contains(op.Args[0], func(n nodes.Expr) bool {
		q, ok := n.(*nodes.Param)
		return ok && q.Kind == nodes.ParamExec && q.ID == ids[0]
	})
}

// costSubplan sets a SubPlan's startup and per-call costs (PG:
// cost_subplan).
func costSubplan(c *pathnodes.CostParams, sp *nodes.SubPlan, p plannodes.Plan) {
	h := p.PlanHeader()
	var qc cost.QualCost
	if sp.TestExpr != nil {
		qc = cost.EvalCost(c, sp.TestExpr)
	}
	if sp.UseHashTable {
		// The table is built once; each call probes it.
		qc.Startup += h.TotalCost + c.CPUOperatorCost*h.PlanRows
	} else {
		run := h.TotalCost - h.StartupCost
		switch sp.Kind {
		case nodes.ExistsSubLink:
			qc.PerTuple += run / clampRows(h.PlanRows)
		case nodes.AnySubLink, nodes.AllSubLink:
			qc.PerTuple += 0.5*run + 0.5*h.PlanRows*c.CPUOperatorCost
		default:
			qc.PerTuple += run
		}
		if len(sp.ParParam) == 0 && materializesOutput(p) {
			qc.Startup += h.StartupCost
		} else {
			qc.PerTuple += h.StartupCost
		}
	}
	sp.StartupCost, sp.PerCallCost = qc.Startup, qc.PerTuple
}

func clampRows(r float64) float64 {
	if r <= 1 {
		return 1
	}
	return r
}

// initPlanCost is what a query level's InitPlans add to its plan's cost:
// each is assumed to run once (PG: SS_charge_for_initplans).
func initPlanCost(root *pathnodes.PlannerInfo) float64 {
	total := 0.0
	for _, ip := range root.InitPlans {
		total += ip.StartupCost + ip.PerCallCost
	}
	return total
}
