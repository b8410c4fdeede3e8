#!/usr/bin/env python3
"""Regenerate the PostgreSQL 15 expectations of the ANALYZE and selectivity
tests from a PostgreSQL 15 server.

Prepare a database holding the regression tables and statmix:

    createdb -h 127.0.0.1 -p 55499 -U postgres statsdb
    (cd shared/pgregress && psql -X -h 127.0.0.1 -p 55499 -U postgres -d statsdb -f setup.sql)
    psql -X -h 127.0.0.1 -p 55499 -U postgres -d statsdb -f internal/commands/testdata/statmix.sql

then, from the repository root:

    python3 internal/commands/testdata/gen_pgstats.py [psql connection args]

It writes internal/commands/pgstats_data_test.go and rewrites the part of
internal/optimizer/cost/selfuncs_test.go between the GENERATED markers.
Every table is small enough for ANALYZE to read all of it, so the
statistics are deterministic.
"""
import os
import re
import subprocess
import sys

CONN = sys.argv[1:] or ["-h", "127.0.0.1", "-p", "55499", "-U", "postgres", "-d", "statsdb"]
SEP = "\x1f"

TABLES = ["tenk1", "onek", "statmix"]

# Restriction clauses whose row estimates selfuncs_test.go reproduces.
PREDICATES = {
    "tenk1": [
        "unique1 < 100", "hundred = 5", "thousand <> 3", "stringu1 like 'AB%'",
        "ten between 2 and 4", "two = 1 and four = 1", "unique1 is null",
        "unique1 is not null", "unique2 > 9990", "stringu1 < 'M'",
        "stringu2 >= 'HAAAAA'", "string4 = 'AAAAxx'", "unique1 = 42",
        "fivethous < 50", "twothousand = 7", "stringu1 like '%A'",
        "stringu1 like 'ABCDEF'", "even > 100", "tenthous > 5000", "unique1 < 0",
        "unique1 > 20000", "stringu2 like 'A%'", "stringu1 ilike 'ab%'",
        "stringu1 not like 'AB%'", "thousand < 500", "thousand <= 500",
        "thousand >= 12", "fivethous > 4990", "unique2 < 5",
        "twothousand between 100 and 199", "odd > 50", "stringu2 < 'B'",
        "string4 < 'M'", "twenty >= 10", "hundred > 98", "unique1 >= 9995",
        "stringu1 > 'ZZ'", "string4 like 'H%'",
    ],
    "onek": [
        "unique1 < 100", "thousand = 5", "stringu1 like 'A%'", "hundred <> 3",
        "stringu2 > 'Q'", "unique2 between 10 and 20",
    ],
    "statmix": [
        "d < '2020-06-01'", "d between '2020-02-01' and '2020-03-01'", "num > 5.5",
        "f8 < 10", "f4 >= 30", "t < 'val5'", "t like 'val1%'", "t is null",
        "t is not null", "b", "b is true", "b is not false", "b is unknown",
        "i2 = 3", "i2 <> 3", "i8 < 250", "longt like 'xxx%'", "vc = 'c3'",
        "bp = '1'", "allnull is null", "allnull = 1", "allnull < 5",
        "uniqt like 'u12%'", "f8 = 3.25", "i2 > 30", "id < 1000", "t = 'nope'",
        "num = 1.23", "longt < 'xxxxx'", "uniqt > 'u5'", "t not like 'val1%'",
        "t ilike 'VAL1%'", "d > '2021-01-15'", "num between 2 and 3",
    ],
}

# Columns with a btree index, whose current minimum and maximum the
# planner reads (get_actual_variable_range).
INDEXED = {"tenk1": ["unique1", "unique2", "hundred", "thousand"],
           "onek": ["unique1", "unique2", "hundred", "stringu1"]}

# Join queries whose top-level row estimates selfuncs_test.go reproduces.
JOINS = [
    "select * from tenk1 a join tenk1 b on a.hundred = b.hundred",
    "select * from tenk1 a join tenk1 b on a.unique1 = b.unique2",
    "select * from tenk1 a join onek b on a.thousand = b.thousand",
    "select * from tenk1 a join onek b on a.unique1 = b.unique1",
    "select * from tenk1 a join onek b on a.stringu1 = b.stringu1",
    "select * from tenk1 a join onek b on a.fivethous = b.unique1",
    "select * from tenk1 a join onek b on a.twothousand = b.fivethous",
    "select * from onek where unique1 in (select hundred from tenk1)",
    "select * from tenk1 where hundred in (select unique1 from onek)",
    "select * from tenk1 where thousand in (select ten from onek)",
    "select * from tenk1 a where exists (select 1 from onek b where b.unique1 = a.unique1)",
    "select * from tenk1 a where not exists (select 1 from onek b where b.twenty = a.twenty)",
    "select * from onek a where exists (select 1 from tenk1 b where b.fivethous = a.thousand and b.ten = 1)",
]


