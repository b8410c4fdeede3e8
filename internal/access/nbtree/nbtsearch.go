// nbtsearch.go: descending the tree and index scans (PG: access/nbtree/nbtsearch.c,
// nbtutils.c's scan key preprocessing and _bt_checkkeys, nbtree.c's parallel
// scan coordination).
//
// A descent reads one page at a time: it releases a page before locking
// the child its downlink names, and if the child split meanwhile it moves
// right along the level while the scan key is beyond the page's high key.
// A scan positions itself with an insertion scan key built from the
// boundary keys for its direction (_bt_first), then reads matching entries
// a leaf page at a time, copying them out under the shared lock, stepping
// right through the saved right link or left by re-finding the left
// sibling. It stops at the first entry that fails a "required" key: one on
// a column all of whose predecessors have equality keys.
//
// In a parallel scan the participants share a ParallelScan: each takes a
// turn to advance it by one page (_bt_parallel_seize), publishes the next
// page to read as soon as it has the current page locked
// (_bt_parallel_release), and then reads that page's entries while the next
// participant moves on, so every entry goes to exactly one participant.
//
// Concurrency: a Scan belongs to one goroutine; a ParallelScan is shared.
package nbtree

import (
	"context"
	"slices"
	"sync"

	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/storage"
	"github.com/loomdb/loomdb/internal/types"
	"github.com/loomdb/loomdb/internal/vector"
)

// stackEntry remembers the parent page and downlink offset of each level
// of a descent (BTStackData).
type stackEntry struct {
	blk    uint32
	off    storage.OffsetNumber
	parent *stackEntry
}

// stepGuard bounds walks along a level, so that a corrupt sibling chain
// cannot loop forever.
type stepGuard struct {
	r     *rel
	steps int
}

func (g *stepGuard) step() error {
	g.steps++
	if g.steps%512 == 0 {
		n, err := g.r.st.NBlocks(g.r.loc)
		if err != nil {
			return err
		}
		if g.steps > int(n) {
			return corrupt("circular sibling links in index \"%s\"", g.r.idx.Name)
		}
	}
	return nil
}

// binsrch returns, on a leaf, the first item >= key (> with nextkey), and
// on an internal page the last item < key (<= with nextkey), whose downlink
// leads to the key (_bt_binsrch).
func (r *rel) binsrch(k *insKey, page storage.Page) (storage.OffsetNumber, error) {
	low := firstDataKey(page)
	high := page.MaxOffsetNumber()
	if high < low {
		return low, nil
	}
	high++
	cmpval := 1
	if k.nextkey {
		cmpval = 0
	}
	for high > low {
		mid := low + (high-low)/2
		c, err := r.d.compare(k, page, mid)
		if err != nil {
			return 0, err
		}
		if c >= cmpval {
			low = mid + 1
		} else {
			high = mid
		}
	}
	if isLeaf(page) {
		return low, nil
	}
	if low <= firstDataKey(page) {
		return 0, corrupt("index \"%s\": scan key sorts before the first downlink of an internal page", r.idx.Name)
	}
	return low - 1, nil
}

// moveRight steps right from buf while the scan key is beyond the page's
// high key, finishing incomplete splits on the way when forUpdate is set
// (_bt_moveright). buf is locked in mode; the returned buffer is too.
func (r *rel) moveRight(k *insKey, buf storage.Buffer, mode storage.BufferLockMode, forUpdate bool, stack *stackEntry) (storage.Buffer, error) {
	cmpval := 1
	if k.nextkey {
		cmpval = 0
	}
	g := stepGuard{r: r}
	for {
		page := r.bm.Page(buf)
		if isRightmost(page) {
			break
		}
		if forUpdate && incompleteSplit(page) {
			blk := r.bm.BlockNumber(buf)
			if mode == storage.BufferLockShare {
				r.bm.UnlockBuffer(buf, mode)
				r.bm.LockBuffer(buf, storage.BufferLockExclusive)
				if err := checkBtPage(page, r.idx.Name, blk); err != nil {
					r.relBuf(buf, storage.BufferLockExclusive)
					return storage.InvalidBuffer, err
				}
			}
			if incompleteSplit(page) {
				if err := r.finishSplit(buf, stack); err != nil {
					return storage.InvalidBuffer, err
				}
			} else {
				r.relBuf(buf, storage.BufferLockExclusive)
			}
			var err error
			if buf, err = r.getBuf(blk, mode); err != nil {
				return storage.InvalidBuffer, err
			}
			continue
		}
		c := 0
		if !ignore(page) {
			var err error
			if c, err = r.d.compare(k, page, pHikey); err != nil {
				r.relBuf(buf, mode)
				return storage.InvalidBuffer, err
			}
		}
		if ignore(page) || c >= cmpval {
			if err := g.step(); err != nil {
				r.relBuf(buf, mode)
				return storage.InvalidBuffer, err
			}
			level := btLevel(page)
			next, err := r.relAndGetBuf(buf, mode, btNext(page), mode)
			if err != nil {
				return storage.InvalidBuffer, err
			}
			if btLevel(r.bm.Page(next)) != level {
				r.relBuf(next, mode)
				return storage.InvalidBuffer, corrupt("index \"%s\": right sibling of a level %d page is on level %d", r.idx.Name, level, btLevel(r.bm.Page(next)))
			}
			buf = next
			continue
		}
		break
	}
	if ignore(r.bm.Page(buf)) {
		r.relBuf(buf, mode)
		return storage.InvalidBuffer, r.errFellOff()
	}
	return buf, nil
}

