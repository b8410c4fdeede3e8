// This file holds the tests of arrays: text input and output, binary
// send and receive, ordering, subscripts and the array functions. Every
// expected value and error was produced by PostgreSQL 15.

package types

import (
	"encoding/hex"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/loomdb/loomdb/internal/pgerror"
)

func int4In(s string) (Datum, error) {
	v, err := InInt(Int4Oid, s)
	if err != nil {
		return nil, err
	}
	return v, nil
}

func int4Out(buf []byte, d Datum) []byte { return strconv.AppendInt(buf, d.(int64), 10) }

func int4Send(buf []byte, d Datum) []byte {
	return append(buf, byte(d.(int64)>>24), byte(d.(int64)>>16), byte(d.(int64)>>8), byte(d.(int64)))
}

func int4Recv(b []byte) (Datum, error) { return Recv(TInt4, b) }

func textIn(s string) (Datum, error) { return s, nil }

func textOut(buf []byte, d Datum) []byte { return append(buf, d.(string)...) }

func int4Cmp(x, y Datum) int { return Compare(TInt4, x, y) }

func int4Eq(x, y Datum) bool { return x.(int64) == y.(int64) }

// ia parses an int4[] literal known to be valid.
func ia(s string) Array {
	a, err := ArrayIn(s, TInt4, int4In)
	if err != nil {
		panic(s + ": " + err.Error())
	}
	return a
}

// ta parses a text[] literal known to be valid.
func ta(s string) Array {
	a, err := ArrayIn(s, TText, textIn)
	if err != nil {
		panic(s + ": " + err.Error())
	}
	return a
}

func showArray(a Array) string {
	if a.Elem.Oid == TextOid {
		return string(AppendArrayOut(nil, a, textOut))
	}
	return string(AppendArrayOut(nil, a, int4Out))
}

