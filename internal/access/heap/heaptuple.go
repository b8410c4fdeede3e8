// heaptuple.go: forming and deforming heap tuples (PG: access/common/heaptuple.c,
// include/access/tupmacs.h, include/varatt.h).
//
// A tuple is the 23-byte header, a null bitmap when some attribute is NULL
// (bit set = not null), padding up to t_hoff (MAXALIGNed), then the non-null
// attributes in order, each aligned to its typalign. Varlena values of up to
// 126 data bytes get a 1-byte header and no alignment; longer ones a 4-byte
// header at typalign. Fixed-size values are little-endian; name is 64 bytes
// NUL-padded.
//
// Concurrency: a deformer is owned by one scan; formTuple is a pure function.
package heap

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/storage"
	"github.com/loomdb/loomdb/internal/types"
	"github.com/loomdb/loomdb/internal/vector"
)

// attKind says how an attribute's bytes become a Datum.
type attKind uint8

const (
	kindBool attKind = iota
	kindChar
	kindInt2
	kindInt4
	kindUint4 // oid and reg* types
	kindInt8
	kindFloat4
	kindFloat8
	kindName
	kindVarlena // text, varchar, bpchar, bytea
	kindNumeric
	kindInterval // 16 bytes: time int64, day int32, month int32
	kindArray    // a varlena holding the array's binary send format
)

type attInfo struct {
	kind    attKind
	len     int // typlen: > 0 fixed, -1 varlena
	align   int
	dropped bool
	typ     types.T // the array type, for kindArray
}

const shortVarlenaMax = 0x7F // VARATT_SHORT_MAX

// MaxHeapAttributeNumber is the most attributes a heap tuple can have.
const MaxHeapAttributeNumber = 1600

func corrupt(format string, args ...any) error {
	return pgerror.Newf(pgerror.DataCorrupted, format, args...)
}

func alignOf(c byte) int {
	switch c {
	case 's':
		return 2
	case 'i':
		return 4
	case 'd':
		return 8
	default:
		return 1
	}
}

func alignUp(off, align int) int { return (off + align - 1) &^ (align - 1) }

// attInfos derives the storage properties of desc's attributes.
func attInfos(desc *table.TupleDesc) ([]attInfo, error) {
	out := make([]attInfo, len(desc.Attrs))
	for i, a := range desc.Attrs {
		info := types.InfoOf(a.Type.Oid)
		if info == nil {
			return nil, pgerror.Newf(pgerror.FeatureNotSupported, "cannot store values of type with OID %d", a.Type.Oid)
		}
		ai := attInfo{len: int(info.Len), align: alignOf(info.Align), dropped: a.Dropped}
		switch {
		case info.Len == -1 && a.Type.Oid == types.NumericOid:
			ai.kind = kindNumeric
		case info.Class == types.ClassArray:
			ai.kind, ai.typ = kindArray, a.Type
		case info.Len == -1:
			ai.kind = kindVarlena
		case a.Type.Oid == types.UUIDOid:
			// Its 16 bytes are stored as a short varlena.
			ai.kind, ai.len, ai.align = kindVarlena, -1, 1
		case a.Type.Oid == types.BoolOid:
			ai.kind = kindBool
		case a.Type.Oid == types.CharOid:
			ai.kind = kindChar
		case a.Type.Oid == types.NameOid:
			ai.kind = kindName
		case info.Len == 2:
			ai.kind = kindInt2
		case info.Len == 4 && info.Class == types.ClassFloat:
			ai.kind = kindFloat4
		case info.Len == 8 && info.Class == types.ClassFloat:
			ai.kind = kindFloat8
		case info.Len == 4 && (a.Type.Oid == types.Int4Oid || a.Type.Oid == types.DateOid):
			ai.kind = kindInt4
		case info.Len == 4:
			ai.kind = kindUint4
		case info.Len == 8:
			ai.kind = kindInt8
		case a.Type.Oid == types.IntervalOid:
			ai.kind = kindInterval
		default:
			return nil, pgerror.Newf(pgerror.FeatureNotSupported, "cannot store values of type %s", info.Name)
		}
		out[i] = ai
	}
	return out, nil
}

