// meta.go runs the shell's backslash commands: \q, \timing, \?, the
// describe commands (\d, \dt, \di, \dv, \ds, \dn, \du, \l), which send the
// catalog queries psql 15 sends and print what it prints, and \copy.

package shell

import (
	"context"

	"fmt"
	"github.com/jackc/pgx/v5"
	"io"
	"os"
	"regexp"
	"strings"
	"time"
)

const helpText = `General
  \q                     quit
  \timing [on|off]       show how long each statement takes
  \?                     this help
Informational
  \d [NAME]              list tables, views and sequences, or describe NAME
  \dt, \di, \dv, \ds     list tables, indexes, views, sequences
  \dn                    list schemas
  \du                    list roles
  \l                     list databases
Input/Output
  \copy TABLE [(COLS)] FROM|TO 'FILE'|stdin|stdout [WITH] [(OPTIONS)]
                         copy between a client-side file and a table
`

// Meta runs one backslash command line.
func (s *Shell) Meta(ctx context.Context, line string) error {
	cmd, arg, _ := strings.Cut(strings.TrimSpace(line), " ")
	arg = strings.TrimSpace(arg)
	switch cmd {
	case `\q`, `\quit`:
		s.quit = true
	case `\?`:
		io.WriteString(s.Out, helpText)
	case `\timing`:
		switch strings.ToLower(arg) {
		case "":
			s.timing = !s.timing
		case "on":
			s.timing = true
		case "off":
			s.timing = false
		default:
			fmt.Fprintf(s.Err, "\\timing: unrecognized value \"%s\": Boolean expected\n", arg)
			return nil
		}
		state := "off"
		if s.timing {
			state = "on"
		}
		fmt.Fprintf(s.Out, "Timing is %s.\n", state)
	case `\d`, `\d+`:
		if arg == "" {
			return s.listRelations(ctx, "'r','p','v','m','S','f',''", false)
		}
		return s.describe(ctx, arg)
	case `\dt`:
		return s.listRelations(ctx, "'r','p',''", false)
	case `\di`:
		return s.listRelations(ctx, "'i','I',''", true)
	case `\dv`:
		return s.listRelations(ctx, "'v',''", false)
	case `\ds`:
		return s.listRelations(ctx, "'S',''", false)
	case `\dn`:
		return s.titled(ctx, "List of schemas", `SELECT n.nspname AS "Name",
  pg_catalog.pg_get_userbyid(n.nspowner) AS "Owner"
FROM pg_catalog.pg_namespace n
WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
ORDER BY 1;`)
	case `\l`:
		return s.titled(ctx, "List of databases", `SELECT d.datname as "Name",
       pg_catalog.pg_get_userbyid(d.datdba) as "Owner",
       pg_catalog.pg_encoding_to_char(d.encoding) as "Encoding",
       d.datcollate as "Collate",
       d.datctype as "Ctype",
       d.daticulocale as "ICU Locale",
       CASE d.datlocprovider WHEN 'c' THEN 'libc' WHEN 'i' THEN 'icu' END AS "Locale Provider",
       pg_catalog.array_to_string(d.datacl, E'\n') AS "Access privileges"
FROM pg_catalog.pg_database d
ORDER BY 1;`)
	case `\du`:
		return s.listRoles(ctx)
	case `\copy`:
		return s.copy(ctx, arg)
	default:
		fmt.Fprintf(s.Err, "invalid command %s\nTry \\? for help.\n", cmd)
	}
	return nil
}

// rows runs a catalog query and returns its rows as text (nil: NULL).
func (s *Shell) rows(ctx context.Context, sql string, args ...any) ([][]*string, []string, error) {
	// The simple protocol returns every value as text, as it prints.
	rs, err := s.Conn.Query(ctx, sql, append([]any{pgx.QueryExecModeSimpleProtocol}, args...)...)
	if err != nil {
		return nil, nil, err
	}
	defer rs.Close()
	var names []string
	for _, f := range rs.FieldDescriptions() {
		names = append(names, f.Name)
	}
	var out [][]*string
	for rs.Next() {
		raw := rs.RawValues()
		row := make([]*string, len(raw))
		for i, v := range raw {
			if v != nil {
				str := string(v)
				row[i] = &str
			}
		}
		out = append(out, row)
	}
	return out, names, rs.Err()
}

// titled prints a catalog query's result under a title.
func (s *Shell) titled(ctx context.Context, title, sql string) error {
	rows, names, err := s.rows(ctx, sql)
	if err != nil {
		if s.report(err) {
			return nil
		}
		return err
	}
	(&table{title: title, headers: names, numeric: make([]bool, len(names)), rows: rows}).print(s.Out)
	return nil
}

