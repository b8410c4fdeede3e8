// Package explain renders plans as EXPLAIN does (PG: commands/explain.c):
// PostgreSQL 15's exact text, XML, JSON and YAML formats, with costs, VERBOSE
// output lists and qualified names, ANALYZE figures taken from the
// executor's per-node instrumentation, BUFFERS counts and SETTINGS.
//
// An Explainer is used once per statement: New, optionally SetSettings and
// SetPlanningBuffers, PrintPlan (before the executor's End, so that nodes
// still hold their figures), AddSummary, then Lines.
package explain

import (
	"fmt"
	"strings"
	"time"

	"github.com/loomdb/loomdb/internal/executor"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/plannodes"
	"github.com/loomdb/loomdb/internal/storage"
)

// Options are EXPLAIN's switches.
type Options struct {
	Analyze bool
	Verbose bool
	Costs   bool
	Timing  bool
	Summary bool
	Buffers bool
	// Settings lists the changed planner settings given to SetSettings.
	Settings bool
	Format   Format
}

// Explainer accumulates EXPLAIN output (PG: ExplainState).
type Explainer struct {
	opts Options
	// rangeTableSize decides whether column names are qualified.
	rangeTableSize int
	// rtable, when set, names relations uniquely (see SetRangeTable).
	rtable      []*nodes.RangeTblEntry
	refnames    []string
	out         output
	settings    []Setting
	planBuffers *storage.BufferUsage
	// subplans are the statement's SubPlan plans, subplanRuns the executor
	// state that ran them (ANALYZE); paramRefs print a correlated
	// SubPlan's Params as the outer expressions that set them.
	subplans    []plannodes.Plan
	subplanRuns *executor.EState
	paramRefs   map[int]string
	// workersState collects the per-worker output of the node being
	// printed; hideWorkers suppresses it under an invisible Gather.
	workersState *workersState
	hideWorkers  bool
	// progress through the output: the opening written, the plan printed,
	// the summary written, the output closed.
	begun, planned, summarized, ended bool
	lines                             []string
}

// New returns an Explainer for a statement with the given range table size.
func New(opts Options, rangeTableSize int) *Explainer {
	return &Explainer{opts: opts, rangeTableSize: rangeTableSize, out: output{format: opts.Format, buf: &strings.Builder{}}}
}

// SetRangeTable gives the statement's range table, from which relations
// scanned twice get unique names ("tenk1", "tenk1_1") as in PG.
func (e *Explainer) SetRangeTable(rt []*nodes.RangeTblEntry) { e.rtable = rt }

// dc returns a deparse context for expressions over the given inputs.
func (e *Explainer) dc(outer, inner plannodes.Plan, useprefix bool) *deparseContext {
	return &deparseContext{outer: outer, inner: inner, useprefix: useprefix, refnames: e.refnames, params: e.paramRefs}
}

// refname returns the name of range-table entry rti, or def.
func (e *Explainer) refname(rti int, def string) string {
	if rti > 0 && rti < len(e.refnames) && e.refnames[rti] != "" {
		return e.refnames[rti]
	}
	return def
}

// SetSettings gives the settings that SETTINGS lists (see ChangedSettings).
func (e *Explainer) SetSettings(s []Setting) { e.settings = s }

// SetPlanningBuffers gives the buffer accesses made while planning, shown
// with BUFFERS (PG 13+: "Planning:" / "Buffers: ...").
func (e *Explainer) SetPlanningBuffers(u storage.BufferUsage) { e.planBuffers = &u }

func (e *Explainer) begin() {
	if !e.begun {
		e.begun = true
		e.out.begin()
		e.out.openGroup("Query", "", true)
	}
}

// SetSubplans gives the statement's SubPlan plans and, after ANALYZE, the
// executor state that ran them.
func (e *Explainer) SetSubplans(plans []plannodes.Plan, es *executor.EState) {
	e.subplans, e.subplanRuns = plans, es
}

// PrintPlan renders the plan tree, and the settings when asked for; ps,
// when not nil, supplies ANALYZE figures.
func (e *Explainer) PrintPlan(p plannodes.Plan, ps executor.PlanState) {
	if e.rtable != nil {
		used := map[int]bool{}
		scannedRelations(p, used)
		for _, sp := range e.subplans {
			scannedRelations(sp, used)
		}
		e.refnames = rtableNames(e.rtable, used)
	}
	e.begin()
	if g, ok := p.(*plannodes.Gather); ok && g.Invisible {
		// debug_parallel_query = regress: show the plan as if the Gather
		// were not there (PG: ExplainPrintPlan's hide_workers).
		p = g.Lefttree
		if is, ok := ps.(*executor.InstrumentedState); ok && len(is.Children()) > 0 {
			ps = is.Children()[0]
		} else {
			ps = nil
		}
		e.hideWorkers = true
	}
	e.node(p, ps, "", "")
	e.printSettings()
	e.planned = true
}

// AddSummary appends what follows the plan: planning buffers, the planning
// time, triggers and the execution time (PG: ExplainOnePlan).
func (e *Explainer) AddSummary(planning, execution time.Duration) {
	e.summary(&planning, &execution)
}

