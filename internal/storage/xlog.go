// xlog.go: the write-ahead log (PG: access/transam/xlog.c, xloginsert.c).
//
// Records are appended to an in-memory buffer under one insertion mutex that
// assigns their LSNs (byte positions in the log) and are written to 16 MiB
// segment files in pg_wal/ named as PostgreSQL names them
// (000000010000000000000001). Flush(lsn) makes everything up to lsn durable
// with group commit: the goroutine that gets the write mutex writes and
// fdatasyncs every record inserted so far, and goroutines that queued behind
// it find their records already flushed. A full-page image is added to a
// record the first time a page changes after the current checkpoint's redo
// point, so a page torn by a crash is rebuilt from the log.
//
// Concurrency: Insert and Flush are safe for concurrent use. Lock order:
// writeMu before insertMu. A failed write or fsync leaves the log unusable
// (PostgreSQL would PANIC); every later call reports that error.
package storage

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/loomdb/loomdb/internal/pgerror"
)

// WALSegSize is the size of one WAL segment file.
const WALSegSize = 16 << 20

// firstLSN is where a new cluster's log begins (segment 1, as in PostgreSQL).
const firstLSN = LSN(WALSegSize)

type xlog struct {
	dir            string
	noFsync        bool
	walBuffers     int
	fullPageWrites bool
	bm             *BufferManager

	insertMu  sync.Mutex
	buf       []byte // records not yet written, starting at bufStart
	spare     []byte
	bufStart  LSN
	insertPos LSN
	prevRec   LSN
	redoPtr   atomic.Uint64 // redo point of the latest checkpoint

	writeMu  sync.Mutex
	written  LSN
	segs     map[uint64]*os.File // open segments, guarded by writeMu
	unsynced map[uint64]*os.File
	dirDirty bool
	flushed  atomic.Uint64
	syncs    atomic.Int64 // WAL fsyncs, for tests and statistics

	failed atomic.Pointer[pgerror.Error]

	// onSegment is called, outside all locks, when inserting crosses into a
	// new segment (the checkpointer watches max_wal_size through it).
	onSegment func(insertPos LSN)
}

func newXLog(dir string, noFsync bool, walBuffers int, fullPageWrites bool, bm *BufferManager) *xlog {
	return &xlog{
		dir:            dir,
		noFsync:        noFsync,
		walBuffers:     walBuffers,
		fullPageWrites: fullPageWrites,
		bm:             bm,
		segs:           make(map[uint64]*os.File),
		unsynced:       make(map[uint64]*os.File),
	}
}

// segName returns the file name of segment segno on timeline 1.
func segName(segno uint64) string {
	const segsPerID = 0x100000000 / WALSegSize
	return fmt.Sprintf("%08X%08X%08X", 1, segno/segsPerID, segno%segsPerID)
}

func parseSegName(name string) (uint64, bool) {
	if len(name) != 24 {
		return 0, false
	}
	tli, err1 := strconv.ParseUint(name[:8], 16, 32)
	hi, err2 := strconv.ParseUint(name[8:16], 16, 32)
	lo, err3 := strconv.ParseUint(name[16:], 16, 32)
	if err1 != nil || err2 != nil || err3 != nil || tli != 1 {
		return 0, false
	}
	return hi*(0x100000000/WALSegSize) + lo, true
}

func (x *xlog) segPath(segno uint64) string { return filepath.Join(x.dir, segName(segno)) }

// startAt positions an empty log (or the end of a recovered one) at end.
func (x *xlog) startAt(end, prev LSN) {
	x.insertMu.Lock()
	x.buf = x.buf[:0]
	x.bufStart = end
	x.insertPos = end
	x.prevRec = prev
	x.insertMu.Unlock()
	x.writeMu.Lock()
	x.written = end
	x.writeMu.Unlock()
	x.flushed.Store(uint64(end))
}

