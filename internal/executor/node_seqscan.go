// node_seqscan.go implements Seq Scan: it reads a table's visible rows in
// batches, deforming only the columns the plan needs, filters them with the
// node's qual and computes its target list. With a physical target list it
// passes the scanned columns through without projecting.
//
// In parallel (Parallel Seq Scan) the participants below a Gather share one
// block allocator (PG 14's chunked allocation, table.ParallelBlockTableScan):
// the leader creates it in InitializeShared, each worker attaches to it,
// and every block is read by exactly one participant. A parallel-aware scan
// run without a Gather having set it up (the leader running alone in a
// suspended portal) reads the whole table.

package executor

import (
	"context"

	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/catalog"
	"github.com/loomdb/loomdb/internal/expr"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/parallel"
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
	// begin starts the table scan; lazy defers it to the first Exec after
	// a start or rescan. A Sample Scan sets both.
	begin func(ctx context.Context, rel *catalog.Relation) (TableScan, error)
	lazy  bool
	// prefilter is the part of the qual the table scan can test before
	// decoding a row; prefiltered is how many rows the current scan has
	// skipped so far.
	prefilter   table.Prefilter
	prefiltered int64
}

// PrefilterScan is a table scan that can skip rows failing single-column
// tests before decoding them (heap.Scan).
type PrefilterScan interface {
	SetPrefilter(table.Prefilter) bool
	// Prefiltered returns how many rows the tests skipped.
	Prefiltered() int64
}

// startScan takes the result of beginning a table scan, setting the
// prefilter on it.
func (s *SeqScanState) startScan(scan TableScan, err error) error {
	if err != nil {
		return err
	}
	s.scan, s.prefiltered = scan, 0
	if ps, ok := scan.(PrefilterScan); ok && len(s.prefilter) > 0 {
		ps.SetPrefilter(s.prefilter)
	}
	return nil
}

// countPrefiltered adds the rows the scan skipped since the last call to
// the rows removed by the filter.
func (s *SeqScanState) countPrefiltered() {
	if ps, ok := s.scan.(PrefilterScan); ok {
		n := ps.Prefiltered()
		s.Filtered += float64(n - s.prefiltered)
		s.prefiltered = n
	}
}

var _ ParallelAware = (*SeqScanState)(nil)

// ParallelTableAccess is a TableAccess that can share a scan of a table
// among the participants of a parallel plan.
type ParallelTableAccess interface {
	// NewParallelScan returns the shared state of a parallel scan of rel.
	NewParallelScan(rel *catalog.Relation) (any, error)
	// BeginParallelScan starts one participant's part of the parallel
	// scan whose shared state is shared.
	BeginParallelScan(rel *catalog.Relation, cols []int, shared any) (TableScan, error)
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
	s.countPrefiltered()
	if r, ok := s.scan.(usageReporter); ok {
		s.usage.Add(r.Usage())
	}
	s.scan.End()
	s.scan = nil
}

func initSeqScan(p *plannodes.SeqScan, es *EState) (*SeqScanState, error) {
	s, rel, err := newSeqScanState(p, es)
	if err != nil || p.ParallelAware {
		// A parallel scan begins once the Gather has set up the shared state.
		return s, err
	}
	if err := s.startScan(es.Tables.BeginScan(rel, p.Cols)); err != nil {
		return nil, err
	}
	return s, nil
}

// newSeqScanState prepares the scan of p's table without beginning it.
func newSeqScanState(p *plannodes.SeqScan, es *EState) (*SeqScanState, *catalog.Relation, error) {
	s := &SeqScanState{plan: p, es: es, ectx: es.exprContext()}
	s.begin = func(_ context.Context, rel *catalog.Relation) (TableScan, error) {
		return es.Tables.BeginScan(rel, p.Cols)
	}
	rel, err := es.Tables.Relation(p.RelOid)
	if err != nil {
		return nil, nil, err
	}
	pos := map[int]int{}
	ts := make([]types.T, len(p.Cols))
	for i, c := range p.Cols {
		pos[c+1] = i
		ts[i] = scanColumnType(rel, c)
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
		return nil, nil, err
	}
	for _, t := range expr.ColumnTests(p.Qual, p.ScanRelID) {
		s.prefilter = append(s.prefilter, table.PrefilterCond{Col: t.AttNo - 1, Int: t.Int, Num: t.Num, Str: t.Str})
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
		return nil, nil, err
	}
	return s, rel, nil
}

// scanColumnType returns the type of column c (0-based) of a table scan:
// a table column or the ctid.
func scanColumnType(rel *catalog.Relation, c int) types.T {
	if c == table.CtidCol {
		return types.TTid
	}
	return rel.Columns[c].Type
}

// InitializeShared creates the shared block allocator and starts the
// leader's part of the scan over it.
func (s *SeqScanState) InitializeShared(reg *parallel.Registry) error {
	if !s.plan.ParallelAware {
		// A complete scan below a Gather (a join's inner side that every
		// participant reads in full).
		return nil
	}
	pa, rel, err := s.parallelAccess()
	if err != nil {
		return err
	}
	shared, err := pa.NewParallelScan(rel)
	if err != nil {
		return err
	}
	reg.Put(s.plan.PlanNodeID, shared)
	return s.beginParallel(pa, rel, shared)
}

// AttachWorker starts a worker's part of the scan.
func (s *SeqScanState) AttachWorker(reg *parallel.Registry) error {
	if !s.plan.ParallelAware {
		return nil
	}
	pa, rel, err := s.parallelAccess()
	if err != nil {
		return err
	}
	shared, ok := reg.Get(s.plan.PlanNodeID)
	if !ok {
		return pgerror.Internal("no shared state for parallel scan node %d", s.plan.PlanNodeID)
	}
	return s.beginParallel(pa, rel, shared)
}

func (s *SeqScanState) parallelAccess() (ParallelTableAccess, *catalog.Relation, error) {
	pa, ok := s.es.Tables.(ParallelTableAccess)
	if !ok {
		return nil, nil, pgerror.Internal("table access does not support parallel scans")
	}
	rel, err := s.es.Tables.Relation(s.plan.RelOid)
	return pa, rel, err
}

func (s *SeqScanState) beginParallel(pa ParallelTableAccess, rel *catalog.Relation, shared any) error {
	if s.scan != nil {
		s.endScan()
	}
	s.done = false
	return s.startScan(pa.BeginParallelScan(rel, s.plan.Cols, shared))
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
	if s.scan == nil && !s.done {
		rel, err := s.es.Tables.Relation(s.plan.RelOid)
		if err != nil {
			return nil, err
		}
		if err := s.startScan(s.begin(ctx, rel)); err != nil {
			return nil, err
		}
	}
	for !s.done {
		ok, err := s.scan.Next(ctx, s.batch)
		if err != nil {
			return nil, err
		}
		s.countPrefiltered()
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
	s.done = false
	if s.plan.ParallelAware || s.lazy {
		// The Gather above sets up the shared state again, or the next
		// Exec begins the scan.
		return nil
	}
	rel, err := s.es.Tables.Relation(s.plan.RelOid)
	if err != nil {
		return err
	}
	return s.startScan(s.begin(ctx, rel))
}

// End closes the scan.
func (s *SeqScanState) End() error {
	if s.scan != nil {
		s.endScan()
	}
	return nil
}
