package storage

import (
	"math/rand"
	"testing"

	"github.com/loomdb/loomdb/internal/types"
)

// TestBufTableAgainstMap runs random inserts, deletes and lookups, with
// tags crowded into few relations and blocks so that probe runs collide,
// and compares every answer with a Go map.
func TestBufTableAgainstMap(t *testing.T) {
	rng := rand.New(rand.NewSource(9))
	tb := newBufTable(4)
	oracle := map[BufferTag]int32{}
	tag := func() BufferTag {
		return BufferTag{Loc: RelFileLocator{DbOid: types.Oid(rng.Intn(2)), RelNumber: types.Oid(16384 + rng.Intn(3))}, Block: BlockNumber(rng.Intn(300))}
	}
	for i := range 200000 {
		tg := tag()
		switch rng.Intn(3) {
		case 0:
			if _, ok := oracle[tg]; !ok {
				tb.insert(tg, int32(i))
				oracle[tg] = int32(i)
			}
		case 1:
			id, ok := oracle[tg]
			if !ok {
				id = int32(rng.Intn(10))
			} else if rng.Intn(4) == 0 {
				id++ // another buffer's: must not delete
				ok = false
			}
			if got := tb.delete(tg, id); got != ok {
				t.Fatalf("op %d: delete %v id %d = %v, want %v", i, tg, id, got, ok)
			}
			if ok {
				delete(oracle, tg)
			}
		default:
			id, ok := tb.lookup(tg)
			want, wok := oracle[tg]
			if ok != wok || ok && id != want {
				t.Fatalf("op %d: lookup %v = %d,%v, want %d,%v", i, tg, id, ok, want, wok)
			}
		}
		if tb.n != len(oracle) {
			t.Fatalf("op %d: %d entries, want %d", i, tb.n, len(oracle))
		}
	}
	for tg, want := range oracle {
		if id, ok := tb.lookup(tg); !ok || id != want {
			t.Fatalf("final lookup %v = %d,%v, want %d", tg, id, ok, want)
		}
	}
	if 2*tb.n > len(tb.slots) {
		t.Fatalf("table %d of %d slots full", tb.n, len(tb.slots))
	}
	tb.clear()
	if _, ok := tb.lookup(BufferTag{}); ok || tb.n != 0 {
		t.Fatal("cleared table still holds entries")
	}
}
