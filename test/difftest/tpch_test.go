package difftest

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/loomdb/loomdb/internal/sqllogictest"
	"github.com/loomdb/loomdb/internal/testutil/testtarget"
	"github.com/loomdb/loomdb/internal/tpch"
)

// tpchSF is the scale factor of TestTPCH: 0.1 is 600k line items.
const tpchSF = 0.1

// loadTPCH creates the TPC-H tables at scale factor sf in the database of
// dsn, loads them with COPY, adds the primary keys and analyzes.
func loadTPCH(t *testing.T, dsn string, sf float64) {
	t.Helper()
	ctx := t.Context()
	conn, err := pgconn.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, tpch.Schema).ReadAll(); err != nil {
		t.Fatalf("creating the TPC-H tables: %v", err)
	}
	for _, table := range tpch.Tables {
		var buf bytes.Buffer
		if err := tpch.Write(&buf, table, sf); err != nil {
			t.Fatal(err)
		}
		copySQL := fmt.Sprintf("COPY %s FROM STDIN (DELIMITER '%c')", table, tpch.Delimiter)
		if _, err := conn.CopyFrom(ctx, &buf, copySQL); err != nil {
			t.Fatalf("loading %s: %v", table, err)
		}
	}
	keys := []string{
		"CREATE UNIQUE INDEX region_pkey ON region (r_regionkey)",
		"CREATE UNIQUE INDEX nation_pkey ON nation (n_nationkey)",
		"CREATE UNIQUE INDEX part_pkey ON part (p_partkey)",
		"CREATE UNIQUE INDEX supplier_pkey ON supplier (s_suppkey)",
		"CREATE UNIQUE INDEX partsupp_pkey ON partsupp (ps_partkey, ps_suppkey)",
		"CREATE UNIQUE INDEX customer_pkey ON customer (c_custkey)",
		"CREATE UNIQUE INDEX orders_pkey ON orders (o_orderkey)",
		"CREATE UNIQUE INDEX lineitem_pkey ON lineitem (l_orderkey, l_linenumber)",
		// Q17 and Q20 look up line items by part (and supplier) per outer row.
		"CREATE INDEX lineitem_part_supp ON lineitem (l_partkey, l_suppkey)",
		"ANALYZE",
	}
	for _, k := range keys {
		if _, err := conn.Exec(ctx, k).ReadAll(); err != nil {
			t.Fatalf("%s: %v", k, err)
		}
	}
}

// TestTPCH runs the 22 TPC-H queries at scale factor 0.1 on PostgreSQL 15
// and on the server under test, over the same generated data, under each
// parallel config, and requires the same results.
func TestTPCH(t *testing.T) {
	if testing.Short() {
		t.Skip("loads 0.1 scale factor TPC-H data")
	}
	tgt := testtarget.Get(t, "difftest_tpch")
	pgDSN := testtarget.PostgresDB(t, "difftest_tpch_pg")
	loadTPCH(t, pgDSN, tpchSF)
	loadTPCH(t, tgt.DSN, tpchSF)
	var stmts []string
	for _, q := range tpch.Queries(tpchSF) {
		for _, s := range []string{q.Setup, q.SQL, q.Teardown} {
			if s != "" {
				stmts = append(stmts, s)
			}
		}
	}
	for _, cfg := range sqllogictest.DefaultConfigs {
		t.Run(cfg, func(t *testing.T) {
			CompareWith(t, pgDSN, tgt.DSN, stmts, Options{
				PGSetup:   sqllogictest.ConfigStatements[sqllogictest.TargetPostgreSQL][cfg],
				LoomSetup: sqllogictest.ConfigStatements[tgt.Name][cfg],
				LoomName:  tgt.Name,
			})
		})
	}
	// At work_mem's 64kB minimum the same queries spill: sorts merge runs
	// from temporary files and hash aggregates and hash joins partition
	// their input, in the leader and in parallel workers.
	t.Run("parallel/work_mem=64kB", func(t *testing.T) {
		small := "SET work_mem = '64kB'"
		CompareWith(t, pgDSN, tgt.DSN, stmts, Options{
			PGSetup:   append(slices.Clone(sqllogictest.ConfigStatements[sqllogictest.TargetPostgreSQL]["parallel"]), small),
			LoomSetup: append(slices.Clone(sqllogictest.ConfigStatements[tgt.Name]["parallel"]), small),
			LoomName:  tgt.Name,
		})
	})
	// Every query must return rows: a query whose parameters select nothing
	// would compare empty against empty.
	ctx := t.Context()
	conn, err := pgconn.Connect(ctx, pgDSN)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	for _, q := range tpch.Queries(tpchSF) {
		for _, s := range []string{q.Setup, q.SQL, q.Teardown} {
			if s == "" {
				continue
			}
			rs := Exec(ctx, conn, s)
			if s == q.SQL && (len(rs) != 1 || rs[0].Err != nil || len(rs[0].Rows) == 0) {
				t.Errorf("%s returns no rows on PostgreSQL: %s", q.Name, strings.Join(strings.Fields(q.SQL), " "))
			}
		}
	}
}
