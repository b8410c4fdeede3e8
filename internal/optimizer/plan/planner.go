// Package plan is the optimizer's entry point and its last step: it drives
// path generation for a query (standard_planner, grouping_planner), then
// turns the cheapest path into an immutable plannodes tree (createplan) with
// upper-level column references resolved against child outputs (setrefs)
// (PG: optimizer/plan/planner.c, createplan.c, setrefs.c).
package plan

import (
	"slices"

	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/catalog"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/optimizer/pathnodes"
	"github.com/loomdb/loomdb/internal/optimizer/prep"
	"github.com/loomdb/loomdb/internal/optimizer/util"
	"github.com/loomdb/loomdb/internal/plannodes"
	"github.com/loomdb/loomdb/internal/types"
)

// Config is what the planner needs from its caller.
type Config struct {
	Costs pathnodes.CostParams
	// Relation returns the catalog entry of a table by OID.
	Relation func(oid types.Oid) (*catalog.Relation, error)
	// Sizer reports a table's current size in blocks.
	Sizer util.RelSizer
	// VisibilityKnown reports whether a table's visibility map holds what
	// VACUUM found (nil: relallvisible is trusted).
	VisibilityKnown util.VisibilityKnown
	// Stats loads a table's column statistics (nil: none).
	Stats util.StatsLoader
	// Indexes reports an index's size and height (nil: indexes are not used).
	Indexes util.IndexSizer
	// IndexRange reads an index's actual value range (nil: never).
	IndexRange util.IndexRange
	// IndexPredicate returns a partial index's predicate (nil: partial
	// indexes are not used).
	IndexPredicate util.IndexPredicate
}

// Planner plans an analyzed query (PG: standard_planner).
func Planner(q *nodes.Query, cfg *Config) (*plannodes.PlannedStmt, error) {
	glob := &pathnodes.PlannerGlobal{}
	// Parallel query needs a SELECT with nothing parallel-unsafe in it.
	glob.ParallelModeOK = q.CommandType == nodes.CmdSelect && cfg.Costs.MaxParallelWorkersPerGather > 0 &&
		util.QueryParallelHazard(q) != util.HazardUnsafe
	if q.Source != nil {
		return modifyPlanner(glob, q, cfg)
	}
	root, planTree, err := subqueryPlanner(glob, q, cfg, 0)
	if err != nil {
		return nil, err
	}
	if glob.ParallelModeOK && cfg.Costs.DebugParallelQuery != "off" && planTree.PlanHeader().ParallelSafe {
		planTree = forcedGather(&cfg.Costs, planTree, glob)
	}
	if mt, ok := planTree.(*plannodes.ModifyTable); ok {
		mt.CanSetTag = true
	}
	return &plannodes.PlannedStmt{CommandType: q.CommandType, PlanTree: planTree, RangeTable: root.FinalRangeTable,
		NumParams: q.NumParams, ParamTypes: q.ParamTypes, Subplans: glob.Subplans, ParamExecTypes: glob.ParamExecTypes,
		ParallelModeNeeded: containsGather(planTree), HasModifyingCTE: nodes.HasModifyingCTE(q)}, nil
}

// modifyPlanner plans INSERT ... SELECT, UPDATE and DELETE: the source
// query as a SELECT, under a ModifyTable that stores, updates or deletes
// the rows. PostgreSQL 15 plans no data-modifying statement in parallel,
// so neither their sources.
func modifyPlanner(glob *pathnodes.PlannerGlobal, q *nodes.Query, cfg *Config) (*plannodes.PlannedStmt, error) {
	root, mt, err := modifyLevel(glob, q, cfg)
	if err != nil {
		return nil, err
	}
	mt.CanSetTag = true
	return &plannodes.PlannedStmt{CommandType: q.CommandType, PlanTree: mt, RangeTable: root.FinalRangeTable,
		NumParams: q.NumParams, ParamTypes: q.ParamTypes, Subplans: glob.Subplans, ParamExecTypes: glob.ParamExecTypes,
		HasModifyingCTE: nodes.HasModifyingCTE(q)}, nil
}

