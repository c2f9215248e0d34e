package scorecard

import (
	"context"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// CI is the `ci` fact: every CI pipeline of any common system, the commands
// it runs (with the Makefile targets, package scripts and shell scripts they
// call expanded), and whether those commands test, lint and scan.
type CI struct {
	Present bool     `cel:"present"`
	Systems []string `cel:"systems"` // github, gitlab, circleci, travis, jenkins, azure, bitbucket, buildkite, drone, woodpecker
	Files   []string `cel:"files"`
	// Runs is every command a pipeline runs that applies to the scored
	// folder, then what the make targets and scripts it calls run.
	Runs     []Evidence `cel:"runs"`
	Uses     []Evidence `cel:"uses"` // actions, orbs, tasks and templates used
	Tests    Signal     `cel:"tests"`
	Lint     Signal     `cel:"lint"`
	Security Signal     `cel:"security"`
}

// CIFact exposes `ci`.
func CIFact() Fact {
	return Fact{
		Name: "ci",
		Doc:  "CI pipelines of every common system: present, systems, files, runs and uses (commands with make targets and scripts expanded), and the signals tests, lint, security",
		Go:   CI{},
		Load: func(ctx context.Context, s *Snapshot) (any, error) { return loadCI(ctx, s) },
	}
}

// ciSystem names the CI system a file configures, "" for none.
func ciSystem(p string) string {
	base := path.Base(p)
	dir := path.Dir(p)
	yml := strings.HasSuffix(base, ".yml") || strings.HasSuffix(base, ".yaml")
	switch {
	case dir == ".github/workflows" && yml:
		return "github"
	case p == ".gitlab-ci.yml" || p == ".gitlab-ci.yaml":
		return "gitlab"
	case p == ".circleci/config.yml" || p == ".circleci/config.yaml":
		return "circleci"
	case p == ".travis.yml" || p == ".travis.yaml":
		return "travis"
	case base == "Jenkinsfile" || strings.HasPrefix(base, "Jenkinsfile.") || strings.HasSuffix(base, ".jenkinsfile"):
		return "jenkins"
	case (dir == "." && strings.HasPrefix(base, "azure-pipelines") && yml) || ((dir == ".azure-pipelines" || dir == ".pipelines") && yml):
		return "azure"
	case p == "bitbucket-pipelines.yml":
		return "bitbucket"
	case dir == ".buildkite" && yml:
		return "buildkite"
	case p == ".drone.yml" || p == ".drone.yaml":
		return "drone"
	case p == ".woodpecker.yml" || p == ".woodpecker.yaml" || (dir == ".woodpecker" && yml):
		return "woodpecker"
	}
	return ""
}

var ciDirs = []string{"", ".github/workflows", ".circleci", ".azure-pipelines", ".pipelines", ".buildkite", ".woodpecker"}

// ciLine is one command found in a pipeline.
type ciLine struct {
	ev      Evidence
	covered bool // applies to the scored folder
}

// runKeys hold shell commands in some CI system.
var runKeys = map[string]bool{
	"run": true, "script": true, "before_script": true, "after_script": true, "commands": true, "command": true,
	"install": true, "before_install": true, "after_success": true, "bash": true, "pwsh": true, "powershell": true,
	"inlineScript": true, "cmd": true, "entrypoint": false,
}

// useKeys hold actions, orbs, tasks or templates.
var useKeys = map[string]bool{"uses": true, "task": true, "template": true, "orb": true, "plugin": true, "extends": false}

var (
	testCmd   = regexp.MustCompile(`\b(?:npm|pnpm|bun)\s+(?:run\s+)?test\b|\bnpm\s+t\b|\byarn\s+(?:run\s+)?test\b|\bnpx\s+(?:jest|vitest|mocha|ava|tap)\b|^\s*(?:jest|vitest|mocha|ava)\b|\bnode\s+--test\b|\bgo\s+test\b|\bgotestsum\b|\bginkgo\b|\bpytest\b|\bpy\.test\b|^\s*(?:tox|nox)\b|manage\.py\s+test\b|-m\s+(?:unittest|pytest)\b|\bmvnw?(?:\.cmd)?\s+(?:[\w:.=/-]+\s+)*(?:test|verify|package|install)\b|\bgradlew?\s+(?:[\w:.=/-]+\s+)*(?:test|check|build)\b|\bbazel\s+test\b|\b(?:nps|npm\s+start|flask|mise\s+run|task|just|poe|hatch\s+run|invoke)\s+(?:[\w:.-]*:)?test[\w:.-]*\b|\bcargo\s+test\b|\bdotnet\s+test\b|\bmake\s+(?:[\w-]*test[\w-]*|check)\b|\brspec\b`)
	skipTests = regexp.MustCompile(`-DskipTests|-Dmaven\.test\.skip=true|-x\s+test\b`)
	lintCmd   = regexp.MustCompile(`\beslint\b|\btslint\b|\b(?:npm|yarn|pnpm)\s+(?:run\s+)?lint\b|\bmake\s+lint\b|golangci-lint|\bstaticcheck\b|\bgo\s+vet\b|\brevive\b|\bruff\b|\bflake8\b|\bpylint\b|checkstyle|\bktlint\b|\bdetekt\b|spotless(?:Check|:check)|\bbiome\s+(?:check|lint|ci)\b|\boxlint\b|pre-commit\s+run`)
	lintUse   = regexp.MustCompile(`golangci-lint|super-linter|reviewdog|ruff|eslint|flake8|pre-commit/action|ktlint|detekt|staticcheck`)
	scanCmd   = regexp.MustCompile(`\b(?:npm|yarn|pnpm)\s+audit\b|audit-ci|govulncheck|\bgosec\b|\btrivy\b|\bgrype\b|\bsnyk\b|gitleaks|osv-scanner|\bbandit\b|pip-audit|\bsafety\s+(?:check|scan)\b|dependency-check|semgrep|trufflehog|\bnancy\b`)
	scanUse   = regexp.MustCompile(`codeql|trivy|grype|anchore|snyk|gitleaks|osv-scanner|govulncheck|dependency-review|gosec|pip-audit|bandit|dependency-check|semgrep|trufflehog|Security/|Dependency-Scanning|SAST|Secret-Detection|Container-Scanning`)
	makeCall  = regexp.MustCompile(`(?:^|[;&|(\s])(?:make|\$\(MAKE\)|\$\{MAKE\})((?:\s+[^\s;&|)]+)*)`)
	npmCall   = regexp.MustCompile(`\b(?:npm|pnpm|yarn|bun)\s+(?:run(?:-script)?\s+)?([\w:.-]+)`)
	shCall    = regexp.MustCompile(`(?:^|[\s;&|(])(?:bash\s+|sh\s+|\./)?((?:[\w.-]+/)*[\w.-]+\.sh)\b`)
)

func loadCI(ctx context.Context, s *Snapshot) (CI, error) {
	ci := CI{Systems: []string{}, Files: []string{}, Runs: []Evidence{}, Uses: []Evidence{}}
	files := withRoot(s, func(p string) bool { return ciSystem(p) != "" }, ciDirs...)
	var lines, uses []ciLine
	for _, f := range files {
		data, ok := f.read(s)
		if !ok {
			continue
		}
		sys := ciSystem(f.Path)
		ci.Present = true
		if !slices.Contains(ci.Systems, sys) {
			ci.Systems = append(ci.Systems, sys)
		}
		ci.Files = append(ci.Files, f.Name)
		var ls, us []ciLine
		if sys == "jenkins" {
			ls = jenkinsLines(f.Name, data)
		} else {
			var err error
			ls, us, err = yamlCILines(s, f, sys, data)
			if err != nil && !f.Root {
				return ci, fmt.Errorf("%s: %w", f.Name, err)
			}
		}
		for i := range ls {
			ls[i].covered = ls[i].covered || !f.Root
		}
		for i := range us {
			us[i].covered = us[i].covered || !f.Root
		}
		lines = append(lines, ls...)
		uses = append(uses, us...)
	}
	ex := &expander{s: s, seen: map[string]bool{}}
	for _, l := range lines {
		if !l.covered {
			continue
		}
		ci.Runs = append(ci.Runs, l.ev)
		ci.Runs = append(ci.Runs, ex.expand(l.ev, 0)...)
	}
	for _, u := range uses {
		if u.covered {
			ci.Uses = append(ci.Uses, u.ev)
		}
	}
	r := loadRepo(ctx, s)
	ci.Tests = ciSignal(ci, "tests", testCmd, nil, func(e Evidence) bool { return !skipTests.MatchString(e.Text) },
		"a test command ("+testCommand(r)+")", "tests")
	ci.Lint = ciSignal(ci, "lint", lintCmd, lintUse, nil, "a linter (eslint, golangci-lint, staticcheck, ruff, flake8, checkstyle, ...)", "lint")
	ci.Security = ciSignal(ci, "security", scanCmd, scanUse, nil, "a vulnerability scanner (npm audit, govulncheck, trivy, snyk, CodeQL, bandit, pip-audit, OWASP dependency-check, ...)", "scan")
	return ci, nil
}

// testCommand is the test command of the scored folder's stack.
func testCommand(r Repo) string {
	switch {
	case r.Go:
		return "go test ./..."
	case r.Node:
		return "npm test"
	case r.Python:
		return "pytest"
	case r.Java:
		return "mvn verify or ./gradlew test"
	}
	return "npm test, go test ./..., pytest or mvn verify"
}

func ciSignal(ci CI, what string, cmd, use *regexp.Regexp, ok func(Evidence) bool, looking, verb string) Signal {
	b := newSignal(true)
	for _, e := range ci.Runs {
		if cmd.MatchString(e.Text) && (ok == nil || ok(e)) {
			b.add(cmd.FindString(e.Text), e)
		}
	}
	if use != nil {
		for _, e := range ci.Uses {
			if use.MatchString(e.Text) {
				b.add(use.FindString(e.Text), e)
			}
		}
	}
	if !ci.Present {
		return b.done("no CI configuration (looked for .github/workflows/*.yml, .gitlab-ci.yml, .circleci/config.yml, .travis.yml, Jenkinsfile, azure-pipelines.yml, bitbucket-pipelines.yml, .buildkite/*.yml, .drone.yml, .woodpecker.yml)",
			"")
	}
	where := strings.Join(ci.Files, ", ")
	if len(ci.Files) > 3 {
		where = strings.Join(ci.Files[:3], ", ") + " and " + itoa(len(ci.Files)-3) + " more"
	}
	return b.done("no step running "+looking+" in "+where+" (with the make targets and scripts they call)",
		"CI runs in "+where+": add a step that "+map[string]string{"tests": "runs the tests", "lint": "runs the linter", "scan": "scans for vulnerabilities"}[verb]+" there.")
}

// yamlCILines walks a YAML pipeline for commands and used actions. A line
// covers the scored folder when it, its job or the pipeline's header (its
// path filters) names the folder.
func yamlCILines(s *Snapshot, f sourceFile, sys string, data []byte) (runs, uses []ciLine, err error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, nil, err
	}
	if len(doc.Content) == 0 {
		return nil, nil, nil
	}
	src := strings.Split(string(data), "\n")
	span := func(from, to int) string {
		from, to = max(from-1, 0), min(to, len(src))
		if from >= to {
			return ""
		}
		return strings.Join(src[from:to], "\n")
	}
	root := doc.Content[0]
	header := ""
	if root.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(root.Content); i += 2 {
			if root.Content[i].Value == "jobs" || root.Content[i].Value == "stages" || root.Content[i].Value == "steps" || root.Content[i].Value == "pipelines" {
				header = span(1, root.Content[i].Line-1)
				break
			}
		}
	}
	headerCovers := covers(s, header) && header != "" && s.Subpath != ""
	var walk func(n *yaml.Node, key string, job string, depth int, underJobs bool)
	walk = func(n *yaml.Node, key string, job string, depth int, underJobs bool) {
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				j := job
				if job == "" && (underJobs || (depth == 0 && (sys == "gitlab" || sys == "drone" || sys == "woodpecker"))) && !strings.HasPrefix(k.Value, ".") {
					j = span(k.Line, lastLine(v))
				}
				walk(v, k.Value, j, depth+1, k.Value == "jobs" || k.Value == "steps" && depth == 0)
				if (k.Value == "goals" || k.Value == "tasks") && v.Kind == yaml.ScalarNode {
					tool := map[string]string{"goals": "mvn ", "tasks": "gradle "}[k.Value]
					runs = append(runs, ciLine{ev: Evidence{File: f.Name, Line: v.Line, Text: clip(tool + v.Value), What: sys}, covered: headerCovers || covers(s, job)})
				}
			}
		case yaml.SequenceNode:
			for _, c := range n.Content {
				if key == "jobs" && c.Kind == yaml.ScalarNode && sys == "circleci" {
					uses = append(uses, ciLine{ev: Evidence{File: f.Name, Line: c.Line, Text: c.Value, What: sys}, covered: true})
					if strings.HasSuffix(c.Value, "/test") {
						runs = append(runs, ciLine{ev: Evidence{File: f.Name, Line: c.Line, Text: "npm test (orb job " + c.Value + ")", What: sys}, covered: true})
					}
				}
				walk(c, key, job, depth+1, underJobs && key == "jobs")
			}
		case yaml.ScalarNode:
			jobCovers := headerCovers || (job != "" && covers(s, job))
			if runKeys[key] {
				off := 0
				if n.Style == yaml.LiteralStyle || n.Style == yaml.FoldedStyle {
					off = 1
				}
				for i, line := range strings.Split(n.Value, "\n") {
					if t := strings.TrimSpace(line); t != "" && !strings.HasPrefix(t, "#") {
						runs = append(runs, ciLine{ev: Evidence{File: f.Name, Line: n.Line + off + i, Text: clip(t), What: sys},
							covered: jobCovers || covers(s, t)})
					}
				}
			} else if useKeys[key] || key == "include" || key == "local" || key == "orbs" {
				uses = append(uses, ciLine{ev: Evidence{File: f.Name, Line: n.Line, Text: clip(n.Value), What: sys}, covered: true})
			}
		}
	}
	walk(root, "", "", 0, false)
	// CircleCI orbs are a map name → orb.
	if sys == "circleci" && root.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(root.Content); i += 2 {
			if root.Content[i].Value == "orbs" && root.Content[i+1].Kind == yaml.MappingNode {
				o := root.Content[i+1]
				for j := 1; j < len(o.Content); j += 2 {
					uses = append(uses, ciLine{ev: Evidence{File: f.Name, Line: o.Content[j].Line, Text: o.Content[j].Value, What: sys}, covered: true})
				}
			}
		}
	}
	if sys == "travis" {
		runs = append(runs, travisDefault(f, root, runs)...)
	}
	return runs, uses, nil
}

