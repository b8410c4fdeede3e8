// acl.go checks privileges and runs the statements that change them: a
// statement's relations must grant the session's role what it needs
// (PG: ExecCheckRTPerms, pg_class_aclmask), DDL needs the relation's
// owner, and CREATE/ALTER/DROP ROLE, GRANT and REVOKE keep roles and
// relacl (PG: commands/user.c, catalog/aclchk.c). Superusers pass every
// check.

package session

import (
	"context"
	"strings"

	"github.com/loomdb/loomdb/internal/analyze"
	"github.com/loomdb/loomdb/internal/auth"
	"github.com/loomdb/loomdb/internal/catalog"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/txn"
	"github.com/loomdb/loomdb/internal/types"
)

// currentRole returns the session's role as pg_authid has it now.
func (s *Session) currentRole(snap *txn.Snapshot) (*catalog.Role, error) {
	r, err := s.eng.cat.RoleByOid(snap, s.roleOid)
	if err == nil && r == nil {
		err = pgerror.Newf(pgerror.UndefinedObject, "role \"%s\" does not exist", s.User)
	}
	return r, err
}

// ownerContext is ctx carrying the session's role as the owner of the
// relations a statement creates.
func (s *Session) ownerContext(ctx context.Context) context.Context {
	return catalog.WithOwner(ctx, s.roleOid)
}

// hasPrivileges reports whether role (by OID and name) holds every
// privilege letter of privs on relation rel: as its owner, through an
// item granting it, or through PUBLIC's.
func (s *Session) hasPrivileges(snap *txn.Snapshot, role *catalog.Role, rel types.Oid, privs string) (bool, error) {
	if role.Superuser {
		return true, nil
	}
	owner, acl, hasACL, found, err := s.eng.cat.RelationACL(snap, rel)
	if err != nil || !found {
		return found, err
	}
	if !hasACL {
		return owner == role.Oid, nil
	}
	held := ""
	for _, item := range acl {
		grantee, p, _ := catalog.ParseACLItem(item)
		if grantee == "" || grantee == role.Name {
			held += p
		}
	}
	for _, c := range privs {
		if !strings.ContainsRune(held, c) {
			return false, nil
		}
	}
	return true, nil
}

// checkQueryPermissions checks the privileges a query needs.
func (s *Session) checkQueryPermissions(snap *txn.Snapshot, q *nodes.Query) error {
	user, err := s.currentRole(snap)
	if err != nil || user.Superuser {
		return err
	}
	owners := map[types.Oid]*catalog.Role{}
	for _, pc := range analyze.PermissionChecks(q) {
		role := user
		if pc.ViaView != 0 {
			if role = owners[pc.ViaView]; role == nil {
				if role, err = s.relationOwner(snap, pc.ViaView); err != nil {
					return err
				}
				owners[pc.ViaView] = role
			}
		}
		if err := s.requirePrivileges(snap, role, pc.Rel, pc.Privileges); err != nil {
			return err
		}
	}
	return nil
}

// requirePrivileges fails with PostgreSQL's "permission denied for
// table" unless role holds privs on rel.
func (s *Session) requirePrivileges(snap *txn.Snapshot, role *catalog.Role, rel types.Oid, privs string) error {
	ok, err := s.hasPrivileges(snap, role, rel, privs)
	if err != nil || ok {
		return err
	}
	r, err := s.eng.cat.RelationByOid(nil, snap, rel)
	if err != nil {
		return err
	}
	return pgerror.Newf(pgerror.InsufficientPrivilege, "permission denied for %s %s", catalog.RelKindName(r.Kind), r.Name)
}

// requireTablePrivileges fails unless the session's role holds privs on
// rel.
func (s *Session) requireTablePrivileges(snap *txn.Snapshot, rel types.Oid, privs string) error {
	user, err := s.currentRole(snap)
	if err != nil || user.Superuser {
		return err
	}
	return s.requirePrivileges(snap, user, rel, privs)
}

