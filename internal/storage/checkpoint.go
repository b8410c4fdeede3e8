// checkpoint.go: checkpoints (PG: access/transam/xlog.c's CreateCheckPoint,
// postmaster/checkpointer.c).
//
// A checkpoint chooses a redo point (the current WAL insert position) while
// no commit is half done, writes every dirty buffer, saves the commit log,
// fsyncs the relation files written since the last checkpoint, writes a
// checkpoint record, and points pg_control at it. From then on recovery
// starts at the redo point, so older WAL segments are deleted. Pages changed
// after the redo point get a full-page image with their first change.
//
// Concurrency: checkpoints are serialized by ckptMu and run concurrently with
// normal activity.
package storage

import (
	"time"

	"github.com/loomdb/loomdb/internal/types"
)

// createCheckpoint runs a checkpoint. An idle cluster is not checkpointed
// again unless force is set; a shutdown checkpoint marks pg_control cleanly
// shut down.
func (s *Storage) createCheckpoint(shutdown, force bool) error {
	s.ckptMu.Lock()
	defer s.ckptMu.Unlock()
	if !force && !shutdown && s.wal.InsertPos() == s.lastCkptEnd {
		return nil
	}
	release := s.txns.CheckpointBarrier()
	s.wal.insertMu.Lock()
	redo := s.wal.insertPos
	s.wal.redoPtr.Store(uint64(redo))
	s.wal.insertMu.Unlock()
	release()

	if err := s.bm.FlushAll(); err != nil {
		return err
	}
	if err := s.txns.CheckPointCLOG(); err != nil {
		return err
	}
	if err := s.sm.SyncPending(); err != nil {
		return err
	}
	s.oidMu.Lock()
	nextOid := s.nextOid
	if !shutdown {
		// After a crash, OIDs up to the end of the logged range may be in use.
		nextOid += types.Oid(s.oidCount)
	}
	s.oidMu.Unlock()
	ck := CheckPoint{Redo: redo, NextXid: s.txns.NextXID(), NextOid: nextOid, Time: time.Now().Unix()}
	info := uint8(xlogCheckpointOnline)
	if shutdown {
		info = xlogCheckpointShutdown
	}
	r := NewXLogRecord(RmgrXLOG, info, 0)
	r.RegisterData(ck.encode())
	start, end, err := s.wal.insertRec(r)
	if err != nil {
		return err
	}
	if err := s.wal.Flush(end); err != nil {
		return err
	}
	ctl := *s.ctl
	ctl.CheckPoint = start
	ctl.CheckPointCopy = ck
	ctl.Time = ck.Time
	ctl.State = DBInProduction
	if shutdown {
		ctl.State = DBShutdowned
	}
	if err := writeControlFile(s.dataDir, &ctl, s.opts.NoFsync); err != nil {
		return err
	}
	s.ctl = &ctl
	s.lastCkptEnd = end
	s.lastRedo.Store(uint64(redo))
	return s.wal.removeOldSegments(redo)
}
