// node_agg.go implements Aggregate (PG: nodeAgg.c) with its three
// strategies:
//   - plain (Aggregate): one transition state per aggregate over all input
//     rows and a single result row, even for empty input;
//   - sorted (GroupAggregate): input sorted on GrpColIdx; each run of
//     adjacent rows with equal grouping columns (NULLs equal) is a group,
//     finished when the next group starts, so output streams in input order;
//   - hashed (HashAggregate): a hash table of groups keyed by the grouping
//     columns, filled from the whole input, then returned in order of each
//     group's first appearance (SQL leaves it unspecified).
//
// Each group keeps its first input row as its representative: the target
// list and the HAVING clause (the node's Qual) are evaluated over a batch of
// representative rows, in which OUTER_VAR Vars read the group's columns and
// Aggref nodes read the group's aggregate results. Aggregate arguments are
// evaluated a batch at a time; NULL arguments are skipped (strict
// transition), count(*) counts every row.
//
// An aggregate with ORDER BY, or an ordered-set aggregate with WITHIN
// GROUP, keeps its group's input rows and sorts them when the result is
// asked for; an ordered-set aggregate's direct arguments are computed then,
// once per group, over the representative row. Such aggregates have no
// combine step, so they run only unsplit, above any Gather.
//
// The hash table spills as PostgreSQL 13+ does: once its groups would take
// more than hash_mem (work_mem × hash_mem_multiplier, less the spill
// files' buffers), it takes no new groups; rows of new groups are written
// to temporary files, partitioned by their hash, and each partition is
// aggregated afterwards in a fresh table (spilling again if it too is too
// large). Memory is counted as PostgreSQL counts it, so EXPLAIN ANALYZE's
// "Batches: N  Memory Usage: NkB  Disk Usage: NkB" comes close to
// PostgreSQL's. A Finalize Aggregate's input holds transition states,
// which cannot be written out, so it does not spill.
//
// In a parallel plan aggregation is split in two (PG: AGGSPLIT_*): a
// Partial Aggregate in every participant outputs, per group it saw, each
// aggregate's transition state itself (a value of type internal) instead
// of its result; the Finalize Aggregate above the Gather reads those states
// (its Aggrefs' single argument is the partial column) and merges each
// into its group's state with the aggregate's combine step before
// computing the results.

package executor

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/loomdb/loomdb/internal/expr"
	"github.com/loomdb/loomdb/internal/funcs"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/plannodes"
	"github.com/loomdb/loomdb/internal/types"
	"github.com/loomdb/loomdb/internal/vector"
)

// AggState is the run-time state of an Agg.
type AggState struct {
	plan  *plannodes.Agg
	es    *EState
	child PlanState
	ectx  *expr.Context
	args  [][]*expr.ExprState
	// direct[i] computes ordered-set aggregate i's direct arguments over
	// a group's representative row; nil for other aggregates.
	direct    [][]*expr.ExprState
	directSel []int
	aggs      []*funcs.Aggregate
	states    []funcs.AggState
	proj      *projection
	quals     []*expr.ExprState
	values    []*vector.Vector
	done      bool
	inTypes   []types.T
	grpCols   []int // 0-based grouping columns
	// argVals[i] holds the values of aggregate i's expressions
	// (nodes.Aggref.AggExprs) over the last evaluated batch.
	argVals [][]*vector.Vector
	// byVector[i] marks an aggregate of one argument, without FILTER,
	// ORDER BY or DISTINCT, whose states add values straight from the
	// argument's vector (funcs.VectorAdvancer).
	byVector []bool
	rowsBuf  []int
	selBuf   []int
	// out holds the representative rows of the groups being returned.
	out *vector.Batch

	// Sorted strategy: the input batch being read and the open group.
	in      *vector.Batch
	inPos   int
	inDone  bool
	curRep  *rowStore
	curOpen bool

	// Hashed strategy.
	ht      *aggHashTable
	filled  bool
	outPos  int
	hashBuf []uint64
	// Spilling (hashed strategy): canSpill says the input's types can be
	// written to temporary files; entrySize is the memory the planner
	// expects a group to take (PG: hashentrysize); memLimit and
	// ngroupsLimit are the
	// current batch's limits, passGroups its expected groups and usedBits
	// the hash bits its rows share; spill is where rows of new groups go
	// once the limits are hit, batches the partitions still to aggregate.
	canSpill     bool
	entrySize    float64
	memLimit     int64
	ngroupsLimit int64
	passGroups   float64
	usedBits     int
	spill        *hashAggSpill
	batches      []hashAggBatch
	spillRefs    map[*spillFile]int
	spillRd      *spillReader
	everSpilled  bool
	batchesUsed  int
	diskKB       int64

	// Filtered counts groups removed by HAVING.
	Filtered float64
	// hashMemPeakKB is the largest hash table's memory, for EXPLAIN ANALYZE.
	hashMemPeakKB int64
	// gsets is the state of an Agg with grouping sets.
	gsets *groupingSets
}

