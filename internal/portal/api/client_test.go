package api_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paved-dev/paved/catalog"
	"github.com/paved-dev/paved/internal/portal"
)

const clientDir = "../../../testdata/backstage-client"

var clientSetup struct {
	once sync.Once
	skip string
	err  error
}

// needClient installs the pinned Backstage client once (npm ci) and skips
// only when node is not installed.
func needClient(t *testing.T) {
	t.Helper()
	clientSetup.once.Do(func() {
		if _, err := exec.LookPath("node"); err != nil {
			clientSetup.skip = "node is not installed: Backstage's catalog client cannot run (install Node.js 20 or later)"
			return
		}
		if _, err := os.Stat(filepath.Join(clientDir, "node_modules", "@backstage", "catalog-client")); err == nil {
			return
		}
		npm, err := exec.LookPath("npm")
		if err != nil {
			clientSetup.err = err
			return
		}
		cmd := exec.Command(npm, "ci", "--no-audit", "--no-fund", "--loglevel=error")
		cmd.Dir = clientDir
		if out, err := cmd.CombinedOutput(); err != nil {
			clientSetup.err = &exec.Error{Name: "npm ci in " + clientDir + ": " + string(out), Err: err}
		}
	})
	if clientSetup.skip != "" {
		t.Skip(clientSetup.skip)
	}
	if clientSetup.err != nil {
		t.Fatal(clientSetup.err)
	}
}

// TestBackstageClient runs Backstage's own catalog client against paved
// serve (the whole server, over HTTP) on a real SQLite catalog of
// examples/catalog.
func TestBackstageClient(t *testing.T) {
	needClient(t)
	st := exampleStore(t)
	srv := portal.New(portal.Options{Open: func(context.Context) (catalog.Store, error) { return st, nil }})
	if err := srv.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	cmd := exec.CommandContext(t.Context(), "node", "client.js", ts.URL+"/api/catalog")
	cmd.Dir = clientDir
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node client.js: %v\n%s", err, stderr.String())
	}
	var got map[string]any
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("client output: %v\n%s", err, out)
	}
	var want map[string]any
	if err := json.Unmarshal([]byte(wantClient), &want); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Backstage client results (-want +got):\n%s", diff)
	}
}

const wantClient = `{
  "getEntities": {
    "names": ["Component:identity/auth-service", "Component:default/orders", "Component:default/payments"],
    "keys": ["kind", "metadata"]
  },
  "getEntitiesAnyOf": ["Domain:default/platform", "Domain:default/commerce", "System:default/checkout"],
  "queryEntities": {
    "totalItems": 8,
    "pages": [
      ["User:default/ada", "Group:default/checkout-team", "Group:default/engineering"],
      ["User:default/grace", "User:default/linus", "User:default/margaret"],
      ["Group:default/payments-team", "Group:default/platform-team"]
    ],
    "back": ["User:default/grace", "User:default/linus", "User:default/margaret"]
  },
  "fullText": ["Component:default/orders"],
  "getEntityByRef": {"name": "orders", "uid": "string", "owner": ["group:default/checkout-team"]},
  "getEntityByRefMissing": true,
  "getEntityFacets": {
    "kind": [{"value": "Component", "count": 5}],
    "spec.lifecycle": [{"value": "production", "count": 4}, {"value": "experimental", "count": 1}]
  },
  "getEntitiesByRefs": ["Component:default/orders", null, "Group:default/engineering"],
  "badFilter": {"name": "ResponseError", "cause": "InputError", "status": 400}
}`
