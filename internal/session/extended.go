// extended.go implements the extended query protocol's statement and
// portal operations (PG: exec_parse_message, exec_bind_message,
// exec_execute_message, exec_describe_*_message).

package session

import (
	"context"
	"strconv"

	"github.com/loomdb/loomdb/internal/analyze"
	"github.com/loomdb/loomdb/internal/expr"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/parser"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
	"github.com/loomdb/loomdb/internal/vector"
)

// Prepared is a parsed statement (PG: CachedPlanSource).
type Prepared struct {
	Name       string
	SQL        string
	raw        *parser.RawStmt // nil for an empty query
	ParamTypes []types.Oid
	// fields describes the result for Describe; nil when no rows are returned.
	fields []Field
}

// Parse prepares a statement under name ("" is the unnamed statement).
func (s *Session) Parse(name, sql string, paramOIDs []uint32) error {
	if name != "" {
		if _, dup := s.prepared[name]; dup {
			return pgerror.Newf(pgerror.DuplicatePreparedStatement, "prepared statement \"%s\" already exists", name)
		}
	}
	if !isValidUTF8(sql) {
		return invalidUTF8(sql)
	}
	stmts, err := parser.Parse(sql)
	if err != nil {
		return err
	}
	if len(stmts) > 1 {
		return pgerror.New(pgerror.SyntaxError, "cannot insert multiple commands into a prepared statement")
	}
	ps := &Prepared{Name: name, SQL: sql}
	for _, o := range paramOIDs {
		ps.ParamTypes = append(ps.ParamTypes, types.Oid(o))
	}
	if len(stmts) == 1 {
		ps.raw = &stmts[0]
		if s.failed && !isTxnEnd(*ps.raw) {
			return errFailedTxn()
		}
		if !isTxnControl(*ps.raw) {
			tx := s.startTxn()
			s.implicit = s.implicit || !s.inBlock
			env := s.analyzeEnv(tx)
			env.ParamTypes = ps.ParamTypes
			st, ptypes, err := analyze.Analyze(*ps.raw, env)
			if err != nil {
				return err
			}
			ps.ParamTypes = ptypes
			ps.fields = describeStmt(st)
		}
	}
	s.prepared[name] = ps
	return nil
}

// describeStmt returns the result columns an analyzed statement will produce.
func describeStmt(st nodes.Stmt) []Field {
	switch x := st.(type) {
	case *nodes.Query:
		if x.CommandType == nodes.CmdSelect {
			return queryFields(x.TargetList, nil)
		}
		if len(x.Returning) > 0 {
			return queryFields(x.Returning, nil)
		}
	case *nodes.ExplainStmt:
		return []Field{{Name: "QUERY PLAN", Type: types.TText, TypLen: -1}}
	case *nodes.VariableShowStmt:
		return showFields(x.Name)
	}
	return nil
}

func errFailedTxn() error {
	return pgerror.New(pgerror.InFailedSQLTransaction, "current transaction is aborted, commands ignored until end of transaction block")
}

// DescribeStatement returns a prepared statement's parameter types and result columns.
func (s *Session) DescribeStatement(name string) ([]types.Oid, []Field, error) {
	ps, ok := s.prepared[name]
	if !ok {
		return nil, nil, pgerror.Newf(pgerror.InvalidSQLStatementName, "prepared statement \"%s\" does not exist", name)
	}
	return ps.ParamTypes, ps.fields, nil
}

// Bind creates a portal from a prepared statement and parameter values.
func (s *Session) Bind(ctx context.Context, portal, stmt string, paramFormats []int16, params [][]byte, resultFormats []int16) error {
	ps, ok := s.prepared[stmt]
	if !ok {
		return pgerror.Newf(pgerror.InvalidSQLStatementName, "prepared statement \"%s\" does not exist", stmt)
	}
	if s.failed && (ps.raw == nil || !isTxnEnd(*ps.raw)) {
		return errFailedTxn()
	}
	if len(params) != len(ps.ParamTypes) {
		return pgerror.Newf(pgerror.ProtocolViolation, "bind message supplies %d parameters, but prepared statement \"%s\" requires %d", len(params), stmt, len(ps.ParamTypes))
	}
	if len(paramFormats) > 1 && len(paramFormats) != len(params) {
		return pgerror.Newf(pgerror.ProtocolViolation, "bind message has %d parameter formats but %d parameters", len(paramFormats), len(params))
	}
	if portal != "" {
		if _, dup := s.portals[portal]; dup {
			return pgerror.Newf(pgerror.DuplicateCursor, "portal \"%s\" already exists", portal)
		}
	}
	vals := make([]types.Datum, len(params))
	for i, b := range params {
		if b == nil {
			continue
		}
		format := int16(0)
		if len(paramFormats) == 1 {
			format = paramFormats[0]
		} else if len(paramFormats) > 1 {
			format = paramFormats[i]
		}
		t := types.T{Oid: ps.ParamTypes[i], Typmod: -1}
		var err error
		if format == 1 {
			vals[i], err = types.Recv(t, b)
		} else {
			if !isValidUTF8(string(b)) {
				return invalidUTF8(string(b))
			}
			vals[i], err = types.InZone(t, string(b), s.timeZone())
		}
		if err != nil {
			if pe, ok := pgerror.As(err); ok {
				c := *pe
				c.Context = "unnamed portal parameter $" + strconv.Itoa(i+1)
				return &c
			}
			return err
		}
	}
	p, err := s.preparedPortal(ps, vals, resultFormats)
	if err != nil {
		return err
	}
	if old := s.portals[portal]; old != nil {
		old.Close()
	}
	s.portals[portal] = p
	return nil
}

