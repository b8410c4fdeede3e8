// Package heap is the heap table access method: PostgreSQL's heap tuple
// format on slotted pages, MVCC visibility, inserts (single and bulk),
// deletes, sequential and parallel scans that deform straight into column
// vectors, VACUUM, and the redo of its WAL records (PG: access/heap/*,
// access/common/heaptuple.c).
//
// htup.go: the heap tuple header (HeapTupleHeaderData) and its flag bits.
//
// Concurrency: these helpers read or write the header bytes they are given;
// callers hold the page's buffer lock.
package heap

import (
	"encoding/binary"

	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/storage"
	"github.com/loomdb/loomdb/internal/txn"
)

// t_infomask bits.
const (
	HeapHasNull       = 0x0001
	HeapHasVarWidth   = 0x0002
	HeapHasExternal   = 0x0004
	HeapXmaxKeyShr    = 0x0010
	HeapComboCID      = 0x0020
	HeapXmaxExclLock  = 0x0040
	HeapXmaxLockOnly  = 0x0080
	HeapXminCommitted = 0x0100
	HeapXminInvalid   = 0x0200
	HeapXmaxCommitted = 0x0400
	HeapXmaxInvalid   = 0x0800
	HeapXmaxIsMulti   = 0x1000
	HeapUpdated       = 0x2000

	heapXactMask = 0xFFF0 // bits describing xmin/xmax state
)

// t_infomask2 bits.
const (
	HeapNattsMask   = 0x07FF
	HeapKeysUpdated = 0x2000
	HeapHotUpdated  = 0x4000
	HeapOnlyTuple   = 0x8000
)

// Header field offsets.
const (
	offXmin      = 0
	offXmax      = 4
	offCid       = 8
	offCtid      = 12
	offInfomask2 = 18
	offInfomask  = 20
	offHoff      = 22
	offBits      = 23
)

// tupleHeader is a heap tuple as stored on a page: header then data.
type tupleHeader []byte

func (t tupleHeader) xmin() txn.XID { return txn.XID(binary.LittleEndian.Uint32(t[offXmin:])) }
func (t tupleHeader) xmax() txn.XID { return txn.XID(binary.LittleEndian.Uint32(t[offXmax:])) }
func (t tupleHeader) rawCid() txn.CommandID {
	return txn.CommandID(binary.LittleEndian.Uint32(t[offCid:]))
}
func (t tupleHeader) infomask() uint16  { return binary.LittleEndian.Uint16(t[offInfomask:]) }
func (t tupleHeader) infomask2() uint16 { return binary.LittleEndian.Uint16(t[offInfomask2:]) }
func (t tupleHeader) hoff() int         { return int(t[offHoff]) }
func (t tupleHeader) natts() int        { return int(t.infomask2() & HeapNattsMask) }

func (t tupleHeader) setXmin(x txn.XID)      { binary.LittleEndian.PutUint32(t[offXmin:], uint32(x)) }
func (t tupleHeader) setXmax(x txn.XID)      { binary.LittleEndian.PutUint32(t[offXmax:], uint32(x)) }
func (t tupleHeader) setCid(c txn.CommandID) { binary.LittleEndian.PutUint32(t[offCid:], uint32(c)) }
func (t tupleHeader) setInfomask(m uint16)   { binary.LittleEndian.PutUint16(t[offInfomask:], m) }
func (t tupleHeader) setInfomask2(m uint16)  { binary.LittleEndian.PutUint16(t[offInfomask2:], m) }

func (t tupleHeader) ctid() table.TID {
	hi := binary.LittleEndian.Uint16(t[offCtid:])
	lo := binary.LittleEndian.Uint16(t[offCtid+2:])
	return table.TID{Block: uint32(hi)<<16 | uint32(lo), Offset: binary.LittleEndian.Uint16(t[offCtid+4:])}
}

func (t tupleHeader) setCtid(tid table.TID) {
	binary.LittleEndian.PutUint16(t[offCtid:], uint16(tid.Block>>16))
	binary.LittleEndian.PutUint16(t[offCtid+2:], uint16(tid.Block))
	binary.LittleEndian.PutUint16(t[offCtid+4:], tid.Offset)
}

// xmaxInvalid reports whether the tuple has no deleting or locking xmax.
func (t tupleHeader) xmaxInvalid() bool {
	return t.infomask()&HeapXmaxInvalid != 0 || t.xmax() == txn.InvalidXID
}

// xmaxIsLockedOnly reports whether xmax only locks the tuple.
func (t tupleHeader) xmaxIsLockedOnly() bool {
	m := t.infomask()
	return m&HeapXmaxLockOnly != 0 || m&(HeapXmaxIsMulti|HeapXmaxExclLock|HeapXmaxKeyShr) == HeapXmaxExclLock
}

// cmin returns the inserting command id; only meaningful to the inserting
// transaction.
func (t tupleHeader) cmin(tx *txn.Txn) txn.CommandID {
	cid := t.rawCid()
	if t.infomask()&HeapComboCID != 0 && tx != nil {
		if cmin, _, ok := tx.ComboCIDLookup(cid); ok {
			return cmin
		}
	}
	return cid
}

// cmax returns the deleting command id; only meaningful to the deleting
// transaction.
func (t tupleHeader) cmax(tx *txn.Txn) txn.CommandID {
	cid := t.rawCid()
	if t.infomask()&HeapComboCID != 0 && tx != nil {
		if _, cmax, ok := tx.ComboCIDLookup(cid); ok {
			return cmax
		}
	}
	return cid
}

// checkTupleHeader validates the parts of a stored tuple's header that
// deforming relies on.
func checkTupleHeader(t []byte) error {
	if len(t) < storage.SizeofHeapTupleHeader {
		return corrupt("tuple length %d is shorter than its header", len(t))
	}
	h := tupleHeader(t)
	if h.hoff() < storage.SizeofHeapTupleHeader || h.hoff() > len(t) {
		return corrupt("invalid tuple header offset %d for tuple of length %d", h.hoff(), len(t))
	}
	if h.infomask()&HeapHasNull != 0 && offBits+(h.natts()+7)/8 > h.hoff() {
		return corrupt("tuple null bitmap overlaps its data")
	}
	return nil
}
