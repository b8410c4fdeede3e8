// singletuple.go: relations of exactly one frozen tuple that is changed in
// place, which is how a sequence keeps its state (PG: the page handling of
// commands/sequence.c: fill_seq_with_data, read_seq_tuple, and the in-place
// change nextval makes).
//
// The tuple's xmin is FrozenXID, so every snapshot sees it and a scan of the
// relation reads its current values. Changes are not transactional: they
// overwrite the tuple under the buffer's exclusive lock and are WAL-logged
// as a full-page image, which recovery restores.

package heap

import (
	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/storage"
	"github.com/loomdb/loomdb/internal/txn"
	"github.com/loomdb/loomdb/internal/types"
)

// formFrozenTuple builds row as a tuple every snapshot sees.
func formFrozenTuple(rel *table.Relation, row []types.Datum) ([]byte, error) {
	infos, err := attInfos(rel.Desc)
	if err != nil {
		return nil, err
	}
	tup, err := formTuple(infos, row)
	if err != nil {
		return nil, err
	}
	h := tupleHeader(tup)
	h.setXmin(txn.FrozenXID)
	h.setInfomask(h.infomask() | HeapXminCommitted | HeapXmaxInvalid)
	return tup, nil
}

// InitSingleTuple writes the only page of rel, which must be empty, holding
// row as a frozen tuple, and WAL-logs it for xid.
func InitSingleTuple(st *storage.Storage, rel *table.Relation, row []types.Datum, xid txn.XID) error {
	tup, err := formFrozenTuple(rel, row)
	if err != nil {
		return err
	}
	bm := st.Buffers()
	buf, blk, err := st.ExtendBuffer(rel.Locator(), nil, nil)
	if err != nil {
		return err
	}
	defer bm.UnlockReleaseBuffer(buf, storage.BufferLockExclusive)
	if blk != 0 {
		return pgerror.Internal("relation %s already has data", rel.Name)
	}
	page := bm.Page(buf)
	storage.PageInit(page, 0)
	off := storage.PageAddItem(page, tup, storage.InvalidOffsetNumber, false)
	if off == storage.InvalidOffsetNumber {
		return pgerror.Internal("failed to add tuple to relation %s", rel.Name)
	}
	item, err := page.GetItem(off)
	if err != nil {
		return err
	}
	tupleHeader(item).setCtid(table.TID{Block: 0, Offset: off})
	return logPageImage(st, buf, xid)
}

func logPageImage(st *storage.Storage, buf storage.Buffer, xid txn.XID) error {
	rec := storage.NewXLogRecord(storage.RmgrXLOG, storage.XLogFPI, xid)
	rec.RegisterBuffer(0, buf, storage.RegbufForceImage|storage.RegbufStandard)
	_, err := st.XLogInsert(rec)
	return err
}

// SingleTuple is the locked tuple of a one-tuple relation, open for an
// in-place change.
type SingleTuple struct {
	st    *storage.Storage
	rel   *table.Relation
	buf   storage.Buffer
	item  []byte
	infos []attInfo
	// Row holds the tuple's values.
	Row []types.Datum
}

// LockSingleTuple reads the tuple of rel and holds its page exclusively
// locked until Release.
func LockSingleTuple(st *storage.Storage, rel *table.Relation) (*SingleTuple, error) {
	infos, err := attInfos(rel.Desc)
	if err != nil {
		return nil, err
	}
	bm := st.Buffers()
	buf, err := bm.ReadBuffer(rel.Locator(), 0, nil, nil)
	if err != nil {
		return nil, err
	}
	bm.LockBuffer(buf, storage.BufferLockExclusive)
	item, err := normalItem(bm.Page(buf), table.TID{Block: 0, Offset: storage.FirstOffsetNumber})
	if err == nil {
		err = checkTupleHeader(item)
	}
	var row []types.Datum
	if err == nil {
		row, err = deformAll(infos, item)
	}
	if err != nil {
		bm.UnlockReleaseBuffer(buf, storage.BufferLockExclusive)
		return nil, err
	}
	return &SingleTuple{st: st, rel: rel, buf: buf, item: item, infos: infos, Row: row}, nil
}

// PageLSN returns the LSN of the tuple's page: the end of its last logged change.
func (s *SingleTuple) PageLSN() storage.LSN { return s.st.Buffers().Page(s.buf).LSN() }

// Update overwrites the tuple with row, which must have the same layout
// (fixed-width values, no nulls where there were none). With log set the
// change is WAL-logged for xid; otherwise it lives in the buffer only, as
// a sequence's unlogged fetches do.
func (s *SingleTuple) Update(row []types.Datum, log bool, xid txn.XID) error {
	tup, err := formTuple(s.infos, row)
	if err != nil {
		return err
	}
	hoff := int(s.item[offHoff])
	if len(tup) != len(s.item) || int(tup[offHoff]) != hoff {
		return pgerror.Internal("in-place update of %s changes the tuple's size", s.rel.Name)
	}
	copy(s.item[hoff:], tup[hoff:])
	s.Row = row
	if log {
		return logPageImage(s.st, s.buf, xid)
	}
	s.st.Buffers().MarkBufferDirty(s.buf)
	return nil
}

// Release unlocks and unpins the page.
func (s *SingleTuple) Release() {
	s.st.Buffers().UnlockReleaseBuffer(s.buf, storage.BufferLockExclusive)
}
