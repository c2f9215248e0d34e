package web

import (
	"regexp"
	"strings"
	"testing"
)

// scriptTag finds a script element or an event handler that came through
// unescaped; the page's own script is loaded by src from /assets.
var (
	scriptTag   = regexp.MustCompile(`(?i)<script(?:\s[^>]*)?>`)
	onHandler   = regexp.MustCompile(`(?i)<[a-z][^>]*\son[a-z]+\s*=`)
	jsURL       = regexp.MustCompile(`(?i)(href|src)\s*=\s*["']?\s*javascript:`)
	ownScriptRe = regexp.MustCompile(`<script src="/assets/search.js" defer>`)
)

func TestHostileStringsAreEscaped(t *testing.T) {
	srv, _ := newServer(t)
	for _, path := range []string{
		"/",
		"/catalog",
		"/catalog?q=evil",
		"/catalog?q=" + "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
		"/catalog/component/default/evil",
		"/catalog/component/default/evil/docs/README.md",
		"/catalog/component/default/orders",
		"/teams/default/checkout-team",
		"/catalog/component/default/%3Cscript%3E",
	} {
		t.Run(path, func(t *testing.T) {
			_, body := get(t, srv, path)
			rest := ownScriptRe.ReplaceAllString(body, "")
			if m := scriptTag.FindString(rest); m != "" {
				t.Errorf("GET %s: unescaped %q in\n%s", path, m, around(rest, m))
			}
			if m := onHandler.FindString(rest); m != "" {
				t.Errorf("GET %s: event handler %q in\n%s", path, m, around(rest, m))
			}
			if m := jsURL.FindString(rest); m != "" {
				t.Errorf("GET %s: javascript: link %q in\n%s", path, m, around(rest, m))
			}
		})
	}
	t.Run("the hostile title is shown as text", func(t *testing.T) {
		_, body := get(t, srv, "/catalog/component/default/evil")
		if !strings.Contains(body, "&lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt;") {
			t.Errorf("the escaped title is missing from the entity page")
		}
	})
	t.Run("a javascript: link is plain text", func(t *testing.T) {
		_, body := get(t, srv, "/catalog/component/default/evil")
		if !strings.Contains(body, "(not a web address)") {
			t.Errorf("the javascript: link is not marked as not a web address")
		}
	})
	t.Run("markdown keeps its tables and drops its scripts", func(t *testing.T) {
		_, body := get(t, srv, "/catalog/component/default/orders")
		if !strings.Contains(body, "<table>") || strings.Contains(body, "alert('readme')</script>") {
			t.Errorf("README rendering: want a table and no script")
		}
		if !strings.Contains(body, `href="/catalog/component/default/orders/docs/docs/runbook.md"`) {
			t.Errorf("README's relative link to docs/runbook.md does not point at the docs page")
		}
	})
}

func around(s, m string) string {
	i := strings.Index(s, m)
	return s[max(0, i-200):min(len(s), i+len(m)+200)]
}