func (x *xlog) fail(err *pgerror.Error) *pgerror.Error {
	x.failed.CompareAndSwap(nil, err)
	return x.failed.Load()
}

func (x *xlog) brokenErr() error {
	if e := x.failed.Load(); e != nil {
		return pgerror.Newf(pgerror.IOError, "write-ahead log is unusable after an earlier error: %s", e.Message).
			WithHint("Restart the server to run crash recovery.")
	}
	return nil
}

// InsertPos returns the position where the next record will go.
func (x *xlog) InsertPos() LSN {
	x.insertMu.Lock()
	defer x.insertMu.Unlock()
	return x.insertPos
}

// FlushedPos returns the position up to which the log is durable.
func (x *xlog) FlushedPos() LSN { return LSN(x.flushed.Load()) }

// insert appends r to the log and returns the end of the record. Registered
// buffers are marked dirty first and get the end LSN as their page LSN.
func (x *xlog) insert(r *XLogRecordBuilder) (LSN, error) {
	_, end, err := x.insertRec(r)
	return end, err
}

// insertRec is insert that also returns where the record starts.
func (x *xlog) insertRec(r *XLogRecordBuilder) (start, end LSN, err error) {
	if err := x.brokenErr(); err != nil {
		return InvalidLSN, InvalidLSN, err
	}
	for i := range r.blocks {
		x.bm.MarkBufferDirty(r.blocks[i].buf)
	}
	images := make([]bool, len(r.blocks))
	var rec []byte
	var bodyCRC uint32
	var bufLen int
	for {
		redo := LSN(x.redoPtr.Load())
		for i := range r.blocks {
			images[i] = needsImage(&r.blocks[i], x.bm.Page(r.blocks[i].buf), redo, x.fullPageWrites)
		}
		rec, bodyCRC = r.assemble(x.bm, redo, x.fullPageWrites, images)
		x.insertMu.Lock()
		if cur := LSN(x.redoPtr.Load()); cur != redo {
			// A checkpoint moved the redo point meanwhile: a page may now need an image.
			stale := false
			for i := range r.blocks {
				if !images[i] && needsImage(&r.blocks[i], x.bm.Page(r.blocks[i].buf), cur, x.fullPageWrites) {
					stale = true
				}
			}
			if stale {
				x.insertMu.Unlock()
				continue
			}
		}
		start = x.insertPos
		finishHeader(rec, x.prevRec, bodyCRC)
		x.buf = append(x.buf, rec...)
		x.prevRec = start
		x.insertPos += LSN(len(rec))
		end = x.insertPos
		bufLen = len(x.buf)
		x.insertMu.Unlock()
		break
	}
	for i := range r.blocks {
		x.bm.Page(r.blocks[i].buf).SetLSN(end)
	}
	if bufLen > x.walBuffers {
		if err := x.write(false); err != nil {
			return start, end, err
		}
	}
	if uint64(start)/WALSegSize != uint64(end)/WALSegSize && x.onSegment != nil {
		x.onSegment(end)
	}
	return start, end, nil
}

// Flush makes the log durable up to at least upto (XLogFlush).
func (x *xlog) Flush(upto LSN) error {
	if upto <= LSN(x.flushed.Load()) {
		return nil
	}
	x.writeMu.Lock()
	defer x.writeMu.Unlock()
	if upto <= LSN(x.flushed.Load()) {
		return nil
	}
	if err := x.brokenErr(); err != nil {
		return err
	}
	if err := x.writeLocked(); err != nil {
		return err
	}
	if upto > x.written {
		return pgerror.Internal("request to flush past end of generated WAL; request %s, current position %s", upto, x.written)
	}
	if err := x.syncLocked(); err != nil {
		return err
	}
	x.flushed.Store(uint64(x.written))
	return nil
}

