package scorecard

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/paved-dev/paved/internal/dirtest"
)

const rubricHead = `apiVersion: paved.dev/v1alpha1
kind: Rubric
metadata: {name: t}
spec:
  levels: [bronze, silver]
  checks:
`

func TestParseRubricErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		checks string
		want   []string // Error() of each problem, in order
	}{
		{"unknown fact", `    - id: a
      level: bronze
      title: A
      remediation: fix
      expr: 'nosuchfact.present'
`, []string{"r.yaml:11: check a: expr: undeclared reference to 'nosuchfact' (in container '') (column 1)"}},
		{"unknown field of a fact", `    - id: a
      level: bronze
      title: A
      remediation: fix
      expr: 'packageJson.deps.size() > 0'
`, []string{"r.yaml:11: check a: expr: undefined field 'deps' (column 12)"}},
		{"wrong type", `    - id: a
      level: bronze
      title: A
      remediation: fix
      expr: 'gomod.go > 1'
`, []string{"r.yaml:11: check a: expr: found no matching overload for '_>_' applied to '(string, int)' (column 10)"}},
		{"not a bool", `    - id: a
      level: bronze
      title: A
      remediation: fix
      expr: 'count("*.go")'
`, []string{"r.yaml:11: check a: expr: is int, want bool"}},
		{"bad regex", `    - id: a
      level: bronze
      title: A
      remediation: fix
      when: 'true'
      expr: 'grep("**/*.go", "(unclosed")'
`, []string{"r.yaml:12: check a: expr: bad regex \"(unclosed\": error parsing regexp: missing closing ): `(?m)(unclosed`"}},
		{"bad glob", `    - id: a
      level: bronze
      title: A
      remediation: fix
      expr: 'exists("[abc")'
`, []string{`r.yaml:11: check a: expr: bad glob "[abc"`}},
		{"unknown level", `    - id: a
      level: platinum
      title: A
      remediation: fix
      expr: 'true'
`, []string{`r.yaml:8: check a: level: unknown level "platinum"`}},
		{"duplicate id", `    - id: a
      level: bronze
      title: A
      remediation: fix
      expr: 'true'
    - id: a
      level: silver
      title: B
      remediation: fix
      expr: 'true'
`, []string{"r.yaml:12: check a: id: duplicate id (first at line 7)"}},
		{"missing fields, all reported", `    - id: Bad_ID
      level: bronze
      expr: 'true'
      when: 'files'
`, []string{
			"r.yaml:7: check Bad_ID: id: must be kebab-case (a-z, 0-9, -)",
			"r.yaml:7: check Bad_ID: title: missing",
			"r.yaml:7: check Bad_ID: remediation: missing",
			"r.yaml:10: check Bad_ID: when: is list(string), want bool",
		}},
		{"unknown yaml field", `    - id: a
      level: bronze
      title: A
      remediation: fix
      expresion: 'true'
`, []string{"r.yaml:11: field expresion not found in type scorecard.Check"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := ParseRubric([]byte(rubricHead+tt.checks), "r.yaml")
			if err == nil {
				t.Fatal("ParseRubric() = nil error")
			}
			var got []string
			var es RubricErrors
			var e *RubricError
			switch {
			case errors.As(err, &es):
				for _, e := range es {
					got = append(got, e.Error())
				}
			case errors.As(err, &e):
				got = []string{e.Error()}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseRubric errors (-want +got):\n%s", diff)
			}
			var coded interface{ ExitCode() int }
			if !errors.As(err, &coded) || coded.ExitCode() != 2 {
				t.Errorf("rubric error does not exit 2")
			}
		})
	}
}

