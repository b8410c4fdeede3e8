// setop.go plans set operations (PG: prepunion.c). UNION [ALL]
// (generate_union_paths): each arm is planned as its own query, UNION ALL
// arms are appended, and UNION removes duplicates with a HashAggregate or a
// Sort and Unique, whichever is cheaper. INTERSECT and EXCEPT [ALL]
// (generate_nonunion_paths): each arm is scanned through a Subquery Scan
// that adds a flag column telling the arms apart, the two are appended,
// and a SetOp node, hashed or over sorted input, counts each group's rows
// from either side.

package plan

import (
	"fmt"

	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/optimizer/cost"
	"github.com/loomdb/loomdb/internal/optimizer/pathnodes"
	"github.com/loomdb/loomdb/internal/optimizer/util"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/plannodes"
	"github.com/loomdb/loomdb/internal/types"
)

// sizeofMinimalTupleHeader is MAXALIGN(SizeofMinimalTupleHeader), a hashed
// SetOp's per-entry overhead.
const sizeofMinimalTupleHeader = 16

// appendCPUFactor is APPEND_CPU_FACTOR: Append's per-row overhead as a
// fraction of cpu_tuple_cost.
const appendCPUFactor = 0.5

func (cp *createPlanContext) setOpPath(cfg *Config, op *nodes.SetOperation) (pathnodes.Path, error) {
	if op.Op != nodes.SetOpUnion {
		return cp.nonUnionPath(cfg, op)
	}
	var children []pathnodes.Path
	var collect func(n any, parentAll bool) error
	collect = func(n any, parentAll bool) error {
		switch x := n.(type) {
		case *nodes.Query:
			plan, err := planSubquery(cp.root, x, cfg)
			if err != nil {
				return err
			}
			h := plan.PlanHeader()
			pp := &pathnodes.PlannedPath{Plan: plan}
			pp.Rows, pp.StartupCost, pp.TotalCost, pp.Width = h.PlanRows, h.StartupCost, h.TotalCost, h.PlanWidth
			// PG scans each arm through a Subquery Scan (removed again as
			// trivial) whose per-row charge stays in the estimate.
			pp.TotalCost += cp.root.Costs.CPUTupleCost * h.PlanRows
			pp.Target = cp.tlist
			children = append(children, pp)
		case *nodes.SetOperation:
			if x.Op != nodes.SetOpUnion {
				return pgerror.Unsupported("INTERSECT or EXCEPT inside UNION is not supported yet")
			}
			if x.All == parentAll || !parentAll {
				// Same kind (or any child of a de-duplicating UNION): flatten.
				if err := collect(x.Larg, x.All); err != nil {
					return err
				}
				return collect(x.Rarg, x.All)
			}
			p, err := cp.setOpPath(cfg, x)
			if err != nil {
				return err
			}
			children = append(children, p)
		}
		return nil
	}
	if err := collect(op.Larg, op.All); err != nil {
		return nil, err
	}
	if err := collect(op.Rarg, op.All); err != nil {
		return nil, err
	}
	ap := &pathnodes.AppendPath{Subpaths: children}
	ap.Target = cp.tlist
	for i, c := range children {
		b := c.PathBase()
		if i == 0 {
			ap.StartupCost = b.StartupCost
		}
		ap.Rows += b.Rows
		ap.TotalCost += b.TotalCost
		ap.Width = max(ap.Width, b.Width)
	}
	ap.Width = util.TargetWidth(nil, cp.tlist)
	ap.TotalCost += cp.root.Costs.CPUTupleCost * appendCPUFactor * ap.Rows
	if op.All {
		return ap, nil
	}
	// De-duplicate: the number of groups is taken as the input row count.
	var keys []nodes.Expr
	for _, te := range cp.tlist {
		keys = append(keys, te.Expr)
	}
	c := &cp.root.Costs
	hp := &pathnodes.AggPath{Subpath: ap, Strategy: pathnodes.AggHashed, GroupKeys: keys, NumGroups: ap.Rows, Target: cp.tlist}
	hp.Width = ap.Width
	cost.CostAggGrouped(c, &hp.Base, true, cost.AggCosts{}, len(keys), ap.Rows, ap.StartupCost, ap.TotalCost, ap.Rows, ap.Width, nil, nil, 1)
	sp := util.CreateSortPath(cp.root, ap, keysFor(keys), -1)
	up := util.CreateUniquePath(cp.root, sp, len(keys), ap.Rows, sp.Pathkeys, cp.tlist)
	if c.EnableHashagg && hp.TotalCost < up.TotalCost {
		return hp, nil
	}
	return up, nil
}

