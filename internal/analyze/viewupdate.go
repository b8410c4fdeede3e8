// viewupdate.go makes simple views automatically updatable, as
// PostgreSQL 15's rewriter does (PG: rewrite/rewriteHandler.c's
// view_query_is_auto_updatable, view_cols_are_auto_updatable and
// rewriteTargetView).
//
// An INSERT, UPDATE or DELETE naming a view is analyzed with the view's
// columns as its target: a relation standing for the view, whose columns
// carry the default and identity of the table column each writes to
// (viewTargetRelation). The analyzed statement is then rewritten one view
// at a time, from the view named down to the table at the bottom: the
// view must select from a single table or view without aggregation,
// DISTINCT, set operations, WITH or LIMIT, and the columns the statement
// assigns must be plain columns of that relation. References to the view's
// columns become the expressions the view computes them by, the assigned
// columns those of the relation below, an UPDATE's or DELETE's WHERE gains
// the view's, and a view with a CHECK OPTION (or under a CASCADED one)
// adds its WHERE to the conditions the stored rows must meet.

package analyze

import (
	"reflect"
	"slices"
	"strconv"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/loomdb/loomdb/internal/catalog"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

// viewNotUpdatable returns why a view whose analyzed definition is q is
// not automatically updatable, "" when it is; hasWith says the definition
// has a WITH clause (which the analysis expands away), checkCols that the
// view needs an updatable column (INSERT and UPDATE do, DELETE does not).
// The texts are PostgreSQL's.
func (a *analyzer) viewNotUpdatable(q *nodes.Query, hasWith, checkCols bool) (string, error) {
	switch {
	case len(q.DistinctClause) > 0:
		return "Views containing DISTINCT are not automatically updatable.", nil
	case len(q.GroupClause) > 0 || len(q.GroupingSets) > 0:
		return "Views containing GROUP BY are not automatically updatable.", nil
	case q.HavingQual != nil:
		return "Views containing HAVING are not automatically updatable.", nil
	case q.SetOperations != nil:
		return "Views containing UNION, INTERSECT, or EXCEPT are not automatically updatable.", nil
	case hasWith || len(q.CTEList) > 0:
		return "Views containing WITH are not automatically updatable.", nil
	case q.LimitCount != nil || q.LimitOffset != nil:
		return "Views containing LIMIT or OFFSET are not automatically updatable.", nil
	case q.HasAggs:
		return "Views that return aggregate functions are not automatically updatable.", nil
	case q.HasWindowFuncs:
		return "Views that return window functions are not automatically updatable.", nil
	}
	const notSingle = "Views that do not select from a single table or view are not automatically updatable."
	rti, rte := viewFromItem(q)
	switch {
	case rte == nil:
		return notSingle, nil
	case rte.Kind == nodes.RTERelation:
		rel, err := a.relationByOid(rte.RelOid)
		if err != nil {
			return "", err
		}
		if rel != nil && rel.Kind != 'r' {
			return notSingle, nil
		}
	case rte.ViewOid == 0:
		return notSingle, nil
	}
	if rte.TableSample != nil {
		return "Views containing TABLESAMPLE are not automatically updatable.", nil
	}
	if checkCols && !slices.ContainsFunc(q.TargetList, func(te *nodes.TargetEntry) bool { return viewColNotUpdatable(rti, te) == "" }) {
		return "Views that have no updatable columns are not automatically updatable.", nil
	}
	return "", nil
}

// viewFromItem returns a view definition's only FROM item, a relation or
// a view, and its range-table index; nil when the definition does not
// have exactly one such item.
func viewFromItem(q *nodes.Query) (int, *nodes.RangeTblEntry) {
	if q.JoinTree == nil || len(q.JoinTree.FromList) != 1 {
		return 0, nil
	}
	ref, ok := q.JoinTree.FromList[0].(*nodes.RangeTblRef)
	if !ok || ref.RTIndex < 1 || ref.RTIndex > len(q.RangeTable) {
		return 0, nil
	}
	rte := q.RangeTable[ref.RTIndex-1]
	if rte.Kind != nodes.RTERelation && rte.ViewOid == 0 {
		return 0, nil
	}
	return ref.RTIndex, rte
}

// viewColNotUpdatable returns why a view column is not updatable, "" when
// it is a column of the relation the view reads (entry rti).
func viewColNotUpdatable(rti int, te *nodes.TargetEntry) string {
	if te.ResJunk {
		return "Junk view columns are not updatable."
	}
	v, ok := te.Expr.(*nodes.Var)
	switch {
	case !ok || v.VarNo != rti || v.LevelsUp != 0:
		return "View columns that are not columns of their base relation are not updatable."
	case v.AttNo < 0:
		return "View columns that refer to system columns are not updatable."
	case v.AttNo == 0:
		return "View columns that return whole-row references are not updatable."
	}
	return ""
}

// relationByOid finds a relation by OID; nil when the catalog cannot.
func (a *analyzer) relationByOid(oid types.Oid) (*catalog.Relation, error) {
	cat, ok := a.env.Catalog.(relationsByOid)
	if !ok {
		return nil, nil
	}
	return cat.RelationByOid(oid)
}

// viewLevel is one view of the chain a data-modifying statement writes
// through: its analyzed definition, its FROM item and the relation that
// item reads (a table or a view; nil when there is not a single one).
type viewLevel struct {
	view    *catalog.Relation
	q       *nodes.Query
	hasWith bool
	rti     int
	rte     *nodes.RangeTblEntry
	base    *catalog.Relation
}

func (a *analyzer) viewLevel(view *catalog.Relation) (*viewLevel, error) {
	q, sel, err := a.viewQuery(view)
	if err != nil {
		return nil, err
	}
	lvl := &viewLevel{view: view, q: q, hasWith: sel.WithClause != nil}
	lvl.rti, lvl.rte = viewFromItem(q)
	if lvl.rte != nil {
		oid := lvl.rte.RelOid
		if lvl.rte.ViewOid != 0 {
			oid = lvl.rte.ViewOid
		}
		if lvl.base, err = a.relationByOid(oid); err != nil {
			return nil, err
		}
	}
	return lvl, nil
}

// columns returns the view's columns: its definition's visible target
// entries.
func (l *viewLevel) columns() []*nodes.TargetEntry {
	var out []*nodes.TargetEntry
	for _, te := range l.q.TargetList {
		if !te.ResJunk {
			out = append(out, te)
		}
	}
	return out
}

// viewTargetRelation returns the relation an INSERT, UPDATE or DELETE
// naming view is analyzed against: the view with its columns, each with
// the identity, NOT NULL and (for INSERT) default of the table column it
// writes to through the views below, if any. An UPDATE's SET col =
// DEFAULT sets NULL, as in PostgreSQL, where a view column has no default
// of its own. Errors wait for rewriteViewModify, which PG's order puts
// after the statement's analysis.
func (a *analyzer) viewTargetRelation(view *catalog.Relation, cmd nodes.CmdType) *catalog.Relation {
	vr := &catalog.Relation{Oid: view.Oid, Name: view.Name, Namespace: view.Namespace, NamespaceName: view.NamespaceName,
		Kind: 'v', Options: view.Options, ViewDef: view.ViewDef, ParallelWorkers: -1}
	for _, c := range view.Columns {
		vr.Columns = append(vr.Columns, catalog.Column{Name: c.Name, AttNum: c.AttNum, Type: c.Type, Dropped: c.Dropped})
	}
	if cmd == nodes.CmdDelete {
		return vr
	}
	// Follow each column down the views to the table.
	idx := make([]int, len(vr.Columns))
	for i := range idx {
		idx[i] = i
	}
	cur := view
	for range 100 {
		if cur.Kind != 'v' {
			break
		}
		lvl, err := a.viewLevel(cur)
		if err != nil || lvl.base == nil {
			return vr
		}
		cols := lvl.columns()
		for i, c := range idx {
			idx[i] = -1
			if c < 0 || c >= len(cols) {
				continue
			}
			if v, ok := cols[c].Expr.(*nodes.Var); ok && viewColNotUpdatable(lvl.rti, cols[c]) == "" {
				idx[i] = v.AttNo - 1
			}
		}
		cur = lvl.base
	}
	if cur.Kind != 'r' {
		return vr
	}
	if cmd == nodes.CmdInsert {
		// ON CONFLICT infers its arbiters from the table's unique indexes
		// whose columns the view shows.
		for _, ix := range cur.Indexes {
			if ix.Predicate != "" {
				continue
			}
			c := *ix
			c.Keys = nil
			for _, k := range ix.Keys {
				if vi := slices.Index(idx, k.AttNum-1); vi >= 0 {
					k.AttNum = vi + 1
					c.Keys = append(c.Keys, k)
				}
			}
			if len(c.Keys) == len(ix.Keys) {
				vr.Indexes = append(vr.Indexes, &c)
			}
		}
	}
	for i, c := range idx {
		if c < 0 || c >= len(cur.Columns) || cur.Columns[c].Dropped {
			continue
		}
		bc, col := cur.Columns[c], &vr.Columns[i]
		col.NotNull = bc.NotNull
		if cmd == nodes.CmdInsert {
			col.Default, col.Identity, col.IdentitySequence = bc.Default, bc.Identity, bc.IdentitySequence
		}
	}
	return vr
}

// finishModify completes an INSERT, UPDATE or DELETE analyzed against
// rel: a view's (from viewTargetRelation) is rewritten onto its table.
func (a *analyzer) finishModify(q *nodes.Query, rel *catalog.Relation) (*nodes.Query, error) {
	if rel.Kind != 'v' {
		return q, nil
	}
	return a.rewriteViewModify(q, rel)
}

// insertIntoView analyzes an INSERT naming a view.
func (a *analyzer) insertIntoView(s *pg_query.InsertStmt, view *catalog.Relation) (nodes.Stmt, error) {
	if oc := s.OnConflictClause; oc != nil && oc.Infer != nil && oc.Infer.Conname != "" {
		// A view has no constraints (its stand-in has the table's indexes).
		return nil, pgerror.Newf(pgerror.UndefinedObject, "constraint \"%s\" for table \"%s\" does not exist", oc.Infer.Conname, view.Name)
	}
	vr := a.viewTargetRelation(view, nodes.CmdInsert)
	st, err := a.insertInto(s, vr)
	if err != nil {
		return nil, err
	}
	return a.rewriteViewModify(st.(*nodes.Query), vr)
}

// viewNotUpdatableError is PG's error for a statement on a view that is
// not automatically updatable.
func viewNotUpdatableError(cmd nodes.CmdType, view, detail string) error {
	switch cmd {
	case nodes.CmdInsert:
		return pgerror.Newf(pgerror.ObjectNotInPrerequisiteState, "cannot insert into view \"%s\"", view).WithDetail("%s", detail).
			WithHint("To enable inserting into the view, provide an INSTEAD OF INSERT trigger or an unconditional ON INSERT DO INSTEAD rule.")
	case nodes.CmdUpdate:
		return pgerror.Newf(pgerror.ObjectNotInPrerequisiteState, "cannot update view \"%s\"", view).WithDetail("%s", detail).
			WithHint("To enable updating the view, provide an INSTEAD OF UPDATE trigger or an unconditional ON UPDATE DO INSTEAD rule.")
	}
	return pgerror.Newf(pgerror.ObjectNotInPrerequisiteState, "cannot delete from view \"%s\"", view).WithDetail("%s", detail).
		WithHint("To enable deleting from the view, provide an INSTEAD OF DELETE trigger or an unconditional ON DELETE DO INSTEAD rule.")
}

// rewriteViewModify rewrites q, an INSERT, UPDATE or DELETE analyzed
// against vr (viewTargetRelation's relation for a view), into the same
// statement on the table the view writes to, one view at a time (PG:
// RewriteQuery calling rewriteTargetView for each view level).
func (a *analyzer) rewriteViewModify(q *nodes.Query, vr *catalog.Relation) (*nodes.Query, error) {
	cmd := q.CommandType
	src := q.Source
	oc := q.OnConflict
	insertSelect := cmd == nodes.CmdInsert && src != nil
	if insertSelect {
		// INSERT ... SELECT lists every column; those the statement
		// leaves out without a default are NULL constants.
		for ci, j := range q.InsertColumns {
			if c, ok := src.TargetList[j].Expr.(*nodes.Const); ok && c.Value == nil && c.Location < 0 {
				q.InsertColumns[ci] = -1
			}
		}
	}
	// An UPDATE's or DELETE's WHERE, which gains the views' conditions;
	// kept apart from the source while the views are rewritten, as they
	// are.
	var quals []nodes.Expr
	if cmd != nodes.CmdInsert && src.JoinTree.Quals != nil {
		quals = append(quals, src.JoinTree.Quals)
		src.JoinTree.Quals = nil
	}
	var wcos []nodes.WithCheckOption
	// The views written through stay in the range table, unread, as in
	// PG (where EXPLAIN then qualifies column names).
	var views []*nodes.RangeTblEntry
	cur := vr
	var last *viewLevel
	for cur.Kind == 'v' {
		views = append(views, &nodes.RangeTblEntry{Kind: nodes.RTERelation, RelOid: cur.Oid, RelName: cur.Name, Alias: cur.Name, Schema: cur.NamespaceName})
		lvl, err := a.viewLevel(cur)
		if err != nil {
			return nil, err
		}
		detail, err := a.viewNotUpdatable(lvl.q, lvl.hasWith, cmd != nodes.CmdDelete)
		if err != nil {
			return nil, err
		}
		if detail == "" && lvl.base == nil {
			detail = "Views that do not select from a single table or view are not automatically updatable."
		}
		if detail != "" {
			return nil, viewNotUpdatableError(cmd, cur.Name, detail)
		}
		cols := lvl.columns()
		if len(cols) != len(cur.Columns) {
			return nil, pgerror.Newf(pgerror.FeatureNotSupported, "view \"%s\" no longer matches its definition", cur.Name)
		}
		if cmd != nodes.CmdDelete {
			for ci, j := range q.InsertColumns {
				if j < 0 && (oc == nil || oc.Set == nil || oc.Set[ci] == nil) {
					continue
				}
				if d := viewColNotUpdatable(lvl.rti, cols[ci]); d != "" {
					verb := "insert into"
					if cmd == nodes.CmdUpdate {
						verb = "update"
					}
					return nil, pgerror.Newf(pgerror.FeatureNotSupported, "cannot %s column \"%s\" of view \"%s\"", verb, cur.Columns[ci].Name, cur.Name).WithDetail("%s", d)
				}
			}
		}
		// The view's columns and WHERE over its relation, as entry 1.
		exprs := make([]nodes.Expr, len(cols))
		for i, te := range cols {
			exprs[i] = renumberViewVars(te.Expr, lvl.rti)
		}
		subst := func(e nodes.Expr, depth int) nodes.Expr { return replaceTargetVars(e, depth, 1, exprs) }
		if oc != nil {
			// ON CONFLICT's EXCLUDED row is the proposed row of the view,
			// computed from the proposed row of the relation below.
			excluded := make([]nodes.Expr, len(exprs))
			for i, e := range exprs {
				excluded[i] = renumberVars(e, 1, nodes.ExcludedVarNo)
			}
			exclSubst := func(e nodes.Expr, depth int) nodes.Expr {
				return replaceTargetVars(e, depth, nodes.ExcludedVarNo, excluded)
			}
			for i, e := range oc.Set {
				oc.Set[i] = mapExprTree(mapExprTree(e, 0, exclSubst), 0, subst)
			}
			oc.Where = mapExprTree(mapExprTree(oc.Where, 0, exclSubst), 0, subst)
		}
		if src != nil && cmd != nodes.CmdInsert {
			mapQueryTree(src, 0, subst)
		}
		quals = mapExprs(quals, subst)
		for _, te := range q.Returning {
			te.Expr = mapExprTree(te.Expr, 0, subst)
		}
		for i := range wcos {
			wcos[i].Qual = mapExprTree(wcos[i].Qual, 0, subst)
		}
		var viewQual nodes.Expr
		if lvl.q.JoinTree.Quals != nil {
			viewQual = renumberViewVars(lvl.q.JoinTree.Quals, lvl.rti)
		}
		if cmd != nodes.CmdInsert && viewQual != nil {
			quals = append(quals, cloneExpr(viewQual))
		}
		if cmd != nodes.CmdDelete {
			// The assigned columns become the relation's.
			next := make([]int, len(lvl.base.Columns))
			for i := range next {
				next[i] = -1
			}
			for ci, j := range q.InsertColumns {
				if j < 0 {
					continue
				}
				bi := cols[ci].Expr.(*nodes.Var).AttNo - 1
				if bi >= len(next) {
					return nil, pgerror.Newf(pgerror.FeatureNotSupported, "view \"%s\" no longer matches its definition", cur.Name)
				}
				if next[bi] >= 0 {
					return nil, pgerror.Newf(pgerror.SyntaxError, "multiple assignments to same column \"%s\"", lvl.base.Columns[bi].Name)
				}
				next[bi] = j
			}
			q.InsertColumns = next
			if oc != nil && oc.Set != nil {
				set := make([]nodes.Expr, len(lvl.base.Columns))
				for ci, e := range oc.Set {
					if e == nil {
						continue
					}
					bi := cols[ci].Expr.(*nodes.Var).AttNo - 1
					if set[bi] != nil {
						return nil, pgerror.Newf(pgerror.SyntaxError, "multiple assignments to same column \"%s\"", lvl.base.Columns[bi].Name)
					}
					set[bi] = e
				}
				oc.Set = set
			}
			// The view's CHECK OPTION, or its parent's CASCADED one; the
			// innermost view's is tested first (PG: rewriteTargetView).
			opt := strings.ToLower(cur.CheckOption())
			has, cascaded := opt != "", opt == "cascaded"
			if len(wcos) > 0 && wcos[0].Cascaded {
				has, cascaded = true, true
			}
			if has && (cascaded || viewQual != nil) {
				w := nodes.WithCheckOption{ViewName: cur.Name, Cascaded: cascaded}
				if viewQual != nil {
					w.Qual = cloneExpr(viewQual)
				}
				wcos = append([]nodes.WithCheckOption{w}, wcos...)
			}
		}
		cur, last = lvl.base, lvl
	}
	if cur.Kind != 'r' {
		return nil, pgerror.Newf(pgerror.WrongObjectType, "cannot change relation \"%s\"", cur.Name)
	}
	base := cur
	// The table's entry as the innermost view names it (PG: its
	// range-table entry becomes the statement's result relation).
	target := *last.rte
	q.RangeTable[0] = &target
	q.WithCheckOptions = wcos
	if cmd == nodes.CmdInsert {
		q.RangeTable = append(q.RangeTable, views...)
	} else {
		src.RangeTable = append(src.RangeTable, views...)
	}
	if cmd == nodes.CmdUpdate {
		// A view's column has no default of its own, so even SET col =
		// DEFAULT assigns a GENERATED ALWAYS column a value.
		for bi, j := range q.InsertColumns {
			if col := base.Columns[bi]; j >= 0 && col.Identity == 'a' {
				return nil, pgerror.Newf(pgerror.GeneratedAlways, "column \"%s\" can only be updated to DEFAULT", col.Name).
					WithDetail("Column \"%s\" is an identity column defined as GENERATED ALWAYS.", col.Name)
			}
		}
	}
	var err error
	if cmd != nodes.CmdDelete {
		if q.Checks, err = a.tableChecks(base); err != nil {
			return nil, err
		}
	}
	riCmd := cmd
	if oc != nil && oc.DoUpdate {
		riCmd = nodes.CmdUpdate // rows may be updated too
	}
	if q.RIKeys, err = a.riKeys(base, riCmd); err != nil {
		return nil, err
	}
	switch {
	case cmd == nodes.CmdInsert && insertSelect:
		// The source lists the table's columns in order (PG:
		// rewriteTargetListIU), those left out taking their defaults.
		tl := make([]*nodes.TargetEntry, len(base.Columns))
		for bi, col := range base.Columns {
			var e nodes.Expr
			if j := q.InsertColumns[bi]; j >= 0 {
				e = src.TargetList[j].Expr
			} else if e, err = a.columnDefault(base, bi); err != nil {
				return nil, err
			}
			tl[bi] = &nodes.TargetEntry{Expr: e, ResNo: bi + 1, Name: col.Name}
			q.InsertColumns[bi] = bi
		}
		src.TargetList = tl
	case cmd == nodes.CmdInsert:
		vals := q.RangeTable[1]
		for bi := range base.Columns {
			if q.InsertColumns[bi] >= 0 || !hasDefault(base, bi) {
				continue
			}
			d, err := a.columnDefault(base, bi)
			if err != nil {
				return nil, err
			}
			q.InsertColumns[bi] = len(vals.ColNames)
			vals.ColNames = append(vals.ColNames, "column"+strconv.Itoa(len(vals.ColNames)+1))
			vals.ColTypes = append(vals.ColTypes, base.Columns[bi].Type)
			for i := range vals.Values {
				vals.Values[i] = append(vals.Values[i], d)
			}
		}
		q.TargetList = q.TargetList[:0]
		for j := range vals.ColNames {
			bi := slices.Index(q.InsertColumns, j)
			if bi < 0 {
				continue
			}
			q.TargetList = append(q.TargetList, &nodes.TargetEntry{
				Expr:  &nodes.Var{VarNo: 2, AttNo: j + 1, Type: vals.ColTypes[j], Name: vals.ColNames[j], RelName: vals.Alias, Location: -1},
				ResNo: len(q.TargetList) + 1, Name: base.Columns[bi].Name,
			})
		}
	default:
		srcTarget := *last.rte
		src.RangeTable[0] = &srcTarget
		src.JoinTree.Quals = andQuals(quals)
		if cmd == nodes.CmdUpdate {
			// The source's output holds the new values in the table's
			// column order, as it does for an UPDATE of the table.
			var cols, slots []int
			for bi, j := range q.InsertColumns {
				if j >= 0 {
					cols, slots = append(cols, bi), append(slots, j)
				}
			}
			slices.Sort(slots)
			vals := make([]*nodes.TargetEntry, len(cols))
			for k, bi := range cols {
				te := *src.TargetList[q.InsertColumns[bi]]
				te.ResNo, te.Name = slots[k]+1, base.Columns[bi].Name
				vals[k] = &te
			}
			for k, bi := range cols {
				src.TargetList[slots[k]] = vals[k]
				q.InsertColumns[bi] = slots[k]
			}
		}
	}
	return q, nil
}

// andQuals ANDs conditions, flattening ANDs, as PG's planner sees a
// WHERE its rewriter extended (nil for none).
func andQuals(quals []nodes.Expr) nodes.Expr {
	var args []nodes.Expr
	for _, q := range quals {
		if b, ok := q.(*nodes.BoolExpr); ok && b.Op == nodes.AndExpr {
			args = append(args, b.Args...)
		} else if q != nil {
			args = append(args, q)
		}
	}
	switch len(args) {
	case 0:
		return nil
	case 1:
		return args[0]
	}
	return &nodes.BoolExpr{Op: nodes.AndExpr, Args: args}
}

// renumberViewVars returns a copy of e, an expression of a view's
// definition, whose references to the definition's FROM item (entry rti)
// refer to entry 1.
func renumberViewVars(e nodes.Expr, rti int) nodes.Expr {
	return renumberVars(e, rti, 1)
}

// renumberVars returns a copy of e whose references to entry from of e's
// level refer to entry to.
func renumberVars(e nodes.Expr, from, to int) nodes.Expr {
	e = cloneExpr(e)
	if from == to {
		return e
	}
	return mapExprTree(e, 0, func(x nodes.Expr, depth int) nodes.Expr {
		return nodes.Mutate(x, func(n nodes.Expr) (nodes.Expr, bool) {
			if v, ok := n.(*nodes.Var); ok && v.LevelsUp == depth && v.VarNo == from {
				c := *v
				c.VarNo = to
				return &c, true
			}
			return nil, false
		})
	})
}

// replaceTargetVars replaces the Vars in e, an expression depth levels
// below the statement's, that read the statement's target (entry varno of
// its level: 1, or ON CONFLICT's EXCLUDED) by copies of the expressions
// exprs computes the target's columns by, moved depth levels down.
func replaceTargetVars(e nodes.Expr, depth, varno int, exprs []nodes.Expr) nodes.Expr {
	if !nodes.Contains(e, func(n nodes.Expr) bool {
		v, ok := n.(*nodes.Var)
		return ok && v.LevelsUp == depth && v.VarNo == varno && v.AttNo >= 1
	}) {
		return e
	}
	return nodes.Mutate(e, func(n nodes.Expr) (nodes.Expr, bool) {
		v, ok := n.(*nodes.Var)
		if !ok || v.LevelsUp != depth || v.VarNo != varno || v.AttNo < 1 || v.AttNo > len(exprs) {
			return nil, false
		}
		return shiftLevels(cloneExpr(exprs[v.AttNo-1]), depth), true
	})
}

// shiftLevels moves e, an expression of some query level, delta levels
// down: its references to that level and the ones above it count delta
// more levels up. e must be a private copy: its subqueries change in place.
func shiftLevels(e nodes.Expr, delta int) nodes.Expr {
	if delta == 0 {
		return e
	}
	return mapExprTree(e, 0, func(x nodes.Expr, depth int) nodes.Expr {
		return nodes.Mutate(x, func(n nodes.Expr) (nodes.Expr, bool) {
			if v, ok := n.(*nodes.Var); ok && v.LevelsUp >= depth {
				c := *v
				c.LevelsUp += delta
				return &c, true
			}
			return nil, false
		})
	})
}

// mapQueryTree replaces each expression of q, depth levels below some
// query, and of the queries nested in q, by fn's result, fn being given
// each expression's depth (see mapExprTree). It changes q in place.
func mapQueryTree(q *nodes.Query, depth int, fn func(nodes.Expr, int) nodes.Expr) {
	mapLevelExprs(q, func(e nodes.Expr) nodes.Expr { return mapExprTree(e, depth, fn) })
	for _, rte := range q.RangeTable {
		if rte.Subquery != nil {
			mapQueryTree(rte.Subquery, depth+1, fn)
		}
	}
	for _, cte := range q.CTEList {
		mapQueryTree(cte.Query, depth+1, fn)
	}
	for _, leaf := range setOpLeaves(q.SetOperations) {
		mapQueryTree(leaf, depth, fn)
	}
}

// mapExprTree maps the queries of e's sublinks (depth+1) in place, then
// returns fn's result for e.
func mapExprTree(e nodes.Expr, depth int, fn func(nodes.Expr, int) nodes.Expr) nodes.Expr {
	if e == nil {
		return nil
	}
	nodes.Walk(e, func(n nodes.Expr) bool {
		if sl, ok := n.(*nodes.SubLink); ok {
			mapQueryTree(sl.Subquery, depth+1, fn)
		}
		return true
	})
	return fn(e, depth)
}

func mapExprs(l []nodes.Expr, fn func(nodes.Expr, int) nodes.Expr) []nodes.Expr {
	for i, e := range l {
		l[i] = mapExprTree(e, 0, fn)
	}
	return l
}

// mapLevelExprs replaces each expression of q's own level by fn's result:
// its target list, join conditions, WHERE, HAVING, LIMIT and OFFSET,
// aggregates, window frame offsets, the RETURNING list, checks, CHECK
// OPTIONs and ON CONFLICT clause of a data-modifying statement, and the
// expressions of its range-table entries (functions, VALUES lists,
// TABLESAMPLE). Subqueries are not entered.
func mapLevelExprs(q *nodes.Query, fn func(nodes.Expr) nodes.Expr) {
	for _, te := range q.TargetList {
		te.Expr = fn(te.Expr)
	}
	if q.JoinTree != nil {
		for _, n := range q.JoinTree.FromList {
			nodes.WalkJoinTree(n, func(je *nodes.JoinExpr) { je.Quals = fn(je.Quals) })
		}
		q.JoinTree.Quals = fn(q.JoinTree.Quals)
	}
	for _, sj := range q.SemiJoins {
		sj.Quals = fn(sj.Quals)
	}
	q.HavingQual = fn(q.HavingQual)
	q.LimitCount = fn(q.LimitCount)
	q.LimitOffset = fn(q.LimitOffset)
	for i, ag := range q.Aggs {
		if r, ok := fn(ag).(*nodes.Aggref); ok {
			q.Aggs[i] = r
		}
	}
	for _, w := range q.WindowClause {
		w.StartOffset = fn(w.StartOffset)
		w.EndOffset = fn(w.EndOffset)
	}
	for _, te := range q.Returning {
		te.Expr = fn(te.Expr)
	}
	for i := range q.Checks {
		q.Checks[i].Expr = fn(q.Checks[i].Expr)
	}
	for i := range q.WithCheckOptions {
		q.WithCheckOptions[i].Qual = fn(q.WithCheckOptions[i].Qual)
	}
	if oc := q.OnConflict; oc != nil {
		for i, e := range oc.Set {
			oc.Set[i] = fn(e)
		}
		oc.Where = fn(oc.Where)
	}
	for _, rte := range q.RangeTable {
		if rte.Func != nil {
			c := *rte.Func
			c.Args = make([]nodes.Expr, len(rte.Func.Args))
			for i, arg := range rte.Func.Args {
				c.Args[i] = fn(arg)
			}
			rte.Func = &c
		}
		for _, row := range rte.Values {
			for i, e := range row {
				row[i] = fn(e)
			}
		}
		if ts := rte.TableSample; ts != nil {
			c := *ts
			c.Args = make([]nodes.Expr, len(ts.Args))
			for i, arg := range ts.Args {
				c.Args[i] = fn(arg)
			}
			c.Repeatable = fn(ts.Repeatable)
			rte.TableSample = &c
		}
	}
}

// forEachQueryExpr calls fn on each expression of q's own level.
func forEachQueryExpr(q *nodes.Query, fn func(nodes.Expr)) {
	mapLevelExprs(q, func(e nodes.Expr) nodes.Expr {
		if e != nil {
			fn(e)
		}
		return e
	})
}

// nodesPkg is the package of the analyzed-tree types cloneExpr copies.
var nodesPkg = reflect.TypeOf(nodes.Query{}).PkgPath()

// cloneExpr returns a deep copy of e: its nodes and the queries nested in
// it are new, the values they hold (types, datums) shared.
func cloneExpr(e nodes.Expr) nodes.Expr {
	if e == nil {
		return nil
	}
	c := deepCopy(reflect.ValueOf(&e).Elem(), map[copyKey]reflect.Value{})
	return c.Interface().(nodes.Expr)
}

type copyKey struct {
	p uintptr
	t reflect.Type
}

func deepCopy(v reflect.Value, seen map[copyKey]reflect.Value) reflect.Value {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() || v.Type().Elem().PkgPath() != nodesPkg || v.Type().Elem().Kind() != reflect.Struct {
			return v
		}
		k := copyKey{v.Pointer(), v.Type()}
		if c, ok := seen[k]; ok {
			return c
		}
		c := reflect.New(v.Type().Elem())
		seen[k] = c
		c.Elem().Set(deepCopy(v.Elem(), seen))
		return c
	case reflect.Struct:
		if v.Type().PkgPath() != nodesPkg {
			return v
		}
		c := reflect.New(v.Type()).Elem()
		c.Set(v)
		for i := 0; i < c.NumField(); i++ {
			if f := c.Field(i); f.CanSet() {
				f.Set(deepCopy(v.Field(i), seen))
			}
		}
		return c
	case reflect.Slice:
		if v.IsNil() {
			return v
		}
		c := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		for i := 0; i < v.Len(); i++ {
			c.Index(i).Set(deepCopy(v.Index(i), seen))
		}
		return c
	case reflect.Interface:
		if v.IsNil() {
			return v
		}
		c := reflect.New(v.Type()).Elem()
		c.Set(deepCopy(v.Elem(), seen))
		return c
	case reflect.Map:
		if v.IsNil() {
			return v
		}
		c := reflect.MakeMapWithSize(v.Type(), v.Len())
		it := v.MapRange()
		for it.Next() {
			c.SetMapIndex(it.Key(), deepCopy(it.Value(), seen))
		}
		return c
	}
	return v
}

