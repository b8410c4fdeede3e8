// node_windowagg.go implements WindowAgg: it reads its input, sorted by
// the window's PARTITION BY and ORDER BY keys, one partition at a time,
// computes each window function for every row of the partition, and
// returns the rows with the results (PG: nodeWindowAgg.c). Rows with equal
// ORDER BY keys are peers. Frames follow ROWS, RANGE and GROUPS with
// offsets and EXCLUDE; aggregates over a frame that starts at the
// partition's first row advance one transition state, others start one per
// row. A partition is held in memory. The planner puts a WindowAgg only
// above a Gather, as PostgreSQL does, since a partition must be seen whole
// by one process; under debug_parallel_query the whole plan, WindowAgg
// included, may run in the single worker.

package executor

import (
	"context"
	"math"
	"sort"

	"github.com/loomdb/loomdb/internal/expr"
	"github.com/loomdb/loomdb/internal/funcs"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/plannodes"
	"github.com/loomdb/loomdb/internal/types"
	"github.com/loomdb/loomdb/internal/vector"
)

// WindowAggState is the run-time state of a WindowAgg.
type WindowAggState struct {
	plan    *plannodes.WindowAgg
	es      *EState
	child   PlanState
	ectx    *expr.Context
	inTypes []types.T
	// args are the compiled arguments of each window function; argBase[f]
	// is where function f's argument values start in a buffered row.
	args     [][]*expr.ExprState
	argBase  []int
	resTypes []types.T
	aggs     []*funcs.Aggregate
	proj     *projection
	out      *vector.Batch

	// part is the partition being returned; queue holds rows read ahead
	// of it; done marks the input's end.
	part    [][]types.Datum
	queue   [][]types.Datum
	done    bool
	results [][]types.Datum
	emitted int
}

func initWindowAgg(p *plannodes.WindowAgg, es *EState) (*WindowAggState, error) {
	child, err := ExecInitNode(p.Lefttree, es)
	if err != nil {
		return nil, err
	}
	s := &WindowAggState{plan: p, es: es, child: child, ectx: es.exprContext(), inTypes: plannodes.OutputTypes(p.Lefttree)}
	fail := func(err error) (*WindowAggState, error) {
		child.End()
		return nil, err
	}
	base := len(s.inTypes)
	for _, wf := range p.WinFuncs {
		var args []*expr.ExprState
		exprs := wf.Args
		if wf.AggFilter != nil {
			// The condition is kept with the arguments, after them.
			exprs = append(append([]nodes.Expr(nil), wf.Args...), wf.AggFilter)
		}
		for _, a := range exprs {
			x, err := expr.Compile(a, outerColumns)
			if err != nil {
				return fail(err)
			}
			args = append(args, x)
		}
		s.args = append(s.args, args)
		s.argBase = append(s.argBase, base)
		base += len(args)
		s.resTypes = append(s.resTypes, wf.ResultType)
		var agg *funcs.Aggregate
		if wf.IsAgg() {
			f := funcs.FuncByOid(wf.AggFnOid)
			if f == nil || f.Agg == nil {
				return fail(pgerror.Internal("aggregate %s not found", wf.Name))
			}
			agg = f.Agg
		}
		s.aggs = append(s.aggs, agg)
	}
	outTypes := append(append([]types.T(nil), s.inTypes...), s.resTypes...)
	s.out = vector.NewBatch(outTypes, vector.BatchSize)
	if s.proj, err = newProjection(p.TargetList, outerColumns); err != nil {
		return fail(err)
	}
	return s, nil
}

var _ PlanState = (*WindowAggState)(nil)

func (s *WindowAggState) childStates() []PlanState { return []PlanState{s.child} }

// Plan returns the node's plan.
func (s *WindowAggState) Plan() plannodes.Plan { return s.plan }