// requireCreateFor checks that the session's role may create a relation
// called name in schema (or search_path's first schema).
func (s *Session) requireCreateFor(snap *txn.Snapshot, schema, name string) error {
	ns, _, err := s.eng.cat.CreationNamespace(snap, schema, name, s.searchPath())
	if err != nil {
		// The creation reports it, in its own words.
		return nil
	}
	return s.requireCreateInSchema(snap, ns)
}

// relationOwner returns the role owning relation rel.
func (s *Session) relationOwner(snap *txn.Snapshot, rel types.Oid) (*catalog.Role, error) {
	owner, _, _, _, err := s.eng.cat.RelationACL(snap, rel)
	if err != nil {
		return nil, err
	}
	out, err := s.eng.cat.RoleByOid(snap, owner)
	if out == nil && err == nil {
		err = pgerror.Internal("relation %d has no owner", rel)
	}
	return out, err
}

// requireOwner fails unless the session's role owns rel (or is a
// superuser): DDL on a relation needs its owner (PG: aclcheck_error's
// ACLCHECK_NOT_OWNER).
func (s *Session) requireOwner(snap *txn.Snapshot, rel *catalog.Relation) error {
	user, err := s.currentRole(snap)
	if err != nil || user.Superuser {
		return err
	}
	owner, _, _, _, err := s.eng.cat.RelationACL(snap, rel.Oid)
	if err != nil || owner == user.Oid {
		return err
	}
	return pgerror.Newf(pgerror.InsufficientPrivilege, "must be owner of %s %s", catalog.RelKindName(rel.Kind), rel.Name)
}

// requireCreateInSchema fails unless the session's role may create
// relations in schema ns: a superuser, the schema's owner (the database
// owner standing for pg_database_owner), or a role its ACL grants CREATE.
func (s *Session) requireCreateInSchema(snap *txn.Snapshot, ns types.Oid) error {
	user, err := s.currentRole(snap)
	if err != nil || user.Superuser {
		return err
	}
	owner, acl, name, err := s.eng.cat.NamespaceACL(snap, ns)
	if err != nil {
		return err
	}
	if owner == user.Oid {
		return nil
	}
	for _, item := range acl {
		grantee, p, _ := catalog.ParseACLItem(item)
		if (grantee == "" || grantee == user.Name) && strings.Contains(p, "C") {
			return nil
		}
	}
	return pgerror.Newf(pgerror.InsufficientPrivilege, "permission denied for schema %s", name)
}

// createRole runs CREATE ROLE and CREATE USER.
func (s *Session) createRole(ctx context.Context, st *nodes.CreateRoleStmt, p *Portal) error {
	tx := s.startTxn()
	snap := tx.StatementSnapshot()
	user, err := s.currentRole(snap)
	if err != nil {
		return err
	}
	o := st.Options
	switch {
	case o.Superuser != nil && *o.Superuser && !user.Superuser:
		return pgerror.New(pgerror.InsufficientPrivilege, "must be superuser to create superusers")
	case o.Replication != nil && *o.Replication && !user.Superuser:
		return pgerror.New(pgerror.InsufficientPrivilege, "must be superuser to create replication users")
	case o.BypassRLS != nil && *o.BypassRLS && !user.Superuser:
		return pgerror.New(pgerror.InsufficientPrivilege, "must be superuser to create bypassrls users")
	case !user.Superuser && !user.CreateRole:
		return pgerror.New(pgerror.InsufficientPrivilege, "permission denied to create role")
	}
	r := &catalog.Role{Name: st.Name, Inherit: true, Login: st.User, ConnLimit: -1}
	if err := s.applyRoleOptions(r, o, p); err != nil {
		return err
	}
	if err := s.eng.cat.CreateRole(ctx, tx, snap, r); err != nil {
		return err
	}
	s.didDDL = true
	tx.CommandCounterIncrement()
	p.tag = "CREATE ROLE"
	return nil
}