func initAgg(p *plannodes.Agg, es *EState) (*AggState, error) {
	switch p.Split {
	case nodes.AggSplitSimple, nodes.AggSplitInitialSerial, nodes.AggSplitFinalDeserial:
	default:
		return nil, pgerror.Internal("unrecognized aggregation split %d", p.Split)
	}
	switch p.Strategy {
	case plannodes.AggPlain, plannodes.AggSorted, plannodes.AggHashed:
	case plannodes.AggMixed:
		if len(p.Rollups) == 0 {
			return nil, pgerror.Internal("mixed aggregation without grouping sets")
		}
	default:
		return nil, pgerror.Internal("unrecognized aggregation strategy %d", p.Strategy)
	}
	child, err := ExecInitNode(p.Lefttree, es)
	if err != nil {
		return nil, err
	}
	s := &AggState{plan: p, es: es, child: child, ectx: es.exprContext(), inTypes: plannodes.OutputTypes(p.Lefttree)}
	fail := func(err error) (*AggState, error) {
		child.End()
		return nil, err
	}
	index := map[nodes.Expr]int{}
	for i, a := range p.Aggs {
		f := funcs.FuncByOid(a.AggFnOid)
		if f == nil || f.Agg == nil {
			return fail(pgerror.Internal("aggregate %s not found", a.Name))
		}
		agg := f.Agg
		if a.Distinct || len(a.AggOrder) > 0 {
			if p.Split != nodes.AggSplitSimple {
				return fail(pgerror.Internal("aggregate %s with DISTINCT or ORDER BY cannot be split", a.Name))
			}
		}
		var argTypes []types.T
		for _, arg := range a.Args {
			argTypes = append(argTypes, arg.ExprType())
		}
		if a.Distinct {
			// With ORDER BY the inputs arrive sorted by it; DISTINCT then
			// keeps that order.
			agg = distinctAggregate(agg, argTypes, len(a.AggOrder) > 0)
		}
		if len(a.AggOrder) > 0 {
			agg = orderedAggregate(agg, a)
		}
		s.aggs = append(s.aggs, agg)
		// The direct arguments come last in AggExprs and are computed
		// per group, the others per input row.
		exprs := a.AggExprs()
		perRow, direct := exprs[:len(exprs)-len(a.DirectArgs)], exprs[len(exprs)-len(a.DirectArgs):]
		var args []*expr.ExprState
		for _, arg := range perRow {
			x, err := expr.Compile(arg, outerColumns)
			if err != nil {
				return fail(err)
			}
			args = append(args, x)
		}
		s.args = append(s.args, args)
		var directArgs []*expr.ExprState
		if a.IsOrderedSet() {
			directArgs = []*expr.ExprState{}
			for _, arg := range direct {
				x, err := expr.Compile(arg, outerColumns)
				if err != nil {
					return fail(err)
				}
				directArgs = append(directArgs, x)
			}
		}
		s.direct = append(s.direct, directArgs)
		index[a] = i
		rt := a.ResultType
		if p.Split == nodes.AggSplitInitialSerial {
			rt = types.T{Oid: types.InternalOid, Typmod: -1}
		}
		s.values = append(s.values, vector.New(rt, 1))
	}
	s.argVals = make([][]*vector.Vector, len(s.aggs))
	s.byVector = make([]bool, len(s.aggs))
	for i, a := range p.Aggs {
		_, vec := s.aggs[i].New().(funcs.VectorAdvancer)
		s.byVector[i] = vec && len(a.Args) <= 1 && a.AggFilter == nil && len(a.AggOrder) == 0 && !a.Distinct && !a.IsOrderedSet()
	}
	for k, gf := range p.GroupingFuncs {
		index[gf] = len(s.aggs) + k
		s.values = append(s.values, vector.New(types.TInt4, 1))
	}
	if len(p.Rollups) > 0 {
		if p.Split != nodes.AggSplitSimple {
			return fail(pgerror.Internal("grouping sets cannot be split"))
		}
		if err := s.initGroupingSets(p); err != nil {
			return fail(err)
		}
	} else if p.Strategy != plannodes.AggPlain {
		for _, c := range p.GrpColIdx {
			if c < 1 || c > len(s.inTypes) {
				return fail(pgerror.Internal("grouping column %d out of range", c))
			}
			s.grpCols = append(s.grpCols, c-1)
		}
	}
	s.proj = &projection{out: &vector.Batch{Cols: make([]*vector.Vector, len(p.TargetList))}}
	for _, te := range p.TargetList {
		x, err := expr.CompileWithAggs(te.Expr, outerColumns, index)
		if err != nil {
			return fail(err)
		}
		s.proj.exprs = append(s.proj.exprs, x)
	}
	for _, q := range p.Qual {
		x, err := expr.CompileWithAggs(q, outerColumns, index)
		if err != nil {
			return fail(err)
		}
		s.quals = append(s.quals, x)
	}
	s.out = vector.NewBatch(s.inTypes, vector.BatchSize)
	s.curRep = newRowStore(s.inTypes)
	s.canSpill = spillable(s.inTypes)
	s.entrySize = plannodes.HashAggEntrySize(p.NumTrans, p.Lefttree.PlanHeader().PlanWidth, p.TransitionSpace)
	return s, nil
}

func (s *AggState) childStates() []PlanState { return []PlanState{s.child} }

// Plan returns the node's plan.
func (s *AggState) Plan() plannodes.Plan { return s.plan }

// Exec returns the next batch of result rows.
func (s *AggState) Exec(ctx context.Context) (*vector.Batch, error) {
	s.ectx.Ctx = ctx
	if s.gsets != nil {
		return s.execGroupingSets(ctx)
	}
	switch s.plan.Strategy {
	case plannodes.AggSorted:
		return s.execSorted(ctx)
	case plannodes.AggHashed:
		return s.execHashed(ctx)
	}
	return s.execPlain(ctx)
}

