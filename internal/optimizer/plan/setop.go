// setop.go plans set operations (PG: prepunion.c). The tree is planned
// bottom-up (recurse_set_operations): each leaf query is planned as its
// own query level and read through a Subquery Scan named "*SELECT* n"
// that converts its columns to the types the operation above resolved
// and, under INTERSECT or EXCEPT, adds a flag column telling the two
// inputs apart; a scan that would do neither is left out of the plan.
//
// UNION [ALL] (generate_union_paths) appends its inputs, taking in those
// of child UNIONs that are of the same kind and column types, and UNION
// removes duplicates with a HashAggregate or a Sort and Unique.
// INTERSECT and EXCEPT [ALL] (generate_nonunion_paths) append their two
// flagged inputs, and a SetOp node, hashed or over sorted input, counts
// each group's rows from either side. A child set operation planned on
// its own is projected to the types and flag its parent needs, by a
// Result unless its top node can compute the columns itself.

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

// setOpPlanner plans the set-operation tree of one query level.
type setOpPlanner struct {
	cp  *createPlanContext
	cfg *Config
	// names are the result's column names, which every level's columns
	// carry (PG: refnames_tlist).
	names []string
	// leafNo numbers the leaves from left to right, as the analyzer's
	// range table would: "*SELECT* n".
	leafNo map[*nodes.Query]int
	// fraction is the tuple fraction the node being planned is read with.
	fraction float64
	// appendRel marks a tree of UNION ALLs whose leaves all produce the
	// result's column types, which PG plans as an append relation
	// (flatten_simple_union_all): its leaves are planned for reading in
	// full, and those simple enough to become members of the relation
	// are scanned without a Subquery Scan's charge.
	appendRel bool
}

func (cp *createPlanContext) setOpPath(cfg *Config, op *nodes.SetOperation) (pathnodes.Path, error) {
	sp := &setOpPlanner{cp: cp, cfg: cfg, leafNo: map[*nodes.Query]int{}, fraction: cp.root.TupleFraction}
	if len(cp.q.SortClause) > 0 {
		// A top-level ORDER BY reads everything.
		sp.fraction = 0
	}
	var number func(n any)
	number = func(n any) {
		switch x := n.(type) {
		case *nodes.SetOperation:
			number(x.Larg)
			number(x.Rarg)
		case *nodes.Query:
			sp.leafNo[x] = len(sp.leafNo) + 1
		}
	}
	number(op)
	if sp.appendRel = simpleUnionAll(op, op.ColTypes); sp.appendRel {
		sp.fraction = 0
	}
	for _, te := range cp.tlist[:len(op.ColTypes)] {
		sp.names = append(sp.names, te.Name)
	}
	p, _, err := sp.recurse(op, op.ColTypes, -1, true)
	if err != nil {
		return nil, err
	}
	// The levels above find the result's columns as the query's own.
	target := cp.tlist
	if op.Op != nodes.SetOpUnion {
		target = append(append([]*nodes.TargetEntry(nil), cp.tlist...), sp.flagEntry())
	}
	p.PathBase().Target = target
	return p, nil
}

// vars returns the output columns of a node of the tree with the given
// column types, followed by the flag column if flagged.
func (sp *setOpPlanner) vars(colTypes []types.T, flagged bool) []*nodes.TargetEntry {
	out := make([]*nodes.TargetEntry, 0, len(colTypes)+1)
	for i, t := range colTypes {
		out = append(out, &nodes.TargetEntry{Expr: sp.colVar(i, t), ResNo: i + 1, Name: sp.names[i]})
	}
	if flagged {
		out = append(out, sp.flagEntry())
	}
	return out
}

func (sp *setOpPlanner) colVar(i int, t types.T) *nodes.Var {
	return &nodes.Var{VarNo: nodes.SetOpVar, AttNo: i + 1, Type: t, Name: sp.names[i], Location: -1}
}

// flagEntry is the junk flag column of an INTERSECT's or EXCEPT's input.
func (sp *setOpPlanner) flagEntry() *nodes.TargetEntry {
	n := len(sp.names)
	return &nodes.TargetEntry{Expr: &nodes.Var{VarNo: nodes.SetOpVar, AttNo: n + 1, Type: types.TInt4, Name: "flag", Location: -1},
		ResNo: n + 1, Name: "flag", ResJunk: true}
}

