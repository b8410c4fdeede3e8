// parallelsafety.go decides where parallel query may be used (PG:
// optimizer/util/clauses.c, max_parallel_hazard and is_parallel_safe).
//
// Every function carries a label (pg_proc.proparallel): safe, restricted
// (may run only in the leader, above a Gather) or unsafe (no parallelism in
// the whole statement). Beyond functions, an executor parameter
// (PARAM_EXEC: a correlated subquery's outer value) is restricted, as
// workers do not see the leader's parameter values, except the result of
// an InitPlan of the query level: a Gather computes it in the leader and
// passes it to its workers (PG: is_parallel_safe's safe_param_ids, and
// Gather.initParam). A SubPlan is restricted unless a worker can run it
// itself: an uncorrelated subquery whose plan is parallel safe, such as
// the hashed subplan of NOT IN (PG: SubPlan.parallel_safe).

package util

import (
	"slices"

	"github.com/loomdb/loomdb/internal/funcs"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/types"
)

// ParallelHazard is how far an expression restricts parallel query.
type ParallelHazard uint8

const (
	HazardSafe ParallelHazard = iota
	HazardRestricted
	HazardUnsafe
)

func funcHazard(oid types.Oid) ParallelHazard {
	f := funcs.FuncByOid(oid)
	if f == nil {
		return HazardSafe
	}
	switch f.Parallel {
	case funcs.ParallelUnsafe:
		return HazardUnsafe
	case funcs.ParallelRestricted:
		return HazardRestricted
	}
	return HazardSafe
}

// MaxParallelHazard returns the strongest restriction in the expressions.
func MaxParallelHazard(es ...nodes.Expr) ParallelHazard {
	return maxParallelHazard(nil, es)
}

// maxParallelHazard is MaxParallelHazard with the executor Params of
// safeParams safe.
func maxParallelHazard(safeParams []int, es []nodes.Expr) ParallelHazard {
	h := HazardSafe
	var walk func(e nodes.Expr)
	raise := func(x ParallelHazard) {
		if x > h {
			h = x
		}
	}
	walk = func(e nodes.Expr) {
		nodes.Walk(e, func(n nodes.Expr) bool {
			switch x := n.(type) {
			case *nodes.FuncExpr:
				raise(funcHazard(x.FuncOid))
			case *nodes.OpExpr:
				raise(funcHazard(x.FuncOid))
			case *nodes.ScalarArrayOpExpr:
				raise(funcHazard(x.FuncOid))
			case *nodes.Aggref:
				raise(funcHazard(x.AggFnOid))
			case *nodes.SubPlan:
				if !x.ParallelSafe {
					raise(HazardRestricted)
					return false
				}
				// The worker running the subplan sets the Params standing
				// for its output columns in the test expression itself.
				saved := safeParams
				safeParams = append(safeParams[:len(safeParams):len(safeParams)], x.ParamIDs...)
				walk(x.TestExpr)
				safeParams = saved
				for _, a := range x.Args {
					walk(a)
				}
				return false
			case *nodes.SubLink:
				raise(QueryParallelHazard(x.Subquery))
			case *nodes.Param:
				if x.Kind == nodes.ParamExec && !slices.Contains(safeParams, x.ID) {
					raise(HazardRestricted)
				}
			}
			return h != HazardUnsafe
		})
	}
	for _, e := range es {
		walk(e)
	}
	return h
}

// IsParallelSafe reports whether the expressions may run in a parallel
// worker.
func IsParallelSafe(es ...nodes.Expr) bool { return MaxParallelHazard(es...) == HazardSafe }

// IsParallelSafeParams is IsParallelSafe where the executor Params of
// safeParams, the results of the query level's InitPlans, are safe (PG:
// is_parallel_safe).
func IsParallelSafeParams(safeParams []int, es ...nodes.Expr) bool {
	return maxParallelHazard(safeParams, es) == HazardSafe
}

// TargetParallelSafe reports whether a target list may be computed in a
// parallel worker.
func TargetParallelSafe(tl []*nodes.TargetEntry) bool {
	return TargetParallelSafeParams(nil, tl)
}

// TargetParallelSafeParams is TargetParallelSafe with the Params of
// safeParams safe.
func TargetParallelSafeParams(safeParams []int, tl []*nodes.TargetEntry) bool {
	for _, te := range tl {
		if !IsParallelSafeParams(safeParams, te.Expr) {
			return false
		}
	}
	return true
}

// QueryParallelHazard returns the strongest restriction anywhere in q,
// its subqueries included (PG: max_parallel_hazard over the Query).
// Statements other than SELECT are unsafe: parallel mode allows no writes.
func QueryParallelHazard(q *nodes.Query) ParallelHazard {
	if q == nil {
		return HazardSafe
	}
	if q.CommandType != nodes.CmdSelect {
		return HazardUnsafe
	}
	var es []nodes.Expr
	for _, te := range q.TargetList {
		es = append(es, te.Expr)
	}
	es = append(es, q.HavingQual, q.LimitCount, q.LimitOffset)
	if q.JoinTree != nil {
		es = append(es, q.JoinTree.Quals)
		for _, n := range q.JoinTree.FromList {
			nodes.WalkJoinTree(n, func(je *nodes.JoinExpr) { es = append(es, je.Quals) })
		}
	}
	for _, sj := range q.SemiJoins {
		es = append(es, sj.Quals)
		for _, n := range sj.FromList {
			nodes.WalkJoinTree(n, func(je *nodes.JoinExpr) { es = append(es, je.Quals) })
		}
	}
	h := MaxParallelHazard(es...)
	if q.SetOperations != nil {
		h = max(h, setOpHazard(q.SetOperations))
	}
	// The recursive WITH queries declared here, with the WITH queries
	// they enclose in turn.
	for _, cte := range q.CTEList {
		h = max(h, QueryParallelHazard(cte.Query))
	}
	// Set operation arms and subqueries in FROM are range-table entries.
	for _, rte := range q.RangeTable {
		if h == HazardUnsafe {
			break
		}
		if rte.Subquery != nil {
			h = max(h, QueryParallelHazard(rte.Subquery))
		}
		for _, row := range rte.Values {
			h = max(h, MaxParallelHazard(row...))
		}
		if rte.Func != nil {
			h = max(h, MaxParallelHazard(rte.Func))
		}
		if ts := rte.TableSample; ts != nil {
			h = max(h, MaxParallelHazard(append(append([]nodes.Expr(nil), ts.Args...), ts.Repeatable)...))
		}
	}
	return h
}

// setOpHazard returns the strongest restriction in a set operation's arms.
func setOpHazard(op *nodes.SetOperation) ParallelHazard {
	h := HazardSafe
	for _, arm := range []any{op.Larg, op.Rarg} {
		switch x := arm.(type) {
		case *nodes.Query:
			h = max(h, QueryParallelHazard(x))
		case *nodes.SetOperation:
			h = max(h, setOpHazard(x))
		}
	}
	return h
}
