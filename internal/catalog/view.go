// view.go keeps views in the catalogs: the pg_class row of kind 'v' with
// the view's options (reloptions), its columns in pg_attribute, its
// defining SELECT in pg_rewrite as the rule "_RETURN", and the pg_depend
// rows that make the rule depend on the relations and columns the SELECT
// reads (PG: commands/view.c's DefineView, DefineVirtualRelation and
// checkViewTupleDesc, rewrite/rewriteDefine.c's InsertRule,
// catalog/dependency.c's recordDependencyOnExpr).

package catalog

import (
	"context"
	"slices"

	"github.com/loomdb/loomdb/internal/access/heap"
	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/txn"
	"github.com/loomdb/loomdb/internal/types"
)

// DependNormal is the pg_depend deptype of an ordinary dependency: the
// dependent object goes only with DROP ... CASCADE.
const DependNormal = 'n'

// rewriteOid is pg_rewrite's oid column.
const rewriteOid = 0

// CreateView creates a view, or with st.Replace replaces the definition
// of the view of that name, whose columns the new ones must begin with.
func (c *Catalog) CreateView(ctx context.Context, tx *txn.Txn, snap *txn.Snapshot, st *nodes.CreateViewStmt, searchPath []string) error {
	if len(st.Name) >= types.NameDataLen {
		st.Name = truncateName(st.Name)
	}
	ns, exists, err := c.creationNamespace(ctx, snap, st.Schema, st.Name, searchPath)
	if err != nil {
		return err
	}
	for _, col := range st.Columns {
		if types.InfoOf(col.Type.Oid) == nil {
			return pgerror.Unsupported("type %s is not supported for view columns", types.FormatType(col.Type))
		}
	}
	if exists {
		if !st.Replace {
			return pgerror.Newf(pgerror.DuplicateTable, "relation \"%s\" already exists", st.Name)
		}
		return c.replaceView(ctx, tx, snap, ns, st)
	}
	oid := c.st.NewOid()
	if err := c.insertClassRowOpts(ctx, tx, oid, st.Name, ns, 0, false, len(st.Columns), 'v', st.Options); err != nil {
		return err
	}
	for i, col := range st.Columns {
		if err := c.insertAttributeRow(ctx, tx, oid, i+1, col.Name, col.Type, false, false, 0); err != nil {
			return err
		}
	}
	rule := c.st.NewOid()
	row := []types.Datum{int64(rule), "_RETURN", int64(oid), int64('1'), int64('O'), true, nil, st.Definition}
	if _, err := heap.Insert(ctx, c.st, tx, c.sys[PgRewriteOid], row); err != nil {
		return err
	}
	return c.recordViewDependencies(ctx, tx, rule, oid, st.Refs)
}

// replaceView is CREATE OR REPLACE VIEW of an existing relation of
// namespace ns: the rule keeps its OID, new columns are added at the end.
func (c *Catalog) replaceView(ctx context.Context, tx *txn.Txn, snap *txn.Snapshot, ns types.Oid, st *nodes.CreateViewStmt) error {
	var oid types.Oid
	if err := c.scanCatalog(ctx, snap, PgClassOid, func(row []types.Datum, _ table.TID) bool {
		if row[classRelname].(string) == st.Name && types.Oid(row[classRelnamespace].(int64)) == ns {
			oid = types.Oid(row[classOid].(int64))
			return false
		}
		return true
	}); err != nil {
		return err
	}
	rel, err := c.RelationByOid(tx, snap, oid)
	if err != nil {
		return err
	}
	if rel.Kind != 'v' {
		return pgerror.Newf(pgerror.WrongObjectType, "\"%s\" is not a view", rel.Name)
	}
	if err := checkViewColumns(st.Columns, rel.Columns); err != nil {
		return err
	}
	for i := len(rel.Columns); i < len(st.Columns); i++ {
		col := st.Columns[i]
		if err := c.insertAttributeRow(ctx, tx, oid, i+1, col.Name, col.Type, false, false, 0); err != nil {
			return err
		}
	}
	if err := c.updateClassRow(ctx, tx, snap, oid, func(row []types.Datum) bool {
		row[classRelnatts] = int64(len(st.Columns))
		row[classReloptions] = formatRelOptions(st.Options)
		return true
	}); err != nil {
		return err
	}
	var rule types.Oid
	if _, err := c.updateRow(ctx, tx, snap, PgRewriteOid,
		func(row []types.Datum) bool { return types.Oid(row[rewriteEvClass].(int64)) == oid },
		func(row []types.Datum) bool {
			rule = types.Oid(row[rewriteOid].(int64))
			row[rewriteEvAction] = st.Definition
			return true
		}); err != nil {
		return err
	}
	if err := c.deleteRuleDependencies(ctx, tx, snap, rule); err != nil {
		return err
	}
	return c.recordViewDependencies(ctx, tx, rule, oid, st.Refs)
}

