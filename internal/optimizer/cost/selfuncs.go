// selfuncs.go holds the selectivity estimators that use ANALYZE's
// statistics (PG: utils/adt/selfuncs.c, utils/adt/like_support.c, and the
// range-pair arithmetic of optimizer/path/clausesel.c).
//
// Every estimator takes a *VarStats describing the variable side of the
// clause, PostgreSQL's VariableStatData: the column's statistics (nil when
// the column was never analyzed, which gives PostgreSQL's defaults), its
// type and its relation's size. Constants must already be coerced to a type
// comparable with the column's (types.Compare decides equality and order,
// in the "C" collation), as PostgreSQL's planner sees them after
// const-folding.
//
// loomdb models one collation and one btree operator family per type, so
// the checks PostgreSQL makes that a histogram was built with the
// operator's collation and a compatible operator always pass here.

package cost

import (
	"math"
	"strings"
	"unicode/utf8"

	"github.com/loomdb/loomdb/internal/catalog"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/types"
)

// System attribute numbers VarStats.AttNum may hold.
const (
	SelfItemPointerAttributeNumber = -1 // ctid
	TableOidAttributeNumber        = -6 // tableoid
)

// VarStats is what the estimators know of the variable side of a clause
// (VariableStatData).
type VarStats struct {
	// Stats is the column's pg_statistic entry; nil when there is none.
	Stats *catalog.ColumnStats
	// Type is the variable's exposed type (vardata->vartype).
	Type types.T
	// Tuples and Rows are the relation's tuple count (rel->tuples) and
	// estimated output rows after its restrictions (rel->rows); Tuples <= 0
	// means unknown. Rows is only used by the semijoin estimate, which
	// ignores it when <= 0.
	Tuples float64
	Rows   float64
	// IsUnique is set when a unique index, DISTINCT or GROUP BY makes the
	// variable unique.
	IsUnique bool
	// AttNum is the column's attribute number: negative for system
	// columns, 0 for an expression.
	AttNum int
	// ActualRange, when set, returns the column's current minimum and
	// maximum as read from a btree index (get_actual_variable_range); the
	// histogram estimate uses them in place of stale end bounds.
	ActualRange func() (min, max types.Datum, ok bool)
}

func (v *VarStats) stats() *catalog.ColumnStats {
	if v == nil {
		return nil
	}
	return v.Stats
}

func (v *VarStats) nullFrac() float64 {
	if s := v.stats(); s != nil {
		return s.NullFrac
	}
	return 0
}

func (v *VarStats) varType() types.T {
	if v == nil {
		return types.T{}
	}
	if v.Type.Oid == 0 && v.Stats != nil {
		return v.Stats.Type
	}
	return v.Type
}

// clampProbability is CLAMP_PROBABILITY.
func clampProbability(p float64) float64 {
	if p < 0 {
		return 0
	}
	if p > 1 {
		return 1
	}
	return p
}

// cmpDatum compares a and b, values of type t or of types comparable with
// it: integers, floats and numerics compare by value across those classes
// (as PostgreSQL's cross-type operators do); values of unrelated classes
// never compare equal.
func cmpDatum(t types.T, a, b types.Datum) int {
	switch x := a.(type) {
	case int64:
		switch y := b.(type) {
		case float64:
			return types.FloatCmp(float64(x), y)
		case types.Numeric:
			return types.NumericCmp(types.NumericFromInt64(x), y)
		}
	case float64:
		switch y := b.(type) {
		case int64:
			return types.FloatCmp(x, float64(y))
		case types.Numeric:
			return types.FloatCmp(x, y.Float64())
		}
	case types.Numeric:
		switch y := b.(type) {
		case int64:
			return types.NumericCmp(x, types.NumericFromInt64(y))
		case float64:
			return types.FloatCmp(x.Float64(), y)
		}
	}
	if classOf(a) != classOf(b) {
		if classOf(a) < classOf(b) {
			return -1
		}
		return 1
	}
	return types.Compare(t, a, b)
}

// classOf orders the Go representations of Datums.
func classOf(d types.Datum) int {
	switch d.(type) {
	case bool:
		return 1
	case int64, float64, types.Numeric:
		return 2
	case string:
		return 3
	}
	return 4
}

// GetVariableNumDistinct estimates the number of distinct values of the
// variable, and reports whether the answer is only a default
// (get_variable_numdistinct).
func GetVariableNumDistinct(v *VarStats) (nd float64, isDefault bool) {
	var stadistinct, stanullfrac float64
	switch s := v.stats(); {
	case s != nil:
		stadistinct, stanullfrac = s.Distinct, s.NullFrac
	case v != nil && v.varType().Oid == types.BoolOid:
		stadistinct = 2.0
	case v != nil && v.AttNum == SelfItemPointerAttributeNumber:
		stadistinct = -1.0
	case v != nil && v.AttNum == TableOidAttributeNumber:
		stadistinct = 1.0
	}
	if v != nil && v.IsUnique {
		stadistinct = -1.0 * (1.0 - stanullfrac)
	}
	if stadistinct > 0 {
		return ClampRowEst(stadistinct), false
	}
	if v == nil || v.Tuples <= 0 {
		return DefaultNumDistinct, true
	}
	if stadistinct < 0 {
		return ClampRowEst(-stadistinct * v.Tuples), false
	}
	if v.Tuples < DefaultNumDistinct {
		return ClampRowEst(v.Tuples), false
	}
	return DefaultNumDistinct, true
}