// travisDefault is the script Travis CI runs when .travis.yml names none.
func travisDefault(f sourceFile, root *yaml.Node, runs []ciLine) []ciLine {
	if root.Kind != yaml.MappingNode {
		return nil
	}
	lang, line := "", 0
	for i := 0; i+1 < len(root.Content); i += 2 {
		switch root.Content[i].Value {
		case "script":
			return nil
		case "language":
			lang, line = root.Content[i+1].Value, root.Content[i+1].Line
		}
	}
	def := map[string]string{"node_js": "npm test", "go": "go test ./...", "java": "mvn test", "python": ""}[lang]
	if def == "" {
		return nil
	}
	return []ciLine{{ev: Evidence{File: f.Name, Line: line, Text: def + " (Travis default for language: " + lang + ")", What: "travis"}, covered: true}}
}

func lastLine(n *yaml.Node) int {
	l := n.Line
	for _, c := range n.Content {
		l = max(l, lastLine(c))
	}
	return l
}

var jenkinsSh = regexp.MustCompile(`\b(?:sh|bat|powershell|pwsh)\s*\(?\s*(?:script\s*:\s*)?(?:'''|"""|'|")(.*)`)

// jenkinsLines reads the sh/bat steps of a Jenkinsfile, triple-quoted blocks included.
func jenkinsLines(name string, data []byte) []ciLine {
	var out []ciLine
	src := strings.Split(string(data), "\n")
	for i := 0; i < len(src); i++ {
		m := jenkinsSh.FindStringSubmatch(src[i])
		if m == nil {
			continue
		}
		first := strings.TrimRight(strings.TrimSpace(m[1]), `'")`)
		if first != "" {
			out = append(out, ciLine{ev: Evidence{File: name, Line: i + 1, Text: clip(first), What: "jenkins"}, covered: true})
		}
		if strings.Contains(src[i], `'''`) || strings.Contains(src[i], `"""`) {
			for i++; i < len(src) && !strings.Contains(src[i], `'''`) && !strings.Contains(src[i], `"""`); i++ {
				if t := strings.TrimSpace(src[i]); t != "" {
					out = append(out, ciLine{ev: Evidence{File: name, Line: i + 1, Text: clip(t), What: "jenkins"}, covered: true})
				}
			}
		}
	}
	return out
}

