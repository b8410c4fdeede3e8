// jsonpath.go implements the jsonpath type: the lexer and parser of the
// SQL/JSON path language, the checks jsonpath input makes (@ only inside
// filters, last only inside subscripts) and the canonical text jsonpath_out
// prints (PG: utils/adt/jsonpath.c, jsonpath_gram.y, jsonpath_scan.l). A
// jsonpath Datum is its canonical text; the evaluator parses it again.

package types

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/loomdb/loomdb/internal/pgerror"
)

// JsonpathArrayOid is the type _jsonpath.
const JsonpathArrayOid Oid = 4073

// JPKind is the kind of a jsonpath item.
type JPKind uint8

// The jsonpath item kinds.
const (
	JPNull JPKind = iota
	JPString
	JPNumeric
	JPBool
	JPAnd
	JPOr
	JPNot
	JPIsUnknown
	JPEqual
	JPNotEqual
	JPLess
	JPGreater
	JPLessOrEqual
	JPGreaterOrEqual
	JPAdd
	JPSub
	JPMul
	JPDiv
	JPMod
	JPPlus
	JPMinus
	JPAnyArray
	JPAnyKey
	JPIndexArray
	JPAny
	JPKey
	JPCurrent
	JPRoot
	JPVariable
	JPFilter
	JPExists
	JPType
	JPSize
	JPAbs
	JPFloor
	JPCeiling
	JPDouble
	JPDatetime
	JPKeyValue
	JPSubscript
	JPLast
	JPStartsWith
	JPLikeRegex
)

// JPAnyLast is the level "last" of .**{...}.
const JPAnyLast = math.MaxUint32

// JPItem is one item of a parsed jsonpath: an accessor, a literal, an
// operator or a method, with the item applied to its result in Next.
type JPItem struct {
	Kind        JPKind
	Next        *JPItem
	Left, Right *JPItem      // operands; Left is the argument of unary items
	Str         string       // key, string literal, variable name, regex pattern
	Num         Numeric      // numeric literal
	Bool        bool         // boolean literal
	Flags       string       // like_regex flags as written (i, s, m, x, q)
	Subs        [][2]*JPItem // subscripts: from and to (nil when none)
	First, Last uint32       // levels of .**
}

// JsonPath is a parsed jsonpath: its mode and its root item.
type JsonPath struct {
	Lax  bool
	Root *JPItem
}

// JsonPathRegexCheck validates a like_regex pattern and its flags at input
// time; the function library sets it (the regex engine lives there).
var JsonPathRegexCheck func(pattern, flags string) error

// InJsonpath is jsonpath_in: it parses s and returns its canonical text.
func InJsonpath(s string) (string, error) {
	p, err := ParseJsonPath(s)
	if err != nil {
		return "", err
	}
	return p.String(), nil
}

// ---------------------------------------------------------------------------
// Lexer

type jpTokKind uint8

const (
	jtEOF jpTokKind = iota
	jtPunct
	jtString
	jtIdent // identifiers and keywords
	jtInt
	jtNumeric
	jtVariable
	jtLexError // the scanner failed here; err says how
)

type jpTok struct {
	kind jpTokKind
	text string // source text (for errors)
	val  string // de-escaped string / identifier / punctuation
	// after is the run of blanks following a word, "" when none.
	after string
	err   error // jtLexError
}

type jpLexer struct {
	s    string
	pos  int
	toks []jpTok
	// uRun and uEnd delimit the last run of consecutive \u escapes,
	// which an error in one of them reports whole.
	uRun, uEnd int
}

func jpSyntaxAt(text string) error {
	return pgerror.Newf(pgerror.SyntaxError, "syntax error at or near \"%s\" of jsonpath input", text)
}

func jpSyntaxEnd() error {
	return pgerror.New(pgerror.SyntaxError, "syntax error at end of jsonpath input")
}

// jpSpecial reports whether c ends an identifier.
func jpSpecial(c byte) bool {
	return strings.IndexByte("?%$.[]{}()|&!=<>@#,*:-+/\\\" \t\n\r\f", c) >= 0
}

func jpIsSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}

