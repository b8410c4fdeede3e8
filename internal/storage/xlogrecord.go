// xlogrecord.go: the WAL record format, building records and decoding them
// (PG: access/transam/xloginsert.c, xlogreader.c's DecodeXLogRecord,
// include/access/xlogrecord.h). The layout is loomdb's own, modelled on
// PostgreSQL's:
//
//	header (24 bytes): tot_len u32, xid u32, prev u64, info u8, rmid u8,
//	                   2 bytes zero, crc u32 (CRC-32C of the body, then of
//	                   the first 20 header bytes)
//	body: nblocks u8, then per block reference:
//	        id u8, flags u8, dboid u32, relnumber u32, block u32,
//	        [data_len u32]                   if BkpBlockHasData
//	        [hole_off u16, hole_len u16, image] if BkpBlockHasImage
//	        [data]
//	      main_len u32, main data
//
// A full-page image leaves out the hole between pd_lower and pd_upper.
//
// Concurrency: an XLogRecordBuilder belongs to one goroutine; a decoded
// XLogRecord is read-only.
package storage

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"

	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/txn"
	"github.com/loomdb/loomdb/internal/types"
)

// LSN is a WAL position: a byte offset into the write-ahead log (XLogRecPtr).
type LSN uint64

// InvalidLSN is the zero LSN.
const InvalidLSN LSN = 0

// String formats the LSN as PostgreSQL does, e.g. 0/16B3748.
func (l LSN) String() string { return fmt.Sprintf("%X/%X", uint32(l>>32), uint32(l)) }

// RmgrID identifies a resource manager, the owner of a kind of WAL record.
type RmgrID uint8

// Resource managers, numbered as in PostgreSQL.
const (
	RmgrXLOG  RmgrID = 0
	RmgrXact  RmgrID = 1
	RmgrSmgr  RmgrID = 2
	RmgrHeap2 RmgrID = 9
	RmgrHeap  RmgrID = 10
	RmgrBtree RmgrID = 11
)

// Block reference flags stored in a record.
const (
	BkpBlockHasImage = 0x10
	BkpBlockHasData  = 0x20
	BkpBlockWillInit = 0x40
)

// Buffer registration flags (REGBUF_*).
const (
	// RegbufWillInit: redo rebuilds the page from scratch; no image needed.
	RegbufWillInit = 1 << iota
	// RegbufForceImage always includes a full-page image.
	RegbufForceImage
	// RegbufNoImage never includes a full-page image.
	RegbufNoImage
	// RegbufStandard: the page has the standard layout, so the hole between
	// pd_lower and pd_upper may be left out of an image.
	RegbufStandard
)

const (
	xlogRecordHeaderSize = 24
	// maxRecordSize bounds a record's length; longer lengths are garbage.
	maxRecordSize = 64 << 20
	maxBlockRefs  = 32
)

var crcTable = crc32.MakeTable(crc32.Castagnoli)

type regBlock struct {
	id    uint8
	buf   Buffer
	flags uint8
	data  []byte
}

// XLogRecordBuilder collects the parts of a WAL record (XLogBeginInsert,
// XLogRegisterBuffer, XLogRegisterData). Pass it to Storage.XLogInsert.
type XLogRecordBuilder struct {
	rmid   RmgrID
	info   uint8
	xid    txn.XID
	blocks []regBlock
	main   []byte
}

// NewXLogRecord starts a record of resource manager rmid with the given info
// bits, written on behalf of xid (InvalidXID when none).
func NewXLogRecord(rmid RmgrID, info uint8, xid txn.XID) *XLogRecordBuilder {
	return &XLogRecordBuilder{rmid: rmid, info: info, xid: xid}
}

// RegisterBuffer adds block reference id for buffer b, which the caller has
// changed under its exclusive lock. XLogInsert marks it dirty and sets its LSN.
func (r *XLogRecordBuilder) RegisterBuffer(id uint8, b Buffer, flags uint8) {
	r.blocks = append(r.blocks, regBlock{id: id, buf: b, flags: flags})
}

// RegisterBufData appends data to block reference id; redo gets it only when
// the block needs redoing (no image).
func (r *XLogRecordBuilder) RegisterBufData(id uint8, data []byte) {
	for i := range r.blocks {
		if r.blocks[i].id == id {
			r.blocks[i].data = append(r.blocks[i].data, data...)
			return
		}
	}
}

// RegisterData appends data to the record's main data.
func (r *XLogRecordBuilder) RegisterData(data []byte) { r.main = append(r.main, data...) }

