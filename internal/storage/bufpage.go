// bufpage.go: the slotted 8 KiB page layout shared by every relation file
// (PG: storage/page/bufpage.c, include/storage/bufpage.h, itemid.h).
//
// A page is a 24-byte header, an array of 4-byte line pointers growing up from
// the header, free space, tuples growing down from pd_upper, and an optional
// special space at the end. All integers are little-endian, as PostgreSQL
// writes them on x86.
//
// Concurrency: a Page is a plain byte slice. Callers hold the owning buffer's
// content lock (shared to read, exclusive to modify) while using it.
package storage

import (
	"encoding/binary"
	"sort"

	"github.com/loomdb/loomdb/internal/pgerror"
)

// BlockSize is BLCKSZ, the size of every page.
const BlockSize = 8192

// BlockNumber numbers the pages of a relation from 0.
type BlockNumber = uint32

// InvalidBlockNumber marks "no block".
const InvalidBlockNumber BlockNumber = 0xFFFFFFFF

// OffsetNumber numbers line pointers on a page from 1.
type OffsetNumber = uint16

// Line pointer and page constants.
const (
	InvalidOffsetNumber OffsetNumber = 0
	FirstOffsetNumber   OffsetNumber = 1

	// SizeOfPageHeaderData is the size of the fixed page header.
	SizeOfPageHeaderData = 24
	// ItemIDSize is the size of one line pointer.
	ItemIDSize = 4
	// MaxAlign is MAXIMUM_ALIGNOF.
	MaxAlign = 8
	// PageLayoutVersion is PG_PAGE_LAYOUT_VERSION.
	PageLayoutVersion = 4
	// SizeofHeapTupleHeader is the fixed part of a heap tuple header.
	SizeofHeapTupleHeader = 23
	// MaxHeapTuplesPerPage bounds the line pointers on a heap page.
	MaxHeapTuplesPerPage = (BlockSize - SizeOfPageHeaderData) / ((SizeofHeapTupleHeader+MaxAlign-1)&^(MaxAlign-1) + ItemIDSize)
	// MaxHeapTupleSize is the largest heap tuple that fits on an empty page.
	MaxHeapTupleSize = BlockSize - ((SizeOfPageHeaderData + ItemIDSize + MaxAlign - 1) &^ (MaxAlign - 1))
)

// Line pointer states (lp_flags).
const (
	LPUnused   = 0
	LPNormal   = 1
	LPRedirect = 2
	LPDead     = 3
)

// Page header flag bits (pd_flags).
const (
	PDHasFreeLines = 0x0001
	PDPageFull     = 0x0002
	PDAllVisible   = 0x0004
	pdValidFlags   = 0x0007
)

// MaxAlignOf rounds n up to a multiple of MaxAlign (MAXALIGN).
func MaxAlignOf(n int) int { return (n + MaxAlign - 1) &^ (MaxAlign - 1) }

// Page is one BlockSize-byte page image.
type Page []byte

// ItemID is a decoded line pointer.
type ItemID struct {
	Off   uint16 // lp_off: offset of the item from the page start
	Flags uint8  // lp_flags
	Len   uint16 // lp_len: item length in bytes (unaligned)
}

// IsUsed reports whether the line pointer is in use (not LP_UNUSED).
func (id ItemID) IsUsed() bool { return id.Flags != LPUnused }

// IsNormal reports whether the line pointer points at a tuple.
func (id ItemID) IsNormal() bool { return id.Flags == LPNormal }

// HasStorage reports whether the line pointer owns bytes on the page.
func (id ItemID) HasStorage() bool { return id.Len != 0 }

func (id ItemID) encode() uint32 {
	return uint32(id.Off&0x7FFF) | uint32(id.Flags&3)<<15 | uint32(id.Len&0x7FFF)<<17
}

func decodeItemID(v uint32) ItemID {
	return ItemID{Off: uint16(v & 0x7FFF), Flags: uint8((v >> 15) & 3), Len: uint16(v >> 17)}
}