func (l *jpLexer) lex() error {
	s := l.s
	for l.pos < len(s) {
		c := s[l.pos]
		start := l.pos
		switch {
		case jpIsSpace(c):
			l.pos++
		case c == '/' && strings.HasPrefix(s[l.pos:], "/*"):
			// A comment counts as a blank.
			end := strings.Index(s[l.pos+2:], "*/")
			if end < 0 {
				return pgerror.New(pgerror.SyntaxError, "unexpected end of comment at end of jsonpath input")
			}
			l.pos += 2 + end + 2
		case c == '"':
			str, err := l.quoted()
			if err != nil {
				return err
			}
			l.toks = append(l.toks, jpTok{kind: jtString, text: s[start:l.pos], val: str})
		case c == '$':
			l.pos++
			if l.pos < len(s) && s[l.pos] == '"' {
				str, err := l.quoted()
				if err != nil {
					return err
				}
				l.toks = append(l.toks, jpTok{kind: jtVariable, text: s[start:l.pos], val: str})
			} else if l.pos < len(s) && !jpSpecial(s[l.pos]) {
				// A variable name takes no escapes.
				j := l.pos
				for j < len(s) && !jpSpecial(s[j]) {
					j++
				}
				name := s[l.pos:j]
				l.pos = j
				l.toks = append(l.toks, jpTok{kind: jtVariable, text: s[start:l.pos], val: name})
			} else {
				l.toks = append(l.toks, jpTok{kind: jtPunct, text: "$", val: "$"})
			}
		case c >= '0' && c <= '9' || c == '.' && l.pos+1 < len(s) && s[l.pos+1] >= '0' && s[l.pos+1] <= '9':
			// The longest match wins, as in PostgreSQL's scanner: digits
			// followed by more word characters than a number (with one
			// junk character) takes make an identifier.
			wordEnd := start
			for wordEnd < len(s) && !jpSpecial(s[wordEnd]) {
				wordEnd++
			}
			ntoks := len(l.toks)
			err := l.number()
			if wordEnd > l.pos {
				l.toks = l.toks[:ntoks]
				l.pos = start
				name, err := l.ident()
				if err != nil {
					return err
				}
				l.word(start, name)
				continue
			}
			if err != nil {
				return err
			}
		case jpSpecial(c) && c != '\\':
			two := ""
			if l.pos+1 < len(s) {
				two = s[l.pos : l.pos+2]
			}
			switch two {
			case "&&", "||", "==", "!=", "<>", "<=", ">=", "**":
				l.pos += 2
				l.toks = append(l.toks, jpTok{kind: jtPunct, text: two, val: two})
				continue
			}
			if c == '[' && strings.HasPrefix(s[l.pos:], "[*]") {
				l.pos += 3
				l.toks = append(l.toks, jpTok{kind: jtPunct, text: "[*]", val: "[*]"})
				continue
			}
			if c == '=' || c == '|' || c == '&' || c == '#' || c == ':' {
				l.pos++
				return jpSyntaxAt(s[start:l.pos])
			}
			l.pos++
			l.toks = append(l.toks, jpTok{kind: jtPunct, text: s[start:l.pos], val: s[start:l.pos]})
		default:
			name, err := l.ident()
			if err != nil {
				return err
			}
			l.word(start, name)
		}
	}
	return nil
}

// word adds the identifier token that ends at l.pos. PostgreSQL's scanner
// drops a word that a comment follows directly; so does this one.
func (l *jpLexer) word(start int, name string) {
	if strings.HasPrefix(l.s[l.pos:], "/*") {
		return
	}
	l.toks = append(l.toks, jpTok{kind: jtIdent, text: l.s[start:l.pos], val: name, after: l.blankAfter()})
}

func (l *jpLexer) blankAfter() string {
	i := l.pos
	for i < len(l.s) && jpIsSpace(l.s[i]) {
		i++
	}
	return l.s[l.pos:i]
}

func (l *jpLexer) number() error {
	s := l.s
	start := l.pos
	i := l.pos
	digits := func() {
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	}
	isInt := true
	if s[i] == '0' {
		i++
	} else if s[i] != '.' {
		digits()
	}
	if i < len(s) && s[i] == '.' {
		isInt = false
		i++
		digits()
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		if j < len(s) && s[j] >= '0' && s[j] <= '9' {
			isInt = false
			i = j
			digits()
		} else if j > i+1 {
			l.pos = j
			return pgerror.Newf(pgerror.SyntaxError, "invalid numeric literal at or near \"%s\" of jsonpath input", s[start:j])
		} else {
			l.pos = j
			return pgerror.Newf(pgerror.SyntaxError, "trailing junk after numeric literal at or near \"%s\" of jsonpath input", s[start:j])
		}
	}
	if i < len(s) && (!jpSpecial(s[i]) || s[i] >= '0' && s[i] <= '9') {
		_, n := utf8.DecodeRuneInString(s[i:])
		l.pos = i + n
		return pgerror.Newf(pgerror.SyntaxError, "trailing junk after numeric literal at or near \"%s\" of jsonpath input", s[start:i+n])
	}
	l.pos = i
	kind := jtNumeric
	if isInt {
		kind = jtInt
	}
	l.toks = append(l.toks, jpTok{kind: kind, text: s[start:i], val: s[start:i]})
	return nil
}

