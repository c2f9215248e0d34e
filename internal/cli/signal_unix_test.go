//go:build unix

package cli

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/paved-dev/paved/internal/gitx"
	"github.com/paved-dev/paved/internal/iostreams"
)

// TestMain makes the test binary paved itself when PAVED_TEST_MAIN is set,
// so tests can signal a real paved process.
func TestMain(m *testing.M) {
	if os.Getenv("PAVED_TEST_MAIN") == "1" {
		os.Exit(Main(context.Background(), os.Args[1:], iostreams.System(os.Getenv), os.Getenv))
	}
	os.Exit(m.Run())
}

// paved is a paved process run in dir, with its own home and catalog.
func paved(t *testing.T, dir string, extraEnv []string, args ...string) (*exec.Cmd, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	home := filepath.Join(t.TempDir(), "home")
	cmd := exec.Command(os.Args[0], args...)
	cmd.Dir = dir
	cmd.Env = append([]string{
		"PAVED_TEST_MAIN=1", "PATH=" + os.Getenv("PATH"), "HOME=" + home,
		"XDG_CONFIG_HOME=" + home + "/.config", "XDG_CACHE_HOME=" + home + "/.cache", "XDG_DATA_HOME=" + home + "/.local/share",
		"PAVED_CATALOG=" + filepath.Join(home, "catalog.db"), "PAVED_AUTHOR=Paved Test <test@paved.dev>", "NO_COLOR=1",
	}, extraEnv...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	return cmd, &out, &errOut
}

func exitCode(t *testing.T, err error) int {
	t.Helper()
	var ee *exec.ExitError
	if err == nil {
		return 0
	}
	if !errors.As(err, &ee) {
		t.Fatalf("paved: %v", err)
	}
	return ee.ExitCode()
}

func write(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

const hookTemplate = `apiVersion: paved.dev/v1alpha1
kind: Template
metadata:
  name: hooked
spec:
  version: 1.0.0
  parameters:
    - name: name
      required: true
  hooks:
    after:
      - title: Blocking
        run: [sh, -c, %q]
`

// running reports whether pid is a live process (a zombie nobody reaps
// is dead).
func running(pid int) bool {
	if syscall.Kill(pid, 0) != nil {
		return false
	}
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return true
	}
	_, rest, _ := strings.Cut(string(stat), ") ")
	return !strings.HasPrefix(rest, "Z")
}

// hookRun starts `paved new` on a template whose hook starts a grandchild,
// writes both pids to a file and then tells the test through a FIFO (and,
// with trapTerm, a second FIFO when it gets SIGTERM, which it survives).
func hookRun(t *testing.T, trapTerm bool) (cmd *exec.Cmd, errOut *bytes.Buffer, pids []int, termed string, work string) {
	t.Helper()
	return hookRunWith(t, trapTerm, false)
}

// hookRunIgnoringHUP is hookRun with paved started as nohup starts it:
// SIGHUP ignored.
func hookRunIgnoringHUP(t *testing.T) (cmd *exec.Cmd, errOut *bytes.Buffer, pids []int, termed string, work string) {
	t.Helper()
	return hookRunWith(t, false, true)
}

func hookRunWith(t *testing.T, trapTerm, nohup bool) (cmd *exec.Cmd, errOut *bytes.Buffer, pids []int, termed string, work string) {
	t.Helper()
	work = t.TempDir()
	started, termed := filepath.Join(work, "started"), filepath.Join(work, "termed")
	for _, f := range []string{started, termed} {
		if err := syscall.Mkfifo(f, 0o600); err != nil {
			t.Skipf("mkfifo: %v", err)
		}
	}
	script := `sleep 300 & echo $$ $! > "$PIDS"; echo go > "$STARTED"; wait`
	if trapTerm {
		script = `trap 'echo term > "$TERMED"' TERM; sleep 300 & echo $$ $! > "$PIDS"; echo go > "$STARTED"; while :; do sleep 0.05; done`
	}
	write(t, work, map[string]string{
		"tpl/template.yaml":      fmt.Sprintf(hookTemplate, script),
		"tpl/skeleton/README.md": "hello\n",
	})
	pidFile := filepath.Join(work, "pids")
	cmd, _, errOut = paved(t, work, []string{"PIDS=" + pidFile, "STARTED=" + started, "TERMED=" + termed},
		"new", "./tpl", "--trust", "--yes", "--set", "name=svc", "--dir", "out/svc", "--no-register", "--no-git")
	if nohup {
		sh, err := exec.LookPath("sh")
		if err != nil {
			t.Skip(err)
		}
		// an ignored signal stays ignored across exec
		cmd.Path, cmd.Args = sh, append([]string{"sh", "-c", `trap "" HUP; exec "$0" "$@"`}, cmd.Args...)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	if _, err := os.ReadFile(started); err != nil { // blocks until the hook runs
		t.Fatal(err)
	}
	data, err := os.ReadFile(pidFile)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range strings.Fields(string(data)) {
		pid, err := strconv.Atoi(f)
		if err != nil {
			t.Fatal(err)
		}
		pids = append(pids, pid)
		t.Cleanup(func() { _ = syscall.Kill(pid, syscall.SIGKILL) })
	}
	return cmd, errOut, pids, termed, work
}

// SIGINT, SIGTERM and SIGHUP while a hook runs stop paved and the hook's
// whole process group, grandchildren included; nothing is left behind.
func TestSignalDuringHook(t *testing.T) {
	t.Parallel()
	for _, sig := range []syscall.Signal{syscall.SIGHUP, syscall.SIGTERM, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			t.Parallel()
			cmd, errOut, pids, _, work := hookRun(t, false)
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			if got, want := exitCode(t, cmd.Wait()), 128+int(sig); got != want {
				t.Errorf("paved exited %d, want %d; stderr:\n%s", got, want, errOut)
			}
			for _, want := range []string{`interrupted "Blocking": sent SIGTERM to its processes; they stopped`, "Cancelled: nothing was changed."} {
				if !strings.Contains(errOut.String(), want) {
					t.Errorf("stderr lacks %q:\n%s", want, errOut)
				}
			}
			for _, pid := range pids {
				if running(pid) {
					t.Errorf("hook process %d outlived paved", pid)
				}
			}
			if entries, _ := os.ReadDir(filepath.Join(work, "out")); len(entries) != 0 {
				t.Errorf("left in out/: %v", entries)
			}
		})
	}
}

