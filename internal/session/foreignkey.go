// foreignkey.go enforces FOREIGN KEY constraints (PG: ri_triggers.c and
// tablecmds.c's foreign-key parts). A data-modifying statement records
// the foreign-key keys of the rows it changes (executor.RIEvent); once it
// ends, and its changes are visible, each event is checked in order, as
// PostgreSQL's RI triggers fire at the end of the statement:
//
//   - a new or changed referencing key must be present in the referenced
//     table (unless it has a NULL: MATCH SIMPLE; MATCH FULL rejects a key
//     that is only partly NULL);
//   - a removed or changed referenced key must not be referenced any
//     more, for NO ACTION (unless a row with the same key is still there)
//     and RESTRICT; CASCADE deletes the referencing rows or updates their
//     keys, SET NULL and SET DEFAULT set their key columns.
//
// Each check or action is an SQL statement over the two tables, whose own
// changes are checked in turn when it ends. The checks take no row locks.

package session

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/loomdb/loomdb/internal/analyze"
	"github.com/loomdb/loomdb/internal/catalog"
	"github.com/loomdb/loomdb/internal/executor"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/parser"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

// fireRIEvents runs the foreign-key checks and actions of a statement's
// events; the statement's changes are visible already.
func (s *Session) fireRIEvents(ctx context.Context, events []executor.RIEvent) error {
	if s.skipRI || len(events) == 0 {
		return nil
	}
	checked := map[string]bool{}
	for _, ev := range events {
		fk := ev.Key.FK
		switch {
		case !ev.Key.Referenced:
			if slices.Contains(ev.New, nil) {
				if fk.Match == 'f' && slices.ContainsFunc(ev.New, func(d types.Datum) bool { return d != nil }) {
					return pgerror.Newf(pgerror.ForeignKeyViolation, "insert or update on table \"%s\" violates foreign key constraint \"%s\"", fk.Table, fk.Name).
						WithDetail("MATCH FULL does not allow mixing of null and nonnull key values.")
				}
				continue
			}
			id := fk.Name + "\x00" + fmt.Sprint(ev.New...)
			if checked[id] {
				continue
			}
			checked[id] = true
			n, err := s.runInternalSQL(ctx, riSelect(fk.RefSchema, fk.RefTable, fk.RefCols, ev.Key.Types), ev.New)
			if err != nil {
				return err
			}
			if n == 0 {
				return pgerror.Newf(pgerror.ForeignKeyViolation, "insert or update on table \"%s\" violates foreign key constraint \"%s\"", fk.Table, fk.Name).
					WithDetail("Key (%s)=(%s) is not present in table \"%s\".", strings.Join(fk.Cols, ", "), keyText(ev.Key.Types, ev.New), fk.RefTable)
			}
		default:
			if slices.Contains(ev.Old, nil) {
				// No referencing row can match a key with a NULL.
				continue
			}
			if err := s.riReferencedChange(ctx, ev); err != nil {
				return err
			}
		}
	}
	return nil
}

// riReferencedChange applies the foreign key's action to the rows
// referencing a removed (ev.New nil) or changed referenced key.
func (s *Session) riReferencedChange(ctx context.Context, ev executor.RIEvent) error {
	fk := ev.Key.FK
	action := fk.DelAction
	if ev.New != nil {
		action = fk.UpdAction
	}
	child := quoteIdent(fk.Schema) + "." + quoteIdent(fk.Table)
	where := riWhere(fk.Cols, ev.Key.Types, 0)
	switch action {
	case 'a', 'r':
		if action == 'a' {
			// NO ACTION: another row may carry the key now.
			n, err := s.runInternalSQL(ctx, riSelect(fk.RefSchema, fk.RefTable, fk.RefCols, ev.Key.Types), ev.Old)
			if err != nil || n > 0 {
				return err
			}
		}
		n, err := s.runInternalSQL(ctx, "SELECT 1 FROM "+child+" x WHERE "+where+" LIMIT 1", ev.Old)
		if err != nil {
			return err
		}
		if n > 0 {
			return pgerror.Newf(pgerror.ForeignKeyViolation, "update or delete on table \"%s\" violates foreign key constraint \"%s\" on table \"%s\"", fk.RefTable, fk.Name, fk.Table).
				WithDetail("Key (%s)=(%s) is still referenced from table \"%s\".", strings.Join(fk.RefCols, ", "), keyText(ev.Key.Types, ev.Old), fk.Table)
		}
		return nil
	case 'c':
		if ev.New == nil {
			_, err := s.runInternalSQL(ctx, "DELETE FROM "+child+" x WHERE "+where, ev.Old)
			return err
		}
		sets := make([]string, len(fk.Cols))
		for i, c := range fk.Cols {
			sets[i] = fmt.Sprintf("%s = $%d::%s", quoteIdent(c), len(fk.Cols)+i+1, types.FormatType(ev.Key.Types[i]))
		}
		_, err := s.runInternalSQL(ctx, "UPDATE "+child+" x SET "+strings.Join(sets, ", ")+" WHERE "+where, append(slices.Clone(ev.Old), ev.New...))
		return err
	case 'n', 'd':
		value := "NULL"
		if action == 'd' {
			value = "DEFAULT"
		}
		sets := make([]string, len(fk.Cols))
		for i, c := range fk.Cols {
			sets[i] = quoteIdent(c) + " = " + value
		}
		_, err := s.runInternalSQL(ctx, "UPDATE "+child+" x SET "+strings.Join(sets, ", ")+" WHERE "+where, ev.Old)
		return err
	}
	return pgerror.Internal("unrecognized foreign key action %q", action)
}

