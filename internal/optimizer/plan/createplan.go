// createplan.go converts the chosen path into a plan tree (PG: createplan.c)
// and resolves references the way setrefs.c does: scans keep Vars of their
// table; every upper node refers to its children's output columns by
// position (OUTER_VAR for the outer or only child, INNER_VAR for a join's
// inner child). Plan nodes are numbered in preorder at the end.

package plan

import (
	"maps"
	"slices"
	"sort"

	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/catalog"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/optimizer/cost"
	"github.com/loomdb/loomdb/internal/optimizer/pathnodes"
	"github.com/loomdb/loomdb/internal/optimizer/util"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/plannodes"
	"github.com/loomdb/loomdb/internal/types"
)

type createPlanContext struct {
	root  *pathnodes.PlannerInfo
	q     *nodes.Query
	tlist []*nodes.TargetEntry
	// valuesRows are an INSERT's VALUES rows after constant folding.
	valuesRows [][]nodes.Expr
	valuesRTI  int
	// outerParams are the executor Params that the parameterized scans
	// made so far read and that no Nested Loop sets yet (PG:
	// curOuterParams).
	outerParams []pathnodes.PlanParam
}

// built is a plan with its logical target list: the expressions its output
// columns compute, in terms of base-table Vars, used to resolve the
// references of the node above.
type built struct {
	plan    plannodes.Plan
	logical []*nodes.TargetEntry
}

func (cp *createPlanContext) createPlan(best pathnodes.Path) (plannodes.Plan, error) {
	b, err := cp.create(best)
	if err != nil {
		return nil, err
	}
	if len(cp.outerParams) > 0 {
		return nil, pgerror.Internal("no nested loop supplies the LATERAL reference to %s", cp.outerParams[0].Var.Name)
	}
	// Node IDs are unique across the statement, SubPlans included.
	glob := cp.root.Glob
	var number func(p plannodes.Plan)
	number = func(p plannodes.Plan) {
		p.PlanHeader().PlanNodeID = glob.LastPlanNodeID
		glob.LastPlanNodeID++
		for _, c := range plannodes.Children(p) {
			number(c)
		}
	}
	number(b.plan)
	plannodes.SetExtParams(b.plan)
	// The level's InitPlans are computed in the leader: a Gather below
	// passes their results to its workers.
	var initParams map[int]bool
	for _, id := range cp.root.InitPlanParams() {
		if initParams == nil {
			initParams = map[int]bool{}
		}
		initParams[id] = true
	}
	markParallelSafe(b.plan, initParams, glob.ScanParams)
	setGatherInitParams(b.plan, initParams, glob.Subplans)
	return b.plan, nil
}

// setGatherInitParams adds to each Gather and Gather Merge in p the
// InitPlan results of initParams that its subplan reads, which it computes
// before starting its workers (PG: set_param_references). subplans are the
// statement's SubPlan plans so far.
func setGatherInitParams(p plannodes.Plan, initParams map[int]bool, subplans []plannodes.Plan) {
	if len(initParams) == 0 {
		return
	}
	var walk func(p plannodes.Plan)
	walk = func(p plannodes.Plan) {
		if p == nil {
			return
		}
		var into *[]int
		switch g := p.(type) {
		case *plannodes.Gather:
			into = &g.InitParam
		case *plannodes.GatherMerge:
			into = &g.InitParam
		}
		if into != nil {
			for id := range readParams(p.PlanHeader().Lefttree, subplans) {
				if initParams[id] && !slices.Contains(*into, id) {
					*into = append(*into, id)
				}
			}
			slices.Sort(*into)
		}
		for _, c := range plannodes.Children(p) {
			walk(c)
		}
	}
	walk(p)
}

// readParams returns the executor Params the expressions of p and the
// nodes below it read, those of the SubPlans they run (a parallel-safe
// one runs in the worker) included.
func readParams(p plannodes.Plan, subplans []plannodes.Plan) map[int]bool {
	ids := map[int]bool{}
	seen := map[int]bool{}
	var walk func(p plannodes.Plan)
	walk = func(p plannodes.Plan) {
		if p == nil {
			return
		}
		plannodes.WalkExprs(p, func(e nodes.Expr) {
			nodes.Walk(e, func(n nodes.Expr) bool {
				switch x := n.(type) {
				case *nodes.Param:
					if x.Kind == nodes.ParamExec {
						ids[x.ID] = true
					}
				case *nodes.SubPlan:
					if id := x.PlanID; id >= 1 && id <= len(subplans) && !seen[id] {
						seen[id] = true
						walk(subplans[id-1])
					}
				}
				return true
			})
		})
		for _, c := range plannodes.Children(p) {
			walk(c)
		}
	}
	walk(p)
	return ids
}

