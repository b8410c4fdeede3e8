package catalog

import (
	"context"
	"reflect"
	"slices"
	"testing"

	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/storage"
	"github.com/loomdb/loomdb/internal/txn"
	"github.com/loomdb/loomdb/internal/types"
)

// withStatisticCatalog registers pg_statistic for the duration of the test,
// as schema.go will once it lists pgStatisticTable in sysTables.
func withStatisticCatalog(t *testing.T) {
	if slices.Contains(sysTables, pgStatisticTable) {
		return
	}
	sysTables = append(sysTables, pgStatisticTable)
	t.Cleanup(func() {
		sysTables = slices.DeleteFunc(sysTables, func(s *sysTable) bool { return s == pgStatisticTable })
	})
}

func newCatalog(t *testing.T) (*storage.Storage, *Catalog) {
	t.Helper()
	st, err := storage.Open(t.TempDir(), storage.Options{SharedBuffers: 256, CheckpointTimeout: -1, NoFsync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := st.Close(); err != nil {
			t.Error(err)
		}
	})
	c := Open(st, PostgresDatabase)
	if err := c.Bootstrap(context.Background(), []string{"postgres"}); err != nil {
		t.Fatal(err)
	}
	return st, c
}

func createTable(t *testing.T, st *storage.Storage, c *Catalog) *Relation {
	t.Helper()
	ctx := context.Background()
	tx := st.Txns().Begin(txn.ReadCommitted)
	stmt := &nodes.CreateTableStmt{Name: "s", Columns: []nodes.ColumnDef{
		{Name: "a", Type: types.TInt4}, {Name: "b", Type: types.TText}, {Name: "c", Type: types.TNumeric}, {Name: "d", Type: types.TFloat8},
	}}
	if _, err := c.CreateTable(ctx, tx, tx.StatementSnapshot(), stmt, []string{"public"}); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	tx = st.Txns().Begin(txn.ReadCommitted)
	defer tx.Abort()
	rel, err := c.LookupRelation(tx, tx.StatementSnapshot(), "", "s", []string{"public"})
	if err != nil {
		t.Fatal(err)
	}
	return rel
}