// needsImage decides whether block reference b gets a full-page image.
func needsImage(b *regBlock, page Page, redo LSN, fullPageWrites bool) bool {
	switch {
	case b.flags&RegbufWillInit != 0, b.flags&RegbufNoImage != 0:
		return false
	case b.flags&RegbufForceImage != 0:
		return true
	default:
		return fullPageWrites && page.LSN() <= redo
	}
}

// assemble encodes r into a complete record whose header still lacks prev
// and crc; it returns the record and the CRC of its body.
func (r *XLogRecordBuilder) assemble(bm *BufferManager, redo LSN, fullPageWrites bool, images []bool) ([]byte, uint32) {
	size := xlogRecordHeaderSize + 1 + 4 + len(r.main)
	for i := range r.blocks {
		size += 2 + 12 + 4 + len(r.blocks[i].data)
		if images[i] {
			size += 4 + BlockSize
		}
	}
	out := make([]byte, xlogRecordHeaderSize, size)
	out = append(out, uint8(len(r.blocks)))
	for i := range r.blocks {
		b := &r.blocks[i]
		tag := bm.Tag(b.buf)
		page := bm.Page(b.buf)
		flags := uint8(0)
		if images[i] {
			flags |= BkpBlockHasImage
		}
		if len(b.data) > 0 && !images[i] {
			flags |= BkpBlockHasData
		}
		if b.flags&RegbufWillInit != 0 {
			flags |= BkpBlockWillInit
		}
		out = append(out, b.id, flags)
		out = binary.LittleEndian.AppendUint32(out, uint32(tag.Loc.DbOid))
		out = binary.LittleEndian.AppendUint32(out, uint32(tag.Loc.RelNumber))
		out = binary.LittleEndian.AppendUint32(out, tag.Block)
		if flags&BkpBlockHasData != 0 {
			out = binary.LittleEndian.AppendUint32(out, uint32(len(b.data)))
		}
		if images[i] {
			holeOff, holeLen := 0, 0
			if b.flags&RegbufStandard != 0 && !page.IsNew() {
				lower, upper := int(page.Lower()), int(page.Upper())
				if lower >= SizeOfPageHeaderData && upper > lower && upper <= BlockSize {
					holeOff, holeLen = lower, upper-lower
				}
			}
			out = binary.LittleEndian.AppendUint16(out, uint16(holeOff))
			out = binary.LittleEndian.AppendUint16(out, uint16(holeLen))
			if holeLen > 0 {
				out = append(out, page[:holeOff]...)
				out = append(out, page[holeOff+holeLen:]...)
			} else {
				out = append(out, page...)
			}
		}
		if flags&BkpBlockHasData != 0 {
			out = append(out, b.data...)
		}
	}
	out = binary.LittleEndian.AppendUint32(out, uint32(len(r.main)))
	out = append(out, r.main...)
	binary.LittleEndian.PutUint32(out[0:], uint32(len(out)))
	binary.LittleEndian.PutUint32(out[4:], uint32(r.xid))
	out[16] = r.info
	out[17] = uint8(r.rmid)
	return out, crc32.Update(0, crcTable, out[xlogRecordHeaderSize:])
}

// finishHeader stores prev and the CRC into an assembled record.
func finishHeader(rec []byte, prev LSN, bodyCRC uint32) {
	binary.LittleEndian.PutUint64(rec[8:], uint64(prev))
	crc := crc32.Update(bodyCRC, crcTable, rec[:20])
	binary.LittleEndian.PutUint32(rec[20:], crc)
}

// XLogRecord is a decoded WAL record.
type XLogRecord struct {
	LSN    LSN // start of the record
	EndLSN LSN // first byte after it
	Prev   LSN
	Xid    txn.XID
	Rmid   RmgrID
	Info   uint8
	Blocks []XLogBlockRef
	Main   []byte
}

// XLogBlockRef is a decoded block reference.
type XLogBlockRef struct {
	ID         uint8
	Flags      uint8
	Loc        RelFileLocator
	Block      BlockNumber
	HoleOffset uint16
	HoleLength uint16
	Image      []byte // the page without its hole
	Data       []byte
}

// HasImage reports whether the reference carries a full-page image.
func (b *XLogBlockRef) HasImage() bool { return b.Flags&BkpBlockHasImage != 0 }

// WillInit reports whether redo rebuilds the page from nothing.
func (b *XLogBlockRef) WillInit() bool { return b.Flags&BkpBlockWillInit != 0 }

