package scorecard

import (
	"path"
	"slices"
	"strings"

	"github.com/paved-dev/paved/catalog"
)

// FindServices lists the folders of a monorepo snapshot that are services
// of their own, relative to the snapshot's folder, sorted: folders with a
// catalog file ([catalog.FileNames]), a Dockerfile, or a manifest with a runnable entry
// point (package.json with a start script, main or server dependency;
// go.mod with a main package; pyproject.toml, requirements.txt or Pipfile
// beside manage.py, main.py, app.py, wsgi.py or asgi.py or with a server
// dependency; pom.xml or build.gradle with src/main). A folder inside
// another service is part of it. When no folder below the root qualifies,
// the root is the one service ("").
func FindServices(s *Snapshot) []string {
	dirs := map[string]bool{}
	byDir := map[string][]string{}
	for _, f := range s.files {
		if exampleFile(f) || strings.HasPrefix(f, "docs/") || strings.Contains(f, "/test/") || strings.HasPrefix(f, "test/") {
			continue
		}
		d := path.Dir(f)
		if d == "." {
			d = ""
		}
		byDir[d] = append(byDir[d], path.Base(f))
	}
	has := func(d string, names ...string) bool {
		for _, n := range byDir[d] {
			if slices.Contains(names, n) {
				return true
			}
		}
		return false
	}
	join := func(d, n string) string {
		if d == "" {
			return n
		}
		return d + "/" + n
	}
	for d, names := range byDir {
		switch {
		case has(d, catalog.FileNames()...):
			dirs[d] = true
		case slices.ContainsFunc(names, func(n string) bool { return isDockerfile(n) && !strings.Contains(strings.ToLower(n), ".dev") }):
			dirs[d] = true
		case has(d, "package.json") && runnableNode(s, join(d, "package.json")):
			dirs[d] = true
		case has(d, "go.mod") && goMain(s, d):
			dirs[d] = true
		case has(d, "pyproject.toml", "requirements.txt", "Pipfile", "setup.py") &&
			(has(d, "manage.py", "main.py", "app.py", "wsgi.py", "asgi.py", "server.py") || pythonServer(s, d)):
			dirs[d] = true
		case has(d, "pom.xml", "build.gradle", "build.gradle.kts") && hasPrefixFile(s, join(d, "src/main/")):
			dirs[d] = true
		}
	}
	var out []string
	for d := range dirs {
		if d != "" {
			out = append(out, d)
		}
	}
	slices.Sort(out)
	// Keep the outermost folder of nested candidates.
	var keep []string
	for _, d := range out {
		if len(keep) > 0 && strings.HasPrefix(d, keep[len(keep)-1]+"/") {
			continue
		}
		keep = append(keep, d)
	}
	if len(keep) == 0 {
		return []string{""}
	}
	return keep
}

func hasPrefixFile(s *Snapshot, prefix string) bool {
	i, _ := slices.BinarySearch(s.files, prefix)
	return i < len(s.files) && strings.HasPrefix(s.files[i], prefix)
}

func runnableNode(s *Snapshot, p string) bool {
	data, err := s.ReadText(p)
	if err != nil {
		return false
	}
	pj, err := parsePackageJSON(data)
	if err != nil {
		return false
	}
	if _, ok := pj.Scripts["start"]; ok {
		return true
	}
	for _, d := range serverDeps {
		if _, ok := pj.Dependencies[d]; ok {
			return true
		}
	}
	return false
}

func goMain(s *Snapshot, d string) bool {
	prefix := d + "/"
	if d == "" {
		prefix = ""
	}
	i, _ := slices.BinarySearch(s.files, prefix)
	for ; i < len(s.files) && strings.HasPrefix(s.files[i], prefix); i++ {
		f := s.files[i]
		if path.Base(f) != "main.go" || exampleFile(f) {
			continue
		}
		if data, err := s.ReadText(f); err == nil && strings.Contains(string(data), "package main") {
			return true
		}
	}
	return false
}

func pythonServer(s *Snapshot, d string) bool {
	for _, n := range []string{"requirements.txt", "pyproject.toml", "Pipfile"} {
		p := n
		if d != "" {
			p = d + "/" + n
		}
		data, err := s.ReadText(p)
		if err != nil {
			continue
		}
		low := strings.ToLower(string(data))
		for _, dep := range []string{"django", "fastapi", "flask", "gunicorn", "uvicorn", "grpcio", "aiohttp", "starlette"} {
			if strings.Contains(low, dep) {
				return true
			}
		}
	}
	return false
}
