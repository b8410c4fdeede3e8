// copy.go implements COPY ... FROM STDIN in text and CSV format (PG:
// commands/copyfrom.c, copyfromparse.c).

package session

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/loomdb/loomdb/internal/analyze"
	"github.com/loomdb/loomdb/internal/catalog"
	"github.com/loomdb/loomdb/internal/executor"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

func (s *Session) copyFrom(ctx context.Context, st *nodes.CopyStmt, p *Portal) error {
	tx := s.startTxn()
	snap := tx.StatementSnapshot()
	access := s.tableAccess(tx, snap)
	rel, err := access.Relation(st.RelOid)
	if err != nil {
		return err
	}
	if err := s.requireTablePrivileges(tx.CatalogSnapshot(), st.RelOid, "a"); err != nil {
		return err
	}
	if s.noticeSink == nil {
		return pgerror.Unsupported("COPY FROM STDIN is not available here")
	}
	r, err := s.noticeSink.CopyIn(len(st.Columns))
	if err != nil {
		return err
	}
	checks, err := analyze.TableChecks(rel, s.analyzeEnv(tx))
	if err != nil {
		drain(r)
		return err
	}
	constraints, err := executor.NewConstraintChecker(rel, checks)
	if err != nil {
		drain(r)
		return err
	}
	riKeys, err := analyze.RIKeys(rel, s.analyzeEnv(tx), nodes.CmdInsert)
	if err != nil {
		drain(r)
		return err
	}
	var riEvents []executor.RIEvent
	env := s.funcEnv()
	ins, err := access.NewInserter(rel)
	if err != nil {
		drain(r)
		return err
	}
	ctx, done := s.statementContext(ctx)
	defer done()
	ectx := executor.NewExprContext(ctx, &env)
	br := bufio.NewReaderSize(r, 64<<10)
	// One goroutine reads and parses the input while this one checks and
	// inserts the rows: COPY keeps two cores busy. The parser stops at the
	// first bad line and hands over what it parsed before it.
	chunks := make(chan *copyChunk, 4)
	stop := make(chan struct{})
	parsed := make(chan struct{})
	go func() {
		defer close(parsed)
		defer close(chunks)
		parseCopyInput(ctx, br, st, rel, s.timeZone(), chunks, stop)
	}()
	// finish stops the parser, waits for it, and reads the rest of the
	// input, which the client sends whatever happened.
	finish := sync.OnceFunc(func() {
		close(stop)
		<-parsed
		drain(br)
	})
	defer finish()
	var count int64
	for c := range chunks {
		for k, row := range c.rows {
			if err := constraints.Check(ectx, row); err != nil {
				return copyContext(err, rel.Name, c.lines[k], "", "")
			}
			if err := ins.Insert(ctx, row); err != nil {
				return copyContext(err, rel.Name, c.lines[k], "", "")
			}
			for i := range riKeys {
				key := make([]types.Datum, len(riKeys[i].AttNums))
				for j, col := range riKeys[i].AttNums {
					key[j] = row[col]
				}
				riEvents = append(riEvents, executor.RIEvent{Key: &riKeys[i], New: key})
			}
			count++
		}
		if c.err != nil {
			return c.err
		}
	}
	finish()
	if err := ctx.Err(); err != nil {
		return pgerror.Convert(err)
	}
	if err := ins.Finish(ctx); err != nil {
		return err
	}
	tx.CommandCounterIncrement()
	if err := s.fireRIEvents(ctx, riEvents); err != nil {
		return err
	}
	p.tag = fmt.Sprintf("COPY %d", count)
	p.done = true
	return nil
}

func drain(r io.Reader) { _, _ = io.Copy(io.Discard, r) }

// copyChunk is a run of parsed COPY rows with their input line numbers,
// and the error that ended the input early, if one did.
type copyChunk struct {
	rows  [][]types.Datum
	lines []int
	err   error
}

// copyChunkRows is how many rows the parser hands over at a time.
const copyChunkRows = 256

// parseCopyInput reads COPY FROM's input from br and sends its rows, as
// values of rel's columns, in chunks, until the input ends, a line is bad
// (its error ends the last chunk), ctx ends or stop is closed.
func parseCopyInput(ctx context.Context, br *bufio.Reader, st *nodes.CopyStmt, rel *catalog.Relation, loc *time.Location, out chan<- *copyChunk, stop <-chan struct{}) {
	c := &copyChunk{}
	send := func() bool {
		select {
		case out <- c:
			c = &copyChunk{}
			return true
		case <-stop:
			return false
		case <-ctx.Done():
			return false
		}
	}
	fail := func(err error) {
		c.err = err
		send()
	}
	lineNo := 0
	var fields []string
	var nulls []bool
	var slab []types.Datum
	for {
		if err := ctx.Err(); err != nil {
			fail(pgerror.Convert(err))
			return
		}
		line, rerr := readCopyLine(br, st.Format == "csv", st.Quote)
		if rerr != nil && rerr != io.EOF {
			fail(rerr)
			return
		}
		if line == "" && rerr == io.EOF {
			break
		}
		lineNo++
		if st.Format != "csv" && line == `\.` {
			break
		}
		if lineNo == 1 && st.Header {
			if rerr == io.EOF {
				break
			}
			continue
		}
		var err error
		fields, nulls, err = splitCopyLineInto(line, st, fields[:0], nulls[:0])
		if err != nil {
			fail(copyContext(err, rel.Name, lineNo, "", ""))
			return
		}
		if len(fields) < len(st.Columns) {
			col := rel.Columns[st.Columns[len(fields)]].Name
			fail(copyContext(pgerror.Newf(pgerror.BadCopyFileFormat, "missing data for column \"%s\"", col), rel.Name, lineNo, "", ""))
			return
		}
		if len(fields) > len(st.Columns) {
			fail(copyContext(pgerror.New(pgerror.BadCopyFileFormat, "extra data after last expected column"), rel.Name, lineNo, "", ""))
			return
		}
		// Rows are cut from one allocation per chunk.
		if len(slab) < len(rel.Columns) {
			slab = make([]types.Datum, len(rel.Columns)*copyChunkRows)
		}
		row := slab[:len(rel.Columns):len(rel.Columns)]
		slab = slab[len(rel.Columns):]
		for i, ci := range st.Columns {
			if nulls[i] {
				continue
			}
			col := rel.Columns[ci]
			d, err := types.InZone(col.Type, fields[i], loc)
			if err != nil {
				fail(copyContext(err, rel.Name, lineNo, col.Name, fields[i]))
				return
			}
			row[ci] = d
		}
		c.rows = append(c.rows, row)
		c.lines = append(c.lines, lineNo)
		if len(c.rows) == copyChunkRows && !send() {
			return
		}
		if rerr == io.EOF {
			break
		}
	}
	if len(c.rows) > 0 {
		send()
	}
}

