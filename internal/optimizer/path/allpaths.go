// Package path generates the access paths of base relations (PG:
// optimizer/path/allpaths.c), the partial paths of parallel plans and the
// Gather and Gather Merge paths that complete them, and runs the join
// search.
package path

import (
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/optimizer/cost"
	"github.com/loomdb/loomdb/internal/optimizer/pathnodes"
	"github.com/loomdb/loomdb/internal/optimizer/util"
)

// SetBaseRelPathlist builds every path for a plain table and picks the
// cheapest (PG: set_plain_rel_pathlist + set_cheapest). target is the
// target list the scan computes, or nil for the relation's own columns.
// Partial paths go to the relation's partial_pathlist, and Gather paths
// over them join its pathlist: the scan computes the final target here, so
// this is also where PG's apply_scanjoin_target_to_paths would gather a
// single-table query.
func SetBaseRelPathlist(root *pathnodes.PlannerInfo, rel *pathnodes.RelOptInfo, target []*nodes.TargetEntry) {
	setRelConsiderParallel(root, rel, target)
	pathnodes.AddPath(root, rel, util.CreateSeqscanPath(root, rel, target, 0))
	if rel.ConsiderParallel {
		createPlainPartialPaths(root, rel, target)
	}
	CreateIndexPaths(root, rel, target)
	if rel.ConsiderParallel {
		GenerateUsefulGatherPaths(root, rel, target, false)
	}
	pathnodes.SetCheapest(rel)
}

// SetTablesampleRelPathlist gives a table read with TABLESAMPLE its one
// path, a Sample Scan (PG: set_tablesample_rel_pathlist). There are no
// partial paths: a sample scan may run inside a worker (its rel is
// parallel-safe when the method's arguments and seed are; PostgreSQL
// checks only the arguments) but is never shared among workers. Both
// built-in methods return the same rows on every scan of a query, so no
// Material protects a rescan.
func SetTablesampleRelPathlist(root *pathnodes.PlannerInfo, rel *pathnodes.RelOptInfo, ts *nodes.TableSampleClause, target []*nodes.TargetEntry) {
	setRelConsiderParallel(root, rel, target)
	if rel.ConsiderParallel && !util.IsParallelSafe(append(append([]nodes.Expr(nil), ts.Args...), ts.Repeatable)...) {
		rel.ConsiderParallel = false
	}
	pathnodes.AddPath(root, rel, util.CreateSamplescanPath(root, rel, ts, target))
	pathnodes.SetCheapest(rel)
}

// setRelConsiderParallel decides whether a table may be scanned by
// parallel workers (PG: set_rel_consider_parallel): the statement allows
// parallel mode and the table's restrictions and target are parallel-safe.
func setRelConsiderParallel(root *pathnodes.PlannerInfo, rel *pathnodes.RelOptInfo, target []*nodes.TargetEntry) {
	rel.ConsiderParallel = false
	if root.Glob == nil || !root.Glob.ParallelModeOK || rel.Rel == nil {
		return
	}
	safe := root.InitPlanParams()
	if !util.IsParallelSafeParams(safe, rel.BaseRestrictInfo...) || !util.TargetParallelSafeParams(safe, target) {
		return
	}
	rel.ConsiderParallel = true
}

// createPlainPartialPaths adds a Parallel Seq Scan of rel when the table is
// large enough to be worth workers (PG: create_plain_partial_paths).
func createPlainPartialPaths(root *pathnodes.PlannerInfo, rel *pathnodes.RelOptInfo, target []*nodes.TargetEntry) {
	workers := cost.ComputeParallelWorker(root, rel, rel.Pages, -1, root.Costs.MaxParallelWorkersPerGather)
	if workers <= 0 {
		return
	}
	pathnodes.AddPartialPath(rel, util.CreateSeqscanPath(root, rel, target, workers))
}

