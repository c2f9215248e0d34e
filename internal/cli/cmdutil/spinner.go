package cmdutil

import (
	"fmt"
	"sync"
	"time"

	"github.com/paved-dev/paved/internal/iostreams"
)

// Spinner returns the progress callback use cases take for a long step (a
// hook): on a terminal a spinner on ErrOut until the step ends, then ✓ or
// ✗; otherwise one plain "→ title" line. nil ios is silent.
func Spinner(ios *iostreams.IOStreams) func(title string) func(ok bool) {
	return func(title string) func(ok bool) {
		if ios == nil {
			return func(bool) {}
		}
		if !ios.ShowProgress() {
			fmt.Fprintf(ios.ErrOut, "→ %s\n", title)
			return func(bool) {}
		}
		frames := []string{"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"}
		done := make(chan struct{})
		var wg sync.WaitGroup
		wg.Go(func() {
			t := time.NewTicker(100 * time.Millisecond)
			defer t.Stop()
			for i := 0; ; i++ {
				fmt.Fprintf(ios.ErrOut, "\r%s %s", ios.Yellow(frames[i%len(frames)]), title)
				select {
				case <-done:
					return
				case <-t.C:
				}
			}
		})
		return func(ok bool) {
			close(done)
			wg.Wait()
			mark := ios.Green("✓")
			if !ok {
				mark = ios.Red("✗")
			}
			fmt.Fprintf(ios.ErrOut, "\r\x1b[K%s %s\n", mark, title)
		}
	}
}
