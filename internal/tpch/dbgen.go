// Package tpch generates TPC-H data and holds the benchmark's 22 queries.
//
// The generator follows the specification's schema, row counts and value
// distributions (TPC-H 3.0.1, clause 4.2.3): sparse order keys, four
// suppliers per part by the spec's formula, retail prices from the part key,
// order status and total price derived from the order's line items, comments
// cut from a pool of sentences in the spec's grammar. It is deterministic
// (the same scale factor gives the same bytes) but does not reproduce
// dbgen's exact random streams. Rows are produced in independent chunks so
// that a caller can generate a table with every core.
package tpch

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"
)

// Tables lists the eight tables in load order.
var Tables = []string{"region", "nation", "part", "supplier", "partsupp", "customer", "orders", "lineitem"}

// Schema is the spec's DDL (clause 1.4.1) with PostgreSQL types; primary keys
// are left to the caller, as loaders add them after the data.
const Schema = `CREATE TABLE region (r_regionkey integer NOT NULL, r_name char(25) NOT NULL, r_comment varchar(152));
CREATE TABLE nation (n_nationkey integer NOT NULL, n_name char(25) NOT NULL, n_regionkey integer NOT NULL, n_comment varchar(152));
CREATE TABLE part (p_partkey integer NOT NULL, p_name varchar(55) NOT NULL, p_mfgr char(25) NOT NULL, p_brand char(10) NOT NULL, p_type varchar(25) NOT NULL, p_size integer NOT NULL, p_container char(10) NOT NULL, p_retailprice decimal(15,2) NOT NULL, p_comment varchar(23) NOT NULL);
CREATE TABLE supplier (s_suppkey integer NOT NULL, s_name char(25) NOT NULL, s_address varchar(40) NOT NULL, s_nationkey integer NOT NULL, s_phone char(15) NOT NULL, s_acctbal decimal(15,2) NOT NULL, s_comment varchar(101) NOT NULL);
CREATE TABLE partsupp (ps_partkey integer NOT NULL, ps_suppkey integer NOT NULL, ps_availqty integer NOT NULL, ps_supplycost decimal(15,2) NOT NULL, ps_comment varchar(199) NOT NULL);
CREATE TABLE customer (c_custkey integer NOT NULL, c_name varchar(25) NOT NULL, c_address varchar(40) NOT NULL, c_nationkey integer NOT NULL, c_phone char(15) NOT NULL, c_acctbal decimal(15,2) NOT NULL, c_mktsegment char(10) NOT NULL, c_comment varchar(117) NOT NULL);
CREATE TABLE orders (o_orderkey integer NOT NULL, o_custkey integer NOT NULL, o_orderstatus char(1) NOT NULL, o_totalprice decimal(15,2) NOT NULL, o_orderdate date NOT NULL, o_orderpriority char(15) NOT NULL, o_clerk char(15) NOT NULL, o_shippriority integer NOT NULL, o_comment varchar(79) NOT NULL);
CREATE TABLE lineitem (l_orderkey integer NOT NULL, l_partkey integer NOT NULL, l_suppkey integer NOT NULL, l_linenumber integer NOT NULL, l_quantity decimal(15,2) NOT NULL, l_extendedprice decimal(15,2) NOT NULL, l_discount decimal(15,2) NOT NULL, l_tax decimal(15,2) NOT NULL, l_returnflag char(1) NOT NULL, l_linestatus char(1) NOT NULL, l_shipdate date NOT NULL, l_commitdate date NOT NULL, l_receiptdate date NOT NULL, l_shipinstruct char(25) NOT NULL, l_shipmode char(10) NOT NULL, l_comment varchar(44) NOT NULL);
`

// Delimiter separates the fields of generated rows: load them with
// COPY table FROM STDIN (DELIMITER '|'). No generated value contains it, a
// tab, a backslash or a newline.
const Delimiter = '|'

