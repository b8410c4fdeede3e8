// This file holds arrays of any element type and up to MaxArrayDims
// dimensions: the text form (array_in, array_out), the binary form
// (array_send, array_recv), ordering and hashing (btarraycmp, hash_array),
// subscripting and slicing, and the value-level work of the array
// functions and ARRAY[...] constructors (PG: utils/adt/arrayfuncs.c,
// array_userfuncs.c, arrayutils.c, executor/execExprInterp.c).
//
// Element values are Datums handled through callbacks, so this file knows
// nothing about any particular element type. Errors carry PostgreSQL 15's
// SQLSTATEs, messages and details.

package types

import (
	"encoding/binary"
	"math"
	"strconv"
	"strings"

	"github.com/loomdb/loomdb/internal/pgerror"
)

// MaxArrayDims is MAXDIM, the most dimensions an array may have.
const MaxArrayDims = 6

// maxArraySize is MaxArraySize (MaxAllocSize / sizeof(Datum)), the most
// elements an array may hold.
const maxArraySize = 134217727

// Array is an array value: its element type, the length and lower bound of
// each dimension, and its elements in row-major order (the last subscript
// varies fastest), nil for a NULL element. An empty array has no
// dimensions at all, as in PostgreSQL; an array never has a zero-length
// dimension.
//
// NullBitmap records that PostgreSQL would keep this array with a null
// bitmap although no element is NULL any more: subscript assignment,
// slicing, concatenation and ARRAY[...] of sub-arrays carry a bitmap over
// from their inputs. It shows only in the has-nulls flag of the binary form,
// so storage that wants array_send to stay byte-exact keeps it.
type Array struct {
	Elem       T
	Dims       []int32
	Lbounds    []int32
	Elems      []Datum
	NullBitmap bool
}

// EmptyArray returns the empty (zero-dimensional) array of the given
// element type.
func EmptyArray(elem T) Array { return Array{Elem: elem} }

// Ndim returns the number of dimensions, 0 for an empty array.
func (a Array) Ndim() int { return len(a.Dims) }

// Len returns the number of elements (cardinality).
func (a Array) Len() int { return len(a.Elems) }

// HasNulls reports whether any element is NULL.
func (a Array) HasNulls() bool {
	for _, e := range a.Elems {
		if e == nil {
			return true
		}
	}
	return false
}

// hasBitmap reports whether PostgreSQL would store a with a null bitmap.
func (a Array) hasBitmap() bool { return a.NullBitmap || a.HasNulls() }

// NewArray returns the array with the given shape and elements, as
// construct_md_array builds it: the dimensions are checked for overflow and
// an array with a zero-length dimension comes out empty. len(elems) must be
// the product of dims.
func NewArray(elem T, dims, lbounds []int32, elems []Datum) (Array, error) {
	if len(dims) > MaxArrayDims {
		return Array{}, errTooManyDims(len(dims))
	}
	n, err := arrayNItems(dims)
	if err != nil {
		return Array{}, err
	}
	if err := arrayCheckBounds(dims, lbounds); err != nil {
		return Array{}, err
	}
	if n == 0 {
		return EmptyArray(elem), nil
	}
	if n != len(elems) {
		return Array{}, pgerror.Internal("array has %d elements, dimensions need %d", len(elems), n)
	}
	return Array{Elem: elem, Dims: cloneInt32(dims), Lbounds: cloneInt32(lbounds), Elems: elems}, nil
}

func cloneInt32(s []int32) []int32 { return append([]int32(nil), s...) }

func errTooManyDims(n int) error {
	return pgerror.Newf(pgerror.ProgramLimitExceeded,
		"number of array dimensions (%d) exceeds the maximum allowed (%d)", n, MaxArrayDims)
}

func errArraySize() error {
	return pgerror.Newf(pgerror.ProgramLimitExceeded,
		"array size exceeds the maximum allowed (%d)", maxArraySize)
}

// arrayNItems is ArrayGetNItems: the number of elements of an array with
// the given dimensions, refusing negative lengths and oversized arrays.
func arrayNItems(dims []int32) (int, error) {
	if len(dims) == 0 {
		return 0, nil
	}
	// Only the running product must fit in int4: a later zero length can
	// still make a huge prefix harmless, as in PostgreSQL.
	n := int64(1)
	for _, d := range dims {
		if d < 0 {
			return 0, errArraySize()
		}
		n *= int64(d)
		if n > math.MaxInt32 {
			return 0, errArraySize()
		}
	}
	if n > maxArraySize {
		return 0, errArraySize()
	}
	return int(n), nil
}

// arrayNItems64 is arrayNItems for dimensions computed in wider arithmetic
// than int32, where PostgreSQL's int overflow would have produced an
// out-of-range length and the same error.
func arrayNItems64(dims []int64) (int, error) {
	d32 := make([]int32, len(dims))
	for i, d := range dims {
		if d < 0 || d > maxArraySize {
			return 0, errArraySize()
		}
		d32[i] = int32(d)
	}
	return arrayNItems(d32)
}

// arrayCheckBounds is ArrayCheckBounds: every upper bound must fit in int4.
func arrayCheckBounds(dims, lbounds []int32) error {
	for i := range dims {
		if int64(dims[i])+int64(lbounds[i]) > math.MaxInt32 {
			return pgerror.Newf(pgerror.ProgramLimitExceeded, "array lower bound is too large: %d", lbounds[i])
		}
	}
	return nil
}

// arrayIsSpace is array_isspace: the ASCII whitespace the array syntax
// skips, independent of locale.
func arrayIsSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

func errMalformedArray(s, detail string) error {
	e := pgerror.Newf(pgerror.InvalidTextRepresentation, "malformed array literal: \"%s\"", s)
	if detail != "" {
		e.Detail = detail
	}
	return e
}

// cAtoi converts a dimension bound as C's atoi does on glibc: a value too
// large for a long saturates, and the long is then truncated to int. The
// bound text holds only digits and signs, so "1-" reads as 1 and "+-1" as 0.
func cAtoi(s string) int32 {
	i, neg := 0, false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	var v uint64
	over := false
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		d := uint64(s[i] - '0')
		if v > (math.MaxUint64-d)/10 {
			over = true
			continue
		}
		v = v*10 + d
	}
	var l int64
	switch {
	case !neg && (over || v > math.MaxInt64):
		l = math.MaxInt64
	case neg && (over || v > 1<<63):
		l = math.MinInt64
	case neg:
		l = -int64(v)
	default:
		l = int64(v)
	}
	return int32(l)
}

func isDimChar(c byte) bool { return c >= '0' && c <= '9' || c == '-' || c == '+' }