// write writes out everything inserted so far, optionally fsyncing it.
func (x *xlog) write(fsync bool) error {
	x.writeMu.Lock()
	defer x.writeMu.Unlock()
	if err := x.brokenErr(); err != nil {
		return err
	}
	if err := x.writeLocked(); err != nil {
		return err
	}
	if fsync {
		if err := x.syncLocked(); err != nil {
			return err
		}
		x.flushed.Store(uint64(x.written))
	}
	return nil
}

// writeLocked takes the insert buffer and writes it to the segment files.
// The caller holds writeMu.
func (x *xlog) writeLocked() error {
	x.insertMu.Lock()
	data, start := x.buf, x.bufStart
	x.buf = x.spare[:0]
	x.spare = nil
	x.bufStart = x.insertPos
	x.insertMu.Unlock()
	err := x.writeAt(data, start)
	x.insertMu.Lock()
	if cap(data) <= 4*x.walBuffers {
		x.spare = data[:0]
	}
	x.insertMu.Unlock()
	if err != nil {
		return x.fail(err.(*pgerror.Error))
	}
	x.written = start + LSN(len(data))
	return nil
}

func (x *xlog) openSegLocked(segno uint64) (*os.File, error) {
	if f := x.segs[segno]; f != nil {
		return f, nil
	}
	// Keep only the newest segment open.
	for n, f := range x.segs {
		if _, pending := x.unsynced[n]; !pending {
			f.Close()
			delete(x.segs, n)
		}
	}
	path := x.segPath(segno)
	_, statErr := os.Stat(path)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, pgerror.Newf(pgerror.IOError, "could not open file \"%s\": %v", path, err)
	}
	if statErr != nil {
		x.dirDirty = true
	}
	x.segs[segno] = f
	return f, nil
}

func (x *xlog) writeAt(data []byte, start LSN) error {
	for len(data) > 0 {
		segno := uint64(start) / WALSegSize
		off := int64(uint64(start) % WALSegSize)
		n := int64(len(data))
		if n > WALSegSize-off {
			n = WALSegSize - off
		}
		f, err := x.openSegLocked(segno)
		if err != nil {
			return err
		}
		if _, err := f.WriteAt(data[:n], off); err != nil {
			return pgerror.Newf(pgerror.IOError, "could not write to log file \"%s\" at offset %d: %v", segName(segno), off, err)
		}
		x.unsynced[segno] = f
		data = data[n:]
		start += LSN(n)
	}
	return nil
}

func (x *xlog) syncLocked() error {
	x.syncs.Add(1)
	if !x.noFsync {
		for segno, f := range x.unsynced {
			if err := fdatasync(f); err != nil {
				return x.fail(pgerror.Newf(pgerror.IOError, "could not fdatasync file \"%s\": %v", segName(segno), err))
			}
		}
		if x.dirDirty {
			if err := fsyncDir(x.dir); err != nil {
				return x.fail(err.(*pgerror.Error))
			}
		}
	}
	x.dirDirty = false
	clear(x.unsynced)
	return nil
}

// close closes the segment files.
func (x *xlog) close() {
	x.writeMu.Lock()
	defer x.writeMu.Unlock()
	for n, f := range x.segs {
		f.Close()
		delete(x.segs, n)
	}
	clear(x.unsynced)
}

// discardUnwritten drops records not yet written (a simulated crash).
func (x *xlog) discardUnwritten() {
	x.insertMu.Lock()
	x.buf = x.buf[:0]
	x.insertMu.Unlock()
}

