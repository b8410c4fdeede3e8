// datetime.go registers the date, timestamp and interval operators and
// functions: comparisons across date and timestamp, date and timestamp
// arithmetic with intervals, extract/date_part, date_trunc and age (PG:
// utils/adt/date.c, timestamp.c).

package funcs

import (
	"math"
	"strings"

	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

func init() {
	ts, iv, date := types.TimestampOid, types.IntervalOid, types.DateOid
	// date against timestamp compares the date's midnight.
	for _, c := range cmpNames {
		c := c
		registerOp(c.op, date, ts, types.BoolOid, "date_"+c.suffix+"_timestamp", func(a []types.Datum) (types.Datum, error) {
			return c.test(CmpDateTimestamp(a[0].(int64), a[1].(int64))), nil
		})
		registerOp(c.op, ts, date, types.BoolOid, "timestamp_"+c.suffix+"_date", func(a []types.Datum) (types.Datum, error) {
			return c.test(-CmpDateTimestamp(a[1].(int64), a[0].(int64))), nil
		})
	}
	datePlus := func(d int64, i types.Interval) (types.Datum, error) {
		t, err := types.DateToTimestamp(d)
		if err != nil {
			return nil, err
		}
		return types.TimestampPlusInterval(t, i)
	}
	registerOp("+", date, iv, ts, "date_pl_interval", func(a []types.Datum) (types.Datum, error) {
		return datePlus(a[0].(int64), a[1].(types.Interval))
	})
	registerOp("+", iv, date, ts, "interval_pl_date", func(a []types.Datum) (types.Datum, error) {
		return datePlus(a[1].(int64), a[0].(types.Interval))
	})
	registerOp("-", date, iv, ts, "date_mi_interval", func(a []types.Datum) (types.Datum, error) {
		n, err := types.IntervalNeg(a[1].(types.Interval))
		if err != nil {
			return nil, err
		}
		return datePlus(a[0].(int64), n)
	})
	registerOp("+", ts, iv, ts, "timestamp_pl_interval", func(a []types.Datum) (types.Datum, error) {
		return types.TimestampPlusInterval(a[0].(int64), a[1].(types.Interval))
	})
	registerOp("+", iv, ts, ts, "interval_pl_timestamp", func(a []types.Datum) (types.Datum, error) {
		return types.TimestampPlusInterval(a[1].(int64), a[0].(types.Interval))
	})
	registerOp("-", ts, iv, ts, "timestamp_mi_interval", func(a []types.Datum) (types.Datum, error) {
		n, err := types.IntervalNeg(a[1].(types.Interval))
		if err != nil {
			return nil, err
		}
		return types.TimestampPlusInterval(a[0].(int64), n)
	})
	registerOp("-", ts, ts, iv, "timestamp_mi", func(a []types.Datum) (types.Datum, error) {
		return types.TimestampMinus(a[0].(int64), a[1].(int64))
	})
	registerOp("+", iv, iv, iv, "interval_pl", func(a []types.Datum) (types.Datum, error) {
		return types.IntervalAdd(a[0].(types.Interval), a[1].(types.Interval))
	})
	registerOp("-", iv, iv, iv, "interval_mi", func(a []types.Datum) (types.Datum, error) {
		n, err := types.IntervalNeg(a[1].(types.Interval))
		if err != nil {
			return nil, err
		}
		return types.IntervalAdd(a[0].(types.Interval), n)
	})
	registerOp("-", types.InvalidOid, iv, iv, "interval_um", func(a []types.Datum) (types.Datum, error) {
		return types.IntervalNeg(a[0].(types.Interval))
	})
	registerOp("*", iv, types.Float8Oid, iv, "interval_mul", func(a []types.Datum) (types.Datum, error) {
		return types.IntervalMul(a[0].(types.Interval), a[1].(float64))
	})
	registerOp("*", types.Float8Oid, iv, iv, "mul_d_interval", func(a []types.Datum) (types.Datum, error) {
		return types.IntervalMul(a[1].(types.Interval), a[0].(float64))
	})
	registerOp("/", iv, types.Float8Oid, iv, "interval_div", func(a []types.Datum) (types.Datum, error) {
		f := a[1].(float64)
		if f == 0 {
			return nil, divByZero()
		}
		return types.IntervalDiv(a[0].(types.Interval), f)
	})

	// time of day.
	tm := types.TimeOid
	dateTime := func(d, t int64) (types.Datum, error) {
		ts, err := types.DateToTimestamp(d)
		if err != nil || types.IsInfTimestamp(ts) {
			return ts, err
		}
		return types.TimestampPlusInterval(ts, types.Interval{Time: t})
	}
	registerOp("+", date, tm, ts, "datetime_pl", func(a []types.Datum) (types.Datum, error) {
		return dateTime(a[0].(int64), a[1].(int64))
	})
	registerOp("+", tm, date, ts, "timedate_pl", func(a []types.Datum) (types.Datum, error) {
		return dateTime(a[1].(int64), a[0].(int64))
	})
	registerOp("-", tm, tm, iv, "time_mi_time", func(a []types.Datum) (types.Datum, error) {
		return types.Interval{Time: a[0].(int64) - a[1].(int64)}, nil
	})
	timePl := func(t int64, span int64) types.Datum {
		r := (t + span%types.USecsPerDay) % types.USecsPerDay
		if r < 0 {
			r += types.USecsPerDay
		}
		return r
	}
	registerOp("+", tm, iv, tm, "time_pl_interval", func(a []types.Datum) (types.Datum, error) {
		return timePl(a[0].(int64), a[1].(types.Interval).Time), nil
	})
	registerOp("+", iv, tm, tm, "interval_pl_time", func(a []types.Datum) (types.Datum, error) {
		return timePl(a[1].(int64), a[0].(types.Interval).Time), nil
	})
	registerOp("-", tm, iv, tm, "time_mi_interval", func(a []types.Datum) (types.Datum, error) {
		return timePl(a[0].(int64), -a[1].(types.Interval).Time), nil
	})

	// extract returns numeric, date_part float8 (PG 14 and later).
	for _, arg := range []types.Oid{date, ts, iv} {
		arg := arg
		fn("extract", []types.Oid{types.TextOid, arg}, types.NumericOid, func(a []types.Datum) (types.Datum, error) {
			return extract(a[0].(string), arg, a[1])
		})
		fn("date_part", []types.Oid{types.TextOid, arg}, types.Float8Oid, func(a []types.Datum) (types.Datum, error) {
			n, err := extract(a[0].(string), arg, a[1])
			if err != nil {
				return nil, err
			}
			return n.(types.Numeric).Float64(), nil
		})
	}
	fn("date_trunc", []types.Oid{types.TextOid, ts}, ts, func(a []types.Datum) (types.Datum, error) {
		return truncTimestamp(a[0].(string), a[1].(int64))
	})
	fn("age", []types.Oid{ts, ts}, iv, func(a []types.Datum) (types.Datum, error) {
		return age(a[0].(int64), a[1].(int64))
	})
	fn("make_date", []types.Oid{types.Int4Oid, types.Int4Oid, types.Int4Oid}, date, func(a []types.Datum) (types.Datum, error) {
		year, m, d := a[0].(int64), a[1].(int64), a[2].(int64)
		y := year
		if y < 0 {
			y++ // negative years are BC: -1 is 1 BC, year 0 internally
		}
		if year == 0 || m < 1 || m > 12 || d < 1 || d > types.DaysInMonth(y, m) {
			return nil, pgerror.Newf(pgerror.DatetimeFieldOverflow, "date field value out of range: %d-%02d-%02d", a[0].(int64), m, d)
		}
		return types.DateFromYMD(y, m, d), nil
	})
	fn("justify_days", []types.Oid{iv}, iv, func(a []types.Datum) (types.Datum, error) {
		i := a[0].(types.Interval)
		m := int64(i.Month) + int64(i.Day/30)
		if m > math.MaxInt32 || m < math.MinInt32 {
			return nil, pgerror.New(pgerror.DatetimeFieldOverflow, "interval out of range")
		}
		i.Month, i.Day = int32(m), i.Day%30
		if i.Month > 0 && i.Day < 0 {
			i.Day += 30
			i.Month--
		} else if i.Month < 0 && i.Day > 0 {
			i.Day -= 30
			i.Month++
		}
		return i, nil
	})
	fn("justify_interval", []types.Oid{iv}, iv, func(a []types.Datum) (types.Datum, error) {
		i := a[0].(types.Interval)
		month, day, t := int64(i.Month), int64(i.Day), i.Time
		if (day > 0 && t > 0) || (day < 0 && t < 0) {
			month += day / 30
			day %= 30
		}
		day += t / types.USecsPerDay
		t %= types.USecsPerDay
		month += day / 30
		day %= 30
		switch {
		case month > 0 && (day < 0 || (day == 0 && t < 0)):
			day += 30
			month--
		case month < 0 && (day > 0 || (day == 0 && t > 0)):
			day -= 30
			month++
		}
		switch {
		case day > 0 && t < 0:
			t += types.USecsPerDay
			day--
		case day < 0 && t > 0:
			t -= types.USecsPerDay
			day++
		}
		if month > math.MaxInt32 || month < math.MinInt32 || day > math.MaxInt32 || day < math.MinInt32 {
			return nil, pgerror.New(pgerror.DatetimeFieldOverflow, "interval out of range")
		}
		return types.Interval{Month: int32(month), Day: int32(day), Time: t}, nil
	})
	fn("justify_hours", []types.Oid{iv}, iv, func(a []types.Datum) (types.Datum, error) {
		i := a[0].(types.Interval)
		d := int64(i.Day) + i.Time/types.USecsPerDay
		if d > math.MaxInt32 || d < math.MinInt32 {
			return nil, pgerror.New(pgerror.DatetimeFieldOverflow, "interval out of range")
		}
		i.Day, i.Time = int32(d), i.Time%types.USecsPerDay
		if i.Day > 0 && i.Time < 0 {
			i.Time += types.USecsPerDay
			i.Day--
		} else if i.Day < 0 && i.Time > 0 {
			i.Time -= types.USecsPerDay
			i.Day++
		}
		return i, nil
	})
}

// CmpDateTimestamp compares a date with a timestamp (PG:
// date_cmp_timestamp): a date past the timestamp range is after every
// finite timestamp.
func CmpDateTimestamp(d, t int64) int {
	dt, err := types.DateToTimestamp(d)
	if err != nil {
		if t == types.TimestampNoEnd {
			return -1
		}
		return 1
	}
	switch {
	case dt < t:
		return -1
	case dt > t:
		return 1
	}
	return 0
}

// numericScaled is v / 10^scale as a numeric with that scale.
func numericScaled(v int64, scale int32) types.Numeric {
	return types.Numeric{Coef: v, Scale: scale}
}

func errUnitNotSupported(unit string, t types.Oid) error {
	return pgerror.Newf(pgerror.FeatureNotSupported, "unit \"%s\" not supported for type %s", unit, types.FormatTypeBe(t))
}

func errUnitNotRecognized(unit string, t types.Oid) error {
	return pgerror.Newf(pgerror.InvalidParameterValue, "unit \"%s\" not recognized for type %s", unit, types.FormatTypeBe(t))
}

// extract computes EXTRACT(unit FROM v) for a date, timestamp or interval.
func extract(unitText string, t types.Oid, v types.Datum) (types.Datum, error) {
	lower := strings.ToLower(unitText)
	unit, ok := types.DateUnits[lower]
	if !ok {
		return nil, errUnitNotRecognized(unitText, t)
	}
	if t == types.IntervalOid {
		return extractInterval(unit, unitText, v.(types.Interval))
	}
	var ts int64
	if t == types.DateOid {
		d := v.(int64)
		switch unit {
		case "microseconds", "milliseconds", "second", "minute", "hour", "timezone", "timezone_h", "timezone_m":
			return nil, errUnitNotSupported(unitText, t)
		}
		if d == types.DateNoBegin || d == types.DateNoEnd {
			return infiniteExtract(unit, unitText, t, d == types.DateNoEnd)
		}
		if unit == "epoch" {
			return types.NumericFromInt64((d + types.PostgresEpochJDate - types.UnixEpochJDate) * 86400), nil
		}
		if unit == "julian" {
			return types.NumericFromInt64(d + types.PostgresEpochJDate), nil
		}
		ts = d * types.USecsPerDay
	} else {
		ts = v.(int64)
		if types.IsInfTimestamp(ts) {
			return infiniteExtract(unit, unitText, t, ts == types.TimestampNoEnd)
		}
	}
	days, usecs := types.SplitTimestamp(ts)
	jd := days + types.PostgresEpochJDate
	y, m, d := types.J2Date(jd)
	switch unit {
	case "microseconds":
		return numericScaled(usecs%types.USecsPerMinute, 0), nil
	case "milliseconds":
		return numericScaled(usecs%types.USecsPerMinute, 3), nil
	case "second":
		return numericScaled(usecs%types.USecsPerMinute, 6), nil
	case "minute":
		return types.NumericFromInt64(usecs / types.USecsPerMinute % 60), nil
	case "hour":
		return types.NumericFromInt64(usecs / types.USecsPerHour), nil
	case "day":
		return types.NumericFromInt64(d), nil
	case "month":
		return types.NumericFromInt64(m), nil
	case "quarter":
		return types.NumericFromInt64((m-1)/3 + 1), nil
	case "week":
		w, _ := isoWeek(y, m, d)
		return types.NumericFromInt64(w), nil
	case "year":
		if y <= 0 {
			return types.NumericFromInt64(y - 1), nil // there is no year 0
		}
		return types.NumericFromInt64(y), nil
	case "decade":
		if y >= 0 {
			return types.NumericFromInt64(y / 10), nil
		}
		return types.NumericFromInt64(-((8 - (y - 1)) / 10)), nil
	case "century":
		if y > 0 {
			return types.NumericFromInt64((y + 99) / 100), nil
		}
		return types.NumericFromInt64(-((99 - (y - 1)) / 100)), nil
	case "millennium":
		if y > 0 {
			return types.NumericFromInt64((y + 999) / 1000), nil
		}
		return types.NumericFromInt64(-((999 - (y - 1)) / 1000)), nil
	case "dow":
		return types.NumericFromInt64((jd + 1) % 7), nil
	case "isodow":
		dow := (jd + 1) % 7
		if dow == 0 {
			dow = 7
		}
		return types.NumericFromInt64(dow), nil
	case "doy":
		return types.NumericFromInt64(jd - types.Date2J(y, 1, 1) + 1), nil
	case "isoyear":
		_, iy := isoWeek(y, m, d)
		if iy <= 0 {
			iy--
		}
		return types.NumericFromInt64(iy), nil
	case "epoch":
		// Seconds since 1970-01-01 with six decimals.
		return numericScaled(ts+(types.PostgresEpochJDate-types.UnixEpochJDate)*types.USecsPerDay, 6), nil
	}
	return nil, errUnitNotSupported(unitText, t)
}

// infiniteExtract is EXTRACT of an infinite date or timestamp: ±Infinity
// for the monotonic units, NULL for the rest.
func infiniteExtract(unit, unitText string, t types.Oid, positive bool) (types.Datum, error) {
	switch unit {
	case "year", "decade", "century", "millennium", "julian", "isoyear", "epoch":
		if positive {
			return types.NumericPosInfValue, nil
		}
		return types.NumericNegInfValue, nil
	case "microseconds", "milliseconds", "second", "minute", "hour", "day", "month", "quarter", "week", "dow", "isodow", "doy":
		return nil, nil
	}
	return nil, errUnitNotSupported(unitText, t)
}

func extractInterval(unit, unitText string, i types.Interval) (types.Datum, error) {
	years := int64(i.Month / 12)
	switch unit {
	case "microseconds":
		return numericScaled(i.Time%types.USecsPerMinute, 0), nil
	case "milliseconds":
		return numericScaled(i.Time%types.USecsPerMinute, 3), nil
	case "second":
		return numericScaled(i.Time%types.USecsPerMinute, 6), nil
	case "minute":
		return types.NumericFromInt64(i.Time / types.USecsPerMinute % 60), nil
	case "hour":
		return types.NumericFromInt64(i.Time / types.USecsPerHour), nil
	case "day":
		return types.NumericFromInt64(int64(i.Day)), nil
	case "month":
		return types.NumericFromInt64(int64(i.Month % 12)), nil
	case "quarter":
		return types.NumericFromInt64(int64(i.Month%12)/3 + 1), nil
	case "year":
		return types.NumericFromInt64(years), nil
	case "decade":
		return types.NumericFromInt64(years / 10), nil
	case "century":
		return types.NumericFromInt64(years / 100), nil
	case "millennium":
		return types.NumericFromInt64(years / 1000), nil
	case "epoch":
		// A year is 365.25 days and a month 30.
		secs := int64(365.25*float64(i.Month/12)*86400) + (int64(i.Month%12)*30+int64(i.Day))*86400
		return numericScaled(secs*types.USecsPerSec+i.Time, 6), nil
	}
	return nil, pgerror.Newf(pgerror.FeatureNotSupported, "unit \"%s\" not supported for type interval", unitText)
}

// isoWeek returns the ISO 8601 week number and week-numbering year.
func isoWeek(y, m, d int64) (week, year int64) {
	jd := types.Date2J(y, m, d)
	// Monday of week 1 of a year: the week holding January 4th.
	week1 := func(y int64) int64 {
		j4 := types.Date2J(y, 1, 4)
		return j4 - (j4 % 7) // j%7 == 0 is Monday
	}
	year = y
	start := week1(y)
	if jd < start {
		year--
		start = week1(year)
	} else if next := week1(y + 1); jd >= next {
		year++
		start = next
	}
	return (jd-start)/7 + 1, year
}

// truncTimestamp is date_trunc(unit, timestamp).
func truncTimestamp(unitText string, t int64) (types.Datum, error) {
	unit, ok := types.DateUnits[strings.ToLower(unitText)]
	if !ok {
		return nil, errUnitNotRecognized(unitText, types.TimestampOid)
	}
	if types.IsInfTimestamp(t) {
		return t, nil
	}
	days, usecs := types.SplitTimestamp(t)
	y, m, d := types.J2Date(days + types.PostgresEpochJDate)
	at := func(y, m, d int64) (types.Datum, error) {
		return types.TimestampFromParts(types.Date2J(y, m, d)-types.PostgresEpochJDate, 0)
	}
	switch unit {
	case "millennium":
		if y > 0 {
			return at((y+999)/1000*1000-999, 1, 1)
		}
		return at(-((999-(y-1))/1000)*1000+1, 1, 1)
	case "century":
		if y > 0 {
			return at((y+99)/100*100-99, 1, 1)
		}
		return at(-((99-(y-1))/100)*100+1, 1, 1)
	case "decade":
		if y > 0 {
			return at(y/10*10, 1, 1)
		}
		return at(-((8-(y-1))/10)*10+1, 1, 1)
	case "year":
		return at(y, 1, 1)
	case "quarter":
		return at(y, 3*((m-1)/3)+1, 1)
	case "month":
		return at(y, m, 1)
	case "week":
		w, iy := isoWeek(y, m, d)
		j4 := types.Date2J(iy, 1, 4)
		monday := j4 - j4%7 + (w-1)*7
		return types.TimestampFromParts(monday-types.PostgresEpochJDate, 0)
	case "day":
		return at(y, m, d)
	case "hour":
		return t - usecs%types.USecsPerHour, nil
	case "minute":
		return t - usecs%types.USecsPerMinute, nil
	case "second":
		return t - usecs%types.USecsPerSec, nil
	case "milliseconds":
		return t - usecs%1000, nil
	case "microseconds":
		return t, nil
	}
	return nil, errUnitNotSupported(unitText, types.TimestampOid)
}

// age is age(a, b): the difference as years, months, days and time,
// computed field by field with borrowing as PostgreSQL does.
func age(a, b int64) (types.Datum, error) {
	if types.IsInfTimestamp(a) || types.IsInfTimestamp(b) {
		return nil, pgerror.New(pgerror.DatetimeFieldOverflow, "cannot subtract infinite timestamps")
	}
	d1, u1 := types.SplitTimestamp(a)
	d2, u2 := types.SplitTimestamp(b)
	y1, m1, dd1 := types.J2Date(d1 + types.PostgresEpochJDate)
	y2, m2, dd2 := types.J2Date(d2 + types.PostgresEpochJDate)
	usec := u1 - u2
	day := dd1 - dd2
	mon := m1 - m2
	year := y1 - y2
	// Borrow in the direction of the overall sign, as timestamp_age does.
	if a < b {
		usec, day, mon, year = -usec, -day, -mon, -year
	}
	for usec < 0 {
		usec += types.USecsPerDay
		day--
	}
	for day < 0 {
		if a < b {
			day += types.DaysInMonth(y1, m1)
		} else {
			day += types.DaysInMonth(y2, m2)
		}
		mon--
	}
	for mon < 0 {
		mon += 12
		year--
	}
	if a < b {
		usec, day, mon, year = -usec, -day, -mon, -year
	}
	months := year*12 + mon
	if months > math.MaxInt32 || months < math.MinInt32 {
		return nil, pgerror.New(pgerror.DatetimeFieldOverflow, "interval out of range")
	}
	return types.Interval{Time: usec, Day: int32(day), Month: int32(months)}, nil
}
