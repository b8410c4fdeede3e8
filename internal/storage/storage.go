// Package storage is loomdb's storage manager: PostgreSQL's 8 KiB page
// layout, relation files, the shared buffer pool, the write-ahead log with
// group commit and full-page images, checkpoints, crash recovery and OID
// allocation (PG: storage/, access/transam/xlog*.c).
//
// storage.go: opening and closing a data directory, its lock file, and the
// relation-level operations the access methods use.
//
// Concurrency: a Storage is safe for concurrent use by any number of
// goroutines. Close must not race with other calls.
package storage

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/txn"
	"github.com/loomdb/loomdb/internal/types"
)

// FirstNormalObjectID is the first OID handed out by NewOid (FirstNormalObjectId).
const FirstNormalObjectID types.Oid = 16384

// oidPrefetch is how many OIDs one next-OID record reserves (VAR_OID_PREFETCH).
const oidPrefetch = 8192

// Options configures a Storage. Zero values select the defaults.
type Options struct {
	// SharedBuffers is the pool size in pages (default 16384, 128 MB).
	SharedBuffers int
	// WALBuffers is how many bytes of WAL may wait in memory before being
	// written (default shared_buffers/32, between 64 kB and 16 MB).
	WALBuffers int
	// CheckpointTimeout is the time between automatic checkpoints
	// (default 300 s; negative disables timed checkpoints).
	CheckpointTimeout time.Duration
	// MaxWALSize triggers a checkpoint when about half of it has been
	// written since the last one (default 1 GB).
	MaxWALSize int64
	// NoFsync turns fsync off (fsync=off): faster, not crash safe against
	// power loss. For tests.
	NoFsync bool
	// DisableFullPageWrites turns full_page_writes off.
	DisableFullPageWrites bool
	// Logf receives server log lines; nil discards them.
	Logf func(format string, args ...any)
}

func (o *Options) setDefaults() {
	if o.SharedBuffers <= 0 {
		o.SharedBuffers = 16384
	}
	if o.SharedBuffers < 16 {
		o.SharedBuffers = 16
	}
	if o.WALBuffers <= 0 {
		o.WALBuffers = o.SharedBuffers / 32 * BlockSize
		o.WALBuffers = max(o.WALBuffers, 64<<10)
		o.WALBuffers = min(o.WALBuffers, 16<<20)
	}
	if o.CheckpointTimeout == 0 {
		o.CheckpointTimeout = 300 * time.Second
	}
	if o.MaxWALSize <= 0 {
		o.MaxWALSize = 1 << 30
	}
	if o.Logf == nil {
		o.Logf = func(string, ...any) {}
	}
}

// Storage is an open data directory.
type Storage struct {
	dataDir  string
	opts     Options
	lockFile *os.File

	sm   *smgr
	bm   *BufferManager
	wal  *xlog
	txns *txn.Manager

	relMu sync.Mutex
	rels  map[RelFileLocator]*relState

	oidMu    sync.Mutex
	nextOid  types.Oid
	oidCount int

	ckptMu      sync.Mutex // serializes checkpoints; guards ctl and lastCkptEnd
	ctl         *ControlData
	lastCkptEnd LSN
	// lastRedo is the latest checkpoint's redo point. It is atomic because
	// WAL insertion reads it, and must never wait for ckptMu: a checkpoint
	// holding ckptMu may be waiting for that very insertion's transaction.
	lastRedo atomic.Uint64

	ckptReq chan struct{}
	stop    chan struct{}
	wg      sync.WaitGroup
	closed  bool
}

// Open opens the data directory dataDir, creating a new cluster there when
// global/pg_control does not exist, and runs crash recovery when the
// cluster was not shut down cleanly. The caller creates catalogs afterwards.
func Open(dataDir string, opts Options) (*Storage, error) {
	opts.setDefaults()
	abs, err := filepath.Abs(dataDir)
	if err != nil {
		return nil, pgerror.Newf(pgerror.IOError, "invalid data directory \"%s\": %v", dataDir, err)
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		return nil, pgerror.Newf(pgerror.IOError, "could not create directory \"%s\": %v", abs, err)
	}
	s := &Storage{
		dataDir: abs,
		opts:    opts,
		rels:    make(map[RelFileLocator]*relState),
		nextOid: FirstNormalObjectID,
		ckptReq: make(chan struct{}, 1),
		stop:    make(chan struct{}),
	}
	if err := s.lockDataDir(); err != nil {
		return nil, err
	}
	ok := false
	defer func() {
		if !ok {
			if s.wal != nil {
				s.wal.close()
			}
			if s.sm != nil {
				s.sm.Close()
			}
			s.unlockDataDir()
		}
	}()
	ctl, exists, err := readControlFile(abs)
	if err != nil {
		return nil, err
	}
	if !exists {
		if err := s.initDataDir(); err != nil {
			return nil, err
		}
	}
	s.sm = newSmgr(abs, opts.NoFsync)
	s.bm = newBufferManager(s.sm, opts.SharedBuffers)
	s.wal = newXLog(filepath.Join(abs, "pg_wal"), opts.NoFsync, opts.WALBuffers, !opts.DisableFullPageWrites, s.bm)
	s.wal.onSegment = s.walGrew
	if s.txns, err = txn.NewManager(abs, txnLog{s}, opts.NoFsync); err != nil {
		return nil, err
	}
	if !exists {
		if err := s.bootstrap(); err != nil {
			return nil, err
		}
	} else {
		s.ctl = ctl
		if err := s.recover(); err != nil {
			return nil, err
		}
	}
	s.bm.flushWAL = s.wal.Flush
	ok = true
	s.wg.Add(1)
	go s.checkpointer()
	return s, nil
}

