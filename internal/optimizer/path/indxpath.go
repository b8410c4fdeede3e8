// indxpath.go builds the index paths of a base relation (PG: indxpath.c
// create_index_paths): for each btree index, the restriction clauses that
// compare an index column with a value known before the scan become index
// conditions; a path is made when there are conditions, when the index
// order is useful above (ORDER BY, GROUP BY, merge joins), or when the
// index alone holds every column needed (an index-only scan). The paths
// with conditions are also offered to a bitmap heap scan, ANDed together
// where that is cheaper (choose_bitmap_and), and, when the relation may be
// scanned in parallel, to a Parallel Bitmap Heap Scan partial path.

package path

import (
	"slices"
	"sort"

	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/optimizer/cost"
	"github.com/loomdb/loomdb/internal/optimizer/pathnodes"
	"github.com/loomdb/loomdb/internal/optimizer/predtest"
	"github.com/loomdb/loomdb/internal/optimizer/util"
	"github.com/loomdb/loomdb/internal/types"
)

// CreateIndexPaths adds rel's index scan and bitmap scan paths; target is
// the scan's target list (nil for the physical one).
func CreateIndexPaths(root *pathnodes.PlannerInfo, rel *pathnodes.RelOptInfo, target []*nodes.TargetEntry) {
	if rel.TableSample != nil {
		return
	}
	var bitindexpaths []pathnodes.Path
	for _, index := range rel.IndexList {
		clauses, _ := matchIndexClauses(rel, index, nil, nil)
		indexOnly := checkIndexOnly(index, scanNeededAttrs(rel, index))
		// A partial index is worth scanning for its predicate alone.
		usefulPredicate := index.PredOK
		for _, dir := range []pathnodes.ScanDirection{pathnodes.ForwardScan, pathnodes.BackwardScan} {
			keys := truncateUselessPathkeys(root, rel, buildIndexPathkeys(root, rel, index, dir))
			if dir == pathnodes.BackwardScan && len(keys) == 0 {
				break
			}
			if dir == pathnodes.ForwardScan && len(clauses) == 0 && len(keys) == 0 && !indexOnly && !usefulPredicate {
				continue
			}
			ip := util.CreateIndexPath(root, index, clauses, keys, dir, indexOnly, target, 1)
			pathnodes.AddPath(root, rel, ip)
			if rel.ConsiderParallel && !hasArrayKeys(clauses) {
				if pp := util.CreatePartialIndexPath(root, index, clauses, keys, dir, indexOnly, target); pp != nil {
					pathnodes.AddPartialPath(rel, pp)
				}
			}
			if dir == pathnodes.ForwardScan && (len(keys) == 0 || ip.IndexSelectivity < 1) && (len(clauses) > 0 || usefulPredicate) {
				// A bitmap scan uses the path's conditions and index cost only.
				bitindexpaths = append(bitindexpaths, ip)
			}
		}
	}
	// OR clauses whose every arm an index can scan become BitmapOrs.
	bitindexpaths = append(bitindexpaths, generateBitmapOrPaths(root, rel, rel.BaseRestrictInfo, nil, nil, target)...)
	rel.BitIndexPaths = bitindexpaths
	if len(bitindexpaths) > 0 {
		qual := chooseBitmapAnd(root, rel, bitindexpaths, target)
		pathnodes.AddPath(root, rel, util.CreateBitmapHeapPath(root, rel, qual, target, 1))
		if rel.ConsiderParallel {
			createPartialBitmapPaths(root, rel, qual, target)
		}
	}
}

// matchIndexClauses returns the clauses usable as conditions of index, in
// index column order: restriction clauses, and join clauses comparing a
// column with the relations outerRelids (PG: match_restriction_clauses_to_index
// and match_join_clauses_to_index). joined are the join clauses used.
func matchIndexClauses(rel *pathnodes.RelOptInfo, index *pathnodes.IndexOptInfo, joinClauses []nodes.Expr, outerRelids []int) (out []pathnodes.IndexClause, joined []nodes.Expr) {
	for col := range index.IndexKeys {
		for _, rinfo := range index.IndRestrictInfo {
			if q := matchClauseToIndexCol(rel, index, col, rinfo, nil); q != nil {
				out = append(out, pathnodes.IndexClause{Rinfo: rinfo, IndexQual: q, IndexCol: col})
			}
		}
		for _, jc := range joinClauses {
			if q := matchClauseToIndexCol(rel, index, col, jc, outerRelids); q != nil {
				out = append(out, pathnodes.IndexClause{Rinfo: jc, IndexQual: q, IndexCol: col})
				joined = append(joined, jc)
			}
		}
	}
	return out, joined
}

