package yamlx

import (
	"errors"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/paved-dev/paved/internal/limits"
)

func TestCheckDoc(t *testing.T) {
	t.Parallel()
	bomb := "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	prev := "a"
	for _, n := range []string{"b", "c", "d", "e", "f", "g", "h", "i"} {
		bomb += n + ": &" + n + " [" + strings.Repeat("*"+prev+", ", 9) + "*" + prev + "]\n"
		prev = n
	}
	tests := []struct {
		name, doc, key string
	}{
		{"a small document", "name: orders\nport: 8080\n", ""},
		{"a few aliases", "a: &a [1, 2]\nb: *a\nc: *a\n", ""},
		{"an alias bomb", bomb, "maxYamlNodes"},
		{"a big document", "x: " + strings.Repeat("a", 5<<20) + "\n", "maxYamlBytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var doc yaml.Node
			if err := yaml.Unmarshal([]byte(tt.doc), &doc); err != nil {
				t.Fatal(err)
			}
			err := CheckDoc("f.yaml", []byte(tt.doc), &doc, limits.Limits{})
			if tt.key == "" {
				if err != nil {
					t.Fatalf("CheckDoc = %v, want nil", err)
				}
				return
			}
			var le *limits.Error
			if !errors.As(err, &le) || le.Key != tt.key || le.Name != "f.yaml" {
				t.Fatalf("CheckDoc = %v, want the %s limit naming f.yaml", err, tt.key)
			}
		})
	}
}
