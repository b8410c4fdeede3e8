package e2e

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math/rand"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// buildLoomdb compiles cmd/loomdb once per test binary.
var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

func loomdbBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "loomdb-bin-")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "loomdb")
		cmd := exec.Command("go", "build", "-o", binPath, "github.com/loomdb/loomdb/cmd/loomdb")
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// serverProc is a loomdb process.
type serverProc struct {
	cmd  *exec.Cmd
	port int
	logs *strings.Builder
	mu   *sync.Mutex
	// exited is closed once the process has been waited for; waitErr is
	// then its exit status.
	exited  chan struct{}
	waitErr error
}

// startServer starts loomdb on dataDir and port; it is killed at t's
// cleanup (and with the test binary) if the test has not stopped it.
func startServer(t *testing.T, dataDir string, port int) *serverProc {
	t.Helper()
	cmd := exec.Command(loomdbBinary(t), "serve", "-D", dataDir, "-p", strconv.Itoa(port), "--shared-buffers", "2048")
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &serverProc{cmd: cmd, port: port, logs: &strings.Builder{}, mu: &sync.Mutex{}, exited: make(chan struct{})}
	t.Cleanup(p.kill9)
	listening := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(stderr)
		once := sync.Once{}
		for sc.Scan() {
			p.mu.Lock()
			p.logs.WriteString(sc.Text() + "\n")
			p.mu.Unlock()
			if strings.Contains(sc.Text(), "listening on") {
				once.Do(func() { close(listening) })
			}
		}
		// Wait only after stderr is drained, as exec.Cmd requires.
		p.waitErr = cmd.Wait()
		close(p.exited)
	}()
	select {
	case <-listening:
	case <-p.exited:
		t.Fatalf("server exited before listening (%v):\n%s", p.waitErr, p.log())
	case <-time.After(60 * time.Second):
		t.Fatalf("server did not start:\n%s", p.log())
	}
	return p
}

func (p *serverProc) log() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.logs.String()
}

func (p *serverProc) dsn() string {
	return fmt.Sprintf("postgres://loomdb@127.0.0.1:%d/postgres?sslmode=disable", p.port)
}

// kill9 kills the process and waits for it; it is safe to call again.
func (p *serverProc) kill9() {
	_ = p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.exited
}

func (p *serverProc) stop(t *testing.T) {
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.exited:
		if p.waitErr != nil {
			t.Errorf("server exited with %v:\n%s", p.waitErr, p.log())
		}
	case <-time.After(30 * time.Second):
		p.kill9()
		t.Errorf("server did not shut down on SIGTERM")
	}
}

func connect(t *testing.T, ctx context.Context, dsn string) *pgx.Conn {
	t.Helper()
	var lastErr error
	for i := 0; i < 100; i++ {
		conn, err := pgx.Connect(ctx, dsn)
		if err == nil {
			return conn
		}
		lastErr = err
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("connect: %v", lastErr)
	return nil
}

// TestCrashRecovery kills the server with SIGKILL while clients insert
// committed rows, 20 times over the same data directory, and checks after
// each restart that every acknowledged row is there and nothing else is
// (a row whose commit was in flight at the kill may go either way).
func TestCrashRecovery(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test skipped in -short mode")
	}
	dataDir := t.TempDir()
	port := freePort(t)
	rng := rand.New(rand.NewSource(time.Now().UnixNano()))
	acked := map[int]bool{}
	maybe := map[int]bool{}
	next := 0
	for round := 0; round < 20; round++ {
		ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
		srv := startServer(t, dataDir, port)
		conn := connect(t, ctx, srv.dsn())
		if round == 0 {
			if _, err := conn.Exec(ctx, "create table crash (id int4 not null, payload text)"); err != nil {
				t.Fatal(err)
			}
		}
		checkRows(t, ctx, conn, acked, maybe, round)
		// Rows that were in doubt are now settled one way or the other.
		rows := currentRows(t, ctx, conn)
		for id := range maybe {
			if rows[id] {
				acked[id] = true
			}
		}
		maybe = map[int]bool{}
		conn.Close(ctx)

		// Two writers insert until the kill.
		var mu sync.Mutex
		var wg sync.WaitGroup
		stopAt := time.Now().Add(time.Duration(100+rng.Intn(400)) * time.Millisecond)
		for w := 0; w < 2; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c, err := pgx.Connect(ctx, srv.dsn())
				if err != nil {
					return
				}
				defer c.Close(context.Background())
				for {
					mu.Lock()
					id := next
					next++
					maybe[id] = true
					mu.Unlock()
					var err error
					if id%3 == 0 {
						_, err = c.Exec(ctx, fmt.Sprintf("insert into crash values (%d, 'x'), (%d, repeat('y', 200))", id, -id-1))
					} else {
						_, err = c.Exec(ctx, "insert into crash values ($1, $2)", id, strings.Repeat("p", id%300))
					}
					if err != nil {
						return
					}
					mu.Lock()
					delete(maybe, id)
					acked[id] = true
					if id%3 == 0 {
						acked[-id-1] = true
					}
					mu.Unlock()
				}
			}()
		}
		time.Sleep(time.Until(stopAt))
		srv.kill9()
		wg.Wait()
		for id := range maybe {
			if id%3 == 0 {
				maybe[-id-1] = true
			}
		}
		cancel()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	srv := startServer(t, dataDir, port)
	conn := connect(t, ctx, srv.dsn())
	checkRows(t, ctx, conn, acked, maybe, 20)
	conn.Close(ctx)
	srv.stop(t)
	t.Logf("%d rows acknowledged over 20 kill -9 rounds; all present after recovery", len(acked))
	if len(acked) < 20 {
		t.Fatalf("only %d rows acknowledged over 20 rounds; the test exercised nothing", len(acked))
	}
}

