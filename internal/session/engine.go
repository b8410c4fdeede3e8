// engine.go is the database instance shared by all sessions: storage,
// catalogs and the registry of sessions for cancel requests (PG: the
// postmaster's shared state).

package session

import (
	"context"
	"crypto/rand"
	_ "embed"
	"encoding/binary"
	"os/user"
	"sync"
	"time"

	"github.com/loomdb/loomdb/internal/catalog"
	"github.com/loomdb/loomdb/internal/commands"
	"github.com/loomdb/loomdb/internal/guc"
	"github.com/loomdb/loomdb/internal/parallel"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/storage"
	"github.com/loomdb/loomdb/internal/txn"
	"github.com/loomdb/loomdb/internal/types"
)

// Options configures an Engine.
type Options struct {
	Storage storage.Options
	// Superuser is the bootstrap superuser of a new data directory (PG:
	// initdb -U); when empty it is the OS user, and a "loomdb" superuser
	// is created beside it.
	Superuser string
	// ExtraUsers are further superuser roles created with a new data
	// directory.
	ExtraUsers []string
	// MaxWorkerProcesses is max_worker_processes, the number of parallel
	// workers the server runs at most at once (0: the default, 8).
	MaxWorkerProcesses int
}

// Engine is an open database cluster.
type Engine struct {
	st  *storage.Storage
	cat *catalog.Catalog
	// workers is the pool of parallel worker slots (max_worker_processes).
	workers *parallel.Pool

	mu       sync.Mutex
	sessions map[uint32]*Session
	nextPID  uint32
	// workerProcs are the running parallel workers, by their pids.
	workerProcs map[uint32]workerEntry
}

// Open opens (initialising if needed) the data directory.
func Open(dataDir string, opts Options) (*Engine, error) {
	st, err := storage.Open(dataDir, opts.Storage)
	if err != nil {
		return nil, err
	}
	nworkers := opts.MaxWorkerProcesses
	if nworkers <= 0 {
		nworkers = 8
	}
	e := &Engine{st: st, cat: catalog.Open(st, catalog.PostgresDatabase), workers: parallel.NewPool(nworkers), sessions: map[uint32]*Session{}, nextPID: 1000}
	if e.cat.Initialized() {
		if err := e.cat.CheckCompatible(); err != nil {
			st.Close()
			return nil, err
		}
	} else {
		users := []string{opts.Superuser}
		if opts.Superuser == "" {
			users = []string{osUser(), "loomdb"}
		}
		users = append(users, opts.ExtraUsers...)
		if err := e.cat.Bootstrap(context.Background(), users); err != nil {
			st.Close()
			return nil, err
		}
		if err := e.createSystemViews(users[0]); err != nil {
			st.Close()
			return nil, err
		}
		if err := st.Checkpoint(context.Background()); err != nil {
			st.Close()
			return nil, err
		}
	}
	return e, nil
}

//go:embed system_views.sql
var systemViews string

// createSystemViews runs system_views.sql in a new data directory as the
// bootstrap superuser, the one time pg_catalog takes new relations.
func (e *Engine) createSystemViews(superuser string) error {
	s, err := e.NewSession(superuser, "postgres", nil)
	if err != nil {
		return err
	}
	defer s.Close()
	e.cat.SetAllowSystemMods(true)
	defer e.cat.SetAllowSystemMods(false)
	return s.SimpleQuery(context.Background(), systemViews, &discardClient{})
}

func osUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return "postgres"
}

// Close shuts the engine down with a checkpoint.
func (e *Engine) Close() error {
	e.mu.Lock()
	ss := make([]*Session, 0, len(e.sessions))
	for _, s := range e.sessions {
		ss = append(ss, s)
	}
	e.mu.Unlock()
	for _, s := range ss {
		s.Cancel()
	}
	return e.st.Close()
}

// ActiveParallelWorkers returns the number of parallel workers running now.
func (e *Engine) ActiveParallelWorkers() int { return e.workers.Active() }

// Storage returns the engine's storage manager.
func (e *Engine) Storage() *storage.Storage { return e.st }

