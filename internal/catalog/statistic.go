// statistic.go: per-column statistics and the pg_statistic catalog that
// holds them (PG: catalog/pg_statistic.h, commands/analyze.c's
// update_attstats, utils/cache/lsyscache.c's get_attstatsslot).
//
// ANALYZE (internal/commands) computes a ColumnStats for each column and
// stores it here; the planner's selectivity functions
// (internal/optimizer/cost/selfuncs.go) read it back. pg_statistic is an
// ordinary heap catalog with PostgreSQL's column names and order. Its array
// columns (stanumbersN float4[], stavaluesN anyarray) are stored as text in
// PostgreSQL's array text format ('{1,2,3}') until loomdb has array types;
// the element type of stavaluesN is the column's type, found in
// pg_attribute when the statistics are loaded.
//
// The catalog is described by pgStatisticTable. It becomes part of the
// bootstrap set once schema.go lists it in sysTables; until then
// LoadStatistics finds no statistics and StoreStatistics reports an error.
//
// Concurrency: a ColumnStats is immutable once stored or loaded and may be
// shared by any number of planners.

package catalog

import (
	"context"
	"math"
	"strings"

	"github.com/loomdb/loomdb/internal/access/heap"
	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/txn"
	"github.com/loomdb/loomdb/internal/types"
)

// PgStatisticOid is pg_statistic's OID (StatisticRelationId).
const PgStatisticOid types.Oid = 2619

// Statistic slot kinds (stakindN) that ANALYZE's scalar and distinct-value
// algorithms produce (PG: STATISTIC_KIND_*).
const (
	StatisticKindMCV         = 1
	StatisticKindHistogram   = 2
	StatisticKindCorrelation = 3
)

// StatisticNumSlots is the number of stakind/staop/stacoll/stanumbers/
// stavalues slots in a pg_statistic row (STATISTIC_NUM_SLOTS).
const StatisticNumSlots = 5

// Collation OIDs stored in stacollN.
const (
	DefaultCollationOid types.Oid = 100
	CCollationOid       types.Oid = 950
)

// pgStatisticTable describes pg_statistic. Array columns are text for now
// (see the file comment); all other columns have PostgreSQL's types.
var pgStatisticTable = &sysTable{oid: PgStatisticOid, name: "pg_statistic", rowType: 10029, cols: []sysColumn{
	{"starelid", types.OidOid}, {"staattnum", types.Int2Oid}, {"stainherit", types.BoolOid}, {"stanullfrac", types.Float4Oid},
	{"stawidth", types.Int4Oid}, {"stadistinct", types.Float4Oid},
	{"stakind1", types.Int2Oid}, {"stakind2", types.Int2Oid}, {"stakind3", types.Int2Oid}, {"stakind4", types.Int2Oid}, {"stakind5", types.Int2Oid},
	{"staop1", types.OidOid}, {"staop2", types.OidOid}, {"staop3", types.OidOid}, {"staop4", types.OidOid}, {"staop5", types.OidOid},
	{"stacoll1", types.OidOid}, {"stacoll2", types.OidOid}, {"stacoll3", types.OidOid}, {"stacoll4", types.OidOid}, {"stacoll5", types.OidOid},
	{"stanumbers1", types.TextOid}, {"stanumbers2", types.TextOid}, {"stanumbers3", types.TextOid}, {"stanumbers4", types.TextOid}, {"stanumbers5", types.TextOid},
	{"stavalues1", types.TextOid}, {"stavalues2", types.TextOid}, {"stavalues3", types.TextOid}, {"stavalues4", types.TextOid}, {"stavalues5", types.TextOid},
}}

// pg_statistic column positions.
const (
	staStarelid = iota
	staStaattnum
	staStainherit
	staStanullfrac
	staStawidth
	staStadistinct
	staStakind1
	staStaop1      = staStakind1 + StatisticNumSlots
	staStacoll1    = staStaop1 + StatisticNumSlots
	staStanumbers1 = staStacoll1 + StatisticNumSlots
	staStavalues1  = staStanumbers1 + StatisticNumSlots
	staNumColumns  = staStavalues1 + StatisticNumSlots
)

