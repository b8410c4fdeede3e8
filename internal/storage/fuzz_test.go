package storage

import (
	"encoding/binary"
	"testing"
)

// FuzzDecodeRecord checks that arbitrary bytes never crash the WAL decoder.
func FuzzDecodeRecord(f *testing.F) {
	r := NewXLogRecord(RmgrHeap, 0, 7)
	r.RegisterData([]byte("main data"))
	rec, crc := r.assemble(nil, 0, false, nil)
	finishHeader(rec, 123, crc)
	f.Add(rec)
	f.Add(make([]byte, 40))
	f.Fuzz(func(t *testing.T, raw []byte) {
		if len(raw) < xlogRecordHeaderSize {
			return
		}
		binary.LittleEndian.PutUint32(raw, uint32(len(raw)))
		if checkRecordHeader(raw, 0, false) == 0 {
			return
		}
		_, _ = decodeRecord(LSN(firstLSN), raw)
	})
}

// FuzzPage checks that page operations on arbitrary verified pages do not crash.
func FuzzPage(f *testing.F) {
	p := make(Page, BlockSize)
	PageInit(p, 0)
	PageAddItem(p, []byte("hello world"), InvalidOffsetNumber, true)
	f.Add([]byte(p[:64]))
	f.Fuzz(func(t *testing.T, head []byte) {
		page := make(Page, BlockSize)
		copy(page, head)
		if !VerifyPage(page) || page.IsNew() {
			return
		}
		for off := FirstOffsetNumber; off <= page.MaxOffsetNumber(); off++ {
			_, _ = page.GetItem(off)
		}
		_ = page.HeapFreeSpace()
		_ = PageRepairFragmentation(page)
		PageTruncateLinePointerArray(page)
		PageAddItem(page, []byte("x"), InvalidOffsetNumber, true)
	})
}
