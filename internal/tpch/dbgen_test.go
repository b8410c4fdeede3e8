package tpch

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
)

// rows generates table at sf and splits it into rows of fields.
func rows(t *testing.T, table string, sf float64) [][]string {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, table, sf); err != nil {
		t.Fatal(err)
	}
	var out [][]string
	for _, line := range strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n") {
		if strings.ContainsAny(line, "\t\\") {
			t.Fatalf("%s: row holds a tab or backslash: %q", table, line)
		}
		out = append(out, strings.Split(line, string(Delimiter)))
	}
	return out
}

func TestRowCountsAndShapes(t *testing.T) {
	const sf = 0.01
	want := map[string]struct{ rows, fields int }{
		"region": {5, 3}, "nation": {25, 4}, "part": {2000, 9}, "supplier": {100, 7},
		"partsupp": {8000, 5}, "customer": {1500, 8}, "orders": {15000, 9},
	}
	for table, w := range want {
		rs := rows(t, table, sf)
		if len(rs) != w.rows {
			t.Errorf("%s: %d rows, want %d", table, len(rs), w.rows)
		}
		for _, r := range rs {
			if len(r) != w.fields {
				t.Fatalf("%s: row with %d fields, want %d: %v", table, len(r), w.fields, r)
			}
		}
	}
	li := rows(t, "lineitem", sf)
	if n := len(li); n < 15000 || n > 15000*7 {
		t.Errorf("lineitem: %d rows for 15000 orders", n)
	}
}

// TestSpecRules checks the rules the queries depend on: sparse order keys,
// four distinct suppliers per part, line items' suppliers among their
// part's, order totals and status derived from the lines, customers whose
// key is a multiple of 3 placing no orders.
func TestSpecRules(t *testing.T) {
	const sf = 0.01
	suppliers := numSuppliers(sf)
	partSupp := map[[2]string]bool{}
	perPart := map[string]int{}
	for _, r := range rows(t, "partsupp", sf) {
		k := [2]string{r[0], r[1]}
		if partSupp[k] {
			t.Fatalf("partsupp key %v repeated", k)
		}
		partSupp[k] = true
		perPart[r[0]]++
	}
	for p, n := range perPart {
		if n != 4 {
			t.Fatalf("part %s has %d suppliers", p, n)
		}
	}
	status := map[string]string{}
	for _, r := range rows(t, "orders", sf) {
		k, _ := strconv.Atoi(r[0])
		if (k-1)%32 >= 8 {
			t.Fatalf("order key %d is not in the first 8 of its 32", k)
		}
		c, _ := strconv.Atoi(r[1])
		if c%3 == 0 {
			t.Fatalf("order %d placed by customer %d", k, c)
		}
		status[r[0]] = r[2]
	}
	lines := map[string][]string{}
	for _, r := range rows(t, "lineitem", sf) {
		if !partSupp[[2]string{r[1], r[2]}] {
			t.Fatalf("line item %v: supplier %s does not supply part %s", r[:4], r[2], r[1])
		}
		s, _ := strconv.Atoi(r[2])
		if s < 1 || s > suppliers {
			t.Fatalf("supplier %d out of range", s)
		}
		lines[r[0]] = append(lines[r[0]], r[9])
	}
	for o, ls := range lines {
		want := "P"
		switch strings.Count(strings.Join(ls, ""), "F") {
		case len(ls):
			want = "F"
		case 0:
			want = "O"
		}
		if status[o] != want {
			t.Fatalf("order %s has status %s, its lines say %s", o, status[o], want)
		}
	}
}

func TestDeterministic(t *testing.T) {
	for _, table := range []string{"part", "orders", "lineitem"} {
		a := AppendChunk(nil, table, 0.01, 1)
		b := AppendChunk(nil, table, 0.01, 1)
		if !bytes.Equal(a, b) {
			t.Errorf("%s: chunk 1 differs between two runs", table)
		}
	}
}

func TestQueries(t *testing.T) {
	qs := Queries(0.1)
	if len(qs) != 22 {
		t.Fatalf("%d queries", len(qs))
	}
	if !strings.Contains(qs[10].SQL, "* 0.001") {
		t.Errorf("Q11 FRACTION at SF 0.1 should be 0.001: %s", qs[10].SQL)
	}
	if qs[14].Setup == "" || qs[14].Teardown == "" {
		t.Error("Q15 has no view")
	}
}