func (e *Explainer) summary(planning, execution *time.Duration) {
	if e.summarized {
		return
	}
	e.begin()
	e.summarized = true
	o := &e.out
	if e.opts.Buffers {
		var u storage.BufferUsage
		if e.planBuffers != nil {
			u = *e.planBuffers
		}
		o.openGroup("Planning", "Planning", true)
		e.bufferUsage(u, true)
		o.closeGroup("Planning", true)
	}
	if e.opts.Summary && planning != nil {
		o.propFloat("Planning Time", "ms", ms(*planning), 3)
	}
	if e.opts.Analyze {
		o.openGroup("Triggers", "Triggers", false)
		o.closeGroup("Triggers", false)
	}
	if e.opts.Summary && e.opts.Analyze && execution != nil {
		o.propFloat("Execution Time", "ms", ms(*execution), 3)
	}
}

// Lines finishes the output and returns its rows: one per line in text,
// one row holding the whole document in XML, JSON and YAML.
func (e *Explainer) Lines() []string {
	if !e.ended {
		e.summary(nil, nil)
		e.out.closeGroup("Query", true)
		e.out.end()
		e.ended = true
		s := e.out.buf.String()
		if e.out.text() {
			e.lines = strings.Split(strings.TrimSuffix(s, "\n"), "\n")
		} else {
			e.lines = []string{s}
		}
	}
	return e.lines
}

func ms(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e6 }

// printSettings lists the changed settings (PG: ExplainPrintSettings).
func (e *Explainer) printSettings() {
	if !e.opts.Settings {
		return
	}
	o := &e.out
	if !o.text() {
		o.openGroup("Settings", "Settings", true)
		for _, s := range e.settings {
			o.propText(s.Name, s.Value)
		}
		o.closeGroup("Settings", true)
		return
	}
	if len(e.settings) == 0 {
		return
	}
	parts := make([]string, len(e.settings))
	for i, s := range e.settings {
		parts[i] = fmt.Sprintf("%s = '%s'", s.Name, s.Value)
	}
	o.propText("Settings", strings.Join(parts, ", "))
}

// nodeNames are a node's names: pname as the text format prints it, sname
// as JSON's "Node Type", and the strategy, partial mode and operation that
// JSON shows apart.
type nodeNames struct {
	pname, sname, strategy, partialMode, operation string
}

func describe(p plannodes.Plan) nodeNames {
	switch n := p.(type) {
	case *plannodes.NestLoop:
		return nodeNames{pname: "Nested Loop", sname: "Nested Loop"}
	case *plannodes.MergeJoin:
		return nodeNames{pname: "Merge", sname: "Merge Join"}
	case *plannodes.HashJoin:
		return nodeNames{pname: "Hash", sname: "Hash Join"}
	case *plannodes.Agg:
		nn := nodeNames{sname: "Aggregate"}
		switch n.Strategy {
		case plannodes.AggPlain:
			nn.pname, nn.strategy = "Aggregate", "Plain"
		case plannodes.AggSorted:
			nn.pname, nn.strategy = "GroupAggregate", "Sorted"
		case plannodes.AggHashed:
			nn.pname, nn.strategy = "HashAggregate", "Hashed"
		default:
			nn.pname, nn.strategy = "MixedAggregate", "Mixed"
		}
		switch n.Split {
		case nodes.AggSplitInitialSerial:
			nn.pname, nn.partialMode = "Partial "+nn.pname, "Partial"
		case nodes.AggSplitFinalDeserial:
			nn.pname, nn.partialMode = "Finalize "+nn.pname, "Finalize"
		default:
			nn.partialMode = "Simple"
		}
		return nn
	case *plannodes.ModifyTable:
		op := plannodes.NodeName(p)
		return nodeNames{pname: op, sname: "ModifyTable", operation: op}
	case *plannodes.SetOp:
		if n.Hashed {
			return nodeNames{pname: "HashSetOp " + n.Cmd.String(), sname: "SetOp", strategy: "Hashed"}
		}
		return nodeNames{pname: "SetOp " + n.Cmd.String(), sname: "SetOp", strategy: "Sorted"}
	}
	name := plannodes.NodeName(p)
	return nodeNames{pname: name, sname: name}
}

