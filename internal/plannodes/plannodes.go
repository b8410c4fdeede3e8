// Package plannodes defines the executable plan tree the optimizer produces
// and the executor runs (PG: include/nodes/plannodes.h). Node types carry
// exactly the names EXPLAIN prints. A plan is immutable once built: the
// leader and every parallel worker read the same tree and keep their run-time
// state in their own PlanState trees.
package plannodes

import (
	"sort"

	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/types"
)

// Plan is a node of a plan tree.
type Plan interface {
	// PlanHeader returns the fields every plan node has.
	PlanHeader() *Header
}

// Header holds the fields common to every plan node (PG: struct Plan).
type Header struct {
	// PlanNodeID numbers the nodes of one plan uniquely, in creation order;
	// parallel workers find shared state by it.
	PlanNodeID  int
	StartupCost float64
	TotalCost   float64
	PlanRows    float64
	PlanWidth   int
	// ParallelAware nodes coordinate with other participants ("Parallel " in EXPLAIN).
	ParallelAware bool
	// ParallelSafe nodes may run inside a parallel worker.
	ParallelSafe bool
	// TargetList is the node's output, one entry per column.
	TargetList []*nodes.TargetEntry
	// Qual is the node's filter: rows for which any entry is false or NULL are dropped.
	Qual      []nodes.Expr
	Lefttree  Plan
	Righttree Plan
	// InitPlan lists the InitPlans attached to the node: uncorrelated
	// subqueries run at most once, before their value is first needed.
	InitPlan []*nodes.SubPlan
	// ExtParam says the node's result depends on executor parameters (a
	// correlated SubPlan's outer values), so a rescan must compute it
	// again rather than replay a stored copy (PG: extParam).
	ExtParam bool
}

func (h *Header) PlanHeader() *Header { return h }

// OutputTypes returns the types of a plan's output columns.
func OutputTypes(p Plan) []types.T {
	tl := p.PlanHeader().TargetList
	ts := make([]types.T, len(tl))
	for i, te := range tl {
		ts[i] = te.Expr.ExprType()
	}
	return ts
}

// Result computes its target list once (no input) or projects its input,
// optionally gated by a constant qual (PG: Result).
type Result struct {
	Header
	ResConstantQual []nodes.Expr
}

// ProjectSet computes a target list holding set-returning functions for
// each input row, one output row per value they return, the functions run
// in lockstep (PG: ProjectSet).
type ProjectSet struct {
	Header
}

// SeqScan reads a table sequentially; with ParallelAware set, the
// participants of a Gather share the table's blocks (Parallel Seq Scan).
type SeqScan struct {
	Header
	ScanRelID int // range-table index
	RelOid    types.Oid
	RelName   string
	Alias     string
	Schema    string
	// Cols lists the 0-based attribute numbers the scan must deform, ascending.
	Cols []int
}

// SampleScan reads a sample of a table's rows, which TableSample's method
// picks from its arguments and seed (PG: SampleScan); otherwise it scans,
// filters and projects as SeqScan does. It is never parallel aware.
type SampleScan struct {
	SeqScan
	TableSample *nodes.TableSampleClause
}

// IndexScan reads a table's rows through a btree index, in index order for
// Direction: IndexQual are the conditions the index checks (index column
// on the left, the value on the right), Qual the rest. Vars keep the
// table's range-table index.
type IndexScan struct {
	Header
	ScanRelID int
	RelOid    types.Oid
	RelName   string
	Alias     string
	Schema    string
	IndexOid  types.Oid
	IndexName string
	IndexQual []nodes.Expr
	// IndexKeys are the heap attribute numbers of the index columns.
	IndexKeys []int
	// Backward reads the index from its end.
	Backward bool
}

// IndexOnlyScan is an IndexScan that returns the index's key values,
// visiting the table only to check visibility. Its Vars name table
// columns; each must be an index key.
type IndexOnlyScan struct {
	IndexScan
}

// BitmapIndexScan collects the TIDs an index condition selects into a
// bitmap for the BitmapHeapScan (or BitmapAnd/BitmapOr) above it.
type BitmapIndexScan struct {
	Header
	ScanRelID int
	RelOid    types.Oid
	IndexOid  types.Oid
	IndexName string
	IndexQual []nodes.Expr
	// IndexKeys are the heap attribute numbers of the index columns.
	IndexKeys []int
}

