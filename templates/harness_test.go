package templates_test

// The end-to-end harness shared by every built-in template's e2e test: it
// builds paved once, generates a service with `paved new` (hooks included),
// runs the generated service's own toolchain, starts it on a free port and
// talks to it over HTTP.
//
// Generated services run real installs (npm registry, Go module proxy), so
// every e2e test calls requireTools and skips itself under -short. A missing
// toolchain fails the test with a message: a silent skip would let CI pass
// without proving anything.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

const (
	// commandTimeout bounds one command of a generated service (npm ci,
	// go test -race ...). Generous: 2 shared cores and a cold cache.
	commandTimeout = 15 * time.Minute
	// readyTimeout bounds how long a started service may take to answer /readyz.
	readyTimeout = 60 * time.Second
	// testAuthor pins the first commit's author so generation needs no git config.
	testAuthor = "Paved Test <test@paved.dev>"
)

// harness is what TestMain prepares once for the whole package: the paved
// binary and the environment every generated service's commands share.
type harness struct {
	root string   // module root
	env  []string // base environment: the caller's, with toolchain caches kept

	// The paved binary is built on first use, so tests that render in-process
	// (goldens) neither wait for nor depend on a buildable command.
	build    sync.Once
	paved    string // absolute path of the paved binary built from this module
	buildErr error
}

// h is set up once by TestMain before any test runs; only pavedBinary
// writes to it afterwards, under h.build.
var h harness

func TestMain(m *testing.M) {
	os.Exit(testMain(m))
}

func testMain(m *testing.M) int {
	tmp, err := os.MkdirTemp("", "paved-templates-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "harness:", err)
		return 1
	}
	defer os.RemoveAll(tmp)
	if err := setup(tmp); err != nil {
		fmt.Fprintln(os.Stderr, "harness:", err)
		return 1
	}
	return m.Run()
}

// setup records the module root, where to build paved, and the base environment.
func setup(dir string) error {
	out, err := exec.Command("go", "env", "GOMOD", "GOMODCACHE", "GOCACHE", "GOPATH").Output()
	if err != nil {
		return fmt.Errorf("go env: %w", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 4 || lines[0] == "" || lines[0] == os.DevNull {
		return fmt.Errorf("go env: not inside the paved module (GOMOD=%q)", lines[0])
	}
	h.root = filepath.Dir(lines[0])
	h.paved = filepath.Join(dir, "paved")
	// Generated services get an isolated HOME, but they keep the caller's
	// toolchain caches: re-downloading every npm package and Go module per
	// answer set would make the suite slow and flaky, not more thorough.
	realHome, _ := os.UserHomeDir()
	h.env = append(os.Environ(),
		"GOMODCACHE="+lines[1],
		"GOCACHE="+lines[2],
		"GOPATH="+lines[3],
	)
	if os.Getenv("npm_config_cache") == "" && realHome != "" {
		h.env = append(h.env, "npm_config_cache="+filepath.Join(realHome, ".npm"))
	}
	h.env = append(h.env,
		"npm_config_fund=false",
		"npm_config_update_notifier=false",
		"NO_COLOR=1",
		"CI=true",
	)
	return nil
}

// pavedBinary builds paved once per test binary and returns its path.
func pavedBinary(t *testing.T) string {
	t.Helper()
	h.build.Do(func() {
		build := exec.Command("go", "build", "-o", h.paved, "./cmd/paved")
		build.Dir = h.root
		if out, err := build.CombinedOutput(); err != nil {
			h.buildErr = fmt.Errorf("go build ./cmd/paved: %w\n%s", err, out)
		}
	})
	if h.buildErr != nil {
		t.Fatal(h.buildErr)
	}
	return h.paved
}

// requireTools skips the test under -short and fails it, naming what is
// missing, when a tool the generated service needs is not installed.
func requireTools(t *testing.T, tools ...string) {
	t.Helper()
	if testing.Short() {
		t.Skip("generates a service and runs its own install and tests; skipped with -short")
	}
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is required to test the generated service but was not found in PATH: install it (.ci/run does) or run with -short", tool)
		}
	}
}

// isolatedEnv returns h.env with HOME, XDG folders, the catalog and the git
// author pointing into a fresh temporary folder, plus extra (KEY=VALUE).
func isolatedEnv(t *testing.T, extra ...string) []string {
	t.Helper()
	home := t.TempDir()
	env := append([]string(nil), h.env...)
	env = append(env,
		"HOME="+home,
		"XDG_CONFIG_HOME="+filepath.Join(home, ".config"),
		"XDG_DATA_HOME="+filepath.Join(home, ".local", "share"),
		"XDG_CACHE_HOME="+filepath.Join(home, ".cache"),
		"PAVED_CATALOG="+filepath.Join(home, "catalog.db"),
		"PAVED_AUTHOR="+testAuthor,
	)
	return append(env, extra...)
}

// generate runs `paved new TEMPLATE --yes --no-register --dir DIR --set ...`
// with its hooks (so npm install / go mod tidy have run and the lockfile is
// committed) and fails the test when paved fails.
func generate(t *testing.T, template, dir string, sets ...string) {
	t.Helper()
	args := []string{"new", template, "--yes", "--no-register", "--dir", dir}
	for _, s := range sets {
		args = append(args, "--set", s)
	}
	pavedRun(t, filepath.Dir(dir), args...)
}

