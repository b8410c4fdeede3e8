// Package nodes is the vocabulary shared by the analyzer, the optimizer and
// the executor: the analyzed Query and the expression trees inside it
// (PG: include/nodes/parsenodes.h and primnodes.h). Nodes are plain data;
// once planning starts they are never modified, so plans can share them
// between the leader and parallel workers.
package nodes

import (
	"github.com/loomdb/loomdb/internal/types"
)

// Expr is an expression tree node.
type Expr interface {
	// ExprType returns the type of the value the expression yields.
	ExprType() types.T
}

// Var is a reference to a column of a range-table entry. After setrefs the
// executor reads the column at AttNo-1 of its input row (for scans, of the
// scanned relation; for upper nodes, of the child's output).
type Var struct {
	VarNo int // 1-based range-table index; OuterVar/InnerVar after setrefs
	AttNo int // 1-based column number
	Type  types.T
	// Name is the column name, for EXPLAIN VERBOSE and error messages.
	Name string
	// RelName is the name (or alias) of the range-table entry, for EXPLAIN.
	RelName string
	// Location is the 0-based byte offset in the statement, or -1.
	Location int
	// LevelsUp is 1 for a reference from a subquery to its parent query's
	// columns (a correlated reference), else 0.
	LevelsUp int
}

// Special VarNo values used once a plan is built (PG: INNER_VAR, OUTER_VAR).
const (
	OuterVar = -1
	InnerVar = -2
)

func (v *Var) ExprType() types.T { return v.Type }

// Const is a constant; Value is nil for NULL.
type Const struct {
	Type  types.T
	Value types.Datum
	// Location is the 0-based byte offset in the statement, or -1.
	Location int
}

func (c *Const) ExprType() types.T { return c.Type }

// ParamKind says where a Param's value comes from.
type ParamKind uint8

const (
	// ParamExtern is a prepared statement's parameter $N (1-based ID).
	ParamExtern ParamKind = iota
	// ParamExec is a value set during execution (0-based ID, shown as $ID):
	// an InitPlan's result, a subplan output column compared by a SubPlan's
	// TestExpr, or an outer-query value passed into a correlated SubPlan
	// (PG: PARAM_EXEC).
	ParamExec
	// ParamSublink stands, in an ANY or ALL sublink's TestExpr, for the
	// subquery's output column ID (1-based) until the planner replaces it
	// (PG: PARAM_SUBLINK).
	ParamSublink
)

// Param is a parameter: an external $N of a prepared statement, or an
// executor parameter (Kind ParamExec).
type Param struct {
	Kind ParamKind
	ID   int
	Type types.T
}

func (p *Param) ExprType() types.T { return p.Type }

// OpExpr applies an operator, implemented by the function FuncOid.
type OpExpr struct {
	OpOid      types.Oid
	OpName     string
	FuncOid    types.Oid
	Args       []Expr
	ResultType types.T
	Location   int
}

func (o *OpExpr) ExprType() types.T { return o.ResultType }

// FuncExpr is a function call.
type FuncExpr struct {
	FuncOid    types.Oid
	Name       string
	Args       []Expr
	ResultType types.T
	Location   int
	// SQLValue is the keyword form the call was written in
	// (CURRENT_TIMESTAMP), which deparsing prints (PG: SQLValueFunction).
	SQLValue string
}

func (f *FuncExpr) ExprType() types.T { return f.ResultType }

// CoerceExpr converts Arg to Type: a cast written by the user (Explicit) or
// one added by the analyzer (implicit or assignment coercion).
type CoerceExpr struct {
	Arg      Expr
	Type     types.T
	Explicit bool
	// Assignment marks coercion to a column's type on INSERT, where varchar
	// and char overflow is an error rather than a truncation.
	Assignment bool
	Location   int
	// SQLValue is the keyword form the cast was written in (CURRENT_DATE,
	// LOCALTIMESTAMP(3)), which deparsing prints.
	SQLValue string
}

func (c *CoerceExpr) ExprType() types.T { return c.Type }

