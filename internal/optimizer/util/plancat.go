// Package util holds the optimizer's helpers for building paths and reading
// relation facts: plancat (sizes and widths of tables) and pathnode (the
// Create*Path constructors, which cost each path as they build it)
// (PG: optimizer/util/plancat.c, pathnode.c).
package util

import (
	"math"
	"sort"

	"github.com/loomdb/loomdb/internal/access/tablesample"
	"github.com/loomdb/loomdb/internal/catalog"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/optimizer/cost"
	"github.com/loomdb/loomdb/internal/optimizer/pathnodes"
	"github.com/loomdb/loomdb/internal/optimizer/predtest"
	"github.com/loomdb/loomdb/internal/optimizer/prep"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

// RelSizer reports a table's current size in blocks.
type RelSizer func(rel *catalog.Relation) (uint32, error)

// StatsLoader returns a table's column statistics by attribute number.
type StatsLoader func(rel *catalog.Relation) (map[int]*catalog.ColumnStats, error)

// IndexSizer reports an index's current size in blocks and its btree height.
type IndexSizer func(rel *catalog.Relation, in *catalog.IndexInfo) (pages uint32, treeHeight int, err error)

// IndexRange reads the smallest and largest non-null value of an index's
// first column among the rows the statement sees (ok false when there is
// none).
type IndexRange func(rel *catalog.Relation, in *catalog.IndexInfo) (min, max types.Datum, ok bool, err error)

// VisibilityKnown reports whether a table's visibility map holds what
// VACUUM found: false after a crash wiped it, when index-only scans must
// visit every heap page whatever relallvisible says.
type VisibilityKnown func(rel *catalog.Relation) bool

// GetRelationInfo fills rel's physical size estimates from the catalog and
// the relation's current file size, and lists its indexes (PG:
// get_relation_info, estimate_rel_size). visible may be nil.
func GetRelationInfo(rel *pathnodes.RelOptInfo, r *catalog.Relation, sizer RelSizer, visible VisibilityKnown, stats StatsLoader, indexes IndexSizer, ranges IndexRange) error {
	rel.Rel = r
	if stats != nil {
		cs, err := stats(r)
		if err != nil {
			return err
		}
		rel.ColStats = cs
	}
	rel.AttrWidths = make([]int, len(r.Columns))
	for i, c := range r.Columns {
		if c.Dropped {
			continue
		}
		rel.AttrWidths[i] = cost.TypeAvgWidth(c.Type)
		if s := rel.ColStats[i+1]; s != nil && s.Width > 0 {
			rel.AttrWidths[i] = int(s.Width)
		}
	}
	nblocks, err := sizer(r)
	if err != nil {
		return err
	}
	curpages := float64(nblocks)
	relpages := float64(r.Pages)
	reltuples := r.Tuples
	if curpages < 10 && reltuples < 0 {
		curpages = 10
	}
	rel.Pages = curpages
	if curpages == 0 {
		rel.Tuples = 0
		return nil
	}
	var density float64
	if reltuples >= 0 && relpages > 0 {
		density = reltuples / relpages
	} else {
		width := 0
		for _, w := range rel.AttrWidths {
			width += w
		}
		width += cost.MaxAlignInt(cost.SizeofHeapTupleHeader) + cost.ItemIDSize
		density = float64((cost.BlockSize - cost.SizeOfPageHeaderData) / width)
	}
	rel.Tuples = math.RoundToEven(density * curpages)
	switch {
	case r.AllVisible <= 0 || visible != nil && !visible(r):
		rel.AllVisFrac = 0
	case float64(r.AllVisible) >= curpages:
		rel.AllVisFrac = 1
	default:
		rel.AllVisFrac = float64(r.AllVisible) / curpages
	}
	return getIndexInfo(rel, r, indexes, ranges)
}

// getIndexInfo builds the IndexOptInfos of rel's indexes, newest first as
// PostgreSQL lists them (which decides ties between equal indexes).
// A partial index comes without its predicate; CheckIndexPredicates loads
// it.
func getIndexInfo(rel *pathnodes.RelOptInfo, r *catalog.Relation, indexes IndexSizer, ranges IndexRange) error {
	if indexes == nil {
		return nil
	}
	for _, in := range r.Indexes {
		pages, height, err := indexes(r, in)
		if err != nil {
			return err
		}
		info := &pathnodes.IndexOptInfo{Oid: in.Oid, Name: in.Name, Rel: rel, Unique: in.Unique,
			Pages: float64(pages), Tuples: rel.Tuples, TreeHeight: height, Catalog: in}
		if ranges != nil && in.Predicate == "" {
			// A partial index does not know the whole column's range.
			info.ActualRange = memoRange(func() (types.Datum, types.Datum, bool) {
				mn, mx, ok, err := ranges(r, in)
				return mn, mx, ok && err == nil
			})
		}
		for _, k := range in.Keys {
			info.IndexKeys = append(info.IndexKeys, k.AttNum)
			info.ReverseSort = append(info.ReverseSort, k.Desc)
			info.NullsFirst = append(info.NullsFirst, k.NullsFirst)
		}
		rel.IndexList = append(rel.IndexList, info)
	}
	sort.SliceStable(rel.IndexList, func(i, j int) bool { return rel.IndexList[i].Oid > rel.IndexList[j].Oid })
	return nil
}

// memoRange calls f at most once.
func memoRange(f func() (types.Datum, types.Datum, bool)) func() (types.Datum, types.Datum, bool) {
	var mn, mx types.Datum
	var ok, done bool
	return func() (types.Datum, types.Datum, bool) {
		if !done {
			mn, mx, ok = f()
			done = true
		}
		return mn, mx, ok
	}
}

// SetBaseRelSizeEstimates sets rel.Rows from its restriction clauses and
// rel.Width from the columns needed above the scan (PG:
// set_baserel_size_estimates, set_rel_width).
func SetBaseRelSizeEstimates(root *pathnodes.PlannerInfo, rel *pathnodes.RelOptInfo, neededAttrs []int) {
	rel.Rows = cost.ClampRowEst(rel.Tuples * cost.ClauselistSelectivity(root, rel.BaseRestrictInfo))
	w := 0
	for _, a := range neededAttrs {
		w += AttrWidth(rel, a)
	}
	rel.Width = w
}

// SetTablesampleRelSize replaces rel's pages and tuples with the numbers
// the sampling method of ts expects to read and return, reading its
// arguments where they are constants (PG: set_tablesample_rel_size).
func SetTablesampleRelSize(rel *pathnodes.RelOptInfo, ts *nodes.TableSampleClause) error {
	m := tablesample.Lookup(ts.Method)
	if m == nil {
		return pgerror.Newf(pgerror.UndefinedObject, "tablesample method %s does not exist", ts.Method)
	}
	params := make([]types.Datum, len(ts.Args))
	for i, a := range ts.Args {
		if k, ok := a.(*nodes.Const); ok {
			params[i] = k.Value
		}
	}
	rel.Pages, rel.Tuples = m.SampleSize(rel.Pages, rel.Tuples, params)
	return nil
}

// AttrWidth returns the estimated width of attribute attno of a base
// relation; system columns (attno < 1, the ctid) have their type's width.
func AttrWidth(rel *pathnodes.RelOptInfo, attno int) int {
	if attno < 1 {
		return cost.TypeAvgWidth(types.TTid)
	}
	return rel.AttrWidths[attno-1]
}

// ExprWidth estimates the width of an expression's values.
func ExprWidth(rel *pathnodes.RelOptInfo, e nodes.Expr) int {
	if v, ok := e.(*nodes.Var); ok && rel != nil && v.VarNo == rel.Relid && v.AttNo-1 < len(rel.AttrWidths) {
		return AttrWidth(rel, v.AttNo)
	}
	return cost.TypeAvgWidth(e.ExprType())
}

// TargetWidth sums ExprWidth over a target list.
func TargetWidth(rel *pathnodes.RelOptInfo, tl []*nodes.TargetEntry) int {
	w := 0
	for _, te := range tl {
		w += ExprWidth(rel, te.Expr)
	}
	return w
}

// IndexPredicate returns a partial index's predicate as an expression over
// its table, whose Vars have VarNo 1.
type IndexPredicate func(rel *catalog.Relation, in *catalog.IndexInfo) (nodes.Expr, error)

// CheckIndexPredicates loads the predicates of rel's partial indexes and
// keeps those the relation's restriction clauses imply (PG:
// check_index_predicates): for them, the clauses the predicate implies are
// dropped from what a scan must check, and the index's size is estimated
// from the predicate's selectivity. Every index gets its IndRestrictInfo.
// Without loadPredicate partial indexes are not used.
func CheckIndexPredicates(root *pathnodes.PlannerInfo, rel *pathnodes.RelOptInfo, rte *nodes.RangeTblEntry, loadPredicate IndexPredicate) error {
	kept := rel.IndexList[:0]
	for _, index := range rel.IndexList {
		index.IndRestrictInfo = rel.BaseRestrictInfo
		if index.Catalog == nil || index.Catalog.Predicate == "" {
			kept = append(kept, index)
			continue
		}
		if loadPredicate == nil {
			continue
		}
		pred, err := loadPredicate(rel.Rel, index.Catalog)
		if err != nil {
			return err
		}
		// Simplified as the query's clauses are, for the proofs to match.
		if pred, err = prep.EvalConstExpressions(pred); err != nil {
			return err
		}
		pred = nodes.Mutate(pred, func(n nodes.Expr) (nodes.Expr, bool) {
			if v, ok := n.(*nodes.Var); ok {
				c := *v
				c.VarNo, c.Location = rel.Relid, -1
				if rte != nil {
					c.RelName = rte.Alias
					if v.AttNo >= 1 && v.AttNo <= len(rte.ColNames) {
						c.Name = rte.ColNames[v.AttNo-1]
					}
				}
				return &c, true
			}
			return nil, false
		})
		index.IndPred = prep.MakeAndList(pred)
		if !predtest.ImpliedBy(index.IndPred, rel.BaseRestrictInfo) {
			continue
		}
		index.PredOK = true
		index.IndRestrictInfo = nil
		for _, c := range rel.BaseRestrictInfo {
			if ContainsVolatile(c) || !predtest.ImpliedBy([]nodes.Expr{c}, index.IndPred) {
				index.IndRestrictInfo = append(index.IndRestrictInfo, c)
			}
		}
		index.Tuples = math.Min(math.RoundToEven(rel.Tuples*cost.ClauselistSelectivity(root, index.IndPred)), rel.Tuples)
		kept = append(kept, index)
	}
	rel.IndexList = kept
	return nil
}