// newStates returns fresh transition states, one per aggregate.
func (s *AggState) newStates(dst []funcs.AggState) []funcs.AggState {
	for _, a := range s.aggs {
		dst = append(dst, a.New())
	}
	return dst
}

// evalArgs computes each aggregate's argument over b's live rows.
func (s *AggState) evalArgs(b *vector.Batch) error {
	for i := range s.aggs {
		s.argVals[i] = s.argVals[i][:0]
		for _, x := range s.args[i] {
			v, err := x.Eval(s.ectx, b, b.Sel)
			if err != nil {
				return err
			}
			s.argVals[i] = append(s.argVals[i], v)
		}
	}
	return nil
}

// aggInput returns aggregate i's input for physical row r of the last
// evaluated batch: its argument (a []types.Datum of its arguments, then
// its ORDER BY keys, when it has several or is ordered), and whether the
// row is to be skipped (FILTER not true, or a NULL argument of a strict
// single-argument aggregate).
func (s *AggState) aggInput(i, r int) (types.Datum, bool) {
	a := s.plan.Aggs[i]
	vals := s.argVals[i]
	if a.AggFilter != nil {
		f := vals[len(a.Args)]
		if f.Nulls[r] || !f.Get(r).(bool) {
			return nil, true
		}
	}
	if a.IsOrderedSet() {
		// The row of aggregated arguments, which are also the sort keys;
		// a single NULL one is skipped unless the aggregate keeps NULLs.
		if len(a.Args) == 1 && vals[0].Nulls[r] && !s.aggs[i].KeepNulls {
			return nil, true
		}
		row := make([]types.Datum, len(a.Args))
		for j := range a.Args {
			row[j] = vals[j].Get(r)
		}
		return row, false
	}
	if len(a.Args) == 1 && len(a.AggOrder) == 0 {
		if vals[0].Nulls[r] {
			return nil, !s.aggs[i].KeepNulls
		}
		return vals[0].Get(r), false
	}
	if len(a.Args) == 0 {
		return nil, false
	}
	row := make([]types.Datum, 0, len(a.Args)+len(a.AggOrder))
	for j := range a.Args {
		row = append(row, vals[j].Get(r))
	}
	if len(a.AggOrder) > 0 {
		for j := len(vals) - len(a.AggOrder); j < len(vals); j++ {
			row = append(row, vals[j].Get(r))
		}
	}
	return row, false
}

// advance adds physical row r of the last evaluated batch to states; a
// Finalize Aggregate combines the partial states the row carries.
func (s *AggState) advance(states []funcs.AggState, r int) error {
	if s.plan.Split == nodes.AggSplitFinalDeserial {
		for i, st := range states {
			v := s.argVals[i][0]
			if v.Nulls[r] {
				continue
			}
			partial, ok := v.Get(r).(funcs.AggState)
			if !ok {
				return pgerror.Internal("partial aggregate state of %s has type %T", s.plan.Aggs[i].Name, v.Get(r))
			}
			if err := st.Combine(partial); err != nil {
				return err
			}
		}
		return nil
	}
	for i, st := range states {
		if s.byVector[i] {
			if len(s.argVals[i]) == 0 {
				// count(*)
				if err := st.(funcs.VectorAdvancer).AdvanceVector(nil, r); err != nil {
					return err
				}
				continue
			}
			v := s.argVals[i][0]
			if v.Nulls[r] {
				continue
			}
			if err := st.(funcs.VectorAdvancer).AdvanceVector(v, r); err != nil {
				return err
			}
			continue
		}
		d, skip := s.aggInput(i, r)
		if skip {
			continue
		}
		if err := st.Advance(d); err != nil {
			return err
		}
	}
	return nil
}

// appendFinals appends each aggregate's result for states to s.values;
// a Partial Aggregate appends the states themselves. Row row of rep is the
// group's representative, over which ordered-set aggregates compute their
// direct arguments.
func (s *AggState) appendFinals(states []funcs.AggState, rep *vector.Batch, row int) error {
	if s.plan.Split == nodes.AggSplitInitialSerial {
		for i, st := range states {
			s.values[i].Append(st)
		}
		return nil
	}
	for i, st := range states {
		var d types.Datum
		var err error
		if s.direct[i] != nil {
			d, err = s.orderedSetFinal(i, st, rep, row)
		} else {
			d, err = st.Final()
		}
		if err != nil {
			return err
		}
		s.values[i].Append(d)
	}
	return nil
}

// orderedSetFinal computes ordered-set aggregate i's result for state st,
// its direct arguments taken over row row of rep.
func (s *AggState) orderedSetFinal(i int, st funcs.AggState, rep *vector.Batch, row int) (types.Datum, error) {
	os, ok := st.(*orderedState)
	if !ok {
		return nil, pgerror.Internal("ordered-set aggregate %s has state %T", s.plan.Aggs[i].Name, st)
	}
	s.directSel = append(s.directSel[:0], row)
	direct := make([]types.Datum, len(s.direct[i]))
	for j, x := range s.direct[i] {
		v, err := x.Eval(s.ectx, rep, s.directSel)
		if err != nil {
			return nil, err
		}
		if !v.Nulls[row] {
			direct[j] = v.Get(row)
		}
	}
	return os.orderedFinal(direct)
}

