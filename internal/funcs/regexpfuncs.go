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

// similarSubstring is SUBSTRING(s SIMILAR pattern ESCAPE e) for a pattern
// with separators, whose regular expression similarTranslate made as
// ^(?:P1){1,1}?(P2){1,1}(?:P3)$ (P3 absent with one separator). The
// whole string must match; the first part takes as little as it can, the
// second then as much as it can, the third the rest, as PostgreSQL's
// engine resolves that expression. The parts are matched one by one,
// each with only greedy quantifiers, so RE2 can run them.
func similarSubstring(s, re string, seps []int) (types.Datum, error) {
	const sep1, sep2 = len("){1,1}?("), len("){1,1}(?:")
	p1 := re[len("^(?:"):seps[0]]
	var p2, p3 string
	hasP3 := len(seps) > 1
	if hasP3 {
		p2, p3 = re[seps[0]+sep1:seps[1]], re[seps[1]+sep2:len(re)-2]
	} else {
		p2 = re[seps[0]+sep1 : len(re)-2]
	}
	whole := func(p string) (*pgRegex, error) {
		return compileRegex("^(?:"+p+")$", reFlags{flavor: 'a'})
	}
	r1, err := whole(p1)
	if err != nil {
		return nil, err
	}
	r2, err := whole(p2)
	if err != nil {
		return nil, err
	}
	var r3 *pgRegex
	if hasP3 {
		if r3, err = whole(p3); err != nil {
			return nil, err
		}
	}
	// Character boundaries, so that parts never split a character.
	var cuts []int
	for i := range s {
		cuts = append(cuts, i)
	}
	cuts = append(cuts, len(s))
	tailOK := make([]bool, len(cuts))
	for k, j := range cuts {
		if hasP3 {
			tailOK[k] = r3.main.MatchString(s[j:])
		} else {
			tailOK[k] = j == len(s)
		}
	}
	for ki, i := range cuts {
		if !r1.main.MatchString(s[:i]) {
			continue
		}
		for kj := len(cuts) - 1; kj >= ki; kj-- {
			j := cuts[kj]
			if tailOK[kj] && r2.main.MatchString(s[i:j]) {
				return s[i:j], nil
			}
		}
	}
	return nil, nil
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
		re, seps, err := similarTranslate(str(a, 1), &esc)
		if err != nil {
			return nil, err
		}
		if len(seps) == 0 {
			return regexSubstring(str(a, 0), re)
		}
		return similarSubstring(str(a, 0), re, seps)
	})
}
