// hba.go reads the client authentication rules, pg_hba.conf in the data
// directory, in PostgreSQL's format, and picks the rule for a connection:
// the first whose connection type, database, user and address match (PG:
// libpq/hba.c).
//
// A connection over the in-process pipe of an embedded database counts as
// "local", as a Unix-domain socket does in PostgreSQL.

package server

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"

	"github.com/loomdb/loomdb/internal/pgerror"
)

// DefaultHBA is the pg_hba.conf a new data directory gets: local and
// loopback connections are trusted, every other one must give a password.
const DefaultHBA = `# loomdb client authentication rules, in PostgreSQL's pg_hba.conf format.
# The first rule matching a connection's type, database, user and address
# decides how it authenticates: trust, reject, scram-sha-256, md5 or
# password. "local" is an embedded program's in-process connection.
#
# TYPE  DATABASE        USER            ADDRESS                 METHOD
local   all             all                                     trust
host    all             all             127.0.0.1/32            trust
host    all             all             ::1/128                 trust
host    all             all             0.0.0.0/0               scram-sha-256
host    all             all             ::/0                    scram-sha-256
`

// hbaRule is one line of pg_hba.conf.
type hbaRule struct {
	line      int
	connType  string // local, host, hostssl, hostnossl
	databases []string
	users     []string
	// network is the address range; nil for local rules and "all".
	network *net.IPNet
	anyAddr bool
	// maskForm marks an address written as an address and a mask.
	maskForm bool
	method   string
}

var hbaMethods = map[string]bool{"trust": true, "reject": true, "scram-sha-256": true, "md5": true, "password": true}

// LoadHBA reads the rules of dataDir's pg_hba.conf, writing DefaultHBA
// there first when the file does not exist.
func LoadHBA(dataDir string) ([]hbaRule, error) {
	path := filepath.Join(dataDir, "pg_hba.conf")
	text, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		if werr := os.WriteFile(path, []byte(DefaultHBA), 0o600); werr != nil {
			return nil, werr
		}
		text, err = []byte(DefaultHBA), nil
	}
	if err != nil {
		return nil, err
	}
	return parseHBA(string(text), path)
}

// parseHBA parses the text of a pg_hba.conf.
func parseHBA(text, path string) ([]hbaRule, error) {
	var rules []hbaRule
	sc := bufio.NewScanner(strings.NewReader(text))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		bad := func(msg string) error {
			return &pgerror.Error{Code: pgerror.ConfigFileError, Message: fmt.Sprintf("invalid authentication rule: %s", msg),
				Context: fmt.Sprintf("line %d of configuration file \"%s\"", n, path)}
		}
		r := hbaRule{line: n, connType: f[0]}
		switch r.connType {
		case "local":
			if len(f) < 4 {
				return nil, bad("end-of-line before authentication method")
			}
			r.databases, r.users, r.method = strings.Split(f[1], ","), strings.Split(f[2], ","), f[3]
		case "host", "hostssl", "hostnossl":
			if len(f) < 5 {
				return nil, bad("end-of-line before authentication method")
			}
			r.databases, r.users = strings.Split(f[1], ","), strings.Split(f[2], ",")
			addr, rest := f[3], f[4:]
			switch {
			case addr == "all":
				r.anyAddr = true
			case addr == "samehost" || addr == "samenet" || !strings.ContainsAny(addr, "/:") && net.ParseIP(addr) == nil:
				return nil, bad(fmt.Sprintf("address \"%s\" is not supported: give an IP address range", addr))
			case strings.Contains(addr, "/"):
				_, ipnet, err := net.ParseCIDR(addr)
				if err != nil {
					return nil, bad(fmt.Sprintf("invalid IP address \"%s\"", addr))
				}
				r.network = ipnet
			default:
				ip := net.ParseIP(addr)
				if ip == nil || len(rest) < 2 {
					return nil, bad(fmt.Sprintf("invalid IP address \"%s\"", addr))
				}
				mask := net.ParseIP(rest[0])
				if mask == nil {
					return nil, bad(fmt.Sprintf("invalid IP mask \"%s\"", rest[0]))
				}
				if v4 := mask.To4(); v4 != nil && ip.To4() != nil {
					r.network = &net.IPNet{IP: ip.To4().Mask(net.IPMask(v4)), Mask: net.IPMask(v4)}
				} else {
					r.network = &net.IPNet{IP: ip.Mask(net.IPMask(mask)), Mask: net.IPMask(mask)}
				}
				rest = rest[1:]
				r.maskForm = true
			}
			if len(rest) == 0 {
				return nil, bad("end-of-line before authentication method")
			}
			r.method = rest[0]
		default:
			return nil, bad(fmt.Sprintf("invalid connection type \"%s\"", r.connType))
		}
		if !hbaMethods[r.method] {
			return nil, bad(fmt.Sprintf("invalid authentication method \"%s\"", r.method))
		}
		// What a rule cannot express here must not be dropped silently:
		// a rule would match more or check less than it says.
		if opts := f[methodField(r)+1:]; len(opts) > 0 {
			return nil, bad(fmt.Sprintf("authentication option \"%s\" is not supported", opts[0]))
		}
		for _, name := range append(append([]string(nil), r.databases...), r.users...) {
			if name == "samerole" || name == "samegroup" || name == "replication" || strings.HasPrefix(name, "+") ||
				strings.HasPrefix(name, "/") || strings.HasPrefix(name, "@") {
				return nil, bad(fmt.Sprintf("\"%s\" is not supported in a database or user field", name))
			}
		}
		rules = append(rules, r)
	}
	return rules, nil
}

// methodField is the index of a rule's method among its fields.
func methodField(r hbaRule) int {
	switch {
	case r.connType == "local":
		return 3
	case r.network != nil && r.maskForm:
		return 5
	}
	return 4
}

// hbaConn is what the rules look at in a connection.
type hbaConn struct {
	local    bool
	ssl      bool
	ip       net.IP
	user, db string
}

// hostName is how messages name the connection's origin.
func (c hbaConn) hostName() string {
	if c.local {
		return "[local]"
	}
	return c.ip.String()
}

// encryption is how messages describe the connection's encryption.
func (c hbaConn) encryption() string {
	if c.ssl {
		return "SSL encryption"
	}
	return "no encryption"
}

// matchHBA returns the first rule matching c, nil when none does.
func matchHBA(rules []hbaRule, c hbaConn) *hbaRule {
	for i := range rules {
		r := &rules[i]
		switch r.connType {
		case "local":
			if !c.local {
				continue
			}
		case "host":
			if c.local {
				continue
			}
		case "hostssl":
			if c.local || !c.ssl {
				continue
			}
		case "hostnossl":
			if c.local || c.ssl {
				continue
			}
		}
		if !c.local && !r.anyAddr && (r.network == nil || !r.network.Contains(c.ip)) {
			continue
		}
		if !matchName(r.databases, c.db, c.user) || !matchName(r.users, c.user, "") {
			continue
		}
		return r
	}
	return nil
}

// matchName matches a database or user field: "all", "sameuser" (a
// database named as the user) or one of the names.
func matchName(field []string, name, user string) bool {
	for _, f := range field {
		switch {
		case f == "all":
			return true
		case f == "sameuser" && user != "":
			if name == user {
				return true
			}
		case strings.Trim(f, `"`) == name:
			return true
		}
	}
	return false
}
