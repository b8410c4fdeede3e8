// orderedset.go analyzes calls of ordered-set and hypothetical-set
// aggregates, name(direct args) WITHIN GROUP (ORDER BY aggregated args)
// (PG: ParseFuncOrColumn with agg_within_group, unify_hypothetical_args,
// transformAggregateCall). The function is chosen for the direct and the
// aggregated arguments together; the resulting Aggref keeps the aggregated
// arguments as its Args, sorted by the WITHIN GROUP keys, and the direct
// arguments apart, to be computed once per group.

package analyze

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/loomdb/loomdb/internal/funcs"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

// withinGroupCall analyzes a call with WITHIN GROUP.
func (a *analyzer) withinGroupCall(name string, fc *pg_query.FuncCall, sc *scope) (nodes.Expr, error) {
	if sc == nil || sc.kind != exprSelect && sc.kind != exprOrderBy && sc.kind != exprHaving {
		kind := "WHERE"
		if sc != nil {
			kind = sc.kind.String()
		}
		return nil, pgerror.Newf(pgerror.GroupingError, "aggregate functions are not allowed in %s", kind).WithPosition(a.pos(fc.Location))
	}
	if sc.inAgg {
		return nil, pgerror.New(pgerror.GroupingError, "aggregate function calls cannot be nested").WithPosition(a.pos(fc.Location))
	}
	inner := *sc
	inner.inAgg = true
	var direct, aggregated []nodes.Expr
	var ts []types.T
	for _, r := range fc.Args {
		e, err := a.expr(r, &inner)
		if err != nil {
			return nil, err
		}
		direct = append(direct, e)
		ts = append(ts, e.ExprType())
	}
	var sorts []*pg_query.SortBy
	for _, n := range fc.AggOrder {
		sb := n.GetSortBy()
		e, err := a.expr(sb.Node, &inner)
		if err != nil {
			return nil, err
		}
		aggregated = append(aggregated, e)
		ts = append(ts, e.ExprType())
		sorts = append(sorts, sb)
	}

	f, err := a.findFunc(name, ts)
	if err != nil {
		if _, ok := windowFuncResult(name, ts); ok && isWindowFuncName(name) {
			return nil, pgerror.Newf(pgerror.WrongObjectType, "window function %s requires an OVER clause", name).WithPosition(a.pos(fc.Location))
		}
		return nil, errNoFunc(a, name, ts, fc.Location)
	}
	switch {
	case f.Agg == nil:
		return nil, pgerror.Newf(pgerror.WrongObjectType, "WITHIN GROUP specified, but %s is not an aggregate function", name).WithPosition(a.pos(fc.Location))
	case !f.Agg.IsOrderedSet():
		return nil, pgerror.Newf(pgerror.WrongObjectType, "%s is not an ordered-set aggregate, so it cannot have WITHIN GROUP", name).WithPosition(a.pos(fc.Location))
	case fc.Over != nil:
		return nil, pgerror.Newf(pgerror.FeatureNotSupported, "OVER is not supported for ordered-set aggregate %s", name).WithPosition(a.pos(fc.Location))
	}
	nd, na := len(direct), len(aggregated)
	agg := &nodes.Aggref{Name: name, AggFnOid: f.Oid, Location: int(fc.Location)}
	if f.Agg.Kind == funcs.AggKindHypothetical {
		if nd != na {
			return nil, withHint(errNoFunc(a, name, ts, fc.Location), "To use the hypothetical-set aggregate %s, the number of hypothetical direct arguments (here %d) must match the number of ordering columns (here %d).", name, nd, na)
		}
		if err := a.unifyHypotheticalArgs(direct, aggregated); err != nil {
			return nil, err
		}
		agg.Kind = nodes.AggKindHypothetical
		agg.ResultType = types.T{Oid: f.Result, Typmod: -1}
	} else {
		if nd != f.Agg.NumDirectArgs {
			plural := "s"
			if f.Agg.NumDirectArgs == 1 {
				plural = ""
			}
			return nil, withHint(errNoFunc(a, name, ts, fc.Location), "There is an ordered-set aggregate %s, but it requires %d direct argument%s, not %d.", name, f.Agg.NumDirectArgs, plural, nd)
		}
		if agg.ResultType, err = a.coerceOrderedSetArgs(f, direct, aggregated); err != nil {
			return nil, err
		}
		agg.Kind = nodes.AggKindOrderedSet
	}
	for i, e := range aggregated {
		if err := a.checkSortable(e.ExprType(), exprLocation(sorts[i].Node)); err != nil {
			return nil, err
		}
		k, err := a.sortKey(e, sorts[i])
		if err != nil {
			return nil, err
		}
		agg.AggOrder = append(agg.AggOrder, k)
	}
	agg.Args, agg.DirectArgs = aggregated, direct
	if na == 1 {
		agg.ArgType = aggregated[0].ExprType()
	}
	if err := a.aggFilter(agg, fc, sc); err != nil {
		return nil, err
	}
	sc.q.HasAggs = true
	agg.AggNo = len(sc.q.Aggs)
	sc.q.Aggs = append(sc.q.Aggs, agg)
	return agg, nil
}

