// formatting.go: to_char for timestamps, timestamps with time zone and
// intervals, to_date and to_timestamp(text, text), and the template parser
// they share with the numeric to_char of formatting_num.go (PG:
// utils/adt/formatting.c); also to_timestamp(double precision) (PG:
// float8_timestamptz in timestamp.c). The database locale is C, so the TM
// prefix gives the English names and case mapping touches ASCII letters
// only.

package funcs

import (
	"fmt"
	"math"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

// Node types of a parsed template.
const (
	fmtAction uint8 = iota + 1
	fmtChar
	fmtSeparator
	fmtSpace
)

// Date conventions a template field belongs to (PG: FromCharDateMode).
const (
	dateModeNone = iota
	dateModeGregorian
	dateModeISOWeek
)

// fmtKeyword is a template pattern: its spelling, what it does, whether
// it reads digits, and its date convention.
type fmtKeyword struct {
	name    string
	id      int
	isDigit bool
	mode    int
}

// fmtNode is one element of a parsed template: a pattern with its prefix
// and suffix modifiers, or a literal character.
type fmtNode struct {
	typ    uint8
	key    *fmtKeyword
	suffix uint8
	char   string
}

// Datetime template patterns (PG: DCH_poz). Lower-case spellings that
// behave as the upper-case ones share their id.
const (
	dchA_D = iota
	dchA_M
	dchAD
	dchAM
	dchB_C
	dchBC
	dchCC
	dchDAY
	dchDDD
	dchDD
	dchDY
	dchDay
	dchDy
	dchD
	dchFF1
	dchFF2
	dchFF3
	dchFF4
	dchFF5
	dchFF6
	dchFX
	dchHH24
	dchHH12
	dchHH
	dchIDDD
	dchID
	dchIW
	dchIYYY
	dchIYY
	dchIY
	dchI
	dchJ
	dchMI
	dchMM
	dchMONTH
	dchMON
	dchMS
	dchMonth
	dchMon
	dchOF
	dchP_M
	dchPM
	dchQ
	dchRM
	dchSSSS
	dchSS
	dchTZH
	dchTZM
	dchTZ
	dchUS
	dchWW
	dchW
	dchY_YYY
	dchYYYY
	dchYYY
	dchYY
	dchY
	dch_a_d
	dch_a_m
	dch_ad
	dch_am
	dch_b_c
	dch_bc
	dch_day
	dch_dy
	dch_month
	dch_mon
	dch_p_m
	dch_pm
	dch_rm
	dch_tz
)

// dchKeywords lists the datetime patterns in PostgreSQL's search order:
// alphabetical, longer spellings before their prefixes.
var dchKeywords = []fmtKeyword{
	{"A.D.", dchA_D, false, dateModeNone},
	{"A.M.", dchA_M, false, dateModeNone},
	{"AD", dchAD, false, dateModeNone},
	{"AM", dchAM, false, dateModeNone},
	{"B.C.", dchB_C, false, dateModeNone},
	{"BC", dchBC, false, dateModeNone},
	{"CC", dchCC, true, dateModeNone},
	{"DAY", dchDAY, false, dateModeNone},
	{"DDD", dchDDD, true, dateModeGregorian},
	{"DD", dchDD, true, dateModeGregorian},
	{"DY", dchDY, false, dateModeNone},
	{"Day", dchDay, false, dateModeNone},
	{"Dy", dchDy, false, dateModeNone},
	{"D", dchD, true, dateModeGregorian},
	{"FF1", dchFF1, true, dateModeNone},
	{"FF2", dchFF2, true, dateModeNone},
	{"FF3", dchFF3, true, dateModeNone},
	{"FF4", dchFF4, true, dateModeNone},
	{"FF5", dchFF5, true, dateModeNone},
	{"FF6", dchFF6, true, dateModeNone},
	{"FX", dchFX, false, dateModeNone},
	{"HH24", dchHH24, true, dateModeNone},
	{"HH12", dchHH12, true, dateModeNone},
	{"HH", dchHH, true, dateModeNone},
	{"IDDD", dchIDDD, true, dateModeISOWeek},
	{"ID", dchID, true, dateModeISOWeek},
	{"IW", dchIW, true, dateModeISOWeek},
	{"IYYY", dchIYYY, true, dateModeISOWeek},
	{"IYY", dchIYY, true, dateModeISOWeek},
	{"IY", dchIY, true, dateModeISOWeek},
	{"I", dchI, true, dateModeISOWeek},
	{"J", dchJ, true, dateModeNone},
	{"MI", dchMI, true, dateModeNone},
	{"MM", dchMM, true, dateModeGregorian},
	{"MONTH", dchMONTH, false, dateModeGregorian},
	{"MON", dchMON, false, dateModeGregorian},
	{"MS", dchMS, true, dateModeNone},
	{"Month", dchMonth, false, dateModeGregorian},
	{"Mon", dchMon, false, dateModeGregorian},
	{"OF", dchOF, false, dateModeNone},
	{"P.M.", dchP_M, false, dateModeNone},
	{"PM", dchPM, false, dateModeNone},
	{"Q", dchQ, true, dateModeNone},
	{"RM", dchRM, false, dateModeGregorian},
	{"SSSSS", dchSSSS, true, dateModeNone},
	{"SSSS", dchSSSS, true, dateModeNone},
	{"SS", dchSS, true, dateModeNone},
	{"TZH", dchTZH, false, dateModeNone},
	{"TZM", dchTZM, true, dateModeNone},
	{"TZ", dchTZ, false, dateModeNone},
	{"US", dchUS, true, dateModeNone},
	{"WW", dchWW, true, dateModeGregorian},
	{"W", dchW, true, dateModeGregorian},
	{"Y,YYY", dchY_YYY, true, dateModeGregorian},
	{"YYYY", dchYYYY, true, dateModeGregorian},
	{"YYY", dchYYY, true, dateModeGregorian},
	{"YY", dchYY, true, dateModeGregorian},
	{"Y", dchY, true, dateModeGregorian},
	{"a.d.", dch_a_d, false, dateModeNone},
	{"a.m.", dch_a_m, false, dateModeNone},
	{"ad", dch_ad, false, dateModeNone},
	{"am", dch_am, false, dateModeNone},
	{"b.c.", dch_b_c, false, dateModeNone},
	{"bc", dch_bc, false, dateModeNone},
	{"cc", dchCC, true, dateModeNone},
	{"day", dch_day, false, dateModeNone},
	{"ddd", dchDDD, true, dateModeGregorian},
	{"dd", dchDD, true, dateModeGregorian},
	{"dy", dch_dy, false, dateModeNone},
	{"d", dchD, true, dateModeGregorian},
	{"ff1", dchFF1, true, dateModeNone},
	{"ff2", dchFF2, true, dateModeNone},
	{"ff3", dchFF3, true, dateModeNone},
	{"ff4", dchFF4, true, dateModeNone},
	{"ff5", dchFF5, true, dateModeNone},
	{"ff6", dchFF6, true, dateModeNone},
	{"fx", dchFX, false, dateModeNone},
	{"hh24", dchHH24, true, dateModeNone},
	{"hh12", dchHH12, true, dateModeNone},
	{"hh", dchHH, true, dateModeNone},
	{"iddd", dchIDDD, true, dateModeISOWeek},
	{"id", dchID, true, dateModeISOWeek},
	{"iw", dchIW, true, dateModeISOWeek},
	{"iyyy", dchIYYY, true, dateModeISOWeek},
	{"iyy", dchIYY, true, dateModeISOWeek},
	{"iy", dchIY, true, dateModeISOWeek},
	{"i", dchI, true, dateModeISOWeek},
	{"j", dchJ, true, dateModeNone},
	{"mi", dchMI, true, dateModeNone},
	{"mm", dchMM, true, dateModeGregorian},
	{"month", dch_month, false, dateModeGregorian},
	{"mon", dch_mon, false, dateModeGregorian},
	{"ms", dchMS, true, dateModeNone},
	{"of", dchOF, false, dateModeNone},
	{"p.m.", dch_p_m, false, dateModeNone},
	{"pm", dch_pm, false, dateModeNone},
	{"q", dchQ, true, dateModeNone},
	{"rm", dch_rm, false, dateModeGregorian},
	{"sssss", dchSSSS, true, dateModeNone},
	{"ssss", dchSSSS, true, dateModeNone},
	{"ss", dchSS, true, dateModeNone},
	{"tzh", dchTZH, false, dateModeNone},
	{"tzm", dchTZM, true, dateModeNone},
	{"tz", dch_tz, false, dateModeNone},
	{"us", dchUS, true, dateModeNone},
	{"ww", dchWW, true, dateModeGregorian},
	{"w", dchW, true, dateModeGregorian},
	{"y,yyy", dchY_YYY, true, dateModeGregorian},
	{"yyyy", dchYYYY, true, dateModeGregorian},
	{"yyy", dchYYY, true, dateModeGregorian},
	{"yy", dchYY, true, dateModeGregorian},
	{"y", dchY, true, dateModeGregorian},
}

// Datetime pattern modifiers (PG: DCH_S_*).
const (
	dchSuffFM uint8 = 0x01
	dchSuffTH uint8 = 0x02
	dchSuffth uint8 = 0x04
	dchSuffSP uint8 = 0x08
	dchSuffTM uint8 = 0x10
)

type fmtSuffix struct {
	name   string
	id     uint8
	prefix bool
}

var dchSuffixes = []fmtSuffix{
	{"FM", dchSuffFM, true}, {"fm", dchSuffFM, true},
	{"TM", dchSuffTM, true}, {"tm", dchSuffTM, true},
	{"TH", dchSuffTH, false}, {"th", dchSuffth, false},
	{"SP", dchSuffSP, false},
}

// keywordIndex maps a first byte to the position of the first keyword
// spelled with it, or -1.
type keywordIndex [128]int

func buildKeywordIndex(kws []fmtKeyword) *keywordIndex {
	var idx keywordIndex
	for i := range idx {
		idx[i] = -1
	}
	for i := len(kws) - 1; i >= 0; i-- {
		idx[kws[i].name[0]] = i
	}
	return &idx
}

var dchIndex = buildKeywordIndex(dchKeywords)

// findKeyword returns the first keyword, in table order, that str starts
// with (PG: index_seq_search).
func findKeyword(str string, kws []fmtKeyword, idx *keywordIndex) *fmtKeyword {
	c := str[0]
	if c <= ' ' || c >= '~' {
		return nil
	}
	for i := idx[c]; i >= 0 && i < len(kws) && kws[i].name[0] == c; i++ {
		if strings.HasPrefix(str, kws[i].name) {
			return &kws[i]
		}
	}
	return nil
}

func findSuffix(str string, prefix bool) *fmtSuffix {
	for i := range dchSuffixes {
		s := &dchSuffixes[i]
		if s.prefix == prefix && strings.HasPrefix(str, s.name) {
			return s
		}
	}
	return nil
}

// isSeparatorChar reports whether c is printable ASCII but no letter or
// digit.
func isSeparatorChar(c byte) bool {
	return c > 0x20 && c < 0x7f && !isASCIIAlnum(c)
}

// isCSpace is C's isspace in the C locale.
func isCSpace(c byte) bool {
	return c == ' ' || (c >= '\t' && c <= '\r')
}

// mbLen is the byte length of the character at the start of s (1 at its
// end).
func mbLen(s string) int {
	if s == "" {
		return 1
	}
	_, n := utf8.DecodeRuneInString(s)
	return n
}

// parseFormat parses a template into nodes (PG: parse_format). With num
// set it reads the numeric patterns and fills num; otherwise the datetime
// patterns with their modifiers.
func parseFormat(str string, num *numDesc) ([]fmtNode, error) {
	kws, idx := dchKeywords, dchIndex
	dch := num == nil
	if !dch {
		kws, idx = numKeywords, numIndex
	}
	var nodes []fmtNode
	for str != "" {
		var suffix uint8
		if dch {
			if s := findSuffix(str, true); s != nil {
				suffix |= s.id
				str = str[len(s.name):]
			}
		}
		var key *fmtKeyword
		if str != "" {
			key = findKeyword(str, kws, idx)
		}
		if key != nil {
			n := fmtNode{typ: fmtAction, key: key, suffix: suffix}
			str = str[len(key.name):]
			if !dch {
				if err := num.prepare(key); err != nil {
					return nil, err
				}
			}
			if dch && str != "" {
				if s := findSuffix(str, false); s != nil {
					n.suffix |= s.id
					str = str[len(s.name):]
				}
			}
			nodes = append(nodes, n)
			continue
		}
		if str == "" {
			break
		}
		if str[0] == '"' {
			// A quoted literal; a backslash quotes the next character.
			str = str[1:]
			for str != "" {
				if str[0] == '"' {
					str = str[1:]
					break
				}
				if str[0] == '\\' && len(str) > 1 {
					str = str[1:]
				}
				l := mbLen(str)
				nodes = append(nodes, fmtNode{typ: fmtChar, char: str[:l]})
				str = str[l:]
			}
			continue
		}
		// Outside quotes a backslash matters only before a double quote.
		if str[0] == '\\' && len(str) > 1 && str[1] == '"' {
			str = str[1:]
		}
		l := mbLen(str)
		typ := fmtChar
		switch {
		case dch && isSeparatorChar(str[0]):
			typ = fmtSeparator
		case isCSpace(str[0]):
			typ = fmtSpace
		}
		nodes = append(nodes, fmtNode{typ: typ, char: str[:l]})
		str = str[l:]
	}
	return nodes, nil
}

// dchCache keeps parsed datetime templates; parsing fails only for
// numeric templates, so every datetime template is cached.
var dchCache struct {
	sync.Mutex
	m map[string][]fmtNode
}

func dchFormat(f string) []fmtNode {
	dchCache.Lock()
	nodes, ok := dchCache.m[f]
	dchCache.Unlock()
	if ok {
		return nodes
	}
	nodes, _ = parseFormat(f, nil)
	dchCache.Lock()
	if dchCache.m == nil || len(dchCache.m) >= 256 {
		dchCache.m = map[string][]fmtNode{}
	}
	dchCache.m[f] = nodes
	dchCache.Unlock()
	return nodes
}

// ---------------------------------------------------------------------------
// Calendar arithmetic as PostgreSQL's C code does it, in 32-bit integers,
// so that to_char of intervals (whose "dates" are not dates) prints the
// same numbers.

func pgDate2J(year, month, day int32) int32 {
	if month > 2 {
		month++
		year += 4800
	} else {
		month += 13
		year += 4799
	}
	century := year / 100
	julian := year*365 - 32167
	julian += year/4 - century + century/4
	julian += 7834*month/256 + day
	return julian
}

func pgJ2Date(jd int32) (year, month, day int32) {
	julian := uint32(jd)
	julian += 32044
	quad := julian / 146097
	extra := (julian-quad*146097)*4 + 3
	julian += 60 + quad*3 + extra/146097
	quad = julian / 1461
	julian -= quad * 1461
	y := int32(julian * 4 / 1461)
	if y != 0 {
		julian = (julian+305)%365 + 123
	} else {
		julian = (julian+306)%366 + 123
	}
	y += int32(quad * 4)
	year = y - 4800
	quad = julian * 2141 / 65536
	day = int32(julian - 7834*quad/256)
	month = int32((quad+10)%12 + 1)
	return
}

func pgJ2Day(d int32) int32 {
	d = (d + 1) % 7
	if d < 0 {
		d += 7
	}
	return d
}

// pgIsoWeek2J is the Julian day of the Monday of ISO week `week` of year.
func pgIsoWeek2J(year, week int32) int32 {
	day4 := pgDate2J(year, 1, 4)
	day0 := pgJ2Day(day4 - 1)
	return (week-1)*7 + (day4 - day0)
}

func pgDate2IsoWeek(year, mon, mday int32) int32 {
	dayn := pgDate2J(year, mon, mday)
	day4 := pgDate2J(year, 1, 4)
	day0 := pgJ2Day(day4 - 1)
	if dayn < day4-day0 {
		day4 = pgDate2J(year-1, 1, 4)
		day0 = pgJ2Day(day4 - 1)
	}
	result := (dayn-(day4-day0))/7 + 1
	if result >= 52 {
		day4 = pgDate2J(year+1, 1, 4)
		day0 = pgJ2Day(day4 - 1)
		if dayn >= day4-day0 {
			result = (dayn-(day4-day0))/7 + 1
		}
	}
	return result
}

func pgDate2IsoYear(year, mon, mday int32) int32 {
	dayn := pgDate2J(year, mon, mday)
	day4 := pgDate2J(year, 1, 4)
	day0 := pgJ2Day(day4 - 1)
	if dayn < day4-day0 {
		day4 = pgDate2J(year-1, 1, 4)
		day0 = pgJ2Day(day4 - 1)
		year--
	}
	result := (dayn-(day4-day0))/7 + 1
	if result >= 52 {
		day4 = pgDate2J(year+1, 1, 4)
		day0 = pgJ2Day(day4 - 1)
		if dayn >= day4-day0 {
			year++
		}
	}
	return year
}

func pgDate2IsoYearDay(year, mon, mday int32) int32 {
	return pgDate2J(year, mon, mday) - pgIsoWeek2J(pgDate2IsoYear(year, mon, mday), 1) + 1
}

func pgIsLeap(y int32) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

// ---------------------------------------------------------------------------
// to_char of datetimes.

var (
	monthsFull = []string{"January", "February", "March", "April", "May", "June", "July",
		"August", "September", "October", "November", "December"}
	monthsShort = []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
	daysFull    = []string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}
	daysShort   = []string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}
	rmUpper     = []string{"XII", "XI", "X", "IX", "VIII", "VII", "VI", "V", "IV", "III", "II", "I"}
	rmLower     = []string{"xii", "xi", "x", "ix", "viii", "vii", "vi", "v", "iv", "iii", "ii", "i"}
)

