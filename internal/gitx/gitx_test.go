package gitx

import (
	"bytes"
	"context"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/paved-dev/paved/internal/dirtest"
)

var testSig = Signature{Name: "Paved Test", Email: "test@paved.dev", When: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}

// origin is a template repository with history:
//
//	c1 (main)  tag v1.0.0 (lightweight)      README=one
//	c2 (main)  tag v1.1.0 (annotated), HEAD  README=two, run.sh executable
//	c3 (feature, branched from c2)           README=feature
type origin struct {
	dir            string
	c1, c2, c3     string
	url            string
	repo           *git.Repository
	featureReadme  string
	annotatedTagID string
}

func newOrigin(t *testing.T) *origin {
	t.Helper()
	dir := t.TempDir()
	repo, err := git.PlainInitWithOptions(dir, &git.PlainInitOptions{
		InitOptions: git.InitOptions{DefaultBranch: plumbing.NewBranchReferenceName("main")},
	})
	if err != nil {
		t.Fatal(err)
	}
	wt, err := repo.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	commit := func(files map[string]string) string {
		t.Helper()
		dirtest.Write(t, dir, files)
		if err := wt.AddWithOptions(&git.AddOptions{All: true}); err != nil {
			t.Fatal(err)
		}
		n++
		sig := &object.Signature{Name: "T", Email: "t@x", When: testSig.When.Add(time.Duration(n) * time.Minute)}
		h, err := wt.Commit(fmt.Sprintf("c%d", n), &git.CommitOptions{Author: sig, Committer: sig})
		if err != nil {
			t.Fatal(err)
		}
		return h.String()
	}
	o := &origin{dir: dir, url: "file://" + dir, repo: repo}
	o.c1 = commit(map[string]string{"svc/template.yaml": "name: svc\n", "README": "one"})
	if _, err := repo.CreateTag("v1.0.0", plumbing.NewHash(o.c1), nil); err != nil {
		t.Fatal(err)
	}
	o.c2 = commit(map[string]string{"README": "two", "svc/run.sh*": "#!/bin/sh\n"})
	tag, err := repo.CreateTag("v1.1.0", plumbing.NewHash(o.c2), &git.CreateTagOptions{
		Tagger: &object.Signature{Name: "T", Email: "t@x", When: testSig.When}, Message: "v1.1.0",
	})
	if err != nil {
		t.Fatal(err)
	}
	o.annotatedTagID = tag.Hash().String()
	if err := wt.Checkout(&git.CheckoutOptions{Branch: plumbing.NewBranchReferenceName("feature"), Create: true}); err != nil {
		t.Fatal(err)
	}
	o.c3 = commit(map[string]string{"README": "feature"})
	if err := wt.Checkout(&git.CheckoutOptions{Branch: plumbing.NewBranchReferenceName("main")}); err != nil {
		t.Fatal(err)
	}
	return o
}

func readme(t *testing.T, dir string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "README"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestClone(t *testing.T) {
	t.Parallel()
	o := newOrigin(t)
	tests := []struct {
		name, ref, wantCommit, wantReadme string
	}{
		{"default is the remote HEAD", "", o.c2, "two"},
		{"lightweight tag", "v1.0.0", o.c1, "one"},
		{"annotated tag is peeled to its commit", "v1.1.0", o.c2, "two"},
		{"branch", "feature", o.c3, "feature"},
		{"full ref name", "refs/heads/feature", o.c3, "feature"},
		{"full commit hash", o.c1, o.c1, "one"},
		{"abbreviated commit hash", o.c3[:10], o.c3, "feature"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cache := t.TempDir()
			dir, commit, err := Clone(t.Context(), CloneOptions{URL: o.url, Ref: tt.ref, CacheDir: cache})
			if err != nil {
				t.Fatalf("Clone(%q): %v", tt.ref, err)
			}
			if commit != tt.wantCommit {
				t.Errorf("Clone(%q) commit = %s, want %s", tt.ref, commit, tt.wantCommit)
			}
			if want := filepath.Join(cache, "git", CacheKey(o.url), tt.wantCommit); dir != want {
				t.Errorf("Clone(%q) dir = %s, want %s", tt.ref, dir, want)
			}
			if got := readme(t, dir); got != tt.wantReadme {
				t.Errorf("README = %q, want %q", got, tt.wantReadme)
			}
			if _, err := os.Stat(filepath.Join(dir, ".git")); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("the cached tree has a .git (err %v)", err)
			}
		})
	}
}

