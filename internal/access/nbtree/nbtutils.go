// nbtutils.go: index tuples, their key attributes, insertion scan keys,
// comparisons and suffix truncation (PG: access/common/indextuple.c,
// access/nbtree/nbtutils.c, include/access/itup.h, nbtree.h's tuple macros).
//
// An index tuple is IndexTupleData (t_tid: block hi, block lo, offset as
// three uint16; t_info: size in the low 13 bits, then INDEX_AM_RESERVED_BIT
// (here INDEX_ALT_TID_MASK), INDEX_VAR_MASK, INDEX_NULL_MASK), a 4-byte null
// bitmap (bit set = not NULL) when INDEX_NULL_MASK is set, padding to
// MAXALIGN, then the attributes as heap_fill_tuple stores them. A pivot
// tuple has INDEX_ALT_TID_MASK set and keeps its number of key attributes in
// t_tid's offset (plus BT_PIVOT_HEAP_TID_ATTR when a heap TID follows the
// keys in its last 6 bytes) and its downlink in t_tid's block. A posting
// list tuple has INDEX_ALT_TID_MASK and BT_IS_POSTING set, the number of
// TIDs in the offset and the posting list's byte offset in the block.
//
// Concurrency: pure functions over byte slices; callers hold page locks.
package nbtree

import (
	"encoding/binary"
	"math"
	"strings"
	"unsafe"

	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/storage"
	"github.com/loomdb/loomdb/internal/types"
)

// Tuple and page format constants (nbtree.h, itup.h).
const (
	btreeMagic    = 0x053162
	btreeVersion  = 4
	btreeMetapage = 0

	// pNone is P_NONE, "no page" in sibling links and the metapage.
	pNone     = 0
	pHikey    = storage.OffsetNumber(1)
	pFirstKey = storage.OffsetNumber(2)

	btpLeaf            = 1 << 0
	btpRoot            = 1 << 1
	btpDeleted         = 1 << 2
	btpMeta            = 1 << 3
	btpHalfDead        = 1 << 4
	btpSplitEnd        = 1 << 5
	btpHasGarbage      = 1 << 6
	btpIncompleteSplit = 1 << 7

	sizeofOpaque = 16

	indexSizeMask   = 0x1FFF
	indexAltTidMask = 0x2000
	indexVarMask    = 0x4000
	indexNullMask   = 0x8000

	btOffsetMask       = 0x0FFF
	btPivotHeapTidAttr = 0x1000
	btIsPosting        = 0x2000

	sizeofIndexTupleData = 8
	sizeofItemPointer    = 6
	// maxAlignedTID is MAXALIGN(sizeof(ItemPointerData)).
	maxAlignedTID = 8

	// maxItemSize is BTMaxItemSize: the largest leaf tuple, leaving room
	// for a heap TID in a pivot made from it.
	maxItemSize = 2704
	// maxItemSizeNoHeapTid is BTMaxItemSizeNoHeapTid.
	maxItemSizeNoHeapTid = 2712

	defaultLeafFillFactor = 90
	nonLeafFillFactor     = 70
	singleValFillFactor   = 96
)

// attKind says how a key attribute is stored.
type attKind uint8

const (
	kindBool attKind = iota
	kindChar
	kindInt2
	kindInt4
	kindUint4
	kindInt8
	kindFloat4
	kindFloat8
	kindCString // name keys: name_ops stores them as cstring
	kindVarlena // text, varchar, bpchar, bytea
	kindNumeric
)

// attInfo describes one key attribute.
type attInfo struct {
	kind  attKind
	len   int // > 0 fixed; -1 varlena; -2 cstring
	align int
	typ   types.T
	name  string
	attno int
	// desc and nullsFirst are the column's ordering options (indoption).
	desc, nullsFirst bool
}

