// This file holds text input and output for bool, the integer types, oid,
// "char", name and bytea, and the varchar/bpchar length rules (PG:
// utils/adt/bool.c, int.c, int8.c, numutils.c, oid.c, char.c, name.c,
// varchar.c, varlena.c byteain/byteaout).

package types

import (
	"math"
	"strconv"
	"unicode/utf8"

	"github.com/loomdb/loomdb/internal/pgerror"
)

// InBool parses boolean input as boolin: surrounding whitespace and any
// unambiguous prefix, in any case, of true, false, yes, no, on, off, plus 1
// and 0.
func InBool(s string) (bool, error) {
	v := s
	for len(v) > 0 && isSpace(v[0]) {
		v = v[1:]
	}
	for len(v) > 0 && isSpace(v[len(v)-1]) {
		v = v[:len(v)-1]
	}
	if b, ok := ParseBool(v); ok {
		return b, nil
	}
	return false, pgerror.Newf(pgerror.InvalidTextRepresentation,
		"invalid input syntax for type %s: \"%s\"", "boolean", s)
}

// ParseBool is parse_bool: it recognizes the boolean spellings PostgreSQL
// accepts (no surrounding whitespace allowed) and reports whether v was one.
func ParseBool(v string) (value, ok bool) {
	if v == "" {
		return false, false
	}
	prefixOf := func(word string, minLen int) bool {
		return len(v) >= minLen && len(v) <= len(word) && hasPrefixFold([]byte(word), v)
	}
	switch v[0] {
	case 't', 'T':
		return true, prefixOf("true", 1)
	case 'f', 'F':
		return false, prefixOf("false", 1)
	case 'y', 'Y':
		return true, prefixOf("yes", 1)
	case 'n', 'N':
		return false, prefixOf("no", 1)
	case 'o', 'O':
		if prefixOf("on", 2) {
			return true, true
		}
		return false, prefixOf("off", 2)
	case '1':
		return true, len(v) == 1
	case '0':
		return false, len(v) == 1
	}
	return false, false
}

// OutBool returns boolout's text: t or f.
func OutBool(b bool) string {
	if b {
		return "t"
	}
	return "f"
}

// intTypeName returns the SQL name integer errors use for an integer type.
func intTypeName(t Oid) string {
	switch t {
	case Int2Oid:
		return "smallint"
	case Int4Oid:
		return "integer"
	}
	return "bigint"
}

// intRange returns the value range of an integer type.
func intRange(t Oid) (lo, hi int64) {
	switch t {
	case Int2Oid:
		return math.MinInt16, math.MaxInt16
	case Int4Oid:
		return math.MinInt32, math.MaxInt32
	}
	return math.MinInt64, math.MaxInt64
}

// InInt parses int2, int4 or int8 input (t) as pg_strtoint16/32/64 do:
// optional surrounding whitespace, a sign and decimal digits.
func InInt(t Oid, s string) (int64, error) {
	name := intTypeName(t)
	lo, hi := intRange(t)
	i := 0
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	start := i
	var u uint64
	over := false
	for i < len(s) && isDigit(s[i]) {
		d := uint64(s[i] - '0')
		if u > (math.MaxUint64-d)/10 {
			over = true
		} else {
			u = u*10 + d
		}
		i++
	}
	if i == start {
		return 0, errIntSyntax(name, s)
	}
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	if i != len(s) {
		return 0, errIntSyntax(name, s)
	}
	if !over {
		if neg && u <= uint64(-lo) {
			return -int64(u), nil // also right for the minimum
		}
		if !neg && u <= uint64(hi) {
			return int64(u), nil
		}
	}
	return 0, pgerror.Newf(pgerror.NumericValueOutOfRange,
		"value \"%s\" is out of range for type %s", s, name)
}

func errIntSyntax(name, s string) error {
	return pgerror.Newf(pgerror.InvalidTextRepresentation, "invalid input syntax for type %s: \"%s\"", name, s)
}