func (s *AggState) resetOutput() {
	s.out.Reset()
	for _, v := range s.values {
		v.Reset()
	}
}

// emit filters the groups in s.out with HAVING and projects them; nil
// when none passes.
func (s *AggState) emit() (*vector.Batch, error) {
	s.ectx.AggValues = s.values
	removed, err := qualFilter(s.ectx, s.quals, s.out, &s.selBuf)
	if err != nil {
		return nil, err
	}
	s.Filtered += float64(removed)
	if s.out.Len() == 0 {
		return nil, nil
	}
	return s.proj.project(s.ectx, s.out)
}

// execPlain consumes the input and returns the single result row.
func (s *AggState) execPlain(ctx context.Context) (*vector.Batch, error) {
	if s.done {
		return nil, nil
	}
	s.done = true
	s.states = s.newStates(s.states[:0])
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		b, err := s.child.Exec(ctx)
		if err != nil {
			return nil, err
		}
		if b == nil {
			break
		}
		if err := s.evalArgs(b); err != nil {
			return nil, err
		}
		for i := 0; i < b.Len(); i++ {
			if err := s.advance(s.states, b.Row(i)); err != nil {
				return nil, err
			}
		}
	}
	for _, v := range s.values {
		v.Reset()
	}
	one := &vector.Batch{N: 1}
	if err := s.appendFinals(s.states, one, 0); err != nil {
		return nil, err
	}
	s.ectx.AggValues = s.values
	removed, err := qualFilter(s.ectx, s.quals, one, &s.selBuf)
	if err != nil {
		return nil, err
	}
	s.Filtered += float64(removed)
	if one.Len() == 0 {
		return nil, nil
	}
	return s.proj.project(s.ectx, one)
}

// sameGroup reports whether row r of b belongs to the open group.
func (s *AggState) sameGroup(b *vector.Batch, r int) bool {
	for _, c := range s.grpCols {
		v := b.Cols[c]
		if v != nil && !notDistinct(v, r, s.curRep.cols[c], 0) {
			return false
		}
	}
	return true
}

// finishGroup moves the open group to the output.
func (s *AggState) finishGroup() error {
	for c, v := range s.out.Cols {
		v.AppendFrom(s.curRep.cols[c], 0)
	}
	s.out.N++
	s.curOpen = false
	return s.appendFinals(s.states, s.out, s.out.N-1)
}

// execSorted returns the next groups of sorted input.
func (s *AggState) execSorted(ctx context.Context) (*vector.Batch, error) {
	for {
		if s.done {
			return nil, nil
		}
		s.resetOutput()
		for s.out.N < vector.BatchSize {
			if s.in == nil || s.inPos >= s.in.Len() {
				if s.inDone {
					break
				}
				if err := ctx.Err(); err != nil {
					return nil, err
				}
				b, err := s.child.Exec(ctx)
				if err != nil {
					return nil, err
				}
				if b == nil {
					s.in, s.inDone = nil, true
					if s.curOpen {
						if err := s.finishGroup(); err != nil {
							return nil, err
						}
					}
					break
				}
				if err := s.evalArgs(b); err != nil {
					return nil, err
				}
				s.in, s.inPos = b, 0
				continue
			}
			b := s.in
			for s.inPos < b.Len() && s.out.N < vector.BatchSize {
				r := b.Row(s.inPos)
				if s.curOpen && !s.sameGroup(b, r) {
					if err := s.finishGroup(); err != nil {
						return nil, err
					}
				}
				if !s.curOpen {
					s.curRep.reset()
					s.curRep.appendRow(b.Cols, r)
					s.states = s.newStates(s.states[:0])
					s.curOpen = true
				}
				if err := s.advance(s.states, r); err != nil {
					return nil, err
				}
				s.inPos++
			}
		}
		if s.out.N == 0 {
			s.done = true
			return nil, nil
		}
		out, err := s.emit()
		if err != nil || out != nil {
			return out, err
		}
	}
}

// execHashed builds the hash table on the first call, then returns its
// groups a batch at a time; when the input spilled, each spilled
// partition is then aggregated in turn the same way.
func (s *AggState) execHashed(ctx context.Context) (*vector.Batch, error) {
	if !s.filled {
		s.closeSpills()
		s.batchesUsed = 1
		s.startPass(s.plan.NumGroups, 0)
		if err := s.fillHash(ctx); err != nil {
			return nil, err
		}
		if err := s.endPass(); err != nil {
			return nil, err
		}
		s.filled = true
		s.outPos = 0
	}
	for {
		ht := s.ht
		for s.outPos < ht.reps.n {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			s.resetOutput()
			end := min(s.outPos+vector.BatchSize, ht.reps.n)
			ht.reps.copyRows(s.out, s.outPos, end)
			na := len(s.aggs)
			for g := s.outPos; g < end; g++ {
				if err := s.appendFinals(ht.states[g*na:(g+1)*na], s.out, g-s.outPos); err != nil {
					return nil, err
				}
			}
			s.outPos = end
			out, err := s.emit()
			if err != nil || out != nil {
				return out, err
			}
		}
		if len(s.batches) == 0 {
			return nil, nil
		}
		if err := s.refill(ctx); err != nil {
			return nil, err
		}
		s.outPos = 0
	}
}

