// heapam_scan.go: sequential and parallel heap scans (PG: access/heap/heapam.c's
// heapgettup_pagemode, heapgetpage; access/table/tableam.c's block-based
// parallel scan).
//
// A scan walks the relation's blocks in order, or, in a parallel scan, the
// blocks its ParallelBlockTableScanWorker claims, or, in a sample scan, the
// blocks and tuples its table.Sampler picks (PG: heapam_scan_sample_next_block
// and heapam_scan_sample_next_tuple). On each page it checks every tuple it
// reads against the snapshot under the shared buffer lock and deforms only
// the requested attributes straight into the batch's column vectors.
// A batch may end in the middle of a page; the next call resumes there. A
// scan of a relation larger than a quarter of shared_buffers uses a
// bulk-read buffer ring.
//
// Concurrency: a Scan belongs to one goroutine. Any number of scans, serial
// or parallel, may run at once; the parallel ones of one query share a
// ParallelBlockTableScan.
package heap

import (
	"context"

	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/storage"
	"github.com/loomdb/loomdb/internal/txn"
	"github.com/loomdb/loomdb/internal/vector"
)

// Scan is a heap scan (HeapScanDesc).
type Scan struct {
	st   *storage.Storage
	bm   *storage.BufferManager
	rel  *table.Relation
	loc  storage.RelFileLocator
	snap *txn.Snapshot
	cols []int
	def  *deformer
	err  error

	pscan *table.ParallelBlockTableScan
	pw    *table.ParallelBlockTableScanWorker
	// sampler picks the blocks and tuples of a sample scan.
	sampler table.Sampler

	started   bool
	nblocks   uint32
	nextBlock uint32
	buf       storage.Buffer
	curBlock  uint32
	nextOff   storage.OffsetNumber

	strategy *storage.BufferAccessStrategy
	// ahead are pinned buffers of the blocks this participant reads next,
	// from aheadBlk on: a bulk scan reads up to storage.IOCombineLimit
	// blocks with one vectored read (PG 17's read stream).
	ahead    []storage.Buffer
	aheadBuf []storage.Buffer
	aheadBlk uint32
	usage    storage.BufferUsage
	tids     []table.TID
	// pf, when set, skips tuples before they are decoded
	// (heapam_prefilter.go); the counters decide whether it pays.
	pf                            table.Prefilter
	pfTested, pfPassed, pfSkipped int64
	// visXmin is an inserting transaction the snapshot sees as committed
	// and not its own: a tuple it inserted that nobody deleted or locked
	// is visible without asking the commit log again. Bulk-loaded tables
	// have millions of tuples of one xmin.
	visXmin txn.XID
}

// BeginScan starts a scan of rel returning attributes cols (0-based
// attribute numbers; b.Cols[i] of each batch holds cols[i]) of the tuples
// visible to snap. A nil snap returns every tuple (SnapshotAny).
func BeginScan(st *storage.Storage, rel *table.Relation, snap *txn.Snapshot, cols []int) *Scan {
	s := &Scan{st: st, bm: st.Buffers(), rel: rel, loc: rel.Locator(), snap: snap, cols: append([]int(nil), cols...)}
	infos, err := attInfos(rel.Desc)
	if err == nil {
		s.def, err = newDeformer(infos, s.cols)
	}
	s.err = err
	return s
}

// BeginParallelScan starts one participant's part of a parallel scan whose
// shared state is pscan.
func BeginParallelScan(st *storage.Storage, rel *table.Relation, snap *txn.Snapshot, cols []int, pscan *ParallelBlockTableScan) *Scan {
	s := BeginScan(st, rel, snap, cols)
	s.pscan = pscan
	s.pw = pscan.NewWorker()
	return s
}

// BeginSampleScan starts a scan of the blocks and tuples of rel that
// sampler picks, returning those visible to snap.
func BeginSampleScan(st *storage.Storage, rel *table.Relation, snap *txn.Snapshot, cols []int, sampler table.Sampler) *Scan {
	s := BeginScan(st, rel, snap, cols)
	s.sampler = sampler
	return s
}

