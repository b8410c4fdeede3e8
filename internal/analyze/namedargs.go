// namedargs.go resolves calls in named or mixed notation (f(a => 1),
// f(1, b := 2)) and calls that leave out parameters with defaults,
// reordering the arguments into parameter order and filling in the
// defaults (PG: func_get_detail's named and default handling in
// parse_func.c and FuncnameGetCandidates in namespace.c).

package analyze

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/loomdb/loomdb/internal/funcs"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

// callArg splits a raw argument into its expression and its name ("" when
// positional).
func callArg(n *pg_query.Node) (*pg_query.Node, string, int32) {
	if na := n.GetNamedArgExpr(); na != nil {
		return na.Arg, na.Name, na.Location
	}
	return n, "", -1
}

// checkArgNames enforces named notation's grammar: positional arguments
// first, each name once.
func (a *analyzer) checkArgNames(raw []*pg_query.Node) error {
	seen := map[string]bool{}
	named := false
	for _, r := range raw {
		_, name, loc := callArg(r)
		if name == "" {
			if named {
				return pgerror.New(pgerror.SyntaxError, "positional argument cannot follow named argument").WithPosition(a.pos(exprLocation(r)))
			}
			continue
		}
		named = true
		if seen[name] {
			return pgerror.Newf(pgerror.SyntaxError, "argument name \"%s\" used more than once", name).WithPosition(a.pos(loc))
		}
		seen[name] = true
	}
	return nil
}

// findFuncNamed picks the function name whose parameters the arguments
// fit once named arguments are put in their parameters' places and left
// out parameters take their defaults; it returns the arguments in
// parameter order, defaults included. ok is false when none fits.
func (a *analyzer) findFuncNamed(name string, args []nodes.Expr, argNames []string) (*funcs.Func, []nodes.Expr, bool) {
	var best *funcs.Func
	var bestArgs []nodes.Expr
	bestScore, bestExact, bestPref := 1<<30, -1, -1
	for _, f := range funcs.FuncsByName(name) {
		if f.Agg != nil || f.Variadic || len(args) > len(f.Args) {
			continue
		}
		placed, ok := placeArgs(f, args, argNames)
		if !ok {
			continue
		}
		ts := make([]types.T, len(placed))
		for i, e := range placed {
			ts[i] = e.ExprType()
		}
		score, exact, pref, ok := matchArgs(f, ts)
		if !ok {
			continue
		}
		if exact > bestExact || (exact == bestExact && (pref > bestPref || (pref == bestPref && score < bestScore))) {
			best, bestArgs, bestScore, bestExact, bestPref = f, placed, score, exact, pref
		}
	}
	return best, bestArgs, best != nil
}

// placeArgs puts the arguments in f's parameter order: positional ones
// first, named ones at their parameters, the rest from f's defaults.
func placeArgs(f *funcs.Func, args []nodes.Expr, argNames []string) ([]nodes.Expr, bool) {
	placed := make([]nodes.Expr, len(f.Args))
	for i, e := range args {
		pos := i
		if argNames[i] != "" {
			pos = -1
			for j, pn := range f.ArgNames {
				if pn == argNames[i] {
					pos = j
				}
			}
			if pos < 0 {
				return nil, false
			}
		}
		if placed[pos] != nil {
			return nil, false
		}
		placed[pos] = e
	}
	firstDefault := len(f.Args) - len(f.Defaults)
	for i := range placed {
		if placed[i] != nil {
			continue
		}
		if i < firstDefault {
			return nil, false
		}
		placed[i] = &nodes.Const{Type: types.T{Oid: f.Args[i], Typmod: -1}, Value: f.Defaults[i-firstDefault], Location: -1}
	}
	return placed, true
}

// errNoFuncNamed is errNoFunc for a call with named arguments, which
// PostgreSQL prints as name => type.
func errNoFuncNamed(a *analyzer, name string, ts []types.T, argNames []string, loc int32) error {
	parts := make([]string, len(ts))
	for i, t := range ts {
		parts[i] = typeName(t)
		if argNames[i] != "" {
			parts[i] = argNames[i] + " => " + parts[i]
		}
	}
	return pgerror.Newf(pgerror.UndefinedFunction, "function %s(%s) does not exist", name, strings.Join(parts, ", ")).
		WithHint("No function matches the given name and argument types. You might need to add explicit type casts.").WithPosition(a.pos(loc))
}
