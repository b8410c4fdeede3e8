package executor_test

import (
	"context"
	"fmt"
	"math/rand"
	"testing"

	"github.com/loomdb/loomdb/internal/executor"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/plannodes"
	"github.com/loomdb/loomdb/internal/types"
)

// adjacentDistinct keeps the first of each run of rows equal on cols.
func adjacentDistinct(rows [][]types.Datum, cols []int) [][]types.Datum {
	var out [][]types.Datum
	last := ""
	for i, r := range rows {
		var key []types.Datum
		for _, c := range cols {
			key = append(key, r[c-1])
		}
		k := rowString(key)
		if i == 0 || k != last {
			out = append(out, r)
		}
		last = k
	}
	return out
}

func TestGroupAndUnique(t *testing.T) {
	rng := rand.New(rand.NewSource(5))
	for _, n := range []int{0, 1, 50, 3000} {
		for _, domain := range []int{2, 40, 5000} {
			rows := genAggRows(rng, n, domain)
			desc := []bool{rng.Intn(2) == 0, rng.Intn(2) == 0, false}
			nf := []bool{rng.Intn(2) == 0, rng.Intn(2) == 0, true}
			sorted := drain(t, sortPlan(valuesPlan(aggInTypes, rows), aggInTypes, []int{1, 2, 3}, desc, nf), newES(0))

			t.Run(fmt.Sprintf("group/n%d/d%d", n, domain), func(t *testing.T) {
				g := &plannodes.Group{GrpColIdx: []int{1, 2}}
				g.Lefttree = sortPlan(valuesPlan(aggInTypes, rows), aggInTypes, []int{1, 2, 3}, desc, nf)
				g.TargetList = varsOf(nodes.OuterVar, aggInTypes[:2])
				g.Qual = []nodes.Expr{&nodes.NullTest{Arg: vr(nodes.OuterVar, 1, types.TInt8), IsNot: true}}
				var want [][]types.Datum
				for _, r := range adjacentDistinct(sorted, []int{1, 2}) {
					if r[0] != nil {
						want = append(want, r[:2])
					}
				}
				sameOrder(t, "group", drain(t, g, newES(0)), want)
				// Distinct keys overall, as a multiset.
				seen := map[string]bool{}
				var keys [][]types.Datum
				for _, r := range rows {
					if k := rowString(r[:2]); !seen[k] && r[0] != nil {
						seen[k] = true
						keys = append(keys, r[:2])
					}
				}
				sameRows(t, "group keys", want, keys)
			})
			t.Run(fmt.Sprintf("unique/n%d/d%d", n, domain), func(t *testing.T) {
				u := &plannodes.Unique{UniqColIdx: []int{1, 2, 3}}
				u.Lefttree = sortPlan(valuesPlan(aggInTypes, rows), aggInTypes, []int{1, 2, 3}, desc, nf)
				u.TargetList = varsOf(nodes.OuterVar, aggInTypes)
				sameOrder(t, "unique", drain(t, u, newES(0)), adjacentDistinct(sorted, []int{1, 2, 3}))
			})
		}
	}
}

func TestAppend(t *testing.T) {
	rng := rand.New(rand.NewSource(6))
	var children []plannodes.Plan
	var want [][]types.Datum
	for i, n := range []int{0, 1500, 0, 3, 1024, 0} {
		rows := genRows(rng, n, 5, 0.2, int64(i)*10000)
		want = append(want, rows...)
		children = append(children, valuesPlan(rowTypes, rows))
	}
	a := &plannodes.Append{Appendplans: children}
	a.TargetList = varsOf(nodes.OuterVar, rowTypes)
	sameOrder(t, "append", drain(t, a, newES(0)), want)
	empty := &plannodes.Append{}
	if got := drain(t, empty, newES(0)); len(got) != 0 {
		t.Fatalf("empty Append returned %d rows", len(got))
	}
	// Rescan after a partial read.
	ps, err := executor.ExecInitNode(a, newES(0))
	if err != nil {
		t.Fatal(err)
	}
	defer ps.End()
	ctx := context.Background()
	for i := 0; i < 2; i++ {
		if _, err := ps.Exec(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if err := ps.ReScan(ctx); err != nil {
		t.Fatal(err)
	}
	sameOrder(t, "append after rescan", drainState(t, ps), want)
}

func TestMaterial(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	rows := genRows(rng, 2500, 5, 0.2, 0)
	m := &plannodes.Material{}
	m.Lefttree = valuesPlan(rowTypes, rows)
	m.TargetList = varsOf(nodes.OuterVar, rowTypes)
	ps, err := executor.ExecInitNode(m, newES(0))
	if err != nil {
		t.Fatal(err)
	}
	defer ps.End()
	ctx := context.Background()
	// Partial read, rescan, full read, rescan, full read.
	if b, err := ps.Exec(ctx); err != nil || b == nil {
		t.Fatal(b, err)
	}
	for i := 0; i < 3; i++ {
		if err := ps.ReScan(ctx); err != nil {
			t.Fatal(err)
		}
		sameOrder(t, fmt.Sprintf("material pass %d", i), drainState(t, ps), rows)
	}
}
