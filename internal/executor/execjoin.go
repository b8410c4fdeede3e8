// execjoin.go holds the machinery the join nodes (Nested Loop, Hash Join,
// Merge Join) share: joiner turns the candidate row pairs a join node finds
// into output batches, applying PostgreSQL's join semantics.
//
// A join node feeds the joiner, in output order: candidate pairs of an outer
// and an inner row (addPair), an "outer row done" marker after the last
// candidate of each outer row (beginOuter/endOuter), and inner rows that may
// need NULL extension (addInner). Each is copied at once into the combined
// batch, whose columns are the outer input's followed by the inner input's,
// so the node may move on to its inputs' next batches freely. When the
// combined batch is full the node calls flush, which evaluates JoinQual over
// all pending pairs in one vectorized pass, records which outer and inner
// rows matched, keeps the rows the join type returns (matched pairs;
// NULL-extended rows of unmatched outer rows for Left/Full/Anti; one row per
// matched outer row for Semi; NULL-extended unmatched inner rows for
// Right/Full), filters them with Qual and projects the target list.
//
// Matched flags: the outer row being worked on has a flag in oflags that
// survives flushes; inner rows' flags live in iflags, whose layout the node
// owns (Hash Join points it at the hash table's flags). Without a JoinQual a
// candidate pair is a match, so its flags are set at once and nodes can stop
// early for Semi, Anti and unique-inner joins.
//
// In a parallel plan each participant has its own join node and joiner.

package executor

import (
	"github.com/loomdb/loomdb/internal/expr"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/plannodes"
	"github.com/loomdb/loomdb/internal/types"
	"github.com/loomdb/loomdb/internal/vector"
)

// Kinds of rows in a joiner's combined batch.
const (
	rowPair     uint8 = iota // a candidate pair, subject to JoinQual
	rowOuterEnd              // an outer row's marker: NULL-extended if unmatched (Semi: returned if matched)
	rowInnerExt              // an inner row NULL-extended if unmatched
)

// joiner builds a join node's output from candidate pairs.
type joiner struct {
	jt     plannodes.JoinType
	nOuter int
	comb   *vector.Batch
	kind   []uint8
	oref   []int32
	iref   []int32
	oflags []bool
	iflags []bool
	open   int32 // oflags index of the outer row being worked on, or -1
	// hits, when set, records by ordinal which outer rows matched, across
	// passes: a hash join batch whose inner rows are probed in several
	// fragments learns an outer row's outcome only after the last one.
	// ords holds each oflags entry's ordinal, curOrd the next one's.
	hits     []bool
	ords     []int64
	curOrd   int64
	joinQual []*expr.ExprState
	quals    []*expr.ExprState
	proj     *projection
	ectx     *expr.Context
	// emitPairs is set for join types that return matched pairs.
	emitPairs bool
	pass      []bool
	pairSel   []int
	outSel    []int
	selBuf    []int
	// joinFiltered and filtered count rows removed by JoinQual and Qual.
	joinFiltered float64
	filtered     float64
}

// joinColumns returns the ColumnMap of a join's expressions over the
// combined batch; innerCol maps the inner side's 1-based column numbers.
func joinColumns(nOuter int, innerCol func(attno int) (int, bool)) expr.ColumnMap {
	return func(v *nodes.Var) (int, error) {
		switch v.VarNo {
		case nodes.OuterVar:
			if v.AttNo >= 1 && v.AttNo <= nOuter {
				return v.AttNo - 1, nil
			}
		case nodes.InnerVar:
			if c, ok := innerCol(v.AttNo); ok {
				return nOuter + c, nil
			}
		}
		return 0, pgerror.Internal("invalid join variable reference %s (varno %d, attno %d)", v.Name, v.VarNo, v.AttNo)
	}
}

