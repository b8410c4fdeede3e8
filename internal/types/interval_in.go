// This file holds interval input as PostgreSQL 15's interval_in reads it:
// the string is split into fields (ParseDateTime), decoded right to left
// as number-unit pairs, times of day, SQL-standard 'Y-M' and 'D H:M:S'
// forms (DecodeInterval), and when that finds a bad format, read again as
// ISO 8601 with designators ('P1Y2M3DT4H') or in the alternative format
// ('P0001-02-03T04:05:06') (DecodeISO8601Interval); then the typmod's
// field range and fractional-second precision are applied
// (AdjustIntervalForTypmod).

package types

import (
	"math"
	"strconv"
	"strings"

	"github.com/loomdb/loomdb/internal/pgerror"
)

// Interval units and the bits that record which were given (PG: DTK_*,
// DTK_M).
const (
	iuNone = iota
	iuMicrosec
	iuMillisec
	iuSecond
	iuMinute
	iuHour
	iuDay
	iuWeek
	iuMonth
	iuYear
	iuDecade
	iuCentury
	iuMillennium
	iuUnsupported // a unit word interval input refuses (quarter, timezone)
	iuAgo
)

const (
	ivTimeMask    = 1<<iuHour | 1<<iuMinute | ivAllSecsMask
	ivAllSecsMask = 1<<iuSecond | 1<<iuMillisec | 1<<iuMicrosec
)

// intervalUnitWords are the words of interval input (PG: deltatktbl),
// matched on their first ten letters.
var intervalUnitWords = map[string]int{
	"ago": iuAgo,
	"c":   iuCentury, "cent": iuCentury, "centuries": iuCentury, "century": iuCentury,
	"d": iuDay, "day": iuDay, "days": iuDay,
	"dec": iuDecade, "decade": iuDecade, "decades": iuDecade, "decs": iuDecade,
	"h": iuHour, "hour": iuHour, "hours": iuHour, "hr": iuHour, "hrs": iuHour,
	"m": iuMinute, "min": iuMinute, "mins": iuMinute, "minute": iuMinute, "minutes": iuMinute,
	"microsecon": iuMicrosec, "us": iuMicrosec, "usec": iuMicrosec, "usecond": iuMicrosec, "useconds": iuMicrosec, "usecs": iuMicrosec,
	"mil": iuMillennium, "millennia": iuMillennium, "millennium": iuMillennium, "mils": iuMillennium,
	"millisecon": iuMillisec, "ms": iuMillisec, "msec": iuMillisec, "msecond": iuMillisec, "mseconds": iuMillisec, "msecs": iuMillisec,
	"mon": iuMonth, "mons": iuMonth, "month": iuMonth, "months": iuMonth,
	"qtr": iuUnsupported, "quarter": iuUnsupported,
	"s": iuSecond, "sec": iuSecond, "second": iuSecond, "seconds": iuSecond, "secs": iuSecond,
	"timezone": iuUnsupported, "timezone_h": iuUnsupported, "timezone_m": iuUnsupported,
	"w": iuWeek, "week": iuWeek, "weeks": iuWeek,
	"y": iuYear, "year": iuYear, "years": iuYear, "yr": iuYear, "yrs": iuYear,
}

// truncToken cuts a word to the ten letters the token tables compare.
func truncToken(w string) string {
	if len(w) > 10 {
		return w[:10]
	}
	return w
}

// itmIn is an interval being decoded (PG: struct pg_itm_in).
type itmIn struct {
	usec             int64
	day, month, year int32
}

func addInt64(a *int64, v int64) bool {
	r := *a + v
	if (v > 0 && r < *a) || (v < 0 && r > *a) {
		return false
	}
	*a = r
	return true
}

func mulAddInt64(v, scale int64, sum *int64) bool {
	if v != 0 && scale != 0 {
		p := v * scale
		if p/scale != v || (v == -1 && scale == math.MinInt64) || (scale == -1 && v == math.MinInt64) {
			return false
		}
		return addInt64(sum, p)
	}
	return true
}

func addInt32(a *int32, v int64) bool {
	r := int64(*a) + v
	if r > math.MaxInt32 || r < math.MinInt32 {
		return false
	}
	*a = int32(r)
	return true
}

