package catalog

import (
	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/types"
)

// Column is one attribute of a relation, from pg_attribute.
type Column struct {
	Name    string
	AttNum  int // 1-based
	Type    types.T
	NotNull bool
	Dropped bool
	// Default is the column's default expression as SQL text ("" when
	// it has none).
	Default string
}

// Relation is what the analyzer, planner and executor know of a table: its
// pg_class row and live columns (PG: RelationData, the relcache entry).
type Relation struct {
	Oid           types.Oid
	Name          string
	Namespace     types.Oid
	NamespaceName string
	Kind          byte // relkind: 'r' table, 'v' view, 'i' index
	RelFileNumber types.Oid
	Shared        bool
	// Pages and Tuples are relpages and reltuples (-1 = never vacuumed or analyzed).
	Pages  int32
	Tuples float64
	// AllVisible is relallvisible: the pages VACUUM found visible to every
	// transaction.
	AllVisible int32
	Columns    []Column
	// ParallelWorkers is the parallel_workers storage parameter (-1 when unset).
	ParallelWorkers int
	// Indexes are the table's btree indexes.
	Indexes []*IndexInfo
	// ViewDef is a view's defining SELECT (pg_rewrite.ev_action).
	ViewDef string

	table *table.Relation
}

// Table returns the descriptor the access methods use.
func (r *Relation) Table() *table.Relation { return r.table }

// Types returns the column types in attribute order.
func (r *Relation) Types() []types.T {
	ts := make([]types.T, len(r.Columns))
	for i, c := range r.Columns {
		ts[i] = c.Type
	}
	return ts
}

// ColumnByName returns the position (0-based) of the named column, or -1.
func (r *Relation) ColumnByName(name string) int {
	for i, c := range r.Columns {
		if c.Name == name && !c.Dropped {
			return i
		}
	}
	return -1
}

// IndexKey is one key column of an index.
type IndexKey struct {
	AttNum     int
	Desc       bool
	NullsFirst bool
}

// IndexInfo is what pg_class and pg_index say about an index.
type IndexInfo struct {
	Oid           types.Oid
	Name          string
	RelFileNumber types.Oid
	Unique        bool
	Keys          []IndexKey
	// Predicate is the text of a partial index's condition ("" when none).
	Predicate string
	Pages     int32
	Tuples    float64
}
