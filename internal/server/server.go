// Package server speaks PostgreSQL's wire protocol v3 (PG: libpq/ and the
// message loop of tcop/postgres.c) on top of jackc/pgx's pgproto3: startup
// with TLS when a certificate is configured, client authentication by the
// rules of pg_hba.conf (trust, reject, SCRAM-SHA-256, MD5, password),
// ParameterStatus, simple and extended query, COPY FROM STDIN,
// CancelRequest and Terminate. Each connection runs in its own goroutine
// with its own session; malformed input ends that connection with an
// error and never the server.
package server

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/session"
)

// MaxMessageLen bounds a frontend message body (PG: PQ_LARGE_MESSAGE_LIMIT, 1 GB - 1).
const MaxMessageLen = 1<<30 - 1

// Server accepts connections for one engine.
type Server struct {
	eng *session.Engine
	// Logf receives log lines; nil discards them.
	Logf func(format string, args ...any)
	// TLSConfig, when set, lets clients ask for TLS (PG: ssl = on); an
	// SSLRequest is refused without it.
	TLSConfig *tls.Config
	// hba are the client authentication rules.
	hba []hbaRule
	// mockNonce makes the SCRAM salt shown for roles without a secret.
	mockNonce []byte

	mu       sync.Mutex
	ln       net.Listener
	conns    map[net.Conn]struct{}
	wg       sync.WaitGroup
	closing  bool
	baseCtx  context.Context
	cancelFn context.CancelFunc
}

// New returns a server for eng, authenticating clients by the rules of
// the data directory's pg_hba.conf (written with DefaultHBA if missing).
func New(eng *session.Engine) (*Server, error) {
	rules, err := LoadHBA(eng.Storage().DataDir())
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, 32)
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Server{eng: eng, hba: rules, mockNonce: nonce, conns: map[net.Conn]struct{}{}, baseCtx: ctx, cancelFn: cancel}, nil
}

func (s *Server) logf(format string, args ...any) {
	if s.Logf != nil {
		s.Logf(format, args...)
	}
}

// Serve accepts connections on ln until Shutdown.
func (s *Server) Serve(ln net.Listener) error {
	s.mu.Lock()
	if s.closing {
		// Shutdown came first: never start accepting.
		s.mu.Unlock()
		ln.Close()
		return nil
	}
	s.ln = ln
	s.mu.Unlock()
	for {
		conn, err := ln.Accept()
		if err != nil {
			s.mu.Lock()
			closing := s.closing
			s.mu.Unlock()
			if closing {
				return nil
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				time.Sleep(10 * time.Millisecond)
				continue
			}
			return err
		}
		s.mu.Lock()
		if s.closing {
			s.mu.Unlock()
			conn.Close()
			return nil
		}
		s.conns[conn] = struct{}{}
		s.wg.Add(1)
		s.mu.Unlock()
		go func() {
			defer s.wg.Done()
			s.ServeConn(s.baseCtx, conn)
			s.mu.Lock()
			delete(s.conns, conn)
			s.mu.Unlock()
		}()
	}
}

// Connect opens an in-process connection: the server speaks the protocol
// on one end of a net.Pipe, which it serves until Shutdown, and returns
// the other end, which a client such as pgx uses as it would a socket.
func (s *Server) Connect() (net.Conn, error) {
	client, srv := net.Pipe()
	s.mu.Lock()
	if s.closing {
		s.mu.Unlock()
		client.Close()
		srv.Close()
		return nil, pgerror.New(pgerror.AdminShutdown, "the database system is shutting down")
	}
	s.conns[srv] = struct{}{}
	s.wg.Add(1)
	s.mu.Unlock()
	go func() {
		defer s.wg.Done()
		s.ServeConn(s.baseCtx, srv)
		s.mu.Lock()
		delete(s.conns, srv)
		s.mu.Unlock()
	}()
	return client, nil
}

// Shutdown stops accepting, cancels running statements, closes every
// connection and waits for their goroutines.
func (s *Server) Shutdown() {
	s.mu.Lock()
	s.closing = true
	if s.ln != nil {
		s.ln.Close()
	}
	s.cancelFn()
	for c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
}

