package web

import (
	"fmt"
	"html/template"
	"io/fs"
	"math"
	"net/url"
	"strings"
	"time"

	"github.com/paved-dev/paved/catalog"
)

// parsePages parses every page of pages/ with the base layout.
func parsePages() (map[string]*template.Template, error) {
	names, err := fs.Glob(files, "pages/*.html")
	if err != nil {
		return nil, err
	}
	out := map[string]*template.Template{}
	for _, n := range names {
		if n == "pages/base.html" {
			continue
		}
		t, err := template.New("").Funcs(funcs()).ParseFS(files, "pages/base.html", n)
		if err != nil {
			return nil, fmt.Errorf("web: parse %s: %w", n, err)
		}
		out[strings.TrimSuffix(strings.TrimPrefix(n, "pages/"), ".html")] = t
	}
	return out, nil
}

func funcs() template.FuncMap {
	return template.FuncMap{
		"entityURL": entityURL,
		"teamURL":   teamURL,
		"shortRef":  shortRef,
		"pct":       func(f float64) string { return fmt.Sprintf("%.0f%%", math.Round(f*100)) },
		"date":      func(t time.Time) string { return t.UTC().Format("2006-01-02") },
		"datetime":  func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") },
		"levelName": levelName,
		"add":       func(a, b int) int { return a + b },
		"safeURL":   safeURL,
		"weight":    weight,
	}
}

// entityURL is the page of the entity with reference ref.
func entityURL(ref string) string {
	r, err := catalog.ParseRef(ref, catalog.KindComponent, catalog.DefaultNamespace)
	if err != nil {
		return "/catalog?q=" + url.QueryEscape(ref)
	}
	return "/catalog/" + url.PathEscape(strings.ToLower(r.Kind)) + "/" + url.PathEscape(r.Namespace) + "/" + url.PathEscape(r.Name)
}

// teamURL is the team page of the group with reference ref.
func teamURL(ref string) string {
	r, err := catalog.ParseRef(ref, catalog.KindGroup, catalog.DefaultNamespace)
	if err != nil {
		return "/teams"
	}
	return "/teams/" + url.PathEscape(r.Namespace) + "/" + url.PathEscape(r.Name)
}

// shortRef drops the default namespace and, for kind, the kind.
func shortRef(ref string, kind string) string {
	r, err := catalog.ParseRef(ref, kind, catalog.DefaultNamespace)
	if err != nil {
		return ref
	}
	s := r.Name
	if !strings.EqualFold(r.Namespace, catalog.DefaultNamespace) {
		s = r.Namespace + "/" + s
	}
	if !strings.EqualFold(r.Kind, kind) {
		s = strings.ToLower(r.Kind) + ":" + s
	}
	return s
}

func levelName(l string) string {
	if l == "" {
		return "none"
	}
	return l
}

// safeURL keeps http(s) and mailto links clickable and turns anything
// else (javascript:, data:, relative paths from a stranger's file) into
// "": html/template would neutralise them anyway, but a dead "#ZgotmplZ"
// link is worse than plain text.
func safeURL(s string) string {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil {
		return ""
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https", "mailto":
		return u.String()
	}
	return ""
}