// btreeOps are the comparison operators of the btree operator classes.
var btreeOps = map[string]bool{"=": true, "<": true, "<=": true, ">": true, ">=": true}

// isIndexKey reports whether e is the column of index column col.
func isIndexKey(rel *pathnodes.RelOptInfo, index *pathnodes.IndexOptInfo, col int, e nodes.Expr) bool {
	v, ok := e.(*nodes.Var)
	return ok && v.VarNo == rel.Relid && v.LevelsUp == 0 && v.AttNo == index.IndexKeys[col]
}

// matchClauseToIndexCol returns clause as an index condition on column col,
// with the column on the left, or nil (PG: match_clause_to_indexcol). The
// other operand must be computable before the scan: it may not reference
// the relation or call volatile functions, and may read columns of the
// relations outerRelids only (a parameterized scan's join clause); its type
// must be in the column's btree operator family.
func matchClauseToIndexCol(rel *pathnodes.RelOptInfo, index *pathnodes.IndexOptInfo, col int, clause nodes.Expr, outerRelids []int) nodes.Expr {
	switch x := clause.(type) {
	case *nodes.OpExpr:
		if len(x.Args) != 2 || !btreeOps[x.OpName] {
			return nil
		}
		l, r := x.Args[0], x.Args[1]
		switch {
		case isIndexKey(rel, index, col, l) && usableOperand(rel, r, outerRelids) && sameBtreeFamily(l, r):
			return x
		case isIndexKey(rel, index, col, r) && usableOperand(rel, l, outerRelids) && sameBtreeFamily(l, r):
			c := *x
			c.OpName = cost.CommuteOp(x.OpName)
			c.Args = []nodes.Expr{r, l}
			return &c
		}
	case *nodes.NullTest:
		if isIndexKey(rel, index, col, x.Arg) {
			return x
		}
	case *nodes.ScalarArrayOpExpr:
		// "column = ANY (list)": btree scans once per element, in order
		// (PG: btree's amsearcharray).
		if x.Array != nil || !x.UseOr || x.OpName != "=" || !isIndexKey(rel, index, col, x.Left) {
			return nil
		}
		for _, e := range x.List {
			if !usableOperand(rel, e, outerRelids) || !sameBtreeFamily(x.Left, e) {
				return nil
			}
		}
		return x
	}
	return nil
}

// sameBtreeFamily reports whether a btree index on a's type can compare
// with b's values: the types are equal or in one operator family with
// cross-type operators (PG: integer_ops, float_ops, text_ops), whose
// values the executor compares directly.
func sameBtreeFamily(a, b nodes.Expr) bool {
	return btreeFamily(a.ExprType().Oid) == btreeFamily(b.ExprType().Oid)
}

func btreeFamily(oid types.Oid) types.Oid {
	switch oid {
	case types.Int2Oid, types.Int4Oid, types.Int8Oid:
		return types.Int8Oid
	case types.Float4Oid, types.Float8Oid:
		return types.Float8Oid
	case types.VarcharOid:
		return types.TextOid
	}
	return oid
}

// usableOperand reports whether e can be evaluated once before an index
// scan of rel: without the relation's columns, aggregates, sublinks or
// volatile functions, reading only columns of the relations outerRelids
// (whose current row a parameterized scan is given).
func usableOperand(rel *pathnodes.RelOptInfo, e nodes.Expr, outerRelids []int) bool {
	ok := true
	nodes.Walk(e, func(n nodes.Expr) bool {
		switch x := n.(type) {
		case *nodes.Var:
			if x.LevelsUp != 0 || x.VarNo == rel.Relid || !slices.Contains(outerRelids, x.VarNo) {
				ok = false
			}
		case *nodes.Aggref, *nodes.SubLink, *nodes.SubPlan:
			ok = false
		}
		return ok
	})
	return ok && !util.ContainsVolatile(e)
}

