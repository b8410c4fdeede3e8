// fast.go holds tight loops for the most common operators over int64,
// float64, numeric and string vectors, date-against-timestamp comparisons
// and "= ANY" over a list of constants, computed on the vectors' values
// without boxing them; everything else goes through the generic row loop.

package expr

import (
	"strings"

	"github.com/loomdb/loomdb/internal/funcs"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/types"
	"github.com/loomdb/loomdb/internal/vector"
)

func fastBinary(f *funcs.Func, args []*ExprState, rt types.T) *ExprState {
	if len(args) != 2 || !f.Strict {
		return nil
	}
	if x := fastNumeric(f, args, rt); x != nil {
		return x
	}
	if x := fastDateTimestamp(f, args, rt); x != nil {
		return x
	}
	if x := fastString(f, args, rt); x != nil {
		return x
	}
	lc, rc := types.ClassOf(args[0].typ.Oid), types.ClassOf(args[1].typ.Oid)
	if lc != rc || (lc != types.ClassInt && lc != types.ClassFloat) {
		return nil
	}
	// Integer comparisons compare the same way for every ClassInt type.
	if s := cmpSuffix(f, rt); s != "" {
		cmp := cmpFunc(s)
		if lc == types.ClassInt {
			return binaryLoop(args[0], args[1], rt, func(o, l, r *vector.Vector, i int) error {
				o.Bools[i] = cmp(compareInt(l.Ints[i], r.Ints[i]))
				return nil
			})
		}
		return binaryLoop(args[0], args[1], rt, func(o, l, r *vector.Vector, i int) error {
			o.Bools[i] = cmp(types.FloatCmp(l.Floats[i], r.Floats[i]))
			return nil
		})
	}
	var op byte
	switch {
	case strings.HasSuffix(f.Name, "pl"):
		op = '+'
	case strings.HasSuffix(f.Name, "mi"):
		op = '-'
	case strings.HasSuffix(f.Name, "mul"):
		op = '*'
	case strings.HasSuffix(f.Name, "div"):
		op = '/'
	case strings.HasSuffix(f.Name, "mod"):
		op = '%'
	default:
		return nil
	}
	if f.Args[0] != f.Args[1] || f.Result != f.Args[0] {
		return nil
	}
	t := f.Result
	if lc == types.ClassInt {
		return binaryLoop(args[0], args[1], rt, func(o, l, r *vector.Vector, i int) (err error) {
			o.Ints[i], err = funcs.IntArith(op, t, l.Ints[i], r.Ints[i])
			return err
		})
	}
	return binaryLoop(args[0], args[1], rt, func(o, l, r *vector.Vector, i int) (err error) {
		o.Floats[i], err = funcs.FloatArith(op, t, l.Floats[i], r.Floats[i])
		return err
	})
}

func compareInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func cmpFunc(s string) func(int) bool {
	switch s {
	case "eq":
		return func(c int) bool { return c == 0 }
	case "ne":
		return func(c int) bool { return c != 0 }
	case "lt":
		return func(c int) bool { return c < 0 }
	case "le":
		return func(c int) bool { return c <= 0 }
	case "gt":
		return func(c int) bool { return c > 0 }
	}
	return func(c int) bool { return c >= 0 }
}

// cmpSuffix returns the comparison a function's name ends in ("lt", "eq",
// …) when it returns bool, or "".
func cmpSuffix(f *funcs.Func, rt types.T) string {
	if rt.Oid != types.BoolOid {
		return ""
	}
	for _, s := range []string{"eq", "ne", "lt", "le", "gt", "ge"} {
		if strings.HasSuffix(f.Name, s) {
			return s
		}
	}
	return ""
}

// binaryLoop evaluates both arguments and calls each for every selected
// row where neither is NULL; rows with a NULL argument get a NULL result.
func binaryLoop(a0, a1 *ExprState, rt types.T, each func(o, l, r *vector.Vector, i int) error) *ExprState {
	return binaryVectors(a0, a1, rt, func(o, l, r *vector.Vector, rows []int) error {
		for _, i := range rows {
			if l.Nulls[i] || r.Nulls[i] {
				o.Nulls[i] = true
				continue
			}
			o.Nulls[i] = false
			if err := each(o, l, r, i); err != nil {
				return err
			}
		}
		return nil
	})
}

// binaryVectors evaluates a binary operator whose arguments are a0 and a1
// by calling all with both argument vectors and the rows to compute into
// the output vector o, NULLs included.
func binaryVectors(a0, a1 *ExprState, rt types.T, all func(o, l, r *vector.Vector, rows []int) error) *ExprState {
	var out *vector.Vector
	var rowsBuf []int
	return &ExprState{typ: rt, eval: func(ctx *Context, b *vector.Batch, sel []int) (*vector.Vector, error) {
		l, err := a0.Eval(ctx, b, sel)
		if err != nil {
			return nil, err
		}
		r, err := a1.Eval(ctx, b, sel)
		if err != nil {
			return nil, err
		}
		n := max(b.N, 1)
		o := outVec(&out, rt, n)
		if err := all(o, l, r, allRows(sel, n, &rowsBuf)); err != nil {
			return nil, err
		}
		return o, nil
	}}
}

