// rmgr.go: resource managers and the records storage itself owns (PG:
// access/transam/rmgr.c, xact.c's commit/abort records, catalog/storage.c's
// smgr records, xlog.c's checkpoint and next-OID records).
//
// Access methods above storage (heap, btree) register their redo functions
// with RegisterRmgr from an init function; recovery dispatches each record
// to its resource manager. Redo functions run in the single recovery
// goroutine, before Open returns.
//
// Concurrency: RegisterRmgr is meant for init time but is safe at any time.
package storage

import (
	"encoding/binary"
	"sync"
	"time"

	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/txn"
	"github.com/loomdb/loomdb/internal/types"
)

// Rmgr is a resource manager: the redo routine for its records.
type Rmgr struct {
	Name string
	// Redo applies one record. For each block reference, rc.Page tells
	// whether the page still needs the change; storage has already
	// restored full-page images, and sets page LSNs and dirties the
	// buffers afterwards.
	Redo func(rc *RedoContext) error
}

var (
	rmgrMu sync.RWMutex
	rmgrs  [256]*Rmgr
)

// RegisterRmgr installs the resource manager for id.
func RegisterRmgr(id RmgrID, rm Rmgr) {
	rmgrMu.Lock()
	defer rmgrMu.Unlock()
	rmgrs[id] = &rm
}

func lookupRmgr(id RmgrID) *Rmgr {
	rmgrMu.RLock()
	defer rmgrMu.RUnlock()
	return rmgrs[id]
}

// Info bits of storage's own records.
const (
	xlogCheckpointShutdown = 0x00
	xlogCheckpointOnline   = 0x10
	xlogNextOid            = 0x30
	xlogNextXid            = 0x60
	xlogFPI                = 0xB0

	xactCommit = 0x00
	xactAbort  = 0x20

	smgrCreate   = 0x10
	smgrTruncate = 0x20
)

// XLogFPI is the info of an RmgrXLOG record that carries only full-page
// images (XLOG_FPI): redo restores them. Changes that are easier to log as
// the whole page, such as a sequence's in-place update, use it.
const XLogFPI = xlogFPI

func encodeDrops(b []byte, drops []txn.PendingDelete) []byte {
	b = binary.LittleEndian.AppendUint32(b, uint32(len(drops)))
	for _, d := range drops {
		b = binary.LittleEndian.AppendUint32(b, uint32(d.DbOid))
		b = binary.LittleEndian.AppendUint32(b, uint32(d.RelNumber))
	}
	return b
}

func encodeXids(b []byte, xids []txn.XID) []byte {
	b = binary.LittleEndian.AppendUint32(b, uint32(len(xids)))
	for _, x := range xids {
		b = binary.LittleEndian.AppendUint32(b, uint32(x))
	}
	return b
}

