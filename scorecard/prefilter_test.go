package scorecard

import (
	"strings"
	"testing"
)

func TestLiteralSetAgreesWithContains(t *testing.T) {
	lits := []string{"he", "she", "his", "hers", "health", "healthz", "/metrics", "SIGTERM", "a", "Tracer("}
	var set literalSet
	for _, l := range lits {
		set.add(l)
	}
	if id := set.add("he"); id != 0 {
		t.Fatalf("add of a duplicate: id %d, want 0", id)
	}
	set.build()
	for _, data := range []string{
		"", "ushers", "xhealthy", "GET /healthz", "orderTracer(input)", "h", "sig SIGTER", "SIGTERM", "bbb", "hishers",
	} {
		found := make([]bool, len(set.lits))
		set.scan([]byte(data), found)
		for id, l := range set.lits {
			if want := strings.Contains(data, l); found[id] != want {
				t.Errorf("scan(%q): %q found %v, want %v", data, l, found[id], want)
			}
		}
	}
}

// Splitting a rule into branches must not change whether a file matches.
func TestAltMatcherAgreesWithWholeRegexp(t *testing.T) {
	corpus := [][]byte{
		[]byte("export function orderTracer(input: Span): Order { return compute('tracer', input) }\n"),
		[]byte("const sdk = new NodeSDK({})\n"),
		[]byte("const t = new zipkin.Tracer({})\n"),
		[]byte("require('dd-trace').init()\n"),
		[]byte("package main\n\nfunc main() {}\n"),
		[]byte("x\npackage main\n"),
		[]byte("app.get('/healthz', h)\nprocess.on('SIGTERM', stop)\n"),
		[]byte("logger: true\n"),
		[]byte("zap.NewProduction()\n"),
		[]byte("signal.Notify(c, os.Interrupt)\n"),
		[]byte("trap 'kill $pid' TERM\n"),
		[]byte("livenessProbe:\n  httpGet: {path: /ready}\n"),
		[]byte("<parent><artifactId>spring-boot-starter-parent</artifactId>\n<version>3.4.1</version>\n"),
	}
	split := 0
	for _, r := range codeRules {
		a := newAltMatcher(r.Re)
		if a.branches != nil {
			split++
		}
		var set literalSet
		a.register(&set)
		set.build()
		for _, data := range corpus {
			want := a.whole.re.Match(data)
			if got := a.Match(data); got != want {
				t.Errorf("%s on %q: Match %v, the whole regexp %v", r.ID, data, got, want)
			}
			found := make([]bool, len(set.lits))
			set.scan(data, found)
			if got := a.matchFound(data, found); got != want {
				t.Errorf("%s on %q: matchFound %v, the whole regexp %v", r.ID, data, got, want)
			}
		}
	}
	if split == 0 {
		t.Error("no rule was split into branches")
	}
}
