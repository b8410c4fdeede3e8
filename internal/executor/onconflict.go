// onconflict.go is the part of ModifyTable that runs INSERT ... ON
// CONFLICT (PG: nodeModifyTable.c ExecInsert with speculative insertion,
// ExecOnConflictUpdate). Each proposed row is first looked up in the
// arbiter unique indexes, with a dirty snapshot that also sees the rows
// this statement has written: without a conflicting row it is inserted
// (heap and indexes at once, so the next row sees it); with one, DO
// NOTHING drops it and DO UPDATE, when its WHERE holds over the existing
// row and EXCLUDED (the proposed row), replaces the existing row by one
// with the SET columns changed. Updating a row this statement inserted
// or updated already fails, as in PostgreSQL. A concurrent insertion of
// the same key between the lookup and the insertion fails with the
// unique violation instead of being retried.

package executor

import (
	"context"

	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/expr"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
	"github.com/loomdb/loomdb/internal/vector"
)

// ConflictUpdater is a TableUpdater that can look rows up in a unique
// index and report where it stores rows, for INSERT ... ON CONFLICT.
type ConflictUpdater interface {
	TableUpdater
	// FindConflict returns a live row (as a dirty snapshot sees it) whose
	// key in unique index indexOid equals row's, if row is in the index
	// (a partial index's predicate holds).
	FindConflict(ctx context.Context, indexOid types.Oid, row []types.Datum) (table.TID, bool, error)
	// InsertTID stores a row and its index entries and returns its TID.
	InsertTID(ctx context.Context, row []types.Datum) (table.TID, error)
}

// onConflictState is the ON CONFLICT part of a ModifyTableState.
type onConflictState struct {
	upd      ConflictUpdater
	arbiters []types.Oid
	set      []*expr.ExprState // per column; nil keeps the value
	where    *expr.ExprState
	// pair holds the existing row, then the proposed one, for set and
	// where.
	pair *vector.Batch
	// affected are the rows this statement inserted or updated.
	affected map[table.TID]bool
	existing []types.Datum
}

// initOnConflict compiles the clause's expressions.
func (s *ModifyTableState) initOnConflict() error {
	oc := s.plan.OnConflict
	n := len(s.rel.Columns)
	st := &onConflictState{arbiters: oc.Arbiters, affected: map[table.TID]bool{}, existing: make([]types.Datum, n)}
	if len(st.arbiters) == 0 {
		for _, ix := range s.rel.Indexes {
			if ix.Unique || ix.Primary {
				st.arbiters = append(st.arbiters, ix.Oid)
			}
		}
	}
	ts := make([]types.T, 0, 2*n)
	for i := 0; i < 2; i++ {
		for _, c := range s.rel.Columns {
			ts = append(ts, c.Type)
		}
	}
	st.pair = vector.NewBatch(ts, 1)
	cols := func(v *nodes.Var) (int, error) {
		switch {
		case v.VarNo == 1 && v.AttNo >= 1 && v.AttNo <= n:
			return v.AttNo - 1, nil
		case v.VarNo == nodes.ExcludedVarNo && v.AttNo >= 1 && v.AttNo <= n:
			return n + v.AttNo - 1, nil
		}
		return 0, pgerror.Internal("ON CONFLICT column %s is not available", v.Name)
	}
	if oc.DoUpdate {
		st.set = make([]*expr.ExprState, n)
		for i, e := range oc.Set {
			if e == nil {
				continue
			}
			x, err := expr.Compile(e, cols)
			if err != nil {
				return err
			}
			st.set[i] = x
		}
		if oc.Where != nil {
			x, err := expr.Compile(oc.Where, cols)
			if err != nil {
				return err
			}
			st.where = x
		}
	}
	s.onConflict = st
	return nil
}

// insertOnConflict inserts the proposed row s.row, or resolves its
// conflict; input row r of b feeds RETURNING.
func (s *ModifyTableState) insertOnConflict(ctx context.Context, b *vector.Batch, r int) error {
	st := s.onConflict
	if st.upd == nil {
		cu, ok := s.upd.(ConflictUpdater)
		if !ok {
			return pgerror.Internal("table access cannot resolve conflicts")
		}
		st.upd = cu
	}
	var conflict table.TID
	found := false
	for _, ix := range st.arbiters {
		tid, ok, err := st.upd.FindConflict(ctx, ix, s.row)
		if err != nil {
			return err
		}
		if ok {
			conflict, found = tid, true
			break
		}
	}
	if !found {
		tid, err := st.upd.InsertTID(ctx, s.row)
		if err != nil {
			return err
		}
		st.affected[tid] = true
		if err := s.checkOptions.check(s.ectx, s.row); err != nil {
			return err
		}
		return s.finishRow(nodes.CmdInsert, b, r)
	}
	if !s.plan.OnConflict.DoUpdate {
		return nil
	}
	if st.affected[conflict] {
		return pgerror.New(pgerror.CardinalityViolation, "ON CONFLICT DO UPDATE command cannot affect row a second time").
			WithHint("Ensure that no rows proposed for insertion within the same command have duplicate constrained values.")
	}
	old, err := st.upd.Fetch(conflict)
	if err != nil {
		return err
	}
	copy(st.existing, old)
	st.pair.Reset()
	for c, d := range st.existing {
		st.pair.Cols[c].Append(d)
	}
	n := len(st.existing)
	for c, d := range s.row {
		st.pair.Cols[n+c].Append(d)
	}
	st.pair.N = 1
	if st.where != nil {
		v, err := st.where.Eval(s.ectx, st.pair, nil)
		if err != nil {
			return err
		}
		if v.Nulls[0] || !v.Get(0).(bool) {
			return nil
		}
	}
	for i := range s.plan.RIKeys {
		s.oldKeys[i] = riKeyOf(st.existing, s.plan.RIKeys[i].AttNums)
	}
	for c := range s.row {
		if x := st.set[c]; x != nil {
			v, err := x.Eval(s.ectx, st.pair, nil)
			if err != nil {
				return err
			}
			s.row[c] = v.Get(0)
		} else {
			s.row[c] = st.existing[c]
		}
	}
	if err := s.constraints.Check(s.ectx, s.row); err != nil {
		return err
	}
	res, err := st.upd.Delete(ctx, conflict)
	if err != nil {
		return err
	}
	if res != table.TMOk {
		return pgerror.New(pgerror.SerializationFailure, "could not serialize access due to concurrent update")
	}
	tid, err := st.upd.InsertTID(ctx, s.row)
	if err != nil {
		return err
	}
	st.affected[tid] = true
	if err := s.checkOptions.check(s.ectx, s.row); err != nil {
		return err
	}
	return s.finishRow(nodes.CmdUpdate, b, r)
}
