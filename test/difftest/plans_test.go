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
	r := measureAgreement(t, "difftest_plans", planQueries, []string{"SET max_parallel_workers_per_gather = 0"}, agreementFile,
		"# Queries of planQueries whose serial plan and result agree with PostgreSQL 15.")
	fmt.Printf("plan agreement: %d/%d, results: %d/%d, estimates: %d/%d\n", r.planAgree, r.n, r.resultAgree, r.n, r.estAgree, r.estCompared)
}

// agreement counts how many queries agree with PostgreSQL 15, and says how
// each one compared.
type agreement struct {
	n, planAgree, resultAgree, estAgree, estCompared int
	queries                                          []queryAgreement
}

// queryAgreement is how one query compared with PostgreSQL 15.
type queryAgreement struct {
	// key names the query in the agreement file: the query, prefixed with
	// "[label] " for a querySet with a label.
	key string
	// pgPlan is PostgreSQL's EXPLAIN (COSTS OFF), one line per plan line.
	pgPlan               string
	samePlan, sameResult bool
}

// querySet is a list of queries measured under one configuration.
type querySet struct {
	// label tells the set's queries apart in the agreement file and in
	// reports ("" for none: the query alone).
	label   string
	setup   []string
	queries []string
}

func (s querySet) key(q string) string {
	if s.label == "" {
		return q
	}
	return "[" + s.label + "] " + q
}

// measureAgreement runs queries on PostgreSQL 15 and loomdb after setup,
// comparing EXPLAIN (COSTS OFF), results and, for agreeing plans, the top
// node's estimates. file lists the queries known to agree: one of them
// that stops agreeing fails the test; -rewrite regenerates it.
func measureAgreement(t *testing.T, db string, queries, setup []string, file, header string) agreement {
	return measureAgreementSets(t, db, []querySet{{setup: setup, queries: queries}}, file, header)
}

