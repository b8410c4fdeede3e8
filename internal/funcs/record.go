// record.go registers the comparison operators of the anonymous record
// type and of record[] (PG: record_eq, record_ne, record_lt, ...,
// btrecordcmp in utils/adt/rowtypes.c, and array_eq and its kin over
// record[]): records compare column by column, two NULL columns equal and
// a NULL after any value.

package funcs

import (
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

func init() {
	for _, c := range cmpNames {
		c := c
		registerOp(c.op, types.RecordOid, types.RecordOid, types.BoolOid, "record_"+c.suffix, func(a []types.Datum) (types.Datum, error) {
			if err := checkRecordColumns(a[0], a[1], c.op == "=" || c.op == "<>"); err != nil {
				return nil, err
			}
			return c.test(types.Compare(types.TRecord, a[0], a[1])), nil
		})
	}
	for _, c := range cmpNames {
		c := c
		registerOp(c.op, types.RecordArrayOid, types.RecordArrayOid, types.BoolOid, "array_"+c.suffix, func(a []types.Datum) (types.Datum, error) {
			return c.test(types.Compare(types.TRecordArray, a[0], a[1])), nil
		})
	}
}

// checkRecordColumns refuses to compare records whose columns cannot be
// compared: columns of type unknown (untyped literals in ROW(...)),
// different numbers of columns or dissimilar column types (PG:
// record_eq's and record_cmp's checks).
func checkRecordColumns(x, y types.Datum, equality bool) error {
	a, ok1 := x.(types.Record)
	b, ok2 := y.(types.Record)
	if !ok1 || !ok2 {
		return nil
	}
	for i := 0; i < len(a.Types) && i < len(b.Types); i++ {
		ta, tb := a.Types[i], b.Types[i]
		if ta.Oid != tb.Oid {
			return pgerror.Newf(pgerror.DatatypeMismatch, "cannot compare dissimilar column types %s and %s at record column %d",
				types.FormatType(ta), types.FormatType(tb), i+1)
		}
		if ta.Oid == types.UnknownOid {
			if equality {
				return pgerror.New(pgerror.UndefinedFunction, "could not identify an equality operator for type unknown")
			}
			return pgerror.New(pgerror.UndefinedFunction, "could not identify a comparison function for type unknown")
		}
	}
	if len(a.Types) != len(b.Types) {
		return pgerror.New(pgerror.DatatypeMismatch, "cannot compare record types with different numbers of columns")
	}
	return nil
}
