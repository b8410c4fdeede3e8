// like.go implements LIKE and ILIKE matching (PG: utils/adt/like.c).

package funcs

import (
	"strings"
	"unicode/utf8"

	"github.com/loomdb/loomdb/internal/pgerror"
)

// Like reports whether s matches the LIKE pattern p with the default escape
// character backslash; ci folds case as ILIKE does.
func Like(s, p string, ci bool) (bool, error) {
	if ci {
		s, p = strings.ToLower(s), strings.ToLower(p)
	}
	return likeMatch(s, p)
}

func likeMatch(s, p string) (bool, error) {
	for len(p) > 0 {
		c, w := utf8.DecodeRuneInString(p)
		switch c {
		case '\\':
			if len(p) == 1 {
				return false, pgerror.New(pgerror.InvalidEscapeSequence, "LIKE pattern must not end with escape character")
			}
			p = p[1:]
			c, w = utf8.DecodeRuneInString(p)
			sc, sw := utf8.DecodeRuneInString(s)
			if len(s) == 0 || sc != c {
				return false, nil
			}
			s, p = s[sw:], p[w:]
		case '%':
			for len(p) > 0 && p[0] == '%' {
				p = p[1:]
			}
			if len(p) == 0 {
				return true, nil
			}
			for {
				ok, err := likeMatch(s, p)
				if err != nil || ok {
					return ok, err
				}
				if len(s) == 0 {
					return false, nil
				}
				_, sw := utf8.DecodeRuneInString(s)
				s = s[sw:]
			}
		case '_':
			if len(s) == 0 {
				return false, nil
			}
			_, sw := utf8.DecodeRuneInString(s)
			s, p = s[sw:], p[w:]
		default:
			sc, sw := utf8.DecodeRuneInString(s)
			if len(s) == 0 || sc != c {
				return false, nil
			}
			s, p = s[sw:], p[w:]
		}
	}
	return len(s) == 0, nil
}
