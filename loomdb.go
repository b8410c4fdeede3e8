// Package loomdb runs a loomdb database inside a Go program, without a
// server process or a socket.
//
// Open opens (creating it if needed) a data directory and returns a DB.
// Clients reach it through PostgreSQL's wire protocol spoken over an
// in-process net.Pipe, so every pgx feature works unchanged: ConnConfig
// and PoolConfig give pgx and pgxpool configurations whose connections
// are such pipes.
//
// The package also registers the database/sql driver "loomdb":
//
//	db, err := sql.Open("loomdb", "file:/path/to/data")
//	db, err := sql.Open("loomdb", ":memory:") // a temporary database
//
// Statements take $1, $2, ... parameters, honour contexts (a cancelled
// context cancels the statement and its parallel workers) and run in
// transactions through database/sql's Tx, all by way of pgx's stdlib
// driver. Handles opened on the same directory share one database; it
// closes when the last one does.
package loomdb

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/loomdb/loomdb/internal/server"
	"github.com/loomdb/loomdb/internal/session"
	"github.com/loomdb/loomdb/internal/storage"
)

// DefaultUser is the role embedded connections log in as unless told
// otherwise; every new data directory has it, as a superuser.
const DefaultUser = "loomdb"

// Options tune Open.
type Options struct {
	// NoFsync skips fsync on commit and checkpoint: faster, but a crash of
	// the machine (not only of the program) may lose committed work.
	NoFsync bool
	// SharedBuffers is the buffer pool's size in 8 kB pages (0: 16384,
	// 128 MB, as PostgreSQL's default).
	SharedBuffers int
	// MaxWorkerProcesses bounds the parallel workers running at once (0:
	// 8, as PostgreSQL's default).
	MaxWorkerProcesses int
}

// DB is an open database. Its methods may be called from any goroutine.
type DB struct {
	inst *instance
	once sync.Once
}

// instance is one open data directory, shared by the DBs opened on it.
type instance struct {
	dir       string
	temporary bool
	eng       *session.Engine
	srv       *server.Server
	refs      int
}

var (
	instancesMu sync.Mutex
	instances   = map[string]*instance{}
)

// Open opens the database in directory dir, initializing the directory if
// it is empty or does not exist. A directory already open in this process
// is shared; the options of the first Open apply.
func Open(dir string, opts ...Options) (*DB, error) {
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	instancesMu.Lock()
	defer instancesMu.Unlock()
	if in := instances[abs]; in != nil {
		in.refs++
		return &DB{inst: in}, nil
	}
	in, err := openInstance(abs, o, false)
	if err != nil {
		return nil, err
	}
	instances[abs] = in
	return &DB{inst: in}, nil
}

// OpenTemporary opens a new database in a temporary directory, which Close
// removes. Commits skip fsync: nothing in it outlives the program anyway.
func OpenTemporary(opts ...Options) (*DB, error) {
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	o.NoFsync = true
	dir, err := os.MkdirTemp("", "loomdb-")
	if err != nil {
		return nil, err
	}
	in, err := openInstance(dir, o, true)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	instancesMu.Lock()
	instances[dir] = in
	instancesMu.Unlock()
	return &DB{inst: in}, nil
}

func openInstance(dir string, o Options, temporary bool) (*instance, error) {
	eng, err := session.Open(dir, session.Options{
		Storage:            storage.Options{NoFsync: o.NoFsync, SharedBuffers: o.SharedBuffers},
		MaxWorkerProcesses: o.MaxWorkerProcesses,
	})
	if err != nil {
		return nil, err
	}
	srv, err := server.New(eng)
	if err != nil {
		eng.Close()
		return nil, err
	}
	return &instance{dir: dir, temporary: temporary, eng: eng, srv: srv, refs: 1}, nil
}

// Close releases the handle; the last handle on a directory shuts the
// database down with a checkpoint (and removes a temporary one). Open
// connections are closed.
func (db *DB) Close() error {
	var err error
	db.once.Do(func() {
		instancesMu.Lock()
		in := db.inst
		in.refs--
		last := in.refs == 0
		if last {
			delete(instances, in.dir)
		}
		instancesMu.Unlock()
		if !last {
			return
		}
		in.srv.Shutdown()
		err = in.eng.Close()
		if in.temporary {
			if rerr := os.RemoveAll(in.dir); err == nil {
				err = rerr
			}
		}
	})
	return err
}

// Dir returns the data directory.
func (db *DB) Dir() string { return db.inst.dir }

// Dial opens an in-process connection to the database; network and address
// are ignored. Its signature is pgconn's DialFunc.
func (db *DB) Dial(ctx context.Context, network, address string) (net.Conn, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return db.inst.srv.Connect()
}

// connString is the connection string of the in-process connections: the
// host is a placeholder that Dial ignores, and nothing looks it up. The
// user is set on the parsed configuration, so no name can change it.
const connString = "host=loomdb.invalid port=5432 dbname=postgres sslmode=disable"

func userOrDefault(user string) string {
	if user == "" {
		return DefaultUser
	}
	return user
}

// configure makes a pgx configuration dial the database in-process.
func (db *DB) configure(cfg *pgx.ConnConfig) {
	cfg.DialFunc = db.Dial
	cfg.LookupFunc = func(ctx context.Context, host string) ([]string, error) { return []string{host}, nil }
	cfg.Fallbacks = nil
}

// ConnConfig returns a pgx configuration for connections to the database
// as user ("" for DefaultUser), for pgx.ConnectConfig.
func (db *DB) ConnConfig(user string) (*pgx.ConnConfig, error) {
	cfg, err := pgx.ParseConfig(connString)
	if err != nil {
		return nil, err
	}
	cfg.User = userOrDefault(user)
	db.configure(cfg)
	return cfg, nil
}

// PoolConfig returns a pgxpool configuration whose connections are
// in-process ones as user ("" for DefaultUser), for pgxpool.NewWithConfig.
func (db *DB) PoolConfig(user string) (*pgxpool.Config, error) {
	cfg, err := pgxpool.ParseConfig(connString)
	if err != nil {
		return nil, err
	}
	cfg.ConnConfig.User = userOrDefault(user)
	db.configure(cfg.ConnConfig)
	return cfg, nil
}

// Connect opens a pgx connection to the database as DefaultUser.
func (db *DB) Connect(ctx context.Context) (*pgx.Conn, error) {
	cfg, err := db.ConnConfig("")
	if err != nil {
		return nil, err
	}
	return pgx.ConnectConfig(ctx, cfg)
}