// Exec returns the next batch of rows with their window function results.
func (s *WindowAggState) Exec(ctx context.Context) (*vector.Batch, error) {
	s.ectx.Ctx = ctx
	for s.emitted >= len(s.part) {
		if s.done && len(s.queue) == 0 {
			return nil, nil
		}
		if err := s.readPartition(ctx); err != nil {
			return nil, err
		}
		if len(s.part) == 0 {
			return nil, nil
		}
		if err := s.compute(); err != nil {
			return nil, err
		}
		s.emitted = 0
	}
	s.out.Reset()
	n := len(s.inTypes)
	row := make([]types.Datum, n+len(s.resTypes))
	for s.emitted < len(s.part) && s.out.N < vector.BatchSize {
		copy(row, s.part[s.emitted][:n])
		copy(row[n:], s.results[s.emitted])
		s.out.AppendRow(row)
		s.emitted++
	}
	return s.proj.project(s.ectx, s.out)
}

// readPartition takes the next partition's rows from the input, each
// extended with its window functions' argument values.
func (s *WindowAggState) readPartition(ctx context.Context) error {
	s.part = nil
	for {
		if len(s.queue) == 0 {
			if s.done {
				return nil
			}
			if err := s.readBatch(ctx); err != nil {
				return err
			}
			continue
		}
		row := s.queue[0]
		if len(s.part) > 0 && !s.samePartition(s.part[0], row) {
			return nil
		}
		s.part = append(s.part, row)
		s.queue = s.queue[1:]
	}
}

// readBatch appends the input's next batch to the queue.
func (s *WindowAggState) readBatch(ctx context.Context) error {
	b, err := s.child.Exec(ctx)
	if err != nil {
		return err
	}
	if b == nil {
		s.done = true
		return nil
	}
	var argVals []*vector.Vector
	for _, args := range s.args {
		for _, x := range args {
			v, err := x.Eval(s.ectx, b, b.Sel)
			if err != nil {
				return err
			}
			argVals = append(argVals, v)
		}
	}
	for i := 0; i < b.Len(); i++ {
		r := b.Row(i)
		row := make([]types.Datum, len(s.inTypes), len(s.inTypes)+len(argVals))
		for c := range s.inTypes {
			// A scan's physical target list leaves the columns no node
			// reads without values.
			if b.Cols[c] != nil {
				row[c] = b.Cols[c].Get(r)
			}
		}
		for _, v := range argVals {
			if v.Nulls[r] {
				row = append(row, nil)
			} else {
				row = append(row, v.Get(r))
			}
		}
		s.queue = append(s.queue, row)
	}
	return nil
}

func datumEqual(t types.T, a, b types.Datum) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return types.Compare(t, a, b) == 0
}

func (s *WindowAggState) samePartition(a, b []types.Datum) bool {
	for _, c := range s.plan.PartColIdx {
		if !datumEqual(s.inTypes[c-1], a[c-1], b[c-1]) {
			return false
		}
	}
	return true
}

func (s *WindowAggState) peers(a, b []types.Datum) bool {
	for _, c := range s.plan.OrdColIdx {
		if !datumEqual(s.inTypes[c-1], a[c-1], b[c-1]) {
			return false
		}
	}
	return true
}

// ReScan restarts the input.
func (s *WindowAggState) ReScan(ctx context.Context) error {
	s.part, s.queue, s.done, s.results, s.emitted = nil, nil, false, nil, 0
	return s.child.ReScan(ctx)
}

// End ends the input.
func (s *WindowAggState) End() error { return s.child.End() }

// frameInfo describes the partition's peer groups.
type frameInfo struct {
	n          int
	groupStart []int // first row of row i's peer group
	groupEnd   []int // one past its last row
	groupIdx   []int // the peer group's number
	groupFirst []int // first row of peer group g
}