// scanNeededAttrs are the columns a scan of index must produce: those used
// above the scan and by the restriction clauses the index does not imply.
func scanNeededAttrs(rel *pathnodes.RelOptInfo, index *pathnodes.IndexOptInfo) []int {
	if !index.PredOK {
		return rel.NeededAttrs
	}
	out := append([]int(nil), rel.NeededAbove...)
	for _, c := range index.IndRestrictInfo {
		nodes.Walk(c, func(n nodes.Expr) bool {
			if v, ok := n.(*nodes.Var); ok && v.VarNo == rel.Relid && !slices.Contains(out, v.AttNo) {
				out = append(out, v.AttNo)
			}
			return true
		})
	}
	return out
}

// checkIndexOnly reports whether every needed column is an index key (PG:
// check_index_only; btree can return all its key columns).
func checkIndexOnly(index *pathnodes.IndexOptInfo, needed []int) bool {
	for _, a := range needed {
		if !slices.Contains(index.IndexKeys, a) {
			return false
		}
	}
	return true
}

// buildIndexPathkeys returns the order an index scan in direction dir
// delivers (PG: build_index_pathkeys). Columns fixed by an equality with
// a constant are left out: every row has the same value there.
func buildIndexPathkeys(root *pathnodes.PlannerInfo, rel *pathnodes.RelOptInfo, index *pathnodes.IndexOptInfo, dir pathnodes.ScanDirection) []pathnodes.PathKey {
	var keys []pathnodes.PathKey
	rte := root.Parse.RangeTable[rel.Relid-1]
	for i, attno := range index.IndexKeys {
		col := rel.Rel.Columns[attno-1]
		v := &nodes.Var{VarNo: rel.Relid, AttNo: attno, Type: col.Type, Name: rte.ColNames[attno-1], RelName: rte.Alias, Location: -1}
		if constantEquated(rel, v) {
			continue
		}
		desc, nullsFirst := index.ReverseSort[i], index.NullsFirst[i]
		if dir == pathnodes.BackwardScan {
			desc, nullsFirst = !desc, !nullsFirst
		}
		keys = append(keys, pathnodes.PathKey{Expr: v, Descending: desc, NullsFirst: nullsFirst})
	}
	return keys
}

// constantEquated reports whether a restriction clause "v = constant" holds.
func constantEquated(rel *pathnodes.RelOptInfo, v *nodes.Var) bool {
	for _, q := range rel.BaseRestrictInfo {
		op, ok := q.(*nodes.OpExpr)
		if !ok || op.OpName != "=" || len(op.Args) != 2 {
			continue
		}
		for i := 0; i < 2; i++ {
			if w, ok := op.Args[i].(*nodes.Var); ok && w.VarNo == v.VarNo && w.AttNo == v.AttNo && usableOperand(rel, op.Args[1-i], nil) {
				return true
			}
		}
	}
	return false
}

// truncateUselessPathkeys keeps the leading keys that help the query's
// ordering or a merge join (PG: truncate_useless_pathkeys).
func truncateUselessPathkeys(root *pathnodes.PlannerInfo, rel *pathnodes.RelOptInfo, keys []pathnodes.PathKey) []pathnodes.PathKey {
	n := max(usefulForOrdering(root, keys), usefulForMerging(rel, keys))
	if n == 0 {
		return nil
	}
	return keys[:n]
}

// usefulForOrdering counts the leading keys shared with the query's
// wanted ordering (PG: pathkeys_useful_for_ordering).
func usefulForOrdering(root *pathnodes.PlannerInfo, keys []pathnodes.PathKey) int {
	n := 0
	for n < len(keys) && n < len(root.QueryPathkeys) {
		a, b := keys[n], root.QueryPathkeys[n]
		if a.Descending != b.Descending || a.NullsFirst != b.NullsFirst || !nodes.Equal(a.Expr, b.Expr) {
			break
		}
		n++
	}
	return n
}

// usefulForMerging counts the leading keys that an equality join clause
// of rel could merge on (PG: pathkeys_useful_for_merging).
func usefulForMerging(rel *pathnodes.RelOptInfo, keys []pathnodes.PathKey) int {
	n := 0
	for _, k := range keys {
		if k.Descending || k.NullsFirst {
			// Merge joins here sort ascending.
			break
		}
		found := false
		for _, jc := range rel.JoinInfo {
			op, ok := jc.(*nodes.OpExpr)
			if !ok || op.OpName != "=" || len(op.Args) != 2 {
				continue
			}
			if nodes.Equal(op.Args[0], k.Expr) || nodes.Equal(op.Args[1], k.Expr) {
				found = true
				break
			}
		}
		if !found {
			break
		}
		n++
	}
	return n
}

