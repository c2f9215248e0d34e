package web

import (
	"strings"
	"testing"
)

func TestPages(t *testing.T) {
	srv, _ := newServer(t)
	for _, tc := range []struct {
		path   string
		status int
		want   []string
	}{
		{"/", 200, []string{"The fleet at a glance", "Services per level", "Most failed checks", "Gained or lost a level", "<svg"}},
		{"/catalog", 200, []string{"Orders service", "of "}},
		{"/catalog?q=orders", 200, []string{"Orders service"}},
		{"/catalog?owner=checkout-team", 200, []string{"Orders service", "owner: checkout-team"}},
		{"/catalog/component/default/orders", 200, []string{"Orders service", "docs/runbook.md", "Orders availability", "99.9%", "28d rolling", "Scorecard", "score-chart", "Orders API", "checkout-team"}},
		{"/catalog/component/default/orders/docs/docs/runbook.md", 200, []string{"kubectl rollout restart"}},
		{"/teams", 200, []string{"Checkout team"}},
		{"/teams/default/checkout-team", 200, []string{"Checkout team", "Orders service"}},
		{"/templates", 200, []string{"paved new go-service"}},
		{"/rubrics", 200, []string{"production-readiness", "readme-run"}},
		{"/catalog/component/default/nope", 404, []string{"no entity component:default/nope"}},
		{"/nowhere", 404, []string{"404"}},
		{"/catalog?page=0", 400, []string{"parameter page"}},
		{"/catalog?page=abc", 400, []string{"parameter page"}},
		{"/catalog?size=100000", 400, []string{"parameter size"}},
		{"/catalog?sort=evil", 400, []string{"unknown sort order"}},
		{"/catalog?dir=sideways", 400, []string{"parameter dir"}},
		{"/catalog?kind=Spaceship", 400, []string{"unknown kind"}},
		{"/catalog?q=" + strings.Repeat("a", 300), 400, []string{"search text"}},
		{"/catalog?q=a&q=b", 400, []string{"given 2 times"}},
		{"/?rubric=nope", 400, []string{"unknown rubric"}},
		{"/catalog/component/default/orders/docs/../../etc/passwd", 404, nil},
		{"/catalog/component/default/orders/docs/secret.txt", 404, []string{"not a document"}},
		{"/teams/default/nope", 404, []string{"no group"}},
	} {
		t.Run(tc.path, func(t *testing.T) {
			status, body := get(t, srv, tc.path)
			if status != tc.status {
				t.Fatalf("GET %s = %d, want %d\n%s", tc.path, status, tc.status, body)
			}
			for _, w := range tc.want {
				if !strings.Contains(body, w) {
					t.Errorf("GET %s: body lacks %q", tc.path, w)
				}
			}
		})
	}
}
