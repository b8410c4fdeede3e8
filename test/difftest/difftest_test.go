// difftest_test.go tests the differential harness: its diffing on made-up
// results, that it finds real differences between two PostgreSQL databases,
// and the regression-data query list under each parallel config, both
// PostgreSQL against itself and PostgreSQL against the target from
// internal/testutil/testtarget.

package difftest

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/loomdb/loomdb/internal/sqllogictest"
	"github.com/loomdb/loomdb/internal/testutil/pgtest"
	"github.com/loomdb/loomdb/internal/testutil/testtarget"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(pgtest.WithShared(m)) }

var (
	loadMu sync.Mutex
	loaded = map[string]bool{}
)

// regressDSN returns the DSN of database db on the shared PostgreSQL with
// shared/pgregress/setup.sql loaded (once per database).
func regressDSN(t *testing.T, db string) string {
	t.Helper()
	pgtest.RequireRegress(t)
	dsn := testtarget.PostgresDB(t, db)
	loadMu.Lock()
	defer loadMu.Unlock()
	if !loaded[dsn] {
		if err := pgtest.LoadRegress(t.Context(), dsn); err != nil {
			t.Fatal(err)
		}
		loaded[dsn] = true
	}
	return dsn
}

// compareConfigs compares regressQueries under each parallel config.
func compareConfigs(t *testing.T, pgDSN, otherDSN, otherTarget string) {
	for _, cfg := range sqllogictest.DefaultConfigs {
		t.Run(cfg, func(t *testing.T) {
			CompareWith(t, pgDSN, otherDSN, regressQueries, Options{
				PGSetup:   sqllogictest.ConfigStatements[sqllogictest.TargetPostgreSQL][cfg],
				LoomSetup: sqllogictest.ConfigStatements[otherTarget][cfg],
				LoomName:  otherTarget,
			})
		})
	}
}

// TestPostgresAgainstItself runs the query list on two PostgreSQL databases
// loaded from the same files: the harness must report no difference.
func TestPostgresAgainstItself(t *testing.T) {
	a := regressDSN(t, "difftest_a")
	compareConfigs(t, a, regressDSN(t, "difftest_b"), sqllogictest.TargetPostgreSQL)

	// Guard the list itself: only the deliberate error cases fail, and the
	// rest return rows.
	ctx := context.Background()
	conn, err := pgconn.Connect(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var failed, rows int
	for _, q := range regressQueries {
		for _, r := range Exec(ctx, conn, q) {
			if r.Err != nil {
				failed++
			}
			rows += len(r.Rows)
		}
	}
	if failed != wantFailures || rows < 500 {
		t.Errorf("regressQueries: %d statements failed (want %d), %d rows in all", failed, wantFailures, rows)
	}
}

// wantFailures is how many of regressQueries fail on purpose.
const wantFailures = 11

// TestRegress compares PostgreSQL with the server under test (loomdb, or
// another PostgreSQL with LOOMDB_TEST_TARGET=postgresql). The target gets
// setup.sql loaded with psql first.
func TestRegress(t *testing.T) {
	tgt := testtarget.Get(t, "difftest_target")
	pgDSN := regressDSN(t, "difftest_a")
	if err := pgtest.LoadRegress(t.Context(), tgt.DSN); err != nil {
		t.Fatalf("loading shared/pgregress/setup.sql into the target: %v", err)
	}
	compareConfigs(t, pgDSN, tgt.DSN, tgt.Name)
}

// recorder is a testing.TB that keeps Errorf messages instead of failing.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, strings.TrimSpace(fmt.Sprintf(format, args...)))
}

func (r *recorder) Helper() {}