// node prints one plan node and its children (PG: ExplainNode);
// relationship is "" for the top node, else "Outer", "Inner" or "Member".
func (e *Explainer) node(p plannodes.Plan, ps executor.PlanState, relationship, planName string) {
	o := &e.out
	h := p.PlanHeader()
	var instr *executor.Instrumentation
	var inner executor.PlanState
	var childStates []executor.PlanState
	if is, ok := ps.(*executor.InstrumentedState); ok {
		instr, inner, childStates = is.Instr, is.PlanState, is.Children()
	}
	workers := e.workerFigures(p)
	instr = mergedInstr(instr, workers)
	saveWorkers := e.workersState
	e.workersState = nil
	if len(workers) > 0 && !e.hideWorkers {
		e.workersState = &workersState{workers: workers, bufs: map[int]*strings.Builder{}, saved: map[int]bool{}}
	}
	defer func() { e.workersState = saveWorkers }()
	nn := describe(p)
	label := "Plan"
	if relationship != "" {
		label = ""
	}
	o.openGroup("Plan", label, true)
	saveIndent := o.indent
	if o.text() {
		if planName != "" {
			o.indentText()
			o.buf.WriteString(planName + "\n")
			o.indent++
		}
		if o.indent > 0 {
			o.indentText()
			o.buf.WriteString("->  ")
			o.indent += 2
		}
		if h.ParallelAware {
			o.buf.WriteString("Parallel ")
		}
		o.buf.WriteString(nn.pname)
		o.indent++
	} else {
		o.propText("Node Type", nn.sname)
		if nn.strategy != "" {
			o.propText("Strategy", nn.strategy)
		}
		if nn.partialMode != "" {
			o.propText("Partial Mode", nn.partialMode)
		}
		if nn.operation != "" {
			o.propText("Operation", nn.operation)
		}
		if relationship != "" {
			o.propText("Parent Relationship", relationship)
		}
		if planName != "" {
			o.propText("Subplan Name", planName)
		}
		o.propBool("Parallel Aware", h.ParallelAware)
		o.propBool("Async Capable", false)
		if so, ok := p.(*plannodes.SetOp); ok {
			o.propText("Command", so.Cmd.String())
		}
	}

	switch n := p.(type) {
	case *plannodes.SeqScan:
		e.targetRel(n.RelName, n.Schema, e.refname(n.ScanRelID, n.Alias))
	case *plannodes.SampleScan:
		e.targetRel(n.RelName, n.Schema, e.refname(n.ScanRelID, n.Alias))
	case *plannodes.IndexScan:
		e.indexScanDetails(n)
	case *plannodes.IndexOnlyScan:
		e.indexScanDetails(&n.IndexScan)
	case *plannodes.BitmapIndexScan:
		if o.text() {
			o.buf.WriteString(" on " + quoteIdent(n.IndexName))
		} else {
			o.propText("Index Name", n.IndexName)
		}
	case *plannodes.BitmapHeapScan:
		e.targetRel(n.RelName, n.Schema, e.refname(n.ScanRelID, n.Alias))
	case *plannodes.ValuesScan:
		e.targetRel("", "", e.refname(n.ScanRelID, "*VALUES*"))
	case *plannodes.SubqueryScan:
		e.targetRel("", "", e.refname(n.ScanRelID, n.Alias))
	case *plannodes.FunctionScan:
		if nodes.IsRowsFrom(n.Call) {
			e.targetObject("Function Name", "", "", e.refname(n.ScanRelID, n.Alias))
		} else {
			e.targetObject("Function Name", n.Call.Name, "pg_catalog", e.refname(n.ScanRelID, n.Alias))
		}
	case *plannodes.CteScan:
		e.targetObject("CTE Name", n.CTEName, "", e.refname(n.ScanRelID, n.Alias))
	case *plannodes.WorkTableScan:
		e.targetObject("CTE Name", n.CTEName, "", e.refname(n.ScanRelID, n.Alias))
	case *plannodes.ModifyTable:
		e.targetRel(n.RelName, n.Schema, e.refname(n.ResultRelation, n.Alias))
	}
	if j := joinOf(p); j != nil {
		jt := j.JoinType.String()
		if !o.text() {
			o.propText("Join Type", jt)
		} else if j.JoinType != plannodes.JoinInner {
			o.buf.WriteString(" " + jt + " Join")
		} else if _, nl := p.(*plannodes.NestLoop); !nl {
			o.buf.WriteString(" Join")
		}
	}

	if e.opts.Costs {
		if o.text() {
			fmt.Fprintf(o.buf, "  (cost=%.2f..%.2f rows=%.0f width=%d)", h.StartupCost, h.TotalCost, h.PlanRows, h.PlanWidth)
		} else {
			o.propFloat("Startup Cost", "", h.StartupCost, 2)
			o.propFloat("Total Cost", "", h.TotalCost, 2)
			o.propFloat("Plan Rows", "", h.PlanRows, 0)
			o.propInt("Plan Width", "", int64(h.PlanWidth))
		}
	}
	executed := instr != nil && instr.Loops > 0
	if e.opts.Analyze && executed {
		loops := float64(instr.Loops)
		startup, total, rows := ms(instr.Startup)/loops, ms(instr.Total)/loops, instr.Rows/loops
		if o.text() {
			if e.opts.Timing {
				fmt.Fprintf(o.buf, " (actual time=%.3f..%.3f rows=%.0f loops=%.0f)", startup, total, rows, loops)
			} else {
				fmt.Fprintf(o.buf, " (actual rows=%.0f loops=%.0f)", rows, loops)
			}
		} else {
			if e.opts.Timing {
				o.propFloat("Actual Startup Time", "ms", startup, 3)
				o.propFloat("Actual Total Time", "ms", total, 3)
			}
			o.propFloat("Actual Rows", "", rows, 0)
			o.propFloat("Actual Loops", "", loops, 0)
		}
	} else if e.opts.Analyze {
		if o.text() {
			o.buf.WriteString(" (never executed)")
		} else {
			if e.opts.Timing {
				o.propFloat("Actual Startup Time", "ms", 0, 3)
				o.propFloat("Actual Total Time", "ms", 0, 3)
			}
			o.propFloat("Actual Rows", "", 0, 0)
			o.propFloat("Actual Loops", "", 0, 0)
		}
	}
	if o.text() {
		o.buf.WriteByte('\n')
	}
	if e.workersState != nil && e.opts.Verbose {
		e.workerTimes()
	}

	child := firstChild(p)
	if e.opts.Verbose {
		e.planTlist(p)
	}
	if j := joinOf(p); j != nil && (!o.text() || (e.opts.Verbose && j.InnerUnique)) {
		o.propBool("Inner Unique", j.InnerUnique)
	}

	useprefix := e.rangeTableSize > 1 || e.opts.Verbose
	upper := func(quals []nodes.Expr, label string) {
		if len(quals) > 0 {
			o.propText(label, qualString(e.dc(child, secondChild(p), useprefix), quals))
		}
	}
	count := func(label string, which int) {
		if !e.opts.Analyze || instr == nil {
			return
		}
		nf := instr.NFiltered1
		if which == 2 {
			nf = instr.NFiltered2
		}
		if nf > 0 || !o.text() {
			if instr.Loops > 0 {
				o.propFloat(label, "", nf/float64(instr.Loops), 0)
			} else {
				o.propFloat(label, "", 0, 0)
			}
		}
	}
	joinQuals := func(j *plannodes.Join) {
		upper(j.JoinQual, "Join Filter")
		if len(j.JoinQual) > 0 {
			count("Rows Removed by Join Filter", 1)
		}
		upper(h.Qual, "Filter")
		if len(h.Qual) > 0 {
			count("Rows Removed by Filter", 2)
		}
	}
	indexQuals := func(n *plannodes.IndexScan) {
		e.scanQual(n.IndexQual, "Index Cond", child, n.ScanRelID)
		if len(n.IndexQual) > 0 {
			count("Rows Removed by Index Recheck", 2)
		}
		e.scanQual(h.Qual, "Filter", child, n.ScanRelID)
		if len(h.Qual) > 0 {
			count("Rows Removed by Filter", 1)
		}
	}
	switch n := p.(type) {
	case *plannodes.SeqScan, *plannodes.ValuesScan, *plannodes.SubqueryScan, *plannodes.FunctionScan, *plannodes.CteScan, *plannodes.WorkTableScan:
		if fs, ok := p.(*plannodes.FunctionScan); ok && e.opts.Verbose {
			dc := e.dc(child, nil, true)
			if nodes.IsRowsFrom(fs.Call) {
				o.propText("Function Call", dc.list(fs.Call.Args))
			} else {
				o.propText("Function Call", dc.expr(fs.Call))
			}
		}
		// Scan quals are qualified only in VERBOSE (PG: show_scan_qual).
		if len(h.Qual) > 0 {
			o.propText("Filter", qualString(e.dc(child, nil, e.opts.Verbose), h.Qual))
			count("Rows Removed by Filter", 1)
		}
	case *plannodes.SampleScan:
		e.tablesample(n.TableSample, e.dc(child, nil, useprefix))
		if len(h.Qual) > 0 {
			o.propText("Filter", qualString(e.dc(child, nil, e.opts.Verbose), h.Qual))
			count("Rows Removed by Filter", 1)
		}
	case *plannodes.IndexScan:
		indexQuals(n)
	case *plannodes.IndexOnlyScan:
		indexQuals(&n.IndexScan)
		if e.opts.Analyze {
			if ios, ok := inner.(*executor.IndexOnlyScanState); ok {
				fetches := ios.HeapFetches
				if instr != nil && instr.Loops > 0 {
					fetches /= float64(instr.Loops)
				}
				o.propFloat("Heap Fetches", "", fetches, 0)
			}
		}
	case *plannodes.BitmapIndexScan:
		e.scanQual(n.IndexQual, "Index Cond", child, n.ScanRelID)
	case *plannodes.BitmapHeapScan:
		e.scanQual(n.BitmapQualOrig, "Recheck Cond", child, n.ScanRelID)
		if len(n.BitmapQualOrig) > 0 {
			count("Rows Removed by Index Recheck", 2)
		}
		e.scanQual(h.Qual, "Filter", child, n.ScanRelID)
		if len(h.Qual) > 0 {
			count("Rows Removed by Filter", 1)
		}
		if e.opts.Analyze && executed {
			if bs, ok := inner.(*executor.BitmapHeapScanState); ok {
				if o.text() {
					if bs.ExactPages > 0 {
						o.indentText()
						fmt.Fprintf(o.buf, "Heap Blocks: exact=%d\n", bs.ExactPages)
					}
				} else {
					o.propInt("Exact Heap Blocks", "", bs.ExactPages)
					o.propInt("Lossy Heap Blocks", "", 0)
				}
			}
		}
	case *plannodes.BitmapAnd, *plannodes.BitmapOr:
	case *plannodes.NestLoop:
		joinQuals(&n.Join)
	case *plannodes.MergeJoin:
		upper(n.MergeClauses, "Merge Cond")
		joinQuals(&n.Join)
	case *plannodes.HashJoin:
		upper(n.HashClauses, "Hash Cond")
		joinQuals(&n.Join)
	case *plannodes.ModifyTable:
		if oc := n.OnConflict; oc != nil {
			// PG: show_modifytable_info.
			res := "NOTHING"
			if oc.DoUpdate {
				res = "UPDATE"
			}
			o.propText("Conflict Resolution", res)
			if len(oc.ArbiterNames) > 0 {
				o.propList("Conflict Arbiter Indexes", oc.ArbiterNames)
			}
			if oc.Where != nil {
				dc := &deparseContext{useprefix: true, refnames: []string{"", e.refname(n.ResultRelation, n.Alias), "excluded"}, params: e.paramRefs}
				o.propText("Conflict Filter", qualString(dc, []nodes.Expr{oc.Where}))
			}
		}
	case *plannodes.Agg:
		if len(n.Rollups) > 0 {
			e.groupingSets(n, useprefix, child)
		} else if len(n.GrpColIdx) > 0 {
			o.propList("Group Key", e.keyList(useprefix, child, n.GrpColIdx))
		}
		upper(h.Qual, "Filter")
		e.hashAggInfo(n, inner, true)
		e.workerStates(func(ws executor.PlanState) { e.hashAggInfo(n, ws, false) })
		if len(h.Qual) > 0 {
			count("Rows Removed by Filter", 1)
		}
	case *plannodes.Group:
		o.propList("Group Key", e.keyList(useprefix, child, n.GrpColIdx))
		upper(h.Qual, "Filter")
		if len(h.Qual) > 0 {
			count("Rows Removed by Filter", 1)
		}
	case *plannodes.Sort:
		o.propList("Sort Key", e.sortKeys(n, useprefix))
		if e.opts.Analyze && executed {
			if is, ok := ps.(*executor.InstrumentedState); ok && is.Instr.Loops > 0 {
				e.sortInfo(inner)
			}
			e.workerStates(e.sortInfo)
		}
	case *plannodes.Gather:
		launched := 0
		if gs, ok := inner.(*executor.GatherState); ok {
			launched = gs.Launched
		}
		upper(h.Qual, "Filter")
		if len(h.Qual) > 0 {
			count("Rows Removed by Filter", 1)
		}
		e.workersPlanned(n.NumWorkers, n.InitParam, launched)
		if n.SingleCopy || !o.text() {
			o.propBool("Single Copy", n.SingleCopy)
		}
	case *plannodes.GatherMerge:
		launched := 0
		if gs, ok := inner.(*executor.GatherMergeState); ok {
			launched = gs.Launched
		}
		upper(h.Qual, "Filter")
		if len(h.Qual) > 0 {
			count("Rows Removed by Filter", 1)
		}
		e.workersPlanned(n.NumWorkers, n.InitParam, launched)
	case *plannodes.Result:
		if len(n.ResConstantQual) > 0 {
			o.propText("One-Time Filter", qualString(e.dc(nil, nil, useprefix), n.ResConstantQual))
		}
		upper(h.Qual, "Filter")
		if len(h.Qual) > 0 {
			count("Rows Removed by Filter", 1)
		}
	case *plannodes.Hash:
		e.hashInfo(n, inner)
	case *plannodes.Memoize:
		dc := e.dc(nil, nil, useprefix)
		keys := make([]string, len(n.ParamExprs))
		for i, k := range n.ParamExprs {
			keys[i] = dc.expr(k)
		}
		o.propText("Cache Key", strings.Join(keys, ", "))
		mode := "logical"
		if n.BinaryMode {
			mode = "binary"
		}
		o.propText("Cache Mode", mode)
		if e.opts.Analyze && executed {
			e.memoizeInfo(inner)
			e.workerStates(e.memoizeInfo)
		}
	case *plannodes.Limit, *plannodes.Material, *plannodes.Unique, *plannodes.Append, *plannodes.SetOp, *plannodes.RecursiveUnion:
	default:
		upper(h.Qual, "Filter")
		if len(h.Qual) > 0 {
			count("Rows Removed by Filter", 1)
		}
	}

	if e.opts.Buffers {
		e.bufferUsage(e.nodeBuffers(p, ps), false)
		if e.workersState != nil && e.opts.Verbose {
			e.workerBuffers()
		}
	}
	if e.workersState != nil {
		e.flushWorkers()
	}

	if nl, ok := p.(*plannodes.NestLoop); ok {
		// The Params a Nested Loop sets for its inner side print as the
		// outer columns they come from, qualified (PG: find_param_referent).
		dc := e.dc(nl.Lefttree, nil, true)
		for _, np := range nl.NestParams {
			if np.Exec {
				if e.paramRefs == nil {
					e.paramRefs = map[int]string{}
				}
				e.paramRefs[np.ParamID] = dc.expr(&nodes.Var{VarNo: nodes.OuterVar, AttNo: np.OuterCol + 1, Location: -1})
			}
		}
	}
	kids := plannodes.Children(p)
	subPlans := nodeSubPlans(p)
	if len(kids) > 0 || len(h.InitPlan) > 0 || len(subPlans) > 0 {
		o.openGroup("Plans", "Plans", false)
		e.subPlanNodes(h.InitPlan, "InitPlan", nil)
		_, isAppend := p.(*plannodes.Append)
		for i, c := range kids {
			rel := "Outer"
			switch {
			case isAppend:
				rel = "Member"
			case c == h.Righttree && c != h.Lefttree:
				rel = "Inner"
			}
			var cs executor.PlanState
			if i < len(childStates) {
				cs = childStates[i]
			}
			e.node(c, cs, rel, "")
		}
		e.subPlanNodes(subPlans, "SubPlan", e.dc(firstChild(p), secondChild(p), true))
		o.closeGroup("Plans", false)
	}
	if o.text() {
		o.indent = saveIndent
	}
	o.closeGroup("Plan", true)
}

