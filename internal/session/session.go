package session

import (
	"context"
	"fmt"
	"log"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/loomdb/loomdb/internal/analyze"
	"github.com/loomdb/loomdb/internal/commands"
	"github.com/loomdb/loomdb/internal/funcs"
	"github.com/loomdb/loomdb/internal/guc"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/parser"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/txn"
	"github.com/loomdb/loomdb/internal/types"
)

// Session is one client connection's state.
type Session struct {
	eng    *Engine
	pid    uint32
	secret uint32
	User   string
	// roleOid is the role the session logged in as: its OID stays when
	// its attributes change, which currentRole reads afresh.
	roleOid  types.Oid
	Database string
	settings *guc.Settings

	tx       *txn.Txn
	inBlock  bool // explicit BEGIN
	failed   bool // the block saw an error: only ROLLBACK/COMMIT allowed
	didDDL   bool // the transaction changed the catalogs
	implicit bool // an implicit transaction (extended protocol) is open
	// xactStart is when the open transaction began: now()'s value.
	xactStart time.Time

	prepared map[string]*Prepared
	portals  map[string]*Portal
	// seqs is the session's sequence state (currval, cached values).
	seqs *commands.SeqTable

	// noticeSink receives notices raised while a statement runs.
	noticeSink Client
	// skipRI suspends foreign-key checks and actions, while TRUNCATE
	// empties tables whose references it has checked itself.
	skipRI bool

	cancelMu sync.Mutex
	cancel   context.CancelFunc
	closed   bool

	// started, client and act are what pg_stat_activity shows of the
	// session; onTerminate and terminated serve pg_terminate_backend.
	started     time.Time
	client      ClientInfo
	act         activity
	onTerminate func()
	terminated  atomic.Bool
}

// PID returns the backend process id reported in BackendKeyData.
func (s *Session) PID() uint32 { return s.pid }

// Secret returns the cancel key reported in BackendKeyData.
func (s *Session) Secret() uint32 { return s.secret }

// Settings returns the session's settings.
func (s *Session) Settings() *guc.Settings { return s.settings }

// TxStatus returns the ReadyForQuery status: 'I' idle, 'T' in a block, 'E' failed block.
func (s *Session) TxStatus() byte {
	switch {
	case s.failed:
		return 'E'
	case s.inBlock:
		return 'T'
	}
	return 'I'
}

// Cancel cancels the running statement, if any (CancelRequest).
func (s *Session) Cancel() {
	s.cancelMu.Lock()
	defer s.cancelMu.Unlock()
	if s.cancel != nil {
		s.cancel()
	}
}

// Close ends the session, rolling back an open transaction.
func (s *Session) Close() {
	if s.closed {
		return
	}
	s.closed = true
	// Open portals hold buffer pins and temp files until their executor
	// ends.
	for _, p := range s.portals {
		p.Close()
	}
	s.portals = nil
	s.abortTxn()
	s.eng.removeSession(s)
}

// statementContext derives the context a statement runs under: cancellable
// by CancelRequest and bounded by statement_timeout.
func (s *Session) statementContext(parent context.Context) (context.Context, func()) {
	ctx, cancel := context.WithCancel(parent)
	var timeoutCancel context.CancelFunc = func() {}
	if ms := s.settings.Int("statement_timeout"); ms > 0 {
		ctx, timeoutCancel = context.WithTimeout(ctx, time.Duration(ms)*time.Millisecond)
	}
	s.cancelMu.Lock()
	s.cancel = cancel
	s.cancelMu.Unlock()
	return ctx, func() {
		s.cancelMu.Lock()
		s.cancel = nil
		s.cancelMu.Unlock()
		timeoutCancel()
		cancel()
	}
}

// analyzeEnv is the environment statements are analyzed in within tx.
func (s *Session) analyzeEnv(tx *txn.Txn) *analyze.Env {
	return &analyze.Env{TimeZone: s.timeZone(), PreparedParams: s.preparedParams, Catalog: s.catalogFor(tx)}
}

// noParams marks env for a statement that may not use $n (a simple Query).
func noParams(env *analyze.Env) *analyze.Env {
	env.NoParams = true
	return env
}