// TestFindsDifferences compares two PostgreSQL databases whose data differ
// and checks that each kind of difference is reported.
func TestFindsDifferences(t *testing.T) {
	a := testtarget.PostgresDB(t, "difftest_diff_a")
	b := testtarget.PostgresDB(t, "difftest_diff_b")
	ctx := context.Background()
	for dsn, setup := range map[string]string{
		a: `CREATE TABLE t (k int4, v text); INSERT INTO t VALUES (1, 'x'), (2, 'y'), (3, NULL)`,
		b: `CREATE TABLE t (k int8, v text); INSERT INTO t VALUES (1, 'x'), (2, 'z'), (3, NULL); CREATE TABLE only_b (c int4)`,
	} {
		conn, err := pgconn.Connect(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		_, err = conn.Exec(ctx, setup).ReadAll()
		conn.Close(ctx)
		if err != nil {
			t.Fatal(err)
		}
	}
	stmts := []string{
		`SELECT v FROM t ORDER BY k`,              // 1: row 2 differs, ordered
		`SELECT v FROM t`,                         // 2: unordered
		`SELECT k FROM t ORDER BY k`,              // 3: same values, different type
		`SELECT count(*) FROM only_b`,             // 4: error on one side only
		`SELECT 1 / 0`,                            // 5: same error: no report
		`SELECT v AS w FROM t WHERE k = 1`,        // 6: same
		`SELECT v, k::int4 FROM t WHERE k < 3`,    // 7: unordered, one row differs
		`SELECT 1; SELECT v FROM t WHERE k = 2`,   // 8: second result differs
		`INSERT INTO t VALUES (4, 'w'), (5, 'w')`, // 9: same tag
	}
	rec := &recorder{TB: t}
	Compare(rec, a, b, stmts)
	want := []string{
		"statement 1: SELECT v FROM t ORDER BY k\n  rows differ (ordered; postgresql 3 rows, loomdb 3) first at row 2:\n      postgresql: (\"y\")\n      loomdb: (\"z\")",
		"statement 2: SELECT v FROM t\n  rows differ (unordered; postgresql 3 rows, loomdb 3)\n    only in postgresql (1):\n        (\"y\")\n    only in loomdb (1):\n        (\"z\")",
		"statement 3: SELECT k FROM t ORDER BY k\n  columns differ:\n      postgresql: [k(oid 23)]\n      loomdb: [k(oid 20)]",
		"statement 4: SELECT count(*) FROM only_b\n  postgresql failed: 42P01 relation \"only_b\" does not exist; loomdb succeeded (SELECT 1)",
		"statement 7: SELECT v, k::int4 FROM t WHERE k < 3\n  rows differ (unordered; postgresql 2 rows, loomdb 2)\n    only in postgresql (1):\n        (\"y\", \"2\")\n    only in loomdb (1):\n        (\"z\", \"2\")",
		"statement 8: SELECT 1; SELECT v FROM t WHERE k = 2\n  result 2: rows differ (unordered; postgresql 1 rows, loomdb 1)\n  result 2:   only in postgresql (1):\n  result 2:       (\"y\")\n  result 2:   only in loomdb (1):\n  result 2:       (\"z\")",
	}
	if len(rec.errs) != len(want) {
		t.Fatalf("got %d reports, want %d:\n%s", len(rec.errs), len(want), strings.Join(rec.errs, "\n---\n"))
	}
	for i := range want {
		if rec.errs[i] != want[i] {
			t.Errorf("report %d:\n%s\nwant:\n%s", i, rec.errs[i], want[i])
		}
	}
}

func TestHasOrderBy(t *testing.T) {
	for sql, want := range map[string]bool{
		`SELECT a FROM t ORDER BY a`:                          true,
		`select a from t order   by a limit 1`:                true,
		"SELECT a FROM t ORDER\n BY a":                        true,
		`SELECT a FROM t`:                                     false,
		`SELECT a FROM (SELECT a FROM t ORDER BY a) s`:        false,
		`SELECT 'ORDER BY' FROM t`:                            false,
		`SELECT "order" FROM t WHERE "order" > 1`:             false,
		`SELECT a FROM t -- ORDER BY a`:                       false,
		`SELECT a FROM t /* ORDER BY a */`:                    false,
		`SELECT border, by FROM t`:                            false,
		`SELECT a FROM t WHERE b = 'it''s' ORDER BY a`:        true,
		`SELECT array_agg(a ORDER BY a) FROM t`:               false,
		`SELECT 1; SELECT a FROM t ORDER BY a`:                true,
		`SELECT a FROM t ORDER BY a USING >`:                  true,
		`SELECT a_order, by_b FROM t ORDER_BY`:                false,
		`SELECT "ORDER" "BY" FROM t`:                          false,
		`SELECT a FROM t WHERE a IN (SELECT b ORDER BY b)`:    false,
		`SELECT a FROM t ORDER /* x */ BY a`:                  true,
		`SELECT count(*) FROM t WHERE x = ')' ORDER BY 1`:     true,
		`SELECT count(*) FROM t WHERE x = "(" AND y ORDER BY`: true,
	} {
		if got := HasOrderBy(sql); got != want {
			t.Errorf("HasOrderBy(%q) = %v, want %v", sql, got, want)
		}
	}
}
