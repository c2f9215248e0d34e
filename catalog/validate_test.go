package catalog

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// component builds a valid Component document with the metadata and spec
// lines given spliced in.
func component(metadata, spec string) string {
	return "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: orders\n" + metadata +
		"spec:\n  type: service\n  lifecycle: production\n  owner: payments\n" + spec
}

func TestParseValid(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		src  string
	}{
		{"minimal component", component("", "")},
		{"name with dots, dashes and underscores", strings.Replace(component("", ""), "name: orders", "name: a.b-c_d9", 1)},
		{"name of 63 characters", strings.Replace(component("", ""), "name: orders", "name: "+strings.Repeat("a", 63), 1)},
		{"upper-case name", strings.Replace(component("", ""), "name: orders", "name: Orders", 1)},
		{"namespace", component("  namespace: team-a\n", "")},
		{"label with a prefix", component("  labels:\n    acme.example/tier: gold\n", "")},
		{"empty label value", component("  labels:\n    tier: ''\n", "")},
		{"annotation with any value", component("  annotations:\n    backstage.io/techdocs-ref: 'dir:. with spaces!'\n", "")},
		{"tags with :+#", component("  tags: [c++, 'c#', java, 'k8s:v1', multi-word-tag]\n", "")},
		{"links", component("  links:\n    - url: https://x.example\n      title: X\n      icon: dashboard\n      type: admin\n", "")},
		{"unknown metadata and spec fields are kept", component("  uid: '123'\n  generation: 3\n", "  x-custom: {a: 1}\n")},
		{"reference names may hold slashes and colons, as Backstage reads them", component("", "  system: a:b/c/d\n")},
		{"URL placeholders are kept as references", component("", "  x: {$text: 'https://example.com/openapi.yaml'}\n")},
		{"unknown placeholders are left alone", component("", "  x: {$file: ./a}\n  schema: {$ref: '#/definitions/a'}\n")},
		{"names with consecutive separators", strings.Replace(component("", ""), "name: orders", "name: my--svc_.x", 1)},
		{"template", "apiVersion: scaffolder.backstage.io/v1beta3\nkind: Template\nmetadata: {name: t}\nspec: {type: service, owner: g, steps: [{action: fetch:plain}], parameters: [{title: P, properties: {name: {type: string}}}]}\n"},
		{"dependsOn with kinds", component("", "  dependsOn: [resource:db, component:other/thing]\n")},
		{"full references", component("", "  system: system:default/commerce\n  providesApis: [api:ns/x]\n")},
		{"api with definition", "apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata: {name: a}\nspec: {type: openapi, lifecycle: production, owner: g, definition: 'openapi: 3.0.0'}\n"},
		{"group with empty children", "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: {name: g}\nspec: {type: team, children: []}\n"},
		{"user with empty memberOf", "apiVersion: backstage.io/v1alpha1\nkind: User\nmetadata: {name: u}\nspec: {memberOf: []}\n"},
		{"system, domain, resource", "apiVersion: backstage.io/v1alpha1\nkind: System\nmetadata: {name: s}\nspec: {owner: g, domain: d}\n---\napiVersion: backstage.io/v1alpha1\nkind: Domain\nmetadata: {name: d}\nspec: {owner: g}\n---\napiVersion: backstage.io/v1alpha1\nkind: Resource\nmetadata: {name: r}\nspec: {type: database, owner: g}\n"},
		{"location", "apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata: {name: l}\nspec: {targets: [./a.yaml]}\n"},
		{"v1beta1 is accepted", strings.Replace(component("", ""), "v1alpha1", "v1beta1", 1)},
		{"empty documents are skipped", "---\n" + component("", "") + "---\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ents, err := Parse([]byte(tt.src), ParseOptions{File: "catalog-info.yaml"})
			if err != nil {
				t.Fatalf("Parse(%q) = %v, want no error", tt.name, err)
			}
			if len(ents) == 0 {
				t.Fatalf("Parse(%q) found no entities", tt.name)
			}
		})
	}
}