// BitmapAnd intersects its children's bitmaps.
type BitmapAnd struct {
	Header
	Bitmapplans []Plan
}

// BitmapOr unites its children's bitmaps.
type BitmapOr struct {
	Header
	Bitmapplans []Plan
}

// BitmapHeapScan fetches the rows of the bitmap its Lefttree builds, in
// physical order. BitmapQualOrig are the index conditions (EXPLAIN's
// Recheck Cond); Qual the other restrictions.
type BitmapHeapScan struct {
	Header
	ScanRelID      int
	RelOid         types.Oid
	RelName        string
	Alias          string
	Schema         string
	BitmapQualOrig []nodes.Expr
}

// SubqueryScan runs a subquery's plan and filters and projects its rows;
// Vars with VarNo ScanRelID refer to the subquery's output columns.
type SubqueryScan struct {
	Header
	ScanRelID int
	Alias     string
	Subplan   Plan
}

// CteScan returns the rows of a recursive WITH query (PG: CteScan). The
// query's plan is Subplans[CTEPlanID-1], listed as an InitPlan; every CTE
// Scan of the query reads the one result, which the first to need a row
// computes.
type CteScan struct {
	Header
	ScanRelID int
	CTEName   string
	Alias     string
	CTEPlanID int
	// ColTypes are the types of the query's columns.
	ColTypes []types.T
}

// WorkTableScan returns the rows of the work table of the Recursive Union
// identified by WTParam: the rows its recursive term produced in the
// previous iteration (PG: WorkTableScan). It appears only inside that
// recursive term.
type WorkTableScan struct {
	Header
	ScanRelID int
	CTEName   string
	Alias     string
	WTParam   int
	ColTypes  []types.T
}

// RecursiveUnion evaluates a recursive WITH query (PG: RecursiveUnion):
// the rows of its non-recursive term (Lefttree), then those of its
// recursive term (Righttree) run again and again over the previous
// iteration's rows, its work table, until an iteration adds none. For
// UNION without ALL, DupColIdx (1-based, all the columns) are compared
// through a hash table of the rows returned, and duplicates are dropped.
type RecursiveUnion struct {
	Header
	WTParam   int
	DupColIdx []int
	// NumGroups is the planner's estimate of the distinct rows.
	NumGroups float64
}

// ValuesScan returns the rows of a VALUES list.
type ValuesScan struct {
	Header
	ScanRelID int
	Values    [][]nodes.Expr
	// ColTypes are the types of the VALUES columns.
	ColTypes []types.T
}

// FunctionScan returns the rows of a function call in FROM: a
// set-returning function's rows, or any other function's single value,
// plus a row number column WITH ORDINALITY.
type FunctionScan struct {
	Header
	ScanRelID int
	Call      *nodes.FuncExpr
	// Ordinality adds a bigint column numbering the rows from 1.
	Ordinality bool
	// ColTypes are the types of the scanned columns; Alias the range-table
	// entry's name.
	ColTypes []types.T
	Alias    string
}

// Sort sorts its input.
type Sort struct {
	Header
	// SortColIdx are 1-based positions in the input's target list.
	SortColIdx []int
	Descending []bool
	NullsFirst []bool
}

// Limit returns a window of its input's rows.
type Limit struct {
	Header
	LimitOffset nodes.Expr
	LimitCount  nodes.Expr
	// WithTies also returns the rows equal to the last one on the input
	// columns TiesColIdx (1-based), the ORDER BY keys (PG:
	// LIMIT_OPTION_WITH_TIES with uniqColIdx).
	WithTies   bool
	TiesColIdx []int
}

// AggStrategy is how an Agg node groups rows.
type AggStrategy uint8

const (
	AggPlain AggStrategy = iota
	AggSorted
	AggHashed
	// AggMixed computes grouping sets partly hashed, partly sorted.
	AggMixed
)

// AggRollup is a list of grouping sets an Agg computes in one pass over
// its input (PG: one phase of an Agg with grouping sets). A sorted rollup
// reads the input sorted on GrpColIdx (the first sorted one in the
// input's order, each later one after sorting the input again, ascending
// with NULLs last) and each set groups by a prefix of GrpColIdx; a hashed
// rollup has one set, grouped in a hash table.
type AggRollup struct {
	Hashed bool
	// GrpColIdx are 1-based input positions; GrpRefs their SortGroupRefs.
	GrpColIdx []int
	GrpRefs   []int
	// SetLens are the lengths of the rollup's sets, longest first.
	SetLens   []int
	NumGroups float64
}