func (s *WindowAggState) peerGroups() *frameInfo {
	n := len(s.part)
	fi := &frameInfo{n: n, groupStart: make([]int, n), groupEnd: make([]int, n), groupIdx: make([]int, n)}
	for i := 0; i < n; {
		j := i + 1
		for j < n && s.peers(s.part[i], s.part[j]) {
			j++
		}
		for k := i; k < j; k++ {
			fi.groupStart[k], fi.groupEnd[k], fi.groupIdx[k] = i, j, len(fi.groupFirst)
		}
		fi.groupFirst = append(fi.groupFirst, i)
		i = j
	}
	return fi
}

// compute fills s.results for the buffered partition.
func (s *WindowAggState) compute() error {
	n := len(s.part)
	fi := s.peerGroups()
	if cap(s.results) < n {
		s.results = make([][]types.Datum, n)
	}
	s.results = s.results[:n]
	for i := range s.results {
		s.results[i] = make([]types.Datum, len(s.plan.WinFuncs))
	}
	for f, wf := range s.plan.WinFuncs {
		if err := s.computeFunc(f, wf, fi); err != nil {
			return err
		}
	}
	return nil
}

func (s *WindowAggState) arg(f, a, row int) types.Datum { return s.part[row][s.argBase[f]+a] }

func (s *WindowAggState) computeFunc(f int, wf *nodes.WindowFunc, fi *frameInfo) error {
	n := fi.n
	set := func(i int, d types.Datum) { s.results[i][f] = d }
	switch {
	case wf.IsAgg():
		return s.computeAgg(f, wf, fi)
	case wf.Name == "row_number":
		for i := 0; i < n; i++ {
			set(i, int64(i+1))
		}
	case wf.Name == "rank":
		for i := 0; i < n; i++ {
			set(i, int64(fi.groupStart[i]+1))
		}
	case wf.Name == "dense_rank":
		for i := 0; i < n; i++ {
			set(i, int64(fi.groupIdx[i]+1))
		}
	case wf.Name == "percent_rank":
		for i := 0; i < n; i++ {
			if n <= 1 {
				set(i, float64(0))
			} else {
				set(i, float64(fi.groupStart[i])/float64(n-1))
			}
		}
	case wf.Name == "cume_dist":
		for i := 0; i < n; i++ {
			set(i, float64(fi.groupEnd[i])/float64(n))
		}
	case wf.Name == "ntile":
		// The bucket count is read from the partition's first row.
		d := s.arg(f, 0, 0)
		if d == nil {
			for i := 0; i < n; i++ {
				set(i, nil)
			}
			return nil
		}
		k := toInt64(d)
		if k <= 0 {
			return pgerror.New(pgerror.InvalidArgumentForNtile, "argument of ntile must be greater than zero")
		}
		per, extra := int64(n)/k, int64(n)%k
		bucket, left := int64(1), per
		if extra > 0 {
			left++
		}
		for i := 0; i < n; i++ {
			if left == 0 {
				bucket++
				left = per
				if bucket <= extra {
					left++
				}
			}
			set(i, bucket)
			left--
		}
	case wf.Name == "lag" || wf.Name == "lead":
		for i := 0; i < n; i++ {
			off := int64(1)
			if len(wf.Args) > 1 {
				d := s.arg(f, 1, i)
				if d == nil {
					set(i, nil)
					continue
				}
				off = toInt64(d)
			}
			if wf.Name == "lag" {
				off = -off
			}
			j := int64(i) + off
			switch {
			case j >= 0 && j < int64(n):
				set(i, s.arg(f, 0, int(j)))
			case len(wf.Args) > 2:
				set(i, s.arg(f, 2, i))
			default:
				set(i, nil)
			}
		}
	case wf.Name == "first_value" || wf.Name == "last_value" || wf.Name == "nth_value":
		for i := 0; i < n; i++ {
			rows, err := s.frameRows(fi, i)
			if err != nil {
				return err
			}
			pos := 0
			switch wf.Name {
			case "last_value":
				pos = len(rows) - 1
			case "nth_value":
				d := s.arg(f, 1, i)
				if d == nil {
					set(i, nil)
					continue
				}
				k := toInt64(d)
				if k <= 0 {
					return pgerror.New(pgerror.InvalidArgumentForNthValue, "argument of nth_value must be greater than zero")
				}
				pos = int(min(k-1, math.MaxInt32))
			}
			if pos < 0 || pos >= len(rows) {
				set(i, nil)
			} else {
				set(i, s.arg(f, 0, rows[pos]))
			}
		}
	default:
		return pgerror.Internal("unknown window function %s", wf.Name)
	}
	return nil
}