func TestParseInvalid(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		src   string
		field string // the field the error names
		rule  string // a piece of the rule or message
		line  int
	}{
		{"name with a space", strings.Replace(component("", ""), "name: orders", "name: my orders", 1), "metadata.name", "[-_.]", 4},
		{"name ending in a dash", strings.Replace(component("", ""), "name: orders", "name: orders-", 1), "metadata.name", "starting and ending", 4},
		{"name of 64 characters", strings.Replace(component("", ""), "name: orders", "name: "+strings.Repeat("a", 64), 1), "metadata.name", "1-63", 4},
		{"missing name", strings.Replace(component("", ""), "  name: orders\n", "  title: x\n", 1), "metadata.name", "is required", 0},
		{"upper-case namespace", component("  namespace: Team-A\n", ""), "metadata.namespace", "DNS label", 5},
		{"namespace with underscore", component("  namespace: team_a\n", ""), "metadata.namespace", "DNS label", 5},
		{"label key with two slashes", component("  labels:\n    a/b/c: x\n", ""), `metadata.labels["a/b/c"]`, "label key", 6},
		{"label key with a bad prefix", component("  labels:\n    Acme.example/tier: x\n", ""), `metadata.labels["Acme.example/tier"]`, "DNS-subdomain", 6},
		{"label value with a space", component("  labels:\n    tier: gold plated\n", ""), "metadata.labels.tier", "label value", 6},
		{"label value not a string", component("  labels:\n    tier: 1\n", ""), "metadata.labels.tier", "must be a string", 6},
		{"annotation key too long", component("  annotations:\n    "+strings.Repeat("a", 64)+": x\n", ""), "metadata.annotations.", "annotation key", 6},
		{"annotation value not a string", component("  annotations:\n    a: true\n", ""), "metadata.annotations.a", "must be a string", 6},
		{"upper-case tag", component("  tags: [Java]\n", ""), "metadata.tags[0]", "lowercase", 5},
		{"tag with a space", component("  tags: [java, 'big data']\n", ""), "metadata.tags[1]", "joined by single dashes", 5},
		{"tag with a double dash", component("  tags: [a--b]\n", ""), "metadata.tags[0]", "single dashes", 5},
		{"tags not a list", component("  tags: java\n", ""), "metadata.tags", "list", 5},
		{"link without url", component("  links:\n    - title: x\n", ""), "metadata.links[0].url", "required", 6},
		{"empty title", component("  title: ''\n", ""), "metadata.title", "must not be empty", 5},
		{"missing apiVersion", strings.Replace(component("", ""), "apiVersion: backstage.io/v1alpha1\n", "", 1), "apiVersion", "required", 0},
		{"foreign apiVersion", strings.Replace(component("", ""), "backstage.io/v1alpha1", "acme.io/v1", 1), "kind", "No processor recognized", 2},
		{"unknown kind", strings.Replace(component("", ""), "kind: Component", "kind: Service", 1), "kind", "No processor recognized", 2},
		{"template under a backstage.io apiVersion", "apiVersion: backstage.io/v1alpha1\nkind: Template\nmetadata: {name: t}\nspec: {type: service, steps: []}\n", "kind", "No processor recognized", 2},
		{"template without steps", "apiVersion: scaffolder.backstage.io/v1beta3\nkind: Template\nmetadata: {name: t}\nspec: {type: service}\n", "spec.steps", "required", 4},
		{"template step without action", "apiVersion: scaffolder.backstage.io/v1beta3\nkind: Template\nmetadata: {name: t}\nspec:\n  type: service\n  steps:\n    - id: x\n", "spec.steps[0]", "action", 7},
		{"location without spec", "apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata: {name: l}\n", "spec", "required", 1},
		{"foreign root field", component("", "") + "status: {}\n", "status", "Unknown field status", 9},
		{"uid not a string", component("  uid: 123\n", ""), "metadata.uid", "must be a string", 5},
		{"link that is not a URL", component("  links: [{url: /docs/runbook}]\n", ""), "metadata.links[0].url", "valid url", 5},
		{"link with a blank title", component("  links: [{url: 'https://x.dev', title: ' '}]\n", ""), "metadata.links[0].title", "non empty", 5},
		{"lower-case kind", strings.Replace(component("", ""), "kind: Component", "kind: component", 1), "kind", "case-sensitive", 2},
		{"component without type", strings.Replace(component("", ""), "  type: service\n", "", 1), "spec.type", "required for kind Component", 0},
		{"component without lifecycle", strings.Replace(component("", ""), "  lifecycle: production\n", "", 1), "spec.lifecycle", "required", 0},
		{"component without owner", strings.Replace(component("", ""), "  owner: payments\n", "", 1), "spec.owner", "required", 0},
		{"empty owner", strings.Replace(component("", ""), "owner: payments", "owner: ''", 1), "spec.owner", "must not be empty", 8},
		{"owner with empty kind", strings.Replace(component("", ""), "owner: payments", "owner: ':payments'", 1), "spec.owner", "was not on the form", 8},
		{"dependsOn without kind", component("", "  dependsOn: [orders-db]\n"), "spec.dependsOn[0]", "missing or empty kind", 9},
		{"providesApis not a list", component("", "  providesApis: orders-api\n"), "spec.providesApis", "must be a list", 9},
		{"api without definition", "apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata: {name: a}\nspec: {type: openapi, lifecycle: production, owner: g}\n", "spec.definition", "required for kind API", 4},
		{"api definition as a mapping", "apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata: {name: a}\nspec:\n  type: openapi\n  lifecycle: production\n  owner: g\n  definition: {openapi: 3}\n", "spec.definition", "must be a string", 8},
		{"group without children", "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: {name: g}\nspec: {type: team}\n", "spec.children", "required for kind Group", 4},
		{"user without memberOf", "apiVersion: backstage.io/v1alpha1\nkind: User\nmetadata: {name: u}\nspec: {profile: {}}\n", "spec.memberOf", "required for kind User", 4},
		{"system without owner", "apiVersion: backstage.io/v1alpha1\nkind: System\nmetadata: {name: s}\nspec: {domain: d}\n", "spec.owner", "required for kind System", 4},
		{"resource without type", "apiVersion: backstage.io/v1alpha1\nkind: Resource\nmetadata: {name: r}\nspec: {owner: g}\n", "spec.type", "required for kind Resource", 4},
		{"missing spec", "apiVersion: backstage.io/v1alpha1\nkind: Domain\nmetadata: {name: d}\n", "spec", "required for kind Domain", 1},
		{"duplicate in one file ignoring case", component("", "") + "---\n" + strings.Replace(component("", ""), "name: orders", "name: ORDERS", 1), "metadata.name", "already defined in document 1", 10},
		{"not a mapping", "- a\n- b\n", "", "must be a mapping", 1},
		{"broken YAML", "apiVersion: [\n", "", "not valid YAML", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse([]byte(tt.src), ParseOptions{File: "catalog-info.yaml"})
			var errs Errors
			if !errors.As(err, &errs) {
				t.Fatalf("Parse = %v, want Errors", err)
			}
			found := false
			for _, e := range errs {
				if strings.HasPrefix(e.Field, tt.field) && strings.Contains(e.Error()+" "+e.Fix, tt.rule) && (tt.line == 0 || e.Line == tt.line) {
					found = true
					if e.File != "catalog-info.yaml" || !strings.HasPrefix(e.Error(), "catalog-info.yaml") {
						t.Errorf("error %q does not name the file", e)
					}
				}
			}
			if !found {
				t.Errorf("Parse errors = %v\nwant one on field %q (line %d) mentioning %q", err, tt.field, tt.line, tt.rule)
			}
			if ExitCodeOf(err) != 2 {
				t.Errorf("exit code = %d, want 2", ExitCodeOf(err))
			}
		})
	}
}