// preparedPortal makes a portal that runs prepared statement ps with the
// parameter values vals.
func (s *Session) preparedPortal(ps *Prepared, vals []types.Datum, resultFormats []int16) (*Portal, error) {
	p := &Portal{session: s, params: vals, resultFormats: resultFormats}
	if ps.raw == nil {
		p.stmt = nil
	} else if isTxnControl(*ps.raw) {
		st, err := s.analyzeOnly(*ps.raw)
		if err != nil {
			return nil, err
		}
		p.stmt = st
		p.sql = ps.SQL
	} else {
		tx := s.startTxn()
		s.implicit = s.implicit || !s.inBlock
		env := s.analyzeEnv(tx)
		env.ParamTypes = ps.ParamTypes
		st, _, err := analyze.Analyze(*ps.raw, env)
		if err != nil {
			return nil, err
		}
		if ex, ok := st.(*nodes.ExecuteStmt); ok {
			return s.executePortal(ex, vals, resultFormats)
		}
		p.stmt, p.sql = st, ps.SQL
		if q, ok := st.(*nodes.Query); ok && q.CommandType == nodes.CmdSelect {
			p.fields = queryFields(q.TargetList, resultFormats)
		} else if f := describeStmt(st); f != nil {
			p.fields = f
			applyFormats(p.fields, resultFormats)
		}
	}
	return p, nil
}

// preparedParams returns the parameter types of prepared statement name.
func (s *Session) preparedParams(name string) ([]types.Oid, bool) {
	ps, ok := s.prepared[name]
	if !ok {
		return nil, false
	}
	return ps.ParamTypes, true
}

// executePortal makes the portal of SQL EXECUTE: the prepared statement
// with its parameters' values, computed from EXECUTE's expressions (which
// may use the outer statement's parameters).
func (s *Session) executePortal(ex *nodes.ExecuteStmt, outer []types.Datum, resultFormats []int16) (*Portal, error) {
	ps, ok := s.prepared[ex.Name]
	if !ok {
		return nil, pgerror.Newf(pgerror.InvalidSQLStatementName, "prepared statement \"%s\" does not exist", ex.Name)
	}
	vals := make([]types.Datum, len(ex.Params))
	env := s.funcEnv()
	ectx := &expr.Context{Params: outer, Env: &env}
	noCols := func(*nodes.Var) (int, error) { return 0, pgerror.Internal("EXECUTE parameter refers to a column") }
	for i, e := range ex.Params {
		x, err := expr.Compile(e, noCols)
		if err != nil {
			return nil, err
		}
		v, err := x.Eval(ectx, &vector.Batch{N: 1}, nil)
		if err != nil {
			return nil, err
		}
		vals[i] = v.Get(0)
	}
	return s.preparedPortal(ps, vals, resultFormats)
}

// DescribePortal returns a portal's result columns (nil: NoData).
func (s *Session) DescribePortal(name string) ([]Field, error) {
	p, ok := s.portals[name]
	if !ok {
		return nil, pgerror.Newf(pgerror.InvalidCursorName, "portal \"%s\" does not exist", name)
	}
	return p.fields, nil
}

// Execute runs a portal, sending at most maxRows rows (0: all). It reports
// whether the portal was suspended.
func (s *Session) Execute(ctx context.Context, name string, maxRows int64, c Client) (suspended bool, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = panicError(r)
		}
	}()
	p, ok := s.portals[name]
	if ok {
		s.setActive(p.sql)
	}
	if !ok {
		return false, pgerror.Newf(pgerror.InvalidCursorName, "portal \"%s\" does not exist", name)
	}
	if p.stmt == nil {
		return false, c.SendEmptyQuery()
	}
	if t, ok := p.stmt.(*nodes.TransactionStmt); ok {
		s.implicit = false
		return false, s.transactionStmt(t, c)
	}
	if s.failed {
		return false, errFailedTxn()
	}
	s.noticeSink = c
	return p.Run(ctx, maxRows, c)
}

// ClosePortal drops a portal.
func (s *Session) ClosePortal(name string) {
	if p := s.portals[name]; p != nil {
		p.Close()
		delete(s.portals, name)
	}
}

// CloseStatement drops a prepared statement.
func (s *Session) CloseStatement(name string) { delete(s.prepared, name) }

// Sync ends an extended-protocol exchange: an implicit transaction commits.
func (s *Session) Sync() error {
	defer s.setIdle()
	s.ClosePortal("")
	if !s.inBlock && s.tx != nil {
		return s.commitTxn()
	}
	return nil
}

// ExtendedError records an error in the extended protocol: the session
// discards the unnamed portal and rolls back or fails the transaction.
func (s *Session) ExtendedError() {
	s.ClosePortal("")
	s.onError()
}
