// depend.go finds what a DROP TABLE, DROP VIEW, DROP SEQUENCE or ALTER
// TABLE ... DROP COLUMN takes with it, or is refused for: the views whose
// definitions read a dropped relation or column (and the views reading
// those), and the foreign keys of other tables referencing a dropped
// table. Without CASCADE such objects make the statement fail; with it a
// notice lists them and they go too (PG: catalog/dependency.c's
// findDependentObjects and reportDependentObjects).

package session

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/loomdb/loomdb/internal/analyze"
	"github.com/loomdb/loomdb/internal/catalog"
	"github.com/loomdb/loomdb/internal/funcs"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

// maxReportedDeps is how many dependent objects an error or notice lists
// (PG: MAX_REPORTED_DEPS).
const maxReportedDeps = 100

// depObject is an object a drop reaches: a relation (or a column of one)
// or a foreign-key constraint.
type depObject struct {
	rel    types.Oid // the relation, or the constraint's table
	attnum int       // a column of rel; 0 for the whole relation
	fk     *catalog.ForeignKey
	// sortOid orders the dependents of an object: their OIDs descending,
	// a view's being its rule's (PG: object_address_comparator).
	sortOid types.Oid
	desc    string
	// dependee describes the object it was reached from.
	dependee string
}

func (o *depObject) key() string {
	if o.fk != nil {
		return fmt.Sprintf("c%d", o.fk.Oid)
	}
	return fmt.Sprintf("r%d.%d", o.rel, o.attnum)
}

// dropPlan is what a drop removes: its objects in the order they go (each
// after the objects depending on it), and which the statement named.
type dropPlan struct {
	objects  []*depObject
	original map[string]bool
}

// relations returns the relations the plan drops, in order.
func (d *dropPlan) relations() []types.Oid {
	var out []types.Oid
	for _, o := range d.objects {
		if o.fk == nil && o.attnum == 0 {
			out = append(out, o.rel)
		}
	}
	return out
}

// planDrop finds the objects dropping rels (or, with attnum not 0, column
// attnum of the single relation in rels) reaches. Without cascade it fails
// when any lies outside what the statement names; with it a notice lists
// them.
func (s *Session) planDrop(rels []*catalog.Relation, attnum int, cascade bool, p *Portal) (*dropPlan, error) {
	tx := s.startTxn()
	snap := tx.StatementSnapshot()
	plan := &dropPlan{original: map[string]bool{}}
	names := map[types.Oid]string{}
	describe := func(oid types.Oid) (string, error) {
		if d, ok := names[oid]; ok {
			return d, nil
		}
		rel, err := s.eng.cat.RelationByOid(tx, snap, oid)
		if err != nil {
			return "", err
		}
		d := s.relationDescription(rel)
		names[oid] = d
		return d, nil
	}
	var origs []*depObject
	for _, rel := range rels {
		o := &depObject{rel: rel.Oid, attnum: attnum}
		d, err := describe(rel.Oid)
		if err != nil {
			return nil, err
		}
		o.desc = d
		if attnum != 0 {
			o.desc = fmt.Sprintf("column %s of %s", rel.Columns[attnum-1].Name, d)
		}
		plan.original[o.key()] = true
		origs = append(origs, o)
	}
	droppedTables := map[types.Oid]bool{}
	if attnum == 0 {
		for _, rel := range rels {
			droppedTables[rel.Oid] = true
		}
	}
	visited := map[string]bool{}
	var visit func(o *depObject) error
	visit = func(o *depObject) error {
		if visited[o.key()] {
			return nil
		}
		visited[o.key()] = true
		if o.fk == nil {
			var deps []*depObject
			views, err := s.eng.cat.ViewsReading(snap, o.rel, o.attnum)
			if err != nil {
				return err
			}
			for _, v := range views {
				if v.View == o.rel {
					continue // a view reading itself
				}
				d, err := describe(v.View)
				if err != nil {
					return err
				}
				deps = append(deps, &depObject{rel: v.View, sortOid: v.Rule, desc: d, dependee: o.desc})
			}
			if o.attnum == 0 {
				rel, err := s.eng.cat.RelationByOid(tx, snap, o.rel)
				if err != nil {
					return err
				}
				for i := range rel.ReferencedBy {
					fk := &rel.ReferencedBy[i]
					if fk.Rel == rel.Oid || droppedTables[fk.Rel] {
						continue // goes with its own table
					}
					d, err := describe(fk.Rel)
					if err != nil {
						return err
					}
					deps = append(deps, &depObject{rel: fk.Rel, fk: fk, sortOid: fk.Oid, desc: fmt.Sprintf("constraint %s on %s", fk.Name, d), dependee: o.desc})
				}
			}
			slices.SortStableFunc(deps, func(a, b *depObject) int {
				switch {
				case a.sortOid > b.sortOid:
					return -1
				case a.sortOid < b.sortOid:
					return 1
				}
				return 0
			})
			for _, d := range deps {
				if err := visit(d); err != nil {
					return err
				}
			}
		}
		plan.objects = append(plan.objects, o)
		return nil
	}
	for _, o := range origs {
		if err := visit(o); err != nil {
			return nil, err
		}
	}
	// Report in dependency order: the reverse of the drop order.
	var lines []string
	for i := len(plan.objects) - 1; i >= 0; i-- {
		o := plan.objects[i]
		if plan.original[o.key()] {
			continue
		}
		if cascade {
			lines = append(lines, "drop cascades to "+o.desc)
		} else {
			lines = append(lines, o.desc+" depends on "+o.dependee)
		}
	}
	if len(lines) == 0 {
		return plan, nil
	}
	detail := strings.Join(lines[:min(len(lines), maxReportedDeps)], "\n")
	if n := len(lines) - maxReportedDeps; n == 1 {
		detail += "\nand 1 other object (see server log for list)"
	} else if n > 1 {
		detail += fmt.Sprintf("\nand %d other objects (see server log for list)", n)
	}
	if !cascade {
		e := pgerror.New(pgerror.DependentObjectsStillExist, "cannot drop desired object(s) because other objects depend on them")
		if len(origs) == 1 {
			e = pgerror.Newf(pgerror.DependentObjectsStillExist, "cannot drop %s because other objects depend on it", origs[0].desc)
		}
		return nil, e.WithDetail("%s", detail).WithHint("Use DROP ... CASCADE to drop the dependent objects too.")
	}
	if len(lines) == 1 {
		return plan, s.notice(p, pgerror.New(pgerror.SuccessfulCompletion, lines[0]))
	}
	return plan, s.notice(p, pgerror.Newf(pgerror.SuccessfulCompletion, "drop cascades to %d other objects", len(lines)).WithDetail("%s", detail))
}