func wrongDatum(i int, d types.Datum) error {
	return pgerror.Internal("attribute %d: unexpected datum of Go type %T", i+1, d)
}

// appendVarlenaPayload appends the payload of a numeric or array value
// to dst.
func appendVarlenaPayload(dst []byte, ai *attInfo, d types.Datum, i int) ([]byte, error) {
	switch ai.kind {
	case kindNumeric:
		n, ok := d.(types.Numeric)
		if !ok {
			return dst, wrongDatum(i, d)
		}
		return types.AppendNumericDisk(dst, n), nil
	case kindArray:
		if _, ok := d.(types.Array); !ok {
			return dst, wrongDatum(i, d)
		}
		p, err := types.Send(ai.typ, d)
		return append(dst, p...), err
	}
	return dst, wrongDatum(i, d)
}

// formTuple builds a heap tuple holding row. The header's transaction
// fields are left zero for the caller to fill.
func formTuple(infos []attInfo, row []types.Datum) ([]byte, error) {
	natts := len(infos)
	if len(row) != natts {
		return nil, pgerror.Internal("row has %d values, relation has %d attributes", len(row), natts)
	}
	if natts > MaxHeapAttributeNumber {
		return nil, pgerror.Newf(pgerror.TooManyColumns, "number of columns (%d) exceeds limit (%d)", natts, MaxHeapAttributeNumber)
	}
	hasNull, hasVarWidth := false, false
	// Numeric and array payloads are encoded once, into one scratch
	// buffer; strings are copied straight from the row.
	var scratch []byte
	var spans [][2]int
	dataLen := 0
	for i := range infos {
		ai := &infos[i]
		d := row[i]
		if ai.dropped || d == nil {
			hasNull = true
			continue
		}
		if ai.len == -1 {
			hasVarWidth = true
			var n int
			switch ai.kind {
			case kindNumeric, kindArray:
				if spans == nil {
					spans = make([][2]int, natts)
				}
				start := len(scratch)
				var err error
				if scratch, err = appendVarlenaPayload(scratch, ai, d, i); err != nil {
					return nil, err
				}
				spans[i] = [2]int{start, len(scratch)}
				n = len(scratch) - start
			default:
				s, ok := d.(string)
				if !ok {
					return nil, wrongDatum(i, d)
				}
				n = len(s)
			}
			if n+1 <= shortVarlenaMax {
				dataLen += 1 + n
			} else {
				dataLen = alignUp(dataLen, ai.align) + 4 + n
			}
			continue
		}
		dataLen = alignUp(dataLen, ai.align) + ai.len
	}
	hoff := storage.SizeofHeapTupleHeader
	if hasNull {
		hoff += (natts + 7) / 8
	}
	hoff = storage.MaxAlignOf(hoff)
	tup := make([]byte, hoff+dataLen)
	h := tupleHeader(tup)
	infomask := uint16(0)
	if hasNull {
		infomask |= HeapHasNull
	}
	if hasVarWidth {
		infomask |= HeapHasVarWidth
	}
	h.setInfomask(infomask)
	h.setInfomask2(uint16(natts))
	tup[offHoff] = byte(hoff)
	data := tup[hoff:]
	off := 0
	for i := range infos {
		ai := &infos[i]
		d := row[i]
		if ai.dropped || d == nil {
			continue
		}
		if hasNull {
			tup[offBits+i/8] |= 1 << (i % 8)
		}
		if ai.len == -1 {
			var p []byte
			var s string
			if ai.kind == kindNumeric || ai.kind == kindArray {
				p = scratch[spans[i][0]:spans[i][1]]
			} else {
				s = d.(string)
			}
			n := len(p) + len(s)
			if n+1 <= shortVarlenaMax {
				data[off] = byte((n+1)<<1 | 1)
				off++
			} else {
				off = alignUp(off, ai.align)
				binary.LittleEndian.PutUint32(data[off:], uint32(n+4)<<2)
				off += 4
			}
			copy(data[off:], p)
			copy(data[off:], s)
			off += n
			continue
		}
		off = alignUp(off, ai.align)
		if err := putFixed(ai, data[off:off+ai.len], d, i); err != nil {
			return nil, err
		}
		off += ai.len
	}
	return tup, nil
}

