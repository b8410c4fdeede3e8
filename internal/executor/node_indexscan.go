// node_indexscan.go implements Index Scan: it turns the plan's index
// conditions into btree scan keys (evaluating their comparison values once
// per scan, so parameters work), reads the matching TIDs in index order
// and fetches each row the snapshot sees, then applies the remaining quals
// and computes the target list. Rows come out in the index's order (or its
// reverse for a backward scan). A rescan, once per outer row on a nested
// loop's inner side, restarts the same btree scan; with a tuple bound (a
// Limit, or a nested loop that needs one match) heap rows are fetched only
// that many at a time.
//
// Parallel Index Scan: the participants share one btree scan and take its
// leaf pages in turn (nbtree.ParallelScan), so each returns a subset of the
// rows, in index order within it; a Gather Merge above restores the
// whole order.

package executor

import (
	"context"
	"slices"

	"github.com/loomdb/loomdb/internal/access/nbtree"
	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/catalog"
	"github.com/loomdb/loomdb/internal/expr"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/parallel"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/plannodes"
	"github.com/loomdb/loomdb/internal/storage"
	"github.com/loomdb/loomdb/internal/types"
	"github.com/loomdb/loomdb/internal/vector"
)

// IndexScanDesc reads the entries an index scan selects (an nbtree scan).
type IndexScanDesc interface {
	// Next fetches the next entries: TIDs returns their heap TIDs and, for
	// a scan started with wantKeys, b receives their key values.
	Next(ctx context.Context, b *vector.Batch) (bool, error)
	// Rescan restarts the scan with new keys, keeping what it allocated.
	Rescan(keys []nbtree.ScanKey) error
	TIDs() []table.TID
	Usage() storage.BufferUsage
	End()
}

// IndexAccess is the part of a statement's storage access that reads
// indexes and fetches rows by TID under the statement's snapshot.
type IndexAccess interface {
	BeginIndexScan(rel *catalog.Relation, index types.Oid, keys []nbtree.ScanKey, opts nbtree.ScanOptions) (IndexScanDesc, error)
	// FetchRow returns the row at tid and whether the snapshot sees it.
	FetchRow(rel *catalog.Relation, tid table.TID) ([]types.Datum, bool, error)
}

// TupleFetcher fetches the rows of one relation by TID for one scan,
// decoding the columns it was started with onto a batch laid out for
// tableColumns (heap.Fetcher).
type TupleFetcher interface {
	// Fetch appends the row at tid to b if the snapshot sees it.
	Fetch(tid table.TID, b *vector.Batch) (bool, error)
	// Visible reports whether the snapshot sees the row at tid.
	Visible(tid table.TID) (bool, error)
	// AllVisible reports whether every row of table block blk is visible
	// to every transaction (the visibility map).
	AllVisible(blk uint32) bool
	// Reset releases what the fetcher holds between scans (a rescan).
	Reset()
	// Usage returns the heap buffer accesses so far.
	Usage() storage.BufferUsage
	End()
}

// FetchAccess is an IndexAccess whose fetches can keep the last page
// pinned and decode only the columns a scan reads.
type FetchAccess interface {
	// BeginFetch starts fetching rows of rel: cols[j] is the attribute
	// (0-based) for batch column j, table.CtidCol for the TID, or
	// table.NullCol for a column nobody reads.
	BeginFetch(rel *catalog.Relation, cols []int) (TupleFetcher, error)
}

// rowFetcher fetches the rows a scan's TIDs point at, through a
// TupleFetcher when the access offers one and FetchRow otherwise.
type rowFetcher struct {
	ia   IndexAccess
	rel  *catalog.Relation
	cols []int
	f    TupleFetcher
}

// fetch appends the row at tid to b (nil: only checks it) if the
// snapshot sees it.
func (r *rowFetcher) fetch(tid table.TID, b *vector.Batch) (bool, error) {
	f, err := r.fetcher()
	if err != nil {
		return false, err
	}
	if f == nil {
		row, visible, err := r.ia.FetchRow(r.rel, tid)
		if err != nil || !visible || b == nil {
			return visible, err
		}
		appendHeapRow(b, row, tid)
		return true, nil
	}
	if b == nil {
		return f.Visible(tid)
	}
	return f.Fetch(tid, b)
}