// conn is one client connection.
type conn struct {
	srv  *Server
	nc   net.Conn
	be   *pgproto3.Backend
	sess *session.Session
	// ssl is set once the connection runs over TLS.
	ssl bool
}

// ServeConn runs the protocol on one connection until it ends.
func (s *Server) ServeConn(ctx context.Context, nc net.Conn) {
	defer nc.Close()
	c := &conn{srv: s, nc: nc, be: pgproto3.NewBackend(nc, nc)}
	c.be.SetMaxBodyLen(MaxMessageLen)
	defer func() {
		if r := recover(); r != nil {
			s.logf("connection panic: %v", r)
			c.sendError(&pgerror.Error{Severity: pgerror.SeverityFatal, Code: pgerror.InternalError, Message: fmt.Sprintf("internal error: %v", r)})
		}
		if c.sess != nil {
			c.sess.Close()
		}
	}()
	if !c.startup() {
		return
	}
	c.loop(ctx)
}

func (c *conn) sendError(e *pgerror.Error) {
	c.be.Send(errorResponse(e))
	_ = c.be.Flush()
}

func errorResponse(e *pgerror.Error) *pgproto3.ErrorResponse {
	sev := e.Severity
	if sev == "" {
		sev = pgerror.SeverityError
	}
	return &pgproto3.ErrorResponse{
		Severity:            sev,
		SeverityUnlocalized: sev,
		Code:                e.Code,
		Message:             e.Message,
		Detail:              e.Detail,
		Hint:                e.Hint,
		Position:            int32(e.Position),
		InternalPosition:    int32(e.InternalPosition),
		InternalQuery:       e.InternalQuery,
		Where:               e.Context,
		Routine:             e.Routine,
	}
}

// startup handles SSL/GSS negotiation, CancelRequest and StartupMessage;
// it reports whether the connection proceeds to the query loop.
func (c *conn) startup() bool {
	_ = c.nc.SetReadDeadline(time.Now().Add(60 * time.Second))
	defer c.nc.SetReadDeadline(time.Time{})
	for {
		msg, err := c.be.ReceiveStartupMessage()
		if err != nil {
			c.sendError(&pgerror.Error{Severity: pgerror.SeverityFatal, Code: pgerror.ProtocolViolation, Message: "invalid startup packet layout: " + err.Error()})
			return false
		}
		switch m := msg.(type) {
		case *pgproto3.SSLRequest:
			if c.ssl {
				c.protocolError("SSL negotiation packet received after SSL was established")
				return false
			}
			if c.srv.TLSConfig == nil {
				if _, err := c.nc.Write([]byte{'N'}); err != nil {
					return false
				}
				continue
			}
			if _, err := c.nc.Write([]byte{'S'}); err != nil {
				return false
			}
			tc := tls.Server(c.nc, c.srv.TLSConfig)
			if err := tc.Handshake(); err != nil {
				c.srv.logf("could not accept SSL connection: %v", err)
				return false
			}
			c.nc, c.ssl = tc, true
			c.be = pgproto3.NewBackend(tc, tc)
			c.be.SetMaxBodyLen(MaxMessageLen)
		case *pgproto3.GSSEncRequest:
			if _, err := c.nc.Write([]byte{'N'}); err != nil {
				return false
			}
		case *pgproto3.CancelRequest:
			if len(m.SecretKey) == 4 {
				secret := uint32(m.SecretKey[0])<<24 | uint32(m.SecretKey[1])<<16 | uint32(m.SecretKey[2])<<8 | uint32(m.SecretKey[3])
				c.srv.eng.CancelRequest(m.ProcessID, secret)
			}
			return false
		case *pgproto3.StartupMessage:
			return c.authenticate(m)
		default:
			c.sendError(&pgerror.Error{Severity: pgerror.SeverityFatal, Code: pgerror.ProtocolViolation, Message: "unsupported frontend protocol"})
			return false
		}
	}
}

