// spillfile.go implements the temporary files a multi-batch hash join
// writes its postponed rows to (PG: buffile.c and the per-batch BufFiles
// of nodeHashjoin.c), an external sort its runs and a hash aggregate its
// spilled input. One spillFile holds any number of partitions (one per
// hash join batch) in a single operating-system file: each partition
// buffers its encoded rows in memory and appends them to the file in
// blocks, remembering where its blocks are, so a join with a thousand
// batches needs one file descriptor, not two thousand. The file is removed
// from the directory as soon as it is created and closed by close, so
// nothing is left behind even when the process dies.
//
// Rows are encoded with the combined hash of their join keys followed by
// each column: a NULL flag and the value (varint integers, IEEE floats,
// length-prefixed strings, numerics in PostgreSQL's on-disk format).
//
// A spillFile belongs to one participant; Parallel Hash will need a shared
// variant (PG: sharedtuplestore.c).

package executor

import (
	"encoding/binary"
	"math"
	"os"

	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
	"github.com/loomdb/loomdb/internal/vector"
)

// A partition buffers up to spillBuffersSize / (number of partitions)
// bytes, between spillBlockMin and spillBlockMax, before writing them as
// one block: few partitions get large blocks and few system calls, many
// partitions small ones and bounded memory.
const (
	spillBuffersSize = 1 << 20
	spillBlockMin    = 8 << 10
	spillBlockMax    = 64 << 10
)

// blockSize is the size at which a partition's buffer is written out.
func (s *spillFile) blockSize() int {
	return min(max(spillBuffersSize/max(len(s.parts), 1), spillBlockMin), spillBlockMax)
}

type spillBlock struct {
	off int64
	n   int
}

// spillPart is one partition (batch) of a spillFile.
type spillPart struct {
	buf    []byte
	blocks []spillBlock
	rows   int64
}

// spillFile is a set of partitions of encoded rows in one temporary file.
type spillFile struct {
	f     *os.File
	size  int64
	parts []*spillPart
	types []types.T
}

// spillable reports whether rows of types ts can be written to a temporary
// file (transition states of type internal cannot).
func spillable(ts []types.T) bool {
	for _, t := range ts {
		if types.ClassOf(t.Oid) == types.ClassInternal {
			return false
		}
	}
	return true
}

func newSpillFile(ts []types.T) *spillFile { return &spillFile{types: ts} }

// part returns partition i, creating partitions up to it.
func (s *spillFile) part(i int) *spillPart {
	for len(s.parts) <= i {
		s.parts = append(s.parts, &spillPart{})
	}
	return s.parts[i]
}

// rows returns the number of rows written to partition i.
func (s *spillFile) rows(i int) int64 {
	if i >= len(s.parts) {
		return 0
	}
	return s.parts[i].rows
}

// write appends row r of cols (a nil column is NULL) with its hash to
// partition i.
func (s *spillFile) write(i int, hash uint64, cols []*vector.Vector, r int) error {
	p := s.part(i)
	b := binary.LittleEndian.AppendUint64(p.buf, hash)
	for c := range s.types {
		var v *vector.Vector
		if c < len(cols) {
			v = cols[c]
		}
		if v == nil || v.Nulls[r] {
			b = append(b, 0)
			continue
		}
		b = append(b, 1)
		switch v.Class {
		case types.ClassInt:
			b = binary.AppendVarint(b, v.Ints[r])
		case types.ClassBool:
			if v.Bools[r] {
				b = append(b, 1)
			} else {
				b = append(b, 0)
			}
		case types.ClassFloat:
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v.Floats[r]))
		case types.ClassNumeric:
			b = binary.AppendUvarint(b, uint64(types.NumericDiskSize(v.Nums[r])))
			b = types.AppendNumericDisk(b, v.Nums[r])
		case types.ClassInterval:
			iv := v.Anys[r].(types.Interval)
			b = binary.AppendVarint(b, iv.Time)
			b = binary.AppendVarint(b, int64(iv.Day))
			b = binary.AppendVarint(b, int64(iv.Month))
		case types.ClassArray, types.ClassRecord:
			// Arrays and records spill in their binary send format.
			enc, err := types.Send(v.Type, v.Anys[r])
			if err != nil {
				return err
			}
			b = binary.AppendUvarint(b, uint64(len(enc)))
			b = append(b, enc...)
		default:
			b = binary.AppendUvarint(b, uint64(len(v.Strs[r])))
			b = append(b, v.Strs[r]...)
		}
	}
	p.buf = b
	p.rows++
	if len(p.buf) >= s.blockSize() {
		return s.writeBlock(p)
	}
	return nil
}

// flush writes partition i's buffered rows to the file, so that a
// partition that is complete holds no memory.
func (s *spillFile) flush(i int) error {
	p := s.part(i)
	if len(p.buf) == 0 {
		return nil
	}
	err := s.writeBlock(p)
	p.buf = nil
	return err
}

func (s *spillFile) writeBlock(p *spillPart) error {
	if s.f == nil {
		f, err := os.CreateTemp("", "loomdb-temp-*.tmp")
		if err != nil {
			return pgerror.Newf(pgerror.InternalError, "could not create temporary file: %v", err)
		}
		// Unlink at once: the open descriptor keeps the data alive.
		os.Remove(f.Name())
		s.f = f
	}
	if _, err := s.f.WriteAt(p.buf, s.size); err != nil {
		return pgerror.Newf(pgerror.InternalError, "could not write to temporary file: %v", err)
	}
	p.blocks = append(p.blocks, spillBlock{off: s.size, n: len(p.buf)})
	s.size += int64(len(p.buf))
	p.buf = p.buf[:0]
	return nil
}

