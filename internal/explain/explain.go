// Package explain renders plans as EXPLAIN does (PG: commands/explain.c):
// PostgreSQL's exact text format, with costs, VERBOSE output lists and
// qualified names, and ANALYZE figures taken from the executor's per-node
// instrumentation.
package explain

import (
	"fmt"
	"strings"
	"time"

	"github.com/loomdb/loomdb/internal/executor"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/plannodes"
)

// Options are EXPLAIN's switches.
type Options struct {
	Analyze bool
	Verbose bool
	Costs   bool
	Timing  bool
	Summary bool
}

// Explainer accumulates EXPLAIN output lines.
type Explainer struct {
	opts  Options
	lines []string
	// rangeTableSize decides whether column names are qualified.
	rangeTableSize int
}

// New returns an Explainer for a statement with the given range table size.
func New(opts Options, rangeTableSize int) *Explainer {
	return &Explainer{opts: opts, rangeTableSize: rangeTableSize}
}

// Lines returns the output so far.
func (e *Explainer) Lines() []string { return e.lines }

// PrintPlan renders the plan tree; ps, when not nil, supplies ANALYZE figures.
func (e *Explainer) PrintPlan(p plannodes.Plan, ps executor.PlanState) {
	e.node(p, ps, 0, true)
}

// AddSummary appends the planning and execution time lines.
func (e *Explainer) AddSummary(planning, execution time.Duration) {
	if !e.opts.Summary {
		return
	}
	e.lines = append(e.lines, fmt.Sprintf("Planning Time: %.3f ms", ms(planning)))
	if e.opts.Analyze {
		e.lines = append(e.lines, fmt.Sprintf("Execution Time: %.3f ms", ms(execution)))
	}
}

func ms(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e6 }

func (e *Explainer) node(p plannodes.Plan, ps executor.PlanState, indent int, top bool) {
	h := p.PlanHeader()
	var sb strings.Builder
	propIndent := 2
	if !top {
		sb.WriteString(strings.Repeat(" ", indent))
		sb.WriteString("->  ")
		propIndent = indent + 6
	}
	name := plannodes.NodeName(p)
	if h.ParallelAware {
		name = "Parallel " + name
	}
	if j := joinOf(p); j != nil && j.JoinType != plannodes.JoinInner {
		switch p.(type) {
		case *plannodes.NestLoop:
			name = "Nested Loop " + j.JoinType.String() + " Join"
		case *plannodes.HashJoin:
			name = "Hash " + j.JoinType.String() + " Join"
		case *plannodes.MergeJoin:
			name = "Merge " + j.JoinType.String() + " Join"
		}
	}
	sb.WriteString(name)
	switch n := p.(type) {
	case *plannodes.SeqScan:
		sb.WriteString(" on " + e.relName(n.Schema, n.RelName, n.Alias))
	case *plannodes.ValuesScan:
		sb.WriteString(" on \"*VALUES*\"")
	case *plannodes.ModifyTable:
		sb.WriteString(" on " + e.relName(n.Schema, n.RelName, n.Alias))
	}
	if e.opts.Costs {
		fmt.Fprintf(&sb, "  (cost=%.2f..%.2f rows=%.0f width=%d)", h.StartupCost, h.TotalCost, h.PlanRows, h.PlanWidth)
	}
	var instr *executor.Instrumentation
	var inner executor.PlanState
	if is, ok := ps.(*executor.InstrumentedState); ok {
		instr = is.Instr
		inner = is.PlanState
	}
	if e.opts.Analyze && instr != nil {
		if instr.Loops == 0 {
			sb.WriteString(" (never executed)")
		} else {
			loops := float64(instr.Loops)
			if e.opts.Timing {
				fmt.Fprintf(&sb, " (actual time=%.3f..%.3f rows=%.0f loops=%d)", ms(instr.Startup)/loops, ms(instr.Total)/loops, instr.Rows/loops, instr.Loops)
			} else {
				fmt.Fprintf(&sb, " (actual rows=%.0f loops=%d)", instr.Rows/loops, instr.Loops)
			}
		}
	}
	e.lines = append(e.lines, sb.String())
	prop := func(label, value string) {
		e.lines = append(e.lines, strings.Repeat(" ", propIndent)+label+": "+value)
	}
	child := firstChild(p)
	if e.opts.Verbose && len(h.TargetList) > 0 {
		dc := &deparseContext{outer: child, inner: secondChild(p), useprefix: e.rangeTableSize > 1}
		var outs []string
		for _, te := range h.TargetList {
			outs = append(outs, dc.expr(te.Expr))
		}
		prop("Output", strings.Join(outs, ", "))
	}
	useprefix := e.rangeTableSize > 1 || e.opts.Verbose
	upper := &deparseContext{outer: child, inner: secondChild(p), useprefix: useprefix}
	switch n := p.(type) {
	case *plannodes.HashJoin:
		prop("Hash Cond", qualString(upper, n.HashClauses))
		if len(n.JoinQual) > 0 {
			prop("Join Filter", qualString(upper, n.JoinQual))
		}
	case *plannodes.MergeJoin:
		prop("Merge Cond", qualString(upper, n.MergeClauses))
		if len(n.JoinQual) > 0 {
			prop("Join Filter", qualString(upper, n.JoinQual))
		}
	case *plannodes.NestLoop:
		if len(n.JoinQual) > 0 {
			prop("Join Filter", qualString(upper, n.JoinQual))
		}
	case *plannodes.Agg:
		if len(n.GrpColIdx) > 0 {
			prop("Group Key", e.keyList(upper, child, n.GrpColIdx))
		}
	case *plannodes.Group:
		prop("Group Key", e.keyList(upper, child, n.GrpColIdx))
	case *plannodes.Result:
		if len(n.ResConstantQual) > 0 {
			dc := &deparseContext{useprefix: useprefix}
			prop("One-Time Filter", qualString(dc, n.ResConstantQual))
		}
	case *plannodes.Sort:
		dc := &deparseContext{outer: child, useprefix: useprefix}
		var keys []string
		for i, col := range n.SortColIdx {
			k := dc.expr(&nodes.Var{VarNo: nodes.OuterVar, AttNo: col, Name: "?"})
			k = strings.TrimSuffix(strings.TrimPrefix(k, "("), ")")
			if isParenthesized(dc, col) {
				k = "(" + k + ")"
			}
			if n.Descending[i] {
				k += " DESC"
				if !n.NullsFirst[i] {
					k += " NULLS LAST"
				}
			} else if n.NullsFirst[i] {
				k += " NULLS FIRST"
			}
			keys = append(keys, k)
		}
		prop("Sort Key", strings.Join(keys, ", "))
		if e.opts.Analyze && instr != nil && instr.Loops > 0 {
			if ss, ok := inner.(*executor.SortState); ok {
				e.lines = append(e.lines, strings.Repeat(" ", propIndent)+ss.SortMethod())
			}
		}
	}
	if len(h.Qual) > 0 {
		// Scan quals are qualified only in VERBOSE (PG: show_scan_qual).
		qualPrefix := useprefix
		if _, isScan := p.(*plannodes.SeqScan); isScan {
			qualPrefix = e.opts.Verbose
		}
		dc := &deparseContext{outer: child, inner: secondChild(p), useprefix: qualPrefix}
		prop("Filter", qualString(dc, h.Qual))
		if e.opts.Analyze && instr != nil && instr.Loops > 0 {
			if ss, ok := inner.(*executor.SeqScanState); ok && ss.Filtered > 0 {
				prop("Rows Removed by Filter", fmt.Sprintf("%.0f", ss.Filtered/float64(instr.Loops)))
			}
		}
	}
	var childStates []executor.PlanState
	if is, ok := ps.(*executor.InstrumentedState); ok {
		childStates = is.Children()
	}
	for i, c := range plannodes.Children(p) {
		var cs executor.PlanState
		if i < len(childStates) {
			cs = childStates[i]
		}
		e.node(c, cs, propIndent, false)
	}
}