// VarEqConst estimates "var = c" (with negate, "var <> c"); c nil is a
// NULL constant (var_eq_const).
func VarEqConst(v *VarStats, c types.Datum, negate bool) float64 {
	if c == nil {
		return 0
	}
	nullfrac := v.nullFrac()
	s := v.stats()
	var selec float64
	switch {
	case v != nil && v.IsUnique && v.Tuples >= 1.0:
		selec = 1.0 / v.Tuples
	case s != nil:
		t := v.varType()
		match := -1
		for i, m := range s.MCV {
			if m != nil && cmpDatum(t, m, c) == 0 {
				match = i
				break
			}
		}
		if match >= 0 {
			selec = s.MCVFreqs[match]
		} else {
			// Not an MCV: share what the MCVs and NULLs leave among
			// the other distinct values, capped by the least common MCV.
			selec = clampProbability(1.0 - s.SumMCVFreqs() - nullfrac)
			nd, _ := GetVariableNumDistinct(v)
			otherdistinct := nd - float64(len(s.MCVFreqs))
			if otherdistinct > 1 {
				selec /= otherdistinct
			}
			if n := len(s.MCVFreqs); n > 0 && selec > s.MCVFreqs[n-1] {
				selec = s.MCVFreqs[n-1]
			}
		}
	default:
		nd, _ := GetVariableNumDistinct(v)
		selec = 1.0 / nd
	}
	if negate {
		selec = 1.0 - selec - nullfrac
	}
	return clampProbability(selec)
}

// VarEqNonConst estimates "var = expr" where expr's value is not known at
// planning time (var_eq_non_const).
func VarEqNonConst(v *VarStats, negate bool) float64 {
	nullfrac := v.nullFrac()
	s := v.stats()
	var selec float64
	switch {
	case v != nil && v.IsUnique && v.Tuples >= 1.0:
		selec = 1.0 / v.Tuples
	case s != nil:
		selec = 1.0 - nullfrac
		if nd, _ := GetVariableNumDistinct(v); nd > 1 {
			selec /= nd
		}
		if len(s.MCVFreqs) > 0 && selec > s.MCVFreqs[0] {
			selec = s.MCVFreqs[0]
		}
	default:
		nd, _ := GetVariableNumDistinct(v)
		selec = 1.0 / nd
	}
	if negate {
		selec = 1.0 - selec - nullfrac
	}
	return clampProbability(selec)
}

// MCVSelectivity returns the total frequency of the MCVs that satisfy
// pred, and the total frequency of all MCVs (mcv_selectivity).
func MCVSelectivity(v *VarStats, pred func(types.Datum) bool) (mcvSel, sumCommon float64) {
	s := v.stats()
	if s == nil {
		return 0, 0
	}
	for i, m := range s.MCV {
		if pred(m) {
			mcvSel += s.MCVFreqs[i]
		}
		sumCommon += s.MCVFreqs[i]
	}
	return mcvSel, sumCommon
}

// HistogramSelectivity returns the fraction of the histogram entries,
// skipping nSkip at each end, that satisfy pred, and the histogram's size;
// the fraction is -1 when the histogram has fewer than minHistSize entries
// (histogram_selectivity).
func HistogramSelectivity(v *VarStats, pred func(types.Datum) bool, minHistSize, nSkip int) (sel float64, histSize int) {
	s := v.stats()
	if s == nil || len(s.Histogram) == 0 {
		return -1, 0
	}
	histSize = len(s.Histogram)
	if histSize < minHistSize {
		return -1, histSize
	}
	nmatch := 0
	for i := nSkip; i < histSize-nSkip; i++ {
		if pred(s.Histogram[i]) {
			nmatch++
		}
	}
	return float64(nmatch) / float64(histSize-2*nSkip), histSize
}

// ineqHolds evaluates "a OP b" for the inequality selected by isgt and iseq.
func ineqHolds(t types.T, a, b types.Datum, isgt, iseq bool) bool {
	c := cmpDatum(t, a, b)
	switch {
	case isgt && iseq:
		return c >= 0
	case isgt:
		return c > 0
	case iseq:
		return c <= 0
	}
	return c < 0
}

