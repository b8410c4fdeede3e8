package nodes

import "github.com/loomdb/loomdb/internal/types"

// CmdType is the kind of statement a Query represents.
type CmdType uint8

const (
	CmdSelect CmdType = iota
	CmdInsert
	CmdUpdate
	CmdDelete
	CmdUtility
)

// RTEKind is the kind of a range-table entry.
type RTEKind uint8

const (
	RTERelation RTEKind = iota
	RTEValues
	RTEResult
	RTESubquery
	RTEFunction
	// RTECTE is a reference to a recursive or data-modifying WITH query
	// (PG: RTE_CTE): a CTE Scan of its result, or, inside a recursive
	// query's own recursive term, a WorkTable Scan of the rows of the
	// previous iteration.
	RTECTE
)

// RangeTblEntry is one entry of a Query's range table (PG: RangeTblEntry).
type RangeTblEntry struct {
	Kind RTEKind
	// RelOid identifies the table for RTERelation.
	RelOid types.Oid
	// RelName is the table's name; Alias the name the query refers to it by
	// (equal to RelName when none was given); Schema its namespace's name.
	RelName string
	Alias   string
	Schema  string
	// ColNames and ColTypes describe the entry's columns.
	ColNames []string
	ColTypes []types.T
	// Values holds the rows of an RTEValues entry.
	Values [][]Expr
	// Subquery is the query of an RTESubquery entry (a subquery in FROM).
	Subquery *Query
	// Func is the call of an RTEFunction entry (a set-returning function
	// in FROM); Ordinality adds a final bigint column numbering its rows
	// (WITH ORDINALITY).
	Func       *FuncExpr
	Ordinality bool
	// CTE is the WITH query an RTECTE entry reads; SelfReference
	// marks the reference inside that query's own recursive term.
	CTE           *CommonTableExpr
	SelfReference bool
	// Lateral marks a subquery written LATERAL, or a function or subquery
	// in FROM whose expressions refer to FROM items before it (PG:
	// rte->lateral). Its rows depend on the current row of those items.
	Lateral bool
	// TableSample is an RTERelation's TABLESAMPLE clause, nil when none.
	TableSample *TableSampleClause
	// ViewOid is the view an RTESubquery entry expands (0 for a subquery
	// written in FROM), which the view's users treat as a relation.
	ViewOid types.Oid
}

// TableSampleClause is a TABLESAMPLE method (ARGS) [REPEATABLE (seed)]
// clause (PG: TableSampleClause). Args are coerced to the method's
// parameter types and Repeatable to float8; both are computed once when
// the scan begins.
type TableSampleClause struct {
	Method     string
	Args       []Expr
	Repeatable Expr
}

// CommonTableExpr is a WITH query planned once and scanned by reference
// (PG: CommonTableExpr): a recursive one (cterecursive) or a
// data-modifying statement. Other WITH queries are expanded into
// subqueries where they are referenced and never appear here.
//
// A recursive query's Query is a UNION [ALL] whose left input (Larg) is
// the non-recursive term and whose right input (Rarg) the recursive term,
// each a *Query. A data-modifying query's Query is an INSERT, UPDATE or
// DELETE (CommandType other than CmdSelect) whose RETURNING list gives the
// columns, if it has one. The planner plans it once, as an InitPlan of the
// query level whose CTEList holds it, and every RTECTE entry pointing at
// it scans that one result.
type CommonTableExpr struct {
	Name     string
	Query    *Query
	ColTypes []types.T
	// RefCount counts the references outside the query's recursive term;
	// a recursive query nobody references is not planned (PG:
	// cterefcount). A data-modifying one always is, and always runs.
	RefCount int
}

// Modifying reports whether the WITH query is a data-modifying statement.
func (c *CommonTableExpr) Modifying() bool { return c.Query != nil && c.Query.CommandType != CmdSelect }