func currentRows(t *testing.T, ctx context.Context, conn *pgx.Conn) map[int]bool {
	t.Helper()
	rows, err := conn.Query(ctx, "select id from crash")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[int]bool{}
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		if out[id] {
			t.Fatalf("row %d appears twice", id)
		}
		out[id] = true
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func checkRows(t *testing.T, ctx context.Context, conn *pgx.Conn, acked, maybe map[int]bool, round int) {
	t.Helper()
	got := currentRows(t, ctx, conn)
	var missing, extra []int
	for id := range acked {
		if !got[id] {
			missing = append(missing, id)
		}
	}
	for id := range got {
		if !acked[id] && !maybe[id] {
			extra = append(extra, id)
		}
	}
	sort.Ints(missing)
	sort.Ints(extra)
	if len(missing) > 0 || len(extra) > 0 {
		t.Fatalf("round %d: %d acknowledged rows missing %v, %d unexpected rows %v", round, len(missing), head(missing), len(extra), head(extra))
	}
}

func head(s []int) []int {
	if len(s) > 10 {
		return s[:10]
	}
	return s
}

// TestCrashDuringCopy kills the server in the middle of a COPY: after
// restart the committed rows are there and none of the COPY's.
func TestCrashDuringCopy(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test skipped in -short mode")
	}
	dataDir := t.TempDir()
	port := freePort(t)
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	srv := startServer(t, dataDir, port)
	conn := connect(t, ctx, srv.dsn())
	if _, err := conn.Exec(ctx, "create table copied (id int4, filler text)"); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, "insert into copied values (1, 'committed'), (2, 'committed')"); err != nil {
		t.Fatal(err)
	}
	pr, pw := io.Pipe()
	copyDone := make(chan error, 1)
	go func() {
		_, err := conn.PgConn().CopyFrom(ctx, pr, "COPY copied FROM STDIN")
		copyDone <- err
	}()
	// Stream rows, then kill the server while the COPY is still open.
	filler := strings.Repeat("z", 500)
	for i := 0; i < 20000; i++ {
		if _, err := fmt.Fprintf(pw, "%d\t%s\n", 100+i, filler); err != nil {
			t.Fatal(err)
		}
	}
	srv.kill9()
	pw.CloseWithError(io.ErrClosedPipe)
	if err := <-copyDone; err == nil {
		t.Fatal("COPY reported success although the server was killed")
	}
	conn.Close(context.Background())

	srv = startServer(t, dataDir, port)
	conn = connect(t, ctx, srv.dsn())
	defer conn.Close(context.Background())
	var n, maxID int
	if err := conn.QueryRow(ctx, "select count(*), max(id) from copied").Scan(&n, &maxID); err != nil {
		t.Fatal(err)
	}
	if n != 2 || maxID != 2 {
		t.Fatalf("after crash mid-COPY: %d rows, max id %d; want only the 2 committed rows", n, maxID)
	}
	// The table still works.
	if _, err := conn.Exec(ctx, "insert into copied values (3, 'after')"); err != nil {
		t.Fatal(err)
	}
	srv.stop(t)
}
