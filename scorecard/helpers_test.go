package scorecard

import (
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/paved-dev/paved/internal/dirtest"
)

// testNow is the clock every test scores at.
var testNow = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

// commitAll makes dir a git repository with one commit of every file at when.
func commitAll(t testing.TB, dir string, when time.Time) *git.Repository {
	t.Helper()
	repo, err := git.PlainInit(dir, false)
	if err != nil {
		repo, err = git.PlainOpen(dir)
		if err != nil {
			t.Fatal(err)
		}
	}
	wt, err := repo.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	if err := wt.AddWithOptions(&git.AddOptions{All: true}); err != nil {
		t.Fatal(err)
	}
	sig := &object.Signature{Name: "Test", Email: "test@paved.dev", When: when}
	if _, err := wt.Commit("test", &git.CommitOptions{Author: sig, Committer: sig, AllowEmptyCommits: true}); err != nil {
		t.Fatal(err)
	}
	return repo
}

// repoDir writes files into a fresh git repository committed at when.
func repoDir(t testing.TB, files map[string]string, when time.Time) string {
	t.Helper()
	dir := t.TempDir()
	dirtest.Write(t, dir, files)
	commitAll(t, dir, when)
	return dir
}

func mustRubric(t testing.TB, name string) *Rubric {
	t.Helper()
	r, err := LoadRubric(name)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func mustOpen(t testing.TB, dir, sub string) *Snapshot {
	t.Helper()
	s, err := OpenDir(dir, sub, testNow)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// mustOpenLatest is mustOpen with the templates' latest versions.
func mustOpenLatest(t testing.TB, dir string, latest func(template, source string) string) *Snapshot {
	t.Helper()
	s, err := OpenLocal(t.Context(), dir, DirOptions{Now: testNow, LatestVersion: latest})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func outcomes(res *Result) map[string]Outcome {
	m := map[string]Outcome{}
	for _, c := range res.Checks {
		m[c.ID] = c.Outcome
	}
	return m
}

// nodeService is a small Node.js service with everything the built-in rubric asks for.
func nodeService() map[string]string {
	return map[string]string{
		"README.md":                "# orders\n\n## Run locally\n\n    npm install\n    npm run dev\n",
		"catalog-info.yaml":        "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: orders\nspec:\n  type: service\n  lifecycle: production\n  owner: group:payments\n",
		".github/workflows/ci.yml": "name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm ci\n      - run: npm test\n      - run: npm audit --audit-level=high\n",
		"src/app.test.ts":          "import { test } from 'node:test'\n",
		"package.json":             `{"name":"orders","private":true,"license":"UNLICENSED","engines":{"node":">=22"},"scripts":{"dev":"tsx watch src/server.ts","test":"node --test","lint":"eslint ."},"dependencies":{"express":"5.1.0","pino":"10.0.0","prom-client":"15.1.3","@opentelemetry/api":"1.9.0","@opentelemetry/sdk-node":"0.200.0"},"devDependencies":{"eslint":"9.0.0"}}`,
		"package-lock.json":        "{}\n",
		"LICENSE":                  "Proprietary\n",
		".gitignore":               "node_modules/\ndist/\n",
		"src/health.ts":            "app.get('/healthz', (_req, res) => res.send('ok'))\napp.get('/readyz', ready)\n",
		"src/metrics.ts":           "import client from 'prom-client'\napp.get('/metrics', async (_req, res) => res.send(await register.metrics()))\n",
		"src/instrumentation.ts":   "import { NodeSDK } from '@opentelemetry/sdk-node'\nnew NodeSDK().start()\n",
		"src/logger.ts":            "import pino from 'pino'\nexport const logger = pino()\n",
		"src/lifecycle.ts":         "process.on('SIGTERM', shutdown)\n",
		"Dockerfile":               "FROM node:22 AS build\nRUN npm ci\nFROM node:22-slim\nCOPY --from=build /app /app\nUSER node\nEXPOSE 8080\nHEALTHCHECK CMD node healthcheck.js\nCMD [\"node\", \"dist/server.js\"]\n",
		"renovate.json":            "{}\n",
		".nvmrc":                   "22\n",
		"eslint.config.mjs":        "export default []\n",
		"slo.yaml":                 "apiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: orders-availability\nspec: {}\n",
		"docs/runbook.md":          "# Runbook\n",
		".paved.yaml":              "template: {name: express-service, source: builtin, version: 1.0.0, commit: \"\"}\nvalues: {name: orders}\n",
	}
}

// goService is a small Go service with everything the built-in rubric asks for.
func goService() map[string]string {
	return map[string]string{
		"README.md":                      "# orders\n\nRun it: `go run ./cmd/orders`\n",
		".github/CODEOWNERS":             "* @acme/payments\n",
		".gitlab-ci.yml":                 "stages: [test]\ntest:\n  image: golang:1.26\n  script:\n    - go test ./...\n    - go run golang.org/x/vuln/cmd/govulncheck@latest ./...\n",
		"internal/health/health_test.go": "package health\n",
		"go.mod":                         "module example.com/orders\n\ngo 1.26\n\nrequire (\n\tgo.opentelemetry.io/otel v1.38.0\n\tgo.opentelemetry.io/otel/sdk v1.38.0\n\tgithub.com/prometheus/client_golang v1.23.0\n)\n",
		"go.sum":                         "example\n",
		"LICENSE":                        "Proprietary\n",
		".gitignore":                     "/bin/\n",
		"cmd/orders/main.go":             "package main\n\nimport (\n\t\"log/slog\"\n\t\"net/http\"\n\t\"syscall\"\n)\n\nfunc main() {\n\tslog.SetDefault(slog.New(slog.NewJSONHandler(os.Stdout, nil)))\n\tsignal.NotifyContext(ctx, syscall.SIGTERM)\n\thttp.ListenAndServe(\":8080\", mux)\n}\n",
		"internal/telemetry/tracing.go":  "package telemetry\n\nimport sdktrace \"go.opentelemetry.io/otel/sdk/trace\"\n\nvar tp = sdktrace.NewTracerProvider()\n",
		"internal/health/health.go":      "package health\n\nconst Live = \"/healthz\"\n",
		"internal/server/server.go":      "package server\n\nimport \"github.com/prometheus/client_golang/prometheus/promhttp\"\n\nfunc routes() { mux.Handle(\"GET /metrics\", promhttp.Handler()) }\n",
		"Dockerfile":                     "FROM golang:1.26 AS build\nRUN go build -o /orders ./cmd/orders\n\nFROM gcr.io/distroless/static:nonroot\nCOPY --from=build /orders /orders\nUSER 65532:65532\nHEALTHCHECK --interval=10s CMD [\"/orders\", \"healthcheck\"]\nENTRYPOINT [\"/orders\"]\n",
		".github/dependabot.yml":         "version: 2\nupdates:\n  - package-ecosystem: gomod\n    directory: /\n    schedule: {interval: weekly}\n",
		".golangci.yml":                  "linters: {}\n",
		".slo/availability.yaml":         "apiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: availability\n",
		"RUNBOOK.md":                     "# Runbook\n",
	}
}

// pythonService is a small Django service with none of the optional practices.
func pythonService() map[string]string {
	return map[string]string{
		"README.md":        "# orders\n\n    python manage.py runserver\n",
		"manage.py":        "import django\n",
		"requirements.txt": "django==5.1\n",
		"app/views.py":     "def index(request):\n    print('hello')\n",
		"Dockerfile":       "FROM python\nUSER app\nCMD python manage.py runserver\n",
	}
}

// springPom is a Spring Boot 3.3 pom.xml with extra elements.
func springPom(extra string) string {
	return "<project><parent><artifactId>spring-boot-starter-parent</artifactId><version>3.3.2</version></parent>" +
		"<properties><java.version>17</java.version></properties><dependencies>" +
		"<dependency><artifactId>spring-boot-starter-web</artifactId></dependency>" +
		"<dependency><artifactId>spring-boot-starter-actuator</artifactId></dependency>" + extra + "</dependencies></project>\n"
}

// springService is a small Spring Boot service with none of the optional practices.
func springService() map[string]string {
	return map[string]string{
		"README.md":                "# orders\n",
		"pom.xml":                  springPom(""),
		"src/main/java/x/App.java": "@SpringBootApplication\npublic class App {}\n",
		"Dockerfile":               "FROM eclipse-temurin:17\nUSER 1000\n",
	}
}
