package templates_test

// Real dependencies for the e2e tests: .ci/run (and `make test-services`)
// start a throw-away PostgreSQL and Redis and export DATABASE_URL and
// REDIS_URL. A service under test reaches each one through a depProxy, so
// a test can take one dependency away from that service alone (and give it
// back) without stopping the server other tests share.

import (
	"io"
	"net"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

// realDeps returns DATABASE_URL and REDIS_URL, or skips-with-a-reason as "".
func realDeps(t *testing.T) (pg, redis string) {
	t.Helper()
	pg, redis = os.Getenv("DATABASE_URL"), os.Getenv("REDIS_URL")
	if pg == "" || redis == "" {
		t.Log("DATABASE_URL and REDIS_URL are not both set: the postgres and redis answer set runs against unreachable ports only " +
			"(no migrations, round trip or outage test); run `make test-services` or .ci/run for the real servers")
		return "", ""
	}
	return pg, redis
}

// depProxy forwards a local port to a dependency. Stop closes the listener
// and every open connection, as a crashed server would; Start listens on
// the same port again.
type depProxy struct {
	t      *testing.T
	target string
	addr   string

	mu    sync.Mutex
	ln    net.Listener
	conns map[net.Conn]struct{}
}

// newDepProxy proxies to the host:port of rawURL and returns the proxy and
// rawURL rewritten to go through it (with password as the password).
func newDepProxy(t *testing.T, rawURL, password string) (*depProxy, string) {
	t.Helper()
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatalf("dependency URL %q: %v", rawURL, err)
	}
	p := &depProxy{t: t, target: u.Host, conns: map[net.Conn]struct{}{}}
	p.Start()
	t.Cleanup(p.Stop)
	u.Host = p.addr
	if password != "" && u.User != nil {
		u.User = url.UserPassword(u.User.Username(), password)
	}
	return p, u.String()
}

func (p *depProxy) Start() {
	p.mu.Lock()
	defer p.mu.Unlock()
	addr := p.addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	var ln net.Listener
	var err error
	for range 50 { // the port may linger a moment after Stop
		if ln, err = net.Listen("tcp", addr); err == nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		p.t.Fatalf("proxy to %s: %v", p.target, err)
	}
	p.ln, p.addr = ln, ln.Addr().String()
	go p.accept(ln)
}

func (p *depProxy) accept(ln net.Listener) {
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		up, err := net.DialTimeout("tcp", p.target, 5*time.Second)
		if err != nil {
			c.Close()
			continue
		}
		p.mu.Lock()
		if p.ln != ln { // stopped meanwhile
			p.mu.Unlock()
			c.Close()
			up.Close()
			return
		}
		p.conns[c], p.conns[up] = struct{}{}, struct{}{}
		p.mu.Unlock()
		go p.pipe(c, up)
		go p.pipe(up, c)
	}
}

func (p *depProxy) pipe(dst, src net.Conn) {
	_, _ = io.Copy(dst, src)
	dst.Close()
	src.Close()
	p.mu.Lock()
	delete(p.conns, dst)
	delete(p.conns, src)
	p.mu.Unlock()
}

func (p *depProxy) Stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for c := range p.conns {
		c.Close()
	}
	clear(p.conns)
}

// waitReady polls GET /readyz until it answers status and its body holds
// every string of want, or fails the test after timeout.
func waitReady(t *testing.T, svc *service, status int, timeout time.Duration, want ...string) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	var got int
	var body string
	for time.Now().Before(deadline) {
		got, body, _ = svc.get(t, "/readyz")
		ok := got == status
		for _, w := range want {
			ok = ok && strings.Contains(body, w)
		}
		if ok {
			return
		}
		time.Sleep(250 * time.Millisecond)
	}
	t.Errorf("GET /readyz = %d %s after %s, want %d containing %q", got, body, timeout, status, want)
}
