// smgr.go: relation files on disk (PG: storage/smgr/smgr.c, md.c).
//
// A relation's main fork lives in base/<dboid>/<relfilenode> (global/<relfilenode>
// for shared relations, dboid 0), split into 1 GiB segments named
// <relfilenode>, <relfilenode>.1, <relfilenode>.2, ... Segments written since
// the last checkpoint are remembered and fsynced by the next checkpoint.
//
// Concurrency: all methods are safe for concurrent use. Reads and writes of
// distinct blocks proceed in parallel (pread/pwrite); the segment table and the
// cached size of one relation are guarded by that relation's mutex.
package storage

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"

	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

// RelSegSize is RELSEG_SIZE: blocks per 1 GiB segment file.
const RelSegSize = 131072

// RelFileLocator names a relation's storage: the database (0 for shared
// relations under global/) and the relfilenode.
type RelFileLocator struct {
	DbOid     types.Oid
	RelNumber types.Oid
}

// String returns the path of the locator's first segment relative to the
// data directory, as PostgreSQL names relations in messages.
func (l RelFileLocator) String() string {
	if l.DbOid == 0 {
		return fmt.Sprintf("global/%d", l.RelNumber)
	}
	return fmt.Sprintf("base/%d/%d", l.DbOid, l.RelNumber)
}

// errRelationMissing is wrapped by write errors for relations whose file is gone.
var errRelationMissing = errors.New("relation file does not exist")

// taggedError is a SQLSTATE error that also matches a sentinel with errors.Is.
type taggedError struct {
	pe       *pgerror.Error
	sentinel error
}

// Error returns the SQLSTATE error's message.
func (e *taggedError) Error() string { return e.pe.Message }

// Unwrap exposes both the SQLSTATE error and the sentinel.
func (e *taggedError) Unwrap() []error { return []error{e.pe, e.sentinel} }

// errBeyondEOF is wrapped by read errors for blocks past the end of a file.
var errBeyondEOF = errors.New("block beyond end of relation")

// IsBeyondEOF reports whether err came from reading a block past the end of
// a relation (a relation truncated by VACUUM while a scan was planned).
func IsBeyondEOF(err error) bool { return errors.Is(err, errBeyondEOF) }

func beyondEOFError(pe *pgerror.Error) error { return &taggedError{pe, errBeyondEOF} }

type smgrRelation struct {
	loc     RelFileLocator
	mu      sync.Mutex
	segs    []*os.File // open segments; nil entries not yet opened
	nblocks int64      // cached size in blocks, -1 when unknown
}

type segKey struct {
	loc RelFileLocator
	seg int
}

// smgr manages the open relation files of one data directory.
type smgr struct {
	dataDir string
	noFsync bool

	mu        sync.Mutex
	rels      map[RelFileLocator]*smgrRelation
	pending   map[segKey]struct{} // segments written since the last checkpoint
	dirtyDirs map[string]struct{} // directories with created or removed entries
}

func newSmgr(dataDir string, noFsync bool) *smgr {
	return &smgr{
		dataDir:   dataDir,
		noFsync:   noFsync,
		rels:      make(map[RelFileLocator]*smgrRelation),
		pending:   make(map[segKey]struct{}),
		dirtyDirs: make(map[string]struct{}),
	}
}

func (s *smgr) relDir(loc RelFileLocator) string {
	if loc.DbOid == 0 {
		return filepath.Join(s.dataDir, "global")
	}
	return filepath.Join(s.dataDir, "base", strconv.FormatUint(uint64(loc.DbOid), 10))
}

func (s *smgr) segPath(loc RelFileLocator, seg int) string {
	name := strconv.FormatUint(uint64(loc.RelNumber), 10)
	if seg > 0 {
		name += "." + strconv.Itoa(seg)
	}
	return filepath.Join(s.relDir(loc), name)
}

func (s *smgr) rel(loc RelFileLocator) *smgrRelation {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.rels[loc]
	if r == nil {
		r = &smgrRelation{loc: loc, nblocks: -1}
		s.rels[loc] = r
	}
	return r
}

func ioError(format string, args ...any) *pgerror.Error {
	return pgerror.Newf(pgerror.IOError, format, args...)
}

