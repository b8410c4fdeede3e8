// record.go holds values of the anonymous composite type record, as ROW(...)
// builds them (PG: utils/adt/rowtypes.c): their text form (record_out),
// binary form (record_send, record_recv), ordering (record_cmp, which also
// serves record_eq: two NULL columns are equal, NULL sorts after any value)
// and hashing (hash_record). Input from text is not implemented, as in
// PostgreSQL for anonymous records.

package types

import (
	"encoding/binary"

	"github.com/loomdb/loomdb/internal/pgerror"
)

// RecordArrayOid is record[] (PG: _record).
const RecordArrayOid Oid = 2287

// TRecord is the anonymous record type; TRecordArray its array type.
var (
	TRecord      = T{RecordOid, -1}
	TRecordArray = T{RecordArrayOid, -1}
)

// Record is a row value: the type and value (nil for NULL) of each column.
type Record struct {
	Types  []T
	Values []Datum
	// Names are the columns' names where the record is a table's row (a
	// whole-row reference), for the JSON functions; nil for ROW(...),
	// whose columns PostgreSQL calls f1, f2, ...
	Names []string
}

// CompareRecords compares two records column by column (PG: record_cmp):
// two NULLs are equal and a NULL sorts after any value; with all shared
// columns equal, the shorter record sorts first.
func CompareRecords(a, b Record) int {
	for i := 0; i < len(a.Values) && i < len(b.Values); i++ {
		x, y := a.Values[i], b.Values[i]
		switch {
		case x == nil && y == nil:
			continue
		case x == nil:
			return 1
		case y == nil:
			return -1
		}
		if c := Compare(a.Types[i], x, y); c != 0 {
			return c
		}
	}
	return cmpInt64(int64(len(a.Values)), int64(len(b.Values)))
}

// HashRecord hashes a record consistently with CompareRecords.
func HashRecord(r Record) uint64 {
	h := uint64(hashPrime3)
	for i, v := range r.Values {
		var k uint64
		if v != nil {
			k = Hash(r.Types[i], v)
		}
		h = mix64(h*31 + k)
	}
	return h
}

// AppendRecordOut appends record_out's text of r: the columns in
// parentheses, separated by commas, NULL as nothing, a value quoted when
// it is empty or holds a quote, backslash, parenthesis, comma or white
// space, quotes and backslashes doubled inside quotes. out renders one
// column's value.
func AppendRecordOut(buf []byte, r Record, out func(b []byte, t T, d Datum) []byte) []byte {
	buf = append(buf, '(')
	for i, v := range r.Values {
		if i > 0 {
			buf = append(buf, ',')
		}
		if v == nil {
			continue
		}
		start := len(buf)
		buf = out(buf, r.Types[i], v)
		val := string(buf[start:])
		quote := val == ""
		for j := 0; j < len(val) && !quote; j++ {
			switch val[j] {
			case '"', '\\', '(', ')', ',', ' ', '\t', '\n', '\r', '\v', '\f':
				quote = true
			}
		}
		if !quote {
			continue
		}
		buf = append(buf[:start], '"')
		for j := 0; j < len(val); j++ {
			if val[j] == '"' || val[j] == '\\' {
				buf = append(buf, val[j])
			}
			buf = append(buf, val[j])
		}
		buf = append(buf, '"')
	}
	return append(buf, ')')
}

// appendRecordSend appends record_send's form of r: the column count, then
// each column's type OID and its length-prefixed binary value (-1: NULL).
func appendRecordSend(buf []byte, r Record) ([]byte, error) {
	buf = binary.BigEndian.AppendUint32(buf, uint32(len(r.Values)))
	for i, v := range r.Values {
		buf = binary.BigEndian.AppendUint32(buf, uint32(r.Types[i].Oid))
		if v == nil {
			buf = binary.BigEndian.AppendUint32(buf, 0xFFFFFFFF)
			continue
		}
		at := len(buf)
		buf = append(buf, 0, 0, 0, 0)
		var err error
		if buf, err = AppendSend(buf, r.Types[i], v); err != nil {
			return nil, err
		}
		binary.BigEndian.PutUint32(buf[at:], uint32(len(buf)-at-4))
	}
	return buf, nil
}

// recordRecv decodes record_send's form (PG: record_recv).
func recordRecv(b []byte) (Datum, error) {
	if len(b) < 4 {
		return nil, errShortMessage()
	}
	n := int(binary.BigEndian.Uint32(b))
	b = b[4:]
	if n < 0 || n > len(b)/8 {
		return nil, errShortMessage()
	}
	r := Record{Types: make([]T, n), Values: make([]Datum, n)}
	for i := 0; i < n; i++ {
		if len(b) < 8 {
			return nil, errShortMessage()
		}
		oid := Oid(binary.BigEndian.Uint32(b))
		l := int32(binary.BigEndian.Uint32(b[4:]))
		b = b[8:]
		if InfoOf(oid) == nil {
			return nil, pgerror.Newf(pgerror.FeatureNotSupported, "binary input of a record column of type %d is not supported", oid)
		}
		r.Types[i] = T{oid, -1}
		if l == -1 {
			continue
		}
		if l < 0 || int(l) > len(b) {
			return nil, errShortMessage()
		}
		v, err := Recv(r.Types[i], b[:l])
		if err != nil {
			return nil, err
		}
		r.Values[i] = v
		b = b[l:]
	}
	if len(b) > 0 {
		return nil, errBinaryFormat()
	}
	return r, nil
}
