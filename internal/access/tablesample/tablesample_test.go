package tablesample

import (
	"math"
	"testing"

	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/storage"
	"github.com/loomdb/loomdb/internal/types"
)

// drain returns the (block, offset) pairs a sampler picks from a relation
// of nblocks blocks holding perBlock line pointers each.
func drain(s table.Sampler, nblocks uint32, perBlock storage.OffsetNumber) [][2]int {
	var out [][2]int
	for {
		blk, ok := s.NextBlock(nblocks)
		if !ok {
			return out
		}
		for {
			off, ok := s.NextTuple(blk, perBlock)
			if !ok {
				break
			}
			out = append(out, [2]int{int(blk), int(off)})
		}
	}
}

func TestSamplers(t *testing.T) {
	bern, sys := Lookup("bernoulli"), Lookup("system")
	if Lookup("system_rows") != nil {
		t.Fatal("unexpected method system_rows")
	}
	begin := func(m *Method, pct float64, seed uint32) table.Sampler {
		t.Helper()
		s, err := m.Begin([]types.Datum{pct}, seed)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	if n := len(drain(begin(bern, 100, 7), 10, 20)); n != 200 {
		t.Errorf("bernoulli 100%%: %d tuples, want 200", n)
	}
	if n := len(drain(begin(bern, 0, 7), 10, 20)); n != 0 {
		t.Errorf("bernoulli 0%%: %d tuples, want 0", n)
	}
	if n := len(drain(begin(sys, 100, 7), 10, 20)); n != 200 {
		t.Errorf("system 100%%: %d tuples, want 200", n)
	}
	if n := len(drain(begin(sys, 0, 7), 10, 20)); n != 0 {
		t.Errorf("system 0%%: %d tuples, want 0", n)
	}
	// Each tuple is taken exactly when its hash falls below the cutoff.
	seed := Seed(1)
	for _, p := range drain(begin(bern, 50, seed), 30, 40) {
		if h := types.HashUint32s(uint32(p[0]), uint32(p[1]), seed); uint64(h) >= cutoff(50) {
			t.Fatalf("bernoulli took %v with hash %d", p, h)
		}
	}
	got := drain(begin(bern, 50, seed), 30, 40)
	want := 0
	for b := uint32(0); b < 30; b++ {
		for o := uint32(1); o <= 40; o++ {
			if uint64(types.HashUint32s(b, o, seed)) < cutoff(50) {
				want++
			}
		}
	}
	if len(got) != want {
		t.Errorf("bernoulli 50%%: %d tuples, want %d", len(got), want)
	}
	// SYSTEM takes whole blocks.
	perBlock := map[int]int{}
	for _, p := range drain(begin(sys, 30, seed), 50, 9) {
		perBlock[p[0]]++
	}
	for b, n := range perBlock {
		if n != 9 || uint64(types.HashUint32s(uint32(b), seed)) >= cutoff(30) {
			t.Errorf("system took %d tuples of block %d", n, b)
		}
	}
	for _, pct := range []float64{-1, 100.5, math.NaN()} {
		for _, m := range []*Method{bern, sys} {
			_, err := m.Begin([]types.Datum{pct}, 0)
			if pe, ok := pgerror.As(err); !ok || pe.Code != pgerror.InvalidTablesampleArgument || pe.Message != "sample percentage must be between 0 and 100" {
				t.Errorf("%s (%v): error %v", m.Name, pct, err)
			}
		}
	}
}

// TestSampleSize checks the planner's estimates against PostgreSQL 15's
// for tenk1 (345 pages, 10000 rows).
func TestSampleSize(t *testing.T) {
	for _, c := range []struct {
		method        string
		pct           types.Datum
		pages, tuples float64
	}{
		{"bernoulli", 50.0, 345, 5000},
		{"bernoulli", 1.0, 345, 100},
		{"bernoulli", nil, 345, 1000},
		{"bernoulli", 150.0, 345, 1000},
		{"system", 10.0, 34, 1000},
		{"system", 0.0, 1, 1},
		{"system", 1.0, 3, 100},
	} {
		pages, tuples := Lookup(c.method).SampleSize(345, 10000, []types.Datum{c.pct})
		if pages != c.pages || tuples != c.tuples {
			t.Errorf("%s (%v): %v pages %v tuples, want %v %v", c.method, c.pct, pages, tuples, c.pages, c.tuples)
		}
	}
}
