package catalog

import (
	"encoding/json"
	"errors"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const queryYAML = ordersYAML + `---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: billing
  annotations:
    backstage.io/source-location: url:https://example.com/billing
  tags: [go]
spec:
  type: website
  lifecycle: experimental
  owner: group:default/payments
---
apiVersion: backstage.io/v1alpha1
kind: API
metadata:
  name: orders-api
spec:
  type: openapi
  lifecycle: production
  owner: payments
  definition: "openapi: 3.0.0"
`

func queryStore(t *testing.T) Querier {
	t.Helper()
	st := openTest(t)
	if _, err := st.Upsert(t.Context(), mustParse(t, queryYAML)); err != nil {
		t.Fatal(err)
	}
	q, err := AsQuerier(st)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func names(t *testing.T, docs []json.RawMessage) []string {
	t.Helper()
	out := []string{}
	for _, d := range docs {
		if d == nil {
			out = append(out, "<nil>")
			continue
		}
		var m struct {
			Metadata struct{ Name string }
		}
		if err := json.Unmarshal(d, &m); err != nil {
			t.Fatal(err)
		}
		out = append(out, m.Metadata.Name)
	}
	return out
}

func TestQueryEntities(t *testing.T) {
	q := queryStore(t)
	cond := func(k string, v ...string) FilterCondition { return FilterCondition{Key: k, Values: v} }
	tests := []struct {
		name  string
		query EntityQuery
		want  []string
		total int
	}{
		{"everything, by reference", EntityQuery{Count: true}, []string{"orders-api", "billing", "orders", "payments"}, 4},
		{"kind ignores case", EntityQuery{Filter: []FilterSet{{cond("kind", "component")}}}, []string{"billing", "orders"}, 0},
		{"conditions of one set all hold", EntityQuery{Filter: []FilterSet{{cond("kind", "component"), cond("spec.type", "service")}}}, []string{"orders"}, 0},
		{"sets are alternatives", EntityQuery{Filter: []FilterSet{{cond("kind", "group")}, {cond("spec.type", "openapi")}}}, []string{"orders-api", "payments"}, 0},
		{"a key alone must exist", EntityQuery{Filter: []FilterSet{{cond("metadata.annotations.backstage.io/source-location")}}}, []string{"billing"}, 0},
		{"raw spec values", EntityQuery{Filter: []FilterSet{{cond("spec.owner", "PAYMENTS")}}}, []string{"orders-api", "orders"}, 0},
		{"array elements", EntityQuery{Filter: []FilterSet{{cond("spec.providesApis", "orders-api")}}}, []string{"orders"}, 0},
		{"tags", EntityQuery{Filter: []FilterSet{{cond("metadata.tags", "GO", "http")}}}, []string{"billing", "orders"}, 0},
		{"declared relations", EntityQuery{Filter: []FilterSet{{cond("relations.ownedby", "group:default/payments")}}}, []string{"orders-api", "billing", "orders"}, 0},
		{"inverse relations", EntityQuery{Filter: []FilterSet{{cond("relations.ownerOf", "component:default/billing")}}}, []string{"payments"}, 0},
		{"order desc by name", EntityQuery{Order: []OrderField{{Key: "metadata.name", Desc: true}}}, []string{"payments", "orders-api", "orders", "billing"}, 0},
		{"order by a JSON field, missing last", EntityQuery{Order: []OrderField{{Key: "spec.definition"}}}, []string{"orders-api", "billing", "orders", "payments"}, 0},
		{"offset and limit", EntityQuery{Offset: 1, Limit: 2, Count: true}, []string{"billing", "orders"}, 4},
		{"offset past the end", EntityQuery{Offset: 10, Count: true}, []string{}, 4},
		{"full text", EntityQuery{FullText: "track", Count: true}, []string{"orders"}, 1},
		{"full text of punctuation only", EntityQuery{FullText: "!!"}, []string{}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page, err := q.QueryEntities(t.Context(), tt.query)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, names(t, page.Items)); diff != "" {
				t.Errorf("QueryEntities(%+v) names (-want +got):\n%s", tt.query, diff)
			}
			if page.Total != tt.total {
				t.Errorf("Total = %d, want %d", page.Total, tt.total)
			}
		})
	}
}

