// Package vector holds the executor's unit of data flow: a Batch of up to
// BatchSize rows stored as typed column Vectors with null flags and an
// optional selection vector. Batches, never single rows, cross goroutine
// boundaries. This is loomdb's departure from PostgreSQL's TupleTableSlot.
package vector

import (
	"cmp"
	"strings"

	"github.com/loomdb/loomdb/internal/types"
)

// BatchSize is the largest number of rows a Batch carries.
const BatchSize = 1024

// Vector is one column of a Batch. Exactly one payload slice is used,
// chosen by the type's Class; Nulls[i] marks row i NULL.
type Vector struct {
	Type   types.T
	Class  types.Class
	Nulls  []bool
	Ints   []int64
	Bools  []bool
	Floats []float64
	Strs   []string
	Nums   []types.Numeric
	// Anys holds ClassInternal values (aggregate transition states).
	Anys []any
}

// New returns an empty vector of type t with room for capacity rows.
func New(t types.T, capacity int) *Vector {
	v := &Vector{Type: t, Class: types.ClassOf(t.Oid)}
	v.Nulls = make([]bool, 0, capacity)
	switch v.Class {
	case types.ClassInt:
		v.Ints = make([]int64, 0, capacity)
	case types.ClassBool:
		v.Bools = make([]bool, 0, capacity)
	case types.ClassFloat:
		v.Floats = make([]float64, 0, capacity)
	case types.ClassNumeric:
		v.Nums = make([]types.Numeric, 0, capacity)
	case types.ClassInternal, types.ClassInterval, types.ClassArray, types.ClassRecord:
		v.Anys = make([]any, 0, capacity)
	default:
		v.Strs = make([]string, 0, capacity)
	}
	return v
}

// Len returns the number of rows in v.
func (v *Vector) Len() int { return len(v.Nulls) }

// Reset empties v, keeping its storage.
func (v *Vector) Reset() {
	v.Nulls = v.Nulls[:0]
	v.Ints = v.Ints[:0]
	v.Bools = v.Bools[:0]
	v.Floats = v.Floats[:0]
	v.Strs = v.Strs[:0]
	v.Nums = v.Nums[:0]
	clear(v.Anys)
	v.Anys = v.Anys[:0]
}

// Append adds d (a Datum of v's class, or nil for NULL) as the last row.
func (v *Vector) Append(d types.Datum) {
	null := d == nil
	v.Nulls = append(v.Nulls, null)
	switch v.Class {
	case types.ClassInt:
		var x int64
		if !null {
			x = d.(int64)
		}
		v.Ints = append(v.Ints, x)
	case types.ClassBool:
		var x bool
		if !null {
			x = d.(bool)
		}
		v.Bools = append(v.Bools, x)
	case types.ClassFloat:
		var x float64
		if !null {
			x = d.(float64)
		}
		v.Floats = append(v.Floats, x)
	case types.ClassNumeric:
		var x types.Numeric
		if !null {
			x = d.(types.Numeric)
		}
		v.Nums = append(v.Nums, x)
	case types.ClassInternal, types.ClassInterval, types.ClassArray, types.ClassRecord:
		v.Anys = append(v.Anys, d)
	default:
		var x string
		if !null {
			x = d.(string)
		}
		v.Strs = append(v.Strs, x)
	}
}

// AppendFrom adds row i of src (same class as v) as the last row of v.
func (v *Vector) AppendFrom(src *Vector, i int) {
	v.Nulls = append(v.Nulls, src.Nulls[i])
	switch v.Class {
	case types.ClassInt:
		v.Ints = append(v.Ints, src.Ints[i])
	case types.ClassBool:
		v.Bools = append(v.Bools, src.Bools[i])
	case types.ClassFloat:
		v.Floats = append(v.Floats, src.Floats[i])
	case types.ClassNumeric:
		v.Nums = append(v.Nums, src.Nums[i])
	case types.ClassInternal, types.ClassInterval, types.ClassArray, types.ClassRecord:
		v.Anys = append(v.Anys, src.Anys[i])
	default:
		v.Strs = append(v.Strs, src.Strs[i])
	}
}

