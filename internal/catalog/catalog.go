package catalog

import (
	"context"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/loomdb/loomdb/internal/access/heap"
	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/funcs"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/storage"
	"github.com/loomdb/loomdb/internal/txn"
	"github.com/loomdb/loomdb/internal/types"
	"github.com/loomdb/loomdb/internal/vector"
)

// Catalog is the system catalog of one database.
type Catalog struct {
	st  *storage.Storage
	db  types.Oid
	sys map[types.Oid]*table.Relation
	// batches holds, per system table, batches for scanCatalog to reuse:
	// planning a query scans the catalogs many times.
	batches map[types.Oid]*sync.Pool
	// allowSystemMods lets relations be created in pg_catalog, which
	// only a new data directory's system views do (PG:
	// allow_system_table_mods).
	allowSystemMods bool
}

// SetAllowSystemMods lets relations be created in pg_catalog, or stops it.
// It is meant for the bootstrap, before any session runs.
func (c *Catalog) SetAllowSystemMods(on bool) { c.allowSystemMods = on }

// Open returns the catalog of database db.
func Open(st *storage.Storage, db types.Oid) *Catalog {
	c := &Catalog{st: st, db: db, sys: map[types.Oid]*table.Relation{}, batches: map[types.Oid]*sync.Pool{}}
	for _, t := range sysTables {
		r := c.sysRelation(t)
		c.sys[t.oid] = r
		c.batches[t.oid] = &sync.Pool{New: func() any { return vector.NewBatch(tableTypes(r), vector.BatchSize) }}
	}
	return c
}

func (c *Catalog) sysRelation(t *sysTable) *table.Relation {
	desc := &table.TupleDesc{}
	for _, col := range t.cols {
		desc.Attrs = append(desc.Attrs, table.Attr{Name: col.name, Type: types.T{Oid: col.typ, Typmod: -1}, NotNull: true})
	}
	db := c.db
	if t.shared {
		db = 0
	}
	return &table.Relation{Oid: t.oid, Name: t.name, DbOid: db, RelFileNumber: t.oid, Shared: t.shared, Desc: desc}
}

// Initialized reports whether the catalogs exist on disk.
func (c *Catalog) Initialized() bool {
	return c.st.RelationExists(c.sys[PgClassOid].Locator())
}

// CheckCompatible refuses a data directory made by an older loomdb whose
// system catalogs lack some of this one's (PG: ReadControlFile's check of
// CATALOG_VERSION_NO).
func (c *Catalog) CheckCompatible() error {
	for _, t := range sysTables {
		if !c.st.RelationExists(c.sys[t.oid].Locator()) {
			return &pgerror.Error{Severity: pgerror.SeverityFatal, Code: pgerror.InternalError,
				Message: "database files are incompatible with server",
				Detail:  "The data directory has no system catalog " + t.name + ": it was initialized by an older loomdb.",
				Hint:    "Initialize a new data directory and reload the data into it."}
		}
	}
	return nil
}

// Bootstrap creates the system catalogs and their initial rows in a new
// data directory (PG: initdb's bootstrap mode). users are the superuser
// roles to create; the first gets OID 10.
func (c *Catalog) Bootstrap(ctx context.Context, users []string) error {
	tx := c.st.Txns().Begin(txn.ReadCommitted)
	if err := c.bootstrap(ctx, tx, users); err != nil {
		tx.Abort()
		return err
	}
	return tx.Commit()
}

