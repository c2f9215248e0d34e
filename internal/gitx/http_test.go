package gitx

import (
	"encoding/pem"
	"errors"
	"net/http"
	"net/http/cgi"
	"net/http/httptest"
	"net/url"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// gitServer serves an origin over smart HTTP through git's own
// http-backend (a test-only use of the git binary) and records the
// Authorization header of every request it gets.
type gitServer struct {
	srv  *httptest.Server
	url  string // of the repository
	host string // host:port

	mu    sync.Mutex
	auths []string // one per request, "" when none was sent
}

// serveGit starts a server for o; with tls it speaks https with
// httptest's certificate (see [gitServer.ca]); with token set it answers
// 401 to any request without basic auth x-access-token:token, as a private
// GitHub repository would.
func serveGit(t *testing.T, o *origin, tls bool, token string) *gitServer {
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
	g := &gitServer{}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		g.mu.Lock()
		g.auths = append(g.auths, r.Header.Get("Authorization"))
		g.mu.Unlock()
		if token != "" {
			if user, pass, ok := r.BasicAuth(); !ok || user != "x-access-token" || pass != token {
				w.Header().Set("WWW-Authenticate", `Basic realm="git"`)
				http.Error(w, "authentication required", http.StatusUnauthorized)
				return
			}
		}
		backend.ServeHTTP(w, r)
	})
	if tls {
		g.srv = httptest.NewTLSServer(h)
	} else {
		g.srv = httptest.NewServer(h)
	}
	t.Cleanup(g.srv.Close)
	u, _ := url.Parse(g.srv.URL)
	g.host = u.Host
	g.url = g.srv.URL + "/" + filepath.Base(o.dir) + "/.git"
	return g
}

// ca is the server's certificate as a PEM bundle.
func (g *gitServer) ca() []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: g.srv.Certificate().Raw})
}

// received lists the Authorization headers sent so far.
func (g *gitServer) received() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]string(nil), g.auths...)
}

// anyAuth reports whether any request carried an Authorization header.
func (g *gitServer) anyAuth() bool {
	for _, a := range g.received() {
		if a != "" {
			return true
		}
	}
	return false
}

