// createplan.go converts the chosen path into a plan tree, then numbers its
// nodes (PG: createplan.c, setrefs.c).

package plan

import (
	"sort"

	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/optimizer/cost"
	"github.com/loomdb/loomdb/internal/optimizer/pathnodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/plannodes"
)

type createPlanContext struct {
	root    *pathnodes.PlannerInfo
	q       *nodes.Query
	tlist   []*nodes.TargetEntry
	scanRel *pathnodes.RelOptInfo
	// valuesRows are an INSERT's VALUES rows after constant folding.
	valuesRows [][]nodes.Expr
}

func (cp *createPlanContext) createPlan(best pathnodes.Path) (plannodes.Plan, error) {
	p, err := cp.create(best, true)
	if err != nil {
		return nil, err
	}
	id := 0
	var number func(p plannodes.Plan)
	number = func(p plannodes.Plan) {
		p.PlanHeader().PlanNodeID = id
		id++
		for _, c := range plannodes.Children(p) {
			number(c)
		}
	}
	number(p)
	return p, nil
}

func setCosts(h *plannodes.Header, b *pathnodes.Base) {
	h.StartupCost = b.StartupCost
	h.TotalCost = b.TotalCost
	h.PlanRows = b.Rows
	h.PlanWidth = b.Width
	h.ParallelAware = b.ParallelAware
	h.ParallelSafe = b.ParallelSafe
}

func (cp *createPlanContext) create(p pathnodes.Path, top bool) (plannodes.Plan, error) {
	switch x := p.(type) {
	case *pathnodes.SeqScanPath:
		return cp.createSeqScan(x)
	case *pathnodes.ResultPath:
		r := &plannodes.Result{}
		setCosts(&r.Header, &x.Base)
		switch {
		case !top && cp.q.HasAggs:
			// The input row of an aggregate over no table: no columns.
		default:
			r.TargetList = cp.tlist
		}
		r.ResConstantQual = x.Quals
		return r, nil
	case *pathnodes.ValuesScanPath:
		values := cp.q.RangeTable[cp.q.JoinTree.FromList[0]-1]
		vs := &plannodes.ValuesScan{ScanRelID: cp.q.JoinTree.FromList[0], Values: cp.valuesRows, ColTypes: values.ColTypes}
		setCosts(&vs.Header, &x.Base)
		vs.TargetList = cp.tlist
		return vs, nil
	case *pathnodes.AggPath:
		child, err := cp.create(x.Subpath, false)
		if err != nil {
			return nil, err
		}
		agg := &plannodes.Agg{Strategy: plannodes.AggPlain, Split: x.Split}
		setCosts(&agg.Header, &x.Base)
		agg.Lefttree = child
		agg.TargetList = make([]*nodes.TargetEntry, len(cp.tlist))
		for i, te := range cp.tlist {
			c := *te
			c.Expr = outerRefs(te.Expr, child.PlanHeader().TargetList)
			agg.TargetList[i] = &c
			nodes.Walk(c.Expr, func(n nodes.Expr) bool {
				if a, ok := n.(*nodes.Aggref); ok {
					agg.Aggs = append(agg.Aggs, a)
					return false
				}
				return true
			})
		}
		return agg, nil
	case *pathnodes.SortPath:
		child, err := cp.create(x.Subpath, false)
		if err != nil {
			return nil, err
		}
		s := &plannodes.Sort{}
		setCosts(&s.Header, &x.Base)
		s.Lefttree = child
		s.TargetList = passThrough(child)
		for _, k := range x.Pathkeys {
			idx := findTle(cp.tlist, k.Expr)
			if idx < 0 {
				return nil, pgerror.Internal("sort key not found in input target list")
			}
			s.SortColIdx = append(s.SortColIdx, idx+1)
			s.Descending = append(s.Descending, k.Descending)
			s.NullsFirst = append(s.NullsFirst, k.NullsFirst)
		}
		return s, nil
	case *pathnodes.LimitPath:
		child, err := cp.create(x.Subpath, false)
		if err != nil {
			return nil, err
		}
		l := &plannodes.Limit{LimitOffset: x.LimitOffset, LimitCount: x.LimitCount}
		setCosts(&l.Header, &x.Base)
		l.Lefttree = child
		l.TargetList = passThrough(child)
		return l, nil
	case *pathnodes.ModifyTablePath:
		child, err := cp.create(x.Subpath, false)
		if err != nil {
			return nil, err
		}
		rte := cp.q.RangeTable[cp.q.ResultRelation-1]
		mt := &plannodes.ModifyTable{Operation: cp.q.CommandType, RelOid: rte.RelOid, RelName: rte.RelName, Alias: rte.Alias, Schema: rte.Schema, InsertColumns: identity(len(cp.tlist))}
		setCosts(&mt.Header, &x.Base)
		mt.Lefttree = child
		return mt, nil
	}
	return nil, pgerror.Internal("createplan: unexpected path type %T", p)
}

