package scorecard

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paved-dev/paved/internal/dirtest"
)

func TestRepoFact(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		files map[string]string
		want  Repo
	}{
		{"node service by dependency", map[string]string{"package.json": `{"dependencies":{"fastify":"5"}}`, "src/a.ts": "", "src/b.ts": "", "x.js": ""},
			Repo{Languages: []string{"typescript", "javascript"}, Node: true, IsService: true}},
		{"node library", map[string]string{"package.json": `{"dependencies":{"lodash":"4"}}`, "index.js": ""},
			Repo{Languages: []string{"javascript"}, Node: true}},
		{"go server", map[string]string{"go.mod": "module x\n", "main.go": "package main\nfunc main() { http.ListenAndServe(\":8080\", nil) }\n"},
			Repo{Languages: []string{"go"}, Go: true, IsService: true}},
		{"go cli", map[string]string{"go.mod": "module x\n", "main.go": "package main\nfunc main() {}\n"},
			Repo{Languages: []string{"go"}, Go: true}},
		{"anything with a Dockerfile", map[string]string{"Dockerfile": "FROM scratch\n", "run.sh": ""},
			Repo{Languages: []string{"shell"}, IsService: true}},
		{"catalog says service", map[string]string{"catalog-info.yaml": "kind: Component\nspec: {type: service}\n"},
			Repo{Languages: []string{}, IsService: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			dirtest.Write(t, dir, tt.files)
			v, err := mustOpen(t, dir, "").Fact(t.Context(), "repo")
			if err != nil {
				t.Fatal(err)
			}
			got := v.(Repo)
			got.Name = ""
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("repo fact (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLockfilesAndPavedFacts(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	dirtest.Write(t, dir, map[string]string{"yarn.lock": "", "go.sum": "", "sub/package-lock.json": "",
		".paved.yaml": "template: {name: go-service, source: builtin, version: 1.2.0, commit: \"\"}\nvalues: {name: x}\n"})
	s := mustOpenLatest(t, dir, func(name, source string) string {
		if name == "go-service" && source == "builtin" {
			return "1.3.0"
		}
		return ""
	})
	lf, err := s.Fact(t.Context(), "lockfiles")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"yarn.lock", "go.sum"}, lf); diff != "" {
		t.Errorf("lockfiles (-want +got):\n%s", diff)
	}
	pv, err := s.Fact(t.Context(), "paved")
	if err != nil {
		t.Fatal(err)
	}
	want := Paved{Present: true, Template: "go-service", Source: "builtin", Version: "1.2.0", Latest: "1.3.0"}
	if diff := cmp.Diff(want, pv); diff != "" {
		t.Errorf("paved (-want +got):\n%s", diff)
	}
	for _, tt := range []struct {
		latest string
		want   bool
	}{{"1.2.0", true}, {"1.10.0", false}, {"1.1.9", true}} {
		s := mustOpenLatest(t, dir, func(string, string) string { return tt.latest })
		pv, err := s.Fact(t.Context(), "paved")
		if err != nil {
			t.Fatal(err)
		}
		if got := pv.(Paved).UpToDate; got != tt.want {
			t.Errorf("paved.upToDate at 1.2.0 with latest %s = %v, want %v", tt.latest, got, tt.want)
		}
	}
	dirtest.Write(t, dir, map[string]string{".paved.yaml": "template: [broken\n"})
	if _, err := mustOpen(t, dir, "").Fact(t.Context(), "paved"); err == nil {
		t.Error("paved fact of a broken .paved.yaml: nil error")
	}
}