// escape reads the escape sequence after a backslash at l.pos.
func (l *jpLexer) escape(buf *strings.Builder) error {
	s := l.s
	l.pos++ // the backslash
	if l.pos >= len(s) {
		return pgerror.New(pgerror.SyntaxError, "unexpected end after backslash at or near \"\\\" of jsonpath input")
	}
	c := s[l.pos]
	l.pos++
	switch c {
	case 'b':
		buf.WriteByte('\b')
	case 'f':
		buf.WriteByte('\f')
	case 'n':
		buf.WriteByte('\n')
	case 'r':
		buf.WriteByte('\r')
	case 't':
		buf.WriteByte('\t')
	case 'v':
		buf.WriteByte('\v')
	case 'x':
		if l.pos+2 <= len(s) && jpIsHex(s[l.pos]) && jpIsHex(s[l.pos+1]) {
			v, _ := strconv.ParseUint(s[l.pos:l.pos+2], 16, 8)
			l.pos += 2
			if v == 0 {
				return pgerror.New(pgerror.UntranslatableCharacter, "unsupported Unicode escape sequence").
					WithDetail("\\u0000 cannot be converted to text.")
			}
			buf.WriteRune(rune(v))
			return nil
		}
		j := l.pos
		for j < len(s) && j < l.pos+1 && jpIsHex(s[j]) {
			j++
		}
		return pgerror.Newf(pgerror.SyntaxError, "invalid hex character sequence at or near \"%s\" of jsonpath input", s[l.pos-2:j])
	case 'u':
		return l.unicode(buf)
	default:
		_, n := utf8.DecodeRuneInString(s[l.pos-1:])
		buf.WriteString(s[l.pos-1 : l.pos-1+n])
		l.pos += n - 1
	}
	return nil
}

func (l *jpLexer) unicode(buf *strings.Builder) error {
	s := l.s
	read := func() (rune, bool) {
		if l.pos < len(s) && s[l.pos] == '{' {
			j := l.pos + 1
			for j < len(s) && jpIsHex(s[j]) && j-l.pos <= 6 {
				j++
			}
			if j == l.pos+1 || j >= len(s) || s[j] != '}' {
				return 0, false
			}
			v, _ := strconv.ParseUint(s[l.pos+1:j], 16, 32)
			l.pos = j + 1
			return rune(v), true
		}
		if l.pos+4 <= len(s) && jpIsHex(s[l.pos]) && jpIsHex(s[l.pos+1]) && jpIsHex(s[l.pos+2]) && jpIsHex(s[l.pos+3]) {
			v, _ := strconv.ParseUint(s[l.pos:l.pos+4], 16, 32)
			l.pos += 4
			return rune(v), true
		}
		return 0, false
	}
	if start := l.pos - 2; start != l.uEnd || l.uEnd == 0 {
		l.uRun = start
	}
	defer func() { l.uEnd = l.pos }()
	// badSeq reports the run of escapes up to the bad one's hex digits.
	badSeq := func() error {
		j, max := l.pos, 3
		if j < len(s) && s[j] == '{' {
			j, max = j+1, 6
		}
		for k := j; j < len(s) && j < k+max && jpIsHex(s[j]); {
			j++
		}
		return pgerror.Newf(pgerror.SyntaxError, "invalid unicode sequence at or near \"%s\" of jsonpath input", s[l.uRun:j])
	}
	surrogate := func(detail string) error {
		return pgerror.New(pgerror.InvalidTextRepresentation, "invalid input syntax for type jsonpath").WithDetail("%s", detail)
	}
	r, ok := read()
	if !ok {
		return badSeq()
	}
	if r >= 0xD800 && r <= 0xDBFF {
		if l.pos+1 < len(s) && s[l.pos] == '\\' && s[l.pos+1] == 'u' {
			l.pos += 2
			lo, ok := read()
			if !ok {
				return badSeq()
			}
			if lo >= 0xD800 && lo <= 0xDBFF {
				return surrogate("Unicode high surrogate must not follow a high surrogate.")
			}
			if lo < 0xDC00 || lo > 0xDFFF {
				return surrogate("Unicode low surrogate must follow a high surrogate.")
			}
			r = 0x10000 + (r-0xD800)<<10 + (lo - 0xDC00)
		} else {
			return surrogate("Unicode low surrogate must follow a high surrogate.")
		}
	} else if r >= 0xDC00 && r <= 0xDFFF {
		return surrogate("Unicode low surrogate must follow a high surrogate.")
	}
	if r == 0 {
		return pgerror.New(pgerror.UntranslatableCharacter, "unsupported Unicode escape sequence").
			WithDetail("\\u0000 cannot be converted to text.")
	}
	if r > utf8.MaxRune {
		return pgerror.New(pgerror.SyntaxError, "invalid Unicode code point")
	}
	buf.WriteRune(r)
	return nil
}

func (l *jpLexer) quoted() (string, error) {
	s := l.s
	l.pos++ // opening quote
	var buf strings.Builder
	for {
		if l.pos >= len(s) {
			return "", pgerror.New(pgerror.SyntaxError, "unexpected end of quoted string at end of jsonpath input")
		}
		c := s[l.pos]
		switch c {
		case '"':
			l.pos++
			return buf.String(), nil
		case '\\':
			if err := l.escape(&buf); err != nil {
				return "", err
			}
		default:
			buf.WriteByte(c)
			l.pos++
		}
	}
}

func (l *jpLexer) ident() (string, error) {
	s := l.s
	var buf strings.Builder
	for l.pos < len(s) {
		c := s[l.pos]
		if c == '\\' {
			if err := l.escape(&buf); err != nil {
				return "", err
			}
			continue
		}
		if jpSpecial(c) {
			break
		}
		buf.WriteByte(c)
		l.pos++
	}
	return buf.String(), nil
}

