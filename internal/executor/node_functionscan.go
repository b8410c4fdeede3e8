// node_functionscan.go implements Function Scan: it calls a function in
// FROM and returns its rows, a batch at a time, filtered by the scan's
// quals and projected through its target list. A set-returning function
// (generate_series) streams its rows as they are asked for instead of
// collecting them first as PostgreSQL's tuplestore does, so a series of
// any length takes no memory; any other function gives one row. WITH
// ORDINALITY appends the row number. The function is strict: a NULL
// argument gives no rows.
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
	srf   *funcs.SetFunc
	args  []*expr.ExprState
	call  *expr.ExprState // a function that returns one value
	quals []*expr.ExprState
	proj  *projection

	started, done bool
	iter          funcs.SetIter
	intIter       funcs.IntSetIter
	ord           int64
	raw           *vector.Batch
	intBuf        []int64
	selBuf        []int
	// Filtered counts rows removed by the quals.
	Filtered float64
}

func initFunctionScan(p *plannodes.FunctionScan, es *EState) (*FunctionScanState, error) {
	f := funcs.FuncByOid(p.Call.FuncOid)
	if f == nil {
		return nil, pgerror.Internal("function %s not found", p.Call.Name)
	}
	s := &FunctionScanState{plan: p, es: es, ectx: es.exprContext(), srf: f.SRF}
	if s.srf != nil {
		for _, a := range p.Call.Args {
			x, err := expr.Compile(a, noColumns)
			if err != nil {
				return nil, err
			}
			s.args = append(s.args, x)
		}
	} else {
		x, err := expr.Compile(p.Call, noColumns)
		if err != nil {
			return nil, err
		}
		s.call = x
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

// start evaluates the arguments and begins the call.
func (s *FunctionScanState) start() error {
	s.started = true
	if s.srf == nil {
		return nil
	}
	one := &vector.Batch{N: 1}
	args := make([]types.Datum, len(s.args))
	for i, x := range s.args {
		v, err := x.Eval(s.ectx, one, nil)
		if err != nil {
			return err
		}
		if v.Nulls[0] {
			s.done = true
			return nil
		}
		args[i] = v.Get(0)
	}
	it, err := s.srf.Start(args)
	if err != nil {
		return err
	}
	s.iter = it
	if ii, ok := it.(funcs.IntSetIter); ok && s.raw.Cols[0].Class == types.ClassInt {
		s.intIter = ii
		s.intBuf = make([]int64, vector.BatchSize)
	}
	return nil
}

// fill reads the next rows of the function into s.raw.
func (s *FunctionScanState) fill() error {
	s.raw.Reset()
	col := s.raw.Cols[0]
	switch {
	case s.srf == nil:
		v, err := s.call.Eval(s.ectx, &vector.Batch{N: 1}, nil)
		if err != nil {
			return err
		}
		col.Append(v.Get(0))
		s.raw.N = 1
		s.done = true
	case s.intIter != nil:
		n := s.intIter.NextInts(s.intBuf)
		col.Ints = append(col.Ints, s.intBuf[:n]...)
		for range n {
			col.Nulls = append(col.Nulls, false)
		}
		s.raw.N = n
	default:
		for s.raw.N < vector.BatchSize {
			d, ok, err := s.iter.Next()
			if err != nil {
				return err
			}
			if !ok {
				break
			}
			col.Append(d)
			s.raw.N++
		}
	}
	if s.raw.N == 0 {
		s.done = true
		return nil
	}
	if s.plan.Ordinality {
		ord := s.raw.Cols[1]
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
	s.iter, s.intIter, s.ord = nil, nil, 0
	return nil
}

// End drops the call.
func (s *FunctionScanState) End() error {
	s.iter, s.intIter = nil, nil
	return nil
}