// ArrayIn parses an array's text form as array_in does for a type whose
// delimiter is a comma: optional explicit bounds such as [0:2]={...},
// nested braces, double quotes and backslash escapes, and unquoted NULL (in
// any case) for a NULL element. elemIn converts each element's de-quoted
// text.
func ArrayIn(s string, elem T, elemIn func(string) (Datum, error)) (Array, error) {
	var dims, lbs [MaxArrayDims]int32
	ndim := 0
	p := 0
	for {
		// Whitespace may separate dimension items but not appear inside one.
		for p < len(s) && arrayIsSpace(s[p]) {
			p++
		}
		if p >= len(s) || s[p] != '[' {
			break
		}
		p++
		if ndim >= MaxArrayDims {
			return Array{}, errTooManyDims(ndim + 1)
		}
		q := p
		for q < len(s) && isDimChar(s[q]) {
			q++
		}
		if q == p {
			return Array{}, errMalformedArray(s, "\"[\" must introduce explicitly-specified array dimensions.")
		}
		lb := int32(1)
		if q < len(s) && s[q] == ':' {
			lb = cAtoi(s[p:q])
			p = q + 1
			for q = p; q < len(s) && isDimChar(s[q]); q++ {
			}
			if q == p {
				return Array{}, errMalformedArray(s, "Missing array dimension value.")
			}
		}
		if q >= len(s) || s[q] != ']' {
			return Array{}, errMalformedArray(s, "Missing \"]\" after array dimensions.")
		}
		ub := cAtoi(s[p:q])
		p = q + 1
		if ub < lb {
			return Array{}, pgerror.New(pgerror.ArraySubscriptError, "upper bound cannot be less than lower bound")
		}
		lbs[ndim] = lb
		dims[ndim] = ub - lb + 1 // wraps like C's int for extreme bounds
		ndim++
	}

	if ndim == 0 {
		if p >= len(s) || s[p] != '{' {
			return Array{}, errMalformedArray(s, "Array value must start with \"{\" or dimension information.")
		}
		n, err := arrayCount(s[p:], &dims)
		if err != nil {
			return Array{}, err
		}
		ndim = n
		for i := 0; i < ndim; i++ {
			lbs[i] = 1
		}
	} else {
		if p >= len(s) || s[p] != '=' {
			return Array{}, errMalformedArray(s, "Missing \"=\" after array dimensions.")
		}
		p++
		for p < len(s) && arrayIsSpace(s[p]) {
			p++
		}
		if p >= len(s) || s[p] != '{' {
			return Array{}, errMalformedArray(s, "Array contents must start with \"{\".")
		}
		var braceDims [MaxArrayDims]int32
		n, err := arrayCount(s[p:], &braceDims)
		if err != nil {
			return Array{}, err
		}
		if n != ndim {
			return Array{}, errMalformedArray(s, "Specified array dimensions do not match array contents.")
		}
		for i := 0; i < ndim; i++ {
			if dims[i] != braceDims[i] {
				return Array{}, errMalformedArray(s, "Specified array dimensions do not match array contents.")
			}
		}
	}

	nitems, err := arrayNItems(dims[:ndim])
	if err != nil {
		return Array{}, err
	}
	if err := arrayCheckBounds(dims[:ndim], lbs[:ndim]); err != nil {
		return Array{}, err
	}
	if nitems == 0 {
		return EmptyArray(elem), nil
	}
	elems, err := readArrayItems(s[p:], s, nitems, dims[:ndim], elemIn)
	if err != nil {
		return Array{}, err
	}
	return Array{Elem: elem, Dims: cloneInt32(dims[:ndim]), Lbounds: cloneInt32(lbs[:ndim]), Elems: elems}, nil
}

// Parse states of arrayCount, named after what was seen last.
const (
	apNoLevel = iota
	apLevelStarted
	apElemStarted
	apQuotedElemStarted
	apQuotedElemCompleted
	apElemDelimited
	apLevelCompleted
	apLevelDelimited
)

// arrayCount is ArrayCount: it validates the brace structure of str (the
// text from the opening brace on) and derives the number of dimensions and
// their lengths, 0 dimensions for an empty array. Its way of counting is
// kept exactly, quirks included, because it decides which odd literals are
// accepted and what shape they get; errors quote str, not the whole input.
func arrayCount(str string, dim *[MaxArrayDims]int32) (int, error) {
	var temp, nelems, nelemsLast [MaxArrayDims]int32
	for i := range nelems {
		nelems[i] = 1
	}
	nest, ndim := 0, 1
	inQuotes, eoArray, empty := false, false, true
	state := apNoLevel
	unexpected := func(c byte) error {
		return errMalformedArray(str, "Unexpected \""+string(c)+"\" character.")
	}
	i := 0
	for !eoArray {
		itemDone := false
		for !itemDone {
			if state == apElemStarted || state == apQuotedElemStarted {
				empty = false
			}
			if i >= len(str) {
				return 0, errMalformedArray(str, "Unexpected end of input.")
			}
			c := str[i]
			switch c {
			case '\\':
				if state != apLevelStarted && state != apElemStarted &&
					state != apQuotedElemStarted && state != apElemDelimited {
					return 0, unexpected('\\')
				}
				if state != apQuotedElemStarted {
					state = apElemStarted
				}
				if i+1 >= len(str) {
					return 0, errMalformedArray(str, "Unexpected end of input.")
				}
				i++
			case '"':
				if state != apLevelStarted && state != apQuotedElemStarted && state != apElemDelimited {
					return 0, errMalformedArray(str, "Unexpected array element.")
				}
				inQuotes = !inQuotes
				if inQuotes {
					state = apQuotedElemStarted
				} else {
					state = apQuotedElemCompleted
				}
			case '{':
				if inQuotes {
					break
				}
				if state != apNoLevel && state != apLevelStarted && state != apLevelDelimited {
					return 0, unexpected('{')
				}
				state = apLevelStarted
				if nest >= MaxArrayDims {
					return 0, errTooManyDims(nest + 1)
				}
				temp[nest] = 0
				nest++
				if ndim < nest {
					ndim = nest
				}
			case '}':
				if inQuotes {
					break
				}
				if state != apElemStarted && state != apQuotedElemCompleted &&
					state != apLevelCompleted && !(nest == 1 && state == apLevelStarted) {
					return 0, unexpected('}')
				}
				state = apLevelCompleted
				if nest == 0 {
					return 0, errMalformedArray(str, "Unmatched \"}\" character.")
				}
				nest--
				if nelemsLast[nest] != 0 && nelems[nest] != nelemsLast[nest] {
					return 0, errMalformedArray(str, "Multidimensional arrays must have sub-arrays with matching dimensions.")
				}
				nelemsLast[nest] = nelems[nest]
				nelems[nest] = 1
				if nest == 0 {
					eoArray, itemDone = true, true
				} else {
					temp[nest-1]++
				}
			default:
				if inQuotes {
					break
				}
				if c == ',' {
					if state != apElemStarted && state != apQuotedElemCompleted && state != apLevelCompleted {
						return 0, unexpected(',')
					}
					if state == apLevelCompleted {
						state = apLevelDelimited
					} else {
						state = apElemDelimited
					}
					itemDone = true
					nelems[nest-1]++
				} else if !arrayIsSpace(c) {
					if state != apLevelStarted && state != apElemStarted && state != apElemDelimited {
						return 0, errMalformedArray(str, "Unexpected array element.")
					}
					state = apElemStarted
				}
			}
			if !itemDone {
				i++
			}
		}
		temp[ndim-1]++
		i++
	}
	for ; i < len(str); i++ {
		if !arrayIsSpace(str[i]) {
			return 0, errMalformedArray(str, "Junk after closing right brace.")
		}
	}
	if empty {
		return 0, nil
	}
	copy(dim[:], temp[:ndim])
	return ndim, nil
}

