package lint

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paved-dev/paved/internal/manifest"
	"github.com/paved-dev/paved/internal/scaffold"
	"github.com/paved-dev/paved/internal/source"
	"github.com/paved-dev/paved/internal/tmpl"
)

// TestExampleWorker lints examples/templates/worker and, outside -short,
// generates it with answers that switch every conditional part on and off
// and checks the generated project with gofmt, go vet and go test, so the
// example a platform engineer copies is known to work.
func TestExampleWorker(t *testing.T) {
	t.Parallel()
	dir, err := filepath.Abs("../../../examples/templates/worker")
	if err != nil {
		t.Fatal(err)
	}
	tpl := &source.Template{Kind: source.KindDir, Name: "worker", Source: dir, Dir: dir, FS: os.DirFS(dir)}
	if r := Lint(t.Context(), tpl, Options{Prefix: "worker"}); !r.OK || len(r.Warnings) > 0 {
		for _, p := range append(r.Problems, r.Warnings...) {
			t.Errorf("lint: %v (fix: %s)", p, p.Fix)
		}
		t.FailNow()
	}
	m, err := manifest.Load(tpl.FS)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		values    manifest.Values
		wantFiles []string
		noFiles   []string
	}{
		{
			name:      "rabbitmq with dead-lettering and tracing",
			values:    manifest.Values{"queue": "rabbitmq", "deadLetter": true, "observability": []string{"metrics", "tracing"}},
			wantFiles: []string{"internal/deadletter/README.md", "internal/tracing/tracing.go", "cmd/orders-worker/main.go", ".github/workflows/ci.yml"},
		},
		{
			name:    "kafka never asks about dead-lettering",
			values:  manifest.Values{"queue": "kafka", "observability": []string{"metrics"}},
			noFiles: []string{"internal/deadletter/README.md", "internal/tracing/tracing.go"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			v := manifest.Values{"name": "orders-worker", "module": "example.com/orders-worker", "owner": "group:payments",
				"description": "Processes orders.", "concurrency": 8}
			for k, x := range tt.values {
				v[k] = x
			}
			data := tmpl.Data{Values: v, Template: tmpl.TemplateInfo{Name: m.Metadata.Name, Version: m.Spec.Version, Source: dir}}
			plan, err := scaffold.Render(t.Context(), tpl, m, data)
			if err != nil {
				t.Fatalf("Render: %v", err)
			}
			target := filepath.Join(t.TempDir(), "orders-worker")
			if _, err := scaffold.Generate(t.Context(), plan, target, scaffold.GenerateOptions{}); err != nil {
				t.Fatalf("Generate: %v", err)
			}
			for _, f := range tt.wantFiles {
				if _, err := os.Stat(filepath.Join(target, f)); err != nil {
					t.Errorf("want %s generated: %v", f, err)
				}
			}
			for _, f := range tt.noFiles {
				if _, err := os.Stat(filepath.Join(target, f)); err == nil {
					t.Errorf("%s generated, want it left out", f)
				}
			}
			ci, err := os.ReadFile(filepath.Join(target, ".github/workflows/ci.yml"))
			if err != nil || !strings.Contains(string(ci), "${{ github.sha }}") {
				t.Errorf("ci.yml lost GitHub's ${{ }} expressions:\n%s", ci)
			}
			if testing.Short() {
				return
			}
			goBin, err := exec.LookPath("go")
			if err != nil {
				t.Fatalf("go is needed to check the generated worker (or run with -short): %v", err)
			}
			// gofmt ships beside go, even when only go is on PATH.
			gofmt := exec.CommandContext(t.Context(), filepath.Join(filepath.Dir(goBin), "gofmt"), "-l", ".")
			gofmt.Dir = target
			if out, err := gofmt.CombinedOutput(); err != nil || len(out) > 0 {
				t.Errorf("generated Go code is not gofmt-clean (%v):\n%s", err, out)
			}
			for _, args := range [][]string{{"vet", "./..."}, {"test", "./..."}} {
				cmd := exec.CommandContext(t.Context(), "go", args...)
				cmd.Dir = target
				cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off", "GOTOOLCHAIN=local")
				if out, err := cmd.CombinedOutput(); err != nil {
					t.Errorf("go %v in the generated worker: %v\n%s", args, err, out)
				}
			}
		})
	}
}
