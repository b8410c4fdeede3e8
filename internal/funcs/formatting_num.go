// formatting_num.go: to_char for numeric, integer and floating-point
// values with the numeric template patterns 9 0 . , D G FM S MI PL SG PR
// RN TH EEEE V L B (PG: utils/adt/formatting.c, the NUM half). The locale
// is C: the decimal point is ".", the group separator ",", the currency
// symbol a blank.

package funcs

import (
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

// Numeric template patterns (PG: NUM_poz).
const (
	numComma = iota
	numDec
	num0
	num9
	numB
	numC
	numD
	numE
	numFM
	numG
	numL
	numMI
	numPL
	numPR
	numRN
	numSG
	numSP
	numS
	numTH
	numV
	num_rn
	num_th
)

var numKeywords = []fmtKeyword{
	{name: ",", id: numComma}, {name: ".", id: numDec}, {name: "0", id: num0}, {name: "9", id: num9},
	{name: "B", id: numB}, {name: "C", id: numC}, {name: "D", id: numD}, {name: "EEEE", id: numE},
	{name: "FM", id: numFM}, {name: "G", id: numG}, {name: "L", id: numL}, {name: "MI", id: numMI},
	{name: "PL", id: numPL}, {name: "PR", id: numPR}, {name: "RN", id: numRN}, {name: "SG", id: numSG},
	{name: "SP", id: numSP}, {name: "S", id: numS}, {name: "TH", id: numTH}, {name: "V", id: numV},
	{name: "b", id: numB}, {name: "c", id: numC}, {name: "d", id: numD}, {name: "eeee", id: numE},
	{name: "fm", id: numFM}, {name: "g", id: numG}, {name: "l", id: numL}, {name: "mi", id: numMI},
	{name: "pl", id: numPL}, {name: "pr", id: numPR}, {name: "rn", id: num_rn}, {name: "sg", id: numSG},
	{name: "sp", id: numSP}, {name: "s", id: numS}, {name: "th", id: num_th}, {name: "v", id: numV},
}

var numIndex = buildKeywordIndex(numKeywords)

// Flags of a numeric template (PG: NUM_F_*).
const (
	numFDecimal = 1 << (iota + 1)
	numFLDecimal
	numFZero
	numFBlank
	numFFillMode
	numFLSign
	numFBracket
	numFMinus
	numFPlus
	numFRoman
	numFMulti
	numFPlusPost
	numFMinusPost
	numFEEEE
)

// Where the S pattern puts the sign.
const (
	lsignPre  = -1
	lsignNone = 0
	lsignPost = 1
)

// numDesc describes a numeric template: digits before and after the
// decimal point, flags, the sign position and the V multiplier (PG:
// NUMDesc).
type numDesc struct {
	pre, post, lsign, flag, preLsignNum, multi, zeroStart, zeroEnd int
}

func (d *numDesc) has(f int) bool { return d.flag&f != 0 }

func errNumSyntax(msg string) *pgerror.Error { return pgerror.New(pgerror.SyntaxError, msg) }

// prepare records pattern key in d, refusing bad combinations (PG:
// NUMDesc_prepare).
func (d *numDesc) prepare(key *fmtKeyword) error {
	if d.has(numFEEEE) && key.id != numE {
		return errNumSyntax("\"EEEE\" must be the last pattern used")
	}
	switch key.id {
	case num9:
		if d.has(numFBracket) {
			return errNumSyntax("\"9\" must be ahead of \"PR\"")
		}
		if d.has(numFMulti) {
			d.multi++
			break
		}
		if d.has(numFDecimal) {
			d.post++
		} else {
			d.pre++
		}
	case num0:
		if d.has(numFBracket) {
			return errNumSyntax("\"0\" must be ahead of \"PR\"")
		}
		if !d.has(numFZero) && !d.has(numFDecimal) {
			d.flag |= numFZero
			d.zeroStart = d.pre + 1
		}
		if !d.has(numFDecimal) {
			d.pre++
		} else {
			d.post++
		}
		d.zeroEnd = d.pre + d.post
	case numB:
		if d.pre == 0 && d.post == 0 && !d.has(numFZero) {
			d.flag |= numFBlank
		}
	case numD, numDec:
		if key.id == numD {
			d.flag |= numFLDecimal
		}
		if d.has(numFDecimal) {
			return errNumSyntax("multiple decimal points")
		}
		if d.has(numFMulti) {
			return errNumSyntax("cannot use \"V\" and decimal point together")
		}
		d.flag |= numFDecimal
	case numFM:
		d.flag |= numFFillMode
	case numS:
		if d.has(numFLSign) {
			return errNumSyntax("cannot use \"S\" twice")
		}
		if d.has(numFPlus) || d.has(numFMinus) || d.has(numFBracket) {
			return errNumSyntax("cannot use \"S\" and \"PL\"/\"MI\"/\"SG\"/\"PR\" together")
		}
		if !d.has(numFDecimal) {
			d.lsign = lsignPre
			d.preLsignNum = d.pre
			d.flag |= numFLSign
		} else if d.lsign == lsignNone {
			d.lsign = lsignPost
			d.flag |= numFLSign
		}
	case numMI:
		if d.has(numFLSign) {
			return errNumSyntax("cannot use \"S\" and \"MI\" together")
		}
		d.flag |= numFMinus
		if d.has(numFDecimal) {
			d.flag |= numFMinusPost
		}
	case numPL:
		if d.has(numFLSign) {
			return errNumSyntax("cannot use \"S\" and \"PL\" together")
		}
		d.flag |= numFPlus
		if d.has(numFDecimal) {
			d.flag |= numFPlusPost
		}
	case numSG:
		if d.has(numFLSign) {
			return errNumSyntax("cannot use \"S\" and \"SG\" together")
		}
		d.flag |= numFMinus | numFPlus
	case numPR:
		if d.has(numFLSign) || d.has(numFPlus) || d.has(numFMinus) {
			return errNumSyntax("cannot use \"PR\" and \"S\"/\"PL\"/\"MI\"/\"SG\" together")
		}
		d.flag |= numFBracket
	case numRN, num_rn:
		d.flag |= numFRoman
	case numV:
		if d.has(numFDecimal) {
			return errNumSyntax("cannot use \"V\" and decimal point together")
		}
		d.flag |= numFMulti
	case numE:
		if d.has(numFEEEE) {
			return errNumSyntax("cannot use \"EEEE\" twice")
		}
		if d.has(numFBlank) || d.has(numFFillMode) || d.has(numFLSign) || d.has(numFBracket) ||
			d.has(numFMinus) || d.has(numFPlus) || d.has(numFRoman) || d.has(numFMulti) {
			return errNumSyntax("\"EEEE\" is incompatible with other formats").
				WithDetail("\"EEEE\" may only be used together with digit and decimal point patterns.")
		}
		d.flag |= numFEEEE
	}
	return nil
}

type numFormatEntry struct {
	nodes []fmtNode
	desc  numDesc
}

var numCache struct {
	sync.Mutex
	m map[string]numFormatEntry
}

// numFormat parses a numeric template, caching the result.
func numFormat(f string) ([]fmtNode, numDesc, error) {
	numCache.Lock()
	e, ok := numCache.m[f]
	numCache.Unlock()
	if ok {
		return e.nodes, e.desc, nil
	}
	var d numDesc
	nodes, err := parseFormat(f, &d)
	if err != nil {
		return nil, d, err
	}
	numCache.Lock()
	if numCache.m == nil || len(numCache.m) >= 256 {
		numCache.m = map[string]numFormatEntry{}
	}
	numCache.m[f] = numFormatEntry{nodes, d}
	numCache.Unlock()
	return nodes, d, nil
}

var (
	romanOnes     = []string{"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"}
	romanTens     = []string{"X", "XX", "XXX", "XL", "L", "LX", "LXX", "LXXX", "XC"}
	romanHundreds = []string{"C", "CC", "CCC", "CD", "D", "DC", "DCC", "DCCC", "CM"}
)

// intToRoman writes 1 to 3999 in Roman numerals, anything else as 15 '#'.
func intToRoman(n int64) string {
	if n > 3999 || n < 1 {
		return strings.Repeat("#", 15)
	}
	var b strings.Builder
	b.WriteString(strings.Repeat("M", int(n/1000)))
	for _, p := range []struct {
		div   int64
		names []string
	}{{100, romanHundreds}, {10, romanTens}, {1, romanOnes}} {
		if d := n / p.div % 10; d > 0 {
			b.WriteString(p.names[d-1])
		}
	}
	return b.String()
}

// hashFill is the number of a value too wide for its template: '#' for
// every digit, with the decimal point after the integer digits.
func hashFill(d *numDesc) string {
	b := []byte(strings.Repeat("#", d.pre+d.post+1))
	b[d.pre] = '.'
	return string(b)
}

// splitSign takes the sign off a printed number.
func splitSign(s string) (string, byte) {
	if strings.HasPrefix(s, "-") {
		return s[1:], '-'
	}
	return s, '+'
}

// padInfo computes the blank digits before a printed number, or replaces
// a number too wide for the template with '#'.
func padInfo(numstr string, d *numDesc) (string, int) {
	preLen := len(numstr)
	if k := strings.IndexByte(numstr, '.'); k >= 0 {
		preLen = k
	}
	switch {
	case preLen < d.pre:
		return numstr, d.pre - preLen
	case preLen > d.pre:
		return hashFill(d), 0
	}
	return numstr, 0
}

// numericOutSci prints a finite numeric in scientific notation with scale
// digits after the point, rounding half away from zero (PG:
// numeric_out_sci).
func numericOutSci(v types.Numeric, scale int) string {
	s, sign := splitSign(v.String())
	intPart, frac := s, ""
	if k := strings.IndexByte(s, '.'); k >= 0 {
		intPart, frac = s[:k], s[k+1:]
	}
	all := intPart + frac
	first := strings.IndexFunc(all, func(r rune) bool { return r != '0' })
	exp := 0
	var sig []byte
	if first < 0 {
		sig = []byte(strings.Repeat("0", scale+1))
	} else {
		exp = len(intPart) - 1 - first
		sig = []byte(all[first:])
		if len(sig) > scale+1 {
			up := sig[scale+1] >= '5'
			sig = sig[:scale+1]
			if up {
				k := len(sig) - 1
				for ; k >= 0 && sig[k] == '9'; k-- {
					sig[k] = '0'
				}
				if k < 0 {
					sig = append([]byte{'1'}, sig...)
				} else {
					sig[k]++
				}
			}
		}
		for len(sig) < scale+1 {
			sig = append(sig, '0')
		}
	}
	var b strings.Builder
	if sign == '-' && first >= 0 {
		b.WriteByte('-')
	}
	ip := len(sig) - scale
	b.Write(sig[:ip])
	if scale > 0 {
		b.WriteByte('.')
		b.Write(sig[ip:])
	}
	b.WriteByte('e')
	if exp < 0 {
		b.WriteByte('-')
		exp = -exp
	} else {
		b.WriteByte('+')
	}
	if exp < 10 {
		b.WriteByte('0')
	}
	b.WriteString(strconv.Itoa(exp))
	return b.String()
}

// eeeeSpecial is the EEEE number of NaN or an infinity.
func eeeeSpecial(d *numDesc) string {
	b := []byte(strings.Repeat("#", d.pre+d.post+6))
	b[0] = ' '
	b[d.pre+1] = '.'
	return string(b)
}

// pgFormatF prints v with prec decimals as PostgreSQL's snprintf %f
// does, which spells the special values NaN, Infinity and -Infinity.
func pgFormatF(v float64, prec int) string {
	switch {
	case math.IsNaN(v):
		return "NaN"
	case math.IsInf(v, 1):
		return "Infinity"
	case math.IsInf(v, -1):
		return "-Infinity"
	}
	return strconv.FormatFloat(v, 'f', prec, 64)
}

// eeeeFloat is "%+.*e" with the plus sign turned into a blank.
func eeeeFloat(v float64, post int) string {
	s := strconv.FormatFloat(v, 'e', post, 64)
	if s[0] != '-' {
		s = " " + s
	}
	return s
}

// floatNumstr prepares a float for the processor: at most digits
// significant digits are printed (DBL_DIG or FLT_DIG).
func floatNumstr(val float64, d *numDesc, digits int) (string, int, byte) {
	preLen := len(pgFormatF(math.Abs(val), 0))
	if preLen >= digits {
		d.post = 0
	} else if preLen+d.post > digits {
		d.post = digits - preLen
	}
	numstr, sign := splitSign(pgFormatF(val, d.post))
	numstr, ops := padInfo(numstr, d)
	return numstr, ops, sign
}

// numToChar runs a numeric to_char: prep turns the value into the digit
// string for the parsed template (PG: NUM_TOCHAR_prepare and _finish).
func numToChar(f string, prep func(d *numDesc) (numstr string, outPreSpaces int, sign byte, err error)) (types.Datum, error) {
	if f == "" {
		return "", nil
	}
	nodes, desc, err := numFormat(f)
	if err != nil {
		return nil, err
	}
	d := desc
	numstr, ops, sign, err := prep(&d)
	if err != nil {
		return nil, err
	}
	out, err := numProcess(nodes, &d, numstr, ops, sign)
	if err != nil {
		return nil, err
	}
	// A NUL written by the processor ends the text, as in C.
	if k := strings.IndexByte(out, 0); k >= 0 {
		out = out[:k]
	}
	return out, nil
}

func romanOf(n int64) (string, int, byte, error) { return intToRoman(n), 0, 0, nil }

func numericToChar(v types.Numeric, f string) (types.Datum, error) {
	return numToChar(f, func(d *numDesc) (string, int, byte, error) {
		switch {
		case d.has(numFRoman):
			if v.IsNaN() {
				return "", 0, 0, pgerror.New(pgerror.FeatureNotSupported, "cannot convert NaN to integer")
			}
			if v.IsInf(0) {
				return "", 0, 0, pgerror.New(pgerror.FeatureNotSupported, "cannot convert infinity to integer")
			}
			i, ok := v.Int64Round()
			if !ok || i > math.MaxInt32 || i < math.MinInt32 {
				return "", 0, 0, pgerror.New(pgerror.NumericValueOutOfRange, "integer out of range")
			}
			return romanOf(i)
		case d.has(numFEEEE):
			if v.IsSpecial() {
				return eeeeSpecial(d), 0, 0, nil
			}
			s := numericOutSci(v, d.post)
			if s[0] != '-' {
				s = " " + s
			}
			return s, 0, 0, nil
		}
		val := v
		if d.has(numFMulti) {
			p, err := types.ParseNumeric("1" + strings.Repeat("0", d.multi))
			if err != nil {
				return "", 0, 0, err
			}
			if val, err = types.NumericMul(v, p); err != nil {
				return "", 0, 0, err
			}
			d.pre += d.multi
		}
		x, err := types.NumericRound(val, int32(d.post))
		if err != nil {
			return "", 0, 0, err
		}
		numstr, sign := splitSign(x.String())
		numstr, ops := padInfo(numstr, d)
		return numstr, ops, sign, nil
	})
}

// intNumstr prepares a printed integer: zeros after the decimal point,
// blanks before it.
func intNumstr(orgnum string, d *numDesc) (string, int, byte) {
	numstr, sign := splitSign(orgnum)
	preLen := len(numstr)
	if d.post > 0 {
		numstr += "." + strings.Repeat("0", d.post)
	}
	switch {
	case preLen < d.pre:
		return numstr, d.pre - preLen, sign
	case preLen > d.pre:
		return hashFill(d), 0, sign
	}
	return numstr, 0, sign
}

func int4ToChar(v int64, f string) (types.Datum, error) {
	return numToChar(f, func(d *numDesc) (string, int, byte, error) {
		switch {
		case d.has(numFRoman):
			return romanOf(v)
		case d.has(numFEEEE):
			return eeeeFloat(float64(v), d.post), 0, 0, nil
		}
		orgnum := strconv.FormatInt(v, 10)
		if d.has(numFMulti) {
			// The multiplier is an int32, as C's (int32) pow(10, n):
			// past its range the conversion gives INT_MIN.
			p := math.Pow(10, float64(d.multi))
			m := int32(math.MinInt32)
			if p <= math.MaxInt32 {
				m = int32(p)
			}
			orgnum = strconv.FormatInt(int64(int32(v)*m), 10)
			d.pre += d.multi
		}
		numstr, ops, sign := intNumstr(orgnum, d)
		return numstr, ops, sign, nil
	})
}

func errBigintRange() error {
	return pgerror.New(pgerror.NumericValueOutOfRange, "bigint out of range")
}

func int8ToChar(v int64, f string) (types.Datum, error) {
	return numToChar(f, func(d *numDesc) (string, int, byte, error) {
		switch {
		case d.has(numFRoman):
			if v > math.MaxInt32 || v < math.MinInt32 {
				return "", 0, 0, pgerror.New(pgerror.NumericValueOutOfRange, "integer out of range")
			}
			return romanOf(v)
		case d.has(numFEEEE):
			s := numericOutSci(types.NumericFromInt64(v), d.post)
			if s[0] != '-' {
				s = " " + s
			}
			return s, 0, 0, nil
		}
		if d.has(numFMulti) {
			p := math.Pow(10, float64(d.multi))
			if p >= 9223372036854775807 {
				return "", 0, 0, errBigintRange()
			}
			m := int64(p)
			r := v * m
			if v != 0 && (r/m != v || (v == -1 && m == math.MinInt64)) {
				return "", 0, 0, errBigintRange()
			}
			v = r
			d.pre += d.multi
		}
		numstr, ops, sign := intNumstr(strconv.FormatInt(v, 10), d)
		return numstr, ops, sign, nil
	})
}

// floatRoman rounds a float to the nearest integer for RN; NaN and values
// outside int32 print as '#'.
func floatRoman(v float64) (string, int, byte, error) {
	r := math.RoundToEven(v)
	if math.IsNaN(r) || r < math.MinInt32 || r >= -math.MinInt32 {
		return romanOf(math.MaxInt32)
	}
	return romanOf(int64(r))
}

func float8ToChar(v float64, f string) (types.Datum, error) {
	return numToChar(f, func(d *numDesc) (string, int, byte, error) {
		switch {
		case d.has(numFRoman):
			return floatRoman(v)
		case d.has(numFEEEE):
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return eeeeSpecial(d), 0, 0, nil
			}
			return eeeeFloat(v, d.post), 0, 0, nil
		}
		val := v
		if d.has(numFMulti) {
			val = v * math.Pow(10, float64(d.multi))
			d.pre += d.multi
		}
		numstr, ops, sign := floatNumstr(val, d, 15)
		return numstr, ops, sign, nil
	})
}

