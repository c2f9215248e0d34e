package templates_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paved-dev/paved/internal/manifest"
	"github.com/paved-dev/paved/internal/scaffold"
	"github.com/paved-dev/paved/internal/source"
	"github.com/paved-dev/paved/internal/tmpl"
	"github.com/paved-dev/paved/templates"
)

// goServiceDrain is the SHUTDOWN_TIMEOUT the e2e runs give the service; it
// must exit within it (plus a margin) after SIGTERM.
const goServiceDrain = 5 * time.Second

// TestGoServiceEndToEnd generates go-service under several answer sets with
// `paved new` (hooks included, so go mod tidy writes go.sum), then runs what
// the generated service's CI runs (go vet, go test -race, go build), starts
// the binary, checks its endpoints as its README documents them, stops it
// with SIGTERM and scores it against the built-in rubric, which it must pass
// at gold straight after generation.
func TestGoServiceEndToEnd(t *testing.T) {
	requireTools(t, "go")
	tests := []struct {
		name      string
		sets      []string
		env       []string // extra environment for the started service
		wantReady int      // status of /readyz once started
		wantFiles []string // present in the generated tree
		noFiles   []string // absent from the generated tree
	}{
		{
			name:      "defaults",
			sets:      []string{"name=orders", "owner=group:payments"},
			wantReady: 200,
			wantFiles: []string{"go.sum", ".github/workflows/ci.yml", "cmd/orders/main.go"},
			noFiles:   []string{".gitlab-ci.yml", "internal/database"},
		},
		{
			// No PostgreSQL here: the pool connects lazily, the service
			// starts, and readiness must name the database as failing.
			name:      "postgres",
			sets:      []string{"name=ledger", "owner=group:finance", "database=postgres", "system=payments", "lifecycle=production"},
			env:       []string{"DATABASE_URL=postgres://ledger@127.0.0.1:1/ledger?connect_timeout=1"},
			wantReady: 503,
			wantFiles: []string{"go.sum", "internal/database/database.go"},
		},
		{
			name:      "gitlab",
			sets:      []string{"name=billing", "owner=group:billing", "ci=gitlab", "module=gitlab.com/acme/billing", "port=9090"},
			wantReady: 200,
			wantFiles: []string{"go.sum", ".gitlab-ci.yml"},
			noFiles:   []string{".github"},
		},
	}
	// Sequential on purpose: each set builds with -race, and two of those at
	// once on a small CI machine only make both slower.
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := strings.TrimPrefix(tt.sets[0], "name=")
			dir := filepath.Join(t.TempDir(), name)
			generate(t, "go-service", dir, tt.sets...) // logs its own duration, go mod tidy included
			for _, f := range tt.wantFiles {
				if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
					t.Errorf("generated tree lacks %s: %v", f, err)
				}
			}
			for _, f := range tt.noFiles {
				if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
					t.Errorf("generated tree has %s, want it left out for these answers", f)
				}
			}

			// The shipped go.mod/go.sum are exactly what tidy would write:
			// nothing was left for the proxy's newest versions to decide.
			run(t, dir, nil, "go", "mod", "tidy", "-diff")
			run(t, dir, nil, "go", "vet", "./...")
			run(t, dir, nil, "go", "test", "-race", "-count=1", "./...")
			bin := filepath.Join(dir, "bin", name)
			run(t, dir, nil, "go", "build", "-o", bin, "./cmd/"+name)

			env := append(isolatedEnv(t, tt.env...), "SHUTDOWN_TIMEOUT="+goServiceDrain.String())
			svc := startService(t, dir, env, bin)

			status, body, _ := svc.get(t, "/readyz")
			if status != tt.wantReady {
				t.Errorf("GET /readyz = %d %s, want %d", status, body, tt.wantReady)
			}
			if tt.wantReady == 503 && !strings.Contains(body, `"database":"failing"`) {
				t.Errorf("GET /readyz = %s, want it to name the database", body)
			}
			if status, body, _ := svc.get(t, "/healthz"); status != 200 || !strings.Contains(body, `"status":"ok"`) {
				t.Errorf("GET /healthz = %d %s, want 200 ok", status, body)
			}
			status, body, header := svc.get(t, "/v1/greetings/world", "X-Request-Id", "e2e-1")
			if status != 200 || strings.TrimSpace(body) != `{"message":"Hello, world!"}` {
				t.Errorf("GET /v1/greetings/world = %d %s, want 200 and the greeting", status, body)
			}
			if got := header.Get("X-Request-Id"); got != "e2e-1" {
				t.Errorf("X-Request-Id = %q, want the caller's e2e-1 echoed", got)
			}
			if got, want := header.Get("Cache-Control"), "public, max-age=60, stale-while-revalidate=300"; got != want {
				t.Errorf("GET /v1/greetings/world Cache-Control = %q, want %q", got, want)
			}
			if etag := header.Get("ETag"); etag == "" {
				t.Errorf("GET /v1/greetings/world has no ETag")
			} else if status, body, _ := svc.get(t, "/v1/greetings/world", "If-None-Match", etag); status != 304 || body != "" {
				t.Errorf("GET /v1/greetings/world with If-None-Match %s = %d %q, want 304 without a body", etag, status, body)
			}
			if status, body, header := svc.get(t, "/v1/greetings/%3Cb%3E"); status != 400 || header.Get("Content-Type") != "application/problem+json" || header.Get("Cache-Control") != "no-store" {
				t.Errorf("GET /v1/greetings/<b> = %d %s %q %s, want a 400 problem, no-store", status, header.Get("Content-Type"), header.Get("Cache-Control"), body)
			}
			status, body, _ = svc.get(t, "/metrics")
			if want := `http_requests_total{code="200",method="GET",route="GET /v1/greetings/{name}"} 1`; status != 200 || !strings.Contains(body, want) {
				t.Errorf("GET /metrics = %d, want it to contain %s", status, want)
			}
			svc.stop(t, goServiceDrain+5*time.Second)
			if out := svc.Output(); !strings.Contains(out, `"request_id":"e2e-1"`) || !strings.Contains(out, `"trace_id":"`) {
				t.Errorf("service logs lack the request line with request_id and trace_id:\n%s", out)
			}

			// The paved road's promise: gold on the built-in rubric, at once.
			pavedRun(t, filepath.Dir(dir), "score", dir, "--min-level", "gold")
		})
	}
}

// BenchmarkRenderGoService measures rendering go-service in memory (what
// `paved new --no-hooks` does before writing), with the golden answers.
func BenchmarkRenderGoService(b *testing.B) {
	sub, err := fs.Sub(templates.FS, "go-service")
	if err != nil {
		b.Fatal(err)
	}
	m, err := manifest.Load(sub)
	if err != nil {
		b.Fatal(err)
	}
	tpl := &source.Template{Kind: "builtin", Source: "builtin", Name: "go-service", FS: sub}
	data := tmpl.Data{
		Values:   goldens["go-service"],
		Template: tmpl.TemplateInfo{Name: m.Metadata.Name, Version: m.Spec.Version, Source: "builtin"},
	}
	for b.Loop() {
		if _, err := scaffold.Render(b.Context(), tpl, m, data); err != nil {
			b.Fatal(err)
		}
	}
}
