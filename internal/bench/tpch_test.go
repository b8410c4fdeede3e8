package bench

import (
	"math"
	"strings"
	"testing"
	"time"
)

func TestMedianAndGeoMean(t *testing.T) {
	ms := func(v ...int) []time.Duration {
		var out []time.Duration
		for _, x := range v {
			out = append(out, time.Duration(x)*time.Millisecond)
		}
		return out
	}
	if got := median(ms(5, 1, 3)); got != 3*time.Millisecond {
		t.Errorf("median of 5,1,3 = %v", got)
	}
	if got := median(ms(4, 1, 3, 10)); got != 3500*time.Microsecond {
		t.Errorf("median of 4,1,3,10 = %v", got)
	}
	qs := []QueryResult{
		{Name: "Q1", Ms: map[string]map[string]float64{Loomdb: {"w=0": 10}, PostgreSQL: {"w=0": 40}}},
		{Name: "Q2", Ms: map[string]map[string]float64{Loomdb: {"w=0": 1000}, PostgreSQL: {"w=0": 10}}},
		{Name: "Q3", Ms: map[string]map[string]float64{Loomdb: {}, PostgreSQL: {"w=0": 1000}}, Err: "loomdb (w=0): boom"},
	}
	if got := geoMean(qs, Loomdb, "w=0"); math.Abs(got-100) > 1e-9 {
		t.Errorf("loomdb geomean = %v, want 100 (the failed query left out)", got)
	}
	if got := geoMean(qs, PostgreSQL, "w=0"); math.Abs(got-math.Cbrt(40*10*1000)) > 1e-9 {
		t.Errorf("postgresql geomean = %v", got)
	}
	if got := geoMean(qs, Loomdb, "w=2"); got != 0 {
		t.Errorf("geomean without runs = %v, want 0", got)
	}
}

func TestPrintReport(t *testing.T) {
	rep := &TPCHReport{SF: 1, Workers: []int{0, 2}, Runs: 5, CPUs: 2, Generate: 3, DataBytes: 1 << 30,
		Systems: map[string]*SystemResult{
			Loomdb:     {Copy: map[string]Seconds{"lineitem": 11.5}, CopyAll: 14, Index: 27, Analyze: 2.5, DataBytes: 3 << 29, PeakRSS: 1 << 30, GeoMeanMs: map[string]float64{"w=0": 100, "w=2": 50}},
			PostgreSQL: {Copy: map[string]Seconds{"lineitem": 16.5}, CopyAll: 20, Index: 6, Analyze: 2, DataBytes: 3 << 29, PeakRSS: 1 << 28, GeoMeanMs: map[string]float64{"w=0": 200, "w=2": 100}},
		},
		Queries: []QueryResult{{Name: "Q1",
			Ms:    map[string]map[string]float64{Loomdb: {"w=0": 100, "w=2": 50}, PostgreSQL: {"w=0": 200, "w=2": 100}},
			Match: map[string]bool{"w=0": true, "w=2": false}}},
		Mismatches: []string{"Q1 (w=2)"},
	}
	var b strings.Builder
	printReport(&b, rep, TPCHOptions{Workers: []int{0, 2}})
	out := b.String()
	for _, want := range []string{
		"query      loomdb w=0     PG w=0   ratio   loomdb w=2     PG w=2   ratio",
		"Q1              100.0      200.0    0.50         50.0      100.0    0.50  ANSWER DIFFERS at w=2",
		"geomean         100.0      200.0    0.50         50.0      100.0    0.50",
		"answers: DIFFER from PostgreSQL 15's for Q1 (w=2)",
		"COPY lineitem                     11.50s        16.50s",
		"peak RSS                         1.00 GB        256 MB",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
}
