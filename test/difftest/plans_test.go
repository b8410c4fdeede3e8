// plans_test.go compares plan shapes and estimates with PostgreSQL 15 over
// the regression data (the optimizer's acceptance suite): for every query of
// planQueries it compares EXPLAIN (COSTS OFF), the result, and for agreeing
// plans the top node's estimated rows and total cost. The figures are
// printed; testdata/plan_agreement lists the queries known to agree, and
// the test fails when one of them stops agreeing. Regenerate the list with
// `go test ./test/difftest -run TestPlanAgreement -rewrite`.

package difftest

import (
	"context"
	"flag"
	"fmt"
	"math"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/loomdb/loomdb/internal/testutil/pgtest"
	"github.com/loomdb/loomdb/internal/testutil/testtarget"
)

var rewrite = flag.Bool("rewrite", false, "rewrite testdata/plan_agreement from this run")

const agreementFile = "testdata/plan_agreement"

var topLine = regexp.MustCompile(`cost=[0-9.]+\.\.([0-9.]+) rows=([0-9]+)`)

func explainLines(ctx context.Context, conn *pgconn.PgConn, sql string) ([]string, error) {
	res, err := conn.Exec(ctx, sql).ReadAll()
	if err != nil {
		return nil, err
	}
	var out []string
	for _, r := range res {
		for _, row := range r.Rows {
			out = append(out, string(row[0]))
		}
	}
	return out, nil
}

func TestPlanAgreement(t *testing.T) {
	tgt := testtarget.Get(t, "difftest_plans_target")
	if tgt.Name != testtarget.Loomdb {
		t.Skip("plan agreement is measured for loomdb")
	}
	pgDSN := regressDSN(t, "difftest_plans")
	if err := pgtest.LoadRegress(t.Context(), tgt.DSN); err != nil {
		t.Fatalf("loading setup.sql into loomdb: %v", err)
	}
	ctx := context.Background()
	setup := []string{"SET max_parallel_workers_per_gather = 0"}
	pg := connect(t, "postgresql", pgDSN, setup)
	defer pg.Close(ctx)
	loom := connect(t, "loomdb", tgt.DSN, setup)
	defer loom.Close(ctx)

	known := map[string]bool{}
	if b, err := os.ReadFile(agreementFile); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if l != "" && !strings.HasPrefix(l, "#") {
				known[l] = true
			}
		}
	}
	var planAgree, resultAgree, estAgree, estCompared int
	var agreeing []string
	for _, q := range planQueries {
		want, werr := explainLines(ctx, pg, "EXPLAIN (COSTS OFF) "+q)
		if werr != nil {
			t.Fatalf("PostgreSQL cannot EXPLAIN %s: %v", q, werr)
		}
		got, gerr := explainLines(ctx, loom, "EXPLAIN (COSTS OFF) "+q)
		samePlan := gerr == nil && strings.Join(want, "\n") == strings.Join(got, "\n")
		sameResult := Diff(q, Exec(ctx, pg, q), Exec(ctx, loom, q), "postgresql", "loomdb") == ""
		if sameResult {
			resultAgree++
		}
		switch {
		case samePlan:
			planAgree++
			if sameResult {
				agreeing = append(agreeing, q)
			}
			pw, _ := explainLines(ctx, pg, "EXPLAIN "+q)
			lw, _ := explainLines(ctx, loom, "EXPLAIN "+q)
			if len(pw) > 0 && len(lw) > 0 {
				pm, lm := topLine.FindStringSubmatch(pw[0]), topLine.FindStringSubmatch(lw[0])
				if pm != nil && lm != nil {
					estCompared++
					pc, _ := strconv.ParseFloat(pm[1], 64)
					lc, _ := strconv.ParseFloat(lm[1], 64)
					pr, _ := strconv.ParseFloat(pm[2], 64)
					lr, _ := strconv.ParseFloat(lm[2], 64)
					if math.Abs(lr-pr) <= 0.10*math.Max(pr, 1) && math.Abs(lc-pc) <= 0.01*math.Max(pc, 0.01) {
						estAgree++
					} else {
						t.Logf("estimate differs: %s\n    postgresql: %s\n    loomdb:     %s", q, pw[0], lw[0])
					}
				}
			}
		case gerr != nil:
			t.Logf("plan differs (loomdb error %v): %s", gerr, q)
		default:
			t.Logf("plan differs: %s\n  postgresql:\n    %s\n  loomdb:\n    %s", q, strings.Join(want, "\n    "), strings.Join(got, "\n    "))
		}
		if !sameResult {
			t.Logf("result differs: %s", q)
		}
		if known[q] && !(samePlan && sameResult) {
			t.Errorf("regression: plan or result no longer agrees with PostgreSQL: %s", q)
		}
	}
	n := len(planQueries)
	t.Logf("plan agreement: %d/%d (%.1f%%); results: %d/%d (%.1f%%); estimates within 10%% rows and 1%% cost: %d/%d",
		planAgree, n, 100*float64(planAgree)/float64(n), resultAgree, n, 100*float64(resultAgree)/float64(n), estAgree, estCompared)
	fmt.Printf("plan agreement: %d/%d, results: %d/%d, estimates: %d/%d\n", planAgree, n, resultAgree, n, estAgree, estCompared)
	if *rewrite {
		sort.Strings(agreeing)
		body := "# Queries of planQueries whose serial plan and result agree with PostgreSQL 15.\n# Regenerated with -rewrite; never edited by hand.\n" + strings.Join(agreeing, "\n") + "\n"
		if err := os.WriteFile(agreementFile, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
