// deparse_stored.go prints a stored expression — a column default, a CHECK
// condition, an index predicate — as pg_get_expr and pg_get_constraintdef
// do (PG: ruleutils.c, deparse_expression_pretty). Unlike EXPLAIN's, such
// an expression has not been through the planner: a cast of a constant is
// still a cast, printed as one when its context shows implicit casts. In
// pretty mode the parentheses that operator precedence makes unnecessary
// are left out (PG: PRETTYFLAG_PAREN, isSimpleNode).

package explain

import (
	"strings"

	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/types"
)

// DeparseExpr prints an analyzed expression over one relation's columns as
// pg_get_expr does: column names unqualified and, unless pretty, every
// operator parenthesized.
// regOut, when set, names the object a constant of a reg type (regclass,
// ...) stands for, as its output function does.
func DeparseExpr(e nodes.Expr, pretty bool, regOut func(typ types.Oid, oid int64) string) string {
	return (&storedDeparser{pretty: pretty, regOut: regOut}).expr(e, false)
}

type storedDeparser struct {
	pretty bool
	regOut func(typ types.Oid, oid int64) string
}

// constant prints a constant as get_const_expr does.
func (d *storedDeparser) constant(k *nodes.Const) string {
	switch k.Type.Oid {
	case types.RegclassOid, types.RegtypeOid, types.RegprocOid, types.RegnamespaceOid:
		if v, ok := k.Value.(int64); ok && d.regOut != nil {
			return quoteLiteral(d.regOut(k.Type.Oid, v)) + "::" + types.FormatType(k.Type)
		}
	}
	// A constant converted to a column's type keeps no typmod of its
	// own in PostgreSQL: the length coercion is a separate, implicit step.
	c := *k
	c.Type.Typmod = -1
	return constString(&c)
}

// paren prints e as an argument of parent, parenthesized in pretty mode
// when precedence needs it (PG: get_rule_expr_paren).
func (d *storedDeparser) paren(e nodes.Expr, showImplicit bool, parent nodes.Expr) string {
	s := d.expr(e, showImplicit)
	if d.pretty && !isSimpleNode(e, parent) {
		return "(" + s + ")"
	}
	return s
}

// wrap parenthesizes s unless in pretty mode, where the caller's paren
// decides.
func (d *storedDeparser) wrap(s string) string {
	if d.pretty {
		return s
	}
	return "(" + s + ")"
}

func (d *storedDeparser) expr(e nodes.Expr, showImplicit bool) string {
	switch x := e.(type) {
	case *nodes.Var:
		return quoteIdent(x.Name)
	case *nodes.Const:
		return d.constant(x)
	case *nodes.OpExpr:
		if len(x.Args) == 1 {
			return d.wrap(x.OpName + " " + d.paren(x.Args[0], true, x))
		}
		return d.wrap(d.paren(x.Args[0], true, x) + " " + x.OpName + " " + d.paren(x.Args[1], true, x))
	case *nodes.BoolExpr:
		if x.Op == nodes.NotExpr {
			return d.wrap("NOT " + d.paren(x.Args[0], false, x))
		}
		sep := " AND "
		if x.Op == nodes.OrExpr {
			sep = " OR "
		}
		parts := make([]string, len(x.Args))
		for i, a := range x.Args {
			parts[i] = d.paren(a, false, x)
		}
		return d.wrap(strings.Join(parts, sep))
	case *nodes.NullTest:
		test := " IS NULL"
		if x.IsNot {
			test = " IS NOT NULL"
		}
		return d.wrap(d.paren(x.Arg, true, x) + test)
	case *nodes.BooleanTest:
		names := []string{" IS TRUE", " IS NOT TRUE", " IS FALSE", " IS NOT FALSE", " IS UNKNOWN", " IS NOT UNKNOWN"}
		return d.wrap(d.paren(x.Arg, true, x) + names[x.Test])
	case *nodes.ScalarArrayOpExpr:
		if x.Array == nil {
			break
		}
		quant := "ANY"
		if !x.UseOr {
			quant = "ALL"
		}
		return d.wrap(d.paren(x.Left, true, x) + " " + x.OpName + " " + quant + " (" + d.paren(x.Array, true, x) + ")")
	case *nodes.CoerceExpr:
		if x.SQLValue != "" {
			return x.SQLValue
		}
		if !x.Explicit && !showImplicit {
			return d.expr(x.Arg, false)
		}
		if k, ok := x.Arg.(*nodes.Const); ok && k.Type == x.Type {
			return d.constant(k) + "::" + types.FormatType(x.Type)
		}
		arg := d.paren(x.Arg, false, x)
		if !d.pretty {
			arg = "(" + arg + ")"
		}
		return arg + "::" + types.FormatType(x.Type)
	case *nodes.FuncExpr:
		if x.SQLValue != "" {
			return x.SQLValue
		}
		return x.Name + "(" + d.list(x.Args) + ")"
	case *nodes.CoalesceExpr:
		return "COALESCE(" + d.list(x.Args) + ")"
	case *nodes.NullIfExpr:
		return "NULLIF(" + d.list(x.Args) + ")"
	case *nodes.MinMaxExpr:
		if x.Greatest {
			return "GREATEST(" + d.list(x.Args) + ")"
		}
		return "LEAST(" + d.list(x.Args) + ")"
	case *nodes.ArrayExpr:
		return "ARRAY[" + d.list(x.Elements) + "]"
	case *nodes.RowExpr:
		return "ROW(" + d.list(x.Args) + ")"
	}
	return (&deparseContext{}).expr(e)
}