// markParallelSafe sets ParallelSafe on p and every node below it: a node
// may run in a parallel worker when its own expressions are parallel-safe,
// it has no InitPlans, and so may everything below it. Gather, Gather
// Merge and ModifyTable never may. setParams are the executor Params that
// Nested Loops above p set for it; those among scanParams (a function's
// or VALUES list's LATERAL references) do not hinder parallelism, as the
// loop runs in the same participant.
func markParallelSafe(p plannodes.Plan, setParams, scanParams map[int]bool) bool {
	safe := true
	innerParams := setParams
	if nl, ok := p.(*plannodes.NestLoop); ok {
		var added map[int]bool
		for _, np := range nl.NestParams {
			if !np.Exec || !scanParams[np.ParamID] {
				continue
			}
			if added == nil {
				added = maps.Clone(setParams)
				if added == nil {
					added = map[int]bool{}
				}
			}
			added[np.ParamID] = true
		}
		if added != nil {
			innerParams = added
		}
	}
	for _, c := range plannodes.Children(p) {
		params := setParams
		if c == p.PlanHeader().Righttree {
			params = innerParams
		}
		if !markParallelSafe(c, params, scanParams) {
			safe = false
		}
	}
	h := p.PlanHeader()
	switch p.(type) {
	case *plannodes.Gather, *plannodes.GatherMerge, *plannodes.ModifyTable:
		safe = false
	case *plannodes.CteScan, *plannodes.WorkTableScan:
		// Their rows live in the leader's executor state.
		safe = false
	}
	if len(h.InitPlan) > 0 {
		safe = false
	}
	if safe {
		plannodes.WalkExprs(p, func(e nodes.Expr) {
			if safe && e != nil && !util.IsParallelSafe(withoutParams(e, setParams)) {
				safe = false
			}
		})
	}
	h.ParallelSafe = safe
	return safe
}

// withoutParams returns e with the executor Params of set replaced by
// NULL constants of their type, for a parallel-safety test that should
// not count them.
func withoutParams(e nodes.Expr, set map[int]bool) nodes.Expr {
	if len(set) == 0 {
		return e
	}
	return nodes.Mutate(e, func(n nodes.Expr) (nodes.Expr, bool) {
		if prm, ok := n.(*nodes.Param); ok && prm.Kind == nodes.ParamExec && set[prm.ID] {
			return &nodes.Const{Type: prm.Type, Location: -1}, true
		}
		return nil, false
	})
}

func setCosts(h *plannodes.Header, b *pathnodes.Base) {
	h.StartupCost = b.StartupCost
	h.TotalCost = b.TotalCost
	h.PlanRows = b.Rows
	h.PlanWidth = b.Width
	h.ParallelAware = b.ParallelAware
}

