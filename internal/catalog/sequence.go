// sequence.go keeps sequences in the catalogs: the relation of kind 'S'
// whose single tuple holds the sequence's state, its pg_sequence row of
// parameters, and the pg_depend rows that tie a serial or identity column's
// sequence to its column (PG: commands/sequence.c's DefineSequence and
// AlterSequence, catalog/pg_depend.c).

package catalog

import (
	"context"
	"strconv"
	"unicode/utf8"

	"github.com/loomdb/loomdb/internal/access/heap"
	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/txn"
	"github.com/loomdb/loomdb/internal/types"
)

// OIDs of the sequence and dependency catalogs.
const (
	PgSequenceOid types.Oid = 2224
	PgDependOid   types.Oid = 2608
)

// Dependency types of pg_depend rows (DependencyType).
const (
	DependAuto     = 'a'
	DependInternal = 'i'
)

var pgSequenceTable = &sysTable{oid: PgSequenceOid, name: "pg_sequence", rowType: 10105, cols: []sysColumn{
	{"seqrelid", types.OidOid}, {"seqtypid", types.OidOid}, {"seqstart", types.Int8Oid}, {"seqincrement", types.Int8Oid},
	{"seqmax", types.Int8Oid}, {"seqmin", types.Int8Oid}, {"seqcache", types.Int8Oid}, {"seqcycle", types.BoolOid},
}}

var pgDependTable = &sysTable{oid: PgDependOid, name: "pg_depend", rowType: 10051, cols: []sysColumn{
	{"classid", types.OidOid}, {"objid", types.OidOid}, {"objsubid", types.Int4Oid}, {"refclassid", types.OidOid},
	{"refobjid", types.OidOid}, {"refobjsubid", types.Int4Oid}, {"deptype", types.CharOid},
}}

const (
	dependClassid     = 0
	dependObjid       = 1
	dependRefobjid    = 4
	dependRefobjsubid = 5
	dependDeptype     = 6
)

// SequenceColumns are the columns of every sequence relation.
var SequenceColumns = []Column{
	{Name: "last_value", AttNum: 1, Type: types.TInt8, NotNull: true},
	{Name: "log_cnt", AttNum: 2, Type: types.TInt8, NotNull: true},
	{Name: "is_called", AttNum: 3, Type: types.TBool, NotNull: true},
}

// SequenceParams are a sequence's parameters: its pg_sequence row.
type SequenceParams struct {
	Type      types.Oid
	Start     int64
	Increment int64
	Max       int64
	Min       int64
	Cache     int64
	Cycle     bool
}

func (p *SequenceParams) row(oid types.Oid) []types.Datum {
	return []types.Datum{int64(oid), int64(p.Type), p.Start, p.Increment, p.Max, p.Min, p.Cache, p.Cycle}
}

// SequenceOwner names the column that owns a sequence: a serial column
// (DependAuto) or an identity column (DependInternal).
type SequenceOwner struct {
	Rel     types.Oid
	AttNum  int
	DepType byte
}

// ChooseRelationName returns a name for a new relation in namespace ns,
// name1_name2_label, or with label numbered (label1, label2, ...) until no
// relation there or in taken has it (PG: ChooseRelationName).
func (c *Catalog) ChooseRelationName(snap *txn.Snapshot, ns types.Oid, name1, name2, label string, taken []string) (string, error) {
	used := map[string]bool{}
	for _, t := range taken {
		used[t] = true
	}
	err := c.scanCatalog(context.Background(), snap, PgClassOid, func(row []types.Datum, _ table.TID) bool {
		if types.Oid(row[classRelnamespace].(int64)) == ns {
			used[row[classRelname].(string)] = true
		}
		return true
	})
	if err != nil {
		return "", err
	}
	return chooseName(name1, name2, label, used), nil
}

// chooseName returns makeObjectName's name for name1, name2 and label, or
// with label numbered, the first that used does not hold.
func chooseName(name1, name2, label string, used map[string]bool) string {
	name := makeObjectName(name1, name2, label)
	for n := 1; used[name]; n++ {
		name = makeObjectName(name1, name2, label+strconv.Itoa(n))
	}
	return name
}

// makeObjectName joins name1, name2 (when not empty) and label with
// underscores, shortening the longer of name1 and name2 a character at a
// time until the result fits in NAMEDATALEN-1 bytes (PG: makeObjectName).
func makeObjectName(name1, name2, label string) string {
	avail := types.NameDataLen - 1 - len(label) - 1
	if name2 != "" {
		avail--
	}
	n1, n2 := len(name1), len(name2)
	for n1+n2 > avail {
		if n1 > n2 {
			n1--
		} else {
			n2--
		}
	}
	out := clipUTF8(name1, n1)
	if name2 != "" {
		out += "_" + clipUTF8(name2, n2)
	}
	return out + "_" + label
}

