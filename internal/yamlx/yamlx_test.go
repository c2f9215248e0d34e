package yamlx

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestStringKeys(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		in, want any
	}{
		{"a scalar is unchanged", 3, 3},
		{"non-string keys become strings", map[any]any{1: "a", true: "b"}, map[string]any{"1": "a", "true": "b"}},
		{"nested in maps and lists", map[string]any{"l": []any{map[any]any{"k": map[any]any{2: nil}}}},
			map[string]any{"l": []any{map[string]any{"k": map[string]any{"2": nil}}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tt.want, StringKeys(tt.in)); diff != "" {
				t.Errorf("StringKeys (-want +got):\n%s", diff)
			}
		})
	}
}
