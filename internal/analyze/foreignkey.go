// foreignkey.go analyzes FOREIGN KEY constraints (PG: parse_utilcmd.c for
// their clauses) and names the foreign keys a data-modifying statement
// must verify once it ends (PG: the RI triggers AFTER INSERT, UPDATE and
// DELETE that CREATE TABLE attaches).

package analyze

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/loomdb/loomdb/internal/catalog"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

// relationsByOid is a Catalog that also finds relations by OID, which the
// foreign keys of a modified table need.
type relationsByOid interface {
	RelationByOid(oid types.Oid) (*catalog.Relation, error)
}

// foreignKeyDef analyzes a FOREIGN KEY or REFERENCES constraint; column
// is the column a column constraint belongs to ("" for a table
// constraint).
func (a *analyzer) foreignKeyDef(c *pg_query.Constraint, column string) (nodes.ForeignKeyDef, error) {
	def := nodes.ForeignKeyDef{Name: c.Conname, RefSchema: c.Pktable.Schemaname, RefTable: c.Pktable.Relname, Location: int(c.Location)}
	if c.Deferrable || c.Initdeferred {
		return def, pgerror.Unsupported("DEFERRABLE foreign keys are not supported yet").WithPosition(a.pos(c.Location))
	}
	if c.SkipValidation {
		return def, pgerror.Unsupported("NOT VALID foreign keys are not supported yet").WithPosition(a.pos(c.Location))
	}
	if len(c.FkDelSetCols) > 0 {
		return def, pgerror.Unsupported("column lists of ON DELETE SET NULL and SET DEFAULT are not supported yet").WithPosition(a.pos(c.Location))
	}
	if column != "" {
		def.Cols = []string{column}
	}
	for _, n := range c.FkAttrs {
		def.Cols = append(def.Cols, strVal(n))
	}
	for _, n := range c.PkAttrs {
		def.RefCols = append(def.RefCols, strVal(n))
	}
	switch c.FkMatchtype {
	case "", "s":
		def.Match = 's'
	case "f":
		def.Match = 'f'
	default:
		return def, pgerror.Unsupported("MATCH PARTIAL not yet implemented").WithPosition(a.pos(c.Location))
	}
	action := func(s string) byte {
		if s == "" {
			return 'a'
		}
		return s[0]
	}
	def.UpdAction, def.DelAction = action(c.FkUpdAction), action(c.FkDelAction)
	return def, nil
}

// riKeys returns the foreign keys whose keys the rows of an INSERT,
// UPDATE or DELETE on rel carry.
func (a *analyzer) riKeys(rel *catalog.Relation, cmd nodes.CmdType) ([]nodes.RIKey, error) {
	if len(rel.ForeignKeys) == 0 && len(rel.ReferencedBy) == 0 {
		return nil, nil
	}
	cat, ok := a.env.Catalog.(relationsByOid)
	if !ok {
		return nil, pgerror.Internal("the catalog cannot look up foreign keys")
	}
	var out []nodes.RIKey
	describe := func(fk catalog.ForeignKey) (*nodes.ForeignKey, error) {
		child, err := cat.RelationByOid(fk.Rel)
		if err != nil {
			return nil, err
		}
		parent, err := cat.RelationByOid(fk.RefRel)
		if err != nil {
			return nil, err
		}
		d := &nodes.ForeignKey{Name: fk.Name, Schema: child.NamespaceName, Table: child.Name, RefSchema: parent.NamespaceName, RefTable: parent.Name,
			Match: fk.Match, UpdAction: fk.UpdAction, DelAction: fk.DelAction}
		for i := range fk.Cols {
			d.Cols = append(d.Cols, child.Columns[fk.Cols[i]-1].Name)
			d.RefCols = append(d.RefCols, parent.Columns[fk.RefCols[i]-1].Name)
		}
		return d, nil
	}
	if cmd != nodes.CmdDelete {
		for _, fk := range rel.ForeignKeys {
			d, err := describe(fk)
			if err != nil {
				return nil, err
			}
			out = append(out, nodes.RIKey{FK: d, AttNums: zeroBased(fk.Cols), Types: columnTypes(rel, fk.Cols)})
		}
	}
	if cmd != nodes.CmdInsert {
		for _, fk := range rel.ReferencedBy {
			d, err := describe(fk)
			if err != nil {
				return nil, err
			}
			out = append(out, nodes.RIKey{FK: d, Referenced: true, AttNums: zeroBased(fk.RefCols), Types: columnTypes(rel, fk.RefCols)})
		}
	}
	return out, nil
}

func columnTypes(rel *catalog.Relation, attnums []int) []types.T {
	out := make([]types.T, len(attnums))
	for i, n := range attnums {
		out[i] = rel.Columns[n-1].Type
	}
	return out
}

func zeroBased(attnums []int) []int {
	out := make([]int, len(attnums))
	for i, n := range attnums {
		out[i] = n - 1
	}
	return out
}

// RIKeys returns the foreign keys whose keys rows inserted into (cmd
// CmdInsert), updated in or deleted from rel carry, for statements the
// session runs without analysis (COPY FROM).
func RIKeys(rel *catalog.Relation, env *Env, cmd nodes.CmdType) ([]nodes.RIKey, error) {
	return (&analyzer{env: env}).riKeys(rel, cmd)
}
