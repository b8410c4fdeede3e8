#!/usr/bin/env python3
"""gen_pg_cases.py asks a running PostgreSQL 15 for the expected results of
the table tests in ../pg_cases_test.go and rewrites that file.

Usage: PGPORT=55432 python3 gen_pg_cases.py > ../pg_cases_test.go
The Go tests themselves never need PostgreSQL."""

import json
import os
import subprocess
import sys

PORT = os.environ.get("PGPORT", "55432")


def run(sql):
    p = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-p", PORT, "-U", "postgres", "-X", "-q", "-At",
         "-v", "VERBOSITY=verbose", "-c", sql],
        capture_output=True, text=True)
    res = {"out": "", "err": "", "detail": "", "hint": ""}
    if "ERROR:" in p.stderr:
        for line in p.stderr.split("\n"):
            if line.startswith("ERROR:  "):
                res["err"] = line[len("ERROR:  "):]
            elif line.startswith("DETAIL:  "):
                res["detail"] = line[len("DETAIL:  "):]
            elif line.startswith("HINT:  "):
                res["hint"] = line[len("HINT:  "):]
        return res
    out = p.stdout
    if out.endswith("\n"):
        out = out[:-1]
    res["out"] = out
    return res


def q(s):
    return json.dumps(s)


def lit(s):
    return "'" + s.replace("'", "''") + "'"


# Types: Go expression, SQL input call template, SQL output function, SQL type name.
TYPES = {
    "bool": ("TBool", "boolin({})", "bool"),
    "int2": ("TInt2", "int2in({})", "int2"),
    "int4": ("TInt4", "int4in({})", "int4"),
    "int8": ("TInt8", "int8in({})", "int8"),
    "oid": ("TOid", "oidin({})", "oid"),
    "float4": ("TFloat4", "float4in({})", "float4"),
    "float8": ("TFloat8", "float8in({})", "float8"),
    "numeric": ("TNumeric", "numeric_in({}, 0, -1)", "numeric"),
    "text": ("TText", "textin({})", "text"),
    "varchar": ("TVarchar", "varcharin({}, 0, -1)", "varchar"),
    "bpchar": ("TBpchar", "bpcharin({}, 0, -1)", "bpchar"),
    "name": ("TName", "namein({})", "name"),
    "char": ("TChar", "charin({})", '"char"'),
    "date": ("TDate", "date_in({})", "date"),
    "bytea": ("T{ByteaOid, -1}", "byteain({})", "bytea"),
}


def typ(name):
    """Return (goexpr, input template, sql type) for names like numeric(5,2)."""
    if "(" in name:
        base, args = name[:-1].split("(")
        parts = [int(x) for x in args.split(",")]
        if base == "numeric":
            p, s = parts if len(parts) == 2 else (parts[0], 0)
            tm = ((p << 16) | (s & 0x7ff)) + 4
            return ("T{NumericOid, NumericTypmod(%d, %d)}" % (p, s),
                    "numeric_in({}, 0, %d)" % tm, name)
        if base == "varchar":
            return ("T{VarcharOid, %d}" % (parts[0] + 4), "varcharin({}, 0, %d)" % (parts[0] + 4), name)
        if base == "bpchar":
            return ("T{BpcharOid, %d}" % (parts[0] + 4), "bpcharin({}, 0, %d)" % (parts[0] + 4), name)
    return TYPES[name]


def entry(fields, res):
    return "\t{%s, %s, %s, %s, %s},\n" % (
        ", ".join(fields), q(res["out"]), q(res["err"]), q(res["detail"]), q(res["hint"]))


