package nodes

import "reflect"

// Equal reports whether two expressions are the same, ignoring parse
// locations and aggregate numbering (PG: equal(), which skips locations).
func Equal(a, b Expr) bool {
	return reflect.DeepEqual(withoutLocations(a), withoutLocations(b))
}

// withoutLocations returns a copy of e with every location cleared.
func withoutLocations(e Expr) Expr {
	return Mutate(e, func(n Expr) (Expr, bool) {
		switch v := n.(type) {
		case *Var:
			c := *v
			c.Location = -1
			return &c, true
		case *Const:
			c := *v
			c.Location = -1
			return &c, true
		case *OpExpr:
			c := *v
			c.Location = -1
			c.Args = withoutLocationsAll(v.Args)
			return &c, true
		case *FuncExpr:
			c := *v
			c.Location = -1
			c.Args = withoutLocationsAll(v.Args)
			return &c, true
		case *CoerceExpr:
			c := *v
			c.Location = -1
			c.Arg = withoutLocations(v.Arg)
			return &c, true
		case *WindowFunc:
			c := *v
			c.Location = -1
			c.Args = withoutLocationsAll(v.Args)
			if v.AggFilter != nil {
				c.AggFilter = withoutLocations(v.AggFilter)
			}
			return &c, true
		case *RowExpr:
			c := *v
			c.Location = -1
			c.Args = withoutLocationsAll(v.Args)
			return &c, true
		case *GroupingFunc:
			c := *v
			c.Location = -1
			c.Args = withoutLocationsAll(v.Args)
			return &c, true
		case *Aggref:
			c := v.WithAggExprs(withoutLocationsAll(v.AggExprs()))
			c.Location = -1
			c.AggNo = 0
			return c, true
		}
		return nil, false
	})
}

func withoutLocationsAll(l []Expr) []Expr {
	out := make([]Expr, len(l))
	for i, e := range l {
		out[i] = withoutLocations(e)
	}
	return out
}