// fmtTm holds the fields to_char prints: a broken-down timestamp, or an
// interval's years, months, days and time (PG: struct fmt_tm).
type fmtTm struct {
	year, mon, mday int32
	hour            int64
	min, sec        int32
	wday, yday      int32
	gmtoff          int32
	fsec            int32
	tzn             string
	hasTzn          bool
}

// tmFromTimestamp breaks a finite timestamp down as timestamp2tm does.
func tmFromTimestamp(t int64) fmtTm {
	days, usecs := types.SplitTimestamp(t)
	jd := days + types.PostgresEpochJDate
	y, m, d := types.J2Date(jd)
	tm := fmtTm{year: int32(y), mon: int32(m), mday: int32(d)}
	tm.hour = usecs / types.USecsPerHour
	usecs -= tm.hour * types.USecsPerHour
	tm.min = int32(usecs / types.USecsPerMinute)
	usecs -= int64(tm.min) * types.USecsPerMinute
	tm.sec = int32(usecs / types.USecsPerSec)
	tm.fsec = int32(usecs - int64(tm.sec)*types.USecsPerSec)
	tm.wday = int32((jd + 1) % 7)
	tm.yday = int32(jd) - pgDate2J(tm.year, 1, 1) + 1
	return tm
}

// tmFromInterval splits an interval as interval2itm does.
func tmFromInterval(iv types.Interval) fmtTm {
	tm := fmtTm{year: iv.Month / 12, mon: iv.Month % 12, mday: iv.Day}
	t := iv.Time
	tm.hour = t / types.USecsPerHour
	t -= tm.hour * types.USecsPerHour
	tm.min = int32(t / types.USecsPerMinute)
	t -= int64(tm.min) * types.USecsPerMinute
	tm.sec = int32(t / types.USecsPerSec)
	tm.fsec = int32(t - int64(tm.sec)*types.USecsPerSec)
	tm.yday = (tm.year*12+tm.mon)*30 + tm.mday
	return tm
}