// adjustFractMicroseconds adds frac (|frac| < 1) times scale microseconds.
func (t *itmIn) adjustFractMicroseconds(frac float64, scale int64) bool {
	if frac == 0 {
		return true
	}
	frac *= float64(scale)
	usec := int64(frac)
	frac -= float64(usec)
	usec += int64(math.RoundToEven(frac))
	return addInt64(&t.usec, usec)
}

func (t *itmIn) adjustFractDays(frac float64, scale int) bool {
	if frac == 0 {
		return true
	}
	frac *= float64(scale)
	extra := int64(frac)
	if !addInt32(&t.day, extra) {
		return false
	}
	frac -= float64(extra)
	return t.adjustFractMicroseconds(frac, USecsPerDay)
}

func (t *itmIn) adjustFractYears(frac float64, scale int) bool {
	extra := int64(math.RoundToEven(frac * float64(scale) * 12))
	return addInt32(&t.month, extra)
}

func (t *itmIn) adjustMicroseconds(val int64, frac float64, scale int64) bool {
	if !mulAddInt64(val, scale, &t.usec) {
		return false
	}
	return t.adjustFractMicroseconds(frac, scale)
}

func (t *itmIn) adjustDays(val int64, scale int64) bool {
	if val < math.MinInt32 || val > math.MaxInt32 {
		return false
	}
	d := val * scale
	if d < math.MinInt32 || d > math.MaxInt32 {
		return false
	}
	return addInt32(&t.day, d)
}

func (t *itmIn) adjustMonths(val int64) bool {
	if val < math.MinInt32 || val > math.MaxInt32 {
		return false
	}
	return addInt32(&t.month, val)
}

func (t *itmIn) adjustYears(val int64, scale int64) bool {
	if val < math.MinInt32 || val > math.MaxInt32 {
		return false
	}
	y := val * scale
	if y < math.MinInt32 || y > math.MaxInt32 {
		return false
	}
	return addInt32(&t.year, y)
}

// InInterval parses interval input as interval_in does (IntervalStyle
// postgres), then applies typmod's field range and precision.
func InInterval(s string, typmod int32) (Interval, error) {
	var t itmIn
	fields, derr := parseDateTime(s)
	if derr == dtOK {
		derr = decodeInterval(fields, intervalRange(typmod), &t)
	}
	if derr == dtErrBadFormat {
		t = itmIn{}
		derr = decodeISO8601Interval(s, &t)
	}
	switch derr {
	case dtErrBadFormat:
		return Interval{}, pgerror.Newf(pgerror.InvalidDatetimeFormat, "invalid input syntax for type interval: \"%s\"", s)
	case dtErrFieldOverflow:
		return Interval{}, pgerror.Newf("22015", "interval field value out of range: \"%s\"", s)
	}
	months := int64(t.year)*12 + int64(t.month)
	if months > math.MaxInt32 || months < math.MinInt32 {
		return Interval{}, pgerror.New(pgerror.DatetimeFieldOverflow, "interval out of range")
	}
	return ApplyIntervalTypmod(Interval{Time: t.usec, Day: t.day, Month: int32(months)}, typmod), nil
}

// parseSignedInt reads a leading optionally signed decimal integer as
// strtol does; it returns the rest and false on overflow.
func parseSignedInt(s string) (int64, string, bool) {
	i := 0
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	start := i
	var v uint64
	over := false
	for i < len(s) && isDigit(s[i]) {
		d := uint64(s[i] - '0')
		if v > (math.MaxUint64-d)/10 {
			over = true
		} else {
			v = v*10 + d
		}
		i++
	}
	if i == start {
		return 0, s, true
	}
	if over || (!neg && v > math.MaxInt64) || (neg && v > 1<<63) {
		return 0, s[i:], false
	}
	if neg {
		return -int64(v), s[i:], true
	}
	return int64(v), s[i:], true
}