func toInt64(d types.Datum) int64 {
	switch v := d.(type) {
	case int64:
		return v
	case int32:
		return int64(v)
	case int16:
		return int64(v)
	}
	return 0
}

// computeAgg computes an aggregate over each row's frame.
func (s *WindowAggState) computeAgg(f int, wf *nodes.WindowFunc, fi *frameInfo) error {
	agg := s.aggs[f]
	opts := s.frameOptions()
	advance := func(st funcs.AggState, row int) error {
		if wf.AggFilter != nil {
			if f, ok := s.arg(f, len(wf.Args), row).(bool); !ok || !f {
				return nil
			}
		}
		switch len(wf.Args) {
		case 0:
			return st.Advance(nil)
		case 1:
			d := s.arg(f, 0, row)
			if d == nil && !agg.KeepNulls {
				return nil
			}
			return st.Advance(d)
		}
		// Several arguments reach the state as one row, as in Agg.
		args := make([]types.Datum, len(wf.Args))
		for i := range wf.Args {
			args[i] = s.arg(f, i, row)
		}
		return st.Advance(args)
	}
	incremental := opts&nodes.FrameStartUnboundedPreceding != 0 && opts&(nodes.FrameExcludeCurrentRow|nodes.FrameExcludeGroup|nodes.FrameExcludeTies) == 0
	if incremental {
		st := agg.New()
		upto := 0
		for i := 0; i < fi.n; i++ {
			_, end, err := s.frameBounds(fi, i)
			if err != nil {
				return err
			}
			if end < upto {
				// The frame shrank (an end before the previous one):
				// start over.
				st, upto = agg.New(), 0
			}
			for ; upto < end; upto++ {
				if err := advance(st, upto); err != nil {
					return err
				}
			}
			v, err := st.Final()
			if err != nil {
				return err
			}
			s.results[i][f] = v
		}
		return nil
	}
	for i := 0; i < fi.n; i++ {
		rows, err := s.frameRows(fi, i)
		if err != nil {
			return err
		}
		st := agg.New()
		for _, r := range rows {
			if err := advance(st, r); err != nil {
				return err
			}
		}
		v, err := st.Final()
		if err != nil {
			return err
		}
		s.results[i][f] = v
	}
	return nil
}

func (s *WindowAggState) frameOptions() int {
	o := s.plan.FrameOptions
	if o&nodes.FrameNonDefault == 0 {
		o = nodes.FrameDefaults
	}
	return o
}

// frameRows lists the rows of row i's frame, exclusions applied.
func (s *WindowAggState) frameRows(fi *frameInfo, i int) ([]int, error) {
	start, end, err := s.frameBounds(fi, i)
	if err != nil {
		return nil, err
	}
	opts := s.frameOptions()
	var rows []int
	for r := start; r < end; r++ {
		switch {
		case opts&nodes.FrameExcludeCurrentRow != 0 && r == i:
			continue
		case opts&nodes.FrameExcludeGroup != 0 && r >= fi.groupStart[i] && r < fi.groupEnd[i]:
			continue
		case opts&nodes.FrameExcludeTies != 0 && r != i && r >= fi.groupStart[i] && r < fi.groupEnd[i]:
			continue
		}
		rows = append(rows, r)
	}
	return rows, nil
}

