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
	s := mustOpenLatest(t, dir, latest)
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
		{"zerolog", "structured-logging", goService, map[string]string{"go.mod": "module x\n\ngo 1.26\n\nrequire github.com/rs/zerolog v1.0.0\n", "cmd/orders/main.go": "package main\n\nimport \"github.com/rs/zerolog\"\n"}, time.Time{}, Pass},
		{"no health route", "health-endpoint", nodeService, map[string]string{"src/health.ts": "export {}\n"}, time.Time{}, Fail},
		{"library is not a service", "health-endpoint", nodeService, map[string]string{"Dockerfile": deleted, "package.json": `{"dependencies":{"pino":"1"}}`, "catalog-info.yaml": "kind: Component\nspec: {type: library, owner: x}\n"}, time.Time{}, NotApplicable},
		{"root user", "docker-non-root", nodeService, map[string]string{"Dockerfile": "FROM node:22\nUSER root\nHEALTHCHECK CMD true\n"}, time.Time{}, Fail},
		{"user only in the build stage", "docker-non-root", goService, map[string]string{"Dockerfile": "FROM golang AS build\nUSER nobody\nFROM scratch\nHEALTHCHECK CMD x\n"}, time.Time{}, Fail},
		{"uid 0", "docker-non-root", goService, map[string]string{"Dockerfile": "FROM scratch\nUSER 0:0\n"}, time.Time{}, Fail},
		{"no dockerfile", "docker-non-root", nodeService, map[string]string{"Dockerfile": deleted}, time.Time{}, Fail},
		{"no SIGTERM handler", "graceful-shutdown", nodeService, map[string]string{"src/lifecycle.ts": "export {}\n"}, time.Time{}, Fail},
		// distilled real-world patterns
		{"circleci runs go test", "ci-runs-tests", goService, map[string]string{".gitlab-ci.yml": deleted, ".circleci/config.yml": "version: 2.1\njobs:\n  test:\n    docker: [{image: cimg/go:1.26}]\n    steps:\n      - checkout\n      - run: go test ./...\n"}, time.Time{}, Pass},
		{"circleci without tests", "ci-runs-tests", goService, map[string]string{".gitlab-ci.yml": deleted, ".circleci/config.yml": "version: 2.1\njobs:\n  build:\n    steps:\n      - run:\n          command: go build ./...\n"}, time.Time{}, Fail},
		{"travis default script", "ci-runs-tests", nodeService, map[string]string{".github/workflows/ci.yml": deleted, ".travis.yml": "language: node_js\nnode_js: [22]\n"}, time.Time{}, Pass},
		{"make test target runs go test", "ci-runs-tests", goService, map[string]string{".gitlab-ci.yml": "test:\n  script: make ci\n", "Makefile": "ci: lint unit\n\nlint:\n\tgolangci-lint run\n\nunit:\n\tgo test -race ./...\n"}, time.Time{}, Pass},
		{"npm script runs jest", "ci-runs-tests", nodeService, map[string]string{".github/workflows/ci.yml": "jobs:\n  t:\n    steps:\n      - run: npm run coverage\n", "package.json": `{"scripts":{"coverage":"jest --coverage","lint":"eslint ."},"dependencies":{"express":"5"}}`}, time.Time{}, Pass},
		{"jenkinsfile", "ci-runs-tests", goService, map[string]string{".gitlab-ci.yml": deleted, "Jenkinsfile": "pipeline {\n  stages {\n    stage('test') { steps { sh 'go test ./...' } }\n  }\n}\n"}, time.Time{}, Pass},
		{"azure maven task", "ci-runs-tests", goService, map[string]string{".gitlab-ci.yml": deleted, "azure-pipelines.yml": "steps:\n  - task: Maven@3\n    inputs:\n      goals: 'verify'\n"}, time.Time{}, Pass},
		{"bitbucket pytest", "ci-runs-tests", goService, map[string]string{".gitlab-ci.yml": deleted, "bitbucket-pipelines.yml": "pipelines:\n  default:\n    - step:\n        script:\n          - pytest\n"}, time.Time{}, Pass},
		{"drone, buildkite, woodpecker", "ci-runs-tests", goService, map[string]string{".gitlab-ci.yml": deleted, ".drone.yml": "steps:\n  - name: test\n    commands:\n      - go test ./...\n"}, time.Time{}, Pass},
		{"maven skips tests", "ci-runs-tests", goService, map[string]string{".gitlab-ci.yml": "b:\n  script: mvn -DskipTests package\n"}, time.Time{}, Fail},
		{"logrus JSONFormatter", "structured-logging", goService, map[string]string{"go.mod": "module x\n\ngo 1.26\n\nrequire github.com/sirupsen/logrus v1.9.0\n", "cmd/orders/main.go": "package main\n\nimport log \"github.com/sirupsen/logrus\"\n\nfunc init() { log.SetFormatter(&log.JSONFormatter{}) }\n"}, time.Time{}, Pass},
		{"logrus text", "structured-logging", goService, map[string]string{"go.mod": "module x\n\ngo 1.26\n\nrequire github.com/sirupsen/logrus v1.9.0\n", "cmd/orders/main.go": "package main\n\nimport log \"github.com/sirupsen/logrus\"\n"}, time.Time{}, Fail},
		{"slog text handler", "structured-logging", goService, map[string]string{"cmd/orders/main.go": "package main\n\nvar l = slog.New(slog.NewTextHandler(os.Stdout, nil))\n"}, time.Time{}, Fail},
		{"zap production", "structured-logging", goService, map[string]string{"go.mod": "module x\n\ngo 1.26\n\nrequire go.uber.org/zap v1.27.0\n", "cmd/orders/main.go": "package main\n\nvar l, _ = zap.NewProduction()\n"}, time.Time{}, Pass},
		{"winston printf", "structured-logging", nodeService, map[string]string{"src/logger.ts": "import winston from 'winston'\nconst { combine, printf } = winston.format\nexport const log = winston.createLogger({ format: combine(printf((i) => `${i.level} ${i.message}`)) })\n", "package.json": `{"dependencies":{"express":"5","winston":"3"}}`}, time.Time{}, Fail},
		{"winston json", "structured-logging", nodeService, map[string]string{"src/logger.ts": "import winston from 'winston'\nexport const log = winston.createLogger({ format: winston.format.json() })\n", "package.json": `{"dependencies":{"express":"5","winston":"3"}}`}, time.Time{}, Pass},
		{"python-json-logger", "structured-logging", pythonService, map[string]string{"app/log.py": "from pythonjsonlogger import jsonlogger\nh.setFormatter(jsonlogger.JsonFormatter())\n"}, time.Time{}, Pass},
		{"python print logging", "structured-logging", pythonService, nil, time.Time{}, Fail},
		{"logback json encoder", "structured-logging", springService, map[string]string{"src/main/resources/logback-spring.xml": "<configuration><appender><encoder class=\"net.logstash.logback.encoder.LogstashEncoder\"/></appender></configuration>\n"}, time.Time{}, Pass},
		{"underscore healthz", "health-endpoint", goService, map[string]string{"internal/health/health.go": "package health\n\nfunc r() { mux.HandleFunc(\"/_healthz\", ok) }\n"}, time.Time{}, Pass},
		{"readiness and liveness", "health-endpoint", nodeService, map[string]string{"src/health.ts": "router.get('/readiness', ready)\nrouter.get('/liveness', live)\n"}, time.Time{}, Pass},
		{"grpc health service", "health-endpoint", goService, map[string]string{"internal/health/health.go": "package health\n\nfunc r() { healthpb.RegisterHealthServer(srv, health.NewServer()) }\n"}, time.Time{}, Pass},
		{"kubernetes probes", "health-endpoint", goService, map[string]string{"internal/health/health.go": "package health\n", "deploy/deployment.yaml": "spec:\n  containers:\n    - livenessProbe:\n        httpGet: {path: /status, port: 8080}\n"}, time.Time{}, Pass},
		{"django health url", "health-endpoint", pythonService, map[string]string{"app/urls.py": "urlpatterns = [path('health/', views.health)]\n"}, time.Time{}, Pass},
		{"python service without health", "health-endpoint", pythonService, nil, time.Time{}, Fail},
		{"spring actuator", "health-endpoint", springService, nil, time.Time{}, Pass},
		{"hand-written prometheus exporter", "metrics-endpoint", goService, map[string]string{"go.mod": "module x\n\ngo 1.26\n", "internal/server/server.go": "package server\n\nfunc routes() { mux.HandleFunc(\"/metrics\", func(w http.ResponseWriter, r *http.Request) { fmt.Fprintf(w, \"# TYPE requests counter\\n\") }) }\n"}, time.Time{}, Pass},
		{"python prometheus client", "metrics-endpoint", pythonService, map[string]string{"app/metrics.py": "from prometheus_client import start_http_server\n"}, time.Time{}, Pass},
		{"python without metrics", "metrics-endpoint", pythonService, nil, time.Time{}, Fail},
		{"micrometer prometheus", "metrics-endpoint", springService, map[string]string{"pom.xml": springPom("<dependency><artifactId>micrometer-registry-prometheus</artifactId></dependency>")}, time.Time{}, Pass},
		{"distroless nonroot", "docker-non-root", goService, map[string]string{"Dockerfile": "FROM golang:1.26 AS build\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /x /x\n"}, time.Time{}, Pass},
		{"distroless as root", "docker-non-root", goService, map[string]string{"Dockerfile": "FROM golang:1.26 AS build\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /x /x\n"}, time.Time{}, Fail},
		{"numeric uid", "docker-non-root", goService, map[string]string{"Dockerfile": "FROM alpine:3.20\nUSER 10001\n"}, time.Time{}, Pass},
		{"user set in an aliased stage", "docker-non-root", nodeService, map[string]string{"Dockerfile": "FROM node:22 AS base\nUSER node\nFROM base\nCMD node x\n"}, time.Time{}, Pass},
		{"kratos stops on SIGTERM", "graceful-shutdown", goService, map[string]string{"cmd/orders/main.go": "package main\n\nfunc main() { app := kratos.New(kratos.Name(\"x\")); app.Run(); http.ListenAndServe(\":1\", nil) }\n"}, time.Time{}, Pass},
		{"only SIGINT", "graceful-shutdown", goService, map[string]string{"cmd/orders/main.go": "package main\n\nfunc main() { signal.Notify(c, os.Interrupt); http.ListenAndServe(\":1\", nil) }\n"}, time.Time{}, Fail},
		{"spring boot graceful", "graceful-shutdown", springService, map[string]string{"src/main/resources/application.properties": "server.shutdown=graceful\n"}, time.Time{}, Pass},
		{"spring boot 3.3 without graceful", "graceful-shutdown", springService, nil, time.Time{}, Fail},
		{"gunicorn", "graceful-shutdown", pythonService, map[string]string{"requirements.txt": "django==5.1\ngunicorn==23.0\n"}, time.Time{}, Pass},
		{"engines >=12 is not a pin", "pinned-runtime", nodeService, map[string]string{".nvmrc": deleted, "Dockerfile": "FROM node\nUSER node\n", "package.json": `{"engines":{"node":">=12"},"dependencies":{"express":"5"}}`}, time.Time{}, Fail},
		{"engines 22.x is a pin", "pinned-runtime", nodeService, map[string]string{".nvmrc": deleted, "Dockerfile": "FROM node\nUSER node\n", "package.json": `{"engines":{"node":"22.x"},"dependencies":{"express":"5"}}`}, time.Time{}, Pass},
		{"tool-versions", "pinned-runtime", nodeService, map[string]string{".nvmrc": deleted, "Dockerfile": "FROM node\nUSER node\n", ".tool-versions": "nodejs 22.11.0\n"}, time.Time{}, Pass},
		{"python version file", "pinned-runtime", pythonService, map[string]string{".python-version": "3.12\n"}, time.Time{}, Pass},
		{"python unpinned", "pinned-runtime", pythonService, nil, time.Time{}, Fail},
		{"java version in pom", "pinned-runtime", springService, nil, time.Time{}, Pass},
		{"staticcheck in makefile", "lint", goService, map[string]string{".golangci.yml": deleted, "Makefile": "lint:\n\tstaticcheck ./...\n"}, time.Time{}, Pass},
		{"tslint", "lint", nodeService, map[string]string{"eslint.config.mjs": deleted, "tslint.json": "{}\n", "package.json": `{"dependencies":{"express":"5"}}`}, time.Time{}, Pass},
		{"ruff in pyproject", "lint", pythonService, map[string]string{"pyproject.toml": "[project]\nname = \"x\"\n\n[tool.ruff]\nline-length = 100\n"}, time.Time{}, Pass},
		{"python without linter", "lint", pythonService, nil, time.Time{}, Fail},
		{"checkstyle in pom", "lint", springService, map[string]string{"pom.xml": springPom("<plugin><artifactId>maven-checkstyle-plugin</artifactId></plugin>")}, time.Time{}, Pass},
		{"java without linter", "lint", springService, nil, time.Time{}, Fail},
		{"govulncheck in github actions", "security-scanning", goService, map[string]string{".gitlab-ci.yml": deleted, ".github/workflows/ci.yml": "jobs:\n  v:\n    steps:\n      - run: go test ./...\n      - uses: golang/govulncheck-action@v1\n"}, time.Time{}, Pass},
		{"owasp dependency-check in pom", "security-scanning", springService, map[string]string{"pom.xml": springPom("<plugin><groupId>org.owasp</groupId><artifactId>dependency-check-maven</artifactId></plugin>")}, time.Time{}, Pass},
		{"bandit in tox", "security-scanning", pythonService, map[string]string{".github/workflows/ci.yml": "jobs:\n  t:\n    steps:\n      - run: bandit -r app\n"}, time.Time{}, Pass},
		{"kubernetes probes count as a health check", "docker-healthcheck", goService, map[string]string{"Dockerfile": "FROM scratch\nUSER 1\n", "k8s/deploy.yaml": "readinessProbe:\n  grpc: {port: 8080}\n"}, time.Time{}, Pass},
		{"django tests", "tests-exist", pythonService, map[string]string{"app/tests.py": "from django.test import TestCase\n"}, time.Time{}, Pass},
		{"pytest files", "tests-exist", pythonService, map[string]string{"tests/test_api.py": "def test_x(): pass\n"}, time.Time{}, Pass},
		{"python without tests", "tests-exist", pythonService, nil, time.Time{}, Fail},
		{"junit tests", "tests-exist", springService, map[string]string{"src/test/java/x/AppTests.java": "class AppTests {}\n"}, time.Time{}, Pass},
		{"pyproject without a lock", "lockfile", pythonService, map[string]string{"requirements.txt": deleted, "pyproject.toml": "[project]\nname = \"x\"\ndependencies = [\"django\"]\n"}, time.Time{}, Fail},
		{"poetry lock", "lockfile", pythonService, map[string]string{"pyproject.toml": "[project]\nname = \"x\"\n", "poetry.lock": "x\n"}, time.Time{}, Pass},
		{"java has no lockfile check", "lockfile", springService, nil, time.Time{}, NotApplicable},
		{"renovate json5", "dependency-updates", goService, map[string]string{".github/dependabot.yml": deleted, ".github/renovate.json5": "{}\n"}, time.Time{}, Pass},
		{"readme runs uvicorn", "readme-run", pythonService, map[string]string{"README.md": "Run: `uvicorn app.main:app --reload`\n"}, time.Time{}, Pass},
		{"readme runs spring boot", "readme-run", springService, map[string]string{"README.md": "./mvnw spring-boot:run\n"}, time.Time{}, Pass},
		{"no renovate", "dependency-updates", nodeService, map[string]string{"renovate.json": deleted}, time.Time{}, Fail},
		{"no dependabot", "dependency-updates", goService, map[string]string{".github/dependabot.yml": deleted}, time.Time{}, Fail},
		{"no nvmrc nor engines", "pinned-runtime", nodeService, map[string]string{".nvmrc": deleted, "Dockerfile": "FROM node\nUSER node\n", "package.json": `{"dependencies":{"express":"5","pino":"1","prom-client":"1","@opentelemetry/api":"1"},"scripts":{"lint":"eslint ."}}`}, time.Time{}, Fail},
		{"go.mod without go directive", "pinned-runtime", goService, map[string]string{"Dockerfile": "FROM scratch\nUSER 1\n", "go.mod": "module x\n\nrequire go.opentelemetry.io/otel v1.0.0\n"}, time.Time{}, Fail},
		{"eslint config without lint script", "lint", nodeService, map[string]string{"package.json": `{"dependencies":{"express":"5"},"engines":{"node":"22"}}`}, time.Time{}, Pass},
		{"no eslint config nor linter", "lint", nodeService, map[string]string{"eslint.config.mjs": deleted, "package.json": `{"dependencies":{"express":"5"}}`}, time.Time{}, Fail},
		{"no golangci config", "lint", goService, map[string]string{".golangci.yml": deleted}, time.Time{}, Fail},
		{"indirect otel module only", "tracing", goService, map[string]string{"internal/telemetry/tracing.go": deleted, "go.mod": "module x\n\ngo 1.26\n\nrequire go.opentelemetry.io/otel v1.38.0 // indirect\n"}, time.Time{}, Fail},
		{"otel api without sdk", "tracing", nodeService, map[string]string{"src/instrumentation.ts": deleted}, time.Time{}, Fail},
		{"datadog tracer", "tracing", nodeService, map[string]string{"src/instrumentation.ts": "require('dd-trace').init()\n", "package.json": `{"dependencies":{"express":"5","dd-trace":"5"}}`}, time.Time{}, Pass},
		{"no opentelemetry", "tracing", goService, map[string]string{"internal/telemetry/tracing.go": deleted, "go.mod": "module x\n\ngo 1.26\n\nrequire github.com/prometheus/client_golang v1.0.0\n"}, time.Time{}, Fail},
		{"no metrics route", "metrics-endpoint", nodeService, map[string]string{"src/metrics.ts": "export {}\n"}, time.Time{}, Fail},
		{"metrics route without prometheus client", "metrics-endpoint", goService, map[string]string{"internal/server/server.go": "package server\n\nfunc routes() { mux.Handle(\"GET /metrics\", h) }\n"}, time.Time{}, Fail},
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
