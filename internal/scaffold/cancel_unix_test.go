//go:build unix

package scaffold

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"

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
