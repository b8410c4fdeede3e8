// node_modifytable.go implements ModifyTable: INSERT stores every row of
// its input in the target table; UPDATE and DELETE find the target row of
// each input row by the ctid the input carries, then delete it and, for
// UPDATE, store its new version: the old row, fetched by its ctid, with
// the new values of the assigned columns the input carries.
// NOT NULL is enforced on stored rows, unique indexes as each row is
// stored. With RETURNING the node returns the RETURNING list computed over
// each stored (DELETE: deleted) row and the input row; otherwise it returns
// no rows. The processed rows are counted for the command tag.
//
// An input row whose target row the statement has already changed (an
// UPDATE ... FROM joining it more than once) is skipped, as in PostgreSQL.
// A target row that a concurrent transaction deleted or updated and
// committed is skipped by DELETE; UPDATE fails with 40001 instead, since
// loomdb does not follow update chains to re-check the new version as
// PostgreSQL's READ COMMITTED does.
//
// ModifyTable never runs in parallel: PostgreSQL 15 plans no
// data-modifying statement in parallel.

package executor

import (
	"context"

	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/catalog"
	"github.com/loomdb/loomdb/internal/expr"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/plannodes"
	"github.com/loomdb/loomdb/internal/types"
	"github.com/loomdb/loomdb/internal/vector"
)

// ModifyTableState is the run-time state of a ModifyTable.
type ModifyTableState struct {
	plan  *plannodes.ModifyTable
	es    *EState
	child PlanState
	rel   *catalog.Relation
	ins   TableInserter
	upd   TableUpdater
	ectx  *expr.Context
	row   []types.Datum
	done  bool
	// With RETURNING: ret holds, per processed row, the table row followed
	// by the input row, and proj computes the list over it.
	ret  *vector.Batch
	proj *projection
	// constraints tests each new row; checkOptions, once it is stored,
	// against the CHECK OPTIONs of the views written through.
	constraints  *ConstraintChecker
	checkOptions *checkOptions
	// needOld says a DELETE reads the old row, for RETURNING or the keys
	// of the foreign keys referencing the table; oldKeys holds the old
	// row's key of each RIKey while the row is updated.
	needOld bool
	oldKeys [][]types.Datum
	// onConflict runs an INSERT's ON CONFLICT clause.
	onConflict *onConflictState
}

// RIEvent is one modified row's key of a foreign key (PG: an RI trigger
// event): the new row's referencing columns, or the old row's referenced
// columns (Old) and, for an UPDATE, the new row's (New).
type RIEvent struct {
	Key      *nodes.RIKey
	Old, New []types.Datum
}

// TableUpdater changes single rows of a table within the current
// transaction, keeping its indexes, for UPDATE and DELETE.
type TableUpdater interface {
	// Fetch returns the row at tid as the statement's snapshot sees it.
	Fetch(tid table.TID) ([]types.Datum, error)
	// Delete deletes the row at tid (see heap.Delete for the results).
	Delete(ctx context.Context, tid table.TID) (table.TMResult, error)
	// Insert stores a row and its index entries at once.
	Insert(ctx context.Context, row []types.Datum) error
}

// UpdateAccess is a TableAccess that can update and delete rows.
type UpdateAccess interface {
	NewUpdater(rel *catalog.Relation) (TableUpdater, error)
}