// flagConst is the entry computing an input's flag value.
func (sp *setOpPlanner) flagConst(flag int) *nodes.TargetEntry {
	n := len(sp.names)
	return &nodes.TargetEntry{Expr: &nodes.Const{Type: types.TInt4, Value: int64(flag), Location: -1}, ResNo: n + 1, Name: "flag", ResJunk: true}
}

// recurse plans a node of the tree to produce columns of colTypes and,
// when flag is 0 or 1, the flag column with that value; junkOK allows the
// node's own flag column to stay in its output. It returns the path and
// the estimated number of distinct rows (PG: recurse_set_operations).
func (sp *setOpPlanner) recurse(n any, colTypes []types.T, flag int, junkOK bool) (pathnodes.Path, float64, error) {
	switch x := n.(type) {
	case *nodes.Query:
		return sp.leafPath(x, colTypes, flag)
	case *nodes.SetOperation:
		var p pathnodes.Path
		var err error
		if x.Op == nodes.SetOpUnion {
			p, err = sp.unionPath(x)
		} else {
			p, err = sp.nonUnionPath(x)
		}
		if err != nil {
			return nil, 0, err
		}
		groups := p.PathBase().Rows
		if flag >= 0 || x.Op != nodes.SetOpUnion && !junkOK || !sameTypeOids(x.ColTypes, colTypes) {
			if p, err = sp.project(p, x.ColTypes, colTypes, flag); err != nil {
				return nil, 0, err
			}
		}
		return p, groups, nil
	}
	return nil, 0, pgerror.Internal("set operation: unexpected node %T", n)
}

func sameTypeOids(a, b []types.T) bool {
	for i := range a {
		if a[i].Oid != b[i].Oid {
			return false
		}
	}
	return len(a) == len(b)
}