// IneqHistogramSelectivity returns the fraction of the histogram's
// population satisfying "var OP c" (OP <, <=, > or >= by isgt and iseq),
// or -1 when there is no histogram (ineq_histogram_selectivity). cType is
// the constant's type.
func IneqHistogramSelectivity(v *VarStats, isgt, iseq bool, c types.Datum, cType types.T) float64 {
	s := v.stats()
	if s == nil || len(s.Histogram) <= 1 {
		return -1
	}
	t := v.varType()
	if cType.Oid == 0 {
		cType = t
	}
	hist := s.Histogram
	nvalues := len(hist)
	copied := false
	setEnd := func(i int, d types.Datum) {
		if !copied {
			hist = append([]types.Datum(nil), hist...)
			copied = true
		}
		hist[i] = d
	}
	actual := func(wantMin bool) bool {
		if v.ActualRange == nil {
			return false
		}
		mn, mx, ok := v.ActualRange()
		if !ok {
			return false
		}
		if wantMin {
			setEnd(0, mn)
		} else {
			setEnd(nvalues-1, mx)
		}
		return true
	}
	// Binary search for the right end of the bin holding c: the first
	// entry for which the operator succeeds (isgt) or fails (!isgt).
	haveEnd := false
	lobound, hibound := 0, nvalues
	if nvalues == 2 && v.ActualRange != nil {
		if mn, mx, ok := v.ActualRange(); ok {
			setEnd(0, mn)
			setEnd(1, mx)
			haveEnd = true
		}
	}
	for lobound < hibound {
		probe := (lobound + hibound) / 2
		if probe == 0 && nvalues > 2 {
			haveEnd = actual(true)
		} else if probe == nvalues-1 && nvalues > 2 {
			haveEnd = actual(false)
		}
		ltcmp := ineqHolds(t, hist[probe], c, isgt, iseq)
		if isgt {
			ltcmp = !ltcmp
		}
		if ltcmp {
			lobound = probe + 1
		} else {
			hibound = probe
		}
	}
	var histfrac float64
	switch {
	case lobound <= 0:
		histfrac = 0.0 // below the histogram
	case lobound >= nvalues:
		histfrac = 1.0 // above it
	default:
		i := lobound // hist[i-1] <= c <= hist[i]
		eqSelec := 0.0
		if i == 1 || isgt == iseq {
			// Estimate "x = c" as for a non-MCV value.
			otherdistinct, _ := GetVariableNumDistinct(v)
			otherdistinct -= float64(len(s.MCVFreqs))
			if otherdistinct > 1 {
				eqSelec = 1.0 / otherdistinct
			}
		}
		var binfrac float64
		if val, low, high, ok := ConvertToScalar(c, cType, hist[i-1], hist[i], t); ok {
			switch {
			case high <= low:
				binfrac = 0.5
			case val <= low:
				binfrac = 0.0
			case val >= high:
				binfrac = 1.0
			default:
				binfrac = (val - low) / (high - low)
				if math.IsNaN(binfrac) || binfrac < 0.0 || binfrac > 1.0 {
					binfrac = 0.5
				}
			}
		} else {
			binfrac = 0.5
		}
		// i-1 full bins and binfrac of a partial bin lie below c; this
		// estimates "x <= c".
		histfrac = (float64(i-1) + binfrac) / float64(nvalues-1)
		// The first bin is narrower by eqSelec: "x <= leftmost" is eqSelec.
		if i == 1 {
			histfrac += eqSelec * (1.0 - binfrac)
		}
		if isgt == iseq { // "<" or ">="
			histfrac -= eqSelec
		}
	}
	histSelec := histfrac
	if isgt {
		histSelec = 1.0 - histfrac
	}
	// Do not believe extreme estimates unless the end values were current.
	if haveEnd {
		histSelec = clampProbability(histSelec)
	} else {
		cutoff := 0.01 / float64(nvalues-1)
		if histSelec < cutoff {
			histSelec = cutoff
		} else if histSelec > 1.0-cutoff {
			histSelec = 1.0 - cutoff
		}
	}
	return histSelec
}

// ScalarIneqSel estimates "var OP c" for OP <, <=, > or >= chosen by isgt
// and iseq, the variable on the left (scalarineqsel). cType is the
// constant's type (zero for the variable's).
func ScalarIneqSel(v *VarStats, isgt, iseq bool, c types.Datum, cType types.T) float64 {
	s := v.stats()
	if s == nil {
		return DefaultIneqSel
	}
	t := v.varType()
	mcvSel, sumCommon := MCVSelectivity(v, func(m types.Datum) bool { return ineqHolds(t, m, c, isgt, iseq) })
	histSel := IneqHistogramSelectivity(v, isgt, iseq, c, cType)
	selec := 1.0 - s.NullFrac - sumCommon
	if histSel >= 0.0 {
		selec *= histSel
	} else {
		selec *= 0.5 // no histogram: half of the non-MCV values
	}
	selec += mcvSel
	return clampProbability(selec)
}

// ScalarIneqSelectivity estimates "var op c" (or "c op var" when !varOnLeft) for op one
// of <, <=, >, >= (scalarltsel, scalarlesel, scalargtsel, scalargesel);
// isConst is false when the other side is not a constant. A NULL constant
// gives 0.
func ScalarIneqSelectivity(v *VarStats, op string, c types.Datum, cType types.T, isConst, varOnLeft bool) float64 {
	if v == nil || !isConst {
		return DefaultIneqSel
	}
	if c == nil {
		return 0
	}
	var isgt, iseq bool
	switch op {
	case "<":
	case "<=":
		iseq = true
	case ">":
		isgt = true
	case ">=":
		isgt, iseq = true, true
	default:
		return DefaultIneqSel
	}
	if !varOnLeft {
		isgt = !isgt // commute the operator
	}
	if v.varType().Oid == types.DateOid && (cType.Oid == types.TimestampOid || cType.Oid == types.TimestamptzOid) {
		c, cType, iseq = timestampAsDate(c, cType, isgt, iseq)
	}
	return ScalarIneqSel(v, isgt, iseq, c, cType)
}

// timestampAsDate restates "date OP timestamp" as "date OP' date", which
// compares the same rows: dates are midnights, so against a timestamp
// within day d, "< ts" and "<= ts" both mean "<= d", and "> ts" and ">= ts"
// both mean "> d". The statistics hold dates, which a timestamp's
// microseconds would not compare with. (PostgreSQL compares the histogram
// with the cross-type operator itself.) A timestamptz is taken at UTC,
// which is close enough for an estimate.
func timestampAsDate(c types.Datum, cType types.T, isgt, iseq bool) (types.Datum, types.T, bool) {
	us, ok := c.(int64)
	if !ok || us == types.TimestampNoBegin || us == types.TimestampNoEnd {
		return c, cType, iseq
	}
	d := us / types.USecsPerDay
	if us%types.USecsPerDay < 0 {
		d--
	}
	if us%types.USecsPerDay == 0 {
		return d, types.TDate, iseq
	}
	return d, types.TDate, !isgt
}

// RangeQuerySelectivity combines the selectivities of "var > lo" and
// "var < hi" found among a clause list into one for the range, as
// clauselist_selectivity does for a matched pair (v describes var, for the
// NULL correction).
func RangeQuerySelectivity(v *VarStats, lobound, hibound float64) float64 {
	if hibound == DefaultIneqSel || lobound == DefaultIneqSel {
		return DefaultRangeIneqSel // a side punted
	}
	s2 := hibound + lobound - 1.0
	s2 += NullTestSel(v, true) // both sides excluded the NULLs
	if s2 <= 0.0 {
		if s2 < -0.01 {
			s2 = DefaultRangeIneqSel // probably defaults not recognized above
		} else {
			s2 = 1.0e-10 // roundoff in a very tight range
		}
	}
	return s2
}

