// Package commands holds utility commands that are more than a catalog
// update (PG: backend/commands/). analyze.go is ANALYZE: sample a table,
// compute per-column statistics and the new relpages/reltuples, and record
// them in pg_statistic and pg_class (PG: commands/analyze.c's analyze_rel,
// do_analyze_rel, update_attstats).
//
// The sample is drawn by AcquireSampleRows (acquire.go) and each column's
// statistics computed by ComputeColumnStats (compute.go). Analyze only
// computes; AnalyzeAndStore also writes the results in the caller's
// transaction.
//
// Concurrency: ANALYZE runs concurrently with reads and writes of the
// table; two ANALYZEs of one table should be kept apart by the caller (PG
// takes ShareUpdateExclusiveLock), or the last to commit wins.
package commands

import (
	"context"
	"maps"
	"slices"

	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/catalog"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/storage"
	"github.com/loomdb/loomdb/internal/txn"
	"github.com/loomdb/loomdb/internal/types"
)

// Options tunes Analyze.
type Options struct {
	// StatisticsTarget is default_statistics_target; 0 means 100.
	StatisticsTarget int
	// ColumnTargets holds per-column targets (attstattarget) by attribute
	// number: negative means the default, 0 skips the column.
	ColumnTargets map[int]int
	// Columns restricts the statistics to these attribute numbers, as
	// ANALYZE t (a, b) does; nil means every column.
	Columns []int
	// Txn is the analyzing transaction (see SampleOptions.Txn).
	Txn *txn.Txn
	// OldestXmin and Rand are passed to AcquireSampleRows.
	OldestXmin txn.XID
	Rand       *PRNG
}

// Result is what ANALYZE found.
type Result struct {
	// RelPages and RelTuples are the new pg_class.relpages and reltuples:
	// the table's size in blocks when ANALYZE started and the estimated
	// number of live rows.
	RelPages  uint32
	RelTuples float64
	// DeadTuples is the estimated number of dead rows.
	DeadTuples float64
	// SampleRows is the number of rows sampled.
	SampleRows int
	// Stats holds the statistics of each analyzed column by attribute
	// number; columns without statistics (no sample rows, target 0) are
	// absent.
	Stats map[int]*catalog.ColumnStats
}

// analyzedColumn is one column ANALYZE computes statistics for.
type analyzedColumn struct {
	attnum int
	typ    types.T
	target int
}

// columnsToAnalyze returns the columns to analyze with their targets
// (examine_attribute): dropped columns and columns with target 0 are
// skipped.
func columnsToAnalyze(rel *table.Relation, opts Options) ([]analyzedColumn, error) {
	def := opts.StatisticsTarget
	if def <= 0 {
		def = DefaultStatisticsTarget
	}
	want := map[int]bool{}
	for _, a := range opts.Columns {
		if a < 1 || a > len(rel.Desc.Attrs) || rel.Desc.Attrs[a-1].Dropped {
			return nil, pgerror.Newf(pgerror.UndefinedColumn, "column number %d of relation \"%s\" does not exist", a, rel.Name)
		}
		if want[a] {
			return nil, pgerror.Newf(pgerror.DuplicateColumn, "column \"%s\" of relation \"%s\" appears more than once", rel.Desc.Attrs[a-1].Name, rel.Name)
		}
		want[a] = true
	}
	var out []analyzedColumn
	for i, a := range rel.Desc.Attrs {
		attnum := i + 1
		if a.Dropped || (opts.Columns != nil && !want[attnum]) {
			continue
		}
		target := def
		if t, ok := opts.ColumnTargets[attnum]; ok && t >= 0 {
			target = t
		}
		if target == 0 {
			continue
		}
		out = append(out, analyzedColumn{attnum: attnum, typ: a.Type, target: target})
	}
	return out, nil
}

// Analyze samples rel and computes the statistics of its columns (attnum
// n is rel.Desc.Attrs[n-1]) and its new relpages and reltuples, without
// recording them. A catalog.Relation's descriptor is its Table().
func Analyze(ctx context.Context, st *storage.Storage, rel *table.Relation, opts Options) (*Result, error) {
	cols, err := columnsToAnalyze(rel, opts)
	if err != nil {
		return nil, err
	}
	// Sample for the most demanding column, but at least 100 rows.
	targrows := 100
	for _, c := range cols {
		if n := MinRows(c.target); n > targrows {
			targrows = n
		}
	}
	relpages, err := st.NBlocks(rel.Locator())
	if err != nil {
		return nil, err
	}
	rows, totalRows, totalDead, err := AcquireSampleRows(ctx, st, rel, targrows,
		SampleOptions{Txn: opts.Txn, OldestXmin: opts.OldestXmin, Rand: opts.Rand})
	if err != nil {
		return nil, err
	}
	res := &Result{RelPages: relpages, RelTuples: totalRows, DeadTuples: totalDead, SampleRows: len(rows), Stats: map[int]*catalog.ColumnStats{}}
	if len(rows) == 0 {
		return res, nil
	}
	values := make([]types.Datum, len(rows))
	for _, c := range cols {
		if err := ctx.Err(); err != nil {
			return nil, pgerror.Convert(err)
		}
		for i, r := range rows {
			values[i] = nil
			if c.attnum-1 < len(r) {
				values[i] = r[c.attnum-1]
			}
		}
		if s := ComputeColumnStats(values, c.typ, totalRows, c.target); s != nil {
			res.Stats[c.attnum] = s
		}
	}
	return res, nil
}

// AnalyzeAndStore runs Analyze and records the results in transaction tx:
// the columns' pg_statistic rows (update_attstats) and the table's
// relpages and reltuples (vac_update_relstats). snap is the snapshot the
// catalog updates read through.
func AnalyzeAndStore(ctx context.Context, st *storage.Storage, cat *catalog.Catalog, tx *txn.Txn, snap *txn.Snapshot, rel *table.Relation, opts Options) (*Result, error) {
	if opts.Txn == nil {
		opts.Txn = tx
	}
	res, err := Analyze(ctx, st, rel, opts)
	if err != nil {
		return nil, err
	}
	for _, attnum := range slices.Sorted(maps.Keys(res.Stats)) {
		if err := cat.StoreStatistics(ctx, tx, snap, rel.Oid, attnum, res.Stats[attnum]); err != nil {
			return nil, err
		}
	}
	if err := cat.SetRelStats(ctx, tx, snap, rel.Oid, res.RelPages, res.RelTuples, -1); err != nil {
		return nil, err
	}
	return res, nil
}