// tupDesc is an index's tuple descriptor.
type tupDesc struct {
	name  string
	atts  []attInfo
	nkeys int
	// allEqualImage: every key type's opclass has an equalimage support
	// function, so that equal keys are bitwise equal (_bt_allequalimage).
	allEqualImage bool
	// fixedOff[i] is attribute i's data offset in tuples without NULLs, for
	// the leading fixed-width attributes (attcacheoff).
	fixedOff []int
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

func newTupDesc(idx *Index) (*tupDesc, error) {
	if len(idx.Keys) == 0 {
		return nil, pgerror.Internal("index \"%s\" has no key columns", idx.Name)
	}
	if len(idx.Keys) > MaxKeys {
		return nil, pgerror.Newf(pgerror.TooManyColumns, "cannot use more than %d columns in an index", MaxKeys)
	}
	d := &tupDesc{name: idx.Name, nkeys: len(idx.Keys), allEqualImage: true}
	for _, k := range idx.Keys {
		info := types.InfoOf(k.Type.Oid)
		if info == nil {
			return nil, pgerror.Newf(pgerror.FeatureNotSupported, "data type with OID %d has no default operator class for access method \"btree\"", k.Type.Oid)
		}
		switch {
		case k.Type.Oid == types.JsonOid:
			return nil, pgerror.Newf(pgerror.UndefinedObject, "data type json has no default operator class for access method \"btree\"").
				WithHint("You must specify an operator class for the index or define a default operator class for the data type.")
		case k.Type.Oid == types.JsonbOid || info.Class == types.ClassArray:
			// Their order is not their bytes' order; index keys here
			// compare as bytes.
			return nil, pgerror.Newf(pgerror.FeatureNotSupported, "btree indexes on type %s are not supported yet", types.FormatTypeBe(k.Type.Oid))
		}
		a := attInfo{len: int(info.Len), align: alignOf(info.Align), typ: k.Type, name: k.Name, attno: k.Attno, desc: k.Desc, nullsFirst: k.NullsFirst}
		equalImage := true
		switch {
		case k.Type.Oid == types.NumericOid:
			a.kind, equalImage = kindNumeric, false
		case k.Type.Oid == types.NameOid:
			a.kind, a.len, a.align = kindCString, -2, 1
		case info.Len == -1:
			a.kind = kindVarlena
		case k.Type.Oid == types.UUIDOid:
			// Its 16 bytes are kept as a varlena: byte order is uuid order.
			a.kind, a.len, a.align = kindVarlena, -1, 1
		case k.Type.Oid == types.BoolOid:
			a.kind = kindBool
		case k.Type.Oid == types.CharOid:
			a.kind = kindChar
		case info.Len == 2:
			a.kind = kindInt2
		case info.Len == 4 && info.Class == types.ClassFloat:
			a.kind, equalImage = kindFloat4, false
		case info.Len == 8 && info.Class == types.ClassFloat:
			a.kind, equalImage = kindFloat8, false
		case info.Len == 4 && (k.Type.Oid == types.Int4Oid || k.Type.Oid == types.DateOid):
			a.kind = kindInt4
		case info.Len == 4:
			a.kind = kindUint4
		case info.Len == 8:
			a.kind = kindInt8
		default:
			return nil, pgerror.Newf(pgerror.FeatureNotSupported, "data type %s has no default operator class for access method \"btree\"", info.Name)
		}
		if !equalImage {
			d.allEqualImage = false
		}
		d.atts = append(d.atts, a)
	}
	off := 0
	for i := range d.atts {
		a := &d.atts[i]
		if a.len < 0 {
			break
		}
		off = alignUp(off, a.align)
		d.fixedOff = append(d.fixedOff, off)
		off += a.len
	}
	return d, nil
}

func corrupt(format string, args ...any) error {
	return pgerror.Newf(pgerror.DataCorrupted, format, args...)
}

// checkDatum verifies that d can be a value of attribute a.
func checkDatum(a *attInfo, d types.Datum) error {
	ok := false
	switch a.kind {
	case kindBool:
		_, ok = d.(bool)
	case kindFloat4, kindFloat8:
		_, ok = d.(float64)
	case kindNumeric:
		_, ok = d.(types.Numeric)
	case kindCString, kindVarlena:
		_, ok = d.(string)
	default:
		_, ok = d.(int64)
	}
	if !ok {
		return pgerror.Newf(pgerror.DatatypeMismatch, "value of Go type %T does not match index column \"%s\" of type %s", d, a.name, types.FormatType(a.typ))
	}
	return nil
}

// ---------------------------------------------------------------------------
// Index tuples.

// itup is an index tuple as stored on a page.
type itup []byte

func (t itup) info() uint16          { return binary.LittleEndian.Uint16(t[6:]) }
func (t itup) setInfo(v uint16)      { binary.LittleEndian.PutUint16(t[6:], v) }
func (t itup) size() int             { return int(t.info() & indexSizeMask) }
func (t itup) hasNulls() bool        { return t.info()&indexNullMask != 0 }
func (t itup) tidOffset() uint16     { return binary.LittleEndian.Uint16(t[4:]) }
func (t itup) setTidOffset(o uint16) { binary.LittleEndian.PutUint16(t[4:], o) }

func (t itup) tidBlock() uint32 {
	return uint32(binary.LittleEndian.Uint16(t[0:]))<<16 | uint32(binary.LittleEndian.Uint16(t[2:]))
}

func (t itup) setTidBlock(b uint32) {
	binary.LittleEndian.PutUint16(t[0:], uint16(b>>16))
	binary.LittleEndian.PutUint16(t[2:], uint16(b))
}

func readTID(b []byte) table.TID {
	return table.TID{
		Block:  uint32(binary.LittleEndian.Uint16(b[0:]))<<16 | uint32(binary.LittleEndian.Uint16(b[2:])),
		Offset: binary.LittleEndian.Uint16(b[4:]),
	}
}

func putTID(b []byte, tid table.TID) {
	binary.LittleEndian.PutUint16(b[0:], uint16(tid.Block>>16))
	binary.LittleEndian.PutUint16(b[2:], uint16(tid.Block))
	binary.LittleEndian.PutUint16(b[4:], tid.Offset)
}

// tid returns t_tid as a heap TID (plain non-pivot tuples).
func (t itup) tid() table.TID { return readTID(t) }

func (t itup) setTID(tid table.TID) { putTID(t, tid) }

// isPivot reports BTreeTupleIsPivot.
func (t itup) isPivot() bool {
	return t.info()&indexAltTidMask != 0 && t.tidOffset()&btIsPosting == 0
}

// isPosting reports BTreeTupleIsPosting.
func (t itup) isPosting() bool {
	return t.info()&indexAltTidMask != 0 && t.tidOffset()&btIsPosting != 0
}

// natts returns the number of key attributes the tuple holds
// (BTreeTupleGetNAtts).
func (t itup) natts(nkeys int) int {
	if t.isPivot() {
		return int(t.tidOffset() & btOffsetMask)
	}
	return nkeys
}

// pivotHasHeapTID reports whether a pivot tuple carries a heap TID.
func (t itup) pivotHasHeapTID() bool {
	return t.isPivot() && t.tidOffset()&btPivotHeapTidAttr != 0
}

// setNAtts makes t a pivot tuple with n key attributes (BTreeTupleSetNAtts).
func (t itup) setNAtts(n int, heapTID bool) {
	t.setInfo(t.info() | indexAltTidMask)
	o := uint16(n)
	if heapTID {
		o |= btPivotHeapTidAttr
	}
	t.setTidOffset(o)
}

// downlink returns a pivot tuple's child block (BTreeTupleGetDownLink).
func (t itup) downlink() uint32 { return t.tidBlock() }

// setDownlink sets a pivot tuple's child block.
func (t itup) setDownlink(b uint32) { t.setTidBlock(b) }

// nPosting returns the number of TIDs in a posting list tuple.
func (t itup) nPosting() int { return int(t.tidOffset() & btOffsetMask) }

// postingOffset returns the byte offset of a posting list.
func (t itup) postingOffset() int { return int(t.tidBlock()) }

// setPosting makes t a posting list tuple of n TIDs starting at off.
func (t itup) setPosting(n, off int) {
	t.setInfo(t.info() | indexAltTidMask)
	t.setTidBlock(uint32(off))
	t.setTidOffset(uint16(n) | btIsPosting)
}

// postingN returns TID i of a posting list.
func (t itup) postingN(i int) table.TID {
	return readTID(t[t.postingOffset()+i*sizeofItemPointer:])
}

// heapTID returns the tuple's lowest heap TID and whether it has one
// (BTreeTupleGetHeapTID): a pivot only has one when it was not truncated
// away.
func (t itup) heapTID() (table.TID, bool) {
	switch {
	case t.isPivot():
		if t.tidOffset()&btPivotHeapTidAttr == 0 {
			return table.TID{}, false
		}
		return readTID(t[t.size()-sizeofItemPointer:]), true
	case t.isPosting():
		return t.postingN(0), true
	}
	return t.tid(), true
}

// maxHeapTID returns the tuple's highest heap TID (BTreeTupleGetMaxHeapTID).
func (t itup) maxHeapTID() table.TID {
	if t.isPosting() {
		return t.postingN(t.nPosting() - 1)
	}
	tid, _ := t.heapTID()
	return tid
}

// dataOff returns where the attributes start (IndexInfoFindDataOffset).
func (t itup) dataOff() int {
	if t.hasNulls() {
		return storage.MaxAlignOf(sizeofIndexTupleData + 4)
	}
	return sizeofIndexTupleData
}

// dataEnd returns where the attribute bytes end: before the posting list or
// the pivot heap TID.
func (t itup) dataEnd() int {
	switch {
	case t.isPosting():
		return t.postingOffset()
	case t.pivotHasHeapTID():
		return t.size() - maxAlignedTID
	}
	return t.size()
}

// isNull reports whether attribute i is NULL.
func (t itup) isNull(i int) bool {
	return t.hasNulls() && t[sizeofIndexTupleData+i/8]&(1<<(i%8)) == 0
}

// checkTuple validates the header of an item read from a page, so that
// the accessors above stay inside it.
func checkTuple(t itup, nkeys int) error {
	if len(t) < sizeofIndexTupleData {
		return corrupt("index tuple of length %d is shorter than its header", len(t))
	}
	sz := t.size()
	if sz < sizeofIndexTupleData || sz > len(t) {
		return corrupt("index tuple size %d does not match its line pointer length %d", sz, len(t))
	}
	if t.hasNulls() && sz < t.dataOff() {
		return corrupt("index tuple of size %d is too short for its null bitmap", sz)
	}
	switch {
	case t.isPosting():
		n, off := t.nPosting(), t.postingOffset()
		if n < 2 || off < t.dataOff() || off+n*sizeofItemPointer > sz {
			return corrupt("invalid posting list (%d TIDs at offset %d) in index tuple of size %d", n, off, sz)
		}
	case t.isPivot():
		n := t.natts(nkeys)
		if n > nkeys {
			return corrupt("pivot tuple has %d attributes, index has %d", n, nkeys)
		}
		if t.pivotHasHeapTID() && (n != nkeys || sz < t.dataOff()+maxAlignedTID) {
			return corrupt("invalid heap TID in pivot tuple")
		}
	}
	return nil
}

// attLoc is where an attribute's bytes are in a tuple; off < 0 for NULL.
type attLoc struct {
	off, len int32
}

// locs holds the locations of a tuple's key attributes.
type locs [MaxKeys]attLoc

// locate finds the first n key attributes of t. Attributes past the
// tuple's own count (truncated pivots) are not looked at.
func (d *tupDesc) locate(t itup, n int, l *locs) error {
	end := t.dataEnd()
	start := t.dataOff()
	if end > len(t) || start > end {
		return corrupt("index tuple attribute area %d..%d out of range", start, end)
	}
	data := t[start:end]
	if !t.hasNulls() && n <= len(d.fixedOff) {
		for i := 0; i < n; i++ {
			a := &d.atts[i]
			off := d.fixedOff[i]
			if off+a.len > len(data) {
				return corrupt("index tuple too short for attribute %d", i+1)
			}
			l[i] = attLoc{int32(start + off), int32(a.len)}
		}
		return nil
	}
	off := 0
	for i := 0; i < n; i++ {
		a := &d.atts[i]
		if t.isNull(i) {
			l[i] = attLoc{-1, 0}
			continue
		}
		switch {
		case a.len > 0:
			off = alignUp(off, a.align)
			if off+a.len > len(data) {
				return corrupt("index tuple too short for attribute %d", i+1)
			}
			l[i] = attLoc{int32(start + off), int32(a.len)}
			off += a.len
		case a.len == -2:
			j := off
			for j < len(data) && data[j] != 0 {
				j++
			}
			if j >= len(data) {
				return corrupt("unterminated cstring in index tuple attribute %d", i+1)
			}
			l[i] = attLoc{int32(start + off), int32(j + 1 - off)}
			off = j + 1
		default:
			if off >= len(data) {
				return corrupt("index tuple too short for attribute %d", i+1)
			}
			if data[off] == 0 {
				off = alignUp(off, a.align) // a 4-byte header after pad bytes
				if off >= len(data) {
					return corrupt("index tuple too short for attribute %d", i+1)
				}
			}
			n, err := varlenaSize(data, off)
			if err != nil {
				return err
			}
			l[i] = attLoc{int32(start + off), int32(n)}
			off += n
		}
	}
	return nil
}

// varlenaSize returns the total size of the varlena at data[off].
func varlenaSize(data []byte, off int) (int, error) {
	b0 := data[off]
	if b0&1 == 1 {
		if b0 == 1 {
			return 0, corrupt("unexpected TOAST pointer in index tuple")
		}
		n := int(b0 >> 1)
		if n < 1 || off+n > len(data) {
			return 0, corrupt("invalid varlena length %d in index tuple", n)
		}
		return n, nil
	}
	if off+4 > len(data) {
		return 0, corrupt("truncated varlena header in index tuple")
	}
	hdr := binary.LittleEndian.Uint32(data[off:])
	if hdr&3 != 0 {
		return 0, corrupt("unexpected compressed value in index tuple")
	}
	n := int(hdr >> 2)
	if n < 4 || off+n > len(data) {
		return 0, corrupt("invalid varlena length %d in index tuple", n)
	}
	return n, nil
}

// payload returns a variable-width attribute's value bytes.
func payload(a *attInfo, raw []byte) []byte {
	switch {
	case a.len == -2:
		return raw[:len(raw)-1]
	case a.len == -1:
		if raw[0]&1 == 1 {
			return raw[1:]
		}
		return raw[4:]
	}
	return raw
}

// unsafeString views b as a string without copying; only for comparisons
// made while the page is locked.
func unsafeString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// datum decodes an attribute. Strings are copied unless transient is set,
// in which case they alias the page and may only be compared.
func datum(a *attInfo, raw []byte, transient bool) (types.Datum, error) {
	switch a.kind {
	case kindBool:
		return raw[0] != 0, nil
	case kindChar:
		return int64(raw[0]), nil
	case kindInt2:
		return int64(int16(binary.LittleEndian.Uint16(raw))), nil
	case kindInt4:
		return int64(int32(binary.LittleEndian.Uint32(raw))), nil
	case kindUint4:
		return int64(binary.LittleEndian.Uint32(raw)), nil
	case kindInt8:
		return int64(binary.LittleEndian.Uint64(raw)), nil
	case kindFloat4:
		return float64(math.Float32frombits(binary.LittleEndian.Uint32(raw))), nil
	case kindFloat8:
		return math.Float64frombits(binary.LittleEndian.Uint64(raw)), nil
	case kindNumeric:
		n, err := types.NumericFromDisk(payload(a, raw))
		if err != nil {
			return nil, corrupt("invalid numeric value in index: %v", err)
		}
		return n, nil
	}
	p := payload(a, raw)
	if transient {
		return unsafeString(p), nil
	}
	return string(p), nil
}

// intValue decodes an integer-kind attribute.
func intValue(a *attInfo, raw []byte) (int64, bool) {
	switch a.kind {
	case kindChar:
		return int64(raw[0]), true
	case kindInt2:
		return int64(int16(binary.LittleEndian.Uint16(raw))), true
	case kindInt4:
		return int64(int32(binary.LittleEndian.Uint32(raw))), true
	case kindUint4:
		return int64(binary.LittleEndian.Uint32(raw)), true
	case kindInt8:
		return int64(binary.LittleEndian.Uint64(raw)), true
	}
	return 0, false
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// cmpRawDatum compares a stored attribute with a Datum of its type:
// negative, zero or positive as the attribute sorts before, equal to or
// after arg in the type's natural (ascending) order.
func cmpRawDatum(a *attInfo, raw []byte, arg types.Datum) (int, error) {
	if v, ok := intValue(a, raw); ok {
		if x, ok := arg.(int64); ok {
			return cmpInt(v, x), nil
		}
	}
	if a.kind == kindVarlena || a.kind == kindCString {
		if s, ok := arg.(string); ok {
			p := unsafeString(payload(a, raw))
			if a.typ.Oid == types.BpcharOid {
				return strings.Compare(types.BpcharTrim(p), types.BpcharTrim(s)), nil
			}
			return strings.Compare(p, s), nil
		}
	}
	v, err := datum(a, raw, true)
	if err != nil {
		return 0, err
	}
	return types.Compare(a.typ, v, arg), nil
}

// cmpRawRaw compares two stored attributes of the same column.
func cmpRawRaw(a *attInfo, x, y []byte) (int, error) {
	if v, ok := intValue(a, x); ok {
		w, _ := intValue(a, y)
		return cmpInt(v, w), nil
	}
	w, err := datum(a, y, true)
	if err != nil {
		return 0, err
	}
	return cmpRawDatum(a, x, w)
}

// cmpTID orders heap TIDs (ItemPointerCompare).
func cmpTID(a, b table.TID) int {
	switch {
	case a.Block < b.Block:
		return -1
	case a.Block > b.Block:
		return 1
	case a.Offset < b.Offset:
		return -1
	case a.Offset > b.Offset:
		return 1
	}
	return 0
}

// ---------------------------------------------------------------------------
// Forming tuples.

const shortVarlenaMax = 0x7F // VARATT_SHORT_MAX

// rawValue returns the bytes a non-NULL Datum is stored as (for varlenas
// and cstrings, without the header or terminator).
func rawValue(a *attInfo, d types.Datum) ([]byte, error) {
	if err := checkDatum(a, d); err != nil {
		return nil, err
	}
	switch a.kind {
	case kindNumeric:
		return types.AppendNumericDisk(nil, d.(types.Numeric)), nil
	case kindVarlena:
		return []byte(d.(string)), nil
	case kindCString:
		s := d.(string)
		if len(s) >= types.NameDataLen {
			s = s[:types.NameDataLen-1]
		}
		if i := strings.IndexByte(s, 0); i >= 0 {
			s = s[:i]
		}
		return []byte(s), nil
	}
	b := make([]byte, a.len)
	switch a.kind {
	case kindBool:
		if d.(bool) {
			b[0] = 1
		}
	case kindFloat4:
		binary.LittleEndian.PutUint32(b, math.Float32bits(float32(d.(float64))))
	case kindFloat8:
		binary.LittleEndian.PutUint64(b, math.Float64bits(d.(float64)))
	default:
		v := d.(int64)
		switch a.kind {
		case kindChar:
			b[0] = byte(v)
		case kindInt2:
			binary.LittleEndian.PutUint16(b, uint16(int16(v)))
		case kindInt4, kindUint4:
			binary.LittleEndian.PutUint32(b, uint32(v))
		case kindInt8:
			binary.LittleEndian.PutUint64(b, uint64(v))
		}
	}
	return b, nil
}

// formRaw builds an index tuple of the first len(vals) key attributes
// (index_form_tuple) from the stored bytes rawValue returns; nulls marks
// the NULL ones.
func (d *tupDesc) formRaw(vals [][]byte, nulls []bool, tid table.TID) (itup, error) {
	n := len(vals)
	hasNull, hasVar := false, false
	dataLen := 0
	for i := 0; i < n; i++ {
		a := &d.atts[i]
		if nulls[i] {
			hasNull = true
			continue
		}
		switch {
		case a.len == -1:
			hasVar = true
			if len(vals[i])+1 <= shortVarlenaMax {
				dataLen += 1 + len(vals[i])
			} else {
				dataLen = alignUp(dataLen, a.align) + 4 + len(vals[i])
			}
		case a.len == -2:
			hasVar = true
			dataLen += len(vals[i]) + 1
		default:
			dataLen = alignUp(dataLen, a.align) + a.len
		}
	}
	hoff := sizeofIndexTupleData
	if hasNull {
		hoff = storage.MaxAlignOf(sizeofIndexTupleData + 4)
	}
	size := storage.MaxAlignOf(hoff + dataLen)
	if size > indexSizeMask {
		return nil, pgerror.Newf(pgerror.ProgramLimitExceeded, "index row requires %d bytes, maximum size is %d", size, indexSizeMask)
	}
	t := make(itup, size)
	info := uint16(size)
	if hasNull {
		info |= indexNullMask
	}
	if hasVar {
		info |= indexVarMask
	}
	t.setInfo(info)
	t.setTID(tid)
	off := hoff
	for i := 0; i < n; i++ {
		a := &d.atts[i]
		if nulls[i] {
			continue
		}
		if hasNull {
			t[sizeofIndexTupleData+i/8] |= 1 << (i % 8)
		}
		v := vals[i]
		switch {
		case a.len == -1:
			if len(v)+1 <= shortVarlenaMax {
				t[off] = byte((len(v)+1)<<1 | 1)
				copy(t[off+1:], v)
				off += 1 + len(v)
			} else {
				off = hoff + alignUp(off-hoff, a.align)
				binary.LittleEndian.PutUint32(t[off:], uint32(len(v)+4)<<2)
				copy(t[off+4:], v)
				off += 4 + len(v)
			}
		case a.len == -2:
			copy(t[off:], v)
			off += len(v) + 1
		default:
			off = hoff + alignUp(off-hoff, a.align)
			copy(t[off:], v)
			off += a.len
		}
	}
	return t, nil
}

// formTuple builds a leaf tuple for the key values vals and heap tid.
func (d *tupDesc) formTuple(vals []types.Datum, tid table.TID) (itup, error) {
	if len(vals) != d.nkeys {
		return nil, pgerror.Internal("index \"%s\" has %d key columns, got %d values", d.name, d.nkeys, len(vals))
	}
	raws := make([][]byte, len(vals))
	nulls := make([]bool, len(vals))
	for i, v := range vals {
		if v == nil {
			nulls[i] = true
			continue
		}
		r, err := rawValue(&d.atts[i], v)
		if err != nil {
			return nil, err
		}
		raws[i] = r
	}
	return d.formRaw(raws, nulls, tid)
}

// rawAttrs returns the stored bytes (as rawValue returns them) of the first
// n attributes of t.
func (d *tupDesc) rawAttrs(t itup, n int) ([][]byte, []bool, error) {
	var l locs
	if err := d.locate(t, n, &l); err != nil {
		return nil, nil, err
	}
	raws := make([][]byte, n)
	nulls := make([]bool, n)
	for i := 0; i < n; i++ {
		if l[i].off < 0 {
			nulls[i] = true
			continue
		}
		raws[i] = payload(&d.atts[i], t[l[i].off:l[i].off+l[i].len])
	}
	return raws, nulls, nil
}

// values decodes the first n key attributes of t.
func (d *tupDesc) values(t itup, n int) ([]types.Datum, error) {
	var l locs
	if err := d.locate(t, n, &l); err != nil {
		return nil, err
	}
	out := make([]types.Datum, n)
	for i := 0; i < n; i++ {
		if l[i].off < 0 {
			continue
		}
		v, err := datum(&d.atts[i], t[l[i].off:l[i].off+l[i].len], false)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

// copyTuple returns a copy of the first size() bytes of t (CopyIndexTuple).
func copyTuple(t itup) itup {
	out := make(itup, t.size())
	copy(out, t)
	return out
}

// formPosting builds a posting list tuple from base's key and htids, or a
// plain tuple when there is one TID (_bt_form_posting).
func formPosting(base itup, htids []table.TID) itup {
	keysize := base.size()
	if base.isPosting() {
		keysize = base.postingOffset()
	}
	newsize := keysize
	if len(htids) > 1 {
		newsize = storage.MaxAlignOf(keysize + len(htids)*sizeofItemPointer)
	}
	t := make(itup, newsize)
	copy(t, base[:keysize])
	t.setInfo(t.info()&^indexSizeMask | uint16(newsize))
	if len(htids) > 1 {
		t.setPosting(len(htids), keysize)
		for i, tid := range htids {
			putTID(t[keysize+i*sizeofItemPointer:], tid)
		}
	} else {
		t.setInfo(t.info() &^ indexAltTidMask)
		t.setTID(htids[0])
	}
	return t
}

// postingTIDs returns a posting list's TIDs, or the tuple's one TID.
func postingTIDs(t itup) []table.TID {
	if !t.isPosting() {
		return []table.TID{t.tid()}
	}
	out := make([]table.TID, t.nPosting())
	for i := range out {
		out[i] = t.postingN(i)
	}
	return out
}

// ---------------------------------------------------------------------------
// Insertion scan keys and _bt_compare.

// insKey is an insertion scan key (BTScanInsertData): values for the
// leading keysz key columns, compared with tuples in index order.
type insKey struct {
	vals    []types.Datum // nil for NULL
	keysz   int
	nextkey bool
	// scantid, when set, is the heap TID tiebreaker (heapkeyspace).
	scantid    *table.TID
	anyNullKey bool
}

// mkScanKey builds the insertion scan key for a new tuple's values
// (_bt_mkscankey).
func (d *tupDesc) mkScanKey(vals []types.Datum) *insKey {
	k := &insKey{vals: vals, keysz: len(vals)}
	for _, v := range vals {
		if v == nil {
			k.anyNullKey = true
		}
	}
	return k
}

// compareKeyAttr returns the scan key's value versus the attribute, in
// index order, honouring DESC and NULLS FIRST.
func compareKeyAttr(a *attInfo, keyVal types.Datum, t itup, l attLoc) (int, error) {
	keyNull, attNull := keyVal == nil, l.off < 0
	switch {
	case keyNull && attNull:
		return 0, nil
	case keyNull:
		if a.nullsFirst {
			return -1, nil
		}
		return 1, nil
	case attNull:
		if a.nullsFirst {
			return 1, nil
		}
		return -1, nil
	}
	c, err := cmpRawDatum(a, t[l.off:l.off+l.len], keyVal)
	if err != nil {
		return 0, err
	}
	if a.desc {
		return c, nil
	}
	return -c, nil
}

// compare compares the scan key with the item at off of page: negative,
// zero or positive as the key sorts before, equal to or after it
// (_bt_compare). On internal pages the first data item is minus infinity.
func (d *tupDesc) compare(k *insKey, page storage.Page, off storage.OffsetNumber) (int, error) {
	if !isLeaf(page) && off == firstDataKey(page) {
		return 1, nil
	}
	t, err := getItem(page, off, d.nkeys)
	if err != nil {
		return 0, err
	}
	return d.compareTuple(k, t)
}

// compareTuple is compare against a tuple.
func (d *tupDesc) compareTuple(k *insKey, t itup) (int, error) {
	ntupatts := t.natts(d.nkeys)
	ncmp := min(ntupatts, k.keysz)
	var l locs
	if err := d.locate(t, ncmp, &l); err != nil {
		return 0, err
	}
	for i := 0; i < ncmp; i++ {
		c, err := compareKeyAttr(&d.atts[i], k.vals[i], t, l[i])
		if err != nil {
			return 0, err
		}
		if c != 0 {
			return c, nil
		}
	}
	// Truncated attributes are minus infinity.
	if k.keysz > ntupatts {
		return 1, nil
	}
	heapTID, ok := t.heapTID()
	if k.scantid == nil {
		// A scan key equal to a truncated pivot's untruncated prefix is
		// greater than it: nothing left of it can match.
		if k.keysz == ntupatts && !ok {
			return 1, nil
		}
		return 0, nil
	}
	if !ok {
		return 1, nil
	}
	c := cmpTID(*k.scantid, heapTID)
	if c <= 0 || !t.isPosting() {
		return c, nil
	}
	if cmpTID(*k.scantid, t.maxHeapTID()) > 0 {
		return 1, nil
	}
	return 0, nil
}

// keepNattsFast returns the number of leading key attributes that are
// bitwise equal in a and b, plus one (_bt_keep_natts_fast).
func (d *tupDesc) keepNattsFast(a, b itup) (int, error) {
	var la, lb locs
	n := d.nkeys
	if err := d.locate(a, min(n, a.natts(n)), &la); err != nil {
		return 0, err
	}
	if err := d.locate(b, min(n, b.natts(n)), &lb); err != nil {
		return 0, err
	}
	keep := 1
	for i := 0; i < n && i < a.natts(n) && i < b.natts(n); i++ {
		x, y := la[i], lb[i]
		if (x.off < 0) != (y.off < 0) {
			break
		}
		if x.off >= 0 && string(a[x.off:x.off+x.len]) != string(b[y.off:y.off+y.len]) {
			break
		}
		keep++
	}
	return keep, nil
}

// keepNatts returns the number of leading key attributes that compare
// equal in lastleft and firstright, plus one: how many a pivot separating
// them must keep (_bt_keep_natts).
func (d *tupDesc) keepNatts(lastleft, firstright itup) (int, error) {
	n := d.nkeys
	var la, lb locs
	if err := d.locate(lastleft, n, &la); err != nil {
		return 0, err
	}
	if err := d.locate(firstright, n, &lb); err != nil {
		return 0, err
	}
	keep := 1
	for i := 0; i < n; i++ {
		x, y := la[i], lb[i]
		if (x.off < 0) != (y.off < 0) {
			break
		}
		if x.off >= 0 {
			c, err := cmpRawRaw(&d.atts[i], lastleft[x.off:x.off+x.len], firstright[y.off:y.off+y.len])
			if err != nil {
				return 0, err
			}
			if c != 0 {
				break
			}
		}
		keep++
	}
	return keep, nil
}

// truncate builds the pivot tuple (new high key) that separates lastleft
// from firstright, keeping as few key attributes of firstright as
// possible and appending lastleft's heap TID only when all keys are equal
// (_bt_truncate).
func (d *tupDesc) truncate(lastleft, firstright itup) (itup, error) {
	keep, err := d.keepNatts(lastleft, firstright)
	if err != nil {
		return nil, err
	}
	var pivot itup
	if keep >= d.nkeys {
		// index_truncate_tuple copies; a posting list is cut off.
		pivot = copyTuple(firstright)
		if firstright.isPosting() {
			sz := storage.MaxAlignOf(firstright.postingOffset())
			pivot = pivot[:sz]
			pivot.setInfo(pivot.info()&^(indexSizeMask|indexAltTidMask) | uint16(sz))
			pivot.setTidOffset(0)
		}
	} else {
		raws, nulls, err := d.rawAttrs(firstright, keep)
		if err != nil {
			return nil, err
		}
		if pivot, err = d.formRaw(raws, nulls, firstright.tid()); err != nil {
			return nil, err
		}
	}
	if keep <= d.nkeys {
		pivot.setNAtts(keep, false)
		return pivot, nil
	}
	newsize := storage.MaxAlignOf(pivot.size()) + maxAlignedTID
	tp := make(itup, newsize)
	copy(tp, pivot[:pivot.size()])
	tp.setInfo(tp.info()&^indexSizeMask | uint16(newsize))
	tp.setNAtts(d.nkeys, true)
	putTID(tp[newsize-sizeofItemPointer:], lastleft.maxHeapTID())
	return tp, nil
}

// minusInfinity returns a pivot with no key attributes pointing at blk.
func minusInfinity(blk uint32) itup {
	t := make(itup, sizeofIndexTupleData)
	t.setInfo(sizeofIndexTupleData)
	t.setDownlink(blk)
	t.setNAtts(0, false)
	return t
}

// describeKey formats key values as PostgreSQL's BuildIndexValueDescription
// does: "(a, b)=(1, null)".
func (d *tupDesc) describeKey(vals []types.Datum) string {
	var names, vs []string
	for i, v := range vals {
		names = append(names, d.atts[i].name)
		if v == nil {
			vs = append(vs, "null")
		} else {
			vs = append(vs, types.Out(d.atts[i].typ, v))
		}
	}
	return "(" + strings.Join(names, ", ") + ")=(" + strings.Join(vs, ", ") + ")"
}
