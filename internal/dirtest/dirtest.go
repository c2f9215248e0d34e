// Package dirtest is test support: it lays out files in a folder from a
// map, so a test states its fixture in one literal.
package dirtest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Delete as a file's content removes the file instead of writing it.
const Delete = "<delete>"

// Write creates each file (a slash-separated path under dir → content),
// with its parent folders. A path ending in "*" is written without the "*"
// and made executable (0755); others are 0644, an existing file's mode
// included. Content [Delete] removes the file. Any failure fails the test.
func Write(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		perm := os.FileMode(0o644)
		if strings.HasSuffix(name, "*") {
			name, perm = strings.TrimSuffix(name, "*"), 0o755
		}
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if content == Delete {
			if err := os.Remove(p); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.WriteFile(p, []byte(content), perm); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, perm); err != nil {
			t.Fatal(err)
		}
	}
}