// applyRoleOptions sets the options of CREATE or ALTER ROLE on r; a
// password is stored encrypted as password_encryption says.
func (s *Session) applyRoleOptions(r *catalog.Role, o nodes.RoleOptions, p *Portal) error {
	set := func(dst *bool, v *bool) {
		if v != nil {
			*dst = *v
		}
	}
	set(&r.Superuser, o.Superuser)
	set(&r.CreateDB, o.CreateDB)
	set(&r.CreateRole, o.CreateRole)
	set(&r.Inherit, o.Inherit)
	set(&r.Login, o.Login)
	set(&r.Replication, o.Replication)
	set(&r.Bypass, o.BypassRLS)
	if o.ConnectionLimit != nil {
		r.ConnLimit = *o.ConnectionLimit
	}
	switch {
	case o.PasswordNull:
		r.Password = ""
	case o.Password != nil && *o.Password == "":
		if err := s.notice(p, &pgerror.Error{Code: pgerror.InvalidPassword, Message: "empty string is not a valid password, clearing password"}); err != nil {
			return err
		}
		r.Password = ""
	case o.Password != nil:
		pw, err := auth.Encrypt(s.settings.String("password_encryption"), r.Name, *o.Password)
		if err != nil {
			return err
		}
		r.Password = pw
	}
	if o.ValidUntil != nil {
		v, err := types.InZone(types.TTimestamptz, *o.ValidUntil, s.timeZone())
		if err != nil {
			return err
		}
		t := v.(int64)
		r.ValidUntil = &t
	}
	return nil
}

// alterRole runs ALTER ROLE: a superuser changes any role, a role with
// CREATEROLE any other non-superuser, and any role its own password.
func (s *Session) alterRole(ctx context.Context, st *nodes.AlterRoleStmt, p *Portal) error {
	tx := s.startTxn()
	snap := tx.StatementSnapshot()
	user, err := s.currentRole(snap)
	if err != nil {
		return err
	}
	name := st.Name
	r, err := s.eng.cat.RoleByName(snap, name)
	if err != nil {
		return err
	}
	if r == nil {
		return pgerror.Newf(pgerror.UndefinedObject, "role \"%s\" does not exist", name)
	}
	o := st.Options
	onlyPassword := o.Superuser == nil && o.CreateDB == nil && o.CreateRole == nil && o.Inherit == nil && o.Login == nil &&
		o.Replication == nil && o.BypassRLS == nil && o.ConnectionLimit == nil && o.ValidUntil == nil
	switch {
	case user.Superuser:
	case r.Superuser || o.Superuser != nil:
		return pgerror.New(pgerror.InsufficientPrivilege, "must be superuser to alter superuser roles or change superuser attribute")
	case r.Replication || o.Replication != nil:
		return pgerror.New(pgerror.InsufficientPrivilege, "must be superuser to alter replication roles or change replication attribute")
	case o.BypassRLS != nil:
		return pgerror.New(pgerror.InsufficientPrivilege, "must be superuser to change bypassrls attribute")
	case user.CreateRole:
	case r.Oid == user.Oid && onlyPassword:
	default:
		return pgerror.New(pgerror.InsufficientPrivilege, "permission denied")
	}
	if err := s.applyRoleOptions(r, o, p); err != nil {
		return err
	}
	if err := s.eng.cat.UpdateRole(ctx, tx, snap, r); err != nil {
		return err
	}
	s.didDDL = true
	tx.CommandCounterIncrement()
	p.tag = "ALTER ROLE"
	return nil
}

