// Package txn implements transactions: transaction ids, the commit log,
// command ids, snapshots and waits for other transactions (PG: access/transam
// xact.c, varsup.c, clog.c; storage/ipc/procarray.c; utils/time/snapmgr.c,
// combocid.c).
//
// txn knows nothing of pages or files. Whatever must reach the write-ahead
// log (commit and abort records, xid advances) and the files to drop when a
// transaction ends go through the Log interface, which the storage package
// implements; storage also drives recovery through the Redo* methods.
//
// xact.go: the Manager (the shared transaction state: next xid, running xids,
// commit log) and Txn (one transaction).
//
// Concurrency: a Manager is safe for concurrent use. A Txn belongs to one
// session goroutine; parallel workers may concurrently use its snapshots and
// read its xid and combo command ids, but only the owner begins commands,
// assigns the xid, commits or aborts.
package txn

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

// XID is a 32-bit transaction id (TransactionId). loomdb does not yet handle
// xid wraparound, so ids compare as plain integers.
type XID uint32

// Special transaction ids.
const (
	InvalidXID     XID = 0
	BootstrapXID   XID = 1
	FrozenXID      XID = 2
	FirstNormalXID XID = 3
)

// IsNormal reports whether x is an ordinary transaction id.
func (x XID) IsNormal() bool { return x >= FirstNormalXID }

// CommandID numbers the commands within a transaction (CommandId).
type CommandID uint32

// Command id limits.
const (
	FirstCommandID   CommandID = 0
	InvalidCommandID CommandID = 0xFFFFFFFF
)

// Isolation is a transaction isolation level.
type Isolation uint8

const (
	// ReadCommitted takes a new snapshot for every statement.
	ReadCommitted Isolation = iota
	// RepeatableRead keeps the transaction's first snapshot.
	RepeatableRead
	// Serializable behaves as RepeatableRead (no predicate locking yet).
	Serializable
)

// String returns the level as SHOW transaction_isolation prints it.
func (i Isolation) String() string {
	switch i {
	case RepeatableRead:
		return "repeatable read"
	case Serializable:
		return "serializable"
	default:
		return "read committed"
	}
}

// UsesXactSnapshot reports whether the level keeps one snapshot for the
// whole transaction (IsolationUsesXactSnapshot).
func (i Isolation) UsesXactSnapshot() bool { return i >= RepeatableRead }

// PendingDelete is a relation file to unlink when its transaction ends: at
// commit for a dropped relation, at abort for one the transaction created.
type PendingDelete struct {
	DbOid     types.Oid // 0 for a shared relation
	RelNumber types.Oid
	AtCommit  bool
}

// Log is what the Manager needs from the write-ahead log and file layer.
type Log interface {
	// LogCommit writes xid's commit record, naming the files to drop, and
	// returns once it is durable (group commit).
	// subxids are the xids of its subtransactions, which commit with it.
	LogCommit(xid XID, subxids []XID, drops []PendingDelete) error
	// LogAbort writes xid's abort record, covering subxids too, naming
	// the files to drop.
	LogAbort(xid XID, subxids []XID, drops []PendingDelete) error
	// LogNextXID records that xids below next may be in use.
	LogNextXID(next XID) error
	// DropFiles unlinks relation files once their transaction's end is recorded.
	DropFiles(drops []PendingDelete)
}

// xidLogInterval is how often (in xids) an xid advance is WAL-logged.
const xidLogInterval = 1024

// Manager is the transaction state shared by all sessions of one database cluster.
type Manager struct {
	log  Log
	clog *clog

	mu      sync.Mutex
	nextXid XID
	running map[XID]*Txn      // xids assigned and not yet ended
	active  map[*Txn]struct{} // transactions holding an xid or a snapshot xmin

	// ckpt is held shared by a committing transaction from before its commit
	// record until its status is in the commit log, and exclusively by a
	// checkpoint while it chooses its redo point.
	ckpt sync.RWMutex
}

// NewManager returns a Manager whose commit log lives in dataDir/pg_xact,
// loading the statuses saved there by the last checkpoint.
func NewManager(dataDir string, log Log, noFsync bool) (*Manager, error) {
	m := &Manager{
		log:     log,
		clog:    newCLOG(filepath.Join(dataDir, "pg_xact"), noFsync),
		nextXid: FirstNormalXID,
		running: make(map[XID]*Txn),
		active:  make(map[*Txn]struct{}),
	}
	if err := m.clog.load(); err != nil {
		return nil, err
	}
	return m, nil
}

// Begin starts a transaction. Nothing is shared until it takes a snapshot
// or assigns an xid.
func (m *Manager) Begin(iso Isolation) *Txn {
	return &Txn{m: m, iso: iso, done: make(chan struct{}), subAborted: make(chan struct{})}
}

