// altertable.go runs ALTER TABLE: each subcommand changes the catalogs in
// turn, within the statement's transaction; ADD COLUMN with a default and
// SET NOT NULL also visit the table's rows (PG: commands/tablecmds.c).

package session

import (
	"context"
	"slices"
	"strconv"

	"github.com/loomdb/loomdb/internal/catalog"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
)

func (s *Session) alterTable(ctx context.Context, st *nodes.AlterTableStmt, p *Portal) error {
	tx := s.startTxn()
	rel, err := s.eng.cat.LookupRelation(tx, tx.StatementSnapshot(), st.Schema, st.Name, s.searchPath())
	if err != nil {
		if pgerror.CodeOf(err) == pgerror.UndefinedTable && st.MissingOk {
			return s.notice(p, pgerror.Newf(pgerror.SuccessfulCompletion, "relation \"%s\" does not exist, skipping", st.Name))
		}
		return err
	}
	if rel.Namespace == catalog.PgCatalogNamespace {
		return pgerror.Newf(pgerror.InsufficientPrivilege, "permission denied: \"%s\" is a system catalog", rel.Name)
	}
	if rel.Kind != 'r' && !(rel.Kind == 'v' && st.Cmds[0].Kind == nodes.AlterRenameTable) {
		return pgerror.Newf(pgerror.WrongObjectType, "\"%s\" is not a table", rel.Name)
	}
	if err := s.requireOwner(tx.CatalogSnapshot(), rel); err != nil {
		return err
	}
	if st.Rewrite != nil {
		if err := s.alterColumnTypes(ctx, rel, st); err != nil {
			return err
		}
		tx.CommandCounterIncrement()
		s.didDDL = true
		return nil
	}
	qualified := quoteIdent(rel.NamespaceName) + "." + quoteIdent(rel.Name)
	for _, cmd := range st.Cmds {
		snap := tx.StatementSnapshot()
		if rel, err = s.eng.cat.RelationByOid(tx, snap, rel.Oid); err != nil {
			return err
		}
		ci := rel.ColumnByName(cmd.Column)
		noColumn := pgerror.Newf(pgerror.UndefinedColumn, "column \"%s\" of relation \"%s\" does not exist", cmd.Column, rel.Name)
		needColumn := cmd.Kind != nodes.AlterAddColumn && cmd.Kind != nodes.AlterSetOptions && cmd.Kind != nodes.AlterResetOptions &&
			cmd.Kind != nodes.AlterRenameTable && cmd.Kind != nodes.AlterAddCheck && cmd.Kind != nodes.AlterAddForeignKey
		if needColumn && ci < 0 {
			if cmd.Kind == nodes.AlterDropColumn && cmd.MissingOk {
				if err := s.notice(p, pgerror.Newf(pgerror.SuccessfulCompletion, "column \"%s\" of relation \"%s\" does not exist, skipping", cmd.Column, rel.Name)); err != nil {
					return err
				}
				continue
			}
			return noColumn
		}
		switch cmd.Kind {
		case nodes.AlterAddColumn:
			if ci >= 0 {
				e := pgerror.Newf(pgerror.DuplicateColumn, "column \"%s\" of relation \"%s\" already exists", cmd.Column, rel.Name)
				if cmd.IfNotExists {
					e.Message += ", skipping"
					if err := s.notice(p, e); err != nil {
						return err
					}
					continue
				}
				return e
			}
			if err = s.eng.cat.AddColumn(ctx, tx, snap, rel, cmd.Def); err != nil {
				return err
			}
			tx.CommandCounterIncrement()
			if cmd.Def.Default != "" {
				// Existing rows take the default, as a table rewrite would
				// give them.
				_, err = s.runInternalSQL(ctx, "UPDATE "+qualified+" SET "+quoteIdent(cmd.Column)+" = DEFAULT", nil)
			} else if cmd.Def.NotNull {
				err = s.checkNoNulls(ctx, qualified, cmd.Column, rel.Name)
			}
		case nodes.AlterDropColumn:
			// The views reading the column go with it, or stop it.
			plan, perr := s.planDrop([]*catalog.Relation{rel}, ci+1, cmd.Cascade, p)
			if perr != nil {
				return perr
			}
			if perr = s.dropPlannedViews(ctx, plan); perr != nil {
				return perr
			}
			if names := rel.ChecksReading(ci + 1); len(names) > 0 {
				return pgerror.Unsupported("dropping column \"%s\", which check constraint \"%s\" reads, is not supported yet", cmd.Column, names[0])
			}
			for _, fk := range rel.ReferencedBy {
				if slices.Contains(fk.RefCols, ci+1) {
					return pgerror.Unsupported("dropping column \"%s\", which foreign key constraint \"%s\" references, is not supported yet", cmd.Column, fk.Name)
				}
			}
			for _, fk := range rel.ForeignKeys {
				// The constraint goes with its referencing column.
				if slices.Contains(fk.Cols, ci+1) {
					if err := s.eng.cat.DropForeignKey(ctx, tx, snap, fk.Oid); err != nil {
						return err
					}
				}
			}
			err = s.eng.cat.DropColumn(ctx, tx, snap, rel, ci+1)
		case nodes.AlterSetDefault:
			if rel.Columns[ci].Identity != 0 {
				return pgerror.Newf(pgerror.SyntaxError, "column \"%s\" of relation \"%s\" is an identity column", cmd.Column, rel.Name).
					WithHint("Use ALTER TABLE ... ALTER COLUMN ... DROP IDENTITY instead.")
			}
			err = s.eng.cat.SetColumnDefault(ctx, tx, snap, rel, ci+1, cmd.Default)
		case nodes.AlterSetNotNull:
			if !rel.Columns[ci].NotNull {
				if err = s.checkNoNulls(ctx, qualified, cmd.Column, rel.Name); err == nil {
					err = s.eng.cat.SetColumnNotNull(ctx, tx, snap, rel, ci+1, true)
				}
			}
		case nodes.AlterDropNotNull:
			if rel.Columns[ci].Identity != 0 {
				return pgerror.Newf(pgerror.SyntaxError, "column \"%s\" of relation \"%s\" is an identity column", cmd.Column, rel.Name)
			}
			if slices.ContainsFunc(rel.Indexes, func(in *catalog.IndexInfo) bool {
				return in.Primary && slices.ContainsFunc(in.Keys, func(k catalog.IndexKey) bool { return k.AttNum == ci+1 })
			}) {
				return pgerror.Newf(pgerror.InvalidTableDefinition, "column \"%s\" is in a primary key", cmd.Column)
			}
			err = s.eng.cat.SetColumnNotNull(ctx, tx, snap, rel, ci+1, false)
		case nodes.AlterSetOptions, nodes.AlterResetOptions:
			opts, oerr := relOptions(rel.Options, cmd.Options, cmd.Kind == nodes.AlterResetOptions)
			if oerr != nil {
				return oerr
			}
			err = s.eng.cat.SetRelOptions(ctx, tx, snap, rel, opts)
		case nodes.AlterRenameColumn:
			if rel.ColumnByName(cmd.NewName) >= 0 {
				return pgerror.Newf(pgerror.DuplicateColumn, "column \"%s\" of relation \"%s\" already exists", cmd.NewName, rel.Name)
			}
			if names := rel.ChecksReading(ci + 1); len(names) > 0 {
				return pgerror.Unsupported("renaming column \"%s\", which check constraint \"%s\" reads, is not supported yet", cmd.Column, names[0])
			}
			if err = s.renameInViews(ctx, rel, ci+1, cmd.Column, cmd.NewName); err != nil {
				return err
			}
			err = s.eng.cat.RenameColumn(ctx, tx, snap, rel, ci+1, cmd.NewName)
		case nodes.AlterAddCheck:
			violated, qerr := s.checkViolated(ctx, qualified, cmd.Check.Expr)
			if qerr != nil {
				return qerr
			}
			if violated {
				name := cmd.Check.Name
				if name == "" {
					if name, err = s.eng.cat.ChooseConstraintName(snap, rel.Namespace, rel.Name, cmd.Check.Cols, "check", nil); err != nil {
						return err
					}
				}
				return pgerror.Newf(pgerror.CheckViolation, "check constraint \"%s\" of relation \"%s\" is violated by some row", name, rel.Name)
			}
			err = s.addChecks(ctx, rel, []nodes.CheckDef{cmd.Check})
		case nodes.AlterAddForeignKey:
			err = s.addForeignKey(ctx, rel, *cmd.ForeignKey, true)
		case nodes.AlterRenameTable:
			if err = s.renameInViews(ctx, rel, 0, rel.Name, cmd.NewName); err != nil {
				return err
			}
			err = s.eng.cat.RenameRelation(ctx, tx, snap, rel, cmd.NewName)
			qualified = quoteIdent(rel.NamespaceName) + "." + quoteIdent(cmd.NewName)
		}
		if err != nil {
			return err
		}
		tx.CommandCounterIncrement()
	}
	s.didDDL = true
	return nil
}