// decodeXactBody reads a transaction record's files to drop and
// subtransaction xids.
func decodeXactBody(lsn LSN, b []byte) ([]RelFileLocator, []txn.XID, error) {
	if len(b) < 4 {
		return nil, nil, corruptRecord(lsn, "truncated transaction record")
	}
	n := int(binary.LittleEndian.Uint32(b))
	b = b[4:]
	if len(b) < 8*n+4 {
		return nil, nil, corruptRecord(lsn, "bad transaction record length")
	}
	drops := make([]RelFileLocator, n)
	for i := range drops {
		drops[i] = RelFileLocator{DbOid: types.Oid(binary.LittleEndian.Uint32(b[8*i:])), RelNumber: types.Oid(binary.LittleEndian.Uint32(b[8*i+4:]))}
	}
	b = b[8*n:]
	k := int(binary.LittleEndian.Uint32(b))
	b = b[4:]
	if len(b) != 4*k {
		return nil, nil, corruptRecord(lsn, "bad transaction record length")
	}
	subs := make([]txn.XID, k)
	for i := range subs {
		subs[i] = txn.XID(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return drops, subs, nil
}

// txnLog implements txn.Log on top of the WAL.
type txnLog struct{ s *Storage }

func (l txnLog) xactRecord(info uint8, xid txn.XID, subxids []txn.XID, drops []txn.PendingDelete) *XLogRecordBuilder {
	r := NewXLogRecord(RmgrXact, info, xid)
	main := binary.LittleEndian.AppendUint64(nil, uint64(time.Now().UnixMicro()))
	r.RegisterData(encodeXids(encodeDrops(main, drops), subxids))
	return r
}

// LogCommit writes a commit record and waits for it to be flushed.
func (l txnLog) LogCommit(xid txn.XID, subxids []txn.XID, drops []txn.PendingDelete) error {
	end, err := l.s.wal.insert(l.xactRecord(xactCommit, xid, subxids, drops))
	if err != nil {
		return err
	}
	return l.s.wal.Flush(end)
}

// LogAbort writes an abort record; it need not be flushed, since a
// transaction without a durable commit record counts as aborted anyway.
func (l txnLog) LogAbort(xid txn.XID, subxids []txn.XID, drops []txn.PendingDelete) error {
	_, err := l.s.wal.insert(l.xactRecord(xactAbort, xid, subxids, drops))
	return err
}

// LogNextXID writes an xid advance record.
func (l txnLog) LogNextXID(next txn.XID) error {
	r := NewXLogRecord(RmgrXLOG, xlogNextXid, txn.InvalidXID)
	r.RegisterData(binary.LittleEndian.AppendUint32(nil, uint32(next)))
	_, err := l.s.wal.insert(r)
	return err
}

// DropFiles unlinks relation files and forgets their buffers.
func (l txnLog) DropFiles(drops []txn.PendingDelete) {
	for _, d := range drops {
		l.s.dropRelationFiles(RelFileLocator{DbOid: d.DbOid, RelNumber: d.RelNumber})
	}
}

// redoStorageRecord replays the records of storage's own resource managers.
func (s *Storage) redoStorageRecord(rec *XLogRecord) error {
	switch rec.Rmid {
	case RmgrXLOG:
		switch rec.Info & 0xF0 {
		case xlogCheckpointShutdown, xlogCheckpointOnline:
			ck, ok := decodeCheckPoint(rec.Main)
			if !ok {
				return corruptRecord(rec.LSN, "truncated checkpoint record")
			}
			s.txns.SetNextXID(ck.NextXid)
			s.advanceOid(ck.NextOid)
		case xlogNextOid:
			if len(rec.Main) < 4 {
				return corruptRecord(rec.LSN, "truncated next-OID record")
			}
			s.advanceOid(types.Oid(binary.LittleEndian.Uint32(rec.Main)))
		case xlogNextXid:
			if len(rec.Main) < 4 {
				return corruptRecord(rec.LSN, "truncated next-XID record")
			}
			s.txns.SetNextXID(txn.XID(binary.LittleEndian.Uint32(rec.Main)))
		case xlogFPI:
			return s.redoBlocks(rec, nil)
		}
	case RmgrXact:
		if len(rec.Main) < 8 {
			return corruptRecord(rec.LSN, "truncated transaction record")
		}
		drops, subxids, err := decodeXactBody(rec.LSN, rec.Main[8:])
		if err != nil {
			return err
		}
		if rec.Info&0xF0 == xactAbort {
			s.txns.RedoAbort(rec.Xid, subxids)
		} else {
			s.txns.RedoCommit(rec.Xid, subxids)
		}
		for _, loc := range drops {
			s.dropRelationFiles(loc)
		}
	case RmgrSmgr:
		if len(rec.Main) < 8 {
			return corruptRecord(rec.LSN, "truncated smgr record")
		}
		loc := RelFileLocator{DbOid: types.Oid(binary.LittleEndian.Uint32(rec.Main)), RelNumber: types.Oid(binary.LittleEndian.Uint32(rec.Main[4:]))}
		switch rec.Info & 0xF0 {
		case smgrCreate:
			return s.sm.Create(loc, true)
		case smgrTruncate:
			if len(rec.Main) < 12 {
				return corruptRecord(rec.LSN, "truncated smgr record")
			}
			n := binary.LittleEndian.Uint32(rec.Main[8:])
			s.bm.DropRelationBuffers(loc, n)
			if s.sm.Exists(loc) {
				return s.sm.Truncate(loc, n)
			}
		}
	default:
		return pgerror.Internal("unknown resource manager %d in record at %s", rec.Rmid, rec.LSN)
	}
	return nil
}

// RedoContext gives a redo function the record and its pages.
type RedoContext struct {
	Rec  *XLogRecord
	bufs []redoBuf
	st   *Storage
}

type redoBuf struct {
	id    uint8
	buf   Buffer
	needs bool
}

// Storage returns the storage being recovered.
func (rc *RedoContext) Storage() *Storage { return rc.st }

// Page returns the page of block reference id, locked exclusively, and
// whether the record's change must still be applied to it. needsRedo is
// false when a full-page image was restored, when the page already has the
// change, or when the block no longer exists (page is nil then).
func (rc *RedoContext) Page(id uint8) (page Page, needsRedo bool) {
	for _, b := range rc.bufs {
		if b.id == id {
			if b.buf == InvalidBuffer {
				return nil, false
			}
			return rc.st.bm.Page(b.buf), b.needs
		}
	}
	return nil, false
}

// readBufferForRedo returns block ref b's buffer locked exclusively
// (XLogReadBufferForRedoExtended), or InvalidBuffer when the block is gone.
func (s *Storage) readBufferForRedo(b *XLogBlockRef) (Buffer, error) {
	if !s.sm.Exists(b.Loc) {
		if err := s.sm.Create(b.Loc, true); err != nil {
			return InvalidBuffer, err
		}
	}
	n, err := s.sm.NBlocks(b.Loc)
	if err != nil {
		return InvalidBuffer, err
	}
	if b.HasImage() || b.WillInit() {
		var zero [BlockSize]byte
		for ; n <= b.Block; n++ {
			if err := s.sm.Extend(b.Loc, n, zero[:]); err != nil {
				return InvalidBuffer, err
			}
		}
		return s.bm.ReadBufferExtended(b.Loc, b.Block, RBMZeroAndLock, nil, nil)
	}
	if b.Block >= n {
		// Truncated or dropped later in the log; the change no longer matters.
		return InvalidBuffer, nil
	}
	buf, err := s.bm.ReadBuffer(b.Loc, b.Block, nil, nil)
	if err != nil {
		return InvalidBuffer, err
	}
	s.bm.LockBuffer(buf, BufferLockExclusive)
	return buf, nil
}

// redoBlocks prepares the record's pages, runs redo (nil for image-only
// records) and finishes the pages.
func (s *Storage) redoBlocks(rec *XLogRecord, redo func(*RedoContext) error) error {
	rc := &RedoContext{Rec: rec, st: s}
	defer func() {
		for _, b := range rc.bufs {
			if b.buf != InvalidBuffer {
				s.bm.UnlockReleaseBuffer(b.buf, BufferLockExclusive)
			}
		}
	}()
	for i := range rec.Blocks {
		b := &rec.Blocks[i]
		buf, err := s.readBufferForRedo(b)
		if err != nil {
			return err
		}
		rb := redoBuf{id: b.ID, buf: buf}
		if buf != InvalidBuffer {
			page := s.bm.Page(buf)
			switch {
			case b.HasImage():
				b.restoreImage(page)
				page.SetLSN(rec.EndLSN)
				s.bm.MarkBufferDirty(buf)
			case b.WillInit():
				rb.needs = true
			default:
				rb.needs = page.LSN() < rec.EndLSN
			}
		}
		rc.bufs = append(rc.bufs, rb)
	}
	if redo != nil {
		if err := redo(rc); err != nil {
			return err
		}
	}
	for _, b := range rc.bufs {
		if b.buf != InvalidBuffer && b.needs {
			s.bm.Page(b.buf).SetLSN(rec.EndLSN)
			s.bm.MarkBufferDirty(b.buf)
		}
	}
	return nil
}
