package executor_test

import (
	"fmt"
	"math"
	"math/rand"
	"testing"

	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/plannodes"
	"github.com/loomdb/loomdb/internal/types"
)

// Keys of every value class, with values that are equal without being
// identical: 1.5 and 1.50, 0 and -0, NaNs, 'a' and 'a  ' as character(3).
var typedCols = []types.T{types.TInt8, types.TFloat8, types.TNumeric, types.TBool, {Oid: types.BpcharOid, Typmod: 7}, types.TInt8}

func numeric(s string) types.Numeric {
	n, err := types.ParseNumeric(s)
	if err != nil {
		panic(err)
	}
	return n
}

func genTypedRows(rng *rand.Rand, n int, idBase int64) [][]types.Datum {
	floats := []float64{0, math.Copysign(0, -1), 1.5, math.NaN(), math.Inf(1), -2.25}
	nums := []types.Numeric{numeric("1.5"), numeric("1.50"), numeric("0"), numeric("NaN"), numeric("-7.125"), numeric("123456789012345678901234567890.5")}
	chars := []string{"a", "a  ", "b", "", "  "}
	rows := make([][]types.Datum, n)
	for i := range rows {
		r := []types.Datum{idBase + int64(i), nil, nil, nil, nil, int64(rng.Intn(10))}
		if rng.Intn(8) > 0 {
			r[1] = floats[rng.Intn(len(floats))]
		}
		if rng.Intn(8) > 0 {
			r[2] = nums[rng.Intn(len(nums))]
		}
		if rng.Intn(8) > 0 {
			r[3] = rng.Intn(2) == 0
		}
		if rng.Intn(8) > 0 {
			r[4] = chars[rng.Intn(len(chars))]
		}
		rows[i] = r
	}
	return rows
}

// TestTypedKeys joins and groups on keys of each type, spilling the hash
// join so that every type goes through the temporary-file encoding.
func TestTypedKeys(t *testing.T) {
	rng := rand.New(rand.NewSource(13))
	outer := genTypedRows(rng, 160, 0)
	inner := genTypedRows(rng, 200, 100000)
	for key := 1; key <= 4; key++ {
		kt := typedCols[key]
		eq := func(a, b types.Datum) bool { return a != nil && b != nil && types.Compare(kt, a, b) == 0 }
		for _, jt := range allJoinTypes {
			// Oracle.
			var want [][]types.Datum
			nulls := make([]types.Datum, len(typedCols))
			im := make([]bool, len(inner))
			for _, o := range outer {
				m := false
				for ii, i := range inner {
					if eq(o[key], i[key]) {
						m, im[ii] = true, true
						if jt != plannodes.JoinSemi && jt != plannodes.JoinAnti {
							want = append(want, append(append([]types.Datum{}, o...), i...))
						}
					}
				}
				switch {
				case !m && (jt == plannodes.JoinLeft || jt == plannodes.JoinFull):
					want = append(want, append(append([]types.Datum{}, o...), nulls...))
				case m && jt == plannodes.JoinSemi, !m && jt == plannodes.JoinAnti:
					want = append(want, o)
				}
			}
			if jt == plannodes.JoinRight || jt == plannodes.JoinFull {
				for ii, i := range inner {
					if !im[ii] {
						want = append(want, append(append([]types.Datum{}, nulls...), i...))
					}
				}
			}
			for _, node := range []string{"hj", "mj"} {
				t.Run(fmt.Sprintf("%s/key%d/%s", node, key, jt), func(t *testing.T) {
					p := typedJoin(node, jt, key, outer, inner)
					// A 1kB work_mem makes the hash join spill.
					got := drain(t, p, newES(1))
					sameRows(t, "typed join", normalize(got), normalize(want))
				})
			}
		}
		for _, strategy := range []plannodes.AggStrategy{plannodes.AggSorted, plannodes.AggHashed} {
			t.Run(fmt.Sprintf("agg%d/key%d", strategy, key), func(t *testing.T) {
				var input plannodes.Plan = valuesPlan(typedCols, outer)
				if strategy == plannodes.AggSorted {
					input = sortPlan(input, typedCols, []int{key + 1}, []bool{false}, []bool{false})
				}
				a := &plannodes.Agg{Strategy: strategy, GrpColIdx: []int{key + 1}, NumGroups: 5}
				a.Lefttree = input
				cnt := aggref("count", nil)
				a.Aggs = []*nodes.Aggref{cnt}
				a.TargetList = []*nodes.TargetEntry{{Expr: cnt, ResNo: 1}}
				counts := map[string]int64{}
				var order []string
				for _, r := range outer {
					k := "NULL"
					if r[key] != nil {
						k = canonical(kt, r[key])
					}
					if _, ok := counts[k]; !ok {
						order = append(order, k)
					}
					counts[k]++
				}
				var want [][]types.Datum
				for _, k := range order {
					want = append(want, []types.Datum{counts[k]})
				}
				sameRows(t, "typed groups", drain(t, a, newES(0)), want)
			})
		}
	}
}

