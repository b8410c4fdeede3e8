// jsonpath_test.go checks jsonpath input normalization against texts
// PostgreSQL 15 prints, binary I/O, and that every canonical text parses
// back as a Datum to itself.

package types

import (
	"errors"
	"testing"

	"github.com/loomdb/loomdb/internal/pgerror"
)

func TestJsonpathInOut(t *testing.T) {
	cases := []struct{ in, out string }{
		{"$", "$"},
		{"lax $.a", `$."a"`},
		{"strict $[1, 2 to 3, last]", "strict $[1,2 to 3,last]"},
		{"$.items[*] ? (@.qty > 1).qty", `$."items"[*]?(@."qty" > 1)."qty"`},
		{"(1+2).a", `(1 + 2)."a"`},
		{"$.a + 1 * 2", `($."a" + 1 * 2)`},
		{"($.a + 1) * 2", `(($."a" + 1) * 2)`},
		{"- -1", "1"},
		{"-$.a", `(-$."a")`},
		{"1.5e3", "1500"},
		{".5", "0.5"},
		{"$.**{0 to last}", "$.**"},
		{"$.**{2 to last}", "$.**{2 to last}"},
		{`$ ? (@ like_regex "a" flag "qi")`, `$?(@ like_regex "a" flag "iq")`},
		{"$ ? ((@ > 1) is unknown)", "$?((@ > 1) is unknown)"},
		{"$ ? (exists(@.a))", `$?(exists (@."a"))`},
		{"(exists($.a)).type()", `exists ($."a").type()`},
		{`$"x y".a`, `$"x y"."a"`},
		{"$.TYPE()", "$.type()"},
		{"$.Type", `$."Type"`},
	}
	for _, c := range cases {
		got, err := InJsonpath(c.in)
		if err != nil || got != c.out {
			t.Errorf("InJsonpath(%q) = %q, %v; want %q", c.in, got, err, c.out)
			continue
		}
		jp, err := ParseJsonPathDatum(got)
		if err != nil || jp.String() != got {
			t.Errorf("ParseJsonPathDatum(%q) does not give it back: %v", got, err)
		}
		b, err := Send(T{JsonpathOid, -1}, got)
		if err != nil || len(b) == 0 || b[0] != 1 {
			t.Errorf("Send(%q) = %v, %v", got, b, err)
			continue
		}
		d, err := Recv(T{JsonpathOid, -1}, b)
		if c.in == "(exists($.a)).type()" {
			// Like jsonpath_recv, Recv parses input, which refuses
			// this canonical text as PostgreSQL does.
			if err == nil {
				t.Errorf("Recv(Send(%q)) succeeded", got)
			}
			continue
		}
		if err != nil || d != got {
			t.Errorf("Recv(Send(%q)) = %v, %v", got, d, err)
		}
	}
}

func TestJsonpathErrors(t *testing.T) {
	cases := []struct{ in, code, msg string }{
		{"", "22P02", `invalid input syntax for type jsonpath: ""`},
		{"$.", "42601", "syntax error at end of jsonpath input"},
		{"$ $", "42601", `syntax error at or near "$" of jsonpath input`},
		{"1.a", "42601", `trailing junk after numeric literal at or near "1.a" of jsonpath input`},
		{"@", "42601", "@ is not allowed in root expressions"},
		{"last", "42601", "LAST is allowed only in array subscripts"},
		{"$.a.datetime()", "0A000", "jsonpath item method .datetime() is not supported"},
		{"exists(@.a).type()", "42601", `syntax error at or near "." of jsonpath input`},
	}
	for _, c := range cases {
		_, err := InJsonpath(c.in)
		var pe *pgerror.Error
		if !errors.As(err, &pe) || pe.Code != c.code || pe.Message != c.msg {
			t.Errorf("InJsonpath(%q) error = %v; want %s %s", c.in, err, c.code, c.msg)
		}
	}
}
