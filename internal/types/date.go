// This file holds the date type: Julian-day conversions, date_in's parser
// for PostgreSQL's date/time input syntax (DateStyle ISO, MDY), and
// date_out's ISO output (PG: utils/adt/date.c, datetime.c).

package types

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/loomdb/loomdb/internal/pgerror"
)

// Date limits and epochs, in days since 2000-01-01 unless noted.
const (
	// DateNoBegin is DATEVAL_NOBEGIN, the date -infinity.
	DateNoBegin = math.MinInt32
	// DateNoEnd is DATEVAL_NOEND, the date infinity.
	DateNoEnd = math.MaxInt32
	// PostgresEpochJDate is the Julian day of 2000-01-01.
	PostgresEpochJDate = 2451545
	// UnixEpochJDate is the Julian day of 1970-01-01.
	UnixEpochJDate = 2440588
	// dateEndJulian is the first Julian day past the date range (5874898-01-01).
	dateEndJulian = 2147483494
	// datetimeMinJulian is the first Julian day of the range (4714-11-24 BC).
	datetimeMinJulian = 0

	julianMinYear  = -4713
	julianMinMonth = 11
	julianMaxYear  = 5874898
	julianMaxMonth = 6
)

// Now returns the current time for the date inputs 'now', 'today',
// 'tomorrow' and 'yesterday'; the session layer may replace it (it is read
// in its Location). Tests replace it to get fixed answers.
var Now = time.Now

// IsValidDate reports whether d (days since 2000-01-01) lies in the finite
// date range 4714-11-24 BC .. 5874897-12-31.
func IsValidDate(d int64) bool {
	return d >= datetimeMinJulian-PostgresEpochJDate && d < dateEndJulian-PostgresEpochJDate
}

// isValidJulian is IS_VALID_JULIAN: whether y-m-d may be given to Date2J.
func isValidJulian(y, m int64) bool {
	return (y > julianMinYear || (y == julianMinYear && m >= julianMinMonth)) &&
		(y < julianMaxYear || (y == julianMaxYear && m < julianMaxMonth))
}

// Date2J returns the Julian day number of a proleptic Gregorian date; year 0
// is 1 BC, -1 is 2 BC and so on.
func Date2J(year, month, day int64) int64 {
	// Shift the year to start in March so that the leap day comes last.
	y := year
	if month <= 2 {
		y--
	}
	m := (month + 9) % 12 // March = 0
	era := floorDiv(y, 400)
	yoe := y - era*400
	doy := (153*m+2)/5 + day - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	// Days since 0000-03-01 plus the Julian day of that date.
	return era*146097 + doe + 1721120
}

// J2Date returns the proleptic Gregorian date of a Julian day number.
func J2Date(jd int64) (year, month, day int64) {
	z := jd - 1721120
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	day = doy - (153*mp+2)/5 + 1
	month = mp + 3
	if month > 12 {
		month -= 12
	}
	year = yoe + era*400
	if month <= 2 {
		year++
	}
	return year, month, day
}

// DateFromYMD returns the date value (days since 2000-01-01) of y-m-d.
func DateFromYMD(year, month, day int64) int64 {
	return Date2J(year, month, day) - PostgresEpochJDate
}

// DateToYMD splits a finite date value into year (0 = 1 BC), month, day.
func DateToYMD(d int64) (year, month, day int64) {
	return J2Date(d + PostgresEpochJDate)
}

// OutDate returns date_out's text in DateStyle ISO: YYYY-MM-DD with at least
// four year digits, " BC" for years before 1 AD, infinity and -infinity.
func OutDate(d int64) string {
	var buf [24]byte
	return string(AppendDate(buf[:0], d))
}

// AppendDate appends OutDate's text to buf.
func AppendDate(buf []byte, d int64) []byte {
	switch {
	case d <= DateNoBegin:
		return append(buf, "-infinity"...)
	case d >= DateNoEnd:
		return append(buf, "infinity"...)
	}
	y, m, dd := DateToYMD(d)
	bc := y <= 0
	if bc {
		y = -(y - 1)
	}
	buf = appendZeroPad(buf, y, 4)
	buf = append(buf, '-')
	buf = appendZeroPad(buf, m, 2)
	buf = append(buf, '-')
	buf = appendZeroPad(buf, dd, 2)
	if bc {
		buf = append(buf, " BC"...)
	}
	return buf
}

func appendZeroPad(buf []byte, v int64, width int) []byte {
	var tmp [24]byte
	s := strconv.AppendInt(tmp[:0], v, 10)
	for i := len(s); i < width; i++ {
		buf = append(buf, '0')
	}
	return append(buf, s...)
}

// InDate parses date input as date_in does with DateStyle ISO, MDY: ISO
// dates, month names, MDY numeric dates, YYYYMMDD, year.day-of-year, Julian
// days (J2451187), BC/AD, trailing times and zones (ignored but checked),
// and the special words epoch, infinity, -infinity, now, today, tomorrow,
// yesterday.
func InDate(s string) (int64, error) {
	if d, ok := isoDate(s); ok {
		return d, nil
	}
	fields, derr := parseDateTime(s)
	var dt dateTimeResult
	if derr == dtOK {
		dt, derr = decodeDateTime(fields)
	}
	if derr != dtOK {
		return 0, dateTimeParseError(derr, s, "date", dt.tzName)
	}
	switch dt.dtype {
	case dtkDate:
	case dtkEpoch:
		dt.year, dt.mon, dt.mday = 1970, 1, 1
	case dtkLate:
		return DateNoEnd, nil
	case dtkEarly:
		return DateNoBegin, nil
	default:
		return 0, dateTimeParseError(dtErrBadFormat, s, "date", "")
	}
	if !isValidJulian(dt.year, dt.mon) {
		return 0, pgerror.Newf(pgerror.DatetimeFieldOverflow, "date out of range: \"%s\"", s)
	}
	d := Date2J(dt.year, dt.mon, dt.mday) - PostgresEpochJDate
	if !IsValidDate(d) {
		return 0, pgerror.Newf(pgerror.DatetimeFieldOverflow, "date out of range: \"%s\"", s)
	}
	return d, nil
}

