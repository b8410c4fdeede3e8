// jsonpath_exec.go evaluates jsonpath expressions over jsonb values and
// registers the functions and operators that do so: jsonb_path_exists,
// jsonb_path_match, jsonb_path_query, jsonb_path_query_array,
// jsonb_path_query_first (and their _tz forms), @? and @@ (PG:
// utils/adt/jsonpath_exec.c). Lax mode unwraps arrays for accessors and
// wraps scalars for array accessors; strict mode reports structural errors,
// which silent mode and filters suppress.

package funcs

import (
	"math"
	"strconv"
	"strings"

	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

// SQLSTATEs of the SQL/JSON errors (PG: errcodes.txt, class 22).
const (
	errInvalidSQLJSONSubscript      = "22033"
	errNonNumericSQLJSONItem        = "22036"
	errSingletonSQLJSONItemRequired = "22038"
	errSQLJSONArrayNotFound         = "22039"
	errSQLJSONMemberNotFound        = "2203A"
	errSQLJSONNumberNotFound        = "2203B"
	errSQLJSONObjectNotFound        = "2203C"
)

// jpRes is the outcome of evaluating a jsonpath item.
type jpRes uint8

const (
	jpOK jpRes = iota
	jpNotFound
	jpError // an error suppressed because errors are not thrown here
)

// jpBool is SQL/JSON's three-valued logic.
type jpBool uint8

const (
	jpFalse jpBool = iota
	jpTrue
	jpUnknown
)

// jpCtx is the state of one jsonpath evaluation.
type jpCtx struct {
	root, current    *types.JSONValue
	vars             *types.JSONValue
	lax              bool
	ignoreStructural bool
	throw            bool
	innermostSize    int
	// base and baseID are the jsonb value that the items being evaluated
	// lie in (the document, the variables, an object keyvalue() made)
	// and its number, from which keyvalue() computes its ids.
	base    *types.JSONValue
	baseID  int64
	lastGen int64
}

// withBase evaluates f with base as the base object.
func (c *jpCtx) withBase(base *types.JSONValue, id int64, f func() (jpRes, error)) (jpRes, error) {
	sb, sid := c.base, c.baseID
	c.base, c.baseID = base, id
	r, err := f()
	c.base, c.baseID = sb, sid
	return r, err
}

// jsonbOffset returns the byte offset of container target inside the
// binary jsonb form of base (PostgreSQL's jsonb layout: a 4-byte header and
// a 4-byte entry per element, or per key and value, then the data, with
// numerics and nested containers aligned to 4 bytes).
func jsonbOffset(base, target *types.JSONValue) (int64, bool) {
	if base == target {
		return 0, true
	}
	_, off, ok := jsonbLayout(base, 0, target)
	return off, ok
}

// jsonbLayout returns the size of container v placed at offset off, and
// the offset of target when it lies inside v.
func jsonbLayout(v *types.JSONValue, off int64, target *types.JSONValue) (int64, int64, bool) {
	var entries []*types.JSONValue
	var keys []string
	if v.Kind == types.JSONObject {
		for _, p := range v.Pairs {
			keys = append(keys, p.Key)
			entries = append(entries, p.Value)
		}
	} else {
		entries = v.Elems
	}
	pos := off + 4 + 4*int64(len(keys)+len(entries))
	for _, k := range keys {
		pos += int64(len(k))
	}
	var found int64
	ok := false
	for _, e := range entries {
		switch e.Kind {
		case types.JSONString:
			pos += int64(len(e.Str))
		case types.JSONNumeric:
			pos = (pos + 3) &^ 3
			pos += 4 + int64(types.NumericDiskSize(e.Num))
		case types.JSONArray, types.JSONObject:
			pos = (pos + 3) &^ 3
			if e == target && !ok {
				found, ok = pos, true
			}
			size, f, in := jsonbLayout(e, pos, target)
			if in && !ok {
				found, ok = f, true
			}
			pos += size
		}
	}
	return pos - off, found, ok
}

// jpList collects results; a nil *jpList asks only whether there is one.
type jpList = []*types.JSONValue

// fail is PG's RETURN_ERROR: the error when errors are thrown, else
// jpError.
func (c *jpCtx) fail(code, format string, args ...any) (jpRes, error) {
	if c.throw {
		return jpError, pgerror.Newf(code, format, args...)
	}
	return jpError, nil
}

func jpUnsupported(format string, args ...any) error {
	return pgerror.Unsupported(format, args...)
}

// next applies the item after it to v, or collects v when it is last.
func (c *jpCtx) next(it *types.JPItem, v *types.JSONValue, found *jpList) (jpRes, error) {
	if it.Next == nil {
		if found != nil {
			*found = append(*found, v)
		}
		return jpOK, nil
	}
	return c.exec(it.Next, v, found, c.lax)
}

// unwrapArray applies it to each element of the array v.
func (c *jpCtx) unwrapArray(it *types.JPItem, v *types.JSONValue, found *jpList, unwrapElems bool) (jpRes, error) {
	res := jpNotFound
	for _, e := range v.Elems {
		var r jpRes
		var err error
		if it == nil {
			if found == nil {
				return jpOK, nil
			}
			*found = append(*found, e)
			r = jpOK
		} else {
			r, err = c.exec(it, e, found, unwrapElems)
		}
		if err != nil || r == jpError {
			return r, err
		}
		if r == jpOK {
			res = jpOK
			if found == nil {
				break
			}
		}
	}
	return res, nil
}

// anyItem walks the values of container v from level to last, applying it
// (nil: collecting) to those at levels first and beyond.
func (c *jpCtx) anyItem(it *types.JPItem, v *types.JSONValue, found *jpList, level, first, last uint32, ignoreStructural, unwrapNext bool) (jpRes, error) {
	if level > last {
		return jpNotFound, nil
	}
	var vals []*types.JSONValue
	if v.Kind == types.JSONObject {
		for _, p := range v.Pairs {
			vals = append(vals, p.Value)
		}
	} else {
		vals = v.Elems
	}
	res := jpNotFound
	for _, e := range vals {
		container := e.Kind == types.JSONArray || e.Kind == types.JSONObject
		if level >= first || first == types.JPAnyLast && last == types.JPAnyLast && !container {
			if it != nil {
				saved := c.ignoreStructural
				if ignoreStructural {
					c.ignoreStructural = true
				}
				r, err := c.exec(it, e, found, unwrapNext)
				c.ignoreStructural = saved
				if err != nil || r == jpError {
					return r, err
				}
				if r == jpOK {
					res = jpOK
					if found == nil {
						return jpOK, nil
					}
				}
			} else if found != nil {
				*found = append(*found, e)
				res = jpOK
			} else {
				return jpOK, nil
			}
		}
		if level < last && container {
			r, err := c.anyItem(it, e, found, level+1, first, last, ignoreStructural, unwrapNext)
			if err != nil || r == jpError {
				return r, err
			}
			if r == jpOK {
				res = jpOK
				if found == nil {
					return jpOK, nil
				}
			}
		}
	}
	return res, nil
}

// execUnwrapResult evaluates it and, in lax mode with unwrap, replaces
// array results by their elements.
func (c *jpCtx) execUnwrapResult(it *types.JPItem, v *types.JSONValue, unwrap bool, found *jpList) (jpRes, error) {
	if unwrap && c.lax {
		var seq jpList
		r, err := c.exec(it, v, &seq, true)
		if err != nil || r == jpError {
			return r, err
		}
		for _, e := range seq {
			if e.Kind == types.JSONArray {
				*found = append(*found, e.Elems...)
			} else {
				*found = append(*found, e)
			}
		}
		return r, nil
	}
	return c.exec(it, v, found, c.lax)
}

func (c *jpCtx) execUnwrapResultNoThrow(it *types.JPItem, v *types.JSONValue, unwrap bool, found *jpList) (jpRes, error) {
	saved := c.throw
	c.throw = false
	defer func() { c.throw = saved }()
	if found == nil {
		return c.exec(it, v, nil, c.lax)
	}
	return c.execUnwrapResult(it, v, unwrap, found)
}

func jsonTypeName(v *types.JSONValue) string {
	switch v.Kind {
	case types.JSONObject:
		return "object"
	case types.JSONArray:
		return "array"
	case types.JSONString:
		return "string"
	case types.JSONNumeric:
		return "number"
	case types.JSONBool:
		return "boolean"
	}
	return "null"
}

// exec is executeItemOptUnwrapTarget: it evaluates it on v, collecting
// results in found (nil: stop at the first).
func (c *jpCtx) exec(it *types.JPItem, v *types.JSONValue, found *jpList, unwrap bool) (jpRes, error) {
	switch it.Kind {
	case types.JPAnd, types.JPOr, types.JPNot, types.JPIsUnknown, types.JPEqual, types.JPNotEqual,
		types.JPLess, types.JPGreater, types.JPLessOrEqual, types.JPGreaterOrEqual, types.JPExists,
		types.JPStartsWith, types.JPLikeRegex:
		st, err := c.boolItem(it, v)
		if err != nil {
			return jpError, err
		}
		if it.Next == nil && found == nil {
			return jpOK, nil
		}
		var b *types.JSONValue
		if st == jpUnknown {
			b = types.NewJSONNull()
		} else {
			b = types.NewJSONBool(st == jpTrue)
		}
		return c.next(it, b, found)

	case types.JPAdd, types.JPSub, types.JPMul, types.JPDiv, types.JPMod:
		return c.binaryArith(it, v, found)

	case types.JPPlus, types.JPMinus:
		return c.unaryArith(it, v, found)

	case types.JPFilter:
		if unwrap && v.Kind == types.JSONArray {
			return c.unwrapArray(it, v, found, false)
		}
		saved := c.current
		c.current = v
		st, err := c.boolItem(it.Left, v)
		c.current = saved
		if err != nil {
			return jpError, err
		}
		if st != jpTrue {
			return jpNotFound, nil
		}
		return c.next(it, v, found)

	case types.JPAnyArray:
		if v.Kind == types.JSONArray {
			return c.unwrapArray(it.Next, v, found, c.lax)
		}
		if c.lax {
			return c.next(it, v, found)
		}
		if !c.ignoreStructural {
			return c.fail(errSQLJSONArrayNotFound, "jsonpath wildcard array accessor can only be applied to an array")
		}
		return jpNotFound, nil

	case types.JPIndexArray:
		return c.indexArray(it, v, found)

	case types.JPLast:
		if c.innermostSize < 0 {
			return jpError, pgerror.Internal("evaluating jsonpath LAST outside of array subscript")
		}
		return c.next(it, types.NewJSONNumeric(types.NumericFromInt64(int64(c.innermostSize-1))), found)

	case types.JPAnyKey:
		if v.Kind == types.JSONObject {
			return c.anyItem(it.Next, v, found, 1, 1, 1, false, c.lax)
		}
		if unwrap && v.Kind == types.JSONArray {
			return c.unwrapArray(it, v, found, false)
		}
		if !c.ignoreStructural {
			return c.fail(errSQLJSONObjectNotFound, "jsonpath wildcard member accessor can only be applied to an object")
		}
		return jpNotFound, nil

	case types.JPAny:
		// As in PostgreSQL the outcome is that of the last step: an error
		// applying the next item to the value itself is forgotten when
		// the value has members to walk.
		res := jpNotFound
		if it.First == 0 {
			saved := c.ignoreStructural
			c.ignoreStructural = true
			r, err := c.next(it, v, found)
			c.ignoreStructural = saved
			if err != nil {
				return r, err
			}
			if r == jpOK && found == nil {
				return jpOK, nil
			}
			res = r
		}
		if v.Kind == types.JSONArray || v.Kind == types.JSONObject {
			return c.anyItem(it.Next, v, found, 1, it.First, it.Last, true, c.lax)
		}
		return res, nil

	case types.JPKey:
		if v.Kind == types.JSONObject {
			if m := types.JsonbObjectField(v, it.Str); m != nil {
				return c.next(it, m, found)
			}
			if !c.ignoreStructural {
				return c.fail(errSQLJSONMemberNotFound, "JSON object does not contain key \"%s\"", it.Str)
			}
			return jpNotFound, nil
		}
		if unwrap && v.Kind == types.JSONArray {
			return c.unwrapArray(it, v, found, false)
		}
		if !c.ignoreStructural {
			return c.fail(errSQLJSONMemberNotFound, "jsonpath member accessor can only be applied to an object")
		}
		return jpNotFound, nil

	case types.JPCurrent:
		return c.next(it, c.current, found)

	case types.JPRoot:
		return c.withBase(c.root, 0, func() (jpRes, error) { return c.next(it, c.root, found) })

	case types.JPVariable:
		if c.vars == nil {
			// The operators pass no variables: each is null.
			return c.next(it, types.NewJSONNull(), found)
		}
		val := types.JsonbObjectField(c.vars, it.Str)
		if val == nil {
			return jpError, pgerror.Newf(pgerror.UndefinedObject, "could not find jsonpath variable \"%s\"", it.Str)
		}
		return c.withBase(c.vars, 1, func() (jpRes, error) { return c.next(it, val, found) })

	case types.JPNull:
		return c.next(it, types.NewJSONNull(), found)
	case types.JPString:
		return c.next(it, types.NewJSONString(it.Str), found)
	case types.JPNumeric:
		return c.next(it, types.NewJSONNumeric(it.Num), found)
	case types.JPBool:
		return c.next(it, types.NewJSONBool(it.Bool), found)

	case types.JPType:
		return c.next(it, types.NewJSONString(jsonTypeName(v)), found)

	case types.JPSize:
		size := len(v.Elems)
		if v.Kind != types.JSONArray {
			if !c.lax {
				if !c.ignoreStructural {
					return c.fail(errSQLJSONArrayNotFound, "jsonpath item method .%s() can only be applied to an array", "size")
				}
				return jpNotFound, nil
			}
			size = 1
		}
		return c.next(it, types.NewJSONNumeric(types.NumericFromInt64(int64(size))), found)

	case types.JPAbs, types.JPFloor, types.JPCeiling:
		if unwrap && v.Kind == types.JSONArray {
			return c.unwrapArray(it, v, found, false)
		}
		name := types.JPMethodName(it.Kind)
		if v.Kind != types.JSONNumeric {
			return c.fail(errNonNumericSQLJSONItem, "jsonpath item method .%s() can only be applied to a numeric value", name)
		}
		var n types.Numeric
		var err error
		switch it.Kind {
		case types.JPAbs:
			n = types.NumericAbs(v.Num)
		case types.JPFloor:
			n, err = numFloorCeil(v.Num, false)
		default:
			n, err = numFloorCeil(v.Num, true)
		}
		if err != nil {
			return jpError, err
		}
		return c.next(it, types.NewJSONNumeric(n), found)

	case types.JPDouble:
		if unwrap && v.Kind == types.JSONArray {
			return c.unwrapArray(it, v, found, false)
		}
		switch v.Kind {
		case types.JSONNumeric:
			f := v.Num.Float64()
			if math.IsInf(f, 0) || math.IsNaN(f) {
				return c.fail(errNonNumericSQLJSONItem, "numeric argument of jsonpath item method .%s() is out of range for type double precision", "double")
			}
			return c.next(it, v, found)
		case types.JSONString:
			f, err := types.InFloat8(v.Str)
			if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
				return c.fail(errNonNumericSQLJSONItem, "string argument of jsonpath item method .%s() is not a valid representation of a double precision number", "double")
			}
			n, err := types.ParseNumeric(strconv.FormatFloat(f, 'g', 15, 64))
			if err != nil {
				return jpError, err
			}
			return c.next(it, types.NewJSONNumeric(n), found)
		}
		return c.fail(errNonNumericSQLJSONItem, "jsonpath item method .%s() can only be applied to a string or numeric value", "double")

	case types.JPKeyValue:
		if unwrap && v.Kind == types.JSONArray {
			return c.unwrapArray(it, v, found, false)
		}
		if v.Kind != types.JSONObject {
			return c.fail(errSQLJSONObjectNotFound, "jsonpath item method .%s() can only be applied to an object", "keyvalue")
		}
		// The id of the pairs is the object's byte offset in its base's
		// binary jsonb form plus 10^10 times the base's number.
		if c.base == nil {
			return jpError, jpUnsupported("jsonpath item method .keyvalue() is not supported here")
		}
		off, ok := jsonbOffset(c.base, v)
		if !ok {
			return jpError, jpUnsupported("jsonpath item method .keyvalue() is not supported here")
		}
		id := off + c.baseID*10000000000
		res := jpNotFound
		for _, p := range v.Pairs {
			obj := types.NewJSONObject([]types.JSONPair{
				{Key: "key", Value: types.NewJSONString(p.Key)},
				{Key: "value", Value: p.Value},
				{Key: "id", Value: types.NewJSONNumeric(types.NumericFromInt64(id))},
			})
			gen := c.lastGen
			c.lastGen++
			r, err := c.withBase(obj, gen, func() (jpRes, error) { return c.next(it, obj, found) })
			if err != nil || r == jpError {
				return r, err
			}
			if r == jpOK {
				res = jpOK
				if found == nil {
					return jpOK, nil
				}
			}
		}
		return res, nil
	}
	return jpError, jpUnsupported("jsonpath item is not supported")
}