// modifyLevel plans an INSERT ... SELECT, UPDATE or DELETE as one query
// level: the ModifyTable over its source query. Its range table is the
// source's, whose entry 1 is the target table.
func modifyLevel(glob *pathnodes.PlannerGlobal, q *nodes.Query, cfg *Config) (*pathnodes.PlannerInfo, *plannodes.ModifyTable, error) {
	first := len(glob.Subplans)
	root, src, err := subqueryPlanner(glob, q.Source, cfg, 0)
	if err != nil {
		return nil, nil, err
	}
	srcInitPlans := root.InitPlans
	target := q.RangeTable[q.ResultRelation-1]
	if q.CommandType == nodes.CmdInsert {
		// The target table is entry 1 of the statement's range table, the
		// source's entries follow (PG: transformInsertStmt's order), so
		// that EXPLAIN names them as PostgreSQL does.
		plannodes.OffsetRangeTable(src, 1)
		for _, sp := range glob.Subplans[first:] {
			plannodes.OffsetRangeTable(sp, 1)
		}
		root.FinalRangeTable = append([]*nodes.RangeTblEntry{target}, root.FinalRangeTable...)
	}
	mt := &plannodes.ModifyTable{Operation: q.CommandType, RelOid: target.RelOid, RelName: target.RelName, Alias: target.Alias, Schema: target.Schema,
		ResultRelation: 1, InsertColumns: q.InsertColumns, CtidColumn: -1, Returning: q.Returning, Checks: q.Checks, RIKeys: q.RIKeys, OnConflict: q.OnConflict, WithCheckOptions: q.WithCheckOptions}
	if q.CommandType != nodes.CmdInsert {
		mt.CtidColumn = q.CtidColumn
	}
	if slices.ContainsFunc(q.Returning, func(te *nodes.TargetEntry) bool { return hasSublink(te.Expr) }) {
		// RETURNING's subqueries run from the ModifyTable, its InitPlans
		// hang off it.
		before := len(root.InitPlans)
		sp := &sublinkPlanner{root: root, cfg: cfg}
		for _, te := range q.Returning {
			if te.Expr, err = sp.process(te.Expr, false); err != nil {
				return nil, nil, err
			}
		}
		mt.InitPlan = append(mt.InitPlan, root.InitPlans[before:]...)
	}
	if slices.ContainsFunc(q.WithCheckOptions, func(w nodes.WithCheckOption) bool { return hasSublink(w.Qual) }) {
		// So do the subqueries of the views' CHECK OPTIONs.
		before := len(root.InitPlans)
		sp := &sublinkPlanner{root: root, cfg: cfg}
		mt.WithCheckOptions = slices.Clone(q.WithCheckOptions)
		for i := range mt.WithCheckOptions {
			if mt.WithCheckOptions[i].Qual, err = sp.process(mt.WithCheckOptions[i].Qual, true); err != nil {
				return nil, nil, err
			}
		}
		mt.InitPlan = append(mt.InitPlan, root.InitPlans[before:]...)
	}
	mt.TargetList = q.Returning
	sh := src.PlanHeader()
	// The level's InitPlans (WITH queries and subqueries of the source)
	// hang off the ModifyTable, its top node, which their cost is charged
	// to (PG: SS_attach_initplans, SS_charge_for_initplans).
	ipc := 0.0
	if n := len(srcInitPlans); n > 0 && len(sh.InitPlan) >= n {
		for _, ip := range srcInitPlans {
			ipc += ip.StartupCost + ip.PerCallCost
		}
		mt.InitPlan = append(append([]*nodes.SubPlan(nil), sh.InitPlan[len(sh.InitPlan)-n:]...), mt.InitPlan...)
		sh.InitPlan = sh.InitPlan[:len(sh.InitPlan)-n]
		sh.StartupCost -= ipc
		sh.TotalCost -= ipc
	}
	mt.StartupCost, mt.TotalCost = sh.StartupCost+ipc, sh.TotalCost+ipc
	if len(q.Returning) > 0 {
		mt.PlanRows, mt.PlanWidth = sh.PlanRows, sh.PlanWidth
	}
	mt.Lefttree = src
	mt.PlanNodeID = glob.LastPlanNodeID
	glob.LastPlanNodeID++
	return root, mt, nil
}

