package scorecard

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseCatalogAndOwners(t *testing.T) {
	t.Parallel()
	c, err := parseCatalog([]byte("apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata: {name: orders-api}\nspec: {owner: group:a}\n---\nkind: Component\nmetadata:\n  name: orders\n  tags: [go]\nspec: {type: service, owner: group:payments}\n"), "catalog-info.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if c.Owner != "group:default/payments" || len(c.Entities) != 2 || c.Entities[1].Tags[0] != "go" {
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

// TestFleetOwnersAreEntityRefs scores a fleet whose catalog files spell one
// team three ways: the summary counts one owner, as the catalog does.
func TestFleetOwnersAreEntityRefs(t *testing.T) {
	t.Parallel()
	catalogFile := func(namespace, owner string) map[string]string {
		meta := "  name: svc\n"
		if namespace != "" {
			meta += "  namespace: " + namespace + "\n"
		}
		return map[string]string{"catalog-info.yaml": "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n" + meta +
			"spec:\n  type: service\n  lifecycle: production\n  owner: " + owner + "\n"}
	}
	fleet := []struct {
		files     map[string]string
		wantOwner string
	}{
		{catalogFile("", "payments-team"), "group:default/payments-team"},
		{catalogFile("", "group:payments-team"), "group:default/payments-team"},
		{catalogFile("", "group:default/payments-team"), "group:default/payments-team"},
		// An owner without a namespace is in the entity's namespace, as in Backstage.
		{catalogFile("finance", "payments-team"), "group:finance/payments-team"},
		{catalogFile("", "User:Alice"), "user:default/Alice"},
	}
	r := mustRubric(t, "production-readiness")
	var results []*Result
	for i, repo := range fleet {
		res := Evaluate(t.Context(), r, mustOpen(t, repoDir(t, repo.files, testNow), ""), Selection{})
		if res.Owner != repo.wantOwner {
			t.Errorf("repo %d: Owner = %q, want %q", i, res.Owner, repo.wantOwner)
		}
		results = append(results, res)
	}
	got := map[string]int{}
	for owner, counts := range NewReport(r, results, testNow).Summary.ByOwner {
		for _, c := range counts {
			got[owner] += c.Repos
		}
	}
	want := map[string]int{"group:default/payments-team": 3, "group:finance/payments-team": 1, "user:default/Alice": 1}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Summary.ByOwner repositories (-want +got):\n%s", diff)
	}
}