// listRelations is \d, \dt, \di, \dv and \ds without a pattern.
func (s *Shell) listRelations(ctx context.Context, kinds string, indexes bool) error {
	var b strings.Builder
	b.WriteString(`SELECT n.nspname as "Schema",
  c.relname as "Name",
  CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'i' THEN 'index' WHEN 'S' THEN 'sequence' WHEN 't' THEN 'TOAST table' WHEN 'f' THEN 'foreign table' WHEN 'p' THEN 'partitioned table' WHEN 'I' THEN 'partitioned index' END as "Type",
  pg_catalog.pg_get_userbyid(c.relowner) as "Owner"`)
	if indexes {
		b.WriteString(`,
 c2.relname as "Table"`)
	}
	b.WriteString(`
FROM pg_catalog.pg_class c
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace`)
	if indexes {
		b.WriteString(`
     LEFT JOIN pg_catalog.pg_index i ON i.indexrelid = c.oid
     LEFT JOIN pg_catalog.pg_class c2 ON i.indrelid = c2.oid`)
	}
	fmt.Fprintf(&b, `
WHERE c.relkind IN (%s)
      AND n.nspname <> 'pg_catalog'
      AND n.nspname !~ '^pg_toast'
      AND n.nspname <> 'information_schema'
  AND pg_catalog.pg_table_is_visible(c.oid)
ORDER BY 1,2;`, kinds)
	rows, names, err := s.rows(ctx, b.String())
	if err != nil {
		if s.report(err) {
			return nil
		}
		return err
	}
	if len(rows) == 0 {
		fmt.Fprintln(s.Err, "Did not find any relations.")
		return nil
	}
	(&table{title: "List of relations", headers: names, numeric: make([]bool, len(names)), rows: rows}).print(s.Out)
	return nil
}

// listRoles is \du, its attributes worded as psql words them.
func (s *Shell) listRoles(ctx context.Context) error {
	rows, _, err := s.rows(ctx, `SELECT r.rolname, r.rolsuper, r.rolinherit,
  r.rolcreaterole, r.rolcreatedb, r.rolcanlogin,
  r.rolconnlimit, r.rolvaliduntil,
  ARRAY(SELECT b.rolname
        FROM pg_catalog.pg_auth_members m
        JOIN pg_catalog.pg_roles b ON (m.roleid = b.oid)
        WHERE m.member = r.oid) as memberof
, r.rolreplication
, r.rolbypassrls
FROM pg_catalog.pg_roles r
WHERE r.rolname !~ '^pg_'
ORDER BY 1;`)
	if err != nil {
		if s.report(err) {
			return nil
		}
		return err
	}
	t := &table{title: "List of roles", headers: []string{"Role name", "Attributes", "Member of"}, numeric: make([]bool, 3), noFooter: true}
	for _, r := range rows {
		on := func(i int) bool { return r[i] != nil && *r[i] == "t" }
		var attrs []string
		for _, a := range []struct {
			col  int
			name string
			want bool
		}{{1, "Superuser", true}, {2, "No inheritance", false}, {3, "Create role", true}, {4, "Create DB", true}, {5, "Cannot login", false}, {9, "Replication", true}, {10, "Bypass RLS", true}} {
			if on(a.col) == a.want {
				attrs = append(attrs, a.name)
			}
		}
		var lines []string
		if len(attrs) > 0 {
			lines = append(lines, strings.Join(attrs, ", "))
		}
		if r[6] != nil && *r[6] != "-1" {
			if *r[6] == "0" {
				lines = append(lines, "No connections")
			} else if *r[6] == "1" {
				lines = append(lines, "1 connection")
			} else {
				lines = append(lines, *r[6]+" connections")
			}
		}
		if r[7] != nil {
			lines = append(lines, "Password valid until "+*r[7])
		}
		joined := strings.Join(lines, "\n")
		t.rows = append(t.rows, []*string{r[0], &joined, r[8]})
	}
	t.print(s.Out)
	return nil
}

// namePattern splits a \d argument into schema and name at a dot outside
// quotes, unquoting quoted parts and folding the others to lower case, as
// psql does.
func namePattern(arg string) (schema, name string) {
	part := func(p string) string {
		if len(p) >= 2 && p[0] == '"' && p[len(p)-1] == '"' {
			return strings.ReplaceAll(p[1:len(p)-1], `""`, `"`)
		}
		return strings.ToLower(p)
	}
	inQuotes := false
	for i := 0; i < len(arg); i++ {
		switch arg[i] {
		case '"':
			inQuotes = !inQuotes
		case '.':
			if !inQuotes {
				return part(arg[:i]), part(arg[i+1:])
			}
		}
	}
	return "", part(arg)
}