// riSelect is the query finding a row of a table whose columns cols equal
// $1..$n of types ts.
func riSelect(schema, table string, cols []string, ts []types.T) string {
	return "SELECT 1 FROM " + quoteIdent(schema) + "." + quoteIdent(table) + " x WHERE " + riWhere(cols, ts, 0) + " LIMIT 1"
}

// riWhere compares columns cols of x with parameters from $first+1.
func riWhere(cols []string, ts []types.T, first int) string {
	conds := make([]string, len(cols))
	for i, c := range cols {
		conds[i] = fmt.Sprintf("x.%s = $%d::%s", quoteIdent(c), first+i+1, types.FormatType(ts[i]))
	}
	return strings.Join(conds, " AND ")
}

// keyText writes a key's values as an error detail shows them.
func keyText(ts []types.T, key []types.Datum) string {
	parts := make([]string, len(key))
	for i, d := range key {
		if d == nil {
			parts[i] = "null"
			continue
		}
		parts[i] = types.Out(ts[i], d)
	}
	return strings.Join(parts, ", ")
}

// addForeignKey adds a FOREIGN KEY constraint to table rel (just created,
// or altered), after checking that the referenced columns have a unique
// index and comparable types and, for an existing table, that its rows
// satisfy it (PG: ATAddForeignKeyConstraint, validateForeignKeyConstraint).
func (s *Session) addForeignKey(ctx context.Context, rel *catalog.Relation, def nodes.ForeignKeyDef, validate bool) error {
	tx := s.startTxn()
	snap := tx.StatementSnapshot()
	var ref *catalog.Relation
	if def.RefSchema == "" && def.RefTable == rel.Name || def.RefSchema == rel.NamespaceName && def.RefTable == rel.Name {
		ref = rel
	} else {
		var err error
		if ref, err = s.eng.cat.LookupRelation(tx, snap, def.RefSchema, def.RefTable, s.searchPath()); err != nil {
			return err
		}
	}
	if ref.Kind != 'r' {
		return pgerror.Newf(pgerror.WrongObjectType, "referenced relation \"%s\" is not a table", ref.Name)
	}
	// Both tables need REFERENCES (PG: checkFkeyPermissions; the owner of
	// the referencing one has it).
	for _, r := range []*catalog.Relation{ref, rel} {
		if err := s.requireTablePrivileges(tx.CatalogSnapshot(), r.Oid, "x"); err != nil {
			return err
		}
	}
	fk := catalog.ForeignKey{Name: def.Name, Rel: rel.Oid, RefRel: ref.Oid, Match: def.Match, UpdAction: def.UpdAction, DelAction: def.DelAction}
	for _, c := range def.Cols {
		i := rel.ColumnByName(c)
		if i < 0 {
			return pgerror.Newf(pgerror.UndefinedColumn, "column \"%s\" referenced in foreign key constraint does not exist", c)
		}
		fk.Cols = append(fk.Cols, i+1)
	}
	var index *catalog.IndexInfo
	if len(def.RefCols) == 0 {
		for _, ix := range ref.Indexes {
			if ix.Primary {
				index = ix
			}
		}
		if index == nil {
			return pgerror.Newf(pgerror.InvalidForeignKey, "there is no primary key for referenced table \"%s\"", ref.Name)
		}
		for _, k := range index.Keys {
			fk.RefCols = append(fk.RefCols, k.AttNum)
		}
	} else {
		for _, c := range def.RefCols {
			i := ref.ColumnByName(c)
			if i < 0 {
				return pgerror.Newf(pgerror.UndefinedColumn, "column \"%s\" referenced in foreign key constraint does not exist", c)
			}
			fk.RefCols = append(fk.RefCols, i+1)
		}
	}
	if len(fk.Cols) != len(fk.RefCols) {
		return pgerror.New(pgerror.InvalidForeignKey, "number of referencing and referenced columns for foreign key disagree")
	}
	if index == nil {
		for _, ix := range ref.Indexes {
			if ix.Unique && ix.Predicate == "" && len(ix.Keys) == len(fk.RefCols) && !slices.ContainsFunc(ix.Keys, func(k catalog.IndexKey) bool { return !slices.Contains(fk.RefCols, k.AttNum) }) {
				index = ix
				break
			}
		}
		if index == nil {
			return pgerror.Newf(pgerror.InvalidForeignKey, "there is no unique constraint matching given keys for referenced table \"%s\"", ref.Name)
		}
	}
	fk.Index = index.Oid
	var colNames, refNames []string
	var ts []types.T
	for i := range fk.Cols {
		c, rc := rel.Columns[fk.Cols[i]-1], ref.Columns[fk.RefCols[i]-1]
		if !riComparable(c.Type, rc.Type) {
			return pgerror.Newf(pgerror.DatatypeMismatch, "foreign key constraint \"%s\" cannot be implemented", s.fkName(rel, def)).
				WithDetail("Key columns \"%s\" and \"%s\" are of incompatible types: %s and %s.", c.Name, rc.Name, types.FormatType(c.Type), types.FormatType(rc.Type))
		}
		colNames, refNames = append(colNames, c.Name), append(refNames, rc.Name)
		ts = append(ts, c.Type)
	}
	if fk.Name != "" && rel.HasConstraint(fk.Name) {
		return pgerror.Newf(pgerror.DuplicateObject, "constraint \"%s\" for relation \"%s\" already exists", fk.Name, rel.Name)
	}
	if fk.Name == "" {
		var err error
		if fk.Name, err = s.eng.cat.ChooseConstraintName(snap, rel.Namespace, rel.Name, []string{strings.Join(colNames, "_")}, "fkey", nil); err != nil {
			return err
		}
	}
	if validate {
		conds := make([]string, len(colNames))
		notNull := make([]string, len(colNames))
		sel := make([]string, len(colNames))
		for i := range colNames {
			conds[i] = "r." + quoteIdent(refNames[i]) + " = c." + quoteIdent(colNames[i])
			notNull[i] = "c." + quoteIdent(colNames[i]) + " IS NOT NULL"
			sel[i] = "c." + quoteIdent(colNames[i])
		}
		filter := strings.Join(notNull, " AND ")
		if def.Match == 'f' {
			// MATCH FULL: a key is all NULL or not NULL at all.
			filter = "(" + strings.Join(notNull, " OR ") + ")"
		}
		q := "SELECT " + strings.Join(sel, ", ") + " FROM " + quoteIdent(rel.NamespaceName) + "." + quoteIdent(rel.Name) + " c WHERE " + filter +
			" AND NOT EXISTS (SELECT 1 FROM " + quoteIdent(ref.NamespaceName) + "." + quoteIdent(ref.Name) + " r WHERE " + strings.Join(conds, " AND ") + ") LIMIT 1"
		rows, err := s.queryInternalSQL(ctx, q)
		if err != nil {
			return err
		}
		if len(rows) > 0 {
			vals := make([]string, len(rows[0]))
			for i, v := range rows[0] {
				if v == nil {
					vals[i] = "null"
				} else {
					vals[i] = *v
				}
			}
			e := pgerror.Newf(pgerror.ForeignKeyViolation, "insert or update on table \"%s\" violates foreign key constraint \"%s\"", rel.Name, fk.Name)
			if def.Match == 'f' && slices.Contains(rows[0], nil) {
				return e.WithDetail("MATCH FULL does not allow mixing of null and nonnull key values.")
			}
			return e.WithDetail("Key (%s)=(%s) is not present in table \"%s\".", strings.Join(colNames, ", "), strings.Join(vals, ", "), ref.Name)
		}
	}
	if err := s.eng.cat.AddForeignKey(ctx, tx, snap, rel.Namespace, fk); err != nil {
		return err
	}
	s.didDDL = true
	tx.CommandCounterIncrement()
	return nil
}

