package explain_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/cockroachdb/datadriven"

	"github.com/loomdb/loomdb/internal/analyze"
	"github.com/loomdb/loomdb/internal/catalog"
	"github.com/loomdb/loomdb/internal/explain"
	"github.com/loomdb/loomdb/internal/guc"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/optimizer/plan"
	"github.com/loomdb/loomdb/internal/parser"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/storage"
	"github.com/loomdb/loomdb/internal/types"
)

// testCatalog holds the tables of the golden files: tenk1 as PostgreSQL has
// it after loading and VACUUM, and t never vacuumed.
type testCatalog struct {
	rels   map[string]*catalog.Relation
	blocks map[types.Oid]uint32
}

func newTestCatalog() *testCatalog {
	c := &testCatalog{rels: map[string]*catalog.Relation{}, blocks: map[types.Oid]uint32{}}
	tenk1 := &catalog.Relation{Oid: 16384, Name: "tenk1", Namespace: 2200, NamespaceName: "public", Kind: 'r', Pages: 345, Tuples: 10000}
	for i, n := range []string{"unique1", "unique2", "two", "four", "ten", "twenty", "hundred", "thousand", "twothousand", "fivethous", "tenthous", "odd", "even"} {
		tenk1.Columns = append(tenk1.Columns, catalog.Column{Name: n, AttNum: i + 1, Type: types.TInt4})
	}
	for _, n := range []string{"stringu1", "stringu2", "string4"} {
		tenk1.Columns = append(tenk1.Columns, catalog.Column{Name: n, AttNum: len(tenk1.Columns) + 1, Type: types.TName})
	}
	c.rels["tenk1"], c.blocks[16384] = tenk1, 345
	t := &catalog.Relation{Oid: 16400, Name: "t", Namespace: 2200, NamespaceName: "public", Kind: 'r', Pages: 0, Tuples: -1}
	t.Columns = []catalog.Column{
		{Name: "a", AttNum: 1, Type: types.TInt4},
		{Name: "b", AttNum: 2, Type: types.TText},
		{Name: "c", AttNum: 3, Type: types.T{Oid: types.NumericOid, Typmod: types.NumericTypmod(10, 2)}},
		{Name: "d", AttNum: 4, Type: types.T{Oid: types.VarcharOid, Typmod: 24}},
	}
	c.rels["t"], c.blocks[16400] = t, 0
	return c
}

func (c *testCatalog) LookupRelation(schema, name string) (*catalog.Relation, error) {
	if r, ok := c.rels[name]; ok {
		return r, nil
	}
	return nil, pgerror.Newf(pgerror.UndefinedTable, "relation \"%s\" does not exist", name)
}

func (c *testCatalog) byOid(oid types.Oid) (*catalog.Relation, error) {
	for _, r := range c.rels {
		if r.Oid == oid {
			return r, nil
		}
	}
	return nil, pgerror.Newf(pgerror.UndefinedTable, "relation with OID %d does not exist", oid)
}

// plannerConfig returns the planner's configuration for settings s, as the
// session derives it.
func plannerConfig(c *testCatalog, s *guc.Settings) *plan.Config {
	cfg := &plan.Config{Relation: c.byOid, Sizer: func(r *catalog.Relation) (uint32, error) { return c.blocks[r.Oid], nil }}
	cfg.Costs = plan.CostParamsFrom(s)
	return cfg
}

// TestExplainMatchesPostgres plans each statement of the files in testdata
// and compares EXPLAIN's output with PostgreSQL's. Arguments: verbose,
// costs=off, buffers, settings, format=json|yaml, set=(name:value,...) and
// planning-hits=N (the planner's buffer hits to report).
func TestExplainMatchesPostgres(t *testing.T) {
	cat := newTestCatalog()
	files, err := filepath.Glob("testdata/explain*")
	if err != nil || len(files) == 0 {
		t.Fatalf("no test files (%v)", err)
	}
	for _, path := range files {
		datadriven.RunTest(t, path, func(t *testing.T, d *datadriven.TestData) string {
			if d.Cmd != "explain" {
				t.Fatalf("unknown command %s", d.Cmd)
			}
			settings := guc.NewSettings()
			opts := explain.Options{Costs: true, Verbose: d.HasArg("verbose"), Buffers: d.HasArg("buffers"), Settings: d.HasArg("settings")}
			var planningHits int64 = -1
			for _, a := range d.CmdArgs {
				switch a.Key {
				case "costs":
					opts.Costs = a.Vals[0] != "off"
				case "format":
					f, ok := explain.ParseFormat(a.Vals[0])
					if !ok {
						t.Fatalf("unknown format %s", a.Vals[0])
					}
					opts.Format = f
				case "set":
					for _, v := range a.Vals {
						name, value, _ := strings.Cut(v, ":")
						if err := settings.Set(name, value, guc.SetOpts{}); err != nil {
							t.Fatal(err)
						}
					}
				case "planning-hits":
					d.ScanArgs(t, "planning-hits", &planningHits)
				}
			}
			stmts, err := parser.Parse(d.Input)
			if err != nil {
				return "ERROR: " + err.Error()
			}
			st, _, err := analyze.Analyze(stmts[0], &analyze.Env{Catalog: cat})
			if err != nil {
				return "ERROR: " + err.Error()
			}
			q := st.(*nodes.Query)
			planned, err := plan.Planner(q, plannerConfig(cat, settings))
			if err != nil {
				return "ERROR: " + err.Error()
			}
			ex := explain.New(opts, len(planned.RangeTable))
			ex.SetRangeTable(planned.RangeTable)
			ex.SetSubplans(planned.Subplans, nil)
			if opts.Settings {
				ex.SetSettings(explain.ChangedSettings(settings))
			}
			if planningHits >= 0 {
				ex.SetPlanningBuffers(storage.BufferUsage{SharedHit: planningHits})
			}
			ex.PrintPlan(planned.PlanTree, nil)
			return strings.Join(ex.Lines(), "\n") + "\n"
		})
	}
}
