package manifest

import (
	"errors"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"gopkg.in/yaml.v3"
)

// head is a valid manifest up to its parameters; parameter text given to
// withParams starts on line 8.
const head = `apiVersion: paved.dev/v1alpha1
kind: Template
metadata:
  name: demo
spec:
  version: 1.0.0
  parameters:
`

func withParams(params string) string { return head + params }

// want is one expected problem; Msg must match exactly.
type want struct {
	Line  int
	Field string
	Msg   string
	Fix   string // checked only when set: a substring of the fix
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		yaml string
		want []want
	}{
		{"yaml syntax error names the line", "apiVersion: x\nkind: [\n", []want{
			{Line: 2, Msg: "did not find expected node content"}}},
		{"empty file", "", []want{{Msg: "empty"}}},
		{"top level must be a mapping", "- a\n", []want{
			{Line: 1, Msg: "must be a mapping (key: value lines), not a list"}}},
		{"a null document", "~\n", []want{
			{Line: 1, Msg: "must be a mapping (key: value lines), not empty"}}},
		{"empty sections say what they miss", "apiVersion: paved.dev/v1alpha1\nkind: Template\nmetadata:\nspec:\n  hooks:\n", []want{
			{Line: 3, Field: "metadata.name", Msg: "missing"},
			{Line: 5, Field: "spec.version", Msg: "missing"}}},
		{"missing everything", "foo: 1\n", []want{
			{Line: 1, Field: "foo", Msg: `unknown field "foo"`, Fix: "known fields: apiVersion, kind, metadata, spec"},
			{Line: 1, Field: "apiVersion", Msg: "missing", Fix: "apiVersion: paved.dev/v1alpha1"},
			{Line: 1, Field: "kind", Msg: "missing"},
			{Line: 1, Field: "metadata", Msg: "missing"},
			{Line: 1, Field: "spec", Msg: "missing"}}},
		{"wrong apiVersion and kind", "apiVersion: paved.dev/v1\nkind: Rubric\nmetadata: {name: a}\nspec: {version: 1.0.0}\n", []want{
			{Line: 1, Field: "apiVersion", Msg: `unknown apiVersion "paved.dev/v1"`},
			{Line: 2, Field: "kind", Msg: `unknown kind "Rubric"`, Fix: "kind: Template"}}},
		{"unknown field suggests the close one", strings.Replace(head, "  version: 1.0.0\n", "  version: 1.0.0\n  nextsteps: []\n", 1) + "    - name: a\n", []want{
			{Line: 7, Field: "spec.nextsteps", Msg: `unknown field "nextsteps"`, Fix: `did you mean "nextSteps"?`}}},
		{"duplicate key", strings.Replace(head, "  name: demo\n", "  name: demo\n  name: other\n", 1) + "    - name: a\n", []want{
			{Line: 5, Field: "metadata.name", Msg: "duplicate key (first at line 4)"}}},
		{"bad template name", strings.Replace(head, "name: demo", "name: My_Template", 1) + "    - name: a\n", []want{
			{Line: 4, Field: "metadata.name", Msg: `invalid name "My_Template"`, Fix: "my-template"}}},
		{"missing template name", strings.Replace(head, "  name: demo\n", "  title: Demo\n", 1) + "    - name: a\n", []want{
			{Line: 4, Field: "metadata.name", Msg: "missing"}}},
		{"version not semver", strings.Replace(head, "version: 1.0.0", "version: 1.0", 1) + "    - name: a\n", []want{
			{Line: 6, Field: "spec.version", Msg: `invalid version "1.0"`}}},
		{"version with a leading v", strings.Replace(head, "version: 1.0.0", "version: v1.0.0", 1) + "    - name: a\n", []want{
			{Line: 6, Field: "spec.version", Msg: `invalid version "v1.0.0"`, Fix: "write 1.0.0"}}},
		{"missing version", strings.Replace(head, "  version: 1.0.0\n", "", 1) + "    - name: a\n", []want{
			{Line: 6, Field: "spec.version", Msg: "missing"}}},
		{"parameter name missing", withParams("    - title: Name\n"), []want{
			{Line: 8, Field: "spec.parameters[0].name", Msg: "missing"}}},
		{"parameter name not an identifier", withParams("    - name: service-name\n"), []want{
			{Line: 8, Field: "spec.parameters[0].name", Msg: `invalid name "service-name"`, Fix: `"service_name"`}}},
		{"duplicate parameter", withParams("    - name: a\n    - name: b\n    - name: a\n"), []want{
			{Line: 10, Field: "spec.parameters[2].name", Msg: `duplicate parameter "a" (first declared at spec.parameters[0], line 8)`}}},
		{"unknown type", withParams("    - name: a\n      type: strng\n"), []want{
			{Line: 9, Field: "spec.parameters[0].type", Msg: `unknown type "strng" (did you mean "string"?)`, Fix: "one of: string, text, int, bool, select, multiselect"}}},
		{"unknown parameter field", withParams("    - name: a\n      description: b\n"), []want{
			{Line: 9, Field: "spec.parameters[0].description", Msg: `unknown field "description"`, Fix: "help"}}},
		{"pattern does not compile", withParams("    - name: a\n      pattern: '^[a-z'\n"), []want{
			{Line: 9, Field: "spec.parameters[0].pattern", Msg: "pattern does not compile: error parsing regexp: missing closing ]: `[a-z`"}}},
		{"pattern on an int", withParams("    - name: a\n      type: int\n      pattern: '^1$'\n"), []want{
			{Line: 10, Field: "spec.parameters[0].pattern", Msg: "pattern only applies to string and text parameters, not int"}}},
		{"min above max", withParams("    - name: a\n      type: int\n      min: 10\n      max: 5\n"), []want{
			{Line: 11, Field: "spec.parameters[0].max", Msg: "max 5 is below min 10"}}},
		{"min on a string", withParams("    - name: a\n      min: 1\n"), []want{
			{Line: 9, Field: "spec.parameters[0].min", Msg: "min only applies to int parameters, not string"}}},
		{"max not a number", withParams("    - name: a\n      type: int\n      max: lots\n"), []want{
			{Line: 10, Field: "spec.parameters[0].max", Msg: `must be a whole number, not "lots"`}}},
		{"required not a bool", withParams("    - name: a\n      required: yes please\n"), []want{
			{Line: 9, Field: "spec.parameters[0].required", Msg: `must be true or false, not "yes please"`}}},
		{"select without options", withParams("    - name: a\n      type: select\n"), []want{
			{Line: 8, Field: "spec.parameters[0].options", Msg: "a select parameter needs at least one option"}}},
		{"empty options", withParams("    - name: a\n      type: multiselect\n      options: []\n"), []want{
			{Line: 10, Field: "spec.parameters[0].options", Msg: "a multiselect parameter needs at least one option"}}},
		{"duplicate option", withParams("    - name: a\n      type: select\n      options: [x, y, x]\n"), []want{
			{Line: 10, Field: "spec.parameters[0].options[2]", Msg: `duplicate option "x"`}}},
		{"options on a bool", withParams("    - name: a\n      type: bool\n      options: [x]\n"), []want{
			{Line: 10, Field: "spec.parameters[0].options", Msg: "options only apply to select and multiselect parameters, not bool"}}},
		{"options not a list", withParams("    - name: a\n      type: select\n      options: x\n"), []want{
			{Line: 10, Field: "spec.parameters[0].options", Msg: `must be a list, not "x"`},
			{Line: 10, Field: "spec.parameters[0].options", Msg: "a select parameter needs at least one option"}}},
		{"int default is a string", withParams("    - name: a\n      type: int\n      default: eighty\n"), []want{
			{Line: 10, Field: "spec.parameters[0].default", Msg: `an int parameter needs a whole-number default, not "eighty"`}}},
		{"int default out of range", withParams("    - name: a\n      type: int\n      min: 1\n      max: 9\n      default: 10\n"), []want{
			{Line: 12, Field: "spec.parameters[0].default", Msg: "default 10 is outside [1, 9]"}}},
		{"bool default is a string", withParams("    - name: a\n      type: bool\n      default: 'true'\n"), []want{
			{Line: 10, Field: "spec.parameters[0].default", Msg: `a bool parameter needs true or false as default, not "true"`}}},
		{"string default is a number", withParams("    - name: a\n      default: 8080\n"), []want{
			{Line: 9, Field: "spec.parameters[0].default", Msg: "a string parameter needs a string default, not the number 8080", Fix: "quote it: '8080'"}}},
		{"string default against pattern", withParams("    - name: a\n      pattern: '^[a-z]+$'\n      default: Orders\n"), []want{
			{Line: 10, Field: "spec.parameters[0].default", Msg: `default "Orders" does not match pattern ^[a-z]+$`}}},
		{"select default not an option", withParams("    - name: a\n      type: select\n      options: [none, postgres]\n      default: mysql\n"), []want{
			{Line: 11, Field: "spec.parameters[0].default", Msg: `default "mysql" is not one of the options`, Fix: "one of: none, postgres"}}},
		{"multiselect default not a subset", withParams("    - name: a\n      type: multiselect\n      options: [x, y]\n      default: [x, z]\n"), []want{
			{Line: 11, Field: "spec.parameters[0].default[1]", Msg: `default "z" is not one of the options`}}},
		{"multiselect default not a list", withParams("    - name: a\n      type: multiselect\n      options: [x, y]\n      default: x\n"), []want{
			{Line: 11, Field: "spec.parameters[0].default", Msg: `a multiselect parameter needs a list as default, not "x"`}}},
		{"when reads a later parameter", withParams("    - name: migrations\n      type: bool\n      when: '{{ ne .Values.database \"none\" }}'\n    - name: database\n"), []want{
			{Line: 10, Field: "spec.parameters[0].when", Msg: `parameter "migrations" refers to .Values.database, which is declared later (spec.parameters[1], line 11)`, Fix: `move "database" above parameter "migrations"`}}},
		{"when reads an unknown parameter", withParams("    - name: database\n    - name: migrations\n      when: '{{ ne .Values.databse \"none\" }}'\n"), []want{
			{Line: 10, Field: "spec.parameters[1].when", Msg: "refers to .Values.databse, which is not a parameter", Fix: "did you mean .Values.database?"}}},
		{"when reads itself", withParams("    - name: a\n      when: '{{ .Values.a }}'\n"), []want{
			{Line: 9, Field: "spec.parameters[0].when", Msg: `parameter "a" refers to itself (.Values.a)`}}},
		{"when without delimiters", withParams("    - name: a\n    - name: b\n      when: 'eq .Values.a \"x\"'\n"), []want{
			{Line: 10, Field: "spec.parameters[1].when", Msg: `when must be a template that renders true or false, found plain text "eq .Values.a \"x\""`, Fix: `'{{ eq .Values.a "x" }}'`}}},
		{"when does not parse", withParams("    - name: a\n    - name: b\n      when: '{{ if .Values.a }}'\n"), []want{
			{Line: 10, Field: "spec.parameters[1].when", Msg: "template does not parse: unexpected EOF"}}},
		{"when reads an unknown root", withParams("    - name: a\n    - name: b\n      when: '{{ .Value.a }}'\n"), []want{
			{Line: 10, Field: "spec.parameters[1].when", Msg: "unknown field .Value", Fix: "did you mean .Values?"}}},
		{"templated default reads a later parameter", withParams("    - name: image\n      default: '{{ .Values.name }}:latest'\n    - name: name\n"), []want{
			{Line: 9, Field: "spec.parameters[0].default", Msg: `parameter "image" refers to .Values.name, which is declared later (spec.parameters[1], line 10)`}}},
		{"float default", withParams("    - name: a\n      default: 1.5\n"), []want{
			{Line: 9, Field: "spec.parameters[0].default", Msg: "numbers with a fraction are not a parameter value: 1.5"}}},
		{"delimiters not two", strings.Replace(head, "  version: 1.0.0\n", "  version: 1.0.0\n  delimiters: ['[[']\n", 1) + "    - name: a\n", []want{
			{Line: 7, Field: "spec.delimiters", Msg: "must be exactly two strings (left and right), found 1"}}},
		{"delimiters equal", strings.Replace(head, "  version: 1.0.0\n", "  version: 1.0.0\n  delimiters: ['%%', '%%']\n", 1) + "    - name: a\n", []want{
			{Line: 7, Field: "spec.delimiters", Msg: `left and right delimiters are both "%%"`}}},
		{"delimiters empty", strings.Replace(head, "  version: 1.0.0\n", "  version: 1.0.0\n  delimiters: ['', ']]']\n", 1) + "    - name: a\n", []want{
			{Line: 7, Field: "spec.delimiters", Msg: "delimiters must not be empty"}}},
		{"custom delimiters: default braces are plain text", strings.Replace(head, "  version: 1.0.0\n", "  version: 1.0.0\n  delimiters: ['[[', ']]']\n", 1) +
			"    - name: a\n    - name: b\n      when: '{{ .Values.a }}'\n", []want{
			{Line: 11, Field: "spec.parameters[1].when", Msg: `when must be a template that renders true or false, found plain text "{{ .Values.a }}"`, Fix: "'[[ {{ .Values.a }} ]]'"}}},
		{"file rule glob invalid", withParams("    - name: a\n") + "  files:\n    - path: 'src/[a'\n      when: 'true'\n", []want{
			{Line: 10, Field: "spec.files[0].path", Msg: `invalid glob "src/[a"`}}},
		{"file rule without when or path", withParams("    - name: a\n") + "  files:\n    - {}\n", []want{
			{Line: 10, Field: "spec.files[0].path", Msg: "missing"},
			{Line: 10, Field: "spec.files[0].when", Msg: "missing: a file rule keeps its files only when this renders true"}}},
		{"file rule path under skeleton", withParams("    - name: a\n") + "  files:\n    - path: skeleton/db/**\n      when: 'false'\n", []want{
			{Line: 10, Field: "spec.files[0].path", Msg: `path "skeleton/db/**" is not relative to the generated project`, Fix: `"db/**"`}}},
		{"file rule when reads an unknown parameter", withParams("    - name: a\n") + "  files:\n    - path: db/**\n      when: '{{ .Values.db }}'\n", []want{
			{Line: 11, Field: "spec.files[0].when", Msg: "refers to .Values.db, which is not a parameter"}}},
		{"hook without run", withParams("    - name: a\n") + "  hooks:\n    after:\n      - title: Install\n", []want{
			{Line: 11, Field: "spec.hooks.after[0].run", Msg: "missing: a hook needs a command"}}},
		{"hook run empty list", withParams("    - name: a\n") + "  hooks:\n    after:\n      - run: []\n", []want{
			{Line: 11, Field: "spec.hooks.after[0].run", Msg: "missing: a hook needs a command"}}},
		{"hook run as a shell line", withParams("    - name: a\n") + "  hooks:\n    after:\n      - run: [npm install]\n", []want{
			{Line: 11, Field: "spec.hooks.after[0].run[0]", Msg: `command "npm install" holds spaces`, Fix: "run: [npm, install]"}}},
		{"hook run as a string", withParams("    - name: a\n") + "  hooks:\n    after:\n      - run: npm install\n", []want{
			{Line: 11, Field: "spec.hooks.after[0].run", Msg: `must be a list, not "npm install"`},
			{Line: 11, Field: "spec.hooks.after[0].run", Msg: "missing: a hook needs a command"}}},
		{"hook unknown field", withParams("    - name: a\n") + "  hooks:\n    before:\n      - run: [x]\n", []want{
			{Line: 10, Field: "spec.hooks.before", Msg: `unknown field "before"`, Fix: "known fields: after"}}},
		{"next step reads an unknown parameter", withParams("    - name: a\n") + "  nextSteps:\n    - cd {{ .Values.nme }}\n", []want{
			{Line: 10, Field: "spec.nextSteps[0]", Msg: "refers to .Values.nme, which is not a parameter"}}},
		{"feature without name", withParams("    - name: a\n") + "  features:\n    - description: logs\n", []want{
			{Line: 10, Field: "spec.features[0].name", Msg: "missing"}}},
		{"migration version invalid", withParams("    - name: a\n") + "  migrations:\n    - version: two\n", []want{
			{Line: 10, Field: "spec.migrations[0].version", Msg: `invalid version "two"`}}},
		{"migration newer than the template", withParams("    - name: a\n") + "  migrations:\n    - version: 2.0.0\n", []want{
			{Line: 10, Field: "spec.migrations[0].version", Msg: "migration 2.0.0 is newer than the template's version 1.0.0"}}},
		{"migration duplicate", withParams("    - name: a\n") + "  migrations:\n    - version: 0.9.0\n    - version: 0.9.0\n", []want{
			{Line: 11, Field: "spec.migrations[1].version", Msg: "duplicate migration for 0.9.0"}}},
		{"every problem at once, in line order", withParams("    - name: a\n      type: nope\n    - name: b-c\n      type: int\n      min: 5\n      max: 1\n      bogus: 1\n"), []want{
			{Line: 9, Field: "spec.parameters[0].type", Msg: `unknown type "nope"`},
			{Line: 10, Field: "spec.parameters[1].name", Msg: `invalid name "b-c"`},
			{Line: 13, Field: "spec.parameters[1].max", Msg: "max 1 is below min 5"},
			{Line: 14, Field: "spec.parameters[1].bogus", Msg: `unknown field "bogus"`}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m, err := Parse([]byte(tt.yaml), "tpl/template.yaml")
			if err == nil {
				t.Fatalf("Parse() = %+v, want errors", m)
			}
			var es Errors
			if !errors.As(err, &es) {
				t.Fatalf("Parse() error %T %v, want Errors", err, err)
			}
			if len(es) != len(tt.want) {
				t.Fatalf("Parse() gave %d problems, want %d:\n%v", len(es), len(tt.want), err)
			}
			for i, w := range tt.want {
				e := es[i]
				if e.File != "tpl/template.yaml" {
					t.Errorf("problem %d: File = %q, want tpl/template.yaml", i, e.File)
				}
				if e.Line != w.Line || e.Field != w.Field || e.Msg != w.Msg {
					t.Errorf("problem %d = line %d, field %q, msg %q\nwant line %d, field %q, msg %q", i, e.Line, e.Field, e.Msg, w.Line, w.Field, w.Msg)
				}
				if w.Fix != "" && !strings.Contains(e.Fix, w.Fix) {
					t.Errorf("problem %d: Fix = %q, want it to contain %q", i, e.Fix, w.Fix)
				}
			}
			if got := es.ExitCode(); got != 2 {
				t.Errorf("ExitCode() = %d, want 2", got)
			}
		})
	}
}