func (c *Catalog) bootstrap(ctx context.Context, tx *txn.Txn, users []string) error {
	for _, t := range sysTables {
		if err := heap.Create(c.st, c.sys[t.oid], tx); err != nil {
			return err
		}
	}
	ins := func(rel types.Oid, row []types.Datum) error {
		_, err := heap.Insert(ctx, c.st, tx, c.sys[rel], row)
		return err
	}
	owner := int64(BootstrapSuperuser)
	ownerName := "postgres"
	if len(users) > 0 && users[0] != "" {
		ownerName = users[0]
	}
	const dbOwner = "pg_database_owner"
	for _, ns := range []struct {
		oid   types.Oid
		name  string
		owner types.Oid
		acl   types.Datum
	}{
		{PgCatalogNamespace, "pg_catalog", BootstrapSuperuser, textArray(FormatACLItem(ownerName, "UC", ownerName), FormatACLItem("", "U", ownerName))},
		{PgToastNamespace, "pg_toast", BootstrapSuperuser, nil},
		{PublicNamespace, "public", PgDatabaseOwnerRole, textArray(dbOwner+"=UC/"+dbOwner, "=U/"+dbOwner)},
		{InformationSchemaNamespace, "information_schema", BootstrapSuperuser, textArray(FormatACLItem(ownerName, "UC", ownerName), FormatACLItem("", "U", ownerName))},
	} {
		if err := ins(PgNamespaceOid, []types.Datum{int64(ns.oid), ns.name, int64(ns.owner), ns.acl}); err != nil {
			return err
		}
	}
	for _, t := range sysTables {
		// Every role may read the catalogs but pg_authid and pg_statistic,
		// as in PostgreSQL.
		var acl types.Datum
		if t.oid != PgAuthidOid && t.oid != PgStatisticOid {
			acl = textArray(FormatACLItem(ownerName, AllTablePrivileges, ownerName), FormatACLItem("", "r", ownerName))
		}
		if err := c.insertClassRowACL(ctx, tx, t.oid, t.name, PgCatalogNamespace, int64(t.rowType), t.shared, len(t.cols), acl); err != nil {
			return err
		}
		for i, col := range t.cols {
			if err := c.insertAttributeRow(ctx, tx, t.oid, i+1, col.name, types.T{Oid: col.typ, Typmod: -1}, true, false, 0); err != nil {
				return err
			}
		}
	}
	infos := types.AllInfos()
	sort.Slice(infos, func(i, j int) bool { return infos[i].Oid < infos[j].Oid })
	for _, in := range infos {
		row := []types.Datum{int64(in.Oid), in.Name, int64(PgCatalogNamespace), owner, int64(in.Len), in.ByVal, int64('b'), int64(in.Category),
			in.Preferred, true, int64(','), int64(0), int64(0), int64(in.Elem), int64(in.ArrayOid), int64(0),
			int64(0), int64(0), int64(0), int64(0), int64(0), int64(0), int64(in.Align), int64(in.Storage),
			false, int64(0), int64(-1), int64(0), int64(0), nil, nil, nil}
		row[28] = attCollation(in)
		if err := ins(PgTypeOid, row); err != nil {
			return err
		}
	}
	for _, f := range funcs.AllFuncs() {
		kind := int64('f')
		if f.Agg != nil {
			kind = 'a'
		}
		var argTypes []string
		for _, a := range f.Args {
			argTypes = append(argTypes, strconv.FormatInt(int64(a), 10))
		}
		ns := int64(PgCatalogNamespace)
		if f.Schema == "information_schema" {
			ns = int64(InformationSchemaNamespace)
		}
		row := []types.Datum{int64(f.Oid), f.Name, ns, owner, int64(12), float64(1), float64(0), int64(0),
			int64(0), kind, false, false, f.Strict, false, int64(f.Volatile), int64(f.Parallel),
			int64(len(f.Args)), int64(0), int64(f.Result), strings.Join(argTypes, " "), nil, nil, nil, nil,
			nil, f.Name, nil, nil, nil, nil}
		if err := ins(PgProcOid, row); err != nil {
			return err
		}
	}
	templateACL := textArray(FormatACLItem("", "c", ownerName), FormatACLItem(ownerName, "CTc", ownerName))
	for _, db := range []struct {
		oid       types.Oid
		name      string
		template  bool
		allowConn bool
		acl       types.Datum
	}{
		{Template1Database, "template1", true, true, templateACL},
		{Template0Database, "template0", true, false, templateACL},
		{PostgresDatabase, "postgres", false, true, nil},
	} {
		row := []types.Datum{int64(db.oid), db.name, owner, int64(6), int64('c'), db.template, db.allowConn, int64(-1),
			nil, nil, int64(DefaultTablespace), "C", "C", nil, nil, db.acl}
		if err := ins(PgDatabaseOid, row); err != nil {
			return err
		}
	}
	seen := map[string]bool{}
	for i, u := range users {
		if u == "" || seen[u] {
			continue
		}
		seen[u] = true
		oid := int64(BootstrapSuperuser)
		if i > 0 {
			oid = int64(c.st.NewOid())
		}
		row := []types.Datum{oid, u, true, true, true, true, true, true, true, int64(-1), nil, nil}
		if err := ins(PgAuthidOid, row); err != nil {
			return err
		}
	}
	for _, r := range predefinedRoles {
		row := []types.Datum{int64(r.oid), r.name, false, true, false, false, false, false, false, int64(-1), nil, nil}
		if err := ins(PgAuthidOid, row); err != nil {
			return err
		}
	}
	// pg_monitor is a member of the roles it combines.
	for _, role := range []types.Oid{3374, 3375, 3377} {
		if err := ins(PgAuthMembersOid, []types.Datum{int64(role), int64(3373), owner, false}); err != nil {
			return err
		}
	}
	for _, am := range []struct {
		oid     types.Oid
		name    string
		handler int64
		kind    byte
	}{{HeapAM, "heap", 3, 't'}, {BtreeAM, "btree", 330, 'i'}} {
		if err := ins(PgAmOid, []types.Datum{int64(am.oid), am.name, am.handler, int64(am.kind)}); err != nil {
			return err
		}
	}
	for _, coll := range []struct {
		oid      types.Oid
		name     string
		provider byte
		encoding int64
		locale   types.Datum
	}{
		{DefaultCollation, "default", 'd', -1, nil},
		{CCollation, "C", 'c', -1, "C"},
		{POSIXCollation, "POSIX", 'c', -1, "POSIX"},
		{UCSBasicCollation, "ucs_basic", 'c', 6, "C"},
	} {
		row := []types.Datum{int64(coll.oid), coll.name, int64(PgCatalogNamespace), owner, int64(coll.provider), true, coll.encoding,
			coll.locale, coll.locale, nil, nil}
		if err := ins(PgCollationOid, row); err != nil {
			return err
		}
	}
	for _, spc := range []struct {
		oid  types.Oid
		name string
	}{{DefaultTablespace, "pg_default"}, {GlobalTablespace, "pg_global"}} {
		if err := ins(PgTablespaceOid, []types.Datum{int64(spc.oid), spc.name, owner, nil, nil}); err != nil {
			return err
		}
	}
	return nil
}