// Date/time parse error kinds (PG's DTERR_*).
type dtErr int

const (
	dtOK dtErr = iota
	dtErrBadFormat
	dtErrFieldOverflow
	dtErrMDFieldOverflow
	dtErrTZDispOverflow
	dtErrBadTZName
)

// dateTimeParseError reports a parse failure as DateTimeParseError does.
func dateTimeParseError(e dtErr, s, typ, tzName string) error {
	switch e {
	case dtErrFieldOverflow:
		return pgerror.Newf(pgerror.DatetimeFieldOverflow, "date/time field value out of range: \"%s\"", s)
	case dtErrMDFieldOverflow:
		return pgerror.Newf(pgerror.DatetimeFieldOverflow, "date/time field value out of range: \"%s\"", s).
			WithHint("Perhaps you need a different \"datestyle\" setting.")
	case dtErrTZDispOverflow:
		return pgerror.Newf("22009", "time zone displacement out of range: \"%s\"", s)
	case dtErrBadTZName:
		return pgerror.Newf(pgerror.InvalidParameterValue, "time zone \"%s\" not recognized", tzName)
	}
	return pgerror.Newf(pgerror.InvalidDatetimeFormat, "invalid input syntax for type %s: \"%s\"", typ, s)
}

// Field kinds produced by parseDateTime (PG's DTK_NUMBER etc.).
const (
	ftNumber = iota
	ftString
	ftDate
	ftTime
	ftTZ
	ftSpecial
)

type dtField struct {
	s   string
	typ int
}

const (
	maxDateLen    = 128
	maxDateFields = 25
)

// parseDateTime splits date/time input into typed fields, lower-casing
// letters, as PostgreSQL's ParseDateTime does.
func parseDateTime(s string) ([]dtField, dtErr) {
	var fields []dtField
	used := 0
	limit := maxDateLen + maxDateFields
	var b []byte
	app := func(c byte) bool {
		if used+1 >= limit {
			return false
		}
		used++
		b = append(b, c)
		return true
	}
	lower := func(c byte) byte {
		if 'A' <= c && c <= 'Z' {
			return c + 'a' - 'A'
		}
		return c
	}
	i := 0
	for i < len(s) {
		c := s[i]
		if isSpace(c) {
			i++
			continue
		}
		if len(fields) >= maxDateFields {
			return nil, dtErrBadFormat
		}
		b = b[:0]
		var typ int
		switch {
		case isDigit(c):
			app(c)
			i++
			for i < len(s) && isDigit(s[i]) {
				if !app(s[i]) {
					return nil, dtErrBadFormat
				}
				i++
			}
			switch {
			case i < len(s) && s[i] == ':':
				typ = ftTime
				app(s[i])
				i++
				for i < len(s) && (isDigit(s[i]) || s[i] == ':' || s[i] == '.') {
					if !app(s[i]) {
						return nil, dtErrBadFormat
					}
					i++
				}
			case i < len(s) && (s[i] == '-' || s[i] == '/' || s[i] == '.'):
				delim := s[i]
				if !app(delim) {
					return nil, dtErrBadFormat
				}
				i++
				if i < len(s) && isDigit(s[i]) {
					typ = ftDate
					if delim == '.' {
						typ = ftNumber
					}
					for i < len(s) && isDigit(s[i]) {
						if !app(s[i]) {
							return nil, dtErrBadFormat
						}
						i++
					}
					if i < len(s) && s[i] == delim {
						typ = ftDate
						for i < len(s) && (isDigit(s[i]) || s[i] == delim) {
							if !app(s[i]) {
								return nil, dtErrBadFormat
							}
							i++
						}
					}
				} else {
					typ = ftDate
					for i < len(s) && (isAlnum(s[i]) || s[i] == delim) {
						if !app(lower(s[i])) {
							return nil, dtErrBadFormat
						}
						i++
					}
				}
			default:
				typ = ftNumber
			}
		case c == '.':
			app(c)
			i++
			for i < len(s) && isDigit(s[i]) {
				if !app(s[i]) {
					return nil, dtErrBadFormat
				}
				i++
			}
			typ = ftNumber
		case isAlpha(c):
			typ = ftString
			app(lower(c))
			i++
			for i < len(s) && isAlpha(s[i]) {
				if !app(lower(s[i])) {
					return nil, dtErrBadFormat
				}
				i++
			}
			isDate := false
			if i < len(s) && (s[i] == '-' || s[i] == '/' || s[i] == '.') {
				isDate = true
			} else if i < len(s) && (s[i] == '+' || isDigit(s[i])) {
				if _, ok := dateTokens[string(b)]; !ok {
					isDate = true
				}
			}
			if isDate {
				typ = ftDate
				for {
					if !app(lower(s[i])) {
						return nil, dtErrBadFormat
					}
					i++
					if i >= len(s) {
						break
					}
					c2 := s[i]
					if !(c2 == '+' || c2 == '-' || c2 == '/' || c2 == '_' || c2 == '.' || c2 == ':' || isAlnum(c2)) {
						break
					}
				}
			}
		case c == '+' || c == '-':
			app(c)
			i++
			for i < len(s) && isSpace(s[i]) {
				i++
			}
			switch {
			case i < len(s) && isDigit(s[i]):
				typ = ftTZ
				app(s[i])
				i++
				for i < len(s) && (isDigit(s[i]) || s[i] == ':' || s[i] == '.' || s[i] == '-') {
					if !app(s[i]) {
						return nil, dtErrBadFormat
					}
					i++
				}
			case i < len(s) && isAlpha(s[i]):
				typ = ftSpecial
				app(lower(s[i]))
				i++
				for i < len(s) && isAlpha(s[i]) {
					if !app(lower(s[i])) {
						return nil, dtErrBadFormat
					}
					i++
				}
			default:
				return nil, dtErrBadFormat
			}
		case isPunct(c):
			i++
			continue
		default:
			return nil, dtErrBadFormat
		}
		used++ // the field terminator
		fields = append(fields, dtField{s: string(b), typ: typ})
	}
	return fields, dtOK
}

