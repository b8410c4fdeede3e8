// This file holds the value-level core of the json and jsonb types (PG:
// common/jsonapi.c, utils/adt/json.c, jsonb.c, jsonb_util.c, jsonfuncs.c):
// the JSON lexer and parser with PostgreSQL's error texts, the parsed tree
// JSONValue, jsonb's canonical text, its btree ordering and hash, the
// navigation and modification functions behind the json and jsonb operators,
// and the json/jsonb builders and aggregates.
//
// A json Datum is its input text, kept verbatim. A jsonb Datum is the text
// jsonb_out would print for it (keys sorted shorter-first then bytewise,
// duplicate keys resolved to the last value, numbers as numeric_out prints
// them), so that outputting a jsonb is returning the stored string; the
// functions below parse it back into a tree with ParseJsonb when they need
// its structure.

package types

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/loomdb/loomdb/internal/pgerror"
)

// OIDs of the JSON types and their array types.
const (
	JsonOid       Oid = 114
	JsonbOid      Oid = 3802
	JsonArrayOid  Oid = 199
	JsonbArrayOid Oid = 3807
	JsonpathOid   Oid = 4072
)

// TJson and TJsonb are the json and jsonb types.
var (
	TJson  = T{JsonOid, -1}
	TJsonb = T{JsonbOid, -1}
)

// JSONKind is the kind of a JSON value. The constants are in jsonb's sort
// order of scalar and container types (PG's jbvType order), which
// CompareJsonb relies on.
type JSONKind uint8

const (
	JSONNull JSONKind = iota
	JSONString
	JSONNumeric
	JSONBool
	JSONArray
	JSONObject
)

// JSONValue is a parsed JSON value. Trees from ParseJsonb and the
// constructors are jsonb values: numbers in Num, objects sorted and free of
// duplicate keys. Trees from ParseJSON are json values: objects keep source
// order and duplicates, numbers are not converted, and every node's Src is
// its exact source text, which json's -> and json_each return.
type JSONValue struct {
	Kind  JSONKind
	Str   string  // JSONString: the de-escaped string
	Num   Numeric // JSONNumeric, in jsonb trees
	Bool  bool    // JSONBool
	Elems []*JSONValue
	Pairs []JSONPair
	// Src is the value's source text in a json tree (for the root, without
	// surrounding whitespace); empty in jsonb trees.
	Src string
}

// JSONPair is one key/value member of a JSON object.
type JSONPair struct {
	Key   string
	Value *JSONValue
}

// NewJSONNull returns a JSON null.
func NewJSONNull() *JSONValue { return &JSONValue{Kind: JSONNull} }

// NewJSONString returns a JSON string.
func NewJSONString(s string) *JSONValue { return &JSONValue{Kind: JSONString, Str: s} }

// NewJSONNumeric returns a JSON number.
func NewJSONNumeric(n Numeric) *JSONValue { return &JSONValue{Kind: JSONNumeric, Num: n} }

// NewJSONBool returns a JSON boolean.
func NewJSONBool(b bool) *JSONValue { return &JSONValue{Kind: JSONBool, Bool: b} }

// NewJSONArray returns a JSON array of elems.
func NewJSONArray(elems []*JSONValue) *JSONValue {
	return &JSONValue{Kind: JSONArray, Elems: elems}
}

// NewJSONObject returns a jsonb object of pairs as jsonb stores it: sorted
// by key, shorter keys first and then bytewise, and with only the last of
// several pairs with the same key. pairs is not modified.
func NewJSONObject(pairs []JSONPair) *JSONValue {
	return newJsonbObjectOwned(slices.Clone(pairs))
}

// newJsonbObjectOwned is NewJSONObject sorting pairs in place.
func newJsonbObjectOwned(pairs []JSONPair) *JSONValue {
	sorted := true
	for i := 1; i < len(pairs); i++ {
		if compareJsonbKeys(pairs[i-1].Key, pairs[i].Key) >= 0 {
			sorted = false
			break
		}
	}
	if !sorted {
		slices.SortStableFunc(pairs, func(a, b JSONPair) int { return compareJsonbKeys(a.Key, b.Key) })
		// Keep the last pair of each run of equal keys: jsonb lets a
		// later duplicate override an earlier one.
		out := pairs[:0]
		for i := 0; i < len(pairs); i++ {
			if i+1 < len(pairs) && pairs[i+1].Key == pairs[i].Key {
				continue
			}
			out = append(out, pairs[i])
		}
		pairs = out
	}
	return &JSONValue{Kind: JSONObject, Pairs: pairs}
}

// compareJsonbKeys is jsonb's storage order of object keys: by length, then
// bytewise. It is not the order CompareJsonb gives strings.
func compareJsonbKeys(a, b string) int {
	if len(a) != len(b) {
		if len(a) < len(b) {
			return -1
		}
		return 1
	}
	return strings.Compare(a, b)
}

// ---------------------------------------------------------------------------
// Lexer and parser

type jsonTok uint8

const (
	tokInvalid jsonTok = iota
	tokString
	tokNumber
	tokObjectStart
	tokObjectEnd
	tokArrayStart
	tokArrayEnd
	tokComma
	tokColon
	tokTrue
	tokFalse
	tokNull
	tokEnd
)

// jsonErr is a JSON parse failure, PG's JsonParseErrorType.
type jsonErr uint8

const (
	jsonErrEscapingInvalid jsonErr = iota
	jsonErrEscapingRequired
	jsonErrExpectedEnd
	jsonErrExpectedArrayNext
	jsonErrExpectedColon
	jsonErrExpectedJSON
	jsonErrExpectedMore
	jsonErrExpectedObjectFirst
	jsonErrExpectedObjectNext
	jsonErrExpectedString
	jsonErrInvalidToken
	jsonErrCodePointZero
	jsonErrUnicodeEscapeFormat
	jsonErrHighSurrogate
	jsonErrLowSurrogate
)

// jsonParseCtx is what the parser expected when it met a wrong token.
type jsonParseCtx uint8

const (
	ctxValue jsonParseCtx = iota
	ctxString
	ctxArrayNext
	ctxObjectStart
	ctxObjectLabel
	ctxObjectNext
	ctxEnd
)

// jsonParser is a recursive-descent JSON parser that checks its input in
// the same order as PostgreSQL's, so that the first error found, and the
// token and context it reports, are PostgreSQL's.
type jsonParser struct {
	in string
	// escapes de-escapes strings and applies the checks that only run when
	// PostgreSQL de-escapes (\u0000, unpaired surrogates); json_in and
	// json_typeof/json_array_length do not.
	escapes bool
	// jsonb builds jsonb trees: numbers converted, objects sorted.
	jsonb bool
	// build makes a tree at all; validation alone does not.
	build bool

	tok       jsonTok // the current token; left alone by a failed lex
	tokStart  int     // -1 at end of input
	tokEnd    int
	line      int
	lineStart int
	str       string // the de-escaped current string token
	scratch   []byte
}

func newJSONParser(s string, escapes, jsonb, build bool) *jsonParser {
	return &jsonParser{in: s, escapes: escapes, jsonb: jsonb, build: build, line: 1}
}

func isJSONAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c >= 0x80
}

// mblen is pg_utf_mblen of the character at in[i], bounded by the input's
// end: error positions step over whole characters.
func (p *jsonParser) mblen(i int) int {
	c := p.in[i]
	n := 1
	switch {
	case c&0xe0 == 0xc0:
		n = 2
	case c&0xf0 == 0xe0:
		n = 3
	case c&0xf8 == 0xf0:
		n = 4
	}
	if i+n > len(p.in) {
		n = len(p.in) - i
	}
	return n
}

// lex reads the next token.
func (p *jsonParser) lex() error {
	in := p.in
	s := p.tokEnd
	for s < len(in) {
		c := in[s]
		if c == '\n' {
			s++
			p.line++
			p.lineStart = s
			continue
		}
		if c != ' ' && c != '\t' && c != '\r' {
			break
		}
		s++
	}
	if s >= len(in) {
		p.tokStart, p.tokEnd, p.tok = -1, s, tokEnd
		return nil
	}
	p.tokStart = s
	var tok jsonTok
	switch c := in[s]; c {
	case '{':
		tok = tokObjectStart
	case '}':
		tok = tokObjectEnd
	case '[':
		tok = tokArrayStart
	case ']':
		tok = tokArrayEnd
	case ',':
		tok = tokComma
	case ':':
		tok = tokColon
	case '"':
		if err := p.lexString(s); err != nil {
			return err
		}
		p.tok = tokString
		return nil
	case '-':
		return p.lexNumber(s + 1)
	default:
		if c >= '0' && c <= '9' {
			return p.lexNumber(s)
		}
		// Scan the whole word so that an error names it, not a prefix.
		e := s
		for e < len(in) && isJSONAlnum(in[e]) {
			e++
		}
		if e == s {
			p.tokEnd = s + 1
			return p.fail(jsonErrInvalidToken)
		}
		p.tokEnd = e
		switch in[s:e] {
		case "true":
			p.tok = tokTrue
		case "false":
			p.tok = tokFalse
		case "null":
			p.tok = tokNull
		default:
			return p.fail(jsonErrInvalidToken)
		}
		return nil
	}
	p.tokEnd = s + 1
	p.tok = tok
	return nil
}