func (cp *createPlanContext) create(p pathnodes.Path) (built, error) {
	switch x := p.(type) {
	case *pathnodes.SeqScanPath:
		return cp.createSeqScan(&x.Base)
	case *pathnodes.SampleScanPath:
		return cp.createSampleScan(x)
	case *pathnodes.IndexPath:
		return cp.createIndexScan(x)
	case *pathnodes.BitmapHeapPath:
		return cp.createBitmapHeapScan(x)
	case *pathnodes.ResultPath:
		r := &plannodes.Result{}
		setCosts(&r.Header, &x.Base)
		r.TargetList = x.Target
		r.ResConstantQual = x.Quals
		return built{r, x.Target}, nil
	case *pathnodes.ValuesScanPath:
		rti, rows := cp.valuesRTI, cp.valuesRows
		if x.Values != nil {
			rti, rows = x.Parent.Relid, x.Values
		}
		if x.Param != nil {
			// LATERAL references read the outer row through Params.
			lat := make([][]nodes.Expr, len(rows))
			for i, r := range rows {
				lat[i] = make([]nodes.Expr, len(r))
				for j, e := range r {
					lat[i][j] = cp.replaceNestLoopVars(e, rti)
				}
			}
			rows = lat
		}
		values := cp.q.RangeTable[rti-1]
		vs := &plannodes.ValuesScan{ScanRelID: rti, Values: rows, ColTypes: values.ColTypes}
		setCosts(&vs.Header, &x.Base)
		vs.TargetList = x.Target
		vs.Qual = orderQualClauses(&cp.root.Costs, x.Quals)
		return built{vs, x.Target}, nil
	case *pathnodes.FunctionScanPath:
		rti := x.Parent.Relid
		rte := cp.q.RangeTable[rti-1]
		call := x.Call
		if x.Param != nil {
			// LATERAL references read the outer row through Params.
			call = cp.replaceNestLoopVars(call, rti).(*nodes.FuncExpr)
		}
		fs := &plannodes.FunctionScan{ScanRelID: rti, Call: call, Ordinality: rte.Ordinality, ColTypes: rte.ColTypes, Alias: rte.Alias}
		setCosts(&fs.Header, &x.Base)
		fs.TargetList = x.Target
		fs.Qual = orderQualClauses(&cp.root.Costs, x.Quals)
		return built{fs, x.Target}, nil
	case *pathnodes.CteScanPath, *pathnodes.WorkTableScanPath:
		return cp.createCteScan(p)
	case *pathnodes.AggPath:
		return cp.createAgg(x)
	case *pathnodes.WindowAggPath:
		return cp.createWindowAgg(x)
	case *pathnodes.SortPath:
		child, err := cp.create(x.Subpath)
		if err != nil {
			return built{}, err
		}
		keys := make([]nodes.Expr, len(x.Pathkeys))
		for i, k := range x.Pathkeys {
			keys[i] = k.Expr
		}
		child = withExprs(child, keys)
		s := &plannodes.Sort{}
		setCosts(&s.Header, &x.Base)
		s.Lefttree = child.plan
		s.TargetList = passThrough(child)
		for _, k := range x.Pathkeys {
			idx := findTle(child.logical, k.Expr)
			if idx < 0 {
				return built{}, pgerror.Internal("sort key not found in input target list")
			}
			s.SortColIdx = append(s.SortColIdx, idx+1)
			s.Descending = append(s.Descending, k.Descending)
			s.NullsFirst = append(s.NullsFirst, k.NullsFirst)
		}
		return built{s, child.logical}, nil
	case *pathnodes.ProjectSetPath:
		child, err := cp.create(x.Subpath)
		if err != nil {
			return built{}, err
		}
		return cp.createProjectSet(x, child)
	case *pathnodes.LimitPath:
		child, err := cp.create(x.Subpath)
		if err != nil {
			return built{}, err
		}
		l := &plannodes.Limit{LimitOffset: x.LimitOffset, LimitCount: x.LimitCount, WithTies: len(x.TiesKeys) > 0}
		for _, k := range x.TiesKeys {
			idx := findTle(child.logical, k)
			if idx < 0 {
				return built{}, pgerror.Internal("WITH TIES key not found in input target list")
			}
			l.TiesColIdx = append(l.TiesColIdx, idx+1)
		}
		setCosts(&l.Header, &x.Base)
		l.Lefttree = child.plan
		l.TargetList = passThrough(child)
		return built{l, child.logical}, nil
	case *pathnodes.UniquePath:
		child, err := cp.create(x.Subpath)
		if err != nil {
			return built{}, err
		}
		u := &plannodes.Unique{}
		setCosts(&u.Header, &x.Base)
		u.Lefttree = child.plan
		u.TargetList = passThrough(child)
		for _, k := range x.Pathkeys[:x.NumKeys] {
			idx := findTle(child.logical, k.Expr)
			if idx < 0 {
				return built{}, pgerror.Internal("DISTINCT key not found in input target list")
			}
			u.UniqColIdx = append(u.UniqColIdx, idx+1)
		}
		return built{u, child.logical}, nil
	case *pathnodes.MaterialPath:
		child, err := cp.create(x.Subpath)
		if err != nil {
			return built{}, err
		}
		m := &plannodes.Material{}
		setCosts(&m.Header, &x.Base)
		m.Lefttree = child.plan
		m.TargetList = passThrough(child)
		return built{m, child.logical}, nil
	case *pathnodes.MemoizePath:
		child, err := cp.create(x.Subpath)
		if err != nil {
			return built{}, err
		}
		keys := x.ParamExprs
		if x.NumLateral > 0 {
			// Keys read by LATERAL references are the Params the scan
			// below reads them through.
			keys = append([]nodes.Expr(nil), keys...)
			for i := len(keys) - x.NumLateral; i < len(keys); i++ {
				keys[i] = cp.replaceNestLoopVars(keys[i], 0)
			}
		}
		m := &plannodes.Memoize{ParamExprs: keys, BinaryMode: x.BinaryMode, SingleRow: x.SingleRow, EstEntries: x.EstEntries}
		setCosts(&m.Header, &x.Base)
		m.Lefttree = child.plan
		m.TargetList = passThrough(child)
		return built{m, child.logical}, nil
	case *pathnodes.NestPath:
		outer, inner, err := cp.createChildren(&x.JoinBase)
		if err != nil {
			return built{}, err
		}
		nl := &plannodes.NestLoop{}
		cp.fillJoin(&nl.Join, &x.JoinBase, outer, inner, x.JoinRestrict)
		if param := x.Inner.PathBase().Param; param != nil {
			params, err := nestParams(param, x.Inner.PathBase().Parent.Relids, outer)
			if err != nil {
				return built{}, err
			}
			nl.NestParams = params
		}
		lateral, err := cp.lateralNestParams(pathRelids(x.Outer), outer)
		if err != nil {
			return built{}, err
		}
		nl.NestParams = append(nl.NestParams, lateral...)
		return built{nl, x.Target}, nil
	case *pathnodes.HashPath:
		outer, inner, err := cp.createChildren(&x.JoinBase)
		if err != nil {
			return built{}, err
		}
		var others []nodes.Expr
		for _, c := range x.JoinRestrict {
			if !util.EqualityIn(c, x.HashClauses) {
				others = append(others, c)
			}
		}
		hj := &plannodes.HashJoin{}
		cp.fillJoin(&hj.Join, &x.JoinBase, outer, inner, others)
		h := &plannodes.Hash{RowsTotal: x.InnerRowsTotal}
		ib := x.Inner.PathBase()
		h.StartupCost, h.TotalCost, h.PlanRows, h.PlanWidth = ib.TotalCost, ib.TotalCost, ib.Rows, ib.Width
		h.ParallelAware = x.ParallelAware
		h.Lefttree = inner.plan
		h.TargetList = passThrough(inner)
		for _, c := range x.HashClauses {
			op := c.(*nodes.OpExpr)
			hj.HashClauses = append(hj.HashClauses, joinRefs(c, outer.logical, inner.logical))
			hj.OuterHashKeys = append(hj.OuterHashKeys, outerRefs(op.Args[0], outer.logical))
			h.HashKeys = append(h.HashKeys, outerRefs(op.Args[1], inner.logical))
		}
		hj.Righttree = h
		return built{hj, x.Target}, nil
	case *pathnodes.MergePath:
		return cp.createMergeJoin(x)
	case *pathnodes.GatherPath:
		child, err := cp.create(x.Subpath)
		if err != nil {
			return built{}, err
		}
		g := &plannodes.Gather{NumWorkers: x.NumWorkers, SingleCopy: x.SingleCopy}
		setCosts(&g.Header, &x.Base)
		g.Lefttree = child.plan
		g.TargetList = passThrough(child)
		return built{g, child.logical}, nil
	case *pathnodes.GatherMergePath:
		if !pathnodes.PathkeysContained(x.Pathkeys, x.Subpath.PathBase().Pathkeys) {
			return built{}, pgerror.Internal("gather merge input not sufficiently sorted")
		}
		child, err := cp.create(x.Subpath)
		if err != nil {
			return built{}, err
		}
		gm := &plannodes.GatherMerge{NumWorkers: x.NumWorkers}
		setCosts(&gm.Header, &x.Base)
		gm.Lefttree = child.plan
		gm.TargetList = passThrough(child)
		for _, k := range x.Pathkeys {
			idx := findTle(child.logical, k.Expr)
			if idx < 0 {
				return built{}, pgerror.Internal("gather merge key not found in input target list")
			}
			gm.SortColIdx = append(gm.SortColIdx, idx+1)
			gm.Descending = append(gm.Descending, k.Descending)
			gm.NullsFirst = append(gm.NullsFirst, k.NullsFirst)
		}
		return built{gm, child.logical}, nil
	case *pathnodes.PlannedPath:
		return built{x.Plan, x.Target}, nil
	case *pathnodes.SubqueryScanPath:
		cp.outerParams = append(cp.outerParams, x.Params...)
		return cp.createSubqueryScan(x)
	case *pathnodes.AppendPath:
		a := &plannodes.Append{}
		setCosts(&a.Header, &x.Base)
		for _, sp := range x.Subpaths {
			child, err := cp.create(sp)
			if err != nil {
				return built{}, err
			}
			a.Appendplans = append(a.Appendplans, child.plan)
		}
		first := built{a.Appendplans[0], x.Target}
		a.TargetList = passThrough(first)
		for i, te := range a.TargetList {
			// The columns take the path's names (a set operation's are
			// its leftmost query's), not those of whichever input
			// comes first.
			if i < len(x.Target) {
				te.Name = x.Target[i].Name
			}
		}
		// Lefttree mirrors the first child so that expressions above the
		// Append deparse through it, as PG's EXPLAIN does.
		a.Lefttree = a.Appendplans[0]
		return built{a, x.Target}, nil
	case *pathnodes.ModifyTablePath:
		child, err := cp.create(x.Subpath)
		if err != nil {
			return built{}, err
		}
		rte := cp.q.RangeTable[cp.q.ResultRelation-1]
		mt := &plannodes.ModifyTable{Operation: cp.q.CommandType, RelOid: rte.RelOid, RelName: rte.RelName, Alias: rte.Alias, Schema: rte.Schema,
			ResultRelation: cp.q.ResultRelation, InsertColumns: identity(len(cp.tlist)),
			CtidColumn: -1, Returning: cp.q.Returning, Checks: cp.q.Checks, RIKeys: cp.q.RIKeys, OnConflict: cp.q.OnConflict, WithCheckOptions: cp.q.WithCheckOptions}
		mt.TargetList = cp.q.Returning
		setCosts(&mt.Header, &x.Base)
		mt.Lefttree = child.plan
		return built{mt, nil}, nil
	}
	return built{}, pgerror.Internal("createplan: unexpected path type %T", p)
}

