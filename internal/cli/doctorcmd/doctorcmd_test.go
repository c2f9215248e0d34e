package doctorcmd

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/paved-dev/paved/catalog"
	"github.com/paved-dev/paved/internal/cli/cmdutil"
	"github.com/paved-dev/paved/internal/iostreams"
)

// machine is a fake set of programs: name → output, or an error.
type machine map[string]string

func (m machine) lookPath(name string) (string, error) {
	if _, ok := m[name]; !ok {
		return "", exec.ErrNotFound
	}
	return "/usr/bin/" + name, nil
}

func (m machine) exec(ctx context.Context, path string, args ...string) (string, error) {
	out := m[filepath.Base(path)]
	switch out {
	case "HANG":
		<-ctx.Done()
		return "", ctx.Err()
	case "FAIL":
		return "", errors.New("exit status 1")
	}
	return out, nil
}

func env(kv ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

func TestRun(t *testing.T) {
	t.Parallel()
	allTools := machine{"node": "v20.11.0\n", "npm": "10.2.4\n", "go": "go version go1.26.0 linux/amd64\n"}
	tests := []struct {
		name    string
		setup   func(t *testing.T, o *Options)
		want    map[string]Status // checks not listed must be ok
		wantErr bool
	}{
		{
			name:  "everything in place",
			setup: func(t *testing.T, o *Options) {},
		},
		{
			name: "missing tools only warn",
			setup: func(t *testing.T, o *Options) {
				m := machine{"go": "go version go1.26.0 linux/amd64"}
				o.LookPath, o.Exec = m.lookPath, m.exec
			},
			want: map[string]Status{"node": StatusWarn, "npm": StatusWarn},
		},
		{
			name: "a tool that hangs is cut off by the timeout",
			setup: func(t *testing.T, o *Options) {
				m := machine{"node": "HANG", "npm": "FAIL", "go": "go1.26"}
				o.LookPath, o.Exec = m.lookPath, m.exec
				o.Timeout = time.Millisecond
			},
			want: map[string]Status{"node": StatusWarn, "npm": StatusWarn},
		},
		{
			name: "an old node warns",
			setup: func(t *testing.T, o *Options) {
				m := machine{"node": "v18.19.0\n", "npm": "10.2.4", "go": "go1.26"}
				o.LookPath, o.Exec = m.lookPath, m.exec
			},
			want: map[string]Status{"node": StatusWarn},
		},
		{
			name: "no git identity warns: paved signs first commits itself",
			setup: func(t *testing.T, o *Options) {
				o.Getenv = env("HOME", t.TempDir(), "XDG_CONFIG_HOME", t.TempDir())
			},
			want: map[string]Status{"git identity": StatusWarn},
		},
		{
			name: "a malformed git identity fails",
			setup: func(t *testing.T, o *Options) {
				o.Getenv = env("HOME", t.TempDir(), "XDG_CONFIG_HOME", t.TempDir(), "PAVED_AUTHOR", "just-a-name")
			},
			want:    map[string]Status{"git identity": StatusFail},
			wantErr: true,
		},
		{
			name: "broken config fails",
			setup: func(t *testing.T, o *Options) {
				if err := os.WriteFile(o.ConfigPath, []byte("trustedSourcez: [x]\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			},
			want:    map[string]Status{"config": StatusFail},
			wantErr: true,
		},
		{
			name: "valid config",
			setup: func(t *testing.T, o *Options) {
				if err := os.WriteFile(o.ConfigPath, []byte("trustedSources: [git::https://example.com/t.git]\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			},
		},
		{
			name: "existing catalog opens",
			setup: func(t *testing.T, o *Options) {
				st, err := catalog.Open(t.Context(), o.CatalogPath)
				if err != nil {
					t.Fatal(err)
				}
				st.Close()
			},
		},
		{
			name: "a catalog that is not a database fails",
			setup: func(t *testing.T, o *Options) {
				if err := os.WriteFile(o.CatalogPath, []byte("not sqlite, not at all, definitely not a database file\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			},
			want:    map[string]Status{"catalog": StatusFail},
			wantErr: true,
		},
		{
			name: "a cache that is a file fails",
			setup: func(t *testing.T, o *Options) {
				if err := os.WriteFile(o.CacheDir, []byte("x"), 0o644); err != nil {
					t.Fatal(err)
				}
			},
			want:    map[string]Status{"cache": StatusFail},
			wantErr: true,
		},
		{
			name: "a cache with files reports its size",
			setup: func(t *testing.T, o *Options) {
				if err := os.MkdirAll(filepath.Join(o.CacheDir, "git"), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(o.CacheDir, "git", "a"), make([]byte, 2048), 0o644); err != nil {
					t.Fatal(err)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			ios, _, out, _ := iostreams.Test()
			o := &Options{
				IO:          ios,
				Version:     "v1.0.0",
				Getenv:      env("PAVED_AUTHOR", "Ada Lovelace <ada@example.com>"),
				Now:         func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) },
				CatalogPath: filepath.Join(dir, "data", "catalog.db"),
				CacheDir:    filepath.Join(dir, "cache"),
				ConfigPath:  filepath.Join(dir, "config.yaml"),
				LookPath:    allTools.lookPath,
				Exec:        allTools.exec,
				Timeout:     time.Second,
				Output:      "json",
			}
			if err := os.MkdirAll(filepath.Dir(o.CatalogPath), 0o755); err != nil {
				t.Fatal(err)
			}
			tt.setup(t, o)
			err := Run(t.Context(), o)
			if tt.wantErr != (err != nil) {
				t.Fatalf("Run() = %v, want error %v", err, tt.wantErr)
			}
			if err != nil && cmdutil.ExitCode(err) != cmdutil.ExitProblem {
				t.Errorf("exit code %d, want 1", cmdutil.ExitCode(err))
			}
			var r Report
			if err := json.Unmarshal(out.Bytes(), &r); err != nil {
				t.Fatalf("output is not JSON: %v\n%s", err, out)
			}
			got := map[string]Status{}
			for _, c := range r.Checks {
				if c.Status != StatusOK {
					got[c.Name] = c.Status
					if c.Hint == "" {
						t.Errorf("check %s is %s without a hint", c.Name, c.Status)
					}
				}
			}
			want := tt.want
			if want == nil {
				want = map[string]Status{}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("non-ok checks (-want +got):\n%s", diff)
			}
			if r.OK == tt.wantErr {
				t.Errorf("report ok = %v, want %v", r.OK, !tt.wantErr)
			}
		})
	}
}

func TestTextReport(t *testing.T) {
	t.Parallel()
	ios, _, out, _ := iostreams.Test()
	dir := t.TempDir()
	m := machine{"go": "go version go1.26.0 linux/amd64\n"}
	o := &Options{
		IO: ios, Version: "v1.0.0",
		Getenv: env("PAVED_AUTHOR", "Ada Lovelace <ada@example.com>", "NO_COLOR", "1"),
		Now:    time.Now, CatalogPath: filepath.Join(dir, "catalog.db"), CacheDir: filepath.Join(dir, "cache"),
		ConfigPath: filepath.Join(dir, "config.yaml"), LookPath: m.lookPath, Exec: m.exec, Timeout: time.Second, Output: "text",
	}
	if err := Run(t.Context(), o); err != nil {
		t.Fatalf("Run() = %v", err)
	}
	for _, want := range []string{
		"✓ paved         v1.0.0 (",
		"✓ git identity  Ada Lovelace <ada@example.com> (from PAVED_AUTHOR)",
		"! node          not found on PATH (express-service runs on it)\n  hint: install Node.js",
		"✓ go            go version go1.26.0 linux/amd64 (/usr/bin/go)",
		"colour: off (NO_COLOR)",
		"Ready. 2 optional tools are missing",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
}

func TestNewCmd(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		args    []string
		want    string // output format
		wantErr bool
	}{
		{"default text", nil, "text", false},
		{"json", []string{"-o", "json"}, "json", false},
		{"unknown format", []string{"-o", "yaml"}, "", true},
		{"no arguments", []string{"extra"}, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ios, _, _, _ := iostreams.Test()
			d := &cmdutil.Deps{IO: ios, Version: "v1", Getenv: env("PAVED_CATALOG", "/tmp/c.db", "PAVED_CACHE_DIR", "/tmp/cache", "XDG_CONFIG_HOME", "/tmp/cfg"), Now: time.Now}
			var got *Options
			cmd := NewCmd(d, func(_ context.Context, o *Options) error { got = o; return nil })
			cmd.SetArgs(tt.args)
			cmd.SetOut(ios.Out)
			cmd.SetErr(ios.ErrOut)
			err := cmd.Execute()
			if tt.wantErr {
				if err == nil {
					t.Fatal("Execute() = nil, want an error")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Output != tt.want || got.CatalogPath != "/tmp/c.db" || got.CacheDir != "/tmp/cache" || got.ConfigPath != "/tmp/cfg/paved/config.yaml" {
				t.Errorf("options = %+v", got)
			}
		})
	}
}