// parseFraction reads a '.'-led fraction that must end the field (PG:
// ParseFraction).
func parseFraction(s string) (float64, dtErr) {
	if s == "." {
		return 0, dtOK
	}
	f, rest, ok := strtod(s)
	if !ok || rest != "" || math.IsInf(f, 0) {
		return 0, dtErrBadFormat
	}
	return f, dtOK
}

// decodeTimeForInterval reads h:m[:s[.f]] or m:s.f into microseconds (PG:
// DecodeTime and DecodeTimeForInterval).
func decodeTimeForInterval(s string, rng int) (int64, dtErr) {
	hour, rest, ok := parseSignedInt(s)
	if !ok {
		return 0, dtErrFieldOverflow
	}
	if rest == "" || rest[0] != ':' {
		return 0, dtErrBadFormat
	}
	min, rest, ok := parseSignedInt(rest[1:])
	if !ok || min > math.MaxInt32 || min < math.MinInt32 {
		return 0, dtErrFieldOverflow
	}
	var sec, fsec int64
	switch {
	case rest == "":
		if rng == IntervalMinute|IntervalSecond {
			if hour > math.MaxInt32 || hour < math.MinInt32 {
				return 0, dtErrFieldOverflow
			}
			sec, min, hour = min, hour, 0
		}
	case rest[0] == '.':
		f, e := parseFraction(rest)
		if e != dtOK {
			return 0, e
		}
		fsec = int64(math.RoundToEven(f * 1e6))
		if hour > math.MaxInt32 || hour < math.MinInt32 {
			return 0, dtErrFieldOverflow
		}
		sec, min, hour = min, hour, 0
	case rest[0] == ':':
		sec, rest, ok = parseSignedInt(rest[1:])
		if !ok || sec > math.MaxInt32 || sec < math.MinInt32 {
			return 0, dtErrFieldOverflow
		}
		if rest != "" {
			if rest[0] != '.' {
				return 0, dtErrBadFormat
			}
			f, e := parseFraction(rest)
			if e != dtOK {
				return 0, e
			}
			fsec = int64(math.RoundToEven(f * 1e6))
		}
	default:
		return 0, dtErrBadFormat
	}
	if hour < 0 || min < 0 || min > 59 || sec < 0 || sec > 60 || fsec < 0 || fsec > USecsPerSec {
		return 0, dtErrFieldOverflow
	}
	usec := fsec
	if !mulAddInt64(hour, USecsPerHour, &usec) || !mulAddInt64(min, USecsPerMinute, &usec) || !mulAddInt64(sec, USecsPerSec, &usec) {
		return 0, dtErrFieldOverflow
	}
	return usec, dtOK
}