// ---------------------------------------------------------------------------
// Parser

type jpParser struct {
	toks []jpTok
	i    int
	// exprOnly is set where the grammar takes only a value expression,
	// so that exists (...) there is an error at its keyword.
	exprOnly bool
	// paren is the item primary last returned from parentheses.
	paren *JPItem
	// stored is set when parsing canonical text (ParseJsonPathDatum).
	stored bool
}

// sub parses with exprOnly set to only.
func (p *jpParser) sub(only bool, f func() (*JPItem, error)) (*JPItem, error) {
	saved := p.exprOnly
	p.exprOnly = only
	it, err := f()
	p.exprOnly = saved
	return it, err
}

func (p *jpParser) peek() jpTok {
	if p.i < len(p.toks) {
		return p.toks[p.i]
	}
	return jpTok{kind: jtEOF}
}

func (p *jpParser) errHere() error {
	t := p.peek()
	if t.kind == jtEOF {
		return jpSyntaxEnd()
	}
	switch {
	case t.kind == jtLexError:
		return t.err
	case t.kind == jtIdent:
		// A word is reported by the blanks that ended it, or as at the
		// end, as PostgreSQL's scanner leaves it.
		if t.after != "" {
			return jpSyntaxAt(t.after)
		}
		return jpSyntaxEnd()
	case t.kind == jtString || t.kind == jtVariable && strings.HasPrefix(t.text, "$\""):
		// A quoted string is reported by its closing quote.
		return jpSyntaxAt("\"")
	}
	return jpSyntaxAt(t.text)
}

func (p *jpParser) isPunct(v string) bool {
	t := p.peek()
	return t.kind == jtPunct && t.val == v
}

func (p *jpParser) isKw(v string) bool {
	return jpKeyword(p.peek()) == v
}

// jpKeyword returns the keyword an identifier token spells, in lower case,
// or "". Keywords are case-insensitive except null, true and false.
func jpKeyword(t jpTok) string {
	if t.kind != jtIdent {
		return ""
	}
	switch t.val {
	case "null", "true", "false":
		return t.val
	}
	lw := strings.ToLower(t.val)
	switch lw {
	case "is", "to", "abs", "lax", "flag", "last", "size", "type", "with", "floor", "double", "exists",
		"starts", "strict", "ceiling", "unknown", "datetime", "keyvalue", "like_regex":
		return lw
	}
	return ""
}

func (p *jpParser) expect(v string) error {
	if !p.isPunct(v) {
		return p.errHere()
	}
	p.i++
	return nil
}

// isPredicate reports whether an item is a boolean predicate rather than a
// value expression.
func isPredicate(it *JPItem) bool {
	switch it.Kind {
	case JPAnd, JPOr, JPNot, JPIsUnknown, JPEqual, JPNotEqual, JPLess, JPGreater,
		JPLessOrEqual, JPGreaterOrEqual, JPExists, JPStartsWith, JPLikeRegex:
		return it.Next == nil
	}
	return false
}

// ParseJsonPath parses jsonpath text.
func ParseJsonPath(s string) (*JsonPath, error) { return parseJsonPath(s, false) }

// ParseJsonPathDatum parses a jsonpath Datum: canonical text, which, as
// PostgreSQL prints it, may put accessors right after exists (...), !(...)
// and (...) is unknown where input does not allow them.
func ParseJsonPathDatum(s string) (*JsonPath, error) { return parseJsonPath(s, true) }

func parseJsonPath(s string, stored bool) (*JsonPath, error) {
	l := &jpLexer{s: s}
	if err := l.lex(); err != nil {
		// Scanning is lazy in PostgreSQL: a syntax error before the
		// bad token wins, so the parser meets this error as a token.
		l.toks = append(l.toks, jpTok{kind: jtLexError, err: err})
	}
	if len(l.toks) == 1 && l.toks[0].kind == jtLexError {
		return nil, l.toks[0].err
	}
	if len(l.toks) == 0 {
		return nil, pgerror.Newf(pgerror.InvalidTextRepresentation, "invalid input syntax for type jsonpath: \"%s\"", s)
	}
	p := &jpParser{toks: l.toks, stored: stored}
	jp := &JsonPath{Lax: true}
	if p.isKw("strict") {
		jp.Lax = false
		p.i++
	} else if p.isKw("lax") {
		p.i++
	}
	if p.peek().kind == jtEOF {
		return nil, jpSyntaxEnd()
	}
	root, err := p.orExpr()
	if err != nil {
		return nil, err
	}
	if p.peek().kind != jtEOF {
		return nil, p.errHere()
	}
	if err := jpCheck(root, false, false); err != nil {
		return nil, err
	}
	jp.Root = root
	return jp, nil
}

