package scorecard

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParsePackageJSON(t *testing.T) {
	t.Parallel()
	pj, err := parsePackageJSON([]byte(`{"name":"a","private":true,"license":{"type":"MIT"},"engines":{"node":">=22"},"scripts":{"lint":"eslint ."},"dependencies":{"pino":"^9"},"devDependencies":{"x":"1"}}`))
	if err != nil {
		t.Fatal(err)
	}
	want := PackageJSON{Present: true, Name: "a", Private: true, License: "MIT", Engines: map[string]string{"node": ">=22"},
		Scripts: map[string]string{"lint": "eslint ."}, Dependencies: map[string]string{"pino": "^9"}, DevDependencies: map[string]string{"x": "1"}}
	if diff := cmp.Diff(want, pj); diff != "" {
		t.Errorf("parsePackageJSON (-want +got):\n%s", diff)
	}
	_, err = parsePackageJSON([]byte("{\n  \"name\": \"a\",\n  \"dependencies\": {,}\n}"))
	if err == nil || err.Error() != "package.json: line 3: invalid character ',' looking for beginning of object key string" {
		t.Errorf("malformed package.json: err = %v, want the line", err)
	}
}