func (c *Catalog) insertClassRow(ctx context.Context, tx *txn.Txn, oid types.Oid, name string, ns types.Oid, reltype int64, shared bool, natts int) error {
	return c.insertClassRowKind(ctx, tx, oid, name, ns, reltype, shared, natts, 'r')
}

func (c *Catalog) insertClassRowKind(ctx context.Context, tx *txn.Txn, oid types.Oid, name string, ns types.Oid, reltype int64, shared bool, natts int, kind byte) error {
	return c.insertClassRowOpts(ctx, tx, oid, name, ns, reltype, shared, natts, kind, nil)
}

// AllTablePrivileges are the aclitem letters of all privileges on a
// table, in the order aclitem prints them.
const AllTablePrivileges = "arwdDxt"

// insertClassRowACL inserts a system catalog's pg_class row with
// privileges acl.
func (c *Catalog) insertClassRowACL(ctx context.Context, tx *txn.Txn, oid types.Oid, name string, ns types.Oid, reltype int64, shared bool, natts int, acl types.Datum) error {
	return c.insertClassRowFull(ctx, tx, oid, name, ns, reltype, shared, natts, 'r', nil, acl)
}

// insertClassRowOpts inserts a pg_class row with reloptions opts.
func (c *Catalog) insertClassRowOpts(ctx context.Context, tx *txn.Txn, oid types.Oid, name string, ns types.Oid, reltype int64, shared bool, natts int, kind byte, opts [][2]string) error {
	return c.insertClassRowFull(ctx, tx, oid, name, ns, reltype, shared, natts, kind, opts, nil)
}

// insertClassRowFull inserts a pg_class row with reloptions opts and
// privileges acl (nil: the owner's default).
func (c *Catalog) insertClassRowFull(ctx context.Context, tx *txn.Txn, oid types.Oid, name string, ns types.Oid, reltype int64, shared bool, natts int, kind byte, opts [][2]string, acl types.Datum) error {
	am, filenode, hasRules := int64(HeapAM), int64(oid), false
	switch kind {
	case 'v':
		am, filenode, hasRules = 0, 0, true
	case 'S':
		am = 0
	}
	row := []types.Datum{int64(oid), name, int64(ns), reltype, int64(0), int64(ownerOf(ctx)), am, filenode,
		int64(0), int64(0), float64(-1), int64(0), int64(0), false, shared, int64('p'),
		int64(kind), int64(natts), int64(0), hasRules, false, false, false, false,
		true, int64('d'), false, int64(0), "0", "1", nil, nil, nil}
	row[classReloptions] = formatRelOptions(opts)
	row[classRelacl] = acl
	_, err := heap.Insert(ctx, c.st, tx, c.sys[PgClassOid], row)
	return err
}