func (d *storedDeparser) list(es []nodes.Expr) string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = d.expr(e, true)
	}
	return strings.Join(parts, ", ")
}

// isSimpleNode reports whether node, an argument of parent, prints
// unambiguously without parentheses in pretty mode (PG: isSimpleNode).
func isSimpleNode(node, parent nodes.Expr) bool {
	switch x := node.(type) {
	case *nodes.Var, *nodes.Const, *nodes.Param, *nodes.FuncExpr, *nodes.CoalesceExpr, *nodes.NullIfExpr,
		*nodes.MinMaxExpr, *nodes.ArrayExpr, *nodes.RowExpr, *nodes.CaseExpr, *nodes.SubscriptingRef,
		*nodes.Aggref, *nodes.WindowFunc:
		return true
	case *nodes.CoerceExpr:
		return isSimpleNode(x.Arg, x)
	case *nodes.OpExpr:
		if p, ok := parent.(*nodes.OpExpr); ok {
			return opSimpleInOp(x, p)
		}
		return simpleInParent(parent)
	case *nodes.NullTest, *nodes.BooleanTest, *nodes.ScalarArrayOpExpr:
		return simpleInParent(parent)
	case *nodes.BoolExpr:
		if p, ok := parent.(*nodes.BoolExpr); ok {
			switch x.Op {
			case nodes.NotExpr, nodes.AndExpr:
				return p.Op == nodes.AndExpr || p.Op == nodes.OrExpr
			case nodes.OrExpr:
				return p.Op == nodes.OrExpr
			}
			return false
		}
		return simpleInParent(parent)
	}
	return false
}

// simpleInParent reports whether parent's own syntax separates an
// operator-like argument: lower-precedence boolean operators, and the
// function-like nodes with their own parentheses or separators.
func simpleInParent(parent nodes.Expr) bool {
	switch parent.(type) {
	case *nodes.BoolExpr, *nodes.FuncExpr, *nodes.CoalesceExpr, *nodes.NullIfExpr, *nodes.MinMaxExpr,
		*nodes.ArrayExpr, *nodes.RowExpr, *nodes.CaseExpr, *nodes.SubscriptingRef, *nodes.Aggref, *nodes.WindowFunc:
		return true
	}
	return false
}

// opSimpleInOp decides for an operator under an operator: only the
// arithmetic operators have known precedence, and of equal precedence only
// a left argument needs no parentheses.
func opSimpleInOp(node, parent *nodes.OpExpr) bool {
	op, pop := binaryOpName(node), binaryOpName(parent)
	if op == "" || pop == "" {
		return false
	}
	lo, hi := strings.Contains("+-", op), strings.Contains("*/%", op)
	plo, phi := strings.Contains("+-", pop), strings.Contains("*/%", pop)
	if !(lo || hi) || !(plo || phi) {
		return false
	}
	if hi && plo {
		return true
	}
	if lo && phi {
		return false
	}
	return len(parent.Args) > 0 && parent.Args[0] == nodes.Expr(node)
}

// binaryOpName is a binary operator's name when it is one character long.
func binaryOpName(o *nodes.OpExpr) string {
	if len(o.Args) != 2 || len(o.OpName) != 1 {
		return ""
	}
	return o.OpName
}

// quoteLiteral quotes s as a SQL string literal.
func quoteLiteral(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}