// NextXID returns the next xid to be assigned.
func (m *Manager) NextXID() XID {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.nextXid
}

// Status returns xid's commit log status. The special xids below
// FirstNormalXID count as committed.
func (m *Manager) Status(xid XID) XidStatus {
	if xid < FirstNormalXID {
		if xid == InvalidXID {
			return StatusAborted
		}
		return StatusCommitted
	}
	return m.clog.get(xid)
}

// DidCommit reports whether xid committed (TransactionIdDidCommit).
func (m *Manager) DidCommit(xid XID) bool { return m.Status(xid) == StatusCommitted }

// IsInProgress reports whether xid is still running.
func (m *Manager) IsInProgress(xid XID) bool {
	if xid < FirstNormalXID {
		return false
	}
	m.mu.Lock()
	_, ok := m.running[xid]
	m.mu.Unlock()
	return ok
}

// OldestXmin returns the oldest xid that any running transaction or live
// snapshot may still consider running; tuples deleted by transactions that
// committed before it are dead to everyone (GetOldestNonRemovableTransactionId).
func (m *Manager) OldestXmin() XID {
	m.mu.Lock()
	defer m.mu.Unlock()
	res := m.nextXid
	for xid := range m.running {
		if xid < res {
			res = xid
		}
	}
	for t := range m.active {
		if t.xmin != InvalidXID && t.xmin < res {
			res = t.xmin
		}
	}
	return res
}

// WaitForXID blocks until transaction xid has ended or ctx is done
// (XactLockTableWait). waiter, when it has an xid, is recorded as waiting
// so that a cycle of waits is reported as a deadlock (40P01) instead of
// blocking forever.
func (m *Manager) WaitForXID(ctx context.Context, waiter *Txn, xid XID) error {
	for {
		m.mu.Lock()
		holder := m.running[xid]
		if holder == nil {
			m.mu.Unlock()
			return nil
		}
		if waiter != nil && waiter.xid.Load() != 0 {
			if holder == waiter {
				m.mu.Unlock()
				return pgerror.Internal("transaction %d cannot wait for itself", xid)
			}
			// Follow the chain of waits starting at the holder.
			cur := holder
			for steps := 0; cur != nil && steps <= len(m.running); steps++ {
				if cur == waiter {
					m.mu.Unlock()
					return pgerror.New(pgerror.DeadlockDetected, "deadlock detected").
						WithDetail("Transaction %d waits for transaction %d, which waits for transaction %d.",
							waiter.xid.Load(), xid, holder.waitingFor).
						WithHint("See server log for query details.")
				}
				if cur.waitingFor == InvalidXID {
					break
				}
				cur = m.running[cur.waitingFor]
			}
			waiter.waitingFor = xid
		}
		// A subtransaction xid ends early when it rolls back: wake up then
		// and look again.
		done, subAborted := holder.done, holder.subAborted
		m.mu.Unlock()
		var err error
		select {
		case <-done:
		case <-subAborted:
		case <-ctx.Done():
			err = pgerror.Convert(ctx.Err())
		}
		if waiter != nil {
			m.mu.Lock()
			waiter.waitingFor = InvalidXID
			m.mu.Unlock()
		}
		if err != nil {
			return err
		}
	}
}

// CheckpointBarrier waits until no transaction is between writing its
// commit record and recording its status, and keeps new ones from starting
// that step until the returned function is called. A checkpoint holds it
// while it chooses its redo point, so that every commit before the redo point
// is in the commit log it then saves (PG's DELAY_CHKPT_START).
func (m *Manager) CheckpointBarrier() (release func()) {
	m.ckpt.Lock()
	return m.ckpt.Unlock
}

// CheckPointCLOG writes the commit log pages changed since the last call to
// pg_xact and fsyncs them.
func (m *Manager) CheckPointCLOG() error { return m.clog.persist() }

// RedoCommit records a replayed commit of xid and its subtransactions.
func (m *Manager) RedoCommit(xid XID, subxids []XID) {
	for _, x := range append(subxids, xid) {
		m.clog.set(x, StatusCommitted)
		m.AdvanceNextXID(x)
	}
}

// RedoAbort records a replayed abort of xid and subxids.
func (m *Manager) RedoAbort(xid XID, subxids []XID) {
	for _, x := range append(subxids, xid) {
		m.clog.set(x, StatusAborted)
		m.AdvanceNextXID(x)
	}
}

// AdvanceNextXID makes sure xid is below the next xid to be assigned
// (replay of any record carrying xid).
func (m *Manager) AdvanceNextXID(xid XID) {
	if xid < FirstNormalXID {
		return
	}
	m.mu.Lock()
	if xid >= m.nextXid {
		m.nextXid = xid + 1
	}
	m.mu.Unlock()
}

