// This file holds timestamp with time zone: an instant as microseconds since
// 2000-01-01 00:00:00 UTC, read and printed in the session's TimeZone (PG:
// utils/adt/timestamp.c, datetime.c's DetermineTimeZoneOffset). Every
// conversion between an instant and a wall-clock time takes the zone as a
// *time.Location, since the zone is a session setting, not a value's.

package types

import (
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // a fallback when the machine has no zoneinfo files

	"github.com/loomdb/loomdb/internal/pgerror"
)

// TimestamptzOid is the OID of timestamp with time zone.
const TimestamptzOid Oid = 1184

// TTimestamptz is timestamp with time zone.
var TTimestamptz = T{TimestamptzOid, -1}

// pgEpochUnix is 2000-01-01 00:00:00 UTC in Unix seconds.
const pgEpochUnix = (PostgresEpochJDate - UnixEpochJDate) * 86400

var zoneCache sync.Map // lower-cased name -> *time.Location

// LoadZone finds a time zone of the time zone database by name, ignoring
// case as pg_tzset does, and returns it with its canonical name.
func LoadZone(name string) (*time.Location, string, bool) {
	key := strings.ToLower(name)
	if key == "" || key == "local" || name[0] == ':' || strings.Contains(name, "..") {
		return nil, "", false
	}
	if key == "utc" || key == "etc/utc" || key == "gmt" || key == "zulu" || key == "z" {
		// time.UTC names itself "UTC"; PG keeps the zone's own name but
		// prints the same offsets.
		return time.UTC, canonicalUTCName(name), true
	}
	if l, ok := zoneCache.Load(key); ok {
		loc := l.(*time.Location)
		return loc, loc.String(), true
	}
	for _, c := range []string{name, strings.ToUpper(name), titleZone(key)} {
		if loc, err := time.LoadLocation(c); err == nil {
			zoneCache.Store(key, loc)
			return loc, loc.String(), true
		}
	}
	return nil, "", false
}

func canonicalUTCName(name string) string {
	switch strings.ToLower(name) {
	case "etc/utc":
		return "Etc/UTC"
	case "gmt":
		return "GMT"
	case "zulu":
		return "Zulu"
	}
	return "UTC"
}

// TimestampToUnix splits a finite timestamp into Unix seconds and the
// microseconds within the second.
func timestampToUnix(t int64) (secs, usec int64) {
	secs = floorDiv(t, USecsPerSec)
	return secs + pgEpochUnix, t - secs*USecsPerSec
}

// TimestamptzFromTime converts a clock reading to a timestamptz.
func TimestamptzFromTime(t time.Time) int64 {
	return (t.Unix()-pgEpochUnix)*USecsPerSec + int64(t.Nanosecond()/1000)
}

// ZoneOffset returns the UTC offset, in seconds east of Greenwich, that loc
// has at the finite instant t.
func ZoneOffset(t int64, loc *time.Location) int {
	if loc == nil || loc == time.UTC {
		return 0
	}
	secs, _ := timestampToUnix(t)
	_, off := time.Unix(secs, 0).In(loc).Zone()
	return off
}

// LocalToTimestamptz returns the instant at which the wall clock of loc
// shows local (a timestamp without time zone), choosing as PostgreSQL's
// DetermineTimeZoneOffset does: in a spring-forward gap the offset before
// the transition, in a fall-back overlap the offset after it.
func LocalToTimestamptz(local int64, loc *time.Location) (int64, error) {
	if IsInfTimestamp(local) {
		return local, nil
	}
	off := localOffset(local, loc)
	r := local - int64(off)*USecsPerSec
	if !IsValidTimestamp(r) {
		return 0, errTimestampRange()
	}
	return r, nil
}

// localOffset returns the offset to subtract from the wall-clock time local
// to get its instant in loc.
func localOffset(local int64, loc *time.Location) int {
	if loc == nil || loc == time.UTC {
		return 0
	}
	lsecs, _ := timestampToUnix(local)
	// Walk the zone's periods from two days before; a wall-clock time
	// belongs to the period whose offset maps it inside that period.
	t := time.Unix(lsecs-2*86400, 0).In(loc)
	for range 16 {
		_, before := t.Zone()
		_, end := t.ZoneBounds()
		if end.IsZero() {
			return before
		}
		_, after := end.Zone()
		b := end.Unix()
		bt, at := lsecs-int64(before), lsecs-int64(after)
		switch {
		case bt < b && at < b:
			return before
		case bt >= b && at >= b:
			t = end
			continue
		case bt > at:
			return before
		default:
			return after
		}
	}
	_, off := time.Unix(lsecs, 0).In(loc).Zone()
	return off
}

// TimestamptzToLocal returns the wall-clock time of loc at instant t.
func TimestamptzToLocal(t int64, loc *time.Location) (int64, error) {
	if IsInfTimestamp(t) {
		return t, nil
	}
	r := t + int64(ZoneOffset(t, loc))*USecsPerSec
	if !IsValidTimestamp(r) {
		return 0, errTimestampRange()
	}
	return r, nil
}