// nodeSubPlans returns the SubPlans in p's own expressions, in the order
// the executor sets them up (target list, then conditions).
func nodeSubPlans(p plannodes.Plan) []*nodes.SubPlan {
	var out []*nodes.SubPlan
	plannodes.WalkExprs(p, func(e nodes.Expr) {
		nodes.Walk(e, func(n nodes.Expr) bool {
			if sp, ok := n.(*nodes.SubPlan); ok {
				out = append(out, sp)
			}
			return true
		})
	})
	return out
}

// subPlanNodes prints SubPlans or InitPlans below the node that runs them
// (PG: ExplainSubPlans). A correlated SubPlan's Params print as the
// expressions of the calling node that set them (dc), always qualified.
func (e *Explainer) subPlanNodes(sps []*nodes.SubPlan, relationship string, dc *deparseContext) {
	for _, sp := range sps {
		if sp.PlanID-1 >= len(e.subplans) {
			continue
		}
		for j, arg := range sp.Args {
			if e.paramRefs == nil {
				e.paramRefs = map[int]string{}
			}
			e.paramRefs[sp.ParParam[j]] = dc.expr(arg)
		}
		var ps executor.PlanState
		if e.subplanRuns != nil {
			ps = e.subplanRuns.SubplanState(sp.PlanID)
		}
		e.node(e.subplans[sp.PlanID-1], ps, relationship, sp.Name)
	}
}

