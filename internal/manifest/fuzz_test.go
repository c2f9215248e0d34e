package manifest

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// FuzzParse feeds template.yaml documents to Parse: whatever the input, it
// returns a manifest or an error, never panics, and stays within the YAML
// limits (alias bombs are in the seeds).
func FuzzParse(f *testing.F) {
	for _, dir := range []string{"../../examples/templates/*/template.yaml"} {
		files, _ := filepath.Glob(dir)
		for _, p := range files {
			if data, err := os.ReadFile(p); err == nil {
				f.Add(data)
			}
		}
	}
	for _, s := range []string{
		"",
		"apiVersion: paved.dev/v1\nkind: Template\nmetadata: {name: x}\nspec: {version: 1.0.0}\n",
		"spec:\n  parameters: &p [{name: a, type: select, options: &o [a, b]}]\n  files: *p\n",
		"a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: &c [*b, *b, *b]\nspec: {parameters: [*c, *c]}\n",
		"metadata:\nspec: []\n",
		"spec: {parameters: [{name: n, type: int, min: 1e400}]}\n",
		"spec: {delimiters: ['{{', '{{']}}\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		done := make(chan struct{})
		go func() {
			defer close(done)
			m, err := Parse(data, FileName)
			if err == nil && m == nil {
				t.Error("Parse returned neither a manifest nor an error")
			}
		}()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatalf("Parse(%q) did not return within 5s", data)
		}
	})
}