// zoneAbbrev is the abbreviation loc uses at instant t.
func zoneAbbrev(t int64, loc *time.Location) string {
	if loc == nil || loc == time.UTC {
		return "UTC"
	}
	secs := t / types.USecsPerSec
	if t%types.USecsPerSec < 0 {
		secs--
	}
	secs += (types.PostgresEpochJDate - types.UnixEpochJDate) * 86400
	name, _ := time.Unix(secs, 0).In(loc).Zone()
	return name
}

func errIntervalFormat() error {
	return pgerror.New(pgerror.InvalidDatetimeFormat, "invalid format specification for an interval value").
		WithHint("Intervals are not tied to specific calendar dates.")
}

// appendTH appends the ordinal suffix of the number that ends b (PG:
// get_th): "th" for the teens, else by the last digit.
func appendTH(b []byte, start int, upper bool) ([]byte, error) {
	num := b[start:]
	if len(num) == 0 || num[len(num)-1] < '0' || num[len(num)-1] > '9' {
		return nil, pgerror.Newf(pgerror.InvalidTextRepresentation, "\"%s\" is not a number", num)
	}
	last := num[len(num)-1]
	if len(num) > 1 && num[len(num)-2] == '1' {
		last = 0
	}
	var s string
	switch last {
	case '1':
		s = "st"
	case '2':
		s = "nd"
	case '3':
		s = "rd"
	default:
		s = "th"
	}
	if upper {
		s = asciiUpper(s)
	}
	return append(b, s...), nil
}

// padRight pads s with spaces to width w unless fm.
func padRight(s string, w int, fm bool) string {
	if fm || len(s) >= w {
		return s
	}
	return s + strings.Repeat(" ", w-len(s))
}

// adjustYear maps PostgreSQL's year 0 (1 BC) and earlier to the BC year
// number; interval years are printed as they are.
func adjustYear(y int32, isInterval bool) int32 {
	if isInterval || y > 0 {
		return y
	}
	return -(y - 1)
}

