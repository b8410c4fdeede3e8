// node_functionscan.go implements Function Scan: it calls a function in
// FROM and returns its rows, a batch at a time, filtered by the scan's
// quals and projected through its target list. A set-returning function
// (generate_series) streams its rows as they are asked for instead of
// collecting them first as PostgreSQL's tuplestore does, so a series of
// any length takes no memory; any other function gives one row. Under
// ROWS FROM the functions' columns stand side by side, those that run out
// first padded with NULLs. WITH ORDINALITY appends the row number. A
// set-returning function is strict: a NULL argument gives no rows.
//
// A Function Scan is never parallel-aware: in a parallel plan it appears
// only where every participant needs all of its rows (a join's inner
// side), and each participant calls the function itself.

package executor

import (
	"context"

	"github.com/loomdb/loomdb/internal/expr"
	"github.com/loomdb/loomdb/internal/funcs"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/plannodes"
	"github.com/loomdb/loomdb/internal/types"
	"github.com/loomdb/loomdb/internal/vector"
)

// FunctionScanState is the run-time state of a FunctionScan.
type FunctionScanState struct {
	plan  *plannodes.FunctionScan
	es    *EState
	ectx  *expr.Context
	calls []*funcCallState
	quals []*expr.ExprState
	proj  *projection

	started, done bool
	ord           int64
	raw           *vector.Batch
	intBuf        []int64
	selBuf        []int
	// Filtered counts rows removed by the quals.
	Filtered float64
}

// funcCallState is one function of the scan (several under ROWS FROM),
// filling its columns of the scan's rows.
type funcCallState struct {
	srf      *funcs.SetFunc
	args     []*expr.ExprState
	call     *expr.ExprState // a function that returns one value
	firstCol int
	ncols    int

	done    bool
	iter    funcs.SetIter
	intIter funcs.IntSetIter
}

func initFunctionScan(p *plannodes.FunctionScan, es *EState) (*FunctionScanState, error) {
	s := &FunctionScanState{plan: p, es: es, ectx: es.exprContext()}
	col := 0
	for _, c := range nodes.RowsFromCalls(p.Call) {
		fc := &funcCallState{firstCol: col, ncols: 1}
		if fe, ok := c.(*nodes.FuncExpr); ok {
			f := funcs.FuncByOid(fe.FuncOid)
			if f == nil {
				return nil, pgerror.Internal("function %s not found", fe.Name)
			}
			fc.srf = f.SRF
		}
		if fc.srf != nil {
			for _, a := range c.(*nodes.FuncExpr).Args {
				x, err := expr.Compile(a, noColumns)
				if err != nil {
					return nil, err
				}
				fc.args = append(fc.args, x)
			}
			if n := len(fc.srf.Columns); n > 0 {
				fc.ncols = n
			}
		} else {
			x, err := expr.Compile(c, noColumns)
			if err != nil {
				return nil, err
			}
			fc.call = x
		}
		col += fc.ncols
		s.calls = append(s.calls, fc)
	}
	cols := func(v *nodes.Var) (int, error) {
		if v.VarNo != p.ScanRelID || v.AttNo < 1 || v.AttNo > len(p.ColTypes) {
			return 0, pgerror.Internal("function scan: unexpected variable %s", v.Name)
		}
		return v.AttNo - 1, nil
	}
	var err error
	if s.quals, err = compileQuals(p.Qual, cols); err != nil {
		return nil, err
	}
	if s.proj, err = newProjection(p.TargetList, cols); err != nil {
		return nil, err
	}
	s.raw = vector.NewBatch(p.ColTypes, vector.BatchSize)
	return s, nil
}

// Plan returns the node's plan.
func (s *FunctionScanState) Plan() plannodes.Plan { return s.plan }