// fetcher returns the TupleFetcher, begun on first use; nil when the
// access offers none.
func (r *rowFetcher) fetcher() (TupleFetcher, error) {
	if r.f == nil {
		fa, ok := r.ia.(FetchAccess)
		if !ok {
			return nil, nil
		}
		f, err := fa.BeginFetch(r.rel, r.cols)
		if err != nil {
			return nil, err
		}
		r.f = f
	}
	return r.f, nil
}

// allVisible reports whether the visibility map says every row of block
// blk is visible to every transaction; false when the access keeps no map.
func (r *rowFetcher) allVisible(blk uint32) (bool, error) {
	f, err := r.fetcher()
	if f == nil || err != nil {
		return false, err
	}
	return f.AllVisible(blk), nil
}

// reset releases what the fetcher holds (a pinned page), keeping it for
// the next scan.
func (r *rowFetcher) reset() {
	if r.f != nil {
		r.f.Reset()
	}
}

// usage returns the heap buffer accesses of the fetcher in use.
func (r *rowFetcher) usage() storage.BufferUsage {
	if r.f == nil {
		return storage.BufferUsage{}
	}
	return r.f.Usage()
}

// end releases the fetcher, adding its buffer accesses to usage.
func (r *rowFetcher) end(usage *storage.BufferUsage) {
	if r.f != nil {
		usage.Add(r.f.Usage())
		r.f.End()
		r.f = nil
	}
}

// usedColumns wraps cols to note, in used, which batch columns the
// compiled expressions read; fetchColumns then decodes only those.
func usedColumns(cols expr.ColumnMap, used map[int]bool) expr.ColumnMap {
	return func(v *nodes.Var) (int, error) {
		i, err := cols(v)
		if err == nil {
			used[i] = true
		}
		return i, err
	}
}

// fetchColumns returns a TupleFetcher's columns for a batch of ncols table
// columns and the TID, decoding only the used ones.
func fetchColumns(ncols int, used map[int]bool) []int {
	out := make([]int, ncols+1)
	for j := range ncols {
		out[j] = table.NullCol
		if used[j] {
			out[j] = j
		}
	}
	out[ncols] = table.CtidCol
	return out
}

// scanKeyBuilder evaluates an index scan's conditions into scan keys (PG:
// ExecIndexBuildScanKeys and ExecIndexEvalRuntimeKeys).
type scanKeyBuilder struct {
	keys []nbtree.ScanKey
	// values compute the comparison value of keys[i] (nil for null tests).
	values []*expr.ExprState
	// params are the outer columns the values read (a parameterized scan
	// on a nested loop's inner side), in the columns of paramBatch.
	params     [][2]int
	paramTypes []types.T
	es         *EState
	// arrays hold, for a "column = ANY (list)" key, the list's element
	// expressions and the column type; the index is scanned once per
	// distinct non-NULL element (PG: btree's array keys).
	arrays    map[int][]*expr.ExprState
	arrayType map[int]types.T
	// one, row and set are reused by each rescan: a nested loop rescans
	// its inner index scan once per outer row.
	one    *vector.Batch
	row    []types.Datum
	set    [][]nbtree.ScanKey
	keyBuf []nbtree.ScanKey
}