// dchToChar prints tm by the template nodes (PG: DCH_to_char).
func dchToChar(nodes []fmtNode, isInterval bool, tm *fmtTm) (string, error) {
	var b []byte
	for i := range nodes {
		n := &nodes[i]
		if n.typ != fmtAction {
			b = append(b, n.char...)
			continue
		}
		fm := n.suffix&dchSuffFM != 0
		tmMode := n.suffix&dchSuffTM != 0
		start := len(b)
		numeric := true // whether TH/th applies
		width := func(normal int, v int64) int {
			if fm {
				return 0
			}
			if v < 0 {
				return normal + 1
			}
			return normal
		}
		switch n.key.id {
		case dchA_M, dchP_M, dchAM, dchPM, dch_a_m, dch_p_m, dch_am, dch_pm:
			pm := tm.hour%24 >= 12
			var s string
			switch n.key.id {
			case dchA_M, dchP_M:
				s = pick(pm, "P.M.", "A.M.")
			case dchAM, dchPM:
				s = pick(pm, "PM", "AM")
			case dch_a_m, dch_p_m:
				s = pick(pm, "p.m.", "a.m.")
			default:
				s = pick(pm, "pm", "am")
			}
			b = append(b, s...)
			numeric = false
		case dchHH, dchHH12:
			h := tm.hour % 12
			if h == 0 {
				h = 12
			}
			b = fmt.Appendf(b, "%0*d", width(2, tm.hour), h)
		case dchHH24:
			b = fmt.Appendf(b, "%0*d", width(2, tm.hour), tm.hour)
		case dchMI:
			b = fmt.Appendf(b, "%0*d", width(2, int64(tm.min)), tm.min)
		case dchSS:
			b = fmt.Appendf(b, "%0*d", width(2, int64(tm.sec)), tm.sec)
		case dchFF1:
			b = fmt.Appendf(b, "%01d", tm.fsec/100000)
		case dchFF2:
			b = fmt.Appendf(b, "%02d", tm.fsec/10000)
		case dchFF3, dchMS:
			b = fmt.Appendf(b, "%03d", tm.fsec/1000)
		case dchFF4:
			b = fmt.Appendf(b, "%04d", tm.fsec/100)
		case dchFF5:
			b = fmt.Appendf(b, "%05d", tm.fsec/10)
		case dchFF6, dchUS:
			b = fmt.Appendf(b, "%06d", tm.fsec)
		case dchSSSS:
			b = fmt.Appendf(b, "%d", tm.hour*3600+int64(tm.min)*60+int64(tm.sec))
		case dch_tz, dchTZ:
			if isInterval {
				return "", errIntervalFormat()
			}
			if tm.hasTzn {
				if n.key.id == dch_tz {
					b = append(b, asciiLower(tm.tzn)...)
				} else {
					b = append(b, tm.tzn...)
				}
			}
			numeric = false
		case dchTZH:
			if isInterval {
				return "", errIntervalFormat()
			}
			b = fmt.Appendf(b, "%c%02d", offSign(tm.gmtoff), abs32(tm.gmtoff)/3600)
			numeric = false
		case dchTZM:
			if isInterval {
				return "", errIntervalFormat()
			}
			b = fmt.Appendf(b, "%02d", abs32(tm.gmtoff)%3600/60)
			numeric = false
		case dchOF:
			if isInterval {
				return "", errIntervalFormat()
			}
			w := 2
			if fm {
				w = 0
			}
			b = fmt.Appendf(b, "%c%0*d", offSign(tm.gmtoff), w, abs32(tm.gmtoff)/3600)
			if abs32(tm.gmtoff)%3600 != 0 {
				b = fmt.Appendf(b, ":%02d", abs32(tm.gmtoff)%3600/60)
			}
			numeric = false
		case dchA_D, dchB_C, dchAD, dchBC, dch_a_d, dch_b_c, dch_ad, dch_bc:
			if isInterval {
				return "", errIntervalFormat()
			}
			bc := tm.year <= 0
			var s string
			switch n.key.id {
			case dchA_D, dchB_C:
				s = pick(bc, "B.C.", "A.D.")
			case dchAD, dchBC:
				s = pick(bc, "BC", "AD")
			case dch_a_d, dch_b_c:
				s = pick(bc, "b.c.", "a.d.")
			default:
				s = pick(bc, "bc", "ad")
			}
			b = append(b, s...)
			numeric = false
		case dchMONTH, dchMonth, dch_month, dchMON, dchMon, dch_mon:
			if isInterval {
				return "", errIntervalFormat()
			}
			numeric = false
			if tm.mon == 0 {
				break
			}
			full := n.key.id == dchMONTH || n.key.id == dchMonth || n.key.id == dch_month
			s := monthsShort[tm.mon-1]
			if full {
				s = monthsFull[tm.mon-1]
			}
			switch n.key.id {
			case dchMONTH, dchMON:
				s = asciiUpper(s)
			case dch_month, dch_mon:
				s = asciiLower(s)
			}
			if full {
				s = padRight(s, 9, fm || tmMode)
			}
			b = append(b, s...)
		case dchMM:
			b = fmt.Appendf(b, "%0*d", width(2, int64(tm.mon)), tm.mon)
		case dchDAY, dchDay, dch_day, dchDY, dchDy, dch_dy:
			if isInterval {
				return "", errIntervalFormat()
			}
			numeric = false
			full := n.key.id == dchDAY || n.key.id == dchDay || n.key.id == dch_day
			s := daysShort[tm.wday]
			if full {
				s = daysFull[tm.wday]
			}
			switch n.key.id {
			case dchDAY, dchDY:
				s = asciiUpper(s)
			case dch_day, dch_dy:
				s = asciiLower(s)
			}
			if full {
				s = padRight(s, 9, fm || tmMode)
			}
			b = append(b, s...)
		case dchDDD, dchIDDD:
			w := 3
			if fm {
				w = 0
			}
			v := tm.yday
			if n.key.id == dchIDDD {
				v = pgDate2IsoYearDay(tm.year, tm.mon, tm.mday)
			}
			b = fmt.Appendf(b, "%0*d", w, v)
		case dchDD:
			w := 2
			if fm {
				w = 0
			}
			b = fmt.Appendf(b, "%0*d", w, tm.mday)
		case dchD:
			if isInterval {
				return "", errIntervalFormat()
			}
			b = fmt.Appendf(b, "%d", tm.wday+1)
		case dchID:
			if isInterval {
				return "", errIntervalFormat()
			}
			d := tm.wday
			if d == 0 {
				d = 7
			}
			b = fmt.Appendf(b, "%d", d)
		case dchWW:
			w := 2
			if fm {
				w = 0
			}
			b = fmt.Appendf(b, "%0*d", w, (tm.yday-1)/7+1)
		case dchIW:
			w := 2
			if fm {
				w = 0
			}
			b = fmt.Appendf(b, "%0*d", w, pgDate2IsoWeek(tm.year, tm.mon, tm.mday))
		case dchQ:
			if tm.mon == 0 {
				numeric = false
				break
			}
			b = fmt.Appendf(b, "%d", (tm.mon-1)/3+1)
		case dchCC:
			var c int32
			switch {
			case isInterval:
				c = tm.year / 100
			case tm.year > 0:
				c = (tm.year-1)/100 + 1
			default:
				c = tm.year/100 - 1
			}
			if c <= 99 && c >= -99 {
				b = fmt.Appendf(b, "%0*d", width(2, int64(c)), c)
			} else {
				b = fmt.Appendf(b, "%d", c)
			}
		case dchY_YYY:
			y := adjustYear(tm.year, isInterval)
			k := y / 1000
			b = fmt.Appendf(b, "%d,%03d", k, y-k*1000)
		case dchYYYY, dchIYYY, dchYYY, dchIYY, dchYY, dchIY, dchY, dchI:
			y := tm.year
			switch n.key.id {
			case dchIYYY, dchIYY, dchIY, dchI:
				y = pgDate2IsoYear(tm.year, tm.mon, tm.mday)
			}
			y = adjustYear(y, isInterval)
			// The width follows the sign of the calendar year, for the
			// ISO year too.
			sy := int64(adjustYear(tm.year, isInterval))
			switch n.key.id {
			case dchYYYY, dchIYYY:
				b = fmt.Appendf(b, "%0*d", width(4, sy), y)
			case dchYYY, dchIYY:
				b = fmt.Appendf(b, "%0*d", width(3, sy), y%1000)
			case dchYY, dchIY:
				b = fmt.Appendf(b, "%0*d", width(2, sy), y%100)
			default:
				b = fmt.Appendf(b, "%1d", y%10)
			}
		case dchRM, dch_rm:
			numeric = false
			if tm.mon == 0 && tm.year == 0 {
				break
			}
			var k int32
			switch {
			case tm.mon == 0:
				// Whole interval years.
				if tm.year < 0 {
					k = 11
				}
			case tm.mon < 0:
				k = -(tm.mon + 1)
			default:
				k = 12 - tm.mon
			}
			s := rmUpper[k]
			if n.key.id == dch_rm {
				s = rmLower[k]
			}
			if !fm && len(s) < 4 {
				s += strings.Repeat(" ", 4-len(s))
			}
			b = append(b, s...)
		case dchW:
			b = fmt.Appendf(b, "%d", (tm.mday-1)/7+1)
		case dchJ:
			b = fmt.Appendf(b, "%d", pgDate2J(tm.year, tm.mon, tm.mday))
		default:
			numeric = false // FX prints nothing
		}
		if numeric && n.suffix&(dchSuffTH|dchSuffth) != 0 {
			var err error
			if b, err = appendTH(b, start, n.suffix&dchSuffTH != 0); err != nil {
				return "", err
			}
		}
	}
	return string(b), nil
}

