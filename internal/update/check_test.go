package update

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paved-dev/paved/internal/dirtest"
	"github.com/paved-dev/paved/internal/manifest"
)

func TestCheck(t *testing.T) {
	t.Parallel()
	f := newFixture(t, []string{"v1.0.0", "v1.1.0"}, map[string]map[string]string{"v1.0.0": v1, "v1.1.0": v2},
		manifest.Values{"name": "orders"}, map[string]string{"package-lock.json": "{}\n"})

	t.Run("tags alone say behind", func(t *testing.T) {
		res, err := Check(t.Context(), f.env, CheckOptions{Dir: f.project})
		if err != nil {
			t.Fatal(err)
		}
		if !res.Behind || res.Latest != "1.1.0" || res.LatestRef != "v1.1.0" || res.Changes != nil || !strings.Contains(res.Note, "--changes") {
			t.Errorf("Check = %+v", res)
		}
	})
	t.Run("changes list what the newer version does", func(t *testing.T) {
		res, err := Check(t.Context(), f.env, CheckOptions{Dir: f.project, Changes: true})
		if err != nil {
			t.Fatal(err)
		}
		want := []FileChange{
			{"Dockerfile", "modified"}, {"README.md", "modified"}, {"logo.bin", "modified"},
			{"new.txt", "added"}, {"old.txt", "removed"}, {"scripts/run.sh", "modified"},
		}
		if diff := cmp.Diff(want, res.Changes); diff != "" || !res.Behind {
			t.Errorf("Check changes (-want +got):\n%s", diff)
		}
	})
	t.Run("current after the update", func(t *testing.T) {
		if _, err := Run(t.Context(), f.env, Options{Dir: f.project}); err != nil {
			t.Fatal(err)
		}
		for _, changes := range []bool{false, true} {
			res, err := Check(t.Context(), f.env, CheckOptions{Dir: f.project, Changes: changes})
			if err != nil || res.Behind || res.Current != "1.1.0" {
				t.Errorf("Check(changes=%v) = %+v, %v; want current", changes, res, err)
			}
		}
	})
}

func TestDiff(t *testing.T) {
	t.Parallel()
	f := newFixture(t, []string{"v1.0.0", "v1.1.0"}, map[string]map[string]string{"v1.0.0": v1, "v1.1.0": v2},
		manifest.Values{"name": "orders"}, map[string]string{"package-lock.json": "{}\n"})
	res, err := Diff(t.Context(), f.env, f.project)
	if err != nil || len(res.Files) != 0 || res.Against != "pristine" {
		t.Fatalf("Diff of a fresh project = %+v, %v; want no files against the pristine commit", res, err)
	}
	dirtest.Write(t, f.project, map[string]string{
		"README.md":         "# orders\n\nline one\nline 2\nline three\nline four\nline five\nmore\n",
		"old.txt":           "<delete>",
		"package-lock.json": "{\"changed\": true}\n",
		"mine.txt":          "the team's own file\n",
		"scripts/run.sh*":   "#!/bin/sh\necho run\n",
	})
	res, err = Diff(t.Context(), f.env, f.project)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, file := range res.Files {
		got = append(got, file.Path+" "+file.Status)
	}
	want := []string{"README.md modified", "old.txt removed", "package-lock.json modified", "scripts/run.sh mode"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Diff files (-want +got):\n%s", diff)
	}
	if readme := res.Files[0]; readme.Added != 2 || readme.Removed != 1 || !strings.Contains(readme.Diff, "+line 2\n") {
		t.Errorf("README.md diff = %+v", readme)
	}

	t.Run("without git history the recorded version is rendered", func(t *testing.T) {
		if err := os.RemoveAll(filepath.Join(f.project, ".git")); err != nil {
			t.Fatal(err)
		}
		res, err := Diff(t.Context(), f.env, f.project)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, file := range res.Files {
			got = append(got, file.Path+" "+file.Status)
		}
		// package-lock.json is no template file: a render does not know it
		want := []string{"README.md modified", "old.txt removed", "scripts/run.sh mode"}
		if diff := cmp.Diff(want, got); diff != "" || res.Against != "render" {
			t.Errorf("Diff against %s (-want +got):\n%s", res.Against, diff)
		}
	})
}
