package templates_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"gopkg.in/yaml.v3"

	"github.com/paved-dev/paved/internal/manifest"
	"github.com/paved-dev/paved/internal/scaffold"
	"github.com/paved-dev/paved/internal/source"
	"github.com/paved-dev/paved/internal/tmpl"
	"github.com/paved-dev/paved/templates"
)

// expressGolden is the answer set pinned in testdata/express-service.txtar:
// every optional dependency on, so the golden shows every conditional file.
var expressGolden = expressValues(map[string]any{
	"description": "Takes orders: it's what we do",
	"system":      "commerce",
	"lifecycle":   "production",
	"database":    "postgres",
	"cache":       "redis",
})

// expressValues is a complete answer set for express-service (what the
// defaults give for name=orders, owner=group:payments), with overrides.
func expressValues(overrides map[string]any) manifest.Values {
	v := manifest.Values{
		"name":        "orders",
		"description": "orders: an HTTP API",
		"owner":       "group:payments",
		"system":      "",
		"lifecycle":   "experimental",
		"port":        8080,
		"nodeVersion": "22",
		"database":    "none",
		"cache":       "none",
		"ci":          "github",
		"repository":  "github.com/payments/orders",
	}
	maps.Copy(v, overrides)
	return v
}

// expressSet is one way of answering the template, for the render and e2e tests.
type expressSet struct {
	name   string
	sets   []string          // --set flags for paved new
	values manifest.Values   // the same answers, complete, for in-process rendering
	env    []string          // what the service needs to start
	ready  int               // the /readyz status it must answer with
	wantIn []string          // files that must be generated
	notIn  []string          // files that must not be
	deps   map[string]string // substrings /readyz must contain
}

func expressSets() []expressSet {
	return []expressSet{
		{
			name:   "defaults",
			sets:   []string{"name=orders", "owner=group:payments"},
			values: expressValues(nil),
			ready:  200,
			wantIn: []string{".github/workflows/ci.yml", "src/cache/cache.ts", "package.json", "slo.yaml"},
			notIn:  []string{".gitlab-ci.yml", "src/db/postgres.ts", "src/cache/redis.ts", "test/postgres.test.ts", "test/redis.test.ts"},
		},
		{
			// No Postgres or Redis runs here: the service must start anyway,
			// stay alive, and say in /readyz which dependency is missing.
			name: "postgres and redis",
			sets: []string{"name=orders", "owner=group:payments", "database=postgres", "cache=redis"},
			values: expressValues(map[string]any{
				"database": "postgres", "cache": "redis",
			}),
			env: []string{
				"DATABASE_URL=postgres://orders:secret@127.0.0.1:1/orders",
				"REDIS_URL=redis://127.0.0.1:1",
			},
			ready:  503,
			wantIn: []string{"src/db/postgres.ts", "src/cache/redis.ts", "test/postgres.test.ts", "test/redis.test.ts"},
			deps:   map[string]string{"postgres": `"postgres":{"status":"failed"`, "redis": `"redis":{"status":"failed"`},
		},
		{
			name: "gitlab",
			sets: []string{"name=billing", "owner=group:finance", "ci=gitlab", "nodeVersion=20",
				"lifecycle=production", "port=9090", "system=money"},
			values: expressValues(map[string]any{
				"name": "billing", "description": "billing: an HTTP API", "owner": "group:finance",
				"ci": "gitlab", "nodeVersion": "20", "lifecycle": "production", "port": 9090,
				"system": "money", "repository": "gitlab.com/finance/billing",
			}),
			env:    []string{"CLUSTER_WORKERS=2"}, // the primary must restart nothing and stop cleanly
			ready:  200,
			wantIn: []string{".gitlab-ci.yml"},
			notIn:  []string{".github/workflows/ci.yml"},
		},
	}
}