func isAlpha(c byte) bool { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') }

func isPunct(c byte) bool {
	return c > ' ' && c < 0x7f && !isAlnum(c)
}

// Token kinds of the date keyword table and their field-mask bits (PG's
// RESERV, MONTH, ... and DTK_M()).
const (
	tkReserv   = 0
	tkMonth    = 1
	tkYear     = 2
	tkDay      = 3
	tkTZ       = 5
	tkDTZ      = 6
	tkIgnore   = 8
	tkAmPm     = 9
	tkHour     = 10
	tkMinute   = 11
	tkSecond   = 12
	tkMilli    = 13
	tkMicro    = 14
	tkDOY      = 15
	tkDOW      = 16
	tkUnits    = 17
	tkADBC     = 18
	tkISOTime  = 23
	tkDTZMod   = 28
	tkUnknown  = 31
	maskDate   = 1<<tkYear | 1<<tkMonth | 1<<tkDay
	maskTime   = 1<<tkHour | 1<<tkMinute | 1<<tkSecond | 1<<tkMilli | 1<<tkMicro
	maskTZ     = 1 << tkTZ
	maskDOY    = 1 << tkDOY
	maskReserv = 1 << tkReserv
)

// Values of reserved words and units (PG's DTK_* codes, our numbering).
const (
	dtkDate = iota + 1
	dtkEpoch
	dtkLate
	dtkEarly
	dtkNow
	dtkToday
	dtkTomorrow
	dtkYesterday
	dtkZulu
	dtkTime
	dtkJulian
	dtkUnitYear
	dtkUnitMonth
	dtkUnitDay
	dtkUnitHour
	dtkUnitMinute
	dtkUnitSecond
	dtkUnitOther
)

const (
	valAM   = 0
	valPM   = 1
	valHR24 = 2
	valAD   = 0
	valBC   = 1
)

type dateToken struct {
	kind int
	val  int
}

// dateTokens is PostgreSQL's table of date/time keywords.
var dateTokens = map[string]dateToken{
	"-infinity": {tkReserv, dtkEarly},
	"ad":        {tkADBC, valAD},
	"allballs":  {tkReserv, dtkZulu},
	"am":        {tkAmPm, valAM},
	"apr":       {tkMonth, 4},
	"april":     {tkMonth, 4},
	"at":        {tkIgnore, 0},
	"aug":       {tkMonth, 8},
	"august":    {tkMonth, 8},
	"bc":        {tkADBC, valBC},
	"d":         {tkUnits, dtkUnitDay},
	"dec":       {tkMonth, 12},
	"december":  {tkMonth, 12},
	"dow":       {tkUnits, dtkUnitOther},
	"doy":       {tkUnits, dtkUnitOther},
	"dst":       {tkDTZMod, 3600},
	"epoch":     {tkReserv, dtkEpoch},
	"feb":       {tkMonth, 2},
	"february":  {tkMonth, 2},
	"fri":       {tkDOW, 5},
	"friday":    {tkDOW, 5},
	"h":         {tkUnits, dtkUnitHour},
	"infinity":  {tkReserv, dtkLate},
	"isodow":    {tkUnits, dtkUnitOther},
	"isoyear":   {tkUnits, dtkUnitOther},
	"j":         {tkUnits, dtkJulian},
	"jan":       {tkMonth, 1},
	"january":   {tkMonth, 1},
	"jd":        {tkUnits, dtkJulian},
	"jul":       {tkMonth, 7},
	"julian":    {tkUnits, dtkJulian},
	"july":      {tkMonth, 7},
	"jun":       {tkMonth, 6},
	"june":      {tkMonth, 6},
	"m":         {tkUnits, dtkUnitMonth},
	"mar":       {tkMonth, 3},
	"march":     {tkMonth, 3},
	"may":       {tkMonth, 5},
	"mm":        {tkUnits, dtkUnitMinute},
	"mon":       {tkDOW, 1},
	"monday":    {tkDOW, 1},
	"nov":       {tkMonth, 11},
	"november":  {tkMonth, 11},
	"now":       {tkReserv, dtkNow},
	"oct":       {tkMonth, 10},
	"october":   {tkMonth, 10},
	"on":        {tkIgnore, 0},
	"pm":        {tkAmPm, valPM},
	"s":         {tkUnits, dtkUnitSecond},
	"sat":       {tkDOW, 6},
	"saturday":  {tkDOW, 6},
	"sep":       {tkMonth, 9},
	"sept":      {tkMonth, 9},
	"september": {tkMonth, 9},
	"sun":       {tkDOW, 0},
	"sunday":    {tkDOW, 0},
	"t":         {tkISOTime, dtkTime},
	"thu":       {tkDOW, 4},
	"thur":      {tkDOW, 4},
	"thurs":     {tkDOW, 4},
	"thursday":  {tkDOW, 4},
	"today":     {tkReserv, dtkToday},
	"tomorrow":  {tkReserv, dtkTomorrow},
	"tue":       {tkDOW, 2},
	"tues":      {tkDOW, 2},
	"tuesday":   {tkDOW, 2},
	"wed":       {tkDOW, 3},
	"wednesday": {tkDOW, 3},
	"weds":      {tkDOW, 3},
	"y":         {tkUnits, dtkUnitYear},
	"yesterday": {tkReserv, dtkYesterday},
}

// tzAbbrevs holds the commonly used time zone abbreviations of PostgreSQL's
// "Default" set with their UTC offsets in seconds and whether they are
// daylight-saving abbreviations. Date input only needs to recognize them.
var tzAbbrevs = map[string]struct {
	off int
	dst bool
}{
	"utc": {0, false}, "ut": {0, false}, "gmt": {0, false}, "z": {0, false}, "zulu": {0, false},
	"est": {-18000, false}, "edt": {-14400, true}, "cst": {-21600, false}, "cdt": {-18000, true},
	"mst": {-25200, false}, "mdt": {-21600, true}, "pst": {-28800, false}, "pdt": {-25200, true},
	"akst": {-32400, false}, "akdt": {-28800, true}, "hst": {-36000, false}, "ast": {-14400, false},
	"adt": {-10800, true}, "nst": {-12600, false}, "ndt": {-9000, true},
	"wet": {0, false}, "west": {3600, true}, "bst": {3600, true}, "cet": {3600, false},
	"cest": {7200, true}, "met": {3600, false}, "mest": {7200, true}, "eet": {7200, false},
	"eest": {10800, true}, "msk": {10800, false}, "ist": {7200, false}, "jst": {32400, false},
	"kst": {32400, false}, "aest": {36000, false}, "aedt": {39600, true}, "acst": {34200, false},
	"acdt": {37800, true}, "awst": {28800, false}, "nzst": {43200, false}, "nzdt": {46800, true},
	"sgt": {28800, false}, "hkt": {28800, false},
}

type dateTimeResult struct {
	dtype           int
	year, mon, mday int64
	hour, min, sec  int64
	fsec            int64
	yday            int64
	tzName          string
	// haveTZ is set when the text gave a zone: tz (seconds west of
	// Greenwich, as PG's tz) for an offset or abbreviation, zoneName for a
	// zone of the time zone database.
	haveTZ                  bool
	tz                      int64
	zoneName                string
	isJulian, is2digits, bc bool
}

// strtoint parses a leading decimal integer like C's strtol limited to the
// int range: it returns the value, the rest, and whether it overflowed. No
// digits gives 0 and s unchanged.
func strtoint(s string) (int64, string, bool) {
	i := 0
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	j := i
	var v int64
	over := false
	for j < len(s) && isDigit(s[j]) {
		if v < 1<<40 {
			v = v*10 + int64(s[j]-'0')
		}
		j++
	}
	if j == i {
		return 0, s, false
	}
	if neg {
		v = -v
	}
	if v > math.MaxInt32 || v < math.MinInt32 {
		over = true
	}
	return v, s[j:], over
}

// atoi is C's atoi on a digit string: strtol's value, saturated to the
// long range, then truncated to a 32-bit int.
func atoi(s string) int64 {
	var v int64
	for i := 0; i < len(s) && isDigit(s[i]); i++ {
		d := int64(s[i] - '0')
		if v > (math.MaxInt64-d)/10 {
			v = math.MaxInt64
			break
		}
		v = v*10 + d
	}
	return int64(int32(v))
}

// decodeDateTime interprets the fields as PostgreSQL's DecodeDateTime does
// for date input.
func decodeDateTime(fields []dtField) (dateTimeResult, dtErr) {
	r := dateTimeResult{dtype: dtkDate}
	fmask := 0
	ptype := 0 // pending unit label
	haveTextMonth := false
	mer := valHR24
	for i, f := range fields {
		tmask := 0
		switch f.typ {
		case ftDate:
			switch {
			case ptype == dtkJulian:
				v, rest, over := strtoint(f.s)
				if over || v < 0 {
					return r, dtErrFieldOverflow
				}
				r.year, r.mon, r.mday = J2Date(v)
				r.isJulian = true
				if e := decodeTimezone(rest, &r.tz); e != dtOK {
					return r, e
				}
				tmask = maskDate | maskTime | maskTZ
				ptype = 0
			case ptype != 0 || fmask&(1<<tkMonth|1<<tkDay) == 1<<tkMonth|1<<tkDay:
				if isDigit(f.s[0]) || ptype != 0 {
					if ptype != 0 {
						if ptype != dtkTime {
							return r, dtErrBadFormat
						}
						ptype = 0
					}
					if fmask&maskTime == maskTime {
						return r, dtErrBadFormat
					}
					k := strings.IndexByte(f.s, '-')
					if k < 0 {
						return r, dtErrBadFormat
					}
					if e := decodeTimezone(f.s[k:], &r.tz); e != dtOK {
						return r, e
					}
					var e dtErr
					tmask, e = decodeNumberField(f.s[:k], fmask, &r)
					if e != dtOK {
						return r, e
					}
					tmask |= maskTZ
				} else {
					if !knownZoneName(f.s) {
						r.tzName = f.s
						return r, dtErrBadTZName
					}
					r.zoneName = f.s
					tmask = maskTZ
				}
			default:
				var e dtErr
				tmask, e = decodeDate(f.s, fmask, &r)
				if e != dtOK {
					return r, e
				}
			}
		case ftTime:
			if ptype != 0 {
				if ptype != dtkTime {
					return r, dtErrBadFormat
				}
				ptype = 0
			}
			var e dtErr
			tmask, e = decodeTime(f.s, &r)
			if e != dtOK {
				return r, e
			}
			if timeOverflows(r.hour, r.min, r.sec, r.fsec) {
				return r, dtErrFieldOverflow
			}
		case ftTZ:
			if e := decodeTimezone(f.s, &r.tz); e != dtOK {
				return r, e
			}
			tmask = maskTZ
		case ftNumber:
			if ptype != 0 {
				v, rest, over := strtoint(f.s)
				if over {
					return r, dtErrFieldOverflow
				}
				if len(rest) > 0 && rest[0] == '.' {
					if ptype != dtkJulian && ptype != dtkTime && ptype != dtkUnitSecond {
						return r, dtErrBadFormat
					}
				} else if rest != "" {
					return r, dtErrBadFormat
				}
				switch ptype {
				case dtkUnitYear:
					r.year, tmask = v, 1<<tkYear
				case dtkUnitMonth:
					if fmask&(1<<tkMonth) != 0 && fmask&(1<<tkHour) != 0 {
						r.min, tmask = v, 1<<tkMinute
					} else {
						r.mon, tmask = v, 1<<tkMonth
					}
				case dtkUnitDay:
					r.mday, tmask = v, 1<<tkDay
				case dtkUnitHour:
					r.hour, tmask = v, 1<<tkHour
				case dtkUnitMinute:
					r.min, tmask = v, 1<<tkMinute
				case dtkUnitSecond:
					r.sec, tmask = v, 1<<tkSecond
					if len(rest) > 0 {
						fs, ok := parseFractionalSecond(rest)
						if !ok {
							return r, dtErrBadFormat
						}
						r.fsec = fs
						tmask = 1<<tkSecond | 1<<tkMilli | 1<<tkMicro
					}
				case dtkJulian:
					if v < 0 {
						return r, dtErrFieldOverflow
					}
					tmask = maskDate
					r.year, r.mon, r.mday = J2Date(v)
					r.isJulian = true
					if len(rest) > 0 {
						frac, err := strconv.ParseFloat(rest, 64)
						if err != nil {
							return r, dtErrBadFormat
						}
						us := int64(math.Round(frac * 86400e6))
						r.hour = us / 3600e6
						us -= r.hour * 3600e6
						r.min = us / 60e6
						us -= r.min * 60e6
						r.sec = us / 1e6
						r.fsec = us - r.sec*1e6
						tmask |= maskTime
					}
				case dtkTime:
					var e dtErr
					tmask, e = decodeNumberField(f.s, fmask|maskDate, &r)
					if e != dtOK {
						return r, e
					}
					if tmask != maskTime {
						return r, dtErrBadFormat
					}
				default:
					return r, dtErrBadFormat
				}
				ptype = 0
				r.dtype = dtkDate
			} else {
				dot := strings.IndexByte(f.s, '.')
				flen := len(f.s)
				var e dtErr
				switch {
				case dot >= 0 && fmask&maskDate == 0:
					tmask, e = decodeDate(f.s, fmask, &r)
				case dot >= 0 && dot > 2:
					tmask, e = decodeNumberField(f.s, fmask, &r)
				case flen >= 6 && (fmask&maskDate == 0 || fmask&maskTime == 0):
					tmask, e = decodeNumberField(f.s, fmask, &r)
				default:
					tmask, e = decodeNumber(f.s, haveTextMonth, fmask, &r)
				}
				if e != dtOK {
					return r, e
				}
			}
		case ftString, ftSpecial:
			kind, val := tkUnknown, 0
			if z, ok := tzAbbrevs[f.s]; ok {
				if z.dst {
					kind = tkDTZ
				} else {
					kind = tkTZ
				}
				val = z.off
			} else if t, ok := dateTokens[f.s]; ok {
				kind, val = t.kind, t.val
			}
			if kind == tkIgnore {
				continue
			}
			tmask = 1 << kind
			switch kind {
			case tkReserv:
				switch val {
				case dtkNow:
					tmask = maskDate | maskTime | maskTZ
					r.dtype = dtkDate
					now := Now().UTC()
					r.year, r.mon, r.mday = int64(now.Year()), int64(now.Month()), int64(now.Day())
					r.hour, r.min, r.sec = int64(now.Hour()), int64(now.Minute()), int64(now.Second())
				case dtkToday, dtkTomorrow, dtkYesterday:
					tmask = maskDate
					r.dtype = dtkDate
					now := Now().UTC()
					j := Date2J(int64(now.Year()), int64(now.Month()), int64(now.Day()))
					switch val {
					case dtkTomorrow:
						j++
					case dtkYesterday:
						j--
					}
					r.year, r.mon, r.mday = J2Date(j)
				case dtkZulu:
					tmask = maskTime | maskTZ
					r.dtype = dtkDate
					r.hour, r.min, r.sec = 0, 0, 0
				default:
					r.dtype = val
				}
			case tkMonth:
				if fmask&(1<<tkMonth) != 0 && !haveTextMonth && fmask&(1<<tkDay) == 0 && r.mon >= 1 && r.mon <= 31 {
					r.mday = r.mon
					tmask = 1 << tkDay
				}
				haveTextMonth = true
				r.mon = int64(val)
			case tkDTZMod:
				tmask |= 1 << tkDTZ
			case tkDTZ:
				tmask |= maskTZ
				r.tz = -int64(val)
			case tkTZ:
				r.tz = -int64(val)
			case tkAmPm:
				mer = val
			case tkADBC:
				r.bc = val == valBC
			case tkDOW:
			case tkUnits:
				tmask = 0
				ptype = val
			case tkISOTime:
				tmask = 0
				if fmask&maskDate != maskDate {
					return r, dtErrBadFormat
				}
				if i >= len(fields)-1 {
					return r, dtErrBadFormat
				}
				if nt := fields[i+1].typ; nt != ftNumber && nt != ftTime && nt != ftDate {
					return r, dtErrBadFormat
				}
				ptype = val
			case tkUnknown:
				if f.typ != ftString || !knownZoneName(f.s) {
					return r, dtErrBadFormat
				}
				r.zoneName = f.s
				tmask = maskTZ
			default:
				return r, dtErrBadFormat
			}
		default:
			return r, dtErrBadFormat
		}
		if tmask&fmask != 0 {
			return r, dtErrBadFormat
		}
		fmask |= tmask
	}
	if e := validateDate(fmask, &r); e != dtOK {
		return r, e
	}
	r.haveTZ = fmask&maskTZ != 0
	if mer != valHR24 && r.hour > 12 {
		return r, dtErrFieldOverflow
	}
	switch {
	case mer == valAM && r.hour == 12:
		r.hour = 0
	case mer == valPM && r.hour != 12:
		r.hour += 12
	}
	if r.dtype == dtkDate && fmask&maskDate != maskDate {
		return r, dtErrBadFormat
	}
	return r, dtOK
}

// knownZoneName reports whether name (lower-cased by the parser) is a time
// zone PostgreSQL's pg_tzset accepts: a zone of the time zone database
// (matched ignoring case, as PostgreSQL does) or a POSIX zone specification
// such as "est5edt" or "xyz-08:00".
func knownZoneName(name string) bool {
	if name == "" || len(name) > 255 || name[0] == ':' {
		return false
	}
	if posixZone(name) {
		return true
	}
	for _, c := range []string{name, strings.ToUpper(name), titleZone(name)} {
		if c == "local" || c == "Local" || c == "LOCAL" {
			continue
		}
		if _, err := time.LoadLocation(c); err == nil {
			return true
		}
	}
	return false
}

func titleZone(s string) string {
	b := []byte(s)
	up := true
	for i, c := range b {
		if up && c >= 'a' && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
		up = c == '/' || c == '_' || c == '-'
	}
	return string(b)
}

// posixZone reports whether s is a POSIX TZ specification as PostgreSQL's
// tzparse reads one: std name, offset, and optionally a DST name, offset
// and transition rules. Unlike POSIX, names may be of any length.
func posixZone(s string) bool {
	i, ok := posixName(s, 0)
	if !ok || i >= len(s) {
		return false
	}
	if i, ok = posixOffset(s, i); !ok {
		return false
	}
	if i == len(s) {
		return true
	}
	start := i
	if i, ok = posixName(s, i); !ok || i == start || (s[start] == '<' && i == start+2) {
		return false
	}
	if i < len(s) && s[i] != ',' && s[i] != ';' {
		if i, ok = posixOffset(s, i); !ok {
			return false
		}
	}
	if i == len(s) {
		return true
	}
	if s[i] != ',' && s[i] != ';' {
		return false
	}
	if i, ok = posixRule(s, i+1); !ok || i >= len(s) || s[i] != ',' {
		return false
	}
	i, ok = posixRule(s, i+1)
	return ok && i == len(s)
}

// posixName skips a zone abbreviation: <quoted> or a run of characters
// other than digits, ',', '-' and '+'.
func posixName(s string, i int) (int, bool) {
	if i < len(s) && s[i] == '<' {
		j := strings.IndexByte(s[i+1:], '>')
		if j < 0 {
			return i, false
		}
		return i + 1 + j + 1, true
	}
	for i < len(s) && !isDigit(s[i]) && s[i] != ',' && s[i] != '-' && s[i] != '+' {
		i++
	}
	return i, true
}

// posixNum reads a decimal number in [lo, hi].
func posixNum(s string, i, lo, hi int) (int, bool) {
	if i >= len(s) || !isDigit(s[i]) {
		return i, false
	}
	n := 0
	for i < len(s) && isDigit(s[i]) {
		n = n*10 + int(s[i]-'0')
		if n > hi {
			return i, false
		}
		i++
	}
	return i, n >= lo
}

// posixOffset reads [+-]hh[:mm[:ss]] with hh up to 167.
func posixOffset(s string, i int) (int, bool) {
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		i++
	}
	i, ok := posixNum(s, i, 0, 24*7-1)
	if !ok {
		return i, false
	}
	if i < len(s) && s[i] == ':' {
		if i, ok = posixNum(s, i+1, 0, 59); !ok {
			return i, false
		}
		if i < len(s) && s[i] == ':' {
			if i, ok = posixNum(s, i+1, 0, 60); !ok {
				return i, false
			}
		}
	}
	return i, true
}