// leafPath plans a leaf query and reads it through its "*SELECT* n"
// Subquery Scan, which converts its columns to colTypes and adds the flag;
// without either the scan is left out, though its cost is charged as PG
// does. The number of groups is the leaf's row count when it groups or
// aggregates, else estimated from its columns.
func (sp *setOpPlanner) leafPath(leaf *nodes.Query, colTypes []types.T, flag int) (pathnodes.Path, float64, error) {
	cp := sp.cp
	var visible []*nodes.TargetEntry
	for _, te := range leaf.TargetList {
		if !te.ResJunk {
			visible = append(visible, te)
		}
	}
	exprs := make([]nodes.Expr, len(visible))
	// cols are the leaf's columns that are its tables' own, whose widths
	// its planning estimates.
	cols := make([]nodes.Var, len(visible))
	for i, te := range visible {
		exprs[i] = te.Expr
		if v, ok := te.Expr.(*nodes.Var); ok {
			cols[i] = *v
		}
	}
	grouped := len(leaf.GroupClause) > 0 || len(leaf.GroupingSets) > 0 || len(leaf.DistinctClause) > 0 || leaf.HavingQual != nil || leaf.HasAggs
	member := sp.appendRel && appendMember(leaf)
	subroot, plan, err := planChildRoot(cp.root, leaf, sp.cfg, sp.fraction, false)
	if err != nil {
		return nil, 0, err
	}
	h := plan.PlanHeader()
	groups := h.PlanRows
	if !grouped {
		groups = cost.EstimateNumGroups(subroot, exprs, h.PlanRows)
	}
	alias := fmt.Sprintf("*SELECT* %d", sp.leafNo[leaf])
	if sp.appendRel && sp.leafNo[leaf] == 1 && !cp.root.Glob.UnionAllSubqueries[cp.q] {
		// PG's append relation is the leftmost leaf's range-table entry;
		// the leaf itself is read through a copy of it, which EXPLAIN
		// then names apart.
		alias += "_1"
	}
	rti := len(cp.root.FinalRangeTable) + 1
	var target []*nodes.TargetEntry
	converts := false
	width := 0
	for i, te := range visible {
		from := te.Expr.ExprType()
		var e nodes.Expr = &nodes.Var{VarNo: rti, AttNo: i + 1, Type: from, Name: te.Name, RelName: alias, Location: -1}
		w := cost.TypeAvgWidth(from)
		if v := cols[i]; v.VarNo > 0 && v.VarNo < len(subroot.SimpleRelArray) && subroot.SimpleRelArray[v.VarNo] != nil {
			w = util.ExprWidth(subroot.SimpleRelArray[v.VarNo], &v)
		}
		if from.Oid != colTypes[i].Oid {
			e = &nodes.CoerceExpr{Arg: e, Type: colTypes[i], Location: -1}
			converts = true
			w = cost.TypeAvgWidth(colTypes[i])
		} else if k, ok := te.Expr.(*nodes.Const); ok {
			// A constant column is copied rather than read from the
			// leaf, as PG's generate_setop_tlist does, so that nodes
			// above see (and EXPLAIN shows) the value.
			e = k
		}
		width += w
		target = append(target, &nodes.TargetEntry{Expr: e, ResNo: i + 1, Name: te.Name})
	}
	if flag >= 0 {
		target = append(target, sp.flagConst(flag))
		width += 4
	}
	c := &cp.root.Costs
	tc := cost.TargetCost(c, target)
	rows := h.PlanRows
	startup := h.StartupCost + tc.Startup
	total := h.TotalCost + tc.Startup + (c.CPUTupleCost+tc.PerTuple)*rows
	if member {
		startup, total = h.StartupCost, h.TotalCost
	}
	var out plannodes.Plan = plan
	if flag >= 0 || converts || len(h.TargetList) != len(visible) {
		rte := &nodes.RangeTblEntry{Kind: nodes.RTESubquery, Alias: alias}
		for _, te := range visible {
			rte.ColNames = append(rte.ColNames, te.Name)
			rte.ColTypes = append(rte.ColTypes, te.Expr.ExprType())
		}
		cp.root.FinalRangeTable = append(cp.root.FinalRangeTable, rte)
		scan := &plannodes.SubqueryScan{ScanRelID: rti, Alias: alias, Subplan: plan}
		scan.TargetList = target
		scan.StartupCost, scan.TotalCost, scan.PlanRows, scan.PlanWidth = startup, total, rows, width
		out = scan
	}
	pp := &pathnodes.PlannedPath{Plan: out}
	pp.Rows, pp.StartupCost, pp.TotalCost, pp.Width = rows, startup, total, width
	pp.Target = sp.vars(colTypes, flag >= 0)
	return pp, groups, nil
}

// isSimpleUnionAll reports whether a query is a UNION ALL that PG pulls
// up into a parent query that reads it in FROM (PG: is_simple_union_all).
func isSimpleUnionAll(q *nodes.Query) bool {
	op := q.SetOperations
	return op != nil && len(q.SortClause) == 0 && q.LimitCount == nil && q.LimitOffset == nil && len(q.CTEList) == 0 &&
		simpleUnionAll(op, op.ColTypes)
}

// simpleUnionAll reports whether a set-operation tree is UNION ALL
// throughout with every leaf producing columns of colTypes (PG:
// is_simple_union_all_recurse).
func simpleUnionAll(n any, colTypes []types.T) bool {
	switch x := n.(type) {
	case *nodes.SetOperation:
		return x.Op == nodes.SetOpUnion && x.All && simpleUnionAll(x.Larg, colTypes) && simpleUnionAll(x.Rarg, colTypes)
	case *nodes.Query:
		var ts []types.T
		for _, te := range x.TargetList {
			if !te.ResJunk {
				ts = append(ts, te.Expr.ExprType())
			}
		}
		return sameTypeOids(ts, colTypes)
	}
	return false
}

