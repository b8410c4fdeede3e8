package e2e

import (
	"context"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/loomdb/loomdb/internal/testutil/loomtest"
)

// startup opens a raw connection and completes the startup handshake.
func startup(t *testing.T, addr string) (net.Conn, *pgproto3.Frontend) {
	t.Helper()
	nc, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	_ = nc.SetDeadline(time.Now().Add(20 * time.Second))
	fe := pgproto3.NewFrontend(nc, nc)
	fe.Send(&pgproto3.StartupMessage{ProtocolVersion: pgproto3.ProtocolVersionNumber, Parameters: map[string]string{"user": "postgres", "database": "postgres"}})
	if err := fe.Flush(); err != nil {
		t.Fatal(err)
	}
	for {
		msg, err := fe.Receive()
		if err != nil {
			t.Fatalf("startup: %v", err)
		}
		if _, ok := msg.(*pgproto3.ReadyForQuery); ok {
			return nc, fe
		}
	}
}

// expectError reads until an ErrorResponse with SQLSTATE code and returns
// it; when closes is set it then expects the server to close the
// connection.
func expectError(t *testing.T, fe *pgproto3.Frontend, code string, closes bool) *pgproto3.ErrorResponse {
	t.Helper()
	var e *pgproto3.ErrorResponse
	for e == nil {
		msg, err := fe.Receive()
		if err != nil {
			t.Fatalf("want ErrorResponse %s, got %v", code, err)
		}
		e, _ = msg.(*pgproto3.ErrorResponse)
	}
	if e.Code != code {
		t.Fatalf("error code = %s (%s), want %s", e.Code, e.Message, code)
	}
	if !closes {
		return e
	}
	for {
		_, err := fe.Receive()
		if err == nil {
			continue
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, net.ErrClosed) || errors.Is(err, syscall.ECONNRESET) {
			return e
		}
		t.Fatalf("want connection closed, got %v", err)
	}
}

// assertServing checks that a fresh client can still run a query.
func assertServing(t *testing.T, inst *loomtest.Instance) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, inst.DSN("postgres"))
	if err != nil {
		t.Fatalf("server stopped serving: %v", err)
	}
	defer conn.Close(ctx)
	var n int
	if err := conn.QueryRow(ctx, "select 41 + 1").Scan(&n); err != nil || n != 42 {
		t.Fatalf("select after bad input: %d, %v", n, err)
	}
}

func TestProtocolGarbage(t *testing.T) {
	inst := loomtest.Start(t)

	t.Run("garbage startup", func(t *testing.T) {
		nc, err := net.Dial("tcp", inst.Addr)
		if err != nil {
			t.Fatal(err)
		}
		defer nc.Close()
		_ = nc.SetDeadline(time.Now().Add(10 * time.Second))
		garbage := []byte{0, 0, 0, 16, 0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4, 5, 6, 7, 8}
		if _, err := nc.Write(garbage); err != nil {
			t.Fatal(err)
		}
		buf, _ := io.ReadAll(nc)
		if len(buf) == 0 || buf[0] != 'E' {
			t.Fatalf("want an ErrorResponse before close, got %q", buf)
		}
		assertServing(t, inst)
	})

	t.Run("huge message length", func(t *testing.T) {
		nc, fe := startup(t, inst.Addr)
		defer nc.Close()
		hdr := make([]byte, 5)
		hdr[0] = 'Q'
		binary.BigEndian.PutUint32(hdr[1:], 1<<30+4)
		if _, err := nc.Write(hdr); err != nil {
			t.Fatal(err)
		}
		expectError(t, fe, "08P01", true)
		assertServing(t, inst)
	})

	t.Run("unknown message type", func(t *testing.T) {
		nc, fe := startup(t, inst.Addr)
		defer nc.Close()
		if _, err := nc.Write([]byte{'z', 0, 0, 0, 4}); err != nil {
			t.Fatal(err)
		}
		expectError(t, fe, "08P01", true)
		assertServing(t, inst)
	})

	t.Run("invalid UTF-8", func(t *testing.T) {
		nc, fe := startup(t, inst.Addr)
		defer nc.Close()
		fe.Send(&pgproto3.Query{String: "select '\xff\xfe'"})
		if err := fe.Flush(); err != nil {
			t.Fatal(err)
		}
		// As in PostgreSQL this is an ERROR for the statement; the session survives.
		expectError(t, fe, "22021", false)
		assertServing(t, inst)
	})

	t.Run("query during COPY", func(t *testing.T) {
		nc, fe := startup(t, inst.Addr)
		defer nc.Close()
		fe.Send(&pgproto3.Query{String: "CREATE TABLE copy_garbage (a int4)"})
		fe.Send(&pgproto3.Query{String: "COPY copy_garbage FROM STDIN"})
		if err := fe.Flush(); err != nil {
			t.Fatal(err)
		}
		for {
			msg, err := fe.Receive()
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := msg.(*pgproto3.CopyInResponse); ok {
				break
			}
		}
		fe.Send(&pgproto3.Query{String: "select 1"})
		if err := fe.Flush(); err != nil {
			t.Fatal(err)
		}
		e := expectError(t, fe, "08P01", false)
		if want := "unexpected message type 0x51 during COPY from stdin"; e.Message != want {
			t.Fatalf("message %q, want %q", e.Message, want)
		}
		assertServing(t, inst)
	})

	t.Run("truncated message then close", func(t *testing.T) {
		nc, _ := startup(t, inst.Addr)
		if _, err := nc.Write([]byte{'Q', 0, 0, 0, 50, 's', 'e'}); err != nil {
			t.Fatal(err)
		}
		nc.Close()
		assertServing(t, inst)
	})

	t.Run("ping", func(t *testing.T) {
		nc, fe := startup(t, inst.Addr)
		defer nc.Close()
		fe.Send(&pgproto3.Query{String: "-- ping"})
		if err := fe.Flush(); err != nil {
			t.Fatal(err)
		}
		msg, err := fe.Receive()
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := msg.(*pgproto3.EmptyQueryResponse); !ok {
			t.Fatalf("-- ping answered with %T", msg)
		}
	})
}
