// scalar.go registers built-in scalar functions: string, math and
// miscellaneous (PG: utils/adt/varlena.c, float.c, numeric.c, misc.c).

package funcs

import (
	"context"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

func fn(name string, args []types.Oid, result types.Oid, impl Impl) *Func {
	return register(&Func{Name: name, Args: args, Result: result, Strict: true, Impl: impl})
}

var (
	tText    = []types.Oid{types.TextOid}
	tBpchar  = []types.Oid{types.BpcharOid}
	tFloat8  = []types.Oid{types.Float8Oid}
	tNumeric = []types.Oid{types.NumericOid}
)

func init() {
	charLen := func(a []types.Datum) (types.Datum, error) { return int64(utf8.RuneCountInString(a[0].(string))), nil }
	bpcharLen := func(a []types.Datum) (types.Datum, error) {
		return int64(utf8.RuneCountInString(types.BpcharTrim(a[0].(string)))), nil
	}
	for _, name := range []string{"length", "char_length", "character_length"} {
		fn(name, tText, types.Int4Oid, charLen)
		fn(name, tBpchar, types.Int4Oid, bpcharLen)
	}
	octets := func(a []types.Datum) (types.Datum, error) { return int64(len(a[0].(string))), nil }
	fn("octet_length", tText, types.Int4Oid, octets)
	fn("octet_length", tBpchar, types.Int4Oid, octets)
	// The database locale is C: case mapping touches ASCII letters only.
	fn("lower", tText, types.TextOid, func(a []types.Datum) (types.Datum, error) { return asciiLower(a[0].(string)), nil })
	fn("upper", tText, types.TextOid, func(a []types.Datum) (types.Datum, error) { return asciiUpper(a[0].(string)), nil })
	fn("chr", []types.Oid{types.Int4Oid}, types.TextOid, func(a []types.Datum) (types.Datum, error) {
		c := a[0].(int64)
		switch {
		case c < 0:
			return nil, pgerror.New(pgerror.InvalidParameterValue, "character number must be positive")
		case c == 0:
			return nil, pgerror.New(pgerror.ProgramLimitExceeded, "null character not permitted")
		case c > utf8.MaxRune:
			return nil, pgerror.Newf(pgerror.ProgramLimitExceeded, "requested character too large for encoding: %d", c)
		case c >= 0xD800 && c <= 0xDFFF:
			return nil, pgerror.Newf(pgerror.ProgramLimitExceeded, "requested character not valid for encoding: %d", c)
		}
		return string(rune(c)), nil
	})
	fn("ascii", tText, types.Int4Oid, func(a []types.Datum) (types.Datum, error) {
		r, _ := utf8.DecodeRuneInString(a[0].(string))
		if a[0].(string) == "" {
			r = 0
		}
		return int64(r), nil
	})
	fn("repeat", []types.Oid{types.TextOid, types.Int4Oid}, types.TextOid, func(a []types.Datum) (types.Datum, error) {
		n := a[1].(int64)
		if n <= 0 {
			return "", nil
		}
		s := a[0].(string)
		if int64(len(s))*n > 1<<30-1 {
			return nil, pgerror.New(pgerror.ProgramLimitExceeded, "requested length too large")
		}
		return strings.Repeat(s, int(n)), nil
	})
	substr := func(a []types.Datum) (types.Datum, error) {
		r := []rune(a[0].(string))
		start := a[1].(int64)
		end := int64(len(r)) + 1
		if len(a) == 3 {
			l := a[2].(int64)
			if l < 0 {
				return nil, pgerror.New(pgerror.SubstringError, "negative substring length not allowed")
			}
			end = start + l
		}
		if start < 1 {
			start = 1
		}
		if end > int64(len(r))+1 {
			end = int64(len(r)) + 1
		}
		if start >= end {
			return "", nil
		}
		return string(r[start-1 : end-1]), nil
	}
	for _, name := range []string{"substr", "substring"} {
		fn(name, []types.Oid{types.TextOid, types.Int4Oid}, types.TextOid, substr)
		fn(name, []types.Oid{types.TextOid, types.Int4Oid, types.Int4Oid}, types.TextOid, substr)
	}
	fn("replace", []types.Oid{types.TextOid, types.TextOid, types.TextOid}, types.TextOid, func(a []types.Datum) (types.Datum, error) {
		if a[1].(string) == "" {
			return a[0], nil
		}
		return strings.ReplaceAll(a[0].(string), a[1].(string), a[2].(string)), nil
	})
	fn("strpos", []types.Oid{types.TextOid, types.TextOid}, types.Int4Oid, func(a []types.Datum) (types.Datum, error) {
		i := strings.Index(a[0].(string), a[1].(string))
		if i < 0 {
			return int64(0), nil
		}
		return int64(utf8.RuneCountInString(a[0].(string)[:i]) + 1), nil
	})
	for _, t := range []struct {
		name        string
		left, right bool
	}{{"btrim", true, true}, {"ltrim", true, false}, {"rtrim", false, true}} {
		t := t
		trim := func(s, set string) string {
			if t.left {
				s = strings.TrimLeft(s, set)
			}
			if t.right {
				s = strings.TrimRight(s, set)
			}
			return s
		}
		fn(t.name, tText, types.TextOid, func(a []types.Datum) (types.Datum, error) { return trim(a[0].(string), " "), nil })
		fn(t.name, []types.Oid{types.TextOid, types.TextOid}, types.TextOid, func(a []types.Datum) (types.Datum, error) {
			return trim(a[0].(string), a[1].(string)), nil
		})
	}
	fn("like_escape", []types.Oid{types.TextOid, types.TextOid}, types.TextOid, func(a []types.Datum) (types.Datum, error) {
		return LikeEscape(a[0].(string), a[1].(string))
	})

	// Math.
	for _, t := range []types.Oid{types.Int2Oid, types.Int4Oid, types.Int8Oid} {
		t := t
		abs := func(a []types.Datum) (types.Datum, error) {
			v := a[0].(int64)
			if v < 0 {
				return IntArith('-', t, 0, v)
			}
			return v, nil
		}
		fn("abs", []types.Oid{t}, t, abs)
		registerOp("@", types.InvalidOid, t, t, typeAbbrev(t)+"abs", abs)
	}
	for _, t := range []types.Oid{types.Float4Oid, types.Float8Oid} {
		abs := func(a []types.Datum) (types.Datum, error) { return math.Abs(a[0].(float64)), nil }
		fn("abs", []types.Oid{t}, t, abs)
		registerOp("@", types.InvalidOid, t, t, typeAbbrev(t)+"abs", abs)
	}
	numAbs := func(a []types.Datum) (types.Datum, error) { return types.NumericAbs(a[0].(types.Numeric)), nil }
	fn("abs", tNumeric, types.NumericOid, numAbs)
	registerOp("@", types.InvalidOid, types.NumericOid, types.NumericOid, "numeric_abs", numAbs)
	for _, op := range []struct {
		name string
		f    func(float64) float64
	}{{"floor", math.Floor}, {"ceil", math.Ceil}, {"ceiling", math.Ceil}, {"trunc", math.Trunc}, {"round", math.RoundToEven}} {
		op := op
		fn(op.name, tFloat8, types.Float8Oid, func(a []types.Datum) (types.Datum, error) { return op.f(a[0].(float64)), nil })
	}
	fn("sqrt", tFloat8, types.Float8Oid, func(a []types.Datum) (types.Datum, error) {
		v := a[0].(float64)
		if v < 0 {
			return nil, pgerror.New(pgerror.InvalidArgumentForPowerFunction, "cannot take square root of a negative number")
		}
		return math.Sqrt(v), nil
	})
	pow := func(a []types.Datum) (types.Datum, error) { return Dpow(a[0].(float64), a[1].(float64)) }
	fn("power", []types.Oid{types.Float8Oid, types.Float8Oid}, types.Float8Oid, pow)
	fn("pow", []types.Oid{types.Float8Oid, types.Float8Oid}, types.Float8Oid, pow)
	registerOp("^", types.Float8Oid, types.Float8Oid, types.Float8Oid, "dpow", pow)
	numPow := func(a []types.Datum) (types.Datum, error) {
		r, err := NumericPower(a[0].(types.Numeric), a[1].(types.Numeric))
		if err != nil {
			return nil, err
		}
		return r, nil
	}
	registerOp("^", types.NumericOid, types.NumericOid, types.NumericOid, "numeric_power", numPow)
	fn("power", []types.Oid{types.NumericOid, types.NumericOid}, types.NumericOid, numPow)
	fn("pow", []types.Oid{types.NumericOid, types.NumericOid}, types.NumericOid, numPow)
	round := func(a []types.Datum) (types.Datum, error) {
		scale := int64(0)
		if len(a) == 2 {
			scale = a[1].(int64)
		}
		return types.NumericRound(a[0].(types.Numeric), int32(scale))
	}
	fn("round", tNumeric, types.NumericOid, round)
	fn("round", []types.Oid{types.NumericOid, types.Int4Oid}, types.NumericOid, round)
	trunc := func(a []types.Datum) (types.Datum, error) {
		scale := int64(0)
		if len(a) == 2 {
			scale = a[1].(int64)
		}
		return types.NumericTrunc(a[0].(types.Numeric), int32(scale))
	}
	fn("trunc", tNumeric, types.NumericOid, trunc)
	fn("trunc", []types.Oid{types.NumericOid, types.Int4Oid}, types.NumericOid, trunc)
	for _, t := range []types.Oid{types.Int2Oid, types.Int4Oid, types.Int8Oid} {
		t := t
		fn("mod", []types.Oid{t, t}, t, func(a []types.Datum) (types.Datum, error) { return IntArith('%', t, a[0].(int64), a[1].(int64)) })
	}
	fn("mod", []types.Oid{types.NumericOid, types.NumericOid}, types.NumericOid, func(a []types.Datum) (types.Datum, error) {
		return types.NumericMod(a[0].(types.Numeric), a[1].(types.Numeric))
	})

	// Float8 and float4 mixed-type operators (PG: float48pl and friends):
	// with them a float4 operand meets a float8 without losing precision.
	for _, pair := range [][2]types.Oid{{types.Float4Oid, types.Float8Oid}, {types.Float8Oid, types.Float4Oid}} {
		pair := pair
		name := typeAbbrev(pair[0])[5:] + typeAbbrev(pair[1])[5:]
		for _, op := range []struct {
			name string
			b    byte
			fn   string
		}{{"+", '+', "pl"}, {"-", '-', "mi"}, {"*", '*', "mul"}, {"/", '/', "div"}} {
			op := op
			registerOp(op.name, pair[0], pair[1], types.Float8Oid, "float"+name+op.fn, func(a []types.Datum) (types.Datum, error) {
				return FloatArith(op.b, types.Float8Oid, a[0].(float64), a[1].(float64))
			})
		}
		for _, c := range cmpNames {
			c := c
			registerOp(c.op, pair[0], pair[1], types.BoolOid, "float"+name+c.suffix, func(a []types.Datum) (types.Datum, error) {
				return c.test(types.Compare(types.TFloat8, a[0], a[1])), nil
			})
		}
	}

	register(&Func{Name: "pg_sleep", Args: tFloat8, Result: types.VoidOid, Strict: true, Volatile: Volatile, Parallel: ParallelSafe,
		ImplCtx: func(ctx context.Context, a []types.Datum) (types.Datum, error) {
			d := time.Duration(a[0].(float64) * float64(time.Second))
			if d <= 0 {
				return "", nil
			}
			t := time.NewTimer(d)
			defer t.Stop()
			select {
			case <-t.C:
				return "", nil
			case <-ctx.Done():
				return nil, pgerror.Convert(ctx.Err())
			}
		}})
	// format_type names a type as SQL spells it; a NULL typmod means none
	// was given, which differs from -1 only for character (bpchar).
	register(&Func{Name: "format_type", Args: []types.Oid{types.OidOid, types.Int4Oid}, Result: types.TextOid, Volatile: Stable, Impl: func(a []types.Datum) (types.Datum, error) {
		if a[0] == nil {
			return nil, nil
		}
		oid := types.Oid(uint32(a[0].(int64)))
		if a[1] == nil {
			return types.FormatTypeBe(oid), nil
		}
		return types.FormatType(types.T{Oid: oid, Typmod: int32(a[1].(int64))}), nil
	}})
	// to_hex prints the two's-complement bits of its argument's width.
	fn("to_hex", []types.Oid{types.Int4Oid}, types.TextOid, func(a []types.Datum) (types.Datum, error) {
		return strconv.FormatUint(uint64(uint32(a[0].(int64))), 16), nil
	})
	fn("to_hex", []types.Oid{types.Int8Oid}, types.TextOid, func(a []types.Datum) (types.Datum, error) {
		return strconv.FormatUint(uint64(a[0].(int64)), 16), nil
	})
	register(&Func{Name: "gen_random_uuid", Result: types.UUIDOid, Strict: true, Volatile: Volatile, Impl: func([]types.Datum) (types.Datum, error) {
		return types.GenRandomUUID()
	}})
	fn("version", nil, types.TextOid, func([]types.Datum) (types.Datum, error) {
		return "PostgreSQL 15.10 (loomdb) on x86_64-pc-linux-gnu, compiled by Go, 64-bit", nil
	}).Volatile = Stable
}

// Dpow computes x ^ y with PostgreSQL's error rules (PG: dpow).
func Dpow(x, y float64) (float64, error) {
	if x == 0 && y < 0 {
		return 0, pgerror.New(pgerror.InvalidArgumentForPowerFunction, "zero raised to a negative power is undefined")
	}
	if x < 0 && y != math.Trunc(y) && !math.IsInf(y, 0) {
		return 0, pgerror.New(pgerror.InvalidArgumentForPowerFunction, "a negative number raised to a non-integer power yields a complex result")
	}
	r := math.Pow(x, y)
	if math.IsInf(r, 0) && !math.IsInf(x, 0) && !math.IsInf(y, 0) {
		return 0, pgerror.New(pgerror.NumericValueOutOfRange, "value out of range: overflow")
	}
	if r == 0 && x != 0 && !math.IsInf(y, 0) {
		return 0, pgerror.New(pgerror.NumericValueOutOfRange, "value out of range: underflow")
	}
	return r, nil
}

// LikeEscape rewrites a LIKE pattern using escape character esc into one
// using backslash (PG: like_escape).
func LikeEscape(pat, esc string) (string, error) {
	if esc == `\` {
		return pat, nil
	}
	if utf8.RuneCountInString(esc) > 1 {
		return "", pgerror.New(pgerror.InvalidEscapeSequence, "invalid escape string").WithHint("Escape string must be empty or one character.")
	}
	var b strings.Builder
	e, _ := utf8.DecodeRuneInString(esc)
	afterEsc := false
	for _, r := range pat {
		switch {
		case afterEsc:
			// The escaped character stands for itself, wildcard or not.
			b.WriteRune('\\')
			b.WriteRune(r)
			afterEsc = false
		case esc != "" && r == e:
			afterEsc = true
		case r == '\\':
			b.WriteString(`\\`)
		default:
			b.WriteRune(r)
		}
	}
	if afterEsc {
		// As in PG, a trailing escape becomes a trailing backslash, which
		// is an error only if matching reaches it.
		b.WriteRune('\\')
	}
	return b.String(), nil
}