func (c *conn) authenticate(m *pgproto3.StartupMessage) bool {
	if m.ProtocolVersion>>16 != 3 {
		c.sendError(&pgerror.Error{Severity: pgerror.SeverityFatal, Code: pgerror.FeatureNotSupported,
			Message: fmt.Sprintf("unsupported frontend protocol %d.%d: server supports 3.0 to 3.0", m.ProtocolVersion>>16, m.ProtocolVersion&0xffff)})
		return false
	}
	user := m.Parameters["user"]
	if user == "" {
		c.sendError(&pgerror.Error{Severity: pgerror.SeverityFatal, Code: pgerror.InvalidAuthorizationSpec, Message: "no PostgreSQL user name specified in startup packet"})
		return false
	}
	db := m.Parameters["database"]
	if db == "" {
		db = user
	}
	if err := c.clientAuthentication(user, db); err != nil {
		if !errors.Is(err, errClientGone) {
			pe := pgerror.Convert(err)
			pe.Severity = pgerror.SeverityFatal
			c.sendError(pe)
		}
		return false
	}
	sess, err := c.srv.eng.NewSession(user, db, m.Parameters)
	if err != nil {
		pe := pgerror.Convert(err)
		if pe.Severity == "" || pe.Severity == pgerror.SeverityError {
			pe.Severity = pgerror.SeverityFatal
		}
		c.sendError(pe)
		return false
	}
	c.sess = sess
	if a, ok := c.nc.RemoteAddr().(*net.TCPAddr); ok {
		sess.SetClient(session.ClientInfo{Addr: a.IP.String(), Port: a.Port})
	}
	// pg_terminate_backend wakes the loop's read, which then ends the
	// connection.
	nc := c.nc
	sess.OnTerminate(func() { _ = nc.SetReadDeadline(time.Now()) })
	c.be.Send(&pgproto3.AuthenticationOk{})
	reported := sess.Settings().ReportedValues()
	for _, name := range sortedKeys(reported) {
		c.be.Send(&pgproto3.ParameterStatus{Name: name, Value: reported[name]})
	}
	sess.Settings().Reported = func(name, value string) {
		c.be.Send(&pgproto3.ParameterStatus{Name: name, Value: value})
	}
	secret := sess.Secret()
	c.be.Send(&pgproto3.BackendKeyData{ProcessID: sess.PID(), SecretKey: []byte{byte(secret >> 24), byte(secret >> 16), byte(secret >> 8), byte(secret)}})
	c.be.Send(&pgproto3.ReadyForQuery{TxStatus: 'I'})
	return c.be.Flush() == nil
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// protocolError ends the connection with a FATAL protocol_violation.
func (c *conn) protocolError(msg string) {
	c.sendError(&pgerror.Error{Severity: pgerror.SeverityFatal, Code: pgerror.ProtocolViolation, Message: msg})
}

func (c *conn) loop(ctx context.Context) {
	// After an error in the extended protocol, messages are skipped until Sync.
	skipToSync := false
	for {
		msg, err := c.be.Receive()
		if c.sess.Terminated() {
			c.sendError(session.TerminationError())
			return
		}
		if err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, net.ErrClosed) {
				return
			}
			var ute *pgproto3.ExceededMaxBodyLenErr
			if errors.As(err, &ute) {
				c.protocolError("invalid message length")
				return
			}
			c.protocolError(receiveErrorText(err))
			return
		}
		if skipToSync {
			switch msg.(type) {
			case *pgproto3.Sync:
				skipToSync = false
				c.readyForQuery()
			case *pgproto3.Terminate:
				return
			}
			continue
		}
		switch m := msg.(type) {
		case *pgproto3.Query:
			c.simpleQuery(ctx, m.String)
		case *pgproto3.Parse:
			if err := c.sess.Parse(m.Name, m.Query, m.ParameterOIDs); err != nil {
				skipToSync = c.extendedError(err)
				continue
			}
			c.be.Send(&pgproto3.ParseComplete{})
		case *pgproto3.Bind:
			params := make([][]byte, len(m.Parameters))
			for i, p := range m.Parameters {
				if p != nil {
					params[i] = append([]byte{}, p...)
				}
			}
			if err := c.sess.Bind(ctx, m.DestinationPortal, m.PreparedStatement, append([]int16(nil), m.ParameterFormatCodes...), params, append([]int16(nil), m.ResultFormatCodes...)); err != nil {
				skipToSync = c.extendedError(err)
				continue
			}
			c.be.Send(&pgproto3.BindComplete{})
		case *pgproto3.Describe:
			if err := c.describe(m); err != nil {
				skipToSync = c.extendedError(err)
			}
		case *pgproto3.Execute:
			suspended, err := c.sess.Execute(ctx, m.Portal, int64(m.MaxRows), c)
			if err != nil {
				skipToSync = c.extendedError(err)
				continue
			}
			if suspended {
				c.be.Send(&pgproto3.PortalSuspended{})
			}
		case *pgproto3.Close:
			if m.ObjectType == 'S' {
				c.sess.CloseStatement(m.Name)
			} else {
				c.sess.ClosePortal(m.Name)
			}
			c.be.Send(&pgproto3.CloseComplete{})
		case *pgproto3.Sync:
			if err := c.sess.Sync(); err != nil {
				c.be.Send(errorResponse(pgerror.Convert(err)))
			}
			c.readyForQuery()
		case *pgproto3.Flush:
			if c.be.Flush() != nil {
				return
			}
		case *pgproto3.Terminate:
			return
		case *pgproto3.CopyData, *pgproto3.CopyDone, *pgproto3.CopyFail:
			// Stray COPY messages outside COPY are ignored, as PG does.
		default:
			c.protocolError(fmt.Sprintf("unexpected frontend message %T", msg))
			return
		}
	}
}

