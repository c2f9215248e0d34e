package scorecard

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

// fleet scores four small repositories with stable names for golden files.
func fleet(t *testing.T) (*Rubric, *Report) {
	t.Helper()
	r := mustRubric(t, "production-readiness")
	node := nodeService()
	node["README.md"] = "# orders\n"
	delete(node, "Dockerfile")
	goSvc := goService()
	empty := map[string]string{"notes.txt": "hello"}
	var results []*Result
	for i, files := range []map[string]string{node, goSvc, empty} {
		dir := repoDir(t, files, testNow.Add(-time.Hour))
		s := mustOpenLatest(t, dir, latest)
		res := Evaluate(t.Context(), r, s, Selection{})
		res.Repo, res.Path, res.Commit = []string{"orders", "billing", "scratch"}[i], "", "0123abc"
		results = append(results, res)
	}
	results = append(results, &Result{Repo: "git::https://example.com/gone.git", Error: "open git source: repository not found", Checks: []CheckResult{}})
	return r, NewReport(r, results, testNow)
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./scorecard -update)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", name, diff)
	}
}

func compileSchema(t *testing.T, url string, data []byte) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(url)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func validate(t *testing.T, s *jsonschema.Schema, data []byte) {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Validate(inst); err != nil {
		t.Errorf("output does not validate: %v", err)
	}
}

func TestReports(t *testing.T) {
	t.Parallel()
	r, rep := fleet(t)
	t.Run("json validates against the published schema", func(t *testing.T) {
		var b bytes.Buffer
		if err := WriteJSON(&b, rep); err != nil {
			t.Fatal(err)
		}
		validate(t, compileSchema(t, "https://paved.dev/schemas/score-report-v1.json", ReportSchema), b.Bytes())
		golden(t, "fleet.json", b.Bytes())
	})
	t.Run("sarif validates against SARIF 2.1.0", func(t *testing.T) {
		var b bytes.Buffer
		if err := WriteSARIF(&b, rep, r, "1.2.3"); err != nil {
			t.Fatal(err)
		}
		schema, err := os.ReadFile("testdata/sarif-2.1.0-subset.schema.json")
		if err != nil {
			t.Fatal(err)
		}
		validate(t, compileSchema(t, "https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-schema-2.1.0.json", schema), b.Bytes())
		var log sarifLog
		if err := json.Unmarshal(b.Bytes(), &log); err != nil {
			t.Fatal(err)
		}
		if len(log.Runs) != 4 || len(log.Runs[0].Tool.Driver.Rules) != len(r.Spec.Checks) {
			t.Fatalf("runs = %d, rules = %d; want 4 runs and a rule per check", len(log.Runs), len(log.Runs[0].Tool.Driver.Rules))
		}
		for _, res := range log.Runs[0].Results {
			rule := log.Runs[0].Tool.Driver.Rules[res.RuleIndex]
			if rule.ID != res.RuleID || len(res.Locations) != 1 || res.Locations[0].PhysicalLocation.ArtifactLocation.URI == "" {
				t.Errorf("result %s: rule index or location wrong: %+v", res.RuleID, res)
			}
		}
		golden(t, "fleet.sarif", b.Bytes())
	})
	t.Run("table", func(t *testing.T) {
		var b bytes.Buffer
		if err := WriteTable(&b, rep, NoPaint{}); err != nil {
			t.Fatal(err)
		}
		golden(t, "fleet.txt", b.Bytes())
	})
	t.Run("markdown", func(t *testing.T) {
		var b bytes.Buffer
		if err := WriteMarkdown(&b, rep); err != nil {
			t.Fatal(err)
		}
		golden(t, "fleet.md", b.Bytes())
	})
	t.Run("html is one self-contained page", func(t *testing.T) {
		var b bytes.Buffer
		if err := WriteHTML(&b, rep); err != nil {
			t.Fatal(err)
		}
		page := b.String()
		for _, banned := range []string{"<script", "<link", "src=\"http", "@import", "url("} {
			if strings.Contains(page, banned) {
				t.Errorf("html report contains %q: it must not fetch anything", banned)
			}
		}
		for _, chart := range []string{"Repositories per level", "Levels per owner", "Most failed checks"} {
			if !strings.Contains(page, "<figcaption>"+chart+"</figcaption>") {
				t.Errorf("html report has no %q chart", chart)
			}
		}
		golden(t, "fleet.html", b.Bytes())
	})
	t.Run("summary", func(t *testing.T) {
		want := []LevelCount{{"bronze", 0}, {"silver", 0}, {"gold", 1}, {"none", 2}}
		if diff := cmp.Diff(want, rep.Summary.Levels); diff != "" {
			t.Errorf("levels (-want +got):\n%s", diff)
		}
		if rep.Summary.Errors != 1 || rep.Summary.MostFailed[0].Repos != 2 {
			t.Errorf("errors = %d, most failed = %+v", rep.Summary.Errors, rep.Summary.MostFailed[0])
		}
		if got := len(rep.Below(r, "bronze")); got != 3 {
			t.Errorf("Below(bronze) = %d repos, want 3", got)
		}
	})
}

func TestReportsEscape(t *testing.T) {
	t.Parallel()
	r := mustRubric(t, "production-readiness")
	evil := `<script>alert(1)</script>`
	res := &Result{Repo: evil, Owner: `group:"><img src=x onerror=alert(2)>`, Subpath: `a&b`, Commit: "0123abc",
		Checks: []CheckResult{{ID: "readme-run", Level: "bronze", Title: evil, Outcome: Fail,
			Remediation: `Add <b>README</b> & "run" it`, Docs: "javascript:alert(3)"}}}
	bad := &Result{Repo: "git::https://x/<i>.git", Error: `clone: <b>denied</b>`, Checks: []CheckResult{}}
	rep := NewReport(r, []*Result{res, bad}, testNow)
	rep.Summary.MostFailed[0].ID = evil
	var b bytes.Buffer
	if err := WriteHTML(&b, rep); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	for _, raw := range []string{"<script", "<img", "<b>README", "<b>denied", "<i>", "javascript:", `"run"`} {
		if strings.Contains(page, raw) {
			t.Errorf("html report contains unescaped %q", raw)
		}
	}
	for _, want := range []string{"&lt;script&gt;alert(1)&lt;/script&gt;", "Add &lt;b&gt;README&lt;/b&gt; &amp; &#34;run&#34; it", "clone: &lt;b&gt;denied&lt;/b&gt;"} {
		if !strings.Contains(page, want) {
			t.Errorf("html report lacks %q", want)
		}
	}
	rep.Summary.MostFailed[0].ID = "readme-run" // markdown shows ids in code spans, where markup is inert
	var md bytes.Buffer
	if err := WriteMarkdown(&md, rep); err != nil {
		t.Fatal(err)
	}
	for _, raw := range []string{"<script", "<img", "<b>README", "<b>denied", "<i>"} {
		if strings.Contains(md.String(), raw) {
			t.Errorf("markdown report contains unescaped %q", raw)
		}
	}
}
