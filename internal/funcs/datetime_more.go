// datetime_more.go: make_time, make_timestamp, make_timestamptz,
// isfinite, date_trunc of an interval, date_bin and the OVERLAPS functions
// (PG: utils/adt/date.c, timestamp.c and the SQL-language overlaps
// functions of pg_proc.dat).

package funcs

import (
	"math"
	"strconv"
	"strings"

	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

// cFormatG2 is "%02g" as PostgreSQL's snprintf prints it: six
// significant digits, zero-padded to two characters, NaN and Infinity
// spelled out.
func cFormatG2(v float64) string {
	switch {
	case math.IsNaN(v):
		return "NaN"
	case math.IsInf(v, 1):
		return "Infinity"
	case math.IsInf(v, -1):
		return "-Infinity"
	}
	s := strconv.FormatFloat(v, 'g', 6, 64)
	if len(s) < 2 {
		if strings.HasPrefix(s, "-") {
			return s
		}
		s = "0" + s
	}
	return s
}

// makeTime is make_time(hour, min, sec) (PG: make_time with
// float_time_overflows): 24:00:00 is allowed, nothing later.
func makeTime(hour, min int64, sec float64) (types.Datum, error) {
	t, bad := timeOverflows(hour, min, sec)
	if bad {
		return nil, pgerror.Newf(pgerror.DatetimeFieldOverflow, "time field value out of range: %d:%02d:%s", int32(hour), int32(min), cFormatG2(sec))
	}
	return t, nil
}

// timeOverflows is float_time_overflows: whether hour:min:sec lies
// outside 00:00:00 to 24:00:00 (sec rounded to microseconds first).
func timeOverflows(hour, min int64, sec float64) (usecs int64, bad bool) {
	if hour < 0 || hour > 24 || min < 0 || min >= 60 || math.IsNaN(sec) {
		return 0, true
	}
	us := math.RoundToEven(sec * float64(types.USecsPerSec))
	if us < 0 || us > 60*float64(types.USecsPerSec) {
		return 0, true
	}
	t := (hour*60+min)*types.USecsPerMinute + int64(us)
	return t, t > types.USecsPerDay
}

// makeTimestamp is make_timestamp(year, month, day, hour, min, sec):
// negative years are BC, there is no year 0 (PG:
// make_timestamp_internal).
func makeTimestamp(year, month, day, hour, min int64, sec float64) (int64, error) {
	y := year
	if y < 0 {
		y++ // 1 BC is year 0 internally
	}
	if year == 0 || month < 1 || month > 12 || day < 1 || day > types.DaysInMonth(y, month) {
		return 0, pgerror.Newf(pgerror.DatetimeFieldOverflow, "date field value out of range: %d-%02d-%02d", int32(year), int32(month), int32(day))
	}
	if !isValidJulianYM(int(y), int(month)) {
		return 0, pgerror.Newf(pgerror.DatetimeFieldOverflow, "date out of range: %d-%02d-%02d", int32(year), int32(month), int32(day))
	}
	date := types.Date2J(y, month, day) - types.PostgresEpochJDate
	t, bad := timeOverflows(hour, min, sec)
	if bad {
		return 0, pgerror.Newf(pgerror.DatetimeFieldOverflow, "time field value out of range: %d:%02d:%s", int32(hour), int32(min), cFormatG2(sec))
	}
	r, ok := mulAdd64(date, types.USecsPerDay, t)
	if !ok || !types.IsValidTimestamp(r) {
		return 0, pgerror.Newf(pgerror.DatetimeFieldOverflow, "timestamp out of range: %d-%02d-%02d %d:%02d:%s",
			int32(year), int32(month), int32(day), int32(hour), int32(min), cFormatG2(sec))
	}
	return r, nil
}

// numericZone reads a numeric time zone, +hh[:mm[:ss]] or +hhmm, as
// seconds west of Greenwich (PG: DecodeTimezone); bad is set for text of
// another form, overflow for values out of range.
func numericZone(s string) (west int, bad, overflow bool) {
	if s == "" || (s[0] != '+' && s[0] != '-') {
		return 0, true, false
	}
	num := func(p string) (int, string, bool, bool) {
		v, used, over := strtol(p)
		if over || v > math.MaxInt32 || v < math.MinInt32 {
			return 0, p[used:], false, true
		}
		return int(v), p[used:], true, false
	}
	hr, rest, _, over := num(s[1:])
	if over {
		return 0, false, true
	}
	mn, sec := 0, 0
	switch {
	case strings.HasPrefix(rest, ":"):
		if mn, rest, _, over = num(rest[1:]); over {
			return 0, false, true
		}
		if strings.HasPrefix(rest, ":") {
			if sec, rest, _, over = num(rest[1:]); over {
				return 0, false, true
			}
		}
	case rest == "" && len(s) > 3:
		mn, hr = hr%100, hr/100
	}
	if hr < 0 || hr > 15 || mn < 0 || mn >= 60 || sec < 0 || sec >= 60 {
		return 0, false, true
	}
	tz := (hr*60+mn)*60 + sec
	if s[0] == '-' {
		tz = -tz
	}
	return -tz, rest != "", false
}

// zoneOffsetAt is the offset, in seconds east, of the zone named zone
// for the wall-clock time local (PG: parse_sane_timezone): a numeric
// zone, an abbreviation or a zone name.
func zoneOffsetAt(zone string, local int64) (int, error) {
	if zone != "" && zone[0] >= '0' && zone[0] <= '9' {
		return 0, pgerror.Newf(pgerror.InvalidParameterValue, "invalid input syntax for type numeric time zone: \"%s\"", zone).
			WithHint("Numeric time zones must have \"-\" or \"+\" as first character.")
	}
	west, bad, overflow := numericZone(zone)
	switch {
	case overflow:
		return 0, pgerror.Newf(pgerror.InvalidParameterValue, "numeric time zone \"%s\" out of range", zone)
	case !bad:
		return -west, nil
	}
	loc, fixed, isFixed, err := types.ZoneByName(zone)
	if err != nil {
		return 0, err
	}
	if isFixed {
		return fixed, nil
	}
	r, err := types.LocalToTimestamptz(local, loc)
	if err != nil {
		return 0, err
	}
	return int((local - r) / types.USecsPerSec), nil
}

// truncInterval is date_trunc(unit, interval): the fields below the unit
// are zeroed (PG: interval_trunc).
func truncInterval(unitText string, iv types.Interval) (types.Datum, error) {
	lower := strings.ToLower(unitText)
	unit, ok := types.DateUnits[lower]
	switch unit {
	case "epoch", "julian", "dow", "isodow", "doy", "isoyear":
		ok = false
	}
	if !ok {
		return nil, pgerror.Newf(pgerror.InvalidParameterValue, "unit \"%s\" not recognized for type interval", lower)
	}
	year, mon, mday := int64(iv.Month/12), int64(iv.Month%12), int64(iv.Day)
	t := iv.Time
	hour := t / types.USecsPerHour
	t -= hour * types.USecsPerHour
	min := t / types.USecsPerMinute
	t -= min * types.USecsPerMinute
	sec := t / types.USecsPerSec
	usec := t - sec*types.USecsPerSec
	// Each unit clears the fields below it.
	switch unit {
	case "millennium":
		year = year / 1000 * 1000
		fallthrough
	case "century":
		year = year / 100 * 100
		fallthrough
	case "decade":
		year = year / 10 * 10
		fallthrough
	case "year":
		mon = 0
		fallthrough
	case "quarter":
		mon = 3 * (mon / 3)
		fallthrough
	case "month":
		mday = 0
		fallthrough
	case "day":
		hour = 0
		fallthrough
	case "hour":
		min = 0
		fallthrough
	case "minute":
		sec = 0
		fallthrough
	case "second":
		usec = 0
	case "milliseconds":
		usec = usec / 1000 * 1000
	case "microseconds":
	default:
		e := pgerror.Newf(pgerror.FeatureNotSupported, "unit \"%s\" not supported for type interval", lower)
		if unit == "week" {
			e = e.WithDetail("Months usually have fractional weeks.")
		}
		return nil, e
	}
	months := year*12 + mon
	if months > math.MaxInt32 || months < math.MinInt32 {
		return nil, pgerror.New(pgerror.DatetimeFieldOverflow, "interval out of range")
	}
	return types.Interval{Month: int32(months), Day: int32(mday),
		Time: ((hour*60+min)*60+sec)*types.USecsPerSec + usec}, nil
}

// dateBin is date_bin(stride, source, origin) for timestamps and
// timestamps with time zone alike: the start of the stride-wide bin,
// counted from origin, that holds source (PG: timestamp_bin).
func dateBin(stride types.Interval, t, origin int64) (types.Datum, error) {
	if types.IsInfTimestamp(t) {
		return t, nil
	}
	if types.IsInfTimestamp(origin) {
		return nil, pgerror.New(pgerror.DatetimeFieldOverflow, "origin out of range")
	}
	if stride.Month != 0 {
		return nil, pgerror.New(pgerror.FeatureNotSupported, "timestamps cannot be binned into intervals containing months or years")
	}
	ivRange := pgerror.New(pgerror.DatetimeFieldOverflow, "interval out of range")
	tsRange := pgerror.New(pgerror.DatetimeFieldOverflow, "timestamp out of range")
	strideUsecs, ok := mulAdd64(int64(stride.Day), types.USecsPerDay, stride.Time)
	if !ok {
		return nil, ivRange
	}
	if strideUsecs <= 0 {
		return nil, pgerror.New(pgerror.DatetimeFieldOverflow, "stride must be greater than zero")
	}
	diff := t - origin
	if (origin < 0 && diff < t) || (origin > 0 && diff > t) {
		return nil, ivRange
	}
	mod := diff % strideUsecs
	delta := diff - mod
	r := origin + delta
	if (delta > 0 && r < origin) || (delta < 0 && r > origin) {
		return nil, tsRange
	}
	// Round towards minus infinity when source is before origin.
	if mod < 0 {
		r2 := r - strideUsecs
		if r2 > r || !types.IsValidTimestamp(r2) {
			return nil, tsRange
		}
		r = r2
	}
	return r, nil
}

// mulAdd64 is a*b + c, false on int64 overflow.
func mulAdd64(a, b, c int64) (int64, bool) {
	if a != 0 && (a*b/a != b || (a == -1 && b == math.MinInt64)) {
		return 0, false
	}
	p := a * b
	r := p + c
	if (c > 0 && r < p) || (c < 0 && r > p) {
		return 0, false
	}
	return r, true
}

// overlapsPoints is the SQL OVERLAPS predicate over two periods given as
// start and end points in any order; NULL points give NULL where the
// answer depends on them (PG: overlaps_timestamp, overlaps_time).
func overlapsPoints(ts1, te1, ts2, te2 types.Datum) types.Datum {
	gt := func(a, b types.Datum) bool { return a.(int64) > b.(int64) }
	lt := func(a, b types.Datum) bool { return a.(int64) < b.(int64) }
	if ts1 == nil {
		if te1 == nil {
			return nil
		}
		ts1, te1 = te1, nil
	} else if te1 != nil && gt(ts1, te1) {
		ts1, te1 = te1, ts1
	}
	if ts2 == nil {
		if te2 == nil {
			return nil
		}
		ts2, te2 = te2, nil
	} else if te2 != nil && gt(ts2, te2) {
		ts2, te2 = te2, ts2
	}
	switch {
	case gt(ts1, ts2):
		// ts1 < te2 OR te1 < te2.
		if te2 == nil {
			return nil
		}
		if lt(ts1, te2) {
			return true
		}
		if te1 == nil {
			return nil
		}
		return false
	case lt(ts1, ts2):
		// ts2 < te1 OR te2 < te1.
		if te1 == nil {
			return nil
		}
		if lt(ts2, te1) {
			return true
		}
		if te2 == nil {
			return nil
		}
		return false
	}
	// Equal starts: true when both ends are known.
	if te1 == nil || te2 == nil {
		return nil
	}
	return true
}

func init() {
	date, ts, tz, iv, tm, b := types.DateOid, types.TimestampOid, types.TimestamptzOid, types.IntervalOid, types.TimeOid, types.BoolOid

	fn("make_time", []types.Oid{types.Int4Oid, types.Int4Oid, types.Float8Oid}, tm, func(a []types.Datum) (types.Datum, error) {
		return makeTime(a[0].(int64), a[1].(int64), a[2].(float64))
	})

	i4, f8 := types.Int4Oid, types.Float8Oid
	ymdhms := []types.Oid{i4, i4, i4, i4, i4, f8}
	fn("make_timestamp", ymdhms, ts, func(a []types.Datum) (types.Datum, error) {
		return makeTimestamp(a[0].(int64), a[1].(int64), a[2].(int64), a[3].(int64), a[4].(int64), a[5].(float64))
	})
	fnEnv("make_timestamptz", ymdhms, tz, Stable, func(env *Env, a []types.Datum) (types.Datum, error) {
		t, err := makeTimestamp(a[0].(int64), a[1].(int64), a[2].(int64), a[3].(int64), a[4].(int64), a[5].(float64))
		if err != nil {
			return nil, err
		}
		return types.LocalToTimestamptz(t, env.Zone())
	})
	fn("make_timestamptz", append(ymdhms[:6:6], types.TextOid), tz, func(a []types.Datum) (types.Datum, error) {
		t, err := makeTimestamp(a[0].(int64), a[1].(int64), a[2].(int64), a[3].(int64), a[4].(int64), a[5].(float64))
		if err != nil {
			return nil, err
		}
		off, err := zoneOffsetAt(a[6].(string), t)
		if err != nil {
			return nil, err
		}
		return checkTimestamp(t - int64(off)*types.USecsPerSec)
	}).Volatile = Stable

	fn("isfinite", []types.Oid{date}, b, func(a []types.Datum) (types.Datum, error) {
		d := a[0].(int64)
		return d != types.DateNoBegin && d != types.DateNoEnd, nil
	})
	finiteTS := func(a []types.Datum) (types.Datum, error) { return !types.IsInfTimestamp(a[0].(int64)), nil }
	fn("isfinite", []types.Oid{ts}, b, finiteTS)
	fn("isfinite", []types.Oid{tz}, b, finiteTS)
	// PostgreSQL 15 intervals are always finite.
	fn("isfinite", []types.Oid{iv}, b, func([]types.Datum) (types.Datum, error) { return true, nil })

	fn("date_trunc", []types.Oid{types.TextOid, iv}, iv, func(a []types.Datum) (types.Datum, error) {
		return truncInterval(a[0].(string), a[1].(types.Interval))
	})

	bin := func(a []types.Datum) (types.Datum, error) {
		return dateBin(a[0].(types.Interval), a[1].(int64), a[2].(int64))
	}
	fn("date_bin", []types.Oid{iv, ts, ts}, ts, bin)
	fn("date_bin", []types.Oid{iv, tz, tz}, tz, bin)

	// overlaps(start1, end1 or length1, start2, end2 or length2). The
	// forms with lengths add them to the starts, so those over
	// timestamptz read the session's TimeZone and are STABLE.
	type pointAdder func(env *Env, t types.Datum, span types.Datum) (types.Datum, error)
	addTS := func(_ *Env, t, span types.Datum) (types.Datum, error) {
		return types.TimestampPlusInterval(t.(int64), span.(types.Interval))
	}
	addTZ := func(env *Env, t, span types.Datum) (types.Datum, error) {
		return types.TimestamptzPlusInterval(t.(int64), span.(types.Interval), env.Zone())
	}
	addTime := func(_ *Env, t, span types.Datum) (types.Datum, error) {
		r := (t.(int64) + span.(types.Interval).Time%types.USecsPerDay) % types.USecsPerDay
		if r < 0 {
			r += types.USecsPerDay
		}
		return r, nil
	}
	for _, k := range []struct {
		point  types.Oid
		add    pointAdder
		stable bool
	}{{ts, addTS, false}, {tz, addTZ, true}, {tm, addTime, false}} {
		k := k
		// end is the period's end: the point itself, or start + length
		// (NULL when either is NULL).
		end := func(env *Env, start, x types.Datum, isLen bool) (types.Datum, error) {
			if !isLen {
				return x, nil
			}
			if start == nil || x == nil {
				return nil, nil
			}
			return k.add(env, start, x)
		}
		for _, form := range [][2]bool{{false, false}, {true, true}, {false, true}, {true, false}} {
			form := form
			args := []types.Oid{k.point, k.point, k.point, k.point}
			if form[0] {
				args[1] = iv
			}
			if form[1] {
				args[3] = iv
			}
			vol := byte(Immutable)
			if k.stable && (form[0] || form[1]) {
				vol = Stable
			}
			impl := func(env *Env, a []types.Datum) (types.Datum, error) {
				e1, err := end(env, a[0], a[1], form[0])
				if err != nil {
					return nil, err
				}
				e2, err := end(env, a[2], a[3], form[1])
				if err != nil {
					return nil, err
				}
				return overlapsPoints(a[0], e1, a[2], e2), nil
			}
			// Not strict: a NULL point leaves the answer open only when
			// the other points cannot decide it.
			f := &Func{Name: "overlaps", Args: args, Result: b, Volatile: vol}
			if vol == Stable {
				f.ImplEnv = impl
			} else {
				f.Impl = func(a []types.Datum) (types.Datum, error) { return impl(&DefaultEnv, a) }
			}
			register(f)
		}
	}
}