func newScanKeyBuilder(es *EState, scanRelID int, quals []nodes.Expr, indexKeys []int) (*scanKeyBuilder, error) {
	b := &scanKeyBuilder{es: es}
	outerParam := func(v *nodes.Var) (int, error) {
		if v.VarNo == scanRelID || v.VarNo <= 0 {
			return 0, pgerror.Internal("index condition value references the scanned table")
		}
		k := [2]int{v.VarNo, v.AttNo}
		for i, p := range b.params {
			if p == k {
				return i, nil
			}
		}
		b.params = append(b.params, k)
		b.paramTypes = append(b.paramTypes, v.Type)
		return len(b.params) - 1, nil
	}
	column := func(e nodes.Expr) (int, error) {
		if v, ok := e.(*nodes.Var); ok {
			for k, a := range indexKeys {
				if a == v.AttNo {
					return k + 1, nil
				}
			}
		}
		return 0, pgerror.Internal("index condition does not reference an index column")
	}
	for _, q := range quals {
		switch x := q.(type) {
		case *nodes.OpExpr:
			col, err := column(x.Args[0])
			if err != nil {
				return nil, err
			}
			st, ok := map[string]nbtree.Strategy{"<": nbtree.Less, "<=": nbtree.LessEqual, "=": nbtree.Equal, ">=": nbtree.GreaterEqual, ">": nbtree.Greater}[x.OpName]
			if !ok {
				return nil, pgerror.Internal("operator %s is not a btree operator", x.OpName)
			}
			v, err := expr.Compile(x.Args[1], outerParam)
			if err != nil {
				return nil, err
			}
			b.keys = append(b.keys, nbtree.ScanKey{Attno: col, Strategy: st})
			b.values = append(b.values, v)
		case *nodes.NullTest:
			col, err := column(x.Arg)
			if err != nil {
				return nil, err
			}
			b.keys = append(b.keys, nbtree.ScanKey{Attno: col, SearchNull: !x.IsNot, SearchNotNull: x.IsNot})
			b.values = append(b.values, nil)
		case *nodes.ScalarArrayOpExpr:
			if !x.UseOr || x.OpName != "=" {
				return nil, pgerror.Internal("operator %s ALL is not an index condition", x.OpName)
			}
			col, err := column(x.Left)
			if err != nil {
				return nil, err
			}
			var elems []*expr.ExprState
			for _, e := range x.List {
				v, err := expr.Compile(e, outerParam)
				if err != nil {
					return nil, err
				}
				elems = append(elems, v)
			}
			if b.arrays == nil {
				b.arrays, b.arrayType = map[int][]*expr.ExprState{}, map[int]types.T{}
			}
			b.arrays[len(b.keys)] = elems
			b.arrayType[len(b.keys)] = x.Left.ExprType()
			b.keys = append(b.keys, nbtree.ScanKey{Attno: col, Strategy: nbtree.Equal})
			b.values = append(b.values, nil)
		default:
			return nil, pgerror.Internal("unsupported index condition %T", q)
		}
	}
	return b, nil
}

// buildAll returns the key sets to scan the index with, in index order
// (reversed for a backward scan): one set, or with "= ANY" keys one per
// combination of their distinct non-NULL elements, none when a list has
// no such element.
func (b *scanKeyBuilder) buildAll(ectx *expr.Context, backward bool) ([][]nbtree.ScanKey, error) {
	keys, err := b.build(ectx)
	if err != nil {
		return nil, err
	}
	if b.arrays == nil {
		b.set = append(b.set[:0], keys)
		return b.set, nil
	}
	sets := [][]nbtree.ScanKey{keys}
	for i := range b.keys {
		elems, ok := b.arrays[i]
		if !ok {
			continue
		}
		t := b.arrayType[i]
		one, err := b.paramRow()
		if err != nil {
			return nil, err
		}
		var vals []types.Datum
		for _, e := range elems {
			out, err := e.Eval(ectx, one, nil)
			if err != nil {
				return nil, err
			}
			if d := out.Get(0); d != nil {
				vals = append(vals, d)
			}
		}
		slices.SortFunc(vals, func(x, y types.Datum) int { return types.Compare(t, x, y) })
		vals = slices.CompactFunc(vals, func(x, y types.Datum) bool { return types.Compare(t, x, y) == 0 })
		var next [][]nbtree.ScanKey
		for _, set := range sets {
			for _, v := range vals {
				c := append([]nbtree.ScanKey(nil), set...)
				c[i].Arg = v
				next = append(next, c)
			}
		}
		sets = next
	}
	if backward {
		slices.Reverse(sets)
	}
	return sets, nil
}

