// Package pgserver starts private PostgreSQL 15 servers: the oracle that
// tests compare loomdb against, and the side-by-side opponent of
// `loomdb bench`.
//
// A Server is a fresh cluster made by initdb in a temporary directory
// (trust authentication, UTF8, C locale, superuser "postgres"), served by a
// postmaster listening on a free 127.0.0.1 port and on a private Unix socket
// directory, with fsync, full_page_writes and autovacuum off unless the
// caller's settings say otherwise. Commits stay synchronous: with
// asynchronous commit a VACUUM soon after a load may not yet set the hint
// bits a page needs to count as all-visible, and plans that depend on
// relallvisible (index-only scans) would vary from run to run. Stop shuts it
// down with a fast shutdown and removes the directory.
//
// When the caller runs as root the PostgreSQL binaries run as the
// "postgres" OS user (initdb and postgres refuse to run as root): the child
// process is started with that user's credentials, which is what
// `runuser -u postgres` would do, without the extra process in between. As
// any other user the binaries run as that user.
//
// The binaries are looked up in $PGTEST_BINDIR, else
// /usr/lib/postgresql/15/bin, else the directory `pg_config --bindir` names.
// Available reports whether they were found.
package pgserver

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// DefaultBinDir is where Debian and Ubuntu install the PostgreSQL 15 binaries.
const DefaultBinDir = "/usr/lib/postgresql/15/bin"

// Superuser is the bootstrap superuser of every cluster pgserver creates.
const Superuser = "postgres"

// startTimeout bounds how long StartServer waits for the server to accept
// connections; stopTimeout bounds each step of Stop's escalation.
const (
	startTimeout = 60 * time.Second
	stopTimeout  = 30 * time.Second
)

var (
	binDirOnce sync.Once
	binDir     string
	binDirErr  error
)

// BinDir returns the directory that holds initdb, postgres and psql, or an
// error saying why none was found.
func BinDir() (string, error) {
	binDirOnce.Do(func() { binDir, binDirErr = findBinDir() })
	return binDir, binDirErr
}

func findBinDir() (string, error) {
	var tried []string
	if d := os.Getenv("PGTEST_BINDIR"); d != "" {
		if hasBinaries(d) {
			return d, nil
		}
		return "", fmt.Errorf("PGTEST_BINDIR=%s does not hold initdb, postgres and psql", d)
	}
	tried = append(tried, DefaultBinDir)
	if hasBinaries(DefaultBinDir) {
		return DefaultBinDir, nil
	}
	if out, err := exec.Command("pg_config", "--bindir").Output(); err == nil {
		d := strings.TrimSpace(string(out))
		tried = append(tried, d+" (pg_config --bindir)")
		if hasBinaries(d) {
			return d, nil
		}
	}
	return "", fmt.Errorf("PostgreSQL binaries not found (tried %s; set PGTEST_BINDIR)", strings.Join(tried, ", "))
}

func hasBinaries(dir string) bool {
	for _, b := range []string{"initdb", "postgres", "psql"} {
		fi, err := os.Stat(filepath.Join(dir, b))
		if err != nil || fi.IsDir() || fi.Mode()&0o111 == 0 {
			return false
		}
	}
	return true
}

// runAs is the OS user the PostgreSQL binaries run as: nil for the current
// user, or the "postgres" user when the caller runs as root.
type runAs struct {
	uid, gid uint32
}

func serverUser() (*runAs, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, fmt.Errorf("running as root and there is no postgres OS user to run PostgreSQL as: %v", err)
	}
	uid, err1 := strconv.ParseUint(u.Uid, 10, 32)
	gid, err2 := strconv.ParseUint(u.Gid, 10, 32)
	if err1 != nil || err2 != nil {
		return nil, fmt.Errorf("postgres OS user has non-numeric uid/gid %q/%q", u.Uid, u.Gid)
	}
	return &runAs{uid: uint32(uid), gid: uint32(gid)}, nil
}

// Available reports whether a PostgreSQL server can be started here: the
// binaries exist and, when running as root, there is a postgres OS user.
func Available() bool {
	return UnavailableReason() == ""
}

// UnavailableReason returns why Available is false, or "" when it is true.
func UnavailableReason() string {
	if _, err := BinDir(); err != nil {
		return err.Error()
	}
	if _, err := serverUser(); err != nil {
		return err.Error()
	}
	return ""
}

