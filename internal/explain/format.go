// format.go writes EXPLAIN output in its formats (PG: the ExplainProperty*,
// ExplainOpenGroup/ExplainCloseGroup and ExplainBeginOutput family of
// commands/explain.c): text, XML, JSON and YAML share one sequence of calls and
// differ only here, so that key names, key order, indentation and number
// formatting come out as PostgreSQL 15 prints them.

package explain

import (
	"fmt"
	"strconv"
	"strings"
)

// Format is EXPLAIN's FORMAT option.
type Format uint8

const (
	FormatText Format = iota
	FormatXML
	FormatJSON
	FormatYAML
)

// ParseFormat returns the format named s ("text", "xml", "json", "yaml";
// case matters, as in PG).
func ParseFormat(s string) (Format, bool) {
	switch s {
	case "text":
		return FormatText, true
	case "xml":
		return FormatXML, true
	case "json":
		return FormatJSON, true
	case "yaml":
		return FormatYAML, true
	}
	return FormatText, false
}

// output is the formatting half of PG's ExplainState: the string built so
// far, the indentation level and, for JSON and YAML, the grouping stack
// (per open group: whether something was written in it yet).
type output struct {
	format Format
	buf    *strings.Builder
	indent int
	groups []bool
}

func (o *output) text() bool { return o.format == FormatText }

func (o *output) spaces(n int) {
	for i := 0; i < n; i++ {
		o.buf.WriteByte(' ')
	}
}

// indentText indents a text line at the current level, unless something
// was already written on it (PG: ExplainIndentText).
func (o *output) indentText() {
	s := o.buf.String()
	if len(s) == 0 || s[len(s)-1] == '\n' {
		o.spaces(o.indent * 2)
	}
}

// begin and end write what comes before and after all plans
// (PG: ExplainBeginOutput, ExplainEndOutput).
func (o *output) begin() {
	switch o.format {
	case FormatXML:
		o.buf.WriteString("<explain xmlns=\"http://www.postgresql.org/2009/explain\">\n")
		o.indent++
	case FormatJSON:
		o.buf.WriteByte('[')
		o.groups = append(o.groups, false)
		o.indent++
	case FormatYAML:
		o.groups = append(o.groups, false)
	}
}

func (o *output) end() {
	switch o.format {
	case FormatXML:
		o.indent--
		o.buf.WriteString("</explain>")
	case FormatJSON:
		o.indent--
		o.buf.WriteString("\n]")
		o.groups = o.groups[:len(o.groups)-1]
	case FormatYAML:
		o.groups = o.groups[:len(o.groups)-1]
	}
}

// jsonLineEnding separates a JSON item from the previous one in its group.
func (o *output) jsonLineEnding() {
	top := len(o.groups) - 1
	if o.groups[top] {
		o.buf.WriteByte(',')
	} else {
		o.groups[top] = true
	}
	o.buf.WriteByte('\n')
}

// yamlLineStarting starts a YAML item: the first of a group continues the
// line of its "- " or "label: ".
func (o *output) yamlLineStarting() {
	top := len(o.groups) - 1
	if !o.groups[top] {
		o.groups[top] = true
	} else {
		o.buf.WriteByte('\n')
		o.spaces(o.indent * 2)
	}
}

// XML tag flags (PG: X_OPENING and friends).
const (
	xOpening      = 0
	xClosing      = 1
	xNoWhitespace = 4
)

// xmlTag writes <name> or </name>, with characters XML names cannot hold
// replaced by '-' (PG: ExplainXMLTag).
func (o *output) xmlTag(name string, flags int) {
	if flags&xNoWhitespace == 0 {
		o.spaces(2 * o.indent)
	}
	o.buf.WriteByte('<')
	if flags&xClosing != 0 {
		o.buf.WriteByte('/')
	}
	for _, c := range []byte(name) {
		if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' {
			o.buf.WriteByte(c)
		} else {
			o.buf.WriteByte('-')
		}
	}
	o.buf.WriteByte('>')
	if flags&xNoWhitespace == 0 {
		o.buf.WriteByte('\n')
	}
}

// openGroup opens a group of type objtype (its XML tag): an object when
// labeled, else an array; label is its name in the enclosing object, ""
// inside an array. Text output has no groups.
func (o *output) openGroup(objtype, label string, labeled bool) {
	switch o.format {
	case FormatXML:
		o.xmlTag(objtype, xOpening)
		o.indent++
	case FormatJSON:
		o.jsonLineEnding()
		o.spaces(2 * o.indent)
		if label != "" {
			o.buf.WriteString(escapeJSON(label))
			o.buf.WriteString(": ")
		}
		if labeled {
			o.buf.WriteByte('{')
		} else {
			o.buf.WriteByte('[')
		}
		o.groups = append(o.groups, false)
		o.indent++
	case FormatYAML:
		o.yamlLineStarting()
		if label != "" {
			o.buf.WriteString(label + ": ")
			o.groups = append(o.groups, true)
		} else {
			o.buf.WriteString("- ")
			o.groups = append(o.groups, false)
		}
		o.indent++
	}
}

