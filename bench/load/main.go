// Command load is the Go load generator of bench/roads.sh: C keep-alive
// connections send GET URL back to back for D, then it prints requests/s
// and latency percentiles as JSON. Bounded in time, loopback only.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"slices"
	"sync"
	"time"
)

func main() {
	conns := flag.Int("c", 50, "connections")
	dur := flag.Duration("d", 10*time.Second, "duration")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: load [-c N] [-d DUR] URL")
		os.Exit(2)
	}
	target := flag.Arg(0)
	u, err := url.Parse(target)
	if err != nil || (u.Hostname() != "127.0.0.1" && u.Hostname() != "localhost" && u.Hostname() != "::1") {
		fmt.Fprintln(os.Stderr, "load: only loopback targets (127.0.0.1, localhost, ::1)")
		os.Exit(2)
	}
	tr := &http.Transport{MaxIdleConnsPerHost: *conns, MaxConnsPerHost: *conns, DisableCompression: true}
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	deadline := time.Now().Add(*dur)
	var mu sync.Mutex
	var lat []time.Duration
	errs, non2xx := 0, 0
	var wg sync.WaitGroup
	for range *conns {
		wg.Go(func() {
			var local []time.Duration
			e, n := 0, 0
			for time.Now().Before(deadline) {
				start := time.Now()
				resp, err := client.Get(target)
				if err != nil {
					e++
					continue
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode >= 300 {
					n++
				}
				local = append(local, time.Since(start))
			}
			mu.Lock()
			lat = append(lat, local...)
			errs += e
			non2xx += n
			mu.Unlock()
		})
	}
	wg.Wait()
	slices.Sort(lat)
	pct := func(p float64) float64 {
		if len(lat) == 0 {
			return 0
		}
		return float64(lat[int(float64(len(lat)-1)*p)].Microseconds()) / 1000
	}
	_ = json.NewEncoder(os.Stdout).Encode(map[string]any{
		"requests": len(lat), "rps": float64(len(lat)) / dur.Seconds(),
		"p50_ms": pct(0.50), "p99_ms": pct(0.99), "errors": errs, "non2xx": non2xx,
	})
}
