// tablesample.go analyzes a FROM item's TABLESAMPLE clause (PG:
// parse_clause.c transformRangeTableSample and the RangeTableSample case
// of transformFromClauseItem): the sampled item must be a table, the
// method one of access/tablesample's, its arguments are coerced to the
// method's parameter types and REPEATABLE's seed to float8.

package analyze

import (
	"fmt"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/loomdb/loomdb/internal/access/tablesample"
	"github.com/loomdb/loomdb/internal/funcs"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

// rangeTableSample analyzes "relation TABLESAMPLE method (args)
// [REPEATABLE (seed)]".
func (a *analyzer) rangeTableSample(q *nodes.Query, rts *pg_query.RangeTableSample) (nodes.JoinNode, []namedExpr, error) {
	node, cols, err := a.fromItem(q, rts.Relation)
	if err != nil {
		return nil, nil, err
	}
	ref, ok := node.(*nodes.RangeTblRef)
	var rte *nodes.RangeTblEntry
	if ok {
		rte = q.RangeTable[ref.RTIndex-1]
	}
	if rte == nil || rte.Kind != nodes.RTERelation || a.isSequence(rts.Relation.GetRangeVar()) {
		loc := int32(-1)
		if rv := rts.Relation.GetRangeVar(); rv != nil {
			loc = rv.Location
		}
		return nil, nil, pgerror.New(pgerror.FeatureNotSupported, "TABLESAMPLE clause can only be applied to tables and materialized views").
			WithPosition(a.pos(loc))
	}
	var names []string
	for _, n := range rts.Method {
		names = append(names, strVal(n))
	}
	var m *tablesample.Method
	if len(names) == 1 || len(names) == 2 && names[0] == "pg_catalog" {
		m = tablesample.Lookup(names[len(names)-1])
	}
	if m == nil {
		return nil, nil, pgerror.Newf(pgerror.UndefinedObject, "tablesample method %s does not exist", strings.Join(names, ".")).WithPosition(a.pos(rts.Location))
	}
	if len(rts.Args) != len(m.ParamTypes) {
		plural := "s"
		if len(m.ParamTypes) == 1 {
			plural = ""
		}
		return nil, nil, pgerror.Newf(pgerror.InvalidTablesampleArgument, "tablesample method %s requires %d argument%s, not %d", m.Name, len(m.ParamTypes), plural, len(rts.Args)).
			WithPosition(a.pos(rts.Location))
	}
	ts := &nodes.TableSampleClause{Method: m.Name}
	for i, arg := range rts.Args {
		e, err := a.tableSampleArg(q, rte, arg, types.T{Oid: m.ParamTypes[i], Typmod: -1}, "TABLESAMPLE")
		if err != nil {
			return nil, nil, err
		}
		ts.Args = append(ts.Args, e)
	}
	if rts.Repeatable != nil {
		if !m.RepeatableAcrossQueries {
			return nil, nil, pgerror.Newf(pgerror.FeatureNotSupported, "tablesample method %s does not support REPEATABLE", m.Name).WithPosition(a.pos(rts.Location))
		}
		if ts.Repeatable, err = a.tableSampleArg(q, rte, rts.Repeatable, types.TFloat8, "REPEATABLE"); err != nil {
			return nil, nil, err
		}
	}
	rte.TableSample = ts
	return node, cols, nil
}

// isSequence reports whether rv names a sequence.
func (a *analyzer) isSequence(rv *pg_query.RangeVar) bool {
	if rv == nil {
		return false
	}
	rel, err := a.env.Catalog.LookupRelation(rv.Schemaname, rv.Relname)
	return err == nil && rel.Kind == 'S'
}

// tableSampleArg analyzes an argument of TABLESAMPLE or REPEATABLE and
// coerces it to t (PG: coerce_to_specific_type). It may not refer to the
// columns of the FROM clause it belongs to, rte's included; references to
// an enclosing query's columns and subqueries are not supported.
func (a *analyzer) tableSampleArg(q *nodes.Query, rte *nodes.RangeTblEntry, n *pg_query.Node, t types.T, construct string) (nodes.Expr, error) {
	e, err := a.expr(n, &scope{q: q, kind: exprFromFunction})
	if pe, ok := pgerror.As(err); ok && pe.Code == pgerror.UndefinedColumn && pe.Hint == "" {
		// A column of the sampled table itself (PG: errorMissingColumn).
		for _, c := range rte.ColNames {
			if c != "" && pe.Message == fmt.Sprintf("column \"%s\" does not exist", c) {
				pe.Hint = fmt.Sprintf("There is a column named \"%s\" in table \"%s\", but it cannot be referenced from this part of the query.", c, rte.Alias)
			}
		}
	}
	if err != nil {
		return nil, err
	}
	var bad error
	nodes.Walk(e, func(x nodes.Expr) bool {
		switch v := x.(type) {
		case *nodes.Var:
			if v.LevelsUp == 0 {
				bad = pgerror.Newf(pgerror.UndefinedTable, "invalid reference to FROM-clause entry for table \"%s\"", v.RelName).
					WithHint("There is an entry for table \"%s\", but it cannot be referenced from this part of the query.", v.RelName).WithPosition(a.pos(int32(v.Location)))
			} else {
				bad = pgerror.Unsupported("references to outer query columns in %s are not supported yet", construct).WithPosition(a.pos(int32(v.Location)))
			}
		case *nodes.SubLink:
			bad = pgerror.Unsupported("subqueries in %s are not supported yet", construct).WithPosition(a.pos(int32(v.Location)))
		case *nodes.FuncExpr:
			if f := funcs.FuncByOid(v.FuncOid); f != nil && f.SRF != nil {
				bad = pgerror.Newf(pgerror.DatatypeMismatch, "argument of %s must not return a set", construct).WithPosition(a.pos(int32(exprLoc(e))))
			}
		}
		return bad == nil
	})
	if bad != nil {
		return nil, bad
	}
	loc := exprLoc(e)
	c, err := a.coerce(e, t, CoerceAssignment, loc)
	if pe, ok := pgerror.As(err); ok && (pe.Code == pgerror.DatatypeMismatch || pe.Code == pgerror.CannotCoerce) {
		return nil, pgerror.Newf(pgerror.DatatypeMismatch, "argument of %s must be type %s, not type %s", construct, typeName(t), typeName(e.ExprType())).WithPosition(a.pos(int32(loc)))
	}
	return c, err
}
