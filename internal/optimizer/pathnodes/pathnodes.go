// Package pathnodes holds the optimizer's working data: PlannerInfo,
// RelOptInfo with its pathlist and partial_pathlist, and the Path types
// (PG: include/nodes/pathnodes.h, and add_path from util/pathnode.c).
// Paths describe ways to compute a relation and are compared by cost;
// only the chosen one becomes a Plan. Partial paths (each participant of a
// parallel plan producing part of the rows) live in their own list and
// become complete only under a Gather or Gather Merge.
package pathnodes

import (
	"github.com/loomdb/loomdb/internal/catalog"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/plannodes"
	"github.com/loomdb/loomdb/internal/types"
)

// CostParams are the planner cost settings of one planning run.
type CostParams struct {
	SeqPageCost         float64
	RandomPageCost      float64
	CPUTupleCost        float64
	CPUIndexTupleCost   float64
	CPUOperatorCost     float64
	ParallelTupleCost   float64
	ParallelSetupCost   float64
	WorkMemKB           int64
	HashMemMultiplier   float64
	EnableSeqscan       bool
	EnableSort          bool
	EnableHashagg       bool
	EnableNestloop      bool
	EnableHashjoin      bool
	EnableMergejoin     bool
	EnableMaterial      bool
	EnableMemoize       bool
	EnableIndexscan     bool
	EnableIndexonlyscan bool
	EnableBitmapscan    bool
	// EffectiveCacheSize is effective_cache_size in blocks.
	EffectiveCacheSize float64
	// MaxParallelWorkersPerGather and the other parallel settings.
	MaxParallelWorkersPerGather int
	MinParallelTableScanSize    int64 // in blocks
	ParallelLeaderParticipation bool
	DebugParallelQuery          string
	MinParallelIndexScanSize    int64 // in blocks
	EnableGathermerge           bool
	EnableParallelHash          bool
	EnableIncrementalSort       bool
	// RecursiveWorktableFactor is recursive_worktable_factor: a recursive
	// query's work table is estimated at this many times its
	// non-recursive term's rows.
	RecursiveWorktableFactor float64
}

// HashMemBytes is the memory a hash table may use: work_mem times
// hash_mem_multiplier (PG: get_hash_memory_limit).
func (c *CostParams) HashMemBytes() float64 {
	return float64(c.WorkMemKB) * 1024 * c.HashMemMultiplier
}

// PlannerGlobal is the state shared by every query level of a statement
// (PG: PlannerGlobal).
type PlannerGlobal struct {
	// Subplans are the plans of SubPlans and InitPlans, by PlanID - 1.
	Subplans []plannodes.Plan
	// ParamExecTypes are the types of executor parameters, by ID.
	ParamExecTypes []types.T
	// LastPlanNodeID numbers plan nodes across all the statement's plans.
	LastPlanNodeID int
	// ParallelModeOK says the statement may use parallel query at all
	// (PG: parallelModeOK): a SELECT with nothing parallel-unsafe in it,
	// planned with max_parallel_workers_per_gather > 0.
	ParallelModeOK bool
	// CTEs describes each recursive WITH query being or already planned,
	// for the scans of it at any query level (PG: cte_plan_ids and
	// non_recursive_path, which PG finds through the levels' roots).
	CTEs map[*nodes.CommonTableExpr]*CTEPlan
	// ScanParams are the executor Params that functions and VALUES lists
	// in FROM read in place of LATERAL references. A Nested Loop sets
	// them in the participant that runs the scan, so they do not keep a
	// plan out of parallel workers.
	ScanParams map[int]bool
	// UnionAllSubqueries are the UNION ALL subqueries in FROM that PG
	// pulls up into their parent query as append relations, planned here
	// as query levels of their own.
	UnionAllSubqueries map[*nodes.Query]bool
}

// CTEPlan is the planner's knowledge of one recursive WITH query.
type CTEPlan struct {
	// PlanID is the query's plan in Subplans (1-based), which identifies
	// its result to the CTE Scans; Rows is its estimated row count. They
	// are set once the query is planned.
	PlanID int
	Rows   float64
	// WTParam identifies the work table its recursive term reads (PG:
	// wtParam); NonRecursiveRows is the non-recursive term's row estimate,
	// from which the work table's size is estimated.
	WTParam          int
	NonRecursiveRows float64
}

