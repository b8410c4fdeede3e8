// Package executor runs plan trees (PG: executor/). ExecInitNode builds a
// PlanState tree from an immutable plan; each node's Exec returns the next
// batch of rows or nil at the end. A PlanState tree belongs to one goroutine:
// the leader and every parallel worker build their own from the same plan.
//
// Contract for every node: Exec may reuse its output batch on the next call,
// so a consumer finishes with (or copies) a batch before asking for another;
// End releases resources, is idempotent, and is safe after a failed init;
// every blocking step watches the context.
package executor

import (
	"context"
	"time"

	"github.com/loomdb/loomdb/internal/catalog"
	"github.com/loomdb/loomdb/internal/expr"
	"github.com/loomdb/loomdb/internal/funcs"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/parallel"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/plannodes"
	"github.com/loomdb/loomdb/internal/storage"
	"github.com/loomdb/loomdb/internal/types"
	"github.com/loomdb/loomdb/internal/vector"
)

// TableScan reads a table's visible rows a batch at a time.
type TableScan interface {
	// Next resets b and fills it with the next rows; false at the end.
	Next(ctx context.Context, b *vector.Batch) (bool, error)
	End()
}

// TableInserter adds rows to a table within the current transaction.
type TableInserter interface {
	Insert(ctx context.Context, row []types.Datum) error
	Finish(ctx context.Context) error
}

// TableAccess is the executor's view of storage for one statement: the
// session binds it to the statement's transaction and snapshot.
type TableAccess interface {
	Relation(oid types.Oid) (*catalog.Relation, error)
	// BeginScan starts a scan deforming the given 0-based columns.
	BeginScan(rel *catalog.Relation, cols []int) (TableScan, error)
	NewInserter(rel *catalog.Relation) (TableInserter, error)
}

// EState is the per-query executor state shared by a participant's nodes
// (PG: EState).
type EState struct {
	Tables TableAccess
	Params []types.Datum
	// TrackWorker, when set, is called as each parallel worker starts; the
	// function it returns is called as the worker ends (pg_stat_activity's
	// worker rows).
	TrackWorker func() func()
	// Instrument enables per-node timing and row counts (EXPLAIN ANALYZE).
	Instrument bool
	// WorkMemKB is work_mem in kilobytes.
	WorkMemKB int64
	// Env is the session's side of functions: TimeZone, now().
	Env funcs.Env
	// ProcessedRows counts rows affected by INSERT (for the command tag).
	ProcessedRows int64
	// RIEvents are the foreign-key keys of the rows the statement
	// modified, in order, for the checks and actions that follow it.
	RIEvents []RIEvent
	// OuterParams holds, per (VarNo, AttNo), the value of the current outer
	// row's column that a nested loop passes to its parameterized inner
	// scans (PG: PARAM_EXEC parameters set from nestParams).
	OuterParams map[[2]int]types.Datum
	// Subplans are the plans of the statement's SubPlans and InitPlans
	// (see ExecutorStart); subplanStates their PlanStates once run.
	Subplans      []plannodes.Plan
	subplanStates []PlanState
	execParams    []execParam
	// ctes are the results of recursive WITH queries by SubPlan ID, shared
	// by their CTE Scans; worktables the Recursive Unions by the work-table
	// parameter their WorkTable Scans name.
	ctes       map[int]*cteResult
	worktables map[int]*RecursiveUnionState

	// Parallel query (execparallel.go). Workers is the server's pool of
	// worker slots (nil: no workers); MaxParallelWorkers and
	// ParallelLeaderParticipation are the session's settings.
	// UseParallelMode is false when the statement may be suspended (a
	// portal run with a row limit): every Gather then runs its plan in the
	// leader alone, as in PG.
	Workers                     *parallel.Pool
	MaxParallelWorkers          int
	ParallelLeaderParticipation bool
	UseParallelMode             bool
	// A worker's state: the shared state of its Gather's launch; and the
	// statement's collected worker figures.
	isWorker    bool
	shared      *parallel.Registry
	workerStats *workerStats
}

func (es *EState) exprContext() *expr.Context {
	return &expr.Context{Params: es.Params, SubPlans: es, Env: &es.Env}
}