// BoolOp is the kind of a BoolExpr.
type BoolOp uint8

const (
	AndExpr BoolOp = iota
	OrExpr
	NotExpr
)

// BoolExpr is AND, OR or NOT with SQL's three-valued logic.
type BoolExpr struct {
	Op   BoolOp
	Args []Expr
}

func (b *BoolExpr) ExprType() types.T { return types.TBool }

// NullTest is "Arg IS [NOT] NULL".
type NullTest struct {
	Arg   Expr
	IsNot bool
}

func (n *NullTest) ExprType() types.T { return types.TBool }

// BoolTestType is the kind of a BooleanTest.
type BoolTestType uint8

const (
	IsTrue BoolTestType = iota
	IsNotTrue
	IsFalse
	IsNotFalse
	IsUnknown
	IsNotUnknown
)

// BooleanTest is "Arg IS [NOT] TRUE/FALSE/UNKNOWN".
type BooleanTest struct {
	Arg  Expr
	Test BoolTestType
}

func (b *BooleanTest) ExprType() types.T { return types.TBool }

// ScalarArrayOpExpr is "Left op ANY/ALL (list)", what IN lists become.
type ScalarArrayOpExpr struct {
	OpOid   types.Oid
	OpName  string
	FuncOid types.Oid
	UseOr   bool
	Left    Expr
	List    []Expr
	// Array, when set instead of List, is the array whose elements are
	// compared (expr op ANY/ALL (array)).
	Array Expr
}

func (s *ScalarArrayOpExpr) ExprType() types.T { return types.TBool }

// ElementCount is the number of elements compared, as the planner counts
// them: an array known only at run time counts as 10 (PG: scalararraysel's
// default).
func (s *ScalarArrayOpExpr) ElementCount() int {
	if s.Array != nil {
		return 10
	}
	return len(s.List)
}

// CaseWhen is one WHEN arm of a CaseExpr.
type CaseWhen struct {
	Cond   Expr
	Result Expr
}

// CaseExpr is CASE [Arg] WHEN ... THEN ... [ELSE Default] END. With Arg set,
// each Cond is already "Arg = value".
type CaseExpr struct {
	Type    types.T
	Whens   []CaseWhen
	Default Expr
}

func (c *CaseExpr) ExprType() types.T { return c.Type }

// CoalesceExpr is COALESCE(args...).
type CoalesceExpr struct {
	Type types.T
	Args []Expr
}

func (c *CoalesceExpr) ExprType() types.T { return c.Type }

// NullIfExpr is NULLIF(a, b), implemented with the equality operator FuncOid.
type NullIfExpr struct {
	Type    types.T
	FuncOid types.Oid
	Args    []Expr
}

func (n *NullIfExpr) ExprType() types.T { return n.Type }

// ArrayExpr is ARRAY[elements]: a one-dimensional array of ElemType, or
// with Multidims an array built from the sub-arrays its elements yield.
type ArrayExpr struct {
	Type      types.T
	ElemType  types.T
	Elements  []Expr
	Multidims bool
}

func (a *ArrayExpr) ExprType() types.T { return a.Type }

// RowExpr is ROW(args), or (a, b, ...): a value of the anonymous record
// type whose columns are the arguments (PG: RowExpr with row_typeid
// RECORDOID).
type RowExpr struct {
	Args     []Expr
	Location int
}

func (r *RowExpr) ExprType() types.T { return types.TRecord }

// FieldSelect is column FieldNum (1-based) of a record, of type Type (PG:
// FieldSelect). Only the rewrite of SEARCH BREADTH FIRST makes one, to
// read the depth of the previous row.
type FieldSelect struct {
	Arg      Expr
	FieldNum int
	Type     types.T
}

func (f *FieldSelect) ExprType() types.T { return f.Type }

