// node_samplescan.go implements Sample Scan (PG: nodeSamplescan.c): it
// reads the rows of a table that a TABLESAMPLE method (access/tablesample)
// picks, then filters and projects them exactly as Seq Scan does, whose
// state it reuses.
//
// The method's arguments and the REPEATABLE seed are computed when the
// scan begins, at the first Exec and again at the first Exec after each
// rescan, so they may read the statement's parameters. The seed is the
// REPEATABLE value hashed as PostgreSQL hashes a float8; without
// REPEATABLE it is drawn at random once, when the node starts, so every
// rescan returns the same sample.
//
// A Sample Scan is never parallel aware: below a Gather it runs whole in
// the one participant that executes it. A participant that builds its own
// copy (the inner side of a join in every worker) draws its own seed when
// the query has no REPEATABLE, as in PostgreSQL.

package executor

import (
	"context"
	"math/rand/v2"

	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/access/tablesample"
	"github.com/loomdb/loomdb/internal/catalog"
	"github.com/loomdb/loomdb/internal/expr"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/plannodes"
	"github.com/loomdb/loomdb/internal/types"
	"github.com/loomdb/loomdb/internal/vector"
)

// SampleTableAccess is a TableAccess that can scan a sample of a table
// (PG: table_beginscan_sampling).
type SampleTableAccess interface {
	// BeginSampleScan starts a scan of the blocks and tuples of rel that
	// sampler picks, deforming the given 0-based columns.
	BeginSampleScan(rel *catalog.Relation, cols []int, sampler table.Sampler) (TableScan, error)
}

// SampleScanState is the run-time state of a SampleScan.
type SampleScanState struct {
	*SeqScanState
	plan       *plannodes.SampleScan
	method     *tablesample.Method
	args       []*expr.ExprState
	repeatable *expr.ExprState
	// seed is the seed used without REPEATABLE.
	seed uint32
}

func initSampleScan(p *plannodes.SampleScan, es *EState) (*SampleScanState, error) {
	if p.ParallelAware {
		return nil, pgerror.Internal("a sample scan cannot be parallel aware")
	}
	ts := p.TableSample
	m := tablesample.Lookup(ts.Method)
	if m == nil {
		return nil, pgerror.Newf(pgerror.UndefinedObject, "tablesample method %s does not exist", ts.Method)
	}
	seq, _, err := newSeqScanState(&p.SeqScan, es)
	if err != nil {
		return nil, err
	}
	s := &SampleScanState{SeqScanState: seq, plan: p, method: m, seed: rand.Uint32()}
	for _, a := range ts.Args {
		x, err := expr.Compile(a, noColumns)
		if err != nil {
			return nil, err
		}
		s.args = append(s.args, x)
	}
	if ts.Repeatable != nil {
		if s.repeatable, err = expr.Compile(ts.Repeatable, noColumns); err != nil {
			return nil, err
		}
	}
	seq.begin, seq.lazy = s.beginSample, true
	return s, nil
}

// Plan returns the node's plan.
func (s *SampleScanState) Plan() plannodes.Plan { return s.plan }

// beginSample computes the arguments and the seed and starts the scan of
// the sample they describe (PG: tablesample_init).
func (s *SampleScanState) beginSample(ctx context.Context, rel *catalog.Relation) (TableScan, error) {
	sa, ok := s.es.Tables.(SampleTableAccess)
	if !ok {
		return nil, pgerror.Unsupported("TABLESAMPLE is not supported by this table access")
	}
	ectx := s.es.exprContext()
	ectx.Ctx = ctx
	one := &vector.Batch{N: 1}
	params := make([]types.Datum, len(s.args))
	for i, x := range s.args {
		v, err := x.Eval(ectx, one, nil)
		if err != nil {
			return nil, err
		}
		if params[i] = v.Get(0); params[i] == nil {
			return nil, pgerror.New(pgerror.InvalidTablesampleArgument, "TABLESAMPLE parameter cannot be null")
		}
	}
	seed := s.seed
	if s.repeatable != nil {
		v, err := s.repeatable.Eval(ectx, one, nil)
		if err != nil {
			return nil, err
		}
		d := v.Get(0)
		if d == nil {
			return nil, pgerror.New(pgerror.InvalidTablesampleRepeat, "TABLESAMPLE REPEATABLE parameter cannot be null")
		}
		seed = tablesample.Seed(d.(float64))
	}
	sampler, err := s.method.Begin(params, seed)
	if err != nil {
		return nil, err
	}
	return sa.BeginSampleScan(rel, s.plan.Cols, sampler)
}
