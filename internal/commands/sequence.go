// sequence.go: sequence parameters and the sequence functions nextval,
// currval, setval and lastval (PG: commands/sequence.c).
//
// A sequence's state lives in the one frozen tuple of its relation
// (last_value, log_cnt, is_called) and changes outside transactions: a
// value handed out stays handed out when the transaction rolls back.
// nextval WAL-logs the state SeqLogVals values ahead and counts the values
// it hands out meanwhile in log_cnt, so only one call in SeqLogVals writes
// WAL; after a crash the sequence continues past every value it may have
// handed out. The first change after a checkpoint is always logged, since
// recovery starts from the checkpoint.
//
// Sequence functions are parallel unsafe: they run in the leader only.

package commands

import (
	"math"

	"github.com/loomdb/loomdb/internal/access/heap"
	"github.com/loomdb/loomdb/internal/catalog"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/storage"
	"github.com/loomdb/loomdb/internal/txn"
	"github.com/loomdb/loomdb/internal/types"
)

// SeqLogVals is how many values nextval logs ahead (SEQ_LOG_VALS).
const SeqLogVals = 32

// SeqState is a sequence's tuple (FormData_pg_sequence_data).
type SeqState struct {
	LastValue int64
	LogCnt    int64
	IsCalled  bool
}

// Row returns the state as the sequence relation's row.
func (s SeqState) Row() []types.Datum { return []types.Datum{s.LastValue, s.LogCnt, s.IsCalled} }

func seqStateOf(row []types.Datum) SeqState {
	return SeqState{LastValue: row[0].(int64), LogCnt: row[1].(int64), IsCalled: row[2].(bool)}
}

// ReadSeqState reads the current state of sequence rel.
func ReadSeqState(st *storage.Storage, rel *catalog.Relation) (SeqState, error) {
	t, err := heap.LockSingleTuple(st, rel.Table())
	if err != nil {
		return SeqState{}, err
	}
	defer t.Release()
	return seqStateOf(t.Row), nil
}

func typeBounds(t types.Oid) (lo, hi int64) {
	switch t {
	case types.Int2Oid:
		return math.MinInt16, math.MaxInt16
	case types.Int4Oid:
		return math.MinInt32, math.MaxInt32
	}
	return math.MinInt64, math.MaxInt64
}

// InitSeqParams applies the options of CREATE SEQUENCE (isInit) or ALTER
// SEQUENCE to p and state, checking them as PostgreSQL does (PG:
// init_params). It reports whether the sequence's tuple must be rewritten.
func InitSeqParams(o *nodes.SeqOptions, forIdentity, isInit bool, p *catalog.SequenceParams, state *SeqState) (bool, error) {
	bad := func(format string, args ...any) (bool, error) {
		return false, pgerror.Newf(pgerror.InvalidParameterValue, format, args...)
	}
	rewrite := o.Type != nil || o.Increment != nil || o.Restart != nil || o.RestartStart ||
		o.Max != nil || o.NoMax || o.Min != nil || o.NoMin || o.Cache != nil || o.Cycle != nil
	if isInit {
		state.LogCnt = 0
	}
	resetMax, resetMin := false, false
	if o.Type != nil {
		t := o.Type.Oid
		if t != types.Int2Oid && t != types.Int4Oid && t != types.Int8Oid {
			if forIdentity {
				return bad("identity column type must be smallint, integer, or bigint")
			}
			return bad("sequence type must be smallint, integer, or bigint")
		}
		if !isInit {
			lo, hi := typeBounds(p.Type)
			resetMax, resetMin = p.Max == hi, p.Min == lo
		}
		p.Type = t
	} else if isInit {
		p.Type = types.Int8Oid
	}
	lo, hi := typeBounds(p.Type)
	if o.Increment != nil {
		p.Increment = *o.Increment
		if p.Increment == 0 {
			return bad("INCREMENT must not be zero")
		}
		state.LogCnt = 0
	} else if isInit {
		p.Increment = 1
	}
	if o.Cycle != nil {
		p.Cycle = *o.Cycle
		state.LogCnt = 0
	} else if isInit {
		p.Cycle = false
	}
	if o.Max != nil {
		p.Max = *o.Max
		state.LogCnt = 0
	} else if isInit || o.NoMax || resetMax {
		if p.Increment > 0 || resetMax {
			p.Max = hi
		} else {
			p.Max = -1
		}
		state.LogCnt = 0
	}
	if p.Max < lo || p.Max > hi {
		return bad("MAXVALUE (%d) is out of range for sequence data type %s", p.Max, types.FormatTypeBe(p.Type))
	}
	if o.Min != nil {
		p.Min = *o.Min
		state.LogCnt = 0
	} else if isInit || o.NoMin || resetMin {
		if p.Increment < 0 || resetMin {
			p.Min = lo
		} else {
			p.Min = 1
		}
		state.LogCnt = 0
	}
	if p.Min < lo || p.Min > hi {
		return bad("MINVALUE (%d) is out of range for sequence data type %s", p.Min, types.FormatTypeBe(p.Type))
	}
	if p.Min >= p.Max {
		return bad("MINVALUE (%d) must be less than MAXVALUE (%d)", p.Min, p.Max)
	}
	if o.Start != nil {
		p.Start = *o.Start
	} else if isInit {
		if p.Increment > 0 {
			p.Start = p.Min
		} else {
			p.Start = p.Max
		}
	}
	if p.Start < p.Min {
		return bad("START value (%d) cannot be less than MINVALUE (%d)", p.Start, p.Min)
	}
	if p.Start > p.Max {
		return bad("START value (%d) cannot be greater than MAXVALUE (%d)", p.Start, p.Max)
	}
	switch {
	case o.Restart != nil || o.RestartStart:
		state.LastValue = p.Start
		if o.Restart != nil {
			state.LastValue = *o.Restart
		}
		state.IsCalled = false
		state.LogCnt = 0
	case isInit:
		state.LastValue = p.Start
		state.IsCalled = false
	}
	if state.LastValue < p.Min {
		return bad("RESTART value (%d) cannot be less than MINVALUE (%d)", state.LastValue, p.Min)
	}
	if state.LastValue > p.Max {
		return bad("RESTART value (%d) cannot be greater than MAXVALUE (%d)", state.LastValue, p.Max)
	}
	if o.Cache != nil {
		p.Cache = *o.Cache
		if p.Cache <= 0 {
			return bad("CACHE (%d) must be greater than zero", p.Cache)
		}
		state.LogCnt = 0
	} else if isInit {
		p.Cache = 1
	}
	return rewrite, nil
}