// lockDataDir takes the postmaster.pid lock of the data directory. The lock
// is an flock, so it dies with the process after a crash.
func (s *Storage) lockDataDir() error {
	path := filepath.Join(s.dataDir, "postmaster.pid")
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return pgerror.Newf(pgerror.IOError, "could not create lock file \"%s\": %v", path, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		pid := 0
		if b, rerr := os.ReadFile(path); rerr == nil {
			pid, _ = strconv.Atoi(strings.TrimSpace(strings.SplitN(string(b), "\n", 2)[0]))
		}
		f.Close()
		return pgerror.New("F0001", `lock file "postmaster.pid" already exists`).
			WithHint("Is another postmaster (PID %d) running in data directory \"%s\"?", pid, s.dataDir)
	}
	content := fmt.Sprintf("%d\n%s\n%d\n", os.Getpid(), s.dataDir, time.Now().Unix())
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt([]byte(content), 0)
	}
	s.lockFile = f
	return nil
}

func (s *Storage) unlockDataDir() {
	if s.lockFile != nil {
		_ = s.lockFile.Truncate(0)
		s.lockFile.Close() // releases the flock
		s.lockFile = nil
	}
}

// initDataDir lays out a new data directory.
func (s *Storage) initDataDir() error {
	for _, d := range []string{"base", "global", "pg_wal", "pg_xact"} {
		if err := os.MkdirAll(filepath.Join(s.dataDir, d), 0o700); err != nil {
			return pgerror.Newf(pgerror.IOError, "could not create directory \"%s\": %v", d, err)
		}
	}
	// Segments left by an initialisation that crashed before writing
	// pg_control are garbage.
	if ents, err := os.ReadDir(filepath.Join(s.dataDir, "pg_wal")); err == nil {
		for _, e := range ents {
			if _, ok := parseSegName(e.Name()); ok {
				os.Remove(filepath.Join(s.dataDir, "pg_wal", e.Name()))
			}
		}
	}
	if err := os.WriteFile(filepath.Join(s.dataDir, "PG_VERSION"), []byte("15\n"), 0o600); err != nil {
		return pgerror.Newf(pgerror.IOError, "could not write file \"PG_VERSION\": %v", err)
	}
	if !s.opts.NoFsync {
		for _, d := range []string{"base", "global", "pg_wal", "pg_xact", "."} {
			if err := fsyncDir(filepath.Join(s.dataDir, d)); err != nil {
				return err
			}
		}
	}
	return nil
}

// bootstrap writes the first checkpoint of a new cluster.
func (s *Storage) bootstrap() error {
	s.wal.startAt(firstLSN, InvalidLSN)
	s.wal.redoPtr.Store(uint64(firstLSN))
	s.bm.flushWAL = s.wal.Flush
	s.ctl = &ControlData{SystemIdentifier: uint64(time.Now().UnixNano())<<12 | uint64(os.Getpid()&0xFFF)}
	if err := s.createCheckpoint(true, true); err != nil {
		return err
	}
	c := *s.ctl
	c.State = DBInProduction
	if err := writeControlFile(s.dataDir, &c, s.opts.NoFsync); err != nil {
		return err
	}
	s.ctl = &c
	return nil
}

// Close writes a shutdown checkpoint, stops the background checkpointer and
// releases the data directory.
func (s *Storage) Close() error {
	if s.closed {
		return nil
	}
	s.closed = true
	close(s.stop)
	s.wg.Wait()
	err := s.createCheckpoint(true, true)
	if err == nil {
		// Nothing changes after the shutdown checkpoint: the map it is
		// stamped with is exact for the next start.
		err = s.bm.vm.save(vmPath(s.dataDir), s.ctl.CheckPoint, s.opts.NoFsync)
	}
	s.wal.close()
	s.sm.Close()
	s.unlockDataDir()
	return err
}

