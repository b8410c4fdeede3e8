// numeric_glue.go adapts the types package's numeric arithmetic to operator
// implementations.

package funcs

import "github.com/loomdb/loomdb/internal/types"

func numericAdd(a, b types.Numeric) (types.Numeric, error) { return types.NumericAdd(a, b) }
func numericSub(a, b types.Numeric) (types.Numeric, error) { return types.NumericSub(a, b) }
func numericMul(a, b types.Numeric) (types.Numeric, error) { return types.NumericMul(a, b) }
func numericDiv(a, b types.Numeric) (types.Numeric, error) { return types.NumericDiv(a, b) }
func numericMod(a, b types.Numeric) (types.Numeric, error) { return types.NumericMod(a, b) }
func numericNeg(a types.Numeric) types.Numeric             { return types.NumericNeg(a) }
