package main

import (
	"encoding/pem"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/cgi"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"

	"github.com/rogpeppe/go-internal/testscript"
)

// cmdGitServe serves the git repositories under DIR over smart HTTP (git's
// own http-backend, a test-only use of the git binary) and records the
// credentials of every request, one line each, in $WORK/NAME.log:
//
//	GET /tpl/info/refs?service=git-upload-pack auth=x-access-token:ghp_…
//	POST /tpl/git-upload-pack auth=-
//
// It sets $NAME_URL (http(s)://127.0.0.1:PORT) and $NAME_HOST (host:port).
// With -tls it speaks https and writes its certificate to $WORK/NAME.pem
// (for a caFile); with -token TOKEN it answers 401 to requests without
// basic auth x-access-token:TOKEN, as a private repository would. The
// server stops when the script ends.
//
//	gitserve [-tls] [-token TOKEN] NAME DIR
func cmdGitServe(ts *testscript.TestScript, neg bool, args []string) {
	const usage = "usage: gitserve [-tls] [-token TOKEN] NAME DIR"
	if neg {
		ts.Fatalf("unsupported: ! gitserve")
	}
	tls, token := false, ""
	for len(args) > 0 && strings.HasPrefix(args[0], "-") {
		switch {
		case args[0] == "-tls":
			tls, args = true, args[1:]
		case args[0] == "-token" && len(args) > 1:
			token, args = args[1], args[2:]
		default:
			ts.Fatalf(usage)
		}
	}
	if len(args) != 2 {
		ts.Fatalf(usage)
	}
	name, root := args[0], ts.MkAbs(args[1])
	gitBin, err := exec.LookPath("git")
	if err != nil {
		ts.Fatalf("gitserve needs the git binary: guard the script with [exec:git]")
	}
	logFile, err := os.Create(ts.MkAbs(name + ".log"))
	ts.Check(err)
	backend := &cgi.Handler{
		Path: gitBin,
		Args: []string{"http-backend"},
		Env:  []string{"GIT_PROJECT_ROOT=" + root, "GIT_HTTP_EXPORT_ALL=1"},
	}
	var mu sync.Mutex
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth := "-"
		if user, pass, ok := r.BasicAuth(); ok {
			auth = user + ":" + pass
		} else if a := r.Header.Get("Authorization"); a != "" {
			auth = a
		}
		mu.Lock()
		fmt.Fprintf(logFile, "%s %s auth=%s\n", r.Method, r.URL.RequestURI(), auth)
		mu.Unlock()
		if token != "" && auth != "x-access-token:"+token {
			w.Header().Set("WWW-Authenticate", `Basic realm="git"`)
			http.Error(w, "authentication required", http.StatusUnauthorized)
			return
		}
		backend.ServeHTTP(w, r)
	})
	var srv *httptest.Server
	if tls {
		srv = httptest.NewUnstartedServer(h)
		srv.Config.ErrorLog = log.New(io.Discard, "", 0) // paved refusing the certificate is expected
		srv.StartTLS()
		cert := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
		ts.Check(os.WriteFile(ts.MkAbs(name+".pem"), cert, 0o644))
	} else {
		srv = httptest.NewServer(h)
	}
	ts.Defer(func() {
		srv.Close()
		logFile.Close()
	})
	u, err := url.Parse(srv.URL)
	ts.Check(err)
	key := strings.ToUpper(name)
	ts.Setenv(key+"_URL", srv.URL)
	ts.Setenv(key+"_HOST", u.Host)
}
