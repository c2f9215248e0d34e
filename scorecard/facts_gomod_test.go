package scorecard

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseGoMod(t *testing.T) {
	t.Parallel()
	m, err := parseGoMod("module example.com/x // main\n\ngo 1.26.0\ntoolchain go1.26.1\n\nrequire (\n\tgithub.com/a/b v1.0.0\n\tgithub.com/c/d v0.1.0 // indirect\n)\nrequire go.opentelemetry.io/otel v1.2.3\nreplace (\n\tx => y\n)\n")
	if err != nil {
		t.Fatal(err)
	}
	want := GoMod{Present: true, Module: "example.com/x", Go: "1.26.0", Toolchain: "go1.26.1",
		Requires: map[string]string{"github.com/a/b": "v1.0.0", "github.com/c/d": "v0.1.0", "go.opentelemetry.io/otel": "v1.2.3"}}
	if diff := cmp.Diff(want, m); diff != "" {
		t.Errorf("parseGoMod (-want +got):\n%s", diff)
	}
}
