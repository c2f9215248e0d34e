package catalog

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestOracleDifferential mutates valid entities at random (a fixed seed, so
// a failure repeats) and requires paved and Backstage to judge every mutant
// alike. Each disagreement is written to testdata/backstage-edge/found/ so
// that it stays in the corpus once fixed. PAVED_ORACLE_MUTANTS and
// PAVED_ORACLE_SEED change the count and seed.
func TestOracleDifferential(t *testing.T) {
	n := 2000
	if testing.Short() {
		n = 600
	}
	if s := os.Getenv("PAVED_ORACLE_MUTANTS"); s != "" {
		fmt.Sscan(s, &n)
	}
	seed := uint64(11)
	if s := os.Getenv("PAVED_ORACLE_SEED"); s != "" {
		fmt.Sscan(s, &seed)
	}
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	inputs := make([]oracleInput, n)
	for i := range inputs {
		doc := mutate(rng, seedEntity(rng))
		data, err := json.MarshalIndent(doc, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		inputs[i] = oracleInput{Name: fmt.Sprintf("mutant-%d.yaml", i), Text: string(data) + "\n"}
	}
	start := time.Now()
	oracle := runOracle(t, inputs)
	var diffs []disagreement
	for _, in := range inputs {
		ents, err := Parse([]byte(in.Text), ParseOptions{File: in.Name})
		d := compareVerdicts(in.Name, oracle[in.Name], pavedVerdicts(ents, err))
		if len(d) > 0 {
			diffs = append(diffs, d...)
			keepMutant(t, in)
		}
	}
	t.Logf("%d mutants (seed %d) judged in %v: %d disagreements", n, seed, time.Since(start).Round(time.Millisecond), len(diffs))
	for i, d := range diffs {
		if i == 20 {
			t.Errorf("... and %d more", len(diffs)-20)
			break
		}
		t.Error(d)
	}
}

// keepMutant saves a disagreeing mutant as a corpus case.
func keepMutant(t *testing.T, in oracleInput) {
	dir := filepath.Join("testdata", "backstage-edge", "found")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Log(err)
		return
	}
	name := fmt.Sprintf("%x.yaml", hashString(in.Text))
	if err := os.WriteFile(filepath.Join(dir, name), []byte("# found by TestOracleDifferential\n"+in.Text), 0o644); err != nil {
		t.Log(err)
	}
}

func hashString(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * 1099511628211
	}
	return h
}

// seedEntity is a valid entity of a random kind.
func seedEntity(rng *rand.Rand) map[string]any {
	meta := map[string]any{
		"name":        "orders-api",
		"description": "Orders",
		"labels":      map[string]any{"tier": "gold", "paved.dev/team": "payments"},
		"annotations": map[string]any{"github.com/project-slug": "acme/orders"},
		"tags":        []any{"java", "data"},
		"links":       []any{map[string]any{"url": "https://example.com/runbook", "title": "Runbook", "icon": "docs"}},
	}
	specs := []struct {
		apiVersion, kind string
		spec             map[string]any
	}{
		{APIVersion, KindComponent, map[string]any{"type": "service", "lifecycle": "production", "owner": "team", "system": "shop",
			"providesApis": []any{"orders"}, "consumesApis": []any{"api:pay"}, "dependsOn": []any{"resource:db"}, "dependencyOf": []any{"component:web"}, "subcomponentOf": "shop-web"}},
		{APIVersion, KindAPI, map[string]any{"type": "openapi", "lifecycle": "production", "owner": "team", "definition": "openapi: 3.0.0", "system": "shop"}},
		{APIVersionBeta, KindResource, map[string]any{"type": "database", "owner": "group:team", "dependsOn": []any{"resource:disk"}, "system": "shop"}},
		{APIVersion, KindSystem, map[string]any{"owner": "team", "domain": "commerce", "type": "product"}},
		{APIVersion, KindDomain, map[string]any{"owner": "team", "subdomainOf": "business"}},
		{APIVersion, KindGroup, map[string]any{"type": "team", "children": []any{"sub"}, "parent": "org", "members": []any{"jane"},
			"profile": map[string]any{"displayName": "Team", "email": "t@example.com"}}},
		{APIVersion, KindUser, map[string]any{"memberOf": []any{"team"}, "profile": map[string]any{"displayName": "Jane", "picture": "https://x/p.png"}}},
		{APIVersion, KindLocation, map[string]any{"type": "url", "targets": []any{"./a.yaml"}, "presence": "optional"}},
		{APIVersionScaffolder, KindTemplate, map[string]any{"type": "service", "owner": "team", "steps": []any{map[string]any{"id": "f", "action": "fetch:template", "input": map[string]any{"url": "./s"}}},
			"parameters": []any{map[string]any{"title": "P", "properties": map[string]any{"name": map[string]any{"type": "string"}}}},
			"output":     map[string]any{"links": []any{map[string]any{"title": "Repo", "url": "x"}}}}},
	}
	s := specs[rng.IntN(len(specs))]
	return map[string]any{"apiVersion": s.apiVersion, "kind": s.kind, "metadata": meta, "spec": s.spec}
}