// bitmapCandidate is a bitmap path with the clauses and index predicates
// it uses (PG: PathClauseUsage); ids number them in the list of distinct
// clauses choose_bitmap_and has seen.
type bitmapCandidate struct {
	path         pathnodes.Path
	quals, preds []nodes.Expr
	ids          []int
	cost         float64
	selec        float64
}

// chooseBitmapAnd picks the cheapest combination of bitmap paths to AND
// together (PG: choose_bitmap_and): paths using the same clauses keep
// only the cheaper; then, starting from each path in order of cost, the
// others are added while they lower the estimated heap scan cost, never
// two using the same clause or a partial index whose predicate the
// clauses so far imply.
func chooseBitmapAnd(root *pathnodes.PlannerInfo, rel *pathnodes.RelOptInfo, paths []pathnodes.Path, target []*nodes.TargetEntry) pathnodes.Path {
	if len(paths) == 1 {
		return paths[0]
	}
	var seen []nodes.Expr
	position := func(e nodes.Expr) int {
		for i, o := range seen {
			if nodes.Equal(o, e) {
				return i
			}
		}
		seen = append(seen, e)
		return len(seen) - 1
	}
	var cands []*bitmapCandidate
	for _, p := range paths {
		c := &bitmapCandidate{path: p}
		findIndexpathQuals(p, &c.quals, &c.preds)
		for _, e := range append(append([]nodes.Expr(nil), c.quals...), c.preds...) {
			if id := position(e); !slices.Contains(c.ids, id) {
				c.ids = append(c.ids, id)
			}
		}
		slices.Sort(c.ids)
		c.cost, c.selec = cost.BitmapTreeNodeCost(&root.Costs, p)
		dup := false
		for i, o := range cands {
			if slices.Equal(o.ids, c.ids) {
				dup = true
				if c.cost < o.cost {
					cands[i] = c
				}
				break
			}
		}
		if !dup {
			cands = append(cands, c)
		}
	}
	if len(cands) == 1 {
		return cands[0].path
	}
	sort.SliceStable(cands, func(i, j int) bool {
		if cands[i].cost != cands[j].cost {
			return cands[i].cost < cands[j].cost
		}
		return cands[i].selec < cands[j].selec
	})
	var best []pathnodes.Path
	bestCost := 0.0
	for i, start := range cands {
		chosen := []pathnodes.Path{start.path}
		costSoFar := bitmapScanCost(root, rel, start.path, target)
		qualsSoFar := append(append([]nodes.Expr(nil), start.quals...), start.preds...)
		idsSoFar := append([]int(nil), start.ids...)
		for _, next := range cands[i+1:] {
			if slices.ContainsFunc(next.ids, func(id int) bool { return slices.Contains(idsSoFar, id) }) {
				continue
			}
			if slices.ContainsFunc(next.preds, func(pc nodes.Expr) bool { return predtest.ImpliedBy([]nodes.Expr{pc}, qualsSoFar) }) {
				continue
			}
			try := append(append([]pathnodes.Path(nil), chosen...), next.path)
			if c := bitmapScanCost(root, rel, util.CreateBitmapAndPath(root, rel, try), target); c < costSoFar {
				chosen, costSoFar = try, c
				qualsSoFar = append(append(qualsSoFar, next.quals...), next.preds...)
				idsSoFar = append(idsSoFar, next.ids...)
			}
		}
		if i == 0 || costSoFar < bestCost {
			best, bestCost = chosen, costSoFar
		}
	}
	if len(best) == 1 {
		return best[0]
	}
	return util.CreateBitmapAndPath(root, rel, best)
}

func bitmapScanCost(root *pathnodes.PlannerInfo, rel *pathnodes.RelOptInfo, qual pathnodes.Path, target []*nodes.TargetEntry) float64 {
	return util.CreateBitmapHeapPath(root, rel, qual, target, 1).TotalCost
}