func putFixed(ai *attInfo, b []byte, d types.Datum, i int) error {
	switch ai.kind {
	case kindBool:
		v, ok := d.(bool)
		if !ok {
			return wrongDatum(i, d)
		}
		if v {
			b[0] = 1
		}
	case kindName:
		s, ok := d.(string)
		if !ok {
			return wrongDatum(i, d)
		}
		if len(s) >= types.NameDataLen {
			s = s[:types.NameDataLen-1]
		}
		copy(b, s)
	case kindInterval:
		v, ok := d.(types.Interval)
		if !ok {
			return wrongDatum(i, d)
		}
		binary.LittleEndian.PutUint64(b, uint64(v.Time))
		binary.LittleEndian.PutUint32(b[8:], uint32(v.Day))
		binary.LittleEndian.PutUint32(b[12:], uint32(v.Month))
	case kindFloat4, kindFloat8:
		f, ok := d.(float64)
		if !ok {
			return wrongDatum(i, d)
		}
		if ai.kind == kindFloat4 {
			binary.LittleEndian.PutUint32(b, math.Float32bits(float32(f)))
		} else {
			binary.LittleEndian.PutUint64(b, math.Float64bits(f))
		}
	default:
		v, ok := d.(int64)
		if !ok {
			return wrongDatum(i, d)
		}
		switch ai.kind {
		case kindChar:
			b[0] = byte(v)
		case kindInt2:
			binary.LittleEndian.PutUint16(b, uint16(int16(v)))
		case kindInt4, kindUint4:
			binary.LittleEndian.PutUint32(b, uint32(v))
		case kindInt8:
			binary.LittleEndian.PutUint64(b, uint64(v))
		default:
			return wrongDatum(i, d)
		}
	}
	return nil
}

// deformer extracts chosen attributes of tuples of one relation.
type deformer struct {
	infos []attInfo
	cols  []int
	// maxCol is the highest attribute any caller needs.
	maxCol int
	// cacheOff[i] is attribute i's offset in tuples without nulls, for the
	// leading attributes whose offset does not depend on earlier values.
	cacheOff []int
	offs     []int // scratch: offsets of attributes 0..maxCol, -1 for NULL
	// ascending marks a column list of table attributes in increasing
	// order, without the ctid, NULL placeholders or dropped columns: such
	// tuples are decoded in one pass, each needed attribute appended as
	// the walk over the tuple reaches it. prefixEnd is where the first
	// attribute after the fixed-offset prefix (cacheOff) starts, before
	// alignment.
	ascending bool
	prefixEnd int
}

func newDeformer(infos []attInfo, cols []int) (*deformer, error) {
	d := &deformer{infos: infos, cols: cols, maxCol: -1}
	for _, c := range cols {
		if c == table.CtidCol || c == table.NullCol {
			continue
		}
		if c < 0 || c >= len(infos) {
			return nil, pgerror.Internal("column %d out of range for relation with %d attributes", c, len(infos))
		}
		if c > d.maxCol {
			d.maxCol = c
		}
	}
	off := 0
	for i := range infos {
		ai := &infos[i]
		if ai.len < 0 || ai.dropped {
			break
		}
		off = alignUp(off, ai.align)
		d.cacheOff = append(d.cacheOff, off)
		off += ai.len
	}
	d.prefixEnd = off
	d.offs = make([]int, d.maxCol+1)
	d.ascending = len(cols) > 0
	for k, c := range cols {
		if c < 0 || infos[c].dropped || infos[c].kind == kindName || k > 0 && c <= cols[k-1] {
			d.ascending = false
		}
	}
	return d, nil
}