// pick returns yes when cond holds, else no.
func pick(cond bool, yes, no string) string {
	if cond {
		return yes
	}
	return no
}

func offSign(off int32) byte {
	if off >= 0 {
		return '+'
	}
	return '-'
}

func abs32(v int32) int32 {
	if v < 0 {
		return -v
	}
	return v
}

// timestampToChar is to_char(timestamp, text): NULL for an infinite
// timestamp or an empty template.
func timestampToChar(t int64, f string) (types.Datum, error) {
	if f == "" || types.IsInfTimestamp(t) {
		return nil, nil
	}
	tm := tmFromTimestamp(t)
	return dchResult(dchToChar(dchFormat(f), false, &tm))
}

// timestamptzToChar is to_char(timestamptz, text) in the session's zone.
func timestamptzToChar(t int64, f string, loc *time.Location) (types.Datum, error) {
	if f == "" || types.IsInfTimestamp(t) {
		return nil, nil
	}
	off := types.ZoneOffset(t, loc)
	local := t + int64(off)*types.USecsPerSec
	if !types.IsValidTimestamp(local) {
		return nil, pgerror.New(pgerror.DatetimeFieldOverflow, "timestamp out of range")
	}
	tm := tmFromTimestamp(local)
	tm.gmtoff = int32(off)
	tm.tzn, tm.hasTzn = zoneAbbrev(t, loc), true
	return dchResult(dchToChar(dchFormat(f), false, &tm))
}

// intervalToChar is to_char(interval, text).
func intervalToChar(iv types.Interval, f string) (types.Datum, error) {
	if f == "" {
		return nil, nil
	}
	tm := tmFromInterval(iv)
	return dchResult(dchToChar(dchFormat(f), true, &tm))
}

func dchResult(s string, err error) (types.Datum, error) {
	if err != nil {
		return nil, err
	}
	return s, nil
}

// ---------------------------------------------------------------------------
// to_date and to_timestamp.

// tmFromChar collects the fields read from the input (PG: TmFromChar).
type tmFromChar struct {
	mode                                        int
	hh, pm, mi, ss, ssss, d, dd, ddd, mm, ms    int
	year, bc, ww, w, cc, j, us, yysz, clock, ff int
	tzsign, tzh, tzm                            int
}

// dchReader reads an input string by a template (PG: DCH_from_char).
type dchReader struct {
	in    string
	pos   int
	nodes []fmtNode
}

var (
	ampmStrings     = []string{"am", "pm", "AM", "PM"}
	ampmStringsLong = []string{"a.m.", "p.m.", "A.M.", "P.M."}
	adbcStrings     = []string{"ad", "bc", "AD", "BC"}
	adbcStringsLong = []string{"a.d.", "b.c.", "A.D.", "B.C."}
)

// isNextSeparator reports whether the node after nodes[i] cannot hold
// digits, so that a number field may read as many digits as there are.
func isNextSeparator(nodes []fmtNode, i int) bool {
	n := &nodes[i]
	if n.typ == fmtAction && n.suffix&(dchSuffTH|dchSuffth) != 0 {
		return true
	}
	if i+1 >= len(nodes) {
		return true
	}
	next := &nodes[i+1]
	if next.typ == fmtAction {
		return !next.key.isDigit
	}
	if len(next.char) == 1 && next.char[0] >= '0' && next.char[0] <= '9' {
		return false
	}
	return true
}

// strtol reads a decimal integer as C's strtol does: leading white
// space, an optional sign, digits. It returns the value (clamped on
// overflow), the bytes used (0 when there are no digits) and whether it
// overflowed.
func strtol(s string) (int64, int, bool) {
	i := 0
	for i < len(s) && isCSpace(s[i]) {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	start := i
	var v uint64
	over := false
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		if v > (math.MaxUint64-9)/10 {
			over = true
		} else {
			v = v*10 + uint64(s[i]-'0')
		}
		i++
	}
	if i == start {
		return 0, 0, false
	}
	if neg {
		if over || v > 1<<63 {
			return math.MinInt64, i, true
		}
		return -int64(v), i, false
	}
	if over || v > math.MaxInt64 {
		return math.MaxInt64, i, true
	}
	return int64(v), i, false
}

func errConflict(n *fmtNode) error {
	return pgerror.Newf(pgerror.InvalidDatetimeFormat, "conflicting values for \"%s\" field in formatting string", n.key.name).
		WithDetail("This value contradicts a previous setting for the same field type.")
}

// setInt is from_char_set_int: a field may be set twice only to the
// same value.
func setInt(dest *int, v int, n *fmtNode) error {
	if *dest != 0 && *dest != v {
		return errConflict(n)
	}
	*dest = v
	return nil
}

// parseInt reads the number of field i into dest (nil: read and drop),
// at most length characters unless the field is in fill mode or followed
// by a non-digit (PG: from_char_parse_int_len). It returns the bytes read.
func (r *dchReader) parseInt(dest *int, i, length int) (int, error) {
	n := &r.nodes[i]
	init := r.pos
	for r.pos < len(r.in) && isCSpace(r.in[r.pos]) {
		r.pos++
	}
	rest := r.in[r.pos:]
	cp := rest
	if len(cp) > length {
		cp = cp[:length]
	}
	var result int64
	var overflow bool
	if n.suffix&dchSuffFM != 0 || isNextSeparator(r.nodes, i) {
		var used int
		result, used, overflow = strtol(r.in[init:])
		r.pos = init + used
	} else {
		if len(rest) < length {
			return 0, pgerror.Newf(pgerror.InvalidDatetimeFormat, "source string too short for \"%s\" formatting field", n.key.name).
				WithDetail("Field requires %d characters, but only %d remain.", length, len(rest)).
				WithHint("If your source string is not fixed-width, try using the \"FM\" modifier.")
		}
		var used int
		result, used, overflow = strtol(cp)
		if used > 0 && used < length {
			return 0, pgerror.Newf(pgerror.InvalidDatetimeFormat, "invalid value \"%s\" for \"%s\"", cp, n.key.name).
				WithDetail("Field requires %d characters, but only %d could be parsed.", length, used).
				WithHint("If your source string is not fixed-width, try using the \"FM\" modifier.")
		}
		r.pos += used
	}
	if r.pos == init {
		return 0, pgerror.Newf(pgerror.InvalidDatetimeFormat, "invalid value \"%s\" for \"%s\"", cp, n.key.name).
			WithDetail("Value must be an integer.")
	}
	if overflow || result < math.MinInt32 || result > math.MaxInt32 {
		return 0, pgerror.Newf(pgerror.DatetimeFieldOverflow, "value for \"%s\" in source string is out of range", n.key.name).
			WithDetail("Value must be in the range %d to %d.", math.MinInt32, math.MaxInt32)
	}
	if dest != nil {
		if err := setInt(dest, int(result), n); err != nil {
			return 0, err
		}
	}
	return r.pos - init, nil
}

// seqSearch finds the first entry of array that the input starts with,
// ignoring ASCII case, and moves past it (PG: from_char_seq_search).
func (r *dchReader) seqSearch(array []string, n *fmtNode) (int, error) {
	rest := r.in[r.pos:]
	for k, a := range array {
		if len(rest) >= len(a) && strings.EqualFold(rest[:len(a)], a) {
			r.pos += len(a)
			return k, nil
		}
	}
	cp := rest
	if k := strings.IndexAny(cp, " \t\n\r\f"); k >= 0 {
		cp = cp[:k]
	}
	return 0, pgerror.Newf(pgerror.InvalidDatetimeFormat, "invalid value \"%s\" for \"%s\"", cp, n.key.name).
		WithDetail("The given value did not match any of the allowed values for this field.")
}

// skipTH steps over an ordinal suffix in the input.
func (r *dchReader) skipTH(n *fmtNode) {
	if n.suffix&(dchSuffTH|dchSuffth) == 0 {
		return
	}
	for k := 0; k < 2 && r.pos < len(r.in); k++ {
		r.pos += mbLen(r.in[r.pos:])
	}
}