// forcedGather puts a single-copy Gather with one worker on top of a
// parallel-safe plan, for debug_parallel_query (PG: standard_planner's
// force_parallel_mode): the whole plan then runs in a worker. With
// "regress" EXPLAIN does not show the Gather.
func forcedGather(c *pathnodes.CostParams, top plannodes.Plan, glob *pathnodes.PlannerGlobal) plannodes.Plan {
	th := top.PlanHeader()
	g := &plannodes.Gather{NumWorkers: 1, SingleCopy: true, Invisible: c.DebugParallelQuery == "regress"}
	g.StartupCost = th.StartupCost + c.ParallelSetupCost
	g.TotalCost = th.TotalCost + c.ParallelSetupCost + c.ParallelTupleCost*th.PlanRows
	g.PlanRows, g.PlanWidth = th.PlanRows, th.PlanWidth
	g.Lefttree = top
	g.TargetList = passThrough(built{plan: top})
	g.PlanNodeID = glob.LastPlanNodeID
	glob.LastPlanNodeID++
	return g
}

// containsGather reports whether a plan has a Gather or Gather Merge.
func containsGather(p plannodes.Plan) bool {
	switch p.(type) {
	case *plannodes.Gather, *plannodes.GatherMerge:
		return true
	}
	for _, c := range plannodes.Children(p) {
		if containsGather(c) {
			return true
		}
	}
	return false
}

// subqueryPlanner plans one query level (PG: subquery_planner and
// grouping_planner). tupleFraction is the part of the result the caller
// expects to fetch: 0 for all of it, below 1 a fraction, else a row count.
func subqueryPlanner(glob *pathnodes.PlannerGlobal, q *nodes.Query, cfg *Config, tupleFraction float64) (*pathnodes.PlannerInfo, plannodes.Plan, error) {
	return subqueryPlannerWith(glob, q, cfg, tupleFraction, false)
}

// subqueryPlannerWith is subqueryPlanner; with presortedOnly the level's
// ORDER BY must come from a path's own order (an index), or planning fails
// with errNoPresortedPath.
func subqueryPlannerWith(glob *pathnodes.PlannerGlobal, q *nodes.Query, cfg *Config, tupleFraction float64, presortedOnly bool) (*pathnodes.PlannerInfo, plannodes.Plan, error) {
	if q.CommandType == nodes.CmdSelect {
		if err := prep.PullUpSublinks(q); err != nil {
			return nil, nil, err
		}
		if err := prep.PullUpSubqueries(q); err != nil {
			return nil, nil, err
		}
	}
	root := &pathnodes.PlannerInfo{Glob: glob, Parse: q, Costs: cfg.Costs, LimitTuples: -1}
	root.FinalRangeTable = append([]*nodes.RangeTblEntry(nil), q.RangeTable...)
	root.TupleFraction = tupleFraction
	root.PresortedOnly = presortedOnly
	if _, countEst := limitEstimates(q); countEst > 0 {
		root.TupleFraction = countEst
	}
	// Recursive WITH queries come first, as in PG's subquery_planner:
	// every scan of them, at this level or below, needs their plan.
	ctePlans, err := processCTEs(root, q.CTEList, cfg)
	if err != nil {
		return nil, nil, err
	}
	root.InitPlans = append(root.InitPlans, ctePlans...)
	if err := processSublinks(root, q, cfg); err != nil {
		return nil, nil, err
	}
	if err := preprocessTableSamples(q); err != nil {
		return nil, nil, err
	}
	ps, err := planQuery(root, q, cfg)
	return root, ps, err
}

