// bytea_substr.go: substring and substr of bytea, SUBSTRING(b FROM s
// [FOR n]), and POSITION(sub IN b) (PG: bytea_substr and byteapos in
// utils/adt/varlena.c).

package funcs

import (
	"strings"

	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

// byteaSubstr returns the bytes from 1-based position start on, length of
// them when given (PG: bytea_substring): positions before the first byte
// count toward the length.
func byteaSubstr(s string, start int64, length int64, hasLength bool) (types.Datum, error) {
	end := int64(len(s)) + 1
	if hasLength {
		if length < 0 {
			return nil, pgerror.New(pgerror.SubstringError, "negative substring length not allowed")
		}
		end = min(start+length, end)
	}
	start = max(start, 1)
	if start >= end {
		return "", nil
	}
	return s[start-1 : end-1], nil
}

func init() {
	b, i4 := types.ByteaOid, types.Int4Oid
	for _, name := range []string{"substr", "substring"} {
		fn(name, []types.Oid{b, i4}, b, func(a []types.Datum) (types.Datum, error) {
			return byteaSubstr(a[0].(string), a[1].(int64), 0, false)
		})
		fn(name, []types.Oid{b, i4, i4}, b, func(a []types.Datum) (types.Datum, error) {
			return byteaSubstr(a[0].(string), a[1].(int64), a[2].(int64), true)
		})
	}
	// position(b, sub): the 1-based offset of the first sub in b, 0 when
	// there is none, 1 for an empty sub.
	fn("position", []types.Oid{b, b}, i4, func(a []types.Datum) (types.Datum, error) {
		return int64(strings.Index(a[0].(string), a[1].(string)) + 1), nil
	})
}