func initModifyTable(p *plannodes.ModifyTable, es *EState) (*ModifyTableState, error) {
	rel, err := es.Tables.Relation(p.RelOid)
	if err != nil {
		return nil, err
	}
	child, err := ExecInitNode(p.Lefttree, es)
	if err != nil {
		return nil, err
	}
	s := &ModifyTableState{plan: p, es: es, child: child, rel: rel, ectx: es.exprContext(), row: make([]types.Datum, len(rel.Columns))}
	if s.constraints, err = NewConstraintChecker(rel, p.Checks); err != nil {
		return nil, err
	}
	if s.checkOptions, err = newCheckOptions(rel, p.WithCheckOptions); err != nil {
		return nil, err
	}
	if p.OnConflict != nil {
		if err := s.initOnConflict(); err != nil {
			return nil, err
		}
	}
	s.oldKeys = make([][]types.Datum, len(p.RIKeys))
	for _, k := range p.RIKeys {
		s.needOld = s.needOld || k.Referenced
	}
	if len(p.Returning) > 0 {
		ts := make([]types.T, 0, len(rel.Columns)+len(p.Lefttree.PlanHeader().TargetList))
		for _, c := range rel.Columns {
			ts = append(ts, c.Type)
		}
		ncols := len(rel.Columns)
		target := p.ResultRelation
		if target == 0 {
			target = 1
		}
		for _, te := range p.Lefttree.PlanHeader().TargetList {
			ts = append(ts, te.Expr.ExprType())
		}
		s.ret = vector.NewBatch(ts, vector.BatchSize)
		cols := func(v *nodes.Var) (int, error) {
			switch {
			case v.VarNo == nodes.OuterVar && v.AttNo >= 1 && ncols+v.AttNo <= len(ts):
				return ncols + v.AttNo - 1, nil
			case v.VarNo == target && v.AttNo >= 1 && v.AttNo <= ncols:
				return v.AttNo - 1, nil
			}
			return 0, pgerror.Internal("RETURNING column %s is not available", v.Name)
		}
		if s.proj, err = newProjection(p.Returning, cols); err != nil {
			return nil, err
		}
	}
	return s, nil
}

func (s *ModifyTableState) childStates() []PlanState { return []PlanState{s.child} }

// Plan returns the node's plan.
func (s *ModifyTableState) Plan() plannodes.Plan { return s.plan }

// Exec modifies the rows of the next input batch, or of all the input
// without RETURNING, and returns their RETURNING rows; nil at the end.
func (s *ModifyTableState) Exec(ctx context.Context) (*vector.Batch, error) {
	s.ectx.Ctx = ctx
	if s.done {
		return nil, nil
	}
	if err := s.begin(); err != nil {
		return nil, err
	}
	for {
		b, err := s.child.Exec(ctx)
		if err != nil {
			return nil, err
		}
		if b == nil {
			break
		}
		if s.ret != nil {
			s.ret.Reset()
		}
		for i := 0; i < b.Len(); i++ {
			if err := s.modifyRow(ctx, b, b.Row(i)); err != nil {
				return nil, err
			}
		}
		if s.ret != nil && s.ret.N > 0 {
			return s.proj.project(s.ectx, s.ret)
		}
	}
	s.done = true
	if s.ins != nil {
		return nil, s.ins.Finish(ctx)
	}
	return nil, nil
}

// begin opens the table for writing.
func (s *ModifyTableState) begin() error {
	var err error
	switch {
	case s.plan.Operation == nodes.CmdInsert && s.onConflict == nil && s.checkOptions == nil:
		// Rows are stored in bulk, their index entries made as pages
		// fill; a CHECK OPTION is tested once a row has passed its
		// unique indexes, so such an INSERT stores rows one at a time.
		if s.ins == nil {
			s.ins, err = s.es.Tables.NewInserter(s.rel)
		}
	case s.upd == nil:
		ua, ok := s.es.Tables.(UpdateAccess)
		if !ok {
			return pgerror.Internal("table access cannot update rows")
		}
		s.upd, err = ua.NewUpdater(s.rel)
	}
	return err
}

