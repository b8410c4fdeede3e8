// strfuncs.go registers the string functions that scalar.go lacks (PG:
// utils/adt/varlena.c, oracle_compat.c, quote.c, ruleutils.c and the
// regular expression functions of regexp.c): padding, splitting, left and
// right, reverse, initcap, translate, overlay, md5, quoting, format with no
// arguments, position, string_to_table and the regexp_* functions.
//
// The database locale is C: case mapping and character classes cover ASCII
// only, and lengths and positions count characters, not bytes.

package funcs

import (
	"crypto/md5"
	"encoding/hex"
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

// maxAllocSize is PG's MaxAllocSize, the largest value a text can reach.
const maxAllocSize = 0x3fffffff

func errLengthTooLarge() error {
	return pgerror.New(pgerror.ProgramLimitExceeded, "requested length too large")
}

func str(a []types.Datum, i int) string { return a[i].(string) }

// pad is lpad/rpad (PG: oracle_compat.c): s cut or filled with fill to n
// characters, filling on the left unless right.
func pad(s string, n int64, fill string, right bool) (string, error) {
	if n < 0 {
		n = 0
	}
	rs := []rune(s)
	s1 := int64(len(rs))
	if s1 > n {
		s1 = n
	}
	if fill == "" {
		n = s1
	}
	// PG sizes the result for four bytes a character before checking.
	if 4*n+4 > maxAllocSize {
		return "", errLengthTooLarge()
	}
	var b strings.Builder
	if !right {
		appendFill(&b, fill, n-s1)
	}
	b.WriteString(string(rs[:s1]))
	if right {
		appendFill(&b, fill, n-s1)
	}
	return b.String(), nil
}

func appendFill(b *strings.Builder, fill string, m int64) {
	if m <= 0 {
		return
	}
	fr := []rune(fill)
	for i := int64(0); i < m; i++ {
		b.WriteRune(fr[i%int64(len(fr))])
	}
}

// splitPart is split_part (PG 14+: negative field numbers count from the end).
func splitPart(s, sep string, n int64) (string, error) {
	if n == 0 {
		return "", pgerror.New(pgerror.InvalidParameterValue, "field position must not be zero")
	}
	if s == "" {
		return "", nil
	}
	if sep == "" || !strings.Contains(s, sep) {
		if n == 1 || n == -1 {
			return s, nil
		}
		return "", nil
	}
	parts := strings.Split(s, sep)
	if n > 0 {
		if n > int64(len(parts)) {
			return "", nil
		}
		return parts[n-1], nil
	}
	i := int64(len(parts)) + n
	if i < 0 {
		return "", nil
	}
	return parts[i], nil
}

// leftChars is left(s, n): the first n characters, or all but the last -n.
func leftChars(s string, n int64) string {
	rs := []rune(s)
	if n < 0 {
		n += int64(len(rs))
		if n < 0 {
			n = 0
		}
	}
	if n > int64(len(rs)) {
		n = int64(len(rs))
	}
	return string(rs[:n])
}

// rightChars is right(s, n): the last n characters, or all but the first
// -n. As in PG, n = INT_MIN cannot be negated and returns the whole string.
func rightChars(s string, n int64) string {
	rs := []rune(s)
	var skip int64
	switch {
	case n == -1<<31:
		skip = 0
	case n < 0:
		skip = -n
	default:
		skip = int64(len(rs)) - n
	}
	if skip < 0 {
		skip = 0
	}
	if skip > int64(len(rs)) {
		skip = int64(len(rs))
	}
	return string(rs[skip:])
}

func reverseChars(s string) string {
	rs := []rune(s)
	for i, j := 0, len(rs)-1; i < j; i, j = i+1, j-1 {
		rs[i], rs[j] = rs[j], rs[i]
	}
	return string(rs)
}

func isASCIIAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// initcap upper-cases the first letter of each run of ASCII letters and
// digits and lower-cases the rest (PG: asc_initcap, the C locale's rule;
// bytes of multibyte characters are neither letters nor digits).
func initcap(s string) string {
	b := []byte(s)
	wasAlnum := false
	for i, c := range b {
		if wasAlnum {
			if c >= 'A' && c <= 'Z' {
				b[i] = c + 'a' - 'A'
			}
		} else if c >= 'a' && c <= 'z' {
			b[i] = c - ('a' - 'A')
		}
		wasAlnum = isASCIIAlnum(c)
	}
	return string(b)
}

// translate replaces each character of s found in from by the character
// at the same position in to, deleting it when to is shorter.
func translate(s, from, to string) string {
	fr, tr := []rune(from), []rune(to)
	var b strings.Builder
	for _, c := range s {
		i := -1
		for k, f := range fr {
			if f == c {
				i = k
				break
			}
		}
		switch {
		case i < 0:
			b.WriteRune(c)
		case i < len(tr):
			b.WriteRune(tr[i])
		}
	}
	return b.String()
}

// substrChars is text_substring with a length (len < 0: to the end).
func substrChars(rs []rune, start, length int64) string {
	end := int64(len(rs)) + 1
	if length >= 0 {
		end = start + length
	}
	if start < 1 {
		start = 1
	}
	if end > int64(len(rs))+1 {
		end = int64(len(rs)) + 1
	}
	if start >= end {
		return ""
	}
	return string(rs[start-1 : end-1])
}

// overlay replaces length characters of s starting at character start with
// placing (PG: text_overlay).
func overlay(s, placing string, start, length int64) (string, error) {
	if start <= 0 {
		return "", pgerror.New(pgerror.SubstringError, "negative substring length not allowed")
	}
	end := start + length
	if end > 1<<31-1 || end < -1<<31 {
		return "", outOfRange("integer out of range")
	}
	rs := []rune(s)
	return substrChars(rs, 1, start-1) + placing + substrChars(rs, end, -1), nil
}

// QuoteIdentifier is PG's quote_identifier: the identifier as is when it is a
// lower-case name that is not a keyword needing quotes, else double-quoted.
func QuoteIdentifier(s string) string {
	safe := s != "" && (s[0] >= 'a' && s[0] <= 'z' || s[0] == '_')
	for i := 0; safe && i < len(s); i++ {
		c := s[i]
		safe = c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_'
	}
	if safe && !reservedKeywords[s] {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// reservedKeywords are PostgreSQL 15's keywords other than unreserved
// ones (parser/kwlist.h), which quote_ident must quote.
var reservedKeywords = func() map[string]bool {
	m := map[string]bool{}
	for _, k := range strings.Fields(`all analyse analyze and any array as asc asymmetric
		authorization between bigint binary bit boolean both case cast char character check
		coalesce collate collation column concurrently constraint create cross current_catalog
		current_date current_role current_schema current_time current_timestamp current_user
		dec decimal default deferrable desc distinct do else end except exists extract false
		fetch float for foreign freeze from full grant greatest group grouping having ilike in
		initially inner inout int integer intersect interval into is isnull join lateral leading
		least left like limit localtime localtimestamp national natural nchar none normalize not
		notnull null nullif numeric offset on only or order out outer overlaps overlay placing
		position precision primary real references returning right row select session_user
		setof similar smallint some substring symmetric table tablesample then time timestamp to
		trailing treat trim true union unique user using values varchar variadic verbose when
		where window with xmlattributes xmlconcat xmlelement xmlexists xmlforest xmlnamespaces
		xmlparse xmlpi xmlroot xmlserialize xmltable`) {
		m[k] = true
	}
	return m
}()

// quoteLiteral is PG's quote_literal_cstr: single quotes doubled, and
// with any backslash doubled and an E prefix.
func quoteLiteral(s string) string {
	var b strings.Builder
	if strings.Contains(s, `\`) {
		b.WriteByte('E')
	}
	b.WriteByte('\'')
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\'' || c == '\\' {
			b.WriteByte(c)
		}
		b.WriteByte(c)
	}
	b.WriteByte('\'')
	return b.String()
}

// ---------------------------------------------------------------------------
// format()

func errFormat(msg string) *pgerror.Error {
	return pgerror.New(pgerror.InvalidParameterValue, msg)
}

func errUnterminatedFormat() error {
	return errFormat("unterminated format() type specifier").WithHint(`For a single "%%" use "%%%%".`)
}

// formatText is PG's text_format over arguments already converted to their
// text output (nil for NULL): %s, %I and %L with optional argument
// position n$, the - flag and a width, direct or from an argument (*).
func formatText(fmtStr string, args []*string) (string, error) {
	var b strings.Builder
	next := 0 // index into args of the next argument
	n := len(fmtStr)
	for i := 0; i < n; i++ {
		if fmtStr[i] != '%' {
			b.WriteByte(fmtStr[i])
			continue
		}
		if i++; i >= n {
			return "", errUnterminatedFormat()
		}
		if fmtStr[i] == '%' {
			b.WriteByte('%')
			continue
		}
		// [argpos$][flags][width|*[argpos$]]type
		digits := func() (int64, bool, error) {
			found := false
			var v int64
			for fmtStr[i] >= '0' && fmtStr[i] <= '9' {
				v = v*10 + int64(fmtStr[i]-'0')
				if v > 1<<31-1 {
					return 0, false, outOfRange("number is out of range")
				}
				found = true
				if i++; i >= n {
					return 0, false, errUnterminatedFormat()
				}
			}
			return v, found, nil
		}
		argpos, widthpos := int64(-1), int64(-1)
		leftAlign := false
		var width int64
		v, found, err := digits()
		if err != nil {
			return "", err
		}
		parsed := false
		if found {
			if fmtStr[i] != '$' {
				width = v
				parsed = true
			} else {
				if v == 0 {
					return "", errFormat("format specifies argument 0, but arguments are numbered from 1")
				}
				argpos = v
				if i++; i >= n {
					return "", errUnterminatedFormat()
				}
			}
		}
		if !parsed {
			for fmtStr[i] == '-' {
				leftAlign = true
				if i++; i >= n {
					return "", errUnterminatedFormat()
				}
			}
			if fmtStr[i] == '*' {
				if i++; i >= n {
					return "", errUnterminatedFormat()
				}
				w, found, err := digits()
				if err != nil {
					return "", err
				}
				if found {
					if fmtStr[i] != '$' {
						return "", errFormat(`width argument position must be ended by "$"`)
					}
					if w == 0 {
						return "", errFormat("format specifies argument 0, but arguments are numbered from 1")
					}
					widthpos = w
					if i++; i >= n {
						return "", errUnterminatedFormat()
					}
				} else {
					widthpos = 0
				}
			} else {
				w, _, err := digits()
				if err != nil {
					return "", err
				}
				width = w
			}
		}
		conv := fmtStr[i]
		if conv != 's' && conv != 'I' && conv != 'L' {
			_, size := utf8.DecodeRuneInString(fmtStr[i:])
			return "", errFormat(`unrecognized format() type specifier "` + fmtStr[i:i+size] + `"`).
				WithHint(`For a single "%%" use "%%%%".`)
		}
		if widthpos >= 0 {
			if widthpos > 0 {
				next = int(widthpos) - 1
			}
			if next >= len(args) {
				return "", errFormat("too few arguments for format()")
			}
			w := args[next]
			next++
			width = 0
			if w != nil {
				iv, err := types.InInt(types.Int4Oid, *w)
				if err != nil {
					return "", err
				}
				width = iv
			}
		}
		if argpos > 0 {
			next = int(argpos) - 1
		}
		if next >= len(args) {
			return "", errFormat("too few arguments for format()")
		}
		arg := args[next]
		next++
		var s string
		switch {
		case arg == nil && conv == 'I':
			return "", pgerror.New(pgerror.NullValueNotAllowed, "null values cannot be formatted as an SQL identifier")
		case arg == nil && conv == 'L':
			s = "NULL"
		case arg == nil:
			s = ""
		case conv == 'I':
			s = QuoteIdentifier(*arg)
		case conv == 'L':
			s = quoteLiteral(*arg)
		default:
			s = *arg
		}
		if width < 0 {
			if width <= -1<<31 {
				return "", outOfRange("number is out of range")
			}
			leftAlign = true
			width = -width
		}
		padding := width - int64(utf8.RuneCountInString(s))
		if !leftAlign && padding > 0 {
			b.WriteString(strings.Repeat(" ", int(padding)))
		}
		b.WriteString(s)
		if leftAlign && padding > 0 {
			b.WriteString(strings.Repeat(" ", int(padding)))
		}
	}
	return b.String(), nil
}

// ---------------------------------------------------------------------------
// similar_to_escape

// invalidUseOfEscapeCharacter is SQLSTATE 2200C.
const invalidUseOfEscapeCharacter = "2200C"

// similarToEscape converts a SIMILAR TO pattern into an anchored ARE (PG:
// similar_escape_internal); esc nil means the default escape, backslash,
// and an empty esc means none. Escape-double-quote separators split the
// pattern into a non-greedy first part, a captured middle and a last part.
func similarToEscape(pat string, esc *string) (string, error) {
	re, _, err := similarTranslate(pat, esc)
	return re, err
}

// similarTranslate is similarToEscape, also returning where in the regular
// expression each escape-double-quote separator's text begins.
func similarTranslate(pat string, esc *string) (string, []int, error) {
	var seps []int
	e, hasEsc := '\\', true
	if esc != nil {
		switch n := utf8.RuneCountInString(*esc); {
		case n == 0:
			hasEsc = false
		case n > 1:
			return "", nil, pgerror.New(pgerror.InvalidEscapeSequence, "invalid escape string").WithHint("Escape string must be empty or one character.")
		default:
			e, _ = utf8.DecodeRuneInString(*esc)
		}
	}
	var b strings.Builder
	b.WriteString("^(?:")
	afterEscape := false
	quotes := 0
	depth := 0    // bracket nesting
	classPos := 0 // 1: after [, 2: after [^, 3: further in
	for _, c := range pat {
		if hasEsc && utf8.RuneLen(e) > 1 && utf8.RuneLen(c) > 1 {
			// PG's multibyte path: no bracket tracking for c.
			switch {
			case afterEscape:
				b.WriteByte('\\')
				b.WriteRune(c)
				afterEscape = false
			case c == e:
				afterEscape = true
			default:
				b.WriteRune(c)
			}
			continue
		}
		switch {
		case afterEscape:
			if c == '"' && depth < 1 {
				seps = append(seps, b.Len())
				switch quotes {
				case 0:
					b.WriteString("){1,1}?(")
				case 1:
					b.WriteString("){1,1}(?:")
				default:
					return "", nil, pgerror.New(invalidUseOfEscapeCharacter, "SQL regular expression may not contain more than two escape-double-quote separators")
				}
				quotes++
			} else {
				b.WriteByte('\\')
				b.WriteRune(c)
				classPos = 3
			}
			afterEscape = false
		case hasEsc && c == e:
			afterEscape = true
		case depth > 0:
			if c == '\\' {
				b.WriteByte('\\')
			}
			b.WriteRune(c)
			switch {
			case c == ']' && classPos > 2:
				depth--
			case c == '[':
				depth++
				classPos = 3
			case c == '^':
				classPos++
			default:
				classPos = 3
			}
		case c == '[':
			b.WriteRune(c)
			depth, classPos = 1, 1
		case c == '%':
			b.WriteString(".*")
		case c == '_':
			b.WriteByte('.')
		case c == '(':
			b.WriteString("(?:")
		case c == '\\' || c == '.' || c == '^' || c == '$':
			b.WriteByte('\\')
			b.WriteRune(c)
		default:
			b.WriteRune(c)
		}
	}
	b.WriteString(")$")
	return b.String(), seps, nil
}

// ---------------------------------------------------------------------------
// string_to_table

// splitText is PG's split_text: s split at each sep (nil: into characters),
// fields equal to nullStr becoming NULL.
func splitText(s, sep, nullStr *string) []types.Datum {
	if s == nil {
		return nil
	}
	var fields []string
	switch {
	case *s == "":
	case sep == nil:
		for _, r := range *s {
			fields = append(fields, string(r))
		}
	case *sep == "":
		fields = []string{*s}
	default:
		fields = strings.Split(*s, *sep)
	}
	out := make([]types.Datum, len(fields))
	for i, f := range fields {
		if nullStr != nil && f == *nullStr {
			continue
		}
		out[i] = f
	}
	return out
}

func optStr(a []types.Datum, i int) *string {
	if i >= len(a) || a[i] == nil {
		return nil
	}
	s := a[i].(string)
	return &s
}

// ---------------------------------------------------------------------------

func init() {
	t, i4 := types.TextOid, types.Int4Oid
	tt := []types.Oid{t, t}
	ttt := []types.Oid{t, t, t}
	text := func(s string) (types.Datum, error) { return s, nil }

	for _, right := range []bool{false, true} {
		right := right
		name := map[bool]string{false: "lpad", true: "rpad"}[right]
		fn(name, []types.Oid{t, i4}, t, func(a []types.Datum) (types.Datum, error) {
			return pad(str(a, 0), a[1].(int64), " ", right)
		})
		fn(name, []types.Oid{t, i4, t}, t, func(a []types.Datum) (types.Datum, error) {
			return pad(str(a, 0), a[1].(int64), str(a, 2), right)
		})
	}
	fn("split_part", []types.Oid{t, t, i4}, t, func(a []types.Datum) (types.Datum, error) {
		return splitPart(str(a, 0), str(a, 1), a[2].(int64))
	})
	fn("left", []types.Oid{t, i4}, t, func(a []types.Datum) (types.Datum, error) { return text(leftChars(str(a, 0), a[1].(int64))) })
	fn("right", []types.Oid{t, i4}, t, func(a []types.Datum) (types.Datum, error) { return text(rightChars(str(a, 0), a[1].(int64))) })
	fn("reverse", tText, t, func(a []types.Datum) (types.Datum, error) { return text(reverseChars(str(a, 0))) })
	fn("initcap", tText, t, func(a []types.Datum) (types.Datum, error) { return text(initcap(str(a, 0))) })
	fn("translate", ttt, t, func(a []types.Datum) (types.Datum, error) { return text(translate(str(a, 0), str(a, 1), str(a, 2))) })
	// starts_with is also the ^@ operator.
	addOperator("^@", t, t, types.BoolOid, fn("starts_with", tt, types.BoolOid, func(a []types.Datum) (types.Datum, error) {
		return strings.HasPrefix(str(a, 0), str(a, 1)), nil
	}))
	fn("overlay", []types.Oid{t, t, i4, i4}, t, func(a []types.Datum) (types.Datum, error) {
		return overlay(str(a, 0), str(a, 1), a[2].(int64), a[3].(int64))
	})
	fn("overlay", []types.Oid{t, t, i4}, t, func(a []types.Datum) (types.Datum, error) {
		return overlay(str(a, 0), str(a, 1), a[2].(int64), int64(utf8.RuneCountInString(str(a, 1))))
	})
	// position(s, sub) is POSITION(sub IN s), the same function as strpos.
	fn("position", tt, i4, func(a []types.Datum) (types.Datum, error) {
		k := strings.Index(str(a, 0), str(a, 1))
		if k < 0 {
			return int64(0), nil
		}
		return int64(utf8.RuneCountInString(str(a, 0)[:k]) + 1), nil
	})
	md5Hex := func(a []types.Datum) (types.Datum, error) {
		sum := md5.Sum([]byte(str(a, 0)))
		return hex.EncodeToString(sum[:]), nil
	}
	fn("md5", tText, t, md5Hex)
	fn("md5", []types.Oid{types.ByteaOid}, t, md5Hex)
	bitLen := func(a []types.Datum) (types.Datum, error) { return int64(len(str(a, 0))) * 8, nil }
	fn("bit_length", tText, i4, bitLen)
	fn("bit_length", []types.Oid{types.ByteaOid}, i4, bitLen)

	fn("quote_ident", tText, t, func(a []types.Datum) (types.Datum, error) { return text(QuoteIdentifier(str(a, 0))) })
	fn("quote_literal", tText, t, func(a []types.Datum) (types.Datum, error) { return text(quoteLiteral(str(a, 0))) })
	register(&Func{Name: "quote_nullable", Args: tText, Result: t, Strict: false, Impl: func(a []types.Datum) (types.Datum, error) {
		if a[0] == nil {
			return "NULL", nil
		}
		return quoteLiteral(str(a, 0)), nil
	}})
	// format(text): format(text, VARIADIC "any") needs the arguments' types
	// to print them, which an Impl does not get.
	register(&Func{Name: "format", Args: tText, Result: t, Strict: false, Volatile: Stable, Impl: func(a []types.Datum) (types.Datum, error) {
		if a[0] == nil {
			return nil, nil
		}
		r, err := formatText(str(a, 0), nil)
		if err != nil {
			return nil, err
		}
		return r, nil
	}})

	fn("similar_to_escape", tt, t, func(a []types.Datum) (types.Datum, error) {
		e := str(a, 1)
		return similarToEscape(str(a, 0), &e)
	})
	fn("similar_to_escape", tText, t, func(a []types.Datum) (types.Datum, error) { return similarToEscape(str(a, 0), nil) })

	// string_to_table is not strict: a NULL delimiter splits into
	// characters and a NULL null_string matches nothing.
	stringToTable := &SetFunc{NonStrict: true, Start: func(a []types.Datum) (SetIter, error) {
		return &datumIter{elems: splitText(optStr(a, 0), optStr(a, 1), optStr(a, 2))}, nil
	}}
	register(&Func{Name: "string_to_table", Args: tt, Result: t, SRF: stringToTable})
	register(&Func{Name: "string_to_table", Args: ttt, Result: t, SRF: stringToTable})

	registerRegexpFuncs()
}

// ---------------------------------------------------------------------------
// Regular expressions.
//
// PostgreSQL's regular expressions are Spencer's AREs; Go's regexp package
// is RE2. A pattern is translated into RE2 syntax here, with PostgreSQL's
// errors for malformed patterns. Features RE2 cannot express (back
// references, lookahead and lookbehind constraints, \m and \M, BRE and ERE
// flavors) raise feature_not_supported instead of matching differently.
//
// Matching semantics: an ARE whose quantifiers are all greedy (or that has
// none) matches the longest string at the leftmost position, which is RE2's
// leftmost-longest mode. One whose quantifiers are all non-greedy matches
// the shortest, which RE2's leftmost-first mode gives when the pattern has
// no alternation; other mixes are refused. When submatch positions are
// needed, alternations whose branches could match at the same place
// (PostgreSQL prefers the longer, RE2 the first) are refused too.
//
// Searches that start inside the string (the "g" flag, start parameters)
// must see the character before the start for ^ in newline-sensitive mode
// and for \y; they run on the string from that character with a pattern
// that consumes it first.

type reFlags struct {
	icase    bool
	nlStop   bool // . and bracket negations do not match newline
	nlAnch   bool // ^ and $ match at newlines
	expanded bool
	quote    bool // the pattern is a literal string
	flavor   byte // 'a' (ARE), 'e' (ERE) or 'b' (BRE)
	glob     bool
}

func errRegexOption(opts string, i int) error {
	_, n := utf8.DecodeRuneInString(opts[i:])
	return pgerror.Newf(pgerror.InvalidParameterValue, "invalid regular expression option: \"%s\"", opts[i:i+n])
}

// parseReFlags is PG's parse_re_flags.
func parseReFlags(opts string) (reFlags, error) {
	f := reFlags{flavor: 'a'}
	for i := 0; i < len(opts); i++ {
		switch opts[i] {
		case 'g':
			f.glob = true
		case 'b':
			f.flavor, f.quote = 'b', false
		case 'c':
			f.icase = false
		case 'e':
			f.flavor, f.quote = 'e', false
		case 'i':
			f.icase = true
		case 'm', 'n':
			f.nlStop, f.nlAnch = true, true
		case 'p':
			f.nlStop, f.nlAnch = true, false
		case 'q':
			f.quote = true
		case 's':
			f.nlStop, f.nlAnch = false, false
		case 't':
			f.expanded = false
		case 'w':
			f.nlStop, f.nlAnch = false, true
		case 'x':
			f.expanded = true
		default:
			return f, errRegexOption(opts, i)
		}
	}
	return f, nil
}

func errNoGlobal(fname string) error {
	return pgerror.Newf(pgerror.InvalidParameterValue, "%s does not support the \"global\" option", fname)
}

func reError(msg string) error {
	return pgerror.New(pgerror.InvalidRegularExpression, "invalid regular expression: "+msg)
}

func reUnsupported(what string) error {
	return pgerror.New(pgerror.FeatureNotSupported, "regular expression feature not supported: "+what)
}

const (
	reEBrack   = "brackets [] not balanced"
	reEParen   = "parentheses () not balanced"
	reEBrace   = "braces {} not balanced"
	reBadBr    = "invalid repetition count(s)"
	reERange   = "invalid character range"
	reBadRpt   = "quantifier operand invalid"
	reEEscape  = "invalid escape \\ sequence"
	reECType   = "invalid character class"
	reECollate = "invalid collating element"
	reESubReg  = "invalid backreference number"
	reBadOpt   = "invalid embedded option"
)

// runeRange is a closed interval of characters.
type runeRange struct{ lo, hi rune }

// runeSet is a set of characters: a bracket expression or class escape.
type runeSet []runeRange

func (s *runeSet) add(lo, hi rune) { *s = append(*s, runeRange{lo, hi}) }

func (s *runeSet) addSet(o runeSet) { *s = append(*s, o...) }

func (s runeSet) normalized() runeSet {
	out := append(runeSet(nil), s...)
	for i := 1; i < len(out); i++ { // insertion sort: sets are small
		for j := i; j > 0 && out[j].lo < out[j-1].lo; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	var m runeSet
	for _, r := range out {
		if n := len(m); n > 0 && r.lo <= m[n-1].hi+1 {
			if r.hi > m[n-1].hi {
				m[n-1].hi = r.hi
			}
			continue
		}
		m = append(m, r)
	}
	return m
}

// foldASCII adds the other case of every ASCII letter in s.
func (s runeSet) foldASCII() runeSet {
	out := append(runeSet(nil), s...)
	for _, r := range s {
		for _, c := range []struct{ from, to rune }{{'a', 'A'}, {'A', 'a'}} {
			lo, hi := max(r.lo, c.from), min(r.hi, c.from+25)
			if lo <= hi {
				out.add(lo-c.from+c.to, hi-c.from+c.to)
			}
		}
	}
	return out
}

func (s runeSet) negated() runeSet {
	var out runeSet
	next := rune(0)
	for _, r := range s.normalized() {
		if r.lo > next {
			out.add(next, r.lo-1)
		}
		next = r.hi + 1
	}
	if next <= utf8.MaxRune {
		out.add(next, utf8.MaxRune)
	}
	return out
}

func reRune(r rune) string {
	if r < 0x80 && isASCIIAlnum(byte(r)) {
		return string(r)
	}
	return `\x{` + strings.ToLower(hexRune(r)) + `}`
}

func hexRune(r rune) string {
	const digits = "0123456789abcdef"
	if r == 0 {
		return "0"
	}
	var b []byte
	for ; r > 0; r >>= 4 {
		b = append([]byte{digits[r&15]}, b...)
	}
	return string(b)
}

func (s runeSet) syntax() string {
	n := s.normalized()
	if len(n) == 0 {
		return `[^\x{0}-\x{10ffff}]`
	}
	var b strings.Builder
	b.WriteByte('[')
	for _, r := range n {
		b.WriteString(reRune(r.lo))
		if r.hi != r.lo {
			b.WriteByte('-')
			b.WriteString(reRune(r.hi))
		}
	}
	b.WriteByte(']')
	return b.String()
}

// Character classes in the C locale (ASCII only).
var reClasses = map[string]runeSet{
	"alnum":  {{'0', '9'}, {'A', 'Z'}, {'a', 'z'}},
	"alpha":  {{'A', 'Z'}, {'a', 'z'}},
	"ascii":  {{0, 127}},
	"blank":  {{' ', ' '}, {'\t', '\t'}},
	"cntrl":  {{0, 31}, {127, 127}},
	"digit":  {{'0', '9'}},
	"graph":  {{33, 126}},
	"lower":  {{'a', 'z'}},
	"print":  {{32, 126}},
	"punct":  {{'!', '/'}, {':', '@'}, {'[', '`'}, {'{', '~'}},
	"space":  {{'\t', '\r'}, {' ', ' '}},
	"upper":  {{'A', 'Z'}},
	"xdigit": {{'0', '9'}, {'A', 'F'}, {'a', 'f'}},
	"word":   {{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}},
}

// reParser translates an ARE into RE2 syntax.
type reParser struct {
	src    []rune
	pos    int
	f      reFlags
	nsub   int          // capturing groups opened so far
	closed map[int]bool // capturing groups closed so far
	greedy int          // greedy quantifiers seen
	lazy   int          // non-greedy quantifiers seen
	alt    bool         // the pattern has an alternation
	// ambiguous marks constructs where PostgreSQL and RE2 may report
	// different submatches: an alternation whose branches might match at
	// the same position, a repeated group that can match empty.
	ambiguous bool
	groupNull bool // the group parseAtom just parsed can match empty
}

func (p *reParser) eof() bool { return p.pos >= len(p.src) }

func (p *reParser) peek(k int) rune {
	if p.pos+k < len(p.src) {
		return p.src[p.pos+k]
	}
	return -1
}

func isReSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' || r == '\v'
}

// skipExpanded skips white space and comments in expanded mode.
func (p *reParser) skipExpanded() {
	if !p.f.expanded {
		return
	}
	for !p.eof() {
		c := p.src[p.pos]
		switch {
		case isReSpace(c):
			p.pos++
		case c == '#':
			for !p.eof() && p.src[p.pos] != '\n' {
				p.pos++
			}
		default:
			return
		}
	}
}

// parseRE parses branches separated by | up to a ) or the end.
func (p *reParser) parseRE(depth int) (string, bool, error) {
	var branches []string
	var lits []string
	allLit := true
	nullable := false
	for {
		s, lit, isLit, null, err := p.parseBranch(depth)
		if err != nil {
			return "", false, err
		}
		nullable = nullable || null
		branches = append(branches, s)
		lits = append(lits, lit)
		allLit = allLit && isLit
		p.skipExpanded()
		if p.eof() || p.src[p.pos] != '|' {
			break
		}
		p.pos++
	}
	if len(branches) > 1 {
		p.alt = true
		if !allLit || !prefixFree(lits, p.f.icase) {
			p.ambiguous = true
		}
	}
	return strings.Join(branches, "|"), nullable, nil
}

// prefixFree reports whether no literal is a prefix of another, so at most
// one branch can match at any position.
func prefixFree(lits []string, icase bool) bool {
	for i, a := range lits {
		for j, b := range lits {
			if icase {
				a, b = asciiLower(a), asciiLower(b)
			}
			if i != j && strings.HasPrefix(b, a) {
				return false
			}
		}
	}
	return true
}

// parseBranch parses a sequence of quantified atoms; lit is its text when
// it consists of plain characters only; nullable tells whether it can
// match the empty string.
func (p *reParser) parseBranch(depth int) (out, lit string, isLit, nullable bool, err error) {
	var b strings.Builder
	var lb strings.Builder
	isLit, nullable = true, true
	for {
		p.skipExpanded()
		if p.eof() {
			break
		}
		c := p.src[p.pos]
		if c == '|' {
			break
		}
		if c == ')' {
			if depth == 0 {
				return "", "", false, false, reError(reEParen)
			}
			break
		}
		groupsBefore, quantsBefore := p.nsub, p.greedy+p.lazy
		innerQuants := 0
		p.groupNull = false
		atom, quantifiable, litRune, err := p.parseAtom(depth)
		if err != nil {
			return "", "", false, false, err
		}
		// Constraints match the empty string; of the other atoms only a
		// group can.
		atomNull := !quantifiable || p.groupNull
		innerQuants = p.greedy + p.lazy - quantsBefore
		p.skipExpanded()
		q, qmin, qmany, err := p.parseQuantifier()
		if err != nil {
			return "", "", false, false, err
		}
		if q != "" {
			if !quantifiable {
				return "", "", false, false, reError(reBadRpt)
			}
			// A repeated group that holds groups and can match empty or
			// strings of different lengths: PostgreSQL and RE2 may split
			// the repetitions differently and report other submatches.
			if qmany && p.nsub > groupsBefore && (atomNull || innerQuants > 0) {
				p.ambiguous = true
			}
			nullable = nullable && (atomNull || qmin == 0)
			b.WriteString("(?:" + atom + ")" + q)
			isLit = false
			// A second quantifier is an error.
			p.skipExpanded()
			if !p.eof() {
				switch c := p.src[p.pos]; {
				case c == '*' || c == '+' || c == '?':
					return "", "", false, false, reError(reBadRpt)
				case c == '{' && p.peek(1) >= '0' && p.peek(1) <= '9':
					return "", "", false, false, reError(reBadRpt)
				}
			}
			continue
		}
		nullable = nullable && atomNull
		b.WriteString(atom)
		if litRune < 0 {
			isLit = false
		} else {
			lb.WriteRune(litRune)
		}
	}
	return b.String(), lb.String(), isLit, nullable, nil
}

// parseQuantifier parses an optional quantifier, returning its RE2 syntax,
// its minimum count and whether it allows more than one repetition.
func (p *reParser) parseQuantifier() (q string, qmin int, many bool, err error) {
	if p.eof() {
		return "", 0, false, nil
	}
	switch c := p.src[p.pos]; {
	case c == '*' || c == '+' || c == '?':
		q = string(c)
		p.pos++
		qmin = map[rune]int{'*': 0, '+': 1, '?': 0}[c]
		many = c != '?'
	case c == '{' && p.peek(1) >= '0' && p.peek(1) <= '9':
		p.pos++
		num := func() (int, bool) {
			v, any := 0, false
			for !p.eof() && p.src[p.pos] >= '0' && p.src[p.pos] <= '9' {
				if v <= 1000 {
					v = v*10 + int(p.src[p.pos]-'0')
				}
				p.pos++
				any = true
			}
			return v, any
		}
		m, _ := num()
		n, hasN, comma := m, true, false
		if !p.eof() && p.src[p.pos] == ',' {
			comma = true
			p.pos++
			n, hasN = num()
		}
		if p.eof() {
			return "", 0, false, reError(reEBrace)
		}
		if p.src[p.pos] != '}' {
			return "", 0, false, reError(reBadBr)
		}
		p.pos++
		if m > 255 || (hasN && (n > 255 || m > n)) {
			return "", 0, false, reError(reBadBr)
		}
		qmin, many = m, !hasN || n > 1
		switch {
		case !comma:
			q = "{" + itoa(m) + "}"
		case !hasN:
			q = "{" + itoa(m) + ",}"
		default:
			q = "{" + itoa(m) + "," + itoa(n) + "}"
		}
	default:
		return "", 0, false, nil
	}
	if !p.eof() && p.src[p.pos] == '?' {
		p.pos++
		p.lazy++
		return q + "?", qmin, many, nil
	}
	p.greedy++
	return q, qmin, many, nil
}

func itoa(v int) string {
	if v == 0 {
		return "0"
	}
	var b []byte
	for ; v > 0; v /= 10 {
		b = append([]byte{byte('0' + v%10)}, b...)
	}
	return string(b)
}

// literal returns the RE2 syntax matching character c.
func (p *reParser) literal(c rune) string {
	if p.f.icase && c < 0x80 && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
		return runeSet{{c, c}}.foldASCII().syntax()
	}
	return reRune(c)
}

// parseAtom parses one atom or constraint. litRune is the character an
// ordinary-character atom stands for, else -1.
func (p *reParser) parseAtom(depth int) (out string, quantifiable bool, litRune rune, err error) {
	c := p.src[p.pos]
	p.pos++
	switch c {
	case '(':
		capture := true
		if !p.eof() && p.src[p.pos] == '?' {
			switch {
			case p.peek(1) == ':':
				capture = false
				p.pos += 2
			case p.peek(1) == '=' || p.peek(1) == '!':
				return "", false, -1, reUnsupported("lookahead constraints")
			case p.peek(1) == '<' && (p.peek(2) == '=' || p.peek(2) == '!'):
				return "", false, -1, reUnsupported("lookbehind constraints")
			default:
				return "", false, -1, reError(reBadRpt)
			}
		}
		n := 0
		if capture {
			p.nsub++
			n = p.nsub
		}
		inner, null, err := p.parseRE(depth + 1)
		if err != nil {
			return "", false, -1, err
		}
		p.groupNull = null
		if p.eof() || p.src[p.pos] != ')' {
			return "", false, -1, reError(reEParen)
		}
		p.pos++
		if capture {
			p.closed[n] = true
			return "(" + inner + ")", true, -1, nil
		}
		return "(?:" + inner + ")", true, -1, nil
	case '*', '+', '?':
		return "", false, -1, reError(reBadRpt)
	case '{':
		if r := p.peek(0); r >= '0' && r <= '9' {
			return "", false, -1, reError(reBadRpt)
		}
		return p.literal(c), true, c, nil
	case '^':
		if p.f.nlAnch {
			return `(?m:^)`, false, -1, nil
		}
		return `\A`, false, -1, nil
	case '$':
		if p.f.nlAnch {
			return `(?m:$)`, false, -1, nil
		}
		return `\z`, false, -1, nil
	case '.':
		if p.f.nlStop {
			return `[^\n]`, true, -1, nil
		}
		return `(?s:.)`, true, -1, nil
	case '[':
		s, err := p.parseBracket()
		if err != nil {
			return "", false, -1, err
		}
		return s, true, -1, nil
	case '\\':
		return p.parseEscape()
	}
	return p.literal(c), true, c, nil
}

// escapeChar parses the character escapes shared by both contexts, after
// the backslash and the letter e. ok is false when e is no such escape.
func (p *reParser) escapeChar(e rune) (r rune, ok bool, err error) {
	hex := func(min, max int) (rune, error) {
		v, n := rune(0), 0
		for n < max && !p.eof() {
			d := hexVal(p.src[p.pos])
			if d < 0 {
				break
			}
			if v > utf8.MaxRune {
				return 0, reError(reEEscape)
			}
			v = v*16 + rune(d)
			p.pos++
			n++
		}
		if n < min || v > utf8.MaxRune {
			return 0, reError(reEEscape)
		}
		return v, nil
	}
	switch e {
	case 'a':
		return 7, true, nil
	case 'b':
		return 8, true, nil
	case 'B':
		return '\\', true, nil
	case 'c':
		if p.eof() {
			return 0, false, reError(reEEscape)
		}
		x := p.src[p.pos]
		p.pos++
		return x & 037, true, nil
	case 'e':
		return 033, true, nil
	case 'f':
		return '\f', true, nil
	case 'n':
		return '\n', true, nil
	case 'r':
		return '\r', true, nil
	case 't':
		return '\t', true, nil
	case 'v':
		return '\v', true, nil
	case 'u':
		v, err := hex(4, 4)
		return v, err == nil, err
	case 'U':
		v, err := hex(8, 8)
		return v, err == nil, err
	case 'x':
		v, err := hex(1, 255)
		return v, err == nil, err
	case '0':
		return p.octal(0, 2), true, nil
	}
	return 0, false, nil
}

// octal reads up to more octal digits after an initial value v.
func (p *reParser) octal(v rune, more int) rune {
	for ; more > 0 && !p.eof() && p.src[p.pos] >= '0' && p.src[p.pos] <= '7'; more-- {
		v = v*8 + p.src[p.pos] - '0'
		p.pos++
	}
	return v
}

func hexVal(r rune) int {
	switch {
	case r >= '0' && r <= '9':
		return int(r - '0')
	case r >= 'a' && r <= 'f':
		return int(r-'a') + 10
	case r >= 'A' && r <= 'F':
		return int(r-'A') + 10
	}
	return -1
}

var classEscapes = map[rune]struct {
	class string
	neg   bool
}{'d': {"digit", false}, 'D': {"digit", true}, 's': {"space", false}, 'S': {"space", true}, 'w': {"word", false}, 'W': {"word", true}}

// parseEscape parses an escape outside a bracket expression.
func (p *reParser) parseEscape() (string, bool, rune, error) {
	if p.eof() {
		return "", false, -1, reError(reEEscape)
	}
	e := p.src[p.pos]
	p.pos++
	if ce, ok := classEscapes[e]; ok {
		set := reClasses[ce.class]
		if ce.neg {
			set = set.negated()
		}
		return set.syntax(), true, -1, nil
	}
	switch e {
	case 'A':
		return `\A`, false, -1, nil
	case 'Z':
		return `\z`, false, -1, nil
	case 'y':
		return `\b`, false, -1, nil
	case 'Y':
		return `\B`, false, -1, nil
	case 'm', 'M':
		return "", false, -1, reUnsupported(`word-boundary constraints \m and \M`)
	}
	if e >= '1' && e <= '9' {
		// A single digit, or digits naming an opened group, are a back
		// reference; other digit strings are an octal escape.
		start := p.pos - 1
		for !p.eof() && p.src[p.pos] >= '0' && p.src[p.pos] <= '9' {
			p.pos++
		}
		v := atoiRunes(p.src[start:p.pos])
		if p.pos-start == 1 || v <= p.nsub {
			if v > p.nsub || !p.closed[v] {
				return "", false, -1, reError(reESubReg)
			}
			return "", false, -1, reUnsupported("back references")
		}
		p.pos = start
		r := p.octal(0, 3)
		if p.pos == start { // 8 or 9: not octal either
			return "", false, -1, reError(reEEscape)
		}
		return p.literal(r), true, r, nil
	}
	r, ok, err := p.escapeChar(e)
	if err != nil {
		return "", false, -1, err
	}
	if ok {
		return p.literal(r), true, r, nil
	}
	if e < 0x80 && isASCIIAlnum(byte(e)) {
		return "", false, -1, reError(reEEscape)
	}
	return p.literal(e), true, e, nil
}

func atoiRunes(rs []rune) int {
	v := 0
	for _, r := range rs {
		if v > 1<<20 {
			return v
		}
		v = v*10 + int(r-'0')
	}
	return v
}

// bracketElem parses one element of a bracket expression: a single
// character (single true) or a set.
func (p *reParser) bracketElem() (r rune, set runeSet, single bool, err error) {
	if p.eof() {
		return 0, nil, false, reError(reEBrack)
	}
	c := p.src[p.pos]
	p.pos++
	if c == '[' && !p.eof() {
		switch d := p.src[p.pos]; d {
		case ':', '.', '=':
			p.pos++
			start := p.pos
			for p.pos+1 < len(p.src) && !(p.src[p.pos] == d && p.src[p.pos+1] == ']') {
				p.pos++
			}
			if p.pos+1 >= len(p.src) {
				return 0, nil, false, reError(reEBrack)
			}
			name := string(p.src[start:p.pos])
			p.pos += 2
			switch d {
			case ':':
				cls, ok := reClasses[name]
				if !ok {
					return 0, nil, false, reError(reECType)
				}
				return 0, cls, false, nil
			case '.':
				if utf8.RuneCountInString(name) != 1 {
					if name == "" {
						return 0, nil, false, reError(reECollate)
					}
					return 0, nil, false, reUnsupported("named collating elements")
				}
				r, _ := utf8.DecodeRuneInString(name)
				return r, nil, true, nil
			default:
				if utf8.RuneCountInString(name) != 1 {
					return 0, nil, false, reError(reECollate)
				}
				r, _ := utf8.DecodeRuneInString(name)
				return 0, runeSet{{r, r}}, false, nil
			}
		}
	}
	if c == '\\' {
		if p.eof() {
			return 0, nil, false, reError(reEBrack)
		}
		e := p.src[p.pos]
		p.pos++
		if ce, ok := classEscapes[e]; ok {
			set := reClasses[ce.class]
			if ce.neg {
				set = set.negated()
			}
			return 0, set, false, nil
		}
		if e >= '1' && e <= '7' {
			return p.octal(e-'0', 2), nil, true, nil
		}
		r, ok, err := p.escapeChar(e)
		if err != nil {
			return 0, nil, false, err
		}
		if ok {
			return r, nil, true, nil
		}
		if e < 0x80 && isASCIIAlnum(byte(e)) {
			return 0, nil, false, reError(reEEscape)
		}
		return e, nil, true, nil
	}
	return c, nil, true, nil
}

// parseBracket parses a bracket expression after its [.
func (p *reParser) parseBracket() (string, error) {
	neg := false
	if !p.eof() && p.src[p.pos] == '^' {
		neg = true
		p.pos++
	}
	var set runeSet
	first := true
	for {
		if p.eof() {
			return "", reError(reEBrack)
		}
		if p.src[p.pos] == ']' && !first {
			p.pos++
			break
		}
		if p.src[p.pos] == ']' { // a leading ] is literal
			p.pos++
			set.add(']', ']')
			first = false
			continue
		}
		first = false
		lo, cls, single, err := p.bracketElem()
		if err != nil {
			return "", err
		}
		if !p.eof() && p.src[p.pos] == '-' && p.peek(1) != ']' && p.peek(1) != -1 {
			if !single {
				return "", reError(reERange)
			}
			p.pos++
			hi, _, single2, err := p.bracketElem()
			if err != nil {
				return "", err
			}
			if !single2 || hi < lo {
				return "", reError(reERange)
			}
			set.add(lo, hi)
			continue
		}
		if single {
			set.add(lo, lo)
		} else {
			set.addSet(cls)
		}
	}
	if p.f.icase {
		set = set.foldASCII()
	}
	if neg {
		if p.f.nlStop {
			set.add('\n', '\n')
		}
		set = set.negated()
	}
	return set.syntax(), nil
}

// pgRegex is a translated and compiled regular expression.
type pgRegex struct {
	nsub      int
	longest   bool
	ambiguous bool
	main      *regexp.Regexp // the pattern; leftmost-longest when longest
	after     *regexp.Regexp // one character, then the pattern as group 1 at the leftmost place
	anchor    *regexp.Regexp // one character, then the longest match of the pattern as group 1
}

type reKey struct {
	pat string
	f   reFlags
}

var reCache struct {
	sync.Mutex
	m map[reKey]*pgRegex
}

// compileRegex translates and compiles pattern pat under flags f (glob
// ignored), caching the result.
func compileRegex(pat string, f reFlags) (*pgRegex, error) {
	f.glob = false
	key := reKey{pat, f}
	reCache.Lock()
	re := reCache.m[key]
	reCache.Unlock()
	if re != nil {
		return re, nil
	}
	re, err := translateRegex(pat, f)
	if err != nil {
		return nil, err
	}
	reCache.Lock()
	if reCache.m == nil || len(reCache.m) >= 256 {
		reCache.m = map[reKey]*pgRegex{}
	}
	reCache.m[key] = re
	reCache.Unlock()
	return re, nil
}

func translateRegex(pat string, f reFlags) (*pgRegex, error) {
	src := []rune(pat)
	if f.flavor == 'a' && !f.quote && strings.HasPrefix(pat, "***") {
		switch {
		case strings.HasPrefix(pat, "***="):
			f.quote = true
			src = src[4:]
		case strings.HasPrefix(pat, "***:"):
			src = src[4:]
		default:
			return nil, reError(reBadRpt)
		}
	}
	// Embedded options: (?letters) at the start of an ARE.
	if f.flavor == 'a' && !f.quote && len(src) > 2 && src[0] == '(' && src[1] == '?' && src[2] < 0x80 && (src[2] >= 'a' && src[2] <= 'z' || src[2] >= 'A' && src[2] <= 'Z') {
		i := 2
		for ; i < len(src) && src[i] != ')'; i++ {
			switch src[i] {
			case 'b':
				f.flavor = 'b'
			case 'c':
				f.icase = false
			case 'e':
				f.flavor = 'e'
			case 'i':
				f.icase = true
			case 'm', 'n':
				f.nlStop, f.nlAnch = true, true
			case 'p':
				f.nlStop, f.nlAnch = true, false
			case 'q':
				f.quote = true
			case 's':
				f.nlStop, f.nlAnch = false, false
			case 't':
				f.expanded = false
			case 'w':
				f.nlStop, f.nlAnch = false, true
			case 'x':
				f.expanded = true
			default:
				return nil, reError(reBadOpt)
			}
		}
		if i >= len(src) {
			return nil, reError(reBadOpt)
		}
		src = src[i+1:]
	}
	if f.flavor != 'a' && !f.quote {
		return nil, reUnsupported("basic and extended regular expression flavors")
	}
	p := &reParser{src: src, f: f, closed: map[int]bool{}}
	var syntax string
	if f.quote {
		var b strings.Builder
		for _, c := range src {
			b.WriteString(p.literal(c))
		}
		syntax = b.String()
	} else {
		var err error
		if syntax, _, err = p.parseRE(0); err != nil {
			return nil, err
		}
		if !p.eof() {
			return nil, reError(reEParen)
		}
	}
	re := &pgRegex{nsub: p.nsub, longest: p.lazy == 0, ambiguous: p.ambiguous}
	if p.lazy > 0 && (p.greedy > 0 || p.alt) {
		return nil, reUnsupported("non-greedy quantifiers mixed with greedy quantifiers or alternation")
	}
	var err error
	if re.main, err = regexp.Compile(syntax); err != nil {
		return nil, reError("regular expression is too complex")
	}
	if re.after, err = regexp.Compile(`\A(?s:.)(?s:.*?)(` + syntax + `)`); err != nil {
		return nil, reError("regular expression is too complex")
	}
	if re.longest {
		re.main.Longest()
		if re.anchor, err = regexp.Compile(`\A(?s:.)(` + syntax + `)`); err != nil {
			return nil, reError("regular expression is too complex")
		}
		re.anchor.Longest()
	}
	return re, nil
}

// find returns the leftmost match starting at byte offset pos or later,
// seeing the text before pos as context: m[2k], m[2k+1] are the offsets
// of group k (k = 0: the whole match), -1 when unset; nil when none.
func (re *pgRegex) find(s string, pos int) []int {
	if pos == 0 {
		return re.main.FindStringSubmatchIndex(s)
	}
	if pos > len(s) {
		return nil
	}
	shift := func(m []int, base int) []int {
		out := make([]int, 2*(re.nsub+1))
		for i := range out {
			if v := m[i+2]; v >= 0 {
				out[i] = v + base
			} else {
				out[i] = -1
			}
		}
		return out
	}
	_, w := utf8.DecodeLastRuneInString(s[:pos])
	base := pos - w
	m := re.after.FindStringSubmatchIndex(s[base:])
	if m == nil {
		return nil
	}
	if !re.longest {
		return shift(m, base)
	}
	// The leftmost start is known; take the longest match there.
	q := base + m[2]
	_, w = utf8.DecodeLastRuneInString(s[:q])
	base = q - w
	m = re.anchor.FindStringSubmatchIndex(s[base:])
	if m == nil {
		return nil
	}
	return shift(m, base)
}

// nextSearch is where the search after match m resumes: its end, or one
// character further for an empty match.
func nextSearch(s string, m []int) int {
	if m[0] != m[1] {
		return m[1]
	}
	if m[1] >= len(s) {
		return len(s) + 1
	}
	_, w := utf8.DecodeRuneInString(s[m[1]:])
	return m[1] + w
}

// charOffset is the byte offset of character k (0-based) of s, len(s)+1
// when s has fewer than k characters.
func charOffset(s string, k int64) int {
	if k <= 0 {
		return 0
	}
	for i := range s {
		if k == 0 {
			return i
		}
		k--
	}
	if k == 0 {
		return len(s)
	}
	return len(s) + 1
}

func charIndex(s string, off int) int64 { return int64(utf8.RuneCountInString(s[:off])) }

// replacementEscapes is PG's check_replace_text_has_escape: 2 when the
// replacement refers to a group (\1 to \9), 1 for other escapes, else 0.
func replacementEscapes(rep string) int {
	r := 0
	for i := 0; i < len(rep); i++ {
		if rep[i] != '\\' || i+1 >= len(rep) {
			continue
		}
		i++
		if rep[i] >= '1' && rep[i] <= '9' {
			return 2
		}
		r = 1
	}
	return r
}

func appendReplacement(b *strings.Builder, rep, s string, m []int) {
	for i := 0; i < len(rep); i++ {
		c := rep[i]
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		if i+1 >= len(rep) {
			b.WriteByte('\\')
			break
		}
		d := rep[i+1]
		g := -1
		switch {
		case d >= '1' && d <= '9':
			g = int(d - '0')
		case d == '&':
			g = 0
		case d == '\\':
			b.WriteByte('\\')
			i++
			continue
		default:
			b.WriteByte('\\') // not an escape: copy it; d is copied next
			continue
		}
		i++
		if 2*g+1 < len(m) && m[2*g] >= 0 {
			b.WriteString(s[m[2*g]:m[2*g+1]])
		}
	}
}

// regexpReplace is PG's replace_text_regexp: replace the n-th match (all
// when n = 0) found from character start on.
func regexpReplace(s, pat, rep string, f reFlags, start, n int64) (string, error) {
	esc := replacementEscapes(rep)
	re, err := compileRegex(pat, f)
	if err != nil {
		return "", err
	}
	if esc == 2 && re.ambiguous && re.nsub > 0 {
		return "", reUnsupported("group references with alternatives that can match at the same place")
	}
	var b strings.Builder
	pos := charOffset(s, start)
	done := 0 // bytes of s copied or replaced so far
	count := int64(0)
	for pos <= len(s) {
		m := re.find(s, pos)
		if m == nil {
			break
		}
		count++
		if n > 0 && count != n {
			pos = nextSearch(s, m)
			continue
		}
		b.WriteString(s[done:m[0]])
		if esc > 0 {
			appendReplacement(&b, rep, s, m)
		} else {
			b.WriteString(rep)
		}
		done = m[1]
		if n > 0 {
			break
		}
		pos = nextSearch(s, m)
	}
	b.WriteString(s[done:])
	return b.String(), nil
}

// regexMatches is PG's setup_regexp_matches with the global flag: every
// match from character start on, skipping degenerate (empty, at the end or
// right after a match) ones when asked.
func regexMatches(s string, re *pgRegex, start int64, ignoreDegenerate bool) [][]int {
	var out [][]int
	prevEnd := 0
	for pos := charOffset(s, start); pos <= len(s); {
		m := re.find(s, pos)
		if m == nil {
			break
		}
		if !ignoreDegenerate || (m[0] < len(s) && m[1] > prevEnd) {
			out = append(out, m)
		}
		prevEnd = m[1]
		pos = nextSearch(s, m)
	}
	return out
}

func errRegexParam(name string, v int64) error {
	return pgerror.Newf(pgerror.InvalidParameterValue, "invalid value for parameter \"%s\": %d", name, v)
}

// regexArgs holds the optional arguments of regexp_count, regexp_instr and
// regexp_substr.
type regexArgs struct {
	start, n, endoption, subexpr int64
	flags                        reFlags
}

// parseRegexArgs reads the optional arguments at the given positions (-1:
// absent) with PG's checks, in PG's order.
func parseRegexArgs(a []types.Datum, fname string, startAt, nAt, endAt, flagsAt, subAt int) (regexArgs, error) {
	r := regexArgs{start: 1, n: 1}
	get := func(i int) (int64, bool) {
		if i >= 0 && i < len(a) {
			return a[i].(int64), true
		}
		return 0, false
	}
	if v, ok := get(startAt); ok {
		if r.start = v; v <= 0 {
			return r, errRegexParam("start", v)
		}
	}
	if v, ok := get(nAt); ok {
		if r.n = v; v <= 0 {
			return r, errRegexParam("n", v)
		}
	}
	if v, ok := get(endAt); ok {
		if r.endoption = v; v != 0 && v != 1 {
			return r, errRegexParam("endoption", v)
		}
	}
	if v, ok := get(subAt); ok {
		if r.subexpr = v; v < 0 {
			return r, errRegexParam("subexpr", v)
		}
	}
	opts := ""
	if flagsAt >= 0 && flagsAt < len(a) {
		opts = str(a, flagsAt)
	}
	var err error
	if r.flags, err = parseReFlags(opts); err != nil {
		return r, err
	}
	if r.flags.glob {
		return r, errNoGlobal(fname)
	}
	return r, nil
}

// nthMatch returns the locations PG's regexp_instr and regexp_substr pick:
// the n-th match (or its group subexpr), nil when there is none.
func nthMatch(s, pat string, ra regexArgs) ([]int, error) {
	re, err := compileRegex(pat, ra.flags)
	if err != nil {
		return nil, err
	}
	useSub := ra.subexpr > 0 && re.nsub > 0
	if useSub && re.ambiguous {
		return nil, reUnsupported("subexpression positions with alternatives that can match at the same place")
	}
	npatterns := int64(1)
	if useSub {
		npatterns = int64(re.nsub)
	}
	ms := regexMatches(s, re, ra.start-1, false)
	if ra.n > int64(len(ms)) || ra.subexpr > npatterns {
		return nil, nil
	}
	m := ms[ra.n-1]
	if useSub {
		return []int{m[2*ra.subexpr], m[2*ra.subexpr+1]}, nil
	}
	return m[:2], nil
}

type splitIter struct {
	s      string
	ms     [][]int
	i      int
	prevHi int
}

func (it *splitIter) Next() (types.Datum, bool, error) {
	if it.i > len(it.ms) {
		return nil, false, nil
	}
	end := len(it.s)
	if it.i < len(it.ms) {
		end = it.ms[it.i][0]
	}
	v := it.s[it.prevHi:end]
	if it.i < len(it.ms) {
		it.prevHi = it.ms[it.i][1]
	}
	it.i++
	return v, true, nil
}

func registerRegexpFuncs() {
	t, i4 := types.TextOid, types.Int4Oid
	sig := func(ts ...types.Oid) []types.Oid { return ts }

	// regexp_replace(source, pattern, replacement [, flags])
	fn("regexp_replace", sig(t, t, t), t, func(a []types.Datum) (types.Datum, error) {
		return regexpReplace(str(a, 0), str(a, 1), str(a, 2), reFlags{flavor: 'a'}, 0, 1)
	})
	fn("regexp_replace", sig(t, t, t, t), t, func(a []types.Datum) (types.Datum, error) {
		opts := str(a, 3)
		if opts != "" && opts[0] >= '0' && opts[0] <= '9' {
			return nil, errRegexOption(opts, 0).(*pgerror.Error).
				WithHint("If you meant to use regexp_replace() with a start parameter, cast the fourth argument to integer explicitly.")
		}
		f, err := parseReFlags(opts)
		if err != nil {
			return nil, err
		}
		n := int64(1)
		if f.glob {
			n = 0
		}
		return regexpReplace(str(a, 0), str(a, 1), str(a, 2), f, 0, n)
	})
	// regexp_replace(source, pattern, replacement, start [, n [, flags]])
	extended := func(a []types.Datum) (types.Datum, error) {
		start := a[3].(int64)
		if start <= 0 {
			return nil, errRegexParam("start", start)
		}
		n := int64(1)
		if len(a) > 4 {
			if n = a[4].(int64); n < 0 {
				return nil, errRegexParam("n", n)
			}
		}
		f, err := regexpFlags(a, 5)
		if err != nil {
			return nil, err
		}
		if len(a) <= 4 && f.glob {
			n = 0
		}
		return regexpReplace(str(a, 0), str(a, 1), str(a, 2), f, start-1, n)
	}
	fn("regexp_replace", sig(t, t, t, i4), t, extended)
	fn("regexp_replace", sig(t, t, t, i4, i4), t, extended)
	fn("regexp_replace", sig(t, t, t, i4, i4, t), t, extended)

	like := func(a []types.Datum) (types.Datum, error) {
		f, err := regexpFlags(a, 2)
		if err != nil {
			return nil, err
		}
		if f.glob {
			return nil, errNoGlobal("regexp_like()")
		}
		re, err := compileRegex(str(a, 1), f)
		if err != nil {
			return nil, err
		}
		return re.main.MatchString(str(a, 0)), nil
	}
	fn("regexp_like", sig(t, t), types.BoolOid, like)
	fn("regexp_like", sig(t, t, t), types.BoolOid, like)

	count := func(a []types.Datum) (types.Datum, error) {
		ra, err := parseRegexArgs(a, "regexp_count()", 2, -1, -1, 3, -1)
		if err != nil {
			return nil, err
		}
		re, err := compileRegex(str(a, 1), ra.flags)
		if err != nil {
			return nil, err
		}
		return int64(len(regexMatches(str(a, 0), re, ra.start-1, false))), nil
	}
	fn("regexp_count", sig(t, t), i4, count)
	fn("regexp_count", sig(t, t, i4), i4, count)
	fn("regexp_count", sig(t, t, i4, t), i4, count)

	instr := func(a []types.Datum) (types.Datum, error) {
		ra, err := parseRegexArgs(a, "regexp_instr()", 2, 3, 4, 5, 6)
		if err != nil {
			return nil, err
		}
		s := str(a, 0)
		loc, err := nthMatch(s, str(a, 1), ra)
		if err != nil {
			return nil, err
		}
		if loc == nil || loc[ra.endoption] < 0 {
			return int64(0), nil
		}
		return charIndex(s, loc[ra.endoption]) + 1, nil
	}
	fn("regexp_instr", sig(t, t), i4, instr)
	fn("regexp_instr", sig(t, t, i4), i4, instr)
	fn("regexp_instr", sig(t, t, i4, i4), i4, instr)
	fn("regexp_instr", sig(t, t, i4, i4, i4), i4, instr)
	fn("regexp_instr", sig(t, t, i4, i4, i4, t), i4, instr)
	fn("regexp_instr", sig(t, t, i4, i4, i4, t, i4), i4, instr)

	substr := func(a []types.Datum) (types.Datum, error) {
		ra, err := parseRegexArgs(a, "regexp_substr()", 2, 3, -1, 4, 5)
		if err != nil {
			return nil, err
		}
		s := str(a, 0)
		loc, err := nthMatch(s, str(a, 1), ra)
		if err != nil {
			return nil, err
		}
		if loc == nil || loc[0] < 0 || loc[1] < 0 {
			return nil, nil
		}
		return s[loc[0]:loc[1]], nil
	}
	fn("regexp_substr", sig(t, t), t, substr)
	fn("regexp_substr", sig(t, t, i4), t, substr)
	fn("regexp_substr", sig(t, t, i4, i4), t, substr)
	fn("regexp_substr", sig(t, t, i4, i4, t), t, substr)
	fn("regexp_substr", sig(t, t, i4, i4, t, i4), t, substr)

	// substring(string, pattern) is SUBSTRING(string FROM pattern): the
	// first parenthesized group's match, or the whole match.
	fn("substring", sig(t, t), t, func(a []types.Datum) (types.Datum, error) {
		return regexSubstring(str(a, 0), str(a, 1))
	})

	split := &SetFunc{Start: func(a []types.Datum) (SetIter, error) {
		f, err := regexpFlags(a, 2)
		if err != nil {
			return nil, err
		}
		if f.glob {
			return nil, errNoGlobal("regexp_split_to_table()")
		}
		re, err := compileRegex(str(a, 1), f)
		if err != nil {
			return nil, err
		}
		s := str(a, 0)
		return &splitIter{s: s, ms: regexMatches(s, re, 0, true)}, nil
	}}
	for _, args := range [][]types.Oid{sig(t, t), sig(t, t, t)} {
		register(&Func{Name: "regexp_split_to_table", Args: args, Result: t, Strict: true, SRF: split})
	}
}