// InOid parses oid input as oidin: an unsigned decimal number, where
// negative input between -2147483648 and -1 wraps around as in C.
func InOid(s string) (int64, error) {
	bad := func() error {
		return pgerror.Newf(pgerror.InvalidTextRepresentation, "invalid input syntax for type %s: \"%s\"", "oid", s)
	}
	rng := func() error {
		return pgerror.Newf(pgerror.NumericValueOutOfRange, "value \"%s\" is out of range for type %s", s, "oid")
	}
	if s == "" {
		return 0, bad()
	}
	i := 0
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	start := i
	var u uint64
	over := false
	for i < len(s) && isDigit(s[i]) {
		d := uint64(s[i] - '0')
		if u > (math.MaxUint64-d)/10 {
			over = true
		} else {
			u = u*10 + d
		}
		i++
	}
	if i == start {
		return 0, bad()
	}
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	if i != len(s) {
		return 0, bad()
	}
	if over {
		return 0, rng()
	}
	if neg {
		if u == 0 {
			return 0, nil
		}
		if u > 1<<31 {
			return 0, rng()
		}
		return int64(uint32(-int64(u))), nil
	}
	if u > math.MaxUint32 {
		return 0, rng()
	}
	return int64(u), nil
}

// InChar parses "char" input as charin: the first byte, or the byte given
// by a backslash and three octal digits; empty input gives 0.
func InChar(s string) int64 {
	if len(s) == 4 && s[0] == '\\' && isOctal(s[1]) && isOctal(s[2]) && isOctal(s[3]) {
		return int64(byte((s[1]-'0')<<6 + (s[2]-'0')<<3 + (s[3] - '0')))
	}
	if s == "" {
		return 0
	}
	return int64(s[0])
}

func isOctal(c byte) bool { return c >= '0' && c <= '7' }

// OutChar returns charout's text: bytes with the high bit set as a
// backslash and three octal digits, 0 as the empty string.
func OutChar(c int64) string {
	b := byte(c)
	switch {
	case b >= 0x80:
		return string([]byte{'\\', '0' + b>>6, '0' + (b>>3)&7, '0' + b&7})
	case b == 0:
		return ""
	}
	return string([]byte{b})
}

// InName truncates name input to at most 63 bytes without splitting a UTF-8
// character, as namein does.
func InName(s string) string {
	if len(s) < NameDataLen {
		return s
	}
	return clipBytes(s, NameDataLen-1)
}