// LSN returns pd_lsn.
func (p Page) LSN() LSN {
	return LSN(uint64(binary.LittleEndian.Uint32(p[0:]))<<32 | uint64(binary.LittleEndian.Uint32(p[4:])))
}

// SetLSN sets pd_lsn.
func (p Page) SetLSN(l LSN) {
	binary.LittleEndian.PutUint32(p[0:], uint32(l>>32))
	binary.LittleEndian.PutUint32(p[4:], uint32(l))
}

// Checksum returns pd_checksum (loomdb writes 0: data checksums are off).
func (p Page) Checksum() uint16 { return binary.LittleEndian.Uint16(p[8:]) }

// Flags returns pd_flags.
func (p Page) Flags() uint16 { return binary.LittleEndian.Uint16(p[10:]) }

// SetFlags sets pd_flags.
func (p Page) SetFlags(f uint16) { binary.LittleEndian.PutUint16(p[10:], f) }

// Lower returns pd_lower, the end of the line pointer array.
func (p Page) Lower() uint16 { return binary.LittleEndian.Uint16(p[12:]) }

// Upper returns pd_upper, the start of tuple storage.
func (p Page) Upper() uint16 { return binary.LittleEndian.Uint16(p[14:]) }

// Special returns pd_special, the start of the special space.
func (p Page) Special() uint16 { return binary.LittleEndian.Uint16(p[16:]) }

func (p Page) setLower(v uint16)   { binary.LittleEndian.PutUint16(p[12:], v) }
func (p Page) setUpper(v uint16)   { binary.LittleEndian.PutUint16(p[14:], v) }
func (p Page) setSpecial(v uint16) { binary.LittleEndian.PutUint16(p[16:], v) }

// PageSizeVersion returns pd_pagesize_version.
func (p Page) PageSizeVersion() uint16 { return binary.LittleEndian.Uint16(p[18:]) }

// PruneXID returns pd_prune_xid, the oldest xmax that might make pruning useful.
func (p Page) PruneXID() uint32 { return binary.LittleEndian.Uint32(p[20:]) }

// SetPruneXID sets pd_prune_xid.
func (p Page) SetPruneXID(x uint32) { binary.LittleEndian.PutUint32(p[20:], x) }

// IsNew reports whether the page was never initialised (pd_upper == 0).
func (p Page) IsNew() bool { return p.Upper() == 0 }

// SpecialSpace returns the page's special space.
func (p Page) SpecialSpace() []byte { return p[p.Special():BlockSize] }

// PageInit formats p as an empty page with specialSize bytes of special space.
func PageInit(p Page, specialSize int) {
	specialSize = MaxAlignOf(specialSize)
	clear(p[:BlockSize])
	p.setLower(SizeOfPageHeaderData)
	p.setUpper(uint16(BlockSize - specialSize))
	p.setSpecial(uint16(BlockSize - specialSize))
	binary.LittleEndian.PutUint16(p[18:], BlockSize|PageLayoutVersion)
}

// MaxOffsetNumber returns the number of line pointers on the page.
func (p Page) MaxOffsetNumber() OffsetNumber {
	l := int(p.Lower())
	if l <= SizeOfPageHeaderData {
		return 0
	}
	return OffsetNumber((l - SizeOfPageHeaderData) / ItemIDSize)
}

// ItemID returns line pointer off (1-based); off must be in 1..MaxOffsetNumber.
func (p Page) ItemID(off OffsetNumber) ItemID {
	pos := SizeOfPageHeaderData + int(off-1)*ItemIDSize
	return decodeItemID(binary.LittleEndian.Uint32(p[pos:]))
}

// SetItemID overwrites line pointer off.
func (p Page) SetItemID(off OffsetNumber, id ItemID) {
	pos := SizeOfPageHeaderData + int(off-1)*ItemIDSize
	binary.LittleEndian.PutUint32(p[pos:], id.encode())
}

// Item returns the bytes line pointer id points at. It returns a data
// corruption error when the pointer leaves the page.
func (p Page) Item(id ItemID) ([]byte, error) {
	start, end := int(id.Off), int(id.Off)+int(id.Len)
	if !id.HasStorage() || start < int(p.Lower()) || end > int(p.Special()) {
		return nil, pgerror.Newf(pgerror.DataCorrupted, "invalid line pointer: offset %d, length %d", id.Off, id.Len)
	}
	return p[start:end:end], nil
}