// locate fills d.offs with the data offsets of attributes 0..maxCol of the
// tuple (-1 for NULL) and returns the data area.
func (d *deformer) locate(tup []byte) ([]byte, error) {
	h := tupleHeader(tup)
	data := tup[h.hoff():]
	natts := h.natts()
	hasNull := h.infomask()&HeapHasNull != 0
	if !hasNull && d.maxCol < natts {
		return d.locateNoNulls(data)
	}
	bits := tup[offBits:]
	off := 0
	for i := 0; i <= d.maxCol; i++ {
		ai := &d.infos[i]
		if i >= natts || hasNull && bits[i/8]&(1<<(i%8)) == 0 {
			d.offs[i] = -1
			continue
		}
		if ai.len > 0 {
			off = alignUp(off, ai.align)
			if off+ai.len > len(data) {
				return nil, corrupt("tuple data too short for attribute %d", i+1)
			}
			d.offs[i] = off
			off += ai.len
			continue
		}
		if off >= len(data) {
			return nil, corrupt("tuple data too short for attribute %d", i+1)
		}
		if data[off] == 0 {
			off = alignUp(off, ai.align) // a 4-byte header after pad bytes
			if off >= len(data) {
				return nil, corrupt("tuple data too short for attribute %d", i+1)
			}
		}
		d.offs[i] = off
		_, n, err := varlenaAt(data, off)
		if err != nil {
			return nil, err
		}
		off += n
	}
	return data, nil
}

// locateNoNulls is locate for a tuple with every attribute up to maxCol
// present and none NULL, the common case: it starts after the
// fixed-offset prefix and steps over 1-byte-header varlenas (short
// numerics, text, char(n)) in line. Offsets are checked against the data
// once, at the end: they only grow.
func (d *deformer) locateNoNulls(data []byte) ([]byte, error) {
	i, off := 0, 0
	if n := min(len(d.cacheOff), d.maxCol+1); n > 0 {
		copy(d.offs[:n], d.cacheOff[:n])
		i = n
		last := &d.infos[n-1]
		off = d.cacheOff[n-1] + last.len
	}
	infos, offs := d.infos[:d.maxCol+1], d.offs[:d.maxCol+1]
	for ; i < len(infos); i++ {
		ai := &infos[i]
		if ai.len > 0 {
			off = (off + ai.align - 1) &^ (ai.align - 1)
			offs[i] = off
			off += ai.len
			continue
		}
		if off < len(data) {
			if b0 := data[off]; b0&1 == 1 && b0 != 1 {
				offs[i] = off
				off += int(b0 >> 1)
				continue
			}
			if data[off] == 0 {
				off = alignUp(off, ai.align) // a 4-byte header after pad bytes
			}
		}
		if off >= len(data) {
			return nil, corrupt("tuple data too short for attribute %d", i+1)
		}
		offs[i] = off
		_, n, err := varlenaAt(data, off)
		if err != nil {
			return nil, err
		}
		off += n
	}
	if off > len(data) {
		return nil, corrupt("tuple data too short: %d bytes", len(data))
	}
	return data, nil
}

// varlenaAt returns the payload of the varlena at data[off] and its total size.
func varlenaAt(data []byte, off int) ([]byte, int, error) {
	b0 := data[off]
	if b0&1 == 1 {
		if b0 == 1 {
			return nil, 0, pgerror.New(pgerror.FeatureNotSupported, "TOASTed values are not supported")
		}
		n := int(b0 >> 1)
		if n < 1 || off+n > len(data) {
			return nil, 0, corrupt("invalid varlena length %d", n)
		}
		return data[off+1 : off+n], n, nil
	}
	if off+4 > len(data) {
		return nil, 0, corrupt("truncated varlena header")
	}
	hdr := binary.LittleEndian.Uint32(data[off:])
	if hdr&3 != 0 {
		return nil, 0, pgerror.New(pgerror.FeatureNotSupported, "compressed values are not supported")
	}
	n := int(hdr >> 2)
	if n < 4 || off+n > len(data) {
		return nil, 0, corrupt("invalid varlena length %d", n)
	}
	return data[off+4 : off+n], n, nil
}