// Exists reports whether the relation's first segment exists.
func (s *smgr) Exists(loc RelFileLocator) bool {
	_, err := os.Stat(s.segPath(loc, 0))
	return err == nil
}

// Create creates the relation's first segment. With isRedo an existing file
// is accepted (recovery may replay a creation twice).
func (s *smgr) Create(loc RelFileLocator, isRedo bool) error {
	dir := s.relDir(loc)
	if _, err := os.Stat(dir); err != nil {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return ioError("could not create directory \"%s\": %v", dir, err)
		}
		s.markDirDirty(filepath.Dir(dir))
	}
	path := s.segPath(loc, 0)
	flags := os.O_RDWR | os.O_CREATE
	if !isRedo {
		flags |= os.O_EXCL
	}
	f, err := os.OpenFile(path, flags, 0o600)
	if err != nil {
		return ioError("could not create file \"%s\": %v", path, err)
	}
	r := s.rel(loc)
	r.mu.Lock()
	if len(r.segs) > 0 && r.segs[0] != nil {
		f.Close()
	} else {
		if len(r.segs) == 0 {
			r.segs = append(r.segs, f)
		} else {
			r.segs[0] = f
		}
		r.nblocks = -1
	}
	r.mu.Unlock()
	s.markDirDirty(dir)
	return nil
}

func (s *smgr) markDirDirty(dir string) {
	s.mu.Lock()
	s.dirtyDirs[dir] = struct{}{}
	s.mu.Unlock()
}

func (s *smgr) markPending(loc RelFileLocator, seg int) {
	s.mu.Lock()
	s.pending[segKey{loc, seg}] = struct{}{}
	s.mu.Unlock()
}

// openSeg returns segment seg of r, opening it (creating it when create is
// set). The caller holds r.mu.
func (s *smgr) openSeg(r *smgrRelation, seg int, create bool) (*os.File, error) {
	for len(r.segs) <= seg {
		r.segs = append(r.segs, nil)
	}
	if f := r.segs[seg]; f != nil {
		return f, nil
	}
	path := s.segPath(r.loc, seg)
	flags := os.O_RDWR
	if create {
		flags |= os.O_CREATE
	}
	f, err := os.OpenFile(path, flags, 0o600)
	if err != nil {
		if os.IsNotExist(err) && !create {
			return nil, err
		}
		return nil, ioError("could not open file \"%s\": %v", path, err)
	}
	if create && seg > 0 {
		s.markDirDirty(s.relDir(r.loc))
	}
	r.segs[seg] = f
	return f, nil
}

// nblocksLocked computes the relation size from its segment files.
func (s *smgr) nblocksLocked(r *smgrRelation) (int64, error) {
	if r.nblocks >= 0 {
		return r.nblocks, nil
	}
	var total int64
	for seg := 0; ; seg++ {
		f, err := s.openSeg(r, seg, false)
		if err != nil {
			if os.IsNotExist(err) {
				if seg == 0 {
					return 0, ioError("could not open file \"%s\": No such file or directory", s.segPath(r.loc, 0))
				}
				break
			}
			return 0, err
		}
		fi, err := f.Stat()
		if err != nil {
			return 0, ioError("could not seek to end of file \"%s\": %v", s.segPath(r.loc, seg), err)
		}
		n := fi.Size() / BlockSize
		total += n
		if n < RelSegSize {
			break
		}
	}
	r.nblocks = total
	return total, nil
}

// NBlocks returns the number of blocks in the relation.
func (s *smgr) NBlocks(loc RelFileLocator) (BlockNumber, error) {
	r := s.rel(loc)
	r.mu.Lock()
	defer r.mu.Unlock()
	n, err := s.nblocksLocked(r)
	return BlockNumber(n), err
}