// posixRule reads a transition rule Jn, n or Mm.w.d with an optional /time.
func posixRule(s string, i int) (int, bool) {
	var ok bool
	switch {
	case i < len(s) && s[i] == 'J':
		i, ok = posixNum(s, i+1, 1, 365)
	case i < len(s) && s[i] == 'M':
		if i, ok = posixNum(s, i+1, 1, 12); !ok || i >= len(s) || s[i] != '.' {
			return i, false
		}
		if i, ok = posixNum(s, i+1, 1, 5); !ok || i >= len(s) || s[i] != '.' {
			return i, false
		}
		i, ok = posixNum(s, i+1, 0, 6)
	case i < len(s) && isDigit(s[i]):
		i, ok = posixNum(s, i, 0, 365)
	}
	if !ok {
		return i, false
	}
	if i < len(s) && s[i] == '/' {
		return posixOffset(s, i+1)
	}
	return i, true
}

// decodeDate interprets a date field with embedded separators ("2021-01-02",
// "1/8/1999", "1999-jan-08"), as DecodeDate does.
func decodeDate(s string, fmask int, r *dateTimeResult) (int, dtErr) {
	var subs []string
	i := 0
	for i < len(s) {
		for i < len(s) && !isAlnum(s[i]) {
			i++
		}
		if i >= len(s) {
			return 0, dtErrBadFormat
		}
		j := i
		if isDigit(s[i]) {
			for j < len(s) && isDigit(s[j]) {
				j++
			}
		} else {
			for j < len(s) && isAlpha(s[j]) {
				j++
			}
		}
		subs = append(subs, s[i:j])
		if j < len(s) {
			j++ // drop one separator (or other character)
		}
		i = j
		if len(subs) >= maxDateFields {
			break
		}
	}
	tmask := 0
	haveTextMonth := false
	done := make([]bool, len(subs))
	for k, f := range subs {
		if f == "" || !isAlpha(f[0]) {
			continue
		}
		t, ok := dateTokens[f]
		if ok && t.kind == tkIgnore {
			continue // left for the numeric pass, which rejects it
		}
		if !ok {
			return 0, dtErrBadFormat
		}
		if t.kind != tkMonth {
			return 0, dtErrBadFormat
		}
		r.mon = int64(t.val)
		haveTextMonth = true
		dmask := 1 << tkMonth
		if fmask&dmask != 0 {
			return 0, dtErrBadFormat
		}
		fmask |= dmask
		tmask |= dmask
		done[k] = true
	}
	for k, f := range subs {
		if done[k] {
			continue
		}
		if f == "" {
			return 0, dtErrBadFormat
		}
		dmask, e := decodeNumber(f, haveTextMonth, fmask, r)
		if e != dtOK {
			return 0, e
		}
		if fmask&dmask != 0 {
			return 0, dtErrBadFormat
		}
		fmask |= dmask
		tmask |= dmask
	}
	if fmask&^(maskDOY|maskTZ) != maskDate {
		return 0, dtErrBadFormat
	}
	return tmask, dtOK
}

