// Tests for the string and regular expression functions of strfuncs.go.
// Every expected value and error was produced by PostgreSQL 15 for the same
// call (SELECT f(args)::text, or for set-returning functions the rows joined
// by "|"), so each case checks exact PostgreSQL behavior: NULLs, negative
// lengths and positions, multibyte characters, error codes and messages.

package funcs

import (
	"context"
	"strings"
	"testing"

	"github.com/loomdb/loomdb/internal/types"
)

// Type abbreviations for the case tables.
const (
	tx = types.TextOid
	i4 = types.Int4Oid
	i8 = types.Int8Oid
	fl = types.Float8Oid
	nu = types.NumericOid
	by = types.ByteaOid
)

// funcCase is a call of a registered function: its name, argument types,
// arguments as PostgreSQL input text (nil for NULL) and the expected text
// output: "<NULL>", "ERROR <sqlstate> <message>", for a set-returning
// function its rows joined by "|" ("<EMPTY>" for none), booleans as
// true/false as ::text prints them.
type funcCase struct {
	name string
	args []types.Oid
	in   []any
	want string
}

// lookupFunc finds the function name(args) registered with exactly these
// argument types.
func lookupFunc(t *testing.T, name string, args []types.Oid) *Func {
	t.Helper()
	var found *Func
	for _, f := range FuncsByName(name) {
		if f.Agg != nil || len(f.Args) != len(args) {
			continue
		}
		match := true
		for i := range args {
			match = match && f.Args[i] == args[i]
		}
		if match {
			if found != nil {
				t.Fatalf("%s%v registered twice", name, args)
			}
			found = f
		}
	}
	if found == nil {
		t.Fatalf("no function %s%v", name, args)
	}
	return found
}

// evalCase calls the function as the executor does (strict functions give
// NULL for a NULL argument) and renders the result like funcCase.want.
func evalCase(t *testing.T, c funcCase) string {
	t.Helper()
	f := lookupFunc(t, c.name, c.args)
	args := make([]types.Datum, len(c.in))
	hasNull := false
	for i, v := range c.in {
		if v == nil {
			hasNull = true
			continue
		}
		d, err := types.In(types.T{Oid: c.args[i], Typmod: -1}, v.(string))
		if err != nil {
			t.Fatalf("%s: bad input %q: %v", c.name, v, err)
		}
		args[i] = d
	}
	if f.SRF != nil {
		// The function scan gives no rows for a NULL argument.
		if hasNull && f.Strict {
			return "<EMPTY>"
		}
		it, err := f.SRF.Start(args)
		if err != nil {
			return "ERROR " + errString(err)
		}
		var rows []string
		for {
			d, ok, err := it.Next()
			if err != nil {
				return "ERROR " + errString(err)
			}
			if !ok {
				break
			}
			if d == nil {
				rows = append(rows, "<NULL>")
			} else {
				rows = append(rows, d.(string))
			}
		}
		if len(rows) == 0 {
			return "<EMPTY>"
		}
		return strings.Join(rows, "|")
	}
	if hasNull && f.Strict {
		return "<NULL>"
	}
	d, err := f.Call(context.Background(), nil, nil, args)
	switch {
	case err != nil:
		return "ERROR " + errString(err)
	case d == nil:
		return "<NULL>"
	case f.Result == types.BoolOid:
		return map[bool]string{true: "true", false: "false"}[d.(bool)]
	}
	return types.Out(types.T{Oid: f.Result, Typmod: -1}, d)
}

func runFuncCases(t *testing.T, cases []funcCase) {
	t.Helper()
	for _, c := range cases {
		if got := evalCase(t, c); got != c.want {
			t.Errorf("%s%q = %q, want %q", c.name, c.in, got, c.want)
		}
	}
}

func TestStringFunctions(t *testing.T) {
	runFuncCases(t, stringCases)
}

// TestRegexpRefused lists patterns PostgreSQL accepts but RE2 cannot match
// the same way: they must fail with feature_not_supported, not give another
// answer. PostgreSQL's results are in the comments.
func TestRegexpRefused(t *testing.T) {
	for _, c := range refusedCases {
		if got := evalCase(t, c); !strings.HasPrefix(got, "ERROR 0A000 regular expression feature not supported: ") {
			t.Errorf("%s%q = %q, want feature_not_supported", c.name, c.in, got)
		}
	}
}

func TestFormatWithArguments(t *testing.T) {
	s := func(v string) *string { return &v }
	cases := []struct {
		fmt  string
		args []*string
		want string
	}{
		// PostgreSQL: format(fmt, args::text...).
		{"Hello %s, %I, %L", []*string{s("World"), s("Foo bar"), s("O'Reilly")}, `Hello World, "Foo bar", 'O''Reilly'`},
		{"%2$s %1$s %s", []*string{s("a"), s("b")}, "b a b"},
		{"|%10s|%-10s|%-5s|", []*string{s("right"), s("left"), s("tööloong")}, "|     right|left      |tööloong|"},
		{"|%*s|%-*s|", []*string{s("6"), s("x"), s("4"), s("y")}, "|     x|y   |"},
		{"|%*s|", []*string{s("-4"), s("x")}, "|x   |"},
		{"|%*2$s|", []*string{s("x"), s("3"), s("y")}, "|  y|"},
		{"|%2$*1$s|", []*string{s("5"), s("x")}, "|    x|"},
		{"%s|%L|%s", []*string{nil, nil, s("")}, "|NULL|"},
		{"%L", []*string{s(`a\b`)}, `E'a\\b'`},
		{"%I", []*string{s("select")}, `"select"`},
		{"%1$s %1$L", []*string{s("x")}, "x 'x'"},
		{"%*s", []*string{nil, s("x")}, "x"},
	}
	for _, c := range cases {
		got, err := formatText(c.fmt, c.args)
		if err != nil || got != c.want {
			t.Errorf("format(%q, %v) = %q, %v; want %q", c.fmt, c.args, got, err, c.want)
		}
	}
	errs := []struct {
		fmt  string
		args []*string
		want string
	}{
		{"%I", []*string{nil}, "22004 null values cannot be formatted as an SQL identifier"},
		{"%s %s", []*string{s("a")}, "22023 too few arguments for format()"},
		{"%*s", []*string{s("abc"), s("x")}, `22P02 invalid input syntax for type integer: "abc"`},
		{"%3$s", []*string{s("a")}, "22023 too few arguments for format()"},
		{"%*0$s", []*string{s("a")}, "22023 format specifies argument 0, but arguments are numbered from 1"},
		{"%*1x", []*string{s("a")}, `22023 width argument position must be ended by "$"`},
		{"|%*2$s|", []*string{s("x"), s("3")}, "22023 too few arguments for format()"},
	}
	for _, c := range errs {
		if _, err := formatText(c.fmt, c.args); errString(err) != c.want {
			t.Errorf("format(%q) error = %q, want %q", c.fmt, errString(err), c.want)
		}
	}
}