// A second signal ends paved at once, even while a hook that ignores
// SIGTERM is in its grace period, and kills the hook's group on the way.
func TestSecondSignalExitsAtOnce(t *testing.T) {
	t.Parallel()
	cmd, errOut, pids, termed, _ := hookRun(t, true)
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	if _, err := os.ReadFile(termed); err != nil { // the hook got SIGTERM and lives on
		t.Fatal(err)
	}
	start := time.Now()
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	if got := exitCode(t, cmd.Wait()); got != 130 {
		t.Errorf("paved exited %d, want 130; stderr:\n%s", got, errOut)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("paved took %s to exit after the second signal, want at once", d)
	}
	if want := "SIGINT again: stopped at once, killed 1 running hook"; !strings.Contains(errOut.String(), want) {
		t.Errorf("stderr lacks %q:\n%s", want, errOut)
	}
	time.Sleep(100 * time.Millisecond) // SIGKILL is delivered asynchronously
	for _, pid := range pids {
		if running(pid) {
			t.Errorf("hook process %d outlived paved", pid)
		}
	}
}

// projectState is what a user sees of a project: every file and folder
// with content and mode, the index, HEAD and the dirty list.
func projectState(t *testing.T, dir string) string {
	t.Helper()
	var lines []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if rel == ".git" {
			return filepath.SkipDir
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if d.IsDir() {
			lines = append(lines, rel+"/")
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		lines = append(lines, fmt.Sprintf("%s %v %x", rel, info.Mode(), sha256.Sum256(data)))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(lines)
	index, err := os.ReadFile(filepath.Join(dir, ".git", "index"))
	if err != nil {
		t.Fatal(err)
	}
	repo, err := gitx.OpenRepo(dir)
	if err != nil {
		t.Fatal(err)
	}
	head, _, _ := repo.Head()
	dirty, err := repo.Dirty(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("HEAD %s\nindex %x\ndirty %v\n%s\n", head, sha256.Sum256(index), dirty, strings.Join(lines, "\n"))
}

// bigProject generates a project of n files with `paved new` from a
// folder template, then moves the template to a version that changes
// every file and adds ADDED.md; the user has an uncommitted edit and an
// untracked ADDED.md of their own.
func bigProject(t *testing.T, n int) (work, proj string) {
	t.Helper()
	work = t.TempDir()
	files := map[string]string{"tpl/template.yaml": "apiVersion: paved.dev/v1alpha1\nkind: Template\nmetadata:\n  name: big\nspec:\n  version: 1.0.0\n  parameters:\n    - name: name\n      required: true\n"}
	body := func(i int, v string) string {
		var b strings.Builder
		for l := range 40 {
			fmt.Fprintf(&b, "file %d line %d %s\n", i, l, map[bool]string{true: v}[l == 5])
		}
		return b.String()
	}
	for i := range n {
		files[fmt.Sprintf("tpl/skeleton/src/d%d/f%d.txt", i%20, i)] = body(i, "v1")
	}
	write(t, work, files)
	cmd, _, errOut := paved(t, work, nil, "new", "./tpl", "--yes", "--set", "name=big", "--dir", "proj", "--no-register")
	if err := cmd.Run(); err != nil {
		t.Fatalf("paved new: %v\n%s", err, errOut)
	}
	next := map[string]string{
		"tpl/template.yaml":     strings.Replace(files["tpl/template.yaml"], "1.0.0", "1.1.0", 1),
		"tpl/skeleton/ADDED.md": "added by 1.1.0\n",
		"proj/src/d1/f1.txt":    strings.Replace(body(1, "v1"), "line 30", "uncommitted edit", 1),
		"proj/ADDED.md":         "the user's untracked notes\n",
	}
	for i := range n {
		next[fmt.Sprintf("tpl/skeleton/src/d%d/f%d.txt", i%20, i)] = body(i, "v2")
	}
	write(t, work, next)
	return work, filepath.Join(work, "proj")
}

// projectSize is the number of files of bigProject: enough for an update
// to take a while to write.
func projectSize() int {
	if testing.Short() {
		return 500
	}
	return 2000
}

// startUpdate runs `paved update --allow-dirty` and returns once the
// update has recorded its state, that is, as it starts writing files.
func startUpdate(t *testing.T, work string) (*exec.Cmd, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	cmd, out, errOut := paved(t, work, nil, "update", "proj", "--yes", "--allow-dirty")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	state := filepath.Join(work, "proj", ".git", "PAVED_UPDATE")
	deadline := time.Now().Add(60 * time.Second)
	for {
		if _, err := os.Stat(state); err == nil {
			return cmd, out, errOut
		}
		if time.Now().After(deadline) {
			t.Fatalf("the update never started writing; stderr:\n%s", errOut)
		}
		time.Sleep(time.Millisecond)
	}
}

// SIGINT to a real paved while it writes a large update: whatever the
// moment, what paved says matches what it left, and --abort (when it
// says to) gives back the project exactly, uncommitted edit and
// overwritten untracked file included.
func TestSIGINTDuringUpdate(t *testing.T) {
	t.Parallel()
	work, proj := bigProject(t, projectSize())
	before := projectState(t, proj)
	cmd, out, errOut := startUpdate(t, work)
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	code := exitCode(t, cmd.Wait())
	_, stateErr := os.Stat(filepath.Join(proj, ".git", "PAVED_UPDATE"))
	switch {
	case code == 130 && strings.Contains(errOut.String(), "and put them back: the project is as it was"):
		if stateErr == nil {
			t.Error("paved said it put everything back but left an update state")
		}
	case code == 1 && strings.Contains(out.String(), "conflict to resolve"):
		// the signal came after the last write: the update finished
		// (on a conflict); --abort undoes it
		t.Logf("the signal came after the writes")
		abort, _, abortErr := paved(t, work, nil, "update", "proj", "--abort")
		if err := abort.Run(); err != nil {
			t.Fatalf("paved update --abort: %v\n%s", err, abortErr)
		}
	default:
		t.Fatalf("paved exited %d; stdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	if strings.Contains(errOut.String(), "nothing was changed") {
		t.Errorf("stderr claims nothing was changed:\n%s", errOut)
	}
	if diff := cmp.Diff(before, projectState(t, proj)); diff != "" {
		t.Errorf("project not as before (-before +after):\n%s", diff)
	}
}

// kill -9 of a real paved while it writes a large update leaves a state
// that a new update names and that --abort undoes exactly.
func TestKillDuringUpdate(t *testing.T) {
	t.Parallel()
	work, proj := bigProject(t, projectSize())
	before := projectState(t, proj)
	cmd, _, _ := startUpdate(t, work)
	time.Sleep(20 * time.Millisecond) // let it write some files
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()

	again, _, againErr := paved(t, work, nil, "update", "proj", "--yes", "--allow-dirty")
	if code := exitCode(t, again.Run()); code != 1 || !strings.Contains(againErr.String(), "interrupted while writing files") ||
		!strings.Contains(againErr.String(), "paved update --abort") {
		t.Errorf("paved update after the kill exited %d:\n%s", code, againErr)
	}
	abort, abortOut, abortErr := paved(t, work, nil, "update", "proj", "--abort")
	if err := abort.Run(); err != nil {
		t.Fatalf("paved update --abort: %v\n%s", err, abortErr)
	}
	if !strings.Contains(abortOut.String(), "as it was before the update") {
		t.Errorf("--abort said:\n%s", abortOut)
	}
	if diff := cmp.Diff(before, projectState(t, proj)); diff != "" {
		t.Errorf("project not as before (-before +after):\n%s", diff)
	}
}

// paved started with SIGHUP ignored (nohup) keeps ignoring it.
func TestIgnoredSignalStaysIgnored(t *testing.T) {
	t.Parallel()
	got := handledSignals(func(s os.Signal) bool { return s == syscall.SIGHUP })
	if diff := cmp.Diff([]os.Signal{os.Interrupt, syscall.SIGTERM}, got); diff != "" {
		t.Errorf("handledSignals() with SIGHUP ignored (-want +got):\n%s", diff)
	}
	cmd, errOut, pids, _, _ := hookRunIgnoringHUP(t)
	if err := cmd.Process.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code := exitCode(t, cmd.Wait()); code != 128+int(syscall.SIGTERM) {
		t.Errorf("paved exited %d, want %d (SIGHUP ignored, stopped by SIGTERM); stderr:\n%s", code, 128+int(syscall.SIGTERM), errOut)
	}
	for _, pid := range pids {
		if running(pid) {
			t.Errorf("hook process %d outlived paved", pid)
		}
	}
}