// NewExecParam allocates an executor parameter of type t (PG:
// generate_new_exec_param).
func (g *PlannerGlobal) NewExecParam(t types.T) *nodes.Param {
	g.ParamExecTypes = append(g.ParamExecTypes, t)
	return &nodes.Param{Kind: nodes.ParamExec, ID: len(g.ParamExecTypes) - 1, Type: t}
}

// PlannerInfo is the state of planning one query (PG: PlannerInfo).
type PlannerInfo struct {
	Glob  *PlannerGlobal
	Parse *nodes.Query
	// InitPlans are the query level's InitPlans, attached to its top plan node.
	InitPlans []*nodes.SubPlan
	// PresortedOnly restricts the level to paths whose own order satisfies
	// ORDER BY (a min/max aggregate's index scan).
	PresortedOnly bool
	// FinalRangeTable is the statement's range table: the query's own,
	// followed by those of separately planned subqueries and UNION arms.
	FinalRangeTable []*nodes.RangeTblEntry
	// SimpleRelArray is indexed by range-table index (entry 0 unused).
	SimpleRelArray []*RelOptInfo
	Costs          CostParams
	// ProcessedTlist is the final target list, after preprocessing.
	ProcessedTlist []*nodes.TargetEntry
	// TupleFraction is the fraction of the result expected to be fetched (LIMIT).
	TupleFraction float64
	// LimitTuples is the bound a LIMIT puts on the rows needed, or -1.
	LimitTuples float64
	// TotalTablePages sums the pages of the query's tables (index_pages_fetched
	// divides effective_cache_size among them).
	TotalTablePages float64
	// JoinQuals are the clauses of the join tree (WHERE, ON and semi-join
	// conditions): a join relation's order is worth keeping when one of
	// them could merge-join it with another relation.
	JoinQuals []nodes.Expr
	// SelecOverride holds selectivities that replace a clause's own
	// estimate: a join OR clause from which restrictions of its relations
	// were derived counts only what those do not already (PG:
	// RestrictInfo.norm_selec set by consider_new_or_clause).
	SelecOverride map[*nodes.BoolExpr]float64
	// QueryPathkeys is the ordering the upper planner would like the join
	// tree's output to have (GROUP BY, DISTINCT or ORDER BY keys).
	QueryPathkeys []PathKey
}

// RelOptInfo describes a relation being planned (PG: RelOptInfo).
type RelOptInfo struct {
	Relid int
	// Relids lists the base relations a join relation covers (ascending).
	Relids []int
	// JoinInfo are join clauses that mention this relation and others.
	JoinInfo []nodes.Expr
	// Rel is the catalog entry of a base table.
	Rel *catalog.Relation
	// TableSample is a base table's TABLESAMPLE clause: such a table is
	// read only by a Sample Scan, never through its indexes.
	TableSample *nodes.TableSampleClause
	// Pages and Tuples are the estimated physical size (estimate_rel_size).
	Pages  float64
	Tuples float64
	// Rows is the estimated number of rows after restriction clauses.
	Rows float64
	// Width is the estimated average output row width in bytes.
	Width int
	// AttrWidths holds per-column width estimates (index = attno-1).
	AttrWidths []int
	// ColStats are the columns' pg_statistic entries by attribute number.
	ColStats map[int]*catalog.ColumnStats
	// BaseRestrictInfo is the list of WHERE clauses that apply to this relation.
	BaseRestrictInfo []nodes.Expr
	// AllVisFrac is the fraction of the table's pages that are all-visible.
	AllVisFrac float64
	// IndexList are the table's usable indexes.
	IndexList []*IndexOptInfo
	// BitIndexPaths are the bitmap-capable index paths (and BitmapOrs) of
	// the relation's restriction clauses, which a parameterized bitmap
	// scan may AND with its join clauses' paths.
	BitIndexPaths []Path
	// NeededAttrs are the attributes used above the scan or by its quals;
	// NeededAbove only those used above it.
	NeededAttrs []int
	NeededAbove []int
	// Uniquified marks a relation made unique on a semi join's clauses, to
	// be joined as a plain inner join (PG: JOIN_UNIQUE_OUTER/INNER).
	Uniquified bool
	// LateralRelids are the base relations outside this one whose current
	// row its scans read (LATERAL references, directly or through other
	// relations that do): its paths run on a nested loop's inner side
	// below them (PG: lateral_relids). DirectLateralRelids are those its
	// own expressions name, and LateralReferencers, for a base relation,
	// the relations whose LATERAL references name it.
	LateralRelids       []int
	DirectLateralRelids []int
	LateralReferencers  []int
	// LateralVars are, for a base relation, the columns of other
	// relations its LATERAL references read, each occurrence (PG:
	// lateral_vars): a Memoize above its scan caches by them.
	LateralVars []nodes.Expr
	// ConsiderParallel is set when parallel paths may be built for the rel.
	ConsiderParallel bool
	Pathlist         []Path
	PartialPathlist  []Path
	CheapestTotal    Path
	CheapestStartup  Path
}