// Agg computes aggregates, per group of rows with equal GrpColIdx columns
// (none for plain aggregation): from sorted input (AggSorted) or with a
// hash table (AggHashed). The executor keeps one state per Aggs entry and
// group. Qual is the HAVING clause.
type Agg struct {
	Header
	Strategy AggStrategy
	Split    nodes.AggSplit
	Aggs     []*nodes.Aggref
	// GrpColIdx are 1-based positions of the grouping columns in the input.
	GrpColIdx []int
	// NumGroups is the planner's estimate of the number of groups.
	NumGroups float64
	// NumTrans and TransitionSpace size a hashed Agg's groups: its
	// distinct transition states and their pass-by-reference memory.
	NumTrans        int
	TransitionSpace int
	// Rollups, when set, make the Agg compute grouping sets: each row
	// belongs to one group of every set, and in a group's output the
	// grouping columns its set lacks are NULL. With AggMixed the hashed
	// rollups come first, then the sorted ones.
	Rollups []AggRollup
	// GroupingFuncs are the GROUPING() calls the target list and Qual
	// read; the node computes each for every group it returns.
	GroupingFuncs []*nodes.GroupingFunc
}

// ModifyTable inserts rows produced by its input into a table.
type ModifyTable struct {
	Header
	Operation nodes.CmdType
	RelOid    types.Oid
	RelName   string
	Alias     string
	Schema    string
	// ResultRelation is the range-table index of the target table, which
	// the RETURNING list's Vars of the modified row name (PG:
	// resultRelations).
	ResultRelation int
	// CanSetTag says the node's rows count for the command tag: false for
	// a data-modifying statement in WITH (PG: canSetTag).
	CanSetTag bool
	// InsertColumns maps each table column to the input column holding its
	// new value (-1: NULL), for INSERT and UPDATE.
	InsertColumns []int
	// CtidColumn is the input column (0-based) holding the ctid of the row
	// to update or delete; -1 for INSERT.
	CtidColumn int
	// Returning is the RETURNING list (see nodes.Query.Returning); the
	// node's TargetList describes the same columns.
	Returning []*nodes.TargetEntry
	// Checks are the table's CHECK constraints over the new row (Vars of
	// entry 1), sorted by name, the order they are tested in.
	Checks []nodes.CheckClause
	// OnConflict is an INSERT's ON CONFLICT clause, nil when none.
	OnConflict *nodes.OnConflict
	// WithCheckOptions are the CHECK OPTIONs of the views written through,
	// tested on each stored row, in order.
	WithCheckOptions []nodes.WithCheckOption
	// RIKeys are the foreign keys whose keys the modified rows carry; the
	// node records each row's keys for the checks that follow the
	// statement.
	RIKeys []nodes.RIKey
}

// WindowAgg computes the window functions of one window over its input,
// which arrives sorted by the window's PARTITION BY and ORDER BY keys
// (PG: WindowAgg). Its target list refers to the input's columns as
// OUTER_VAR 1..n and to the results of WinFuncs as OUTER_VAR n+1....
type WindowAgg struct {
	Header
	WinRef int
	// PartColIdx and OrdColIdx are the input columns (1-based) of the
	// partitioning and ordering keys; rows with equal ordering keys are
	// peers.
	PartColIdx    []int
	OrdColIdx     []int
	OrdDescending []bool
	OrdNullsFirst []bool
	FrameOptions  int
	// StartOffset and EndOffset are the frame offsets (constants).
	StartOffset, EndOffset nodes.Expr
	// WinFuncs are the calls computed, their arguments over the input.
	WinFuncs []*nodes.WindowFunc
}

// Gather runs its subplan in NumWorkers parallel workers, and in the leader
// too unless parallel_leader_participation is off or SingleCopy is set,
// and returns all their rows in no particular order. SingleCopy runs the
// subplan in one process only (debug_parallel_query); Invisible hides the
// node from EXPLAIN (debug_parallel_query = regress).
type Gather struct {
	Header
	NumWorkers int
	SingleCopy bool
	Invisible  bool
	// InitParam are the InitPlan results the subplan reads, computed by
	// the leader and passed to the workers (EXPLAIN's "Params Evaluated").
	InitParam []int
}