// modifyRow applies the statement to input row r of b.
func (s *ModifyTableState) modifyRow(ctx context.Context, b *vector.Batch, r int) error {
	op := s.plan.Operation
	if op != nodes.CmdInsert {
		v, ok := b.Cols[s.plan.CtidColumn].Get(r).(int64)
		if !ok {
			return pgerror.Internal("ctid is NULL")
		}
		tid := table.TIDFromDatum(v)
		if op == nodes.CmdUpdate || s.ret != nil || s.needOld {
			old, err := s.upd.Fetch(tid)
			if err != nil {
				return err
			}
			copy(s.row, old)
			for i := range s.plan.RIKeys {
				s.oldKeys[i] = riKeyOf(s.row, s.plan.RIKeys[i].AttNums)
			}
		}
		res, err := s.upd.Delete(ctx, tid)
		if err != nil {
			return err
		}
		switch res {
		case table.TMOk:
		case table.TMDeleted:
			if op == nodes.CmdUpdate {
				return pgerror.New(pgerror.SerializationFailure, "could not serialize access due to concurrent update")
			}
			return nil
		default:
			return nil
		}
	}
	if op != nodes.CmdDelete {
		for c := range s.row {
			if src := s.plan.InsertColumns[c]; src >= 0 {
				s.row[c] = b.Cols[src].Get(r)
			} else if op == nodes.CmdInsert {
				s.row[c] = nil
			}
		}
		if err := s.constraints.Check(s.ectx, s.row); err != nil {
			return err
		}
		if s.onConflict != nil {
			return s.insertOnConflict(ctx, b, r)
		}
		var err error
		if s.ins != nil {
			err = s.ins.Insert(ctx, s.row)
		} else {
			err = s.upd.Insert(ctx, s.row)
		}
		if err != nil {
			return err
		}
		// As the SQL standard requires, after the constraints and the
		// unique indexes have accepted the row.
		if err := s.checkOptions.check(s.ectx, s.row); err != nil {
			return err
		}
	}
	return s.finishRow(op, b, r)
}

// finishRow counts the row just written, s.row, notes its foreign-key
// keys and keeps its RETURNING values (with input row r of b).
func (s *ModifyTableState) finishRow(op nodes.CmdType, b *vector.Batch, r int) error {
	if s.plan.CanSetTag {
		s.es.ProcessedRows++
	}
	s.recordRIEvents(op)
	if s.ret == nil {
		return nil
	}
	n := len(s.row)
	for c, d := range s.row {
		s.ret.Cols[c].Append(d)
	}
	for c, v := range b.Cols {
		s.ret.Cols[n+c].Append(v.Get(r))
	}
	s.ret.N++
	return nil
}

// recordRIEvents notes the modified row's foreign-key keys: a new row's
// referencing key, and a removed or changed referenced key. An UPDATE
// that leaves a key as it was needs no check (PG:
// RI_FKey_fk_upd_check_required, RI_FKey_pk_upd_check_required).
func (s *ModifyTableState) recordRIEvents(op nodes.CmdType) {
	for i := range s.plan.RIKeys {
		k := &s.plan.RIKeys[i]
		var ev RIEvent
		switch {
		case op == nodes.CmdDelete:
			ev = RIEvent{Key: k, Old: s.oldKeys[i]}
		case op == nodes.CmdInsert:
			if k.Referenced {
				// A new referenced row needs no check.
				continue
			}
			ev = RIEvent{Key: k, New: riKeyOf(s.row, k.AttNums)}
		default:
			ev = RIEvent{Key: k, New: riKeyOf(s.row, k.AttNums)}
			if s.sameKey(k.AttNums, s.oldKeys[i], ev.New) {
				continue
			}
			if k.Referenced {
				ev.Old = s.oldKeys[i]
			}
		}
		s.es.RIEvents = append(s.es.RIEvents, ev)
	}
}

// sameKey reports whether two keys of the columns attnums are equal,
// NULLs equal.
func (s *ModifyTableState) sameKey(attnums []int, a, b []types.Datum) bool {
	for j, c := range attnums {
		if (a[j] == nil) != (b[j] == nil) {
			return false
		}
		if a[j] != nil && !types.Equal(s.rel.Columns[c].Type, a[j], b[j]) {
			return false
		}
	}
	return true
}

func riKeyOf(row []types.Datum, attnums []int) []types.Datum {
	key := make([]types.Datum, len(attnums))
	for j, c := range attnums {
		key[j] = row[c]
	}
	return key
}

func (s *ModifyTableState) ReScan(context.Context) error {
	return pgerror.Internal("ModifyTable cannot be rescanned")
}

// End ends the input.
func (s *ModifyTableState) End() error { return s.child.End() }
