// node_seqscan.go implements Seq Scan: it reads a table's visible rows in
// batches, deforming only the columns the plan needs, filters them with the
// node's qual and computes its target list. With a physical target list it
// passes the scanned columns through without projecting.

package executor

import (
	"context"

	"github.com/loomdb/loomdb/internal/expr"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/plannodes"
	"github.com/loomdb/loomdb/internal/storage"
	"github.com/loomdb/loomdb/internal/types"
	"github.com/loomdb/loomdb/internal/vector"
)

// SeqScanState is the run-time state of a SeqScan.
type SeqScanState struct {
	plan   *plannodes.SeqScan
	es     *EState
	scan   TableScan
	batch  *vector.Batch
	quals  []*expr.ExprState
	proj   *projection
	phys   *vector.Batch // output for a physical target list
	physAt []int         // output column -> scanned column, or -1
	selBuf []int
	ectx   *expr.Context
	done   bool
	// Filtered counts rows removed by the qual (EXPLAIN ANALYZE "Rows Removed by Filter").
	Filtered float64
	// usage sums the buffer accesses of scans already ended (rescans).
	usage storage.BufferUsage
}

// usageReporter is a table scan that counts its buffer accesses.
type usageReporter interface{ Usage() storage.BufferUsage }

// BufferUsage returns the buffer accesses of the node's scans so far, over
// all rescans (EXPLAIN BUFFERS); zero when the table scan does not count them.
func (s *SeqScanState) BufferUsage() storage.BufferUsage {
	u := s.usage
	if r, ok := s.scan.(usageReporter); ok {
		u.Add(r.Usage())
	}
	return u
}

// endScan ends the current table scan, keeping its buffer counts.
func (s *SeqScanState) endScan() {
	if r, ok := s.scan.(usageReporter); ok {
		s.usage.Add(r.Usage())
	}
	s.scan.End()
	s.scan = nil
}

func initSeqScan(p *plannodes.SeqScan, es *EState) (*SeqScanState, error) {
	s := &SeqScanState{plan: p, es: es, ectx: es.exprContext()}
	rel, err := es.Tables.Relation(p.RelOid)
	if err != nil {
		return nil, err
	}
	pos := map[int]int{}
	ts := make([]types.T, len(p.Cols))
	for i, c := range p.Cols {
		pos[c+1] = i
		ts[i] = rel.Columns[c].Type
	}
	s.batch = vector.NewBatch(ts, vector.BatchSize)
	cols := func(v *nodes.Var) (int, error) {
		i, ok := pos[v.AttNo]
		if !ok || v.VarNo != p.ScanRelID {
			return 0, pgerror.Internal("column %s is not scanned", v.Name)
		}
		return i, nil
	}
	if s.quals, err = compileQuals(p.Qual, cols); err != nil {
		return nil, err
	}
	if isPhysicalTlist(p) {
		s.phys = &vector.Batch{Cols: make([]*vector.Vector, len(p.TargetList))}
		for _, te := range p.TargetList {
			at, ok := pos[te.Expr.(*nodes.Var).AttNo]
			if !ok {
				at = -1
			}
			s.physAt = append(s.physAt, at)
		}
	} else if s.proj, err = newProjection(p.TargetList, cols); err != nil {
		return nil, err
	}
	if s.scan, err = es.Tables.BeginScan(rel, p.Cols); err != nil {
		return nil, err
	}
	return s, nil
}

// isPhysicalTlist reports whether the target list is the relation's own
// columns in order, which needs no projection.
func isPhysicalTlist(p *plannodes.SeqScan) bool {
	for i, te := range p.TargetList {
		v, ok := te.Expr.(*nodes.Var)
		if !ok || v.AttNo != i+1 {
			return false
		}
	}
	return len(p.TargetList) > 0
}

// Plan returns the node's plan.
func (s *SeqScanState) Plan() plannodes.Plan { return s.plan }

// Exec returns the next batch of qualifying rows.
func (s *SeqScanState) Exec(ctx context.Context) (*vector.Batch, error) {
	s.ectx.Ctx = ctx
	for !s.done {
		ok, err := s.scan.Next(ctx, s.batch)
		if err != nil {
			return nil, err
		}
		if !ok {
			s.done = true
			break
		}
		removed, err := qualFilter(s.ectx, s.quals, s.batch, &s.selBuf)
		if err != nil {
			return nil, err
		}
		s.Filtered += float64(removed)
		if s.batch.Len() == 0 {
			continue
		}
		if s.phys != nil {
			for i, at := range s.physAt {
				if at >= 0 {
					s.phys.Cols[i] = s.batch.Cols[at]
				} else {
					s.phys.Cols[i] = nil
				}
			}
			s.phys.N, s.phys.Sel = s.batch.N, s.batch.Sel
			return s.phys, nil
		}
		return s.proj.project(s.ectx, s.batch)
	}
	return nil, nil
}

// ReScan restarts the scan.
func (s *SeqScanState) ReScan(ctx context.Context) error {
	if s.scan != nil {
		s.endScan()
	}
	rel, err := s.es.Tables.Relation(s.plan.RelOid)
	if err != nil {
		return err
	}
	s.done = false
	s.scan, err = s.es.Tables.BeginScan(rel, s.plan.Cols)
	return err
}

// End closes the scan.
func (s *SeqScanState) End() error {
	if s.scan != nil {
		s.endScan()
	}
	return nil
}