// search descends to the leaf page where key belongs (_bt_search). The
// leaf comes back locked in mode, the internal pages passed on the way in
// the stack. An empty index gives InvalidBuffer when mode is share; for
// exclusive (insertion) a root is made.
func (r *rel) search(k *insKey, mode storage.BufferLockMode) (*stackEntry, storage.Buffer, error) {
	buf, err := r.getRoot(mode)
	if err != nil || buf == storage.InvalidBuffer {
		return nil, storage.InvalidBuffer, err
	}
	pageMode := storage.BufferLockShare
	forUpdate := mode == storage.BufferLockExclusive
	var stack *stackEntry
	for {
		if buf, err = r.moveRight(k, buf, pageMode, forUpdate, stack); err != nil {
			return nil, storage.InvalidBuffer, err
		}
		page := r.bm.Page(buf)
		if isLeaf(page) {
			break
		}
		off, err := r.binsrch(k, page)
		if err == nil {
			var t itup
			if t, err = getItem(page, off, r.d.nkeys); err == nil {
				blk := r.bm.BlockNumber(buf)
				level := btLevel(page)
				stack = &stackEntry{blk: blk, off: off, parent: stack}
				childMode := storage.BufferLockShare
				if level == 1 && forUpdate {
					childMode = storage.BufferLockExclusive
				}
				child := t.downlink()
				r.relBuf(buf, pageMode)
				if buf, err = r.getBuf(child, childMode); err != nil {
					return nil, storage.InvalidBuffer, err
				}
				pageMode = childMode
				if btLevel(r.bm.Page(buf)) != level-1 {
					r.relBuf(buf, pageMode)
					return nil, storage.InvalidBuffer, corrupt("index \"%s\": downlink in block %d at level %d points to block %d at level %d", r.idx.Name, blk, level, child, btLevel(r.bm.Page(buf)))
				}
				continue
			}
		}
		r.relBuf(buf, pageMode)
		return nil, storage.InvalidBuffer, err
	}
	if forUpdate && pageMode == storage.BufferLockShare {
		// The root is a leaf: trade the share lock for an exclusive one
		// and follow any split that happened in between.
		blk := r.bm.BlockNumber(buf)
		r.bm.UnlockBuffer(buf, storage.BufferLockShare)
		r.bm.LockBuffer(buf, storage.BufferLockExclusive)
		if err := checkBtPage(r.bm.Page(buf), r.idx.Name, blk); err != nil {
			r.relBuf(buf, storage.BufferLockExclusive)
			return nil, storage.InvalidBuffer, err
		}
		if buf, err = r.moveRight(k, buf, storage.BufferLockExclusive, true, stack); err != nil {
			return nil, storage.InvalidBuffer, err
		}
	}
	return stack, buf, nil
}

// getEndpoint returns the leftmost or rightmost page of a level, share
// locked, or InvalidBuffer for an empty index (_bt_get_endpoint).
func (r *rel) getEndpoint(level uint32, rightmost bool) (storage.Buffer, error) {
	buf, err := r.getRoot(storage.BufferLockShare)
	if err != nil || buf == storage.InvalidBuffer {
		return storage.InvalidBuffer, err
	}
	g := stepGuard{r: r}
	for {
		page := r.bm.Page(buf)
		for ignore(page) || (rightmost && !isRightmost(page)) {
			if isRightmost(page) {
				r.relBuf(buf, storage.BufferLockShare)
				return storage.InvalidBuffer, r.errFellOff()
			}
			if err := g.step(); err != nil {
				r.relBuf(buf, storage.BufferLockShare)
				return storage.InvalidBuffer, err
			}
			if buf, err = r.relAndGetBuf(buf, storage.BufferLockShare, btNext(page), storage.BufferLockShare); err != nil {
				return storage.InvalidBuffer, err
			}
			page = r.bm.Page(buf)
		}
		if btLevel(page) == level {
			return buf, nil
		}
		if btLevel(page) < level {
			r.relBuf(buf, storage.BufferLockShare)
			return storage.InvalidBuffer, corrupt("btree level %d not found in index \"%s\"", level, r.idx.Name)
		}
		off := firstDataKey(page)
		if rightmost {
			off = page.MaxOffsetNumber()
		}
		t, err := getItem(page, off, r.d.nkeys)
		if err != nil {
			r.relBuf(buf, storage.BufferLockShare)
			return storage.InvalidBuffer, err
		}
		parentLevel := btLevel(page)
		if buf, err = r.relAndGetBuf(buf, storage.BufferLockShare, t.downlink(), storage.BufferLockShare); err != nil {
			return storage.InvalidBuffer, err
		}
		if btLevel(r.bm.Page(buf)) != parentLevel-1 {
			r.relBuf(buf, storage.BufferLockShare)
			return storage.InvalidBuffer, corrupt("index \"%s\": downlink leads from level %d to level %d", r.idx.Name, parentLevel, btLevel(r.bm.Page(buf)))
		}
	}
}

