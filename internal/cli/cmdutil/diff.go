package cmdutil

import (
	"fmt"
	"strings"

	"github.com/paved-dev/paved/internal/iostreams"
)

// WriteDiff writes a unified diff to ios.Out, coloured when colour is on:
// file headers bold, added lines green, removed lines red, hunk headers dim.
func WriteDiff(ios *iostreams.IOStreams, diff string) {
	for _, l := range strings.SplitAfter(diff, "\n") {
		if l == "" {
			continue
		}
		body := strings.TrimSuffix(l, "\n")
		switch {
		case strings.HasPrefix(l, "+++"), strings.HasPrefix(l, "---"):
			body = ios.Bold(body)
		case strings.HasPrefix(l, "+"):
			body = ios.Green(body)
		case strings.HasPrefix(l, "-"):
			body = ios.Red(body)
		case strings.HasPrefix(l, "@@"):
			body = ios.Dim(body)
		}
		fmt.Fprintln(ios.Out, body)
	}
}