// decodeInterval decodes split interval input right to left, so that each
// unit word is seen before its number (PG: DecodeInterval, IntervalStyle
// postgres).
func decodeInterval(fields []dtField, rng int, t *itmIn) dtErr {
	fmask := 0
	typ := iuNone
	typeSet := false
	isBefore := false
	for i := len(fields) - 1; i >= 0; i-- {
		f := fields[i]
		tmask := 0
		switch f.typ {
		case ftTime, ftTZ:
			if f.typ == ftTime || (strings.Contains(f.s[1:], ":") && timeFieldOK(f.s[1:], rng)) {
				body := f.s
				if f.typ == ftTZ {
					body = f.s[1:]
				}
				usec, e := decodeTimeForInterval(body, rng)
				if e != dtOK {
					return e
				}
				if f.typ == ftTZ && f.s[0] == '-' {
					usec = -usec
				}
				t.usec = usec
				tmask = ivTimeMask
				typ, typeSet = iuDay, true
				break
			}
			fallthrough
		case ftDate, ftNumber:
			if !typeSet {
				typ, typeSet = bareIntervalUnit(rng), true
			}
			val, rest, ok := parseSignedInt(f.s)
			if !ok {
				return dtErrFieldOverflow
			}
			if rest == f.s {
				// No digits: strtol reads zero and stops at the start.
				val = 0
			}
			var fval float64
			switch {
			case rest != "" && rest[0] == '-':
				v2, rest2, ok := parseSignedInt(rest[1:])
				if rest2 == rest[1:] {
					v2 = 0
				}
				if !ok || v2 < 0 || v2 >= 12 {
					return dtErrFieldOverflow
				}
				if rest2 != "" {
					return dtErrBadFormat
				}
				typ = iuMonth
				if f.s[0] == '-' {
					v2 = -v2
				}
				m := int64(0)
				if !mulAddInt64(val, 12, &m) || !addInt64(&m, v2) {
					return dtErrFieldOverflow
				}
				val = m
			case rest != "" && rest[0] == '.':
				fr, e := parseFraction(rest)
				if e != dtOK {
					return e
				}
				fval = fr
				if f.s[0] == '-' {
					fval = -fval
				}
			case rest == "":
			default:
				return dtErrBadFormat
			}
			switch typ {
			case iuMicrosec:
				if !t.adjustMicroseconds(val, fval, 1) {
					return dtErrFieldOverflow
				}
			case iuMillisec:
				if !t.adjustMicroseconds(val, fval, 1000) {
					return dtErrFieldOverflow
				}
			case iuSecond:
				if !t.adjustMicroseconds(val, fval, USecsPerSec) {
					return dtErrFieldOverflow
				}
				if fval == 0 {
					tmask = 1 << iuSecond
				} else {
					tmask = ivAllSecsMask
				}
			case iuMinute:
				if !t.adjustMicroseconds(val, fval, USecsPerMinute) {
					return dtErrFieldOverflow
				}
			case iuHour:
				if !t.adjustMicroseconds(val, fval, USecsPerHour) {
					return dtErrFieldOverflow
				}
			case iuDay:
				if !t.adjustDays(val, 1) || !t.adjustFractMicroseconds(fval, USecsPerDay) {
					return dtErrFieldOverflow
				}
			case iuWeek:
				if !t.adjustDays(val, 7) || !t.adjustFractDays(fval, 7) {
					return dtErrFieldOverflow
				}
			case iuMonth:
				if !t.adjustMonths(val) || !t.adjustFractDays(fval, 30) {
					return dtErrFieldOverflow
				}
			case iuYear, iuDecade, iuCentury, iuMillennium:
				scale := map[int]int64{iuYear: 1, iuDecade: 10, iuCentury: 100, iuMillennium: 1000}[typ]
				if !t.adjustYears(val, scale) || !t.adjustFractYears(fval, int(scale)) {
					return dtErrFieldOverflow
				}
			default:
				return dtErrBadFormat
			}
			if tmask == 0 {
				tmask = 1 << typ
			}
			if typ == iuHour {
				typ = iuDay
			}
		case ftString, ftSpecial:
			u, ok := intervalUnitWords[truncToken(f.s)]
			if !ok {
				return dtErrBadFormat
			}
			if u == iuAgo {
				if i != len(fields)-1 {
					return dtErrBadFormat
				}
				isBefore = true
				typ, typeSet = iuUnsupported, true
				break
			}
			typ, typeSet = u, true
		default:
			return dtErrBadFormat
		}
		if tmask&fmask != 0 {
			return dtErrBadFormat
		}
		fmask |= tmask
	}
	if fmask == 0 {
		return dtErrBadFormat
	}
	if isBefore {
		if t.usec == math.MinInt64 || t.day == math.MinInt32 || t.month == math.MinInt32 || t.year == math.MinInt32 {
			return dtErrFieldOverflow
		}
		t.usec, t.day, t.month, t.year = -t.usec, -t.day, -t.month, -t.year
	}
	return dtOK
}

// timeFieldOK reports whether a signed field's body reads as a time.
func timeFieldOK(body string, rng int) bool {
	_, e := decodeTimeForInterval(body, rng)
	return e == dtOK
}

// bareIntervalUnit is the unit of the rightmost number written without
// one: the lowest field of the typmod's range, seconds when none.
func bareIntervalUnit(rng int) int {
	switch rng {
	case IntervalYear:
		return iuYear
	case IntervalMonth, IntervalYear | IntervalMonth:
		return iuMonth
	case IntervalDay:
		return iuDay
	case IntervalHour, IntervalDay | IntervalHour:
		return iuHour
	case IntervalMinute, IntervalHour | IntervalMinute, IntervalDay | IntervalHour | IntervalMinute:
		return iuMinute
	}
	return iuSecond
}