// SimulateCrash abandons the Storage as kill -9 would: WAL not yet written
// and dirty buffers are lost, no checkpoint is written, and the data
// directory lock is released. For crash tests only.
func (s *Storage) SimulateCrash() {
	if s.closed {
		return
	}
	s.closed = true
	close(s.stop)
	s.wg.Wait()
	s.wal.discardUnwritten()
	s.wal.close()
	s.bm.dropAll()
	s.sm.Close()
	s.unlockDataDir()
}

// DataDir returns the absolute path of the data directory.
func (s *Storage) DataDir() string { return s.dataDir }

// Buffers returns the buffer pool.
func (s *Storage) Buffers() *BufferManager { return s.bm }

// Txns returns the transaction manager.
func (s *Storage) Txns() *txn.Manager { return s.txns }

// XLogInsert writes a record and returns its end position; the registered
// buffers are marked dirty and get that position as their page LSN. The
// caller holds the registered buffers' exclusive locks.
func (s *Storage) XLogInsert(r *XLogRecordBuilder) (LSN, error) { return s.wal.insert(r) }

// XLogFlush makes the WAL durable up to lsn.
func (s *Storage) XLogFlush(lsn LSN) error { return s.wal.Flush(lsn) }

// RedoRecPtr returns the redo point of the latest checkpoint: a page whose
// LSN is not past it was last logged before that checkpoint (GetRedoRecPtr).
func (s *Storage) RedoRecPtr() LSN { return LSN(s.wal.redoPtr.Load()) }

// InsertLSN returns the current WAL insert position (pg_current_wal_insert_lsn).
func (s *Storage) InsertLSN() LSN { return s.wal.InsertPos() }

// FlushLSN returns the position up to which WAL is durable (pg_current_wal_flush_lsn).
func (s *Storage) FlushLSN() LSN { return s.wal.FlushedPos() }

// NewOid returns a new OID (GetNewObjectId). OIDs start at 16384 and are
// reserved in WAL-logged ranges, so none is handed out twice across crashes.
func (s *Storage) NewOid() types.Oid {
	s.oidMu.Lock()
	defer s.oidMu.Unlock()
	if s.nextOid < FirstNormalObjectID {
		// Wrapped around.
		s.nextOid = FirstNormalObjectID
		s.oidCount = 0
	}
	if s.oidCount == 0 {
		r := NewXLogRecord(RmgrXLOG, xlogNextOid, txn.InvalidXID)
		r.RegisterData(binary.LittleEndian.AppendUint32(nil, uint32(s.nextOid+oidPrefetch)))
		if _, err := s.wal.insert(r); err != nil {
			s.opts.Logf("could not log next OID: %v", err)
		}
		s.oidCount = oidPrefetch
	}
	o := s.nextOid
	s.nextOid++
	s.oidCount--
	return o
}

func (s *Storage) advanceOid(o types.Oid) {
	s.oidMu.Lock()
	if o > s.nextOid {
		s.nextOid = o
	}
	s.oidCount = 0
	s.oidMu.Unlock()
}

// CreateRelationFile creates the file of a new relation, WAL-logged. When tx
// is not nil the file is removed again if tx aborts.
func (s *Storage) CreateRelationFile(tx *txn.Txn, loc RelFileLocator) error {
	xid := txn.InvalidXID
	if tx != nil {
		xid = tx.XID()
	}
	r := NewXLogRecord(RmgrSmgr, smgrCreate, xid)
	r.RegisterData(binary.LittleEndian.AppendUint32(binary.LittleEndian.AppendUint32(nil, uint32(loc.DbOid)), uint32(loc.RelNumber)))
	if _, err := s.wal.insert(r); err != nil {
		return err
	}
	if err := s.sm.Create(loc, false); err != nil {
		return err
	}
	if tx != nil {
		tx.AddPendingDelete(txn.PendingDelete{DbOid: loc.DbOid, RelNumber: loc.RelNumber, AtCommit: false})
	}
	return nil
}

// DropRelationFile schedules the relation's file to be unlinked when tx commits.
func (s *Storage) DropRelationFile(tx *txn.Txn, loc RelFileLocator) {
	tx.AddPendingDelete(txn.PendingDelete{DbOid: loc.DbOid, RelNumber: loc.RelNumber, AtCommit: true})
}

// dropRelationFiles forgets a relation's buffers and state and unlinks its files.
func (s *Storage) dropRelationFiles(loc RelFileLocator) {
	s.bm.DropRelationBuffers(loc, 0)
	s.forgetRelState(loc)
	if err := s.sm.Unlink(loc); err != nil {
		s.opts.Logf("WARNING: %v", err)
	}
}

