#!/usr/bin/env python3
"""gen_random_cases.py builds the randomized differential test data
(*_pg15.tsv) by asking a running PostgreSQL 15 (PGPORT, default 55432):
numeric operators, float output under extra_float_digits, and date input.
The files are then thinned to keep the repository small:
  head -2000 date_in.tsv, numeric lines shorter than 400 bytes (1200),
  every 10th float_out line, every 20th float_out_efd line."""

import os
import random
import struct
import subprocess

PORT = os.environ.get("PGPORT", "55432")


def psql(sql, verbose=False):
    args = ["psql", "-h", "127.0.0.1", "-p", PORT, "-U", "postgres", "-X", "-q", "-At", "-F", "\t"]
    if verbose:
        args += ["-v", "VERBOSITY=verbose"]
    return subprocess.run(args + ["-c", sql], capture_output=True, text=True)


def numeric_ops(path):
    random.seed(11)

    def rnum():
        if random.random() < 0.05:
            return random.choice(["0", "NaN", "Infinity", "-Infinity", "0.000"])
        intd = random.choice([0, 1, 1, 2, 3, 5, 8, 12, 18, 19, 20, 25, 40])
        frac = random.choice([0, 0, 1, 2, 3, 4, 6, 10, 17, 20, 30])
        s = "".join(random.choice("0123456789") for _ in range(intd)) or "0"
        if frac:
            s += "." + "".join(random.choice("0123456789") for _ in range(frac))
        if random.random() < 0.4:
            s = "-" + s
        if random.random() < 0.1:
            s += "e" + str(random.randint(-30, 30))
        return s

    rows = [(rnum(), rnum()) for _ in range(6000)]
    with open(path, "w") as out:
        for i in range(0, len(rows), 500):
            vals = ",".join("(%d,'%s'::numeric,'%s'::numeric)" % (i + j, a, b)
                            for j, (a, b) in enumerate(rows[i:i + 500]))
            sql = ("select id, a::text, b::text, a+b, a-b, a*b, "
                   "case when b=0 then 'ERR' else (a/b)::text end, "
                   "case when b=0 then 'ERR' else (a%%b)::text end, "
                   "numeric_cmp(a,b), round(a, 3), trunc(a,-2), a::float8, "
                   "case when a between -9223372036854775808 and 9223372036854775807 "
                   "then a::int8::text else 'ERR' end "
                   "from (values %s) v(id,a,b) order by id" % vals)
            out.write(psql(sql).stdout)


def float_out(path):
    random.seed(5)
    vals8, vals4 = [], []
    for i in range(40000):
        f = struct.unpack('<d', struct.pack('<Q', random.getrandbits(64)))[0]
        if f != f or f in (float('inf'), float('-inf')):
            continue
        if i % 3 == 0:
            f = float(random.randint(-10**19, 10**19)) * 2.0**random.randint(-70, 10)
        vals8.append('%.17g' % f)
    for i in range(40000):
        f = struct.unpack('<f', struct.pack('<I', random.getrandbits(32)))[0]
        if f != f or f in (float('inf'), float('-inf')):
            continue
        if i % 3 == 0:
            f = struct.unpack('<f', struct.pack('<f', float(random.randint(-10**9, 10**9)) *
                                                2.0**random.randint(-40, 10)))[0]
        vals4.append('%.9g' % f)
    with open(path, "w") as out:
        for fn, vals in (("float8", vals8), ("float4", vals4)):
            for i in range(0, len(vals), 2000):
                sql = "select x, %sout(%sin(x::cstring)) from unnest(array[%s]::text[]) x" % (
                    fn, fn, ",".join("'%s'" % v for v in vals[i:i + 2000]))
                for line in psql(sql).stdout.splitlines():
                    out.write(fn + "\t" + line + "\n")


def float_out_efd(path):
    random.seed(9)
    vals = []
    for i in range(20000):
        f = struct.unpack('<d', struct.pack('<Q', random.getrandbits(64)))[0]
        if f != f or f in (float('inf'), float('-inf')):
            continue
        if i % 2 == 0:
            f = random.randint(-10**6, 10**6) / 2.0**random.randint(0, 12)
        vals.append('%.17g' % f)
    with open(path, "w") as out:
        for efd in [0, -2, -15]:
            for fn in ['float8', 'float4']:
                for i in range(0, len(vals), 4000):
                    sql = ("set extra_float_digits=%d; select x, %sout(%sin(x::cstring)) "
                           "from unnest(array[%s]::text[]) x where abs(x::float8) < 1e38 "
                           "and abs(x::float8) > 1e-37" % (
                               efd, fn, fn, ",".join("'%s'" % v for v in vals[i:i + 4000])))
                    for line in psql(sql).stdout.splitlines():
                        out.write("%s\t%d\t%s\n" % (fn, efd, line))


def date_in(path):
    random.seed(3)
    toks = ["2021", "1999", "99", "08", "8", "1", "12", "31", "13", "32", "0", "2020", "366", "008",
            "19990108", "990108", "200101", "20011", "Jan", "january", "feb", "Sept", "dec", "BC",
            "AD", "bc", "04:05", "04:05:06", "04:05:06.5", "24:00", "25:00", "12:00", "PM", "AM", "T",
            "t", "J2451187", "J", "Z", "UTC", "EST", "+02", "-08:00", "+1530", "epoch", "today",
            "infinity", "-infinity", "allballs", "on", "at", "y2001", "m02", "d04", "Friday", "mon",
            "1999.008", "2021.01.02", "1e5", "x", "1.5", "040506", "0405", "2021-01-02", "1/8/1999",
            "08-Jan-1999", "1999-Jan-08", "Jan-08-99", "2021-13-01", "2021-02-29", "2000-02-29"]
    seps = [" ", "-", "/", ".", ", ", " ", " ", "T", ""]
    strs = set()
    while len(strs) < 6000:
        n = random.choice([1, 1, 2, 2, 3, 3, 3, 4, 5])
        s = ""
        for i in range(n):
            if i:
                s += random.choice(seps)
            s += random.choice(toks)
        if random.random() < 0.05:
            s = " " + s + " "
        strs.add(s)
    with open(path, "w") as out:
        for s in sorted(strs):
            p = psql("select date_in('%s')" % s.replace("'", "''"), verbose=True)
            r = p.stdout.strip("\n")
            if "ERROR:" in p.stderr:
                r = [l for l in p.stderr.splitlines() if l.startswith("ERROR:  ")][0][8:]
            out.write(s + "\t" + r + "\n")


if __name__ == "__main__":
    numeric_ops("numeric_ops.tsv")
    float_out("float_out.tsv")
    float_out_efd("float_out_efd.tsv")
    date_in("date_in.tsv")