// sideColumns returns the ColumnMap of expressions over one input of a
// join (OUTER_VAR or INNER_VAR references to that input's columns).
func sideColumns(varno, ncols int) expr.ColumnMap {
	return func(v *nodes.Var) (int, error) {
		if v.VarNo != varno || v.AttNo < 1 || v.AttNo > ncols {
			return 0, pgerror.Internal("invalid join key reference %s (varno %d, attno %d)", v.Name, v.VarNo, v.AttNo)
		}
		return v.AttNo - 1, nil
	}
}

func newJoiner(j *plannodes.Join, es *EState, outerTypes, innerTypes []types.T) (*joiner, error) {
	nOuter := len(outerTypes)
	cols := joinColumns(nOuter, func(attno int) (int, bool) {
		return attno - 1, attno >= 1 && attno <= len(innerTypes)
	})
	jn := &joiner{jt: j.JoinType, nOuter: nOuter, open: -1, ectx: es.exprContext(),
		// Non-nil even when empty: a nil selection means "all rows".
		outSel:  make([]int, 0, vector.BatchSize),
		pairSel: make([]int, 0, vector.BatchSize)}
	switch j.JoinType {
	case plannodes.JoinInner, plannodes.JoinLeft, plannodes.JoinRight, plannodes.JoinFull:
		jn.emitPairs = true
	}
	jn.comb = vector.NewBatch(append(append([]types.T{}, outerTypes...), innerTypes...), vector.BatchSize)
	for _, q := range j.JoinQual {
		x, err := expr.Compile(q, cols)
		if err != nil {
			return nil, err
		}
		jn.joinQual = append(jn.joinQual, x)
	}
	for _, q := range j.Qual {
		x, err := expr.Compile(q, cols)
		if err != nil {
			return nil, err
		}
		jn.quals = append(jn.quals, x)
	}
	var err error
	if jn.proj, err = newProjection(j.TargetList, cols); err != nil {
		return nil, err
	}
	return jn, nil
}

// fillsOuter reports whether unmatched outer rows are returned NULL-extended.
func fillsOuter(jt plannodes.JoinType) bool {
	return jt == plannodes.JoinLeft || jt == plannodes.JoinFull || jt == plannodes.JoinAnti
}

// fillsInner reports whether unmatched inner rows are returned NULL-extended.
func fillsInner(jt plannodes.JoinType) bool {
	return jt == plannodes.JoinRight || jt == plannodes.JoinFull
}

// full reports whether the combined batch holds a batch's worth of rows.
func (j *joiner) full() bool { return j.comb.N >= vector.BatchSize }

// beginOuter opens a new outer row; its candidate pairs follow.
func (j *joiner) beginOuter() {
	j.oflags = append(j.oflags, false)
	j.open = int32(len(j.oflags) - 1)
	if j.hits != nil {
		j.ords = append(j.ords, j.curOrd)
	}
}

// matchOuter marks oflags entry o matched.
func (j *joiner) matchOuter(o int32) {
	j.oflags[o] = true
	if j.hits != nil {
		j.hits[j.ords[o]] = true
	}
}

// abandonOuter closes the open outer row without deciding its outcome,
// which a later pass over it will (its matches are recorded in hits).
func (j *joiner) abandonOuter() { j.open = -1 }

// outerMatched reports whether the open outer row is known to have matched.
func (j *joiner) outerMatched() bool { return j.open >= 0 && j.oflags[j.open] }

func (j *joiner) appendOuter(oc []*vector.Vector, or int) {
	for c := 0; c < j.nOuter; c++ {
		var src *vector.Vector
		if oc != nil {
			src = oc[c]
		}
		appendValue(j.comb.Cols[c], src, or)
	}
}

func (j *joiner) appendInner(ic []*vector.Vector, ir int) {
	for c, dst := range j.comb.Cols[j.nOuter:] {
		var src *vector.Vector
		if ic != nil {
			src = ic[c]
		}
		appendValue(dst, src, ir)
	}
}

func (j *joiner) appendMeta(kind uint8, oref, iref int32) {
	j.kind = append(j.kind, kind)
	j.oref = append(j.oref, oref)
	j.iref = append(j.iref, iref)
	j.comb.N++
}