// attCollation is the collation of a type (typcollation) and of columns
// of it: "C" for name, as in PostgreSQL 15, "default" for the other string
// types, none otherwise.
func attCollation(in *types.Info) int64 {
	switch {
	case in.Oid == types.NameOid:
		return int64(CCollation)
	case in.Category == 'S':
		return int64(DefaultCollation)
	}
	return 0
}

// insertAttributeRow inserts a pg_attribute row; hasDef sets atthasdef
// and identity attidentity.
func (c *Catalog) insertAttributeRow(ctx context.Context, tx *txn.Txn, rel types.Oid, attnum int, name string, t types.T, notNull, hasDef bool, identity byte) error {
	return c.insertAttributeRowCollation(ctx, tx, rel, attnum, name, t, notNull, hasDef, identity, 0)
}

// insertAttributeRowCollation is insertAttributeRow for a column with a
// COLLATE clause (coll 0: the type's default collation).
func (c *Catalog) insertAttributeRowCollation(ctx context.Context, tx *txn.Txn, rel types.Oid, attnum int, name string, t types.T, notNull, hasDef bool, identity byte, coll types.Oid) error {
	in := types.InfoOf(t.Oid)
	collation := attCollation(in)
	if coll != 0 {
		collation = int64(coll)
	}
	row := []types.Datum{int64(rel), name, int64(t.Oid), int64(-1), int64(in.Len), int64(attnum), int64(0), int64(-1),
		int64(t.Typmod), in.ByVal, int64(in.Align), int64(in.Storage), int64(0), notNull, hasDef, false,
		int64(identity), int64(0), false, true, int64(0), collation, nil, nil, nil, nil}
	_, err := heap.Insert(ctx, c.st, tx, c.sys[PgAttributeOid], row)
	return err
}

// scanCatalog calls fn for every visible row of a catalog, with its TID.
func (c *Catalog) scanCatalog(ctx context.Context, snap *txn.Snapshot, rel types.Oid, fn func(row []types.Datum, tid table.TID) bool) error {
	return c.scanCatalogWhere(ctx, snap, rel, nil, fn)
}

// scanCatalogKey is scanCatalog for the rows whose OID column col equals
// key: the others are skipped before they are decoded, which is most of
// the cost of a lookup in a large catalog such as pg_attribute.
func (c *Catalog) scanCatalogKey(ctx context.Context, snap *txn.Snapshot, rel types.Oid, col int, key types.Oid, fn func(row []types.Datum, tid table.TID) bool) error {
	k := int64(key)
	return c.scanCatalogWhere(ctx, snap, rel, table.Prefilter{{Col: col, Int: func(v int64) bool { return v == k }}}, func(row []types.Datum, tid table.TID) bool {
		// The prefilter may give up on a scan; the test here stays.
		if types.Oid(row[col].(int64)) != key {
			return true
		}
		return fn(row, tid)
	})
}

func (c *Catalog) scanCatalogWhere(ctx context.Context, snap *txn.Snapshot, rel types.Oid, pf table.Prefilter, fn func(row []types.Datum, tid table.TID) bool) error {
	r := c.sys[rel]
	cols := make([]int, len(r.Desc.Attrs))
	for i := range cols {
		cols[i] = i
	}
	scan := heap.BeginScan(c.st, r, snap, cols)
	defer scan.End()
	if pf != nil {
		scan.SetPrefilter(pf)
	}
	// fn gets copies of the rows (Datums), so the batch can go back.
	pool := c.batches[rel]
	b := pool.Get().(*vector.Batch)
	defer pool.Put(b)
	for {
		ok, err := scan.Next(ctx, b)
		if err != nil {
			return err
		}
		if !ok {
			return nil
		}
		tids := scan.TIDs()
		for i := 0; i < b.Len(); i++ {
			if !fn(b.Datums(i), tids[b.Row(i)]) {
				return nil
			}
		}
	}
}

func tableTypes(r *table.Relation) []types.T {
	ts := make([]types.T, len(r.Desc.Attrs))
	for i, a := range r.Desc.Attrs {
		ts[i] = a.Type
	}
	return ts
}