// IndexOptInfo describes an index of a base table for planning (PG:
// IndexOptInfo).
type IndexOptInfo struct {
	Oid  types.Oid
	Name string
	Rel  *RelOptInfo
	// IndexKeys are the heap attribute numbers of the key columns.
	IndexKeys []int
	// ReverseSort and NullsFirst describe each column's order.
	ReverseSort []bool
	NullsFirst  []bool
	Unique      bool
	// Pages is the index's size; Tuples its entry count estimate.
	Pages  float64
	Tuples float64
	// TreeHeight is the btree's height above the leaf level.
	TreeHeight int
	// Catalog is the index's catalog entry.
	Catalog *catalog.IndexInfo
	// IndPred is a partial index's predicate (implicit AND), nil for a
	// full index; PredOK says the query's restrictions imply it.
	IndPred []nodes.Expr
	PredOK  bool
	// IndRestrictInfo are the relation's restriction clauses a scan of
	// this index must check: for a partial index, those its predicate
	// does not already imply (PG: indrestrictinfo).
	IndRestrictInfo []nodes.Expr
	// ActualRange returns the smallest and largest non-null value of the
	// first column (nil when unknown); the selectivity estimators use it in
	// place of stale histogram ends.
	ActualRange func() (min, max types.Datum, ok bool)
}

// PathKey is one sort key of a path's output ordering.
type PathKey struct {
	Expr       nodes.Expr
	Descending bool
	NullsFirst bool
}

// Path is one way of producing a relation's rows.
type Path interface {
	PathBase() *Base
}

// Base holds the fields every path has (PG: struct Path).
type Base struct {
	Parent          *RelOptInfo
	Rows            float64
	StartupCost     float64
	TotalCost       float64
	ParallelAware   bool
	ParallelSafe    bool
	ParallelWorkers int
	Pathkeys        []PathKey
	// Width is the output row width estimate.
	Width int
	// Target is what the path computes per row (nil: the relation's
	// needed columns, decided at plan creation).
	Target []*nodes.TargetEntry
	// Param is set on a parameterized path: one run as a nested loop's
	// inner side, once per row of other relations.
	Param *ParamInfo
}

// ParamInfo describes a parameterized path (PG: ParamPathInfo): it needs
// the current row of the relations RequiredOuter and enforces Clauses,
// the join clauses with them that may be checked at the scan, returning
// Rows rows per run, LoopCount times (PG: get_loop_count).
type ParamInfo struct {
	RequiredOuter []int
	Clauses       []nodes.Expr
	Rows          float64
	LoopCount     float64
}

// WithParamClauses returns a scan's restriction clauses followed by the
// join clauses param makes it enforce (PG: the scan clauses of a path with
// ppi_clauses); restrict itself when param is nil.
func WithParamClauses(restrict []nodes.Expr, param *ParamInfo) []nodes.Expr {
	if param == nil {
		return restrict
	}
	return append(append([]nodes.Expr(nil), restrict...), param.Clauses...)
}

func (b *Base) PathBase() *Base { return b }

// SeqScanPath is a sequential scan of a base relation.
type SeqScanPath struct{ Base }

// SampleScanPath is a scan of a sample of a base relation, which its
// range-table entry's TABLESAMPLE clause describes (PG: a Path of type
// T_SampleScan).
type SampleScanPath struct{ Base }

// IndexClause is a restriction clause usable as an index qualifier on one
// index column, normalized so the indexed column is the left operand.
type IndexClause struct {
	// Rinfo is the original clause, as written in the query.
	Rinfo nodes.Expr
	// IndexQual is the clause with the index column on the left.
	IndexQual nodes.Expr
	// IndexCol is the 0-based index column.
	IndexCol int
}

// ScanDirection is the direction an index is read in.
type ScanDirection int8

const (
	ForwardScan  ScanDirection = 1
	BackwardScan ScanDirection = -1
)