// findIndexpathQuals appends the clauses and the index predicates a bitmap
// path uses, through its ANDs and ORs (PG: find_indexpath_quals).
func findIndexpathQuals(p pathnodes.Path, quals, preds *[]nodes.Expr) {
	switch x := p.(type) {
	case *pathnodes.BitmapAndPath:
		for _, q := range x.Bitmapquals {
			findIndexpathQuals(q, quals, preds)
		}
	case *pathnodes.BitmapOrPath:
		for _, q := range x.Bitmapquals {
			findIndexpathQuals(q, quals, preds)
		}
	case *pathnodes.IndexPath:
		for _, ic := range x.IndexClauses {
			*quals = append(*quals, ic.Rinfo)
		}
		*preds = append(*preds, x.Index.IndPred...)
	}
}

// generateBitmapOrPaths returns a BitmapOr for each OR clause among
// clauses whose every arm some index can scan: each arm gets the best
// AND of the bitmap paths matching it (PG: generate_bitmap_or_paths).
// otherClauses are the other restrictions that hold, usable as further
// index conditions and to prove partial index predicates.
func generateBitmapOrPaths(root *pathnodes.PlannerInfo, rel *pathnodes.RelOptInfo, clauses, otherClauses []nodes.Expr, param *pathnodes.ParamInfo, target []*nodes.TargetEntry) []pathnodes.Path {
	allClauses := append(append([]nodes.Expr(nil), clauses...), otherClauses...)
	var result []pathnodes.Path
	for _, c := range clauses {
		or, ok := c.(*nodes.BoolExpr)
		if !ok || or.Op != nodes.OrExpr {
			continue
		}
		var arms []pathnodes.Path
		for _, arg := range or.Args {
			var indlist []pathnodes.Path
			if and, ok := arg.(*nodes.BoolExpr); ok && and.Op == nodes.AndExpr {
				indlist = buildPathsForOR(root, rel, and.Args, allClauses, param, target)
				// The AND may hold ORs of its own.
				indlist = append(indlist, generateBitmapOrPaths(root, rel, and.Args, allClauses, param, target)...)
			} else {
				indlist = buildPathsForOR(root, rel, []nodes.Expr{arg}, allClauses, param, target)
			}
			if len(indlist) == 0 {
				// An arm no index can scan: the OR cannot be done this way.
				arms = nil
				break
			}
			arms = append(arms, chooseBitmapAnd(root, rel, indlist, target))
		}
		if arms != nil {
			result = append(result, util.CreateBitmapOrPath(root, rel, arms))
		}
	}
	return result
}

// buildPathsForOR returns the bitmap index paths of rel's indexes that use
// clauses, the conditions of one OR arm, with otherClauses as further
// index conditions (PG: build_paths_for_OR). A partial index serves when
// the arm and the other clauses imply its predicate; one the query's
// restrictions imply anyway is left out unless the arm matches it.
func buildPathsForOR(root *pathnodes.PlannerInfo, rel *pathnodes.RelOptInfo, clauses, otherClauses []nodes.Expr, param *pathnodes.ParamInfo, target []*nodes.TargetEntry) []pathnodes.Path {
	var outerRelids []int
	if param != nil {
		outerRelids = param.RequiredOuter
	}
	var out []pathnodes.Path
	for _, index := range rel.IndexList {
		usefulPredicate := false
		if len(index.IndPred) > 0 && !index.PredOK {
			all := append(append([]nodes.Expr(nil), clauses...), otherClauses...)
			if !predtest.ImpliedBy(index.IndPred, all) {
				continue
			}
			usefulPredicate = !predtest.ImpliedBy(index.IndPred, otherClauses)
		}
		perCol := make([][]pathnodes.IndexClause, len(index.IndexKeys))
		matched := matchClausesToIndex(rel, index, clauses, outerRelids, perCol)
		if !matched && !usefulPredicate {
			continue
		}
		matchClausesToIndex(rel, index, otherClauses, outerRelids, perCol)
		var ics []pathnodes.IndexClause
		for _, col := range perCol {
			ics = append(ics, col...)
		}
		if param != nil && readsOuterRow(rel, ics) {
			out = append(out, util.CreateParameterizedIndexPath(root, index, ics, param, false, target))
		} else {
			out = append(out, util.CreateIndexPath(root, index, ics, nil, pathnodes.ForwardScan, false, target, 1))
		}
	}
	return out
}