func TestCloneKeepsModes(t *testing.T) {
	t.Parallel()
	o := newOrigin(t)
	dir, _, err := Clone(t.Context(), CloneOptions{URL: o.url, Ref: "v1.1.0", CacheDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(filepath.Join(dir, "svc", "run.sh"))
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm()&0o100 == 0 {
		t.Errorf("run.sh mode = %v, want executable", fi.Mode())
	}
	fi, err = os.Stat(filepath.Join(dir, "svc", "template.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm()&0o100 != 0 {
		t.Errorf("template.yaml mode = %v, want not executable", fi.Mode())
	}
}

func TestCloneCache(t *testing.T) {
	t.Parallel()
	o := newOrigin(t)
	cache := t.TempDir()
	var progress bytes.Buffer
	opts := CloneOptions{URL: o.url, Ref: "v1.0.0", CacheDir: cache, Progress: &progress}
	dir, _, err := Clone(t.Context(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(progress.String(), "Fetching "+o.url+" at v1.0.0") {
		t.Errorf("first clone progress = %q, want a Fetching line", progress.String())
	}
	// A marker only survives if the second run reuses the cached tree.
	marker := filepath.Join(dir, "marker")
	if err := os.WriteFile(marker, nil, 0o644); err != nil {
		t.Fatal(err)
	}

	t.Run("a resolved ref is served from the cache", func(t *testing.T) {
		progress.Reset()
		dir2, _, err := Clone(t.Context(), opts)
		if err != nil {
			t.Fatal(err)
		}
		if dir2 != dir || progress.Len() != 0 {
			t.Errorf("second Clone fetched again: dir %s (first %s), progress %q", dir2, dir, progress.String())
		}
		if _, err := os.Stat(filepath.Join(dir2, "marker")); err != nil {
			t.Errorf("cached tree was replaced: %v", err)
		}
	})

	t.Run("a cached commit needs no remote", func(t *testing.T) {
		if err := os.RemoveAll(o.dir); err != nil {
			t.Fatal(err)
		}
		for _, ref := range []string{o.c1, o.c1[:8]} {
			got, commit, err := Clone(t.Context(), CloneOptions{URL: o.url, Ref: ref, CacheDir: cache})
			if err != nil {
				t.Fatalf("Clone(%s) without origin: %v", ref, err)
			}
			if got != dir || commit != o.c1 {
				t.Errorf("Clone(%s) = %s, %s; want %s, %s", ref, got, commit, dir, o.c1)
			}
		}
		_, _, err := Clone(t.Context(), CloneOptions{URL: o.url, Ref: "v1.0.0", CacheDir: cache})
		if !errors.Is(err, ErrNoRepo) {
			t.Errorf("Clone(tag) without origin = %v, want ErrNoRepo", err)
		}
	})
}

func TestCloneConcurrent(t *testing.T) {
	t.Parallel()
	o := newOrigin(t)
	cache := t.TempDir()
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			_, _, err := Clone(t.Context(), CloneOptions{URL: o.url, Ref: "v1.1.0", CacheDir: cache})
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Errorf("concurrent Clone: %v", err)
		}
	}
	entries, err := os.ReadDir(filepath.Join(cache, "git", CacheKey(o.url)))
	if err != nil {
		t.Fatal(err)
	}
	var trees []os.DirEntry
	for _, e := range entries {
		if e.Name() != "tags" { // where tags are remembered for offline use
			trees = append(trees, e)
		}
	}
	if len(trees) != 1 || trees[0].Name() != o.c2 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("cache holds %v, want only %s (no leftover temp folders)", names, o.c2)
	}
}

func TestCloneErrors(t *testing.T) {
	t.Parallel()
	o := newOrigin(t)
	tests := []struct {
		name, url, ref string
		want           error
		wantMsg        string
		wantHint       string
	}{
		{"unknown ref lists tags and branches", o.url, "v9", ErrRefNotFound, `ref "v9" not found in ` + o.url, "v1.0.0, v1.1.0"},
		{"missing repository", "file://" + filepath.Join(o.dir, "nope"), "", ErrNoRepo, "nope", "check the URL"},
		{"relative file URL", "file://repo", "", ErrBadURL, "a file URL names a local path", "file:///"},
		{"unsupported scheme", "ftp://host/repo.git", "", ErrBadURL, `unsupported scheme "ftp"`, "https://"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, _, err := Clone(t.Context(), CloneOptions{URL: tt.url, Ref: tt.ref, CacheDir: t.TempDir()})
			if !errors.Is(err, tt.want) {
				t.Fatalf("Clone(%s, %q) = %v, want %v", tt.url, tt.ref, err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("error %q does not contain %q", err, tt.wantMsg)
			}
			var ge *Error
			if !errors.As(err, &ge) || !strings.Contains(ge.Hint(), tt.wantHint) || ge.ExitCode() != 2 {
				t.Errorf("hint %q (exit %d), want one containing %q (exit 2)", ge.Hint(), ge.ExitCode(), tt.wantHint)
			}
		})
	}
}

// TestTokenNeverInErrors fails clones against a local HTTP server that
// echoes the credentials it receives, and checks no secret reaches the error.
func TestTokenNeverInErrors(t *testing.T) {
	t.Parallel()
	const token = "ghp_S3cretT0kenValue"
	const urlPass = "urlPassw0rd"
	tests := []struct {
		name   string
		status int
		want   error
	}{
		{"unauthorized", http.StatusUnauthorized, ErrAuth},
		{"not found", http.StatusNotFound, ErrNoRepo},
		{"server error echoing the credentials", http.StatusInternalServerError, ErrFetch},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				user, pass, _ := r.BasicAuth()
				w.WriteHeader(tt.status)
				if tt.status == http.StatusInternalServerError {
					// a body go-git quotes in its error
					w.Header().Set("Content-Type", "application/x-git-upload-pack-advertisement")
				}
				fmt.Fprintf(w, "bad credentials %s:%s %s %s\n", user, pass, r.Header.Get("Authorization"), r.URL)
			}))
			defer srv.Close()
			host := strings.TrimPrefix(srv.URL, "https://")
			ca := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
			creds := &Credentials{List: []Credential{{Host: host, TokenEnv: "PAVED_GIT_TOKEN", Token: token, CABundle: ca}}}
			for _, u := range []string{
				srv.URL + "/org/repo.git",
				"https://x-access-token:" + urlPass + "@" + host + "/org/repo.git",
				"https://" + token + "@" + host + "/org/repo.git",
			} {
				for _, ref := range []string{"v1.0.0", ""} {
					var progress bytes.Buffer
					_, _, err := Clone(t.Context(), CloneOptions{URL: u, Ref: ref, CacheDir: t.TempDir(), Credentials: creds, Progress: &progress})
					if !errors.Is(err, tt.want) {
						t.Errorf("Clone(%s) = %v, want %v", Redact(u), err, tt.want)
					}
					text := fmt.Sprintf("%v %s %s", err, Hint(err), progress.String())
					for _, secret := range []string{token, urlPass, "Basic ", "eC1hY2Nlc3MtdG9rZW46"} {
						if strings.Contains(text, secret) {
							t.Errorf("Clone(%s): secret in output: %s", Redact(u), text)
						}
					}
				}
			}
			if _, err := RemoteTags(t.Context(), Remote{URL: srv.URL + "/org/repo.git", Credentials: creds}); err == nil || strings.Contains(err.Error(), token) {
				t.Errorf("RemoteTags = %v, want an error without the token", err)
			}
		})
	}
}

