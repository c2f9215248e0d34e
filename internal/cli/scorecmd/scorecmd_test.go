package scorecmd

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/paved-dev/paved/internal/cli/cmdutil"
	"github.com/paved-dev/paved/internal/iostreams"
	"github.com/paved-dev/paved/internal/manifest"
	"github.com/paved-dev/paved/internal/source"
	"github.com/paved-dev/paved/scorecard"
	"github.com/paved-dev/paved/templates"
)

func TestNewCmdFlags(t *testing.T) {
	t.Parallel()
	defaults := scorecard.Limits{CheckCost: scorecard.DefaultCheckCost, RubricCost: scorecard.DefaultRubricCost, CheckTime: scorecard.DefaultCheckTime}
	tests := []struct {
		name string
		argv []string
		env  map[string]string
		want Options
	}{
		{"defaults", nil, nil, Options{Rubric: "production-readiness", Jobs: 1, Output: "table", CatalogPath: "/data/paved/catalog.db", Limits: defaults}},
		{"everything", []string{"a", "git::https://x/y.git?ref=v1", "--rubric", "r.yaml", "-j", "4", "-o", "sarif", "--min-level", "silver",
			"--catalog", "--subpath", "svc/api", "--skip", "slo", "--skip", "runbook", "--only", "lint",
			"--committed", "--cost-limit", "500", "--rubric-cost-limit", "9000", "--check-timeout", "2s"},
			map[string]string{"GITHUB_TOKEN": "gh", "PAVED_CATALOG": "/tmp/c.db"},
			Options{Targets: []string{"a", "git::https://x/y.git?ref=v1"}, Rubric: "r.yaml", Jobs: 4, Output: "sarif", MinLevel: "silver",
				Catalog: true, CatalogPath: "/tmp/c.db", Subpath: "svc/api", Skip: []string{"slo", "runbook"}, Only: []string{"lint"},
				Committed: true, Limits: scorecard.Limits{CheckCost: 500, RubricCost: 9000, CheckTime: 2 * time.Second}}},
		{"paved token wins", []string{"--skip=a,b"}, map[string]string{"GITHUB_TOKEN": "gh", "PAVED_GIT_TOKEN": "pv"},
			Options{Rubric: "production-readiness", Jobs: 1, Output: "table", CatalogPath: "/data/paved/catalog.db", Skip: []string{"a", "b"}, Limits: defaults}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ios, _, _, _ := iostreams.Test()
			env := map[string]string{"XDG_DATA_HOME": "/data"}
			for k, v := range tt.env {
				env[k] = v
			}
			d := &cmdutil.Deps{IO: ios, Getenv: func(k string) string { return env[k] }, Now: time.Now}
			var got *Options
			cmd := NewCmd(d, func(_ context.Context, o *Options) error { got = o; return nil })
			cmd.SetArgs(tt.argv)
			if err := cmd.Execute(); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, *got, cmpopts.IgnoreFields(Options{}, "IO", "Now", "Tags", "Creds", "CacheDir"), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Options (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRun(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for p, c := range map[string]string{"README.md": "Run: npm start\n", "CODEOWNERS": "* @a\n", ".gitignore": "x\n", "LICENSE": "x\n"} {
		if err := os.WriteFile(filepath.Join(dir, p), []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	now := func() time.Time { return time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		name     string
		opts     Options
		wantOut  string
		wantErr  string
		wantCode int
	}{
		{"json", Options{Targets: []string{dir}, Output: "json"}, `"generatedAt": "2026-11-01T00:00:00Z"`, "", 0},
		{"below min level", Options{Targets: []string{dir}, Output: "table", MinLevel: "bronze"}, "to reach bronze", "below bronze", 1},
		{"only passing checks meet the level", Options{Targets: []string{dir}, Output: "markdown", MinLevel: "gold", Only: []string{"owner", "license"}}, "🥇 gold", "", 0},
		{"unknown rubric file", Options{Targets: []string{dir}, Output: "table", Rubric: filepath.Join(dir, "nope.yaml")}, "", "nope.yaml", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ios, _, out, errOut := iostreams.Test()
			opts := tt.opts
			opts.IO, opts.Now, opts.Jobs = ios, now, 2
			if opts.Rubric == "" {
				opts.Rubric = "production-readiness"
			}
			err := Run(t.Context(), &opts)
			if code := cmdutil.ExitCode(err); code != tt.wantCode {
				t.Fatalf("Run() = %v (exit %d), want exit %d", err, code, tt.wantCode)
			}
			if tt.wantCode == 1 && !errors.Is(err, cmdutil.ErrProblem) {
				t.Errorf("Run() = %v, want ErrProblem (the report already said why)", err)
			}
			if !strings.Contains(out.String(), tt.wantOut) {
				t.Errorf("stdout lacks %q:\n%s", tt.wantOut, out)
			}
			if tt.wantErr != "" && !strings.Contains(errOut.String()+errString(err), tt.wantErr) {
				t.Errorf("stderr/error lacks %q: %s %v", tt.wantErr, errOut, err)
			}
		})
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestProgressOnlyOnATerminal(t *testing.T) {
	t.Parallel()
	a, b := t.TempDir(), t.TempDir()
	for _, tty := range []bool{false, true} {
		ios, _, _, errOut := iostreams.Test()
		ios.ErrTTY = tty
		opts := &Options{IO: ios, Now: time.Now, Targets: []string{a, b}, Rubric: "production-readiness", Jobs: 1, Output: "json"}
		if err := Run(t.Context(), opts); err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(errOut.String(), "scored 2/2"); got != tty {
			t.Errorf("ErrTTY=%v: progress shown = %v, want %v (stderr %q)", tty, got, tty, errOut)
		}
	}
}

func TestLatestVersions(t *testing.T) {
	t.Parallel()
	var calls sync.Map // source → number of tag listings
	tags := func(_ context.Context, tpl *source.Template) ([]string, error) {
		n, _ := calls.LoadOrStore(tpl.Source, new(atomic.Int32))
		n.(*atomic.Int32).Add(1)
		if strings.Contains(tpl.Source, "offline") {
			return nil, errors.New("dial tcp: no route to host")
		}
		return []string{"v1.4.0", "v1.3.2"}, nil
	}
	latest := latestVersions(t.Context(), tags)
	tests := []struct {
		name, template, source, want string
	}{
		{"a built-in template's version is paved's own", "minimal", "builtin", builtinVersion(t, "minimal")},
		{"a git template's newest tag, without its v", "svc", "git::https://git.example/acme/t.git//svc", "1.4.0"},
		{"an unreachable source is unknown, not a failure", "svc", "git::https://offline.example/t.git", ""},
		{"a folder template has no versions", "svc", "/srv/templates/svc", ""},
	}
	for _, tt := range tests {
		for range 3 { // asked for by three repositories
			if got := latest(tt.template, tt.source); got != tt.want {
				t.Errorf("%s: latest(%q, %q) = %q, want %q", tt.name, tt.template, tt.source, got, tt.want)
			}
		}
	}
	calls.Range(func(src, n any) bool {
		if got := n.(*atomic.Int32).Load(); got != 1 {
			t.Errorf("tags of %s listed %d times, want once", src, got)
		}
		return true
	})
}

func builtinVersion(t *testing.T, name string) string {
	t.Helper()
	sub, err := fs.Sub(templates.FS, name)
	if err != nil {
		t.Fatal(err)
	}
	m, err := manifest.Load(sub)
	if err != nil {
		t.Fatal(err)
	}
	return m.Spec.Version
}