// nonUnionPath plans INTERSECT or EXCEPT [ALL] of two arms (PG:
// generate_nonunion_paths).
func (cp *createPlanContext) nonUnionPath(cfg *Config, op *nodes.SetOperation) (pathnodes.Path, error) {
	left, lok := op.Larg.(*nodes.Query)
	right, rok := op.Rarg.(*nodes.Query)
	if !lok || !rok {
		return nil, pgerror.Unsupported("nested set operations under %s are not supported yet", op.Op)
	}
	lscan, lgroups, err := cp.setOpArm(cfg, left, op.ColTypes, 0)
	if err != nil {
		return nil, err
	}
	rscan, rgroups, err := cp.setOpArm(cfg, right, op.ColTypes, 1)
	if err != nil {
		return nil, err
	}
	c := &cp.root.Costs
	// EXCEPT reads the left arm first; INTERSECT the arm with fewer groups,
	// which a hash table then holds.
	children := []plannodes.Plan{lscan, rscan}
	if op.Op == nodes.SetOpIntersect && lgroups > rgroups {
		children = []plannodes.Plan{rscan, lscan}
	}
	app := &plannodes.Append{Appendplans: children}
	for i, ch := range children {
		h := ch.PlanHeader()
		if i == 0 {
			app.StartupCost = h.StartupCost
		}
		app.TotalCost += h.TotalCost
		app.PlanRows += h.PlanRows
		app.PlanWidth = max(app.PlanWidth, h.PlanWidth)
	}
	app.TotalCost += c.CPUTupleCost * appendCPUFactor * app.PlanRows
	app.TargetList = passThrough(built{plan: children[0]})
	app.Lefttree = children[0]

	lrows, rrows := lscan.PlanHeader().PlanRows, rscan.PlanHeader().PlanRows
	numCols := len(op.ColTypes)
	var numGroups, outputRows float64
	cmd := plannodes.SetOpIntersect
	if op.Op == nodes.SetOpExcept {
		cmd = plannodes.SetOpExcept
		numGroups = lgroups
		outputRows = numGroups
		if op.All {
			cmd, outputRows = plannodes.SetOpExceptAll, lrows
		}
	} else {
		numGroups = min(lgroups, rgroups)
		outputRows = numGroups
		if op.All {
			cmd, outputRows = plannodes.SetOpIntersectAll, min(lrows, rrows)
		}
	}
	var input plannodes.Plan = app
	hashed := cp.chooseHashedSetop(app, numCols, numGroups, outputRows)
	if !hashed {
		srt := &plannodes.Sort{}
		var b pathnodes.Base
		cost.CostSort(c, &b, app.StartupCost, app.TotalCost, app.PlanRows, app.PlanWidth, -1)
		srt.StartupCost, srt.TotalCost, srt.PlanRows, srt.PlanWidth = b.StartupCost, b.TotalCost, app.PlanRows, app.PlanWidth
		srt.Lefttree = app
		srt.TargetList = passThrough(built{plan: app})
		for i := 1; i <= numCols; i++ {
			srt.SortColIdx = append(srt.SortColIdx, i)
			srt.Descending = append(srt.Descending, false)
			srt.NullsFirst = append(srt.NullsFirst, false)
		}
		input = srt
	}
	ih := input.PlanHeader()
	so := &plannodes.SetOp{Cmd: cmd, Hashed: hashed, NumCols: numCols, FlagColIdx: numCols + 1, NumGroups: numGroups}
	so.Lefttree = input
	so.TargetList = passThrough(built{plan: input})
	so.StartupCost = ih.StartupCost
	so.TotalCost = ih.TotalCost + c.CPUOperatorCost*ih.PlanRows*float64(numCols)
	so.PlanRows, so.PlanWidth = outputRows, ih.PlanWidth

	pp := &pathnodes.PlannedPath{Plan: so}
	pp.Rows, pp.StartupCost, pp.TotalCost, pp.Width = so.PlanRows, so.StartupCost, so.TotalCost, so.PlanWidth
	pp.Target = append(append([]*nodes.TargetEntry(nil), cp.tlist...), &nodes.TargetEntry{
		Expr:  &nodes.Var{VarNo: nodes.SetOpVar, AttNo: numCols + 1, Type: types.TInt4, Name: "flag", Location: -1},
		ResNo: numCols + 1, Name: "flag", ResJunk: true})
	return pp, nil
}

