//go:build unix

package scaffold

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

func TestSweepStaging(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Skip("cannot run true:", err)
	}
	dead := cmd.Process.Pid
	now := time.Now()
	mk := func(name string, age time.Duration) string {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Join(p, "node_modules"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(p, "node_modules", "x"), make([]byte, 1000), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, now.Add(-age), now.Add(-age)); err != nil {
			t.Fatal(err)
		}
		return p
	}
	deadRun := mk(".orders.paved-"+strconv.Itoa(dead)+"-123", 0)
	liveRun := mk(".orders.paved-"+strconv.Itoa(os.Getppid())+"-456", 48*time.Hour)
	oldFormat := mk(".orders.paved-789", 48*time.Hour)
	recentOld := mk(".orders.paved-790", time.Hour)
	other := mk(".orders.other-1", 48*time.Hour)

	found, err := FindStaging(dir, now)
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != 4 || found[0].Bytes != 1000 {
		t.Fatalf("FindStaging = %+v, want 4 staging folders of 1000 bytes", found)
	}
	swept, err := SweepStaging(dir, now)
	if err != nil {
		t.Fatal(err)
	}
	if len(swept) != 2 {
		t.Errorf("SweepStaging removed %+v, want the dead run's and the old one", swept)
	}
	for p, want := range map[string]bool{deadRun: false, oldFormat: false, liveRun: true, recentOld: true, other: true} {
		if _, err := os.Stat(p); (err == nil) != want {
			t.Errorf("after the sweep %s exists = %v, want %v", filepath.Base(p), err == nil, want)
		}
	}
}

// A run of `paved new --force` killed while moving files into place left
// the target's replaced files in the staging folder's backup: the sweep
// keeps that folder, so the user can still get them back.
func TestSweepStagingKeepsBackups(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Skip("cannot run true:", err)
	}
	stage := filepath.Join(dir, ".orders.paved-"+strconv.Itoa(cmd.Process.Pid)+"-123")
	replaced := filepath.Join(stage, backupDir, "README.md")
	if err := os.MkdirAll(filepath.Dir(replaced), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(replaced, []byte("the user's own README\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	found, err := FindStaging(dir, time.Now())
	if err != nil || len(found) != 1 || !found[0].Backup || !found[0].Stale {
		t.Fatalf("FindStaging = %+v, %v; want one stale folder with a backup", found, err)
	}
	if swept, err := SweepStaging(dir, time.Now()); err != nil || len(swept) != 0 {
		t.Errorf("SweepStaging = %+v, %v; want nothing removed", swept, err)
	}
	if _, err := os.Stat(replaced); err != nil {
		t.Errorf("the backed-up file is gone: %v", err)
	}
}
