package types

import (
	"math"
	"testing"
)

// TestHashBytesMatchesPostgres checks HashBytes and HashFloat8PG against
// PostgreSQL 15's hashtext (hash_any of the bytes under a deterministic
// collation) and hashfloat8, for keys of every tail length.
func TestHashBytesMatchesPostgres(t *testing.T) {
	for _, c := range []struct {
		key  string
		want int32
	}{
		{"", -1477818771},
		{"abc", -785388649},
		{"abcdefgh", -1960928205},
		{"abcdefghijkl", -1586087212},
		{"abcdefghijklm", 405849808},
		{"abcdefghijklmnopqrstuvw", -1149376136},
	} {
		if got := int32(HashBytes([]byte(c.key))); got != c.want {
			t.Errorf("HashBytes(%q) = %d, want %d", c.key, got, c.want)
		}
	}
	for _, c := range []struct {
		f    float64
		want int32
	}{
		{1, 376496956}, {0, 0}, {math.Copysign(0, -1), 0}, {-2.5, -1018515334},
		{math.NaN(), -1275764840}, {math.Inf(-1), -1377680656},
	} {
		if got := int32(HashFloat8PG(c.f)); got != c.want {
			t.Errorf("HashFloat8PG(%v) = %d, want %d", c.f, got, c.want)
		}
	}
}
