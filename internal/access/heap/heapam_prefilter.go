// heapam_prefilter.go: tests a scan applies to a tuple's columns before
// decoding the tuple (a loomdb departure from PostgreSQL, which decodes
// every column its qual reads for every row). With a selective filter on
// a few columns, most tuples then cost a walk over their attribute
// lengths and a look at those columns; only the rows that pass have their
// other columns decoded.
//
// A prefilter is a conjunction of some of the scan's qual clauses, so a
// row it rejects is one the qual rejects too; the qual still runs on
// every row that passes. When most rows pass, the scan drops the
// prefilter and goes back to its one-pass decoding.
package heap

import (
	"encoding/binary"
	"slices"
	"unsafe"

	"github.com/loomdb/loomdb/internal/access/table"
)

// prefilterSample is how many tuples a scan tests before deciding whether
// its prefilter is worth keeping.
const prefilterSample = 4096

// SetPrefilter makes the scan skip tuples failing pf before decoding
// them. It reports false, changing nothing, when a test does not fit its
// column's storage or the column is not one the scan returns.
func (s *Scan) SetPrefilter(pf table.Prefilter) bool {
	if s.err != nil || s.def == nil || len(pf) == 0 || s.sampler != nil {
		return false
	}
	for _, c := range pf {
		if c.Col < 0 || c.Col > s.def.maxCol || !slices.Contains(s.cols, c.Col) {
			return false
		}
		ai := &s.def.infos[c.Col]
		if ai.dropped {
			return false
		}
		switch {
		case c.Int != nil:
			if ai.kind != kindInt2 && ai.kind != kindInt4 && ai.kind != kindInt8 && ai.kind != kindUint4 {
				return false
			}
		case c.Num != nil:
			if ai.kind != kindNumeric {
				return false
			}
		case c.Str != nil:
			if ai.kind != kindVarlena {
				return false
			}
		default:
			return false
		}
	}
	s.pf = pf
	return true
}

// Prefiltered returns how many tuples the prefilter skipped.
func (s *Scan) Prefiltered() int64 { return s.pfSkipped }

// prefilterPasses locates tup's attributes and reports whether they pass
// the prefilter; data is the tuple's data area for appendLocated.
func (s *Scan) prefilterPasses(tup []byte) (data []byte, pass bool, err error) {
	d := s.def
	if data, err = d.locate(tup); err != nil {
		return nil, false, err
	}
	pass = true
	for i := range s.pf {
		c := &s.pf[i]
		off := d.offs[c.Col]
		if off < 0 {
			pass = false
			break
		}
		ai := &d.infos[c.Col]
		switch {
		case c.Int != nil:
			var x int64
			switch ai.kind {
			case kindInt2:
				x = int64(int16(binary.LittleEndian.Uint16(data[off:])))
			case kindInt4:
				x = int64(int32(binary.LittleEndian.Uint32(data[off:])))
			case kindUint4:
				x = int64(binary.LittleEndian.Uint32(data[off:]))
			default:
				x = int64(binary.LittleEndian.Uint64(data[off:]))
			}
			pass = c.Int(x)
		case c.Num != nil:
			p, _, err := varlenaAt(data, off)
			if err != nil {
				return nil, false, err
			}
			n, err := numericFromDisk(p)
			if err != nil {
				return nil, false, err
			}
			pass = c.Num(n)
		default:
			p, _, err := varlenaAt(data, off)
			if err != nil {
				return nil, false, err
			}
			pass = c.Str(unsafe.String(unsafe.SliceData(p), len(p)))
		}
		if !pass {
			break
		}
	}
	s.pfTested++
	if pass {
		s.pfPassed++
	} else {
		s.pfSkipped++
	}
	if s.pfTested == prefilterSample && 2*s.pfPassed > s.pfTested {
		// Most rows pass: testing first only adds a walk per row.
		s.pf = nil
	}
	return data, pass, nil
}