// datum decodes attribute i at data[off].
func (d *deformer) datum(data []byte, i, off int) (types.Datum, error) {
	ai := &d.infos[i]
	if ai.len > 0 {
		return fixedDatum(ai, data[off:off+ai.len]), nil
	}
	p, _, err := varlenaAt(data, off)
	if err != nil {
		return nil, err
	}
	switch ai.kind {
	case kindNumeric:
		return numericFromDisk(p)
	case kindArray:
		return arrayFromDisk(ai, p)
	}
	return string(p), nil
}

func arrayFromDisk(ai *attInfo, p []byte) (types.Datum, error) {
	a, err := types.Recv(ai.typ, p)
	if err != nil {
		return nil, corrupt("invalid array value: %v", err)
	}
	return a, nil
}

func numericFromDisk(p []byte) (types.Numeric, error) {
	n, err := types.NumericFromDisk(p)
	if err != nil {
		return n, corrupt("invalid numeric value: %v", err)
	}
	return n, nil
}

// appendVarlena decodes the variable-length attribute p straight into v,
// without boxing it as a Datum; a vector of the wrong class is an error.
func appendVarlena(v *vector.Vector, ai *attInfo, p []byte) error {
	if ai.kind == kindNumeric {
		n, err := numericFromDisk(p)
		if err != nil {
			return err
		}
		if v.Class != types.ClassNumeric {
			return appendDatum(v, n)
		}
		v.Nulls = append(v.Nulls, false)
		v.Nums = append(v.Nums, n)
		return nil
	}
	if ai.kind == kindArray {
		a, err := arrayFromDisk(ai, p)
		if err != nil {
			return err
		}
		return appendDatum(v, a)
	}
	if v.Class != types.ClassString {
		return appendDatum(v, string(p))
	}
	v.Nulls = append(v.Nulls, false)
	v.Strs = append(v.Strs, string(p))
	return nil
}

func fixedDatum(ai *attInfo, b []byte) types.Datum {
	switch ai.kind {
	case kindBool:
		return b[0] != 0
	case kindChar:
		return int64(b[0])
	case kindInt2:
		return int64(int16(binary.LittleEndian.Uint16(b)))
	case kindInt4:
		return int64(int32(binary.LittleEndian.Uint32(b)))
	case kindUint4:
		return int64(binary.LittleEndian.Uint32(b))
	case kindInt8:
		return int64(binary.LittleEndian.Uint64(b))
	case kindFloat4:
		return float64(math.Float32frombits(binary.LittleEndian.Uint32(b)))
	case kindFloat8:
		return math.Float64frombits(binary.LittleEndian.Uint64(b))
	case kindInterval:
		return types.Interval{Time: int64(binary.LittleEndian.Uint64(b)), Day: int32(binary.LittleEndian.Uint32(b[8:])), Month: int32(binary.LittleEndian.Uint32(b[12:]))}
	case kindName:
		n := 0
		for n < len(b) && b[n] != 0 {
			n++
		}
		return string(b[:n])
	}
	return nil
}

// appendTo decodes the deformer's columns of tup, whose TID is tid, onto
// the vectors of b.
func (d *deformer) appendTo(tup []byte, tid table.TID, b *vector.Batch) error {
	if d.ascending {
		return d.appendAscending(tup, b)
	}
	data, err := d.locate(tup)
	if err != nil {
		return err
	}
	return d.appendLocated(data, tid, b)
}

