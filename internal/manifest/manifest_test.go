package manifest

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParameterZero(t *testing.T) {
	t.Parallel()
	tests := []struct {
		typ  string
		want any
	}{
		{"", ""},
		{TypeString, ""},
		{TypeText, ""},
		{TypeSelect, ""},
		{TypeInt, 0},
		{TypeBool, false},
		{TypeMultiSelect, []string{}},
	}
	for _, tt := range tests {
		p := &Parameter{Name: "x", Type: tt.typ}
		if got := p.Zero(); !cmp.Equal(got, tt.want) {
			t.Errorf("Parameter{Type: %q}.Zero() = %#v, want %#v", tt.typ, got, tt.want)
		}
	}
}