// SetNextXID sets the next xid at least to next (from a checkpoint record).
func (m *Manager) SetNextXID(next XID) {
	m.mu.Lock()
	if next > m.nextXid {
		m.nextXid = next
	}
	m.mu.Unlock()
}

// AbortUnfinished marks every xid below the next xid that has no final
// status as aborted: those transactions were running at a crash.
func (m *Manager) AbortUnfinished() {
	m.mu.Lock()
	next := m.nextXid
	m.mu.Unlock()
	m.clog.abortUnfinished(next)
}

// txnState is where a transaction stands.
type txnState uint8

const (
	stateActive txnState = iota
	stateCommitted
	stateAborted
)

// Txn is one transaction.
type Txn struct {
	m   *Manager
	iso Isolation

	xid     atomic.Uint32
	state   txnState
	curcid  CommandID
	cidUsed bool

	xactSnap *Snapshot // repeatable read: the transaction snapshot
	stmtSnap *Snapshot // the current statement's snapshot

	pending []PendingDelete
	onEnd   []func(committed bool)
	combo   comboCIDs

	// subs are the open subtransactions, innermost last; ownSub holds
	// the xids of those not rolled back (see subxact.go).
	subs   []*subXact
	ownSub atomic.Pointer[[]XID]

	// Guarded by m.mu:
	xmin       XID // oldest xmin of the snapshots taken, 0 when none
	waitingFor XID
	done       chan struct{} // closed when the transaction ends
	// subAborted is closed, and replaced, when subtransactions roll back.
	subAborted chan struct{}
}

// Manager returns the transaction's manager.
func (t *Txn) Manager() *Manager { return t.m }

// Isolation returns the transaction's isolation level.
func (t *Txn) Isolation() Isolation { return t.iso }

// XID returns the transaction's xid, InvalidXID until one is assigned.
func (t *Txn) XID() XID { return XID(t.xid.Load()) }

// IsActive reports whether the transaction has neither committed nor aborted.
func (t *Txn) IsActive() bool { return t.state == stateActive }

// AssignXID gives the transaction an xid if it has none yet and returns it
// (GetCurrentTransactionId). Call it before the first write.
func (t *Txn) AssignXID() XID {
	if x := t.xid.Load(); x != 0 {
		return XID(x)
	}
	m := t.m
	m.mu.Lock()
	xid := m.nextXid
	m.nextXid++
	m.running[xid] = t
	m.active[t] = struct{}{}
	t.xid.Store(uint32(xid))
	m.mu.Unlock()
	if xid%xidLogInterval == 0 {
		_ = m.log.LogNextXID(xid + xidLogInterval)
	}
	return xid
}

// CurCID returns the current command id.
func (t *Txn) CurCID() CommandID { return t.curcid }

// UseCID returns the current command id and notes that the command wrote
// something, so that the next CommandCounterIncrement starts a new command
// (GetCurrentCommandId(true)).
func (t *Txn) UseCID() (CommandID, error) {
	if t.curcid == InvalidCommandID {
		return 0, pgerror.New(pgerror.ProgramLimitExceeded, "cannot have more than 2^32-2 commands in a transaction")
	}
	t.cidUsed = true
	return t.curcid, nil
}

// CommandCounterIncrement makes the changes of the current command visible
// to the following ones. It does nothing when the command changed nothing.
func (t *Txn) CommandCounterIncrement() {
	if t.cidUsed && t.curcid != InvalidCommandID {
		t.curcid++
		t.cidUsed = false
	}
}

// AddPendingDelete schedules a relation file to be unlinked at commit or at
// abort. A drop at commit gives the transaction an xid, so that its commit
// record carries the drop.
func (t *Txn) AddPendingDelete(pd PendingDelete) {
	if pd.AtCommit {
		t.AssignXID()
	}
	t.pending = append(t.pending, pd)
}

// OnEnd registers fn to run after the transaction commits or aborts.
func (t *Txn) OnEnd(fn func(committed bool)) { t.onEnd = append(t.onEnd, fn) }

func (t *Txn) drops(atCommit bool) []PendingDelete {
	var out []PendingDelete
	for _, pd := range t.pending {
		if pd.AtCommit == atCommit {
			out = append(out, pd)
		}
	}
	return out
}