// renderExpress renders express-service in memory with the given answers.
func renderExpress(t *testing.T, values manifest.Values) *scaffold.Plan {
	t.Helper()
	sub, err := fs.Sub(templates.FS, "express-service")
	if err != nil {
		t.Fatal(err)
	}
	m, err := manifest.Load(sub)
	if err != nil {
		t.Fatal(err)
	}
	tpl := &source.Template{Kind: source.Kind("builtin"), Source: "builtin", Name: "express-service", FS: sub}
	plan, err := scaffold.Render(t.Context(), tpl, m, tmpl.Data{
		Values:   values,
		Template: tmpl.TemplateInfo{Name: m.Metadata.Name, Version: m.Spec.Version, Source: "builtin"},
		Paved:    tmpl.PavedInfo{Version: "test"},
	})
	if err != nil {
		t.Fatalf("render express-service: %v", err)
	}
	return plan
}

// TestExpressServiceRenders checks every answer set renders into a
// coherent tree: conditional files in or out, JSON and YAML well formed,
// GitHub expressions copied byte for byte. Fast: runs under -short.
func TestExpressServiceRenders(t *testing.T) {
	for _, set := range expressSets() {
		t.Run(set.name, func(t *testing.T) {
			t.Parallel()
			plan := renderExpress(t, set.values)
			files := map[string][]byte{}
			for _, f := range plan.Files {
				files[f.Path] = f.Data
				if strings.HasSuffix(f.Path, ".tmpl") {
					t.Errorf("%s: the .tmpl suffix was not dropped", f.Path)
				}
				if bytes.Contains(f.Data, []byte("<no value>")) {
					t.Errorf("%s: contains <no value>", f.Path)
				}
			}
			for _, p := range set.wantIn {
				if _, ok := files[p]; !ok {
					t.Errorf("%s missing; generated: %v", p, slices.Sorted(maps.Keys(files)))
				}
			}
			for _, p := range set.notIn {
				if _, ok := files[p]; ok {
					t.Errorf("%s generated, want it left out", p)
				}
			}
			for p, data := range files {
				switch {
				case strings.HasSuffix(p, ".json"):
					var v any
					if err := json.Unmarshal(data, &v); err != nil {
						t.Errorf("%s is not valid JSON: %v", p, err)
					}
				case strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml"):
					dec := yaml.NewDecoder(bytes.NewReader(data))
					for {
						var v any
						err := dec.Decode(&v)
						if errors.Is(err, io.EOF) {
							break
						}
						if err != nil {
							t.Errorf("%s is not valid YAML: %v", p, err)
							break
						}
					}
				}
			}
			var pkg struct {
				Name         string            `json:"name"`
				Scripts      map[string]string `json:"scripts"`
				Dependencies map[string]string `json:"dependencies"`
			}
			if err := json.Unmarshal(files["package.json"], &pkg); err != nil {
				t.Fatalf("package.json: %v", err)
			}
			if pkg.Name != set.values["name"] {
				t.Errorf("package.json name = %q, want %q", pkg.Name, set.values["name"])
			}
			for _, s := range []string{"build", "dev", "start", "test", "lint"} {
				if pkg.Scripts[s] == "" {
					t.Errorf("package.json has no %q script", s)
				}
			}
			_, hasPg := pkg.Dependencies["pg"]
			if want := set.values["database"] == "postgres"; hasPg != want {
				t.Errorf("package.json depends on pg: %v, want %v", hasPg, want)
			}
			if ci, ok := files[".github/workflows/ci.yml"]; ok && !bytes.Contains(ci, []byte("${{ github.sha }}")) {
				t.Errorf(".github/workflows/ci.yml lost its ${{ github.sha }} expression")
			}
			var catalog struct {
				Spec map[string]string `yaml:"spec"`
			}
			if err := yaml.Unmarshal(files["catalog-info.yaml"], &catalog); err != nil {
				t.Fatalf("catalog-info.yaml: %v", err)
			}
			if catalog.Spec["owner"] != set.values["owner"] || catalog.Spec["lifecycle"] != set.values["lifecycle"] {
				t.Errorf("catalog-info.yaml spec = %v, want owner %v and lifecycle %v", catalog.Spec, set.values["owner"], set.values["lifecycle"])
			}
			if sys := set.values["system"]; catalog.Spec["system"] != sys {
				t.Errorf("catalog-info.yaml spec.system = %q, want %q", catalog.Spec["system"], sys)
			}
		})
	}
}