// appendMember reports whether PG would pull a leaf of a simple UNION ALL
// up into the append relation (PG: is_simple_subquery and
// is_safe_append_member): a plain SELECT of at most one FROM item and no
// WHERE, whose select list calls nothing volatile.
func appendMember(q *nodes.Query) bool {
	if q.CommandType != nodes.CmdSelect || q.SetOperations != nil || q.HasAggs || q.HasWindowFuncs || len(q.GroupClause) > 0 ||
		len(q.GroupingSets) > 0 || q.HavingQual != nil || len(q.DistinctClause) > 0 || len(q.SortClause) > 0 ||
		q.LimitCount != nil || q.LimitOffset != nil || len(q.CTEList) > 0 || len(q.SemiJoins) > 0 || q.JoinTree.Quals != nil {
		return false
	}
	switch len(q.JoinTree.FromList) {
	case 0:
	case 1:
		if _, ok := q.JoinTree.FromList[0].(*nodes.RangeTblRef); !ok {
			return false
		}
	default:
		return false
	}
	for _, te := range q.TargetList {
		if util.ContainsVolatile(te.Expr) {
			return false
		}
	}
	return true
}

// unionPath plans UNION [ALL] (PG: generate_union_paths): the inputs,
// with those of child UNIONs taken in (plan_union_children), are
// appended; UNION then removes duplicates.
func (sp *setOpPlanner) unionPath(op *nodes.SetOperation) (pathnodes.Path, error) {
	saved := sp.fraction
	defer func() { sp.fraction = saved }()
	if !op.All {
		sp.fraction = 0
	}
	var children []pathnodes.Path
	pending := []any{op.Larg, op.Rarg}
	for len(pending) > 0 {
		n := pending[0]
		pending = pending[1:]
		if x, ok := n.(*nodes.SetOperation); ok && x.Op == nodes.SetOpUnion && (x.All == op.All || x.All) && sameTypeOids(x.ColTypes, op.ColTypes) {
			// A UNION ALL under UNION, or the same kind of UNION,
			// appends its inputs along with its siblings.
			pending = append([]any{x.Larg, x.Rarg}, pending...)
			continue
		}
		p, _, err := sp.recurse(n, op.ColTypes, -1, false)
		if err != nil {
			return nil, err
		}
		children = append(children, p)
	}
	target := sp.vars(op.ColTypes, false)
	ap := sp.appendPath(children, target)
	if op.All {
		return ap, nil
	}
	// The number of groups is taken as the input row count.
	var keys []nodes.Expr
	for _, te := range target {
		keys = append(keys, te.Expr)
	}
	c := &sp.cp.root.Costs
	if sp.chooseHashed(ap, len(keys), ap.Rows, ap.Rows) {
		hp := &pathnodes.AggPath{Subpath: ap, Strategy: pathnodes.AggHashed, GroupKeys: keys, NumGroups: ap.Rows, Target: target}
		hp.Width = ap.Width
		cost.CostAggGrouped(c, &hp.Base, true, cost.AggCosts{}, len(keys), ap.Rows, ap.StartupCost, ap.TotalCost, ap.Rows, ap.Width, nil, nil, 1)
		return hp, nil
	}
	sorted := util.CreateSortPath(sp.cp.root, ap, keysFor(keys), -1)
	return util.CreateUniquePath(sp.cp.root, sorted, len(keys), ap.Rows, sorted.Pathkeys, target), nil
}

// appendPath appends children, costed as PG's cost_append for unordered
// inputs.
func (sp *setOpPlanner) appendPath(children []pathnodes.Path, target []*nodes.TargetEntry) *pathnodes.AppendPath {
	ap := &pathnodes.AppendPath{Subpaths: children}
	ap.Target = target
	for i, c := range children {
		b := c.PathBase()
		if i == 0 {
			ap.StartupCost = b.StartupCost
		}
		ap.Rows += b.Rows
		ap.TotalCost += b.TotalCost
	}
	ap.Width = util.TargetWidth(nil, target)
	ap.TotalCost += sp.cp.root.Costs.CPUTupleCost * appendCPUFactor * ap.Rows
	return ap
}

