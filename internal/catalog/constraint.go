// constraint.go keeps CHECK constraints in pg_constraint (PG:
// catalog/pg_constraint.c, heap.c's AddRelationNewConstraints).

package catalog

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/txn"
	"github.com/loomdb/loomdb/internal/types"
)

// PgConstraintOid is pg_constraint's OID.
const PgConstraintOid types.Oid = 2606

// conbin holds a constraint's condition as SQL text, analyzed where it is
// used (PostgreSQL keeps the analyzed expression tree).
var pgConstraintTable = &sysTable{oid: PgConstraintOid, name: "pg_constraint", rowType: 10003, cols: []sysColumn{
	{"oid", types.OidOid}, {"conname", types.NameOid}, {"connamespace", types.OidOid}, {"contype", types.CharOid},
	{"condeferrable", types.BoolOid}, {"condeferred", types.BoolOid}, {"convalidated", types.BoolOid}, {"conrelid", types.OidOid},
	{"contypid", types.OidOid}, {"conindid", types.OidOid}, {"conparentid", types.OidOid}, {"confrelid", types.OidOid},
	{"confupdtype", types.CharOid}, {"confdeltype", types.CharOid}, {"confmatchtype", types.CharOid}, {"conislocal", types.BoolOid},
	{"coninhcount", types.Int4Oid}, {"connoinherit", types.BoolOid}, {"conkey", types.TextOid}, {"confkey", types.TextOid},
	{"conpfeqop", types.TextOid}, {"conppeqop", types.TextOid}, {"conffeqop", types.TextOid}, {"confdelsetcols", types.TextOid},
	{"conexclop", types.TextOid}, {"conbin", types.TextOid},
}}

const (
	conName     = 1
	conNspace   = 2
	conType     = 3
	conRelid    = 7
	conKey      = 18
	conBin      = 25
	classChecks = 18
)

// CheckConstraint is one CHECK constraint of a table.
type CheckConstraint struct {
	Name string
	// Expr is the condition as SQL text over the table's columns.
	Expr string
	// AttNums are the columns it reads (conkey).
	AttNums []int
}

// ChecksReading returns the names of rel's CHECK constraints that read
// column attnum.
func (rel *Relation) ChecksReading(attnum int) []string {
	var out []string
	for _, ck := range rel.Checks {
		if slices.Contains(ck.AttNums, attnum) {
			out = append(out, ck.Name)
		}
	}
	return out
}

// ChooseConstraintName returns "<table>_<column>_<label>" (or without the
// column when there is not exactly one), with label numbered when a
// constraint in namespace ns already has that name; taken names count too
// (PG: ChooseConstraintName).
func (c *Catalog) ChooseConstraintName(snap *txn.Snapshot, ns types.Oid, relName string, cols []string, label string, taken []string) (string, error) {
	used := map[string]bool{}
	for _, t := range taken {
		used[t] = true
	}
	if err := c.scanCatalog(context.Background(), snap, PgConstraintOid, func(row []types.Datum, _ table.TID) bool {
		if types.Oid(row[conNspace].(int64)) == ns {
			used[row[conName].(string)] = true
		}
		return true
	}); err != nil {
		return "", err
	}
	col := ""
	if len(cols) == 1 {
		col = cols[0]
	}
	return chooseName(relName, col, label, used), nil
}

// AddCheckConstraints records CHECK constraints of rel, whose names are
// chosen already, and counts them in relchecks.
func (c *Catalog) AddCheckConstraints(ctx context.Context, tx *txn.Txn, snap *txn.Snapshot, rel *Relation, checks []nodes.CheckDef) error {
	for _, ck := range checks {
		var keys []string
		for _, col := range ck.Cols {
			if i := rel.ColumnByName(col); i >= 0 {
				keys = append(keys, strconv.Itoa(i+1))
			}
		}
		conkey := any(nil)
		if len(keys) > 0 {
			conkey = "{" + strings.Join(keys, ",") + "}"
		}
		row := []types.Datum{int64(c.st.NewOid()), ck.Name, int64(rel.Namespace), int64('c'),
			false, false, true, int64(rel.Oid),
			int64(0), int64(0), int64(0), int64(0),
			int64(' '), int64(' '), int64(' '), true,
			int64(0), false, conkey, nil,
			nil, nil, nil, nil,
			nil, ck.Expr}
		if _, err := heapInsert(ctx, c, tx, PgConstraintOid, row); err != nil {
			return err
		}
	}
	n := len(rel.Checks) + len(checks)
	return c.updateClassRow(ctx, tx, snap, rel.Oid, func(row []types.Datum) bool {
		row[classChecks] = int64(n)
		return true
	})
}

// loadChecks reads rel's CHECK constraints, sorted by name as PostgreSQL
// tests them.
func (c *Catalog) loadChecks(snap *txn.Snapshot, rel *Relation) error {
	err := c.scanCatalogKey(context.Background(), snap, PgConstraintOid, conRelid, rel.Oid, func(row []types.Datum, _ table.TID) bool {
		if row[conType].(int64) == 'c' {
			ck := CheckConstraint{Name: row[conName].(string), Expr: row[conBin].(string)}
			if k, ok := row[conKey].(string); ok && len(k) > 2 {
				for _, f := range strings.Split(k[1:len(k)-1], ",") {
					if n, err := strconv.Atoi(f); err == nil {
						ck.AttNums = append(ck.AttNums, n)
					}
				}
			}
			rel.Checks = append(rel.Checks, ck)
		}
		return true
	})
	slices.SortFunc(rel.Checks, func(a, b CheckConstraint) int { return strings.Compare(a.Name, b.Name) })
	return err
}

// dropConstraints removes the constraints of table rel.
func (c *Catalog) dropConstraints(ctx context.Context, tx *txn.Txn, snap *txn.Snapshot, rel *Relation) error {
	return c.deleteWhere(ctx, tx, snap, PgConstraintOid, func(row []types.Datum) bool { return types.Oid(row[conRelid].(int64)) == rel.Oid })
}