// addPair adds a candidate pair of the open outer row (row or of columns
// oc) and an inner row; iref indexes the inner row's flag in iflags, or is
// -1 when the node does not track inner matches.
func (j *joiner) addPair(oc []*vector.Vector, or int, ic []*vector.Vector, ir int, iref int32) {
	if len(j.joinQual) == 0 {
		j.matchOuter(j.open)
		if iref >= 0 {
			j.iflags[iref] = true
		}
		if !j.emitPairs {
			return
		}
	}
	j.appendOuter(oc, or)
	j.appendInner(ic, ir)
	j.appendMeta(rowPair, j.open, iref)
}

// room returns how many more rows the combined batch takes.
func (j *joiner) room() int { return max(vector.BatchSize-j.comb.N, 0) }

// addPairs adds candidate pairs of the open outer row (row or of oc) with
// inner rows from..to-1 of ic, at most room() of them; irefBase is the
// iflags index of row from, or -1.
func (j *joiner) addPairs(oc []*vector.Vector, or int, ic []*vector.Vector, from, to int, irefBase int32) {
	n := to - from
	if n <= 0 {
		return
	}
	if len(j.joinQual) == 0 {
		j.matchOuter(j.open)
		if irefBase >= 0 {
			for k := 0; k < n; k++ {
				j.iflags[irefBase+int32(k)] = true
			}
		}
		if !j.emitPairs {
			return
		}
	}
	for c := 0; c < j.nOuter; c++ {
		var src *vector.Vector
		if oc != nil {
			src = oc[c]
		}
		appendRepeat(j.comb.Cols[c], src, or, n)
	}
	for c, dst := range j.comb.Cols[j.nOuter:] {
		var src *vector.Vector
		if ic != nil {
			src = ic[c]
		}
		appendRange(dst, src, from, to)
	}
	for k := 0; k < n; k++ {
		iref := int32(-1)
		if irefBase >= 0 {
			iref = irefBase + int32(k)
		}
		j.kind = append(j.kind, rowPair)
		j.oref = append(j.oref, j.open)
		j.iref = append(j.iref, iref)
	}
	j.comb.N += n
}

// appendRepeat appends row r of src (nil: NULL) n times to dst.
func appendRepeat(dst, src *vector.Vector, r, n int) {
	if src == nil || src.Nulls[r] {
		for k := 0; k < n; k++ {
			dst.Append(nil)
		}
		return
	}
	for k := 0; k < n; k++ {
		dst.AppendFrom(src, r)
	}
}

// appendRange appends rows from..to-1 of src (nil: NULLs) to dst.
func appendRange(dst, src *vector.Vector, from, to int) {
	if src == nil {
		for k := from; k < to; k++ {
			dst.Append(nil)
		}
		return
	}
	dst.Nulls = append(dst.Nulls, src.Nulls[from:to]...)
	switch dst.Class {
	case types.ClassInt:
		dst.Ints = append(dst.Ints, src.Ints[from:to]...)
	case types.ClassBool:
		dst.Bools = append(dst.Bools, src.Bools[from:to]...)
	case types.ClassFloat:
		dst.Floats = append(dst.Floats, src.Floats[from:to]...)
	case types.ClassNumeric:
		dst.Nums = append(dst.Nums, src.Nums[from:to]...)
	case types.ClassInterval, types.ClassInternal, types.ClassArray, types.ClassRecord:
		dst.Anys = append(dst.Anys, src.Anys[from:to]...)
	default:
		dst.Strs = append(dst.Strs, src.Strs[from:to]...)
	}
}

