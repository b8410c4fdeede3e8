// portalstore.go runs a portal whose statement changes tables to
// completion at its first Execute even when that asks for fewer rows
// than it returns, and hands its rows out from a store (PG: the
// PORTAL_ONE_RETURNING and PORTAL_ONE_MOD_WITH strategies, FillPortalStore
// and RunFromStore). A portal suspended and then closed has so made all
// its changes, and its foreign-key checks ran, as in PostgreSQL.

package session

import (
	"context"
	"fmt"

	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

// modifies reports whether the portal's statement changes tables: an
// INSERT, UPDATE or DELETE, or a SELECT with one in its WITH.
func (p *Portal) modifies() bool {
	return p.planned.CommandType != nodes.CmdSelect || p.planned.HasModifyingCTE
}

// fillStore runs the portal's plan to completion, keeping the visible
// columns of its rows, and completes the statement.
func (p *Portal) fillStore(ctx context.Context) error {
	for {
		b, err := p.ps.Exec(ctx)
		if err != nil {
			p.finish()
			return pgerror.Convert(err)
		}
		if b == nil {
			break
		}
		for i := 0; i < b.Len(); i++ {
			r := b.Row(i)
			row := make([]types.Datum, len(p.visible))
			for j, col := range p.visible {
				if v := b.Cols[col]; !v.Nulls[r] {
					row[j] = v.Get(r)
				}
			}
			p.store = append(p.store, row)
		}
	}
	if err := p.es.ExecutorFinish(ctx); err != nil {
		p.finish()
		return pgerror.Convert(err)
	}
	p.stored = true
	err := p.complete(ctx, int64(len(p.store)))
	p.ps = nil
	return err
}

// runStore sends up to maxRows (0: all) of the stored rows, and the
// command tag once they are all sent, counting the rows of this call as
// PostgreSQL does.
func (p *Portal) runStore(maxRows int64, c Client) (bool, error) {
	sent := int64(0)
	for {
		if maxRows > 0 && sent >= maxRows {
			return true, nil
		}
		if p.storePos >= len(p.store) {
			break
		}
		row := p.store[p.storePos]
		p.store[p.storePos] = nil
		p.storePos++
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
	p.store = nil
	p.tag = fmt.Sprintf(p.tagFormat(), sent)
	return false, c.SendCommandComplete(p.tag)
}