// NullTestSel estimates "var IS NULL" (isNull) or "var IS NOT NULL"
// (nulltestsel).
func NullTestSel(v *VarStats, isNull bool) float64 {
	var selec float64
	switch s := v.stats(); {
	case s != nil:
		selec = s.NullFrac
		if !isNull {
			selec = 1.0 - s.NullFrac
		}
	case v != nil && v.AttNum < 0:
		// System columns are never NULL.
		selec = 1.0
		if isNull {
			selec = 0.0
		}
	default:
		selec = DefaultNotUnkSel
		if isNull {
			selec = DefaultUnkSel
		}
	}
	return clampProbability(selec)
}

// BoolVarSel estimates a boolean column used as a clause, "var = true"
// (boolvarsel).
func BoolVarSel(v *VarStats) float64 {
	if v.stats() == nil {
		return 0.5
	}
	return VarEqConst(v, true, false)
}

// BoolTestSel estimates "var IS [NOT] TRUE/FALSE/UNKNOWN" (booltestsel).
// Without statistics, IS [NOT] TRUE/FALSE use argSel, the selectivity of
// the argument as a clause (clause_selectivity).
func BoolTestSel(v *VarStats, test nodes.BoolTestType, argSel float64) float64 {
	var selec float64
	s := v.stats()
	switch {
	case s != nil && len(s.MCVFreqs) > 0:
		freqNull := s.NullFrac
		var freqTrue float64
		if b, _ := s.MCV[0].(bool); b {
			freqTrue = s.MCVFreqs[0]
		} else {
			freqTrue = 1.0 - s.MCVFreqs[0] - freqNull
		}
		freqFalse := 1.0 - freqTrue - freqNull
		switch test {
		case nodes.IsUnknown:
			selec = freqNull
		case nodes.IsNotUnknown:
			selec = 1.0 - freqNull
		case nodes.IsTrue:
			selec = freqTrue
		case nodes.IsNotTrue:
			selec = 1.0 - freqTrue
		case nodes.IsFalse:
			selec = freqFalse
		case nodes.IsNotFalse:
			selec = 1.0 - freqFalse
		}
	case s != nil:
		freqNull := s.NullFrac
		switch test {
		case nodes.IsUnknown:
			selec = freqNull
		case nodes.IsNotUnknown:
			selec = 1.0 - freqNull
		case nodes.IsTrue, nodes.IsFalse:
			selec = (1.0 - freqNull) / 2.0
		case nodes.IsNotTrue, nodes.IsNotFalse:
			selec = (freqNull + 1.0) / 2.0
		}
	default:
		switch test {
		case nodes.IsUnknown:
			selec = DefaultUnkSel
		case nodes.IsNotUnknown:
			selec = DefaultNotUnkSel
		case nodes.IsTrue, nodes.IsNotFalse:
			selec = argSel
		case nodes.IsFalse, nodes.IsNotTrue:
			selec = 1.0 - argSel
		}
	}
	return clampProbability(selec)
}

// ConvertToScalar maps value (of valueType) and the histogram bounds lo
// and hi (of boundsType) onto a common numeric scale for interpolation
// (convert_to_scalar): numbers as doubles, dates as microseconds, strings
// as fractions after removing the common prefix of the three. ok is false
// for types it cannot convert.
func ConvertToScalar(value types.Datum, valueType types.T, lo, hi types.Datum, boundsType types.T) (val, low, high float64, ok bool) {
	switch valueType.Oid {
	case types.BoolOid, types.Int2Oid, types.Int4Oid, types.Int8Oid, types.Float4Oid, types.Float8Oid,
		types.NumericOid, types.OidOid, types.RegprocOid, types.RegclassOid, types.RegtypeOid, types.RegnamespaceOid:
		var ok1, ok2, ok3 bool
		val, ok1 = numericToScalar(value, valueType)
		low, ok2 = numericToScalar(lo, boundsType)
		high, ok3 = numericToScalar(hi, boundsType)
		return val, low, high, ok1 && ok2 && ok3
	case types.CharOid, types.BpcharOid, types.VarcharOid, types.TextOid, types.NameOid:
		vs, ok1 := stringDatum(value, valueType)
		ls, ok2 := stringDatum(lo, boundsType)
		hs, ok3 := stringDatum(hi, boundsType)
		if !ok1 || !ok2 || !ok3 {
			return 0, 0, 0, false
		}
		val, low, high = convertStringToScalar(vs, ls, hs)
		return val, low, high, true
	case types.ByteaOid:
		if boundsType.Oid != types.ByteaOid {
			return 0, 0, 0, false
		}
		vs, ok1 := value.(string)
		ls, ok2 := lo.(string)
		hs, ok3 := hi.(string)
		if !ok1 || !ok2 || !ok3 {
			return 0, 0, 0, false
		}
		val, low, high = convertByteaToScalar(vs, ls, hs)
		return val, low, high, true
	case types.DateOid:
		var ok1, ok2, ok3 bool
		val, ok1 = timeToScalar(value, valueType)
		low, ok2 = timeToScalar(lo, boundsType)
		high, ok3 = timeToScalar(hi, boundsType)
		return val, low, high, ok1 && ok2 && ok3
	}
	return 0, 0, 0, false
}

