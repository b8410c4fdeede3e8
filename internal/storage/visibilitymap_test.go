package storage

import (
	"os"
	"sync"
	"testing"
)

func TestVisibilityMapBits(t *testing.T) {
	vm := newVisibilityMap()
	a, b := RelFileLocator{DbOid: 5, RelNumber: 100}, RelFileLocator{DbOid: 5, RelNumber: 101}
	if vm.bits(a, false).Test(0) {
		t.Fatal("an unknown relation has a bit set")
	}
	for _, blk := range []BlockNumber{0, 63, 64, 5000, 100000} {
		vm.set(a, blk)
	}
	for _, blk := range []BlockNumber{0, 63, 64, 5000, 100000} {
		if !vm.bits(a, false).Test(blk) || vm.bits(b, false).Test(blk) {
			t.Fatalf("block %d: set in a %v, in b %v", blk, vm.bits(a, false).Test(blk), vm.bits(b, false).Test(blk))
		}
	}
	if vm.bits(a, false).Test(1) || vm.bits(a, false).Test(4999) || vm.bits(a, false).Test(200000) {
		t.Fatal("a bit nobody set")
	}
	vm.clear(a, 63)
	vm.clear(a, 300000) // past the end: nothing to do
	if vm.bits(a, false).Test(63) || !vm.bits(a, false).Test(64) {
		t.Fatal("clear touched the wrong bit")
	}
	vm.truncate(a, 64)
	if !vm.bits(a, false).Test(0) || vm.bits(a, false).Test(64) || vm.bits(a, false).Test(5000) || vm.bits(a, false).Test(100000) {
		t.Fatal("truncate kept or lost the wrong bits")
	}
	vm.truncate(a, 0)
	if vm.bits(a, false).Test(0) {
		t.Fatal("a dropped relation kept its bits")
	}
}

// TestVisibilityMapGrowRace sets bits far out (growing the array) while
// others clear theirs: no cleared bit may come back with a copy.
func TestVisibilityMapGrowRace(t *testing.T) {
	vm := newVisibilityMap()
	loc := RelFileLocator{DbOid: 5, RelNumber: 7}
	for blk := BlockNumber(0); blk < 64; blk++ {
		vm.set(loc, blk)
	}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for blk := BlockNumber(64); blk < 64*2000; blk += 64 {
			vm.set(loc, blk)
		}
	}()
	go func() {
		defer wg.Done()
		for blk := BlockNumber(0); blk < 64; blk++ {
			vm.clear(loc, blk)
		}
	}()
	wg.Wait()
	for blk := BlockNumber(0); blk < 64; blk++ {
		if vm.bits(loc, false).Test(blk) {
			t.Fatalf("cleared block %d is set again", blk)
		}
	}
}

// TestVisibilityMapSurvivesCleanShutdown: the map saved by Close comes
// back on the next start; after a crash, or when the saved file does not
// match the checkpoint the server stopped at, every bit starts clear.
func TestVisibilityMapSurvivesCleanShutdown(t *testing.T) {
	dir := t.TempDir()
	loc := RelFileLocator{DbOid: 5, RelNumber: 16384}
	s := openTest(t, dir, Options{SharedBuffers: 16})
	s.VisibilityMapSet(loc, 3)
	s.VisibilityMapSet(loc, 700)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openTest(t, dir, Options{SharedBuffers: 16})
	if !s.VisibilityMapOf(loc).Test(3) || !s.VisibilityMapOf(loc).Test(700) || s.VisibilityMapOf(loc).Test(4) {
		t.Fatal("the map did not survive a clean shutdown")
	}
	if _, err := os.Stat(vmPath(dir)); !os.IsNotExist(err) {
		t.Fatalf("the saved map was not removed once loaded: %v", err)
	}
	s.SimulateCrash()
	s = openTest(t, dir, Options{SharedBuffers: 16})
	if s.VisibilityMapOf(loc).Test(3) {
		t.Fatal("a bit survived a crash")
	}
	s.VisibilityMapSet(loc, 9)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	// A saved map stamped with another checkpoint is ignored.
	b, err := os.ReadFile(vmPath(dir))
	if err != nil {
		t.Fatal(err)
	}
	b[4] ^= 0xff
	if err := os.WriteFile(vmPath(dir), b, 0o600); err != nil {
		t.Fatal(err)
	}
	s = openTest(t, dir, Options{SharedBuffers: 16})
	defer s.Close()
	if s.VisibilityMapOf(loc).Test(9) {
		t.Fatal("a map saved at another checkpoint was loaded")
	}
}
