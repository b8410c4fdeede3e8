// role.go keeps roles (pg_authid) and the privileges granted on relations
// (pg_class.relacl) (PG: commands/user.c, utils/adt/acl.c).

package catalog

import (
	"context"
	"strings"

	"github.com/loomdb/loomdb/internal/access/table"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/storage"
	"github.com/loomdb/loomdb/internal/txn"
	"github.com/loomdb/loomdb/internal/types"
)

// pg_authid columns.
const (
	authOid = iota
	authName
	authSuper
	authInherit
	authCreateRole
	authCreateDB
	authLogin
	authReplication
	authBypassRLS
	authConnLimit
	authPassword
	authValidUntil
)

// Role is a pg_authid row.
type Role struct {
	Oid                                                                  types.Oid
	Name                                                                 string
	Superuser, Inherit, CreateRole, CreateDB, Login, Replication, Bypass bool
	ConnLimit                                                            int64
	// Password is the stored password ("" for none): a SCRAM secret or
	// an MD5 hash.
	Password string
	// ValidUntil is rolvaliduntil (microseconds since 2000-01-01 UTC),
	// nil for no limit.
	ValidUntil *int64
}

func (r *Role) row() []types.Datum {
	var pw, until types.Datum
	if r.Password != "" {
		pw = r.Password
	}
	if r.ValidUntil != nil {
		until = *r.ValidUntil
	}
	return []types.Datum{int64(r.Oid), r.Name, r.Superuser, r.Inherit, r.CreateRole, r.CreateDB, r.Login, r.Replication,
		r.Bypass, r.ConnLimit, pw, until}
}

func roleFromRow(row []types.Datum) *Role {
	r := &Role{Oid: types.Oid(row[authOid].(int64)), Name: row[authName].(string), Superuser: row[authSuper].(bool),
		Inherit: row[authInherit].(bool), CreateRole: row[authCreateRole].(bool), CreateDB: row[authCreateDB].(bool),
		Login: row[authLogin].(bool), Replication: row[authReplication].(bool), Bypass: row[authBypassRLS].(bool),
		ConnLimit: row[authConnLimit].(int64)}
	if s, ok := row[authPassword].(string); ok {
		r.Password = s
	}
	if v, ok := row[authValidUntil].(int64); ok {
		r.ValidUntil = &v
	}
	return r
}

// RoleByName returns the role called name, nil when there is none.
func (c *Catalog) RoleByName(snap *txn.Snapshot, name string) (*Role, error) {
	var out *Role
	err := c.scanCatalog(context.Background(), snap, PgAuthidOid, func(row []types.Datum, _ table.TID) bool {
		if row[authName].(string) == name {
			out = roleFromRow(row)
			return false
		}
		return true
	})
	return out, err
}

// RoleByOid returns role oid, nil when there is none.
func (c *Catalog) RoleByOid(snap *txn.Snapshot, oid types.Oid) (*Role, error) {
	var out *Role
	err := c.scanCatalogKey(context.Background(), snap, PgAuthidOid, authOid, oid, func(row []types.Datum, _ table.TID) bool {
		out = roleFromRow(row)
		return false
	})
	return out, err
}

// CreateRole adds a role; r.Oid is assigned.
func (c *Catalog) CreateRole(ctx context.Context, tx *txn.Txn, snap *txn.Snapshot, r *Role) error {
	old, err := c.RoleByName(snap, r.Name)
	if err != nil {
		return err
	}
	if old != nil {
		return pgerror.Newf(pgerror.DuplicateObject, "role \"%s\" already exists", r.Name)
	}
	r.Oid = c.st.NewOid()
	_, err = heapInsert(ctx, c, tx, PgAuthidOid, r.row())
	return err
}

// UpdateRole stores r over the role of its OID.
func (c *Catalog) UpdateRole(ctx context.Context, tx *txn.Txn, snap *txn.Snapshot, r *Role) error {
	found, err := c.updateRow(ctx, tx, snap, PgAuthidOid,
		func(row []types.Datum) bool { return types.Oid(row[authOid].(int64)) == r.Oid },
		func(row []types.Datum) bool { copy(row, r.row()); return true })
	if err == nil && !found {
		err = pgerror.Newf(pgerror.UndefinedObject, "role \"%s\" does not exist", r.Name)
	}
	return err
}

// DropRole removes role r, refusing while it owns relations or holds
// privileges on them (PG: DropRole's checkSharedDependencies).
func (c *Catalog) DropRole(ctx context.Context, tx *txn.Txn, snap *txn.Snapshot, r *Role) error {
	var details []string
	err := c.scanCatalog(ctx, snap, PgClassOid, func(row []types.Datum, _ table.TID) bool {
		kind := relKindName(byte(row[classRelkind].(int64)))
		if kind == "" {
			return true
		}
		name := row[classRelname].(string)
		if types.Oid(row[classRelowner].(int64)) == r.Oid {
			details = append(details, "owner of "+kind+" "+name)
		}
		for _, item := range aclItems(row[classRelacl]) {
			if grantee, _, _ := parseACLItem(item); grantee == r.Name {
				details = append(details, "privileges for "+kind+" "+name)
				break
			}
		}
		return true
	})
	if err != nil {
		return err
	}
	if len(details) > 0 {
		return pgerror.Newf(pgerror.DependentObjectsStillExist, "role \"%s\" cannot be dropped because some objects depend on it", r.Name).
			WithDetail("%s", strings.Join(details, "\n"))
	}
	if err := c.deleteWhere(ctx, tx, snap, PgAuthMembersOid, func(row []types.Datum) bool {
		return types.Oid(row[0].(int64)) == r.Oid || types.Oid(row[1].(int64)) == r.Oid
	}); err != nil {
		return err
	}
	return c.deleteWhere(ctx, tx, snap, PgAuthidOid, func(row []types.Datum) bool { return types.Oid(row[authOid].(int64)) == r.Oid })
}