func (s *Scan) start() error {
	s.started = true
	if s.pscan != nil {
		s.nblocks = s.pscan.NBlocks()
	} else {
		n, err := s.st.NBlocks(s.loc)
		if err != nil {
			return err
		}
		s.nblocks = n
	}
	if s.nblocks > uint32(s.bm.NBuffers()/4) {
		if s.strategy == nil {
			s.strategy = s.bm.NewStrategy(storage.BulkRead)
		}
	} else {
		s.strategy = nil
	}
	return nil
}

func (s *Scan) nextPage() (uint32, bool) {
	if s.sampler != nil {
		return s.sampler.NextBlock(s.nblocks)
	}
	if s.pw != nil {
		return s.pw.NextPage()
	}
	if s.nextBlock >= s.nblocks {
		return 0, false
	}
	s.nextBlock++
	return s.nextBlock - 1, true
}

// Next resets b and fills it with up to vector.BatchSize visible rows. It
// returns false when the scan is exhausted and b is empty.
func (s *Scan) Next(ctx context.Context, b *vector.Batch) (bool, error) {
	b.Reset()
	s.tids = s.tids[:0]
	if s.err != nil {
		return false, s.err
	}
	if len(b.Cols) != len(s.cols) {
		return false, pgerror.Internal("batch has %d columns, scan returns %d", len(b.Cols), len(s.cols))
	}
	if !s.started {
		if err := s.start(); err != nil {
			return false, err
		}
	}
	for b.N < vector.BatchSize {
		if s.buf == storage.InvalidBuffer {
			blk, ok := s.nextPage()
			if !ok {
				break
			}
			if err := ctx.Err(); err != nil {
				return false, pgerror.Convert(err)
			}
			buf, err := s.readBlock(blk)
			if err != nil {
				if storage.IsBeyondEOF(err) {
					continue // cut off by VACUUM after the scan started: it was empty
				}
				return false, err
			}
			s.buf, s.curBlock, s.nextOff = buf, blk, storage.FirstOffsetNumber
		}
		var done bool
		var err error
		if s.sampler != nil {
			done, err = s.scanSamplePage(b)
		} else {
			done, err = s.scanPage(b)
		}
		if err != nil {
			return false, err
		}
		if done {
			s.bm.ReleaseBuffer(s.buf)
			s.buf = storage.InvalidBuffer
		}
	}
	return b.N > 0, nil
}

// readBlock pins block blk, the scan's next. A bulk scan (one with a
// buffer ring) reads it together with the blocks it reads next.
func (s *Scan) readBlock(blk uint32) (storage.Buffer, error) {
	if len(s.ahead) > 0 {
		if blk == s.aheadBlk {
			buf := s.ahead[0]
			s.ahead, s.aheadBlk = s.ahead[1:], blk+1
			return buf, nil
		}
		s.releaseAhead()
	}
	if s.strategy != nil && s.sampler == nil {
		var more int
		if s.pw != nil {
			more = s.pw.Ahead()
		} else {
			more = int(s.nblocks - 1 - blk)
		}
		// A scan keeps at most a 64th of the pool pinned ahead, so that
		// other sessions always find buffers (PG 17 limits a backend's
		// pins to its share of the pool too).
		if n := min(more+1, storage.IOCombineLimit, s.bm.NBuffers()/64); n > 1 {
			bufs, err := s.bm.ReadBuffers(s.loc, blk, n, s.strategy, &s.usage, s.aheadBuf[:0])
			if err == nil {
				s.aheadBuf = bufs
				s.ahead, s.aheadBlk = bufs[1:], blk+1
				return bufs[0], nil
			}
			// Read on its own, the block reports its error as ever (or
			// is found cut off by VACUUM).
		}
	}
	return s.bm.ReadBuffer(s.loc, blk, s.strategy, &s.usage)
}

// releaseAhead unpins the blocks read ahead and not scanned.
func (s *Scan) releaseAhead() {
	for _, b := range s.ahead {
		s.bm.ReleaseBuffer(b)
	}
	s.ahead = nil
}