// IndexPath scans a table through an index (Index Scan, or Index Only
// Scan when the index holds every column needed).
type IndexPath struct {
	Base
	Index        *IndexOptInfo
	IndexClauses []IndexClause
	IndexOnly    bool
	Direction    ScanDirection
	// IndexTotalCost and IndexSelectivity are the index's own cost and the
	// fraction of the table its clauses select (for bitmap scans).
	IndexTotalCost   float64
	IndexSelectivity float64
	// LoopCount is how often the scan is expected to be repeated.
	LoopCount float64
}

// BitmapHeapPath fetches the table rows of a TID bitmap built by
// BitmapQual (an IndexPath, BitmapAndPath or BitmapOrPath).
type BitmapHeapPath struct {
	Base
	BitmapQual Path
}

// BitmapAndPath intersects the bitmaps of its children.
type BitmapAndPath struct {
	Base
	Bitmapquals       []Path
	BitmapSelectivity float64
}

// BitmapOrPath unites the bitmaps of its children.
type BitmapOrPath struct {
	Base
	Bitmapquals       []Path
	BitmapSelectivity float64
}

// ResultPath computes a target list without input (SELECT without FROM).
type ResultPath struct {
	Base
	Quals []nodes.Expr
}

// ValuesScanPath scans a VALUES list.
type ValuesScanPath struct {
	Base
	// Values are the rows of a VALUES list in FROM, constants folded, and
	// Quals its restriction clauses; an INSERT's VALUES leaves them nil.
	Values [][]nodes.Expr
	Quals  []nodes.Expr
}

// WindowAggPath computes the window functions of one window over its
// subpath, sorted by the window's keys.
type WindowAggPath struct {
	Base
	Subpath Path
	Clause  *nodes.WindowClause
	Funcs   []*nodes.WindowFunc
	// PartKeys and OrderKeys are the window's key expressions.
	PartKeys  []nodes.Expr
	OrderKeys []PathKey
}

// SortPath sorts its subpath's output.
type SortPath struct {
	Base
	Subpath Path
}

// AggPath computes aggregates over its subpath, grouped by GroupKeys (none
// for plain aggregation) with Strategy; Having filters the groups.
type AggPath struct {
	Base
	Subpath   Path
	Split     nodes.AggSplit
	Strategy  AggStrategy
	GroupKeys []nodes.Expr
	NumGroups float64
	Having    []nodes.Expr
	// Target is the node's output (the query's target list for the top Agg).
	Target []*nodes.TargetEntry
	Aggs   []*nodes.Aggref
	// Rollups, for GROUPING SETS, ROLLUP and CUBE, are the passes that
	// compute the grouping sets (PG: GroupingSetsPath); the first sorted
	// one reads the input in its order, later sorted ones sort it again.
	Rollups []*Rollup
}

// ProjectSetPath computes Target, which holds set-returning functions,
// for each row of Subpath (PG: ProjectSetPath). Subpath's order is kept.
type ProjectSetPath struct {
	Base
	Subpath Path
}

// LimitPath applies LIMIT/OFFSET.
type LimitPath struct {
	Base
	Subpath     Path
	LimitOffset nodes.Expr
	LimitCount  nodes.Expr
	// TiesKeys, for WITH TIES, are the ORDER BY keys whose ties with the
	// last row are returned too.
	TiesKeys []nodes.Expr
}

// ModifyTablePath inserts its subpath's rows.
type ModifyTablePath struct {
	Base
	Subpath Path
}

// fuzzFactor is add_path's STD_FUZZ_FACTOR: costs within 1% are equal.
const fuzzFactor = 1.01

type costCmp uint8

const (
	costsEqual costCmp = iota
	costsBetter1
	costsBetter2
	costsDifferent
)

// compareCostsFuzzily compares two paths' costs as PG's
// compare_path_costs_fuzzily does; startup cost counts only when the
// query wants early rows.
func compareCostsFuzzily(p1, p2 *Base, considerStartup bool) costCmp {
	if p1.TotalCost > p2.TotalCost*fuzzFactor {
		if considerStartup && p2.StartupCost > p1.StartupCost*fuzzFactor {
			return costsDifferent
		}
		return costsBetter2
	}
	if p2.TotalCost > p1.TotalCost*fuzzFactor {
		if considerStartup && p1.StartupCost > p2.StartupCost*fuzzFactor {
			return costsDifferent
		}
		return costsBetter1
	}
	if p1.StartupCost > p2.StartupCost*fuzzFactor {
		return costsBetter2
	}
	if p2.StartupCost > p1.StartupCost*fuzzFactor {
		return costsBetter1
	}
	return costsEqual
}

