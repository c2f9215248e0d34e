package cmdutil

import (
	"os"
	"path/filepath"
	"testing"
)

func TestProjectDir(t *testing.T) {
	t.Parallel()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, dir, want string
	}{
		{"empty is the current folder", "", wd},
		{"a relative folder is made absolute", "svc/orders", filepath.Join(wd, "svc", "orders")},
		{"an absolute folder is kept, cleaned", wd + "/./svc/", filepath.Join(wd, "svc")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ProjectDir(tt.dir)
			if err != nil || got != tt.want {
				t.Errorf("ProjectDir(%q) = %q, %v; want %q", tt.dir, got, err, tt.want)
			}
		})
	}
}
