package storage

import "testing"

func TestFreeSpaceMap(t *testing.T) {
	var f fsmTree
	if _, ok := f.search(1); ok {
		t.Fatal("empty map found a block")
	}
	f.set(5, 10)
	f.set(700, 200)
	f.set(3, 2)
	for _, c := range []struct {
		cat  uint8
		blk  BlockNumber
		find bool
	}{{1, 3, true}, {3, 5, true}, {10, 5, true}, {11, 700, true}, {201, 0, false}} {
		blk, ok := f.search(c.cat)
		if ok != c.find || ok && blk != c.blk {
			t.Errorf("search(%d) = %d %v, want %d %v", c.cat, blk, ok, c.blk, c.find)
		}
	}
	f.set(5, 0)
	if blk, _ := f.search(3); blk != 700 {
		t.Fatalf("after clearing block 5: %d", blk)
	}
	f.truncate(600)
	if _, ok := f.search(3); ok {
		t.Fatal("truncated block still found")
	}
}