// unifyHypotheticalArgs coerces each direct argument of a hypothetical-set
// aggregate and the aggregated argument in its position to their common
// type, in place.
func (a *analyzer) unifyHypotheticalArgs(direct, aggregated []nodes.Expr) error {
	for i := range direct {
		t, err := commonType([]types.T{aggregated[i].ExprType(), direct[i].ExprType()}, "WITHIN GROUP")
		if err != nil {
			return withPos(err, a.pos(int32(exprLoc(direct[i]))))
		}
		if direct[i], err = a.coerce(direct[i], t, CoerceImplicit, exprLoc(direct[i])); err != nil {
			return err
		}
		if aggregated[i], err = a.coerce(aggregated[i], t, CoerceImplicit, exprLoc(aggregated[i])); err != nil {
			return err
		}
	}
	return nil
}

// coerceOrderedSetArgs coerces the arguments of ordered-set aggregate f to
// its declared types, in place, and returns its result type; anyelement
// takes the aggregated argument's type, which an anyarray result is the
// array of.
func (a *analyzer) coerceOrderedSetArgs(f *funcs.Func, direct, aggregated []nodes.Expr) (types.T, error) {
	var err error
	for i := range direct {
		if direct[i], err = a.coerce(direct[i], types.T{Oid: f.Args[i], Typmod: -1}, CoerceImplicit, exprLoc(direct[i])); err != nil {
			return types.T{}, err
		}
	}
	var poly types.T
	for i := range aggregated {
		want := f.Args[len(direct)+i]
		if want == types.AnyElementOid {
			poly = aggregated[i].ExprType()
			if poly.Oid == types.UnknownOid {
				return types.T{}, pgerror.New(pgerror.DatatypeMismatch, "could not determine polymorphic type because input has type unknown")
			}
			poly.Typmod = -1
			continue
		}
		if aggregated[i], err = a.coerce(aggregated[i], types.T{Oid: want, Typmod: -1}, CoerceImplicit, exprLoc(aggregated[i])); err != nil {
			return types.T{}, err
		}
	}
	switch f.Result {
	case types.AnyElementOid:
		return poly, nil
	case funcs.AnyArrayOid:
		at, ok := types.ArrayTypeOf(poly)
		if !ok {
			return types.T{}, pgerror.Newf(pgerror.UndefinedObject, "could not find array type for data type %s", types.FormatType(poly))
		}
		return at, nil
	}
	return types.T{Oid: f.Result, Typmod: -1}, nil
}

// checkSortable rejects sorting by a type without an ordering (json,
// jsonpath).
func (a *analyzer) checkSortable(t types.T, loc int32) error {
	if e := types.ArrayElemType(t).Oid; t.Oid == types.JsonOid || t.Oid == types.JsonpathOid || e == types.JsonOid || e == types.JsonpathOid {
		return pgerror.Newf(pgerror.UndefinedFunction, "could not identify an ordering operator for type %s", types.FormatType(t)).
			WithHint("Use an explicit ordering operator or modify the query.").WithPosition(a.pos(loc))
	}
	return nil
}

// checkJsonpathEquality rejects grouping or DISTINCT on json and
// jsonpath, which have no equality operator.
func (a *analyzer) checkJsonpathEquality(t types.T, loc int32) error {
	if e := types.ArrayElemType(t).Oid; t.Oid == types.JsonpathOid || e == types.JsonpathOid || t.Oid == types.JsonOid || e == types.JsonOid {
		return pgerror.Newf(pgerror.UndefinedFunction, "could not identify an equality operator for type %s", types.FormatType(t)).
			WithPosition(a.pos(loc))
	}
	return nil
}

// sortKey returns the aggregate sort key of e ordered as sb says.
func (a *analyzer) sortKey(e nodes.Expr, sb *pg_query.SortBy) (nodes.AggSortKey, error) {
	desc, err := a.sortDirection(sb)
	if err != nil {
		return nodes.AggSortKey{}, err
	}
	k := nodes.AggSortKey{Expr: e, Desc: desc}
	switch sb.SortbyNulls {
	case pg_query.SortByNulls_SORTBY_NULLS_FIRST:
		k.NullsFirst = true
	case pg_query.SortByNulls_SORTBY_NULLS_LAST:
	default:
		k.NullsFirst = k.Desc
	}
	return k, nil
}

// requireWithinGroup returns PostgreSQL's error for a call without WITHIN
// GROUP of an ordered-set aggregate, nil when name and ts resolve to none
// (a hypothetical-set aggregate needs at least one argument).
func (a *analyzer) requireWithinGroup(name string, ts []types.T, loc int32) error {
	f, err := a.findFunc(name, ts)
	if err != nil || f.Agg == nil || !f.Agg.IsOrderedSet() || len(ts) == 0 {
		return nil
	}
	return pgerror.Newf(pgerror.WrongObjectType, "WITHIN GROUP is required for ordered-set aggregate %s", name).WithPosition(a.pos(loc))
}

// withHint replaces the hint of err, a *pgerror.Error.
func withHint(err error, format string, args ...any) error {
	if pe, ok := err.(*pgerror.Error); ok {
		return pe.WithHint(format, args...)
	}
	return err
}