// decodeNumber interprets a lone number by what has been seen so far, as
// DecodeNumber does (DateOrder MDY).
func decodeNumber(s string, haveTextMonth bool, fmask int, r *dateTimeResult) (int, dtErr) {
	flen := len(s)
	val, rest, over := strtoint(s)
	if over {
		return 0, dtErrFieldOverflow
	}
	if len(rest) == len(s) {
		return 0, dtErrBadFormat
	}
	if len(rest) > 0 && rest[0] == '.' {
		if len(s)-len(rest) > 2 {
			return decodeNumberField(s, fmask|maskDate, r)
		}
		fs, ok := parseFractionalSecond(rest)
		if !ok {
			return 0, dtErrBadFormat
		}
		r.fsec = fs
	} else if rest != "" {
		return 0, dtErrBadFormat
	}
	if flen == 3 && fmask&maskDate == 1<<tkYear && val >= 1 && val <= 366 {
		r.yday = val
		return maskDOY | 1<<tkMonth | 1<<tkDay, dtOK
	}
	var tmask int
	switch fmask & maskDate {
	case 0:
		if flen >= 3 {
			tmask, r.year = 1<<tkYear, val
		} else {
			tmask, r.mon = 1<<tkMonth, val
		}
	case 1 << tkYear:
		tmask, r.mon = 1<<tkMonth, val
	case 1 << tkMonth:
		if haveTextMonth {
			if flen >= 3 {
				tmask, r.year = 1<<tkYear, val
			} else {
				tmask, r.mday = 1<<tkDay, val
			}
		} else {
			tmask, r.mday = 1<<tkDay, val
		}
	case 1<<tkYear | 1<<tkMonth:
		if haveTextMonth {
			if flen >= 3 && r.is2digits {
				tmask = 1 << tkDay
				r.mday = r.year
				r.year = val
				r.is2digits = false
			} else {
				tmask, r.mday = 1<<tkDay, val
			}
		} else {
			tmask, r.mday = 1<<tkDay, val
		}
	case 1 << tkDay:
		tmask, r.mon = 1<<tkMonth, val
	case 1<<tkMonth | 1<<tkDay:
		tmask, r.year = 1<<tkYear, val
	case maskDate:
		return decodeNumberField(s, fmask, r)
	default:
		return 0, dtErrBadFormat
	}
	if tmask == 1<<tkYear {
		r.is2digits = flen <= 2
	}
	return tmask, dtOK
}