// RelationExists reports whether the relation's file exists.
func (s *Storage) RelationExists(loc RelFileLocator) bool { return s.sm.Exists(loc) }

// NBlocks returns the relation's size in blocks (RelationGetNumberOfBlocks).
func (s *Storage) NBlocks(loc RelFileLocator) (BlockNumber, error) { return s.sm.NBlocks(loc) }

// TruncateRelation cuts the relation down to nblocks blocks, WAL-logged. The
// caller makes sure nobody uses the removed blocks.
func (s *Storage) TruncateRelation(loc RelFileLocator, nblocks BlockNumber) error {
	r := NewXLogRecord(RmgrSmgr, smgrTruncate, txn.InvalidXID)
	main := binary.LittleEndian.AppendUint32(nil, uint32(loc.DbOid))
	main = binary.LittleEndian.AppendUint32(main, uint32(loc.RelNumber))
	main = binary.LittleEndian.AppendUint32(main, nblocks)
	r.RegisterData(main)
	end, err := s.wal.insert(r)
	if err != nil {
		return err
	}
	// The truncation cannot be undone, so its record must be durable first.
	if err := s.wal.Flush(end); err != nil {
		return err
	}
	s.bm.DropRelationBuffers(loc, nblocks)
	s.ForgetFreeSpace(loc, nblocks)
	return s.sm.Truncate(loc, nblocks)
}

// SyncRelation fsyncs the relation's files now.
func (s *Storage) SyncRelation(loc RelFileLocator) error { return s.sm.Sync(loc) }

// ExtendBuffer adds a zeroed block to the relation and returns its buffer,
// pinned and locked exclusively, and its number. The caller initialises the
// page and WAL-logs its first change with RegbufWillInit.
func (s *Storage) ExtendBuffer(loc RelFileLocator, strategy *BufferAccessStrategy, usage *BufferUsage) (Buffer, BlockNumber, error) {
	rs := s.relState(loc)
	rs.extend.Lock()
	defer rs.extend.Unlock()
	n, err := s.sm.NBlocks(loc)
	if err != nil {
		return InvalidBuffer, 0, err
	}
	if n == InvalidBlockNumber {
		return InvalidBuffer, 0, pgerror.Newf(pgerror.ProgramLimitExceeded, "cannot extend relation %s beyond %d blocks", loc, InvalidBlockNumber)
	}
	// Take the new block's buffer, locked, before the file grows: a
	// backend that sees the longer file and reads the last block then
	// finds it in the pool and waits for our lock, instead of reading the
	// zero page, initializing it and losing its tuple when we zero it.
	buf, err := s.bm.ReadBufferExtended(loc, n, RBMZeroAndLock, strategy, usage)
	if err != nil {
		return InvalidBuffer, 0, err
	}
	var zero [BlockSize]byte
	if err := s.sm.Extend(loc, n, zero[:]); err != nil {
		// The block does not count (smgr counts a block once written), so
		// nobody else reads it; its clean buffer is zeroed again by the
		// next extension.
		s.bm.UnlockReleaseBuffer(buf, BufferLockExclusive)
		return InvalidBuffer, 0, err
	}
	return buf, n, nil
}

// Checkpoint runs a checkpoint now (the CHECKPOINT command).
func (s *Storage) Checkpoint(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return pgerror.Convert(err)
	}
	return s.createCheckpoint(false, true)
}

// walGrew asks for a checkpoint when much WAL was written since the last one.
func (s *Storage) walGrew(insertPos LSN) {
	redo := LSN(s.lastRedo.Load())
	if int64(insertPos-redo) > s.opts.MaxWALSize/2 {
		select {
		case s.ckptReq <- struct{}{}:
		default:
		}
	}
}

// checkpointer runs timed and requested checkpoints until Close.
func (s *Storage) checkpointer() {
	defer s.wg.Done()
	var tick <-chan time.Time
	if s.opts.CheckpointTimeout > 0 {
		t := time.NewTicker(s.opts.CheckpointTimeout)
		defer t.Stop()
		tick = t.C
	}
	for {
		var err error
		select {
		case <-s.stop:
			return
		case <-tick:
			err = s.createCheckpoint(false, false)
		case <-s.ckptReq:
			err = s.createCheckpoint(false, true)
		}
		if err != nil {
			s.opts.Logf("checkpoint failed: %v", err)
		}
	}
}

// IsDataCorrupted reports whether err is an XX001 data_corrupted error.
func IsDataCorrupted(err error) bool {
	var pe *pgerror.Error
	return errors.As(err, &pe) && pe.Code == pgerror.DataCorrupted
}
