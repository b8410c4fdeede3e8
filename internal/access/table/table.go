// Package table defines what every table access method shares: relation
// descriptors, tuple descriptors, tuple ids and the table AM interface,
// including the block-based parallel scan state (PG: access/table/tableam.c,
// include/access/tableam.h, include/access/tupdesc.h, storage/itemptr.h).
//
// table.go: relations, tuple descriptors and tuple ids.
//
// Concurrency: Relation and TupleDesc values are read-only once built and may
// be shared by any number of goroutines.
package table

import (
	"fmt"

	"github.com/loomdb/loomdb/internal/storage"
	"github.com/loomdb/loomdb/internal/types"
)

// Attr is one attribute (column) of a tuple descriptor (pg_attribute). A
// dropped attribute keeps its Type, because tuples written before the drop
// still hold its bytes and must be stepped over.
type Attr struct {
	Name    string
	Type    types.T
	NotNull bool
	Dropped bool
}

// TupleDesc describes the attributes of a relation's tuples, in attribute
// number order (attnum 1 is Attrs[0]).
type TupleDesc struct {
	Attrs []Attr
}

// NumAttrs returns the number of attributes, dropped ones included.
func (d *TupleDesc) NumAttrs() int { return len(d.Attrs) }

// Types returns the attribute types in order.
func (d *TupleDesc) Types() []types.T {
	out := make([]types.T, len(d.Attrs))
	for i, a := range d.Attrs {
		out[i] = a.Type
	}
	return out
}

// Relation is what an access method needs to know of a relation.
type Relation struct {
	Oid           types.Oid
	Name          string
	DbOid         types.Oid
	RelFileNumber types.Oid
	// Shared relations live in global/ and belong to no database.
	Shared bool
	Desc   *TupleDesc
	// FillFactor is the fillfactor storage parameter in percent; 0 means 100.
	FillFactor int
}

// Locator returns the relation's storage locator.
func (r *Relation) Locator() storage.RelFileLocator {
	db := r.DbOid
	if r.Shared {
		db = 0
	}
	return storage.RelFileLocator{DbOid: db, RelNumber: r.RelFileNumber}
}

// SaveFreeSpace returns the bytes inserts leave free on each page for the
// fillfactor (RelationGetTargetPageFreeSpace).
func (r *Relation) SaveFreeSpace() int {
	ff := r.FillFactor
	if ff <= 0 || ff > 100 {
		ff = 100
	}
	return storage.BlockSize * (100 - ff) / 100
}

// TID is a tuple id: a block and a line pointer (ItemPointerData, ctid).
type TID struct {
	Block  uint32
	Offset uint16
}

// SelfItemPointerAttributeNumber is the attribute number of the ctid
// system column, a tuple's own TID.
const SelfItemPointerAttributeNumber = -1

// CtidCol is the ctid system column in a scan's 0-based column list.
const CtidCol = SelfItemPointerAttributeNumber - 1

// NullCol, among the columns a scan or fetch decodes, stands for a column
// the caller's batch has but does not read: it gets a NULL, and the tuple's
// value is never decoded.
const NullCol = CtidCol - 1

// Datum returns t as a value of type tid.
func (t TID) Datum() int64 { return types.PackTid(t.Block, t.Offset) }

// TIDFromDatum returns the TID a tid value holds.
func TIDFromDatum(v int64) TID {
	b, o := types.UnpackTid(v)
	return TID{Block: b, Offset: o}
}

// InvalidTID is the zero TID.
var InvalidTID = TID{Block: storage.InvalidBlockNumber}

// IsValid reports whether t names a tuple.
func (t TID) IsValid() bool { return t.Block != storage.InvalidBlockNumber && t.Offset != 0 }

// String formats t as PostgreSQL prints a ctid, e.g. (0,1).
func (t TID) String() string { return fmt.Sprintf("(%d,%d)", t.Block, t.Offset) }

// Less orders tids by block, then offset.
func (t TID) Less(o TID) bool {
	return t.Block < o.Block || t.Block == o.Block && t.Offset < o.Offset
}

// TMResult is the outcome of a tuple modification (TM_Result).
type TMResult uint8

const (
	// TMOk: the tuple was modified.
	TMOk TMResult = iota
	// TMInvisible: the tuple is not visible to the modifying command.
	TMInvisible
	// TMSelfModified: the tuple was already modified by the current
	// transaction, by the current or a later command.
	TMSelfModified
	// TMUpdated: a concurrent transaction updated the tuple and committed.
	TMUpdated
	// TMDeleted: a concurrent transaction deleted the tuple and committed.
	TMDeleted
	// TMBeingModified: a concurrent transaction is modifying the tuple.
	TMBeingModified
)

// String names the result.
func (r TMResult) String() string {
	switch r {
	case TMOk:
		return "ok"
	case TMInvisible:
		return "invisible"
	case TMSelfModified:
		return "self-modified"
	case TMUpdated:
		return "updated"
	case TMDeleted:
		return "deleted"
	default:
		return "being modified"
	}
}