// HasModifyingCTE reports whether q's WITH clause holds a data-modifying
// statement (PG: Query.hasModifyingCTE). Such statements appear at the top
// level only: in the CTEList of a SELECT or INSERT ... VALUES, or of the
// source query of other INSERT, UPDATE and DELETE statements.
func HasModifyingCTE(q *Query) bool {
	if q == nil {
		return false
	}
	for _, c := range q.CTEList {
		if c.Modifying() {
			return true
		}
	}
	return q.Source != nil && HasModifyingCTE(q.Source)
}

// TargetEntry is one output column of a Query or Plan.
type TargetEntry struct {
	Expr  Expr
	ResNo int // 1-based position
	Name  string
	// ResJunk marks columns computed only for sorting and not returned.
	ResJunk bool
	// SortGroupRef links the entry to a SortGroupClause (0 = none).
	SortGroupRef int
	// OrigTable and OrigCol identify a plain column's source table and
	// attribute, reported in RowDescription.
	OrigTable types.Oid
	OrigCol   int
}

// Frame options of a WindowClause (PG: FRAMEOPTION_*).
const (
	FrameNonDefault              = 0x00001
	FrameRange                   = 0x00002
	FrameRows                    = 0x00004
	FrameGroups                  = 0x00008
	FrameBetween                 = 0x00010
	FrameStartUnboundedPreceding = 0x00020
	FrameEndUnboundedPreceding   = 0x00040
	FrameStartUnboundedFollowing = 0x00080
	FrameEndUnboundedFollowing   = 0x00100
	FrameStartCurrentRow         = 0x00200
	FrameEndCurrentRow           = 0x00400
	FrameStartOffsetPreceding    = 0x00800
	FrameEndOffsetPreceding      = 0x01000
	FrameStartOffsetFollowing    = 0x02000
	FrameEndOffsetFollowing      = 0x04000
	FrameExcludeCurrentRow       = 0x08000
	FrameExcludeGroup            = 0x10000
	FrameExcludeTies             = 0x20000
	FrameDefaults                = FrameRange | FrameStartUnboundedPreceding | FrameEndCurrentRow
)

// WindowClause is one window of a query: its partitioning, ordering and
// frame (PG: WindowClause). The keys refer to target entries.
type WindowClause struct {
	Name            string
	PartitionClause []*SortGroupClause
	OrderClause     []*SortGroupClause
	FrameOptions    int
	// StartOffset and EndOffset are the frame's offset expressions, if any.
	StartOffset, EndOffset Expr
	WinRef                 int
}

// SortGroupClause is an ORDER BY item referring to a target entry.
type SortGroupClause struct {
	TLESortGroupRef int
	Descending      bool
	NullsFirst      bool
}

// FromExpr is a query's FROM list and WHERE clause.
type FromExpr struct {
	FromList []JoinNode
	Quals    Expr
}

// JoinNode is an item of a join tree: a *RangeTblRef or a *JoinExpr.
type JoinNode interface{ joinNode() }

// RangeTblRef refers to a range-table entry (1-based index).
type RangeTblRef struct{ RTIndex int }

// JoinType is how a join treats unmatched rows (PG: JoinType).
type JoinType uint8

const (
	JoinInner JoinType = iota
	JoinLeft
	JoinFull
	JoinRight
)

// JoinExpr is an explicit JOIN in FROM. CROSS JOIN is an inner join
// without Quals; USING and NATURAL become equality Quals.
type JoinExpr struct {
	JoinType JoinType
	Larg     JoinNode
	Rarg     JoinNode
	Quals    Expr
}

func (*RangeTblRef) joinNode() {}
func (*JoinExpr) joinNode()    {}

// WalkJoinTree calls fn on every JoinExpr of the join tree n, top down.
func WalkJoinTree(n JoinNode, fn func(*JoinExpr)) {
	if je, ok := n.(*JoinExpr); ok {
		fn(je)
		WalkJoinTree(je.Larg, fn)
		WalkJoinTree(je.Rarg, fn)
	}
}

// RelidsOf returns the range-table indexes of the relations under n.
func RelidsOf(n JoinNode) []int {
	switch x := n.(type) {
	case *RangeTblRef:
		return []int{x.RTIndex}
	case *JoinExpr:
		return append(RelidsOf(x.Larg), RelidsOf(x.Rarg)...)
	}
	return nil
}

