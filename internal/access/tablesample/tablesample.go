// Package tablesample holds the TABLESAMPLE methods BERNOULLI and SYSTEM
// (PG: access/tablesample/tablesample.c, bernoulli.c and system.c). A
// method says what arguments it takes, estimates how many pages and rows a
// sample reads, and, for a scan, returns the table.Sampler that picks its
// blocks and tuples. Both methods pick them by hashing block and tuple
// numbers with the seed through PostgreSQL's hash_any, so a REPEATABLE
// sample of a table laid out as in PostgreSQL returns PostgreSQL's rows.
package tablesample

import (
	"math"

	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

// Method is a tablesample method (PG: TsmRoutine).
type Method struct {
	Name string
	// ParamTypes are the types of the method's arguments.
	ParamTypes []types.Oid
	// RepeatableAcrossQueries says REPEATABLE is allowed;
	// RepeatableAcrossScans that every scan of one query with the same
	// arguments and seed returns the same rows.
	RepeatableAcrossQueries bool
	RepeatableAcrossScans   bool
	// RandomBlocks says the method picks blocks itself instead of reading
	// them all in order, which the planner costs as random page reads.
	RandomBlocks bool
	// SampleSize estimates the pages read and rows returned by a sample
	// of a table of relPages pages and relTuples rows; params holds the
	// arguments' values where the planner knows them, nil elsewhere (PG:
	// SampleScanGetSampleSize).
	SampleSize func(relPages, relTuples float64, params []types.Datum) (pages, tuples float64)
	// Begin checks the arguments of a scan and returns its sampler (PG:
	// BeginSampleScan).
	Begin func(params []types.Datum, seed uint32) (table.Sampler, error)
}

var methods = map[string]*Method{
	"bernoulli": {
		Name: "bernoulli", ParamTypes: []types.Oid{types.Float4Oid},
		RepeatableAcrossQueries: true, RepeatableAcrossScans: true,
		SampleSize: bernoulliSampleSize, Begin: beginBernoulli,
	},
	"system": {
		Name: "system", ParamTypes: []types.Oid{types.Float4Oid},
		RepeatableAcrossQueries: true, RepeatableAcrossScans: true, RandomBlocks: true,
		SampleSize: systemSampleSize, Begin: beginSystem,
	},
}

// Lookup returns the method called name, nil when there is none.
func Lookup(name string) *Method { return methods[name] }

// Seed returns the seed of a REPEATABLE (seed) clause: PostgreSQL's
// hashfloat8 of its value.
func Seed(repeatable float64) uint32 { return types.HashFloat8PG(repeatable) }

// samplePercent returns a scan's percentage argument, checked.
func samplePercent(params []types.Datum) (float64, error) {
	// The argument is a float4, widened to double as PostgreSQL does.
	pct := float64(float32(params[0].(float64)))
	if pct < 0 || pct > 100 || math.IsNaN(pct) {
		return 0, pgerror.New(pgerror.InvalidTablesampleArgument, "sample percentage must be between 0 and 100")
	}
	return pct, nil
}

// cutoff is the hash threshold below which a block or tuple is sampled:
// the sample fraction of 2^32, exact at 0% and 100%.
func cutoff(pct float64) uint64 {
	return uint64(math.RoundToEven((float64(math.MaxUint32) + 1) * pct / 100))
}

// sampleFraction returns the fraction of the table a sample is expected
// to take: the percentage argument when known and valid, else 10%, in
// float4 arithmetic as PostgreSQL computes it.
func sampleFraction(params []types.Datum) float32 {
	if len(params) > 0 && params[0] != nil {
		f := float32(params[0].(float64))
		if f >= 0 && f <= 100 && !math.IsNaN(float64(f)) {
			return f / 100
		}
	}
	return 0.1
}

// clampRowEst rounds a row estimate and keeps it at least 1 (PG:
// clamp_row_est).
func clampRowEst(n float64) float64 {
	if n <= 1 {
		return 1
	}
	return math.RoundToEven(n)
}