// startPass begins aggregating one batch of input (the node's input or
// a spilled partition) that is expected to hold inputGroups groups, whose
// hashes agree on their first usedBits bits.
func (s *AggState) startPass(inputGroups float64, usedBits int) {
	entrySize := s.entrySize
	hashMem := float64(s.es.hashMemBytes())
	memLimit, ngroupsLimit, _ := plannodes.HashAggSetLimits(entrySize, inputGroups, usedBits, hashMem)
	s.memLimit, s.ngroupsLimit = int64(memLimit), ngroupsLimit
	s.passGroups, s.usedBits = inputGroups, usedBits
	nb := plannodes.HashAggChooseNumBuckets(entrySize, inputGroups, memLimit)
	s.ht = newAggHashTable(s.inTypes, s.grpCols, len(s.aggs), nb)
	s.spill = nil
}

// endPass finishes a batch: the partitions it spilled become batches of
// their own and the table's memory is recorded.
func (s *AggState) endPass() error {
	s.hashMemPeakKB = max(s.hashMemPeakKB, s.ht.memoryKB())
	sp := s.spill
	if sp == nil {
		return nil
	}
	s.spill = nil
	refs := 0
	for p := 0; p < sp.nparts; p++ {
		rows := sp.file.rows(p)
		if rows == 0 {
			continue
		}
		if err := sp.file.flush(p); err != nil {
			return err
		}
		s.batches = append(s.batches, hashAggBatch{file: sp.file, part: p, usedBits: s.usedBits + sp.bits, rows: rows})
		s.batchesUsed++
		refs++
	}
	s.diskKB += (sp.file.size + 1023) / 1024
	if refs == 0 {
		sp.file.close()
		return nil
	}
	s.spillRefs[sp.file] = refs
	return nil
}

// refill aggregates the most recently spilled batch into a fresh table
// (PG: agg_refill_hash_table).
func (s *AggState) refill(ctx context.Context) error {
	bt := s.batches[len(s.batches)-1]
	s.batches = s.batches[:len(s.batches)-1]
	// The batch's row count bounds its groups.
	s.startPass(float64(bt.rows), bt.usedBits)
	s.spillRd = bt.file.reader(bt.part, s.spillRd)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		b, err := s.spillRd.next()
		if err != nil {
			return err
		}
		if b == nil {
			break
		}
		if err := s.consume(b); err != nil {
			return err
		}
	}
	bt.file.drop(bt.part)
	if s.spillRefs[bt.file]--; s.spillRefs[bt.file] == 0 {
		delete(s.spillRefs, bt.file)
		bt.file.close()
	}
	return s.endPass()
}

// fillHash reads the whole input into the hash table of groups.
func (s *AggState) fillHash(ctx context.Context) error {
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		b, err := s.child.Exec(ctx)
		if err != nil {
			return err
		}
		if b == nil {
			return nil
		}
		if err := s.consume(b); err != nil {
			return err
		}
	}
}

// consume adds b's rows to their groups. Past the memory limit the table
// stops taking new groups (PG: hash_agg_enter_spill_mode): rows of groups
// already in it are still aggregated, the others are written to a spill
// partition chosen by the next bits of their hash.
func (s *AggState) consume(b *vector.Batch) error {
	ht := s.ht
	na := len(s.aggs)
	if err := s.evalArgs(b); err != nil {
		return err
	}
	rows := liveRows(b, &s.rowsBuf)
	if cap(s.hashBuf) < len(rows) {
		s.hashBuf = make([]uint64, len(rows), max(len(rows), vector.BatchSize))
	}
	hashes := s.hashBuf[:len(rows)]
	keys := ht.keyCols(b)
	groupKeyHashes(keys, rows, hashes)
	for k, r := range rows {
		h := hashes[k]
		if sp := s.spill; sp != nil {
			g, ok := ht.find(keys, r, h)
			if !ok {
				if err := sp.file.write(sp.partition(h), h, b.Cols, r); err != nil {
					return err
				}
				continue
			}
			if err := s.advance(ht.states[g*na:(g+1)*na], r); err != nil {
				return err
			}
			continue
		}
		g, isNew := ht.lookup(keys, b, r, h)
		if isNew {
			ht.states = s.newStates(ht.states)
		}
		if err := s.advance(ht.states[g*na:(g+1)*na], r); err != nil {
			return err
		}
		if isNew && s.canSpill && (int64(ht.reps.n) > s.ngroupsLimit || ht.memBytes() > s.memLimit) {
			s.enterSpillMode()
		}
	}
	return nil
}

// enterSpillMode starts spilling the rows of new groups, into as many
// partitions as the groups expected in this batch call for.
func (s *AggState) enterSpillMode() {
	n, bits := plannodes.HashAggChooseNumPartitions(s.passGroups, s.entrySize, s.usedBits, float64(s.es.hashMemBytes()))
	shift := uint(32 - s.usedBits - bits)
	s.spill = &hashAggSpill{file: newSpillFile(s.inTypes), nparts: n, bits: bits, shift: shift, mask: uint32(n-1) << shift}
	s.everSpilled = true
}

// closeSpills removes every temporary file and forgets pending batches.
func (s *AggState) closeSpills() {
	if s.spill != nil {
		s.spill.file.close()
		s.spill = nil
	}
	for f := range s.spillRefs {
		f.close()
	}
	s.spillRefs = map[*spillFile]int{}
	s.batches = nil
	s.everSpilled = false
}