func TestStringFunctionLabels(t *testing.T) {
	for _, c := range []struct {
		name     string
		args     []types.Oid
		strict   bool
		volatile byte
	}{
		{"format", []types.Oid{tx}, false, Stable},
		{"quote_nullable", []types.Oid{tx}, false, Immutable},
		{"string_to_table", []types.Oid{tx, tx}, false, Immutable},
		{"regexp_split_to_table", []types.Oid{tx, tx}, true, Immutable},
		{"lpad", []types.Oid{tx, i4, tx}, true, Immutable},
	} {
		f := lookupFunc(t, c.name, c.args)
		if f.Strict != c.strict || f.Volatile != c.volatile || f.Parallel != ParallelSafe {
			t.Errorf("%s: strict %v volatile %c parallel %c", c.name, f.Strict, f.Volatile, f.Parallel)
		}
	}
}

// TestNoDuplicateSignatures checks that no two functions share a name and
// argument types, which would make resolution ambiguous.
func TestNoDuplicateSignatures(t *testing.T) {
	seen := map[string]bool{}
	for _, f := range AllFuncs() {
		key := f.Name
		for _, a := range f.Args {
			key += "," + types.FormatTypeBe(a)
		}
		if seen[key] {
			t.Errorf("duplicate function %s", key)
		}
		seen[key] = true
	}
}