// segments lists the segment numbers present in pg_wal, ascending.
func (x *xlog) segments() ([]uint64, error) {
	ents, err := os.ReadDir(x.dir)
	if err != nil {
		return nil, pgerror.Newf(pgerror.IOError, "could not open directory \"%s\": %v", x.dir, err)
	}
	var out []uint64
	for _, e := range ents {
		if n, ok := parseSegName(e.Name()); ok {
			out = append(out, n)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out, nil
}

// removeOldSegments deletes segments that end at or before redo.
func (x *xlog) removeOldSegments(redo LSN) error {
	keep := uint64(redo) / WALSegSize
	x.writeMu.Lock()
	defer x.writeMu.Unlock()
	segs, err := x.segments()
	if err != nil {
		return err
	}
	removed := false
	for _, n := range segs {
		if n >= keep {
			break
		}
		if f := x.segs[n]; f != nil {
			f.Close()
			delete(x.segs, n)
			delete(x.unsynced, n)
		}
		if err := os.Remove(x.segPath(n)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return pgerror.Newf(pgerror.IOError, "could not remove file \"%s\": %v", x.segPath(n), err)
		}
		removed = true
	}
	if removed && !x.noFsync {
		return fsyncDir(x.dir)
	}
	return nil
}

// truncateAfter cuts the log at end: the rest of end's segment is removed
// and later segments are deleted, so no stale bytes follow the last valid
// record.
func (x *xlog) truncateAfter(end LSN) error {
	x.writeMu.Lock()
	defer x.writeMu.Unlock()
	for n, f := range x.segs {
		f.Close()
		delete(x.segs, n)
	}
	clear(x.unsynced)
	endSeg := uint64(end) / WALSegSize
	segs, err := x.segments()
	if err != nil {
		return err
	}
	for _, n := range segs {
		path := x.segPath(n)
		switch {
		case n > endSeg:
			if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
				return pgerror.Newf(pgerror.IOError, "could not remove file \"%s\": %v", path, err)
			}
		case n == endSeg:
			if err := os.Truncate(path, int64(uint64(end)%WALSegSize)); err != nil {
				return pgerror.Newf(pgerror.IOError, "could not truncate file \"%s\": %v", path, err)
			}
			if f, err := os.OpenFile(path, os.O_RDWR, 0); err == nil {
				if !x.noFsync {
					f.Sync()
				}
				f.Close()
			}
		}
	}
	if !x.noFsync {
		return fsyncDir(x.dir)
	}
	return nil
}

// walReader reads records sequentially from the segment files.
type walReader struct {
	x     *xlog
	segno uint64
	data  []byte // contents of segment segno
	have  bool
}

// bytes returns n bytes starting at lsn, or nil when the log ends first.
func (r *walReader) bytes(lsn LSN, n int) ([]byte, error) {
	out := make([]byte, 0, n)
	for len(out) < n {
		segno := uint64(lsn) / WALSegSize
		if !r.have || r.segno != segno {
			data, err := os.ReadFile(r.x.segPath(segno))
			if err != nil {
				if errors.Is(err, os.ErrNotExist) {
					return nil, nil
				}
				return nil, pgerror.Newf(pgerror.IOError, "could not read file \"%s\": %v", r.x.segPath(segno), err)
			}
			r.segno, r.data, r.have = segno, data, true
		}
		off := int(uint64(lsn) % WALSegSize)
		if off >= len(r.data) {
			return nil, nil
		}
		take := n - len(out)
		if take > len(r.data)-off {
			take = len(r.data) - off
		}
		out = append(out, r.data[off:off+take]...)
		lsn += LSN(take)
		if len(out) < n && off+take < WALSegSize {
			return nil, nil // short segment: the log ends here
		}
	}
	return out, nil
}

// next reads the record at lsn. It returns nil (and no error) at the end of
// valid WAL: a missing, short, torn or CRC-failing record.
func (r *walReader) next(lsn, expectPrev LSN, checkPrev bool) (*XLogRecord, error) {
	hdr, err := r.bytes(lsn, xlogRecordHeaderSize)
	if err != nil || hdr == nil {
		return nil, err
	}
	tot := checkRecordHeader(hdr, expectPrev, checkPrev)
	if tot == 0 {
		return nil, nil
	}
	raw, err := r.bytes(lsn, tot)
	if err != nil || raw == nil {
		return nil, err
	}
	if !checkRecordCRC(raw) {
		return nil, nil
	}
	return decodeRecord(lsn, raw)
}