IN_CASES = {
    "bool": ["t", "true", "TRUE", " tr ", "yes", "Y", "no", "n", "on", "off", "of", "o", "1", "0",
             "10", "x", "", "  ", "truex", "false", "f", "yEs"],
    "int2": ["0", "12", " -12 ", "+7", "32767", "-32768", "32768", "-32769", "abc", "", "1.0",
             "0x10", "1_000", "1 2", "-", "99999999999999999999999"],
    "int4": ["0", "12", " 12 ", "+12", "-0", "2147483647", "-2147483648", "2147483648",
             "-2147483649", "99999999999", "abc", "", "  ", "1.0", "0x10", "1_000", "12a",
             "\t42\n", "--1", "+-1", "000000000000000000000123"],
    "int8": ["9223372036854775807", "-9223372036854775808", "9223372036854775808",
             "-9223372036854775809", "18446744073709551616", "1e3", " 5 ", "x"],
    "oid": ["0", "12", " 12 ", "-1", "-2147483648", "-2147483649", "4294967295", "4294967296",
            "-4294967295", "x", "", "0x10", "010", "1e3", "+5", "-0", "99999999999999999999"],
    "float8": ["0", "-0", "1.5", " 1.5 ", "0.1", "1e20", "1e15", "1e14", "123456789012345.6",
               "123456789012345680", "0.0001", "0.00001", "1.5e-7", "NaN", "nan", "-NaN",
               "Infinity", "-Infinity", "inf", "-INF", "+infinity", "infinityx", "1e400",
               "-1e400", "1e-400", " 1e400 ", "4e-320", "abc", "", "1_000", ".5", "5.", "1e",
               "1e+", "0x10", "0x1p3", "0x", "nan(123)", "1.7976931348623157e308",
               "2.2250738585072014e-308", "5e-324", "3.14159265358979323846", "1e-5", "1e-4",
               "100000000000000", "999999999999999.9", "0.30000000000000004", "1.0000000000000002",
               "9007199254740993", "-1.5e-300", "12345.678e-2", "+1.5"],
    "float4": ["0", "-0", "1.5", "0.1", "1e6", "123456", "1234567", "1e-50", "1e50",
               "1e-40", "3.4028235e38", "3.5e38", "abc", "NaN", "-Infinity", "1.17549435e-38",
               "0.00001", "0.0001", "16777217", "3.14159265358979", "100000", "999999.9", "1e-45"],
    "numeric": ["0", "1.50", " 1.50 ", "-0", "-0.00", "0.00", "1e5", "1.5e-7", "1E2", "1e+3",
                "1e 5", "1e", ".", "5.", ".5", "-.5e1", "NaN", "nan", "-NaN", "inf", "Infinity",
                "-Infinity", "+inf", "-inf", "infinit", "1.2.3", "x", "", "0x10", "+1", "- 1",
                "123456789012345678901234567890.123456789",
                "-99999999999999999999999999999999999999", "0.000000000000000000000000000001",
                "9223372036854775807", "9223372036854775808", "-9223372036854775808",
                "-9223372036854775809", "922337203685477580.7", "1e-16383", "0.1e-16383",
                "1e-16384", "1e131071", "1e131072", "1e99999999999999999999", "000123.4500",
                "1e18", "1e19", "12345678901234567890e-10", "1_000"],
    "numeric(5,2)": ["123.456", "123.454", "123.455", "-123.455", "999.99", "999.995",
                     "1234.5", "-0.001", "0.005", "NaN", "inf", "-inf", "0", "1e2"],
    "numeric(2,2)": ["1", "0.999", "0.995", "0.994", "-0.5"],
    "numeric(3,0)": ["999.4", "999.5", "-999.5", "0.5", "-0.5", "12345"],
    "numeric(2,-3)": ["12345", "123456", "99499", "99500", "0"],
    "numeric(5,7)": ["0.00123", "0.001", "0.01"],
    "numeric(1,0)": ["-0.5", "9.5", "9.4"],
    "numeric(30,10)": ["12345678901234567890.12345678905", "-1e19", "123456789012345678901"],
    "numeric(20,0)": ["12345678901234567890.5", "99999999999999999999.5"],
    "text": ["", "abc", " x ", "é"],
    "varchar": ["abc  ", ""],
    "varchar(3)": ["abc", "ab", "abcd", "abc   ", "ab  ", "abc d", "ééé", "éééé", "éé é", "ééé ", ""],
    "bpchar": ["abc  ", "", "a"],
    "bpchar(3)": ["abc", "ab", "", "abcd", "abc   ", "abc d", "é", "ééé ", "éééé"],
    "bpchar(1)": ["a", "ab", "a  ", ""],
    "name": ["abc", "",
             "a" * 63, "a" * 64, "a" * 70, "a" * 62 + "é", "a" * 61 + "é", "é" * 40],
    "char": ["a", "ab", "", "\\101", "\\377", "\\1011", "é", "\\", "\\400"],
    "date": ["2021-01-02", " 2021-01-02 ", "1/8/1999", "1999-Jan-08", "Jan-08-1999",
             "08-Jan-1999", "January 8, 1999", "8 January 1999", "1999 January 8",
             "19990108", "990108", "1999.008", "J2451187", "January 8, 99 BC", "99-Jan-08",
             "08-Jan-99", "Jan-08-99", "1999-01-08 04:05:06", "1999-01-08T04:05:06Z",
             "2021-01-02 +02", "epoch", "infinity", "-infinity", "+infinity", "0001-01-01 BC",
             "0000-01-01", "4714-11-24 BC", "4714-11-23 BC", "5874897-12-31", "5874898-01-01",
             "2021-02-29", "2021-13-01", "2021-12-32", "13/01/2021", "x", "", "2021-01",
             "2021.01.02", "1999-008", "99-01-08", "1-1-1", "10000-01-01",
             "2021-01-02 America/New_York", "2021-01-02 EST", "Jan 8", "2021-01-02 25:00",
             "2021-01-02 24:00", "Friday 2021-01-01", "2021-01-01 Friday", "Fri 2021-01-01",
             "2021-01-02 abc", "12-31-2020", "1999-01-08 04:05 PM", "2021-01-02 -20",
             "-2021-01-02", "20210102T040506", "y2001m02d04", "J2451187.5", "2001-02-03 ad",
             "2021/1/2", "2021-1-2", "21-01-02", "Tuesday", "allballs",
             "2021-01-02 allballs", "2021-01-02 z", "2021-01-02 zulu", "2021-01-02 utc",
             "2021-01-02 foo/bar", "2021-01-02 04:05:06.789", "2021-01-02 04:05:06.",
             "2021-01-02 04:05:60", "2021-01-02 04:05:61", "2021-01-02 24:00:01",
             "2021-01-02 13:00 PM", "2021-01-02 12:00 AM", "2021-01-02 today", "Jan 8 99",
             "8 Jan 99", "Jan 8 1999 04:05", "jan 8 1999 bc", "2021-366", "2020.366",
             "2021.366", "2021 366", "200101", "20011", "99999", "Jan 8, 20211",
             "January 8 1999 040506", "1999-01-08 040506", "1999-01-08 0405", "J 2451187",
             "julian 2451187", "2001-02-03 -08:00", "2001-02-03 +1530", "2001-02-03 +16",
             "2001-02-03 04:05:06-08", "2001-02-03T04:05:06.5+05:30", "2001-02-03t040506",
             "2001-02-03 t 04:05", "2000-02-30", "1900-02-29", "2000-02-29", "Feb 29 2000",
             "2021-01-02 at 04:05", "on 2021-01-02", "0099-01-01", "99-1-1", "100-1-1",
             "1/1/99", "01/02/03", "2147483647-01-01", "2147483648-01-01", "epoch 2021-01-01",
             "2021-01-01 epoch", "5874897-12-31 BC", "4713-01-01 BC", "2021-01-02 04:05:06.x",
             "2021-01-02 04:05.", "2021-01-02 04:05:06..", "2021-01-02 04:",
             "2021-01-02 :04", "2021-01-02 1.5", "2021-01-02 040506.5", "1999.008.5",
             "2021-01-02 04:05:06:07", "Jan 8 1999 BC BC", "2021-01-02 EST EDT",
             "2021-01-02 MET DST", "1999-01-08 04:05:06 AM", "12/31/1999 23:59:59.999999",
             "1969-12-31", "1970-01-01", "2000-01-01", "1582-10-10", "0044-03-15 BC",
             "1999-1-08", "1999-01-8", "Jan-8-1999", "8-jan-1999", "1999-jan-8",
             "99-jan-8", "jan 8, 1999", "JANUARY 8 1999", "Sept 9 2009", "sep 9 2009",
             "2009 sep 09", "2009-09-09 ", "\t2009-09-09", "2009-09-09z", "2009-09-09+01",
             "2009-09-09 +01:30:15", "2009-09-09 +01:60", "2009-09-09 pst8pdt"],
    "bytea": ["\\x4142", "\\x 41 42", "\\x414", "\\x4g", "\\x41 ", "\\x 4 1", "\\X41",
              "a\\\\b", "a\\101b", "a\\1b", "a\\400", "a\\", "a\\xb", "\\x", "abc", "",
              "\\xABcd", "\\x\n41"],
}


