package web

import (
	"encoding/json"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/paved-dev/paved/catalog"
	"github.com/paved-dev/paved/scorecard"
)

// hostile is a string from a stranger's catalog file: every page must show
// it as text.
const hostile = `<script>alert("pwned")</script><img src=x onerror=alert(1)>`

// fixedNow is the clock of every test.
var fixedNow = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

// fixtureFiles are written over a copy of examples/catalog: docs, an SLO
// and an entity whose every string is hostile.
var fixtureFiles = map[string]string{
	"services/orders/README.md": "# Orders\n\nTakes orders. See the [runbook](docs/runbook.md) and [ADR 1](docs/adr/0001-queue.md).\n\n" +
		"<script>alert('readme')</script>\n\n[click me](javascript:alert(1))\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
	"services/orders/docs/runbook.md":        "# Runbook\n\nRestart with `kubectl rollout restart deploy/orders`.\n\n<img src=x onerror=alert(2)>\n",
	"services/orders/docs/adr/0001-queue.md": "# ADR 1: a queue for order events\n\nAccepted.\n",
	"services/orders/slo.yaml": `apiVersion: openslo/v1
kind: SLO
metadata:
  name: orders-availability
  displayName: Orders availability
spec:
  description: Orders are accepted
  service: orders
  budgetingMethod: Occurrences
  indicator:
    metadata:
      name: good-requests
    spec:
      ratioMetric:
        good: {metricSource: {type: Prometheus}}
        total: {metricSource: {type: Prometheus}}
  objectives:
    - displayName: accepted
      target: 0.999
  timeWindow:
    - duration: 28d
      isRolling: true
`,
	"services/evil/catalog-info.yaml": `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: evil
  title: '` + hostile + `'
  description: '` + hostile + `'
  labels:
    x: "y"
  annotations:
    acme.example/note: '` + hostile + `'
  links:
    - url: "javascript:alert(1)"
      title: '` + hostile + `'
    - url: https://example.com/?q=<script>
      title: ok
spec:
  type: service
  lifecycle: '` + "experimental" + `'
  owner: checkout-team
  dependsOn: ['resource:` + "missing-db" + `']
`,
	"services/evil/README.md": "# Evil\n\n" + hostile + "\n\n<a href=\"javascript:alert(3)\">x</a>\n",
}

// newFixture builds a real SQLite catalog from examples/catalog plus
// fixtureFiles, with a history of scores for orders and storefront.
func newFixture(t testing.TB) (catalog.Store, string) {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("../../../examples/catalog")); err != nil {
		t.Fatal(err)
	}
	for name, body := range fixtureFiles {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	st, err := catalog.Open(t.Context(), filepath.Join(t.TempDir(), "catalog.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	files, err := catalog.FindFiles(t.Context(), dir)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := catalog.Import(t.Context(), st, catalog.Source{Root: dir, Origin: "file:" + dir,
		Location: func(rel string) string { return "file:" + filepath.Join(dir, filepath.FromSlash(rel)) }}, files, catalog.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Invalid() > 0 {
		t.Fatalf("fixture has %d invalid files: %+v", rep.Invalid(), rep)
	}
	recordHistory(t, st, "component:default/orders", 12, []string{"", "bronze", "bronze", "silver"})
	recordHistory(t, st, "component:default/storefront", 12, []string{"silver", "bronze"})
	recordHistory(t, st, "component:default/evil", 3, []string{"bronze"})
	return st, dir
}

// recordHistory records weeks weekly runs ending at fixedNow, the levels
// moving through levels in order (the last is the latest).
func recordHistory(t testing.TB, st catalog.Store, ref string, weeks int, levels []string) {
	t.Helper()
	for i := range weeks {
		level := levels[min(len(levels)-1, i*len(levels)/weeks)]
		score := 0.3 + 0.05*float64(i)
		res := scorecard.Result{Repo: ref, Entity: ref, Level: level, Score: score * 100, Checks: []scorecard.CheckResult{
			{ID: "readme-run", Level: "bronze", Title: "README says how to run it", Outcome: scorecard.Pass, Remediation: "write it",
				Evidence: []scorecard.Evidence{{File: "README.md", Line: 3, Text: "npm start"}}},
			{ID: "ci-runs-tests", Level: "bronze", Title: "CI runs the tests", Outcome: scorecard.Fail, Remediation: "add `npm test` to CI " + hostile,
				LookedFor: "a workflow running tests"},
			{ID: "lockfile", Level: "silver", Title: "A lockfile", Outcome: scorecard.Errored, Message: "could not read " + hostile, Remediation: "commit it"},
		}}
		data, err := json.Marshal(res)
		if err != nil {
			t.Fatal(err)
		}
		err = st.RecordScore(t.Context(), catalog.ScoreRecord{EntityRef: ref, Rubric: "production-readiness", Level: level, Score: score,
			Passed: 1, Failed: 2, Total: 3, At: fixedNow.AddDate(0, 0, -7*(weeks-1-i)), Report: data})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// newServer serves the pages of a fresh fixture.
func newServer(t testing.TB) (*httptest.Server, string) {
	t.Helper()
	st, dir := newFixture(t)
	tpls, err := BuiltinTemplates()
	if err != nil {
		t.Fatal(err)
	}
	h, err := New(Options{Store: st, Templates: tpls, Now: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv, dir
}

// get fetches path and returns its status and body.
func get(t testing.TB, srv *httptest.Server, path string) (int, string) {
	t.Helper()
	resp, err := srv.Client().Get(srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}