// AppendRows appends rows sel of src (same class as v), or its first n
// rows when sel is nil; a nil src appends n NULLs.
func (v *Vector) AppendRows(src *Vector, sel []int, n int) {
	if src == nil {
		for range n {
			v.Append(nil)
		}
		return
	}
	if sel == nil {
		v.Nulls = append(v.Nulls, src.Nulls[:n]...)
		switch v.Class {
		case types.ClassInt:
			v.Ints = append(v.Ints, src.Ints[:n]...)
		case types.ClassBool:
			v.Bools = append(v.Bools, src.Bools[:n]...)
		case types.ClassFloat:
			v.Floats = append(v.Floats, src.Floats[:n]...)
		case types.ClassNumeric:
			v.Nums = append(v.Nums, src.Nums[:n]...)
		case types.ClassInternal, types.ClassInterval, types.ClassArray, types.ClassRecord:
			v.Anys = append(v.Anys, src.Anys[:n]...)
		default:
			v.Strs = append(v.Strs, src.Strs[:n]...)
		}
		return
	}
	for _, i := range sel {
		v.Nulls = append(v.Nulls, src.Nulls[i])
	}
	switch v.Class {
	case types.ClassInt:
		for _, i := range sel {
			v.Ints = append(v.Ints, src.Ints[i])
		}
	case types.ClassBool:
		for _, i := range sel {
			v.Bools = append(v.Bools, src.Bools[i])
		}
	case types.ClassFloat:
		for _, i := range sel {
			v.Floats = append(v.Floats, src.Floats[i])
		}
	case types.ClassNumeric:
		for _, i := range sel {
			v.Nums = append(v.Nums, src.Nums[i])
		}
	case types.ClassInternal, types.ClassInterval, types.ClassArray, types.ClassRecord:
		for _, i := range sel {
			v.Anys = append(v.Anys, src.Anys[i])
		}
	default:
		for _, i := range sel {
			v.Strs = append(v.Strs, src.Strs[i])
		}
	}
}

// SetFrom overwrites row i of v with row j of src (same class as v); a nil
// src sets row i NULL.
func (v *Vector) SetFrom(i int, src *Vector, j int) {
	if src == nil {
		v.Nulls[i] = true
		return
	}
	v.Nulls[i] = src.Nulls[j]
	switch v.Class {
	case types.ClassInt:
		v.Ints[i] = src.Ints[j]
	case types.ClassBool:
		v.Bools[i] = src.Bools[j]
	case types.ClassFloat:
		v.Floats[i] = src.Floats[j]
	case types.ClassNumeric:
		v.Nums[i] = src.Nums[j]
	case types.ClassInternal, types.ClassInterval, types.ClassArray, types.ClassRecord:
		v.Anys[i] = src.Anys[j]
	default:
		v.Strs[i] = src.Strs[j]
	}
}

// NewLen returns a vector of type t holding n NULLs, to be filled with
// SetFrom or CopyAt.
func NewLen(t types.T, n int) *Vector {
	v := New(t, n)
	v.Nulls = v.Nulls[:n]
	for i := range v.Nulls {
		v.Nulls[i] = true
	}
	switch v.Class {
	case types.ClassInt:
		v.Ints = v.Ints[:n]
	case types.ClassBool:
		v.Bools = v.Bools[:n]
	case types.ClassFloat:
		v.Floats = v.Floats[:n]
	case types.ClassNumeric:
		v.Nums = v.Nums[:n]
	case types.ClassInternal, types.ClassInterval, types.ClassArray, types.ClassRecord:
		v.Anys = v.Anys[:n]
	default:
		v.Strs = v.Strs[:n]
	}
	return v
}

