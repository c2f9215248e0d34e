package portal

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// buckets are the request-duration histogram's upper bounds, in seconds.
var buckets = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

// Metrics keeps the server's RED metrics (rate, errors, duration) per
// route pattern and writes them in Prometheus's text format. It is small
// and hand-written: client_golang would add its start-up cost and a
// dependency tree for three metric families.
type Metrics struct {
	mu       sync.Mutex
	requests map[reqKey]uint64
	duration map[string]*histogram
	inFlight int64
	start    time.Time
}

type reqKey struct {
	route, method string
	code          int
}

type histogram struct {
	counts []uint64 // per bucket, not cumulative
	sum    float64
	n      uint64
}

// NewMetrics returns empty metrics; start is the process's start time.
func NewMetrics(start time.Time) *Metrics {
	return &Metrics{requests: map[reqKey]uint64{}, duration: map[string]*histogram{}, start: start}
}

func (m *Metrics) begin() {
	m.mu.Lock()
	m.inFlight++
	m.mu.Unlock()
}

// observe records one finished request.
func (m *Metrics) observe(route, method string, code int, d time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.inFlight--
	m.requests[reqKey{route, method, code}]++
	h := m.duration[route]
	if h == nil {
		h = &histogram{counts: make([]uint64, len(buckets)+1)}
		m.duration[route] = h
	}
	s := d.Seconds()
	i, _ := slices.BinarySearch(buckets, s)
	h.counts[i]++
	h.sum += s
	h.n++
}

// WriteTo writes the metrics in the Prometheus text exposition format.
func (m *Metrics) WriteTo(w io.Writer) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var b strings.Builder
	b.WriteString("# HELP paved_http_requests_total HTTP requests answered, by route pattern, method and status code.\n# TYPE paved_http_requests_total counter\n")
	keys := make([]reqKey, 0, len(m.requests))
	for k := range m.requests {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b reqKey) int {
		return cmpOr(strings.Compare(a.route, b.route), strings.Compare(a.method, b.method), a.code-b.code)
	})
	for _, k := range keys {
		fmt.Fprintf(&b, "paved_http_requests_total{route=%s,method=%s,code=\"%d\"} %d\n", quote(k.route), quote(k.method), k.code, m.requests[k])
	}
	b.WriteString("# HELP paved_http_request_duration_seconds Time to answer HTTP requests, by route pattern.\n# TYPE paved_http_request_duration_seconds histogram\n")
	routes := make([]string, 0, len(m.duration))
	for r := range m.duration {
		routes = append(routes, r)
	}
	slices.Sort(routes)
	for _, r := range routes {
		h := m.duration[r]
		var cum uint64
		for i, le := range buckets {
			cum += h.counts[i]
			fmt.Fprintf(&b, "paved_http_request_duration_seconds_bucket{route=%s,le=\"%s\"} %d\n", quote(r), strconv.FormatFloat(le, 'g', -1, 64), cum)
		}
		fmt.Fprintf(&b, "paved_http_request_duration_seconds_bucket{route=%s,le=\"+Inf\"} %d\n", quote(r), h.n)
		fmt.Fprintf(&b, "paved_http_request_duration_seconds_sum{route=%s} %s\n", quote(r), strconv.FormatFloat(h.sum, 'g', -1, 64))
		fmt.Fprintf(&b, "paved_http_request_duration_seconds_count{route=%s} %d\n", quote(r), h.n)
	}
	fmt.Fprintf(&b, "# HELP paved_http_requests_in_flight HTTP requests being answered.\n# TYPE paved_http_requests_in_flight gauge\npaved_http_requests_in_flight %d\n", m.inFlight)
	fmt.Fprintf(&b, "# HELP process_start_time_seconds Start time of the process since the Unix epoch.\n# TYPE process_start_time_seconds gauge\nprocess_start_time_seconds %s\n",
		strconv.FormatFloat(math.Floor(float64(m.start.UnixMilli()))/1000, 'f', 3, 64))
	n, err := io.WriteString(w, b.String())
	return int64(n), err
}

// quote writes a Prometheus label value.
func quote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	return `"` + r.Replace(s) + `"`
}

func cmpOr(vals ...int) int {
	for _, v := range vals {
		if v != 0 {
			return v
		}
	}
	return 0
}
