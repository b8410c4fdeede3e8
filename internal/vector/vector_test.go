// Tests for column vectors and batches: Append/Get/AppendFrom for every
// payload class with NULLs, Reset keeping storage, and Batch's selection
// vector handling in Len/Row/Datums/Compact.
package vector

import (
	"fmt"
	"math"
	"reflect"
	"testing"

	"github.com/loomdb/loomdb/internal/types"
)

func mustNum(t *testing.T, s string) types.Numeric {
	t.Helper()
	n, err := types.ParseNumeric(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestVectorAppendGet(t *testing.T) {
	cases := []struct {
		typ   types.T
		class types.Class
		vals  []types.Datum
	}{
		{types.TInt4, types.ClassInt, []types.Datum{int64(1), nil, int64(-7), int64(0)}},
		{types.TInt8, types.ClassInt, []types.Datum{nil, int64(1 << 62)}},
		{types.TDate, types.ClassInt, []types.Datum{int64(0), nil}},
		{types.TBool, types.ClassBool, []types.Datum{true, nil, false}},
		{types.TFloat8, types.ClassFloat, []types.Datum{1.5, nil, -0.0}},
		{types.TFloat4, types.ClassFloat, []types.Datum{nil, 2.5}},
		{types.TNumeric, types.ClassNumeric, []types.Datum{mustNum(t, "1.50"), nil, mustNum(t, "-3")}},
		{types.TText, types.ClassString, []types.Datum{"a", nil, "", "日本"}},
		{types.TBpchar, types.ClassString, []types.Datum{"x  ", nil}},
	}
	for _, c := range cases {
		v := New(c.typ, 2)
		if v.Class != c.class {
			t.Errorf("%s: class %v, want %v", types.FormatType(c.typ), v.Class, c.class)
		}
		for _, d := range c.vals {
			v.Append(d)
		}
		if v.Len() != len(c.vals) {
			t.Fatalf("%s: Len = %d, want %d", types.FormatType(c.typ), v.Len(), len(c.vals))
		}
		for i, want := range c.vals {
			got := v.Get(i)
			if (got == nil) != (want == nil) || (want != nil && types.Compare(c.typ, got, want) != 0) {
				t.Errorf("%s: Get(%d) = %v, want %v", types.FormatType(c.typ), i, got, want)
			}
			if v.Nulls[i] != (want == nil) {
				t.Errorf("%s: Nulls[%d] = %v", types.FormatType(c.typ), i, v.Nulls[i])
			}
		}
		// AppendFrom copies rows, NULLs included, in any order.
		w := New(c.typ, 0)
		for i := len(c.vals) - 1; i >= 0; i-- {
			w.AppendFrom(v, i)
		}
		for i := range c.vals {
			want := c.vals[len(c.vals)-1-i]
			got := w.Get(i)
			if (got == nil) != (want == nil) || (want != nil && types.Compare(c.typ, got, want) != 0) {
				t.Errorf("%s: AppendFrom row %d = %v, want %v", types.FormatType(c.typ), i, got, want)
			}
		}
		// Reset empties the vector but keeps its storage.
		capBefore := cap(v.Nulls)
		v.Reset()
		if v.Len() != 0 || cap(v.Nulls) != capBefore {
			t.Errorf("%s: after Reset Len %d cap %d (was %d)", types.FormatType(c.typ), v.Len(), cap(v.Nulls), capBefore)
		}
		v.Append(nil)
		if v.Get(0) != nil {
			t.Errorf("%s: NULL after Reset reads %v", types.FormatType(c.typ), v.Get(0))
		}
	}
}

// TestNullSlotHoldsZero checks that a NULL row does not leave the payload
// slices shorter than Nulls (every class keeps one slot per row).
func TestNullSlotHoldsZero(t *testing.T) {
	v := New(types.TInt4, 0)
	v.Append(nil)
	v.Append(int64(5))
	if len(v.Ints) != 2 || v.Ints[1] != 5 {
		t.Errorf("Ints = %v", v.Ints)
	}
	s := New(types.TText, 0)
	s.Append(nil)
	s.Append("x")
	if len(s.Strs) != 2 || s.Strs[1] != "x" {
		t.Errorf("Strs = %v", s.Strs)
	}
}

func newTestBatch(n int) *Batch {
	b := NewBatch([]types.T{types.TInt4, types.TText, types.TBool, types.TFloat8}, n)
	for i := 0; i < n; i++ {
		var s, bo, f types.Datum = fmt.Sprint("r", i), i%2 == 0, float64(i) / 2
		if i%3 == 1 {
			s, bo, f = nil, nil, nil
		}
		b.AppendRow([]types.Datum{int64(i), s, bo, f})
	}
	return b
}

func rowOf(i int) []types.Datum {
	var s, bo, f types.Datum = fmt.Sprint("r", i), i%2 == 0, float64(i) / 2
	if i%3 == 1 {
		s, bo, f = nil, nil, nil
	}
	return []types.Datum{int64(i), s, bo, f}
}

func TestBatchSelection(t *testing.T) {
	b := newTestBatch(10)
	if b.Len() != 10 || b.N != 10 {
		t.Fatalf("Len %d N %d", b.Len(), b.N)
	}
	if got := b.Types(); !reflect.DeepEqual(got, []types.T{types.TInt4, types.TText, types.TBool, types.TFloat8}) {
		t.Errorf("Types = %v", got)
	}
	for i := 0; i < 10; i++ {
		if b.Row(i) != i || !reflect.DeepEqual(b.Datums(i), rowOf(i)) {
			t.Errorf("row %d: %d %v", i, b.Row(i), b.Datums(i))
		}
	}
	b.Sel = []int{1, 4, 5, 9}
	if b.Len() != 4 {
		t.Errorf("Len with Sel = %d", b.Len())
	}
	for i, r := range b.Sel {
		if b.Row(i) != r || !reflect.DeepEqual(b.Datums(i), rowOf(r)) {
			t.Errorf("live row %d: Row %d Datums %v, want %d %v", i, b.Row(i), b.Datums(i), r, rowOf(r))
		}
	}
}

func TestBatchCompact(t *testing.T) {
	cases := [][]int{
		{1, 4, 5, 9},
		{0, 1, 2, 3, 4, 5, 6, 7, 8, 9},
		{9},
		{0},
		{},
		{2, 3, 7},
	}
	for _, sel := range cases {
		b := newTestBatch(10)
		b.Sel = append([]int{}, sel...)
		b.Compact()
		if b.Sel != nil || b.N != len(sel) || b.Len() != len(sel) {
			t.Fatalf("Compact(%v): Sel %v N %d Len %d", sel, b.Sel, b.N, b.Len())
		}
		for i, r := range sel {
			if got := b.Datums(i); !reflect.DeepEqual(got, rowOf(r)) {
				t.Errorf("Compact(%v): row %d = %v, want %v", sel, i, got, rowOf(r))
			}
		}
		for c, v := range b.Cols {
			if v.Len() != len(sel) {
				t.Errorf("Compact(%v): column %d has %d rows", sel, c, v.Len())
			}
		}
		// The compacted batch accepts more rows at the end.
		b.AppendRow(rowOf(100))
		if b.N != len(sel)+1 || !reflect.DeepEqual(b.Datums(len(sel)), rowOf(100)) {
			t.Errorf("Compact(%v) then AppendRow: N %d row %v", sel, b.N, b.Datums(b.N-1))
		}
	}
	// Without a selection Compact does nothing.
	b := newTestBatch(3)
	b.Compact()
	if b.N != 3 || !reflect.DeepEqual(b.Datums(2), rowOf(2)) {
		t.Error("Compact without Sel changed the batch")
	}
}

func TestBatchCompactNumeric(t *testing.T) {
	b := NewBatch([]types.T{types.TNumeric}, 4)
	vals := []string{"1.1", "2.2", "3.3", "4.4"}
	for _, s := range vals {
		b.AppendRow([]types.Datum{mustNum(t, s)})
	}
	b.AppendRow([]types.Datum{nil})
	b.Sel = []int{2, 4}
	b.Compact()
	if got := types.Out(types.TNumeric, b.Cols[0].Get(0)); got != "3.3" || b.Cols[0].Get(1) != nil {
		t.Errorf("numeric Compact: %v %v", got, b.Cols[0].Get(1))
	}
}

func TestBatchNoColumns(t *testing.T) {
	// Result nodes use a batch of one row and no columns.
	b := &Batch{N: 1}
	if b.Len() != 1 || len(b.Datums(0)) != 0 {
		t.Errorf("Len %d Datums %v", b.Len(), b.Datums(0))
	}
	b.Sel = []int{}
	b.Compact()
	if b.N != 0 || b.Len() != 0 {
		t.Errorf("after Compact of empty selection: N %d", b.N)
	}
}

func TestBatchReset(t *testing.T) {
	b := newTestBatch(5)
	b.Sel = []int{1}
	b.Reset()
	if b.N != 0 || b.Sel != nil || b.Len() != 0 {
		t.Fatalf("Reset: N %d Sel %v", b.N, b.Sel)
	}
	for _, c := range b.Cols {
		if c.Len() != 0 {
			t.Fatalf("column not reset")
		}
	}
	b.AppendRow(rowOf(7))
	if !reflect.DeepEqual(b.Datums(0), rowOf(7)) {
		t.Errorf("after Reset: %v", b.Datums(0))
	}
}

// TestCompareAtMatchesCompare checks CompareAt against types.Compare for
// every pair of values of each class, including NaN, -0, equal numerics of
// different scales and character(n) trailing spaces.
func TestCompareAtMatchesCompare(t *testing.T) {
	cases := []struct {
		t    types.T
		vals []types.Datum
	}{
		{types.TInt8, []types.Datum{int64(-5), int64(0), int64(7), int64(1 << 40)}},
		{types.TBool, []types.Datum{false, true}},
		{types.TFloat8, []types.Datum{math.Inf(-1), -1.5, math.Copysign(0, -1), 0.0, 2.0, math.NaN(), math.Inf(1)}},
		{types.TNumeric, []types.Datum{mustNum(t, "-1"), mustNum(t, "1.0"), mustNum(t, "1.00"), mustNum(t, "NaN")}},
		{types.TText, []types.Datum{"", "a", "a ", "B", "b"}},
		{types.T{Oid: types.BpcharOid, Typmod: -1}, []types.Datum{"a", "a  ", "ab", "b"}},
	}
	for _, c := range cases {
		v := New(c.t, len(c.vals))
		for _, d := range c.vals {
			v.Append(d)
		}
		for i, a := range c.vals {
			for j, b := range c.vals {
				if got, want := CompareAt(c.t, v, i, v, j), types.Compare(c.t, a, b); got != want {
					t.Errorf("type %d: CompareAt(%v, %v) = %d, types.Compare = %d", c.t.Oid, a, b, got, want)
				}
			}
		}
	}
}
