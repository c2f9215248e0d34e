package scorecard

import (
	"context"
	"path"
	"regexp"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
	"gopkg.in/yaml.v3"
)

// The signal facts answer one question each about how a service behaves,
// by what its code and configuration do rather than by one library's name,
// and carry the evidence: the file, line and text that decided it.

// signalFact wraps a signal's loader: a malformed package.json or CI file
// in the scored folder makes the signal (and the checks using it) Errored,
// naming the file, rather than silently wrong.
func signalFact(name, doc string, load func(ctx context.Context, s *Snapshot) Signal, needs ...string) Fact {
	return Fact{Name: name, Doc: doc, Go: Signal{}, Load: func(ctx context.Context, s *Snapshot) (any, error) {
		for _, n := range append([]string{"packageJson"}, needs...) {
			if _, err := s.Fact(ctx, n); err != nil {
				return nil, err
			}
		}
		return load(ctx, s), nil
	}}
}

// SignalFacts lists the signal facts.
func SignalFacts() []Fact {
	return []Fact{
		signalFact("logging", "logs are JSON as configured (pino, bunyan, winston format.json, slog JSON handler, zap production, zerolog, logrus JSONFormatter, structlog JSONRenderer, python-json-logger, logback/log4j2 JSON encoders)", loadLogging),
		signalFact("tracing", "a tracer is initialised (OpenTelemetry SDK, Datadog, Jaeger, Zipkin, OpenCensus, Micrometer tracing); a module only required indirectly does not count", loadTracing),
		signalFact("health", "a health endpoint: a route such as /healthz, /_healthz, /health, /readiness, /liveness, /readyz, /livez, /ping, a gRPC health service, Spring Boot actuator, or Kubernetes probes", loadHealth),
		signalFact("metrics", "metrics are exported: a Prometheus client or hand-written /metrics exposition, OpenTelemetry metrics, StatsD, Micrometer registries", loadMetrics),
		signalFact("shutdown", "SIGTERM is handled, by the code or by a framework that drains for you (kratos, fx, Spring Boot graceful shutdown, gunicorn/uvicorn, NestJS shutdown hooks, terminus)", loadShutdown),
		signalFact("nonRoot", "the image runs as a non-root user: USER name or UID other than 0 in the final stage, a distroless :nonroot or Chainguard base, or runAsNonRoot in Kubernetes", loadNonRoot),
		signalFact("healthcheck", "the container declares a health check: HEALTHCHECK in the final Dockerfile stage, or Kubernetes liveness/readiness probes", loadHealthcheck),
		signalFact("runtimePin", "the runtime version is pinned for every stack: .nvmrc, .node-version, .tool-versions, engines.node without >=, the go directive, .python-version, java.version or a toolchain, or a versioned or digest-pinned FROM", loadRuntimePin),
		signalFact("lint", "a linter is configured or run: eslint, tslint, biome, golangci-lint, staticcheck, go vet, ruff, flake8, pylint, checkstyle, ktlint, detekt, spotless, PMD", loadLint),
		signalFact("security", "a vulnerability scanner runs in CI or the build: npm audit, govulncheck, gosec, trivy, grype, snyk, CodeQL, osv-scanner, bandit, pip-audit, OWASP dependency-check", loadSecurity, "ci"),
		signalFact("dependencyUpdates", "dependency updates are automated for the scored folder: Renovate, or a Dependabot entry whose directory covers it", loadDepUpdates),
		signalFact("license", "a licence file in the scored folder or, for a monorepo package, at the repository root", func(ctx context.Context, s *Snapshot) Signal {
			return fileSignal(s, "licence file", isLicense, "LICENSE, LICENCE or COPYING")
		}),
		signalFact("gitignore", "a .gitignore in the scored folder or at the repository root", func(ctx context.Context, s *Snapshot) Signal {
			return fileSignal(s, ".gitignore", func(p string) bool { return p == ".gitignore" }, ".gitignore")
		}),
	}
}