// indexArray evaluates [subscript, from to to, ...].
func (c *jpCtx) indexArray(it *types.JPItem, v *types.JSONValue, found *jpList) (jpRes, error) {
	if v.Kind != types.JSONArray && !c.lax {
		if !c.ignoreStructural {
			return c.fail(errSQLJSONArrayNotFound, "jsonpath array accessor can only be applied to an array")
		}
		return jpNotFound, nil
	}
	savedSize := c.innermostSize
	defer func() { c.innermostSize = savedSize }()
	singleton := v.Kind != types.JSONArray
	size := len(v.Elems)
	if singleton {
		size = 1
	}
	c.innermostSize = size
	res := jpNotFound
	for _, sub := range it.Subs {
		from, r, err := c.arrayIndex(sub[0], v)
		if err != nil || r == jpError {
			return r, err
		}
		to := from
		if sub[1] != nil {
			if to, r, err = c.arrayIndex(sub[1], v); err != nil || r == jpError {
				return r, err
			}
		}
		if !c.ignoreStructural && (from < 0 || from > to || to >= int64(size)) {
			return c.fail(errInvalidSQLJSONSubscript, "jsonpath array subscript is out of bounds")
		}
		if from < 0 {
			from = 0
		}
		if to >= int64(size) {
			to = int64(size) - 1
		}
		for i := from; i <= to; i++ {
			e := v
			if !singleton {
				e = v.Elems[i]
			}
			if it.Next == nil && found == nil {
				return jpOK, nil
			}
			r, err := c.next(it, e, found)
			if err != nil || r == jpError {
				return r, err
			}
			if r == jpOK {
				res = jpOK
				if found == nil {
					return jpOK, nil
				}
			}
		}
	}
	return res, nil
}

