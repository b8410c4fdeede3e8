package nbtree

import (
	"testing"

	"github.com/loomdb/loomdb/internal/types"

	"github.com/loomdb/loomdb/internal/access/heap"
)

// The expected sizes were measured on PostgreSQL 15 (Debian's 15.x
// packages): a private cluster (initdb, then the server on a loopback port),
// psql -f setup.sql run from shared/pgregress, then
//
//	select relname, relpages from pg_class where relkind = 'i';
//	select blkno, type, live_items, free_size
//	  from generate_series(1, pg_relation_size('tenk1_hundred')/8192 - 1) b,
//	       bt_page_stats('tenk1_hundred', b::int);  -- pageinspect
//
// tenk1_unique1, tenk1_unique2 and tenk1_thous_tenthous: 30 pages (meta,
// 28 leaves of 367 items (366 + high key, 808 bytes free) and a last leaf
// of 118, root at block 3 with 28 downlinks). tenk1_hundred: 11 pages
// (9 leaves of posting lists, 13 items per leaf but the last with 4; root
// at block 3). onek_unique1 5, onek_hundred 2, onek_stringu1 5 (name keys
// are stored as cstrings); the partial indexes onek2_u1_prtl (unique1 < 20
// or unique1 > 980) and onek2_stu1_prtl (stringu1 >= 'J' and < 'K') 2 each,
// with 39 entries.
func TestPageCountsMatchPostgres(t *testing.T) {
	tenk := findRegressData(t, "tenk.data")
	onekPath := findRegressData(t, "onek.data")
	st := openStorage(t, t.TempDir(), 1024)
	defer st.Close()
	tenk1 := loadWisconsin(t, st, "tenk1", tenk)
	n, err := heap.NumBlocks(st, tenk1)
	if err != nil || n != 345 {
		t.Fatalf("tenk1 has %d heap pages (%v), PostgreSQL has 345", n, err)
	}
	onek := loadWisconsin(t, st, "onek", onekPath)
	type pageStat struct {
		blk       uint32
		items     int
		freeSpace int
	}
	cases := []struct {
		rel     string
		name    string
		attnos  []int
		pages   uint32
		leaves  int
		entries int64
		level   uint32
		root    uint32
		detail  []pageStat // a few pages as pageinspect showed them
		pred    func(row []types.Datum) (bool, error)
	}{
		{"tenk1", "tenk1_unique1", []int{1}, 30, 28, 10000, 1, 3, []pageStat{{1, 367, 808}, {3, 28, 7596}, {29, 118, 5788}}, nil},
		{"tenk1", "tenk1_unique2", []int{2}, 30, 28, 10000, 1, 3, []pageStat{{2, 367, 808}, {29, 118, 5788}}, nil},
		{"tenk1", "tenk1_hundred", []int{7}, 11, 9, 10000, 1, 3, []pageStat{{1, 13, 688}, {3, 9, 7976}, {10, 4, 5668}}, nil},
		{"tenk1", "tenk1_thous_tenthous", []int{8, 11}, 30, 28, 10000, 1, 3, []pageStat{{1, 367, 808}, {29, 118, 5788}}, nil},
		{"onek", "onek_unique1", []int{1}, 5, 3, 1000, 1, 3, nil, nil},
		{"onek", "onek_hundred", []int{7}, 2, 1, 1000, 0, 1, nil, nil},
		{"onek", "onek_stringu1", []int{14}, 5, 3, 1000, 1, 3, []pageStat{{1, 262, 812}, {2, 266, 796}, {3, 3, 8096}, {4, 150, 4092}}, nil},
		{"onek", "onek2_u1_prtl", []int{1}, 2, 1, 39, 0, 1, nil, func(row []types.Datum) (bool, error) {
			u := row[0].(int64)
			return u < 20 || u > 980, nil
		}},
		{"onek", "onek2_stu1_prtl", []int{14}, 2, 1, 39, 0, 1, nil, func(row []types.Datum) (bool, error) {
			s := row[13].(string)
			return s >= "J" && s < "K", nil
		}},
	}
	for _, c := range cases {
		hrel := tenk1
		if c.rel == "onek" {
			hrel = onek
		}
		idx := newIndex(st, hrel, c.name, false, c.attnos...)
		idx.Predicate = c.pred
		stats := buildIndex(t, st, idx, hrel)
		if stats.Pages != c.pages {
			t.Errorf("%s: %d pages, PostgreSQL 15 has %d", c.name, stats.Pages, c.pages)
		}
		res := mustCheck(t, st, idx)
		if res.LeafPages != c.leaves || res.Entries != c.entries {
			t.Errorf("%s: %d leaves with %d entries, want %d and %d", c.name, res.LeafPages, res.Entries, c.leaves, c.entries)
		}
		m, err := ReadMeta(st, idx)
		if err != nil {
			t.Fatal(err)
		}
		if m.Root != c.root || m.Level != c.level || m.FastRoot != c.root || !m.AllEqualImage {
			t.Errorf("%s: meta %+v, want root %d level %d", c.name, m, c.root, c.level)
		}
		if h, _ := TreeHeight(st, idx); h != int(c.level) {
			t.Errorf("%s: height %d", c.name, h)
		}
		for _, ps := range c.detail {
			p, err := newRel(st, idx, idx.desc, nil).readCopy(ps.blk)
			if err != nil {
				t.Fatal(err)
			}
			if int(p.MaxOffsetNumber()) != ps.items || p.FreeSpace() != ps.freeSpace {
				t.Errorf("%s block %d: %d items, %d bytes free; PostgreSQL: %d items, %d free",
					c.name, ps.blk, p.MaxOffsetNumber(), p.FreeSpace(), ps.items, ps.freeSpace)
			}
		}
	}
}