func isLicense(p string) bool {
	if strings.Contains(p, "/") {
		return false
	}
	u := strings.ToUpper(p)
	for _, n := range []string{"LICENSE", "LICENCE", "COPYING"} {
		if u == n || strings.HasPrefix(u, n+".") || strings.HasPrefix(u, n+"-") {
			return true
		}
	}
	return false
}

func fileSignal(s *Snapshot, what string, keep func(string) bool, names string) Signal {
	b := newSignal(true)
	for _, f := range withRoot(s, keep, "") {
		b.add(what, Evidence{File: f.Name})
		break
	}
	where := "the scored folder"
	if s.Subpath != "" {
		where += " and the repository root"
	}
	return b.done("no "+names+" in "+where, "")
}

func stacks(r Repo) bool { return r.Node || r.Go || r.Python || r.Java }

func stackNames(r Repo) string {
	var out []string
	for _, x := range []struct {
		on   bool
		name string
	}{{r.Node, "Node.js"}, {r.Go, "Go"}, {r.Python, "Python"}, {r.Java, "Java/Kotlin"}} {
		if x.on {
			out = append(out, x.name)
		}
	}
	if len(out) == 0 {
		return "this stack"
	}
	return strings.Join(out, " and ")
}

func repoOf(ctx context.Context, s *Snapshot) Repo {
	v, err := s.Fact(ctx, "repo")
	if err != nil {
		return Repo{}
	}
	return v.(Repo)
}

// codeSignal collects a signal from its code rules; rejections become the
// evidence of a fail.
func codeSignal(ctx context.Context, s *Snapshot, name string, applicable bool) *signalBuilder {
	b := newSignal(applicable)
	found, rejected := code(ctx, s).hitsOf(name)
	for _, e := range found {
		b.add(e.What, e)
	}
	for _, e := range rejected {
		b.reject(e)
	}
	return b
}

func depSignal(b *signalBuilder, d map[string]Evidence, what string, names ...string) {
	if e, ok := hasDep(d, names...); ok {
		b.add(what, e)
	}
}

func loadLogging(ctx context.Context, s *Snapshot) Signal {
	r := repoOf(ctx, s)
	b := codeSignal(ctx, s, "logging", stacks(r))
	d := deps(ctx, s)
	// pino and bunyan log JSON by default: a dependency the code imports is enough.
	if e, ok := code(ctx, s).hit("logging:pino"); ok {
		b.add("pino (JSON logs)", e)
	}
	depSignal(b, d, "logstash-logback-encoder (JSON logs)", "logstash-logback-encoder", "logstash-logback-encoder*")
	depSignal(b, d, "python-json-logger", "python-json-logger", "structlog-json", "json-logging")
	return b.done("no JSON logging in the "+stackNames(r)+" code: looked for pino, bunyan, winston with format.json(), slog.NewJSONHandler, zap production, zerolog, logrus JSONFormatter, structlog JSONRenderer, python-json-logger, logback/log4j2 JSON encoders", "")
}

func loadTracing(ctx context.Context, s *Snapshot) Signal {
	r := repoOf(ctx, s)
	b := codeSignal(ctx, s, "tracing", stacks(r))
	hint := ""
	if e, ok := deps(ctx, s)["go.opentelemetry.io/otel"]; ok {
		hint = "go.mod requires OpenTelemetry (" + e.File + ":" + itoa(e.Line) + ") but no code sets up a TracerProvider: initialise the SDK and an exporter."
	}
	if e, ok := hasDep(deps(ctx, s), "@opentelemetry/api"); ok {
		hint = "@opentelemetry/api is a dependency (" + e.File + ") but no code starts the SDK: add @opentelemetry/sdk-node and start it before the app."
	}
	return b.done("no tracer initialised in the "+stackNames(r)+" code: looked for the OpenTelemetry SDK (NodeSDK, sdktrace.NewTracerProvider, TracerProvider(), opentelemetry-instrument), dd-trace, Jaeger, Zipkin, OpenCensus, Micrometer tracing; a go.mod `// indirect` module does not count", hint)
}

