// snapmgr.go: MVCC snapshots (PG: utils/time/snapmgr.c, procarray.c's
// GetSnapshotData, heapam_visibility.c's XidInMVCCSnapshot).
//
// A Snapshot says which transactions' effects a statement sees: everything
// committed before xmin, nothing started at or after xmax, and between them
// everything committed except the xids listed in Xip, which were running when
// the snapshot was taken. The owning transaction's own changes are visible up
// to, but not including, command CurCID.
//
// Concurrency: a Snapshot is immutable once returned, so the leader and its
// parallel workers share it freely.
package txn

import "sort"

// Snapshot is an MVCC snapshot.
type Snapshot struct {
	// Xmin is the oldest xid still running when the snapshot was taken.
	Xmin XID
	// Xmax is the first xid not yet assigned when the snapshot was taken.
	Xmax XID
	// Xip lists, sorted, the xids in [Xmin, Xmax) that were running, the
	// owning transaction's own xid excepted.
	Xip []XID
	// Xid is the owning transaction's xid when the snapshot was taken.
	Xid XID
	// CurCID is the command id of the statement: the transaction's changes
	// made by earlier commands are visible, its later ones are not.
	CurCID CommandID

	txn *Txn
	m   *Manager
}

// Txn returns the transaction that took the snapshot.
func (s *Snapshot) Txn() *Txn { return s.txn }

// Manager returns the transaction manager the snapshot belongs to.
func (s *Snapshot) Manager() *Manager { return s.m }

// IsCurrentXID reports whether xid is the owning transaction's own xid
// (TransactionIdIsCurrentTransactionId). The owner may assign its xid after
// the snapshot was taken, so this looks at the transaction, not at Xid.
func (s *Snapshot) IsCurrentXID(xid XID) bool {
	return s.txn != nil && s.txn.IsCurrentXID(xid)
}

// XidInProgress reports whether xid counts as still running for this
// snapshot (XidInMVCCSnapshot): its effects are invisible even if it has
// committed since.
func (s *Snapshot) XidInProgress(xid XID) bool {
	if xid < s.Xmin {
		return false
	}
	if xid >= s.Xmax {
		return true
	}
	i := sort.Search(len(s.Xip), func(i int) bool { return s.Xip[i] >= xid })
	return i < len(s.Xip) && s.Xip[i] == xid
}

// Status returns xid's commit log status.
func (s *Snapshot) Status(xid XID) XidStatus { return s.m.Status(xid) }

// WithCurCID returns a copy of s that sees the owner's changes made before
// command cid.
func (s *Snapshot) WithCurCID(cid CommandID) *Snapshot {
	c := *s
	c.CurCID = cid
	return &c
}
