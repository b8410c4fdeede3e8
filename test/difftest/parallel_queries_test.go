package difftest

// parallelSettings put both servers in the configuration of the parallel
// query acceptance suite: parallel plans cost nothing extra, so the planner
// uses them wherever PostgreSQL could.
var parallelSettings = []string{
	"SET parallel_setup_cost = 0",
	"SET parallel_tuple_cost = 0",
	"SET min_parallel_table_scan_size = 0",
	"SET max_parallel_workers_per_gather = 2",
}

// parallelQueries is the single-table parallel suite: filters, aggregates
// with few and many groups, DISTINCT, and ORDER BY / LIMIT through Gather
// Merge, over shared/pgregress data. Each is compared with PostgreSQL 15
// for its result and its EXPLAIN (COSTS OFF) plan under parallelSettings.
var parallelQueries = []string{
	// Filters and projections.
	`SELECT count(*) FROM tenk1 WHERE ten < 5`,
	`SELECT count(*) FROM tenk1`,
	`SELECT count(*) FROM tenk1 WHERE two = 1`,
	`SELECT count(*) FROM tenk1 WHERE four = 2 AND ten = 2`,
	`SELECT count(*) FROM tenk1 WHERE ten IN (1, 3, 5)`,
	`SELECT count(*) FROM tenk1 WHERE ten NOT IN (1, 3, 5)`,
	`SELECT count(*) FROM tenk1 WHERE odd = 51 OR even = 52`,
	`SELECT count(*) FROM tenk1 WHERE stringu1 LIKE 'A%'`,
	`SELECT count(*) FROM tenk1 WHERE string4 = 'HHHHxx'`,
	`SELECT count(*) FROM tenk1 WHERE twenty % 3 = 1`,
	`SELECT count(*) FROM tenk1 WHERE ten + four > 10`,
	`SELECT count(*) FROM tenk1 WHERE stringu1 IS NOT NULL`,
	`SELECT count(*) FROM tenk1 WHERE ten BETWEEN 2 AND 4`,
	`SELECT count(*) FROM tenk1 WHERE NOT (ten = 1)`,
	`SELECT count(*) FROM tenk1 WHERE string4 <> 'AAAAxx' AND two = 0`,
	`SELECT unique1, stringu1 FROM tenk1 WHERE ten = 3 AND hundred = 13`,
	`SELECT ten, four FROM tenk1 WHERE twenty = 7 AND thousand < 100`,
	`SELECT stringu1 FROM tenk1 WHERE string4 = 'OOOOxx' AND twothousand = 15`,
	`SELECT * FROM tenk1 WHERE fivethous = 77`,
	`SELECT two, four, ten FROM tenk1 WHERE twenty = 19 AND fivethous > 4900`,
	`SELECT ten * 2, four + 1 FROM tenk1 WHERE thousand = 3`,
	`SELECT count(*) FROM onek WHERE ten < 3`,
	`SELECT count(*) FROM onek WHERE stringu1 < 'B'`,
	`SELECT count(*) FROM onek2 WHERE four = 1`,
	`SELECT count(*) FROM tenk2 WHERE ten = 9`,
	`SELECT count(*) FROM tenk2 WHERE two = 0 AND four = 0`,
	// Plain aggregates.
	`SELECT sum(unique1) FROM tenk1`,
	`SELECT avg(unique2) FROM tenk1`,
	`SELECT min(ten), max(ten) FROM tenk1`,
	`SELECT min(stringu1), max(string4) FROM tenk1`,
	`SELECT sum(ten), avg(four), count(*) FROM tenk1 WHERE two = 1`,
	`SELECT count(stringu1) FROM tenk1`,
	`SELECT sum(unique1::int8) FROM tenk1`,
	`SELECT avg(unique1::int8) FROM tenk1`,
	`SELECT sum(unique1::numeric), avg(unique2::numeric) FROM tenk1`,
	`SELECT sum(ten::int2), avg(four::int2) FROM tenk1`,
	`SELECT bool_and(ten < 10), bool_or(ten > 8), every(two < 2) FROM tenk1`,
	`SELECT count(*), sum(hundred) FROM tenk1 WHERE ten = 1`,
	`SELECT max(unique1) - min(unique1) FROM tenk1`,
	`SELECT count(*) + 1 FROM tenk1 WHERE four = 3`,
	`SELECT count(*) FROM tenk1 HAVING count(*) > 5`,
	`SELECT sum(ten) FROM tenk1 HAVING sum(ten) < 0`,
	`SELECT sum(unique1) FROM onek`,
	`SELECT avg(ten) FROM tenk2`,
	`SELECT count(DISTINCT ten) FROM tenk1`,
	`SELECT sum(DISTINCT four) FROM tenk1`,
	// Few groups.
	`SELECT ten, count(*) FROM tenk1 GROUP BY ten ORDER BY ten`,
	`SELECT four, sum(unique1) FROM tenk1 GROUP BY four ORDER BY four`,
	`SELECT two, four, count(*) FROM tenk1 GROUP BY two, four ORDER BY two, four`,
	`SELECT string4, count(*) FROM tenk1 GROUP BY string4 ORDER BY string4`,
	`SELECT ten, avg(unique1), min(unique2), max(unique2) FROM tenk1 GROUP BY ten ORDER BY ten`,
	`SELECT twenty, count(*) FROM tenk1 WHERE four = 1 GROUP BY twenty ORDER BY twenty`,
	`SELECT ten, count(*) FROM tenk1 GROUP BY ten HAVING count(*) > 999 ORDER BY ten`,
	`SELECT ten, sum(four) FROM tenk1 GROUP BY ten HAVING sum(four) > 1500 ORDER BY ten`,
	`SELECT ten, count(*) FROM tenk1 GROUP BY ten`,
	`SELECT four, count(*) FROM tenk1 GROUP BY four ORDER BY count(*) DESC, four`,
	`SELECT ten % 3, count(*) FROM tenk1 GROUP BY ten % 3 ORDER BY 1`,
	`SELECT string4, ten, count(*) FROM tenk1 GROUP BY string4, ten ORDER BY string4, ten`,
	`SELECT ten, bool_and(two = 0) FROM tenk1 GROUP BY ten ORDER BY ten`,
	`SELECT ten, count(*) FROM onek GROUP BY ten ORDER BY ten`,
	`SELECT four, avg(ten) FROM tenk2 GROUP BY four ORDER BY four`,
	`SELECT ten, count(DISTINCT four) FROM tenk1 GROUP BY ten ORDER BY ten`,
	// Many groups.
	`SELECT thousand, count(*) FROM tenk1 GROUP BY thousand ORDER BY thousand LIMIT 10`,
	`SELECT hundred, sum(unique1) FROM tenk1 GROUP BY hundred ORDER BY hundred`,
	`SELECT twothousand, count(*) FROM tenk1 GROUP BY twothousand ORDER BY 2 DESC, 1 LIMIT 5`,
	`SELECT fivethous, count(*) FROM tenk1 GROUP BY fivethous HAVING count(*) > 1 ORDER BY fivethous LIMIT 20`,
	`SELECT unique1 % 1000, count(*) FROM tenk1 GROUP BY 1 ORDER BY 1 LIMIT 10`,
	`SELECT hundred, ten, count(*) FROM tenk1 GROUP BY hundred, ten ORDER BY hundred, ten LIMIT 15`,
	`SELECT thousand, max(unique1) FROM tenk1 WHERE ten = 4 GROUP BY thousand ORDER BY thousand LIMIT 8`,
	`SELECT stringu1, count(*) FROM tenk1 GROUP BY stringu1 ORDER BY stringu1 LIMIT 5`,
	`SELECT count(*) FROM (SELECT thousand FROM tenk1 GROUP BY thousand) s`,
	`SELECT hundred, count(*) FROM tenk1 GROUP BY hundred`,
	`SELECT thousand, sum(ten) FROM tenk1 GROUP BY thousand`,
	`SELECT hundred, avg(unique1) FROM onek GROUP BY hundred ORDER BY hundred LIMIT 5`,
	// DISTINCT.
	`SELECT DISTINCT ten FROM tenk1 ORDER BY ten`,
	`SELECT DISTINCT four, two FROM tenk1 ORDER BY four, two`,
	`SELECT DISTINCT string4 FROM tenk1 ORDER BY 1`,
	`SELECT DISTINCT ten FROM tenk1`,
	`SELECT DISTINCT hundred FROM tenk1 ORDER BY hundred LIMIT 5`,
	`SELECT DISTINCT thousand FROM tenk1 ORDER BY thousand DESC LIMIT 7`,
	`SELECT DISTINCT ten, four FROM tenk1 WHERE two = 1 ORDER BY 1, 2`,
	`SELECT count(*) FROM (SELECT DISTINCT hundred FROM tenk1) s`,
	`SELECT DISTINCT ten % 4 FROM tenk1 ORDER BY 1`,
	`SELECT DISTINCT four FROM onek ORDER BY four`,
	`SELECT DISTINCT stringu1 FROM tenk1 WHERE unique1 < 20 ORDER BY 1`,
	// ORDER BY and LIMIT through Gather Merge.
	`SELECT unique1 FROM tenk1 ORDER BY unique1 LIMIT 5`,
	`SELECT unique1, ten FROM tenk1 WHERE ten = 7 ORDER BY unique1 LIMIT 10`,
	`SELECT stringu1 FROM tenk1 ORDER BY stringu1 DESC LIMIT 3`,
	`SELECT ten, unique2 FROM tenk1 ORDER BY ten, unique2 LIMIT 12`,
	`SELECT four, ten, hundred FROM tenk1 WHERE thousand < 30 ORDER BY hundred, four`,
	`SELECT hundred FROM tenk1 WHERE ten = 1 ORDER BY hundred DESC LIMIT 20`,
	`SELECT unique2 FROM tenk1 WHERE four = 3 ORDER BY unique2 LIMIT 50 OFFSET 10`,
	`SELECT twenty, unique1 FROM tenk1 WHERE thousand = 42 ORDER BY twenty, unique1`,
	`SELECT string4, unique1 FROM tenk1 WHERE hundred = 99 ORDER BY string4, unique1`,
	`SELECT fivethous FROM tenk1 ORDER BY fivethous LIMIT 25`,
	`SELECT ten + four AS s FROM tenk1 WHERE hundred < 3 ORDER BY s, 1 LIMIT 30`,
	`SELECT unique1 FROM tenk1 WHERE stringu1 > 'W' ORDER BY unique1 DESC LIMIT 4`,
	`SELECT thousand, twothousand FROM tenk1 ORDER BY thousand, twothousand LIMIT 6`,
	`SELECT unique1 FROM onek ORDER BY unique1 DESC LIMIT 3`,
	`SELECT unique2 FROM tenk2 WHERE ten = 2 ORDER BY unique2 LIMIT 7`,
	`SELECT ten FROM tenk1 ORDER BY ten LIMIT 1`,
	`SELECT * FROM tenk1 ORDER BY unique2 LIMIT 2`,
	`SELECT even, odd FROM tenk1 WHERE two = 0 ORDER BY even DESC, odd LIMIT 9`,
	`SELECT stringu2 FROM tenk1 WHERE four = 0 ORDER BY stringu2 LIMIT 11`,
	`SELECT unique1 FROM tenk1 WHERE ten = 0 ORDER BY unique1 OFFSET 990`,
	// Restricted and unsafe work keeps the plan serial, or above the Gather.
	`SELECT count(*) FROM tenk1 WHERE unique1 < (SELECT max(ten) FROM onek)`,
	`SELECT ten, (SELECT count(*) FROM onek o WHERE o.ten = t.ten) FROM tenk1 t WHERE unique1 < 5 ORDER BY 1`,
	`SELECT count(*) FROM tenk1 WHERE EXISTS (SELECT 1 FROM onek WHERE onek.unique1 = tenk1.hundred AND onek.ten = 1)`,
	`SELECT sum(x) FROM (SELECT ten AS x FROM tenk1 WHERE four = 1) s`,
	`SELECT count(*) FROM (SELECT * FROM tenk1 WHERE ten = 3 LIMIT 100) s`,
}