// fkName is the constraint's name for messages before it is chosen.
func (s *Session) fkName(rel *catalog.Relation, def nodes.ForeignKeyDef) string {
	if def.Name != "" {
		return def.Name
	}
	return rel.Name + "_" + strings.Join(def.Cols, "_") + "_fkey"
}

// riComparable reports whether a referencing column of type a may
// reference one of type b: the same type, or both of one category with
// an equality between them (integers, numbers, strings, datetimes).
func riComparable(a, b types.T) bool {
	if a.Oid == b.Oid {
		return true
	}
	cat := func(t types.T) string {
		switch t.Oid {
		case types.Int2Oid, types.Int4Oid, types.Int8Oid:
			return "int"
		case types.Float4Oid, types.Float8Oid:
			return "float"
		case types.TextOid, types.VarcharOid, types.BpcharOid, types.NameOid:
			return "string"
		case types.TimestampOid, types.TimestamptzOid, types.DateOid:
			return "datetime"
		}
		return ""
	}
	ca, cb := cat(a), cat(b)
	return ca != "" && ca == cb || ca == "int" && b.Oid == types.NumericOid || a.Oid == types.NumericOid && cb == "int"
}

// queryInternalSQL runs a query inside another statement and returns its
// rows as text (nil for NULL).
func (s *Session) queryInternalSQL(ctx context.Context, sql string) ([][]*string, error) {
	raws, err := parser.Parse(sql)
	if err != nil {
		return nil, err
	}
	env := s.analyzeEnv(s.startTxn())
	env.NoParams = true
	st, _, err := analyze.Analyze(raws[0], env)
	if err != nil {
		return nil, err
	}
	// The check runs with the table owner's rights, not the user's (PG:
	// ri_triggers.c switches to the owner), so it skips privilege checks.
	sub := &Portal{session: s, stmt: st, internal: true}
	defer sub.Close()
	c := &rowsClient{}
	if _, err := sub.Run(ctx, 0, c); err != nil {
		return nil, err
	}
	return c.rows, nil
}

