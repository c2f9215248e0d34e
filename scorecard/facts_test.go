package scorecard

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseDockerfile(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		src  string
		want Dockerfile
	}{
		{
			name: "multi-stage: the final stage decides",
			src:  "# syntax=docker/dockerfile:1\nARG NODE=22\nFROM --platform=$BUILDPLATFORM node:${NODE} AS build\nUSER node\nRUN npm ci && \\\n    npm run build\nHEALTHCHECK CMD curl -f localhost\n\nfrom gcr.io/distroless/nodejs22 as run\nexpose 8080 9464\nuser 65532:65532\nhealthcheck --interval=5s \\\n  CMD [\"/nodejs/bin/node\", \"hc.js\"]\n",
			want: Dockerfile{Base: "gcr.io/distroless/nodejs22", User: "65532:65532", NonRootUser: true, Healthcheck: true, Expose: []string{"8080", "9464"}},
		},
		{
			name: "root user and disabled healthcheck",
			src:  "FROM alpine\nUSER root\nHEALTHCHECK NONE\n",
			want: Dockerfile{Base: "alpine", User: "root", Expose: []string{}},
		},
		{
			name: "no user",
			src:  "FROM scratch\nCOPY x /x\n",
			want: Dockerfile{Base: "scratch", Expose: []string{}},
		},
		{
			name: "escape directive",
			src:  "# escape=`\nFROM mcr.microsoft.com/windows AS w\nRUN dir `\n  c:\\\nUSER ContainerUser\n",
			want: Dockerfile{Base: "mcr.microsoft.com/windows", User: "ContainerUser", NonRootUser: true, Expose: []string{}},
		},
		{name: "empty", src: "", want: Dockerfile{Expose: []string{}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := parseDockerfile(tt.src)
			got.Stages = nil
			want := tt.want
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("parseDockerfile() mismatch (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("stages and instructions", func(t *testing.T) {
		t.Parallel()
		d := parseDockerfile("FROM a AS one\nRUN x \\\n  y\nFROM one\nCMD z\n")
		if len(d.Stages) != 2 || d.Stages[0].Name != "one" || d.Stages[1].From != "one" {
			t.Fatalf("stages = %+v", d.Stages)
		}
		if got := d.Stages[0].Instructions[1]; got.Cmd != "RUN" || got.Args != "x  y" || got.Line != 2 {
			t.Errorf("instruction = %+v, want RUN on line 2 with continuation joined", got)
		}
	})
}

func TestParseWorkflow(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, system, src string
		runs, uses        []string
		jobs              int
	}{
		{"github", "github", "name: ci\njobs:\n  test:\n    steps:\n      - uses: actions/checkout@v4\n      - name: t\n        run: |\n          npm ci\n          npm test\n  release:\n    uses: acme/workflows/.github/workflows/release.yml@v1\n",
			[]string{"npm ci\nnpm test\n"}, []string{"acme/workflows/.github/workflows/release.yml@v1", "actions/checkout@v4"}, 2},
		{"gitlab", "gitlab", "stages: [test]\nvariables: {A: b}\n.template:\n  script: [hidden]\ntest:\n  before_script: [go version]\n  script:\n    - go test ./...\nlint:\n  script: golangci-lint run\n",
			[]string{"golangci-lint run", "go version", "go test ./..."}, []string{}, 2},
		{"workflow without jobs", "github", "name: empty\non: push\n", []string{}, []string{}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w, err := parseWorkflow(tt.system, []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.runs, w.Runs); diff != "" {
				t.Errorf("runs (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.uses, w.Uses); diff != "" {
				t.Errorf("uses (-want +got):\n%s", diff)
			}
			if len(w.Jobs) != tt.jobs {
				t.Errorf("jobs = %d, want %d", len(w.Jobs), tt.jobs)
			}
		})
	}
	if _, err := parseWorkflow("github", []byte("jobs: [\n")); err == nil {
		t.Error("parseWorkflow(broken yaml) = nil error")
	}
}

func TestParsePackageJSON(t *testing.T) {
	t.Parallel()
	pj, err := parsePackageJSON([]byte(`{"name":"a","private":true,"license":{"type":"MIT"},"engines":{"node":">=22"},"scripts":{"lint":"eslint ."},"dependencies":{"pino":"^9"},"devDependencies":{"x":"1"}}`))
	if err != nil {
		t.Fatal(err)
	}
	want := PackageJSON{Present: true, Name: "a", Private: true, License: "MIT", Engines: map[string]string{"node": ">=22"},
		Scripts: map[string]string{"lint": "eslint ."}, Dependencies: map[string]string{"pino": "^9"}, DevDependencies: map[string]string{"x": "1"}}
	if diff := cmp.Diff(want, pj); diff != "" {
		t.Errorf("parsePackageJSON (-want +got):\n%s", diff)
	}
	_, err = parsePackageJSON([]byte("{\n  \"name\": \"a\",\n  \"dependencies\": {,}\n}"))
	if err == nil || err.Error() != "package.json: line 3: invalid character ',' looking for beginning of object key string" {
		t.Errorf("malformed package.json: err = %v, want the line", err)
	}
}

func TestParseGoMod(t *testing.T) {
	t.Parallel()
	m, err := parseGoMod("module example.com/x // main\n\ngo 1.26.0\ntoolchain go1.26.1\n\nrequire (\n\tgithub.com/a/b v1.0.0\n\tgithub.com/c/d v0.1.0 // indirect\n)\nrequire go.opentelemetry.io/otel v1.2.3\nreplace (\n\tx => y\n)\n")
	if err != nil {
		t.Fatal(err)
	}
	want := GoMod{Present: true, Module: "example.com/x", Go: "1.26.0", Toolchain: "go1.26.1",
		Requires: map[string]string{"github.com/a/b": "v1.0.0", "github.com/c/d": "v0.1.0", "go.opentelemetry.io/otel": "v1.2.3"}}
	if diff := cmp.Diff(want, m); diff != "" {
		t.Errorf("parseGoMod (-want +got):\n%s", diff)
	}
}

func TestParseCatalogAndOwners(t *testing.T) {
	t.Parallel()
	c, err := parseCatalog([]byte("apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata: {name: orders-api}\nspec: {owner: group:a}\n---\nkind: Component\nmetadata:\n  name: orders\n  tags: [go]\nspec: {type: service, owner: group:payments}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Owner != "group:payments" || len(c.Entities) != 2 || c.Entities[1].Tags[0] != "go" {
		t.Errorf("parseCatalog = %+v, want the Component's owner and two entities", c)
	}
	got := parseCodeowners("# comment\n* @acme/a @bob\n/docs/ @acme/docs # docs team\n[Section]\nno-owner\n")
	if diff := cmp.Diff([]string{"@acme/a", "@acme/docs", "@bob"}, got); diff != "" {
		t.Errorf("parseCodeowners (-want +got):\n%s", diff)
	}
	slos, err := parseOpenSLO([]byte("apiVersion: openslo/v1\nkind: Service\nmetadata: {name: s}\n---\napiVersion: openslo/v1\nkind: SLO\nmetadata: {name: avail}\n---\napiVersion: v1\nkind: ConfigMap\n"))
	if err != nil || len(slos) != 2 || slos[1].Kind != "SLO" {
		t.Errorf("parseOpenSLO = %+v, %v; want Service and SLO only", slos, err)
	}
}
