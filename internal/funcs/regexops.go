// regexops.go registers the POSIX regular expression match operators ~,
// ~*, !~ and !~* (PG: textregexeq, texticregexeq and their negations) for
// text, name and character, over the regular expression translation of
// strfuncs.go.

package funcs

import "github.com/loomdb/loomdb/internal/types"

func init() {
	for _, t := range []types.Oid{types.TextOid, types.NameOid, types.BpcharOid} {
		for _, op := range []struct {
			name, proc string
			icase, neg bool
		}{
			{"~", "regexeq", false, false}, {"!~", "regexne", false, true},
			{"~*", "icregexeq", true, false}, {"!~*", "icregexne", true, true},
		} {
			op := op
			registerOp(op.name, t, types.TextOid, types.BoolOid, typeAbbrev(t)+op.proc, func(a []types.Datum) (types.Datum, error) {
				// character keeps its padding here (PG: bpcharregexeq).
				s := a[0].(string)
				re, err := compileRegex(a[1].(string), reFlags{flavor: 'a', icase: op.icase})
				if err != nil {
					return nil, err
				}
				return re.main.MatchString(s) != op.neg, nil
			})
		}
	}
}
