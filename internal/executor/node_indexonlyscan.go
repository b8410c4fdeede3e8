// node_indexonlyscan.go implements Index Only Scan: the row values come
// from the index entries themselves. loomdb keeps no visibility map, so
// each entry's heap tuple is still checked against the snapshot (counted
// as a heap fetch); the row data is never deformed from the heap. Rows come
// out in index order. It is not parallel aware.

package executor

import (
	"context"

	"github.com/loomdb/loomdb/internal/catalog"
	"github.com/loomdb/loomdb/internal/expr"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/plannodes"
	"github.com/loomdb/loomdb/internal/storage"
	"github.com/loomdb/loomdb/internal/types"
	"github.com/loomdb/loomdb/internal/vector"
)

// IndexOnlyScanState is the run-time state of an IndexOnlyScan.
type IndexOnlyScanState struct {
	plan  *plannodes.IndexOnlyScan
	es    *EState
	ia    IndexAccess
	rel   *catalog.Relation
	keys  *scanKeyBuilder
	scan  IndexScanDesc
	batch *vector.Batch
	quals []*expr.ExprState
	proj  *projection
	ectx  *expr.Context
	sel   []int
	vis   []int
	done  bool
	// Filtered counts rows removed by the qual; HeapFetches the heap
	// tuples visited for visibility (EXPLAIN ANALYZE).
	Filtered    float64
	HeapFetches float64
	usage       storage.BufferUsage
}

var _ BufferUsageReporter = (*IndexOnlyScanState)(nil)

func initIndexOnlyScan(p *plannodes.IndexOnlyScan, es *EState) (*IndexOnlyScanState, error) {
	s := &IndexOnlyScanState{plan: p, es: es, ectx: es.exprContext()}
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
	ts := make([]types.T, len(p.IndexKeys))
	for i, a := range p.IndexKeys {
		ts[i] = s.rel.Columns[a-1].Type
	}
	s.batch = vector.NewBatch(ts, vector.BatchSize)
	cols := func(v *nodes.Var) (int, error) {
		if v.VarNo == p.ScanRelID {
			for k, a := range p.IndexKeys {
				if a == v.AttNo {
					return k, nil
				}
			}
		}
		return 0, pgerror.Internal("column %s is not in the index", v.Name)
	}
	for _, q := range p.Qual {
		x, err := expr.Compile(q, cols)
		if err != nil {
			return nil, err
		}
		s.quals = append(s.quals, x)
	}
	if s.proj, err = newProjection(p.TargetList, cols); err != nil {
		return nil, err
	}
	return s, nil
}

// Plan returns the node's plan.
func (s *IndexOnlyScanState) Plan() plannodes.Plan { return s.plan }

// BufferUsage returns the index's buffer accesses so far.
func (s *IndexOnlyScanState) BufferUsage() storage.BufferUsage {
	u := s.usage
	if s.scan != nil {
		u.Add(s.scan.Usage())
	}
	return u
}

// Exec returns the next batch of qualifying rows.
func (s *IndexOnlyScanState) Exec(ctx context.Context) (*vector.Batch, error) {
	s.ectx.Ctx = ctx
	if s.scan == nil && !s.done {
		keys, err := s.keys.build(s.ectx)
		if err != nil {
			return nil, err
		}
		if s.scan, err = s.ia.BeginIndexScan(s.rel, s.plan.IndexOid, keys, s.plan.Backward, true); err != nil {
			return nil, err
		}
	}
	for !s.done {
		ok, err := s.scan.Next(ctx, s.batch)
		if err != nil {
			return nil, err
		}
		if !ok {
			s.done = true
			break
		}
		s.vis = s.vis[:0]
		for i, tid := range s.scan.TIDs() {
			s.HeapFetches++
			_, visible, err := s.ia.FetchRow(s.rel, tid)
			if err != nil {
				return nil, err
			}
			if visible {
				s.vis = append(s.vis, i)
			}
		}
		if len(s.vis) < s.batch.N {
			s.batch.Sel = s.vis
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

func (s *IndexOnlyScanState) endScan() {
	if s.scan != nil {
		s.usage.Add(s.scan.Usage())
		s.scan.End()
		s.scan = nil
	}
}

// ReScan restarts the scan, re-evaluating the comparison values.
func (s *IndexOnlyScanState) ReScan(ctx context.Context) error {
	s.endScan()
	s.done = false
	return nil
}

// End closes the scan.
func (s *IndexOnlyScanState) End() error {
	s.endScan()
	return nil
}