func planQuery(root *pathnodes.PlannerInfo, q *nodes.Query, cfg *Config) (plannodes.Plan, error) {
	tlist, err := preprocessTlist(q.TargetList)
	if err != nil {
		return nil, err
	}
	root.ProcessedTlist = tlist
	var quals []nodes.Expr
	if q.JoinTree != nil && q.JoinTree.Quals != nil {
		if quals, err = prep.PreprocessQual(q.JoinTree.Quals); err != nil {
			return nil, err
		}
	}
	var having []nodes.Expr
	if q.HavingQual != nil {
		if having, err = prep.PreprocessQual(q.HavingQual); err != nil {
			return nil, err
		}
	}
	if q.JoinTree != nil {
		// HAVING clauses without aggregates filter rows before grouping:
		// with GROUP BY they move to WHERE, without it a copy goes there
		// (the clause still decides whether the one group is returned)
		// (PG: subquery_planner).
		var keep []nodes.Expr
		for _, h := range having {
			switch {
			case len(q.GroupClause) > 0 && len(q.GroupingSets) > 0:
				// A grouping set without the clause's columns would
				// lose rows it should have counted.
				keep = append(keep, h)
			case nodes.Contains(h, isAggOrSubquery) || util.ContainsVolatile(h):
				keep = append(keep, h)
			case len(q.GroupClause) > 0:
				quals = append(quals, h)
			default:
				quals = append(quals, h)
				keep = append(keep, h)
			}
		}
		having = keep
	}
	quals = equivalenceLast(quals)

	cp := &createPlanContext{root: root, q: q, tlist: tlist}
	var best pathnodes.Path
	switch {
	case q.CommandType == nodes.CmdInsert:
		valuesRTI := q.JoinTree.FromList[0].(*nodes.RangeTblRef).RTIndex
		values := q.RangeTable[valuesRTI-1]
		rows := make([][]nodes.Expr, len(values.Values))
		for i, r := range values.Values {
			row := make([]nodes.Expr, len(r))
			for j, e := range r {
				if e == nil {
					row[j] = &nodes.Const{Type: values.ColTypes[j], Location: -1}
					continue
				}
				if row[j], err = prep.EvalConstExpressions(e); err != nil {
					return nil, err
				}
			}
			rows[i] = row
		}
		tlist = insertTargetList(q, values, valuesRTI, rows)
		cp.tlist, cp.valuesRows, cp.valuesRTI = tlist, rows, valuesRTI
		if len(rows) == 1 {
			// A single VALUES row is planned as a Result computing it.
			best = util.CreateResultPath(root, tlist, nil)
		} else {
			best = util.CreateValuesscanPath(root, nil, len(rows), tlist)
		}
		best.PathBase().Target = tlist
		best = util.CreateModifyTablePath(best, len(q.Returning) > 0)
	default:
		aggregating := q.HasAggs || len(q.GroupClause) > 0 || len(q.GroupingSets) > 0 || len(having) > 0
		// With set-returning functions in the select list, the stages
		// below compute their inputs and a ProjectSet the target list
		// (PG: split_pathtarget_at_srfs).
		finalTlist := tlist
		if q.HasTargetSRFs {
			tlist = srfInputTarget(tlist)
		}
		// With window functions, the scan/join or grouping stage computes
		// the windows' input and the last WindowAgg the target list.
		winInput := tlist
		if q.HasWindowFuncs {
			winInput = windowInputTarget(q, tlist)
		}
		var gsets *groupingSetsData
		if len(q.GroupingSets) > 0 {
			gsets = preprocessGroupingSets(q, winInput)
		}
		var input []pathnodes.Path
		var cheapest pathnodes.Path
		// partial are the partial paths of the scan/join relation, when
		// it may be read in parallel.
		var partial []pathnodes.Path
		if q.SetOperations != nil {
			p, err := cp.setOpPath(cfg, q.SetOperations)
			if err != nil {
				return nil, err
			}
			input, cheapest = []pathnodes.Path{p}, p
		} else if len(q.JoinTree.FromList) == 0 {
			target := winInput
			if aggregating {
				target = nil
				if len(q.GroupClause) > 0 && gsets == nil {
					// The Agg finds its grouping keys among the
					// Result's columns (PG: make_group_input_target).
					target = groupInputTarget(groupExprs(winInput, q.GroupClause), having)
				}
			}
			rp := util.CreateResultPath(root, target, quals)
			rp.Target = target
			input, cheapest = []pathnodes.Path{rp}, rp
		} else {
			upper := make([]nodes.Expr, 0, len(winInput)+len(having))
			for _, te := range winInput {
				upper = append(upper, te.Expr)
			}
			upper = append(upper, having...)
			fp := &fromPlanner{root: root, cfg: cfg, upper: upper, topTarget: winInput}
			if aggregating {
				groups := groupExprs(winInput, q.GroupClause)
				fp.topTarget = nil
				if !allVars(groups) || len(q.RangeTable) > 1 {
					fp.topTarget = groupInputTarget(groups, upper)
				}
			}
			root.QueryPathkeys = queryPathkeys(q, finalTlist)
			if gsets != nil {
				root.QueryPathkeys = keysFor(gsets.rollups[0].GroupKeys)
			}
			rel, err := fp.planFrom(q.JoinTree.FromList, quals)
			if err != nil {
				return nil, err
			}
			input, cheapest = rel.Pathlist, rel.CheapestTotal
			if rel.ConsiderParallel {
				partial = rel.PartialPathlist
			}
		}
		candidates := input
		if aggregating {
			if gsets != nil {
				candidates = groupingSetsPaths(root, input, cheapest, q, winInput, having, gsets)
			} else {
				candidates = groupingPaths(root, input, cheapest, partial, q, winInput, having)
			}
			// The grouped relation has no partial paths of its own.
			partial = nil
			var mm pathnodes.Path
			discard := func() {}
			if !q.HasWindowFuncs {
				if mm, discard, err = minMaxAggPath(root, q, cfg, tlist, having); err != nil {
					return nil, err
				}
			}
			if mm != nil {
				if cheaperThanAll(mm, candidates) {
					candidates = []pathnodes.Path{mm}
				} else {
					discard()
				}
			}
		}
		if q.HasWindowFuncs {
			candidates = windowPaths(root, candidates, q, tlist, winInput)
			partial = nil
		}
		orderQuery := q
		if q.HasTargetSRFs {
			if postponeSRFs(q, finalTlist) {
				// The input is sorted before the functions expand it, so
				// that each input row's rows keep their order (PG:
				// make_sort_input_target); LIMIT comes after them.
				sortOnly := *q
				sortOnly.LimitCount, sortOnly.LimitOffset = nil, nil
				sorted, err := orderedPath(root, candidates, partial, &sortOnly, tlist)
				if err != nil {
					return nil, err
				}
				candidates = []pathnodes.Path{sorted}
				limitOnly := *q
				limitOnly.SortClause = nil
				orderQuery = &limitOnly
			}
			for i, c := range candidates {
				candidates[i] = util.CreateSetProjectionPath(root, c, finalTlist)
			}
			partial = nil
			tlist = finalTlist
		}
		if len(q.DistinctClause) > 0 {
			candidates = distinctPaths(root, candidates, partial, q, tlist)
			partial = nil
		}
		if best, err = orderedPath(root, candidates, partial, orderQuery, tlist); err != nil {
			return nil, err
		}
	}
	if ipc := initPlanCost(root); ipc > 0 {
		b := best.PathBase()
		b.StartupCost += ipc
		b.TotalCost += ipc
	}
	planTree, err := cp.createPlan(best)
	if err != nil {
		return nil, err
	}
	// The level's InitPlans hang off its top node (PG: SS_attach_initplans),
	// which must then run in the leader: a Gather below it computes their
	// results there, one above would run them in a worker (PG:
	// SS_charge_for_initplans).
	h := planTree.PlanHeader()
	h.InitPlan = append(h.InitPlan, root.InitPlans...)
	if len(h.InitPlan) > 0 {
		h.ParallelSafe = false
	}
	return planTree, nil
}

