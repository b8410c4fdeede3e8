// role.go analyzes CREATE, ALTER and DROP ROLE (and USER), and GRANT and
// REVOKE of table privileges (PG: commands/user.c, catalog/aclchk.c's
// ExecuteGrantStmt).

package analyze

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/loomdb/loomdb/internal/catalog"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

// roleOptions reads the options of CREATE or ALTER ROLE.
func (a *analyzer) roleOptions(defs []*pg_query.Node) (nodes.RoleOptions, error) {
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
	opts, err := a.roleOptions(s.Options)
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
	case name == "" || name == "public" || name == "none":
		if name == "" {
			name = "public"
		}
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
	if err := checkRoleName(name); err != nil {
		// PG: check_rolespec_name.
		pe := pgerror.Convert(err)
		pe.Detail = "Cannot alter reserved roles."
		return nil, pe
	}
	opts, err := a.roleOptions(s.Options)
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

func (a *analyzer) grantStmt(s *pg_query.GrantStmt) (nodes.Stmt, error) {
	if s.Targtype != pg_query.GrantTargetType_ACL_TARGET_OBJECT || (s.Objtype != pg_query.ObjectType_OBJECT_TABLE) {
		return nil, pgerror.Unsupported("GRANT and REVOKE are supported only on tables")
	}
	if s.GrantOption {
		return nil, pgerror.Unsupported("WITH GRANT OPTION is not supported")
	}
	st := &nodes.GrantStmt{IsGrant: s.IsGrant}
	if len(s.Privileges) == 0 {
		st.Privileges = catalog.AllTablePrivileges
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

// PermissionChecks returns the privileges statement q needs (PG:
// requiredPerms, set by the parser and checked by ExecCheckPermissions):
// SELECT on every relation it reads; on the table an INSERT, UPDATE or
// DELETE writes, the command's privilege, with SELECT too when the
// statement reads that table's rows (its WHERE, an UPDATE's SET
// expressions, RETURNING) and UPDATE as well for ON CONFLICT DO UPDATE;
// and for a view read, SELECT on the view and the view owner's
// privileges on what the view reads.
func PermissionChecks(q *nodes.Query) []PermCheck {
	var out []PermCheck
	var query func(q *nodes.Query, via types.Oid, skip int)
	exprs := func(e nodes.Expr, via types.Oid) {
		nodes.Walk(e, func(n nodes.Expr) bool {
			if sl, ok := n.(*nodes.SubLink); ok && sl.Subquery != nil {
				query(sl.Subquery, via, 0)
			}
			return true
		})
	}
	// query adds what q reads; range-table entry skip (1-based, 0 for
	// none) is the written table, which the caller checks.
	query = func(q *nodes.Query, via types.Oid, skip int) {
		for i, rte := range q.RangeTable {
			switch {
			case i+1 == skip:
			case i+1 == q.ResultRelation && q.CommandType != nodes.CmdSelect:
				out = append(out, PermCheck{Rel: rte.RelOid, Privileges: writePrivileges(q), ViaView: via})
			case rte.Kind == nodes.RTERelation:
				out = append(out, PermCheck{Rel: rte.RelOid, Privileges: "r", ViaView: via})
			case rte.ViewOid != 0:
				out = append(out, PermCheck{Rel: rte.ViewOid, Privileges: "r", ViaView: via})
				if rte.Subquery != nil {
					query(rte.Subquery, rte.ViewOid, 0)
				}
			case rte.Subquery != nil:
				query(rte.Subquery, via, 0)
			}
		}
		for _, cte := range q.CTEList {
			query(cte.Query, via, 0)
		}
		for _, leaf := range setOpLeaves(q.SetOperations) {
			query(leaf, via, 0)
		}
		if q.Source != nil {
			// UPDATE's and DELETE's Source scans the written table as its
			// entry 1; INSERT's reads only the user's query.
			srcSkip := 0
			if q.CommandType == nodes.CmdUpdate || q.CommandType == nodes.CmdDelete {
				srcSkip = 1
			}
			query(q.Source, via, srcSkip)
		}
		walkQueryExprs(q, func(e nodes.Expr) { exprs(e, via) })
	}
	query(q, 0, 0)
	return out
}

// writePrivileges are the privileges a modifying statement needs on the
// table it writes.
func writePrivileges(q *nodes.Query) string {
	privs := ""
	switch q.CommandType {
	case nodes.CmdInsert:
		privs = "a"
		if q.OnConflict != nil && q.OnConflict.DoUpdate {
			privs += "wr"
		}
	case nodes.CmdUpdate:
		privs = "w"
	case nodes.CmdDelete:
		privs = "d"
	}
	reads := len(q.Returning) > 0
	if src := q.Source; src != nil && (q.CommandType == nodes.CmdUpdate || q.CommandType == nodes.CmdDelete) {
		if src.JoinTree != nil && src.JoinTree.Quals != nil {
			reads = true
		}
		for i, te := range src.TargetList {
			if i == q.CtidColumn {
				continue
			}
			nodes.Walk(te.Expr, func(n nodes.Expr) bool {
				if v, ok := n.(*nodes.Var); ok && v.VarNo == 1 && v.LevelsUp == 0 {
					reads = true
				}
				return !reads
			})
		}
	}
	if reads && !strings.Contains(privs, "r") {
		privs += "r"
	}
	return privs
}

// walkQueryExprs calls fn on each non-nil expression of q's own level —
// those mapLevelExprs visits — without changing q.
func walkQueryExprs(q *nodes.Query, fn func(nodes.Expr)) {
	visit := func(e nodes.Expr) {
		if e != nil {
			fn(e)
		}
	}
	for _, te := range q.TargetList {
		visit(te.Expr)
	}
	if q.JoinTree != nil {
		for _, n := range q.JoinTree.FromList {
			nodes.WalkJoinTree(n, func(je *nodes.JoinExpr) { visit(je.Quals) })
		}
		visit(q.JoinTree.Quals)
	}
	for _, sj := range q.SemiJoins {
		visit(sj.Quals)
	}
	visit(q.HavingQual)
	visit(q.LimitCount)
	visit(q.LimitOffset)
	for _, ag := range q.Aggs {
		visit(ag)
	}
	for _, w := range q.WindowClause {
		visit(w.StartOffset)
		visit(w.EndOffset)
	}
	for _, te := range q.Returning {
		visit(te.Expr)
	}
	for _, c := range q.Checks {
		visit(c.Expr)
	}
	for _, w := range q.WithCheckOptions {
		visit(w.Qual)
	}
	if oc := q.OnConflict; oc != nil {
		for _, e := range oc.Set {
			visit(e)
		}
		visit(oc.Where)
	}
	for _, rte := range q.RangeTable {
		if rte.Func != nil {
			for _, arg := range rte.Func.Args {
				visit(arg)
			}
		}
		for _, row := range rte.Values {
			for _, e := range row {
				visit(e)
			}
		}
		if ts := rte.TableSample; ts != nil {
			for _, arg := range ts.Args {
				visit(arg)
			}
			visit(ts.Repeatable)
		}
	}
}