// fastNumeric computes numeric +, -, * and comparisons on the vectors'
// values directly, without boxing each into a Datum.
func fastNumeric(f *funcs.Func, args []*ExprState, rt types.T) *ExprState {
	if args[0].typ.Oid != types.NumericOid || args[1].typ.Oid != types.NumericOid {
		return nil
	}
	if s := cmpSuffix(f, rt); s != "" && strings.HasPrefix(f.Name, "numeric") {
		cmp := cmpFunc(s)
		return binaryLoop(args[0], args[1], rt, func(o, l, r *vector.Vector, i int) error {
			o.Bools[i] = cmp(types.NumericCmp(l.Nums[i], r.Nums[i]))
			return nil
		})
	}
	var op types.NumericOp
	switch f.Name {
	case "numeric_add":
		op = types.NumericOpAdd
	case "numeric_sub":
		op = types.NumericOpSub
	case "numeric_mul":
		op = types.NumericOpMul
	default:
		return nil
	}
	return binaryVectors(args[0], args[1], rt, func(o, l, r *vector.Vector, rows []int) error {
		return types.NumericOpRows(op, o.Nums, o.Nulls, l.Nums, l.Nulls, r.Nums, r.Nulls, rows)
	})
}

// fastDateTimestamp compares dates with timestamps (without time zone),
// as l_shipdate <= date '1998-12-01' - interval '90' day does.
func fastDateTimestamp(f *funcs.Func, args []*ExprState, rt types.T) *ExprState {
	s := dateTimestampCmp(f.Name)
	if rt.Oid != types.BoolOid || s == "" {
		return nil
	}
	cmp := cmpFunc(s)
	switch lt, rtyp := args[0].typ.Oid, args[1].typ.Oid; {
	case lt == types.DateOid && rtyp == types.TimestampOid && f.Name == "date_"+s+"_timestamp":
		return binaryLoop(args[0], args[1], rt, func(o, l, r *vector.Vector, i int) error {
			o.Bools[i] = cmp(funcs.CmpDateTimestamp(l.Ints[i], r.Ints[i]))
			return nil
		})
	case lt == types.TimestampOid && rtyp == types.DateOid && f.Name == "timestamp_"+s+"_date":
		return binaryLoop(args[0], args[1], rt, func(o, l, r *vector.Vector, i int) error {
			o.Bools[i] = cmp(-funcs.CmpDateTimestamp(r.Ints[i], l.Ints[i]))
			return nil
		})
	}
	return nil
}

// dateTimestampCmp returns the comparison of "date_<cmp>_timestamp" or
// "timestamp_<cmp>_date", or "".
func dateTimestampCmp(name string) string {
	for _, s := range []string{"eq", "ne", "lt", "le", "gt", "ge"} {
		if name == "date_"+s+"_timestamp" || name == "timestamp_"+s+"_date" {
			return s
		}
	}
	return ""
}

// ownComparison returns the comparison ("eq", "lt", …) f is when f is one
// of its argument type's own comparison operators (texteq, int4lt, not
// textregexeq), else "".
func ownComparison(f *funcs.Func) string {
	if len(f.Args) != 2 || f.Args[0] != f.Args[1] {
		return ""
	}
	if s := cmpSuffix(f, types.T{Oid: f.Result}); s != "" && f.Name == typeName(f.Args[0])+s {
		return s
	}
	return ""
}

// plainString reports whether values of type oid compare as strings.Compare
// does on their bytes (after trimming trailing blanks for bpchar), as
// types.Compare compares them.
func plainString(oid types.Oid) bool {
	return oid == types.TextOid || oid == types.BpcharOid || oid == types.NameOid
}

// fastString computes comparisons and LIKE of text, bpchar and name
// values on the vectors' strings.
func fastString(f *funcs.Func, args []*ExprState, rt types.T) *ExprState {
	if len(f.Args) != 2 || !plainString(f.Args[0]) || !acceptsArg(f.Args[0], args[0].typ.Oid) || !acceptsArg(f.Args[1], args[1].typ.Oid) {
		return nil
	}
	bpchar := f.Args[0] == types.BpcharOid
	if s := ownComparison(f); s != "" {
		cmp := cmpFunc(s)
		if bpchar {
			return binaryLoop(args[0], args[1], rt, func(o, l, r *vector.Vector, i int) error {
				o.Bools[i] = cmp(strings.Compare(types.BpcharTrim(l.Strs[i]), types.BpcharTrim(r.Strs[i])))
				return nil
			})
		}
		return binaryLoop(args[0], args[1], rt, func(o, l, r *vector.Vector, i int) error {
			o.Bools[i] = cmp(strings.Compare(l.Strs[i], r.Strs[i]))
			return nil
		})
	}
	if f.Args[1] != types.TextOid || rt.Oid != types.BoolOid {
		return nil
	}
	var neg, ci bool
	switch strings.TrimPrefix(f.Name, typeName(f.Args[0])) {
	case "like":
	case "nlike":
		neg = true
	case "iclike":
		ci = true
	case "icnlike":
		neg, ci = true, true
	default:
		return nil
	}
	// A bpchar's trailing blanks take part, as in funcs' LIKE.
	return binaryLoop(args[0], args[1], rt, func(o, l, r *vector.Vector, i int) error {
		m, err := funcs.Like(l.Strs[i], r.Strs[i], ci)
		o.Bools[i] = m != neg
		return err
	})
}