// messageType returns the type byte msg has on the wire.
func messageType(msg pgproto3.FrontendMessage) byte {
	if b, err := msg.Encode(nil); err == nil && len(b) > 0 {
		return b[0]
	}
	return 0
}

// receiveErrorText words a receive failure as PG's message for it.
func receiveErrorText(err error) string {
	msg := err.Error()
	if strings.HasPrefix(msg, "unknown message type: ") {
		t := strings.TrimPrefix(msg, "unknown message type: ")
		if len(t) > 0 {
			return fmt.Sprintf("invalid frontend message type %d", []rune(t)[0])
		}
	}
	if strings.HasPrefix(msg, "invalid message length") {
		return "invalid message length"
	}
	return "invalid frontend message: " + msg
}

func (c *conn) extendedError(err error) bool {
	if c.sess.Terminated() {
		// The FATAL that ends the connection says it all.
		return true
	}
	pe := pgerror.Convert(err)
	c.be.Send(errorResponse(pe))
	c.sess.ExtendedError()
	return true
}

func (c *conn) readyForQuery() {
	c.be.Send(&pgproto3.ReadyForQuery{TxStatus: c.sess.TxStatus()})
	_ = c.be.Flush()
}

func (c *conn) simpleQuery(ctx context.Context, sql string) {
	err := c.sess.SimpleQuery(ctx, sql, c)
	if c.sess.Terminated() {
		// The loop ends the connection with the FATAL that says why.
		_ = c.be.Flush()
		return
	}
	if err != nil {
		c.be.Send(errorResponse(pgerror.Convert(err)))
	}
	c.readyForQuery()
}

func (c *conn) describe(m *pgproto3.Describe) error {
	if m.ObjectType == 'S' {
		params, fields, err := c.sess.DescribeStatement(m.Name)
		if err != nil {
			return err
		}
		oids := make([]uint32, len(params))
		for i, p := range params {
			oids[i] = uint32(p)
		}
		c.be.Send(&pgproto3.ParameterDescription{ParameterOIDs: oids})
		c.sendFields(fields)
		return nil
	}
	fields, err := c.sess.DescribePortal(m.Name)
	if err != nil {
		return err
	}
	c.sendFields(fields)
	return nil
}

func (c *conn) sendFields(fields []session.Field) {
	if fields == nil {
		c.be.Send(&pgproto3.NoData{})
		return
	}
	_ = c.SendRowDescription(fields)
}