// cheaperThanAll reports whether p's total cost is below every other's.
func cheaperThanAll(p pathnodes.Path, others []pathnodes.Path) bool {
	for _, o := range others {
		if o.PathBase().TotalCost <= p.PathBase().TotalCost {
			return false
		}
	}
	return true
}

// queryPathkeys is the ordering the join tree's output would best have:
// GROUP BY's, else DISTINCT's when longer than ORDER BY's, else ORDER BY's
// (PG: standard_qp_callback).
func queryPathkeys(q *nodes.Query, tlist []*nodes.TargetEntry) []pathnodes.PathKey {
	if len(q.GroupClause) > 0 {
		return keysFor(groupExprs(tlist, q.GroupClause))
	}
	if q.HasWindowFuncs && len(q.WindowClause) > 0 {
		wc := q.WindowClause[0]
		return clausePathKeys(append(append([]*nodes.SortGroupClause(nil), wc.PartitionClause...), wc.OrderClause...), tlist)
	}
	sortKeys := sortPathKeys(q, tlist)
	if len(q.DistinctClause) > len(sortKeys) {
		if q.HasDistinctOn {
			return clausePathKeys(q.DistinctClause, tlist)
		}
		return keysFor(groupExprs(tlist, q.DistinctClause))
	}
	return sortKeys
}

