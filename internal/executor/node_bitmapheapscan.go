// node_bitmapheapscan.go implements Bitmap Heap Scan: it gets the TID
// bitmap from its child once per scan, then fetches those rows in physical
// order, keeping the ones the snapshot sees and the quals accept. The
// bitmap is exact, so the index conditions need no recheck. It is not
// parallel aware.

package executor

import (
	"context"

	"github.com/loomdb/loomdb/internal/catalog"
	"github.com/loomdb/loomdb/internal/expr"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/plannodes"
	"github.com/loomdb/loomdb/internal/types"
	"github.com/loomdb/loomdb/internal/vector"
)

// BitmapHeapScanState is the run-time state of a BitmapHeapScan.
type BitmapHeapScanState struct {
	plan   *plannodes.BitmapHeapScan
	es     *EState
	ia     IndexAccess
	rel    *catalog.Relation
	child  PlanState
	bitmap *TIDBitmap
	pos    int
	batch  *vector.Batch
	quals  []*expr.ExprState
	proj   *projection
	ectx   *expr.Context
	sel    []int
	// Filtered counts rows removed by the qual; ExactPages the heap pages
	// visited (EXPLAIN ANALYZE "Heap Blocks").
	Filtered   float64
	ExactPages int64
}

func initBitmapHeapScan(p *plannodes.BitmapHeapScan, es *EState) (*BitmapHeapScanState, error) {
	s := &BitmapHeapScanState{plan: p, es: es, ectx: es.exprContext()}
	var err error
	if s.ia, err = indexAccess(es); err != nil {
		return nil, err
	}
	if s.rel, err = es.Tables.Relation(p.RelOid); err != nil {
		return nil, err
	}
	ts := make([]types.T, len(s.rel.Columns))
	for i, c := range s.rel.Columns {
		ts[i] = c.Type
	}
	s.batch = vector.NewBatch(ts, vector.BatchSize)
	cols := tableColumns(p.ScanRelID, len(ts))
	if s.quals, err = compileQuals(p.Qual, cols); err != nil {
		return nil, err
	}
	if s.proj, err = newProjection(p.TargetList, cols); err != nil {
		return nil, err
	}
	if s.child, err = ExecInitNode(p.Lefttree, es); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *BitmapHeapScanState) childStates() []PlanState { return []PlanState{s.child} }

// Plan returns the node's plan.
func (s *BitmapHeapScanState) Plan() plannodes.Plan { return s.plan }

// Exec returns the next batch of qualifying rows.
func (s *BitmapHeapScanState) Exec(ctx context.Context) (*vector.Batch, error) {
	s.ectx.Ctx = ctx
	if s.bitmap == nil {
		bm, err := multiExec(ctx, s.child)
		if err != nil {
			return nil, err
		}
		s.bitmap, s.pos = bm, 0
		lastBlock := int64(-1)
		for _, t := range bm.tids {
			if int64(t.Block) != lastBlock {
				s.ExactPages++
				lastBlock = int64(t.Block)
			}
		}
	}
	for s.pos < len(s.bitmap.tids) {
		if err := ctx.Err(); err != nil {
			return nil, pgerror.Convert(err)
		}
		s.batch.Reset()
		for s.pos < len(s.bitmap.tids) && s.batch.N < vector.BatchSize {
			row, visible, err := s.ia.FetchRow(s.rel, s.bitmap.tids[s.pos])
			s.pos++
			if err != nil {
				return nil, err
			}
			if visible {
				s.batch.AppendRow(row)
			}
		}
		removed, err := qualFilter(s.ectx, s.quals, s.batch, &s.sel)
		if err != nil {
			return nil, err
		}
		s.Filtered += float64(removed)
		if s.batch.Len() == 0 {
			continue
		}
		return s.proj.project(s.ectx, s.batch)
	}
	return nil, nil
}

// ReScan forgets the bitmap; the next Exec builds it again.
func (s *BitmapHeapScanState) ReScan(ctx context.Context) error {
	s.bitmap = nil
	return s.child.ReScan(ctx)
}

// End ends the child.
func (s *BitmapHeapScanState) End() error {
	if s.child != nil {
		return s.child.End()
	}
	return nil
}
