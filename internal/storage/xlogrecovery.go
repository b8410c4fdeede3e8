// xlogrecovery.go: crash recovery (PG: access/transam/xlogrecovery.c,
// xlogutils.c).
//
// Recovery starts at the redo point of the checkpoint named in pg_control
// and replays every valid record after it, in order: full-page images are
// restored, and a change is applied to a page only when the page's LSN is
// older than the record. Replay stops cleanly at the first missing, torn or
// CRC-failing record, which marks the end of the log; the log is cut there.
// Transactions that were running at the crash have no commit record and are
// marked aborted. A checkpoint then makes the recovered state the new start.
//
// Concurrency: runs in Open before any other goroutine can see the Storage.
package storage

import (
	"os"

	"github.com/loomdb/loomdb/internal/pgerror"
)

func (s *Storage) recover() error {
	ctl := s.ctl
	ck := ctl.CheckPointCopy
	s.txns.SetNextXID(ck.NextXid)
	s.advanceOid(ck.NextOid)
	if ck.Redo < firstLSN || ck.Redo > ctl.CheckPoint {
		return pgerror.Newf(pgerror.DataCorrupted, "invalid redo record in checkpoint at %s", ctl.CheckPoint)
	}
	// Make the log on disk durable before pages that depend on it are written.
	if err := s.syncWALFrom(ck.Redo); err != nil {
		return err
	}
	if ctl.State != DBShutdowned {
		s.opts.Logf("database system was interrupted; last known up at %s", ctl.CheckPoint)
		s.opts.Logf("redo starts at %s", ck.Redo)
	}
	rd := &walReader{x: s.wal}
	lsn, prev := ck.Redo, InvalidLSN
	replayed := 0
	for {
		rec, err := rd.next(lsn, prev, replayed > 0)
		if err != nil {
			return err
		}
		if rec == nil {
			break
		}
		if err := s.redoRecord(rec); err != nil {
			return err
		}
		prev, lsn = rec.LSN, rec.EndLSN
		replayed++
	}
	if lsn <= ctl.CheckPoint {
		return pgerror.Newf(pgerror.DataCorrupted, "could not locate a valid checkpoint record at %s", ctl.CheckPoint)
	}
	if err := s.wal.truncateAfter(lsn); err != nil {
		return err
	}
	s.wal.startAt(lsn, prev)
	s.wal.redoPtr.Store(uint64(ck.Redo))
	s.lastRedo.Store(uint64(ck.Redo))
	s.txns.AbortUnfinished()
	s.bm.flushWAL = s.wal.Flush
	cleanShutdown := ctl.State == DBShutdowned && replayed == 1 && ck.Redo == ctl.CheckPoint
	// The visibility map saved at a clean shutdown is exact only if
	// nothing was replayed since; load removes the file in any case.
	ckpt := ctl.CheckPoint
	if !cleanShutdown {
		ckpt = InvalidLSN
	}
	if _, err := s.bm.vm.load(vmPath(s.dataDir), ckpt); err != nil {
		return err
	}
	if cleanShutdown {
		s.lastCkptEnd = lsn
		c := *ctl
		c.State = DBInProduction
		if err := writeControlFile(s.dataDir, &c, s.opts.NoFsync); err != nil {
			return err
		}
		s.ctl = &c
		return nil
	}
	s.opts.Logf("redo done at %s", prev)
	return s.createCheckpoint(false, true)
}

// redoRecord replays one record.
func (s *Storage) redoRecord(rec *XLogRecord) error {
	s.txns.AdvanceNextXID(rec.Xid)
	switch rec.Rmid {
	case RmgrXLOG, RmgrXact, RmgrSmgr:
		return s.redoStorageRecord(rec)
	}
	rm := lookupRmgr(rec.Rmid)
	if rm == nil {
		return pgerror.Internal("resource manager %d of WAL record at %s is not registered", rec.Rmid, rec.LSN)
	}
	return s.redoBlocks(rec, rm.Redo)
}

// syncWALFrom fsyncs the segments holding WAL at or after from.
func (s *Storage) syncWALFrom(from LSN) error {
	if s.opts.NoFsync {
		return nil
	}
	segs, err := s.wal.segments()
	if err != nil {
		return err
	}
	for _, n := range segs {
		if n < uint64(from)/WALSegSize {
			continue
		}
		f, err := os.OpenFile(s.wal.segPath(n), os.O_RDWR, 0)
		if err != nil {
			return pgerror.Newf(pgerror.IOError, "could not open file \"%s\": %v", s.wal.segPath(n), err)
		}
		err = f.Sync()
		f.Close()
		if err != nil {
			return pgerror.Newf(pgerror.IOError, "could not fsync file \"%s\": %v", s.wal.segPath(n), err)
		}
	}
	return nil
}