// measureAgreementSets is measureAgreement over several query sets, each
// run on its own pair of connections after its setup; file lists the
// agreeing queries of all sets (a missing file lists none).
func measureAgreementSets(t *testing.T, db string, sets []querySet, file, header string) agreement {
	tgt := testtarget.Get(t, db+"_target")
	if tgt.Name != testtarget.Loomdb {
		t.Skip("plan agreement is measured for loomdb")
	}
	pgDSN := regressDSN(t, db)
	if err := pgtest.LoadRegress(t.Context(), tgt.DSN); err != nil {
		t.Fatalf("loading setup.sql into loomdb: %v", err)
	}
	ctx := context.Background()

	known := map[string]bool{}
	if b, err := os.ReadFile(file); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if l != "" && !strings.HasPrefix(l, "#") {
				known[l] = true
			}
		}
	}
	var r agreement
	var agreeing []string
	for _, set := range sets {
		r.n += len(set.queries)
		func() {
			pg := connect(t, "postgresql", pgDSN, set.setup)
			defer pg.Close(ctx)
			loom := connect(t, "loomdb", tgt.DSN, set.setup)
			defer loom.Close(ctx)
			for _, q := range set.queries {
				key := set.key(q)
				want, werr := explainLines(ctx, pg, "EXPLAIN (COSTS OFF) "+q)
				if werr != nil {
					t.Fatalf("PostgreSQL cannot EXPLAIN %s: %v", key, werr)
				}
				got, gerr := explainLines(ctx, loom, "EXPLAIN (COSTS OFF) "+q)
				samePlan := gerr == nil && strings.Join(want, "\n") == strings.Join(got, "\n")
				sameResult := Diff(q, Exec(ctx, pg, q), Exec(ctx, loom, q), "postgresql", "loomdb") == ""
				r.queries = append(r.queries, queryAgreement{key: key, pgPlan: strings.Join(want, "\n"), samePlan: samePlan, sameResult: sameResult})
				if sameResult {
					r.resultAgree++
				}
				switch {
				case samePlan:
					r.planAgree++
					if sameResult {
						agreeing = append(agreeing, key)
					}
					pw, _ := explainLines(ctx, pg, "EXPLAIN "+q)
					lw, _ := explainLines(ctx, loom, "EXPLAIN "+q)
					if len(pw) > 0 && len(lw) > 0 {
						pm, lm := topLine.FindStringSubmatch(pw[0]), topLine.FindStringSubmatch(lw[0])
						if pm != nil && lm != nil {
							r.estCompared++
							pc, _ := strconv.ParseFloat(pm[1], 64)
							lc, _ := strconv.ParseFloat(lm[1], 64)
							pr, _ := strconv.ParseFloat(pm[2], 64)
							lr, _ := strconv.ParseFloat(lm[2], 64)
							if math.Abs(lr-pr) <= 0.10*math.Max(pr, 1) && math.Abs(lc-pc) <= 0.01*math.Max(pc, 0.01) {
								r.estAgree++
							} else {
								t.Logf("estimate differs: %s\n    postgresql: %s\n    loomdb:     %s", key, pw[0], lw[0])
							}
						}
					}
				case gerr != nil:
					t.Logf("plan differs (loomdb error %v): %s", gerr, key)
				default:
					t.Logf("plan differs: %s\n  postgresql:\n    %s\n  loomdb:\n    %s", key, strings.Join(want, "\n    "), strings.Join(got, "\n    "))
				}
				if !sameResult {
					t.Errorf("result differs: %s\n%s", key, Diff(q, Exec(ctx, pg, q), Exec(ctx, loom, q), "postgresql", "loomdb"))
				}
				if known[key] && !(samePlan && sameResult) {
					t.Errorf("regression: plan or result no longer agrees with PostgreSQL: %s", key)
				}
			}
		}()
	}
	t.Logf("plan agreement: %d/%d (%.1f%%); results: %d/%d (%.1f%%); estimates within 10%% rows and 1%% cost: %d/%d",
		r.planAgree, r.n, 100*float64(r.planAgree)/float64(r.n), r.resultAgree, r.n, 100*float64(r.resultAgree)/float64(r.n), r.estAgree, r.estCompared)
	if *rewrite {
		sort.Strings(agreeing)
		body := header + "\n# Regenerated with -rewrite; never edited by hand.\n" + strings.Join(agreeing, "\n") + "\n"
		if err := os.WriteFile(file, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return r
}

// TestParallelPlanAgreement is the parallel query acceptance suite: every
// query of parallelQueries, of parallelIndexQueries with small indexes
// worth workers (and again with only index scans enabled), of
// parallelSubplanQueries with small tables not worth them and of
// parallelInitPlanQueries, must return
// PostgreSQL 15's result, and at least 90% must get PostgreSQL 15's
// parallel plan.
func TestParallelPlanAgreement(t *testing.T) {
	with := func(extra ...string) []string {
		return append(append([]string(nil), parallelSettings...), extra...)
	}
	sets := []querySet{
		{setup: parallelSettings, queries: parallelQueries},
		{label: "min_parallel_index_scan_size=0", setup: with("SET min_parallel_index_scan_size = 0"), queries: parallelIndexQueries},
		{label: "index scans only", setup: with("SET min_parallel_index_scan_size = 0", "SET enable_seqscan = off", "SET enable_bitmapscan = off"), queries: parallelIndexQueries},
		{label: "min_parallel_table_scan_size=1MB", setup: with("SET min_parallel_table_scan_size = '1MB'"), queries: parallelSubplanQueries},
		{label: "InitPlans, min_parallel_table_scan_size=1MB", setup: with("SET min_parallel_table_scan_size = '1MB'"), queries: parallelInitPlanQueries},
	}
	r := measureAgreementSets(t, "difftest_parallel", sets, parallelAgreementFile,
		"# Queries of parallelQueries whose parallel plan and result agree with PostgreSQL 15.")
	fmt.Printf("parallel plan agreement: %d/%d (%.1f%%), results: %d/%d (%.1f%%)\n",
		r.planAgree, r.n, 100*float64(r.planAgree)/float64(r.n), r.resultAgree, r.n, 100*float64(r.resultAgree)/float64(r.n))
	if r.n < 100 {
		t.Errorf("the suite has %d queries, fewer than 100", r.n)
	}
	if 10*r.planAgree < 9*r.n {
		t.Errorf("parallel plan agreement %d/%d is below 90%%", r.planAgree, r.n)
	}
}

const parallelAgreementFile = "testdata/parallel_plan_agreement"

// TestParallelJoinAgreement is the parallel join acceptance suite: every
// query of parallelJoinQueries (under parallelSettings),
// parallelJoinSmallWorkMemQueries (with work_mem 64kB: multi-batch hash
// joins) and parallelJoinNoParallelHashQueries (enable_parallel_hash off)
// must return PostgreSQL 15's result; of those that PostgreSQL 15 runs
// in parallel (a Gather or Gather Merge in its plan) at least 85% must get
// its plan; both shares are printed. testdata/parallel_join_plan_agreement
// lists the queries known to agree (regenerate it with -rewrite).
func TestParallelJoinAgreement(t *testing.T) {
	with := func(extra ...string) []string {
		return append(append([]string(nil), parallelSettings...), extra...)
	}
	sets := []querySet{
		{setup: parallelSettings, queries: parallelJoinQueries},
		{label: "work_mem=64kB", setup: with("SET work_mem = '64kB'"), queries: parallelJoinSmallWorkMemQueries},
		{label: "enable_parallel_hash=off", setup: with("SET enable_parallel_hash = off"), queries: parallelJoinNoParallelHashQueries},
	}
	r := measureAgreementSets(t, "difftest_parallel_join", sets, parallelJoinAgreementFile,
		"# Queries of the parallel join suite whose plan and result agree with PostgreSQL 15.")
	var parallel, parallelAgree int
	var differing []string
	for _, q := range r.queries {
		if strings.Contains(q.pgPlan, "Gather") {
			parallel++
			if q.samePlan {
				parallelAgree++
			}
		}
		if !q.sameResult {
			differing = append(differing, q.key)
		}
	}
	fmt.Printf("parallel join plan agreement: %d/%d (%.1f%%) of queries PostgreSQL runs in parallel, results: %d/%d (%.1f%%)\n",
		parallelAgree, parallel, percent(parallelAgree, parallel), r.resultAgree, r.n, percent(r.resultAgree, r.n))
	if r.n < 150 {
		t.Errorf("the suite has %d queries, fewer than 150", r.n)
	}
	if len(differing) > 0 {
		t.Errorf("results of %d/%d queries differ from PostgreSQL 15's:\n  %s", len(differing), r.n, strings.Join(differing, "\n  "))
	}
	if parallel == 0 || 100*parallelAgree < 85*parallel {
		t.Errorf("parallel join plan agreement %d/%d is below 85%%", parallelAgree, parallel)
	}
}

const parallelJoinAgreementFile = "testdata/parallel_join_plan_agreement"

func percent(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}