// TestExpressServiceEndToEnd generates the service with paved for each
// answer set and proves it the way its own CI and a deployment would: npm ci,
// lint, test, build, start, probe, SIGTERM. Real npm registry installs.
func TestExpressServiceEndToEnd(t *testing.T) {
	requireTools(t, "node", "npm")
	// Sequential on purpose: each step already uses every core.
	for _, set := range expressSets() {
		t.Run(set.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "svc")
			pavedBinary(t) // built once, outside the timing
			began := time.Now()
			generate(t, "express-service", dir, set.sets...)
			tNew := time.Since(began)
			assertCommitted(t, dir, "package-lock.json", "package.json", ".paved.yaml", "catalog-info.yaml")
			// Straight out of paved new, the service meets the built-in rubric's top level.
			pavedRun(t, filepath.Dir(dir), "score", dir, "--min-level", "gold")

			timed := func(argv ...string) time.Duration {
				start := time.Now()
				run(t, dir, nil, argv...)
				return time.Since(start)
			}
			tInstall := timed("npm", "ci", "--no-audit", "--no-fund")
			tLint := timed("npm", "run", "lint")
			tTest := timed("npm", "test")
			tBuild := timed("npm", "run", "build")

			// With real servers (.ci/run, make test-services) the postgres
			// and redis set reaches them through proxies the test can cut.
			var proxies map[string]*depProxy
			if set.values["database"] == "postgres" && set.values["cache"] == "redis" {
				if pg, redis := realDeps(t); pg != "" {
					pgProxy, pgURL := newDepProxy(t, pg, "secret")
					redisProxy, redisURL := newDepProxy(t, redis, "")
					proxies = map[string]*depProxy{"postgres": pgProxy, "redis": redisProxy}
					set.env = []string{"DATABASE_URL=" + pgURL, "REDIS_URL=" + redisURL}
					set.ready, set.deps = 200, nil
				}
			}

			// node directly, as the Dockerfile does: npm does not pass SIGTERM on.
			env := append(append([]string(nil), h.env...), set.env...)
			env = append(env, "SHUTDOWN_TIMEOUT_MS=5000")
			svc := startService(t, dir, env, "node", "--enable-source-maps", "--require", "./dist/instrumentation.js", "dist/server.js")

			status, body, _ := svc.get(t, "/readyz")
			if status != set.ready {
				t.Errorf("GET /readyz = %d %s, want %d", status, body, set.ready)
			}
			for dep, want := range set.deps {
				if !strings.Contains(body, want) {
					t.Errorf("GET /readyz body does not name %s as failed (want %s): %s", dep, want, body)
				}
			}
			if status, body, _ := svc.get(t, "/healthz"); status != 200 {
				t.Errorf("GET /healthz = %d %s, want 200", status, body)
			}
			status, body, hdr := svc.get(t, "/v1/greetings/world", "x-request-id", "e2e-request-1")
			if status != 200 || strings.TrimSpace(body) != `{"message":"Hello, world!"}` {
				t.Errorf("GET /v1/greetings/world = %d %s, want 200 {\"message\":\"Hello, world!\"}", status, body)
			}
			if got := hdr.Get("x-request-id"); got != "e2e-request-1" {
				t.Errorf("x-request-id = %q, want the caller's e2e-request-1", got)
			}
			if got, want := hdr.Get("cache-control"), "public, max-age=60, stale-while-revalidate=300"; got != want {
				t.Errorf("GET /v1/greetings/world Cache-Control = %q, want %q", got, want)
			}
			status, body, hdr = svc.get(t, "/no/such/route")
			if status != 404 || !strings.HasPrefix(hdr.Get("content-type"), "application/problem+json") {
				t.Errorf("GET /no/such/route = %d %s (%s), want a 404 problem+json", status, body, hdr.Get("content-type"))
			}
			if got := hdr.Get("cache-control"); got != "no-store" {
				t.Errorf("GET /no/such/route Cache-Control = %q, want no-store", got)
			}
			status, body, _ = svc.get(t, "/metrics")
			if status != 200 || !strings.Contains(body, `http_request_duration_seconds_bucket{le="0.005",method="GET",route="/v1/greetings/:name",status_code="200"}`) {
				t.Errorf("GET /metrics = %d, want the request latency histogram by route:\n%s", status, body)
			}
			if !strings.Contains(body, "process_resident_memory_bytes") {
				t.Errorf("GET /metrics has no process metrics")
			}

			// Each dependency down: /readyz 503 naming it; back: 200 again.
			for _, dep := range []string{"postgres", "redis"} {
				p := proxies[dep]
				if p == nil {
					continue
				}
				p.Stop()
				waitReady(t, svc, 503, 20*time.Second, `"failed":["`+dep+`"]`, `"`+dep+`":{"status":"failed"`)
				p.Start()
				waitReady(t, svc, 200, 30*time.Second, `"status":"ok"`)
			}

			tStop := svc.stop(t, 10*time.Second)
			out := svc.Output()
			if !strings.Contains(out, `"msg":"shutdown complete"`) {
				t.Errorf("no shutdown log line:\n%s", out)
			}
			if !strings.Contains(out, `"request_id":"e2e-request-1"`) || !strings.Contains(out, `"trace_id":"`) {
				t.Errorf("request log lines lack request_id or trace_id:\n%s", out)
			}
			if strings.Contains(out, "secret@") {
				t.Errorf("the database password reached the logs:\n%s", out)
			}
			t.Logf("figures: paved new (with npm install) %s, npm ci %s, lint %s, test %s, build %s, start to /readyz %s, stop %s",
				round(tNew), round(tInstall), round(tLint), round(tTest), round(tBuild), round(svc.ReadyAfter), round(tStop))
		})
	}
}

