package dirtest

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func TestWrite(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	Write(t, dir, map[string]string{"a/b.txt": "b", "bin/run.sh*": "#!/bin/sh\n", "gone": "x"})
	Write(t, dir, map[string]string{"gone": Delete, "bin/run.sh": "#!/bin/sh\necho\n"})
	tests := []struct {
		name, path, content string
		mode                os.FileMode
	}{
		{"parents are created", "a/b.txt", "b", 0o644},
		{"a rewritten file takes the mode its name asks for", "bin/run.sh", "#!/bin/sh\necho\n", 0o644},
	}
	for _, tt := range tests {
		p := filepath.Join(dir, filepath.FromSlash(tt.path))
		data, err := os.ReadFile(p)
		if err != nil || string(data) != tt.content {
			t.Errorf("%s: ReadFile(%s) = %q, %v; want %q", tt.name, tt.path, data, err, tt.content)
		}
		info, err := os.Stat(p)
		if err == nil && runtime.GOOS != "windows" && info.Mode().Perm() != tt.mode {
			t.Errorf("%s: mode of %s = %v, want %v", tt.name, tt.path, info.Mode().Perm(), tt.mode)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "gone")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Stat(gone) after Delete = %v, want not exist", err)
	}
}

func TestWriteExecutable(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" {
		t.Skip("no executable bit on windows")
	}
	dir := t.TempDir()
	Write(t, dir, map[string]string{"run.sh*": "#!/bin/sh\n"})
	info, err := os.Stat(filepath.Join(dir, "run.sh"))
	if err != nil || info.Mode().Perm() != 0o755 {
		t.Errorf("Stat(run.sh) = %v, %v; want mode 0755", info, err)
	}
}