func float4ToChar(v float64, f string) (types.Datum, error) {
	return numToChar(f, func(d *numDesc) (string, int, byte, error) {
		switch {
		case d.has(numFRoman):
			return floatRoman(v)
		case d.has(numFEEEE):
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return eeeeSpecial(d), 0, 0, nil
			}
			return eeeeFloat(v, d.post), 0, 0, nil
		}
		val := v
		if d.has(numFMulti) {
			// float4 arithmetic, as in C.
			val = float64(float32(v) * float32(math.Pow(10, float64(d.multi))))
			d.pre += d.multi
		}
		numstr, ops, sign := floatNumstr(val, d, 6)
		return numstr, ops, sign, nil
	})
}

// numProc is the state of one numeric to_char (PG: NUMProc).
type numProc struct {
	d            *numDesc
	sign         byte
	signWrote    bool
	numCount     int
	numIn        bool
	numCurr      int
	outPreSpaces int
	number       string
	numberP      int
	lastRelevant int // index into number, -1 for none
	out          []byte
}

// cur is the digit-string character at numberP, 0 past its end.
func (np *numProc) cur() byte {
	if np.numberP < len(np.number) {
		return np.number[np.numberP]
	}
	return 0
}

func (np *numProc) lastRelevantIsPoint() bool {
	return np.lastRelevant >= 0 && np.lastRelevant < len(np.number) && np.number[np.lastRelevant] == '.'
}