// decodeNumberField interprets a run-together date (YYYYMMDD, YYMMDD) or
// time (hhmmss, hhmm), as DecodeNumberField does.
func decodeNumberField(s string, fmask int, r *dateTimeResult) (int, dtErr) {
	if k := strings.IndexByte(s, '.'); k >= 0 {
		frac, err := strconv.ParseFloat(s[k:], 64)
		if err != nil {
			frac = 0
		}
		r.fsec = int64(math.RoundToEven(frac * 1e6))
		s = s[:k]
	} else if fmask&maskDate != maskDate {
		if len(s) >= 6 {
			n := len(s)
			r.mday = atoi(s[n-2:])
			r.mon = atoi(s[n-4 : n-2])
			r.year = atoi(s[:n-4])
			if n-4 == 2 {
				r.is2digits = true
			}
			return maskDate, dtOK
		}
	}
	if fmask&maskTime != maskTime {
		switch len(s) {
		case 6:
			r.sec = atoi(s[4:])
			r.min = atoi(s[2:4])
			r.hour = atoi(s[:2])
			return maskTime, dtOK
		case 4:
			r.sec = 0
			r.min = atoi(s[2:4])
			r.hour = atoi(s[:2])
			return maskTime, dtOK
		}
	}
	return 0, dtErrBadFormat
}