// scanYYYY reads "%d,%03d" as sscanf does, returning the values, how many
// it matched and the bytes used.
func scanYYYY(s string) (mill, years, matched, used int) {
	i := 0
	readInt := func(width int) (int, bool) {
		for i < len(s) && isCSpace(s[i]) {
			i++
		}
		j, lim := i, len(s)
		if width > 0 && i+width < lim {
			lim = i + width
		}
		neg := false
		if j < lim && (s[j] == '+' || s[j] == '-') {
			neg = s[j] == '-'
			j++
		}
		ds := j
		v := 0
		for j < lim && s[j] >= '0' && s[j] <= '9' {
			v = v*10 + int(s[j]-'0')
			if v > math.MaxInt32 {
				v = math.MaxInt32
			}
			j++
		}
		if j == ds {
			return 0, false
		}
		i = j
		if neg {
			v = -v
		}
		return v, true
	}
	var ok bool
	if mill, ok = readInt(0); !ok {
		return
	}
	matched = 1
	if i >= len(s) || s[i] != ',' {
		return
	}
	i++
	if years, ok = readInt(3); !ok {
		return
	}
	return mill, years, 2, i
}

// read fills out from the input (PG: DCH_from_char, not in standard
// mode).
func (r *dchReader) read(out *tmFromChar) error {
	fx := false
	extraSkip := 0
	for i := 0; i < len(r.nodes) && r.pos < len(r.in); i++ {
		n := &r.nodes[i]
		if !fx && !(n.typ == fmtAction && n.key.id == dchFX) && (n.typ == fmtAction || i == 0) {
			for r.pos < len(r.in) && isCSpace(r.in[r.pos]) {
				r.pos++
				extraSkip++
			}
		}
		if n.typ == fmtSpace || n.typ == fmtSeparator {
			if !fx {
				// One separator or space of the template matches one of
				// the input, or nothing.
				extraSkip--
				if r.pos < len(r.in) && (isCSpace(r.in[r.pos]) || isSeparatorChar(r.in[r.pos])) {
					r.pos++
					extraSkip++
				}
			} else if r.pos < len(r.in) {
				r.pos += mbLen(r.in[r.pos:])
			}
			continue
		} else if n.typ != fmtAction {
			// A literal character skips one input character, whatever it
			// is, unless spaces were skipped in its place.
			if !fx && extraSkip > 0 {
				extraSkip--
			} else if r.pos < len(r.in) {
				r.pos += mbLen(r.in[r.pos:])
			}
			continue
		}
		if n.key.mode != dateModeNone {
			if out.mode == dateModeNone {
				out.mode = n.key.mode
			} else if out.mode != n.key.mode {
				return pgerror.New(pgerror.InvalidDatetimeFormat, "invalid combination of date conventions").
					WithHint("Do not mix Gregorian and ISO week date conventions in a formatting template.")
			}
		}
		var err error
		var v int
		switch n.key.id {
		case dchFX:
			fx = true
		case dchA_M, dchP_M, dch_a_m, dch_p_m:
			if v, err = r.seqSearch(ampmStringsLong, n); err == nil {
				err = setInt(&out.pm, v%2, n)
				out.clock = 12
			}
		case dchAM, dchPM, dch_am, dch_pm:
			if v, err = r.seqSearch(ampmStrings, n); err == nil {
				err = setInt(&out.pm, v%2, n)
				out.clock = 12
			}
		case dchHH, dchHH12:
			if _, err = r.parseInt(&out.hh, i, 2); err == nil {
				out.clock = 12
				r.skipTH(n)
			}
		case dchHH24:
			_, err = r.parseInt(&out.hh, i, 2)
			r.skipTH(n)
		case dchMI:
			_, err = r.parseInt(&out.mi, i, len(n.key.name))
			r.skipTH(n)
		case dchSS:
			_, err = r.parseInt(&out.ss, i, len(n.key.name))
			r.skipTH(n)
		case dchMS:
			var l int
			if l, err = r.parseInt(&out.ms, i, 3); err == nil {
				// 25 is 0.25 and 250 is 0.25 too; 025 is 0.025.
				switch l {
				case 1:
					out.ms *= 100
				case 2:
					out.ms *= 10
				}
				r.skipTH(n)
			}
		case dchFF1, dchFF2, dchFF3, dchFF4, dchFF5, dchFF6, dchUS:
			length := 6
			if n.key.id != dchUS {
				out.ff = n.key.id - dchFF1 + 1
				length = out.ff
			}
			var l int
			if l, err = r.parseInt(&out.us, i, length); err == nil {
				for k := l; k < 6; k++ {
					out.us *= 10
				}
				r.skipTH(n)
			}
		case dchSSSS:
			_, err = r.parseInt(&out.ssss, i, len(n.key.name))
			r.skipTH(n)
		case dch_tz, dchTZ, dchOF:
			err = pgerror.Newf(pgerror.FeatureNotSupported, "formatting field \"%s\" is only supported in to_char", n.key.name)
		case dchTZH:
			// A minus sign before the hours may have been skipped as a
			// separator.
			if r.pos < len(r.in) && (r.in[r.pos] == '+' || r.in[r.pos] == '-' || r.in[r.pos] == ' ') {
				out.tzsign = 1
				if r.in[r.pos] == '-' {
					out.tzsign = -1
				}
				r.pos++
			} else if extraSkip > 0 && r.pos > 0 && r.in[r.pos-1] == '-' {
				out.tzsign = -1
			} else {
				out.tzsign = 1
			}
			_, err = r.parseInt(&out.tzh, i, 2)
		case dchTZM:
			if out.tzsign == 0 {
				out.tzsign = 1
			}
			_, err = r.parseInt(&out.tzm, i, 2)
		case dchA_D, dchB_C, dch_a_d, dch_b_c:
			if v, err = r.seqSearch(adbcStringsLong, n); err == nil {
				err = setInt(&out.bc, v%2, n)
			}
		case dchAD, dchBC, dch_ad, dch_bc:
			if v, err = r.seqSearch(adbcStrings, n); err == nil {
				err = setInt(&out.bc, v%2, n)
			}
		case dchMONTH, dchMonth, dch_month:
			if v, err = r.seqSearch(monthsFull, n); err == nil {
				err = setInt(&out.mm, v+1, n)
			}
		case dchMON, dchMon, dch_mon:
			if v, err = r.seqSearch(monthsShort, n); err == nil {
				err = setInt(&out.mm, v+1, n)
			}
		case dchMM:
			_, err = r.parseInt(&out.mm, i, len(n.key.name))
			r.skipTH(n)
		case dchDAY, dchDay, dch_day:
			if v, err = r.seqSearch(daysFull, n); err == nil {
				if err = setInt(&out.d, v, n); err == nil {
					out.d++
				}
			}
		case dchDY, dchDy, dch_dy:
			if v, err = r.seqSearch(daysShort, n); err == nil {
				if err = setInt(&out.d, v, n); err == nil {
					out.d++
				}
			}
		case dchDDD:
			_, err = r.parseInt(&out.ddd, i, len(n.key.name))
			r.skipTH(n)
		case dchIDDD:
			_, err = r.parseInt(&out.ddd, i, 3)
			r.skipTH(n)
		case dchDD:
			_, err = r.parseInt(&out.dd, i, len(n.key.name))
			r.skipTH(n)
		case dchD:
			_, err = r.parseInt(&out.d, i, len(n.key.name))
			r.skipTH(n)
		case dchID:
			if _, err = r.parseInt(&out.d, i, 1); err == nil {
				// Shift to the Gregorian numbering, Sunday = 1.
				if out.d++; out.d > 7 {
					out.d = 1
				}
				r.skipTH(n)
			}
		case dchWW, dchIW:
			_, err = r.parseInt(&out.ww, i, len(n.key.name))
			r.skipTH(n)
		case dchQ:
			// The quarter is read but not used.
			_, err = r.parseInt(nil, i, len(n.key.name))
			r.skipTH(n)
		case dchCC:
			_, err = r.parseInt(&out.cc, i, len(n.key.name))
			r.skipTH(n)
		case dchY_YYY:
			mill, years, matched, used := scanYYYY(r.in[r.pos:])
			if matched < 2 {
				return pgerror.New(pgerror.InvalidDatetimeFormat, "invalid input string for \"Y,YYY\"")
			}
			y := int64(years) + int64(mill)*1000
			if y > math.MaxInt32 || y < math.MinInt32 {
				return pgerror.New(pgerror.DatetimeFieldOverflow, "value for \"Y,YYY\" in source string is out of range")
			}
			if err = setInt(&out.year, int(y), n); err == nil {
				out.yysz = 4
				r.pos += used
				r.skipTH(n)
			}
		case dchYYYY, dchIYYY:
			if _, err = r.parseInt(&out.year, i, len(n.key.name)); err == nil {
				out.yysz = 4
				r.skipTH(n)
			}
		case dchYYY, dchIYY, dchYY, dchIY, dchY, dchI:
			var l int
			if l, err = r.parseInt(&out.year, i, len(n.key.name)); err == nil {
				if l < 4 {
					out.year = adjustPartialYear(out.year)
				}
				out.yysz = len(n.key.name)
				r.skipTH(n)
			}
		case dchRM, dch_rm:
			if v, err = r.seqSearch(rmLower, n); err == nil {
				err = setInt(&out.mm, 12-v, n)
			}
		case dchW:
			_, err = r.parseInt(&out.w, i, len(n.key.name))
			r.skipTH(n)
		case dchJ:
			_, err = r.parseInt(&out.j, i, len(n.key.name))
			r.skipTH(n)
		}
		if err != nil {
			return err
		}
		// Spaces after a field are skipped.
		if !fx {
			extraSkip = 0
			for r.pos < len(r.in) && isCSpace(r.in[r.pos]) {
				r.pos++
				extraSkip++
			}
		}
	}
	return nil
}