// matchClausesToIndex adds to perCol each clause usable as a condition of
// one of index's columns, the first that fits, unless already there (PG:
// match_clauses_to_index); it reports whether any clause matched.
func matchClausesToIndex(rel *pathnodes.RelOptInfo, index *pathnodes.IndexOptInfo, clauses []nodes.Expr, outerRelids []int, perCol [][]pathnodes.IndexClause) bool {
	matched := false
	for _, c := range clauses {
		for col := range index.IndexKeys {
			if slices.ContainsFunc(perCol[col], func(ic pathnodes.IndexClause) bool { return ic.Rinfo == c }) {
				break
			}
			if q := matchClauseToIndexCol(rel, index, col, c, outerRelids); q != nil {
				perCol[col] = append(perCol[col], pathnodes.IndexClause{Rinfo: c, IndexQual: q, IndexCol: col})
				matched = true
				break
			}
		}
	}
	return matched
}

// ParameterizedIndexPaths returns the scans of inner that use join clauses
// with the relations outerRelids as index conditions, to be run once per
// outer row as a nested loop's inner side (PG: the parameterized paths of
// create_index_paths): an index scan per index that can use them, and a
// bitmap heap scan over the best AND of those indexes' bitmaps, the
// BitmapOrs of OR join clauses and the relation's restriction bitmaps.
// Every path enforces all the join clauses movable to inner, checking
// those it cannot use in the index as a filter.
func ParameterizedIndexPaths(root *pathnodes.PlannerInfo, inner *pathnodes.RelOptInfo, outerRelids []int, joinClauses []nodes.Expr, loopCount float64, target []*nodes.TargetEntry) []pathnodes.Path {
	if inner.TableSample != nil {
		return nil
	}
	param := util.BaserelParamInfo(root, inner, outerRelids, joinClauses, loopCount)
	if param == nil {
		return nil
	}
	var out, bitjoinpaths []pathnodes.Path
	for _, index := range inner.IndexList {
		clauses, used := matchIndexClauses(inner, index, param.Clauses, outerRelids)
		if len(used) == 0 {
			continue
		}
		ip := util.CreateParameterizedIndexPath(root, index, clauses, param, checkIndexOnly(index, scanNeededAttrs(inner, index)), target)
		out = append(out, ip)
		if ip.IndexOnly {
			// The bitmap scan takes the index conditions only.
			ip = util.CreateParameterizedIndexPath(root, index, clauses, param, false, target)
		}
		bitjoinpaths = append(bitjoinpaths, ip)
	}
	var orClauses []nodes.Expr
	for _, c := range param.Clauses {
		if b, ok := c.(*nodes.BoolExpr); ok && b.Op == nodes.OrExpr {
			orClauses = append(orClauses, c)
		}
	}
	for _, bp := range generateBitmapOrPaths(root, inner, orClauses, inner.BaseRestrictInfo, param, target) {
		if bitmapUsesParam(bp) {
			bitjoinpaths = append(bitjoinpaths, bp)
		}
	}
	if len(bitjoinpaths) > 0 {
		qual := chooseBitmapAnd(root, inner, append(bitjoinpaths, inner.BitIndexPaths...), target)
		if bitmapUsesParam(qual) {
			out = append(out, util.CreateParameterizedBitmapHeapPath(root, inner, qual, param, target))
		}
	}
	return out
}

// readsOuterRow reports whether any of an index scan's conditions on rel
// compares with another relation's column.
func readsOuterRow(rel *pathnodes.RelOptInfo, clauses []pathnodes.IndexClause) bool {
	return slices.ContainsFunc(clauses, func(ic pathnodes.IndexClause) bool {
		r := ClauseRelids(ic.IndexQual)
		return slices.ContainsFunc(r, func(id int) bool { return id != rel.Relid })
	})
}

// bitmapUsesParam reports whether a bitmap path reads an outer row: some
// index path below it is parameterized.
func bitmapUsesParam(p pathnodes.Path) bool {
	switch x := p.(type) {
	case *pathnodes.BitmapAndPath:
		return slices.ContainsFunc(x.Bitmapquals, bitmapUsesParam)
	case *pathnodes.BitmapOrPath:
		return slices.ContainsFunc(x.Bitmapquals, bitmapUsesParam)
	}
	return p.PathBase().Param != nil
}

// hasArrayKeys reports whether an index condition is "column = ANY
// (list)", which the executor scans once per element: such a scan is not
// split among participants.
func hasArrayKeys(clauses []pathnodes.IndexClause) bool {
	for _, ic := range clauses {
		if _, ok := ic.IndexQual.(*nodes.ScalarArrayOpExpr); ok {
			return true
		}
	}
	return false
}
