// node_bitmapindexscan.go implements Bitmap Index Scan: it reads every TID
// its index conditions select and returns them as a bitmap to the node
// above (MultiExec); it never returns rows. It is not parallel aware.

package executor

import (
	"context"

	"github.com/loomdb/loomdb/internal/access/nbtree"
	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/catalog"
	"github.com/loomdb/loomdb/internal/expr"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/plannodes"
	"github.com/loomdb/loomdb/internal/storage"
	"github.com/loomdb/loomdb/internal/vector"
)

// BitmapIndexScanState is the run-time state of a BitmapIndexScan.
type BitmapIndexScanState struct {
	plan  *plannodes.BitmapIndexScan
	es    *EState
	ia    IndexAccess
	rel   *catalog.Relation
	keys  *scanKeyBuilder
	ectx  *expr.Context
	usage storage.BufferUsage
}

var (
	_ BitmapProducer      = (*BitmapIndexScanState)(nil)
	_ BufferUsageReporter = (*BitmapIndexScanState)(nil)
)

func initBitmapIndexScan(p *plannodes.BitmapIndexScan, es *EState) (*BitmapIndexScanState, error) {
	s := &BitmapIndexScanState{plan: p, es: es, ectx: es.exprContext()}
	var err error
	if s.ia, err = indexAccess(es); err != nil {
		return nil, err
	}
	if s.rel, err = es.Tables.Relation(p.RelOid); err != nil {
		return nil, err
	}
	if s.keys, err = newScanKeyBuilder(es, p.ScanRelID, p.IndexQual, p.IndexKeys); err != nil {
		return nil, err
	}
	return s, nil
}

// Plan returns the node's plan.
func (s *BitmapIndexScanState) Plan() plannodes.Plan { return s.plan }

// BufferUsage returns the index's buffer accesses so far.
func (s *BitmapIndexScanState) BufferUsage() storage.BufferUsage { return s.usage }

// MultiExec scans the index and returns the TIDs found.
func (s *BitmapIndexScanState) MultiExec(ctx context.Context) (*TIDBitmap, error) {
	s.ectx.Ctx = ctx
	sets, err := s.keys.buildAll(s.ectx, false)
	if err != nil {
		return nil, err
	}
	var tids []table.TID
	for _, keys := range sets {
		if tids, err = s.scanKeys(ctx, keys, tids); err != nil {
			return nil, err
		}
	}
	return newTIDBitmap(tids), nil
}

// scanKeys appends to tids the entries the index has for one key set.
func (s *BitmapIndexScanState) scanKeys(ctx context.Context, keys []nbtree.ScanKey, tids []table.TID) ([]table.TID, error) {
	scan, err := s.ia.BeginIndexScan(s.rel, s.plan.IndexOid, keys, nbtree.ScanOptions{})
	if err != nil {
		return nil, err
	}
	defer func() {
		s.usage.Add(scan.Usage())
		scan.End()
	}()
	for {
		ok, err := scan.Next(ctx, nil)
		if err != nil {
			return nil, err
		}
		if !ok {
			return tids, nil
		}
		tids = append(tids, scan.TIDs()...)
	}
}

// Exec is not used: the node returns a bitmap through MultiExec.
func (s *BitmapIndexScanState) Exec(ctx context.Context) (*vector.Batch, error) {
	return nil, pgerror.Internal("Bitmap Index Scan returns a bitmap, not rows")
}

// ReScan has nothing to reset: each MultiExec scans afresh.
func (s *BitmapIndexScanState) ReScan(ctx context.Context) error { return nil }

// End has nothing to release.
func (s *BitmapIndexScanState) End() error { return nil }