// identity maps each table column to the input column at the same position.
func identity(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

func (cp *createPlanContext) createSeqScan(x *pathnodes.SeqScanPath) (plannodes.Plan, error) {
	rel := x.Parent
	rte := cp.q.RangeTable[rel.Relid-1]
	s := &plannodes.SeqScan{ScanRelID: rel.Relid, RelOid: rte.RelOid, RelName: rte.RelName, Alias: rte.Alias, Schema: rte.Schema}
	setCosts(&s.Header, &x.Base)
	s.Qual = orderQualClauses(&cp.root.Costs, rel.BaseRestrictInfo)
	var needed []int
	if cp.q.HasAggs {
		// The physical target list: every column, as PG uses for scans under an Agg.
		for i, c := range rel.Rel.Columns {
			if c.Dropped {
				continue
			}
			s.TargetList = append(s.TargetList, &nodes.TargetEntry{
				Expr:  &nodes.Var{VarNo: rel.Relid, AttNo: i + 1, Type: c.Type, Name: rte.ColNames[i], RelName: rte.Alias, Location: -1},
				ResNo: len(s.TargetList) + 1, Name: c.Name,
			})
		}
		needed = neededAttrs(cp.tlist, rel.BaseRestrictInfo, rel.Relid)
	} else {
		s.TargetList = cp.tlist
		needed = neededAttrs(cp.tlist, rel.BaseRestrictInfo, rel.Relid)
	}
	for _, a := range needed {
		s.Cols = append(s.Cols, a-1)
	}
	return s, nil
}

// passThrough returns a target list that forwards every column of child.
func passThrough(child plannodes.Plan) []*nodes.TargetEntry {
	ctl := child.PlanHeader().TargetList
	out := make([]*nodes.TargetEntry, len(ctl))
	for i, te := range ctl {
		c := *te
		c.Expr = &nodes.Var{VarNo: nodes.OuterVar, AttNo: i + 1, Type: te.Expr.ExprType(), Name: te.Name, Location: -1}
		out[i] = &c
	}
	return out
}

// findTle returns the position of e in tl, comparing through OUTER_VAR
// references and ignoring parse locations.
func findTle(tl []*nodes.TargetEntry, e nodes.Expr) int {
	for i, te := range tl {
		if sameExpr(te.Expr, e) {
			return i
		}
	}
	return -1
}

// outerRefs rewrites e so that sub-expressions computed by the child (its
// target list) become OUTER_VAR references to the child's columns (PG:
// fix_upper_expr).
func outerRefs(e nodes.Expr, child []*nodes.TargetEntry) nodes.Expr {
	return nodes.Mutate(e, func(n nodes.Expr) (nodes.Expr, bool) {
		if _, isAgg := n.(*nodes.Aggref); !isAgg {
			if i := findTle(child, n); i >= 0 {
				return &nodes.Var{VarNo: nodes.OuterVar, AttNo: i + 1, Type: n.ExprType(), Name: child[i].Name, Location: -1}, true
			}
		}
		return nil, false
	})
}

func sameExpr(a, b nodes.Expr) bool { return nodes.Equal(a, b) }

// orderQualClauses sorts quals by evaluation cost, cheapest first, keeping
// the original order among equals (PG: order_qual_clauses).
func orderQualClauses(p *pathnodes.CostParams, quals []nodes.Expr) []nodes.Expr {
	out := append([]nodes.Expr(nil), quals...)
	costs := make(map[nodes.Expr]float64, len(out))
	for _, q := range out {
		costs[q] = cost.EvalCost(p, q).PerTuple
	}
	sort.SliceStable(out, func(i, j int) bool { return costs[out[i]] < costs[out[j]] })
	return out
}
