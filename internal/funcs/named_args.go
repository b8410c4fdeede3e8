// named_args.go gives built-in functions their parameter names and
// defaults, for calls in named notation (make_date(year => 2024, ...)) and
// calls leaving out defaulted parameters, and registers make_interval,
// whose every parameter has a default (PG: pg_proc.proargnames and
// proargdefaults, make_interval in utils/adt/timestamp.c). It runs after
// the files registering the functions it names (datetime*.go).

package funcs

import (
	"math"

	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

// nameArgs gives the functions called name with len(names) parameters
// their parameter names.
func nameArgs(name string, names ...string) {
	for _, f := range funcsByName[name] {
		if len(f.Args) == len(names) && !f.Variadic {
			f.ArgNames = names
		}
	}
}

// makeInterval is make_interval: the fields wrap as PostgreSQL's 32-bit C
// arithmetic does, and the seconds are rounded to microseconds.
func makeInterval(a []types.Datum) (types.Datum, error) {
	i32 := func(i int) int32 { return int32(a[i].(int64)) }
	secs := a[6].(float64)
	if math.IsInf(secs, 0) || math.IsNaN(secs) {
		return nil, pgerror.New(pgerror.DatetimeFieldOverflow, "interval out of range")
	}
	usecs := math.RoundToEven(secs * float64(types.USecsPerSec))
	var us int64
	if usecs >= -9.223372036854775808e18 && usecs < 9.223372036854775808e18 {
		us = int64(usecs)
	} else {
		// The x86 conversion of an out-of-range double.
		us = math.MinInt64
	}
	t := int64(i32(4))*types.USecsPerHour + int64(i32(5))*types.USecsPerMinute + us
	return types.Interval{
		Month: i32(0)*12 + i32(1),
		Day:   i32(2)*7 + i32(3),
		Time:  t,
	}, nil
}

func init() {
	i4, f8 := types.Int4Oid, types.Float8Oid
	mi := fn("make_interval", []types.Oid{i4, i4, i4, i4, i4, i4, f8}, types.IntervalOid, makeInterval)
	mi.ArgNames = []string{"years", "months", "weeks", "days", "hours", "mins", "secs"}
	mi.Defaults = []types.Datum{int64(0), int64(0), int64(0), int64(0), int64(0), int64(0), float64(0)}

	nameArgs("make_date", "year", "month", "day")
	nameArgs("make_time", "hour", "min", "sec")
	nameArgs("make_timestamp", "year", "month", "mday", "hour", "min", "sec")
	nameArgs("make_timestamptz", "year", "month", "mday", "hour", "min", "sec")
	nameArgs("make_timestamptz", "year", "month", "mday", "hour", "min", "sec", "timezone")
}