// CopyAt overwrites rows off.. of v with all rows of src (same class as
// v). Goroutines may copy into disjoint ranges of one vector at once.
func (v *Vector) CopyAt(off int, src *Vector) {
	n := copy(v.Nulls[off:], src.Nulls)
	switch v.Class {
	case types.ClassInt:
		copy(v.Ints[off:off+n], src.Ints)
	case types.ClassBool:
		copy(v.Bools[off:off+n], src.Bools)
	case types.ClassFloat:
		copy(v.Floats[off:off+n], src.Floats)
	case types.ClassNumeric:
		copy(v.Nums[off:off+n], src.Nums)
	case types.ClassInternal, types.ClassInterval, types.ClassArray, types.ClassRecord:
		copy(v.Anys[off:off+n], src.Anys)
	default:
		copy(v.Strs[off:off+n], src.Strs)
	}
}

// CompareAt orders the non-NULL values at row i of a and row j of b, both
// of type t, as types.Compare does, without boxing them.
func CompareAt(t types.T, a *Vector, i int, b *Vector, j int) int {
	switch a.Class {
	case types.ClassInt:
		return cmp.Compare(a.Ints[i], b.Ints[j])
	case types.ClassFloat:
		return types.FloatCmp(a.Floats[i], b.Floats[j])
	case types.ClassNumeric:
		return types.NumericCmp(a.Nums[i], b.Nums[j])
	case types.ClassBool:
		x, y := a.Bools[i], b.Bools[j]
		switch {
		case x == y:
			return 0
		case !x:
			return -1
		}
		return 1
	case types.ClassInterval:
		return types.IntervalCmp(a.Anys[i].(types.Interval), b.Anys[j].(types.Interval))
	case types.ClassArray, types.ClassRecord:
		return types.Compare(t, a.Anys[i], b.Anys[j])
	}
	switch t.Oid {
	case types.BpcharOid:
		return strings.Compare(types.BpcharTrim(a.Strs[i]), types.BpcharTrim(b.Strs[j]))
	case types.JsonbOid:
		return types.CompareJsonb(a.Strs[i], b.Strs[j])
	}
	return strings.Compare(a.Strs[i], b.Strs[j])
}

// Get returns row i as a Datum (nil when NULL).
func (v *Vector) Get(i int) types.Datum {
	if v.Nulls[i] {
		return nil
	}
	switch v.Class {
	case types.ClassInt:
		return v.Ints[i]
	case types.ClassBool:
		return v.Bools[i]
	case types.ClassFloat:
		return v.Floats[i]
	case types.ClassNumeric:
		return v.Nums[i]
	case types.ClassInternal, types.ClassInterval, types.ClassArray, types.ClassRecord:
		return v.Anys[i]
	default:
		return v.Strs[i]
	}
}

// Batch is a set of rows stored column-wise. When Sel is non-nil only the rows
// it lists (ascending physical indexes) are live; otherwise rows 0..Len()-1 are.
type Batch struct {
	Cols []*Vector
	// N is the number of physical rows in every column.
	N   int
	Sel []int
}

// NewBatch returns an empty batch with one vector per type.
func NewBatch(ts []types.T, capacity int) *Batch {
	b := &Batch{Cols: make([]*Vector, len(ts))}
	for i, t := range ts {
		b.Cols[i] = New(t, capacity)
	}
	return b
}

// Reset empties b, keeping its storage.
func (b *Batch) Reset() {
	for _, c := range b.Cols {
		c.Reset()
	}
	b.N = 0
	b.Sel = nil
}

// Len returns the number of live rows.
func (b *Batch) Len() int {
	if b.Sel != nil {
		return len(b.Sel)
	}
	return b.N
}

// Row returns the physical index of the i-th live row.
func (b *Batch) Row(i int) int {
	if b.Sel != nil {
		return b.Sel[i]
	}
	return i
}

// AppendRow adds one row given as Datums, one per column.
func (b *Batch) AppendRow(row []types.Datum) {
	for i, d := range row {
		b.Cols[i].Append(d)
	}
	b.N++
}

