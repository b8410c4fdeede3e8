package storage

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/txn"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// testRmgr is a resource manager for tests: its records add one item to a page.
const testRmgr RmgrID = 200

func init() {
	RegisterRmgr(testRmgr, Rmgr{Name: "Test", Redo: func(rc *RedoContext) error {
		page, needs := rc.Page(0)
		if !needs {
			return nil
		}
		data := rc.Rec.Block(0).Data
		off := OffsetNumber(binary.LittleEndian.Uint16(data))
		if rc.Rec.Block(0).WillInit() {
			PageInit(page, 0)
		}
		if PageAddItem(page, data[2:], off, false) != off {
			return fmt.Errorf("redo: could not add item at %d", off)
		}
		return nil
	}})
}

func openTest(t testing.TB, dir string, opts Options) *Storage {
	t.Helper()
	if opts.SharedBuffers == 0 {
		opts.SharedBuffers = 64
	}
	if opts.CheckpointTimeout == 0 {
		opts.CheckpointTimeout = -1
	}
	s, err := Open(dir, opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return s
}

// addItem appends item to block blk of loc (extending when blk is the
// current size), WAL-logged with the test resource manager.
func addItem(t *testing.T, s *Storage, xid txn.XID, loc RelFileLocator, blk BlockNumber, item []byte) {
	t.Helper()
	n, err := s.NBlocks(loc)
	if err != nil {
		t.Fatal(err)
	}
	var buf Buffer
	flags := uint8(RegbufStandard)
	if blk == n {
		buf, _, err = s.ExtendBuffer(loc, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		PageInit(s.bm.Page(buf), 0)
		flags |= RegbufWillInit
	} else {
		buf, err = s.bm.ReadBuffer(loc, blk, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		s.bm.LockBuffer(buf, BufferLockExclusive)
	}
	page := s.bm.Page(buf)
	off := PageAddItem(page, item, InvalidOffsetNumber, false)
	if off == InvalidOffsetNumber {
		t.Fatal("page full")
	}
	r := NewXLogRecord(testRmgr, 0, xid)
	r.RegisterBuffer(0, buf, flags)
	r.RegisterBufData(0, append(binary.LittleEndian.AppendUint16(nil, off), item...))
	if _, err := s.XLogInsert(r); err != nil {
		t.Fatal(err)
	}
	s.bm.UnlockReleaseBuffer(buf, BufferLockExclusive)
}

func readItems(t *testing.T, s *Storage, loc RelFileLocator, blk BlockNumber) [][]byte {
	t.Helper()
	buf, err := s.bm.ReadBuffer(loc, blk, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.bm.ReleaseBuffer(buf)
	s.bm.LockBuffer(buf, BufferLockShare)
	defer s.bm.UnlockBuffer(buf, BufferLockShare)
	page := s.bm.Page(buf)
	var out [][]byte
	for off := FirstOffsetNumber; off <= page.MaxOffsetNumber(); off++ {
		it, err := page.GetItem(off)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, append([]byte(nil), it...))
	}
	return out
}

func TestOpenInitializesAndReopens(t *testing.T) {
	dir := t.TempDir()
	s := openTest(t, dir, Options{})
	for _, p := range []string{"global/pg_control", "PG_VERSION", "pg_wal/000000010000000000000001", "base", "pg_xact"} {
		if _, err := os.Stat(filepath.Join(dir, p)); err != nil {
			t.Errorf("missing %s: %v", p, err)
		}
	}
	if o := s.NewOid(); o != 16384 {
		t.Fatalf("first OID %d, want 16384", o)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openTest(t, dir, Options{})
	if o := s.NewOid(); o != 16385 {
		t.Fatalf("OID after clean restart %d, want 16385", o)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestLockFile(t *testing.T) {
	dir := t.TempDir()
	s := openTest(t, dir, Options{})
	_, err := Open(dir, Options{SharedBuffers: 16})
	if err == nil {
		t.Fatal("second Open succeeded")
	}
	pe, _ := pgerror.As(err)
	if pe == nil || pe.Message != `lock file "postmaster.pid" already exists` || !strings.Contains(pe.Hint, "Is another postmaster") {
		t.Fatalf("unexpected error %#v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openTest(t, dir, Options{})
	s.SimulateCrash() // the lock dies with the "process"
	s = openTest(t, dir, Options{})
	s.Close()
}

func TestOidsNotReusedAfterCrash(t *testing.T) {
	dir := t.TempDir()
	s := openTest(t, dir, Options{})
	var last uint32
	for i := 0; i < 10; i++ {
		last = uint32(s.NewOid())
	}
	// A durable record after the OIDs were handed out (as a commit would be).
	tx := s.Txns().Begin(txn.ReadCommitted)
	tx.AssignXID()
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	s.SimulateCrash()
	s = openTest(t, dir, Options{})
	defer s.Close()
	if o := uint32(s.NewOid()); o <= last {
		t.Fatalf("OID %d handed out again after crash (last was %d)", o, last)
	}
}

func TestRecoveryReplaysRecords(t *testing.T) {
	dir := t.TempDir()
	s := openTest(t, dir, Options{})
	loc := RelFileLocator{DbOid: 5, RelNumber: s.NewOid()}
	tx := s.Txns().Begin(txn.ReadCommitted)
	xid := tx.AssignXID()
	if err := s.CreateRelationFile(tx, loc); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 200; i++ {
		blk := BlockNumber(i / 50)
		addItem(t, s, xid, loc, blk, []byte(fmt.Sprintf("item-%03d", i)))
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	// Uncommitted changes of another transaction are replayed too, but the
	// transaction must come back aborted.
	tx2 := s.Txns().Begin(txn.ReadCommitted)
	xid2 := tx2.AssignXID()
	addItem(t, s, xid2, loc, 3, []byte("uncommitted"))
	if err := s.XLogFlush(s.InsertLSN()); err != nil {
		t.Fatal(err)
	}
	s.SimulateCrash()

	s = openTest(t, dir, Options{})
	defer s.Close()
	n, err := s.NBlocks(loc)
	if err != nil || n != 4 {
		t.Fatalf("nblocks = %d, %v", n, err)
	}
	for blk := BlockNumber(0); blk < 4; blk++ {
		items := readItems(t, s, loc, blk)
		want := 50
		if blk == 3 {
			want = 51
		}
		if len(items) != want {
			t.Fatalf("block %d has %d items, want %d", blk, len(items), want)
		}
		if got := string(items[0]); got != fmt.Sprintf("item-%03d", blk*50) {
			t.Fatalf("block %d first item %q", blk, got)
		}
	}
	if st := s.Txns().Status(xid); st != txn.StatusCommitted {
		t.Fatalf("committed xid status %v", st)
	}
	if st := s.Txns().Status(xid2); st != txn.StatusAborted {
		t.Fatalf("crashed xid status %v", st)
	}
	if next := s.Txns().NextXID(); next <= xid2 {
		t.Fatalf("next xid %d not past %d", next, xid2)
	}
}

func TestTornPageRestoredFromFullPageImage(t *testing.T) {
	dir := t.TempDir()
	s := openTest(t, dir, Options{})
	loc := RelFileLocator{DbOid: 5, RelNumber: s.NewOid()}
	if err := s.CreateRelationFile(nil, loc); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 20; i++ {
		addItem(t, s, 0, loc, 0, []byte(fmt.Sprintf("before-%02d", i)))
	}
	if err := s.Checkpoint(context.Background()); err != nil {
		t.Fatal(err)
	}
	// First change after the checkpoint: carries a full-page image.
	addItem(t, s, 0, loc, 0, []byte("after"))
	if err := s.bm.FlushAll(); err != nil { // the page reaches disk (and its WAL first)
		t.Fatal(err)
	}
	s.SimulateCrash()
	// Tear the page: the second half on disk becomes garbage.
	path := filepath.Join(dir, loc.String())
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt(bytes.Repeat([]byte{0x7F}, 4096), 4096); err != nil {
		t.Fatal(err)
	}
	f.Close()

	s = openTest(t, dir, Options{})
	defer s.Close()
	items := readItems(t, s, loc, 0)
	if len(items) != 21 || string(items[20]) != "after" || string(items[0]) != "before-00" {
		t.Fatalf("page not restored: %d items", len(items))
	}
}

func TestTornWALTailIsIgnored(t *testing.T) {
	dir := t.TempDir()
	s := openTest(t, dir, Options{})
	loc := RelFileLocator{DbOid: 5, RelNumber: s.NewOid()}
	if err := s.CreateRelationFile(nil, loc); err != nil {
		t.Fatal(err)
	}
	addItem(t, s, 0, loc, 0, []byte("one"))
	addItem(t, s, 0, loc, 0, []byte("two"))
	end := s.InsertLSN()
	if err := s.XLogFlush(end); err != nil {
		t.Fatal(err)
	}
	addItem(t, s, 0, loc, 0, []byte("three"))
	if err := s.XLogFlush(s.InsertLSN()); err != nil {
		t.Fatal(err)
	}
	s.SimulateCrash()
	// Cut the last record in half and append garbage after it.
	seg := filepath.Join(dir, "pg_wal", segName(uint64(end)/WALSegSize))
	off := int64(uint64(end) % WALSegSize)
	if err := os.Truncate(seg, off+10); err != nil {
		t.Fatal(err)
	}
	f, _ := os.OpenFile(seg, os.O_RDWR|os.O_APPEND, 0)
	f.Write(bytes.Repeat([]byte{0x42}, 100))
	f.Close()

	s = openTest(t, dir, Options{})
	items := readItems(t, s, loc, 0)
	if len(items) != 2 {
		t.Fatalf("%d items after torn tail, want 2", len(items))
	}
	// New records continue cleanly after the cut, and survive another crash.
	addItem(t, s, 0, loc, 0, []byte("four"))
	if err := s.XLogFlush(s.InsertLSN()); err != nil {
		t.Fatal(err)
	}
	s.SimulateCrash()
	s = openTest(t, dir, Options{})
	defer s.Close()
	items = readItems(t, s, loc, 0)
	if len(items) != 3 || string(items[2]) != "four" {
		t.Fatalf("after second crash: %q", items)
	}
}

func TestCommitStatusSurvivesCheckpointAndCrash(t *testing.T) {
	dir := t.TempDir()
	s := openTest(t, dir, Options{})
	m := s.Txns()
	var committed, aborted []txn.XID
	for i := 0; i < 5; i++ {
		tx := m.Begin(txn.ReadCommitted)
		committed = append(committed, tx.AssignXID())
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		tx = m.Begin(txn.ReadCommitted)
		aborted = append(aborted, tx.AssignXID())
		tx.Abort()
		if i == 2 {
			if err := s.Checkpoint(context.Background()); err != nil {
				t.Fatal(err)
			}
		}
	}
	running := m.Begin(txn.ReadCommitted)
	rx := running.AssignXID()
	// It wrote something, so its xid is in the log.
	if err := s.CreateRelationFile(running, RelFileLocator{DbOid: 5, RelNumber: s.NewOid()}); err != nil {
		t.Fatal(err)
	}
	if err := s.XLogFlush(s.InsertLSN()); err != nil {
		t.Fatal(err)
	}
	s.SimulateCrash()
	s = openTest(t, dir, Options{})
	defer s.Close()
	m = s.Txns()
	for _, x := range committed {
		if m.Status(x) != txn.StatusCommitted {
			t.Errorf("xid %d: %v, want committed", x, m.Status(x))
		}
	}
	for _, x := range append(aborted, rx) {
		if m.Status(x) != txn.StatusAborted {
			t.Errorf("xid %d: %v, want aborted", x, m.Status(x))
		}
	}
}

func TestGroupCommit(t *testing.T) {
	dir := t.TempDir()
	s := openTest(t, dir, Options{})
	defer s.Close()
	const workers, each = 16, 20
	start := s.wal.syncs.Load()
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				tx := s.Txns().Begin(txn.ReadCommitted)
				tx.AssignXID()
				if err := tx.Commit(); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	syncs := s.wal.syncs.Load() - start
	t.Logf("%d commits, %d WAL flushes", workers*each, syncs)
	if syncs > workers*each {
		t.Fatalf("more flushes (%d) than commits", syncs)
	}
}

func TestReadOnlyCommitWritesNoWAL(t *testing.T) {
	s := openTest(t, t.TempDir(), Options{})
	defer s.Close()
	before := s.InsertLSN()
	tx := s.Txns().Begin(txn.RepeatableRead)
	_ = tx.StatementSnapshot()
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if s.InsertLSN() != before {
		t.Fatal("read-only transaction wrote WAL")
	}
}

func TestCheckpointRemovesOldSegments(t *testing.T) {
	dir := t.TempDir()
	s := openTest(t, dir, Options{NoFsync: true})
	defer s.Close()
	loc := RelFileLocator{DbOid: 5, RelNumber: s.NewOid()}
	if err := s.CreateRelationFile(nil, loc); err != nil {
		t.Fatal(err)
	}
	item := bytes.Repeat([]byte{1}, 8000) // about 8 kB of WAL per record
	for i := 0; s.InsertLSN() < firstLSN+WALSegSize+WALSegSize/2; i++ {
		addItem(t, s, 0, loc, BlockNumber(i), item)
	}
	if err := s.Checkpoint(context.Background()); err != nil {
		t.Fatal(err)
	}
	segs, err := s.wal.segments()
	if err != nil {
		t.Fatal(err)
	}
	if len(segs) != 1 || segs[0] != 2 {
		t.Fatalf("segments after checkpoint: %v", segs)
	}
}

func TestDropRelationAtCommitAndCreateAbort(t *testing.T) {
	dir := t.TempDir()
	s := openTest(t, dir, Options{})
	m := s.Txns()
	a := RelFileLocator{DbOid: 5, RelNumber: s.NewOid()}
	b := RelFileLocator{DbOid: 5, RelNumber: s.NewOid()}
	tx := m.Begin(txn.ReadCommitted)
	tx.AssignXID()
	if err := s.CreateRelationFile(tx, a); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	tx = m.Begin(txn.ReadCommitted)
	tx.AssignXID()
	if err := s.CreateRelationFile(tx, b); err != nil {
		t.Fatal(err)
	}
	tx.Abort()
	if s.RelationExists(b) {
		t.Fatal("file created by aborted transaction still exists")
	}
	tx = m.Begin(txn.ReadCommitted)
	s.DropRelationFile(tx, a)
	if !s.RelationExists(a) {
		t.Fatal("file dropped before commit")
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if s.RelationExists(a) {
		t.Fatal("file not dropped at commit")
	}
	s.Close()
}

func TestRecoveryAcrossSegmentBoundary(t *testing.T) {
	dir := t.TempDir()
	s := openTest(t, dir, Options{NoFsync: true, SharedBuffers: 32})
	loc := RelFileLocator{DbOid: 5, RelNumber: s.NewOid()}
	if err := s.CreateRelationFile(nil, loc); err != nil {
		t.Fatal(err)
	}
	item := bytes.Repeat([]byte{7}, 7000)
	n := 0
	for ; s.InsertLSN() < firstLSN+WALSegSize+WALSegSize/4; n++ {
		binary.LittleEndian.PutUint32(item, uint32(n))
		addItem(t, s, 0, loc, BlockNumber(n), item)
	}
	if err := s.XLogFlush(s.InsertLSN()); err != nil {
		t.Fatal(err)
	}
	s.SimulateCrash()
	s = openTest(t, dir, Options{NoFsync: true, SharedBuffers: 32})
	defer s.Close()
	for blk := 0; blk < n; blk++ {
		items := readItems(t, s, loc, BlockNumber(blk))
		if len(items) != 1 || binary.LittleEndian.Uint32(items[0]) != uint32(blk) {
			t.Fatalf("block %d not recovered", blk)
		}
	}
}

func TestWALBeforeData(t *testing.T) {
	dir := t.TempDir()
	s := openTest(t, dir, Options{SharedBuffers: 16})
	defer s.Close()
	loc := RelFileLocator{DbOid: 5, RelNumber: s.NewOid()}
	if err := s.CreateRelationFile(nil, loc); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 200; i++ {
		addItem(t, s, 0, loc, BlockNumber(i/4), []byte(fmt.Sprintf("row %d", i)))
		// Every page that reached the file has its WAL on disk already.
		flushed := s.FlushLSN()
		data, err := os.ReadFile(filepath.Join(dir, loc.String()))
		if err != nil {
			t.Fatal(err)
		}
		for off := 0; off+BlockSize <= len(data); off += BlockSize {
			if lsn := Page(data[off : off+BlockSize]).LSN(); lsn > flushed {
				t.Fatalf("block %d on disk has LSN %s beyond flushed WAL %s", off/BlockSize, lsn, flushed)
			}
		}
	}
	if s.bm.Stats().Writes == 0 {
		t.Fatal("no page was evicted; the test proves nothing")
	}
}

func TestCheckpointRequestedByWALVolume(t *testing.T) {
	dir := t.TempDir()
	// A checkpoint is requested whenever half of max_wal_size was written.
	s := openTest(t, dir, Options{NoFsync: true, SharedBuffers: 64, MaxWALSize: 16 << 20})
	defer s.Close()
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		loc := RelFileLocator{DbOid: 5, RelNumber: s.NewOid()}
		if err := s.CreateRelationFile(nil, loc); err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			item := bytes.Repeat([]byte{3}, 7000)
			for i := 0; s.InsertLSN() < firstLSN+3*WALSegSize; i++ {
				tx := s.Txns().Begin(txn.ReadCommitted)
				tx.AssignXID()
				addItemNoT(s, loc, BlockNumber(i), item)
				if err := tx.Commit(); err != nil {
					panic(err)
				}
			}
		}()
	}
	wg.Wait()
	deadline := time.Now().Add(10 * time.Second)
	for {
		segs, err := s.wal.segments()
		if err != nil {
			t.Fatal(err)
		}
		if segs[0] > 1 {
			break // an automatic checkpoint removed the first segment
		}
		if time.Now().After(deadline) {
			t.Fatalf("no checkpoint was triggered; segments %v", segs)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestCorruptControlFile(t *testing.T) {
	dir := t.TempDir()
	s := openTest(t, dir, Options{})
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "global", "pg_control")
	b, _ := os.ReadFile(path)
	b[30] ^= 0xFF
	os.WriteFile(path, b, 0o600)
	_, err := Open(dir, Options{SharedBuffers: 16})
	if pgerror.CodeOf(err) != pgerror.DataCorrupted {
		t.Fatalf("got %v", err)
	}
	// The failed Open released the lock: fixing the file makes it usable.
	b[30] ^= 0xFF
	os.WriteFile(path, b, 0o600)
	s = openTest(t, dir, Options{})
	s.Close()
}