// arrayIndex evaluates a subscript to an int4.
func (c *jpCtx) arrayIndex(it *types.JPItem, v *types.JSONValue) (int64, jpRes, error) {
	var seq jpList
	r, err := c.exec(it, v, &seq, c.lax)
	if err != nil || r == jpError {
		return 0, r, err
	}
	if len(seq) != 1 || seq[0].Kind != types.JSONNumeric {
		r, err := c.fail(errInvalidSQLJSONSubscript, "jsonpath array subscript is not a single numeric value")
		return 0, r, err
	}
	n, err := types.NumericTrunc(seq[0].Num, 0)
	var i int64
	ok := err == nil
	if ok {
		i, ok = n.Int64Round()
	}
	if !ok || i < math.MinInt32 || i > math.MaxInt32 {
		r, err := c.fail(errInvalidSQLJSONSubscript, "jsonpath array subscript is out of integer range")
		return 0, r, err
	}
	return i, jpOK, nil
}

func (c *jpCtx) binaryArith(it *types.JPItem, v *types.JSONValue, found *jpList) (jpRes, error) {
	var lseq, rseq jpList
	if r, err := c.execUnwrapResult(it.Left, v, true, &lseq); err != nil || r == jpError {
		return r, err
	}
	if r, err := c.execUnwrapResult(it.Right, v, true, &rseq); err != nil || r == jpError {
		return r, err
	}
	op := types.JPOperatorName(it.Kind)
	if len(lseq) != 1 || lseq[0].Kind != types.JSONNumeric {
		return c.fail(errSingletonSQLJSONItemRequired, "left operand of jsonpath operator %s is not a single numeric value", op)
	}
	if len(rseq) != 1 || rseq[0].Kind != types.JSONNumeric {
		return c.fail(errSingletonSQLJSONItemRequired, "right operand of jsonpath operator %s is not a single numeric value", op)
	}
	a, b := lseq[0].Num, rseq[0].Num
	var n types.Numeric
	var err error
	switch it.Kind {
	case types.JPAdd:
		n, err = types.NumericAdd(a, b)
	case types.JPSub:
		n, err = types.NumericSub(a, b)
	case types.JPMul:
		n, err = types.NumericMul(a, b)
	case types.JPDiv:
		n, err = types.NumericDiv(a, b)
	default:
		n, err = types.NumericMod(a, b)
	}
	if err != nil {
		if c.throw {
			return jpError, err
		}
		return jpError, nil
	}
	if it.Next == nil && found == nil {
		return jpOK, nil
	}
	return c.next(it, types.NewJSONNumeric(n), found)
}