// addChecks names the unnamed CHECK constraints and records them for rel.
func (s *Session) addChecks(ctx context.Context, rel *catalog.Relation, checks []nodes.CheckDef) error {
	tx := s.startTxn()
	snap := tx.StatementSnapshot()
	var taken []string
	for _, ck := range rel.Checks {
		taken = append(taken, ck.Name)
	}
	out := slices.Clone(checks)
	for i := range out {
		if out[i].Name == "" {
			continue
		}
		if slices.Contains(taken, out[i].Name) {
			return pgerror.Newf(pgerror.DuplicateObject, "constraint \"%s\" for relation \"%s\" already exists", out[i].Name, rel.Name)
		}
		taken = append(taken, out[i].Name)
	}
	for i := range out {
		if out[i].Name != "" {
			continue
		}
		name, err := s.eng.cat.ChooseConstraintName(snap, rel.Namespace, rel.Name, out[i].Cols, "check", taken)
		if err != nil {
			return err
		}
		out[i].Name = name
		taken = append(taken, name)
	}
	if err := s.eng.cat.AddCheckConstraints(ctx, tx, snap, rel, out); err != nil {
		return err
	}
	tx.CommandCounterIncrement()
	return nil
}

// checkViolated reports whether a row of the table (qualified) fails the
// CHECK condition expr.
func (s *Session) checkViolated(ctx context.Context, qualified, expr string) (bool, error) {
	n, err := s.runInternalSQL(ctx, "SELECT FROM "+qualified+" WHERE NOT ("+expr+") LIMIT 1", nil)
	return n > 0, err
}

