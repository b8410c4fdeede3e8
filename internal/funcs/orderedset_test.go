// Tests for the final steps of the ordered-set and hypothetical-set
// aggregates over sorted inputs; expected values come from PostgreSQL 15.
package funcs

import (
	"math"
	"testing"

	"github.com/loomdb/loomdb/internal/types"
)

// orderedSetFinal returns the final step of aggregate name whose declared
// arguments are args.
func orderedSetFinal(t *testing.T, name string, args ...types.Oid) OrderedFinal {
	t.Helper()
	for _, f := range FuncsByName(name) {
		if f.Agg != nil && f.Agg.IsOrderedSet() && len(f.Args) == len(args) {
			same := true
			for i := range args {
				same = same && f.Args[i] == args[i]
			}
			if same {
				return f.Agg.OrderedFinal
			}
		}
	}
	t.Fatalf("no ordered-set aggregate %s%v", name, args)
	return nil
}

// sortedFloats is the sorted input of float8 values vs (nil for NULL),
// NULLs last.
func sortedFloats(vs ...any) *SortedInput {
	in := &SortedInput{Types: []types.T{types.TFloat8}, Compare: func(a, b []types.Datum) int {
		switch {
		case a[0] == nil && b[0] == nil:
			return 0
		case a[0] == nil:
			return 1
		case b[0] == nil:
			return -1
		}
		return types.Compare(types.TFloat8, a[0], b[0])
	}}
	for _, v := range vs {
		var d types.Datum
		if v != nil {
			d = float64(v.(int))
		}
		in.Rows = append(in.Rows, []types.Datum{d})
	}
	return in
}

func TestOrderedSetFinals(t *testing.T) {
	f8, f8a, anyEl := types.Float8Oid, float8ArrayOid, types.AnyElementOid
	cont := orderedSetFinal(t, "percentile_cont", f8, f8)
	contMulti := orderedSetFinal(t, "percentile_cont", f8a, f8)
	disc := orderedSetFinal(t, "percentile_disc", f8, anyEl)
	discMulti := orderedSetFinal(t, "percentile_disc", f8a, anyEl)
	mode := orderedSetFinal(t, "mode", anyEl)
	rank := orderedSetFinal(t, "rank", types.AnyOid)
	denseRank := orderedSetFinal(t, "dense_rank", types.AnyOid)
	percentRank := orderedSetFinal(t, "percent_rank", types.AnyOid)
	cumeDist := orderedSetFinal(t, "cume_dist", types.AnyOid)
	arr := func(ps ...any) types.Array {
		var elems []types.Datum
		for _, p := range ps {
			elems = append(elems, p)
		}
		return types.ArrayFromElems(types.TFloat8, elems)
	}
	in := sortedFloats(1, 2, 4, 4, 10)
	empty := sortedFloats()
	withNull := sortedFloats(1, 4, 5, 5, nil)
	cases := []struct {
		name   string
		final  OrderedFinal
		in     *SortedInput
		direct []types.Datum
		want   string
		err    string
	}{
		{"cont median", cont, in, []types.Datum{0.5}, "4", ""},
		{"cont interpolated", cont, in, []types.Datum{0.1}, "1.4", ""},
		{"cont ends", cont, in, []types.Datum{1.0}, "10", ""},
		{"cont NULL fraction", cont, in, []types.Datum{nil}, "NULL", ""},
		{"cont empty", cont, empty, []types.Datum{0.5}, "NULL", ""},
		{"cont checks on empty input", cont, empty, []types.Datum{1.5}, "", "22003 percentile value 1.5 is not between 0 and 1"},
		{"cont multi", contMulti, in, []types.Datum{arr(0.0, nil, 0.1, 1.0)}, "{1,NULL,1.4,10}", ""},
		{"cont multi empty array", contMulti, in, []types.Datum{arr()}, "{}", ""},
		{"cont multi no check on empty input", contMulti, empty, []types.Datum{arr(2.0)}, "NULL", ""},
		{"cont multi NaN", contMulti, in, []types.Datum{arr(0.5, 1.0, math.NaN())}, "", "22003 percentile value NaN is not between 0 and 1"},
		{"disc", disc, in, []types.Datum{0.5}, "4", ""},
		{"disc zero", disc, in, []types.Datum{0.0}, "1", ""},
		{"disc just above a step", disc, in, []types.Datum{0.41}, "4", ""},
		{"disc out of range", disc, in, []types.Datum{-1e-7}, "", "22003 percentile value -1e-07 is not between 0 and 1"},
		{"disc multi", discMulti, in, []types.Datum{arr(0.9, nil, 0.2)}, "{10,NULL,1}", ""},
		{"mode ties take the first", mode, sortedFloats(1, 1, 2, 2, 3), nil, "1", ""},
		{"mode", mode, in, nil, "4", ""},
		{"mode empty", mode, empty, nil, "NULL", ""},
		{"rank", rank, withNull, []types.Datum{5.0}, "3", ""},
		{"rank NULL last", rank, withNull, []types.Datum{nil}, "5", ""},
		{"dense_rank", denseRank, withNull, []types.Datum{5.0}, "3", ""},
		{"dense_rank NULL", denseRank, withNull, []types.Datum{nil}, "4", ""},
		{"percent_rank", percentRank, withNull, []types.Datum{4.5}, "0.4", ""},
		{"percent_rank empty", percentRank, empty, []types.Datum{4.5}, "0", ""},
		{"cume_dist", cumeDist, withNull, []types.Datum{5.0}, "0.8333333333333334", ""},
		{"rank empty", rank, empty, []types.Datum{1.0}, "1", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d, err := c.final(c.in, c.direct)
			if got := errString(err); got != c.err {
				t.Fatalf("error %q, want %q", got, c.err)
			}
			if err != nil {
				return
			}
			got := "NULL"
			if d != nil {
				switch d.(type) {
				case types.Array:
					got = types.Out(types.T{Oid: float8ArrayOid, Typmod: -1}, d)
				case float64:
					got = types.Out(types.TFloat8, d)
				default:
					got = types.Out(types.TInt8, d)
				}
			}
			if got != c.want {
				t.Errorf("got %s, want %s", got, c.want)
			}
		})
	}
}
