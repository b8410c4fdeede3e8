// altertable.go analyzes ALTER TABLE and ALTER TABLE ... RENAME (PG:
// parser/parse_utilcmd.c's transformAlterTableStmt, gram.y's RenameStmt).

package analyze

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
)

func (a *analyzer) alterTableStmt(s *pg_query.AlterTableStmt) (nodes.Stmt, error) {
	if s.Objtype != pg_query.ObjectType_OBJECT_TABLE {
		return nil, pgerror.Unsupported("ALTER %s is not supported", strings.TrimPrefix(s.Objtype.String(), "OBJECT_"))
	}
	out := &nodes.AlterTableStmt{Schema: s.Relation.Schemaname, Name: s.Relation.Relname, MissingOk: s.MissingOk}
	for _, n := range s.Cmds {
		c := n.GetAlterTableCmd()
		cmd := nodes.AlterTableCmd{Column: c.Name, MissingOk: c.MissingOk}
		switch c.Subtype {
		case pg_query.AlterTableType_AT_AddColumn:
			cd := c.Def.GetColumnDef()
			col, err := a.addedColumn(cd, s.Relation.Relname)
			if err != nil {
				return nil, err
			}
			cmd.Kind, cmd.Def, cmd.Column, cmd.IfNotExists = nodes.AlterAddColumn, col, cd.Colname, c.MissingOk
		case pg_query.AlterTableType_AT_DropColumn:
			cmd.Kind, cmd.Cascade = nodes.AlterDropColumn, c.Behavior == pg_query.DropBehavior_DROP_CASCADE
		case pg_query.AlterTableType_AT_ColumnDefault:
			cmd.Kind = nodes.AlterSetDefault
			if c.Def != nil {
				rel, err := a.env.Catalog.LookupRelation(s.Relation.Schemaname, s.Relation.Relname)
				if err != nil {
					return nil, withPos(err, a.pos(s.Relation.Location))
				}
				ci := rel.ColumnByName(c.Name)
				if ci < 0 {
					return nil, pgerror.Newf(pgerror.UndefinedColumn, "column \"%s\" of relation \"%s\" does not exist", c.Name, rel.Name)
				}
				if cmd.Default, err = a.defaultText(c.Def, c.Name, rel.Columns[ci].Type); err != nil {
					return nil, err
				}
			}
		case pg_query.AlterTableType_AT_AddConstraint:
			con := c.Def.GetConstraint()
			if con != nil && con.Contype == pg_query.ConstrType_CONSTR_FOREIGN {
				fk, err := a.foreignKeyDef(con, "")
				if err != nil {
					return nil, err
				}
				cmd.ForeignKey = &fk
				cmd.Kind = nodes.AlterAddForeignKey
				break
			}
			if con == nil || con.Contype != pg_query.ConstrType_CONSTR_CHECK {
				return nil, pgerror.Unsupported("ALTER TABLE ADD CONSTRAINT is not supported yet for this kind of constraint")
			}
			rel, err := a.env.Catalog.LookupRelation(s.Relation.Schemaname, s.Relation.Relname)
			if err != nil {
				return nil, withPos(err, a.pos(s.Relation.Location))
			}
			if cmd.Check, err = a.checkDef(con, rel); err != nil {
				return nil, err
			}
			cmd.Kind = nodes.AlterAddCheck
		case pg_query.AlterTableType_AT_AlterColumnType:
			rel, err := a.env.Catalog.LookupRelation(s.Relation.Schemaname, s.Relation.Relname)
			if err != nil {
				if pgerror.CodeOf(err) == pgerror.UndefinedTable && s.MissingOk {
					// Running it gives IF EXISTS's notice.
					return out, nil
				}
				return nil, withPos(err, a.pos(s.Relation.Location))
			}
			if rel.Kind != 'r' {
				return nil, pgerror.Newf(pgerror.WrongObjectType, "\"%s\" is not a table", rel.Name)
			}
			if err := a.alterColumnType(out, rel, c, &cmd); err != nil {
				return nil, err
			}
		case pg_query.AlterTableType_AT_SetNotNull:
			cmd.Kind = nodes.AlterSetNotNull
		case pg_query.AlterTableType_AT_DropNotNull:
			cmd.Kind = nodes.AlterDropNotNull
		case pg_query.AlterTableType_AT_SetRelOptions, pg_query.AlterTableType_AT_ResetRelOptions:
			cmd.Kind = nodes.AlterSetOptions
			if c.Subtype == pg_query.AlterTableType_AT_ResetRelOptions {
				cmd.Kind = nodes.AlterResetOptions
			}
			for _, o := range c.Def.GetList().GetItems() {
				d := o.GetDefElem()
				if d.Defnamespace != "" {
					return nil, pgerror.Newf(pgerror.InvalidParameterValue, "unrecognized parameter namespace \"%s\"", d.Defnamespace)
				}
				v := ""
				if d.Arg != nil {
					if ac := d.Arg.GetAConst(); ac != nil {
						v = constText(ac)
					} else if i := d.Arg.GetInteger(); i != nil {
						v = constText(&pg_query.A_Const{Val: &pg_query.A_Const_Ival{Ival: i}})
					} else {
						v = strVal(d.Arg)
						if f := d.Arg.GetFloat(); f != nil {
							v = f.Fval
						}
						if b := d.Arg.GetBoolean(); b != nil {
							v = map[bool]string{true: "true", false: "false"}[b.Boolval]
						}
					}
				}
				cmd.Options = append(cmd.Options, [2]string{d.Defname, v})
			}
		default:
			return nil, pgerror.Unsupported("ALTER TABLE %s is not supported yet", alterTableCmdName(c.Subtype))
		}
		out.Cmds = append(out.Cmds, cmd)
	}
	return out, nil
}