// lexNumber scans a number whose digits start at s (after any minus sign).
func (p *jsonParser) lexNumber(s int) error {
	in := p.in
	n := len(in)
	isDig := func(i int) bool { return i < n && in[i] >= '0' && in[i] <= '9' }
	bad := false
	switch {
	case s < n && in[s] == '0':
		s++
	case s < n && in[s] >= '1' && in[s] <= '9':
		for s++; isDig(s); s++ {
		}
	default:
		bad = true
	}
	if s < n && in[s] == '.' {
		s++
		if !isDig(s) {
			bad = true
		} else {
			for s++; isDig(s); s++ {
			}
		}
	}
	if s < n && (in[s] == 'e' || in[s] == 'E') {
		s++
		if s < n && (in[s] == '+' || in[s] == '-') {
			s++
		}
		if !isDig(s) {
			bad = true
		} else {
			for s++; isDig(s); s++ {
			}
		}
	}
	// Trailing letters belong to the (bad) token, as in the word case.
	for ; s < n && isJSONAlnum(in[s]); s++ {
		bad = true
	}
	p.tokEnd = s
	if bad {
		return p.fail(jsonErrInvalidToken)
	}
	p.tok = tokNumber
	return nil
}

// lexString scans the string starting with the quote at start.
func (p *jsonParser) lexString(start int) error {
	in := p.in
	n := len(in)
	s := start
	hi := -1
	out := p.scratch[:0]
	plain := true // no escapes seen: the value is a substring of the input
	// failAt reports an error found at s, the token ending after that
	// character.
	failAt := func(e jsonErr) error {
		p.tokEnd = s + p.mblen(s)
		return p.fail(e)
	}
	for {
		s++
		if s >= n {
			p.tokEnd = s
			return p.fail(jsonErrInvalidToken)
		}
		c := in[s]
		if c == '"' {
			break
		}
		if c < 0x20 {
			// The control character itself is left out of the context.
			p.tokEnd = s
			return p.failEscape(c)
		}
		if c != '\\' {
			if p.escapes {
				if hi != -1 {
					return failAt(jsonErrLowSurrogate)
				}
				if !plain {
					out = append(out, c)
				}
			}
			continue
		}
		if plain && p.escapes {
			out = append(out, in[start+1:s]...)
			plain = false
		}
		s++
		if s >= n {
			p.tokEnd = s
			return p.fail(jsonErrInvalidToken)
		}
		if in[s] == 'u' {
			ch := 0
			for i := 0; i < 4; i++ {
				s++
				if s >= n {
					p.tokEnd = s
					return p.fail(jsonErrInvalidToken)
				}
				d, ok := hexVal(in[s])
				if !ok {
					return failAt(jsonErrUnicodeEscapeFormat)
				}
				ch = ch*16 + int(d)
			}
			if !p.escapes {
				continue
			}
			switch {
			case ch >= 0xD800 && ch <= 0xDBFF:
				if hi != -1 {
					return failAt(jsonErrHighSurrogate)
				}
				hi = ch
				continue
			case ch >= 0xDC00 && ch <= 0xDFFF:
				if hi == -1 {
					return failAt(jsonErrLowSurrogate)
				}
				ch = 0x10000 + (hi-0xD800)<<10 + (ch - 0xDC00)
				hi = -1
			}
			if hi != -1 {
				return failAt(jsonErrLowSurrogate)
			}
			if ch == 0 {
				return failAt(jsonErrCodePointZero)
			}
			out = utf8.AppendRune(out, rune(ch))
			continue
		}
		if !p.escapes {
			if strings.IndexByte("\"\\/bfnrt", in[s]) < 0 {
				p.tokStart = s
				p.tokEnd = s + p.mblen(s)
				return p.fail(jsonErrEscapingInvalid)
			}
			continue
		}
		if hi != -1 {
			return failAt(jsonErrLowSurrogate)
		}
		switch in[s] {
		case '"', '\\', '/':
			out = append(out, in[s])
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		default:
			p.tokStart = s
			p.tokEnd = s + p.mblen(s)
			return p.fail(jsonErrEscapingInvalid)
		}
	}
	if p.escapes && hi != -1 {
		return failAt(jsonErrLowSurrogate)
	}
	p.tokEnd = s + 1
	if p.escapes {
		if plain {
			p.str = in[start+1 : s]
		} else {
			p.str = string(out)
			p.scratch = out
		}
	}
	return nil
}

// failEscape reports a control character that must be escaped.
func (p *jsonParser) failEscape(c byte) error {
	e := p.fail(jsonErrEscapingRequired).(*pgerror.Error)
	e.Detail = "Character with value 0x" + hex2(c) + " must be escaped."
	return e
}

func hex2(c byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[c>>4], digits[c&15]})
}

// token is the text of the current token, for error details.
func (p *jsonParser) token() string {
	if p.tokStart < 0 {
		return ""
	}
	return p.in[p.tokStart:p.tokEnd]
}

// fail builds the error PostgreSQL reports for e at the current position:
// the message, a detail naming the token, and a context line quoting the
// input up to the end of the token.
func (p *jsonParser) fail(e jsonErr) error {
	var detail string
	tok := p.token()
	switch e {
	case jsonErrEscapingInvalid:
		detail = "Escape sequence \"\\" + tok + "\" is invalid."
	case jsonErrEscapingRequired:
		detail = "" // set by failEscape
	case jsonErrExpectedEnd:
		detail = "Expected end of input, but found \"" + tok + "\"."
	case jsonErrExpectedArrayNext:
		detail = "Expected \",\" or \"]\", but found \"" + tok + "\"."
	case jsonErrExpectedColon:
		detail = "Expected \":\", but found \"" + tok + "\"."
	case jsonErrExpectedJSON:
		detail = "Expected JSON value, but found \"" + tok + "\"."
	case jsonErrExpectedMore:
		detail = "The input string ended unexpectedly."
	case jsonErrExpectedObjectFirst:
		detail = "Expected string or \"}\", but found \"" + tok + "\"."
	case jsonErrExpectedObjectNext:
		detail = "Expected \",\" or \"}\", but found \"" + tok + "\"."
	case jsonErrExpectedString:
		detail = "Expected string, but found \"" + tok + "\"."
	case jsonErrInvalidToken:
		detail = "Token \"" + tok + "\" is invalid."
	case jsonErrCodePointZero:
		detail = "\\u0000 cannot be converted to text."
	case jsonErrUnicodeEscapeFormat:
		detail = "\"\\u\" must be followed by four hexadecimal digits."
	case jsonErrHighSurrogate:
		detail = "Unicode high surrogate must not follow a high surrogate."
	case jsonErrLowSurrogate:
		detail = "Unicode low surrogate must follow a high surrogate."
	}
	var err *pgerror.Error
	if e == jsonErrCodePointZero {
		err = pgerror.New(pgerror.UntranslatableCharacter, "unsupported Unicode escape sequence")
	} else {
		err = pgerror.Newf(pgerror.InvalidTextRepresentation, "invalid input syntax for type %s", "json")
	}
	err.Detail = detail
	return err.WithContext(p.context())
}

// context is report_json_context's line: the current line up to the end of
// the current token, cut to under 50 bytes from the left, with "..." where
// the excerpt does not reach the line's start or end.
func (p *jsonParser) context() string {
	start, end := p.lineStart, p.tokEnd
	if end < start {
		end = start
	}
	for end-start >= 50 {
		start += p.mblen(start)
	}
	if start-p.lineStart <= 3 {
		start = p.lineStart
	}
	prefix, suffix := "", ""
	if start > p.lineStart {
		prefix = "..."
	}
	if p.tok != tokEnd && end < len(p.in) && p.in[end] != '\n' && p.in[end] != '\r' {
		suffix = "..."
	}
	return "JSON data, line " + strconv.Itoa(p.line) + ": " + prefix + p.in[start:end] + suffix
}

