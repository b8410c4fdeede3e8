// cte.go plans recursive WITH queries (PG: subselect.c SS_process_ctes,
// prepunion.c generate_recursion_path, allpaths.c set_cte_pathlist and
// set_worktable_pathlist). Each recursive query a level declares and
// something references is planned once, before the level's other
// subqueries, as an InitPlan named "CTE name" attached to the level's top
// node: a Recursive Union over its non-recursive and recursive terms, each
// planned as a query of its own. References become CTE Scans of that one
// result; the self-reference in the recursive term becomes a WorkTable
// Scan.
//
// Neither scan is parallel-safe: the result and the work table live in
// the leader's executor state, which workers do not share (PG marks such
// relations not consider_parallel), so both run above any Gather. A
// parallel plan may still appear inside either term, below the scans.

package plan

import (
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/optimizer/cost"
	"github.com/loomdb/loomdb/internal/optimizer/path"
	"github.com/loomdb/loomdb/internal/optimizer/pathnodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/plannodes"
	"github.com/loomdb/loomdb/internal/types"
)

// processCTEs plans the data-modifying and the referenced recursive WITH
// queries of ctes, in order, and returns their InitPlans (PG:
// SS_process_ctes).
func processCTEs(root *pathnodes.PlannerInfo, ctes []*nodes.CommonTableExpr, cfg *Config) ([]*nodes.SubPlan, error) {
	var out []*nodes.SubPlan
	glob := root.Glob
	for _, cte := range ctes {
		var plan plannodes.Plan
		var err error
		switch {
		case cte.Modifying():
			// It runs whether or not anything reads it.
			plan, err = planModifyingCTE(root, cte, cfg)
		case cte.RefCount == 0:
			// Nothing reads it: PG does not plan it either.
			continue
		default:
			plan, err = planRecursiveCTE(root, cte, cfg)
		}
		if err != nil {
			return nil, err
		}
		info := glob.CTEs[cte]
		glob.Subplans = append(glob.Subplans, plan)
		// The parameter only names the result for the executor; no
		// expression reads its value (PG: assign_special_exec_param).
		prm := glob.NewExecParam(types.TInt4)
		info.PlanID, info.Rows = len(glob.Subplans), plan.PlanHeader().PlanRows
		sp := &nodes.SubPlan{Kind: nodes.CTESubLink, PlanID: info.PlanID, Name: "CTE " + cte.Name, SetParam: []int{prm.ID}, Type: types.TInt4}
		costSubplan(&root.Costs, sp, plan)
		out = append(out, sp)
	}
	return out, nil
}

// planRecursiveCTE plans a recursive WITH query as a Recursive Union of its
// two terms (PG: subquery_planner with hasRecursion, and
// generate_recursion_path). The non-recursive term is planned first: the
// work table's size is estimated from its rows.
func planRecursiveCTE(root *pathnodes.PlannerInfo, cte *nodes.CommonTableExpr, cfg *Config) (plannodes.Plan, error) {
	glob := root.Glob
	q := cte.Query
	op := q.SetOperations
	if op == nil {
		return nil, pgerror.Internal("recursive query \"%s\" is not a UNION", cte.Name)
	}
	nrq, ok1 := op.Larg.(*nodes.Query)
	rq, ok2 := op.Rarg.(*nodes.Query)
	if !ok1 || !ok2 {
		return nil, pgerror.Internal("recursive query \"%s\" is not a UNION of two queries", cte.Name)
	}
	if glob.CTEs == nil {
		glob.CTEs = map[*nodes.CommonTableExpr]*pathnodes.CTEPlan{}
	}
	// PG numbers the work table's parameter before anything in the query.
	info := &pathnodes.CTEPlan{WTParam: glob.NewExecParam(types.TInt4).ID}
	glob.CTEs[cte] = info
	// Recursive queries of a WITH enclosing the UNION belong to this one.
	inner, err := processCTEs(root, q.CTEList, cfg)
	if err != nil {
		return nil, err
	}
	nr, err := planChild(root, nrq, cfg, 0)
	if err != nil {
		return nil, err
	}
	info.NonRecursiveRows = nr.PlanHeader().PlanRows
	r, err := planChild(root, rq, cfg, 0)
	if err != nil {
		return nil, err
	}
	c := &root.Costs
	// Each term is costed as PG's Subquery Scan over it, which setrefs
	// removes again as trivial: cpu_tuple_cost per row stays.
	term := func(p plannodes.Plan) pathnodes.Base {
		h := p.PlanHeader()
		return pathnodes.Base{Rows: h.PlanRows, StartupCost: h.StartupCost, TotalCost: h.TotalCost + c.CPUTupleCost*h.PlanRows, Width: h.PlanWidth}
	}
	nb, rb := term(nr), term(r)
	var b pathnodes.Base
	cost.CostRecursiveUnion(c, &b, &nb, &rb)
	ru := &plannodes.RecursiveUnion{WTParam: info.WTParam}
	setCosts(&ru.Header, &b)
	ru.Lefttree, ru.Righttree = nr, r
	// The terms' own junk columns, if any, are not the query's.
	ru.TargetList = passThrough(built{plan: nr})[:len(op.ColTypes)]
	for i, te := range ru.TargetList {
		te.Name = q.TargetList[i].Name
	}
	if !op.All {
		// Duplicates are found by hashing only; with no better figure,
		// every row is taken to be distinct.
		for i := range op.ColTypes {
			ru.DupColIdx = append(ru.DupColIdx, i+1)
		}
		ru.NumGroups = nb.Rows + rb.Rows*10
	}
	// The inner queries' InitPlans run first, once (PG:
	// SS_charge_for_initplans on the query's final paths).
	for _, ip := range inner {
		ru.StartupCost += ip.StartupCost + ip.PerCallCost
		ru.TotalCost += ip.StartupCost + ip.PerCallCost
	}
	ru.InitPlan = inner
	ru.PlanNodeID = glob.LastPlanNodeID
	glob.LastPlanNodeID++
	plannodes.SetExtParams(ru)
	return ru, nil
}

