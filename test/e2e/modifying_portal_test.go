package e2e

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/loomdb/loomdb/internal/testutil/loomtest"
)

// portalTranscript runs sql in the extended protocol with one Execute per
// entry of limits (0: all rows), then closes the portal and syncs; it
// returns what the server answered, one line a message.
func portalTranscript(t *testing.T, fe *pgproto3.Frontend, sql string, limits ...uint32) string {
	t.Helper()
	fe.Send(&pgproto3.Parse{Query: sql})
	fe.Send(&pgproto3.Bind{})
	for _, n := range limits {
		fe.Send(&pgproto3.Execute{MaxRows: n})
	}
	fe.Send(&pgproto3.Close{ObjectType: 'P'})
	fe.Send(&pgproto3.Sync{})
	if err := fe.Flush(); err != nil {
		t.Fatal(err)
	}
	var out []string
	for {
		msg, err := fe.Receive()
		if err != nil {
			t.Fatal(err)
		}
		switch m := msg.(type) {
		case *pgproto3.DataRow:
			var vals []string
			for _, v := range m.Values {
				vals = append(vals, string(v))
			}
			out = append(out, "row "+strings.Join(vals, ","))
		case *pgproto3.PortalSuspended:
			out = append(out, "suspended")
		case *pgproto3.CommandComplete:
			out = append(out, "complete "+string(m.CommandTag))
		case *pgproto3.ErrorResponse:
			out = append(out, "error "+m.Code)
		case *pgproto3.ReadyForQuery:
			return strings.Join(out, "\n")
		}
	}
}

// simple runs sql in the simple protocol and returns its rows' first
// values.
func simple(t *testing.T, fe *pgproto3.Frontend, sql string) string {
	t.Helper()
	fe.Send(&pgproto3.Query{String: sql})
	if err := fe.Flush(); err != nil {
		t.Fatal(err)
	}
	var out []string
	for {
		msg, err := fe.Receive()
		if err != nil {
			t.Fatal(err)
		}
		switch m := msg.(type) {
		case *pgproto3.DataRow:
			out = append(out, string(m.Values[0]))
		case *pgproto3.ErrorResponse:
			out = append(out, "error "+m.Code)
		case *pgproto3.ReadyForQuery:
			return strings.Join(out, ",")
		}
	}
}

// TestModifyingPortal checks that a statement that changes tables runs to
// completion at its first Execute, however few rows that asks for, as in
// PostgreSQL: a portal suspended and then closed leaves no half-done
// change, and the command tag counts the rows of the last Execute.
// LOOMDB_PORTAL_ADDR runs it against another server (PostgreSQL).
func TestModifyingPortal(t *testing.T) {
	addr := os.Getenv("LOOMDB_PORTAL_ADDR")
	if addr == "" {
		addr = loomtest.Start(t).Addr
	}
	nc, fe := startup(t, addr)
	defer nc.Close()
	setup := "DROP TABLE IF EXISTS mp; CREATE TABLE mp (a int); INSERT INTO mp SELECT g FROM generate_series(1, 5) g"
	cases := []struct {
		sql    string
		limits []uint32
		want   string
		after  string
	}{
		{"DELETE FROM mp WHERE a > 1 RETURNING a", []uint32{2}, "row 2\nrow 3\nsuspended", "1"},
		{"WITH d AS (DELETE FROM mp WHERE a > 1 RETURNING a) SELECT a FROM d", []uint32{1}, "row 2\nsuspended", "1"},
		{"UPDATE mp SET a = a * 10 RETURNING a", []uint32{2, 2, 2}, "row 10\nrow 20\nsuspended\nrow 30\nrow 40\nsuspended\nrow 50\ncomplete UPDATE 1", "10,20,30,40,50"},
		{"INSERT INTO mp SELECT g FROM generate_series(6, 8) g RETURNING a", []uint32{3, 1}, "row 6\nrow 7\nrow 8\nsuspended\ncomplete INSERT 0 0", "1,2,3,4,5,6,7,8"},
		{"WITH u AS (UPDATE mp SET a = -a RETURNING a) SELECT a FROM u LIMIT 1", []uint32{1}, "row -1\nsuspended", "-5,-4,-3,-2,-1"},
		{"WITH u AS (UPDATE mp SET a = -a WHERE a > 3) SELECT 1 FROM generate_series(1, 3)", []uint32{1, 0}, "row 1\nsuspended\nrow 1\nrow 1\ncomplete SELECT 2", "-5,-4,1,2,3"},
	}
	for i, c := range cases {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			simple(t, fe, setup)
			if got := portalTranscript(t, fe, c.sql, c.limits...); got != c.want {
				t.Errorf("%s:\n%s\nwant\n%s", c.sql, got, c.want)
			}
			if got := simple(t, fe, "SELECT a FROM mp ORDER BY a"); got != c.after {
				t.Errorf("%s: table holds %s, want %s", c.sql, got, c.after)
			}
		})
	}
}