def gen_in(out):
    out.write("// inOutCases: the type's input function applied to in, then its output function.\n")
    out.write("var inOutCases = []inOutCase{\n")
    for tname, inputs in IN_CASES.items():
        goexpr, tmpl, sqlname = typ(tname)
        for s in inputs:
            sql = "select " + tmpl.format(lit(s))
            res = run(sql)
            out.write(entry([goexpr, q(s)], res))
    out.write("}\n\n")


FLOAT_OUT = ["0", "-0", "1", "0.1", "1e20", "1e15", "1e14", "123456789012345.6", "1.5e-7",
             "0.0001", "0.00001", "123456789012345680", "1.7976931348623157e308", "5e-324",
             "3.141592653589793", "2.5", "1e100", "1e-100", "NaN", "Infinity", "-Infinity",
             "100", "1234567", "0.3", "2.0000000000000004", "123.456", "-1.5e-7", "1e-5",
             "99999999999999.99", "999999999999999", "9999999999999999"]


def gen_float_out(out):
    out.write("// floatOutCases: float8 and float4 output under extra_float_digits.\n")
    out.write("var floatOutCases = []floatOutCase{\n")
    for efd in [1, 3, 0, -1, -3, -15]:
        for isf4 in [False, True]:
            fn = "float4" if isf4 else "float8"
            for s in FLOAT_OUT:
                sql = "set extra_float_digits=%d; select %sin(%s)" % (efd, fn, lit(s))
                res = run(sql)
                if res["err"]:
                    continue
                out.write("\t{%s, %s, %d, %s},\n" % (q(s), "true" if isf4 else "false", efd, q(res["out"])))
    out.write("}\n\n")


