package explain

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/loomdb/loomdb/internal/guc"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/plannodes"
	"github.com/loomdb/loomdb/internal/storage"
)

func resultPlan() plannodes.Plan {
	return &plannodes.Result{Header: plannodes.Header{TotalCost: 0.01, PlanRows: 1, PlanWidth: 4}}
}

// TestSummaryOrder checks what follows the plan, in PG 15's order: Settings,
// planning buffers, Planning Time, Triggers (non-text only), Execution Time.
func TestSummaryOrder(t *testing.T) {
	opts := Options{Analyze: true, Costs: true, Summary: true, Buffers: true, Settings: true}
	run := func(f Format) string {
		o := opts
		o.Format = f
		ex := New(o, 1)
		ex.SetSettings([]Setting{{"work_mem", "64kB"}})
		ex.SetPlanningBuffers(storage.BufferUsage{SharedHit: 34})
		ex.PrintPlan(resultPlan(), nil)
		ex.AddSummary(148*time.Microsecond, 34*time.Microsecond)
		return strings.Join(ex.Lines(), "\n")
	}
	wantText := `Result  (cost=0.00..0.01 rows=1 width=4) (never executed)
Settings: work_mem = '64kB'
Planning:
  Buffers: shared hit=34
Planning Time: 0.148 ms
Execution Time: 0.034 ms`
	if got := run(FormatText); got != wantText {
		t.Errorf("text:\n%s\nwant:\n%s", got, wantText)
	}
	zeros := `
      "Local Hit Blocks": 0,
      "Local Read Blocks": 0,
      "Local Dirtied Blocks": 0,
      "Local Written Blocks": 0,
      "Temp Read Blocks": 0,
      "Temp Written Blocks": 0`
	wantJSON := `[
  {
    "Plan": {
      "Node Type": "Result",
      "Parallel Aware": false,
      "Async Capable": false,
      "Startup Cost": 0.00,
      "Total Cost": 0.01,
      "Plan Rows": 1,
      "Plan Width": 4,
      "Actual Rows": 0,
      "Actual Loops": 0,
      "Shared Hit Blocks": 0,
      "Shared Read Blocks": 0,
      "Shared Dirtied Blocks": 0,
      "Shared Written Blocks": 0,` + zeros + `
    },
    "Settings": {
      "work_mem": "64kB"
    },
    "Planning": {
      "Shared Hit Blocks": 34,
      "Shared Read Blocks": 0,
      "Shared Dirtied Blocks": 0,
      "Shared Written Blocks": 0,` + zeros + `
    },
    "Planning Time": 0.148,
    "Triggers": [
    ],
    "Execution Time": 0.034
  }
]`
	if got := run(FormatJSON); got != wantJSON {
		t.Errorf("json:\n%s\nwant:\n%s", got, wantJSON)
	}
}

// TestLinesWithoutSummary checks that Lines closes the document when
// AddSummary was not called, and that it may be called again.
func TestLinesWithoutSummary(t *testing.T) {
	ex := New(Options{Costs: true, Format: FormatJSON}, 1)
	ex.PrintPlan(resultPlan(), nil)
	want := `[
  {
    "Plan": {
      "Node Type": "Result",
      "Parallel Aware": false,
      "Async Capable": false,
      "Startup Cost": 0.00,
      "Total Cost": 0.01,
      "Plan Rows": 1,
      "Plan Width": 4
    }
  }
]`
	for i := 0; i < 2; i++ {
		if got := ex.Lines(); len(got) != 1 || got[0] != want {
			t.Fatalf("call %d: %q", i, got)
		}
	}
}

func TestRtableNames(t *testing.T) {
	rte := func(rel, alias string) *nodes.RangeTblEntry { return &nodes.RangeTblEntry{RelName: rel, Alias: alias} }
	rt := []*nodes.RangeTblEntry{
		rte("tenk1", ""), rte("tenk1", "tenk1"), rte("t", "t_1"), rte("t", "t"), rte("t", "t"),
		rte("tenk1", ""), rte("", "*VALUES*"), rte("", "*VALUES*"),
	}
	used := map[int]bool{1: true, 2: true, 3: true, 4: true, 5: true, 7: true, 8: true}
	got := rtableNames(rt, used)
	want := []string{"", "tenk1", "tenk1_1", "t_1", "t", "t_2", "", "*VALUES*", "*VALUES*_1"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rtableNames = %q, want %q", got, want)
	}
}

func TestChangedSettings(t *testing.T) {
	s := guc.NewSettings()
	if got := ChangedSettings(s); len(got) != 0 {
		t.Errorf("defaults: %v", got)
	}
	for _, kv := range [][2]string{
		{"work_mem", "8MB"}, {"enable_hashjoin", "off"}, {"random_page_cost", "1.5"},
		// Equal to the defaults, or not a planner setting: not listed.
		{"seq_page_cost", "1.0"}, {"cpu_tuple_cost", "0.01"}, {"statement_timeout", "5s"},
	} {
		if err := s.Set(kv[0], kv[1], guc.SetOpts{}); err != nil {
			t.Fatal(err)
		}
	}
	want := []Setting{{"enable_hashjoin", "off"}, {"random_page_cost", "1.5"}, {"work_mem", "8MB"}}
	if got := ChangedSettings(s); !reflect.DeepEqual(got, want) {
		t.Errorf("ChangedSettings = %v, want %v", got, want)
	}
}

func TestEscapeJSON(t *testing.T) {
	for in, want := range map[string]string{
		"plain":          `"plain"`,
		"a\"b\\c":        `"a\"b\\c"`,
		"\t\n\r\b\f\x01": `"\t\n\r\b\f\u0001"`,
		"ünïcode":        `"ünïcode"`,
	} {
		if got := escapeJSON(in); got != want {
			t.Errorf("escapeJSON(%q) = %s, want %s", in, got, want)
		}
	}
}
