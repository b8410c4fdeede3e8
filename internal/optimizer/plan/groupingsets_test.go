package plan

import (
	"fmt"
	"reflect"
	"testing"
)

func TestExtractRollupSets(t *testing.T) {
	for _, tc := range []struct {
		name string
		sets [][]int
		want [][][]int
	}{
		// ROLLUP (1, 2): one chain, the empty set first.
		{"rollup", [][]int{{}, {1}, {1, 2}}, [][][]int{{{}, {1}, {1, 2}}}},
		// CUBE (1, 2): {1} ⊂ {1,2} make a chain, {2} is left alone.
		{"cube", [][]int{{}, {1}, {2}, {1, 2}}, [][][]int{{{}, {1}, {1, 2}}, {{2}}}},
		// Disjoint sets cannot chain.
		{"sets", [][]int{{1}, {2}}, [][][]int{{{1}}, {{2}}}},
		// A repeated set shares its twin's chain.
		{"repeat", [][]int{{1}, {1}, {1, 2}}, [][][]int{{{1}, {1}, {1, 2}}}},
		// A maximum matching: {1,3} gives {1} up to {1,2} and takes {3}.
		{"matching", [][]int{{1}, {3}, {1, 2}, {1, 3}}, [][][]int{{{1}, {1, 2}}, {{3}, {1, 3}}}},
	} {
		if got := extractRollupSets(tc.sets); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: extractRollupSets(%v) = %v, want %v", tc.name, tc.sets, got, tc.want)
		}
	}
}

func TestReorderGroupingSets(t *testing.T) {
	// Without ORDER BY the sets keep their own order; each is a prefix of
	// the next, longest first.
	got := reorderGroupingSets([][]int{{}, {2}, {2, 1}}, nil)
	if want := [][]int{{2, 1}, {2}, {}}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %v, want %v", got, want)
	}
	// ORDER BY 1, 2 reorders the new columns of a set while it can.
	got = reorderGroupingSets([][]int{{1}, {2, 1, 3}}, []int{1, 3})
	if want := [][]int{{1, 3, 2}, {1}}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestDiscreteKnapsack(t *testing.T) {
	// Capacity 10: the two light items fit, not the heavy one as well.
	got := discreteKnapsack(10, []int{8, 4, 5})
	if want := []bool{false, true, true}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	// Nothing fits.
	got = discreteKnapsack(3, []int{4, 5})
	if want := []bool{false, false}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}