// ColumnStats is what ANALYZE learned about one column: one pg_statistic
// row, with the MCV, histogram and correlation slots decoded. Fractions are
// kept at float4 precision, as pg_statistic stores them, so that statistics
// fresh from ANALYZE and statistics read back from the catalog give the
// planner identical numbers.
type ColumnStats struct {
	// Type is the column's type; MCV and Histogram hold Datums of it.
	Type types.T
	// Inherited is stainherit: the statistics cover an inheritance tree.
	Inherited bool
	// NullFrac is stanullfrac, the fraction of NULLs.
	NullFrac float64
	// Width is stawidth, the average stored width in bytes of non-NULL values.
	Width int32
	// Distinct is stadistinct: > 0 a number of distinct non-NULL values,
	// < 0 minus a fraction of the row count, 0 unknown.
	Distinct float64
	// MCV and MCVFreqs are the most common values, most common first, and
	// their frequencies (STATISTIC_KIND_MCV); empty when there is none.
	MCV      []types.Datum
	MCVFreqs []float64
	// Histogram holds equal-frequency bounds over the non-MCV values
	// (STATISTIC_KIND_HISTOGRAM); empty when there is none.
	Histogram []types.Datum
	// Correlation is the correlation of physical and logical order
	// (STATISTIC_KIND_CORRELATION), meaningful when HasCorrelation.
	Correlation    float64
	HasCorrelation bool
	// EqOp, LtOp and Collation are the operators and collation the slots
	// were built with (staopN, stacollN).
	EqOp, LtOp types.Oid
	Collation  types.Oid
}

// HasMCV reports whether the statistics have an MCV list.
func (s *ColumnStats) HasMCV() bool { return s != nil && len(s.MCV) > 0 }

// HasHistogram reports whether the statistics have a histogram.
func (s *ColumnStats) HasHistogram() bool { return s != nil && len(s.Histogram) > 0 }

// SumMCVFreqs returns the total frequency of the MCV list.
func (s *ColumnStats) SumMCVFreqs() float64 {
	if s == nil {
		return 0
	}
	sum := 0.0
	for _, f := range s.MCVFreqs {
		sum += f
	}
	return sum
}

// StatisticsOperators returns the default btree "=" and "<" operators and
// the collation ANALYZE records for a column of type t (the staopN and
// stacollN values PostgreSQL stores; name columns use the "C" collation,
// other string types the database default).
func StatisticsOperators(t types.T) (eq, lt, coll types.Oid) {
	switch t.Oid {
	case types.BoolOid:
		return 91, 58, 0
	case types.CharOid:
		return 92, 631, 0
	case types.NameOid:
		return 93, 660, CCollationOid
	case types.Int2Oid:
		return 94, 95, 0
	case types.Int4Oid:
		return 96, 97, 0
	case types.Int8Oid:
		return 410, 412, 0
	case types.TextOid, types.VarcharOid:
		return 98, 664, DefaultCollationOid
	case types.BpcharOid:
		return 1054, 1058, DefaultCollationOid
	case types.OidOid, types.RegclassOid, types.RegtypeOid, types.RegprocOid, types.RegnamespaceOid:
		return 607, 609, 0
	case types.Float4Oid:
		return 620, 622, 0
	case types.Float8Oid:
		return 670, 672, 0
	case types.DateOid:
		return 1093, 1095, 0
	case types.NumericOid:
		return 1752, 1754, 0
	case types.ByteaOid:
		return 1955, 1957, 0
	}
	if types.ClassOf(t.Oid) == types.ClassString {
		return 98, 664, DefaultCollationOid
	}
	return 0, 0, 0
}

// RoundFloat4 rounds f to float4 precision, as storing it in a real column
// does.
func RoundFloat4(f float64) float64 {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return f
	}
	return float64(float32(f))
}

