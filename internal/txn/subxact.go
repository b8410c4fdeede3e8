// subxact.go: subtransactions, which SAVEPOINT opens, RELEASE commits into
// their parent and ROLLBACK TO aborts (PG: xact.c's subtransaction states,
// DefineSavepoint, ReleaseSavepoint, RollbackToSavepoint; subtrans.c).
//
// A subtransaction that writes gets its own xid, assigned after its
// parent's, so that rolling it back is marking that xid (and those of the
// subtransactions it absorbed) aborted in the commit log: the rows it
// inserted vanish and the deletions it made are undone, as for a top-level
// abort. Until the top-level transaction ends every subtransaction xid
// counts as running for other transactions; at commit the surviving ones
// commit with it, in the same commit record.
//
// Concurrency: the owner opens and ends subtransactions between statements
// and assigns their xids; parallel workers read the set of the
// transaction's own xids (IsCurrentXID) through an atomic pointer to an
// immutable slice.

package txn

import "slices"

// subXact is one open subtransaction.
type subXact struct {
	name string
	xid  XID
	// children are the xids of subtransactions released into this one.
	children []XID
	// pending is how many pending deletes the transaction had when the
	// subtransaction began: later ones belong to it.
	pending int
}

// xids returns the subtransaction's own xid and its children's.
func (s *subXact) xids() []XID {
	out := slices.Clone(s.children)
	if s.xid != InvalidXID {
		out = append(out, s.xid)
	}
	return out
}

// CurrentXID returns the xid of the innermost open (sub)transaction,
// assigning one, and the top-level xid first, if needed
// (GetCurrentTransactionId). Rows the transaction writes carry it.
func (t *Txn) CurrentXID() XID {
	top := t.AssignXID()
	if len(t.subs) == 0 {
		return top
	}
	for _, s := range t.subs {
		if s.xid == InvalidXID {
			s.xid = t.m.assignSubXID(t)
			t.setOwnXids(append(slices.Clone(t.ownXids()), s.xid))
		}
	}
	return t.subs[len(t.subs)-1].xid
}

// assignSubXID hands out a new xid for a subtransaction of t.
func (m *Manager) assignSubXID(t *Txn) XID {
	m.mu.Lock()
	xid := m.nextXid
	m.nextXid++
	m.running[xid] = t
	m.mu.Unlock()
	if xid%xidLogInterval == 0 {
		_ = m.log.LogNextXID(xid + xidLogInterval)
	}
	return xid
}

// ownXids returns the xids of the subtransactions not rolled back, in
// increasing order (they are assigned in that order and only removed);
// the slice is never changed once published.
func (t *Txn) ownXids() []XID {
	if p := t.ownSub.Load(); p != nil {
		return *p
	}
	return nil
}

func (t *Txn) setOwnXids(x []XID) { t.ownSub.Store(&x) }

// IsCurrentXID reports whether xid is the transaction's own: its top-level
// xid or the xid of a subtransaction not rolled back
// (TransactionIdIsCurrentTransactionId).
func (t *Txn) IsCurrentXID(xid XID) bool {
	if xid == InvalidXID {
		return false
	}
	if xid == t.XID() {
		return true
	}
	_, found := slices.BinarySearch(t.ownXids(), xid)
	return found
}

// Savepoint opens a subtransaction named name (DefineSavepoint).
func (t *Txn) Savepoint(name string) {
	t.subs = append(t.subs, &subXact{name: name, pending: len(t.pending)})
}

// findSavepoint returns the position of the innermost savepoint named name.
func (t *Txn) findSavepoint(name string) (int, bool) {
	for i := len(t.subs) - 1; i >= 0; i-- {
		if t.subs[i].name == name {
			return i, true
		}
	}
	return 0, false
}

// HasSavepoint reports whether a savepoint named name is open.
func (t *Txn) HasSavepoint(name string) bool {
	_, ok := t.findSavepoint(name)
	return ok
}

// ReleaseSavepoint commits the innermost savepoint named name and those
// opened after it into their parent; it reports false when there is no
// such savepoint (ReleaseSavepoint).
func (t *Txn) ReleaseSavepoint(name string) bool {
	i, ok := t.findSavepoint(name)
	if !ok {
		return false
	}
	var merged []XID
	for _, s := range t.subs[i:] {
		merged = append(merged, s.xids()...)
	}
	t.subs = t.subs[:i]
	if i > 0 {
		parent := t.subs[i-1]
		parent.children = append(parent.children, merged...)
	}
	return true
}

// RollbackToSavepoint aborts the innermost savepoint named name and those
// opened after it, then opens it again, empty; it reports false when there
// is no such savepoint (RollbackToSavepoint).
func (t *Txn) RollbackToSavepoint(name string) bool {
	i, ok := t.findSavepoint(name)
	if !ok {
		return false
	}
	var aborted []XID
	for _, s := range t.subs[i:] {
		aborted = append(aborted, s.xids()...)
	}
	start := t.subs[i].pending
	var drops []PendingDelete
	for _, pd := range t.pending[start:] {
		if !pd.AtCommit {
			drops = append(drops, pd)
		}
	}
	t.pending = t.pending[:start]
	t.subs = t.subs[:i]
	m := t.m
	if len(aborted) > 0 {
		m.ckpt.RLock()
		_ = m.log.LogAbort(aborted[len(aborted)-1], aborted[:len(aborted)-1], drops)
		own := slices.DeleteFunc(slices.Clone(t.ownXids()), func(x XID) bool { return slices.Contains(aborted, x) })
		m.mu.Lock()
		for _, x := range aborted {
			m.clog.set(x, StatusAborted)
			delete(m.running, x)
		}
		t.setOwnXids(own)
		// Wake transactions waiting for the aborted xids.
		close(t.subAborted)
		t.subAborted = make(chan struct{})
		m.mu.Unlock()
		m.log.DropFiles(drops)
		m.ckpt.RUnlock()
	} else {
		m.log.DropFiles(drops)
	}
	t.Savepoint(name)
	return true
}
