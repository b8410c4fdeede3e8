// This file holds timestamp (without time zone): microseconds since
// 2000-01-01 00:00:00, with PostgreSQL's input, output, range and the
// infinities (PG: utils/adt/timestamp.c).

package types

import (
	"math"

	"github.com/loomdb/loomdb/internal/pgerror"
)

// Microseconds per unit.
const (
	USecsPerSec    int64 = 1000000
	USecsPerMinute       = 60 * USecsPerSec
	USecsPerHour         = 60 * USecsPerMinute
	USecsPerDay          = 24 * USecsPerHour
)

// TimestampNoBegin and TimestampNoEnd are -infinity and infinity.
const (
	TimestampNoBegin int64 = math.MinInt64
	TimestampNoEnd   int64 = math.MaxInt64
)

// Timestamp limits: 4714-11-24 00:00:00 BC and 294277-01-01 00:00:00
// (exclusive), as microseconds since 2000-01-01 (PG: MIN_TIMESTAMP,
// END_TIMESTAMP).
const (
	minTimestamp int64 = -211813488000000000
	endTimestamp int64 = 9223371331200000000
)

// IsValidTimestamp reports whether t is a finite timestamp in range.
func IsValidTimestamp(t int64) bool { return t >= minTimestamp && t < endTimestamp }

// IsInfTimestamp reports whether t is infinity or -infinity.
func IsInfTimestamp(t int64) bool { return t == TimestampNoBegin || t == TimestampNoEnd }

func errTimestampRange() error {
	return pgerror.New(pgerror.DatetimeFieldOverflow, "timestamp out of range")
}

// TimestampFromParts builds a timestamp from a date (days since 2000-01-01)
// and a time of day in microseconds, checking the range.
func TimestampFromParts(days, usecs int64) (int64, error) {
	if days > math.MaxInt64/USecsPerDay || days < math.MinInt64/USecsPerDay {
		return 0, errTimestampRange()
	}
	t := days*USecsPerDay + usecs
	if !IsValidTimestamp(t) {
		return 0, errTimestampRange()
	}
	return t, nil
}

// DateToTimestamp converts a date to the timestamp of its midnight (PG:
// date2timestamp).
func DateToTimestamp(d int64) (int64, error) {
	switch d {
	case DateNoBegin:
		return TimestampNoBegin, nil
	case DateNoEnd:
		return TimestampNoEnd, nil
	}
	// Dates past the timestamp range (after 294276 AD) are refused.
	if d >= (endTimestamp / USecsPerDay) {
		return 0, pgerror.New(pgerror.DatetimeFieldOverflow, "date out of range for timestamp")
	}
	return d * USecsPerDay, nil
}

// TimestampToDate returns the date of a timestamp (PG: timestamp_date).
func TimestampToDate(t int64) (int64, error) {
	switch t {
	case TimestampNoBegin:
		return DateNoBegin, nil
	case TimestampNoEnd:
		return DateNoEnd, nil
	}
	return floorDiv(t, USecsPerDay), nil
}

// SplitTimestamp returns a finite timestamp's date (days since 2000-01-01)
// and time of day in microseconds.
func SplitTimestamp(t int64) (days, usecs int64) {
	days = floorDiv(t, USecsPerDay)
	return days, t - days*USecsPerDay
}

// InTimestamp parses timestamp input as timestamp_in does: any date input
// date_in takes, with an optional time of day; a time zone, if given, is
// checked and ignored.
func InTimestamp(s string) (int64, error) {
	fields, derr := parseDateTime(s)
	var dt dateTimeResult
	if derr == dtOK {
		dt, derr = decodeDateTime(fields)
	}
	if derr != dtOK {
		return 0, dateTimeParseError(derr, s, "timestamp", dt.tzName)
	}
	switch dt.dtype {
	case dtkDate:
	case dtkEpoch:
		return (UnixEpochJDate - PostgresEpochJDate) * USecsPerDay, nil
	case dtkLate:
		return TimestampNoEnd, nil
	case dtkEarly:
		return TimestampNoBegin, nil
	default:
		return 0, dateTimeParseError(dtErrBadFormat, s, "timestamp", "")
	}
	if !isValidJulian(dt.year, dt.mon) {
		return 0, pgerror.Newf(pgerror.DatetimeFieldOverflow, "timestamp out of range: \"%s\"", s)
	}
	d := Date2J(dt.year, dt.mon, dt.mday) - PostgresEpochJDate
	t, err := TimestampFromParts(d, ((dt.hour*60+dt.min)*60+dt.sec)*USecsPerSec+dt.fsec)
	if err != nil {
		return 0, pgerror.Newf(pgerror.DatetimeFieldOverflow, "timestamp out of range: \"%s\"", s)
	}
	return t, nil
}

// OutTimestamp returns a timestamp's text as PostgreSQL prints it with
// DateStyle ISO.
func OutTimestamp(t int64) string { return string(AppendTimestamp(nil, t)) }

// AppendTimestamp appends OutTimestamp's text to buf.
func AppendTimestamp(buf []byte, t int64) []byte {
	switch t {
	case TimestampNoBegin:
		return append(buf, "-infinity"...)
	case TimestampNoEnd:
		return append(buf, "infinity"...)
	}
	days, usecs := SplitTimestamp(t)
	y, m, d := J2Date(days + PostgresEpochJDate)
	bc := y <= 0
	if bc {
		y = -(y - 1)
	}
	buf = appendZeroPad(buf, y, 4)
	buf = append(buf, '-')
	buf = appendZeroPad(buf, m, 2)
	buf = append(buf, '-')
	buf = appendZeroPad(buf, d, 2)
	buf = append(buf, ' ')
	buf = appendTimeOfDay(buf, usecs)
	if bc {
		buf = append(buf, " BC"...)
	}
	return buf
}

// appendTimeOfDay appends HH:MM:SS with the fraction, trailing zeros
// trimmed, for a non-negative time in microseconds (hours may exceed 23).
func appendTimeOfDay(buf []byte, usecs int64) []byte {
	h := usecs / USecsPerHour
	usecs -= h * USecsPerHour
	mi := usecs / USecsPerMinute
	usecs -= mi * USecsPerMinute
	buf = appendZeroPad(buf, h, 2)
	buf = append(buf, ':')
	buf = appendZeroPad(buf, mi, 2)
	buf = append(buf, ':')
	return appendSeconds(buf, usecs)
}

// appendSeconds appends SS[.ffffff] with trailing fraction zeros trimmed.
func appendSeconds(buf []byte, usecs int64) []byte {
	buf = appendZeroPad(buf, usecs/USecsPerSec, 2)
	if f := usecs % USecsPerSec; f != 0 {
		buf = append(buf, '.')
		digits := appendZeroPad(nil, f, 6)
		for digits[len(digits)-1] == '0' {
			digits = digits[:len(digits)-1]
		}
		buf = append(buf, digits...)
	}
	return buf
}

// ApplyTimestampTypmod rounds a timestamp to typmod fractional-second
// digits (PG: AdjustTimestampForTypmod).
func ApplyTimestampTypmod(t int64, typmod int32) (int64, error) {
	if IsInfTimestamp(t) || typmod < 0 || typmod >= 6 {
		return t, nil
	}
	scale := int64(1)
	for range 6 - typmod {
		scale *= 10
	}
	if t >= 0 {
		t = (t + scale/2) / scale * scale
	} else {
		t = -((-t + scale/2) / scale * scale)
	}
	if !IsValidTimestamp(t) {
		return 0, errTimestampRange()
	}
	return t, nil
}
