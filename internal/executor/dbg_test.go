package executor_test

import (
	"math/rand"
	"testing"

	"github.com/loomdb/loomdb/internal/executor"
	"github.com/loomdb/loomdb/internal/plannodes"
	"github.com/loomdb/loomdb/internal/types"
)

func TestDbg(t *testing.T) {
	rng := rand.New(rand.NewSource(13))
	outer := genTypedRows(rng, 250, 0)
	inner := genTypedRows(rng, 300, 100000)
	key := 1
	kt := typedCols[key]
	want := 0
	for _, o := range outer {
		for _, i := range inner {
			if o[key] != nil && i[key] != nil && types.Compare(kt, o[key], i[key]) == 0 {
				want++
			}
		}
	}
	for _, wm := range []int64{1, 2, 8, 16, 32, 64} {
		p := typedJoin("hj", plannodes.JoinInner, key, outer, inner)
		ps, _ := executor.ExecInitNode(p, newES(wm))
		got := drainState(t, ps)
		t.Logf("wm %d: got %d want %d  %s", wm, len(got), want, hashInfo(ps))
		ps.End()
	}
}