// jpCheck enforces where @ and last may appear.
func jpCheck(it *JPItem, inFilter, inSubscript bool) error {
	for ; it != nil; it = it.Next {
		switch it.Kind {
		case JPCurrent:
			if !inFilter {
				return pgerror.New(pgerror.SyntaxError, "@ is not allowed in root expressions")
			}
		case JPLast:
			if !inSubscript {
				return pgerror.New(pgerror.SyntaxError, "LAST is allowed only in array subscripts")
			}
		case JPDatetime:
			return pgerror.Unsupported("jsonpath item method .datetime() is not supported")
		}
		f := inFilter || it.Kind == JPFilter
		for _, c := range []*JPItem{it.Left, it.Right} {
			if c != nil {
				if err := jpCheck(c, f, inSubscript); err != nil {
					return err
				}
			}
		}
		for _, sub := range it.Subs {
			for _, c := range sub {
				if c != nil {
					if err := jpCheck(c, inFilter, true); err != nil {
						return err
					}
				}
			}
		}
	}
	return nil
}

func (p *jpParser) orExpr() (*JPItem, error) {
	left, err := p.andExpr()
	if err != nil {
		return nil, err
	}
	for p.isPunct("||") {
		if !isPredicate(left) {
			return nil, p.errHere()
		}
		p.i++
		right, err := p.andExpr()
		if err != nil {
			return nil, err
		}
		if !isPredicate(right) {
			return nil, p.errHere()
		}
		left = &JPItem{Kind: JPOr, Left: left, Right: right}
	}
	return left, nil
}

func (p *jpParser) andExpr() (*JPItem, error) {
	left, err := p.notExpr()
	if err != nil {
		return nil, err
	}
	for p.isPunct("&&") {
		if !isPredicate(left) {
			return nil, p.errHere()
		}
		p.i++
		right, err := p.notExpr()
		if err != nil {
			return nil, err
		}
		if !isPredicate(right) {
			return nil, p.errHere()
		}
		left = &JPItem{Kind: JPAnd, Left: left, Right: right}
	}
	return left, nil
}

func (p *jpParser) notExpr() (*JPItem, error) {
	if p.isPunct("!") {
		p.i++
		// ! applies to a parenthesized predicate or exists (...).
		if p.isKw("exists") {
			arg, err := p.primary()
			if err != nil {
				return nil, err
			}
			if p.stored {
				return p.accessors(&JPItem{Kind: JPNot, Left: arg})
			}
			return &JPItem{Kind: JPNot, Left: arg}, nil
		}
		if !p.isPunct("(") {
			return nil, p.errHere()
		}
		p.i++
		arg, err := p.orExpr()
		if err != nil {
			return nil, err
		}
		if !isPredicate(arg) || !p.isPunct(")") {
			return nil, p.errHere()
		}
		p.i++
		if p.stored {
			return p.accessors(&JPItem{Kind: JPNot, Left: arg})
		}
		return &JPItem{Kind: JPNot, Left: arg}, nil
	}
	return p.compExpr()
}

var jpCompOps = map[string]JPKind{"==": JPEqual, "!=": JPNotEqual, "<>": JPNotEqual, "<": JPLess, ">": JPGreater, "<=": JPLessOrEqual, ">=": JPGreaterOrEqual}

func (p *jpParser) compExpr() (*JPItem, error) {
	left, err := p.addExpr()
	if err != nil {
		return nil, err
	}
	t := p.peek()
	if t.kind == jtPunct {
		if k, ok := jpCompOps[t.val]; ok {
			if isPredicate(left) {
				return nil, p.errHere()
			}
			p.i++
			right, err := p.sub(true, p.addExpr)
			if err != nil {
				return nil, err
			}
			if isPredicate(right) {
				return nil, p.errHere()
			}
			return &JPItem{Kind: k, Left: left, Right: right}, nil
		}
	}
	if t.kind == jtIdent && !isPredicate(left) {
		switch jpKeyword(t) {
		case "starts":
			p.i++
			if !p.isKw("with") {
				return nil, p.errHere()
			}
			p.i++
			r := p.peek()
			var right *JPItem
			switch r.kind {
			case jtString:
				right = &JPItem{Kind: JPString, Str: r.val}
			case jtVariable:
				right = &JPItem{Kind: JPVariable, Str: r.val}
			default:
				return nil, p.errHere()
			}
			p.i++
			return &JPItem{Kind: JPStartsWith, Left: left, Right: right}, nil
		case "like_regex":
			p.i++
			r := p.peek()
			if r.kind != jtString {
				return nil, p.errHere()
			}
			p.i++
			it := &JPItem{Kind: JPLikeRegex, Left: left, Str: r.val}
			if p.isKw("flag") {
				p.i++
				f := p.peek()
				if f.kind != jtString {
					return nil, p.errHere()
				}
				p.i++
				for _, c := range f.val {
					if !strings.ContainsRune("ismxq", c) {
						return nil, pgerror.New(pgerror.SyntaxError, "invalid input syntax for type jsonpath").
							WithDetail("Unrecognized flag character \"%c\" in LIKE_REGEX predicate.", c)
					}
					if !strings.ContainsRune(it.Flags, c) {
						it.Flags += string(c)
					}
				}
			}
			if strings.ContainsRune(it.Flags, 'x') && !strings.ContainsRune(it.Flags, 'q') {
				return nil, pgerror.Unsupported("XQuery \"x\" flag (expanded regular expressions) is not implemented")
			}
			if JsonPathRegexCheck != nil {
				if err := JsonPathRegexCheck(it.Str, it.Flags); err != nil {
					return nil, err
				}
			}
			return it, nil
		}
	}
	return left, nil
}

