package catalog

import (
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func mustParse(t testing.TB, src string) []*Entity {
	t.Helper()
	ents, err := Parse([]byte(src), ParseOptions{File: "catalog-info.yaml"})
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return ents
}

func openTest(t testing.TB) Store {
	t.Helper()
	s, err := Open(t.Context(), filepath.Join(t.TempDir(), "sub", "catalog.db"))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

const ordersYAML = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: orders
  title: Orders service
  description: Takes and tracks customer orders
  tags: [node, http]
spec:
  type: service
  lifecycle: production
  owner: payments
  system: commerce
  providesApis: [orders-api]
  dependsOn: [resource:orders-db]
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: payments
spec:
  type: team
  children: []
`

func TestStoreUpsertGetList(t *testing.T) { eachBackend(t, testStoreUpsertGetList) }

func testStoreUpsertGetList(t *testing.T, b backend) {
	ctx := t.Context()
	s := b.open(t)
	ents := mustParse(t, ordersYAML)
	for _, e := range ents {
		e.SetSource("file:/repo/orders", "file:/repo/orders", "")
	}
	changes, err := s.Upsert(ctx, ents)
	if err != nil {
		t.Fatal(err)
	}
	want := []Change{{Ref: "component:default/orders", Status: Added}, {Ref: "group:default/payments", Status: Added}}
	if diff := cmp.Diff(want, changes); diff != "" {
		t.Errorf("first Upsert (-want +got):\n%s", diff)
	}
	changes, err = s.Upsert(ctx, ents)
	if err != nil {
		t.Fatal(err)
	}
	if changes[0].Status != Unchanged {
		t.Errorf("second Upsert status = %s, want unchanged", changes[0].Status)
	}
	other := mustParse(t, ordersYAML)[:1]
	other[0].SetSource("file:/elsewhere", "file:/elsewhere", "")
	changes, err = s.Upsert(ctx, other)
	if err != nil {
		t.Fatal(err)
	}
	if changes[0].Status != Conflict || changes[0].Origin != "file:/repo/orders" {
		t.Errorf("Upsert from another location = %+v, want a conflict naming file:/repo/orders", changes[0])
	}

	got, err := s.Get(ctx, "orders")
	if err != nil {
		t.Fatal(err)
	}
	wantRels := []Relation{
		{Type: RelDependsOn, TargetRef: "resource:default/orders-db", Unresolved: true},
		{Type: RelOwnedBy, TargetRef: "group:default/payments"},
		{Type: RelPartOf, TargetRef: "system:default/commerce", Unresolved: true},
		{Type: RelProvidesAPI, TargetRef: "api:default/orders-api", Unresolved: true},
	}
	if diff := cmp.Diff(wantRels, got.Relations); diff != "" {
		t.Errorf("Get(orders).Relations (-want +got):\n%s", diff)
	}
	g, err := s.Get(ctx, "group:payments")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]Relation{{Type: RelOwnerOf, TargetRef: "component:default/orders"}}, g.Relations); diff != "" {
		t.Errorf("Get(group:payments).Relations (-want +got):\n%s", diff)
	}
	if _, err := s.Get(ctx, "nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get(nope) = %v, want ErrNotFound", err)
	}

	tests := []struct {
		name string
		f    Filter
		want []string
	}{
		{"no filter lists everything sorted", Filter{}, []string{"component:default/orders", "group:default/payments"}},
		{"owner without kind defaults to group", Filter{Owner: "payments"}, []string{"component:default/orders"}},
		{"kind ignores case", Filter{Kind: "GROUP"}, []string{"group:default/payments"}},
		{"tag", Filter{Tag: "HTTP"}, []string{"component:default/orders"}},
		{"full text on description prefix", Filter{Query: "custom"}, []string{"component:default/orders"}},
		{"full text needs every word", Filter{Query: "orders python"}, nil},
		{"system", Filter{System: "commerce", Lifecycle: "Production"}, []string{"component:default/orders"}},
		{"type mismatch", Filter{Type: "website"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			list, err := s.List(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			var refs []string
			for _, e := range list {
				refs = append(refs, e.Ref().String())
			}
			if diff := cmp.Diff(tt.want, refs); diff != "" {
				t.Errorf("List(%+v) (-want +got):\n%s", tt.f, diff)
			}
		})
	}

	if _, err := s.Upsert(ctx, []*Entity{ents[0], ents[0]}); err == nil || !strings.Contains(err.Error(), "appears twice") {
		t.Errorf("Upsert of a duplicate = %v, want an error", err)
	}
	if err := s.Remove(ctx, "group:payments"); err != nil {
		t.Fatal(err)
	}
	if err := s.Remove(ctx, "group:payments"); !errors.Is(err, ErrNotFound) {
		t.Errorf("second Remove = %v, want ErrNotFound", err)
	}
}

func TestStoreScores(t *testing.T) { eachBackend(t, testStoreScores) }

func testStoreScores(t *testing.T, b backend) {
	ctx := t.Context()
	s := b.open(t)
	base := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for i, lvl := range []string{"bronze", "silver", "gold"} {
		err := s.RecordScore(ctx, ScoreRecord{EntityRef: "component:default/orders", Rubric: "production-readiness", Level: lvl,
			Score: float64(i) / 2, Passed: i, Failed: 2 - i, Total: 2, At: base.Add(time.Duration(i) * time.Hour), Report: json.RawMessage(`{"ok":true}`)})
		if err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.Scores(ctx, "Component:orders", 2)
	if err != nil {
		t.Fatal(err)
	}
	want := []ScoreRecord{
		{EntityRef: "component:default/orders", Rubric: "production-readiness", Level: "gold", Score: 1, Passed: 2, Total: 2, At: base.Add(2 * time.Hour), Report: json.RawMessage(`{"ok":true}`)},
		{EntityRef: "component:default/orders", Rubric: "production-readiness", Level: "silver", Score: 0.5, Passed: 1, Failed: 1, Total: 2, At: base.Add(time.Hour), Report: json.RawMessage(`{"ok":true}`)},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Scores (-want +got):\n%s", diff)
	}
}

func TestSourceLocation(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, location, annotation, want, wantLocal string
	}{
		{"registered folder", "file:/src/orders", "", "/src/orders", "/src/orders"},
		{"imported file", "file:/src/orders/catalog-info.yaml", "", "/src/orders", "/src/orders"},
		{"imported catalog file", "file:/src/org/teams.catalog.yaml", "", "/src/org", "/src/org"},
		{"git source", "url:git::https://host/org/orders.git", "", "git::https://host/org/orders.git", ""},
		{"git file at the root", "url:git::https://host/org/orders.git//catalog-info.yaml", "", "git::https://host/org/orders.git", ""},
		{"git file in a folder", "url:git::https://host/org/mono.git//svc/a/catalog-info.yaml", "", "git::https://host/org/mono.git//svc/a", ""},
		{"source-location wins", "file:/src/orders", "url:https://github.com/acme/orders/tree/main/", "https://github.com/acme/orders/tree/main/", "/src/orders"},
		{"nothing", "", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := mustParse(t, component("", ""))[0]
			e.SetSource(tt.location, tt.location, "")
			if tt.annotation != "" {
				e.setAnnotation(AnnotationSourceLocation, tt.annotation)
			}
			if got := e.SourceLocation(); got != tt.want {
				t.Errorf("SourceLocation() with %q = %q, want %q", tt.location, got, tt.want)
			}
			if got := e.LocalDir(); got != tt.wantLocal {
				t.Errorf("LocalDir() with %q = %q, want %q", tt.location, got, tt.wantLocal)
			}
		})
	}
}

// TestStoreSearchWithFilters checks that a search combined with filters
// finds what the search and the filters find apart, whether the filters
// leave few entities (searched alone) or many (searched in the whole index).
func TestStoreSearchWithFilters(t *testing.T) { eachBackend(t, testStoreSearchWithFilters) }

func testStoreSearchWithFilters(t *testing.T, b backend) {
	s := b.open(t)
	ctx := t.Context()
	n := pickLimit + 100
	var ents []*Entity
	for i := range n {
		ents = append(ents, mustParse(t, genEntity(i))...)
	}
	if _, err := s.Upsert(ctx, ents); err != nil {
		t.Fatal(err)
	}
	refs := func(f Filter) []string {
		t.Helper()
		sums, err := s.Summaries(ctx, f)
		if err != nil {
			t.Fatalf("Summaries(%+v): %v", f, err)
		}
		var out []string
		for _, sum := range sums {
			out = append(out, sum.Ref)
		}
		return out
	}
	tests := []struct {
		name string
		f    Filter
		want int
	}{
		{"few entities left by the filter", Filter{Owner: "team-7", Query: "orders"}, 2},
		{"few entities, a prefix", Filter{Owner: "team-7", Query: "hand"}, 2},
		{"few entities, a word none has", Filter{Owner: "team-7", Query: "python"}, 0},
		{"few entities, several words", Filter{Owner: "team-7", Query: "region word7 generat"}, 1},
		{"few entities, words from every column", Filter{System: "sys-3", Lifecycle: "production", Query: "svc service 3 lang"}, 1},
		{"many entities left by the filter", Filter{Kind: "component", Query: "word7"}, 11},
		{"many entities, a common word", Filter{Kind: "component", Query: "orders"}, n},
		{"many entities, tag and name words", Filter{Type: "service", Query: "lang-3 svc"}, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := refs(tt.f)
			if tt.want >= 0 && len(got) != tt.want {
				t.Errorf("Summaries(%+v) = %d entities, want %d", tt.f, len(got), tt.want)
			}
			filterOnly, searchOnly := tt.f, Filter{Query: tt.f.Query}
			filterOnly.Query = ""
			inSearch := map[string]bool{}
			for _, r := range refs(searchOnly) {
				inSearch[r] = true
			}
			var want []string
			for _, r := range refs(filterOnly) {
				if inSearch[r] {
					want = append(want, r)
				}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Summaries(%+v) (-filters and search apart +together):\n%s", tt.f, diff)
			}
		})
	}
}

// TestStoreDocuments checks that Documents returns what List's entities
// encode to, byte for byte.
func TestStoreDocuments(t *testing.T) { eachBackend(t, testStoreDocuments) }

func testStoreDocuments(t *testing.T, b backend) {
	ctx := t.Context()
	s := b.open(t)
	ents := mustParse(t, ordersYAML+"---\n"+`apiVersion: backstage.io/v1alpha1
kind: Resource
metadata:
  name: db
  labels: {tier: "1"}
  links: [{url: "https://example.com/a?b=<c>&d", title: Dash & <board>}]
spec: {type: database, owner: payments, size: 12, ratio: 0.25, on: true, none: null, nested: {list: [1, two, {x: 3}]}}
`)
	ents = append(ents, mustParse(t, genEntity(1))...)
	if _, err := s.Upsert(ctx, ents); err != nil {
		t.Fatal(err)
	}
	for _, f := range []Filter{{}, {Owner: "payments"}, {Query: "orders"}} {
		list, err := s.List(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		docs, err := s.Documents(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		want, err := json.Marshal(list)
		if err != nil {
			t.Fatal(err)
		}
		got, err := json.Marshal(docs)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) == 0 {
			t.Errorf("List(%+v) is empty; the test needs entities", f)
		}
		if diff := cmp.Diff(string(want), string(got)); diff != "" {
			t.Errorf("Documents(%+v) (-List encoded +Documents):\n%s", f, diff)
		}
	}
}