// nonUnionPath plans INTERSECT or EXCEPT [ALL] of two inputs (PG:
// generate_nonunion_paths).
func (sp *setOpPlanner) nonUnionPath(op *nodes.SetOperation) (pathnodes.Path, error) {
	saved := sp.fraction
	sp.fraction = 0
	root := sp.cp.root
	start := [2]int{len(root.FinalRangeTable), len(root.Glob.Subplans)}
	left, lgroups, err := sp.recurse(op.Larg, op.ColTypes, 0, false)
	if err != nil {
		return nil, err
	}
	mid := [2]int{len(root.FinalRangeTable), len(root.Glob.Subplans)}
	right, rgroups, err := sp.recurse(op.Rarg, op.ColTypes, 1, false)
	if err != nil {
		return nil, err
	}
	sp.fraction = saved
	// EXCEPT reads the left input first; INTERSECT the input with fewer
	// groups, which a hash table then holds.
	children := []pathnodes.Path{left, right}
	if op.Op == nodes.SetOpIntersect && lgroups > rgroups {
		if left, right, err = sp.swapInputs(left, right, start, mid); err != nil {
			return nil, err
		}
		children = []pathnodes.Path{right, left}
	}
	numCols := len(op.ColTypes)
	target := sp.vars(op.ColTypes, true)
	ap := sp.appendPath(children, target)

	lrows, rrows := left.PathBase().Rows, right.PathBase().Rows
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
	var input pathnodes.Path = ap
	hashed := sp.chooseHashed(ap, numCols, numGroups, outputRows)
	if !hashed {
		var keys []nodes.Expr
		for _, te := range target[:numCols] {
			keys = append(keys, te.Expr)
		}
		input = util.CreateSortPath(sp.cp.root, ap, keysFor(keys), -1)
	}
	in, err := sp.cp.create(input)
	if err != nil {
		return nil, err
	}
	ib := input.PathBase()
	c := &sp.cp.root.Costs
	so := &plannodes.SetOp{Cmd: cmd, Hashed: hashed, NumCols: numCols, FlagColIdx: numCols + 1, NumGroups: numGroups}
	so.Lefttree = in.plan
	so.TargetList = passThrough(in)
	so.StartupCost = ib.StartupCost
	so.TotalCost = ib.TotalCost + c.CPUOperatorCost*ib.Rows*float64(numCols)
	so.PlanRows, so.PlanWidth = outputRows, ib.Width

	pp := &pathnodes.PlannedPath{Plan: so}
	pp.Rows, pp.StartupCost, pp.TotalCost, pp.Width = so.PlanRows, so.StartupCost, so.TotalCost, so.PlanWidth
	pp.Target = target
	return pp, nil
}

// swapInputs plans the two inputs of an INTERSECT that reads its right
// input first and moves the range-table entries the right input added
// before the left input's, renumbering both plans' references (their
// SubPlans' too): PG numbers a plan's tables in the order its scans
// appear, and EXPLAIN tells same-named tables apart in that order. start
// and mid are the range-table and SubPlan counts before each input was
// planned.
func (sp *setOpPlanner) swapInputs(left, right pathnodes.Path, start, mid [2]int) (pathnodes.Path, pathnodes.Path, error) {
	root := sp.cp.root
	end := [2]int{len(root.FinalRangeTable), len(root.Glob.Subplans)}
	planned := func(p pathnodes.Path, shift int, subplans []plannodes.Plan) (pathnodes.Path, error) {
		b, err := sp.cp.create(p)
		if err != nil {
			return nil, err
		}
		if shift != 0 {
			plannodes.OffsetRangeTable(b.plan, shift)
			for _, s := range subplans {
				plannodes.OffsetRangeTable(s, shift)
			}
		}
		pb := p.PathBase()
		pp := &pathnodes.PlannedPath{Plan: b.plan}
		pp.Rows, pp.StartupCost, pp.TotalCost, pp.Width, pp.Target = pb.Rows, pb.StartupCost, pb.TotalCost, pb.Width, pb.Target
		return pp, nil
	}
	nl, nr := mid[0]-start[0], end[0]-mid[0]
	l, err := planned(left, nr, root.Glob.Subplans[start[1]:mid[1]])
	if err != nil {
		return nil, nil, err
	}
	r, err := planned(right, -nl, root.Glob.Subplans[mid[1]:end[1]])
	if err != nil {
		return nil, nil, err
	}
	rt := root.FinalRangeTable
	moved := append(append([]*nodes.RangeTblEntry(nil), rt[mid[0]:end[0]]...), rt[start[0]:mid[0]]...)
	copy(rt[start[0]:end[0]], moved)
	return l, r, nil
}