// parseError is report_parse_error: what was expected in ctx was not found.
func (p *jsonParser) parseError(ctx jsonParseCtx) error {
	if p.tokStart < 0 || p.tok == tokEnd {
		return p.fail(jsonErrExpectedMore)
	}
	switch ctx {
	case ctxEnd:
		return p.fail(jsonErrExpectedEnd)
	case ctxString:
		return p.fail(jsonErrExpectedString)
	case ctxArrayNext:
		return p.fail(jsonErrExpectedArrayNext)
	case ctxObjectStart:
		return p.fail(jsonErrExpectedObjectFirst)
	case ctxObjectLabel:
		return p.fail(jsonErrExpectedColon)
	case ctxObjectNext:
		return p.fail(jsonErrExpectedObjectNext)
	}
	return p.fail(jsonErrExpectedJSON)
}

// parse parses the whole input.
func (p *jsonParser) parse() (*JSONValue, error) {
	if err := p.lex(); err != nil {
		return nil, err
	}
	v, err := p.parseValue()
	if err != nil {
		return nil, err
	}
	if p.tok != tokEnd {
		return nil, p.parseError(ctxEnd)
	}
	return v, nil
}

func (p *jsonParser) parseValue() (*JSONValue, error) {
	switch p.tok {
	case tokObjectStart:
		return p.parseObject()
	case tokArrayStart:
		return p.parseArray()
	}
	return p.parseScalar()
}

func (p *jsonParser) parseScalar() (*JSONValue, error) {
	tok := p.tok
	switch tok {
	case tokString, tokNumber, tokTrue, tokFalse, tokNull:
	default:
		return nil, p.parseError(ctxValue)
	}
	start, end, str := p.tokStart, p.tokEnd, p.str
	// PostgreSQL reads the next token before it acts on the scalar, so a
	// lexical error just after a number wins over the number's overflow.
	if err := p.lex(); err != nil {
		return nil, err
	}
	if !p.build {
		return nil, nil
	}
	v := &JSONValue{}
	switch tok {
	case tokString:
		v.Kind, v.Str = JSONString, str
	case tokNumber:
		v.Kind = JSONNumeric
		if p.jsonb {
			n, err := ParseNumeric(p.in[start:end])
			if err != nil {
				return nil, err
			}
			v.Num = n
		}
	case tokTrue:
		v.Kind, v.Bool = JSONBool, true
	case tokFalse:
		v.Kind = JSONBool
	case tokNull:
		v.Kind = JSONNull
	}
	if !p.jsonb {
		v.Src = p.in[start:end]
	}
	return v, nil
}

func (p *jsonParser) parseObject() (*JSONValue, error) {
	start := p.tokStart
	if err := p.lex(); err != nil {
		return nil, err
	}
	var pairs []JSONPair
	switch p.tok {
	case tokString:
		for {
			if p.tok != tokString {
				return nil, p.parseError(ctxString)
			}
			key := p.str
			if err := p.lex(); err != nil {
				return nil, err
			}
			if p.tok != tokColon {
				return nil, p.parseError(ctxObjectLabel)
			}
			if err := p.lex(); err != nil {
				return nil, err
			}
			v, err := p.parseValue()
			if err != nil {
				return nil, err
			}
			if p.build {
				pairs = append(pairs, JSONPair{Key: key, Value: v})
			}
			if p.tok != tokComma {
				break
			}
			if err := p.lex(); err != nil {
				return nil, err
			}
		}
	case tokObjectEnd:
	default:
		return nil, p.parseError(ctxObjectStart)
	}
	if p.tok != tokObjectEnd {
		return nil, p.parseError(ctxObjectNext)
	}
	end := p.tokEnd
	if err := p.lex(); err != nil {
		return nil, err
	}
	if !p.build {
		return nil, nil
	}
	if p.jsonb {
		return newJsonbObjectOwned(pairs), nil
	}
	return &JSONValue{Kind: JSONObject, Pairs: pairs, Src: p.in[start:end]}, nil
}

func (p *jsonParser) parseArray() (*JSONValue, error) {
	start := p.tokStart
	if err := p.lex(); err != nil {
		return nil, err
	}
	var elems []*JSONValue
	if p.tok != tokArrayEnd {
		for {
			v, err := p.parseValue()
			if err != nil {
				return nil, err
			}
			if p.build {
				elems = append(elems, v)
			}
			if p.tok != tokComma {
				break
			}
			if err := p.lex(); err != nil {
				return nil, err
			}
		}
	}
	if p.tok != tokArrayEnd {
		return nil, p.parseError(ctxArrayNext)
	}
	end := p.tokEnd
	if err := p.lex(); err != nil {
		return nil, err
	}
	if !p.build {
		return nil, nil
	}
	v := &JSONValue{Kind: JSONArray, Elems: elems}
	if !p.jsonb {
		v.Src = p.in[start:end]
	}
	return v, nil
}

// InJSON is json_in: it checks that s is valid JSON and returns it
// unchanged. Like PostgreSQL it does not de-escape strings, so "\u0000"
// and unpaired surrogate escapes are accepted here (and rejected later by
// the functions that de-escape).
func InJSON(s string) (string, error) {
	if _, err := newJSONParser(s, false, false, false).parse(); err != nil {
		return "", err
	}
	return s, nil
}

// InJsonb is jsonb_in: it parses s and returns the stored (canonical) form
// of the jsonb value.
func InJsonb(s string) (string, error) {
	v, err := ParseJsonb(s)
	if err != nil {
		return "", err
	}
	return string(AppendJsonb(nil, v)), nil
}

// ParseJSON parses s as the json functions do (de-escaping strings, so
// "\u0000" and unpaired surrogates are errors) into a json tree: objects in
// source order with duplicate keys kept, numbers unconverted, each node's
// source text in Src.
func ParseJSON(s string) (*JSONValue, error) {
	return newJSONParser(s, true, false, true).parse()
}

// ParseJsonb parses s as jsonb_in does into a jsonb tree. It reads both
// JSON input and the stored form of a jsonb Datum.
func ParseJsonb(s string) (*JSONValue, error) {
	return newJSONParser(s, true, true, true).parse()
}

// ---------------------------------------------------------------------------
// Output

// appendEscapeJSON is escape_json: s as a JSON string literal. Only the
// quote, the backslash and control characters are escaped.
func appendEscapeJSON(buf []byte, s string) []byte {
	buf = append(buf, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\b':
			buf = append(buf, '\\', 'b')
		case '\f':
			buf = append(buf, '\\', 'f')
		case '\n':
			buf = append(buf, '\\', 'n')
		case '\r':
			buf = append(buf, '\\', 'r')
		case '\t':
			buf = append(buf, '\\', 't')
		case '"':
			buf = append(buf, '\\', '"')
		case '\\':
			buf = append(buf, '\\', '\\')
		default:
			if c < ' ' {
				buf = append(buf, '\\', 'u', '0', '0')
				buf = append(buf, hex2(c)...)
			} else {
				buf = append(buf, c)
			}
		}
	}
	return append(buf, '"')
}

// EscapeJSON returns s as a JSON string literal, as PostgreSQL's
// escape_json writes it.
func EscapeJSON(s string) string { return string(appendEscapeJSON(nil, s)) }

// AppendJsonb appends jsonb_out's text for the jsonb tree v: ", " between
// elements and pairs, ": " after keys.
func AppendJsonb(buf []byte, v *JSONValue) []byte {
	switch v.Kind {
	case JSONNull:
		return append(buf, "null"...)
	case JSONString:
		return appendEscapeJSON(buf, v.Str)
	case JSONNumeric:
		if v.Src != "" {
			// A number from a json tree, never converted.
			return append(buf, v.Src...)
		}
		return v.Num.Append(buf)
	case JSONBool:
		if v.Bool {
			return append(buf, "true"...)
		}
		return append(buf, "false"...)
	case JSONArray:
		buf = append(buf, '[')
		for i, e := range v.Elems {
			if i > 0 {
				buf = append(buf, ", "...)
			}
			buf = AppendJsonb(buf, e)
		}
		return append(buf, ']')
	}
	buf = append(buf, '{')
	for i, p := range v.Pairs {
		if i > 0 {
			buf = append(buf, ", "...)
		}
		buf = appendEscapeJSON(buf, p.Key)
		buf = append(buf, ": "...)
		buf = AppendJsonb(buf, p.Value)
	}
	return append(buf, '}')
}

// JsonbText returns jsonb_out's text for the jsonb tree v: the Datum of v.
func JsonbText(v *JSONValue) string { return string(AppendJsonb(nil, v)) }

// ---------------------------------------------------------------------------
// Ordering and hashing