// SubscriptingRef fetches from an array: one element (Type is the element
// type) or with IsSlice a slice (Type is the array type). Upper holds the
// subscripts, Lower a slice's lower bounds; a nil entry in a slice is an
// omitted bound.
type SubscriptingRef struct {
	Type      types.T
	Container Expr
	Upper     []Expr
	Lower     []Expr
	IsSlice   bool
	// AssignExpr, when set, makes the expression the container with the
	// element or slice replaced by its value (UPDATE ... SET a[i] = x;
	// PG: refassgnexpr).
	AssignExpr Expr
}

func (s *SubscriptingRef) ExprType() types.T { return s.Type }

// MinMaxExpr is GREATEST or LEAST.
type MinMaxExpr struct {
	Type     types.T
	Greatest bool
	Args     []Expr
}

func (m *MinMaxExpr) ExprType() types.T { return m.Type }

// AggSplit says which part of an aggregate a node computes (PG: AggSplit).
type AggSplit uint8

const (
	// AggSplitSimple computes the whole aggregate.
	AggSplitSimple AggSplit = iota
	// AggSplitInitialSerial computes transition states (Partial Aggregate).
	AggSplitInitialSerial
	// AggSplitFinalDeserial combines states and finalizes (Finalize Aggregate).
	AggSplitFinalDeserial
)

// Aggref is an aggregate call. Star marks count(*).
type Aggref struct {
	AggFnOid   types.Oid
	Name       string
	Args       []Expr
	Star       bool
	Distinct   bool
	ResultType types.T
	// ArgType is the declared input type, which selects the transition function.
	ArgType types.T
	// AggNo numbers the aggregates of a query; the Agg node keeps one state per AggNo.
	AggNo int
	// AggFilter is the FILTER (WHERE ...) condition, nil when none.
	AggFilter Expr
	// AggOrder is the aggregate's ORDER BY: the arguments are fed to the
	// transition function in this order (PG: aggorder). For an
	// ordered-set aggregate it is the WITHIN GROUP clause, whose key
	// expressions are the aggregated arguments themselves.
	AggOrder []AggSortKey
	// Kind tells normal aggregates from ordered-set and hypothetical-set
	// ones (PG: aggkind).
	Kind AggKind
	// DirectArgs are an ordered-set aggregate's direct arguments, computed
	// once per group, not per input row (PG: aggdirectargs).
	DirectArgs []Expr
	Split      AggSplit
	// LevelsUp, when not 0, says the aggregate belongs to the query that
	// many levels up, whose columns are all its arguments read (PG:
	// agglevelsup); AggNo is then its number there. The planner turns it
	// into a Param its SubPlan is called with.
	LevelsUp int
	Location int
}

// AggKind is the kind of an aggregate (PG: aggkind).
type AggKind uint8

const (
	// AggKindNormal is an ordinary aggregate ('n').
	AggKindNormal AggKind = iota
	// AggKindOrderedSet is an ordered-set aggregate such as
	// percentile_cont ('o').
	AggKindOrderedSet
	// AggKindHypothetical is a hypothetical-set aggregate such as
	// rank(x) WITHIN GROUP (ORDER BY y) ('h').
	AggKindHypothetical
)

// IsOrderedSet reports whether a is an ordered-set or hypothetical-set
// aggregate, called with WITHIN GROUP.
func (a *Aggref) IsOrderedSet() bool { return a.Kind != AggKindNormal }

// AggSortKey is one ORDER BY key of an aggregate call.
type AggSortKey struct {
	Expr       Expr
	Desc       bool
	NullsFirst bool
}

// AggExprs returns the expressions of an aggregate call: its arguments,
// then its FILTER condition, then its ORDER BY keys, then its direct
// arguments. The WITHIN GROUP keys of an ordered-set aggregate are its
// arguments, so they are listed once, as arguments.
func (a *Aggref) AggExprs() []Expr {
	if a.AggFilter == nil && len(a.AggOrder) == 0 && len(a.DirectArgs) == 0 {
		return a.Args
	}
	out := append([]Expr(nil), a.Args...)
	if a.AggFilter != nil {
		out = append(out, a.AggFilter)
	}
	if !a.IsOrderedSet() {
		for _, k := range a.AggOrder {
			out = append(out, k.Expr)
		}
	}
	return append(out, a.DirectArgs...)
}