// numericToScalar is convert_numeric_to_scalar.
func numericToScalar(d types.Datum, t types.T) (float64, bool) {
	switch t.Oid {
	case types.BoolOid:
		if b, ok := d.(bool); ok {
			if b {
				return 1, true
			}
			return 0, true
		}
	case types.Int2Oid, types.Int4Oid, types.Int8Oid:
		if v, ok := d.(int64); ok {
			return float64(v), true
		}
	case types.Float4Oid, types.Float8Oid:
		if f, ok := d.(float64); ok {
			return f, true
		}
	case types.NumericOid:
		if n, ok := d.(types.Numeric); ok {
			return n.Float64(), true
		}
	case types.OidOid, types.RegprocOid, types.RegclassOid, types.RegtypeOid, types.RegnamespaceOid:
		if v, ok := d.(int64); ok {
			return float64(uint32(v)), true
		}
	}
	return 0, false
}

// timeToScalar is convert_timevalue_to_scalar for date.
func timeToScalar(d types.Datum, t types.T) (float64, bool) {
	if t.Oid != types.DateOid {
		return 0, false
	}
	v, ok := d.(int64)
	if !ok {
		return 0, false
	}
	switch v {
	case types.DateNoBegin:
		return -math.MaxFloat64, true
	case types.DateNoEnd:
		return math.MaxFloat64, true
	}
	return float64(v) * 86400000000.0, true
}

// stringDatum is convert_string_datum in the "C" collation.
func stringDatum(d types.Datum, t types.T) (string, bool) {
	switch t.Oid {
	case types.CharOid:
		v, ok := d.(int64)
		if !ok {
			return "", false
		}
		if byte(v) == 0 {
			return "", true
		}
		return string([]byte{byte(v)}), true
	case types.BpcharOid, types.VarcharOid, types.TextOid, types.NameOid:
		s, ok := d.(string)
		if i := strings.IndexByte(s, 0); i >= 0 {
			s = s[:i] // C strings end at NUL
		}
		return s, ok
	}
	return "", false
}

// convertStringToScalar is convert_string_to_scalar: the byte range seen
// in the bounds, widened to whole letter and digit ranges (and to printable
// ASCII when narrow), sets the base; the common prefix of the three strings
// is dropped.
func convertStringToScalar(value, lobound, hibound string) (float64, float64, float64) {
	rangelo, rangehi := 0, 0
	if len(hibound) > 0 {
		rangelo, rangehi = int(hibound[0]), int(hibound[0])
	}
	for _, s := range []string{lobound, hibound} {
		for i := 0; i < len(s); i++ {
			c := int(s[i])
			if rangelo > c {
				rangelo = c
			}
			if rangehi < c {
				rangehi = c
			}
		}
	}
	if rangelo <= 'Z' && rangehi >= 'A' {
		rangelo = min(rangelo, 'A')
		rangehi = max(rangehi, 'Z')
	}
	if rangelo <= 'z' && rangehi >= 'a' {
		rangelo = min(rangelo, 'a')
		rangehi = max(rangehi, 'z')
	}
	if rangelo <= '9' && rangehi >= '0' {
		rangelo = min(rangelo, '0')
		rangehi = max(rangehi, '9')
	}
	if rangehi-rangelo < 9 {
		rangelo, rangehi = ' ', 127
	}
	// Strip the common prefix of the three strings.
	i := 0
	for i < len(lobound) && i < len(hibound) && i < len(value) && lobound[i] == hibound[i] && lobound[i] == value[i] {
		i++
	}
	return convertOneStringToScalar(value[i:], rangelo, rangehi),
		convertOneStringToScalar(lobound[i:], rangelo, rangehi),
		convertOneStringToScalar(hibound[i:], rangelo, rangehi)
}

func convertOneStringToScalar(s string, rangelo, rangehi int) float64 {
	slen := len(s)
	if slen <= 0 {
		return 0.0
	}
	if slen > 12 {
		slen = 12
	}
	base := float64(rangehi - rangelo + 1)
	num, denom := 0.0, base
	for i := 0; i < slen; i++ {
		ch := int(s[i])
		if ch < rangelo {
			ch = rangelo - 1
		} else if ch > rangehi {
			ch = rangehi + 1
		}
		num += float64(ch-rangelo) / denom
		denom *= base
	}
	return num
}

// convertByteaToScalar is convert_bytea_to_scalar: base 256 after the
// common prefix.
func convertByteaToScalar(value, lobound, hibound string) (float64, float64, float64) {
	minlen := min(len(value), len(lobound), len(hibound))
	i := 0
	for i < minlen && lobound[i] == hibound[i] && lobound[i] == value[i] {
		i++
	}
	one := func(s string) float64 {
		n := len(s)
		if n <= 0 {
			return 0
		}
		if n > 10 {
			n = 10
		}
		num, denom := 0.0, 256.0
		for j := 0; j < n; j++ {
			num += float64(s[j]) / denom
			denom *= 256
		}
		return num
	}
	return one(value[i:]), one(lobound[i:]), one(hibound[i:])
}

// PatternPrefixStatus says how much of a pattern is a fixed prefix
// (Pattern_Prefix_Status).
type PatternPrefixStatus uint8

// Pattern prefix statuses.
const (
	PatternPrefixNone PatternPrefixStatus = iota
	PatternPrefixPartial
	PatternPrefixExact
)

// Heuristic selectivities of pattern pieces (like_support.c).
const (
	fixedCharSel    = 0.20
	anyCharSel      = 0.9
	fullWildcardSel = 5.0
)

