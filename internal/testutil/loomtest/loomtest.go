// Package loomtest starts an in-process loomdb server for tests: a fresh
// data directory, an engine and a wire-protocol server on a free loopback
// port, all stopped at cleanup.
package loomtest

import (
	"crypto/tls"
	"fmt"
	"net"
	"testing"

	"github.com/loomdb/loomdb/internal/server"
	"github.com/loomdb/loomdb/internal/session"
	"github.com/loomdb/loomdb/internal/storage"
)

// Instance is a running loomdb server.
type Instance struct {
	Engine  *session.Engine
	Server  *server.Server
	Addr    string
	Port    int
	DataDir string
	done    chan error
}

// Options tune a test instance.
type Options struct {
	// DataDir is the data directory, new or reused; the caller removes it.
	DataDir string
	// Superuser is the bootstrap superuser of a new data directory; when
	// empty it is the OS user, with "loomdb" and "postgres" superusers
	// beside it.
	Superuser string
	// ListenAddr is the address to listen on (default 127.0.0.1); the
	// port is always a free one.
	ListenAddr string
	// TLSConfig, when set, lets clients connect with TLS.
	TLSConfig *tls.Config
}

// Start starts an instance that stops at t's cleanup.
func Start(t testing.TB) *Instance {
	t.Helper()
	inst, err := StartWith(Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatalf("loomtest: %v", err)
	}
	t.Cleanup(inst.Stop)
	return inst
}

// StartWith starts an instance, fsync off for speed; the caller calls Stop.
func StartWith(o Options) (*Instance, error) {
	dir := o.DataDir
	if dir == "" {
		return nil, fmt.Errorf("loomtest: no data directory")
	}
	eng, err := session.Open(dir, session.Options{Storage: storage.Options{NoFsync: true, SharedBuffers: 4096}, Superuser: o.Superuser, ExtraUsers: []string{"postgres"}})
	if err != nil {
		return nil, err
	}
	host := o.ListenAddr
	if host == "" {
		host = "127.0.0.1"
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(host, "0"))
	if err != nil {
		eng.Close()
		return nil, err
	}
	srv, err := server.New(eng)
	if err != nil {
		eng.Close()
		ln.Close()
		return nil, err
	}
	srv.TLSConfig = o.TLSConfig
	inst := &Instance{Engine: eng, Server: srv, Addr: ln.Addr().String(), Port: ln.Addr().(*net.TCPAddr).Port, DataDir: dir, done: make(chan error, 1)}
	go func() { inst.done <- srv.Serve(ln) }()
	return inst, nil
}

// DSN returns a connection URL for database db as user postgres.
func (i *Instance) DSN(db string) string {
	return fmt.Sprintf("postgres://postgres@%s/%s?sslmode=disable", i.Addr, db)
}

// Stop shuts the server and engine down; it is safe to call twice.
func (i *Instance) Stop() {
	if i.Server == nil {
		return
	}
	i.Server.Shutdown()
	<-i.done
	i.Engine.Close()
	i.Server = nil
}