// PlanState is the run-time twin of a plan node.
type PlanState interface {
	Plan() plannodes.Plan
	// Exec returns the next batch (with at least one live row), or nil at the end.
	Exec(ctx context.Context) (*vector.Batch, error)
	// ReScan restarts the node from the beginning.
	ReScan(ctx context.Context) error
	// End releases the node's resources; it is idempotent.
	End() error
}

// Instrumentation collects EXPLAIN ANALYZE figures for one node in one
// participant (PG: Instrumentation).
type Instrumentation struct {
	Running   bool
	Loops     int
	Startup   time.Duration // time to the first row, summed over loops
	Total     time.Duration
	Rows      float64
	firstSeen bool
	loopStart time.Time
	// NFiltered1 counts rows removed by the node's filter, or for a join
	// by its join filter ("Rows Removed by Join Filter").
	NFiltered1 float64
	// NFiltered2 counts rows removed by a join's other filter.
	NFiltered2 float64
	// Buffers counts the buffer accesses of the node itself; EXPLAIN adds
	// its children's to show the node's total as PG does.
	Buffers storage.BufferUsage
	// Extra holds node-specific EXPLAIN lines, such as Sort Method.
	Extra []string
}

// InstrumentedState wraps a node to measure it.
type InstrumentedState struct {
	PlanState
	Instr *Instrumentation
	child []PlanState
	// sample copies the node's own counters into Instr after each Exec.
	sample func(*Instrumentation)
}

// BufferUsageReporter is a node that counts the buffer accesses it makes
// itself (table and index scans), for EXPLAIN (BUFFERS).
type BufferUsageReporter interface {
	BufferUsage() storage.BufferUsage
}

// joinCounters is a join node's filter counts.
type joinCounters interface {
	JoinFiltered() float64
	Filtered() float64
}

// sampler returns the function copying ps's EXPLAIN ANALYZE counters
// (rows filtered, buffer accesses) into its Instrumentation, or nil.
func sampler(ps PlanState) func(*Instrumentation) {
	switch n := ps.(type) {
	case *SeqScanState:
		return func(in *Instrumentation) {
			in.NFiltered1 = n.Filtered
			in.Buffers = n.BufferUsage()
		}
	case *SampleScanState:
		return func(in *Instrumentation) {
			in.NFiltered1 = n.Filtered
			in.Buffers = n.BufferUsage()
		}
	case *IndexScanState:
		return func(in *Instrumentation) {
			in.NFiltered1 = n.Filtered
			in.Buffers = n.BufferUsage()
		}
	case *IndexOnlyScanState:
		return func(in *Instrumentation) {
			in.NFiltered1 = n.Filtered
			in.Buffers = n.BufferUsage()
		}
	case *BitmapHeapScanState:
		return func(in *Instrumentation) {
			in.NFiltered1 = n.Filtered
			in.Buffers = n.BufferUsage()
		}
	case *AggState:
		return func(in *Instrumentation) { in.NFiltered1 = n.Filtered }
	case *FunctionScanState:
		return func(in *Instrumentation) { in.NFiltered1 = n.Filtered }
	case *CteScanState:
		return func(in *Instrumentation) { in.NFiltered1 = n.Filtered }
	case *WorkTableScanState:
		return func(in *Instrumentation) { in.NFiltered1 = n.Filtered }
	case *SubqueryScanState:
		return func(in *Instrumentation) { in.NFiltered1 = n.Filtered }
	case *GroupState:
		return func(in *Instrumentation) { in.NFiltered1 = n.Filtered }
	case joinCounters:
		return func(in *Instrumentation) { in.NFiltered1, in.NFiltered2 = n.JoinFiltered(), n.Filtered() }
	case BufferUsageReporter:
		return func(in *Instrumentation) { in.Buffers = n.BufferUsage() }
	}
	return nil
}

// Children returns the instrumented children, for EXPLAIN.
func (s *InstrumentedState) Children() []PlanState { return s.child }

