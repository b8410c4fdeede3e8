// copyto.go implements COPY ... TO STDOUT in text and CSV format: the
// table's columns or the query's rows, each written as one line of a
// CopyData stream (PG: commands/copyto.c).

package session

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/loomdb/loomdb/internal/analyze"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/parser"
	"github.com/loomdb/loomdb/internal/pgerror"
)

func (s *Session) copyTo(ctx context.Context, st *nodes.CopyStmt, p *Portal) error {
	if s.noticeSink == nil {
		return pgerror.Unsupported("COPY TO STDOUT is not available here")
	}
	raws, err := parser.Parse(st.Query)
	if err != nil {
		return err
	}
	q, _, err := analyze.Analyze(raws[0], noParams(s.analyzeEnv(s.startTxn())))
	if err != nil {
		return err
	}
	sub := &Portal{session: s, stmt: q}
	defer sub.Close()
	if err := sub.start(ctx); err != nil {
		return err
	}
	w, err := s.noticeSink.CopyOut(len(st.Names))
	if err != nil {
		return err
	}
	out := &copyOutClient{w: w, st: st}
	if st.Header {
		vals := make([][]byte, len(st.Names))
		for i, n := range st.Names {
			vals[i] = []byte(n)
		}
		out.header = true
		if err := out.SendDataRow(vals); err != nil {
			return err
		}
		out.header = false
	}
	if _, err := sub.Run(ctx, 0, out); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	p.tag = fmt.Sprintf("COPY %d", out.rows)
	return nil
}

// copyOutClient turns the rows of COPY's query into COPY lines; the rest
// of what the query says is discarded.
type copyOutClient struct {
	discardClient
	w      io.WriteCloser
	st     *nodes.CopyStmt
	buf    bytes.Buffer
	header bool
}

func (c *copyOutClient) SendDataRow(values [][]byte) error {
	c.buf.Reset()
	csv := c.st.Format == "csv"
	for i, v := range values {
		if i > 0 {
			c.buf.WriteString(c.st.Delimiter)
		}
		switch {
		case v == nil && !c.header:
			c.buf.WriteString(c.st.Null)
		case csv:
			force := !c.header && (c.st.ForceQuoteAll || slices.Contains(c.st.ForceQuote, i))
			c.csvField(string(v), force, len(values) == 1)
		default:
			c.textField(string(v))
		}
	}
	c.buf.WriteByte('\n')
	if !c.header {
		c.rows++
	}
	_, err := c.w.Write(c.buf.Bytes())
	return err
}

// textField writes a value with text format's backslash escapes
// (CopyAttributeOutText).
func (c *copyOutClient) textField(v string) {
	delim := c.st.Delimiter[0]
	for i := 0; i < len(v); i++ {
		b := v[i]
		switch b {
		case '\b':
			c.buf.WriteString(`\b`)
		case '\f':
			c.buf.WriteString(`\f`)
		case '\n':
			c.buf.WriteString(`\n`)
		case '\r':
			c.buf.WriteString(`\r`)
		case '\t':
			c.buf.WriteString(`\t`)
		case '\v':
			c.buf.WriteString(`\v`)
		case '\\':
			c.buf.WriteString(`\\`)
		default:
			if b == delim {
				c.buf.WriteByte('\\')
			}
			c.buf.WriteByte(b)
		}
	}
}

// csvField writes a value in CSV, quoted when forced or when it could be
// misread: it holds the delimiter, the quote, a line break, equals the
// NULL string, or is \. alone on its line (CopyAttributeOutCSV).
func (c *copyOutClient) csvField(v string, force, single bool) {
	q, esc := c.st.Quote, c.st.Escape
	quote := force || v == c.st.Null || (single && v == `\.`) || strings.ContainsAny(v, c.st.Delimiter+q+"\r\n")
	if !quote {
		c.buf.WriteString(v)
		return
	}
	c.buf.WriteString(q)
	for i := 0; i < len(v); i++ {
		if v[i] == q[0] || v[i] == esc[0] {
			c.buf.WriteString(esc)
		}
		c.buf.WriteByte(v[i])
	}
	c.buf.WriteString(q)
}
