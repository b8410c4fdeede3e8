// driver.go registers the database/sql driver "loomdb": a data source
// name opens (or shares) an embedded database, and connections to it are
// pgx stdlib connections over in-process pipes.

package loomdb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/stdlib"
)

func init() {
	sql.Register("loomdb", Driver{})
}

// Driver is the database/sql driver "loomdb". Its data source names are
//
//	file:DIR[?options]   the database in directory DIR
//	DIR[?options]        the same
//	:memory:[?options]   a new temporary database, removed when closed
//
// with options user (the role to log in as, default "loomdb"), nofsync
// (true: commits skip fsync), shared_buffers (pages of 8 kB) and
// max_worker_processes; any other option is a run-time setting every
// connection starts with, such as max_parallel_workers_per_gather=4.
type Driver struct{}

var (
	_ driver.Driver        = Driver{}
	_ driver.DriverContext = Driver{}
)

// Open opens a connection; database/sql calls it only when the driver is
// used without a connector.
func (d Driver) Open(dsn string) (driver.Conn, error) {
	c, err := d.OpenConnector(dsn)
	if err != nil {
		return nil, err
	}
	conn, err := c.Connect(context.Background())
	if err != nil {
		c.(*connector).Close()
		return nil, err
	}
	// The database stays open as long as this connection does.
	return &ownedConn{Conn: conn, owner: c.(*connector)}, nil
}

// OpenConnector parses dsn and opens the database it names.
func (Driver) OpenConnector(dsn string) (driver.Connector, error) {
	dir, opts, user, settings, err := parseDSN(dsn)
	if err != nil {
		return nil, err
	}
	var db *DB
	if dir == ":memory:" {
		db, err = OpenTemporary(opts)
	} else {
		db, err = Open(dir, opts)
	}
	if err != nil {
		return nil, err
	}
	cfg, err := db.ConnConfig(user)
	if err != nil {
		db.Close()
		return nil, err
	}
	for k, v := range settings {
		cfg.RuntimeParams[k] = v
	}
	return &connector{db: db, pgx: stdlib.GetConnector(*cfg)}, nil
}

// parseDSN splits a data source name into its directory, options and
// run-time settings.
func parseDSN(dsn string) (dir string, opts Options, user string, settings map[string]string, err error) {
	dir, query, _ := strings.Cut(strings.TrimPrefix(dsn, "file:"), "?")
	if dir == "" {
		return "", opts, "", nil, fmt.Errorf("loomdb: data source name %q names no directory", dsn)
	}
	values, err := url.ParseQuery(query)
	if err != nil {
		return "", opts, "", nil, fmt.Errorf("loomdb: data source name %q: %v", dsn, err)
	}
	settings = map[string]string{}
	for k, vs := range values {
		v := vs[len(vs)-1]
		switch k {
		case "user":
			user = v
		case "nofsync":
			if opts.NoFsync, err = strconv.ParseBool(v); err != nil {
				return "", opts, "", nil, fmt.Errorf("loomdb: nofsync=%q: %v", v, err)
			}
		case "shared_buffers":
			if opts.SharedBuffers, err = strconv.Atoi(v); err != nil {
				return "", opts, "", nil, fmt.Errorf("loomdb: shared_buffers=%q: %v", v, err)
			}
		case "max_worker_processes":
			if opts.MaxWorkerProcesses, err = strconv.Atoi(v); err != nil {
				return "", opts, "", nil, fmt.Errorf("loomdb: max_worker_processes=%q: %v", v, err)
			}
		default:
			settings[k] = v
		}
	}
	return dir, opts, user, settings, nil
}

// connector opens pgx stdlib connections to one embedded database; closing
// it (database/sql's DB.Close does) releases the database.
type connector struct {
	db  *DB
	pgx driver.Connector
}

func (c *connector) Connect(ctx context.Context) (driver.Conn, error) { return c.pgx.Connect(ctx) }

func (c *connector) Driver() driver.Driver { return Driver{} }

// Close releases the database.
func (c *connector) Close() error { return c.db.Close() }

// ownedConn is a connection that owns its database: a connection opened
// through Driver.Open without a connector.
type ownedConn struct {
	driver.Conn
	owner *connector
}

func (c *ownedConn) Close() error {
	err := c.Conn.Close()
	if cerr := c.owner.Close(); err == nil {
		err = cerr
	}
	return err
}