// readArrayItems is ReadArrayStr: it splits the already validated text
// into items, strips quoting and unquoted surrounding whitespace, and
// converts each item into its row-major slot. Positions no item lands in
// stay NULL. Its own errors are pro forma and quote the whole input.
func readArrayItems(str, orig string, nitems int, dims []int32, elemIn func(string) (Datum, error)) ([]Datum, error) {
	ndim := len(dims)
	var indx, prod [MaxArrayDims]int
	prod[ndim-1] = 1
	for i := ndim - 2; i >= 0; i-- {
		prod[i] = prod[i+1] * int(dims[i+1])
	}
	offset := func() int {
		off := 0
		for i := 0; i < ndim; i++ {
			off += indx[i] * prod[i]
		}
		return off
	}
	values := make([]Datum, nitems)
	var item []byte
	nest := 0
	inQuotes, eoArray := false, false
	src := 0
	for !eoArray {
		itemDone, leading, quoted := false, true, false
		idx := -1
		item = item[:0]
		end := 0
		for !itemDone {
			if src >= len(str) {
				return nil, errMalformedArray(orig, "")
			}
			c := str[src]
			switch {
			case c == '\\':
				src++
				if src >= len(str) {
					return nil, errMalformedArray(orig, "")
				}
				item = append(item, str[src])
				src++
				leading = false
				end = len(item)
				quoted = true
			case c == '"':
				inQuotes = !inQuotes
				if inQuotes {
					leading = false
				} else {
					end = len(item)
				}
				quoted = true
				src++
			case inQuotes:
				item = append(item, c)
				src++
			case c == '{':
				if nest >= ndim {
					return nil, errMalformedArray(orig, "")
				}
				nest++
				indx[nest-1] = 0
				src++
			case c == '}':
				if nest == 0 {
					return nil, errMalformedArray(orig, "")
				}
				if idx == -1 {
					idx = offset()
				}
				indx[nest-1] = 0
				nest--
				if nest == 0 {
					eoArray, itemDone = true, true
				} else {
					indx[nest-1]++
				}
				src++
			case c == ',':
				if idx == -1 {
					idx = offset()
				}
				itemDone = true
				indx[ndim-1]++
				src++
			case arrayIsSpace(c):
				// Whitespace is kept only if something significant follows.
				if !leading {
					item = append(item, c)
				}
				src++
			default:
				item = append(item, c)
				leading = false
				end = len(item)
				src++
			}
		}
		if idx < 0 || idx >= nitems {
			return nil, errMalformedArray(orig, "")
		}
		text := string(item[:end])
		if !quoted && strings.EqualFold(text, "NULL") {
			values[idx] = nil
			continue
		}
		d, err := elemIn(text)
		if err != nil {
			return nil, err
		}
		values[idx] = d
	}
	return values, nil
}

// AppendArrayDims appends the [lb:ub] decoration of each dimension, the
// text array_dims returns.
func AppendArrayDims(buf []byte, a Array) []byte {
	for i := range a.Dims {
		buf = append(buf, '[')
		buf = strconv.AppendInt(buf, int64(a.Lbounds[i]), 10)
		buf = append(buf, ':')
		buf = strconv.AppendInt(buf, int64(a.Lbounds[i]+a.Dims[i]-1), 10)
		buf = append(buf, ']')
	}
	return buf
}

// AppendArrayOut appends an array's text form as array_out writes it:
// {} when empty; a [lb:ub]...= prefix when some lower bound is not 1;
// NULL for NULL elements; and double quotes, with backslashes before " and
// \, around elements that are empty, read as NULL, or contain a brace, a
// quote, a backslash, a comma or whitespace. elemOut appends an element's
// text.
func AppendArrayOut(buf []byte, a Array, elemOut func(buf []byte, d Datum) []byte) []byte {
	if len(a.Elems) == 0 {
		return append(buf, "{}"...)
	}
	ndim := len(a.Dims)
	for _, lb := range a.Lbounds {
		if lb != 1 {
			buf = AppendArrayDims(buf, a)
			buf = append(buf, '=')
			break
		}
	}
	var indx [MaxArrayDims]int32
	var tmp []byte
	for i := 0; i < ndim; i++ {
		buf = append(buf, '{')
	}
	for k, d := range a.Elems {
		if k > 0 {
			// Close the dimensions the previous element finished, add the
			// delimiter, then reopen them.
			j := ndim - 1
			for ; j >= 0; j-- {
				indx[j]++
				if indx[j] < a.Dims[j] {
					break
				}
				indx[j] = 0
				buf = append(buf, '}')
			}
			buf = append(buf, ',')
			for ; j < ndim-1; j++ {
				buf = append(buf, '{')
			}
		}
		if d == nil {
			buf = append(buf, "NULL"...)
			continue
		}
		start := len(buf)
		buf = elemOut(buf, d)
		if !arrayOutNeedsQuotes(buf[start:]) {
			continue
		}
		tmp = append(tmp[:0], buf[start:]...)
		buf = append(buf[:start], '"')
		for _, c := range tmp {
			if c == '"' || c == '\\' {
				buf = append(buf, '\\')
			}
			buf = append(buf, c)
		}
		buf = append(buf, '"')
	}
	for i := 0; i < ndim; i++ {
		buf = append(buf, '}')
	}
	return buf
}

func arrayOutNeedsQuotes(v []byte) bool {
	if len(v) == 0 || (len(v) == 4 && strings.EqualFold(string(v), "NULL")) {
		return true
	}
	for _, c := range v {
		switch c {
		case '"', '\\', '{', '}', ',':
			return true
		}
		if arrayIsSpace(c) {
			return true
		}
	}
	return false
}

// AppendArraySend appends an array's binary form as array_send writes it:
// the number of dimensions, a has-nulls flag, the element type OID, each
// dimension's length and lower bound, then each element as a length (-1
// for NULL) followed by elemSend's bytes, all integers 4-byte big-endian.
// The flag says whether the array has a null bitmap: whether an element is
// NULL or a.NullBitmap is set.
func AppendArraySend(buf []byte, a Array, elemOid Oid, elemSend func(buf []byte, d Datum) []byte) []byte {
	buf = binary.BigEndian.AppendUint32(buf, uint32(len(a.Dims)))
	if a.hasBitmap() {
		buf = binary.BigEndian.AppendUint32(buf, 1)
	} else {
		buf = binary.BigEndian.AppendUint32(buf, 0)
	}
	buf = binary.BigEndian.AppendUint32(buf, uint32(elemOid))
	for i := range a.Dims {
		buf = binary.BigEndian.AppendUint32(buf, uint32(a.Dims[i]))
		buf = binary.BigEndian.AppendUint32(buf, uint32(a.Lbounds[i]))
	}
	for _, d := range a.Elems {
		if d == nil {
			buf = binary.BigEndian.AppendUint32(buf, math.MaxUint32)
			continue
		}
		at := len(buf)
		buf = append(buf, 0, 0, 0, 0)
		buf = elemSend(buf, d)
		binary.BigEndian.PutUint32(buf[at:], uint32(len(buf)-at-4))
	}
	return buf
}

// firstGenbkiObjectID is FirstGenbkiObjectId: below it, type OIDs are
// built in and stable, so a mismatch between them is worth reporting.
const firstGenbkiObjectID = 10000