// ---------------------------------------------------------------------------
// Scan keys.

// Strategy is a btree operator strategy (BTLessStrategyNumber ...).
type Strategy uint8

// The btree strategies.
const (
	Less         Strategy = 1
	LessEqual    Strategy = 2
	Equal        Strategy = 3
	GreaterEqual Strategy = 4
	Greater      Strategy = 5
)

// commute returns the strategy with its operands swapped.
func (s Strategy) commute() Strategy { return 6 - s }

// Direction is a scan direction.
type Direction int8

// Scan directions.
const (
	Forward  Direction = 1
	Backward Direction = -1
)

// ScanKey restricts a scan: key column Attno compared with Arg by the
// operator of Strategy (column OP Arg), or an IS NULL / IS NOT NULL test.
type ScanKey struct {
	// Attno is the 1-based index key column.
	Attno int
	// Strategy is the comparison; ignored for null tests.
	Strategy Strategy
	// Arg is the comparison value, a Datum of the column's type. A nil Arg
	// makes the key unsatisfiable, as comparing with NULL is.
	Arg types.Datum
	// SearchNull selects "IS NULL"; SearchNotNull "IS NOT NULL".
	SearchNull, SearchNotNull bool
}

// scanKey is a preprocessed scan key.
type scanKey struct {
	att int // 0-based
	op  Strategy
	// strat is the strategy in index order (DESC columns commute it; null
	// tests get PostgreSQL's strategies).
	strat                   Strategy
	arg                     types.Datum
	searchNull, searchNotNl bool
	reqFwd, reqBkwd         bool
}

// preprocessKeys validates the scan keys, orders them by column and marks
// the required ones (_bt_preprocess_keys, _bt_mark_scankey_required). It
// returns false when the keys cannot all be true. The result reuses out's
// storage.
func (d *tupDesc) preprocessKeys(keys []ScanKey, out []scanKey) ([]scanKey, bool, error) {
	out = out[:0]
	qualOK := true
	for _, k := range keys {
		if k.Attno < 1 || k.Attno > d.nkeys {
			return nil, false, pgerror.Internal("scan key on column %d of index \"%s\" with %d columns", k.Attno, d.name, d.nkeys)
		}
		a := &d.atts[k.Attno-1]
		sk := scanKey{att: k.Attno - 1, op: k.Strategy, searchNull: k.SearchNull, searchNotNl: k.SearchNotNull}
		switch {
		case k.SearchNull && k.SearchNotNull:
			qualOK = false
			sk.strat = Equal
		case k.SearchNull:
			sk.strat = Equal
		case k.SearchNotNull:
			sk.strat = Less
			if a.nullsFirst {
				sk.strat = Greater
			}
		default:
			if k.Strategy < Less || k.Strategy > Greater {
				return nil, false, pgerror.Internal("invalid btree strategy %d", k.Strategy)
			}
			if k.Arg == nil {
				qualOK = false
			} else if err := checkDatum(a, k.Arg); err != nil {
				return nil, false, err
			}
			sk.arg = k.Arg
			sk.strat = k.Strategy
			if a.desc {
				sk.strat = k.Strategy.commute()
			}
		}
		out = append(out, sk)
	}
	slices.SortStableFunc(out, func(x, y scanKey) int { return x.att - y.att })
	// Keys on a column whose predecessors all have equality keys decide
	// where the scan can stop.
	for att, i := 0, 0; att < d.nkeys; att++ {
		hasEq, any := false, false
		for ; i < len(out) && out[i].att == att; i++ {
			any = true
			k := &out[i]
			switch k.strat {
			case Equal:
				hasEq = true
				k.reqFwd, k.reqBkwd = true, true
			case Less, LessEqual:
				k.reqFwd = true
			default:
				k.reqBkwd = true
			}
		}
		if !any || !hasEq {
			break
		}
	}
	return out, qualOK, nil
}

