// bitstring.go registers the operators and functions of the bit string
// types bit and bit varying: comparisons, & | # ~ << >>, || and length,
// bit_length, octet_length, get_bit, set_bit, substring, position,
// overlay and bit_count (PG: utils/adt/varbit.c). Values are strings of
// '0' and '1', one per bit.

package funcs

import (
	"strings"

	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

func errBitSizes(op string) error {
	return pgerror.Newf("22026", "cannot %s bit strings of different sizes", op)
}

// bitCombine applies f bit by bit to two bit strings of one length.
func bitCombine(op string, a, b string, f func(x, y bool) bool) (types.Datum, error) {
	if len(a) != len(b) {
		return nil, errBitSizes(op)
	}
	out := make([]byte, len(a))
	for i := range out {
		out[i] = '0'
		if f(a[i] == '1', b[i] == '1') {
			out[i] = '1'
		}
	}
	return string(out), nil
}

// bitShift shifts s left by n places (right when n < 0), keeping its
// length and shifting in zeros.
func bitShift(s string, n int64) string {
	l := int64(len(s))
	switch {
	case n >= l || n <= -l:
		return strings.Repeat("0", int(l))
	case n >= 0:
		return s[n:] + strings.Repeat("0", int(n))
	}
	return strings.Repeat("0", int(-n)) + s[:l+n]
}

// bitSubstr is substring(s from start [for count]) over bits (PG:
// bitsubstring).
func bitSubstr(s string, start, count int64, toEnd bool) (types.Datum, error) {
	l := int64(len(s))
	e := l + 1
	if !toEnd {
		if count < 0 {
			return nil, pgerror.New("22011", "negative substring length not allowed")
		}
		e = start + count
		if e < start { // overflow
			e = l + 1
		}
	}
	s1 := max(start, 1)
	e1 := min(e, l+1)
	if s1 > l || e1 <= s1 {
		return "", nil
	}
	return s[s1-1 : e1-1], nil
}

func init() {
	bit, varbit, i4 := types.BitOid, types.VarbitOid, types.Int4Oid
	for _, t := range []types.Oid{bit, varbit} {
		prefix := "bit"
		if t == varbit {
			prefix = "varbit"
		}
		for _, c := range cmpNames {
			c := c
			registerOp(c.op, t, t, types.BoolOid, prefix+c.suffix, func(a []types.Datum) (types.Datum, error) {
				return c.test(strings.Compare(a[0].(string), a[1].(string))), nil
			})
		}
	}
	registerOp("&", bit, bit, bit, "bitand", func(a []types.Datum) (types.Datum, error) {
		return bitCombine("AND", a[0].(string), a[1].(string), func(x, y bool) bool { return x && y })
	})
	registerOp("|", bit, bit, bit, "bitor", func(a []types.Datum) (types.Datum, error) {
		return bitCombine("OR", a[0].(string), a[1].(string), func(x, y bool) bool { return x || y })
	})
	registerOp("#", bit, bit, bit, "bitxor", func(a []types.Datum) (types.Datum, error) {
		return bitCombine("XOR", a[0].(string), a[1].(string), func(x, y bool) bool { return x != y })
	})
	registerOp("~", types.InvalidOid, bit, bit, "bitnot", func(a []types.Datum) (types.Datum, error) {
		s := []byte(a[0].(string))
		for i, c := range s {
			s[i] = '0' + '1' - c
		}
		return string(s), nil
	})
	registerOp("<<", bit, i4, bit, "bitshiftleft", func(a []types.Datum) (types.Datum, error) {
		return bitShift(a[0].(string), a[1].(int64)), nil
	})
	registerOp(">>", bit, i4, bit, "bitshiftright", func(a []types.Datum) (types.Datum, error) {
		return bitShift(a[0].(string), -a[1].(int64)), nil
	})
	registerOp("||", varbit, varbit, varbit, "bitcat", func(a []types.Datum) (types.Datum, error) {
		return a[0].(string) + a[1].(string), nil
	})
	length := func(a []types.Datum) (types.Datum, error) { return int64(len(a[0].(string))), nil }
	fn("length", []types.Oid{bit}, i4, length)
	fn("bit_length", []types.Oid{bit}, i4, length)
	fn("octet_length", []types.Oid{bit}, i4, func(a []types.Datum) (types.Datum, error) {
		return int64((len(a[0].(string)) + 7) / 8), nil
	})
	fn("bit_count", []types.Oid{bit}, types.Int8Oid, func(a []types.Datum) (types.Datum, error) {
		return int64(strings.Count(a[0].(string), "1")), nil
	})
	checkIndex := func(s string, n int64) error {
		if n < 0 || n >= int64(len(s)) {
			return pgerror.Newf(pgerror.ArraySubscriptError, "bit index %d out of valid range (0..%d)", n, len(s)-1)
		}
		return nil
	}
	fn("get_bit", []types.Oid{bit, i4}, i4, func(a []types.Datum) (types.Datum, error) {
		s, n := a[0].(string), a[1].(int64)
		if err := checkIndex(s, n); err != nil {
			return nil, err
		}
		return int64(s[n] - '0'), nil
	})
	fn("set_bit", []types.Oid{bit, i4, i4}, bit, func(a []types.Datum) (types.Datum, error) {
		s, n, v := a[0].(string), a[1].(int64), a[2].(int64)
		if err := checkIndex(s, n); err != nil {
			return nil, err
		}
		if v != 0 && v != 1 {
			return nil, pgerror.New(pgerror.InvalidParameterValue, "new bit must be 0 or 1")
		}
		b := []byte(s)
		b[n] = '0' + byte(v)
		return string(b), nil
	})
	fn("substring", []types.Oid{bit, i4, i4}, bit, func(a []types.Datum) (types.Datum, error) {
		return bitSubstr(a[0].(string), a[1].(int64), a[2].(int64), false)
	})
	fn("substring", []types.Oid{bit, i4}, bit, func(a []types.Datum) (types.Datum, error) {
		return bitSubstr(a[0].(string), a[1].(int64), 0, true)
	})
	fn("position", []types.Oid{bit, bit}, i4, func(a []types.Datum) (types.Datum, error) {
		s, sub := a[0].(string), a[1].(string)
		if len(s) == 0 || len(sub) > len(s) {
			return int64(0), nil
		}
		return int64(strings.Index(s, sub) + 1), nil
	})
	overlay := func(s, repl string, start, count int64) (types.Datum, error) {
		if start <= 0 {
			return nil, pgerror.New("22011", "negative substring length not allowed")
		}
		head, err := bitSubstr(s, 1, start-1, false)
		if err != nil {
			return nil, err
		}
		tail, err := bitSubstr(s, start+count, 0, true)
		if err != nil {
			return nil, err
		}
		return head.(string) + repl + tail.(string), nil
	}
	fn("overlay", []types.Oid{bit, bit, i4, i4}, bit, func(a []types.Datum) (types.Datum, error) {
		return overlay(a[0].(string), a[1].(string), a[2].(int64), a[3].(int64))
	})
	fn("overlay", []types.Oid{bit, bit, i4}, bit, func(a []types.Datum) (types.Datum, error) {
		return overlay(a[0].(string), a[1].(string), a[2].(int64), int64(len(a[1].(string))))
	})
}
