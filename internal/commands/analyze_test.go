package commands

import (
	"bufio"
	"context"
	"fmt"
	"github.com/loomdb/loomdb/internal/testutil/pgtest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"go.uber.org/goleak"

	"github.com/loomdb/loomdb/internal/access/heap"
	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/catalog"
	"github.com/loomdb/loomdb/internal/storage"
	"github.com/loomdb/loomdb/internal/txn"
	"github.com/loomdb/loomdb/internal/types"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var bg = context.Background()

// pgRel is a table's pg_class.relpages and reltuples in PostgreSQL.
type pgRel struct {
	pages  uint32
	tuples float64
}

// pgColumn is one pg_stats row as PostgreSQL prints it.
type pgColumn struct {
	typ, typmod                      int
	nullFrac                         string
	width                            int32
	distinct, mcv, freqs, hist, corr string
}

// pgregressDir finds shared/pgregress beside or above the repository.
func pgregressDir(t *testing.T) string {
	t.Helper()
	return pgtest.RequireRegress(t)
}

func openStorage(t *testing.T) *storage.Storage {
	t.Helper()
	st, err := storage.Open(t.TempDir(), storage.Options{SharedBuffers: 1024, CheckpointTimeout: -1, NoFsync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := st.Close(); err != nil {
			t.Error(err)
		}
	})
	return st
}

// wisconsinColumns are the columns of tenk1 and onek.
var wisconsinColumns = []table.Attr{
	{Name: "unique1"}, {Name: "unique2"}, {Name: "two"}, {Name: "four"}, {Name: "ten"}, {Name: "twenty"},
	{Name: "hundred"}, {Name: "thousand"}, {Name: "twothousand"}, {Name: "fivethous"}, {Name: "tenthous"},
	{Name: "odd"}, {Name: "even"}, {Name: "stringu1"}, {Name: "stringu2"}, {Name: "string4"},
}

// newRelation creates a table with the given columns in a committed
// transaction.
func newRelation(t *testing.T, st *storage.Storage, name string, cols []table.Attr) *table.Relation {
	t.Helper()
	rel := &table.Relation{Oid: st.NewOid(), Name: name, DbOid: 5, RelFileNumber: st.NewOid(), Desc: &table.TupleDesc{Attrs: cols}}
	tx := st.Txns().Begin(txn.ReadCommitted)
	if err := heap.Create(st, rel, tx); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	return rel
}

// loadRows inserts rows with COPY's bulk path in one committed transaction.
func loadRows(t *testing.T, st *storage.Storage, rel *table.Relation, rows [][]types.Datum) {
	t.Helper()
	tx := st.Txns().Begin(txn.ReadCommitted)
	bi := heap.NewBulkInsert(st, tx, rel)
	for _, r := range rows {
		if err := bi.Insert(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := bi.Finish(); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// loadWisconsin creates tenk1 or onek and loads its data file.
func loadWisconsin(t *testing.T, st *storage.Storage, name, file string) *table.Relation {
	t.Helper()
	cols := append([]table.Attr(nil), wisconsinColumns...)
	for i := range cols {
		cols[i].Type = types.TInt4
		if i >= 13 {
			cols[i].Type = types.TName
		}
	}
	rel := newRelation(t, st, name, cols)
	f, err := os.Open(filepath.Join(pgregressDir(t), "data", file))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows [][]types.Datum
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Split(sc.Text(), "\t")
		if len(fields) != len(cols) {
			t.Fatalf("%s: line with %d fields", file, len(fields))
		}
		row := make([]types.Datum, len(cols))
		for i, s := range fields {
			if row[i], err = types.In(cols[i].Type, s); err != nil {
				t.Fatal(err)
			}
		}
		rows = append(rows, row)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	loadRows(t, st, rel, rows)
	return rel
}

// arrayText prints values as PostgreSQL's array_out does.
func arrayText(typ types.T, vals []types.Datum) string {
	if len(vals) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteByte('{')
	for i, v := range vals {
		if i > 0 {
			b.WriteByte(',')
		}
		s := types.Out(typ, v)
		if s == "" || strings.EqualFold(s, "NULL") || strings.ContainsAny(s, "\"\\{}, \t\n\r\v\f") {
			b.WriteString(`"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`)
		} else {
			b.WriteString(s)
		}
	}
	b.WriteByte('}')
	return b.String()
}

func float4Text(fs []float64) string {
	if len(fs) == 0 {
		return ""
	}
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = types.OutFloat4(f)
	}
	return "{" + strings.Join(parts, ",") + "}"
}

// checkColumn compares computed statistics with PostgreSQL's pg_stats row.
func checkColumn(t *testing.T, key string, got *catalog.ColumnStats) {
	t.Helper()
	want, ok := pgStats[key]
	if !ok {
		t.Fatalf("%s: no PostgreSQL statistics", key)
	}
	if got == nil {
		t.Errorf("%s: no statistics computed", key)
		return
	}
	corr := ""
	if got.HasCorrelation {
		corr = types.OutFloat4(got.Correlation)
	}
	for _, c := range []struct{ what, got, want string }{
		{"null_frac", types.OutFloat4(got.NullFrac), want.nullFrac},
		{"avg_width", strconv.Itoa(int(got.Width)), strconv.Itoa(int(want.width))},
		{"n_distinct", types.OutFloat4(got.Distinct), want.distinct},
		{"most_common_vals", arrayText(got.Type, got.MCV), want.mcv},
		{"most_common_freqs", float4Text(got.MCVFreqs), want.freqs},
		{"histogram_bounds", arrayText(got.Type, got.Histogram), want.hist},
		{"correlation", corr, want.corr},
	} {
		if c.got != c.want {
			t.Errorf("%s %s:\n got  %s\n want %s", key, c.what, c.got, c.want)
		}
	}
}

func testWisconsin(t *testing.T, name, file string) {
	st := openStorage(t)
	rel := loadWisconsin(t, st, name, file)
	res, err := Analyze(bg, st, rel, Options{Rand: NewPRNG(1)})
	if err != nil {
		t.Fatal(err)
	}
	want := pgRels[name]
	if res.RelPages != want.pages || res.RelTuples != want.tuples {
		t.Errorf("relpages/reltuples = %d/%v, want %d/%v", res.RelPages, res.RelTuples, want.pages, want.tuples)
	}
	if res.SampleRows != int(want.tuples) || res.DeadTuples != 0 {
		t.Errorf("sampled %d rows (%v dead), want all %v", res.SampleRows, res.DeadTuples, want.tuples)
	}
	for i, c := range rel.Desc.Attrs {
		checkColumn(t, name+"."+c.Name, res.Stats[i+1])
	}
}

// TestAnalyzeTenk1 analyzes tenk1 (read whole) and compares every
// column's statistics with PostgreSQL 15's pg_stats.
func TestAnalyzeTenk1(t *testing.T) { testWisconsin(t, "tenk1", "tenk.data") }

// TestAnalyzeOnek does the same for onek.
func TestAnalyzeOnek(t *testing.T) { testWisconsin(t, "onek", "onek.data") }

// statmixRow builds row g of testdata/statmix.sql.
func statmixRow(g int64) []types.Datum {
	var i2, f8, tt types.Datum
	if g%7 != 0 {
		i2 = g % 37
	}
	if g%5 != 0 {
		f8 = float64((g*13)%101) / 4.0
	}
	if g%3 != 0 {
		tt = "val" + strconv.FormatInt((g*17)%211, 10)
	}
	return []types.Datum{
		g, i2, (g * 7919) % 1000, f8, float64(float32(float64(g%50) * 1.25)),
		types.Numeric{Coef: (g * 31) % 997, Scale: 2}, tt, strings.Repeat("x", int(g%200)),
		types.DateFromYMD(2020, 1, 1) + g%400, g%3 == 0, "c" + strconv.FormatInt(g%11, 10),
		fmt.Sprintf("%-4d", g%13), nil, "u" + strconv.FormatInt(g, 10),
	}
}

var statmixColumns = []table.Attr{
	{Name: "id", Type: types.TInt4}, {Name: "i2", Type: types.TInt2}, {Name: "i8", Type: types.TInt8},
	{Name: "f8", Type: types.TFloat8}, {Name: "f4", Type: types.TFloat4},
	{Name: "num", Type: types.T{Oid: types.NumericOid, Typmod: types.NumericTypmod(10, 2)}},
	{Name: "t", Type: types.TText}, {Name: "longt", Type: types.TText}, {Name: "d", Type: types.TDate},
	{Name: "b", Type: types.TBool}, {Name: "vc", Type: types.T{Oid: types.VarcharOid, Typmod: 14}},
	{Name: "bp", Type: types.T{Oid: types.BpcharOid, Typmod: 8}}, {Name: "allnull", Type: types.TInt4},
	{Name: "uniqt", Type: types.TText},
}

// statmixIDs returns statmix's ids in PostgreSQL's physical order.
func statmixIDs(t *testing.T) []int64 {
	var ids []int64
	for _, run := range strings.Split(statmixOrder, ",") {
		lo, hi, found := strings.Cut(run, "-")
		a, err := strconv.ParseInt(lo, 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		b := a
		if found {
			if b, err = strconv.ParseInt(hi, 10, 64); err != nil {
				t.Fatal(err)
			}
		}
		for g := a; g <= b; g++ {
			ids = append(ids, g)
		}
	}
	return ids
}

// TestComputeStatmix computes the statistics of testdata/statmix.sql's
// columns (NULLs, every type, wide and short varlenas, a column of only
// NULLs) from its rows in PostgreSQL's physical order and compares them
// with PostgreSQL 15's pg_stats.
func TestComputeStatmix(t *testing.T) {
	ids := statmixIDs(t)
	if len(ids) != 5000 {
		t.Fatalf("statmixOrder has %d ids", len(ids))
	}
	rows := make([][]types.Datum, len(ids))
	for i, g := range ids {
		rows[i] = statmixRow(g)
	}
	for c, col := range statmixColumns {
		values := make([]types.Datum, len(rows))
		for i := range rows {
			values[i] = rows[i][c]
		}
		checkColumn(t, "statmix."+col.Name, ComputeColumnStats(values, col.Type, 5000, -1))
	}
}

// TestAnalyzeStatmixThroughHeap stores statmix in the heap in
// PostgreSQL's physical order and analyzes it.
func TestAnalyzeStatmixThroughHeap(t *testing.T) {
	st := openStorage(t)
	rel := newRelation(t, st, "statmix", statmixColumns)
	var rows [][]types.Datum
	for _, g := range statmixIDs(t) {
		rows = append(rows, statmixRow(g))
	}
	loadRows(t, st, rel, rows)
	res, err := Analyze(bg, st, rel, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.RelTuples != 5000 {
		t.Errorf("reltuples = %v", res.RelTuples)
	}
	for i, c := range rel.Desc.Attrs {
		checkColumn(t, "statmix."+c.Name, res.Stats[i+1])
	}
}
