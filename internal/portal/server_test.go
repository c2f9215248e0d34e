package portal

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paved-dev/paved/catalog"
)

func openStore(t testing.TB) func(context.Context) (catalog.Store, error) {
	path := filepath.Join(t.TempDir(), "catalog.db")
	return func(ctx context.Context) (catalog.Store, error) { return catalog.Open(ctx, path) }
}

// syncBuffer is a log destination safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func get(t testing.TB, h http.Handler, url string, hdr ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest("GET", url, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestReadiness(t *testing.T) {
	t.Parallel()
	s := New(Options{Open: openStore(t)})
	h := s.Handler()
	if rec := get(t, h, "/healthz"); rec.Code != 200 {
		t.Errorf("/healthz before start = %d", rec.Code)
	}
	if rec := get(t, h, "/readyz"); rec.Code != 503 {
		t.Errorf("/readyz before start = %d, want 503", rec.Code)
	}
	rec := get(t, h, "/api/catalog/entities")
	if rec.Code != 503 || !strings.Contains(rec.Body.String(), `"name":"ServiceUnavailableError"`) {
		t.Errorf("API before start = %d %s, want a 503 in Backstage's format", rec.Code, rec.Body)
	}
	if err := s.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if rec := get(t, h, "/readyz"); rec.Code != 200 {
		t.Errorf("/readyz after start = %d", rec.Code)
	}
	if rec := get(t, h, "/api/catalog/entities"); rec.Code != 200 || strings.TrimSpace(rec.Body.String()) != "[]" {
		t.Errorf("API after start = %d %s", rec.Code, rec.Body)
	}
	if rec := get(t, h, "/"); rec.Code != 404 {
		t.Errorf("/ without pages = %d, want 404", rec.Code)
	}
}

func TestSecurityHeadersAndRequestID(t *testing.T) {
	t.Parallel()
	s := New(Options{Open: openStore(t)})
	if err := s.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, url := range []string{"/healthz", "/api/catalog/entities", "/api/nope", "/anything"} {
		rec := get(t, s.Handler(), url)
		for k, want := range map[string]string{
			"Content-Security-Policy": ContentSecurityPolicy, "X-Content-Type-Options": "nosniff",
			"X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer",
		} {
			if got := rec.Header().Get(k); got != want {
				t.Errorf("%s: %s = %q, want %q", url, k, got, want)
			}
		}
		if strings.Contains(ContentSecurityPolicy, "unsafe-inline") {
			t.Error("the CSP allows inline scripts or styles")
		}
		if id := rec.Header().Get("X-Request-Id"); len(id) != 16 {
			t.Errorf("%s: X-Request-Id = %q, want a fresh id", url, id)
		}
	}
	if id := get(t, s.Handler(), "/healthz", "X-Request-Id", "abc-123").Header().Get("X-Request-Id"); id != "abc-123" {
		t.Errorf("a client's id is not kept: %q", id)
	}
	if id := get(t, s.Handler(), "/healthz", "X-Request-Id", "bad id\n<script>").Header().Get("X-Request-Id"); len(id) != 16 {
		t.Errorf("a bad client id is kept: %q", id)
	}
}