// hashAggSpill is the set of partitions one batch spills into. The
// partition is taken from the top 32 bits of a row's hash, below the bits
// earlier spills used, so each level splits its batch further.
type hashAggSpill struct {
	file   *spillFile
	nparts int
	bits   int
	shift  uint
	mask   uint32
}

func (sp *hashAggSpill) partition(h uint64) int {
	return int((uint32(h>>32) & sp.mask) >> sp.shift)
}

// hashAggBatch is a spilled partition waiting to be aggregated.
type hashAggBatch struct {
	file     *spillFile
	part     int
	usedBits int
	rows     int64
}

// HashAggInfo returns the EXPLAIN ANALYZE line of a HashAggregate, such as
// "Batches: 1  Memory Usage: 24kB"; empty for other strategies or before
// the table is built.
func (s *AggState) HashAggInfo() string {
	batches, memKB, ok := s.HashAggStats()
	if !ok {
		return ""
	}
	line := fmt.Sprintf("Batches: %d  Memory Usage: %dkB", batches, memKB)
	if batches > 1 {
		line += fmt.Sprintf("  Disk Usage: %dkB", s.diskKB)
	}
	return line
}

// HashAggStats returns the figures of a HashAggregate's EXPLAIN ANALYZE
// line: batches used and peak memory in kB, also after End; ok is false
// until a hash table has been filled.
func (s *AggState) HashAggStats() (batches int, memKB int64, ok bool) {
	if s.hashMemPeakKB == 0 {
		return 0, 0, false
	}
	return s.batchesUsed, s.hashMemPeakKB, true
}

// HashAggDiskKB returns the temporary file space a HashAggregate used.
func (s *AggState) HashAggDiskKB() int64 { return s.diskKB }

// ReScan restarts aggregation. A hashed Agg whose table is complete
// returns its groups again without rereading the input, as in PG, unless
// it spilled.
func (s *AggState) ReScan(ctx context.Context) error {
	s.done = false
	s.in, s.inPos, s.inDone, s.curOpen = nil, 0, false, false
	if s.gsets != nil {
		s.resetGroupingSets()
		s.filled = false
		return s.child.ReScan(ctx)
	}
	if s.plan.Strategy == plannodes.AggHashed && s.filled && !s.everSpilled && !s.plan.Lefttree.PlanHeader().ExtParam {
		s.outPos = 0
		return nil
	}
	s.filled = false
	s.ht = nil
	s.closeSpills()
	return s.child.ReScan(ctx)
}

// End releases the groups, removes temporary files and ends the input.
func (s *AggState) End() error {
	s.ht = nil
	s.states = nil
	s.closeSpills()
	s.closeGroupingSets()
	return s.child.End()
}

// aggHashTable holds the groups of a HashAggregate (PG: TupleHashTable).
type aggHashTable struct {
	grpCols []int
	// reps holds each group's first input row, in order of appearance.
	reps    *rowStore
	hashes  []uint64
	next    []int32
	buckets []int32
	states  []funcs.AggState // naggs per group
	naggs   int
	keyBuf  []*vector.Vector
	// numGroups is the table's initial size (the expected groups, capped
	// by memory), which sizes PG's entry array.
	numGroups float64
	// repKeys are reps' grouping columns; groupBytes the groups' memory.
	repKeys    []*vector.Vector
	groupBytes int64
}

func newAggHashTable(inTypes []types.T, grpCols []int, naggs int, numGroups float64) *aggHashTable {
	nb := int(nextPow2(int64(max(numGroups, 256))))
	nb = min(nb, 1<<20)
	t := &aggHashTable{grpCols: grpCols, reps: newRowStore(inTypes), buckets: make([]int32, nb), naggs: naggs, numGroups: numGroups}
	for i := range t.buckets {
		t.buckets[i] = -1
	}
	return t
}

// keyCols returns b's grouping columns.
func (t *aggHashTable) keyCols(b *vector.Batch) []*vector.Vector {
	t.keyBuf = t.keyBuf[:0]
	for _, c := range t.grpCols {
		t.keyBuf = append(t.keyBuf, b.Cols[c])
	}
	return t.keyBuf
}

// lookup returns the group of row r of b (keys are b's grouping columns),
// creating it if needed; isNew tells the caller to add its states.
func (t *aggHashTable) lookup(keys []*vector.Vector, b *vector.Batch, r int, h uint64) (int, bool) {
	if g, ok := t.find(keys, r, h); ok {
		return g, false
	}
	mask := uint64(len(t.buckets) - 1)
	g := t.reps.n
	t.reps.appendRow(b.Cols, r)
	t.hashes = append(t.hashes, h)
	t.next = append(t.next, t.buckets[h&mask])
	t.buckets[h&mask] = int32(g)
	t.accountGroup(g)
	if t.reps.n > len(t.buckets) {
		t.grow()
	}
	return g, true
}

// find returns the group of row r (keys are its batch's grouping
// columns) if the table has it.
func (t *aggHashTable) find(keys []*vector.Vector, r int, h uint64) (int, bool) {
	mask := uint64(len(t.buckets) - 1)
	for g := t.buckets[h&mask]; g >= 0; g = t.next[g] {
		if t.hashes[g] != h {
			continue
		}
		same := true
		for k, v := range keys {
			if v != nil && !notDistinct(v, r, t.reps.cols[t.grpCols[k]], int(g)) {
				same = false
				break
			}
		}
		if same {
			return int(g), true
		}
	}
	return 0, false
}

