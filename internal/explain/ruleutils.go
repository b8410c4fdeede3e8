// ruleutils.go prints expressions the way EXPLAIN shows them (PG:
// utils/adt/ruleutils.c, get_rule_expr): operators fully parenthesized,
// constants with casts unless they read back as their own type, and
// references to a child's output resolved to the child's expression.

package explain

import (
	"fmt"
	"strings"

	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/plannodes"
	"github.com/loomdb/loomdb/internal/types"
)

// deparseContext resolves OUTER_VAR references through the child plan.
type deparseContext struct {
	outer     plannodes.Plan
	inner     plannodes.Plan
	useprefix bool
	// refnames are the range-table entries' unique names, by index (see
	// rtableNames); nil uses the names the Vars carry.
	refnames []string
	// scanRel, when set, is the table a scan qual belongs to: columns of
	// other tables (a nested loop's outer row) are always qualified, as PG
	// prints the Params standing for them.
	scanRel int
	// params maps the Params of correlated SubPlans to the outer
	// expressions they stand for.
	params map[int]string
	// winFuncs are the window functions a WindowAgg computes, which its
	// target list refers to past its input's columns.
	winFuncs []*nodes.WindowFunc
}

// windowFuncsOf returns the window functions p computes, if a WindowAgg.
func windowFuncsOf(p plannodes.Plan) []*nodes.WindowFunc {
	if w, ok := p.(*plannodes.WindowAgg); ok {
		return w.WinFuncs
	}
	return nil
}

// aggOrderBy prints an aggregate's ORDER BY or WITHIN GROUP keys (PG:
// get_rule_orderby); function-like keys, casts that call a function
// included, are parenthesized as get_rule_sortgroupclause does.
func (dc *deparseContext) aggOrderBy(keys []nodes.AggSortKey) string {
	var out []string
	for _, k := range keys {
		s := dc.expr(k.Expr)
		switch x := k.Expr.(type) {
		case *nodes.FuncExpr, *nodes.Aggref, *nodes.WindowFunc:
			s = "(" + s + ")"
		case *nodes.CoerceExpr:
			if !relabelCast(x) {
				s = "(" + s + ")"
			}
		}
		switch {
		case k.Desc:
			s += " DESC"
			if !k.NullsFirst {
				s += " NULLS LAST"
			}
		case k.NullsFirst:
			s += " NULLS FIRST"
		}
		out = append(out, s)
	}
	return strings.Join(out, ", ")
}

// relabelCast reports whether a cast only relabels its argument, as
// PostgreSQL's RelabelType does, rather than calling a function: between
// text and varchar, without a length to apply.
func relabelCast(c *nodes.CoerceExpr) bool {
	from, to := c.Arg.ExprType().Oid, c.Type.Oid
	if c.Type.Typmod >= 0 {
		return false
	}
	if from == to {
		return true
	}
	text := func(o types.Oid) bool { return o == types.TextOid || o == types.VarcharOid }
	return text(from) && text(to)
}

// combiningAgg prints a Finalize Aggregate's aggregate as the partial one
// it combines, found by following its argument down the plan, without the
// PARTIAL mark (PG: get_agg_combine_expr).
func (dc *deparseContext) combiningAgg(a *nodes.Aggref) string {
	cur := dc
	var e nodes.Expr
	if len(a.Args) == 1 {
		e = a.Args[0]
	}
	for {
		v, ok := e.(*nodes.Var)
		if !ok || v.VarNo != nodes.OuterVar || cur.outer == nil {
			break
		}
		tl := cur.outer.PlanHeader().TargetList
		if v.AttNo-1 >= len(tl) {
			break
		}
		e = tl[v.AttNo-1].Expr
		cur = &deparseContext{outer: firstChild(cur.outer), inner: secondChild(cur.outer), useprefix: dc.useprefix, refnames: dc.refnames, params: dc.params}
	}
	if p, ok := e.(*nodes.Aggref); ok && p.Split == nodes.AggSplitInitialSerial {
		c := *p
		c.Split = nodes.AggSplitSimple
		return cur.expr(&c)
	}
	return a.Name + "(?)"
}

