// planmain.go plans the FROM clause (PG: planmain.c query_planner with
// initsplan.c's qual distribution and prepjointree.c's outer-join
// reduction): it builds base relations, places each WHERE and ON clause at
// the lowest level where it can run, plans outer joins as units, and runs
// the join search over the rest.

package plan

import (
	"slices"
	"sort"

	"github.com/loomdb/loomdb/internal/funcs"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/optimizer/cost"
	"github.com/loomdb/loomdb/internal/optimizer/path"
	"github.com/loomdb/loomdb/internal/optimizer/pathnodes"
	"github.com/loomdb/loomdb/internal/optimizer/prep"
	"github.com/loomdb/loomdb/internal/optimizer/util"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

// fromPlanner carries the state of planning one FROM clause.
type fromPlanner struct {
	root *pathnodes.PlannerInfo
	cfg  *Config
	// upper are the expressions evaluated above the join tree (target
	// list, HAVING, ORDER BY keys): the Vars they use must be produced.
	upper []nodes.Expr
	// topTarget is what the relation covering every table must compute.
	topTarget []*nodes.TargetEntry
	allRelids []int
	// quals records every clause placed at a join, so that join
	// relations know which Vars their parents still need.
	quals []nodes.Expr
	// atOuterJoin records clauses evaluated at an outer join (ON clauses
	// and filters) with that join's relids: their Vars must reach the
	// join even when they come from one side only.
	atOuterJoin []outerJoinClause
	// classes are the equivalence classes of the join searches: their
	// members stay in a join relation's output while the class has
	// members outside it.
	classes []*pathnodes.EquivalenceClass
	// lateralVars are, by range-table index, the columns of other
	// relations that a relation's LATERAL references read (PG:
	// lateral_vars); nil when there are none.
	lateralVars map[int][]nodes.Expr
}

type outerJoinClause struct {
	qual nodes.Expr
	at   []int
}

// addQuals records clauses placed in the join tree; the join search sees
// them as root.JoinQuals.
func (fp *fromPlanner) addQuals(qs ...nodes.Expr) {
	fp.quals = append(fp.quals, qs...)
	fp.root.JoinQuals = fp.quals
}

// planFrom plans the join tree and returns the relation covering it.
func (fp *fromPlanner) planFrom(fromList []nodes.JoinNode, where []nodes.Expr) (*pathnodes.RelOptInfo, error) {
	q := fp.root.Parse
	fp.root.SimpleRelArray = make([]*pathnodes.RelOptInfo, len(q.RangeTable)+1)
	nodesList := make([]nodes.JoinNode, len(fromList))
	for i, n := range fromList {
		nodesList[i] = reduceOuterJoins(n, where)
	}
	semiJoins := q.SemiJoins[:len(q.SemiJoins):len(q.SemiJoins)]
	var antis []*nodes.SemiJoin
	nodesList, where, antis = fp.reduceToAntiJoins(nodesList, where, semiJoins)
	semiJoins = append(semiJoins, antis...)
	for _, n := range nodesList {
		fp.allRelids = append(fp.allRelids, nodes.RelidsOf(n)...)
	}
	for _, sj := range semiJoins {
		for _, n := range sj.FromList {
			fp.allRelids = append(fp.allRelids, nodes.RelidsOf(n)...)
		}
		if sj.Quals != nil {
			fp.addQuals(prep.MakeAndList(sj.Quals)...)
		}
	}
	sort.Ints(fp.allRelids)
	for _, rti := range fp.allRelids {
		rte := q.RangeTable[rti-1]
		rel := &pathnodes.RelOptInfo{Relid: rti, Relids: []int{rti}}
		if rte.Kind == nodes.RTESubquery || rte.Kind == nodes.RTEFunction || rte.Kind == nodes.RTEValues || rte.Kind == nodes.RTECTE {
			fp.root.SimpleRelArray[rti] = rel
			continue
		}
		r, err := fp.cfg.Relation(rte.RelOid)
		if err != nil {
			return nil, err
		}
		if err := util.GetRelationInfo(rel, r, fp.cfg.Sizer, fp.cfg.VisibilityKnown, fp.cfg.Stats, fp.cfg.Indexes, fp.cfg.IndexRange); err != nil {
			return nil, err
		}
		if rte.TableSample != nil {
			// The sampling method's estimate replaces the table's size
			// (PG: set_tablesample_rel_size).
			rel.TableSample = rte.TableSample
			if err := util.SetTablesampleRelSize(rel, rte.TableSample); err != nil {
				return nil, err
			}
		}
		fp.root.SimpleRelArray[rti] = rel
	}
	for _, rel := range fp.root.SimpleRelArray {
		if rel != nil {
			fp.root.TotalTablePages += rel.Pages
		}
	}
	fp.setLateralInfo()
	fp.addQuals(where...)
	var mainRelids []int
	for _, n := range nodesList {
		mainRelids = append(mainRelids, nodes.RelidsOf(n)...)
	}
	// A semi or anti join whose clauses read only relations of the join
	// tree takes part in the join search; the others are joined on top,
	// in order.
	var specials, onTop []*pathnodes.SpecialJoinInfo
	for _, sj := range semiJoins {
		info, err := fp.makeSpecialJoin(sj)
		if err != nil {
			return nil, err
		}
		if len(info.MinLefthand) > 0 && subset(info.MinLefthand, mainRelids) && len(info.RHS.LateralRelids) == 0 {
			specials = append(specials, info)
		} else {
			onTop = append(onTop, info)
		}
	}
	rel, err := fp.planNodes(nodesList, where, specials)
	if err != nil {
		return nil, err
	}
	for _, info := range onTop {
		if rel, err = fp.planSpecialJoinOnTop(rel, info); err != nil {
			return nil, err
		}
	}
	return rel, nil
}

// makeSpecialJoin plans the tables of a flattened EXISTS/IN subquery as a
// unit under their own clauses and describes the semi (or anti) join that
// the remaining clauses make of it (PG: make_outerjoininfo, for the
// JOIN_SEMI and JOIN_ANTI joins pull_up_sublinks makes).
func (fp *fromPlanner) makeSpecialJoin(sj *nodes.SemiJoin) (*pathnodes.SpecialJoinInfo, error) {
	var innerRelids []int
	for _, n := range sj.FromList {
		innerRelids = append(innerRelids, nodes.RelidsOf(n)...)
	}
	var local, clauses []nodes.Expr
	if sj.Quals != nil {
		for _, q := range prep.MakeAndList(sj.Quals) {
			if r := path.ClauseRelids(q); len(r) > 0 && subset(r, innerRelids) {
				local = append(local, q)
			} else {
				clauses = append(clauses, q)
			}
		}
	}
	inner, err := fp.planNodes(sj.FromList, local, nil)
	if err != nil {
		return nil, err
	}
	info := &pathnodes.SpecialJoinInfo{JoinType: pathnodes.JoinSemi, RHS: inner, Clauses: clauses}
	if sj.Anti {
		info.JoinType = pathnodes.JoinAnti
	}
	for _, c := range clauses {
		for _, r := range path.ClauseRelids(c) {
			if !contains(inner.Relids, r) && !contains(info.MinLefthand, r) {
				info.MinLefthand = append(info.MinLefthand, r)
			}
		}
	}
	sort.Ints(info.MinLefthand)
	if !sj.Anti && len(inner.LateralRelids) == 0 {
		// A semi join is also an inner join with the subquery side made
		// unique on its join columns.
		if rhs := semiRHSExprs(clauses, inner.Relids); rhs != nil {
			info.Unique = inner
			if !fp.distinctFor(inner, rhs) {
				info.Unique = uniqueRel(fp.root, inner, rhs)
			}
		}
	}
	return info, nil
}

// planSpecialJoinOnTop joins outer, the relation of the whole join tree,
// to a special join's right-hand side.
func (fp *fromPlanner) planSpecialJoinOnTop(outer *pathnodes.RelOptInfo, info *pathnodes.SpecialJoinInfo) (*pathnodes.RelOptInfo, error) {
	inner := info.RHS
	info.Selectivity = cost.SemiJoinSelectivity(fp.root, info.Clauses, inner.Relids, inner.Rows)
	jr := &pathnodes.RelOptInfo{Relids: union(outer.Relids, inner.Relids)}
	jr.LateralRelids = path.JoinLateralRelids(outer, inner)
	if info.JoinType == pathnodes.JoinAnti {
		jr.Rows = cost.ClampRowEst(outer.Rows * (1 - info.Selectivity))
	} else {
		jr.Rows = cost.ClampRowEst(outer.Rows * info.Selectivity)
	}
	tl := fp.targetFor(jr)
	jr.Width = path.TargetWidth(fp.root, tl)
	path.SetJoinConsiderParallel(fp.root, jr, outer, inner, info.Clauses, tl)
	path.AddSpecialJoinPaths(fp.root, jr, outer, info, tl)
	path.FinishJoinRel(fp.root, jr, tl)
	if jr.CheapestTotal == nil {
		return nil, noJoinPath(jr)
	}
	return jr, nil
}

// semiRHSExprs returns the subquery-side expressions of a semi join's
// clauses when every clause is an equality of an outer-side expression
// with a subquery-side one, else nil (PG: compute_semijoin_info).
func semiRHSExprs(clauses []nodes.Expr, innerRelids []int) []nodes.Expr {
	if len(clauses) == 0 {
		return nil
	}
	var rhs []nodes.Expr
	for _, c := range clauses {
		op, ok := c.(*nodes.OpExpr)
		if !ok || op.OpName != "=" || len(op.Args) != 2 || util.ContainsVolatile(op) {
			return nil
		}
		l, r := path.ClauseRelids(op.Args[0]), path.ClauseRelids(op.Args[1])
		switch {
		case len(l) > 0 && len(r) > 0 && disjoint(l, innerRelids) && subset(r, innerRelids):
			rhs = append(rhs, op.Args[1])
		case len(l) > 0 && len(r) > 0 && disjoint(r, innerRelids) && subset(l, innerRelids):
			rhs = append(rhs, op.Args[0])
		default:
			return nil
		}
	}
	return rhs
}

// distinctFor reports whether rel, a single subquery in FROM, returns
// no two rows alike in the columns exprs reads, so that making it unique
// is a no-op (PG: query_is_distinct_for, as create_unique_path uses it).
func (fp *fromPlanner) distinctFor(rel *pathnodes.RelOptInfo, exprs []nodes.Expr) bool {
	if len(rel.Relids) != 1 {
		return false
	}
	rte := fp.root.Parse.RangeTable[rel.Relids[0]-1]
	sq := rte.Subquery
	if rte.Kind != nodes.RTESubquery || sq == nil || sq.HasTargetSRFs || sq.HasDistinctOn {
		return false
	}
	var cols []int
	for _, e := range exprs {
		v, ok := e.(*nodes.Var)
		if !ok || v.VarNo != rel.Relids[0] {
			return false
		}
		cols = append(cols, v.AttNo)
	}
	return cost.SubqueryDistinct(sq, cols)
}

// uniqueRel is rel with its cheapest path made unique on exprs, by hashing
// or by sorting, whichever is cheaper (PG: create_unique_path).
func uniqueRel(root *pathnodes.PlannerInfo, rel *pathnodes.RelOptInfo, exprs []nodes.Expr) *pathnodes.RelOptInfo {
	sub := rel.CheapestTotal
	if sub == nil {
		return nil
	}
	c := &root.Costs
	sb := sub.PathBase()
	numGroups := cost.EstimateNumGroups(root, exprs, rel.Rows)
	sp := util.CreateSortPath(root, sub, keysFor(exprs), -1)
	up := util.CreateUniquePath(root, sp, len(exprs), numGroups, sp.Pathkeys, sb.Target)
	var best pathnodes.Path = up

	if c.EnableHashagg && float64(sb.Width+64)*numGroups <= c.HashMemBytes() {
		hp := &pathnodes.AggPath{Subpath: sub, Strategy: pathnodes.AggHashed, GroupKeys: exprs, NumGroups: numGroups, Target: sb.Target}
		hp.Parent, hp.Width, hp.ParallelSafe = rel, sb.Width, sb.ParallelSafe
		cost.CostAggGrouped(c, &hp.Base, true, cost.AggCosts{}, len(exprs), numGroups, sb.StartupCost, sb.TotalCost, rel.Rows, sb.Width, nil, nil, 1)
		hp.Target = sb.Target
		if hp.TotalCost < up.TotalCost {
			best = hp
		}
	}
	u := &pathnodes.RelOptInfo{Relids: rel.Relids, Rows: numGroups, Width: rel.Width, Uniquified: true}
	u.Pathlist = []pathnodes.Path{best}
	u.CheapestTotal, u.CheapestStartup = best, best
	return u
}

// planNodes inner-joins a list of join-tree nodes under quals.
func (fp *fromPlanner) planNodes(list []nodes.JoinNode, quals []nodes.Expr, specials []*pathnodes.SpecialJoinInfo) (*pathnodes.RelOptInfo, error) {
	// Flatten inner joins: their ON clauses join the WHERE clauses.
	var flat []nodes.JoinNode
	var flatten func(n nodes.JoinNode) error
	flatten = func(n nodes.JoinNode) error {
		je, ok := n.(*nodes.JoinExpr)
		if !ok || je.JoinType != nodes.JoinInner {
			flat = append(flat, n)
			return nil
		}
		if err := flatten(je.Larg); err != nil {
			return err
		}
		if err := flatten(je.Rarg); err != nil {
			return err
		}
		if je.Quals != nil {
			on, err := prep.PreprocessQual(je.Quals)
			if err != nil {
				return err
			}
			quals = append(quals, equivalenceLast(on)...)
			fp.addQuals(on...)
		}
		return nil
	}
	for _, n := range list {
		if err := flatten(n); err != nil {
			return nil, err
		}
	}
	type unit struct {
		node   nodes.JoinNode
		relids []int
		quals  []nodes.Expr
	}
	units := make([]*unit, len(flat))
	for i, n := range flat {
		r := nodes.RelidsOf(n)
		sort.Ints(r)
		units[i] = &unit{node: n, relids: r}
	}
	var joinQuals []nodes.Expr
	for _, qual := range quals {
		r := path.ClauseRelids(qual)
		placed := false
		for _, u := range units {
			if len(r) > 0 && subset(r, u.relids) {
				u.quals = append(u.quals, qual)
				placed = true
				break
			}
		}
		if !placed {
			if len(r) == 0 {
				// A clause without Vars (e.g. a parameter test) filters the first unit.
				units[0].quals = append(units[0].quals, qual)
				continue
			}
			joinQuals = append(joinQuals, qual)
		}
	}
	for _, u := range units {
		if ref, ok := u.node.(*nodes.RangeTblRef); ok && fp.root.Parse.RangeTable[ref.RTIndex-1].Kind == nodes.RTERelation {
			u.quals = append(u.quals, fp.extractRestrictionOrClauses(ref.RTIndex, joinQuals)...)
		}
	}
	items := make([]*pathnodes.RelOptInfo, len(units))
	for i, u := range units {
		var err error
		switch n := u.node.(type) {
		case *nodes.RangeTblRef:
			items[i], err = fp.planBaseRel(n.RTIndex, u.quals)
		case *nodes.JoinExpr:
			items[i], err = fp.planOuterJoin(n, u.quals)
		}
		if err != nil {
			return nil, err
		}
	}
	for _, info := range specials {
		// Estimated once the left-hand relations are sized.
		info.Selectivity = cost.SemiJoinSelectivity(fp.root, info.Clauses, info.RHS.Relids, info.RHS.Rows)
	}
	classes, rest := path.BuildEquivalenceClasses(joinQuals)
	fp.classes = append(fp.classes, classes...)
	rel := path.JoinSearch(fp.root, items, rest, classes, specials, fp.targetFor)
	if (rel == nil || rel.CheapestTotal == nil) && len(specials) > 0 {
		// The special joins' order restrictions left no complete join
		// order: join them above the rest instead.
		if rel = path.JoinSearch(fp.root, items, rest, classes, nil, fp.targetFor); rel != nil && rel.CheapestTotal != nil {
			for _, info := range specials {
				var err error
				if rel, err = fp.planSpecialJoinOnTop(rel, info); err != nil {
					return nil, err
				}
			}
			return rel, nil
		}
	}
	if rel == nil || rel.CheapestTotal == nil {
		for _, it := range items {
			if len(it.LateralRelids) > 0 {
				return nil, pgerror.Unsupported("could not find a join order satisfying the FROM clause's LATERAL references")
			}
		}
		return nil, pgerror.Internal("no join order found for relations %v", fp.allRelids)
	}
	return rel, nil
}

// planBaseRel sizes a table under its restriction clauses and builds its scan paths.
func (fp *fromPlanner) planBaseRel(rti int, quals []nodes.Expr) (*pathnodes.RelOptInfo, error) {
	rel := fp.root.SimpleRelArray[rti]
	switch rte := fp.root.Parse.RangeTable[rti-1]; rte.Kind {
	case nodes.RTESubquery:
		return fp.planSubqueryRel(rel, rte, quals)
	case nodes.RTEFunction:
		return fp.planFunctionRel(rel, rte, quals)
	case nodes.RTEValues:
		return fp.planValuesRel(rel, rte, quals)
	case nodes.RTECTE:
		return fp.planCTERel(rel, rte, quals)
	}
	rel.BaseRestrictInfo = append(rel.BaseRestrictInfo, quals...)
	above := fp.neededAbove(rel.Relids)
	if err := util.CheckIndexPredicates(fp.root, rel, fp.root.Parse.RangeTable[rti-1], fp.cfg.IndexPredicate); err != nil {
		return nil, err
	}
	util.SetBaseRelSizeEstimates(fp.root, rel, neededAttrs(nil, above, rti))
	for _, q := range above {
		if r := path.ClauseRelids(q); contains(r, rti) && len(r) > 1 {
			rel.JoinInfo = append(rel.JoinInfo, q)
		}
	}
	var target []*nodes.TargetEntry
	if len(fp.allRelids) == 1 {
		// nil here means the physical target list under an Agg.
		target = fp.topTarget
	} else {
		target = fp.targetFor(rel)
	}
	if constantFalse(rel.BaseRestrictInfo) {
		// A provably empty relation (PG: set_dummy_rel_pathlist): no scan at all.
		rp := &pathnodes.ResultPath{Quals: []nodes.Expr{&nodes.Const{Type: types.TBool, Value: false, Location: -1}}}
		rp.Parent, rp.Target, rp.ParallelSafe = rel, target, true
		if target == nil {
			rp.Target = fp.targetFor(rel)
		}
		rel.Rows = 0
		rel.Pathlist = []pathnodes.Path{rp}
		pathnodes.SetCheapest(rel)
		return rel, nil
	}
	rel.NeededAttrs = neededAttrs(nil, append(above, rel.BaseRestrictInfo...), rti)
	rel.NeededAbove = neededAttrs(nil, above, rti)
	if rel.TableSample != nil {
		path.SetTablesampleRelPathlist(fp.root, rel, rel.TableSample, target)
		return rel, nil
	}
	path.SetBaseRelPathlist(fp.root, rel, target)
	return rel, nil
}

// constantFalse reports whether a restriction list contains a constant
// FALSE or NULL, which makes the relation empty.
func constantFalse(quals []nodes.Expr) bool {
	for _, q := range quals {
		if k, ok := q.(*nodes.Const); ok && (k.Value == nil || k.Value == false) {
			return true
		}
	}
	return false
}

// neededAbove returns the expressions evaluated outside relids that may
// reference its Vars: the upper expressions and clauses placed elsewhere.
func (fp *fromPlanner) neededAbove(relids []int) []nodes.Expr {
	out := append([]nodes.Expr(nil), fp.upper...)
	for _, q := range fp.quals {
		if !subset(path.ClauseRelids(q), relids) {
			out = append(out, q)
		}
	}
	for _, oj := range fp.atOuterJoin {
		if !subset(oj.at, relids) {
			out = append(out, oj.qual)
		}
	}
	for _, ec := range fp.classes {
		// A join above may equate any member with another.
		if !subset(ec.Relids, relids) {
			for _, m := range ec.Members {
				out = append(out, m)
			}
		}
	}
	return append(out, fp.lateralNeeded(relids)...)
}

// targetFor is the output a relation must produce: the final target for
// the relation covering everything, else the Vars needed above it.
func (fp *fromPlanner) targetFor(rel *pathnodes.RelOptInfo) []*nodes.TargetEntry {
	if len(rel.Relids) == len(fp.allRelids) && fp.topTarget != nil {
		return fp.topTarget
	}
	var tl []*nodes.TargetEntry
	seen := map[[2]int]bool{}
	var vars []*nodes.Var
	for _, e := range fp.neededAbove(rel.Relids) {
		nodes.Walk(e, func(n nodes.Expr) bool {
			if v, ok := n.(*nodes.Var); ok && contains(rel.Relids, v.VarNo) && !seen[[2]int{v.VarNo, v.AttNo}] {
				seen[[2]int{v.VarNo, v.AttNo}] = true
				vars = append(vars, v)
			}
			return true
		})
	}
	sort.Slice(vars, func(i, j int) bool {
		if vars[i].VarNo != vars[j].VarNo {
			return vars[i].VarNo < vars[j].VarNo
		}
		return vars[i].AttNo < vars[j].AttNo
	})
	for _, v := range vars {
		c := *v
		c.Location = -1
		tl = append(tl, &nodes.TargetEntry{Expr: &c, ResNo: len(tl) + 1, Name: v.Name})
	}
	return tl
}

// planOuterJoin plans a LEFT, RIGHT or FULL join as a unit. above are WHERE
// clauses that reference only its relations.
func (fp *fromPlanner) planOuterJoin(je *nodes.JoinExpr, above []nodes.Expr) (*pathnodes.RelOptInfo, error) {
	left, right := je.Larg, je.Rarg
	jt := pathnodes.JoinLeft
	switch je.JoinType {
	case nodes.JoinRight:
		left, right = right, left
	case nodes.JoinFull:
		jt = pathnodes.JoinFull
	}
	lrel, rrel := nodes.RelidsOf(left), nodes.RelidsOf(right)
	var on []nodes.Expr
	if je.Quals != nil {
		var err error
		if on, err = prep.PreprocessQual(je.Quals); err != nil {
			return nil, err
		}
		fp.addQuals(on...)
	}
	var pushLeft, pushRight, joinClauses, filter []nodes.Expr
	for _, q := range above {
		if jt == pathnodes.JoinLeft && subset(path.ClauseRelids(q), lrel) {
			pushLeft = append(pushLeft, q)
		} else {
			filter = append(filter, q)
		}
	}
	for _, q := range on {
		r := path.ClauseRelids(q)
		if jt == pathnodes.JoinLeft && len(r) > 0 && subset(r, rrel) {
			pushRight = append(pushRight, q)
		} else {
			joinClauses = append(joinClauses, q)
		}
	}
	at := union(lrel, rrel)
	for _, q := range append(append([]nodes.Expr(nil), joinClauses...), filter...) {
		fp.atOuterJoin = append(fp.atOuterJoin, outerJoinClause{q, at})
	}
	lr, err := fp.planNodes([]nodes.JoinNode{left}, pushLeft, nil)
	if err != nil {
		return nil, err
	}
	rr, err := fp.planNodes([]nodes.JoinNode{right}, pushRight, nil)
	if err != nil {
		return nil, err
	}
	jr := &pathnodes.RelOptInfo{Relids: union(lr.Relids, rr.Relids)}
	jr.LateralRelids = path.JoinLateralRelids(lr, rr)
	nrows := lr.Rows * rr.Rows * cost.ClauselistSelectivity(fp.root, joinClauses)
	nrows = max(nrows, lr.Rows)
	if jt == pathnodes.JoinFull {
		nrows = max(nrows, rr.Rows)
	}
	jr.Rows = cost.ClampRowEst(nrows * cost.ClauselistSelectivity(fp.root, filter))
	tl := fp.targetFor(jr)
	jr.Width = path.TargetWidth(fp.root, tl)
	path.SetJoinConsiderParallel(fp.root, jr, lr, rr, append(append([]nodes.Expr(nil), joinClauses...), filter...), tl)
	path.AddOuterJoinPaths(fp.root, jr, lr, rr, jt, joinClauses, filter, tl)
	if jr.CheapestTotal == nil {
		if jt == pathnodes.JoinFull && len(lr.LateralRelids)+len(rr.LateralRelids) == 0 {
			return nil, pgerror.Unsupported("FULL JOIN is only supported with merge-joinable or hash-joinable join conditions")
		}
		return nil, noJoinPath(jr)
	}
	return jr, nil
}

// noJoinPath is the error for a join relation that got no path.
func noJoinPath(jr *pathnodes.RelOptInfo) error {
	if len(jr.LateralRelids) > 0 {
		return pgerror.Unsupported("this join with LATERAL references is not supported yet")
	}
	return pgerror.Internal("no path for the join of relations %v", jr.Relids)
}

// reduceOuterJoins turns LEFT/RIGHT joins into inner joins when a WHERE
// clause rejects the NULL-extended rows, i.e. is strict in a Var of the
// nullable side (PG: reduce_outer_joins).
func reduceOuterJoins(n nodes.JoinNode, where []nodes.Expr) nodes.JoinNode {
	je, ok := n.(*nodes.JoinExpr)
	if !ok {
		return n
	}
	c := *je
	c.Larg = reduceOuterJoins(je.Larg, where)
	c.Rarg = reduceOuterJoins(je.Rarg, where)
	var nullable []int
	switch je.JoinType {
	case nodes.JoinLeft:
		nullable = nodes.RelidsOf(je.Rarg)
	case nodes.JoinRight:
		nullable = nodes.RelidsOf(je.Larg)
	default:
		return &c
	}
	for _, q := range where {
		if strictVarRels(q, nullable) {
			c.JoinType = nodes.JoinInner
			break
		}
	}
	return &c
}

// reduceToAntiJoins turns a LEFT JOIN of the FROM list whose nullable side
// WHERE requires to be NULL, in a column the join's condition is strict in,
// into an anti join: the rows WHERE keeps are exactly the preserved side's
// rows without a match (PG: reduce_outer_joins_pass2, the JOIN_ANTI case).
// The "IS NULL" clauses on the nullable side, true for every such row, are
// dropped. A join whose nullable side is used anywhere else stays.
func (fp *fromPlanner) reduceToAntiJoins(list []nodes.JoinNode, where []nodes.Expr, semiJoins []*nodes.SemiJoin) ([]nodes.JoinNode, []nodes.Expr, []*nodes.SemiJoin) {
	var antis []*nodes.SemiJoin
	for i, n := range list {
		je, ok := n.(*nodes.JoinExpr)
		if !ok || je.Quals == nil || (je.JoinType != nodes.JoinLeft && je.JoinType != nodes.JoinRight) {
			continue
		}
		preserved, nullable := je.Larg, je.Rarg
		if je.JoinType == nodes.JoinRight {
			preserved, nullable = nullable, preserved
		}
		rels := nodes.RelidsOf(nullable)
		strict := nonNullable(je.Quals, colKey)
		forced, uses := false, false
		var rest []nodes.Expr
		for _, q := range where {
			if nt, ok := q.(*nodes.NullTest); ok && !nt.IsNot {
				if v, ok := nt.Arg.(*nodes.Var); ok && contains(rels, v.VarNo) {
					forced = forced || strict[colKey(v)]
					continue
				}
			}
			if referencesRels(q, rels) {
				uses = true
			}
			rest = append(rest, q)
		}
		for _, e := range fp.upper {
			uses = uses || referencesRels(e, rels)
		}
		for _, sj := range semiJoins {
			uses = uses || (sj.Quals != nil && referencesRels(sj.Quals, rels))
		}
		for j, other := range list {
			if j != i {
				nodes.WalkJoinTree(other, func(x *nodes.JoinExpr) {
					uses = uses || (x.Quals != nil && referencesRels(x.Quals, rels))
				})
			}
		}
		if !forced || uses {
			continue
		}
		list = append(list[:i:i], append([]nodes.JoinNode{preserved}, list[i+1:]...)...)
		where = rest
		antis = append(antis, &nodes.SemiJoin{Anti: true, FromList: []nodes.JoinNode{nullable}, Quals: je.Quals})
	}
	return list, where, antis
}

// referencesRels reports whether e uses a Var of one of rels.
func referencesRels(e nodes.Expr, rels []int) bool {
	return nodes.Contains(e, func(n nodes.Expr) bool {
		v, ok := n.(*nodes.Var)
		return ok && contains(rels, v.VarNo)
	})
}

// varKey identifies what nonNullable tracks, as its key function decides:
// a column (VarNo, AttNo), or one token for a set of relations.
type varKey [2]int

// nonNullable returns the keys (key maps a Var to one) for which qual is
// certainly not true when that key's Vars are NULL: Vars under strict
// operators and functions, conjuncts of an AND, keys common to every arm of
// an OR, IS NOT NULL arguments (PG: find_nonnullable_rels and
// find_nonnullable_vars, which share this shape).
func nonNullable(qual nodes.Expr, key func(*nodes.Var) varKey) map[varKey]bool {
	union := func(args []nodes.Expr) map[varKey]bool {
		out := map[varKey]bool{}
		for _, a := range args {
			for k := range nonNullable(a, key) {
				out[k] = true
			}
		}
		return out
	}
	strictArgs := func(funcOid types.Oid, args []nodes.Expr) map[varKey]bool {
		if f := funcs.FuncByOid(funcOid); f != nil && f.Strict {
			return union(args)
		}
		return nil
	}
	switch x := qual.(type) {
	case *nodes.Var:
		return map[varKey]bool{key(x): true}
	case *nodes.OpExpr:
		return strictArgs(x.FuncOid, x.Args)
	case *nodes.FuncExpr:
		return strictArgs(x.FuncOid, x.Args)
	case *nodes.CoerceExpr:
		return nonNullable(x.Arg, key)
	case *nodes.BoolExpr:
		switch x.Op {
		case nodes.AndExpr:
			return union(x.Args)
		case nodes.OrExpr:
			var common map[varKey]bool
			for i, a := range x.Args {
				arm := nonNullable(a, key)
				if i == 0 {
					common = arm
					continue
				}
				for k := range common {
					if !arm[k] {
						delete(common, k)
					}
				}
			}
			return common
		}
	case *nodes.NullTest:
		if x.IsNot {
			return nonNullable(x.Arg, key)
		}
	case *nodes.ScalarArrayOpExpr:
		return nonNullable(x.Left, key)
	}
	return nil
}

func colKey(v *nodes.Var) varKey { return varKey{v.VarNo, v.AttNo} }

// strictVarRels reports whether qual is certainly not true when every Var
// of rels is NULL: all those Vars count as one key, so an OR qualifies
// when each arm is strict in some Var of rels.
func strictVarRels(qual nodes.Expr, rels []int) bool {
	side := varKey{-1, -1}
	return nonNullable(qual, func(v *nodes.Var) varKey {
		if contains(rels, v.VarNo) {
			return side
		}
		return colKey(v)
	})[side]
}

func contains(list []int, x int) bool {
	for _, y := range list {
		if y == x {
			return true
		}
	}
	return false
}

func disjoint(a, b []int) bool {
	for _, x := range a {
		if contains(b, x) {
			return false
		}
	}
	return true
}

func subset(a, of []int) bool {
	for _, x := range a {
		if !contains(of, x) {
			return false
		}
	}
	return true
}

func union(a, b []int) []int {
	out := append(append([]int(nil), a...), b...)
	sort.Ints(out)
	return out
}

// unionAllOnly reports whether a set operation tree is UNION ALL throughout.
func unionAllOnly(op *nodes.SetOperation) bool {
	if op.Op != nodes.SetOpUnion || !op.All {
		return false
	}
	for _, arm := range []any{op.Larg, op.Rarg} {
		if x, ok := arm.(*nodes.SetOperation); ok && !unionAllOnly(x) {
			return false
		}
	}
	return true
}

// withUnusedOutputsNull returns a copy of a UNION ALL query whose arms
// compute NULL for the output columns the outer query does not use (used
// lists the columns it does), so that their scans need not read them. PG
// gets the same effect by flattening the UNION ALL into an append
// relation whose members produce only the needed columns. An arm keeps a
// column that its DISTINCT, GROUP BY or ORDER BY refers to, or that calls
// a volatile function.
func withUnusedOutputsNull(q *nodes.Query, used []int) *nodes.Query {
	if slices.Contains(used, 0) {
		// A whole-row reference uses every column.
		return q
	}
	var arm func(n any) any
	arm = func(n any) any {
		switch x := n.(type) {
		case *nodes.SetOperation:
			c := *x
			c.Larg, c.Rarg = arm(x.Larg), arm(x.Rarg)
			return &c
		case *nodes.Query:
			if len(x.DistinctClause) > 0 || x.SetOperations != nil {
				return x
			}
			c := *x
			c.TargetList = make([]*nodes.TargetEntry, len(x.TargetList))
			for i, te := range x.TargetList {
				c.TargetList[i] = te
				if te.ResJunk || te.SortGroupRef != 0 || slices.Contains(used, te.ResNo) || util.ContainsVolatile(te.Expr) || nodes.Contains(te.Expr, isAggOrSubquery) {
					continue
				}
				nt := *te
				nt.Expr = &nodes.Const{Type: te.Expr.ExprType(), Value: nil, Location: -1}
				c.TargetList[i] = &nt
			}
			return &c
		}
		return n
	}
	c := *q
	c.SetOperations = arm(q.SetOperations).(*nodes.SetOperation)
	return &c
}

// isAggOrSubquery reports whether e is an aggregate or a subquery (a
// SubLink, or the SubPlan the planner made of one).
func isAggOrSubquery(e nodes.Expr) bool {
	switch e.(type) {
	case *nodes.Aggref, *nodes.GroupingFunc, *nodes.SubLink, *nodes.SubPlan:
		return true
	}
	return false
}

// planSubqueryRel plans a subquery in FROM on its own and scans its result
// (PG: set_subquery_pathlist, cost_subqueryscan).
// planFunctionRel sizes a function in FROM and builds its one path, a
// Function Scan (PG: set_function_size_estimates and
// set_function_pathlist). It is never partial: each participant would run
// the whole function.
func (fp *fromPlanner) planFunctionRel(rel *pathnodes.RelOptInfo, rte *nodes.RangeTblEntry, quals []nodes.Expr) (*pathnodes.RelOptInfo, error) {
	call, err := prep.EvalConstExpressions(rte.Func)
	if err != nil {
		return nil, err
	}
	fe, ok := call.(*nodes.FuncExpr)
	if !ok {
		// A function of constants that returns one value folds away;
		// the scan still calls it, as PG's does.
		fe = rte.Func
	}
	target := fp.sizeOtherRel(rel, rte, cost.FunctionRows(fe), quals)
	p := &pathnodes.FunctionScanPath{Call: fe, Quals: quals}
	p.Parent, p.Target, p.Rows = rel, target, rel.Rows
	p.Param = lateralParam(rel)
	p.Width = path.TargetWidth(fp.root, target)
	p.ParallelSafe = util.IsParallelSafe(fe) && util.IsParallelSafe(quals...) && util.TargetParallelSafe(target)
	cost.CostFunctionscan(&fp.root.Costs, &p.Base, fe, quals, target, rel.Tuples)
	rel.Width = p.Width
	rel.Pathlist = []pathnodes.Path{p}
	pathnodes.SetCheapest(rel)
	return rel, nil
}

// sizeOtherRel sizes a function or VALUES list in FROM that returns
// tuples rows before its quals, and returns the target its scan computes.
func (fp *fromPlanner) sizeOtherRel(rel *pathnodes.RelOptInfo, rte *nodes.RangeTblEntry, tuples float64, quals []nodes.Expr) []*nodes.TargetEntry {
	rel.BaseRestrictInfo = quals
	rel.Tuples = tuples
	rel.AttrWidths = make([]int, len(rte.ColTypes))
	for i, t := range rte.ColTypes {
		rel.AttrWidths[i] = cost.TypeAvgWidth(t)
	}
	rel.Rows = cost.ClampRowEst(rel.Tuples * cost.ClauselistSelectivity(fp.root, quals))
	if len(fp.allRelids) != 1 || fp.topTarget == nil {
		return fp.targetFor(rel)
	}
	return fp.topTarget
}

// planValuesRel sizes a VALUES list in FROM and builds its one path, a
// Values Scan (PG: set_values_pathlist, cost_valuesscan).
func (fp *fromPlanner) planValuesRel(rel *pathnodes.RelOptInfo, rte *nodes.RangeTblEntry, quals []nodes.Expr) (*pathnodes.RelOptInfo, error) {
	rows := make([][]nodes.Expr, len(rte.Values))
	safe := true
	for i, r := range rte.Values {
		rows[i] = make([]nodes.Expr, len(r))
		for j, e := range r {
			f, err := prep.EvalConstExpressions(e)
			if err != nil {
				return nil, err
			}
			rows[i][j] = f
		}
		safe = safe && util.IsParallelSafe(rows[i]...)
	}
	target := fp.sizeOtherRel(rel, rte, float64(len(rows)), quals)
	p := &pathnodes.ValuesScanPath{Values: rows, Quals: quals}
	p.Parent, p.Target = rel, target
	p.Param = lateralParam(rel)
	p.Width = path.TargetWidth(fp.root, target)
	p.ParallelSafe = safe && util.IsParallelSafe(quals...) && util.TargetParallelSafe(target)
	p.Rows = rel.Rows
	cost.CostValuesscan(&fp.root.Costs, &p.Base, len(rows), quals, target)
	rel.Width = p.Width
	rel.Pathlist = []pathnodes.Path{p}
	pathnodes.SetCheapest(rel)
	return rel, nil
}

func (fp *fromPlanner) planSubqueryRel(rel *pathnodes.RelOptInfo, rte *nodes.RangeTblEntry, quals []nodes.Expr) (*pathnodes.RelOptInfo, error) {
	sub := rte.Subquery
	appendRel := false
	if op := sub.SetOperations; op != nil && unionAllOnly(op) {
		used := neededAttrs(nil, append(fp.neededAbove(rel.Relids), quals...), rel.Relid)
		sub = withUnusedOutputsNull(sub, used)
		if appendRel = isSimpleUnionAll(sub); appendRel {
			glob := fp.root.Glob
			if glob.UnionAllSubqueries == nil {
				glob.UnionAllSubqueries = map[*nodes.Query]bool{}
			}
			glob.UnionAllSubqueries[sub] = true
		}
	}
	// LATERAL references become Params that a nested loop above sets.
	var params []pathnodes.PlanParam
	if len(rel.LateralRelids) > 0 {
		ids, vars := replaceCorrelationVars(fp.root.Glob, sub)
		for i, id := range ids {
			params = append(params, pathnodes.PlanParam{ID: id, Var: vars[i].(*nodes.Var)})
		}
	}
	subplan, err := planSubquery(fp.root, sub, fp.cfg)
	if err != nil {
		return nil, err
	}
	h := subplan.PlanHeader()
	rel.BaseRestrictInfo = quals
	rel.Tuples = h.PlanRows
	rel.AttrWidths = make([]int, len(rte.ColTypes))
	for i, t := range rte.ColTypes {
		rel.AttrWidths[i] = cost.TypeAvgWidth(t)
	}
	rel.Rows = cost.ClampRowEst(rel.Tuples * cost.ClauselistSelectivity(fp.root, quals))
	target := fp.topTarget
	if len(fp.allRelids) != 1 || target == nil {
		target = fp.targetFor(rel)
	}
	p := &pathnodes.SubqueryScanPath{Subplan: subplan, Quals: quals, Params: params}
	p.Parent, p.Target, p.Rows = rel, target, rel.Rows
	p.Param = lateralParam(rel)
	p.Width = path.TargetWidth(fp.root, target)
	c := &fp.root.Costs
	qc := cost.QualListCost(c, quals)
	tc := cost.TargetCost(c, target)
	p.StartupCost = h.StartupCost + qc.Startup + tc.Startup
	p.TotalCost = h.TotalCost + qc.Startup + tc.Startup + (c.CPUTupleCost+qc.PerTuple)*rel.Tuples + tc.PerTuple*rel.Rows
	if appendRel && len(quals) == 0 {
		// PG scans the append relation's members directly: no
		// Subquery Scan to charge for.
		p.TotalCost -= c.CPUTupleCost * rel.Tuples
	}
	rel.Width = p.Width
	rel.Pathlist = []pathnodes.Path{p}
	pathnodes.SetCheapest(rel)
	return rel, nil
}
