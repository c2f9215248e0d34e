package manifest

import (
	"os"
	"strings"
	"testing"
)

func TestCheckSchema(t *testing.T) {
	t.Parallel()
	full, err := os.ReadFile("testdata/full.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		yaml string
		want []want // Msg is a substring here: the schema library words them
	}{
		{"a manifest using every feature conforms", string(full), nil},
		{"a minimal manifest conforms", withParams("    - name: a\n"), nil},
		{"unknown field", withParams("    - name: a\n      descripton: b\n"), []want{
			{Line: 8, Field: "spec.parameters[0]", Msg: "descripton"}}},
		{"unknown type", withParams("    - name: a\n      type: strng\n"), []want{
			{Line: 9, Field: "spec.parameters[0].type", Msg: "value must be one of"}}},
		{"wrong apiVersion", strings.Replace(withParams("    - name: a\n"), "paved.dev/v1alpha1", "paved.dev/v2", 1), []want{
			{Line: 1, Field: "apiVersion", Msg: "paved.dev/v1alpha1"}}},
		{"select without options", withParams("    - name: a\n      type: select\n"), []want{
			{Line: 8, Field: "spec.parameters[0]", Msg: "missing property 'options'"}}},
		{"min on a string", withParams("    - name: a\n      min: 3\n"), []want{
			{Line: 9, Field: "spec.parameters[0].min", Msg: "not allowed here"}}},
		{"hook with an empty command", withParams("    - name: a\n") + "  hooks:\n    after:\n      - run: []\n", []want{
			{Line: 11, Field: "spec.hooks.after[0].run", Msg: "minItems"}}},
		{"pattern that is not a regexp", withParams("    - name: a\n      pattern: '[a-'\n"), []want{
			{Line: 9, Field: "spec.parameters[0].pattern", Msg: "regex"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := CheckSchema([]byte(tt.yaml), "template.yaml")
			if len(tt.want) == 0 {
				if err != nil {
					t.Fatalf("CheckSchema() = %v, want nil", err)
				}
				return
			}
			es, ok := err.(Errors)
			if !ok {
				t.Fatalf("CheckSchema() = %v (%T), want Errors", err, err)
			}
			if len(es) != len(tt.want) {
				t.Fatalf("CheckSchema() gave %d problems, want %d:\n%v", len(es), len(tt.want), err)
			}
			for i, w := range tt.want {
				e := es[i]
				if e.Line != w.Line || e.Field != w.Field || !strings.Contains(e.Msg, w.Msg) {
					t.Errorf("problem %d = line %d, field %q, msg %q\nwant line %d, field %q, msg containing %q", i, e.Line, e.Field, e.Msg, w.Line, w.Field, w.Msg)
				}
			}
		})
	}
}

func TestLocate(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("testdata/full.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		field string
		want  int
	}{
		{"spec.parameters[4].when", 28},
		{"spec.hooks.after[0].run[1]", 44},
		{"spec.version", 7},
		{"metadata", 4},
		{"spec.parameters[99].when", 10}, // the nearest node that exists
	}
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			t.Parallel()
			if got := Locate(data, tt.field); got != tt.want {
				t.Errorf("Locate(%q) = %d, want %d", tt.field, got, tt.want)
			}
		})
	}
	if got := Locate([]byte("a: ["), "a"); got != 0 {
		t.Errorf("Locate(broken yaml) = %d, want 0", got)
	}
}