// setOpArm plans one arm of INTERSECT or EXCEPT under a Subquery Scan that
// appends the arm's flag, and estimates the arm's number of distinct rows.
func (cp *createPlanContext) setOpArm(cfg *Config, leaf *nodes.Query, colTypes []types.T, flag int64) (plannodes.Plan, float64, error) {
	cp.setOpLeaves++
	alias := fmt.Sprintf("*SELECT* %d", cp.setOpLeaves)
	var visible []*nodes.TargetEntry
	for _, te := range leaf.TargetList {
		if !te.ResJunk {
			visible = append(visible, te)
		}
	}
	exprs := make([]nodes.Expr, len(visible))
	for i, te := range visible {
		exprs[i] = te.Expr
	}
	subroot, plan, err := planChildRoot(cp.root, leaf, cfg, 0, false)
	if err != nil {
		return nil, 0, err
	}
	h := plan.PlanHeader()
	groups := h.PlanRows
	if !(len(leaf.GroupClause) > 0 || len(leaf.GroupingSets) > 0 || len(leaf.DistinctClause) > 0 || leaf.HavingQual != nil || leaf.HasAggs) {
		groups = cost.EstimateNumGroups(subroot, exprs, h.PlanRows)
	}
	rte := &nodes.RangeTblEntry{Kind: nodes.RTESubquery, Alias: alias}
	for i, te := range visible {
		rte.ColNames = append(rte.ColNames, te.Name)
		rte.ColTypes = append(rte.ColTypes, colTypes[i])
	}
	cp.root.FinalRangeTable = append(cp.root.FinalRangeTable, rte)
	rti := len(cp.root.FinalRangeTable)
	scan := &plannodes.SubqueryScan{ScanRelID: rti, Alias: alias, Subplan: plan}
	for i, te := range visible {
		v := &nodes.Var{VarNo: rti, AttNo: i + 1, Type: colTypes[i], Name: te.Name, RelName: alias, Location: -1}
		scan.TargetList = append(scan.TargetList, &nodes.TargetEntry{Expr: v, ResNo: i + 1, Name: te.Name})
	}
	scan.TargetList = append(scan.TargetList, &nodes.TargetEntry{Expr: &nodes.Const{Type: types.TInt4, Value: flag, Location: -1},
		ResNo: len(visible) + 1, Name: "flag", ResJunk: true})
	scan.StartupCost = h.StartupCost
	scan.TotalCost = h.TotalCost + cp.root.Costs.CPUTupleCost*h.PlanRows
	scan.PlanRows = h.PlanRows
	scan.PlanWidth = h.PlanWidth + 4
	return scan, groups, nil
}

// chooseHashedSetop decides between a hashed SetOp and a sorted one by
// comparing a hashed Agg with a Sort and Group over the same input (PG:
// choose_hashed_setop).
func (cp *createPlanContext) chooseHashedSetop(input plannodes.Plan, numCols int, numGroups, outputRows float64) bool {
	c := &cp.root.Costs
	if !c.EnableHashagg {
		return false
	}
	h := input.PlanHeader()
	entry := float64(cost.MaxAlignInt(h.PlanWidth) + sizeofMinimalTupleHeader)
	if entry*numGroups > c.HashMemBytes() {
		return false
	}
	var hp, sp pathnodes.Base
	cost.CostAggGrouped(c, &hp, true, cost.AggCosts{}, numCols, numGroups, h.StartupCost, h.TotalCost, h.PlanRows, h.PlanWidth, nil, nil, 1)
	cost.CostSort(c, &sp, h.StartupCost, h.TotalCost, h.PlanRows, h.PlanWidth, -1)
	cost.CostGroup(c, &sp, numCols, numGroups, sp.StartupCost, sp.TotalCost, h.PlanRows, nil, nil, 1)
	fraction := cp.root.TupleFraction
	if fraction >= 1 {
		fraction /= outputRows
	}
	costAt := func(b *pathnodes.Base) float64 {
		if fraction <= 0 || fraction >= 1 {
			return b.TotalCost
		}
		return b.StartupCost + fraction*(b.TotalCost-b.StartupCost)
	}
	hc, sc := costAt(&hp), costAt(&sp)
	if hc != sc {
		return hc < sc
	}
	return hp.StartupCost < sp.StartupCost
}