func (c *jpCtx) unaryArith(it *types.JPItem, v *types.JSONValue, found *jpList) (jpRes, error) {
	var seq jpList
	if r, err := c.execUnwrapResult(it.Left, v, true, &seq); err != nil || r == jpError {
		return r, err
	}
	res := jpNotFound
	for _, e := range seq {
		if e.Kind != types.JSONNumeric {
			if found == nil && it.Next == nil {
				continue
			}
			return c.fail(errSQLJSONNumberNotFound, "operand of unary jsonpath operator %s is not a numeric value", types.JPOperatorName(it.Kind))
		}
		if found == nil && it.Next == nil {
			return jpOK, nil
		}
		val := e
		if it.Kind == types.JPMinus {
			val = types.NewJSONNumeric(types.NumericNeg(e.Num))
		}
		r, err := c.next(it, val, found)
		if err != nil || r == jpError {
			return r, err
		}
		if r == jpOK {
			if found == nil {
				return jpOK, nil
			}
			res = jpOK
		}
	}
	return res, nil
}

// boolItem evaluates a predicate.
func (c *jpCtx) boolItem(it *types.JPItem, v *types.JSONValue) (jpBool, error) {
	switch it.Kind {
	case types.JPAnd:
		l, err := c.boolItem(it.Left, v)
		if err != nil || l == jpFalse {
			return jpFalse, err
		}
		r, err := c.boolItem(it.Right, v)
		if err != nil {
			return jpFalse, err
		}
		if r == jpTrue {
			return l, nil
		}
		return r, nil
	case types.JPOr:
		l, err := c.boolItem(it.Left, v)
		if err != nil || l == jpTrue {
			return jpTrue, err
		}
		r, err := c.boolItem(it.Right, v)
		if err != nil {
			return jpFalse, err
		}
		if r == jpFalse {
			return l, nil
		}
		return r, nil
	case types.JPNot:
		r, err := c.boolItem(it.Left, v)
		switch r {
		case jpTrue:
			return jpFalse, err
		case jpFalse:
			return jpTrue, err
		}
		return jpUnknown, err
	case types.JPIsUnknown:
		r, err := c.boolItem(it.Left, v)
		if r == jpUnknown {
			return jpTrue, err
		}
		return jpFalse, err
	case types.JPEqual, types.JPNotEqual, types.JPLess, types.JPGreater, types.JPLessOrEqual, types.JPGreaterOrEqual:
		return c.predicate(it.Left, it.Right, v, true, func(a, b *types.JSONValue) (jpBool, error) {
			return jpCompare(it.Kind, a, b), nil
		})
	case types.JPStartsWith:
		return c.predicate(it.Left, it.Right, v, false, func(a, b *types.JSONValue) (jpBool, error) {
			if a.Kind != types.JSONString || b.Kind != types.JSONString {
				return jpUnknown, nil
			}
			if strings.HasPrefix(a.Str, b.Str) {
				return jpTrue, nil
			}
			return jpFalse, nil
		})
	case types.JPLikeRegex:
		re, err := compileRegex(it.Str, jpRegexFlags(it.Flags))
		if err != nil {
			return jpFalse, err
		}
		return c.predicate(it.Left, nil, v, false, func(a, _ *types.JSONValue) (jpBool, error) {
			if a.Kind != types.JSONString {
				return jpUnknown, nil
			}
			if re.main.MatchString(a.Str) {
				return jpTrue, nil
			}
			return jpFalse, nil
		})
	case types.JPExists:
		if !c.lax {
			var vals jpList
			r, err := c.execUnwrapResultNoThrow(it.Left, v, false, &vals)
			if err != nil {
				return jpFalse, err
			}
			if r == jpError {
				return jpUnknown, nil
			}
			if len(vals) == 0 {
				return jpFalse, nil
			}
			return jpTrue, nil
		}
		r, err := c.execUnwrapResultNoThrow(it.Left, v, false, nil)
		if err != nil {
			return jpFalse, err
		}
		switch r {
		case jpError:
			return jpUnknown, nil
		case jpOK:
			return jpTrue, nil
		}
		return jpFalse, nil
	}
	return jpFalse, jpUnsupported("jsonpath predicate is not supported")
}