// planCTERel sizes a reference to a recursive WITH query and builds its
// one path: a CTE Scan of the query's result, or inside the query's
// recursive term a WorkTable Scan, whose size is recursive_worktable_factor
// times the non-recursive term's (PG: set_cte_pathlist,
// set_worktable_pathlist and set_cte_size_estimates).
func (fp *fromPlanner) planCTERel(rel *pathnodes.RelOptInfo, rte *nodes.RangeTblEntry, quals []nodes.Expr) (*pathnodes.RelOptInfo, error) {
	info := fp.root.Glob.CTEs[rte.CTE]
	if info == nil || (!rte.SelfReference && info.PlanID == 0) {
		return nil, pgerror.Internal("could not find plan for CTE \"%s\"", rte.RelName)
	}
	c := &fp.root.Costs
	tuples := info.Rows
	if rte.SelfReference {
		tuples = cost.ClampRowEst(c.RecursiveWorktableFactor * info.NonRecursiveRows)
	}
	target := fp.sizeOtherRel(rel, rte, tuples, quals)
	if constantFalse(quals) {
		// Provably empty (PG: set_dummy_rel_pathlist): nothing is read,
		// and the query's plan never runs.
		rp := &pathnodes.ResultPath{Quals: []nodes.Expr{&nodes.Const{Type: types.TBool, Value: false, Location: -1}}}
		rp.Parent, rp.Target, rp.ParallelSafe = rel, target, true
		rel.Rows = 0
		rel.Pathlist = []pathnodes.Path{rp}
		pathnodes.SetCheapest(rel)
		return rel, nil
	}
	var p pathnodes.Path
	var b *pathnodes.Base
	if rte.SelfReference {
		wp := &pathnodes.WorkTableScanPath{Quals: quals}
		p, b = wp, &wp.Base
	} else {
		cp := &pathnodes.CteScanPath{Quals: quals}
		p, b = cp, &cp.Base
	}
	b.Parent, b.Target, b.Rows = rel, target, rel.Rows
	b.Width = path.TargetWidth(fp.root, target)
	cost.CostCtescan(c, b, quals, target, tuples)
	rel.Width = b.Width
	rel.Pathlist = []pathnodes.Path{p}
	pathnodes.SetCheapest(rel)
	return rel, nil
}

// createCteScan makes the CTE Scan or WorkTable Scan of a path.
func (cp *createPlanContext) createCteScan(p pathnodes.Path) (built, error) {
	b := p.PathBase()
	rti := b.Parent.Relid
	rte := cp.q.RangeTable[rti-1]
	info := cp.root.Glob.CTEs[rte.CTE]
	if info == nil {
		return built{}, pgerror.Internal("could not find plan for CTE \"%s\"", rte.RelName)
	}
	var plan plannodes.Plan
	var h *plannodes.Header
	var quals []nodes.Expr
	switch x := p.(type) {
	case *pathnodes.WorkTableScanPath:
		s := &plannodes.WorkTableScan{ScanRelID: rti, CTEName: rte.CTE.Name, Alias: rte.Alias, WTParam: info.WTParam, ColTypes: rte.ColTypes}
		plan, h, quals = s, &s.Header, x.Quals
	case *pathnodes.CteScanPath:
		s := &plannodes.CteScan{ScanRelID: rti, CTEName: rte.CTE.Name, Alias: rte.Alias, CTEPlanID: info.PlanID, ColTypes: rte.ColTypes}
		plan, h, quals = s, &s.Header, x.Quals
	}
	setCosts(h, b)
	h.TargetList = b.Target
	h.Qual = orderQualClauses(&cp.root.Costs, quals)
	return built{plan, b.Target}, nil
}
