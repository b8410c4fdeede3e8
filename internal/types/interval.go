// This file holds interval: months, days and microseconds kept apart, as
// PostgreSQL keeps them, with its input (including the field qualifiers of
// interval '90' day), postgres-style output, ordering and hashing (PG:
// utils/adt/timestamp.c, DecodeInterval and EncodeInterval in datetime.c).

package types

import (
	"math"
	"strconv"

	"github.com/loomdb/loomdb/internal/pgerror"
)

// Interval is an interval value. Compare orders intervals by their span
// with a month taken as 30 days and a day as 24 hours.
type Interval struct {
	Time  int64 // microseconds
	Day   int32
	Month int32
}

// Interval field masks of an interval typmod's range (PG: INTERVAL_MASK).
const (
	IntervalMonth  = 1 << 1
	IntervalYear   = 1 << 2
	IntervalDay    = 1 << 3
	IntervalHour   = 1 << 10
	IntervalMinute = 1 << 11
	IntervalSecond = 1 << 12
	// IntervalFullRange is INTERVAL_FULL_RANGE: no qualifier.
	IntervalFullRange = 0x7FFF
	// IntervalFullPrecision is INTERVAL_FULL_PRECISION.
	IntervalFullPrecision = 0xFFFF
)

// IntervalTypmod builds an interval typmod from a range mask and a
// fractional-second precision.
func IntervalTypmod(rng, precision int) int32 {
	return int32((rng&0x7FFF)<<16 | precision&0xFFFF)
}

// intervalRange returns the range mask of typmod, IntervalFullRange when none.
func intervalRange(typmod int32) int {
	if typmod < 0 {
		return IntervalFullRange
	}
	return int(typmod>>16) & 0x7FFF
}

func errIntervalRange() error {
	return pgerror.New(pgerror.DatetimeFieldOverflow, "interval out of range")
}

// span returns i's length as whole days and a remainder in [0, 1 day).
func (i Interval) span() (days, usecs int64) {
	td := floorDiv(i.Time, USecsPerDay)
	return int64(i.Month)*30 + int64(i.Day) + td, i.Time - td*USecsPerDay
}

// IntervalCmp compares two intervals by span (PG: interval_cmp).
func IntervalCmp(a, b Interval) int {
	ad, au := a.span()
	bd, bu := b.span()
	switch {
	case ad < bd:
		return -1
	case ad > bd:
		return 1
	case au < bu:
		return -1
	case au > bu:
		return 1
	}
	return 0
}

// HashInterval hashes an interval so that intervals of equal span hash
// equal (1 mon and 30 days).
func HashInterval(i Interval) uint64 {
	d, u := i.span()
	return mix64(HashInt64(d) ^ uint64(u)*hashPrime2)
}

// DateUnits maps the unit spellings of interval input, extract and
// date_trunc to one name each (PG: datetime.c's deltatktbl).
var DateUnits = map[string]string{
	"microsecond": "microseconds", "microseconds": "microseconds", "us": "microseconds", "usec": "microseconds", "usecs": "microseconds", "useconds": "microseconds",
	"millisecond": "milliseconds", "milliseconds": "milliseconds", "ms": "milliseconds", "msec": "milliseconds", "msecs": "milliseconds", "mseconds": "milliseconds",
	"second": "second", "seconds": "second", "s": "second", "sec": "second", "secs": "second",
	"minute": "minute", "minutes": "minute", "m": "minute", "min": "minute", "mins": "minute",
	"hour": "hour", "hours": "hour", "h": "hour", "hr": "hour", "hrs": "hour",
	"day": "day", "days": "day", "d": "day",
	"week": "week", "weeks": "week", "w": "week",
	"month": "month", "months": "month", "mon": "month", "mons": "month",
	"quarter": "quarter", "qtr": "quarter",
	"year": "year", "years": "year", "y": "year", "yr": "year", "yrs": "year",
	"decade": "decade", "decades": "decade", "dec": "decade", "decs": "decade",
	"century": "century", "centuries": "century", "c": "century", "cent": "century",
	"millennium": "millennium", "millennia": "millennium", "mil": "millennium", "mils": "millennium",
	"epoch": "epoch", "dow": "dow", "isodow": "isodow", "doy": "doy", "isoyear": "isoyear",
	"julian": "julian", "j": "julian", "jd": "julian",
	"timezone": "timezone", "timezone_h": "timezone_h", "timezone_m": "timezone_m",
	"timezone_hour": "timezone_h", "timezone_minute": "timezone_m",
}