// predicate evaluates a comparison-like predicate over every pair of left
// and right values: in lax mode true as soon as one pair is, in strict
// mode unknown as soon as one pair is.
func (c *jpCtx) predicate(left, right *types.JPItem, v *types.JSONValue, unwrapRight bool, f func(a, b *types.JSONValue) (jpBool, error)) (jpBool, error) {
	var lseq, rseq jpList
	r, err := c.execUnwrapResultNoThrow(left, v, true, &lseq)
	if err != nil {
		return jpFalse, err
	}
	if r == jpError {
		return jpUnknown, nil
	}
	if right != nil {
		r, err := c.execUnwrapResultNoThrow(right, v, unwrapRight, &rseq)
		if err != nil {
			return jpFalse, err
		}
		if r == jpError {
			return jpUnknown, nil
		}
	}
	sawErr, sawTrue := false, false
	for _, a := range lseq {
		n := len(rseq)
		if right == nil {
			n = 1
		}
		for i := 0; i < n; i++ {
			var b *types.JSONValue
			if right != nil {
				b = rseq[i]
			}
			res, err := f(a, b)
			if err != nil {
				return jpFalse, err
			}
			switch res {
			case jpUnknown:
				if !c.lax {
					return jpUnknown, nil
				}
				sawErr = true
			case jpTrue:
				if c.lax {
					return jpTrue, nil
				}
				sawTrue = true
			}
		}
	}
	if sawTrue {
		return jpTrue, nil
	}
	if sawErr {
		return jpUnknown, nil
	}
	return jpFalse, nil
}