// restoreImage writes the full-page image into page.
func (b *XLogBlockRef) restoreImage(page Page) {
	ho, hl := int(b.HoleOffset), int(b.HoleLength)
	if hl == 0 {
		copy(page, b.Image)
		return
	}
	copy(page[:ho], b.Image[:ho])
	clear(page[ho : ho+hl])
	copy(page[ho+hl:], b.Image[ho:])
}

// Block returns the block reference with the given id, or nil.
func (r *XLogRecord) Block(id uint8) *XLogBlockRef {
	for i := range r.Blocks {
		if r.Blocks[i].ID == id {
			return &r.Blocks[i]
		}
	}
	return nil
}

func corruptRecord(lsn LSN, what string) error {
	return pgerror.Newf(pgerror.DataCorrupted, "invalid WAL record at %s: %s", lsn, what)
}

// decodeRecord decodes a complete, CRC-checked record.
func decodeRecord(lsn LSN, raw []byte) (*XLogRecord, error) {
	rec := &XLogRecord{
		LSN:    lsn,
		EndLSN: lsn + LSN(len(raw)),
		Prev:   LSN(binary.LittleEndian.Uint64(raw[8:])),
		Xid:    txn.XID(binary.LittleEndian.Uint32(raw[4:])),
		Info:   raw[16],
		Rmid:   RmgrID(raw[17]),
	}
	p := raw[xlogRecordHeaderSize:]
	need := func(n int) bool { return len(p) >= n }
	if !need(1) {
		return nil, corruptRecord(lsn, "missing block count")
	}
	nblocks := int(p[0])
	p = p[1:]
	if nblocks > maxBlockRefs {
		return nil, corruptRecord(lsn, "too many block references")
	}
	for i := 0; i < nblocks; i++ {
		if !need(14) {
			return nil, corruptRecord(lsn, "truncated block reference")
		}
		b := XLogBlockRef{ID: p[0], Flags: p[1]}
		b.Loc = RelFileLocator{DbOid: types.Oid(binary.LittleEndian.Uint32(p[2:])), RelNumber: types.Oid(binary.LittleEndian.Uint32(p[6:]))}
		b.Block = binary.LittleEndian.Uint32(p[10:])
		p = p[14:]
		dataLen := 0
		if b.Flags&BkpBlockHasData != 0 {
			if !need(4) {
				return nil, corruptRecord(lsn, "truncated block data length")
			}
			dataLen = int(binary.LittleEndian.Uint32(p))
			p = p[4:]
		}
		if b.Flags&BkpBlockHasImage != 0 {
			if !need(4) {
				return nil, corruptRecord(lsn, "truncated image header")
			}
			b.HoleOffset = binary.LittleEndian.Uint16(p)
			b.HoleLength = binary.LittleEndian.Uint16(p[2:])
			p = p[4:]
			if int(b.HoleOffset)+int(b.HoleLength) > BlockSize {
				return nil, corruptRecord(lsn, "invalid image hole")
			}
			n := BlockSize - int(b.HoleLength)
			if !need(n) {
				return nil, corruptRecord(lsn, "truncated image")
			}
			b.Image = p[:n:n]
			p = p[n:]
		}
		if dataLen > 0 {
			if !need(dataLen) {
				return nil, corruptRecord(lsn, "truncated block data")
			}
			b.Data = p[:dataLen:dataLen]
			p = p[dataLen:]
		}
		rec.Blocks = append(rec.Blocks, b)
	}
	if !need(4) {
		return nil, corruptRecord(lsn, "missing main data length")
	}
	mainLen := int(binary.LittleEndian.Uint32(p))
	p = p[4:]
	if len(p) != mainLen {
		return nil, corruptRecord(lsn, "main data length mismatch")
	}
	rec.Main = p
	return rec, nil
}

// checkRecordHeader validates the fixed header of a record at lsn and
// returns its total length, or 0 when the bytes cannot start a record.
func checkRecordHeader(hdr []byte, expectPrev LSN, checkPrev bool) int {
	tot := int(binary.LittleEndian.Uint32(hdr))
	if tot < xlogRecordHeaderSize+5 || tot > maxRecordSize {
		return 0
	}
	if hdr[18] != 0 || hdr[19] != 0 {
		return 0
	}
	if checkPrev && LSN(binary.LittleEndian.Uint64(hdr[8:])) != expectPrev {
		return 0
	}
	return tot
}

// checkRecordCRC verifies a complete record's CRC.
func checkRecordCRC(raw []byte) bool {
	crc := crc32.Update(0, crcTable, raw[xlogRecordHeaderSize:])
	crc = crc32.Update(crc, crcTable, raw[:20])
	return crc == binary.LittleEndian.Uint32(raw[20:])
}
