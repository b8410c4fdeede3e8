// setop.go plans UNION [ALL] (PG: prepunion.c generate_union_paths): each
// arm is planned as its own query, UNION ALL arms are appended, and UNION
// removes duplicates with a HashAggregate or a Sort and Unique, whichever
// is cheaper.

package plan

import (
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/optimizer/cost"
	"github.com/loomdb/loomdb/internal/optimizer/pathnodes"
	"github.com/loomdb/loomdb/internal/optimizer/util"
)

// appendCPUFactor is APPEND_CPU_FACTOR: Append's per-row overhead as a
// fraction of cpu_tuple_cost.
const appendCPUFactor = 0.5

func (cp *createPlanContext) setOpPath(cfg *Config, op *nodes.SetOperation) (pathnodes.Path, error) {
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
	cost.CostAggGrouped(c, &hp.Base, true, cost.AggCosts{}, len(keys), ap.Rows, ap.StartupCost, ap.TotalCost, ap.Rows, nil, nil, 1)
	sp := util.CreateSortPath(cp.root, ap, keysFor(keys), -1)
	up := &pathnodes.UniquePath{Subpath: sp, NumKeys: len(keys)}
	up.Width, up.Pathkeys, up.Target = ap.Width, sp.Pathkeys, cp.tlist
	cost.CostGroup(c, &up.Base, len(keys), ap.Rows, sp.StartupCost, sp.TotalCost, sp.Rows)
	if c.EnableHashagg && hp.TotalCost < up.TotalCost {
		return hp, nil
	}
	return up, nil
}