// clipUTF8 returns the longest prefix of s of at most n bytes that ends on
// a character boundary (pg_mbcliplen).
func clipUTF8(s string, n int) string {
	if n >= len(s) {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// CreationNamespace returns the schema a new relation named schema.name
// goes into, and whether a relation of that name is already there.
func (c *Catalog) CreationNamespace(snap *txn.Snapshot, schema, name string, searchPath []string) (types.Oid, bool, error) {
	return c.creationNamespace(context.Background(), snap, schema, name, searchPath)
}

// NamespaceName returns the name of schema ns.
func (c *Catalog) NamespaceName(snap *txn.Snapshot, ns types.Oid) (string, error) {
	nss, err := c.namespaces(context.Background(), snap)
	if err != nil {
		return "", err
	}
	for name, o := range nss {
		if o == ns {
			return name, nil
		}
	}
	return "", pgerror.Newf(pgerror.InvalidSchemaName, "schema with OID %d does not exist", ns)
}

// CreateSequence creates sequence name in namespace ns with parameters p,
// its tuple holding (start, 0, false), owned by owner when that is set.
func (c *Catalog) CreateSequence(ctx context.Context, tx *txn.Txn, ns types.Oid, name string, p *SequenceParams, owner *SequenceOwner) (types.Oid, error) {
	oid := c.st.NewOid()
	rel := &Relation{Oid: oid, Name: name, Namespace: ns, Kind: 'S', RelFileNumber: oid, Columns: SequenceColumns}
	if err := heap.Create(c.st, c.tableRelation(rel), tx); err != nil {
		return 0, err
	}
	if err := heap.InitSingleTuple(c.st, c.tableRelation(rel), []types.Datum{p.Start, int64(0), false}, tx.AssignXID()); err != nil {
		return 0, err
	}
	if err := c.insertClassRowKind(ctx, tx, oid, name, ns, 0, false, len(SequenceColumns), 'S'); err != nil {
		return 0, err
	}
	for _, col := range SequenceColumns {
		if err := c.insertAttributeRow(ctx, tx, oid, col.AttNum, col.Name, col.Type, true, false, 0); err != nil {
			return 0, err
		}
	}
	if _, err := heapInsert(ctx, c, tx, PgSequenceOid, p.row(oid)); err != nil {
		return 0, err
	}
	if owner != nil {
		if err := c.recordDependency(ctx, tx, oid, owner); err != nil {
			return 0, err
		}
	}
	return oid, nil
}

func (c *Catalog) recordDependency(ctx context.Context, tx *txn.Txn, seq types.Oid, owner *SequenceOwner) error {
	row := []types.Datum{int64(PgClassOid), int64(seq), int64(0), int64(PgClassOid), int64(owner.Rel), int64(owner.AttNum), int64(owner.DepType)}
	_, err := heapInsert(ctx, c, tx, PgDependOid, row)
	return err
}

// SetSequenceOwner replaces the owner of sequence seq (OWNED BY); a nil
// owner leaves it unowned.
func (c *Catalog) SetSequenceOwner(ctx context.Context, tx *txn.Txn, snap *txn.Snapshot, seq types.Oid, owner *SequenceOwner) error {
	if err := c.deleteWhere(ctx, tx, snap, PgDependOid, func(row []types.Datum) bool {
		return types.Oid(row[dependObjid].(int64)) == seq && row[dependDeptype].(int64) == DependAuto
	}); err != nil {
		return err
	}
	if owner == nil {
		return nil
	}
	return c.recordDependency(ctx, tx, seq, owner)
}

// SequenceParamsOf reads the pg_sequence row of sequence oid.
func (c *Catalog) SequenceParamsOf(snap *txn.Snapshot, oid types.Oid) (*SequenceParams, error) {
	var p *SequenceParams
	err := c.scanCatalog(context.Background(), snap, PgSequenceOid, func(row []types.Datum, _ table.TID) bool {
		if types.Oid(row[0].(int64)) != oid {
			return true
		}
		p = &SequenceParams{Type: types.Oid(row[1].(int64)), Start: row[2].(int64), Increment: row[3].(int64),
			Max: row[4].(int64), Min: row[5].(int64), Cache: row[6].(int64), Cycle: row[7].(bool)}
		return false
	})
	if err == nil && p == nil {
		err = pgerror.Internal("cache lookup failed for sequence %d", oid)
	}
	return p, err
}

// AlterSequence stores new parameters for sequence seq. With a non-nil
// state the sequence also gets a new relation file holding that tuple, so
// that the change is transactional like the rest of ALTER SEQUENCE (PG:
// RelationSetNewRelfilenode and fill_seq_with_data).
func (c *Catalog) AlterSequence(ctx context.Context, tx *txn.Txn, snap *txn.Snapshot, seq *Relation, p *SequenceParams, state []types.Datum) error {
	if _, err := c.updateRow(ctx, tx, snap, PgSequenceOid, func(row []types.Datum) bool { return types.Oid(row[0].(int64)) == seq.Oid },
		func(row []types.Datum) bool { copy(row, p.row(seq.Oid)); return true }); err != nil {
		return err
	}
	if state == nil {
		return nil
	}
	return c.NewSequenceFile(ctx, tx, snap, seq, state)
}

// NewSequenceFile gives sequence seq a new relation file holding state,
// dropping the old file when tx commits.
func (c *Catalog) NewSequenceFile(ctx context.Context, tx *txn.Txn, snap *txn.Snapshot, seq *Relation, state []types.Datum) error {
	old := seq.Table()
	nr := *seq
	nr.RelFileNumber = c.st.NewOid()
	fresh := c.tableRelation(&nr)
	if err := heap.Create(c.st, fresh, tx); err != nil {
		return err
	}
	if err := heap.InitSingleTuple(c.st, fresh, state, tx.AssignXID()); err != nil {
		return err
	}
	if err := c.updateClassRow(ctx, tx, snap, seq.Oid, func(row []types.Datum) bool {
		row[classRelfilenode] = int64(nr.RelFileNumber)
		return true
	}); err != nil {
		return err
	}
	heap.Drop(c.st, old, tx)
	return nil
}

// OwnedSequence is a sequence owned by a column of a table.
type OwnedSequence struct {
	Seq     types.Oid
	AttNum  int
	DepType byte
}

// OwnedSequences lists the sequences owned by columns of table rel.
func (c *Catalog) OwnedSequences(snap *txn.Snapshot, rel types.Oid) ([]OwnedSequence, error) {
	var out []OwnedSequence
	err := c.scanCatalog(context.Background(), snap, PgDependOid, func(row []types.Datum, _ table.TID) bool {
		// Only a relation (a sequence) is owned; views' rules depend on
		// the columns they read too.
		if types.Oid(row[dependRefobjid].(int64)) == rel && types.Oid(row[dependClassid].(int64)) == PgClassOid {
			out = append(out, OwnedSequence{Seq: types.Oid(row[dependObjid].(int64)), AttNum: int(row[dependRefobjsubid].(int64)), DepType: byte(row[dependDeptype].(int64))})
		}
		return true
	})
	return out, err
}

// SequenceOwnerOf returns the column that owns sequence seq, if any.
func (c *Catalog) SequenceOwnerOf(snap *txn.Snapshot, seq types.Oid) (*SequenceOwner, error) {
	var out *SequenceOwner
	err := c.scanCatalog(context.Background(), snap, PgDependOid, func(row []types.Datum, _ table.TID) bool {
		if types.Oid(row[dependObjid].(int64)) == seq && types.Oid(row[dependClassid].(int64)) == PgClassOid {
			out = &SequenceOwner{Rel: types.Oid(row[dependRefobjid].(int64)), AttNum: int(row[dependRefobjsubid].(int64)), DepType: byte(row[dependDeptype].(int64))}
			return false
		}
		return true
	})
	return out, err
}

// dropSequenceRows removes the pg_sequence and pg_depend rows of sequence oid.
func (c *Catalog) dropSequenceRows(ctx context.Context, tx *txn.Txn, snap *txn.Snapshot, oid types.Oid) error {
	if err := c.deleteWhere(ctx, tx, snap, PgSequenceOid, func(row []types.Datum) bool { return types.Oid(row[0].(int64)) == oid }); err != nil {
		return err
	}
	return c.deleteWhere(ctx, tx, snap, PgDependOid, func(row []types.Datum) bool {
		return types.Oid(row[dependObjid].(int64)) == oid && types.Oid(row[dependClassid].(int64)) == PgClassOid
	})
}

// dropOwnedSequences drops the sequences owned by the columns of table rel.
func (c *Catalog) dropOwnedSequences(ctx context.Context, tx *txn.Txn, snap *txn.Snapshot, rel types.Oid) error {
	owned, err := c.OwnedSequences(snap, rel)
	if err != nil {
		return err
	}
	for _, o := range owned {
		seq, err := c.RelationByOid(tx, snap, o.Seq)
		if err != nil {
			return err
		}
		if err := c.DropTable(ctx, tx, snap, seq); err != nil {
			return err
		}
	}
	return nil
}