// checkKeys tests an index tuple against the scan keys (_bt_checkkeys):
// pass reports a match, cont whether later tuples in direction dir may
// still match. tupnatts limits the columns looked at (truncated high keys).
func (d *tupDesc) checkKeys(keys []scanKey, t itup, tupnatts int, dir Direction) (pass, cont bool, err error) {
	if len(keys) == 0 {
		return true, true, nil
	}
	var l locs
	if err := d.locate(t, min(tupnatts, d.nkeys), &l); err != nil {
		return false, false, err
	}
	fwd := dir == Forward
	for i := range keys {
		k := &keys[i]
		if k.att >= tupnatts {
			continue // truncated attribute of a high key: may be anything
		}
		a := &d.atts[k.att]
		loc := l[k.att]
		isNull := loc.off < 0
		if k.searchNull || k.searchNotNl {
			if k.searchNull && isNull && !k.searchNotNl || k.searchNotNl && !isNull && !k.searchNull {
				continue
			}
			if k.reqFwd && fwd || k.reqBkwd && !fwd {
				return false, false, nil
			}
			return false, true, nil
		}
		if isNull {
			required := k.reqFwd || k.reqBkwd
			if a.nullsFirst {
				if required && !fwd {
					return false, false, nil
				}
			} else if required && fwd {
				return false, false, nil
			}
			return false, true, nil
		}
		if k.arg == nil {
			return false, false, nil
		}
		c, err := cmpRawDatum(a, t[loc.off:loc.off+loc.len], k.arg)
		if err != nil {
			return false, false, err
		}
		var ok bool
		switch k.op {
		case Less:
			ok = c < 0
		case LessEqual:
			ok = c <= 0
		case Equal:
			ok = c == 0
		case GreaterEqual:
			ok = c >= 0
		default:
			ok = c > 0
		}
		if !ok {
			if k.reqFwd && fwd || k.reqBkwd && !fwd {
				return false, false, nil
			}
			return false, true, nil
		}
	}
	return true, true, nil
}

// ---------------------------------------------------------------------------
// Parallel scans.

type parallelStatus uint8

const (
	parallelNotInitialized parallelStatus = iota
	parallelAdvancing
	parallelIdle
	parallelDone
)

// ParallelScan is the state the participants of a parallel index scan
// share (BTParallelScanDescData). Create it with NewParallelScan.
type ParallelScan struct {
	mu      sync.Mutex
	status  parallelStatus
	page    uint32
	changed chan struct{}
}

// NewParallelScan returns shared state for one parallel scan.
func NewParallelScan() *ParallelScan {
	return &ParallelScan{page: storage.InvalidBlockNumber, changed: make(chan struct{})}
}

// Reinitialize makes the scan start over (for a rescan); no participant
// may be scanning meanwhile.
func (p *ParallelScan) Reinitialize() {
	p.mu.Lock()
	p.status = parallelNotInitialized
	p.page = storage.InvalidBlockNumber
	p.broadcastLocked()
	p.mu.Unlock()
}

// broadcastLocked wakes every participant waiting for a state change; the
// caller holds p.mu.
func (p *ParallelScan) broadcastLocked() {
	close(p.changed)
	p.changed = make(chan struct{})
}

// seize waits until no other participant is advancing the scan and takes
// that role (_bt_parallel_seize). It returns the page to read next
// (InvalidBlockNumber: the scan is not started, position it; pNone: the
// end) and false when the scan is done.
func (p *ParallelScan) seize(ctx context.Context) (uint32, bool, error) {
	for {
		p.mu.Lock()
		switch p.status {
		case parallelDone:
			p.mu.Unlock()
			return 0, false, nil
		case parallelAdvancing:
			ch := p.changed
			p.mu.Unlock()
			select {
			case <-ch:
			case <-ctx.Done():
				return 0, false, pgerror.Convert(ctx.Err())
			}
			continue
		}
		p.status = parallelAdvancing
		blk := p.page
		p.mu.Unlock()
		return blk, true, nil
	}
}

// release publishes the next page to read and lets another participant
// advance the scan (_bt_parallel_release).
func (p *ParallelScan) release(blk uint32) {
	p.mu.Lock()
	p.page = blk
	p.status = parallelIdle
	p.broadcastLocked()
	p.mu.Unlock()
}

// done marks the scan finished for everyone (_bt_parallel_done).
func (p *ParallelScan) done() {
	p.mu.Lock()
	if p.status != parallelDone {
		p.status = parallelDone
		p.broadcastLocked()
	}
	p.mu.Unlock()
}

// ---------------------------------------------------------------------------
// Scans.