func TestQueryEntitiesDocument(t *testing.T) {
	q := queryStore(t)
	page, err := q.QueryEntities(t.Context(), EntityQuery{Filter: []FilterSet{{{Key: "metadata.name", Values: []string{"payments"}}}}})
	if err != nil || len(page.Items) != 1 {
		t.Fatalf("QueryEntities = %v, %v", page, err)
	}
	var doc struct {
		Metadata  map[string]any
		Relations []map[string]any
	}
	if err := json.Unmarshal(page.Items[0], &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Metadata["namespace"] != "default" || doc.Metadata["uid"] == "" || doc.Metadata["etag"] == "" {
		t.Errorf("metadata = %v, want namespace, uid and etag", doc.Metadata)
	}
	var rels []string
	for _, r := range doc.Relations {
		rels = append(rels, r["type"].(string)+" "+r["targetRef"].(string))
	}
	want := []string{"ownerOf api:default/orders-api", "ownerOf component:default/billing", "ownerOf component:default/orders"}
	if !slices.Equal(rels, want) {
		t.Errorf("relations = %q, want %q", rels, want)
	}
	got, err := q.EntityByUID(t.Context(), doc.Metadata["uid"].(string))
	if err != nil || names(t, []json.RawMessage{got})[0] != "payments" {
		t.Errorf("EntityByUID = %s, %v", got, err)
	}
	if _, err := q.EntityByUID(t.Context(), "nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("EntityByUID(nope) = %v, want ErrNotFound", err)
	}
}

func TestEntitiesByRefs(t *testing.T) {
	q := queryStore(t)
	got, err := q.EntitiesByRefs(t.Context(), []string{"component:default/orders", "component:default/nope", "Group:payments"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"orders", "<nil>", "payments"}, names(t, got)); diff != "" {
		t.Errorf("EntitiesByRefs (-want +got):\n%s", diff)
	}
	got, err = q.EntitiesByRefs(t.Context(), []string{"component:default/orders", "group:payments"}, []FilterSet{{{Key: "kind", Values: []string{"group"}}}})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"<nil>", "payments"}, names(t, got)); diff != "" {
		t.Errorf("EntitiesByRefs with a filter (-want +got):\n%s", diff)
	}
	if _, err := q.EntitiesByRefs(t.Context(), []string{"orders"}, nil); !errors.Is(err, ErrBadQuery) {
		t.Errorf("EntitiesByRefs(no kind) = %v, want ErrBadQuery", err)
	}
}

func TestFacets(t *testing.T) {
	q := queryStore(t)
	got, err := q.Facets(t.Context(), []string{"kind", "metadata.tags", "spec.owner", "relations.ownedBy", "spec.nothing"}, []FilterSet{{{Key: "kind", Values: []string{"component", "api"}}}})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]FacetCount{
		"kind":              {{"Component", 2}, {"API", 1}},
		"metadata.tags":     {{"go", 1}, {"http", 1}, {"node", 1}},
		"spec.owner":        {{"payments", 2}, {"group:default/payments", 1}},
		"relations.ownedBy": {{"group:default/payments", 3}},
		"spec.nothing":      {},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Facets (-want +got):\n%s", diff)
	}
}

func TestQueryBadKeys(t *testing.T) {
	q := queryStore(t)
	for _, key := range []string{`spec."x`, "spec..type", ".kind", `a\b`} {
		_, err := q.QueryEntities(t.Context(), EntityQuery{Filter: []FilterSet{{{Key: key}}}})
		if !errors.Is(err, ErrBadQuery) {
			t.Errorf("filter on %q: %v, want ErrBadQuery", key, err)
		}
		_, err = q.QueryEntities(t.Context(), EntityQuery{Order: []OrderField{{Key: key}}})
		if !errors.Is(err, ErrBadQuery) {
			t.Errorf("order on %q: %v, want ErrBadQuery", key, err)
		}
	}
}