// comparePathkeys reports whether one ordering contains the other.
func comparePathkeys(k1, k2 []PathKey) costCmp {
	n := min(len(k1), len(k2))
	for i := 0; i < n; i++ {
		a, b := k1[i], k2[i]
		if a.Descending != b.Descending || a.NullsFirst != b.NullsFirst || !nodes.Equal(a.Expr, b.Expr) {
			return costsDifferent
		}
	}
	switch {
	case len(k1) == len(k2):
		return costsEqual
	case len(k1) > len(k2):
		return costsBetter1
	}
	return costsBetter2
}

// PathkeysContained reports whether an ordering have satisfies want: it
// begins with want's keys (PG: pathkeys_contained_in).
func PathkeysContained(want, have []PathKey) bool {
	ok, _ := PathkeysCountContained(want, have)
	return ok
}

// PathkeysCountContained is PathkeysContained also returning how many
// leading keys of want have begins with (PG: pathkeys_count_contained_in).
func PathkeysCountContained(want, have []PathKey) (bool, int) {
	n := 0
	for n < len(want) && n < len(have) {
		a, b := want[n], have[n]
		if a.Descending != b.Descending || a.NullsFirst != b.NullsFirst || !nodes.Equal(a.Expr, b.Expr) {
			break
		}
		n++
	}
	return n == len(want), n
}

// AddPath adds p to rel's pathlist if no existing path dominates it, and
// removes the paths it dominates (PG: add_path): a path survives if it is
// fuzzily cheaper, or offers a useful sort order the others lack.
func AddPath(root *PlannerInfo, rel *RelOptInfo, p Path) {
	rel.Pathlist = addToList(rel.Pathlist, p, root != nil && root.TupleFraction > 0)
}

// AddPartialPath adds a partial path to rel's partial_pathlist if no path
// there dominates it, and removes those it dominates (PG:
// add_partial_path). Partial paths are compared on total cost and
// pathkeys alone: startup cost does not matter below a Gather. The list
// stays sorted by total cost, so its first entry is the cheapest.
func AddPartialPath(rel *RelOptInfo, p Path) {
	nb := p.PathBase()
	accept := true
	out := rel.PartialPathlist[:0:0]
	for _, old := range rel.PartialPathlist {
		ob := old.PathBase()
		remove := false
		keys := comparePathkeys(nb.Pathkeys, ob.Pathkeys)
		if keys != costsDifferent {
			switch {
			case nb.TotalCost > ob.TotalCost*fuzzFactor:
				accept = keys == costsBetter1 && accept
			case ob.TotalCost > nb.TotalCost*fuzzFactor:
				remove = keys != costsBetter2
			case keys == costsBetter1:
				remove = true
			case keys == costsBetter2:
				accept = false
			case ob.TotalCost > nb.TotalCost*1.0000000001:
				remove = true
			default:
				accept = false
			}
		}
		if !remove {
			out = append(out, old)
		}
		if !accept {
			return
		}
	}
	at := len(out)
	for i, old := range out {
		if nb.TotalCost < old.PathBase().TotalCost {
			at = i
			break
		}
	}
	rel.PartialPathlist = append(out[:at], append([]Path{p}, out[at:]...)...)
}

func addToList(list []Path, p Path, considerStartup bool) []Path {
	nb := p.PathBase()
	accept := true
	out := list[:0:0]
	for _, old := range list {
		ob := old.PathBase()
		remove := false
		keys := comparePathkeys(nb.Pathkeys, ob.Pathkeys)
		// A parallel-safe path is never dominated by an unsafe one: a
		// partial join may still need it as its complete inner side.
		safeNew, safeOld := nb.ParallelSafe, ob.ParallelSafe
		newAsSafe, oldAsSafe := safeNew || !safeOld, safeOld || !safeNew
		if keys != costsDifferent {
			switch compareCostsFuzzily(nb, ob, considerStartup) {
			case costsEqual:
				switch keys {
				case costsBetter1:
					remove = newAsSafe
				case costsBetter2:
					accept = !oldAsSafe
				default:
					switch {
					case safeNew && !safeOld:
						remove = true
					case safeOld && !safeNew:
						accept = false
					case nb.TotalCost*1.0000000001 < ob.TotalCost:
						remove = true
					default:
						accept = false
					}
				}
			case costsBetter1:
				if keys != costsBetter2 {
					remove = newAsSafe
				}
			case costsBetter2:
				if keys != costsBetter1 {
					accept = !oldAsSafe
				}
			}
		}
		if !remove {
			out = append(out, old)
		}
		if !accept {
			return list
		}
	}
	return append(out, p)
}