// Events of pg_relation_is_updatable's bitmask (PG: 1 << CmdType).
const (
	UpdatableUpdate = 1 << 2
	UpdatableInsert = 1 << 3
	UpdatableDelete = 1 << 4
)

// RelationUpdatability is pg_relation_is_updatable and
// pg_column_is_updatable for relation rel (PG: relation_is_updatable): the
// UPDATE, INSERT and DELETE events it takes and, by column, whether an
// INSERT or UPDATE may assign the column. A table takes all of them; a
// view takes them when it is automatically updatable, and only DELETE when
// none of its columns is a plain column of the relation below; the events
// of the relation below bound a view's.
func RelationUpdatability(env *Env, rel *catalog.Relation) (events int, cols []bool, err error) {
	a := &analyzer{env: env}
	return a.relationUpdatability(rel)
}

func (a *analyzer) relationUpdatability(rel *catalog.Relation) (int, []bool, error) {
	all := UpdatableUpdate | UpdatableInsert | UpdatableDelete
	switch rel.Kind {
	case 'r', 'p':
		cols := make([]bool, len(rel.Columns))
		for i := range cols {
			cols[i] = true
		}
		return all, cols, nil
	case 'v':
	default:
		return 0, make([]bool, len(rel.Columns)), nil
	}
	lvl, err := a.viewLevel(rel)
	if err != nil {
		return 0, nil, err
	}
	viewCols := lvl.columns()
	cols := make([]bool, len(viewCols))
	if detail, err := a.viewNotUpdatable(lvl.q, lvl.hasWith, false); err != nil || detail != "" || lvl.base == nil {
		return 0, cols, err
	}
	baseEvents, baseCols, err := a.relationUpdatability(lvl.base)
	if err != nil {
		return 0, nil, err
	}
	anyCol := false
	for i, te := range viewCols {
		if viewColNotUpdatable(lvl.rti, te) != "" {
			continue
		}
		if v, ok := te.Expr.(*nodes.Var); ok && v.AttNo >= 1 && v.AttNo <= len(baseCols) && baseCols[v.AttNo-1] {
			cols[i], anyCol = true, true
		}
	}
	events := all & baseEvents
	if !anyCol {
		events &^= UpdatableUpdate | UpdatableInsert
	}
	return events, cols, nil
}