func TestMetricsAndLogs(t *testing.T) {
	t.Parallel()
	var logs syncBuffer
	s := New(Options{Open: openStore(t), Log: slog.New(slog.NewJSONHandler(&logs, nil)),
		UI: func(catalog.Store) (http.Handler, error) {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { panic("boom") }), nil
		}})
	if err := s.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	h := s.Handler()
	get(t, h, "/api/catalog/entities")
	get(t, h, "/api/catalog/entities/by-name/component/default/x")
	get(t, h, "/api/catalog/entities/by-name/component/default/y")
	rec := get(t, h, "/panics")
	if rec.Code != 500 || !strings.Contains(rec.Body.String(), `"statusCode":500`) || strings.Contains(rec.Body.String(), "boom") {
		t.Errorf("a panic = %d %s, want a 500 that hides the panic", rec.Code, rec.Body)
	}
	m := get(t, h, "/metrics").Body.String()
	for _, want := range []string{
		`paved_http_requests_total{route="GET /api/catalog/entities",method="GET",code="200"} 1`,
		`paved_http_requests_total{route="GET /api/catalog/entities/by-name/{kind}/{namespace}/{name}",method="GET",code="404"} 2`,
		`paved_http_requests_total{route="/",method="GET",code="500"} 1`,
		`paved_http_request_duration_seconds_count{route="GET /api/catalog/entities/by-name/{kind}/{namespace}/{name}"} 2`,
		`paved_http_request_duration_seconds_bucket{route="GET /api/catalog/entities",le="+Inf"} 1`,
		"# TYPE paved_http_request_duration_seconds histogram",
		"paved_http_requests_in_flight 1", // this request
	} {
		if !strings.Contains(m, want) {
			t.Errorf("/metrics lacks %q:\n%s", want, m)
		}
	}
	var sawPanic bool
	for line := range strings.SplitSeq(strings.TrimSpace(logs.String()), "\n") {
		var e map[string]any
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatalf("log line is not JSON: %q", line)
		}
		if e["msg"] != "request" {
			continue
		}
		for _, k := range []string{"id", "method", "path", "route", "status", "ms"} {
			if _, ok := e[k]; !ok {
				t.Errorf("access log lacks %s: %s", k, line)
			}
		}
		if e["path"] == "/panics" {
			sawPanic = e["level"] == "ERROR" && strings.Contains(e["error"].(string), "boom")
		}
	}
	if !sawPanic {
		t.Errorf("the panic is not logged as an error:\n%s", logs.String())
	}
}

func TestRequestTimeout(t *testing.T) {
	t.Parallel()
	s := New(Options{Open: openStore(t), RequestTimeout: 20 * time.Millisecond,
		UI: func(catalog.Store) (http.Handler, error) {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				<-r.Context().Done()
				w.WriteHeader(http.StatusServiceUnavailable)
			}), nil
		}})
	if err := s.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	start := time.Now()
	if rec := get(t, s.Handler(), "/slow"); rec.Code != 503 || time.Since(start) > 5*time.Second {
		t.Errorf("a slow request = %d after %s", rec.Code, time.Since(start))
	}
}

// TestGracefulShutdown: cancelling Serve's context answers the request in
// flight, then refuses new connections and closes the catalog.
func TestGracefulShutdown(t *testing.T) {
	t.Parallel()
	entered, release := make(chan struct{}), make(chan struct{})
	s := New(Options{Open: openStore(t), UI: func(catalog.Store) (http.Handler, error) {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			close(entered)
			<-release
			io.WriteString(w, "finished")
		}), nil
	}})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	served := make(chan error, 1)
	go func() { served <- s.Serve(ctx, ln) }()
	base := "http://" + ln.Addr().String()
	for !s.Ready() {
		time.Sleep(time.Millisecond)
	}
	got := make(chan string, 1)
	go func() {
		resp, err := http.Get(base + "/slow")
		if err != nil {
			got <- err.Error()
			return
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		got <- string(b)
	}()
	<-entered
	cancel()
	for s.Ready() {
		time.Sleep(time.Millisecond)
	}
	close(release)
	if body := <-got; body != "finished" {
		t.Errorf("the request in flight got %q, want its answer", body)
	}
	if err := <-served; err != nil {
		t.Errorf("Serve = %v", err)
	}
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Error("the server still answers after shutdown")
	}
}

func TestMetricsExposition(t *testing.T) {
	t.Parallel()
	m := NewMetrics(time.Unix(1700000000, 0))
	m.begin()
	m.observe(`GET /a"b`, "GET", 200, 3*time.Millisecond)
	var b strings.Builder
	m.WriteTo(&b)
	for _, want := range []string{
		`paved_http_requests_total{route="GET /a\"b",method="GET",code="200"} 1`,
		`paved_http_request_duration_seconds_bucket{route="GET /a\"b",le="0.0025"} 0`,
		`paved_http_request_duration_seconds_bucket{route="GET /a\"b",le="0.005"} 1`,
		"process_start_time_seconds 1700000000.000",
		"paved_http_requests_in_flight 0",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("exposition lacks %q:\n%s", want, b.String())
		}
	}
}