// parseFractionalSecond reads ".ddd" as microseconds.
func parseFractionalSecond(s string) (int64, bool) {
	if s == "" || s[0] != '.' {
		return 0, false
	}
	for i := 1; i < len(s); i++ {
		if !isDigit(s[i]) {
			return 0, false
		}
	}
	if len(s) == 1 {
		return 0, true
	}
	f, err := strconv.ParseFloat("0"+s, 64)
	if err != nil {
		return 0, false
	}
	return int64(math.RoundToEven(f * 1e6)), true
}

// decodeTime reads hh:mm[:ss[.fff]] (or mm:ss.fff), as DecodeTime does.
func decodeTime(s string, r *dateTimeResult) (int, dtErr) {
	h, rest, over := strtoint(s)
	if over {
		return 0, dtErrFieldOverflow
	}
	if rest == "" || rest[0] != ':' {
		return 0, dtErrBadFormat
	}
	m, rest, over := strtoint(rest[1:])
	if over {
		return 0, dtErrFieldOverflow
	}
	r.hour, r.min, r.sec, r.fsec = h, m, 0, 0
	switch {
	case rest == "":
	case rest[0] == '.':
		fs, ok := parseFractionalSecond(rest)
		if !ok {
			return 0, dtErrBadFormat
		}
		r.fsec = fs
		r.sec, r.min, r.hour = r.min, r.hour, 0
	case rest[0] == ':':
		sec, rest2, over := strtoint(rest[1:])
		if over {
			return 0, dtErrFieldOverflow
		}
		r.sec = sec
		if rest2 != "" {
			if rest2[0] != '.' {
				return 0, dtErrBadFormat
			}
			fs, ok := parseFractionalSecond(rest2)
			if !ok {
				return 0, dtErrBadFormat
			}
			r.fsec = fs
		}
	default:
		return 0, dtErrBadFormat
	}
	if r.hour < 0 || r.min < 0 || r.min > 59 || r.sec < 0 || r.sec > 60 || r.fsec < 0 || r.fsec > 1e6 {
		return 0, dtErrFieldOverflow
	}
	return maskTime, dtOK
}

