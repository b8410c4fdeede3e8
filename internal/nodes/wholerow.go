// wholerow.go holds the whole-row reference: a FROM item's name used as a
// value, as in to_jsonb(t) (PG: a Var with varattno 0).

package nodes

import "github.com/loomdb/loomdb/internal/types"

// WholeRowExpr is a whole-row reference to a range-table entry, kept as
// one Var per column of the entry so that the planner moves, pulls up and
// resolves them as any other column reference. It yields a record whose
// fields are Args under the column names Names.
type WholeRowExpr struct {
	Args  []Expr
	Names []string
	// RelName is the entry's name, for EXPLAIN (t.*).
	RelName  string
	Location int
}

func (w *WholeRowExpr) ExprType() types.T { return types.T{Oid: types.RecordOid, Typmod: -1} }