var (
	k8sNonRoot = regexp.MustCompile(`runAsNonRoot:\s*true|runAsUser:\s*[1-9]`)
	k8sProbe   = regexp.MustCompile(`(?:liveness|readiness|startup)Probe:`)
)

func loadHealth(ctx context.Context, s *Snapshot) Signal {
	b := codeSignal(ctx, s, "health", true)
	if e, ok := rootManifestHit(s, k8sProbe, "Kubernetes probe"); ok {
		b.add("Kubernetes probe", e)
	}
	depSignal(b, deps(ctx, s), "Spring Boot actuator (/actuator/health)", "spring-boot-starter-actuator")
	depSignal(b, deps(ctx, s), "django-health-check", "django-health-check")
	return b.done("no health route (/healthz, /_healthz, /health, /readiness, /liveness, /readyz, /livez, /ping), gRPC health service, Spring Boot actuator or Kubernetes probe in the code and manifests", "")
}

func loadMetrics(ctx context.Context, s *Snapshot) Signal {
	b := newSignal(true)
	found, _ := code(ctx, s).hitsOf("metrics")
	var path, exposition *Evidence
	for _, e := range found {
		switch e.What {
		case "metrics route":
			path = &e
		case "Prometheus text format written by hand":
			exposition = &e
		default:
			b.add(e.What, e)
		}
	}
	if path != nil && (exposition != nil || b.sig.Found) {
		b.add("metrics route", *path)
		if exposition != nil {
			b.add("hand-written Prometheus exporter", *exposition)
		}
	}
	depSignal(b, deps(ctx, s), "Micrometer Prometheus registry", "micrometer-registry-prometheus")
	return b.done("no metrics: looked for a Prometheus client (prom-client, client_golang, prometheus_client, Micrometer), a hand-written /metrics exposition, OpenTelemetry metrics or StatsD", "")
}

func loadShutdown(ctx context.Context, s *Snapshot) Signal {
	b := codeSignal(ctx, s, "shutdown", true)
	d := deps(ctx, s)
	depSignal(b, d, "gunicorn/uvicorn drain on SIGTERM", "gunicorn", "uvicorn", "hypercorn")
	return b.done("no SIGTERM handling: looked for SIGTERM in the code, shutdown libraries (terminus, http-terminator, NestJS enableShutdownHooks), frameworks that drain for you (kratos, fx, gunicorn, uvicorn, Spring Boot server.shutdown=graceful or 3.4+)", "")
}

var digestOrVersion = regexp.MustCompile(`@sha256:[0-9a-f]{16,}|:[^:/@]*\d`)

// finalStage resolves the final stage through `FROM earlier-stage` aliases.
func finalStage(d Dockerfile) (base, user string, line int) {
	if len(d.Stages) == 0 {
		return "", "", 0
	}
	st := d.Stages[len(d.Stages)-1]
	base, user = st.From, st.User
	if len(st.Instructions) > 0 {
		line = st.Instructions[0].Line
	}
	for range d.Stages {
		if user != "" {
			break
		}
		found := false
		for _, p := range d.Stages {
			if p.Name != "" && strings.EqualFold(p.Name, base) {
				base, user, found = p.From, p.User, true
				break
			}
		}
		if !found {
			break
		}
	}
	return base, user, line
}

func nonRootBase(base string) bool {
	b := strings.ToLower(base)
	return strings.Contains(b, "distroless") && strings.Contains(b, "nonroot") || strings.HasPrefix(b, "cgr.dev/chainguard/")
}

func dockerfilesOf(ctx context.Context, s *Snapshot) []Dockerfile {
	v, err := s.Fact(ctx, "dockerfiles")
	if err != nil {
		return nil
	}
	return asDockerfiles(v)
}

