// Package path generates the access paths of base relations (PG:
// optimizer/path/allpaths.c). Join search and partial paths for parallel
// plans are added here as the optimizer grows.
package path

import (
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/optimizer/pathnodes"
	"github.com/loomdb/loomdb/internal/optimizer/util"
)

// SetBaseRelPathlist builds every path for a plain table and picks the
// cheapest (PG: set_plain_rel_pathlist + set_cheapest). target is the
// target list the scan computes, or nil for the relation's own columns.
func SetBaseRelPathlist(root *pathnodes.PlannerInfo, rel *pathnodes.RelOptInfo, target []*nodes.TargetEntry) {
	pathnodes.AddPath(root, rel, util.CreateSeqscanPath(root, rel, target, 0))
	CreateIndexPaths(root, rel, target)
	pathnodes.SetCheapest(rel)
}