// relKindName names a relation kind as messages do ("" for kinds that
// cannot have owners or privileges of their own: indexes).
func relKindName(kind byte) string {
	switch kind {
	case 'r', 'p':
		return "table"
	case 'v':
		return "view"
	case 'S':
		return "sequence"
	case 'm':
		return "materialized view"
	}
	return ""
}

// RelKindName names a relation kind as permission messages do.
func RelKindName(kind byte) string {
	if s := relKindName(kind); s != "" {
		return s
	}
	return "relation"
}

// RelationACL returns a relation's owner and privileges: relacl's items,
// or with hasACL false the owner's default of all privileges.
func (c *Catalog) RelationACL(snap *txn.Snapshot, rel types.Oid) (owner types.Oid, acl []string, hasACL, found bool, err error) {
	err = c.scanCatalogKey(context.Background(), snap, PgClassOid, classOid, rel, func(row []types.Datum, _ table.TID) bool {
		found = true
		owner = types.Oid(row[classRelowner].(int64))
		if row[classRelacl] != nil {
			acl, hasACL = aclItems(row[classRelacl]), true
		}
		return false
	})
	return owner, acl, hasACL, found, err
}

// SetRelationACL stores a relation's privileges.
func (c *Catalog) SetRelationACL(ctx context.Context, tx *txn.Txn, snap *txn.Snapshot, rel types.Oid, acl []string) error {
	return c.updateClassRow(ctx, tx, snap, rel, func(row []types.Datum) bool {
		row[classRelacl] = textArray(acl...)
		return true
	})
}

func aclItems(d types.Datum) []string {
	a, ok := d.(types.Array)
	if !ok {
		return nil
	}
	out := make([]string, 0, len(a.Elems))
	for _, e := range a.Elems {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// parseACLItem splits an aclitem's text "grantee=privileges/grantor"; the
// grantee is "" for PUBLIC, and a name in double quotes is unquoted.
func parseACLItem(item string) (grantee, privs, grantor string) {
	grantee, rest := readACLName(item)
	rest = strings.TrimPrefix(rest, "=")
	privs, rest, _ = strings.Cut(rest, "/")
	grantor, _ = readACLName(rest)
	return grantee, privs, grantor
}

// readACLName reads a role name at the start of s, quoted or not, and
// returns it with the rest of s.
func readACLName(s string) (name, rest string) {
	if !strings.HasPrefix(s, `"`) {
		i := strings.IndexAny(s, "=/")
		if i < 0 {
			return s, ""
		}
		return s[:i], s[i:]
	}
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		if s[i] == '"' {
			if i+1 < len(s) && s[i+1] == '"' {
				b.WriteByte('"')
				i++
				continue
			}
			return b.String(), s[i+1:]
		}
		b.WriteByte(s[i])
	}
	return b.String(), ""
}

// FormatACLItem is an aclitem's text: role names other than letters,
// digits and underscores are double-quoted, as PostgreSQL's putid quotes
// them, so that no name can read as another item.
func FormatACLItem(grantee, privs, grantor string) string {
	return aclName(grantee) + "=" + privs + "/" + aclName(grantor)
}

func aclName(name string) string {
	for _, r := range name {
		if !(r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
		}
	}
	return name
}

// ParseACLItem is parseACLItem for the session's privilege checks.
func ParseACLItem(item string) (grantee, privs, grantor string) { return parseACLItem(item) }

type ownerKey struct{}

// WithOwner returns ctx carrying the role that relations created under it
// belong to (pg_class.relowner).
func WithOwner(ctx context.Context, role types.Oid) context.Context {
	return context.WithValue(ctx, ownerKey{}, role)
}

// ownerOf is the role relations created under ctx belong to: the one
// WithOwner gave, else the bootstrap superuser.
func ownerOf(ctx context.Context) types.Oid {
	if r, ok := ctx.Value(ownerKey{}).(types.Oid); ok {
		return r
	}
	return BootstrapSuperuser
}

// FirstNormalOid is the first OID of objects made after bootstrap; roles
// below it are the system's own.
const FirstNormalOid = storage.FirstNormalObjectID

// NamespaceACL returns a schema's owner, its privileges and its name. A
// schema owned by pg_database_owner (public) is owned by the database's
// owner.
func (c *Catalog) NamespaceACL(snap *txn.Snapshot, ns types.Oid) (owner types.Oid, acl []string, name string, err error) {
	err = c.scanCatalog(context.Background(), snap, PgNamespaceOid, func(row []types.Datum, _ table.TID) bool {
		if types.Oid(row[0].(int64)) != ns {
			return true
		}
		name, owner, acl = row[1].(string), types.Oid(row[2].(int64)), aclItems(row[3])
		return false
	})
	if err == nil && owner == PgDatabaseOwnerRole {
		err = c.scanCatalog(context.Background(), snap, PgDatabaseOid, func(row []types.Datum, _ table.TID) bool {
			if types.Oid(row[0].(int64)) == c.db {
				owner = types.Oid(row[2].(int64))
				return false
			}
			return true
		})
	}
	return owner, acl, name, err
}