// showResult renders a result as psql shows it cast to text, NULL as
// <NULL>, and an error as "ERROR code: message DETAIL: detail".
func showResult(v any, err error) string {
	if err != nil {
		pe := pgerror.Convert(err)
		s := "ERROR " + pe.Code + ": " + pe.Message
		if pe.Detail != "" {
			s += " DETAIL: " + pe.Detail
		}
		return s
	}
	switch x := v.(type) {
	case nil:
		return "<NULL>"
	case Array:
		return showArray(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case int32:
		return strconv.FormatInt(int64(x), 10)
	case int:
		return strconv.Itoa(x)
	case bool:
		return strconv.FormatBool(x)
	case string:
		return x
	}
	return "?"
}

func TestArrayInOut(t *testing.T) {
	cases := []struct{ typ, in, want string }{
		{"int4", `{1,2,3}`, "{1,2,3}"},
		{"int4", `  { 1 , 2 ,3 }  `, "{1,2,3}"},
		{"int4", `{}`, "{}"},
		{"int4", ` { } `, "{}"},
		{"int4", `{{1,2},{3,4}}`, "{{1,2},{3,4}}"},
		{"int4", `{ {1} , {2} }`, "{{1},{2}}"},
		{"int4", `{{{1,2}},{{3,4}}}`, "{{{1,2}},{{3,4}}}"},
		{"int4", `{{{{{{1}}}}}}`, "{{{{{{1}}}}}}"},
		{"int4", `{{{{{{{1}}}}}}}`, "ERROR 54000: number of array dimensions (7) exceeds the maximum allowed (6)"},
		{"int4", `{1,NULL,null,NuLl}`, "{1,NULL,NULL,NULL}"},
		{"int4", `{1,"2", 3 }`, "{1,2,3}"},
		{"int4", `{"NULL"}`, `ERROR 22P02: invalid input syntax for type integer: "NULL"`},
		{"int4", `{a}`, `ERROR 22P02: invalid input syntax for type integer: "a"`},
		{"int4", `{2147483648}`, `ERROR 22003: value "2147483648" is out of range for type integer`},
		{"int4", `{1,2`, `ERROR 22P02: malformed array literal: "{1,2" DETAIL: Unexpected end of input.`},
		{"int4", `{1,2}}`, `ERROR 22P02: malformed array literal: "{1,2}}" DETAIL: Junk after closing right brace.`},
		{"int4", `{1}x`, `ERROR 22P02: malformed array literal: "{1}x" DETAIL: Junk after closing right brace.`},
		{"int4", `{1} `, "{1}"},
		{"int4", `{{1},{2,3}}`, `ERROR 22P02: malformed array literal: "{{1},{2,3}}" DETAIL: Multidimensional arrays must have sub-arrays with matching dimensions.`},
		{"int4", `{{1,2},{3}}`, `ERROR 22P02: malformed array literal: "{{1,2},{3}}" DETAIL: Multidimensional arrays must have sub-arrays with matching dimensions.`},
		{"int4", `{{1},{{2}}}`, "{{{1}},{{2}}}"},
		{"int4", `{{{1}},{2}}`, "{}"},
		{"int4", `{{}}`, `ERROR 22P02: malformed array literal: "{{}}" DETAIL: Unexpected "}" character.`},
		{"int4", `{{},{}}`, `ERROR 22P02: malformed array literal: "{{},{}}" DETAIL: Unexpected "}" character.`},
		{"int4", `{{1}x}`, `ERROR 22P02: malformed array literal: "{{1}x}" DETAIL: Unexpected array element.`},
		{"int4", `{1,{2}}`, `ERROR 22P02: malformed array literal: "{1,{2}}" DETAIL: Unexpected "{" character.`},
		{"int4", `{{1},2}`, `ERROR 22P02: malformed array literal: "{{1},2}" DETAIL: Unexpected array element.`},
		{"int4", `{1,,2}`, `ERROR 22P02: malformed array literal: "{1,,2}" DETAIL: Unexpected "," character.`},
		{"int4", `{,1}`, `ERROR 22P02: malformed array literal: "{,1}" DETAIL: Unexpected "," character.`},
		{"int4", `{1,}`, `ERROR 22P02: malformed array literal: "{1,}" DETAIL: Unexpected "}" character.`},
		{"int4", `}`, `ERROR 22P02: malformed array literal: "}" DETAIL: Array value must start with "{" or dimension information.`},
		{"int4", `1`, `ERROR 22P02: malformed array literal: "1" DETAIL: Array value must start with "{" or dimension information.`},
		{"int4", ``, `ERROR 22P02: malformed array literal: "" DETAIL: Array value must start with "{" or dimension information.`},
		{"int4", `  {1`, `ERROR 22P02: malformed array literal: "{1" DETAIL: Unexpected end of input.`},
		{"int4", `[1:3]={1,2,3}`, "{1,2,3}"},
		{"int4", `[0:2]={1,2,3}`, "[0:2]={1,2,3}"},
		{"int4", `[-2:-1]={1,2}`, "[-2:-1]={1,2}"},
		{"int4", `[3]={1,2,3}`, "{1,2,3}"},
		{"int4", ` [1:2] = {1,2}`, "{1,2}"},
		{"int4", `[+1:+2]={1,2}`, "{1,2}"},
		{"int4", `[1-:2]={1,2}`, "{1,2}"},
		{"int4", `[0:1][2:3]={{1,2},{3,4}}`, "[0:1][2:3]={{1,2},{3,4}}"},
		{"int4", `[1:2][1:3]={1,2,3,4,5,6}`, `ERROR 22P02: malformed array literal: "[1:2][1:3]={1,2,3,4,5,6}" DETAIL: Specified array dimensions do not match array contents.`},
		{"int4", `[1:2]={1}`, `ERROR 22P02: malformed array literal: "[1:2]={1}" DETAIL: Specified array dimensions do not match array contents.`},
		{"int4", `[1:2]={{1},{2}}`, `ERROR 22P02: malformed array literal: "[1:2]={{1},{2}}" DETAIL: Specified array dimensions do not match array contents.`},
		{"int4", `[1:1]={}`, `ERROR 22P02: malformed array literal: "[1:1]={}" DETAIL: Specified array dimensions do not match array contents.`},
		{"int4", `[1:2]={1`, `ERROR 22P02: malformed array literal: "{1" DETAIL: Unexpected end of input.`},
		{"int4", `[1:2]{1,2}`, `ERROR 22P02: malformed array literal: "[1:2]{1,2}" DETAIL: Missing "=" after array dimensions.`},
		{"int4", `[1:2]=x`, `ERROR 22P02: malformed array literal: "[1:2]=x" DETAIL: Array contents must start with "{".`},
		{"int4", `[1:2`, `ERROR 22P02: malformed array literal: "[1:2" DETAIL: Missing "]" after array dimensions.`},
		{"int4", `[]={1}`, `ERROR 22P02: malformed array literal: "[]={1}" DETAIL: "[" must introduce explicitly-specified array dimensions.`},
		{"int4", `[a]={1}`, `ERROR 22P02: malformed array literal: "[a]={1}" DETAIL: "[" must introduce explicitly-specified array dimensions.`},
		{"int4", `[1:]={1}`, `ERROR 22P02: malformed array literal: "[1:]={1}" DETAIL: Missing array dimension value.`},
		{"int4", `[2:1]={}`, "ERROR 2202E: upper bound cannot be less than lower bound"},
		{"int4", `[1][1][1][1][1][1][1]={1}`, "ERROR 54000: number of array dimensions (7) exceeds the maximum allowed (6)"},
		{"int4", `[2147483647:2147483647]={1}`, "ERROR 54000: array lower bound is too large: 2147483647"},
		{"int4", `[99999999999:99999999999]={1}`, "[1215752191:1215752191]={1}"},
		{"text", `{a,b c, d ,"e f"}`, `{a,"b c",d,"e f"}`},
		{"text", `{"a\"b","c\\d",e\,f,\{}`, `{"a\"b","c\\d","e,f","{"}`},
		{"text", `{"",""}`, `{"",""}`},
		{"text", `{NULL,"NULL",\NULL,NULLx,"null"}`, `{NULL,"NULL","NULL",NULLx,"null"}`},
		{"text", `{  NULL  , " x " }`, `{NULL," x "}`},
		{"text", `{a b  c  , d\ }`, `{"a b  c","d "}`},
		{"text", `{"{,}",=,[]}`, `{"{,}",=,[]}`},
		{"text", `{"a"b}`, `ERROR 22P02: malformed array literal: "{"a"b}" DETAIL: Unexpected array element.`},
		{"text", `{a"b"}`, `ERROR 22P02: malformed array literal: "{a"b"}" DETAIL: Unexpected array element.`},
		{"text", `{a\`, `ERROR 22P02: malformed array literal: "{a\" DETAIL: Unexpected end of input.`},
		{"text", `{"a`, `ERROR 22P02: malformed array literal: "{"a" DETAIL: Unexpected end of input.`},
		{"text", `{\"a\"}`, `{"\"a\""}`},
		{"text", `{"a",}`, `ERROR 22P02: malformed array literal: "{"a",}" DETAIL: Unexpected "}" character.`},
		{"text", `{{"a","b"},{"c",NULL}}`, "{{a,b},{c,NULL}}"},
		{"text", `{{"}"}}`, `{{"}"}}`},
		{"text", `{ab\ }`, `{"ab "}`},
		{"text", `{é,"ü ö"}`, `{é,"ü ö"}`},
	}
	for _, c := range cases {
		var a Array
		var err error
		if c.typ == "text" {
			a, err = ArrayIn(c.in, TText, textIn)
		} else {
			a, err = ArrayIn(c.in, TInt4, int4In)
		}
		got := showResult(a, err)
		if got != c.want {
			t.Errorf("%q::%s[]: got %q, want %q", c.in, c.typ, got, c.want)
		}
	}
}

// omit stands for an omitted slice bound in subs.
const omit = "omit"

// subs builds subscript Datums: ints become int64, nil stays NULL and omit
// becomes OmittedBound.
func subs(vs ...any) []Datum {
	out := make([]Datum, len(vs))
	for i, v := range vs {
		switch x := v.(type) {
		case int:
			out[i] = int64(x)
		case string:
			out[i] = OmittedBound
		}
	}
	return out
}

// fetchSlice returns ArrayFetchSlice's result as a showResult value.
func fetchSlice(a Array, lower, upper []Datum) (any, error) {
	a, ok := ArrayFetchSlice(a, lower, upper)
	if !ok {
		return nil, nil
	}
	return a, nil
}

func optString(s string, ok bool) any {
	if !ok {
		return nil
	}
	return s
}

// cmpEq compares a result with {{1,2},{3,4}} as the = operator would.
func cmpEq(a Array, err error) (any, error) {
	if err != nil {
		return nil, err
	}
	return CompareArrays(a, ia("{{1,2},{3,4}}"), int4Cmp) == 0, nil
}

// sendHex returns array_send's bytes as bytea prints them.
func sendHex(a Array) string {
	if a.Elem.Oid == TextOid {
		return `\x` + hex.EncodeToString(AppendArraySend(nil, a, TextOid, textOut))
	}
	return `\x` + hex.EncodeToString(AppendArraySend(nil, a, Int4Oid, int4Send))
}

// sortedArrays sorts array literals (int4[] unless they contain letters or
// quotes, then text[]) with CompareArrays and joins their output.
func sortedArrays(lits ...string) string {
	arrs := make([]Array, len(lits))
	for i, l := range lits {
		if strings.ContainsAny(l, `ab"`) {
			arrs[i] = ta(l)
		} else {
			arrs[i] = ia(l)
		}
	}
	cmp := func(x, y Datum) int {
		if s, ok := x.(string); ok {
			return strings.Compare(s, y.(string))
		}
		return int4Cmp(x, y)
	}
	sort.SliceStable(arrs, func(i, j int) bool { return CompareArrays(arrs[i], arrs[j], cmp) < 0 })
	out := make([]string, len(arrs))
	for i, a := range arrs {
		out[i] = showArray(a)
	}
	return strings.Join(out, " ")
}

// sendOf returns a result's array_send bytes as bytea prints them.
func sendOf(v any, err error) (any, error) {
	if err != nil {
		return nil, err
	}
	return sendHex(v.(Array)), nil
}

// mustSlice returns a[lo:hi] of a one-dimensional array.
func mustSlice(a Array, lo, hi int) Array {
	r, _ := ArrayFetchSlice(a, subs(lo), subs(hi))
	return r
}

// sliceOf returns the [3:3] slice of a result.
func sliceOf(a Array, err error) (any, error) {
	if err != nil {
		return nil, err
	}
	return mustSlice(a, 3, 3), nil
}

func opt(v int32, ok bool) any {
	if !ok {
		return nil
	}
	return v
}

func TestArrayFunctions(t *testing.T) {
	cases := []struct {
		sql  string
		run  func() (any, error)
		want string
	}{
		{`select ARRAY['', 'NULL', 'nUlL', 'NULLS', E'a\013b', E'a\fb', E'a\rb', E'a\nb', E'a\tb', E'x\\y', '"', '{', '}', ',', ';', 'a=b', '[1]', ' ', 'é', NULL]`, func() (any, error) {
			return ArrayFromElems(TText, []Datum{"", "NULL", "nUlL", "NULLS", "a\vb", "a\fb", "a\rb", "a\nb", "a\tb", `x\y`, `"`, "{", "}", ",", ";", "a=b", "[1]", " ", "é", nil}), nil
		}, "{\"\",\"NULL\",\"nUlL\",NULLS,\"a\vb\",\"a\fb\",\"a\rb\",\"a\nb\",\"a\tb\",\"x\\\\y\",\"\\\"\",\"{\",\"}\",\",\",;,a=b,[1],\" \",é,NULL}"},
		{`select '[0:1][-1:0]={{1,2},{3,4}}'::int[]`, func() (any, error) {
			return NewArray(TInt4, []int32{2, 2}, []int32{0, -1}, []Datum{int64(1), int64(2), int64(3), int64(4)})
		}, "[0:1][-1:0]={{1,2},{3,4}}"},
		{`select '[1:1][1:2][1:1]={{{1},{NULL}}}'::int[]`, func() (any, error) {
			return NewArray(TInt4, []int32{1, 2, 1}, []int32{1, 1, 1}, []Datum{int64(1), nil})
		}, "{{{1},{NULL}}}"},
		{`updsend '{1,NULL}' | a[2]=5`, func() (any, error) { return sendOf(ArrayAssign(ia("{1,NULL}"), subs(2), int64(5))) }, `\x000000010000000100000017000000020000000100000004000000010000000400000005`},
		{`updsend '{1,2}' | a[4]=5`, func() (any, error) { return sendOf(ArrayAssign(ia("{1,2}"), subs(4), int64(5))) }, `\x000000010000000100000017000000040000000100000004000000010000000400000002ffffffff0000000400000005`},
		{`updsend '{1,2}' | a[3]=5`, func() (any, error) { return sendOf(ArrayAssign(ia("{1,2}"), subs(3), int64(5))) }, `\x0000000100000000000000170000000300000001000000040000000100000004000000020000000400000005`},
		{`updsend '{{1,NULL}}' | a[1][2]=5`, func() (any, error) { return sendOf(ArrayAssign(ia("{{1,NULL}}"), subs(1, 2), int64(5))) }, `\x0000000200000001000000170000000100000001000000020000000100000004000000010000000400000005`},
		{`updsend '{1,2}' | a[1:1]='{5,NULL}'`, func() (any, error) { return sendOf(ArrayAssignSlice(ia("{1,2}"), subs(1), subs(1), ia("{5,NULL}"))) }, `\x000000010000000100000017000000020000000100000004000000050000000400000002`},
		{`updsend '{}' | a[1:1]='{5,NULL}'`, func() (any, error) { return sendOf(ArrayAssignSlice(ia("{}"), subs(1), subs(1), ia("{5,NULL}"))) }, `\x00000001000000000000001700000001000000010000000400000005`},
		{`updsend '{NULL,2}' | a[1:1]='{5}'`, func() (any, error) { return sendOf(ArrayAssignSlice(ia("{NULL,2}"), subs(1), subs(1), ia("{5}"))) }, `\x000000010000000100000017000000020000000100000004000000050000000400000002`},
		{`select array_send(('{1,NULL,3}'::int[])[1:1])`, func() (any, error) { return sendOf(fetchSlice(ia("{1,NULL,3}"), subs(1), subs(1))) }, `\x00000001000000010000001700000001000000010000000400000001`},
		{`select array_send(trim_array('{1,NULL}'::int[], 1))`, func() (any, error) { return sendOf(TrimArray(ia("{1,NULL}"), 1)) }, `\x00000001000000010000001700000001000000010000000400000001`},
		{`select array_send((array_cat('{1,NULL}'::int[], '{2}'))[3:3])`, func() (any, error) { return sendOf(sliceOf(ArrayCat(ia("{1,NULL}"), ia("{2}")))) }, `\x00000001000000010000001700000001000000010000000400000002`},
		{`select array_send(ARRAY[('{1,NULL}'::int[])[1:1], '{2}'])`, func() (any, error) {
			return sendOf(ArrayFromSubArrays(TInt4, []Datum{mustSlice(ia("{1,NULL}"), 1, 1), ia("{2}")}))
		}, `\x0000000200000001000000170000000200000001000000010000000100000004000000010000000400000002`},
		{`select array_send(array_replace(('{1,NULL}'::int[])[1:1], 1, 2))`, func() (any, error) {
			return sendOf(ArrayReplace(mustSlice(ia("{1,NULL}"), 1, 1), int64(1), int64(2), int4Eq), nil)
		}, `\x00000001000000000000001700000001000000010000000400000002`},
		{`select array_send(array_replace(('{1,NULL}'::int[])[1:1], 3, 2))`, func() (any, error) {
			return sendOf(ArrayReplace(mustSlice(ia("{1,NULL}"), 1, 1), int64(3), int64(2), int4Eq), nil)
		}, `\x00000001000000010000001700000001000000010000000400000001`},
		{`select array_send(array_append(('{1,NULL}'::int[])[1:1], 2))`, func() (any, error) { return sendOf(ArrayAppend(mustSlice(ia("{1,NULL}"), 1, 1), int64(2))) }, `\x000000010000000100000017000000020000000100000004000000010000000400000002`},
		{`select btarraycmp('{1,NULL}'::int[], '{1,2}')`, func() (any, error) { return CompareArrays(ia("{1,NULL}"), ia("{1,2}"), int4Cmp), nil }, "1"},
		{`select btarraycmp('{1,2}'::int[], '{1,NULL}')`, func() (any, error) { return CompareArrays(ia("{1,2}"), ia("{1,NULL}"), int4Cmp), nil }, "-1"},
		{`select btarraycmp('{1,5}'::int[], '{1,2,3}')`, func() (any, error) { return CompareArrays(ia("{1,5}"), ia("{1,2,3}"), int4Cmp), nil }, "1"},
		{`select btarraycmp('{{1,2},{3,4}}'::int[], '{{1,2,3,4}}')`, func() (any, error) { return CompareArrays(ia("{{1,2},{3,4}}"), ia("{{1,2,3,4}}"), int4Cmp), nil }, "1"},
		{`select btarraycmp('[0:1]={1,2}'::int[], '{1,2}')`, func() (any, error) { return CompareArrays(ia("[0:1]={1,2}"), ia("{1,2}"), int4Cmp), nil }, "-1"},
		{`select btarraycmp('{NULL}'::int[], '{NULL}')`, func() (any, error) { return CompareArrays(ia("{NULL}"), ia("{NULL}"), int4Cmp), nil }, "0"},
		{`select array_send('{1,NULL,3}'::int[])`, func() (any, error) { return sendHex(ia("{1,NULL,3}")), nil }, `\x00000001000000010000001700000003000000010000000400000001ffffffff0000000400000003`},
		{`select array_send('{}'::int[])`, func() (any, error) { return sendHex(ia("{}")), nil }, `\x000000000000000000000017`},
		{`select array_send('[0:1][2:2]={{1},{2}}'::int[])`, func() (any, error) { return sendHex(ia("[0:1][2:2]={{1},{2}}")), nil }, `\x0000000200000000000000170000000200000000000000010000000200000004000000010000000400000002`},
		{`select array_send('{a,"",NULL}'::text[])`, func() (any, error) { return sendHex(ta(`{a,"",NULL}`)), nil }, `\x0000000100000001000000190000000300000001000000016100000000ffffffff`},
		{`select string_agg(v::text, ' ' order by v) from (values ('{1,2}'::int[]), ('{1,2,3}'), ('{1,NULL}'), ('{NULL}'), ('{}'), ('{{1,2}}'), ('[0:1]={1,2}'), ('{2}'), ('{1}'), ('{{1},{2}}'), ('{NULL,NULL}'), ('{0,5}'), ('[2:3]={1,2}'), ('{{1,2},{3,4}}'), ('{{1,2,3,4}}'), ('[0:0][1:2]={{1,2}}')) t(v)`, func() (any, error) {
			return sortedArrays("{1,2}", "{1,2,3}", "{1,NULL}", "{NULL}", "{}", "{{1,2}}", "[0:1]={1,2}", "{2}", "{1}", "{{1},{2}}", "{NULL,NULL}", "{0,5}", "[2:3]={1,2}", "{{1,2},{3,4}}", "{{1,2,3,4}}", "[0:0][1:2]={{1,2}}"), nil
		}, "{} {0,5} {1} [0:1]={1,2} {1,2} [2:3]={1,2} [0:0][1:2]={{1,2}} {{1,2}} {{1},{2}} {1,2,3} {{1,2,3,4}} {{1,2},{3,4}} {1,NULL} {2} {NULL} {NULL,NULL}"},
		{`select string_agg(v::text, ' ' order by v) from (values ('{b,a}'::text[]), ('{a}'), ('{a,NULL}'), ('{"a b"}'), ('{""}'), ('{}'), ('{a,b}')) t(v)`, func() (any, error) {
			return sortedArrays(`{b,a}`, `{a}`, `{a,NULL}`, `{"a b"}`, `{""}`, `{}`, `{a,b}`), nil
		}, `{} {""} {a} {a,b} {a,NULL} {"a b"} {b,a}`},
		{`select ('{1,2,3}'::int[])[2]`, func() (any, error) { return ArrayFetch(ia("{1,2,3}"), subs(2)), nil }, "2"},
		{`select ('{1,2,3}'::int[])[0]`, func() (any, error) { return ArrayFetch(ia("{1,2,3}"), subs(0)), nil }, "<NULL>"},
		{`select ('{1,2,3}'::int[])[4]`, func() (any, error) { return ArrayFetch(ia("{1,2,3}"), subs(4)), nil }, "<NULL>"},
		{`select ('{1,2,3}'::int[])[NULL]`, func() (any, error) { return ArrayFetch(ia("{1,2,3}"), subs(nil)), nil }, "<NULL>"},
		{`select ('[0:2]={1,2,3}'::int[])[0]`, func() (any, error) { return ArrayFetch(ia("[0:2]={1,2,3}"), subs(0)), nil }, "1"},
		{`select ('{1,NULL,3}'::int[])[2]`, func() (any, error) { return ArrayFetch(ia("{1,NULL,3}"), subs(2)), nil }, "<NULL>"},
		{`select ('{{1,2},{3,4}}'::int[])[2][1]`, func() (any, error) { return ArrayFetch(ia("{{1,2},{3,4}}"), subs(2, 1)), nil }, "3"},
		{`select ('{{1,2},{3,4}}'::int[])[2]`, func() (any, error) { return ArrayFetch(ia("{{1,2},{3,4}}"), subs(2)), nil }, "<NULL>"},
		{`select ('{{1,2},{3,4}}'::int[])[1][3]`, func() (any, error) { return ArrayFetch(ia("{{1,2},{3,4}}"), subs(1, 3)), nil }, "<NULL>"},
		{`select ('{}'::int[])[1]`, func() (any, error) { return ArrayFetch(ia("{}"), subs(1)), nil }, "<NULL>"},
		{`select ('{1,2,3,4,5}'::int[])[2:3]`, func() (any, error) { return fetchSlice(ia("{1,2,3,4,5}"), subs(2), subs(3)) }, "{2,3}"},
		{`select ('{1,2,3,4,5}'::int[])[:2]`, func() (any, error) { return fetchSlice(ia("{1,2,3,4,5}"), subs(omit), subs(2)) }, "{1,2}"},
		{`select ('{1,2,3,4,5}'::int[])[4:]`, func() (any, error) { return fetchSlice(ia("{1,2,3,4,5}"), subs(4), subs(omit)) }, "{4,5}"},
		{`select ('{1,2,3,4,5}'::int[])[:]`, func() (any, error) { return fetchSlice(ia("{1,2,3,4,5}"), subs(omit), subs(omit)) }, "{1,2,3,4,5}"},
		{`select ('{1,2,3,4,5}'::int[])[-3:2]`, func() (any, error) { return fetchSlice(ia("{1,2,3,4,5}"), subs(-3), subs(2)) }, "{1,2}"},
		{`select ('{1,2,3,4,5}'::int[])[6:9]`, func() (any, error) { return fetchSlice(ia("{1,2,3,4,5}"), subs(6), subs(9)) }, "{}"},
		{`select ('{1,2,3,4,5}'::int[])[3:2]`, func() (any, error) { return fetchSlice(ia("{1,2,3,4,5}"), subs(3), subs(2)) }, "{}"},
		{`select ('{1,2,3,4,5}'::int[])[2:NULL]`, func() (any, error) { return fetchSlice(ia("{1,2,3,4,5}"), subs(2), subs(nil)) }, "<NULL>"},
		{`select ('[0:4]={1,2,3,4,5}'::int[])[1:2]`, func() (any, error) { return fetchSlice(ia("[0:4]={1,2,3,4,5}"), subs(1), subs(2)) }, "{2,3}"},
		{`select ('{{1,2,3},{4,5,6}}'::int[])[2:2]`, func() (any, error) { return fetchSlice(ia("{{1,2,3},{4,5,6}}"), subs(2), subs(2)) }, "{{4,5,6}}"},
		{`select ('{{1,2,3},{4,5,6}}'::int[])[1:2][2:3]`, func() (any, error) { return fetchSlice(ia("{{1,2,3},{4,5,6}}"), subs(1, 2), subs(2, 3)) }, "{{2,3},{5,6}}"},
		{`select ('{{1,2,3},{4,5,6}}'::int[])[2][2:3]`, func() (any, error) { return fetchSlice(ia("{{1,2,3},{4,5,6}}"), subs(1, 2), subs(2, 3)) }, "{{2,3},{5,6}}"},
		{`select ('{{1,2,3},{4,5,6}}'::int[])[:][2]`, func() (any, error) { return fetchSlice(ia("{{1,2,3},{4,5,6}}"), subs(omit, 1), subs(omit, 2)) }, "{{1,2},{4,5}}"},
		{`select ('{1,2}'::int[])[1:2][1:2]`, func() (any, error) { return fetchSlice(ia("{1,2}"), subs(1, 1), subs(2, 2)) }, "{}"},
		{`select ('{}'::int[])[1:2]`, func() (any, error) { return fetchSlice(ia("{}"), subs(1), subs(2)) }, "{}"},
		{`upd '{1,2,3}' | a[2]=9`, func() (any, error) { return ArrayAssign(ia("{1,2,3}"), subs(2), int64(9)) }, "{1,9,3}"},
		{`upd '{1,2,3}' | a[5]=9`, func() (any, error) { return ArrayAssign(ia("{1,2,3}"), subs(5), int64(9)) }, "{1,2,3,NULL,9}"},
		{`upd '{1,2,3}' | a[4]=NULL`, func() (any, error) { return ArrayAssign(ia("{1,2,3}"), subs(4), nil) }, "{1,2,3,NULL}"},
		{`upd '{1,2,3}' | a[-1]=9`, func() (any, error) { return ArrayAssign(ia("{1,2,3}"), subs(-1), int64(9)) }, "[-1:3]={9,NULL,1,2,3}"},
		{`upd '{1,2,3}' | a[0]=9`, func() (any, error) { return ArrayAssign(ia("{1,2,3}"), subs(0), int64(9)) }, "[0:3]={9,1,2,3}"},
		{`upd NULL | a[3]=9`, func() (any, error) { return ArrayAssign(EmptyArray(TInt4), subs(3), int64(9)) }, "[3:3]={9}"},
		{`upd '{}' | a[2][3]=5`, func() (any, error) { return ArrayAssign(ia("{}"), subs(2, 3), int64(5)) }, "[2:2][3:3]={{5}}"},
		{`upd '{}' | a[2147483647]=5`, func() (any, error) { return ArrayAssign(ia("{}"), subs(2147483647), int64(5)) }, "ERROR 54000: array lower bound is too large: 2147483647"},
		{`upd '{1,2,3}' | a[2147483647]=5`, func() (any, error) { return ArrayAssign(ia("{1,2,3}"), subs(2147483647), int64(5)) }, "ERROR 54000: array size exceeds the maximum allowed (134217727)"},
		{`upd '{1,2,3}' | a[-2147483648]=5`, func() (any, error) { return ArrayAssign(ia("{1,2,3}"), subs(-2147483648), int64(5)) }, "ERROR 54000: array size exceeds the maximum allowed (134217727)"},
		{`upd '{1,2}' | a[NULL]=5`, func() (any, error) { return ArrayAssign(ia("{1,2}"), subs(nil), int64(5)) }, "ERROR 22004: array subscript in assignment must not be null"},
		{`upd '{1,2}' | a[1][1]=5`, func() (any, error) { return ArrayAssign(ia("{1,2}"), subs(1, 1), int64(5)) }, "ERROR 2202E: wrong number of array subscripts"},
		{`upd '{{1,2},{3,4}}' | a[2][1]=5`, func() (any, error) { return ArrayAssign(ia("{{1,2},{3,4}}"), subs(2, 1), int64(5)) }, "{{1,2},{5,4}}"},
		{`upd '{{1,2},{3,4}}' | a[3][1]=5`, func() (any, error) { return ArrayAssign(ia("{{1,2},{3,4}}"), subs(3, 1), int64(5)) }, "ERROR 2202E: array subscript out of range"},
		{`upd '{{1,2},{3,4}}' | a[2]=5`, func() (any, error) { return ArrayAssign(ia("{{1,2},{3,4}}"), subs(2), int64(5)) }, "ERROR 2202E: wrong number of array subscripts"},
		{`upd '{1,2,3}' | a[2:3]='{7,8}'`, func() (any, error) { return ArrayAssignSlice(ia("{1,2,3}"), subs(2), subs(3), ia("{7,8}")) }, "{1,7,8}"},
		{`upd '{1,2,3}' | a[2:3]='{7,8,9}'`, func() (any, error) { return ArrayAssignSlice(ia("{1,2,3}"), subs(2), subs(3), ia("{7,8,9}")) }, "{1,7,8}"},
		{`upd '{1,2,3}' | a[2:3]='{{7},{8}}'`, func() (any, error) { return ArrayAssignSlice(ia("{1,2,3}"), subs(2), subs(3), ia("{{7},{8}}")) }, "{1,7,8}"},
		{`upd '{1,2,3}' | a[2:4]='{7,8}'`, func() (any, error) { return ArrayAssignSlice(ia("{1,2,3}"), subs(2), subs(4), ia("{7,8}")) }, "ERROR 2202E: source array too small"},
		{`upd '{1,2,3}' | a[5:6]='{7,8}'`, func() (any, error) { return ArrayAssignSlice(ia("{1,2,3}"), subs(5), subs(6), ia("{7,8}")) }, "{1,2,3,NULL,7,8}"},
		{`upd '{1,2,3}' | a[-2:-1]='{7,8}'`, func() (any, error) { return ArrayAssignSlice(ia("{1,2,3}"), subs(-2), subs(-1), ia("{7,8}")) }, "[-2:3]={7,8,NULL,1,2,3}"},
		{`upd '{1,2,3}' | a[0:4]='{7,8,9,10,11}'`, func() (any, error) { return ArrayAssignSlice(ia("{1,2,3}"), subs(0), subs(4), ia("{7,8,9,10,11}")) }, "[0:4]={7,8,9,10,11}"},
		{`upd '{1,2,3}' | a[:2]='{7,8}'`, func() (any, error) { return ArrayAssignSlice(ia("{1,2,3}"), subs(omit), subs(2), ia("{7,8}")) }, "{7,8,3}"},
		{`upd '{1,2,3}' | a[2:]='{7,8}'`, func() (any, error) { return ArrayAssignSlice(ia("{1,2,3}"), subs(2), subs(omit), ia("{7,8}")) }, "{1,7,8}"},
		{`upd '{1,2,3}' | a[3:2]='{7,8}'`, func() (any, error) { return ArrayAssignSlice(ia("{1,2,3}"), subs(3), subs(2), ia("{7,8}")) }, "ERROR 2202E: upper bound cannot be less than lower bound"},
		{`upd '{1,2,3}' | a[2:3]=NULL`, func() (any, error) { return ArrayAssignSlice(ia("{1,2,3}"), subs(2), subs(3), nil) }, "{1,2,3}"},
		{`upd '{1,2,3}' | a[NULL:3]='{1}'`, func() (any, error) { return ArrayAssignSlice(ia("{1,2,3}"), subs(nil), subs(3), ia("{1}")) }, "ERROR 22004: array subscript in assignment must not be null"},
		{`upd NULL | a[2:3]='{7,8}'`, func() (any, error) { return ArrayAssignSlice(EmptyArray(TInt4), subs(2), subs(3), ia("{7,8}")) }, "[2:3]={7,8}"},
		{`upd '{}' | a[1:2][1:2]='{1,2,3,4,5}'`, func() (any, error) { return ArrayAssignSlice(ia("{}"), subs(1, 1), subs(2, 2), ia("{1,2,3,4,5}")) }, "{{1,2},{3,4}}"},
		{`upd '{}' | a[1:3]='{7,8}'`, func() (any, error) { return ArrayAssignSlice(ia("{}"), subs(1), subs(3), ia("{7,8}")) }, "ERROR 2202E: source array too small"},
		{`upd '{}' | a[3:2]='{7,8}'`, func() (any, error) { return ArrayAssignSlice(ia("{}"), subs(3), subs(2), ia("{7,8}")) }, "{}"},
		{`upd '{}' | a[3:1]='{7,8}'`, func() (any, error) { return ArrayAssignSlice(ia("{}"), subs(3), subs(1), ia("{7,8}")) }, "ERROR 54000: array size exceeds the maximum allowed (134217727)"},
		{`upd '{}' | a[:2]='{7,8}'`, func() (any, error) { return ArrayAssignSlice(ia("{}"), subs(omit), subs(2), ia("{7,8}")) }, "ERROR 2202E: array slice subscript must provide both boundaries DETAIL: When assigning to a slice of an empty array value, slice boundaries must be fully specified."},
		{`upd '{{1,2},{3,4}}' | a[2:2]='{8,9}'`, func() (any, error) { return ArrayAssignSlice(ia("{{1,2},{3,4}}"), subs(2), subs(2), ia("{8,9}")) }, "{{1,2},{8,9}}"},
		{`upd '{{1,2,3},{4,5,6}}' | a[1:2][2:3]='{7,8,9,10,11}'`, func() (any, error) {
			return ArrayAssignSlice(ia("{{1,2,3},{4,5,6}}"), subs(1, 2), subs(2, 3), ia("{7,8,9,10,11}"))
		}, "{{1,7,8},{4,9,10}}"},
		{`upd '{{1,2},{3,4}}' | a[1:2][2]='{8,9}'`, func() (any, error) { return ArrayAssignSlice(ia("{{1,2},{3,4}}"), subs(1, 1), subs(2, 2), ia("{8,9}")) }, "ERROR 2202E: source array too small"},
		{`upd '{{1,2},{3,4}}' | a[2:3]='{8,9,10,11}'`, func() (any, error) { return ArrayAssignSlice(ia("{{1,2},{3,4}}"), subs(2), subs(3), ia("{8,9,10,11}")) }, "ERROR 2202E: array subscript out of range"},
		{`upd '{{1,2},{3,4}}' | a[2:1]='{8,9}'`, func() (any, error) { return ArrayAssignSlice(ia("{{1,2},{3,4}}"), subs(2), subs(1), ia("{8,9}")) }, "ERROR 2202E: upper bound cannot be less than lower bound"},
		{`upd '{1,2}' | a[1:1][1:1]='{8}'`, func() (any, error) { return ArrayAssignSlice(ia("{1,2}"), subs(1, 1), subs(1, 1), ia("{8}")) }, "ERROR 2202E: wrong number of array subscripts"},
		{`select array_length('{1,2,3}'::int[], 1)`, func() (any, error) { return opt(ArrayLength(ia("{1,2,3}"), 1)), nil }, "3"},
		{`select array_length('{1,2,3}'::int[], 2)`, func() (any, error) { return opt(ArrayLength(ia("{1,2,3}"), 2)), nil }, "<NULL>"},
		{`select array_length('{{1,2,3},{4,5,6}}'::int[], 2)`, func() (any, error) { return opt(ArrayLength(ia("{{1,2,3},{4,5,6}}"), 2)), nil }, "3"},
		{`select array_length('{}'::int[], 1)`, func() (any, error) { return opt(ArrayLength(ia("{}"), 1)), nil }, "<NULL>"},
		{`select array_lower('[3:5]={1,2,3}'::int[], 1)`, func() (any, error) { return opt(ArrayLower(ia("[3:5]={1,2,3}"), 1)), nil }, "3"},
		{`select array_lower('[3:5]={1,2,3}'::int[], 0)`, func() (any, error) { return opt(ArrayLower(ia("[3:5]={1,2,3}"), 0)), nil }, "<NULL>"},
		{`select array_upper('[3:5]={1,2,3}'::int[], 1)`, func() (any, error) { return opt(ArrayUpper(ia("[3:5]={1,2,3}"), 1)), nil }, "5"},
		{`select array_upper('{}'::int[], 1)`, func() (any, error) { return opt(ArrayUpper(ia("{}"), 1)), nil }, "<NULL>"},
		{`select array_ndims('{{1},{2}}'::int[])`, func() (any, error) { return opt(ArrayNdims(ia("{{1},{2}}"))), nil }, "2"},
		{`select array_ndims('{}'::int[])`, func() (any, error) { return opt(ArrayNdims(ia("{}"))), nil }, "<NULL>"},
		{`select array_dims('{1,2,3}'::int[])`, func() (any, error) { return optString(ArrayDims(ia("{1,2,3}"))), nil }, "[1:3]"},
		{`select array_dims('[3:5]={1,2,3}'::int[])`, func() (any, error) { return optString(ArrayDims(ia("[3:5]={1,2,3}"))), nil }, "[3:5]"},
		{`select array_dims('{{1,2,3},{4,5,6}}'::int[])`, func() (any, error) { return optString(ArrayDims(ia("{{1,2,3},{4,5,6}}"))), nil }, "[1:2][1:3]"},
		{`select array_dims('{}'::int[])`, func() (any, error) { return optString(ArrayDims(ia("{}"))), nil }, "<NULL>"},
		{`select cardinality('{{1,2},{3,4}}'::int[])`, func() (any, error) { return Cardinality(ia("{{1,2},{3,4}}")), nil }, "4"},
		{`select cardinality('{}'::int[])`, func() (any, error) { return Cardinality(ia("{}")), nil }, "0"},
		{`select array_cat('{1,2}'::int[], '{3}')`, func() (any, error) { return ArrayCat(ia("{1,2}"), ia("{3}")) }, "{1,2,3}"},
		{`select array_cat('{}'::int[], '{3}')`, func() (any, error) { return ArrayCat(ia("{}"), ia("{3}")) }, "{3}"},
		{`select array_cat('{1}'::int[], '{}')`, func() (any, error) { return ArrayCat(ia("{1}"), ia("{}")) }, "{1}"},
		{`select array_cat('[0:1]={1,2}'::int[], '[5:5]={3}')`, func() (any, error) { return ArrayCat(ia("[0:1]={1,2}"), ia("[5:5]={3}")) }, "[0:2]={1,2,3}"},
		{`select array_cat('{{1,2}}'::int[], '{3,4}')`, func() (any, error) { return ArrayCat(ia("{{1,2}}"), ia("{3,4}")) }, "{{1,2},{3,4}}"},
		{`select array_cat('{3,4}'::int[], '{{1,2}}')`, func() (any, error) { return ArrayCat(ia("{3,4}"), ia("{{1,2}}")) }, "{{3,4},{1,2}}"},
		{`select array_cat('{{1,2}}'::int[], '{{3,4},{5,6}}')`, func() (any, error) { return ArrayCat(ia("{{1,2}}"), ia("{{3,4},{5,6}}")) }, "{{1,2},{3,4},{5,6}}"},
		{`select array_cat('[0:0][1:2]={{3,4}}'::int[], '{{1,2}}')`, func() (any, error) { return ArrayCat(ia("[0:0][1:2]={{3,4}}"), ia("{{1,2}}")) }, "[0:1][1:2]={{3,4},{1,2}}"},
		{`select array_cat('{{1,2}}'::int[], '{3}')`, func() (any, error) { return ArrayCat(ia("{{1,2}}"), ia("{3}")) }, "ERROR 2202E: cannot concatenate incompatible arrays DETAIL: Arrays with differing dimensions are not compatible for concatenation."},
		{`select array_cat('{3}'::int[], '{{1,2}}')`, func() (any, error) { return ArrayCat(ia("{3}"), ia("{{1,2}}")) }, "ERROR 2202E: cannot concatenate incompatible arrays DETAIL: Arrays with differing dimensions are not compatible for concatenation."},
		{`select array_cat('{{1,2}}'::int[], '{{3}}')`, func() (any, error) { return ArrayCat(ia("{{1,2}}"), ia("{{3}}")) }, "ERROR 2202E: cannot concatenate incompatible arrays DETAIL: Arrays with differing element dimensions are not compatible for concatenation."},
		{`select array_cat('{{1,2}}'::int[], '[0:0][1:2]={{3,4}}')`, func() (any, error) { return ArrayCat(ia("{{1,2}}"), ia("[0:0][1:2]={{3,4}}")) }, "{{1,2},{3,4}}"},
		{`select array_cat('{{1,2}}'::int[], '{{3,4}}'::int[]) = '{{1,2},{3,4}}'`, func() (any, error) { return cmpEq(ArrayCat(ia("{{1,2}}"), ia("{{3,4}}"))) }, "true"},
		{`select array_cat('{{1,2}}'::int[], '[1:2][0:1]={{3,4},{5,6}}')`, func() (any, error) { return ArrayCat(ia("{{1,2}}"), ia("[1:2][0:1]={{3,4},{5,6}}")) }, "ERROR 2202E: cannot concatenate incompatible arrays DETAIL: Arrays with differing element dimensions are not compatible for concatenation."},
		{`select array_cat('{{1,2}}'::int[], '[0:1]={3,4}')`, func() (any, error) { return ArrayCat(ia("{{1,2}}"), ia("[0:1]={3,4}")) }, "ERROR 2202E: cannot concatenate incompatible arrays DETAIL: Arrays with differing dimensions are not compatible for concatenation."},
		{`select array_cat('{{{1}}}'::int[], '{3}')`, func() (any, error) { return ArrayCat(ia("{{{1}}}"), ia("{3}")) }, "ERROR 2202E: cannot concatenate incompatible arrays DETAIL: Arrays of 3 and 1 dimensions are not compatible for concatenation."},
		{`select '{1,2}'::int[] || '{3,NULL}'::int[]`, func() (any, error) { return ArrayCat(ia("{1,2}"), ia("{3,NULL}")) }, "{1,2,3,NULL}"},
		{`select array_append('{1,2}'::int[], 3)`, func() (any, error) { return ArrayAppend(ia("{1,2}"), int64(3)) }, "{1,2,3}"},
		{`select array_append('{}'::int[], 3)`, func() (any, error) { return ArrayAppend(ia("{}"), int64(3)) }, "{3}"},
		{`select array_append(NULL::int[], 3)`, func() (any, error) { return ArrayAppend(EmptyArray(TInt4), int64(3)) }, "{3}"},
		{`select array_append('[0:1]={1,2}'::int[], NULL)`, func() (any, error) { return ArrayAppend(ia("[0:1]={1,2}"), nil) }, "[0:2]={1,2,NULL}"},
		{`select array_append('{{1}}'::int[], 3)`, func() (any, error) { return ArrayAppend(ia("{{1}}"), int64(3)) }, "ERROR 22000: argument must be empty or one-dimensional array"},
		{`select array_append('[2147483646:2147483646]={1}'::int[], 3)`, func() (any, error) { return ArrayAppend(ia("[2147483646:2147483646]={1}"), int64(3)) }, "ERROR 54000: array lower bound is too large: 2147483646"},
		{`select array_prepend(0, '{1,2}'::int[])`, func() (any, error) { return ArrayPrepend(int64(0), ia("{1,2}")) }, "{0,1,2}"},
		{`select array_prepend(0, '[5:6]={1,2}'::int[])`, func() (any, error) { return ArrayPrepend(int64(0), ia("[5:6]={1,2}")) }, "[5:7]={0,1,2}"},
		{`select array_prepend(NULL, '{1,2}'::int[])`, func() (any, error) { return ArrayPrepend(nil, ia("{1,2}")) }, "{NULL,1,2}"},
		{`select array_prepend(0, NULL::int[])`, func() (any, error) { return ArrayPrepend(int64(0), EmptyArray(TInt4)) }, "{0}"},
		{`select array_prepend(3, '{{1}}'::int[])`, func() (any, error) { return ArrayPrepend(int64(3), ia("{{1}}")) }, "ERROR 22000: argument must be empty or one-dimensional array"},
		{`select array_prepend(3, '[-2147483648:-2147483648]={1}'::int[])`, func() (any, error) { return ArrayPrepend(int64(3), ia("[-2147483648:-2147483648]={1}")) }, "ERROR 22003: integer out of range"},
		{`select array_position('{1,2,3,2}'::int[], 2)`, func() (any, error) { return ArrayPosition(ia("{1,2,3,2}"), int64(2), int4Eq) }, "2"},
		{`select array_position('{1,2,3,2}'::int[], 2, 3)`, func() (any, error) { return ArrayPositionFrom(ia("{1,2,3,2}"), int64(2), int64(3), int4Eq) }, "4"},
		{`select array_position('{1,2,3}'::int[], 3, -5)`, func() (any, error) { return ArrayPositionFrom(ia("{1,2,3}"), int64(3), int64(-5), int4Eq) }, "3"},
		{`select array_position('{1,2,3}'::int[], 5)`, func() (any, error) { return ArrayPosition(ia("{1,2,3}"), int64(5), int4Eq) }, "<NULL>"},
		{`select array_position('{1,NULL,3}'::int[], NULL)`, func() (any, error) { return ArrayPosition(ia("{1,NULL,3}"), nil, int4Eq) }, "2"},
		{`select array_position('{1,2}'::int[], NULL)`, func() (any, error) { return ArrayPosition(ia("{1,2}"), nil, int4Eq) }, "<NULL>"},
		{`select array_position('[0:2]={1,2,3}'::int[], 1)`, func() (any, error) { return ArrayPosition(ia("[0:2]={1,2,3}"), int64(1), int4Eq) }, "0"},
		{`select array_position('{}'::int[], 1)`, func() (any, error) { return ArrayPosition(ia("{}"), int64(1), int4Eq) }, "<NULL>"},
		{`select array_position('{1,2}'::int[], 1, NULL)`, func() (any, error) { return ArrayPositionFrom(ia("{1,2}"), int64(1), nil, int4Eq) }, "ERROR 22004: initial position must not be null"},
		{`select array_position('{1,2}'::int[], NULL, NULL)`, func() (any, error) { return ArrayPositionFrom(ia("{1,2}"), nil, nil, int4Eq) }, "<NULL>"},
		{`select array_position('{}'::int[], 1, NULL)`, func() (any, error) { return ArrayPositionFrom(ia("{}"), int64(1), nil, int4Eq) }, "<NULL>"},
		{`select array_position('{{1,2}}'::int[], 1)`, func() (any, error) { return ArrayPosition(ia("{{1,2}}"), int64(1), int4Eq) }, "ERROR 0A000: searching for elements in multidimensional arrays is not supported"},
		{`select array_positions('{1,2,1,NULL}'::int[], 1)`, func() (any, error) { return ArrayPositions(ia("{1,2,1,NULL}"), int64(1), int4Eq) }, "{1,3}"},
		{`select array_positions('{1,2,1,NULL}'::int[], NULL)`, func() (any, error) { return ArrayPositions(ia("{1,2,1,NULL}"), nil, int4Eq) }, "{4}"},
		{`select array_positions('{1,2}'::int[], NULL)`, func() (any, error) { return ArrayPositions(ia("{1,2}"), nil, int4Eq) }, "{}"},
		{`select array_positions('{}'::int[], 1)`, func() (any, error) { return ArrayPositions(ia("{}"), int64(1), int4Eq) }, "{}"},
		{`select array_positions('[0:2]={1,2,1}'::int[], 1)`, func() (any, error) { return ArrayPositions(ia("[0:2]={1,2,1}"), int64(1), int4Eq) }, "{0,2}"},
		{`select array_positions('{{1,2}}'::int[], 1)`, func() (any, error) { return ArrayPositions(ia("{{1,2}}"), int64(1), int4Eq) }, "ERROR 0A000: searching for elements in multidimensional arrays is not supported"},
		{`select array_remove('{1,2,3,2}'::int[], 2)`, func() (any, error) { return ArrayRemove(ia("{1,2,3,2}"), int64(2), int4Eq) }, "{1,3}"},
		{`select array_remove('{1,NULL,3}'::int[], NULL)`, func() (any, error) { return ArrayRemove(ia("{1,NULL,3}"), nil, int4Eq) }, "{1,3}"},
		{`select array_remove('[0:2]={1,2,3}'::int[], 2)`, func() (any, error) { return ArrayRemove(ia("[0:2]={1,2,3}"), int64(2), int4Eq) }, "[0:1]={1,3}"},
		{`select array_remove('[0:1]={2,2}'::int[], 2)`, func() (any, error) { return ArrayRemove(ia("[0:1]={2,2}"), int64(2), int4Eq) }, "{}"},
		{`select array_remove('[0:1]={1,2}'::int[], 5)`, func() (any, error) { return ArrayRemove(ia("[0:1]={1,2}"), int64(5), int4Eq) }, "[0:1]={1,2}"},
		{`select array_remove('{}'::int[], 5)`, func() (any, error) { return ArrayRemove(ia("{}"), int64(5), int4Eq) }, "{}"},
		{`select array_remove('{{1,2}}'::int[], 7)`, func() (any, error) { return ArrayRemove(ia("{{1,2}}"), int64(7), int4Eq) }, "ERROR 0A000: removing elements from multidimensional arrays is not supported"},
		{`select array_replace('{1,2,3,2}'::int[], 2, 9)`, func() (any, error) { return ArrayReplace(ia("{1,2,3,2}"), int64(2), int64(9), int4Eq), nil }, "{1,9,3,9}"},
		{`select array_replace('{1,NULL,3}'::int[], NULL, 9)`, func() (any, error) { return ArrayReplace(ia("{1,NULL,3}"), nil, int64(9), int4Eq), nil }, "{1,9,3}"},
		{`select array_replace('{1,2,3}'::int[], 2, NULL)`, func() (any, error) { return ArrayReplace(ia("{1,2,3}"), int64(2), nil, int4Eq), nil }, "{1,NULL,3}"},
		{`select array_replace('{{1,2},{3,2}}'::int[], 2, 0)`, func() (any, error) { return ArrayReplace(ia("{{1,2},{3,2}}"), int64(2), int64(0), int4Eq), nil }, "{{1,0},{3,0}}"},
		{`select array_replace('[0:1]={1,2}'::int[], 1, 5)`, func() (any, error) { return ArrayReplace(ia("[0:1]={1,2}"), int64(1), int64(5), int4Eq), nil }, "[0:1]={5,2}"},
		{`select array_fill(7, '{3}')`, func() (any, error) { return ArrayFill(TInt4, int64(7), ia("{3}")) }, "{7,7,7}"},
		{`select array_fill(7, '{2,2}', '{0,5}')`, func() (any, error) { return ArrayFillLbounds(TInt4, int64(7), ia("{2,2}"), ia("{0,5}")) }, "[0:1][5:6]={{7,7},{7,7}}"},
		{`select array_fill(NULL::int, '{2}')`, func() (any, error) { return ArrayFill(TInt4, nil, ia("{2}")) }, "{NULL,NULL}"},
		{`select array_fill(7, '{}')`, func() (any, error) { return ArrayFill(TInt4, int64(7), ia("{}")) }, "{}"},
		{`select array_fill(7, '{0}')`, func() (any, error) { return ArrayFill(TInt4, int64(7), ia("{0}")) }, "{}"},
		{`select array_fill(7, '{2,0}')`, func() (any, error) { return ArrayFill(TInt4, int64(7), ia("{2,0}")) }, "{}"},
		{`select array_fill(7, NULL)`, func() (any, error) { return ArrayFill(TInt4, int64(7), nil) }, "ERROR 22004: dimension array or low bound array cannot be null"},
		{`select array_fill(7, '{1}', NULL)`, func() (any, error) { return ArrayFillLbounds(TInt4, int64(7), ia("{1}"), nil) }, "ERROR 22004: dimension array or low bound array cannot be null"},
		{`select array_fill(7, '{{1}}')`, func() (any, error) { return ArrayFill(TInt4, int64(7), ia("{{1}}")) }, "ERROR 2202E: wrong number of array subscripts DETAIL: Dimension array must be one dimensional."},
		{`select array_fill(7, '{1,NULL}')`, func() (any, error) { return ArrayFill(TInt4, int64(7), ia("{1,NULL}")) }, "ERROR 22004: dimension values cannot be null"},
		{`select array_fill(7, '{1}', '{1,2}')`, func() (any, error) { return ArrayFillLbounds(TInt4, int64(7), ia("{1}"), ia("{1,2}")) }, "ERROR 2202E: wrong number of array subscripts DETAIL: Low bound array has different size than dimensions array."},
		{`select array_fill(7, '{1}', '{{1}}')`, func() (any, error) { return ArrayFillLbounds(TInt4, int64(7), ia("{1}"), ia("{{1}}")) }, "ERROR 2202E: wrong number of array subscripts DETAIL: Dimension array must be one dimensional."},
		{`select array_fill(7, '{1,1,1,1,1,1,1}')`, func() (any, error) { return ArrayFill(TInt4, int64(7), ia("{1,1,1,1,1,1,1}")) }, "ERROR 54000: number of array dimensions (7) exceeds the maximum allowed (6)"},
		{`select array_fill(7, '{-1}')`, func() (any, error) { return ArrayFill(TInt4, int64(7), ia("{-1}")) }, "ERROR 54000: array size exceeds the maximum allowed (134217727)"},
		{`select array_fill(7, '{200000000}')`, func() (any, error) { return ArrayFill(TInt4, int64(7), ia("{200000000}")) }, "ERROR 54000: array size exceeds the maximum allowed (134217727)"},
		{`select array_fill(7, '{200000000,0}')`, func() (any, error) { return ArrayFill(TInt4, int64(7), ia("{200000000,0}")) }, "{}"},
		{`select array_fill(7, '{100000,100000,0}')`, func() (any, error) { return ArrayFill(TInt4, int64(7), ia("{100000,100000,0}")) }, "ERROR 54000: array size exceeds the maximum allowed (134217727)"},
		{`select array_fill(7, '{1}', '{2147483647}')`, func() (any, error) { return ArrayFillLbounds(TInt4, int64(7), ia("{1}"), ia("{2147483647}")) }, "ERROR 54000: array lower bound is too large: 2147483647"},
		{`select trim_array('{1,2,3}'::int[], 1)`, func() (any, error) { return TrimArray(ia("{1,2,3}"), 1) }, "{1,2}"},
		{`select trim_array('{1,2,3}'::int[], 3)`, func() (any, error) { return TrimArray(ia("{1,2,3}"), 3) }, "{}"},
		{`select trim_array('{1,2,3}'::int[], 0)`, func() (any, error) { return TrimArray(ia("{1,2,3}"), 0) }, "{1,2,3}"},
		{`select trim_array('{{1,2},{3,4}}'::int[], 1)`, func() (any, error) { return TrimArray(ia("{{1,2},{3,4}}"), 1) }, "{{1,2}}"},
		{`select trim_array('[0:2]={1,2,3}'::int[], 1)`, func() (any, error) { return TrimArray(ia("[0:2]={1,2,3}"), 1) }, "{1,2}"},
		{`select trim_array('{}'::int[], 0)`, func() (any, error) { return TrimArray(ia("{}"), 0) }, "{}"},
		{`select trim_array('{1,2,3}'::int[], 4)`, func() (any, error) { return TrimArray(ia("{1,2,3}"), 4) }, "ERROR 2202E: number of elements to trim must be between 0 and 3"},
		{`select trim_array('{1,2,3}'::int[], -1)`, func() (any, error) { return TrimArray(ia("{1,2,3}"), -1) }, "ERROR 2202E: number of elements to trim must be between 0 and 3"},
		{`select trim_array('{}'::int[], 1)`, func() (any, error) { return TrimArray(ia("{}"), 1) }, "ERROR 2202E: number of elements to trim must be between 0 and 0"},
		{`select ARRAY[1,NULL,3]`, func() (any, error) { return ArrayFromElems(TInt4, []Datum{int64(1), nil, int64(3)}), nil }, "{1,NULL,3}"},
		{`select ARRAY[]::int[]`, func() (any, error) { return ArrayFromElems(TInt4, nil), nil }, "{}"},
		{`select ARRAY[ARRAY[1,2],ARRAY[3,4]]`, func() (any, error) { return ArrayFromSubArrays(TInt4, []Datum{ia("{1,2}"), ia("{3,4}")}) }, "{{1,2},{3,4}}"},
		{`select ARRAY[ARRAY[[1],[2]],ARRAY[[3],[4]]]`, func() (any, error) { return ArrayFromSubArrays(TInt4, []Datum{ia("{{1},{2}}"), ia("{{3},{4}}")}) }, "{{{1},{2}},{{3},{4}}}"},
		{`select ARRAY['[0:1]={1,2}'::int[], '[0:1]={3,4}'::int[]]`, func() (any, error) { return ArrayFromSubArrays(TInt4, []Datum{ia("[0:1]={1,2}"), ia("[0:1]={3,4}")}) }, "[1:2][0:1]={{1,2},{3,4}}"},
		{`select ARRAY[NULL::int[], '{}'::int[]]`, func() (any, error) { return ArrayFromSubArrays(TInt4, []Datum{nil, ia("{}")}) }, "{}"},
		{`select ARRAY['{}'::int[]]`, func() (any, error) { return ArrayFromSubArrays(TInt4, []Datum{ia("{}")}) }, "{}"},
		{`select ARRAY[ARRAY[1,2],NULL::int[]]`, func() (any, error) { return ArrayFromSubArrays(TInt4, []Datum{ia("{1,2}"), nil}) }, "ERROR 2202E: multidimensional arrays must have array expressions with matching dimensions"},
		{`select ARRAY[ARRAY[1,2],'{}'::int[]]`, func() (any, error) { return ArrayFromSubArrays(TInt4, []Datum{ia("{1,2}"), ia("{}")}) }, "ERROR 2202E: multidimensional arrays must have array expressions with matching dimensions"},
		{`select ARRAY[ARRAY[1,2],ARRAY[3]]`, func() (any, error) { return ArrayFromSubArrays(TInt4, []Datum{ia("{1,2}"), ia("{3}")}) }, "ERROR 2202E: multidimensional arrays must have array expressions with matching dimensions"},
		{`select ARRAY[ARRAY[1,2],ARRAY[[3,4]]]`, func() (any, error) { return ArrayFromSubArrays(TInt4, []Datum{ia("{1,2}"), ia("{{3,4}}")}) }, "ERROR 2202E: multidimensional arrays must have array expressions with matching dimensions"},
		{`select ARRAY['[0:1]={1,2}'::int[], '{3,4}'::int[]]`, func() (any, error) { return ArrayFromSubArrays(TInt4, []Datum{ia("[0:1]={1,2}"), ia("{3,4}")}) }, "ERROR 2202E: multidimensional arrays must have array expressions with matching dimensions"},
		{`select ARRAY['{{{{{{1}}}}}}'::int[]]`, func() (any, error) { return ArrayFromSubArrays(TInt4, []Datum{ia("{{{{{{1}}}}}}")}) }, "ERROR 54000: number of array dimensions (7) exceeds the maximum allowed (6)"},
		{`select '{{1,2},{3,4}}'::int[] @> '{3}'`, func() (any, error) { return ArrayContains(ia("{{1,2},{3,4}}"), ia("{3}"), int4Eq), nil }, "true"},
		{`select '{1,2}'::int[] @> '{1,NULL}'`, func() (any, error) { return ArrayContains(ia("{1,2}"), ia("{1,NULL}"), int4Eq), nil }, "false"},
		{`select '{1,2}'::int[] @> '{}'`, func() (any, error) { return ArrayContains(ia("{1,2}"), ia("{}"), int4Eq), nil }, "true"},
		{`select '{1,NULL}'::int[] <@ '{1}'`, func() (any, error) { return ArrayContains(ia("{1}"), ia("{1,NULL}"), int4Eq), nil }, "false"},
		{`select '{1,2}'::int[] && '{2,5}'`, func() (any, error) { return ArrayOverlap(ia("{1,2}"), ia("{2,5}"), int4Eq), nil }, "true"},
		{`select '{NULL}'::int[] && '{NULL}'`, func() (any, error) { return ArrayOverlap(ia("{NULL}"), ia("{NULL}"), int4Eq), nil }, "false"},
		{`select '{1,2}'::int[] = '[0:1]={1,2}'`, func() (any, error) { return EqualArrays(ia("{1,2}"), ia("[0:1]={1,2}"), int4Eq), nil }, "false"},
		{`select '{1,NULL}'::int[] = '{1,NULL}'`, func() (any, error) { return EqualArrays(ia("{1,NULL}"), ia("{1,NULL}"), int4Eq), nil }, "true"},
		{`select '{1,NULL}'::int[] = '{1,2}'`, func() (any, error) { return EqualArrays(ia("{1,NULL}"), ia("{1,2}"), int4Eq), nil }, "false"},
		{`select '{{1,2}}'::int[] = '{1,2}'`, func() (any, error) { return EqualArrays(ia("{{1,2}}"), ia("{1,2}"), int4Eq), nil }, "false"},
	}
	for _, c := range cases {
		got := showResult(c.run())
		if got != c.want {
			t.Errorf("%s: got %q, want %q", c.sql, got, c.want)
		}
	}
}

func TestArrayRecv(t *testing.T) {
	cases := []struct {
		oid  Oid
		hex  string
		want string
	}{
		{1007, "00000001000000010000001700000003000000010000000400000001ffffffff0000000400000003", "{1,NULL,3}"},
		{1007, "000000000000000000000017", "{}"},
		{1007, "0000000200000000000000170000000200000000000000010000000200000004000000010000000400000002", "[0:1][2:2]={{1},{2}}"},
		{1007, "0000000100000000000000170000000200000005000000040000000700000004fffffff9", "[5:6]={7,-7}"},
		{1009, "000000010000000000000019000000030000000100000001610000000000000002c3a9", `{a,"",é}`},
		{1009, "000000010000000000000019000000030000000100000001610000000000000001c3a9", `ERROR 22021: invalid byte sequence for encoding "UTF8": 0xc3`},
		{1007, "00000001000000000000001707ffffff0000000100000004000000010000000400000002", "ERROR 08P01: insufficient data left in message"},
		{1007, "", "ERROR 08P01: insufficient data left in message"},
		{1007, "000000", "ERROR 08P01: insufficient data left in message"},
		{1007, "ffffffff0000000000000017", "ERROR 22P03: invalid number of dimensions: -1"},
		{1007, "000000070000000000000017", "ERROR 54000: number of array dimensions (7) exceeds the maximum allowed (6)"},
		{1007, "000000010000000200000017", "ERROR 22P03: invalid array flags"},
		{1007, "000000010000000000000019000000010000000100000001", "ERROR 42804: binary data has array element type 25 (text) instead of expected 23 (integer)"},
		{1007, "000000010000000000000017000000010000000100000005000000000000000000", "ERROR 22P03: improper binary format in array element 1"},
		{1007, "00000001000000000000001700000001000000010000000300000000", "ERROR 08P01: insufficient data left in message"},
		{1007, "0000000100000000000000170000000100000001000000090000000000000000", "ERROR 22P03: insufficient data left in message"},
		{1007, "00000001000000000000001700000001000000010000fffe", "ERROR 22P03: insufficient data left in message"},
		{1007, "000000010000000000000017000000020000000100000004", "ERROR 22P03: insufficient data left in message"},
		{1007, "00000001000000000000001700000001000000010000000400000001ff", "ERROR 22P03: incorrect binary data format in bind parameter 1"},
		{1007, "000000010000000000000017fffffffe00000001", "ERROR 54000: array size exceeds the maximum allowed (134217727)"},
		{1007, "0000000100000000000000170000000100000001", "ERROR 08P01: insufficient data left in message"},
		{1007, "000000010000000000000017000000017fffffff0000000400000001", "ERROR 54000: array lower bound is too large: 2147483647"},
		{1007, "000000000000000000000017ff", "ERROR 22P03: incorrect binary data format in bind parameter 1"},
		{1007, "0000000100000001000000170000000100000001ffffffff", "{NULL}"},
		{1007, "00000001000000000000001700000000000000010000000400000001", "ERROR 22P03: incorrect binary data format in bind parameter 1"},
	}
	for _, c := range cases {
		b, err := hex.DecodeString(c.hex)
		if err != nil {
			t.Fatal(err)
		}
		var a Array
		if c.oid == 1009 {
			a, err = ArrayRecv(b, TText, func(b []byte) (Datum, error) { return Recv(TText, b) })
		} else {
			a, err = ArrayRecv(b, TInt4, int4Recv)
		}
		got := showResult(a, err)
		if pe, ok := pgerror.As(err); ok && pe.Message == "incorrect binary data format" {
			// The wire layer names the parameter.
			got += " in bind parameter 1"
		}
		if got != c.want {
			t.Errorf("recv %s: got %q, want %q", c.hex, got, c.want)
		}
	}
}

func TestArrayHash(t *testing.T) {
	num := func(s string) Array {
		a, err := ArrayIn(s, TNumeric, func(s string) (Datum, error) { return In(TNumeric, s) })
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	cmp := func(x, y Datum) int { return Compare(TNumeric, x, y) }
	hash := func(d Datum) uint64 { return Hash(TNumeric, d) }
	equal := [][2]string{{"{1.0,NULL}", "{1.00,NULL}"}, {"{}", "{}"}, {"[0:1]={0,-0.0}", "[0:1]={0.000,0}"}}
	for _, p := range equal {
		a, b := num(p[0]), num(p[1])
		if CompareArrays(a, b, cmp) != 0 {
			t.Errorf("%s and %s should compare equal", p[0], p[1])
		}
		if HashArray(a, hash) != HashArray(b, hash) {
			t.Errorf("%s and %s should hash equal", p[0], p[1])
		}
	}
	differ := [][2]string{{"{1,2}", "[0:1]={1,2}"}, {"{1,2}", "{{1,2}}"}, {"{1,NULL}", "{NULL,1}"}, {"{1,2}", "{2,1}"}}
	for _, p := range differ {
		a, b := num(p[0]), num(p[1])
		if CompareArrays(a, b, cmp) == 0 {
			t.Errorf("%s and %s should differ", p[0], p[1])
		}
		if HashArray(a, hash) == HashArray(b, hash) {
			t.Errorf("%s and %s hash alike", p[0], p[1])
		}
	}
}