// expander follows make targets, package scripts and shell scripts a command calls.
type expander struct {
	s    *Snapshot
	seen map[string]bool
}

func (x *expander) read(p string) (sourceFile, []byte, bool) {
	f, ok := firstOf(x.s, p)
	if !ok {
		// A step's working-directory: the one file of that name deeper down.
		var found []string
		for _, c := range x.s.files {
			if strings.HasSuffix(c, "/"+p) {
				found = append(found, c)
			}
		}
		if len(found) != 1 {
			return f, nil, false
		}
		f = sourceFile{Name: found[0], Path: found[0]}
	}
	data, ok := f.read(x.s)
	return f, data, ok
}

func (x *expander) expand(e Evidence, depth int) []Evidence {
	if depth > 3 {
		return nil
	}
	var out []Evidence
	follow := func(key string, got []Evidence) {
		if x.seen[key] {
			return
		}
		x.seen[key] = true
		for _, g := range got {
			g.What = "via " + e.File + ":" + itoa(e.Line)
			out = append(out, g)
			out = append(out, x.expand(g, depth+1)...)
		}
	}
	for _, m := range makeCall.FindAllStringSubmatch(e.Text, -1) {
		dir, targets := "", []string{}
		args := strings.Fields(m[1])
		for i := 0; i < len(args); i++ {
			a := args[i]
			switch {
			case a == "-C" && i+1 < len(args):
				dir = args[i+1]
				i++
			case strings.HasPrefix(a, "-") || strings.Contains(a, "="):
			default:
				targets = append(targets, a)
			}
		}
		f, data, ok := x.read(path.Join(dir, "Makefile"))
		if !ok {
			continue
		}
		recipes := makeTargets(f.Name, data)
		if len(targets) == 0 {
			targets = []string{recipes.first}
		}
		for _, t := range targets {
			follow("make:"+f.Name+":"+t, recipes.lines(t, 0))
		}
	}
	for _, m := range npmCall.FindAllStringSubmatch(e.Text, -1) {
		name := m[1]
		if name == "t" {
			name = "test"
		}
		if slices.Contains([]string{"install", "ci", "i", "add", "exec", "npx", "audit", "publish", "config"}, name) {
			continue
		}
		f, data, ok := x.read("package.json")
		if !ok {
			continue
		}
		if ev, ok := packageScript(f.Name, data, name); ok {
			follow("npm:"+f.Name+":"+name, []Evidence{ev})
		}
	}
	for _, m := range shCall.FindAllStringSubmatch(e.Text, -1) {
		p := strings.TrimPrefix(m[1], "./")
		// Relative to the calling script's folder or one of its parents
		// (scripts run from the project folder), else the root.
		var f sourceFile
		var data []byte
		ok := false
		if !strings.HasPrefix(e.File, ".github/") && strings.Contains(e.File, "/") {
			for d := path.Dir(strings.TrimPrefix(e.File, "/")); d != "." && !ok; d = path.Dir(d) {
				if s := path.Join(d, p); x.s.Has(s) {
					f, data, ok = x.read(s)
				}
			}
		}
		if !ok {
			f, data, ok = x.read(p)
		}
		if !ok {
			continue
		}
		var got []Evidence
		for i, l := range strings.Split(string(data), "\n") {
			if t := strings.TrimSpace(l); t != "" && !strings.HasPrefix(t, "#") {
				got = append(got, Evidence{File: f.Name, Line: i + 1, Text: clip(t)})
			}
		}
		follow("sh:"+f.Name, got)
	}
	return out
}

