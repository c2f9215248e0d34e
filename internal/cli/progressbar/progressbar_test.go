package progressbar

import (
	"strings"
	"testing"

	"github.com/paved-dev/paved/internal/iostreams"
)

func TestBar(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		tty   bool
		opts  Options
		total int
		want  []string // substrings of ErrOut, in order; nil: nothing at all
	}{
		{"a gauge on a terminal", true, Options{Label: "Reading catalog files", Gauge: true, MinTotal: 50}, 100,
			[]string{"Reading catalog files [", "] 1/100", "[" + strings.Repeat("=", 30) + "] 100/100", "\r\x1b[K"}},
		{"a counter on a terminal", true, Options{Label: "scored", MinTotal: 2}, 2, []string{"\rscored 1/2", "\rscored 2/2", "\r\x1b[K"}},
		{"nothing without a terminal", false, Options{Label: "scored", MinTotal: 2}, 2, nil},
		{"nothing below the minimum", true, Options{Label: "scored", MinTotal: 50}, 10, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ios, _, out, errOut := iostreams.Test()
			ios.ErrTTY = tt.tty
			b := New(ios, tt.opts)
			f := b.Func()
			for i := 1; i <= tt.total; i++ {
				f(i, tt.total)
			}
			b.Done()
			got := errOut.String()
			if tt.want == nil && got != "" {
				t.Errorf("ErrOut = %q, want nothing", got)
			}
			rest := got
			for _, w := range tt.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("ErrOut = %q, want %q (in order)", got, w)
				}
				rest = rest[i+len(w):]
			}
			if out.Len() != 0 {
				t.Errorf("Out = %q, want nothing: progress goes to ErrOut", out)
			}
		})
	}
}

func TestBarSkipsSmallSteps(t *testing.T) {
	t.Parallel()
	ios, _, _, errOut := iostreams.Test()
	ios.ErrTTY = true
	b := New(ios, Options{Label: "n", MinTotal: 1})
	for i := 1; i <= 10000; i++ {
		b.Update(i, 10000)
	}
	if n := strings.Count(errOut.String(), "\r"); n > 101 {
		t.Errorf("%d redraws for 10000 steps, want at most 101", n)
	}
}