// parallelIndexQueries exercise Parallel Index Scan and Parallel Index Only
// Scan: range conditions, ordered output through Gather Merge, and
// grouping on an index's order.
var parallelIndexQueries = []string{
	`SELECT count(unique1) FROM tenk1 WHERE hundred > 1`,
	`SELECT count(*) FROM tenk1 WHERE thousand > 95`,
	`SELECT unique1 FROM tenk1 WHERE unique1 < 3000 ORDER BY unique1`,
	`SELECT * FROM tenk1 ORDER BY unique2 LIMIT 50`,
	`SELECT thousand, tenthous FROM tenk1 WHERE thousand < 100 ORDER BY thousand, tenthous`,
	`SELECT hundred, count(*) FROM tenk1 GROUP BY hundred ORDER BY hundred`,
	`SELECT unique2, ten FROM tenk1 WHERE unique2 > 9000 ORDER BY unique2 DESC`,
	`SELECT sum(unique1) FROM tenk1 WHERE unique1 BETWEEN 100 AND 5000`,
	`SELECT ten, count(*) FROM tenk1 WHERE hundred < 50 GROUP BY ten ORDER BY ten`,
	`SELECT hundred, sum(unique1), max(stringu1) FROM tenk1 WHERE hundred BETWEEN 10 AND 40 GROUP BY hundred ORDER BY hundred`,
	`SELECT count(*) FROM tenk2 WHERE unique1 < 7000 AND ten = 3`,
	`SELECT unique1, unique2 FROM tenk1 WHERE unique1 > 9990 ORDER BY unique1`,
	`SELECT count(*) FROM tenk1 WHERE hundred = 42`,
	`SELECT count(*) FROM tenk1 WHERE thousand = 7 AND tenthous > 5000`,
}