# Casts: (from type, input, to SQL type)
CASTS = [
    ("numeric", "NaN", "int4"), ("numeric", "NaN", "int2"), ("numeric", "NaN", "int8"),
    ("numeric", "inf", "int4"), ("numeric", "-inf", "int8"), ("numeric", "1e10", "int4"),
    ("numeric", "2.5", "int4"), ("numeric", "-2.5", "int4"), ("numeric", "32767.5", "int2"),
    ("numeric", "32767.4", "int2"), ("numeric", "-32768.5", "int2"),
    ("numeric", "9223372036854775807.4", "int8"), ("numeric", "9223372036854775807.5", "int8"),
    ("numeric", "-9223372036854775808.5", "int8"), ("numeric", "-9223372036854775808.4", "int8"),
    ("numeric", "1e400", "float8"), ("numeric", "1e-400", "float8"), ("numeric", "1e50", "float4"),
    ("numeric", "1e-50", "float4"), ("numeric", "nan", "float8"), ("numeric", "-inf", "float4"),
    ("numeric", "0.1", "float8"), ("numeric", "0.1", "float4"), ("numeric", "1.50", "text"),
    ("numeric", "123456789.123456789", "float8"), ("numeric", "0.3", "float8"),
    ("numeric", "16777217", "float4"), ("numeric", "1.15", "numeric(2,1)"),
    ("numeric", "1.5", "numeric(3,1)"), ("numeric", "12345", "numeric(3,0)"),
    ("numeric", "1.5", "bool"), ("numeric", "1.5", "date"), ("numeric", "123.45", "varchar(3)"),
    ("float8", "2.5", "int4"), ("float8", "3.5", "int4"), ("float8", "-2.5", "int4"),
    ("float8", "nan", "int4"), ("float8", "inf", "int8"), ("float8", "2147483647.5", "int4"),
    ("float8", "2147483646.5", "int4"), ("float8", "9223372036854775807", "int8"),
    ("float8", "-9223372036854775808", "int8"), ("float8", "9223372036854774784", "int8"),
    ("float8", "32767.5", "int2"), ("float8", "-32768.5", "int2"), ("float8", "-32767.5", "int2"),
    ("float8", "1e300", "float4"), ("float8", "1e-300", "float4"), ("float8", "nan", "float4"),
    ("float8", "inf", "float4"), ("float8", "0.1", "float4"), ("float8", "3.4028235e38", "float4"),
    ("float8", "3.4028236e38", "float4"), ("float8", "1e-45", "float4"),
    ("float8", "0.1", "numeric"), ("float8", "1e20", "numeric"), ("float8", "1.5e-7", "numeric"),
    ("float8", "nan", "numeric"), ("float8", "-inf", "numeric"), ("float8", "123456789012345678", "numeric"),
    ("float8", "0.30000000000000004", "numeric"), ("float8", "1e-300", "numeric"),
    ("float8", "-0", "numeric"), ("float8", "2.5", "numeric(2,0)"), ("float8", "1.5", "text"),
    ("float8", "1e20", "varchar"), ("float8", "1", "bool"),
    ("float4", "0.1", "float8"), ("float4", "0.1", "numeric"), ("float4", "123456789.123", "numeric"),
    ("float4", "-inf", "numeric"), ("float4", "2.5", "int2"), ("float4", "1e10", "int4"),
    ("float4", "1e-40", "numeric"), ("float4", "0.1", "text"),
    ("int4", "-1", "oid"), ("int8", "-1", "oid"), ("int8", "4294967296", "oid"),
    ("int8", "4294967295", "oid"), ("oid", "4294967295", "int4"), ("oid", "4294967295", "int8"),
    ("int2", "-1", "oid"), ("int4", "70000", "int2"), ("int8", "3000000000", "int4"),
    ("int8", "-32769", "int2"), ("int2", "-5", "int8"), ("int4", "16777217", "float4"),
    ("int8", "9007199254740993", "float8"), ("int8", "9223372036854775807", "float4"),
    ("int4", "123", "numeric"), ("int4", "12345", "numeric(3,0)"), ("int4", "123", "numeric(5,2)"),
    ("int4", "5", "bool"), ("int4", "0", "bool"), ("int4", "-1", "bool"),
    ("int4", "65", '"char"'), ("int4", "200", '"char"'), ("int4", "-56", '"char"'),
    ("int4", "-128", '"char"'), ("int4", "-129", '"char"'), ("int4", "0", '"char"'),
    ("int4", "1", "date"), ("int8", "1", "bool"), ("int4", "123", "varchar(2)"),
    ("int4", "12345", "text"), ("int4", "42", "bpchar(4)"), ("int2", "42", "name"),
    ("bool", "t", "text"), ("bool", "f", "varchar"), ("bool", "t", "bpchar(2)"),
    ("bool", "t", "int4"), ("bool", "f", "int4"), ("bool", "t", "date"), ("bool", "t", "numeric"),
    ("bool", "t", "int8"), ("bool", "t", "float8"), ("bool", "t", "name"), ("bool", "t", '"char"'),
    ("date", "2021-01-01", "int4"), ("date", "2021-01-01", "text"), ("date", "infinity", "text"),
    ("date", "2021-01-01", "varchar(4)"), ("date", "0044-03-15 BC", "name"),
    ("text", "2021-01-01", "date"), ("text", "x", "date"), ("text", " 12 ", "int4"),
    ("text", "12.5", "numeric(3,0)"), ("text", "yes", "bool"), ("text", "x", "bool"),
    ("text", "1.5", "float8"), ("text", "abc", '"char"'), ("text", "", '"char"'),
    ("text", "\\101", '"char"'), ("text", "abc", "name"), ("text", "a" * 70, "name"),
    ("text", "abc", "varchar(2)"), ("text", "abc", "bpchar(5)"), ("text", "abc  ", "bpchar"),
    ("text", "abc", "bytea"), ("text", "\\x41", "bytea"), ("text", "éééé", "varchar(2)"),
    ("text", "12", "oid"), ("text", "-1", "oid"), ("text", "12", "int2"),
    ("varchar", "abc  ", "bpchar(2)"), ("varchar", "abc", "text"), ("varchar", "12", "int8"),
    ("bpchar", "abc  ", "text"), ("bpchar", "abc  ", "varchar"), ("bpchar", "abc  ", "varchar(4)"),
    ("bpchar", "abc  ", "name"), ("bpchar", "12  ", "int4"), ("bpchar", "ab", '"char"'),
    ("bpchar", "\\101", '"char"'), ("bpchar", "ab   ", "bpchar(3)"), ("bpchar", "  ", "text"),
    ("bpchar(5)", "abc", "text"), ("bpchar(5)", "abc", "bpchar(2)"), ("bpchar(5)", "abc", "varchar(10)"),
    ("name", "abc", "bpchar(2)"), ("name", "abc", "varchar(2)"), ("name", "abc", "text"),
    ("name", "abc", "bpchar(5)"), ("name", "123", "int4"),
    ("char", "x", "text"), ("char", "", "text"), ("char", "\\377", "text"), ("char", "x", "int4"),
    ("char", "\\377", "int4"), ("char", "x", "int8"), ("char", "x", "bpchar"),
    ("char", "x", "varchar"),
    ("char", "\\377", "varchar"), ("char", "x", "bpchar(3)"), ("char", "x", "name"),
    ("bytea", "\\x41", "text"), ("bytea", "\\x41", "varchar(3)"), ("bytea", "\\x41", "int4"),
    ("oid", "12", "text"), ("oid", "12", "float8"), ("oid", "4294967295", "numeric"),
    ("int4", "-1", "regclass"), ("oid", "12", "regtype"),
]


