// role.go analyzes CREATE, ALTER and DROP ROLE (and USER), and GRANT and
// REVOKE of table privileges (PG: commands/user.c, catalog/aclchk.c's
// ExecuteGrantStmt).

package analyze

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

// roleOptions reads the options of CREATE or ALTER ROLE.
func (a *analyzer) roleOptions(defs []*pg_query.Node, create bool) (nodes.RoleOptions, error) {
	var o nodes.RoleOptions
	seen := map[string]bool{}
	for _, n := range defs {
		d := n.GetDefElem()
		if d == nil {
			continue
		}
		if seen[d.Defname] {
			return o, pgerror.New(pgerror.SyntaxError, "conflicting or redundant options").WithPosition(a.pos(d.Location))
		}
		seen[d.Defname] = true
		flag := func() *bool {
			v := true
			if b := d.Arg.GetBoolean(); b != nil {
				v = b.Boolval
			} else if i := d.Arg.GetInteger(); i != nil {
				v = i.Ival != 0
			}
			return &v
		}
		switch d.Defname {
		case "superuser":
			o.Superuser = flag()
		case "createdb":
			o.CreateDB = flag()
		case "createrole":
			o.CreateRole = flag()
		case "inherit":
			o.Inherit = flag()
		case "canlogin":
			o.Login = flag()
		case "isreplication":
			o.Replication = flag()
		case "bypassrls":
			o.BypassRLS = flag()
		case "connectionlimit":
			v := int64(d.Arg.GetInteger().GetIval())
			if v < -1 {
				return o, pgerror.Newf(pgerror.InvalidParameterValue, "invalid connection limit: %d", v)
			}
			o.ConnectionLimit = &v
		case "password":
			if s := d.Arg.GetString_(); s != nil {
				v := s.Sval
				o.Password = &v
			} else {
				o.PasswordNull = true
			}
		case "validUntil":
			v := d.Arg.GetString_().GetSval()
			o.ValidUntil = &v
		case "sysid":
			// Ignored, as PostgreSQL ignores it.
		default:
			return o, pgerror.Unsupported("role option %s is not supported", strings.ToUpper(d.Defname)).WithPosition(a.pos(d.Location))
		}
	}
	return o, nil
}

func (a *analyzer) createRoleStmt(s *pg_query.CreateRoleStmt) (nodes.Stmt, error) {
	if s.StmtType == pg_query.RoleStmtType_ROLESTMT_GROUP {
		return nil, pgerror.Unsupported("CREATE GROUP is not supported")
	}
	opts, err := a.roleOptions(s.Options, true)
	if err != nil {
		return nil, err
	}
	if err := checkRoleName(s.Role); err != nil {
		return nil, err
	}
	return &nodes.CreateRoleStmt{Name: s.Role, User: s.StmtType == pg_query.RoleStmtType_ROLESTMT_USER, Options: opts}, nil
}

// checkRoleName refuses the names PostgreSQL reserves.
func checkRoleName(name string) error {
	switch {
	case name == "public" || name == "none":
		return pgerror.Newf(pgerror.ReservedName, "role name \"%s\" is reserved", name)
	case strings.HasPrefix(name, "pg_"):
		return pgerror.Newf(pgerror.ReservedName, "role name \"%s\" is reserved", name).
			WithDetail("Role names starting with \"pg_\" are reserved.")
	}
	return nil
}

func (a *analyzer) alterRoleStmt(s *pg_query.AlterRoleStmt) (nodes.Stmt, error) {
	name, err := roleSpecName(s.Role)
	if err != nil {
		return nil, err
	}
	opts, err := a.roleOptions(s.Options, false)
	if err != nil {
		return nil, err
	}
	return &nodes.AlterRoleStmt{Name: name, Options: opts}, nil
}

func (a *analyzer) dropRoleStmt(s *pg_query.DropRoleStmt) (nodes.Stmt, error) {
	st := &nodes.DropRoleStmt{MissingOk: s.MissingOk}
	for _, r := range s.Roles {
		name, err := roleSpecName(r.GetRoleSpec())
		if err != nil {
			return nil, err
		}
		st.Names = append(st.Names, name)
	}
	return st, nil
}

// roleSpecName is the role a RoleSpec names; CURRENT_USER and the like
// resolve to the session's user.
func roleSpecName(r *pg_query.RoleSpec) (string, error) {
	if r == nil {
		return "", pgerror.Unsupported("this form of role name is not supported")
	}
	switch r.Roletype {
	case pg_query.RoleSpecType_ROLESPEC_CSTRING:
		return r.Rolename, nil
	case pg_query.RoleSpecType_ROLESPEC_PUBLIC:
		return "", nil
	}
	return "", pgerror.Unsupported("%s as a role name is not supported", strings.TrimPrefix(r.Roletype.String(), "ROLESPEC_"))
}

