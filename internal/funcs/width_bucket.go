// width_bucket.go: width_bucket(operand, thresholds), the bucket of a
// value among sorted thresholds (PG: width_bucket_array in
// utils/adt/arrayfuncs.c). PostgreSQL declares it over anycompatible and
// anycompatiblearray; here it is registered for every array type.

package funcs

import (
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

// widthBucketArray returns how many thresholds are less than or equal to
// operand, found by binary search (the thresholds are taken to be
// sorted).
func widthBucketArray(elem types.T, operand types.Datum, thresholds types.Array) (types.Datum, error) {
	if thresholds.Ndim() > 1 {
		return nil, pgerror.New(pgerror.ArraySubscriptError, "thresholds must be one-dimensional array")
	}
	for _, e := range thresholds.Elems {
		if e == nil {
			return nil, pgerror.New(pgerror.NullValueNotAllowed, "thresholds array must not contain NULLs")
		}
	}
	if elem.Oid == types.JsonOid {
		// json has no ordering.
		return nil, pgerror.New(pgerror.UndefinedFunction, "could not identify a comparison function for type json")
	}
	left, right := 0, len(thresholds.Elems)
	for left < right {
		mid := (left + right) / 2
		if types.Compare(elem, operand, thresholds.Elems[mid]) < 0 {
			right = mid
		} else {
			left = mid + 1
		}
	}
	return int64(left), nil
}

func init() {
	for _, in := range arrayElemInfos() {
		elem := types.T{Oid: in.Oid, Typmod: -1}
		fn("width_bucket", []types.Oid{in.Oid, in.ArrayOid}, types.Int4Oid, func(a []types.Datum) (types.Datum, error) {
			return widthBucketArray(elem, a[0], a[1].(types.Array))
		})
	}
}