// endOuter closes the open outer row (row or of oc), adding its
// NULL-extended row for Left, Full and Anti joins or its row for Semi
// joins, subject to whether it matched.
func (j *joiner) endOuter(oc []*vector.Vector, or int) {
	o := j.open
	j.open = -1
	switch j.jt {
	case plannodes.JoinInner, plannodes.JoinRight:
		return
	}
	if len(j.joinQual) == 0 {
		// The outcome is known now.
		if j.oflags[o] != (j.jt == plannodes.JoinSemi) {
			return
		}
	}
	j.appendOuter(oc, or)
	j.appendInner(nil, 0)
	j.appendMeta(rowOuterEnd, o, -1)
}

// addOuterUnmatched adds an outer row that has no candidates.
func (j *joiner) addOuterUnmatched(oc []*vector.Vector, or int) {
	if !fillsOuter(j.jt) {
		return
	}
	j.beginOuter()
	j.endOuter(oc, or)
}

// addInner adds an inner row, returned NULL-extended unless iflags[iref]
// says it matched (iref -1: unconditionally).
func (j *joiner) addInner(ic []*vector.Vector, ir int, iref int32) {
	if iref >= 0 && len(j.joinQual) == 0 && j.iflags[iref] {
		return
	}
	j.appendOuter(nil, 0)
	j.appendInner(ic, ir)
	j.appendMeta(rowInnerExt, -1, iref)
}

// flush evaluates the pending rows and returns the output batch, or nil
// when no row survived. The batch stays valid until reset.
func (j *joiner) flush() (*vector.Batch, error) {
	b := j.comb
	if b.N == 0 {
		return nil, nil
	}
	if cap(j.pass) < b.N {
		j.pass = make([]bool, b.N, max(b.N, vector.BatchSize))
	}
	pass := j.pass[:b.N]
	if len(j.joinQual) > 0 {
		sel := j.pairSel[:0]
		for r, k := range j.kind {
			pass[r] = false
			if k == rowPair {
				sel = append(sel, r)
			}
		}
		j.pairSel = sel
		for _, q := range j.joinQual {
			if len(sel) == 0 {
				break
			}
			v, err := q.Eval(j.ectx, b, sel)
			if err != nil {
				return nil, err
			}
			next := sel[:0]
			for _, r := range sel {
				if !v.Nulls[r] && v.Bools[r] {
					next = append(next, r)
				}
			}
			sel = next
		}
		for _, r := range sel {
			pass[r] = true
		}
	} else {
		for r := range pass {
			pass[r] = true
		}
	}
	out := j.outSel[:0]
	for r, k := range j.kind {
		switch k {
		case rowPair:
			if !pass[r] {
				j.joinFiltered++
				continue
			}
			j.matchOuter(j.oref[r])
			if ir := j.iref[r]; ir >= 0 {
				j.iflags[ir] = true
			}
			if j.emitPairs {
				out = append(out, r)
			}
		case rowOuterEnd:
			if j.oflags[j.oref[r]] == (j.jt == plannodes.JoinSemi) {
				out = append(out, r)
			}
		case rowInnerExt:
			if ir := j.iref[r]; ir < 0 || !j.iflags[ir] {
				out = append(out, r)
			}
		}
	}
	j.outSel = out
	b.Sel = out
	removed, err := qualFilter(j.ectx, j.quals, b, &j.selBuf)
	if err != nil {
		return nil, err
	}
	j.filtered += float64(removed)
	if b.Len() == 0 {
		return nil, nil
	}
	return j.proj.project(j.ectx, b)
}

// reset empties the combined batch after its output has been consumed,
// carrying over the open outer row's flag. iflags is left to the node.
func (j *joiner) reset() {
	if j.open >= 0 {
		f := j.oflags[j.open]
		j.oflags = append(j.oflags[:0], f)
		if j.hits != nil {
			j.ords = append(j.ords[:0], j.ords[j.open])
		}
		j.open = 0
	} else {
		j.oflags = j.oflags[:0]
		j.ords = j.ords[:0]
	}
	j.comb.Reset()
	j.kind = j.kind[:0]
	j.oref = j.oref[:0]
	j.iref = j.iref[:0]
}

// clear forgets everything, for a rescan.
func (j *joiner) clear() {
	j.open = -1
	j.reset()
}