// ExitCodeOf mirrors cmdutil.ExitCode for the catalog's error types.
func ExitCodeOf(err error) int {
	var c interface{ ExitCode() int }
	if errors.As(err, &c) {
		return c.ExitCode()
	}
	return 1
}

func TestParseRef(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, kind, ns string
		want         string
		wantErr      string
	}{
		{"orders", "component", "default", "component:default/orders", ""},
		{"group:payments", "", "default", "group:default/payments", ""},
		{"API:ns/Orders-API", "", "default", "api:ns/Orders-API", ""},
		{"team-a/x", "group", "default", "group:team-a/x", ""},
		{"x", "group", "other", "group:other/x", ""},
		{"db", "", "default", "", "needs a kind"},
		{":x", "group", "default", "", "empty kind"},
		{"a:/x", "group", "default", "", "empty namespace"},
		{"a:b/", "group", "default", "", "no name"},
		{"a:b/c/d", "group", "default", "", "is not [kind:][namespace/]name"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			r, err := ParseRef(tt.in, tt.kind, tt.ns)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("ParseRef(%q) = %v, %v; want error containing %q", tt.in, r, err, tt.wantErr)
				}
				return
			}
			if err != nil || r.String() != tt.want {
				t.Errorf("ParseRef(%q) = %q, %v; want %q", tt.in, r.String(), err, tt.want)
			}
		})
	}
}

func TestParseLenient(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		file      string
		wantRefs  []string // lenient
		wantError bool     // strict
	}{
		{"a valid file reads the same", "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: a}\nspec: {type: service, lifecycle: production, owner: team}\n",
			[]string{"component:default/a"}, false},
		{"missing spec fields are kept", "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: a}\nspec: {owner: team}\n",
			[]string{"component:default/a"}, true},
		{"a bad name is kept", "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: 'not a name!'}\nspec: {owner: team}\n",
			[]string{"component:default/not a name!"}, true},
		{"duplicates are kept", "kind: Component\nmetadata: {name: a}\n---\nkind: Component\nmetadata: {name: a}\n",
			[]string{"component:default/a", "component:default/a"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ents, err := Parse([]byte(tt.file), ParseOptions{File: "catalog-info.yaml", Lenient: true})
			if err != nil {
				t.Fatalf("Parse(Lenient) error: %v", err)
			}
			var got []string
			for _, e := range ents {
				got = append(got, e.Ref().String())
			}
			if diff := cmp.Diff(tt.wantRefs, got); diff != "" {
				t.Errorf("Parse(Lenient) refs (-want +got):\n%s", diff)
			}
			if _, err := Parse([]byte(tt.file), ParseOptions{File: "catalog-info.yaml"}); (err != nil) != tt.wantError {
				t.Errorf("Parse(strict) error = %v, want error %v", err, tt.wantError)
			}
		})
	}
	if _, err := Parse([]byte("kind: [unclosed\n"), ParseOptions{File: "catalog-info.yaml", Lenient: true}); err == nil {
		t.Error("Parse(Lenient) of broken YAML: no error, want one")
	}
}