func (p *jpParser) addExpr() (*JPItem, error) {
	left, err := p.mulExpr()
	if err != nil {
		return nil, err
	}
	for p.isPunct("+") || p.isPunct("-") {
		k := JPAdd
		if p.peek().val == "-" {
			k = JPSub
		}
		if isPredicate(left) {
			return nil, p.errHere()
		}
		p.i++
		right, err := p.sub(true, p.mulExpr)
		if err != nil {
			return nil, err
		}
		if isPredicate(right) {
			return nil, p.errHere()
		}
		left = &JPItem{Kind: k, Left: left, Right: right}
	}
	return left, nil
}

func (p *jpParser) mulExpr() (*JPItem, error) {
	left, err := p.unaryExpr()
	if err != nil {
		return nil, err
	}
	for p.isPunct("*") || p.isPunct("/") || p.isPunct("%") {
		k := map[string]JPKind{"*": JPMul, "/": JPDiv, "%": JPMod}[p.peek().val]
		if isPredicate(left) {
			return nil, p.errHere()
		}
		p.i++
		right, err := p.sub(true, p.unaryExpr)
		if err != nil {
			return nil, err
		}
		if isPredicate(right) {
			return nil, p.errHere()
		}
		left = &JPItem{Kind: k, Left: left, Right: right}
	}
	return left, nil
}

func (p *jpParser) unaryExpr() (*JPItem, error) {
	if p.isPunct("+") || p.isPunct("-") {
		minus := p.peek().val == "-"
		p.i++
		arg, err := p.sub(true, p.unaryExpr)
		if err != nil {
			return nil, err
		}
		if isPredicate(arg) {
			return nil, p.errHere()
		}
		// A sign before a numeric literal folds into it.
		if arg.Kind == JPNumeric && arg.Next == nil {
			if minus {
				arg.Num = NumericNeg(arg.Num)
			}
			return arg, nil
		}
		if !minus {
			return &JPItem{Kind: JPPlus, Left: arg}, nil
		}
		return &JPItem{Kind: JPMinus, Left: arg}, nil
	}
	return p.accessorExpr()
}

var jpMethods = map[string]JPKind{"type": JPType, "size": JPSize, "abs": JPAbs, "floor": JPFloor,
	"ceiling": JPCeiling, "double": JPDouble, "keyvalue": JPKeyValue, "datetime": JPDatetime}

func (p *jpParser) accessorExpr() (*JPItem, error) {
	first, err := p.primary()
	if err != nil {
		return nil, err
	}
	// Accessors may follow a predicate only when it is parenthesized.
	if isPredicate(first) && p.paren != first && !p.stored {
		return first, nil
	}
	return p.accessors(first)
}

// accessors parses the accessors, filters and methods after first.
func (p *jpParser) accessors(first *JPItem) (*JPItem, error) {
	last := first
	for last.Next != nil {
		last = last.Next
	}
	appendItem := func(it *JPItem) {
		last.Next = it
		last = it
	}
	for {
		t := p.peek()
		if t.kind != jtPunct {
			return first, nil
		}
		switch t.val {
		case "[*]":
			p.i++
			appendItem(&JPItem{Kind: JPAnyArray})
		case "[":
			p.i++
			it := &JPItem{Kind: JPIndexArray}
			for {
				from, err := p.sub(true, p.addExpr)
				if err != nil {
					return nil, err
				}
				if isPredicate(from) {
					return nil, p.errHere()
				}
				var to *JPItem
				if p.isKw("to") {
					p.i++
					if to, err = p.sub(true, p.addExpr); err != nil {
						return nil, err
					}
					if isPredicate(to) {
						return nil, p.errHere()
					}
				}
				it.Subs = append(it.Subs, [2]*JPItem{from, to})
				if p.isPunct(",") {
					p.i++
					continue
				}
				if err := p.expect("]"); err != nil {
					return nil, err
				}
				break
			}
			appendItem(it)
		case "?":
			p.i++
			if err := p.expect("("); err != nil {
				return nil, err
			}
			pred, err := p.sub(false, p.orExpr)
			if err != nil {
				return nil, err
			}
			if !isPredicate(pred) {
				return nil, p.errHere()
			}
			if err := p.expect(")"); err != nil {
				return nil, err
			}
			appendItem(&JPItem{Kind: JPFilter, Left: pred})
		case ".":
			p.i++
			n := p.peek()
			switch {
			case n.kind == jtPunct && n.val == "*":
				p.i++
				appendItem(&JPItem{Kind: JPAnyKey})
			case n.kind == jtPunct && n.val == "**":
				p.i++
				it := &JPItem{Kind: JPAny, First: 0, Last: JPAnyLast}
				if p.isPunct("{") {
					p.i++
					lv := func() (uint32, error) {
						t := p.peek()
						if jpKeyword(t) == "last" {
							p.i++
							return JPAnyLast, nil
						}
						if t.kind != jtInt {
							return 0, p.errHere()
						}
						p.i++
						v, err := strconv.ParseUint(t.val, 10, 32)
						if err != nil || v > math.MaxInt32 {
							return 0, pgerror.Newf(pgerror.NumericValueOutOfRange, "value \"%s\" is out of range for type integer", t.text)
						}
						return uint32(v), nil
					}
					f, err := lv()
					if err != nil {
						return nil, err
					}
					it.First, it.Last = f, f
					if p.isKw("to") {
						p.i++
						if it.Last, err = lv(); err != nil {
							return nil, err
						}
					}
					if err := p.expect("}"); err != nil {
						return nil, err
					}
				}
				appendItem(it)
			case n.kind == jtIdent:
				p.i++
				if k, ok := jpMethods[jpKeyword(n)]; ok && p.isPunct("(") {
					p.i++
					it := &JPItem{Kind: k}
					if k == JPDatetime && p.peek().kind == jtString {
						it.Left = &JPItem{Kind: JPString, Str: p.peek().val}
						p.i++
					}
					if err := p.expect(")"); err != nil {
						return nil, err
					}
					appendItem(it)
				} else {
					appendItem(&JPItem{Kind: JPKey, Str: n.val})
				}
			case n.kind == jtString:
				p.i++
				appendItem(&JPItem{Kind: JPKey, Str: n.val})
			default:
				return nil, p.errHere()
			}
		default:
			return first, nil
		}
	}
}

