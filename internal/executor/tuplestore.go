// tuplestore.go implements tupleStore, rows kept in arrival order to be
// read back, from the start or from where a reader left off, by any number
// of readers while rows are still being added (PG: tuplestore.c). The
// recursive-query nodes keep their work tables and a recursive WITH
// query's result in one.
//
// Rows stay in memory, column-wise, until they take more than the store's
// limit (work_mem); then every row moves to a temporary file (a spillFile
// with one partition) and later rows go there too. A reader remembers the
// number of the next row it returns and, once the rows are in the file,
// the block and offset where that row starts. The file's blocks only grow
// at the end and the rows still buffered become the next block unchanged,
// so a reader's position stays valid while rows are added. Types that
// cannot be written to a file (internal transition states) stay in memory
// whatever their size.
//
// A tupleStore belongs to one participant; it is not safe for concurrent
// use.

package executor

import (
	"sort"

	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
	"github.com/loomdb/loomdb/internal/vector"
)

// tupleStore is an append-only sequence of rows, in memory or in a
// temporary file.
type tupleStore struct {
	types     []types.T
	limit     int64
	spillable bool
	// mem holds the rows until they spill; file holds them all after.
	mem  *rowStore
	file *spillFile
	// n counts the rows stored.
	n int
	// blockStart[i] is the number of the first row of the file's block i,
	// tailStart that of the first row still buffered in memory.
	blockStart []int
	tailStart  int
}

// newTupleStore returns an empty store of rows of types ts that spills
// past limit bytes.
func newTupleStore(ts []types.T, limit int64) *tupleStore {
	return &tupleStore{types: ts, limit: limit, spillable: spillable(ts), mem: newRowStore(ts)}
}

// rows returns the number of rows stored.
func (s *tupleStore) rows() int { return s.n }

// appendBatch copies the live rows of b, its first len(s.types) columns.
func (s *tupleStore) appendBatch(b *vector.Batch) error {
	if s.file == nil {
		s.mem.appendBatch(b)
		s.n += b.Len()
		if s.spillable && s.mem.bytes > s.limit {
			return s.spill()
		}
		return nil
	}
	for i := 0; i < b.Len(); i++ {
		if err := s.writeRow(b.Cols, b.Row(i)); err != nil {
			return err
		}
	}
	return nil
}

// spill moves the rows in memory to the temporary file, which receives
// every later row too.
func (s *tupleStore) spill() error {
	mem := s.mem
	s.file = newSpillFile(s.types)
	s.mem, s.n, s.tailStart, s.blockStart = nil, 0, 0, nil
	for r := 0; r < mem.n; r++ {
		if err := s.writeRow(mem.cols, r); err != nil {
			return err
		}
	}
	return nil
}

// writeRow adds row r of cols to the file, noting where a block begins
// whenever the buffered rows are written out.
func (s *tupleStore) writeRow(cols []*vector.Vector, r int) error {
	p := s.file.part(0)
	blocks := len(p.blocks)
	if err := s.file.write(0, 0, cols, r); err != nil {
		return err
	}
	s.n++
	if len(p.blocks) > blocks {
		s.blockStart = append(s.blockStart, s.tailStart)
		s.tailStart = s.n
	}
	return nil
}

// close drops the rows and removes the temporary file; the store is empty
// afterwards and may be filled again, reusing its memory (the Recursive
// Union refills its stores every iteration). Readers must be rewound.
func (s *tupleStore) close() {
	if s.file != nil {
		s.file.close()
		s.file = nil
	}
	if s.mem != nil {
		s.mem.reset()
	} else {
		s.mem = newRowStore(s.types)
	}
	s.n, s.tailStart, s.blockStart = 0, 0, nil
}

// tupleReader reads a tupleStore's rows in order.
type tupleReader struct {
	s *tupleStore
	// pos is the number of the next row to return.
	pos int
	// Once the rows are in the file, block and off locate row pos (block
	// len(blocks) being the buffered rows) when at is set.
	block, off int
	at         bool
	// loaded is the block whose bytes dec holds (-1: none).
	loaded int
	dec    spillReader
	out    *vector.Batch
}

