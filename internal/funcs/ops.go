// ops.go registers the comparison, arithmetic and string operators.

package funcs

import (
	"math"

	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

// ComparableTypes are the types with a btree operator family here.
var ComparableTypes = []types.Oid{
	types.BoolOid, types.Int2Oid, types.Int4Oid, types.Int8Oid, types.Float4Oid, types.Float8Oid,
	types.NumericOid, types.TextOid, types.BpcharOid, types.NameOid, types.DateOid, types.OidOid,
	types.TimestampOid, types.TimestamptzOid, types.IntervalOid, types.TimeOid,
	types.CharOid, types.ByteaOid, types.TidOid, types.UUIDOid, types.JsonbOid,
}

var cmpNames = []struct {
	op, suffix string
	test       func(c int) bool
}{
	{"=", "eq", func(c int) bool { return c == 0 }},
	{"<>", "ne", func(c int) bool { return c != 0 }},
	{"<", "lt", func(c int) bool { return c < 0 }},
	{"<=", "le", func(c int) bool { return c <= 0 }},
	{">", "gt", func(c int) bool { return c > 0 }},
	{">=", "ge", func(c int) bool { return c >= 0 }},
}

func intRange(t types.Oid) (int64, int64, string) {
	switch t {
	case types.Int2Oid:
		return math.MinInt16, math.MaxInt16, "smallint out of range"
	case types.Int4Oid:
		return math.MinInt32, math.MaxInt32, "integer out of range"
	}
	return math.MinInt64, math.MaxInt64, "bigint out of range"
}

func outOfRange(msg string) error { return pgerror.New(pgerror.NumericValueOutOfRange, msg) }

func divByZero() error { return pgerror.New(pgerror.DivisionByZero, "division by zero") }

// IntArith computes a op b for integers of type t with PostgreSQL's overflow
// and division-by-zero errors.
func IntArith(op byte, t types.Oid, a, b int64) (int64, error) {
	lo, hi, msg := intRange(t)
	var r int64
	switch op {
	case '+':
		r = a + b
		if (b > 0 && r < a) || (b < 0 && r > a) {
			return 0, outOfRange(msg)
		}
	case '-':
		r = a - b
		if (b < 0 && r < a) || (b > 0 && r > a) {
			return 0, outOfRange(msg)
		}
	case '*':
		if a != 0 && b != 0 {
			r = a * b
			if r/b != a || (a == -1 && b == math.MinInt64) || (b == -1 && a == math.MinInt64) {
				return 0, outOfRange(msg)
			}
		}
	case '/':
		if b == 0 {
			return 0, divByZero()
		}
		if b == -1 {
			if a == lo {
				return 0, outOfRange(msg)
			}
			return -a, nil
		}
		r = a / b
	case '%':
		if b == 0 {
			return 0, divByZero()
		}
		if b == -1 {
			return 0, nil
		}
		r = a % b
	}
	if r < lo || r > hi {
		return 0, outOfRange(msg)
	}
	return r, nil
}

// FloatArith computes a op b for float4/float8 with PostgreSQL's checks.
func FloatArith(op byte, t types.Oid, a, b float64) (float64, error) {
	var r float64
	switch op {
	case '+':
		r = a + b
	case '-':
		r = a - b
	case '*':
		r = a * b
	case '/':
		// NaN / 0 is NaN, not an error (PG: float8_div).
		if b == 0 && !math.IsNaN(a) {
			return 0, divByZero()
		}
		r = a / b
	}
	if t == types.Float4Oid {
		r = float64(float32(r))
	}
	if math.IsInf(r, 0) && !math.IsInf(a, 0) && !math.IsInf(b, 0) {
		return 0, outOfRange("value out of range: overflow")
	}
	if r == 0 && op != '+' && op != '-' && a != 0 && !(op == '/' && math.IsInf(b, 0)) && !(op == '*' && b == 0) {
		return 0, outOfRange("value out of range: underflow")
	}
	return r, nil
}

func init() {
	for _, t := range ComparableTypes {
		t := t
		tt := types.T{Oid: t, Typmod: -1}
		for _, c := range cmpNames {
			c := c
			registerOp(c.op, t, t, types.BoolOid, typeAbbrev(t)+c.suffix, func(a []types.Datum) (types.Datum, error) {
				return c.test(types.Compare(tt, a[0], a[1])), nil
			})
		}
		// Arrays compare element by element (PG: array_eq, btarraycmp).
		at, ok := types.ArrayTypeOf(tt)
		if !ok {
			continue
		}
		for _, c := range cmpNames {
			c := c
			registerOp(c.op, at.Oid, at.Oid, types.BoolOid, "array_"+c.suffix, func(a []types.Datum) (types.Datum, error) {
				return c.test(types.Compare(at, a[0], a[1])), nil
			})
		}
	}
	for _, t := range []types.Oid{types.Int2Oid, types.Int4Oid, types.Int8Oid} {
		t := t
		for _, op := range []struct {
			name string
			b    byte
			fn   string
		}{{"+", '+', "pl"}, {"-", '-', "mi"}, {"*", '*', "mul"}, {"/", '/', "div"}, {"%", '%', "mod"}} {
			op := op
			registerOp(op.name, t, t, t, typeAbbrev(t)+op.fn, func(a []types.Datum) (types.Datum, error) {
				return IntArith(op.b, t, a[0].(int64), a[1].(int64))
			})
		}
		registerOp("-", types.InvalidOid, t, t, typeAbbrev(t)+"um", func(a []types.Datum) (types.Datum, error) {
			return IntArith('-', t, 0, a[0].(int64))
		})
		registerOp("+", types.InvalidOid, t, t, typeAbbrev(t)+"up", func(a []types.Datum) (types.Datum, error) { return a[0], nil })
	}
	// Cross-type integer operators (PG: int48eq, int84pl, ...): compare and
	// compute in the wider type without casting the narrower operand.
	ints := []types.Oid{types.Int2Oid, types.Int4Oid, types.Int8Oid}
	for _, l := range ints {
		for _, r := range ints {
			if l == r {
				continue
			}
			name := typeAbbrev(l)[3:] + typeAbbrev(r)[3:]
			for _, c := range cmpNames {
				c := c
				registerOp(c.op, l, r, types.BoolOid, "int"+name+c.suffix, func(a []types.Datum) (types.Datum, error) {
					x, y := a[0].(int64), a[1].(int64)
					switch {
					case x < y:
						return c.test(-1), nil
					case x > y:
						return c.test(1), nil
					}
					return c.test(0), nil
				})
			}
			wide := l
			if r == types.Int8Oid || (r == types.Int4Oid && l == types.Int2Oid) {
				wide = r
			}
			for _, op := range []struct {
				name string
				b    byte
				fn   string
			}{{"+", '+', "pl"}, {"-", '-', "mi"}, {"*", '*', "mul"}, {"/", '/', "div"}} {
				op, wide := op, wide
				registerOp(op.name, l, r, wide, "int"+name+op.fn, func(a []types.Datum) (types.Datum, error) {
					return IntArith(op.b, wide, a[0].(int64), a[1].(int64))
				})
			}
		}
	}
	for _, t := range []types.Oid{types.Float4Oid, types.Float8Oid} {
		t := t
		for _, op := range []struct {
			name string
			b    byte
			fn   string
		}{{"+", '+', "pl"}, {"-", '-', "mi"}, {"*", '*', "mul"}, {"/", '/', "div"}} {
			op := op
			registerOp(op.name, t, t, t, typeAbbrev(t)+op.fn, func(a []types.Datum) (types.Datum, error) {
				return FloatArith(op.b, t, a[0].(float64), a[1].(float64))
			})
		}
		registerOp("-", types.InvalidOid, t, t, typeAbbrev(t)+"um", func(a []types.Datum) (types.Datum, error) { return -a[0].(float64), nil })
		registerOp("+", types.InvalidOid, t, t, typeAbbrev(t)+"up", func(a []types.Datum) (types.Datum, error) { return a[0], nil })
	}
	n := types.NumericOid
	for _, op := range []struct {
		name, fn string
		f        func(a, b types.Numeric) (types.Numeric, error)
	}{
		{"+", "numeric_add", numericAdd}, {"-", "numeric_sub", numericSub}, {"*", "numeric_mul", numericMul},
		{"/", "numeric_div", numericDiv}, {"%", "numeric_mod", numericMod},
	} {
		op := op
		registerOp(op.name, n, n, n, op.fn, func(a []types.Datum) (types.Datum, error) {
			return op.f(a[0].(types.Numeric), a[1].(types.Numeric))
		})
	}
	registerOp("-", types.InvalidOid, n, n, "numeric_uminus", func(a []types.Datum) (types.Datum, error) {
		return numericNeg(a[0].(types.Numeric)), nil
	})
	registerOp("+", types.InvalidOid, n, n, "numeric_uplus", func(a []types.Datum) (types.Datum, error) { return a[0], nil })

	// Dates.
	registerOp("+", types.DateOid, types.Int4Oid, types.DateOid, "date_pli", func(a []types.Datum) (types.Datum, error) {
		return dateAddDays(a[0].(int64), a[1].(int64))
	})
	registerOp("+", types.Int4Oid, types.DateOid, types.DateOid, "integer_pl_date", func(a []types.Datum) (types.Datum, error) {
		return dateAddDays(a[1].(int64), a[0].(int64))
	})
	registerOp("-", types.DateOid, types.Int4Oid, types.DateOid, "date_mii", func(a []types.Datum) (types.Datum, error) {
		return dateAddDays(a[0].(int64), -a[1].(int64))
	})
	registerOp("-", types.DateOid, types.DateOid, types.Int4Oid, "date_mi", func(a []types.Datum) (types.Datum, error) {
		x, y := a[0].(int64), a[1].(int64)
		if isInfDate(x) || isInfDate(y) {
			return nil, pgerror.New(pgerror.DatetimeFieldOverflow, "cannot subtract infinite dates")
		}
		return x - y, nil
	})

	// Strings.
	registerOp("||", types.TextOid, types.TextOid, types.TextOid, "textcat", func(a []types.Datum) (types.Datum, error) {
		return a[0].(string) + a[1].(string), nil
	})
	for _, left := range []types.Oid{types.TextOid, types.NameOid, types.BpcharOid} {
		prefix := map[types.Oid]string{types.TextOid: "text", types.NameOid: "name", types.BpcharOid: "bpchar"}[left]
		for _, l := range []struct {
			op, fn string
			neg    bool
			ci     bool
		}{{"~~", "like", false, false}, {"!~~", "nlike", true, false}, {"~~*", "iclike", false, true}, {"!~~*", "icnlike", true, true}} {
			l := l
			// A bpchar's trailing blanks take part (PG: bpcharlike is
			// textlike on the padded value).
			registerOp(l.op, left, types.TextOid, types.BoolOid, prefix+l.fn, func(a []types.Datum) (types.Datum, error) {
				m, err := Like(a[0].(string), a[1].(string), l.ci)
				if err != nil {
					return nil, err
				}
				return m != l.neg, nil
			})
		}
	}

	// Booleans.
	registerOp("NOT", types.InvalidOid, types.BoolOid, types.BoolOid, "boolnot", func(a []types.Datum) (types.Datum, error) { return !a[0].(bool), nil })
}

func isInfDate(d int64) bool { return d == math.MinInt32 || d == math.MaxInt32 }

func dateAddDays(d, n int64) (types.Datum, error) {
	if isInfDate(d) {
		return d, nil
	}
	r := d + n
	// PG's date range: 4714-11-24 BC .. 5874897-12-31.
	if r < -2451545 || r > 2145031948 {
		return nil, pgerror.New(pgerror.DatetimeFieldOverflow, "date out of range")
	}
	return r, nil
}
