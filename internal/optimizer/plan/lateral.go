// lateral.go handles the relations of a FROM clause that read the current
// row of other relations: subqueries written LATERAL, and functions and
// VALUES lists in FROM whose arguments name earlier FROM items (PG:
// initsplan.c extract_lateral_references and create_lateral_join_info,
// createplan.c replace_nestloop_params, paramassign.c). Such a relation
// is scanned on the inner side of a nested loop whose outer side supplies
// those rows; its references become executor Params, which the Nested
// Loop sets from each outer row before rescanning its inner side.

package plan

import (
	"slices"
	"sort"

	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/optimizer/pathnodes"
	"github.com/loomdb/loomdb/internal/optimizer/prep"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/plannodes"
)

// setLateralInfo finds the LATERAL references of the FROM clause's base
// relations and sets each relation's lateral relids, direct and
// transitive, and its referencers (PG: create_lateral_join_info).
func (fp *fromPlanner) setLateralInfo() {
	q := fp.root.Parse
	for _, rti := range fp.allRelids {
		rte := q.RangeTable[rti-1]
		var vars []*nodes.Var
		collect := func(e nodes.Expr) {
			nodes.Walk(e, func(n nodes.Expr) bool {
				if v, ok := n.(*nodes.Var); ok && v.LevelsUp == 0 && v.VarNo > 0 && v.VarNo != rti {
					vars = append(vars, v)
				}
				return true
			})
		}
		switch rte.Kind {
		case nodes.RTEFunction:
			collect(rte.Func)
		case nodes.RTEValues:
			for _, row := range rte.Values {
				for _, e := range row {
					collect(e)
				}
			}
		case nodes.RTESubquery:
			vars = prep.OuterLevelVars(rte.Subquery)
		}
		if len(vars) == 0 {
			continue
		}
		if fp.lateralVars == nil {
			fp.lateralVars = map[int][]nodes.Expr{}
		}
		rel := fp.root.SimpleRelArray[rti]
		for _, v := range vars {
			c := *v
			c.Location = -1
			fp.lateralVars[rti] = append(fp.lateralVars[rti], &c)
			rel.LateralVars = append(rel.LateralVars, &c)
			if !slices.Contains(rel.DirectLateralRelids, v.VarNo) {
				rel.DirectLateralRelids = append(rel.DirectLateralRelids, v.VarNo)
			}
		}
		sort.Ints(rel.DirectLateralRelids)
		rel.LateralRelids = append([]int(nil), rel.DirectLateralRelids...)
	}
	if fp.lateralVars == nil {
		return
	}
	// A relation also needs what the relations it reads need.
	for changed := true; changed; {
		changed = false
		for _, rti := range fp.allRelids {
			rel := fp.root.SimpleRelArray[rti]
			for _, r := range rel.LateralRelids {
				for _, x := range fp.root.SimpleRelArray[r].LateralRelids {
					if x != rti && !slices.Contains(rel.LateralRelids, x) {
						rel.LateralRelids = append(rel.LateralRelids, x)
						changed = true
					}
				}
			}
			sort.Ints(rel.LateralRelids)
		}
	}
	for _, rti := range fp.allRelids {
		for _, r := range fp.root.SimpleRelArray[rti].LateralRelids {
			ref := fp.root.SimpleRelArray[r]
			if !slices.Contains(ref.LateralReferencers, rti) {
				ref.LateralReferencers = append(ref.LateralReferencers, rti)
			}
		}
	}
}

// lateralNeeded returns the Vars that LATERAL references of relations
// outside relids read: relids must produce those of its own relations.
func (fp *fromPlanner) lateralNeeded(relids []int) []nodes.Expr {
	var out []nodes.Expr
	for _, rti := range fp.allRelids {
		if vars, ok := fp.lateralVars[rti]; ok && !contains(relids, rti) {
			out = append(out, vars...)
		}
	}
	return out
}

// lateralParam returns the parameterization of a base relation's paths:
// nil without LATERAL references, else the relations they need.
func lateralParam(rel *pathnodes.RelOptInfo) *pathnodes.ParamInfo {
	if len(rel.LateralRelids) == 0 {
		return nil
	}
	return &pathnodes.ParamInfo{RequiredOuter: rel.LateralRelids, Rows: rel.Rows}
}

// nestLoopParam returns the executor Param that a parameterized scan
// reads in place of v, a column of a relation on the outer side of a
// nested loop above: the one already assigned to v at this query level,
// or a new one (PG: replace_nestloop_param_var).
func (cp *createPlanContext) nestLoopParam(v *nodes.Var) *nodes.Param {
	for _, pp := range cp.outerParams {
		if pp.Var.VarNo == v.VarNo && pp.Var.AttNo == v.AttNo {
			return &nodes.Param{Kind: nodes.ParamExec, ID: pp.ID, Type: v.Type}
		}
	}
	prm := cp.root.Glob.NewExecParam(v.Type)
	c := *v
	c.Location = -1
	cp.outerParams = append(cp.outerParams, pathnodes.PlanParam{ID: prm.ID, Var: &c})
	if cp.root.Glob.ScanParams == nil {
		cp.root.Glob.ScanParams = map[int]bool{}
	}
	cp.root.Glob.ScanParams[prm.ID] = true
	return prm
}

// replaceNestLoopVars replaces in e the references to relations other
// than relid by executor Params (PG: replace_nestloop_params).
func (cp *createPlanContext) replaceNestLoopVars(e nodes.Expr, relid int) nodes.Expr {
	return nodes.Mutate(e, func(n nodes.Expr) (nodes.Expr, bool) {
		if v, ok := n.(*nodes.Var); ok && v.LevelsUp == 0 && v.VarNo > 0 && v.VarNo != relid {
			return cp.nestLoopParam(v), true
		}
		return nil, false
	})
}

// lateralNestParams takes from cp.outerParams those that the outer side
// of a nested loop supplies (its relations are outerRelids, its output
// outer) and returns them as the loop's NestParams (PG:
// identify_current_nestloop_params).
func (cp *createPlanContext) lateralNestParams(outerRelids []int, outer built) ([]plannodes.NestParam, error) {
	var out []plannodes.NestParam
	keep := cp.outerParams[:0:0]
	for _, pp := range cp.outerParams {
		if !contains(outerRelids, pp.Var.VarNo) {
			keep = append(keep, pp)
			continue
		}
		col := findVar(outer.logical, pp.Var)
		if col < 0 {
			return nil, pgerror.Internal("column %s read by a LATERAL reference is not produced by the outer side of its nested loop", pp.Var.Name)
		}
		out = append(out, plannodes.NestParam{VarNo: pp.Var.VarNo, AttNo: pp.Var.AttNo, OuterCol: col, Exec: true, ParamID: pp.ID})
	}
	cp.outerParams = keep
	return out, nil
}

// findVar returns the position of the column v in tl, or -1.
func findVar(tl []*nodes.TargetEntry, v *nodes.Var) int {
	for i, te := range tl {
		if x, ok := te.Expr.(*nodes.Var); ok && x.VarNo == v.VarNo && x.AttNo == v.AttNo && x.LevelsUp == 0 {
			return i
		}
	}
	return -1
}

// pathRelids returns the base relations a path reads.
func pathRelids(p pathnodes.Path) []int {
	if parent := p.PathBase().Parent; parent != nil {
		return parent.Relids
	}
	return nil
}