// ArrayRecv decodes an array's binary form as array_recv does. elemRecv
// decodes one element; when it reports the incorrect-binary-format error
// that the package's receive functions give for surplus bytes, the error
// becomes array_recv's "improper binary format in array element N". Bytes
// left over after the last element give that incorrect-binary-format error,
// which the wire layer completes with the parameter number.
func ArrayRecv(b []byte, elem T, elemRecv func([]byte) (Datum, error)) (Array, error) {
	pos := 0
	getInt := func() (int32, error) {
		if len(b)-pos < 4 {
			return 0, errShortMessage()
		}
		v := int32(binary.BigEndian.Uint32(b[pos:]))
		pos += 4
		return v, nil
	}
	ndim, err := getInt()
	if err != nil {
		return Array{}, err
	}
	if ndim < 0 {
		return Array{}, pgerror.Newf(pgerror.InvalidBinaryRepresentation, "invalid number of dimensions: %d", ndim)
	}
	if ndim > MaxArrayDims {
		return Array{}, errTooManyDims(int(ndim))
	}
	flags, err := getInt()
	if err != nil {
		return Array{}, err
	}
	if flags != 0 && flags != 1 {
		return Array{}, pgerror.New(pgerror.InvalidBinaryRepresentation, "invalid array flags")
	}
	eoid, err := getInt()
	if err != nil {
		return Array{}, err
	}
	if got := Oid(uint32(eoid)); got != elem.Oid && got < firstGenbkiObjectID && elem.Oid < firstGenbkiObjectID {
		return Array{}, pgerror.Newf(pgerror.DatatypeMismatch,
			"binary data has array element type %d (%s) instead of expected %d (%s)",
			uint32(got), FormatTypeBe(got), uint32(elem.Oid), FormatTypeBe(elem.Oid))
	}
	dims := make([]int32, ndim)
	lbs := make([]int32, ndim)
	for i := range dims {
		if dims[i], err = getInt(); err != nil {
			return Array{}, err
		}
		if lbs[i], err = getInt(); err != nil {
			return Array{}, err
		}
	}
	nitems, err := arrayNItems(dims)
	if err != nil {
		return Array{}, err
	}
	if err := arrayCheckBounds(dims, lbs); err != nil {
		return Array{}, err
	}
	if nitems == 0 {
		if pos != len(b) {
			return Array{}, errBinaryFormat()
		}
		return EmptyArray(elem), nil
	}
	// Every element takes at least its 4-byte length, so a short message
	// cannot make us allocate for millions of claimed elements.
	elems := make([]Datum, 0, min(nitems, (len(b)-pos)/4))
	for i := 0; i < nitems; i++ {
		n, err := getInt()
		if err != nil {
			return Array{}, err
		}
		if n < -1 || int(n) > len(b)-pos {
			return Array{}, pgerror.New(pgerror.InvalidBinaryRepresentation, "insufficient data left in message")
		}
		if n == -1 {
			elems = append(elems, nil)
			continue
		}
		d, err := elemRecv(b[pos : pos+int(n)])
		if err != nil {
			if pe, ok := pgerror.As(err); ok && pe.Code == pgerror.InvalidBinaryRepresentation &&
				pe.Message == "incorrect binary data format" {
				return Array{}, pgerror.Newf(pgerror.InvalidBinaryRepresentation,
					"improper binary format in array element %d", i+1)
			}
			return Array{}, err
		}
		elems = append(elems, d)
		pos += int(n)
	}
	if pos != len(b) {
		return Array{}, errBinaryFormat()
	}
	return Array{Elem: elem, Dims: dims, Lbounds: lbs, Elems: elems}, nil
}

// CompareArrays returns -1, 0 or 1 as a sorts before, equal to or after b,
// as btarraycmp orders them: element by element in storage order, with
// NULL after every non-NULL value and equal to NULL (cmp compares two
// non-NULL elements); when one array's elements are a prefix of the
// other's, the one with fewer elements first; then by number of
// dimensions, then dimension lengths, then lower bounds.
func CompareArrays(a, b Array, cmp func(x, y Datum) int) int {
	n := min(len(a.Elems), len(b.Elems))
	for i := 0; i < n; i++ {
		x, y := a.Elems[i], b.Elems[i]
		switch {
		case x == nil && y == nil:
			continue
		case x == nil:
			return 1
		case y == nil:
			return -1
		}
		if c := cmp(x, y); c != 0 {
			if c < 0 {
				return -1
			}
			return 1
		}
	}
	if c := cmpInt64(int64(len(a.Elems)), int64(len(b.Elems))); c != 0 {
		return c
	}
	if c := cmpInt64(int64(len(a.Dims)), int64(len(b.Dims))); c != 0 {
		return c
	}
	for i := range a.Dims {
		if c := cmpInt64(int64(a.Dims[i]), int64(b.Dims[i])); c != 0 {
			return c
		}
	}
	for i := range a.Lbounds {
		if c := cmpInt64(int64(a.Lbounds[i]), int64(b.Lbounds[i])); c != 0 {
			return c
		}
	}
	return 0
}

// EqualArrays reports whether a = b as array_eq decides it: the same
// dimensions and lower bounds, and pairwise equal elements, two NULLs
// counting as equal. eq compares two non-NULL elements.
func EqualArrays(a, b Array, eq func(x, y Datum) bool) bool {
	if len(a.Dims) != len(b.Dims) {
		return false
	}
	for i := range a.Dims {
		if a.Dims[i] != b.Dims[i] || a.Lbounds[i] != b.Lbounds[i] {
			return false
		}
	}
	for i, x := range a.Elems {
		y := b.Elems[i]
		if x == nil || y == nil {
			if x != y {
				return false
			}
			continue
		}
		if !eq(x, y) {
			return false
		}
	}
	return true
}

// HashArray hashes an array consistently with CompareArrays: arrays that
// compare equal hash equal, given that hash does so for elements. Like
// hash_array it folds the element hashes (0 for NULL) by multiplying by 31;
// the shape, which equal arrays share, is mixed in as well.
func HashArray(a Array, hash func(Datum) uint64) uint64 {
	h := uint64(1)
	for _, e := range a.Elems {
		var eh uint64
		if e != nil {
			eh = hash(e)
		}
		h = h*31 + eh
	}
	h = mix64(h ^ uint64(len(a.Dims))*hashPrime1)
	for i := range a.Dims {
		h = mix64(h ^ (uint64(uint32(a.Dims[i]))<<32 | uint64(uint32(a.Lbounds[i]))))
	}
	return h
}

// arrayOffset returns the row-major position of the element at subscripts
// subs, which must lie within the array.
func arrayOffset(a Array, subs []int64) int {
	off := 0
	for i, s := range subs {
		off = off*int(a.Dims[i]) + int(s-int64(a.Lbounds[i]))
	}
	return off
}

// subscriptValues converts subscript Datums (int64, nil for NULL) and
// reports whether all are non-NULL.
func subscriptValues(subs []Datum) ([]int64, bool) {
	out := make([]int64, len(subs))
	for i, s := range subs {
		v, ok := s.(int64)
		if !ok {
			return nil, false
		}
		out[i] = v
	}
	return out, true
}

// ArrayFetch returns a[subs...] as array_get_element does: NULL when a
// subscript is NULL, when their number differs from the number of
// dimensions, or when one is out of range. Subscripts are int64 Datums.
func ArrayFetch(a Array, subs []Datum) Datum {
	idx, ok := subscriptValues(subs)
	if !ok || len(idx) != len(a.Dims) || len(idx) == 0 {
		return nil
	}
	for i, s := range idx {
		lb := int64(a.Lbounds[i])
		if s < lb || s >= lb+int64(a.Dims[i]) {
			return nil
		}
	}
	return a.Elems[arrayOffset(a, idx)]
}

type omittedBound struct{}

// OmittedBound stands for a slice bound left out, as in a[2:] or a[:3].
var OmittedBound Datum = omittedBound{}