// GatherMerge runs its subplan, whose output is sorted on the keys, in
// NumWorkers parallel workers and the leader, and merges their sorted
// streams. SortColIdx are 1-based positions in the subplan's output.
type GatherMerge struct {
	Header
	NumWorkers int
	SortColIdx []int
	Descending []bool
	NullsFirst []bool
	// InitParam is Gather's.
	InitParam []int
}

// PlannedStmt is the optimizer's output for one statement (PG: PlannedStmt).
type PlannedStmt struct {
	CommandType nodes.CmdType
	PlanTree    Plan
	RangeTable  []*nodes.RangeTblEntry
	NumParams   int
	ParamTypes  []types.T
	// Subplans are the plans of the statement's SubPlans and InitPlans, by
	// PlanID - 1; ParamExecTypes the types of its executor parameters.
	Subplans       []Plan
	ParamExecTypes []types.T
	// ParallelModeNeeded is set when the plan contains a Gather or Gather Merge.
	ParallelModeNeeded bool
	// HasModifyingCTE says the statement's WITH holds a data-modifying
	// statement: a SELECT then changes tables too.
	HasModifyingCTE bool
}

// NodeName returns the name EXPLAIN prints for p, without the "Parallel " prefix.
func NodeName(p Plan) string {
	switch n := p.(type) {
	case *Result:
		return "Result"
	case *ProjectSet:
		return "ProjectSet"
	case *SeqScan:
		return "Seq Scan"
	case *SampleScan:
		return "Sample Scan"
	case *IndexScan:
		return "Index Scan"
	case *IndexOnlyScan:
		return "Index Only Scan"
	case *BitmapIndexScan:
		return "Bitmap Index Scan"
	case *BitmapHeapScan:
		return "Bitmap Heap Scan"
	case *BitmapAnd:
		return "BitmapAnd"
	case *BitmapOr:
		return "BitmapOr"
	case *ValuesScan:
		return "Values Scan"
	case *FunctionScan:
		return "Function Scan"
	case *SubqueryScan:
		return "Subquery Scan"
	case *CteScan:
		return "CTE Scan"
	case *WorkTableScan:
		return "WorkTable Scan"
	case *RecursiveUnion:
		return "Recursive Union"
	case *Sort:
		return "Sort"
	case *Limit:
		return "Limit"
	case *Agg:
		name := "Aggregate"
		switch n.Strategy {
		case AggSorted:
			name = "GroupAggregate"
		case AggHashed:
			name = "HashAggregate"
		}
		switch n.Split {
		case nodes.AggSplitInitialSerial:
			name = "Partial " + name
		case nodes.AggSplitFinalDeserial:
			name = "Finalize " + name
		}
		return name
	case *NestLoop:
		return "Nested Loop"
	case *HashJoin:
		return "Hash Join"
	case *Hash:
		return "Hash"
	case *MergeJoin:
		return "Merge Join"
	case *Material:
		return "Materialize"
	case *Memoize:
		return "Memoize"
	case *Group:
		return "Group"
	case *Unique:
		return "Unique"
	case *WindowAgg:
		return "WindowAgg"
	case *Append:
		return "Append"
	case *SetOp:
		return "SetOp"
	case *Gather:
		return "Gather"
	case *GatherMerge:
		return "Gather Merge"
	case *ModifyTable:
		switch n.Operation {
		case nodes.CmdInsert:
			return "Insert"
		case nodes.CmdUpdate:
			return "Update"
		case nodes.CmdDelete:
			return "Delete"
		}
		return "ModifyTable"
	}
	return "???"
}

// Children returns p's child plans, left first.
func Children(p Plan) []Plan {
	if a, ok := p.(*Append); ok {
		return a.Appendplans
	}
	if s, ok := p.(*SubqueryScan); ok {
		return []Plan{s.Subplan}
	}
	if a, ok := p.(*BitmapAnd); ok {
		return a.Bitmapplans
	}
	if o, ok := p.(*BitmapOr); ok {
		return o.Bitmapplans
	}
	h := p.PlanHeader()
	var out []Plan
	if h.Lefttree != nil {
		out = append(out, h.Lefttree)
	}
	if h.Righttree != nil {
		out = append(out, h.Righttree)
	}
	return out
}