// SeqTable is one session's memory of the sequences it used (PG: SeqTable):
// currval's value, the values nextval fetched ahead under CACHE, and which
// sequence lastval reads. It also keeps, for the current statement only,
// each sequence's relation and parameters. It is not safe for concurrent use.
type SeqTable struct {
	st      *storage.Storage
	cat     *catalog.Catalog
	entries map[types.Oid]*seqEntry
	lastUse *seqEntry
	stmt    uint64
}

type seqEntry struct {
	oid        types.Oid
	fileNumber types.Oid
	// last is the value nextval last returned; cached the last of the
	// values fetched ahead (last == cached: none left).
	last, cached int64
	increment    int64
	lastValid    bool
	// rel and params are valid while stmt equals the table's.
	rel    *catalog.Relation
	params *catalog.SequenceParams
	stmt   uint64
}

// NewSeqTable returns an empty sequence table for a session.
func NewSeqTable(st *storage.Storage, cat *catalog.Catalog) *SeqTable {
	return &SeqTable{st: st, cat: cat, entries: map[types.Oid]*seqEntry{}, stmt: 1}
}

// NewStatement forgets the relations and parameters read for the previous
// statement, whose DDL may have changed them.
func (t *SeqTable) NewStatement() { t.stmt++ }

// Forget drops the values fetched ahead for sequence oid, after ALTER
// SEQUENCE (currval's value stays).
func (t *SeqTable) Forget(oid types.Oid) {
	if e := t.entries[oid]; e != nil {
		e.cached = e.last
		e.stmt = 0
	}
}

// open returns the entry of sequence oid with its relation and parameters
// read through a catalog snapshot of tx (PG: init_sequence).
func (t *SeqTable) open(tx *txn.Txn, oid types.Oid) (*seqEntry, error) {
	e := t.entries[oid]
	if e == nil {
		e = &seqEntry{oid: oid}
		t.entries[oid] = e
	}
	if e.stmt == t.stmt {
		return e, nil
	}
	snap := tx.CatalogSnapshot()
	rel, err := t.cat.RelationByOid(tx, snap, oid)
	if err != nil {
		return nil, err
	}
	if rel.Kind != 'S' {
		return nil, pgerror.Newf(pgerror.WrongObjectType, "\"%s\" is not a sequence", rel.Name)
	}
	params, err := t.cat.SequenceParamsOf(snap, oid)
	if err != nil {
		return nil, err
	}
	if rel.RelFileNumber != e.fileNumber {
		// ALTER SEQUENCE or TRUNCATE ... RESTART IDENTITY gave the
		// sequence a new file: values fetched ahead are void.
		e.fileNumber = rel.RelFileNumber
		e.cached = e.last
	}
	e.rel, e.params, e.stmt = rel, params, t.stmt
	return e, nil
}

