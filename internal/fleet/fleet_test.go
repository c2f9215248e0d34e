package fleet

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paved-dev/paved/catalog"
	"github.com/paved-dev/paved/scorecard"
)

var testNow = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

// testCatalog registers one folder per name in a real SQLite catalog, as
// `paved catalog register` would, and returns the catalog's path. Every
// service but "bare" has a README with a run command.
func testCatalog(t *testing.T, names ...string) string {
	t.Helper()
	root := t.TempDir()
	path := filepath.Join(root, "catalog.db")
	st, err := catalog.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var all []*catalog.Entity
	for _, name := range names {
		dir := filepath.Join(root, name)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		doc := fmt.Sprintf(`apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: %s
  annotations:
    backstage.io/managed-by-location: file:%s
spec: {type: service, lifecycle: production, owner: group:payments}
`, name, filepath.Join(dir, "catalog-info.yaml"))
		if err := os.WriteFile(filepath.Join(dir, "catalog-info.yaml"), []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
		if name != "bare" {
			if err := os.WriteFile(filepath.Join(dir, "README.md"), []byte("Run: npm start\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		ents, err := catalog.Parse([]byte(doc), catalog.ParseOptions{})
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, ents...)
	}
	if _, err := st.Upsert(t.Context(), all); err != nil {
		t.Fatal(err)
	}
	return path
}

func testEnv(catalogPath string) Env {
	return Env{Now: func() time.Time { return testNow },
		OpenCatalog: func(ctx context.Context) (catalog.Store, error) { return catalog.Open(ctx, catalogPath) }}
}

// TestScoreCatalog drives the use case as `paved serve` will: no cobra, no
// streams, a real catalog.
func TestScoreCatalog(t *testing.T) {
	t.Parallel()
	path := testCatalog(t, "orders", "billing", "bare")
	env := testEnv(path)
	var mu sync.Mutex
	var seen [][2]int
	env.Progress = func(done, total int) {
		mu.Lock()
		defer mu.Unlock()
		seen = append(seen, [2]int{done, total})
	}
	run, err := Score(t.Context(), env, Options{Rubric: "production-readiness", Jobs: 2, Catalog: true, MinLevel: "silver",
		Only: []string{"readme-run", "owner"}})
	if err != nil {
		t.Fatal(err)
	}
	var repos []string
	for _, res := range run.Report.Results {
		repos = append(repos, res.Repo)
	}
	want := []string{"component:default/bare", "component:default/billing", "component:default/orders"}
	if !slices.Equal(repos, want) {
		t.Errorf("scored %v, want %v in catalog order", repos, want)
	}
	if len(seen) != 3 || !slices.Contains(seen, [2]int{3, 3}) {
		t.Errorf("progress calls %v, want three ending at 3/3", seen)
	}
	if v := run.Verdict; len(v.Below) != 1 || v.Below[0].Repo != "component:default/bare" || len(v.Unscored) != 0 {
		t.Errorf("Verdict = %+v, want only bare below silver", v)
	}
	st, err := catalog.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, ref := range want {
		recs, err := st.Scores(t.Context(), ref, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != 1 || !recs[0].At.Equal(testNow) {
			t.Errorf("Scores(%s) = %+v, want one record at %s", ref, recs, testNow)
		}
	}
}

func TestScoreBadInput(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	base := Options{Targets: []string{dir}, Rubric: "production-readiness", Jobs: 1}
	tests := []struct {
		name   string
		change func(*Options)
		want   string
	}{
		{"no jobs", func(o *Options) { o.Jobs = 0 }, "-j 0: need at least 1"},
		{"unknown level", func(o *Options) { o.MinLevel = "platinum" }, `--min-level "platinum" is not a level`},
		{"negative timeout", func(o *Options) { o.Limits.CheckTime = -time.Second }, "must not be negative"},
		{"not a folder", func(o *Options) { o.Targets = []string{filepath.Join(dir, "nope")} }, "is not a folder or a git source"},
		{"missing subpath", func(o *Options) { o.Subpath = "svc" }, "--subpath svc: no such folder"},
		{"shard without catalog", func(o *Options) { o.Shard = Shard{1, 2} }, "--shard 1/2 needs --catalog"},
		{"round without catalog", func(o *Options) { o.Round = "7" }, "--round 7 needs --catalog"},
		{"shard without round", func(o *Options) { o.Catalog, o.Shard = true, Shard{1, 2} }, "needs --round"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			o := base
			o.Targets = slices.Clone(base.Targets)
			tt.change(&o)
			_, err := Score(t.Context(), testEnv(filepath.Join(dir, "c.db")), o)
			var fe *Error
			if !errors.As(err, &fe) || fe.ExitCode() != 2 || fe.Hint() == "" {
				t.Fatalf("Score() = %v, want a fleet.Error with exit 2 and a hint", err)
			}
			if !contains(err.Error(), tt.want) {
				t.Errorf("Score() = %q, want it to say %q", err, tt.want)
			}
		})
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

func TestJudge(t *testing.T) {
	t.Parallel()
	r, err := scorecard.LoadRubric("production-readiness")
	if err != nil {
		t.Fatal(err)
	}
	results := []*scorecard.Result{
		{Repo: "a", Level: "gold"}, {Repo: "b", Level: "bronze"}, {Repo: "c"}, {Repo: "d", Error: "clone failed"},
	}
	rep := scorecard.NewReport(r, results, testNow)
	tests := []struct {
		min             string
		unscored, below []string
	}{
		{"", []string{"d"}, nil},
		{"silver", []string{"d"}, []string{"b", "c"}},
		{"bronze", []string{"d"}, []string{"c"}},
	}
	names := func(rs []*scorecard.Result) []string {
		var out []string
		for _, r := range rs {
			out = append(out, r.Repo)
		}
		return out
	}
	for _, tt := range tests {
		v := Judge(rep, r, tt.min)
		if got := names(v.Unscored); !slices.Equal(got, tt.unscored) {
			t.Errorf("Judge(%q).Unscored = %v, want %v", tt.min, got, tt.unscored)
		}
		if got := names(v.Below); !slices.Equal(got, tt.below) {
			t.Errorf("Judge(%q).Below = %v, want %v", tt.min, got, tt.below)
		}
	}
}