func (p *jpParser) primary() (*JPItem, error) {
	t := p.peek()
	switch t.kind {
	case jtEOF:
		return nil, jpSyntaxEnd()
	case jtString:
		p.i++
		return &JPItem{Kind: JPString, Str: t.val}, nil
	case jtVariable:
		p.i++
		return &JPItem{Kind: JPVariable, Str: t.val}, nil
	case jtInt, jtNumeric:
		p.i++
		n, err := ParseNumeric(t.val)
		if err != nil {
			return nil, err
		}
		return &JPItem{Kind: JPNumeric, Num: n}, nil
	case jtIdent:
		switch jpKeyword(t) {
		case "null":
			p.i++
			return &JPItem{Kind: JPNull}, nil
		case "true", "false":
			p.i++
			return &JPItem{Kind: JPBool, Bool: t.val == "true"}, nil
		case "last":
			p.i++
			return &JPItem{Kind: JPLast}, nil
		case "exists":
			if p.exprOnly {
				return nil, p.errHere()
			}
			p.i++
			if err := p.expect("("); err != nil {
				return nil, err
			}
			arg, err := p.sub(true, p.addExpr)
			if err != nil {
				return nil, err
			}
			if isPredicate(arg) {
				return nil, p.errHere()
			}
			if err := p.expect(")"); err != nil {
				return nil, err
			}
			return &JPItem{Kind: JPExists, Left: arg}, nil
		}
		return nil, p.errHere()
	case jtPunct:
		switch t.val {
		case "$":
			p.i++
			return &JPItem{Kind: JPRoot}, nil
		case "@":
			p.i++
			return &JPItem{Kind: JPCurrent}, nil
		case "(":
			p.i++
			inner, err := p.sub(false, p.orExpr)
			if err != nil {
				return nil, err
			}
			if err := p.expect(")"); err != nil {
				return nil, err
			}
			if isPredicate(inner) && p.isKw("is") {
				p.i++
				if !p.isKw("unknown") {
					return nil, p.errHere()
				}
				p.i++
				return &JPItem{Kind: JPIsUnknown, Left: inner}, nil
			}
			p.paren = inner
			return inner, nil
		}
	}
	return nil, p.errHere()
}

// ---------------------------------------------------------------------------
// Output

func jpPriority(k JPKind) int {
	switch k {
	case JPOr:
		return 0
	case JPAnd:
		return 1
	case JPEqual, JPNotEqual, JPLess, JPGreater, JPLessOrEqual, JPGreaterOrEqual, JPStartsWith:
		return 2
	case JPAdd, JPSub:
		return 3
	case JPMul, JPDiv, JPMod:
		return 4
	case JPPlus, JPMinus:
		return 5
	}
	return 6
}

var jpOpNames = map[JPKind]string{JPAnd: "&&", JPOr: "||", JPEqual: "==", JPNotEqual: "!=", JPLess: "<",
	JPGreater: ">", JPLessOrEqual: "<=", JPGreaterOrEqual: ">=", JPAdd: "+", JPSub: "-", JPMul: "*",
	JPDiv: "/", JPMod: "%", JPStartsWith: "starts with", JPPlus: "+", JPMinus: "-"}

// JPOperatorName returns the operator's spelling in jsonpath.
func JPOperatorName(k JPKind) string { return jpOpNames[k] }

