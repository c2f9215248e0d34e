package scorecard

import (
	"regexp"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// matchFiles' shortcuts must agree with doublestar on every pattern.
func TestMatchFilesAgreesWithDoublestar(t *testing.T) {
	t.Parallel()
	files := []string{".github/workflows/ci.yml", ".nvmrc", "COPYING", "LICENSE", "LICENSE.md", "README.md", "docs/runbook.md",
		"docs/runbooks/db.md", "go.mod", "main_test.go", "src/a.spec.js", "src/app.test.ts", "src/x/y.go", "test/a.js", "tests/b/c.py", "x.go"}
	slices.Sort(files)
	for _, p := range []string{
		"README.md", "nope", "**/*.go", "**/*_test.go", "**/*.{test,spec}.{ts,js}", "{test,tests,__tests__}/**",
		"{LICENSE,LICENSE.*,COPYING}", "{docs/runbook.md,docs/runbooks/*.md}", "docs/**", "src/*/*.go", "*.md", "**",
		".github/workflows/*.{yml,yaml}", "{a,{b,c}}", "[LR]*",
	} {
		t.Run(p, func(t *testing.T) {
			t.Parallel()
			got, want := matchFiles(files, p), matchAll(files, p)
			if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b []string) bool { return len(a) == 0 && len(b) == 0 || slices.Equal(a, b) })); diff != "" {
				t.Errorf("matchFiles(%q) (-doublestar +got):\n%s", p, diff)
			}
		})
	}
}

func TestMatcherPrefilter(t *testing.T) {
	t.Parallel()
	tests := []struct {
		pattern  string
		literals []string
		in       string
		want     bool
	}{
		{`SIGTERM`, []string{"SIGTERM"}, "on('SIGTERM')", true},
		{`/(healthz|readyz|livez|health)\b`, []string{"readyz", "livez", "health"}, "get('/readyz')", true},
		{`/(healthz|readyz|livez|health)\b`, []string{"readyz", "livez", "health"}, "/healthcheck", false},
		{`"(log/slog|go\.uber\.org/zap)"`, []string{"log/slog", "go.uber.org/zap"}, `import "log/slog"`, true},
		{`(?i)x-request-id`, nil, "X-Request-Id", true},
		{`a*b?`, nil, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.pattern, func(t *testing.T) {
			t.Parallel()
			m := newMatcher(regexp.MustCompile("(?m)"+tt.pattern), tt.pattern)
			var lits []string
			for _, l := range m.literals {
				lits = append(lits, string(l))
			}
			if diff := cmp.Diff(tt.literals, lits); diff != "" {
				t.Errorf("literals (-want +got):\n%s", diff)
			}
			if got := m.Match([]byte(tt.in)); got != tt.want {
				t.Errorf("Match(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestContains(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		data, lit string
		want      bool
	}{
		{"process.on('SIGTERM')", "SIGTERM", true}, {"SIGTER", "SIGTERM", false}, {"healthz", "health", true},
		{"hhhhealth", "health", true}, {"health", "health", true}, {"", "x", false}, {"zzreadyzz", "readyz", true},
	} {
		if got := contains([]byte(tt.data), []byte(tt.lit), rarest(tt.lit)); got != tt.want {
			t.Errorf("contains(%q, %q) = %v, want %v", tt.data, tt.lit, got, tt.want)
		}
	}
}
