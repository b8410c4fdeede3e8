// portal.go holds portals: a statement bound to its parameters, executing
// incrementally so that Execute with a row limit can suspend and resume
// (PG: utils/mmgr/portalmem.c, tcop/pquery.c).

package session

import (
	"context"
	"fmt"
	"github.com/loomdb/loomdb/internal/analyze"
	"time"

	"github.com/loomdb/loomdb/internal/executor"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/optimizer/plan"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/plannodes"
	"github.com/loomdb/loomdb/internal/types"
	"github.com/loomdb/loomdb/internal/vector"
)

// Portal is a statement ready to run, or running.
type Portal struct {
	session *Session
	stmt    nodes.Stmt
	sql     string
	params  []types.Datum
	// internal marks a statement the system runs on the user's behalf
	// with an owner's rights (a foreign-key check): privileges are not
	// checked.
	internal bool
	// resultFormats are the Bind's result format codes (empty: all text).
	resultFormats []int16
	// outZone and outFloatDigits are TimeZone and extra_float_digits as
	// values are printed (outZone nil until the first value).
	outZone        *time.Location
	outFloatDigits int

	started bool
	done    bool
	// Query execution.
	planned  *plannodes.PlannedStmt
	es       *executor.EState
	ps       executor.PlanState
	batch    *vector.Batch
	batchPos int
	rows     int64
	visible  []int // non-junk output columns
	// Utility statements produce materialized results.
	fields   []Field
	utilRows [][]types.Datum
	tag      string
	// stored marks a statement that changes tables and was run to
	// completion at its first Execute, its rows kept in store (see
	// fillStore).
	stored   bool
	store    [][]types.Datum
	storePos int
}

// start plans the statement (queries) or runs it (utility statements that
// return rows are materialized).
func (p *Portal) start(ctx context.Context) error {
	if p.started {
		return nil
	}
	p.started = true
	s := p.session
	if err := s.checkReadOnly(p.stmt); err != nil {
		return err
	}
	switch st := p.stmt.(type) {
	case *nodes.Query:
		tx := s.startTxn()
		snap := tx.StatementSnapshot()
		if !p.internal {
			if err := s.checkQueryPermissions(tx.CatalogSnapshot(), st); err != nil {
				return err
			}
		}
		access := s.tableAccess(tx, snap)
		cfg := s.plannerConfig(access)
		planned, err := plan.Planner(st, cfg)
		if err != nil {
			return err
		}
		p.planned = planned
		p.es = s.newEState(access, p.params, false)
		ps, err := executor.ExecutorStart(planned, p.es)
		if err != nil {
			return err
		}
		p.ps = ps
		if st.CommandType == nodes.CmdSelect || len(st.Returning) > 0 {
			for i, te := range planned.PlanTree.PlanHeader().TargetList {
				if !te.ResJunk {
					p.visible = append(p.visible, i)
				}
			}
			p.fields = queryFields(planned.PlanTree.PlanHeader().TargetList, p.resultFormats)
		}
		return nil
	default:
		return s.runUtility(s.ownerContext(ctx), p)
	}
}

// newEState returns the executor state of a statement run in the session.
func (s *Session) newEState(access *tableAccess, params []types.Datum, instrument bool) *executor.EState {
	return &executor.EState{Tables: access, Params: params, Instrument: instrument, WorkMemKB: s.settings.Int("work_mem"),
		TrackWorker: func() func() { return s.eng.trackWorker(s.pid) },
		Env:         s.funcEnv(),
		Workers:     s.eng.workers, MaxParallelWorkers: int(s.settings.Int("max_parallel_workers")),
		ParallelLeaderParticipation: s.settings.Bool("parallel_leader_participation")}
}

// queryFields describes a query's visible output columns.
func queryFields(tl []*nodes.TargetEntry, formats []int16) []Field {
	var out []Field
	for _, te := range tl {
		if te.ResJunk {
			continue
		}
		t := te.Expr.ExprType()
		f := Field{Name: te.Name, TableOid: te.OrigTable, AttNum: int16(te.OrigCol), Type: t, TypLen: typLen(t)}
		out = append(out, f)
	}
	applyFormats(out, formats)
	return out
}

func applyFormats(fields []Field, formats []int16) {
	for i := range fields {
		switch {
		case len(formats) == 1:
			fields[i].Format = formats[0]
		case i < len(formats):
			fields[i].Format = formats[i]
		}
	}
}

func typLen(t types.T) int16 {
	if in := types.InfoOf(t.Oid); in != nil {
		return in.Len
	}
	return -1
}

// Fields returns the result columns, or nil when the statement returns none.
func (p *Portal) Fields() []Field { return p.fields }