// accountGroup adds new group g's memory to the running total: a
// MinimalTuple of its grouping columns and one 16-byte transition value
// per aggregate, each a power-of-two AllocSet chunk.
func (t *aggHashTable) accountGroup(g int) {
	if t.repKeys == nil {
		for _, c := range t.grpCols {
			t.repKeys = append(t.repKeys, t.reps.cols[c])
		}
	}
	t.groupBytes += allocChunk(tupleSpace(t.repKeys, g, len(t.repKeys))-hjTupleOverhead) + allocChunk(int64(16*t.naggs))
}

// slots is the size of PG's entry array: the estimated or actual number
// of groups at a 0.9 fill factor, rounded up to a power of two.
func (t *aggHashTable) slots() int64 {
	return nextPow2(max(int64(math.Ceil(max(float64(t.reps.n), t.numGroups)/0.9)), 2))
}

// memBytes is the table's memory as PostgreSQL counts it: the entry array
// (24 bytes a slot) and the groups' tuples and transition values.
func (t *aggHashTable) memBytes() int64 {
	return t.slots()*24 + t.groupBytes
}

// grow doubles the bucket array.
func (t *aggHashTable) grow() {
	nb := len(t.buckets) * 2
	t.buckets = make([]int32, nb)
	for i := range t.buckets {
		t.buckets[i] = -1
	}
	mask := uint64(nb - 1)
	for g := 0; g < t.reps.n; g++ {
		b := t.hashes[g] & mask
		t.next[g] = t.buckets[b]
		t.buckets[b] = int32(g)
	}
}

// memoryKB estimates what PostgreSQL 15's hash aggregate reports (memory
// its contexts hold, in blocks of 8kB doubling up to 8MB): the table's
// entry array (24 bytes per slot, sized for the estimated or actual number
// of groups at a 0.9 fill factor) and, per group, a MinimalTuple of the
// grouping columns and one 16-byte transition state per aggregate, each a
// power-of-two AllocSet chunk. It gives PG's 24kB for a handful of groups
// and comes within a few percent for thousands.
func (t *aggHashTable) memoryKB() int64 {
	meta := int64(8192)
	if eb := t.slots() * 24; eb > 8192/2 {
		meta += eb
	}
	// The third context holds per-input-row scratch memory.
	return (meta + contextBytes(t.groupBytes) + 8192) / 1024
}

// allocChunk returns the memory AllocSet takes for an n-byte allocation:
// a 16-byte chunk header and n rounded up to a power of two (large
// allocations get their own block).
func allocChunk(n int64) int64 {
	if n > 8192 {
		return 16 + n
	}
	return 16 + nextPow2(max(n, 8))
}

// contextBytes returns the memory an AllocSet context holds after
// allocating n bytes: blocks of 8kB doubling up to 8MB.
func contextBytes(n int64) int64 {
	var total int64
	block := int64(8 * 1024)
	for {
		total += block
		if total >= n {
			return total
		}
		if block < 8*1024*1024 {
			block *= 2
		}
	}
}

// distinctAggregate wraps an aggregate so that each group feeds it every
// distinct input value once (aggregate(DISTINCT x)); equality is SQL
// equality, so 1.5 and 1.50 count once.
func distinctAggregate(a *funcs.Aggregate, ts []types.T, presorted bool) *funcs.Aggregate {
	c := *a
	c.New = func() funcs.AggState {
		return &distinctState{inner: a.New(), ts: ts, seen: map[uint64][]types.Datum{}, presorted: presorted}
	}
	return &c
}

// distinctState feeds its inner state each distinct input once, in sorted
// order (NULLs last) when the result is asked for, as PostgreSQL's sorted
// DISTINCT does, so array_agg(DISTINCT x) lists its values in order; an
// input of several arguments is a []types.Datum, compared argument by
// argument.
type distinctState struct {
	inner funcs.AggState
	ts    []types.T
	seen  map[uint64][]types.Datum
	vals  []types.Datum
	fed   int // how many of vals the inner state has seen
	// presorted: the inputs arrive in the aggregate's ORDER BY order,
	// which is kept instead of sorting by the arguments.
	presorted bool
}

func (d *distinctState) hash(v types.Datum) uint64 {
	row, ok := v.([]types.Datum)
	if !ok {
		return types.Hash(d.ts[0], v)
	}
	var h uint64
	for i, t := range d.ts {
		h = h*31 + types.Hash(t, row[i])
	}
	return h
}

func (d *distinctState) equal(a, b types.Datum) bool {
	ra, ok := a.([]types.Datum)
	if !ok {
		return datumEqual(d.ts[0], a, b)
	}
	rb := b.([]types.Datum)
	for i, t := range d.ts {
		if !datumEqual(t, ra[i], rb[i]) {
			return false
		}
	}
	return true
}

func (d *distinctState) Advance(v types.Datum) error {
	h := d.hash(v)
	for _, s := range d.seen[h] {
		if d.equal(s, v) {
			return nil
		}
	}
	d.seen[h] = append(d.seen[h], v)
	d.vals = append(d.vals, v)
	return nil
}

func (d *distinctState) Combine(other funcs.AggState) error {
	o := other.(*distinctState)
	for _, v := range o.vals {
		if err := d.Advance(v); err != nil {
			return err
		}
	}
	return nil
}