def sqltype(t):
    return typ(t)[2]


def gen_casts(out):
    out.write("// castCases: CAST(input AS to), an explicit cast.\n")
    out.write("var castCases = []castCase{\n")
    for frm, s, to in CASTS:
        fgo, ftmpl, _ = typ(frm)
        tgo = totype_go(to)
        sql = "select CAST(%s AS %s)" % (ftmpl.format(lit(s)), to)
        res = run(sql)
        out.write(entry([fgo, q(s), tgo], res))
    out.write("}\n\n")


def totype_go(to):
    m = {"text": "TText", "int2": "TInt2", "int4": "TInt4", "int8": "TInt8", "float4": "TFloat4",
         "float8": "TFloat8", "numeric": "TNumeric", "bool": "TBool", "date": "TDate",
         "varchar": "TVarchar", "bpchar": "TBpchar", "name": "TName", '"char"': "TChar",
         "oid": "TOid", "bytea": "T{ByteaOid, -1}", "regclass": "TRegclass",
         "regtype": "T{RegtypeOid, -1}"}
    if to in m:
        return m[to]
    return typ(to)[0]


# Assignment casts: value of from type stored into a column of type to.
ASSIGN = [
    ("text", "abcd", "varchar(3)"), ("text", "abc  ", "varchar(3)"), ("text", "abcd", "bpchar(3)"),
    ("text", "ab ", "bpchar(3)"), ("text", "abc   ", "bpchar(3)"), ("text", "a", "bpchar(3)"),
    ("int4", "12345", "varchar(3)"), ("int4", "123", "bpchar(5)"), ("numeric", "123.456", "numeric(5,2)"),
    ("numeric", "1234.5", "numeric(5,2)"), ("int8", "3000000000", "int4"), ("float8", "2.5", "int4"),
    ("bool", "t", "varchar(3)"), ("bool", "t", "bpchar(5)"), ("date", "2021-01-01", "varchar(5)"),
    ("varchar", "éééé ", "varchar(4)"), ("bpchar(5)", "ab", "varchar(3)"),
]


def gen_assign(out):
    out.write("// assignCases: a value stored into a column of type to (an assignment cast).\n")
    out.write("var assignCases = []castCase{\n")
    for frm, s, to in ASSIGN:
        fgo, ftmpl, _ = typ(frm)
        tgo = totype_go(to)
        sql = ("create temp table t(c %s); insert into t select %s; select c from t"
               % (to, ftmpl.format(lit(s))))
        res = run(sql)
        out.write(entry([fgo, q(s), tgo], res))
    out.write("}\n\n")


