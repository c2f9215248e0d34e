package scorecard

import (
	"context"
	"encoding/json"
	"path"
	"regexp"
	"strings"
)

// DependenciesFact exposes `dependencies`: every direct dependency declared
// by any manifest in the scored folder (package.json, go.mod without
// `// indirect`, requirements*.txt, pyproject.toml, Pipfile, setup.py,
// pom.xml, build.gradle), name → where it is declared. Python names are
// lower case with "-"; Maven and Gradle ones are the artifactId and
// group:artifactId.
func DependenciesFact() Fact {
	return Fact{
		Name: "dependencies",
		Doc:  "direct dependencies of every manifest (npm, Go, Python, Maven, Gradle): name → {file, line, text}",
		Go:   map[string]Evidence(nil),
		Load: func(ctx context.Context, s *Snapshot) (any, error) { return loadDeps(ctx, s), nil },
	}
}

func deps(ctx context.Context, s *Snapshot) map[string]Evidence {
	v, err := s.Fact(ctx, "dependencies")
	if err != nil {
		return map[string]Evidence{}
	}
	return v.(map[string]Evidence)
}

var (
	reqLine     = regexp.MustCompile(`(?m)^\s*([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*(?:[=<>!~;@ ]|$)`)
	quotedDep   = regexp.MustCompile(`["']([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*(?:[=<>!~;@ ][^"']*)?["']`)
	poetryDep   = regexp.MustCompile(`(?m)^([A-Za-z0-9][A-Za-z0-9._-]*)\s*=`)
	mavenArt    = regexp.MustCompile(`<artifactId>\s*([\w.-]+)\s*</artifactId>`)
	gradleCoord = regexp.MustCompile(`["']([\w.-]+):([\w.-]+)(?::[^"']*)?["']`)
	gradlePlug  = regexp.MustCompile(`\bid\s*\(?\s*["']([\w.-]+)["']`)
)

func pyName(n string) string { return strings.ReplaceAll(strings.ToLower(n), "_", "-") }

func loadDeps(ctx context.Context, s *Snapshot) map[string]Evidence {
	out := map[string]Evidence{}
	add := func(name, file string, data []byte, off int) {
		if name == "" {
			return
		}
		if _, ok := out[name]; ok {
			return
		}
		line, text := lineAt(data, off)
		out[name] = Evidence{File: file, Line: line, Text: text, What: "dependency " + name}
	}
	for _, f := range s.files {
		base := path.Base(f)
		isReq := strings.HasSuffix(base, ".txt") && (strings.HasPrefix(base, "requirements") || path.Base(path.Dir(f)) == "requirements") ||
			base == "requirements.in"
		switch {
		case base == "package.json", base == "go.mod", base == "pyproject.toml", base == "Pipfile", base == "setup.py",
			base == "pom.xml", base == "build.gradle", base == "build.gradle.kts", isReq:
		default:
			continue
		}
		data, err := s.ReadText(f)
		if err != nil {
			continue
		}
		src := string(data)
		switch {
		case base == "package.json":
			var pj struct {
				D  map[string]any `json:"dependencies"`
				DD map[string]any `json:"devDependencies"`
			}
			if json.Unmarshal(data, &pj) != nil {
				continue
			}
			for _, m := range []map[string]any{pj.D, pj.DD} {
				for k := range m {
					add(k, f, data, strings.Index(src, `"`+k+`"`))
				}
			}
		case base == "go.mod":
			block := false
			off := 0
			for line := range strings.SplitAfterSeq(src, "\n") {
				start := off
				off += len(line)
				t := strings.TrimSpace(line)
				if strings.Contains(t, "// indirect") {
					continue
				}
				if i := strings.Index(t, "//"); i >= 0 {
					t = strings.TrimSpace(t[:i])
				}
				fs := strings.Fields(t)
				switch {
				case len(fs) == 0:
				case block && fs[0] == ")":
					block = false
				case block && len(fs) >= 2:
					add(fs[0], f, data, start)
				case fs[0] == "require" && len(fs) >= 2 && fs[1] == "(":
					block = true
				case fs[0] == "require" && len(fs) >= 3:
					add(fs[1], f, data, start)
				}
			}
		case isReq:
			for _, m := range reqLine.FindAllStringSubmatchIndex(src, -1) {
				add(pyName(src[m[2]:m[3]]), f, data, m[2])
			}
		case base == "pyproject.toml", base == "Pipfile", base == "setup.py":
			for _, m := range quotedDep.FindAllStringSubmatchIndex(src, -1) {
				add(pyName(src[m[2]:m[3]]), f, data, m[2])
			}
			if base != "setup.py" {
				for _, m := range poetryDep.FindAllStringSubmatchIndex(src, -1) {
					if n := src[m[2]:m[3]]; n != "python" && n != "name" && n != "version" {
						add(pyName(n), f, data, m[2])
					}
				}
			}
		case base == "pom.xml":
			for _, m := range mavenArt.FindAllStringSubmatchIndex(src, -1) {
				add(src[m[2]:m[3]], f, data, m[2])
			}
		default: // Gradle
			for _, m := range gradleCoord.FindAllStringSubmatchIndex(src, -1) {
				add(src[m[4]:m[5]], f, data, m[2])
				add(src[m[2]:m[3]]+":"+src[m[4]:m[5]], f, data, m[2])
			}
			for _, m := range gradlePlug.FindAllStringSubmatchIndex(src, -1) {
				add(src[m[2]:m[3]], f, data, m[2])
			}
		}
	}
	return out
}

// hasDep reports the first of names (a trailing * matches a prefix) that is a dependency.
func hasDep(d map[string]Evidence, names ...string) (Evidence, bool) {
	for _, n := range names {
		if p, ok := strings.CutSuffix(n, "*"); ok {
			best := ""
			for k := range d {
				if strings.HasPrefix(k, p) && (best == "" || k < best) {
					best = k
				}
			}
			if best != "" {
				return d[best], true
			}
			continue
		}
		if e, ok := d[n]; ok {
			return e, true
		}
	}
	return Evidence{}, false
}
