// columntests.go turns a scan's qual clauses that compare one column with
// a constant into tests of the column's value alone, which a table scan
// can apply before decoding the rest of a row (table.Prefilter). Each test
// gives exactly the clause's result for a non-NULL value; a NULL fails it,
// as it fails the clause.

package expr

import (
	"strings"

	"github.com/loomdb/loomdb/internal/funcs"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/types"
)

// ColumnTest is a clause of a qual as a test of one column of the scanned
// table: AttNo (1-based) and the test for its class, Int for integer-like
// columns, Num for numeric and Str for text, varchar and bpchar (given the
// stored value, trailing blanks included).
type ColumnTest struct {
	AttNo int
	Int   func(int64) bool
	Num   func(types.Numeric) bool
	Str   func(string) bool
}

// ColumnTests returns the tests of the clauses of quals (an implicit AND)
// that compare a column of relation scanRelID with a constant: by one of
// its type's own comparison operators, a date column with a timestamp, or
// "= ANY" over a list of constants.
func ColumnTests(quals []nodes.Expr, scanRelID int) []ColumnTest {
	var out []ColumnTest
	for _, q := range quals {
		if t, ok := columnTest(q, scanRelID); ok {
			out = append(out, t)
		}
	}
	return out
}

// intColumn reports whether values of type oid are stored as a fixed-size
// integer whose order is the type's order.
func intColumn(oid types.Oid) bool {
	switch oid {
	case types.Int2Oid, types.Int4Oid, types.Int8Oid, types.DateOid, types.OidOid, types.TimestampOid, types.TimestamptzOid:
		return true
	}
	return false
}

func columnTest(q nodes.Expr, rel int) (ColumnTest, bool) {
	switch x := q.(type) {
	case *nodes.OpExpr:
		if len(x.Args) != 2 {
			return ColumnTest{}, false
		}
		f := funcs.FuncByOid(x.FuncOid)
		if f == nil || !f.Strict || len(f.Args) != 2 {
			return ColumnTest{}, false
		}
		v, vok := x.Args[0].(*nodes.Var)
		c, cok := x.Args[1].(*nodes.Const)
		flip := false
		if !vok || !cok {
			v, vok = x.Args[1].(*nodes.Var)
			c, cok = x.Args[0].(*nodes.Const)
			flip = true
		}
		if !vok || !cok || v.VarNo != rel || v.LevelsUp != 0 || v.AttNo < 1 || c.Value == nil {
			return ColumnTest{}, false
		}
		s, dateTS := ownComparison(f), false
		if s == "" {
			s = dateTimestampCmp(f.Name)
			dateTS = s != ""
		}
		if s == "" {
			return ColumnTest{}, false
		}
		// The comparison as "column op constant".
		cmp := cmpFunc(s)
		vt, ct := v.Type.Oid, c.Type.Oid
		argV, argC := f.Args[0], f.Args[1]
		if flip {
			cmp = cmpFunc(commuted(s))
			argV, argC = argC, argV
		}
		t := ColumnTest{AttNo: v.AttNo}
		switch {
		case dateTS:
			if vt != types.DateOid || ct != types.TimestampOid || argV != vt || argC != ct {
				return ColumnTest{}, false
			}
			k := c.Value.(int64)
			t.Int = func(x int64) bool { return cmp(funcs.CmpDateTimestamp(x, k)) }
		case intColumn(vt) && vt == ct && argV == vt:
			k := c.Value.(int64)
			t.Int = func(x int64) bool { return cmp(compareInt(x, k)) }
		case vt == types.NumericOid && ct == types.NumericOid && argV == vt:
			k := c.Value.(types.Numeric)
			t.Num = func(x types.Numeric) bool { return cmp(types.NumericCmp(x, k)) }
		case plainString(argV) && acceptsArg(argV, vt) && acceptsArg(argV, ct):
			k := c.Value.(string)
			if argV == types.BpcharOid {
				k = types.BpcharTrim(k)
				t.Str = func(x string) bool { return cmp(strings.Compare(types.BpcharTrim(x), k)) }
			} else {
				t.Str = func(x string) bool { return cmp(strings.Compare(x, k)) }
			}
		default:
			return ColumnTest{}, false
		}
		return t, true
	case *nodes.ScalarArrayOpExpr:
		return anyConstTest(x, rel)
	}
	return ColumnTest{}, false
}

// commuted returns the comparison with its operands swapped.
func commuted(s string) string {
	switch s {
	case "lt":
		return "gt"
	case "le":
		return "ge"
	case "gt":
		return "lt"
	case "ge":
		return "le"
	}
	return s
}

// anyConstTest is the test of "column = ANY (constants)".
func anyConstTest(x *nodes.ScalarArrayOpExpr, rel int) (ColumnTest, bool) {
	v, ok := x.Left.(*nodes.Var)
	if !ok || v.VarNo != rel || v.LevelsUp != 0 || v.AttNo < 1 || !x.UseOr {
		return ColumnTest{}, false
	}
	list, ok := constList(x)
	if !ok {
		return ColumnTest{}, false
	}
	cs := newConstSet(funcs.FuncByOid(x.FuncOid), v.Type.Oid, list, "eq")
	if cs == nil {
		return ColumnTest{}, false
	}
	// A NULL element never makes the result true.
	t := ColumnTest{AttNo: v.AttNo}
	if cs.isInt {
		t.Int = func(x int64) bool { return cs.ints[x] }
	} else {
		t.Str = cs.hasStr
	}
	return t, true
}