// indexScanDetails prints an index scan's direction, index and table (PG:
// ExplainIndexScanDetails and ExplainScanTarget).
func (e *Explainer) indexScanDetails(n *plannodes.IndexScan) {
	o := &e.out
	if o.text() {
		if n.Backward {
			o.buf.WriteString(" Backward")
		}
		o.buf.WriteString(" using " + quoteIdent(n.IndexName))
	} else {
		dir := "Forward"
		if n.Backward {
			dir = "Backward"
		}
		o.propText("Scan Direction", dir)
		o.propText("Index Name", n.IndexName)
	}
	e.targetRel(n.RelName, n.Schema, e.refname(n.ScanRelID, n.Alias))
}

// scanQual prints a scan-level qual list; its columns are qualified only
// in VERBOSE (PG: show_scan_qual).
func (e *Explainer) scanQual(quals []nodes.Expr, label string, child plannodes.Plan, scanRel int) {
	if len(quals) > 0 {
		dc := e.dc(child, nil, e.opts.Verbose)
		dc.scanRel = scanRel
		e.out.propText(label, qualString(dc, quals))
	}
}

// targetRel prints the relation a node reads or writes (PG:
// ExplainTargetRel): " on [schema.]name [alias]" in text; Relation Name,
// Schema (VERBOSE) and Alias otherwise. name is "" for VALUES.
func (e *Explainer) targetRel(name, schema, alias string) {
	e.targetObject("Relation Name", name, schema, alias)
}