func TestLoadRubric(t *testing.T) {
	t.Parallel()
	if _, err := LoadRubric("no-such-rubric"); err == nil || !strings.Contains((err.(*RubricError)).Fix, "production-readiness") {
		t.Errorf("LoadRubric(unknown) = %v, want a hint listing built-ins", err)
	}
	if got := BuiltinRubrics(); !cmp.Equal(got, []string{"production-readiness"}) {
		t.Errorf("BuiltinRubrics() = %v", got)
	}
	examples, err := filepath.Glob("../examples/rubrics/*.yaml")
	if err != nil || len(examples) == 0 {
		t.Fatalf("no example rubrics found: %v", err)
	}
	for _, f := range examples {
		if _, err := LoadRubric(f); err != nil {
			t.Errorf("example rubric %s: %v", f, err)
		}
	}
}

func TestEvaluateOutcomes(t *testing.T) {
	t.Parallel()
	r, err := ParseRubric([]byte(rubricHead+`    - id: has-readme
      level: bronze
      title: README
      remediation: add one
      weight: 3
      expr: 'exists("README.md")'
    - id: has-license
      level: bronze
      title: LICENSE
      remediation: add one
      expr: 'exists("LICENSE")'
    - id: go-only
      level: silver
      title: Go
      remediation: x
      when: 'repo.isGo'
      expr: 'gomod.go != ""'
    - id: reads-missing
      level: silver
      title: reads
      remediation: x
      expr: 'read("missing.txt") == ""'
    - id: json-and-yaml
      level: silver
      title: parses
      remediation: x
      expr: 'json("package.json").name == "a" && yaml("conf.yaml").port == 8080 && count("**") >= 3'
`), "r.yaml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	dirtest.Write(t, dir, map[string]string{"README.md": "x", "package.json": `{"name":"a"}`, "conf.yaml": "port: 8080\n"})
	s := mustOpen(t, dir, "")
	res := Evaluate(t.Context(), r, s, Selection{})
	want := map[string]Outcome{"has-readme": Pass, "has-license": Fail, "go-only": NotApplicable, "reads-missing": Errored, "json-and-yaml": Pass}
	if diff := cmp.Diff(want, outcomes(res)); diff != "" {
		t.Errorf("outcomes (-want +got):\n%s", diff)
	}
	if res.Level != "" || res.Score != 66.7 { // (3+1) of (3+1+1+1) weighted
		t.Errorf("level, score = %q, %v; want none, 66.7", res.Level, res.Score)
	}
	t.Run("only and skip", func(t *testing.T) {
		res := Evaluate(t.Context(), r, s, Selection{Only: []string{"has-readme", "has-license"}, Skip: []string{"has-license"}})
		if len(res.Checks) != 1 || res.Level != "silver" || res.Score != 100 {
			t.Errorf("checks, level, score = %d, %q, %v; want 1, silver, 100", len(res.Checks), res.Level, res.Score)
		}
		if err := (Selection{Skip: []string{"nope"}}).Validate(r); err == nil || !strings.Contains(err.Error(), "unknown check nope") {
			t.Errorf("Validate(unknown) = %v", err)
		}
	})
	t.Run("exemptions", func(t *testing.T) {
		tests := []struct {
			name, file  string
			license     Outcome
			level       string
			wantMessage string
		}{
			{"current exemption", "exemptions:\n  - check: has-license\n    reason: internal tool\n    approvedBy: cto@acme\n    expires: 2027-01-01\n", Exempt, "silver", "internal tool"},
			{"expired exemption counts again", "exemptions:\n  - check: has-license\n    reason: internal tool\n    approvedBy: cto@acme\n    expires: 2026-10-31\n", Fail, "", ""},
			{"malformed file", "exemptions:\n  - check: has-license\n    reason: x\n    approvedBy: y\n    expires: soon\n", Fail, "", `.paved/exemptions.yaml:2: expires: "soon" is not a date like 2026-12-31`},
			{"unknown check of this rubric", "exemptions:\n  - check: nope\n    rubric: t\n    reason: x\n    approvedBy: y\n    expires: 2027-01-01\n", Fail, "", `check: "nope" is not a check of rubric t`},
			{"another rubric's exemptions are ignored", "exemptions:\n  - check: nope\n    reason: x\n    approvedBy: y\n    expires: 2027-01-01\n  - check: has-license\n    rubric: other\n    reason: x\n    approvedBy: y\n    expires: 2027-01-01\n", Fail, "", ""},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				dir := t.TempDir()
				dirtest.Write(t, dir, map[string]string{"README.md": "x", ExemptionsFile: tt.file})
				res := Evaluate(t.Context(), r, mustOpen(t, dir, ""), Selection{Only: []string{"has-readme", "has-license"}})
				got := outcomes(res)
				if got["has-license"] != tt.license || res.Level != tt.level {
					t.Errorf("has-license, level = %s, %q; want %s, %q", got["has-license"], res.Level, tt.license, tt.level)
				}
				var msg string
				for _, c := range res.Checks {
					if c.ID == "has-license" && c.Outcome == Exempt || c.ID == "exemptions-file" {
						msg = c.Message
					}
				}
				if !strings.Contains(msg, tt.wantMessage) {
					t.Errorf("message = %q, want %q", msg, tt.wantMessage)
				}
				if _, broken := got["exemptions-file"]; broken != (tt.wantMessage != "" && tt.license != Exempt) {
					t.Errorf("exemptions-file check present = %v, want it only for a broken file", broken)
				}
			})
		}
	})
}

