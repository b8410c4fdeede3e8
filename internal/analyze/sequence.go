// sequence.go analyzes CREATE SEQUENCE, ALTER SEQUENCE and the sequence
// options of serial and identity columns (PG: gram.y's SeqOptElem and the
// option checks of commands/sequence.c's init_params that need no catalog).

package analyze

import (
	"strconv"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

func (a *analyzer) createSeqStmt(s *pg_query.CreateSeqStmt) (nodes.Stmt, error) {
	if s.Sequence.Relpersistence == "t" || s.Sequence.Relpersistence == "u" {
		return nil, pgerror.Unsupported("temporary and unlogged sequences are not supported yet")
	}
	opts, err := a.seqOptions(s.Options, false)
	if err != nil {
		return nil, err
	}
	if opts.Restart != nil || opts.RestartStart {
		return nil, pgerror.New(pgerror.SyntaxError, "RESTART cannot be used in CREATE SEQUENCE")
	}
	return &nodes.CreateSeqStmt{Schema: s.Sequence.Schemaname, Name: s.Sequence.Relname, Options: opts, IfNotExists: s.IfNotExists}, nil
}

func (a *analyzer) alterSeqStmt(s *pg_query.AlterSeqStmt) (nodes.Stmt, error) {
	opts, err := a.seqOptions(s.Options, s.ForIdentity)
	if err != nil {
		return nil, err
	}
	return &nodes.AlterSeqStmt{Schema: s.Sequence.Schemaname, Name: s.Sequence.Relname, Options: opts, MissingOk: s.MissingOk}, nil
}

// seqOptions reads the options of a sequence; SEQUENCE NAME is allowed
// only for an identity column's sequence.
func (a *analyzer) seqOptions(list []*pg_query.Node, forIdentity bool) (nodes.SeqOptions, error) {
	var o nodes.SeqOptions
	seen := map[string]bool{}
	for _, n := range list {
		d := n.GetDefElem()
		if d == nil {
			return o, pgerror.Internal("unexpected sequence option %T", n.Node)
		}
		if seen[d.Defname] {
			return o, pgerror.New(pgerror.SyntaxError, "conflicting or redundant options").WithPosition(a.pos(d.Location))
		}
		seen[d.Defname] = true
		var err error
		switch d.Defname {
		case "as":
			var t types.T
			if t, err = a.typeName(d.Arg.GetTypeName()); err == nil {
				o.Type = &t
			}
		case "increment":
			o.Increment, err = defInt64(d)
		case "start":
			o.Start, err = defInt64(d)
		case "restart":
			if d.Arg == nil {
				o.RestartStart = true
			} else {
				o.Restart, err = defInt64(d)
			}
		case "maxvalue":
			if d.Arg == nil {
				o.NoMax = true
			} else {
				o.Max, err = defInt64(d)
			}
		case "minvalue":
			if d.Arg == nil {
				o.NoMin = true
			} else {
				o.Min, err = defInt64(d)
			}
		case "cache":
			o.Cache, err = defInt64(d)
		case "cycle":
			b := d.Arg.GetBoolean().GetBoolval()
			o.Cycle = &b
		case "owned_by":
			names := listNames(d.Arg)
			if len(names) == 1 && strings.EqualFold(names[0], "none") {
				o.OwnedByNone = true
			} else {
				o.OwnedBy = names
			}
		case "sequence_name":
			if !forIdentity {
				return o, pgerror.Newf(pgerror.SyntaxError, "invalid sequence option SEQUENCE NAME").WithPosition(a.pos(d.Location))
			}
			o.Name = listNames(d.Arg)
		case "log":
			return o, pgerror.Newf(pgerror.SyntaxError, "invalid sequence option LOGGED").WithPosition(a.pos(d.Location))
		default:
			return o, pgerror.Internal("option \"%s\" not recognized", d.Defname)
		}
		if err != nil {
			return o, err
		}
	}
	return o, nil
}

func listNames(n *pg_query.Node) []string {
	var out []string
	if l := n.GetList(); l != nil {
		for _, it := range l.Items {
			out = append(out, strVal(it))
		}
	}
	return out
}

// defInt64 reads a DefElem's integer argument (defGetInt64).
func defInt64(d *pg_query.DefElem) (*int64, error) {
	var v int64
	switch {
	case d.Arg == nil:
		return nil, pgerror.Newf(pgerror.SyntaxError, "%s requires a numeric value", d.Defname)
	case d.Arg.GetInteger() != nil:
		v = int64(d.Arg.GetInteger().Ival)
	case d.Arg.GetFloat() != nil:
		f := d.Arg.GetFloat().Fval
		n, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			return nil, pgerror.Newf(pgerror.InvalidParameterValue, "invalid input syntax for type bigint: \"%s\"", f)
		}
		v = n
	default:
		return nil, pgerror.Newf(pgerror.SyntaxError, "%s requires a numeric value", d.Defname)
	}
	return &v, nil
}

// serialType returns the integer type a serial pseudo-type name stands for.
func serialType(tn *pg_query.TypeName) (types.T, bool) {
	if tn == nil || len(tn.Names) != 1 || tn.PctType || len(tn.ArrayBounds) > 0 || len(tn.Typmods) > 0 {
		return types.T{}, false
	}
	switch strVal(tn.Names[0]) {
	case "smallserial", "serial2":
		return types.TInt2, true
	case "serial", "serial4":
		return types.TInt4, true
	case "bigserial", "serial8":
		return types.TInt8, true
	}
	return types.T{}, false
}