// mutantValues are the values a mutation puts in place: near misses of
// every rule.
var mutantValues = []any{
	"", " ", "x", "my--svc", "a_.b", "-x", "x-", "gold__1", "Upper", "has space", "é", "a/b", "a:b", "a:b/c", ":x", "x/", "ns/x",
	"group:team", "user:jane", "component:default/x", "https://example.com", "http://", "not a url", "/docs/runbook", "mailto:a@b",
	"https://example.com:99999", "http://1.2.3.256", "c++", "lang:go", "x--y", "a.b", "required", "optional", "scaffolder.backstage.io/v1beta3",
	"backstage.io/v1alpha1", "backstage.io/v1beta1", "backstage.io/v2", "Component", "component", "Template", "Location", "API",
	strings.Repeat("a", 63), strings.Repeat("a", 64), 0, 1, 3.5, true, false, nil,
	[]any{}, []any{"x"}, []any{""}, []any{1}, []any{"group:team", "x"}, map[string]any{}, map[string]any{"a": "b"},
	map[string]any{"$text": "https://example.com/a.yaml"}, map[string]any{"$json": "https://example.com/a.json"}, map[string]any{"$ref": "#/x"},
	map[string]any{"url": "https://example.com"}, map[string]any{"kind": "Component", "name": "x"},
}

var mutantKeys = []string{"name", "namespace", "title", "description", "labels", "annotations", "tags", "links", "uid", "etag", "foo",
	"relations", "status", "type", "lifecycle", "owner", "system", "definition", "steps", "parameters", "profile", "memberOf", "children",
	"dependsOn", "dependencyOf", "target", "targets", "presence", "url", "icon", "action", "id", "if", "output", "displayName", "tier", "x/y", "a--b"}

// mutate applies one to three random changes: set, delete or add a value
// somewhere in the document.
func mutate(rng *rand.Rand, doc map[string]any) map[string]any {
	for range 1 + rng.IntN(3) {
		mutateAt(rng, doc, 0)
	}
	return doc
}

func mutateAt(rng *rand.Rand, v any, depth int) {
	switch x := v.(type) {
	case map[string]any:
		keys := sortedKeys(x)
		if len(keys) > 0 && rng.IntN(3) > 0 && depth < 4 {
			k := keys[rng.IntN(len(keys))]
			if isContainer(x[k]) && rng.IntN(2) == 0 {
				mutateAt(rng, x[k], depth+1)
				return
			}
			switch rng.IntN(4) {
			case 0:
				delete(x, k)
			default:
				x[k] = cloneValue(mutantValues[rng.IntN(len(mutantValues))])
			}
			return
		}
		x[mutantKeys[rng.IntN(len(mutantKeys))]] = cloneValue(mutantValues[rng.IntN(len(mutantValues))])
	case []any:
		if len(x) == 0 {
			return
		}
		i := rng.IntN(len(x))
		if isContainer(x[i]) && rng.IntN(2) == 0 {
			mutateAt(rng, x[i], depth+1)
			return
		}
		x[i] = cloneValue(mutantValues[rng.IntN(len(mutantValues))])
	}
}

func cloneValue(v any) any {
	data, _ := json.Marshal(v)
	var out any
	_ = json.Unmarshal(data, &out)
	return out
}
