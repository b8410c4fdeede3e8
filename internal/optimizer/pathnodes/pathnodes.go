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
)

// CostParams are the planner cost settings of one planning run.
type CostParams struct {
	SeqPageCost       float64
	RandomPageCost    float64
	CPUTupleCost      float64
	CPUIndexTupleCost float64
	CPUOperatorCost   float64
	ParallelTupleCost float64
	ParallelSetupCost float64
	WorkMemKB         int64
	EnableSeqscan     bool
	EnableSort        bool
	EnableHashagg     bool
	// MaxParallelWorkersPerGather and the other parallel settings.
	MaxParallelWorkersPerGather int
	MinParallelTableScanSize    int64 // in blocks
	ParallelLeaderParticipation bool
	DebugParallelQuery          string
}

// PlannerInfo is the state of planning one query (PG: PlannerInfo).
type PlannerInfo struct {
	Parse *nodes.Query
	// SimpleRelArray is indexed by range-table index (entry 0 unused).
	SimpleRelArray []*RelOptInfo
	Costs          CostParams
	// ProcessedTlist is the final target list, after preprocessing.
	ProcessedTlist []*nodes.TargetEntry
	// TupleFraction is the fraction of the result expected to be fetched (LIMIT).
	TupleFraction float64
	// LimitTuples is the bound a LIMIT puts on the rows needed, or -1.
	LimitTuples float64
}

// RelOptInfo describes a relation being planned (PG: RelOptInfo).
type RelOptInfo struct {
	Relid int
	// Rel is the catalog entry of a base table.
	Rel *catalog.Relation
	// Pages and Tuples are the estimated physical size (estimate_rel_size).
	Pages  float64
	Tuples float64
	// Rows is the estimated number of rows after restriction clauses.
	Rows float64
	// Width is the estimated average output row width in bytes.
	Width int
	// AttrWidths holds per-column width estimates (index = attno-1).
	AttrWidths []int
	// BaseRestrictInfo is the list of WHERE clauses that apply to this relation.
	BaseRestrictInfo []nodes.Expr
	// ConsiderParallel is set when parallel paths may be built for the rel.
	ConsiderParallel bool
	Pathlist         []Path
	PartialPathlist  []Path
	CheapestTotal    Path
	CheapestStartup  Path
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
}

func (b *Base) PathBase() *Base { return b }

// SeqScanPath is a sequential scan of a base relation.
type SeqScanPath struct{ Base }

// ResultPath computes a target list without input (SELECT without FROM).
type ResultPath struct {
	Base
	Quals []nodes.Expr
}

// ValuesScanPath scans a VALUES list.
type ValuesScanPath struct{ Base }

// SortPath sorts its subpath's output.
type SortPath struct {
	Base
	Subpath Path
}

// AggPath computes aggregates over its subpath.
type AggPath struct {
	Base
	Subpath Path
	Split   nodes.AggSplit
}

// LimitPath applies LIMIT/OFFSET.
type LimitPath struct {
	Base
	Subpath     Path
	LimitOffset nodes.Expr
	LimitCount  nodes.Expr
}

// ModifyTablePath inserts its subpath's rows.
type ModifyTablePath struct {
	Base
	Subpath Path
}

// AddPath adds p to rel's pathlist, keeping only paths that are not
// dominated on total cost, startup cost and ordering (a simplified add_path:
// a path survives if it is cheaper in total or startup cost, or has
// pathkeys the others lack).
func AddPath(rel *RelOptInfo, p Path) {
	rel.Pathlist = addToList(rel.Pathlist, p)
}

// AddPartialPath adds a partial path to rel's partial_pathlist; only partial
// paths go there, and they are compared on total cost alone (startup cost
// does not matter below a Gather).
func AddPartialPath(rel *RelOptInfo, p Path) {
	rel.PartialPathlist = addToList(rel.PartialPathlist, p)
}

func addToList(list []Path, p Path) []Path {
	nb := p.PathBase()
	out := list[:0:0]
	keep := true
	for _, old := range list {
		ob := old.PathBase()
		oldDominates := ob.TotalCost <= nb.TotalCost && ob.StartupCost <= nb.StartupCost && len(ob.Pathkeys) >= len(nb.Pathkeys)
		newDominates := nb.TotalCost <= ob.TotalCost && nb.StartupCost <= ob.StartupCost && len(nb.Pathkeys) >= len(ob.Pathkeys)
		if oldDominates && keep && !newDominates {
			keep = false
		}
		if newDominates && !oldDominates {
			continue
		}
		if newDominates && oldDominates {
			// Equal on every axis: keep the older path, as PG does with fuzzy ties.
			keep = false
		}
		out = append(out, old)
	}
	if keep {
		out = append(out, p)
	}
	return out
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