func timeOverflows(h, m, s, fs int64) bool {
	if h < 0 || h > 24 || m < 0 || m >= 60 || s < 0 || s > 60 || fs < 0 || fs > 1e6 {
		return true
	}
	return ((h*60+m)*60+s)*1e6+fs > 86400e6
}

// decodeTimezone reads a numeric zone offset +hh[:mm[:ss]] or +hhmm.
func decodeTimezone(s string, tz *int64) dtErr {
	if s == "" || (s[0] != '+' && s[0] != '-') {
		return dtErrBadFormat
	}
	hr, rest, over := strtoint(s[1:])
	if over {
		return dtErrTZDispOverflow
	}
	var mn, sec int64
	switch {
	case rest != "" && rest[0] == ':':
		mn, rest, over = strtoint(rest[1:])
		if over {
			return dtErrTZDispOverflow
		}
		if rest != "" && rest[0] == ':' {
			sec, rest, over = strtoint(rest[1:])
			if over {
				return dtErrTZDispOverflow
			}
		}
	case rest == "" && len(s) > 3:
		mn = hr % 100
		hr /= 100
	}
	if hr < 0 || hr > 15 || mn < 0 || mn >= 60 || sec < 0 || sec >= 60 {
		return dtErrTZDispOverflow
	}
	off := (hr*60+mn)*60 + sec
	if s[0] == '-' {
		off = -off
	}
	*tz = -off
	if rest != "" {
		return dtErrBadFormat
	}
	return dtOK
}

// validateDate applies BC, two-digit years and day-of-year, and checks the
// month and day, as ValidateDate does.
func validateDate(fmask int, r *dateTimeResult) dtErr {
	if fmask&(1<<tkYear) != 0 {
		switch {
		case r.isJulian:
		case r.bc:
			if r.year <= 0 {
				return dtErrFieldOverflow
			}
			r.year = -(r.year - 1)
		case r.is2digits:
			if r.year < 0 {
				return dtErrFieldOverflow
			}
			if r.year < 70 {
				r.year += 2000
			} else if r.year < 100 {
				r.year += 1900
			}
		default:
			if r.year <= 0 {
				return dtErrFieldOverflow
			}
		}
	}
	if fmask&maskDOY != 0 {
		r.year, r.mon, r.mday = J2Date(Date2J(r.year, 1, 1) + r.yday - 1)
	}
	if fmask&(1<<tkMonth) != 0 && (r.mon < 1 || r.mon > 12) {
		return dtErrMDFieldOverflow
	}
	if fmask&(1<<tkDay) != 0 && (r.mday < 1 || r.mday > 31) {
		return dtErrMDFieldOverflow
	}
	if fmask&maskDate == maskDate && r.mday > daysInMonth(r.year, r.mon) {
		return dtErrFieldOverflow
	}
	return dtOK
}

// isoDate reads a valid date written YYYY-MM-DD, the form dumps and data
// generators write, without the general parser; ok is false for anything
// else, which InDate then parses (and reports errors for) in full.
func isoDate(s string) (int64, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, false
	}
	var v [8]int64
	k := 0
	for i := 0; i < 10; i++ {
		if i == 4 || i == 7 {
			continue
		}
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		v[k] = int64(c - '0')
		k++
	}
	y := v[0]*1000 + v[1]*100 + v[2]*10 + v[3]
	m := v[4]*10 + v[5]
	d := v[6]*10 + v[7]
	if y == 0 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m) {
		return 0, false
	}
	return Date2J(y, m, d) - PostgresEpochJDate, true
}

func isLeap(y int64) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func daysInMonth(y, m int64) int64 {
	switch m {
	case 2:
		if isLeap(y) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// DaysInMonth returns the number of days in month m of year y.
func DaysInMonth(y, m int64) int64 { return daysInMonth(y, m) }