// GetItem returns the item at offset off, checking the line pointer.
func (p Page) GetItem(off OffsetNumber) ([]byte, error) {
	if off < FirstOffsetNumber || off > p.MaxOffsetNumber() {
		return nil, pgerror.Newf(pgerror.DataCorrupted, "invalid offset number %d", off)
	}
	return p.Item(p.ItemID(off))
}

// HasFreeLinePointers reports the PD_HAS_FREE_LINES hint.
func (p Page) HasFreeLinePointers() bool { return p.Flags()&PDHasFreeLines != 0 }

func (p Page) setHasFreeLines(on bool) {
	if on {
		p.SetFlags(p.Flags() | PDHasFreeLines)
	} else {
		p.SetFlags(p.Flags() &^ PDHasFreeLines)
	}
}

// FreeSpace returns the free bytes between pd_lower and pd_upper less room
// for one more line pointer (PageGetFreeSpace).
func (p Page) FreeSpace() int {
	space := int(p.Upper()) - int(p.Lower())
	if space < ItemIDSize {
		return 0
	}
	return space - ItemIDSize
}

// ExactFreeSpace returns pd_upper - pd_lower (PageGetExactFreeSpace).
func (p Page) ExactFreeSpace() int {
	space := int(p.Upper()) - int(p.Lower())
	if space < 0 {
		return 0
	}
	return space
}

// HeapFreeSpace returns the space available for one more heap tuple: zero
// when the page already holds MaxHeapTuplesPerPage line pointers and none is
// free (PageGetHeapFreeSpace).
func (p Page) HeapFreeSpace() int {
	space := p.FreeSpace()
	if space > 0 {
		n := p.MaxOffsetNumber()
		if int(n) >= MaxHeapTuplesPerPage {
			if !p.HasFreeLinePointers() {
				return 0
			}
			found := false
			for off := FirstOffsetNumber; off <= n; off++ {
				if !p.ItemID(off).IsUsed() {
					found = true
					break
				}
			}
			if !found {
				return 0
			}
		}
	}
	return space
}

// PageAddItem places item on the page and returns its offset, or
// InvalidOffsetNumber when it does not fit. With off == InvalidOffsetNumber
// it reuses a free line pointer or appends a new one. With a given off (redo
// replays the original placement) the line pointer must be unused or the one
// just past the end. isHeap enforces MaxHeapTuplesPerPage.
func PageAddItem(p Page, item []byte, off OffsetNumber, isHeap bool) OffsetNumber {
	lower, upper, special := int(p.Lower()), int(p.Upper()), int(p.Special())
	if lower < SizeOfPageHeaderData || lower > upper || upper > special || special > BlockSize {
		return InvalidOffsetNumber
	}
	limit := p.MaxOffsetNumber() + 1
	if off != InvalidOffsetNumber {
		if off > limit {
			return InvalidOffsetNumber
		}
		if off < limit {
			id := p.ItemID(off)
			if id.IsUsed() || id.HasStorage() {
				return InvalidOffsetNumber
			}
		}
	} else {
		off = limit
		if p.HasFreeLinePointers() {
			for i := FirstOffsetNumber; i < limit; i++ {
				id := p.ItemID(i)
				if !id.IsUsed() && !id.HasStorage() {
					off = i
					break
				}
			}
			if off == limit {
				p.setHasFreeLines(false)
			}
		}
	}
	if isHeap && int(off) > MaxHeapTuplesPerPage {
		return InvalidOffsetNumber
	}
	newLower := lower
	if off == limit {
		newLower += ItemIDSize
	}
	alignedSize := MaxAlignOf(len(item))
	newUpper := upper - alignedSize
	if newLower > newUpper {
		return InvalidOffsetNumber
	}
	copy(p[newUpper:], item)
	clear(p[newUpper+len(item) : newUpper+alignedSize])
	p.SetItemID(off, ItemID{Off: uint16(newUpper), Flags: LPNormal, Len: uint16(len(item))})
	p.setLower(uint16(newLower))
	p.setUpper(uint16(newUpper))
	return off
}