func preprocessTlist(tl []*nodes.TargetEntry) ([]*nodes.TargetEntry, error) {
	out := make([]*nodes.TargetEntry, len(tl))
	for i, te := range tl {
		c := *te
		e, err := prep.EvalConstExpressions(te.Expr)
		if err != nil {
			return nil, err
		}
		c.Expr = e
		out[i] = &c
	}
	return out, nil
}

// limitEstimates returns PG's offset and count estimates: the constant
// value, -1 when not constant, 0 when absent (PG: preprocess_limit).
func limitEstimates(q *nodes.Query) (offsetEst, countEst float64) {
	est := func(e nodes.Expr, isCount bool) float64 {
		if e == nil {
			return 0
		}
		folded, err := prep.EvalConstExpressions(e)
		if err != nil {
			return -1
		}
		k, ok := folded.(*nodes.Const)
		if !ok {
			return -1
		}
		if k.Value == nil {
			return 0
		}
		v := float64(k.Value.(int64))
		if isCount {
			if v <= 0 {
				return 1
			}
			return v
		}
		if v < 0 {
			return 0
		}
		return v
	}
	return est(q.LimitOffset, false), est(q.LimitCount, true)
}

func sortPathKeys(q *nodes.Query, tl []*nodes.TargetEntry) []pathnodes.PathKey {
	return clausePathKeys(q.SortClause, tl)
}

// clausePathKeys are the pathkeys of sort or group clauses: their target
// entries' expressions with the clauses' directions.
func clausePathKeys(clauses []*nodes.SortGroupClause, tl []*nodes.TargetEntry) []pathnodes.PathKey {
	var keys []pathnodes.PathKey
	for _, sc := range clauses {
		for _, te := range tl {
			if te.SortGroupRef == sc.TLESortGroupRef {
				keys = append(keys, pathnodes.PathKey{Expr: te.Expr, Descending: sc.Descending, NullsFirst: sc.NullsFirst})
			}
		}
	}
	return keys
}

// neededAttrs lists (1-based, ascending, distinct) the attributes of relid
// referenced by the target list and extra expressions.
func neededAttrs(tl []*nodes.TargetEntry, extra []nodes.Expr, relid int) []int {
	seen := map[int]bool{}
	visit := func(e nodes.Expr) {
		nodes.Walk(e, func(n nodes.Expr) bool {
			if v, ok := n.(*nodes.Var); ok && v.VarNo == relid {
				seen[v.AttNo] = true
			}
			return true
		})
	}
	for _, te := range tl {
		visit(te.Expr)
	}
	for _, e := range extra {
		visit(e)
	}
	out := make([]int, 0, len(seen))
	for a := range seen {
		out = append(out, a)
	}
	slices.Sort(out)
	return out
}

