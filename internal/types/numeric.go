package types

import "github.com/cockroachdb/apd/v3"

// Numeric is a PostgreSQL numeric value. Finite values whose coefficient fits
// in an int64 use the fast form Coef × 10^-Scale; others keep an apd.Decimal in
// Big. Scale is always the display scale (PG's dscale), so 1.50 and 1.5 differ
// in Scale but compare equal. Special values (NaN, ±Infinity) set Form.
type Numeric struct {
	Coef  int64
	Scale int32
	Big   *apd.Decimal
	Form  NumericForm
}

// NumericForm tells finite numerics from PostgreSQL's special values.
type NumericForm uint8

const (
	NumericFinite NumericForm = iota
	NumericNaN
	NumericPosInf
	NumericNegInf
)