// paramRow is a one-row batch of the outer values a parameterized scan's
// keys read.
func (b *scanKeyBuilder) paramRow() (*vector.Batch, error) {
	if b.one == nil {
		b.one = vector.NewBatch(b.paramTypes, 1)
		b.row = make([]types.Datum, len(b.params))
	}
	b.one.Reset()
	if len(b.params) == 0 {
		b.one.N = 1
		return b.one, nil
	}
	for i, p := range b.params {
		d, ok := b.es.OuterParams[p]
		if !ok {
			return nil, pgerror.Internal("outer parameter for a parameterized index scan is not set")
		}
		b.row[i] = d
	}
	b.one.AppendRow(b.row)
	return b.one, nil
}

// build returns the scan keys with their values computed now ("= ANY"
// keys without their value).
func (b *scanKeyBuilder) build(ectx *expr.Context) ([]nbtree.ScanKey, error) {
	// Without "= ANY" keys the one key set is used up (the scan copies
	// it) before the next rescan builds another, so its storage is reused;
	// with them the sets built from it wait in pending.
	var keys []nbtree.ScanKey
	if b.arrays == nil {
		b.keyBuf = append(b.keyBuf[:0], b.keys...)
		keys = b.keyBuf
	} else {
		keys = append([]nbtree.ScanKey(nil), b.keys...)
	}
	one, err := b.paramRow()
	if err != nil {
		return nil, err
	}
	for i, v := range b.values {
		if v == nil {
			continue
		}
		out, err := v.Eval(ectx, one, nil)
		if err != nil {
			return nil, err
		}
		keys[i].Arg = out.Get(0)
	}
	return keys, nil
}

func indexAccess(es *EState) (IndexAccess, error) {
	ia, ok := es.Tables.(IndexAccess)
	if !ok {
		return nil, pgerror.New(pgerror.FeatureNotSupported, "index scans are not supported by this storage")
	}
	return ia, nil
}

// indexScanBase is what Index Scan and Index Only Scan share: the index
// scan, restarted with freshly evaluated keys after a rescan, and the qual
// and target list over the rows its entries yield.
type indexScanBase struct {
	plan *plannodes.IndexScan
	ia   IndexAccess
	rel  *catalog.Relation
	keys *scanKeyBuilder
	// scan is the index scan in progress, nil between scans; desc is the
	// last one begun, restarted by the next scan rather than begun anew.
	scan  IndexScanDesc
	desc  IndexScanDesc
	batch *vector.Batch
	quals []*expr.ExprState
	proj  *projection
	ectx  *expr.Context
	sel   []int
	done  bool
	// pending are the key sets still to scan with (several for "= ANY").
	pending [][]nbtree.ScanKey
	started bool
	// entries reports that the scan's current entries (TIDs) are not all
	// used yet; next is the first unused one.
	entries bool
	next    int
	// bound, when positive, is how many rows the parent needs (PG:
	// ExecSetTupleBound): heap rows are fetched that many at a time, so a
	// nested loop that stops at an outer row's first match does not fetch
	// the rest.
	bound   int
	fetcher rowFetcher
	// parallel is the state the participants of a parallel scan share.
	parallel *nbtree.ParallelScan
	// Filtered counts rows removed by the qual (EXPLAIN ANALYZE).
	Filtered float64
	usage    storage.BufferUsage
}