// checkViewColumns refuses a view's new columns unless they begin with
// its old ones, in name and type (PG: checkViewTupleDesc).
func checkViewColumns(cols []nodes.ColumnDef, old []Column) error {
	if len(cols) < len(old) {
		return pgerror.New(pgerror.InvalidTableDefinition, "cannot drop columns from view")
	}
	for i, o := range old {
		n := cols[i]
		if o.Dropped {
			return pgerror.New(pgerror.InvalidTableDefinition, "cannot drop columns from view")
		}
		if n.Name != o.Name {
			return pgerror.Newf(pgerror.InvalidTableDefinition, "cannot change name of view column \"%s\" to \"%s\"", o.Name, n.Name).
				WithHint("Use ALTER VIEW ... RENAME COLUMN ... to change name of view column instead.")
		}
		if n.Type.Oid != o.Type.Oid || n.Type.Typmod != o.Type.Typmod {
			return pgerror.Newf(pgerror.InvalidTableDefinition, "cannot change data type of view column \"%s\" from %s to %s",
				o.Name, types.FormatType(o.Type), types.FormatType(n.Type))
		}
	}
	return nil
}

// recordViewDependencies records what view's rule depends on, as PG 15
// does: the view itself (internally, and normally through the rule's OLD
// and NEW entries), and each relation or column its query reads.
func (c *Catalog) recordViewDependencies(ctx context.Context, tx *txn.Txn, rule, view types.Oid, refs []nodes.ViewRef) error {
	dep := func(rel types.Oid, attnum int, deptype byte) error {
		row := []types.Datum{int64(PgRewriteOid), int64(rule), int64(0), int64(PgClassOid), int64(rel), int64(attnum), int64(deptype)}
		_, err := heapInsert(ctx, c, tx, PgDependOid, row)
		return err
	}
	if err := dep(view, 0, DependInternal); err != nil {
		return err
	}
	refs = append(slices.Clone(refs), nodes.ViewRef{Rel: view})
	for _, r := range viewRefsToRecord(refs) {
		if err := dep(r.Rel, r.AttNum, DependNormal); err != nil {
			return err
		}
	}
	return nil
}

// viewRefsToRecord sorts refs and removes duplicates, and a relation's
// whole-relation reference when a column of it is referenced (PG:
// eliminate_duplicate_dependencies).
func viewRefsToRecord(refs []nodes.ViewRef) []nodes.ViewRef {
	slices.SortFunc(refs, func(a, b nodes.ViewRef) int {
		// Columns by number as unsigned, so that the whole relation (0)
		// comes first and system columns last.
		ka, kb := uint64(a.Rel)<<32|uint64(uint32(a.AttNum)), uint64(b.Rel)<<32|uint64(uint32(b.AttNum))
		switch {
		case ka < kb:
			return -1
		case ka > kb:
			return 1
		}
		return 0
	})
	var out []nodes.ViewRef
	for _, r := range refs {
		if n := len(out); n > 0 && out[n-1].Rel == r.Rel {
			if out[n-1].AttNum == r.AttNum {
				continue
			}
			if out[n-1].AttNum == 0 {
				out[n-1] = r
				continue
			}
		}
		out = append(out, r)
	}
	return out
}

// deleteRuleDependencies removes the pg_depend rows of rule.
func (c *Catalog) deleteRuleDependencies(ctx context.Context, tx *txn.Txn, snap *txn.Snapshot, rule types.Oid) error {
	return c.deleteWhere(ctx, tx, snap, PgDependOid, func(row []types.Datum) bool {
		return types.Oid(row[dependClassid].(int64)) == PgRewriteOid && types.Oid(row[dependObjid].(int64)) == rule
	})
}