// ScanOptions configures a scan.
type ScanOptions struct {
	// Direction is Forward (the default) or Backward.
	Direction Direction
	// WantKeys returns the key values of each entry (index-only scans).
	WantKeys bool
	// Parallel, when set, makes this scan one participant of a parallel
	// scan sharing that state.
	Parallel *ParallelScan
}

// scanItem is one matching entry of the current page.
type scanItem struct {
	tid table.TID
	tup int // index into scanPos.tuples, -1 without keys
}

// scanPos is the current leaf page's matches (BTScanPosData).
type scanPos struct {
	valid               bool
	currPage, nextPage  uint32
	moreLeft, moreRight bool
	items               []scanItem
	tuples              []itup
	next                int
}

// Scan is an index scan (BTScanOpaqueData with its IndexScanDesc).
type Scan struct {
	r        *rel
	keys     []scanKey
	qualOK   bool
	dir      Direction
	wantKeys bool
	par      *ParallelScan
	usage    storage.BufferUsage

	started, finished bool
	pos               scanPos
	tids              []table.TID
	// pagesRead counts leaf pages read, to detect circular sibling links.
	pagesRead int
}

// BeginScan starts a scan of the entries that satisfy every key, in index
// order for the direction (btbeginscan + btrescan). It returns heap TIDs
// of all matching entries; checking them against a snapshot is the
// caller's job.
func BeginScan(st *storage.Storage, idx *Index, keys []ScanKey, opts ScanOptions) (*Scan, error) {
	d, err := idx.tupDesc()
	if err != nil {
		return nil, err
	}
	s := &Scan{dir: opts.Direction, wantKeys: opts.WantKeys, par: opts.Parallel}
	if s.dir != Backward {
		s.dir = Forward
	}
	s.r = newRel(st, idx, d, &s.usage)
	if err := s.Rescan(keys); err != nil {
		return nil, err
	}
	return s, nil
}

// Rescan restarts the scan with new keys. For a parallel scan the shared
// state must also be reinitialized before any participant continues.
func (s *Scan) Rescan(keys []ScanKey) error {
	// The old keys' storage is reused: the scan holds them only until now.
	pk, ok, err := s.r.d.preprocessKeys(keys, s.keys)
	if err != nil {
		return err
	}
	s.keys, s.qualOK = pk, ok
	s.started, s.finished = false, false
	s.pos, s.pagesRead = scanPos{}, 0
	return nil
}

// End releases the scan; it holds no buffers between calls, so this only
// drops its state. It is idempotent.
func (s *Scan) End() { s.pos = scanPos{}; s.finished = true }

// TIDs returns the heap TIDs of the entries of the last batch.
func (s *Scan) TIDs() []table.TID { return s.tids }

// Usage returns the scan's buffer accesses so far.
func (s *Scan) Usage() storage.BufferUsage { return s.usage }

// Next fetches the next batch of up to vector.BatchSize matching entries:
// TIDs returns their heap TIDs and, with WantKeys, b (when not nil, with
// one column per key column) receives their key values. It returns false
// when the scan is exhausted and the batch is empty.
func (s *Scan) Next(ctx context.Context, b *vector.Batch) (bool, error) {
	s.tids = s.tids[:0]
	if b != nil {
		b.Reset()
		if s.wantKeys && len(b.Cols) != s.r.d.nkeys {
			return false, pgerror.Internal("batch has %d columns, index \"%s\" has %d keys", len(b.Cols), s.r.idx.Name, s.r.d.nkeys)
		}
	}
	for len(s.tids) < vector.BatchSize {
		if s.pos.valid && s.pos.next < len(s.pos.items) {
			it := s.pos.items[s.pos.next]
			s.pos.next++
			s.tids = append(s.tids, it.tid)
			if b != nil && s.wantKeys && it.tup >= 0 {
				vals, err := s.r.d.values(s.pos.tuples[it.tup], s.r.d.nkeys)
				if err != nil {
					return false, err
				}
				b.AppendRow(vals)
			}
			continue
		}
		if s.finished {
			break
		}
		if err := ctx.Err(); err != nil {
			s.abandon()
			return false, pgerror.Convert(err)
		}
		var ok bool
		var err error
		if !s.started {
			s.started = true
			ok, err = s.first(ctx)
		} else {
			ok, err = s.stepPage(ctx)
		}
		if err != nil {
			s.abandon()
			return false, err
		}
		if !ok {
			s.finished = true
			s.pos.valid = false
		}
	}
	return len(s.tids) > 0, nil
}

// abandon ends a scan after an error, releasing the other participants of
// a parallel scan, which would otherwise wait for this one forever.
func (s *Scan) abandon() {
	s.finished = true
	s.pos.valid = false
	if s.par != nil {
		s.par.done()
	}
}

