package tmpl

import (
	"testing"
	"time"

	"github.com/paved-dev/paved/internal/limits"
)

// FuzzRender renders arbitrary template text within small limits: it may
// fail, but never panics, never outgrows the limits and always ends.
func FuzzRender(f *testing.F) {
	for _, s := range []string{
		"{{ .Values.name }}", `{{ repeat 3 "a" }}`, `{{ range until 5 }}{{ . }}{{ end }}`,
		`{{ define "a" }}{{ template "a" . }}{{ end }}{{ template "a" . }}`,
		`{{ $s := "a" }}{{ range until 30 }}{{ $s = cat $s $s }}{{ end }}{{ $s }}`,
		`{{ $d := dict }}{{ $_ := set $d "a" $d }}{{ $d }}`,
		`{{ printf "%*d" 999999 1 }}`, `{{ indent 99999 (repeat 99 "\n") }}`,
		`{{ join (repeat 99 "x") (until 9999) }}`, `{{ toYaml .Values }}{{ toJson . }}`,
		`{{ range $i, $e := .Values.tags }}{{ $i }}={{ $e }}{{ end }}`,
		`{{ block "b" . }}{{ . }}{{ end }}`, `{{ seq 1 2 99999 }}`, `{{ regexReplaceAll "" "abc" "$0$0$0" }}`,
	} {
		f.Add(s)
	}
	lim := limits.Limits{MaxFileBytes: 1 << 20, MaxRenderSteps: 10_000, MaxTemplateDepth: 20, RenderTimeout: time.Second}
	e := NewLimited("", "", lim)
	f.Fuzz(func(t *testing.T, text string) {
		start := time.Now()
		out, err := e.Render("f.txt", text, testData())
		if err == nil && int64(len(out)) > lim.MaxFileBytes {
			t.Fatalf("Render(%q) wrote %d bytes, past the limit", text, len(out))
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Fatalf("Render(%q) took %v", text, d)
		}
	})
}
