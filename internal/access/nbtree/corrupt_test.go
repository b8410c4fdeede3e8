package nbtree

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/storage"
	"github.com/loomdb/loomdb/internal/txn"
	"github.com/loomdb/loomdb/internal/types"
)

// TestCorruptPagesNeverPanic damages index pages on disk in random ways
// and runs every operation over them: each must return (an error is fine,
// and corruption it notices is XX001) without panicking, hanging or
// leaking locks.
func TestCorruptPagesNeverPanic(t *testing.T) {
	dir := t.TempDir()
	st := openStorage(t, dir, 128)
	hrel := newHeap(st, "cp", []string{"a", "b"}, []types.T{types.TInt4, types.TText})
	createHeap(t, st, hrel)
	idx := newIndex(st, hrel, "cp_ab", true, 1, 2)
	createEmptyIndex(t, st, idx)
	seed := int64(11)
	if v, err := strconv.ParseInt(os.Getenv("NBTREE_CORRUPT_SEED"), 10, 64); err == nil {
		seed = v
	}
	rng := rand.New(rand.NewSource(seed))
	insertRows(t, st, hrel, []*Index{idx}, 3000, func(i int) []types.Datum {
		return []types.Datum{int64(rng.Intn(200)), fmt.Sprintf("v%d-%s", i, string(make([]byte, rng.Intn(30))))}
	})
	idx2 := newIndex(st, hrel, "cp_a", false, 1)
	buildIndex(t, st, idx2, hrel)
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	files := map[*Index][]byte{}
	for _, ix := range []*Index{idx, idx2} {
		b, err := os.ReadFile(filepath.Join(dir, ix.Locator().String()))
		if err != nil {
			t.Fatal(err)
		}
		files[ix] = b
	}
	trials := 60
	if testing.Short() {
		trials = 15
	}
	if n, err := strconv.Atoi(os.Getenv("NBTREE_CORRUPT_TRIALS")); err == nil {
		trials = n
	}
	for trial := 0; trial < trials; trial++ {
		ix := idx
		if trial%2 == 1 {
			ix = idx2
		}
		orig := files[ix]
		bad := append([]byte(nil), orig...)
		npages := len(bad) / storage.BlockSize
		for k := 0; k < 1+rng.Intn(4); k++ {
			page := rng.Intn(npages)
			base := page * storage.BlockSize
			switch rng.Intn(5) {
			case 0: // random bytes anywhere
				for j := 0; j < 1+rng.Intn(8); j++ {
					bad[base+rng.Intn(storage.BlockSize)] = byte(rng.Intn(256))
				}
			case 1: // a line pointer
				off := base + storage.SizeOfPageHeaderData + 4*rng.Intn(20)
				bad[off], bad[off+1], bad[off+2], bad[off+3] = byte(rng.Intn(256)), byte(rng.Intn(256)), byte(rng.Intn(256)), byte(rng.Intn(256))
			case 2: // the special space (links, level, flags)
				off := base + storage.BlockSize - sizeofOpaque + rng.Intn(sizeofOpaque)
				bad[off] = byte(rng.Intn(8))
			case 3: // a tuple header (t_tid or t_info)
				lp := base + storage.SizeOfPageHeaderData + 4*rng.Intn(10)
				id := uint32(bad[lp]) | uint32(bad[lp+1])<<8 | uint32(bad[lp+2])<<16 | uint32(bad[lp+3])<<24
				if o := int(id & 0x7FFF); o > 0 && o < storage.BlockSize-8 {
					bad[base+o+rng.Intn(8)] = byte(rng.Intn(256))
				}
			case 4: // swap two pages
				other := rng.Intn(npages)
				copy(bad[base:base+storage.BlockSize], orig[other*storage.BlockSize:(other+1)*storage.BlockSize])
			}
		}
		path := filepath.Join(dir, ix.Locator().String())
		if err := os.WriteFile(path, bad, 0o600); err != nil {
			t.Fatal(err)
		}
		st := openStorage(t, dir, 64)
		fresh := &Index{Oid: ix.Oid, Name: ix.Name, DbOid: ix.DbOid, RelFileNumber: ix.RelFileNumber, Keys: ix.Keys, Unique: ix.Unique}
		done := make(chan string, 1)
		go func() {
			defer func() {
				if p := recover(); p != nil {
					done <- fmt.Sprintf("panic: %v", p)
				}
			}()
			done <- exerciseIndex(st, hrel, fresh, rng.Int63())
		}()
		select {
		case msg := <-done:
			if msg != "" {
				t.Fatalf("trial %d: %s", trial, msg)
			}
		case <-time.After(20 * time.Second):
			t.Fatalf("trial %d: operations on a corrupt index hang", trial)
		}
		if n := st.Buffers().PinnedBuffers(); n != 0 {
			t.Fatalf("trial %d: %d buffers still pinned", trial, n)
		}
		st.SimulateCrash() // do not write anything back
		if err := os.WriteFile(path, orig, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// exerciseIndex runs every kind of operation and returns a description of
// anything wrong other than a returned error.
func exerciseIndex(st *storage.Storage, hrel *table.Relation, idx *Index, seed int64) string {
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	rng := rand.New(rand.NewSource(seed))
	var problems string
	note := func(what string, err error) {
		if err == nil {
			return
		}
		if code := pgerror.CodeOf(err); code != pgerror.DataCorrupted && code != pgerror.UniqueViolation {
			problems += fmt.Sprintf("%s: unexpected error %v (%s); ", what, err, code)
		}
	}
	_, err := Check(ctx, st, idx)
	note("check", err)
	for _, dir := range []Direction{Forward, Backward} {
		for _, keys := range [][]ScanKey{nil, {{Attno: 1, Strategy: GreaterEqual, Arg: int64(rng.Intn(200))}}, {{Attno: 1, Strategy: Equal, Arg: int64(rng.Intn(200))}}} {
			s, err := BeginScan(st, idx, keys, ScanOptions{Direction: dir, WantKeys: true})
			if err != nil {
				note("begin", err)
				continue
			}
			for {
				ok, err := s.Next(ctx, nil)
				note("scan", err)
				if err != nil || !ok {
					break
				}
			}
			s.End()
		}
		ps := NewParallelScan()
		s, err := BeginScan(st, idx, nil, ScanOptions{Direction: dir, Parallel: ps})
		if err == nil {
			for {
				ok, err := s.Next(ctx, nil)
				note("parallel scan", err)
				if err != nil || !ok {
					break
				}
			}
		}
	}
	tx := st.Txns().Begin(txn.ReadCommitted)
	for i := 0; i < 300; i++ {
		vals := []types.Datum{int64(rng.Intn(200)), fmt.Sprint("n", i)}
		if len(idx.Keys) == 1 {
			vals = vals[:1]
		}
		tid := table.TID{Block: uint32(400 + i/100), Offset: uint16(1 + i%100)}
		err := Insert(ctx, st, tx, idx, hrel, vals, tid)
		note("insert", err)
		if err != nil {
			break
		}
	}
	tx.Abort()
	_, err = BulkDelete(ctx, st, idx, func(tid table.TID) bool { return tid.Offset%3 == 0 })
	note("bulk delete", err)
	_, err = ReadMeta(st, idx)
	note("meta", err)
	return problems
}
