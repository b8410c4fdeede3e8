// window.go analyzes window function calls and window definitions (PG:
// parse_func.c transformWindowFuncCall, parse_clause.c
// transformWindowDefinitions). A call records its OVER clause while the
// select list is analyzed; once ORDER BY is done the clauses become the
// query's WindowClauses, identical windows merged, their PARTITION BY and
// ORDER BY expressions added to the target list as junk entries.

package analyze

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

// pendingWindow is a window function call whose window is not resolved yet.
type pendingWindow struct {
	fn  *nodes.WindowFunc
	def *pg_query.WindowDef
}

// windowFuncResult gives the result type of a built-in window function for
// its arguments' types, or ok false when it takes other arguments.
func windowFuncResult(name string, args []types.T) (types.T, bool) {
	if len(args) == 0 {
		switch name {
		case "lag", "lead", "first_value", "last_value", "nth_value":
			return types.T{}, false
		}
	}
	switch name {
	case "row_number", "rank", "dense_rank":
		return types.TInt8, len(args) == 0
	case "percent_rank", "cume_dist":
		return types.TFloat8, len(args) == 0
	case "ntile":
		return types.TInt4, len(args) == 1
	case "lag", "lead":
		return args[0], len(args) >= 1 && len(args) <= 3
	case "first_value", "last_value":
		return args[0], len(args) == 1
	case "nth_value":
		return args[0], len(args) == 2
	}
	return types.T{}, false
}

func isWindowFuncName(name string) bool {
	switch name {
	case "row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead", "first_value", "last_value", "nth_value":
		return true
	}
	return false
}

// windowCall analyzes name(args) OVER (...).
func (a *analyzer) windowCall(name string, fc *pg_query.FuncCall, sc *scope) (nodes.Expr, error) {
	if sc == nil || sc.q == nil || sc.kind != exprSelect && sc.kind != exprOrderBy {
		kind := "WHERE"
		if sc != nil {
			if k := sc.kind.String(); k != "" {
				kind = k
			} else if sc.kind == exprHaving {
				kind = "HAVING"
			}
		}
		return nil, pgerror.Newf(pgerror.WindowingError, "window functions are not allowed in %s", kind).WithPosition(a.pos(fc.Location))
	}
	if sc.inWindow {
		return nil, pgerror.New(pgerror.WindowingError, "window function calls cannot be nested").WithPosition(a.pos(fc.Location))
	}
	if fc.AggDistinct {
		return nil, pgerror.New(pgerror.FeatureNotSupported, "DISTINCT is not implemented for window functions").WithPosition(a.pos(fc.Location))
	}
	if len(fc.AggOrder) > 0 {
		return nil, pgerror.New(pgerror.FeatureNotSupported, "aggregate ORDER BY is not implemented for window functions").WithPosition(a.pos(fc.Location))
	}
	if fc.AggWithinGroup {
		return nil, pgerror.Unsupported("WITHIN GROUP with OVER is not supported").WithPosition(a.pos(fc.Location))
	}
	inner := *sc
	inner.inWindow = true
	wf := &nodes.WindowFunc{Name: name, Star: fc.AggStar, Location: int(fc.Location)}
	var ts []types.T
	for _, r := range fc.Args {
		e, err := a.expr(r, &inner)
		if err != nil {
			return nil, err
		}
		wf.Args = append(wf.Args, e)
		ts = append(ts, e.ExprType())
	}
	switch {
	case isWindowFuncName(name):
		if fc.AggFilter != nil {
			return nil, pgerror.New(pgerror.FeatureNotSupported, "FILTER is not implemented for non-aggregate window functions").WithPosition(a.pos(fc.Location))
		}
		if fc.AggStar {
			return nil, pgerror.Newf(pgerror.WrongObjectType, "* specified, but %s is not an aggregate function", name).WithPosition(a.pos(fc.Location))
		}
		t, ok := windowFuncResult(name, ts)
		if !ok {
			if err := a.requireWithinGroup(name, ts, fc.Location); err != nil {
				return nil, err
			}
			return nil, errNoFunc(a, name, ts, fc.Location)
		}
		if t.Oid == types.UnknownOid {
			t = types.TText
		}
		if name == "lag" || name == "lead" {
			if len(ts) == 3 {
				ct, err := commonType([]types.T{ts[0], ts[2]}, name)
				if err != nil {
					return nil, errNoFunc(a, name, ts, fc.Location)
				}
				if ct.Oid == types.UnknownOid {
					ct = types.TText
				}
				t = ct
			}
		}
		for i := range wf.Args {
			want := t
			if (name == "ntile" && i == 0) || ((name == "lag" || name == "lead") && i == 1) || (name == "nth_value" && i == 1) {
				want = types.TInt4
			}
			var err error
			if wf.Args[i], err = a.coerce(wf.Args[i], want, CoerceImplicit, int(fc.Location)); err != nil {
				return nil, err
			}
		}
		wf.ResultType = t
	case isAggregateName(name):
		agg, err := a.aggSignature(name, fc, wf.Args, ts)
		if err != nil {
			return nil, err
		}
		wf.AggFnOid, wf.Args, wf.ResultType, wf.ArgType = agg.AggFnOid, agg.Args, agg.ResultType, agg.ArgType
		if fc.AggFilter != nil {
			f, err := a.expr(fc.AggFilter, &scope{q: sc.q, kind: exprFilter, inWindow: true})
			if err != nil {
				return nil, err
			}
			if f, err = a.coerceBool(f, "FILTER", int(exprLocation(fc.AggFilter))); err != nil {
				return nil, err
			}
			wf.AggFilter = f
		}
	default:
		if _, err := a.findFunc(name, ts); err != nil {
			return nil, errNoFunc(a, name, ts, fc.Location)
		}
		if err := a.requireWithinGroup(name, ts, fc.Location); err != nil {
			return nil, err
		}
		return nil, pgerror.Newf(pgerror.WrongObjectType, "OVER specified, but %s is not a window function nor an aggregate function", name).WithPosition(a.pos(fc.Location))
	}
	sc.q.HasWindowFuncs = true
	a.windows = append(a.windows, pendingWindow{fn: wf, def: fc.Over})
	return wf, nil
}