func TestActivityUsesTheClock(t *testing.T) {
	t.Parallel()
	r := mustRubric(t, "production-readiness")
	dir := repoDir(t, map[string]string{"README.md": "x"}, testNow.Add(-30*24*time.Hour))
	for _, tt := range []struct {
		now  time.Time
		want Outcome
	}{{testNow, Pass}, {testNow.Add(61 * 24 * time.Hour), Fail}} {
		s, err := OpenDir(dir, "", tt.now)
		if err != nil {
			t.Fatal(err)
		}
		res := Evaluate(t.Context(), r, s, Selection{Only: []string{"recent-activity"}})
		if got := outcomes(res)["recent-activity"]; got != tt.want {
			t.Errorf("at %s: recent-activity = %s, want %s", tt.now, got, tt.want)
		}
	}
}

// The example rubric's checks pass on a repository that follows it and fail
// on one that does not, so its regexes and globs say what its titles promise.
func TestExampleRubricEvaluates(t *testing.T) {
	t.Parallel()
	r := mustRubric(t, "../examples/rubrics/api-guidelines.yaml")
	good := map[string]string{
		"openapi.yaml":              "openapi: 3.1.0\ninfo: {title: orders, version: 1.0.0}\n",
		"catalog-info.yaml":         "kind: Component\nmetadata: {name: orders}\nspec: {type: service, owner: group:a}\n---\nkind: API\nmetadata: {name: orders-api}\nspec: {type: openapi}\n",
		"src/routes.ts":             "router.get('/v1/orders', list)\nres.type('application/problem+json')\nreq.header('X-Request-Id')\n",
		"package.json":              `{"dependencies":{"express":"5"}}`,
		".github/workflows/api.yml": "jobs:\n  diff:\n    steps:\n      - run: oasdiff breaking base.yaml openapi.yaml\n",
	}
	dir := t.TempDir()
	dirtest.Write(t, dir, good)
	res := Evaluate(t.Context(), r, mustOpen(t, dir, ""), Selection{})
	for _, c := range res.Checks {
		if c.Outcome != Pass {
			t.Errorf("good repo: %s = %s %s", c.ID, c.Outcome, c.Message)
		}
	}
	bad := t.TempDir()
	dirtest.Write(t, bad, map[string]string{"package.json": `{"dependencies":{"express":"5"}}`, "src/routes.ts": "router.get('/orders', list)\n"})
	res = Evaluate(t.Context(), r, mustOpen(t, bad, ""), Selection{})
	want := map[string]Outcome{"openapi-spec": Fail, "openapi-version": NotApplicable, "api-entity": Fail, "api-versioning": Fail,
		"problem-json": Fail, "request-ids": Fail, "breaking-change-check": NotApplicable}
	if diff := cmp.Diff(want, outcomes(res)); diff != "" {
		t.Errorf("bad repo outcomes (-want +got):\n%s", diff)
	}
}