// SetCheapest chooses rel's cheapest total and startup paths (PG: set_cheapest).
func SetCheapest(rel *RelOptInfo) {
	rel.CheapestTotal, rel.CheapestStartup = nil, nil
	for _, p := range rel.Pathlist {
		b := p.PathBase()
		if rel.CheapestTotal == nil || b.TotalCost < rel.CheapestTotal.PathBase().TotalCost {
			rel.CheapestTotal = p
		}
		if rel.CheapestStartup == nil || b.StartupCost < rel.CheapestStartup.PathBase().StartupCost {
			rel.CheapestStartup = p
		}
	}
}

// JoinType mirrors plannodes.JoinType for paths (kept here so the path
// layer does not depend on plan nodes).
type JoinType uint8

const (
	JoinInner JoinType = iota
	JoinLeft
	JoinFull
	JoinRight
	JoinSemi
	JoinAnti
)

// EquivalenceClass is a set of columns that the join clauses make equal
// (PG: EquivalenceClass, for plain Vars): any two members of different
// relations may be joined on.
type EquivalenceClass struct {
	// Members are in order of first appearance in the clauses.
	Members []*nodes.Var
	// Relids are the members' relations (ascending).
	Relids []int
	// Sources are the clauses that built the class; Derived are the
	// clauses made from it for member pairs no source equates.
	Sources, Derived []nodes.Expr
}

// SpecialJoinInfo is a semi or anti join that takes part in the join
// search (PG: SpecialJoinInfo). Its right-hand side, a flattened EXISTS or
// IN subquery planned beforehand, may join any relation that contains
// MinLefthand, the relations its clauses read from outside it; joined
// earlier it would filter rows the clauses cannot yet test.
type SpecialJoinInfo struct {
	JoinType JoinType // JoinSemi or JoinAnti
	RHS      *RelOptInfo
	// Unique is RHS made unique on its join columns, for a semi join that
	// can also run as an inner join on either side; nil otherwise.
	Unique      *RelOptInfo
	MinLefthand []int
	Clauses     []nodes.Expr
	// Selectivity is the fraction of left-hand rows with a match.
	Selectivity float64
}

// JoinBase holds the fields every join path has (PG: JoinPath).
type JoinBase struct {
	Base
	JoinType JoinType
	Outer    Path
	Inner    Path
	// JoinRestrict are the join clauses evaluated at this join; for outer
	// joins, Filter are WHERE clauses applied after NULL extension.
	JoinRestrict []nodes.Expr
	Filter       []nodes.Expr
	// InnerUnique says each outer row matches at most one inner row.
	InnerUnique bool
}

// NestPath is a nested-loop join.
type NestPath struct{ JoinBase }

// HashPath is a hash join; HashClauses are "outer = inner" clauses (a
// subset of JoinRestrict), the rest become the join filter.
type HashPath struct {
	JoinBase
	HashClauses []nodes.Expr
	// InnerRowsTotal is the inner row estimate used to size the table.
	InnerRowsTotal float64
	NumBatches     int
}

// MergePath is a merge join; OuterKeys/InnerKeys are the sort orders
// required of the inputs, and explicit sorts are added when an input
// lacks them.
type MergePath struct {
	JoinBase
	MergeClauses     []nodes.Expr
	OuterKeys        []PathKey
	InnerKeys        []PathKey
	SortOuter        bool
	SortInner        bool
	MaterializeInner bool
	// SkipMarkRestore says the join never returns to earlier inner rows
	// (it stops at each outer row's first match).
	SkipMarkRestore bool
}

// MaterialPath materializes its subpath.
type MaterialPath struct {
	Base
	Subpath Path
}

