// targetsrf.go checks set-returning functions in a select list (PG:
// check_srf_call_placement and the CASE and COALESCE checks of
// parse_expr.c): each call runs once per input row, all of them in
// lockstep, so a call whose evaluation is conditional, or whose argument
// is itself a set, is refused.

package analyze

import (
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/optimizer/util"
	"github.com/loomdb/loomdb/internal/pgerror"
)

// selectSRFCheck refuses the set-returning calls of select-list
// expression e that are inside CASE or COALESCE, or inside another
// set-returning call's arguments.
func (a *analyzer) selectSRFCheck(e nodes.Expr) error {
	hint := "You might be able to move the set-returning function into a LATERAL FROM item."
	var err error
	var visit func(n nodes.Expr, within string)
	visit = func(n nodes.Expr, within string) {
		nodes.Walk(n, func(x nodes.Expr) bool {
			if err != nil {
				return false
			}
			if x != n || within == "" {
				switch x.(type) {
				case *nodes.CaseExpr:
					visit(x, "CASE")
					return false
				case *nodes.CoalesceExpr:
					visit(x, "COALESCE")
					return false
				}
			}
			if !util.IsSetReturning(x) {
				return true
			}
			fe := x.(*nodes.FuncExpr)
			switch {
			case within == "SRF":
				err = pgerror.New(pgerror.FeatureNotSupported, "set-returning functions in the arguments of set-returning functions are not supported yet").WithPosition(a.pos(int32(fe.Location)))
			case within != "":
				err = pgerror.Newf(pgerror.FeatureNotSupported, "set-returning functions are not allowed in %s", within).WithHint("%s", hint).WithPosition(a.pos(int32(fe.Location)))
			}
			for _, arg := range fe.Args {
				visit(arg, "SRF")
			}
			return false
		})
	}
	visit(e, "")
	return err
}

// groupBySRFCheck refuses GROUP BY on a select-list entry calling a
// set-returning function: PostgreSQL expands the rows before grouping,
// which loomdb's ProjectSet, computed after grouping, does not.
func groupBySRFCheck(q *nodes.Query) error {
	if !q.HasTargetSRFs {
		return nil
	}
	for _, g := range q.GroupClause {
		for _, te := range q.TargetList {
			if te.SortGroupRef == g.TLESortGroupRef && nodes.Contains(te.Expr, util.IsSetReturning) {
				return pgerror.Unsupported("GROUP BY a set-returning function's result is not supported yet")
			}
		}
	}
	return nil
}
