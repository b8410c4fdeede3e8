package cost

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/loomdb/loomdb/internal/catalog"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/types"
)

// pgRel is a table's pg_class.relpages and reltuples in PostgreSQL.
type pgRel struct {
	pages  uint32
	tuples float64
}

// pgColumn is one pg_stats row as PostgreSQL prints it.
type pgColumn struct {
	typ, typmod                      int
	nullFrac                         string
	width                            int32
	distinct, mcv, freqs, hist, corr string
}

// splitArray splits a one-dimensional array literal as array_in does.
func splitArray(t *testing.T, s string) []string {
	t.Helper()
	if s == "" {
		return nil
	}
	if !strings.HasPrefix(s, "{") || !strings.HasSuffix(s, "}") {
		t.Fatalf("bad array %q", s)
	}
	body := s[1 : len(s)-1]
	var out []string
	for i := 0; i < len(body); {
		var b strings.Builder
		if body[i] == '"' {
			i++
			for body[i] != '"' {
				if body[i] == '\\' {
					i++
				}
				b.WriteByte(body[i])
				i++
			}
			i++
		} else {
			for i < len(body) && body[i] != ',' {
				b.WriteByte(body[i])
				i++
			}
		}
		out = append(out, b.String())
		i++ // the comma
	}
	return out
}