// clipBytes returns the longest prefix of s of at most n bytes that does not
// end inside a UTF-8 sequence.
func clipBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// clipChars returns the byte length of the first n characters of s.
func clipChars(s string, n int) int {
	i := 0
	for k := 0; k < n && i < len(s); k++ {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return i
}

// StringTypmodLen returns n for varchar(n) or char(n), or -1 for no limit.
func StringTypmodLen(typmod int32) int {
	if typmod < VarHdrSz {
		return -1
	}
	return int(typmod - VarHdrSz)
}

// ApplyStringTypmod applies a varchar(n) or char(n) length (t.Typmod) to s,
// counting characters: with explicit false (assignment and input) a value
// longer than n is an error unless the excess is all spaces, which are cut;
// with explicit true it is truncated. char(n) values are then padded with
// spaces to n characters. Other types and typmod -1 return s unchanged.
func ApplyStringTypmod(t T, s string, explicit bool) (string, error) {
	maxLen := StringTypmodLen(t.Typmod)
	if maxLen < 0 || (t.Oid != VarcharOid && t.Oid != BpcharOid) {
		return s, nil
	}
	if t.Oid == VarcharOid && len(s) <= maxLen {
		return s, nil // fits even counting bytes
	}
	nchars := utf8.RuneCountInString(s)
	if nchars == maxLen {
		return s, nil
	}
	if nchars > maxLen {
		cut := clipChars(s, maxLen)
		if !explicit {
			for i := cut; i < len(s); i++ {
				if s[i] != ' ' {
					name := "character varying"
					if t.Oid == BpcharOid {
						name = "character"
					}
					return "", pgerror.Newf(pgerror.StringDataRightTruncation,
						"value too long for type %s(%d)", name, maxLen)
				}
			}
		}
		return s[:cut], nil
	}
	if t.Oid == VarcharOid {
		return s, nil
	}
	b := make([]byte, len(s), len(s)+maxLen-nchars)
	copy(b, s)
	for k := nchars; k < maxLen; k++ {
		b = append(b, ' ')
	}
	return string(b), nil
}

// BpcharTrim returns s without trailing spaces: the significant part of a
// character(n) value, used for comparison, hashing and casts to text.
func BpcharTrim(s string) string {
	n := len(s)
	for n > 0 && s[n-1] == ' ' {
		n--
	}
	return s[:n]
}

// InBytea parses bytea input as byteain: "\x" followed by hex digit pairs
// (whitespace allowed between pairs), or the escape format where a
// backslash is followed by three octal digits or another backslash.
func InBytea(s string) (string, error) {
	if len(s) >= 2 && s[0] == '\\' && s[1] == 'x' {
		out := make([]byte, 0, (len(s)-2)/2)
		i := 2
		for i < len(s) {
			c := s[i]
			if c == ' ' || c == '\n' || c == '\t' || c == '\r' {
				i++
				continue
			}
			hi, ok := hexVal(c)
			if !ok {
				return "", errBadHexDigit(s[i:])
			}
			i++
			if i >= len(s) {
				return "", pgerror.New(pgerror.InvalidParameterValue, "invalid hexadecimal data: odd number of digits")
			}
			lo, ok := hexVal(s[i])
			if !ok {
				return "", errBadHexDigit(s[i:])
			}
			i++
			out = append(out, hi<<4|lo)
		}
		return string(out), nil
	}
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		if s[i] != '\\' {
			out = append(out, s[i])
			i++
			continue
		}
		if i+3 < len(s) && s[i+1] >= '0' && s[i+1] <= '3' && isOctal(s[i+2]) && isOctal(s[i+3]) {
			out = append(out, (s[i+1]-'0')<<6|(s[i+2]-'0')<<3|(s[i+3]-'0'))
			i += 4
			continue
		}
		if i+1 < len(s) && s[i+1] == '\\' {
			out = append(out, '\\')
			i += 2
			continue
		}
		return "", pgerror.New(pgerror.InvalidTextRepresentation, "invalid input syntax for type bytea")
	}
	return string(out), nil
}

func errBadHexDigit(rest string) error {
	_, size := utf8.DecodeRuneInString(rest)
	if size < 1 {
		size = 1
	}
	return pgerror.Newf(pgerror.InvalidParameterValue, "invalid hexadecimal digit: \"%s\"", rest[:size])
}

func hexVal(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

const hexDigits = "0123456789abcdef"

// OutBytea returns byteaout's text with bytea_output = hex: "\x" and two
// lower-case hex digits per byte.
func OutBytea(b string) string {
	out := make([]byte, 2+2*len(b))
	out[0], out[1] = '\\', 'x'
	for i := 0; i < len(b); i++ {
		out[2+2*i] = hexDigits[b[i]>>4]
		out[3+2*i] = hexDigits[b[i]&15]
	}
	return string(out)
}

// OutByteaEscape returns byteaout's text with bytea_output = escape:
// backslashes doubled, bytes outside printable ASCII as \ooo.
func OutByteaEscape(b string) string {
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case c == '\\':
			out = append(out, '\\', '\\')
		case c < 0x20 || c > 0x7e:
			out = append(out, '\\', '0'+c>>6, '0'+(c>>3)&7, '0'+c&7)
		default:
			out = append(out, c)
		}
	}
	return string(out)
}

// OutInt returns int2out/int4out/int8out text.
func OutInt(v int64) string { return strconv.FormatInt(v, 10) }

// OutOid returns oidout text (an unsigned 32-bit number).
func OutOid(v int64) string { return strconv.FormatUint(uint64(uint32(v)), 10) }