// sliceBounds converts slice bound Datums (int64, nil for NULL, or
// OmittedBound); ok is false when some bound is NULL.
func sliceBounds(lower, upper []Datum) (lo, hi []int64, loGiven, hiGiven []bool, ok bool) {
	n := len(lower)
	lo, hi = make([]int64, n), make([]int64, n)
	loGiven, hiGiven = make([]bool, n), make([]bool, n)
	conv := func(d Datum) (int64, bool, bool) {
		switch v := d.(type) {
		case omittedBound:
			return 0, false, true
		case int64:
			return v, true, true
		}
		return 0, false, false
	}
	for i := 0; i < n; i++ {
		var good bool
		if lo[i], loGiven[i], good = conv(lower[i]); !good {
			return nil, nil, nil, nil, false
		}
		if hi[i], hiGiven[i], good = conv(upper[i]); !good {
			return nil, nil, nil, nil, false
		}
	}
	return lo, hi, loGiven, hiGiven, true
}

// extractSlice copies the elements of the box lo..hi (inclusive
// subscripts, one per dimension) into a new array with lower bounds 1.
func extractSlice(a Array, lo, hi []int64) Array {
	ndim := len(a.Dims)
	span := make([]int32, ndim)
	n := 1
	for i := range span {
		span[i] = int32(hi[i] - lo[i] + 1)
		n *= int(span[i])
	}
	out := make([]Datum, 0, n)
	cur := append([]int64(nil), lo...)
	for {
		out = append(out, a.Elems[arrayOffset(a, cur)])
		j := ndim - 1
		for ; j >= 0; j-- {
			cur[j]++
			if cur[j] <= hi[j] {
				break
			}
			cur[j] = lo[j]
		}
		if j < 0 {
			break
		}
	}
	lbs := make([]int32, ndim)
	for i := range lbs {
		lbs[i] = 1
	}
	return Array{Elem: a.Elem, Dims: span, Lbounds: lbs, Elems: out, NullBitmap: a.hasBitmap()}
}

// ArrayFetchSlice returns a[lower:upper, ...] as array_get_slice does. A
// bound is an int64, nil for NULL, or OmittedBound; as PostgreSQL's parser
// does, the caller passes a lower bound of 1 for a subscript written
// without a colon in a slice. The slice is clipped to the array, gets lower
// bounds 1, and is empty when nothing is left; dimensions without
// subscripts are taken whole. ok is false, for a NULL result, when some
// bound is NULL.
func ArrayFetchSlice(a Array, lower, upper []Datum) (res Array, ok bool) {
	lo, hi, loGiven, hiGiven, ok := sliceBounds(lower, upper)
	if !ok {
		return Array{}, false
	}
	ndim := len(a.Dims)
	if ndim < len(lo) || ndim == 0 {
		return EmptyArray(a.Elem), true
	}
	flo, fhi := make([]int64, ndim), make([]int64, ndim)
	for i := 0; i < ndim; i++ {
		lb := int64(a.Lbounds[i])
		ub := lb + int64(a.Dims[i]) - 1
		flo[i], fhi[i] = lb, ub
		if i < len(lo) {
			if loGiven[i] && lo[i] > lb {
				flo[i] = lo[i]
			}
			if hiGiven[i] && hi[i] < ub {
				fhi[i] = hi[i]
			}
		}
		if flo[i] > fhi[i] {
			return EmptyArray(a.Elem), true
		}
	}
	return extractSlice(a, flo, fhi), true
}

func errSubscriptRange() error {
	return pgerror.New(pgerror.ArraySubscriptError, "array subscript out of range")
}

func errWrongSubscripts() *pgerror.Error {
	return pgerror.New(pgerror.ArraySubscriptError, "wrong number of array subscripts")
}

func errNullSubscript() error {
	return pgerror.New(pgerror.NullValueNotAllowed, "array subscript in assignment must not be null")
}

// ArrayAssign returns a with a[subs...] set to v (nil for NULL), as
// array_set_element does for UPDATE ... SET a[i] = v. An empty array takes
// the subscripts as its lower bounds; pass EmptyArray for a NULL array, as
// PostgreSQL substitutes one. A one-dimensional array grows to reach a
// subscript outside it, NULLs filling any gap; other arrays must be
// subscripted within their bounds.
func ArrayAssign(a Array, subs []Datum, v Datum) (Array, error) {
	idx, ok := subscriptValues(subs)
	if !ok {
		return Array{}, errNullSubscript()
	}
	n := len(idx)
	if n == 0 || n > MaxArrayDims {
		return Array{}, errWrongSubscripts()
	}
	ndim := len(a.Dims)
	if ndim == 0 {
		dims := make([]int32, n)
		lbs := make([]int32, n)
		for i := range dims {
			dims[i] = 1
			lbs[i] = int32(idx[i])
		}
		return NewArray(a.Elem, dims, lbs, []Datum{v})
	}
	if ndim != n {
		return Array{}, errWrongSubscripts()
	}
	if ndim > 1 {
		for i, s := range idx {
			lb := int64(a.Lbounds[i])
			if s < lb || s >= lb+int64(a.Dims[i]) {
				return Array{}, errSubscriptRange()
			}
		}
		elems := append([]Datum(nil), a.Elems...)
		elems[arrayOffset(a, idx)] = v
		return Array{Elem: a.Elem, Dims: cloneInt32(a.Dims), Lbounds: cloneInt32(a.Lbounds), Elems: elems,
			NullBitmap: a.hasBitmap()}, nil
	}
	lb, dim := int64(a.Lbounds[0]), int64(a.Dims[0])
	var before, after int64
	if s := idx[0]; s < lb {
		before = lb - s
		dim += before
		lb = s
	}
	if s := idx[0]; s >= lb+dim {
		after = s - (lb + dim) + 1
		dim += after
	}
	nitems, err := arrayNItems64([]int64{dim})
	if err != nil {
		return Array{}, err
	}
	if err := arrayCheckBounds([]int32{int32(dim)}, []int32{int32(lb)}); err != nil {
		return Array{}, err
	}
	elems := make([]Datum, nitems)
	copy(elems[before:], a.Elems)
	elems[idx[0]-lb] = v
	return Array{Elem: a.Elem, Dims: []int32{int32(dim)}, Lbounds: []int32{int32(lb)}, Elems: elems,
		NullBitmap: a.hasBitmap()}, nil
}

