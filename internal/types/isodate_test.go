package types

import "testing"

// TestISODateFastPath checks that dates the fast path reads get the
// general parser's value, and that what it declines (invalid days, year
// 0, other layouts) still parses or fails as the general parser decides.
func TestISODateFastPath(t *testing.T) {
	for _, s := range []string{"2000-02-29", "1999-12-31", "1970-01-01", "0001-01-01", "9999-12-31", "1992-01-02", "2024-04-30"} {
		fast, ok := isoDate(s)
		if !ok {
			t.Errorf("isoDate(%q) declined", s)
			continue
		}
		fields, derr := parseDateTime(s)
		dt, derr2 := decodeDateTime(fields)
		if derr != dtOK || derr2 != dtOK {
			t.Fatalf("general parser rejects %q", s)
		}
		if want := Date2J(dt.year, dt.mon, dt.mday) - PostgresEpochJDate; fast != want {
			t.Errorf("isoDate(%q) = %d, want %d", s, fast, want)
		}
	}
	for _, s := range []string{"1900-02-29", "2023-02-29", "2024-04-31", "2024-13-01", "2024-00-10", "0000-01-01", "2024-1-01", "2024/01/01", "20240101", "2024-01-01 ", "+024-01-01"} {
		if _, ok := isoDate(s); ok {
			t.Errorf("isoDate(%q) accepted", s)
		}
	}
	// Declined forms still go through InDate's general parser.
	if _, err := InDate("1900-02-29"); err == nil {
		t.Error("InDate(1900-02-29) succeeded")
	}
	if d, err := InDate("2024-1-01"); err != nil || d != 8766 {
		t.Errorf("InDate(2024-1-01) = %d, %v", d, err)
	}
}
