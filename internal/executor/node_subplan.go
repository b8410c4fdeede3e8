// node_subplan.go runs the statement's SubPlans and InitPlans (PG:
// executor/nodeSubplan.c). Their plans are the PlannedStmt's Subplans; each
// gets one PlanState, built on first use and rescanned for every later
// call. An InitPlan runs the first time one of the executor Params it sets
// is read, and again after a Param its plan reads changed. Expressions
// reach all this through the expr.SubPlanRunner the EState implements.
//
// In parallel plans a SubPlan runs in the participant that evaluates the
// expression: every participant has its own EState and PlanStates.

package executor

import (
	"context"

	"github.com/loomdb/loomdb/internal/expr"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/plannodes"
	"github.com/loomdb/loomdb/internal/types"
)

var _ expr.SubPlanRunner = (*EState)(nil)

// execParam is the current value of one executor Param.
type execParam struct {
	value types.Datum
	valid bool
	// initPlan, when set and the value not yet valid, computes it.
	initPlan *nodes.SubPlan
	// gen counts the times the value was set: nodes that keep results
	// across rescans compare it with the count they computed under (PG:
	// the chgParam sets of rescans).
	gen uint64
	// deps are, for an InitPlan's output, the Params its plan reads from
	// outside it, and depGens their counts when it ran: once one has
	// changed (a LATERAL reference's value, set by a Nested Loop) the
	// InitPlan runs again.
	deps    []int
	depGens []uint64
}

// paramGens returns the set counts of the Params ids.
func (es *EState) paramGens(ids []int, into []uint64) []uint64 {
	into = into[:0]
	for _, id := range ids {
		into = append(into, es.execParams[id].gen)
	}
	return into
}

// paramsChanged reports whether one of the Params ids has been set since
// their counts were gens.
func (es *EState) paramsChanged(ids []int, gens []uint64) bool {
	for i, id := range ids {
		if es.execParams[id].gen != gens[i] {
			return true
		}
	}
	return false
}

// ExecutorStart builds the PlanState tree of a planned statement, giving
// es its SubPlans (PG: ExecutorStart and InitPlan). The caller ends the
// tree, then calls es.EndSubplans.
func ExecutorStart(ps *plannodes.PlannedStmt, es *EState) (PlanState, error) {
	es.Subplans = ps.Subplans
	es.execParams = make([]execParam, len(ps.ParamExecTypes))
	return ExecInitNode(ps.PlanTree, es)
}

// registerInitPlans notes the InitPlans attached to p, which compute their
// Params when first read.
func (es *EState) registerInitPlans(p plannodes.Plan) error {
	for _, ip := range p.PlanHeader().InitPlan {
		for _, id := range ip.SetParam {
			if id >= len(es.execParams) {
				return pgerror.Internal("InitPlan parameter $%d out of range", id)
			}
			if ip.PlanID < 1 || ip.PlanID > len(es.Subplans) {
				return pgerror.Internal("%s does not exist", ip.Name)
			}
			deps := plannodes.ExternalParams(es.Subplans[ip.PlanID-1], es.Subplans)
			for _, d := range deps {
				if d >= len(es.execParams) {
					return pgerror.Internal("InitPlan parameter $%d out of range", d)
				}
			}
			es.execParams[id] = execParam{initPlan: ip, deps: deps, gen: es.execParams[id].gen}
		}
	}
	return nil
}

// SubplanState returns the PlanState of SubPlan id (1-based), or nil if
// it has not run.
func (es *EState) SubplanState(id int) PlanState {
	if id-1 < len(es.subplanStates) {
		return es.subplanStates[id-1]
	}
	return nil
}

// EndSubplans ends the PlanStates of the SubPlans that ran and releases
// the results of recursive WITH queries.
func (es *EState) EndSubplans() {
	for i, ps := range es.subplanStates {
		if ps != nil {
			ps.End()
			es.subplanStates[i] = nil
		}
	}
	es.closeCTEs()
}

