// This file holds the overflow-checked integer arithmetic of the int2, int4
// and int8 operators and the integer range checks of casts (PG:
// utils/adt/int.c, int8.c).

package types

import (
	"math"

	"github.com/loomdb/loomdb/internal/pgerror"
)

// ErrIntOutOfRange returns the 22003 error for a result that does not fit
// integer type t: "smallint out of range", "integer out of range" or
// "bigint out of range".
func ErrIntOutOfRange(t Oid) error {
	return pgerror.Newf(pgerror.NumericValueOutOfRange, "%s out of range", intTypeName(t))
}

// CheckIntRange returns v unchanged when it fits integer type t (int2,
// int4 or int8), else the type's out-of-range error.
func CheckIntRange(v int64, t Oid) (int64, error) {
	lo, hi := intRange(t)
	if v < lo || v > hi {
		return 0, ErrIntOutOfRange(t)
	}
	return v, nil
}

// IntAdd returns a + b for operands and result of integer type t.
func IntAdd(a, b int64, t Oid) (int64, error) {
	r, ok := add64(a, b)
	if !ok {
		return 0, ErrIntOutOfRange(t)
	}
	return CheckIntRange(r, t)
}

// IntSub returns a - b for integer type t.
func IntSub(a, b int64, t Oid) (int64, error) {
	r, ok := sub64(a, b)
	if !ok {
		return 0, ErrIntOutOfRange(t)
	}
	return CheckIntRange(r, t)
}

// IntMul returns a × b for integer type t.
func IntMul(a, b int64, t Oid) (int64, error) {
	r, ok := mul64(a, b)
	if !ok {
		return 0, ErrIntOutOfRange(t)
	}
	return CheckIntRange(r, t)
}

// IntDiv returns a / b truncated toward zero for integer type t: b = 0 is
// "division by zero" and the most negative value divided by -1 is out of
// range.
func IntDiv(a, b int64, t Oid) (int64, error) {
	if b == 0 {
		return 0, errDivisionByZero()
	}
	if b == -1 {
		return IntNeg(a, t)
	}
	return CheckIntRange(a/b, t)
}

// IntMod returns a % b with the sign of a, as C's % (the most negative
// value % -1 is 0); b = 0 is "division by zero".
func IntMod(a, b int64, t Oid) (int64, error) {
	if b == 0 {
		return 0, errDivisionByZero()
	}
	if b == -1 {
		return 0, nil
	}
	return a % b, nil
}

// IntNeg returns -a for integer type t.
func IntNeg(a int64, t Oid) (int64, error) {
	if a == math.MinInt64 {
		return 0, ErrIntOutOfRange(t)
	}
	return CheckIntRange(-a, t)
}

// IntAbs returns |a| for integer type t.
func IntAbs(a int64, t Oid) (int64, error) {
	if a < 0 {
		return IntNeg(a, t)
	}
	return a, nil
}

// FloatToInt converts a float to integer type t as ftoi4/dtoi8 etc. do:
// rounding half to even (rint) and failing with the type's out-of-range
// error for NaN, infinities and values beyond the range.
func FloatToInt(f float64, t Oid) (int64, error) {
	f = math.RoundToEven(f)
	if math.IsNaN(f) {
		return 0, ErrIntOutOfRange(t)
	}
	lo, _ := intRange(t)
	// The bounds -2^15, -2^31, -2^63 and their negations are exact floats.
	if f < float64(lo) || f >= -float64(lo) {
		return 0, ErrIntOutOfRange(t)
	}
	return int64(f), nil
}

// NumericToInt converts a numeric to integer type t as numeric_int2/4/8 do:
// rounding half away from zero, with "cannot convert NaN to integer"
// (0A000), "cannot convert infinity to integer" and out-of-range errors.
func NumericToInt(n Numeric, t Oid) (int64, error) {
	n = n.canon()
	switch n.Form {
	case NumericNaN:
		return 0, pgerror.Newf(pgerror.FeatureNotSupported, "cannot convert NaN to %s", intTypeName(t))
	case NumericPosInf, NumericNegInf:
		return 0, pgerror.Newf(pgerror.FeatureNotSupported, "cannot convert infinity to %s", intTypeName(t))
	}
	v, ok := n.Int64Round()
	if !ok {
		return 0, ErrIntOutOfRange(t)
	}
	return CheckIntRange(v, t)
}
