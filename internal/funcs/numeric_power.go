// numeric_power.go implements numeric ^ numeric and power(numeric,
// numeric) with PostgreSQL's special values, errors and result scales (PG:
// numeric_power, power_var and power_var_int in utils/adt/numeric.c).

package funcs

import (
	"math"
	"math/big"

	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

func errZeroNegativePower() error {
	return pgerror.New(pgerror.InvalidArgumentForPowerFunction, "zero raised to a negative power is undefined")
}

func errComplexPower() error {
	return pgerror.New(pgerror.InvalidArgumentForPowerFunction, "a negative number raised to a non-integer power yields a complex result")
}

// numIsIntegral reports whether finite n has no fractional part.
func numIsIntegral(n types.Numeric) bool {
	c, scale := numCoef(n)
	if scale == 0 {
		return true
	}
	return new(big.Int).Rem(c, pow10Big(int64(scale))).Sign() == 0
}

// numIsOddInteger reports whether finite n is an odd integer.
func numIsOddInteger(n types.Numeric) bool {
	if !numIsIntegral(n) {
		return false
	}
	c, scale := numCoef(n)
	c.Quo(c, pow10Big(int64(scale)))
	return c.Bit(0) == 1
}

// numSign is the sign of n, infinities included (NaN: 0).
func numSign(n types.Numeric) int {
	switch numForm(n) {
	case types.NumericPosInf:
		return 1
	case types.NumericNegInf:
		return -1
	case types.NumericNaN:
		return 0
	}
	return n.Sign()
}

// numCmpInt compares finite n with the integer v.
func numCmpInt(n types.Numeric, v int64) int {
	c, scale := numCoef(n)
	return c.Cmp(new(big.Int).Mul(big.NewInt(v), pow10Big(int64(scale))))
}

func numOne(scale int32) types.Numeric {
	c := pow10Big(int64(scale))
	n, _ := makeNum(c, scale)
	return n
}

// NumericPower is numeric ^ numeric (PG: numeric_power).
func NumericPower(x, y types.Numeric) (types.Numeric, error) {
	fx, fy := numForm(x), numForm(y)
	if fx != types.NumericFinite || fy != types.NumericFinite {
		return numericPowerSpecial(x, y, fx, fy)
	}
	if x.Sign() == 0 && y.Sign() < 0 {
		return types.Numeric{}, errZeroNegativePower()
	}
	if numIsIntegral(y) {
		c, scale := numCoef(y)
		c.Quo(c, pow10Big(int64(scale)))
		if c.IsInt64() && c.Int64() >= math.MinInt32 && c.Int64() <= math.MaxInt32 {
			rscale := clampScale(types.NumericMinSigDigits, x.Scale)
			return powerInt(x, c.Int64(), rscale)
		}
	}
	if x.Sign() == 0 {
		return numZero(types.NumericMinSigDigits), nil
	}
	neg := false
	base := x
	if x.Sign() < 0 {
		if !numIsIntegral(y) {
			return types.Numeric{}, errComplexPower()
		}
		neg = numIsOddInteger(y)
		base = types.NumericAbs(x)
	}
	// A rough exp × ln(base) picks the result's scale and catches
	// certain overflow and underflow.
	lnDweight := estimateLnDweight(base)
	localRscale := max(8-lnDweight, types.NumericMinDisplayScale)
	lowPrec := digitsToBits(localRscale + 40)
	lnBase := hpLog(numToFloat(base, lowPrec+64), lowPrec)
	lnRounded, err := floatToNum(lnBase, int32(localRscale))
	if err != nil {
		return types.Numeric{}, err
	}
	lnNum, err := types.NumericMul(lnRounded, y)
	if err != nil {
		return types.Numeric{}, err
	}
	if lnNum, err = types.NumericRound(lnNum, int32(localRscale)); err != nil {
		return types.Numeric{}, err
	}
	val := lnNum.Float64()
	if math.Abs(val) > types.NumericMaxResultScale*3.01 {
		if val > 0 {
			return types.Numeric{}, errNumericOverflow()
		}
		return numZero(types.NumericMaxDisplayScale), nil
	}
	lnVal := val
	val *= 0.434294481903252
	rscale := clampScale(types.NumericMinSigDigits-int(val), base.Scale, y.Scale)
	sigDigits := max(int(rscale)+int(val), 0)
	prec := digitsToBits(sigDigits + int(math.Abs(val)) + 40)
	// exp() itself refuses arguments of NUMERIC_MAX_RESULT_SCALE × 3 and
	// more, and gives zero below minus that (PG: exp_var).
	if math.Abs(lnVal) >= types.NumericMaxResultScale*3 {
		if lnVal > 0 {
			return types.Numeric{}, errNumericOverflow()
		}
		return numZero(rscale), nil
	}
	t := hpLog(numToFloat(base, prec+64), prec+64)
	t.Mul(t, numToFloat(y, prec+64))
	r, err := floatToNum(hpExp(t, prec), rscale)
	if err != nil {
		return types.Numeric{}, err
	}
	if neg && r.Sign() != 0 {
		r = types.NumericNeg(r)
	}
	return r, nil
}

// numericPowerSpecial is numeric_power with a NaN or infinite operand:
// POSIX pow()'s rules.
func numericPowerSpecial(x, y types.Numeric, fx, fy types.NumericForm) (types.Numeric, error) {
	if fx == types.NumericNaN {
		if fy == types.NumericFinite && y.Sign() == 0 {
			return numOne(0), nil
		}
		return types.NumericNaNValue, nil
	}
	if fy == types.NumericNaN {
		if fx == types.NumericFinite && numCmpInt(x, 1) == 0 {
			return numOne(0), nil
		}
		return types.NumericNaNValue, nil
	}
	sx, sy := numSign(x), numSign(y)
	if sx == 0 && sy < 0 {
		return types.Numeric{}, errZeroNegativePower()
	}
	if sx < 0 && fy == types.NumericFinite && !numIsIntegral(y) {
		return types.Numeric{}, errComplexPower()
	}
	if fx == types.NumericFinite && numCmpInt(x, 1) == 0 {
		return numOne(0), nil
	}
	if sy == 0 {
		return numOne(0), nil
	}
	if sx == 0 && sy > 0 {
		return numZero(0), nil
	}
	if fy != types.NumericFinite {
		absGtOne := true
		if fx == types.NumericFinite {
			if numCmpInt(x, -1) == 0 {
				return numOne(0), nil
			}
			absGtOne = numCmpInt(types.NumericAbs(x), 1) > 0
		}
		if absGtOne == (sy > 0) {
			return types.NumericPosInfValue, nil
		}
		return numZero(0), nil
	}
	if fx == types.NumericPosInf {
		if sy > 0 {
			return types.NumericPosInfValue, nil
		}
		return numZero(0), nil
	}
	// x is -Infinity, y finite and nonzero.
	if sy < 0 {
		return numZero(0), nil
	}
	if numIsOddInteger(y) {
		return types.NumericNegInfValue, nil
	}
	return types.NumericPosInfValue, nil
}

// exactPowerDigits bounds the size of an integer power computed exactly.
const exactPowerDigits = 200000

// powerInt is base ^ exp for an int32 exp, rounded half away from zero
// to rscale (PG: power_var_int). It is computed exactly when the power is
// of reasonable size, else in binary floating point with a margin of
// digits beyond those the result keeps.
func powerInt(base types.Numeric, exp int64, rscale int32) (types.Numeric, error) {
	c, scale := numCoef(base)
	switch {
	case exp == 0:
		return numOne(rscale), nil
	case c.Sign() == 0:
		if exp < 0 {
			return types.Numeric{}, divByZero()
		}
		return numZero(rscale), nil
	}
	if exp != 1 && exp != -1 && exp != 2 {
		// log10 of the result, for the early overflow and underflow tests.
		f := float64(exp) * log10Num(c, scale)
		if f > 3*math.MaxInt16*4 {
			return types.Numeric{}, errNumericOverflow()
		}
		if f+1 < -float64(rscale) || f+1 < -types.NumericMaxDisplayScale {
			return numZero(rscale), nil
		}
	}
	n := exp
	if n < 0 {
		n = -n
	}
	digits := int64(len(new(big.Int).Abs(c).String()))
	if digits*n <= exactPowerDigits && int64(scale)*n <= exactPowerDigits {
		p := new(big.Int).Exp(c, big.NewInt(n), nil) // p × 10^-(scale n)
		pscale := int64(scale) * n
		if exp > 0 {
			// Round p × 10^-pscale to rscale.
			if shift := pscale - int64(rscale); shift > 0 {
				p = divRoundHalfAway(p, pow10Big(shift))
			} else if shift < 0 {
				p.Mul(p, pow10Big(-shift))
			}
			return makeNum(p, rscale)
		}
		// 1 / (p × 10^-pscale) = 10^pscale / p, at rscale.
		num := pow10Big(pscale + int64(rscale))
		neg := p.Sign() < 0
		p.Abs(p)
		q := divRoundHalfAway(num, p)
		if neg {
			q.Neg(q)
		}
		return makeNum(q, rscale)
	}
	f := float64(exp) * log10Num(c, scale)
	sig := int(rscale) + int(math.Abs(f)) + 40
	prec := digitsToBits(sig)
	b := numToFloat(base, prec+64)
	r := hpNew(prec + 64).SetInt64(1)
	sq := hpNew(prec + 64).Set(b)
	for m := n; m > 0; m >>= 1 {
		if m&1 == 1 {
			r.Mul(r, sq)
		}
		if m > 1 {
			sq.Mul(sq, sq)
		}
	}
	if exp < 0 {
		r.Quo(hpNew(prec+64).SetInt64(1), r)
	}
	return floatToNum(r, rscale)
}

// log10Num is about log10 |c × 10^-scale| for c != 0.
func log10Num(c *big.Int, scale int32) float64 {
	s := new(big.Int).Abs(c).String()
	lead := s
	if len(lead) > 17 {
		lead = lead[:17]
	}
	f, _ := new(big.Float).SetString(lead)
	lf, _ := f.Float64()
	return math.Log10(lf) + float64(len(s)-len(lead)) - float64(scale)
}