// namespaces returns schema name → OID.
func (c *Catalog) namespaces(ctx context.Context, snap *txn.Snapshot) (map[string]types.Oid, error) {
	out := map[string]types.Oid{}
	err := c.scanCatalog(ctx, snap, PgNamespaceOid, func(row []types.Datum, _ table.TID) bool {
		out[row[1].(string)] = types.Oid(row[0].(int64))
		return true
	})
	return out, err
}

// LookupRelation finds a table by schema (optional) and name; without a
// schema it searches pg_catalog, then searchPath, in order.
func (c *Catalog) LookupRelation(tx *txn.Txn, snap *txn.Snapshot, schema, name string, searchPath []string) (*Relation, error) {
	ctx := context.Background()
	nss, err := c.namespaces(ctx, snap)
	if err != nil {
		return nil, err
	}
	var order []types.Oid
	if schema != "" {
		ns, ok := nss[schema]
		if !ok {
			return nil, pgerror.Newf(pgerror.InvalidSchemaName, "schema \"%s\" does not exist", schema)
		}
		order = []types.Oid{ns}
	} else {
		order = append(order, PgCatalogNamespace)
		for _, s := range searchPath {
			if ns, ok := nss[s]; ok && ns != PgCatalogNamespace {
				order = append(order, ns)
			}
		}
	}
	best, bestRank := types.Oid(0), math.MaxInt
	err = c.scanCatalog(ctx, snap, PgClassOid, func(row []types.Datum, _ table.TID) bool {
		if row[classRelname].(string) != name {
			return true
		}
		ns := types.Oid(row[classRelnamespace].(int64))
		for rank, o := range order {
			if o == ns && rank < bestRank {
				best, bestRank = types.Oid(row[classOid].(int64)), rank
			}
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	if best == 0 {
		if schema != "" {
			return nil, pgerror.Newf(pgerror.UndefinedTable, "relation \"%s.%s\" does not exist", schema, name)
		}
		return nil, pgerror.Newf(pgerror.UndefinedTable, "relation \"%s\" does not exist", name)
	}
	return c.RelationByOid(tx, snap, best)
}

// RelationByOid builds the relation descriptor of a table.
func (c *Catalog) RelationByOid(tx *txn.Txn, snap *txn.Snapshot, oid types.Oid) (*Relation, error) {
	ctx := context.Background()
	var rel *Relation
	hasChecks, hasTriggers := false, false
	err := c.scanCatalogKey(ctx, snap, PgClassOid, classOid, oid, func(row []types.Datum, _ table.TID) bool {
		rel = &Relation{
			Oid:             oid,
			Name:            row[classRelname].(string),
			Namespace:       types.Oid(row[classRelnamespace].(int64)),
			Kind:            byte(row[classRelkind].(int64)),
			RelFileNumber:   types.Oid(row[classRelfilenode].(int64)),
			Shared:          row[classRelisshared].(bool),
			Pages:           int32(row[classRelpages].(int64)),
			Tuples:          row[classReltuples].(float64),
			AllVisible:      int32(row[classRelallvisible].(int64)),
			ParallelWorkers: -1,
		}
		hasChecks = row[classChecks].(int64) > 0
		hasTriggers = row[classRelhastriggers].(bool)
		applyRelOptions(rel, parseRelOptions(row[classReloptions]))
		return false
	})
	if err != nil {
		return nil, err
	}
	if rel == nil {
		return nil, pgerror.Newf(pgerror.UndefinedTable, "relation with OID %d does not exist", oid)
	}
	nss, err := c.namespaces(ctx, snap)
	if err != nil {
		return nil, err
	}
	for name, o := range nss {
		if o == rel.Namespace {
			rel.NamespaceName = name
		}
	}
	var cols []Column
	hasDefaults, hasIdentity := false, false
	err = c.scanCatalogKey(ctx, snap, PgAttributeOid, attAttrelid, oid, func(row []types.Datum, _ table.TID) bool {
		hasDefaults = hasDefaults || row[attAtthasdef].(bool)
		identity := byte(row[attAttidentity].(int64))
		hasIdentity = hasIdentity || identity != 0
		cols = append(cols, Column{
			Identity: identity,
			Name:     row[attAttname].(string),
			AttNum:   int(row[attAttnum].(int64)),
			Type:     types.T{Oid: types.Oid(row[attAtttypid].(int64)), Typmod: int32(row[attAtttypmod].(int64))},
			NotNull:  row[attAttnotnull].(bool),
			Dropped:  row[attAttisdropped].(bool),
		})
		return true
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(cols, func(i, j int) bool { return cols[i].AttNum < cols[j].AttNum })
	rel.Columns = cols
	if hasDefaults {
		err = c.scanCatalogKey(ctx, snap, PgAttrdefOid, attrdefAdrelid, oid, func(row []types.Datum, _ table.TID) bool {
			if n := int(row[attrdefAdnum].(int64)); n >= 1 && n <= len(cols) {
				cols[n-1].Default = row[attrdefAdbin].(string)
			}
			return true
		})
		if err != nil {
			return nil, err
		}
	}
	if hasIdentity {
		owned, err := c.OwnedSequences(snap, oid)
		if err != nil {
			return nil, err
		}
		for _, o := range owned {
			if o.DepType == DependInternal && o.AttNum >= 1 && o.AttNum <= len(cols) {
				cols[o.AttNum-1].IdentitySequence = o.Seq
			}
		}
	}
	if rel.Kind == 'v' {
		err = c.scanCatalogKey(ctx, snap, PgRewriteOid, rewriteEvClass, oid, func(row []types.Datum, _ table.TID) bool {
			rel.ViewDef = row[rewriteEvAction].(string)
			return false
		})
		if err != nil {
			return nil, err
		}
	}
	if rel.Kind == 'r' {
		if err := c.loadIndexes(ctx, snap, rel); err != nil {
			return nil, err
		}
	}
	if hasChecks {
		if err := c.loadChecks(snap, rel); err != nil {
			return nil, err
		}
	}
	if hasTriggers {
		if err := c.loadForeignKeys(snap, rel); err != nil {
			return nil, err
		}
	}
	if sys, ok := c.sys[oid]; ok {
		rel.table = sys
	} else {
		rel.table = c.tableRelation(rel)
	}
	return rel, nil
}

func (c *Catalog) tableRelation(rel *Relation) *table.Relation {
	desc := &table.TupleDesc{}
	for _, col := range rel.Columns {
		desc.Attrs = append(desc.Attrs, table.Attr{Name: col.Name, Type: col.Type, NotNull: col.NotNull, Dropped: col.Dropped})
	}
	db := c.db
	if rel.Shared {
		db = 0
	}
	return &table.Relation{Oid: rel.Oid, Name: rel.Name, DbOid: db, RelFileNumber: rel.RelFileNumber, Shared: rel.Shared, Desc: desc}
}

// CreateTable creates a table in the first schema of searchPath that exists.
// It returns false when IF NOT EXISTS found the table already there.
func (c *Catalog) CreateTable(ctx context.Context, tx *txn.Txn, snap *txn.Snapshot, st *nodes.CreateTableStmt, searchPath []string) (bool, error) {
	if len(st.Name) >= types.NameDataLen {
		st.Name = truncateName(st.Name)
	}
	ns, exists, err := c.creationNamespace(ctx, snap, st.Schema, st.Name, searchPath)
	if err != nil {
		return false, err
	}
	if exists {
		if st.IfNotExists {
			return false, nil
		}
		return false, pgerror.Newf(pgerror.DuplicateTable, "relation \"%s\" already exists", st.Name)
	}
	for _, col := range st.Columns {
		if types.InfoOf(col.Type.Oid) == nil {
			return false, pgerror.Unsupported("type %s is not supported for table columns", types.FormatType(col.Type))
		}
	}
	oid := c.st.NewOid()
	rel := &Relation{Oid: oid, Name: st.Name, Namespace: ns, Kind: 'r', RelFileNumber: oid, Pages: 0, Tuples: -1}
	for i, col := range st.Columns {
		rel.Columns = append(rel.Columns, Column{Name: col.Name, AttNum: i + 1, Type: col.Type, NotNull: col.NotNull, Identity: col.Identity})
	}
	if err := heap.Create(c.st, c.tableRelation(rel), tx); err != nil {
		return false, err
	}
	if err := c.insertClassRow(ctx, tx, oid, st.Name, ns, 0, false, len(st.Columns)); err != nil {
		return false, err
	}
	for i, col := range st.Columns {
		if err := c.insertAttributeRowCollation(ctx, tx, oid, i+1, col.Name, col.Type, col.NotNull, col.Default != "", col.Identity, col.Collation); err != nil {
			return false, err
		}
		if col.Default != "" {
			if _, err := heapInsert(ctx, c, tx, PgAttrdefOid, []types.Datum{int64(c.st.NewOid()), int64(oid), int64(i + 1), col.Default}); err != nil {
				return false, err
			}
		}
	}
	return true, nil
}

func truncateName(s string) string {
	if len(s) < types.NameDataLen {
		return s
	}
	b := []byte(s)
	n := types.NameDataLen - 1
	for n > 0 && b[n]&0xC0 == 0x80 {
		n--
	}
	return string(b[:n])
}

// DropTable removes a table's catalog rows; its file goes at commit.
func (c *Catalog) DropTable(ctx context.Context, tx *txn.Txn, snap *txn.Snapshot, rel *Relation) error {
	if err := c.deleteWhere(ctx, tx, snap, PgClassOid, func(row []types.Datum) bool { return types.Oid(row[classOid].(int64)) == rel.Oid }); err != nil {
		return err
	}
	if err := c.deleteWhere(ctx, tx, snap, PgAttributeOid, func(row []types.Datum) bool { return types.Oid(row[attAttrelid].(int64)) == rel.Oid }); err != nil {
		return err
	}
	if err := c.DeleteStatistics(ctx, tx, snap, rel.Oid); err != nil {
		return err
	}
	if slices.ContainsFunc(rel.Columns, func(col Column) bool { return col.Default != "" }) {
		if err := c.deleteWhere(ctx, tx, snap, PgAttrdefOid, func(row []types.Datum) bool { return types.Oid(row[attrdefAdrelid].(int64)) == rel.Oid }); err != nil {
			return err
		}
	}
	switch rel.Kind {
	case 'v':
		return c.dropViewRule(ctx, tx, snap, rel.Oid)
	case 'S':
		if err := c.dropSequenceRows(ctx, tx, snap, rel.Oid); err != nil {
			return err
		}
		heap.Drop(c.st, rel.table, tx)
		return nil
	}
	if err := c.dropOwnedSequences(ctx, tx, snap, rel.Oid); err != nil {
		return err
	}
	if len(rel.ForeignKeys) > 0 || len(rel.ReferencedBy) > 0 {
		if err := c.DropForeignKeys(ctx, tx, snap, rel); err != nil {
			return err
		}
	}
	if len(rel.Checks) > 0 {
		if err := c.dropConstraints(ctx, tx, snap, rel); err != nil {
			return err
		}
	}
	if err := c.dropIndexes(ctx, tx, snap, rel); err != nil {
		return err
	}
	heap.Drop(c.st, rel.table, tx)
	return nil
}

func (c *Catalog) deleteWhere(ctx context.Context, tx *txn.Txn, snap *txn.Snapshot, cat types.Oid, match func([]types.Datum) bool) error {
	var tids []table.TID
	if err := c.scanCatalog(ctx, snap, cat, func(row []types.Datum, tid table.TID) bool {
		if match(row) {
			tids = append(tids, tid)
		}
		return true
	}); err != nil {
		return err
	}
	for _, tid := range tids {
		if err := deleteRow(ctx, c.st, tx, c.sys[cat], tid); err != nil {
			return err
		}
	}
	return nil
}

// SetRelStats records relpages and reltuples for a table (VACUUM, ANALYZE),
// and relallvisible unless allVisible is negative (ANALYZE leaves it).
func (c *Catalog) SetRelStats(ctx context.Context, tx *txn.Txn, snap *txn.Snapshot, oid types.Oid, pages uint32, tuples float64, allVisible int64) error {
	return c.updateClassRow(ctx, tx, snap, oid, func(row []types.Datum) bool {
		row[classRelpages] = int64(pages)
		row[classReltuples] = float64(float32(tuples))
		if allVisible >= 0 {
			row[classRelallvisible] = allVisible
		}
		return true
	})
}

// updateClassRow replaces a relation's pg_class row with a modified copy;
// change returns false when nothing needs to change.
func (c *Catalog) updateClassRow(ctx context.Context, tx *txn.Txn, snap *txn.Snapshot, oid types.Oid, change func(row []types.Datum) bool) error {
	found, err := c.updateRow(ctx, tx, snap, PgClassOid, func(row []types.Datum) bool { return types.Oid(row[classOid].(int64)) == oid }, change)
	if err == nil && !found {
		err = pgerror.Newf(pgerror.UndefinedTable, "relation with OID %d does not exist", oid)
	}
	return err
}

// updateRow replaces the first row of catalog cat that match accepts with
// a copy that change modifies (change returns false when nothing needs to
// change); it reports whether a row matched.
func (c *Catalog) updateRow(ctx context.Context, tx *txn.Txn, snap *txn.Snapshot, cat types.Oid, match, change func(row []types.Datum) bool) (bool, error) {
	var old []types.Datum
	var oldTID table.TID
	if err := c.scanCatalog(ctx, snap, cat, func(row []types.Datum, tid table.TID) bool {
		if match(row) {
			old, oldTID = row, tid
			return false
		}
		return true
	}); err != nil {
		return false, err
	}
	if old == nil {
		return false, nil
	}
	row := append([]types.Datum(nil), old...)
	if !change(row) {
		return true, nil
	}
	if err := deleteRow(ctx, c.st, tx, c.sys[cat], oldTID); err != nil {
		return true, err
	}
	_, err := heap.Insert(ctx, c.st, tx, c.sys[cat], row)
	return true, err
}

// UserTables lists the OIDs of ordinary tables outside pg_catalog.
func (c *Catalog) UserTables(tx *txn.Txn, snap *txn.Snapshot) ([]types.Oid, error) {
	var out []types.Oid
	err := c.scanCatalog(context.Background(), snap, PgClassOid, func(row []types.Datum, _ table.TID) bool {
		if types.Oid(row[classRelnamespace].(int64)) != PgCatalogNamespace && row[classRelkind].(int64) == 'r' {
			out = append(out, types.Oid(row[classOid].(int64)))
		}
		return true
	})
	return out, err
}

// DatabaseExists reports whether a database of that name exists, and its OID.
func (c *Catalog) DatabaseOid(snap *txn.Snapshot, name string) (types.Oid, bool, error) {
	var oid types.Oid
	err := c.scanCatalog(context.Background(), snap, PgDatabaseOid, func(row []types.Datum, _ table.TID) bool {
		if row[1].(string) == name {
			oid = types.Oid(row[0].(int64))
			return false
		}
		return true
	})
	return oid, oid != 0, err
}

// deleteRow deletes one catalog row. Catalog rows that another transaction
// is changing make the DDL fail, as PG's "tuple concurrently updated".
func deleteRow(ctx context.Context, st *storage.Storage, tx *txn.Txn, rel *table.Relation, tid table.TID) error {
	res, err := heap.Delete(ctx, st, tx, rel, tid)
	if err != nil {
		return err
	}
	switch res {
	case table.TMOk, table.TMSelfModified:
		return nil
	}
	return pgerror.New(pgerror.SerializationFailure, "tuple concurrently updated")
}

// creationNamespace returns the schema a new relation called name goes in
// (schema, or the first schema of searchPath that exists) and whether a
// relation of that name is already there.
func (c *Catalog) creationNamespace(ctx context.Context, snap *txn.Snapshot, schema, name string, searchPath []string) (types.Oid, bool, error) {
	nss, err := c.namespaces(ctx, snap)
	if err != nil {
		return 0, false, err
	}
	var ns types.Oid
	if schema != "" {
		var ok bool
		if ns, ok = nss[schema]; !ok {
			return 0, false, pgerror.Newf(pgerror.InvalidSchemaName, "schema \"%s\" does not exist", schema)
		}
	} else {
		for _, s := range searchPath {
			if o, ok := nss[s]; ok {
				ns = o
				break
			}
		}
		if ns == 0 {
			return 0, false, pgerror.New(pgerror.InvalidSchemaName, "no schema has been selected to create in")
		}
	}
	if ns == PgCatalogNamespace && !c.allowSystemMods {
		return 0, false, pgerror.Newf(pgerror.InsufficientPrivilege, "permission denied to create \"pg_catalog.%s\"", name).WithDetail("System catalog modifications are currently disallowed.")
	}
	exists := false
	err = c.scanCatalog(ctx, snap, PgClassOid, func(row []types.Datum, _ table.TID) bool {
		if row[classRelname].(string) == name && types.Oid(row[classRelnamespace].(int64)) == ns {
			exists = true
			return false
		}
		return true
	})
	return ns, exists, err
}
