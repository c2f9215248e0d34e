//go:build unix

package catalog

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestReadContained(t *testing.T) {
	t.Parallel()
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret"), []byte("root:x:0:0"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name, body string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("docs/readme.txt", "hello")
	write("big.txt", strings.Repeat("x", 2048))
	if err := os.Symlink(outside, filepath.Join(dir, "etc")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(outside, "secret"), filepath.Join(dir, "leak")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("docs/readme.txt", filepath.Join(dir, "inside")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo"), 0o644); err != nil {
		t.Fatal(err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	tests := []struct {
		name, rel string
		limit     int64
		want      string // content, or a part of the error
		limitErr  bool
	}{
		{"a file inside is read", "docs/readme.txt", 0, "hello", false},
		{"a symlink inside the root is followed", "inside", 0, "hello", false},
		{"dot-dot inside the root is fine", "docs/../docs/readme.txt", 0, "hello", false},
		{"a symlinked folder leading out is refused", "etc/secret", 0, "leads out of the repository", false},
		{"a symlink leading out is refused", "leak", 0, "leads out of the repository", false},
		{"dot-dot out is refused", "../secret", 0, "leaves the repository", false},
		{"an absolute path is refused", "/etc/passwd", 0, "only paths relative", false},
		{"a folder is refused", "docs", 0, "is a folder", false},
		{"a file over the limit is refused", "big.txt", 1024, "over the file-bytes limit (1KiB)", true},
		{"a file at the limit is read", "big.txt", 2048, strings.Repeat("x", 2048), false},
		{"a missing file is reported", "nope.txt", 0, "no such file", false},
		{"a FIFO is refused without blocking", "fifo", 0, "named pipe", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data, err := ReadContained(root, tc.rel, tc.limit)
			if err == nil {
				if string(data) != tc.want {
					t.Errorf("ReadContained(%q) = %q, want %q", tc.rel, data, tc.want)
				}
				return
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("ReadContained(%q) error = %v, want it to contain %q", tc.rel, err, tc.want)
			}
			var le *LimitError
			if errors.As(err, &le) != tc.limitErr {
				t.Errorf("ReadContained(%q) error %v: LimitError %v, want %v", tc.rel, err, !tc.limitErr, tc.limitErr)
			}
		})
	}
}