// acceptsArg reports whether a parameter of type param takes a value of
// type oid as it is: the same type, or varchar for text.
func acceptsArg(param, oid types.Oid) bool {
	return oid == param || oid == types.VarcharOid && param == types.TextOid
}

func typeName(oid types.Oid) string {
	if in := types.InfoOf(oid); in != nil {
		return in.Name
	}
	return ""
}

// constSet holds the non-NULL values of a list of constants of one
// integer-like or plain string type, for "= ANY" and "<> ALL" lookups.
type constSet struct {
	isInt, bpchar, hasNull bool
	ints                   map[int64]bool
	strs                   map[string]bool
}

// newConstSet returns the set of list's constants when f is the want
// comparison ("eq" or "ne") of an integer-like or plain string type that
// takes left's values, and every element is a constant of that type;
// otherwise nil.
func newConstSet(f *funcs.Func, left types.Oid, list []nodes.Expr, want string) *constSet {
	if f == nil || !f.Strict || ownComparison(f) != want || !acceptsArg(f.Args[0], left) {
		return nil
	}
	cs := &constSet{isInt: intColumn(f.Args[0]), bpchar: f.Args[0] == types.BpcharOid, ints: map[int64]bool{}, strs: map[string]bool{}}
	if !cs.isInt && !plainString(f.Args[0]) {
		return nil
	}
	for _, e := range list {
		c, ok := e.(*nodes.Const)
		if !ok || !acceptsArg(f.Args[0], c.Type.Oid) {
			return nil
		}
		switch v := c.Value.(type) {
		case nil:
			cs.hasNull = true
		case int64:
			cs.ints[v] = true
		case string:
			if cs.bpchar {
				v = types.BpcharTrim(v)
			}
			cs.strs[v] = true
		default:
			return nil
		}
	}
	return cs
}

// hasStr reports whether string x is in the set.
func (cs *constSet) hasStr(x string) bool {
	if cs.bpchar {
		x = types.BpcharTrim(x)
	}
	return cs.strs[x]
}

// constList returns the elements of a ScalarArrayOpExpr's list, or of its
// array when that is a constant.
func constList(x *nodes.ScalarArrayOpExpr) ([]nodes.Expr, bool) {
	if x.Array == nil {
		return x.List, true
	}
	k, ok := x.Array.(*nodes.Const)
	if !ok {
		return nil, false
	}
	a, ok := k.Value.(types.Array)
	if !ok || len(a.Elems) == 0 {
		return nil, false
	}
	list := make([]nodes.Expr, len(a.Elems))
	for i, e := range a.Elems {
		list[i] = &nodes.Const{Type: a.Elem, Value: e, Location: -1}
	}
	return list, true
}

// fastAnyConst evaluates "left = ANY (list)" and "left <> ALL (list)" over
// a list of constants of left's type, for integers and plain strings: the
// non-NULL constants are looked up, a NULL one makes a miss NULL (PG:
// ExecEvalHashedScalarArrayOp, without the hashing for short lists).
func fastAnyConst(f *funcs.Func, useOr bool, left *ExprState, list []nodes.Expr) *ExprState {
	want := "eq"
	if !useOr {
		want = "ne"
	}
	cs := newConstSet(f, left.typ.Oid, list, want)
	if cs == nil {
		return nil
	}
	var out *vector.Vector
	var rowsBuf []int
	return &ExprState{typ: types.TBool, eval: func(ctx *Context, b *vector.Batch, sel []int) (*vector.Vector, error) {
		lv, err := left.Eval(ctx, b, sel)
		if err != nil {
			return nil, err
		}
		n := max(b.N, 1)
		o := outVec(&out, types.TBool, n)
		for _, r := range allRows(sel, n, &rowsBuf) {
			if lv.Nulls[r] {
				o.Nulls[r] = true
				continue
			}
			var found bool
			if cs.isInt {
				found = cs.ints[lv.Ints[r]]
			} else {
				found = cs.hasStr(lv.Strs[r])
			}
			switch {
			case found:
				o.Nulls[r], o.Bools[r] = false, useOr
			case cs.hasNull:
				o.Nulls[r] = true
			default:
				o.Nulls[r], o.Bools[r] = false, !useOr
			}
		}
		return o, nil
	}}
}