// stringCases come from PostgreSQL 15.
var stringCases = []funcCase{
	{"lpad", []types.Oid{tx, i4, tx}, []any{"hi", "5", "xy"}, "xyxhi"},
	{"rpad", []types.Oid{tx, i4, tx}, []any{"hi", "5", "xy"}, "hixyx"},
	{"lpad", []types.Oid{tx, i4, tx}, []any{"hello", "2", "xy"}, "he"},
	{"rpad", []types.Oid{tx, i4, tx}, []any{"hello", "2", "xy"}, "he"},
	{"lpad", []types.Oid{tx, i4, tx}, []any{"hi", "-1", "x"}, ""},
	{"rpad", []types.Oid{tx, i4, tx}, []any{"hi", "-1", "x"}, ""},
	{"lpad", []types.Oid{tx, i4, tx}, []any{"hi", "5", ""}, "hi"},
	{"rpad", []types.Oid{tx, i4, tx}, []any{"hi", "5", ""}, "hi"},
	{"lpad", []types.Oid{tx, i4, tx}, []any{"héllo", "7", "é"}, "ééhéllo"},
	{"rpad", []types.Oid{tx, i4, tx}, []any{"héllo", "7", "é"}, "hélloéé"},
	{"lpad", []types.Oid{tx, i4, tx}, []any{"", "3", "ab"}, "aba"},
	{"rpad", []types.Oid{tx, i4, tx}, []any{"", "3", "ab"}, "aba"},
	{"lpad", []types.Oid{tx, i4, tx}, []any{"hi", "300000000", "x"}, "ERROR 54000 requested length too large"},
	{"rpad", []types.Oid{tx, i4, tx}, []any{"hi", "300000000", "x"}, "ERROR 54000 requested length too large"},
	{"lpad", []types.Oid{tx, i4, tx}, []any{"hi", "300000000", ""}, "hi"},
	{"rpad", []types.Oid{tx, i4, tx}, []any{"hi", "300000000", ""}, "hi"},
	{"lpad", []types.Oid{tx, i4, tx}, []any{"hi", "268435454", ""}, "hi"},
	{"rpad", []types.Oid{tx, i4, tx}, []any{"hi", "268435454", ""}, "hi"},
	{"lpad", []types.Oid{tx, i4, tx}, []any{nil, "3", "x"}, "<NULL>"},
	{"rpad", []types.Oid{tx, i4, tx}, []any{nil, "3", "x"}, "<NULL>"},
	{"lpad", []types.Oid{tx, i4, tx}, []any{"日本", "5", "語x"}, "語x語日本"},
	{"rpad", []types.Oid{tx, i4, tx}, []any{"日本", "5", "語x"}, "日本語x語"},
	{"lpad", []types.Oid{tx, i4}, []any{"hi", "5"}, "   hi"},
	{"rpad", []types.Oid{tx, i4}, []any{"hi", "5"}, "hi   "},
	{"lpad", []types.Oid{tx, i4}, []any{"hello", "3"}, "hel"},
	{"rpad", []types.Oid{tx, i4}, []any{"hello", "3"}, "hel"},
	{"lpad", []types.Oid{tx, i4}, []any{"héllo", "0"}, ""},
	{"rpad", []types.Oid{tx, i4}, []any{"héllo", "0"}, ""},
	{"split_part", []types.Oid{tx, tx, i4}, []any{"a,b,c", ",", "2"}, "b"},
	{"split_part", []types.Oid{tx, tx, i4}, []any{"a,b,c", ",", "0"}, "ERROR 22023 field position must not be zero"},
	{"split_part", []types.Oid{tx, tx, i4}, []any{"a,b,c", ",", "-1"}, "c"},
	{"split_part", []types.Oid{tx, tx, i4}, []any{"a,b,c", ",", "-3"}, "a"},
	{"split_part", []types.Oid{tx, tx, i4}, []any{"a,b,c", ",", "-4"}, ""},
	{"split_part", []types.Oid{tx, tx, i4}, []any{"a,b,c", ",", "4"}, ""},
	{"split_part", []types.Oid{tx, tx, i4}, []any{"", ",", "1"}, ""},
	{"split_part", []types.Oid{tx, tx, i4}, []any{"abc", "", "1"}, "abc"},
	{"split_part", []types.Oid{tx, tx, i4}, []any{"abc", "", "-1"}, "abc"},
	{"split_part", []types.Oid{tx, tx, i4}, []any{"abc", "", "2"}, ""},
	{"split_part", []types.Oid{tx, tx, i4}, []any{"abc", "x", "1"}, "abc"},
	{"split_part", []types.Oid{tx, tx, i4}, []any{"abc", "x", "-1"}, "abc"},
	{"split_part", []types.Oid{tx, tx, i4}, []any{"abc", "x", "2"}, ""},
	{"split_part", []types.Oid{tx, tx, i4}, []any{"a||b||", "||", "3"}, ""},
	{"split_part", []types.Oid{tx, tx, i4}, []any{"a||b||", "||", "-1"}, ""},
	{"split_part", []types.Oid{tx, tx, i4}, []any{"éaéb", "é", "2"}, "a"},
	{"left", []types.Oid{tx, i4}, []any{"abc", "2"}, "ab"},
	{"right", []types.Oid{tx, i4}, []any{"abc", "2"}, "bc"},
	{"left", []types.Oid{tx, i4}, []any{"abc", "-1"}, "ab"},
	{"right", []types.Oid{tx, i4}, []any{"abc", "-1"}, "bc"},
	{"left", []types.Oid{tx, i4}, []any{"abc", "-5"}, ""},
	{"right", []types.Oid{tx, i4}, []any{"abc", "-5"}, ""},
	{"left", []types.Oid{tx, i4}, []any{"abc", "10"}, "abc"},
	{"right", []types.Oid{tx, i4}, []any{"abc", "10"}, "abc"},
	{"left", []types.Oid{tx, i4}, []any{"héllo", "2"}, "hé"},
	{"right", []types.Oid{tx, i4}, []any{"héllo", "2"}, "lo"},
	{"left", []types.Oid{tx, i4}, []any{"héllo", "-2"}, "hél"},
	{"right", []types.Oid{tx, i4}, []any{"héllo", "-2"}, "llo"},
	{"left", []types.Oid{tx, i4}, []any{"abc", "-2147483648"}, ""},
	{"right", []types.Oid{tx, i4}, []any{"abc", "-2147483648"}, "abc"},
	{"left", []types.Oid{tx, i4}, []any{"abc", "2147483647"}, "abc"},
	{"right", []types.Oid{tx, i4}, []any{"abc", "2147483647"}, "abc"},
	{"left", []types.Oid{tx, i4}, []any{"", "3"}, ""},
	{"right", []types.Oid{tx, i4}, []any{"", "3"}, ""},
	{"reverse", []types.Oid{tx}, []any{"héllo wörld"}, "dlröw olléh"},
	{"reverse", []types.Oid{tx}, []any{""}, ""},
	{"reverse", []types.Oid{tx}, []any{"a"}, "a"},
	{"reverse", []types.Oid{tx}, []any{"日本語"}, "語本日"},
	{"initcap", []types.Oid{tx}, []any{"hi THERE"}, "Hi There"},
	{"initcap", []types.Oid{tx}, []any{"o'neil 3rd_x-y"}, "O'Neil 3rd_X-Y"},
	{"initcap", []types.Oid{tx}, []any{"éa ÉCOLE"}, "éA ÉCole"},
	{"initcap", []types.Oid{tx}, []any{"ABC123DEF"}, "Abc123def"},
	{"initcap", []types.Oid{tx}, []any{""}, ""},
	{"translate", []types.Oid{tx, tx, tx}, []any{"12345", "143", "ax"}, "a2x5"},
	{"translate", []types.Oid{tx, tx, tx}, []any{"aaa", "aa", "xy"}, "xxx"},
	{"translate", []types.Oid{tx, tx, tx}, []any{"héllo", "él", "E"}, "hEo"},
	{"translate", []types.Oid{tx, tx, tx}, []any{"abc", "", "x"}, "abc"},
	{"translate", []types.Oid{tx, tx, tx}, []any{"abc", "abc", ""}, ""},
	{"starts_with", []types.Oid{tx, tx}, []any{"abc", "ab"}, "true"},
	{"position", []types.Oid{tx, tx}, []any{"abc", "ab"}, "1"},
	{"starts_with", []types.Oid{tx, tx}, []any{"abc", ""}, "true"},
	{"position", []types.Oid{tx, tx}, []any{"abc", ""}, "1"},
	{"starts_with", []types.Oid{tx, tx}, []any{"abc", "abcd"}, "false"},
	{"position", []types.Oid{tx, tx}, []any{"abc", "abcd"}, "0"},
	{"starts_with", []types.Oid{tx, tx}, []any{"", ""}, "true"},
	{"position", []types.Oid{tx, tx}, []any{"", ""}, "1"},
	{"starts_with", []types.Oid{tx, tx}, []any{"é", "é"}, "true"},
	{"position", []types.Oid{tx, tx}, []any{"é", "é"}, "1"},
	{"position", []types.Oid{tx, tx}, []any{"héllo", "llo"}, "3"},
	{"overlay", []types.Oid{tx, tx, i4, i4}, []any{"Txxxxas", "hom", "2", "4"}, "Thomas"},
	{"overlay", []types.Oid{tx, tx, i4, i4}, []any{"abc", "X", "0", "1"}, "ERROR 22011 negative substring length not allowed"},
	{"overlay", []types.Oid{tx, tx, i4, i4}, []any{"abc", "X", "2", "-5"}, "aXabc"},
	{"overlay", []types.Oid{tx, tx, i4, i4}, []any{"abc", "X", "2147483647", "1"}, "ERROR 22003 integer out of range"},
	{"overlay", []types.Oid{tx, tx, i4, i4}, []any{"abc", "X", "5", "1"}, "abcX"},
	{"overlay", []types.Oid{tx, tx, i4, i4}, []any{"héllo", "É", "2", "1"}, "hÉllo"},
	{"overlay", []types.Oid{tx, tx, i4, i4}, []any{"abc", "", "1", "3"}, ""},
	{"overlay", []types.Oid{tx, tx, i4}, []any{"Txxxxas", "hom", "2"}, "Thomxas"},
	{"overlay", []types.Oid{tx, tx, i4}, []any{"abc", "XYZ", "3"}, "abXYZ"},
	{"overlay", []types.Oid{tx, tx, i4}, []any{"abc", "X", "-1"}, "ERROR 22011 negative substring length not allowed"},
	{"md5", []types.Oid{tx}, []any{"abc"}, "900150983cd24fb0d6963f7d28e17f72"},
	{"bit_length", []types.Oid{tx}, []any{"abc"}, "24"},
	{"md5", []types.Oid{tx}, []any{""}, "d41d8cd98f00b204e9800998ecf8427e"},
	{"bit_length", []types.Oid{tx}, []any{""}, "0"},
	{"md5", []types.Oid{tx}, []any{"héllo"}, "be50e8478cf24ff3595bc7307fb91b50"},
	{"bit_length", []types.Oid{tx}, []any{"héllo"}, "48"},
	{"md5", []types.Oid{by}, []any{"\\x00ff"}, "d07d34efac6328007ad67c7e0a985e00"},
	{"bit_length", []types.Oid{by}, []any{"\\x00ff10"}, "24"},
	{"quote_ident", []types.Oid{tx}, []any{"Foo"}, "\"Foo\""},
	{"quote_ident", []types.Oid{tx}, []any{"foo"}, "foo"},
	{"quote_ident", []types.Oid{tx}, []any{"select"}, "\"select\""},
	{"quote_ident", []types.Oid{tx}, []any{"abs"}, "abs"},
	{"quote_ident", []types.Oid{tx}, []any{""}, "\"\""},
	{"quote_ident", []types.Oid{tx}, []any{"a\"b"}, "\"a\"\"b\""},
	{"quote_ident", []types.Oid{tx}, []any{"_x1"}, "_x1"},
	{"quote_ident", []types.Oid{tx}, []any{"1x"}, "\"1x\""},
	{"quote_ident", []types.Oid{tx}, []any{"é"}, "\"é\""},
	{"quote_ident", []types.Oid{tx}, []any{"between"}, "\"between\""},
	{"quote_ident", []types.Oid{tx}, []any{"int"}, "\"int\""},
	{"quote_ident", []types.Oid{tx}, []any{"user"}, "\"user\""},
	{"quote_ident", []types.Oid{tx}, []any{"name"}, "name"},
	{"quote_ident", []types.Oid{tx}, []any{"xmltable"}, "\"xmltable\""},
	{"quote_ident", []types.Oid{tx}, []any{"absent"}, "absent"},
	{"quote_ident", []types.Oid{tx}, []any{"a b"}, "\"a b\""},
	{"quote_literal", []types.Oid{tx}, []any{"a\\b'c"}, "E'a\\\\b''c'"},
	{"quote_nullable", []types.Oid{tx}, []any{"a\\b'c"}, "E'a\\\\b''c'"},
	{"quote_literal", []types.Oid{tx}, []any{"it's"}, "'it''s'"},
	{"quote_nullable", []types.Oid{tx}, []any{"it's"}, "'it''s'"},
	{"quote_literal", []types.Oid{tx}, []any{""}, "''"},
	{"quote_nullable", []types.Oid{tx}, []any{""}, "''"},
	{"quote_literal", []types.Oid{tx}, []any{nil}, "<NULL>"},
	{"quote_nullable", []types.Oid{tx}, []any{nil}, "NULL"},
	{"quote_literal", []types.Oid{tx}, []any{"plain"}, "'plain'"},
	{"quote_nullable", []types.Oid{tx}, []any{"plain"}, "'plain'"},
	{"format", []types.Oid{tx}, []any{"abc"}, "abc"},
	{"format", []types.Oid{tx}, []any{"100%%"}, "100%"},
	{"format", []types.Oid{tx}, []any{"%"}, "ERROR 22023 unterminated format() type specifier"},
	{"format", []types.Oid{tx}, []any{"a%"}, "ERROR 22023 unterminated format() type specifier"},
	{"format", []types.Oid{tx}, []any{"%s"}, "ERROR 22023 too few arguments for format()"},
	{"format", []types.Oid{tx}, []any{"%1$s"}, "ERROR 22023 too few arguments for format()"},
	{"format", []types.Oid{tx}, []any{"%x"}, "ERROR 22023 unrecognized format() type specifier \"x\""},
	{"format", []types.Oid{tx}, []any{"%é"}, "ERROR 22023 unrecognized format() type specifier \"é\""},
	{"format", []types.Oid{tx}, []any{"%-"}, "ERROR 22023 unterminated format() type specifier"},
	{"format", []types.Oid{tx}, []any{"%5"}, "ERROR 22023 unterminated format() type specifier"},
	{"format", []types.Oid{tx}, []any{"%*s"}, "ERROR 22023 too few arguments for format()"},
	{"format", []types.Oid{tx}, []any{"%0$s"}, "ERROR 22023 format specifies argument 0, but arguments are numbered from 1"},
	{"format", []types.Oid{tx}, []any{"%I"}, "ERROR 22023 too few arguments for format()"},
	{"format", []types.Oid{tx}, []any{"%L"}, "ERROR 22023 too few arguments for format()"},
	{"format", []types.Oid{tx}, []any{"%99999999999s"}, "ERROR 22003 number is out of range"},
	{"format", []types.Oid{tx}, []any{"%1$"}, "ERROR 22023 unterminated format() type specifier"},
	{"format", []types.Oid{tx}, []any{"%*1$s"}, "ERROR 22023 too few arguments for format()"},
	{"format", []types.Oid{tx}, []any{"%*1s"}, "ERROR 22023 width argument position must be ended by \"$\""},
	{"format", []types.Oid{tx}, []any{nil}, "<NULL>"},
	{"similar_to_escape", []types.Oid{tx, tx}, []any{"a%b_c", "#"}, "^(?:a.*b.c)$"},
	{"similar_to_escape", []types.Oid{tx, tx}, []any{"a#\"b#\"c", "#"}, "^(?:a){1,1}?(b){1,1}(?:c)$"},
	{"similar_to_escape", []types.Oid{tx, tx}, []any{"a#\"b#\"c#\"d", "#"}, "ERROR 2200C SQL regular expression may not contain more than two escape-double-quote separators"},
	{"similar_to_escape", []types.Oid{tx, tx}, []any{"[^]a]x", "#"}, "^(?:[^]a]x)$"},
	{"similar_to_escape", []types.Oid{tx, tx}, []any{"a\\b.c", ""}, "^(?:a\\\\b\\.c)$"},
	{"similar_to_escape", []types.Oid{tx, tx}, []any{"é#\"ö#\"", "é"}, "^(?:\\#\"ö#\")$"},
	{"similar_to_escape", []types.Oid{tx, tx}, []any{"x", "ab"}, "ERROR 22025 invalid escape string"},
	{"similar_to_escape", []types.Oid{tx, tx}, []any{"(a|b)", "#"}, "^(?:(?:a|b))$"},
	{"similar_to_escape", []types.Oid{tx}, []any{"a\\%b%"}, "^(?:a\\%b.*)$"},
	{"string_to_table", []types.Oid{tx, tx}, []any{"a,b,,c", ","}, "a|b||c"},
	{"string_to_table", []types.Oid{tx, tx}, []any{"", ","}, "<EMPTY>"},
	{"string_to_table", []types.Oid{tx, tx}, []any{"abc", ""}, "abc"},
	{"string_to_table", []types.Oid{tx, tx}, []any{"héllo", nil}, "h|é|l|l|o"},
	{"string_to_table", []types.Oid{tx, tx}, []any{nil, ","}, "<EMPTY>"},
	{"string_to_table", []types.Oid{tx, tx}, []any{"a--b", "--"}, "a|b"},
	{"string_to_table", []types.Oid{tx, tx, tx}, []any{"a,b,,c", ",", ""}, "a|b|<NULL>|c"},
	{"string_to_table", []types.Oid{tx, tx, tx}, []any{"a,b,c", ",", "b"}, "a|<NULL>|c"},
	{"string_to_table", []types.Oid{tx, tx, tx}, []any{"abc", nil, "b"}, "a|<NULL>|c"},
	{"string_to_table", []types.Oid{tx, tx, tx}, []any{"a,b", ",", nil}, "a|b"},
	{"regexp_split_to_table", []types.Oid{tx, tx}, []any{"the quick  brown", "\\s+"}, "the|quick|brown"},
	{"regexp_split_to_table", []types.Oid{tx, tx}, []any{"abc", ""}, "a|b|c"},
	{"regexp_split_to_table", []types.Oid{tx, tx}, []any{"a1b22c", "\\d*"}, "a|b|c"},
	{"regexp_split_to_table", []types.Oid{tx, tx}, []any{"", "x"}, ""},
	{"regexp_split_to_table", []types.Oid{tx, tx, tx}, []any{"aXbxc", "x", "i"}, "a|b|c"},
	{"regexp_split_to_table", []types.Oid{tx, tx, tx}, []any{"abc", "b", "g"}, "ERROR 22023 regexp_split_to_table() does not support the \"global\" option"},
	{"regexp_split_to_table", []types.Oid{tx, tx}, []any{"abc", "("}, "ERROR 2201B invalid regular expression: parentheses () not balanced"},
	{"regexp_replace", []types.Oid{tx, tx, tx}, []any{"abc", "b", "X"}, "aXc"},
	{"regexp_replace", []types.Oid{tx, tx, tx, tx}, []any{"abcb", "b", "X", "g"}, "aXcX"},
	{"regexp_replace", []types.Oid{tx, tx, tx, tx}, []any{"aBcB", "b", "X", "gi"}, "aXcX"},
	{"regexp_replace", []types.Oid{tx, tx, tx, tx}, []any{"baaac", "a*", "-", "g"}, "-b--c-"},
	{"regexp_replace", []types.Oid{tx, tx, tx, tx}, []any{"abc", "a|", "X", "g"}, "XXbXcX"},
	{"regexp_replace", []types.Oid{tx, tx, tx}, []any{"abcd", "a|ab", "X"}, "Xcd"},
	{"regexp_replace", []types.Oid{tx, tx, tx}, []any{"abc", "(b)(c)", "[\\2\\1\\&\\\\\\x\\0\\9]"}, "a[cbbc\\\\x\\0]"},
	{"regexp_replace", []types.Oid{tx, tx, tx}, []any{"abc", "b", "end\\"}, "aend\\c"},
	{"regexp_replace", []types.Oid{tx, tx, tx, tx}, []any{"foo bar", "(foo|bar)", "<\\1>", "g"}, "<foo> <bar>"},
	{"regexp_replace", []types.Oid{tx, tx, tx}, []any{"a\nb\nc", "^b$", "X"}, "a\nb\nc"},
	{"regexp_replace", []types.Oid{tx, tx, tx, tx}, []any{"a\nb\nc", "^b$", "X", "n"}, "a\nX\nc"},
	{"regexp_replace", []types.Oid{tx, tx, tx}, []any{"a\nb", "a.b", "X"}, "X"},
	{"regexp_replace", []types.Oid{tx, tx, tx, tx}, []any{"a\nb", "a.b", "X", "p"}, "a\nb"},
	{"regexp_replace", []types.Oid{tx, tx, tx, tx}, []any{"a\nb", "[^x]", "_", "gp"}, "_\n_"},
	{"regexp_replace", []types.Oid{tx, tx, tx, tx}, []any{"a\nb", "^", ">", "gw"}, ">a\n>b"},
	{"regexp_replace", []types.Oid{tx, tx, tx, tx}, []any{"one two", "\\y", "|", "g"}, "|one| |two|"},
	{"regexp_replace", []types.Oid{tx, tx, tx, tx}, []any{"one two", "\\Y", ".", "g"}, "o.n.e t.w.o"},
	{"regexp_replace", []types.Oid{tx, tx, tx, tx}, []any{"a1 b2", "\\d", "#", "g"}, "a# b#"},
	{"regexp_replace", []types.Oid{tx, tx, tx, tx}, []any{"a b\tc", "\\s", "_", "g"}, "a_b_c"},
	{"regexp_replace", []types.Oid{tx, tx, tx, tx}, []any{"é ÉCOLE", "é", "e", "gi"}, "e ÉCOLE"},
	{"regexp_replace", []types.Oid{tx, tx, tx, tx}, []any{"ABC", "[a-b]", "x", "gi"}, "xxC"},
	{"regexp_replace", []types.Oid{tx, tx, tx, tx}, []any{"x<a><b>y", "<.*?>", "", "g"}, "xy"},
	{"regexp_replace", []types.Oid{tx, tx, tx}, []any{"aaa", "a+?", "X"}, "Xaa"},
	{"regexp_replace", []types.Oid{tx, tx, tx, tx}, []any{"abc", "b*?", "X", "g"}, "XaXbXcX"},
	{"regexp_replace", []types.Oid{tx, tx, tx}, []any{"abc", "*a", "X"}, "ERROR 2201B invalid regular expression: quantifier operand invalid"},
	{"regexp_replace", []types.Oid{tx, tx, tx}, []any{"abc", "a**", "X"}, "ERROR 2201B invalid regular expression: quantifier operand invalid"},
	{"regexp_replace", []types.Oid{tx, tx, tx}, []any{"abc", "a{3,2}", "X"}, "ERROR 2201B invalid regular expression: invalid repetition count(s)"},
	{"regexp_replace", []types.Oid{tx, tx, tx}, []any{"abc", "a{256}", "X"}, "ERROR 2201B invalid regular expression: invalid repetition count(s)"},
	{"regexp_replace", []types.Oid{tx, tx, tx}, []any{"abc", "\\q", "X"}, "ERROR 2201B invalid regular expression: invalid escape \\ sequence"},
	{"regexp_replace", []types.Oid{tx, tx, tx}, []any{"abc", "[a", "X"}, "ERROR 2201B invalid regular expression: brackets [] not balanced"},
	{"regexp_replace", []types.Oid{tx, tx, tx}, []any{"abc", "(a", "X"}, "ERROR 2201B invalid regular expression: parentheses () not balanced"},
	{"regexp_replace", []types.Oid{tx, tx, tx}, []any{"abc", "a)", "X"}, "ERROR 2201B invalid regular expression: parentheses () not balanced"},
	{"regexp_replace", []types.Oid{tx, tx, tx}, []any{"abc", "[c-a]", "X"}, "ERROR 2201B invalid regular expression: invalid character range"},
	{"regexp_replace", []types.Oid{tx, tx, tx}, []any{"abc", "[[:foo:]]", "X"}, "ERROR 2201B invalid regular expression: invalid character class"},
	{"regexp_replace", []types.Oid{tx, tx, tx}, []any{"abc", "(?z)b", "X"}, "ERROR 2201B invalid regular expression: invalid embedded option"},
	{"regexp_replace", []types.Oid{tx, tx, tx}, []any{"abc", "a(?i)b", "X"}, "ERROR 2201B invalid regular expression: quantifier operand invalid"},
	{"regexp_replace", []types.Oid{tx, tx, tx}, []any{"abc", "\\1", "X"}, "ERROR 2201B invalid regular expression: invalid backreference number"},
	{"regexp_replace", []types.Oid{tx, tx, tx}, []any{"abc", "a\\", "X"}, "ERROR 2201B invalid regular expression: invalid escape \\ sequence"},
	{"regexp_replace", []types.Oid{tx, tx, tx, tx}, []any{"abc", "b", "X", "z"}, "ERROR 22023 invalid regular expression option: \"z\""},
	{"regexp_replace", []types.Oid{tx, tx, tx, tx}, []any{"abc", "b", "X", "1"}, "ERROR 22023 invalid regular expression option: \"1\""},
	{"regexp_replace", []types.Oid{tx, tx, tx}, []any{"a.c", "***=a.c", "X"}, "X"},
	{"regexp_replace", []types.Oid{tx, tx, tx}, []any{"abc", "***:a.c", "X"}, "X"},
	{"regexp_replace", []types.Oid{tx, tx, tx}, []any{"ab", "(?x) a # c\n b", "X"}, "X"},
	{"regexp_replace", []types.Oid{tx, tx, tx, tx}, []any{"a b", "a b", "X", "x"}, "a b"},
	{"regexp_replace", []types.Oid{tx, tx, tx}, []any{"a{b", "a{b", "X"}, "X"},
	{"regexp_replace", []types.Oid{tx, tx, tx}, []any{"aaa", "a{2}", "X"}, "Xa"},
	{"regexp_replace", []types.Oid{tx, tx, tx}, []any{"a]b", "[]]", "X"}, "aXb"},
	{"regexp_replace", []types.Oid{tx, tx, tx}, []any{"a-b", "[[.-.]]", "X"}, "aXb"},
	{"regexp_replace", []types.Oid{tx, tx, tx}, []any{"a=b", "[[=b=]]", "X"}, "a=X"},
	{"regexp_replace", []types.Oid{tx, tx, tx, tx}, []any{"a_b", "[[:word:]]", "X", "g"}, "XXX"},
	{"regexp_replace", []types.Oid{tx, tx, tx}, []any{"aAb", "\\x41", "X"}, "aXb"},
	{"regexp_replace", []types.Oid{tx, tx, tx}, []any{"aAb", "\\u0041", "X"}, "aXb"},
	{"regexp_replace", []types.Oid{tx, tx, tx}, []any{"a\u0001b", "\\cA", "X"}, "aXb"},
	{"regexp_replace", []types.Oid{tx, tx, tx}, []any{"a\bc", "\\10", "X"}, "aXc"},
	{"regexp_replace", []types.Oid{tx, tx, tx}, []any{"abc", "(a|ab)(bc|c)", "X"}, "X"},
	{"regexp_replace", []types.Oid{tx, tx, tx}, []any{"abab", "(ab)+", "[\\1]"}, "[ab]"},
	{"regexp_replace", []types.Oid{tx, tx, tx, tx}, []any{"abc", "a.c", "X", "q"}, "abc"},
	{"regexp_replace", []types.Oid{tx, tx, tx, tx}, []any{"a.c", "a.c", "X", "q"}, "X"},
	{"regexp_replace", []types.Oid{tx, tx, tx}, []any{"héllo wörld", "ö", "o"}, "héllo world"},
	{"regexp_replace", []types.Oid{tx, tx, tx, i4}, []any{"abcb", "b", "X", "2"}, "aXcb"},
	{"regexp_replace", []types.Oid{tx, tx, tx, i4}, []any{"abc", "b", "X", "0"}, "ERROR 22023 invalid value for parameter \"start\": 0"},
	{"regexp_replace", []types.Oid{tx, tx, tx, i4}, []any{"abc", "^a", "X", "2"}, "abc"},
	{"regexp_replace", []types.Oid{tx, tx, tx, i4}, []any{"xaxa", "\\ya", "X", "2"}, "xaxa"},
	{"regexp_replace", []types.Oid{tx, tx, tx, i4}, []any{"abcb", "b", "X", "9"}, "abcb"},
	{"regexp_replace", []types.Oid{tx, tx, tx, i4, i4}, []any{"abcbb", "b", "X", "1", "2"}, "abcXb"},
	{"regexp_replace", []types.Oid{tx, tx, tx, i4, i4}, []any{"abcb", "b", "X", "1", "0"}, "aXcX"},
	{"regexp_replace", []types.Oid{tx, tx, tx, i4, i4}, []any{"abc", "b", "X", "1", "-1"}, "ERROR 22023 invalid value for parameter \"n\": -1"},
	{"regexp_replace", []types.Oid{tx, tx, tx, i4, i4}, []any{"abc", "a|", "X", "2", "0"}, "aXbXcX"},
	{"regexp_replace", []types.Oid{tx, tx, tx, i4, i4}, []any{"abcb", "b", "X", "3", "1"}, "abcX"},
	{"regexp_replace", []types.Oid{tx, tx, tx, i4, i4, tx}, []any{"aBcB", "b", "X", "1", "0", "i"}, "aXcX"},
	{"regexp_replace", []types.Oid{tx, tx, tx, i4, i4, tx}, []any{"aBcB", "b", "X", "1", "2", "gi"}, "aBcX"},
	{"regexp_like", []types.Oid{tx, tx}, []any{"ABC", "b"}, "false"},
	{"regexp_like", []types.Oid{tx, tx, tx}, []any{"ABC", "b", "i"}, "true"},
	{"regexp_like", []types.Oid{tx, tx, tx}, []any{"ABC", "b", "g"}, "ERROR 22023 regexp_like() does not support the \"global\" option"},
	{"regexp_like", []types.Oid{tx, tx, tx}, []any{"a\nb", "a$", "n"}, "true"},
	{"regexp_count", []types.Oid{tx, tx}, []any{"abcabc", "b"}, "2"},
	{"regexp_count", []types.Oid{tx, tx, i4}, []any{"abcabc", "x*", "7"}, "1"},
	{"regexp_count", []types.Oid{tx, tx, i4}, []any{"abcabc", "x*", "8"}, "0"},
	{"regexp_count", []types.Oid{tx, tx, i4, tx}, []any{"abcabc", "B", "3", "i"}, "1"},
	{"regexp_count", []types.Oid{tx, tx, i4}, []any{"abc", "b", "0"}, "ERROR 22023 invalid value for parameter \"start\": 0"},
	{"regexp_count", []types.Oid{tx, tx, i4, tx}, []any{"abc", "b", "1", "g"}, "ERROR 22023 regexp_count() does not support the \"global\" option"},
	{"regexp_count", []types.Oid{tx, tx, i4, tx}, []any{"ababa", "aba", "1", ""}, "1"},
	{"regexp_count", []types.Oid{tx, tx, i4, tx}, []any{"héllo", "l", "3", ""}, "2"},
	{"regexp_instr", []types.Oid{tx, tx}, []any{"abcabc", "b"}, "2"},
	{"regexp_instr", []types.Oid{tx, tx, i4, i4}, []any{"abcabc", "b", "1", "2"}, "5"},
	{"regexp_instr", []types.Oid{tx, tx, i4, i4, i4}, []any{"abcabc", "b", "1", "2", "1"}, "6"},
	{"regexp_instr", []types.Oid{tx, tx, i4, i4, i4, tx, i4}, []any{"abcabc", "b", "1", "1", "0", "", "1"}, "2"},
	{"regexp_instr", []types.Oid{tx, tx, i4, i4, i4, tx, i4}, []any{"abcabc", "(b)(c)", "1", "1", "0", "", "2"}, "3"},
	{"regexp_instr", []types.Oid{tx, tx, i4, i4, i4, tx, i4}, []any{"abcabc", "(b)(c)", "1", "1", "0", "", "3"}, "0"},
	{"regexp_instr", []types.Oid{tx, tx, i4, i4, i4, tx, i4}, []any{"abcabc", "(b)(c)", "1", "2", "1", "i", "2"}, "7"},
	{"regexp_instr", []types.Oid{tx, tx, i4, i4, i4}, []any{"héllo", "l+", "1", "1", "1"}, "5"},
	{"regexp_instr", []types.Oid{tx, tx, i4, i4}, []any{"abc", "b", "1", "0"}, "ERROR 22023 invalid value for parameter \"n\": 0"},
	{"regexp_instr", []types.Oid{tx, tx, i4, i4, i4}, []any{"abc", "b", "1", "1", "2"}, "ERROR 22023 invalid value for parameter \"endoption\": 2"},
	{"regexp_instr", []types.Oid{tx, tx, i4, i4, i4, tx, i4}, []any{"abc", "b", "1", "1", "0", "", "-1"}, "ERROR 22023 invalid value for parameter \"subexpr\": -1"},
	{"regexp_instr", []types.Oid{tx, tx, i4, i4, i4, tx}, []any{"abc", "b", "1", "1", "0", "g"}, "ERROR 22023 regexp_instr() does not support the \"global\" option"},
	{"regexp_instr", []types.Oid{tx, tx, i4, i4, i4, tx, i4}, []any{"abc", "(x)?b", "1", "1", "0", "", "1"}, "0"},
	{"regexp_instr", []types.Oid{tx, tx, i4}, []any{"abc", "b", "5"}, "0"},
	{"regexp_substr", []types.Oid{tx, tx}, []any{"abcabc", "b."}, "bc"},
	{"regexp_substr", []types.Oid{tx, tx, i4}, []any{"abcabc", "b.", "3"}, "bc"},
	{"regexp_substr", []types.Oid{tx, tx, i4, i4}, []any{"abcabc", "b.", "1", "2"}, "bc"},
	{"regexp_substr", []types.Oid{tx, tx, i4, i4, tx, i4}, []any{"abcabc", "B(.)", "1", "1", "i", "1"}, "c"},
	{"regexp_substr", []types.Oid{tx, tx, i4, i4, tx, i4}, []any{"abcabc", "(x)?b", "1", "1", "", "1"}, "<NULL>"},
	{"regexp_substr", []types.Oid{tx, tx}, []any{"abc", "x"}, "<NULL>"},
	{"regexp_substr", []types.Oid{tx, tx, i4, i4, tx}, []any{"abc", "b", "1", "1", "g"}, "ERROR 22023 regexp_substr() does not support the \"global\" option"},
	{"regexp_substr", []types.Oid{tx, tx, i4, i4, tx, i4}, []any{"héllo", "é.", "1", "1", "", "0"}, "él"},
	{"regexp_substr", []types.Oid{tx, tx, i4, i4, tx, i4}, []any{"abc", "(b)", "1", "1", "", "2"}, "<NULL>"},
	{"substring", []types.Oid{tx, tx}, []any{"abc", "b(c)?"}, "c"},
	{"substring", []types.Oid{tx, tx}, []any{"abd", "b(c)?"}, "<NULL>"},
	{"substring", []types.Oid{tx, tx}, []any{"abc", "x"}, "<NULL>"},
	{"substring", []types.Oid{tx, tx}, []any{"abc", ".c"}, "bc"},
	{"substring", []types.Oid{tx, tx}, []any{"héllo", "é(.)l"}, "l"},
}

