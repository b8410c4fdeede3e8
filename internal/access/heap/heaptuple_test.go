package heap

import (
	"encoding/binary"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
	"github.com/loomdb/loomdb/internal/vector"
)

func descOf(ts ...types.T) *table.TupleDesc {
	d := &table.TupleDesc{}
	for _, t := range ts {
		d.Attrs = append(d.Attrs, table.Attr{Name: "c", Type: t})
	}
	return d
}

func mustForm(t *testing.T, desc *table.TupleDesc, row ...types.Datum) []byte {
	t.Helper()
	infos, err := attInfos(desc)
	if err != nil {
		t.Fatal(err)
	}
	tup, err := formTuple(infos, row)
	if err != nil {
		t.Fatal(err)
	}
	return tup
}

func num(t *testing.T, s string) types.Numeric {
	t.Helper()
	n, err := types.ParseNumeric(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestTupleLayoutMatchesPostgres(t *testing.T) {
	cases := []struct {
		name string
		desc *table.TupleDesc
		row  []types.Datum
		len  int
		hoff int
	}{
		// int4 then a short text: 1-byte varlena header, no alignment.
		{"int4,text", descOf(types.TInt4, types.TText), []types.Datum{int64(1), "abc"}, 24 + 4 + 4, 24},
		// int8 is double-aligned after a bool.
		{"bool,int8", descOf(types.TBool, types.TInt8), []types.Datum{true, int64(7)}, 24 + 16, 24},
		// name is 64 bytes, char-aligned; the int4 after it is int-aligned.
		{"int2,name,int4", descOf(types.TInt2, types.TName, types.TInt4), []types.Datum{int64(1), "abc", int64(2)}, 24 + 72, 24},
		// 126 data bytes still take a 1-byte header.
		{"bool,text126", descOf(types.TBool, types.TText), []types.Datum{true, strings.Repeat("x", 126)}, 24 + 1 + 127, 24},
		// 127 data bytes need a 4-byte header, int-aligned.
		{"bool,text127", descOf(types.TBool, types.TText), []types.Datum{true, strings.Repeat("x", 127)}, 24 + 4 + 4 + 127, 24},
		// A NULL adds a bitmap; 8 attributes fit the byte after the header.
		{"8 cols with null", descOf(types.TInt4, types.TInt4, types.TInt4, types.TInt4, types.TInt4, types.TInt4, types.TInt4, types.TInt4),
			[]types.Datum{nil, int64(1), int64(2), int64(3), int64(4), int64(5), int64(6), int64(7)}, 24 + 28, 24},
		// Nine attributes need two bitmap bytes: t_hoff becomes 32.
		{"9 cols with null", descOf(types.TInt4, types.TInt4, types.TInt4, types.TInt4, types.TInt4, types.TInt4, types.TInt4, types.TInt4, types.TInt4),
			[]types.Datum{nil, int64(1), int64(2), int64(3), int64(4), int64(5), int64(6), int64(7), int64(8)}, 32 + 32, 32},
	}
	for _, c := range cases {
		tup := mustForm(t, c.desc, c.row...)
		if len(tup) != c.len || int(tup[offHoff]) != c.hoff {
			t.Errorf("%s: length %d hoff %d, want %d and %d", c.name, len(tup), tup[offHoff], c.len, c.hoff)
		}
	}
	// The 4-byte header stores the total length shifted left by two.
	tup := mustForm(t, descOf(types.TText), strings.Repeat("y", 200))
	if hdr := binary.LittleEndian.Uint32(tup[24:]); hdr != 204<<2 {
		t.Errorf("4-byte varlena header %#x", hdr)
	}
	tup = mustForm(t, descOf(types.TText), "hi")
	if tup[24] != 3<<1|1 {
		t.Errorf("1-byte varlena header %#x", tup[24])
	}
}

func TestTupleRoundTripAllTypes(t *testing.T) {
	ts := []types.T{types.TBool, types.TChar, types.TInt2, types.TInt4, types.TInt8, types.TOid, types.TDate,
		types.TFloat4, types.TFloat8, types.TName, types.TText, types.TVarchar, types.TBpchar,
		{Oid: types.ByteaOid, Typmod: -1}, types.TNumeric, types.TRegclass}
	desc := descOf(ts...)
	rows := [][]types.Datum{
		{true, int64('x'), int64(-32768), int64(math.MinInt32), int64(math.MinInt64), int64(4294967295), int64(-730000),
			float64(float32(1.5)), math.Pi, "relname", "hello", strings.Repeat("v", 300), "pad  ", "\x00\x01\xff",
			num(t, "123456789012345678901234567890.123"), int64(1259)},
		{false, int64(0), int64(32767), int64(math.MaxInt32), int64(math.MaxInt64), int64(0), int64(0),
			float64(float32(-0.25)), math.Inf(-1), strings.Repeat("n", 63), "", "", "", "",
			num(t, "-0.5"), int64(0)},
		{nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil},
		{true, nil, int64(5), nil, int64(6), nil, int64(7), nil, 2.5, nil, "t", nil, "b", nil, num(t, "NaN"), nil},
	}
	infos, err := attInfos(desc)
	if err != nil {
		t.Fatal(err)
	}
	for i, row := range rows {
		tup, err := formTuple(infos, row)
		if err != nil {
			t.Fatal(err)
		}
		got, err := deformAll(infos, tup)
		if err != nil {
			t.Fatal(err)
		}
		for j := range row {
			if !datumEqual(row[j], got[j]) {
				t.Errorf("row %d col %d (%v): got %#v, want %#v", i, j, ts[j].Oid, got[j], row[j])
			}
		}
		// Deforming a subset straight into vectors gives the same values.
		cols := []int{15, 0, 10, 14, 4}
		d, err := newDeformer(infos, cols)
		if err != nil {
			t.Fatal(err)
		}
		var bts []types.T
		for _, c := range cols {
			bts = append(bts, ts[c])
		}
		b := vector.NewBatch(bts, 4)
		if err := d.appendTo(tup, table.TID{Block: 0, Offset: 1}, b); err != nil {
			t.Fatal(err)
		}
		b.N = 1
		for k, c := range cols {
			if v := b.Cols[k].Get(0); !datumEqual(v, row[c]) {
				t.Errorf("row %d vector col %d: got %#v, want %#v", i, c, v, row[c])
			}
		}
	}
}

func datumEqual(a, b types.Datum) bool {
	na, ok1 := a.(types.Numeric)
	nb, ok2 := b.(types.Numeric)
	if ok1 && ok2 {
		return na.String() == nb.String()
	}
	if fa, ok := a.(float64); ok {
		if fb, ok := b.(float64); ok && math.IsNaN(fa) && math.IsNaN(fb) {
			return true
		}
	}
	return reflect.DeepEqual(a, b)
}

func TestDroppedAndMissingAttributes(t *testing.T) {
	desc := descOf(types.TInt4, types.TText, types.TInt4)
	infos, _ := attInfos(desc)
	tup, err := formTuple(infos, []types.Datum{int64(1), "gone", int64(3)})
	if err != nil {
		t.Fatal(err)
	}
	// Drop the middle column: old tuples still deform, the value reads NULL.
	desc.Attrs[1].Dropped = true
	infos, _ = attInfos(desc)
	got, err := deformAll(infos, tup)
	if err != nil {
		t.Fatal(err)
	}
	if got[0] != int64(1) || got[1] != nil || got[2] != int64(3) {
		t.Fatalf("after drop: %v", got)
	}
	// Add a column: tuples written before it read NULL there.
	desc.Attrs = append(desc.Attrs, table.Attr{Name: "new", Type: types.TInt8})
	infos, _ = attInfos(desc)
	got, err = deformAll(infos, tup)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 4 || got[3] != nil {
		t.Fatalf("after add: %v", got)
	}
}

func TestCorruptTupleIsAnError(t *testing.T) {
	desc := descOf(types.TInt4, types.TText)
	infos, _ := attInfos(desc)
	tup := mustForm(t, desc, int64(1), strings.Repeat("z", 300))
	// Claim a longer varlena than the tuple holds.
	binary.LittleEndian.PutUint32(tup[28:], 5000<<2)
	_, err := deformAll(infos, tup)
	if pgerror.CodeOf(err) != pgerror.DataCorrupted {
		t.Fatalf("want XX001, got %v", err)
	}
	if err := checkTupleHeader(tup[:10]); pgerror.CodeOf(err) != pgerror.DataCorrupted {
		t.Fatalf("short tuple: %v", err)
	}
	// A 1-byte varlena header claiming more than the tuple holds, walked
	// over by locate (the columns are not in ascending order) and by the
	// ascending decoder when the column is skipped or read.
	short := mustForm(t, descOf(types.TInt4, types.TText, types.TInt4), int64(1), "abc", int64(2))
	if short[28] != 4<<1|1 {
		t.Fatalf("unexpected layout: header byte %#x", short[28])
	}
	short[28] = 0x7f
	infos3, _ := attInfos(descOf(types.TInt4, types.TText, types.TInt4))
	for _, cols := range [][]int{{2, 0}, {0, 2}, {0, 1, 2}} {
		d, err := newDeformer(infos3, cols)
		if err != nil {
			t.Fatal(err)
		}
		b := vector.NewBatch([]types.T{types.TInt4, types.TInt4, types.TInt4}[:len(cols)], 1)
		if cols[1] == 1 {
			b.Cols[1] = vector.New(types.TText, 1)
		}
		if err := d.appendTo(short, table.TID{Block: 0, Offset: 1}, b); pgerror.CodeOf(err) != pgerror.DataCorrupted {
			t.Fatalf("columns %v: want XX001, got %v", cols, err)
		}
	}
}