// statisticRow builds the pg_statistic row of st.
func statisticRow(relOid types.Oid, attnum int, st *ColumnStats) []types.Datum {
	row := make([]types.Datum, staNumColumns)
	row[staStarelid] = int64(relOid)
	row[staStaattnum] = int64(attnum)
	row[staStainherit] = st.Inherited
	row[staStanullfrac] = RoundFloat4(st.NullFrac)
	row[staStawidth] = int64(st.Width)
	row[staStadistinct] = RoundFloat4(st.Distinct)
	for k := 0; k < StatisticNumSlots; k++ {
		row[staStakind1+k] = int64(0)
		row[staStaop1+k] = int64(0)
		row[staStacoll1+k] = int64(0)
	}
	slot := 0
	if len(st.MCV) > 0 {
		row[staStakind1+slot] = int64(StatisticKindMCV)
		row[staStaop1+slot] = int64(st.EqOp)
		row[staStacoll1+slot] = int64(st.Collation)
		row[staStanumbers1+slot] = formatFloat4Array(st.MCVFreqs)
		row[staStavalues1+slot] = formatDatumArray(st.Type, st.MCV)
		slot++
	}
	if len(st.Histogram) > 0 {
		row[staStakind1+slot] = int64(StatisticKindHistogram)
		row[staStaop1+slot] = int64(st.LtOp)
		row[staStacoll1+slot] = int64(st.Collation)
		row[staStavalues1+slot] = formatDatumArray(st.Type, st.Histogram)
		slot++
	}
	if st.HasCorrelation {
		row[staStakind1+slot] = int64(StatisticKindCorrelation)
		row[staStaop1+slot] = int64(st.LtOp)
		row[staStacoll1+slot] = int64(st.Collation)
		row[staStanumbers1+slot] = formatFloat4Array([]float64{st.Correlation})
	}
	return row
}

// parseStatisticRow decodes a pg_statistic row; t is the column's type.
func parseStatisticRow(row []types.Datum, t types.T) (*ColumnStats, error) {
	st := &ColumnStats{
		Type:      t,
		Inherited: row[staStainherit].(bool),
		NullFrac:  row[staStanullfrac].(float64),
		Width:     int32(row[staStawidth].(int64)),
		Distinct:  row[staStadistinct].(float64),
	}
	for k := 0; k < StatisticNumSlots; k++ {
		kind := row[staStakind1+k].(int64)
		if kind == 0 {
			continue
		}
		op := types.Oid(row[staStaop1+k].(int64))
		coll := types.Oid(row[staStacoll1+k].(int64))
		var nums []float64
		if s, ok := row[staStanumbers1+k].(string); ok {
			var err error
			if nums, err = parseFloat4Array(s); err != nil {
				return nil, err
			}
		}
		var vals []types.Datum
		if s, ok := row[staStavalues1+k].(string); ok {
			var err error
			if vals, err = parseDatumArray(t, s); err != nil {
				return nil, err
			}
		}
		st.Collation = coll
		switch kind {
		case StatisticKindMCV:
			st.EqOp = op
			st.MCV, st.MCVFreqs = vals, nums
			if len(st.MCV) != len(st.MCVFreqs) {
				return nil, pgerror.Internal("pg_statistic MCV slot has %d values and %d frequencies", len(vals), len(nums))
			}
		case StatisticKindHistogram:
			st.LtOp = op
			st.Histogram = vals
		case StatisticKindCorrelation:
			st.LtOp = op
			if len(nums) == 1 {
				st.Correlation, st.HasCorrelation = nums[0], true
			}
		}
	}
	if st.EqOp == 0 || st.LtOp == 0 {
		eq, lt, _ := StatisticsOperators(t)
		if st.EqOp == 0 {
			st.EqOp = eq
		}
		if st.LtOp == 0 {
			st.LtOp = lt
		}
	}
	return st, nil
}

// statisticRel returns pg_statistic's descriptor, or nil when the catalog
// is not registered or does not exist in this data directory.
func (c *Catalog) statisticRel() *table.Relation {
	r := c.sys[PgStatisticOid]
	if r == nil || !c.st.RelationExists(r.Locator()) {
		return nil
	}
	return r
}