var (
	regions = []string{"AFRICA", "AMERICA", "ASIA", "EUROPE", "MIDDLE EAST"}
	nations = []struct {
		name   string
		region int
	}{
		{"ALGERIA", 0}, {"ARGENTINA", 1}, {"BRAZIL", 1}, {"CANADA", 1}, {"EGYPT", 4},
		{"ETHIOPIA", 0}, {"FRANCE", 3}, {"GERMANY", 3}, {"INDIA", 2}, {"INDONESIA", 2},
		{"IRAN", 4}, {"IRAQ", 4}, {"JAPAN", 2}, {"JORDAN", 4}, {"KENYA", 0},
		{"MOROCCO", 0}, {"MOZAMBIQUE", 0}, {"PERU", 1}, {"CHINA", 2}, {"ROMANIA", 3},
		{"SAUDI ARABIA", 4}, {"VIETNAM", 2}, {"RUSSIA", 3}, {"UNITED KINGDOM", 3}, {"UNITED STATES", 1},
	}
	colors = []string{"almond", "antique", "aquamarine", "azure", "beige", "bisque", "black",
		"blanched", "blue", "blush", "brown", "burlywood", "burnished", "chartreuse", "chiffon",
		"chocolate", "coral", "cornflower", "cornsilk", "cream", "cyan", "dark", "deep", "dim",
		"dodger", "drab", "firebrick", "floral", "forest", "frosted", "gainsboro", "ghost",
		"goldenrod", "green", "grey", "honeydew", "hot", "indian", "ivory", "khaki", "lace",
		"lavender", "lawn", "lemon", "light", "lime", "linen", "magenta", "maroon", "medium",
		"metallic", "midnight", "mint", "misty", "moccasin", "navajo", "navy", "olive", "orange",
		"orchid", "pale", "papaya", "peach", "peru", "pink", "plum", "powder", "puff", "purple",
		"red", "rose", "rosy", "royal", "saddle", "salmon", "sandy", "seashell", "sienna", "sky",
		"slate", "smoke", "snow", "spring", "steel", "tan", "thistle", "tomato", "turquoise",
		"violet", "wheat", "white", "yellow"}
	typeSyl1      = []string{"STANDARD", "SMALL", "MEDIUM", "LARGE", "ECONOMY", "PROMO"}
	typeSyl2      = []string{"ANODIZED", "BURNISHED", "PLATED", "POLISHED", "BRUSHED"}
	typeSyl3      = []string{"TIN", "NICKEL", "BRASS", "STEEL", "COPPER"}
	containerSyl1 = []string{"SM", "LG", "MED", "JUMBO", "WRAP"}
	containerSyl2 = []string{"CASE", "BOX", "BAG", "JAR", "PKG", "PACK", "CAN", "DRUM"}
	segments      = []string{"AUTOMOBILE", "BUILDING", "FURNITURE", "MACHINERY", "HOUSEHOLD"}
	priorities    = []string{"1-URGENT", "2-HIGH", "3-MEDIUM", "4-NOT SPECIFIED", "5-LOW"}
	instructions  = []string{"DELIVER IN PERSON", "COLLECT COD", "NONE", "TAKE BACK RETURN"}
	shipModes     = []string{"REG AIR", "AIR", "RAIL", "SHIP", "TRUCK", "MAIL", "FOB"}
)

// Dates are days since STARTDATE (1992-01-01).
var (
	epoch       = time.Date(1992, 1, 1, 0, 0, 0, 0, time.UTC)
	currentDate = days(time.Date(1995, 6, 17, 0, 0, 0, 0, time.UTC))
	endDate     = days(time.Date(1998, 12, 31, 0, 0, 0, 0, time.UTC))
	dateText    = func() []string {
		s := make([]string, endDate+200)
		for i := range s {
			s[i] = epoch.AddDate(0, 0, i).Format("2006-01-02")
		}
		return s
	}()
)

func days(t time.Time) int { return int(t.Sub(epoch).Hours() / 24) }