// project makes a child set operation's path, whose columns are of types
// from, produce columns of types to and, when flag is 0 or 1, that flag
// (PG: apply_projection_to_path). A HashAggregate computes them itself;
// other nodes get a Result above them.
func (sp *setOpPlanner) project(p pathnodes.Path, from, to []types.T, flag int) (pathnodes.Path, error) {
	var target []*nodes.TargetEntry
	for i, t := range to {
		var e nodes.Expr = sp.colVar(i, from[i])
		if from[i].Oid != t.Oid {
			e = &nodes.CoerceExpr{Arg: e, Type: t, Location: -1}
		}
		target = append(target, &nodes.TargetEntry{Expr: e, ResNo: i + 1, Name: sp.names[i]})
	}
	if flag >= 0 {
		target = append(target, sp.flagConst(flag))
	}
	c := &sp.cp.root.Costs
	tc := cost.TargetCost(c, target)
	width := util.TargetWidth(nil, target)
	if agg, ok := p.(*pathnodes.AggPath); ok {
		old := cost.TargetCost(c, agg.Target)
		agg.Target = target
		agg.StartupCost += tc.Startup - old.Startup
		agg.TotalCost += tc.Startup - old.Startup + (tc.PerTuple-old.PerTuple)*agg.Rows
		agg.Width = width
		return agg, nil
	}
	child, err := sp.cp.create(p)
	if err != nil {
		return nil, err
	}
	b := p.PathBase()
	r := &plannodes.Result{}
	r.Lefttree = child.plan
	for _, te := range target {
		rte := *te
		rte.Expr = outerRefs(te.Expr, child.logical)
		r.TargetList = append(r.TargetList, &rte)
	}
	r.StartupCost = b.StartupCost + tc.Startup
	r.TotalCost = b.TotalCost + tc.Startup + (c.CPUTupleCost+tc.PerTuple)*b.Rows
	r.PlanRows, r.PlanWidth = b.Rows, width
	pp := &pathnodes.PlannedPath{Plan: r}
	pp.Rows, pp.StartupCost, pp.TotalCost, pp.Width = r.PlanRows, r.StartupCost, r.TotalCost, r.PlanWidth
	pp.Target = sp.vars(to, flag >= 0)
	return pp, nil
}

// chooseHashed decides between hashing and sorting to find the groups of
// input by comparing a hashed Agg with a Sort and Group over it, read with
// the current tuple fraction (PG: choose_hashed_setop).
func (sp *setOpPlanner) chooseHashed(input pathnodes.Path, numCols int, numGroups, outputRows float64) bool {
	c := &sp.cp.root.Costs
	if !c.EnableHashagg {
		return false
	}
	h := input.PathBase()
	entry := float64(cost.MaxAlignInt(h.Width) + sizeofMinimalTupleHeader)
	if entry*numGroups > c.HashMemBytes() {
		return false
	}
	var hp, srt pathnodes.Base
	cost.CostAggGrouped(c, &hp, true, cost.AggCosts{}, numCols, numGroups, h.StartupCost, h.TotalCost, h.Rows, h.Width, nil, nil, 1)
	cost.CostSort(c, &srt, h.StartupCost, h.TotalCost, h.Rows, h.Width, -1)
	cost.CostGroup(c, &srt, numCols, numGroups, srt.StartupCost, srt.TotalCost, h.Rows, nil, nil, 1)
	fraction := sp.fraction
	if fraction >= 1 {
		fraction /= outputRows
	}
	costAt := func(b *pathnodes.Base) float64 {
		if fraction <= 0 || fraction >= 1 {
			return b.TotalCost
		}
		return b.StartupCost + fraction*(b.TotalCost-b.StartupCost)
	}
	hc, sc := costAt(&hp), costAt(&srt)
	if hc != sc {
		return hc < sc
	}
	return hp.StartupCost < srt.StartupCost
}