// Query is an analyzed statement (PG: Query).
// CheckClause is one CHECK constraint a new row must not make false.
type CheckClause struct {
	Name string
	Expr Expr
}

// WithCheckOption is one view's CHECK OPTION: a new row the statement
// stores through the view must make Qual true (Vars of range-table entry 1
// read the new row); nil Qual always passes (a CASCADED option of a view
// without WHERE).
type WithCheckOption struct {
	ViewName string
	Qual     Expr
	Cascaded bool
}

type Query struct {
	CommandType CmdType
	RangeTable  []*RangeTblEntry
	JoinTree    *FromExpr
	TargetList  []*TargetEntry
	HasAggs     bool
	// Aggs lists the query's aggregates, indexed by Aggref.AggNo.
	Aggs       []*Aggref
	SortClause []*SortGroupClause
	// GroupClause lists GROUP BY items; HavingQual is the HAVING clause.
	GroupClause []*SortGroupClause
	HavingQual  Expr
	// GroupingSets, when GROUP BY has GROUPING SETS, ROLLUP or CUBE, lists
	// the grouping sets it expands to, each as the SortGroupRefs of its
	// GroupClause items (an empty set groups all rows together), shortest
	// first (PG: expand_grouping_sets over Query.groupingSets).
	GroupingSets [][]int
	// DistinctClause lists the SELECT DISTINCT items (all visible columns).
	DistinctClause []*SortGroupClause
	// WindowClause lists the windows the query's window functions use
	// (PG: WindowClause); HasWindowFuncs says there are any.
	WindowClause []*WindowClause
	// HasDistinctOn marks SELECT DISTINCT ON: DistinctClause then lists
	// the ON expressions, ordered and directed as ORDER BY begins.
	HasDistinctOn  bool
	HasWindowFuncs bool
	// HasTargetSRFs marks a select list calling set-returning functions,
	// which a ProjectSet computes (PG: hasTargetSRFs).
	HasTargetSRFs bool
	// SetOperations, when set, makes this query a UNION of its leaves; the
	// target list then refers to the output columns with SetOpVar Vars.
	SetOperations *SetOperation
	// SemiJoins are EXISTS and IN subqueries of WHERE turned into semi
	// (or, for NOT EXISTS, anti) joins against the rest of FROM.
	SemiJoins   []*SemiJoin
	LimitCount  Expr
	LimitOffset Expr
	// LimitWithTies is FETCH FIRST ... WITH TIES: rows tied with the last
	// one on the ORDER BY keys are returned too.
	LimitWithTies bool
	// ResultRelation is the range-table index of an INSERT's, UPDATE's or
	// DELETE's target (0 for SELECT).
	ResultRelation int
	// InsertColumns maps each target column position (0-based) of the
	// result relation to the source target entry providing its new value,
	// or -1 for a column that gets its default (NULL).
	InsertColumns []int
	// Source is the query producing the rows of an INSERT ... SELECT, an
	// UPDATE or a DELETE. For INSERT ... SELECT it is a SELECT over the
	// user's query (range-table entry 1, "*SELECT*") whose target list
	// coerces each column to its target column's type; for UPDATE and
	// DELETE a SELECT over the target table (entry 1) and the FROM/USING
	// items, see analyze/modify.go.
	Source *Query
	// CtidColumn is, for UPDATE and DELETE, the Source target entry
	// (0-based) holding the target row's ctid.
	CtidColumn int
	// Returning is the RETURNING list. Its Vars of range-table entry 1
	// (of Source for UPDATE and DELETE) read the new row (DELETE: the old
	// one); OuterVar Vars read Source's output columns.
	Returning []*TargetEntry
	// Checks are the target table's CHECK constraints, for INSERT and
	// UPDATE; their Vars of range-table entry 1 read the new row.
	Checks []CheckClause
	// OnConflict is an INSERT's ON CONFLICT clause, nil when none.
	OnConflict *OnConflict
	// WithCheckOptions are the CHECK OPTIONs of the views an INSERT or
	// UPDATE through a view writes through, innermost first (PG:
	// withCheckOptions of kind WCO_VIEW_CHECK).
	WithCheckOptions []WithCheckOption
	// RIKeys are the foreign keys whose keys the statement's rows carry:
	// those of the target table (INSERT, UPDATE) and those referencing it
	// (UPDATE, DELETE), verified once the statement ends.
	RIKeys []RIKey
	// CTEList lists the recursive and data-modifying WITH queries declared
	// at this level, in an order where none refers to a later one (PG:
	// cteList).
	CTEList []*CommonTableExpr
	// NumParams is the number of $N parameters referenced.
	NumParams  int
	ParamTypes []types.T
}