// Run sends up to maxRows rows (0: all) and the command tag when complete;
// it reports whether the portal was suspended with rows left.
func (p *Portal) Run(ctx context.Context, maxRows int64, c Client) (suspended bool, err error) {
	if err := p.start(ctx); err != nil {
		return false, err
	}
	if p.done {
		return false, c.SendCommandComplete(p.tag)
	}
	ctx, done := p.session.statementContext(ctx)
	defer done()
	if p.stored {
		return p.runStore(maxRows, c)
	}
	if p.ps == nil {
		return p.runMaterialized(maxRows, c)
	}
	if p.rows == 0 && p.batch == nil {
		// Parallel workers only for a portal run to completion at once:
		// one that may be suspended runs its Gathers in the leader alone
		// (PG: ExecutePlan's use_parallel_mode).
		p.es.UseParallelMode = maxRows == 0
		if maxRows > 0 && len(p.visible) > 0 && p.modifies() {
			if err := p.fillStore(ctx); err != nil {
				return false, err
			}
			return p.runStore(maxRows, c)
		}
	}
	sent := int64(0)
	for {
		if maxRows > 0 && sent >= maxRows {
			return true, nil
		}
		if p.batch == nil || p.batchPos >= p.batch.Len() {
			b, err := p.ps.Exec(ctx)
			if err != nil {
				p.finish()
				return false, pgerror.Convert(err)
			}
			if b == nil {
				if err := p.es.ExecutorFinish(ctx); err != nil {
					p.finish()
					return false, pgerror.Convert(err)
				}
				break
			}
			p.batch, p.batchPos = b, 0
		}
		if len(p.visible) == 0 && p.planned.CommandType != nodes.CmdSelect {
			p.batchPos = p.batch.Len()
			continue
		}
		for p.batchPos < p.batch.Len() {
			if maxRows > 0 && sent >= maxRows {
				return true, nil
			}
			r := p.batch.Row(p.batchPos)
			p.batchPos++
			vals, err := p.encodeRow(p.batch, r)
			if err != nil {
				p.finish()
				return false, err
			}
			if err := c.SendDataRow(vals); err != nil {
				return false, err
			}
			sent++
			p.rows++
		}
	}
	n := p.rows
	if p.planned.CommandType != nodes.CmdSelect {
		n = p.es.ProcessedRows
	}
	if err := p.complete(ctx, n); err != nil {
		return false, err
	}
	p.done = true
	return false, c.SendCommandComplete(p.tag)
}

// complete ends the portal's execution once its plan has returned all its
// rows: it ends the plan, sets the command tag with row count n, makes the
// statement's changes visible to the next one and runs the foreign-key
// checks of its rows.
func (p *Portal) complete(ctx context.Context, n int64) error {
	p.finish()
	p.tag = fmt.Sprintf(p.tagFormat(), n)
	if p.planned.CommandType != nodes.CmdSelect || p.planned.HasModifyingCTE {
		p.session.tx.CommandCounterIncrement()
	}
	return p.session.fireRIEvents(ctx, p.es.RIEvents)
}

// tagFormat is the command tag of the portal's statement, with a %d for
// its row count.
func (p *Portal) tagFormat() string {
	switch p.planned.CommandType {
	case nodes.CmdInsert:
		return "INSERT 0 %d"
	case nodes.CmdUpdate:
		return "UPDATE %d"
	case nodes.CmdDelete:
		return "DELETE %d"
	}
	return "SELECT %d"
}

func (p *Portal) finish() {
	if p.ps != nil {
		p.ps.End()
		p.es.EndSubplans()
	}
}

// Close releases the portal's execution state.
func (p *Portal) Close() {
	if p.ps != nil && !p.done {
		p.ps.End()
		p.es.EndSubplans()
	}
	p.done = true
}

func (p *Portal) runMaterialized(maxRows int64, c Client) (bool, error) {
	sent := int64(0)
	for len(p.utilRows) > 0 {
		if maxRows > 0 && sent >= maxRows {
			return true, nil
		}
		row := p.utilRows[0]
		p.utilRows = p.utilRows[1:]
		vals := make([][]byte, len(row))
		for i, d := range row {
			if d == nil {
				continue
			}
			b, err := p.encode(p.fields[i].Type, d, p.fields[i].Format)
			if err != nil {
				return false, err
			}
			vals[i] = b
		}
		if err := c.SendDataRow(vals); err != nil {
			return false, err
		}
		sent++
	}
	p.done = true
	if p.tag == "" {
		return false, nil
	}
	return false, c.SendCommandComplete(p.tag)
}

func (p *Portal) encodeRow(b *vector.Batch, r int) ([][]byte, error) {
	vals := make([][]byte, len(p.visible))
	for i, col := range p.visible {
		v := b.Cols[col]
		if v.Nulls[r] {
			continue
		}
		enc, err := p.encode(p.fields[i].Type, v.Get(r), p.fields[i].Format)
		if err != nil {
			return nil, err
		}
		vals[i] = enc
	}
	return vals, nil
}

// encode renders a value in text or binary format with the session's
// settings, which are read once, when the portal's first value is sent.
func (p *Portal) encode(t types.T, d types.Datum, format int16) ([]byte, error) {
	if format == 1 {
		return types.Send(t, d)
	}
	if p.outZone == nil {
		p.outZone = p.session.timeZone()
		p.outFloatDigits = int(p.session.settings.Int("extra_float_digits"))
	}
	if oid, ok := d.(int64); ok && analyze.IsRegType(t.Oid) {
		// The reg types print the object's name, which takes the catalog.
		s, err := sessionCatalog{p.session}.RegOut(t.Oid, types.Oid(uint32(oid)))
		return []byte(s), err
	}
	if f, ok := d.(float64); ok && (t.Oid == types.Float8Oid || t.Oid == types.Float4Oid) {
		return append(make([]byte, 0, 24), types.OutFloat(f, t.Oid == types.Float4Oid, p.outFloatDigits)...), nil
	}
	// A non-nil slice: an empty value is not NULL.
	return types.AppendOutZone(make([]byte, 0, 16), t, d, p.outZone), nil
}