// describe is \d NAME for a table, view or sequence: its columns, then
// for a table its indexes, check constraints and foreign keys, as psql
// prints them.
func (s *Shell) describe(ctx context.Context, arg string) error {
	schema, name := namePattern(arg)
	where := "c.relname = $1 AND pg_catalog.pg_table_is_visible(c.oid)"
	args := []any{name}
	if schema != "" {
		where, args = "c.relname = $1 AND n.nspname = $2", []any{name, schema}
	}
	rels, _, err := s.rows(ctx, `SELECT c.oid::pg_catalog.int8::pg_catalog.text, n.nspname, c.relname, c.relkind::pg_catalog.text
FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE `+where, args...)
	if err != nil {
		if s.report(err) {
			return nil
		}
		return err
	}
	if len(rels) == 0 {
		fmt.Fprintf(s.Err, "Did not find any relation named \"%s\".\n", arg)
		return nil
	}
	oid, nsp, rel, kind := *rels[0][0], *rels[0][1], *rels[0][2], *rels[0][3]
	kindName := map[string]string{"r": "Table", "v": "View", "S": "Sequence", "i": "Index", "p": "Partitioned table"}[kind]
	if kindName == "" {
		kindName = "Relation"
	}
	cols, _, err := s.rows(ctx, `SELECT a.attname,
  pg_catalog.format_type(a.atttypid, a.atttypmod),
  (SELECT c.collname FROM pg_catalog.pg_collation c, pg_catalog.pg_type t
   WHERE c.oid = a.attcollation AND t.oid = a.atttypid AND a.attcollation <> t.typcollation) AS attcollation,
  CASE WHEN a.attnotnull THEN 'not null' ELSE '' END,
  CASE a.attidentity WHEN 'a' THEN 'generated always as identity' WHEN 'd' THEN 'generated by default as identity' ELSE
  (SELECT pg_catalog.pg_get_expr(d.adbin, d.adrelid, true)
   FROM pg_catalog.pg_attrdef d
   WHERE d.adrelid = a.attrelid AND d.adnum = a.attnum AND a.atthasdef) END
FROM pg_catalog.pg_attribute a
WHERE a.attrelid = $1::pg_catalog.oid AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attnum;`, oid)
	if err != nil {
		if s.report(err) {
			return nil
		}
		return err
	}
	var footer strings.Builder
	if kind == "r" || kind == "p" {
		idx, _, err := s.rows(ctx, `SELECT c2.relname, i.indisprimary::pg_catalog.text, i.indisunique::pg_catalog.text,
  pg_catalog.pg_get_indexdef(i.indexrelid, 0, true), con.contype::pg_catalog.text
FROM pg_catalog.pg_class c2, pg_catalog.pg_index i
  LEFT JOIN pg_catalog.pg_constraint con ON (conrelid = i.indrelid AND conindid = i.indexrelid AND contype IN ('p','u','x'))
WHERE i.indrelid = $1::pg_catalog.oid AND i.indexrelid = c2.oid
ORDER BY i.indisprimary DESC, c2.relname;`, oid)
		if err != nil {
			return err
		}
		if len(idx) > 0 {
			footer.WriteString("Indexes:\n")
			for _, r := range idx {
				def := *r[3]
				if i := strings.Index(def, " USING "); i >= 0 {
					def = def[i+7:]
				}
				label := ""
				switch {
				case *r[1] == "true":
					label = " PRIMARY KEY,"
				case *r[2] == "true" && r[4] != nil && *r[4] == "u":
					label = " UNIQUE CONSTRAINT,"
				case *r[2] == "true":
					label = " UNIQUE,"
				}
				fmt.Fprintf(&footer, "    \"%s\"%s %s\n", *r[0], label, def)
			}
		}
		for _, sect := range []struct{ title, kind string }{{"Check constraints:", "c"}, {"Foreign-key constraints:", "f"}} {
			cons, _, err := s.rows(ctx, `SELECT conname, pg_catalog.pg_get_constraintdef(oid, true)
FROM pg_catalog.pg_constraint WHERE conrelid = $1::pg_catalog.oid AND contype = $2 ORDER BY 1`, oid, sect.kind)
			if err != nil {
				return err
			}
			if len(cons) > 0 {
				footer.WriteString(sect.title + "\n")
				for _, r := range cons {
					fmt.Fprintf(&footer, "    \"%s\" %s\n", *r[0], *r[1])
				}
			}
		}
	}
	if kind == "r" || kind == "p" {
		refs, _, err := s.rows(ctx, `SELECT conname, conrelid::pg_catalog.regclass::pg_catalog.text, pg_catalog.pg_get_constraintdef(oid, true)
FROM pg_catalog.pg_constraint WHERE confrelid = $1::pg_catalog.oid AND contype = 'f' ORDER BY conname`, oid)
		if err != nil {
			return err
		}
		if len(refs) > 0 {
			footer.WriteString("Referenced by:\n")
			for _, r := range refs {
				fmt.Fprintf(&footer, "    TABLE \"%s\" CONSTRAINT \"%s\" %s\n", *r[1], *r[0], *r[2])
			}
		}
	}
	title := fmt.Sprintf("%s \"%s.%s\"", kindName, nsp, rel)
	t := &table{title: title, headers: []string{"Column", "Type", "Collation", "Nullable", "Default"}, numeric: make([]bool, 5), rows: cols}
	var out strings.Builder
	t.print(&out)
	text := out.String()
	// psql puts the footer where the row count would be.
	if i := strings.LastIndex(strings.TrimSuffix(text, "\n\n"), "\n("); i >= 0 {
		text = text[:i+1]
	}
	io.WriteString(s.Out, text+footer.String()+"\n")
	return nil
}

