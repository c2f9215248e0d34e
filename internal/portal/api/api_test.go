package api_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paved-dev/paved/catalog"
	"github.com/paved-dev/paved/internal/portal/api"
)

// exampleStore is a real SQLite catalog holding examples/catalog.
func exampleStore(t testing.TB) catalog.Store {
	t.Helper()
	ctx := context.Background()
	st, err := catalog.Open(ctx, filepath.Join(t.TempDir(), "catalog.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	root, err := filepath.Abs("../../../examples/catalog")
	if err != nil {
		t.Fatal(err)
	}
	files, err := catalog.FindFiles(ctx, root)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := catalog.Import(ctx, st, catalog.Source{Root: root, Origin: "file:" + root}, files, catalog.ImportOptions{})
	if err != nil || rep.Invalid() > 0 {
		t.Fatalf("Import = %v, %d invalid", err, rep.Invalid())
	}
	if err := st.RecordScore(ctx, catalog.ScoreRecord{EntityRef: "component:default/orders", Rubric: "default", Level: "bronze", Score: 40, Passed: 2, Failed: 3, Total: 5,
		At: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Report: json.RawMessage(`{"checks":[]}`)}); err != nil {
		t.Fatal(err)
	}
	if err := st.RecordScore(ctx, catalog.ScoreRecord{EntityRef: "component:default/orders", Rubric: "default", Level: "silver", Score: 70, Passed: 4, Failed: 1, Total: 5,
		At: time.Date(2026, 1, 8, 0, 0, 0, 0, time.UTC), Report: json.RawMessage(`{"checks":[1]}`)}); err != nil {
		t.Fatal(err)
	}
	return st
}

func newAPI(t testing.TB, o api.Options) http.Handler {
	t.Helper()
	if o.Store == nil {
		o.Store = exampleStore(t)
	}
	mux := http.NewServeMux()
	if err := api.Routes(mux, o); err != nil {
		t.Fatal(err)
	}
	return mux
}

type call struct {
	method, url, body string
	header            map[string]string
}

func do(t testing.TB, h http.Handler, c call) (int, []byte, http.Header) {
	t.Helper()
	if c.method == "" {
		c.method = "GET"
	}
	req := httptest.NewRequest(c.method, c.url, strings.NewReader(c.body))
	for k, v := range c.header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	body, _ := io.ReadAll(rec.Body)
	return rec.Code, body, rec.Header()
}

// names lists metadata.name of the entities in a JSON array.
func names(t testing.TB, body []byte) []string {
	t.Helper()
	var items []struct {
		Metadata struct{ Name string }
	}
	if err := json.Unmarshal(body, &items); err != nil {
		t.Fatalf("not a list of entities: %v\n%s", err, body)
	}
	out := []string{}
	for _, it := range items {
		out = append(out, it.Metadata.Name)
	}
	return out
}

func TestEntities(t *testing.T) {
	t.Parallel()
	h := newAPI(t, api.Options{})
	tests := []struct {
		name, url string
		want      []string
	}{
		{"one filter ANDs its statements", "/api/catalog/entities?filter=kind=component,spec.type=service", []string{"orders", "payments", "auth-service"}},
		{"filters OR", "/api/catalog/entities?filter=kind=domain&filter=kind=system,metadata.name=checkout", []string{"commerce", "platform", "checkout"}},
		{"a key alone exists", "/api/catalog/entities?filter=kind=component,metadata.labels.acme.example/tier", []string{"orders"}},
		{"values ignore case", "/api/catalog/entities?filter=KIND=Group,metadata.name=PLATFORM-TEAM", []string{"platform-team"}},
		{"order, offset, limit", "/api/catalog/entities?filter=kind=user&order=desc:metadata.name&offset=1&limit=2", []string{"linus", "grace"}},
		{"relations", "/api/catalog/entities?filter=kind=component,relations.ownedBy=group:default/payments-team&order=asc:metadata.name", []string{"ledger", "payments"}},
		{"tags", "/api/catalog/entities?filter=metadata.tags=typescript", []string{"orders"}},
		{"nothing matches", "/api/catalog/entities?filter=kind=nope", []string{}},
		{"limit 0", "/api/catalog/entities?limit=0", []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, body, hdr := do(t, h, call{url: tt.url})
			if code != 200 || !strings.HasPrefix(hdr.Get("Content-Type"), "application/json") {
				t.Fatalf("GET %s = %d %s\n%s", tt.url, code, hdr.Get("Content-Type"), body)
			}
			got := names(t, body)
			if !slices.Equal(got, tt.want) {
				t.Errorf("GET %s names = %q, want %q", tt.url, got, tt.want)
			}
		})
	}
}

func TestEntitiesFields(t *testing.T) {
	t.Parallel()
	h := newAPI(t, api.Options{})
	code, body, _ := do(t, h, call{url: "/api/catalog/entities?filter=metadata.name=orders,kind=component&fields=kind,metadata.name&fields=spec.lifecycle"})
	if code != 200 {
		t.Fatalf("code %d: %s", code, body)
	}
	want := `[{"kind":"Component","metadata":{"name":"orders"},"spec":{"lifecycle":"production"}}]`
	if strings.TrimSpace(string(body)) != want {
		t.Errorf("fields: got %s, want %s", body, want)
	}
}

func TestByNameAndUID(t *testing.T) {
	t.Parallel()
	h := newAPI(t, api.Options{})
	code, body, _ := do(t, h, call{url: "/api/catalog/entities/by-name/component/default/orders"})
	if code != 200 {
		t.Fatalf("by-name = %d %s", code, body)
	}
	var e struct {
		Kind      string
		Metadata  struct{ Name, Namespace, UID, Etag string }
		Relations []struct {
			Type, TargetRef string
			Target          struct{ Kind, Namespace, Name string }
		}
	}
	if err := json.Unmarshal(body, &e); err != nil {
		t.Fatal(err)
	}
	if e.Kind != "Component" || e.Metadata.Namespace != "default" || e.Metadata.UID == "" || e.Metadata.Etag == "" {
		t.Errorf("by-name entity = %+v", e)
	}
	if !slices.ContainsFunc(e.Relations, func(r struct {
		Type, TargetRef string
		Target          struct{ Kind, Namespace, Name string }
	}) bool {
		return r.Type == "ownedBy" && r.TargetRef == "group:default/checkout-team" && r.Target.Name == "checkout-team"
	}) {
		t.Errorf("relations = %+v, want ownedBy group:default/checkout-team", e.Relations)
	}
	code, body2, _ := do(t, h, call{url: "/api/catalog/entities/by-uid/" + e.Metadata.UID})
	if code != 200 || string(body2) != string(body) {
		t.Errorf("by-uid = %d %s, want the by-name entity", code, body2)
	}
}

func TestByQueryCursors(t *testing.T) {
	t.Parallel()
	h := newAPI(t, api.Options{})
	type page struct {
		Items []struct {
			Metadata struct{ Name string }
		}
		TotalItems int
		PageInfo   struct{ NextCursor, PrevCursor string }
	}
	get := func(url string) page {
		t.Helper()
		code, body, _ := do(t, h, call{url: url})
		if code != 200 {
			t.Fatalf("GET %s = %d %s", url, code, body)
		}
		var p page
		if err := json.Unmarshal(body, &p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	var all []string
	p := get("/api/catalog/entities/by-query?filter=kind=user&filter=kind=group&orderField=metadata.name,asc&limit=3&fields=metadata.name")
	if p.TotalItems != 8 || p.PageInfo.PrevCursor != "" {
		t.Fatalf("first page: total %d, prev %q", p.TotalItems, p.PageInfo.PrevCursor)
	}
	var pages int
	for {
		pages++
		for _, it := range p.Items {
			all = append(all, it.Metadata.Name)
		}
		if p.PageInfo.NextCursor == "" {
			break
		}
		next := p.PageInfo.NextCursor
		p = get("/api/catalog/entities/by-query?limit=3&cursor=" + next)
		if p.PageInfo.PrevCursor == "" {
			t.Fatal("a later page has no prevCursor")
		}
		if pages == 1 {
			back := get("/api/catalog/entities/by-query?limit=3&cursor=" + p.PageInfo.PrevCursor)
			if back.Items[0].Metadata.Name != "ada" {
				t.Errorf("prevCursor leads to %q, want the first page", back.Items[0].Metadata.Name)
			}
		}
	}
	want := []string{"ada", "checkout-team", "engineering", "grace", "linus", "margaret", "payments-team", "platform-team"}
	if !slices.Equal(all, want) || pages != 3 {
		t.Errorf("paged through %q in %d pages, want %q in 3", all, pages, want)
	}
	p = get("/api/catalog/entities/by-query?fullTextFilterTerm=orders%20deliv&fields=metadata.name")
	if p.TotalItems != 1 || p.Items[0].Metadata.Name != "orders" {
		t.Errorf("full text: %+v", p)
	}
}

func TestFacetsAndByRefs(t *testing.T) {
	t.Parallel()
	h := newAPI(t, api.Options{})
	code, body, _ := do(t, h, call{url: "/api/catalog/entity-facets?facet=kind&facet=spec.lifecycle&filter=kind=component"})
	if code != 200 {
		t.Fatalf("facets = %d %s", code, body)
	}
	var f struct {
		Facets map[string][]catalog.FacetCount
	}
	if err := json.Unmarshal(body, &f); err != nil {
		t.Fatal(err)
	}
	if got := f.Facets["kind"]; len(got) != 1 || got[0] != (catalog.FacetCount{Value: "Component", Count: 5}) {
		t.Errorf("kind facet = %v", got)
	}
	if len(f.Facets["spec.lifecycle"]) == 0 {
		t.Errorf("no lifecycle facet: %s", body)
	}
	code, body, _ = do(t, h, call{method: "POST", url: "/api/catalog/entities/by-refs", body: `{"entityRefs":["component:default/orders","component:default/nope","group:default/engineering"],"fields":["metadata.name"]}`})
	want := `{"items":[{"metadata":{"name":"orders"}},null,{"metadata":{"name":"engineering"}}]}`
	if code != 200 || strings.TrimSpace(string(body)) != want {
		t.Errorf("by-refs = %d %s, want %s", code, body, want)
	}
}

func TestScores(t *testing.T) {
	t.Parallel()
	h := newAPI(t, api.Options{})
	code, body, _ := do(t, h, call{url: "/api/paved/scores/component:default/orders"})
	if code != 200 {
		t.Fatalf("scores = %d %s", code, body)
	}
	var s api.ScoresResponse
	if err := json.Unmarshal(body, &s); err != nil {
		t.Fatal(err)
	}
	if s.Latest == nil || s.Latest.Level != "silver" || string(s.Latest.Report) != `{"checks":[1]}` || len(s.History) != 2 || s.History[1].Level != "bronze" || s.History[0].Report != nil {
		t.Errorf("scores = %s", body)
	}
	code, body, _ = do(t, h, call{url: "/api/paved/scores/payments"})
	if code != 200 || !strings.Contains(string(body), `"latest":null,"history":[]`) {
		t.Errorf("no scores = %d %s", code, body)
	}
}

// TestBadInput: every bad request is a 4xx in Backstage's error format.
func TestBadInput(t *testing.T) {
	t.Parallel()
	h := newAPI(t, api.Options{})
	tests := []struct {
		name string
		call
		status       int
		errName, msg string
	}{
		{"unknown entity", call{url: "/api/catalog/entities/by-name/component/default/nope"}, 404, "NotFoundError", "No entity named 'nope'"},
		{"unknown uid", call{url: "/api/catalog/entities/by-uid/nope"}, 404, "NotFoundError", "uid nope"},
		{"empty statement", call{url: "/api/catalog/entities?filter=kind=component,,"}, 400, "InputError", "not a valid statement"},
		{"empty key", call{url: "/api/catalog/entities?filter==x"}, 400, "InputError", "not a valid statement"},
		{"bad key", call{url: "/api/catalog/entities?filter=spec..type=x"}, 400, "InputError", "invalid field"},
		{"quote in a key", call{url: "/api/catalog/entities?filter=spec.%22x=1"}, 400, "InputError", "invalid field"},
		{"huge limit", call{url: "/api/catalog/entities?limit=100000000"}, 400, "InputError", "at most 10000"},
		{"negative offset", call{url: "/api/catalog/entities?offset=-1"}, 400, "InputError", "invalid offset"},
		{"limit not a number", call{url: "/api/catalog/entities/by-query?limit=ten"}, 400, "InputError", "invalid limit"},
		{"bad order", call{url: "/api/catalog/entities?order=up:metadata.name"}, 400, "InputError", "invalid order"},
		{"bad orderField", call{url: "/api/catalog/entities/by-query?orderField=metadata.name,sideways"}, 400, "InputError", "invalid orderField"},
		{"after cursor", call{url: "/api/catalog/entities?after=abc"}, 400, "InputError", "not supported"},
		{"malformed cursor", call{url: "/api/catalog/entities/by-query?cursor=%25%25%25"}, 400, "InputError", "malformed cursor"},
		{"cursor with a bad escape", call{url: "/api/catalog/entities/by-query?cursor=a%zz"}, 400, "InputError", "malformed query"},
		{"cursor not base64", call{url: "/api/catalog/entities/by-query?cursor=!!!!"}, 400, "InputError", "malformed cursor"},
		{"cursor not ours", call{url: "/api/catalog/entities/by-query?cursor=eyJ2Ijo5fQ"}, 400, "InputError", "malformed cursor"},
		{"cursor with a filter", call{url: "/api/catalog/entities/by-query?cursor=eyJ2IjoxLCJvZmYiOjB9&filter=kind=x"}, 400, "InputError", "cannot be combined"},
		{"no facet", call{url: "/api/catalog/entity-facets"}, 400, "InputError", "facet"},
		{"by-refs not JSON", call{method: "POST", url: "/api/catalog/entities/by-refs", body: "{"}, 400, "InputError", "not valid JSON"},
		{"by-refs without refs", call{method: "POST", url: "/api/catalog/entities/by-refs", body: "{}"}, 400, "InputError", "entityRefs"},
		{"by-refs bad ref", call{method: "POST", url: "/api/catalog/entities/by-refs", body: `{"entityRefs":["orders"]}`}, 400, "InputError", "entityRefs[0]"},
		{"by-refs huge body", call{method: "POST", url: "/api/catalog/entities/by-refs", body: `{"entityRefs":["` + strings.Repeat("a", 2<<20) + `"]}`}, 413, "InputError", "larger than"},
		{"scores of an unknown entity", call{url: "/api/paved/scores/component:default/nope"}, 404, "NotFoundError", "no entity"},
		{"wrong method", call{method: "DELETE", url: "/api/catalog/entities"}, 405, "NotAllowedError", "use GET"},
		{"unknown endpoint", call{url: "/api/catalog/nothing"}, 404, "NotFoundError", "no API endpoint"},
		{"read-only register", call{method: "POST", url: "/api/catalog/locations", body: `{"type":"url","target":"x"}`}, 403, "NotAllowedError", "read-only"},
		{"read-only refresh", call{method: "POST", url: "/api/paved/refresh"}, 403, "NotAllowedError", "read-only"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, body, _ := do(t, h, tt.call)
			var eb api.ErrorBody
			if err := json.Unmarshal(body, &eb); err != nil {
				t.Fatalf("%s %s: not Backstage's error format: %v\n%s", tt.method, tt.url, err, body)
			}
			if code != tt.status || eb.Response.StatusCode != tt.status || eb.Error.Name != tt.errName || !strings.Contains(eb.Error.Message, tt.msg) {
				t.Errorf("%s %s = %d %s, want %d %s containing %q", tt.method, tt.url, code, body, tt.status, tt.errName, tt.msg)
			}
			if eb.Request.Method == "" || !strings.HasPrefix(eb.Request.URL, "/api/") {
				t.Errorf("request = %+v", eb.Request)
			}
		})
	}
}

func TestWrites(t *testing.T) {
	t.Parallel()
	st := exampleStore(t)
	const token = "0123456789abcdef0123"
	var registered []string
	refreshed := 0
	h := newAPI(t, api.Options{Store: st, Token: token,
		Register: func(ctx context.Context, typ, target string) ([]string, error) {
			registered = append(registered, typ+" "+target)
			return []string{"component:default/orders"}, nil
		},
		Refresh: func(context.Context) error {
			refreshed++
			if refreshed > 1 {
				return api.ErrBusy
			}
			return nil
		},
	})
	auth := map[string]string{"Authorization": "Bearer " + token}
	for _, tt := range []struct {
		name   string
		header map[string]string
		status int
	}{
		{"no token", nil, 401},
		{"wrong token", map[string]string{"Authorization": "Bearer nope"}, 401},
		{"not bearer", map[string]string{"Authorization": "Basic " + token}, 401},
	} {
		code, body, _ := do(t, h, call{method: "POST", url: "/api/paved/refresh", header: tt.header})
		if code != tt.status || !strings.Contains(string(body), "AuthenticationError") {
			t.Errorf("%s: refresh = %d %s", tt.name, code, body)
		}
	}
	code, body, _ := do(t, h, call{method: "POST", url: "/api/catalog/locations", body: `{"type":"url","target":"git::https://example.com/orders.git"}`, header: auth})
	if code != 201 || !strings.Contains(string(body), `"target":"git::https://example.com/orders.git"`) || !strings.Contains(string(body), `"name":"orders"`) {
		t.Errorf("register = %d %s", code, body)
	}
	code, body, _ = do(t, h, call{method: "POST", url: "/api/catalog/locations", body: `{"type":"github-org","target":"x"}`, header: auth})
	if code != 400 {
		t.Errorf("register of an unknown type = %d %s", code, body)
	}
	if len(registered) != 1 {
		t.Errorf("registered %q", registered)
	}
	if code, body, _ = do(t, h, call{method: "POST", url: "/api/paved/refresh", header: auth}); code != 202 {
		t.Errorf("refresh = %d %s", code, body)
	}
	if code, body, _ = do(t, h, call{method: "POST", url: "/api/paved/refresh", header: auth}); code != 409 {
		t.Errorf("second refresh = %d %s, want 409", code, body)
	}
}

// FuzzEntitiesQuery: whatever the filter, fields and order, the real
// store answers 200 or a 4xx, never a 500.
func FuzzEntitiesQuery(f *testing.F) {
	h := newAPI(f, api.Options{})
	for _, s := range []string{"kind=component", "metadata.annotations.backstage.io/x", "spec.x.y=1", "relations.ownedby=group:default/x", "metadata.tags", "spec.'=1", "spec.$=1", "spec.[0]=1", "spec.*=x"} {
		f.Add(s, "metadata.name", "asc:"+strings.SplitN(s, "=", 2)[0])
	}
	f.Fuzz(func(t *testing.T, filter, fields, order string) {
		v := url.Values{"filter": {filter}, "fields": {fields}, "order": {order}}
		for _, u := range []string{"/api/catalog/entities?" + v.Encode(), "/api/catalog/entity-facets?facet=" + url.QueryEscape(fields) + "&filter=" + url.QueryEscape(filter)} {
			code, body, _ := do(t, h, call{url: u})
			if code >= 500 {
				t.Fatalf("GET %s = %d %s", u, code, body)
			}
		}
	})
}
