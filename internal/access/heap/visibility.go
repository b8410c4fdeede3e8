// visibility.go: MVCC tuple visibility (PG: access/heap/heapam_visibility.c).
//
// satisfiesMVCC decides whether a snapshot sees a tuple, satisfiesUpdate
// whether a command may delete or update it, satisfiesVacuum whether it is
// dead to every snapshot. loomdb does not set hint bits: the commit log is
// an in-memory array of atomics, cheap enough to consult every time, and
// pages are then only changed under an exclusive lock.
//
// Concurrency: callers hold the page's buffer lock (shared suffices).
package heap

import (
	"github.com/loomdb/loomdb/internal/txn"
)

// xminStatus returns the inserting transaction's status, honouring hint
// bits should a tuple carry them.
func xminStatus(h tupleHeader, m *txn.Manager) txn.XidStatus {
	im := h.infomask()
	switch {
	case im&HeapXminCommitted != 0 && im&HeapXminInvalid != 0:
		return txn.StatusCommitted // frozen
	case im&HeapXminCommitted != 0:
		return txn.StatusCommitted
	case im&HeapXminInvalid != 0:
		return txn.StatusAborted
	}
	return m.Status(h.xmin())
}

// satisfiesMVCC reports whether the tuple is visible to snap
// (HeapTupleSatisfiesMVCC).
func satisfiesMVCC(h tupleHeader, snap *txn.Snapshot) bool {
	m := snap.Manager()
	xmin := h.xmin()
	if snap.IsCurrentXID(xmin) {
		if h.cmin(snap.Txn()) >= snap.CurCID {
			return false // inserted after the scan started
		}
		if h.xmaxInvalid() || h.xmaxIsLockedOnly() {
			return true
		}
		if !snap.IsCurrentXID(h.xmax()) {
			return true // deleted by an aborted subtransaction
		}
		return h.cmax(snap.Txn()) >= snap.CurCID // deleted after the scan started
	}
	if snap.XidInProgress(xmin) {
		return false
	}
	if xminStatus(h, m) != txn.StatusCommitted {
		return false // aborted, or crashed
	}
	// The inserter is visible; now the deleter.
	if h.xmaxInvalid() || h.xmaxIsLockedOnly() {
		return true
	}
	xmax := h.xmax()
	if snap.IsCurrentXID(xmax) {
		return h.cmax(snap.Txn()) >= snap.CurCID
	}
	if snap.XidInProgress(xmax) {
		return true
	}
	return m.Status(xmax) != txn.StatusCommitted
}

// updateStatus is satisfiesUpdate's verdict, with the blocking xid.
type updateStatus struct {
	result updateResult
	xmax   txn.XID
}

type updateResult uint8

const (
	updOK updateResult = iota
	updInvisible
	updSelfModified
	updBeingModified
	updDeleted
)

// satisfiesUpdate decides whether command curcid of tx may delete or update
// the tuple (HeapTupleSatisfiesUpdate).
func satisfiesUpdate(h tupleHeader, tx *txn.Txn, curcid txn.CommandID) updateStatus {
	m := tx.Manager()
	xmin := h.xmin()
	if tx.IsCurrentXID(xmin) {
		if h.cmin(tx) >= curcid {
			return updateStatus{result: updInvisible}
		}
	} else if xminStatus(h, m) != txn.StatusCommitted {
		// Aborted, still running (another transaction's uncommitted row)
		// or crashed.
		return updateStatus{result: updInvisible}
	}
	if h.xmaxInvalid() || h.xmaxIsLockedOnly() {
		return updateStatus{result: updOK}
	}
	xmax := h.xmax()
	if tx.IsCurrentXID(xmax) {
		if h.cmax(tx) >= curcid {
			return updateStatus{result: updSelfModified, xmax: xmax}
		}
		return updateStatus{result: updInvisible, xmax: xmax}
	}
	// A transaction leaves the running set and gets its final status in
	// one step, so "running" must be asked before the status: the other
	// order can take a deleter that commits in between for crashed.
	if m.IsInProgress(xmax) {
		return updateStatus{result: updBeingModified, xmax: xmax}
	}
	if m.Status(xmax) == txn.StatusCommitted {
		return updateStatus{result: updDeleted, xmax: xmax}
	}
	// Aborted, or not running and never finished: it crashed.
	return updateStatus{result: updOK}
}

// vacuumStatus is satisfiesVacuum's verdict (HTSV_Result).
type vacuumStatus uint8

const (
	vacDead vacuumStatus = iota
	vacLive
	vacRecentlyDead
	vacInsertInProgress
	vacDeleteInProgress
)

// satisfiesVacuum classifies the tuple for VACUUM given the oldest xmin of
// all snapshots (HeapTupleSatisfiesVacuum).
func satisfiesVacuum(h tupleHeader, m *txn.Manager, oldestXmin txn.XID) vacuumStatus {
	xs := xminStatus(h, m)
	if xs == txn.StatusInProgress {
		if m.IsInProgress(h.xmin()) {
			if h.xmaxInvalid() || h.xmaxIsLockedOnly() {
				return vacInsertInProgress
			}
			return vacDeleteInProgress
		}
		// Not running any more: read the status again, since the inserter
		// may have committed after the first look. Commit sets the status
		// and leaves the running set atomically, so this answer is final.
		xs = m.Status(h.xmin())
	}
	switch xs {
	case txn.StatusAborted, txn.StatusInProgress:
		return vacDead // aborted, or crashed while running
	}
	if h.xmaxInvalid() || h.xmaxIsLockedOnly() {
		return vacLive
	}
	xmax := h.xmax()
	st := m.Status(xmax)
	if st == txn.StatusInProgress {
		if m.IsInProgress(xmax) {
			return vacDeleteInProgress
		}
		st = m.Status(xmax)
	}
	switch st {
	case txn.StatusCommitted:
		if xmax >= oldestXmin {
			return vacRecentlyDead
		}
		return vacDead
	}
	return vacLive // the deleter aborted or crashed
}
