// modifycte.go plans data-modifying statements in WITH (PG:
// SS_process_ctes for a CTE whose query is an INSERT, UPDATE or DELETE).
// The statement is planned as a query level of its own, a ModifyTable over
// its source, and becomes an InitPlan named "CTE name" like a recursive
// WITH query: references are CTE Scans of its RETURNING rows. Its
// ModifyTable does not count rows for the command tag, and the executor
// runs it to completion once the main plan is done, if no scan did.
//
// A statement with such a WITH is never planned in parallel: the query's
// parallel-safety check sees the data-modifying statement in its CTEList.

package plan

import (
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/optimizer/pathnodes"
	"github.com/loomdb/loomdb/internal/plannodes"
)

// planModifyingCTE plans data-modifying WITH query cte as a subsidiary
// query level and merges its range table into root's.
func planModifyingCTE(root *pathnodes.PlannerInfo, cte *nodes.CommonTableExpr, cfg *Config) (plannodes.Plan, error) {
	glob := root.Glob
	if glob.CTEs == nil {
		glob.CTEs = map[*nodes.CommonTableExpr]*pathnodes.CTEPlan{}
	}
	glob.CTEs[cte] = &pathnodes.CTEPlan{}
	q := cte.Query
	first := len(glob.Subplans)
	var subroot *pathnodes.PlannerInfo
	var plan plannodes.Plan
	var err error
	if q.Source != nil {
		subroot, plan, err = modifyLevel(glob, q, cfg)
	} else {
		// INSERT ... VALUES plans as one level with its ModifyTable.
		subroot, plan, err = subqueryPlanner(glob, q, cfg, 0)
	}
	if err != nil {
		return nil, err
	}
	offset := len(root.FinalRangeTable)
	plannodes.OffsetRangeTable(plan, offset)
	for _, sp := range glob.Subplans[first:] {
		plannodes.OffsetRangeTable(sp, offset)
	}
	root.FinalRangeTable = append(root.FinalRangeTable, subroot.FinalRangeTable...)
	return plan, nil
}