func (dc *deparseContext) expr(e nodes.Expr) string {
	switch x := e.(type) {
	case *nodes.Var:
		src := dc.outer
		if x.VarNo == nodes.InnerVar {
			src = dc.inner
		}
		if (x.VarNo == nodes.OuterVar || x.VarNo == nodes.InnerVar) && src != nil {
			tl := src.PlanHeader().TargetList
			if k := x.AttNo - 1 - len(tl); x.VarNo == nodes.OuterVar && k >= 0 && k < len(dc.winFuncs) {
				return dc.expr(dc.winFuncs[k])
			}
			if x.AttNo-1 < len(tl) {
				child := tl[x.AttNo-1].Expr
				inner := &deparseContext{outer: firstChild(src), inner: secondChild(src), useprefix: dc.useprefix, refnames: dc.refnames, params: dc.params, winFuncs: windowFuncsOf(src)}
				s := inner.expr(child)
				if _, isVar := child.(*nodes.Var); !isVar {
					// As PG's get_variable: the caller took a Var for a
					// simple expression.
					return "(" + s + ")"
				}
				return s
			}
		}
		if dc.useprefix || (dc.scanRel > 0 && x.VarNo > 0 && x.VarNo != dc.scanRel) {
			rel := x.RelName
			if x.VarNo > 0 && x.VarNo < len(dc.refnames) && dc.refnames[x.VarNo] != "" {
				rel = dc.refnames[x.VarNo]
			}
			if rel != "" {
				return quoteIdent(rel) + "." + quoteIdent(x.Name)
			}
		}
		return quoteIdent(x.Name)
	case *nodes.Const:
		return constString(x)
	case *nodes.Param:
		if x.Kind == nodes.ParamExec {
			if ref, ok := dc.params[x.ID]; ok {
				return ref
			}
			return fmt.Sprintf("$%d", x.ID)
		}
		return fmt.Sprintf("$%d", x.ID)
	case *nodes.SubPlan:
		if x.UseHashTable {
			return "(hashed " + x.Name + ")"
		}
		return "(" + x.Name + ")"
	case *nodes.OpExpr:
		if len(x.Args) == 1 {
			return "(" + x.OpName + " " + dc.expr(x.Args[0]) + ")"
		}
		return "(" + dc.expr(x.Args[0]) + " " + x.OpName + " " + dc.expr(x.Args[1]) + ")"
	case *nodes.FuncExpr:
		if x.SQLValue != "" {
			return x.SQLValue
		}
		return x.Name + "(" + dc.list(x.Args) + ")"
	case *nodes.WindowFunc:
		// PostgreSQL 15 does not print the window itself.
		filter := ""
		if x.AggFilter != nil {
			filter = " FILTER (WHERE " + dc.expr(x.AggFilter) + ")"
		}
		if x.Star {
			return x.Name + "(*)" + filter + " OVER (?)"
		}
		return x.Name + "(" + dc.list(x.Args) + ")" + filter + " OVER (?)"
	case *nodes.GroupingFunc:
		return "GROUPING(" + dc.list(x.Args) + ")"
	case *nodes.Aggref:
		if x.Split == nodes.AggSplitFinalDeserial {
			return dc.combiningAgg(x)
		}
		prefix := ""
		if x.Split == nodes.AggSplitInitialSerial {
			prefix = "PARTIAL "
		}
		filter := ""
		if x.AggFilter != nil {
			filter = " FILTER (WHERE " + dc.expr(x.AggFilter) + ")"
		}
		if x.Star {
			return prefix + x.Name + "(*)" + filter
		}
		if x.IsOrderedSet() {
			return prefix + x.Name + "(" + dc.list(x.DirectArgs) + ") WITHIN GROUP (ORDER BY " + dc.aggOrderBy(x.AggOrder) + ")" + filter
		}
		args := dc.list(x.Args)
		if x.Distinct {
			args = "DISTINCT " + args
		}
		if len(x.AggOrder) > 0 {
			args += " ORDER BY " + dc.aggOrderBy(x.AggOrder)
		}
		return prefix + x.Name + "(" + args + ")" + filter
	case *nodes.CoerceExpr:
		if x.SQLValue != "" {
			return x.SQLValue
		}
		if k, ok := x.Arg.(*nodes.Const); ok {
			return constString(&nodes.Const{Type: x.Type, Value: k.Value})
		}
		return "(" + dc.expr(x.Arg) + ")::" + types.FormatType(x.Type)
	case *nodes.BoolExpr:
		switch x.Op {
		case nodes.NotExpr:
			return "(NOT " + dc.expr(x.Args[0]) + ")"
		case nodes.AndExpr:
			return "(" + dc.join(x.Args, " AND ") + ")"
		}
		return "(" + dc.join(x.Args, " OR ") + ")"
	case *nodes.NullTest:
		if x.IsNot {
			return "(" + dc.expr(x.Arg) + " IS NOT NULL)"
		}
		return "(" + dc.expr(x.Arg) + " IS NULL)"
	case *nodes.BooleanTest:
		names := []string{"IS TRUE", "IS NOT TRUE", "IS FALSE", "IS NOT FALSE", "IS UNKNOWN", "IS NOT UNKNOWN"}
		return "(" + dc.expr(x.Arg) + " " + names[x.Test] + ")"
	case *nodes.ScalarArrayOpExpr:
		quant := "ANY"
		if !x.UseOr {
			quant = "ALL"
		}
		return "(" + dc.expr(x.Left) + " " + x.OpName + " " + quant + " (" + dc.arrayString(x) + "))"
	case *nodes.CaseExpr:
		var sb strings.Builder
		sb.WriteString("CASE")
		for _, w := range x.Whens {
			sb.WriteString(" WHEN " + dc.expr(w.Cond) + " THEN " + dc.expr(w.Result))
		}
		if x.Default != nil {
			sb.WriteString(" ELSE " + dc.expr(x.Default))
		}
		sb.WriteString(" END")
		return sb.String()
	case *nodes.CoalesceExpr:
		return "COALESCE(" + dc.list(x.Args) + ")"
	case *nodes.ArrayExpr:
		return "ARRAY[" + dc.list(x.Elements) + "]"
	case *nodes.RowExpr:
		return "ROW(" + dc.list(x.Args) + ")"
	case *nodes.FieldSelect:
		return "(" + dc.expr(x.Arg) + ")." + fmt.Sprintf("f%d", x.FieldNum)
	case *nodes.WholeRowExpr:
		return x.RelName + ".*"
	case *nodes.SubscriptingRef:
		var sb strings.Builder
		sb.WriteString(dc.expr(x.Container))
		for i, up := range x.Upper {
			sb.WriteByte('[')
			if x.IsSlice {
				if x.Lower[i] != nil {
					sb.WriteString(dc.expr(x.Lower[i]))
				}
				sb.WriteByte(':')
			}
			if up != nil {
				sb.WriteString(dc.expr(up))
			}
			sb.WriteByte(']')
		}
		return sb.String()
	case *nodes.NullIfExpr:
		return "NULLIF(" + dc.list(x.Args) + ")"
	case *nodes.MinMaxExpr:
		if x.Greatest {
			return "GREATEST(" + dc.list(x.Args) + ")"
		}
		return "LEAST(" + dc.list(x.Args) + ")"
	}
	return fmt.Sprintf("<%T>", e)
}

