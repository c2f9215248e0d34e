package scorecard

import (
	"context"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// File classes a code rule reads.
const (
	inJS     = 1 << iota // .ts .tsx .js .jsx .mjs .cjs .mts .cts
	inGo                 // .go
	inPy                 // .py
	inJVM                // .java .kt .kts .groovy .scala
	inBuild              // pom.xml, *.gradle(.kts), package.json
	inConf               // .yaml .yml .properties .xml .toml .cfg .ini .conf .json
	inDocker             // Dockerfile, Containerfile, *.dockerfile
	inShell              // .sh, Makefile, *.mk, Procfile, justfile, Taskfile
	inCode   = inJS | inGo | inPy | inJVM
)

func fileClass(p string) int {
	base := path.Base(p)
	switch base {
	case "pom.xml", "build.gradle", "build.gradle.kts", "settings.gradle", "settings.gradle.kts":
		return inBuild | inConf
	case "package.json":
		return inBuild | inConf
	case "Makefile", "makefile", "GNUmakefile", "Procfile", "justfile", "Justfile", "Taskfile.yml", "Taskfile.yaml":
		return inShell
	}
	if isDockerfile(p) {
		return inDocker
	}
	switch path.Ext(base) {
	case ".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts":
		if strings.HasSuffix(base, ".min.js") || strings.HasSuffix(base, ".d.ts") {
			return 0
		}
		return inJS
	case ".go":
		return inGo
	case ".py":
		return inPy
	case ".java", ".kt", ".groovy", ".scala":
		return inJVM
	case ".kts", ".gradle":
		return inJVM | inBuild
	case ".yaml", ".yml", ".properties", ".xml", ".toml", ".cfg", ".ini", ".conf", ".json":
		return inConf
	case ".sh", ".mk", ".bash":
		return inShell
	}
	return 0
}

// exampleDirs hold sample or fixture code that says nothing about the
// service itself.
var exampleDirs = map[string]bool{
	"testdata": true, "_examples": true, "examples": true, "example": true, "fixtures": true,
	"__fixtures__": true, "__mocks__": true, "third_party": true, "samples": true,
}

func exampleFile(p string) bool {
	for seg := range strings.SplitSeq(path.Dir(p), "/") {
		if exampleDirs[seg] {
			return true
		}
	}
	return false
}

// codeRule is one behaviour the code scan looks for.
type codeRule struct {
	ID   string   // signal:what, e.g. "logging:logrus-json"
	What string   // shown as evidence
	In   int      // file classes read
	Deps []string // read only when one of these is a dependency (a trailing * is a prefix); nil: always
	Re   string
	// Accept, when set, confirms a match (a version high enough, say).
	Accept func(m []string) bool
}

func springBoot34(m []string) bool {
	major, _ := strconv.Atoi(m[1])
	minor, _ := strconv.Atoi(m[2])
	return major > 3 || major == 3 && minor >= 4
}

// route is a quoted URL path ending in one of names.
func route(names string) string {
	return `["'\x60](?:/[\w.{}:$-]+)*/(?:` + names + `)/?["'\x60]|["'\x60](?:` + names + `)/["'\x60]`
}

// codeRules lists every behaviour the built-in facts look for in code and
// configuration, by signal. Order matters only for evidence: the first rule
// of a signal that matched is shown first.
var codeRules = []codeRule{
	// logging: JSON as configured
	{ID: "logging:pino", What: "pino (JSON logs)", In: inJS, Deps: []string{"pino", "pino-http", "nestjs-pino", "hapi-pino", "express-pino-logger", "@fastify/*"}, Re: `\bpino\b`},
	{ID: "logging:fastify", What: "fastify logger (pino, JSON)", In: inJS, Deps: []string{"fastify"}, Re: `\blogger\s*:\s*(?:true|\{|[\w.]*[Ll]ogger)`},
	{ID: "logging:bunyan", What: "bunyan (JSON logs)", In: inJS, Deps: []string{"bunyan"}, Re: `\bbunyan\b`},
	{ID: "logging:winston-json", What: "winston with a JSON format", In: inJS, Deps: []string{"winston", "nest-winston", "express-winston"}, Re: `format\.(?:json|logstash)\(|(?:^|[^.\w])(?:json|logstash)\(\)`},
	{ID: "logging:x-winston-text", What: "not JSON: winston with a printf/simple text format", In: inJS, Deps: []string{"winston", "nest-winston", "express-winston"}, Re: `format\.(?:printf|simple|cli)\(|(?:^|[^.\w])printf\(`},
	{ID: "logging:console-json", What: "JSON lines via console.log(JSON.stringify(...))", In: inJS, Re: `console\.(?:log|info|error)\(\s*JSON\.stringify\(`},
	{ID: "logging:slog-json", What: "log/slog JSON handler", In: inGo, Re: `slog\.NewJSONHandler\(`},
	{ID: "logging:zap", What: "zap production (JSON) logger", In: inGo, Deps: []string{"go.uber.org/zap"}, Re: `zap\.NewProduction|zapcore\.NewJSONEncoder|Encoding:\s*"json"|zap\.Must\(zap\.NewProduction`},
	{ID: "logging:zerolog", What: "zerolog (JSON logs)", In: inGo, Deps: []string{"github.com/rs/zerolog"}, Re: `"github\.com/rs/zerolog`},
	{ID: "logging:logrus-json", What: "logrus JSONFormatter", In: inGo, Deps: []string{"github.com/sirupsen/logrus"}, Re: `JSONFormatter`},
	{ID: "logging:x-logrus-text", What: "not JSON: logrus with its default text formatter", In: inGo, Deps: []string{"github.com/sirupsen/logrus"}, Re: `"github\.com/sirupsen/logrus"`},
	{ID: "logging:otel-bridge", What: "structured log records exported through an OpenTelemetry log bridge", In: inGo, Re: `otelslog\.NewLogger|otelzap\.|otellogrus\.|"go\.opentelemetry\.io/contrib/bridges/`},
	{ID: "logging:gokit-json", What: "go-kit JSON logger", In: inGo, Re: `log\.NewJSONLogger\(`},
	{ID: "logging:x-slog-text", What: "not JSON: log/slog text handler", In: inGo, Re: `slog\.NewTextHandler\(`},
	{ID: "logging:x-zap-dev", What: "not JSON: zap development logger", In: inGo, Deps: []string{"go.uber.org/zap"}, Re: `zap\.NewDevelopment|zap\.NewExample`},
	{ID: "logging:structlog", What: "structlog JSONRenderer", In: inPy, Re: `JSONRenderer\(`},
	{ID: "logging:py-json", What: "python JSON log formatter", In: inPy | inConf, Re: `pythonjsonlogger|jsonlogger\.JsonFormatter|json_log_formatter|ecs_logging|JSONFormatter|serialize\s*=\s*True`},
	{ID: "logging:jvm-json", What: "JSON log encoder (logback/log4j2/Spring Boot structured logging)", In: inJVM | inConf,
		Re: `LogstashEncoder|LoggingEventCompositeJsonEncoder|logback\.classic\.encoder\.JsonEncoder|JsonTemplateLayout|<JsonLayout|JSONLayout|EcsEncoder|EcsLayout|logging\.structured\.format|structured:\s+format:`},

	// tracing: an SDK or tracer actually initialised
	{ID: "tracing:node", What: "tracer initialised", In: inJS | inBuild | inDocker | inShell,
		Deps: []string{"@opentelemetry/*", "dd-trace", "elastic-apm-node", "jaeger-client", "zipkin*", "@google-cloud/trace-agent", "newrelic"},
		Re:   `\bNodeSDK\b|TracerProvider\(|require\(['"](?:dd-trace|elastic-apm-node|newrelic|@google-cloud/trace-agent)['"]\)|from ['"](?:dd-trace|elastic-apm-node|newrelic)['"]|dd-trace/init|initTracer(?:FromEnv)?\(|auto-instrumentations-node/register|new (?:zipkin\.)?Tracer\(`},
	{ID: "tracing:go", What: "tracer initialised", In: inGo,
		Re: `"go\.opentelemetry\.io/otel/sdk/trace"|"go\.opentelemetry\.io/otel/exporters/[^"]*trace|sdktrace\.NewTracerProvider|otel\.SetTracerProvider\(|"gopkg\.in/DataDog/dd-trace-go\.v1/ddtrace/tracer"|"github\.com/DataDog/dd-trace-go/v2/ddtrace/tracer"|"github\.com/uber/jaeger-client-go|"github\.com/openzipkin/zipkin-go|"go\.opencensus\.io/trace"|"contrib\.go\.opencensus\.io/exporter/(?:stackdriver|jaeger|zipkin)`},
	{ID: "tracing:python", What: "tracer initialised", In: inPy | inDocker | inShell,
		Re: `opentelemetry\.sdk\.trace|TracerProvider\(|opentelemetry-instrument|\bddtrace\b|jaeger_client|py_zipkin|opencensus\.trace|traces_sample_rate`},
	{ID: "tracing:jvm", What: "tracer configured", In: inJVM | inBuild | inDocker | inConf,
		Re: `micrometer-tracing-bridge|spring-cloud-starter-sleuth|opentelemetry-spring-boot-starter|opentelemetry-javaagent|dd-java-agent|opentelemetry-sdk\b|zipkin-reporter|OpenTelemetrySdk\.builder|SdkTracerProvider`},

	// health endpoints
	{ID: "health:route", What: "health route", In: inCode, Re: route(`_?healthz?|_?health[-_]?checks?|healthcheck|readyz|livez|readiness|liveness|ready|alive|ping`)},
	{ID: "health:grpc", What: "gRPC health service", In: inCode | inShell | inDocker,
		Re: `RegisterHealthServer|grpc_health_v1|grpc/health"|health\.NewServer\(|HealthStatusManager|add_HealthServicer_to_server|HealthServicer\b|grpc\.health\.v1|grpc[-_]health[-_]probe`},
	{ID: "health:probe", What: "Kubernetes probe", In: inConf, Re: `(?:liveness|readiness|startup)Probe:`},
	{ID: "health:django", What: "django-health-check app", In: inPy, Re: `['"]health_check['"]`},

	// metrics
	{ID: "metrics:node", What: "metrics client", In: inJS,
		Re: `prom-client|express-prom-bundle|nestjs-prometheus|fastify-metrics|prometheus-api-metrics|hot-shots|node-statsd|MeterProvider\(|@opentelemetry/sdk-metrics|exporter-prometheus`},
	{ID: "metrics:go", What: "metrics client", In: inGo,
		Re: `"github\.com/prometheus/client_golang/|promhttp\.Handler|"go\.opentelemetry\.io/otel/sdk/metric"|"go\.opentelemetry\.io/otel/exporters/prometheus"|"github\.com/DataDog/datadog-go|"github\.com/VictoriaMetrics/metrics"|"github\.com/rcrowley/go-metrics"|"github\.com/armon/go-metrics"|"go\.opencensus\.io/stats`},
	{ID: "metrics:python", What: "metrics client", In: inPy | inConf,
		Re: `prometheus_client|prometheus_fastapi_instrumentator|django_prometheus|prometheus_flask_exporter|starlette_exporter|opentelemetry\.sdk\.metrics|\bstatsd\b`},
	{ID: "metrics:jvm", What: "metrics registry", In: inBuild | inJVM, Re: `micrometer-registry-|io\.prometheus|simpleclient_`},
	{ID: "metrics:path", What: "metrics route", In: inCode, Re: `["'\x60](?:/[\w.-]+)*/metrics/?["'\x60]`},
	{ID: "metrics:exposition", What: "Prometheus text format written by hand", In: inCode, Re: `# (?:TYPE|HELP) `},

	// graceful shutdown
	{ID: "shutdown:sigterm", What: "SIGTERM handled", In: inCode, Re: `SIGTERM`},
	{ID: "shutdown:trap", What: "entrypoint traps TERM", In: inShell, Re: `\btrap\b.*\b(?:TERM|SIGTERM)\b`},
	{ID: "shutdown:node", What: "graceful shutdown library", In: inJS,
		Re: `enableShutdownHooks\(|@godaddy/terminus|createTerminus\(|http-terminator|lightship|close-with-grace|stoppable\(`},
	{ID: "shutdown:go", What: "framework that stops on SIGTERM", In: inGo, Re: `\bkratos\.New\(|\bfx\.New\(|"github\.com/zeromicro/go-zero/`},
	{ID: "shutdown:x-sigint", What: "not SIGTERM: only os.Interrupt (SIGINT) is handled", In: inGo, Re: `signal\.Notify(?:Context)?\([^)]*os\.Interrupt`},
	{ID: "shutdown:python", What: "server that drains on SIGTERM (gunicorn/uvicorn)", In: inPy | inDocker | inShell | inConf, Re: `\b(?:gunicorn|uvicorn|hypercorn)\b|\bfastapi["',\s]+run\b`},
	{ID: "shutdown:spring", What: "Spring Boot graceful shutdown", In: inConf, Re: `server\.shutdown\s*[=:]\s*graceful|shutdown:\s*graceful`},
	{ID: "shutdown:spring-default", What: "Spring Boot 3.4+ (graceful shutdown by default)", In: inBuild,
		Re: `spring-boot-starter-parent</artifactId>\s*<version>(\d+)\.(\d+)|org\.springframework\.boot['"]?\)?\s*version\s*['"](\d+)\.(\d+)`, Accept: func(m []string) bool {
			if m[1] == "" {
				m = []string{m[0], m[3], m[4]}
			}
			return springBoot34(m)
		}},
	{ID: "shutdown:jvm", What: "JVM shutdown hook", In: inJVM, Re: `addShutdownHook\(`},

	// containers and runtime
	{ID: "nonroot:k8s", What: "Kubernetes securityContext runs as non-root", In: inConf, Re: `runAsNonRoot:\s*true|runAsUser:\s*[1-9]`},

	// linters named in build files, Makefiles and scripts
	{ID: "lint:go", What: "Go linter", In: inShell | inConf, Re: `golangci-lint|\bstaticcheck\b|\brevive\b|\bgolint\b|\bgo vet\b`},
	{ID: "lint:python", What: "Python linter", In: inConf | inShell, Re: `\[tool\.(?:ruff|pylint|flake8)|\[flake8\]|\bruff\b|\bflake8\b|\bpylint\b|wemake-python-styleguide`},
	{ID: "lint:jvm", What: "JVM linter", In: inBuild | inConf, Re: `checkstyle|\bktlint|\bdetekt|spotless|maven-pmd-plugin|\bpmd\b|spotbugs|errorprone|error_prone|spring-javaformat|javaformat`},
	{ID: "lint:node", What: "JavaScript linter", In: inBuild, Re: `"(?:eslint|tslint|@biomejs/biome|oxlint|xo|standard)"\s*:|"eslintConfig"\s*:`},

	// security scanners run by the build or scripts
	{ID: "scan:build", What: "vulnerability scanner", In: inBuild | inShell,
		Re: `dependency-check|org\.owasp|govulncheck|\bgosec\b|\btrivy\b|\bgrype\b|\bsnyk\b|osv-scanner|\bbandit\b|pip-audit|(?:npm|yarn|pnpm) audit|audit-ci|\bsafety (?:check|scan)`},

	// services
	{ID: "serve:gomain", What: "Go main package", In: inGo, Re: `^package main\b`},
	{ID: "serve:go", What: "Go server", In: inGo,
		Re: `\bhttp\.ListenAndServe|\bhttp\.Server\b|grpc\.NewServer\(|\bgin\.(?:New|Default)\(\)|\becho\.New\(\)|\bfiber\.New\(|\bkratos\.New\(|\bchi\.NewRouter\(\)|\.ListenAndServe\(`},
}

// Code is the `code` fact: the first place each code rule matched.
type Code struct {
	// Hits maps a rule id (e.g. "logging:logrus-json") to its first match.
	Hits map[string]Evidence `cel:"hits"`
}

// CodeFact exposes `code`: what the built-in code rules found, rule id →
// first match, scanning source, build, configuration and container files once.
func CodeFact() Fact {
	return Fact{
		Name: "code",
		Doc:  "what the built-in behaviour rules matched (rule id such as logging:logrus-json → {file, line, text, what})",
		Go:   Code{},
		Load: func(ctx context.Context, s *Snapshot) (any, error) {
			c := compiledRules()
			code := scanCode(ctx, s, c.rules, c.lits)
			if err := ctx.Err(); err != nil {
				return nil, err // stopped part way: not the repository's code
			}
			return code, nil
		},
	}
}

type compiledRule struct {
	codeRule
	m   *matcher    // the whole pattern: evidence and Accept
	alt *altMatcher // the scan's test, branch by branch
}

type ruleSet struct {
	rules []compiledRule
	lits  *literalSet // every literal of every rule, found in one pass per file
}

var compiledRules = sync.OnceValue(func() ruleSet {
	out := ruleSet{rules: make([]compiledRule, len(codeRules)), lits: &literalSet{}}
	for i, r := range codeRules {
		a := newAltMatcher(r.Re)
		a.register(out.lits)
		out.rules[i] = compiledRule{codeRule: r, m: a.whole, alt: a}
	}
	out.lits.build()
	return out
})

func code(ctx context.Context, s *Snapshot) Code {
	v, err := s.Fact(ctx, "code")
	if err != nil {
		return Code{Hits: map[string]Evidence{}}
	}
	return v.(Code)
}

// scanCode reads every file some active rule reads, once, two workers at a
// time. Each rule keeps its match in the earliest file (in sorted order), so
// the evidence is the same from run to run.
func scanCode(ctx context.Context, s *Snapshot, rules []compiledRule, lits *literalSet) Code {
	d := deps(ctx, s)
	var active []int
	for i, r := range rules {
		if r.Deps == nil {
			active = append(active, i)
			continue
		}
		if _, ok := hasDep(d, r.Deps...); ok {
			active = append(active, i)
		}
	}
	type job struct {
		file  string
		rules []int
	}
	var jobs []job
	for _, f := range s.files {
		c := fileClass(f)
		if c == 0 || exampleFile(f) {
			continue
		}
		var rs []int
		for _, i := range active {
			if rules[i].In&c != 0 {
				rs = append(rs, i)
			}
		}
		if len(rs) > 0 {
			jobs = append(jobs, job{f, rs})
		}
	}
	best := make([]atomic.Int64, len(rules))
	for i := range best {
		best[i].Store(int64(len(jobs)))
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(2, len(jobs)) {
		wg.Go(func() {
			found := make([]bool, len(lits.lits))
			for {
				j := int(next.Add(1)) - 1
				if j >= len(jobs) || ctx.Err() != nil {
					return
				}
				var data []byte
				read := false
				for _, i := range jobs[j].rules {
					if best[i].Load() <= int64(j) {
						continue
					}
					if !read {
						var err error
						if data, err = s.ReadText(jobs[j].file); err != nil {
							break
						}
						read = true
						clear(found)
						lits.scan(data, found)
					}
					if !rules[i].alt.matchFound(data, found) || !accepted(rules[i], data) {
						continue
					}
					for {
						cur := best[i].Load()
						if cur <= int64(j) || best[i].CompareAndSwap(cur, int64(j)) {
							break
						}
					}
				}
			}
		})
	}
	wg.Wait()
	out := Code{Hits: map[string]Evidence{}}
	for i, r := range rules {
		j := int(best[i].Load())
		if j >= len(jobs) {
			continue
		}
		data, _ := s.ReadText(jobs[j].file)
		loc := r.m.re.FindSubmatchIndex(data)
		if r.Accept != nil {
			loc = acceptedAt(r, data)
		}
		if loc == nil {
			continue
		}
		line, text := lineAt(data, loc[0])
		out.Hits[r.ID] = Evidence{File: jobs[j].file, Line: line, Text: text, What: r.What}
	}
	return out
}

func accepted(r compiledRule, data []byte) bool {
	return r.Accept == nil || acceptedAt(r, data) != nil
}

func acceptedAt(r compiledRule, data []byte) []int {
	for _, loc := range r.m.re.FindAllSubmatchIndex(data, -1) {
		if r.Accept == nil {
			return loc
		}
		m := make([]string, len(loc)/2)
		for k := range m {
			if loc[2*k] >= 0 {
				m[k] = string(data[loc[2*k]:loc[2*k+1]])
			}
		}
		if r.Accept(m) {
			return loc
		}
	}
	return nil
}

// hitsOf returns the hits of a signal's rules (ids "signal:…"), in rule
// order, split into those that count and rejections ("signal:x-…").
func (c Code) hitsOf(signal string) (found, rejected []Evidence) {
	for _, r := range codeRules {
		sig, name, _ := strings.Cut(r.ID, ":")
		if sig != signal {
			continue
		}
		e, ok := c.Hits[r.ID]
		if !ok {
			continue
		}
		if strings.HasPrefix(name, "x-") {
			rejected = append(rejected, e)
		} else {
			found = append(found, e)
		}
	}
	return found, rejected
}

func (c Code) hit(id string) (Evidence, bool) {
	e, ok := c.Hits[id]
	return e, ok
}

func ruleIDs(signal string) []string {
	var out []string
	for _, r := range codeRules {
		if strings.HasPrefix(r.ID, signal+":") {
			out = append(out, r.ID)
		}
	}
	return slices.Clip(out)
}