// parallelDone ends a parallel scan for all participants (no-op when
// serial).
func (s *Scan) parallelDone() {
	if s.par != nil {
		s.par.done()
	}
}

// first positions the scan on the first matching entry (_bt_first). It
// reports false when there is none.
func (s *Scan) first(ctx context.Context) (bool, error) {
	r := s.r
	if !s.qualOK {
		s.parallelDone()
		return false, nil
	}
	if s.par != nil {
		blk, ok, err := s.par.seize(ctx)
		if err != nil || !ok {
			return false, err
		}
		switch blk {
		case pNone:
			s.par.done()
			return false, nil
		case storage.InvalidBlockNumber:
			// Not started yet: we position it.
		default:
			s.initMoreData()
			return s.readNextPage(ctx, blk)
		}
	}
	fwd := s.dir == Forward
	// Choose the boundary keys: per column an equality key, else an
	// inequality that bounds the scan's start, until a column has none
	// or after a strict inequality.
	var start []scanKey
	stratTotal := Equal
	i := 0
	for att := 0; att < r.d.nkeys; att++ {
		var chosen *scanKey
		var notNullImplied bool
		for ; i < len(s.keys) && s.keys[i].att == att; i++ {
			k := &s.keys[i]
			switch k.strat {
			case Equal:
				if chosen == nil || chosen.strat != Equal {
					chosen = k
				}
			case Less, LessEqual:
				if fwd {
					notNullImplied = true
				} else if chosen == nil || chosen.strat != Equal && r.tighter(k, chosen) {
					chosen = k
				}
			default:
				if !fwd {
					notNullImplied = true
				} else if chosen == nil || chosen.strat != Equal && r.tighter(k, chosen) {
					chosen = k
				}
			}
		}
		a := &r.d.atts[att]
		if chosen == nil && notNullImplied && a.nullsFirst == fwd {
			// Skip the NULLs at the start: "> NULL" (NULLS FIRST, forward)
			// or "< NULL" (NULLS LAST, backward).
			nn := scanKey{att: att, searchNotNl: true, strat: Less}
			if a.nullsFirst {
				nn.strat = Greater
			}
			chosen = &nn
		}
		if chosen == nil {
			break
		}
		start = append(start, *chosen)
		if chosen.strat != Equal {
			stratTotal = chosen.strat
			if chosen.strat == Greater || chosen.strat == Less {
				break
			}
		}
		if i >= len(s.keys) || s.keys[i].att != att+1 {
			break
		}
	}
	if len(start) == 0 {
		return s.endpoint(ctx)
	}
	k := &insKey{keysz: len(start)}
	for _, sk := range start {
		if sk.searchNull || sk.searchNotNl {
			k.vals = append(k.vals, nil)
		} else {
			k.vals = append(k.vals, sk.arg)
		}
	}
	goback := false
	switch stratTotal {
	case Less:
		k.nextkey, goback = false, true
	case LessEqual:
		k.nextkey, goback = true, true
	case Equal:
		if !fwd {
			k.nextkey, goback = true, true
		}
	case GreaterEqual:
	case Greater:
		k.nextkey = true
	}
	_, buf, err := r.search(k, storage.BufferLockShare)
	if err != nil {
		return false, err
	}
	if buf == storage.InvalidBuffer {
		s.parallelDone()
		return false, nil
	}
	off, err := r.binsrch(k, r.bm.Page(buf))
	if err != nil {
		r.relBuf(buf, storage.BufferLockShare)
		return false, err
	}
	if goback {
		off--
	}
	s.initMoreData()
	found, err := s.readPage(buf, off)
	r.relBuf(buf, storage.BufferLockShare)
	if err != nil {
		return false, err
	}
	if found {
		return true, nil
	}
	return s.stepPage(ctx)
}

// tighter reports whether inequality key a bounds the scan's start more
// tightly than b (both on one column, both lower bounds in index order for
// a forward scan or upper bounds for a backward one).
func (r *rel) tighter(a, b *scanKey) bool {
	if a.searchNotNl || b.searchNotNl {
		return b.searchNotNl && !a.searchNotNl
	}
	at := &r.d.atts[a.att]
	c := cmpValues(at, a.arg, b.arg)
	if s := a.strat; s == Less || s == LessEqual {
		c = -c
	}
	if c != 0 {
		return c > 0
	}
	return a.strat == Greater || a.strat == Less
}

// initMoreData notes that there may be matches in the scan's direction
// (_bt_initialize_more_data).
func (s *Scan) initMoreData() {
	s.pos.moreLeft = s.dir == Backward
	s.pos.moreRight = s.dir == Forward
}