// attrVar returns the Var of attribute a of base relation rel, a column
// or the ctid system column.
func attrVar(rel *pathnodes.RelOptInfo, rte *nodes.RangeTblEntry, a int) *nodes.Var {
	if a == table.SelfItemPointerAttributeNumber {
		return &nodes.Var{VarNo: rel.Relid, AttNo: a, Type: types.TTid, Name: "ctid", RelName: rte.Alias, Location: -1}
	}
	return &nodes.Var{VarNo: rel.Relid, AttNo: a, Type: rel.Rel.Columns[a-1].Type, Name: rte.ColNames[a-1], RelName: rte.Alias, Location: -1}
}

// insertTargetList expands an INSERT's source to one entry per column of
// the target table, in table order, with NULL for columns not given (PG:
// preprocess_targetlist). A single VALUES row supplies its expressions; a
// multi-row list is referenced through the VALUES range-table entry.
func insertTargetList(q *nodes.Query, values *nodes.RangeTblEntry, valuesRTI int, rows [][]nodes.Expr) []*nodes.TargetEntry {
	target := q.RangeTable[q.ResultRelation-1]
	tl := make([]*nodes.TargetEntry, len(target.ColNames))
	for i, name := range target.ColNames {
		var e nodes.Expr
		switch src := q.InsertColumns[i]; {
		case src < 0:
			e = &nodes.Const{Type: target.ColTypes[i], Location: -1}
		case len(rows) == 1:
			e = rows[0][src]
		default:
			e = &nodes.Var{VarNo: valuesRTI, AttNo: src + 1, Type: values.ColTypes[src], Name: values.ColNames[src], RelName: values.Alias, Location: -1}
		}
		tl[i] = &nodes.TargetEntry{Expr: e, ResNo: i + 1, Name: name}
	}
	return tl
}

// equivalenceLast moves "expression = constant" clauses behind the others.
// PostgreSQL absorbs such mergejoinable equalities into equivalence classes
// and regenerates them after the remaining restriction clauses, so they end
// up last in a scan's qual list (PG: generate_base_implied_equalities).
func equivalenceLast(quals []nodes.Expr) []nodes.Expr {
	var rest, ecs []nodes.Expr
	for _, q := range quals {
		if isConstEquality(q) {
			ecs = append(ecs, q)
		} else {
			rest = append(rest, q)
		}
	}
	return append(rest, ecs...)
}

func isConstEquality(e nodes.Expr) bool {
	op, ok := e.(*nodes.OpExpr)
	if !ok || op.OpName != "=" || len(op.Args) != 2 {
		return false
	}
	hasVars := func(x nodes.Expr) bool {
		found := false
		nodes.Walk(x, func(n nodes.Expr) bool {
			if _, ok := n.(*nodes.Var); ok {
				found = true
			}
			return !found
		})
		return found
	}
	_, lc := op.Args[0].(*nodes.Const)
	_, rc := op.Args[1].(*nodes.Const)
	return (lc && hasVars(op.Args[1])) || (rc && hasVars(op.Args[0]))
}

// planSubquery plans a subquery on its own and merges its range table into
// the statement's.
func planSubquery(root *pathnodes.PlannerInfo, sub *nodes.Query, cfg *Config) (plannodes.Plan, error) {
	return planChild(root, sub, cfg, 0)
}

// planChild plans a subquery as its own query level for the given tuple
// fraction and merges its range table, and those of the SubPlans planned
// within it, into root's.
func planChild(root *pathnodes.PlannerInfo, sub *nodes.Query, cfg *Config, tupleFraction float64) (plannodes.Plan, error) {
	_, plan, err := planChildRoot(root, sub, cfg, tupleFraction, false)
	return plan, err
}