// NewSession authenticates a user for a database and returns a session with
// the given startup parameters applied.
func (e *Engine) NewSession(userName, database string, params map[string]string) (*Session, error) {
	tx := e.st.Txns().Begin(txn.ReadCommitted)
	snap := tx.StatementSnapshot()
	role, err := e.cat.RoleByName(snap, userName)
	switch {
	case err != nil:
	case role == nil:
		err = &pgerror.Error{Severity: pgerror.SeverityFatal, Code: pgerror.InvalidAuthorizationSpec, Message: "role \"" + userName + "\" does not exist"}
	case !role.Login:
		err = &pgerror.Error{Severity: pgerror.SeverityFatal, Code: pgerror.InvalidAuthorizationSpec, Message: "role \"" + userName + "\" is not permitted to log in"}
	}
	if err == nil {
		var found bool
		_, found, err = e.cat.DatabaseOid(snap, database)
		if err == nil && !found {
			err = &pgerror.Error{Severity: pgerror.SeverityFatal, Code: pgerror.InvalidCatalogName, Message: "database \"" + database + "\" does not exist"}
		}
		if err == nil && database != "postgres" {
			err = &pgerror.Error{Severity: pgerror.SeverityFatal, Code: pgerror.FeatureNotSupported, Message: "connecting to database \"" + database + "\" is not supported yet; use \"postgres\""}
		}
	}
	tx.Abort()
	if err != nil {
		return nil, err
	}
	s := &Session{eng: e, User: userName, roleOid: role.Oid, Database: database, settings: guc.NewSettings(), started: time.Now(), client: ClientInfo{Port: -1}, act: activity{state: "idle", stateChange: time.Now()}, prepared: map[string]*Prepared{}, portals: map[string]*Portal{}, seqs: commands.NewSeqTable(e.st, e.cat)}
	_ = s.settings.Set("session_authorization", userName, guc.SetOpts{Startup: true})
	for k, v := range params {
		if k == "user" || k == "database" || k == "options" || k == "replication" {
			continue
		}
		if guc.Lookup(k) == nil {
			return nil, &pgerror.Error{Severity: pgerror.SeverityFatal, Code: pgerror.UndefinedObject, Message: "unrecognized configuration parameter \"" + k + "\""}
		}
		if err := s.settings.Set(k, v, guc.SetOpts{Startup: true}); err != nil {
			pe := pgerror.Convert(err)
			c := *pe
			c.Severity = pgerror.SeverityFatal
			return nil, &c
		}
	}
	var key [4]byte
	_, _ = rand.Read(key[:])
	s.secret = binary.BigEndian.Uint32(key[:])
	e.mu.Lock()
	e.nextPID++
	s.pid = e.nextPID
	e.sessions[s.pid] = s
	e.mu.Unlock()
	return s, nil
}

// CancelRequest cancels the running statement of the session with the
// given pid, if the secret matches.
func (e *Engine) CancelRequest(pid, secret uint32) {
	e.mu.Lock()
	s := e.sessions[pid]
	e.mu.Unlock()
	if s != nil && s.secret == secret {
		s.Cancel()
	}
}

func (e *Engine) removeSession(s *Session) {
	e.mu.Lock()
	delete(e.sessions, s.pid)
	e.mu.Unlock()
}

// catalogChanged is called after a transaction that changed the catalogs commits.
func (e *Engine) catalogChanged() {}

// RolePassword returns the stored password of the role called user and
// whether it may be used now: false when the role does not exist, cannot
// log in, has no password or the password has expired (rolvaliduntil).
func (e *Engine) RolePassword(user string) (stored string, usable bool, err error) {
	tx := e.st.Txns().Begin(txn.ReadCommitted)
	defer tx.Abort()
	r, err := e.cat.RoleByName(tx.StatementSnapshot(), user)
	if err != nil || r == nil || r.Password == "" {
		return "", false, err
	}
	if r.ValidUntil != nil && *r.ValidUntil < types.TimestamptzFromTime(time.Now()) {
		return r.Password, false, nil
	}
	return r.Password, true, nil
}
