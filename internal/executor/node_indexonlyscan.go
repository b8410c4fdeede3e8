// node_indexonlyscan.go implements Index Only Scan: the row values come
// from the index entries themselves. An entry whose heap page the
// visibility map marks all-visible is returned as it is; any other's heap
// tuple is checked against the snapshot (a heap fetch, as EXPLAIN ANALYZE
// counts them); the row data is never deformed from the heap. Rows come
// out in index order. In parallel it shares one btree scan among its
// participants, as Parallel Index Scan does.

package executor

import (
	"context"

	"github.com/loomdb/loomdb/internal/plannodes"
	"github.com/loomdb/loomdb/internal/vector"
)

// IndexOnlyScanState is the run-time state of an IndexOnlyScan.
type IndexOnlyScanState struct {
	indexScanBase
	ios *plannodes.IndexOnlyScan
	vis []int
	// HeapFetches counts the heap tuples visited for visibility (EXPLAIN
	// ANALYZE).
	HeapFetches float64
}

var (
	_ BufferUsageReporter = (*IndexOnlyScanState)(nil)
	_ ParallelAware       = (*IndexOnlyScanState)(nil)
)

func initIndexOnlyScan(p *plannodes.IndexOnlyScan, es *EState) (*IndexOnlyScanState, error) {
	// vis is never nil: a nil selection would keep every row.
	s := &IndexOnlyScanState{ios: p, vis: make([]int, 0, vector.BatchSize)}
	if err := s.init(&p.IndexScan, es, true); err != nil {
		return nil, err
	}
	return s, nil
}

// Plan returns the node's plan.
func (s *IndexOnlyScanState) Plan() plannodes.Plan { return s.ios }

// Exec returns the next batch of qualifying rows.
func (s *IndexOnlyScanState) Exec(ctx context.Context) (*vector.Batch, error) {
	return s.exec(ctx, true, s.checkVisible)
}

// checkVisible keeps the entries whose heap tuple the snapshot sees.
func (s *IndexOnlyScanState) checkVisible() error {
	s.vis = s.vis[:0]
	tids := s.scan.TIDs()
	s.entries = false
	for i, tid := range tids {
		allVisible, err := s.fetcher.allVisible(tid.Block)
		if err != nil {
			return err
		}
		if allVisible {
			s.vis = append(s.vis, i)
			continue
		}
		s.HeapFetches++
		visible, err := s.fetcher.fetch(tid, nil)
		if err != nil {
			return err
		}
		if visible {
			s.vis = append(s.vis, i)
		}
	}
	if len(s.vis) < s.batch.N {
		s.batch.Sel = s.vis
	}
	return nil
}
