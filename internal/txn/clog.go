// clog.go: the commit log, two status bits per transaction id (PG: access/transam/clog.c).
//
// Statuses live in memory in 16 kB pages of 65536 xids, reached through a
// fixed directory, and are written to pg_xact/ at checkpoints in PostgreSQL's
// format: 256 kB segment files named by four hex digits, each byte holding
// four xids, the lowest xid in the low bits. Statuses changed after the last
// checkpoint are rebuilt from WAL commit and abort records during recovery.
//
// Concurrency: reads are lock-free atomic loads; writes use compare-and-swap
// on 32-bit words, so any goroutine may read or set any xid's status at any
// time. persist and load must not run concurrently with each other.
package txn

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"sync/atomic"

	"github.com/loomdb/loomdb/internal/pgerror"
)

// XidStatus is a transaction's state in the commit log.
type XidStatus uint8

const (
	// StatusInProgress is also the status of xids that were never assigned.
	StatusInProgress XidStatus = 0
	// StatusCommitted marks a committed transaction.
	StatusCommitted XidStatus = 1
	// StatusAborted marks an aborted (or crashed) transaction.
	StatusAborted XidStatus = 2
)

// String names the status.
func (s XidStatus) String() string {
	switch s {
	case StatusCommitted:
		return "committed"
	case StatusAborted:
		return "aborted"
	default:
		return "in progress"
	}
}

const (
	clogPageXids    = 1 << 16
	clogPageWords   = clogPageXids * 2 / 32
	clogPageBytes   = clogPageXids / 4
	clogSegPages    = (256 << 10) / clogPageBytes // our pages per PostgreSQL SLRU segment
	clogDirectories = 1 << 16
)

type clogPage struct {
	words [clogPageWords]atomic.Uint32
	dirty atomic.Bool
}

type clog struct {
	dir     string
	noFsync bool
	pages   [clogDirectories]atomic.Pointer[clogPage]
}

func newCLOG(dir string, noFsync bool) *clog {
	return &clog{dir: dir, noFsync: noFsync}
}

func (c *clog) page(xid XID, create bool) *clogPage {
	slot := &c.pages[xid>>16]
	p := slot.Load()
	if p == nil && create {
		np := new(clogPage)
		if slot.CompareAndSwap(nil, np) {
			return np
		}
		p = slot.Load()
	}
	return p
}

func (c *clog) get(xid XID) XidStatus {
	p := c.page(xid, false)
	if p == nil {
		return StatusInProgress
	}
	w := p.words[(xid&0xFFFF)>>4].Load()
	return XidStatus(w >> ((xid & 15) * 2) & 3)
}

func (c *clog) set(xid XID, st XidStatus) {
	p := c.page(xid, true)
	word := &p.words[(xid&0xFFFF)>>4]
	shift := (xid & 15) * 2
	for {
		old := word.Load()
		nw := old&^(3<<shift) | uint32(st)<<shift
		if old == nw || word.CompareAndSwap(old, nw) {
			break
		}
	}
	p.dirty.Store(true)
}

// abortUnfinished marks every xid in [FirstNormalXID, next) still in
// progress as aborted (transactions cut short by a crash).
func (c *clog) abortUnfinished(next XID) {
	for xid := FirstNormalXID; xid < next; {
		p := c.page(xid, true)
		end := (uint64(xid) | 0xFFFF) + 1
		if end > uint64(next) {
			end = uint64(next)
		}
		changed := false
		for x := uint64(xid); x < end; x++ {
			word := &p.words[(x&0xFFFF)>>4]
			shift := (x & 15) * 2
			for {
				old := word.Load()
				if old>>shift&3 != uint32(StatusInProgress) {
					break
				}
				if word.CompareAndSwap(old, old|uint32(StatusAborted)<<shift) {
					changed = true
					break
				}
			}
		}
		if changed {
			p.dirty.Store(true)
		}
		if end > 0xFFFFFFFF {
			break
		}
		xid = XID(end)
	}
}