func loadNonRoot(ctx context.Context, s *Snapshot) Signal {
	b := newSignal(true)
	dfs := dockerfilesOf(ctx, s)
	var hint string
	for _, d := range dfs {
		base, user, line := finalStage(d)
		switch {
		case user != "" && nonRoot(user):
			b.add("USER "+user, Evidence{File: d.Path, Line: userLine(d), Text: "USER " + user})
		case user == "" && nonRootBase(base):
			b.add("non-root base image", Evidence{File: d.Path, Line: line, Text: "FROM " + base})
		default:
			why := "not non-root: the final stage FROM " + base + " sets no USER (runs as root)"
			if user != "" {
				why = "not non-root: USER " + user
			}
			b.reject(Evidence{File: d.Path, Line: line, Text: "FROM " + base, What: why})
			if hint == "" {
				hint = "In " + d.Path + " (final stage at line " + itoa(line) + ") add USER with an unprivileged user or UID (USER node, USER 65532:65532)."
			}
		}
	}
	if e, ok := code(ctx, s).hit("nonroot:k8s"); ok {
		b.add("Kubernetes runAsNonRoot", e)
	}
	if e, ok := rootManifestHit(s, k8sNonRoot, "Kubernetes runAsNonRoot"); ok {
		b.add("Kubernetes runAsNonRoot", e)
	}
	looked := "no Dockerfile, Containerfile or Kubernetes securityContext in the scored folder"
	if len(dfs) > 0 {
		looked = "no Dockerfile's final stage runs as a non-root user"
	}
	return b.done(looked, hint)
}

func userLine(d Dockerfile) int {
	st := d.Stages[len(d.Stages)-1]
	for i := len(st.Instructions) - 1; i >= 0; i-- {
		if st.Instructions[i].Cmd == "USER" {
			return st.Instructions[i].Line
		}
	}
	return 0
}

func loadHealthcheck(ctx context.Context, s *Snapshot) Signal {
	b := newSignal(true)
	hint := ""
	for _, d := range dockerfilesOf(ctx, s) {
		st := d.Stages[len(d.Stages)-1]
		if d.Healthcheck {
			for _, in := range st.Instructions {
				if in.Cmd == "HEALTHCHECK" {
					b.add("HEALTHCHECK", Evidence{File: d.Path, Line: in.Line, Text: clip("HEALTHCHECK " + in.Args)})
				}
			}
		} else if hint == "" {
			hint = "Add a HEALTHCHECK to the final stage of " + d.Path + " that calls the health endpoint."
		}
	}
	if e, ok := code(ctx, s).hit("health:probe"); ok {
		b.add("Kubernetes probe", e)
	}
	if e, ok := rootManifestHit(s, k8sProbe, "Kubernetes probe"); ok {
		b.add("Kubernetes probe", e)
	}
	return b.done("no HEALTHCHECK in a Dockerfile's final stage and no Kubernetes liveness/readiness probe in the scored folder", hint)
}

var pinnedRange = regexp.MustCompile(`^\s*[v=~^]?\d+(?:\.(?:\d+|x|\*))*\s*$`)

// pinnedVersion reports whether a version constraint names one version
// line (22, 22.x, ^22.1, ~3.12) rather than an open range (>=12, *).
func pinnedVersion(v string) bool {
	return pinnedRange.MatchString(v)
}

var (
	javaVersion = regexp.MustCompile(`<(?:java\.version|maven\.compiler\.(?:release|source|target)|release)>\s*\d+|languageVersion(?:\.set\()?\s*=?\s*\(?\s*JavaLanguageVersion\.of\(\d+|sourceCompatibility\s*=\s*(?:JavaVersion\.VERSION_|['"]?)\d+|jvmToolchain\(\d+`)
	pyRequires  = regexp.MustCompile(`requires-python\s*=\s*["']\s*(?:==|~=)\s*\d|python_version\s*=\s*["']\d|^python\s*=\s*["'][~^=]?\d`)
)