func (cp *createPlanContext) createChildren(j *pathnodes.JoinBase) (built, built, error) {
	outer, err := cp.create(j.Outer)
	if err != nil {
		return built{}, built{}, err
	}
	inner, err := cp.create(j.Inner)
	if err != nil {
		return built{}, built{}, err
	}
	return outer, inner, nil
}

var joinTypes = map[pathnodes.JoinType]plannodes.JoinType{
	pathnodes.JoinInner: plannodes.JoinInner, pathnodes.JoinLeft: plannodes.JoinLeft, pathnodes.JoinFull: plannodes.JoinFull,
	pathnodes.JoinRight: plannodes.JoinRight, pathnodes.JoinSemi: plannodes.JoinSemi, pathnodes.JoinAnti: plannodes.JoinAnti,
}

func (cp *createPlanContext) fillJoin(j *plannodes.Join, p *pathnodes.JoinBase, outer, inner built, joinQual []nodes.Expr) {
	setCosts(&j.Header, &p.Base)
	j.JoinType = joinTypes[p.JoinType]
	j.InnerUnique = p.InnerUnique
	j.Lefttree = outer.plan
	for _, q := range orderQualClauses(&cp.root.Costs, joinQual) {
		j.JoinQual = append(j.JoinQual, joinRefs(q, outer.logical, inner.logical))
	}
	for _, q := range orderQualClauses(&cp.root.Costs, p.Filter) {
		j.Qual = append(j.Qual, joinRefs(q, outer.logical, inner.logical))
	}
	for _, te := range p.Target {
		c := *te
		c.Expr = joinRefs(te.Expr, outer.logical, inner.logical)
		j.TargetList = append(j.TargetList, &c)
	}
	if j.Righttree == nil {
		j.Righttree = inner.plan
	}
}