// Exec measures the wrapped node's Exec.
func (s *InstrumentedState) Exec(ctx context.Context) (*vector.Batch, error) {
	in := s.Instr
	if !in.Running {
		in.Running = true
		in.firstSeen = false
		in.loopStart = time.Now()
		in.Loops++
	}
	start := time.Now()
	b, err := s.PlanState.Exec(ctx)
	d := time.Since(start)
	in.Total += d
	if b != nil {
		if !in.firstSeen {
			in.Startup += time.Since(in.loopStart)
			in.firstSeen = true
		}
		in.Rows += float64(b.Len())
	} else if !in.firstSeen {
		in.Startup += time.Since(in.loopStart)
		in.firstSeen = true
	}
	if s.sample != nil {
		s.sample(in)
	}
	return b, err
}

// ReScan starts a new loop.
func (s *InstrumentedState) ReScan(ctx context.Context) error {
	s.Instr.Running = false
	return s.PlanState.ReScan(ctx)
}

// ExecInitNode builds the PlanState for p and its children. It is the one
// place that dispatches on plan node type.
func ExecInitNode(p plannodes.Plan, es *EState) (PlanState, error) {
	if err := es.registerInitPlans(p); err != nil {
		return nil, err
	}
	var ps PlanState
	var err error
	switch n := p.(type) {
	case *plannodes.SeqScan:
		ps, err = initSeqScan(n, es)
	case *plannodes.SampleScan:
		ps, err = initSampleScan(n, es)
	case *plannodes.IndexScan:
		ps, err = initIndexScan(n, es)
	case *plannodes.IndexOnlyScan:
		ps, err = initIndexOnlyScan(n, es)
	case *plannodes.BitmapHeapScan:
		ps, err = initBitmapHeapScan(n, es)
	case *plannodes.BitmapIndexScan:
		ps, err = initBitmapIndexScan(n, es)
	case *plannodes.BitmapAnd, *plannodes.BitmapOr:
		ps, err = initBitmapCombine(n, es)
	case *plannodes.Result:
		ps, err = initResult(n, es)
	case *plannodes.ProjectSet:
		ps, err = initProjectSet(n, es)
	case *plannodes.ValuesScan:
		ps, err = initValuesScan(n, es)
	case *plannodes.SubqueryScan:
		ps, err = initSubqueryScan(n, es)
	case *plannodes.FunctionScan:
		ps, err = initFunctionScan(n, es)
	case *plannodes.CteScan:
		ps, err = initCteScan(n, es)
	case *plannodes.WorkTableScan:
		ps, err = initWorkTableScan(n, es)
	case *plannodes.RecursiveUnion:
		ps, err = initRecursiveUnion(n, es)
	case *plannodes.Sort:
		ps, err = initSort(n, es)
	case *plannodes.Limit:
		ps, err = initLimit(n, es)
	case *plannodes.Agg:
		ps, err = initAgg(n, es)
	case *plannodes.ModifyTable:
		ps, err = initModifyTable(n, es)
	case *plannodes.NestLoop:
		ps, err = initNestLoop(n, es)
	case *plannodes.HashJoin:
		ps, err = initHashJoin(n, es)
	case *plannodes.Hash:
		ps, err = initHash(n, es)
	case *plannodes.MergeJoin:
		ps, err = initMergeJoin(n, es)
	case *plannodes.Material:
		ps, err = initMaterial(n, es)
	case *plannodes.Memoize:
		ps, err = initMemoize(n, es)
	case *plannodes.Group:
		ps, err = initGroup(n, es)
	case *plannodes.WindowAgg:
		ps, err = initWindowAgg(n, es)
	case *plannodes.Unique:
		ps, err = initUnique(n, es)
	case *plannodes.Append:
		ps, err = initAppend(n, es)
	case *plannodes.SetOp:
		ps, err = initSetOp(n, es)
	case *plannodes.Gather:
		ps, err = initGather(n, es)
	case *plannodes.GatherMerge:
		ps, err = initGatherMerge(n, es)
	default:
		return nil, pgerror.Internal("unrecognized plan node type: %T", p)
	}
	if err != nil {
		return nil, err
	}
	if es.Instrument {
		is := &InstrumentedState{PlanState: ps, Instr: &Instrumentation{}, sample: sampler(ps)}
		if c, ok := ps.(interface{ childStates() []PlanState }); ok {
			is.child = c.childStates()
		}
		return is, nil
	}
	return ps, nil
}