// Server is a running private PostgreSQL cluster.
type Server struct {
	// Host and Port are the TCP address the server listens on.
	Host string
	Port int
	// Dir is the temporary directory holding the cluster: data/ (PGDATA),
	// sock/ (the Unix socket directory) and postgres.log.
	Dir string

	binDir   string
	settings []string
	cmd      *exec.Cmd
	done     chan struct{} // closed when cmd.Wait returns
	logf     *os.File

	stopOnce sync.Once
	stopErr  error
}

// StartServer creates and starts a private server. Each setting,
// "name=value", is passed to postgres with -c after the defaults above, so
// it overrides them. The caller must call Stop.
func StartServer(settings ...string) (*Server, error) {
	bin, err := BinDir()
	if err != nil {
		return nil, err
	}
	as, err := serverUser()
	if err != nil {
		return nil, err
	}
	sweepStale()
	dir, err := os.MkdirTemp("", "pgtest-")
	if err != nil {
		return nil, err
	}
	s := &Server{Host: "127.0.0.1", Dir: dir, binDir: bin, settings: settings}
	if err := s.initdb(as); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	// Picking a free port and binding it are not atomic: retry a few times
	// if another process took the port in between.
	for attempt := 0; ; attempt++ {
		err = s.start(as)
		if err == nil {
			return s, nil
		}
		if attempt == 4 || !strings.Contains(err.Error(), "could not bind") && !strings.Contains(err.Error(), "could not create any TCP/IP sockets") {
			os.RemoveAll(dir)
			return nil, err
		}
	}
}

// staleAge is how old a leftover server directory must be before
// sweepStale may remove it.
const staleAge = 10 * time.Minute

// sweepStale removes the directories of servers whose caller was
// killed before Stop ran: pgtest-* directories in the temp dir, older than
// staleAge, whose postmaster is gone (the postmaster itself dies with its
// parent, see Pdeathsig). Errors are ignored.
func sweepStale() {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), "pgtest-*"))
	for _, d := range dirs {
		fi, err := os.Stat(d)
		if err != nil || !fi.IsDir() || time.Since(fi.ModTime()) < staleAge {
			continue
		}
		b, err := os.ReadFile(filepath.Join(d, "data", "postmaster.pid"))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			continue // not ours to judge
		}
		if err == nil {
			line, _, _ := strings.Cut(string(b), "\n")
			if pid, err := strconv.Atoi(strings.TrimSpace(line)); err == nil && pid > 0 {
				if syscall.Kill(pid, 0) == nil || errors.Is(syscall.Kill(pid, 0), syscall.EPERM) {
					continue // still running
				}
			}
		}
		os.RemoveAll(d)
	}
}

// command returns a Cmd for the PostgreSQL binary name, run as `as`.
func (s *Server) command(as *runAs, name string, args ...string) *exec.Cmd {
	cmd := exec.Command(filepath.Join(s.binDir, name), args...)
	cmd.Dir = s.Dir
	cmd.Env = append(CleanEnv(), "LC_ALL=C", "TZ=UTC")
	cmd.SysProcAttr = &syscall.SysProcAttr{}
	if as != nil {
		cmd.SysProcAttr.Credential = &syscall.Credential{Uid: as.uid, Gid: as.gid, Groups: []uint32{}}
		cmd.Env = append(cmd.Env, "HOME="+s.Dir, "USER=postgres", "LOGNAME=postgres")
	}
	return cmd
}

// CleanEnv is the environment without PG* variables, which would point
// initdb, postgres or psql elsewhere.
func CleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "PG") || k == "LC_ALL" || k == "TZ" || k == "HOME" || k == "USER" || k == "LOGNAME" {
			continue
		}
		env = append(env, kv)
	}
	return env
}

func (s *Server) initdb(as *runAs) error {
	if as != nil {
		if err := os.Chown(s.Dir, int(as.uid), int(as.gid)); err != nil {
			return err
		}
	}
	sock := filepath.Join(s.Dir, "sock")
	if err := os.Mkdir(sock, 0o700); err != nil {
		return err
	}
	if as != nil {
		if err := os.Chown(sock, int(as.uid), int(as.gid)); err != nil {
			return err
		}
	}
	cmd := s.command(as, "initdb", "-D", filepath.Join(s.Dir, "data"), "-U", Superuser,
		"-A", "trust", "-E", "UTF8", "--locale=C", "-N")
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("initdb: %v\n%s", err, out)
	}
	return nil
}