// dropViewRule removes view's rule and the rule's dependencies.
func (c *Catalog) dropViewRule(ctx context.Context, tx *txn.Txn, snap *txn.Snapshot, view types.Oid) error {
	var rules []types.Oid
	if err := c.scanCatalog(ctx, snap, PgRewriteOid, func(row []types.Datum, _ table.TID) bool {
		if types.Oid(row[rewriteEvClass].(int64)) == view {
			rules = append(rules, types.Oid(row[rewriteOid].(int64)))
		}
		return true
	}); err != nil {
		return err
	}
	for _, r := range rules {
		if err := c.deleteRuleDependencies(ctx, tx, snap, r); err != nil {
			return err
		}
	}
	return c.deleteWhere(ctx, tx, snap, PgRewriteOid, func(row []types.Datum) bool { return types.Oid(row[rewriteEvClass].(int64)) == view })
}

// ViewDependent is a view whose definition reads a relation or column,
// and the view's rule.
type ViewDependent struct {
	View, Rule types.Oid
}

// ViewsReading returns the views whose definitions read relation rel or,
// when attnum is not 0, its column attnum; a view whose definition reads
// itself is among those of its own. They come in PostgreSQL's order of
// dependent objects: by their rules' OIDs, descending.
func (c *Catalog) ViewsReading(snap *txn.Snapshot, rel types.Oid, attnum int) ([]ViewDependent, error) {
	ctx := context.Background()
	rules := map[types.Oid]bool{}
	if err := c.scanCatalog(ctx, snap, PgDependOid, func(row []types.Datum, _ table.TID) bool {
		if types.Oid(row[dependClassid].(int64)) == PgRewriteOid && types.Oid(row[dependRefobjid].(int64)) == rel &&
			row[dependDeptype].(int64) == DependNormal && (attnum == 0 || int(row[dependRefobjsubid].(int64)) == attnum) {
			rules[types.Oid(row[dependObjid].(int64))] = true
		}
		return true
	}); err != nil {
		return nil, err
	}
	if len(rules) == 0 {
		return nil, nil
	}
	var out []ViewDependent
	if err := c.scanCatalog(ctx, snap, PgRewriteOid, func(row []types.Datum, _ table.TID) bool {
		if r := types.Oid(row[rewriteOid].(int64)); rules[r] {
			out = append(out, ViewDependent{View: types.Oid(row[rewriteEvClass].(int64)), Rule: r})
		}
		return true
	}); err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b ViewDependent) int {
		switch {
		case a.Rule > b.Rule:
			return -1
		case a.Rule < b.Rule:
			return 1
		}
		return 0
	})
	return out, nil
}

// CheckOption returns a view's check_option option: "local", "cascaded"
// or "" when it has none.
func (r *Relation) CheckOption() string {
	for _, o := range r.Options {
		if o[0] == "check_option" {
			return o[1]
		}
	}
	return ""
}

// formatRelOptions is the reloptions value of opts, a text[] of
// "name=value" items; nil when there are none.
func formatRelOptions(opts [][2]string) types.Datum {
	if len(opts) == 0 {
		return nil
	}
	parts := make([]string, len(opts))
	for i, o := range opts {
		parts[i] = o[0] + "=" + o[1]
	}
	return textArray(parts...)
}

// textArray is the one-dimensional text[] of elems.
func textArray(elems ...string) types.Datum {
	if len(elems) == 0 {
		return types.EmptyArray(types.T{Oid: types.TextOid, Typmod: -1})
	}
	ds := make([]types.Datum, len(elems))
	for i, e := range elems {
		ds[i] = e
	}
	return types.Array{Elem: types.T{Oid: types.TextOid, Typmod: -1}, Dims: []int32{int32(len(ds))}, Lbounds: []int32{1}, Elems: ds}
}

// SetViewDefinition replaces the defining SELECT of view.
func (c *Catalog) SetViewDefinition(ctx context.Context, tx *txn.Txn, snap *txn.Snapshot, view types.Oid, def string) error {
	found, err := c.updateRow(ctx, tx, snap, PgRewriteOid,
		func(row []types.Datum) bool { return types.Oid(row[rewriteEvClass].(int64)) == view },
		func(row []types.Datum) bool { row[rewriteEvAction] = def; return true })
	if err == nil && !found {
		err = pgerror.Internal("view %d has no rule", view)
	}
	return err
}