// CompareJsonb compares two jsonb Datums as jsonb's btree operator class
// does. Objects sort above arrays, arrays above booleans, then numbers,
// strings and null; containers compare by size first and then member by
// member in stored order. A top-level scalar sorts as a one-element array
// that comes before a real one-element array, and after the empty array.
func CompareJsonb(a, b string) int {
	if a == b {
		return 0
	}
	va, err1 := ParseJsonb(a)
	vb, err2 := ParseJsonb(b)
	if err1 != nil || err2 != nil {
		return strings.Compare(a, b)
	}
	return CompareJsonbValues(va, vb)
}

// CompareJsonbValues is CompareJsonb over two top-level jsonb trees.
func CompareJsonbValues(a, b *JSONValue) int {
	ra, rb := a.Kind < JSONArray, b.Kind < JSONArray
	if ra || rb {
		// A top-level scalar is a one-element "raw scalar" array.
		na, nb := 1, 1
		if !ra {
			if a.Kind == JSONObject {
				return 1
			}
			na = len(a.Elems)
		}
		if !rb {
			if b.Kind == JSONObject {
				return -1
			}
			nb = len(b.Elems)
		}
		if na != nb {
			return cmpInt64(int64(na), int64(nb))
		}
		if ra != rb {
			if ra {
				return -1
			}
			return 1
		}
	}
	return compareJsonbNested(a, b)
}

func compareJsonbNested(a, b *JSONValue) int {
	if a.Kind != b.Kind {
		return cmpInt64(int64(a.Kind), int64(b.Kind))
	}
	switch a.Kind {
	case JSONNull:
		return 0
	case JSONString:
		return strings.Compare(a.Str, b.Str)
	case JSONNumeric:
		return NumericCmp(a.Num, b.Num)
	case JSONBool:
		switch {
		case a.Bool == b.Bool:
			return 0
		case !a.Bool:
			return -1
		}
		return 1
	case JSONArray:
		if len(a.Elems) != len(b.Elems) {
			return cmpInt64(int64(len(a.Elems)), int64(len(b.Elems)))
		}
		for i := range a.Elems {
			if c := compareJsonbNested(a.Elems[i], b.Elems[i]); c != 0 {
				return c
			}
		}
		return 0
	}
	if len(a.Pairs) != len(b.Pairs) {
		return cmpInt64(int64(len(a.Pairs)), int64(len(b.Pairs)))
	}
	for i := range a.Pairs {
		if c := strings.Compare(a.Pairs[i].Key, b.Pairs[i].Key); c != 0 {
			return c
		}
		if c := compareJsonbNested(a.Pairs[i].Value, b.Pairs[i].Value); c != 0 {
			return c
		}
	}
	return 0
}

// HashJsonb hashes a jsonb Datum consistently with CompareJsonb: values
// that compare equal (1.0 and 1) hash equal.
func HashJsonb(s string) uint64 {
	v, err := ParseJsonb(s)
	if err != nil {
		return HashString(s)
	}
	return HashJsonbValue(v)
}

// HashJsonbValue is HashJsonb over a jsonb tree.
func HashJsonbValue(v *JSONValue) uint64 {
	h := uint64(v.Kind+1) * hashPrime1
	switch v.Kind {
	case JSONString:
		h ^= HashString(v.Str)
	case JSONNumeric:
		h ^= HashNumeric(v.Num)
	case JSONBool:
		if v.Bool {
			h ^= hashPrime2
		}
	case JSONArray:
		h ^= uint64(len(v.Elems))
		for _, e := range v.Elems {
			h = mix64(h*hashPrime3 + HashJsonbValue(e))
		}
	case JSONObject:
		h ^= uint64(len(v.Pairs))
		for _, p := range v.Pairs {
			h = mix64(h*hashPrime3 + HashString(p.Key))
			h = mix64(h*hashPrime3 + HashJsonbValue(p.Value))
		}
	}
	return mix64(h)
}

// ---------------------------------------------------------------------------
// Navigation

// strToInt32 is PostgreSQL's strtoint(s, &end, 10) accepted only when it
// consumed all of s: leading white space, an optional sign, digits, and a
// value within int32.
func strToInt32(s string) (int32, bool) {
	i := 0
	for i < len(s) && (s[i] == ' ' || s[i] >= '\t' && s[i] <= '\r') {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	if i >= len(s) {
		return 0, false
	}
	var v int64
	for ; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		if v <= 1<<32 {
			v = v*10 + int64(c-'0')
		}
	}
	if neg {
		v = -v
	}
	if v < -1<<31 || v > 1<<31-1 {
		return 0, false
	}
	return int32(v), true
}

// JsonbTypeof is jsonb_typeof (and json_typeof of a tree): object, array,
// string, number, boolean or null.
func JsonbTypeof(v *JSONValue) string {
	switch v.Kind {
	case JSONObject:
		return "object"
	case JSONArray:
		return "array"
	case JSONString:
		return "string"
	case JSONNumeric:
		return "number"
	case JSONBool:
		return "boolean"
	}
	return "null"
}

// JsonbObjectField is jsonb -> text: the member key of the object v, or nil
// (SQL NULL) when v is not an object or has no such key.
func JsonbObjectField(v *JSONValue, key string) *JSONValue {
	if v.Kind != JSONObject {
		return nil
	}
	return jsonbFindKey(v, key)
}

// jsonbFindKey looks key up in a sorted jsonb object.
func jsonbFindKey(v *JSONValue, key string) *JSONValue {
	i, ok := slices.BinarySearchFunc(v.Pairs, key, func(p JSONPair, k string) int { return compareJsonbKeys(p.Key, k) })
	if !ok {
		return nil
	}
	return v.Pairs[i].Value
}

// JsonbArrayElement is jsonb -> integer: element i of the array v, counting
// from the end when i is negative, or nil (SQL NULL). A top-level scalar is
// a one-element array here, as in PostgreSQL ('"a"'::jsonb -> 0 is "a").
func JsonbArrayElement(v *JSONValue, i int64) *JSONValue {
	switch v.Kind {
	case JSONObject:
		return nil
	case JSONArray:
		n := int64(len(v.Elems))
		if i < 0 {
			if -i > n {
				return nil
			}
			i += n
		}
		if i >= n {
			return nil
		}
		return v.Elems[i]
	}
	if i == 0 || i == -1 {
		return v
	}
	return nil
}

// JsonbExtractPath is jsonb #> text[]: the value at path, or nil (SQL NULL)
// when any path element is NULL (nulls[i], nulls may be nil), when the path
// leads nowhere, or when an array step is not an integer. An empty path
// returns v itself.
func JsonbExtractPath(v *JSONValue, path []string, nulls []bool) *JSONValue {
	if slices.Contains(nulls, true) {
		return nil
	}
	for _, step := range path {
		switch v.Kind {
		case JSONObject:
			v = jsonbFindKey(v, step)
		case JSONArray:
			idx, ok := strToInt32(step)
			if !ok {
				return nil
			}
			i := int64(idx)
			n := int64(len(v.Elems))
			if i < 0 {
				if idx == -1<<31 || -i > n {
					return nil
				}
				i += n
			}
			if i >= n {
				return nil
			}
			v = v.Elems[i]
		default:
			return nil
		}
		if v == nil {
			return nil
		}
	}
	return v
}

// JsonbValueText is the text ->> and #>> return for the jsonb value v: a
// string de-escaped, null as SQL NULL (ok false), anything else as its
// jsonb text.
func JsonbValueText(v *JSONValue) (string, bool) {
	switch v.Kind {
	case JSONNull:
		return "", false
	case JSONString:
		return v.Str, true
	}
	return JsonbText(v), true
}

// JSONValueText is the text json's ->> and #>> and json_each_text return
// for a node of a json tree: a string de-escaped, null as SQL NULL (ok
// false), anything else as its source text. (json's -> returns v.Src.)
func JSONValueText(v *JSONValue) (string, bool) {
	switch v.Kind {
	case JSONNull:
		return "", false
	case JSONString:
		return v.Str, true
	}
	return v.Src, true
}

// JSONObjectField is json -> text over the json text s: the member key, or
// nil (SQL NULL). With duplicate keys the last one wins.
func JSONObjectField(s, key string) (*JSONValue, error) {
	v, err := ParseJSON(s)
	if err != nil {
		return nil, err
	}
	if v.Kind != JSONObject {
		return nil, nil
	}
	var res *JSONValue
	for _, p := range v.Pairs {
		if p.Key == key {
			res = p.Value
		}
	}
	return res, nil
}