// JPMethodName returns a method item's name.
func JPMethodName(k JPKind) string {
	for n, m := range jpMethods {
		if m == k {
			return n
		}
	}
	return ""
}

// String returns jsonpath_out's canonical text.
func (jp *JsonPath) String() string {
	var b strings.Builder
	if !jp.Lax {
		b.WriteString("strict ")
	}
	jpPrint(&b, jp.Root, false, true)
	return b.String()
}

func jpPrint(b *strings.Builder, it *JPItem, inKey, brackets bool) {
	switch it.Kind {
	case JPNull:
		b.WriteString("null")
	case JPKey:
		if inKey {
			b.WriteByte('.')
		}
		b.WriteString(EscapeJSON(it.Str))
	case JPString:
		b.WriteString(EscapeJSON(it.Str))
	case JPVariable:
		b.WriteByte('$')
		b.WriteString(EscapeJSON(it.Str))
	case JPNumeric:
		if it.Next != nil {
			b.WriteByte('(')
		}
		b.WriteString(it.Num.String())
		if it.Next != nil {
			b.WriteByte(')')
		}
	case JPBool:
		if it.Bool {
			b.WriteString("true")
		} else {
			b.WriteString("false")
		}
	case JPAnd, JPOr, JPEqual, JPNotEqual, JPLess, JPGreater, JPLessOrEqual, JPGreaterOrEqual,
		JPAdd, JPSub, JPMul, JPDiv, JPMod, JPStartsWith:
		if brackets {
			b.WriteByte('(')
		}
		jpPrint(b, it.Left, false, jpPriority(it.Left.Kind) <= jpPriority(it.Kind))
		b.WriteByte(' ')
		b.WriteString(jpOpNames[it.Kind])
		b.WriteByte(' ')
		jpPrint(b, it.Right, false, jpPriority(it.Right.Kind) <= jpPriority(it.Kind))
		if brackets {
			b.WriteByte(')')
		}
	case JPLikeRegex:
		if brackets {
			b.WriteByte('(')
		}
		jpPrint(b, it.Left, false, jpPriority(it.Left.Kind) <= jpPriority(it.Kind))
		b.WriteString(" like_regex ")
		b.WriteString(EscapeJSON(it.Str))
		if it.Flags != "" {
			b.WriteString(" flag \"")
			for _, c := range "ismxq" {
				if strings.ContainsRune(it.Flags, c) {
					b.WriteRune(c)
				}
			}
			b.WriteByte('"')
		}
		if brackets {
			b.WriteByte(')')
		}
	case JPPlus, JPMinus:
		if brackets {
			b.WriteByte('(')
		}
		b.WriteString(jpOpNames[it.Kind])
		jpPrint(b, it.Left, false, jpPriority(it.Left.Kind) <= jpPriority(it.Kind))
		if brackets {
			b.WriteByte(')')
		}
	case JPFilter:
		b.WriteString("?(")
		jpPrint(b, it.Left, false, false)
		b.WriteByte(')')
	case JPNot:
		b.WriteString("!(")
		jpPrint(b, it.Left, false, false)
		b.WriteByte(')')
	case JPIsUnknown:
		b.WriteByte('(')
		jpPrint(b, it.Left, false, false)
		b.WriteString(") is unknown")
	case JPExists:
		b.WriteString("exists (")
		jpPrint(b, it.Left, false, false)
		b.WriteByte(')')
	case JPCurrent:
		b.WriteByte('@')
	case JPRoot:
		b.WriteByte('$')
	case JPLast:
		b.WriteString("last")
	case JPAnyArray:
		b.WriteString("[*]")
	case JPAnyKey:
		if inKey {
			b.WriteByte('.')
		}
		b.WriteByte('*')
	case JPIndexArray:
		b.WriteByte('[')
		for i, s := range it.Subs {
			if i > 0 {
				b.WriteByte(',')
			}
			jpPrint(b, s[0], false, false)
			if s[1] != nil {
				b.WriteString(" to ")
				jpPrint(b, s[1], false, false)
			}
		}
		b.WriteByte(']')
	case JPAny:
		if inKey {
			b.WriteByte('.')
		}
		lvl := func(v uint32) string {
			if v == JPAnyLast {
				return "last"
			}
			return strconv.FormatUint(uint64(v), 10)
		}
		switch {
		case it.First == 0 && it.Last == JPAnyLast:
			b.WriteString("**")
		case it.First == it.Last:
			b.WriteString("**{" + lvl(it.First) + "}")
		default:
			b.WriteString("**{" + lvl(it.First) + " to " + lvl(it.Last) + "}")
		}
	case JPDatetime:
		b.WriteString(".datetime(")
		if it.Left != nil {
			b.WriteString(EscapeJSON(it.Left.Str))
		}
		b.WriteByte(')')
	default:
		b.WriteString("." + JPMethodName(it.Kind) + "()")
	}
	if it.Next != nil {
		jpPrint(b, it.Next, true, true)
	}
}

func jpIsHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}
