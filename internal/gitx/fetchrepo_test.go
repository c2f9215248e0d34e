package gitx

import (
	"errors"
	"io"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// TestFetchRepo: a scored repository comes with its history and tags, is
// cloned once into the cache and then served from it by commit.
func TestFetchRepo(t *testing.T) {
	t.Parallel()
	o := newOrigin(t)
	g := serveGit(t, o, false, "")
	cache := t.TempDir()
	for _, tt := range []struct {
		name, url, ref, cache string
		want                  string
	}{
		{"http, tag, cached", g.url, "v1.0.0", cache, o.c1},
		{"http, branch, in memory", g.url, "feature", "", o.c3},
		{"http, HEAD", g.url, "", cache, o.c2},
		{"file, in place", o.url, "v1.1.0", "", o.c2},
		{"file, branch", o.url, "feature", "", o.c3},
	} {
		t.Run(tt.name, func(t *testing.T) {
			repo, commit, err := FetchRepo(t.Context(), CloneOptions{URL: tt.url, Ref: tt.ref, CacheDir: tt.cache})
			if err != nil {
				t.Fatal(err)
			}
			if commit != tt.want {
				t.Fatalf("commit = %s, want %s", commit, tt.want)
			}
			a, err := repo.Activity(t.Context(), commit, time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			if want := map[string]int{o.c1: 1, o.c2: 2, o.c3: 3}[commit]; a.Commits != want || a.Authors != 1 || !a.HasCommits {
				t.Errorf("Activity = %+v, want %d commits by 1 author: the history came along", a, want)
			}
			if tags, _ := repo.Tags(); !slices.Equal(tags, []string{"v1.0.0", "v1.1.0"}) {
				t.Errorf("Tags = %v, want both", tags)
			}
			if changed, err := repo.Changed(t.Context()); err != nil || len(changed) != 0 {
				t.Errorf("Changed = %v, %v; a fetched repository has no work tree", changed, err)
			}
		})
	}
	// The cached clone serves its commit with the server gone.
	g.srv.Close()
	if _, commit, err := FetchRepo(t.Context(), CloneOptions{URL: g.url, Ref: o.c1, CacheDir: cache}); err != nil || commit != o.c1 {
		t.Errorf("FetchRepo(c1) offline = %s, %v; want the cached clone", commit, err)
	}
	if _, _, err := FetchRepo(t.Context(), CloneOptions{URL: g.url, Ref: o.c3, CacheDir: cache}); !errors.Is(err, ErrFetch) {
		t.Errorf("FetchRepo(c3) offline = %v, want ErrFetch: it was never cached", err)
	}
}

func TestFetchRepoErrors(t *testing.T) {
	t.Parallel()
	o := newOrigin(t)
	g := serveGit(t, o, false, "ghp_s3cretT0ken")
	for _, tt := range []struct {
		name, url, ref string
		kind           error
	}{
		{"unknown tag, file", o.url, "v9", ErrRefNotFound},
		{"token in URL refused by server", strings.Replace(g.url, "://", "://x-access-token:wrong_s3cret@", 1), "v1.0.0", ErrAuth},
		{"bad URL", "ftp://host/x", "", ErrBadURL},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := FetchRepo(t.Context(), CloneOptions{URL: tt.url, Ref: tt.ref, CacheDir: t.TempDir()})
			if !errors.Is(err, tt.kind) {
				t.Fatalf("err = %v, want %v", err, tt.kind)
			}
			if strings.Contains(err.Error(), "s3cret") {
				t.Errorf("err = %q leaks a credential", err)
			}
		})
	}
}

func TestTreeFS(t *testing.T) {
	t.Parallel()
	o := newOrigin(t)
	repo, err := OpenRepo(o.dir)
	if err != nil {
		t.Fatal(err)
	}
	tree, err := repo.TreeFS(t.Context(), o.c2)
	if err != nil {
		t.Fatal(err)
	}
	if err := fstest.TestFS(tree, "README", "svc/template.yaml", "svc/run.sh"); err != nil {
		t.Fatal(err)
	}
	if got := tree.Files(); !slices.Equal(got, []string{"README", "svc/run.sh", "svc/template.yaml"}) {
		t.Errorf("Files = %v", got)
	}
	info, err := fs.Stat(tree, "svc/run.sh")
	if err != nil || info.Mode().Perm() != 0o755 {
		t.Errorf("run.sh = %v, %v; want executable", info, err)
	}
	f, err := tree.Open("README")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if b, _ := io.ReadAll(f); string(b) != "two" {
		t.Errorf("README = %q, want the commit's, two", b)
	}
	if _, err := tree.Open("nope/README"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Open(nope/README) = %v, want ErrNotExist", err)
	}
}
