// onconflict.go analyzes INSERT ... ON CONFLICT (PG: parse_clause.c
// transformOnConflictClause and plancat.c infer_arbiter_indexes).

package analyze

import (
	"slices"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/loomdb/loomdb/internal/catalog"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/optimizer/predtest"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

// onConflict analyzes the ON CONFLICT clause of an INSERT into rel, whose
// target is q's range-table entry 1.
func (a *analyzer) onConflict(q *nodes.Query, rel *catalog.Relation, c *pg_query.OnConflictClause) (*nodes.OnConflict, error) {
	oc := &nodes.OnConflict{DoUpdate: c.Action == pg_query.OnConflictAction_ONCONFLICT_UPDATE}
	// The clause's expressions see the target and EXCLUDED, the proposed
	// row (PG: both in the namespace, so unqualified names may be ambiguous).
	r := a.child()
	target := q.RangeTable[0]
	excluded := *target
	excluded.Alias = "excluded"
	cq := &nodes.Query{CommandType: nodes.CmdSelect, JoinTree: &nodes.FromExpr{}, RangeTable: []*nodes.RangeTblEntry{target, &excluded}}
	r.from = []fromItem{{node: &nodes.RangeTblRef{RTIndex: 1}, cols: rteColumns(cq, 1)}, {node: &nodes.RangeTblRef{RTIndex: nodes.ExcludedVarNo}, cols: rteColumns(cq, nodes.ExcludedVarNo)}}
	defer func() { a.params = r.params }()
	if err := a.inferArbiters(oc, rel, c.Infer, q); err != nil {
		return nil, err
	}
	if !oc.DoUpdate {
		return oc, nil
	}
	if c.Infer == nil {
		return nil, pgerror.New(pgerror.SyntaxError, "ON CONFLICT DO UPDATE requires inference specification or constraint name").
			WithHint("For example, ON CONFLICT (column_name).").WithPosition(a.pos(c.Location))
	}
	sc := &scope{q: cq, kind: exprUpdateSource}
	oc.Set = make([]nodes.Expr, len(rel.Columns))
	for _, n := range c.TargetList {
		rt := n.GetResTarget()
		ci := rel.ColumnByName(rt.Name)
		if ci < 0 {
			return nil, pgerror.Newf(pgerror.UndefinedColumn, "column \"%s\" of relation \"%s\" does not exist", rt.Name, rel.Name).WithPosition(a.pos(rt.Location))
		}
		if len(rt.Indirection) > 0 {
			return nil, pgerror.Unsupported("UPDATE of array elements or fields is not supported").WithPosition(a.pos(rt.Location))
		}
		if oc.Set[ci] != nil {
			return nil, pgerror.Newf(pgerror.SyntaxError, "multiple assignments to same column \"%s\"", rt.Name)
		}
		val := rt.Val
		if m := val.GetMultiAssignRef(); m != nil {
			switch row := m.Source.GetRowExpr(); {
			case row != nil:
				if int(m.Ncolumns) != len(row.Args) {
					return nil, pgerror.New(pgerror.SyntaxError, "number of columns does not match number of values").WithPosition(a.pos(row.Location))
				}
				val = row.Args[m.Colno-1]
			case m.Source.GetSubLink() != nil:
				return nil, pgerror.Unsupported("subqueries in ON CONFLICT DO UPDATE are not supported yet").WithPosition(a.pos(rt.Location))
			default:
				return nil, pgerror.New(pgerror.FeatureNotSupported, "source for a multiple-column UPDATE item must be a sub-SELECT or ROW() expression").WithPosition(a.pos(int32(exprLocation(m.Source))))
			}
		}
		var e nodes.Expr
		var err error
		if val.GetSetToDefault() != nil {
			e, err = a.columnDefault(rel, ci)
		} else if rel.Columns[ci].Identity == 'a' {
			return nil, pgerror.Newf(pgerror.GeneratedAlways, "column \"%s\" can only be updated to DEFAULT", rt.Name).
				WithDetail("Column \"%s\" is an identity column defined as GENERATED ALWAYS.", rt.Name)
		} else {
			e, err = r.expr(val, sc)
		}
		if err != nil {
			return nil, err
		}
		if e, err = a.coerceToColumn(e, rel.Columns[ci], int(exprLocation(val))); err != nil {
			return nil, err
		}
		oc.Set[ci] = e
	}
	if c.WhereClause != nil {
		w, err := r.expr(c.WhereClause, &scope{q: cq, kind: exprWhere})
		if err != nil {
			return nil, err
		}
		if w, err = r.coerceBool(w, "WHERE", int(exprLocation(c.WhereClause))); err != nil {
			return nil, err
		}
		oc.Where = w
	}
	for _, e := range append(slices.Clone(oc.Set), oc.Where) {
		if e != nil && nodes.Contains(e, func(n nodes.Expr) bool { _, ok := n.(*nodes.SubLink); return ok }) {
			return nil, pgerror.Unsupported("subqueries in ON CONFLICT DO UPDATE are not supported yet")
		}
	}
	return oc, nil
}

// inferArbiters finds the unique indexes an ON CONFLICT target names: the
// one of ON CONSTRAINT, or those whose columns are the target's columns
// and whose predicate, if any, the target's WHERE implies (PG:
// infer_arbiter_indexes); without a target, DO NOTHING takes every
// unique index.
func (a *analyzer) inferArbiters(oc *nodes.OnConflict, rel *catalog.Relation, infer *pg_query.InferClause, q *nodes.Query) error {
	if infer == nil {
		return nil
	}
	if infer.Conname != "" {
		for _, ix := range rel.Indexes {
			if ix.Name == infer.Conname && (ix.Unique || ix.Primary) {
				oc.Arbiters, oc.ArbiterNames = []types.Oid{ix.Oid}, []string{ix.Name}
				return nil
			}
		}
		return pgerror.Newf(pgerror.UndefinedObject, "constraint \"%s\" for table \"%s\" does not exist", infer.Conname, rel.Name)
	}
	var cols []int
	for _, n := range infer.IndexElems {
		ie := n.GetIndexElem()
		if ie == nil || ie.Name == "" || len(ie.Opclass) > 0 || len(ie.Collation) > 0 {
			return pgerror.Unsupported("ON CONFLICT on expressions, opclasses or collations is not supported yet")
		}
		ci := rel.ColumnByName(ie.Name)
		if ci < 0 {
			return pgerror.Newf(pgerror.UndefinedColumn, "column \"%s\" does not exist", ie.Name)
		}
		if !slices.Contains(cols, ci+1) {
			cols = append(cols, ci+1)
		}
	}
	var where []nodes.Expr
	if infer.WhereClause != nil {
		sc := &scope{q: q, kind: exprWhere}
		saved := a.from
		a.from = []fromItem{{node: &nodes.RangeTblRef{RTIndex: 1}, cols: rteColumns(q, 1)}}
		w, err := a.expr(infer.WhereClause, sc)
		a.from = saved
		if err != nil {
			return err
		}
		where = andClauses(w)
	}
	for _, ix := range rel.Indexes {
		if !ix.Unique && !ix.Primary || len(ix.Keys) != len(cols) {
			continue
		}
		if slices.ContainsFunc(ix.Keys, func(k catalog.IndexKey) bool { return !slices.Contains(cols, k.AttNum) }) {
			continue
		}
		if ix.Predicate != "" {
			pred, err := a.storedPredicate(rel, ix.Predicate)
			if err != nil {
				return err
			}
			if !predtest.ImpliedBy(andClauses(pred), where) {
				continue
			}
		}
		oc.Arbiters = append(oc.Arbiters, ix.Oid)
		oc.ArbiterNames = append(oc.ArbiterNames, ix.Name)
	}
	if len(oc.Arbiters) == 0 {
		return pgerror.New(pgerror.InvalidColumnReference, "there is no unique or exclusion constraint matching the ON CONFLICT specification")
	}
	return nil
}

// andClauses splits an AND into its arguments.
func andClauses(e nodes.Expr) []nodes.Expr {
	if b, ok := e.(*nodes.BoolExpr); ok && b.Op == nodes.AndExpr {
		var out []nodes.Expr
		for _, x := range b.Args {
			out = append(out, andClauses(x)...)
		}
		return out
	}
	return []nodes.Expr{e}
}

// storedPredicate analyzes a partial index's stored predicate over rel,
// range-table entry 1.
func (a *analyzer) storedPredicate(rel *catalog.Relation, text string) (nodes.Expr, error) {
	n, err := parseStoredExpr(text, "index predicate")
	if err != nil {
		return nil, err
	}
	r := a.child()
	rte := &nodes.RangeTblEntry{Kind: nodes.RTERelation, RelOid: rel.Oid, RelName: rel.Name, Alias: rel.Name, Schema: rel.NamespaceName}
	for _, c := range rel.Columns {
		rte.ColNames = append(rte.ColNames, liveColumnName(c))
		rte.ColTypes = append(rte.ColTypes, c.Type)
	}
	pq := &nodes.Query{CommandType: nodes.CmdSelect, JoinTree: &nodes.FromExpr{}, RangeTable: []*nodes.RangeTblEntry{rte}}
	r.from = []fromItem{{node: &nodes.RangeTblRef{RTIndex: 1}, cols: rteColumns(pq, 1)}}
	return r.expr(n, &scope{q: pq, kind: exprWhere})
}