// Read reads block blk into buf.
func (s *smgr) Read(loc RelFileLocator, blk BlockNumber, buf []byte) error {
	r := s.rel(loc)
	seg := int(blk / RelSegSize)
	r.mu.Lock()
	f, err := s.openSeg(r, seg, false)
	r.mu.Unlock()
	if err != nil {
		if os.IsNotExist(err) {
			return beyondEOFError(pgerror.Newf(pgerror.DataCorrupted,
				"could not read block %d in file \"%s\": read only 0 of %d bytes", blk, s.segPath(loc, seg), BlockSize))
		}
		return err
	}
	off := int64(blk%RelSegSize) * BlockSize
	n, err := f.ReadAt(buf[:BlockSize], off)
	if n == BlockSize {
		return nil
	}
	if err != nil && !errors.Is(err, io.EOF) {
		return ioError("could not read block %d in file \"%s\": %v", blk, s.segPath(loc, seg), err)
	}
	return beyondEOFError(pgerror.Newf(pgerror.DataCorrupted,
		"could not read block %d in file \"%s\": read only %d of %d bytes", blk, s.segPath(loc, seg), n, BlockSize))
}

// ReadBlocks reads consecutive blocks of loc from blk, one into each of
// bufs, with one system call where the platform has one; the blocks lie
// in one segment. It returns how many blocks it read whole: fewer than
// asked at the end of the relation.
func (s *smgr) ReadBlocks(loc RelFileLocator, blk BlockNumber, bufs [][]byte) (int, error) {
	seg := int(blk / RelSegSize)
	if int(blk%RelSegSize)+len(bufs) > RelSegSize {
		return 0, pgerror.Internal("blocks %d..%d span segments", blk, int(blk)+len(bufs)-1)
	}
	r := s.rel(loc)
	r.mu.Lock()
	f, err := s.openSeg(r, seg, false)
	r.mu.Unlock()
	if err != nil {
		if os.IsNotExist(err) {
			return 0, nil
		}
		return 0, err
	}
	n, err := preadBlocks(f, bufs, int64(blk%RelSegSize)*BlockSize)
	if err != nil {
		return 0, ioError("could not read blocks %d..%d in file \"%s\": %v", blk, int(blk)+len(bufs)-1, s.segPath(loc, seg), err)
	}
	return n / BlockSize, nil
}

// Write writes buf as block blk, which must already exist.
func (s *smgr) Write(loc RelFileLocator, blk BlockNumber, buf []byte) error {
	return s.write(loc, blk, buf, false)
}

// Extend writes buf as block blk at or past the end of the relation.
func (s *smgr) Extend(loc RelFileLocator, blk BlockNumber, buf []byte) error {
	return s.write(loc, blk, buf, true)
}

func (s *smgr) write(loc RelFileLocator, blk BlockNumber, buf []byte, extend bool) error {
	r := s.rel(loc)
	seg := int(blk / RelSegSize)
	r.mu.Lock()
	if !extend && seg > 0 {
		// A block of an existing segment: make sure the earlier segments exist.
		if _, err := s.nblocksLocked(r); err != nil {
			r.mu.Unlock()
			return err
		}
	}
	f, err := s.openSeg(r, seg, extend)
	r.mu.Unlock()
	if err != nil {
		if os.IsNotExist(err) {
			return &taggedError{sentinel: errRelationMissing, pe: ioError("could not write block %d in file \"%s\": No such file or directory", blk, s.segPath(loc, seg))}
		}
		return err
	}
	off := int64(blk%RelSegSize) * BlockSize
	if _, err := f.WriteAt(buf[:BlockSize], off); err != nil {
		if errors.Is(err, syscall.ENOSPC) {
			return pgerror.Newf(pgerror.DiskFull, "could not extend file \"%s\": %v", s.segPath(loc, seg), err).
				WithHint("Check free disk space.")
		}
		return ioError("could not write block %d in file \"%s\": %v", blk, s.segPath(loc, seg), err)
	}
	if extend {
		// Count the block only once it is written: a failed extension
		// must not leave the relation a block longer than its file.
		r.mu.Lock()
		if r.nblocks >= 0 && int64(blk) >= r.nblocks {
			r.nblocks = int64(blk) + 1
		}
		r.mu.Unlock()
	}
	s.markPending(loc, seg)
	return nil
}