func TestErrorFormat(t *testing.T) {
	t.Parallel()
	one := &Error{File: "template.yaml", Line: 14, Field: "spec.parameters[1].type", Msg: `unknown type "strng"`, Fix: "one of: string"}
	tests := []struct {
		name     string
		err      error
		wantText string
		wantHint string
	}{
		{"one located problem", Errors{one}, `template.yaml:14: spec.parameters[1].type: unknown type "strng"`, "one of: string"},
		{"file-level problem", &Error{File: "template.yaml", Msg: "empty"}, "template.yaml: empty", ""},
		{"several problems list their fixes", Errors{one, {File: "template.yaml", Line: 20, Field: "spec.version", Msg: "missing", Fix: "add version"}},
			"2 problems in template.yaml:\n" +
				"  template.yaml:14: spec.parameters[1].type: unknown type \"strng\"\n      fix: one of: string\n" +
				"  template.yaml:20: spec.version: missing\n      fix: add version", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.err.Error(); got != tt.wantText {
				t.Errorf("Error() = %q, want %q", got, tt.wantText)
			}
			h, _ := tt.err.(interface{ Hint() string })
			if got := h.Hint(); got != tt.wantHint {
				t.Errorf("Hint() = %q, want %q", got, tt.wantHint)
			}
			var e *Error
			if !errors.As(tt.err, &e) {
				t.Errorf("errors.As(*Error) failed")
			}
		})
	}
}