// funcEnv is the session's side of functions for a statement starting now.
func (s *Session) funcEnv() funcs.Env {
	s.seqs.NewStatement()
	return funcs.Env{TimeZone: s.timeZone(), XactStart: s.xactStart, StmtStart: time.Now(), Sequences: sessionSequences{s}, Settings: sessionSettings{s}, Catalog: sessionCatalog{s}}
}

// timeZone returns the session's TimeZone setting as a location.
func (s *Session) timeZone() *time.Location {
	if loc, _, ok := types.LoadZone(s.settings.String("TimeZone")); ok {
		return loc
	}
	return time.UTC
}

// startTxn makes sure a transaction is open.
func (s *Session) startTxn() *txn.Txn {
	if s.tx == nil {
		iso := txn.ReadCommitted
		if v := s.settings.String("default_transaction_isolation"); v == "repeatable read" || v == "serializable" {
			iso = txn.RepeatableRead
		}
		s.tx = s.eng.st.Txns().Begin(iso)
		s.xactStart = time.Now()
		s.didDDL = false
		if s.settings.Bool("default_transaction_read_only") {
			_ = s.settings.Set("transaction_read_only", "on", guc.SetOpts{Local: true, InTxn: true})
		}
	}
	return s.tx
}

// readOnlyTxn reports whether the open transaction, or else the next one,
// is read only.
func (s *Session) readOnlyTxn() bool {
	if s.tx == nil {
		return s.settings.Bool("default_transaction_read_only")
	}
	return s.settings.Bool("transaction_read_only")
}

// checkReadOnly refuses a statement that writes in a read-only
// transaction (PG: PreventCommandIfReadOnly).
func (s *Session) checkReadOnly(st nodes.Stmt) error {
	if !s.readOnlyTxn() {
		return nil
	}
	what := ""
	switch x := st.(type) {
	case *nodes.Query:
		switch x.CommandType {
		case nodes.CmdInsert:
			what = "INSERT"
		case nodes.CmdUpdate:
			what = "UPDATE"
		case nodes.CmdDelete:
			what = "DELETE"
		default:
			if nodes.HasModifyingCTE(x) {
				what = "SELECT"
			}
		}
	case *nodes.CreateTableStmt:
		what = "CREATE TABLE"
	case *nodes.CreateTableAsStmt:
		what = "CREATE TABLE AS"
	case *nodes.DropTableStmt:
		what = map[byte]string{'r': "DROP TABLE", 'v': "DROP VIEW", 'S': "DROP SEQUENCE"}[x.Kind]
	case *nodes.CreateViewStmt:
		what = "CREATE VIEW"
	case *nodes.IndexStmt:
		what = "CREATE INDEX"
	case *nodes.TruncateStmt:
		what = "TRUNCATE TABLE"
	case *nodes.CreateSeqStmt:
		what = "CREATE SEQUENCE"
	case *nodes.AlterSeqStmt:
		what = "ALTER SEQUENCE"
	case *nodes.AlterTableStmt:
		what = "ALTER TABLE"
	case *nodes.CopyStmt:
		if x.From {
			what = "COPY FROM"
		}
	case *nodes.CreateRoleStmt:
		what = "CREATE ROLE"
	case *nodes.AlterRoleStmt:
		what = "ALTER ROLE"
	case *nodes.DropRoleStmt:
		what = "DROP ROLE"
	case *nodes.GrantStmt:
		what = map[bool]string{true: "GRANT", false: "REVOKE"}[x.IsGrant]
	}
	if what == "" {
		return nil
	}
	return pgerror.Newf(pgerror.ReadOnlySQLTransaction, "cannot execute %s in a read-only transaction", what)
}

func (s *Session) commitTxn() error {
	tx := s.tx
	s.tx = nil
	s.inBlock, s.failed, s.implicit = false, false, false
	if tx == nil {
		return nil
	}
	err := tx.Commit()
	s.settings.EndTransaction(err == nil)
	if err == nil && s.didDDL {
		s.eng.catalogChanged()
	}
	s.didDDL = false
	return err
}

func (s *Session) abortTxn() {
	tx := s.tx
	s.tx = nil
	s.inBlock, s.failed, s.implicit = false, false, false
	s.didDDL = false
	if tx != nil {
		tx.Abort()
		s.settings.EndTransaction(false)
	}
}

// onError updates transaction state after a failed statement: an explicit
// block becomes failed, an implicit transaction is rolled back.
func (s *Session) onError() {
	if s.inBlock {
		s.failed = true
		return
	}
	s.abortTxn()
}