// Walk calls fn on e and, while fn returns true, on its descendants.
func Walk(e Expr, fn func(Expr) bool) {
	if e == nil || !fn(e) {
		return
	}
	for _, c := range Children(e) {
		Walk(c, fn)
	}
}

// Contains reports whether e or one of its descendants satisfies pred.
func Contains(e Expr, pred func(Expr) bool) bool {
	found := false
	Walk(e, func(n Expr) bool {
		if pred(n) {
			found = true
		}
		return !found
	})
	return found
}

// Children returns the direct sub-expressions of e.
func Children(e Expr) []Expr {
	switch n := e.(type) {
	case *OpExpr:
		return n.Args
	case *FuncExpr:
		return n.Args
	case *CoerceExpr:
		return []Expr{n.Arg}
	case *BoolExpr:
		return n.Args
	case *NullTest:
		return []Expr{n.Arg}
	case *BooleanTest:
		return []Expr{n.Arg}
	case *ScalarArrayOpExpr:
		if n.Array != nil {
			return []Expr{n.Left, n.Array}
		}
		return append([]Expr{n.Left}, n.List...)
	case *ArrayExpr:
		return n.Elements
	case *RowExpr:
		return n.Args
	case *FieldSelect:
		return []Expr{n.Arg}
	case *SubscriptingRef:
		out := []Expr{n.Container}
		for _, e := range append(append([]Expr(nil), n.Upper...), n.Lower...) {
			if e != nil {
				out = append(out, e)
			}
		}
		if n.AssignExpr != nil {
			out = append(out, n.AssignExpr)
		}
		return out
	case *CaseExpr:
		var out []Expr
		for _, w := range n.Whens {
			out = append(out, w.Cond, w.Result)
		}
		if n.Default != nil {
			out = append(out, n.Default)
		}
		return out
	case *CoalesceExpr:
		return n.Args
	case *WholeRowExpr:
		return n.Args
	case *NullIfExpr:
		return n.Args
	case *MinMaxExpr:
		return n.Args
	case *Aggref:
		return n.AggExprs()
	case *GroupingFunc:
		return n.Args
	case *WindowFunc:
		if n.AggFilter != nil {
			return append(append([]Expr(nil), n.Args...), n.AggFilter)
		}
		return n.Args
	case *SubPlan:
		if n.TestExpr == nil {
			return n.Args
		}
		return append([]Expr{n.TestExpr}, n.Args...)
	case *SubLink:
		if n.TestExpr != nil {
			return []Expr{n.TestExpr}
		}
	}
	return nil
}

