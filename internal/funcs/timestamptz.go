// timestamptz.go registers the operators and functions of timestamp with
// time zone: comparisons with date and timestamp, interval arithmetic,
// extract, date_trunc, AT TIME ZONE (timezone()), age and the current-time
// functions (PG: utils/adt/timestamp.c). Those that read the session's
// TimeZone or clock are STABLE (clock_timestamp VOLATILE) as in PostgreSQL,
// so nothing folds them with the planner's settings.

package funcs

import (
	"strings"
	"time"

	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

// fnEnv registers a strict function that reads the session environment.
func fnEnv(name string, args []types.Oid, result types.Oid, vol byte, impl func(env *Env, a []types.Datum) (types.Datum, error)) *Func {
	return register(&Func{Name: name, Args: args, Result: result, Strict: true, Volatile: vol, ImplEnv: impl})
}

// registerOpEnv registers an operator whose function reads the session
// environment (a STABLE function).
func registerOpEnv(name string, left, right, result types.Oid, procName string, impl func(env *Env, a []types.Datum) (types.Datum, error)) *Operator {
	return addOperator(name, left, right, result, register(&Func{Name: procName, Args: []types.Oid{left, right}, Result: result, Strict: true, Volatile: Stable, ImplEnv: impl}))
}

func init() {
	tz, ts, date, iv := types.TimestamptzOid, types.TimestampOid, types.DateOid, types.IntervalOid
	// A timestamp or date meets a timestamptz as the instant its wall-clock
	// time has in the session's zone.
	localToTZ := func(env *Env, t int64) int64 {
		r, err := types.LocalToTimestamptz(t, env.Zone())
		if err != nil {
			if t < 0 {
				return types.TimestampNoBegin
			}
			return types.TimestampNoEnd
		}
		return r
	}
	dateToTZ := func(env *Env, d int64) int64 {
		t, err := types.DateToTimestamp(d)
		if err != nil {
			if d < 0 {
				return types.TimestampNoBegin
			}
			return types.TimestampNoEnd
		}
		return localToTZ(env, t)
	}
	cmp := func(a, b int64) int {
		switch {
		case a < b:
			return -1
		case a > b:
			return 1
		}
		return 0
	}
	for _, c := range cmpNames {
		c := c
		registerOpEnv(c.op, ts, tz, types.BoolOid, "timestamp_"+c.suffix+"_timestamptz", func(env *Env, a []types.Datum) (types.Datum, error) {
			return c.test(cmp(localToTZ(env, a[0].(int64)), a[1].(int64))), nil
		})
		registerOpEnv(c.op, tz, ts, types.BoolOid, "timestamptz_"+c.suffix+"_timestamp", func(env *Env, a []types.Datum) (types.Datum, error) {
			return c.test(cmp(a[0].(int64), localToTZ(env, a[1].(int64)))), nil
		})
		registerOpEnv(c.op, date, tz, types.BoolOid, "date_"+c.suffix+"_timestamptz", func(env *Env, a []types.Datum) (types.Datum, error) {
			return c.test(cmp(dateToTZ(env, a[0].(int64)), a[1].(int64))), nil
		})
		registerOpEnv(c.op, tz, date, types.BoolOid, "timestamptz_"+c.suffix+"_date", func(env *Env, a []types.Datum) (types.Datum, error) {
			return c.test(cmp(a[0].(int64), dateToTZ(env, a[1].(int64)))), nil
		})
	}

	registerOpEnv("+", tz, iv, tz, "timestamptz_pl_interval", func(env *Env, a []types.Datum) (types.Datum, error) {
		return types.TimestamptzPlusInterval(a[0].(int64), a[1].(types.Interval), env.Zone())
	})
	registerOpEnv("+", iv, tz, tz, "interval_pl_timestamptz", func(env *Env, a []types.Datum) (types.Datum, error) {
		return types.TimestamptzPlusInterval(a[1].(int64), a[0].(types.Interval), env.Zone())
	})
	registerOpEnv("-", tz, iv, tz, "timestamptz_mi_interval", func(env *Env, a []types.Datum) (types.Datum, error) {
		n, err := types.IntervalNeg(a[1].(types.Interval))
		if err != nil {
			return nil, err
		}
		return types.TimestamptzPlusInterval(a[0].(int64), n, env.Zone())
	})
	registerOp("-", tz, tz, iv, "timestamptz_mi", func(a []types.Datum) (types.Datum, error) {
		return types.TimestampMinus(a[0].(int64), a[1].(int64))
	})

	extractTZ := func(env *Env, unitText string, t int64) (types.Datum, error) {
		unit, ok := types.DateUnits[strings.ToLower(unitText)]
		if !ok {
			return nil, errUnitNotRecognized(unitText, tz)
		}
		if types.IsInfTimestamp(t) {
			return infiniteExtract(unit, unitText, tz, t == types.TimestampNoEnd)
		}
		off := int64(types.ZoneOffset(t, env.Zone()))
		switch unit {
		case "timezone":
			return types.NumericFromInt64(off), nil
		case "timezone_h":
			return types.NumericFromInt64(off / 3600), nil
		case "timezone_m":
			return types.NumericFromInt64(off / 60 % 60), nil
		case "epoch":
			return numericScaled(t+(types.PostgresEpochJDate-types.UnixEpochJDate)*types.USecsPerDay, 6), nil
		case "julian":
			return nil, errUnitNotSupported(unitText, tz)
		}
		return extract(unitText, ts, t+off*types.USecsPerSec)
	}
	fnEnv("extract", []types.Oid{types.TextOid, tz}, types.NumericOid, Stable, func(env *Env, a []types.Datum) (types.Datum, error) {
		return extractTZ(env, a[0].(string), a[1].(int64))
	})
	fnEnv("date_part", []types.Oid{types.TextOid, tz}, types.Float8Oid, Stable, func(env *Env, a []types.Datum) (types.Datum, error) {
		n, err := extractTZ(env, a[0].(string), a[1].(int64))
		if err != nil || n == nil {
			return n, err
		}
		return n.(types.Numeric).Float64(), nil
	})
	fnEnv("date_trunc", []types.Oid{types.TextOid, tz}, tz, Stable, func(env *Env, a []types.Datum) (types.Datum, error) {
		return truncTimestamptz(a[0].(string), a[1].(int64), env.Zone())
	})
	fnEnv("date_trunc", []types.Oid{types.TextOid, tz, types.TextOid}, tz, Stable, func(env *Env, a []types.Datum) (types.Datum, error) {
		loc, fixed, isFixed, err := types.ZoneByName(a[2].(string))
		if err != nil {
			return nil, err
		}
		if isFixed {
			loc = time.FixedZone("", fixed)
		}
		return truncTimestamptz(a[0].(string), a[1].(int64), loc)
	})
	fnEnv("age", []types.Oid{tz, tz}, iv, Stable, func(env *Env, a []types.Datum) (types.Datum, error) {
		x, y := a[0].(int64), a[1].(int64)
		if types.IsInfTimestamp(x) || types.IsInfTimestamp(y) {
			return age(x, y)
		}
		lx, err := types.TimestamptzToLocal(x, env.Zone())
		if err != nil {
			return nil, err
		}
		ly, err := types.TimestamptzToLocal(y, env.Zone())
		if err != nil {
			return nil, err
		}
		return age(lx, ly)
	})

	// AT TIME ZONE: a timestamp read in the named zone gives an instant;
	// an instant gives the named zone's wall-clock time.
	fn("timezone", []types.Oid{types.TextOid, ts}, tz, func(a []types.Datum) (types.Datum, error) {
		t := a[1].(int64)
		if types.IsInfTimestamp(t) {
			return t, nil
		}
		loc, fixed, isFixed, err := types.ZoneByName(a[0].(string))
		if err != nil {
			return nil, err
		}
		if isFixed {
			return checkTimestamp(t - int64(fixed)*types.USecsPerSec)
		}
		return types.LocalToTimestamptz(t, loc)
	})
	fn("timezone", []types.Oid{types.TextOid, tz}, ts, func(a []types.Datum) (types.Datum, error) {
		t := a[1].(int64)
		if types.IsInfTimestamp(t) {
			return t, nil
		}
		loc, fixed, isFixed, err := types.ZoneByName(a[0].(string))
		if err != nil {
			return nil, err
		}
		if isFixed {
			return checkTimestamp(t + int64(fixed)*types.USecsPerSec)
		}
		return types.TimestamptzToLocal(t, loc)
	})
	fn("timezone", []types.Oid{iv, ts}, tz, func(a []types.Datum) (types.Datum, error) {
		off, err := intervalZone(a[0].(types.Interval))
		if err != nil {
			return nil, err
		}
		t := a[1].(int64)
		if types.IsInfTimestamp(t) {
			return t, nil
		}
		return checkTimestamp(t - off*types.USecsPerSec)
	})
	fn("timezone", []types.Oid{iv, tz}, ts, func(a []types.Datum) (types.Datum, error) {
		off, err := intervalZone(a[0].(types.Interval))
		if err != nil {
			return nil, err
		}
		t := a[1].(int64)
		if types.IsInfTimestamp(t) {
			return t, nil
		}
		return checkTimestamp(t + off*types.USecsPerSec)
	})

	// The current time: now() and its synonyms are the transaction's
	// start, statement_timestamp() the statement's, clock_timestamp() the
	// clock's.
	xact := func(env *Env, _ []types.Datum) (types.Datum, error) {
		return types.TimestamptzFromTime(envXactStart(env)), nil
	}
	fnEnv("now", nil, tz, Stable, xact)
	fnEnv("transaction_timestamp", nil, tz, Stable, xact)
	fnEnv("statement_timestamp", nil, tz, Stable, func(env *Env, _ []types.Datum) (types.Datum, error) {
		if env.StmtStart.IsZero() {
			return types.TimestamptzFromTime(time.Now()), nil
		}
		return types.TimestamptzFromTime(env.StmtStart), nil
	})
	fnEnv("clock_timestamp", nil, tz, Volatile, func(env *Env, _ []types.Datum) (types.Datum, error) {
		return types.TimestamptzFromTime(time.Now()), nil
	})
}

// envXactStart is the transaction's start, or the present outside one.
func envXactStart(env *Env) time.Time {
	if env.XactStart.IsZero() {
		return time.Now()
	}
	return env.XactStart
}

func checkTimestamp(t int64) (types.Datum, error) {
	if !types.IsValidTimestamp(t) {
		return nil, pgerror.New(pgerror.DatetimeFieldOverflow, "timestamp out of range")
	}
	return t, nil
}

// intervalZone is an interval used as a zone (AT TIME ZONE INTERVAL
// '-08:00'): its time part, in seconds east of Greenwich.
func intervalZone(i types.Interval) (int64, error) {
	if i.Month != 0 || i.Day != 0 {
		return 0, pgerror.Newf(pgerror.InvalidParameterValue, "interval time zone \"%s\" must not include months or days", types.OutInterval(i))
	}
	return i.Time / types.USecsPerSec, nil
}

// truncTimestamptz is date_trunc(unit, timestamptz) in loc: the wall-clock
// time is truncated; for a day or longer the zone offset is found again
// for the truncated time, for shorter units the original offset is kept.
func truncTimestamptz(unitText string, t int64, loc *time.Location) (types.Datum, error) {
	unit, ok := types.DateUnits[strings.ToLower(unitText)]
	if !ok {
		return nil, errUnitNotRecognized(unitText, types.TimestamptzOid)
	}
	if types.IsInfTimestamp(t) {
		return t, nil
	}
	off := int64(types.ZoneOffset(t, loc)) * types.USecsPerSec
	r, err := truncTimestamp(unitText, t+off)
	if err != nil {
		if pe, ok := pgerror.As(err); ok && pe.Code == pgerror.FeatureNotSupported {
			return nil, errUnitNotSupported(unitText, types.TimestamptzOid)
		}
		return nil, err
	}
	switch unit {
	case "hour", "minute", "second", "milliseconds", "microseconds":
		return checkTimestamp(r.(int64) - off)
	}
	return types.LocalToTimestamptz(r.(int64), loc)
}
