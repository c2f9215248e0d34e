//go:build unix

package scaffold

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/paved-dev/paved/internal/manifest"
)

// A Ctrl-C while a hook runs kills the hook and leaves nothing behind. The
// hook signals through a FIFO that it has started, so the test cancels at a
// known point without sleeping.
func TestGenerateCancelledMidHook(t *testing.T) {
	t.Parallel()
	parent := t.TempDir()
	fifo := filepath.Join(t.TempDir(), "started")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	target := filepath.Join(parent, "orders")
	p := testPlan()
	p.Hooks = []manifest.Hook{{Run: []string{"sh", "-c", "echo go > \"$FIFO\"; exec sleep 600"}, Title: "Blocking"}}

	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	errc := make(chan error, 1)
	go func() {
		_, err := Generate(ctx, p, target, GenerateOptions{RunHooks: true, Env: []string{"FIFO=" + fifo, "PATH=" + os.Getenv("PATH")}})
		errc <- err
	}()
	if _, err := os.ReadFile(fifo); err != nil { // blocks until the hook writes
		t.Fatal(err)
	}
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("Generate() error = %v, want context.Canceled", err)
	}
	if diff := cmp.Diff([]string(nil), entries(t, parent)); diff != "" {
		t.Errorf("left behind after cancel (-want +got):\n%s", diff)
	}
}

// A cancelled hook's whole process group stops: the hook and what it
// started in the background, by SIGTERM, or by SIGKILL after the grace
// period for a process that ignores SIGTERM. Nothing outlives Generate.
func TestGenerateCancelStopsHookGroup(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		script string // writes the pids to $PIDS, then tells $FIFO
		killed bool   // SIGKILL was needed
	}{
		{
			name:   "SIGTERM stops the hook and its grandchild",
			script: `sleep 300 & echo $$ $! > "$PIDS"; echo go > "$FIFO"; wait`,
		},
		{
			name:   "SIGKILL stops a grandchild that ignores SIGTERM",
			script: `sh -c 'trap "" TERM; echo $$ >> "$PIDS"; while :; do sleep 1; done' & echo $$ >> "$PIDS"; sleep 0.2; echo go > "$FIFO"; wait`,
			killed: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tmp := t.TempDir()
			fifo := filepath.Join(tmp, "started")
			if err := syscall.Mkfifo(fifo, 0o600); err != nil {
				t.Skipf("mkfifo: %v", err)
			}
			pidFile := filepath.Join(tmp, "pids")
			p := testPlan()
			p.Hooks = []manifest.Hook{{Run: []string{"sh", "-c", tt.script}, Title: "Spawning"}}
			errOut := new(bytes.Buffer)
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			errc := make(chan error, 1)
			go func() {
				_, err := Generate(ctx, p, filepath.Join(tmp, "out", "orders"), GenerateOptions{
					RunHooks: true, Log: errOut, StopGrace: 300 * time.Millisecond,
					Env: []string{"FIFO=" + fifo, "PIDS=" + pidFile, "PATH=" + os.Getenv("PATH")},
				})
				errc <- err
			}()
			if _, err := os.ReadFile(fifo); err != nil {
				t.Fatal(err)
			}
			pids := readPids(t, pidFile)
			cancel()
			if err := <-errc; !errors.Is(err, context.Canceled) {
				t.Fatalf("Generate() error = %v, want context.Canceled", err)
			}
			for _, pid := range pids {
				if running(pid) {
					t.Errorf("process %d outlived Generate", pid)
					_ = syscall.Kill(pid, syscall.SIGKILL)
				}
			}
			want := "sent SIGTERM to its processes; they stopped"
			if tt.killed {
				want = "SIGKILL after 300ms"
			}
			if !strings.Contains(errOut.String(), want) {
				t.Errorf("stderr = %q, want it to say %q", errOut.String(), want)
			}
		})
	}
}

func readPids(t *testing.T, file string) []int {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var pids []int
	for _, f := range strings.Fields(string(data)) {
		pid, err := strconv.Atoi(f)
		if err != nil {
			t.Fatalf("pid file %q: %v", data, err)
		}
		pids = append(pids, pid)
	}
	if len(pids) < 2 {
		t.Fatalf("pid file %q: want the hook's and its child's pid", data)
	}
	return pids
}

// running reports whether pid is a live process: a zombie waiting for a
// reaper that never comes (PID 1 of some containers) is dead.
func running(pid int) bool {
	if syscall.Kill(pid, 0) != nil {
		return false
	}
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return true // no /proc: trust kill
	}
	_, rest, _ := strings.Cut(string(stat), ") ")
	return !strings.HasPrefix(rest, "Z")
}
