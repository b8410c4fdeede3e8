// execgrouping.go holds what the hashing, grouping and joining nodes share
// (PG: execGrouping.c, tuplestore.c): hashing and comparing key values held
// in vectors, and rowStore, an in-memory columnar store of copied rows.
//
// Key equality follows the types package: two non-NULL values are equal
// when types.Compare says so (1.5 = 1.50, NaN = NaN, 'a ' = 'a' for
// character(n)), and equal values hash equal. Joins never match NULL keys;
// grouping treats NULLs as equal to each other (IS NOT DISTINCT FROM).
// Everything here belongs to one participant and is not safe for
// concurrent use.

package executor

import (
	"math/bits"

	"github.com/loomdb/loomdb/internal/types"
	"github.com/loomdb/loomdb/internal/vector"
)

// nullKeyHash is the hash grouping gives a NULL key value.
const nullKeyHash = 0x2545F4914F6CDD1D

// hashValueAt returns the hash of the non-NULL value at row r of v; it
// equals types.Hash(v.Type, v.Get(r)) without boxing the value.
func hashValueAt(v *vector.Vector, r int) uint64 {
	switch v.Class {
	case types.ClassInt:
		return types.HashInt64(v.Ints[r])
	case types.ClassBool:
		if v.Bools[r] {
			return types.HashInt64(1)
		}
		return types.HashInt64(0)
	case types.ClassFloat:
		return types.HashFloat64(v.Floats[r])
	case types.ClassNumeric:
		return types.HashNumeric(v.Nums[r])
	case types.ClassInterval:
		return types.HashInterval(v.Anys[r].(types.Interval))
	case types.ClassArray, types.ClassRecord:
		return types.Hash(v.Type, v.Anys[r])
	default:
		s := v.Strs[r]
		switch v.Type.Oid {
		case types.BpcharOid:
			s = types.BpcharTrim(s)
		case types.JsonbOid:
			return types.HashJsonb(s)
		}
		return types.HashString(s)
	}
}

// combineHash mixes the hash of the next key column into h.
func combineHash(h, k uint64) uint64 { return bits.RotateLeft64(h, 1) ^ k }

// valuesEqual reports whether the non-NULL values at row i of a and row j
// of b are equal; a and b have the same type.
func valuesEqual(a *vector.Vector, i int, b *vector.Vector, j int) bool {
	switch a.Class {
	case types.ClassInt:
		return a.Ints[i] == b.Ints[j]
	case types.ClassBool:
		return a.Bools[i] == b.Bools[j]
	case types.ClassFloat:
		return types.FloatCmp(a.Floats[i], b.Floats[j]) == 0
	case types.ClassNumeric:
		return types.NumericCmp(a.Nums[i], b.Nums[j]) == 0
	case types.ClassInterval:
		return types.IntervalCmp(a.Anys[i].(types.Interval), b.Anys[j].(types.Interval)) == 0
	case types.ClassArray, types.ClassRecord:
		return types.Compare(a.Type, a.Anys[i], b.Anys[j]) == 0
	default:
		switch a.Type.Oid {
		case types.BpcharOid:
			return types.BpcharTrim(a.Strs[i]) == types.BpcharTrim(b.Strs[j])
		case types.JsonbOid:
			return types.CompareJsonb(a.Strs[i], b.Strs[j]) == 0
		}
		return a.Strs[i] == b.Strs[j]
	}
}

// notDistinct reports whether row i of a and row j of b hold the same
// value, counting two NULLs as the same (grouping equality).
func notDistinct(a *vector.Vector, i int, b *vector.Vector, j int) bool {
	na, nb := a.Nulls[i], b.Nulls[j]
	if na || nb {
		return na && nb
	}
	return valuesEqual(a, i, b, j)
}

// joinKeyHashes computes, for each row in rows (physical indexes), the
// combined hash of the key vectors into hashes[k] for the k-th row, and
// sets hasNull[k] when any key is NULL (such a row never matches in a join).
func joinKeyHashes(keys []*vector.Vector, rows []int, hashes []uint64, hasNull []bool) {
	for k := range rows {
		hashes[k] = 0
		hasNull[k] = false
	}
	for _, v := range keys {
		for k, r := range rows {
			if v.Nulls[r] {
				hasNull[k] = true
				continue
			}
			hashes[k] = combineHash(hashes[k], hashValueAt(v, r))
		}
	}
}