func (cp *createPlanContext) createAgg(x *pathnodes.AggPath) (built, error) {
	child, err := cp.create(x.Subpath)
	if err != nil {
		return built{}, err
	}
	strategy := map[pathnodes.AggStrategy]plannodes.AggStrategy{pathnodes.AggPlain: plannodes.AggPlain, pathnodes.AggSorted: plannodes.AggSorted, pathnodes.AggHashed: plannodes.AggHashed, pathnodes.AggMixed: plannodes.AggMixed}[x.Strategy]
	target := x.Target
	if target == nil {
		target = cp.tlist
	}
	if len(x.Rollups) == 0 {
		child = withExprs(child, x.GroupKeys)
	}
	agg := &plannodes.Agg{Strategy: strategy, Split: x.Split, NumGroups: x.NumGroups}
	setCosts(&agg.Header, &x.Base)
	agg.Lefttree = child.plan
	colIdx := func(keys []nodes.Expr) ([]int, error) {
		var out []int
		for _, g := range keys {
			idx := findTle(child.logical, g)
			if idx < 0 {
				return nil, pgerror.Internal("grouping key not found in input target list")
			}
			out = append(out, idx+1)
		}
		return out, nil
	}
	if len(x.Rollups) == 0 {
		if agg.GrpColIdx, err = colIdx(x.GroupKeys); err != nil {
			return built{}, err
		}
	}
	for _, r := range x.Rollups {
		cols, err := colIdx(r.GroupKeys)
		if err != nil {
			return built{}, err
		}
		ar := plannodes.AggRollup{Hashed: r.Hashed, GrpColIdx: cols, GrpRefs: r.GroupRefs, NumGroups: r.NumGroups}
		for _, set := range r.Sets {
			ar.SetLens = append(ar.SetLens, len(set))
		}
		agg.Rollups = append(agg.Rollups, ar)
	}
	if len(x.Rollups) > 0 && strategy != plannodes.AggHashed {
		for _, r := range agg.Rollups {
			if !r.Hashed {
				agg.GrpColIdx = r.GrpColIdx
				break
			}
		}
	}
	collect := func(e nodes.Expr) {
		nodes.Walk(e, func(n nodes.Expr) bool {
			switch a := n.(type) {
			case *nodes.Aggref:
				agg.Aggs = append(agg.Aggs, a)
				return false
			case *nodes.GroupingFunc:
				agg.GroupingFuncs = append(agg.GroupingFuncs, a)
				return false
			}
			return true
		})
	}
	refs := func(e nodes.Expr) (nodes.Expr, error) {
		switch x.Split {
		case nodes.AggSplitInitialSerial:
			e = markPartialAggrefs(e, child.logical)
		case nodes.AggSplitFinalDeserial:
			var err error
			if e, err = combiningAggrefs(e, child.logical); err != nil {
				return nil, err
			}
		}
		return outerRefs(e, child.logical), nil
	}
	for _, te := range target {
		c := *te
		r, err := refs(te.Expr)
		if err != nil {
			return built{}, err
		}
		c.Expr = r
		agg.TargetList = append(agg.TargetList, &c)
		collect(c.Expr)
	}
	for _, h := range x.Having {
		r, err := refs(h)
		if err != nil {
			return built{}, err
		}
		agg.Qual = append(agg.Qual, r)
		collect(r)
	}
	if strategy == plannodes.AggHashed || strategy == plannodes.AggMixed {
		// The executor sizes its groups as the planner costed them.
		ac := util.GetAggClauseCostsSplit(&cp.root.Costs, agg.Aggs, x.Split)
		agg.NumTrans, agg.TransitionSpace = ac.NumTrans, ac.TransitionSpace
	}
	if x.Strategy == pathnodes.AggSorted && len(x.Aggs) == 0 && len(agg.Aggs) == 0 && len(x.Rollups) == 0 && len(agg.GroupingFuncs) == 0 {
		// Sorted grouping without aggregates (PG: create_group_plan).
		g := &plannodes.Group{GrpColIdx: agg.GrpColIdx}
		g.Header = agg.Header
		return built{g, target}, nil
	}
	return built{agg, target}, nil
}

// markPartialAggrefs turns the aggregates of a Partial Aggregate's target
// into partial ones, which output their transition state (type internal)
// (PG: mark_partial_aggref); their arguments refer to the input.
func markPartialAggrefs(e nodes.Expr, input []*nodes.TargetEntry) nodes.Expr {
	return nodes.Mutate(e, func(n nodes.Expr) (nodes.Expr, bool) {
		a, ok := n.(*nodes.Aggref)
		if !ok {
			return nil, false
		}
		exprs := a.AggExprs()
		refs := make([]nodes.Expr, len(exprs))
		for i, e := range exprs {
			refs[i] = outerRefs(e, input)
		}
		c := a.WithAggExprs(refs)
		c.Split = nodes.AggSplitInitialSerial
		c.ResultType = types.T{Oid: types.InternalOid, Typmod: -1}
		return c, true
	})
}