// pavedRun runs the paved binary in dir with an isolated environment and
// returns its combined output; a non-zero exit fails the test.
func pavedRun(t *testing.T, dir string, args ...string) string {
	t.Helper()
	return run(t, dir, isolatedEnv(t), append([]string{pavedBinary(t)}, args...)...)
}

// run runs argv in dir with env (nil: the harness's base environment) under
// commandTimeout, and returns its combined output. A failure shows the output.
func run(t *testing.T, dir string, env []string, argv ...string) string {
	t.Helper()
	if env == nil {
		env = h.env
	}
	ctx, cancel := context.WithTimeout(t.Context(), commandTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Dir = dir
	cmd.Env = env
	cmd.WaitDelay = 5 * time.Second
	start := time.Now()
	out, err := cmd.CombinedOutput()
	if err != nil {
		if ctx.Err() != nil {
			err = fmt.Errorf("%w (timed out after %s)", err, commandTimeout)
		}
		t.Fatalf("%s (in %s): %v\n%s", strings.Join(argv, " "), dir, err, out)
	}
	t.Logf("%s: %s", strings.Join(argv, " "), time.Since(start).Round(time.Millisecond))
	return string(out)
}

// service is a generated service started by startService.
type service struct {
	URL        string        // http://127.0.0.1:PORT
	Port       int           // the free port given through PORT
	ReadyAfter time.Duration // from start to the first answer of /readyz

	cmd  *exec.Cmd
	out  *syncBuffer
	done chan struct{} // closed when the process has exited
	err  error         // Wait's result, valid after done is closed
}

// syncBuffer is a bytes.Buffer safe for the process's writers and the test.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// startService starts argv in dir with env plus PORT=<a free port> and waits
// until GET /readyz answers (any status: a service whose dependency is
// missing answers 503, and the test asserts which). It fails the test if the
// process exits or does not answer within readyTimeout. The process is
// killed at the end of the test if still running.
func startService(t *testing.T, dir string, env []string, argv ...string) *service {
	t.Helper()
	port := freePort(t)
	if env == nil {
		env = h.env
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = dir
	cmd.Env = append(append([]string(nil), env...), "PORT="+strconv.Itoa(port))
	// Own process group, so the cleanup also reaches grandchildren (npm → node).
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	s := &service{URL: "http://127.0.0.1:" + strconv.Itoa(port), Port: port, cmd: cmd, out: &syncBuffer{}, done: make(chan struct{})}
	cmd.Stdout = s.out
	cmd.Stderr = s.out
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", strings.Join(argv, " "), err)
	}
	go func() {
		s.err = cmd.Wait()
		close(s.done)
	}()
	t.Cleanup(func() {
		select {
		case <-s.done:
		default:
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-s.done
		}
		if t.Failed() {
			t.Logf("output of %s:\n%s", strings.Join(argv, " "), s.Output())
		}
	})

	client := &http.Client{Timeout: 2 * time.Second}
	deadline := time.NewTimer(readyTimeout)
	defer deadline.Stop()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		resp, err := client.Get(s.URL + "/readyz")
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			s.ReadyAfter = time.Since(start)
			t.Logf("%s answered /readyz %d after %s", strings.Join(argv, " "), resp.StatusCode, s.ReadyAfter.Round(time.Millisecond))
			return s
		}
		select {
		case <-s.done:
			t.Fatalf("%s exited before answering /readyz: %v\n%s", strings.Join(argv, " "), s.err, s.Output())
		case <-deadline.C:
			t.Fatalf("%s did not answer /readyz within %s (last error: %v)\n%s", strings.Join(argv, " "), readyTimeout, err, s.Output())
		case <-tick.C:
		}
	}
}

// freePort returns a TCP port that was free a moment ago on 127.0.0.1.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("find a free port: %v", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// Output is everything the service wrote to stdout and stderr so far.
func (s *service) Output() string { return s.out.String() }

// get sends GET path to the service and returns its status, body and headers.
func (s *service) get(t *testing.T, path string, headers ...string) (int, string, http.Header) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, s.URL+path, nil)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	client := &http.Client{Timeout: 10 * time.Second}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v\nservice output:\n%s", path, err, s.Output())
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: read body: %v", path, err)
	}
	return resp.StatusCode, string(body), resp.Header
}

// stop sends SIGTERM to the service and asserts that it exits with status 0
// within the given time (its drain timeout plus a margin).
func (s *service) stop(t *testing.T, within time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatalf("send SIGTERM: %v", err)
	}
	timer := time.NewTimer(within)
	defer timer.Stop()
	select {
	case <-s.done:
	case <-timer.C:
		t.Fatalf("service still running %s after SIGTERM\n%s", within, s.Output())
	}
	took := time.Since(start)
	if s.err != nil {
		var ee *exec.ExitError
		if errors.As(s.err, &ee) {
			t.Fatalf("service exited with %v after SIGTERM, want exit status 0\n%s", ee, s.Output())
		}
		t.Fatalf("service: %v\n%s", s.err, s.Output())
	}
	t.Logf("service stopped %s after SIGTERM", took.Round(time.Millisecond))
	return took
}