// catalogFor returns the analyzer's catalog view for the current transaction.
func (s *Session) catalogFor(tx *txn.Txn) *catalogView {
	return &catalogView{s: s, tx: tx, snap: tx.StatementSnapshot()}
}

// SimpleQuery runs a Query message: one or more statements, each answered
// with its own results; all run in one implicit transaction unless the
// string controls transactions itself. The first error stops the rest and is
// returned for the caller to send.
func (s *Session) SimpleQuery(ctx context.Context, sql string, c Client) (err error) {
	s.setActive(sql)
	defer s.setIdle()
	if !isValidUTF8(sql) {
		s.onError()
		return invalidUTF8(sql)
	}
	stmts, err := parser.Parse(sql)
	if err != nil {
		s.onError()
		return err
	}
	if len(stmts) == 0 {
		return c.SendEmptyQuery()
	}
	// PG: a multi-statement string without transaction control runs as one implicit block.
	implicitBlock := len(stmts) > 1 && !s.inBlock
	for _, raw := range stmts {
		if err := s.runSimple(ctx, raw, c, implicitBlock); err != nil {
			s.onError()
			return err
		}
	}
	if !s.inBlock && s.tx != nil {
		return s.commitTxn()
	}
	return nil
}

func (s *Session) runSimple(ctx context.Context, raw parser.RawStmt, c Client, implicitBlock bool) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = panicError(r)
		}
	}()
	if s.failed && !isTxnEnd(raw) {
		return pgerror.New(pgerror.InFailedSQLTransaction, "current transaction is aborted, commands ignored until end of transaction block")
	}
	if isTxnControl(raw) {
		tx, err := s.analyzeOnly(raw)
		if err != nil {
			return err
		}
		return s.transactionStmt(tx.(*nodes.TransactionStmt), c)
	}
	tx := s.startTxn()
	st, _, err := analyze.Analyze(raw, noParams(s.analyzeEnv(tx)))
	if err != nil {
		return err
	}
	p := &Portal{session: s, stmt: st, sql: raw.SQL}
	if ex, ok := st.(*nodes.ExecuteStmt); ok {
		if p, err = s.executePortal(ex, nil, nil); err != nil {
			return err
		}
	}
	s.noticeSink = c
	if err := p.start(ctx); err != nil {
		return err
	}
	if fields := p.Fields(); fields != nil {
		if err := c.SendRowDescription(fields); err != nil {
			return err
		}
	}
	if _, err := p.Run(ctx, 0, c); err != nil {
		return err
	}
	if !s.inBlock && !implicitBlock && s.tx != nil {
		return s.commitTxn()
	}
	return nil
}

func (s *Session) analyzeOnly(raw parser.RawStmt) (nodes.Stmt, error) {
	st, _, err := analyze.Analyze(raw, &analyze.Env{TimeZone: s.timeZone()})
	return st, err
}

func isTxnControl(raw parser.RawStmt) bool { return raw.Node.GetTransactionStmt() != nil }

func isTxnEnd(raw parser.RawStmt) bool {
	t := raw.Node.GetTransactionStmt()
	if t == nil {
		return false
	}
	k := t.Kind.String()
	return strings.Contains(k, "COMMIT") || strings.Contains(k, "ROLLBACK")
}

