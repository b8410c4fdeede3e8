// constraint.go analyzes CHECK constraints: their conditions at CREATE
// TABLE and ALTER TABLE, stored as SQL text, and again where INSERT and
// UPDATE test them (PG: parser/parse_utilcmd.c, catalog/heap.c's
// cookConstraint, executor/execMain.c's ExecConstraints).

package analyze

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/loomdb/loomdb/internal/catalog"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
)

// checkCondition analyzes a CHECK condition over the columns of rel, which
// may be a table not yet created, as range-table entry 1.
func (a *analyzer) checkCondition(raw *pg_query.Node, rel *catalog.Relation) (nodes.Expr, error) {
	rte := &nodes.RangeTblEntry{Kind: nodes.RTERelation, RelOid: rel.Oid, RelName: rel.Name, Alias: rel.Name, Schema: rel.NamespaceName}
	for _, c := range rel.Columns {
		name := c.Name
		if c.Dropped {
			name = ""
		}
		rte.ColNames = append(rte.ColNames, name)
		rte.ColTypes = append(rte.ColTypes, c.Type)
	}
	ref := &nodes.RangeTblRef{RTIndex: 1}
	q := &nodes.Query{CommandType: nodes.CmdSelect, RangeTable: []*nodes.RangeTblEntry{rte}, JoinTree: &nodes.FromExpr{FromList: []nodes.JoinNode{ref}}}
	ca := &analyzer{env: a.env, sql: a.sql, offset: a.offset, params: a.params}
	ca.from = []fromItem{{node: ref, cols: rteColumns(q, 1)}}
	e, err := ca.expr(raw, &scope{q: q, kind: exprCheck})
	if err != nil {
		return nil, err
	}
	if len(q.Aggs) > 0 {
		return nil, pgerror.New(pgerror.GroupingError, "aggregate functions are not allowed in check constraints")
	}
	var sub *nodes.SubLink
	nodes.Walk(e, func(x nodes.Expr) bool {
		if s, ok := x.(*nodes.SubLink); ok && sub == nil {
			sub = s
		}
		return sub == nil
	})
	if sub != nil {
		return nil, pgerror.New(pgerror.FeatureNotSupported, "cannot use subquery in check constraint").WithPosition(ca.pos(int32(sub.Location)))
	}
	return ca.coerceBool(e, "CHECK", int(exprLocation(raw)))
}

// checkDef analyzes the CHECK constraint c of rel and returns its stored
// form: the condition's text and the columns it reads.
func (a *analyzer) checkDef(c *pg_query.Constraint, rel *catalog.Relation) (nodes.CheckDef, error) {
	e, err := a.checkCondition(c.RawExpr, rel)
	if err != nil {
		return nodes.CheckDef{}, err
	}
	def := nodes.CheckDef{Name: c.Conname}
	seen := map[int]bool{}
	nodes.Walk(e, func(x nodes.Expr) bool {
		if v, ok := x.(*nodes.Var); ok && v.VarNo == 1 && v.AttNo >= 1 && !seen[v.AttNo] {
			seen[v.AttNo] = true
			def.Cols = append(def.Cols, rel.Columns[v.AttNo-1].Name)
		}
		return true
	})
	def.Expr, err = deparseExpr(c.RawExpr)
	return def, err
}

// TableChecks analyzes rel's stored CHECK constraints over the table as
// range-table entry 1, for a write outside a query (COPY FROM).
func TableChecks(rel *catalog.Relation, env *Env) ([]nodes.CheckClause, error) {
	return (&analyzer{env: env}).tableChecks(rel)
}

// tableChecks analyzes the stored CHECK constraints of the target table of
// an INSERT or UPDATE (range-table entry 1).
func (a *analyzer) tableChecks(rel *catalog.Relation) ([]nodes.CheckClause, error) {
	var out []nodes.CheckClause
	for _, ck := range rel.Checks {
		raw, err := parseStoredExpr(ck.Expr, "check constraint "+ck.Name)
		if err != nil {
			return nil, err
		}
		ca := &analyzer{env: a.env, sql: "SELECT " + ck.Expr}
		e, err := ca.checkCondition(raw, rel)
		if err != nil {
			return nil, err
		}
		out = append(out, nodes.CheckClause{Name: ck.Name, Expr: e})
	}
	return out, nil
}