// LikeFixedPrefix returns the fixed prefix of a LIKE (or, with
// caseInsensitive, ILIKE) pattern, whether the pattern is exactly that
// prefix, and the estimated selectivity of the rest (like_fixed_prefix).
func LikeFixedPrefix(pattern string, caseInsensitive bool) (prefix string, status PatternPrefixStatus, restSel float64) {
	var match []byte
	pos := 0
	for ; pos < len(pattern); pos++ {
		c := pattern[pos]
		if c == '%' || c == '_' {
			break
		}
		if c == '\\' {
			pos++
			if pos >= len(pattern) {
				break
			}
			c = pattern[pos]
		}
		// A case-varying character is a kind of wildcard (C locale).
		if caseInsensitive && (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
			break
		}
		match = append(match, c)
	}
	prefix = string(match)
	rest := ""
	if pos < len(pattern) {
		rest = pattern[pos:]
	}
	restSel = LikeSelectivity(rest)
	switch {
	case pos >= len(pattern):
		status = PatternPrefixExact
	case len(match) > 0:
		status = PatternPrefixPartial
	default:
		status = PatternPrefixNone
	}
	return prefix, status, restSel
}

// LikeSelectivity estimates the selectivity of what follows a LIKE
// pattern's fixed prefix (like_selectivity).
func LikeSelectivity(patt string) float64 {
	sel := 1.0
	pos := 0
	for pos < len(patt) && (patt[pos] == '%' || patt[pos] == '_') {
		pos++ // a leading wildcard is already accounted for
	}
	for ; pos < len(patt); pos++ {
		switch patt[pos] {
		case '%':
			sel *= fullWildcardSel
		case '_':
			sel *= anyCharSel
		case '\\':
			pos++
			if pos >= len(patt) {
				break
			}
			sel *= fixedCharSel
		default:
			sel *= fixedCharSel
		}
	}
	if sel > 1.0 {
		sel = 1.0
	}
	return sel
}

// utf8Increment is pg_utf8_increment: make the character c (its UTF-8
// bytes) the next valid character, or report that it is the last.
func utf8Increment(c []byte) bool {
	switch len(c) {
	case 4:
		if c[3] < 0xBF {
			c[3]++
			return true
		}
		fallthrough
	case 3:
		if c[2] < 0xBF {
			c[2]++
			return true
		}
		fallthrough
	case 2:
		limit := byte(0xBF)
		switch c[0] {
		case 0xED:
			limit = 0x9F
		case 0xF4:
			limit = 0x8F
		}
		if c[1] < limit {
			c[1]++
			return true
		}
		fallthrough
	case 1:
		switch c[0] {
		case 0x7F, 0xDF, 0xEF, 0xF4:
			return false
		}
		c[0]++
		return true
	}
	return false
}

// MakeGreaterString returns a string greater than s and than every string
// with prefix s in the "C" collation, under type t's comparison, or false
// (make_greater_string).
func MakeGreaterString(s string, t types.T) (string, bool) {
	work := []byte(s)
	for len(work) > 0 {
		_, size := utf8.DecodeLastRune(work)
		if size < 1 {
			size = 1
		}
		last := work[len(work)-size:]
		for utf8Increment(last) {
			if cand := string(work); cmpDatum(t, s, cand) < 0 {
				return cand, true
			}
		}
		work = work[:len(work)-size]
	}
	return "", false
}

// PrefixSelectivity estimates "var >= prefix AND var < greater(prefix)",
// clamped below by "var = prefix" (prefix_selectivity).
func PrefixSelectivity(v *VarStats, prefix string) float64 {
	t := v.varType()
	prefixsel := IneqHistogramSelectivity(v, true, true, prefix, types.TText)
	if prefixsel < 0.0 {
		return DefaultMatchSel // no histogram
	}
	if greater, ok := MakeGreaterString(prefix, t); ok {
		topsel := IneqHistogramSelectivity(v, false, false, greater, types.TText)
		prefixsel = topsel + prefixsel - 1.0
	}
	eqSel := VarEqConst(v, prefix, false)
	return math.Max(prefixsel, eqSel)
}

// PatternSel estimates "var LIKE pattern" (ILIKE with caseInsensitive;
// NOT LIKE / NOT ILIKE with negate) (patternsel_common for LIKE). match
// evaluates the positive pattern operator on one column value; nil uses a
// built-in LIKE in the "C" collation. A variable of a type LIKE does not
// estimate gets the default selectivity.
func PatternSel(v *VarStats, pattern types.Datum, caseInsensitive, negate bool, match func(types.Datum) bool) float64 {
	result := DefaultMatchSel
	if negate {
		result = 1.0 - DefaultMatchSel
	}
	if v == nil {
		return result
	}
	if pattern == nil {
		return 0
	}
	patt, ok := pattern.(string)
	if !ok {
		return result
	}
	switch v.varType().Oid {
	case types.TextOid, types.VarcharOid, types.NameOid, types.BpcharOid:
	default:
		return result
	}
	if match == nil {
		match = func(d types.Datum) bool {
			s, ok := d.(string)
			return ok && likeMatch(s, patt, caseInsensitive)
		}
	}
	nullfrac := v.nullFrac()
	prefix, status, restSel := LikeFixedPrefix(patt, caseInsensitive)
	if status == PatternPrefixExact {
		result = VarEqConst(v, prefix, false)
	} else {
		// The histogram's matches estimate the non-MCV population when it
		// has 100 entries or more; smaller ones are blended with the
		// prefix-and-rest heuristic.
		selec, histSize := HistogramSelectivity(v, match, 10, 1)
		if histSize < 100 {
			prefixsel := 1.0
			if status == PatternPrefixPartial {
				prefixsel = PrefixSelectivity(v, prefix)
			}
			heursel := prefixsel * restSel
			if selec < 0 {
				selec = heursel
			} else {
				w := float64(histSize) / 100.0
				selec = selec*w + heursel*(1.0-w)
			}
		}
		if selec < 0.0001 {
			selec = 0.0001
		} else if selec > 0.9999 {
			selec = 0.9999
		}
		mcvSel, sumCommon := MCVSelectivity(v, match)
		selec *= 1.0 - nullfrac - sumCommon
		selec += mcvSel
		result = selec
	}
	if negate {
		result = 1.0 - result - nullfrac
	}
	return clampProbability(result)
}