// start evaluates each function's arguments and begins its call.
func (s *FunctionScanState) start() error {
	s.started = true
	one := &vector.Batch{N: 1}
	for _, fc := range s.calls {
		fc.done, fc.iter, fc.intIter = false, nil, nil
		if fc.srf == nil {
			continue
		}
		args := make([]types.Datum, len(fc.args))
		for i, x := range fc.args {
			v, err := x.Eval(s.ectx, one, nil)
			if err != nil {
				return err
			}
			if v.Nulls[0] && !fc.srf.NonStrict {
				fc.done = true
				break
			}
			args[i] = v.Get(0)
		}
		if fc.done {
			continue
		}
		it, err := fc.srf.Begin(s.ectx.Env, args)
		if err != nil {
			return err
		}
		fc.iter = it
		if ii, ok := it.(funcs.IntSetIter); ok && len(s.calls) == 1 && s.raw.Cols[0].Class == types.ClassInt {
			fc.intIter = ii
			if s.intBuf == nil {
				s.intBuf = make([]int64, vector.BatchSize)
			}
		}
	}
	return nil
}

// fillCall reads up to a batch of fc's rows into its columns of s.raw and
// returns how many it read. A function reads fewer than a batch only when
// it has run out, so the functions' rows stay aligned batch by batch.
func (s *FunctionScanState) fillCall(fc *funcCallState) (int, error) {
	if fc.done {
		return 0, nil
	}
	cols := s.raw.Cols[fc.firstCol : fc.firstCol+fc.ncols]
	switch {
	case fc.srf == nil:
		v, err := fc.call.Eval(s.ectx, &vector.Batch{N: 1}, nil)
		if err != nil {
			return 0, err
		}
		cols[0].Append(v.Get(0))
		fc.done = true
		return 1, nil
	case fc.intIter != nil:
		n := fc.intIter.NextInts(s.intBuf)
		cols[0].Ints = append(cols[0].Ints, s.intBuf[:n]...)
		for range n {
			cols[0].Nulls = append(cols[0].Nulls, false)
		}
		if n == 0 {
			fc.done = true
		}
		return n, nil
	}
	n := 0
	for n < vector.BatchSize {
		d, ok, err := fc.iter.Next()
		if err != nil {
			return 0, err
		}
		if !ok {
			fc.done = true
			break
		}
		if len(fc.srf.Columns) > 0 {
			row := d.([]types.Datum)
			for i, c := range cols {
				c.Append(row[i])
			}
		} else {
			cols[0].Append(d)
		}
		n++
	}
	return n, nil
}

// fill reads the next rows of the functions into s.raw, padding the
// columns of the functions that ran out with NULLs.
func (s *FunctionScanState) fill() error {
	s.raw.Reset()
	counts := make([]int, len(s.calls))
	n := 0
	for i, fc := range s.calls {
		c, err := s.fillCall(fc)
		if err != nil {
			return err
		}
		counts[i] = c
		n = max(n, c)
	}
	for i, fc := range s.calls {
		for _, col := range s.raw.Cols[fc.firstCol : fc.firstCol+fc.ncols] {
			for range n - counts[i] {
				col.Append(nil)
			}
		}
	}
	s.raw.N = n
	if n == 0 {
		s.done = true
		return nil
	}
	if s.plan.Ordinality {
		ord := s.raw.Cols[len(s.raw.Cols)-1]
		for range s.raw.N {
			s.ord++
			ord.Nulls = append(ord.Nulls, false)
			ord.Ints = append(ord.Ints, s.ord)
		}
	}
	return nil
}

// Exec returns the next batch of the function's rows that pass the quals.
func (s *FunctionScanState) Exec(ctx context.Context) (*vector.Batch, error) {
	s.ectx.Ctx = ctx
	if !s.started {
		if err := s.start(); err != nil {
			return nil, err
		}
	}
	for !s.done {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := s.fill(); err != nil {
			return nil, err
		}
		if s.raw.N == 0 {
			break
		}
		removed, err := qualFilter(s.ectx, s.quals, s.raw, &s.selBuf)
		if err != nil {
			return nil, err
		}
		s.Filtered += float64(removed)
		if s.raw.Len() == 0 {
			continue
		}
		return s.proj.project(s.ectx, s.raw)
	}
	return nil, nil
}

// ReScan calls the function again from the start; its arguments may read
// executor Params that changed.
func (s *FunctionScanState) ReScan(context.Context) error {
	s.started, s.done = false, false
	s.ord = 0
	for _, fc := range s.calls {
		fc.iter, fc.intIter = nil, nil
	}
	return nil
}

// End drops the calls.
func (s *FunctionScanState) End() error {
	for _, fc := range s.calls {
		fc.iter, fc.intIter = nil, nil
	}
	return nil
}