// appendLocated is appendTo for a tuple whose data area data locate has
// just found the attributes of.
func (d *deformer) appendLocated(data []byte, tid table.TID, b *vector.Batch) error {
	for j, c := range d.cols {
		v := b.Cols[j]
		if c == table.CtidCol {
			v.Nulls = append(v.Nulls, false)
			v.Ints = append(v.Ints, tid.Datum())
			continue
		}
		if c == table.NullCol {
			appendNull(v)
			continue
		}
		off := d.offs[c]
		if off < 0 || d.infos[c].dropped {
			appendNull(v)
			continue
		}
		ai := &d.infos[c]
		if ai.len > 0 && ai.kind != kindName && v.Class != types.ClassString {
			if err := appendFixed(v, ai, data[off:off+ai.len]); err != nil {
				return err
			}
			continue
		}
		if ai.len <= 0 {
			p, _, err := varlenaAt(data, off)
			if err != nil {
				return err
			}
			if err := appendVarlena(v, ai, p); err != nil {
				return err
			}
			continue
		}
		val, err := d.datum(data, c, off)
		if err != nil {
			return err
		}
		if err := appendDatum(v, val); err != nil {
			return err
		}
	}
	return nil
}

// appendAscending is appendTo for an ascending column list: one walk over
// the tuple's attributes up to the last needed one, starting after the
// fixed-offset prefix when the tuple has no NULLs.
func (d *deformer) appendAscending(tup []byte, b *vector.Batch) error {
	h := tupleHeader(tup)
	data := tup[h.hoff():]
	natts := h.natts()
	hasNull := h.infomask()&HeapHasNull != 0
	bits := tup[offBits:]
	i, off, j := 0, 0, 0
	if !hasNull && natts > d.maxCol {
		// Attributes before the first needed one inside the prefix
		// need no walking.
		if first := d.cols[0]; first < len(d.cacheOff) {
			i, off = first, d.cacheOff[first]
		} else {
			i, off = len(d.cacheOff), d.prefixEnd
		}
	}
	next := d.cols[0]
	for ; i <= d.maxCol; i++ {
		ai := &d.infos[i]
		if i >= natts || hasNull && bits[i/8]&(1<<(i%8)) == 0 {
			if i == next {
				appendNull(b.Cols[j])
				if j++; j < len(d.cols) {
					next = d.cols[j]
				}
			}
			continue
		}
		if ai.len > 0 {
			off = alignUp(off, ai.align)
			if off+ai.len > len(data) {
				return corrupt("tuple data too short for attribute %d", i+1)
			}
			if i == next {
				v := b.Cols[j]
				var err error
				if v.Class == types.ClassString {
					err = appendDatum(v, fixedDatum(ai, data[off:off+ai.len]))
				} else {
					err = appendFixed(v, ai, data[off:off+ai.len])
				}
				if err != nil {
					return err
				}
				if j++; j < len(d.cols) {
					next = d.cols[j]
				}
			}
			off += ai.len
			continue
		}
		if off >= len(data) {
			return corrupt("tuple data too short for attribute %d", i+1)
		}
		if b0 := data[off]; i != next && b0&1 == 1 && b0 != 1 {
			// An unneeded 1-byte-header varlena: only its length matters.
			// Whatever is read after it checks its own bounds.
			off += int(b0 >> 1)
			continue
		}
		if data[off] == 0 {
			off = alignUp(off, ai.align) // a 4-byte header after pad bytes
			if off >= len(data) {
				return corrupt("tuple data too short for attribute %d", i+1)
			}
		}
		p, n, err := varlenaAt(data, off)
		if err != nil {
			return err
		}
		if i == next {
			if err := appendVarlena(b.Cols[j], ai, p); err != nil {
				return err
			}
			if j++; j < len(d.cols) {
				next = d.cols[j]
			}
		}
		off += n
	}
	return nil
}

func appendNull(v *vector.Vector) {
	v.Nulls = append(v.Nulls, true)
	switch v.Class {
	case types.ClassInt:
		v.Ints = append(v.Ints, 0)
	case types.ClassBool:
		v.Bools = append(v.Bools, false)
	case types.ClassFloat:
		v.Floats = append(v.Floats, 0)
	case types.ClassNumeric:
		v.Nums = append(v.Nums, types.Numeric{})
	case types.ClassInterval, types.ClassInternal, types.ClassArray:
		v.Anys = append(v.Anys, nil)
	default:
		v.Strs = append(v.Strs, "")
	}
}