func parseFloat4(t *testing.T, s string) float64 {
	t.Helper()
	f, err := strconv.ParseFloat(s, 32)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// statsOf builds the ColumnStats PostgreSQL's pg_stats row describes.
func statsOf(t *testing.T, key string) *catalog.ColumnStats {
	t.Helper()
	c, ok := pgStats[key]
	if !ok {
		t.Fatalf("no pg_stats row for %s", key)
	}
	typ := types.T{Oid: types.Oid(c.typ), Typmod: -1}
	eq, lt, coll := catalog.StatisticsOperators(typ)
	st := &catalog.ColumnStats{Type: typ, NullFrac: parseFloat4(t, c.nullFrac), Width: c.width,
		Distinct: parseFloat4(t, c.distinct), EqOp: eq, LtOp: lt, Collation: coll}
	in := func(s string) types.Datum {
		d, err := types.In(typ, s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	for _, s := range splitArray(t, c.mcv) {
		st.MCV = append(st.MCV, in(s))
	}
	for _, s := range splitArray(t, c.freqs) {
		st.MCVFreqs = append(st.MCVFreqs, parseFloat4(t, s))
	}
	for _, s := range splitArray(t, c.hist) {
		st.Histogram = append(st.Histogram, in(s))
	}
	if c.corr != "" {
		st.Correlation, st.HasCorrelation = parseFloat4(t, c.corr), true
	}
	return st
}

// varOf describes table.column with PostgreSQL's statistics; rows is the
// relation's row estimate after its restrictions (0: all its tuples).
func varOf(t *testing.T, table, column string, rows float64) *VarStats {
	t.Helper()
	key := table + "." + column
	st := statsOf(t, key)
	v := &VarStats{Stats: st, Type: st.Type, Tuples: pgRels[table].tuples, Rows: rows, AttNum: 1}
	if rows == 0 {
		v.Rows = v.Tuples
	}
	if r, ok := pgActualRange[key]; ok {
		lo, err1 := types.In(st.Type, r[0])
		hi, err2 := types.In(st.Type, r[1])
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		v.ActualRange = func() (types.Datum, types.Datum, bool) { return lo, hi, true }
	}
	return v
}

func date(t *testing.T, s string) types.Datum {
	d, err := types.In(types.TDate, s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func numeric(t *testing.T, s string) types.Datum {
	n, err := types.ParseNumeric(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// restrictionCases computes each generated clause's selectivity the way
// clausesel.c combines the estimators.
func restrictionCases(t *testing.T) map[string]func() float64 {
	v := func(tab, col string) *VarStats { return varOf(t, tab, col, 0) }
	cmp := func(tab, col, op string, c types.Datum, ct types.T) func() float64 {
		return func() float64 {
			x := v(tab, col)
			switch op {
			case "=":
				return VarEqConst(x, c, false)
			case "<>":
				return VarEqConst(x, c, true)
			}
			return ScalarIneqSelectivity(x, op, c, ct, true, true)
		}
	}
	between := func(tab, col string, lo, hi types.Datum, ct types.T) func() float64 {
		return func() float64 {
			x := v(tab, col)
			return RangeQuerySelectivity(x, ScalarIneqSelectivity(x, ">=", lo, ct, true, true), ScalarIneqSelectivity(x, "<=", hi, ct, true, true))
		}
	}
	like := func(tab, col, pat string, ci, negate bool) func() float64 {
		return func() float64 { return PatternSel(v(tab, col), pat, ci, negate, nil) }
	}
	nulltest := func(tab, col string, isNull bool) func() float64 {
		return func() float64 { return NullTestSel(v(tab, col), isNull) }
	}
	i4, txt, name := types.TInt4, types.TText, types.TName
	num := types.TNumeric
	return map[string]func() float64{
		"tenk1|unique1 < 100":       cmp("tenk1", "unique1", "<", int64(100), i4),
		"tenk1|hundred = 5":         cmp("tenk1", "hundred", "=", int64(5), i4),
		"tenk1|thousand <> 3":       cmp("tenk1", "thousand", "<>", int64(3), i4),
		"tenk1|stringu1 like 'AB%'": like("tenk1", "stringu1", "AB%", false, false),
		"tenk1|ten between 2 and 4": between("tenk1", "ten", int64(2), int64(4), i4),
		"tenk1|two = 1 and four = 1": func() float64 {
			return VarEqConst(v("tenk1", "two"), int64(1), false) * VarEqConst(v("tenk1", "four"), int64(1), false)
		},
		"tenk1|unique1 is null":                           nulltest("tenk1", "unique1", true),
		"tenk1|unique1 is not null":                       nulltest("tenk1", "unique1", false),
		"tenk1|unique2 > 9990":                            cmp("tenk1", "unique2", ">", int64(9990), i4),
		"tenk1|stringu1 < 'M'":                            cmp("tenk1", "stringu1", "<", "M", name),
		"tenk1|stringu2 >= 'HAAAAA'":                      cmp("tenk1", "stringu2", ">=", "HAAAAA", name),
		"tenk1|string4 = 'AAAAxx'":                        cmp("tenk1", "string4", "=", "AAAAxx", name),
		"tenk1|unique1 = 42":                              cmp("tenk1", "unique1", "=", int64(42), i4),
		"tenk1|fivethous < 50":                            cmp("tenk1", "fivethous", "<", int64(50), i4),
		"tenk1|twothousand = 7":                           cmp("tenk1", "twothousand", "=", int64(7), i4),
		"tenk1|stringu1 like '%A'":                        like("tenk1", "stringu1", "%A", false, false),
		"tenk1|stringu1 like 'ABCDEF'":                    like("tenk1", "stringu1", "ABCDEF", false, false),
		"tenk1|even > 100":                                cmp("tenk1", "even", ">", int64(100), i4),
		"tenk1|tenthous > 5000":                           cmp("tenk1", "tenthous", ">", int64(5000), i4),
		"tenk1|unique1 < 0":                               cmp("tenk1", "unique1", "<", int64(0), i4),
		"tenk1|unique1 > 20000":                           cmp("tenk1", "unique1", ">", int64(20000), i4),
		"tenk1|stringu2 like 'A%'":                        like("tenk1", "stringu2", "A%", false, false),
		"tenk1|stringu1 ilike 'ab%'":                      like("tenk1", "stringu1", "ab%", true, false),
		"tenk1|stringu1 not like 'AB%'":                   like("tenk1", "stringu1", "AB%", false, true),
		"tenk1|thousand < 500":                            cmp("tenk1", "thousand", "<", int64(500), i4),
		"tenk1|thousand <= 500":                           cmp("tenk1", "thousand", "<=", int64(500), i4),
		"tenk1|thousand >= 12":                            cmp("tenk1", "thousand", ">=", int64(12), i4),
		"tenk1|fivethous > 4990":                          cmp("tenk1", "fivethous", ">", int64(4990), i4),
		"tenk1|unique2 < 5":                               cmp("tenk1", "unique2", "<", int64(5), i4),
		"tenk1|twothousand between 100 and 199":           between("tenk1", "twothousand", int64(100), int64(199), i4),
		"tenk1|odd > 50":                                  cmp("tenk1", "odd", ">", int64(50), i4),
		"tenk1|stringu2 < 'B'":                            cmp("tenk1", "stringu2", "<", "B", name),
		"tenk1|string4 < 'M'":                             cmp("tenk1", "string4", "<", "M", name),
		"tenk1|twenty >= 10":                              cmp("tenk1", "twenty", ">=", int64(10), i4),
		"tenk1|hundred > 98":                              cmp("tenk1", "hundred", ">", int64(98), i4),
		"tenk1|unique1 >= 9995":                           cmp("tenk1", "unique1", ">=", int64(9995), i4),
		"tenk1|stringu1 > 'ZZ'":                           cmp("tenk1", "stringu1", ">", "ZZ", name),
		"tenk1|string4 like 'H%'":                         like("tenk1", "string4", "H%", false, false),
		"onek|unique1 < 100":                              cmp("onek", "unique1", "<", int64(100), i4),
		"onek|thousand = 5":                               cmp("onek", "thousand", "=", int64(5), i4),
		"onek|stringu1 like 'A%'":                         like("onek", "stringu1", "A%", false, false),
		"onek|hundred <> 3":                               cmp("onek", "hundred", "<>", int64(3), i4),
		"onek|stringu2 > 'Q'":                             cmp("onek", "stringu2", ">", "Q", name),
		"onek|unique2 between 10 and 20":                  between("onek", "unique2", int64(10), int64(20), i4),
		"statmix|d < '2020-06-01'":                        cmp("statmix", "d", "<", date(t, "2020-06-01"), types.TDate),
		"statmix|num > 5.5":                               cmp("statmix", "num", ">", numeric(t, "5.5"), num),
		"statmix|f8 < 10":                                 cmp("statmix", "f8", "<", float64(10), types.TFloat8),
		"statmix|f4 >= 30":                                cmp("statmix", "f4", ">=", float64(30), types.TFloat8),
		"statmix|t < 'val5'":                              cmp("statmix", "t", "<", "val5", txt),
		"statmix|t like 'val1%'":                          like("statmix", "t", "val1%", false, false),
		"statmix|t is null":                               nulltest("statmix", "t", true),
		"statmix|t is not null":                           nulltest("statmix", "t", false),
		"statmix|b":                                       func() float64 { return BoolVarSel(v("statmix", "b")) },
		"statmix|b is true":                               func() float64 { return BoolTestSel(v("statmix", "b"), nodes.IsTrue, 0) },
		"statmix|b is not false":                          func() float64 { return BoolTestSel(v("statmix", "b"), nodes.IsNotFalse, 0) },
		"statmix|b is unknown":                            func() float64 { return BoolTestSel(v("statmix", "b"), nodes.IsUnknown, 0) },
		"statmix|i2 = 3":                                  cmp("statmix", "i2", "=", int64(3), i4),
		"statmix|i2 <> 3":                                 cmp("statmix", "i2", "<>", int64(3), i4),
		"statmix|i8 < 250":                                cmp("statmix", "i8", "<", int64(250), i4),
		"statmix|longt like 'xxx%'":                       like("statmix", "longt", "xxx%", false, false),
		"statmix|vc = 'c3'":                               cmp("statmix", "vc", "=", "c3", txt),
		"statmix|bp = '1'":                                cmp("statmix", "bp", "=", "1", types.TBpchar),
		"statmix|allnull is null":                         nulltest("statmix", "allnull", true),
		"statmix|allnull = 1":                             cmp("statmix", "allnull", "=", int64(1), i4),
		"statmix|allnull < 5":                             cmp("statmix", "allnull", "<", int64(5), i4),
		"statmix|uniqt like 'u12%'":                       like("statmix", "uniqt", "u12%", false, false),
		"statmix|f8 = 3.25":                               cmp("statmix", "f8", "=", float64(3.25), types.TFloat8),
		"statmix|i2 > 30":                                 cmp("statmix", "i2", ">", int64(30), i4),
		"statmix|id < 1000":                               cmp("statmix", "id", "<", int64(1000), i4),
		"statmix|t = 'nope'":                              cmp("statmix", "t", "=", "nope", txt),
		"statmix|num = 1.23":                              cmp("statmix", "num", "=", numeric(t, "1.23"), num),
		"statmix|longt < 'xxxxx'":                         cmp("statmix", "longt", "<", "xxxxx", txt),
		"statmix|uniqt > 'u5'":                            cmp("statmix", "uniqt", ">", "u5", txt),
		"statmix|t not like 'val1%'":                      like("statmix", "t", "val1%", false, true),
		"statmix|t ilike 'VAL1%'":                         like("statmix", "t", "VAL1%", true, false),
		"statmix|d > '2021-01-15'":                        cmp("statmix", "d", ">", date(t, "2021-01-15"), types.TDate),
		"statmix|num between 2 and 3":                     between("statmix", "num", numeric(t, "2"), numeric(t, "3"), num),
		"statmix|d between '2020-02-01' and '2020-03-01'": between("statmix", "d", date(t, "2020-02-01"), date(t, "2020-03-01"), types.TDate),
	}
}

// TestRestrictionSelectivity checks that selectivity × reltuples gives
// PostgreSQL 15's EXPLAIN row estimate for each generated clause.
func TestRestrictionSelectivity(t *testing.T) {
	cases := restrictionCases(t)
	for _, c := range pgRestrictRows {
		f, ok := cases[c.table+"|"+c.clause]
		if !ok {
			t.Errorf("no estimator for %s WHERE %s", c.table, c.clause)
			continue
		}
		sel := f()
		if got := ClampRowEst(sel * pgRels[c.table].tuples); got != c.rows {
			t.Errorf("%s WHERE %s: rows=%v (selectivity %v), PostgreSQL rows=%v", c.table, c.clause, got, sel, c.rows)
		}
	}
}

// TestJoinSelectivity checks eqjoinsel against PostgreSQL's join row
// estimates (inner: outer × inner × sel; semi: outer × sel; anti: outer ×
// (1 - sel)).
func TestJoinSelectivity(t *testing.T) {
	v := func(tab, col string) *VarStats { return varOf(t, tab, col, 0) }
	inner := func(t1, c1, t2, c2 string) func() float64 {
		return func() float64 {
			return ClampRowEst(pgRels[t1].tuples * pgRels[t2].tuples * EqJoinSelWithStats(v(t1, c1), v(t2, c2), false, 0))
		}
	}
	semi := func(t1, c1, t2, c2 string, innerRows float64, anti bool) func() float64 {
		return func() float64 {
			v2 := varOf(t, t2, c2, innerRows)
			sel := EqJoinSelWithStats(v(t1, c1), v2, true, innerRows)
			if anti {
				sel = 1 - sel
			}
			return ClampRowEst(pgRels[t1].tuples * sel)
		}
	}
	cases := map[string]func() float64{
		"select * from tenk1 a join tenk1 b on a.hundred = b.hundred":                                            inner("tenk1", "hundred", "tenk1", "hundred"),
		"select * from tenk1 a join tenk1 b on a.unique1 = b.unique2":                                            inner("tenk1", "unique1", "tenk1", "unique2"),
		"select * from tenk1 a join onek b on a.thousand = b.thousand":                                           inner("tenk1", "thousand", "onek", "thousand"),
		"select * from tenk1 a join onek b on a.unique1 = b.unique1":                                             inner("tenk1", "unique1", "onek", "unique1"),
		"select * from tenk1 a join onek b on a.stringu1 = b.stringu1":                                           inner("tenk1", "stringu1", "onek", "stringu1"),
		"select * from tenk1 a join onek b on a.fivethous = b.unique1":                                           inner("tenk1", "fivethous", "onek", "unique1"),
		"select * from tenk1 a join onek b on a.twothousand = b.fivethous":                                       inner("tenk1", "twothousand", "onek", "fivethous"),
		"select * from onek where unique1 in (select hundred from tenk1)":                                        semi("onek", "unique1", "tenk1", "hundred", 10000, false),
		"select * from tenk1 where hundred in (select unique1 from onek)":                                        semi("tenk1", "hundred", "onek", "unique1", 1000, false),
		"select * from tenk1 where thousand in (select ten from onek)":                                           semi("tenk1", "thousand", "onek", "ten", 1000, false),
		"select * from tenk1 a where exists (select 1 from onek b where b.unique1 = a.unique1)":                  semi("tenk1", "unique1", "onek", "unique1", 1000, false),
		"select * from tenk1 a where not exists (select 1 from onek b where b.twenty = a.twenty)":                semi("tenk1", "twenty", "onek", "twenty", 1000, true),
		"select * from onek a where exists (select 1 from tenk1 b where b.fivethous = a.thousand and b.ten = 1)": semi("onek", "thousand", "tenk1", "fivethous", 1000, false),
	}
	for _, c := range pgJoinRows {
		f, ok := cases[c.query]
		if !ok {
			t.Errorf("no estimator for %s", c.query)
			continue
		}
		if got := f(); got != c.rows {
			t.Errorf("%s: rows=%v, PostgreSQL rows=%v", c.query, got, c.rows)
		}
	}
}

// TestDefaultsWithoutStats checks PostgreSQL's defaults when a column has
// no statistics.
func TestDefaultsWithoutStats(t *testing.T) {
	big := &VarStats{Type: types.TInt4, Tuples: 10000}
	small := &VarStats{Type: types.TInt4, Tuples: 50}
	boolean := &VarStats{Type: types.TBool, Tuples: 10000}
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"eq big", VarEqConst(big, int64(1), false), 1.0 / 200},
		{"eq small", VarEqConst(small, int64(1), false), 1.0 / 50},
		{"neq big", VarEqConst(big, int64(1), true), 1 - 1.0/200},
		{"eq null const", VarEqConst(big, nil, false), 0},
		{"eq bool", VarEqConst(boolean, true, false), 0.5},
		{"non-const", VarEqNonConst(big, false), 1.0 / 200},
		{"ineq", ScalarIneqSelectivity(big, "<", int64(3), types.TInt4, true, true), DefaultIneqSel},
		{"ineq non-const", ScalarIneqSelectivity(big, "<", nil, types.TInt4, false, true), DefaultIneqSel},
		{"ineq null", ScalarIneqSelectivity(big, "<", nil, types.TInt4, true, true), 0},
		{"range defaults", RangeQuerySelectivity(big, DefaultIneqSel, DefaultIneqSel), DefaultRangeIneqSel},
		{"is null", NullTestSel(big, true), DefaultUnkSel},
		{"is not null", NullTestSel(big, false), DefaultNotUnkSel},
		{"ctid is null", NullTestSel(&VarStats{AttNum: SelfItemPointerAttributeNumber}, true), 0},
		{"boolvar", BoolVarSel(boolean), 0.5},
		{"booltest is unknown", BoolTestSel(boolean, nodes.IsUnknown, 0.5), DefaultUnkSel},
		{"booltest is not true", BoolTestSel(boolean, nodes.IsNotTrue, 0.3), 0.7},
		{"like", PatternSel(big, "a%", false, false, nil), DefaultMatchSel},
		{"like text no stats", PatternSel(&VarStats{Type: types.TText, Tuples: 1000}, "abc%", false, false, nil), DefaultMatchSel * LikeSelectivity("%")},
		{"not like", PatternSel(nil, "a%", false, true, nil), 1 - DefaultMatchSel},
		{"join", EqJoinSelWithStats(big, small, false, 0), 1.0 / 200},
		{"semi default nd", EqJoinSelWithStats(big, &VarStats{Type: types.TInt4, Tuples: 0, Rows: 1e9}, true, 1e9), 0.5},
	} {
		if math.Abs(c.got-c.want) > 1e-15 {
			t.Errorf("%s: got %v, want %v", c.name, c.got, c.want)
		}
	}
	if nd, def := GetVariableNumDistinct(nil); nd != DefaultNumDistinct || !def {
		t.Errorf("numdistinct(nil) = %v, %v", nd, def)
	}
	if nd, def := GetVariableNumDistinct(&VarStats{Type: types.TInt4, Tuples: 500, IsUnique: true}); nd != 500 || def {
		t.Errorf("numdistinct(unique) = %v, %v", nd, def)
	}
}

// TestLikeFixedPrefix checks the pattern analysis of like_support.c.
func TestLikeFixedPrefix(t *testing.T) {
	for _, c := range []struct {
		pattern string
		ci      bool
		prefix  string
		status  PatternPrefixStatus
		rest    float64
	}{
		{"AB%", false, "AB", PatternPrefixPartial, 1},
		{"ABC", false, "ABC", PatternPrefixExact, 1},
		{"%A", false, "", PatternPrefixNone, 0.2},
		{"a\\%b%", false, "a%b", PatternPrefixPartial, 1},
		{"ab_d%", false, "ab", PatternPrefixPartial, 0.2 * 5},
		{"12ab%", true, "12", PatternPrefixPartial, 0.2 * 0.2 * 5},
		{"x%y%z", false, "x", PatternPrefixPartial, 0.2 * 5 * 0.2},
	} {
		prefix, status, rest := LikeFixedPrefix(c.pattern, c.ci)
		if prefix != c.prefix || status != c.status || math.Abs(rest-math.Min(c.rest, 1)) > 1e-12 {
			t.Errorf("%q: got %q %v %v, want %q %v %v", c.pattern, prefix, status, rest, c.prefix, c.status, c.rest)
		}
	}
	if s, ok := MakeGreaterString("AB", types.TText); !ok || s != "AC" {
		t.Errorf("greater(AB) = %q %v", s, ok)
	}
	if s, ok := MakeGreaterString("A\x7f", types.TText); !ok || s != "B" {
		t.Errorf("greater(A\\x7f) = %q %v", s, ok)
	}
	if _, ok := MakeGreaterString("\x7f", types.TText); ok {
		t.Errorf("greater(\\x7f) found a string")
	}
	for _, c := range []struct {
		s, p string
		ci   bool
		want bool
	}{
		{"ABCD", "AB%", false, true}, {"abcd", "AB%", false, false}, {"abcd", "AB%", true, true},
		{"ABCD", "%D", false, true}, {"ABCD", "A_C_", false, true}, {"A%B", "A\\%B", false, true},
		{"AxB", "A\\%B", false, false}, {"é1", "_1", false, true}, {"", "%", false, true}, {"a", "", false, false},
	} {
		if got := likeMatch(c.s, c.p, c.ci); got != c.want {
			t.Errorf("%q LIKE %q (ci %v) = %v", c.s, c.p, c.ci, got)
		}
	}
}

// TestConvertToScalar checks the interpolation scales.
func TestConvertToScalar(t *testing.T) {
	v, lo, hi, ok := ConvertToScalar("AB", types.TText, "AA", "AZ", types.TText)
	if !ok || lo != 0 || !(v > lo && v < hi) {
		t.Errorf("strings: %v %v %v %v", v, lo, hi, ok)
	}
	d1, d2 := date(t, "2020-01-01"), date(t, "2020-01-03")
	v, lo, hi, ok = ConvertToScalar(date(t, "2020-01-02"), types.TDate, d1, d2, types.TDate)
	if !ok || (v-lo)/(hi-lo) != 0.5 {
		t.Errorf("dates: %v %v %v %v", v, lo, hi, ok)
	}
	if _, _, _, ok := ConvertToScalar(int64(1), types.TInt4, "a", "b", types.TText); ok {
		t.Errorf("mixed types converted")
	}
	v, _, _, ok = ConvertToScalar(numeric(t, "2.5"), types.TNumeric, numeric(t, "2"), numeric(t, "3"), types.TNumeric)
	if !ok || v != 2.5 {
		t.Errorf("numeric: %v %v", v, ok)
	}
}

// BEGIN GENERATED by internal/commands/testdata/gen_pgstats.py; DO NOT EDIT.

var pgRels = map[string]pgRel{
	"tenk1":   {pages: 345, tuples: 10000},
	"onek":    {pages: 35, tuples: 1000},
	"statmix": {pages: 123, tuples: 5000},
}

var pgStats = map[string]pgColumn{
	"tenk1.unique1":     {typ: 23, typmod: -1, nullFrac: "0", width: 4, distinct: "-1", mcv: ``, freqs: ``, hist: `{0,99,199,299,399,499,599,699,799,899,999,1099,1199,1299,1399,1499,1599,1699,1799,1899,1999,2099,2199,2299,2399,2499,2599,2699,2799,2899,2999,3099,3199,3299,3399,3499,3599,3699,3799,3899,3999,4099,4199,4299,4399,4499,4599,4699,4799,4899,4999,5099,5199,5299,5399,5499,5599,5699,5799,5899,5999,6099,6199,6299,6399,6499,6599,6699,6799,6899,6999,7099,7199,7299,7399,7499,7599,7699,7799,7899,7999,8099,8199,8299,8399,8499,8599,8699,8799,8899,8999,9099,9199,9299,9399,9499,9599,9699,9799,9899,9999}`, corr: "0.008842574"},
	"tenk1.unique2":     {typ: 23, typmod: -1, nullFrac: "0", width: 4, distinct: "-1", mcv: ``, freqs: ``, hist: `{0,99,199,299,399,499,599,699,799,899,999,1099,1199,1299,1399,1499,1599,1699,1799,1899,1999,2099,2199,2299,2399,2499,2599,2699,2799,2899,2999,3099,3199,3299,3399,3499,3599,3699,3799,3899,3999,4099,4199,4299,4399,4499,4599,4699,4799,4899,4999,5099,5199,5299,5399,5499,5599,5699,5799,5899,5999,6099,6199,6299,6399,6499,6599,6699,6799,6899,6999,7099,7199,7299,7399,7499,7599,7699,7799,7899,7999,8099,8199,8299,8399,8499,8599,8699,8799,8899,8999,9099,9199,9299,9399,9499,9599,9699,9799,9899,9999}`, corr: "1"},
	"tenk1.two":         {typ: 23, typmod: -1, nullFrac: "0", width: 4, distinct: "2", mcv: `{0,1}`, freqs: `{0.5,0.5}`, hist: ``, corr: "0.50818884"},
	"tenk1.four":        {typ: 23, typmod: -1, nullFrac: "0", width: 4, distinct: "4", mcv: `{0,1,2,3}`, freqs: `{0.25,0.25,0.25,0.25}`, hist: ``, corr: "0.2494313"},
	"tenk1.ten":         {typ: 23, typmod: -1, nullFrac: "0", width: 4, distinct: "10", mcv: `{0,1,2,3,4,5,6,7,8,9}`, freqs: `{0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1}`, hist: ``, corr: "0.100886926"},
	"tenk1.twenty":      {typ: 23, typmod: -1, nullFrac: "0", width: 4, distinct: "20", mcv: `{0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19}`, freqs: `{0.05,0.05,0.05,0.05,0.05,0.05,0.05,0.05,0.05,0.05,0.05,0.05,0.05,0.05,0.05,0.05,0.05,0.05,0.05,0.05}`, hist: ``, corr: "0.05407835"},
	"tenk1.hundred":     {typ: 23, typmod: -1, nullFrac: "0", width: 4, distinct: "100", mcv: `{0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63,64,65,66,67,68,69,70,71,72,73,74,75,76,77,78,79,80,81,82,83,84,85,86,87,88,89,90,91,92,93,94,95,96,97,98,99}`, freqs: `{0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01}`, hist: ``, corr: "0.009082272"},
	"tenk1.thousand":    {typ: 23, typmod: -1, nullFrac: "0", width: 4, distinct: "1000", mcv: `{0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63,64,65,66,67,68,69,70,71,72,73,74,75,76,77,78,79,80,81,82,83,84,85,86,87,88,89,90,91,92,93,94,95,96,97,98,99}`, freqs: `{0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001}`, hist: `{100,108,117,126,135,144,153,162,171,180,189,198,207,216,225,234,243,252,261,270,279,288,297,306,315,324,333,342,351,360,369,378,387,396,405,414,423,432,441,450,459,468,477,486,495,504,513,522,531,540,549,558,567,576,585,594,603,612,621,630,639,648,657,666,675,684,693,702,711,720,729,738,747,756,765,774,783,792,801,810,819,828,837,846,855,864,873,882,891,900,909,918,927,936,945,954,963,972,981,990,999}`, corr: "-0.009366246"},
	"tenk1.twothousand": {typ: 23, typmod: -1, nullFrac: "0", width: 4, distinct: "-0.2", mcv: `{0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63,64,65,66,67,68,69,70,71,72,73,74,75,76,77,78,79,80,81,82,83,84,85,86,87,88,89,90,91,92,93,94,95,96,97,98,99}`, freqs: `{0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005,0.0005}`, hist: `{100,118,137,156,175,194,213,232,251,270,289,308,327,346,365,384,403,422,441,460,479,498,517,536,555,574,593,612,631,650,669,688,707,726,745,764,783,802,821,840,859,878,897,916,935,954,973,992,1011,1030,1049,1068,1087,1106,1125,1144,1163,1182,1201,1220,1239,1258,1277,1296,1315,1334,1353,1372,1391,1410,1429,1448,1467,1486,1505,1524,1543,1562,1581,1600,1619,1638,1657,1676,1695,1714,1733,1752,1771,1790,1809,1828,1847,1866,1885,1904,1923,1942,1961,1980,1999}`, corr: "-0.0023625696"},
	"tenk1.fivethous":   {typ: 23, typmod: -1, nullFrac: "0", width: 4, distinct: "-0.5", mcv: `{0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63,64,65,66,67,68,69,70,71,72,73,74,75,76,77,78,79,80,81,82,83,84,85,86,87,88,89,90,91,92,93,94,95,96,97,98,99}`, freqs: `{0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002,0.0002}`, hist: `{100,148,197,246,295,344,393,442,491,540,589,638,687,736,785,834,883,932,981,1030,1079,1128,1177,1226,1275,1324,1373,1422,1471,1520,1569,1618,1667,1716,1765,1814,1863,1912,1961,2010,2059,2108,2157,2206,2255,2304,2353,2402,2451,2500,2549,2598,2647,2696,2745,2794,2843,2892,2941,2990,3039,3088,3137,3186,3235,3284,3333,3382,3431,3480,3529,3578,3627,3676,3725,3774,3823,3872,3921,3970,4019,4068,4117,4166,4215,4264,4313,4362,4411,4460,4509,4558,4607,4656,4705,4754,4803,4852,4901,4950,4999}`, corr: "0.006492796"},
	"tenk1.tenthous":    {typ: 23, typmod: -1, nullFrac: "0", width: 4, distinct: "-1", mcv: ``, freqs: ``, hist: `{0,99,199,299,399,499,599,699,799,899,999,1099,1199,1299,1399,1499,1599,1699,1799,1899,1999,2099,2199,2299,2399,2499,2599,2699,2799,2899,2999,3099,3199,3299,3399,3499,3599,3699,3799,3899,3999,4099,4199,4299,4399,4499,4599,4699,4799,4899,4999,5099,5199,5299,5399,5499,5599,5699,5799,5899,5999,6099,6199,6299,6399,6499,6599,6699,6799,6899,6999,7099,7199,7299,7399,7499,7599,7699,7799,7899,7999,8099,8199,8299,8399,8499,8599,8699,8799,8899,8999,9099,9199,9299,9399,9499,9599,9699,9799,9899,9999}`, corr: "0.008842574"},
	"tenk1.odd":         {typ: 23, typmod: -1, nullFrac: "0", width: 4, distinct: "100", mcv: `{0,2,4,6,8,10,12,14,16,18,20,22,24,26,28,30,32,34,36,38,40,42,44,46,48,50,52,54,56,58,60,62,64,66,68,70,72,74,76,78,80,82,84,86,88,90,92,94,96,98,100,102,104,106,108,110,112,114,116,118,120,122,124,126,128,130,132,134,136,138,140,142,144,146,148,150,152,154,156,158,160,162,164,166,168,170,172,174,176,178,180,182,184,186,188,190,192,194,196,198}`, freqs: `{0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01}`, hist: ``, corr: "0.009082272"},
	"tenk1.even":        {typ: 23, typmod: -1, nullFrac: "0", width: 4, distinct: "100", mcv: `{1,3,5,7,9,11,13,15,17,19,21,23,25,27,29,31,33,35,37,39,41,43,45,47,49,51,53,55,57,59,61,63,65,67,69,71,73,75,77,79,81,83,85,87,89,91,93,95,97,99,101,103,105,107,109,111,113,115,117,119,121,123,125,127,129,131,133,135,137,139,141,143,145,147,149,151,153,155,157,159,161,163,165,167,169,171,173,175,177,179,181,183,185,187,189,191,193,195,197,199}`, freqs: `{0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01}`, hist: ``, corr: "0.009082272"},
	"tenk1.stringu1":    {typ: 19, typmod: -1, nullFrac: "0", width: 64, distinct: "676", mcv: `{AAAAAA,ABAAAA,ACAAAA,ADAAAA,AEAAAA,AFAAAA,AGAAAA,AHAAAA,AIAAAA,AJAAAA,AKAAAA,ALAAAA,AMAAAA,ANAAAA,AOAAAA,APAAAA,AQAAAA,ARAAAA,ASAAAA,ATAAAA,AUAAAA,BAAAAA,BBAAAA,BCAAAA,BDAAAA,BEAAAA,BFAAAA,BGAAAA,BHAAAA,BIAAAA,BJAAAA,BKAAAA,BLAAAA,BMAAAA,BNAAAA,BOAAAA,BPAAAA,BQAAAA,BRAAAA,BSAAAA,BTAAAA,BUAAAA,CAAAAA,CBAAAA,CCAAAA,CDAAAA,CEAAAA,CFAAAA,CGAAAA,CHAAAA,CIAAAA,CJAAAA,CKAAAA,CLAAAA,CMAAAA,CNAAAA,COAAAA,CPAAAA,CQAAAA,CRAAAA,CSAAAA,CTAAAA,CUAAAA,DAAAAA,DBAAAA,DCAAAA,DDAAAA,DEAAAA,DFAAAA,DGAAAA,DHAAAA,DIAAAA,DJAAAA,DKAAAA,DLAAAA,DMAAAA,DNAAAA,DOAAAA,DPAAAA,DQAAAA,DRAAAA,DSAAAA,DTAAAA,DUAAAA,EAAAAA,EBAAAA,ECAAAA,EDAAAA,EEAAAA,EFAAAA,EGAAAA,EHAAAA,EIAAAA,EJAAAA,EKAAAA,ELAAAA,EMAAAA,ENAAAA,EOAAAA,EPAAAA}`, freqs: `{0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015,0.0015}`, hist: `{AVAAAA,BWAAAA,CXAAAA,DYAAAA,ETAAAA,EZAAAA,FFAAAA,FLAAAA,FQAAAA,FWAAAA,GCAAAA,GIAAAA,GNAAAA,GTAAAA,GZAAAA,HFAAAA,HKAAAA,HQAAAA,HWAAAA,ICAAAA,IHAAAA,INAAAA,ITAAAA,IZAAAA,JEAAAA,JKAAAA,JQAAAA,JWAAAA,KBAAAA,KHAAAA,KNAAAA,KSAAAA,KYAAAA,LEAAAA,LKAAAA,LPAAAA,LVAAAA,MBAAAA,MHAAAA,MMAAAA,MSAAAA,MYAAAA,NEAAAA,NJAAAA,NPAAAA,NVAAAA,OBAAAA,OGAAAA,OMAAAA,OSAAAA,OYAAAA,PDAAAA,PJAAAA,PPAAAA,PUAAAA,QAAAAA,QGAAAA,QMAAAA,QRAAAA,QXAAAA,RDAAAA,RJAAAA,RPAAAA,RUAAAA,SAAAAA,SGAAAA,SMAAAA,SRAAAA,SXAAAA,TDAAAA,TJAAAA,TOAAAA,TUAAAA,UAAAAA,UGAAAA,ULAAAA,URAAAA,UXAAAA,VDAAAA,VIAAAA,VOAAAA,VUAAAA,WAAAAA,WGAAAA,WLAAAA,WRAAAA,WXAAAA,XDAAAA,XIAAAA,XOAAAA,XUAAAA,YAAAAA,YFAAAA,YLAAAA,YRAAAA,YXAAAA,ZCAAAA,ZIAAAA,ZOAAAA,ZTAAAA,ZZAAAA}`, corr: "0.0016093453"},
	"tenk1.stringu2":    {typ: 19, typmod: -1, nullFrac: "0", width: 64, distinct: "-1", mcv: ``, freqs: ``, hist: `{AAAAAA,AGJAAA,ANEAAA,ATOAAA,BAOAAA,BHJAAA,BOEAAA,BUOAAA,CBOAAA,CIJAAA,CPEAAA,CWAAAA,DCOAAA,DJJAAA,DQEAAA,DXBAAA,EDOAAA,EKJAAA,EREAAA,EYCAAA,FEOAAA,FLJAAA,FSEAAA,FZDAAA,GFOAAA,GMJAAA,GTEAAA,HAEAAA,HGOAAA,HNJAAA,HUEAAA,IBEAAA,IHOAAA,IOJAAA,IVEAAA,JCEAAA,JIOAAA,JPJAAA,JWFAAA,KDEAAA,KJOAAA,KQJAAA,KXGAAA,LEEAAA,LKOAAA,LRJAAA,LYHAAA,MFEAAA,MLOAAA,MSJAAA,MZIAAA,NGEAAA,NMOAAA,NTJAAA,OAJAAA,OHEAAA,ONOAAA,OUJAAA,PBJAAA,PIEAAA,POOAAA,PVJAAA,QCJAAA,QJEAAA,QPOAAA,QWLAAA,RDKAAA,RKFAAA,RRAAAA,RXNAAA,SELAAA,SLGAAA,SSBAAA,SZBAAA,TFMAAA,TMHAAA,TTCAAA,UADAAA,UGNAAA,UNIAAA,UUDAAA,VBEAAA,VHOAAA,VOJAAA,VVFAAA,WCFAAA,WJAAAA,WPKAAA,WWHAAA,XDGAAA,XKBAAA,XQLAAA,XXJAAA,YEHAAA,YLCAAA,YRMAAA,YYLAAA,ZFIAAA,ZMDAAA,ZSNAAA,ZZNAAA}`, corr: "0.0035787355"},
	"tenk1.string4":     {typ: 19, typmod: -1, nullFrac: "0", width: 64, distinct: "4", mcv: `{AAAAxx,HHHHxx,OOOOxx,VVVVxx}`, freqs: `{0.25,0.25,0.25,0.25}`, hist: ``, corr: "0.25037497"},
	"onek.unique1":      {typ: 23, typmod: -1, nullFrac: "0", width: 4, distinct: "-1", mcv: ``, freqs: ``, hist: `{0,9,19,29,39,49,59,69,79,89,99,109,119,129,139,149,159,169,179,189,199,209,219,229,239,249,259,269,279,289,299,309,319,329,339,349,359,369,379,389,399,409,419,429,439,449,459,469,479,489,499,509,519,529,539,549,559,569,579,589,599,609,619,629,639,649,659,669,679,689,699,709,719,729,739,749,759,769,779,789,799,809,819,829,839,849,859,869,879,889,899,909,919,929,939,949,959,969,979,989,999}`, corr: "-0.037635025"},
	"onek.unique2":      {typ: 23, typmod: -1, nullFrac: "0", width: 4, distinct: "-1", mcv: ``, freqs: ``, hist: `{0,9,19,29,39,49,59,69,79,89,99,109,119,129,139,149,159,169,179,189,199,209,219,229,239,249,259,269,279,289,299,309,319,329,339,349,359,369,379,389,399,409,419,429,439,449,459,469,479,489,499,509,519,529,539,549,559,569,579,589,599,609,619,629,639,649,659,669,679,689,699,709,719,729,739,749,759,769,779,789,799,809,819,829,839,849,859,869,879,889,899,909,919,929,939,949,959,969,979,989,999}`, corr: "1"},
	"onek.two":          {typ: 23, typmod: -1, nullFrac: "0", width: 4, distinct: "2", mcv: `{0,1}`, freqs: `{0.5,0.5}`, hist: ``, corr: "0.5196132"},
	"onek.four":         {typ: 23, typmod: -1, nullFrac: "0", width: 4, distinct: "4", mcv: `{0,1,2,3}`, freqs: `{0.25,0.25,0.25,0.25}`, hist: ``, corr: "0.22885185"},
	"onek.ten":          {typ: 23, typmod: -1, nullFrac: "0", width: 4, distinct: "10", mcv: `{0,1,2,3,4,5,6,7,8,9}`, freqs: `{0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1}`, hist: ``, corr: "0.060861986"},
	"onek.twenty":       {typ: 23, typmod: -1, nullFrac: "0", width: 4, distinct: "20", mcv: `{0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19}`, freqs: `{0.05,0.05,0.05,0.05,0.05,0.05,0.05,0.05,0.05,0.05,0.05,0.05,0.05,0.05,0.05,0.05,0.05,0.05,0.05,0.05}`, hist: ``, corr: "0.010684582"},
	"onek.hundred":      {typ: 23, typmod: -1, nullFrac: "0", width: 4, distinct: "10", mcv: `{0,1,2,3,4,5,6,7,8,9}`, freqs: `{0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1}`, hist: ``, corr: "0.060861986"},
	"onek.thousand":     {typ: 23, typmod: -1, nullFrac: "0", width: 4, distinct: "100", mcv: `{0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63,64,65,66,67,68,69,70,71,72,73,74,75,76,77,78,79,80,81,82,83,84,85,86,87,88,89,90,91,92,93,94,95,96,97,98,99}`, freqs: `{0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01}`, hist: ``, corr: "-0.018312907"},
	"onek.twothousand":  {typ: 23, typmod: -1, nullFrac: "0", width: 4, distinct: "-0.2", mcv: `{0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63,64,65,66,67,68,69,70,71,72,73,74,75,76,77,78,79,80,81,82,83,84,85,86,87,88,89,90,91,92,93,94,95,96,97,98,99}`, freqs: `{0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005}`, hist: `{100,101,102,103,104,105,106,107,108,109,110,111,112,113,114,115,116,117,118,119,120,121,122,123,124,125,126,127,128,129,130,131,132,133,134,135,136,137,138,139,140,141,142,143,144,145,146,147,148,149,150,151,152,153,154,155,156,157,158,159,160,161,162,163,164,165,166,167,168,169,170,171,172,173,174,175,176,177,178,179,180,181,182,183,184,185,186,187,188,189,190,191,192,193,194,195,196,197,198,199}`, corr: "-0.014124074"},
	"onek.fivethous":    {typ: 23, typmod: -1, nullFrac: "0", width: 4, distinct: "-0.5", mcv: `{0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63,64,65,66,67,68,69,70,71,72,73,74,75,76,77,78,79,80,81,82,83,84,85,86,87,88,89,90,91,92,93,94,95,96,97,98,99}`, freqs: `{0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002}`, hist: `{100,103,107,111,115,119,123,127,131,135,139,143,147,151,155,159,163,167,171,175,179,183,187,191,195,199,203,207,211,215,219,223,227,231,235,239,243,247,251,255,259,263,267,271,275,279,283,287,291,295,299,303,307,311,315,319,323,327,331,335,339,343,347,351,355,359,363,367,371,375,379,383,387,391,395,399,403,407,411,415,419,423,427,431,435,439,443,447,451,455,459,463,467,471,475,479,483,487,491,495,499}`, corr: "0.024285216"},
	"onek.tenthous":     {typ: 23, typmod: -1, nullFrac: "0", width: 4, distinct: "-1", mcv: ``, freqs: ``, hist: `{0,9,19,29,39,49,59,69,79,89,99,109,119,129,139,149,159,169,179,189,199,209,219,229,239,249,259,269,279,289,299,309,319,329,339,349,359,369,379,389,399,409,419,429,439,449,459,469,479,489,499,509,519,529,539,549,559,569,579,589,599,609,619,629,639,649,659,669,679,689,699,709,719,729,739,749,759,769,779,789,799,809,819,829,839,849,859,869,879,889,899,909,919,929,939,949,959,969,979,989,999}`, corr: "-0.037635025"},
	"onek.odd":          {typ: 23, typmod: -1, nullFrac: "0", width: 4, distinct: "10", mcv: `{0,2,4,6,8,10,12,14,16,18}`, freqs: `{0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1}`, hist: ``, corr: "0.060861986"},
	"onek.even":         {typ: 23, typmod: -1, nullFrac: "0", width: 4, distinct: "10", mcv: `{1,3,5,7,9,11,13,15,17,19}`, freqs: `{0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1}`, hist: ``, corr: "0.060861986"},
	"onek.stringu1":     {typ: 19, typmod: -1, nullFrac: "0", width: 64, distinct: "-0.676", mcv: `{AAAAAA,ABAAAA,ACAAAA,ADAAAA,AEAAAA,AFAAAA,AGAAAA,AHAAAA,AIAAAA,AJAAAA,AKAAAA,ALAAAA,AMAAAA,BAAAAA,BBAAAA,BCAAAA,BDAAAA,BEAAAA,BFAAAA,BGAAAA,BHAAAA,BIAAAA,BJAAAA,BKAAAA,BLAAAA,BMAAAA,CAAAAA,CBAAAA,CCAAAA,CDAAAA,CEAAAA,CFAAAA,CGAAAA,CHAAAA,CIAAAA,CJAAAA,CKAAAA,CLAAAA,CMAAAA,DAAAAA,DBAAAA,DCAAAA,DDAAAA,DEAAAA,DFAAAA,DGAAAA,DHAAAA,DIAAAA,DJAAAA,DKAAAA,DLAAAA,DMAAAA,EAAAAA,EBAAAA,ECAAAA,EDAAAA,EEAAAA,EFAAAA,EGAAAA,EHAAAA,EIAAAA,EJAAAA,EKAAAA,ELAAAA,EMAAAA,FAAAAA,FBAAAA,FCAAAA,FDAAAA,FEAAAA,FFAAAA,FGAAAA,FHAAAA,FIAAAA,FJAAAA,FKAAAA,FLAAAA,FMAAAA,GAAAAA,GBAAAA,GCAAAA,GDAAAA,GEAAAA,GFAAAA,GGAAAA,GHAAAA,GIAAAA,GJAAAA,GKAAAA,GLAAAA,GMAAAA,HAAAAA,HBAAAA,HCAAAA,HDAAAA,HEAAAA,HFAAAA,HGAAAA,HHAAAA,HIAAAA}`, freqs: `{0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002,0.002}`, hist: `{ANAAAA,AUAAAA,BPAAAA,BXAAAA,CSAAAA,DNAAAA,DVAAAA,EQAAAA,EYAAAA,FTAAAA,GOAAAA,GWAAAA,HLAAAA,HRAAAA,HZAAAA,IDAAAA,IHAAAA,ILAAAA,ISAAAA,JAAAAA,JEAAAA,JIAAAA,JMAAAA,JTAAAA,KAAAAA,KEAAAA,KIAAAA,KMAAAA,KUAAAA,LBAAAA,LFAAAA,LJAAAA,LNAAAA,LVAAAA,MBAAAA,MFAAAA,MJAAAA,MPAAAA,MXAAAA,NCAAAA,NGAAAA,NKAAAA,NRAAAA,NZAAAA,ODAAAA,OHAAAA,OLAAAA,OTAAAA,PAAAAA,PEAAAA,PIAAAA,PNAAAA,PVAAAA,QBAAAA,QFAAAA,QJAAAA,QPAAAA,QXAAAA,RCAAAA,RGAAAA,RKAAAA,RRAAAA,RZAAAA,SDAAAA,SHAAAA,SLAAAA,STAAAA,TAAAAA,TEAAAA,TIAAAA,TNAAAA,TVAAAA,UBAAAA,UFAAAA,UJAAAA,UPAAAA,UXAAAA,VCAAAA,VGAAAA,VKAAAA,VRAAAA,VZAAAA,WDAAAA,WHAAAA,WLAAAA,WTAAAA,XAAAAA,XEAAAA,XIAAAA,XNAAAA,XVAAAA,YBAAAA,YFAAAA,YJAAAA,YPAAAA,YXAAAA,ZCAAAA,ZGAAAA,ZKAAAA,ZRAAAA,ZZAAAA}`, corr: "-0.018928302"},
	"onek.stringu2":     {typ: 19, typmod: -1, nullFrac: "0", width: 64, distinct: "-1", mcv: ``, freqs: ``, hist: `{AAAAAA,AEBAAA,AJBAAA,AQAAAA,BAAAAA,BFAAAA,BKAAAA,BRAAAA,CABAAA,CFBAAA,CKBAAA,CSAAAA,DBAAAA,DGAAAA,DLAAAA,DTAAAA,EBBAAA,EGBAAA,ELBAAA,EUAAAA,FCAAAA,FHAAAA,FMAAAA,FVAAAA,GCBAAA,GHBAAA,GMBAAA,GWAAAA,HDAAAA,HIAAAA,HNAAAA,HXAAAA,IDBAAA,IIBAAA,IOAAAA,IYAAAA,JEAAAA,JJAAAA,JPAAAA,JZAAAA,KEBAAA,KJBAAA,KQAAAA,LAAAAA,LFAAAA,LKAAAA,LRAAAA,MABAAA,MFBAAA,MKBAAA,MTAAAA,NBBAAA,NGBAAA,NLBAAA,NVAAAA,OCBAAA,OHBAAA,ONAAAA,OXAAAA,PDBAAA,PIBAAA,PPAAAA,PZAAAA,QEBAAA,QJBAAA,QRAAAA,RABAAA,RFBAAA,RKBAAA,RTAAAA,SBBAAA,SGBAAA,SLBAAA,SVAAAA,TCBAAA,THBAAA,TNAAAA,TXAAAA,UDBAAA,UIBAAA,UPAAAA,UZAAAA,VEBAAA,VJBAAA,VRAAAA,WABAAA,WFBAAA,WKBAAA,WTAAAA,XBBAAA,XGBAAA,XLBAAA,XVAAAA,YCBAAA,YHBAAA,YNAAAA,YXAAAA,ZDBAAA,ZIBAAA,ZPAAAA,ZZAAAA}`, corr: "0.014765571"},
	"onek.string4":      {typ: 19, typmod: -1, nullFrac: "0", width: 64, distinct: "4", mcv: `{AAAAxx,HHHHxx,OOOOxx,VVVVxx}`, freqs: `{0.25,0.25,0.25,0.25}`, hist: ``, corr: "0.25374624"},
	"statmix.id":        {typ: 23, typmod: -1, nullFrac: "0", width: 4, distinct: "-1", mcv: ``, freqs: ``, hist: `{1,50,100,150,200,250,300,350,400,450,500,550,600,650,700,750,800,850,900,950,1000,1050,1100,1150,1200,1250,1300,1350,1400,1450,1500,1550,1600,1650,1700,1750,1800,1850,1900,1950,2000,2050,2100,2150,2200,2250,2300,2350,2400,2450,2500,2550,2600,2650,2700,2750,2800,2850,2900,2950,3000,3050,3100,3150,3200,3250,3300,3350,3400,3450,3500,3550,3600,3650,3700,3750,3800,3850,3900,3950,4000,4050,4100,4150,4200,4250,4300,4350,4400,4450,4500,4550,4600,4650,4700,4750,4800,4850,4900,4950,5000}`, corr: "0.99985695"},
	"statmix.i2":        {typ: 21, typmod: -1, nullFrac: "0.1428", width: 2, distinct: "37", mcv: `{1,2,4,0,3,5,6,8,9,10,11,13,15,16,17,18,20,22,23,24,25,27,29,30,31,32,34,36,7,12,14,19,21,26,28,33,35}`, freqs: `{0.0234,0.0234,0.0234,0.0232,0.0232,0.0232,0.0232,0.0232,0.0232,0.0232,0.0232,0.0232,0.0232,0.0232,0.0232,0.0232,0.0232,0.0232,0.0232,0.0232,0.0232,0.0232,0.0232,0.0232,0.0232,0.0232,0.0232,0.0232,0.023,0.023,0.023,0.023,0.023,0.023,0.023,0.023,0.023}`, hist: ``, corr: "0.031094953"},
	"statmix.i8":        {typ: 20, typmod: -1, nullFrac: "0", width: 8, distinct: "-0.2", mcv: `{0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63,64,65,66,67,68,69,70,71,72,73,74,75,76,77,78,79,80,81,82,83,84,85,86,87,88,89,90,91,92,93,94,95,96,97,98,99}`, freqs: `{0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001}`, hist: `{100,108,117,126,135,144,153,162,171,180,189,198,207,216,225,234,243,252,261,270,279,288,297,306,315,324,333,342,351,360,369,378,387,396,405,414,423,432,441,450,459,468,477,486,495,504,513,522,531,540,549,558,567,576,585,594,603,612,621,630,639,648,657,666,675,684,693,702,711,720,729,738,747,756,765,774,783,792,801,810,819,828,837,846,855,864,873,882,891,900,909,918,927,936,945,954,963,972,981,990,999}`, corr: "-0.00020939483"},
	"statmix.f8":        {typ: 701, typmod: -1, nullFrac: "0.2", width: 8, distinct: "101", mcv: `{0,0.5,0.75,1.25,1.5,1.75,2.25,3,3.25,3.5,3.75,4,4.5,4.75,5.25,5.5,6.25,6.5,7,7.25,7.75,8,8.75,9,9.5,9.75,10.25,10.5,10.75,11,11.25,12,12.5,12.75,13,13.5,13.75,14.25,14.5,15.25,16,16.25,16.75,17,17.75,18,18.5,19.25,19.5,19.75,20,20.25,21,21.5,21.75,22.5,22.75,23.25,23.5,24.25,25,0.25,1,2,2.5,2.75,4.25,5,5.75,6,6.75,7.5,8.25,8.5,9.25,10,11.5,11.75,12.25,13.25,14,14.75,15,15.5,15.75,16.5,17.25,17.5,18.25,18.75,19,20.5,20.75,21.25,22,22.25,23,23.75,24,24.5}`, freqs: `{0.008,0.008,0.008,0.008,0.008,0.008,0.008,0.008,0.008,0.008,0.008,0.008,0.008,0.008,0.008,0.008,0.008,0.008,0.008,0.008,0.008,0.008,0.008,0.008,0.008,0.008,0.008,0.008,0.008,0.008,0.008,0.008,0.008,0.008,0.008,0.008,0.008,0.008,0.008,0.008,0.008,0.008,0.008,0.008,0.008,0.008,0.008,0.008,0.008,0.008,0.008,0.008,0.008,0.008,0.008,0.008,0.008,0.008,0.008,0.008,0.008,0.0078,0.0078,0.0078,0.0078,0.0078,0.0078,0.0078,0.0078,0.0078,0.0078,0.0078,0.0078,0.0078,0.0078,0.0078,0.0078,0.0078,0.0078,0.0078,0.0078,0.0078,0.0078,0.0078,0.0078,0.0078,0.0078,0.0078,0.0078,0.0078,0.0078,0.0078,0.0078,0.0078,0.0078,0.0078,0.0078,0.0078,0.0078,0.0078}`, hist: ``, corr: "0.008108574"},
	"statmix.f4":        {typ: 700, typmod: -1, nullFrac: "0", width: 4, distinct: "50", mcv: `{0,1.25,2.5,3.75,5,6.25,7.5,8.75,10,11.25,12.5,13.75,15,16.25,17.5,18.75,20,21.25,22.5,23.75,25,26.25,27.5,28.75,30,31.25,32.5,33.75,35,36.25,37.5,38.75,40,41.25,42.5,43.75,45,46.25,47.5,48.75,50,51.25,52.5,53.75,55,56.25,57.5,58.75,60,61.25}`, freqs: `{0.02,0.02,0.02,0.02,0.02,0.02,0.02,0.02,0.02,0.02,0.02,0.02,0.02,0.02,0.02,0.02,0.02,0.02,0.02,0.02,0.02,0.02,0.02,0.02,0.02,0.02,0.02,0.02,0.02,0.02,0.02,0.02,0.02,0.02,0.02,0.02,0.02,0.02,0.02,0.02,0.02,0.02,0.02,0.02,0.02,0.02,0.02,0.02,0.02,0.02}`, hist: ``, corr: "0.029387103"},
	"statmix.num":       {typ: 1700, typmod: 655366, nullFrac: "0", width: 6, distinct: "-0.1994", mcv: `{0.31,0.62,0.93,1.24,1.55,1.86,2.17,2.48,2.79,3.10,3.41,3.72,4.03,4.34,4.65,0.00,0.01,0.02,0.03,0.04,0.05,0.06,0.07,0.08,0.09,0.10,0.11,0.12,0.13,0.14,0.15,0.16,0.17,0.18,0.19,0.20,0.21,0.22,0.23,0.24,0.25,0.26,0.27,0.28,0.29,0.30,0.32,0.33,0.34,0.35,0.36,0.37,0.38,0.39,0.40,0.41,0.42,0.43,0.44,0.45,0.46,0.47,0.48,0.49,0.50,0.51,0.52,0.53,0.54,0.55,0.56,0.57,0.58,0.59,0.60,0.61,0.63,0.64,0.65,0.66,0.67,0.68,0.69,0.70,0.71,0.72,0.73,0.74,0.75,0.76,0.77,0.78,0.79,0.80,0.81,0.82,0.83,0.84,0.85,0.86}`, freqs: `{0.0012,0.0012,0.0012,0.0012,0.0012,0.0012,0.0012,0.0012,0.0012,0.0012,0.0012,0.0012,0.0012,0.0012,0.0012,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001,0.001}`, hist: `{0.87,0.96,1.05,1.14,1.23,1.33,1.42,1.51,1.61,1.70,1.79,1.89,1.98,2.07,2.16,2.26,2.35,2.44,2.54,2.63,2.72,2.82,2.91,3.00,3.09,3.19,3.28,3.37,3.47,3.56,3.65,3.75,3.83,3.92,4.01,4.11,4.20,4.29,4.39,4.48,4.57,4.67,4.76,4.85,4.94,5.03,5.12,5.21,5.30,5.39,5.48,5.57,5.66,5.75,5.84,5.93,6.02,6.11,6.20,6.29,6.38,6.47,6.56,6.64,6.73,6.82,6.91,7.00,7.09,7.18,7.27,7.36,7.45,7.54,7.63,7.72,7.81,7.90,7.99,8.08,8.17,8.26,8.35,8.44,8.53,8.62,8.71,8.80,8.89,8.98,9.07,9.16,9.25,9.34,9.42,9.51,9.60,9.69,9.78,9.87,9.96}`, corr: "0.0013814549"},
	"statmix.t":         {typ: 25, typmod: -1, nullFrac: "0.3332", width: 6, distinct: "211", mcv: `{val0,val10,val100,val101,val102,val104,val105,val107,val108,val109,val110,val111,val112,val114,val115,val116,val117,val118,val119,val12,val121,val122,val123,val124,val125,val127,val128,val129,val13,val130,val131,val132,val134,val135,val136,val137,val138,val139,val14,val141,val142,val144,val145,val146,val148,val149,val15,val151,val152,val153,val155,val156,val158,val159,val16,val160,val161,val162,val163,val165,val166,val167,val168,val169,val17,val170,val172,val173,val174,val175,val176,val178,val179,val180,val181,val182,val183,val185,val186,val187,val188,val189,val19,val190,val192,val193,val195,val196,val197,val199,val2,val20,val200,val202,val203,val204,val206,val207,val209,val21}`, freqs: `{0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032,0.0032}`, hist: `{val1,val103,val106,val11,val113,val120,val126,val140,val143,val147,val150,val154,val157,val171,val177,val18,val184,val191,val194,val198,val205,val208,val210,val22,val23,val24,val25,val26,val27,val29,val3,val30,val31,val32,val33,val34,val35,val36,val37,val38,val4,val40,val41,val42,val43,val44,val45,val46,val47,val49,val5,val50,val51,val52,val53,val54,val55,val56,val57,val59,val6,val60,val61,val62,val63,val64,val65,val66,val67,val68,val7,val70,val71,val72,val73,val74,val75,val76,val77,val78,val79,val80,val81,val82,val83,val84,val85,val86,val87,val88,val89,val90,val91,val92,val93,val94,val95,val96,val97,val98,val99}`, corr: "0.006579109"},
	"statmix.longt":     {typ: 25, typmod: -1, nullFrac: "0", width: 101, distinct: "200", mcv: `{"",x,xx,xxx,xxxx,xxxxx,xxxxxx,xxxxxxx,xxxxxxxx,xxxxxxxxx,xxxxxxxxxx,xxxxxxxxxxx,xxxxxxxxxxxx,xxxxxxxxxxxxx,xxxxxxxxxxxxxx,xxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx}`, freqs: `{0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005,0.005}`, hist: `{xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx}`, corr: "0.04513336"},
	"statmix.d":         {typ: 1082, typmod: -1, nullFrac: "0", width: 4, distinct: "400", mcv: `{2020-01-02,2020-01-03,2020-01-04,2020-01-05,2020-01-06,2020-01-07,2020-01-08,2020-01-09,2020-01-10,2020-01-11,2020-01-12,2020-01-13,2020-01-14,2020-01-15,2020-01-16,2020-01-17,2020-01-18,2020-01-19,2020-01-20,2020-01-21,2020-01-22,2020-01-23,2020-01-24,2020-01-25,2020-01-26,2020-01-27,2020-01-28,2020-01-29,2020-01-30,2020-01-31,2020-02-01,2020-02-02,2020-02-03,2020-02-04,2020-02-05,2020-02-06,2020-02-07,2020-02-08,2020-02-09,2020-02-10,2020-02-11,2020-02-12,2020-02-13,2020-02-14,2020-02-15,2020-02-16,2020-02-17,2020-02-18,2020-02-19,2020-02-20,2020-02-21,2020-02-22,2020-02-23,2020-02-24,2020-02-25,2020-02-26,2020-02-27,2020-02-28,2020-02-29,2020-03-01,2020-03-02,2020-03-03,2020-03-04,2020-03-05,2020-03-06,2020-03-07,2020-03-08,2020-03-09,2020-03-10,2020-03-11,2020-03-12,2020-03-13,2020-03-14,2020-03-15,2020-03-16,2020-03-17,2020-03-18,2020-03-19,2020-03-20,2020-03-21,2020-03-22,2020-03-23,2020-03-24,2020-03-25,2020-03-26,2020-03-27,2020-03-28,2020-03-29,2020-03-30,2020-03-31,2020-04-01,2020-04-02,2020-04-03,2020-04-04,2020-04-05,2020-04-06,2020-04-07,2020-04-08,2020-04-09,2020-04-10}`, freqs: `{0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026,0.0026}`, hist: `{2020-01-01,2020-04-12,2020-04-15,2020-04-18,2020-04-21,2020-04-24,2020-04-27,2020-04-29,2020-05-02,2020-05-05,2020-05-08,2020-05-11,2020-05-14,2020-05-17,2020-05-19,2020-05-22,2020-05-25,2020-05-28,2020-05-31,2020-06-03,2020-06-05,2020-06-08,2020-06-11,2020-06-14,2020-06-17,2020-06-20,2020-06-23,2020-06-25,2020-06-28,2020-07-01,2020-07-04,2020-07-07,2020-07-10,2020-07-12,2020-07-15,2020-07-18,2020-07-21,2020-07-24,2020-07-27,2020-07-30,2020-08-02,2020-08-06,2020-08-09,2020-08-12,2020-08-15,2020-08-18,2020-08-21,2020-08-24,2020-08-27,2020-08-30,2020-09-02,2020-09-05,2020-09-08,2020-09-12,2020-09-15,2020-09-18,2020-09-21,2020-09-24,2020-09-27,2020-09-30,2020-10-03,2020-10-06,2020-10-09,2020-10-12,2020-10-15,2020-10-19,2020-10-22,2020-10-25,2020-10-28,2020-10-31,2020-11-03,2020-11-06,2020-11-09,2020-11-12,2020-11-15,2020-11-18,2020-11-21,2020-11-25,2020-11-28,2020-12-01,2020-12-04,2020-12-07,2020-12-10,2020-12-13,2020-12-16,2020-12-19,2020-12-22,2020-12-25,2020-12-28,2021-01-01,2021-01-04,2021-01-07,2021-01-10,2021-01-13,2021-01-16,2021-01-19,2021-01-22,2021-01-25,2021-01-28,2021-01-31,2021-02-03}`, corr: "0.023239573"},
	"statmix.b":         {typ: 16, typmod: -1, nullFrac: "0", width: 1, distinct: "2", mcv: `{f,t}`, freqs: `{0.6668,0.3332}`, hist: ``, corr: "0.5557153"},
	"statmix.vc":        {typ: 1043, typmod: 14, nullFrac: "0", width: 3, distinct: "11", mcv: `{c1,c2,c3,c4,c5,c6,c0,c10,c7,c8,c9}`, freqs: `{0.091,0.091,0.091,0.091,0.091,0.091,0.0908,0.0908,0.0908,0.0908,0.0908}`, hist: ``, corr: "0.09109737"},
	"statmix.bp":        {typ: 1042, typmod: 8, nullFrac: "0", width: 5, distinct: "13", mcv: `{"1   ","2   ","3   ","4   ","5   ","6   ","7   ","8   ","0   ","10  ","11  ","12  ","9   "}`, freqs: `{0.077,0.077,0.077,0.077,0.077,0.077,0.077,0.077,0.0768,0.0768,0.0768,0.0768,0.0768}`, hist: ``, corr: "0.07776489"},
	"statmix.allnull":   {typ: 23, typmod: -1, nullFrac: "1", width: 4, distinct: "0", mcv: ``, freqs: ``, hist: ``, corr: ""},
	"statmix.uniqt":     {typ: 25, typmod: -1, nullFrac: "0", width: 5, distinct: "-1", mcv: ``, freqs: ``, hist: `{u1,u1042,u1088,u1132,u1178,u1222,u1268,u1312,u1358,u1402,u1448,u1493,u1538,u1583,u1628,u1673,u1718,u1763,u1808,u1853,u1899,u1943,u1989,u2032,u2078,u2122,u2168,u2212,u2258,u2302,u2348,u2393,u2438,u2483,u2528,u2573,u2618,u2663,u2708,u2753,u2799,u2843,u2889,u2933,u2979,u3022,u3068,u3112,u3158,u3202,u3248,u3293,u3338,u3383,u3428,u3473,u3518,u3563,u3608,u3653,u3699,u3743,u3789,u3833,u3879,u3923,u3969,u4012,u4058,u4102,u4148,u4193,u4238,u4283,u4328,u4373,u4418,u4463,u4508,u4553,u4599,u4643,u4689,u4733,u4779,u4823,u4869,u4913,u4959,u502,u548,u593,u638,u683,u728,u773,u818,u863,u908,u953,u999}`, corr: "0.33553016"},
}

// pgActualRange holds the current minimum and maximum of indexed columns.
var pgActualRange = map[string][2]string{
	"tenk1.unique1":  {`0`, `9999`},
	"tenk1.unique2":  {`0`, `9999`},
	"tenk1.hundred":  {`0`, `99`},
	"tenk1.thousand": {`0`, `999`},
	"onek.unique1":   {`0`, `999`},
	"onek.unique2":   {`0`, `999`},
	"onek.hundred":   {`0`, `9`},
	"onek.stringu1":  {`AAAAAA`, `ZZAAAA`},
}

// pgRestrictRows holds EXPLAIN's row estimate of SELECT * FROM table WHERE clause.
var pgRestrictRows = []struct {
	table, clause string
	rows          float64
}{
	{`tenk1`, `unique1 < 100`, 100},
	{`tenk1`, `hundred = 5`, 100},
	{`tenk1`, `thousand <> 3`, 9990},
	{`tenk1`, `stringu1 like 'AB%'`, 16},
	{`tenk1`, `ten between 2 and 4`, 3000},
	{`tenk1`, `two = 1 and four = 1`, 1250},
	{`tenk1`, `unique1 is null`, 1},
	{`tenk1`, `unique1 is not null`, 10000},
	{`tenk1`, `unique2 > 9990`, 9},
	{`tenk1`, `stringu1 < 'M'`, 4616},
	{`tenk1`, `stringu2 >= 'HAAAAA'`, 7303},
	{`tenk1`, `string4 = 'AAAAxx'`, 2500},
	{`tenk1`, `unique1 = 42`, 1},
	{`tenk1`, `fivethous < 50`, 101},
	{`tenk1`, `twothousand = 7`, 5},
	{`tenk1`, `stringu1 like '%A'`, 9999},
	{`tenk1`, `stringu1 like 'ABCDEF'`, 15},
	{`tenk1`, `even > 100`, 5000},
	{`tenk1`, `tenthous > 5000`, 4999},
	{`tenk1`, `unique1 < 0`, 1},
	{`tenk1`, `unique1 > 20000`, 1},
	{`tenk1`, `stringu2 like 'A%'`, 303},
	{`tenk1`, `stringu1 ilike 'ab%'`, 16},
	{`tenk1`, `stringu1 not like 'AB%'`, 9984},
	{`tenk1`, `thousand < 500`, 5000},
	{`tenk1`, `thousand <= 500`, 5010},
	{`tenk1`, `thousand >= 12`, 9871},
	{`tenk1`, `fivethous > 4990`, 18},
	{`tenk1`, `unique2 < 5`, 5},
	{`tenk1`, `twothousand between 100 and 199`, 499},
	{`tenk1`, `odd > 50`, 7400},
	{`tenk1`, `stringu2 < 'B'`, 391},
	{`tenk1`, `string4 < 'M'`, 5000},
	{`tenk1`, `twenty >= 10`, 5000},
	{`tenk1`, `hundred > 98`, 100},
	{`tenk1`, `unique1 >= 9995`, 5},
	{`tenk1`, `stringu1 > 'ZZ'`, 1},
	{`tenk1`, `string4 like 'H%'`, 2500},
	{`onek`, `unique1 < 100`, 100},
	{`onek`, `thousand = 5`, 10},
	{`onek`, `stringu1 like 'A%'`, 34},
	{`onek`, `hundred <> 3`, 900},
	{`onek`, `stringu2 > 'Q'`, 378},
	{`onek`, `unique2 between 10 and 20`, 11},
	{`statmix`, `d < '2020-06-01'`, 1966},
	{`statmix`, `d between '2020-02-01' and '2020-03-01'`, 409},
	{`statmix`, `num > 5.5`, 2233},
	{`statmix`, `f8 < 10`, 1605},
	{`statmix`, `f4 >= 30`, 2600},
	{`statmix`, `t < 'val5'`, 2451},
	{`statmix`, `t like 'val1%'`, 1757},
	{`statmix`, `t is null`, 1666},
	{`statmix`, `t is not null`, 3334},
	{`statmix`, `b`, 1666},
	{`statmix`, `b is true`, 1666},
	{`statmix`, `b is not false`, 1666},
	{`statmix`, `b is unknown`, 1},
	{`statmix`, `i2 = 3`, 116},
	{`statmix`, `i2 <> 3`, 4170},
	{`statmix`, `i8 < 250`, 1250},
	{`statmix`, `longt like 'xxx%'`, 4925},
	{`statmix`, `vc = 'c3'`, 455},
	{`statmix`, `bp = '1'`, 385},
	{`statmix`, `allnull is null`, 5000},
	{`statmix`, `allnull = 1`, 1},
	{`statmix`, `allnull < 5`, 1},
	{`statmix`, `uniqt like 'u12%'`, 101},
	{`statmix`, `f8 = 3.25`, 40},
	{`statmix`, `i2 > 30`, 694},
	{`statmix`, `id < 1000`, 999},
	{`statmix`, `t = 'nope'`, 16},
	{`statmix`, `num = 1.23`, 5},
	{`statmix`, `longt < 'xxxxx'`, 125},
	{`statmix`, `uniqt > 'u5'`, 550},
	{`statmix`, `t not like 'val1%'`, 1577},
	{`statmix`, `t ilike 'VAL1%'`, 1757},
	{`statmix`, `d > '2021-01-15'`, 234},
	{`statmix`, `num between 2 and 3`, 506},
}

// pgJoinRows holds EXPLAIN's top row estimate of each join query.
var pgJoinRows = []struct {
	query string
	rows  float64
}{
	{`select * from tenk1 a join tenk1 b on a.hundred = b.hundred`, 1000000},
	{`select * from tenk1 a join tenk1 b on a.unique1 = b.unique2`, 10000},
	{`select * from tenk1 a join onek b on a.thousand = b.thousand`, 10000},
	{`select * from tenk1 a join onek b on a.unique1 = b.unique1`, 1000},
	{`select * from tenk1 a join onek b on a.stringu1 = b.stringu1`, 14782},
	{`select * from tenk1 a join onek b on a.fivethous = b.unique1`, 2000},
	{`select * from tenk1 a join onek b on a.twothousand = b.fivethous`, 5000},
	{`select * from onek where unique1 in (select hundred from tenk1)`, 100},
	{`select * from tenk1 where hundred in (select unique1 from onek)`, 10000},
	{`select * from tenk1 where thousand in (select ten from onek)`, 100},
	{`select * from tenk1 a where exists (select 1 from onek b where b.unique1 = a.unique1)`, 1000},
	{`select * from tenk1 a where not exists (select 1 from onek b where b.twenty = a.twenty)`, 1},
	{`select * from onek a where exists (select 1 from tenk1 b where b.fivethous = a.thousand and b.ten = 1)`, 200},
}

// END GENERATED
