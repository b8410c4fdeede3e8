// This file holds time (without time zone): microseconds since midnight,
// 00:00:00 to 24:00:00 inclusive (PG: utils/adt/date.c's time_in,
// time_out, time arithmetic).

package types

import (
	"encoding/binary"

	"github.com/loomdb/loomdb/internal/pgerror"
)

// TimeOid is the OID of type time.
const TimeOid Oid = 1083

// TTime is time without time zone.
var TTime = T{TimeOid, -1}

// InTime parses time input as time_in does: a time of day with optional
// fraction, AM/PM, and an ignored date or zone; 24:00:00 is allowed.
func InTime(s string) (int64, error) {
	fields, derr := parseDateTime(s)
	if derr != dtOK {
		return 0, dateTimeParseError(derr, s, "time", "")
	}
	dt, derr := decodeDateTime(fields)
	if derr == dtErrBadFormat {
		// A time alone: give the decoder a date to go with it.
		withDate := append([]dtField{{s: "2000-01-01", typ: ftDate}}, fields...)
		dt, derr = decodeDateTime(withDate)
	}
	if derr != dtOK {
		return 0, dateTimeParseError(derr, s, "time", dt.tzName)
	}
	if dt.dtype != dtkDate {
		return 0, dateTimeParseError(dtErrBadFormat, s, "time", "")
	}
	t := ((dt.hour*60+dt.min)*60+dt.sec)*USecsPerSec + dt.fsec
	if t < 0 || t > USecsPerDay {
		return 0, pgerror.Newf(pgerror.DatetimeFieldOverflow, "date/time field value out of range: \"%s\"", s)
	}
	return t, nil
}

// AppendTime appends time_out's text: HH:MM:SS with the fraction trimmed.
func AppendTime(buf []byte, t int64) []byte { return appendTimeOfDay(buf, t) }

// ApplyTimeTypmod rounds a time to typmod fractional digits (PG:
// AdjustTimeForTypmod).
func ApplyTimeTypmod(t int64, typmod int32) int64 {
	if typmod < 0 || typmod >= 6 {
		return t
	}
	scale := int64(1)
	for range 6 - typmod {
		scale *= 10
	}
	return (t + scale/2) / scale * scale
}

// recvTime decodes time's binary form, int64 microseconds.
func recvTime(b []byte) (Datum, error) {
	if err := fixedLen(b, 8); err != nil {
		return nil, err
	}
	t := int64(binary.BigEndian.Uint64(b))
	if t < 0 || t > USecsPerDay {
		return nil, pgerror.New(pgerror.DatetimeFieldOverflow, "time out of range")
	}
	return t, nil
}