// isPredecSpace: a lone zero before the decimal point prints as a blank.
func (np *numProc) isPredecSpace() bool {
	return !np.d.has(numFZero) && np.numberP == 0 && len(np.number) > 0 && np.number[0] == '0' && np.d.post != 0
}

// numpartToChar writes the sign when due, then a digit, blank, zero or
// the decimal point for a 9, 0, . or D pattern (PG:
// NUM_numpart_to_char).
func (np *numProc) numpartToChar(id int) {
	d := np.d
	if d.has(numFRoman) {
		return
	}
	fm := d.has(numFFillMode)
	np.numIn = false
	if !np.signWrote &&
		(np.numCurr >= np.outPreSpaces || (d.has(numFZero) && d.zeroStart == np.numCurr)) &&
		(!np.isPredecSpace() || np.lastRelevantIsPoint()) {
		switch {
		case d.has(numFLSign):
			if d.lsign == lsignPre {
				if np.sign == '-' {
					np.out = append(np.out, '-')
				} else {
					np.out = append(np.out, '+')
				}
				np.signWrote = true
			}
		case d.has(numFBracket):
			if np.sign == '+' {
				np.out = append(np.out, ' ')
			} else {
				np.out = append(np.out, '<')
			}
			np.signWrote = true
		case np.sign == '+':
			if !fm {
				np.out = append(np.out, ' ')
			}
			np.signWrote = true
		case np.sign == '-':
			np.out = append(np.out, '-')
			np.signWrote = true
		}
	}

	if id == num9 || id == num0 || id == numD || id == numDec {
		switch {
		case np.numCurr < np.outPreSpaces && (d.zeroStart > np.numCurr || !d.has(numFZero)):
			if !fm {
				np.out = append(np.out, ' ')
			}
		case d.has(numFZero) && np.numCurr < np.outPreSpaces && d.zeroStart <= np.numCurr:
			np.out = append(np.out, '0')
			np.numIn = true
		default:
			if np.cur() == '.' {
				if !np.lastRelevantIsPoint() || fm {
					np.out = append(np.out, '.')
				}
			} else {
				switch {
				case np.lastRelevant >= 0 && np.numberP > np.lastRelevant && id != num0:
				case np.isPredecSpace():
					if !fm {
						np.out = append(np.out, ' ')
					} else if np.lastRelevantIsPoint() {
						np.out = append(np.out, '0')
					}
				default:
					np.out = append(np.out, np.cur())
					np.numIn = true
				}
			}
			if np.numberP < len(np.number) {
				np.numberP++
			}
		}
		end := np.numCount
		if np.outPreSpaces > 0 {
			end++
		}
		if d.has(numFDecimal) {
			end++
		}
		if np.lastRelevant >= 0 && np.lastRelevant == np.numberP {
			end = np.numCurr
		}
		if np.numCurr+1 == end {
			if np.signWrote && d.has(numFBracket) {
				if np.sign == '+' {
					np.out = append(np.out, ' ')
				} else {
					np.out = append(np.out, '>')
				}
			} else if d.has(numFLSign) && d.lsign == lsignPost {
				if np.sign == '-' {
					np.out = append(np.out, '-')
				} else {
					np.out = append(np.out, '+')
				}
			}
		}
	}
	np.numCurr++
}