func TestCloneOffline(t *testing.T) {
	t.Parallel()
	o := newOrigin(t)
	g := serveGit(t, o, false, "")
	url := g.url
	cache := t.TempDir()
	dir, _, err := Clone(t.Context(), CloneOptions{URL: url, Ref: "v1.0.0", CacheDir: cache})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := Clone(t.Context(), CloneOptions{URL: url, Ref: "feature", CacheDir: cache}); err != nil {
		t.Fatal(err)
	}
	g.srv.Close() // the network is gone

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

func TestCloneHTTPS(t *testing.T) {
	t.Parallel()
	o := newOrigin(t)
	const token = "ghp_httpT0ken"
	g := serveGit(t, o, true, token)
	url := g.url
	creds := &Credentials{List: []Credential{{Host: g.host, TokenEnv: "PAVED_GIT_TOKEN", Token: token, CABundle: g.ca()}}}
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
			dir, commit, err := Clone(t.Context(), CloneOptions{URL: url, Ref: tt.ref, CacheDir: t.TempDir(), Credentials: creds})
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

	t.Run("tags over HTTPS", func(t *testing.T) {
		t.Parallel()
		tags, err := RemoteTags(t.Context(), Remote{URL: url, Credentials: creds})
		if err != nil {
			t.Fatal(err)
		}
		if tags["v1.0.0"] != o.c1 || tags["v1.1.0"] != o.c2 || len(tags) != 2 {
			t.Errorf("RemoteTags = %v, want v1.0.0 → %s, v1.1.0 → %s", tags, o.c1, o.c2)
		}
	})

	t.Run("a token in an https URL works too and is not recorded", func(t *testing.T) {
		t.Parallel()
		withCreds := "https://x-access-token:" + token + "@" + url[len("https://"):]
		cache := t.TempDir()
		caOnly := &Credentials{List: []Credential{{Host: g.host, CABundle: g.ca()}}}
		dir, _, err := Clone(t.Context(), CloneOptions{URL: withCreds, Ref: "v1.0.0", CacheDir: cache, Credentials: caOnly})
		if err != nil {
			t.Fatal(err)
		}
		if want := filepath.Join(cache, "git", CacheKey(url), o.c1); dir != want {
			t.Errorf("dir = %s, want %s (keyed by the URL without credentials)", dir, want)
		}
	})

	t.Run("without a token for the host, the hint says how to name it", func(t *testing.T) {
		t.Parallel()
		caOnly := &Credentials{List: []Credential{{Host: g.host, CABundle: g.ca()}}, ConfigPath: "/home/me/.config/paved/config.yaml"}
		_, _, err := Clone(t.Context(), CloneOptions{URL: url, Ref: "v1.0.0", CacheDir: t.TempDir(), Credentials: caOnly})
		if !errors.Is(err, ErrAuth) {
			t.Fatalf("Clone without a token = %v, want ErrAuth", err)
		}
		if h := Hint(err); !strings.Contains(h, "no tokenEnv") {
			t.Errorf("hint = %q, want it to say the host has no tokenEnv", h)
		}
		unnamed := &Credentials{List: []Credential{{Host: "github.com", Token: token}, {Host: "other.example", CABundle: g.ca()}}, Defaulted: true}
		_, _, err = Clone(t.Context(), CloneOptions{URL: url, Ref: "v1.0.0", CacheDir: t.TempDir(), Credentials: unnamed})
		if err == nil {
			t.Fatal("Clone trusted a certificate no CA bundle names")
		}
	})
}

// TestCredentialScope proves where a token goes: only over https, only to
// the host it is listed for, never after a redirect to another host.
func TestCredentialScope(t *testing.T) {
	t.Parallel()
	const token = "ghp_sc0peT0ken"
	o := newOrigin(t)

	t.Run("http never carries the token, even to a named host", func(t *testing.T) {
		t.Parallel()
		g := serveGit(t, o, false, "")
		creds := &Credentials{List: []Credential{{Host: g.host, Token: token}}}
		if _, _, err := Clone(t.Context(), CloneOptions{URL: g.url, Ref: "v1.0.0", CacheDir: t.TempDir(), Credentials: creds}); err != nil {
			t.Fatal(err)
		}
		if len(g.received()) == 0 || g.anyAuth() {
			t.Errorf("requests' Authorization = %q, want requests and none with a header", g.received())
		}
	})

	t.Run("https to a host not named gets no token", func(t *testing.T) {
		t.Parallel()
		g := serveGit(t, o, true, "")
		creds := &Credentials{List: []Credential{{Host: "github.com", Token: token}, {Host: g.host, CABundle: g.ca()}}}
		if _, _, err := Clone(t.Context(), CloneOptions{URL: g.url, Ref: "v1.0.0", CacheDir: t.TempDir(), Credentials: creds}); err != nil {
			t.Fatal(err)
		}
		if len(g.received()) == 0 || g.anyAuth() {
			t.Errorf("requests' Authorization = %q, want none", g.received())
		}
	})

	t.Run("https to the named host gets it", func(t *testing.T) {
		t.Parallel()
		g := serveGit(t, o, true, token)
		creds := &Credentials{List: []Credential{{Host: g.host, Token: token, CABundle: g.ca()}}}
		if _, _, err := Clone(t.Context(), CloneOptions{URL: g.url, Ref: "v1.0.0", CacheDir: t.TempDir(), Credentials: creds}); err != nil {
			t.Fatal(err)
		}
		for _, a := range g.received() {
			if a == "" {
				t.Errorf("a request to the named host went without the token: %q", g.received())
			}
		}
	})

	t.Run("a redirect to another host drops the token", func(t *testing.T) {
		t.Parallel()
		evil := serveGit(t, o, true, "")
		home := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, evil.srv.URL+r.URL.RequestURI(), http.StatusFound)
		}))
		defer home.Close()
		homeHost := strings.TrimPrefix(home.URL, "https://")
		homeCA := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: home.Certificate().Raw})
		// httptest servers share one certificate, so the bundle serves both.
		creds := &Credentials{List: []Credential{{Host: homeHost, Token: token, CABundle: homeCA}}}
		_, _, _ = Clone(t.Context(), CloneOptions{URL: home.URL + "/" + filepath.Base(o.dir) + "/.git", Ref: "v1.0.0", CacheDir: t.TempDir(), Credentials: creds})
		if evil.anyAuth() {
			t.Errorf("the redirect target got Authorization %q", evil.received())
		}
	})

	t.Run("credentials in an http URL are refused before any request", func(t *testing.T) {
		t.Parallel()
		g := serveGit(t, o, false, "")
		u := "http://x-access-token:" + token + "@" + strings.TrimPrefix(g.url, "http://")
		_, _, err := Clone(t.Context(), CloneOptions{URL: u, Ref: "v1.0.0", CacheDir: t.TempDir()})
		if !errors.Is(err, ErrAuth) || !strings.Contains(err.Error(), "clear text") || strings.Contains(err.Error(), token) {
			t.Errorf("Clone(http URL with a token) = %v, want a clear-text refusal without the token", err)
		}
		if n := len(g.received()); n != 0 {
			t.Errorf("the server got %d requests, want none", n)
		}
	})
}

func TestCredentialsFor(t *testing.T) {
	t.Parallel()
	creds := &Credentials{List: []Credential{{Host: "github.com", Token: "a"}, {Host: "git.example.com:8443", Token: "b"}}}
	tests := []struct {
		url, want string
	}{
		{"https://github.com/o/r.git", "a"},
		{"https://GitHub.COM/o/r.git", "a"},
		{"https://github.com:443/o/r.git", "a"},
		{"https://github.com./o/r.git", "a"},
		{"https://github.com@evil.example/o/r.git", ""},
		{"https://evil.example/github.com/o/r.git", ""},
		{"https://github.com.evil.example/o/r.git", ""},
		{"https://api.github.com/o/r.git", ""},
		{"http://github.com/o/r.git", ""},
		{"ssh://git@github.com/o/r.git", ""},
		{"git@github.com:o/r.git", ""},
		{"https://git.example.com:8443/o/r.git", "b"},
		{"https://git.example.com/o/r.git", ""},
		{"https://github.com:8443/o/r.git", ""},
	}
	for _, tt := range tests {
		ep, err := ParseURL(tt.url)
		if err != nil {
			t.Fatalf("ParseURL(%q): %v", tt.url, err)
		}
		cr, _ := creds.For(ep)
		if cr.Token != tt.want {
			t.Errorf("For(%s) token = %q, want %q", tt.url, cr.Token, tt.want)
		}
	}
}