// scanPage adds the visible tuples of the current page, from nextOff on, to
// b until b is full. It reports whether the page is finished.
func (s *Scan) scanPage(b *vector.Batch) (bool, error) {
	s.bm.LockBuffer(s.buf, storage.BufferLockShare)
	defer s.bm.UnlockBuffer(s.buf, storage.BufferLockShare)
	page := s.bm.Page(s.buf)
	if page.IsNew() {
		return true, nil
	}
	maxoff := page.MaxOffsetNumber()
	off := s.nextOff
	for ; off <= maxoff; off++ {
		if b.N >= vector.BatchSize {
			s.nextOff = off
			return false, nil
		}
		id := page.ItemID(off)
		if !id.IsNormal() {
			continue
		}
		item, err := page.Item(id)
		if err != nil {
			return false, err
		}
		if err := checkTupleHeader(item); err != nil {
			return false, err
		}
		if s.snap != nil && !s.visible(tupleHeader(item)) {
			continue
		}
		tid := table.TID{Block: s.curBlock, Offset: off}
		if s.pf != nil {
			data, pass, err := s.prefilterPasses(item)
			if err != nil {
				return false, err
			}
			if !pass {
				continue
			}
			if err := s.def.appendLocated(data, tid, b); err != nil {
				return false, err
			}
		} else if err := s.def.appendTo(item, tid, b); err != nil {
			return false, err
		}
		b.N++
		s.tids = append(s.tids, tid)
	}
	return true, nil
}

// visible is satisfiesMVCC, remembering the last inserting transaction
// found visible (visXmin).
func (s *Scan) visible(h tupleHeader) bool {
	xmin := h.xmin()
	if xmin == s.visXmin && xmin != txn.InvalidXID && h.xmaxInvalid() {
		return true
	}
	if !satisfiesMVCC(h, s.snap) {
		return false
	}
	if h.xmaxInvalid() && !s.snap.IsCurrentXID(xmin) {
		s.visXmin = xmin
	}
	return true
}

// scanSamplePage adds the visible tuples of the current page that the
// sampler picks to b until b is full. It reports whether the page is
// finished.
func (s *Scan) scanSamplePage(b *vector.Batch) (bool, error) {
	s.bm.LockBuffer(s.buf, storage.BufferLockShare)
	defer s.bm.UnlockBuffer(s.buf, storage.BufferLockShare)
	page := s.bm.Page(s.buf)
	if page.IsNew() {
		return true, nil
	}
	maxoff := page.MaxOffsetNumber()
	for b.N < vector.BatchSize {
		off, ok := s.sampler.NextTuple(s.curBlock, maxoff)
		if !ok {
			return true, nil
		}
		if off < storage.FirstOffsetNumber || off > maxoff {
			return false, pgerror.Internal("tablesample method returned invalid tuple offset %d for block %d", off, s.curBlock)
		}
		id := page.ItemID(off)
		if !id.IsNormal() {
			continue
		}
		item, err := page.Item(id)
		if err != nil {
			return false, err
		}
		if err := checkTupleHeader(item); err != nil {
			return false, err
		}
		if s.snap != nil && !satisfiesMVCC(tupleHeader(item), s.snap) {
			continue
		}
		tid := table.TID{Block: s.curBlock, Offset: off}
		if err := s.def.appendTo(item, tid, b); err != nil {
			return false, err
		}
		b.N++
		s.tids = append(s.tids, tid)
	}
	return false, nil
}

// TIDs returns the tuple ids of the rows of the last batch.
func (s *Scan) TIDs() []table.TID { return s.tids }

// Usage returns the scan's buffer accesses so far.
func (s *Scan) Usage() storage.BufferUsage { return s.usage }

// Rescan restarts the scan. For a parallel scan the leader must also
// Reinitialize the shared state before any participant continues. A
// sample scan's sampler keeps its position: a sample is read again by a
// new scan with a new sampler.
func (s *Scan) Rescan() {
	s.releaseBuf()
	s.started = false
	s.nextBlock = 0
	if s.pw != nil {
		s.pw.Reset()
	}
}

// End releases the scan's buffer pins; it is idempotent.
func (s *Scan) End() { s.releaseBuf() }

func (s *Scan) releaseBuf() {
	s.releaseAhead()
	if s.buf != storage.InvalidBuffer {
		s.bm.ReleaseBuffer(s.buf)
		s.buf = storage.InvalidBuffer
	}
}