// freePort returns a TCP port on 127.0.0.1 that was free a moment ago.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func (s *Server) start(as *runAs) error {
	port, err := freePort()
	if err != nil {
		return err
	}
	s.Port = port
	logPath := filepath.Join(s.Dir, "postgres.log")
	logf, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	args := []string{
		"-D", filepath.Join(s.Dir, "data"),
		"-p", strconv.Itoa(port),
		"-k", filepath.Join(s.Dir, "sock"),
		"-c", "listen_addresses=127.0.0.1",
		"-c", "fsync=off",
		"-c", "full_page_writes=off",
		"-c", "autovacuum=off",
		"-c", "TimeZone=UTC",
		"-c", "DateStyle=ISO, MDY",
		"-c", "lc_messages=C",
	}
	for _, kv := range s.settings {
		args = append(args, "-c", kv)
	}
	cmd := s.command(as, "postgres", args...)
	cmd.Stdout = logf
	cmd.Stderr = logf
	// If the caller dies without running Stop, the postmaster gets
	// SIGQUIT (immediate shutdown, which also ends its backends).
	cmd.SysProcAttr.Pdeathsig = syscall.SIGQUIT
	if err := cmd.Start(); err != nil {
		logf.Close()
		return fmt.Errorf("start postgres: %v", err)
	}
	s.cmd, s.logf, s.done = cmd, logf, make(chan struct{})
	go func() {
		cmd.Wait()
		close(s.done)
	}()
	if err := s.waitReady(); err != nil {
		s.kill()
		return fmt.Errorf("%v\npostgres.log:\n%s", err, s.logTail())
	}
	return nil
}

// waitReady polls until the server accepts a connection, it exits, or
// startTimeout passes.
func (s *Server) waitReady() error {
	deadline := time.Now().Add(startTimeout)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		conn, err := pgconn.Connect(ctx, s.DSN("postgres"))
		cancel()
		if err == nil {
			conn.Close(context.Background())
			return nil
		}
		select {
		case <-s.done:
			return fmt.Errorf("postgres exited during startup: %v", s.cmd.ProcessState)
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("postgres not ready after %v: %v", startTimeout, err)
		}
	}
}

// kill ends the postmaster with SIGKILL and waits for it.
func (s *Server) kill() {
	s.cmd.Process.Signal(syscall.SIGKILL)
	<-s.done
	s.logf.Close()
}

// logTail returns the last few KB of the server log.
func (s *Server) logTail() string {
	b, _ := os.ReadFile(filepath.Join(s.Dir, "postgres.log"))
	if len(b) > 4096 {
		b = b[len(b)-4096:]
	}
	return string(b)
}

// DSN returns the URL for connecting to database db as the superuser.
func (s *Server) DSN(db string) string {
	return fmt.Sprintf("postgres://%s@%s:%d/%s?sslmode=disable", Superuser, s.Host, s.Port, db)
}

// CreateDatabase creates database name (from template0, so it starts empty).
func (s *Server) CreateDatabase(ctx context.Context, name string) error {
	conn, err := pgconn.Connect(ctx, s.DSN("postgres"))
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	ident := `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
	_, err = conn.Exec(ctx, "CREATE DATABASE "+ident+" TEMPLATE template0").ReadAll()
	return err
}

// Stop shuts the server down (fast shutdown: SIGINT, escalating to SIGQUIT
// and SIGKILL if it does not exit) and removes its directory. It is safe to
// call more than once.
func (s *Server) Stop() error {
	s.stopOnce.Do(func() {
		var errs []error
		if s.cmd != nil {
			for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGQUIT, syscall.SIGKILL} {
				if err := s.cmd.Process.Signal(sig); err != nil && !errors.Is(err, os.ErrProcessDone) {
					errs = append(errs, fmt.Errorf("signal postgres: %v", err))
				}
				select {
				case <-s.done:
				case <-time.After(stopTimeout):
					errs = append(errs, fmt.Errorf("postgres did not exit within %v of %v", stopTimeout, sig))
					continue
				}
				break
			}
			s.logf.Close()
			if st := s.cmd.ProcessState; st != nil && !st.Success() {
				errs = append(errs, fmt.Errorf("postgres exited with %v\npostgres.log:\n%s", st, s.logTail()))
			}
		}
		if err := os.RemoveAll(s.Dir); err != nil {
			errs = append(errs, err)
		}
		s.stopErr = errors.Join(errs...)
	})
	return s.stopErr
}

// Log returns the server log so far (useful in failure messages).
func (s *Server) Log() string {
	b, _ := os.ReadFile(filepath.Join(s.Dir, "postgres.log"))
	return string(bytes.TrimSpace(b))
}