// refusedCases: PostgreSQL's result in each comment.
var refusedCases = []funcCase{
	{"regexp_replace", []types.Oid{tx, tx, tx}, []any{"aXbXb", "a.*?b.*", "X"}, ""},              // PG: "XXb"
	{"regexp_replace", []types.Oid{tx, tx, tx}, []any{"abc", "(a)\\1", "X"}, ""},                 // PG: "abc"
	{"regexp_replace", []types.Oid{tx, tx, tx}, []any{"abc", "(?=b)", "X"}, ""},                  // PG: "aXbc"
	{"regexp_replace", []types.Oid{tx, tx, tx}, []any{"abc", "\\m", "X"}, ""},                    // PG: "Xabc"
	{"regexp_replace", []types.Oid{tx, tx, tx}, []any{"abc", "(a|ab)(c|bcd)", "[\\1][\\2]"}, ""}, // PG: "[ab][c]"
	{"regexp_replace", []types.Oid{tx, tx, tx}, []any{"abcabc", "(a*)+", "[\\1]"}, ""},           // PG: "[]bcabc"
	{"regexp_replace", []types.Oid{tx, tx, tx, tx}, []any{"abc", "b", "X", "e"}, ""},             // PG: "aXc"
	{"regexp_replace", []types.Oid{tx, tx, tx}, []any{"abc", "[[.hyphen.]]", "X"}, ""},           // PG: "abc"
	{"regexp_like", []types.Oid{tx, tx}, []any{"abc", "(?=b)"}, ""},                              // PG: "true"
	{"substring", []types.Oid{tx, tx}, []any{"abc", "(a|ab)(c|bcd)"}, ""},                        // PG: "ab"
}