// Commit commits the transaction: it writes the commit record, waits until
// it is flushed, then marks the transaction committed and removes it from the
// running set in one step, so every snapshot sees either none or all of its
// changes. A transaction without an xid writes nothing.
func (t *Txn) Commit() error {
	if t.state != stateActive {
		return pgerror.New(pgerror.InvalidTransactionState, "transaction is not active")
	}
	m := t.m
	xid := t.XID()
	if xid == InvalidXID {
		m.mu.Lock()
		t.state = stateCommitted
		delete(m.active, t)
		close(t.done)
		m.mu.Unlock()
		t.runOnEnd(true)
		return nil
	}
	drops := t.drops(true)
	m.ckpt.RLock()
	if err := m.log.LogCommit(xid, t.ownXids(), drops); err != nil {
		m.ckpt.RUnlock()
		t.finish(StatusAborted, t.drops(false))
		return err
	}
	t.finishLocked(StatusCommitted)
	m.log.DropFiles(drops)
	m.ckpt.RUnlock()
	t.runOnEnd(true)
	return nil
}

// Abort rolls the transaction back. Its changes stay on disk, invisible, until
// VACUUM removes them. Abort of an ended transaction does nothing.
func (t *Txn) Abort() {
	if t.state != stateActive {
		return
	}
	m := t.m
	drops := t.drops(false)
	if xid := t.XID(); xid != InvalidXID {
		m.ckpt.RLock()
		_ = m.log.LogAbort(xid, t.ownXids(), drops)
		t.finishLocked(StatusAborted)
		m.log.DropFiles(drops)
		m.ckpt.RUnlock()
	} else {
		m.mu.Lock()
		t.state = stateAborted
		delete(m.active, t)
		close(t.done)
		m.mu.Unlock()
		m.log.DropFiles(drops)
	}
	t.runOnEnd(false)
}

func (t *Txn) finish(st XidStatus, drops []PendingDelete) {
	t.m.ckpt.RLock()
	t.finishLocked(st)
	t.m.log.DropFiles(drops)
	t.m.ckpt.RUnlock()
	t.runOnEnd(false)
}

// finishLocked records the final status; the caller holds m.ckpt shared.
func (t *Txn) finishLocked(st XidStatus) {
	m := t.m
	xid := t.XID()
	m.mu.Lock()
	for _, sub := range t.ownXids() {
		m.clog.set(sub, st)
		delete(m.running, sub)
	}
	m.clog.set(xid, st)
	delete(m.running, xid)
	delete(m.active, t)
	if st == StatusCommitted {
		t.state = stateCommitted
	} else {
		t.state = stateAborted
	}
	close(t.done)
	m.mu.Unlock()
}

func (t *Txn) runOnEnd(committed bool) {
	fns := t.onEnd
	t.onEnd = nil
	for _, fn := range fns {
		fn(committed)
	}
}

// takeSnapshot builds a snapshot of the running transactions (GetSnapshotData).
func (m *Manager) takeSnapshot(t *Txn) *Snapshot {
	m.mu.Lock()
	xmax := m.nextXid
	xmin := xmax
	own := t.XID()
	xip := make([]XID, 0, len(m.running))
	for xid, holder := range m.running {
		if xid == own || holder == t {
			continue
		}
		xip = append(xip, xid)
		if xid < xmin {
			xmin = xid
		}
	}
	if t.xmin == InvalidXID || xmin < t.xmin {
		t.xmin = xmin
	}
	m.active[t] = struct{}{}
	m.mu.Unlock()
	sort.Slice(xip, func(i, j int) bool { return xip[i] < xip[j] })
	return &Snapshot{Xmin: xmin, Xmax: xmax, Xip: xip, Xid: own, CurCID: t.curcid, txn: t, m: m}
}

// StatementSnapshot returns the snapshot for a new statement: under read
// committed a fresh one, under repeatable read the transaction snapshot (taken
// by the first statement) with the current command id.
func (t *Txn) StatementSnapshot() *Snapshot {
	if t.iso.UsesXactSnapshot() {
		if t.xactSnap == nil {
			t.xactSnap = t.m.takeSnapshot(t)
		}
		s := *t.xactSnap
		s.CurCID = t.curcid
		s.Xid = t.XID()
		t.stmtSnap = &s
	} else {
		t.stmtSnap = t.m.takeSnapshot(t)
	}
	return t.stmtSnap
}

// CatalogSnapshot returns a fresh snapshot for reading catalogs: it sees
// every committed change and the transaction's own whatever the isolation
// level, as catalog lookups must (GetCatalogSnapshot).
func (t *Txn) CatalogSnapshot() *Snapshot { return t.m.takeSnapshot(t) }

// Snapshot returns the current statement's snapshot, taking one if the
// transaction has none yet.
func (t *Txn) Snapshot() *Snapshot {
	if t.stmtSnap == nil {
		return t.StatementSnapshot()
	}
	return t.stmtSnap
}

// String describes the transaction for debugging.
func (t *Txn) String() string {
	return fmt.Sprintf("txn(xid=%d, cid=%d, %s)", t.XID(), t.curcid, t.iso)
}
