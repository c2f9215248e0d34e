package update

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/paved-dev/paved/internal/merge"
)

func TestWriteFileRefusesGitMetadata(t *testing.T) {
	t.Parallel()
	for _, p := range []string{".git/config", ".GIT/hooks/pre-commit", "x/.git/config", ".git./config", "git~1/config", "../outside"} {
		t.Run(p, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			cfg := filepath.Join(dir, ".git", "config")
			if err := os.MkdirAll(filepath.Dir(cfg), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(cfg, []byte("[core]\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := writeFile(dir, p, &merge.Blob{Data: []byte("[core]\n\tfsmonitor = evil\n"), Mode: 0o644}); err == nil {
				t.Errorf("writeFile(%q) succeeded, want it refused", p)
			}
			if err := writeFile(dir, p, nil); err == nil {
				t.Errorf("writeFile(%q, nil) succeeded, want it refused", p)
			}
			if data, err := os.ReadFile(cfg); err != nil || string(data) != "[core]\n" {
				t.Errorf(".git/config = %q, %v after writeFile(%q): want it untouched", data, err, p)
			}
		})
	}
}