// relationDescription names a relation as PostgreSQL's error messages
// do: "table t", "view v", "sequence s", schema-qualified when the search
// path does not find it by its name alone (PG: getRelationDescription).
func (s *Session) relationDescription(rel *catalog.Relation) string {
	name := funcs.QuoteIdentifier(rel.Name)
	tx := s.startTxn()
	if found, err := s.eng.cat.LookupRelation(tx, tx.StatementSnapshot(), "", rel.Name, s.searchPath()); err != nil || found.Oid != rel.Oid {
		name = funcs.QuoteIdentifier(rel.NamespaceName) + "." + name
	}
	switch rel.Kind {
	case 'v':
		return "view " + name
	case 'S':
		return "sequence " + name
	case 'i':
		return "index " + name
	}
	return "table " + name
}

// dropPlannedViews drops the views of a plan, which dropping a column
// takes with it.
func (s *Session) dropPlannedViews(ctx context.Context, plan *dropPlan) error {
	tx := s.startTxn()
	for _, oid := range plan.relations() {
		snap := tx.StatementSnapshot()
		rel, err := s.eng.cat.RelationByOid(tx, snap, oid)
		if err != nil {
			return err
		}
		if rel.Kind != 'v' {
			continue
		}
		if err := s.eng.cat.DropTable(ctx, tx, snap, rel); err != nil {
			return err
		}
		tx.CommandCounterIncrement()
	}
	return nil
}

// renameInViews rewrites the definitions of the views that read relation
// rel (attnum 0) or its column attnum, which is being renamed from oldName
// to newName, so that they go on reading it.
func (s *Session) renameInViews(ctx context.Context, rel *catalog.Relation, attnum int, oldName, newName string) error {
	tx := s.startTxn()
	snap := tx.StatementSnapshot()
	deps, err := s.eng.cat.ViewsReading(snap, rel.Oid, attnum)
	if err != nil || len(deps) == 0 {
		return err
	}
	for _, d := range deps {
		if d.View == rel.Oid {
			continue // a view's rule depends on the view itself too
		}
		view, err := s.eng.cat.RelationByOid(tx, snap, d.View)
		if err != nil {
			return err
		}
		def, err := analyze.RenameInViewDefinition(s.analyzeEnv(tx), view, rel.Oid, attnum, oldName, newName)
		if pgerror.CodeOf(err) == pgerror.InvalidObjectDefinition {
			continue // a view that reads itself cannot be read anyway
		}
		if err != nil {
			return err
		}
		if err := s.eng.cat.SetViewDefinition(ctx, tx, snap, view.Oid, def); err != nil {
			return err
		}
	}
	tx.CommandCounterIncrement()
	return nil
}
