package storage

import (
	"bytes"
	"encoding/binary"
	"testing"
)

func TestPageInitHeader(t *testing.T) {
	p := make(Page, BlockSize)
	PageInit(p, 0)
	if p.Lower() != 24 || p.Upper() != BlockSize || p.Special() != BlockSize {
		t.Fatalf("lower/upper/special = %d/%d/%d", p.Lower(), p.Upper(), p.Special())
	}
	if p.PageSizeVersion() != BlockSize|4 {
		t.Fatalf("pagesize_version = %#x", p.PageSizeVersion())
	}
	if p.MaxOffsetNumber() != 0 || !VerifyPage(p) {
		t.Fatal("fresh page should be empty and valid")
	}
	// A special space is MAXALIGNed.
	PageInit(p, 10)
	if p.Special() != BlockSize-16 || p.Upper() != BlockSize-16 {
		t.Fatalf("special = %d", p.Special())
	}
}

func TestConstantsMatchPostgres(t *testing.T) {
	if MaxHeapTuplesPerPage != 291 {
		t.Fatalf("MaxHeapTuplesPerPage = %d, want 291", MaxHeapTuplesPerPage)
	}
	if MaxHeapTupleSize != 8160 {
		t.Fatalf("MaxHeapTupleSize = %d, want 8160", MaxHeapTupleSize)
	}
}

func TestItemIDBitLayout(t *testing.T) {
	// PostgreSQL on little-endian: lp_off bits 0-14, lp_flags 15-16, lp_len 17-31.
	id := ItemID{Off: 8120, Flags: LPNormal, Len: 72}
	v := id.encode()
	want := uint32(8120) | 1<<15 | 72<<17
	if v != want {
		t.Fatalf("encode = %#x, want %#x", v, want)
	}
	if got := decodeItemID(v); got != id {
		t.Fatalf("decode = %+v", got)
	}
}

func TestPageAddItemLayout(t *testing.T) {
	p := make(Page, BlockSize)
	PageInit(p, 0)
	item := bytes.Repeat([]byte{0xAB}, 61)
	off := PageAddItem(p, item, InvalidOffsetNumber, true)
	if off != 1 {
		t.Fatalf("first offset = %d", off)
	}
	// 61 bytes take MAXALIGN(61) = 64 bytes of tuple space.
	if p.Upper() != BlockSize-64 || p.Lower() != 28 {
		t.Fatalf("upper/lower = %d/%d", p.Upper(), p.Lower())
	}
	id := p.ItemID(1)
	if id.Off != BlockSize-64 || id.Len != 61 || id.Flags != LPNormal {
		t.Fatalf("item id = %+v", id)
	}
	got, err := p.GetItem(1)
	if err != nil || !bytes.Equal(got, item) {
		t.Fatalf("GetItem = %v %v", got, err)
	}
	// The raw line pointer word is at offset 24.
	if binary.LittleEndian.Uint32(p[24:]) != id.encode() {
		t.Fatal("line pointer not at byte 24")
	}
	if p.FreeSpace() != int(p.Upper())-int(p.Lower())-4 {
		t.Fatal("FreeSpace")
	}
}

func TestTenk1TuplesPerPage(t *testing.T) {
	// tenk1 rows are 268 bytes (24-byte header + 244 data): 29 per page.
	p := make(Page, BlockSize)
	PageInit(p, 0)
	n := 0
	for p.HeapFreeSpace() >= MaxAlignOf(268) {
		if PageAddItem(p, make([]byte, 268), InvalidOffsetNumber, true) == InvalidOffsetNumber {
			t.Fatal("add failed although space was reported")
		}
		n++
	}
	if n != 29 {
		t.Fatalf("%d tuples per page, want 29", n)
	}
}

func TestMaxHeapTuplesPerPageLimit(t *testing.T) {
	p := make(Page, BlockSize)
	PageInit(p, 0)
	for i := 0; i < MaxHeapTuplesPerPage; i++ {
		if PageAddItem(p, make([]byte, 23), InvalidOffsetNumber, true) == InvalidOffsetNumber {
			t.Fatalf("add %d failed", i)
		}
	}
	if p.HeapFreeSpace() != 0 {
		t.Fatalf("HeapFreeSpace = %d after %d tuples", p.HeapFreeSpace(), MaxHeapTuplesPerPage)
	}
	if PageAddItem(p, make([]byte, 23), InvalidOffsetNumber, true) != InvalidOffsetNumber {
		t.Fatal("added past MaxHeapTuplesPerPage")
	}
}

func TestPageRepairFragmentation(t *testing.T) {
	p := make(Page, BlockSize)
	PageInit(p, 0)
	var items [][]byte
	for i := 0; i < 10; i++ {
		it := bytes.Repeat([]byte{byte(i + 1)}, 30+i)
		items = append(items, it)
		if PageAddItem(p, it, InvalidOffsetNumber, true) != OffsetNumber(i+1) {
			t.Fatal("add")
		}
	}
	before := p.ExactFreeSpace()
	// Remove every other item.
	for off := OffsetNumber(2); off <= 10; off += 2 {
		p.SetItemID(off, ItemID{})
	}
	if err := PageRepairFragmentation(p); err != nil {
		t.Fatal(err)
	}
	if !p.HasFreeLinePointers() {
		t.Fatal("PD_HAS_FREE_LINES not set")
	}
	freed := 0
	for i := 1; i < 10; i += 2 {
		freed += MaxAlignOf(len(items[i]))
	}
	if p.ExactFreeSpace() != before+freed {
		t.Fatalf("free space %d, want %d", p.ExactFreeSpace(), before+freed)
	}
	for off := OffsetNumber(1); off <= 9; off += 2 {
		got, err := p.GetItem(off)
		if err != nil || !bytes.Equal(got, items[off-1]) {
			t.Fatalf("item %d moved wrongly: %v", off, err)
		}
	}
	// Freed line pointers are reused.
	if off := PageAddItem(p, []byte("x"), InvalidOffsetNumber, true); off != 2 {
		t.Fatalf("reused offset %d, want 2", off)
	}
	// Truncating the line pointer array drops trailing unused ones.
	p.SetItemID(9, ItemID{})
	p.SetItemID(10, ItemID{})
	PageTruncateLinePointerArray(p)
	if p.MaxOffsetNumber() != 7 {
		t.Fatalf("max offset %d after truncation, want 7", p.MaxOffsetNumber())
	}
}

func TestPageAddItemAtOffset(t *testing.T) {
	p := make(Page, BlockSize)
	PageInit(p, 0)
	if PageAddItem(p, []byte("abc"), 2, true) != InvalidOffsetNumber {
		t.Fatal("placed past the end")
	}
	if PageAddItem(p, []byte("abc"), 1, true) != 1 {
		t.Fatal("redo placement failed")
	}
	if PageAddItem(p, []byte("abc"), 1, true) != InvalidOffsetNumber {
		t.Fatal("overwrote a used line pointer")
	}
}

func TestVerifyPage(t *testing.T) {
	p := make(Page, BlockSize)
	if !VerifyPage(p) {
		t.Fatal("zero page must verify")
	}
	p[100] = 1
	if VerifyPage(p) {
		t.Fatal("non-zero page without header verified")
	}
	PageInit(p, 0)
	p.setLower(9000)
	if VerifyPage(p) {
		t.Fatal("bad pd_lower verified")
	}
}
