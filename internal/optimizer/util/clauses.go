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