// reader returns a reader positioned at the first row.
func (s *tupleStore) reader() *tupleReader {
	return &tupleReader{s: s, loaded: -1, out: vector.NewBatch(s.types, vector.BatchSize)}
}

// rewind positions the reader at the first row again.
func (r *tupleReader) rewind() {
	r.pos, r.at = 0, false
}

// retarget makes r read store s, which may be r's own store closed and
// refilled since, from its first row; r keeps its output batch.
func (r *tupleReader) retarget(s *tupleStore) {
	r.s, r.pos, r.at, r.loaded = s, 0, false, -1
}

// next returns the following rows, at most a batch, or nil when the
// reader has returned every row stored so far. The batch is reused by the
// next call.
func (r *tupleReader) next() (*vector.Batch, error) {
	s := r.s
	if r.pos >= s.n {
		return nil, nil
	}
	if s.file == nil {
		end := min(r.pos+vector.BatchSize, s.n)
		s.mem.copyRows(r.out, r.pos, end)
		r.pos = end
		return r.out, nil
	}
	if !r.at {
		if err := r.seek(); err != nil {
			return nil, err
		}
	}
	r.out.Reset()
	for r.out.N < vector.BatchSize && r.pos < s.n {
		if err := r.decode(r.out); err != nil {
			return nil, err
		}
	}
	return r.out, nil
}

// data returns the bytes of the reader's current block, reading it from
// the file unless it is the buffered tail.
func (r *tupleReader) data() ([]byte, error) {
	p := r.s.file.part(0)
	if r.block >= len(p.blocks) {
		return p.buf, nil
	}
	if r.loaded != r.block {
		blk := p.blocks[r.block]
		if cap(r.dec.data) < blk.n {
			r.dec.data = make([]byte, blk.n)
		}
		buf := r.dec.data[:blk.n]
		if _, err := r.s.file.f.ReadAt(buf, blk.off); err != nil {
			return nil, pgerror.Newf(pgerror.InternalError, "could not read from temporary file: %v", err)
		}
		r.dec.data, r.loaded = buf, r.block
	}
	return r.dec.data, nil
}

// decode appends row pos to b and advances past it.
func (r *tupleReader) decode(b *vector.Batch) error {
	for {
		d, err := r.data()
		if err != nil {
			return err
		}
		if r.off < len(d) {
			r.dec.s = r.s.file
			r.dec.data, r.dec.pos = d, r.off
			r.dec.hashes = r.dec.hashes[:0]
			if err := r.dec.decodeRow(b); err != nil {
				return err
			}
			if r.block < len(r.s.file.part(0).blocks) {
				r.dec.data = d
			} else {
				// The tail is the file's buffer, not ours to keep.
				r.dec.data, r.loaded = nil, -1
			}
			r.off = r.dec.pos
			r.pos++
			return nil
		}
		// The block is done: go on with the next one.
		r.block++
		r.off = 0
	}
}

// seek locates row pos in the file, after the rows moved there or a
// rewind.
func (r *tupleReader) seek() error {
	s := r.s
	r.block = sort.Search(len(s.blockStart), func(i int) bool { return s.blockStart[i] > r.pos }) - 1
	first := 0
	if r.block < 0 || r.pos >= s.tailStart {
		r.block, first = len(s.blockStart), s.tailStart
	} else {
		first = s.blockStart[r.block]
	}
	r.off, r.at = 0, true
	// Decode the rows before pos in the block to find where it starts.
	want := r.pos
	r.pos = first
	scratch := vector.NewBatch(s.types, vector.BatchSize)
	for r.pos < want {
		if scratch.N == vector.BatchSize {
			scratch.Reset()
		}
		if err := r.decode(scratch); err != nil {
			return err
		}
	}
	return nil
}