// strtod reads a leading floating-point number as C's strtod does; ok is
// false when nothing was read.
func strtod(s string) (float64, string, bool) {
	num, rest, val, special, ok := scanFloat(s)
	if !ok {
		return 0, s, false
	}
	if special {
		return val, rest, true
	}
	v, err := strconv.ParseFloat(num.text, 64)
	if err != nil && !isRangeErr(err) {
		return 0, s, false
	}
	return v, rest, true
}

// parseISO8601Number reads a number of an ISO 8601 interval into its
// integer part and fraction (PG: ParseISO8601Number).
func parseISO8601Number(s string) (int64, float64, string, dtErr) {
	if s == "" || !(isDigit(s[0]) || s[0] == '-' || s[0] == '.') {
		return 0, 0, s, dtErrBadFormat
	}
	v, rest, ok := strtod(s)
	if !ok {
		return 0, 0, s, dtErrBadFormat
	}
	if math.IsNaN(v) || v < -1e15 || v > 1e15 {
		return 0, 0, rest, dtErrFieldOverflow
	}
	var ip int64
	if v >= 0 {
		ip = int64(math.Floor(v))
	} else {
		ip = -int64(math.Floor(-v))
	}
	return ip, v - float64(ip), rest, dtOK
}

// iso8601IntegerWidth counts the digits of a field's integer part.
func iso8601IntegerWidth(s string) int {
	s = strings.TrimPrefix(s, "-")
	n := 0
	for n < len(s) && isDigit(s[n]) {
		n++
	}
	return n
}

