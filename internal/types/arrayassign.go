// arrayassign.go assigns to array elements and slices, as UPDATE ... SET
// a[i] = x and a[i:j] = y do (PG: arrayfuncs.c array_set_element and
// array_set_slice).

package types

import (
	"math"

	"github.com/loomdb/loomdb/internal/pgerror"
)

// maxArrayIndex bounds subscripts so that sizes stay within int32, as
// PostgreSQL's overflow checks do.
const maxArrayIndex = math.MaxInt32

// ArraySetElement returns a (or, when a is NULL or empty, a new array of
// elem) with element subs set to v. A one-dimensional array grows to take
// a subscript outside it, the gap filled with NULLs; a multidimensional
// one does not.
func ArraySetElement(a *Array, elem T, subs []Datum, v Datum) (Array, error) {
	idx, ok := subscriptValues(subs)
	if !ok {
		return Array{}, pgerror.New(pgerror.NullValueNotAllowed, "array subscript in assignment must not be null")
	}
	for _, s := range idx {
		if s < math.MinInt32 || s > maxArrayIndex {
			return Array{}, pgerror.New(pgerror.ProgramLimitExceeded, "array size exceeds the maximum allowed (134217727)")
		}
	}
	if a == nil || len(a.Dims) == 0 {
		out := Array{Elem: elem, Dims: make([]int32, len(idx)), Lbounds: make([]int32, len(idx)), Elems: []Datum{v}}
		for i, s := range idx {
			out.Dims[i], out.Lbounds[i] = 1, int32(s)
		}
		out.NullBitmap = v == nil
		return out, nil
	}
	if len(idx) != len(a.Dims) {
		return Array{}, pgerror.New(pgerror.ArraySubscriptError, "wrong number of array subscripts")
	}
	out := Array{Elem: a.Elem, Dims: append([]int32(nil), a.Dims...), Lbounds: append([]int32(nil), a.Lbounds...), NullBitmap: a.NullBitmap || v == nil}
	if len(idx) == 1 {
		lb, ub := int64(a.Lbounds[0]), int64(a.Lbounds[0])+int64(a.Dims[0])-1
		newLb, newUb := min(lb, idx[0]), max(ub, idx[0])
		if newUb-newLb+1 > 134217727 {
			return Array{}, pgerror.New(pgerror.ProgramLimitExceeded, "array size exceeds the maximum allowed (134217727)")
		}
		out.Elems = make([]Datum, newUb-newLb+1)
		copy(out.Elems[lb-newLb:], a.Elems)
		out.Elems[idx[0]-newLb] = v
		out.Lbounds[0], out.Dims[0] = int32(newLb), int32(newUb-newLb+1)
		out.NullBitmap = hasNull(out.Elems)
		return out, nil
	}
	for i, s := range idx {
		if s < int64(a.Lbounds[i]) || s >= int64(a.Lbounds[i])+int64(a.Dims[i]) {
			return Array{}, pgerror.New(pgerror.ArraySubscriptError, "array subscript out of range")
		}
	}
	out.Elems = append([]Datum(nil), a.Elems...)
	out.Elems[arrayOffset(*a, idx)] = v
	out.NullBitmap = hasNull(out.Elems)
	return out, nil
}

// ArraySetSlice returns a (or, when a is NULL or empty, a new array) with
// the slice lower:upper replaced by the first elements of src. Bounds are
// int64 Datums or OmittedBound. A one-dimensional array grows to take the
// slice; multidimensional slices are not supported.
func ArraySetSlice(a *Array, elem T, lower, upper []Datum, src Array) (Array, error) {
	lo, hi, loGiven, hiGiven, ok := sliceBounds(lower, upper)
	if !ok {
		return Array{}, pgerror.New(pgerror.NullValueNotAllowed, "array subscript in assignment must not be null")
	}
	if len(lo) != 1 {
		return Array{}, pgerror.Unsupported("assigning to a slice of a multidimensional array is not supported yet")
	}
	if a == nil || len(a.Dims) == 0 {
		if !loGiven[0] || !hiGiven[0] {
			return Array{}, pgerror.New(pgerror.ArraySubscriptError, "array slice subscript must provide both boundaries").
				WithDetail("When assigning to a slice of an empty array value, slice boundaries must be fully specified.")
		}
		if hi[0] < lo[0] {
			return Array{}, pgerror.New(pgerror.ArraySubscriptError, "upper bound cannot be less than lower bound")
		}
		n := hi[0] - lo[0] + 1
		if int64(len(src.Elems)) < n {
			return Array{}, pgerror.New(pgerror.ArraySubscriptError, "source array too small")
		}
		out := Array{Elem: elem, Dims: []int32{int32(n)}, Lbounds: []int32{int32(lo[0])}, Elems: append([]Datum(nil), src.Elems[:n]...)}
		out.NullBitmap = hasNull(out.Elems)
		return out, nil
	}
	if len(a.Dims) != 1 {
		return Array{}, pgerror.New(pgerror.ArraySubscriptError, "wrong number of array subscripts")
	}
	lb, ub := int64(a.Lbounds[0]), int64(a.Lbounds[0])+int64(a.Dims[0])-1
	l, h := lb, ub
	if loGiven[0] {
		l = lo[0]
	}
	if hiGiven[0] {
		h = hi[0]
	}
	if h < l {
		return Array{}, pgerror.New(pgerror.ArraySubscriptError, "upper bound cannot be less than lower bound")
	}
	n := h - l + 1
	if int64(len(src.Elems)) < n {
		return Array{}, pgerror.New(pgerror.ArraySubscriptError, "source array too small")
	}
	newLb, newUb := min(lb, l), max(ub, h)
	if newUb-newLb+1 > 134217727 {
		return Array{}, pgerror.New(pgerror.ProgramLimitExceeded, "array size exceeds the maximum allowed (134217727)")
	}
	out := Array{Elem: a.Elem, Dims: []int32{int32(newUb - newLb + 1)}, Lbounds: []int32{int32(newLb)}}
	out.Elems = make([]Datum, newUb-newLb+1)
	copy(out.Elems[lb-newLb:], a.Elems)
	copy(out.Elems[l-newLb:], src.Elems[:n])
	out.NullBitmap = hasNull(out.Elems)
	return out, nil
}

func hasNull(elems []Datum) bool {
	for _, e := range elems {
		if e == nil {
			return true
		}
	}
	return false
}