func loadRuntimePin(ctx context.Context, s *Snapshot) Signal {
	r := repoOf(ctx, s)
	b := newSignal(stacks(r))
	var missing []string
	type want struct {
		on     bool
		name   string
		images []string
		pin    func() (Evidence, bool)
	}
	fromPin := func(images []string) (Evidence, bool) {
		for _, d := range dockerfilesOf(ctx, s) {
			for _, st := range d.Stages {
				img := strings.ToLower(st.From)
				name := path.Base(strings.SplitN(strings.SplitN(img, "@", 2)[0], ":", 2)[0])
				for _, want := range images {
					if name == want && digestOrVersion.MatchString(img) {
						return Evidence{File: d.Path, Line: st.Instructions[0].Line, Text: "FROM " + st.From}, true
					}
				}
			}
		}
		return Evidence{}, false
	}
	file := func(names ...string) (Evidence, bool) {
		for _, n := range names {
			if f, ok := firstOf(s, n); ok {
				data, _ := f.read(s)
				_, text := lineAt(data, 0)
				return Evidence{File: f.Name, Line: 1, Text: text}, true
			}
		}
		return Evidence{}, false
	}
	toolVersions := func(tool string) (Evidence, bool) {
		f, ok := firstOf(s, ".tool-versions")
		if !ok {
			return Evidence{}, false
		}
		data, _ := f.read(s)
		for i, l := range strings.Split(string(data), "\n") {
			if strings.HasPrefix(strings.TrimSpace(l), tool+" ") {
				return Evidence{File: f.Name, Line: i + 1, Text: strings.TrimSpace(l)}, true
			}
		}
		return Evidence{}, false
	}
	grepFile := func(re *regexp.Regexp, names ...string) (Evidence, bool) {
		for _, n := range names {
			data, err := s.ReadText(n)
			if err != nil {
				continue
			}
			if loc := re.FindIndex(data); loc != nil {
				line, text := lineAt(data, loc[0])
				return Evidence{File: n, Line: line, Text: text}, true
			}
		}
		// A monorepo module inherits the parent build's version (Maven parent pom).
		for _, n := range names {
			if data, ok := rootRead(s, n); ok && s.Subpath != "" {
				if loc := re.FindIndex(data); loc != nil {
					line, text := lineAt(data, loc[0])
					return Evidence{File: rootPath(n), Line: line, Text: text}, true
				}
			}
		}
		return Evidence{}, false
	}
	wants := []want{
		{r.Node, "Node.js", []string{"node"}, func() (Evidence, bool) {
			if e, ok := file(".nvmrc", ".node-version"); ok {
				return e, true
			}
			if e, ok := toolVersions("nodejs"); ok {
				return e, true
			}
			if v, err := s.Fact(ctx, "packageJson"); err == nil {
				pj := v.(PackageJSON)
				data, _ := s.ReadText("package.json")
				if n, ok := pj.Engines["node"]; ok && pinnedVersion(n) {
					line, text := lineAt(data, strings.Index(string(data), `"node"`))
					return Evidence{File: "package.json", Line: line, Text: text}, true
				} else if ok {
					line, text := lineAt(data, strings.Index(string(data), `"node"`))
					b.reject(Evidence{File: "package.json", Line: line, Text: text, What: "not a pin: engines.node " + n + " is an open range"})
				}
				if strings.Contains(string(data), `"volta"`) {
					line, text := lineAt(data, strings.Index(string(data), `"volta"`))
					return Evidence{File: "package.json", Line: line, Text: text}, true
				}
			}
			return Evidence{}, false
		}},
		{r.Go, "Go", []string{"golang"}, func() (Evidence, bool) {
			data, err := s.ReadText("go.mod")
			if err != nil {
				return Evidence{}, false
			}
			if m := regexp.MustCompile(`(?m)^(?:go|toolchain)\s+\d`).FindIndex(data); m != nil {
				line, text := lineAt(data, m[0])
				return Evidence{File: "go.mod", Line: line, Text: text}, true
			}
			return Evidence{}, false
		}},
		{r.Python, "Python", []string{"python"}, func() (Evidence, bool) {
			if e, ok := file(".python-version", "runtime.txt"); ok {
				return e, true
			}
			if e, ok := toolVersions("python"); ok {
				return e, true
			}
			return grepFile(pyRequires, "pyproject.toml", "Pipfile")
		}},
		{r.Java, "Java", []string{"eclipse-temurin", "openjdk", "amazoncorretto", "maven", "gradle", "java", "ibmjava", "azul/zulu-openjdk", "sapmachine"}, func() (Evidence, bool) {
			if e, ok := file(".java-version", ".sdkmanrc"); ok {
				return e, true
			}
			if e, ok := toolVersions("java"); ok {
				return e, true
			}
			return grepFile(javaVersion, "pom.xml", "build.gradle", "build.gradle.kts")
		}},
	}
	for _, w := range wants {
		if !w.on {
			continue
		}
		e, ok := w.pin()
		if !ok {
			e, ok = fromPin(w.images)
		}
		if ok {
			b.add(w.name+" version", e)
		} else {
			missing = append(missing, w.name)
		}
	}
	if len(missing) > 0 {
		b.sig.Found = false
		return b.done("no pinned "+strings.Join(missing, " and ")+" version: looked for .nvmrc, .node-version, .tool-versions, engines.node without >=, volta, the go directive, .python-version, runtime.txt, requires-python ==, java.version, a Gradle toolchain, and a versioned or digest-pinned FROM", "")
	}
	return b.done("", "")
}