// OutInterval returns an interval's text in IntervalStyle postgres.
func OutInterval(iv Interval) string { return string(AppendInterval(nil, iv)) }

// AppendInterval appends OutInterval's text to buf (PG: EncodeInterval,
// INTSTYLE_POSTGRES).
func AppendInterval(buf []byte, iv Interval) []byte {
	zero, before := true, false
	part := func(v int64, unit string) {
		if v == 0 {
			return
		}
		if !zero {
			buf = append(buf, ' ')
		}
		if before && v > 0 {
			buf = append(buf, '+')
		}
		buf = strconv.AppendInt(buf, v, 10)
		buf = append(buf, ' ')
		buf = append(buf, unit...)
		if v != 1 {
			buf = append(buf, 's')
		}
		before = v < 0
		zero = false
	}
	part(int64(iv.Month/12), "year")
	part(int64(iv.Month%12), "mon")
	part(int64(iv.Day), "day")
	if zero || iv.Time != 0 {
		t := iv.Time
		minus := t < 0
		if !zero {
			buf = append(buf, ' ')
		}
		switch {
		case minus:
			buf = append(buf, '-')
		case before:
			buf = append(buf, '+')
		}
		u := uint64(t)
		if minus {
			u = uint64(-t) // MinInt64 wraps to its own magnitude
		}
		h := u / uint64(USecsPerHour)
		u -= h * uint64(USecsPerHour)
		buf = appendZeroPad(buf, int64(h), 2)
		buf = append(buf, ':')
		m := u / uint64(USecsPerMinute)
		u -= m * uint64(USecsPerMinute)
		buf = appendZeroPad(buf, int64(m), 2)
		buf = append(buf, ':')
		buf = appendSeconds(buf, int64(u))
	}
	return buf
}

// IntervalNeg negates an interval (PG: interval_um).
func IntervalNeg(a Interval) (Interval, error) {
	if a.Time == math.MinInt64 || a.Day == math.MinInt32 || a.Month == math.MinInt32 {
		return Interval{}, errIntervalRange()
	}
	return Interval{Time: -a.Time, Day: -a.Day, Month: -a.Month}, nil
}

// IntervalAdd adds two intervals field by field (PG: interval_pl).
func IntervalAdd(a, b Interval) (Interval, error) {
	m := int64(a.Month) + int64(b.Month)
	d := int64(a.Day) + int64(b.Day)
	t := a.Time + b.Time
	if m > math.MaxInt32 || m < math.MinInt32 || d > math.MaxInt32 || d < math.MinInt32 ||
		(a.Time > 0 && b.Time > 0 && t < 0) || (a.Time < 0 && b.Time < 0 && t >= 0) {
		return Interval{}, errIntervalRange()
	}
	return Interval{Time: t, Day: int32(d), Month: int32(m)}, nil
}

// IntervalMul multiplies an interval by a float, cascading fractional
// months to days and fractional days to time (PG: interval_mul).
func IntervalMul(a Interval, f float64) (Interval, error) {
	return intervalScale(a, func(x float64) float64 { return x * f }, math.IsNaN(f))
}

// IntervalDiv divides an interval by a float as interval_div does: each
// field is divided (not multiplied by the reciprocal), then cascaded.
func IntervalDiv(a Interval, f float64) (Interval, error) {
	if f == 0 {
		return Interval{}, pgerror.New(pgerror.DivisionByZero, "division by zero")
	}
	return intervalScale(a, func(x float64) float64 { return x / f }, math.IsNaN(f))
}