// frameBounds returns row i's frame as [start, end) before exclusions.
func (s *WindowAggState) frameBounds(fi *frameInfo, i int) (int, int, error) {
	opts := s.frameOptions()
	n := fi.n
	offset := func(e nodes.Expr, what string) (types.Datum, error) {
		c, ok := e.(*nodes.Const)
		if !ok {
			return nil, pgerror.Internal("window frame offset is not a constant")
		}
		if c.Value == nil {
			return nil, pgerror.Newf(pgerror.NullValueNotAllowed, "frame %s offset must not be null", what)
		}
		return c.Value, nil
	}
	clamp := func(x int64) int {
		return int(max(0, min(x, int64(n))))
	}
	bound := func(start bool) (int, error) {
		var unbPre, unbFol, cur, offPre int
		var e nodes.Expr
		what := "ending"
		if start {
			unbPre, unbFol, cur, offPre = nodes.FrameStartUnboundedPreceding, nodes.FrameStartUnboundedFollowing, nodes.FrameStartCurrentRow, nodes.FrameStartOffsetPreceding
			e, what = s.plan.StartOffset, "starting"
		} else {
			unbPre, unbFol, cur, offPre = nodes.FrameEndUnboundedPreceding, nodes.FrameEndUnboundedFollowing, nodes.FrameEndCurrentRow, nodes.FrameEndOffsetPreceding
			e = s.plan.EndOffset
		}
		switch {
		case opts&unbPre != 0:
			return 0, nil
		case opts&unbFol != 0:
			return n, nil
		case opts&cur != 0:
			switch {
			case opts&nodes.FrameRows != 0:
				if start {
					return i, nil
				}
				return i + 1, nil
			case start:
				return fi.groupStart[i], nil
			default:
				return fi.groupEnd[i], nil
			}
		}
		d, err := offset(e, what)
		if err != nil {
			return 0, err
		}
		preceding := opts&offPre != 0
		switch {
		case opts&nodes.FrameRows != 0:
			k := toInt64(d)
			if k < 0 {
				return 0, pgerror.Newf(pgerror.InvalidPrecedingOrFollowingSize, "frame %s offset must not be negative", what)
			}
			if preceding {
				k = -k
			}
			if start {
				return clamp(int64(i) + k), nil
			}
			return clamp(int64(i) + k + 1), nil
		case opts&nodes.FrameGroups != 0:
			k := toInt64(d)
			if k < 0 {
				return 0, pgerror.Newf(pgerror.InvalidPrecedingOrFollowingSize, "frame %s offset must not be negative", what)
			}
			if preceding {
				k = -k
			}
			g := int64(fi.groupIdx[i]) + k
			ng := int64(len(fi.groupFirst))
			if start {
				switch {
				case g < 0:
					return 0, nil
				case g >= ng:
					return n, nil
				}
				return fi.groupFirst[g], nil
			}
			switch {
			case g < 0:
				return 0, nil
			case g >= ng:
				return n, nil
			}
			return fi.groupEnd[fi.groupFirst[g]], nil
		}
		return s.rangeBound(fi, i, d, preceding, start)
	}
	start, err := bound(true)
	if err != nil {
		return 0, 0, err
	}
	end, err := bound(false)
	if err != nil {
		return 0, 0, err
	}
	if end < start {
		end = start
	}
	return start, end, nil
}

// rangeBound finds a RANGE frame bound at an offset from row i's ORDER BY
// value: the first row whose value is at or past (for a start) or the
// first row past (for an end) value ± offset, in the sort direction. The
// partition is sorted on the value, so the bound is found by bisection.
func (s *WindowAggState) rangeBound(fi *frameInfo, i int, off types.Datum, preceding, start bool) (int, error) {
	col := s.plan.OrdColIdx[0] - 1
	desc := s.plan.OrdDescending[0]
	cur := s.part[i][col]
	if cur == nil {
		// A NULL ordering value's frame bound is its peer group.
		if start {
			return fi.groupStart[i], nil
		}
		return fi.groupEnd[i], nil
	}
	// Moving "preceding" is toward the partition's start: a smaller value
	// ascending, a larger one descending.
	cmp, err := rangeTarget(cur, off, preceding != desc)
	if err != nil {
		return 0, err
	}
	// The non-NULL values are rows lo..hi-1, NULLs before or after them.
	lo, hi := 0, s.nonNullEnd(fi, col)
	for lo < hi && s.part[lo][col] == nil {
		lo++
	}
	// at says whether row r is at (or, for an end, past) the bound, seen
	// from the partition's start.
	at := func(r int) bool {
		c := cmp(s.part[r][col])
		if desc {
			c = -c
		}
		if start {
			return c >= 0
		}
		return c > 0
	}
	return lo + sort.Search(hi-lo, func(k int) bool { return at(lo + k) }), nil
}

