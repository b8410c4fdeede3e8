// window.go plans window functions (PG: planner.c create_window_paths,
// make_window_input_target): the grouped (or scan/join) relation computes
// the windows' input, and each window adds a sort by its keys, if needed,
// and a WindowAgg. The last WindowAgg computes the query's target list.

package plan

import (
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/optimizer/cost"
	"github.com/loomdb/loomdb/internal/optimizer/path"
	"github.com/loomdb/loomdb/internal/optimizer/pathnodes"
	"github.com/loomdb/loomdb/internal/optimizer/prep"
	"github.com/loomdb/loomdb/internal/optimizer/util"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/plannodes"
)

// windowInputTarget is what the input of the window stage computes: the
// GROUP BY entries, the windows' keys, and every Var and aggregate the
// target list uses outside those, window function arguments included.
func windowInputTarget(q *nodes.Query, tlist []*nodes.TargetEntry) []*nodes.TargetEntry {
	var out []*nodes.TargetEntry
	add := func(e nodes.Expr, name string, ref int) {
		if findTle(out, e) >= 0 {
			return
		}
		out = append(out, &nodes.TargetEntry{Expr: e, ResNo: len(out) + 1, Name: name, SortGroupRef: ref})
	}
	keyRefs := map[int]bool{}
	for _, wc := range q.WindowClause {
		for _, c := range append(append([]*nodes.SortGroupClause(nil), wc.PartitionClause...), wc.OrderClause...) {
			keyRefs[c.TLESortGroupRef] = true
		}
	}
	groups := groupExprs(tlist, q.GroupClause)
	for _, te := range tlist {
		if te.SortGroupRef != 0 && inClauses(q.GroupClause, te.SortGroupRef) {
			add(te.Expr, te.Name, te.SortGroupRef)
		}
	}
	for _, te := range tlist {
		if keyRefs[te.SortGroupRef] {
			add(te.Expr, te.Name, 0)
		}
	}
	for _, te := range tlist {
		nodes.Walk(te.Expr, func(n nodes.Expr) bool {
			for _, g := range groups {
				if nodes.Equal(g, n) {
					add(n, "?column?", 0)
					return false
				}
			}
			switch x := n.(type) {
			case *nodes.Var:
				add(x, x.Name, 0)
				return false
			case *nodes.Aggref:
				add(x, x.Name, 0)
				return false
			case *nodes.GroupingFunc:
				add(x, "grouping", 0)
				return false
			}
			return true
		})
	}
	return out
}

func inClauses(cs []*nodes.SortGroupClause, ref int) bool {
	for _, c := range cs {
		if c.TLESortGroupRef == ref {
			return true
		}
	}
	return false
}

// windowPaths stacks a WindowAgg per window on the cheapest input path.
func windowPaths(root *pathnodes.PlannerInfo, candidates []pathnodes.Path, q *nodes.Query, tlist, input []*nodes.TargetEntry) []pathnodes.Path {
	var cur pathnodes.Path
	// The window functions of each window, in target-list order.
	byRef := map[int][]*nodes.WindowFunc{}
	for _, te := range tlist {
		nodes.Walk(te.Expr, func(n nodes.Expr) bool {
			if wf, ok := n.(*nodes.WindowFunc); ok {
				for _, o := range byRef[wf.WinRef] {
					if nodes.Equal(o, wf) {
						return false
					}
				}
				byRef[wf.WinRef] = append(byRef[wf.WinRef], wf)
				return false
			}
			return true
		})
	}
	var active []*nodes.WindowClause
	for _, wc := range q.WindowClause {
		if len(byRef[wc.WinRef]) > 0 {
			active = append(active, wc)
		}
	}
	target := input
	for i, wc := range active {
		keyExpr := func(c *nodes.SortGroupClause) nodes.Expr {
			for _, te := range tlist {
				if te.SortGroupRef == c.TLESortGroupRef {
					return te.Expr
				}
			}
			return nil
		}
		var keys []pathnodes.PathKey
		var part []nodes.Expr
		for _, c := range wc.PartitionClause {
			e := keyExpr(c)
			part = append(part, e)
			keys = append(keys, pathnodes.PathKey{Expr: e})
		}
		var order []pathnodes.PathKey
		for _, c := range wc.OrderClause {
			k := pathnodes.PathKey{Expr: keyExpr(c), Descending: c.Descending, NullsFirst: c.NullsFirst}
			order = append(order, k)
			keys = append(keys, k)
		}
		if cur == nil {
			// The first window takes the input path that is cheapest once
			// sorted by its keys: an index path may need no sort.
			for _, p := range candidates {
				if len(keys) > 0 && !pathnodes.PathkeysContained(keys, p.PathBase().Pathkeys) {
					p = util.CreateSortPath(root, p, keys, -1)
				}
				if cur == nil || p.PathBase().TotalCost < cur.PathBase().TotalCost {
					cur = p
				}
			}
		} else if len(keys) > 0 && !pathnodes.PathkeysContained(keys, cur.PathBase().Pathkeys) {
			cur = util.CreateSortPath(root, cur, keys, -1)
		}
		next := tlist
		if i < len(active)-1 {
			next = append([]*nodes.TargetEntry(nil), target...)
			for _, wf := range byRef[wc.WinRef] {
				next = append(next, &nodes.TargetEntry{Expr: wf, ResNo: len(next) + 1, Name: wf.Name})
			}
		}
		sb := cur.PathBase()
		wp := &pathnodes.WindowAggPath{Subpath: cur, Clause: wc, Funcs: byRef[wc.WinRef], PartKeys: part, OrderKeys: order}
		wp.Parent, wp.Target, wp.Rows = sb.Parent, next, sb.Rows
		wp.Pathkeys = keys
		wp.Width = path.TargetWidth(root, next)
		wp.ParallelSafe = sb.ParallelSafe && util.TargetParallelSafe(next)
		costWindowAgg(&root.Costs, wp, sb)
		cur = wp
		target = next
	}
	return []pathnodes.Path{cur}
}