// WithAggExprs returns a copy of a with its expressions, in AggExprs'
// order, replaced by exprs.
func (a *Aggref) WithAggExprs(exprs []Expr) *Aggref {
	c := *a
	n := len(a.Args)
	c.Args = exprs[:n:n]
	if a.AggFilter != nil {
		c.AggFilter = exprs[n]
		n++
	}
	if len(a.AggOrder) > 0 {
		c.AggOrder = make([]AggSortKey, len(a.AggOrder))
		for i, k := range a.AggOrder {
			if a.IsOrderedSet() {
				k.Expr = c.Args[i]
			} else {
				k.Expr = exprs[n]
				n++
			}
			c.AggOrder[i] = k
		}
	}
	if len(a.DirectArgs) > 0 {
		c.DirectArgs = exprs[n : n+len(a.DirectArgs) : n+len(a.DirectArgs)]
	}
	return &c
}

func (a *Aggref) ExprType() types.T { return a.ResultType }

// ForeignKey describes a FOREIGN KEY constraint for the statements that
// enforce it (PG: the RI triggers' RI_ConstraintInfo).
type ForeignKey struct {
	Name string
	// Schema and Table name the referencing table, RefSchema and RefTable
	// the referenced one; Cols and RefCols their key columns, paired.
	Schema, Table       string
	RefSchema, RefTable string
	Cols, RefCols       []string
	// Match, UpdAction and DelAction are pg_constraint's confmatchtype,
	// confupdtype and confdeltype.
	Match, UpdAction, DelAction byte
}

// OnConflict is INSERT's ON CONFLICT clause (PG: OnConflictExpr): what
// happens to a proposed row whose key a row of an arbiter unique index
// already has.
type OnConflict struct {
	// DoUpdate is DO UPDATE; otherwise DO NOTHING.
	DoUpdate bool
	// Arbiters are the unique indexes whose conflicts the clause handles;
	// none (DO NOTHING without a target) means every unique index.
	Arbiters []types.Oid
	// ArbiterNames name them, for EXPLAIN.
	ArbiterNames []string
	// Set holds, per table column, DO UPDATE's new value (nil: the column
	// keeps its value) and Where its condition; in both, Vars of
	// range-table entry 1 read the existing row and those of entry
	// ExcludedVarNo the proposed one.
	Set   []Expr
	Where Expr
}

// ExcludedVarNo is the range-table index of ON CONFLICT's EXCLUDED row in
// the clause's expressions.
const ExcludedVarNo = 2

// RIKey is a foreign key whose key a modified row carries: the new row's
// referencing columns (Referenced false: INSERT or UPDATE of the
// referencing table), or the old row's referenced columns and, for an
// UPDATE, the new row's (Referenced true). AttNums are 0-based columns of
// the target table.
type RIKey struct {
	FK         *ForeignKey
	Referenced bool
	AttNums    []int
	// Types are the types of those columns.
	Types []types.T
}

// GroupingFunc is GROUPING(args) (PG: GroupingFunc): an int4 with one bit
// per argument, the first argument's the most significant, set when the
// grouping set that produced the row does not group by that argument.
// Args are grouping expressions of the query; Refs their SortGroupRefs.
// The Agg node computing the groups supplies its value, as it does an
// aggregate's.
type GroupingFunc struct {
	Args     []Expr
	Refs     []int
	Location int
}

func (*GroupingFunc) ExprType() types.T { return types.TInt4 }

// WindowFunc is a window function call: one of the built-in window
// functions (row_number, rank, lag, ...) or an aggregate computed over a
// window frame (PG: WindowFunc). WinRef is the 1-based index of its window
// in Query.WindowClause; WinNo numbers the calls a WindowAgg computes.
type WindowFunc struct {
	Name string
	// AggFnOid is the aggregate of a window aggregate; 0 for the built-in
	// window functions.
	AggFnOid   types.Oid
	Args       []Expr
	Star       bool
	ResultType types.T
	// ArgType is a window aggregate's declared input type.
	ArgType types.T
	// AggFilter is a window aggregate's FILTER (WHERE ...) condition.
	AggFilter Expr
	WinRef    int
	Location  int
}