// SetExtParams sets ExtParam on p and every node below it, and returns p's.
// A WorkTable Scan depends on its Recursive Union's work table, which
// changes every iteration, so everything above it in the recursive term
// must be computed afresh on each rescan; the Recursive Union itself sets
// that parameter and depends only on what its non-recursive term does.
// Likewise a parallel-aware scan reads a different share of its table
// each time its Gather is rescanned and launches workers anew, so the
// nodes between them must compute afresh too; the Gather itself does not
// depend on that (PG: the Gather's rescan_param).
func SetExtParams(p Plan) bool {
	dep, _ := setExtParams(p)
	return dep
}

// setExtParams is SetExtParams also returning whether p's result depends
// on a parallel-aware node below it within the same Gather.
func setExtParams(p Plan) (dep, parallel bool) {
	switch p.(type) {
	case *WorkTableScan:
		dep = true
	case *RecursiveUnion:
		h := p.PlanHeader()
		dep, parallel = setExtParams(h.Lefttree)
		setExtParams(h.Righttree)
		h.ExtParam = dep || parallel
		return dep, parallel
	}
	for _, c := range Children(p) {
		d, par := setExtParams(c)
		dep = dep || d
		parallel = parallel || par
	}
	WalkExprs(p, func(e nodes.Expr) {
		if dep || e == nil {
			return
		}
		nodes.Walk(e, func(n nodes.Expr) bool {
			if pr, ok := n.(*nodes.Param); ok && pr.Kind == nodes.ParamExec {
				dep = true
			}
			return !dep
		})
	})
	switch p.(type) {
	case *Gather, *GatherMerge:
		parallel = false
	default:
		parallel = parallel || p.PlanHeader().ParallelAware
	}
	p.PlanHeader().ExtParam = dep || parallel
	return dep, parallel
}

// WalkExprs calls fn on each expression of node p itself (not its
// children): target list, filter, then the node's own conditions.
func WalkExprs(p Plan, fn func(nodes.Expr)) {
	h := p.PlanHeader()
	for _, te := range h.TargetList {
		fn(te.Expr)
	}
	all := func(es []nodes.Expr) {
		for _, e := range es {
			fn(e)
		}
	}
	if j := joinHeader(p); j != nil {
		all(j.JoinQual)
	}
	all(h.Qual)
	switch n := p.(type) {
	case *Result:
		all(n.ResConstantQual)
	case *IndexScan:
		all(n.IndexQual)
	case *IndexOnlyScan:
		all(n.IndexQual)
	case *BitmapIndexScan:
		all(n.IndexQual)
	case *HashJoin:
		all(n.HashClauses)
	case *MergeJoin:
		all(n.MergeClauses)
	case *Memoize:
		all(n.ParamExprs)
	case *Limit:
		fn(n.LimitOffset)
		fn(n.LimitCount)
	case *ValuesScan:
		for _, row := range n.Values {
			all(row)
		}
	case *FunctionScan:
		fn(n.Call)
	case *SampleScan:
		all(n.TableSample.Args)
		fn(n.TableSample.Repeatable)
	}
}

func joinHeader(p Plan) *Join {
	switch n := p.(type) {
	case *NestLoop:
		return &n.Join
	case *HashJoin:
		return &n.Join
	case *MergeJoin:
		return &n.Join
	}
	return nil
}

// JoinType is how a join treats unmatched rows (PG: JoinType).
type JoinType uint8

const (
	JoinInner JoinType = iota
	JoinLeft
	JoinFull
	JoinRight
	JoinSemi
	JoinAnti
)

// String returns the name EXPLAIN prints after the join node's name.
func (j JoinType) String() string {
	return [...]string{"Inner", "Left", "Full", "Right", "Semi", "Anti"}[j]
}

// Join holds the fields every join node has (PG: struct Join). Lefttree is
// the outer input, Righttree the inner. In JoinQual, Qual and the target
// list, Vars with VarNo OuterVar/InnerVar refer to columns of the outer and
// inner input by position.
type Join struct {
	Header
	JoinType JoinType
	// InnerUnique says each outer row matches at most one inner row.
	InnerUnique bool
	// JoinQual are the join conditions (beyond hash or merge clauses); Qual
	// filters joined rows after outer-join NULL extension.
	JoinQual []nodes.Expr
}

