// Tests for views in the analyzer: the definition CREATE VIEW stores (its
// * expanded) and the relations it records the view as reading, the
// recursion PostgreSQL's rewriter detects, and the rewriting of an UPDATE
// through a view onto its table.
package analyze

import (
	"slices"
	"testing"

	"github.com/loomdb/loomdb/internal/catalog"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/parser"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

// oidCatalog is fakeCatalog that also finds relations by OID.
type oidCatalog struct{ fakeCatalog }

func (c oidCatalog) RelationByOid(oid types.Oid) (*catalog.Relation, error) {
	for _, r := range c.fakeCatalog {
		if r.Oid == oid {
			return r, nil
		}
	}
	return nil, pgerror.Newf(pgerror.UndefinedTable, "relation with OID %d does not exist", oid)
}

func viewCatalog() oidCatalog {
	c := testCatalog()
	view := func(oid types.Oid, name, def string, cols ...catalog.Column) {
		r := rel(oid, name, cols...)
		r.Kind, r.ViewDef = 'v', def
		c[name] = r
	}
	view(16400, "tv", "SELECT y AS name, x, z * 2 AS z2 FROM t WHERE x > 0",
		catalog.Column{Name: "name", Type: types.TText}, catalog.Column{Name: "x", Type: types.TInt4}, catalog.Column{Name: "z2", Type: types.TNumeric})
	view(16401, "tv2", "SELECT x, name FROM tv WHERE x < 10",
		catalog.Column{Name: "x", Type: types.TInt4}, catalog.Column{Name: "name", Type: types.TText})
	view(16402, "selfv", "SELECT x FROM selfv", catalog.Column{Name: "x", Type: types.TInt4})
	return oidCatalog{c}
}

func analyzeOne(t *testing.T, cat Catalog, sql string) (nodes.Stmt, error) {
	t.Helper()
	raws, err := parser.Parse(sql)
	if err != nil {
		t.Fatal(err)
	}
	st, _, err := Analyze(raws[0], &Env{Catalog: cat})
	return st, err
}

func TestCreateViewExpandsStars(t *testing.T) {
	st, err := analyzeOne(t, viewCatalog(), "create view v as select *, u.w as w2 from t join u using (x) where x > 0")
	if err != nil {
		t.Fatal(err)
	}
	cv := st.(*nodes.CreateViewStmt)
	if want := "SELECT t.x, t.y, t.z, t.b, t.d, u.w, u.w AS w2 FROM t JOIN u USING (x) WHERE x > 0"; cv.Definition != want {
		t.Errorf("definition = %q, want %q", cv.Definition, want)
	}
	for _, r := range []nodes.ViewRef{{Rel: 16384, AttNum: 1}, {Rel: 16384, AttNum: 5}, {Rel: 16390, AttNum: 2}, {Rel: 16390}} {
		if !slices.Contains(cv.Refs, r) {
			t.Errorf("refs %v lack %v", cv.Refs, r)
		}
	}
}

func TestViewRecursion(t *testing.T) {
	_, err := analyzeOne(t, viewCatalog(), "select * from selfv")
	pe, ok := pgerror.As(err)
	if !ok || pe.Code != pgerror.InvalidObjectDefinition || pe.Message != `infinite recursion detected in rules for relation "selfv"` {
		t.Errorf("error = %v", err)
	}
}

func TestUpdateThroughViews(t *testing.T) {
	st, err := analyzeOne(t, viewCatalog(), "update tv2 set name = 'a' where x = 1 returning name")
	if err != nil {
		t.Fatal(err)
	}
	q := st.(*nodes.Query)
	if rte := q.RangeTable[0]; rte.RelOid != 16384 || rte.Kind != nodes.RTERelation {
		t.Fatalf("result relation = %+v, want table t", rte)
	}
	// The new value goes to t.y, the second column.
	if q.InsertColumns[1] < 0 || slices.ContainsFunc([]int{0, 2, 3, 4}, func(i int) bool { return q.InsertColumns[i] >= 0 }) {
		t.Errorf("InsertColumns = %v, want only y assigned", q.InsertColumns)
	}
	// WHERE x = 1 AND x < 10 AND x > 0, over t.
	b, ok := q.Source.JoinTree.Quals.(*nodes.BoolExpr)
	if !ok || b.Op != nodes.AndExpr || len(b.Args) != 3 {
		t.Fatalf("quals = %#v, want three ANDed conditions", q.Source.JoinTree.Quals)
	}
	if v, ok := q.Returning[0].Expr.(*nodes.Var); !ok || v.VarNo != 1 || v.AttNo != 2 {
		t.Errorf("RETURNING name = %#v, want t.y", q.Returning[0].Expr)
	}
	_, err = analyzeOne(t, viewCatalog(), "update tv set z2 = 1")
	if pe, ok := pgerror.As(err); !ok || pe.Code != pgerror.FeatureNotSupported || pe.Message != `cannot update column "z2" of view "tv"` {
		t.Errorf("error = %v", err)
	}
}

func TestCloneExpr(t *testing.T) {
	v := &nodes.Var{VarNo: 1, AttNo: 1, Type: types.TInt4}
	sub := &nodes.Query{TargetList: []*nodes.TargetEntry{{Expr: &nodes.Var{VarNo: 1, AttNo: 2, LevelsUp: 1}}}}
	e := &nodes.OpExpr{OpName: "=", Args: []nodes.Expr{v, &nodes.SubLink{Subquery: sub}}}
	c := cloneExpr(e).(*nodes.OpExpr)
	if c == e || c.Args[0] == v || c.Args[1].(*nodes.SubLink).Subquery == sub {
		t.Fatal("cloneExpr shares nodes with its input")
	}
	shifted := shiftLevels(c, 2).(*nodes.OpExpr)
	if shifted.Args[0].(*nodes.Var).LevelsUp != 2 || shifted.Args[1].(*nodes.SubLink).Subquery.TargetList[0].Expr.(*nodes.Var).LevelsUp != 3 {
		t.Errorf("shiftLevels did not move the references down two levels")
	}
	if sub.TargetList[0].Expr.(*nodes.Var).LevelsUp != 1 {
		t.Errorf("shiftLevels changed the original")
	}
}