// StoreStatistics records st as the statistics of column attnum of relOid,
// replacing what was there (update_attstats). A nil st removes them.
func (c *Catalog) StoreStatistics(ctx context.Context, tx *txn.Txn, snap *txn.Snapshot, relOid types.Oid, attnum int, st *ColumnStats) error {
	r := c.statisticRel()
	if r == nil {
		return pgerror.Unsupported("pg_statistic is not available in this data directory")
	}
	inherit := st != nil && st.Inherited
	if err := c.deleteWhere(ctx, tx, snap, PgStatisticOid, func(row []types.Datum) bool {
		return types.Oid(row[staStarelid].(int64)) == relOid && int(row[staStaattnum].(int64)) == attnum &&
			row[staStainherit].(bool) == inherit
	}); err != nil {
		return err
	}
	if st == nil {
		return nil
	}
	_, err := heap.Insert(ctx, c.st, tx, r, statisticRow(relOid, attnum, st))
	// Without TOAST a row must fit on a page. PostgreSQL moves wide
	// histograms and MCV lists of long text out of line; here they are
	// given up, histogram first, and the planner uses its defaults for
	// what they would have answered.
	for pgerror.CodeOf(err) == pgerror.ProgramLimitExceeded && (len(st.Histogram) > 0 || len(st.MCV) > 0) {
		narrowed := *st
		if len(narrowed.Histogram) > 0 {
			narrowed.Histogram = nil
		} else {
			narrowed.MCV, narrowed.MCVFreqs = nil, nil
		}
		st = &narrowed
		_, err = heap.Insert(ctx, c.st, tx, r, statisticRow(relOid, attnum, st))
	}
	return err
}

// DeleteStatistics removes every pg_statistic row of relOid (for DROP TABLE).
func (c *Catalog) DeleteStatistics(ctx context.Context, tx *txn.Txn, snap *txn.Snapshot, relOid types.Oid) error {
	if c.statisticRel() == nil {
		return nil
	}
	return c.deleteWhere(ctx, tx, snap, PgStatisticOid, func(row []types.Datum) bool {
		return types.Oid(row[staStarelid].(int64)) == relOid
	})
}

// LoadStatistics returns the non-inherited statistics of relOid's columns
// visible to snap, keyed by attribute number. Columns never analyzed (and
// every column, when pg_statistic is not available) are absent.
func (c *Catalog) LoadStatistics(snap *txn.Snapshot, relOid types.Oid) (map[int]*ColumnStats, error) {
	out := map[int]*ColumnStats{}
	if c.statisticRel() == nil {
		return out, nil
	}
	ctx := context.Background()
	var rows [][]types.Datum
	if err := c.scanCatalog(ctx, snap, PgStatisticOid, func(row []types.Datum, _ table.TID) bool {
		if types.Oid(row[staStarelid].(int64)) == relOid && !row[staStainherit].(bool) {
			rows = append(rows, row)
		}
		return true
	}); err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return out, nil
	}
	attTypes := map[int]types.T{}
	if err := c.scanCatalog(ctx, snap, PgAttributeOid, func(row []types.Datum, _ table.TID) bool {
		if types.Oid(row[attAttrelid].(int64)) == relOid && !row[attAttisdropped].(bool) {
			attTypes[int(row[attAttnum].(int64))] = types.T{Oid: types.Oid(row[attAtttypid].(int64)), Typmod: int32(row[attAtttypmod].(int64))}
		}
		return true
	}); err != nil {
		return nil, err
	}
	for _, row := range rows {
		attnum := int(row[staStaattnum].(int64))
		t, ok := attTypes[attnum]
		if !ok {
			continue // dropped column
		}
		st, err := parseStatisticRow(row, t)
		if err != nil {
			return nil, err
		}
		out[attnum] = st
	}
	return out, nil
}

// formatFloat4Array prints a float4[] as array_out does.
func formatFloat4Array(fs []float64) string {
	var b []byte
	b = append(b, '{')
	for i, f := range fs {
		if i > 0 {
			b = append(b, ',')
		}
		b = types.AppendFloat(b, RoundFloat4(f), true, 1)
	}
	return string(append(b, '}'))
}