// ArrayAssignSlice returns a with the slice a[lower:upper, ...] replaced by
// the elements of src taken in storage order, as array_set_slice does.
// Bounds are as for ArrayFetchSlice, but a NULL one is an error; src nil
// (NULL) leaves a unchanged. An empty array (EmptyArray for a NULL one)
// becomes the slice itself, which then needs every bound; a one-dimensional
// array grows to cover the slice, NULLs filling any gap.
func ArrayAssignSlice(a Array, lower, upper []Datum, src Datum) (Array, error) {
	lo, hi, loGiven, hiGiven, ok := sliceBounds(lower, upper)
	if !ok {
		return Array{}, errNullSubscript()
	}
	if src == nil {
		return a, nil
	}
	sa, ok := src.(Array)
	if !ok {
		return Array{}, pgerror.Internal("slice assignment source is %T, not an array", src)
	}
	n := len(lo)
	ndim := len(a.Dims)
	if ndim == 0 {
		dims := make([]int64, n)
		lbs := make([]int32, n)
		for i := 0; i < n; i++ {
			if !loGiven[i] || !hiGiven[i] {
				return Array{}, pgerror.New(pgerror.ArraySubscriptError,
					"array slice subscript must provide both boundaries").
					WithDetail("When assigning to a slice of an empty array value, slice boundaries must be fully specified.")
			}
			dims[i] = 1 + hi[i] - lo[i]
			lbs[i] = int32(lo[i])
		}
		need, err := arrayNItems64(dims)
		if err != nil {
			return Array{}, err
		}
		if len(sa.Elems) < need {
			return Array{}, pgerror.New(pgerror.ArraySubscriptError, "source array too small")
		}
		d32 := make([]int32, n)
		for i, d := range dims {
			d32[i] = int32(d)
		}
		return NewArray(a.Elem, d32, lbs, append([]Datum(nil), sa.Elems[:need]...))
	}
	if ndim < n || n == 0 || ndim > MaxArrayDims {
		return Array{}, errWrongSubscripts()
	}
	errBounds := func() error {
		return pgerror.New(pgerror.ArraySubscriptError, "upper bound cannot be less than lower bound")
	}
	if ndim == 1 {
		lb, dim := int64(a.Lbounds[0]), int64(a.Dims[0])
		l, h := lb, lb+dim-1
		if loGiven[0] {
			l = lo[0]
		}
		if hiGiven[0] {
			h = hi[0]
		}
		if l > h {
			return Array{}, errBounds()
		}
		var before int64
		if l < lb {
			before = lb - l
			dim += before
			lb = l
		}
		if h >= lb+dim {
			dim += h - (lb + dim) + 1
		}
		nitems, err := arrayNItems64([]int64{dim})
		if err != nil {
			return Array{}, err
		}
		if err := arrayCheckBounds([]int32{int32(dim)}, []int32{int32(lb)}); err != nil {
			return Array{}, err
		}
		span := int(h - l + 1)
		if span > len(sa.Elems) {
			return Array{}, pgerror.New(pgerror.ArraySubscriptError, "source array too small")
		}
		elems := make([]Datum, nitems)
		copy(elems[before:], a.Elems)
		copy(elems[l-lb:], sa.Elems[:span])
		return Array{Elem: a.Elem, Dims: []int32{int32(dim)}, Lbounds: []int32{int32(lb)}, Elems: elems,
			NullBitmap: a.hasBitmap() || sa.hasBitmap()}, nil
	}
	flo, fhi := make([]int64, ndim), make([]int64, ndim)
	for i := 0; i < ndim; i++ {
		lb := int64(a.Lbounds[i])
		ub := lb + int64(a.Dims[i]) - 1
		flo[i], fhi[i] = lb, ub
		if i >= n {
			continue
		}
		if loGiven[i] {
			flo[i] = lo[i]
		}
		if hiGiven[i] {
			fhi[i] = hi[i]
		}
		if flo[i] > fhi[i] {
			return Array{}, errBounds()
		}
		if flo[i] < lb || fhi[i] > ub {
			return Array{}, errSubscriptRange()
		}
	}
	span := 1
	for i := range flo {
		span *= int(fhi[i] - flo[i] + 1)
	}
	if span > len(sa.Elems) {
		return Array{}, pgerror.New(pgerror.ArraySubscriptError, "source array too small")
	}
	elems := append([]Datum(nil), a.Elems...)
	cur := append([]int64(nil), flo...)
	for k := 0; k < span; k++ {
		elems[arrayOffset(a, cur)] = sa.Elems[k]
		for j := ndim - 1; j >= 0; j-- {
			cur[j]++
			if cur[j] <= fhi[j] {
				break
			}
			cur[j] = flo[j]
		}
	}
	return Array{Elem: a.Elem, Dims: cloneInt32(a.Dims), Lbounds: cloneInt32(a.Lbounds), Elems: elems,
		NullBitmap: a.hasBitmap() || sa.hasBitmap()}, nil
}

// ArrayNdims returns array_ndims(a); ok is false (NULL) for an empty array.
func ArrayNdims(a Array) (n int32, ok bool) {
	return int32(len(a.Dims)), len(a.Dims) > 0
}

// ArrayDims returns array_dims(a), such as [1:2][0:3]; ok is false (NULL)
// for an empty array.
func ArrayDims(a Array) (s string, ok bool) {
	if len(a.Dims) == 0 {
		return "", false
	}
	return string(AppendArrayDims(nil, a)), true
}

// ArrayLength returns array_length(a, dim); ok is false (NULL) when the
// array has no dimension dim.
func ArrayLength(a Array, dim int64) (n int32, ok bool) {
	if dim < 1 || dim > int64(len(a.Dims)) {
		return 0, false
	}
	return a.Dims[dim-1], true
}

// ArrayLower returns array_lower(a, dim); ok is false (NULL) when the array
// has no dimension dim.
func ArrayLower(a Array, dim int64) (n int32, ok bool) {
	if dim < 1 || dim > int64(len(a.Dims)) {
		return 0, false
	}
	return a.Lbounds[dim-1], true
}

// ArrayUpper returns array_upper(a, dim); ok is false (NULL) when the array
// has no dimension dim.
func ArrayUpper(a Array, dim int64) (n int32, ok bool) {
	if dim < 1 || dim > int64(len(a.Dims)) {
		return 0, false
	}
	return a.Lbounds[dim-1] + a.Dims[dim-1] - 1, true
}

// Cardinality returns cardinality(a), the number of elements.
func Cardinality(a Array) int32 { return int32(len(a.Elems)) }

func errIncompatibleCat(detail string, args ...any) error {
	return pgerror.New(pgerror.ArraySubscriptError, "cannot concatenate incompatible arrays").WithDetail(detail, args...)
}

// ArrayCat returns array_cat(a, b), the || of two arrays: arrays of equal
// dimensionality join along the first dimension (keeping a's first lower
// bound), and an array one dimension smaller becomes a new first or last
// slice of the other. An empty operand yields the other; a NULL operand
// yields the other too, which the caller handles.
func ArrayCat(a, b Array) (Array, error) {
	if a.Elem.Oid != b.Elem.Oid {
		return Array{}, pgerror.New(pgerror.DatatypeMismatch, "cannot concatenate incompatible arrays").
			WithDetail("Arrays with element types %s and %s are not compatible for concatenation.",
				FormatTypeBe(a.Elem.Oid), FormatTypeBe(b.Elem.Oid))
	}
	n1, n2 := len(a.Dims), len(b.Dims)
	if n1 == 0 && n2 > 0 {
		return b, nil
	}
	if n2 == 0 {
		return a, nil
	}
	var dims, lbs []int32
	switch n1 - n2 {
	case 0:
		dims, lbs = cloneInt32(a.Dims), cloneInt32(a.Lbounds)
		dims[0] = a.Dims[0] + b.Dims[0]
		for i := 1; i < n1; i++ {
			if a.Dims[i] != b.Dims[i] || a.Lbounds[i] != b.Lbounds[i] {
				return Array{}, errIncompatibleCat("Arrays with differing element dimensions are not compatible for concatenation.")
			}
		}
	case -1:
		dims, lbs = cloneInt32(b.Dims), cloneInt32(b.Lbounds)
		dims[0]++
		for i := 0; i < n1; i++ {
			if a.Dims[i] != dims[i+1] || a.Lbounds[i] != lbs[i+1] {
				return Array{}, errIncompatibleCat("Arrays with differing dimensions are not compatible for concatenation.")
			}
		}
	case 1:
		dims, lbs = cloneInt32(a.Dims), cloneInt32(a.Lbounds)
		dims[0]++
		for i := 0; i < n2; i++ {
			if b.Dims[i] != dims[i+1] || b.Lbounds[i] != lbs[i+1] {
				return Array{}, errIncompatibleCat("Arrays with differing dimensions are not compatible for concatenation.")
			}
		}
	default:
		return Array{}, errIncompatibleCat("Arrays of %d and %d dimensions are not compatible for concatenation.", n1, n2)
	}
	if _, err := arrayNItems(dims); err != nil {
		return Array{}, err
	}
	elems := make([]Datum, 0, len(a.Elems)+len(b.Elems))
	elems = append(append(elems, a.Elems...), b.Elems...)
	return Array{Elem: a.Elem, Dims: dims, Lbounds: lbs, Elems: elems, NullBitmap: a.hasBitmap() || b.hasBitmap()}, nil
}