// jpCompare compares two scalar items; different types are unknown except
// that null equals only null, and containers never compare.
func jpCompare(op types.JPKind, a, b *types.JSONValue) jpBool {
	if a.Kind != b.Kind {
		if a.Kind == types.JSONNull || b.Kind == types.JSONNull {
			if op == types.JPNotEqual {
				return jpTrue
			}
			return jpFalse
		}
		return jpUnknown
	}
	var cmp int
	switch a.Kind {
	case types.JSONNull:
		cmp = 0
	case types.JSONBool:
		switch {
		case a.Bool == b.Bool:
			cmp = 0
		case a.Bool:
			cmp = 1
		default:
			cmp = -1
		}
	case types.JSONNumeric:
		cmp = types.NumericCmp(a.Num, b.Num)
	case types.JSONString:
		// UTF-8 bytewise order is code point order, as PostgreSQL
		// compares jsonpath strings.
		cmp = strings.Compare(a.Str, b.Str)
	default:
		return jpUnknown
	}
	var r bool
	switch op {
	case types.JPEqual:
		r = cmp == 0
	case types.JPNotEqual:
		r = cmp != 0
	case types.JPLess:
		r = cmp < 0
	case types.JPGreater:
		r = cmp > 0
	case types.JPLessOrEqual:
		r = cmp <= 0
	default:
		r = cmp >= 0
	}
	if r {
		return jpTrue
	}
	return jpFalse
}

