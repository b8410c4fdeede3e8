// node_bitmapand.go implements BitmapAnd and BitmapOr: they combine their
// children's bitmaps by intersection or union (PG: nodeBitmapAnd.c,
// nodeBitmapOr.c). They return bitmaps, never rows.

package executor

import (
	"context"

	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/plannodes"
	"github.com/loomdb/loomdb/internal/vector"
)

// BitmapCombineState is the run-time state of a BitmapAnd or BitmapOr.
type BitmapCombineState struct {
	plan     plannodes.Plan
	children []PlanState
	and      bool
}

var _ BitmapProducer = (*BitmapCombineState)(nil)

func initBitmapCombine(p plannodes.Plan, es *EState) (*BitmapCombineState, error) {
	s := &BitmapCombineState{plan: p}
	_, s.and = p.(*plannodes.BitmapAnd)
	for _, c := range plannodes.Children(p) {
		cs, err := ExecInitNode(c, es)
		if err != nil {
			s.End()
			return nil, err
		}
		s.children = append(s.children, cs)
	}
	return s, nil
}

func (s *BitmapCombineState) childStates() []PlanState { return s.children }

// Plan returns the node's plan.
func (s *BitmapCombineState) Plan() plannodes.Plan { return s.plan }

// MultiExec combines the children's bitmaps.
func (s *BitmapCombineState) MultiExec(ctx context.Context) (*TIDBitmap, error) {
	var result *TIDBitmap
	for _, c := range s.children {
		bm, err := multiExec(ctx, c)
		if err != nil {
			return nil, err
		}
		switch {
		case result == nil:
			result = bm
		case s.and:
			result.intersect(bm)
		default:
			result.union(bm)
		}
		if s.and && result.Len() == 0 {
			// Nothing can survive the remaining intersections.
			break
		}
	}
	if result == nil {
		result = &TIDBitmap{}
	}
	return result, nil
}

// Exec is not used: the node returns a bitmap through MultiExec.
func (s *BitmapCombineState) Exec(ctx context.Context) (*vector.Batch, error) {
	return nil, pgerror.Internal("%s returns a bitmap, not rows", plannodes.NodeName(s.plan))
}

// ReScan rescans the children.
func (s *BitmapCombineState) ReScan(ctx context.Context) error {
	for _, c := range s.children {
		if err := c.ReScan(ctx); err != nil {
			return err
		}
	}
	return nil
}

// End ends the children.
func (s *BitmapCombineState) End() error {
	var first error
	for _, c := range s.children {
		if err := c.End(); err != nil && first == nil {
			first = err
		}
	}
	return first
}