func intervalScale(a Interval, scale func(float64) float64, nan bool) (Interval, error) {
	if nan {
		return Interval{}, errIntervalRange()
	}
	months := scale(float64(a.Month))
	if months > math.MaxInt32 || months < math.MinInt32 {
		return Interval{}, errIntervalRange()
	}
	days := scale(float64(a.Day))
	if days > math.MaxInt32 || days < math.MinInt32 {
		return Interval{}, errIntervalRange()
	}
	rm := int32(months)
	rd := int32(days)
	monthRemainderDays := (months - float64(rm)) * 30
	// Round to microseconds, as PostgreSQL does, before cascading.
	monthRemainderDays = math.Round(monthRemainderDays*1e6) / 1e6
	secRemainder := (days - float64(rd) + monthRemainderDays - math.Trunc(monthRemainderDays)) * float64(USecsPerDay/USecsPerSec)
	secRemainder = math.Round(secRemainder*1e6) / 1e6
	if math.Abs(secRemainder) >= 86400 {
		rd += int32(secRemainder / 86400)
		secRemainder -= math.Trunc(secRemainder/86400) * 86400
	}
	rd += int32(monthRemainderDays)
	t := math.Round(scale(float64(a.Time)) + secRemainder*float64(USecsPerSec))
	if t >= 9.223372036854775807e18 || t < -9.223372036854775808e18 {
		return Interval{}, errIntervalRange()
	}
	return Interval{Time: int64(t), Day: rd, Month: rm}, nil
}

// TimestampPlusInterval adds an interval to a timestamp: months first
// (clamping the day to the month's end), then days, then time (PG:
// timestamp_pl_interval).
func TimestampPlusInterval(t int64, iv Interval) (int64, error) {
	if IsInfTimestamp(t) {
		return t, nil
	}
	if iv.Month != 0 || iv.Day != 0 {
		days, usecs := SplitTimestamp(t)
		y, m, d := J2Date(days + PostgresEpochJDate)
		if iv.Month != 0 {
			m += int64(iv.Month)
			if m > 12 {
				y += (m - 1) / 12
				m = (m-1)%12 + 1
			} else if m < 1 {
				y += m/12 - 1
				m = m%12 + 12
			}
			if dim := daysInMonth(y, m); d > dim {
				d = dim
			}
			if !isValidJulian(y, m) {
				return 0, errTimestampRange()
			}
		}
		jd := Date2J(y, m, d) + int64(iv.Day)
		var err error
		if t, err = TimestampFromParts(jd-PostgresEpochJDate, usecs); err != nil {
			return 0, err
		}
	}
	r := t + iv.Time
	if (iv.Time > 0 && r < t) || (iv.Time < 0 && r > t) || !IsValidTimestamp(r) {
		return 0, errTimestampRange()
	}
	return r, nil
}

// TimestampMinus returns a - b as an interval of days and time, with the
// time kept under a day (PG: timestamp_mi with interval_justify_hours).
func TimestampMinus(a, b int64) (Interval, error) {
	if IsInfTimestamp(a) || IsInfTimestamp(b) {
		return Interval{}, pgerror.New(pgerror.DatetimeFieldOverflow, "cannot subtract infinite timestamps")
	}
	d := a - b
	if (b < 0 && d < a) || (b > 0 && d > a) {
		return Interval{}, errIntervalRange()
	}
	days := d / USecsPerDay
	return Interval{Time: d - days*USecsPerDay, Day: int32(days)}, nil
}

// intervalTypmodText is format_type's suffix for an interval typmod:
// " day", " year to month", "(3)", " hour to second(2)".
func intervalTypmodText(typmod int32) string {
	fields := map[int]string{
		IntervalYear: " year", IntervalMonth: " month", IntervalDay: " day", IntervalHour: " hour",
		IntervalMinute: " minute", IntervalSecond: " second",
		IntervalYear | IntervalMonth: " year to month", IntervalDay | IntervalHour: " day to hour",
		IntervalDay | IntervalHour | IntervalMinute:                  " day to minute",
		IntervalDay | IntervalHour | IntervalMinute | IntervalSecond: " day to second",
		IntervalHour | IntervalMinute:                                " hour to minute", IntervalHour | IntervalMinute | IntervalSecond: " hour to second",
		IntervalMinute | IntervalSecond: " minute to second",
	}
	s := fields[intervalRange(typmod)]
	if p := int(typmod) & 0xFFFF; p != IntervalFullPrecision {
		s += "(" + strconv.Itoa(p) + ")"
	}
	return s
}