// TestExpressServiceNewWithoutHooks times `paved new` alone (no npm install,
// no git) and counts what it generates.
func TestExpressServiceNewWithoutHooks(t *testing.T) {
	if testing.Short() {
		t.Skip("builds paved; skipped with -short")
	}
	root := t.TempDir()
	dir := filepath.Join(root, "orders")
	pavedBinary(t) // built once, outside the timing
	start := time.Now()
	pavedRun(t, root, "new", "express-service", "--yes", "--no-register", "--no-hooks", "--no-git",
		"--dir", dir, "--set", "name=orders", "--set", "owner=group:payments")
	took := time.Since(start)
	n := 0
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := len(renderExpress(t, expressValues(nil)).Files); n != want {
		t.Errorf("paved new wrote %d files, the in-memory render has %d", n, want)
	}
	t.Logf("figures: paved new --no-hooks --no-git: %d files in %s", n, round(took))
}

// assertCommitted checks that the first commit of the generated repository
// holds each path.
func assertCommitted(t *testing.T, dir string, paths ...string) {
	t.Helper()
	repo, err := git.PlainOpen(dir)
	if err != nil {
		t.Fatalf("generated service is not a git repository: %v", err)
	}
	head, err := repo.Head()
	if err != nil {
		t.Fatalf("generated repository has no commit: %v", err)
	}
	commit, err := repo.CommitObject(head.Hash())
	if err != nil {
		t.Fatal(err)
	}
	tree, err := commit.Tree()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range paths {
		if _, err := tree.File(p); err != nil {
			t.Errorf("%s is not in the first commit: %v", p, err)
		}
	}
}

func round(d time.Duration) time.Duration { return d.Round(10 * time.Millisecond) }

// BenchmarkRenderExpressService measures rendering the template in memory
// (what `paved new` does before writing, hooks and git aside).
func BenchmarkRenderExpressService(b *testing.B) {
	sub, err := fs.Sub(templates.FS, "express-service")
	if err != nil {
		b.Fatal(err)
	}
	m, err := manifest.Load(sub)
	if err != nil {
		b.Fatal(err)
	}
	tpl := &source.Template{Kind: source.Kind("builtin"), Source: "builtin", Name: "express-service", FS: sub}
	data := tmpl.Data{
		Values:   expressGolden,
		Template: tmpl.TemplateInfo{Name: m.Metadata.Name, Version: m.Spec.Version, Source: "builtin"},
		Paved:    tmpl.PavedInfo{Version: "bench"},
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := scaffold.Render(b.Context(), tpl, m, data); err != nil {
			b.Fatal(err)
		}
	}
}