// MemoizePath caches the rows of a parameterized nested loop inner path by
// the values of its parameters, so that an outer row repeating earlier
// values is answered from the cache (PG: MemoizePath).
type MemoizePath struct {
	Base
	Subpath Path
	// ParamExprs are the cache key: the outer side of each join clause the
	// subpath enforces, then the outer columns its LATERAL references
	// read, the last NumLateral keys.
	ParamExprs []nodes.Expr
	NumLateral int
	// SingleRow marks an entry complete after its first row (an inner
	// unique join reads no more); BinaryMode compares keys by their bytes,
	// as the join operator can tell apart values hash equality cannot.
	SingleRow, BinaryMode bool
	// Calls is the expected number of rescans; EstEntries the number of
	// entries expected to be cached at once.
	Calls, EstEntries float64
	// RescanStartup and RescanTotal are a rescan's costs, with the
	// expected cache hits (PG: cost_memoize_rescan).
	RescanStartup, RescanTotal float64
}

// GroupKey is a grouping (or DISTINCT) expression.
type GroupKey struct {
	Expr nodes.Expr
}

// AggStrategy mirrors plannodes.AggStrategy.
type AggStrategy uint8

const (
	AggPlain AggStrategy = iota
	AggSorted
	AggHashed
	AggMixed
)

// Rollup is a list of grouping sets one pass of an Agg computes (PG:
// RollupData). A sorted rollup reads its input sorted on GroupKeys, and
// each of its sets is a prefix of them, longest first; a hashed rollup
// has one set, kept in a hash table.
type Rollup struct {
	// GroupRefs are the SortGroupRefs of GroupKeys.
	GroupRefs []int
	GroupKeys []nodes.Expr
	// Sets are the rollup's grouping sets as SortGroupRefs, each in
	// GroupRefs' order; SetGroups their estimated numbers of groups.
	Sets      [][]int
	SetGroups []float64
	NumGroups float64
	Hashable  bool
	Hashed    bool
}

// UniquePath removes adjacent duplicates of sorted input (PG: UpperUniquePath).
type UniquePath struct {
	Base
	Subpath Path
	NumKeys int
}

// AppendPath returns the rows of its subpaths in turn.
type AppendPath struct {
	Base
	Subpaths []Path
}

// GatherPath runs a partial path in parallel workers and collects their
// rows in no order (PG: GatherPath). SingleCopy runs it in one process
// only (debug_parallel_query).
type GatherPath struct {
	Base
	Subpath    Path
	NumWorkers int
	SingleCopy bool
}

// GatherMergePath runs a partial path sorted on Pathkeys in parallel
// workers and merges their sorted outputs (PG: GatherMergePath).
type GatherMergePath struct {
	Base
	Subpath    Path
	NumWorkers int
}

// PlannedPath is an already planned subquery (a UNION arm), kept as its
// finished plan.
type PlannedPath struct {
	Base
	Plan plannodes.Plan
}

// FunctionScanPath scans the rows a function in FROM returns.
type FunctionScanPath struct {
	Base
	// Call is the function call with its arguments' constants folded.
	Call  *nodes.FuncExpr
	Quals []nodes.Expr
}

// CteScanPath scans the result of a recursive WITH query (PG: a Path
// with pathtype T_CteScan).
type CteScanPath struct {
	Base
	Quals []nodes.Expr
}

// WorkTableScanPath scans the work table of the recursive WITH query
// whose recursive term is being planned: the rows of the previous
// iteration (PG: a Path with pathtype T_WorkTableScan).
type WorkTableScanPath struct {
	Base
	Quals []nodes.Expr
}

// SubqueryScanPath scans the result of a subquery in FROM that could not
// be flattened; the subquery is already planned. Params are the executor
// Params standing in the subquery for its LATERAL references, which a
// nested loop above sets.
type SubqueryScanPath struct {
	Base
	Subplan plannodes.Plan
	Quals   []nodes.Expr
	Params  []PlanParam
}

// PlanParam is an executor Param that a parameterized plan reads in place
// of a column of another relation, set from the current row of that
// relation by a nested loop above (PG: PlannerParamItem, NestLoopParam).
type PlanParam struct {
	ID  int
	Var *nodes.Var
}

// InitPlanParams returns the executor Params the query level's InitPlans
// set: a Gather below the level's top node computes them in the leader
// and passes them to its workers, so expressions reading them are
// parallel-safe (PG: is_parallel_safe's safe_param_ids).
func (root *PlannerInfo) InitPlanParams() []int {
	var ids []int
	for _, ip := range root.InitPlans {
		ids = append(ids, ip.SetParam...)
	}
	return ids
}
