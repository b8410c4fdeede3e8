// sysinfo.go answers the lookups behind the system information functions
// (pg_table_is_visible, pg_get_userbyid, pg_get_indexdef, obj_description,
// ...): names and namespaces by OID, visibility through a search path, and
// the rows a definition is rebuilt from (PG: catalog/namespace.c,
// utils/adt/ruleutils.c).

package catalog

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/txn"
	"github.com/loomdb/loomdb/internal/types"
)

// EffectiveSearchPath returns the OIDs of the schemas a name is looked up
// in: pg_catalog first unless searchPath names it, then those of
// searchPath that exist (PG: recomputeNamespacePath).
func (c *Catalog) EffectiveSearchPath(snap *txn.Snapshot, searchPath []string) ([]types.Oid, []string, error) {
	nss, err := c.namespaces(context.Background(), snap)
	if err != nil {
		return nil, nil, err
	}
	var oids []types.Oid
	var names []string
	if !slices.Contains(searchPath, "pg_catalog") {
		oids, names = append(oids, PgCatalogNamespace), append(names, "pg_catalog")
	}
	for _, s := range searchPath {
		if o, ok := nss[s]; ok && !slices.Contains(oids, o) {
			oids, names = append(oids, o), append(names, s)
		}
	}
	return oids, names, nil
}

// objectVisible reports whether the object oid of catalog cat (whose
// columns 0, 1 and 2 are its OID, name and namespace: pg_class, pg_type,
// pg_proc) is the first of its name along the search path; same, when
// set, further restricts which objects of that name count (a function's
// argument types).
func (c *Catalog) objectVisible(snap *txn.Snapshot, cat, oid types.Oid, searchPath []string, same func(a, b []types.Datum) bool) (visible, found bool, err error) {
	var target []types.Datum
	if err := c.scanCatalogKey(context.Background(), snap, cat, 0, oid, func(row []types.Datum, _ table.TID) bool {
		target = slices.Clone(row)
		return false
	}); err != nil || target == nil {
		return false, false, err
	}
	path, _, err := c.EffectiveSearchPath(snap, searchPath)
	if err != nil {
		return false, true, err
	}
	ns := types.Oid(target[2].(int64))
	pos := slices.Index(path, ns)
	if pos < 0 {
		return false, true, nil
	}
	// Visible unless an object of the same name sits in an earlier schema.
	visible = true
	err = c.scanCatalog(context.Background(), snap, cat, func(row []types.Datum, _ table.TID) bool {
		if row[1].(string) != target[1].(string) || types.Oid(row[0].(int64)) == oid {
			return true
		}
		if p := slices.Index(path, types.Oid(row[2].(int64))); p >= 0 && p < pos && (same == nil || same(row, target)) {
			visible = false
			return false
		}
		return true
	})
	return visible, true, err
}

// RelationIsVisible is pg_table_is_visible.
func (c *Catalog) RelationIsVisible(snap *txn.Snapshot, rel types.Oid, searchPath []string) (bool, bool, error) {
	return c.objectVisible(snap, PgClassOid, rel, searchPath, nil)
}

// TypeIsVisible is pg_type_is_visible.
func (c *Catalog) TypeIsVisible(snap *txn.Snapshot, typ types.Oid, searchPath []string) (bool, bool, error) {
	return c.objectVisible(snap, PgTypeOid, typ, searchPath, nil)
}

// FunctionIsVisible is pg_function_is_visible: a function is hidden only
// by one of the same name and argument types earlier in the path.
func (c *Catalog) FunctionIsVisible(snap *txn.Snapshot, fn types.Oid, searchPath []string) (bool, bool, error) {
	return c.objectVisible(snap, PgProcOid, fn, searchPath, func(a, b []types.Datum) bool {
		return a[procArgtypes] == b[procArgtypes]
	})
}

// pg_proc columns read back here.
const (
	procRetset   = 13
	procRettype  = 18
	procArgtypes = 19
)

// RoleName returns the name of role oid.
func (c *Catalog) RoleName(snap *txn.Snapshot, oid types.Oid) (name string, found bool, err error) {
	r, err := c.RoleByOid(snap, oid)
	if err != nil || r == nil {
		return "", false, err
	}
	return r.Name, true, nil
}

// SystemCatalogOid returns the OID of the pg_catalog relation called name.
func (c *Catalog) SystemCatalogOid(snap *txn.Snapshot, name string) (oid types.Oid, found bool, err error) {
	err = c.scanCatalog(context.Background(), snap, PgClassOid, func(row []types.Datum, _ table.TID) bool {
		if row[classRelname].(string) == name && types.Oid(row[classRelnamespace].(int64)) == PgCatalogNamespace {
			oid, found = types.Oid(row[classOid].(int64)), true
			return false
		}
		return true
	})
	return oid, found, err
}