func (o *output) closeGroup(objtype string, labeled bool) {
	switch o.format {
	case FormatXML:
		o.indent--
		o.xmlTag(objtype, xClosing)
	case FormatJSON:
		o.indent--
		o.buf.WriteByte('\n')
		o.spaces(2 * o.indent)
		if labeled {
			o.buf.WriteByte('}')
		} else {
			o.buf.WriteByte(']')
		}
		o.groups = o.groups[:len(o.groups)-1]
	case FormatYAML:
		o.groups = o.groups[:len(o.groups)-1]
		o.indent--
	}
}

// property writes one "label: value" item; numeric values are written
// bare in JSON and YAML, others quoted. unit follows the value in text.
func (o *output) property(label, unit, value string, numeric bool) {
	switch o.format {
	case FormatText:
		o.indentText()
		o.buf.WriteString(label + ": " + value)
		if unit != "" {
			o.buf.WriteString(" " + unit)
		}
		o.buf.WriteByte('\n')
	case FormatXML:
		o.spaces(o.indent * 2)
		o.xmlTag(label, xOpening|xNoWhitespace)
		o.buf.WriteString(escapeXML(value))
		o.xmlTag(label, xClosing|xNoWhitespace)
		o.buf.WriteByte('\n')
	case FormatJSON:
		o.jsonLineEnding()
		o.spaces(o.indent * 2)
		o.buf.WriteString(escapeJSON(label) + ": ")
		if numeric {
			o.buf.WriteString(value)
		} else {
			o.buf.WriteString(escapeJSON(value))
		}
	case FormatYAML:
		o.yamlLineStarting()
		o.buf.WriteString(label + ": ")
		if numeric {
			o.buf.WriteString(value)
		} else {
			o.buf.WriteString(escapeJSON(value))
		}
	}
}

func (o *output) propText(label, value string) { o.property(label, "", value, false) }

func (o *output) propInt(label, unit string, v int64) {
	o.property(label, unit, strconv.FormatInt(v, 10), true)
}

// propFloat writes v with ndigits decimals, as printf's %.*f does.
func (o *output) propFloat(label, unit string, v float64, ndigits int) {
	o.property(label, unit, fmt.Sprintf("%.*f", ndigits, v), true)
}

func (o *output) propBool(label string, v bool) {
	o.property(label, "", strconv.FormatBool(v), true)
}

// propList writes a list of strings: "a, b" in text, an array in JSON, a
// sequence in YAML (PG: ExplainPropertyList).
func (o *output) propList(label string, data []string) {
	switch o.format {
	case FormatText:
		o.indentText()
		o.buf.WriteString(label + ": " + strings.Join(data, ", ") + "\n")
	case FormatXML:
		o.xmlTag(label, xOpening)
		for _, d := range data {
			o.spaces(o.indent*2 + 2)
			o.buf.WriteString("<Item>" + escapeXML(d) + "</Item>\n")
		}
		o.xmlTag(label, xClosing)
	case FormatJSON:
		o.jsonLineEnding()
		o.spaces(o.indent * 2)
		o.buf.WriteString(escapeJSON(label) + ": [")
		for i, d := range data {
			if i > 0 {
				o.buf.WriteString(", ")
			}
			o.buf.WriteString(escapeJSON(d))
		}
		o.buf.WriteByte(']')
	case FormatYAML:
		o.yamlLineStarting()
		o.buf.WriteString(label + ": ")
		for _, d := range data {
			o.buf.WriteByte('\n')
			o.spaces(o.indent*2 + 2)
			o.buf.WriteString("- " + escapeJSON(d))
		}
	}
}

// propListNested writes a list inside an array: as propList in text and
// XML, a bare array in JSON and a flow sequence in YAML (PG:
// ExplainPropertyListNested).
func (o *output) propListNested(label string, data []string) {
	quoted := make([]string, len(data))
	for i, d := range data {
		quoted[i] = escapeJSON(d)
	}
	switch o.format {
	case FormatJSON:
		o.jsonLineEnding()
		o.spaces(o.indent * 2)
		o.buf.WriteString("[" + strings.Join(quoted, ", ") + "]")
	case FormatYAML:
		o.yamlLineStarting()
		o.buf.WriteString("- [" + strings.Join(quoted, ", ") + "]")
	default:
		o.propList(label, data)
	}
}

// escapeJSON quotes s as a JSON string (PG: escape_json).
func escapeJSON(s string) string {
	var sb strings.Builder
	sb.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\b':
			sb.WriteString(`\b`)
		case '\f':
			sb.WriteString(`\f`)
		case '\n':
			sb.WriteString(`\n`)
		case '\r':
			sb.WriteString(`\r`)
		case '\t':
			sb.WriteString(`\t`)
		case '"':
			sb.WriteString(`\"`)
		case '\\':
			sb.WriteString(`\\`)
		default:
			if c < ' ' {
				fmt.Fprintf(&sb, `\u%04x`, c)
			} else {
				sb.WriteByte(c)
			}
		}
	}
	sb.WriteByte('"')
	return sb.String()
}

// escapeXML escapes s for XML text (PG: escape_xml).
func escapeXML(s string) string {
	var sb strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '&':
			sb.WriteString("&amp;")
		case '<':
			sb.WriteString("&lt;")
		case '>':
			sb.WriteString("&gt;")
		case '\r':
			sb.WriteString("&#x0d;")
		default:
			sb.WriteByte(c)
		}
	}
	return sb.String()
}