// dropRole runs DROP ROLE.
func (s *Session) dropRole(ctx context.Context, st *nodes.DropRoleStmt, p *Portal) error {
	tx := s.startTxn()
	snap := tx.StatementSnapshot()
	user, err := s.currentRole(snap)
	if err != nil {
		return err
	}
	if !user.Superuser && !user.CreateRole {
		return pgerror.New(pgerror.InsufficientPrivilege, "permission denied to drop role")
	}
	for _, name := range st.Names {
		r, err := s.eng.cat.RoleByName(snap, name)
		if err != nil {
			return err
		}
		switch {
		case r == nil && st.MissingOk:
			if err := s.notice(p, &pgerror.Error{Code: pgerror.UndefinedObject, Message: "role \"" + name + "\" does not exist, skipping"}); err != nil {
				return err
			}
			continue
		case r == nil:
			return pgerror.Newf(pgerror.UndefinedObject, "role \"%s\" does not exist", name)
		case r.Oid == user.Oid:
			return pgerror.New(pgerror.ObjectInUse, "current user cannot be dropped")
		case r.Oid < catalog.FirstNormalOid:
			return pgerror.Newf(pgerror.DependentObjectsStillExist, "cannot drop role %s because it is required by the database system", name)
		case r.Superuser && !user.Superuser:
			return pgerror.New(pgerror.InsufficientPrivilege, "must be superuser to drop superusers")
		}
		if err := s.eng.cat.DropRole(ctx, tx, snap, r); err != nil {
			return err
		}
	}
	s.didDDL = true
	tx.CommandCounterIncrement()
	p.tag = "DROP ROLE"
	return nil
}

// grant runs GRANT and REVOKE on relations: the owner's default item is
// made explicit, then each grantee's item gains or loses the privileges
// (PG: merge_acl_with_grant).
func (s *Session) grant(ctx context.Context, st *nodes.GrantStmt, p *Portal) error {
	tx := s.startTxn()
	snap := tx.StatementSnapshot()
	for _, g := range st.Grantees {
		if g == "" {
			continue
		}
		if r, err := s.eng.cat.RoleByName(snap, g); err != nil {
			return err
		} else if r == nil {
			return pgerror.Newf(pgerror.UndefinedObject, "role \"%s\" does not exist", g)
		}
	}
	for _, oid := range st.Relations {
		rel, err := s.eng.cat.RelationByOid(tx, snap, oid)
		if err != nil {
			return err
		}
		if err := s.requireOwner(snap, rel); err != nil {
			return pgerror.Newf(pgerror.InsufficientPrivilege, "permission denied for %s %s", catalog.RelKindName(rel.Kind), rel.Name)
		}
		ownerOid, acl, hasACL, _, err := s.eng.cat.RelationACL(snap, oid)
		if err != nil {
			return err
		}
		ownerName, _, err := s.eng.cat.RoleName(snap, ownerOid)
		if err != nil {
			return err
		}
		if !hasACL {
			acl = []string{catalog.FormatACLItem(ownerName, catalog.AllTablePrivileges, ownerName)}
		}
		for _, g := range st.Grantees {
			acl = updateACL(acl, g, ownerName, st.Privileges, st.IsGrant)
		}
		if err := s.eng.cat.SetRelationACL(ctx, tx, snap, oid, acl); err != nil {
			return err
		}
	}
	s.didDDL = true
	tx.CommandCounterIncrement()
	p.tag = "GRANT"
	if !st.IsGrant {
		p.tag = "REVOKE"
	}
	return nil
}

// updateACL adds or removes privilege letters of grantee's item (granted
// by grantor), keeping letters in aclitem's order and dropping an item
// left with none.
func updateACL(acl []string, grantee, grantor, privs string, add bool) []string {
	idx := -1
	held := ""
	for i, item := range acl {
		g, p, gr := catalog.ParseACLItem(item)
		if g == grantee && gr == grantor {
			idx, held = i, p
		}
	}
	var out strings.Builder
	for _, c := range catalog.AllTablePrivileges {
		has := strings.ContainsRune(held, c)
		want := strings.ContainsRune(privs, c)
		if add && (has || want) || !add && has && !want {
			out.WriteRune(c)
		}
	}
	item := catalog.FormatACLItem(grantee, out.String(), grantor)
	switch {
	case idx >= 0 && out.Len() == 0:
		return append(acl[:idx:idx], acl[idx+1:]...)
	case idx >= 0:
		acl[idx] = item
		return acl
	case out.Len() > 0:
		return append(acl, item)
	}
	return acl
}
