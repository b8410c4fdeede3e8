package bench

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// progress draws a one-line bar for a long step (data generation, a load).
// On a terminal it redraws the line in place a few times a second; on
// anything else it prints only the finished line, so logs stay readable.
type progress struct {
	w     io.Writer
	tty   bool
	label string
	unit  string // "MB" counts bytes; "" counts items
	total int64
	done  atomic.Int64
	start time.Time
	stop  chan struct{}
	wg    sync.WaitGroup
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// startProgress starts a bar labelled label that will count to total.
func startProgress(w io.Writer, label, unit string, total int64) *progress {
	p := &progress{w: w, tty: isTerminal(w), label: label, unit: unit, total: total, start: time.Now(), stop: make(chan struct{})}
	if p.tty {
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			t := time.NewTicker(150 * time.Millisecond)
			defer t.Stop()
			for {
				select {
				case <-p.stop:
					return
				case <-t.C:
					fmt.Fprint(p.w, "\r"+p.line())
				}
			}
		}()
	}
	return p
}

// add counts n more units done.
func (p *progress) add(n int64) { p.done.Add(n) }

func (p *progress) amount(n int64) string {
	if p.unit == "MB" {
		return fmt.Sprintf("%.0f", float64(n)/1e6)
	}
	return fmt.Sprint(n)
}

func (p *progress) line() string {
	const width = 30
	done := p.done.Load()
	frac := 1.0
	if p.total > 0 {
		frac = min(float64(done)/float64(p.total), 1)
	}
	fill := int(frac * width)
	bar := strings.Repeat("=", fill) + strings.Repeat(" ", width-fill)
	return fmt.Sprintf("%-24s [%s] %3.0f%%  %s/%s %s  %.1fs ", p.label, bar, frac*100,
		p.amount(done), p.amount(p.total), p.unit, time.Since(p.start).Seconds())
}

// finish stops the bar and prints its final line.
func (p *progress) finish() time.Duration {
	close(p.stop)
	p.wg.Wait()
	p.done.Store(max(p.done.Load(), p.total))
	elapsed := time.Since(p.start)
	if p.tty {
		fmt.Fprint(p.w, "\r")
	}
	fmt.Fprintln(p.w, p.line())
	return elapsed
}

// countingReader counts the bytes read through it into a progress bar.
type countingReader struct {
	r io.Reader
	p *progress
}

func (c countingReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.p.add(int64(n))
	return n, err
}
