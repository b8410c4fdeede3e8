// equivclass.go groups the join search's equalities between columns of
// different relations into equivalence classes (PG: optimizer/path/
// equivclass.c, for classes of plain Vars): a = b and b = c make one class
// {a, b, c}, so a join of a's and c's relations can use a = c, a clause
// nobody wrote. Each join gets exactly one clause per class that has
// members on both sides (PG: generate_join_implied_equalities), which
// keeps the class's selectivity from being counted twice.
//
// Only equalities of two Vars of one type belong to classes; every other
// clause stays an ordinary join clause. A class remembers the clauses it
// makes, so that every join using the same pair shares one clause.

package path

import (
	"slices"

	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/optimizer/pathnodes"
	"github.com/loomdb/loomdb/internal/optimizer/util"
)

// BuildEquivalenceClasses splits join clauses into equivalence classes
// and the clauses that are not class equalities, both in their original
// order (PG: process_equivalence, for each clause in turn). A class's
// members are in order of first appearance, its sources the clauses that
// built it.
func BuildEquivalenceClasses(quals []nodes.Expr) (classes []*pathnodes.EquivalenceClass, rest []nodes.Expr) {
	for _, q := range quals {
		l, r, ok := equalityVars(q)
		if !ok {
			rest = append(rest, q)
			continue
		}
		cl, cr := classOf(classes, l), classOf(classes, r)
		switch {
		case cl == nil && cr == nil:
			classes = append(classes, &pathnodes.EquivalenceClass{Members: []*nodes.Var{l, r}})
			cl = classes[len(classes)-1]
		case cl == nil:
			cr.Members = append(cr.Members, l)
			cl = cr
		case cr == nil:
			cl.Members = append(cl.Members, r)
		case cl != cr:
			// The right member's class joins the left one's.
			cl.Members = append(cl.Members, cr.Members...)
			cl.Sources = append(cl.Sources, cr.Sources...)
			k := indexOfClass(classes, cr)
			classes = append(classes[:k], classes[k+1:]...)
		}
		cl.Sources = append(cl.Sources, q)
	}
	// A class with two members of one relation would need a restriction
	// clause equating them at that relation's scan (PG:
	// generate_base_implied_equalities); its clauses stay ordinary.
	var dissolved map[nodes.Expr]bool
	kept := classes[:0]
	for _, ec := range classes {
		ok := true
		for _, m := range ec.Members {
			if slices.Contains(ec.Relids, m.VarNo) {
				ok = false
				break
			}
			ec.Relids = union(ec.Relids, []int{m.VarNo})
		}
		if ok {
			kept = append(kept, ec)
			continue
		}
		if dissolved == nil {
			dissolved = map[nodes.Expr]bool{}
		}
		for _, src := range ec.Sources {
			dissolved[src] = true
		}
	}
	if dissolved != nil {
		rest = rest[:0]
		for _, q := range quals {
			if _, _, ok := equalityVars(q); !ok || dissolved[q] {
				rest = append(rest, q)
			}
		}
	}
	return kept, rest
}

// equalityVars returns the two columns of a clause "var1 = var2" whose
// Vars are of different relations and of one type.
func equalityVars(q nodes.Expr) (*nodes.Var, *nodes.Var, bool) {
	op, ok := q.(*nodes.OpExpr)
	if !ok || op.OpName != "=" || len(op.Args) != 2 {
		return nil, nil, false
	}
	l, lok := op.Args[0].(*nodes.Var)
	r, rok := op.Args[1].(*nodes.Var)
	if !lok || !rok || l.VarNo <= 0 || r.VarNo <= 0 || l.LevelsUp != 0 || r.LevelsUp != 0 || l.VarNo == r.VarNo {
		return nil, nil, false
	}
	if l.Type.Oid != r.Type.Oid || util.ContainsVolatile(op) {
		return nil, nil, false
	}
	return l, r, true
}

func sameColumn(a, b *nodes.Var) bool { return a.VarNo == b.VarNo && a.AttNo == b.AttNo }

func classOf(classes []*pathnodes.EquivalenceClass, v *nodes.Var) *pathnodes.EquivalenceClass {
	for _, ec := range classes {
		for _, m := range ec.Members {
			if sameColumn(m, v) {
				return ec
			}
		}
	}
	return nil
}

func indexOfClass(classes []*pathnodes.EquivalenceClass, ec *pathnodes.EquivalenceClass) int {
	for i, c := range classes {
		if c == ec {
			return i
		}
	}
	return -1
}

// classJoinClause returns the one clause of ec a join of outer and inner
// relations applies, nil when the class has no members on one side: the
// first pair of an outer and an inner member in member order, as a source
// clause equating them if there is one, else a clause made from a source
// clause's operator and remembered for later joins (PG:
// generate_join_implied_equalities_normal and create_join_clause).
func classJoinClause(ec *pathnodes.EquivalenceClass, outer, inner []int) nodes.Expr {
	var o, i *nodes.Var
	for _, m := range ec.Members {
		if o == nil && slices.Contains(outer, m.VarNo) {
			o = m
		}
		if i == nil && slices.Contains(inner, m.VarNo) {
			i = m
		}
	}
	if o == nil || i == nil {
		return nil
	}
	for _, src := range append(ec.Sources, ec.Derived...) {
		l, r, _ := equalityVars(src)
		if sameColumn(l, o) && sameColumn(r, i) || sameColumn(l, i) && sameColumn(r, o) {
			return src
		}
	}
	proto := ec.Sources[0].(*nodes.OpExpr)
	c := *proto
	c.Args = []nodes.Expr{o, i}
	ec.Derived = append(ec.Derived, &c)
	return &c
}