func firstChild(p plannodes.Plan) plannodes.Plan {
	if p == nil {
		return nil
	}
	return p.PlanHeader().Lefttree
}

func secondChild(p plannodes.Plan) plannodes.Plan {
	if p == nil {
		return nil
	}
	return p.PlanHeader().Righttree
}

func (dc *deparseContext) list(es []nodes.Expr) string { return dc.join(es, ", ") }

func (dc *deparseContext) join(es []nodes.Expr, sep string) string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = dc.expr(e)
	}
	return strings.Join(parts, sep)
}

// arrayString prints an IN list as PG prints its array constant, or as
// ARRAY[...] when some element is not a constant.
func (dc *deparseContext) arrayString(x *nodes.ScalarArrayOpExpr) string {
	if x.Array != nil {
		return dc.expr(x.Array)
	}
	allConst := true
	var elems []string
	var t types.T
	for _, e := range x.List {
		k, ok := e.(*nodes.Const)
		if !ok {
			allConst = false
			break
		}
		t = k.Type
		if k.Value == nil {
			elems = append(elems, "NULL")
			continue
		}
		s := types.Out(k.Type, k.Value)
		if needsArrayQuote(s) {
			s = `"` + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), `"`, `\"`) + `"`
		}
		elems = append(elems, s)
	}
	if allConst {
		return "'{" + strings.ReplaceAll(strings.Join(elems, ","), "'", "''") + "}'::" + types.FormatType(types.T{Oid: t.Oid, Typmod: t.Typmod}) + "[]"
	}
	return "ARRAY[" + dc.list(x.List) + "]"
}