// JSONArrayElement is json -> integer over the json text s: element i,
// counting from the end when negative, or nil. Unlike jsonb, a scalar has
// no elements.
func JSONArrayElement(s string, i int64) (*JSONValue, error) {
	v, err := ParseJSON(s)
	if err != nil {
		return nil, err
	}
	if v.Kind != JSONArray {
		return nil, nil
	}
	n := int64(len(v.Elems))
	if i < 0 && -i <= n {
		i += n
	}
	if i < 0 || i >= n {
		return nil, nil
	}
	return v.Elems[i], nil
}

// JSONExtractPath is json #> text[] over the json text s: the node at path
// or nil (SQL NULL). A path with a NULL element gives NULL without parsing
// s. Where an object repeats a key every copy is searched and the last one
// holding the rest of the path wins.
func JSONExtractPath(s string, path []string, nulls []bool) (*JSONValue, error) {
	if slices.Contains(nulls, true) {
		return nil, nil
	}
	v, err := ParseJSON(s)
	if err != nil {
		return nil, err
	}
	if len(path) == 0 && v.Kind < JSONArray {
		// PostgreSQL returns a top-level scalar with the white space
		// before it (but not after).
		lead := len(s) - len(strings.TrimLeft(s, " \t\n\r"))
		w := *v
		w.Src = s[:lead+len(v.Src)]
		return &w, nil
	}
	idx := make([]int64, len(path))
	for i, p := range path {
		if n, ok := strToInt32(p); ok {
			idx[i] = int64(n)
		} else {
			idx[i] = -1 << 31 // never matches
		}
	}
	return jsonLookup(v, path, idx), nil
}

func jsonLookup(v *JSONValue, path []string, idx []int64) *JSONValue {
	if len(path) == 0 {
		return v
	}
	switch v.Kind {
	case JSONObject:
		var res *JSONValue
		for _, p := range v.Pairs {
			if p.Key == path[0] {
				if r := jsonLookup(p.Value, path[1:], idx[1:]); r != nil {
					res = r
				}
			}
		}
		return res
	case JSONArray:
		i, n := idx[0], int64(len(v.Elems))
		if i < 0 && i != -1<<31 && -i <= n {
			i += n
		}
		if i < 0 || i >= n {
			return nil
		}
		return jsonLookup(v.Elems[i], path[1:], idx[1:])
	}
	return nil
}

// jsonFirstToken lexes the first token of the json text s as the
// de-escaping json functions do, for those that reject a wrong top-level
// kind before reading further.
func jsonFirstToken(s string) (jsonTok, error) {
	p := newJSONParser(s, true, false, false)
	if err := p.lex(); err != nil {
		return tokInvalid, err
	}
	return p.tok, nil
}

// JSONTypeof is json_typeof over the json text s. Like PostgreSQL it reads
// only the first token.
func JSONTypeof(s string) (string, error) {
	p := newJSONParser(s, false, false, false)
	if err := p.lex(); err != nil {
		return "", err
	}
	switch p.tok {
	case tokObjectStart:
		return "object", nil
	case tokArrayStart:
		return "array", nil
	case tokString:
		return "string", nil
	case tokNumber:
		return "number", nil
	case tokTrue, tokFalse:
		return "boolean", nil
	case tokNull:
		return "null", nil
	}
	return "", p.parseError(ctxValue)
}

func errArrayLength(what string) error {
	return pgerror.Newf(pgerror.InvalidParameterValue, "cannot get array length of a %s", what)
}

// JsonbArrayLength is jsonb_array_length.
func JsonbArrayLength(v *JSONValue) (int, error) {
	switch v.Kind {
	case JSONArray:
		return len(v.Elems), nil
	case JSONObject:
		return 0, errArrayLength("non-array")
	}
	return 0, errArrayLength("scalar")
}

// JSONArrayLength is json_array_length over the json text s.
func JSONArrayLength(s string) (int, error) {
	p := newJSONParser(s, false, false, false)
	if err := p.lex(); err != nil {
		return 0, err
	}
	switch p.tok {
	case tokObjectStart:
		return 0, errArrayLength("non-array")
	case tokArrayStart:
		v, err := newJSONParser(s, false, false, true).parse()
		if err != nil {
			return 0, err
		}
		return len(v.Elems), nil
	}
	if _, err := p.parseScalar(); err != nil {
		return 0, err
	}
	return 0, errArrayLength("scalar")
}

// ---------------------------------------------------------------------------
// Containment and existence

// JsonbContains is jsonb @> jsonb (JsonbDeepContains): every member of b
// is found in a, objects matching by key and arrays by any element. An
// array contains a scalar it holds ('[1,2]' @> '1'), but a scalar contains
// no array ('1' @> '[1]' is false).
func JsonbContains(a, b *JSONValue) bool {
	if (a.Kind == JSONObject) != (b.Kind == JSONObject) {
		return false
	}
	if a.Kind == JSONObject {
		return jsonbContainsNested(a, b)
	}
	ea, eb := a.Elems, b.Elems
	if a.Kind != JSONArray {
		if b.Kind == JSONArray {
			return false
		}
		ea = []*JSONValue{a}
	}
	if b.Kind != JSONArray {
		eb = []*JSONValue{b}
	}
	return jsonbArrayContains(ea, eb)
}

// jsonbContainsNested compares two containers below the top level.
func jsonbContainsNested(a, b *JSONValue) bool {
	if a.Kind != b.Kind {
		return false
	}
	if a.Kind == JSONArray {
		return jsonbArrayContains(a.Elems, b.Elems)
	}
	if len(a.Pairs) < len(b.Pairs) {
		return false
	}
	for _, p := range b.Pairs {
		lv := jsonbFindKey(a, p.Key)
		if lv == nil {
			return false
		}
		if lv.Kind < JSONArray || p.Value.Kind < JSONArray {
			if lv.Kind != p.Value.Kind || !jsonbScalarEqual(lv, p.Value) {
				return false
			}
		} else if !jsonbContainsNested(lv, p.Value) {
			return false
		}
	}
	return true
}