// decodeISO8601Interval reads 'P[nY][nM][nW][nD][T[nH][nM][nS]]' and the
// alternative 'PYYYY-MM-DDTHH:MM:SS' and 'PYYYYMMDDTHHMMSS' forms (PG:
// DecodeISO8601Interval).
func decodeISO8601Interval(s string, t *itmIn) dtErr {
	if len(s) < 2 || s[0] != 'P' {
		return dtErrBadFormat
	}
	s = s[1:]
	datePart, haveField := true, false
	for s != "" {
		if s[0] == 'T' {
			datePart, haveField = false, false
			s = s[1:]
			continue
		}
		fieldStart := s
		val, fval, rest, e := parseISO8601Number(s)
		if e != dtOK {
			return e
		}
		s = rest
		var unit byte
		if s != "" {
			unit = s[0]
			s = s[1:]
		}
		if datePart {
			switch unit {
			case 'Y':
				if !t.adjustYears(val, 1) || !t.adjustFractYears(fval, 1) {
					return dtErrFieldOverflow
				}
			case 'M':
				if !t.adjustMonths(val) || !t.adjustFractDays(fval, 30) {
					return dtErrFieldOverflow
				}
			case 'W':
				if !t.adjustDays(val, 7) || !t.adjustFractDays(fval, 7) {
					return dtErrFieldOverflow
				}
			case 'D':
				if !t.adjustDays(val, 1) || !t.adjustFractMicroseconds(fval, USecsPerDay) {
					return dtErrFieldOverflow
				}
			case 'T', 0, '-':
				if unit != '-' && iso8601IntegerWidth(fieldStart) == 8 && !haveField {
					if !t.adjustYears(val/10000, 1) || !t.adjustMonths((val/100)%100) || !t.adjustDays(val%100, 1) || !t.adjustFractMicroseconds(fval, USecsPerDay) {
						return dtErrFieldOverflow
					}
					if unit == 0 {
						return dtOK
					}
					datePart, haveField = false, false
					continue
				}
				if haveField {
					return dtErrBadFormat
				}
				if !t.adjustYears(val, 1) || !t.adjustFractYears(fval, 1) {
					return dtErrFieldOverflow
				}
				if unit == 0 {
					return dtOK
				}
				if unit == 'T' {
					datePart, haveField = false, false
					continue
				}
				val, fval, s, e = parseISO8601Number(s)
				if e != dtOK {
					return e
				}
				if !t.adjustMonths(val) || !t.adjustFractDays(fval, 30) {
					return dtErrFieldOverflow
				}
				if s == "" {
					return dtOK
				}
				if s[0] == 'T' {
					datePart, haveField = false, false
					s = s[1:]
					continue
				}
				if s[0] != '-' {
					return dtErrBadFormat
				}
				val, fval, s, e = parseISO8601Number(s[1:])
				if e != dtOK {
					return e
				}
				if !t.adjustDays(val, 1) || !t.adjustFractMicroseconds(fval, USecsPerDay) {
					return dtErrFieldOverflow
				}
				if s == "" {
					return dtOK
				}
				if s[0] == 'T' {
					datePart, haveField = false, false
					s = s[1:]
					continue
				}
				return dtErrBadFormat
			default:
				return dtErrBadFormat
			}
		} else {
			switch unit {
			case 'H':
				if !t.adjustMicroseconds(val, fval, USecsPerHour) {
					return dtErrFieldOverflow
				}
			case 'M':
				if !t.adjustMicroseconds(val, fval, USecsPerMinute) {
					return dtErrFieldOverflow
				}
			case 'S':
				if !t.adjustMicroseconds(val, fval, USecsPerSec) {
					return dtErrFieldOverflow
				}
			case 0, ':':
				if unit == 0 && iso8601IntegerWidth(fieldStart) == 6 && !haveField {
					if !t.adjustMicroseconds(val/10000, 0, USecsPerHour) || !t.adjustMicroseconds((val/100)%100, 0, USecsPerMinute) || !t.adjustMicroseconds(val%100, 0, USecsPerSec) || !t.adjustFractMicroseconds(fval, 1) {
						return dtErrFieldOverflow
					}
					return dtOK
				}
				if haveField {
					return dtErrBadFormat
				}
				if !t.adjustMicroseconds(val, fval, USecsPerHour) {
					return dtErrFieldOverflow
				}
				if unit == 0 {
					return dtOK
				}
				val, fval, s, e = parseISO8601Number(s)
				if e != dtOK {
					return e
				}
				if !t.adjustMicroseconds(val, fval, USecsPerMinute) {
					return dtErrFieldOverflow
				}
				if s == "" {
					return dtOK
				}
				if s[0] != ':' {
					return dtErrBadFormat
				}
				val, fval, s, e = parseISO8601Number(s[1:])
				if e != dtOK {
					return e
				}
				if !t.adjustMicroseconds(val, fval, USecsPerSec) {
					return dtErrFieldOverflow
				}
				if s == "" {
					return dtOK
				}
				return dtErrBadFormat
			default:
				return dtErrBadFormat
			}
		}
		haveField = true
	}
	return dtOK
}

// intervalScales are the microsecond steps of each fractional-second
// precision.
var intervalScales = [7]int64{1000000, 100000, 10000, 1000, 100, 10, 1}

// ApplyIntervalTypmod zeroes the fields below typmod's range and rounds
// the seconds to its precision (PG: AdjustIntervalForTypmod).
func ApplyIntervalTypmod(iv Interval, typmod int32) Interval {
	if typmod < 0 {
		return iv
	}
	switch rng := intervalRange(typmod); rng {
	case IntervalYear:
		iv = Interval{Month: iv.Month / 12 * 12}
	case IntervalMonth, IntervalYear | IntervalMonth:
		iv = Interval{Month: iv.Month}
	case IntervalDay:
		iv = Interval{Month: iv.Month, Day: iv.Day}
	case IntervalHour, IntervalDay | IntervalHour:
		iv.Time = iv.Time / USecsPerHour * USecsPerHour
	case IntervalMinute, IntervalHour | IntervalMinute, IntervalDay | IntervalHour | IntervalMinute:
		iv.Time = iv.Time / USecsPerMinute * USecsPerMinute
	}
	if p := int(typmod & 0xFFFF); p != IntervalFullPrecision && p >= 0 && p <= 6 {
		scale := intervalScales[p]
		off := scale / 2
		if p == 6 {
			off = 0
		}
		if iv.Time >= 0 {
			iv.Time = (iv.Time + off) / scale * scale
		} else {
			iv.Time = -((-iv.Time + off) / scale * scale)
		}
	}
	return iv
}