// outerColumns maps OUTER_VAR references to input batch positions.
func outerColumns(v *nodes.Var) (int, error) {
	if v.VarNo != nodes.OuterVar {
		return 0, pgerror.Internal("unexpected variable reference %s in upper plan node", v.Name)
	}
	return v.AttNo - 1, nil
}

// compileQuals compiles a node's qual list.
func compileQuals(quals []nodes.Expr, cols expr.ColumnMap) ([]*expr.ExprState, error) {
	out := make([]*expr.ExprState, 0, len(quals))
	for _, q := range quals {
		x, err := expr.Compile(q, cols)
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, nil
}

// compileScanQuals compiles the quals of a scan of relation scanRelID,
// which on a nested loop's inner side may read the outer row's columns
// (the join clauses a parameterized scan checks).
func compileScanQuals(es *EState, scanRelID int, quals []nodes.Expr, cols expr.ColumnMap) ([]*expr.ExprState, error) {
	out := make([]*expr.ExprState, 0, len(quals))
	for _, q := range quals {
		x, err := expr.CompileOuter(q, cols, es.outerParams(scanRelID))
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, nil
}

// outerParams resolves the Vars of relations other than scanRelID in a
// scan's expressions to the current outer row's values, which the Nested
// Loop above sets in OuterParams before each rescan.
func (es *EState) outerParams(scanRelID int) expr.OuterMap {
	return func(v *nodes.Var) (func() (types.Datum, error), bool) {
		if v.VarNo == scanRelID || v.VarNo <= 0 || v.LevelsUp != 0 {
			return nil, false
		}
		k := [2]int{v.VarNo, v.AttNo}
		return func() (types.Datum, error) {
			d, ok := es.OuterParams[k]
			if !ok {
				return nil, pgerror.Internal("outer column %s of a parameterized scan is not set", v.Name)
			}
			return d, nil
		}, true
	}
}

// projection computes a target list over input batches.
type projection struct {
	exprs []*expr.ExprState
	out   *vector.Batch
}

func newProjection(tl []*nodes.TargetEntry, cols expr.ColumnMap) (*projection, error) {
	p := &projection{out: &vector.Batch{Cols: make([]*vector.Vector, len(tl))}}
	for _, te := range tl {
		x, err := expr.Compile(te.Expr, cols)
		if err != nil {
			return nil, err
		}
		p.exprs = append(p.exprs, x)
	}
	return p, nil
}

// project evaluates the target list for b's live rows; the result shares
// b's physical row numbering and selection.
func (p *projection) project(ctx *expr.Context, b *vector.Batch) (*vector.Batch, error) {
	for i, x := range p.exprs {
		v, err := x.Eval(ctx, b, b.Sel)
		if err != nil {
			return nil, err
		}
		p.out.Cols[i] = v
	}
	p.out.N = b.N
	p.out.Sel = b.Sel
	return p.out, nil
}

// qualFilter narrows b's selection to rows passing every qual; it returns
// the number of rows removed.
func qualFilter(ctx *expr.Context, quals []*expr.ExprState, b *vector.Batch, selBuf *[]int) (int, error) {
	if len(quals) == 0 {
		return 0, nil
	}
	before := b.Len()
	sel := b.Sel
	if sel == nil {
		if cap(*selBuf) < b.N {
			*selBuf = make([]int, b.N)
		}
		sel = (*selBuf)[:b.N]
		for i := range sel {
			sel[i] = i
		}
	}
	for _, q := range quals {
		if len(sel) == 0 {
			break
		}
		v, err := q.Eval(ctx, b, sel)
		if err != nil {
			return 0, err
		}
		next := sel[:0]
		for _, r := range sel {
			if !v.Nulls[r] && v.Bools[r] {
				next = append(next, r)
			}
		}
		sel = next
	}
	b.Sel = sel
	return before - len(sel), nil
}

// unwrap returns the node inside an instrumentation wrapper.
func unwrap(ps PlanState) PlanState {
	if is, ok := ps.(*InstrumentedState); ok {
		return is.PlanState
	}
	return ps
}