// targetObject prints what a scan reads, a relation or a function (tag
// names it in formats other than text), with its schema in VERBOSE and the
// alias when it differs (PG: ExplainTargetRel).
func (e *Explainer) targetObject(tag, name, schema, alias string) {
	o := &e.out
	if alias == "" {
		alias = name
	}
	if !e.opts.Verbose {
		schema = ""
	}
	if o.text() {
		o.buf.WriteString(" on")
		switch {
		case schema != "" && name != "":
			o.buf.WriteString(" " + quoteIdent(schema) + "." + quoteIdent(name))
		case name != "":
			o.buf.WriteString(" " + quoteIdent(name))
		}
		if name == "" || alias != name {
			o.buf.WriteString(" " + quoteIdent(alias))
		}
		return
	}
	if name != "" {
		o.propText(tag, name)
	}
	if schema != "" && name != "" {
		o.propText("Schema", schema)
	}
	o.propText("Alias", alias)
}

// planTlist prints VERBOSE's output list (PG: show_plan_tlist).
func (e *Explainer) planTlist(p plannodes.Plan) {
	h := p.PlanHeader()
	if len(h.TargetList) == 0 {
		return
	}
	switch p.(type) {
	case *plannodes.Append, *plannodes.RecursiveUnion:
		// PG suppresses these target lists as unhelpful.
		return
	}
	dc := e.dc(firstChild(p), secondChild(p), e.rangeTableSize > 1)
	dc.winFuncs = windowFuncsOf(p)
	outs := make([]string, 0, len(h.TargetList))
	for _, te := range h.TargetList {
		outs = append(outs, dc.expr(te.Expr))
	}
	e.out.propList("Output", outs)
}