// costWindowAgg is PG's cost_windowagg: each window function's cost and
// its arguments' per input row, a comparison per key column, and a
// cpu_tuple_cost per row.
func costWindowAgg(c *pathnodes.CostParams, wp *pathnodes.WindowAggPath, in *pathnodes.Base) {
	startup, total := in.StartupCost, in.TotalCost
	for _, wf := range wp.Funcs {
		per := c.CPUOperatorCost
		exprs := wf.Args
		if wf.AggFilter != nil {
			// The filter is charged per input row too, whatever it keeps.
			exprs = append(append([]nodes.Expr(nil), wf.Args...), wf.AggFilter)
		}
		for _, a := range exprs {
			ac := cost.EvalCost(c, a)
			startup += ac.Startup
			per += ac.PerTuple
		}
		total += per * in.Rows
	}
	total += c.CPUOperatorCost * float64(len(wp.PartKeys)+len(wp.OrderKeys)) * in.Rows
	total += c.CPUTupleCost * in.Rows
	wp.StartupCost, wp.TotalCost = startup, total
}

// createWindowAgg builds a WindowAgg: keys become input column numbers,
// function arguments refer to the input, and the target list refers to
// the input and to the computed functions after it.
func (cp *createPlanContext) createWindowAgg(x *pathnodes.WindowAggPath) (built, error) {
	child, err := cp.create(x.Subpath)
	if err != nil {
		return built{}, err
	}
	wa := &plannodes.WindowAgg{WinRef: x.Clause.WinRef, FrameOptions: x.Clause.FrameOptions}
	setCosts(&wa.Header, &x.Base)
	wa.Lefttree = child.plan
	col := func(e nodes.Expr) (int, error) {
		i := findTle(child.logical, e)
		if i < 0 {
			return 0, pgerror.Internal("window key not found in input target list")
		}
		return i + 1, nil
	}
	for _, e := range x.PartKeys {
		c, err := col(e)
		if err != nil {
			return built{}, err
		}
		wa.PartColIdx = append(wa.PartColIdx, c)
	}
	for _, k := range x.OrderKeys {
		c, err := col(k.Expr)
		if err != nil {
			return built{}, err
		}
		wa.OrdColIdx = append(wa.OrdColIdx, c)
		wa.OrdDescending = append(wa.OrdDescending, k.Descending)
		wa.OrdNullsFirst = append(wa.OrdNullsFirst, k.NullsFirst)
	}
	for _, off := range []*nodes.Expr{&wa.StartOffset, &wa.EndOffset} {
		src := x.Clause.StartOffset
		if off == &wa.EndOffset {
			src = x.Clause.EndOffset
		}
		if src != nil {
			if *off, err = prep.EvalConstExpressions(src); err != nil {
				return built{}, err
			}
		}
	}
	ext := append([]*nodes.TargetEntry(nil), child.logical...)
	for _, wf := range x.Funcs {
		c := *wf
		c.Args = make([]nodes.Expr, len(wf.Args))
		for i, a := range wf.Args {
			c.Args[i] = upperRefs(a, child.logical)
		}
		if wf.AggFilter != nil {
			c.AggFilter = upperRefs(wf.AggFilter, child.logical)
		}
		wa.WinFuncs = append(wa.WinFuncs, &c)
		ext = append(ext, &nodes.TargetEntry{Expr: wf, ResNo: len(ext) + 1, Name: wf.Name})
	}
	for _, te := range x.Target {
		c := *te
		c.Expr = upperRefs(te.Expr, ext)
		wa.TargetList = append(wa.TargetList, &c)
	}
	return built{wa, x.Target}, nil
}

// upperRefs rewrites e so that every sub-expression the child computes,
// aggregates included, becomes an OUTER_VAR reference.
func upperRefs(e nodes.Expr, child []*nodes.TargetEntry) nodes.Expr {
	return nodes.Mutate(e, func(n nodes.Expr) (nodes.Expr, bool) {
		if i := findTle(child, n); i >= 0 {
			return &nodes.Var{VarNo: nodes.OuterVar, AttNo: i + 1, Type: n.ExprType(), Name: child[i].Name, Location: -1}, true
		}
		return nil, false
	})
}