func TestRemoteTags(t *testing.T) {
	t.Parallel()
	o := newOrigin(t)
	got, err := RemoteTags(t.Context(), Remote{URL: o.url})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"v1.0.0": o.c1, "v1.1.0": o.c2}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("RemoteTags = %v, want %v", got, want)
	}
}

func TestCloneCancelled(t *testing.T) {
	t.Parallel()
	o := newOrigin(t)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, _, err := Clone(ctx, CloneOptions{URL: o.url, Ref: "v1.0.0", CacheDir: t.TempDir()})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Clone with a cancelled context = %v, want context.Canceled", err)
	}
}

func openRepo(dir string) (*git.Repository, error) { return git.PlainOpen(dir) }

func contextWithCancel(t *testing.T) (context.Context, context.CancelFunc) {
	return context.WithCancel(t.Context())
}

func TestCloneSSHWithoutAgent(t *testing.T) {
	// Not parallel: go-git reads SSH_AUTH_SOCK from the process.
	t.Setenv("SSH_AUTH_SOCK", "")
	for _, u := range []string{"ssh://git@127.0.0.1:1/org/repo.git", "git@127.0.0.1:org/repo.git"} {
		_, _, err := Clone(t.Context(), CloneOptions{URL: u, Ref: "v1.0.0", CacheDir: t.TempDir()})
		if !errors.Is(err, ErrAuth) || !strings.Contains(Hint(err), "ssh-agent") {
			t.Errorf("Clone(%s) without an agent = %v (hint %q), want ErrAuth with an ssh-agent hint", u, err, Hint(err))
		}
	}
}