// PageRepairFragmentation moves the storage of all items that still have
// storage together at the end of the page, so the free space is contiguous.
// Line pointer numbers do not change. It sets PD_HAS_FREE_LINES when some line
// pointer is unused.
func PageRepairFragmentation(p Page) error {
	lower, upper, special := int(p.Lower()), int(p.Upper()), int(p.Special())
	if lower < SizeOfPageHeaderData || lower > upper || upper > special || special > BlockSize || special != MaxAlignOf(special) {
		return pgerror.Newf(pgerror.DataCorrupted, "corrupted page pointers: lower = %d, upper = %d, special = %d", lower, upper, special)
	}
	type ent struct {
		off    OffsetNumber
		start  int
		length int
	}
	n := p.MaxOffsetNumber()
	items := make([]ent, 0, n)
	unused := false
	total := 0
	for off := FirstOffsetNumber; off <= n; off++ {
		id := p.ItemID(off)
		if !id.IsUsed() {
			p.SetItemID(off, ItemID{})
			unused = true
			continue
		}
		if id.HasStorage() {
			if int(id.Off) < upper || int(id.Off)+int(id.Len) > special {
				return pgerror.Newf(pgerror.DataCorrupted, "corrupted line pointer: %d", id.Off)
			}
			items = append(items, ent{off, int(id.Off), int(id.Len)})
			total += MaxAlignOf(int(id.Len))
		}
	}
	if total > special-lower {
		return pgerror.Newf(pgerror.DataCorrupted, "corrupted item lengths: total %d, available space %d", total, special-lower)
	}
	// Move tuples towards the end, highest original position first, so a
	// move never overwrites a tuple not yet moved.
	sort.Slice(items, func(i, j int) bool { return items[i].start > items[j].start })
	pos := special
	for _, it := range items {
		pos -= MaxAlignOf(it.length)
		if pos != it.start {
			copy(p[pos:pos+it.length], p[it.start:it.start+it.length])
		}
		p.SetItemID(it.off, ItemID{Off: uint16(pos), Flags: p.ItemID(it.off).Flags, Len: uint16(it.length)})
	}
	clear(p[lower:pos])
	p.setUpper(uint16(pos))
	p.setHasFreeLines(unused)
	return nil
}

// PageTruncateLinePointerArray removes unused line pointers from the end of
// the line pointer array, keeping at least one.
func PageTruncateLinePointerArray(p Page) {
	n := p.MaxOffsetNumber()
	keep := n
	for keep > 1 && !p.ItemID(keep).IsUsed() {
		keep--
	}
	if keep == n {
		return
	}
	p.setLower(uint16(SizeOfPageHeaderData + int(keep)*ItemIDSize))
	hasFree := false
	for off := FirstOffsetNumber; off <= keep; off++ {
		if !p.ItemID(off).IsUsed() {
			hasFree = true
			break
		}
	}
	p.setHasFreeLines(hasFree)
}

// PageIsEmpty reports whether the page has no line pointers in use.
func PageIsEmpty(p Page) bool {
	if p.IsNew() {
		return true
	}
	n := p.MaxOffsetNumber()
	for off := FirstOffsetNumber; off <= n; off++ {
		if p.ItemID(off).IsUsed() {
			return false
		}
	}
	return true
}

// VerifyPage checks a page read from disk: either all zeroes (a new page) or
// a sane header (PageIsVerifiedExtended without checksums).
func VerifyPage(p Page) bool {
	if len(p) != BlockSize {
		return false
	}
	if !p.IsNew() {
		lower, upper, special := int(p.Lower()), int(p.Upper()), int(p.Special())
		return p.Flags()&^pdValidFlags == 0 &&
			lower >= SizeOfPageHeaderData && lower <= upper && upper <= special &&
			special <= BlockSize && special == MaxAlignOf(special)
	}
	for _, b := range p {
		if b != 0 {
			return false
		}
	}
	return true
}