func TestParseValid(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("testdata/full.yaml")
	if err != nil {
		t.Fatal(err)
	}
	m, err := Parse(data, "full.yaml")
	if err != nil {
		t.Fatalf("Parse(full.yaml): %v", err)
	}
	port := 1024
	want := []Parameter{
		{Name: "name", Type: TypeString, Required: true, Pattern: "^[a-z][a-z0-9-]+$", Help: "lowercase", Line: 10},
		{Name: "description", Type: TypeText, Default: "A service.", Line: 14},
		{Name: "port", Type: TypeInt, Default: 8080, Min: &port, Line: 17},
		{Name: "database", Type: TypeSelect, Options: []string{"none", "postgres"}, Default: "none", Line: 21},
		{Name: "migrations", Type: TypeBool, Default: true, When: `[[ ne .Values.database "none" ]]`, Line: 25},
		{Name: "image", Type: TypeString, Default: "[[ .Values.name ]]:latest", Line: 29},
		{Name: "extras", Type: TypeMultiSelect, Options: []string{"metrics", "tracing"}, Default: []string{"metrics"}, Line: 31},
		{Name: "replicas", Type: TypeSelect, Options: []string{"1", "3"}, Default: "3", Line: 35},
	}
	if diff := cmp.Diff(want, m.Spec.Parameters); diff != "" {
		t.Errorf("parameters (-want +got):\n%s", diff)
	}
	if l, r := m.Delims(); l != "[[" || r != "]]" {
		t.Errorf("Delims() = %q, %q, want [[, ]]", l, r)
	}
	if p := m.Param("port"); p == nil || p.Default != 8080 {
		t.Errorf("Param(port) = %+v", p)
	}
	if p := m.Param("nope"); p != nil {
		t.Errorf("Param(nope) = %+v, want nil", p)
	}
	if got := m.Spec.Files[0]; got.Path != "db/**" || got.Line != 40 {
		t.Errorf("Files[0] = %+v", got)
	}
	if got := m.Spec.Hooks.After[0]; got.Run[0] != "npm" || got.Line != 44 {
		t.Errorf("Hooks.After[0] = %+v", got)
	}
	if got := m.Spec.Migrations[0]; got.Rename["db"] != "database" || got.Defaults["port"] != 8080 {
		t.Errorf("Migrations[0] = %+v", got)
	}
}

