// workers.go prints what parallel workers did (PG: explain.c's
// ExplainCreateWorkersState, ExplainOpenWorker, ExplainCloseWorker and
// ExplainFlushWorkersState). A node's figures are the sum over the leader
// and every worker that ran it; its per-worker details are written, as
// they come up, into one buffer per worker and printed together after the
// node's own details: in text as "Worker N:  ..." lines (VERBOSE adds each
// worker's actual time, rows and loops), otherwise as a "Workers" array.

package explain

import (
	"fmt"
	"strings"

	"github.com/loomdb/loomdb/internal/executor"
	"github.com/loomdb/loomdb/internal/plannodes"
	"github.com/loomdb/loomdb/internal/storage"
)

// workersState holds a node's per-worker output while it is printed.
type workersState struct {
	workers []*executor.WorkerInstrumentation
	bufs    map[int]*strings.Builder
	// saved formatting state (the open set-aside group) per worker.
	saved map[int]bool
	prev  *strings.Builder
}

// workerFigures returns the workers' figures for plan node p, nil when no
// worker ran it or they are hidden.
func (e *Explainer) workerFigures(p plannodes.Plan) []*executor.WorkerInstrumentation {
	if !e.opts.Analyze || e.subplanRuns == nil {
		return nil
	}
	return e.subplanRuns.WorkerInstrumentation(p.PlanHeader().PlanNodeID)
}

// mergedInstr returns a node's figures over the leader and its workers.
func mergedInstr(leader *executor.Instrumentation, ws []*executor.WorkerInstrumentation) *executor.Instrumentation {
	if len(ws) == 0 {
		return leader
	}
	var sum executor.Instrumentation
	if leader != nil {
		sum.Add(leader)
	}
	for _, w := range ws {
		sum.Add(&w.Instr)
	}
	return &sum
}

// openWorker directs output to worker n's buffer (PG: ExplainOpenWorker).
// In text the worker's first line starts with "Worker N:  " and its
// further lines are indented one more step; other formats open a set-aside
// group for the worker whose first item is its number.
func (e *Explainer) openWorker(n int) {
	ws, o := e.workersState, &e.out
	ws.prev = o.buf
	b, seen := ws.bufs[n]
	if !seen {
		b = &strings.Builder{}
		ws.bufs[n] = b
	}
	o.buf = b
	if !o.text() {
		o.groups = append(o.groups, seen && ws.saved[n])
		o.indent += 2
		if !seen {
			o.propInt("Worker Number", "", int64(n))
		}
		return
	}
	if b.Len() == 0 {
		o.indentText()
		fmt.Fprintf(b, "Worker %d:  ", n)
	}
	o.indent++
}

// closeWorker returns output to the node (PG: ExplainCloseWorker); in
// text, a line left unfinished (nothing was written for the worker) is
// dropped.
func (e *Explainer) closeWorker(n int) {
	ws, o := e.workersState, &e.out
	if !o.text() {
		top := len(o.groups) - 1
		ws.saved[n] = o.groups[top]
		o.groups = o.groups[:top]
		o.indent -= 2
	} else {
		s := o.buf.String()
		if i := strings.LastIndexByte(s, '\n'); i+1 != len(s) {
			o.buf.Reset()
			o.buf.WriteString(s[:i+1])
		}
		o.indent--
	}
	o.buf = ws.prev
}

// flushWorkers prints the workers' buffered output (PG:
// ExplainFlushWorkersState).
func (e *Explainer) flushWorkers() {
	ws, o := e.workersState, &e.out
	o.openGroup("Workers", "Workers", false)
	for _, w := range ws.workers {
		b, ok := ws.bufs[w.Number]
		if !ok {
			continue
		}
		o.openGroup("Worker", "", true)
		o.buf.WriteString(b.String())
		o.closeGroup("Worker", true)
	}
	o.closeGroup("Workers", false)
}

// workerTimes writes each worker's actual time, rows and loops (VERBOSE).
func (e *Explainer) workerTimes() {
	o := &e.out
	for _, w := range e.workersState.workers {
		in := &w.Instr
		if in.Loops <= 0 {
			continue
		}
		loops := float64(in.Loops)
		startup, total, rows := ms(in.Startup)/loops, ms(in.Total)/loops, in.Rows/loops
		e.openWorker(w.Number)
		if o.text() {
			o.indentText()
			if e.opts.Timing {
				fmt.Fprintf(o.buf, "actual time=%.3f..%.3f rows=%.0f loops=%.0f\n", startup, total, rows, loops)
			} else {
				fmt.Fprintf(o.buf, "actual rows=%.0f loops=%.0f\n", rows, loops)
			}
		} else {
			if e.opts.Timing {
				o.propFloat("Actual Startup Time", "ms", startup, 3)
				o.propFloat("Actual Total Time", "ms", total, 3)
			}
			o.propFloat("Actual Rows", "", rows, 0)
			o.propFloat("Actual Loops", "", loops, 0)
		}
		e.closeWorker(w.Number)
	}
}

// workerBuffers writes each worker's buffer usage (VERBOSE and BUFFERS).
func (e *Explainer) workerBuffers() {
	for _, w := range e.workersState.workers {
		if w.Instr.Loops <= 0 {
			continue
		}
		e.openWorker(w.Number)
		e.bufferUsage(w.Instr.Buffers, false)
		e.closeWorker(w.Number)
	}
}

// workerStates calls fn for each worker's ended PlanState of the node,
// with output directed to that worker.
func (e *Explainer) workerStates(fn func(ps executor.PlanState)) {
	if e.workersState == nil {
		return
	}
	for _, w := range e.workersState.workers {
		if w.State == nil {
			continue
		}
		e.openWorker(w.Number)
		fn(w.State)
		e.closeWorker(w.Number)
	}
}

// nodeBuffers returns the buffer accesses of node p and everything below
// it, over all participants.
func (e *Explainer) nodeBuffers(p plannodes.Plan, ps executor.PlanState) storage.BufferUsage {
	var u storage.BufferUsage
	is, _ := ps.(*executor.InstrumentedState)
	if is != nil {
		u.Add(is.Instr.Buffers)
	}
	for _, w := range e.workerFigures(p) {
		u.Add(w.Instr.Buffers)
	}
	var childStates []executor.PlanState
	if is != nil {
		childStates = is.Children()
	}
	for i, c := range plannodes.Children(p) {
		var cs executor.PlanState
		if i < len(childStates) {
			cs = childStates[i]
		}
		u.Add(e.nodeBuffers(c, cs))
	}
	return u
}
