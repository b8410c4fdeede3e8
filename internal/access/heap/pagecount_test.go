package heap

import (
	"fmt"
	"math/big"
	"strings"
	"testing"

	"github.com/loomdb/loomdb/internal/txn"
	"github.com/loomdb/loomdb/internal/types"
)

// TestPageCountsMatchPostgres loads tables of assorted shapes and compares
// their size with what PostgreSQL 15.18 reported for the same data
// (pg_relation_size/8192 after INSERT ... SELECT ... FROM generate_series):
//
//	s1(a int4, b text): i, repeat('x', i%200)                          -> 85
//	s2(a bool, b int8, c float4, d int2, e numeric): i%2=0,
//	   nullif-ish b (null when i%3=0), i*0.5, i, i*1.5 (null when i%5=0) -> 34
//	s3(a name, b "char", c date, d float8, e varchar(40)): 'n'||i, 'x',
//	   '2000-01-01'+i, i*2.25, repeat('v', i%40) (null when i%4=0)     -> 78
//	s4(a bytea, b char(10), c int4): i%150 bytes, 'c'||(i%100), i         -> 75
//	s5(a int4, b text): 500 rows of 1500 bytes                           -> 100
//	s6(c1..c9 int4, c10 int8): c1 null for even i                        -> 47
//	s7(a, b, c numeric): i*1.123456789, -i*10^12,
//	   123456789.987654321*i (NaN when i%7=0), 3000 rows                  -> 22
func TestPageCountsMatchPostgres(t *testing.T) {
	st := openStorage(t, t.TempDir(), 256)
	defer st.Close()
	numeric := func(s string) types.Numeric { return num(t, s) }
	dec := func(units int64, frac int64, scale int) string {
		neg := ""
		if units < 0 {
			neg, units = "-", -units
		}
		return fmt.Sprintf("%s%d.%0*d", neg, units, scale, frac)
	}
	shapes := []struct {
		name  string
		ts    []types.T
		rows  int
		row   func(i int) []types.Datum
		pages uint32
	}{
		{"s1", []types.T{types.TInt4, types.TText}, 5000, func(i int) []types.Datum {
			return []types.Datum{int64(i), strings.Repeat("x", i%200)}
		}, 85},
		{"s2", []types.T{types.TBool, types.TInt8, types.TFloat4, types.TInt2, types.TNumeric}, 5000, func(i int) []types.Datum {
			var b, e types.Datum = int64(i), numeric(dec(int64(i*15/10), int64(i*15%10), 1))
			if i%3 == 0 {
				b = nil
			}
			if i%5 == 0 {
				e = nil
			}
			return []types.Datum{i%2 == 0, b, float64(i) * 0.5, int64(i % 30000), e}
		}, 34},
		{"s3", []types.T{types.TName, types.TChar, types.TDate, types.TFloat8, {Oid: types.VarcharOid, Typmod: 44}}, 5000, func(i int) []types.Datum {
			var e types.Datum = strings.Repeat("v", i%40)
			if i%4 == 0 {
				e = nil
			}
			return []types.Datum{fmt.Sprint("n", i), int64('x'), int64(i), float64(i) * 2.25, e}
		}, 78},
		{"s4", []types.T{{Oid: types.ByteaOid, Typmod: -1}, {Oid: types.BpcharOid, Typmod: 14}, types.TInt4}, 5000, func(i int) []types.Datum {
			return []types.Datum{strings.Repeat("\xab", i%150), fmt.Sprintf("%-10s", fmt.Sprint("c", i%100)), int64(i)}
		}, 75},
		{"s5", []types.T{types.TInt4, types.TText}, 500, func(i int) []types.Datum {
			return []types.Datum{int64(i), strings.Repeat("w", 1500)}
		}, 100},
		{"s6", []types.T{types.TInt4, types.TInt4, types.TInt4, types.TInt4, types.TInt4, types.TInt4, types.TInt4, types.TInt4, types.TInt4, types.TInt8}, 5000, func(i int) []types.Datum {
			row := []types.Datum{int64(i), int64(i), int64(i), int64(i), int64(i), int64(i), int64(i), int64(i), int64(i), int64(i)}
			if i%2 == 0 {
				row[0] = nil
			}
			return row
		}, 47},
		{"s7", []types.T{types.TNumeric, types.TNumeric, types.TNumeric}, 3000, func(i int) []types.Datum {
			a := int64(i) * 1123456789
			c := types.Datum(nil)
			if i%7 == 0 {
				c = numeric("NaN")
			} else {
				v := new(big.Int).Mul(big.NewInt(int64(i)), big.NewInt(123456789987654321)).String()
				c = numeric(v[:len(v)-9] + "." + v[len(v)-9:])
			}
			return []types.Datum{numeric(dec(a/1000000000, a%1000000000, 9)), numeric(fmt.Sprint(-int64(i) * 1000000000000)), c}
		}, 22},
	}
	for _, sh := range shapes {
		rel := newRel(st, sh.name, sh.ts...)
		createRel(t, st, rel)
		tx := st.Txns().Begin(txn.ReadCommitted)
		for i := 1; i <= sh.rows; i++ {
			if _, err := Insert(bg, st, tx, rel, sh.row(i)); err != nil {
				t.Fatalf("%s row %d: %v", sh.name, i, err)
			}
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		n, err := NumBlocks(st, rel)
		if err != nil {
			t.Fatal(err)
		}
		if n != sh.pages {
			t.Errorf("%s: %d pages, PostgreSQL 15 has %d", sh.name, n, sh.pages)
		}
		// And the values come back.
		rows, _ := scanAll(t, st, rel, st.Txns().Begin(txn.ReadCommitted).StatementSnapshot())
		if len(rows) != sh.rows {
			t.Fatalf("%s: %d rows back", sh.name, len(rows))
		}
		want := sh.row(sh.rows)
		for c := range want {
			if !datumEqual(rows[sh.rows-1][c], want[c]) {
				t.Errorf("%s: last row col %d = %#v, want %#v", sh.name, c, rows[sh.rows-1][c], want[c])
			}
		}
	}
}