func (s *Session) transactionStmt(t *nodes.TransactionStmt, c Client) error {
	switch t.Kind {
	case nodes.TransBegin:
		if s.inBlock {
			if err := s.sendNotice(c, &pgerror.Error{Severity: pgerror.SeverityWarning, Code: pgerror.ActiveSQLTransaction, Message: "there is already a transaction in progress"}); err != nil {
				return err
			}
			return c.SendCommandComplete("BEGIN")
		}
		if t.Isolation != "" {
			if err := s.settings.Set("default_transaction_isolation", t.Isolation, guc.SetOpts{Local: true, InTxn: true}); err != nil {
				return err
			}
		}
		s.startTxn()
		if t.ReadOnly != nil {
			v := map[bool]string{true: "on", false: "off"}[*t.ReadOnly]
			if err := s.settings.Set("transaction_read_only", v, guc.SetOpts{Local: true, InTxn: true}); err != nil {
				return err
			}
		}
		s.inBlock = true
		if t.Start {
			return c.SendCommandComplete("START TRANSACTION")
		}
		return c.SendCommandComplete("BEGIN")
	case nodes.TransCommit:
		if !s.inBlock {
			if err := s.sendNotice(c, &pgerror.Error{Severity: pgerror.SeverityWarning, Code: pgerror.NoActiveSQLTransaction, Message: "there is no transaction in progress"}); err != nil {
				return err
			}
			if s.tx != nil {
				if err := s.commitTxn(); err != nil {
					return err
				}
			}
			return c.SendCommandComplete("COMMIT")
		}
		if s.failed {
			s.abortTxn()
			return c.SendCommandComplete("ROLLBACK")
		}
		if err := s.commitTxn(); err != nil {
			return err
		}
		return c.SendCommandComplete("COMMIT")
	case nodes.TransSavepoint, nodes.TransRelease, nodes.TransRollbackTo:
		return s.savepointStmt(t, c)
	default:
		if !s.inBlock {
			if err := s.sendNotice(c, &pgerror.Error{Severity: pgerror.SeverityWarning, Code: pgerror.NoActiveSQLTransaction, Message: "there is no transaction in progress"}); err != nil {
				return err
			}
		}
		s.abortTxn()
		return c.SendCommandComplete("ROLLBACK")
	}
}

// savepointStmt runs SAVEPOINT, RELEASE and ROLLBACK TO, which need a
// transaction block; ROLLBACK TO also ends a failed block's failed state.
func (s *Session) savepointStmt(t *nodes.TransactionStmt, c Client) error {
	what := map[nodes.TransactionKind]string{nodes.TransSavepoint: "SAVEPOINT", nodes.TransRelease: "RELEASE SAVEPOINT", nodes.TransRollbackTo: "ROLLBACK TO SAVEPOINT"}[t.Kind]
	if !s.inBlock {
		return pgerror.Newf(pgerror.NoActiveSQLTransaction, "%s can only be used in transaction blocks", what)
	}
	tx := s.startTxn()
	missing := pgerror.Newf(pgerror.InvalidSavepointSpecification, "savepoint \"%s\" does not exist", t.Savepoint)
	switch t.Kind {
	case nodes.TransSavepoint:
		tx.Savepoint(t.Savepoint)
		return c.SendCommandComplete("SAVEPOINT")
	case nodes.TransRelease:
		if !tx.ReleaseSavepoint(t.Savepoint) {
			return missing
		}
		return c.SendCommandComplete("RELEASE")
	}
	if !tx.RollbackToSavepoint(t.Savepoint) {
		return missing
	}
	s.failed = false
	return c.SendCommandComplete("ROLLBACK")
}

// panicError converts a recovered panic into the XX000 error the client
// sees; the stack goes to the server log, not to the client.
func panicError(r any) error {
	log.Printf("LOG:  statement panicked: %v\n%s", r, debug.Stack())
	return pgerror.Internal("internal error: %v", r)
}

func isValidUTF8(s string) bool {
	return utf8.ValidString(s) && strings.IndexByte(s, 0) < 0
}

// invalidUTF8 builds PG's error for the first byte sequence that is not
// UTF-8: it shows as many bytes as the lead byte announces.
func invalidUTF8(s string) error {
	for i := 0; i < len(s); {
		if s[i] == 0 {
			return pgerror.New(pgerror.CharacterNotInRepertoire, "invalid byte sequence for encoding \"UTF8\": 0x00")
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 {
			n := 1
			switch c := s[i]; {
			case c&0xE0 == 0xC0:
				n = 2
			case c&0xF0 == 0xE0:
				n = 3
			case c&0xF8 == 0xF0:
				n = 4
			}
			var hex []string
			for j := i; j < min(i+n, len(s)); j++ {
				hex = append(hex, fmt.Sprintf("0x%02x", s[j]))
			}
			return pgerror.Newf(pgerror.CharacterNotInRepertoire, "invalid byte sequence for encoding \"UTF8\": %s", strings.Join(hex, " "))
		}
		i += size
	}
	return nil
}

// sendNotice sends a notice or warning if client_min_messages allows it.
func (s *Session) sendNotice(c Client, e *pgerror.Error) error {
	if !s.shouldSend(e.Severity) {
		return nil
	}
	return c.SendNotice(e)
}