// jpRegexFlags maps like_regex flags to the regex engine's: "." stops at
// newlines unless s, ^ and $ match at newlines with m, q quotes the
// pattern.
func jpRegexFlags(flags string) reFlags {
	f := reFlags{flavor: 'a'}
	f.icase = strings.ContainsRune(flags, 'i')
	if strings.ContainsRune(flags, 'q') {
		f.quote = true
		return f
	}
	f.nlStop = !strings.ContainsRune(flags, 's')
	f.nlAnch = strings.ContainsRune(flags, 'm')
	return f
}

// runJsonPath is executeJsonPath: it evaluates path over target, with
// found nil only testing for a result.
func runJsonPath(path, target, vars types.Datum, throw bool, found *jpList) (jpRes, error) {
	jp, err := types.ParseJsonPathDatum(path.(string))
	if err != nil {
		return jpError, err
	}
	root, err := jsonbArg(target)
	if err != nil {
		return jpError, err
	}
	var vv *types.JSONValue
	if vars != nil {
		if vv, err = jsonbArg(vars); err != nil {
			return jpError, err
		}
		if vv.Kind != types.JSONObject {
			return jpError, pgerror.New(pgerror.InvalidParameterValue, "\"vars\" argument is not an object").
				WithDetail("Jsonpath parameters should be encoded as key-value pairs of \"vars\" object.")
		}
	}
	c := &jpCtx{root: root, current: root, vars: vv, lax: jp.Lax, ignoreStructural: jp.Lax, throw: throw, innermostSize: -1, lastGen: 1}
	if vv != nil {
		// Number 1 is the variables'.
		c.lastGen = 2
	}
	if !jp.Lax && found == nil {
		var vals jpList
		r, err := c.exec(jp.Root, root, &vals, c.lax)
		if err != nil || r == jpError {
			return r, err
		}
		if len(vals) == 0 {
			return jpNotFound, nil
		}
		return jpOK, nil
	}
	return c.exec(jp.Root, root, found, c.lax)
}