// NestLoop joins by rescanning the inner input for every outer row.
type NestLoop struct {
	Join
	// NestParams pass columns of the current outer row to the inner side,
	// whose parameterized scans compare with them or, for LATERAL
	// references, compute with them (PG: nestParams).
	NestParams []NestParam
}

// NestParam is an outer column the inner side reads: the Var (VarNo,
// AttNo) it appears as in a parameterized index scan's conditions or, with
// Exec set, executor Param ParamID, which LATERAL references read; and
// its 0-based position in the outer input's output.
type NestParam struct {
	VarNo, AttNo int
	OuterCol     int
	Exec         bool
	ParamID      int
}

// HashJoin builds a hash table on the inner input (a Hash node) and probes
// it with outer rows.
type HashJoin struct {
	Join
	// HashClauses are "outer = inner" conditions; OuterHashKeys are their
	// outer sides (evaluated over the outer input).
	HashClauses   []nodes.Expr
	OuterHashKeys []nodes.Expr
}

// Hash collects its input into a hash table keyed by HashKeys, for the
// HashJoin above it.
type Hash struct {
	Header
	// HashKeys are evaluated over Hash's input (OUTER_VAR references).
	HashKeys []nodes.Expr
	// RowsTotal is the estimated input row count, for sizing.
	RowsTotal float64
}

// MergeJoin joins two inputs sorted on the merge keys.
type MergeJoin struct {
	Join
	// MergeClauses are "outer = inner" conditions, in sort-key order.
	MergeClauses []nodes.Expr
	// Per merge clause: descending order and nulls first of both inputs.
	MergeDescending []bool
	MergeNullsFirst []bool
	SkipMarkRestore bool
}

// Material stores its input so that it can be rescanned cheaply.
type Material struct {
	Header
}

// Memoize caches its parameterized input's rows by the values of the
// outer row it is run for (PG: Memoize).
type Memoize struct {
	Header
	// ParamExprs are the cache key, expressions of the outer row's columns.
	ParamExprs []nodes.Expr
	// BinaryMode compares keys by their bytes rather than by equality;
	// SingleRow completes an entry at its first row.
	BinaryMode, SingleRow bool
	// EstEntries is the planner's estimate of the entries cached at once.
	EstEntries float64
}

// Group returns one row per group of adjacent equal rows of sorted input.
type Group struct {
	Header
	// GrpColIdx are 1-based input columns.
	GrpColIdx []int
}

// Unique removes adjacent duplicate rows of sorted input.
type Unique struct {
	Header
	UniqColIdx []int
}

// Append returns the rows of each child in turn (UNION ALL, partitions).
type Append struct {
	Header
	Appendplans []Plan
}

// SetOpCmd is the set operation of a SetOp node.
type SetOpCmd uint8

const (
	SetOpIntersect SetOpCmd = iota
	SetOpIntersectAll
	SetOpExcept
	SetOpExceptAll
)

// String returns the command as EXPLAIN prints it.
func (c SetOpCmd) String() string {
	return [...]string{"Intersect", "Intersect All", "Except", "Except All"}[c]
}

// SetOp computes INTERSECT or EXCEPT over the rows of both inputs, appended
// and tagged by a flag column (0 for the left input, 1 for the right):
// hashed, it groups all input in a hash table; sorted, it reads groups of
// adjacent equal rows. It outputs each group's first row as many times as
// the command calls for.
type SetOp struct {
	Header
	Cmd    SetOpCmd
	Hashed bool
	// NumCols are the compared columns, the first of the input; FlagColIdx
	// is the 1-based flag column.
	NumCols    int
	FlagColIdx int
	NumGroups  float64
}

func shiftAll(es []nodes.Expr, shift func(nodes.Expr) nodes.Expr) {
	for i, e := range es {
		es[i] = shift(e)
	}
}