func needsArrayQuote(s string) bool {
	if s == "" || strings.EqualFold(s, "null") {
		return true
	}
	return strings.ContainsAny(s, "{},\"\\ \t\n")
}

// constString prints a constant as ruleutils' get_const_expr does.
func constString(k *nodes.Const) string {
	if k.Value == nil {
		return "NULL::" + types.FormatType(k.Type)
	}
	s := types.Out(k.Type, k.Value)
	switch k.Type.Oid {
	case types.Int4Oid:
		if !strings.HasPrefix(s, "-") {
			return s
		}
	case types.NumericOid:
		if !strings.HasPrefix(s, "-") && strings.Trim(s, "0123456789.") == "" && strings.Contains(s, ".") {
			return s
		}
	case types.BoolOid:
		if k.Value.(bool) {
			return "true"
		}
		return "false"
	}
	return "'" + strings.ReplaceAll(s, "'", "''") + "'::" + types.FormatType(k.Type)
}

var reserved = map[string]bool{"all": true, "analyse": true, "analyze": true, "and": true, "any": true, "array": true, "as": true, "asc": true, "case": true, "cast": true, "check": true, "collate": true, "column": true, "constraint": true, "create": true, "default": true, "desc": true, "distinct": true, "do": true, "else": true, "end": true, "except": true, "false": true, "for": true, "from": true, "grant": true, "group": true, "having": true, "in": true, "into": true, "limit": true, "not": true, "null": true, "offset": true, "on": true, "only": true, "or": true, "order": true, "select": true, "table": true, "then": true, "to": true, "true": true, "union": true, "user": true, "using": true, "when": true, "where": true, "with": true}

// quoteIdent quotes an identifier when PG's quote_identifier would.
func quoteIdent(s string) string {
	safe := s != "" && !(s[0] >= '0' && s[0] <= '9')
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			safe = false
			break
		}
	}
	if safe && !reserved[s] {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// rtableNames chooses the names EXPLAIN gives the range-table entries that
// the plan scans (PG: select_rtable_names_for_explain, set_rtable_names):
// the alias, or the relation's name, made unique by appending "_N". The
// result is indexed by range-table index; unused entries get "".
func rtableNames(rt []*nodes.RangeTblEntry, used map[int]bool) []string {
	names := make([]string, len(rt)+1)
	counters := map[string]int{}
	for i, rte := range rt {
		rti := i + 1
		if !used[rti] {
			continue
		}
		ref := rte.Alias
		if ref == "" {
			ref = rte.RelName
		}
		if ref == "" {
			continue
		}
		if _, taken := counters[ref]; taken {
			mod := ref
			for {
				counters[ref]++
				mod = fmt.Sprintf("%s_%d", ref, counters[ref])
				if _, taken := counters[mod]; !taken {
					break
				}
			}
			counters[mod] = 0
			ref = mod
		} else {
			counters[ref] = 0
		}
		names[rti] = ref
	}
	return names
}

// scannedRelations returns the range-table indexes the plan scans.
func scannedRelations(p plannodes.Plan, used map[int]bool) {
	switch n := p.(type) {
	case *plannodes.SeqScan:
		used[n.ScanRelID] = true
	case *plannodes.SampleScan:
		used[n.ScanRelID] = true
	case *plannodes.ValuesScan:
		used[n.ScanRelID] = true
	case *plannodes.SubqueryScan:
		used[n.ScanRelID] = true
	case *plannodes.FunctionScan:
		used[n.ScanRelID] = true
	case *plannodes.CteScan:
		used[n.ScanRelID] = true
	case *plannodes.WorkTableScan:
		used[n.ScanRelID] = true
	case *plannodes.IndexScan:
		used[n.ScanRelID] = true
	case *plannodes.IndexOnlyScan:
		used[n.ScanRelID] = true
	case *plannodes.BitmapHeapScan:
		used[n.ScanRelID] = true
	case *plannodes.ModifyTable:
		if n.ResultRelation > 0 {
			used[n.ResultRelation] = true
		}
	}
	for _, c := range plannodes.Children(p) {
		scannedRelations(c, used)
	}
}