func TestCloneKeepsSymlinks(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	repo, err := git.PlainInitWithOptions(dir, &git.PlainInitOptions{
		InitOptions: git.InitOptions{DefaultBranch: plumbing.NewBranchReferenceName("main")},
	})
	if err != nil {
		t.Fatal(err)
	}
	dirtest.Write(t, dir, map[string]string{"tpl/template.yaml": "x"})
	for link, target := range map[string]string{"tpl/inner": "template.yaml", "tpl/escape": "../../../../etc/passwd"} {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Fatal(err)
		}
	}
	wt, err := repo.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	if err := wt.AddWithOptions(&git.AddOptions{All: true}); err != nil {
		t.Fatal(err)
	}
	sig := &object.Signature{Name: "T", Email: "t@x", When: testSig.When}
	if _, err := wt.Commit("links", &git.CommitOptions{Author: sig, Committer: sig}); err != nil {
		t.Fatal(err)
	}
	got, _, err := Clone(t.Context(), CloneOptions{URL: "file://" + dir, CacheDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	// Kept as symlinks (never followed while writing), so the template
	// check refuses them with a clear error.
	for link, target := range map[string]string{"tpl/inner": "template.yaml", "tpl/escape": "../../../../etc/passwd"} {
		p := filepath.Join(got, filepath.FromSlash(link))
		fi, err := os.Lstat(p)
		if err != nil || fi.Mode()&os.ModeSymlink == 0 {
			t.Errorf("%s: %v (mode %v), want a symlink", link, err, fi.Mode())
			continue
		}
		if to, _ := os.Readlink(p); to != target {
			t.Errorf("%s -> %s, want -> %s", link, to, target)
		}
	}
}

func TestCloneSweepsDeadFetches(t *testing.T) {
	t.Parallel()
	o := newOrigin(t)
	cache := t.TempDir()
	base := filepath.Join(cache, "git", CacheKey(o.url))
	dead := filepath.Join(base, ".fetch-999999999-abc") // no such process
	mine := filepath.Join(base, fmt.Sprintf(".fetch-%d-abc", os.Getpid()))
	for _, d := range []string{dead, mine} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := Clone(t.Context(), CloneOptions{URL: o.url, Ref: "v1.0.0", CacheDir: cache}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dead); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the dead fetch's folder is still there (err %v)", err)
	}
	if _, err := os.Stat(mine); err != nil {
		t.Errorf("a live process's fetch folder was removed: %v", err)
	}
}
