package scorecard

import (
	"cmp"
	"context"
	"path"
	"slices"
	"strings"
)

// Repo is the `repo` fact: what the repository is written in and whether it
// runs as a service.
type Repo struct {
	Name      string   `cel:"name"`
	Languages []string `cel:"languages"` // most files first
	Node      bool     `cel:"isNode"`
	Go        bool     `cel:"isGo"`
	Python    bool     `cel:"isPython"` // pyproject.toml, requirements*.txt, setup.py, Pipfile or manage.py
	Java      bool     `cel:"isJava"`   // pom.xml or a Gradle build (Java or Kotlin)
	IsService bool     `cel:"isService"`
}

var languageByExt = map[string]string{
	".ts": "typescript", ".tsx": "typescript", ".mts": "typescript", ".cts": "typescript",
	".js": "javascript", ".jsx": "javascript", ".mjs": "javascript", ".cjs": "javascript",
	".go": "go", ".py": "python", ".java": "java", ".kt": "kotlin", ".rb": "ruby",
	".rs": "rust", ".cs": "csharp", ".php": "php", ".scala": "scala", ".swift": "swift",
	".c": "c", ".h": "c", ".cc": "cpp", ".cpp": "cpp", ".hpp": "cpp", ".sh": "shell",
}

// serverDeps are Node.js dependencies that make a package an HTTP service.
var serverDeps = []string{"express", "fastify", "koa", "@nestjs/core", "@hapi/hapi", "hono", "restify", "@grpc/grpc-js", "grpc"}

// pythonServers are Python and JVM dependencies that make a project a service.
var pythonServers = []string{"django", "fastapi", "flask", "starlette", "aiohttp", "tornado", "sanic", "gunicorn", "uvicorn", "grpcio",
	"spring-boot-starter-web", "spring-boot-starter-webflux", "quarkus-resteasy*", "micronaut-http-server*", "spring-cloud-starter-gateway*"}

// RepoFact exposes `repo`: languages by file count, isNode, isGo, and
// isService (a Dockerfile, an HTTP server dependency, a Go main package
// serving HTTP or gRPC, or a catalog Component of type service).
func RepoFact() Fact {
	return Fact{
		Name: "repo",
		Doc:  "languages (most files first), isNode, isGo, isService",
		Go:   Repo{},
		Load: func(ctx context.Context, s *Snapshot) (any, error) { return loadRepo(ctx, s), nil },
	}
}

func loadRepo(ctx context.Context, s *Snapshot) Repo {
	r := Repo{Name: repoName(s), Languages: []string{}}
	counts := map[string]int{}
	for _, f := range s.files {
		if l, ok := languageByExt[path.Ext(f)]; ok {
			counts[l]++
		}
	}
	for l := range counts {
		r.Languages = append(r.Languages, l)
	}
	slices.SortFunc(r.Languages, func(a, b string) int {
		return cmp.Or(cmp.Compare(counts[b], counts[a]), strings.Compare(a, b))
	})
	r.Node = s.Has("package.json")
	r.Go = s.Has("go.mod")
	r.Python = s.Has("pyproject.toml") || s.Has("setup.py") || s.Has("Pipfile") || s.Has("manage.py") || s.Has("requirements.txt") || s.Has("requirements.in") ||
		len(matchFiles(s.files, "requirements/*.txt")) > 0
	r.Java = s.Has("pom.xml") || s.Has("build.gradle") || s.Has("build.gradle.kts")
	r.IsService = isService(ctx, s, r)
	return r
}

func repoName(s *Snapshot) string {
	if s.Subpath != "" {
		return path.Base(s.Subpath)
	}
	name := strings.TrimSuffix(strings.TrimRight(s.Name, "/"), ".git")
	if s.Dir != "" && (name == "." || name == "") {
		name = s.Dir
	}
	if i := strings.Index(name, "?"); i >= 0 {
		name = name[:i]
	}
	return path.Base(strings.ReplaceAll(name, "\\", "/"))
}

func isService(ctx context.Context, s *Snapshot, r Repo) bool {
	if d, _ := s.Fact(ctx, "dockerfiles"); len(asDockerfiles(d)) > 0 {
		return true
	}
	if r.Node {
		if v, err := s.Fact(ctx, "packageJson"); err == nil {
			pj := v.(PackageJSON)
			for _, d := range serverDeps {
				if _, ok := pj.Dependencies[d]; ok {
					return true
				}
			}
		}
	}
	if c, err := s.Fact(ctx, "catalog"); err == nil {
		for _, e := range c.(Catalog).Entities {
			if e.Kind == "Component" && e.Type == "service" {
				return true
			}
		}
	}
	if r.Python || r.Java {
		if _, ok := hasDep(deps(ctx, s), pythonServers...); ok {
			return true
		}
	}
	if r.Go {
		// A library's docs and tests start servers too: a service also has a main package.
		_, serves := code(ctx, s).hit("serve:go")
		_, main := code(ctx, s).hit("serve:gomain")
		return serves && main
	}
	return false
}

func asDockerfiles(v any) []Dockerfile {
	d, _ := v.([]Dockerfile)
	return d
}