// windowClauses resolves the OVER clauses of the query's window functions
// into WindowClauses (PG: transformWindowDefinitions).
func (a *analyzer) windowClauses(q *nodes.Query, named []*pg_query.Node) error {
	defs := map[string]*pg_query.WindowDef{}
	for _, n := range named {
		wd := n.GetWindowDef()
		if defs[wd.Name] != nil {
			return pgerror.Newf(pgerror.WindowingError, "window \"%s\" is already defined", wd.Name).WithPosition(a.pos(wd.Location))
		}
		defs[wd.Name] = wd
	}
	for _, pw := range a.windows {
		wc, err := a.windowClause(q, pw.def, defs)
		if err != nil {
			return err
		}
		ref := 0
		for _, o := range q.WindowClause {
			if sameWindow(o, wc) {
				ref = o.WinRef
			}
		}
		if ref == 0 {
			wc.WinRef = len(q.WindowClause) + 1
			q.WindowClause = append(q.WindowClause, wc)
			ref = wc.WinRef
		}
		pw.fn.WinRef = ref
	}
	a.windows = nil
	return nil
}

func sameWindow(x, y *nodes.WindowClause) bool {
	same := func(a, b []*nodes.SortGroupClause) bool {
		if len(a) != len(b) {
			return false
		}
		for i := range a {
			if *a[i] != *b[i] {
				return false
			}
		}
		return true
	}
	return same(x.PartitionClause, y.PartitionClause) && same(x.OrderClause, y.OrderClause) && x.FrameOptions == y.FrameOptions &&
		nodes.Equal(x.StartOffset, y.StartOffset) && nodes.Equal(x.EndOffset, y.EndOffset)
}