// ExecParam implements expr.SubPlanRunner: the value of executor Param id,
// running the InitPlan that sets it if it has not run (PG:
// ExecEvalParamExec and ExecSetParamPlan).
func (es *EState) ExecParam(ctx context.Context, id int) (types.Datum, error) {
	if id < 0 || id >= len(es.execParams) {
		return nil, pgerror.Internal("executor parameter $%d is not defined", id)
	}
	prm := &es.execParams[id]
	if prm.valid && prm.initPlan != nil && es.paramsChanged(prm.deps, prm.depGens) {
		prm.valid = false
	}
	if !prm.valid && prm.initPlan != nil {
		if err := es.runInitPlan(ctx, prm.initPlan); err != nil {
			return nil, err
		}
	}
	if !prm.valid {
		return nil, pgerror.Internal("executor parameter $%d is not set", id)
	}
	return prm.value, nil
}

// SetExecParam implements expr.SubPlanRunner.
func (es *EState) SetExecParam(id int, d types.Datum) {
	prm := &es.execParams[id]
	prm.value, prm.valid = d, true
	prm.gen++
}

func (es *EState) runInitPlan(ctx context.Context, ip *nodes.SubPlan) error {
	if ip.Kind == nodes.CTESubLink {
		// A recursive WITH query's rows are read by CTE Scans only.
		return pgerror.Internal("the result of %s is not a value", ip.Name)
	}
	var value types.Datum
	found := false
	var elems []types.Datum
	// values are the columns of the row of a multiple-column assignment's
	// InitPlan, one per Param it sets.
	var values []types.Datum
	err := es.RunSubPlan(ctx, ip.PlanID, func(row []types.Datum) (bool, error) {
		if ip.Kind == nodes.ArraySubLink {
			elems = append(elems, row[0])
			return true, nil
		}
		if ip.Kind == nodes.ExistsSubLink {
			found = true
			return false, nil
		}
		if found {
			return false, pgerror.New(pgerror.CardinalityViolation, "more than one row returned by a subquery used as an expression")
		}
		found = true
		value = row[0]
		if len(ip.SetParam) > 1 {
			values = append(values[:0], row...)
		}
		return true, nil
	})
	if err != nil {
		return err
	}
	if ip.Kind == nodes.ArraySubLink {
		value = types.ArrayFromElems(types.ArrayElemType(ip.Type), elems)
	}
	if ip.Kind == nodes.ExistsSubLink {
		value = found
	}
	for k, id := range ip.SetParam {
		prm := &es.execParams[id]
		if len(ip.SetParam) > 1 {
			value = nil
			if k < len(values) {
				value = values[k]
			}
		}
		prm.value, prm.valid = value, true
		prm.gen++
		prm.depGens = es.paramGens(prm.deps, prm.depGens)
	}
	return nil
}

// RunSubPlan implements expr.SubPlanRunner: it runs SubPlan id from the
// start, passing each output row to each until that returns false.
func (es *EState) RunSubPlan(ctx context.Context, id int, each func(row []types.Datum) (bool, error)) error {
	if id < 1 || id > len(es.Subplans) {
		return pgerror.Internal("SubPlan %d does not exist", id)
	}
	for len(es.subplanStates) < len(es.Subplans) {
		es.subplanStates = append(es.subplanStates, nil)
	}
	ps := es.subplanStates[id-1]
	if ps == nil {
		var err error
		if ps, err = ExecInitNode(es.Subplans[id-1], es); err != nil {
			return err
		}
		es.subplanStates[id-1] = ps
	} else if err := ps.ReScan(ctx); err != nil {
		return err
	}
	var row []types.Datum
	for {
		if err := ctx.Err(); err != nil {
			return pgerror.Convert(err)
		}
		b, err := ps.Exec(ctx)
		if err != nil {
			return err
		}
		if b == nil {
			return nil
		}
		if row == nil {
			row = make([]types.Datum, len(b.Cols))
		}
		// Most runs return one row: no row list is built for them.
		for i := range b.Len() {
			r := i
			if b.Sel != nil {
				r = b.Sel[i]
			}
			for c, v := range b.Cols {
				row[c] = v.Get(r)
			}
			more, err := each(row)
			if err != nil || !more {
				return err
			}
		}
	}
}