func (c *clog) segPath(seg int) string {
	return filepath.Join(c.dir, fmt.Sprintf("%04X", seg))
}

// persist writes every changed page to pg_xact and fsyncs the files.
func (c *clog) persist() error {
	if err := os.MkdirAll(c.dir, 0o700); err != nil {
		return pgerror.Newf(pgerror.IOError, "could not create directory \"%s\": %v", c.dir, err)
	}
	files := map[int]*os.File{}
	defer func() {
		for _, f := range files {
			f.Close()
		}
	}()
	buf := make([]byte, clogPageBytes)
	// written lists the pages cleaned per segment: they are dirty again if
	// that segment's fsync fails, so that a later checkpoint retries them.
	written := map[int][]*clogPage{}
	for pageno := range c.pages {
		p := c.pages[pageno].Load()
		if p == nil || !p.dirty.Load() {
			continue
		}
		p.dirty.Store(false)
		for i := range p.words {
			binary.LittleEndian.PutUint32(buf[i*4:], p.words[i].Load())
		}
		seg := pageno / clogSegPages
		f := files[seg]
		if f == nil {
			var err error
			f, err = os.OpenFile(c.segPath(seg), os.O_RDWR|os.O_CREATE, 0o600)
			if err != nil {
				p.dirty.Store(true)
				return pgerror.Newf(pgerror.IOError, "could not open file \"%s\": %v", c.segPath(seg), err)
			}
			files[seg] = f
		}
		if _, err := f.WriteAt(buf, int64(pageno%clogSegPages)*clogPageBytes); err != nil {
			p.dirty.Store(true)
			return pgerror.Newf(pgerror.IOError, "could not write to file \"%s\": %v", c.segPath(seg), err)
		}
		written[seg] = append(written[seg], p)
	}
	if c.noFsync {
		return nil
	}
	var syncErr error
	for seg, f := range files {
		if err := f.Sync(); err != nil {
			for _, p := range written[seg] {
				p.dirty.Store(true)
			}
			if syncErr == nil {
				syncErr = pgerror.Newf(pgerror.IOError, "could not fsync file \"%s\": %v", c.segPath(seg), err)
			}
		}
	}
	if syncErr != nil {
		return syncErr
	}
	if len(files) > 0 {
		d, err := os.Open(c.dir)
		if err != nil {
			return pgerror.Newf(pgerror.IOError, "could not open directory \"%s\": %v", c.dir, err)
		}
		defer d.Close()
		if err := d.Sync(); err != nil {
			return pgerror.Newf(pgerror.IOError, "could not fsync directory \"%s\": %v", c.dir, err)
		}
	}
	return nil
}

// load reads every pg_xact segment.
func (c *clog) load() error {
	ents, err := os.ReadDir(c.dir)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil
		}
		return pgerror.Newf(pgerror.IOError, "could not open directory \"%s\": %v", c.dir, err)
	}
	buf := make([]byte, clogPageBytes)
	for _, e := range ents {
		if len(e.Name()) != 4 {
			continue
		}
		seg, err := strconv.ParseUint(e.Name(), 16, 32)
		if err != nil || int(seg)*clogSegPages >= clogDirectories {
			continue
		}
		path := filepath.Join(c.dir, e.Name())
		f, err := os.Open(path)
		if err != nil {
			return pgerror.Newf(pgerror.IOError, "could not open file \"%s\": %v", path, err)
		}
		for i := 0; i < clogSegPages; i++ {
			n, err := f.ReadAt(buf, int64(i)*clogPageBytes)
			if n == 0 {
				break
			}
			if err != nil && !errors.Is(err, io.EOF) {
				f.Close()
				return pgerror.Newf(pgerror.IOError, "could not read file \"%s\": %v", path, err)
			}
			clear(buf[n:])
			p := new(clogPage)
			for w := range p.words {
				p.words[w].Store(binary.LittleEndian.Uint32(buf[w*4:]))
			}
			c.pages[int(seg)*clogSegPages+i].Store(p)
		}
		f.Close()
	}
	return nil
}