// isParenthesized reports whether a sort key refers to a computed (non-Var)
// column, which PG prints in parentheses.
func isParenthesized(dc *deparseContext, col int) bool {
	if dc.outer == nil {
		return false
	}
	tl := dc.outer.PlanHeader().TargetList
	if col-1 >= len(tl) {
		return false
	}
	switch tl[col-1].Expr.(type) {
	case *nodes.Var, *nodes.Aggref:
		return false
	}
	return true
}

func qualString(dc *deparseContext, quals []nodes.Expr) string {
	if len(quals) == 1 {
		return dc.expr(quals[0])
	}
	return dc.expr(&nodes.BoolExpr{Op: nodes.AndExpr, Args: quals})
}

func (e *Explainer) relName(schema, name, alias string) string {
	s := quoteIdent(name)
	if e.opts.Verbose && schema != "" {
		s = quoteIdent(schema) + "." + s
	}
	if alias != "" && alias != name {
		s += " " + quoteIdent(alias)
	}
	return s
}

func joinOf(p plannodes.Plan) *plannodes.Join {
	switch n := p.(type) {
	case *plannodes.NestLoop:
		return &n.Join
	case *plannodes.HashJoin:
		return &n.Join
	case *plannodes.MergeJoin:
		return &n.Join
	}
	return nil
}

// keyList prints grouping columns as show_agg_keys does: the child's own
// target-list expressions, deparsed in the child's context.
func (e *Explainer) keyList(dc *deparseContext, child plannodes.Plan, cols []int) string {
	inner := &deparseContext{outer: firstChild(child), inner: secondChild(child), useprefix: dc.useprefix}
	tl := child.PlanHeader().TargetList
	var keys []string
	for _, col := range cols {
		keys = append(keys, inner.expr(tl[col-1].Expr))
	}
	return strings.Join(keys, ", ")
}