func itoa(n int) string { return strconv.Itoa(n) }

// makefile is a Makefile's targets: prerequisites and recipe lines.
type makefile struct {
	file    string
	first   string
	prereqs map[string][]string
	recipe  map[string][]Evidence
}

var makeRule = regexp.MustCompile(`^([\w./%${}()-]+(?:\s+[\w./%${}()-]+)*)\s*::?(?:[^=]|$)(.*)$`)

func makeTargets(file string, data []byte) *makefile {
	m := &makefile{file: file, prereqs: map[string][]string{}, recipe: map[string][]Evidence{}}
	var cur []string
	for i, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "\t") {
			t := strings.TrimSpace(line)
			for _, c := range cur {
				m.recipe[c] = append(m.recipe[c], Evidence{File: file, Line: i + 1, Text: clip(strings.TrimLeft(t, "@-+"))})
			}
			continue
		}
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		r := makeRule.FindStringSubmatch(line)
		if r == nil || strings.Contains(line, ":=") || strings.Contains(line, "?=") {
			cur = nil
			continue
		}
		cur = strings.Fields(r[1])
		pre := r[2]
		if j := strings.Index(pre, ";"); j >= 0 {
			for _, c := range cur {
				m.recipe[c] = append(m.recipe[c], Evidence{File: file, Line: i + 1, Text: clip(pre[j+1:])})
			}
			pre = pre[:j]
		}
		for _, c := range cur {
			if m.first == "" && !strings.HasPrefix(c, ".") {
				m.first = c
			}
			m.prereqs[c] = append(m.prereqs[c], strings.Fields(strings.Split(pre, "#")[0])...)
		}
	}
	return m
}

func (m *makefile) lines(target string, depth int) []Evidence {
	if depth > 4 {
		return nil
	}
	var out []Evidence
	for _, p := range m.prereqs[target] {
		out = append(out, m.lines(p, depth+1)...)
	}
	return append(out, m.recipe[target]...)
}

// packageScript finds a script of package.json and its line.
func packageScript(file string, data []byte, name string) (Evidence, bool) {
	pj, err := parsePackageJSON(data)
	if err != nil {
		return Evidence{}, false
	}
	cmd, ok := pj.Scripts[name]
	if !ok {
		return Evidence{}, false
	}
	off := strings.Index(string(data), `"`+name+`"`)
	line, _ := lineAt(data, off)
	return Evidence{File: file, Line: line, Text: clip(cmd)}, true
}