// Rows per chunk: a chunk is generated from its own random stream.
const (
	partsPerChunk     = 2000
	suppliersPerChunk = 1000
	customersPerChunk = 5000
	ordersPerChunk    = 5000
)

func scaled(sf float64, base int) int { return int(sf * float64(base)) }

func numParts(sf float64) int     { return scaled(sf, 200000) }
func numSuppliers(sf float64) int { return scaled(sf, 10000) }
func numCustomers(sf float64) int { return scaled(sf, 150000) }
func numOrders(sf float64) int    { return scaled(sf, 1500000) }

func chunksOf(n, per int) int { return (n + per - 1) / per }

// Chunks returns the number of chunks of table at scale factor sf.
func Chunks(table string, sf float64) int {
	switch table {
	case "region", "nation":
		return 1
	case "part", "partsupp":
		return chunksOf(numParts(sf), partsPerChunk)
	case "supplier":
		return chunksOf(numSuppliers(sf), suppliersPerChunk)
	case "customer":
		return chunksOf(numCustomers(sf), customersPerChunk)
	case "orders", "lineitem":
		return chunksOf(numOrders(sf), ordersPerChunk)
	}
	panic("tpch: unknown table " + table)
}

// chunkRand returns the random stream of one chunk; partsupp shares part's
// chunking but not its stream, and lineitem shares orders' stream because
// both come from the same orders.
func chunkRand(table string, chunk int) *rand.Rand {
	if table == "lineitem" {
		table = "orders"
	}
	seed := uint64(0)
	for _, c := range table {
		seed = seed*131 + uint64(c)
	}
	return rand.New(rand.NewPCG(seed, uint64(chunk)))
}

