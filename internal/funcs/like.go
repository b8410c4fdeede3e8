// like.go implements LIKE and ILIKE matching (PG: utils/adt/like.c and
// like_match.c).

package funcs

import (
	"github.com/loomdb/loomdb/internal/pgerror"
)

// Results of matchText, as in PG's like_match.c.
const (
	likeFalse = iota
	likeTrue
	// likeAbort means the text ran out while the pattern still needs
	// characters: no later starting point for a '%' can match either.
	likeAbort
)

// Like reports whether s matches the LIKE pattern p with the default escape
// character backslash; ci folds case as ILIKE does. The database locale is
// C, so ILIKE folds ASCII letters only, as PG's lower() does there.
//
// As in PostgreSQL, a pattern that ends with the escape character is an
// error only when matching reaches that character.
func Like(s, p string, ci bool) (bool, error) {
	if ci {
		s, p = asciiLower(s), asciiLower(p)
	}
	r, err := matchText(s, p)
	return r == likeTrue, err
}

// asciiLower lowercases ASCII letters only (PG: asc_tolower, what lower()
// does under the C locale).
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if b[j] >= 'A' && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// asciiUpper uppercases ASCII letters only (PG: asc_toupper).
func asciiUpper(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'a' && c <= 'z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if b[j] >= 'a' && b[j] <= 'z' {
					b[j] -= 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// charLen is the byte length of the UTF-8 character starting with c (PG:
// pg_utf_mblen, which trusts the lead byte).
func charLen(c byte) int {
	switch {
	case c < 0x80:
		return 1
	case c&0xe0 == 0xc0:
		return 2
	case c&0xf0 == 0xe0:
		return 3
	case c&0xf8 == 0xf0:
		return 4
	}
	return 1
}

// nextChar advances t past one character.
func nextChar(t string) string {
	n := charLen(t[0])
	if n > len(t) {
		n = len(t)
	}
	return t[n:]
}

func errLikeEscape() error {
	return pgerror.New(pgerror.InvalidEscapeSequence, "LIKE pattern must not end with escape character")
}

// matchText is PG's MatchText for UTF-8: it compares bytes where text and
// pattern are in step and advances by characters for wildcards.
func matchText(t, p string) (int, error) {
	// Fast path for the match-everything pattern.
	if p == "%" {
		return likeTrue, nil
	}
	for len(t) > 0 && len(p) > 0 {
		switch p[0] {
		case '\\':
			// The next pattern byte must match literally, whatever it is.
			p = p[1:]
			if len(p) == 0 {
				return likeFalse, errLikeEscape()
			}
			if p[0] != t[0] {
				return likeFalse, nil
			}
		case '%':
			p = p[1:]
			// Any run of %s and _s matches any text of at least as many
			// characters as there are _s.
			for len(p) > 0 {
				if p[0] == '%' {
					p = p[1:]
				} else if p[0] == '_' {
					if len(t) == 0 {
						return likeAbort, nil
					}
					t = nextChar(t)
					p = p[1:]
				} else {
					break
				}
			}
			if len(p) == 0 {
				return likeTrue, nil
			}
			// The rest of the pattern starts with a literal: try it at each
			// text position that starts with that byte.
			first := p[0]
			if first == '\\' {
				if len(p) < 2 {
					return likeFalse, errLikeEscape()
				}
				first = p[1]
			}
			for len(t) > 0 {
				if t[0] == first {
					r, err := matchText(t, p)
					if err != nil || r != likeFalse {
						return r, err
					}
				}
				t = nextChar(t)
			}
			// The text ran out: no later start can match.
			return likeAbort, nil
		case '_':
			// _ matches any single character, and there is one.
			t = nextChar(t)
			p = p[1:]
			continue
		default:
			if p[0] != t[0] {
				return likeFalse, nil
			}
		}
		// Text and pattern match here; bytes are safe to step over since
		// the two are in step on character boundaries.
		t, p = t[1:], p[1:]
	}
	if len(t) > 0 {
		return likeFalse, nil // end of pattern, but not of text
	}
	// End of text: match iff the rest of the pattern is all %s.
	for len(p) > 0 && p[0] == '%' {
		p = p[1:]
	}
	if len(p) == 0 {
		return likeTrue, nil
	}
	return likeAbort, nil
}