def psql(sql):
    out = subprocess.run(["psql", "-X", "-At", "-F", SEP, *CONN, "-c", sql],
                         check=True, capture_output=True, text=True).stdout
    return [line.split(SEP) for line in out.splitlines() if line != ""]


def gostr(s):
    if "`" not in s:
        return "`" + s + "`"
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def rows_of(sql):
    first = psql("explain " + sql)[0][0]
    return int(re.search(r"rows=(\d+)", first).group(1))


def stats_block():
    lines = []
    for tab in TABLES:
        rows = psql(f"""
            select s.attname, a.atttypid, a.atttypmod, coalesce(s.null_frac::text, ''), s.avg_width,
                   s.n_distinct::text, coalesce(s.most_common_vals::text, ''),
                   coalesce(s.most_common_freqs::text, ''), coalesce(s.histogram_bounds::text, ''),
                   coalesce(s.correlation::text, '')
            from pg_stats s join pg_attribute a
              on a.attrelid = '{tab}'::regclass and a.attname = s.attname
            where s.schemaname = 'public' and s.tablename = '{tab}' order by a.attnum""")
        for (att, typ, typmod, nf, w, nd, mcv, freqs, hist, corr) in rows:
            lines.append(f'\t"{tab}.{att}": {{typ: {typ}, typmod: {typmod}, nullFrac: "{nf}", width: {w}, '
                         f'distinct: "{nd}", mcv: {gostr(mcv)}, freqs: {gostr(freqs)}, '
                         f'hist: {gostr(hist)}, corr: "{corr}"}},')
    return lines


def rel_block():
    lines = []
    for tab in TABLES:
        (pages, tuples), = psql(f"select relpages, reltuples from pg_class where oid = '{tab}'::regclass")
        lines.append(f'\t"{tab}": {{pages: {pages}, tuples: {tuples}}},')
    return lines


def statmix_order():
    ids = [int(r[0]) for r in psql("select id from statmix order by ctid")]
    runs, start, prev = [], ids[0], ids[0]
    for x in ids[1:]:
        if x == prev + 1:
            prev = x
            continue
        runs.append((start, prev))
        start = prev = x
    runs.append((start, prev))
    return ",".join(f"{a}-{b}" if a != b else str(a) for a, b in runs)


def main():
    root = os.getcwd()
    stats = stats_block()
    rels = rel_block()
    with open(os.path.join(root, "internal/commands/pgstats_data_test.go"), "w") as f:
        f.write("// Code generated by testdata/gen_pgstats.py from PostgreSQL 15; DO NOT EDIT.\n\n")
        f.write("package commands\n\n")
        f.write("// pgRels holds pg_class.relpages and reltuples after ANALYZE.\n")
        f.write("var pgRels = map[string]pgRel{\n" + "\n".join(rels) + "\n}\n\n")
        f.write("// pgStats holds pg_stats of every analyzed column, keyed table.column.\n")
        f.write("var pgStats = map[string]pgColumn{\n" + "\n".join(stats) + "\n}\n\n")
        f.write("// statmixOrder lists statmix's ids in physical (ctid) order as runs.\n")
        f.write(f'const statmixOrder = "{statmix_order()}"\n')

    preds = []
    for tab in TABLES:
        for p in PREDICATES[tab]:
            preds.append(f'\t{{{gostr(tab)}, {gostr(p)}, {rows_of(f"select * from {tab} where {p}")}}},')
    joins = [f"\t{{{gostr(q)}, {rows_of(q)}}}," for q in JOINS]
    ranges = []
    for tab, cols in INDEXED.items():
        for c in cols:
            (lo, hi), = psql(f"select min({c})::text, max({c})::text from {tab}")
            ranges.append(f'\t"{tab}.{c}": {{{gostr(lo)}, {gostr(hi)}}},')
    block = ["// BEGIN GENERATED by internal/commands/testdata/gen_pgstats.py; DO NOT EDIT.", "",
             "var pgRels = map[string]pgRel{", *rels, "}", "",
             "var pgStats = map[string]pgColumn{", *stats, "}", "",
             "// pgActualRange holds the current minimum and maximum of indexed columns.",
             "var pgActualRange = map[string][2]string{", *ranges, "}", "",
             "// pgRestrictRows holds EXPLAIN's row estimate of SELECT * FROM table WHERE clause.",
             "var pgRestrictRows = []struct {", "\ttable, clause string", "\trows          float64", "}{",
             *preds, "}", "",
             "// pgJoinRows holds EXPLAIN's top row estimate of each join query.",
             "var pgJoinRows = []struct {", "\tquery string", "\trows  float64", "}{", *joins, "}", "",
             "// END GENERATED"]
    path = os.path.join(root, "internal/optimizer/cost/selfuncs_test.go")
    src = open(path).read()
    begin = src.index("// BEGIN GENERATED")
    end = src.index("// END GENERATED") + len("// END GENERATED")
    open(path, "w").write(src[:begin] + "\n".join(block) + src[end:])
    subprocess.run(["gofmt", "-w", path, os.path.join(root, "internal/commands/pgstats_data_test.go")], check=True)


if __name__ == "__main__":
    main()