// endpoint starts a scan without boundary keys at the first or last leaf
// (_bt_endpoint).
func (s *Scan) endpoint(ctx context.Context) (bool, error) {
	r := s.r
	buf, err := r.getEndpoint(0, s.dir == Backward)
	if err != nil {
		return false, err
	}
	if buf == storage.InvalidBuffer {
		s.parallelDone()
		return false, nil
	}
	page := r.bm.Page(buf)
	off := firstDataKey(page)
	if s.dir == Backward {
		off = page.MaxOffsetNumber()
	}
	s.initMoreData()
	found, err := s.readPage(buf, off)
	r.relBuf(buf, storage.BufferLockShare)
	if err != nil {
		return false, err
	}
	if found {
		return true, nil
	}
	return s.stepPage(ctx)
}

// readPage collects the matching entries of the locked leaf buf, starting
// at off and going in the scan's direction (_bt_readpage). It reports
// whether there were any.
func (s *Scan) readPage(buf storage.Buffer, off storage.OffsetNumber) (bool, error) {
	r := s.r
	d := r.d
	page := r.bm.Page(buf)
	blk := r.bm.BlockNumber(buf)
	if !isLeaf(page) {
		return false, corrupt("index \"%s\": scan reached non-leaf block %d", r.idx.Name, blk)
	}
	s.pagesRead++
	if s.pagesRead%256 == 0 {
		// A scan reads every leaf once (plus the few splits it races), so
		// reading more pages than the index has means the links loop.
		n, err := r.st.NBlocks(r.loc)
		if err != nil {
			return false, err
		}
		if s.pagesRead > 2*int(n)+64 {
			return false, corrupt("circular sibling links in index \"%s\"", r.idx.Name)
		}
	}
	fwd := s.dir == Forward
	if s.par != nil {
		if fwd {
			s.par.release(btNext(page))
		} else {
			s.par.release(blk)
		}
	}
	pos := &s.pos
	pos.valid = true
	pos.currPage = blk
	pos.nextPage = btNext(page)
	pos.items = pos.items[:0]
	pos.tuples = pos.tuples[:0]
	pos.next = 0
	minoff, maxoff := firstDataKey(page), page.MaxOffsetNumber()
	save := func(t itup) {
		ti := -1
		if s.wantKeys {
			ti = len(pos.tuples)
			pos.tuples = append(pos.tuples, copyTuple(t))
		}
		if t.isPosting() {
			for i := 0; i < t.nPosting(); i++ {
				pos.items = append(pos.items, scanItem{tid: t.postingN(i), tup: ti})
			}
			return
		}
		pos.items = append(pos.items, scanItem{tid: t.tid(), tup: ti})
	}
	cont := true
	if fwd {
		for off = max(off, minoff); off <= maxoff; off++ {
			t, err := getItem(page, off, d.nkeys)
			if err != nil {
				return false, err
			}
			if t.isPivot() {
				return false, corrupt("index \"%s\": pivot tuple on leaf block %d", r.idx.Name, blk)
			}
			var pass bool
			if pass, cont, err = d.checkKeys(s.keys, t, d.nkeys, s.dir); err != nil {
				return false, err
			}
			if pass {
				save(t)
			}
			if !cont {
				break
			}
		}
		if cont && !isRightmost(page) {
			hk, err := getItem(page, pHikey, d.nkeys)
			if err != nil {
				return false, err
			}
			if _, cont, err = d.checkKeys(s.keys, hk, hk.natts(d.nkeys), s.dir); err != nil {
				return false, err
			}
		}
		if !cont {
			pos.moreRight = false
		}
	} else {
		for off = min(off, maxoff); off >= minoff && off > 0; off-- {
			t, err := getItem(page, off, d.nkeys)
			if err != nil {
				return false, err
			}
			if t.isPivot() {
				return false, corrupt("index \"%s\": pivot tuple on leaf block %d", r.idx.Name, blk)
			}
			var pass bool
			if pass, cont, err = d.checkKeys(s.keys, t, d.nkeys, s.dir); err != nil {
				return false, err
			}
			if pass {
				save(t)
			}
			if !cont {
				pos.moreLeft = false
				break
			}
		}
	}
	return len(pos.items) > 0, nil
}

// stepPage moves to the next page with matches in the scan's direction
// (_bt_steppage). It reports false at the end of the scan.
func (s *Scan) stepPage(ctx context.Context) (bool, error) {
	var blk uint32
	if s.dir == Forward {
		if s.par != nil {
			b, ok, err := s.par.seize(ctx)
			if err != nil || !ok {
				return false, err
			}
			blk = b
		} else {
			blk = s.pos.nextPage
		}
		s.pos.moreLeft = true
	} else {
		s.pos.moreRight = true
		if s.par != nil {
			b, ok, err := s.par.seize(ctx)
			if err != nil || !ok {
				return false, err
			}
			blk = b
		} else {
			blk = s.pos.currPage
		}
	}
	return s.readNextPage(ctx, blk)
}