func alterTableCmdName(t pg_query.AlterTableType) string {
	switch t {
	case pg_query.AlterTableType_AT_AlterColumnType:
		return "ALTER COLUMN ... TYPE"
	case pg_query.AlterTableType_AT_AddConstraint:
		return "ADD CONSTRAINT"
	case pg_query.AlterTableType_AT_DropConstraint:
		return "DROP CONSTRAINT"
	}
	return strings.ReplaceAll(strings.TrimPrefix(t.String(), "AT_"), "_", " ")
}

// addedColumn analyzes the column of ADD COLUMN, which may carry NOT NULL,
// NULL and DEFAULT.
func (a *analyzer) addedColumn(cd *pg_query.ColumnDef, table string) (nodes.ColumnDef, error) {
	if _, serial := serialType(cd.TypeName); serial {
		return nodes.ColumnDef{}, pgerror.Unsupported("ADD COLUMN of a serial column is not supported yet")
	}
	t, err := a.typeName(cd.TypeName)
	if err != nil {
		return nodes.ColumnDef{}, err
	}
	if err := checkColumnType(cd.Colname, t); err != nil {
		return nodes.ColumnDef{}, err
	}
	col := nodes.ColumnDef{Name: cd.Colname, Type: t, NotNull: cd.IsNotNull}
	if cd.CollClause != nil {
		if col.Collation, err = columnCollation(cd.CollClause, t, a); err != nil {
			return col, err
		}
	}
	for _, cn := range cd.Constraints {
		c := cn.GetConstraint()
		switch c.Contype {
		case pg_query.ConstrType_CONSTR_NOTNULL:
			col.NotNull = true
		case pg_query.ConstrType_CONSTR_NULL:
		case pg_query.ConstrType_CONSTR_DEFAULT:
			if col.Default != "" {
				return col, pgerror.Newf(pgerror.SyntaxError, "multiple default values specified for column \"%s\" of table \"%s\"", cd.Colname, table).WithPosition(a.pos(c.Location))
			}
			if col.Default, err = a.defaultText(c.RawExpr, cd.Colname, t); err != nil {
				return col, err
			}
		default:
			return col, pgerror.Unsupported("ADD COLUMN with a %s constraint is not supported yet", strings.TrimPrefix(c.Contype.String(), "CONSTR_"))
		}
	}
	return col, nil
}

func (a *analyzer) renameStmt(s *pg_query.RenameStmt) (nodes.Stmt, error) {
	if s.RelationType != pg_query.ObjectType_OBJECT_TABLE && s.RenameType != pg_query.ObjectType_OBJECT_TABLE {
		return nil, pgerror.Unsupported("ALTER %s ... RENAME is not supported", strings.TrimPrefix(s.RenameType.String(), "OBJECT_"))
	}
	out := &nodes.AlterTableStmt{Schema: s.Relation.Schemaname, Name: s.Relation.Relname, MissingOk: s.MissingOk}
	switch s.RenameType {
	case pg_query.ObjectType_OBJECT_TABLE:
		out.Cmds = []nodes.AlterTableCmd{{Kind: nodes.AlterRenameTable, NewName: s.Newname}}
	case pg_query.ObjectType_OBJECT_COLUMN:
		out.Cmds = []nodes.AlterTableCmd{{Kind: nodes.AlterRenameColumn, Column: s.Subname, NewName: s.Newname}}
	default:
		return nil, pgerror.Unsupported("ALTER TABLE ... RENAME of a %s is not supported", strings.ToLower(strings.TrimPrefix(s.RenameType.String(), "OBJECT_")))
	}
	return out, nil
}
