package executor_test

import (
	"context"
	"fmt"
	"math/rand"
	"testing"

	"github.com/loomdb/loomdb/internal/executor"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/plannodes"
)

// TestExternalSort sorts input many times work_mem, checking that the
// external merge returns exactly what the in-memory sort returns (equal
// keys in input order), that a bound cuts it short, and that a rescan
// merges the runs again.
func TestExternalSort(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	rows := genRows(rng, 20000, 300, 0.1, 0)
	in := valuesPlan(rowTypes, rows)
	keys := []struct {
		cols       []int
		desc, nfst []bool
	}{
		{[]int{2}, []bool{false}, []bool{false}},
		{[]int{3, 2}, []bool{true, false}, []bool{true, false}},
		{[]int{4, 3}, []bool{false, true}, []bool{true, true}},
	}
	for _, k := range keys {
		p := sortPlan(in, rowTypes, k.cols, k.desc, k.nfst)
		want := drain(t, p, newES(1<<20))
		ps, err := executor.ExecInitNode(p, newES(64))
		if err != nil {
			t.Fatal(err)
		}
		got := drainState(t, ps)
		sameOrder(t, "external sort", got, want)
		ss := ps.(*executor.SortState)
		method, kb, space := ss.SortStats()
		if method != "external merge" || space != "Disk" || kb <= 0 {
			t.Errorf("Sort Method: %s  %s: %dkB; want external merge on disk", method, space, kb)
		}
		if err := ps.ReScan(context.Background()); err != nil {
			t.Fatal(err)
		}
		sameOrder(t, "external sort after rescan", drainState(t, ps), want)
		if err := ps.End(); err != nil {
			t.Fatal(err)
		}

		// A bound larger than work_mem holds: the merge stops after it.
		lim := &plannodes.Limit{LimitCount: &nodes.Const{Type: rowTypes[0], Value: int64(15000), Location: -1}}
		lim.Lefttree = p
		lim.TargetList = varsOf(nodes.OuterVar, rowTypes)
		sameOrder(t, "bounded external sort", drain(t, lim, newES(64)), want[:15000])
	}
}

// TestHashAggSpill aggregates many more groups than fit in work_mem: the
// groups must equal the oracle's, however many times the table spilled,
// whether the planner's estimate was close or far too low, and a rescan
// must aggregate the input again.
func TestHashAggSpill(t *testing.T) {
	rng := rand.New(rand.NewSource(11))
	rows := genAggRows(rng, 60000, 40000)
	for _, est := range []float64{10, 40000} {
		for _, having := range []bool{false, true} {
			p := aggPlan(plannodes.AggHashed, 2, having, valuesPlan(aggInTypes, rows))
			p.NumGroups = est
			want := oracleAgg(rows, 2, having, false)
			ps, err := executor.ExecInitNode(p, newES(64))
			if err != nil {
				t.Fatal(err)
			}
			name := fmt.Sprintf("estimate %v, having %v", est, having)
			sameRows(t, name, drainState(t, ps), want)
			as := ps.(*executor.AggState)
			batches, memKB, ok := as.HashAggStats()
			if !ok || batches < 2 || as.HashAggDiskKB() <= 0 {
				t.Errorf("%s: %d batches, %dkB disk; want a spill", name, batches, as.HashAggDiskKB())
			}
			t.Logf("%s: %d batches, %dkB memory, %dkB disk", name, batches, memKB, as.HashAggDiskKB())
			// hash_mem is 128kB: the table keeps within it, give or take
			// the last groups admitted.
			if memKB > 200 {
				t.Errorf("%s: peak memory %dkB with hash_mem 128kB", name, memKB)
			}
			if err := ps.ReScan(context.Background()); err != nil {
				t.Fatal(err)
			}
			sameRows(t, name+" after rescan", drainState(t, ps), want)
			if err := ps.End(); err != nil {
				t.Fatal(err)
			}
		}
	}
}
