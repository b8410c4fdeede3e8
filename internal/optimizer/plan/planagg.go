// planagg.go answers min() and max() from an index (PG:
// optimizer/plan/planagg.c). When every aggregate of an ungrouped query
// over one table is min or max, each can be computed by a subquery
//
//	SELECT arg FROM tab WHERE arg IS NOT NULL AND quals ORDER BY arg LIMIT 1
//
// read from an index in the wanted order. Each subquery becomes an
// InitPlan and a Result returns their values; the plan competes on cost
// with the ordinary Aggregate.

package plan

import (
	"errors"

	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/optimizer/cost"
	"github.com/loomdb/loomdb/internal/optimizer/pathnodes"
	"github.com/loomdb/loomdb/internal/optimizer/prep"
	"github.com/loomdb/loomdb/internal/optimizer/util"
	"github.com/loomdb/loomdb/internal/plannodes"
	"github.com/loomdb/loomdb/internal/types"
)

// errNoPresortedPath reports that a level planned with presortedOnly has
// no path delivering its ORDER BY without a sort.
var errNoPresortedPath = errors.New("no presorted path")

// minMaxAgg is one min or max aggregate and its InitPlan (PG: MinMaxAggInfo).
type minMaxAgg struct {
	agg   *nodes.Aggref
	param *nodes.Param
	plan  plannodes.Plan
}

// minMaxAggPath returns a Result path computing q's min/max aggregates
// from InitPlans over index scans, or nil when that is not possible (PG:
// preprocess_minmax_aggregates, build_minmax_path, create_minmaxagg_path).
// discard forgets the InitPlans' plans when the path is not used.
func minMaxAggPath(root *pathnodes.PlannerInfo, q *nodes.Query, cfg *Config, tlist []*nodes.TargetEntry, having []nodes.Expr) (path pathnodes.Path, discard func(), err error) {
	if !q.HasAggs || len(q.GroupClause) > 0 || len(q.GroupingSets) > 1 || q.SetOperations != nil || len(q.SemiJoins) > 0 ||
		q.JoinTree == nil || len(q.JoinTree.FromList) != 1 {
		return nil, nil, nil
	}
	ref, ok := q.JoinTree.FromList[0].(*nodes.RangeTblRef)
	if !ok || q.RangeTable[ref.RTIndex-1].Kind != nodes.RTERelation || q.RangeTable[ref.RTIndex-1].TableSample != nil {
		// An index cannot read a table's TABLESAMPLE sample.
		return nil, nil, nil
	}
	if hasSubPlans(q.JoinTree.Quals) {
		return nil, nil, nil
	}
	var aggs []*minMaxAgg
	usable := true
	collect := func(e nodes.Expr) {
		nodes.Walk(e, func(n nodes.Expr) bool {
			a, ok := n.(*nodes.Aggref)
			if !ok {
				return usable
			}
			if (a.Name != "min" && a.Name != "max") || a.Star || a.Distinct || len(a.Args) != 1 || hasSubPlans(a.Args[0]) {
				usable = false
				return false
			}
			for _, m := range aggs {
				if nodes.Equal(m.agg, a) {
					return false
				}
			}
			aggs = append(aggs, &minMaxAgg{agg: a})
			return false
		})
	}
	for _, te := range tlist {
		collect(te.Expr)
	}
	for _, h := range having {
		collect(h)
	}
	if !usable || len(aggs) == 0 {
		return nil, nil, nil
	}

	glob := root.Glob
	savedSubplans, savedRT := len(glob.Subplans), len(root.FinalRangeTable)
	giveUp := func() {
		glob.Subplans = glob.Subplans[:savedSubplans]
		root.FinalRangeTable = root.FinalRangeTable[:savedRT]
	}
	total := 0.0
	for _, m := range aggs {
		arg := m.agg.Args[0]
		desc := m.agg.Name == "max"
		notNull := &nodes.NullTest{Arg: arg, IsNot: true}
		quals := []nodes.Expr{notNull}
		for _, qual := range prep.MakeAndList(q.JoinTree.Quals) {
			if !nodes.Equal(qual, notNull) {
				quals = append(quals, qual)
			}
		}
		sub := &nodes.Query{CommandType: nodes.CmdSelect, RangeTable: q.RangeTable,
			JoinTree:   &nodes.FromExpr{FromList: []nodes.JoinNode{&nodes.RangeTblRef{RTIndex: ref.RTIndex}}, Quals: &nodes.BoolExpr{Op: nodes.AndExpr, Args: quals}},
			TargetList: []*nodes.TargetEntry{{Expr: arg, ResNo: 1, Name: m.agg.Name, SortGroupRef: 1}},
			SortClause: []*nodes.SortGroupClause{{TLESortGroupRef: 1, Descending: desc, NullsFirst: desc}},
			LimitCount: &nodes.Const{Type: types.TInt8, Value: int64(1), Location: -1}}
		_, plan, err := planChildRoot(root, sub, cfg, 1.0, true)
		if errors.Is(err, errNoPresortedPath) {
			giveUp()
			return nil, nil, nil
		}
		if err != nil {
			return nil, nil, err
		}
		m.plan = plan
		total += plan.PlanHeader().TotalCost
	}

	// The InitPlans' output Params replace the aggregates.
	var initPlans []*nodes.SubPlan
	for _, m := range aggs {
		m.param = glob.NewExecParam(m.agg.ResultType)
		glob.Subplans = append(glob.Subplans, m.plan)
		sp := &nodes.SubPlan{Kind: nodes.ExprSubLink, Type: m.agg.ResultType, SetParam: []int{m.param.ID}, PlanID: len(glob.Subplans)}
		sp.Name = initPlanName(sp.PlanID, m.param.ID)
		costSubplan(&root.Costs, sp, m.plan)
		initPlans = append(initPlans, sp)
	}
	replace := func(e nodes.Expr) nodes.Expr {
		return nodes.Mutate(e, func(n nodes.Expr) (nodes.Expr, bool) {
			if a, ok := n.(*nodes.Aggref); ok {
				for _, m := range aggs {
					if nodes.Equal(m.agg, a) {
						return m.param, true
					}
				}
			}
			return nil, false
		})
	}
	r := &plannodes.Result{}
	for _, te := range tlist {
		c := *te
		c.Expr = replace(te.Expr)
		r.TargetList = append(r.TargetList, &c)
	}
	for _, h := range having {
		r.ResConstantQual = append(r.ResConstantQual, replace(h))
	}
	r.InitPlan = initPlans
	tc := cost.TargetCost(&root.Costs, r.TargetList)
	r.StartupCost = total + tc.Startup
	r.TotalCost = total + tc.Startup + tc.PerTuple + root.Costs.CPUTupleCost
	if len(having) > 0 {
		qc := cost.QualListCost(&root.Costs, r.ResConstantQual)
		r.StartupCost += qc.Startup
		r.TotalCost += qc.Startup + qc.PerTuple
	}
	r.PlanRows = 1
	r.PlanWidth = util.TargetWidth(nil, tlist)
	pp := &pathnodes.PlannedPath{Plan: r}
	pp.Rows, pp.StartupCost, pp.TotalCost, pp.Width = 1, r.StartupCost, r.TotalCost, r.PlanWidth
	pp.Target = tlist
	return pp, giveUp, nil
}

func hasSubPlans(e nodes.Expr) bool {
	return nodes.Contains(e, func(n nodes.Expr) bool {
		_, ok := n.(*nodes.SubPlan)
		return ok
	})
}