// createPartialBitmapPaths adds a Parallel Bitmap Heap Scan of rel driven
// by bitmapqual, the bitmap create_index_paths chose, when the heap pages
// it is expected to fetch are worth workers (PG:
// create_partial_bitmap_paths).
func createPartialBitmapPaths(root *pathnodes.PlannerInfo, rel *pathnodes.RelOptInfo, bitmapqual pathnodes.Path, target []*nodes.TargetEntry) {
	pagesFetched, _, _ := cost.ComputeBitmapPages(root, rel, bitmapqual, 1)
	workers := cost.ComputeParallelWorker(root, rel, pagesFetched, -1, root.Costs.MaxParallelWorkersPerGather)
	if workers <= 0 {
		return
	}
	pathnodes.AddPartialPath(rel, util.CreatePartialBitmapHeapPath(root, rel, bitmapqual, target, workers))
}

// GenerateGatherPaths adds to rel's pathlist a Gather over its cheapest
// partial path and a Gather Merge over each sorted partial path (PG:
// generate_gather_paths). With overrideRows the Gather's row count is the
// partial path's times its workers (a partially grouped relation, whose
// own row estimate is per participant).
func GenerateGatherPaths(root *pathnodes.PlannerInfo, rel *pathnodes.RelOptInfo, overrideRows bool) {
	if len(rel.PartialPathlist) == 0 {
		return
	}
	cheapest := rel.PartialPathlist[0]
	pathnodes.AddPath(root, rel, util.CreateGatherPath(root, rel, cheapest, gatherRows(rel, cheapest, overrideRows)))
	for _, sub := range rel.PartialPathlist {
		if len(sub.PathBase().Pathkeys) == 0 {
			continue
		}
		pathnodes.AddPath(root, rel, util.CreateGatherMergePath(root, rel, sub, sub.PathBase().Pathkeys, gatherRows(rel, sub, overrideRows)))
	}
}

func gatherRows(rel *pathnodes.RelOptInfo, sub pathnodes.Path, override bool) float64 {
	if override {
		sb := sub.PathBase()
		return sb.Rows * float64(sb.ParallelWorkers)
	}
	return rel.Rows
}

// GenerateUsefulGatherPaths is GenerateGatherPaths plus, for each ordering
// the query could use (its query_pathkeys, or their usable prefix), a
// Gather Merge over the cheapest partial path sorted that way (PG:
// generate_useful_gather_paths). target is what the partial paths compute
// (nil: the table's own columns), which the sort keys must be part of.
func GenerateUsefulGatherPaths(root *pathnodes.PlannerInfo, rel *pathnodes.RelOptInfo, target []*nodes.TargetEntry, overrideRows bool) {
	if len(rel.PartialPathlist) == 0 {
		return
	}
	GenerateGatherPaths(root, rel, overrideRows)
	keys := usefulPathkeys(root, rel, target)
	if len(keys) == 0 {
		return
	}
	// Only the cheapest partial path is sorted explicitly; the others would
	// need an Incremental Sort, which loomdb does not have.
	if cheapest := rel.PartialPathlist[0]; !pathnodes.PathkeysContained(keys, cheapest.PathBase().Pathkeys) {
		s := util.CreateSortPath(root, cheapest, keys, -1)
		pathnodes.AddPath(root, rel, util.CreateGatherMergePath(root, rel, s, keys, gatherRows(rel, s, overrideRows)))
	}
}

// usefulPathkeys returns the query's pathkeys as far as rel can be sorted
// on them below a Gather (PG: get_useful_pathkeys_for_relation): each key
// must be an expression the partial paths compute and parallel-safe.
func usefulPathkeys(root *pathnodes.PlannerInfo, rel *pathnodes.RelOptInfo, target []*nodes.TargetEntry) []pathnodes.PathKey {
	var out []pathnodes.PathKey
	for _, k := range root.QueryPathkeys {
		if !sortableEarly(rel, target, k.Expr) {
			break
		}
		out = append(out, k)
	}
	return out
}

func sortableEarly(rel *pathnodes.RelOptInfo, target []*nodes.TargetEntry, e nodes.Expr) bool {
	// An aggregate's result exists only above the (Finalize) Agg.
	if !util.IsParallelSafe(e) || nodes.Contains(e, func(n nodes.Expr) bool { _, ok := n.(*nodes.Aggref); return ok }) {
		return false
	}
	if target == nil {
		v, ok := e.(*nodes.Var)
		return ok && len(rel.Relids) == 1 && v.VarNo == rel.Relids[0]
	}
	for _, te := range target {
		if nodes.Equal(te.Expr, e) {
			return true
		}
	}
	return false
}