// InTimestamptz parses timestamptz input as timestamptz_in does: a time
// zone in the text (an offset, an abbreviation or a zone name) fixes the
// instant, otherwise the wall-clock time is read in loc.
func InTimestamptz(s string, loc *time.Location) (int64, error) {
	fields, derr := parseDateTime(s)
	var dt dateTimeResult
	if derr == dtOK {
		dt, derr = decodeDateTime(fields)
	}
	if derr != dtOK {
		return 0, dateTimeParseError(derr, s, "timestamp with time zone", dt.tzName)
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
		return 0, dateTimeParseError(dtErrBadFormat, s, "timestamp with time zone", "")
	}
	rangeErr := pgerror.Newf(pgerror.DatetimeFieldOverflow, "timestamp out of range: \"%s\"", s)
	if !isValidJulian(dt.year, dt.mon) {
		return 0, rangeErr
	}
	d := Date2J(dt.year, dt.mon, dt.mday) - PostgresEpochJDate
	local, err := TimestampFromParts(d, ((dt.hour*60+dt.min)*60+dt.sec)*USecsPerSec+dt.fsec)
	if err != nil {
		return 0, rangeErr
	}
	var r int64
	switch {
	case dt.zoneName != "":
		zl, _, ok := LoadZone(dt.zoneName)
		if !ok {
			return 0, pgerror.Unsupported("time zone \"%s\" is not supported", dt.zoneName)
		}
		r, err = LocalToTimestamptz(local, zl)
	case dt.haveTZ:
		r = local + dt.tz*USecsPerSec
		if !IsValidTimestamp(r) {
			err = rangeErr
		}
	default:
		r, err = LocalToTimestamptz(local, loc)
	}
	if err != nil {
		return 0, rangeErr
	}
	return r, nil
}

// AppendTimestamptz appends timestamptz_out's ISO text of t in loc:
// the wall-clock time followed by the offset, +hh, +hh:mm or +hh:mm:ss.
func AppendTimestamptz(buf []byte, t int64, loc *time.Location) []byte {
	if IsInfTimestamp(t) {
		return AppendTimestamp(buf, t)
	}
	off := ZoneOffset(t, loc)
	local := t + int64(off)*USecsPerSec
	days, usecs := SplitTimestamp(local)
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
	buf = AppendZoneOffset(buf, off)
	if bc {
		buf = append(buf, " BC"...)
	}
	return buf
}

// AppendZoneOffset appends a UTC offset in seconds east as PostgreSQL's
// EncodeTimezone prints it: +hh, then :mm and :ss only when not zero.
func AppendZoneOffset(buf []byte, off int) []byte {
	sign := byte('+')
	if off < 0 {
		sign, off = '-', -off
	}
	buf = append(buf, sign)
	buf = appendZeroPad(buf, int64(off/3600), 2)
	if mn, sec := off/60%60, off%60; mn != 0 || sec != 0 {
		buf = append(buf, ':')
		buf = appendZeroPad(buf, int64(mn), 2)
		if sec != 0 {
			buf = append(buf, ':')
			buf = appendZeroPad(buf, int64(sec), 2)
		}
	}
	return buf
}

// TimestamptzPlusInterval adds an interval to an instant as
// timestamptz_pl_interval does: months and days move the wall clock of loc
// (so a day across a DST change is 23 or 25 hours), the time part is
// absolute.
func TimestamptzPlusInterval(t int64, iv Interval, loc *time.Location) (int64, error) {
	if IsInfTimestamp(t) {
		return t, nil
	}
	if iv.Month != 0 || iv.Day != 0 {
		local, err := TimestamptzToLocal(t, loc)
		if err != nil {
			return 0, err
		}
		local, err = TimestampPlusInterval(local, Interval{Month: iv.Month, Day: iv.Day})
		if err != nil {
			return 0, err
		}
		if t, err = LocalToTimestamptz(local, loc); err != nil {
			return 0, err
		}
	}
	return TimestampPlusInterval(t, Interval{Time: iv.Time})
}

// ZoneByName resolves the zone argument of AT TIME ZONE and timezone(): a
// time zone abbreviation (a fixed offset), then a zone of the database.
// Offsets are returned in seconds east of Greenwich.
func ZoneByName(name string) (loc *time.Location, fixed int, isFixed bool, err error) {
	if z, ok := tzAbbrevs[strings.ToLower(name)]; ok {
		return nil, z.off, true, nil
	}
	if l, _, ok := LoadZone(name); ok {
		return l, 0, false, nil
	}
	return nil, 0, false, pgerror.Newf(pgerror.InvalidParameterValue, "time zone \"%s\" not recognized", name)
}

// IsPosixZone reports whether s is a POSIX time zone specification such as
// "EST5EDT" or "UTC+3", which PostgreSQL accepts as a TimeZone.
func IsPosixZone(s string) bool { return posixZone(strings.ToLower(s)) }

// CastReadsZone reports whether converting from one type to another reads
// the session's TimeZone, which makes the cast STABLE rather than
// IMMUTABLE: timestamptz to or from any other type.
func CastReadsZone(from, to Oid) bool {
	return from != to && (from == TimestamptzOid || to == TimestamptzOid)
}