func TestParseRoundTrip(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("testdata/full.yaml")
	if err != nil {
		t.Fatal(err)
	}
	m, err := Parse(data, "full.yaml")
	if err != nil {
		t.Fatal(err)
	}
	out, err := yaml.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	again, err := Parse(out, "marshalled.yaml")
	if err != nil {
		t.Fatalf("Parse(Marshal(m)): %v\n%s", err, out)
	}
	ignoreLines := cmpopts.IgnoreFields(Parameter{}, "Line")
	if diff := cmp.Diff(m, again, ignoreLines, cmpopts.IgnoreFields(FileRule{}, "Line"), cmpopts.IgnoreFields(Hook{}, "Line")); diff != "" {
		t.Errorf("round trip (-first +second):\n%s", diff)
	}
}

func TestDefaults(t *testing.T) {
	t.Parallel()
	m, err := Parse([]byte(withParams("    - name: a\n")), "template.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Spec.Parameters[0].Type; got != TypeString {
		t.Errorf("default Type = %q, want string", got)
	}
	if l, r := m.Delims(); l != "{{" || r != "}}" {
		t.Errorf("Delims() = %q, %q, want {{, }}", l, r)
	}
}

func TestParseAnchorsAndMergeKeys(t *testing.T) {
	t.Parallel()
	doc := withParams(`    - &port
      name: port
      type: int
      default: 8080
      min: 1
    - <<: *port
      name: adminPort
      default: 9090
    - name: copy
      type: *type
`)
	doc = strings.Replace(doc, "  version: 1.0.0\n", "  version: 1.0.0\n  type: &type int\n", 1)
	m, err := Parse([]byte(doc), "template.yaml")
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	admin := m.Param("adminPort")
	if admin == nil || admin.Type != TypeInt || admin.Default != 9090 || admin.Min == nil || *admin.Min != 1 {
		t.Errorf("adminPort = %+v, want the anchor's int type and min with its own name and default", admin)
	}
	if c := m.Param("copy"); c == nil || c.Type != TypeInt {
		t.Errorf("copy = %+v, want the aliased type int", c)
	}

	_, err = Parse([]byte(withParams("    - &a {name: a, bogus: 1}\n    - <<: *a\n      name: b\n")), "template.yaml")
	var es Errors
	if !errors.As(err, &es) || len(es) != 2 || es[0].Field != "spec.parameters[0].bogus" || es[1].Field != "spec.parameters[1].bogus" {
		t.Errorf("unknown field through a merge key: %v, want it reported for both parameters", err)
	}
}