func loadLint(ctx context.Context, s *Snapshot) Signal {
	r := repoOf(ctx, s)
	b := newSignal(stacks(r))
	c := code(ctx, s)
	files := []struct {
		on    bool
		what  string
		globs []string
	}{
		{r.Node, "eslint", []string{"eslint.config.*", ".eslintrc", ".eslintrc.*", "**/eslint.config.*", "**/.eslintrc*"}},
		{r.Node, "tslint", []string{"tslint.json", "**/tslint.json"}},
		{r.Node, "biome", []string{"biome.json", "biome.jsonc", ".oxlintrc.json"}},
		{r.Go, "golangci-lint", []string{".golangci.yml", ".golangci.yaml", ".golangci.toml", ".golangci.json"}},
		{r.Go, "staticcheck", []string{"staticcheck.conf", "**/staticcheck.conf"}},
		{r.Go, "revive", []string{"revive.toml"}},
		{r.Python, "ruff", []string{"ruff.toml", ".ruff.toml"}},
		{r.Python, "flake8", []string{".flake8"}},
		{r.Python, "pylint", []string{".pylintrc", "pylintrc"}},
		{r.Java, "checkstyle", []string{"checkstyle.xml", "**/checkstyle*.xml"}},
		{r.Java, "detekt", []string{"detekt.yml", "**/detekt*.yml"}},
	}
	for _, f := range files {
		if !f.on {
			continue
		}
		for _, g := range f.globs {
			if m, _ := s.Glob(g); len(m) > 0 {
				b.add(f.what, Evidence{File: m[0]})
				break
			}
		}
		if s.Subpath != "" && !b.sig.Found {
			for _, g := range f.globs {
				if !strings.Contains(g, "*") {
					if sf, ok := firstOf(s, g); ok {
						b.add(f.what, Evidence{File: sf.Name})
					}
				}
			}
		}
	}
	for _, id := range []struct {
		on bool
		id string
	}{{r.Node, "lint:node"}, {r.Go, "lint:go"}, {r.Python, "lint:python"}, {r.Java, "lint:jvm"}} {
		if e, ok := c.hit(id.id); ok && id.on {
			b.add(e.What, e)
		}
	}
	if v, err := s.Fact(ctx, "ci"); err == nil {
		for _, e := range v.(CI).Lint.Evidence {
			b.add("linter in CI", e)
		}
	}
	return b.done("no linter for "+stackNames(r)+": looked for eslint/tslint/biome configs, .golangci.*, staticcheck.conf, ruff/flake8/pylint configs, checkstyle/ktlint/detekt/spotless/PMD in the build, and linters run by CI, Makefiles and scripts", "")
}

