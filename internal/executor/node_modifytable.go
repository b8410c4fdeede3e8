// node_modifytable.go implements ModifyTable for INSERT: it stores every
// row of its input in the target table, enforcing NOT NULL, and counts them
// for the command tag. It returns no rows.

package executor

import (
	"context"
	"strings"

	"github.com/loomdb/loomdb/internal/catalog"
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
	done  bool
}

func initModifyTable(p *plannodes.ModifyTable, es *EState) (*ModifyTableState, error) {
	if p.Operation != nodes.CmdInsert {
		return nil, pgerror.Unsupported("UPDATE and DELETE are not supported yet")
	}
	rel, err := es.Tables.Relation(p.RelOid)
	if err != nil {
		return nil, err
	}
	child, err := ExecInitNode(p.Lefttree, es)
	if err != nil {
		return nil, err
	}
	return &ModifyTableState{plan: p, es: es, child: child, rel: rel}, nil
}

func (s *ModifyTableState) childStates() []PlanState { return []PlanState{s.child} }

// Plan returns the node's plan.
func (s *ModifyTableState) Plan() plannodes.Plan { return s.plan }

// Exec inserts all input rows and returns nil.
func (s *ModifyTableState) Exec(ctx context.Context) (*vector.Batch, error) {
	if s.done {
		return nil, nil
	}
	s.done = true
	var err error
	if s.ins, err = s.es.Tables.NewInserter(s.rel); err != nil {
		return nil, err
	}
	row := make([]types.Datum, len(s.rel.Columns))
	for {
		b, err := s.child.Exec(ctx)
		if err != nil {
			return nil, err
		}
		if b == nil {
			break
		}
		for i := 0; i < b.Len(); i++ {
			r := b.Row(i)
			for c := range row {
				src := s.plan.InsertColumns[c]
				if src < 0 {
					row[c] = nil
				} else {
					row[c] = b.Cols[src].Get(r)
				}
			}
			if err := CheckNotNull(s.rel, row); err != nil {
				return nil, err
			}
			if err := s.ins.Insert(ctx, row); err != nil {
				return nil, err
			}
			s.es.ProcessedRows++
		}
	}
	return nil, s.ins.Finish(ctx)
}

// CheckNotNull enforces NOT NULL columns with PG's error and detail.
func CheckNotNull(rel *catalog.Relation, row []types.Datum) error {
	for c, col := range rel.Columns {
		if col.NotNull && row[c] == nil {
			parts := make([]string, len(row))
			for i, d := range row {
				if d == nil {
					parts[i] = "null"
				} else {
					parts[i] = types.Out(rel.Columns[i].Type, d)
				}
			}
			return pgerror.Newf(pgerror.NotNullViolation, "null value in column \"%s\" of relation \"%s\" violates not-null constraint", col.Name, rel.Name).
				WithDetail("Failing row contains (%s).", strings.Join(parts, ", "))
		}
	}
	return nil
}

// ReScan is not supported for ModifyTable.
func (s *ModifyTableState) ReScan(context.Context) error {
	return pgerror.Internal("ModifyTable cannot be rescanned")
}

// End ends the input.
func (s *ModifyTableState) End() error { return s.child.End() }