// NextVal advances sequence oid and returns its new value (nextval).
func (t *SeqTable) NextVal(tx *txn.Txn, oid types.Oid) (int64, error) {
	e, err := t.open(tx, oid)
	if err != nil {
		return 0, err
	}
	if e.last != e.cached {
		e.last += e.increment
		t.lastUse = e
		return e.last, nil
	}
	p := e.params
	incby, maxv, minv, cache := p.Increment, p.Max, p.Min, p.Cache
	tup, err := heap.LockSingleTuple(t.st, e.rel.Table())
	if err != nil {
		return 0, err
	}
	defer tup.Release()
	seq := seqStateOf(tup.Row)
	e.increment = incby
	last, next, result := seq.LastValue, seq.LastValue, seq.LastValue
	fetch, log := cache, seq.LogCnt
	rescnt := int64(0)
	logit := false
	if !seq.IsCalled {
		rescnt++ // last_value itself is the first value handed out
		fetch--
	}
	if log < fetch || !seq.IsCalled {
		fetch += SeqLogVals
		log = fetch
		logit = true
	} else if tup.PageLSN() <= t.st.RedoRecPtr() {
		fetch += SeqLogVals
		log = fetch
		logit = true
	}
	for fetch > 0 {
		if incby > 0 {
			if (maxv >= 0 && next > maxv-incby) || (maxv < 0 && next+incby > maxv) {
				if rescnt > 0 {
					break
				}
				if !p.Cycle {
					return 0, pgerror.Newf(pgerror.SequenceGeneratorLimitExceeded, "nextval: reached maximum value of sequence \"%s\" (%d)", e.rel.Name, maxv)
				}
				next = minv
			} else {
				next += incby
			}
		} else {
			if (minv < 0 && next < minv-incby) || (minv >= 0 && next+incby < minv) {
				if rescnt > 0 {
					break
				}
				if !p.Cycle {
					return 0, pgerror.Newf(pgerror.SequenceGeneratorLimitExceeded, "nextval: reached minimum value of sequence \"%s\" (%d)", e.rel.Name, minv)
				}
				next = maxv
			} else {
				next += incby
			}
		}
		fetch--
		if rescnt < cache {
			log--
			rescnt++
			last = next
			if rescnt == 1 {
				result = next
			}
		}
	}
	log -= fetch
	e.last, e.cached, e.lastValid = result, last, true
	t.lastUse = e
	if logit {
		// The log holds the state as it will be after log more fetches;
		// the commit record that follows flushes it, so the transaction
		// needs an xid even if it writes nothing else.
		xid := tx.AssignXID()
		if err := tup.Update(SeqState{LastValue: next, IsCalled: true}.Row(), true, xid); err != nil {
			return 0, err
		}
	}
	if err := tup.Update(SeqState{LastValue: last, LogCnt: log, IsCalled: true}.Row(), false, 0); err != nil {
		return 0, err
	}
	return result, nil
}

// CurrVal returns the value nextval last returned in this session for
// sequence oid (currval).
func (t *SeqTable) CurrVal(tx *txn.Txn, oid types.Oid) (int64, error) {
	e, err := t.open(tx, oid)
	if err != nil {
		return 0, err
	}
	if !e.lastValid {
		return 0, pgerror.Newf(pgerror.ObjectNotInPrerequisiteState, "currval of sequence \"%s\" is not yet defined in this session", e.rel.Name)
	}
	return e.last, nil
}

// LastVal returns the value nextval last returned in this session for any
// sequence (lastval).
func (t *SeqTable) LastVal(tx *txn.Txn) (int64, error) {
	e := t.lastUse
	if e == nil || !e.lastValid {
		return 0, pgerror.New(pgerror.ObjectNotInPrerequisiteState, "lastval is not yet defined in this session")
	}
	if _, err := t.open(tx, e.oid); err != nil {
		if pgerror.CodeOf(err) == pgerror.UndefinedTable {
			return 0, pgerror.New(pgerror.ObjectNotInPrerequisiteState, "lastval is not yet defined in this session")
		}
		return 0, err
	}
	return e.last, nil
}

// SetVal sets sequence oid's state to (next, isCalled) and returns next
// (setval).
func (t *SeqTable) SetVal(tx *txn.Txn, oid types.Oid, next int64, isCalled bool) (int64, error) {
	e, err := t.open(tx, oid)
	if err != nil {
		return 0, err
	}
	p := e.params
	if next < p.Min || next > p.Max {
		return 0, pgerror.Newf(pgerror.NumericValueOutOfRange, "setval: value %d is out of bounds for sequence \"%s\" (%d..%d)", next, e.rel.Name, p.Min, p.Max)
	}
	tup, err := heap.LockSingleTuple(t.st, e.rel.Table())
	if err != nil {
		return 0, err
	}
	defer tup.Release()
	if isCalled {
		e.last, e.lastValid = next, true
	}
	e.cached = e.last
	if err := tup.Update(SeqState{LastValue: next, IsCalled: isCalled}.Row(), true, tx.AssignXID()); err != nil {
		return 0, err
	}
	return next, nil
}
