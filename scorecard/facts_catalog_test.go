package scorecard

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseCatalogAndOwners(t *testing.T) {
	t.Parallel()
	c, err := parseCatalog([]byte("apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata: {name: orders-api}\nspec: {owner: group:a}\n---\nkind: Component\nmetadata:\n  name: orders\n  tags: [go]\nspec: {type: service, owner: group:payments}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Owner != "group:payments" || len(c.Entities) != 2 || c.Entities[1].Tags[0] != "go" {
		t.Errorf("parseCatalog = %+v, want the Component's owner and two entities", c)
	}
	got := parseCodeowners("# comment\n* @acme/a @bob\n/docs/ @acme/docs # docs team\n[Section]\nno-owner\n")
	if diff := cmp.Diff([]string{"@acme/a", "@acme/docs", "@bob"}, got); diff != "" {
		t.Errorf("parseCodeowners (-want +got):\n%s", diff)
	}
	slos, err := parseOpenSLO([]byte("apiVersion: openslo/v1\nkind: Service\nmetadata: {name: s}\n---\napiVersion: openslo/v1\nkind: SLO\nmetadata: {name: avail}\n---\napiVersion: v1\nkind: ConfigMap\n"))
	if err != nil || len(slos) != 2 || slos[1].Kind != "SLO" {
		t.Errorf("parseOpenSLO = %+v, %v; want Service and SLO only", slos, err)
	}
}
