package catalog

import "testing"

func TestACLItemQuoting(t *testing.T) {
	for _, c := range []struct{ grantee, privs, grantor, text string }{
		{"alice", "r", "bob", "alice=r/bob"},
		{"", "arwdDxt", "postgres", "=arwdDxt/postgres"},
		{"a=arwdDxt/b", "r", "o", `"a=arwdDxt/b"=r/o`},
		{`we"ird`, "w", "x y", `"we""ird"=w/"x y"`},
	} {
		text := FormatACLItem(c.grantee, c.privs, c.grantor)
		if text != c.text {
			t.Errorf("FormatACLItem(%q, %q, %q) = %s, want %s", c.grantee, c.privs, c.grantor, text, c.text)
		}
		g, p, gr := parseACLItem(text)
		if g != c.grantee || p != c.privs || gr != c.grantor {
			t.Errorf("parseACLItem(%s) = %q, %q, %q", text, g, p, gr)
		}
	}
}