// likeMatch reports whether s matches the LIKE pattern p (backslash
// escapes; with ci, ASCII letters match regardless of case).
func likeMatch(s, p string, ci bool) bool {
	fold := func(r rune) rune {
		if ci && r >= 'A' && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}
	var rec func(s, p string) bool
	rec = func(s, p string) bool {
		for len(p) > 0 {
			pr, psz := utf8.DecodeRuneInString(p)
			switch pr {
			case '%':
				for len(p) > 0 && p[0] == '%' {
					p = p[1:]
				}
				if len(p) == 0 {
					return true
				}
				for {
					if rec(s, p) {
						return true
					}
					if len(s) == 0 {
						return false
					}
					_, ssz := utf8.DecodeRuneInString(s)
					s = s[ssz:]
				}
			case '_':
				if len(s) == 0 {
					return false
				}
				_, ssz := utf8.DecodeRuneInString(s)
				s, p = s[ssz:], p[psz:]
				continue
			case '\\':
				p = p[psz:]
				if len(p) == 0 {
					return false
				}
				pr, psz = utf8.DecodeRuneInString(p)
			}
			if len(s) == 0 {
				return false
			}
			sr, ssz := utf8.DecodeRuneInString(s)
			if fold(sr) != fold(pr) {
				return false
			}
			s, p = s[ssz:], p[psz:]
		}
		return len(s) == 0
	}
	return rec(s, p)
}

// EqJoinSelWithStats estimates the join clause "v1 = v2" (eqjoinsel). For an inner,
// left or full join pass semi false; for a semi or anti join pass semi true
// with v1 the outer (left-hand) side and innerRows the row estimate of the
// join's inner input relation.
func EqJoinSelWithStats(v1, v2 *VarStats, semi bool, innerRows float64) float64 {
	nd1, isdefault1 := GetVariableNumDistinct(v1)
	nd2, isdefault2 := GetVariableNumDistinct(v2)
	s1, s2 := v1.stats(), v2.stats()
	haveMcvs := s1 != nil && s2 != nil && len(s1.MCV) > 0 && len(s2.MCV) > 0
	selecInner := eqJoinSelInner(v1, v2, nd1, nd2, haveMcvs)
	selec := selecInner
	if semi {
		selec = eqJoinSelSemi(v1, v2, nd1, nd2, isdefault1, isdefault2, haveMcvs, innerRows)
		// A semijoin cannot return more rows than the inner join would.
		selec = math.Min(selec, innerRows*selecInner)
	}
	return clampProbability(selec)
}

// matchMCVs pairs equal MCVs of the two lists, each matching at most one
// of the other, comparing only the first n2 entries of the second. pairs
// lists the matches in the order the nested loop finds them.
func matchMCVs(t types.T, m1, m2 []types.Datum, n2 int) (hasmatch1, hasmatch2 []bool, pairs [][2]int) {
	hasmatch1 = make([]bool, len(m1))
	hasmatch2 = make([]bool, n2)
	for i := range m1 {
		for j := 0; j < n2; j++ {
			if hasmatch2[j] {
				continue
			}
			if cmpDatum(t, m1[i], m2[j]) == 0 {
				hasmatch1[i], hasmatch2[j] = true, true
				pairs = append(pairs, [2]int{i, j})
				break
			}
		}
	}
	return hasmatch1, hasmatch2, pairs
}

// eqJoinSelInner is eqjoinsel_inner.
func eqJoinSelInner(v1, v2 *VarStats, nd1, nd2 float64, haveMcvs bool) float64 {
	s1, s2 := v1.stats(), v2.stats()
	if !haveMcvs {
		selec := (1.0 - v1.nullFrac()) * (1.0 - v2.nullFrac())
		if nd1 > nd2 {
			selec /= nd1
		} else {
			selec /= nd2
		}
		return selec
	}
	hasmatch1, hasmatch2, pairs := matchMCVs(v1.varType(), s1.MCV, s2.MCV, len(s2.MCV))
	nmatches := len(pairs)
	matchprodfreq := 0.0
	for _, p := range pairs {
		matchprodfreq += s1.MCVFreqs[p[0]] * s2.MCVFreqs[p[1]]
	}
	matchprodfreq = clampProbability(matchprodfreq)
	var matchfreq1, unmatchfreq1, matchfreq2, unmatchfreq2 float64
	for i, f := range s1.MCVFreqs {
		if hasmatch1[i] {
			matchfreq1 += f
		} else {
			unmatchfreq1 += f
		}
	}
	for i, f := range s2.MCVFreqs {
		if hasmatch2[i] {
			matchfreq2 += f
		} else {
			unmatchfreq2 += f
		}
	}
	matchfreq1, unmatchfreq1 = clampProbability(matchfreq1), clampProbability(unmatchfreq1)
	matchfreq2, unmatchfreq2 = clampProbability(matchfreq2), clampProbability(unmatchfreq2)
	otherfreq1 := clampProbability(1.0 - s1.NullFrac - matchfreq1 - unmatchfreq1)
	otherfreq2 := clampProbability(1.0 - s2.NullFrac - matchfreq2 - unmatchfreq2)
	n1, n2 := float64(len(s1.MCV)), float64(len(s2.MCV))
	m := float64(nmatches)
	totalsel1 := matchprodfreq
	if nd2 > n2 {
		totalsel1 += unmatchfreq1 * otherfreq2 / (nd2 - n2)
	}
	if nd2 > m {
		totalsel1 += otherfreq1 * (otherfreq2 + unmatchfreq2) / (nd2 - m)
	}
	totalsel2 := matchprodfreq
	if nd1 > n1 {
		totalsel2 += unmatchfreq2 * otherfreq1 / (nd1 - n1)
	}
	if nd1 > m {
		totalsel2 += otherfreq2 * (otherfreq1 + unmatchfreq1) / (nd1 - m)
	}
	return math.Min(totalsel1, totalsel2)
}