// Mutate returns a copy of e in which fn has replaced nodes; fn returns the
// replacement and true, or nil and false to recurse into the node's children.
func Mutate(e Expr, fn func(Expr) (Expr, bool)) Expr {
	if e == nil {
		return nil
	}
	if r, ok := fn(e); ok {
		return r
	}
	ml := func(l []Expr) []Expr {
		out := make([]Expr, len(l))
		for i, x := range l {
			out[i] = Mutate(x, fn)
		}
		return out
	}
	switch n := e.(type) {
	case *OpExpr:
		c := *n
		c.Args = ml(n.Args)
		return &c
	case *FuncExpr:
		c := *n
		c.Args = ml(n.Args)
		return &c
	case *CoerceExpr:
		c := *n
		c.Arg = Mutate(n.Arg, fn)
		return &c
	case *BoolExpr:
		c := *n
		c.Args = ml(n.Args)
		return &c
	case *NullTest:
		c := *n
		c.Arg = Mutate(n.Arg, fn)
		return &c
	case *BooleanTest:
		c := *n
		c.Arg = Mutate(n.Arg, fn)
		return &c
	case *ScalarArrayOpExpr:
		c := *n
		c.Left = Mutate(n.Left, fn)
		c.List = ml(n.List)
		c.Array = Mutate(n.Array, fn)
		return &c
	case *CaseExpr:
		c := *n
		c.Whens = make([]CaseWhen, len(n.Whens))
		for i, w := range n.Whens {
			c.Whens[i] = CaseWhen{Cond: Mutate(w.Cond, fn), Result: Mutate(w.Result, fn)}
		}
		c.Default = Mutate(n.Default, fn)
		return &c
	case *CoalesceExpr:
		c := *n
		c.Args = ml(n.Args)
		return &c
	case *WholeRowExpr:
		c := *n
		c.Args = ml(n.Args)
		return &c
	case *ArrayExpr:
		c := *n
		c.Elements = ml(n.Elements)
		return &c
	case *RowExpr:
		c := *n
		c.Args = ml(n.Args)
		return &c
	case *FieldSelect:
		c := *n
		c.Arg = Mutate(n.Arg, fn)
		return &c
	case *SubscriptingRef:
		c := *n
		c.Container = Mutate(n.Container, fn)
		c.Upper = make([]Expr, len(n.Upper))
		for i, e := range n.Upper {
			c.Upper[i] = Mutate(e, fn)
		}
		c.Lower = make([]Expr, len(n.Lower))
		for i, e := range n.Lower {
			c.Lower[i] = Mutate(e, fn)
		}
		c.AssignExpr = Mutate(n.AssignExpr, fn)
		return &c
	case *NullIfExpr:
		c := *n
		c.Args = ml(n.Args)
		return &c
	case *MinMaxExpr:
		c := *n
		c.Args = ml(n.Args)
		return &c
	case *Aggref:
		return n.WithAggExprs(ml(n.AggExprs()))
	case *GroupingFunc:
		c := *n
		c.Args = ml(n.Args)
		return &c
	case *WindowFunc:
		c := *n
		c.Args = ml(n.Args)
		c.AggFilter = Mutate(n.AggFilter, fn)
		return &c
	case *SubPlan:
		c := *n
		c.TestExpr = Mutate(n.TestExpr, fn)
		c.Args = ml(n.Args)
		return &c
	case *SubLink:
		// The test expression belongs to the enclosing query; the
		// subquery is a level of its own and is not entered.
		if n.TestExpr == nil {
			return e
		}
		c := *n
		c.TestExpr = Mutate(n.TestExpr, fn)
		return &c
	}
	return e
}

// SemiJoin is a flattened EXISTS/IN subquery: its tables (already in the
// parent's range table) joined to the parent's FROM by Quals, keeping each
// parent row once if some subquery row matches (or, with Anti, if none does).
type SemiJoin struct {
	Anti     bool
	FromList []JoinNode
	Quals    Expr
}

// SetOpVar is the VarNo of references to a set operation's output columns.
const SetOpVar = -3

// SetOpKind is the operator of a SetOperation.
type SetOpKind uint8

const (
	SetOpUnion SetOpKind = iota
	SetOpIntersect
	SetOpExcept
)

// String returns the operator's SQL keyword.
func (k SetOpKind) String() string {
	return [...]string{"UNION", "INTERSECT", "EXCEPT"}[k]
}

// SetOperation is a UNION, INTERSECT or EXCEPT of two inputs, each a
// *Query or a nested *SetOperation (PG: SetOperationStmt).
type SetOperation struct {
	Op   SetOpKind
	All  bool
	Larg any
	Rarg any
	// ColTypes are the output column types.
	ColTypes []types.T
}