func TestLoad(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		fsys    fstest.MapFS
		wantErr string
	}{
		{"reads template.yaml at the root", fstest.MapFS{"template.yaml": {Data: []byte(withParams("    - name: a\n"))}}, ""},
		{"missing template.yaml", fstest.MapFS{"skeleton/README.md": {}}, "template.yaml: not found at the template's root"},
		{"broken template.yaml names the file", fstest.MapFS{"template.yaml": {Data: []byte("kind: [")}}, "template.yaml:1: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Load(tt.fsys)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("Load() = %v", err)
			case tt.wantErr != "" && (err == nil || !strings.HasPrefix(err.Error(), tt.wantErr)):
				t.Fatalf("Load() = %v, want prefix %q", err, tt.wantErr)
			}
		})
	}
}

func TestReferences(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		text        string
		wantRefs    []string
		wantUnknown []string
	}{
		{"plain field", "{{ .Values.a }}", []string{"a"}, nil},
		{"in a pipeline and a condition", `{{ if eq .Values.a "x" }}{{ .Values.b | upper }}{{ end }}`, []string{"a", "b"}, nil},
		{"root variable", "{{ range .Values.list }}{{ $.Values.c }}{{ .Name }}{{ end }}", []string{"list", "c"}, nil},
		{"unknown root", "{{ .Value.a }}{{ .Template.Name }}", nil, []string{"Value"}},
		{"no actions", "plain text", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			refs, unknown, err := References(tt.text, "{{", "}}")
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, r := range refs {
				names = append(names, r.Name)
			}
			if diff := cmp.Diff(tt.wantRefs, names); diff != "" {
				t.Errorf("References(%q) refs (-want +got):\n%s", tt.text, diff)
			}
			if diff := cmp.Diff(tt.wantUnknown, unknown); diff != "" {
				t.Errorf("References(%q) unknown (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

func TestUsage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		text      string
		wantNames []string
		wantWhole bool
	}{
		{"fields", "{{ .Values.a }}{{ .Values.b.c }}{{ .Values.a }}", []string{"a", "b"}, false},
		{"index with a literal key", `{{ index .Values "x" }}{{ index $.Values "y" }}`, []string{"x", "y"}, false},
		{"index with a computed key reads anything", `{{ index .Values .Template.Name }}`, nil, true},
		{"whole values", "{{ toYaml .Values }}", nil, true},
		{"root variable whole", "{{ range $k, $v := $.Values }}{{ $k }}{{ end }}", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			names, whole, err := Usage(tt.text, "{{", "}}")
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.wantNames, names); diff != "" || whole != tt.wantWhole {
				t.Errorf("Usage(%q) = %v, %v; want %v, %v", tt.text, names, whole, tt.wantNames, tt.wantWhole)
			}
		})
	}
}