// init prepares the scan; the batch holds every table column, or with
// indexOnly the index's key columns, which the plan's Vars then refer to.
func (b *indexScanBase) init(p *plannodes.IndexScan, es *EState, indexOnly bool) error {
	b.plan, b.ectx = p, es.exprContext()
	var err error
	if b.ia, err = indexAccess(es); err != nil {
		return err
	}
	if b.rel, err = es.Tables.Relation(p.RelOid); err != nil {
		return err
	}
	if b.keys, err = newScanKeyBuilder(es, p.ScanRelID, p.IndexQual, p.IndexKeys); err != nil {
		return err
	}
	var ts []types.T
	var cols expr.ColumnMap
	used := map[int]bool{}
	if indexOnly {
		for _, a := range p.IndexKeys {
			ts = append(ts, b.rel.Columns[a-1].Type)
		}
		cols = func(v *nodes.Var) (int, error) {
			if k := slices.Index(p.IndexKeys, v.AttNo); k >= 0 && v.VarNo == p.ScanRelID {
				return k, nil
			}
			return 0, pgerror.Internal("column %s is not in the index", v.Name)
		}
	} else {
		for _, c := range b.rel.Columns {
			ts = append(ts, c.Type)
		}
		cols = usedColumns(tableColumns(p.ScanRelID, len(ts)), used)
		ts = append(ts, types.TTid)
	}
	b.batch = vector.NewBatch(ts, vector.BatchSize)
	if b.quals, err = compileScanQuals(es, p.ScanRelID, p.Qual, cols); err != nil {
		return err
	}
	if b.proj, err = newProjection(p.TargetList, cols); err != nil {
		return err
	}
	b.fetcher = rowFetcher{ia: b.ia, rel: b.rel}
	if !indexOnly {
		b.fetcher.cols = fetchColumns(len(b.rel.Columns), used)
	}
	return nil
}

// tableColumns maps the Vars of table scanRelID to batch columns holding
// all of its ncols columns followed by the ctid (see appendHeapRow).
func tableColumns(scanRelID, ncols int) expr.ColumnMap {
	return func(v *nodes.Var) (int, error) {
		if v.VarNo == scanRelID && v.AttNo == table.SelfItemPointerAttributeNumber {
			return ncols, nil
		}
		if v.VarNo != scanRelID || v.AttNo < 1 || v.AttNo > ncols {
			return 0, pgerror.Internal("column %s is not scanned", v.Name)
		}
		return v.AttNo - 1, nil
	}
}

// appendHeapRow appends a fetched heap row and its TID to a batch laid
// out for tableColumns.
func appendHeapRow(b *vector.Batch, row []types.Datum, tid table.TID) {
	b.Cols[len(row)].Append(tid.Datum())
	b.AppendRow(row)
}

// BufferUsage returns the scan's buffer accesses so far, the index's and
// the heap's.
func (b *indexScanBase) BufferUsage() storage.BufferUsage {
	u := b.usage
	if b.desc != nil {
		u.Add(b.desc.Usage())
	}
	u.Add(b.fetcher.usage())
	return u
}

// SetBound tells the scan that its parent reads only the first n rows
// (0: all of them).
func (b *indexScanBase) SetBound(n int64) { b.bound = int(min(max(n, 0), vector.BatchSize)) }

// exec returns the next batch of qualifying rows: fill turns each batch of
// index entries (their TIDs, and with wantKeys their keys in b.batch) into
// the rows of b.batch.
func (b *indexScanBase) exec(ctx context.Context, wantKeys bool, fill func() error) (*vector.Batch, error) {
	b.ectx.Ctx = ctx
	if !b.started {
		sets, err := b.keys.buildAll(b.ectx, b.plan.Backward)
		if err != nil {
			return nil, err
		}
		b.pending, b.started = sets, true
	}
	var keyBatch *vector.Batch
	if wantKeys {
		keyBatch = b.batch
	}
	for !b.done {
		if b.scan == nil {
			if len(b.pending) == 0 {
				b.done = true
				break
			}
			if err := b.beginScan(wantKeys); err != nil {
				return nil, err
			}
		}
		if !b.entries {
			ok, err := b.scan.Next(ctx, keyBatch)
			if err != nil {
				return nil, err
			}
			if !ok {
				b.endScan()
				continue
			}
			b.entries, b.next = true, 0
		}
		if err := fill(); err != nil {
			return nil, err
		}
		removed, err := qualFilter(b.ectx, b.quals, b.batch, &b.sel)
		if err != nil {
			return nil, err
		}
		b.Filtered += float64(removed)
		if b.batch.Len() > 0 {
			return b.proj.project(b.ectx, b.batch)
		}
	}
	return nil, nil
}