// lastRelevantDecimal is the index of the last nonzero digit after the
// decimal point, the point itself when there is none, -1 without a point
// (PG: get_last_relevant_decnum).
func lastRelevantDecimal(num string) int {
	p := strings.IndexByte(num, '.')
	if p < 0 {
		return -1
	}
	r := p
	for k := p + 1; k < len(num); k++ {
		if num[k] != '0' {
			r = k
		}
	}
	return r
}

// numProcess prints number by the template (PG: NUM_processor for
// to_char).
func numProcess(nodes []fmtNode, d *numDesc, number string, outPreSpaces int, sign byte) (string, error) {
	np := &numProc{d: d, number: number, lastRelevant: -1}
	if d.zeroStart > 0 {
		d.zeroStart--
	}
	if d.has(numFEEEE) {
		return number, nil
	}
	if d.has(numFRoman) {
		d.lsign, d.preLsignNum, d.post, d.pre = 0, 0, 0, 0
		outPreSpaces, sign = 0, 0
		d.flag &= numFFillMode
		d.flag |= numFRoman
	}
	np.sign = sign
	if d.has(numFPlus) || d.has(numFMinus) {
		// MI, PL and SG write the sign themselves.
		np.signWrote = !(d.has(numFPlus) && !d.has(numFMinus))
	} else {
		if np.sign != '-' && d.has(numFFillMode) {
			d.flag &^= numFBracket
		}
		np.signWrote = np.sign == '+' && d.has(numFFillMode) && !d.has(numFLSign)
		if d.lsign == lsignPre && d.pre == d.preLsignNum {
			d.lsign = lsignPost
		}
	}
	np.numCount = d.post + d.pre - 1
	np.outPreSpaces = outPreSpaces
	if d.has(numFFillMode) && d.has(numFDecimal) {
		np.lastRelevant = lastRelevantDecimal(number)
		// Digits of 0 patterns are never stripped.
		if np.lastRelevant >= 0 && d.zeroEnd > np.outPreSpaces {
			lastZero := min(len(number)-1, d.zeroEnd-np.outPreSpaces)
			if np.lastRelevant < lastZero {
				np.lastRelevant = lastZero
			}
		}
	}
	if !np.signWrote && np.outPreSpaces == 0 {
		np.numCount++
	}
	fm := d.has(numFFillMode)
	for i := range nodes {
		n := &nodes[i]
		if n.typ != fmtAction {
			np.out = append(np.out, n.char...)
			continue
		}
		switch n.key.id {
		case num9, num0, numDec, numD:
			np.numpartToChar(n.key.id)
		case numComma, numG:
			switch {
			case np.numIn:
				np.out = append(np.out, ',')
			case !fm:
				np.out = append(np.out, ' ')
			}
		case numL:
			np.out = append(np.out, ' ')
		case numRN, num_rn:
			s := np.number[min(np.numberP, len(np.number)):]
			if n.key.id == num_rn {
				s = asciiLower(s)
			}
			if !fm && len(s) < 15 {
				s = strings.Repeat(" ", 15-len(s)) + s
			}
			np.out = append(np.out, s...)
		case numTH, num_th:
			if d.has(numFRoman) || (len(np.number) > 0 && np.number[0] == '#') || np.sign == '-' || d.has(numFDecimal) {
				continue
			}
			b, err := appendTH([]byte(np.number), 0, n.key.id == numTH)
			if err != nil {
				return "", err
			}
			np.out = append(np.out, b[len(np.number):]...)
		case numMI:
			switch {
			case np.sign == '-':
				np.out = append(np.out, '-')
			case !fm:
				np.out = append(np.out, ' ')
			}
		case numPL:
			switch {
			case np.sign == '+':
				np.out = append(np.out, '+')
			case !fm:
				np.out = append(np.out, ' ')
			}
		case numSG:
			np.out = append(np.out, np.sign)
		}
	}
	return string(np.out), nil
}

func init() {
	t := types.TextOid
	for _, c := range []struct {
		arg  types.Oid
		impl func(a []types.Datum) (types.Datum, error)
	}{
		{types.NumericOid, func(a []types.Datum) (types.Datum, error) { return numericToChar(a[0].(types.Numeric), a[1].(string)) }},
		{types.Int4Oid, func(a []types.Datum) (types.Datum, error) { return int4ToChar(a[0].(int64), a[1].(string)) }},
		{types.Int8Oid, func(a []types.Datum) (types.Datum, error) { return int8ToChar(a[0].(int64), a[1].(string)) }},
		{types.Float4Oid, func(a []types.Datum) (types.Datum, error) { return float4ToChar(a[0].(float64), a[1].(string)) }},
		{types.Float8Oid, func(a []types.Datum) (types.Datum, error) { return float8ToChar(a[0].(float64), a[1].(string)) }},
	} {
		stableFn("to_char", []types.Oid{c.arg, t}, t, c.impl)
	}
}