func (d *distinctState) Final() (types.Datum, error) {
	if d.fed > 0 || d.presorted {
		// Values that arrive after a result was taken are fed as they
		// come; the sorted order holds for the first result.
		for _, v := range d.vals[d.fed:] {
			if err := d.inner.Advance(v); err != nil {
				return nil, err
			}
		}
		d.fed = len(d.vals)
		return d.inner.Final()
	}
	cmp1 := func(t types.T, a, b types.Datum) int {
		switch {
		case a == nil && b == nil:
			return 0
		case a == nil:
			return 1
		case b == nil:
			return -1
		}
		return types.Compare(t, a, b)
	}
	slices.SortStableFunc(d.vals, func(a, b types.Datum) int {
		ra, ok := a.([]types.Datum)
		if !ok {
			return cmp1(d.ts[0], a, b)
		}
		rb := b.([]types.Datum)
		for i, t := range d.ts {
			if c := cmp1(t, ra[i], rb[i]); c != 0 {
				return c
			}
		}
		return 0
	})
	for _, v := range d.vals {
		if err := d.inner.Advance(v); err != nil {
			return nil, err
		}
	}
	d.fed = len(d.vals)
	return d.inner.Final()
}

// orderedAggregate wraps an aggregate with an ORDER BY: its state keeps
// every input row and feeds them to the inner state in order when the
// result is asked for (PG: process_ordered_aggregate_multi). Inputs are
// []types.Datum rows of the arguments followed by the sort keys. An
// ordered-set aggregate's rows are its aggregated arguments, which are its
// sort keys too; they go, sorted, to its OrderedFinal.
func orderedAggregate(inner *funcs.Aggregate, a *nodes.Aggref) *funcs.Aggregate {
	c := *inner
	nargs := len(a.Args)
	keyCols := make([]int, len(a.AggOrder))
	for k := range keyCols {
		keyCols[k] = nargs + k
		if a.IsOrderedSet() {
			keyCols[k] = k
		}
	}
	cmp := sortRowsCompare(a.AggOrder, keyCols)
	keepNulls := inner.KeepNulls
	var argTypes []types.T
	for _, arg := range a.Args {
		argTypes = append(argTypes, arg.ExprType())
	}
	final := inner.OrderedFinal
	c.New = func() funcs.AggState {
		o := &orderedState{nargs: nargs, cmp: cmp, keepNulls: keepNulls, final: final, types: argTypes}
		if final == nil {
			o.inner = inner.New()
		}
		return o
	}
	return &c
}

// sortRowsCompare returns the comparison of rows by keys, key k read from
// column keyCols[k]: NULLs first exactly when NULLS FIRST, DESC reversing
// the order of the others.
func sortRowsCompare(keys []nodes.AggSortKey, keyCols []int) func(x, y []types.Datum) int {
	return func(x, y []types.Datum) int {
		for k, key := range keys {
			a, b := x[keyCols[k]], y[keyCols[k]]
			if a == nil || b == nil {
				if a == nil && b == nil {
					continue
				}
				if (a == nil) == key.NullsFirst {
					return -1
				}
				return 1
			}
			c := types.Compare(key.Expr.ExprType(), a, b)
			if key.Desc {
				c = -c
			}
			if c != 0 {
				return c
			}
		}
		return 0
	}
}

// orderedState is the state of an aggregate with ORDER BY or WITHIN GROUP:
// the group's input rows, sorted when the result is asked for. For an
// ordered aggregate inner is the wrapped aggregate's state; for an
// ordered-set one final computes the result.
type orderedState struct {
	inner     funcs.AggState
	final     funcs.OrderedFinal
	types     []types.T
	nargs     int
	cmp       func(x, y []types.Datum) int
	rows      [][]types.Datum
	sorted    bool
	keepNulls bool
}

func (o *orderedState) Advance(v types.Datum) error {
	o.rows = append(o.rows, v.([]types.Datum))
	o.sorted = false
	return nil
}

func (o *orderedState) Combine(funcs.AggState) error {
	return pgerror.Internal("an ordered aggregate cannot be combined")
}

func (o *orderedState) sort() {
	if !o.sorted {
		slices.SortStableFunc(o.rows, o.cmp)
		o.sorted = true
	}
}

func (o *orderedState) Final() (types.Datum, error) {
	if o.final != nil {
		return nil, pgerror.Internal("ordered-set aggregate finalized without its direct arguments")
	}
	o.sort()
	for _, row := range o.rows {
		if o.nargs == 1 {
			if row[0] == nil && !o.keepNulls {
				continue
			}
			if err := o.inner.Advance(row[0]); err != nil {
				return nil, err
			}
			continue
		}
		if err := o.inner.Advance(row[:o.nargs:o.nargs]); err != nil {
			return nil, err
		}
	}
	o.rows = nil
	return o.inner.Final()
}

// orderedFinal returns an ordered-set aggregate's result for its sorted
// rows and direct arguments; the rows stay, so a rescan can ask again.
func (o *orderedState) orderedFinal(direct []types.Datum) (types.Datum, error) {
	if o.final == nil {
		return nil, pgerror.Internal("aggregate with ORDER BY finalized as an ordered-set aggregate")
	}
	o.sort()
	return o.final(&funcs.SortedInput{Rows: o.rows, Types: o.types, Compare: o.cmp}, direct)
}