// Write writes all rows of table at scale factor sf to w.
func Write(w io.Writer, table string, sf float64) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	var buf []byte
	for c := 0; c < Chunks(table, sf); c++ {
		buf = AppendChunk(buf[:0], table, sf, c)
		if _, err := bw.Write(buf); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// AppendChunk appends the rows of one chunk of table, one per line with
// fields separated by Delimiter, to dst.
func AppendChunk(dst []byte, table string, sf float64, chunk int) []byte {
	g := gen{b: dst, r: chunkRand(table, chunk), sf: sf}
	switch table {
	case "region":
		for i, name := range regions {
			g.int(i).str(name).str(text(g.r, 31, 115)).end()
		}
	case "nation":
		for i, n := range nations {
			g.int(i).str(n.name).int(n.region).str(text(g.r, 31, 114)).end()
		}
	case "part":
		g.parts(chunk)
	case "partsupp":
		g.partsupps(chunk)
	case "supplier":
		g.suppliers(chunk)
	case "customer":
		g.customers(chunk)
	case "orders", "lineitem":
		g.orders(chunk, table == "lineitem")
	default:
		panic("tpch: unknown table " + table)
	}
	return g.b
}

// gen appends one chunk's rows.
type gen struct {
	b     []byte
	r     *rand.Rand
	sf    float64
	field bool // a field was written on this line
}

func (g *gen) sep() {
	if g.field {
		g.b = append(g.b, Delimiter)
	}
	g.field = true
}

func (g *gen) int(v int) *gen {
	g.sep()
	g.b = strconv.AppendInt(g.b, int64(v), 10)
	return g
}

func (g *gen) str(s string) *gen {
	g.sep()
	g.b = append(g.b, s...)
	return g
}

// money writes cents as a decimal with two places.
func (g *gen) money(cents int64) *gen {
	g.sep()
	if cents < 0 {
		g.b = append(g.b, '-')
		cents = -cents
	}
	g.b = strconv.AppendInt(g.b, cents/100, 10)
	g.b = append(g.b, '.', byte('0'+cents%100/10), byte('0'+cents%10))
	return g
}

func (g *gen) keyed(prefix string, key int) *gen {
	g.sep()
	g.b = fmt.Appendf(g.b, "%s#%09d", prefix, key)
	return g
}

func (g *gen) end() {
	g.b = append(g.b, '\n')
	g.field = false
}

// between returns a uniform integer in [lo, hi].
func (g *gen) between(lo, hi int) int { return lo + g.r.IntN(hi-lo+1) }

const vstringChars = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ, "

// vstring writes a random string of lo to hi characters (addresses).
func (g *gen) vstring(lo, hi int) *gen {
	g.sep()
	n := g.between(lo, hi)
	for range n {
		g.b = append(g.b, vstringChars[g.r.IntN(len(vstringChars))])
	}
	return g
}

// phone writes the spec's phone number for a nation: country code nation+10.
func (g *gen) phone(nation int) *gen {
	g.sep()
	g.b = fmt.Appendf(g.b, "%d-%d-%d-%d", nation+10, g.between(100, 999), g.between(100, 999), g.between(1000, 9999))
	return g
}

// retailPrice is P_RETAILPRICE in cents, a function of the part key.
func retailPrice(partkey int) int64 {
	return int64(90000 + (partkey/10)%20001 + 100*(partkey%1000))
}

// partSupplier is the i-th (0..3) supplier of a part.
func partSupplier(partkey, i, suppliers int) int {
	return (partkey+i*(suppliers/4+(partkey-1)/suppliers))%suppliers + 1
}

func chunkRange(chunk, per, total int) (lo, hi int) {
	lo = chunk*per + 1
	hi = min(lo+per-1, total)
	return lo, hi
}

func (g *gen) parts(chunk int) {
	lo, hi := chunkRange(chunk, partsPerChunk, numParts(g.sf))
	var name []byte
	for pk := lo; pk <= hi; pk++ {
		// Five distinct colors.
		var chosen [5]int
		name = name[:0]
		for i := range chosen {
			c := g.r.IntN(len(colors))
			for slices.Contains(chosen[:i], c) {
				c = g.r.IntN(len(colors))
			}
			chosen[i] = c
			if i > 0 {
				name = append(name, ' ')
			}
			name = append(name, colors[c]...)
		}
		m := g.between(1, 5)
		g.int(pk).str(string(name))
		g.sep()
		g.b = fmt.Appendf(g.b, "Manufacturer#%d", m)
		g.sep()
		g.b = fmt.Appendf(g.b, "Brand#%d%d", m, g.between(1, 5))
		g.str(pick(g.r, typeSyl1) + " " + pick(g.r, typeSyl2) + " " + pick(g.r, typeSyl3))
		g.int(g.between(1, 50))
		g.str(pick(g.r, containerSyl1) + " " + pick(g.r, containerSyl2))
		g.money(retailPrice(pk))
		g.str(text(g.r, 5, 22))
		g.end()
	}
}

func (g *gen) partsupps(chunk int) {
	lo, hi := chunkRange(chunk, partsPerChunk, numParts(g.sf))
	s := numSuppliers(g.sf)
	for pk := lo; pk <= hi; pk++ {
		for i := 0; i < 4; i++ {
			g.int(pk).int(partSupplier(pk, i, s)).int(g.between(1, 9999))
			g.money(int64(g.between(100, 100000)))
			g.str(text(g.r, 49, 198))
			g.end()
		}
	}
}

func (g *gen) suppliers(chunk int) {
	lo, hi := chunkRange(chunk, suppliersPerChunk, numSuppliers(g.sf))
	for sk := lo; sk <= hi; sk++ {
		nation := g.between(0, 24)
		g.int(sk).keyed("Supplier", sk).vstring(10, 40).int(nation).phone(nation)
		g.money(int64(g.between(-99999, 999999)))
		comment := text(g.r, 25, 100)
		// Clause 4.2.3: SF*5 suppliers complain, SF*5 recommend.
		if x := g.r.IntN(10000); x < 10 {
			word := "Complaints"
			if x >= 5 {
				word = "Recommends"
			}
			c := []byte(comment)
			n := len("Customer ") + len(word)
			if len(c) > n {
				at := g.r.IntN(len(c) - n)
				copy(c[at:], "Customer ")
				copy(c[len(c)-len(word):], word)
				comment = string(c)
			}
		}
		g.str(comment)
		g.end()
	}
}

func (g *gen) customers(chunk int) {
	lo, hi := chunkRange(chunk, customersPerChunk, numCustomers(g.sf))
	for ck := lo; ck <= hi; ck++ {
		nation := g.between(0, 24)
		g.int(ck).keyed("Customer", ck).vstring(10, 40).int(nation).phone(nation)
		g.money(int64(g.between(-99999, 999999)))
		g.str(pick(g.r, segments)).str(text(g.r, 29, 116))
		g.end()
	}
}

// orderKey maps the i-th order (1-based) to its sparse key: only the first 8
// of every 32 keys are used.
func orderKey(i int) int { return (i-1)/8*32 + (i-1)%8 + 1 }

type lineitem struct {
	partkey, suppkey, quantity, discount, tax int
	extended                                  int64
	returnflag, linestatus                    byte
	ship, commit, receipt                     int
	instruct, mode, comment                   string
}

func (g *gen) orders(chunk int, lineitems bool) {
	lo, hi := chunkRange(chunk, ordersPerChunk, numOrders(g.sf))
	customers, parts, suppliers := numCustomers(g.sf), numParts(g.sf), numSuppliers(g.sf)
	clerks := max(1, scaled(g.sf, 1000))
	var lines []lineitem
	for i := lo; i <= hi; i++ {
		ok := orderKey(i)
		ck := g.between(1, customers)
		for ck%3 == 0 { // a third of the customers place no orders
			ck = g.between(1, customers)
		}
		orderDate := g.between(0, endDate-151)
		priority := pick(g.r, priorities)
		clerk := g.between(1, clerks)
		comment := text(g.r, 19, 78)
		lines = lines[:0]
		var total int64
		var fCount int
		for ln := g.between(1, 7); ln > 0; ln-- {
			var l lineitem
			l.partkey = g.between(1, parts)
			l.suppkey = partSupplier(l.partkey, g.r.IntN(4), suppliers)
			l.quantity = g.between(1, 50)
			l.discount = g.between(0, 10)
			l.tax = g.between(0, 8)
			l.extended = int64(l.quantity) * retailPrice(l.partkey)
			l.ship = orderDate + g.between(1, 121)
			l.commit = orderDate + g.between(30, 90)
			l.receipt = l.ship + g.between(1, 30)
			l.returnflag = 'N'
			if l.receipt <= currentDate {
				l.returnflag = "RA"[g.r.IntN(2)]
			}
			l.linestatus = 'O'
			if l.ship <= currentDate {
				l.linestatus = 'F'
				fCount++
			}
			l.instruct = pick(g.r, instructions)
			l.mode = pick(g.r, shipModes)
			l.comment = text(g.r, 10, 43)
			// extendedprice * (1 + tax) * (1 - discount), rounded to cents.
			total += (l.extended*int64(100+l.tax)*int64(100-l.discount) + 5000) / 10000
			lines = append(lines, l)
		}
		if lineitems {
			for n, l := range lines {
				g.int(ok).int(l.partkey).int(l.suppkey).int(n + 1).money(int64(l.quantity) * 100)
				g.money(l.extended).money(int64(l.discount)).money(int64(l.tax))
				g.str(string(l.returnflag)).str(string(l.linestatus))
				g.str(dateText[l.ship]).str(dateText[l.commit]).str(dateText[l.receipt])
				g.str(l.instruct).str(l.mode).str(l.comment)
				g.end()
			}
			continue
		}
		status := "P"
		switch fCount {
		case len(lines):
			status = "F"
		case 0:
			status = "O"
		}
		g.int(ok).int(ck).str(status).money(total).str(dateText[orderDate]).str(priority)
		g.keyed("Clerk", clerk).int(0).str(comment)
		g.end()
	}
}