// checkRangeOffset fails for a negative or NaN RANGE offset (PG: the
// in_range support functions).
func checkRangeOffset(off types.Datum) error {
	bad := false
	switch o := off.(type) {
	case int64:
		bad = o < 0
	case float64:
		bad = o < 0 || math.IsNaN(o)
	case types.Numeric:
		bad = o.IsNaN() || o.Sign() < 0
	}
	if bad {
		return pgerror.New(pgerror.InvalidPrecedingOrFollowingSize, "invalid preceding or following size in window function")
	}
	return nil
}

// rangeTarget returns a comparison of an ORDER BY value with base ± off
// (minus when sub): the sign of value - target (PG: in_range_int8_int8,
// in_range_float8_float8, in_range_numeric_numeric). A target beyond the
// type's range compares as an infinity.
func rangeTarget(base, off types.Datum, sub bool) (func(v types.Datum) int, error) {
	if err := checkRangeOffset(off); err != nil {
		return nil, err
	}
	switch b := base.(type) {
	case int64, int32, int16:
		bv, o := toInt64(b), off.(int64)
		if sub {
			o = -o
		}
		t := bv + o
		if (o > 0 && t < bv) || (o < 0 && t > bv) {
			// Overflow: every value is on the near side of the target.
			inf := 1
			if o < 0 {
				inf = -1
			}
			return func(types.Datum) int { return -inf }, nil
		}
		return func(v types.Datum) int { return cmpInt64(toInt64(v), t) }, nil
	case float64, float32:
		bv := numericFloat(b)
		o := off.(float64)
		if math.IsInf(o, 1) && math.IsInf(bv, 0) && (bv > 0) == sub {
			// inf - inf: PG counts every value but NaN in range of both
			// bounds.
			return func(v types.Datum) int {
				if math.IsNaN(numericFloat(v)) {
					return 1
				}
				return 0
			}, nil
		}
		t := bv + o
		if sub {
			t = bv - o
		}
		return func(v types.Datum) int { return types.Compare(types.TFloat8, numericFloat(v), t) }, nil
	case types.Numeric:
		o := off.(types.Numeric)
		if o.IsInf(1) && b.IsInf(0) && (b.Sign() > 0) == sub {
			return func(v types.Datum) int {
				if v.(types.Numeric).IsNaN() {
					return 1
				}
				return 0
			}, nil
		}
		var t types.Numeric
		var err error
		if sub {
			t, err = types.NumericSub(b, o)
		} else {
			t, err = types.NumericAdd(b, o)
		}
		if err != nil {
			return nil, err
		}
		return func(v types.Datum) int { return types.Compare(types.TNumeric, v, t) }, nil
	}
	return nil, pgerror.Unsupported("RANGE offsets over this type are not supported yet")
}

func cmpInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func numericFloat(d types.Datum) float64 {
	if f, ok := d.(float32); ok {
		return float64(f)
	}
	return d.(float64)
}

// nonNullEnd is the bound past every non-NULL value: before trailing NULLs
// (NULLS LAST) or at the partition's end.
func (s *WindowAggState) nonNullEnd(fi *frameInfo, col int) int {
	n := fi.n
	for n > 0 && s.part[n-1][col] == nil {
		n--
	}
	return n
}
