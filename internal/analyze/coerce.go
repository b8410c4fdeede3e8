// coerce.go decides which type conversions are allowed where, finds common
// types, and resolves operators and functions (PG: parse_coerce.c,
// parse_oper.c, parse_func.c).

package analyze

import (
	"fmt"
	"strings"

	"github.com/loomdb/loomdb/internal/funcs"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

// CoercionContext is how strongly a conversion was asked for.
type CoercionContext uint8

const (
	CoerceImplicit CoercionContext = iota
	CoerceAssignment
	CoerceExplicit
)

// numericRank orders the numeric category; a lower rank converts implicitly to a higher one.
var numericRank = map[types.Oid]int{
	types.Int2Oid: 1, types.Int4Oid: 2, types.Int8Oid: 3, types.NumericOid: 4, types.Float4Oid: 5, types.Float8Oid: 6,
}

// IsRegType reports whether o is one of the OID alias types whose values
// print as object names (regclass, regtype, regproc, regnamespace).
func IsRegType(o types.Oid) bool {
	switch o {
	case types.RegclassOid, types.RegtypeOid, types.RegprocOid, types.RegnamespaceOid:
		return true
	}
	return false
}

// isOidNumber reports whether s is a reg type's input that is an OID
// itself, digits with optional surrounding spaces.
func isOidNumber(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func isStringType(o types.Oid) bool {
	switch o {
	case types.TextOid, types.VarcharOid, types.BpcharOid, types.NameOid:
		return true
	}
	return false
}

// castContext returns the weakest context in which from converts to to, and
// whether a conversion exists at all.
func castContext(from, to types.Oid) (CoercionContext, bool) {
	if from == to || from == types.UnknownOid {
		return CoerceImplicit, true
	}
	rf, okf := numericRank[from]
	rt, okt := numericRank[to]
	if okf && okt {
		if rf < rt {
			return CoerceImplicit, true
		}
		return CoerceAssignment, true
	}
	if isStringType(from) && isStringType(to) {
		if from == types.NameOid && to != types.TextOid {
			return CoerceAssignment, true
		}
		return CoerceImplicit, true
	}
	if to == types.TextOid || to == types.VarcharOid || to == types.BpcharOid || to == types.NameOid {
		return CoerceAssignment, true
	}
	if (from == types.TextOid || from == types.VarcharOid) && to == types.RegclassOid {
		return CoerceImplicit, true
	}
	if isStringType(from) {
		return CoerceExplicit, true
	}
	switch {
	case from == types.BoolOid && to == types.Int4Oid, from == types.Int4Oid && to == types.BoolOid:
		return CoerceExplicit, true
	case (from == types.Int4Oid || from == types.Int8Oid || from == types.Int2Oid) && (to == types.OidOid || IsRegType(to)):
		return CoerceImplicit, true
	case (from == types.OidOid || IsRegType(from)) && (to == types.Int4Oid || to == types.Int8Oid):
		return CoerceAssignment, true
	case (from == types.OidOid || IsRegType(from)) && (to == types.OidOid || IsRegType(to)):
		return CoerceImplicit, true
	case from == types.Int4Oid && to == types.CharOid, from == types.CharOid && to == types.Int4Oid:
		return CoerceExplicit, true
	case from == types.DateOid && to == types.TimestampOid:
		return CoerceImplicit, true
	case from == types.TimestampOid && to == types.DateOid:
		return CoerceAssignment, true
	}
	switch c, ok := types.CastContextOf(from, to); {
	case !ok:
		return 0, false
	case c == types.CoercionImplicit:
		return CoerceImplicit, true
	case c == types.CoercionAssignment:
		return CoerceAssignment, true
	}
	return CoerceExplicit, true
}

func typeName(t types.T) string { return types.FormatTypeBe(t.Oid) }

// coerce converts e to target in context cc, or fails as PG does.
func (a *analyzer) coerce(e nodes.Expr, target types.T, cc CoercionContext, loc int) (nodes.Expr, error) {
	src := e.ExprType()
	if src == target {
		return e, nil
	}
	if c, ok := e.(*nodes.Const); ok && src.Oid == types.UnknownOid {
		if c.Value == nil {
			return &nodes.Const{Type: target, Location: c.Location}, nil
		}
		in := target
		if cc == CoerceExplicit && (target.Oid == types.VarcharOid || target.Oid == types.BpcharOid || target.Oid == types.BitOid || target.Oid == types.VarbitOid) {
			in = types.T{Oid: target.Oid, Typmod: -1}
		}
		if target.Oid == types.RegclassOid && a.env.Catalog != nil {
			if oid, ok, err := a.regclassByName(c.Value.(string)); ok || err != nil {
				if err != nil {
					return nil, withPos(err, a.pos(int32(c.Location)))
				}
				return &nodes.Const{Type: target, Value: oid, Location: c.Location}, nil
			}
		}
		if IsRegType(target.Oid) && !isOidNumber(c.Value.(string)) {
			// A name resolves at run time through the session's catalog.
			f := funcs.FuncsByName(types.InfoOf(target.Oid).Input)[0]
			arg := &nodes.Const{Type: types.TText, Value: c.Value, Location: c.Location}
			return &nodes.FuncExpr{FuncOid: f.Oid, Name: f.Name, Args: []nodes.Expr{arg}, ResultType: target, Location: c.Location}, nil
		}
		v, err := types.InZone(in, c.Value.(string), a.env.TimeZone)
		if err == nil && in != target && (target.Oid == types.BitOid || target.Oid == types.VarbitOid) {
			v, err = types.ApplyBitTypmod(v.(string), target, true)
		} else if err == nil && in != target {
			v, err = types.ApplyStringTypmod(target, v.(string), true)
		}
		if err == nil && (target.Oid == types.TimestampOid || target.Oid == types.TimestamptzOid) && target.Typmod >= 0 {
			v, err = types.ApplyTimestampTypmod(v.(int64), target.Typmod)
		}
		if err == nil && target.Oid == types.TimeOid && target.Typmod >= 0 {
			v = types.ApplyTimeTypmod(v.(int64), target.Typmod)
		}
		if err != nil {
			return nil, withPos(err, a.pos(int32(c.Location)))
		}
		return &nodes.Const{Type: target, Value: v, Location: c.Location}, nil
	}
	if p, ok := e.(*nodes.Param); ok && p.Kind == nodes.ParamExtern && (src.Oid == types.UnknownOid || src.Oid == types.InvalidOid) {
		a.params[p.ID-1] = types.T{Oid: target.Oid, Typmod: -1}
		np := &nodes.Param{ID: p.ID, Type: types.T{Oid: target.Oid, Typmod: -1}}
		if target.Typmod >= 0 {
			return &nodes.CoerceExpr{Arg: np, Type: target, Assignment: cc == CoerceAssignment, Explicit: cc == CoerceExplicit, Location: loc}, nil
		}
		return np, nil
	}
	if src.Oid == target.Oid {
		// Only the typmod differs: a length coercion. Implicit contexts ignore typmods.
		if cc == CoerceImplicit || target.Typmod < 0 {
			return e, nil
		}
		return &nodes.CoerceExpr{Arg: e, Type: target, Explicit: cc == CoerceExplicit, Assignment: cc == CoerceAssignment, Location: loc}, nil
	}
	need, ok := castContext(src.Oid, target.Oid)
	if src.Oid == types.UnknownOid {
		need, ok = CoerceImplicit, true
	}
	if !ok || need > cc {
		if cc == CoerceExplicit || !ok {
			return nil, pgerror.Newf(pgerror.CannotCoerce, "cannot cast type %s to %s", typeName(src), typeName(target)).WithPosition(a.pos(int32(loc)))
		}
		return nil, errMismatch(src, target, loc, a)
	}
	if IsRegType(target.Oid) && isStringType(src.Oid) {
		// Object names resolve at run time through the session's
		// catalog: the cast calls the type's input function.
		arg, err := a.coerce(e, types.TText, CoerceExplicit, loc)
		if err != nil {
			return nil, err
		}
		f := funcs.FuncsByName(types.InfoOf(target.Oid).Input)[0]
		return &nodes.FuncExpr{FuncOid: f.Oid, Name: f.Name, Args: []nodes.Expr{arg}, ResultType: target, Location: loc}, nil
	}
	if IsRegType(src.Oid) && isStringType(target.Oid) {
		// And the object's name comes from its output function.
		f := funcs.FuncsByName(types.InfoOf(src.Oid).Output)[0]
		out := &nodes.FuncExpr{FuncOid: f.Oid, Name: f.Name, Args: []nodes.Expr{e}, ResultType: types.TText, Location: loc}
		if target.Oid == types.TextOid {
			return out, nil
		}
		return a.coerce(out, target, cc, loc)
	}
	return &nodes.CoerceExpr{Arg: e, Type: target, Explicit: cc == CoerceExplicit, Assignment: cc == CoerceAssignment, Location: loc}, nil
}

func errMismatch(src, target types.T, loc int, a *analyzer) error {
	return pgerror.Newf(pgerror.DatatypeMismatch, "argument of type %s cannot be coerced to %s", typeName(src), typeName(target)).WithPosition(a.pos(int32(loc)))
}

// commonType returns the type that expressions of types ts resolve to
// together (PG: select_common_type and select_common_typmod).
func commonType(ts []types.T, context string) (types.T, error) {
	o, _, err := selectCommonType(ts, context)
	if err != nil {
		return types.T{}, err
	}
	return types.T{Oid: o, Typmod: commonTypmod(ts, o)}, nil
}

// selectCommonType picks the type that inputs of types ts resolve to
// together, as PG's select_common_type does: the first known type stays
// unless a later one of the same category is one it converts to
// implicitly but that does not convert back implicitly, and the type
// holding it is not its category's preferred type; inputs of a different
// category cannot be matched at all, and unknowns alone become text. The
// index is the input that supplied the type or, with an error, the input
// that did not match, where PG's errors point.
func selectCommonType(ts []types.T, context string) (types.Oid, int, error) {
	p, which := types.UnknownOid, 0
	for i, t := range ts {
		n := t.Oid
		switch {
		case n == types.UnknownOid || n == p:
		case p == types.UnknownOid:
			p, which = n, i
		case typeCategory(n) != typeCategory(p):
			return 0, i, pgerror.Newf(pgerror.DatatypeMismatch, "%s types %s and %s cannot be matched", context, typeName(types.T{Oid: p}), typeName(t))
		case !preferred(p) && implicitCast(p, n) && !implicitCast(n, p):
			p, which = n, i
		}
	}
	if p == types.UnknownOid {
		return types.TextOid, 0, nil
	}
	return p, which, nil
}

// commonTypmod is the type modifier of inputs resolved to type o: theirs
// when all of them are of type o with the same modifier, else none (PG:
// select_common_typmod).
func commonTypmod(ts []types.T, o types.Oid) int32 {
	for _, t := range ts {
		if t.Oid != o || t.Typmod != ts[0].Typmod {
			return -1
		}
	}
	return ts[0].Typmod
}

// implicitCast reports whether a value of type from converts to type to
// without an explicit cast.
func implicitCast(from, to types.Oid) bool {
	c, ok := castContext(from, to)
	return ok && c == CoerceImplicit
}

// typeCategory is pg_type.typcategory of o; types loomdb does not describe
// count as user-defined ('U').
func typeCategory(o types.Oid) byte {
	if in := types.InfoOf(o); in != nil {
		return in.Category
	}
	return 'U'
}

func preferred(o types.Oid) bool {
	in := types.InfoOf(o)
	return in != nil && in.Preferred
}

// operType resolves the common argument type for a binary operator.
func operArgType(l, r types.T) (types.T, types.T) {
	switch {
	case l.Oid == types.UnknownOid && r.Oid == types.UnknownOid:
		return types.TText, types.TText
	case l.Oid == types.UnknownOid:
		return types.T{Oid: r.Oid, Typmod: -1}, r
	case r.Oid == types.UnknownOid:
		return l, types.T{Oid: l.Oid, Typmod: -1}
	}
	return l, r
}

// makeOp resolves "l op r" (l nil for a prefix operator).
func (a *analyzer) makeOp(name string, l, r nodes.Expr, loc int) (nodes.Expr, error) {
	if l == nil {
		rt := r.ExprType()
		if rt.Oid == types.UnknownOid {
			var err error
			if r, err = a.coerce(r, types.TText, CoerceImplicit, loc); err != nil {
				return nil, err
			}
			rt = types.TText
		}
		for _, cand := range a.unaryCandidates(name, rt.Oid) {
			arg, err := a.coerce(r, types.T{Oid: cand.Right, Typmod: -1}, CoerceImplicit, loc)
			if err != nil {
				continue
			}
			return &nodes.OpExpr{OpOid: cand.Oid, OpName: name, FuncOid: cand.Func.Oid, Args: []nodes.Expr{arg}, ResultType: types.T{Oid: cand.Result, Typmod: -1}, Location: loc}, nil
		}
		return nil, pgerror.Newf(pgerror.UndefinedFunction, "operator does not exist: %s %s", name, typeName(rt)).
			WithHint("No operator matches the given name and argument type. You might need to add an explicit type cast.").WithPosition(a.pos(int32(loc)))
	}
	lt, rt := l.ExprType(), r.ExprType()
	isArray := func(t types.T) bool { return types.ArrayElemType(t).Oid != types.InvalidOid }
	sameTypeOp := func(t types.T) bool { return funcs.FindOperator(name, t.Oid, t.Oid) != nil }
	if name == "||" && !isArray(lt) && !isArray(rt) &&
		!(rt.Oid == types.UnknownOid && sameTypeOp(lt)) && !(lt.Oid == types.UnknownOid && sameTypeOp(rt)) {
		// text || anynonarray and anynonarray || text convert the other side to text.
		if (isTextLike(lt) || lt.Oid == types.UnknownOid) && !isTextLike(rt) && rt.Oid != types.UnknownOid {
			r, rt = &nodes.CoerceExpr{Arg: r, Type: types.TText, Explicit: true, Location: loc}, types.TText
		} else if (isTextLike(rt) || rt.Oid == types.UnknownOid) && !isTextLike(lt) && lt.Oid != types.UnknownOid {
			l, lt = &nodes.CoerceExpr{Arg: l, Type: types.TText, Explicit: true, Location: loc}, types.TText
		}
	}
	lt2, rt2 := operArgType(lt, rt)
	op := a.findBinaryOp(name, lt2.Oid, rt2.Oid)
	if op == nil && (lt.Oid == types.UnknownOid) != (rt.Oid == types.UnknownOid) {
		// No operator takes the known type on both sides: the literal may
		// be of any type, string types preferred (jsonb -> 'key').
		op = a.findBinaryOp(name, lt.Oid, rt.Oid)
	}
	if op == nil {
		return nil, pgerror.Newf(pgerror.UndefinedFunction, "operator does not exist: %s %s %s", typeName(lt2), name, typeName(rt2)).
			WithHint("No operator matches the given name and argument types. You might need to add explicit type casts.").WithPosition(a.pos(int32(loc)))
	}
	la, err := a.coerce(l, types.T{Oid: op.Left, Typmod: -1}, CoerceImplicit, loc)
	if err != nil {
		return nil, err
	}
	ra, err := a.coerce(r, types.T{Oid: op.Right, Typmod: -1}, CoerceImplicit, loc)
	if err != nil {
		return nil, err
	}
	return &nodes.OpExpr{OpOid: op.Oid, OpName: name, FuncOid: op.Func.Oid, Args: []nodes.Expr{la, ra}, ResultType: types.T{Oid: op.Result, Typmod: -1}, Location: loc}, nil
}

func (a *analyzer) unaryCandidates(name string, t types.Oid) []*funcs.Operator {
	var exact, others []*funcs.Operator
	for _, op := range funcs.OperatorsByName(name) {
		if op.Left != types.InvalidOid {
			continue
		}
		if op.Right == t {
			exact = append(exact, op)
		} else if c, ok := castContext(t, op.Right); ok && c == CoerceImplicit {
			others = append(others, op)
		}
	}
	sortByRank(others)
	return append(exact, others...)
}

func sortByRank(ops []*funcs.Operator) {
	for i := 1; i < len(ops); i++ {
		for j := i; j > 0 && numericRank[ops[j].Right] < numericRank[ops[j-1].Right]; j-- {
			ops[j], ops[j-1] = ops[j-1], ops[j]
		}
	}
}

// findBinaryOp picks the operator for argument types l and r as PG's
// oper_select_candidate does: among operators both arguments convert to
// implicitly, keep those with the most exact type matches, then those with
// the most preferred types where a conversion is needed; remaining ties go
// to the candidate needing the least numeric promotion.
func (a *analyzer) findBinaryOp(name string, l, r types.Oid) *funcs.Operator {
	type cand struct {
		op              *funcs.Operator
		exact, pref, rd int
	}
	var cands []cand
	for _, op := range funcs.OperatorsByName(name) {
		if op.Left == types.InvalidOid {
			continue
		}
		if op.Left == l && op.Right == r {
			return op
		}
		cl, okl := castContext(l, op.Left)
		cr, okr := castContext(r, op.Right)
		if !okl || !okr || cl != CoerceImplicit || cr != CoerceImplicit {
			continue
		}
		c := cand{op: op}
		for _, p := range [][2]types.Oid{{l, op.Left}, {r, op.Right}} {
			switch {
			case p[0] == p[1]:
				c.exact++
			case preferred(p[1]):
				c.pref++
				c.rd += rankDist(p[0], p[1])
			default:
				c.rd += rankDist(p[0], p[1])
			}
		}
		cands = append(cands, c)
	}
	var best *cand
	for i := range cands {
		c := &cands[i]
		if best == nil || c.exact > best.exact ||
			(c.exact == best.exact && (c.pref > best.pref || (c.pref == best.pref && c.rd < best.rd))) {
			best = c
		}
	}
	if best == nil {
		return nil
	}
	return best.op
}

func rankDist(from, to types.Oid) int {
	rf, ok1 := numericRank[from]
	rt, ok2 := numericRank[to]
	if ok1 && ok2 {
		return rt - rf
	}
	if to == types.TextOid {
		return 0
	}
	return 5
}

// findFunc resolves a function call by name and argument types as PG's
// func_select_candidate does: among candidates every argument converts to
// implicitly, those with the most exact type matches, then those taking a
// preferred type (float8 for numbers, text for strings) at the most
// positions needing a conversion; remaining ties go to the candidate
// needing the least conversion.
func (a *analyzer) findFunc(name string, args []types.T) (*funcs.Func, error) {
	var best *funcs.Func
	bestScore, bestExact, bestPref := 1<<30, -1, -1
	for _, f := range funcs.FuncsByName(name) {
		if f.Agg != nil && f.Agg.ArgType == types.InvalidOid {
			continue // count(*) is matched separately
		}
		if !f.Variadic && len(f.Args) != len(args) {
			continue
		}
		if f.Variadic && len(args) < len(f.Args)-1 {
			continue
		}
		if f.Variadic && f.Agg == nil && len(args) < len(f.Args) {
			// A VARIADIC parameter takes at least one argument.
			continue
		}
		score, exact, pref, ok := matchArgs(f, args)
		if !ok {
			continue
		}
		if exact > bestExact || (exact == bestExact && (pref > bestPref || (pref == bestPref && score < bestScore))) {
			best, bestScore, bestExact, bestPref = f, score, exact, pref
		}
	}
	if best == nil {
		return nil, fmt.Errorf("no match")
	}
	return best, nil
}

// matchArgs scores how well args fit f's parameters: the exact matches,
// the implicit casts' preference and distance; ok is false when an
// argument cannot be cast implicitly.
func matchArgs(f *funcs.Func, args []types.T) (score, exact, pref int, ok bool) {
	for i, at := range args {
		want := f.Args[min(i, len(f.Args)-1)]
		if want == types.AnyOid || want == types.AnyElementOid || want == at.Oid {
			exact++
			continue
		}
		if at.Oid == types.UnknownOid {
			score++
			if want == types.TextOid {
				continue
			}
			score++
			continue
		}
		c, okc := castContext(at.Oid, want)
		if !okc || c != CoerceImplicit {
			return 0, 0, 0, false
		}
		if preferred(want) {
			pref++
		}
		score += 1 + rankDist(at.Oid, want)
	}
	return score, exact, pref, true
}

func isTextLike(t types.T) bool { return isStringType(t.Oid) }

// regclassByName reads a regclass literal that names a relation, as
// regclassin does with the catalog: an optionally schema-qualified name,
// double quotes keeping case. It reports false for numeric input.
func (a *analyzer) regclassByName(s string) (int64, bool, error) {
	if s == "-" || s == "" || (s[0] >= '0' && s[0] <= '9') {
		return 0, false, nil
	}
	schema, name, err := RelationName(s)
	if err != nil {
		return 0, true, err
	}
	rel, err := a.env.Catalog.LookupRelation(schema, name)
	if err != nil {
		return 0, true, err
	}
	return int64(rel.Oid), true, nil
}

// RelationName reads a relation name written as text, optionally
// schema-qualified and quoted, as regclass input does.
func RelationName(s string) (schema, name string, err error) {
	parts, ok := splitQualifiedName(s)
	if !ok || len(parts) > 2 {
		return "", "", pgerror.New(pgerror.InvalidName, "invalid name syntax")
	}
	if len(parts) == 2 {
		schema = parts[0]
	}
	return schema, parts[len(parts)-1], nil
}

// QualifiedName splits a possibly quoted, dot-separated name as
// stringToQualifiedNameList does.
func QualifiedName(s string) ([]string, error) {
	parts, ok := splitQualifiedName(s)
	if !ok {
		return nil, pgerror.New(pgerror.InvalidName, "invalid name syntax")
	}
	return parts, nil
}

// splitQualifiedName splits a possibly quoted, dot-separated name as
// stringToQualifiedNameList does: unquoted parts are folded to lower case.
func splitQualifiedName(s string) ([]string, bool) {
	var parts []string
	for i := 0; ; {
		var part []byte
		if i < len(s) && s[i] == '"' {
			i++
			for {
				if i >= len(s) {
					return nil, false
				}
				if s[i] == '"' {
					if i+1 < len(s) && s[i+1] == '"' {
						part = append(part, '"')
						i += 2
						continue
					}
					i++
					break
				}
				part = append(part, s[i])
				i++
			}
		} else {
			for i < len(s) && s[i] != '.' {
				c := s[i]
				if c >= 'A' && c <= 'Z' {
					c += 'a' - 'A'
				}
				part = append(part, c)
				i++
			}
			if len(part) == 0 {
				return nil, false
			}
		}
		parts = append(parts, string(part))
		if i == len(s) {
			return parts, true
		}
		if s[i] != '.' {
			return nil, false
		}
		i++
	}
}