func jsonbArrayContains(ea, eb []*JSONValue) bool {
	for _, e := range eb {
		found := false
		if e.Kind < JSONArray {
			for _, x := range ea {
				if x.Kind == e.Kind && jsonbScalarEqual(x, e) {
					found = true
					break
				}
			}
		} else {
			for _, x := range ea {
				if x.Kind >= JSONArray && jsonbContainsNested(x, e) {
					found = true
					break
				}
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// jsonbScalarEqual compares two scalars of the same kind.
func jsonbScalarEqual(a, b *JSONValue) bool {
	switch a.Kind {
	case JSONString:
		return a.Str == b.Str
	case JSONNumeric:
		return NumericCmp(a.Num, b.Num) == 0
	case JSONBool:
		return a.Bool == b.Bool
	}
	return true
}

// JsonbExists is jsonb ? text: key is a key of the object v, or a string
// element of the array v (a top-level string counts as such an array).
func JsonbExists(v *JSONValue, key string) bool {
	switch v.Kind {
	case JSONObject:
		return jsonbFindKey(v, key) != nil
	case JSONArray:
		for _, e := range v.Elems {
			if e.Kind == JSONString && e.Str == key {
				return true
			}
		}
		return false
	case JSONString:
		return v.Str == key
	}
	return false
}

// JsonbExistsAny is jsonb ?| text[]: JsonbExists for some non-NULL key
// (nulls[i] marks keys[i] NULL; nulls may be nil).
func JsonbExistsAny(v *JSONValue, keys []string, nulls []bool) bool {
	for i, k := range keys {
		if i < len(nulls) && nulls[i] {
			continue
		}
		if JsonbExists(v, k) {
			return true
		}
	}
	return false
}

// JsonbExistsAll is jsonb ?& text[]: JsonbExists for every non-NULL key.
func JsonbExistsAll(v *JSONValue, keys []string, nulls []bool) bool {
	for i, k := range keys {
		if i < len(nulls) && nulls[i] {
			continue
		}
		if !JsonbExists(v, k) {
			return false
		}
	}
	return true
}

// ---------------------------------------------------------------------------
// Modification

// JsonbConcat is jsonb || jsonb: two objects merge with b's keys winning;
// anything else makes an array of a's elements (a itself when a is not an
// array) followed by b's.
func JsonbConcat(a, b *JSONValue) *JSONValue {
	if a.Kind == JSONObject && b.Kind == JSONObject {
		pairs := make([]JSONPair, 0, len(a.Pairs)+len(b.Pairs))
		pairs = append(pairs, a.Pairs...)
		pairs = append(pairs, b.Pairs...)
		return newJsonbObjectOwned(pairs)
	}
	var elems []*JSONValue
	for _, x := range [2]*JSONValue{a, b} {
		if x.Kind == JSONArray {
			elems = append(elems, x.Elems...)
		} else {
			elems = append(elems, x)
		}
	}
	return NewJSONArray(elems)
}

func errDeleteScalar() error {
	return pgerror.New(pgerror.InvalidParameterValue, "cannot delete from scalar")
}

// JsonbDelete is jsonb - text: v without the key (an object) or without
// the string elements equal to key (an array).
func JsonbDelete(v *JSONValue, key string) (*JSONValue, error) {
	return JsonbDeleteArray(v, []string{key}, nil)
}

// JsonbDeleteArray is jsonb - text[]: JsonbDelete for each non-NULL key.
func JsonbDeleteArray(v *JSONValue, keys []string, nulls []bool) (*JSONValue, error) {
	del := func(k string) bool {
		for i, x := range keys {
			if x == k && !(i < len(nulls) && nulls[i]) {
				return true
			}
		}
		return false
	}
	switch v.Kind {
	case JSONObject:
		var pairs []JSONPair
		for _, p := range v.Pairs {
			if !del(p.Key) {
				pairs = append(pairs, p)
			}
		}
		if len(pairs) == len(v.Pairs) {
			return v, nil
		}
		return &JSONValue{Kind: JSONObject, Pairs: pairs}, nil
	case JSONArray:
		var elems []*JSONValue
		for _, e := range v.Elems {
			if e.Kind != JSONString || !del(e.Str) {
				elems = append(elems, e)
			}
		}
		if len(elems) == len(v.Elems) {
			return v, nil
		}
		return NewJSONArray(elems), nil
	}
	return nil, errDeleteScalar()
}

// JsonbDeleteIndex is jsonb - integer: the array v without element i,
// counting from the end when negative; out-of-range indexes change nothing.
func JsonbDeleteIndex(v *JSONValue, i int64) (*JSONValue, error) {
	switch v.Kind {
	case JSONObject:
		return nil, pgerror.New(pgerror.InvalidParameterValue, "cannot delete from object using integer index")
	case JSONArray:
	default:
		return nil, errDeleteScalar()
	}
	n := int64(len(v.Elems))
	if i < 0 {
		if -i > n {
			return v, nil
		}
		i += n
	}
	if i >= n {
		return v, nil
	}
	elems := make([]*JSONValue, 0, n-1)
	elems = append(elems, v.Elems[:i]...)
	elems = append(elems, v.Elems[i+1:]...)
	return NewJSONArray(elems), nil
}

// Operations of setPath (PG's JB_PATH_* flags).
const (
	pathCreate = 1 << iota
	pathReplace
	pathDelete
	pathInsertBefore
	pathInsertAfter

	pathCreateOrInsert = pathInsertBefore | pathInsertAfter | pathCreate
)

// jsonbPathEdit is the state of one jsonb_set, jsonb_insert or #- walk.
type jsonbPathEdit struct {
	path   []string
	nulls  []bool
	newVal *JSONValue
	op     int
}

func (e *jsonbPathEdit) isNull(level int) bool {
	return level < len(e.nulls) && e.nulls[level]
}

// set rebuilds v with the edit applied at path[level:].
func (e *jsonbPathEdit) set(v *JSONValue, level int) (*JSONValue, error) {
	if e.isNull(level) {
		return nil, pgerror.Newf(pgerror.NullValueNotAllowed, "path element at position %d is null", level+1)
	}
	switch v.Kind {
	case JSONArray:
		return e.setArray(v, level)
	case JSONObject:
		return e.setObject(v, level)
	}
	return v, nil
}

func (e *jsonbPathEdit) setObject(v *JSONValue, level int) (*JSONValue, error) {
	key := e.path[level]
	last := level == len(e.path)-1
	n := len(v.Pairs)
	pairs := make([]JSONPair, 0, n+1)
	if n == 0 && e.op&pathCreateOrInsert != 0 && last {
		pairs = append(pairs, JSONPair{key, e.newVal})
	}
	done := false
	for i, p := range v.Pairs {
		if !done && p.Key == key {
			done = true
			if last {
				if e.op&(pathInsertBefore|pathInsertAfter) != 0 {
					return nil, pgerror.New(pgerror.InvalidParameterValue, "cannot replace existing key").
						WithHint("Try using the function jsonb_set to replace key value.")
				}
				if e.op&pathDelete == 0 {
					pairs = append(pairs, JSONPair{key, e.newVal})
				}
				continue
			}
			nv, err := e.set(p.Value, level+1)
			if err != nil {
				return nil, err
			}
			pairs = append(pairs, JSONPair{key, nv})
			continue
		}
		if e.op&pathCreateOrInsert != 0 && !done && last && i == n-1 {
			pairs = append(pairs, JSONPair{key, e.newVal})
		}
		pairs = append(pairs, p)
	}
	return newJsonbObjectOwned(pairs), nil
}

func (e *jsonbPathEdit) setArray(v *JSONValue, level int) (*JSONValue, error) {
	n := int64(len(v.Elems))
	idx := n
	if level < len(e.path) && !e.isNull(level) {
		x, ok := strToInt32(e.path[level])
		if !ok {
			return nil, pgerror.Newf(pgerror.InvalidTextRepresentation,
				"path element at position %d is not an integer: \"%s\"", level+1, e.path[level])
		}
		idx = int64(x)
	}
	// An index before the start adds at the start (when adding at all).
	const prepend = -1 << 40
	if idx < 0 {
		if -idx > n {
			idx = prepend
		} else {
			idx = n + idx
		}
	}
	if idx > 0 && idx > n {
		idx = n
	}
	last := level == len(e.path)-1
	elems := make([]*JSONValue, 0, n+1)
	done := false
	if (idx == prepend || n == 0) && last && e.op&pathCreateOrInsert != 0 {
		elems = append(elems, e.newVal)
		done = true
	}
	for i, x := range v.Elems {
		if int64(i) != idx || level >= len(e.path) {
			elems = append(elems, x)
			continue
		}
		done = true
		if !last {
			nv, err := e.set(x, level+1)
			if err != nil {
				return nil, err
			}
			elems = append(elems, nv)
			continue
		}
		if e.op&(pathInsertBefore|pathCreate) != 0 {
			elems = append(elems, e.newVal)
		}
		if e.op&(pathInsertAfter|pathInsertBefore) != 0 {
			elems = append(elems, x)
		}
		if e.op&(pathInsertAfter|pathReplace) != 0 {
			elems = append(elems, e.newVal)
		}
	}
	if e.op&pathCreateOrInsert != 0 && !done && last {
		elems = append(elems, e.newVal)
	}
	return NewJSONArray(elems), nil
}

func jsonbCount(v *JSONValue) int {
	if v.Kind == JSONObject {
		return len(v.Pairs)
	}
	return len(v.Elems)
}

// JsonbSet is jsonb_set(v, path, newVal, createMissing): v with the value
// at path replaced by newVal, or added when createMissing and only the last
// step is missing. Array steps must be integers; negative ones count from
// the end, and out-of-range ones add at the start or end.
func JsonbSet(v *JSONValue, path []string, nulls []bool, newVal *JSONValue, createMissing bool) (*JSONValue, error) {
	if v.Kind < JSONArray {
		return nil, pgerror.New(pgerror.InvalidParameterValue, "cannot set path in scalar")
	}
	if jsonbCount(v) == 0 && !createMissing || len(path) == 0 {
		return v, nil
	}
	op := pathReplace
	if createMissing {
		op = pathCreate
	}
	e := &jsonbPathEdit{path: path, nulls: nulls, newVal: newVal, op: op}
	return e.set(v, 0)
}

// JsonbInsert is jsonb_insert(v, path, newVal, insertAfter): newVal
// inserted into an array before (or after) the element at path, or into
// an object under a key that must not exist yet.
func JsonbInsert(v *JSONValue, path []string, nulls []bool, newVal *JSONValue, insertAfter bool) (*JSONValue, error) {
	if v.Kind < JSONArray {
		return nil, pgerror.New(pgerror.InvalidParameterValue, "cannot set path in scalar")
	}
	if len(path) == 0 {
		return v, nil
	}
	op := pathInsertBefore
	if insertAfter {
		op = pathInsertAfter
	}
	e := &jsonbPathEdit{path: path, nulls: nulls, newVal: newVal, op: op}
	return e.set(v, 0)
}

// JsonbDeletePath is jsonb #- text[]: v without the value at path.
func JsonbDeletePath(v *JSONValue, path []string, nulls []bool) (*JSONValue, error) {
	if v.Kind < JSONArray {
		return nil, pgerror.New(pgerror.InvalidParameterValue, "cannot delete path in scalar")
	}
	if jsonbCount(v) == 0 || len(path) == 0 {
		return v, nil
	}
	e := &jsonbPathEdit{path: path, nulls: nulls, op: pathDelete}
	return e.set(v, 0)
}

// JsonbStripNulls is jsonb_strip_nulls: v without object members whose
// value is null, at every depth. Nulls in arrays stay.
func JsonbStripNulls(v *JSONValue) *JSONValue {
	switch v.Kind {
	case JSONArray:
		elems := make([]*JSONValue, len(v.Elems))
		for i, e := range v.Elems {
			elems[i] = JsonbStripNulls(e)
		}
		return NewJSONArray(elems)
	case JSONObject:
		var pairs []JSONPair
		for _, p := range v.Pairs {
			if p.Value.Kind != JSONNull {
				pairs = append(pairs, JSONPair{p.Key, JsonbStripNulls(p.Value)})
			}
		}
		return &JSONValue{Kind: JSONObject, Pairs: pairs}
	}
	return v
}

// JSONStripNulls is json_strip_nulls over the json text s. PostgreSQL
// rewrites the whole value without white space, strings re-escaped from
// their de-escaped text, numbers as written, duplicate keys kept.
func JSONStripNulls(s string) (string, error) {
	v, err := ParseJSON(s)
	if err != nil {
		return "", err
	}
	return string(appendJSONStripped(nil, v)), nil
}

func appendJSONStripped(buf []byte, v *JSONValue) []byte {
	switch v.Kind {
	case JSONString:
		return appendEscapeJSON(buf, v.Str)
	case JSONArray:
		buf = append(buf, '[')
		for i, e := range v.Elems {
			if i > 0 {
				buf = append(buf, ',')
			}
			buf = appendJSONStripped(buf, e)
		}
		return append(buf, ']')
	case JSONObject:
		buf = append(buf, '{')
		first := true
		for _, p := range v.Pairs {
			if p.Value.Kind == JSONNull {
				continue
			}
			if !first {
				buf = append(buf, ',')
			}
			first = false
			buf = appendEscapeJSON(buf, p.Key)
			buf = append(buf, ':')
			buf = appendJSONStripped(buf, p.Value)
		}
		return append(buf, '}')
	}
	return append(buf, v.Src...)
}

// ---------------------------------------------------------------------------
// Set-returning functions

// JsonbEach is jsonb_each (asText false) or jsonb_each_text (true, which
// changes only the error text): the members of the object v in stored
// order. Render values with AppendJsonb or JsonbValueText.
func JsonbEach(v *JSONValue, asText bool) ([]JSONPair, error) {
	if v.Kind != JSONObject {
		fn := "jsonb_each"
		if asText {
			fn = "jsonb_each_text"
		}
		return nil, pgerror.Newf(pgerror.InvalidParameterValue, "cannot call %s on a non-object", fn)
	}
	return v.Pairs, nil
}

// JsonbArrayElements is jsonb_array_elements and jsonb_array_elements_text:
// the elements of the array v.
func JsonbArrayElements(v *JSONValue) ([]*JSONValue, error) {
	switch v.Kind {
	case JSONArray:
		return v.Elems, nil
	case JSONObject:
		return nil, pgerror.New(pgerror.InvalidParameterValue, "cannot extract elements from an object")
	}
	return nil, pgerror.New(pgerror.InvalidParameterValue, "cannot extract elements from a scalar")
}

// JsonbObjectKeys is jsonb_object_keys: the keys of the object v in stored
// order.
func JsonbObjectKeys(v *JSONValue) ([]string, error) {
	switch v.Kind {
	case JSONObject:
		keys := make([]string, len(v.Pairs))
		for i, p := range v.Pairs {
			keys[i] = p.Key
		}
		return keys, nil
	case JSONArray:
		return nil, pgerror.New(pgerror.InvalidParameterValue, "cannot call jsonb_object_keys on an array")
	}
	return nil, pgerror.New(pgerror.InvalidParameterValue, "cannot call jsonb_object_keys on a scalar")
}

// jsonTopLevel parses the json text s for a function that wants a
// container of kind want, failing with wrongContainer or wrongScalar when
// PostgreSQL would: a container of the wrong kind is rejected at its first
// token, before the rest is read, but a scalar only after it was lexed, so
// a bad escape in it is reported first.
func jsonTopLevel(s string, want jsonTok, wrongContainer, wrongScalar string) (*JSONValue, error) {
	tok, err := jsonFirstToken(s)
	if err != nil {
		return nil, err
	}
	if (tok == tokObjectStart || tok == tokArrayStart) && tok != want {
		return nil, pgerror.New(pgerror.InvalidParameterValue, wrongContainer)
	}
	v, err := ParseJSON(s)
	if err != nil {
		return nil, err
	}
	if tok != want {
		return nil, pgerror.New(pgerror.InvalidParameterValue, wrongScalar)
	}
	return v, nil
}

// JSONEach is json_each and json_each_text over the json text s: the
// object's members in source order, duplicates kept. json_each returns
// each value's Src, json_each_text JSONValueText.
func JSONEach(s string) ([]JSONPair, error) {
	v, err := jsonTopLevel(s, tokObjectStart, "cannot deconstruct an array as an object", "cannot deconstruct a scalar")
	if err != nil {
		return nil, err
	}
	return v.Pairs, nil
}

// JSONArrayElements is json_array_elements (asText false) and
// json_array_elements_text (true, which changes only the error text) over
// the json text s.
func JSONArrayElements(s string, asText bool) ([]*JSONValue, error) {
	fn := "json_array_elements"
	if asText {
		fn = "json_array_elements_text"
	}
	v, err := jsonTopLevel(s, tokArrayStart, "cannot call "+fn+" on a non-array", "cannot call "+fn+" on a scalar")
	if err != nil {
		return nil, err
	}
	return v.Elems, nil
}

// JSONObjectKeys is json_object_keys over the json text s: the keys in
// source order, duplicates kept.
func JSONObjectKeys(s string) ([]string, error) {
	v, err := jsonTopLevel(s, tokObjectStart, "cannot call json_object_keys on an array", "cannot call json_object_keys on a scalar")
	if err != nil {
		return nil, err
	}
	keys := make([]string, len(v.Pairs))
	for i, p := range v.Pairs {
		keys[i] = p.Key
	}
	return keys, nil
}

// ---------------------------------------------------------------------------
// Conversion of SQL values and the builders

// JSONCategory is how to_json and the builders treat a SQL type (PG's
// JsonTypeCategory), which the caller picks from the argument's type.
type JSONCategory uint8

const (
	// JSONTypeOther is every type not listed below: its output text becomes
	// a JSON string. Callers pass dates as AppendJSONDate writes them and
	// timestamps as AppendJSONTimestamp does (ISO 8601 with a T); other
	// types (text, oid, interval, ...) pass their output text.
	JSONTypeOther JSONCategory = iota
	// JSONTypeNumeric is int2, int4, int8, float4, float8 and numeric:
	// Text is the output text; it becomes a JSON number unless it is not
	// one (NaN, Infinity), then a string.
	JSONTypeNumeric
	// JSONTypeBool is bool: Text is "true" or "false" (or "t"/"f").
	JSONTypeBool
	// JSONTypeJSON is json and jsonb: Text is the Datum, copied verbatim
	// into json output and parsed for jsonb output.
	JSONTypeJSON
	// JSONTypeArray is any array type: Text is the array rendered as
	// array_to_json does (elements converted by these same rules, no
	// spaces: [1,2]).
	JSONTypeArray
	// JSONTypeComposite is any row type: Text is row_to_json's rendering.
	JSONTypeComposite
)

// JSONArg is one SQL value handed to to_json, to_jsonb, a builder or an
// aggregate.
type JSONArg struct {
	Cat  JSONCategory
	Null bool
	Text string
}

// AppendJSONDate appends a date as to_json renders it: ISO 8601.
func AppendJSONDate(buf []byte, d int64) []byte { return AppendDate(buf, d) }

// AppendJSONTimestamp appends a timestamp as to_json renders it: ISO 8601
// with a T between date and time, e.g. 2024-01-01T10:00:00 (infinity and
// -infinity as words, a BC suffix kept).
func AppendJSONTimestamp(buf []byte, t int64) []byte {
	start := len(buf)
	buf = AppendTimestamp(buf, t)
	if !IsInfTimestamp(t) {
		if i := bytes.IndexByte(buf[start:], ' '); i >= 0 {
			buf[start+i] = 'T'
		}
	}
	return buf
}

// isValidJSONNumber is IsValidJsonNumber: s is exactly one JSON number.
func isValidJSONNumber(s string) bool {
	if s == "" {
		return false
	}
	p := newJSONParser(s, false, false, false)
	i := 0
	if s[0] == '-' {
		i = 1
	}
	if p.lexNumber(i) != nil {
		return false
	}
	return p.tokEnd == len(s)
}

func argIsTrue(a JSONArg) bool { return a.Text != "" && (a.Text[0] == 't' || a.Text[0] == 'T') }

// ToJSON is to_json of a: the value's json text ("null" for NULL).
func ToJSON(a JSONArg) string { return string(appendJSONArg(nil, a)) }

func appendJSONArg(buf []byte, a JSONArg) []byte {
	if a.Null {
		return append(buf, "null"...)
	}
	switch a.Cat {
	case JSONTypeNumeric:
		if isValidJSONNumber(a.Text) {
			return append(buf, a.Text...)
		}
		return appendEscapeJSON(buf, a.Text)
	case JSONTypeBool:
		if argIsTrue(a) {
			return append(buf, "true"...)
		}
		return append(buf, "false"...)
	case JSONTypeJSON, JSONTypeArray, JSONTypeComposite:
		return append(buf, a.Text...)
	}
	return appendEscapeJSON(buf, a.Text)
}

func errKeyNotScalar() error {
	return pgerror.New(pgerror.InvalidParameterValue, "key value must be scalar, not array, composite, or json")
}

// jsonKeyText is the text of a non-NULL object key.
func jsonKeyText(a JSONArg) (string, error) {
	switch a.Cat {
	case JSONTypeJSON, JSONTypeArray, JSONTypeComposite:
		return "", errKeyNotScalar()
	case JSONTypeBool:
		if argIsTrue(a) {
			return "true", nil
		}
		return "false", nil
	}
	return a.Text, nil
}

// ToJsonb is to_jsonb of a: the value as a jsonb tree (null for NULL).
func ToJsonb(a JSONArg) (*JSONValue, error) {
	if a.Null {
		return NewJSONNull(), nil
	}
	switch a.Cat {
	case JSONTypeNumeric:
		// PostgreSQL tells numbers from NaN and the infinities by the
		// letter n in their output.
		if strings.ContainsAny(a.Text, "Nn") {
			return NewJSONString(a.Text), nil
		}
		n, err := ParseNumeric(a.Text)
		if err != nil {
			return nil, err
		}
		return NewJSONNumeric(n), nil
	case JSONTypeBool:
		return NewJSONBool(argIsTrue(a)), nil
	case JSONTypeJSON, JSONTypeArray, JSONTypeComposite:
		return ParseJsonb(a.Text)
	}
	return NewJSONString(a.Text), nil
}

func errOddArgs(fn string) error {
	return pgerror.New(pgerror.InvalidParameterValue, "argument list must have even number of elements").
		WithHint("The arguments of %s must consist of alternating keys and values.", fn)
}

// JSONBuildObject is json_build_object(args...): {"k" : v, "k2" : v2}.
func JSONBuildObject(args []JSONArg) (string, error) {
	if len(args)%2 != 0 {
		return "", errOddArgs("json_build_object()")
	}
	buf := []byte{'{'}
	for i := 0; i < len(args); i += 2 {
		if i > 0 {
			buf = append(buf, ", "...)
		}
		if args[i].Null {
			return "", pgerror.Newf(pgerror.InvalidParameterValue, "argument %d cannot be null", i+1).
				WithHint("Object keys should be text.")
		}
		k, err := jsonKeyText(args[i])
		if err != nil {
			return "", err
		}
		buf = appendEscapeJSON(buf, k)
		buf = append(buf, " : "...)
		buf = appendJSONArg(buf, args[i+1])
	}
	return string(append(buf, '}')), nil
}

// JSONBuildArray is json_build_array(args...): [v, v2].
func JSONBuildArray(args []JSONArg) string {
	buf := []byte{'['}
	for i, a := range args {
		if i > 0 {
			buf = append(buf, ", "...)
		}
		buf = appendJSONArg(buf, a)
	}
	return string(append(buf, ']'))
}

// JsonbBuildObject is jsonb_build_object(args...).
func JsonbBuildObject(args []JSONArg) (*JSONValue, error) {
	if len(args)%2 != 0 {
		return nil, errOddArgs("jsonb_build_object()")
	}
	pairs := make([]JSONPair, 0, len(args)/2)
	for i := 0; i < len(args); i += 2 {
		if args[i].Null {
			return nil, pgerror.Newf(pgerror.InvalidParameterValue, "argument %d: key must not be null", i+1)
		}
		k, err := jsonKeyText(args[i])
		if err != nil {
			return nil, err
		}
		v, err := ToJsonb(args[i+1])
		if err != nil {
			return nil, err
		}
		pairs = append(pairs, JSONPair{k, v})
	}
	return newJsonbObjectOwned(pairs), nil
}

// JsonbBuildArray is jsonb_build_array(args...).
func JsonbBuildArray(args []JSONArg) (*JSONValue, error) {
	elems := make([]*JSONValue, len(args))
	for i, a := range args {
		v, err := ToJsonb(a)
		if err != nil {
			return nil, err
		}
		elems[i] = v
	}
	return NewJSONArray(elems), nil
}

func errFieldNameNull() error {
	return pgerror.New(pgerror.InvalidParameterValue, "field name must not be null")
}

// JSONAgg is json_agg's transition state. The zero value is empty.
type JSONAgg struct {
	buf []byte
}

// Add adds a row's value. As in PostgreSQL, a non-NULL array or row value
// after the first row starts on a new line.
func (s *JSONAgg) Add(a JSONArg) {
	if s.buf == nil {
		s.buf = append(s.buf, '[')
	} else {
		s.buf = append(s.buf, ", "...)
		if !a.Null && (a.Cat == JSONTypeArray || a.Cat == JSONTypeComposite) {
			s.buf = append(s.buf, "\n "...)
		}
	}
	s.buf = appendJSONArg(s.buf, a)
}

// Result returns json_agg's result; ok is false (SQL NULL) when no row was
// added.
func (s *JSONAgg) Result() (string, bool) {
	if s.buf == nil {
		return "", false
	}
	return string(s.buf) + "]", true
}

// JSONObjectAgg is json_object_agg's transition state.
type JSONObjectAgg struct {
	buf []byte
}

// Add adds a row's key and value.
func (s *JSONObjectAgg) Add(key, val JSONArg) error {
	if key.Null {
		return errFieldNameNull()
	}
	k, err := jsonKeyText(key)
	if err != nil {
		return err
	}
	if s.buf == nil {
		s.buf = append(s.buf, "{ "...)
	} else {
		s.buf = append(s.buf, ", "...)
	}
	s.buf = appendEscapeJSON(s.buf, k)
	s.buf = append(s.buf, " : "...)
	s.buf = appendJSONArg(s.buf, val)
	return nil
}

// Result returns json_object_agg's result, { "k" : v, "k2" : v2 }; ok is
// false (SQL NULL) when no row was added.
func (s *JSONObjectAgg) Result() (string, bool) {
	if s.buf == nil {
		return "", false
	}
	return string(s.buf) + " }", true
}

// JsonbAgg is jsonb_agg's transition state.
type JsonbAgg struct {
	elems []*JSONValue
	any   bool
}

// Add adds a row's value.
func (s *JsonbAgg) Add(a JSONArg) error {
	v, err := ToJsonb(a)
	if err != nil {
		return err
	}
	s.elems = append(s.elems, v)
	s.any = true
	return nil
}

// Result returns jsonb_agg's result; ok is false (SQL NULL) when no row was
// added.
func (s *JsonbAgg) Result() (*JSONValue, bool) {
	if !s.any {
		return nil, false
	}
	return NewJSONArray(s.elems), true
}

// JsonbObjectAgg is jsonb_object_agg's transition state.
type JsonbObjectAgg struct {
	pairs []JSONPair
	any   bool
}

// Add adds a row's key and value; a later row's key overrides an earlier
// one.
func (s *JsonbObjectAgg) Add(key, val JSONArg) error {
	if key.Null {
		return errFieldNameNull()
	}
	k, err := jsonKeyText(key)
	if err != nil {
		return err
	}
	v, err := ToJsonb(val)
	if err != nil {
		return err
	}
	s.pairs = append(s.pairs, JSONPair{k, v})
	s.any = true
	return nil
}

// Result returns jsonb_object_agg's result; ok is false (SQL NULL) when no
// row was added.
func (s *JsonbObjectAgg) Result() (*JSONValue, bool) {
	if !s.any {
		return nil, false
	}
	return NewJSONObject(s.pairs), true
}