// adjustPartialYear puts a year of fewer than four digits nearest 2020:
// 70 is 1970, 69 is 2069.
func adjustPartialYear(y int) int {
	switch {
	case y < 70:
		return y + 2000
	case y < 100:
		return y + 1900
	case y < 520:
		return y + 2000
	case y < 1000:
		return y + 1000
	}
	return y
}

// Field masks for validateDate.
const (
	fmaskYear = 1 << iota
	fmaskMonth
	fmaskDay
	fmaskDate = fmaskYear | fmaskMonth | fmaskDay
)

// pgTm is a broken-down time being built from input fields.
type pgTm struct {
	year, mon, mday, hour, min, sec int
}

func errFieldOverflow(s string) error {
	return pgerror.Newf(pgerror.DatetimeFieldOverflow, "date/time field value out of range: \"%s\"", s)
}

var dayTab = [2][12]int{
	{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31},
	{31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31},
}

// validateDate checks the date fields the mask names (PG: ValidateDate
// for a year already in PostgreSQL's numbering).
func validateDate(fmask int, tm *pgTm) bool {
	if fmask&fmaskMonth != 0 && (tm.mon < 1 || tm.mon > 12) {
		return false
	}
	if fmask&fmaskDay != 0 && (tm.mday < 1 || tm.mday > 31) {
		return false
	}
	if fmask&fmaskDate == fmaskDate {
		leap := 0
		if pgIsLeap(int32(tm.year)) {
			leap = 1
		}
		if tm.mday > dayTab[leap][tm.mon-1] {
			return false
		}
	}
	return true
}

// toTimestampParts reads input by template f into a broken-down time,
// fractional seconds, a zone offset (seconds east) when the input gave
// one, and the FFn precision (PG: do_to_timestamp).
func toTimestampParts(input, f string) (tm pgTm, fsec int64, tzOff int, hasTZ bool, fprec int, err error) {
	var tmfc tmFromChar
	tm = pgTm{mon: 1, mday: 1}
	if f != "" {
		r := &dchReader{in: input, nodes: dchFormat(f)}
		if err = r.read(&tmfc); err != nil {
			return
		}
	}
	overflow := func() error { return errFieldOverflow(input) }

	if tmfc.ssss != 0 {
		x := tmfc.ssss
		tm.hour = x / 3600
		x %= 3600
		tm.min = x / 60
		tm.sec = x % 60
	}
	if tmfc.ss != 0 {
		tm.sec = tmfc.ss
	}
	if tmfc.mi != 0 {
		tm.min = tmfc.mi
	}
	if tmfc.hh != 0 {
		tm.hour = tmfc.hh
	}
	if tmfc.clock == 12 {
		if tm.hour < 1 || tm.hour > 12 {
			err = pgerror.Newf(pgerror.InvalidDatetimeFormat, "hour \"%d\" is invalid for the 12-hour clock", tm.hour).
				WithHint("Use the 24-hour clock, or give an hour between 1 and 12.")
			return
		}
		if tmfc.pm != 0 && tm.hour < 12 {
			tm.hour += 12
		} else if tmfc.pm == 0 && tm.hour == 12 {
			tm.hour = 0
		}
	}

	fmask := 0
	fits := func(v int64) bool { return v >= math.MinInt32 && v <= math.MaxInt32 }
	if tmfc.year != 0 {
		// With CC, YY (or Y) gives the last digits of a year in that
		// century; the 21st century runs from 2001 to 2100.
		if tmfc.cc != 0 && tmfc.yysz <= 2 {
			if tmfc.bc != 0 {
				tmfc.cc = -tmfc.cc
			}
			tm.year = tmfc.year % 100
			if tm.year != 0 {
				var y int64
				if tmfc.cc >= 0 {
					y = int64(tm.year) + (int64(tmfc.cc)-1)*100
				} else {
					y = (int64(tmfc.cc)+1)*100 - int64(tm.year) + 1
				}
				if !fits(y) {
					err = overflow()
					return
				}
				tm.year = int(y)
			} else {
				tm.year = tmfc.cc * 100
				if tmfc.cc < 0 {
					tm.year++
				}
			}
		} else {
			tm.year = tmfc.year
			if tmfc.bc != 0 {
				tm.year = -tm.year
			}
			if tm.year < 0 {
				tm.year++
			}
		}
		fmask |= fmaskYear
	} else if tmfc.cc != 0 {
		// The first year of the century.
		if tmfc.bc != 0 {
			tmfc.cc = -tmfc.cc
		}
		y := int64(tmfc.cc)*100 + 1
		if tmfc.cc >= 0 {
			y = (int64(tmfc.cc)-1)*100 + 1
		}
		if !fits(y) {
			err = overflow()
			return
		}
		tm.year = int(y)
		fmask |= fmaskYear
	}

	if tmfc.j != 0 {
		y, m, d := pgJ2Date(int32(tmfc.j))
		tm.year, tm.mon, tm.mday = int(y), int(m), int(d)
		fmask |= fmaskDate
	}
	if tmfc.ww != 0 {
		if tmfc.mode == dateModeISOWeek {
			jd := pgIsoWeek2J(int32(tm.year), int32(tmfc.ww))
			if tmfc.d != 0 {
				// From Gregorian (Sunday = 1) to ISO (Monday = 1) days.
				if tmfc.d > 1 {
					jd += int32(tmfc.d) - 2
				} else {
					jd += 6
				}
			}
			y, m, d := pgJ2Date(jd)
			tm.year, tm.mon, tm.mday = int(y), int(m), int(d)
			fmask |= fmaskDate
		} else {
			v := (int64(tmfc.ww)-1)*7 + 1
			if !fits(v) {
				err = overflow()
				return
			}
			tmfc.ddd = int(v)
		}
	}
	if tmfc.w != 0 {
		v := (int64(tmfc.w)-1)*7 + 1
		if !fits(v) {
			err = overflow()
			return
		}
		tmfc.dd = int(v)
	}
	if tmfc.dd != 0 {
		tm.mday = tmfc.dd
		fmask |= fmaskDay
	}
	if tmfc.mm != 0 {
		tm.mon = tmfc.mm
		fmask |= fmaskMonth
	}
	if tmfc.ddd != 0 && (tm.mon <= 1 || tm.mday <= 1) {
		// Month and day come from the day of the year.
		if tm.year == 0 && tmfc.bc == 0 {
			err = pgerror.New(pgerror.InvalidDatetimeFormat, "cannot calculate day of year without year information")
			return
		}
		if tmfc.mode == dateModeISOWeek {
			j0 := pgIsoWeek2J(int32(tm.year), 1) - 1
			y, m, d := pgJ2Date(j0 + int32(tmfc.ddd))
			tm.year, tm.mon, tm.mday = int(y), int(m), int(d)
			fmask |= fmaskDate
		} else {
			ysum := [2][13]int{
				{0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365},
				{0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335, 366},
			}
			leap := 0
			if pgIsLeap(int32(tm.year)) {
				leap = 1
			}
			y := ysum[leap]
			k := 1
			for ; k <= 12; k++ {
				if tmfc.ddd <= y[k] {
					break
				}
			}
			if tm.mon <= 1 {
				tm.mon = k
			}
			if tm.mday <= 1 {
				tm.mday = tmfc.ddd - y[k-1]
			}
			fmask |= fmaskMonth | fmaskDay
		}
	}

	fsec = int64(tmfc.ms)*1000 + int64(tmfc.us)
	fprec = tmfc.ff
	if fmask != 0 && !validateDate(fmask, &tm) {
		err = overflow()
		return
	}
	if tm.hour < 0 || tm.hour >= 24 || tm.min < 0 || tm.min >= 60 ||
		tm.sec < 0 || tm.sec >= 60 || fsec < 0 || fsec >= types.USecsPerSec {
		err = overflow()
		return
	}
	if tmfc.tzsign != 0 {
		if tmfc.tzh < 0 || tmfc.tzh > 15 || tmfc.tzm < 0 || tmfc.tzm >= 60 {
			err = pgerror.Newf(errInvalidTimeZoneDisplacement, "time zone displacement out of range: \"%s\"", input)
			return
		}
		hasTZ = true
		tzOff = (tmfc.tzh*60 + tmfc.tzm) * 60
		if tmfc.tzsign < 0 {
			tzOff = -tzOff
		}
	}
	return
}