// rowsClient keeps the rows of a statement run inside another.
type rowsClient struct {
	discardClient
	rows [][]*string
}

func (c *rowsClient) SendDataRow(vals [][]byte) error {
	row := make([]*string, len(vals))
	for i, v := range vals {
		if v != nil {
			s := string(v)
			row[i] = &s
		}
	}
	c.rows = append(c.rows, row)
	return nil
}

// truncateReferences extends the tables TRUNCATE empties with those
// referencing them, with CASCADE, or fails when a table outside the list
// references one in it (PG: heap_truncate_find_FKs, heap_truncate_check_FKs).
func (s *Session) truncateReferences(rels []*catalog.Relation, cascade bool, p *Portal) ([]*catalog.Relation, error) {
	tx := s.startTxn()
	in := func(oid types.Oid) bool {
		return slices.ContainsFunc(rels, func(r *catalog.Relation) bool { return r.Oid == oid })
	}
	for i := 0; i < len(rels); i++ {
		for _, fk := range rels[i].ReferencedBy {
			if in(fk.Rel) {
				continue
			}
			child, err := s.eng.cat.RelationByOid(tx, tx.StatementSnapshot(), fk.Rel)
			if err != nil {
				return nil, err
			}
			if !cascade {
				return nil, pgerror.New(pgerror.FeatureNotSupported, "cannot truncate a table referenced in a foreign key constraint").
					WithDetail("Table \"%s\" references \"%s\".", child.Name, rels[i].Name).
					WithHint("Truncate table \"%s\" at the same time, or use TRUNCATE ... CASCADE.", child.Name)
			}
			if err := s.notice(p, pgerror.Newf(pgerror.SuccessfulCompletion, "truncate cascades to table \"%s\"", child.Name)); err != nil {
				return nil, err
			}
			rels = append(rels, child)
		}
	}
	return rels, nil
}