// planChildRoot is planChild returning also the subquery's PlannerInfo,
// whose statistics describe the subquery's own range table; presortedOnly
// is as for subqueryPlannerWith.
func planChildRoot(root *pathnodes.PlannerInfo, sub *nodes.Query, cfg *Config, tupleFraction float64, presortedOnly bool) (*pathnodes.PlannerInfo, plannodes.Plan, error) {
	first := len(root.Glob.Subplans)
	subroot, plan, err := subqueryPlannerWith(root.Glob, sub, cfg, tupleFraction, presortedOnly)
	if err != nil {
		return nil, nil, err
	}
	offset := len(root.FinalRangeTable)
	plannodes.OffsetRangeTable(plan, offset)
	for _, sp := range root.Glob.Subplans[first:] {
		plannodes.OffsetRangeTable(sp, offset)
	}
	root.FinalRangeTable = append(root.FinalRangeTable, subroot.FinalRangeTable...)
	return subroot, plan, nil
}

// preprocessTableSamples folds the constants of the range table's
// TABLESAMPLE clauses, so that the planner can read a constant sample
// percentage and EXPLAIN shows the folded values (PG: preprocess_expression
// of an RTE's tablesample).
func preprocessTableSamples(q *nodes.Query) error {
	for _, rte := range q.RangeTable {
		if rte.TableSample == nil {
			continue
		}
		ts := *rte.TableSample
		ts.Args = make([]nodes.Expr, len(rte.TableSample.Args))
		for i, a := range rte.TableSample.Args {
			e, err := prep.EvalConstExpressions(a)
			if err != nil {
				return err
			}
			ts.Args[i] = e
		}
		if ts.Repeatable != nil {
			e, err := prep.EvalConstExpressions(ts.Repeatable)
			if err != nil {
				return err
			}
			ts.Repeatable = e
		}
		rte.TableSample = &ts
	}
	return nil
}

// srfInputTarget returns what a ProjectSet computing tlist reads: the
// entries without set-returning calls that ORDER BY, GROUP BY or DISTINCT
// use or that hold subqueries or aggregates, then, as junk entries, the
// columns, aggregates and window functions the others read.
func srfInputTarget(tlist []*nodes.TargetEntry) []*nodes.TargetEntry {
	var out []*nodes.TargetEntry
	hasSRF := func(e nodes.Expr) bool { return nodes.Contains(e, util.IsSetReturning) }
	// Entries that sort or group, and those holding subqueries, are
	// computed below; the rest above, from the columns, aggregates and
	// window functions they read, as PG's ProjectSet does.
	whole := func(te *nodes.TargetEntry) bool {
		return !hasSRF(te.Expr) && (te.SortGroupRef != 0 || nodes.Contains(te.Expr, isAggOrSubquery))
	}
	for _, te := range tlist {
		if whole(te) {
			c := *te
			c.ResNo = len(out) + 1
			out = append(out, &c)
		}
	}
	for _, te := range tlist {
		if whole(te) {
			continue
		}
		nodes.Mutate(te.Expr, func(n nodes.Expr) (nodes.Expr, bool) {
			switch n.(type) {
			case *nodes.Var, *nodes.Aggref, *nodes.WindowFunc, *nodes.GroupingFunc:
				if findTle(out, n) < 0 {
					out = append(out, &nodes.TargetEntry{Expr: n, ResNo: len(out) + 1, Name: "?column?", ResJunk: true})
				}
				return n, true
			}
			return nil, false
		})
	}
	return out
}

// postponeSRFs reports whether a query's ORDER BY can be applied before
// its select list's set-returning functions: it sorts on none of their
// results, and neither DISTINCT nor WITH TIES needs the final rows.
func postponeSRFs(q *nodes.Query, tlist []*nodes.TargetEntry) bool {
	if len(q.SortClause) == 0 || len(q.DistinctClause) > 0 || q.LimitWithTies {
		return false
	}
	for _, sc := range q.SortClause {
		for _, te := range tlist {
			if te.SortGroupRef == sc.TLESortGroupRef && nodes.Contains(te.Expr, util.IsSetReturning) {
				return false
			}
		}
	}
	return true
}