func typedJoin(node string, jt plannodes.JoinType, key int, outer, inner [][]types.Datum) plannodes.Plan {
	kt := typedCols[key]
	j := plannodes.Join{JoinType: jt}
	if jt == plannodes.JoinSemi || jt == plannodes.JoinAnti {
		j.TargetList = varsOf(nodes.OuterVar, typedCols)
	} else {
		j.TargetList = append(varsOf(nodes.OuterVar, typedCols), varsOf(nodes.InnerVar, typedCols)...)
	}
	clause := opExpr("=", vr(nodes.OuterVar, key+1, kt), vr(nodes.InnerVar, key+1, kt))
	op, ip := valuesPlan(typedCols, outer), valuesPlan(typedCols, inner)
	if node == "mj" {
		j.Lefttree = sortPlan(op, typedCols, []int{key + 1}, []bool{true}, []bool{true})
		j.Righttree = sortPlan(ip, typedCols, []int{key + 1}, []bool{true}, []bool{true})
		return &plannodes.MergeJoin{Join: j, MergeClauses: []nodes.Expr{clause}, MergeDescending: []bool{true}, MergeNullsFirst: []bool{true}}
	}
	h := &plannodes.Hash{HashKeys: []nodes.Expr{vr(nodes.OuterVar, key+1, kt)}}
	h.Lefttree = ip
	h.TargetList = varsOf(nodes.OuterVar, typedCols)
	j.Lefttree = op
	j.Righttree = h
	return &plannodes.HashJoin{Join: j, HashClauses: []nodes.Expr{clause}, OuterHashKeys: []nodes.Expr{vr(nodes.OuterVar, key+1, kt)}}
}

// canonical returns a key's value up to equality.
func canonical(t types.T, d types.Datum) string {
	switch v := d.(type) {
	case float64:
		if v == 0 {
			return "0"
		}
		if math.IsNaN(v) {
			return "NaN"
		}
	case types.Numeric:
		return fmt.Sprint(types.HashNumeric(v))
	case string:
		if t.Oid == types.BpcharOid {
			return types.BpcharTrim(v)
		}
	}
	return fmt.Sprint(d)
}

// normalize rewrites values so that rows compare by value: numerics by
// their text form, -0 as 0.
func normalize(rows [][]types.Datum) [][]types.Datum {
	out := make([][]types.Datum, len(rows))
	for i, r := range rows {
		n := make([]types.Datum, len(r))
		for c, d := range r {
			switch v := d.(type) {
			case types.Numeric:
				s := types.Out(types.TNumeric, v)
				n[c] = "numeric " + s
			case float64:
				if v == 0 {
					v = 0
				}
				n[c] = fmt.Sprint(v)
			default:
				n[c] = d
			}
		}
		out[i] = n
	}
	return out
}