// combiningAggrefs turns the aggregates of a Finalize Aggregate into
// combining ones whose one argument is the input column carrying the
// partial state (PG: convert_combining_aggrefs and fix_upper_expr).
func combiningAggrefs(e nodes.Expr, input []*nodes.TargetEntry) (nodes.Expr, error) {
	var missing bool
	out := nodes.Mutate(e, func(n nodes.Expr) (nodes.Expr, bool) {
		a, ok := n.(*nodes.Aggref)
		if !ok {
			return nil, false
		}
		idx := findTle(input, a)
		if idx < 0 {
			missing = true
			return nil, false
		}
		c := *a
		c.Split = nodes.AggSplitFinalDeserial
		c.AggFilter, c.AggOrder = nil, nil
		c.Args = []nodes.Expr{&nodes.Var{VarNo: nodes.OuterVar, AttNo: idx + 1, Type: types.T{Oid: types.InternalOid, Typmod: -1}, Name: input[idx].Name, Location: -1}}
		return &c, true
	})
	if missing {
		return nil, pgerror.Internal("partial aggregate not found in the input of a Finalize Aggregate")
	}
	return out, nil
}

// identity maps each table column to the input column at the same position.
func identity(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// createSampleScan builds a Sample Scan: a Seq Scan's columns, quals and
// target list, with the relation's TABLESAMPLE clause.
func (cp *createPlanContext) createSampleScan(x *pathnodes.SampleScanPath) (built, error) {
	b, err := cp.createSeqScan(&x.Base)
	if err != nil {
		return built{}, err
	}
	s := &plannodes.SampleScan{SeqScan: *b.plan.(*plannodes.SeqScan), TableSample: cp.q.RangeTable[x.Parent.Relid-1].TableSample}
	return built{s, s.TargetList}, nil
}

// createSeqScan builds a Seq Scan of the relation path x scans.
func (cp *createPlanContext) createSeqScan(x *pathnodes.Base) (built, error) {
	rel := x.Parent
	rte := cp.q.RangeTable[rel.Relid-1]
	s := &plannodes.SeqScan{ScanRelID: rel.Relid, RelOid: rte.RelOid, RelName: rte.RelName, Alias: rte.Alias, Schema: rte.Schema}
	setCosts(&s.Header, x)
	s.Qual = orderQualClauses(&cp.root.Costs, rel.BaseRestrictInfo)
	var needed []int
	if x.Target == nil {
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
		needed = neededAttrs(cp.tlist, append(append([]nodes.Expr(nil), rel.BaseRestrictInfo...), havingOf(cp.q)...), rel.Relid)
		if len(needed) > 0 && needed[0] == table.SelfItemPointerAttributeNumber || slices.ContainsFunc(rel.Rel.Columns, func(c catalog.Column) bool { return c.Dropped }) {
			// A physical target list has no system columns and no
			// dropped columns' places (PG: use_physical_tlist): the scan
			// returns what is needed.
			s.TargetList = nil
			for _, a := range needed {
				v := attrVar(rel, rte, a)
				s.TargetList = append(s.TargetList, &nodes.TargetEntry{Expr: v, ResNo: len(s.TargetList) + 1, Name: v.Name})
			}
		}
	} else {
		s.TargetList = x.Target
		needed = neededAttrs(x.Target, rel.BaseRestrictInfo, rel.Relid)
	}
	for _, a := range needed {
		s.Cols = append(s.Cols, a-1)
	}
	return built{s, s.TargetList}, nil
}

func havingOf(q *nodes.Query) []nodes.Expr {
	if q.HavingQual == nil {
		return nil
	}
	return []nodes.Expr{q.HavingQual}
}

// passThrough returns a target list that forwards every column of child.
func passThrough(child built) []*nodes.TargetEntry {
	ctl := child.plan.PlanHeader().TargetList
	out := make([]*nodes.TargetEntry, len(ctl))
	for i, te := range ctl {
		c := *te
		c.Expr = &nodes.Var{VarNo: nodes.OuterVar, AttNo: i + 1, Type: te.Expr.ExprType(), Name: te.Name, Location: -1}
		out[i] = &c
	}
	return out
}

// findTle returns the position of e in tl, ignoring parse locations.
func findTle(tl []*nodes.TargetEntry, e nodes.Expr) int {
	for i, te := range tl {
		if nodes.Equal(te.Expr, e) {
			return i
		}
	}
	return -1
}

// withExprs returns child computing exprs too: grouping or sort keys that
// are expressions over its columns, as a semi join made unique on
// u.id + 100 needs (PG: create_unique_plan's projected input). A scan
// computes them in its own target list; any other node gets a Result
// above it.
func withExprs(child built, exprs []nodes.Expr) built {
	var missing []nodes.Expr
	for _, e := range exprs {
		if findTle(child.logical, e) < 0 && !slices.ContainsFunc(missing, func(m nodes.Expr) bool { return nodes.Equal(m, e) }) {
			missing = append(missing, e)
		}
	}
	if len(missing) == 0 {
		return child
	}
	logical := slices.Clone(child.logical)
	for _, e := range missing {
		logical = append(logical, &nodes.TargetEntry{Expr: e, ResNo: len(logical) + 1, Name: "?column?"})
	}
	h := child.plan.PlanHeader()
	switch child.plan.(type) {
	case *plannodes.SeqScan, *plannodes.IndexScan, *plannodes.BitmapHeapScan:
		// A scan's target list is over its table's columns, as the
		// logical one is.
		if len(h.TargetList) == len(child.logical) {
			for _, e := range missing {
				h.TargetList = append(h.TargetList, &nodes.TargetEntry{Expr: e, ResNo: len(h.TargetList) + 1, Name: "?column?"})
			}
			return built{child.plan, logical}
		}
	}
	r := &plannodes.Result{}
	r.Header.StartupCost, r.Header.TotalCost, r.Header.PlanRows, r.Header.PlanWidth = h.StartupCost, h.TotalCost, h.PlanRows, h.PlanWidth
	r.Lefttree = child.plan
	for _, te := range logical {
		c := *te
		c.Expr = outerRefs(te.Expr, child.logical)
		r.TargetList = append(r.TargetList, &c)
	}
	return built{r, logical}
}

// outerRefs rewrites e so that sub-expressions the child computes (its
// logical target list) become OUTER_VAR references (PG: fix_upper_expr).
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

// joinRefs rewrites e for a join node: what the outer child computes
// becomes OUTER_VAR, what the inner child computes INNER_VAR (PG:
// fix_join_expr).
func joinRefs(e nodes.Expr, outer, inner []*nodes.TargetEntry) nodes.Expr {
	return nodes.Mutate(e, func(n nodes.Expr) (nodes.Expr, bool) {
		if i := findTle(outer, n); i >= 0 {
			return &nodes.Var{VarNo: nodes.OuterVar, AttNo: i + 1, Type: n.ExprType(), Name: outer[i].Name, Location: -1}, true
		}
		if i := findTle(inner, n); i >= 0 {
			return &nodes.Var{VarNo: nodes.InnerVar, AttNo: i + 1, Type: n.ExprType(), Name: inner[i].Name, Location: -1}, true
		}
		return nil, false
	})
}

// orderQualClauses sorts quals by evaluation cost, cheapest first, keeping
// the original order among equals (PG: order_qual_clauses).
func orderQualClauses(p *pathnodes.CostParams, quals []nodes.Expr) []nodes.Expr {
	out := append([]nodes.Expr(nil), quals...)
	costs := make([]float64, len(out))
	idx := make([]int, len(out))
	for i, q := range out {
		costs[i] = cost.EvalCost(p, q).PerTuple
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return costs[idx[a]] < costs[idx[b]] })
	sorted := make([]nodes.Expr, len(out))
	for i, j := range idx {
		sorted[i] = out[j]
	}
	return sorted
}

