package server

import (
	"net"
	"strings"
	"testing"
)

func TestHBADefault(t *testing.T) {
	rules, err := parseHBA(DefaultHBA, "pg_hba.conf")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		conn hbaConn
		want string
	}{
		{hbaConn{local: true, user: "u", db: "postgres"}, "trust"},
		{hbaConn{ip: net.ParseIP("127.0.0.1"), user: "u", db: "postgres"}, "trust"},
		{hbaConn{ip: net.ParseIP("::1"), user: "u", db: "postgres"}, "trust"},
		{hbaConn{ip: net.ParseIP("192.0.2.7"), user: "u", db: "postgres"}, "scram-sha-256"},
		{hbaConn{ip: net.ParseIP("192.0.2.7"), ssl: true, user: "u", db: "postgres"}, "scram-sha-256"},
		{hbaConn{ip: net.ParseIP("fd00::2"), user: "u", db: "postgres"}, "scram-sha-256"},
	} {
		r := matchHBA(rules, c.conn)
		if r == nil || r.method != c.want {
			t.Errorf("%+v: rule %+v, want method %s", c.conn, r, c.want)
		}
	}
}

func TestHBAMatching(t *testing.T) {
	rules, err := parseHBA(`
# comment
hostnossl all     bob            10.0.0.0/8      reject
hostssl   sales   alice,"Carol"  10.0.0.0 255.0.0.0 md5
host      sameuser all           10.1.0.0/16     password
host      all     all            all             trust   # everything else
`, "test")
	if err != nil {
		t.Fatal(err)
	}
	ip := net.ParseIP("10.1.2.3")
	for _, c := range []struct {
		conn hbaConn
		line int // 0: no rule
	}{
		{hbaConn{ip: ip, user: "bob", db: "x"}, 3},
		{hbaConn{ip: ip, ssl: true, user: "bob", db: "bob"}, 5},
		{hbaConn{ip: ip, ssl: true, user: "alice", db: "sales"}, 4},
		{hbaConn{ip: ip, ssl: true, user: "Carol", db: "sales"}, 4},
		{hbaConn{ip: ip, ssl: true, user: "carol", db: "sales"}, 6},
		{hbaConn{ip: ip, user: "alice", db: "sales"}, 6},
		{hbaConn{ip: net.ParseIP("10.9.0.1"), user: "dave", db: "dave"}, 6},
		{hbaConn{ip: ip, user: "dave", db: "dave"}, 5},
		{hbaConn{local: true, user: "dave", db: "dave"}, 0},
	} {
		r := matchHBA(rules, c.conn)
		switch {
		case c.line == 0 && r != nil:
			t.Errorf("%+v matched line %d, want none", c.conn, r.line)
		case c.line != 0 && (r == nil || r.line != c.line):
			t.Errorf("%+v matched %+v, want line %d", c.conn, r, c.line)
		}
	}
}

func TestHBARefusesWhatItCannotHonour(t *testing.T) {
	for _, line := range []string{
		"host all all 10.0.0.0/8 scram-sha-256 clientcert=verify-full",
		"host all +admins 10.0.0.0/8 reject",
		"host all /^a 10.0.0.0/8 reject",
		"host @dbs all 10.0.0.0/8 trust",
		"host samerole all 10.0.0.0/8 trust",
		"host all all samenet trust",
		"host all all db.example.com trust",
		"host all all 10.0.0.0/8 ident",
		"hostgssenc all all 10.0.0.0/8 trust",
		"host all all 10.0.0.0/8",
		"local all all",
		"host all all 10.0.0.0/33 trust",
	} {
		if _, err := parseHBA(line, "test"); err == nil || !strings.Contains(err.Error(), "invalid authentication rule") {
			t.Errorf("%q: %v", line, err)
		}
	}
}
