// Package progressbar draws a [progress.Func] on a terminal: the one
// progress renderer of paved's commands (`paved score` for fleets, `paved
// catalog import` for many files). It draws only when ErrOut is a terminal
// and not in accessible mode, and never on Out, which carries data.
//
// It belongs to the CLI layer: domain packages take a [progress.Func] and
// must not import this package.
package progressbar

import (
	"fmt"
	"strings"
	"sync"

	"github.com/paved-dev/paved/internal/iostreams"
	"github.com/paved-dev/paved/internal/progress"
)

// Options choose how a [Bar] looks and when it shows.
type Options struct {
	Label string // "scored", "Reading catalog files"
	// Gauge draws "Label [====    ] 12/40"; without it "Label 12/40".
	Gauge bool
	// MinTotal is the least amount of work worth a bar: below it nothing
	// is drawn, so quick jobs stay quiet.
	MinTotal int
}

// Bar is one progress line on ErrOut, rewritten in place.
type Bar struct {
	ios  *iostreams.IOStreams
	opts Options
	mu   sync.Mutex
	last int
}

// New returns a bar for ios; pass [Bar.Update] as the use case's progress
// callback and call [Bar.Done] when the work is over.
func New(ios *iostreams.IOStreams, o Options) *Bar {
	return &Bar{ios: ios, opts: o}
}

// Func is b.Update as a [progress.Func].
func (b *Bar) Func() progress.Func { return b.Update }

// Update draws done/total. Calls that would not move the bar by a
// hundredth are skipped, so a 100k-file import writes 100 lines, not 100k.
func (b *Bar) Update(done, total int) {
	if total < max(1, b.opts.MinTotal) || !b.ios.ShowProgress() {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if done <= b.last || (done != total && done-b.last < max(1, total/100)) {
		return
	}
	b.last = done
	if !b.opts.Gauge {
		fmt.Fprintf(b.ios.ErrOut, "\r%s %d/%d", b.opts.Label, done, total)
		return
	}
	const width = 30
	filled := width * min(done, total) / total
	fmt.Fprintf(b.ios.ErrOut, "\r%s [%s%s] %d/%d", b.opts.Label, strings.Repeat("=", filled), strings.Repeat(" ", width-filled), done, total)
}

// Done clears the line, when anything was drawn.
func (b *Bar) Done() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.last > 0 {
		fmt.Fprint(b.ios.ErrOut, "\r\x1b[K")
		b.last = 0
	}
}
