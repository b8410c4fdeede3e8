// node_ctescan.go implements CTE Scan (PG: nodeCtescan.c): it returns the
// rows of a recursive WITH query, filtered by its quals and projected
// through its target list. The query's plan (an InitPlan of the level
// declaring it) runs once per execution, however many CTE Scans read it:
// its rows go into a tupleStore shared by the scans, each reading with its
// own position. The plan runs only as far as some scan needs, so a LIMIT
// above a scan stops a recursion that would never end; a rescan reads the
// stored rows again.
//
// The shared result lives in the participant's executor state; the
// planner never places a CTE Scan below a Gather, so it is always the
// leader's.

package executor

import (
	"context"

	"github.com/loomdb/loomdb/internal/expr"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/plannodes"
	"github.com/loomdb/loomdb/internal/types"
	"github.com/loomdb/loomdb/internal/vector"
)

// cteResult is a recursive WITH query's result in one participant: the
// plan producing it and the rows it produced so far.
type cteResult struct {
	producer PlanState
	store    *tupleStore
	done     bool
}

// fetch runs the query's plan for one more batch of rows.
func (c *cteResult) fetch(ctx context.Context) error {
	b, err := c.producer.Exec(ctx)
	if err != nil {
		return err
	}
	if b == nil {
		c.done = true
		return nil
	}
	return c.store.appendBatch(b)
}

// cteResult returns the result of the query planned as SubPlan id,
// starting its plan when the first scan of it is built. The plan's
// PlanState is the SubPlan's, for EXPLAIN ANALYZE.
func (es *EState) cteResult(id int, ts []types.T) (*cteResult, error) {
	if c := es.ctes[id]; c != nil {
		return c, nil
	}
	if es.isWorker {
		// The planner keeps CTE Scans above every Gather.
		return nil, pgerror.Internal("CTE Scan in a parallel worker")
	}
	if id < 1 || id > len(es.Subplans) {
		return nil, pgerror.Internal("CTE plan %d does not exist", id)
	}
	for len(es.subplanStates) < len(es.Subplans) {
		es.subplanStates = append(es.subplanStates, nil)
	}
	ps, err := ExecInitNode(es.Subplans[id-1], es)
	if err != nil {
		return nil, err
	}
	es.subplanStates[id-1] = ps
	c := &cteResult{producer: ps, store: newTupleStore(ts, es.workMemBytes())}
	if es.ctes == nil {
		es.ctes = map[int]*cteResult{}
	}
	es.ctes[id] = c
	return c, nil
}

// closeCTEs releases the stored results of the statement's recursive WITH
// queries.
func (es *EState) closeCTEs() {
	for id, c := range es.ctes {
		c.store.close()
		delete(es.ctes, id)
	}
}

// CteScanState is the run-time state of a CteScan.
type CteScanState struct {
	plan   *plannodes.CteScan
	es     *EState
	result *cteResult
	rd     *tupleReader
	quals  []*expr.ExprState
	proj   *projection
	ectx   *expr.Context
	selBuf []int
	// Filtered counts rows removed by the quals.
	Filtered float64
}

func initCteScan(p *plannodes.CteScan, es *EState) (*CteScanState, error) {
	s := &CteScanState{plan: p, es: es, ectx: es.exprContext()}
	var err error
	if s.result, err = es.cteResult(p.CTEPlanID, p.ColTypes); err != nil {
		return nil, err
	}
	s.rd = s.result.store.reader()
	cols := scanColumns(p.ScanRelID, len(p.ColTypes), "CTE Scan")
	if s.quals, err = compileQuals(p.Qual, cols); err != nil {
		return nil, err
	}
	if s.proj, err = newProjection(p.TargetList, cols); err != nil {
		return nil, err
	}
	return s, nil
}

// Plan returns the node's plan.
func (s *CteScanState) Plan() plannodes.Plan { return s.plan }

// Exec returns the next batch of qualifying rows, running the query's
// plan further when this scan has read all it produced so far.
func (s *CteScanState) Exec(ctx context.Context) (*vector.Batch, error) {
	s.ectx.Ctx = ctx
	for {
		if err := ctx.Err(); err != nil {
			return nil, pgerror.Convert(err)
		}
		b, err := s.rd.next()
		if err != nil {
			return nil, err
		}
		if b == nil {
			if s.result.done {
				return nil, nil
			}
			if err := s.result.fetch(ctx); err != nil {
				return nil, err
			}
			continue
		}
		removed, err := qualFilter(s.ectx, s.quals, b, &s.selBuf)
		if err != nil {
			return nil, err
		}
		s.Filtered += float64(removed)
		if b.Len() == 0 {
			continue
		}
		return s.proj.project(s.ectx, b)
	}
}

// ReScan reads the stored result from its first row again: the query
// reads no parameters, so its rows do not change.
func (s *CteScanState) ReScan(context.Context) error {
	s.rd.rewind()
	return nil
}

// End does nothing: the result is shared, and released with the
// statement's SubPlans.
func (s *CteScanState) End() error { return nil }
