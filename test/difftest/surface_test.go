// surface_test.go is the SQL surface suite: several hundred statements over
// the features analytical PostgreSQL users write (types, functions, query
// forms, writes and DDL), each run on PostgreSQL 15 and on the target under
// the serial, parallel and forced-parallel configs. It prints how many give
// PostgreSQL's result, per feature and in all, and lists every failure.
//
// testdata/surface_failures lists the statements known to differ. A
// statement that differs and is not listed fails the test; so does a listed
// one that now agrees, until `go test ./test/difftest -run TestSurface
// -rewrite` regenerates the list; it is never edited by hand.

package difftest

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/loomdb/loomdb/internal/sqllogictest"
	"github.com/loomdb/loomdb/internal/testutil/pgtest"
	"github.com/loomdb/loomdb/internal/testutil/testtarget"
)

// surfaceCase is one statement of the surface suite and the feature it
// exercises.
type surfaceCase struct {
	feature string
	sql     string
}

// surfaceGroup is a part of the suite: statements run first to build its
// tables (compared too, but not counted), then its cases.
type surfaceGroup struct {
	name  string
	setup []string
	cases []surfaceCase
}

func surfaceGroups() []surfaceGroup {
	return []surfaceGroup{
		{"types", surfaceTypesSetup, surfaceTypesQueries},
		{"query", surfaceQuerySetup, surfaceQueryQueries},
		{"write", surfaceWriteSetup, surfaceWriteQueries},
	}
}

const surfaceFailuresFile = "testdata/surface_failures"

// surfaceMinCases is the least number of statements the suite must hold.
const surfaceMinCases = 600

var copyToStdout = regexp.MustCompile(`(?is)^\s*COPY\b.*\bTO\s+STDOUT\b`)

// execSurface runs one statement; COPY ... TO STDOUT comes back as one
// row holding the copied text.
func execSurface(ctx context.Context, conn *pgconn.PgConn, sql string) []Result {
	if !copyToStdout.MatchString(sql) {
		return Exec(ctx, conn, sql)
	}
	ctx, cancel := context.WithTimeout(ctx, StatementTimeout)
	defer cancel()
	var buf bytes.Buffer
	tag, err := conn.CopyTo(ctx, &buf, sql)
	if err != nil {
		return []Result{{Err: asPgError(err)}}
	}
	s := buf.String()
	return []Result{{Columns: []Column{{Name: "copy"}}, Rows: [][]*string{{&s}}, Tag: tag.String()}}
}

// surfaceKey names a statement in the failure list: its config, group,
// position in the group (the same text may recur) and text on one line.
func surfaceKey(cfg, group string, i int, sql string) string {
	return fmt.Sprintf("%s\t%s\t%d\t%s", cfg, group, i+1, strings.Join(strings.Fields(sql), " "))
}

func TestSurface(t *testing.T) {
	pgDSN := testtarget.PostgresDB(t, "difftest_surface_pg")
	pgtest.RequireRegress(t)
	if err := pgtest.LoadRegress(t.Context(), pgDSN); err != nil {
		t.Fatal(err)
	}
	tgt := testtarget.Get(t, "difftest_surface_target")
	if err := pgtest.LoadRegress(t.Context(), tgt.DSN); err != nil {
		t.Fatalf("loading shared/pgregress/setup.sql into the target: %v", err)
	}
	known := map[string]bool{}
	if b, err := os.ReadFile(surfaceFailuresFile); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if l != "" && !strings.HasPrefix(l, "#") {
				known[l] = true
			}
		}
	}
	groups := surfaceGroups()
	total := 0
	for _, g := range groups {
		total += len(g.cases)
	}
	if total < surfaceMinCases {
		t.Errorf("the suite has %d statements, fewer than %d", total, surfaceMinCases)
	}

	type tally struct{ pass, n int }
	perFeature := map[string]*tally{}
	var all tally
	var failing []string
	var report strings.Builder
	ctx := context.Background()
	for _, cfg := range sqllogictest.DefaultConfigs {
		pg := connect(t, "postgresql", pgDSN, sqllogictest.ConfigStatements[sqllogictest.TargetPostgreSQL][cfg])
		loom := connect(t, tgt.Name, tgt.DSN, sqllogictest.ConfigStatements[tgt.Name][cfg])
		for _, g := range groups {
			for _, s := range g.setup {
				want := execSurface(ctx, pg, s)
				for _, r := range want {
					if r.Err != nil {
						t.Fatalf("%s setup on postgresql: %s: %s", g.name, s, r.Err.Message)
					}
				}
				execSurface(ctx, loom, s)
			}
			for i, c := range g.cases {
				want := execSurface(ctx, pg, c.sql)
				got := execSurface(ctx, loom, c.sql)
				d := Diff(c.sql, want, got, "postgresql", tgt.Name)
				f := perFeature[c.feature]
				if f == nil {
					f = &tally{}
					perFeature[c.feature] = f
				}
				f.n++
				all.n++
				key := surfaceKey(cfg, g.name, i, c.sql)
				if d == "" {
					f.pass++
					all.pass++
					if known[key] {
						t.Errorf("now agrees with PostgreSQL (run with -rewrite to update %s): %s", surfaceFailuresFile, key)
					}
					continue
				}
				failing = append(failing, key)
				fmt.Fprintf(&report, "[%s] %s: %s\n%s\n", cfg, c.feature, c.sql, d)
				if !known[key] && !*rewrite {
					t.Errorf("[%s] differs from PostgreSQL and is not a known failure: %s\n%s", cfg, c.sql, d)
				}
				if pg.IsClosed() || loom.IsClosed() {
					t.Fatalf("connection lost after %s", c.sql)
				}
			}
		}
		pg.Close(ctx)
		loom.Close(ctx)
	}

	var features []string
	for f := range perFeature {
		features = append(features, f)
	}
	sort.Strings(features)
	var sum strings.Builder
	for _, f := range features {
		fmt.Fprintf(&sum, "  %-14s %4d/%-4d\n", f, perFeature[f].pass, perFeature[f].n)
	}
	fmt.Printf("SQL surface: %d statements; %d/%d runs under %s give PostgreSQL 15's result (%.1f%%)\n%s",
		total, all.pass, all.n, strings.Join(sqllogictest.DefaultConfigs, ", "), 100*float64(all.pass)/float64(all.n), sum.String())
	if report.Len() > 0 {
		t.Logf("failures:\n%s", report.String())
	}
	if *rewrite {
		sort.Strings(failing)
		body := "# Statements of the SQL surface suite (config, group, position, text) known to differ from PostgreSQL 15.\n" +
			"# Regenerated with -rewrite; never edited by hand.\n" + strings.Join(failing, "\n") + "\n"
		if err := os.WriteFile(surfaceFailuresFile, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