// spillReader reads back a partition's rows in batches.
type spillReader struct {
	s     *spillFile
	p     *spillPart
	block int // next block to read; len(blocks): the buffered tail
	data  []byte
	pos   int
	tail  bool
	out   *vector.Batch
	// hashes holds the hash of each row of the last batch read.
	hashes []uint64
}

// reader returns a reader of partition i, using rd's buffers if not nil.
func (s *spillFile) reader(i int, rd *spillReader) *spillReader {
	if rd == nil {
		rd = &spillReader{out: vector.NewBatch(s.types, vector.BatchSize)}
	}
	rd.s, rd.p = s, s.part(i)
	rd.block, rd.pos, rd.tail = 0, 0, false
	rd.data = rd.data[:0]
	return rd
}

// next returns the next batch of rows (nil at the end); the batch is
// reused by the following call.
func (rd *spillReader) next() (*vector.Batch, error) {
	b := rd.out
	b.Reset()
	rd.hashes = rd.hashes[:0]
	for b.N < vector.BatchSize {
		if rd.pos >= len(rd.data) {
			ok, err := rd.load()
			if err != nil {
				return nil, err
			}
			if !ok {
				break
			}
			continue
		}
		if err := rd.decodeRow(b); err != nil {
			return nil, err
		}
	}
	if b.N == 0 {
		return nil, nil
	}
	return b, nil
}

// load makes the next block current; false at the end of the partition.
func (rd *spillReader) load() (bool, error) {
	p := rd.p
	if rd.block < len(p.blocks) {
		blk := p.blocks[rd.block]
		rd.block++
		if cap(rd.data) < blk.n {
			rd.data = make([]byte, blk.n)
		}
		rd.data = rd.data[:blk.n]
		if _, err := rd.s.f.ReadAt(rd.data, blk.off); err != nil {
			return false, pgerror.Newf(pgerror.InternalError, "could not read from temporary file: %v", err)
		}
		rd.pos = 0
		return true, nil
	}
	if !rd.tail {
		rd.tail = true
		rd.data = append(rd.data[:0], p.buf...)
		rd.pos = 0
		return len(rd.data) > 0, nil
	}
	return false, nil
}

func errCorruptSpill() error {
	return pgerror.New(pgerror.InternalError, "corrupt temporary file")
}

func (rd *spillReader) decodeRow(b *vector.Batch) error {
	d := rd.data[rd.pos:]
	if len(d) < 8 {
		return errCorruptSpill()
	}
	rd.hashes = append(rd.hashes, binary.LittleEndian.Uint64(d))
	i := 8
	for _, v := range b.Cols {
		if i >= len(d) {
			return errCorruptSpill()
		}
		flag := d[i]
		i++
		if flag == 0 {
			v.Append(nil)
			continue
		}
		switch v.Class {
		case types.ClassInt:
			x, n := binary.Varint(d[i:])
			if n <= 0 {
				return errCorruptSpill()
			}
			i += n
			v.Nulls = append(v.Nulls, false)
			v.Ints = append(v.Ints, x)
		case types.ClassBool:
			if i >= len(d) {
				return errCorruptSpill()
			}
			v.Nulls = append(v.Nulls, false)
			v.Bools = append(v.Bools, d[i] != 0)
			i++
		case types.ClassFloat:
			if len(d) < i+8 {
				return errCorruptSpill()
			}
			v.Nulls = append(v.Nulls, false)
			v.Floats = append(v.Floats, math.Float64frombits(binary.LittleEndian.Uint64(d[i:])))
			i += 8
		case types.ClassInterval:
			var f [3]int64
			for k := range f {
				x, n := binary.Varint(d[i:])
				if n <= 0 {
					return errCorruptSpill()
				}
				f[k] = x
				i += n
			}
			v.Nulls = append(v.Nulls, false)
			v.Anys = append(v.Anys, types.Interval{Time: f[0], Day: int32(f[1]), Month: int32(f[2])})
		case types.ClassNumeric:
			l, n := binary.Uvarint(d[i:])
			if n <= 0 || len(d) < i+n+int(l) {
				return errCorruptSpill()
			}
			i += n
			x, err := types.NumericFromDisk(d[i : i+int(l)])
			if err != nil {
				return err
			}
			i += int(l)
			v.Nulls = append(v.Nulls, false)
			v.Nums = append(v.Nums, x)
		case types.ClassArray, types.ClassRecord:
			l, n := binary.Uvarint(d[i:])
			if n <= 0 || len(d) < i+n+int(l) {
				return errCorruptSpill()
			}
			i += n
			x, err := types.Recv(v.Type, d[i:i+int(l)])
			if err != nil {
				return err
			}
			i += int(l)
			v.Nulls = append(v.Nulls, false)
			v.Anys = append(v.Anys, x)
		default:
			l, n := binary.Uvarint(d[i:])
			if n <= 0 || len(d) < i+n+int(l) {
				return errCorruptSpill()
			}
			i += n
			v.Nulls = append(v.Nulls, false)
			v.Strs = append(v.Strs, string(d[i:i+int(l)]))
			i += int(l)
		}
	}
	b.N++
	rd.pos += i
	return nil
}

// drop forgets partition i's rows (its file space is not reused).
func (s *spillFile) drop(i int) {
	if i < len(s.parts) {
		s.parts[i] = &spillPart{}
	}
}

// close removes the file.
func (s *spillFile) close() {
	if s.f != nil {
		s.f.Close()
		s.f = nil
	}
	s.parts = nil
	s.size = 0
}
