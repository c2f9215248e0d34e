package gitx

import (
	"errors"
	"net/http"
	"net/http/cgi"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// serveHTTP serves the origin's repository over smart HTTP through git's own
// http-backend (a test-only use of the git binary), behind basic auth with
// the token, as a private GitHub repository would be.
func serveHTTP(t *testing.T, o *origin, token string) string {
	t.Helper()
	gitBin, err := exec.LookPath("git")
	if err != nil {
		t.Skip("no git binary to serve smart HTTP")
	}
	backend := &cgi.Handler{
		Path: gitBin,
		Args: []string{"http-backend"},
		Env:  []string{"GIT_PROJECT_ROOT=" + filepath.Dir(o.dir), "GIT_HTTP_EXPORT_ALL=1"},
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if user, pass, ok := r.BasicAuth(); !ok || user != "x-access-token" || pass != token {
			w.Header().Set("WWW-Authenticate", `Basic realm="git"`)
			http.Error(w, "authentication required", http.StatusUnauthorized)
			return
		}
		backend.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/" + filepath.Base(o.dir) + "/.git"
}

func TestCloneOffline(t *testing.T) {
	t.Parallel()
	o := newOrigin(t)
	gitBin, err := exec.LookPath("git")
	if err != nil {
		t.Skip("no git binary to serve smart HTTP")
	}
	srv := httptest.NewServer(&cgi.Handler{Path: gitBin, Args: []string{"http-backend"},
		Env: []string{"GIT_PROJECT_ROOT=" + filepath.Dir(o.dir), "GIT_HTTP_EXPORT_ALL=1"}})
	url := srv.URL + "/" + filepath.Base(o.dir) + "/.git"
	cache := t.TempDir()
	dir, _, err := Clone(t.Context(), CloneOptions{URL: url, Ref: "v1.0.0", CacheDir: cache})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := Clone(t.Context(), CloneOptions{URL: url, Ref: "feature", CacheDir: cache}); err != nil {
		t.Fatal(err)
	}
	srv.Close() // the network is gone

	var progress strings.Builder
	got, commit, err := Clone(t.Context(), CloneOptions{URL: url, Ref: "v1.0.0", CacheDir: cache, Progress: &progress})
	if err != nil || got != dir || commit != o.c1 {
		t.Errorf("offline Clone(v1.0.0) = %s, %s, %v; want the cached %s", got, commit, err, dir)
	}
	if !strings.Contains(progress.String(), "using v1.0.0 ("+o.c1[:12]+") from the cache") {
		t.Errorf("progress = %q, want a note that the cache served the tag", progress.String())
	}
	// A branch moves: offline, paved cannot know where it is now.
	if _, _, err := Clone(t.Context(), CloneOptions{URL: url, Ref: "feature", CacheDir: cache}); !errors.Is(err, ErrFetch) {
		t.Errorf("offline Clone(feature) = %v, want ErrFetch", err)
	}
	// A tag never fetched is not made up.
	if _, _, err := Clone(t.Context(), CloneOptions{URL: url, Ref: "v1.1.0", CacheDir: cache}); !errors.Is(err, ErrFetch) {
		t.Errorf("offline Clone(v1.1.0) = %v, want ErrFetch", err)
	}
}

func TestCloneHTTP(t *testing.T) {
	t.Parallel()
	o := newOrigin(t)
	const token = "ghp_httpT0ken"
	url := serveHTTP(t, o, token)
	tests := []struct {
		name, ref, wantCommit, wantReadme string
	}{
		{"default is the remote HEAD", "", o.c2, "two"},
		{"lightweight tag, one commit deep", "v1.0.0", o.c1, "one"},
		{"annotated tag is peeled", "v1.1.0", o.c2, "two"},
		{"branch", "feature", o.c3, "feature"},
		{"full commit hash", o.c1, o.c1, "one"},
		{"abbreviated commit hash", o.c3[:9], o.c3, "feature"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir, commit, err := Clone(t.Context(), CloneOptions{URL: url, Ref: tt.ref, CacheDir: t.TempDir(), Token: token})
			if err != nil {
				t.Fatalf("Clone(%q): %v", tt.ref, err)
			}
			if commit != tt.wantCommit {
				t.Errorf("Clone(%q) commit = %s, want %s", tt.ref, commit, tt.wantCommit)
			}
			if got := readme(t, dir); got != tt.wantReadme {
				t.Errorf("README = %q, want %q", got, tt.wantReadme)
			}
		})
	}

	t.Run("tags over HTTP", func(t *testing.T) {
		t.Parallel()
		tags, err := RemoteTags(t.Context(), Remote{URL: url, Token: token})
		if err != nil {
			t.Fatal(err)
		}
		if tags["v1.0.0"] != o.c1 || tags["v1.1.0"] != o.c2 || len(tags) != 2 {
			t.Errorf("RemoteTags = %v, want v1.0.0 → %s, v1.1.0 → %s", tags, o.c1, o.c2)
		}
	})

	t.Run("a token in the URL works too and is not recorded", func(t *testing.T) {
		t.Parallel()
		withCreds := "http://x-access-token:" + token + "@" + url[len("http://"):]
		cache := t.TempDir()
		dir, _, err := Clone(t.Context(), CloneOptions{URL: withCreds, Ref: "v1.0.0", CacheDir: cache})
		if err != nil {
			t.Fatal(err)
		}
		if want := filepath.Join(cache, "git", CacheKey(url), o.c1); dir != want {
			t.Errorf("dir = %s, want %s (keyed by the URL without credentials)", dir, want)
		}
	})

	t.Run("without the token", func(t *testing.T) {
		t.Parallel()
		_, _, err := Clone(t.Context(), CloneOptions{URL: url, Ref: "v1.0.0", CacheDir: t.TempDir()})
		if !errors.Is(err, ErrAuth) {
			t.Errorf("Clone without a token = %v, want ErrAuth", err)
		}
	})
}
