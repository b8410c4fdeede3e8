// combocid.go: combo command ids (PG: utils/time/combocid.c).
//
// A tuple header has room for one command id. When a transaction deletes a
// tuple it inserted itself, both the inserting (cmin) and the deleting (cmax)
// command matter to its own later commands, so the header stores a combo id
// that maps to the pair. Combo ids mean something only inside the transaction
// that made them and are forgotten when it ends.
//
// Concurrency: safe for concurrent use (parallel workers look combo ids up
// while the leader owns the transaction).
package txn

import "sync"

type cidPair struct{ cmin, cmax CommandID }

type comboCIDs struct {
	mu    sync.RWMutex
	pairs []cidPair
	index map[cidPair]CommandID
}

// ComboCID returns the combo id standing for the pair (cmin, cmax), making
// one if needed (GetComboCommandId).
func (t *Txn) ComboCID(cmin, cmax CommandID) CommandID {
	c := &t.combo
	key := cidPair{cmin, cmax}
	c.mu.Lock()
	defer c.mu.Unlock()
	if id, ok := c.index[key]; ok {
		return id
	}
	if c.index == nil {
		c.index = make(map[cidPair]CommandID)
	}
	id := CommandID(len(c.pairs))
	c.pairs = append(c.pairs, key)
	c.index[key] = id
	return id
}

// ComboCIDLookup returns the pair a combo id stands for; ok is false for an
// unknown id.
func (t *Txn) ComboCIDLookup(combo CommandID) (cmin, cmax CommandID, ok bool) {
	c := &t.combo
	c.mu.RLock()
	defer c.mu.RUnlock()
	if int(combo) >= len(c.pairs) {
		return 0, 0, false
	}
	p := c.pairs[combo]
	return p.cmin, p.cmax, true
}
