package tmpl

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/paved-dev/paved/internal/limits"
)

func TestRenderLimits(t *testing.T) {
	t.Parallel()
	lim := limits.Limits{MaxFileBytes: 1 << 20, MaxRenderSteps: 10_000, MaxTemplateDepth: 50, RenderTimeout: 2 * time.Minute} // the timeout is not what these cases test: a loaded machine must not trip it
	tests := []struct {
		name string
		text string
		key  string // the limit that stops it
	}{
		{"repeat", `{{ repeat 300000000 "a" }}`, "maxFileBytes"},
		{"repeat of a long string", `{{ repeat 3000 (repeat 1000 "a") }}`, "maxFileBytes"},
		{"repeat with a huge count", `{{ repeat 9223372036854775807 "ab" }}`, "maxFileBytes"},
		{"output written in a loop", `{{ range until 100000 }}{{ repeat 1000 "a" }}{{ end }}`, "maxFileBytes"},
		{"until", `{{ len (until 300000000) }}`, "maxFileBytes"},
		{"untilStep", `{{ len (untilStep 0 300000000 1) }}`, "maxFileBytes"},
		{"seq", `{{ len (seq 300000000) }}`, "maxFileBytes"},
		{"indent", `{{ indent 300000000 "a" }}`, "maxFileBytes"},
		{"nindent of many lines", `{{ nindent 1000 (repeat 100000 "\n") }}`, "maxFileBytes"},
		{"replace", `{{ replace "a" (repeat 100000 "b") (repeat 100000 "a") }}`, "maxFileBytes"},
		{"regexReplaceAll", `{{ regexReplaceAll "a" (repeat 100000 "a") (repeat 100000 "b") }}`, "maxFileBytes"},
		{"join with a long separator", `{{ join (repeat 100000 "x") (until 1000) }}`, "maxFileBytes"},
		{"printf width from a computed format", `{{ printf (repeat 100 "%999999d") 1 }}`, "maxFileBytes"},
		{"doubling a variable", `{{ $s := "ab" }}{{ range until 40 }}{{ $s = cat $s $s }}{{ end }}`, "maxFileBytes"},
		{"doubling a list", `{{ $l := list "ab" }}{{ range until 60 }}{{ $l = concat $l $l }}{{ end }}{{ $l }}`, "maxFileBytes"},
		{"a shared list printed", `{{ $l := list (repeat 1000 "a") }}{{ range until 40 }}{{ $l = list $l $l }}{{ end }}{{ $l }}`, "maxFileBytes"},
		{"a dict set into itself", `{{ $d := dict }}{{ $_ := set $d "a" $d }}{{ toYaml $d }}`, "maxFileBytes"},
		{"a dict set into itself and printed", `{{ $d := dict "x" 1 }}{{ $_ := set $d "a" $d }}{{ $d }}`, "maxFileBytes"},
		{"deep nesting", `{{ $l := list }}{{ range until 5000 }}{{ $l = list $l }}{{ end }}{{ $l }}`, "maxFileBytes"},
		{"nested loops", `{{ range until 100000 }}{{ range until 100000 }}{{ end }}{{ end }}`, "maxRenderSteps"},
		{"range over an int", `{{ range 1000000000 }}{{ end }}`, "maxRenderSteps"},
		{"a define calling itself", `{{ define "a" }}{{ template "a" . }}{{ end }}{{ template "a" . }}`, "maxTemplateDepth"},
		{"a define calling itself twice", `{{ define "a" }}x{{ template "a" . }}{{ template "a" . }}{{ end }}{{ template "a" . }}`, "maxTemplateDepth"},
		{"a block calling itself", `{{ block "b" . }}{{ template "b" . }}{{ end }}`, "maxTemplateDepth"},
		{"the file calling itself", `{{ template "f.txt" . }}`, "maxTemplateDepth"},
		{"a wide recursion", `{{ define "a" }}{{ if lt (len .) 30 }}{{ template "a" (append . 1) }}{{ template "a" (append . 2) }}{{ end }}{{ end }}{{ template "a" list }}`, "maxRenderSteps"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			start := time.Now()
			_, err := NewLimited("", "", lim).Render("f.txt", tt.text, testData())
			var le *limits.Error
			if !errors.As(err, &le) {
				t.Fatalf("Render(%q) = %v, want a limit error", tt.text, err)
			}
			if le.Key != tt.key {
				t.Errorf("Render(%q) stopped at %s (%v), want %s", tt.text, le.Key, err, tt.key)
			}
			if le.Name != "f.txt" || !strings.Contains(le.Hint(), "limits."+tt.key) {
				t.Errorf("Render(%q) = %v, hint %q: want the file and how to raise %s", tt.text, err, le.Hint(), tt.key)
			}
			if d := time.Since(start); d > time.Minute { // a runaway, not a speed check
				t.Errorf("Render(%q) took %v", tt.text, d)
			}
		})
	}
}