// Datums returns live row i as a slice of Datums.
func (b *Batch) Datums(i int) []types.Datum {
	r := b.Row(i)
	out := make([]types.Datum, len(b.Cols))
	for c, v := range b.Cols {
		out[c] = v.Get(r)
	}
	return out
}

// Types returns the column types of b.
func (b *Batch) Types() []types.T {
	ts := make([]types.T, len(b.Cols))
	for i, c := range b.Cols {
		ts[i] = c.Type
	}
	return ts
}

// Compact rewrites b so that only live rows remain and Sel is nil.
func (b *Batch) Compact() {
	if b.Sel == nil {
		return
	}
	for _, c := range b.Cols {
		for j, r := range b.Sel {
			c.Nulls[j] = c.Nulls[r]
			switch c.Class {
			case types.ClassInt:
				c.Ints[j] = c.Ints[r]
			case types.ClassBool:
				c.Bools[j] = c.Bools[r]
			case types.ClassFloat:
				c.Floats[j] = c.Floats[r]
			case types.ClassNumeric:
				c.Nums[j] = c.Nums[r]
			case types.ClassInternal, types.ClassInterval, types.ClassArray, types.ClassRecord:
				c.Anys[j] = c.Anys[r]
			default:
				c.Strs[j] = c.Strs[r]
			}
		}
		n := len(b.Sel)
		c.Nulls = c.Nulls[:n]
		switch c.Class {
		case types.ClassInt:
			c.Ints = c.Ints[:n]
		case types.ClassBool:
			c.Bools = c.Bools[:n]
		case types.ClassFloat:
			c.Floats = c.Floats[:n]
		case types.ClassNumeric:
			c.Nums = c.Nums[:n]
		case types.ClassInternal, types.ClassInterval, types.ClassArray, types.ClassRecord:
			clear(c.Anys[n:])
			c.Anys = c.Anys[:n]
		default:
			c.Strs = c.Strs[:n]
		}
	}
	b.N = len(b.Sel)
	b.Sel = nil
}

// CopyLive makes dst an independent copy of b's live rows, with Sel nil.
// dst's vectors are reused when their types match; a nil column of b (one
// its producer did not compute) stays nil. The parallel executor copies a
// worker's output this way before handing it to another goroutine.
func (b *Batch) CopyLive(dst *Batch) {
	if cap(dst.Cols) < len(b.Cols) {
		dst.Cols = make([]*Vector, len(b.Cols))
	}
	dst.Cols = dst.Cols[:len(b.Cols)]
	dst.Sel = nil
	dst.N = b.Len()
	for i, src := range b.Cols {
		if src == nil {
			dst.Cols[i] = nil
			continue
		}
		d := dst.Cols[i]
		if d == nil || d.Type != src.Type || d.Class != src.Class {
			d = New(src.Type, max(b.Len(), 1))
			dst.Cols[i] = d
		} else {
			d.Reset()
		}
		src.appendLive(d, b)
	}
}

// appendLive appends the rows of v that are live in b to dst.
func (v *Vector) appendLive(dst *Vector, b *Batch) {
	if b.Sel == nil {
		n := b.N
		dst.Nulls = append(dst.Nulls, v.Nulls[:n]...)
		switch v.Class {
		case types.ClassInt:
			dst.Ints = append(dst.Ints, v.Ints[:n]...)
		case types.ClassBool:
			dst.Bools = append(dst.Bools, v.Bools[:n]...)
		case types.ClassFloat:
			dst.Floats = append(dst.Floats, v.Floats[:n]...)
		case types.ClassNumeric:
			dst.Nums = append(dst.Nums, v.Nums[:n]...)
		case types.ClassInternal, types.ClassInterval, types.ClassArray, types.ClassRecord:
			dst.Anys = append(dst.Anys, v.Anys[:n]...)
		default:
			dst.Strs = append(dst.Strs, v.Strs[:n]...)
		}
		return
	}
	for _, r := range b.Sel {
		dst.AppendFrom(v, r)
	}
}
