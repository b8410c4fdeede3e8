// regexpfuncs.go: regexp_match, regexp_matches, regexp_split_to_array,
// and substring by a POSIX or SIMILAR TO pattern (PG: utils/adt/regexp.c,
// textregexsubstr and the SQL function substring(text, text, text)), over
// the regular expression translation of strfuncs.go.

package funcs

import (
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

// regexpFlags reads the optional flags argument at position i.
func regexpFlags(a []types.Datum, i int) (reFlags, error) {
	opts := ""
	if len(a) > i {
		opts = str(a, i)
	}
	return parseReFlags(opts)
}

// compileForGroups compiles a pattern whose groups' text is wanted,
// refusing the patterns whose group positions RE2 would report
// differently.
func compileForGroups(pat string, f reFlags) (*pgRegex, error) {
	re, err := compileRegex(pat, f)
	if err != nil {
		return nil, err
	}
	if re.nsub > 0 && re.ambiguous {
		return nil, reUnsupported("subexpression positions with alternatives that can match at the same place")
	}
	return re, nil
}

// matchArray is one match as regexp_match returns it: the text of each
// parenthesized group (NULL for a group that took no part), or the whole
// match when the pattern has no groups (PG: build_regexp_match_result).
func matchArray(s string, re *pgRegex, m []int) types.Array {
	if re.nsub == 0 {
		return types.ArrayFromElems(types.TText, []types.Datum{s[m[0]:m[1]]})
	}
	elems := make([]types.Datum, re.nsub)
	for k := 1; k <= re.nsub; k++ {
		if m[2*k] >= 0 && m[2*k+1] >= 0 {
			elems[k-1] = s[m[2*k]:m[2*k+1]]
		}
	}
	return types.ArrayFromElems(types.TText, elems)
}

// regexSubstring is substring(s FROM pat): the text the first
// parenthesized group matched, or the whole match when there is no group;
// NULL without a match (PG: textregexsubstr).
func regexSubstring(s, pat string) (types.Datum, error) {
	re, err := compileForGroups(pat, reFlags{flavor: 'a'})
	if err != nil {
		return nil, err
	}
	m := re.find(s, 0)
	if m == nil {
		return nil, nil
	}
	g := 0
	if re.nsub > 0 {
		g = 1
	}
	if m[2*g] < 0 {
		return nil, nil
	}
	return s[m[2*g]:m[2*g+1]], nil
}

// splitParts is the text between the matches of re in s, skipping empty
// matches at the start, at the end and right after another match (PG:
// regexp_split_to_table's use of setup_regexp_matches).
func splitParts(s string, re *pgRegex) []types.Datum {
	it := &splitIter{s: s, ms: regexMatches(s, re, 0, true)}
	var out []types.Datum
	for {
		v, ok, _ := it.Next()
		if !ok {
			return out
		}
		out = append(out, v)
	}
}

func init() {
	t, ta := types.TextOid, types.TextArrayOid
	sig := func(ts ...types.Oid) []types.Oid { return ts }

	match := func(a []types.Datum) (types.Datum, error) {
		f, err := regexpFlags(a, 2)
		if err != nil {
			return nil, err
		}
		if f.glob {
			return nil, errNoGlobal("regexp_match()").(*pgerror.Error).WithHint("Use the regexp_matches function instead.")
		}
		re, err := compileForGroups(str(a, 1), f)
		if err != nil {
			return nil, err
		}
		s := str(a, 0)
		m := re.find(s, 0)
		if m == nil {
			return nil, nil
		}
		return matchArray(s, re, m), nil
	}
	fn("regexp_match", sig(t, t), ta, match)
	fn("regexp_match", sig(t, t, t), ta, match)

	// regexp_matches returns a row per match with the g flag, else at
	// most one; PostgreSQL estimates 1 and 10 rows (prorows).
	matches := func(rows float64) *SetFunc {
		return &SetFunc{
			Start: func(a []types.Datum) (SetIter, error) {
				f, err := regexpFlags(a, 2)
				if err != nil {
					return nil, err
				}
				re, err := compileForGroups(str(a, 1), f)
				if err != nil {
					return nil, err
				}
				s := str(a, 0)
				var ms [][]int
				if f.glob {
					ms = regexMatches(s, re, 0, false)
				} else if m := re.find(s, 0); m != nil {
					ms = [][]int{m}
				}
				elems := make([]types.Datum, len(ms))
				for k, m := range ms {
					elems[k] = matchArray(s, re, m)
				}
				return &datumIter{elems: elems}, nil
			},
			Rows: func([]types.Datum) (float64, bool) { return rows, true },
		}
	}
	register(&Func{Name: "regexp_matches", Args: sig(t, t), Result: ta, Strict: true, SRF: matches(1)})
	register(&Func{Name: "regexp_matches", Args: sig(t, t, t), Result: ta, Strict: true, SRF: matches(10)})

	split := func(a []types.Datum) (types.Datum, error) {
		f, err := regexpFlags(a, 2)
		if err != nil {
			return nil, err
		}
		if f.glob {
			return nil, errNoGlobal("regexp_split_to_array()")
		}
		re, err := compileRegex(str(a, 1), f)
		if err != nil {
			return nil, err
		}
		return types.ArrayFromElems(types.TText, splitParts(str(a, 0), re)), nil
	}
	fn("regexp_split_to_array", sig(t, t), ta, split)
	fn("regexp_split_to_array", sig(t, t, t), ta, split)

	// substring(s, pattern, escape) is SUBSTRING(s SIMILAR pattern ESCAPE
	// escape): the part between the #" markers, or the whole match.
	fn("substring", sig(t, t, t), t, func(a []types.Datum) (types.Datum, error) {
		esc := str(a, 2)
		re, err := similarToEscape(str(a, 1), &esc)
		if err != nil {
			return nil, err
		}
		return regexSubstring(str(a, 0), re)
	})
}