func TestRenderWithinLimits(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, text, want string }{
		{"repeat", `{{ repeat 3 "ab" }}`, "ababab"},
		{"until", `{{ range until 3 }}{{ . }}{{ end }}`, "012"},
		{"until down", `{{ until -2 }}`, "[0 -1]"},
		{"seq", `{{ seq 3 }}|{{ seq 2 4 }}|{{ seq 5 -2 1 }}`, "1 2 3|2 3 4|5 3 1"},
		{"indent", `{{ indent 2 "a\nb" }}|{{ nindent 1 "c" }}`, "  a\n  b|\n c"},
		{"replace", `{{ replace "a" "bb" "banana" }}`, "bbbnbbnbb"},
		{"join", `{{ join ", " (list "a" "b") }}`, "a, b"},
		{"printf", `{{ printf "%05d|%-3s|" 42 "x" }}`, "00042|x  |"},
		{"a define used twice", `{{ define "x" }}<{{ . }}>{{ end }}{{ template "x" 1 }}{{ template "x" 2 }}`, "<1><2>"},
		{"a recursion that ends", `{{ define "down" }}{{ . }}{{ if gt . 0 }}{{ template "down" (sub . 1) }}{{ end }}{{ end }}{{ template "down" 5 }}`, "543210"},
		{"nil prints as text/template does", `{{ .Values.none }}`, "<no value>"},
		{"a dict", `{{ $d := dict "a" 1 }}{{ $_ := set $d "b" (list 1 2) }}{{ toJson $d }}`, `{"a":1,"b":[1,2]}`},
		{"break and continue", `{{ range until 10 }}{{ if eq . 2 }}{{ continue }}{{ end }}{{ if eq . 4 }}{{ break }}{{ end }}{{ . }}{{ end }}`, "013"},
	}
	data := testData()
	data.Values["none"] = nil
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := New("", "").Render("f.txt", tt.text, data)
			if err != nil {
				t.Fatalf("Render(%q): %v", tt.text, err)
			}
			if got != tt.want {
				t.Errorf("Render(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestRenderCancelled(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(100*time.Millisecond, cancel)
	lim := limits.Limits{MaxRenderSteps: 1 << 62}
	start := time.Now()
	_, err := NewLimited("", "", lim).RenderContext(ctx, "f.txt", `{{ range 100000000000 }}{{ end }}`, testData())
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("RenderContext after cancel = %v, want context.Canceled", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("cancelled render took %v to stop", d)
	}
}

func TestRenderTimeout(t *testing.T) {
	t.Parallel()
	lim := limits.Limits{MaxRenderSteps: 1 << 62, RenderTimeout: 200 * time.Millisecond}
	_, err := NewLimited("", "", lim).Render("f.txt", `{{ range 100000000000 }}{{ end }}`, testData())
	var le *limits.Error
	if !errors.As(err, &le) || le.Key != "renderTimeout" {
		t.Fatalf("Render of an endless loop = %v, want the renderTimeout limit", err)
	}
}

// TestRenderBombMemory checks that a bomb fails before it allocates: the
// heap grows by far less than the bomb would need.
func TestRenderBombMemory(t *testing.T) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for _, text := range []string{`{{ repeat 300000000 "a" }}`, `{{ $s := "ab" }}{{ range until 40 }}{{ $s = cat $s $s }}{{ end }}`} {
		if _, err := New("", "").Render("f.txt", text, testData()); err == nil {
			t.Fatalf("Render(%q) succeeded", text)
		}
	}
	runtime.ReadMemStats(&after)
	if grown := after.TotalAlloc - before.TotalAlloc; grown > 200<<20 {
		t.Errorf("the bombs allocated %d MB, want well under 300 MB", grown>>20)
	}
}
