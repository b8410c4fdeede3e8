// auth.go authenticates a client by the pg_hba.conf rule its connection
// matches (PG: libpq/auth.c's ClientAuthentication): trust, reject, or a
// password proven by SCRAM-SHA-256, answered to an MD5 challenge or, with
// "password", sent in the clear. Whatever went wrong with a password —
// a wrong one, none stored, an unknown role, an expired one — the client
// hears only "password authentication failed".

package server

import (
	"crypto/rand"
	"errors"
	"fmt"
	"net"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/loomdb/loomdb/internal/auth"
	"github.com/loomdb/loomdb/internal/pgerror"
)

// errClientGone ends authentication when the client stops answering,
// which psql does to ask its user for a password.
var errClientGone = errors.New("client closed the connection during authentication")

func authFailed(code, format string, args ...any) error {
	return &pgerror.Error{Severity: pgerror.SeverityFatal, Code: code, Message: fmt.Sprintf(format, args...)}
}

// clientAuthentication runs the authentication the first matching rule
// asks for; nil means the client may go on to start its session.
func (c *conn) clientAuthentication(user, db string) error {
	hc := hbaConn{user: user, db: db, ssl: c.ssl}
	if a, ok := c.nc.RemoteAddr().(*net.TCPAddr); ok {
		hc.ip = a.IP
	} else {
		hc.local = true
	}
	rule := matchHBA(c.srv.hba, hc)
	if rule == nil {
		return authFailed(pgerror.InvalidAuthorizationSpec, "no pg_hba.conf entry for host \"%s\", user \"%s\", database \"%s\", %s",
			hc.hostName(), user, db, hc.encryption())
	}
	switch rule.method {
	case "trust":
		return nil
	case "reject":
		return authFailed(pgerror.InvalidAuthorizationSpec, "pg_hba.conf rejects connection for host \"%s\", user \"%s\", database \"%s\", %s",
			hc.hostName(), user, db, hc.encryption())
	}
	stored, usable, err := c.srv.eng.RolePassword(user)
	if err != nil {
		return err
	}
	if !usable {
		stored = ""
	}
	failed := authFailed(pgerror.InvalidPassword, "password authentication failed for user \"%s\"", user)
	var ok bool
	switch {
	case rule.method == "password":
		ok, err = c.plainPassword(user, stored)
	case rule.method == "md5" && auth.KindOf(stored) == auth.MD5:
		ok, err = c.md5Password(user, stored)
	default:
		// Without a stored password, "md5" asks for SCRAM too, as it
		// would of a role whose password password_encryption's default
		// stored (PG: CheckMD5Auth falling back to SCRAM).
		ok, err = c.scram(user, stored)
	}
	if err != nil {
		return err
	}
	if !ok {
		return failed
	}
	return nil
}

// receiveAuth reads the client's answer of the given kind during
// authentication.
func (c *conn) receiveAuth(authType uint32) (pgproto3.FrontendMessage, error) {
	if err := c.be.Flush(); err != nil {
		return nil, errClientGone
	}
	if err := c.be.SetAuthType(authType); err != nil {
		return nil, err
	}
	msg, err := c.be.Receive()
	if err != nil {
		return nil, errClientGone
	}
	return msg, nil
}

func expectedPassword(msg pgproto3.FrontendMessage) error {
	return authFailed(pgerror.ProtocolViolation, "expected password response, got message type %T", msg)
}

func (c *conn) plainPassword(user, stored string) (bool, error) {
	c.be.Send(&pgproto3.AuthenticationCleartextPassword{})
	msg, err := c.receiveAuth(pgproto3.AuthTypeCleartextPassword)
	if err != nil {
		return false, err
	}
	pm, ok := msg.(*pgproto3.PasswordMessage)
	if !ok {
		return false, expectedPassword(msg)
	}
	return stored != "" && auth.CheckPlain(user, stored, pm.Password), nil
}

func (c *conn) md5Password(user, stored string) (bool, error) {
	var salt [4]byte
	if _, err := randRead(salt[:]); err != nil {
		return false, err
	}
	c.be.Send(&pgproto3.AuthenticationMD5Password{Salt: salt})
	msg, err := c.receiveAuth(pgproto3.AuthTypeMD5Password)
	if err != nil {
		return false, err
	}
	pm, ok := msg.(*pgproto3.PasswordMessage)
	if !ok {
		return false, expectedPassword(msg)
	}
	return stored != "" && auth.CheckMD5(user, stored, pm.Password, salt), nil
}

// scram runs a SCRAM-SHA-256 exchange; a role without a SCRAM secret goes
// through it too and fails at its end.
func (c *conn) scram(user, stored string) (bool, error) {
	c.be.Send(&pgproto3.AuthenticationSASL{AuthMechanisms: []string{auth.Mechanism}})
	msg, err := c.receiveAuth(pgproto3.AuthTypeSASL)
	if err != nil {
		return false, err
	}
	first, ok := msg.(*pgproto3.SASLInitialResponse)
	if !ok {
		return false, expectedPassword(msg)
	}
	if first.AuthMechanism != auth.Mechanism {
		return false, authFailed(pgerror.ProtocolViolation, "client selected an invalid SASL authentication mechanism")
	}
	s := auth.NewSCRAMServer(stored, c.srv.mockNonce, user)
	serverFirst, err := s.ServerFirst(first.Data)
	if err != nil {
		return false, err
	}
	c.be.Send(&pgproto3.AuthenticationSASLContinue{Data: serverFirst})
	msg, err = c.receiveAuth(pgproto3.AuthTypeSASLContinue)
	if err != nil {
		return false, err
	}
	resp, ok := msg.(*pgproto3.SASLResponse)
	if !ok {
		return false, expectedPassword(msg)
	}
	final, ok, err := s.ServerFinal(resp.Data)
	if err != nil || !ok {
		return false, err
	}
	c.be.Send(&pgproto3.AuthenticationSASLFinal{Data: final})
	return true, nil
}

var randRead = rand.Read