func (w *WindowFunc) ExprType() types.T { return w.ResultType }

// IsAgg reports whether w is an aggregate computed over its frame.
func (w *WindowFunc) IsAgg() bool { return w.AggFnOid != 0 }

// SubLinkKind is the kind of a SubLink.
type SubLinkKind uint8

const (
	// ExistsSubLink is EXISTS (subquery).
	ExistsSubLink SubLinkKind = iota
	// AnySubLink is "expr op ANY (subquery)", which IN (subquery) is.
	AnySubLink
	// AllSubLink is "expr op ALL (subquery)".
	AllSubLink
	// ExprSubLink is a scalar subquery: (SELECT single column).
	ExprSubLink
	// ArraySubLink is ARRAY(SELECT single column): the rows as an array.
	ArraySubLink
	// CTESubLink marks the InitPlan of a recursive WITH query (PG:
	// CTE_SUBLINK): its rows are read by CTE Scans, never as a value.
	CTESubLink
)

// SubLink is a subquery in an expression. For AnySubLink, TestExpr is the
// comparison, whose right side is the subquery's output expression (in the
// subquery's scope).
type SubLink struct {
	Kind     SubLinkKind
	TestExpr Expr
	Subquery *Query
	// Type is a scalar subquery's result type (the subquery's column).
	Type types.T
	// MultiExpr, when not 0, numbers the UPDATE ... SET (a, b, ...) =
	// (SELECT ...) assignment this scalar sublink is one column of, and
	// MultiExprCol is that column (0-based) of the subquery's output (PG:
	// MULTIEXPR_SUBLINK). The sublinks of one assignment hold equal
	// subqueries; when uncorrelated they become one InitPlan setting a
	// Param per column.
	MultiExpr, MultiExprCol int
	Location                int
}

func (s *SubLink) ExprType() types.T {
	if s.Kind == ExprSubLink || s.Kind == ArraySubLink {
		return s.Type
	}
	return types.TBool
}

// SubPlan is a sublink the planner could not turn into a join: a
// separately planned subquery run while the expression is evaluated
// (PG: SubPlan). An uncorrelated scalar or EXISTS subquery is an InitPlan
// instead: it runs at most once and sets the executor parameters SetParam,
// which the expression reads as Params.
type SubPlan struct {
	Kind SubLinkKind
	// TestExpr is, for ANY and ALL, the comparison of each subplan row: the
	// subplan's output columns appear in it as the ParamExec Params ParamIDs.
	TestExpr Expr
	ParamIDs []int
	// Column is, for a scalar SubPlan, the output column that is its value
	// (not 0 for one column of a multiple-column UPDATE assignment).
	Column int
	// PlanID is the 1-based position of the plan in PlannedStmt.Subplans.
	PlanID int
	// Name is "SubPlan N" or "InitPlan N (returns $k)", as EXPLAIN shows it.
	Name string
	Type types.T
	// UseHashTable runs an uncorrelated ANY once into a hash table that each
	// call probes; UnknownEqFalse lets a NULL result read as false (the
	// SubPlan is a top-level WHERE condition).
	UseHashTable   bool
	UnknownEqFalse bool
	// SetParam are the Params an InitPlan sets.
	SetParam []int
	// ParParam are the Params the subplan reads; each call sets them from
	// the values of Args, evaluated in the calling node.
	ParParam []int
	Args     []Expr
	// StartupCost is charged once, PerCallCost per evaluation.
	StartupCost, PerCallCost float64
	// ParallelSafe says a parallel worker may run the subplan itself: its
	// plan is parallel safe and reads no Params of the calling query (PG:
	// SubPlan.parallel_safe).
	ParallelSafe bool
}

func (s *SubPlan) ExprType() types.T { return s.Type }
