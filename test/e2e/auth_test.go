package e2e

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net"
	neturl "net/url"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/session"
	"github.com/loomdb/loomdb/internal/testutil/loomtest"
)

// nonLoopbackIPv4 returns an IPv4 address of this machine that is not a
// loopback one, nil when it has none.
func nonLoopbackIPv4() net.IP {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return nil
	}
	for _, a := range addrs {
		if ipn, ok := a.(*net.IPNet); ok && !ipn.IP.IsLoopback() && ipn.IP.To4() != nil {
			return ipn.IP.To4()
		}
	}
	return nil
}

// selfSignedTLS makes a server certificate for TLS tests.
func selfSignedTLS(t *testing.T) *tls.Config {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "loomdb test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}, MinVersion: tls.VersionTLS12}
}

// TestAuthentication runs loomdb on a non-loopback address with rules
// that trust loopback connections, take MD5 for bob, SCRAM-SHA-256 for
// carol, and only TLS connections with SCRAM-SHA-256 for everyone else.
// Every refusal must carry PostgreSQL's SQLSTATE and message; right
// passwords over each method must get in, and a table not granted must
// stay closed.
func TestAuthentication(t *testing.T) {
	ip := nonLoopbackIPv4()
	if ip == nil {
		t.Skip("this machine has no non-loopback IPv4 address to connect from")
	}
	dir := t.TempDir()
	hba := fmt.Sprintf(`local all all trust
host all all 127.0.0.1/32 trust
host all bob %[1]s/32 md5
host all carol %[1]s/32 scram-sha-256
hostssl all all %[1]s/32 scram-sha-256
`, ip)
	if err := os.WriteFile(filepath.Join(dir, "pg_hba.conf"), []byte(hba), 0o600); err != nil {
		t.Fatal(err)
	}
	inst, err := loomtest.StartWith(loomtest.Options{DataDir: dir, Superuser: "postgres", ListenAddr: ip.String(), TLSConfig: selfSignedTLS(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer inst.Stop()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	// The superuser has no way in over this address (no rule takes it
	// without TLS), so the set-up runs in a session of the engine itself.
	admin := func(sql string) {
		t.Helper()
		conn, err := pgx.Connect(ctx, fmt.Sprintf("postgres://postgres@%s:%d/postgres?sslmode=disable", ip, inst.Port))
		if err == nil {
			conn.Close(ctx)
			t.Fatalf("the superuser got in over %s without a password", ip)
		}
		s, err := inst.Engine.NewSession("postgres", "postgres", nil)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if err := s.SimpleQuery(ctx, sql, discard{}); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	admin(`CREATE ROLE alice LOGIN PASSWORD 'alice pw';
		CREATE USER carol PASSWORD 'carol pw';
		SET password_encryption = 'md5';
		CREATE USER bob PASSWORD 'bob pw';
		CREATE TABLE public_t (a int);
		CREATE TABLE secret (a int);
		GRANT SELECT ON public_t TO alice, bob, carol`)

	url := func(user, password, sslmode string) string {
		u := neturl.URL{Scheme: "postgres", User: neturl.UserPassword(user, password), Host: net.JoinHostPort(ip.String(), strconv.Itoa(inst.Port)),
			Path: "/postgres", RawQuery: "sslmode=" + sslmode}
		return u.String()
	}
	refused := []struct {
		what, url, code, message string
	}{
		{"a wrong password (SCRAM)", url("carol", "wrong", "disable"), "28P01", `password authentication failed for user "carol"`},
		{"a wrong password (MD5)", url("bob", "wrong", "disable"), "28P01", `password authentication failed for user "bob"`},
		{"no password", url("carol", "", "disable"), "28P01", `password authentication failed for user "carol"`},
		{"an unknown user", url("nosuch", "x", "require"), "28P01", `password authentication failed for user "nosuch"`},
		{"a non-loopback connection without TLS", url("alice", "alice pw", "disable"), "28000",
			fmt.Sprintf(`no pg_hba.conf entry for host "%s", user "alice", database "postgres", no encryption`, ip)},
	}
	for _, c := range refused {
		conn, err := pgx.Connect(ctx, c.url)
		if err == nil {
			conn.Close(ctx)
			t.Errorf("%s: connected", c.what)
			continue
		}
		var pe *pgconn.PgError
		if !errors.As(err, &pe) || pe.Code != c.code || pe.Message != c.message || pe.Severity != "FATAL" {
			t.Errorf("%s: %v; want FATAL %s %s", c.what, err, c.code, c.message)
		}
	}

	for _, c := range []struct{ who, url string }{
		{"alice over TLS (SCRAM)", url("alice", "alice pw", "require")},
		{"bob (MD5)", url("bob", "bob pw", "disable")},
		{"carol (SCRAM)", url("carol", "carol pw", "disable")},
	} {
		conn, err := pgx.Connect(ctx, c.url)
		if err != nil {
			t.Errorf("%s: %v", c.who, err)
			continue
		}
		var n int64
		if err := conn.QueryRow(ctx, "SELECT count(*) FROM public_t").Scan(&n); err != nil {
			t.Errorf("%s: a granted table: %v", c.who, err)
		}
		_, err = conn.Exec(ctx, "SELECT * FROM secret")
		var pe *pgconn.PgError
		if !errors.As(err, &pe) || pe.Code != "42501" || pe.Message != "permission denied for table secret" {
			t.Errorf("%s: a table not granted: %v; want 42501 permission denied for table secret", c.who, err)
		}
		if c.who == "alice over TLS (SCRAM)" && !conn.PgConn().Conn().(*tls.Conn).ConnectionState().HandshakeComplete {
			t.Errorf("alice's connection is not TLS")
		}
		conn.Close(ctx)
	}
}

// discard is a session.Client that drops what a statement returns.
type discard struct{}

func (discard) SendRowDescription([]session.Field) error { return nil }
func (discard) SendDataRow([][]byte) error               { return nil }
func (discard) SendCommandComplete(string) error         { return nil }
func (discard) SendEmptyQuery() error                    { return nil }
func (discard) SendNotice(*pgerror.Error) error          { return nil }
func (discard) SendParameterStatus(string, string) error { return nil }
func (discard) CopyIn(int) (io.Reader, error)            { return nil, errors.New("no COPY here") }
func (discard) CopyOut(int) (io.WriteCloser, error)      { return nil, errors.New("no COPY here") }