func parseFloat4Array(s string) ([]float64, error) {
	elems, err := parseArrayText(s)
	if err != nil {
		return nil, err
	}
	out := make([]float64, len(elems))
	for i, e := range elems {
		if e == nil {
			return nil, pgerror.Internal("NULL element in pg_statistic number array")
		}
		f, err := types.InFloat4(*e)
		if err != nil {
			return nil, err
		}
		out[i] = f
	}
	return out, nil
}

// formatDatumArray prints values of type t as array_out does.
func formatDatumArray(t types.T, vals []types.Datum) string {
	var b []byte
	b = append(b, '{')
	for i, v := range vals {
		if i > 0 {
			b = append(b, ',')
		}
		if v == nil {
			b = append(b, "NULL"...)
			continue
		}
		b = appendArrayElem(b, types.Out(t, v))
	}
	return string(append(b, '}'))
}

func parseDatumArray(t types.T, s string) ([]types.Datum, error) {
	elems, err := parseArrayText(s)
	if err != nil {
		return nil, err
	}
	in := types.T{Oid: t.Oid, Typmod: -1} // values are stored as they were, not re-coerced
	out := make([]types.Datum, len(elems))
	for i, e := range elems {
		if e == nil {
			continue
		}
		d, err := types.In(in, *e)
		if err != nil {
			return nil, err
		}
		out[i] = d
	}
	return out, nil
}

// appendArrayElem appends one element's text, quoted when array_out would
// quote it: empty, NULL in any case, or containing a quote, backslash,
// brace, comma or white space.
func appendArrayElem(b []byte, s string) []byte {
	quote := s == "" || strings.EqualFold(s, "NULL")
	for i := 0; i < len(s) && !quote; i++ {
		switch s[i] {
		case '"', '\\', '{', '}', ',', ' ', '\t', '\n', '\r', '\v', '\f':
			quote = true
		}
	}
	if !quote {
		return append(b, s...)
	}
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' || s[i] == '\\' {
			b = append(b, '\\')
		}
		b = append(b, s[i])
	}
	return append(b, '"')
}

// parseArrayText splits a one-dimensional array literal into its elements;
// an unquoted NULL is a nil element.
func parseArrayText(s string) ([]*string, error) {
	bad := func() error {
		return pgerror.Newf(pgerror.DataCorrupted, "malformed array literal in pg_statistic: \"%s\"", s)
	}
	isSpace := func(c byte) bool {
		return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
	}
	i := 0
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	if i >= len(s) || s[i] != '{' {
		return nil, bad()
	}
	i++
	var out []*string
	for {
		for i < len(s) && isSpace(s[i]) {
			i++
		}
		if i >= len(s) {
			return nil, bad()
		}
		if s[i] == '}' && len(out) == 0 {
			i++
			break
		}
		var elem []byte
		quoted := false
		if s[i] == '"' {
			quoted = true
			i++
			for {
				if i >= len(s) {
					return nil, bad()
				}
				c := s[i]
				if c == '\\' {
					if i+1 >= len(s) {
						return nil, bad()
					}
					elem = append(elem, s[i+1])
					i += 2
					continue
				}
				if c == '"' {
					i++
					break
				}
				elem = append(elem, c)
				i++
			}
		} else {
			for i < len(s) && s[i] != ',' && s[i] != '}' {
				if s[i] == '\\' && i+1 < len(s) {
					elem = append(elem, s[i+1])
					i += 2
					continue
				}
				elem = append(elem, s[i])
				i++
			}
			// Trailing white space of an unquoted element is not part of it.
			for len(elem) > 0 && isSpace(elem[len(elem)-1]) {
				elem = elem[:len(elem)-1]
			}
			if len(elem) == 0 {
				return nil, bad()
			}
		}
		if !quoted && strings.EqualFold(string(elem), "NULL") {
			out = append(out, nil)
		} else {
			e := string(elem)
			out = append(out, &e)
		}
		for i < len(s) && isSpace(s[i]) {
			i++
		}
		if i >= len(s) {
			return nil, bad()
		}
		if s[i] == ',' {
			i++
			continue
		}
		if s[i] == '}' {
			i++
			break
		}
		return nil, bad()
	}
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	if i != len(s) {
		return nil, bad()
	}
	return out, nil
}
