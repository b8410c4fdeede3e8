// viewrename.go rewrites the definitions of the views that read a
// relation or column being renamed, so that they go on reading it (PG
// keeps a view's analyzed query, which refers to relations by OID and
// columns by number; loomdb keeps SQL text).

package analyze

import (
	"slices"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/loomdb/loomdb/internal/catalog"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/parser"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

// viewRename is a rename being carried into a view's definition: of
// relation rel, or with attnum not 0 of its column attnum, from oldName;
// and the references to it the definition's analysis found.
type viewRename struct {
	rel       types.Oid
	attnum    int
	oldName   string
	rangeVars []*pg_query.RangeVar
	colRefs   []*pg_query.ColumnRef
}

// noteRangeVar records rv, which names relation rel, while a view's
// definition is rewritten for a rename of rel.
func (a *analyzer) noteRangeVar(rv *pg_query.RangeVar, rel *catalog.Relation) {
	if r := a.env.renaming; r != nil && r.attnum == 0 && rel.Oid == r.rel {
		r.rangeVars = append(r.rangeVars, rv)
	}
}

// noteColumnRef records cr, which e (its analysis) shows reads the column
// being renamed, while a view's definition is rewritten for the rename.
// A reference through a column alias names the column by the alias and
// needs no change.
func (a *analyzer) noteColumnRef(cr *pg_query.ColumnRef, e nodes.Expr, sc *scope) {
	r := a.env.renaming
	if r == nil || r.attnum == 0 || sc == nil || sc.q == nil {
		return
	}
	v, ok := e.(*nodes.Var)
	if !ok || v.VarNo < 1 || v.AttNo != r.attnum || strVal(cr.Fields[len(cr.Fields)-1]) != r.oldName {
		return
	}
	q := sc.q
	c := a
	for k := 0; k < v.LevelsUp; k++ {
		if c == nil || c.parentQuery == nil {
			return
		}
		q, c = c.parentQuery, c.parent
	}
	if v.VarNo > len(q.RangeTable) {
		return
	}
	if rte := q.RangeTable[v.VarNo-1]; rte.Kind == nodes.RTERelation && rte.RelOid == r.rel {
		r.colRefs = append(r.colRefs, cr)
	}
}

// RenameInViewDefinition returns the definition of view rewritten for
// relation rel (attnum 0) or its column attnum being renamed from oldName
// to newName: the references to the relation keep its old name as their
// alias, those to the column its old name as their output name.
func RenameInViewDefinition(env *Env, view *catalog.Relation, rel types.Oid, attnum int, oldName, newName string) (string, error) {
	raws, err := parser.Parse(view.ViewDef)
	if err != nil || len(raws) != 1 || raws[0].Node.GetSelectStmt() == nil {
		return "", pgerror.Internal("view \"%s\" has an unreadable definition", view.Name)
	}
	r := &viewRename{rel: rel, attnum: attnum, oldName: oldName}
	env.renaming = r
	_, err = (&analyzer{env: env, sql: raws[0].Full, offset: raws[0].Offset}).selectStmt(raws[0].Node.GetSelectStmt())
	env.renaming = nil
	if err != nil {
		return "", err
	}
	if attnum == 0 {
		for _, rv := range r.rangeVars {
			if rv.Alias == nil {
				rv.Alias = &pg_query.Alias{Aliasname: rv.Relname}
			}
			rv.Relname = newName
		}
	} else {
		var refused error
		walkParseTree(raws[0].Node, func(m protoreflect.Message) {
			switch x := m.Interface().(type) {
			case *pg_query.JoinExpr:
				using := slices.ContainsFunc(x.UsingClause, func(n *pg_query.Node) bool { return strVal(n) == oldName })
				if (x.IsNatural || using) && refused == nil {
					refused = pgerror.Unsupported("renaming column \"%s\", which view \"%s\" joins on, is not supported yet", oldName, view.Name)
				}
			case *pg_query.SelectStmt:
				// Output columns keep their names.
				for _, it := range x.TargetList {
					if rt := it.GetResTarget(); rt != nil && rt.Name == "" && slices.Contains(r.colRefs, rt.Val.GetColumnRef()) {
						rt.Name = oldName
					}
				}
			}
		})
		if refused != nil {
			return "", refused
		}
		for _, cr := range r.colRefs {
			cr.Fields[len(cr.Fields)-1] = pg_query.MakeStrNode(newName)
		}
	}
	def, err := pg_query.Deparse(&pg_query.ParseResult{Version: parseTreeVersion(), Stmts: []*pg_query.RawStmt{{Stmt: raws[0].Node}}})
	if err != nil {
		return "", pgerror.Internal("deparsing the view query: %v", err)
	}
	return def, nil
}

// walkParseTree calls fn on every message of the parse tree n.
func walkParseTree(n *pg_query.Node, fn func(protoreflect.Message)) {
	var walk func(m protoreflect.Message)
	walk = func(m protoreflect.Message) {
		fn(m)
		m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
			switch {
			case fd.IsList() && fd.Message() != nil:
				for i := 0; i < v.List().Len(); i++ {
					walk(v.List().Get(i).Message())
				}
			case fd.Message() != nil && !fd.IsMap():
				walk(v.Message())
			}
			return true
		})
	}
	walk(n.ProtoReflect())
}
