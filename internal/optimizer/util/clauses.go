// clauses.go answers questions about expressions (PG: optimizer/util/clauses.c).

package util

import (
	"github.com/loomdb/loomdb/internal/funcs"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/types"
)

// ContainsVolatile reports whether e calls a volatile function (PG:
// contain_volatile_functions): such an expression may give a different
// value each time it is evaluated.
func ContainsVolatile(e nodes.Expr) bool {
	found := false
	nodes.Walk(e, func(n nodes.Expr) bool {
		var oid types.Oid
		switch x := n.(type) {
		case *nodes.FuncExpr:
			oid = x.FuncOid
		case *nodes.OpExpr:
			oid = x.FuncOid
		default:
			return true
		}
		if f := funcs.FuncByOid(oid); f != nil && f.Volatile == funcs.Volatile {
			found = true
		}
		return !found
	})
	return found
}

// TargetContainsVolatile reports whether any entry of tl calls a volatile
// function.
func TargetContainsVolatile(tl []*nodes.TargetEntry) bool {
	for _, te := range tl {
		if ContainsVolatile(te.Expr) {
			return true
		}
	}
	return false
}

// EqualityIn reports whether clause c is one of the binary operator
// clauses of list, as written or with its operands swapped (join clauses
// are turned "outer = inner" for merge and hash joins).
func EqualityIn(c nodes.Expr, list []nodes.Expr) bool {
	op, ok := c.(*nodes.OpExpr)
	if !ok || len(op.Args) != 2 {
		return false
	}
	for _, m := range list {
		mo := m.(*nodes.OpExpr)
		if nodes.Equal(op, mo) || (nodes.Equal(op.Args[0], mo.Args[1]) && nodes.Equal(op.Args[1], mo.Args[0])) {
			return true
		}
	}
	return false
}