func jpPathExists(a []types.Datum, silent bool) (types.Datum, error) {
	r, err := runJsonPath(a[1], a[0], a[2], !silent, nil)
	if err != nil {
		return nil, err
	}
	if r == jpError {
		return nil, nil
	}
	return r == jpOK, nil
}

func jpPathMatch(a []types.Datum, silent bool) (types.Datum, error) {
	var found jpList
	if _, err := runJsonPath(a[1], a[0], a[2], !silent, &found); err != nil {
		return nil, err
	}
	if len(found) == 1 {
		switch found[0].Kind {
		case types.JSONBool:
			return found[0].Bool, nil
		case types.JSONNull:
			return nil, nil
		}
	}
	if !silent {
		return nil, pgerror.New(errSingletonSQLJSONItemRequired, "single boolean result is expected")
	}
	return nil, nil
}

func jpPathQuery(a []types.Datum) (jpList, error) {
	var found jpList
	_, err := runJsonPath(a[1], a[0], a[2], !a[3].(bool), &found)
	return found, err
}

func init() {
	types.JsonPathRegexCheck = func(pattern, flags string) error {
		_, err := compileRegex(pattern, jpRegexFlags(flags))
		return err
	}
	jb, jp, b := types.JsonbOid, types.JsonpathOid, types.BoolOid
	args := []types.Oid{jb, jp, jb, b}
	names := []string{"target", "path", "vars", "silent"}
	defaults := []types.Datum{"{}", false}
	for _, suffix := range []string{"", "_tz"} {
		vol := byte(Immutable)
		if suffix != "" {
			vol = Stable
		}
		reg := func(name string, result types.Oid, impl Impl, srf *SetFunc) {
			register(&Func{Name: name + suffix, Args: args, Result: result, Strict: true, Volatile: vol,
				ArgNames: names, Defaults: defaults, Impl: impl, SRF: srf})
		}
		reg("jsonb_path_exists", b, func(a []types.Datum) (types.Datum, error) {
			return jpPathExists(a, a[3].(bool))
		}, nil)
		reg("jsonb_path_match", b, func(a []types.Datum) (types.Datum, error) {
			return jpPathMatch(a, a[3].(bool))
		}, nil)
		reg("jsonb_path_query", jb, nil, &SetFunc{
			Start: func(a []types.Datum) (SetIter, error) {
				found, err := jpPathQuery(a)
				if err != nil {
					return nil, err
				}
				rows := make([]types.Datum, len(found))
				for i, v := range found {
					rows[i] = types.JsonbText(v)
				}
				return &datumIter{elems: rows}, nil
			},
		})
		reg("jsonb_path_query_array", jb, func(a []types.Datum) (types.Datum, error) {
			found, err := jpPathQuery(a)
			if err != nil {
				return nil, err
			}
			if found == nil {
				found = jpList{}
			}
			return types.JsonbText(types.NewJSONArray(found)), nil
		}, nil)
		reg("jsonb_path_query_first", jb, func(a []types.Datum) (types.Datum, error) {
			found, err := jpPathQuery(a)
			if err != nil || len(found) == 0 {
				return nil, err
			}
			return types.JsonbText(found[0]), nil
		}, nil)
	}
	registerOp("@?", jb, jp, b, "jsonb_path_exists_opr", func(a []types.Datum) (types.Datum, error) {
		return jpPathExists([]types.Datum{a[0], a[1], nil}, true)
	})
	registerOp("@@", jb, jp, b, "jsonb_path_match_opr", func(a []types.Datum) (types.Datum, error) {
		return jpPathMatch([]types.Datum{a[0], a[1], nil}, true)
	})
}