// Truncate shortens the relation to nblocks blocks.
func (s *smgr) Truncate(loc RelFileLocator, nblocks BlockNumber) error {
	r := s.rel(loc)
	r.mu.Lock()
	defer r.mu.Unlock()
	cur, err := s.nblocksLocked(r)
	if err != nil {
		return err
	}
	if int64(nblocks) >= cur {
		return nil
	}
	lastSeg := int((cur - 1) / RelSegSize)
	for seg := lastSeg; seg >= 0; seg-- {
		segStart := int64(seg) * RelSegSize
		keep := int64(nblocks) - segStart
		if keep < 0 {
			keep = 0
		}
		if keep >= RelSegSize {
			break
		}
		f, err := s.openSeg(r, seg, false)
		if err != nil {
			if os.IsNotExist(err) {
				continue
			}
			return err
		}
		if err := f.Truncate(keep * BlockSize); err != nil {
			return ioError("could not truncate file \"%s\" to %d blocks: %v", s.segPath(loc, seg), nblocks, err)
		}
		if !s.noFsync {
			if err := f.Sync(); err != nil {
				return ioError("could not fsync file \"%s\": %v", s.segPath(loc, seg), err)
			}
		}
	}
	r.nblocks = int64(nblocks)
	return nil
}

// Unlink closes and removes every segment of the relation. A missing file is
// not an error.
func (s *smgr) Unlink(loc RelFileLocator) error {
	s.mu.Lock()
	r := s.rels[loc]
	delete(s.rels, loc)
	for k := range s.pending {
		if k.loc == loc {
			delete(s.pending, k)
		}
	}
	s.mu.Unlock()
	if r != nil {
		r.mu.Lock()
		for _, f := range r.segs {
			if f != nil {
				f.Close()
			}
		}
		r.segs = nil
		r.nblocks = -1
		r.mu.Unlock()
	}
	var firstErr error
	for seg := 0; ; seg++ {
		path := s.segPath(loc, seg)
		if err := os.Remove(path); err != nil {
			if os.IsNotExist(err) {
				break
			}
			if firstErr == nil {
				firstErr = ioError("could not remove file \"%s\": %v", path, err)
			}
			break
		}
	}
	s.markDirDirty(s.relDir(loc))
	return firstErr
}

// Sync fsyncs every segment of the relation now (smgrimmedsync).
func (s *smgr) Sync(loc RelFileLocator) error {
	if s.noFsync {
		return nil
	}
	r := s.rel(loc)
	r.mu.Lock()
	defer r.mu.Unlock()
	for seg, f := range r.segs {
		if f == nil {
			continue
		}
		if err := f.Sync(); err != nil {
			return ioError("could not fsync file \"%s\": %v", s.segPath(loc, seg), err)
		}
	}
	return nil
}

// SyncPending fsyncs every segment written since the last call and every
// directory whose entries changed (the checkpoint's ProcessSyncRequests).
func (s *smgr) SyncPending() error {
	s.mu.Lock()
	pending := s.pending
	dirs := s.dirtyDirs
	s.pending = make(map[segKey]struct{})
	s.dirtyDirs = make(map[string]struct{})
	s.mu.Unlock()
	if s.noFsync {
		return nil
	}
	var firstErr error
	fail := func(err error, k segKey) {
		if firstErr == nil {
			firstErr = err
		}
		s.markPending(k.loc, k.seg)
	}
	for k := range pending {
		r := s.rel(k.loc)
		r.mu.Lock()
		f, err := s.openSeg(r, k.seg, false)
		r.mu.Unlock()
		if err != nil {
			if os.IsNotExist(err) {
				continue // dropped since it was written
			}
			fail(err, k)
			continue
		}
		if err := f.Sync(); err != nil {
			fail(ioError("could not fsync file \"%s\": %v", s.segPath(k.loc, k.seg), err), k)
		}
	}
	for dir := range dirs {
		if err := fsyncDir(dir); err != nil && firstErr == nil {
			firstErr = err
		}
	}
	return firstErr
}

// Close closes every open file.
func (s *smgr) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range s.rels {
		r.mu.Lock()
		for _, f := range r.segs {
			if f != nil {
				f.Close()
			}
		}
		r.segs = nil
		r.nblocks = -1
		r.mu.Unlock()
	}
	s.rels = make(map[RelFileLocator]*smgrRelation)
}

// fsyncDir fsyncs a directory so that entries created or removed in it survive a crash.
func fsyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		if os.IsNotExist(err) {
			return nil
		}
		return ioError("could not open directory \"%s\": %v", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, syscall.EINVAL) {
		return ioError("could not fsync directory \"%s\": %v", dir, err)
	}
	return nil
}