// parallelSubplanQueries filter a table big enough for workers with an
// uncorrelated subquery too small for them: each worker runs the
// (hashed) SubPlan itself, as PostgreSQL runs parallel-safe SubPlans.
var parallelSubplanQueries = []string{
	`SELECT count(*) FROM tenk1 WHERE hundred IN (SELECT f1 FROM int4_tbl) OR ten = 3`,
	`SELECT count(*) FROM tenk1 WHERE unique1 NOT IN (SELECT unique2 FROM onek WHERE ten = 1) AND two = 0`,
	`SELECT sum(unique1) FROM tenk1 WHERE stringu1 NOT IN (SELECT stringu1 FROM onek WHERE unique1 < 100)`,
	`SELECT ten, count(*) FROM tenk1 WHERE four NOT IN (SELECT f1 FROM int4_tbl WHERE f1 IS NOT NULL) GROUP BY ten ORDER BY ten`,
	`SELECT count(*) FROM tenk1 WHERE thousand = ANY (SELECT unique1 FROM onek WHERE unique1 < 30) OR hundred = 7`,
	`SELECT count(*) FROM tenk1 t WHERE EXISTS (SELECT 1 FROM int4_tbl WHERE f1 > 0) AND t.ten = 1`,
}

// parallelInitPlanQueries filter a table big enough for workers with the
// result of an uncorrelated subquery (an InitPlan): the Gather computes it
// in the leader and passes it to the workers ("Params Evaluated").
var parallelInitPlanQueries = []string{
	`SELECT count(*) FROM tenk1 WHERE unique1 > (SELECT avg(unique1) FROM onek)`,
	`SELECT count(*), sum(unique2) FROM tenk1 WHERE ten = (SELECT max(f1) FROM int4_tbl WHERE f1 < 10)`,
	`SELECT hundred, count(*) FROM tenk1 WHERE thousand < (SELECT count(*) FROM onek WHERE ten = 1) GROUP BY hundred ORDER BY hundred`,
	`SELECT count(*) FROM tenk1 WHERE unique1 BETWEEN (SELECT min(unique1) FROM onek) AND (SELECT max(unique2) FROM onek WHERE four = 1)`,
	`SELECT count(*) FROM tenk1 a WHERE a.stringu1 > (SELECT max(stringu1) FROM onek WHERE unique1 < 5) AND a.two = 1`,
	`SELECT ten, sum(unique1) FROM tenk1 WHERE odd > (SELECT avg(odd) FROM onek) GROUP BY ten ORDER BY ten`,
}
