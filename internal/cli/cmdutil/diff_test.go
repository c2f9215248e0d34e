package cmdutil

import (
	"testing"

	"github.com/paved-dev/paved/internal/iostreams"
)

func TestWriteDiff(t *testing.T) {
	t.Parallel()
	const diff = "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-old\n+new\n same"
	tests := []struct {
		name  string
		color bool
		want  string
	}{
		{"without colour the diff is unchanged, with a final newline", false, diff + "\n"},
		{"with colour each kind of line has its style", true,
			"\x1b[1m--- a/x\x1b[0m\n\x1b[1m+++ b/x\x1b[0m\n\x1b[2m@@ -1 +1 @@\x1b[0m\n\x1b[31m-old\x1b[0m\n\x1b[32m+new\x1b[0m\n same\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ios, _, out, _ := iostreams.Test()
			ios.Color = tt.color
			WriteDiff(ios, diff)
			if got := out.String(); got != tt.want {
				t.Errorf("WriteDiff(%q) wrote %q, want %q", diff, got, tt.want)
			}
		})
	}
}