func store(t *testing.T, st *storage.Storage, c *Catalog, relOid types.Oid, attnum int, s *ColumnStats) {
	t.Helper()
	tx := st.Txns().Begin(txn.ReadCommitted)
	if err := c.StoreStatistics(context.Background(), tx, tx.StatementSnapshot(), relOid, attnum, s); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

func load(t *testing.T, st *storage.Storage, c *Catalog, relOid types.Oid) map[int]*ColumnStats {
	t.Helper()
	tx := st.Txns().Begin(txn.ReadCommitted)
	defer tx.Abort()
	m, err := c.LoadStatistics(tx.StatementSnapshot(), relOid)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func statsFor(t types.T) *ColumnStats {
	eq, lt, coll := StatisticsOperators(t)
	return &ColumnStats{Type: t, EqOp: eq, LtOp: lt, Collation: coll}
}

func TestStatisticsUnregistered(t *testing.T) {
	if slices.Contains(sysTables, pgStatisticTable) {
		t.Skip("pg_statistic is registered")
	}
	st, c := newCatalog(t)
	rel := createTable(t, st, c)
	if m := load(t, st, c, rel.Oid); len(m) != 0 {
		t.Errorf("loaded %v", m)
	}
	tx := st.Txns().Begin(txn.ReadCommitted)
	defer tx.Abort()
	if err := c.StoreStatistics(context.Background(), tx, tx.StatementSnapshot(), rel.Oid, 1, statsFor(types.TInt4)); err == nil {
		t.Error("stored statistics without pg_statistic")
	}
}

func TestStoreAndLoadStatistics(t *testing.T) {
	withStatisticCatalog(t)
	st, c := newCatalog(t)
	rel := createTable(t, st, c)

	a := statsFor(types.TInt4)
	a.NullFrac, a.Width, a.Distinct = 0.1, 4, -0.676
	a.MCV, a.MCVFreqs = []types.Datum{int64(5), int64(-3)}, []float64{0.0016093453, 0.001}
	a.Histogram = []types.Datum{int64(-100), int64(0), int64(100)}
	a.Correlation, a.HasCorrelation = -0.009366246, true

	b := statsFor(types.TText)
	b.NullFrac, b.Width, b.Distinct = 0, 7, 12
	b.MCV = []types.Datum{"", "a,b", `q"uote`, `back\slash`, "NULL", "null", " lead", "{x}", "tab\there", "é"}
	b.MCVFreqs = []float64{0.1, 0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.05}

	n := statsFor(types.TNumeric)
	n.Width, n.Distinct = 6, 2
	n.Histogram = []types.Datum{types.Numeric{Coef: 100, Scale: 2}, types.Numeric{Coef: 12345, Scale: 3}}

	d := statsFor(types.TFloat8)
	d.NullFrac = 1 // all NULL: no slots

	for i, s := range []*ColumnStats{a, b, n, d} {
		store(t, st, c, rel.Oid, i+1, s)
	}
	got := load(t, st, c, rel.Oid)
	for i, want := range []*ColumnStats{a, b, n, d} {
		w := *want
		w.NullFrac, w.Distinct, w.Correlation = RoundFloat4(w.NullFrac), RoundFloat4(w.Distinct), RoundFloat4(w.Correlation)
		w.MCVFreqs = nil
		for _, f := range want.MCVFreqs {
			w.MCVFreqs = append(w.MCVFreqs, RoundFloat4(f))
		}
		g := got[i+1]
		if g == nil {
			t.Fatalf("attnum %d: no statistics", i+1)
		}
		if g.Type.Oid != w.Type.Oid {
			t.Errorf("attnum %d: type %v", i+1, g.Type)
		}
		g.Type = w.Type
		if !reflect.DeepEqual(g, &w) {
			t.Errorf("attnum %d:\n got  %+v\n want %+v", i+1, g, &w)
		}
	}

	// Replacing keeps one row per column; nil removes it.
	a2 := statsFor(types.TInt4)
	a2.Distinct = 3
	store(t, st, c, rel.Oid, 1, a2)
	store(t, st, c, rel.Oid, 2, nil)
	got = load(t, st, c, rel.Oid)
	if len(got) != 3 || got[1].Distinct != 3 || got[2] != nil {
		t.Errorf("after replace: %v", got)
	}
	count := 0
	tx := st.Txns().Begin(txn.ReadCommitted)
	if err := c.scanCatalog(context.Background(), tx.StatementSnapshot(), PgStatisticOid, func(row []types.Datum, _ table.TID) bool {
		count++
		return true
	}); err != nil {
		t.Fatal(err)
	}
	if count != 3 {
		t.Errorf("%d pg_statistic rows, want 3", count)
	}
	if err := c.DeleteStatistics(context.Background(), tx, tx.StatementSnapshot(), rel.Oid); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if got = load(t, st, c, rel.Oid); len(got) != 0 {
		t.Errorf("after delete: %v", got)
	}
}

func TestArrayText(t *testing.T) {
	vals := []types.Datum{"", "a,b", `q"uote`, `back\slash`, "NULL", "x y", "{}", "plain", nil}
	s := formatDatumArray(types.TText, vals)
	if want := `{"","a,b","q\"uote","back\\slash","NULL","x y","{}",plain,NULL}`; s != want {
		t.Errorf("format: %s\n want %s", s, want)
	}
	back, err := parseDatumArray(types.TText, s)
	if err != nil || !reflect.DeepEqual(back, vals) {
		t.Errorf("parse: %v %v", back, err)
	}
	if f := formatFloat4Array([]float64{0.0016093453, -1, 1e-10}); f != "{0.0016093453,-1,1e-10}" {
		t.Errorf("float4 array %s", f)
	}
	if got, err := parseArrayText(" { a , \"b\" ,c } "); err != nil || len(got) != 3 || *got[0] != "a" || *got[1] != "b" || *got[2] != "c" {
		t.Errorf("spaces: %v %v", got, err)
	}
	if got, err := parseArrayText("{}"); err != nil || len(got) != 0 {
		t.Errorf("empty: %v %v", got, err)
	}
	for _, bad := range []string{"", "{", "{a", `{"a}`, "{a}x", "a}", "{a,}"} {
		if _, err := parseArrayText(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}