NUM_VALUES = ["0", "1", "-1", "1.5", "1.50", "2", "3", "7", "0.001", "-2.5", "10", "1e20",
              "123456789012345678", "9223372036854775807", "-9223372036854775808",
              "99999999999999999999.999", "0.000000000000000001", "12345.6789", "NaN",
              "Infinity", "-Infinity", "1e-10", "3.0", "-7", "1000000"]
NUM_PAIRS = [(a, b) for a in NUM_VALUES for b in NUM_VALUES]


def gen_numeric_arith(out):
    out.write("// numericArithCases: a op b on numerics.\n")
    out.write("var numericArithCases = []numericArithCase{\n")
    import itertools
    sel = []
    for i, (a, b) in enumerate(NUM_PAIRS):
        # keep the list manageable: every pair for + - * / %, but only a subset of pairs
        if i % 3 != 0 and not (a in ("NaN", "Infinity", "-Infinity", "0") or b in ("NaN", "Infinity", "-Infinity", "0")):
            continue
        sel.append((a, b))
    extra = [("1", "3"), ("2", "3"), ("10", "3"), ("1", "7"), ("100", "7"), ("0.01", "3"),
             ("1", "3000"), ("12345.678", "0.001"), ("1", "0.0003"), ("9999", "10000"),
             ("10000", "9999"), ("1", "9999"), ("9999", "1"), ("1.234567890123456789", "3"),
             ("123456789012345678901234567890", "7"), ("1", "123456789012345678901234567890"),
             ("5", "2"), ("-5", "2"), ("5", "-2"), ("-5", "-2"), ("5.5", "2"), ("-5.5", "2"),
             ("0.5", "0.25"), ("2", "0.5"), ("1e-20", "3"), ("1e20", "3e-20"),
             ("0.00000000000000000001", "0.3"), ("22", "7.000"), ("1.000000000000000000001", "1"),
             ("3", "0.3333"), ("4", "0.5000"), ("1", "1.0000000000000000000001"), ("3.14", "2.71"),
             ("2", "3.000000000000000000000000000000000000001")]
    ops = ["+", "-", "*", "/", "%"]
    for a, b in sel + extra:
        for op in ops:
            sql = "select numeric_in(%s,0,-1) %s numeric_in(%s,0,-1)" % (lit(a), op, lit(b))
            res = run(sql)
            out.write("\t{%s, %s, %s, %s, %s},\n" % (q(a), q(op), q(b), q(res["out"]), q(res["err"])))
    for a, b in [("1.5", "1.50"), ("NaN", "NaN"), ("NaN", "Infinity"), ("-Infinity", "-1e100"),
                 ("1e100", "Infinity"), ("0", "-0.000"), ("-1", "1"), ("123456789012345678901", "123456789012345678900"),
                 ("0.1", "0.10000000000000000000001"), ("-5", "-6"), ("9223372036854775807", "9223372036854775807.000")]:
        sql = "select numeric_cmp(numeric_in(%s,0,-1), numeric_in(%s,0,-1))" % (lit(a), lit(b))
        res = run(sql)
        out.write("\t{%s, %s, %s, %s, %s},\n" % (q(a), q("cmp"), q(b), q(res["out"]), q(res["err"])))
    for a, s in [("1.2345", "2"), ("1.235", "2"), ("-1.235", "2"), ("1234.5", "-2"), ("1250", "-2"),
                 ("-1250", "-2"), ("0.5", "0"), ("-0.5", "0"), ("1.5", "5"), ("NaN", "2"),
                 ("99.95", "1"), ("12345678901234567890.5", "0"), ("5", "-1"), ("4.9", "-1")]:
        for fn in ["round", "trunc"]:
            sql = "select %s(numeric_in(%s,0,-1), %s)" % (fn, lit(a), s)
            res = run(sql)
            out.write("\t{%s, %s, %s, %s, %s},\n" % (q(a), q(fn), q(s), q(res["out"]), q(res["err"])))
    out.write("}\n\n")


INT_VALUES = {
    "int2": ["0", "1", "-1", "7", "-7", "32767", "-32768", "200", "3"],
    "int4": ["0", "1", "-1", "7", "-7", "2147483647", "-2147483648", "50000", "3"],
    "int8": ["0", "1", "-1", "7", "-7", "9223372036854775807", "-9223372036854775808",
             "3037000500", "3"],
}


def gen_int_arith(out):
    out.write("// intArithCases: a op b on integers of one type.\n")
    out.write("var intArithCases = []intArithCase{\n")
    for t, vals in INT_VALUES.items():
        goexpr = TYPES[t][0]
        for a in vals:
            for b in vals:
                for op in ["+", "-", "*", "/", "%"]:
                    sql = "select %sin(%s) %s %sin(%s)" % (t, lit(a), op, t, lit(b))
                    res = run(sql)
                    out.write("\t{%s, %s, %s, %s, %s, %s},\n" % (goexpr, q(a), q(op), q(b), q(res["out"]), q(res["err"])))
            for op in ["-", "@"]:
                sql = "select %s %sin(%s)" % (op, t, lit(a))
                res = run(sql)
                out.write("\t{%s, %s, %s, %s, %s, %s},\n" % (goexpr, q(a), q("u" + op), q(""), q(res["out"]), q(res["err"])))
    out.write("}\n\n")