func (cp *createPlanContext) createMergeJoin(x *pathnodes.MergePath) (built, error) {
	outer, inner, err := cp.createChildren(&x.JoinBase)
	if err != nil {
		return built{}, err
	}
	sortOn := func(child built, keys []pathnodes.PathKey, base *pathnodes.Base) (built, error) {
		s := &plannodes.Sort{}
		var sb pathnodes.Base
		cost.CostSort(&cp.root.Costs, &sb, base.StartupCost, base.TotalCost, base.Rows, base.Width, -1)
		sb.Width = base.Width
		setCosts(&s.Header, &sb)
		s.Lefttree = child.plan
		s.TargetList = passThrough(child)
		for _, k := range keys {
			idx := findTle(child.logical, k.Expr)
			if idx < 0 {
				// An expression key: a scan computes it as an extra column
				// (PG: prepare_sort_from_pathkeys adding a resjunk entry).
				var h *plannodes.Header
				switch scan := child.plan.(type) {
				case *plannodes.SeqScan:
					h = &scan.Header
				case *plannodes.SampleScan:
					h = &scan.Header
				case *plannodes.IndexScan:
					h = &scan.Header
				case *plannodes.IndexOnlyScan:
					h = &scan.Header
				case *plannodes.CteScan:
					h = &scan.Header
				case *plannodes.WorkTableScan:
					h = &scan.Header
				default:
					return built{}, pgerror.Unsupported("merge join on an expression computed above a %s", plannodes.NodeName(child.plan))
				}
				tl := append(append([]*nodes.TargetEntry(nil), h.TargetList...), &nodes.TargetEntry{Expr: k.Expr, ResNo: len(h.TargetList) + 1, Name: "?column?", ResJunk: true})
				h.TargetList = tl
				child = built{child.plan, tl}
				s.TargetList = passThrough(child)
				idx = len(tl) - 1
			}
			s.SortColIdx = append(s.SortColIdx, idx+1)
			s.Descending = append(s.Descending, k.Descending)
			s.NullsFirst = append(s.NullsFirst, k.NullsFirst)
		}
		return built{s, child.logical}, nil
	}
	if x.SortOuter {
		if outer, err = sortOn(outer, x.OuterKeys, x.Outer.PathBase()); err != nil {
			return built{}, err
		}
	}
	if x.SortInner {
		if inner, err = sortOn(inner, x.InnerKeys, x.Inner.PathBase()); err != nil {
			return built{}, err
		}
	}
	if x.MaterializeInner {
		m := &plannodes.Material{}
		ib := inner.plan.PlanHeader()
		m.StartupCost, m.TotalCost, m.PlanRows, m.PlanWidth = ib.StartupCost, ib.TotalCost, ib.PlanRows, ib.PlanWidth
		m.Lefttree = inner.plan
		m.TargetList = passThrough(inner)
		inner = built{m, inner.logical}
	}
	var others []nodes.Expr
	for _, c := range x.JoinRestrict {
		if !util.EqualityIn(c, x.MergeClauses) {
			others = append(others, c)
		}
	}
	mj := &plannodes.MergeJoin{}
	cp.fillJoin(&mj.Join, &x.JoinBase, outer, inner, others)
	mj.Lefttree, mj.Righttree = outer.plan, inner.plan
	for i, c := range x.MergeClauses {
		mj.MergeClauses = append(mj.MergeClauses, joinRefs(c, outer.logical, inner.logical))
		mj.MergeDescending = append(mj.MergeDescending, x.OuterKeys[i].Descending)
		mj.MergeNullsFirst = append(mj.MergeNullsFirst, x.OuterKeys[i].NullsFirst)
	}
	return built{mj, x.Target}, nil
}

