// createplan_index.go turns index and bitmap paths into plan nodes (PG:
// createplan.c create_indexscan_plan, create_bitmap_scan_plan and
// create_bitmap_subplan).

package plan

import (
	"slices"

	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/optimizer/cost"
	"github.com/loomdb/loomdb/internal/optimizer/pathnodes"
	"github.com/loomdb/loomdb/internal/optimizer/predtest"
	"github.com/loomdb/loomdb/internal/optimizer/util"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/plannodes"
)

// scanTargetList is a scan's output: the path's target, or the Vars the
// query needs from the relation when the path computes none.
func (cp *createPlanContext) scanTargetList(rel *pathnodes.RelOptInfo, target []*nodes.TargetEntry, quals []nodes.Expr) []*nodes.TargetEntry {
	if target != nil {
		return target
	}
	rte := cp.q.RangeTable[rel.Relid-1]
	var tl []*nodes.TargetEntry
	for _, a := range neededAttrs(cp.tlist, append(append([]nodes.Expr(nil), quals...), havingOf(cp.q)...), rel.Relid) {
		v := attrVar(rel, rte, a)
		tl = append(tl, &nodes.TargetEntry{Expr: v, ResNo: len(tl) + 1, Name: v.Name})
	}
	return tl
}

func (cp *createPlanContext) createIndexScan(x *pathnodes.IndexPath) (built, error) {
	rel := x.Parent
	rte := cp.q.RangeTable[rel.Relid-1]
	is := plannodes.IndexScan{ScanRelID: rel.Relid, RelOid: rte.RelOid, RelName: rte.RelName, Alias: rte.Alias, Schema: rte.Schema,
		IndexOid: x.Index.Oid, IndexName: x.Index.Name, IndexKeys: x.Index.IndexKeys, Backward: x.Direction == pathnodes.BackwardScan}
	for _, ic := range x.IndexClauses {
		is.IndexQual = append(is.IndexQual, ic.IndexQual)
	}
	setCosts(&is.Header, &x.Base)
	is.Qual = orderQualClauses(&cp.root.Costs, util.NonIndexConditions(pathnodes.WithParamClauses(x.Index.IndRestrictInfo, x.Param), x.IndexClauses))
	is.TargetList = cp.scanTargetList(rel, x.Target, x.Index.IndRestrictInfo)
	if x.IndexOnly {
		ios := &plannodes.IndexOnlyScan{IndexScan: is}
		return built{ios, ios.TargetList}, nil
	}
	s := &is
	return built{s, s.TargetList}, nil
}

func (cp *createPlanContext) createBitmapHeapScan(x *pathnodes.BitmapHeapPath) (built, error) {
	rel := x.Parent
	rte := cp.q.RangeTable[rel.Relid-1]
	bs := &plannodes.BitmapHeapScan{ScanRelID: rel.Relid, RelOid: rte.RelOid, RelName: rte.RelName, Alias: rte.Alias, Schema: rte.Schema}
	setCosts(&bs.Header, &x.Base)
	sub, quals := cp.createBitmapSubplan(rel, x.BitmapQual)
	bs.Lefttree = sub
	bs.BitmapQualOrig = quals
	var filter []nodes.Expr
	for _, c := range util.ClausesExcept(pathnodes.WithParamClauses(rel.BaseRestrictInfo, x.Param), quals) {
		if util.ContainsVolatile(c) || !predtest.ImpliedBy([]nodes.Expr{c}, quals) {
			filter = append(filter, c)
		}
	}
	bs.Qual = orderQualClauses(&cp.root.Costs, filter)
	bs.TargetList = cp.scanTargetList(rel, x.Target, rel.BaseRestrictInfo)
	return built{bs, bs.TargetList}, nil
}

// createBitmapSubplan builds the bitmap-producing part of a bitmap scan and
// returns it with the original clauses it checks.
func (cp *createPlanContext) createBitmapSubplan(rel *pathnodes.RelOptInfo, p pathnodes.Path) (plannodes.Plan, []nodes.Expr) {
	switch x := p.(type) {
	case *pathnodes.IndexPath:
		bi := &plannodes.BitmapIndexScan{ScanRelID: rel.Relid, RelOid: cp.q.RangeTable[rel.Relid-1].RelOid, IndexOid: x.Index.Oid, IndexName: x.Index.Name, IndexKeys: x.Index.IndexKeys}
		var orig []nodes.Expr
		for _, ic := range x.IndexClauses {
			bi.IndexQual = append(bi.IndexQual, ic.IndexQual)
			orig = append(orig, ic.Rinfo)
		}
		// A partial index's predicate is part of what its bitmap
		// guarantees, and rechecked with it when the bitmap is lossy.
		for _, pc := range x.Index.IndPred {
			if !predtest.ImpliedBy([]nodes.Expr{pc}, orig) {
				orig = append(orig, pc)
			}
		}
		bi.TotalCost = x.IndexTotalCost
		bi.PlanRows = cost.ClampRowEst(x.IndexSelectivity * rel.Tuples)
		return bi, orig
	case *pathnodes.BitmapAndPath:
		ba := &plannodes.BitmapAnd{}
		var orig []nodes.Expr
		for _, q := range x.Bitmapquals {
			sub, qs := cp.createBitmapSubplan(rel, q)
			ba.Bitmapplans = append(ba.Bitmapplans, sub)
			orig = append(orig, qs...)
		}
		ba.StartupCost, ba.TotalCost = x.TotalCost, x.TotalCost
		ba.PlanRows = cost.ClampRowEst(x.BitmapSelectivity * rel.Tuples)
		return ba, orig
	case *pathnodes.BitmapOrPath:
		bo := &plannodes.BitmapOr{}
		var arms []nodes.Expr
		for _, q := range x.Bitmapquals {
			sub, qs := cp.createBitmapSubplan(rel, q)
			bo.Bitmapplans = append(bo.Bitmapplans, sub)
			if len(qs) == 1 {
				arms = append(arms, qs[0])
			} else {
				arms = append(arms, &nodes.BoolExpr{Op: nodes.AndExpr, Args: qs})
			}
		}
		bo.StartupCost, bo.TotalCost = x.TotalCost, x.TotalCost
		bo.PlanRows = cost.ClampRowEst(x.BitmapSelectivity * rel.Tuples)
		return bo, []nodes.Expr{&nodes.BoolExpr{Op: nodes.OrExpr, Args: arms}}
	}
	return nil, nil
}

// nestParams lists the outer columns a parameterized inner scan reads: those
// its join clauses compare with (PG: create_nestloop_plan's nestParams).
// innerRelids are the relations the inner scan reads itself.
func nestParams(param *pathnodes.ParamInfo, innerRelids []int, outer built) ([]plannodes.NestParam, error) {
	var out []plannodes.NestParam
	seen := map[[2]int]bool{}
	var ferr error
	for _, c := range param.Clauses {
		nodes.Walk(c, func(n nodes.Expr) bool {
			v, ok := n.(*nodes.Var)
			if !ok || v.LevelsUp != 0 || slices.Contains(innerRelids, v.VarNo) || seen[[2]int{v.VarNo, v.AttNo}] {
				return true
			}
			seen[[2]int{v.VarNo, v.AttNo}] = true
			col := findTle(outer.logical, v)
			if col < 0 {
				ferr = pgerror.Internal("outer column %s of a parameterized scan is not produced", v.Name)
				return false
			}
			out = append(out, plannodes.NestParam{VarNo: v.VarNo, AttNo: v.AttNo, OuterCol: col})
			return true
		})
	}
	return out, ferr
}