// readNextPage reads pages from blk on (forward) or left of blk
// (backward) until one has matches (_bt_readnextpage).
func (s *Scan) readNextPage(ctx context.Context, blk uint32) (bool, error) {
	r := s.r
	if s.dir == Forward {
		g := stepGuard{r: r}
		for {
			if blk == pNone || !s.pos.moreRight {
				s.parallelDone()
				return false, nil
			}
			if err := ctx.Err(); err != nil {
				return false, pgerror.Convert(err)
			}
			if err := g.step(); err != nil {
				return false, err
			}
			buf, err := r.getBuf(blk, storage.BufferLockShare)
			if err != nil {
				return false, err
			}
			page := r.bm.Page(buf)
			next := btNext(page)
			if !ignore(page) {
				found, err := s.readPage(buf, firstDataKey(page))
				if err != nil || found {
					r.relBuf(buf, storage.BufferLockShare)
					return found, err
				}
			} else if s.par != nil {
				s.par.release(next)
			}
			r.relBuf(buf, storage.BufferLockShare)
			if s.par != nil {
				b, ok, err := s.par.seize(ctx)
				if err != nil || !ok {
					return false, err
				}
				blk = b
			} else {
				blk = next
			}
		}
	}
	if s.pos.currPage != blk {
		s.pos.currPage = blk
	}
	if blk == pNone || blk == storage.InvalidBlockNumber {
		s.parallelDone()
		return false, nil
	}
	buf, err := r.getBuf(s.pos.currPage, storage.BufferLockShare)
	if err != nil {
		return false, err
	}
	for {
		if !s.pos.moreLeft {
			r.relBuf(buf, storage.BufferLockShare)
			s.parallelDone()
			return false, nil
		}
		if err := ctx.Err(); err != nil {
			r.relBuf(buf, storage.BufferLockShare)
			return false, pgerror.Convert(err)
		}
		if buf, err = r.walkLeft(buf); err != nil {
			return false, err
		}
		if buf == storage.InvalidBuffer {
			s.parallelDone()
			return false, nil
		}
		page := r.bm.Page(buf)
		if !ignore(page) {
			found, err := s.readPage(buf, page.MaxOffsetNumber())
			if err != nil || found {
				r.relBuf(buf, storage.BufferLockShare)
				return found, err
			}
		} else if s.par != nil {
			s.par.release(r.bm.BlockNumber(buf))
		}
		if s.par != nil {
			r.relBuf(buf, storage.BufferLockShare)
			b, ok, err := s.par.seize(ctx)
			if err != nil || !ok {
				return false, err
			}
			if b == pNone || b == storage.InvalidBlockNumber {
				s.par.done()
				return false, nil
			}
			s.pos.currPage = b
			if buf, err = r.getBuf(b, storage.BufferLockShare); err != nil {
				return false, err
			}
		}
	}
}

// walkLeft releases buf and returns its left sibling share-locked, or
// InvalidBuffer at the left end (_bt_walk_left). When the left sibling
// split since buf's left link was read, it walks right from there to the
// page whose right link is buf.
func (r *rel) walkLeft(buf storage.Buffer) (storage.Buffer, error) {
	page := r.bm.Page(buf)
	if isLeftmost(page) {
		r.relBuf(buf, storage.BufferLockShare)
		return storage.InvalidBuffer, nil
	}
	obk := r.bm.BlockNumber(buf)
	level := btLevel(page)
	lblk := btPrev(page)
	buf, err := r.relAndGetBuf(buf, storage.BufferLockShare, lblk, storage.BufferLockShare)
	if err != nil {
		return storage.InvalidBuffer, err
	}
	g := stepGuard{r: r}
	for {
		page = r.bm.Page(buf)
		if btLevel(page) != level {
			r.relBuf(buf, storage.BufferLockShare)
			return storage.InvalidBuffer, corrupt("index \"%s\": left sibling of a level %d page is on level %d", r.idx.Name, level, btLevel(page))
		}
		if btFlags(page)&btpDeleted == 0 && btNext(page) == obk {
			return buf, nil
		}
		if isRightmost(page) {
			r.relBuf(buf, storage.BufferLockShare)
			return storage.InvalidBuffer, corrupt("index \"%s\": could not find left sibling of block %d", r.idx.Name, obk)
		}
		if err := g.step(); err != nil {
			r.relBuf(buf, storage.BufferLockShare)
			return storage.InvalidBuffer, err
		}
		if buf, err = r.relAndGetBuf(buf, storage.BufferLockShare, btNext(page), storage.BufferLockShare); err != nil {
			return storage.InvalidBuffer, err
		}
	}
}