// createSubqueryScan scans a planned subquery, or returns its plan directly
// when the scan would neither filter nor project (PG: trivial_subqueryscan).
func (cp *createPlanContext) createSubqueryScan(x *pathnodes.SubqueryScanPath) (built, error) {
	rti := x.Parent.Relid
	rte := cp.q.RangeTable[rti-1]
	// A node above finds its columns by expression, but the query's own
	// output must come in its order: there each column must be the
	// subquery's column at the same position.
	top := len(x.Target) > 0 && len(cp.tlist) == len(x.Target) && x.Target[0] == cp.tlist[0]
	trivial := len(x.Quals) == 0
	for i, te := range x.Target {
		if v, ok := te.Expr.(*nodes.Var); !ok || v.VarNo != rti || top && v.AttNo != i+1 {
			trivial = false
		}
	}
	if trivial {
		// With the physical target list (all the subquery's columns) and
		// no filter, the scan would copy rows unchanged: use the subplan.
		var logical []*nodes.TargetEntry
		for i, t := range rte.ColTypes {
			logical = append(logical, &nodes.TargetEntry{Expr: &nodes.Var{VarNo: rti, AttNo: i + 1, Type: t, Name: rte.ColNames[i], RelName: rte.Alias, Location: -1}, ResNo: i + 1, Name: rte.ColNames[i]})
		}
		return built{x.Subplan, logical}, nil
	}
	s := &plannodes.SubqueryScan{ScanRelID: rti, Alias: rte.Alias, Subplan: x.Subplan}
	setCosts(&s.Header, &x.Base)
	s.TargetList = x.Target
	s.Qual = orderQualClauses(&cp.root.Costs, x.Quals)
	return built{s, x.Target}, nil
}

// createProjectSet makes the plan of a ProjectSetPath. When the target
// list computes expressions over the functions' values, the ProjectSet
// returns the calls and the input columns those expressions read, and a
// Result above it computes the target list, as PG's two projection levels
// show in EXPLAIN (PG: split_pathtarget_at_srfs).
func (cp *createPlanContext) createProjectSet(x *pathnodes.ProjectSetPath, child built) (built, error) {
	isSRF := util.IsSetReturning
	// refs maps what an input computes (aggregates and window functions
	// included) to its columns.
	refs := func(e nodes.Expr, in []*nodes.TargetEntry) nodes.Expr {
		return nodes.Mutate(e, func(n nodes.Expr) (nodes.Expr, bool) {
			if i := findTle(in, n); i >= 0 {
				return &nodes.Var{VarNo: nodes.OuterVar, AttNo: i + 1, Type: n.ExprType(), Name: in[i].Name, Location: -1}, true
			}
			return nil, false
		})
	}
	ps := &plannodes.ProjectSet{}
	setCosts(&ps.Header, &x.Base)
	ps.Lefttree = child.plan
	nested := slices.ContainsFunc(x.Target, func(te *nodes.TargetEntry) bool {
		return !isSRF(te.Expr) && nodes.Contains(te.Expr, isSRF)
	})
	if !nested {
		for _, te := range x.Target {
			c := *te
			c.Expr = refs(te.Expr, child.logical)
			ps.TargetList = append(ps.TargetList, &c)
		}
		return built{ps, x.Target}, nil
	}
	// The calls first, then the input columns the rest reads.
	var mid []*nodes.TargetEntry
	add := func(e nodes.Expr) {
		if findTle(mid, e) < 0 {
			name := "?column?"
			switch x := e.(type) {
			case *nodes.FuncExpr:
				name = x.Name
			case *nodes.Var:
				name = x.Name
			}
			mid = append(mid, &nodes.TargetEntry{Expr: e, ResNo: len(mid) + 1, Name: name})
		}
	}
	for _, te := range x.Target {
		nodes.Walk(te.Expr, func(n nodes.Expr) bool {
			if isSRF(n) {
				add(n)
				return false
			}
			return true
		})
	}
	for _, te := range x.Target {
		nodes.Mutate(te.Expr, func(n nodes.Expr) (nodes.Expr, bool) {
			if isSRF(n) {
				return n, true
			}
			if findTle(child.logical, n) >= 0 {
				add(n)
				return n, true
			}
			return nil, false
		})
	}
	for _, te := range mid {
		c := *te
		c.Expr = refs(te.Expr, child.logical)
		ps.TargetList = append(ps.TargetList, &c)
	}
	r := &plannodes.Result{}
	setCosts(&r.Header, &x.Base)
	r.Lefttree = ps
	for _, te := range x.Target {
		c := *te
		c.Expr = refs(te.Expr, mid)
		r.TargetList = append(r.TargetList, &c)
	}
	return built{r, x.Target}, nil
}