// eqJoinSelSemi is eqjoinsel_semi; v1 is the outer side.
func eqJoinSelSemi(v1, v2 *VarStats, nd1, nd2 float64, isdefault1, isdefault2, haveMcvs bool, innerRows float64) float64 {
	// nd2 cannot exceed the rows the inner side produces.
	if v2 != nil && v2.Rows > 0 && nd2 >= v2.Rows {
		nd2 = v2.Rows
		isdefault2 = false
	}
	if nd2 >= innerRows {
		nd2 = innerRows
		isdefault2 = false
	}
	nullfrac1 := v1.nullFrac()
	if !haveMcvs {
		if !isdefault1 && !isdefault2 {
			if nd1 <= nd2 || nd2 < 0 {
				return 1.0 - nullfrac1
			}
			return (nd2 / nd1) * (1.0 - nullfrac1)
		}
		return 0.5 * (1.0 - nullfrac1)
	}
	s1, s2 := v1.stats(), v2.stats()
	// If nd2 fell below the MCV count, assume the nd2 most common values
	// are the ones present.
	clamped := len(s2.MCV)
	if float64(clamped) > nd2 {
		clamped = int(nd2)
	}
	hasmatch1, _, pairs := matchMCVs(v1.varType(), s1.MCV, s2.MCV, clamped)
	nmatches := len(pairs)
	matchfreq1 := 0.0
	for i, f := range s1.MCVFreqs {
		if hasmatch1[i] {
			matchfreq1 += f
		}
	}
	matchfreq1 = clampProbability(matchfreq1)
	var uncertainfrac float64
	if !isdefault1 && !isdefault2 {
		nd1 -= float64(nmatches)
		nd2 -= float64(nmatches)
		if nd1 <= nd2 || nd2 < 0 {
			uncertainfrac = 1.0
		} else {
			uncertainfrac = nd2 / nd1
		}
	} else {
		uncertainfrac = 0.5
	}
	uncertain := clampProbability(1.0 - matchfreq1 - nullfrac1)
	return matchfreq1 + uncertainfrac*uncertain
}

// variableRange returns the smallest and largest values ANALYZE saw in a
// column: the histogram's ends, widened by any MCV outside them (PG:
// get_variable_range). ok is false without statistics.
func variableRange(v *VarStats) (lo, hi types.Datum, ok bool) {
	s := v.stats()
	if s == nil {
		return nil, nil, false
	}
	t := v.varType()
	if n := len(s.Histogram); n > 0 {
		lo, hi, ok = s.Histogram[0], s.Histogram[n-1], true
	}
	for _, m := range s.MCV {
		if m == nil {
			continue
		}
		if !ok {
			lo, hi, ok = m, m, true
			continue
		}
		if cmpDatum(t, m, lo) < 0 {
			lo = m
		}
		if cmpDatum(t, hi, m) < 0 {
			hi = m
		}
	}
	return lo, hi, ok
}

// MergeJoinScanSel estimates how much of each input of the merge clause
// "left = right" a merge join reads: the fraction it skips before the first
// possible match (start) and the fraction it has read when the other input
// runs out (end), for inputs sorted ascending or descending (PG:
// mergejoinscansel). Without statistics the whole of both is read.
func MergeJoinScanSel(left, right *VarStats, descending, nullsFirst bool) (leftStart, leftEnd, rightStart, rightEnd float64) {
	leftEnd, rightEnd = 1, 1
	lmin, lmax, lok := variableRange(left)
	rmin, rmax, rok := variableRange(right)
	if !lok || !rok {
		return
	}
	isgt := descending
	if isgt {
		lmin, lmax = lmax, lmin
		rmin, rmax = rmax, rmin
	}
	lt, rt := left.varType(), right.varType()
	// The left input is read up to the right input's last value, and the
	// other way round; only the smaller of the two fractions is real.
	if sel := ScalarIneqSel(left, isgt, true, rmax, rt); sel != DefaultIneqSel {
		leftEnd = sel
	}
	if sel := ScalarIneqSel(right, isgt, true, lmax, lt); sel != DefaultIneqSel {
		rightEnd = sel
	}
	switch {
	case leftEnd > rightEnd:
		leftEnd = 1
	case leftEnd < rightEnd:
		rightEnd = 1
	default:
		leftEnd, rightEnd = 1, 1
	}
	// Values below the other input's first value are skipped before the
	// first match; only the larger skip is real.
	if sel := ScalarIneqSel(left, isgt, false, rmin, rt); sel != DefaultIneqSel {
		leftStart = sel
	}
	if sel := ScalarIneqSel(right, isgt, false, lmin, lt); sel != DefaultIneqSel {
		rightStart = sel
	}
	switch {
	case leftStart < rightStart:
		leftStart = 0
	case leftStart > rightStart:
		rightStart = 0
	default:
		leftStart, rightStart = 0, 0
	}
	if nullsFirst {
		// NULLs sort first and are skipped too.
		if s := left.stats(); s != nil {
			leftStart = clampProbability(leftStart + s.NullFrac)
			leftEnd = clampProbability(leftEnd + s.NullFrac)
		}
		if s := right.stats(); s != nil {
			rightStart = clampProbability(rightStart + s.NullFrac)
			rightEnd = clampProbability(rightEnd + s.NullFrac)
		}
	}
	if leftStart >= leftEnd {
		leftStart, leftEnd = 0, 1
	}
	if rightStart >= rightEnd {
		rightStart, rightEnd = 0, 1
	}
	return
}