func errNotOneDim() error {
	return pgerror.New(pgerror.DataException, "argument must be empty or one-dimensional array")
}

func errIntRange() error {
	return pgerror.New(pgerror.NumericValueOutOfRange, "integer out of range")
}

// ArrayAppend returns array_append(a, v): v (nil for NULL) added after the
// last element of a one-dimensional or empty array. Pass EmptyArray for a
// NULL array.
func ArrayAppend(a Array, v Datum) (Array, error) {
	var indx int64 = 1
	switch len(a.Dims) {
	case 0:
	case 1:
		indx = int64(a.Lbounds[0]) + int64(a.Dims[0])
		if indx > math.MaxInt32 {
			return Array{}, errIntRange()
		}
	default:
		return Array{}, errNotOneDim()
	}
	return ArrayAssign(a, []Datum{indx}, v)
}

// ArrayPrepend returns array_prepend(v, a): v (nil for NULL) added before
// the first element of a one-dimensional or empty array, the lower bound
// staying where it was. Pass EmptyArray for a NULL array.
func ArrayPrepend(v Datum, a Array) (Array, error) {
	var indx int64 = 1
	lb0 := int32(1)
	switch len(a.Dims) {
	case 0:
	case 1:
		lb0 = a.Lbounds[0]
		indx = int64(lb0) - 1
		if indx < math.MinInt32 {
			return Array{}, errIntRange()
		}
	default:
		return Array{}, errNotOneDim()
	}
	r, err := ArrayAssign(a, []Datum{indx}, v)
	if err != nil {
		return Array{}, err
	}
	r.Lbounds[0] = lb0
	return r, nil
}

func errSearchMultiDim() error {
	return pgerror.New(pgerror.FeatureNotSupported, "searching for elements in multidimensional arrays is not supported")
}

// ArrayPosition returns array_position(a, v): the subscript of the first
// element not distinct from v (nil for NULL), or nil (NULL) when there is
// none. eq compares two non-NULL elements.
func ArrayPosition(a Array, v Datum, eq func(x, y Datum) bool) (Datum, error) {
	return arrayPosition(a, v, nil, false, eq)
}

// ArrayPositionFrom returns array_position(a, v, start), which searches
// from subscript start (an int64; NULL is an error).
func ArrayPositionFrom(a Array, v, start Datum, eq func(x, y Datum) bool) (Datum, error) {
	return arrayPosition(a, v, start, true, eq)
}

func arrayPosition(a Array, v, start Datum, hasStart bool, eq func(x, y Datum) bool) (Datum, error) {
	if len(a.Dims) > 1 {
		return nil, errSearchMultiDim()
	}
	// A search of an empty array fails before the start is even looked at.
	if len(a.Dims) == 0 || v == nil && !a.HasNulls() {
		return nil, nil
	}
	lb := int64(a.Lbounds[0])
	from := lb
	if hasStart {
		s, ok := start.(int64)
		if !ok {
			return nil, pgerror.New(pgerror.NullValueNotAllowed, "initial position must not be null")
		}
		from = s
	}
	for i, e := range a.Elems {
		pos := lb + int64(i)
		if pos < from {
			continue
		}
		if e == nil || v == nil {
			if e == nil && v == nil {
				return pos, nil
			}
			continue
		}
		if eq(v, e) {
			return pos, nil
		}
	}
	return nil, nil
}

// ArrayPositions returns array_positions(a, v): the int4 array of the
// subscripts of all elements not distinct from v (nil for NULL), empty when
// there are none.
func ArrayPositions(a Array, v Datum, eq func(x, y Datum) bool) (Array, error) {
	if len(a.Dims) > 1 {
		return Array{}, errSearchMultiDim()
	}
	var out []Datum
	for i, e := range a.Elems {
		if e == nil || v == nil {
			if e == nil && v == nil {
				out = append(out, int64(a.Lbounds[0])+int64(i))
			}
			continue
		}
		if eq(v, e) {
			out = append(out, int64(a.Lbounds[0])+int64(i))
		}
	}
	return ArrayFromElems(TInt4, out), nil
}

// ArrayRemove returns array_remove(a, v): a without the elements not
// distinct from v (nil for NULL), keeping a's lower bound. eq compares two
// non-NULL elements.
func ArrayRemove(a Array, v Datum, eq func(x, y Datum) bool) (Array, error) {
	if len(a.Elems) == 0 {
		return a, nil
	}
	if len(a.Dims) > 1 {
		return Array{}, pgerror.New(pgerror.FeatureNotSupported,
			"removing elements from multidimensional arrays is not supported")
	}
	out := make([]Datum, 0, len(a.Elems))
	for _, e := range a.Elems {
		if arrayElemMatches(e, v, eq) {
			continue
		}
		out = append(out, e)
	}
	switch len(out) {
	case len(a.Elems):
		return a, nil
	case 0:
		return EmptyArray(a.Elem), nil
	}
	return Array{Elem: a.Elem, Dims: []int32{int32(len(out))}, Lbounds: cloneInt32(a.Lbounds), Elems: out}, nil
}

// ArrayReplace returns array_replace(a, search, repl): a with every element
// not distinct from search replaced by repl (either may be nil for NULL).
func ArrayReplace(a Array, search, repl Datum, eq func(x, y Datum) bool) Array {
	var out []Datum
	for i, e := range a.Elems {
		if !arrayElemMatches(e, search, eq) {
			continue
		}
		if out == nil {
			out = append([]Datum(nil), a.Elems...)
		}
		out[i] = repl
	}
	if out == nil {
		return a
	}
	return Array{Elem: a.Elem, Dims: cloneInt32(a.Dims), Lbounds: cloneInt32(a.Lbounds), Elems: out}
}

// arrayElemMatches reports whether element e is not distinct from v.
func arrayElemMatches(e, v Datum, eq func(x, y Datum) bool) bool {
	if e == nil || v == nil {
		return e == nil && v == nil
	}
	return eq(e, v)
}

// ArrayFill returns array_fill(v, dims): an array of the given dimension
// lengths with every element v (nil for NULL) and lower bounds 1. dims is
// an int4 array Datum; NULL is an error.
func ArrayFill(elem T, v Datum, dims Datum) (Array, error) {
	if dims == nil {
		return Array{}, errFillNull()
	}
	return arrayFill(elem, v, dims, nil)
}

// ArrayFillLbounds returns array_fill(v, dims, lbounds), which also sets
// the lower bounds; both are int4 array Datums and NULL is an error.
func ArrayFillLbounds(elem T, v Datum, dims, lbounds Datum) (Array, error) {
	if dims == nil || lbounds == nil {
		return Array{}, errFillNull()
	}
	return arrayFill(elem, v, dims, lbounds)
}

func errFillNull() error {
	return pgerror.New(pgerror.NullValueNotAllowed, "dimension array or low bound array cannot be null")
}