// sortKeys prints a Sort's keys (PG: show_sort_keys).
func (e *Explainer) sortKeys(n *plannodes.Sort, useprefix bool) []string {
	dc := e.dc(firstChild(n), nil, useprefix)
	var keys []string
	for i, col := range n.SortColIdx {
		k := dc.expr(&nodes.Var{VarNo: nodes.OuterVar, AttNo: col, Name: "?"})
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
	return keys
}

// tablesample prints a Sample Scan's method, arguments and seed (PG:
// show_tablesample): "Sampling: bernoulli ('50'::real) REPEATABLE (...)"
// in text, three properties in the other formats.
func (e *Explainer) tablesample(ts *nodes.TableSampleClause, dc *deparseContext) {
	o := &e.out
	var params []string
	for _, a := range ts.Args {
		params = append(params, dc.expr(a))
	}
	repeatable := ""
	if ts.Repeatable != nil {
		repeatable = dc.expr(ts.Repeatable)
	}
	if o.text() {
		o.indentText()
		o.buf.WriteString("Sampling: " + ts.Method + " (" + strings.Join(params, ", ") + ")")
		if ts.Repeatable != nil {
			o.buf.WriteString(" REPEATABLE (" + repeatable + ")")
		}
		o.buf.WriteByte('\n')
		return
	}
	o.propText("Sampling Method", ts.Method)
	o.propList("Sampling Parameters", params)
	if ts.Repeatable != nil {
		o.propText("Repeatable Seed", repeatable)
	}
}

// workersPlanned prints a Gather's or Gather Merge's worker counts and the
// InitPlan results it passes to its workers (PG: show_eval_params).
func (e *Explainer) workersPlanned(planned int, initParam []int, launched int) {
	e.out.propInt("Workers Planned", "", int64(planned))
	if len(initParam) > 0 {
		params := make([]string, len(initParam))
		for i, id := range initParam {
			params[i] = fmt.Sprintf("$%d", id)
		}
		e.out.propList("Params Evaluated", params)
	}
	if e.opts.Analyze {
		e.out.propInt("Workers Launched", "", int64(launched))
	}
}

// sortInfo prints a Sort's "Sort Method" line (PG: show_sort_info).
func (e *Explainer) sortInfo(ps executor.PlanState) {
	ss, ok := ps.(*executor.SortState)
	if !ok {
		return
	}
	o := &e.out
	method, kb, spaceType := ss.SortStats()
	if o.text() {
		o.indentText()
		fmt.Fprintf(o.buf, "Sort Method: %s  %s: %dkB\n", method, spaceType, kb)
	} else {
		o.propText("Sort Method", method)
		o.propInt("Sort Space Used", "kB", kb)
		o.propText("Sort Space Type", spaceType)
	}
}

// memoizeInfo prints a Memoize's cache figures in one participant, if it
// had a miss (PG: show_memoize_info; there is always a miss before a hit).
func (e *Explainer) memoizeInfo(ps executor.PlanState) {
	ms, ok := ps.(*executor.MemoizeState)
	if !ok {
		return
	}
	st := ms.Stats()
	if st.Misses == 0 {
		return
	}
	o := &e.out
	peakKB := (st.MemPeak + 1023) / 1024
	if o.text() {
		o.indentText()
		fmt.Fprintf(o.buf, "Hits: %d  Misses: %d  Evictions: %d  Overflows: %d  Memory Usage: %dkB\n", st.Hits, st.Misses, st.Evictions, st.Overflows, peakKB)
		return
	}
	o.propInt("Cache Hits", "", st.Hits)
	o.propInt("Cache Misses", "", st.Misses)
	o.propInt("Cache Evictions", "", st.Evictions)
	o.propInt("Cache Overflows", "", st.Overflows)
	o.propInt("Peak Memory Usage", "kB", peakKB)
}

// hashInfo prints a Hash node's table figures, the largest of the leader's
// and its workers' (PG: show_hash_info).
func (e *Explainer) hashInfo(n *plannodes.Hash, ps executor.PlanState) {
	if !e.opts.Analyze {
		return
	}
	var st executor.HashStats
	built := false
	if hs, ok := ps.(*executor.HashState); ok {
		st, built = hs.HashStats()
	}
	for _, w := range e.workerFigures(n) {
		if hs, ok := w.State.(*executor.HashState); ok {
			if ws, ok := hs.HashStats(); ok {
				st.Merge(ws)
				built = true
			}
		}
	}
	if !built {
		return
	}
	o := &e.out
	peakKB := (st.SpacePeak + 1023) / 1024
	switch {
	case !o.text():
		o.propInt("Hash Buckets", "", int64(st.NBuckets))
		o.propInt("Original Hash Buckets", "", int64(st.NBucketsOriginal))
		o.propInt("Hash Batches", "", int64(st.NBatch))
		o.propInt("Original Hash Batches", "", int64(st.NBatchOriginal))
		o.propInt("Peak Memory Usage", "kB", peakKB)
	case st.NBatchOriginal != st.NBatch || st.NBucketsOriginal != st.NBuckets:
		o.indentText()
		fmt.Fprintf(o.buf, "Buckets: %d (originally %d)  Batches: %d (originally %d)  Memory Usage: %dkB\n",
			st.NBuckets, st.NBucketsOriginal, st.NBatch, st.NBatchOriginal, peakKB)
	default:
		o.indentText()
		fmt.Fprintf(o.buf, "Buckets: %d  Batches: %d  Memory Usage: %dkB\n", st.NBuckets, st.NBatch, peakKB)
	}
}

// groupingSets prints the grouping sets of an Agg, a rollup at a time
// (PG: show_grouping_sets): "Hash Key" for a hashed rollup (and the first
// of a MixedAggregate), "Group Key" for a sorted one, "()" for an empty
// set, and before a sorted rollup that sorts the input again its "Sort
// Key", its sets indented under it.
func (e *Explainer) groupingSets(n *plannodes.Agg, useprefix bool, child plannodes.Plan) {
	o := &e.out
	o.openGroup("Grouping Sets", "Grouping Sets", false)
	// firstSort holds until a sorted rollup has read the input in its
	// order; every later sorted rollup sorts it again.
	firstSort := n.Rollups[0].Hashed
	for i, r := range n.Rollups {
		hashed := r.Hashed || (i == 0 && n.Strategy == plannodes.AggMixed)
		resort := false
		if i > 0 && !r.Hashed {
			resort = !firstSort
			firstSort = false
		}
		keyName, setsName := "Group Key", "Group Keys"
		if hashed {
			keyName, setsName = "Hash Key", "Hash Keys"
		}
		o.openGroup("Grouping Set", "", true)
		if resort {
			o.propList("Sort Key", e.keyList(useprefix, child, r.GrpColIdx))
			if o.text() {
				o.indent++
			}
		}
		o.openGroup(setsName, setsName, false)
		for _, l := range r.SetLens {
			keys := e.keyList(useprefix, child, r.GrpColIdx[:l])
			if len(keys) == 0 && o.text() {
				o.propText(keyName, "()")
				continue
			}
			o.propListNested(keyName, keys)
		}
		o.closeGroup(setsName, false)
		if resort && o.text() {
			o.indent--
		}
		o.closeGroup("Grouping Set", true)
	}
	o.closeGroup("Grouping Sets", false)
}

// hashAggInfo prints a hashed Agg's figures (PG: show_hashagg_info): with
// ANALYZE the batches, peak memory and, when it spilled, disk space.
// PostgreSQL 15 reports 0 planned partitions even for tables its planner
// costs as spilling, so text never shows the line.
func (e *Explainer) hashAggInfo(n *plannodes.Agg, ps executor.PlanState, leader bool) {
	if n.Strategy != plannodes.AggHashed && n.Strategy != plannodes.AggMixed {
		return
	}
	o := &e.out
	as, _ := ps.(*executor.AggState)
	var batches int
	var memKB int64
	var ran bool
	if as != nil && e.opts.Analyze {
		batches, memKB, ran = as.HashAggStats()
	}
	if !o.text() {
		if e.opts.Costs && leader {
			o.propInt("Planned Partitions", "", 0)
		}
		if ran {
			o.propInt("HashAgg Batches", "", int64(batches))
			o.propInt("Peak Memory Usage", "kB", memKB)
			o.propInt("Disk Usage", "kB", as.HashAggDiskKB())
		}
		return
	}
	if ran {
		o.indentText()
		o.buf.WriteString(as.HashAggInfo() + "\n")
	}
}

// bufferUsage prints buffer counts (PG 15: show_buffer_usage). Text shows
// only nonzero counts, under "Planning:" for the planner's; other formats
// show every counter. loomdb has no local (temporary-table) buffers and
// does not yet count temporary-file blocks, so those read zero.
func (e *Explainer) bufferUsage(u storage.BufferUsage, planning bool) {
	o := &e.out
	if !o.text() {
		o.propInt("Shared Hit Blocks", "", u.SharedHit)
		o.propInt("Shared Read Blocks", "", u.SharedRead)
		o.propInt("Shared Dirtied Blocks", "", u.SharedDirtied)
		o.propInt("Shared Written Blocks", "", u.SharedWritten)
		o.propInt("Local Hit Blocks", "", 0)
		o.propInt("Local Read Blocks", "", 0)
		o.propInt("Local Dirtied Blocks", "", 0)
		o.propInt("Local Written Blocks", "", 0)
		o.propInt("Temp Read Blocks", "", 0)
		o.propInt("Temp Written Blocks", "", 0)
		return
	}
	if u.SharedHit == 0 && u.SharedRead == 0 && u.SharedDirtied == 0 && u.SharedWritten == 0 {
		return
	}
	if planning {
		o.indentText()
		o.buf.WriteString("Planning:\n")
		o.indent++
		defer func() { o.indent-- }()
	}
	o.indentText()
	o.buf.WriteString("Buffers: shared")
	for _, c := range []struct {
		name string
		n    int64
	}{{"hit", u.SharedHit}, {"read", u.SharedRead}, {"dirtied", u.SharedDirtied}, {"written", u.SharedWritten}} {
		if c.n > 0 {
			fmt.Fprintf(o.buf, " %s=%d", c.name, c.n)
		}
	}
	o.buf.WriteByte('\n')
}

func qualString(dc *deparseContext, quals []nodes.Expr) string {
	if len(quals) == 1 {
		return dc.expr(quals[0])
	}
	return dc.expr(&nodes.BoolExpr{Op: nodes.AndExpr, Args: quals})
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
func (e *Explainer) keyList(useprefix bool, child plannodes.Plan, cols []int) []string {
	inner := e.dc(firstChild(child), secondChild(child), useprefix)
	tl := child.PlanHeader().TargetList
	var keys []string
	for _, col := range cols {
		keys = append(keys, inner.expr(tl[col-1].Expr))
	}
	return keys
}