FLOAT_VALUES = ["0", "-0", "1", "-1", "1.5", "0.1", "1e300", "-1e300", "1e-300", "3",
                "Infinity", "-Infinity", "NaN", "1e-320", "2"]
FLOAT4_VALUES = ["0", "1", "-1", "0.1", "1e30", "1e-30", "3", "Infinity", "NaN", "1e-45"]


def gen_float_arith(out):
    out.write("// floatArithCases: a op b on float8 (or float4) values.\n")
    out.write("var floatArithCases = []floatArithCase{\n")
    for t, vals in [("float8", FLOAT_VALUES), ("float4", FLOAT4_VALUES)]:
        for a in vals:
            for b in vals:
                for op in ["+", "-", "*", "/"]:
                    sql = "select %sin(%s) %s %sin(%s)" % (t, lit(a), op, t, lit(b))
                    res = run(sql)
                    out.write("\t{%s, %s, %s, %s, %s, %s},\n" % (
                        "true" if t == "float4" else "false", q(a), q(op), q(b), q(res["out"]), q(res["err"])))
    out.write("}\n\n")


AGGS = [
    ("avg", "int4", ["1", "2"]), ("avg", "int4", ["1", "2", "2"]), ("avg", "int4", ["10"]),
    ("avg", "int4", ["-1", "-2"]), ("avg", "int8", ["1", "2"]), ("avg", "int2", ["1", "2", "4"]),
    ("avg", "int8", ["9223372036854775807", "9223372036854775807"]),
    ("avg", "numeric", ["1.5", "2.25"]), ("avg", "numeric", ["1", "2"]), ("avg", "numeric", ["0.001", "100000"]),
    ("avg", "numeric", ["1e20", "3"]), ("avg", "numeric", ["NaN", "1"]), ("avg", "numeric", ["Infinity", "1"]),
    ("avg", "numeric", ["Infinity", "-Infinity"]), ("avg", "numeric", ["1.00", "2.0", "3"]),
    ("avg", "numeric", ["123456789012345678901234567890", "1"]), ("avg", "numeric", ["0.1", "0.2", "0.3"]),
    ("avg", "numeric", ["0", "0", "0"]), ("avg", "int4", ["0", "0", "1"]),
    ("sum", "numeric", ["1.5", "2.25"]), ("sum", "numeric", ["1", "2.000"]), ("sum", "numeric", ["NaN", "1"]),
    ("sum", "numeric", ["Infinity", "1"]), ("sum", "numeric", ["Infinity", "-Infinity"]),
    ("sum", "numeric", ["-Infinity", "NaN"]),
    ("sum", "numeric", ["99999999999999999999", "99999999999999999999", "0.0000000000000000001"]),
    ("sum", "numeric", ["9223372036854775807", "9223372036854775807"]),
    ("sum", "numeric", ["-9223372036854775808", "-1"]), ("sum", "numeric", ["1e-30", "1e30"]),
    ("sum", "int8", ["9223372036854775807", "9223372036854775807", "9223372036854775807"]),
    ("sum", "int8", ["-9223372036854775808", "-9223372036854775808"]), ("sum", "int8", ["1", "2"]),
]


def gen_aggs(out):
    out.write("// aggCases: avg and sum over a list of values.\n")
    out.write("var aggCases = []aggCase{\n")
    for fn, t, vals in AGGS:
        rows = ",".join("(%sin(%s%s))" % (t if t != "numeric" else "numeric_",
                                           lit(v), ",0,-1" if t == "numeric" else "") for v in vals)
        sql = "select %s(x) from (values %s) v(x)" % (fn, rows)
        res = run(sql)
        out.write("\t{%s, %s, []string{%s}, %s, %s},\n" % (
            q(fn), TYPES[t][0], ", ".join(q(v) for v in vals), q(res["out"]), q(res["err"])))
    out.write("}\n\n")


SENDS = [
    ("numeric", ["0", "0.00", "1.5", "-1.5", "1", "10000", "12345.6789", "0.0001", "0.00001",
                 "123456789012345678901234567890.12345", "NaN", "Infinity", "-Infinity",
                 "-0.000000001", "9999.9999", "1e100", "1e-100", "100000000", "0.1",
                 "9223372036854775807", "-9223372036854775808", "922337203685477.5807"]),
    ("int2", ["0", "-1", "32767"]), ("int4", ["0", "-1", "2147483647", "258"]),
    ("int8", ["-9223372036854775808", "1"]), ("float4", ["1.5", "-0", "NaN", "Infinity", "0.1"]),
    ("float8", ["1.5", "-0", "NaN", "-Infinity", "0.1"]), ("bool", ["t", "f"]),
    ("date", ["2000-01-01", "2021-01-02", "infinity", "-infinity", "4714-11-24 BC", "1970-01-01"]),
    ("text", ["", "abc", "é"]), ("varchar", ["abc"]), ("bpchar(5)", ["ab"]), ("name", ["abc"]),
    ("char", ["a", "\\377"]), ("bytea", ["\\x00ff41"]), ("oid", ["4294967295", "12"]),
]