func loadSecurity(ctx context.Context, s *Snapshot) Signal {
	b := newSignal(true)
	hint := ""
	if v, err := s.Fact(ctx, "ci"); err == nil {
		ci := v.(CI)
		for _, e := range ci.Security.Evidence {
			b.add(e.What, e)
		}
		hint = ci.Security.Hint
	}
	if e, ok := code(ctx, s).hit("scan:build"); ok {
		b.add(e.What, e)
	}
	return b.done("no vulnerability scanner in CI, the build, Makefiles or scripts: looked for npm audit, govulncheck, gosec, trivy, grype, snyk, CodeQL, osv-scanner, dependency-review, bandit, pip-audit, OWASP dependency-check", hint)
}

var renovateFiles = []string{"renovate.json", "renovate.json5", ".renovaterc", ".renovaterc.json", ".renovaterc.json5",
	".github/renovate.json", ".github/renovate.json5", ".gitlab/renovate.json", ".gitlab/renovate.json5"}

func loadDepUpdates(ctx context.Context, s *Snapshot) Signal {
	b := newSignal(true)
	if f, ok := firstOf(s, renovateFiles...); ok {
		b.add("Renovate", Evidence{File: f.Name})
	}
	for _, name := range []string{".github/dependabot.yml", ".github/dependabot.yaml"} {
		inside := s.Has(name)
		data, ok := rootRead(s, name)
		prefix := ""
		if inside {
			d, err := s.ReadText(name)
			data, ok = d, err == nil
		} else if s.Subpath != "" {
			prefix = "/"
		}
		if !ok {
			continue
		}
		var doc struct {
			Updates []struct {
				Ecosystem   string   `yaml:"package-ecosystem"`
				Directory   string   `yaml:"directory"`
				Directories []string `yaml:"directories"`
			} `yaml:"updates"`
		}
		if yaml.Unmarshal(data, &doc) != nil {
			continue
		}
		for _, u := range doc.Updates {
			for _, dir := range append([]string{u.Directory}, u.Directories...) {
				if dir == "" {
					continue
				}
				if inside || s.Subpath == "" || dirCovers(dir, s.Subpath) {
					off := strings.Index(string(data), dir)
					line, text := lineAt(data, off)
					b.add("Dependabot "+u.Ecosystem, Evidence{File: prefix + name, Line: line, Text: text})
				}
			}
		}
		if !b.sig.Found {
			b.reject(Evidence{File: prefix + name, What: "not for this folder: no updates entry has a directory covering it"})
		}
	}
	if data, ok := rootRead(s, "package.json"); ok && strings.Contains(string(data), `"renovate"`) {
		b.add("Renovate", Evidence{File: rootPath("package.json")})
	}
	hint := ""
	if s.Subpath != "" {
		hint = "Add an entry with directory: /" + s.Subpath + " to .github/dependabot.yml, or a renovate.json at the repository root."
	}
	return b.done("no renovate.json (or .renovaterc, .github/renovate.json) nor a .github/dependabot.yml entry covering the folder", hint)
}

// dirCovers reports whether a Dependabot directory (a path or glob from the
// repository root) covers the folder sub.
func dirCovers(dir, sub string) bool {
	d := strings.Trim(dir, "/")
	if d == sub {
		return true
	}
	ok, _ := doublestar.Match(d, sub)
	if ok {
		return true
	}
	return strings.HasSuffix(d, "**") && strings.HasPrefix(sub, strings.TrimSuffix(d, "**"))
}