// fillVector checks and reads array_fill's dimension or lower bound
// argument.
func fillVector(d Datum) ([]int32, error) {
	a, ok := d.(Array)
	if !ok {
		return nil, pgerror.Internal("array_fill argument is %T, not an array", d)
	}
	if len(a.Dims) > 1 {
		return nil, errWrongSubscripts().WithDetail("Dimension array must be one dimensional.")
	}
	out := make([]int32, len(a.Elems))
	for i, e := range a.Elems {
		v, ok := e.(int64)
		if !ok {
			return nil, pgerror.New(pgerror.NullValueNotAllowed, "dimension values cannot be null")
		}
		out[i] = int32(v)
	}
	return out, nil
}

func arrayFill(elem T, v Datum, dimsArg, lbsArg Datum) (Array, error) {
	dims, err := fillVector(dimsArg)
	if err != nil {
		return Array{}, err
	}
	if len(dims) > MaxArrayDims {
		return Array{}, errTooManyDims(len(dims))
	}
	lbs := make([]int32, len(dims))
	if lbsArg != nil {
		if lbs, err = fillVector(lbsArg); err != nil {
			return Array{}, err
		}
		if len(lbs) != len(dims) {
			return Array{}, errWrongSubscripts().
				WithDetail("Low bound array has different size than dimensions array.")
		}
	} else {
		for i := range lbs {
			lbs[i] = 1
		}
	}
	n, err := arrayNItems(dims)
	if err != nil {
		return Array{}, err
	}
	if err := arrayCheckBounds(dims, lbs); err != nil {
		return Array{}, err
	}
	if n == 0 {
		return EmptyArray(elem), nil
	}
	elems := make([]Datum, n)
	if v != nil {
		for i := range elems {
			elems[i] = v
		}
	}
	return Array{Elem: elem, Dims: dims, Lbounds: lbs, Elems: elems}, nil
}

// TrimArray returns trim_array(a, n): a without its last n slices along
// the first dimension, with lower bounds 1.
func TrimArray(a Array, n int64) (Array, error) {
	var length int64
	if len(a.Dims) > 0 {
		length = int64(a.Dims[0])
	}
	if n < 0 || n > length {
		return Array{}, pgerror.Newf(pgerror.ArraySubscriptError,
			"number of elements to trim must be between 0 and %d", length)
	}
	if len(a.Dims) == 0 {
		return a, nil
	}
	r, _ := ArrayFetchSlice(a, []Datum{OmittedBound}, []Datum{int64(a.Lbounds[0]) + length - n - 1})
	return r, nil
}

// ArrayFromElems returns ARRAY[elems...] built from element values (nil
// for NULL): one dimension with lower bound 1, or empty when there are
// none. It takes ownership of elems.
func ArrayFromElems(elem T, elems []Datum) Array {
	if len(elems) == 0 {
		return EmptyArray(elem)
	}
	return Array{Elem: elem, Dims: []int32{int32(len(elems))}, Lbounds: []int32{1}, Elems: elems}
}

func errArrayExprDims() error {
	return pgerror.New(pgerror.ArraySubscriptError,
		"multidimensional arrays must have array expressions with matching dimensions")
}

// ArrayFromSubArrays returns ARRAY[sub, ...] built from array values
// (each an Array, or nil for NULL), one dimension more than the
// sub-arrays, as ExecEvalArrayExpr builds it: the new first dimension has
// lower bound 1 and the others are the sub-arrays' own, which must all
// match. NULL and empty sub-arrays give an empty result when all are so,
// and an error when mixed with others.
func ArrayFromSubArrays(elem T, subs []Datum) (Array, error) {
	var elemDims, elemLbs []int32
	haveEmpty, first, bitmap := false, true, false
	var elems []Datum
	for _, d := range subs {
		if d == nil {
			haveEmpty = true
			continue
		}
		sa, ok := d.(Array)
		if !ok {
			return Array{}, pgerror.Internal("ARRAY element is %T, not an array", d)
		}
		if sa.Elem.Oid != elem.Oid {
			return Array{}, pgerror.New(pgerror.DatatypeMismatch, "cannot merge incompatible arrays").
				WithDetail("Array with element type %s cannot be included in ARRAY construct with element type %s.",
					FormatTypeBe(sa.Elem.Oid), FormatTypeBe(elem.Oid))
		}
		if len(sa.Dims) == 0 {
			haveEmpty = true
			continue
		}
		if first {
			if len(sa.Dims)+1 > MaxArrayDims {
				return Array{}, errTooManyDims(len(sa.Dims) + 1)
			}
			elemDims, elemLbs = sa.Dims, sa.Lbounds
			first = false
		} else {
			if len(sa.Dims) != len(elemDims) {
				return Array{}, errArrayExprDims()
			}
			for i := range elemDims {
				if sa.Dims[i] != elemDims[i] || sa.Lbounds[i] != elemLbs[i] {
					return Array{}, errArrayExprDims()
				}
			}
		}
		if len(elems)+len(sa.Elems) > maxArraySize {
			return Array{}, errArraySize()
		}
		elems = append(elems, sa.Elems...)
		bitmap = bitmap || sa.hasBitmap()
	}
	if first {
		return EmptyArray(elem), nil
	}
	if haveEmpty {
		return Array{}, errArrayExprDims()
	}
	dims := append([]int32{int32(len(subs))}, elemDims...)
	lbs := append([]int32{1}, elemLbs...)
	if _, err := arrayNItems(dims); err != nil {
		return Array{}, err
	}
	if err := arrayCheckBounds(dims, lbs); err != nil {
		return Array{}, err
	}
	return Array{Elem: elem, Dims: dims, Lbounds: lbs, Elems: elems, NullBitmap: bitmap}, nil
}

// ArrayContains reports whether a @> b: every element of b equals some
// element of a, dimensions ignored. NULL elements match nothing.
func ArrayContains(a, b Array, eq func(x, y Datum) bool) bool {
	return arrayContainCompare(b, a, true, eq)
}

// ArrayOverlap reports whether a && b: some element of a equals some
// element of b. NULL elements match nothing.
func ArrayOverlap(a, b Array, eq func(x, y Datum) bool) bool {
	return arrayContainCompare(a, b, false, eq)
}

// arrayContainCompare is array_contain_compare: with matchAll, whether
// every element of a is found in b; otherwise whether any is.
func arrayContainCompare(a, b Array, matchAll bool, eq func(x, y Datum) bool) bool {
	for _, x := range a.Elems {
		if x == nil {
			if matchAll {
				return false
			}
			continue
		}
		found := false
		for _, y := range b.Elems {
			if y != nil && eq(x, y) {
				found = true
				break
			}
		}
		if found && !matchAll {
			return true
		}
		if !found && matchAll {
			return false
		}
	}
	return matchAll
}

// Int2Vector returns the int2vector of vals: a one-dimensional int2 array
// subscripted from 0 (PG: buildint2vector).
func Int2Vector(vals []int64) Array {
	if len(vals) == 0 {
		return EmptyArray(TInt2)
	}
	elems := make([]Datum, len(vals))
	for i, v := range vals {
		elems[i] = v
	}
	return Array{Elem: TInt2, Dims: []int32{int32(len(vals))}, Lbounds: []int32{0}, Elems: elems}
}

// Int2VectorIn reads an int2vector's text: integers separated by spaces
// (PG: int2vectorin).
func Int2VectorIn(s string) (Array, error) {
	var vals []int64
	for _, f := range strings.Fields(s) {
		v, err := In(TInt2, f)
		if err != nil {
			return Array{}, err
		}
		vals = append(vals, v.(int64))
	}
	return Int2Vector(vals), nil
}
