// format.go prints query results as psql's default "aligned" format does
// (PG: fe_utils/print.c's print_aligned_text): a centered header, text
// left-aligned and numbers right-aligned, "+" where a value continues on
// the next line, and a row count footer.

package shell

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// numericTypes are the type OIDs psql right-aligns.
var numericTypes = map[uint32]bool{20: true, 21: true, 23: true, 26: true, 700: true, 701: true, 790: true, 1700: true}

// table is a result to print.
type table struct {
	title   string
	headers []string
	numeric []bool
	rows    [][]*string // nil cells are NULL
	// noFooter leaves out the row count, as psql's \du does.
	noFooter bool
}

func width(s string) int { return utf8.RuneCountInString(s) }

// print writes t as psql's aligned format.
func (t *table) print(w io.Writer) {
	n := len(t.headers)
	widths := make([]int, n)
	for i, h := range t.headers {
		widths[i] = width(h)
	}
	lines := make([][][]string, len(t.rows))
	for r, row := range t.rows {
		lines[r] = make([][]string, n)
		for c := 0; c < n; c++ {
			v := ""
			if c < len(row) && row[c] != nil {
				v = *row[c]
			}
			lines[r][c] = strings.Split(v, "\n")
			for _, l := range lines[r][c] {
				widths[c] = max(widths[c], width(l))
			}
		}
	}
	var b strings.Builder
	total := 0
	for _, wd := range widths {
		total += wd + 3
	}
	if t.title != "" {
		pad := max(0, (total-1-width(t.title))/2)
		b.WriteString(strings.Repeat(" ", pad) + t.title + "\n")
	}
	for c, h := range t.headers {
		left := (widths[c] - width(h)) / 2
		right := widths[c] - width(h) - left
		b.WriteString(" " + strings.Repeat(" ", left) + h + strings.Repeat(" ", right) + " ")
		if c < n-1 {
			b.WriteString("|")
		}
	}
	b.WriteString("\n")
	for c := range t.headers {
		b.WriteString(strings.Repeat("-", widths[c]+2))
		if c < n-1 {
			b.WriteString("+")
		}
	}
	b.WriteString("\n")
	for r := range t.rows {
		height := 1
		for c := 0; c < n; c++ {
			height = max(height, len(lines[r][c]))
		}
		for l := 0; l < height; l++ {
			for c := 0; c < n; c++ {
				cell := lines[r][c]
				s := ""
				if l < len(cell) {
					s = cell[l]
				}
				more := l+1 < len(cell)
				pad := strings.Repeat(" ", widths[c]-width(s))
				b.WriteString(" ")
				if t.numeric[c] {
					b.WriteString(pad + s)
				} else if c < n-1 || more {
					b.WriteString(s + pad)
				} else {
					b.WriteString(s)
				}
				switch {
				case more:
					b.WriteString("+")
				case c < n-1:
					b.WriteString(" ")
				}
				if c < n-1 {
					b.WriteString("|")
				}
			}
			b.WriteString("\n")
		}
	}
	switch {
	case t.noFooter:
	case len(t.rows) == 1:
		b.WriteString("(1 row)\n")
	default:
		fmt.Fprintf(&b, "(%d rows)\n", len(t.rows))
	}
	b.WriteString("\n")
	io.WriteString(w, b.String())
}
