// tidbitmap.go is the TID set bitmap scans build (PG: nodes/tidbitmap.c).
// loomdb keeps it exact: a sorted list of distinct TIDs, so the heap scan
// visits pages in physical order and never needs to recheck conditions.

package executor

import (
	"context"
	"slices"
	"time"

	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/pgerror"
)

// TIDBitmap is a set of heap TIDs in physical order.
type TIDBitmap struct {
	tids []table.TID
}

func cmpTID(a, b table.TID) int {
	switch {
	case a.Block != b.Block:
		if a.Block < b.Block {
			return -1
		}
		return 1
	case a.Offset < b.Offset:
		return -1
	case a.Offset > b.Offset:
		return 1
	}
	return 0
}

// newTIDBitmap returns the set of tids (which it sorts in place).
func newTIDBitmap(tids []table.TID) *TIDBitmap {
	slices.SortFunc(tids, cmpTID)
	return &TIDBitmap{tids: slices.Compact(tids)}
}

// Len returns the number of TIDs.
func (b *TIDBitmap) Len() int { return len(b.tids) }

// intersect keeps the TIDs also in o (PG: tbm_intersect).
func (b *TIDBitmap) intersect(o *TIDBitmap) {
	out := b.tids[:0]
	i, j := 0, 0
	for i < len(b.tids) && j < len(o.tids) {
		switch c := cmpTID(b.tids[i], o.tids[j]); {
		case c < 0:
			i++
		case c > 0:
			j++
		default:
			out = append(out, b.tids[i])
			i++
			j++
		}
	}
	b.tids = out
}

// union adds the TIDs of o (PG: tbm_union).
func (b *TIDBitmap) union(o *TIDBitmap) {
	out := make([]table.TID, 0, len(b.tids)+len(o.tids))
	i, j := 0, 0
	for i < len(b.tids) || j < len(o.tids) {
		switch {
		case j == len(o.tids) || (i < len(b.tids) && cmpTID(b.tids[i], o.tids[j]) < 0):
			out = append(out, b.tids[i])
			i++
		case i == len(b.tids) || cmpTID(b.tids[i], o.tids[j]) > 0:
			out = append(out, o.tids[j])
			j++
		default:
			out = append(out, b.tids[i])
			i++
			j++
		}
	}
	b.tids = out
}

// BitmapProducer is a node that returns a TID bitmap instead of rows (PG:
// MultiExecProcNode): Bitmap Index Scan, BitmapAnd and BitmapOr.
type BitmapProducer interface {
	MultiExec(ctx context.Context) (*TIDBitmap, error)
}

// multiExec runs a bitmap-producing child.
func multiExec(ctx context.Context, ps PlanState) (*TIDBitmap, error) {
	bp, ok := ps.(BitmapProducer)
	if !ok {
		return nil, pgerror.Internal("plan node %T does not produce a bitmap", ps.Plan())
	}
	return bp.MultiExec(ctx)
}

// MultiExec measures the wrapped node's MultiExec; a Bitmap Index Scan
// counts the TIDs it found as its rows, as PostgreSQL does.
func (s *InstrumentedState) MultiExec(ctx context.Context) (*TIDBitmap, error) {
	in := s.Instr
	in.Running, in.firstSeen = true, true
	in.Loops++
	start := time.Now()
	bm, err := multiExec(ctx, s.PlanState)
	d := time.Since(start)
	in.Startup += d
	in.Total += d
	if bm != nil {
		if _, isIndex := s.PlanState.(*BitmapIndexScanState); isIndex {
			in.Rows += float64(bm.Len())
		}
	}
	if s.sample != nil {
		s.sample(in)
	}
	return bm, err
}