// Description returns the comment on an object: from pg_description for
// (obj, classOid, subID), or with shared from pg_shdescription.
func (c *Catalog) Description(snap *txn.Snapshot, obj, classOid types.Oid, subID int32, shared bool) (desc string, found bool, err error) {
	cat := PgDescriptionOid
	if shared {
		cat = PgShdescriptionOid
	}
	err = c.scanCatalogKey(context.Background(), snap, cat, 0, obj, func(row []types.Datum, _ table.TID) bool {
		if types.Oid(row[1].(int64)) != classOid {
			return true
		}
		if !shared && int32(row[2].(int64)) != subID {
			return true
		}
		desc, found = row[len(row)-1].(string), true
		return false
	})
	return desc, found, err
}

// IndexTable returns the table an index belongs to (pg_index.indrelid).
func (c *Catalog) IndexTable(snap *txn.Snapshot, index types.Oid) (rel types.Oid, found bool, err error) {
	err = c.scanCatalogKey(context.Background(), snap, PgIndexOid, indIndexrelid, index, func(row []types.Datum, _ table.TID) bool {
		rel, found = types.Oid(row[indIndrelid].(int64)), true
		return false
	})
	return rel, found, err
}

// ConstraintRow is what pg_get_constraintdef rebuilds a constraint from.
type ConstraintRow struct {
	Oid        types.Oid
	Name       string
	Type       byte // contype: 'c', 'f', 'p', 'u'
	Deferrable bool
	Deferred   bool
	Validated  bool
	Rel        types.Oid
	Index      types.Oid
	RefRel     types.Oid
	// UpdAction, DelAction and Match are confupdtype, confdeltype and
	// confmatchtype of a foreign key.
	UpdAction, DelAction, Match byte
	Keys, RefKeys               []int
	// Expr is a CHECK constraint's condition as SQL text.
	Expr string
}

// Constraint returns the pg_constraint row of oid.
func (c *Catalog) Constraint(snap *txn.Snapshot, oid types.Oid) (con ConstraintRow, found bool, err error) {
	err = c.scanCatalogKey(context.Background(), snap, PgConstraintOid, 0, oid, func(row []types.Datum, _ table.TID) bool {
		con = ConstraintRow{Oid: oid, Name: row[conName].(string), Type: byte(row[conType].(int64)),
			Deferrable: row[4].(bool), Deferred: row[5].(bool), Validated: row[6].(bool), Rel: types.Oid(row[conRelid].(int64)),
			Index: types.Oid(row[conIndid].(int64)), RefRel: types.Oid(row[conFrelid].(int64)),
			UpdAction: byte(row[conFupdtype].(int64)), DelAction: byte(row[conFdeltype].(int64)), Match: byte(row[conFmatchtype].(int64)),
			Keys: parseAttnums(row[conKey]), RefKeys: parseAttnums(row[conFkey])}
		if s, ok := row[conBin].(string); ok {
			con.Expr = s
		}
		found = true
		return false
	})
	return con, found, err
}

// FunctionSignature returns a pg_proc row's argument types, result type
// and whether it returns a set.
func (c *Catalog) FunctionSignature(snap *txn.Snapshot, fn types.Oid) (args []types.Oid, result types.Oid, retset, found bool, err error) {
	err = c.scanCatalogKey(context.Background(), snap, PgProcOid, 0, fn, func(row []types.Datum, _ table.TID) bool {
		found = true
		result, retset = types.Oid(row[procRettype].(int64)), row[procRetset].(bool)
		if s, ok := row[procArgtypes].(string); ok {
			for _, f := range strings.Fields(s) {
				if n, err := strconv.ParseUint(f, 10, 32); err == nil {
					args = append(args, types.Oid(n))
				}
			}
		}
		return false
	})
	return args, result, retset, found, err
}

// ObjectName returns the name and namespace of object oid of catalog cat,
// one whose columns 0, 1 and 2 are its OID, name and namespace (pg_class,
// pg_type, pg_proc).
func (c *Catalog) ObjectName(snap *txn.Snapshot, cat, oid types.Oid) (name string, ns types.Oid, found bool, err error) {
	err = c.scanCatalogKey(context.Background(), snap, cat, 0, oid, func(row []types.Datum, _ table.TID) bool {
		name, ns, found = row[1].(string), types.Oid(row[2].(int64)), true
		return false
	})
	return name, ns, found, err
}

// ObjectsNamed returns the OIDs of the objects of catalog cat (as for
// ObjectName) called name in namespace ns.
func (c *Catalog) ObjectsNamed(snap *txn.Snapshot, cat types.Oid, name string, ns types.Oid) ([]types.Oid, error) {
	var out []types.Oid
	err := c.scanCatalog(context.Background(), snap, cat, func(row []types.Datum, _ table.TID) bool {
		if row[1].(string) == name && types.Oid(row[2].(int64)) == ns {
			out = append(out, types.Oid(row[0].(int64)))
		}
		return true
	})
	return out, err
}

// NamespaceOid returns the OID of the schema called name.
func (c *Catalog) NamespaceOid(snap *txn.Snapshot, name string) (types.Oid, bool, error) {
	nss, err := c.namespaces(context.Background(), snap)
	if err != nil {
		return 0, false, err
	}
	o, ok := nss[name]
	return o, ok, nil
}
