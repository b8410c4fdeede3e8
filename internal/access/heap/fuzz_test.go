package heap

import (
	"testing"

	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/types"
	"github.com/loomdb/loomdb/internal/vector"
)

// FuzzDeformTuple checks that arbitrary tuple bytes give values or an error,
// never a crash.
func FuzzDeformTuple(f *testing.F) {
	ts := []types.T{types.TInt4, types.TText, types.TName, types.TNumeric, types.TInt8, types.TBool}
	desc := descOf(ts...)
	infos, _ := attInfos(desc)
	n, _ := types.ParseNumeric("12.5")
	tup, _ := formTuple(infos, []types.Datum{int64(1), "some text", "nm", n, nil, true})
	f.Add(tup)
	f.Fuzz(func(t *testing.T, raw []byte) {
		if checkTupleHeader(raw) != nil {
			return
		}
		_, _ = deformAll(infos, raw)
		d, _ := newDeformer(infos, []int{5, 3, 1})
		b := vector.NewBatch([]types.T{types.TBool, types.TNumeric, types.TText}, 1)
		_ = d.appendTo(raw, table.TID{Block: 0, Offset: 1}, b)
	})
}