// copyRE parses \copy's arguments.
var copyRE = regexp.MustCompile(`(?is)^(\S+(?:\s*\([^)]*\))?)\s+(from|to)\s+('(?:[^']|'')*'|stdin|stdout|pstdin|pstdout)\s*(?:with\s*)?(.*)$`)

// copy is \copy: COPY ... FROM STDIN or TO STDOUT with a file on this
// side; a large FROM file shows a progress bar.
func (s *Shell) copy(ctx context.Context, arg string) error {
	m := copyRE.FindStringSubmatch(arg)
	if m == nil {
		fmt.Fprintln(s.Err, "\\copy: parse error at end of line")
		return nil
	}
	target, dir, file, opts := m[1], strings.ToLower(m[2]), m[3], strings.TrimSpace(m[4])
	start := time.Now()
	if dir == "from" {
		sql := "COPY " + target + " FROM STDIN " + opts
		var r io.Reader = os.Stdin
		var size int64
		if strings.HasPrefix(file, "'") {
			f, err := os.Open(strings.ReplaceAll(file[1:len(file)-1], "''", "'"))
			if err != nil {
				fmt.Fprintf(s.Err, "%v\n", err)
				return nil
			}
			defer f.Close()
			if st, err := f.Stat(); err == nil {
				size = st.Size()
			}
			r = f
		}
		if s.Progress && size >= 4<<20 {
			pr := &progressReader{r: r, total: size, out: s.Err}
			defer pr.finish()
			r = pr
		}
		tag, err := s.Conn.PgConn().CopyFrom(ctx, r, sql)
		if err != nil {
			if s.report(err) {
				return nil
			}
			return err
		}
		fmt.Fprintln(s.Out, tag.String())
	} else {
		sql := "COPY " + target + " TO STDOUT " + opts
		var w io.Writer = s.Out
		if strings.HasPrefix(file, "'") {
			f, err := os.Create(strings.ReplaceAll(file[1:len(file)-1], "''", "'"))
			if err != nil {
				fmt.Fprintf(s.Err, "%v\n", err)
				return nil
			}
			defer f.Close()
			w = f
		}
		tag, err := s.Conn.PgConn().CopyTo(ctx, w, sql)
		if err != nil {
			if s.report(err) {
				return nil
			}
			return err
		}
		fmt.Fprintln(s.Out, tag.String())
	}
	if s.timing {
		fmt.Fprintf(s.Out, "Time: %.3f ms\n", float64(time.Since(start).Microseconds())/1000)
	}
	return nil
}

// progressReader draws a bar of how much of a file \copy has sent.
type progressReader struct {
	r     io.Reader
	total int64
	done  int64
	out   io.Writer
	last  time.Time
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	p.done += int64(n)
	if time.Since(p.last) >= 200*time.Millisecond || err == io.EOF {
		p.last = time.Now()
		p.draw()
	}
	return n, err
}

func (p *progressReader) draw() {
	const width = 30
	frac := float64(p.done) / float64(p.total)
	frac = min(frac, 1)
	filled := int(frac * width)
	fmt.Fprintf(p.out, "\r\\copy [%s%s] %3.0f%%  %.1f/%.1f MB", strings.Repeat("#", filled), strings.Repeat(".", width-filled),
		frac*100, float64(p.done)/(1<<20), float64(p.total)/(1<<20))
}

func (p *progressReader) finish() {
	p.draw()
	fmt.Fprintln(p.out)
}
