package cmdutil

import "testing"

func TestPlural(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		n    int
		want string
	}{{0, "files"}, {1, "file"}, {2, "files"}, {-1, "files"}} {
		if got := Plural(tt.n, "file", "files"); got != tt.want {
			t.Errorf("Plural(%d, file, files) = %q, want %q", tt.n, got, tt.want)
		}
	}
}