// windowClause builds the window an OVER clause describes, following a
// reference to a named window.
func (a *analyzer) windowClause(q *nodes.Query, wd *pg_query.WindowDef, defs map[string]*pg_query.WindowDef) (*nodes.WindowClause, error) {
	// OVER w names a window of the WINDOW clause outright.
	if wd.Name != "" && wd.Refname == "" && len(wd.PartitionClause) == 0 && len(wd.OrderClause) == 0 && wd.FrameOptions&nodes.FrameNonDefault == 0 {
		named := defs[wd.Name]
		if named == nil {
			return nil, pgerror.Newf(pgerror.UndefinedObject, "window \"%s\" does not exist", wd.Name).WithPosition(a.pos(wd.Location))
		}
		wd = named
	}
	partition, order := wd.PartitionClause, wd.OrderClause
	frame, start, end := int(wd.FrameOptions), wd.StartOffset, wd.EndOffset
	if wd.Refname != "" {
		base := defs[wd.Refname]
		if base == nil {
			return nil, pgerror.Newf(pgerror.UndefinedObject, "window \"%s\" does not exist", wd.Refname).WithPosition(a.pos(wd.Location))
		}
		if len(partition) > 0 {
			return nil, pgerror.Newf(pgerror.WindowingError, "cannot override PARTITION BY clause of window \"%s\"", wd.Refname).WithPosition(a.pos(wd.Location))
		}
		partition = base.PartitionClause
		if len(base.OrderClause) > 0 {
			if len(order) > 0 {
				return nil, pgerror.Newf(pgerror.WindowingError, "cannot override ORDER BY clause of window \"%s\"", wd.Refname).WithPosition(a.pos(wd.Location))
			}
			order = base.OrderClause
		}
		if base.FrameOptions&nodes.FrameNonDefault != 0 {
			return nil, pgerror.Newf(pgerror.WindowingError, "cannot copy window \"%s\" because it has a frame clause", wd.Refname).WithPosition(a.pos(wd.Location)).
				WithHint("Omit the parentheses in this OVER clause.")
		}
	}
	wc := &nodes.WindowClause{Name: wd.Name, FrameOptions: frame}
	for _, n := range partition {
		te, err := a.windowTarget(q, n)
		if err != nil {
			return nil, err
		}
		if !inSortList(wc.PartitionClause, te.SortGroupRef) {
			wc.PartitionClause = append(wc.PartitionClause, &nodes.SortGroupClause{TLESortGroupRef: te.SortGroupRef})
		}
	}
	var orderType types.T
	for _, it := range order {
		sb := it.GetSortBy()
		te, err := a.windowTarget(q, sb.Node)
		if err != nil {
			return nil, err
		}
		desc, err := a.sortDirection(sb)
		if err != nil {
			return nil, err
		}
		nullsFirst := desc
		switch sb.SortbyNulls {
		case pg_query.SortByNulls_SORTBY_NULLS_FIRST:
			nullsFirst = true
		case pg_query.SortByNulls_SORTBY_NULLS_LAST:
			nullsFirst = false
		}
		if len(wc.OrderClause) == 0 {
			orderType = te.Expr.ExprType()
		}
		if !inSortList(wc.OrderClause, te.SortGroupRef) {
			wc.OrderClause = append(wc.OrderClause, &nodes.SortGroupClause{TLESortGroupRef: te.SortGroupRef, Descending: desc, NullsFirst: nullsFirst})
		}
	}
	if frame&nodes.FrameRange != 0 && frame&(nodes.FrameStartOffsetPreceding|nodes.FrameStartOffsetFollowing|nodes.FrameEndOffsetPreceding|nodes.FrameEndOffsetFollowing) != 0 {
		if len(wc.OrderClause) != 1 {
			return nil, pgerror.New(pgerror.WindowingError, "RANGE with offset PRECEDING/FOLLOWING requires exactly one ORDER BY column").WithPosition(a.pos(wd.Location))
		}
	}
	offset := func(n *pg_query.Node) (nodes.Expr, error) {
		if n == nil {
			return nil, nil
		}
		e, err := a.expr(n, &scope{kind: exprWindowFrame, noVars: true})
		if err != nil {
			return nil, err
		}
		// ROWS and GROUPS count rows or peer groups; RANGE offsets are
		// distances in the ORDER BY column's type.
		want := types.TInt8
		if frame&nodes.FrameRange != 0 {
			switch orderType.Oid {
			case types.Int2Oid, types.Int4Oid, types.Int8Oid:
				want = types.TInt8
			case types.Float4Oid, types.Float8Oid:
				want = types.TFloat8
			case types.NumericOid:
				want = types.TNumeric
			default:
				return nil, pgerror.Unsupported("RANGE with offset PRECEDING/FOLLOWING over type %s is not supported yet", typeName(orderType)).WithPosition(a.pos(wd.Location))
			}
		}
		return a.coerce(e, want, CoerceImplicit, int(exprLocation(n)))
	}
	var err error
	if wc.StartOffset, err = offset(start); err != nil {
		return nil, err
	}
	if wc.EndOffset, err = offset(end); err != nil {
		return nil, err
	}
	return wc, nil
}

// windowTarget finds or adds the target entry of a PARTITION BY or window
// ORDER BY expression (SQL:1999 rules: an expression of the input, never a
// select-list alias or position).
func (a *analyzer) windowTarget(q *nodes.Query, n *pg_query.Node) (*nodes.TargetEntry, error) {
	e, err := a.expr(n, &scope{q: q, kind: exprOrderBy, inWindow: true})
	if err != nil {
		return nil, err
	}
	if e.ExprType().Oid == types.UnknownOid {
		if e, err = a.coerce(e, types.TText, CoerceImplicit, -1); err != nil {
			return nil, err
		}
	}
	var te *nodes.TargetEntry
	for _, t := range q.TargetList {
		if exprEqual(t.Expr, e) {
			te = t
			break
		}
	}
	if te == nil {
		te = &nodes.TargetEntry{Expr: e, ResNo: len(q.TargetList) + 1, Name: strings.TrimSpace(figureColname(n)), ResJunk: true}
		q.TargetList = append(q.TargetList, te)
	}
	if err := a.textIfUnknown(te); err != nil {
		return nil, err
	}
	if te.SortGroupRef == 0 {
		te.SortGroupRef = maxSortRef(q) + 1
	}
	return te, nil
}