// beginScan starts scanning with the next pending key set, restarting the
// last scan when there is one.
func (b *indexScanBase) beginScan(wantKeys bool) error {
	keys := b.pending[0]
	b.pending = b.pending[1:]
	b.entries = false
	if b.parallel != nil {
		// A shared scan is begun anew: its participants share where it is.
		b.dropDesc()
	}
	if b.desc != nil {
		if err := b.desc.Rescan(keys); err != nil {
			return err
		}
		b.scan = b.desc
		return nil
	}
	opts := nbtree.ScanOptions{WantKeys: wantKeys, Parallel: b.parallel}
	if b.plan.Backward {
		opts.Direction = nbtree.Backward
	}
	desc, err := b.ia.BeginIndexScan(b.rel, b.plan.IndexOid, keys, opts)
	if err != nil {
		return err
	}
	b.scan, b.desc = desc, desc
	return nil
}

// takeEntries returns the current entries' TIDs not used yet, at most
// bound of them when there is a bound, and marks them used.
func (b *indexScanBase) takeEntries() []table.TID {
	tids := b.scan.TIDs()[b.next:]
	if b.bound > 0 && len(tids) > b.bound {
		tids = tids[:b.bound]
	}
	b.next += len(tids)
	if b.next >= len(b.scan.TIDs()) {
		b.entries = false
	}
	return tids
}

// endScan ends the scan in progress, keeping its descriptor for the next.
func (b *indexScanBase) endScan() {
	b.fetcher.reset()
	b.entries = false
	if b.scan != nil {
		b.scan.End()
		b.scan = nil
	}
}

// dropDesc ends the scan and releases its descriptor: the next scan
// begins a new one (after the parallel state changed, or at the end).
func (b *indexScanBase) dropDesc() {
	b.endScan()
	if b.desc != nil {
		b.usage.Add(b.desc.Usage())
		b.desc = nil
	}
}

// ReScan restarts the scan; the next Exec evaluates the keys again.
func (b *indexScanBase) ReScan(ctx context.Context) error {
	b.endScan()
	b.done, b.started, b.pending = false, false, nil
	return nil
}

// InitializeShared creates the state the participants of a parallel scan
// share, where they take the index's leaf pages in turn, and restarts the
// leader's part over it.
func (b *indexScanBase) InitializeShared(reg *parallel.Registry) error {
	if !b.plan.ParallelAware {
		return nil
	}
	b.parallel = nbtree.NewParallelScan()
	reg.Put(b.plan.PlanNodeID, b.parallel)
	b.dropDesc()
	return b.ReScan(context.Background())
}

// AttachWorker makes a worker's scan one participant of the parallel scan.
func (b *indexScanBase) AttachWorker(reg *parallel.Registry) error {
	if !b.plan.ParallelAware {
		return nil
	}
	v, _ := reg.Get(b.plan.PlanNodeID)
	ps, ok := v.(*nbtree.ParallelScan)
	if !ok {
		return pgerror.Internal("no shared state for parallel index scan node %d", b.plan.PlanNodeID)
	}
	b.parallel = ps
	b.dropDesc()
	return b.ReScan(context.Background())
}

// End closes the scan.
func (b *indexScanBase) End() error {
	b.dropDesc()
	b.fetcher.end(&b.usage)
	return nil
}

// IndexScanState is the run-time state of an IndexScan.
type IndexScanState struct {
	indexScanBase
}

var (
	_ BufferUsageReporter = (*IndexScanState)(nil)
	_ ParallelAware       = (*IndexScanState)(nil)
)

func initIndexScan(p *plannodes.IndexScan, es *EState) (*IndexScanState, error) {
	s := &IndexScanState{}
	if err := s.init(p, es, false); err != nil {
		return nil, err
	}
	return s, nil
}

// Plan returns the node's plan.
func (s *IndexScanState) Plan() plannodes.Plan { return s.plan }

// Exec returns the next batch of qualifying rows.
func (s *IndexScanState) Exec(ctx context.Context) (*vector.Batch, error) {
	return s.exec(ctx, false, s.fetchRows)
}

// fetchRows fetches the rows of the current entries that the snapshot sees.
func (s *IndexScanState) fetchRows() error {
	s.batch.Reset()
	for _, tid := range s.takeEntries() {
		if _, err := s.fetcher.fetch(tid, s.batch); err != nil {
			return err
		}
	}
	return nil
}