// groupKeyHashes is joinKeyHashes for grouping: NULL keys hash to a
// constant instead of being flagged.
func groupKeyHashes(keys []*vector.Vector, rows []int, hashes []uint64) {
	for k := range rows {
		hashes[k] = 0
	}
	for _, v := range keys {
		for k, r := range rows {
			h := uint64(nullKeyHash)
			if !v.Nulls[r] {
				h = hashValueAt(v, r)
			}
			hashes[k] = combineHash(hashes[k], h)
		}
	}
}

// liveRows returns the physical indexes of b's live rows, using buf.
func liveRows(b *vector.Batch, buf *[]int) []int {
	if b.Sel != nil {
		return b.Sel
	}
	if cap(*buf) < b.N {
		*buf = make([]int, b.N, max(b.N, vector.BatchSize))
	}
	s := (*buf)[:b.N]
	for i := range s {
		s[i] = i
	}
	return s
}

// appendValue copies row r of src (nil: a NULL) to the end of dst.
func appendValue(dst, src *vector.Vector, r int) {
	if src == nil {
		dst.Append(nil)
		return
	}
	dst.AppendFrom(src, r)
}

// valueBytes estimates the memory one value of v at row r occupies, for
// work_mem accounting.
func valueBytes(v *vector.Vector, r int) int64 {
	switch v.Class {
	case types.ClassString:
		return 16 + int64(len(v.Strs[r]))
	case types.ClassNumeric:
		if v.Nums[r].Big != nil {
			return 64
		}
		return 24
	case types.ClassInterval:
		return 32
	case types.ClassArray:
		if a, ok := v.Anys[r].(types.Array); ok {
			return 64 + 16*int64(len(a.Elems))
		}
	case types.ClassRecord:
		if rec, ok := v.Anys[r].(types.Record); ok {
			return 64 + 24*int64(len(rec.Values))
		}
	}
	return 8
}

// valuesBytes sums valueBytes over the rows of v from row from on.
func valuesBytes(v *vector.Vector, from int) int64 {
	var sum int64
	for r := from; r < v.Len(); r++ {
		sum += valueBytes(v, r)
	}
	return sum
}

// rowStore keeps copies of rows column-wise, in arrival order.
type rowStore struct {
	cols []*vector.Vector
	n    int
	// bytes estimates the memory the stored rows take.
	bytes int64
}

func newRowStore(ts []types.T) *rowStore {
	s := &rowStore{cols: make([]*vector.Vector, len(ts))}
	for i, t := range ts {
		s.cols[i] = vector.New(t, 0)
	}
	return s
}

// appendRow copies row r of the columns src (a nil column reads as NULL).
func (s *rowStore) appendRow(src []*vector.Vector, r int) {
	for c, v := range s.cols {
		var sv *vector.Vector
		if c < len(src) {
			sv = src[c]
		}
		appendValue(v, sv, r)
		s.bytes += valueBytes(v, v.Len()-1)
	}
	s.bytes += 8
	s.n++
}

// appendBatch copies the live rows of b.
func (s *rowStore) appendBatch(b *vector.Batch) {
	for i := 0; i < b.Len(); i++ {
		s.appendRow(b.Cols, b.Row(i))
	}
}

// reset empties the store, keeping its storage.
func (s *rowStore) reset() {
	for _, v := range s.cols {
		v.Reset()
	}
	s.n = 0
	s.bytes = 0
}

// release drops the stored rows' memory.
func (s *rowStore) release() {
	for i, v := range s.cols {
		s.cols[i] = vector.New(v.Type, 0)
	}
	s.n = 0
	s.bytes = 0
}

// copyRows fills out (reset first) with stored rows from..to-1.
func (s *rowStore) copyRows(out *vector.Batch, from, to int) {
	out.Reset()
	for c, v := range out.Cols {
		src := s.cols[c]
		for r := from; r < to; r++ {
			v.AppendFrom(src, r)
		}
	}
	out.N = to - from
}

// workMemBytes returns work_mem in bytes (4MB when unset).
func (es *EState) workMemBytes() int64 {
	if es.WorkMemKB <= 0 {
		return 4096 * 1024
	}
	return es.WorkMemKB * 1024
}

// hashMemMultiplier is hash_mem_multiplier's default. EState does not
// carry the setting yet, so hash tables use the default.
const hashMemMultiplier = 2.0

// hashMemBytes returns the memory a hash table may use: work_mem times
// hash_mem_multiplier (PG: get_hash_memory_limit).
func (es *EState) hashMemBytes() int64 {
	return int64(float64(es.workMemBytes()) * hashMemMultiplier)
}
