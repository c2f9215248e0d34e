package scorecard

import (
	"maps"
	"testing"
	"time"
)

const deleted = "\x00deleted"

func latest(name, source string) string {
	if name == "express-service" {
		return "1.0.0"
	}
	return ""
}

func scoreFiles(t *testing.T, files map[string]string, when time.Time) *Result {
	t.Helper()
	dir := repoDir(t, files, when)
	s := mustOpen(t, dir, "")
	s.LatestVersion = latest
	return Evaluate(t.Context(), mustRubric(t, "production-readiness"), s, Selection{})
}

func TestBuiltinRubricGold(t *testing.T) {
	t.Parallel()
	for name, files := range map[string]map[string]string{"node service": nodeService(), "go service": goService()} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			res := scoreFiles(t, files, testNow.Add(-time.Hour))
			for _, c := range res.Checks {
				if c.Outcome != Pass && c.Outcome != NotApplicable {
					t.Errorf("check %s = %s (%s), want pass", c.ID, c.Outcome, c.Message)
				}
			}
			if res.Level != "gold" || res.Score != 100 {
				t.Errorf("level, score = %q, %v; want gold, 100", res.Level, res.Score)
			}
		})
	}
}

// Every built-in check has a failing case here; its passing case is the
// gold fixture it mutates (TestBuiltinRubricGold).
func TestBuiltinRubricChecks(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		check  string
		base   func() map[string]string
		change map[string]string // path → new content, or deleted
		when   time.Time         // commit time; zero means an hour ago
		want   Outcome
	}{
		{"readme without run instructions", "readme-run", nodeService, map[string]string{"README.md": "# orders\n"}, time.Time{}, Fail},
		{"no readme", "readme-run", goService, map[string]string{"README.md": deleted}, time.Time{}, Fail},
		{"no owner anywhere", "owner", nodeService, map[string]string{"catalog-info.yaml": deleted}, time.Time{}, Fail},
		{"catalog-info without owner", "owner", nodeService, map[string]string{"catalog-info.yaml": "kind: Component\nmetadata: {name: orders}\n"}, time.Time{}, Fail},
		{"codeowners without owners", "owner", goService, map[string]string{".github/CODEOWNERS": "# nobody\n"}, time.Time{}, Fail},
		{"codeowners in docs", "owner", goService, map[string]string{".github/CODEOWNERS": deleted, "docs/CODEOWNERS": "* @acme/x\n"}, time.Time{}, Pass},
		{"workflow without tests", "ci-runs-tests", nodeService, map[string]string{".github/workflows/ci.yml": "jobs:\n  build:\n    steps:\n      - run: npm run build\n      - run: npm audit\n"}, time.Time{}, Fail},
		{"gitlab job without tests", "ci-runs-tests", goService, map[string]string{".gitlab-ci.yml": "build:\n  script: go build ./...\n"}, time.Time{}, Fail},
		{"no test files", "tests-exist", nodeService, map[string]string{"src/app.test.ts": deleted}, time.Time{}, Fail},
		{"spec file", "tests-exist", nodeService, map[string]string{"src/app.test.ts": deleted, "src/orders.spec.mjs": "x"}, time.Time{}, Pass},
		{"tests folder", "tests-exist", nodeService, map[string]string{"src/app.test.ts": deleted, "test/app.js": "x"}, time.Time{}, Pass},
		{"no package lock", "lockfile", nodeService, map[string]string{"package-lock.json": deleted}, time.Time{}, Fail},
		{"yarn lock", "lockfile", nodeService, map[string]string{"package-lock.json": deleted, "yarn.lock": "x"}, time.Time{}, Pass},
		{"no go.sum", "lockfile", goService, map[string]string{"go.sum": deleted}, time.Time{}, Fail},
		{"go module without requirements", "lockfile", goService, map[string]string{"go.sum": deleted, "go.mod": "module x\n\ngo 1.26\n"}, time.Time{}, NotApplicable},
		{"no licence", "license", goService, map[string]string{"LICENSE": deleted}, time.Time{}, Fail},
		{"COPYING", "license", goService, map[string]string{"LICENSE": deleted, "COPYING": "x"}, time.Time{}, Pass},
		{"no gitignore", "gitignore", goService, map[string]string{".gitignore": deleted}, time.Time{}, Fail},
		{"console logging", "structured-logging", nodeService, map[string]string{"package.json": `{"dependencies":{"express":"5"},"engines":{"node":"22"},"scripts":{"lint":"eslint ."}}`}, time.Time{}, Fail},
		{"fmt logging in go", "structured-logging", goService, map[string]string{"cmd/orders/main.go": "package main\n\nimport \"fmt\"\n// SIGTERM\n"}, time.Time{}, Fail},
		{"zerolog", "structured-logging", goService, map[string]string{"cmd/orders/main.go": "package main\n\nimport \"github.com/rs/zerolog\"\n"}, time.Time{}, Pass},
		{"no health route", "health-endpoint", nodeService, map[string]string{"src/health.ts": "export {}\n"}, time.Time{}, Fail},
		{"library is not a service", "health-endpoint", nodeService, map[string]string{"Dockerfile": deleted, "package.json": `{"dependencies":{"pino":"1"}}`, "catalog-info.yaml": "kind: Component\nspec: {type: library, owner: x}\n"}, time.Time{}, NotApplicable},
		{"root user", "docker-non-root", nodeService, map[string]string{"Dockerfile": "FROM node:22\nUSER root\nHEALTHCHECK CMD true\n"}, time.Time{}, Fail},
		{"user only in the build stage", "docker-non-root", goService, map[string]string{"Dockerfile": "FROM golang AS build\nUSER nobody\nFROM scratch\nHEALTHCHECK CMD x\n"}, time.Time{}, Fail},
		{"uid 0", "docker-non-root", goService, map[string]string{"Dockerfile": "FROM scratch\nUSER 0:0\n"}, time.Time{}, Fail},
		{"no dockerfile", "docker-non-root", nodeService, map[string]string{"Dockerfile": deleted}, time.Time{}, Fail},
		{"no SIGTERM handler", "graceful-shutdown", nodeService, map[string]string{"src/lifecycle.ts": "export {}\n"}, time.Time{}, Fail},
		{"no renovate", "dependency-updates", nodeService, map[string]string{"renovate.json": deleted}, time.Time{}, Fail},
		{"no dependabot", "dependency-updates", goService, map[string]string{".github/dependabot.yml": deleted}, time.Time{}, Fail},
		{"no nvmrc nor engines", "pinned-runtime", nodeService, map[string]string{".nvmrc": deleted, "package.json": `{"dependencies":{"express":"5","pino":"1","prom-client":"1","@opentelemetry/api":"1"},"scripts":{"lint":"eslint ."}}`}, time.Time{}, Fail},
		{"go.mod without go directive", "pinned-runtime", goService, map[string]string{"go.mod": "module x\n\nrequire go.opentelemetry.io/otel v1.0.0\n"}, time.Time{}, Fail},
		{"eslint without lint script", "lint", nodeService, map[string]string{"package.json": `{"dependencies":{"express":"5"},"engines":{"node":"22"}}`}, time.Time{}, Fail},
		{"no golangci config", "lint", goService, map[string]string{".golangci.yml": deleted}, time.Time{}, Fail},
		{"no opentelemetry", "tracing", goService, map[string]string{"go.mod": "module x\n\ngo 1.26\n\nrequire github.com/prometheus/client_golang v1.0.0\n"}, time.Time{}, Fail},
		{"no metrics route", "metrics-endpoint", nodeService, map[string]string{"src/metrics.ts": "export {}\n"}, time.Time{}, Fail},
		{"metrics route without prometheus client", "metrics-endpoint", goService, map[string]string{"go.mod": "module x\n\ngo 1.26\n\nrequire go.opentelemetry.io/otel v1.0.0\n"}, time.Time{}, Fail},
		{"no slo", "slo", nodeService, map[string]string{"slo.yaml": deleted}, time.Time{}, Fail},
		{"slo file that is not OpenSLO", "slo", nodeService, map[string]string{"slo.yaml": "objective: 99.9\n"}, time.Time{}, Fail},
		{"no runbook", "runbook", goService, map[string]string{"RUNBOOK.md": deleted}, time.Time{}, Fail},
		{"no security scan", "security-scanning", nodeService, map[string]string{".github/workflows/ci.yml": "jobs:\n  t:\n    steps:\n      - run: npm test\n"}, time.Time{}, Fail},
		{"codeql action", "security-scanning", nodeService, map[string]string{".github/workflows/codeql.yml": "jobs:\n  a:\n    steps:\n      - uses: github/codeql-action/analyze@v3\n", ".github/workflows/ci.yml": "jobs:\n  t:\n    steps:\n      - run: npm test\n"}, time.Time{}, Pass},
		{"healthcheck only in build stage", "docker-healthcheck", goService, map[string]string{"Dockerfile": "FROM golang AS build\nHEALTHCHECK CMD x\nFROM scratch\nUSER 1000\n"}, time.Time{}, Fail},
		{"healthcheck none", "docker-healthcheck", nodeService, map[string]string{"Dockerfile": "FROM node\nUSER node\nHEALTHCHECK NONE\n"}, time.Time{}, Fail},
		{"last commit 91 days ago", "recent-activity", goService, nil, testNow.Add(-91 * 24 * time.Hour), Fail},
		{"behind the template", "paved-latest", nodeService, map[string]string{".paved.yaml": "template: {name: express-service, source: builtin, version: 0.9.0}\n"}, time.Time{}, Fail},
		{"unknown template version", "paved-latest", nodeService, map[string]string{".paved.yaml": "template: {name: elsewhere, source: 'git::x', version: 0.9.0}\n"}, time.Time{}, NotApplicable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			files := maps.Clone(tt.base())
			for p, c := range tt.change {
				if c == deleted {
					delete(files, p)
				} else {
					files[p] = c
				}
			}
			when := tt.when
			if when.IsZero() {
				when = testNow.Add(-time.Hour)
			}
			res := scoreFiles(t, files, when)
			got := outcomes(res)[tt.check]
			if got != tt.want {
				var msg string
				for _, c := range res.Checks {
					if c.ID == tt.check {
						msg = c.Message
					}
				}
				t.Errorf("check %s = %s %s, want %s", tt.check, got, msg, tt.want)
			}
		})
	}
}

// The rubric covers every check with at least one failing case above.
func TestBuiltinRubricShape(t *testing.T) {
	t.Parallel()
	r := mustRubric(t, "production-readiness")
	if n := len(r.Spec.Checks); n < 18 || n > 26 {
		t.Errorf("production-readiness has %d checks, want about 20", n)
	}
	for _, c := range r.Spec.Checks {
		if c.Category == "" || c.Docs == "" || c.Remediation == "" {
			t.Errorf("check %s lacks a category, docs link or remediation", c.ID)
		}
	}
}