// SendRowDescription implements session.Client.
func (c *conn) SendRowDescription(fields []session.Field) error {
	rd := &pgproto3.RowDescription{Fields: make([]pgproto3.FieldDescription, len(fields))}
	for i, f := range fields {
		rd.Fields[i] = pgproto3.FieldDescription{
			Name:                 []byte(f.Name),
			TableOID:             uint32(f.TableOid),
			TableAttributeNumber: uint16(f.AttNum),
			DataTypeOID:          uint32(f.Type.Oid),
			DataTypeSize:         f.TypLen,
			TypeModifier:         f.Type.Typmod,
			Format:               f.Format,
		}
	}
	c.be.Send(rd)
	return nil
}

// SendDataRow implements session.Client.
func (c *conn) SendDataRow(values [][]byte) error {
	c.be.Send(&pgproto3.DataRow{Values: values})
	return nil
}

// SendCommandComplete implements session.Client.
func (c *conn) SendCommandComplete(tag string) error {
	c.be.Send(&pgproto3.CommandComplete{CommandTag: []byte(tag)})
	return nil
}

// SendEmptyQuery implements session.Client.
func (c *conn) SendEmptyQuery() error {
	c.be.Send(&pgproto3.EmptyQueryResponse{})
	return nil
}

// SendNotice implements session.Client.
func (c *conn) SendNotice(e *pgerror.Error) error {
	sev := e.Severity
	if sev == "" {
		sev = pgerror.SeverityNotice
	}
	c.be.Send(&pgproto3.NoticeResponse{Severity: sev, SeverityUnlocalized: sev, Code: e.Code, Message: e.Message, Detail: e.Detail, Hint: e.Hint})
	return nil
}

// SendParameterStatus implements session.Client.
func (c *conn) SendParameterStatus(name, value string) error {
	c.be.Send(&pgproto3.ParameterStatus{Name: name, Value: value})
	return nil
}

// CopyIn implements session.Client: it announces COPY FROM STDIN and
// returns a reader over the CopyData that follows.
func (c *conn) CopyIn(ncols int) (io.Reader, error) {
	c.be.Send(&pgproto3.CopyInResponse{OverallFormat: 0, ColumnFormatCodes: make([]uint16, ncols)})
	if err := c.be.Flush(); err != nil {
		return nil, err
	}
	return &copyReader{c: c}, nil
}

// CopyOut implements session.Client: it announces COPY TO STDOUT and
// returns a writer whose writes become CopyData messages.
func (c *conn) CopyOut(ncols int) (io.WriteCloser, error) {
	c.be.Send(&pgproto3.CopyOutResponse{OverallFormat: 0, ColumnFormatCodes: make([]uint16, ncols)})
	return copyWriter{c: c}, nil
}

// copyWriter sends each write as a CopyData message.
type copyWriter struct{ c *conn }

func (w copyWriter) Write(p []byte) (int, error) {
	w.c.be.Send(&pgproto3.CopyData{Data: append([]byte(nil), p...)})
	return len(p), nil
}

func (w copyWriter) Close() error {
	w.c.be.Send(&pgproto3.CopyDone{})
	return nil
}

// copyReader yields the bytes of CopyData messages until CopyDone.
type copyReader struct {
	c    *conn
	buf  []byte
	done bool
	err  error
}

func (r *copyReader) Read(p []byte) (int, error) {
	for len(r.buf) == 0 {
		if r.done {
			return 0, io.EOF
		}
		if r.err != nil {
			return 0, r.err
		}
		msg, err := r.c.be.Receive()
		if err != nil {
			r.err = pgerror.New(pgerror.ConnectionFailure, "unexpected EOF on client connection with an open transaction")
			return 0, r.err
		}
		switch m := msg.(type) {
		case *pgproto3.CopyData:
			r.buf = append(r.buf[:0], m.Data...)
		case *pgproto3.CopyDone:
			r.done = true
		case *pgproto3.CopyFail:
			r.err = pgerror.Newf(pgerror.QueryCanceled, "COPY from stdin failed: %s", m.Message)
		case *pgproto3.Flush, *pgproto3.Sync:
			// PG ignores these during COPY.
		default:
			r.err = pgerror.Newf(pgerror.ProtocolViolation, "unexpected message type 0x%02X during COPY from stdin", messageType(msg))
		}
	}
	n := copy(p, r.buf)
	r.buf = r.buf[n:]
	return n, nil
}