func copyContext(err error, rel string, line int, col, val string) error {
	pe := pgerror.Convert(err)
	c := *pe
	ctx := fmt.Sprintf("COPY %s, line %d", rel, line)
	if col != "" {
		ctx += fmt.Sprintf(", column %s: \"%s\"", col, val)
	}
	c.Context = ctx
	return &c
}

// readCopyLine reads one logical line without its terminator; in CSV mode a
// quoted field may span lines.
func readCopyLine(r *bufio.Reader, csv bool, quote string) (string, error) {
	line, err := r.ReadString('\n')
	if !csv || quote == "" {
		return trimEOL(line), err
	}
	for strings.Count(line, quote)%2 == 1 && err == nil {
		var more string
		more, err = r.ReadString('\n')
		line += more
	}
	return trimEOL(line), err
}

func trimEOL(s string) string {
	s = strings.TrimSuffix(s, "\n")
	return strings.TrimSuffix(s, "\r")
}

// splitCopyLineInto splits a line into fields, decoding escapes, appending
// them to fields (which the caller may reuse from line to line); nulls
// marks fields equal to the NULL string.
func splitCopyLineInto(line string, st *nodes.CopyStmt, fields []string, nulls []bool) ([]string, []bool, error) {
	if st.Format == "csv" {
		return splitCSV(line, st)
	}
	for rest, more := line, true; more; {
		raw := rest
		if i := strings.Index(rest, st.Delimiter); i >= 0 && st.Delimiter != "" {
			raw, rest = rest[:i], rest[i+len(st.Delimiter):]
		} else {
			more = false
		}
		if raw == st.Null {
			fields = append(fields, "")
			nulls = append(nulls, true)
			continue
		}
		v, err := unescapeCopy(raw)
		if err != nil {
			return nil, nil, err
		}
		fields = append(fields, v)
		nulls = append(nulls, false)
	}
	return fields, nulls, nil
}

func unescapeCopy(s string) (string, error) {
	if !strings.Contains(s, `\`) {
		return s, nil
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 >= len(s) {
			b.WriteByte(c)
			continue
		}
		i++
		switch c = s[i]; c {
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'v':
			b.WriteByte('\v')
		case 'x':
			v, n := 0, 0
			for n < 2 && i+1 < len(s) && isHex(s[i+1]) {
				i++
				v = v*16 + hexVal(s[i])
				n++
			}
			if n == 0 {
				b.WriteByte('x')
			} else {
				b.WriteByte(byte(v))
			}
		case '0', '1', '2', '3', '4', '5', '6', '7':
			v := int(c - '0')
			for n := 1; n < 3 && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '7'; n++ {
				i++
				v = v*8 + int(s[i]-'0')
			}
			b.WriteByte(byte(v))
		default:
			b.WriteByte(c)
		}
	}
	out := b.String()
	if !isValidUTF8(out) {
		return "", invalidUTF8(out)
	}
	return out, nil
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func hexVal(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	}
	return int(c-'A') + 10
}

func splitCSV(line string, st *nodes.CopyStmt) ([]string, []bool, error) {
	var fields []string
	var nulls []bool
	delim, quote, esc := st.Delimiter[0], st.Quote[0], st.Escape[0]
	i := 0
	for {
		var b strings.Builder
		quoted := false
		start := i
		for i < len(line) && line[i] != delim {
			if line[i] == quote {
				quoted = true
				i++
				for {
					if i >= len(line) {
						return nil, nil, pgerror.New(pgerror.BadCopyFileFormat, "unterminated CSV quoted field")
					}
					if line[i] == esc && i+1 < len(line) && line[i+1] == quote {
						b.WriteByte(quote)
						i += 2
						continue
					}
					if line[i] == quote {
						i++
						break
					}
					b.WriteByte(line[i])
					i++
				}
				continue
			}
			b.WriteByte(line[i])
			i++
		}
		raw := line[start:i]
		if !quoted && raw == st.Null {
			fields = append(fields, "")
			nulls = append(nulls, true)
		} else {
			fields = append(fields, b.String())
			nulls = append(nulls, false)
		}
		if i >= len(line) {
			break
		}
		i++ // delimiter
	}
	return fields, nulls, nil
}