// checkNoNulls fails when column col of the table has a NULL.
func (s *Session) checkNoNulls(ctx context.Context, qualified, col, relName string) error {
	n, err := s.runInternalSQL(ctx, "SELECT FROM "+qualified+" WHERE "+quoteIdent(col)+" IS NULL LIMIT 1", nil)
	if err != nil {
		return err
	}
	if n > 0 {
		return pgerror.Newf(pgerror.NotNullViolation, "column \"%s\" of relation \"%s\" contains null values", col, relName)
	}
	return nil
}

// relOptions merges SET (or RESET) storage parameters into the table's,
// checking them as PostgreSQL does (PG: access/common/reloptions.c).
func relOptions(old, change [][2]string, reset bool) ([][2]string, error) {
	out := slices.Clone(old)
	for _, c := range change {
		name, value := c[0], c[1]
		out = slices.DeleteFunc(out, func(o [2]string) bool { return o[0] == name })
		if reset {
			continue
		}
		intRange := func(lo, hi int) error {
			n, err := strconv.Atoi(value)
			if err != nil {
				return pgerror.Newf(pgerror.InvalidParameterValue, "invalid value for integer option \"%s\": %s", name, value)
			}
			if n < lo || n > hi {
				return pgerror.Newf(pgerror.InvalidParameterValue, "value %s out of bounds for option \"%s\"", value, name).
					WithDetail("Valid values are between \"%d\" and \"%d\".", lo, hi)
			}
			return nil
		}
		var err error
		switch name {
		case "fillfactor":
			err = intRange(10, 100)
		case "parallel_workers":
			err = intRange(0, 1024)
		case "autovacuum_enabled":
			if _, ok := map[string]bool{"true": true, "false": true, "on": true, "off": true}[value]; !ok {
				err = pgerror.Newf(pgerror.InvalidParameterValue, "invalid value for boolean option \"%s\": %s", name, value)
			}
		default:
			err = pgerror.Newf(pgerror.InvalidParameterValue, "unrecognized parameter \"%s\"", name)
		}
		if err != nil {
			return nil, err
		}
		if value == "" {
			value = "true"
		}
		out = append(out, [2]string{name, value})
	}
	return out, nil
}