// OffsetRangeTable renumbers the range-table references of a plan planned
// on its own (a subquery, a UNION arm) whose range table is appended to the
// statement's at offset: scan relation ids and the Vars of scan-level
// expressions move by offset (PG: set_plan_references with rtoffset).
// Upper nodes refer to their children by position and need no change.
func OffsetRangeTable(p Plan, offset int) {
	shift := func(e nodes.Expr) nodes.Expr {
		positive := false
		nodes.Walk(e, func(n nodes.Expr) bool {
			if v, ok := n.(*nodes.Var); ok && v.VarNo > 0 {
				positive = true
			}
			return !positive
		})
		if !positive {
			return e
		}
		return nodes.Mutate(e, func(n nodes.Expr) (nodes.Expr, bool) {
			if v, ok := n.(*nodes.Var); ok && v.VarNo > 0 {
				c := *v
				c.VarNo += offset
				return &c, true
			}
			return nil, false
		})
	}
	h := p.PlanHeader()
	for _, te := range h.TargetList {
		te.Expr = shift(te.Expr)
	}
	for i, q := range h.Qual {
		h.Qual[i] = shift(q)
	}
	switch n := p.(type) {
	case *SeqScan:
		n.ScanRelID += offset
	case *SampleScan:
		n.ScanRelID += offset
	case *ValuesScan:
		n.ScanRelID += offset
		for _, row := range n.Values {
			for i, e := range row {
				row[i] = shift(e)
			}
		}
	case *SubqueryScan:
		n.ScanRelID += offset
	case *Memoize:
		shiftAll(n.ParamExprs, shift)
	case *FunctionScan:
		n.ScanRelID += offset
	case *CteScan:
		n.ScanRelID += offset
	case *WorkTableScan:
		n.ScanRelID += offset
	case *IndexScan:
		n.ScanRelID += offset
		shiftAll(n.IndexQual, shift)
	case *IndexOnlyScan:
		n.ScanRelID += offset
		shiftAll(n.IndexQual, shift)
	case *BitmapIndexScan:
		n.ScanRelID += offset
		for i, q := range n.IndexQual {
			n.IndexQual[i] = shift(q)
		}
	case *NestLoop:
		for i := range n.NestParams {
			n.NestParams[i].VarNo += offset
		}
	case *BitmapHeapScan:
		n.ScanRelID += offset
		for i, q := range n.BitmapQualOrig {
			n.BitmapQualOrig[i] = shift(q)
		}
	case *Result:
		for i, q := range n.ResConstantQual {
			n.ResConstantQual[i] = shift(q)
		}
	case *ModifyTable:
		n.ResultRelation += offset
	}
	for _, c := range Children(p) {
		OffsetRangeTable(c, offset)
	}
}

// ExternalParams returns the executor Params that p's subtree reads and
// that nothing inside it sets, ascending: the values that, when a node
// above changes them, change the subtree's result (PG: extParam).
// subplans are the statement's SubPlan plans, which the subtree's
// SubPlans and InitPlans run.
func ExternalParams(p Plan, subplans []Plan) []int {
	read, set := map[int]bool{}, map[int]bool{}
	seen := map[int]bool{}
	var visitPlan func(p Plan)
	visitExpr := func(e nodes.Expr) {
		nodes.Walk(e, func(n nodes.Expr) bool {
			switch x := n.(type) {
			case *nodes.Param:
				if x.Kind == nodes.ParamExec {
					read[x.ID] = true
				}
			case *nodes.SubPlan:
				visitSubPlan(x, set, seen, subplans, visitPlan)
			}
			return true
		})
	}
	visitPlan = func(p Plan) {
		if p == nil {
			return
		}
		h := p.PlanHeader()
		for _, ip := range h.InitPlan {
			visitSubPlan(ip, set, seen, subplans, visitPlan)
		}
		if nl, ok := p.(*NestLoop); ok {
			for _, np := range nl.NestParams {
				if np.Exec {
					set[np.ParamID] = true
				}
			}
		}
		WalkExprs(p, visitExpr)
		for _, c := range Children(p) {
			visitPlan(c)
		}
	}
	visitPlan(p)
	var out []int
	for id := range read {
		if !set[id] {
			out = append(out, id)
		}
	}
	sort.Ints(out)
	return out
}

// visitSubPlan notes the Params a SubPlan or InitPlan sets and visits its
// plan once.
func visitSubPlan(sp *nodes.SubPlan, set, seen map[int]bool, subplans []Plan, visit func(Plan)) {
	for _, ids := range [][]int{sp.SetParam, sp.ParParam, sp.ParamIDs} {
		for _, id := range ids {
			set[id] = true
		}
	}
	if sp.PlanID >= 1 && sp.PlanID <= len(subplans) && !seen[sp.PlanID] {
		seen[sp.PlanID] = true
		visit(subplans[sp.PlanID-1])
	}
}