// errInvalidTimeZoneDisplacement is SQLSTATE invalid_time_zone_displacement_value.
const errInvalidTimeZoneDisplacement = "22009"

// isValidJulianYM is IS_VALID_JULIAN: whether the date lies from
// 4714-11-24 BC to before 5874898-06-01.
func isValidJulianYM(y, m int) bool {
	return (y > -4713 || (y == -4713 && m >= 11)) && (y < 5874898 || (y == 5874898 && m < 6))
}

// toTimestamp is to_timestamp(text, text): the wall-clock time read is
// in the session's zone unless the input gave an offset.
func toTimestamp(input, f string, loc *time.Location) (types.Datum, error) {
	tm, fsec, off, hasTZ, fprec, err := toTimestampParts(input, f)
	if err != nil {
		return nil, err
	}
	rangeErr := pgerror.New(pgerror.DatetimeFieldOverflow, "timestamp out of range")
	if !isValidJulianYM(tm.year, tm.mon) {
		return nil, rangeErr
	}
	days := int64(pgDate2J(int32(tm.year), int32(tm.mon), int32(tm.mday))) - types.PostgresEpochJDate
	if days > math.MaxInt64/types.USecsPerDay-1 || days < math.MinInt64/types.USecsPerDay+1 {
		return nil, rangeErr
	}
	// Only the instant is range-checked, not the wall-clock time.
	local := days*types.USecsPerDay + ((int64(tm.hour)*60+int64(tm.min))*60+int64(tm.sec))*types.USecsPerSec + fsec
	var r int64
	if hasTZ {
		r = local - int64(off)*types.USecsPerSec
		if !types.IsValidTimestamp(r) {
			return nil, rangeErr
		}
	} else if r, err = types.LocalToTimestamptz(local, loc); err != nil {
		return nil, rangeErr
	}
	if fprec != 0 {
		return types.ApplyTimestampTypmod(r, int32(fprec))
	}
	return r, nil
}

// toDate is to_date(text, text).
func toDate(input, f string) (types.Datum, error) {
	tm, _, _, _, _, err := toTimestampParts(input, f)
	if err != nil {
		return nil, err
	}
	rangeErr := pgerror.Newf(pgerror.DatetimeFieldOverflow, "date out of range: \"%s\"", input)
	if !isValidJulianYM(tm.year, tm.mon) {
		return nil, rangeErr
	}
	d := int64(pgDate2J(int32(tm.year), int32(tm.mon), int32(tm.mday))) - types.PostgresEpochJDate
	if !types.IsValidDate(d) {
		return nil, rangeErr
	}
	return d, nil
}

// toTimestampEpoch is to_timestamp(double precision): seconds since
// 1970-01-01 00:00:00+00.
func toTimestampEpoch(secs float64) (types.Datum, error) {
	if math.IsNaN(secs) {
		return nil, pgerror.New(pgerror.DatetimeFieldOverflow, "timestamp cannot be NaN")
	}
	if math.IsInf(secs, -1) {
		return types.TimestampNoBegin, nil
	}
	if math.IsInf(secs, 1) {
		return types.TimestampNoEnd, nil
	}
	rangeErr := pgerror.Newf(pgerror.DatetimeFieldOverflow, "timestamp out of range: \"%s\"", formatG(secs))
	const minJulian, endJulian = 0, 109203528 // DATETIME_MIN_JULIAN, TIMESTAMP_END_JULIAN
	if secs < 86400*float64(minJulian-types.UnixEpochJDate) || secs >= 86400*float64(endJulian-types.UnixEpochJDate) {
		return nil, rangeErr
	}
	secs -= float64((types.PostgresEpochJDate - types.UnixEpochJDate) * 86400)
	r := int64(math.RoundToEven(secs * 1e6))
	if !types.IsValidTimestamp(r) {
		return nil, rangeErr
	}
	return r, nil
}

// stableFn registers a strict STABLE function that does not read the
// session: PostgreSQL marks to_char, to_date and to_timestamp STABLE
// because their output follows the locale settings.
func stableFn(name string, args []types.Oid, result types.Oid, impl Impl) *Func {
	return register(&Func{Name: name, Args: args, Result: result, Strict: true, Volatile: Stable, Impl: impl})
}

func init() {
	ts, tz, iv, t, date := types.TimestampOid, types.TimestamptzOid, types.IntervalOid, types.TextOid, types.DateOid
	stableFn("to_char", []types.Oid{ts, t}, t, func(a []types.Datum) (types.Datum, error) {
		return timestampToChar(a[0].(int64), a[1].(string))
	})
	fnEnv("to_char", []types.Oid{tz, t}, t, Stable, func(env *Env, a []types.Datum) (types.Datum, error) {
		return timestamptzToChar(a[0].(int64), a[1].(string), env.Zone())
	})
	stableFn("to_char", []types.Oid{iv, t}, t, func(a []types.Datum) (types.Datum, error) {
		return intervalToChar(a[0].(types.Interval), a[1].(string))
	})
	fnEnv("to_timestamp", []types.Oid{t, t}, tz, Stable, func(env *Env, a []types.Datum) (types.Datum, error) {
		return toTimestamp(a[0].(string), a[1].(string), env.Zone())
	})
	stableFn("to_date", []types.Oid{t, t}, date, func(a []types.Datum) (types.Datum, error) {
		return toDate(a[0].(string), a[1].(string))
	})
	fn("to_timestamp", tFloat8, tz, func(a []types.Datum) (types.Datum, error) {
		return toTimestampEpoch(a[0].(float64))
	})
}