// privilegeLetters are the aclitem letters of the table privileges, in
// the order aclitem prints them.
var privilegeLetters = []struct {
	name   string
	letter byte
}{{"insert", 'a'}, {"select", 'r'}, {"update", 'w'}, {"delete", 'd'}, {"truncate", 'D'}, {"references", 'x'}, {"trigger", 't'}}

// AllTablePrivileges are the letters of ALL PRIVILEGES on a table.
const AllTablePrivileges = "arwdDxt"

func (a *analyzer) grantStmt(s *pg_query.GrantStmt) (nodes.Stmt, error) {
	if s.Targtype != pg_query.GrantTargetType_ACL_TARGET_OBJECT || (s.Objtype != pg_query.ObjectType_OBJECT_TABLE) {
		return nil, pgerror.Unsupported("GRANT and REVOKE are supported only on tables")
	}
	if s.GrantOption {
		return nil, pgerror.Unsupported("WITH GRANT OPTION is not supported")
	}
	st := &nodes.GrantStmt{IsGrant: s.IsGrant}
	if len(s.Privileges) == 0 {
		st.Privileges = AllTablePrivileges
	}
	for _, p := range s.Privileges {
		ap := p.GetAccessPriv()
		if len(ap.GetCols()) > 0 {
			return nil, pgerror.Unsupported("column privileges are not supported")
		}
		found := false
		for _, pl := range privilegeLetters {
			if pl.name == ap.GetPrivName() {
				if !strings.ContainsRune(st.Privileges, rune(pl.letter)) {
					st.Privileges += string(pl.letter)
				}
				found = true
			}
		}
		if !found {
			return nil, pgerror.Newf(pgerror.InvalidGrantOperation, "invalid privilege type %s for relation", strings.ToUpper(ap.GetPrivName()))
		}
	}
	for _, o := range s.Objects {
		rv := o.GetRangeVar()
		rel, err := a.env.Catalog.LookupRelation(rv.Schemaname, rv.Relname)
		if err != nil {
			return nil, withPos(err, a.pos(rv.Location))
		}
		st.Relations = append(st.Relations, rel.Oid)
	}
	for _, g := range s.Grantees {
		name, err := roleSpecName(g.GetRoleSpec())
		if err != nil {
			return nil, err
		}
		st.Grantees = append(st.Grantees, name)
	}
	return st, nil
}

// PermCheck is a privilege a statement needs on a relation (PG: an RTE's
// requiredPerms, checked by ExecCheckRTPerms).
type PermCheck struct {
	Rel types.Oid
	// Privileges are aclitem letters: all of them are needed.
	Privileges string
	// ViaView is the view whose definition reads the relation, whose
	// owner's privileges count (0: the user's).
	ViaView types.Oid
}

// PermissionChecks returns the privileges statement q needs: SELECT on
// every relation it reads, the command's privilege on the one an INSERT,
// UPDATE or DELETE writes (with SELECT too when an UPDATE or DELETE reads
// its rows through WHERE or RETURNING), and for a view read, SELECT on the
// view and the view owner's privileges on what it reads.
func PermissionChecks(q *nodes.Query) []PermCheck {
	var out []PermCheck
	var query func(q *nodes.Query, via types.Oid)
	query = func(q *nodes.Query, via types.Oid) {
		for i, rte := range q.RangeTable {
			switch {
			case rte.Kind == nodes.RTERelation:
				privs := "r"
				if i+1 == q.ResultRelation {
					switch q.CommandType {
					case nodes.CmdInsert:
						privs = "a"
					case nodes.CmdUpdate:
						privs = "w"
					case nodes.CmdDelete:
						privs = "d"
					}
					if q.CommandType != nodes.CmdInsert && (q.JoinTree != nil && q.JoinTree.Quals != nil || len(q.Returning) > 0) {
						privs += "r"
					}
					if q.CommandType == nodes.CmdInsert && len(q.Returning) > 0 {
						privs += "r"
					}
				}
				out = append(out, PermCheck{Rel: rte.RelOid, Privileges: privs, ViaView: via})
			case rte.ViewOid != 0:
				out = append(out, PermCheck{Rel: rte.ViewOid, Privileges: "r", ViaView: via})
				if rte.Subquery != nil {
					query(rte.Subquery, rte.ViewOid)
				}
			case rte.Subquery != nil:
				query(rte.Subquery, via)
			}
		}
		for _, cte := range q.CTEList {
			query(cte.Query, via)
		}
		for _, leaf := range setOpLeaves(q.SetOperations) {
			query(leaf, via)
		}
		forEachQueryExpr(q, func(e nodes.Expr) {
			nodes.Walk(e, func(n nodes.Expr) bool {
				if sl, ok := n.(*nodes.SubLink); ok && sl.Subquery != nil {
					query(sl.Subquery, via)
				}
				return true
			})
		})
	}
	query(q, 0)
	return out
}