// appendFixed decodes a fixed-size attribute straight into v.
func appendFixed(v *vector.Vector, ai *attInfo, b []byte) error {
	switch v.Class {
	case types.ClassInt:
		var x int64
		switch ai.kind {
		case kindChar:
			x = int64(b[0])
		case kindInt2:
			x = int64(int16(binary.LittleEndian.Uint16(b)))
		case kindInt4:
			x = int64(int32(binary.LittleEndian.Uint32(b)))
		case kindUint4:
			x = int64(binary.LittleEndian.Uint32(b))
		case kindInt8:
			x = int64(binary.LittleEndian.Uint64(b))
		default:
			return vectorMismatch(v, ai)
		}
		v.Nulls = append(v.Nulls, false)
		v.Ints = append(v.Ints, x)
	case types.ClassFloat:
		var f float64
		switch ai.kind {
		case kindFloat4:
			f = float64(math.Float32frombits(binary.LittleEndian.Uint32(b)))
		case kindFloat8:
			f = math.Float64frombits(binary.LittleEndian.Uint64(b))
		default:
			return vectorMismatch(v, ai)
		}
		v.Nulls = append(v.Nulls, false)
		v.Floats = append(v.Floats, f)
	case types.ClassBool:
		if ai.kind != kindBool {
			return vectorMismatch(v, ai)
		}
		v.Nulls = append(v.Nulls, false)
		v.Bools = append(v.Bools, b[0] != 0)
	case types.ClassInterval:
		if ai.kind != kindInterval {
			return vectorMismatch(v, ai)
		}
		v.Nulls = append(v.Nulls, false)
		v.Anys = append(v.Anys, fixedDatum(ai, b))
	default:
		return vectorMismatch(v, ai)
	}
	return nil
}

func vectorMismatch(v *vector.Vector, ai *attInfo) error {
	return pgerror.Internal("vector of class %d cannot hold attribute of kind %d", v.Class, ai.kind)
}

func appendDatum(v *vector.Vector, d types.Datum) error {
	ok := false
	switch v.Class {
	case types.ClassInt:
		_, ok = d.(int64)
	case types.ClassBool:
		_, ok = d.(bool)
	case types.ClassFloat:
		_, ok = d.(float64)
	case types.ClassNumeric:
		_, ok = d.(types.Numeric)
	case types.ClassInterval:
		_, ok = d.(types.Interval)
	case types.ClassArray:
		_, ok = d.(types.Array)
	default:
		_, ok = d.(string)
	}
	if !ok {
		return pgerror.Internal("vector of class %d cannot hold %s", v.Class, fmt.Sprintf("%T", d))
	}
	v.Append(d)
	return nil
}

// deformInto sets row[c] to attribute c of tup for each of the
// deformer's columns (nil when NULL); other entries of row are left alone.
func (d *deformer) deformInto(tup []byte, row []types.Datum) error {
	data, err := d.locate(tup)
	if err != nil {
		return err
	}
	for _, c := range d.cols {
		row[c] = nil
		if off := d.offs[c]; off >= 0 && !d.infos[c].dropped {
			if row[c], err = d.datum(data, c, off); err != nil {
				return err
			}
		}
	}
	return nil
}

// deformAll returns every attribute of tup as Datums.
func deformAll(infos []attInfo, tup []byte) ([]types.Datum, error) {
	cols := make([]int, len(infos))
	for i := range cols {
		cols[i] = i
	}
	d, err := newDeformer(infos, cols)
	if err != nil {
		return nil, err
	}
	data, err := d.locate(tup)
	if err != nil {
		return nil, err
	}
	row := make([]types.Datum, len(infos))
	for i := range infos {
		if off := d.offs[i]; off >= 0 && !infos[i].dropped {
			if row[i], err = d.datum(data, i, off); err != nil {
				return nil, err
			}
		}
	}
	return row, nil
}
