// index.go runs CREATE INDEX and keeps a table's indexes in step with its
// heap: new rows get index entries (with unique checks) as they are stored,
// and VACUUM removes entries of the tuples it removes (PG: commands/
// indexcmds.c DefineIndex, executor/execIndexing.c ExecInsertIndexTuples).

package session

import (
	"context"
	"fmt"
	"strings"

	"github.com/loomdb/loomdb/internal/access/heap"
	"github.com/loomdb/loomdb/internal/access/nbtree"
	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/analyze"
	"github.com/loomdb/loomdb/internal/catalog"
	"github.com/loomdb/loomdb/internal/expr"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/parser"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/txn"
	"github.com/loomdb/loomdb/internal/types"
	"github.com/loomdb/loomdb/internal/vector"
)

func (s *Session) createIndex(ctx context.Context, st *nodes.IndexStmt, p *Portal) error {
	tx := s.startTxn()
	snap := tx.StatementSnapshot()
	rel, err := s.eng.cat.RelationByOid(tx, snap, st.RelOid)
	if err != nil {
		return err
	}
	if err := s.requireOwner(tx.CatalogSnapshot(), rel); err != nil {
		return err
	}
	info, err := s.eng.cat.CreateIndex(ctx, tx, snap, rel, st)
	if err != nil {
		return err
	}
	if info == nil {
		p.tag = "CREATE INDEX"
		return s.notice(p, pgerror.Newf(pgerror.DuplicateTable, "relation \"%s\" already exists, skipping", st.Name))
	}
	idx := s.eng.cat.BtreeIndex(rel, info)
	if st.Predicate != nil {
		if idx.Predicate, err = predicateFunc(st.Predicate, rel); err != nil {
			return err
		}
	}
	if err := nbtree.Create(s.eng.st, idx, tx); err != nil {
		return err
	}
	if _, err := nbtree.Build(ctx, s.eng.st, tx, idx, rel.Table()); err != nil {
		return err
	}
	s.didDDL = true
	tx.CommandCounterIncrement()
	p.tag = "CREATE INDEX"
	p.done = true
	return nil
}

// predicateFunc compiles a partial index's condition over a table row.
func predicateFunc(pred nodes.Expr, rel *catalog.Relation) (func([]types.Datum) (bool, error), error) {
	x, err := expr.Compile(pred, func(v *nodes.Var) (int, error) {
		if v.AttNo < 1 || v.AttNo > len(rel.Columns) {
			return 0, pgerror.Internal("bad column in index predicate")
		}
		return v.AttNo - 1, nil
	})
	if err != nil {
		return nil, err
	}
	b := vector.NewBatch(rel.Types(), 1)
	ectx := &expr.Context{}
	return func(row []types.Datum) (bool, error) {
		b.Reset()
		b.AppendRow(row)
		v, err := x.Eval(ectx, b, nil)
		if err != nil {
			return false, err
		}
		return !v.Nulls[0] && v.Bools[0], nil
	}, nil
}

// indexMaintainer inserts index entries for new heap rows.
type indexMaintainer struct {
	s       *Session
	tx      *txn.Txn
	rel     *catalog.Relation
	indexes []*nbtree.Index
	pending [][]types.Datum
	ctx     context.Context
}

// openIndexes prepares the indexes of rel for inserts, compiling the
// predicates of partial indexes.
func (s *Session) openIndexes(tx *txn.Txn, rel *catalog.Relation) ([]*nbtree.Index, error) {
	var out []*nbtree.Index
	for _, in := range rel.Indexes {
		idx := s.eng.cat.BtreeIndex(rel, in)
		if in.Predicate != "" {
			pred, err := s.analyzePredicate(tx, rel, in.Predicate)
			if err != nil {
				return nil, err
			}
			if idx.Predicate, err = predicateFunc(pred, rel); err != nil {
				return nil, err
			}
		}
		out = append(out, idx)
	}
	return out, nil
}

// analyzePredicate turns a stored index predicate back into an expression.
func (s *Session) analyzePredicate(tx *txn.Txn, rel *catalog.Relation, text string) (nodes.Expr, error) {
	sql := fmt.Sprintf("SELECT %s FROM %s.%s", text, quoteIdent(rel.NamespaceName), quoteIdent(rel.Name))
	stmts, err := parser.Parse(sql)
	if err != nil || len(stmts) != 1 {
		return nil, pgerror.Internal("invalid stored index predicate %q", text)
	}
	st, _, err := analyze.Analyze(stmts[0], s.analyzeEnv(tx))
	if err != nil {
		return nil, err
	}
	return st.(*nodes.Query).TargetList[0].Expr, nil
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// flushed inserts the index entries of rows the heap has just stored.
func (m *indexMaintainer) flushed(tids []table.TID) error {
	rows := m.pending[:len(tids)]
	for i, row := range rows {
		if err := m.insertEntries(row, tids[i]); err != nil {
			return err
		}
	}
	m.pending = m.pending[len(tids):]
	return nil
}

// insertEntries inserts the index entries of the row the heap stored at
// tid, checking unique indexes.
func (m *indexMaintainer) insertEntries(row []types.Datum, tid table.TID) error {
	for _, idx := range m.indexes {
		if idx.Predicate != nil {
			ok, err := idx.Predicate(row)
			if err != nil {
				return err
			}
			if !ok {
				continue
			}
		}
		key := make([]types.Datum, len(idx.Keys))
		for k, kc := range idx.Keys {
			key[k] = row[kc.Attno-1]
		}
		if err := nbtree.Insert(m.ctx, m.s.eng.st, m.tx, idx, m.rel.Table(), key, tid); err != nil {
			return err
		}
	}
	return nil
}

// vacuumWithIndexes vacuums a table, removing the index entries of the
// tuples it removes before their line pointers can be reused.
func (s *Session) vacuumWithIndexes(ctx context.Context, tx *txn.Txn, rel *catalog.Relation) (heap.VacuumResult, error) {
	indexes, err := s.openIndexes(tx, rel)
	if err != nil {
		return heap.VacuumResult{}, err
	}
	opts := heap.VacuumOptions{}
	if len(indexes) > 0 {
		opts.IndexCleanup = func(ctx context.Context, dead []table.TID) error {
			set := make(map[table.TID]bool, len(dead))
			for _, t := range dead {
				set[t] = true
			}
			for _, idx := range indexes {
				if _, err := nbtree.BulkDelete(ctx, s.eng.st, idx, func(t table.TID) bool { return set[t] }); err != nil {
					return err
				}
			}
			return nil
		}
	}
	return heap.VacuumWithOptions(ctx, s.eng.st, rel.Table(), opts)
}