def gen_send(out):
    out.write("// sendCases: the type's send function applied to input, hex-encoded.\n")
    out.write("var sendCases = []sendCase{\n")
    sendfn = {"numeric": "numeric_send", "int2": "int2send", "int4": "int4send", "int8": "int8send",
              "float4": "float4send", "float8": "float8send", "bool": "boolsend", "date": "date_send",
              "text": "textsend", "varchar": "varcharsend", "bpchar(5)": "bpcharsend", "name": "namesend",
              "char": "charsend", "bytea": "byteasend", "oid": "oidsend"}
    for t, vals in SENDS:
        goexpr, tmpl, _ = typ(t)
        for v in vals:
            sql = "select encode(%s(%s), 'hex')" % (sendfn[t], tmpl.format(lit(v)))
            res = run(sql)
            out.write("\t{%s, %s, %s},\n" % (goexpr, q(v), q(res["out"])))
    out.write("}\n\n")


DISK = ["0", "0.00", "1.5", "-1.5", "1", "10000", "12345.6789", "0.0001", "0.00001",
        "123456789012345678901234567890.12345", "NaN", "Infinity", "-Infinity", "-0.000000001",
        "9999.9999", "1e100", "1e-100", "1e252", "1e253", "1e-256", "1e-257", "1e-260",
        "0." + "0" * 62 + "1", "0." + "0" * 63 + "1", "1." + "0" * 63, "1." + "0" * 64, "-123456.789",
        "100000000", "0.1", "9223372036854775807", "-9223372036854775808", "922337203685477.5807",
        "1e255", "1e256", "-1e-100", "1.00000000000000000000000000001"]


def gen_disk(out):
    out.write("// diskCases: the numeric varlena payload PostgreSQL stores (pageinspect), hex.\n")
    out.write("var diskCases = []diskCase{\n")
    for v in DISK:
        sql = ("create temp table nt(x numeric); insert into nt values (numeric_in(%s,0,-1)); "
               "select encode(t_data, 'hex') from heap_page_items(get_raw_page('nt',0))" % lit(v))
        res = run(sql)
        h = res["out"]
        # Strip the varlena header: 1 byte when its low bit is set, else 4.
        b0 = int(h[:2], 16)
        payload = h[2:] if b0 & 1 else h[8:]
        out.write("\t{%s, %s},\n" % (q(v), q(payload)))
    out.write("}\n\n")


CMP = [
    ("float8", "NaN", "NaN"), ("float8", "NaN", "Infinity"), ("float8", "-0", "0"), ("float8", "1", "2"),
    ("float8", "-Infinity", "-1e308"), ("text", "abc", "abd"), ("text", "abc", "ab"),
    ("text", "B", "a"), ("text", "é", "z"), ("bpchar", "ab  ", "ab"), ("bpchar", "ab", "ab\t"),
    ("bpchar", "a", "a "), ("varchar", "ab ", "ab"), ("name", "abc", "abd"),
    ("numeric", "1.5", "1.50"), ("numeric", "NaN", "Infinity"), ("bool", "f", "t"),
    ("int4", "-1", "1"), ("date", "-infinity", "4714-11-24 BC"), ("date", "infinity", "5874897-12-31"),
    ("oid", "4294967295", "1"), ("char", "\\377", "a"), ("bytea", "\\x00", "\\x"),
]


def gen_cmp(out):
    out.write("// cmpCases: btree comparison of a and b.\n")
    out.write("var cmpCases = []cmpCase{\n")
    for t, a, b in CMP:
        goexpr, tmpl, sqlname = typ(t)
        sql = "select case when %s < %s then -1 when %s = %s then 0 else 1 end" % (
            tmpl.format(lit(a)), tmpl.format(lit(b)), tmpl.format(lit(a)), tmpl.format(lit(b)))
        res = run(sql)
        out.write("\t{%s, %s, %s, %s},\n" % (goexpr, q(a), q(b), res["out"] or "99"))
    out.write("}\n\n")


def main():
    out = sys.stdout
    out.write("// Code generated by testdata/gen_pg_cases.py from PostgreSQL 15; DO NOT EDIT.\n\n")
    out.write("// This file holds the expected results of the PostgreSQL-oracle table tests.\n\n")
    out.write("package types\n\n")
    gen_in(out)
    gen_float_out(out)
    gen_casts(out)
    gen_assign(out)
    gen_numeric_arith(out)
    gen_int_arith(out)
    gen_float_arith(out)
    gen_aggs(out)
    gen_send(out)
    gen_disk(out)
    gen_cmp(out)


if __name__ == "__main__":
    main()
