// rowsfrom.go holds the stand-in call of ROWS FROM with several functions.

package nodes

import "github.com/loomdb/loomdb/internal/types"

// RowsFromOid is the FuncOid of the FuncExpr standing for ROWS FROM (f(),
// g(), ...) with more than one function (and for unnest with several
// arguments in FROM): its Args are the calls, each giving its own columns
// side by side, the ones that run out first padded with NULLs (PG:
// RangeTblEntry.functions). No catalog function has this OID.
const RowsFromOid types.Oid = 5999

// IsRowsFrom reports whether f stands for ROWS FROM with several functions.
func IsRowsFrom(f *FuncExpr) bool { return f != nil && f.FuncOid == RowsFromOid }

// RowsFromCalls returns the calls of a function scan's FuncExpr: the
// arguments of a ROWS FROM stand-in, else f itself.
func RowsFromCalls(f *FuncExpr) []Expr {
	if IsRowsFrom(f) {
		return f.Args
	}
	return []Expr{f}
}
